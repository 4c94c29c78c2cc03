/* cs-screenshot.c — runs the window on a 3-user call and saves PNGs of it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: cs-screenshot [--lab] [--scenario NAME] [--seconds N] [--size WxH] [--dark] [--join] OUTDIR
 *   --lab       a real loopback lab call (needs the lab engine); otherwise a synthetic
 *               3-user feed with a scripted network goes through the same CsStatsModel
 *   --seconds   how long the call runs before the pictures are taken (default 25)
 *   --join      only the "Join a call" dialog (each kind, and a wrong URL) and the preferences
 * Run it under Xvfb:  xvfb-run -a -s "-screen 0 1600x1000x24" cs-screenshot docs/screenshots
 * Each picture is rendered from the window's own render tree, so no X tool is needed.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <gst/gst.h>

#include "cs-join-dialog.h"
#include "cs-test-feed.h"
#include "cs-window.h"

static gboolean opt_lab;
static gboolean opt_dark;
static gboolean opt_join;
static char *opt_scenario;
static int opt_seconds = 25;
static char *opt_size;
static char *outdir;
static CsWindow *window;
static CsTestFeed *feed;
static guint step_id;
static int exit_status = EXIT_SUCCESS;
static GPtrArray *pipelines;

/* Without the lab engine, each synthetic user still gets moving video: a test pattern
 * through the window's own sink, as the engine would hand it decoded frames. */
static void
start_test_video (const char *uid, int pattern)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *desc = g_strdup_printf ("videotestsrc is-live=true pattern=%d ! "
                                           "video/x-raw,width=320,height=240,framerate=15/1 ! "
                                           "timeoverlay font-desc=\"Sans 18\"", pattern);
  GstElement *pipeline = gst_pipeline_new (NULL);
  GstElement *source = gst_parse_bin_from_description (desc, TRUE, &error);
  GstElement *sink = cs_window_create_video_sink (window, uid);

  if (source == NULL || sink == NULL)
    {
      g_printerr ("cs-screenshot: no test video: %s\n", error != NULL ? error->message : "no sink");
      gst_object_unref (pipeline);
      return;
    }
  gst_bin_add_many (GST_BIN (pipeline), source, sink, NULL);
  gst_element_link (source, sink);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  g_ptr_array_add (pipelines, pipeline);
}

static void
stop_pipeline (gpointer data)
{
  gst_element_set_state (data, GST_STATE_NULL);
  gst_object_unref (data);
}

static gboolean
save_png (GtkWidget *widget, const char *name)
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree char *path = g_build_filename (outdir, name, NULL);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (snapshot);
  /* right after a burst of changes the window may not have a frame yet: let it draw */
  for (int attempt = 0; node == NULL && attempt < 20; attempt++)
    {
      g_main_context_iteration (NULL, TRUE);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, w, h);
      node = gtk_snapshot_free_to_node (snapshot);
    }
  if (node == NULL || renderer == NULL)
    {
      g_printerr ("cs-screenshot: nothing to render for %s\n", name);
      exit_status = EXIT_FAILURE;
      return FALSE;
    }
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_printerr ("cs-screenshot: cannot write %s\n", path);
      exit_status = EXIT_FAILURE;
      return FALSE;
    }
  g_print ("%s (%dx%d)\n", path, w, h);
  return TRUE;
}

/* A scripted network for the synthetic call: user 2's network gets worse, recovers, then worsens again;
 * user 3 is far away (150 ms) with a little loss. */
static gboolean
step_cb (gpointer data)
{
  double t = cs_test_feed_get_t (feed) + 1;
  CsTestImpairment clean = { 0.2, 20, 2, FALSE };
  CsTestImpairment bad = { 14, 60, 12, FALSE };
  CsTestImpairment far = { 3, 150, 6, FALSE };

  cs_test_feed_set (feed, 1, &clean);
  /* a first episode that recovered, and a second one still going on when the pictures are taken */
  cs_test_feed_set (feed, 2, ((t > 150 && t < 210) || t > 560) ? &bad : &clean);
  cs_test_feed_set (feed, 3, &far);
  cs_test_feed_step (feed);
  return G_SOURCE_CONTINUE;
}

static void
hover_chart (CsWindowChart which, double fraction)
{
  CsChart *chart = cs_window_get_chart (window, which);

  cs_chart_set_hover_x (chart, gtk_widget_get_width (GTK_WIDGET (chart)) * fraction);
}

