/* cs-sender-camera.c — the camera of a Janus or WHIP publisher (see cs-sender-camera.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <unistd.h>

#include "cs-camera.h"
#include "cs-sender-camera.h"

struct _CsSenderCamera
{
  int         fd;       /* the portal's remote (our duplicate), -1: the device directly */
  GstElement *camera;   /* nullable: not built yet, or released */
  GSource    *watch;    /* the first-picture deadline */
  gboolean    released; /* a pipewiresrc let go: its messages are not the call's */
};

CsSenderCamera *
cs_sender_camera_new (const CsCallConfig *config, GError **error)
{
  CsSenderCamera *self;
  int fd = -1;

  g_return_val_if_fail (config != NULL, NULL);
  /* the session's own duplicate of the portal's remote: pipewiresrc reads it when it starts */
  if (config->camera_portal)
    {
      fd = fcntl (config->camera_fd, F_DUPFD_CLOEXEC, 3);
      if (fd < 0)
        {
          int saved = errno;

          g_set_error (error, CS_CAMERA_ERROR, CS_CAMERA_ERROR_FAILED,
                       _("The camera portal's PipeWire connection cannot be used: %s"), g_strerror (saved));
          return NULL;
        }
    }
  self = g_new0 (CsSenderCamera, 1);
  self->fd = fd;
  return self;
}

void
cs_sender_camera_free (CsSenderCamera *self)
{
  if (self == NULL)
    return;
  cs_sender_camera_stop (self);
  g_clear_pointer (&self->camera, gst_object_unref);
  if (self->fd >= 0)
    close (self->fd);
  g_free (self);
}

char *
cs_sender_camera_description (CsSenderCamera *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return cs_camera_source_description (self->fd);
}

void
cs_sender_camera_attach (CsSenderCamera *self, GstBin *bin)
{
  g_return_if_fail (self != NULL && GST_IS_BIN (bin));

  g_clear_pointer (&self->camera, gst_object_unref);
  self->released = FALSE;
  self->camera = gst_bin_get_by_name (bin, "camera");
  g_return_if_fail (self->camera != NULL);
  /* pipewiresrc's start waits for PipeWire: play() starts it apart (cs-camera.c) */
  if (self->fd >= 0)
    gst_element_set_locked_state (self->camera, TRUE);
  else
    cs_camera_guard (self->camera); /* autovideosrc's fallback picture is no camera */
}

void
cs_sender_camera_play (CsSenderCamera *self)
{
  g_return_if_fail (self != NULL);
  if (self->camera == NULL || self->released)
    return;
  if (gst_element_is_locked_state (self->camera))
    cs_camera_start (self->camera);
  g_clear_pointer (&self->watch, cs_camera_watch_stop);
  self->watch = cs_camera_watch_start (self->camera, CS_CAMERA_START_TIMEOUT_MS);
}

gboolean
cs_sender_camera_owns_error (CsSenderCamera *self, GstMessage *message)
{
  g_autoptr (GError) error = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  if (GST_MESSAGE_TYPE (message) != GST_MESSAGE_ERROR)
    return FALSE;
  if (self->camera != NULL && gst_object_has_as_ancestor (GST_MESSAGE_SRC (message), GST_OBJECT (self->camera)))
    return TRUE;
  gst_message_parse_error (message, &error, NULL);
  return error != NULL && error->domain == CS_CAMERA_ERROR;
}

void
cs_sender_camera_stop (CsSenderCamera *self)
{
  g_return_if_fail (self != NULL);
  g_clear_pointer (&self->watch, cs_camera_watch_stop);
  /* the pipeline stops next, at once: a pipewiresrc is let go to stop on a thread of its own */
  if (self->camera != NULL && self->fd >= 0 && !self->released)
    {
      self->released = TRUE;
      cs_camera_release (self->camera);
    }
}
