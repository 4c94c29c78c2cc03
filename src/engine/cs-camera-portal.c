/* cs-camera-portal.c — the camera inside the sandbox: org.freedesktop.portal.Camera
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The steps, each asynchronous, on the caller's main context:
 *   1. the session bus (unless given),
 *   2. the Camera interface's IsCameraPresent property (org.freedesktop.DBus.Properties.Get),
 *   3. AccessCamera ({"handle_token": …}) → a Request object; its Response signal is
 *      subscribed to on the path xdg-desktop-portal will use *before* the call, as the
 *      portal documentation asks (a Response may come before the reply); an older portal
 *      that returns another path is followed there. Response 0 is access, 1 the user's
 *      refusal, 2 anything else. The wait has no deadline (the user is reading a dialog)
 *      but ends when the cancellable is cancelled (the Request is then Closed) or when the
 *      portal leaves the bus,
 *   4. OpenPipeWireRemote ({}) → (h), the file descriptor in the message's GUnixFDList.
 * Every failure is a CS_CAMERA_ERROR with a message a user can act on.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gio/gunixfdlist.h>

#include "cs-camera-portal.h"
#include "cs-error.h"

#define PORTAL_BUS       "org.freedesktop.portal.Desktop"
#define PORTAL_PATH      "/org/freedesktop/portal/desktop"
#define CAMERA_INTERFACE "org.freedesktop.portal.Camera"
#define REQUEST_IFACE    "org.freedesktop.portal.Request"

G_DEFINE_QUARK (cs-camera-error-quark, cs_camera_error)

struct _CsCameraPortal
{
  GObject          parent_instance;
  GDBusConnection *connection;
};

G_DEFINE_FINAL_TYPE (CsCameraPortal, cs_camera_portal, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_CONNECTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* one open_async: the task's data */
typedef struct
{
  GDBusConnection *bus;
  char            *handle;       /* the Request path watched */
  guint            response_id;
  guint            owner_id;
  GSource         *cancel_source;
  gboolean         done;
} Open;

static void
open_free (Open *open)
{
  if (open->response_id != 0)
    g_dbus_connection_signal_unsubscribe (open->bus, open->response_id);
  if (open->owner_id != 0)
    g_dbus_connection_signal_unsubscribe (open->bus, open->owner_id);
  if (open->cancel_source != NULL)
    g_source_destroy (open->cancel_source);
  g_clear_pointer (&open->cancel_source, g_source_unref);
  g_clear_object (&open->bus);
  g_free (open->handle);
  g_free (open);
}

/* Stops every wait of @task; TRUE when it had not ended yet (the caller then returns). */
static gboolean
open_end (GTask *task)
{
  Open *open = g_task_get_task_data (task);

  if (open->done)
    return FALSE;
  open->done = TRUE;
  if (open->response_id != 0)
    g_dbus_connection_signal_unsubscribe (open->bus, open->response_id);
  if (open->owner_id != 0)
    g_dbus_connection_signal_unsubscribe (open->bus, open->owner_id);
  open->response_id = open->owner_id = 0;
  if (open->cancel_source != NULL)
    g_source_destroy (open->cancel_source);
  return TRUE;
}

static void
open_fail (GTask *task, GError *error)
{
  if (open_end (task))
    g_task_return_error (task, error);
  else
    g_error_free (error);
}

/* A D-Bus call's failure in the user's terms. */
static GError *
call_error (GError *error)
{
  g_autofree char *detail = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);
  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER))
    return g_error_new (CS_CAMERA_ERROR, CS_CAMERA_ERROR_NO_PORTAL,
                        _("The camera cannot be reached: there is no desktop portal (xdg-desktop-portal) on the "
                          "session bus. Start it, or start the call without the camera"));
  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_INTERFACE) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_PROPERTY))
    return g_error_new (CS_CAMERA_ERROR, CS_CAMERA_ERROR_NO_PORTAL,
                        _("The camera cannot be reached: this desktop portal has no Camera portal. Update "
                          "xdg-desktop-portal, or start the call without the camera"));
  /* GDBus's own check of a reply's type */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT))
    {
      detail = cs_error_quote (error->message, -1, CS_ERROR_QUOTE_CHARS);
      return g_error_new (CS_CAMERA_ERROR, CS_CAMERA_ERROR_MALFORMED,
                          _("The camera portal sent a reply Callscope does not understand (%s): start the call "
                            "without the camera"), detail);
    }
  if (g_dbus_error_is_remote_error (error))
    g_dbus_error_strip_remote_error (error);
  detail = cs_error_quote (error->message, -1, CS_ERROR_QUOTE_CHARS);
  return g_error_new (CS_CAMERA_ERROR, CS_CAMERA_ERROR_FAILED,
                      _("The camera portal failed (%s): start the call without the camera"), detail);
}