static gboolean
shots_cb (gpointer data)
{
  GtkApplication *app = data;
  CsEventLog *log = cs_window_get_event_log (window);

  save_png (GTK_WIDGET (window), "main.png");

  /* pick the first exception in the log: the charts move to that moment */
  for (guint i = 0; i < g_list_model_get_n_items (cs_event_log_get_shown (log)); i++)
    {
      g_autoptr (CsLogEntry) entry = g_list_model_get_item (cs_event_log_get_shown (log), i);

      if (cs_log_entry_get_kind (entry) == CS_LOG_KIND_EXCEPTION)
        {
          cs_event_log_select (log, i);
          break;
        }
    }
  (void) app;
  return G_SOURCE_REMOVE;
}

static gboolean
event_shot_cb (gpointer data)
{
  hover_chart (CS_WINDOW_CHART_DELAYS, 0.62);
  save_png (GTK_WIDGET (window), "event-selected.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  return G_SOURCE_REMOVE;
}

/* Saves the visible window other than the main one (a dialog) and closes it. */
static void
save_dialog (const char *name)
{
  GList *toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (l->data != (gpointer) window && gtk_widget_get_visible (l->data) &&
        gtk_window_get_transient_for (l->data) == GTK_WINDOW (window))
      {
        save_png (l->data, name);
        gtk_window_close (l->data);
      }
  g_list_free (toplevels);
}

static gboolean
shortcuts_shot_cb (gpointer data)
{
  save_dialog ("shortcuts.png");
  g_application_quit (G_APPLICATION (data));
  return G_SOURCE_REMOVE;
}

static gboolean
prefs_shot_cb (gpointer data)
{
  save_dialog ("preferences.png");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
  g_timeout_add (800, shortcuts_shot_cb, data);
  return G_SOURCE_REMOVE;
}

static gboolean
dark_shot_cb (gpointer data)
{
  save_png (GTK_WIDGET (window), "dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL);
  g_timeout_add (800, prefs_shot_cb, data);
  return G_SOURCE_REMOVE;
}

/* ---- --join: the dialog, then the preferences ---- */

static CsJoinDialog *
find_join_dialog (void)
{
  GList *toplevels = gtk_window_list_toplevels ();
  CsJoinDialog *found = NULL;

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (CS_IS_JOIN_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      found = l->data;
  g_list_free (toplevels);
  return found;
}

static void
settle (void)
{
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
}

static gboolean
join_prefs_shot_cb (gpointer data)
{
  GtkWidget *page = NULL;
  GList *toplevels = gtk_window_list_toplevels ();

  /* scroll the General page to its end: the Network and Recent Servers groups */
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_PREFERENCES_WINDOW (l->data))
      page = GTK_WIDGET (adw_preferences_window_get_visible_page (l->data));
  g_list_free (toplevels);
  for (GtkWidget *w = page; w != NULL; w = gtk_widget_get_first_child (w))
    if (GTK_IS_SCROLLED_WINDOW (w))
      {
        GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (w));

        gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
        break;
      }
  settle ();
  save_dialog ("join-preferences.png");
  g_application_quit (G_APPLICATION (data));
  return G_SOURCE_REMOVE;
}

static gboolean
join_shot_cb (gpointer data)
{
  CsJoinDialog *dialog = find_join_dialog ();
  GObject *url;

  if (dialog == NULL)
    {
      g_printerr ("cs-screenshot: the join dialog did not open\n");
      exit_status = EXIT_FAILURE;
      g_application_quit (G_APPLICATION (data));
      return G_SOURCE_REMOVE;
    }
  url = gtk_widget_get_template_child (GTK_WIDGET (dialog), CS_TYPE_JOIN_DIALOG, "url_row");
  save_png (GTK_WIDGET (dialog), "join-janus.png");
  gtk_editable_set_text (GTK_EDITABLE (url), "janus.example.com:8188");
  settle ();
  save_png (GTK_WIDGET (dialog), "join-error.png");
  cs_join_dialog_set_mode (dialog, CS_CALL_MODE_WHIP);
  gtk_editable_set_text (GTK_EDITABLE (url), "https://media.example.com/whip/live");
  settle ();
  save_png (GTK_WIDGET (dialog), "join-whip.png");
  cs_join_dialog_set_mode (dialog, CS_CALL_MODE_WHEP);
  settle ();
  save_png (GTK_WIDGET (dialog), "join-whep.png");
  gtk_window_close (GTK_WINDOW (dialog));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL);
  g_timeout_add (800, join_prefs_shot_cb, data);
  return G_SOURCE_REMOVE;
}

