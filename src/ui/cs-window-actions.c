/* cs-window-actions.c — the window's actions (win.*) and their keyboard shortcuts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * As in GNOME Text Editor: what the header bar, the menu and the shortcuts do, apart from
 * the window's views (cs-window.c).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "cs-connections-window.h"
#include "cs-join-dialog.h"
#include "cs-preferences-window.h"
#include "cs-window-private.h"


static void
start_call_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  CsWindow *self = user_data;
  CsCallConfig config;
  guint selected = gtk_drop_down_get_selected (self->scenario_dropdown);

  cs_call_config_init (&config);
  config.mode = CS_CALL_MODE_LAB;
  config.users = (guint) gtk_spin_button_get_value_as_int (self->users_spin);
  if (selected != GTK_INVALID_LIST_POSITION && selected > 0 && selected < self->scenarios->len)
    config.scenario = g_strdup (g_ptr_array_index (self->scenarios, selected));
  cs_window_start_call (self, &config);
  cs_call_config_clear (&config);
}

static void
on_join (CsJoinDialog *dialog, const CsCallConfig *config, CsWindow *self)
{
  cs_window_start_call (self, config);
}

static void
join_call_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  CsWindow *self = user_data;
  CsJoinDialog *dialog = cs_join_dialog_new (GTK_WINDOW (self), self->settings);

  g_signal_connect_object (dialog, "join", G_CALLBACK (on_join), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
stop_call_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  _cs_window_stop_call (user_data);
}

static void
record_change_state (GSimpleAction *action, GVariant *value, gpointer user_data)
{
  CsWindow *self = user_data;
  gboolean on = g_variant_get_boolean (value);

  if (on && cs_call_controller_get_running (self->controller))
    on = _cs_window_start_recorder (self, NULL);
  else if (on)
    _cs_window_toast (self, _("The next call will be recorded"));
  else
    _cs_window_stop_recorder (self, TRUE);
  g_simple_action_set_state (action, g_variant_new_boolean (on));
}

static void
open_response_cb (GtkNativeDialog *dialog, int response, gpointer user_data)
{
  CsWindow *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr (GFile) parent = file != NULL ? g_file_get_parent (file) : NULL;

      if (parent != NULL && g_file_peek_path (parent) != NULL && _cs_window_settings_has (self, "last-record-folder"))
        g_settings_set_string (self->settings, "last-record-folder", g_file_peek_path (parent));
      if (file != NULL)
        cs_window_open_recording (self, file);
    }
  g_object_unref (dialog);
}

static void
open_recording_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  CsWindow *self = user_data;
  GtkFileChooserNative *dialog;
  GtkFileFilter *filter;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  dialog = gtk_file_chooser_native_new (_("Open a Recording or a Dump"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  /* told apart by content, not by name (cs-call-file.c): the patterns only narrow the list */
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("Recordings and browser dumps"));
  gtk_file_filter_add_pattern (filter, "*.jsonl");
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_filter_add_pattern (filter, "*.txt");
  gtk_file_filter_add_pattern (filter, "*.gz");
  gtk_file_filter_add_pattern (filter, "*.log");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_object_unref (filter);
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("All files"));
  gtk_file_filter_add_pattern (filter, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_object_unref (filter);
  if (_cs_window_settings_has (self, "last-record-folder"))
    {
      g_autofree char *folder = g_settings_get_string (self->settings, "last-record-folder");

      if (*folder != '\0' && g_file_test (folder, G_FILE_TEST_IS_DIR))
        {
          g_autoptr (GFile) dir = g_file_new_for_path (folder);
          gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (dialog), dir, NULL);
        }
    }
  G_GNUC_END_IGNORE_DEPRECATIONS
  g_signal_connect (dialog, "response", G_CALLBACK (open_response_cb), self);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
preferences_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  CsWindow *self = user_data;
  GtkWindow *prefs;

  if (self->settings == NULL)
    {
      _cs_window_toast (self, _("Preferences are unavailable: the settings schema is not installed"));
      return;
    }
  prefs = GTK_WINDOW (cs_preferences_window_new (GTK_WINDOW (self), self->settings));
  gtk_window_present (prefs);
}

static void
connections_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  CsWindow *self = user_data;
  GtkWidget *window = cs_connections_window_new (GTK_WINDOW (self), cs_call_controller_get_connections (self->controller),
                                                 cs_call_controller_get_running (self->controller));

  gtk_window_present (GTK_WINDOW (window));
}

static void
about_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  const char *developers[] = { _("The Callscope developers"), NULL };
  GtkWidget *about = adw_about_window_new ();

  g_object_set (about,
                "transient-for", user_data,
                "application-name", _("Callscope"),
                "application-icon", APP_ID,
                "version", PACKAGE_VERSION,
                "developer-name", _("The Callscope developers"),
                "developers", developers,
                "comments", _("Watch the quality of WebRTC calls: who has a bad network, since when, and why."),
                "license-type", GTK_LICENSE_GPL_3_0,
                "translator-credits", _("translator-credits"),
                NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
history_change_state (GSimpleAction *action, GVariant *value, gpointer user_data)
{
  CsWindow *self = user_data;
  const char *nick = g_variant_get_string (value, NULL);

  _cs_window_set_history (self, nick);
  if (_cs_window_settings_has (self, "chart-history"))
    g_settings_set_string (self->settings, "chart-history", nick);
}

static void
live_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  _cs_window_set_anchor (user_data, -1);
}