static GError *
malformed (const char *what)
{
  return g_error_new (CS_CAMERA_ERROR, CS_CAMERA_ERROR_MALFORMED,
                      _("The camera portal sent a reply Callscope does not understand (%s): start the call "
                        "without the camera"), what);
}

/* ---------------------------------------------------------------- 4. OpenPipeWireRemote */

static void
remote_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GUnixFDList) fds = NULL;
  g_autoptr (GVariant) reply = NULL;
  g_autoptr (GUnixFDList) out = NULL;
  gint32 index;
  int fd;

  reply = g_dbus_connection_call_with_unix_fd_list_finish (G_DBUS_CONNECTION (source), &fds, result, &error);
  if (reply == NULL)
    {
      g_autoptr (GError) mapped = call_error (error);

      if (mapped->domain == CS_CAMERA_ERROR && mapped->code == CS_CAMERA_ERROR_FAILED)
        {
          g_clear_error (&mapped);
          mapped = g_error_new (CS_CAMERA_ERROR, CS_CAMERA_ERROR_FAILED,
                                _("The camera portal could not connect to PipeWire (%s): start the call without "
                                  "the camera"), error->message);
        }
      open_fail (task, g_steal_pointer (&mapped));
      return;
    }
  g_variant_get (reply, "(h)", &index);
  if (fds == NULL || index < 0 || index >= g_unix_fd_list_get_length (fds))
    {
      open_fail (task, malformed (_("no file descriptor for PipeWire")));
      return;
    }
  fd = g_unix_fd_list_get (fds, index, &error);
  if (fd < 0)
    {
      open_fail (task, malformed (error->message));
      return;
    }
  out = g_unix_fd_list_new_from_array (&fd, 1);
  if (open_end (task))
    g_task_return_pointer (task, g_steal_pointer (&out), g_object_unref);
}

