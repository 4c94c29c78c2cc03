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
#include "cs-metrics-probe.h"
#include "cs-error.h"
#include "cs-headless.h"
#include "cs-call-file.h"
#include "cs-recording-reader.h"

typedef struct
{
  double   worst_up, worst_down;
  double   loss_sum;          /* % samples of the user's current loss */
  double   loss_max;
  guint    loss_n;
  guint    scores;            /* committed seconds with a score */
  guint    up_hist[7], down_hist[7];
} UserTotals;

typedef struct
{
  GMainLoop     *loop;
  CsStatsModel  *model;        /* the controller's */
  FILE          *out;          /* the summary and live log: stdout, or stderr when recording to stdout */
  GHashTable    *totals;       /* uid -> UserTotals* */
  GString       *summary;
  gboolean       failed;
  gboolean       record_failed; /* the recorder failed and said so on stderr */
  gboolean       ended;
  gboolean       any_media;
  guint          errors;
  double         duration;
  CsRecordingReader *import;   /* nullable: the import replayed (borrowed) */
} Run;

static UserTotals *
totals_for (Run *run, const char *uid)
{
  UserTotals *totals = g_hash_table_lookup (run->totals, uid);

  if (totals == NULL)
    {
      totals = g_new0 (UserTotals, 1);
      g_hash_table_insert (run->totals, g_strdup (uid), totals);
    }
  return totals;
}

static void
on_network_quality (CsStatsModel *model, const char *uid, guint up, guint down, Run *run)
{
  UserTotals *totals = totals_for (run, uid);
  CsParticipant *participant = cs_stats_model_lookup (model, uid);

  if (up <= 6)
    totals->up_hist[up]++;
  if (down <= 6)
    totals->down_hist[down]++;
  totals->worst_up = MAX (totals->worst_up, up);
  totals->worst_down = MAX (totals->worst_down, down);
  totals->scores++;
  if (participant != NULL && cs_participant_get_loss (participant) >= 0)
    {
      double loss = cs_participant_get_loss (participant);

      totals->loss_sum += loss;
      totals->loss_max = MAX (totals->loss_max, loss);
      totals->loss_n++;
    }
}

static void
on_exception (CsStatsModel *model, CsExceptionEvent *event, Run *run)
{
  g_fprintf (stderr, "callscope: %6.1f s  %s %u %s (%s)\n", event->t, event->uid, event->code,
             event->msg, cs_exception_code_describe (event->code) ? cs_exception_code_describe (event->code) : "");
}

