/* cs-window.c — the dashboard window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window is fed only by its CsStatsModel (live call, replayed recording or a test
 * feeding samples look the same): tiles are bound to the model's participants, the
 * charts read their CsTimeSeries, the log follows the model's signals, and the
 * details pane re-reads the Agora-shaped getters once per committed second.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>

#include "cs-call-controller.h"
#include "cs-chart-table.h"
#include "cs-details-pane.h"
#include "cs-event-log.h"
#include "cs-range-summary.h"
#include "cs-video-paintable.h"
#include "cs-video-tile.h"
#include "cs-window-private.h"

G_DEFINE_FINAL_TYPE (CsWindow, cs_window, ADW_TYPE_APPLICATION_WINDOW)

/* ---- helpers ----------------------------------------------------------------------- */

void
_cs_window_toast (CsWindow *self, const char *text)
{
  /* libadwaita 1.2 parses a toast's title as markup: messages may hold <, & … */
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  AdwToast *t = adw_toast_new (escaped);

  adw_toast_set_timeout (t, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

gboolean
_cs_window_settings_has (CsWindow *self, const char *key)
{
  g_autoptr (GSettingsSchema) schema = NULL;

  if (self->settings == NULL)
    return FALSE;
  g_object_get (self->settings, "settings-schema", &schema, NULL);
  return g_settings_schema_has_key (schema, key);
}

static double
history_from_nick (const char *nick)
{
  if (g_strcmp0 (nick, "1m") == 0)
    return 60;
  if (g_strcmp0 (nick, "1h") == 0)
    return 3600;
  if (g_strcmp0 (nick, "all") == 0)
    return 0;
  return 300;
}

static void
apply_thresholds (CsWindow *self)
{
  cs_call_controller_apply_thresholds (self->controller);
}

static void
apply_color_scheme (CsWindow *self)
{
  AdwColorScheme scheme = ADW_COLOR_SCHEME_DEFAULT;

  if (!_cs_window_settings_has (self, "color-scheme"))
    return;
  switch (g_settings_get_enum (self->settings, "color-scheme"))
    {
    case 1:
      scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;
      break;
    case 2:
      scheme = ADW_COLOR_SCHEME_FORCE_DARK;
      break;
    default:
      break;
    }
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), scheme);
}

void
_cs_window_update_subtitle (CsWindow *self)
{
  g_autofree char *subtitle = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->present));
  long d = (long) cs_stats_model_get_duration (self->model);
  g_autofree char *named = NULL;
  const char *what, *mode;

  if (cs_stats_model_get_state (self->model) == CS_CALL_STATE_IDLE)
    {
      adw_window_title_set_subtitle (self->window_title, NULL);
      return;
    }
  mode = cs_call_controller_get_mode_name (self->controller);
  if (g_strcmp0 (mode, "import") == 0 && self->replay_name != NULL)
    /* Translators: window subtitle, %s is the file name of a browser's dump */
    what = named = g_strdup_printf (_("Dump %s"), self->replay_name);
  else if (g_strcmp0 (mode, "replay") == 0 && self->replay_name != NULL)
    /* Translators: window subtitle, %s is the file name of a recording */
    what = named = g_strdup_printf (_("Recording %s"), self->replay_name);
  else if (g_strcmp0 (mode, "replay") == 0)
    what = _("Recording");
  else if (g_strcmp0 (mode, "lab") == 0)
    what = _("Lab call");
  else
    what = _("Call");
  /* Translators: window subtitle: "Lab call · 4 users · 1:02:03" */
  subtitle = g_strdup_printf (ngettext ("%s · %u user · %ld:%02ld:%02ld", "%s · %u users · %ld:%02ld:%02ld", n),
                              what, n, d / 3600, (d / 60) % 60, d % 60);
  if (cs_stats_model_get_state (self->model) == CS_CALL_STATE_LEFT)
    {
      g_autofree char *ended = g_strdup_printf (_("%s (ended)"), subtitle);
      adw_window_title_set_subtitle (self->window_title, ended);
    }
  else if (cs_call_controller_get_down (self->controller))
    {
      /* Translators: window subtitle while the call's server is lost: "Call · 2 users · 0:10:00 (down, joining again)" */
      g_autofree char *down = g_strdup_printf (_("%s (down, joining again)"), subtitle);
      adw_window_title_set_subtitle (self->window_title, down);
    }
  else
    adw_window_title_set_subtitle (self->window_title, subtitle);
}