static void
open_remote (GTask *task)
{
  Open *open = g_task_get_task_data (task);

  g_dbus_connection_call_with_unix_fd_list (open->bus, PORTAL_BUS, PORTAL_PATH, CAMERA_INTERFACE,
                                            "OpenPipeWireRemote", g_variant_new_parsed ("(@a{sv} {},)"),
                                            G_VARIANT_TYPE ("(h)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                                            g_task_get_cancellable (task), remote_cb, g_object_ref (task));
}

/* ---------------------------------------------------------------- 3. AccessCamera */

static void
response_cb (GDBusConnection *bus, const char *sender, const char *path, const char *iface, const char *signal,
             GVariant *parameters, gpointer user_data)
{
  GTask *task = user_data;
  Open *open = g_task_get_task_data (task);
  guint32 response;

  if (open->done || open->response_id == 0)
    return;
  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(ua{sv})")))
    {
      g_autofree char *what = g_strdup_printf (_("a Response of type %s"), g_variant_get_type_string (parameters));

      open_fail (task, malformed (what));
      return;
    }
  g_variant_get (parameters, "(u@a{sv})", &response, NULL);
  /* the Request is over: no more waiting for it, nor for the portal */
  g_dbus_connection_signal_unsubscribe (bus, open->response_id);
  g_dbus_connection_signal_unsubscribe (bus, open->owner_id);
  open->response_id = open->owner_id = 0;
  g_clear_pointer (&open->handle, g_free);
  if (response == 0)
    open_remote (task);
  else if (response == 1)
    open_fail (task, g_error_new (CS_CAMERA_ERROR, CS_CAMERA_ERROR_REFUSED,
                                  _("Access to the camera was refused: allow Callscope to use the camera "
                                    "(Settings, Privacy, Camera) and start the call again, or start it "
                                    "without the camera")));
  else
    open_fail (task, g_error_new (CS_CAMERA_ERROR, CS_CAMERA_ERROR_FAILED,
                                  _("The camera portal could not give access to the camera (response %u): "
                                    "start the call without the camera"), response));
}

static void
owner_cb (GDBusConnection *bus, const char *sender, const char *path, const char *iface, const char *signal,
          GVariant *parameters, gpointer user_data)
{
  GTask *task = user_data;
  const char *new_owner = NULL;

  if (g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(sss)")))
    g_variant_get (parameters, "(&s&s&s)", NULL, NULL, &new_owner);
  if (new_owner != NULL && new_owner[0] == '\0')
    open_fail (task, g_error_new (CS_CAMERA_ERROR, CS_CAMERA_ERROR_FAILED,
                                  _("The desktop portal stopped before it answered about the camera: start the "
                                    "call again, or start it without the camera")));
}

static void
watch_request (GTask *task, const char *handle)
{
  Open *open = g_task_get_task_data (task);

  if (open->response_id != 0)
    g_dbus_connection_signal_unsubscribe (open->bus, open->response_id);
  g_free (open->handle);
  open->handle = g_strdup (handle);
  open->response_id = g_dbus_connection_signal_subscribe (open->bus, PORTAL_BUS, REQUEST_IFACE, "Response", handle,
                                                          NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                                          response_cb, g_object_ref (task), g_object_unref);
}

static void
access_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  Open *open = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply = NULL;
  const char *handle;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (open->done)
    return;
  if (reply == NULL)
    {
      open_fail (task, call_error (error));
      return;
    }
  g_variant_get (reply, "(&o)", &handle);
  /* the Response came already, or an older portal chose another path: follow it there */
  if (open->handle != NULL && g_strcmp0 (handle, open->handle) != 0)
    watch_request (task, handle);
}

static gboolean
cancelled_cb (GCancellable *cancellable, gpointer user_data)
{
  GTask *task = user_data;
  Open *open = g_task_get_task_data (task);

  /* the portal's dialog goes away with its Request */
  if (!open->done && open->handle != NULL)
    g_dbus_connection_call (open->bus, PORTAL_BUS, open->handle, REQUEST_IFACE, "Close", NULL, NULL,
                            G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL, NULL);
  open_fail (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The camera request was cancelled")));
  return G_SOURCE_REMOVE;
}

static void
access_camera (GTask *task)
{
  Open *open = g_task_get_task_data (task);
  g_autofree char *sender = g_strdup (g_dbus_connection_get_unique_name (open->bus) + 1);
  g_autofree char *token = g_strdup_printf ("callscope%u", g_random_int ());
  g_autofree char *handle = NULL;

  /* the path xdg-desktop-portal makes of our unique name (":1.42" → "1_42") and the token */
  g_strdelimit (sender, ".", '_');
  handle = g_strdup_printf (PORTAL_PATH "/request/%s/%s", sender, token);
  watch_request (task, handle);
  open->owner_id = g_dbus_connection_signal_subscribe (open->bus, "org.freedesktop.DBus", "org.freedesktop.DBus",
                                                       "NameOwnerChanged", "/org/freedesktop/DBus", PORTAL_BUS,
                                                       G_DBUS_SIGNAL_FLAGS_NONE, owner_cb, g_object_ref (task),
                                                       g_object_unref);
  g_dbus_connection_call (open->bus, PORTAL_BUS, PORTAL_PATH, CAMERA_INTERFACE, "AccessCamera",
                          g_variant_new_parsed ("({'handle_token': <%s>},)", token), G_VARIANT_TYPE ("(o)"),
                          G_DBUS_CALL_FLAGS_NONE, -1, NULL, access_cb, g_object_ref (task));
}

/* ---------------------------------------------------------------- 2. IsCameraPresent */

static void
present_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  Open *open = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply = NULL;
  g_autoptr (GVariant) value = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (open->done)
    return;
  /* a portal without the Camera interface: GDBus and xdg-desktop-portal say InvalidArgs */
  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS))
    {
      g_clear_error (&error);
      g_set_error_literal (&error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_INTERFACE, "");
    }
  if (reply == NULL)
    {
      open_fail (task, call_error (error));
      return;
    }
  g_variant_get (reply, "(v)", &value);
  if (!g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
    {
      g_autofree char *what = g_strdup_printf (_("IsCameraPresent of type %s"), g_variant_get_type_string (value));

      open_fail (task, malformed (what));
      return;
    }
  if (!g_variant_get_boolean (value))
    {
      open_fail (task, g_error_new (CS_CAMERA_ERROR, CS_CAMERA_ERROR_NOT_PRESENT,
                                    _("No camera was found: connect one, or start the call without the camera")));
      return;
    }
  access_camera (task);
}

static void
ask_present (GTask *task)
{
  Open *open = g_task_get_task_data (task);

  g_dbus_connection_call (open->bus, PORTAL_BUS, PORTAL_PATH, "org.freedesktop.DBus.Properties", "Get",
                          g_variant_new ("(ss)", CAMERA_INTERFACE, "IsCameraPresent"), G_VARIANT_TYPE ("(v)"),
                          G_DBUS_CALL_FLAGS_NONE, -1, g_task_get_cancellable (task), present_cb, g_object_ref (task));
}

/* ---------------------------------------------------------------- 1. the bus */

static void
bus_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  Open *open = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  open->bus = g_bus_get_finish (result, &error);
  if (open->done)
    return;
  if (open->bus == NULL)
    {
      open_fail (task, g_error_new (CS_CAMERA_ERROR, CS_CAMERA_ERROR_NO_PORTAL,
                                    _("The camera cannot be reached: there is no session bus for the desktop "
                                      "portal (%s)"), error->message));
      return;
    }
  ask_present (task);
}

