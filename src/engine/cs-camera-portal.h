/* cs-camera-portal.h — the camera inside the sandbox: org.freedesktop.portal.Camera
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Asks the Camera portal (xdg-desktop-portal) for the camera, as a sandboxed app must:
 * IsCameraPresent, then AccessCamera (the user may take long to answer the portal's
 * dialog: nothing blocks, and the wait can be cancelled), then OpenPipeWireRemote, whose
 * file descriptor is a PipeWire connection that sees only the cameras (pipewiresrc fd=…,
 * cs-camera.c). GIO's GDBus only.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CS_CAMERA_ERROR (cs_camera_error_quark ())

typedef enum
{
  CS_CAMERA_ERROR_NO_PORTAL,    /* no xdg-desktop-portal, or one without the Camera interface */
  CS_CAMERA_ERROR_NOT_PRESENT,  /* IsCameraPresent is false / the device monitor finds none */
  CS_CAMERA_ERROR_REFUSED,      /* the user refused access (response 1) */
  CS_CAMERA_ERROR_FAILED,       /* the portal failed (response 2, OpenPipeWireRemote's error) */
  CS_CAMERA_ERROR_MALFORMED,    /* a reply of the wrong type, no file descriptor */
  CS_CAMERA_ERROR_NOT_STARTED,  /* PipeWire sent no picture in time */
} CsCameraError;

GQuark cs_camera_error_quark (void);

#define CS_TYPE_CAMERA_PORTAL (cs_camera_portal_get_type ())
G_DECLARE_FINAL_TYPE (CsCameraPortal, cs_camera_portal, CS, CAMERA_PORTAL, GObject)

/* @connection (nullable, transfer none): the bus the portal is on; NULL for the session bus. */
CsCameraPortal *cs_camera_portal_new         (GDBusConnection    *connection);
/* Asks for the camera; @callback runs on the calling thread's default main context. */
void            cs_camera_portal_open_async  (CsCameraPortal     *self,
                                              GCancellable       *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer            user_data);
/* Returns the PipeWire remote's file descriptor (the caller closes it), or -1 with @error
 * set: CS_CAMERA_ERROR (translated messages), or G_IO_ERROR_CANCELLED. */
int             cs_camera_portal_open_finish (CsCameraPortal     *self,
                                              GAsyncResult       *result,
                                              GError            **error);

G_END_DECLS
