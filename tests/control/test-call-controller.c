/* test-call-controller.c — CsCallController: starting, refusing, recording and replaying calls
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The controller is what the window and the headless mode share. These tests need no
 * media: a refused call never starts one, and a replay runs without an engine (the lab
 * call through the controller is tested end to end by tests/engine and test-window).
 * The asynchronous replay is judged by what it did (its lines, its progress, the model it
 * leaves), never by how long it took.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <string.h>

#include "cs-call-controller.h"
#include "cs-dump-import.h"
#include "cs-error.h"
#include "cs-internals-dump.h"
#include "cs-long-recording.h"

static char *
tmp_dir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("cs-controller-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
test_mode_names (void)
{
  /* one table: what recordings and the window say of each mode */
  g_assert_cmpstr (cs_call_mode_name (CS_CALL_MODE_LAB), ==, "lab");
  g_assert_cmpstr (cs_call_mode_name (CS_CALL_MODE_JANUS), ==, "janus");
  g_assert_cmpstr (cs_call_mode_name (CS_CALL_MODE_WHIP), ==, "whip");
  g_assert_cmpstr (cs_call_mode_name (CS_CALL_MODE_WHEP), ==, "whep");
  g_assert_cmpstr (cs_call_mode_name (CS_CALL_MODE_REPLAY), ==, "replay");
}

