/* cs-camera.c — the camera a call sends: the device directly, or the Camera portal's
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Outside a sandbox the camera is the device itself: `--camera` builds its sender on
 * autovideosrc, which falls back to a test picture when it finds no device, so GStreamer's
 * device monitor is asked first and the call refused when it sees no video source.
 *
 * Inside the Flatpak sandbox there is no device to see: the camera is reached through the
 * Camera portal (cs-camera-portal.c), whose OpenPipeWireRemote file descriptor is handed to
 * pipewiresrc (fd=…). That remote shows only the cameras the user allowed; pipewiresrc
 * without a target-object links to the default one, as autovideosrc picks the first device
 * outside (Callscope has no camera chooser). Either way a camera that sends no picture
 * within CS_CAMERA_START_TIMEOUT_MS ends the call with a message (cs_camera_watch_start):
 * never a test picture passed off as the camera.
 *
 * pipewiresrc (PipeWire 0.3.65, Debian 12) holds its READY→PAUSED state change until its
 * stream has started, for up to 30 s when the other end of the socket never answers; so the
 * call starts it apart (its state locked, then cs_camera_start() from a GStreamer thread),
 * and cs_camera_abort() shuts the socket down to end that wait when the call gives up. Its
 * streaming thread still waits for a format up to 30 s after that (it does not see the
 * connection end), so a call that stops lets the camera go apart (cs_camera_release()).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <sys/socket.h>

#include "cs-camera.h"
#include "cs-error.h"

gboolean
cs_camera_needs_portal (void)
{
  return g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS) ||
         g_strcmp0 (g_getenv (CS_CAMERA_PORTAL_ENV), "1") == 0;
}

gboolean
cs_camera_check (GError **error)
{
  g_autoptr (GstDeviceMonitor) monitor = NULL;
  GList *devices;
  guint n;

  monitor = gst_device_monitor_new ();
  gst_device_monitor_add_filter (monitor, "Video/Source", NULL);
  devices = gst_device_monitor_get_devices (monitor);
  n = g_list_length (devices);
  g_list_free_full (devices, gst_object_unref);
  if (n == 0)
    {
      g_set_error (error, CS_CAMERA_ERROR, CS_CAMERA_ERROR_NOT_PRESENT,
                   _("No camera was found: connect one, or start the call without the camera"));
      return FALSE;
    }
  return TRUE;
}

static void
portal_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;
  int fd = cs_camera_portal_open_finish (CS_CAMERA_PORTAL (source), result, &error);

  if (fd < 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, fd);
}

void
cs_camera_open_async (GDBusConnection    *bus,
                      gboolean            use_portal,
                      GCancellable       *cancellable,
                      GAsyncReadyCallback callback,
                      gpointer            user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr (GstElementFactory) factory = NULL;
  g_autoptr (CsCameraPortal) portal = NULL;
  GError *error = NULL;

  g_task_set_source_tag (task, cs_camera_open_async);
  /* a file descriptor that came must reach finish() to be closed */
  g_task_set_check_cancellable (task, FALSE);
  if (!gst_is_initialized ())
    gst_init (NULL, NULL);
  if (!use_portal)
    {
      if (cs_camera_check (&error))
        g_task_return_int (task, -1);
      else
        g_task_return_error (task, error);
      return;
    }
  /* no use asking the user for a camera that cannot be read */
  factory = gst_element_factory_find ("pipewiresrc");
  if (factory == NULL)
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_MISSING_ELEMENT,
                               _("The camera needs GStreamer's PipeWire plugin (the element pipewiresrc; "
                                 "on Debian the package gstreamer1.0-pipewire): install it, or start the "
                                 "call without the camera"));
      return;
    }
  portal = cs_camera_portal_new (bus);
  cs_camera_portal_open_async (portal, cancellable, portal_cb, g_steal_pointer (&task));
}

gboolean
cs_camera_open_finish (GAsyncResult *result, int *fd, GError **error)
{
  gssize value;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (fd != NULL, FALSE);

  *fd = -1;
  value = g_task_propagate_int (G_TASK (result), error);
  if (value == -1 && g_task_had_error (G_TASK (result)))
    return FALSE;
  *fd = (int) value;
  return TRUE;
}

char *
cs_camera_source_description (int fd)
{
  if (fd < 0)
    return g_strdup ("autovideosrc name=camera");
  /* the remote shows only the allowed cameras; no target-object: the default one */
  return g_strdup_printf ("pipewiresrc name=camera fd=%d client-name=Callscope", fd);
}

/* ---------------------------------------------------------------- no test picture */

static GstPadProbeReturn
drop_cb (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  return GST_PAD_PROBE_DROP;
}

/* autovideosrc's child: the device's element, or its fallback (a videotestsrc) */
static void
child_added_cb (GstBin *camera, GstElement *child, gpointer user_data)
{
  GstElementFactory *factory = gst_element_get_factory (child);
  const char *name = factory != NULL ? gst_plugin_feature_get_name (GST_PLUGIN_FEATURE (factory)) : NULL;
  g_autoptr (GstPad) pad = NULL;
  g_autoptr (GError) error = NULL;

  if (g_strcmp0 (name, "videotestsrc") != 0)
    return;
  pad = gst_element_get_static_pad (child, "src");
  if (pad != NULL)
    gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST, drop_cb, NULL, NULL);
  error = g_error_new (CS_CAMERA_ERROR, CS_CAMERA_ERROR_NOT_PRESENT,
                       _("The camera could not be opened: check that it is connected and that no other "
                         "application holds it, or start the call without the camera"));
  gst_element_post_message (GST_ELEMENT (camera),
                            gst_message_new_error (GST_OBJECT (camera), error,
                                                   "cs-camera.c: autovideosrc fell back to a test picture"));
}

