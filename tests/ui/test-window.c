/* test-window.c — the dashboard window fed through its CsStatsModel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test feeds synthetic samples (cs-test-feed.c) into the window's model, the same
 * way a live call does, and checks what the widgets show against what the model says.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "cs-connection-info.h"
#include "cs-log-entry.h"
#include "cs-long-recording.h"
#include "cs-preferences-window.h"
#include "cs-quality-badge.h"
#include "cs-test-feed.h"
#include "cs-video-tile.h"
#include "cs-window.h"

static gboolean have_display;

#define SKIP_WITHOUT_DISPLAY() \
  G_STMT_START { if (!have_display) { g_test_skip ("no display"); return; } } G_STMT_END

static CsWindow *
new_window (void)
{
  return g_object_ref_sink (cs_window_new (NULL));
}

static void
destroy_window (CsWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
}

/* (transfer none) the tiles, in order */
static GPtrArray *
tiles (CsWindow *window)
{
  GPtrArray *list = g_ptr_array_new ();

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (cs_window_get_tiles (window)));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    g_ptr_array_add (list, gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child)));
  return list;
}

static CsVideoTile *
tile_for (CsWindow *window, const char *uid)
{
  g_autoptr (GPtrArray) list = tiles (window);

  for (guint i = 0; i < list->len; i++)
    if (g_strcmp0 (cs_participant_get_uid (cs_video_tile_get_participant (list->pdata[i])), uid) == 0)
      return list->pdata[i];
  return NULL;
}

static guint
n_tiles (CsWindow *window)
{
  g_autoptr (GPtrArray) list = tiles (window);
  return list->len;
}

static guint
n_present (CsStatsModel *model)
{
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    {
      g_autoptr (CsParticipant) p = g_list_model_get_item (G_LIST_MODEL (model), i);
      n += cs_participant_get_present (p);
    }
  return n;
}

static void
test_tiles_follow_users (void)
{
  CsWindow *window;
  CsStatsModel *model;
  g_autoptr (CsTestFeed) feed = NULL;
  guint before;

  SKIP_WITHOUT_DISPLAY ();
  window = new_window ();
  model = cs_window_get_model (window);
  g_assert_cmpuint (n_tiles (window), ==, 0);

  feed = cs_test_feed_new (model, 3);
  cs_test_feed_run (feed, 3);
  /* one tile per present user, the local user included */
  g_assert_cmpuint (n_present (model), >=, 3);
  g_assert_cmpuint (n_tiles (window), ==, n_present (model));
  g_assert_nonnull (tile_for (window, "user-1"));
  g_assert_nonnull (tile_for (window, "user-2"));
  g_assert_nonnull (tile_for (window, "user-3"));
  before = n_tiles (window);

  cs_test_feed_remove_user (feed, 2);
  cs_test_feed_run (feed, 8);
  g_assert_null (tile_for (window, "user-2"));
  g_assert_cmpuint (n_tiles (window), ==, before - 1);
  g_assert_nonnull (tile_for (window, "user-3"));

  cs_test_feed_add_user (feed);
  cs_test_feed_run (feed, 3);
  g_assert_nonnull (tile_for (window, "user-4"));
  g_assert_cmpuint (n_tiles (window), ==, before);

  destroy_window (window);
}

static char *
expected_ms (double v)
{
  return v < 0 ? g_strdup ("—") : g_strdup_printf ("%.0f ms", v);
}

/* the numbers under a tile are the participant's, now */
static void
check_metrics (CsVideoTile *tile, CsParticipant *p)
{
  double loss = cs_participant_get_loss (p);
  g_autofree char *l = loss < 0 ? g_strdup ("—") : g_strdup_printf ("%.1f %%", loss);
  g_autofree char *rtt = expected_ms (cs_participant_get_rtt (p));
  g_autofree char *e2e = expected_ms (cs_participant_get_end2end_delay (p));
  g_autofree char *expected = g_strdup_printf ("Loss %s · RTT %s · End-to-end %s", l, rtt, e2e);

  g_assert_cmpstr (cs_video_tile_get_metrics_text (tile), ==, expected);
}

