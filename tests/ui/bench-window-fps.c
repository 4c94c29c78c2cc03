/* bench-window-fps.c — frames per second of the window during a 6-user lab call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts a real loopback lab call with 6 remote users in the window, lets it settle,
 * then counts the frames the window drew over a measured interval. Prints the figure.
 */
#include "config.h"

#include <adwaita.h>

#include "cs-window.h"

#define SETTLE_S 8
#define MEASURE_S 15

static CsWindow *window;
static guint64 frames_at_start;
static gint64 start_time;
static int status;

static gboolean
finish_cb (gpointer app)
{
  double seconds = (g_get_monotonic_time () - start_time) / 1e6;
  guint64 frames = cs_window_get_frames_drawn (window) - frames_at_start;
  guint users = g_list_model_get_n_items (G_LIST_MODEL (cs_window_get_model (window)));

  if (users < 2)
    {
      g_print ("bench-window-fps: the lab call did not start (no users), skipped\n");
      status = 77;
    }
  else
    g_print ("window during a lab call with %u participants: %.1f frames/s over %.0f s\n",
             users, frames / seconds, seconds);
  gtk_window_destroy (GTK_WINDOW (window));
  g_application_quit (app);
  return G_SOURCE_REMOVE;
}

static gboolean
measure_cb (gpointer app)
{
  frames_at_start = cs_window_get_frames_drawn (window);
  start_time = g_get_monotonic_time ();
  g_timeout_add_seconds (MEASURE_S, finish_cb, app);
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
  config.users = 6;
  cs_window_start_call (window, &config);
  cs_call_config_clear (&config);
  g_timeout_add_seconds (SETTLE_S, measure_cb, app);
}

int
main (int argc, char **argv)
{
  g_autoptr (AdwApplication) app = NULL;

  if (!gtk_init_check ())
    {
      g_print ("bench-window-fps: no display, skipped (run under xvfb-run)\n");
      return 77;
    }
  app = adw_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);
  g_application_run (G_APPLICATION (app), 0, NULL);
  return status;
}
