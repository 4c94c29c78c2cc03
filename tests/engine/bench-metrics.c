/* bench-metrics.c — what --metrics costs (docs/metrics.md#cost): the writer's time per
 * exposition of a 16-user call, the time per HTTP scrape of a real 16-user headless lab
 * call, and that call's CPU share without and then with a scrape every second (one run)
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

  writer_ms_per_exposition ();

  fd = g_file_open_tmp ("cs-bench-metrics-XXXXXX.err", &err_path, &error);
  g_assert_no_error (error);
  close (fd);
  g_subprocess_launcher_set_stderr_file_path (launcher, err_path);
  call = g_subprocess_launcher_spawn (launcher, &error, CALLSCOPE_BINARY, "--headless", "--users=16", duration,
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

          if (strstr (text, "callscope_users_present 17\n") != NULL && strstr (text, "callscope_packets_total{user=\"local\",kind=\"video\",direction=\"received\"}") != NULL)
            break;
        }
      if (g_get_monotonic_time () > deadline)
        {
          /* g_error() aborts: the call must not outlive the benchmark (it did, for minutes) */
          g_subprocess_force_exit (call);
          g_subprocess_wait (call, NULL, NULL);
          g_unlink (err_path);
          g_error ("the 16-user call never had media; stderr:\n%s", err);
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

    for (guint k = 1; k <= 16; k++)
      {
        g_autofree char *line = g_strdup_printf ("callscope_packets_total{user=\"user-%u\",kind=\"video\",direction=\"received\"}", k);

        with_media += strstr (text, line) != NULL;
      }
    g_print ("(%u of the 16 remote users had received video by the end; %zu bytes a scrape)\n", with_media, strlen (text));
  }
  g_print ("scrape of a 16-user lab call over HTTP: %.2f ms on average, %.2f ms at most (%u scrapes; target < 5 ms)\n",
           scrape_ms / scrapes, max_ms, scrapes);
  g_print ("the call's CPU: %.1f %% of a core without scraping, %.1f %% with a scrape every second (%d s each)\n",
           100 * (cpu1 - cpu0) / (wall1 - wall0), 100 * (cpu2 - cpu1) / (wall2 - wall1), WINDOW_S);

  g_subprocess_send_signal (call, SIGINT);
  g_subprocess_wait (call, NULL, NULL);
  g_unlink (err_path);
  return 0;
}