static void
check_badges (CsWindow *window, const char *uid)
{
  CsVideoTile *tile = tile_for (window, uid);
  CsParticipant *p = cs_stats_model_lookup (cs_window_get_model (window), uid);
  CsQualityBadge *up, *down;
  g_autofree char *css = NULL;

  g_assert_nonnull (tile);
  g_assert_nonnull (p);
  up = CS_QUALITY_BADGE (cs_video_tile_get_badge (tile, TRUE));
  down = CS_QUALITY_BADGE (cs_video_tile_get_badge (tile, FALSE));
  g_assert_cmpuint (cs_quality_badge_get_score (up), ==, cs_participant_get_uplink_quality (p));
  g_assert_cmpuint (cs_quality_badge_get_score (down), ==, cs_participant_get_downlink_quality (p));
  css = g_strdup_printf ("quality-%u", cs_participant_get_downlink_quality (p));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (down), css));
  /* the word is there, not only the colour */
  g_assert_nonnull (strstr (cs_quality_badge_get_text (down), cs_quality_score_label (cs_participant_get_downlink_quality (p))));
  check_metrics (tile, p);
}

static void
test_badges_follow_scores (void)
{
  CsWindow *window;
  CsStatsModel *model;
  g_autoptr (CsTestFeed) feed = NULL;
  CsTestImpairment clean = { 0, 20, 1, FALSE };
  CsTestImpairment lossy = { 25, 120, 30, FALSE };
  guint clean_score, bad_score;

  SKIP_WITHOUT_DISPLAY ();
  window = new_window ();
  model = cs_window_get_model (window);
  feed = cs_test_feed_new (model, 2);
  cs_test_feed_set (feed, 0, &clean);
  cs_test_feed_run (feed, 15);
  check_badges (window, "user-1");
  check_badges (window, "user-2");
  clean_score = cs_participant_get_downlink_quality (cs_stats_model_lookup (model, "user-1"));

  cs_test_feed_set (feed, 1, &lossy);
  cs_test_feed_run (feed, 15);
  bad_score = cs_participant_get_downlink_quality (cs_stats_model_lookup (model, "user-1"));
  g_assert_cmpuint (bad_score, >, clean_score);
  check_badges (window, "user-1");
  check_badges (window, "user-2");
  /* the tooltip says why */
  g_assert_nonnull (gtk_widget_get_tooltip_text (cs_video_tile_get_badge (tile_for (window, "user-1"), FALSE)));

  cs_test_feed_set (feed, 1, &clean);
  cs_test_feed_run (feed, 20);
  check_badges (window, "user-1");
  destroy_window (window);
}

static gboolean
follows (CsVideoTile *tile, CsParticipant *p)
{
  return cs_video_tile_get_participant (tile) == p &&
         cs_quality_badge_get_score (CS_QUALITY_BADGE (cs_video_tile_get_badge (tile, TRUE))) == cs_participant_get_uplink_quality (p) &&
         cs_quality_badge_get_score (CS_QUALITY_BADGE (cs_video_tile_get_badge (tile, FALSE))) == cs_participant_get_downlink_quality (p);
}

static gboolean
listens (CsParticipant *p)
{
  return g_signal_has_handler_pending (p, g_signal_lookup ("notify", G_TYPE_OBJECT),
                                       g_quark_from_static_string ("loss"), FALSE);
}

/* A tile follows the participant it is given, and only that one; it lets go of it when it is
 * given another one, and when it goes. */