const char *
_cs_window_participant_name (CsWindow *self, const char *uid)
{
  CsParticipant *p = uid != NULL ? cs_stats_model_lookup (self->model, uid) : NULL;

  return p != NULL ? cs_participant_ui_name (p) : uid;
}

/* ---- charts ------------------------------------------------------------------------ */

/* The charts: cs-chart-table.c */
#define SELECTED_DELAYS CS_CHART_SELECTED_DELAYS
#define chart_rows cs_chart_rows
G_STATIC_ASSERT (CS_CHART_TABLE_LENGTH == CS_WINDOW_N_CHARTS);

void
_cs_window_rebuild_delay_chart (CsWindow *self)
{
  CsChart *chart = self->charts[CS_WINDOW_CHART_DELAYS]; /* the SELECTED_DELAYS row */
  CsParticipant *p = self->selected_uid != NULL ? cs_stats_model_lookup (self->model, self->selected_uid) : NULL;
  g_autofree char *title = NULL;

  cs_chart_clear_series (chart);
  if (p == NULL)
    {
      cs_chart_set_title (chart, _("Delays (select a user)"));
      return;
    }
  /* Translators: chart title, %s is a user name */
  title = g_strdup_printf (_("Delays of %s"), cs_participant_ui_name (p));
  cs_chart_set_title (chart, title);
  {
    CsTimeSeries *measured = cs_participant_get_series (p, CS_SERIES_DELAY_MEASURED);

    cs_chart_add_series (chart, cs_participant_get_series (p, CS_SERIES_END2END_DELAY), "end2EndDelay", 0, measured);
    cs_chart_add_series (chart, cs_participant_get_series (p, CS_SERIES_RECEIVE_DELAY), "receiveDelay", 1, measured);
    cs_chart_add_series (chart, cs_participant_get_series (p, CS_SERIES_TRANSPORT_DELAY), "transportDelay", 2, measured);
  }
}

static void
rebuild_charts (CsWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));

  for (guint c = 0; c < G_N_ELEMENTS (chart_rows); c++)
    if (chart_rows[c].series != SELECTED_DELAYS)
      cs_chart_clear_series (self->charts[c]);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (CsParticipant) p = g_list_model_get_item (G_LIST_MODEL (self->model), i);

      for (guint c = 0; c < G_N_ELEMENTS (chart_rows); c++)
        if (chart_rows[c].series != SELECTED_DELAYS)
          cs_chart_add_series (self->charts[c], cs_participant_get_series (p, chart_rows[c].series),
                               cs_participant_ui_name (p), i, NULL);
    }
  _cs_window_rebuild_delay_chart (self);
}

static void
charts_set_latest (CsWindow *self, double t)
{
  cs_chart_view_set_latest (self->view, t);
  for (guint i = 0; i < CS_WINDOW_N_CHARTS; i++)
    cs_chart_set_latest (self->charts[i], t);
}

void
_cs_window_set_anchor (CsWindow *self, double t)
{
  self->anchor = t;
  for (guint i = 0; i < CS_WINDOW_N_CHARTS; i++)
    cs_chart_set_anchor (self->charts[i], t);
  if (t >= 0)
    cs_chart_view_center_on (self->view, t);
  else
    cs_chart_view_set_follow_live (self->view, TRUE);
}

/* a narrow window folds the details pane over the charts (hidden until asked for): the
 * show-details action says what is shown, the setting keeps what the user chose */
static void
reveal_flap_cb (AdwFlap *flap, GParamSpec *pspec, CsWindow *self)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "show-details");

  if (action != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (adw_flap_get_reveal_flap (flap)));
}

