/* bench-replay.c — the longest main-loop stall and the total time of replaying a one-hour recording
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Makes an hour of the 3-user lab-wifi-lossy call (cs-long-recording.c), then replays it
 * into a controller three ways, in one run: synchronously (read, then
 * cs_call_controller_replay(): the main loop stalls for all of it), and with
 * cs_call_controller_replay_async() while a 1 ms timeout measures the longest gap between
 * two main-loop dispatches. Without views: the window's own costs (the event log's rows,
 * redraws) come on top (docs/recording-format.md, Replaying). Prints figures; fails only
 * if the replays differ.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>

#include "cs-call-controller.h"
#include "cs-long-recording.h"

typedef struct
{
  GMainLoop *loop;
  gint64     last, longest;
} Watch;

static gboolean
tick_cb (gpointer data)
{
  Watch *w = data;
  gint64 now = g_get_monotonic_time ();

  if (w->last != 0 && now - w->last > w->longest)
    w->longest = now - w->last;
  w->last = now;
  return G_SOURCE_CONTINUE;
}

static void
done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Watch *w = data;
  g_autoptr (GError) error = NULL;

  g_assert_true (cs_call_controller_replay_finish (CS_CALL_CONTROLLER (source), result, NULL, &error));
  g_assert_no_error (error);
  g_main_loop_quit (w->loop);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cs-bench-replay-XXXXXX", &error);
  g_autofree char *fixture = g_build_filename (CS_TEST_RECORDINGS, "lab-wifi-lossy.jsonl", NULL);
  g_autofree char *path = g_build_filename (dir, "hour.jsonl", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (CsCallController) sync = cs_call_controller_new (NULL);
  g_autoptr (CsCallController) async = cs_call_controller_new (NULL);
  g_autoptr (CsRecordingReader) reader = NULL;
  Watch w = { g_main_loop_new (NULL, FALSE), 0, 0 };
  gint64 start, read, fed, total;
  guint tick;

  g_assert_no_error (error);
  cs_long_recording_write (fixture, 3600, path);

  start = g_get_monotonic_time ();
  reader = cs_recording_reader_new_from_file (file, NULL, &error);
  g_assert_no_error (error);
  read = g_get_monotonic_time () - start;
  cs_call_controller_replay (sync, reader, NULL, &error);
  fed = g_get_monotonic_time () - start - read;
  printf ("replay of %.0f s (%u samples): sync: read %.2f s + fed %.2f s = %.2f s, all of it one main-loop stall\n",
          cs_recording_reader_get_duration (reader), cs_recording_reader_get_samples (reader)->len,
          read / 1e6, fed / 1e6, (read + fed) / 1e6);
  g_clear_object (&reader);

  tick = g_timeout_add (1, tick_cb, &w);
  start = g_get_monotonic_time ();
  cs_call_controller_replay_async (async, file, NULL, NULL, done_cb, &w);
  g_main_loop_run (w.loop);
  total = g_get_monotonic_time () - start;
  g_source_remove (tick);
  printf ("replay: async: %.2f s in all, longest main-loop stall %.1f ms\n", total / 1e6, w.longest / 1e3);

  g_assert_cmpfloat (cs_stats_model_get_duration (cs_call_controller_get_model (sync)), ==,
                     cs_stats_model_get_duration (cs_call_controller_get_model (async)));
  g_main_loop_unref (w.loop);
  g_unlink (path);
  g_rmdir (dir);
  return 0;
}
