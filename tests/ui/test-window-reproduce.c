/* test-window-reproduce.c — "Reproduce in Lab": the call shown, played again in the lab and compared
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A recording of a lab call (the wifi-lossy preset, 3 users) is opened; win.reproduce-in-lab
 * makes a scenario of it in the user's cache folder, runs a real lab call on it (real time:
 * alone, like the other real-time tests), ends it once the scenario's duration has run from
 * the first media, and compares the two. The test waits for each of those conditions with a
 * bounded deadline and says what it saw when one does not come.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "cs-window.h"
#include "cs-window-private.h"

static gboolean have_display;

#define SKIP_WITHOUT_DISPLAY() \
  G_STMT_START { if (!have_display) { g_test_skip ("no display"); return; } } G_STMT_END

static gboolean
action_enabled (CsWindow *window, const char *name)
{
  return g_action_group_get_action_enabled (G_ACTION_GROUP (window), name);
}

/* Iterates the main loop until @done says so or @seconds pass; FALSE on time-out */
static gboolean
wait_until (gboolean (*done) (CsWindow *), CsWindow *window, double seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (!done (window))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  return TRUE;
}

static gboolean
replay_done (CsWindow *window)
{
  return !action_enabled (window, "cancel-replay");
}

static gboolean
lab_running (CsWindow *window)
{
  return action_enabled (window, "stop-call");
}

static gboolean
compared (CsWindow *window)
{
  return _cs_window_reproduce_get_result (window) != NULL;
}

/* The first descendant of @widget of @type, or NULL */
static GtkWidget *
find_descendant (GtkWidget *widget, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_descendant (c, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The comparison's dialog, once it is shown and laid out */
static GtkWidget *comparison_dialog;

static gboolean
dialog_shown (CsWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWidget) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_mapped (w) && gtk_widget_get_width (w) > 0)
        {
          comparison_dialog = w;
          return TRUE;
        }
    }
  return FALSE;
}

static void
test_reproduce (void)
{
  g_autofree char *path = g_build_filename (CS_TEST_RECORDINGS, "lab-wifi-lossy.jsonl", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autofree char *scenario = NULL;
  g_autofree char *recording = NULL;
  g_autofree char *json = NULL;
  CsWindow *window;
  const char *result;

  SKIP_WITHOUT_DISPLAY ();
  window = g_object_ref_sink (cs_window_new (NULL));
  gtk_window_present (GTK_WINDOW (window));

  /* nothing shown yet: nothing to reproduce */
  g_assert_false (action_enabled (window, "reproduce-in-lab"));
  cs_window_open_recording (window, file);
  g_assert_true (wait_until (replay_done, window, 60));
  g_assert_true (action_enabled (window, "reproduce-in-lab"));

  g_action_group_activate_action (G_ACTION_GROUP (window), "reproduce-in-lab", NULL);
  /* one reproduction at a time */
  g_assert_false (action_enabled (window, "reproduce-in-lab"));
  g_assert_true (_cs_window_reproduce_get_running (window));
  if (!wait_until (lab_running, window, 60))
    g_error ("the reproduction's lab call did not start");
  scenario = g_build_filename (g_get_user_cache_dir (), "callscope", "reproductions", "lab-wifi-lossy.scenario.json", NULL);
  g_assert_true (g_file_get_contents (scenario, &json, NULL, NULL));
  g_assert_nonnull (strstr (json, "\"clock\" : \"media\""));

  /* the scenario's 26 s from the first media, then the comparison (generous: sanitizers) */
  if (!wait_until (compared, window, 240))
    g_error ("no comparison after 240 s; lab call running: %d", lab_running (window));
  g_assert_false (lab_running (window));
  result = _cs_window_reproduce_get_result (window);
  g_test_message ("%s", result);
  g_assert_nonnull (strstr (result, "Callscope comparison"));
  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *line = g_strdup_printf ("user-%u (user-%u) ~ user-%u:", i, i, i);

      g_assert_nonnull (strstr (result, line));
    }
  /* the comparison is shown in full width: its lines wrap, nothing scrolls sideways */
  if (!wait_until (dialog_shown, window, 30))
    g_error ("the comparison's dialog was not shown");
  {
    GtkWidget *scrolled = find_descendant (comparison_dialog, GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *h;

    g_assert_nonnull (scrolled);
    for (guint i = 0; i < 20; i++)
      g_main_context_iteration (NULL, FALSE);
    h = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scrolled));
    g_test_message ("comparison dialog %d px wide; text %g px in a %g px view", gtk_widget_get_width (comparison_dialog),
                    gtk_adjustment_get_upper (h), gtk_adjustment_get_page_size (h));
    g_assert_cmpfloat (gtk_adjustment_get_upper (h), <=, gtk_adjustment_get_page_size (h) + 0.5);
    gtk_window_destroy (GTK_WINDOW (comparison_dialog));
  }

  /* the reproduction was recorded beside its scenario and is what the window shows now */
  recording = g_build_filename (g_get_user_cache_dir (), "callscope", "reproductions",
                                "lab-wifi-lossy.reproduction.jsonl", NULL);
  g_assert_true (g_file_test (recording, G_FILE_TEST_IS_REGULAR));
  g_assert_true (action_enabled (window, "reproduce-in-lab"));

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
}

static void
test_broken_file (void)
{
  g_autofree char *path = g_build_filename (CS_TEST_DUMPS, "README.md", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  CsWindow *window;

  SKIP_WITHOUT_DISPLAY ();
  window = g_object_ref_sink (cs_window_new (NULL));
  gtk_window_present (GTK_WINDOW (window));
  cs_window_open_recording (window, file);
  g_assert_true (wait_until (replay_done, window, 60));
  /* not a call: the scenario cannot be made; a toast says so, no lab call starts */
  if (action_enabled (window, "reproduce-in-lab"))
    {
      g_action_group_activate_action (G_ACTION_GROUP (window), "reproduce-in-lab", NULL);
      while (_cs_window_reproduce_get_running (window))
        g_main_context_iteration (NULL, TRUE);
      for (guint i = 0; i < 20; i++)
        g_main_context_iteration (NULL, FALSE);
      g_assert_false (lab_running (window));
      g_assert_null (_cs_window_reproduce_get_result (window));
    }
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
}

int
main (int argc, char **argv)
{
  g_autofree char *cache = g_dir_make_tmp ("callscope-reproduce-XXXXXX", NULL);

  /* the cache folder the reproductions go to, before GLib reads it */
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_test_init (&argc, &argv, NULL);
  have_display = gtk_init_check ();
  if (have_display)
    adw_init ();
  g_test_add_func ("/window-reproduce/broken-file", test_broken_file);
  g_test_add_func ("/window-reproduce/lab", test_reproduce);
  return g_test_run ();
}
