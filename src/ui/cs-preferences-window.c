/* cs-preferences-window.c — preferences bound to GSettings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every row is bound to its key with g_settings_bind, so a change applies at once
 * (the window listens to "changed") and survives a restart.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cs-ice-servers.h"
#include "cs-preferences-window.h"

struct _CsPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  GSettings *settings;
  GtkWidget *recent_group;
  GtkListBox *ice_list;    /* the STUN/TURN servers, then ice_entry */
  GtkWidget *ice_entry;
};

G_DEFINE_FINAL_TYPE (CsPreferencesWindow, cs_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static gboolean
has_key (GSettings *settings, const char *key)
{
  g_autoptr (GSettingsSchema) schema = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  return g_settings_schema_has_key (schema, key);
}

static GtkWidget *
spin_row (CsPreferencesWindow *self, GtkWidget *group, const char *key, const char *title, const char *subtitle,
          double lower, double upper, double step, guint digits)
{
  GtkWidget *row, *spin;

  if (!has_key (self->settings, key))
    return NULL;
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  spin = gtk_spin_button_new_with_range (lower, upper, step);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), digits);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  g_settings_bind (self->settings, key, spin, "value", G_SETTINGS_BIND_DEFAULT);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return row;
}

/* AdwComboRow "selected" <-> an enum key, by position in @nicks */
static gboolean
nick_to_selected (GValue *value, GVariant *variant, gpointer user_data)
{
  const char *const *nicks = user_data;
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; nicks[i] != NULL; i++)
    if (g_strcmp0 (nicks[i], nick) == 0)
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  g_value_set_uint (value, 0);
  return TRUE;
}

static GVariant *
selected_to_nick (const GValue *value, const GVariantType *type, gpointer user_data)
{
  const char *const *nicks = user_data;
  guint selected = g_value_get_uint (value);

  if (selected >= g_strv_length ((char **) nicks))
    return NULL;
  return g_variant_new_string (nicks[selected]);
}

static void
combo_row (CsPreferencesWindow *self, GtkWidget *group, const char *key, const char *title,
           const char *const *nicks, const char *const *labels)
{
  GtkWidget *row;
  g_autoptr (GtkStringList) list = gtk_string_list_new (NULL);

  if (!has_key (self->settings, key))
    return;
  for (guint i = 0; labels[i] != NULL; i++)
    gtk_string_list_append (list, _(labels[i]));
  row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (list));
  g_settings_bind_with_mapping (self->settings, key, row, "selected", G_SETTINGS_BIND_DEFAULT,
                                nick_to_selected, selected_to_nick, (gpointer) nicks, NULL);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
}

static void
clear_recent_cb (GtkButton *button, CsPreferencesWindow *self)
{
  g_settings_reset (self->settings, "recent-servers");
  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
}

/* ---- STUN and TURN servers: one row a URI, and an entry row to add one ------------ */

static void
set_ice_servers (CsPreferencesWindow *self, const char *const *servers)
{
  g_settings_set_strv (self->settings, "ice-servers", servers);
}

static void
remove_ice_server_cb (GtkButton *button, CsPreferencesWindow *self)
{
  const char *uri = g_object_get_data (G_OBJECT (button), "uri");
  g_auto (GStrv) old = g_settings_get_strv (self->settings, "ice-servers");
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) list = NULL;

  for (guint i = 0; old[i] != NULL; i++)
    if (g_strcmp0 (old[i], uri) != 0)
      g_strv_builder_add (builder, old[i]);
  list = g_strv_builder_end (builder);
  set_ice_servers (self, (const char *const *) list);
}

