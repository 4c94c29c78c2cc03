/* bench-lab.c — what a lab call costs: CPU share and peak memory for 1, 3 and 6 users
 * over a 30 s call, and the cost of the stats path (get-stats → samples → model) per
 * second next to get-stats itself. Prints figures; asserts nothing about speed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * BENCH_LAB_SECONDS overrides the call length (default 30).
 */
#include "config.h"

#include <gst/gst.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cs-lab-call.h"
#include "cs-stats-model.h"

static void
bench_call (guint users, double seconds)
{
  g_autofree char *duration = g_strdup_printf ("--duration=%g", seconds);
  g_autofree char *n = g_strdup_printf ("--users=%u", users);
  const char *argv[] = { CALLSCOPE_BINARY, "--headless", duration, n, NULL };
  g_autoptr (GError) error = NULL;
  struct rusage usage;
  gint64 start = g_get_monotonic_time ();
  double wall, cpu;
  GPid pid;
  int status = 0;

  if (!g_spawn_async (NULL, (char **) argv, NULL,
                      G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                      NULL, NULL, &pid, &error))
    g_error ("%s", error->message);
  if (wait4 (pid, &status, 0, &usage) < 0)
    g_error ("wait4 failed");
  wall = (g_get_monotonic_time () - start) / 1e6;
  cpu = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
  g_print ("lab call, %u users, %.0f s: CPU %.1f s = %.0f %% of one core (%.0f %% of 2 cores), peak RSS %.0f MB, exit %d\n",
           users, seconds, cpu, 100 * cpu / wall, 50 * cpu / wall, usage.ru_maxrss / 1024.0,
           WIFEXITED (status) ? WEXITSTATUS (status) : -1);
}

static gboolean
quit_loop (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static void
bench_stats_path (guint users, double seconds)
{
  CsCallConfig config;
  g_autoptr (GError) error = NULL;
  g_autoptr (CsLabCall) call = NULL;
  g_autoptr (CsStatsModel) model = cs_stats_model_new ();
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  guint polls = 0;
  gint64 get_stats_us = 0, convert_us = 0, ingest_us = 0;

  cs_call_config_init (&config);
  config.users = users;
  call = cs_lab_call_new (&config, &error);
  g_assert_no_error (error);
  cs_call_session_start (CS_CALL_SESSION (call), model, &error);
  g_assert_no_error (error);
  g_timeout_add ((guint) (seconds * 1000), quit_loop, loop);
  g_main_loop_run (loop);
  cs_stats_poller_get_costs (cs_lab_call_get_poller (call), &polls, &get_stats_us, &convert_us, &ingest_us);
  cs_call_session_stop (CS_CALL_SESSION (call));
  cs_stats_model_leave (model);
  cs_call_config_clear (&config);
  if (polls == 0)
    return;
  g_print ("stats path, %u users (%u webrtcbins), %u polls: per second get-stats %.2f ms (webrtcbin, wall time to reply), "
           "conversion %.3f ms, bus hand-off + ingest + commit %.3f ms; path after get-stats = %.0f %% of get-stats\n",
           users, 2 * users, polls, get_stats_us / 1000.0 / polls, convert_us / 1000.0 / polls,
           ingest_us / 1000.0 / polls, 100.0 * (convert_us + ingest_us) / MAX (1, get_stats_us));
}

int
main (int argc, char **argv)
{
  const char *env = g_getenv ("BENCH_LAB_SECONDS");
  double seconds = env != NULL ? g_ascii_strtod (env, NULL) : 30;
  const guint sizes[] = { 1, 3, 6 };

  gst_init (&argc, &argv);
  if (!(seconds > 0))
    seconds = 30;
  g_print ("# machine: %ld cores\n", sysconf (_SC_NPROCESSORS_ONLN));
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    bench_call (sizes[i], seconds);
  bench_stats_path (3, MIN (seconds, 15));
  return EXIT_SUCCESS;
}
