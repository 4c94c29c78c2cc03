/* bench-window-fps.c — the window during a 6-user lab call: frames per second, and its CPU
 * as a multiple of the same call's CPU headless (issue 14), measured in one run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * First the same call headless (the callscope binary, --headless --users=6): its CPU over the
 * measured interval after the same settling time. Then the lab call in a 1600×1000 window in
 * this process: the frames the window drew (the frame clock's "after-paint") and this
 * process's CPU over the same interval, and the X server's CPU beside it (with a renderer
 * that draws in the X server, the work moves there). Prints the figures; asserts nothing.
 *
 * The window draws with the renderer the application would choose (cs_renderer_choose:
 * cairo when GL is software); GSK_RENDERER=gl measures GTK's GL renderer instead.
 *
 * BENCH_FPS_SECONDS overrides the measured interval (default 15 s).
 */
#include "config.h"

#include <adwaita.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "cs-renderer.h"
#include "cs-window.h"

#define SETTLE_S 8
#define USERS    6

static CsWindow *window;
static guint     measure_s = 15;
static guint64   frames_at_start;
static gint64    start_time;
static double    cpu_at_start, x_cpu_at_start;
static double    headless_share = -1;
static char     *x_server_pid;
static char     *gl_renderer;
static int       status;

/* utime + stime of the process @pid ("self" for this one), seconds; < 0 if it is gone */
static double
cpu_seconds (const char *pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", pid);
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

/* The pid of the X server of $DISPLAY if it is an Xvfb on this machine (xvfb-run's), or NULL. */
static char *
find_x_server (void)
{
  const char *display = g_getenv ("DISPLAY");
  g_autoptr (GDir) dir = NULL;
  const char *name;

  if (display == NULL || (dir = g_dir_open ("/proc", 0, NULL)) == NULL)
    return NULL;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_strdup_printf ("/proc/%s/cmdline", name);
      g_autofree char *cmdline = NULL;
      gsize len = 0;
      gboolean is_xvfb = FALSE, is_display = FALSE;

      if (!g_ascii_isdigit (name[0]) || !g_file_get_contents (path, &cmdline, &len, NULL))
        continue;
      for (const char *arg = cmdline; arg < cmdline + len; arg += strlen (arg) + 1)
        {
          if (arg == cmdline)
            is_xvfb = g_str_has_suffix (arg, "Xvfb");
          else if (g_strcmp0 (arg, display) == 0)
            is_display = TRUE;
        }
      if (is_xvfb && is_display)
        return g_strdup (name);
    }
  return NULL;
}

/* The same call headless: its CPU share (of one core) over @measure_s after SETTLE_S, or < 0. */
static double
headless_cpu_share (void)
{
  g_autoptr (GSubprocess) call = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *duration = g_strdup_printf ("--duration=%u", SETTLE_S + measure_s + 2);
  g_autofree char *users = g_strdup_printf ("--users=%u", USERS);
  const char *pid;
  double cpu0, cpu1;
  gint64 wall0, wall1;

  call = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                           CALLSCOPE_BINARY, "--headless", users, duration, NULL);
  if (call == NULL)
    {
      g_print ("cannot run the headless call: %s\n", error->message);
      return -1;
    }
  pid = g_subprocess_get_identifier (call);
  g_usleep (SETTLE_S * G_USEC_PER_SEC);
  cpu0 = cpu_seconds (pid);
  wall0 = g_get_monotonic_time ();
  g_usleep (measure_s * G_USEC_PER_SEC);
  cpu1 = cpu_seconds (pid);
  wall1 = g_get_monotonic_time ();
  g_subprocess_wait (call, NULL, NULL);
  if (cpu0 < 0 || cpu1 < 0)
    return -1;
  return (cpu1 - cpu0) / ((wall1 - wall0) / 1e6);
}

