/* cs-headless.c — a call without a window: scripts and pre-call checks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib-unix.h>
#include <glib/gprintf.h>
#include <glib/gi18n.h>
#include <gst/gst.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>

#include "cs-agora-fields.h"
#include "cs-call-controller.h"
#include "cs-call-export.h"
#include "cs-metrics-probe.h"
#include "cs-error.h"
#include "cs-headless.h"
#include "cs-call-compare.h"
#include "cs-call-file.h"
#include "cs-scenario-maker.h"
#include "cs-summary-text.h"
#include "cs-recording-reader.h"

/* How long a call on the media clock waits for media before its --duration runs anyway
 * (the lab's scenario clock waits as long) */
#define CS_HEADLESS_MEDIA_WAIT_S 30

typedef struct
{
  GMainLoop     *loop;
  CsStatsModel  *model;        /* the controller's */
  FILE          *out;          /* the summary and live log: stdout, or stderr when recording to stdout */
  GString       *summary;
  gboolean       failed;
  gboolean       record_failed; /* the recorder failed and said so on stderr */
  gboolean       ended;
  gboolean       any_media;
  guint          errors;
  guint          duration_id;  /* the --duration timer, once it runs */
  guint          duration_ms;  /* 0 = none; with a scenario on the media clock it starts with the media */
  double         duration;
  CsRecordingReader *import;   /* nullable: the import replayed (borrowed) */
} Run;

static void
on_exception (CsStatsModel *model, CsExceptionEvent *event, Run *run)
{
  const char *describe = cs_exception_code_describe (event->code);

  g_fprintf (stderr, "callscope: %6.1f s  %s %u %s (%s%s%s)\n", event->t, event->uid, event->code,
             event->msg, describe != NULL ? describe : "", event->detail != NULL ? ": " : "",
             event->detail != NULL ? event->detail : "");
}

/* (the controller writes errors and steps into the recording as `event` lines) */
static void
on_session_error (CsCallController *controller, double t, const char *message, Run *run)
{
  run->errors++;
  g_printerr ("callscope: %6.1f s  %s\n", t, message);
}

/* A call whose server was lost (or joined again): it goes on (cs-call-controller-retry.c) */
static void
on_server_state (CsCallController *controller, double t, gboolean up, const char *message, Run *run)
{
  g_printerr ("callscope: %6.1f s  %s %s\n", t, up ? _("up:") : _("down:"), message);
}

static void
on_step (CsCallController *controller, double t, const char *uid, const char *text, Run *run)
{
  g_printerr ("callscope: %6.1f s  %s impairment %s\n", t, *uid ? uid : "every remote user", text);
}

/* The recording stopped (a full disk): say so now (the controller logged it in the model's
 * events) and go on with the call; the exit status will be 1. */
static void
on_record_failed (CsCallController *controller, const GError *error, Run *run)
{
  run->record_failed = TRUE;
  g_printerr ("callscope: %6.1f s  %s\n", cs_stats_model_get_duration (run->model), error->message);
  g_printerr ("callscope: %s\n", _("the recording stopped here; the call goes on"));
}

/* After the call: the recorder's error, unless on_record_failed() said it already. */
static int
close_recorder (CsCallController *controller, Run *run)
{
  g_autoptr (GError) error = NULL;

  if (!cs_call_controller_get_recording (controller) || cs_call_controller_stop_recording (controller, &error))
    return 0;
  if (!run->record_failed)
    g_printerr ("callscope: %s\n", error->message);
  return 1;
}

static void
print_warnings (CsRecordingReader *reader)
{
  GPtrArray *warnings = cs_recording_reader_get_warnings (reader);

  for (guint i = 0; i < warnings->len; i++)
    g_printerr ("callscope: %s\n", (const char *) g_ptr_array_index (warnings, i));
}

static void
on_ended (CsCallController *controller, gboolean failed, Run *run)
{
  run->ended = TRUE;
  run->failed |= failed;
  g_main_loop_quit (run->loop);
}

static void start_duration (Run *run);

static void
on_committed (CsStatsModel *model, double t, Run *run)
{
  /* a publisher alone in a room (or a WHIP call) only sends: that is media too */
  if (cs_stats_model_get_has_media (model))
    {
      run->any_media = TRUE;
      start_duration (run);
    }
}