static void
rebuild_ice_rows (CsPreferencesWindow *self)
{
  g_auto (GStrv) servers = g_settings_get_strv (self->settings, "ice-servers");
  GtkWidget *row;

  while ((row = GTK_WIDGET (gtk_list_box_get_row_at_index (self->ice_list, 0))) != self->ice_entry)
    gtk_list_box_remove (self->ice_list, row);
  for (guint i = 0; servers[i] != NULL; i++)
    {
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      g_autofree char *label = g_strdup_printf (_("Remove %s"), servers[i]);

      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), servers[i]);
      if (!cs_ice_server_uri_is_valid (servers[i]))
        {
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Not a STUN or TURN URI: calls ignore it"));
          gtk_widget_add_css_class (row, "error");
        }
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _("Remove"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      g_object_set_data_full (G_OBJECT (remove), "uri", g_strdup (servers[i]), g_free);
      g_signal_connect (remove, "clicked", G_CALLBACK (remove_ice_server_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      gtk_list_box_insert (self->ice_list, row, (int) i);
    }
}

static void
ice_servers_changed_cb (GSettings *settings, const char *key, CsPreferencesWindow *self)
{
  rebuild_ice_rows (self);
}

static void
ice_entry_changed_cb (GtkEditable *entry, CsPreferencesWindow *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (entry), NULL);
}

static void
ice_entry_apply_cb (AdwEntryRow *entry, CsPreferencesWindow *self)
{
  g_autofree char *uri = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  g_auto (GStrv) old = NULL;
  g_autoptr (GStrvBuilder) builder = NULL;
  g_auto (GStrv) list = NULL;

  if (*uri == '\0')
    return;
  if (!cs_ice_server_uri_is_valid (uri))
    {
      gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (entry),
                                   _("Use stun:, turn: or turns: and a host, e.g. "
                                     "stun:stun.example.com:3478 or turn://user:password@turn.example.com:3478"));
      gtk_widget_error_bell (GTK_WIDGET (entry));
      return;
    }
  old = g_settings_get_strv (self->settings, "ice-servers");
  if (!g_strv_contains ((const char *const *) old, uri))
    {
      builder = g_strv_builder_new ();
      g_strv_builder_addv (builder, (const char **) old);
      g_strv_builder_add (builder, uri);
      list = g_strv_builder_end (builder);
      set_ice_servers (self, (const char *const *) list);
    }
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
build_network_group (CsPreferencesWindow *self, GtkWidget *page)
{
  GtkWidget *group;

  if (!has_key (self->settings, "ice-servers"))
    return;
  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Network"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("STUN and TURN servers for calls through Janus, WHIP and WHEP "
                                           "servers, unless a call names its own (--ice-server)"));
  self->ice_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->ice_list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->ice_list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->ice_list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("STUN and TURN servers"), -1);
  self->ice_entry = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->ice_entry), _("Add a STUN or TURN server"));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (self->ice_entry), TRUE);
  adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (self->ice_entry), GTK_INPUT_PURPOSE_URL);
  g_signal_connect (self->ice_entry, "apply", G_CALLBACK (ice_entry_apply_cb), self);
  g_signal_connect (self->ice_entry, "changed", G_CALLBACK (ice_entry_changed_cb), self);
  gtk_list_box_append (self->ice_list, self->ice_entry);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->ice_list));
  rebuild_ice_rows (self);
  g_signal_connect (self->settings, "changed::ice-servers", G_CALLBACK (ice_servers_changed_cb), self);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
}