static void
test_tile_follows_participant (void)
{
  g_autoptr (CsStatsModel) model = NULL;
  g_autoptr (CsTestFeed) feed = NULL;
  CsTestImpairment clean = { 0, 20, 1, FALSE };
  CsTestImpairment lossy = { 25, 120, 30, FALSE };
  CsParticipant *one, *two;
  CsVideoTile *tile;

  SKIP_WITHOUT_DISPLAY ();
  model = cs_stats_model_new ();
  feed = cs_test_feed_new (model, 2);
  cs_test_feed_set (feed, 0, &clean);
  cs_test_feed_run (feed, 5);
  one = cs_stats_model_lookup (model, "user-1");
  two = cs_stats_model_lookup (model, "user-2");
  g_assert_false (listens (one));
  tile = g_object_ref_sink (CS_VIDEO_TILE (cs_video_tile_new (one, NULL)));
  g_assert_true (follows (tile, one));
  check_metrics (tile, one);
  g_assert_true (listens (one));

  cs_test_feed_set (feed, 1, &lossy);
  cs_test_feed_run (feed, 15);
  g_assert_cmpuint (cs_participant_get_downlink_quality (one), >, cs_participant_get_downlink_quality (two));
  g_assert_true (follows (tile, one));
  check_metrics (tile, one);

  cs_video_tile_set_participant (tile, two);
  g_assert_false (listens (one));
  g_assert_true (listens (two));
  g_assert_true (follows (tile, two));
  check_metrics (tile, two);
  cs_test_feed_set (feed, 1, &clean);
  cs_test_feed_set (feed, 2, &lossy);
  cs_test_feed_run (feed, 15);
  g_assert_true (follows (tile, two));
  check_metrics (tile, two);

  cs_video_tile_set_participant (tile, NULL);
  g_assert_false (listens (two));
  g_assert_null (cs_video_tile_get_participant (tile));
  cs_video_tile_set_participant (tile, one);
  g_assert_true (follows (tile, one));
  g_object_unref (tile);
  g_assert_false (listens (one));
}

