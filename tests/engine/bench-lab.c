/* bench-lab.c — what a lab call costs: CPU share and peak memory for 1, 3 and 6 users
 * over a 30 s call, next to the CPU of its codec work alone (the same test sources, VP8 and
 * Opus encoders and decoders with the same caps and settings in a plain pipeline, no WebRTC)
 * and the lab's CPU as a multiple of it; and the cost of the stats path (get-stats →
 * samples → model) per second next to get-stats itself. Prints figures; asserts nothing
 * about speed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * BENCH_LAB_SECONDS overrides the call length (default 30).
 */
#include "config.h"

#include <gst/gst.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cs-lab-call.h"
#include "cs-lab-call-private.h"
#include "cs-stats-model.h"

/* the steady state: CPU is compared after this many seconds of a call */
#define SETTLE_S 8

/* utime + stime of @pid, seconds; < 0 if it is gone */
static double
cpu_seconds (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *stat = NULL;
  g_auto (GStrv) fields = NULL;
  const char *after;

  if (!g_file_get_contents (path, &stat, NULL, NULL) || (after = strrchr (stat, ')')) == NULL)
    return -1;
  fields = g_strsplit (after + 2, " ", -1);
  if (g_strv_length (fields) < 13)
    return -1;
  /* after the name: state is field 3, utime 14, stime 15 */
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) / sysconf (_SC_CLK_TCK);
}

static double
rusage_seconds (const struct rusage *usage)
{
  return usage->ru_utime.tv_sec + usage->ru_utime.tv_usec / 1e6 + usage->ru_stime.tv_sec + usage->ru_stime.tv_usec / 1e6;
}

/* The codec work of a lab call with @users remote users, in this process: each of the
 * users + 1 senders' test sources and encoders (as cs-lab-pipeline.c builds them), and as
 * many decoders as the lab runs (the local user decodes every remote user, each remote user
 * the local one: 2 × @users of each), no RTP, no WebRTC. Returns its CPU share of one core
 * over @seconds after SETTLE_S. */
static double
bench_codecs (guint users, double seconds)
{
  g_autoptr (GString) desc = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GstElement) pipeline = NULL;
  struct rusage r0, r1;
  gint64 t0, t1;

  for (guint u = 0; u <= users; u++)
    {
      /* the local user's streams go to every remote user, a remote user's to the local one */
      guint receivers = u == 0 ? users : 1;

      g_string_append_printf (desc,
                              "videotestsrc is-live=true pattern=%s horizontal-speed=%d ! "
                              "video/x-raw,format=I420,width=%d,height=%d,framerate=%d/1 ! "
                              "queue max-size-buffers=2 leaky=downstream ! "
                              "vp8enc deadline=1 cpu-used=8 threads=1 end-usage=cbr target-bitrate=%d "
                              "keyframe-max-dist=150 error-resilient=partitions ! tee name=v%u ",
                              (const char *[]) { "ball", "smpte", "pinwheel", "spokes", "gradient", "circular", "bar" }[u % 7],
                              u == 1 ? 0 : 2, VIDEO_WIDTH, VIDEO_HEIGHT, VIDEO_FPS, VIDEO_KBPS * 1000, u);
      g_string_append_printf (desc,
                              "audiotestsrc is-live=true wave=sine freq=%u volume=0.3 samplesperbuffer=960 ! "
                              "audio/x-raw,rate=48000,channels=1 ! opusenc bitrate=%d ! tee name=a%u ",
                              330 + 110 * u, AUDIO_KBPS * 1000, u);
      for (guint r = 0; r < receivers; r++)
        g_string_append_printf (desc,
                                "v%u. ! queue ! vp8dec threads=1 ! videoconvert ! fakesink sync=false async=false "
                                "a%u. ! queue ! opusdec plc=true ! audioconvert ! fakesink sync=false async=false ",
                                u, u);
    }
  pipeline = gst_parse_launch (desc->str, &error);
  if (pipeline == NULL)
    {
      g_print ("codec work alone, %u users: cannot build the pipeline: %s\n", users, error->message);
      return -1;
    }
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  g_usleep (SETTLE_S * G_USEC_PER_SEC);
  getrusage (RUSAGE_SELF, &r0);
  t0 = g_get_monotonic_time ();
  g_usleep ((gulong) (seconds * G_USEC_PER_SEC));
  getrusage (RUSAGE_SELF, &r1);
  t1 = g_get_monotonic_time ();
  gst_element_set_state (pipeline, GST_STATE_NULL);
  return (rusage_seconds (&r1) - rusage_seconds (&r0)) / ((t1 - t0) / 1e6);
}

/* A headless lab call through the binary: prints its CPU over its life and returns its
 * share of one core in the steady state (after SETTLE_S, to a second before its end). */
static double
bench_call (guint users, double seconds)
{
  g_autofree char *duration = g_strdup_printf ("--duration=%g", seconds);
  g_autofree char *n = g_strdup_printf ("--users=%u", users);
  const char *argv[] = { CALLSCOPE_BINARY, "--headless", duration, n, NULL };
  g_autoptr (GError) error = NULL;
  struct rusage usage;
  gint64 start = g_get_monotonic_time ();
  double wall, cpu, cpu0 = -1, cpu1 = -1;
  gint64 wall0 = 0, wall1 = 0;
  GPid pid;
  int status = 0;

  if (!g_spawn_async (NULL, (char **) argv, NULL,
                      G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                      NULL, NULL, &pid, &error))
    g_error ("%s", error->message);
  if (seconds > SETTLE_S + 2)
    {
      g_usleep (SETTLE_S * G_USEC_PER_SEC);
      cpu0 = cpu_seconds (pid);
      wall0 = g_get_monotonic_time ();
      g_usleep ((gulong) ((seconds - SETTLE_S - 1) * G_USEC_PER_SEC));
      cpu1 = cpu_seconds (pid);
      wall1 = g_get_monotonic_time ();
    }
  if (wait4 (pid, &status, 0, &usage) < 0)
    g_error ("wait4 failed");
  wall = (g_get_monotonic_time () - start) / 1e6;
  cpu = rusage_seconds (&usage);
  g_print ("lab call, %u users, %.0f s: CPU %.1f s = %.0f %% of one core (%.0f %% of 2 cores), peak RSS %.0f MB, exit %d\n",
           users, seconds, cpu, 100 * cpu / wall, 50 * cpu / wall, usage.ru_maxrss / 1024.0,
           WIFEXITED (status) ? WEXITSTATUS (status) : -1);
  if (cpu0 < 0 || cpu1 < 0)
    return -1;
  return (cpu1 - cpu0) / ((wall1 - wall0) / 1e6);
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
  /* one after the other, each call then its codecs alone: the cores are shared */
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      double lab = bench_call (sizes[i], seconds);
      double codecs = lab > 0 ? bench_codecs (sizes[i], seconds - SETTLE_S - 1) : -1;
      double load[3] = { 0 };

      getloadavg (load, 3);
      if (codecs > 0)
        g_print ("  steady state (after %d s): lab %.0f %% of one core; its codec work alone (%u VP8 + %u Opus "
                 "encoders, %u + %u decoders, test sources, no WebRTC) %.0f %%; lab = %.2f x codecs "
                 "(load average %.2f)\n",
                 SETTLE_S, 100 * lab, sizes[i] + 1, sizes[i] + 1, 2 * sizes[i], 2 * sizes[i], 100 * codecs,
                 lab / codecs, load[0]);
    }
  bench_stats_path (3, MIN (seconds, 15));
  return EXIT_SUCCESS;
}
