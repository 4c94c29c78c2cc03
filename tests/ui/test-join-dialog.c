/* test-join-dialog.c — the "Join a call" dialog and the STUN/TURN servers setting
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dialog is driven through its own rows (found by their template ids), as a user
 * would type into them; the config it builds is what Join hands to cs_window_start_call.
 * GSETTINGS_BACKEND=memory: the settings the test writes are the ones the dialog reads.
 */
#include "config.h"

#include <adwaita.h>

#include "cs-error.h"
#include "cs-ice-servers.h"
#include "cs-join-dialog.h"
#include "cs-preferences-window.h"
#include "cs-window.h"

static gboolean have_display;

#define SKIP_WITHOUT_DISPLAY() \
  G_STMT_START { if (!have_display) { g_test_skip ("no display"); return; } } G_STMT_END

static GSettings *
app_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = source != NULL ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;

  g_assert_nonnull (schema);
  return g_settings_new_full (schema, NULL, NULL);
}

static void
reset_settings (GSettings *settings)
{
  g_settings_reset (settings, "recent-servers");
  g_settings_reset (settings, "ice-servers");
}

static CsJoinDialog *
new_dialog (GSettings *settings)
{
  return g_object_ref_sink (cs_join_dialog_new (NULL, settings));
}

static void
destroy_dialog (CsJoinDialog *dialog)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
}

static GtkWidget *
child (CsJoinDialog *dialog, const char *id)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (dialog), CS_TYPE_JOIN_DIALOG, id);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static void
type (CsJoinDialog *dialog, const char *id, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, id)), text);
}

static gboolean
join_sensitive (CsJoinDialog *dialog)
{
  return gtk_widget_is_sensitive (child (dialog, "join_button"));
}

/* visible in the dialog: the row and every parent up to the dialog */
static gboolean
shown (CsJoinDialog *dialog, const char *id)
{
  for (GtkWidget *w = child (dialog, id); w != NULL && w != GTK_WIDGET (dialog); w = gtk_widget_get_parent (w))
    if (!gtk_widget_get_visible (w))
      return FALSE;
  return TRUE;
}

static void
test_validation (void)
{
  g_autoptr (GSettings) settings = NULL;
  CsJoinDialog *dialog;

  SKIP_WITHOUT_DISPLAY ();
  settings = app_settings ();
  reset_settings (settings);
  dialog = new_dialog (settings);
  g_assert_cmpint (cs_join_dialog_get_mode (dialog), ==, CS_CALL_MODE_JANUS);

  /* empty: nothing to join, but no error style either */
  g_assert_false (join_sensitive (dialog));
  g_assert_false (cs_join_dialog_is_valid (dialog));
  g_assert_false (gtk_widget_has_css_class (child (dialog, "url_row"), "error"));

  /* a URL that is no URL, or of a scheme Janus does not speak */
  type (dialog, "url_row", "janus.example.com");
  g_assert_false (join_sensitive (dialog));
  g_assert_true (gtk_widget_has_css_class (child (dialog, "url_row"), "error"));
  g_assert_true (gtk_widget_get_visible (child (dialog, "url_error_icon")));
  g_assert_nonnull (gtk_widget_get_tooltip_text (child (dialog, "url_row")));
  type (dialog, "url_row", "ftp://janus.example.com/");
  g_assert_false (join_sensitive (dialog));
  g_assert_true (gtk_widget_has_css_class (child (dialog, "url_row"), "error"));

  /* a good URL, no room yet: still insensitive, and the label says what is missing */
  type (dialog, "url_row", "wss://janus.example.com:8989/");
  g_assert_false (gtk_widget_has_css_class (child (dialog, "url_row"), "error"));
  g_assert_false (gtk_widget_get_visible (child (dialog, "url_error_icon")));
  g_assert_false (join_sensitive (dialog));
  g_assert_true (gtk_widget_get_visible (child (dialog, "problem_label")));
  type (dialog, "room_row", "   ");
  g_assert_false (join_sensitive (dialog));

  type (dialog, "room_row", "1234");
  g_assert_true (join_sensitive (dialog));
  g_assert_true (cs_join_dialog_is_valid (dialog));
  g_assert_false (gtk_widget_get_visible (child (dialog, "problem_label")));

  /* WHIP speaks HTTP only, and needs no room */
  cs_join_dialog_set_mode (dialog, CS_CALL_MODE_WHIP);
  g_assert_false (join_sensitive (dialog));
  g_assert_true (gtk_widget_has_css_class (child (dialog, "url_row"), "error"));
  type (dialog, "url_row", "https://media.example.com/whip/endpoint");
  g_assert_true (join_sensitive (dialog));
  type (dialog, "room_row", "");
  g_assert_true (join_sensitive (dialog));
  /* back to Janus: the room is missing again */
  cs_join_dialog_set_mode (dialog, CS_CALL_MODE_JANUS);
  g_assert_false (join_sensitive (dialog));
  destroy_dialog (dialog);
}