static gboolean
has_label (GtkWidget *widget, const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_is_visible (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (has_label (c, text))
      return TRUE;
  return FALSE;
}

/* pub-1's H.264 video cannot be decoded (every packet a decode error, no frame): its tile
 * says so, naming the codec, and says it no more once the video decodes */
static void
test_tile_undecodable (void)
{
  g_autoptr (CsStatsModel) model = cs_stats_model_new ();
  CsVideoTile *tile = NULL;

  SKIP_WITHOUT_DISPLAY ();
  cs_stats_model_join (model, "local");
  for (guint t = 0; t < 16; t++)
    {
      g_autoptr (CsStatsSample) s = cs_stats_sample_new ();
      gboolean broken = t < 8;

      s->t = t;
      s->observer_uid = g_strdup ("local");
      s->peer_uid = g_strdup ("pub-1");
      s->kind = CS_SAMPLE_KIND_VIDEO;
      s->direction = CS_SAMPLE_DIRECTION_INBOUND;
      s->ssrc = 2;
      s->codec = g_strdup ("H264");
      s->packets = (t + 1) * 50;
      s->bytes = (t + 1) * 40000;
      s->has_packets_lost = TRUE;
      s->has_frames = TRUE;
      s->frames_decoded = s->frames_rendered = broken ? 0 : (t - 7) * 20;
      s->decode_errors = broken ? s->packets : 8 * 50;
      cs_stats_model_ingest (model, s);
      cs_stats_model_commit (model, t);
      if (tile == NULL && cs_stats_model_lookup (model, "pub-1") != NULL)
        tile = g_object_ref_sink (CS_VIDEO_TILE (cs_video_tile_new (cs_stats_model_lookup (model, "pub-1"), NULL)));
      if (t == 7)
        {
          g_assert_cmpstr (cs_video_tile_get_video_state (tile), ==, "undecodable");
          g_assert_true (has_label (GTK_WIDGET (tile), "Cannot decode H.264"));
          /* no score claimed from it */
          g_assert_cmpuint (cs_participant_get_uplink_quality (cs_stats_model_lookup (model, "pub-1")), ==, 0);
        }
    }
  g_assert_cmpstr (cs_video_tile_get_video_state (tile), !=, "undecodable");
  g_assert_false (has_label (GTK_WIDGET (tile), "Cannot decode H.264"));
  g_object_unref (tile);
}

static void
count_raise (CsStatsModel *model, CsExceptionEvent *event, guint *raises)
{
  if (!event->is_recovery)
    (*raises)++;
}

static void
test_log_receives_exceptions (void)
{
  CsWindow *window;
  CsStatsModel *model;
  CsEventLog *log;
  GListModel *all;
  g_autoptr (CsTestFeed) feed = NULL;
  CsTestImpairment clean = { 0, 20, 1, FALSE };
  CsTestImpairment lossy = { 30, 150, 40, FALSE };
  guint raises = 0, logged = 0, ongoing = 0, joins = 0;

  SKIP_WITHOUT_DISPLAY ();
  window = new_window ();
  model = cs_window_get_model (window);
  log = cs_window_get_event_log (window);
  g_signal_connect (model, "exception", G_CALLBACK (count_raise), &raises);
  feed = cs_test_feed_new (model, 2);
  cs_test_feed_set (feed, 0, &clean);
  cs_test_feed_run (feed, 10);
  cs_test_feed_set (feed, 2, &lossy);
  cs_test_feed_run (feed, 20);
  g_assert_cmpuint (raises, >, 0);

  all = cs_event_log_get_all (log);
  for (guint i = 0; i < g_list_model_get_n_items (all); i++)
    {
      g_autoptr (CsLogEntry) e = g_list_model_get_item (all, i);

      if (cs_log_entry_get_kind (e) == CS_LOG_KIND_EXCEPTION && !cs_exception_code_is_recovery (cs_log_entry_get_code (e)))
        {
          logged++;
          ongoing += cs_log_entry_get_ongoing (e);
        }
      joins += cs_log_entry_get_kind (e) == CS_LOG_KIND_PRESENCE;
    }
  g_assert_cmpuint (logged, ==, raises);
  g_assert_cmpuint (ongoing, >, 0);
  g_assert_cmpuint (joins, >=, 2);

  /* filter by kind and by user */
  cs_event_log_set_filter (log, NULL, CS_LOG_KIND_EXCEPTION);
  g_assert_cmpuint (g_list_model_get_n_items (cs_event_log_get_shown (log)), ==, logged);
  cs_event_log_set_filter (log, "user-1", CS_LOG_KIND_EXCEPTION);
  for (guint i = 0; i < g_list_model_get_n_items (cs_event_log_get_shown (log)); i++)
    {
      g_autoptr (CsLogEntry) e = g_list_model_get_item (cs_event_log_get_shown (log), i);
      g_assert_cmpstr (cs_log_entry_get_uid (e), ==, "user-1");
    }

  /* recovery closes the line with a duration */
  cs_event_log_set_filter (log, NULL, -1);
  cs_test_feed_set (feed, 2, &clean);
  cs_test_feed_run (feed, 30);
  ongoing = 0;
  for (guint i = 0; i < g_list_model_get_n_items (all); i++)
    {
      g_autoptr (CsLogEntry) e = g_list_model_get_item (all, i);

      if (cs_log_entry_get_kind (e) == CS_LOG_KIND_EXCEPTION && !cs_exception_code_is_recovery (cs_log_entry_get_code (e)))
        {
          ongoing += cs_log_entry_get_ongoing (e);
          if (!cs_log_entry_get_ongoing (e))
            g_assert_cmpfloat (cs_log_entry_get_duration (e), >, 0);
        }
    }
  g_assert_cmpuint (ongoing, ==, 0);

  /* selecting an event moves the charts to that moment */
  cs_event_log_set_filter (log, NULL, CS_LOG_KIND_EXCEPTION);
  {
    g_autoptr (CsLogEntry) e = g_list_model_get_item (cs_event_log_get_shown (log), 0);
    CsChart *chart = cs_window_get_chart (window, CS_WINDOW_CHART_LOSS);
    g_autoptr (GskRenderNode) node = NULL;
    double t0, t1;

    cs_event_log_select (log, 0);
    node = cs_chart_render_node (chart, 600, 200);
    cs_chart_get_visible_range (chart, &t0, &t1);
    g_assert_cmpfloat (t0, <=, cs_log_entry_get_t (e));
    g_assert_cmpfloat (t1, >=, cs_log_entry_get_t (e));
    g_assert_cmpfloat (fabs ((t0 + t1) / 2 - cs_log_entry_get_t (e)), <, 1 + (t1 - t0) / 2);
  }
  destroy_window (window);
}

static void
test_details_show_selected_user (void)
{
  CsWindow *window;
  CsStatsModel *model;
  CsDetailsPane *pane;
  g_autoptr (CsTestFeed) feed = NULL;
  CsNetworkQuality q;
  g_autofree char *expected = NULL;
  const char *shown;
  GtkWidget *child;

  SKIP_WITHOUT_DISPLAY ();
  window = new_window ();
  model = cs_window_get_model (window);
  pane = cs_window_get_details_pane (window);
  feed = cs_test_feed_new (model, 3);
  cs_test_feed_run (feed, 10);

  /* clicking a tile selects its user */
  for (child = gtk_widget_get_first_child (GTK_WIDGET (cs_window_get_tiles (window))); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *tile = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));

      if (g_strcmp0 (cs_participant_get_uid (cs_video_tile_get_participant (CS_VIDEO_TILE (tile))), "user-3") == 0)
        {
          gtk_flow_box_unselect_all (cs_window_get_tiles (window));
          gtk_flow_box_select_child (cs_window_get_tiles (window), GTK_FLOW_BOX_CHILD (child));
          g_signal_emit_by_name (cs_window_get_tiles (window), "selected-children-changed");
        }
    }
  g_assert_cmpstr (cs_window_get_selected_uid (window), ==, "user-3");
  g_assert_cmpstr (cs_details_pane_get_uid (pane), ==, "user-3");

  cs_test_feed_run (feed, 2);
  g_assert_true (cs_stats_model_get_remote_network_quality_for (model, "user-3", &q));
  expected = g_strdup_printf ("%u %s", q.downlinkNetworkQuality, cs_quality_score_label (q.downlinkNetworkQuality));
  shown = cs_details_pane_get_value (pane, "NetworkQuality", "downlinkNetworkQuality");
  g_assert_cmpstr (shown, ==, expected);
  /* a remote user: remote track stats with units, no local ones */
  shown = cs_details_pane_get_value (pane, "RemoteVideoTrackStats", "end2EndDelay");
  g_assert_nonnull (shown);
  g_assert_nonnull (strstr (shown, "ms"));
  g_assert_null (cs_details_pane_get_value (pane, "LocalVideoTrackStats", "sendBitrate"));
  g_assert_nonnull (cs_details_pane_get_value (pane, "RTCStats", "Duration"));

  /* the delays chart follows the selection */
  g_assert_cmpuint (cs_chart_get_n_series (cs_window_get_chart (window, CS_WINDOW_CHART_DELAYS)), ==, 3);
  g_assert_nonnull (strstr (cs_chart_get_title (cs_window_get_chart (window, CS_WINDOW_CHART_DELAYS)),
                            cs_participant_get_display_name (cs_stats_model_lookup (model, "user-3"))));

  /* the local user shows the local stats instead */
  cs_window_select_user (window, "local");
  g_assert_cmpstr (cs_details_pane_get_uid (pane), ==, "local");
  g_assert_null (cs_details_pane_get_value (pane, "RemoteVideoTrackStats", "end2EndDelay"));
  destroy_window (window);
}

