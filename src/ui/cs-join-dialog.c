/* cs-join-dialog.c — the "Join a call" dialog: a Janus room, a WHIP or a WHEP endpoint
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The form is checked as it is typed: the Join action is enabled only when the form makes a
 * call the engine accepts, and the row at fault says why. What Join starts is exactly what
 * cs_join_dialog_build_config() returns, so the tests check the same config the engine gets.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cs-error.h"
#include "cs-ice-servers.h"
#include "cs-join-dialog.h"

/* positions in kind_row's model */
enum
{
  KIND_JANUS,
  KIND_WHIP,
  KIND_WHEP,
};

struct _CsJoinDialog
{
  AdwWindow parent_instance;

  /* template children */
  GtkWidget   *join_button;
  GtkWidget   *server_group;
  AdwComboRow *kind_row;
  GtkWidget   *url_row;
  GtkWidget   *url_error_icon;
  GtkWidget   *recent_button;
  GtkWidget   *token_row;
  GtkWidget   *room_group;
  GtkWidget   *room_row;
  GtkWidget   *room_error_icon;
  GtkWidget   *display_row;
  GtkWidget   *pin_row;
  GtkWidget   *secret_row;
  GtkWidget   *media_group;
  GtkWidget   *publish_row;
  GtkSwitch   *publish_switch;
  GtkWidget   *camera_row;
  GtkSwitch   *camera_switch;
  GtkLabel    *problem_label;

  GSettings   *settings;  /* (nullable) */
};

G_DEFINE_FINAL_TYPE (CsJoinDialog, cs_join_dialog, ADW_TYPE_WINDOW)

enum { SIGNAL_JOIN, N_SIGNALS };
static guint signals[N_SIGNALS];

/* ---- the form ---------------------------------------------------------------------- */

static CsCallMode
mode_for_kind (guint kind)
{
  switch (kind)
    {
    case KIND_WHIP:
      return CS_CALL_MODE_WHIP;
    case KIND_WHEP:
      return CS_CALL_MODE_WHEP;
    case KIND_JANUS:
    default:
      return CS_CALL_MODE_JANUS;
    }
}

/* (transfer full) the text of an editable row without the blanks around it, NULL when empty */
static char *
row_text (GtkWidget *row)
{
  char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  if (*text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

static gboolean
url_is_valid (const char *url, CsCallMode mode)
{
  g_autoptr (GUri) uri = url != NULL ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;
  const char *scheme, *host;

  if (uri == NULL)
    return FALSE;
  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (scheme == NULL || host == NULL || *host == '\0')
    return FALSE;
  if (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;
  /* Janus speaks WebSocket as well; WHIP and WHEP are plain HTTP */
  return mode == CS_CALL_MODE_JANUS &&
         (g_ascii_strcasecmp (scheme, "ws") == 0 || g_ascii_strcasecmp (scheme, "wss") == 0);
}

typedef enum
{
  FIELD_NONE,
  FIELD_URL,
  FIELD_ROOM,
} Field;

/* Checks the form. Returns the field at fault (FIELD_NONE when valid); @message says why and
 * @wrong is TRUE for a wrong value, FALSE for a missing one (no error style while empty). */
static Field
check_form (CsJoinDialog *self, const char **message, gboolean *wrong)
{
  CsCallMode mode = cs_join_dialog_get_mode (self);
  g_autofree char *url = row_text (self->url_row);
  g_autofree char *room = row_text (self->room_row);

  *message = NULL;
  *wrong = FALSE;
  if (url == NULL)
    {
      *message = _("Enter the server’s URL.");
      return FIELD_URL;
    }
  if (!url_is_valid (url, mode))
    {
      *wrong = TRUE;
      *message = mode == CS_CALL_MODE_JANUS
                 ? _("A Janus URL starts with ws://, wss://, http:// or https:// and names a host, "
                     "e.g. wss://janus.example.com:8989/ or https://janus.example.com/janus.")
                 : _("A WHIP or WHEP endpoint starts with http:// or https:// and names a host, "
                     "e.g. https://media.example.com/whip/endpoint.");
      return FIELD_URL;
    }
  if (mode == CS_CALL_MODE_JANUS)
    {
      if (room == NULL)
        {
          *message = _("Enter the room ID.");
          return FIELD_ROOM;
        }
      if (strlen (room) > 256 || !g_utf8_validate (room, -1, NULL))
        {
          *wrong = TRUE;
          *message = _("A room ID is at most 256 characters long.");
          return FIELD_ROOM;
        }
    }
  return FIELD_NONE;
}

static void
mark_row (GtkWidget *row, GtkWidget *icon, gboolean wrong, const char *message)
{
  if (wrong)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
  gtk_widget_set_visible (icon, wrong);
  gtk_widget_set_tooltip_text (icon, wrong ? message : NULL);
  gtk_widget_set_tooltip_text (row, wrong ? message : NULL);
}

static void
update_validity (CsJoinDialog *self)
{
  const char *message;
  gboolean wrong;
  Field field = check_form (self, &message, &wrong);

  mark_row (self->url_row, self->url_error_icon, field == FIELD_URL && wrong, message);
  mark_row (self->room_row, self->room_error_icon, field == FIELD_ROOM && wrong, message);
  gtk_label_set_text (self->problem_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), message != NULL);
  if (wrong)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->problem_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->problem_label), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->problem_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->problem_label), "dim-label");
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "join.join", field == FIELD_NONE);
}