/* A call that cannot start says why, and nothing runs or records afterwards. */
static void
test_refused (void)
{
  g_autoptr (CsCallController) controller = cs_call_controller_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = tmp_dir ();
  g_autofree char *unwritable = g_build_filename (dir, "no", "such", "dir", "call.jsonl", NULL);
  CsCallConfig config;

  cs_call_config_init (&config);
  config.scenario = g_strdup ("no-such-preset");
  g_assert_false (cs_call_controller_start (controller, &config, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_SCENARIO);
  g_assert_false (cs_call_controller_get_running (controller));
  g_assert_null (cs_call_controller_get_session (controller));
  g_clear_error (&error);
  g_clear_pointer (&config.scenario, g_free);

  /* a recording that cannot be written: the call does not start without it */
  config.record = g_strdup (unwritable);
  g_assert_false (cs_call_controller_start (controller, &config, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == G_FILE_ERROR || error->domain == G_IO_ERROR);
  g_assert_false (cs_call_controller_get_running (controller));
  g_assert_false (cs_call_controller_get_recording (controller));
  g_assert_cmpint (cs_stats_model_get_state (cs_call_controller_get_model (controller)), !=, CS_CALL_STATE_JOINED);
  cs_call_config_clear (&config);
  g_rmdir (dir);
}

/* An import's peer connections come with it; a recording has none; a call starting empties them. */
static void
test_connections (void)
{
  g_autoptr (CsCallController) controller = cs_call_controller_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *dump_path = g_build_filename (CS_TEST_DUMPS, "handmade-chrome144-internals.txt", NULL);
  g_autofree char *fixture = g_build_filename (CS_TEST_RECORDINGS, "lab-wifi-lossy.jsonl", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (fixture);
  g_autofree char *contents = NULL;
  g_autoptr (CsDump) dump = NULL;
  g_autoptr (CsRecordingReader) import = NULL;
  g_autoptr (CsRecordingReader) recording = NULL;
  GListModel *connections = cs_call_controller_get_connections (controller);
  g_autoptr (CsConnectionInfo) info = NULL;
  CsCallConfig config;
  gsize length;

  g_assert_true (g_list_model_get_item_type (connections) == CS_TYPE_CONNECTION_INFO);
  g_assert_cmpuint (g_list_model_get_n_items (connections), ==, 0);
  g_assert_true (g_file_get_contents (dump_path, &contents, &length, &error));
  dump = cs_internals_dump_parse (contents, length, &error);
  g_assert_no_error (error);
  import = cs_dump_import (dump, dump_path, &error);
  g_assert_no_error (error);
  g_assert_true (cs_call_controller_replay (controller, import, NULL, &error));
  g_assert_cmpuint (g_list_model_get_n_items (connections), ==, 1);
  info = g_list_model_get_item (connections, 0);
  g_assert_cmpstr (cs_connection_info_get_key (info), ==, "9-1");

  recording = cs_recording_reader_new_from_file (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cs_call_controller_replay (controller, recording, NULL, &error));
  g_assert_cmpuint (g_list_model_get_n_items (connections), ==, 0);

  g_assert_true (cs_call_controller_replay (controller, import, NULL, &error));
  g_assert_cmpuint (g_list_model_get_n_items (connections), ==, 1);
  cs_call_config_init (&config);
  config.scenario = g_strdup ("no-such-preset");   /* refused, but after the replay ended */
  g_assert_false (cs_call_controller_start (controller, &config, &error));
  g_clear_error (&error);
  cs_call_config_clear (&config);
  g_assert_cmpuint (g_list_model_get_n_items (connections), ==, 0);
}

static char **
read_lines (const char *path)
{
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return g_strsplit (text, "\n", -1);
}

/* A replay through the controller records the same lines as the recording it replays
 * (but the free-form `event` lines and the header), in mode "replay". */
static void
test_replay_records (void)
{
  g_autoptr (CsCallController) controller = cs_call_controller_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *fixture = g_build_filename (CS_TEST_RECORDINGS, "lab-wifi-lossy.jsonl", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (fixture);
  g_autoptr (CsRecordingReader) reader = cs_recording_reader_new_from_file (file, NULL, &error);
  g_autofree char *dir = tmp_dir ();
  g_autofree char *out = g_build_filename (dir, "replay.jsonl", NULL);
  g_auto (GStrv) a = NULL;
  g_auto (GStrv) b = NULL;
  guint j = 1, compared = 0;

  g_assert_no_error (error);
  g_assert_true (cs_call_controller_replay (controller, reader, out, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (cs_call_controller_get_mode_name (controller), ==, "replay");
  g_assert_cmpstr (cs_call_controller_get_record_path (controller), ==, out);
  g_assert_false (cs_call_controller_get_running (controller));
  g_assert_true (cs_call_controller_stop_recording (controller, &error));
  g_assert_no_error (error);
  g_assert_false (cs_call_controller_get_recording (controller));

  a = read_lines (fixture);
  b = read_lines (out);
  g_assert_nonnull (strstr (b[0], "\"mode\":\"replay\""));
  for (guint i = 1; a[i] != NULL; i++)
    {
      if (a[i][0] == '\0' || g_str_has_prefix (a[i], "{\"type\":\"event\""))
        continue;
      g_assert_nonnull (b[j]);
      g_assert_cmpstr (a[i], ==, b[j]);
      j++;
      compared++;
    }
  g_assert_cmpuint (compared, >, 500);
  g_unlink (out);
  g_rmdir (dir);
}

/* Every line of @path but the header and the free-form `event` lines. */
static GPtrArray *
output_lines (const char *path)
{
  g_auto (GStrv) lines = read_lines (path);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 1; lines[i] != NULL; i++)
    if (lines[i][0] != '\0' && !g_str_has_prefix (lines[i], "{\"type\":\"event\""))
      g_ptr_array_add (out, g_strdup (lines[i]));
  return out;
}

static void
assert_same_lines (GPtrArray *a, GPtrArray *b)
{
  for (guint i = 0; i < MIN (a->len, b->len); i++)
    g_assert_cmpstr (g_ptr_array_index (a, i), ==, g_ptr_array_index (b, i));
  g_assert_cmpuint (a->len, ==, b->len);
}

typedef struct
{
  GMainLoop    *loop;
  gboolean      done;
  gboolean      ok;
  GError       *error;
  char        **warnings;
  GArray       *progress;  /* double: every "replay-progress" notified */
  GCancellable *cancel_at_ingest; /* nullable: cancelled once the model is being fed */
  gboolean      end_call_at_ingest;
  gboolean      seen_partial_model;
} Replay;

static void
replay_init (Replay *r)
{
  memset (r, 0, sizeof *r);
  r->loop = g_main_loop_new (NULL, FALSE);
  r->progress = g_array_new (FALSE, FALSE, sizeof (double));
}

static void
replay_clear (Replay *r)
{
  g_main_loop_unref (r->loop);
  g_array_unref (r->progress);
  g_clear_error (&r->error);
  g_strfreev (r->warnings);
}

static void
replayed_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Replay *r = data;

  r->ok = cs_call_controller_replay_finish (CS_CALL_CONTROLLER (source), result, &r->warnings, &r->error);
  r->done = TRUE;
  g_main_loop_quit (r->loop);
}

static void
progress_cb (CsCallController *controller, GParamSpec *pspec, Replay *r)
{
  double p = cs_call_controller_get_replay_progress (controller);
  CsStatsModel *model = cs_call_controller_get_model (controller);

  g_array_append_val (r->progress, p);
  /* fed in part, the model is a call in progress */
  if (cs_stats_model_get_state (model) == CS_CALL_STATE_JOINED && cs_stats_model_get_duration (model) > 10)
    {
      r->seen_partial_model = TRUE;
      if (r->cancel_at_ingest != NULL)
        g_cancellable_cancel (r->cancel_at_ingest);
      if (r->end_call_at_ingest)
        {
          r->end_call_at_ingest = FALSE;
          cs_call_controller_end_call (controller);
        }
    }
}

static void
replay_async (CsCallController *controller, const char *path, const char *record, GCancellable *cancellable,
              Replay *r)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  gulong id = g_signal_connect (controller, "notify::replay-progress", G_CALLBACK (progress_cb), r);

  cs_call_controller_replay_async (controller, file, record, cancellable, replayed_cb, r);
  g_assert_true (cs_call_controller_get_replaying (controller));
  if (!r->done)
    g_main_loop_run (r->loop);
  g_signal_handler_disconnect (controller, id);
  g_assert_true (r->done);
  g_assert_false (cs_call_controller_get_replaying (controller));
}

/* The replay's GTask is gone once the worker thread let it go: the main loop iterates until then. */
static void
wait_for_task_freed (CsCallController *controller)
{
  /* the task holds the controller: a weak reference tells when the last task let it go */
  g_object_add_weak_pointer (G_OBJECT (controller), (gpointer *) &controller);
  g_object_unref (controller);
  while (controller != NULL)
    g_main_context_iteration (NULL, TRUE);
}

/* The asynchronous replay records the lines of the synchronous one, bit for bit, and its
 * progress rises from 0 to 1. */
static void
test_replay_async (void)
{
  g_autoptr (CsCallController) sync = cs_call_controller_new (NULL);
  CsCallController *async = cs_call_controller_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *fixture = g_build_filename (CS_TEST_RECORDINGS, "lab-wifi-lossy.jsonl", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (fixture);
  g_autoptr (CsRecordingReader) reader = cs_recording_reader_new_from_file (file, NULL, &error);
  g_autofree char *dir = tmp_dir ();
  g_autofree char *out_sync = g_build_filename (dir, "sync.jsonl", NULL);
  g_autofree char *out_async = g_build_filename (dir, "async.jsonl", NULL);
  g_autoptr (GPtrArray) a = NULL;
  g_autoptr (GPtrArray) b = NULL;
  g_autoptr (GPtrArray) c = NULL;
  Replay r;

  g_assert_no_error (error);
  g_assert_true (cs_call_controller_replay (sync, reader, out_sync, &error));
  g_assert_true (cs_call_controller_stop_recording (sync, &error));
  g_assert_no_error (error);

  replay_init (&r);
  replay_async (async, fixture, out_async, NULL, &r);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  g_assert_nonnull (r.warnings);
  g_assert_cmpuint (g_strv_length (r.warnings), ==, 0);
  g_assert_cmpstr (cs_call_controller_get_mode_name (async), ==, "replay");
  g_assert_cmpint (cs_stats_model_get_state (cs_call_controller_get_model (async)), ==, CS_CALL_STATE_LEFT);
  g_assert_cmpfloat (cs_stats_model_get_duration (cs_call_controller_get_model (async)), ==,
                     cs_stats_model_get_duration (cs_call_controller_get_model (sync)));
  g_assert_true (cs_call_controller_stop_recording (async, &error));
  g_assert_no_error (error);

  a = output_lines (fixture);
  b = output_lines (out_sync);
  c = output_lines (out_async);
  g_assert_cmpuint (b->len, >, 500);
  assert_same_lines (a, b);
  assert_same_lines (b, c);

  /* notified from 0, rising, ending at 1: reading, then feeding the model */
  g_assert_cmpuint (r.progress->len, >=, 3);
  g_assert_cmpfloat (g_array_index (r.progress, double, 0), ==, 0);
  for (guint i = 1; i < r.progress->len; i++)
    g_assert_cmpfloat (g_array_index (r.progress, double, i), >=, g_array_index (r.progress, double, i - 1));
  g_assert_cmpfloat (g_array_index (r.progress, double, r.progress->len - 1), ==, 1);
  g_assert_cmpfloat (cs_call_controller_get_replay_progress (async), ==, 1);
  replay_clear (&r);

  wait_for_task_freed (async);
  g_unlink (out_sync);
  g_unlink (out_async);
  g_rmdir (dir);
}

/* Cancelled while it feeds the model (by its cancellable, or by ending the call): the model
 * has the seconds fed so far and left the call; the recording ends with the leave. */
static void
test_replay_cancel (void)
{
  g_autofree char *fixture = g_build_filename (CS_TEST_RECORDINGS, "lab-wifi-lossy.jsonl", NULL);
  g_autofree char *dir = tmp_dir ();
  g_autofree char *long_path = g_build_filename (dir, "long.jsonl", NULL);
  g_autofree char *out = g_build_filename (dir, "out.jsonl", NULL);

  cs_long_recording_write (fixture, 600, long_path);
  for (guint how = 0; how < 2; how++)
    {
      CsCallController *controller = cs_call_controller_new (NULL);
      CsStatsModel *model = cs_call_controller_get_model (controller);
      g_autoptr (GCancellable) cancellable = g_cancellable_new ();
      g_autoptr (GError) error = NULL;
      g_auto (GStrv) lines = NULL;
      double duration;
      guint n;
      Replay r;

      replay_init (&r);
      if (how == 0)
        r.cancel_at_ingest = cancellable;
      else
        r.end_call_at_ingest = TRUE;
      replay_async (controller, long_path, out, cancellable, &r);
      g_assert_true (r.seen_partial_model);
      g_assert_false (r.ok);
      g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_null (r.warnings);
      duration = cs_stats_model_get_duration (model);
      g_assert_cmpfloat (duration, >, 10);
      g_assert_cmpfloat (duration, <, 600);
      g_assert_cmpint (cs_stats_model_get_state (model), ==, CS_CALL_STATE_LEFT);
      g_assert_cmpfloat (cs_call_controller_get_replay_progress (controller), <, 1);
      for (guint i = 1; i < r.progress->len; i++)
        g_assert_cmpfloat (g_array_index (r.progress, double, i), >=, g_array_index (r.progress, double, i - 1));
      g_assert_true (cs_call_controller_stop_recording (controller, &error));
      g_assert_no_error (error);
      lines = read_lines (out);
      n = g_strv_length (lines);
      g_assert_cmpuint (n, >, 2);
      g_assert_true (g_str_has_prefix (lines[n - 2], "{\"type\":\"leave\""));
      replay_clear (&r);

      /* the controller replays again afterwards, to the end */
      replay_init (&r);
      replay_async (controller, fixture, NULL, NULL, &r);
      g_assert_no_error (r.error);
      g_assert_cmpint (cs_stats_model_get_state (model), ==, CS_CALL_STATE_LEFT);
      g_assert_cmpfloat (cs_stats_model_get_duration (model), <, 30);
      replay_clear (&r);
      wait_for_task_freed (controller);
    }
  g_unlink (long_path);
  g_unlink (out);
  g_rmdir (dir);
}

/* Cancelled while the file is read (before the model is touched): the model stays as it was. */
static void
test_replay_cancel_reading (void)
{
  CsCallController *controller = cs_call_controller_new (NULL);
  g_autofree char *fixture = g_build_filename (CS_TEST_RECORDINGS, "lab-wifi-lossy.jsonl", NULL);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GFile) file = g_file_new_for_path (fixture);
  Replay r;

  replay_init (&r);
  cs_call_controller_replay_async (controller, file, NULL, cancellable, replayed_cb, &r);
  g_cancellable_cancel (cancellable);
  g_main_loop_run (r.loop);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (cs_stats_model_get_state (cs_call_controller_get_model (controller)), ==, CS_CALL_STATE_IDLE);
  g_assert_false (cs_call_controller_get_replaying (controller));
  replay_clear (&r);

  /* a second replay cancels the first one */
  replay_init (&r);
  {
    Replay second;

    replay_init (&second);
    cs_call_controller_replay_async (controller, file, NULL, NULL, replayed_cb, &r);
    cs_call_controller_replay_async (controller, file, NULL, NULL, replayed_cb, &second);
    g_main_loop_run (second.loop);
    g_assert_true (r.done);
    g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_no_error (second.error);
    g_assert_cmpint (cs_stats_model_get_state (cs_call_controller_get_model (controller)), ==, CS_CALL_STATE_LEFT);
    replay_clear (&second);
  }
  replay_clear (&r);
  wait_for_task_freed (controller);
}

/* A line broken in the middle: the error names it, and the lines before it were replayed
 * as the synchronous replay of the file cut there replays them. */
static void
test_replay_broken (void)
{
  CsCallController *controller = cs_call_controller_new (NULL);
  g_autoptr (CsCallController) sync = cs_call_controller_new (NULL);
  CsStatsModel *model = cs_call_controller_get_model (controller);
  g_autofree char *fixture = g_build_filename (CS_TEST_RECORDINGS, "lab-wifi-lossy.jsonl", NULL);
  g_autofree char *dir = tmp_dir ();
  g_autofree char *broken = g_build_filename (dir, "broken.jsonl", NULL);
  g_autofree char *cut = g_build_filename (dir, "cut.jsonl", NULL);
  g_autofree char *out = g_build_filename (dir, "out.jsonl", NULL);
  g_autofree char *out_cut = g_build_filename (dir, "out-cut.jsonl", NULL);
  g_auto (GStrv) lines = read_lines (fixture);
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (GString) head = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (CsRecordingReader) reader = NULL;
  g_autoptr (GFile) cut_file = NULL;
  g_autoptr (GPtrArray) a = NULL;
  g_autoptr (GPtrArray) b = NULL;
  Replay r;

  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      if (i < 499)
        g_string_append_printf (head, "%s\n", lines[i]);
      /* line 500 (1-based) is broken */
      g_string_append_printf (text, "%s\n", i == 499 ? "{\"type\":\"sample\",\"t\":" : lines[i]);
    }
  g_assert_true (g_file_set_contents (broken, text->str, text->len, NULL));
  g_assert_true (g_file_set_contents (cut, head->str, head->len, NULL));

  replay_init (&r);
  replay_async (controller, broken, out, NULL, &r);
  g_assert_false (r.ok);
  g_assert_error (r.error, CS_ERROR, CS_ERROR_INVALID_RECORDING);
  g_assert_true (g_str_has_prefix (r.error->message, "Line 500:"));
  g_assert_cmpint (cs_stats_model_get_state (model), ==, CS_CALL_STATE_LEFT);
  g_assert_cmpfloat (cs_stats_model_get_duration (model), >, 5);
  g_assert_true (cs_call_controller_stop_recording (controller, &error));
  g_assert_no_error (error);
  replay_clear (&r);

  cut_file = g_file_new_for_path (cut);
  reader = cs_recording_reader_new_from_file (cut_file, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cs_call_controller_replay (sync, reader, out_cut, &error));
  g_assert_true (cs_call_controller_stop_recording (sync, &error));
  g_assert_no_error (error);
  a = output_lines (out_cut);
  b = output_lines (out);
  g_assert_cmpuint (a->len, >, 200);
  assert_same_lines (a, b);

  /* a file that is neither a recording nor a dump replays nothing (cs-call-file.c tells it) */
  g_assert_true (g_file_set_contents (broken, "not json\n", -1, NULL));
  replay_init (&r);
  replay_async (controller, broken, NULL, NULL, &r);
  g_assert_error (r.error, CS_ERROR, CS_ERROR_INVALID_DUMP);
  g_assert_cmpint (cs_stats_model_get_state (model), ==, CS_CALL_STATE_LEFT);
  g_assert_cmpfloat (cs_stats_model_get_duration (model), >, 5);
  replay_clear (&r);

  wait_for_task_freed (controller);
  g_unlink (broken);
  g_unlink (cut);
  g_unlink (out);
  g_unlink (out_cut);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/call-controller/mode-names", test_mode_names);
  g_test_add_func ("/call-controller/refused", test_refused);
  g_test_add_func ("/call-controller/replay-records", test_replay_records);
  g_test_add_func ("/call-controller/connections", test_connections);
  g_test_add_func ("/call-controller/replay-async", test_replay_async);
  g_test_add_func ("/call-controller/replay-cancel", test_replay_cancel);
  g_test_add_func ("/call-controller/replay-cancel-reading", test_replay_cancel_reading);
  g_test_add_func ("/call-controller/replay-broken", test_replay_broken);
  return g_test_run ();
}