static void
build (CsPreferencesWindow *self)
{
  static const char *const history_nicks[] = { "1m", "5m", "1h", "all", NULL };
  static const char *const history_labels[] = { N_("Last minute"), N_("Last 5 minutes"), N_("Last hour"), N_("Whole call"), NULL };
  static const char *const scheme_nicks[] = { "default", "light", "dark", NULL };
  static const char *const scheme_labels[] = { N_("Follow the system"), N_("Light"), N_("Dark"), NULL };
  GtkWidget *page, *group, *row;

  /* General */
  page = adw_preferences_page_new ();
  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (page), _("General"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (page), "preferences-system-symbolic");

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Appearance"));
  combo_row (self, group, "color-scheme", _("Style"), scheme_nicks, scheme_labels);
  combo_row (self, group, "chart-history", _("Chart history"), history_nicks, history_labels);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Lab Call"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("What “Start Lab Call” starts when nothing else is chosen"));
  spin_row (self, group, "default-users", _("Simulated users"), NULL, 1, 16, 1, 0);
  if (has_key (self->settings, "default-scenario"))
    {
      row = adw_entry_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Scenario (preset name or file, empty for none)"));
      g_settings_bind (self->settings, "default-scenario", row, "text", G_SETTINGS_BIND_DEFAULT);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  build_network_group (self, page);

  if (has_key (self->settings, "recent-servers"))
    {
      g_auto (GStrv) servers = g_settings_get_strv (self->settings, "recent-servers");
      GtkWidget *clear = gtk_button_new_with_label (_("Clear"));

      group = adw_preferences_group_new ();
      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Recent Servers"));
      gtk_widget_set_valign (clear, GTK_ALIGN_CENTER);
      gtk_widget_set_sensitive (clear, servers[0] != NULL);
      g_signal_connect (clear, "clicked", G_CALLBACK (clear_recent_cb), self);
      adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), clear);
      if (servers[0] == NULL)
        adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), _("No server used yet"));
      for (guint i = 0; servers[i] != NULL; i++)
        {
          row = adw_action_row_new ();
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), servers[i]);
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
        }
      adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
    }
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (page));

  /* Thresholds */
  page = adw_preferences_page_new ();
  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (page), _("Thresholds"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (page), "dialog-warning-symbolic");

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Network"));
  spin_row (self, group, "poor-quality-score", _("Poor network at score"),
            _("Raise POOR_UPLINK / POOR_DOWNLINK at this score or worse (1 excellent … 6 down)"), 2, 6, 1, 0);
  spin_row (self, group, "media-stopped-seconds", _("Media stopped after (s)"),
            _("No media for this long raises MEDIA_STOPPED"), 1, 60, 1, 0);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Video"));
  spin_row (self, group, "capture-fps-min", _("Lowest captured frame rate (fps)"), "1001 FRAMERATE_INPUT_TOO_LOW", 0, 120, 1, 0);
  spin_row (self, group, "send-fps-min", _("Lowest sent frame rate (fps)"), "1002 FRAMERATE_SENT_TOO_LOW", 0, 120, 1, 0);
  spin_row (self, group, "send-video-kbps-min", _("Lowest sent video bitrate (kbps)"), "1003 SEND_VIDEO_BITRATE_TOO_LOW", 0, 100000, 10, 0);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Audio"));
  spin_row (self, group, "audio-input-level-min", _("Lowest input level (0–32767)"), "2001 AUDIO_INPUT_LEVEL_TOO_LOW", 0, 32767, 10, 0);
  spin_row (self, group, "audio-output-level-min", _("Lowest output level (0–32767)"), "2002 AUDIO_OUTPUT_LEVEL_TOO_LOW", 0, 32767, 10, 0);
  spin_row (self, group, "send-audio-kbps-min", _("Lowest sent audio bitrate (kbps)"), "2003 SEND_AUDIO_BITRATE_TOO_LOW", 0, 10000, 1, 0);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Hysteresis"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("An exception is raised when enough of the last samples are bad, so a value "
                                           "hovering at a threshold does not flood the log"));
  spin_row (self, group, "hysteresis-window", _("Samples looked at"), NULL, 1, 60, 1, 0);
  spin_row (self, group, "hysteresis-raise-count", _("Bad samples to raise"), NULL, 1, 60, 1, 0);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (page));
}

static void
cs_preferences_window_dispose (GObject *object)
{
  CsPreferencesWindow *self = CS_PREFERENCES_WINDOW (object);

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (cs_preferences_window_parent_class)->dispose (object);
}

static void
cs_preferences_window_class_init (CsPreferencesWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = cs_preferences_window_dispose;
}

static void
cs_preferences_window_init (CsPreferencesWindow *self)
{
}

GtkWidget *
cs_preferences_window_new (GtkWindow *parent, GSettings *settings)
{
  CsPreferencesWindow *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  self = g_object_new (CS_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", TRUE,
                       "search-enabled", FALSE,
                       NULL);
  self->settings = g_object_ref (settings);
  build (self);
  return GTK_WIDGET (self);
}