static void
on_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
on_duration (gpointer user_data)
{
  Run *run = user_data;

  g_main_loop_quit (run->loop);
  return G_SOURCE_REMOVE;
}

static void
start_duration (Run *run)
{
  if (run->duration_ms > 0 && run->duration_id == 0)
    run->duration_id = g_timeout_add (run->duration_ms, on_duration, run);
}

/* A scenario on the media clock whose media never comes still ends */
static gboolean
on_media_wait (gpointer user_data)
{
  start_duration (user_data);
  return G_SOURCE_REMOVE;
}

static gboolean
on_signal (gpointer user_data)
{
  Run *run = user_data;

  g_printerr ("callscope: %s\n", _("interrupted, ending the call"));
  g_main_loop_quit (run->loop);
  return G_SOURCE_CONTINUE;
}

/* SIGINT or SIGTERM while the call waits for the Camera portal's answer: it does not start */
static gboolean
on_start_signal (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_CONTINUE;
}

/* Reads everything from the model while the call is still joined. */
static void
build_summary (Run *run, CsCallController *controller, gboolean anonymise)
{
  g_autofree char *source = NULL;
  g_autofree char *text = NULL;
  CsExportCall call;

  cs_call_export_describe (controller, anonymise, &call, &source);
  text = cs_summary_text (&call, run->import, run->errors);
  run->summary = g_string_new (text);
}

/* --report, --csv, --charts: after the call, from what the model and its digest kept.
 * Returns 1 when one could not be written (said on stderr), else 0. */
static int
write_export (const char *path, GBytes *bytes, GError *error)
{
  g_autoptr (GFile) file = g_file_new_for_commandline_arg (path);

  if (bytes != NULL &&
      g_file_replace_contents (file, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL, FALSE,
                               G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, &error))
    {
      g_bytes_unref (bytes);
      return 0;
    }
  {
    g_autofree char *display = g_file_get_parse_name (file);

    g_printerr ("callscope: %s: %s\n", display, error->message);
  }
  g_clear_pointer (&bytes, g_bytes_unref);
  g_error_free (error);
  return 1;
}

static int
write_exports (const CsCallConfig *config, CsCallController *controller)
{
  GError *error = NULL;
  int status = 0;

  if (config->report != NULL)
    {
      GBytes *bytes = cs_call_export_report (controller, config->anonymise, NULL, TRUE, &error);

      status |= write_export (config->report, bytes, error);
      error = NULL;
    }
  if (config->csv != NULL)
    {
      GBytes *bytes = cs_call_export_csv (controller, config->anonymise, &error);

      status |= write_export (config->csv, bytes, error);
      error = NULL;
    }
  if (config->charts_dir != NULL &&
      !cs_call_export_charts (controller, config->anonymise, NULL, TRUE, config->charts_dir, NULL, &error))
    {
      g_printerr ("callscope: %s\n", error->message);
      g_error_free (error);
      status = 1;
    }
  return status;
}

/* Returns 2 when the recording (or the one to write) cannot be opened, before any summary;
 * else the summary is built in @run and the status is 0, or 1 when writing failed. */
static int
run_replay (const CsCallConfig *config, CsCallController *controller, Run *run)
{
  g_autoptr (GFile) file = g_file_new_for_commandline_arg (config->replay_file);
  g_autoptr (GError) error = NULL;
  g_autoptr (CsRecordingReader) reader = cs_call_file_read (file, NULL, NULL, NULL, NULL, &error);
  int status = 0;

  if (reader == NULL)
    {
      g_autofree char *display = g_file_get_parse_name (file);

      g_printerr ("callscope: %s: %s\n", display, error->message);
      /* a valid dump with nothing to score is not the user's mistake */
      return g_error_matches (error, CS_ERROR, CS_ERROR_NO_CALL) ? 1 : 2;
    }
  if (g_strcmp0 (cs_recording_reader_get_mode (reader), "import") == 0)
    run->import = reader;
  /* what the reader tolerated (a truncated last line, unknown lines): docs/recording-format.md */
  print_warnings (reader);

  g_signal_connect (controller, "record-failed", G_CALLBACK (on_record_failed), run);
  g_signal_connect (run->model, "exception", G_CALLBACK (on_exception), run);
  if (!cs_call_controller_replay (controller, reader, config->record, &error))
    {
      g_printerr ("callscope: %s\n", error->message);
      status = 2;
    }
  else
    {
      /* the reader leaves the call after the last sample: the participants keep their last values */
      build_summary (run, controller, config->anonymise);
      status = close_recorder (controller, run);
      if (write_exports (config, controller) != 0)
        status = 1;
    }
  g_signal_handlers_disconnect_by_data (run->model, run);
  g_signal_handlers_disconnect_by_data (controller, run);
  return status;
}