static void
update_rows (CsJoinDialog *self)
{
  CsCallMode mode = cs_join_dialog_get_mode (self);
  gboolean janus = mode == CS_CALL_MODE_JANUS;

  gtk_widget_set_visible (self->room_group, janus);
  gtk_widget_set_visible (self->token_row, !janus);
  gtk_widget_set_visible (self->publish_row, janus);
  /* a WHEP viewer sends nothing: no camera to choose */
  gtk_widget_set_visible (self->media_group, mode != CS_CALL_MODE_WHEP);
  gtk_widget_set_visible (self->camera_row, mode != CS_CALL_MODE_WHEP);
  gtk_widget_set_sensitive (self->camera_row, !janus || gtk_switch_get_active (self->publish_switch));
  switch (mode)
    {
    case CS_CALL_MODE_WHIP:
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->server_group),
                                             _("Publish test media (or the camera) to a WHIP endpoint "
                                               "and watch the quality of the upload."));
      break;
    case CS_CALL_MODE_WHEP:
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->server_group),
                                             _("Watch a stream from a WHEP endpoint and the quality "
                                               "of the download."));
      break;
    case CS_CALL_MODE_JANUS:
    default:
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->server_group),
                                             _("Join a room of the Janus VideoRoom plugin: every "
                                               "publisher in the room is a user."));
      break;
    }
  update_validity (self);
}

static void
kind_changed_cb (CsJoinDialog *self)
{
  update_rows (self);
}

static void
form_changed_cb (CsJoinDialog *self)
{
  update_validity (self);
}

/* ---- recent servers ---------------------------------------------------------------- */

/* The kind a URL most likely is: Janus speaks WebSocket, WHIP and WHEP name themselves. */
static gboolean
guess_mode (const char *url, CsCallMode *mode)
{
  g_autofree char *lower = g_ascii_strdown (url, -1);

  if (strstr (lower, "whep") != NULL)
    *mode = CS_CALL_MODE_WHEP;
  else if (strstr (lower, "whip") != NULL)
    *mode = CS_CALL_MODE_WHIP;
  else if (g_str_has_prefix (lower, "ws:") || g_str_has_prefix (lower, "wss:") || strstr (lower, "janus") != NULL)
    *mode = CS_CALL_MODE_JANUS;
  else
    return FALSE;
  return TRUE;
}

