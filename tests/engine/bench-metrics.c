/* bench-metrics.c — what --metrics costs (docs/metrics.md#cost): the writer's time per
 * exposition of a 16-user call, the time per HTTP scrape of a real headless lab call (16 users,
 * or 8 on a 2-core machine: lab_users), and that call's CPU share without and then with a scrape every second (one run)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "cs-openmetrics.h"
#include "../model/lab-sim.h"

#define WINDOW_S 20

/* The lab users of the scraped call: 16 as the issue asks, where the machine can run them.
 * A 16-user lab call takes both cores of a 2-core machine by itself (docs/lab.md, Cost), so
 * there it is measured with 8, and says so; CS_BENCH_USERS overrides. */
static guint
lab_users (void)
{
  const char *env = g_getenv ("CS_BENCH_USERS");

  if (env != NULL && g_ascii_strtoull (env, NULL, 10) >= 1 && g_ascii_strtoull (env, NULL, 10) <= 16)
    return (guint) g_ascii_strtoull (env, NULL, 10);
  return g_get_num_processors () >= 4 ? 16 : 8;
}

static double
writer_ms_per_exposition (void)
{
  g_autoptr (CsStatsModel) model = cs_stats_model_new ();
  g_autoptr (CsOpenMetrics) metrics = cs_openmetrics_new (model);
  Sim sim;
  gint64 start;
  guint n = 500;
  gsize bytes = 0;

  sim_init (&sim, 16, 7);
  sim.loss[1] = 0.1;
  cs_stats_model_set_history (model, 600);
  cs_stats_model_join (model, "local");
  for (guint t = 0; t < 60; t++)
    sim_step (&sim, model, t);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = cs_openmetrics_write (metrics, CS_METRICS_FORMAT_OPENMETRICS);

      bytes = strlen (text);
    }
  sim_clear (&sim);
  g_print ("writer: %.3f ms per exposition of a 16-user call (%zu bytes)\n",
           (g_get_monotonic_time () - start) / 1000.0 / n, bytes);
  return (g_get_monotonic_time () - start) / 1000.0 / n;
}

static char *
http_get (guint16 port)
{
  static const char request[] = "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                "Accept: application/openmetrics-text;version=1.0.0\r\nConnection: close\r\n\r\n";
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GSocketConnection) connection = NULL;
  g_autoptr (GString) answer = g_string_new (NULL);
  char buffer[16384];
  gssize n;

  g_socket_client_set_timeout (client, 10);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);
  if (connection == NULL)
    return g_strdup ("");
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), request, strlen (request),
                             NULL, NULL, NULL);
  while ((n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)), buffer, sizeof buffer, NULL, NULL)) > 0)
    g_string_append_len (answer, buffer, n);
  return g_string_free (g_steal_pointer (&answer), FALSE);
}

/* utime + stime of @pid, seconds */
static double
cpu_seconds (const char *pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", pid);
  g_autofree char *stat = NULL;
  g_auto (GStrv) fields = NULL;
  const char *after;

  if (!g_file_get_contents (path, &stat, NULL, NULL) || (after = strrchr (stat, ')')) == NULL)
    return 0;
  fields = g_strsplit (after + 2, " ", -1);
  /* after the name: state is field 3, utime 14, stime 15 */
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) / sysconf (_SC_CLK_TCK);
}