static void
test_rows_per_kind (void)
{
  CsJoinDialog *dialog;

  SKIP_WITHOUT_DISPLAY ();
  dialog = new_dialog (NULL);

  cs_join_dialog_set_mode (dialog, CS_CALL_MODE_JANUS);
  g_assert_true (shown (dialog, "url_row"));
  g_assert_true (shown (dialog, "room_row"));
  g_assert_true (shown (dialog, "display_row"));
  g_assert_true (shown (dialog, "pin_row"));
  g_assert_true (shown (dialog, "secret_row"));
  g_assert_true (shown (dialog, "publish_row"));
  g_assert_true (shown (dialog, "camera_row"));
  g_assert_false (shown (dialog, "token_row"));
  /* no camera to choose when nothing is published */
  g_assert_true (gtk_widget_get_sensitive (child (dialog, "camera_row")));
  gtk_switch_set_active (GTK_SWITCH (child (dialog, "publish_switch")), FALSE);
  g_assert_false (gtk_widget_get_sensitive (child (dialog, "camera_row")));

  cs_join_dialog_set_mode (dialog, CS_CALL_MODE_WHIP);
  g_assert_true (shown (dialog, "url_row"));
  g_assert_true (shown (dialog, "token_row"));
  g_assert_true (shown (dialog, "camera_row"));
  g_assert_true (gtk_widget_get_sensitive (child (dialog, "camera_row")));
  g_assert_false (shown (dialog, "room_row"));
  g_assert_false (shown (dialog, "pin_row"));
  g_assert_false (shown (dialog, "secret_row"));
  g_assert_false (shown (dialog, "display_row"));
  g_assert_false (shown (dialog, "publish_row"));

  cs_join_dialog_set_mode (dialog, CS_CALL_MODE_WHEP);
  g_assert_true (shown (dialog, "url_row"));
  g_assert_true (shown (dialog, "token_row"));
  g_assert_false (shown (dialog, "camera_row"));
  g_assert_false (shown (dialog, "publish_row"));
  g_assert_false (shown (dialog, "room_row"));
  g_assert_false (shown (dialog, "media_group"));
  destroy_dialog (dialog);
}