static void
test_accessible_descriptions (void)
{
  CsWindow *window;
  g_autoptr (CsTestFeed) feed = NULL;
  GtkWidget *badge;

  SKIP_WITHOUT_DISPLAY ();
  window = new_window ();
  feed = cs_test_feed_new (cs_window_get_model (window), 1);
  cs_test_feed_run (feed, 5);
  badge = cs_video_tile_get_badge (tile_for (window, "user-1"), FALSE);
  /* the tooltip and the accessible description say the score in words */
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (badge),
                            cs_quality_badge_get_text (CS_QUALITY_BADGE (badge))));
  destroy_window (window);
}

/* Every row of the preferences is bound to its key, both ways. */
static void
test_preferences_bound (void)
{
  g_autoptr (GSettingsSchema) schema = NULL;
  g_autoptr (GSettings) settings = NULL;
  GtkWidget *prefs;
  GObject *users, *history, *scenario;
  g_autofree char *history_nick = NULL, *scenario_name = NULL;

  SKIP_WITHOUT_DISPLAY ();
  schema = g_settings_schema_source_lookup (g_settings_schema_source_get_default (), "io.github.callscope.Callscope", TRUE);
  if (schema == NULL)
    {
      g_test_skip ("the settings schema is not installed");
      return;
    }
  settings = g_settings_new ("io.github.callscope.Callscope");
  g_settings_set_strv (settings, "ice-servers", (const char *[]) { "stun:stun.example.com:3478", NULL });
  prefs = g_object_ref_sink (cs_preferences_window_new (NULL, settings));
  users = gtk_widget_get_template_child (prefs, CS_TYPE_PREFERENCES_WINDOW, "default-users");
  history = gtk_widget_get_template_child (prefs, CS_TYPE_PREFERENCES_WINDOW, "chart-history");
  scenario = gtk_widget_get_template_child (prefs, CS_TYPE_PREFERENCES_WINDOW, "default-scenario");

  g_settings_set_uint (settings, "default-users", 7);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (users)), ==, 7);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (users), 5);
  g_assert_cmpuint (g_settings_get_uint (settings, "default-users"), ==, 5);
  g_settings_set_string (settings, "chart-history", "1h");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (history)), ==, 2);
  adw_combo_row_set_selected (ADW_COMBO_ROW (history), 3);
  history_nick = g_settings_get_string (settings, "chart-history");
  g_assert_cmpstr (history_nick, ==, "all");
  gtk_editable_set_text (GTK_EDITABLE (scenario), "outage");
  scenario_name = g_settings_get_string (settings, "default-scenario");
  g_assert_cmpstr (scenario_name, ==, "outage");

  g_settings_reset (settings, "ice-servers");
  g_settings_reset (settings, "default-users");
  g_settings_reset (settings, "chart-history");
  g_settings_reset (settings, "default-scenario");
  gtk_window_destroy (GTK_WINDOW (prefs));
  g_object_unref (prefs);
}