int
main (int argc, char **argv)
{
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr (GSubprocess) call = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *err_path = NULL;
  g_autofree char *duration = g_strdup_printf ("--duration=%d", 2 * WINDOW_S + 200);
  const char *pid;
  guint16 port = 0;
  gint64 deadline = g_get_monotonic_time () + 180 * G_USEC_PER_SEC;
  double cpu0, cpu1, cpu2, wall0, wall1, wall2, scrape_ms = 0, max_ms = 0;
  guint scrapes = 0;
  int fd;
  guint users = lab_users ();
  g_autofree char *users_arg = g_strdup_printf ("--users=%u", users);
  g_autofree char *present = g_strdup_printf ("callscope_users_present %u\n", users + 1);

  writer_ms_per_exposition ();
  if (users < 16)
    g_print ("the scraped lab call has %u users, not 16: this machine has %u cores (16 users need more: "
             "docs/lab.md, Cost; CS_BENCH_USERS=16 to try)\n", users, g_get_num_processors ());

  fd = g_file_open_tmp ("cs-bench-metrics-XXXXXX.err", &err_path, &error);
  g_assert_no_error (error);
  close (fd);
  g_subprocess_launcher_set_stderr_file_path (launcher, err_path);
  call = g_subprocess_launcher_spawn (launcher, &error, CALLSCOPE_BINARY, "--headless", users_arg, duration,
                                      "--metrics=127.0.0.1:0", NULL);
  g_assert_no_error (error);
  pid = g_subprocess_get_identifier (call);
  /* the port, then the first media (a loaded machine may take minutes before every user has
   * some; the figures then include that start, which costs more than the steady state) */
  for (;;)
    {
      g_autofree char *err = NULL;
      const char *at;

      g_usleep (G_USEC_PER_SEC);
      g_file_get_contents (err_path, &err, NULL, NULL);
      at = err != NULL ? strstr (err, "metrics at http://127.0.0.1:") : NULL;
      if (at != NULL && port == 0)
        port = (guint16) g_ascii_strtoull (at + strlen ("metrics at http://127.0.0.1:"), NULL, 10);
      if (port != 0)
        {
          g_autofree char *text = http_get (port);

          if (strstr (text, present) != NULL && strstr (text, "callscope_packets_total{user=\"local\",kind=\"video\",direction=\"received\"}") != NULL)
            break;
        }
      if (g_get_monotonic_time () > deadline)
        {
          /* g_error() aborts: the call must not outlive the benchmark (it did, for minutes) */
          g_subprocess_force_exit (call);
          g_subprocess_wait (call, NULL, NULL);
          g_unlink (err_path);
          g_error ("the %u-user call never had media; stderr:\n%s", users, err);
        }
    }
  g_usleep (5 * G_USEC_PER_SEC);

  cpu0 = cpu_seconds (pid);
  wall0 = g_get_monotonic_time () / 1e6;
  g_usleep (WINDOW_S * G_USEC_PER_SEC);
  cpu1 = cpu_seconds (pid);
  wall1 = g_get_monotonic_time () / 1e6;
  for (guint i = 0; i < WINDOW_S; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autofree char *text = http_get (port);
      double ms = (g_get_monotonic_time () - start) / 1000.0;

      g_assert_true (g_str_has_prefix (text, "HTTP/1.1 200"));
      scrape_ms += ms;
      max_ms = MAX (max_ms, ms);
      scrapes++;
      g_usleep (MAX (0, G_USEC_PER_SEC - (g_get_monotonic_time () - start)));
    }
  cpu2 = cpu_seconds (pid);
  wall2 = g_get_monotonic_time () / 1e6;

  {
    g_autofree char *text = http_get (port);
    guint with_media = 0;

    for (guint k = 1; k <= users; k++)
      {
        g_autofree char *line = g_strdup_printf ("callscope_packets_total{user=\"user-%u\",kind=\"video\",direction=\"received\"}", k);

        with_media += strstr (text, line) != NULL;
      }
    g_print ("(%u of the %u remote users had received video by the end; %zu bytes a scrape)\n", with_media, users,
             strlen (text));
  }
  g_print ("scrape of a %u-user lab call over HTTP: %.2f ms on average, %.2f ms at most (%u scrapes; target < 5 ms)\n",
           users, scrape_ms / scrapes, max_ms, scrapes);
  g_print ("the call's CPU: %.1f %% of a core without scraping, %.1f %% with a scrape every second (%d s each)\n",
           100 * (cpu1 - cpu0) / (wall1 - wall0), 100 * (cpu2 - cpu1) / (wall2 - wall1), WINDOW_S);

  g_subprocess_send_signal (call, SIGINT);
  g_subprocess_wait (call, NULL, NULL);
  g_unlink (err_path);
  return 0;
}
