/* cs-camera.c — whether there is a camera to send, before a call claims to send one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `--camera` builds its sender on autovideosrc, which falls back to a test picture when it
 * finds no device: a call would then send a bouncing ball and say it was the camera. This
 * asks GStreamer's device monitor for a video source first, and refuses the call with a
 * message when there is none. Inside the Flatpak sandbox a camera is reached only through
 * the Camera portal (org.freedesktop.portal.Camera), which Callscope does not call yet: there
 * the call is refused and the message says so, rather than sending a test picture.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cs-camera.h"
#include "cs-error.h"

gboolean
cs_camera_check (GError **error)
{
  g_autoptr (GstDeviceMonitor) monitor = NULL;
  GList *devices;
  guint n;

  if (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_MISSING_ELEMENT,
                   _("The camera cannot be used in the Flatpak sandbox yet (the Camera portal is not supported): "
                     "start the call without the camera"));
      return FALSE;
    }
  monitor = gst_device_monitor_new ();
  gst_device_monitor_add_filter (monitor, "Video/Source", NULL);
  devices = gst_device_monitor_get_devices (monitor);
  n = g_list_length (devices);
  g_list_free_full (devices, gst_object_unref);
  if (n == 0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_MISSING_ELEMENT,
                   _("No camera was found: connect one, or start the call without the camera"));
      return FALSE;
    }
  return TRUE;
}