void
cs_camera_portal_open_async (CsCameraPortal     *self,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  Open *open;

  g_return_if_fail (CS_IS_CAMERA_PORTAL (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_camera_portal_open_async);
  /* cancellation is answered by cancelled_cb (which also closes the Request), and an fd
   * that came must reach finish() to be closed */
  g_task_set_check_cancellable (task, FALSE);
  open = g_new0 (Open, 1);
  g_task_set_task_data (task, open, (GDestroyNotify) open_free);
  if (cancellable != NULL)
    {
      open->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (open->cancel_source, (GSourceFunc) (void (*) (void)) cancelled_cb, g_object_ref (task),
                             g_object_unref);
      g_source_attach (open->cancel_source, g_main_context_get_thread_default ());
    }
  if (self->connection != NULL)
    {
      open->bus = g_object_ref (self->connection);
      ask_present (task);
    }
  else
    g_bus_get (G_BUS_TYPE_SESSION, cancellable, bus_cb, g_object_ref (task));
}

int
cs_camera_portal_open_finish (CsCameraPortal *self, GAsyncResult *result, GError **error)
{
  g_autoptr (GUnixFDList) fds = NULL;
  g_autofree int *stolen = NULL;
  int fd;

  g_return_val_if_fail (g_task_is_valid (result, self), -1);

  fds = g_task_propagate_pointer (G_TASK (result), error);
  if (fds == NULL)
    return -1;
  stolen = g_unix_fd_list_steal_fds (fds, NULL);
  fd = stolen[0];
  return fd;
}

/* ---------------------------------------------------------------- the object */

CsCameraPortal *
cs_camera_portal_new (GDBusConnection *connection)
{
  g_return_val_if_fail (connection == NULL || G_IS_DBUS_CONNECTION (connection), NULL);
  return g_object_new (CS_TYPE_CAMERA_PORTAL, "connection", connection, NULL);
}

static void
cs_camera_portal_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CsCameraPortal *self = CS_CAMERA_PORTAL (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_camera_portal_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  CsCameraPortal *self = CS_CAMERA_PORTAL (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      self->connection = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_camera_portal_dispose (GObject *object)
{
  CsCameraPortal *self = CS_CAMERA_PORTAL (object);

  g_clear_object (&self->connection);
  G_OBJECT_CLASS (cs_camera_portal_parent_class)->dispose (object);
}

static void
cs_camera_portal_class_init (CsCameraPortalClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = cs_camera_portal_get_property;
  object_class->set_property = cs_camera_portal_set_property;
  object_class->dispose = cs_camera_portal_dispose;

  /* the bus the portal is on (NULL: the session bus) */
  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, G_TYPE_DBUS_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cs_camera_portal_init (CsCameraPortal *self)
{
}