static gboolean
join_open_cb (gpointer data)
{
  save_png (GTK_WIDGET (window), "join-empty.png");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.join-call", NULL);
  g_timeout_add (800, join_shot_cb, data);
  return G_SOURCE_REMOVE;
}

static gboolean
empty_shot_cb (gpointer data)
{
  save_png (GTK_WIDGET (window), "empty.png");
  if (opt_lab)
    {
      CsCallConfig config;

      cs_call_config_init (&config);
      config.mode = CS_CALL_MODE_LAB;
      config.users = 3;
      config.scenario = g_strdup (opt_scenario);
      cs_window_start_call (window, &config);
      cs_call_config_clear (&config);
    }
  else
    {
      static const int patterns[] = { 21, 0, 11, 24 }; /* pinwheel, bars, circles, colours */

      feed = cs_test_feed_new (cs_window_get_model (window), 3);
      start_test_video ("local", patterns[0]);
      for (int i = 1; i <= 3; i++)
        {
          g_autofree char *uid = g_strdup_printf ("user-%d", i);
          start_test_video (uid, patterns[i]);
        }
      /* history first (fast), then live, one second every 100 ms */
      for (int i = 0; i < 600; i++)
        step_cb (NULL);
      step_id = g_timeout_add (100, step_cb, NULL);
      /* the user with the problem, as a support engineer would pick */
      cs_window_select_user (window, "user-2");
    }
  g_timeout_add (opt_lab ? opt_seconds * 1000 : 2000, shots_cb, data);
  g_timeout_add ((opt_lab ? opt_seconds * 1000 : 2000) + 1500, event_shot_cb, data);
  g_timeout_add ((opt_lab ? opt_seconds * 1000 : 2000) + 2500, dark_shot_cb, data);
  return G_SOURCE_REMOVE;
}

static void
activate_cb (GtkApplication *app)
{
  cs_window_install_accels (app);
  window = cs_window_new (ADW_APPLICATION (app));
  {
    int width = 1600, height = 1000;

    if (opt_size != NULL && sscanf (opt_size, "%dx%d", &width, &height) != 2)
      g_error ("--size takes WIDTHxHEIGHT, not %s", opt_size);
    gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  }
  gtk_window_present (GTK_WINDOW (window));
  if (opt_join)
    {
      g_autoptr (GSettings) settings = g_settings_new (APP_ID);
      const char *recent[] = { "wss://janus.example.com:8989/", "https://media.example.com/whep/room_1", NULL };
      const char *ice[] = { "stun:stun.example.com:3478", "turn://support:secret@turn.example.com:3478", NULL };

      g_settings_set_strv (settings, "recent-servers", recent);
      g_settings_set_strv (settings, "ice-servers", ice);
    }
  if (opt_dark)
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  g_timeout_add (1000, opt_join ? join_open_cb : empty_shot_cb, app);
}

int
main (int argc, char **argv)
{
  const GOptionEntry entries[] = {
    { "lab", 0, 0, G_OPTION_ARG_NONE, &opt_lab, "Run a real lab call", NULL },
    { "dark", 0, 0, G_OPTION_ARG_NONE, &opt_dark, "Dark style", NULL },
    { "join", 0, 0, G_OPTION_ARG_NONE, &opt_join, "The join dialog and the preferences only", NULL },
    { "scenario", 0, 0, G_OPTION_ARG_STRING, &opt_scenario, "Lab scenario", "NAME" },
    { "seconds", 0, 0, G_OPTION_ARG_INT, &opt_seconds, "Seconds before the pictures", "N" },
    { "size", 0, 0, G_OPTION_ARG_STRING, &opt_size, "Window size (default 1600x1000)", "WxH" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("OUTDIR");
  g_autoptr (GError) error = NULL;
  g_autoptr (AdwApplication) app = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2)
    {
      g_printerr ("usage: cs-screenshot [--lab] [--scenario NAME] [--seconds N] [--dark] [--join] OUTDIR\n");
      return 2;
    }
  outdir = argv[1];
  gst_init (NULL, NULL);
  pipelines = g_ptr_array_new_with_free_func (stop_pipeline);
  g_mkdir_with_parents (outdir, 0755);
  if (!gtk_init_check ())
    {
      g_printerr ("cs-screenshot: no display (run it under xvfb-run)\n");
      return 77;
    }
  app = adw_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);
  g_application_run (G_APPLICATION (app), 1, argv);
  g_clear_handle_id (&step_id, g_source_remove);
  g_ptr_array_unref (pipelines);
  g_clear_pointer (&feed, cs_test_feed_free);
  return exit_status;
}