static void
use_server (CsJoinDialog *self, const char *url)
{
  CsCallMode mode;

  if (guess_mode (url, &mode))
    cs_join_dialog_set_mode (self, mode);
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);
  gtk_editable_set_position (GTK_EDITABLE (self->url_row), -1);
}

static void
use_server_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  use_server (CS_JOIN_DIALOG (widget), g_variant_get_string (param, NULL));
}

static void
load_recent_servers (CsJoinDialog *self)
{
  g_autoptr (GSettingsSchema) schema = NULL;
  g_autoptr (GMenu) menu = g_menu_new ();
  g_auto (GStrv) servers = NULL;

  if (self->settings != NULL)
    g_object_get (self->settings, "settings-schema", &schema, NULL);
  if (schema != NULL && g_settings_schema_has_key (schema, "recent-servers"))
    servers = g_settings_get_strv (self->settings, "recent-servers");
  for (guint i = 0; servers != NULL && servers[i] != NULL; i++)
    {
      g_auto (GStrv) parts = g_strsplit (servers[i], "_", -1);
      /* menu labels take _ as a mnemonic: double it */
      g_autofree char *label = g_strjoinv ("__", parts);
      g_autoptr (GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target_value (item, "join.use-server", g_variant_new_string (servers[i]));
      g_menu_append_item (menu, item);
    }
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->recent_button), G_MENU_MODEL (menu));
  gtk_widget_set_sensitive (self->recent_button, servers != NULL && servers[0] != NULL);
  if (servers != NULL && servers[0] != NULL)
    use_server (self, servers[0]);
}

/* ---- join -------------------------------------------------------------------------- */

static void
join_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  CsJoinDialog *self = CS_JOIN_DIALOG (widget);
  g_autoptr (GError) error = NULL;
  CsCallConfig config;

  cs_call_config_init (&config);
  if (!cs_join_dialog_build_config (self, &config, &error))
    {
      gtk_label_set_text (self->problem_label, error->message);
      cs_call_config_clear (&config);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_JOIN], 0, &config);
  cs_call_config_clear (&config);
  gtk_window_close (GTK_WINDOW (self));
}

/* ---- life cycle -------------------------------------------------------------------- */

static void
cs_join_dialog_dispose (GObject *object)
{
  CsJoinDialog *self = CS_JOIN_DIALOG (object);

  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_JOIN_DIALOG);
  G_OBJECT_CLASS (cs_join_dialog_parent_class)->dispose (object);
}

