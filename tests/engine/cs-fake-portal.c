/* cs-fake-portal.c — a fake org.freedesktop.portal.Desktop with the Camera interface
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cs-fake-portal.h"

#include <gio/gunixfdlist.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define PORTAL_BUS  "org.freedesktop.portal.Desktop"
#define PORTAL_PATH "/org/freedesktop/portal/desktop"

struct _CsFakePortal
{
  CsFakeMode       mode;
  GThread         *thread;
  GMainContext    *context;
  GMainLoop       *loop;
  GDBusConnection *bus;
  GDBusNodeInfo   *info;
  guint            object_id;
  guint            request_id;
  char            *handle;
  char            *caller;
  int              sent_fd;    /* the end it sent, kept to compare with */
  int              peer_fd;    /* the other end: silent, or closed */

  GMutex           lock;
  GCond            cond;
  gboolean         ready;
  gboolean         failed;
  GString         *log;
  guint64          sent_inode;
  gboolean         closed;
};

static void
say (CsFakePortal *self, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
say (CsFakePortal *self, const char *format, ...)
{
  va_list args;

  g_mutex_lock (&self->lock);
  va_start (args, format);
  g_string_append_vprintf (self->log, format, args);
  va_end (args);
  g_string_append_c (self->log, '\n');
  g_mutex_unlock (&self->lock);
}

static char *
node_xml (CsFakeMode mode)
{
  if (mode == CS_FAKE_NO_CAMERA_IFACE)
    return g_strdup ("<node><interface name='org.freedesktop.portal.Settings'>"
                     "<method name='ReadAll'><arg type='as' direction='in'/></method>"
                     "</interface></node>");
  return g_strdup_printf ("<node>"
                          "<interface name='org.freedesktop.portal.Camera'>"
                          "<method name='AccessCamera'><arg type='a{sv}' direction='in'/>"
                          "<arg type='%s' direction='out'/></method>"
                          "<method name='OpenPipeWireRemote'><arg type='a{sv}' direction='in'/>"
                          "<arg type='%s' direction='out'/></method>"
                          "<property name='IsCameraPresent' type='%s' access='read'/>"
                          "<property name='version' type='u' access='read'/>"
                          "</interface>"
                          "<interface name='org.freedesktop.portal.Request'><method name='Close'/></interface>"
                          "</node>",
                          mode == CS_FAKE_BAD_ACCESS ? "s" : "o", mode == CS_FAKE_BAD_REMOTE ? "s" : "h",
                          mode == CS_FAKE_BAD_PRESENT ? "s" : "b");
}

/* ---------------------------------------------------------------- the Request */

static void
respond (CsFakePortal *self)
{
  GVariant *parameters;

  if (self->handle == NULL)
    return;
  if (self->mode == CS_FAKE_BAD_RESPONSE)
    parameters = g_variant_new ("(s)", "granted");
  else
    parameters = g_variant_new_parsed ("(%u, @a{sv} {})", self->mode == CS_FAKE_REFUSE ? 1 :
                                                          self->mode == CS_FAKE_FAIL ? 2 : 0);
  say (self, "Response on %s", self->handle);
  g_dbus_connection_emit_signal (self->bus, self->caller, self->handle, "org.freedesktop.portal.Request", "Response",
                                 parameters, NULL);
}

static void
leave_bus (CsFakePortal *self)
{
  g_autoptr (GVariant) reply = NULL;

  if (self->bus == NULL)
    return;
  reply = g_dbus_connection_call_sync (self->bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "ReleaseName", g_variant_new ("(s)", PORTAL_BUS),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, 5000, NULL, NULL);
  say (self, "left the bus");
}

static gboolean
later_cb (gpointer user_data)
{
  CsFakePortal *self = user_data;

  if (self->mode == CS_FAKE_VANISH)
    leave_bus (self);
  else if (self->mode != CS_FAKE_SILENT)
    respond (self);
  return G_SOURCE_REMOVE;
}

static void
request_call (GDBusConnection *bus, const char *sender, const char *path, const char *iface, const char *method,
              GVariant *parameters, GDBusMethodInvocation *invocation, gpointer user_data)
{
  CsFakePortal *self = user_data;

  say (self, "Close %s", path);
  g_mutex_lock (&self->lock);
  self->closed = TRUE;
  g_mutex_unlock (&self->lock);
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static const GDBusInterfaceVTable request_vtable = { request_call, NULL, NULL, { 0 } };

/* ---------------------------------------------------------------- the Camera */

static void
access_camera (CsFakePortal *self, const char *sender, GVariant *parameters, GDBusMethodInvocation *invocation)
{
  g_autoptr (GVariant) options = g_variant_get_child_value (parameters, 0);
  const char *token = NULL;
  g_autofree char *caller = g_strdup (sender + 1);

  g_variant_lookup (options, "handle_token", "&s", &token);
  say (self, "AccessCamera token=%s", token ? token : "(none)");
  if (self->mode == CS_FAKE_BAD_ACCESS)
    {
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(s)", "not a path"));
      return;
    }
  g_strdelimit (caller, ".", '_');
  g_free (self->handle);
  g_free (self->caller);
  self->caller = g_strdup (sender);
  if (self->mode == CS_FAKE_GRANT_OTHER_PATH || token == NULL)
    self->handle = g_strdup (PORTAL_PATH "/request/old/1");
  else
    self->handle = g_strdup_printf (PORTAL_PATH "/request/%s/%s", caller, token);
  if (self->request_id == 0)
    self->request_id = g_dbus_connection_register_object (self->bus, self->handle,
                                                          g_dbus_node_info_lookup_interface (self->info,
                                                                                             "org.freedesktop.portal.Request"),
                                                          &request_vtable, self, NULL, NULL);
  if (self->mode == CS_FAKE_GRANT_FIRST)
    respond (self);
  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(o)", self->handle));
  if (self->mode != CS_FAKE_GRANT_FIRST)
    {
      /* the user reads the dialog */
      GSource *source = g_timeout_source_new (100);

      g_source_set_callback (source, later_cb, self, NULL);
      g_source_attach (source, self->context);
      g_source_unref (source);
    }
}

static void
open_remote (CsFakePortal *self, GDBusMethodInvocation *invocation)
{
  g_autoptr (GUnixFDList) fds = NULL;
  int pair[2];
  struct stat st;

  say (self, "OpenPipeWireRemote");
  switch (self->mode)
    {
    case CS_FAKE_BAD_REMOTE:
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(s)", "no fd"));
      return;
    case CS_FAKE_NO_FD:
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(h)", 0));
      return;
    case CS_FAKE_REMOTE_ERROR:
      g_dbus_method_invocation_return_dbus_error (invocation, "org.freedesktop.portal.Error.Failed",
                                                  "PipeWire is not running");
      return;
    default:
      break;
    }
  g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), ==, 0);
  g_assert_cmpint (fstat (pair[0], &st), ==, 0);
  g_mutex_lock (&self->lock);
  self->sent_inode = st.st_ino;
  g_mutex_unlock (&self->lock);
  fds = g_unix_fd_list_new ();
  g_assert_cmpint (g_unix_fd_list_append (fds, pair[0], NULL), ==, 0);
  if (self->mode == CS_FAKE_GRANT_HANG_UP)
    {
      close (pair[0]);
      close (pair[1]);
    }
  else
    {
      self->sent_fd = pair[0];
      self->peer_fd = pair[1];
    }
  g_dbus_method_invocation_return_value_with_unix_fd_list (invocation, g_variant_new ("(h)", 0), fds);
}