/* The exit status of a call that could not start: 2 for what the user asked wrongly (an
 * option, a scenario, a recording that cannot be written), 1 for the call itself. */
static int
start_status (const GError *error)
{
  return g_error_matches (error, CS_ERROR, CS_ERROR_INVALID_OPTION) ||
         g_error_matches (error, CS_ERROR, CS_ERROR_INVALID_SCENARIO) ||
         error->domain == G_FILE_ERROR ||
         (error->domain == G_IO_ERROR && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) ? 2 : 1;
}

/* --compare: 0 when the reproduction agrees, 1 when it differs, 2 when a file cannot be read */
static int
run_compare (const CsCallConfig *config)
{
  g_autoptr (GFile) original = g_file_new_for_commandline_arg (config->compare_original);
  g_autoptr (GFile) with = g_file_new_for_commandline_arg (config->compare_with);
  g_autoptr (GError) error = NULL;
  g_autoptr (CsCompareResult) result = cs_call_compare_files (original, with, &error);
  g_autofree char *text = NULL;

  if (result == NULL)
    {
      g_printerr ("callscope: %s\n", error->message);
      return 2;
    }
  text = cs_compare_result_describe (result);
  fputs (text, stdout);
  return result->passed ? 0 : 1;
}

/* --make-scenario: 0 when written, 2 when the call cannot be read or the scenario written */
static int
run_make_scenario (const CsCallConfig *config)
{
  g_autoptr (GFile) call = g_file_new_for_commandline_arg (config->make_scenario);
  g_autoptr (GError) error = NULL;
  g_autofree char *json = NULL;
  guint users = 0;

  json = cs_scenario_make (call, &users, &error);
  if (json == NULL)
    {
      g_autofree char *display = g_file_get_parse_name (call);

      g_printerr ("callscope: %s: %s\n", display, error->message);
      return 2;
    }
  if (config->output == NULL || g_str_equal (config->output, "-"))
    {
      fputs (json, stdout);
      fputc ('\n', stdout);
      return 0;
    }
  {
    g_autoptr (GFile) out = g_file_new_for_commandline_arg (config->output);
    g_autofree char *display = g_file_get_parse_name (out);

    if (!g_file_replace_contents (out, json, strlen (json), NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL,
                                  NULL, &error))
      {
        g_printerr ("callscope: %s: %s\n", display, error->message);
        return 2;
      }
    /* TRANSLATORS: "wrote <file>: a lab scenario for <n> users; play it with --scenario=<file>" */
    g_printerr (_("callscope: wrote %s: a lab scenario for %u users; play it with --scenario=%s\n"), display, users,
                display);
  }
  return 0;
}