/* (the controller writes errors and steps into the recording as `event` lines) */
static void
on_session_error (CsCallController *controller, double t, const char *message, Run *run)
{
  run->errors++;
  g_printerr ("callscope: %6.1f s  %s\n", t, message);
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

static void
on_committed (CsStatsModel *model, double t, Run *run)
{
  CsRtcStats rtc;

  /* a publisher alone in a room (or a WHIP call) only sends: that is media too */
  if (cs_stats_model_get_rtc_stats (model, &rtc) && (rtc.RecvBytes > 0 || rtc.SendBytes > 0))
    run->any_media = TRUE;
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

static gboolean
on_signal (gpointer user_data)
{
  Run *run = user_data;

  g_printerr ("callscope: %s\n", _("interrupted, ending the call"));
  g_main_loop_quit (run->loop);
  return G_SOURCE_CONTINUE;
}

static const char *
delay_text (double value, gboolean measured, char *buffer, gsize size)
{
  if (value < 0)
    return "—";
  g_snprintf (buffer, size, "%.1f ms%s", value, measured ? "" : " (est.)");
  return buffer;
}

/* The summary reads what it prints of the Agora stats through the field table, by the names
 * that the table marks as the summary's (CS_AGORA_FIELD_SUMMARY in cs-agora-fields.c). Its
 * sentences are translated whole, so it names its fields instead of walking the table. */
static const CsAgoraField *
summary_field (CsAgoraKind kind, const char *name)
{
  const CsAgoraField *field = name != NULL ? cs_agora_fields_lookup (kind, name) : NULL;

  g_return_val_if_fail (field != NULL && (field->flags & CS_AGORA_FIELD_SUMMARY), NULL);
  return field;
}

static double
summary_value (CsAgoraKind kind, const char *name, gconstpointer stats)
{
  const CsAgoraField *field = summary_field (kind, name);

  return field != NULL ? cs_agora_field_get_double (field, stats) : -1;
}

/* A delay with its Measured flag (the field's companion) */
static const char *
summary_delay (CsAgoraKind kind, const char *name, gconstpointer stats, char *buffer, gsize size)
{
  const CsAgoraField *field = summary_field (kind, name);
  const CsAgoraField *measured = field != NULL ? summary_field (kind, field->companion) : NULL;

  if (measured == NULL)
    return "—";
  return delay_text (cs_agora_field_get_double (field, stats), cs_agora_field_get_boolean (measured, stats),
                     buffer, size);
}

static void
append_histogram (GString *s, const guint *hist)
{
  gboolean first = TRUE;

  for (guint i = 0; i < 7; i++)
    if (hist[i] > 0)
      {
        g_string_append_printf (s, "%s%u×%u", first ? "" : " ", i, hist[i]);
        first = FALSE;
      }
  if (first)
    g_string_append (s, "—");
}

/* Reads everything from the model while the call is still joined. */
static void
build_summary (Run *run)
{
  GString *s = g_string_new (NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (run->model));
  GPtrArray *events = cs_stats_model_get_events (run->model);
  g_autoptr (GHashTable) by_uid = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  g_autoptr (GPtrArray) none = g_ptr_array_new ();
  CsRtcStats rtc;
  char b1[32], b2[32], b3[32];

  g_string_append_printf (s, _("Callscope summary: %.0f s, %u users\n"), cs_stats_model_get_duration (run->model), n);
  if (run->import != NULL)
    {
      const char *browser = cs_recording_reader_get_source_browser (run->import);

      /* TRANSLATORS: "imported: <format> dump of <browser>, <file>, started <ISO time>" */
      g_string_append_printf (s, _("  imported: %s dump of %s, %s, started %s\n"),
                              cs_recording_reader_get_source_format (run->import),
                              *browser != '\0' ? browser : _("an unknown browser"),
                              cs_recording_reader_get_source_file (run->import),
                              cs_recording_reader_get_start_time (run->import));
    }
  /* each user's events, in order: one pass, not one per user */
  for (guint j = 0; events != NULL && j < events->len; j++)
    {
      CsExceptionEvent *e = g_ptr_array_index (events, j);
      GPtrArray *list = g_hash_table_lookup (by_uid, e->uid != NULL ? e->uid : "");

      if (list == NULL)
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (by_uid, e->uid != NULL ? e->uid : "", list);
        }
      g_ptr_array_add (list, e);
    }
  if (cs_stats_model_get_rtc_stats (run->model, &rtc))
    {
      double rtt = summary_value (CS_AGORA_KIND_RTC, "RTT", &rtc);

      if (rtt >= 0)
        g_snprintf (b1, sizeof b1, "%.0f ms", rtt);
      g_string_append_printf (s, _("  call: sent %.0f kbps, received %.0f kbps, RTT %s\n"),
                              summary_value (CS_AGORA_KIND_RTC, "SendBitrate", &rtc) / 1000,
                              summary_value (CS_AGORA_KIND_RTC, "RecvBitrate", &rtc) / 1000, rtt >= 0 ? b1 : "—");
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (CsParticipant) p = g_list_model_get_item (G_LIST_MODEL (run->model), i);
      const char *uid = cs_participant_get_uid (p);
      UserTotals *totals = totals_for (run, uid);
      CsRemoteVideoTrackStats video;
      CsRemoteAudioTrackStats audio;
      guint n_exceptions = 0, n_recovered = 0;
      GPtrArray *mine = g_hash_table_lookup (by_uid, uid);

      const char *name = cs_participant_get_display_name (p);

      /* a server's uid is a number: say whose it is */
      if (name != NULL && *name != '\0' && g_strcmp0 (name, uid) != 0 && !cs_participant_get_is_local (p))
        g_string_append_printf (s, "\n  %s (%s)\n", uid, name);
      else
        g_string_append_printf (s, "\n  %s%s\n", uid, cs_participant_get_is_local (p) ? _(" (you)") : "");
      g_string_append_printf (s, _("    quality now: uplink %u (%s), downlink %u (%s)\n"),
                              cs_participant_get_uplink_quality (p),
                              cs_quality_score_label (cs_participant_get_uplink_quality (p)),
                              cs_participant_get_downlink_quality (p),
                              cs_quality_score_label (cs_participant_get_downlink_quality (p)));
      g_string_append (s, _("    uplink scores (score×seconds): "));
      append_histogram (s, totals->up_hist);
      g_string_append (s, _("; downlink: "));
      append_histogram (s, totals->down_hist);
      g_string_append_c (s, '\n');
      if (totals->loss_n > 0)
        g_string_append_printf (s, _("    loss: mean %.1f %%, worst %.1f %%\n"),
                                totals->loss_sum / totals->loss_n, totals->loss_max);
      if (cs_participant_get_rtt (p) >= 0)
        g_string_append_printf (s, _("    RTT %.0f ms, jitter %.1f ms\n"), cs_participant_get_rtt (p),
                                MAX (0, cs_participant_get_jitter (p)));
      if (!cs_participant_get_is_local (p) &&
          cs_stats_model_get_remote_video_stats_for (run->model, uid, &video))
        {
          const CsAgoraKind v = CS_AGORA_KIND_REMOTE_VIDEO;

          g_string_append_printf (s, _("    video received: transport %s, receive %s, end-to-end %s\n"),
                                  summary_delay (v, "transportDelay", &video, b1, sizeof b1),
                                  summary_delay (v, "receiveDelay", &video, b2, sizeof b2),
                                  summary_delay (v, "end2EndDelay", &video, b3, sizeof b3));
          g_string_append_printf (s, _("      %.0f fps, %u×%u, loss %.1f %% (whole call), frozen %.1f s (%.1f %%)\n"),
                                  MAX (0, summary_value (v, "renderFrameRate", &video)),
                                  (guint) summary_value (v, "receiveResolutionWidth", &video),
                                  (guint) summary_value (v, "receiveResolutionHeight", &video),
                                  MAX (0, summary_value (v, "packetLossRate", &video)),
                                  MAX (0, summary_value (v, "totalFreezeTime", &video)),
                                  MAX (0, summary_value (v, "freezeRate", &video)));
        }
      if (!cs_participant_get_is_local (p) &&
          cs_stats_model_get_remote_audio_stats_for (run->model, uid, &audio))
        g_string_append_printf (s, _("    audio received: end-to-end %s, loss %.1f %% (whole call), level %.0f\n"),
                                summary_delay (CS_AGORA_KIND_REMOTE_AUDIO, "end2EndDelay", &audio, b1, sizeof b1),
                                MAX (0, summary_value (CS_AGORA_KIND_REMOTE_AUDIO, "packetLossRate", &audio)),
                                MAX (0, summary_value (CS_AGORA_KIND_REMOTE_AUDIO, "receiveLevel", &audio)));

      if (mine == NULL)
        mine = none;
      for (guint j = 0; j < mine->len; j++)
        {
          CsExceptionEvent *e = g_ptr_array_index (mine, j);

          if (e->is_recovery)
            n_recovered++;
          else
            n_exceptions++;
        }
      g_string_append_printf (s, _("    exceptions: %u raised, %u recovered\n"), n_exceptions, n_recovered);
      for (guint j = 0; j < mine->len; j++)
        {
          CsExceptionEvent *e = g_ptr_array_index (mine, j);

          g_string_append_printf (s, "      %6.1f s  %u %s\n", e->t, e->code, e->msg);
        }
    }
  if (run->errors > 0)
    g_string_append_printf (s, _("\n  %u faults reported during the call (see above)\n"), run->errors);
  run->summary = s;
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
  g_signal_connect (run->model, "network-quality", G_CALLBACK (on_network_quality), run);
  g_signal_connect (run->model, "exception", G_CALLBACK (on_exception), run);
  if (!cs_call_controller_replay (controller, reader, config->record, &error))
    {
      g_printerr ("callscope: %s\n", error->message);
      status = 2;
    }
  else
    {
      /* the reader leaves the call after the last sample: the participants keep their last values */
      build_summary (run);
      status = close_recorder (controller, run);
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
         error->domain == G_FILE_ERROR || error->domain == G_IO_ERROR ? 2 : 1;
}

int
cs_headless_run (const CsCallConfig *config)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  g_autoptr (CsCallController) controller = NULL;
  g_autoptr (GHashTable) totals = NULL;
  CsStatsModel *model;
  guint sigint, sigterm;
  Run run = { 0 };
  int status = 0;
  g_autoptr (CsMetricsServer) metrics = NULL;

  gst_init (NULL, NULL);
  /* a file size limit (ulimit -f) is a full disk for the recorder: an error it reports,
   * not a signal that kills the call */
  signal (SIGXFSZ, SIG_IGN);
  run.out = config->record != NULL && g_str_equal (config->record, "-") ? stderr : stdout;
  totals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  run.totals = totals;
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
  g_signal_connect (model, "network-quality", G_CALLBACK (on_network_quality), &run);
  g_signal_connect (model, "exception", G_CALLBACK (on_exception), &run);
  g_signal_connect (model, "committed", G_CALLBACK (on_committed), &run);
  g_signal_connect (controller, "error", G_CALLBACK (on_session_error), &run);
  g_signal_connect (controller, "step", G_CALLBACK (on_step), &run);
  g_signal_connect (controller, "ended", G_CALLBACK (on_ended), &run);
  g_signal_connect (controller, "record-failed", G_CALLBACK (on_record_failed), &run);

  if (!cs_call_controller_start (controller, config, &error))
    {
      g_printerr ("callscope: %s\n", error->message);
      g_signal_handlers_disconnect_by_data (model, &run);
      g_signal_handlers_disconnect_by_data (controller, &run);
      return start_status (error);
    }

  /* without a duration (or 0) the call runs until SIGINT or SIGTERM */
  if (config->duration > 0)
    g_timeout_add ((guint) MIN (config->duration * 1000, G_MAXUINT), on_duration, &run);
  sigint = g_unix_signal_add (SIGINT, on_signal, &run);
  sigterm = g_unix_signal_add (SIGTERM, on_signal, &run);
  g_main_loop_run (loop);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  g_source_remove_by_user_data (&run);

  if (cs_stats_model_get_state (model) == CS_CALL_STATE_JOINED)
    build_summary (&run);
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
