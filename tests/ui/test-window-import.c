/* test-window-import.c — the window opens a browser's dump as it opens a recording
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * cs_window_open_recording() (what Open…, a dropped file and `callscope FILE` call) with a
 * webrtc-internals dump: the users get the import's fixed names, the event log gets the
 * update log's lines, and the charts and the log show times of day from the dump's start
 * until the "wall-clock" action is turned off. A file that is not a dump leaves the
 * window as it was.
 */
#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <string.h>

#include "cs-chart.h"
#include "cs-event-log.h"
#include "cs-log-entry.h"
#include "cs-video-tile.h"
#include "cs-window.h"

static gboolean have_display;

#define SKIP_WITHOUT_DISPLAY() \
  G_STMT_START { if (!have_display) { g_test_skip ("no display"); return; } } G_STMT_END

static gboolean
replay_running (CsWindow *window)
{
  return g_action_group_get_action_enabled (G_ACTION_GROUP (window), "cancel-replay");
}

static void
open_and_wait (CsWindow *window, const char *path)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);

  cs_window_open_recording (window, file);
  while (replay_running (window))
    g_main_context_iteration (NULL, TRUE);
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
}

static guint
count_lines (CsWindow *window, const char *text)
{
  GListModel *all = cs_event_log_get_all (cs_window_get_event_log (window));
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (all); i++)
    {
      g_autoptr (CsLogEntry) entry = g_list_model_get_item (all, i);

      g_test_message ("log: %.0f %s · %s", cs_log_entry_get_t (entry), cs_log_entry_get_user_name (entry),
                      cs_log_entry_get_title (entry));
      if (strstr (cs_log_entry_get_title (entry), text) != NULL)
        n++;
    }
  return n;
}

static void
test_open_dump (void)
{
  g_autofree char *path = g_build_filename (CS_TEST_DUMPS, "handmade-chrome144-internals.txt", NULL);
  CsWindow *window;
  CsStatsModel *model;
  CsParticipant *peer;
  GListModel *all;
  g_autoptr (CsLogEntry) first = NULL;
  double origin;

  SKIP_WITHOUT_DISPLAY ();
  window = g_object_ref_sink (cs_window_new (NULL));
  gtk_window_present (GTK_WINDOW (window));
  open_and_wait (window, path);
  model = cs_window_get_model (window);

  /* no tile waits for video that a dump cannot have */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (cs_window_get_tiles (window))); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *tile = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));

      g_assert_cmpstr (cs_video_tile_get_video_state (CS_VIDEO_TILE (tile)), !=, "waiting");
    }
  peer = cs_stats_model_lookup (model, "9-1");
  g_assert_nonnull (peer);
  g_assert_cmpstr (cs_participant_get_display_name (peer), ==, "Peer 9-1");
  g_assert_cmpint (cs_stats_model_get_state (model), ==, CS_CALL_STATE_LEFT);
  /* the update log's calls and state changes are lines of the event log */
  g_assert_cmpuint (count_lines (window, "setLocalDescription (offer)"), ==, 1);
  g_assert_cmpuint (count_lines (window, "createOffer"), ==, 1);
  g_assert_cmpuint (count_lines (window, "oniceconnectionstatechange: checking"), ==, 1);
  g_assert_cmpuint (count_lines (window, "Connected"), >=, 1);

  /* times of day from the dump's start: 2026-03-10T13:59:59.8015Z */
  origin = cs_chart_get_time_origin (cs_window_get_chart (window, 0));
  g_assert_cmpfloat_with_epsilon (origin, 1773151199.8015, 1e-3);
  all = cs_event_log_get_all (cs_window_get_event_log (window));
  first = g_list_model_get_item (all, 0);
  g_assert_cmpfloat_with_epsilon (cs_log_entry_get_origin (first), origin, 1e-3);
  g_action_group_change_action_state (G_ACTION_GROUP (window), "wall-clock", g_variant_new_boolean (FALSE));
  g_assert_true (isnan (cs_chart_get_time_origin (cs_window_get_chart (window, 0))));
  g_assert_true (isnan (cs_log_entry_get_origin (first)));
  g_action_group_change_action_state (G_ACTION_GROUP (window), "wall-clock", g_variant_new_boolean (TRUE));
  g_assert_cmpfloat_with_epsilon (cs_chart_get_time_origin (cs_window_get_chart (window, 0)), origin, 1e-3);

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
}

/* Not a dump: the window keeps the call it showed (here: none), with a toast. */
static void
test_open_not_a_dump (void)
{
  g_autofree char *path = g_build_filename (CS_TEST_DUMPS, "README.md", NULL);
  CsWindow *window;

  SKIP_WITHOUT_DISPLAY ();
  window = g_object_ref_sink (cs_window_new (NULL));
  gtk_window_present (GTK_WINDOW (window));
  open_and_wait (window, path);
  g_assert_cmpint (cs_stats_model_get_state (cs_window_get_model (window)), ==, CS_CALL_STATE_IDLE);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
  have_display = gtk_init_check ();
  if (have_display)
    adw_init ();
  g_test_add_func ("/window-import/open-dump", test_open_dump);
  g_test_add_func ("/window-import/not-a-dump", test_open_not_a_dump);
  return g_test_run ();
}