static void
test_config_janus (void)
{
  g_autoptr (GSettings) settings = NULL;
  g_autoptr (GError) error = NULL;
  CsJoinDialog *dialog;
  CsCallConfig config;

  SKIP_WITHOUT_DISPLAY ();
  settings = app_settings ();
  reset_settings (settings);
  dialog = new_dialog (settings);
  cs_join_dialog_set_mode (dialog, CS_CALL_MODE_JANUS);
  type (dialog, "url_row", "  ws://127.0.0.1:8188/ ");
  type (dialog, "room_row", " 1234 ");
  type (dialog, "display_row", "Support");
  type (dialog, "pin_row", "p in");
  type (dialog, "secret_row", "s3cret");
  gtk_switch_set_active (GTK_SWITCH (child (dialog, "camera_switch")), TRUE);

  cs_call_config_init (&config);
  g_assert_true (cs_join_dialog_build_config (dialog, &config, &error));
  g_assert_no_error (error);
  g_assert_cmpint (config.mode, ==, CS_CALL_MODE_JANUS);
  g_assert_cmpstr (config.janus_url, ==, "ws://127.0.0.1:8188/");
  g_assert_cmpstr (config.room, ==, "1234");
  g_assert_cmpstr (config.display_name, ==, "Support");
  g_assert_cmpstr (config.pin, ==, "p in");
  g_assert_cmpstr (config.secret, ==, "s3cret");
  g_assert_false (config.no_publish);
  g_assert_true (config.use_camera);
  g_assert_null (config.whip_url);
  g_assert_null (config.whep_url);
  g_assert_null (config.token);
  g_assert_null (config.ice_servers);
  cs_call_config_clear (&config);

  /* observe only: nothing published, so no camera either; empty optional rows stay NULL */
  gtk_switch_set_active (GTK_SWITCH (child (dialog, "publish_switch")), FALSE);
  type (dialog, "display_row", "");
  type (dialog, "pin_row", "");
  type (dialog, "secret_row", "");
  cs_call_config_init (&config);
  g_assert_true (cs_join_dialog_build_config (dialog, &config, NULL));
  g_assert_true (config.no_publish);
  g_assert_false (config.use_camera);
  g_assert_null (config.display_name);
  g_assert_null (config.pin);
  g_assert_null (config.secret);
  cs_call_config_clear (&config);

  /* an invalid form builds nothing and says why */
  type (dialog, "room_row", "");
  cs_call_config_init (&config);
  g_assert_false (cs_join_dialog_build_config (dialog, &config, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_OPTION);
  g_assert_null (config.janus_url);
  cs_call_config_clear (&config);
  destroy_dialog (dialog);
}

static void
test_config_whip_whep (void)
{
  CsJoinDialog *dialog;
  CsCallConfig config;

  SKIP_WITHOUT_DISPLAY ();
  dialog = new_dialog (NULL);
  /* what Janus-only rows hold does not leak into a WHIP or WHEP config */
  type (dialog, "room_row", "1234");
  type (dialog, "pin_row", "9999");
  cs_join_dialog_set_mode (dialog, CS_CALL_MODE_WHIP);
  type (dialog, "url_row", "https://media.example.com/whip/live");
  type (dialog, "token_row", "abc.def");
  gtk_switch_set_active (GTK_SWITCH (child (dialog, "camera_switch")), TRUE);

  cs_call_config_init (&config);
  g_assert_true (cs_join_dialog_build_config (dialog, &config, NULL));
  g_assert_cmpint (config.mode, ==, CS_CALL_MODE_WHIP);
  g_assert_cmpstr (config.whip_url, ==, "https://media.example.com/whip/live");
  g_assert_cmpstr (config.token, ==, "abc.def");
  g_assert_true (config.use_camera);
  g_assert_null (config.janus_url);
  g_assert_null (config.whep_url);
  g_assert_null (config.room);
  g_assert_null (config.pin);
  cs_call_config_clear (&config);

  cs_join_dialog_set_mode (dialog, CS_CALL_MODE_WHEP);
  type (dialog, "url_row", "http://127.0.0.1:8889/whep/cam");
  type (dialog, "token_row", "");
  cs_call_config_init (&config);
  g_assert_true (cs_join_dialog_build_config (dialog, &config, NULL));
  g_assert_cmpint (config.mode, ==, CS_CALL_MODE_WHEP);
  g_assert_cmpstr (config.whep_url, ==, "http://127.0.0.1:8889/whep/cam");
  g_assert_null (config.token);
  g_assert_false (config.use_camera);
  g_assert_null (config.whip_url);
  g_assert_null (config.janus_url);
  cs_call_config_clear (&config);
  destroy_dialog (dialog);
}

static void
test_recent_servers (void)
{
  g_autoptr (GSettings) settings = NULL;
  const char *recent[] = { "https://media.example.com/whep/room_1", "wss://janus.example.com/", NULL };
  CsJoinDialog *dialog;
  GMenuModel *menu;
  g_autoptr (GVariant) target = NULL;
  g_autofree char *label = NULL;

  SKIP_WITHOUT_DISPLAY ();
  settings = app_settings ();
  reset_settings (settings);

  /* none yet: an empty form and nothing to pick */
  dialog = new_dialog (settings);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (dialog, "url_row"))), ==, "");
  g_assert_false (gtk_widget_get_sensitive (child (dialog, "recent_button")));
  destroy_dialog (dialog);

  g_settings_set_strv (settings, "recent-servers", recent);
  dialog = new_dialog (settings);
  /* the most recent one is filled in, with the kind its URL says */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (dialog, "url_row"))), ==, recent[0]);
  g_assert_cmpint (cs_join_dialog_get_mode (dialog), ==, CS_CALL_MODE_WHEP);
  g_assert_true (join_sensitive (dialog));

  /* every one is offered, newest first, its underscore kept */
  g_assert_true (gtk_widget_get_sensitive (child (dialog, "recent_button")));
  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (child (dialog, "recent_button")));
  g_assert_nonnull (menu);
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 2);
  target = g_menu_model_get_item_attribute_value (menu, 0, G_MENU_ATTRIBUTE_TARGET, G_VARIANT_TYPE_STRING);
  g_assert_cmpstr (g_variant_get_string (target, NULL), ==, recent[0]);
  g_assert_true (g_menu_model_get_item_attribute (menu, 0, G_MENU_ATTRIBUTE_LABEL, "s", &label));
  g_assert_cmpstr (label, ==, "https://media.example.com/whep/room__1");

  /* picking the second one: its URL, and Janus for a WebSocket */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "join.use-server", "s", recent[1]);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (dialog, "url_row"))), ==, recent[1]);
  g_assert_cmpint (cs_join_dialog_get_mode (dialog), ==, CS_CALL_MODE_JANUS);
  g_assert_false (join_sensitive (dialog));  /* a room is still needed */
  destroy_dialog (dialog);
  reset_settings (settings);
}

