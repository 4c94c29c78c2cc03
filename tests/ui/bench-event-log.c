/* bench-event-log.c — the event log's first frame with 2000 entries, and a window replaying an hour
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two figures (a benchmark, not a test):
 * - a CsEventLog the size it has in the window (610 × 450), shown, then given N entries of
 *   every kind (exceptions and their recoveries, joins and leaves, connection lines): the
 *   time to append them, then the time until the frame clock has painted a frame with them
 *   (measure, allocate, snapshot), and the same after a change of filter; median of ROUNDS;
 * - a CsWindow (1600 × 1000) replaying a one-hour recording (cs-long-recording.c): the
 *   longest gap between two dispatches of a 1 ms timeout, the total time, the entries logged.
 * `bench-event-log log` or `bench-event-log replay` runs only one.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "cs-event-log.h"
#include "cs-long-recording.h"
#include "cs-test-paint.h"
#include "cs-window.h"

#define N_ENTRIES 2000
#define ROUNDS    5

/* @n entries as a call makes them: for each user in turn an exception, later its recovery,
 * now and then a join, a leave or a connection line */
static void
feed (CsEventLog *log, guint n)
{
  static const guint codes[] = { 1001, 2001, 5001, 5002, 5003 };
  guint added = 0;

  for (guint i = 0; added < n; i++)
    {
      g_autofree char *uid = g_strdup_printf ("user-%u", i % 3 + 1);
      CsExceptionEvent raise = { i * 3.0, codes[i % G_N_ELEMENTS (codes)], NULL, uid, FALSE, i * 3.0, 0, 1 };
      CsExceptionEvent recover = raise;

      cs_event_log_add_exception (log, &raise);
      added++;
      if (added < n)
        {
          recover.t = i * 3.0 + 2;
          recover.code += CS_EXCEPTION_RECOVERY_OFFSET;
          recover.is_recovery = TRUE;
          recover.duration = 2;
          cs_event_log_add_exception (log, &recover);
          added++;
        }
      if (added < n && i % 10 == 0)
        {
          cs_event_log_add_presence (log, i * 3.0 + 1, uid, i % 20 == 0);
          added++;
        }
      if (added < n && i % 15 == 0)
        {
          cs_event_log_add_connection (log, i * 3.0 + 1, uid, "ICE connection state: checking");
          added++;
        }
    }
}

static int
compare (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *v, guint n)
{
  qsort (v, n, sizeof *v, compare);
  return v[n / 2];
}

static void
bench_log (void)
{
  double append[ROUNDS], frame[ROUNDS], filter[ROUNDS], total[ROUNDS];

  for (guint r = 0; r < ROUNDS; r++)
    {
      GtkWidget *window = gtk_window_new ();
      GtkWidget *log = cs_event_log_new ();
      gint64 t0, t1, t2, t3;

      gtk_window_set_default_size (GTK_WINDOW (window), 610, 450);
      gtk_window_set_child (GTK_WINDOW (window), log);
      gtk_window_present (GTK_WINDOW (window));
      cs_test_wait_for_paint (window);
      cs_test_wait_for_paint (window);

      t0 = g_get_monotonic_time ();
      feed (CS_EVENT_LOG (log), N_ENTRIES);
      t1 = g_get_monotonic_time ();
      cs_test_wait_for_paint (window);
      t2 = g_get_monotonic_time ();
      g_assert_cmpuint (g_list_model_get_n_items (cs_event_log_get_all (CS_EVENT_LOG (log))), ==, N_ENTRIES);

      cs_event_log_set_filter (CS_EVENT_LOG (log), "user-2", -1);
      cs_test_wait_for_paint (window);
      cs_event_log_set_filter (CS_EVENT_LOG (log), NULL, -1);
      cs_test_wait_for_paint (window);
      t3 = g_get_monotonic_time ();

      append[r] = (t1 - t0) / 1e3;
      frame[r] = (t2 - t1) / 1e3;
      total[r] = (t2 - t0) / 1e3;
      filter[r] = (t3 - t2) / 1e3;
      gtk_window_destroy (GTK_WINDOW (window));
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  g_print ("event log, %d entries, 610x450, median of %d: append %.1f ms, then first frame %.1f ms "
           "(append + frame %.1f ms); filter to one user and back, two frames %.1f ms\n",
           N_ENTRIES, ROUNDS, median (append, ROUNDS), median (frame, ROUNDS), median (total, ROUNDS),
           median (filter, ROUNDS));
}

typedef struct
{
  gint64 last, longest, longest_at;
  guint  over_50ms;
} Watch;

static gboolean
tick_cb (gpointer data)
{
  Watch *w = data;
  gint64 now = g_get_monotonic_time ();

  if (w->last != 0 && now - w->last > w->longest)
    {
      w->longest = now - w->last;
      w->longest_at = now;
    }
  if (w->last != 0 && now - w->last > 50000)
    w->over_50ms++;
  w->last = now;
  return G_SOURCE_CONTINUE;
}

static void
bench_replay (void)
{
  g_autofree char *dir = g_dir_make_tmp ("cs-bench-log-XXXXXX", NULL);
  g_autofree char *fixture = g_build_filename (CS_TEST_RECORDINGS, "lab-wifi-lossy.jsonl", NULL);
  g_autofree char *path = g_build_filename (dir, "hour.jsonl", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  CsWindow *window;
  Watch w = { 0 };
  gint64 start, ended, total;
  guint tick, entries;

  cs_long_recording_write (fixture, 3600, path);
  window = g_object_ref_sink (cs_window_new (NULL));
  gtk_window_set_default_size (GTK_WINDOW (window), 1600, 1000);
  gtk_window_present (GTK_WINDOW (window));
  cs_test_wait_for_paint (GTK_WIDGET (window));

  tick = g_timeout_add (1, tick_cb, &w);
  start = g_get_monotonic_time ();
  cs_window_open_recording (window, file);
  while (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "cancel-replay"))
    g_main_context_iteration (NULL, TRUE);
  ended = g_get_monotonic_time ();
  /* the views after the end of the replay, painted */
  cs_test_wait_for_paint (GTK_WIDGET (window));
  total = g_get_monotonic_time () - start;
  g_source_remove (tick);
  entries = g_list_model_get_n_items (cs_event_log_get_all (cs_window_get_event_log (window)));
  g_print ("window replaying one hour (%u log entries), 1600x1000: %.2f s in all, longest main-loop stall %.1f ms "
           "(%s, %.1f s from the start), %u stalls over 50 ms\n",
           entries, total / 1e6, w.longest / 1e3, w.longest_at > ended ? "after the replay" : "during the replay",
           (w.longest_at - start) / 1e6, w.over_50ms);

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  if (!gtk_init_check ())
    {
      g_print ("bench-event-log: no display, skipped (run under xvfb-run)\n");
      return 77;
    }
  adw_init ();
  /* "log" or "replay" runs one of the two */
  if (argc < 2 || g_strcmp0 (argv[1], "log") == 0)
    bench_log ();
  if (argc < 2 || g_strcmp0 (argv[1], "replay") == 0)
    bench_replay ();
  return 0;
}