/* a Shift-drag on a chart selected a range (or Escape cleared it): the details summarise it */
void
_cs_window_update_range_summary (CsWindow *self)
{
  double t0, t1;
  g_autofree char *text = NULL;

  if (cs_chart_view_get_selection (self->view, &t0, &t1))
    text = cs_range_summary_format (self->model, cs_call_controller_get_digest (self->controller), cs_event_log_get_all (self->event_log), t0, t1,
                                    cs_chart_get_time_origin (self->charts[0]));
  cs_details_pane_set_range_summary (self->details_pane, text);
}

static void
selection_changed_cb (CsChartView *view, CsWindow *self)
{
  _cs_window_update_range_summary (self);
}

/* folding (the window got narrow) hides the details over the charts; they come back on F9 */
static void
folded_cb (AdwFlap *flap, GParamSpec *pspec, CsWindow *self)
{
  if (adw_flap_get_folded (flap))
    adw_flap_set_reveal_flap (flap, FALSE);
}

/* the user's zoom or pan stopped following live, End or the toggle started again */
static void
follow_live_cb (CsChartView *view, GParamSpec *pspec, CsWindow *self)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "follow-live");
  gboolean follow = cs_chart_view_get_follow_live (view);

  if (action != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (follow));
  if (follow && self->anchor >= 0)
    {
      self->anchor = -1;
      for (guint i = 0; i < CS_WINDOW_N_CHARTS; i++)
        cs_chart_set_anchor (self->charts[i], -1);
    }
}

void
_cs_window_apply_time_origin (CsWindow *self)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "wall-clock");
  g_autoptr (GVariant) state = action != NULL ? g_action_get_state (action) : NULL;
  double origin = state != NULL && g_variant_get_boolean (state) ? cs_call_controller_get_start_time (self->controller)
                                                                  : NAN;

  for (guint i = 0; i < CS_WINDOW_N_CHARTS; i++)
    cs_chart_set_time_origin (self->charts[i], origin);
  cs_event_log_set_time_origin (self->event_log, origin);
}

static void
start_time_cb (CsCallController *controller, GParamSpec *pspec, CsWindow *self)
{
  _cs_window_apply_time_origin (self);
}

void
_cs_window_set_history (CsWindow *self, const char *nick)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "history");

  self->history = history_from_nick (nick);
  for (guint i = 0; i < CS_WINDOW_N_CHARTS; i++)
    cs_chart_set_history (self->charts[i], self->history);
  cs_chart_view_set_history (self->view, self->history);
  if (action != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_string (nick));
}

/* ---- model signals ----------------------------------------------------------------- */