static void
cs_join_dialog_class_init (CsJoinDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_join_dialog_dispose;

  signals[SIGNAL_JOIN] = g_signal_new ("join", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                       NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/callscope/Callscope/cs-join-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CsJoinDialog, join_button);
  gtk_widget_class_bind_template_child (widget_class, CsJoinDialog, server_group);
  gtk_widget_class_bind_template_child (widget_class, CsJoinDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, CsJoinDialog, url_row);
  gtk_widget_class_bind_template_child (widget_class, CsJoinDialog, url_error_icon);
  gtk_widget_class_bind_template_child (widget_class, CsJoinDialog, recent_button);
  gtk_widget_class_bind_template_child (widget_class, CsJoinDialog, token_row);
  gtk_widget_class_bind_template_child (widget_class, CsJoinDialog, room_group);
  gtk_widget_class_bind_template_child (widget_class, CsJoinDialog, room_row);
  gtk_widget_class_bind_template_child (widget_class, CsJoinDialog, room_error_icon);
  gtk_widget_class_bind_template_child (widget_class, CsJoinDialog, display_row);
  gtk_widget_class_bind_template_child (widget_class, CsJoinDialog, pin_row);
  gtk_widget_class_bind_template_child (widget_class, CsJoinDialog, secret_row);
  gtk_widget_class_bind_template_child (widget_class, CsJoinDialog, media_group);
  gtk_widget_class_bind_template_child (widget_class, CsJoinDialog, publish_row);
  gtk_widget_class_bind_template_child (widget_class, CsJoinDialog, publish_switch);
  gtk_widget_class_bind_template_child (widget_class, CsJoinDialog, camera_row);
  gtk_widget_class_bind_template_child (widget_class, CsJoinDialog, camera_switch);
  gtk_widget_class_bind_template_child (widget_class, CsJoinDialog, problem_label);
  gtk_widget_class_bind_template_callback (widget_class, kind_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);

  gtk_widget_class_install_action (widget_class, "join.join", NULL, join_activated);
  gtk_widget_class_install_action (widget_class, "join.use-server", "s", use_server_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cs_join_dialog_init (CsJoinDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_rows (self);
}

CsJoinDialog *
cs_join_dialog_new (GtkWindow *parent, GSettings *settings)
{
  CsJoinDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);
  self = g_object_new (CS_TYPE_JOIN_DIALOG, "transient-for", parent, NULL);
  g_set_object (&self->settings, settings);
  load_recent_servers (self);
  update_rows (self);
  gtk_widget_grab_focus (self->url_row);
  return self;
}

CsCallMode
cs_join_dialog_get_mode (CsJoinDialog *self)
{
  g_return_val_if_fail (CS_IS_JOIN_DIALOG (self), CS_CALL_MODE_JANUS);
  return mode_for_kind (adw_combo_row_get_selected (self->kind_row));
}

void
cs_join_dialog_set_mode (CsJoinDialog *self, CsCallMode mode)
{
  g_return_if_fail (CS_IS_JOIN_DIALOG (self));
  switch (mode)
    {
    case CS_CALL_MODE_WHIP:
      adw_combo_row_set_selected (self->kind_row, KIND_WHIP);
      break;
    case CS_CALL_MODE_WHEP:
      adw_combo_row_set_selected (self->kind_row, KIND_WHEP);
      break;
    case CS_CALL_MODE_JANUS:
      adw_combo_row_set_selected (self->kind_row, KIND_JANUS);
      break;
    default:
      g_return_if_reached ();
    }
}

gboolean
cs_join_dialog_is_valid (CsJoinDialog *self)
{
  const char *message;
  gboolean wrong;

  g_return_val_if_fail (CS_IS_JOIN_DIALOG (self), FALSE);
  return check_form (self, &message, &wrong) == FIELD_NONE;
}

gboolean
cs_join_dialog_build_config (CsJoinDialog *self, CsCallConfig *config, GError **error)
{
  const char *message;
  gboolean wrong;
  CsCallMode mode;

  g_return_val_if_fail (CS_IS_JOIN_DIALOG (self), FALSE);
  g_return_val_if_fail (config != NULL, FALSE);
  if (check_form (self, &message, &wrong) != FIELD_NONE)
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_OPTION, message);
      return FALSE;
    }
  mode = cs_join_dialog_get_mode (self);
  config->mode = mode;
  switch (mode)
    {
    case CS_CALL_MODE_WHIP:
      config->whip_url = row_text (self->url_row);
      config->token = row_text (self->token_row);
      config->use_camera = gtk_switch_get_active (self->camera_switch);
      break;
    case CS_CALL_MODE_WHEP:
      config->whep_url = row_text (self->url_row);
      config->token = row_text (self->token_row);
      break;
    case CS_CALL_MODE_JANUS:
    default:
      config->janus_url = row_text (self->url_row);
      config->room = row_text (self->room_row);
      config->display_name = row_text (self->display_row);
      /* a PIN or a secret may hold blanks on purpose: take them as typed */
      if (*gtk_editable_get_text (GTK_EDITABLE (self->pin_row)) != '\0')
        config->pin = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->pin_row)));
      if (*gtk_editable_get_text (GTK_EDITABLE (self->secret_row)) != '\0')
        config->secret = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->secret_row)));
      config->no_publish = !gtk_switch_get_active (self->publish_switch);
      config->use_camera = !config->no_publish && gtk_switch_get_active (self->camera_switch);
      break;
    }
  cs_ice_servers_fill_config (config, self->settings);
  return TRUE;
}