static void
camera_call (GDBusConnection *bus, const char *sender, const char *path, const char *iface, const char *method,
             GVariant *parameters, GDBusMethodInvocation *invocation, gpointer user_data)
{
  CsFakePortal *self = user_data;

  if (g_str_equal (method, "AccessCamera"))
    access_camera (self, sender, parameters, invocation);
  else if (g_str_equal (method, "OpenPipeWireRemote"))
    open_remote (self, invocation);
  else
    g_dbus_method_invocation_return_dbus_error (invocation, "org.freedesktop.DBus.Error.UnknownMethod", method);
}

static GVariant *
camera_get (GDBusConnection *bus, const char *sender, const char *path, const char *iface, const char *property,
            GError **error, gpointer user_data)
{
  CsFakePortal *self = user_data;

  say (self, "Get %s", property);
  if (g_str_equal (property, "version"))
    return g_variant_new_uint32 (4);
  if (self->mode == CS_FAKE_BAD_PRESENT)
    return g_variant_new_string ("yes");
  return g_variant_new_boolean (self->mode != CS_FAKE_ABSENT);
}

static const GDBusInterfaceVTable camera_vtable = { camera_call, camera_get, NULL, { 0 } };

/* ---------------------------------------------------------------- the thread */

static void
set_ready (CsFakePortal *self, gboolean failed)
{
  g_mutex_lock (&self->lock);
  self->ready = TRUE;
  self->failed = failed;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
}