static void
reset_view (CsWindow *self)
{
  cs_event_log_clear (self->event_log);
  g_array_set_size (self->markers, 0);
  g_hash_table_remove_all (self->connection_states);
  g_clear_pointer (&self->selected_uid, g_free);
  cs_chart_view_set_latest (self->view, 0);
  cs_chart_view_reset (self->view);
  cs_chart_view_set_selection (self->view, NAN, NAN);
  _cs_window_set_anchor (self, -1);
  rebuild_charts (self);
  _cs_window_update_selection_label (self);
  gtk_filter_changed (GTK_FILTER (self->present_filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
model_state_cb (CsStatsModel *model, GParamSpec *pspec, CsWindow *self)
{
  if (cs_stats_model_get_state (model) == CS_CALL_STATE_JOINED)
    {
      reset_view (self);
      gtk_stack_set_visible_child_name (self->main_stack, "call");
    }
  _cs_window_update_subtitle (self);
}

static void
user_joined_cb (CsStatsModel *model, CsParticipant *p, CsWindow *self)
{
  const char *uid = cs_participant_get_uid (p);

  cs_event_log_add_user_name (self->event_log, uid, cs_participant_ui_name (p));
  cs_event_log_add_presence (self->event_log, cs_stats_model_get_duration (model), uid, TRUE);
  gtk_filter_changed (GTK_FILTER (self->present_filter), GTK_FILTER_CHANGE_LESS_STRICT);
  rebuild_charts (self);
  /* the first remote user is the most telling one to start with */
  if (self->selected_uid == NULL && !cs_participant_get_is_local (p))
    cs_window_select_user (self, uid);
  else
    _cs_window_sync_tile_selection (self);
  gtk_stack_set_visible_child_name (self->main_stack, "call");
}

static void
user_left_cb (CsStatsModel *model, CsParticipant *p, CsWindow *self)
{
  cs_event_log_add_presence (self->event_log, cs_stats_model_get_duration (model), cs_participant_get_uid (p), FALSE);
  gtk_filter_changed (GTK_FILTER (self->present_filter), GTK_FILTER_CHANGE_MORE_STRICT);
}

static void
exception_cb (CsStatsModel *model, CsExceptionEvent *event, CsWindow *self)
{
  CsChartMarker m = { event->t, event->is_recovery };

  cs_event_log_add_exception (self->event_log, event);
  g_array_append_val (self->markers, m);
}

void
_cs_window_update_views (CsWindow *self, double t)
{
  charts_set_latest (self, t);
  _cs_window_check_tiles_video (self);
  if (gtk_widget_get_visible (GTK_WIDGET (self->details_pane)) && adw_flap_get_reveal_flap (self->flap))
    cs_details_pane_update (self->details_pane, self->model, self->selected_uid);
  _cs_window_update_subtitle (self);
}

static void
committed_cb (CsStatsModel *model, double t, CsWindow *self)
{
  if (!self->replaying)
    _cs_window_update_views (self, t);
}

static const char *
connection_state_text (CsConnectionState state)
{
  switch (state)
    {
    case CS_CONNECTION_STATE_NEW:
      return _("New connection");
    case CS_CONNECTION_STATE_CONNECTING:
      return _("Connecting");
    case CS_CONNECTION_STATE_CONNECTED:
      return _("Connected");
    case CS_CONNECTION_STATE_DISCONNECTED:
      return _("Disconnected");
    case CS_CONNECTION_STATE_FAILED:
      return _("Connection failed");
    case CS_CONNECTION_STATE_CLOSED:
      return _("Connection closed");
    default:
      return _("Connection changed");
    }
}

static void
sample_ingested_cb (CsStatsModel *model, const CsStatsSample *sample, CsWindow *self)
{
  g_autofree char *key = NULL;
  g_autofree char *text = NULL;
  g_autofree char *state = NULL;
  const char *old, *message;
  gboolean same_state;
  const char *a, *b, *uid;

  if (sample->kind != CS_SAMPLE_KIND_CONNECTION)
    return;
  a = sample->observer_uid != NULL ? sample->observer_uid : "";
  b = sample->peer_uid != NULL ? sample->peer_uid : "";
  if (sample->display_name != NULL && *b != '\0')
    cs_event_log_add_user_name (self->event_log, b, sample->display_name);
  key = g_strcmp0 (a, b) < 0 ? g_strdup_printf ("%s|%s", a, b) : g_strdup_printf ("%s|%s", b, a);
  old = g_hash_table_lookup (self->connection_states, key);
  message = sample->message != NULL && *sample->message != '\0' ? sample->message : NULL;
  state = g_strdup_printf ("%d|%s", sample->connection_state, message != NULL ? message : "");
  /* a line per change of state, and per message (an imported dump's API calls) */
  if (g_strcmp0 (old, state) == 0)
    return;
  same_state = old != NULL && atoi (old) == (int) sample->connection_state;
  g_hash_table_replace (self->connection_states, g_steal_pointer (&key), g_steal_pointer (&state));
  uid = g_strcmp0 (a, cs_stats_model_get_local_uid (model)) == 0 ? b : a;
  /* an API call (an imported dump's) says only what it is */
  if (message != NULL && (same_state || (old == NULL && sample->connection_state == CS_CONNECTION_STATE_NEW)))
    text = g_strdup (message);
  else if (message != NULL)
    text = g_strdup_printf ("%s: %s", connection_state_text (sample->connection_state), message);
  else
    text = g_strdup (connection_state_text (sample->connection_state));
  cs_event_log_add_connection (self->event_log, sample->t, uid, text);
}

static void
event_selected_cb (CsEventLog *log, double t, const char *uid, CsWindow *self)
{
  _cs_window_set_anchor (self, t);
  if (uid != NULL && *uid != '\0' && cs_stats_model_lookup (self->model, uid) != NULL)
    cs_window_select_user (self, uid);
}

/* ---- settings ---------------------------------------------------------------------- */

static void
settings_changed_cb (GSettings *settings, const char *key, CsWindow *self)
{
  if (g_strcmp0 (key, "color-scheme") == 0)
    apply_color_scheme (self);
  else if (g_strcmp0 (key, "chart-history") == 0)
    {
      g_autofree char *nick = g_settings_get_string (settings, "chart-history");
      _cs_window_set_history (self, nick);
    }
  else if (g_strcmp0 (key, "default-users") == 0)
    gtk_spin_button_set_value (self->users_spin, g_settings_get_uint (settings, "default-users"));
  else if (g_str_has_suffix (key, "-min") || g_str_has_prefix (key, "hysteresis") ||
           g_strcmp0 (key, "poor-quality-score") == 0 || g_strcmp0 (key, "media-stopped-seconds") == 0)
    apply_thresholds (self);
}

static void
add_scenarios_from (GPtrArray *names, const char *dir_path)
{
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      {
        g_autofree char *base = g_strndup (name, strlen (name) - 5);
        gboolean seen = FALSE;

        for (guint i = 1; i < names->len; i++)
          seen |= g_strcmp0 (g_ptr_array_index (names, i), base) == 0;
        if (!seen)
          g_ptr_array_add (names, g_steal_pointer (&base));
      }
}

static int
compare_names (gconstpointer a, gconstpointer b, gpointer user_data)
{
  return g_strcmp0 (*(const char **) a, *(const char **) b);
}

static void
load_scenarios (CsWindow *self)
{
  g_autofree char *installed = g_build_filename (PKGDATADIR, "scenarios", NULL);
  g_autoptr (GtkStringList) list = gtk_string_list_new (NULL);
  g_autofree char *wanted = NULL;
  guint selected = 0;

  g_ptr_array_add (self->scenarios, g_strdup (""));
  add_scenarios_from (self->scenarios, SOURCE_SCENARIODIR);
  add_scenarios_from (self->scenarios, installed);
  if (self->scenarios->len > 2)
    g_qsort_with_data (self->scenarios->pdata + 1, self->scenarios->len - 1, sizeof (gpointer),
                       compare_names, NULL);
  if (_cs_window_settings_has (self, "default-scenario"))
    wanted = g_settings_get_string (self->settings, "default-scenario");
  gtk_string_list_append (list, _("None (clean network)"));
  for (guint i = 1; i < self->scenarios->len; i++)
    {
      gtk_string_list_append (list, g_ptr_array_index (self->scenarios, i));
      if (g_strcmp0 (wanted, g_ptr_array_index (self->scenarios, i)) == 0)
        selected = i;
    }
  gtk_drop_down_set_model (self->scenario_dropdown, G_LIST_MODEL (list));
  gtk_drop_down_set_selected (self->scenario_dropdown, selected);
}

/* ---- frame counting (fps benchmark) ------------------------------------------------ */

static void
after_paint_cb (GdkFrameClock *clock, CsWindow *self)
{
  self->frames_drawn++;
}

static void
cs_window_realize (GtkWidget *widget)
{
  CsWindow *self = CS_WINDOW (widget);

  GTK_WIDGET_CLASS (cs_window_parent_class)->realize (widget);
  self->frame_clock = g_object_ref (gtk_widget_get_frame_clock (widget));
  self->after_paint_id = g_signal_connect (self->frame_clock, "after-paint", G_CALLBACK (after_paint_cb), self);
}

static void
cs_window_unrealize (GtkWidget *widget)
{
  CsWindow *self = CS_WINDOW (widget);

  if (self->frame_clock != NULL)
    {
      g_clear_signal_handler (&self->after_paint_id, self->frame_clock);
      g_clear_object (&self->frame_clock);
    }
  GTK_WIDGET_CLASS (cs_window_parent_class)->unrealize (widget);
}

/* ---- life cycle -------------------------------------------------------------------- */

static void
cs_window_dispose (GObject *object)
{
  CsWindow *self = CS_WINDOW (object);

  g_cancellable_cancel (self->replay_cancellable);
  g_clear_object (&self->replay_cancellable);
  g_cancellable_cancel (self->start_cancellable);
  g_clear_object (&self->start_cancellable);
  g_clear_pointer (&self->replay_name, g_free);
  _cs_window_reproduce_dispose (self);
  g_clear_object (&self->call_file);
  if (self->controller != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->controller, self);
      cs_call_controller_stop (self->controller, NULL);
    }
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  _cs_window_tiles_dispose (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_WINDOW);
  if (self->view != NULL)
    g_signal_handlers_disconnect_by_data (self->view, self);
  g_clear_object (&self->view);
  g_clear_object (&self->present);
  g_clear_object (&self->model);
  g_clear_object (&self->controller);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->markers, g_array_unref);
  g_clear_pointer (&self->connection_states, g_hash_table_unref);
  g_clear_pointer (&self->scenarios, g_ptr_array_unref);
  G_OBJECT_CLASS (cs_window_parent_class)->dispose (object);
}

static void
cs_window_finalize (GObject *object)
{
  CsWindow *self = CS_WINDOW (object);

  g_free (self->selected_uid);
  G_OBJECT_CLASS (cs_window_parent_class)->finalize (object);
}

static void
cs_window_class_init (CsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_window_dispose;
  object_class->finalize = cs_window_finalize;
  widget_class->realize = cs_window_realize;
  widget_class->unrealize = cs_window_unrealize;

  g_type_ensure (CS_TYPE_EVENT_LOG);
  g_type_ensure (CS_TYPE_DETAILS_PANE);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/callscope/Callscope/cs-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CsWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, start_button);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, stop_button);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, join_button);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, tiles);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, event_log);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, charts_box);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, selection_label);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, live_button);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, main_paned);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, details_pane);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, scenario_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, users_spin);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, replay_revealer);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, replay_label);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, replay_progress);
}