void
cs_camera_guard (GstElement *camera)
{
  g_return_if_fail (GST_IS_ELEMENT (camera));
  if (GST_IS_BIN (camera))
    g_signal_connect (camera, "element-added", G_CALLBACK (child_added_cb), NULL);
}

/* ---------------------------------------------------------------- starting, stopping */

static void
start_cb (GstElement *camera, gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  if (gst_element_sync_state_with_parent (camera))
    return;
  error = g_error_new (CS_CAMERA_ERROR, CS_CAMERA_ERROR_NOT_STARTED,
                       _("The camera's PipeWire stream did not start: check that no other application holds "
                         "the camera, or start the call without the camera"));
  gst_element_post_message (camera, gst_message_new_error (GST_OBJECT (camera), error,
                                                           "cs-camera.c: the camera's state change failed"));
}

void
cs_camera_start (GstElement *camera)
{
  g_return_if_fail (GST_IS_ELEMENT (camera));
  gst_element_call_async (camera, start_cb, NULL, NULL);
}

void
cs_camera_abort (GstElement *camera)
{
  int fd = -1;

  g_return_if_fail (GST_IS_ELEMENT (camera));
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (camera), "fd") != NULL)
    g_object_get (camera, "fd", &fd, NULL);
  /* the socket itself, shared with pipewiresrc's duplicate: its connection ends at once */
  if (fd >= 0)
    shutdown (fd, SHUT_RDWR);
}

static gpointer
stop_thread (gpointer data)
{
  g_autoptr (GstElement) camera = data;

  gst_element_set_state (camera, GST_STATE_NULL);
  return NULL;
}

void
cs_camera_release (GstElement *camera)
{
  g_autoptr (GstObject) parent = NULL;

  g_return_if_fail (GST_IS_ELEMENT (camera));
  gst_object_ref (camera);
  cs_camera_abort (camera);
  /* the pipeline's state changes leave it alone from now on */
  gst_element_set_locked_state (camera, TRUE);
  parent = gst_object_get_parent (GST_OBJECT (camera));
  if (parent != NULL && GST_IS_BIN (parent))
    gst_bin_remove (GST_BIN (parent), camera);
  /* pipewiresrc 0.3.65 waits up to 30 s for a format from a PipeWire that went away, in a
   * streaming thread that its PAUSED→READY must join: not on the main loop */
  g_thread_unref (g_thread_new ("cs-camera-stop", stop_thread, camera));
}

/* ---------------------------------------------------------------- the first picture */

/* shared by the pad probe and the timeout; a weak reference, as the probe lives on the
 * camera's pad and must not keep it alive */
typedef struct
{
  GWeakRef camera;
  guint    timeout_ms;
  gint     started;
} Watch;

static void
watch_clear (Watch *watch)
{
  g_weak_ref_clear (&watch->camera);
}

static void
watch_unref (gpointer watch)
{
  g_atomic_rc_box_release_full (watch, (GDestroyNotify) watch_clear);
}

static GstPadProbeReturn
first_buffer_cb (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  Watch *watch = user_data;

  g_atomic_int_set (&watch->started, TRUE);
  return GST_PAD_PROBE_REMOVE;
}

static gboolean
watch_timeout_cb (gpointer user_data)
{
  Watch *watch = user_data;
  g_autoptr (GstElement) camera = g_weak_ref_get (&watch->camera);

  if (camera != NULL && !g_atomic_int_get (&watch->started))
    {
      g_autoptr (GError) error = g_error_new (CS_CAMERA_ERROR, CS_CAMERA_ERROR_NOT_STARTED,
                                              _("The camera sent no picture within %u seconds: check that no "
                                                "other application holds it, or start the call without the camera"),
                                              (watch->timeout_ms + 999) / 1000);

      gst_element_post_message (camera, gst_message_new_error (GST_OBJECT (camera), error,
                                                               "cs-camera.c: no buffer on the camera's src pad"));
      /* and pipewiresrc's own wait (cs_camera_start) ends now, not 30 s from its start */
      cs_camera_abort (camera);
    }
  return G_SOURCE_REMOVE;
}

GSource *
cs_camera_watch_start (GstElement *camera, guint timeout_ms)
{
  g_autoptr (GstPad) pad = NULL;
  GSource *source;
  Watch *watch;

  g_return_val_if_fail (GST_IS_ELEMENT (camera), NULL);

  watch = g_atomic_rc_box_new0 (Watch);
  g_weak_ref_init (&watch->camera, camera);
  watch->timeout_ms = timeout_ms;
  pad = gst_element_get_static_pad (camera, "src");
  if (pad != NULL)
    gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST, first_buffer_cb,
                       g_atomic_rc_box_acquire (watch), watch_unref);
  /* a source the caller holds, not an id: once it has fired (G_SOURCE_REMOVE) its id is
   * stale, while destroying a destroyed source is harmless */
  source = g_timeout_source_new (timeout_ms);
  g_source_set_static_name (source, "cs-camera-watch");
  g_source_set_callback (source, watch_timeout_cb, watch, watch_unref);
  g_source_attach (source, g_main_context_get_thread_default ());
  return source;
}

void
cs_camera_watch_stop (GSource *watch)
{
  if (watch == NULL)
    return;
  g_source_destroy (watch);
  g_source_unref (watch);
}