static void
test_ice_servers_setting (void)
{
  g_autoptr (GSettings) settings = NULL;
  const char *servers[] = { "stun:stun.example.com:3478", "not a server", "turn://u:p@turn.example.com:3478", NULL };
  const char *own[] = { "stun:own.example.com", NULL };
  g_auto (GStrv) read = NULL;
  CsJoinDialog *dialog;
  CsCallConfig config;

  /* the URI check needs no display */
  g_assert_true (cs_ice_server_uri_is_valid ("stun:stun.l.google.com:19302"));
  g_assert_false (cs_ice_server_uri_is_valid ("stuns:stun.example.com")); /* webrtcbin has no stuns: */
  g_assert_true (cs_ice_server_uri_is_valid ("TURN:turn.example.com?transport=tcp"));
  g_assert_true (cs_ice_server_uri_is_valid ("turns://user:pw@turn.example.com:5349"));
  g_assert_false (cs_ice_server_uri_is_valid ("http://stun.example.com"));
  g_assert_false (cs_ice_server_uri_is_valid ("stun:"));
  g_assert_false (cs_ice_server_uri_is_valid ("stun:host name"));
  g_assert_false (cs_ice_server_uri_is_valid ("stun.example.com"));
  g_assert_false (cs_ice_server_uri_is_valid (NULL));
  g_assert_null (cs_ice_servers_from_settings (NULL));

  settings = app_settings ();
  reset_settings (settings);
  g_assert_null (cs_ice_servers_from_settings (settings));
  g_settings_set_strv (settings, "ice-servers", servers);
  /* the invalid entry is left out */
  read = cs_ice_servers_from_settings (settings);
  g_assert_nonnull (read);
  g_assert_cmpuint (g_strv_length (read), ==, 2);
  g_assert_cmpstr (read[0], ==, servers[0]);
  g_assert_cmpstr (read[1], ==, servers[2]);
  /* the command line's path: the installed schema, through the default backend */
  {
    g_auto (GStrv) def = cs_ice_servers_get_default ();
    g_assert_nonnull (def);
    g_assert_cmpstrv (def, read);
  }

  /* a config naming its own servers keeps them */
  cs_call_config_init (&config);
  config.ice_servers = g_strdupv ((char **) own);
  cs_ice_servers_fill_config (&config, settings);
  g_assert_cmpstrv (config.ice_servers, own);
  cs_call_config_clear (&config);

  if (!have_display)
    {
      reset_settings (settings);
      g_test_skip ("no display for the dialog");
      return;
    }
  /* the dialog's config carries the preferences' servers */
  dialog = new_dialog (settings);
  cs_join_dialog_set_mode (dialog, CS_CALL_MODE_WHEP);
  type (dialog, "url_row", "https://media.example.com/whep");
  cs_call_config_init (&config);
  g_assert_true (cs_join_dialog_build_config (dialog, &config, NULL));
  g_assert_cmpstrv (config.ice_servers, read);
  cs_call_config_clear (&config);
  destroy_dialog (dialog);

  /* none in the preferences: none in the config */
  reset_settings (settings);
  dialog = new_dialog (settings);
  cs_join_dialog_set_mode (dialog, CS_CALL_MODE_WHEP);
  type (dialog, "url_row", "https://media.example.com/whep");
  cs_call_config_init (&config);
  g_assert_true (cs_join_dialog_build_config (dialog, &config, NULL));
  g_assert_null (config.ice_servers);
  cs_call_config_clear (&config);
  destroy_dialog (dialog);
}