static gboolean
all_remote_video_rendered (CsStatsModel *model)
{
  for (guint k = 1; k <= 3; k++)
    {
      g_autofree char *uid = g_strdup_printf ("user-%u", k);
      CsRemoteVideoTrackStats video;

      if (!cs_stats_model_get_remote_video_stats_for (model, uid, &video) || video.renderFrameRate <= 0)
        return FALSE;
    }
  return TRUE;
}

/* The real loopback lab in the window: tiles for the lab's users, then a clean stop. */
static void
test_lab_call (void)
{
  CsWindow *window;
  CsStatsModel *model;
  CsCallConfig config;
  gint64 deadline;

  SKIP_WITHOUT_DISPLAY ();
  window = new_window ();
  model = cs_window_get_model (window);
  cs_call_config_init (&config);
  config.mode = CS_CALL_MODE_LAB;
  config.users = 3; /* three users raced each other into a stalled video sink (appsink async) */
  cs_window_start_call (window, &config);
  cs_call_config_clear (&config);
  if (cs_stats_model_get_state (model) != CS_CALL_STATE_JOINED)
    {
      destroy_window (window);
      g_test_skip ("the lab call could not start here");
      return;
    }
  /* wait for what is measured: four tiles, and every remote user's video rendered in the
   * model (a busy machine takes longer to connect; the deadline only bounds a broken call) */
  deadline = g_get_monotonic_time () + 45 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline && (n_tiles (window) < 4 || !all_remote_video_rendered (model)))
    g_main_context_iteration (NULL, TRUE);
  g_test_message ("after %.1f s of the call: %u tiles", cs_stats_model_get_duration (model), n_tiles (window));
  g_assert_cmpuint (n_tiles (window), ==, n_present (model));
  g_assert_cmpuint (n_tiles (window), ==, 4);
  /* every remote user's video reaches its tile: frames were rendered, the tile is not waiting */
  for (guint k = 1; k <= 3; k++)
    {
      g_autofree char *uid = g_strdup_printf ("user-%u", k);
      CsVideoTile *tile = tile_for (window, uid);
      CsRemoteVideoTrackStats video = { 0 };
      gboolean known;

      g_assert_nonnull (tile);
      known = cs_stats_model_get_remote_video_stats_for (model, uid, &video);
      g_test_message ("%s: stats %s, %.1f fps rendered, tile %s", uid, known ? "known" : "unknown",
                      video.renderFrameRate,
                      cs_video_tile_get_video_state (tile) != NULL ? cs_video_tile_get_video_state (tile) : "playing");
      g_assert_true (known);
      g_assert_cmpfloat (video.renderFrameRate, >, 0);
      g_assert_cmpstr (cs_video_tile_get_video_state (tile), !=, "waiting");
    }
  /* the charts have the lab's series */
  g_assert_cmpuint (cs_chart_get_n_series (cs_window_get_chart (window, CS_WINDOW_CHART_RTT)), ==, 4);
  /* the connection view's details: every webrtcbin's selected pair (loopback host candidates)
   * and the offer and answer it negotiated */
  {
    GListModel *connections = cs_call_controller_get_connections (cs_window_get_controller (window));
    guint n = g_list_model_get_n_items (connections), complete = 0;

    for (guint i = 0; i < n; i++)
      {
        g_autoptr (CsConnectionInfo) info = g_list_model_get_item (connections, i);
        const char *selected = cs_connection_info_get_selected_pair_id (info);
        const CsCandidatePair *pair = selected != NULL ? cs_connection_info_lookup_pair (info, selected) : NULL;
        GPtrArray *descriptions = cs_connection_info_get_descriptions (info);

        g_test_message ("connection %s: selected %s, %u descriptions", cs_connection_info_get_label (info),
                        selected != NULL ? selected : "none", descriptions->len);
        if (pair != NULL && pair->local.port > 0 && pair->remote.port > 0 && descriptions->len >= 2)
          complete++;
      }
    g_assert_cmpuint (n, ==, 6);          /* both ends of three lab users */
    g_assert_cmpuint (complete, ==, n);
  }

  gtk_widget_activate_action (GTK_WIDGET (window), "win.stop-call", NULL);
  g_assert_cmpint (cs_stats_model_get_state (model), ==, CS_CALL_STATE_LEFT);
  /* the last values stay on screen */
  g_assert_cmpuint (cs_chart_get_n_series (cs_window_get_chart (window, CS_WINDOW_CHART_RTT)), ==, 4);
  destroy_window (window);
}