static gboolean
finish_cb (gpointer app)
{
  double seconds = (g_get_monotonic_time () - start_time) / 1e6;
  guint64 frames = cs_window_get_frames_drawn (window) - frames_at_start;
  guint users = g_list_model_get_n_items (G_LIST_MODEL (cs_window_get_model (window)));
  double share = (cpu_seconds ("self") - cpu_at_start) / seconds;
  double x_share = x_server_pid != NULL ? (cpu_seconds (x_server_pid) - x_cpu_at_start) / seconds : -1;
  double load[3] = { 0 };

  getloadavg (load, 3);
  if (users < 2)
    {
      g_print ("bench-window-fps: the lab call did not start (no users), skipped\n");
      status = 77;
    }
  else
    {
      /* seen once on a heavily loaded machine: say so rather than print 0 frames/s as a figure */
      if (frames == 0)
        {
          g_print ("bench-window-fps: the window drew no frame in %.0f s; the figures below are not valid\n", seconds);
          status = 1;
        }
      g_print ("window during a lab call with %u participants: %.1f frames/s over %.0f s (target >= 25), "
               "GSK renderer %s, OpenGL: %s\n",
               users, frames / seconds, seconds, g_getenv ("GSK_RENDERER") != NULL ? g_getenv ("GSK_RENDERER") : "GTK's choice",
               gl_renderer != NULL ? gl_renderer : "none");
      g_print ("window process CPU: %.0f %% of one core", 100 * share);
      if (x_share >= 0)
        g_print (" (the X server beside it: %.0f %%)", 100 * x_share);
      g_print ("\n");
      if (headless_share > 0)
        g_print ("the same call headless: %.0f %% of one core; window / headless = %.2f (target <= 1.5)\n",
                 100 * headless_share, share / headless_share);
      if (headless_share > 0 && x_share >= 0)
        g_print ("window + X server / headless = %.2f\n", (share + x_share) / headless_share);
      g_print ("load average at the end: %.2f %.2f %.2f (%ld cores)\n", load[0], load[1], load[2],
               sysconf (_SC_NPROCESSORS_ONLN));
    }
  gtk_window_destroy (GTK_WINDOW (window));
  g_application_quit (app);
  return G_SOURCE_REMOVE;
}

static gboolean
measure_cb (gpointer app)
{
  frames_at_start = cs_window_get_frames_drawn (window);
  start_time = g_get_monotonic_time ();
  cpu_at_start = cpu_seconds ("self");
  if (x_server_pid != NULL)
    x_cpu_at_start = cpu_seconds (x_server_pid);
  g_timeout_add_seconds (measure_s, finish_cb, app);
  return G_SOURCE_REMOVE;
}

static void
activate_cb (GtkApplication *app)
{
  CsCallConfig config;

  window = cs_window_new (ADW_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (window), 1600, 1000);
  gtk_window_present (GTK_WINDOW (window));
  cs_call_config_init (&config);
  config.mode = CS_CALL_MODE_LAB;
  config.users = USERS;
  cs_window_start_call (window, &config);
  cs_call_config_clear (&config);
  g_timeout_add_seconds (SETTLE_S, measure_cb, app);
}

int
main (int argc, char **argv)
{
  g_autoptr (AdwApplication) app = NULL;
  const char *env = g_getenv ("BENCH_FPS_SECONDS");

  if (!gtk_init_check ())
    {
      g_print ("bench-window-fps: no display, skipped (run under xvfb-run)\n");
      return 77;
    }
  if (env != NULL && atoi (env) > 0)
    measure_s = (guint) atoi (env);
  x_server_pid = find_x_server ();
  cs_renderer_gl_is_software (gdk_display_get_default (), &gl_renderer);
  cs_renderer_choose (gdk_display_get_default ());
  /* one after the other: the two cores are shared */
  headless_share = headless_cpu_share ();
  app = adw_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);
  g_application_run (G_APPLICATION (app), 0, NULL);
  g_free (x_server_pid);
  g_free (gl_renderer);
  return status;
}