int
cs_headless_run (const CsCallConfig *config)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  g_autoptr (CsCallController) controller = NULL;
  CsStatsModel *model;
  guint sigint, sigterm;
  Run run = { 0 };
  int status = 0;
  gboolean started;
  g_autoptr (CsMetricsServer) metrics = NULL;

  if (config->compare_original != NULL)
    return run_compare (config);
  if (config->make_scenario != NULL)
    return run_make_scenario (config);
  gst_init (NULL, NULL);
  /* a file size limit (ulimit -f) is a full disk for the recorder: an error it reports,
   * not a signal that kills the call */
  signal (SIGXFSZ, SIG_IGN);
  run.out = config->record != NULL && g_str_equal (config->record, "-") ? stderr : stdout;
  /* no settings: a headless call runs with the default thresholds, and the STUN/TURN
   * servers the command line (or cs-application.c) gave it */
  controller = cs_call_controller_new (NULL);
  model = cs_call_controller_get_model (controller);
  run.model = model;
  metrics = cs_metrics_probe_start_headless (model, config);
  if (config->metrics != NULL && metrics == NULL)
    return 2;

  if (config->mode == CS_CALL_MODE_REPLAY)
    {
      status = run_replay (config, controller, &run);
      if (run.summary != NULL)
        {
          fputs (run.summary->str, run.out);
          g_string_free (run.summary, TRUE);
        }
      return status;
    }

  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;
  g_signal_connect (model, "exception", G_CALLBACK (on_exception), &run);
  g_signal_connect (model, "committed", G_CALLBACK (on_committed), &run);
  g_signal_connect (controller, "error", G_CALLBACK (on_session_error), &run);
  g_signal_connect (controller, "step", G_CALLBACK (on_step), &run);
  g_signal_connect (controller, "server-state", G_CALLBACK (on_server_state), &run);
  g_signal_connect (controller, "ended", G_CALLBACK (on_ended), &run);
  g_signal_connect (controller, "record-failed", G_CALLBACK (on_record_failed), &run);

  /* inside the sandbox the Camera portal is asked first: the main context runs meanwhile */
  {
    g_autoptr (GAsyncResult) result = NULL;
    g_autoptr (GCancellable) cancellable = g_cancellable_new ();
    guint start_int = g_unix_signal_add (SIGINT, on_start_signal, cancellable);
    guint start_term = g_unix_signal_add (SIGTERM, on_start_signal, cancellable);

    cs_call_controller_start_async (controller, config, cancellable, on_result, &result);
    while (result == NULL)
      g_main_context_iteration (NULL, TRUE);
    g_source_remove (start_int);
    g_source_remove (start_term);
    started = cs_call_controller_start_finish (controller, result, &error);
  }
  if (!started)
    {
      g_printerr ("callscope: %s\n", error->message);
      g_signal_handlers_disconnect_by_data (model, &run);
      g_signal_handlers_disconnect_by_data (controller, &run);
      return start_status (error);
    }

  /* without a duration (or 0) the call runs until SIGINT or SIGTERM */
  if (config->duration > 0)
    {
      run.duration_ms = (guint) MIN (config->duration * 1000, G_MAXUINT);
      /* a scenario on the media clock lasts its duration from the media, as it was made */
      if (config->duration_from_media)
        g_timeout_add_seconds (CS_HEADLESS_MEDIA_WAIT_S, on_media_wait, &run);
      else
        start_duration (&run);
    }
  sigint = g_unix_signal_add (SIGINT, on_signal, &run);
  sigterm = g_unix_signal_add (SIGTERM, on_signal, &run);
  g_main_loop_run (loop);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  g_source_remove_by_user_data (&run);

  if (cs_stats_model_get_state (model) == CS_CALL_STATE_JOINED)
    build_summary (&run, controller, config->anonymise);
  /* the recording ends after the call, so that it has the leave; the process waits for
   * the hang-up a server is owed (a WHIP DELETE, 2 s at most) */
  {
    g_autoptr (GAsyncResult) result = NULL;
    g_autoptr (GError) bye_error = NULL;

    cs_call_controller_end_call_async (controller, NULL, on_result, &result);
    while (result == NULL)
      g_main_context_iteration (NULL, TRUE);
    if (!cs_call_controller_end_call_finish (controller, result, &bye_error))
      g_printerr ("callscope: %s\n", bye_error->message);
  }
  g_signal_handlers_disconnect_by_data (model, &run);
  if (close_recorder (controller, &run) != 0)
    status = 1;
  if (write_exports (config, controller) != 0)
    status = 1;
  g_signal_handlers_disconnect_by_data (controller, &run);
  if (run.summary != NULL)
    {
      fputs (run.summary->str, run.out);
      fflush (run.out);
      g_string_free (run.summary, TRUE);
    }
  if (run.failed || !run.any_media)
    {
      g_printerr ("callscope: %s\n", run.failed ? _("the call failed") : _("no media was received during the call"));
      status = 1;
    }
  return status;
}