typedef struct
{
  CsWindow *window;
  guint     ticks_during;   /* the timeout fired while the model was fed in part */
  double    duration_seen;  /* the model's duration at the last such tick */
  gboolean  cancel;         /* cancel with the window's action at the first such tick */
} ReplayWatch;

static gboolean
replay_tick_cb (gpointer data)
{
  ReplayWatch *w = data;
  CsStatsModel *model = cs_window_get_model (w->window);

  if (cs_stats_model_get_state (model) == CS_CALL_STATE_JOINED)
    {
      w->ticks_during++;
      w->duration_seen = cs_stats_model_get_duration (model);
      if (w->cancel && w->ticks_during == 1)
        g_action_group_activate_action (G_ACTION_GROUP (w->window), "cancel-replay", NULL);
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
replay_running (CsWindow *window)
{
  return g_action_group_get_action_enabled (G_ACTION_GROUP (window), "cancel-replay");
}

/* A long recording (10 min) opens with the main loop going on (a timeout fires while the model is
 * fed in part), to its end; a replay cancelled with the bar's button leaves the model
 * where it stopped; closing the window during a replay cancels it. */
static void
test_replay_long (void)
{
  g_autofree char *fixture = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GFile) file = NULL;
  CsWindow *window;
  CsStatsModel *model;
  ReplayWatch w = { 0 };
  guint tick;

  SKIP_WITHOUT_DISPLAY ();
  fixture = g_build_filename (CS_TEST_RECORDINGS, "lab-wifi-lossy.jsonl", NULL);
  dir = g_dir_make_tmp ("cs-window-replay-XXXXXX", NULL);
  path = g_build_filename (dir, "long.jsonl", NULL);
  /* ten minutes: long enough for several chunks, short enough for the sanitizer pass */
  cs_long_recording_write (fixture, 600, path);
  file = g_file_new_for_path (path);

  for (guint cancel = 0; cancel < 2; cancel++)
    {
      window = new_window ();
      gtk_window_present (GTK_WINDOW (window));
      model = cs_window_get_model (window);
      memset (&w, 0, sizeof w);
      w.window = window;
      w.cancel = cancel;
      tick = g_timeout_add (5, replay_tick_cb, &w);
      cs_window_open_recording (window, file);
      g_assert_true (replay_running (window));
      while (replay_running (window))
        g_main_context_iteration (NULL, TRUE);
      g_source_remove (tick);

      g_assert_cmpuint (w.ticks_during, >=, 1);
      g_assert_cmpfloat (w.duration_seen, >, 0);
      g_assert_cmpint (cs_stats_model_get_state (model), ==, CS_CALL_STATE_LEFT);
      if (!cancel)
        {
          g_assert_cmpfloat (w.duration_seen, <, cs_stats_model_get_duration (model));
          g_assert_cmpfloat (cs_stats_model_get_duration (model), >, 600);
        }
      else
        g_assert_cmpfloat (cs_stats_model_get_duration (model), <, 600);
      destroy_window (window);
    }

  /* closed while it replays */
  window = new_window ();
  cs_window_open_recording (window, file);
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  destroy_window (window);
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* Software GL (Mesa under Xvfb) keeps driver memory that LeakSanitizer reports after the
   * driver is unloaded; these tests check widgets and render trees, not GL. */
  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
  have_display = gtk_init_check ();
  if (have_display)
    adw_init ();

  g_test_add_func ("/window/tiles-follow-users", test_tiles_follow_users);
  g_test_add_func ("/window/badges-follow-scores", test_badges_follow_scores);
  g_test_add_func ("/window/tile-follows-participant", test_tile_follows_participant);
  g_test_add_func ("/window/tile-undecodable", test_tile_undecodable);
  g_test_add_func ("/window/log-receives-exceptions", test_log_receives_exceptions);
  g_test_add_func ("/window/details-show-selected-user", test_details_show_selected_user);
  g_test_add_func ("/window/accessible-descriptions", test_accessible_descriptions);
  g_test_add_func ("/window/preferences-bound", test_preferences_bound);
  g_test_add_func ("/window/lab-call", test_lab_call);
  g_test_add_func ("/window/replay-long", test_replay_long);
  return g_test_run ();
}