static gpointer
fake_thread (gpointer data)
{
  CsFakePortal *self = data;
  g_autoptr (GError) error = NULL;
  g_autofree char *address = NULL;
  g_autofree char *xml = node_xml (self->mode);
  g_autoptr (GVariant) reply = NULL;
  guint32 result = 0;

  g_main_context_push_thread_default (self->context);
  address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (address != NULL)
    self->bus = g_dbus_connection_new_for_address_sync (address,
                                                        G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                        G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                        NULL, NULL, &error);
  if (self->bus == NULL)
    {
      say (self, "no session bus: %s", error->message);
      set_ready (self, TRUE);
      g_main_context_pop_thread_default (self->context);
      return NULL;
    }
  self->info = g_dbus_node_info_new_for_xml (xml, &error);
  g_assert_no_error (error);
  self->object_id = g_dbus_connection_register_object (self->bus, PORTAL_PATH, self->info->interfaces[0],
                                                       &camera_vtable, self, NULL, &error);
  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (self->bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName", g_variant_new ("(su)", PORTAL_BUS, 4),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, 5000, NULL, &error);
  if (reply != NULL)
    g_variant_get (reply, "(u)", &result);
  if (result != 1)
    say (self, "could not own %s: %u %s", PORTAL_BUS, result, error ? error->message : "");
  set_ready (self, result != 1);
  if (result == 1)
    g_main_loop_run (self->loop);

  if (self->request_id != 0)
    g_dbus_connection_unregister_object (self->bus, self->request_id);
  g_dbus_connection_unregister_object (self->bus, self->object_id);
  leave_bus (self);
  g_dbus_connection_close_sync (self->bus, NULL, NULL);
  g_clear_object (&self->bus);
  g_clear_pointer (&self->info, g_dbus_node_info_unref);
  /* what the fake's context still holds (a pending timeout) goes with it */
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

CsFakePortal *
cs_fake_portal_new (CsFakeMode mode)
{
  CsFakePortal *self = g_new0 (CsFakePortal, 1);
  gboolean failed;

  self->mode = mode;
  self->sent_fd = self->peer_fd = -1;
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->log = g_string_new (NULL);
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->thread = g_thread_new ("fake-portal", fake_thread, self);
  g_mutex_lock (&self->lock);
  while (!self->ready)
    g_cond_wait (&self->cond, &self->lock);
  failed = self->failed;
  g_mutex_unlock (&self->lock);
  if (failed)
    {
      g_autofree char *log = cs_fake_portal_log (self);

      g_test_message ("fake portal: %s", log);
      cs_fake_portal_free (self);
      return NULL;
    }
  return self;
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

void
cs_fake_portal_free (CsFakePortal *self)
{
  GSource *quit;

  if (self == NULL)
    return;
  /* an idle on the fake's own context: it quits the loop even when the loop is yet to run */
  quit = g_idle_source_new ();
  g_source_set_callback (quit, quit_cb, self->loop, NULL);
  g_source_attach (quit, self->context);
  g_source_unref (quit);
  g_thread_join (self->thread);
  if (self->sent_fd >= 0)
    close (self->sent_fd);
  if (self->peer_fd >= 0)
    close (self->peer_fd);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_string_free (self->log, TRUE);
  g_free (self->handle);
  g_free (self->caller);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self);
}

guint64
cs_fake_portal_sent_inode (CsFakePortal *self)
{
  guint64 inode;

  g_mutex_lock (&self->lock);
  inode = self->sent_inode;
  g_mutex_unlock (&self->lock);
  return inode;
}

char *
cs_fake_portal_log (CsFakePortal *self)
{
  char *text;

  g_mutex_lock (&self->lock);
  text = g_strdup (self->log->str);
  g_mutex_unlock (&self->lock);
  return text;
}

gboolean
cs_fake_portal_was_closed (CsFakePortal *self)
{
  gboolean closed;

  g_mutex_lock (&self->lock);
  closed = self->closed;
  g_mutex_unlock (&self->lock);
  return closed;
}
