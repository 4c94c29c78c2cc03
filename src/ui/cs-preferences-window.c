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
  /* template children */
  GtkWidget *network_group;
  GtkListBox *ice_list;    /* the STUN/TURN servers, then ice_entry */
  GtkWidget *ice_entry;
  GtkWidget *recent_group;
  GtkWidget *clear_button;
};

G_DEFINE_FINAL_TYPE (CsPreferencesWindow, cs_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* The template's spin buttons, each with the id of its key (ui/cs-preferences-window.ui) */
static const char *const spin_keys[] = {
  "default-users", "poor-quality-score", "media-stopped-seconds",
  "capture-fps-min", "send-fps-min", "send-video-kbps-min",
  "audio-input-level-min", "audio-output-level-min", "send-audio-kbps-min",
  "hysteresis-window", "hysteresis-raise-count",
};

/* The template's combo rows, each with the id of its enum key; items in the order of the nicks */
static const char *const history_nicks[] = { "1m", "5m", "1h", "all", NULL };
static const char *const scheme_nicks[] = { "default", "light", "dark", NULL };
static const struct { const char *key; const char *const *nicks; } combo_keys[] = {
  { "color-scheme", scheme_nicks },
  { "chart-history", history_nicks },
};

static gboolean
has_key (GSettings *settings, const char *key)
{
  g_autoptr (GSettingsSchema) schema = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  return g_settings_schema_has_key (schema, key);
}

static GtkWidget *
template_child (CsPreferencesWindow *self, const char *id)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (self), CS_TYPE_PREFERENCES_WINDOW, id));
}

/* A key the installed schema lacks has no row: the row of @widget leaves its group. */
static void
remove_row (GtkWidget *widget)
{
  GtkWidget *row = ADW_IS_PREFERENCES_ROW (widget) ? widget : gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_ROW);
  GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

  adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
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
bind_settings (CsPreferencesWindow *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (spin_keys); i++)
    if (has_key (self->settings, spin_keys[i]))
      g_settings_bind (self->settings, spin_keys[i], template_child (self, spin_keys[i]), "value", G_SETTINGS_BIND_DEFAULT);
    else
      remove_row (template_child (self, spin_keys[i]));
  for (guint i = 0; i < G_N_ELEMENTS (combo_keys); i++)
    if (has_key (self->settings, combo_keys[i].key))
      g_settings_bind_with_mapping (self->settings, combo_keys[i].key, template_child (self, combo_keys[i].key),
                                    "selected", G_SETTINGS_BIND_DEFAULT,
                                    nick_to_selected, selected_to_nick, (gpointer) combo_keys[i].nicks, NULL);
    else
      remove_row (template_child (self, combo_keys[i].key));
  if (has_key (self->settings, "default-scenario"))
    g_settings_bind (self->settings, "default-scenario", template_child (self, "default-scenario"), "text",
                     G_SETTINGS_BIND_DEFAULT);
  else
    remove_row (template_child (self, "default-scenario"));

  if (has_key (self->settings, "ice-servers"))
    {
      rebuild_ice_rows (self);
      g_signal_connect (self->settings, "changed::ice-servers", G_CALLBACK (ice_servers_changed_cb), self);
    }
  else
    adw_preferences_page_remove (ADW_PREFERENCES_PAGE (gtk_widget_get_ancestor (self->network_group, ADW_TYPE_PREFERENCES_PAGE)),
                                 ADW_PREFERENCES_GROUP (self->network_group));

  if (has_key (self->settings, "recent-servers"))
    {
      g_auto (GStrv) servers = g_settings_get_strv (self->settings, "recent-servers");

      gtk_widget_set_sensitive (self->clear_button, servers[0] != NULL);
      if (servers[0] == NULL)
        adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->recent_group), _("No server used yet"));
      for (guint i = 0; servers[i] != NULL; i++)
        {
          GtkWidget *row = adw_action_row_new ();

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), servers[i]);
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->recent_group), row);
        }
    }
  else
    adw_preferences_page_remove (ADW_PREFERENCES_PAGE (gtk_widget_get_ancestor (self->recent_group, ADW_TYPE_PREFERENCES_PAGE)),
                                 ADW_PREFERENCES_GROUP (self->recent_group));
}

static void
cs_preferences_window_dispose (GObject *object)
{
  CsPreferencesWindow *self = CS_PREFERENCES_WINDOW (object);

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_PREFERENCES_WINDOW);
  G_OBJECT_CLASS (cs_preferences_window_parent_class)->dispose (object);
}

static void
cs_preferences_window_class_init (CsPreferencesWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = cs_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/callscope/Callscope/cs-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CsPreferencesWindow, network_group);
  gtk_widget_class_bind_template_child (widget_class, CsPreferencesWindow, ice_list);
  gtk_widget_class_bind_template_child (widget_class, CsPreferencesWindow, ice_entry);
  gtk_widget_class_bind_template_child (widget_class, CsPreferencesWindow, recent_group);
  gtk_widget_class_bind_template_child (widget_class, CsPreferencesWindow, clear_button);
  for (guint i = 0; i < G_N_ELEMENTS (spin_keys); i++)
    gtk_widget_class_bind_template_child_full (widget_class, spin_keys[i], FALSE, 0);
  for (guint i = 0; i < G_N_ELEMENTS (combo_keys); i++)
    gtk_widget_class_bind_template_child_full (widget_class, combo_keys[i].key, FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "default-scenario", FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, clear_recent_cb);
  gtk_widget_class_bind_template_callback (widget_class, ice_entry_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, ice_entry_changed_cb);
}

static void
cs_preferences_window_init (CsPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
cs_preferences_window_new (GtkWindow *parent, GSettings *settings)
{
  CsPreferencesWindow *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  self = g_object_new (CS_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
  self->settings = g_object_ref (settings);
  bind_settings (self);
  return GTK_WIDGET (self);
}