static void
follow_live_change_state (GSimpleAction *action, GVariant *value, gpointer user_data)
{
  CsWindow *self = user_data;

  g_simple_action_set_state (action, value);
  if (g_variant_get_boolean (value))
    _cs_window_set_anchor (self, -1);
  else
    cs_chart_view_set_follow_live (self->view, FALSE);
}

static void
zoom_in_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  CsWindow *self = user_data;

  cs_chart_view_zoom (self->view, 0.5, NAN);
}

static void
zoom_out_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  CsWindow *self = user_data;

  cs_chart_view_zoom (self->view, 2.0, NAN);
}

static void
zoom_reset_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  CsWindow *self = user_data;

  cs_chart_view_reset (self->view);
}

static void
pan_left_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  CsWindow *self = user_data;

  cs_chart_view_pan (self->view, -0.25);
}

static void
pan_right_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  CsWindow *self = user_data;

  cs_chart_view_pan (self->view, 0.25);
}

static void
view_start_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  CsWindow *self = user_data;

  cs_chart_view_go_start (self->view);
}

/* (dd): the range selected on the charts, seconds into the call; the details summarise it */
static void
select_range_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  CsWindow *self = user_data;
  double t0, t1;

  g_variant_get (param, "(dd)", &t0, &t1);
  cs_chart_view_set_selection (self->view, t0, t1);
}

static void
clear_selection_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  CsWindow *self = user_data;

  cs_chart_view_set_selection (self->view, NAN, NAN);
}

static void
show_details_change_state (GSimpleAction *action, GVariant *value, gpointer user_data)
{
  CsWindow *self = user_data;
  gboolean on = g_variant_get_boolean (value);

  adw_flap_set_reveal_flap (self->flap, on);
  g_simple_action_set_state (action, value);
  if (on)
    cs_details_pane_update (self->details_pane, self->model, self->selected_uid);
  if (_cs_window_settings_has (self, "show-details"))
    g_settings_set_boolean (self->settings, "show-details", on);
}

static void
wall_clock_change_state (GSimpleAction *action, GVariant *value, gpointer user_data)
{
  CsWindow *self = user_data;

  g_simple_action_set_state (action, value);
  _cs_window_apply_time_origin (self);
  if (_cs_window_settings_has (self, "wall-clock"))
    g_settings_set_boolean (self->settings, "wall-clock", g_variant_get_boolean (value));
}

static void
cancel_replay_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  _cs_window_cancel_replay (CS_WINDOW (user_data));
}

static const GActionEntry win_actions[] = {
  { "start-call", start_call_activated, NULL, NULL, NULL },
  { "join-call", join_call_activated, NULL, NULL, NULL },
  { "stop-call", stop_call_activated, NULL, NULL, NULL },
  { "record", NULL, NULL, "false", record_change_state },
  { "open-recording", open_recording_activated, NULL, NULL, NULL },
  { "cancel-replay", cancel_replay_activated, NULL, NULL, NULL },
  { "preferences", preferences_activated, NULL, NULL, NULL },
  { "connections", connections_activated, NULL, NULL, NULL },
  { "about", about_activated, NULL, NULL, NULL },
  { "history", NULL, "s", "'5m'", history_change_state },
  { "live", live_activated, NULL, NULL, NULL },
  { "follow-live", NULL, NULL, "true", follow_live_change_state },
  { "zoom-in", zoom_in_activated, NULL, NULL, NULL },
  { "zoom-out", zoom_out_activated, NULL, NULL, NULL },
  { "zoom-reset", zoom_reset_activated, NULL, NULL, NULL },
  { "pan-left", pan_left_activated, NULL, NULL, NULL },
  { "pan-right", pan_right_activated, NULL, NULL, NULL },
  { "view-start", view_start_activated, NULL, NULL, NULL },
  { "select-range", select_range_activated, "(dd)", NULL, NULL },
  { "clear-selection", clear_selection_activated, NULL, NULL, NULL },
  { "show-details", NULL, NULL, "true", show_details_change_state },
  { "wall-clock", NULL, NULL, "true", wall_clock_change_state },
};

void
_cs_window_add_actions (CsWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions, G_N_ELEMENTS (win_actions), self);
}

void
cs_window_install_accels (GtkApplication *app)
{
  static const struct { const char *action; const char *accels[3]; } accels[] = {
    { "win.start-call", { "<Control>l", NULL } },
    { "win.join-call", { "<Control>j", NULL } },
    { "win.stop-call", { "<Control>e", NULL } },
    { "win.record", { "<Control>r", NULL } },
    { "win.open-recording", { "<Control>o", NULL } },
    { "win.preferences", { "<Control>comma", NULL } },
    { "win.connections", { "<Control><Shift>c", NULL } },
    { "win.history::1m", { "<Control>1", NULL } },
    { "win.history::5m", { "<Control>2", NULL } },
    { "win.history::1h", { "<Control>3", NULL } },
    { "win.history::all", { "<Control>4", NULL } },
    { "win.live", { "<Control>0", NULL } },
    { "win.zoom-in", { "<Control>plus", "<Control>equal", NULL } },
    { "win.zoom-out", { "<Control>minus", NULL } },
    { "win.zoom-reset", { "<Control>BackSpace", NULL } },
    { "win.show-details", { "F9", NULL } },
    { "win.wall-clock", { "<Control>t", NULL } },
    { "win.export-report", { "<Control><Shift>e", NULL } },
    { "win.copy-summary", { "<Control><Shift>s", NULL } },
    { "window.close", { "<Control>w", NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (app, accels[i].action, accels[i].accels);
}