static void
lookup_settings (CsWindow *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema != NULL)
    self->settings = g_settings_new_full (schema, NULL, NULL);
}

static void
cs_window_init (CsWindow *self)
{
  g_autofree char *history = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->markers = g_array_new (FALSE, FALSE, sizeof (CsChartMarker));
  self->connection_states = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->scenarios = g_ptr_array_new_with_free_func (g_free);
  self->anchor = -1;
  self->history = 300;
  lookup_settings (self);

  _cs_window_add_actions (self);
  _cs_window_export_init (self);
  _cs_window_reproduce_init (self);
  self->view = cs_chart_view_new ();
  g_signal_connect (self->view, "notify::follow-live", G_CALLBACK (follow_live_cb), self);
  g_signal_connect (self->flap, "notify::reveal-flap", G_CALLBACK (reveal_flap_cb), self);
  g_signal_connect (self->flap, "notify::folded", G_CALLBACK (folded_cb), self);
  g_signal_connect (self->view, "selection-changed", G_CALLBACK (selection_changed_cb), self);

  for (guint i = 0; i < CS_WINDOW_N_CHARTS; i++)
    {
      g_assert (chart_rows[i].id == i);
      self->charts[i] = cs_chart_new (_(chart_rows[i].title), chart_rows[i].unit, chart_rows[i].style);
      cs_chart_set_markers (self->charts[i], self->markers);
      cs_chart_set_view (self->charts[i], self->view);
      gtk_box_append (GTK_BOX (self->charts_box), GTK_WIDGET (self->charts[i]));
    }

  self->controller = cs_call_controller_new (self->settings);
  self->model = g_object_ref (cs_call_controller_get_model (self->controller));
  _cs_window_call_init (self);
  _cs_window_replay_init (self);
  g_signal_connect (self->controller, "notify::start-time", G_CALLBACK (start_time_cb), self);
  _cs_window_tiles_init (self);
  g_signal_connect (self->model, "notify::state", G_CALLBACK (model_state_cb), self);
  g_signal_connect (self->model, "user-joined", G_CALLBACK (user_joined_cb), self);
  g_signal_connect (self->model, "user-left", G_CALLBACK (user_left_cb), self);
  g_signal_connect (self->model, "exception", G_CALLBACK (exception_cb), self);
  g_signal_connect (self->model, "committed", G_CALLBACK (committed_cb), self);
  g_signal_connect (self->model, "sample-ingested", G_CALLBACK (sample_ingested_cb), self);
  g_signal_connect (self->event_log, "event-selected", G_CALLBACK (event_selected_cb), self);

  if (self->settings != NULL)
    {
      g_signal_connect (self->settings, "changed", G_CALLBACK (settings_changed_cb), self);
      if (_cs_window_settings_has (self, "default-users"))
        gtk_spin_button_set_value (self->users_spin, g_settings_get_uint (self->settings, "default-users"));
      if (_cs_window_settings_has (self, "chart-history"))
        history = g_settings_get_string (self->settings, "chart-history");
      if (_cs_window_settings_has (self, "wall-clock") && !g_settings_get_boolean (self->settings, "wall-clock"))
        g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "wall-clock")),
                                   g_variant_new_boolean (FALSE));
      if (_cs_window_settings_has (self, "show-details") && !g_settings_get_boolean (self->settings, "show-details"))
        {
          adw_flap_set_reveal_flap (self->flap, FALSE);
          g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "show-details")),
                                     g_variant_new_boolean (FALSE));
        }
      apply_color_scheme (self);
      /* the window comes back at the size it was closed with */
      if (_cs_window_settings_has (self, "window-width"))
        {
          g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
          g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
          g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
        }
      /* where the user last dragged the divider between the tiles and the charts */
      if (_cs_window_settings_has (self, "tiles-width"))
        g_settings_bind (self->settings, "tiles-width", self->main_paned, "position", G_SETTINGS_BIND_DEFAULT);
    }
  _cs_window_set_history (self, history != NULL ? history : "5m");
  load_scenarios (self);
  apply_thresholds (self);
  _cs_window_set_call_running (self, FALSE);
  _cs_window_set_anchor (self, -1);
  rebuild_charts (self);
  _cs_window_update_selection_label (self);
}