/* (transfer none) the first preferences row under @root titled @title */
static GtkWidget *
find_row (GtkWidget *root, const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (root) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_row (c, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The Network group of the preferences edits ice-servers, refusing what is no STUN/TURN URI. */
static void
test_preferences_network (void)
{
  g_autoptr (GSettings) settings = NULL;
  g_auto (GStrv) list = NULL;
  GtkWidget *prefs, *entry;

  SKIP_WITHOUT_DISPLAY ();
  settings = app_settings ();
  reset_settings (settings);
  prefs = g_object_ref_sink (cs_preferences_window_new (NULL, settings));
  entry = find_row (prefs, "Add a STUN or TURN server");
  g_assert_nonnull (entry);

  gtk_editable_set_text (GTK_EDITABLE (entry), "http://stun.example.com");
  g_signal_emit_by_name (entry, "apply");
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  list = g_settings_get_strv (settings, "ice-servers");
  g_assert_cmpuint (g_strv_length (list), ==, 0);
  g_clear_pointer (&list, g_strfreev);

  gtk_editable_set_text (GTK_EDITABLE (entry), " stun:stun.example.com:3478 ");
  g_assert_false (gtk_widget_has_css_class (entry, "error"));
  g_signal_emit_by_name (entry, "apply");
  list = g_settings_get_strv (settings, "ice-servers");
  g_assert_cmpuint (g_strv_length (list), ==, 1);
  g_assert_cmpstr (list[0], ==, "stun:stun.example.com:3478");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  /* the list shows it at once */
  g_assert_nonnull (find_row (prefs, "stun:stun.example.com:3478"));

  gtk_window_destroy (GTK_WINDOW (prefs));
  g_object_unref (prefs);
  reset_settings (settings);
}

static CsJoinDialog *
find_join_dialog (void)
{
  GList *toplevels = gtk_window_list_toplevels ();
  CsJoinDialog *found = NULL;

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (CS_IS_JOIN_DIALOG (l->data))
      found = l->data;
  g_list_free (toplevels);
  return found;
}

/* win.join-call opens the dialog over the window; Cancel (window.close) closes it */
static void
test_window_action (void)
{
  g_autoptr (GSettings) settings = NULL;
  CsWindow *window;
  CsJoinDialog *dialog;
  g_auto (GStrv) accels = NULL;
  g_autoptr (GtkApplication) app = NULL;

  SKIP_WITHOUT_DISPLAY ();
  settings = app_settings ();
  reset_settings (settings);
  window = g_object_ref_sink (cs_window_new (NULL));
  g_assert_null (find_join_dialog ());
  gtk_widget_activate_action (GTK_WIDGET (window), "win.join-call", NULL);
  dialog = find_join_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (find_join_dialog ());
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);

  /* Ctrl+J is the accelerator */
  app = gtk_application_new ("io.github.callscope.TestJoin", G_APPLICATION_NON_UNIQUE);
  cs_window_install_accels (app);
  accels = gtk_application_get_accels_for_action (app, "win.join-call");
  g_assert_cmpuint (g_strv_length (accels), ==, 1);
  g_assert_cmpstr (accels[0], ==, "<Control>j");
}

static void
on_join (CsJoinDialog *dialog, const CsCallConfig *config, CsCallConfig *got)
{
  got->mode = config->mode;
  got->whip_url = g_strdup (config->whip_url);
}

/* Join hands the config to whoever listens ("join"; the window starts the call) and closes */
static void
test_join_signal (void)
{
  g_autoptr (GSettings) settings = NULL;
  CsJoinDialog *dialog;
  CsCallConfig got;

  SKIP_WITHOUT_DISPLAY ();
  settings = app_settings ();
  reset_settings (settings);
  cs_call_config_init (&got);
  got.mode = CS_CALL_MODE_LAB;
  dialog = cs_join_dialog_new (NULL, settings);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_connect (dialog, "join", G_CALLBACK (on_join), &got);
  cs_join_dialog_set_mode (dialog, CS_CALL_MODE_WHIP);
  type (dialog, "url_row", "http://127.0.0.1:7080/whip/endpoint/abc");
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "join.join", NULL);
  g_assert_cmpint (got.mode, ==, CS_CALL_MODE_WHIP);
  g_assert_cmpstr (got.whip_url, ==, "http://127.0.0.1:7080/whip/endpoint/abc");
  while (dialog != NULL && g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (find_join_dialog ());
  cs_call_config_clear (&got);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* as test-window: no GL in widget tests (LeakSanitizer and Mesa under Xvfb) */
  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
  have_display = gtk_init_check ();
  if (have_display)
    adw_init ();

  g_test_add_func ("/join-dialog/validation", test_validation);
  g_test_add_func ("/join-dialog/rows-per-kind", test_rows_per_kind);
  g_test_add_func ("/join-dialog/join-signal", test_join_signal);
  g_test_add_func ("/join-dialog/config-janus", test_config_janus);
  g_test_add_func ("/join-dialog/config-whip-whep", test_config_whip_whep);
  g_test_add_func ("/join-dialog/recent-servers", test_recent_servers);
  g_test_add_func ("/join-dialog/ice-servers-setting", test_ice_servers_setting);
  g_test_add_func ("/join-dialog/window-action", test_window_action);
  g_test_add_func ("/join-dialog/preferences-network", test_preferences_network);
  return g_test_run ();
}