CsWindow *
cs_window_new (AdwApplication *app)
{
  return g_object_new (CS_TYPE_WINDOW, "application", app, NULL);
}

CsStatsModel *
cs_window_get_model (CsWindow *self)
{
  g_return_val_if_fail (CS_IS_WINDOW (self), NULL);
  return self->model;
}

GtkFlowBox *
cs_window_get_tiles (CsWindow *self)
{
  g_return_val_if_fail (CS_IS_WINDOW (self), NULL);
  return self->tiles;
}

CsCallController *
cs_window_get_controller (CsWindow *self)
{
  g_return_val_if_fail (CS_IS_WINDOW (self), NULL);
  return self->controller;
}

CsEventLog *
cs_window_get_event_log (CsWindow *self)
{
  g_return_val_if_fail (CS_IS_WINDOW (self), NULL);
  return self->event_log;
}

CsDetailsPane *
cs_window_get_details_pane (CsWindow *self)
{
  g_return_val_if_fail (CS_IS_WINDOW (self), NULL);
  return self->details_pane;
}

CsChart *
cs_window_get_chart (CsWindow *self, CsWindowChart chart)
{
  g_return_val_if_fail (CS_IS_WINDOW (self), NULL);
  g_return_val_if_fail (chart < CS_WINDOW_N_CHARTS, NULL);
  return self->charts[chart];
}

const char *
cs_window_get_selected_uid (CsWindow *self)
{
  g_return_val_if_fail (CS_IS_WINDOW (self), NULL);
  return self->selected_uid;
}

guint64
cs_window_get_frames_drawn (CsWindow *self)
{
  g_return_val_if_fail (CS_IS_WINDOW (self), 0);
  return self->frames_drawn;
}
