/* cs-camera.h — the camera a call sends: the device directly, or the Camera portal's
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <gst/gst.h>

#include "cs-camera-portal.h"

G_BEGIN_DECLS

/* How long a camera may take to send its first picture once the call plays, ms. */
#define CS_CAMERA_START_TIMEOUT_MS 10000

/* The environment variable that makes Callscope use the Camera portal outside a sandbox
 * ("1"), for tests and developers; inside the Flatpak (/.flatpak-info) it is always used. */
#define CS_CAMERA_PORTAL_ENV "CALLSCOPE_CAMERA_PORTAL"

/* TRUE when the camera is to be reached through the Camera portal (see CS_CAMERA_PORTAL_ENV). */
gboolean    cs_camera_needs_portal        (void);
/* Outside the sandbox: whether GStreamer's device monitor sees a video source (synchronous,
 * quick). Error: CS_CAMERA_ERROR_NOT_PRESENT. */
gboolean    cs_camera_check               (GError **error);
/* Makes the camera ready for a call: with @use_portal, checks that pipewiresrc is installed
 * and asks the Camera portal on @bus (nullable: the session bus); without, cs_camera_check(). */
void        cs_camera_open_async          (GDBusConnection    *bus,
                                           gboolean            use_portal,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data);
/* @fd: the PipeWire remote (the caller closes it), or -1 for the device directly. Errors:
 * CS_ERROR_MISSING_ELEMENT (no pipewiresrc), CS_CAMERA_ERROR, G_IO_ERROR_CANCELLED. */
gboolean    cs_camera_open_finish         (GAsyncResult       *result,
                                           int                *fd,
                                           GError            **error);
/* The source of a gst-launch description, named "camera": pipewiresrc on @fd, or the device
 * directly (autovideosrc) when @fd is -1. */
char       *cs_camera_source_description  (int                 fd);
/* For the device directly (autovideosrc): when no device opens, autovideosrc falls back to a
 * test picture; this drops that picture and posts a CS_CAMERA_ERROR_NOT_PRESENT error from
 * @camera instead. Call before @camera leaves NULL. Nothing for other elements. */
void        cs_camera_guard               (GstElement         *camera);
/* Brings @camera (its state locked by the caller, so that the pipeline's state change does
 * not wait for it) to its parent's state from a GStreamer thread; a failure is posted on the
 * bus as CS_CAMERA_ERROR_NOT_STARTED. */
void        cs_camera_start               (GstElement         *camera);
/* Ends a pipewiresrc's connection to PipeWire at once (shutdown of its socket), so that a
 * state change waiting for it returns; for a call that stops. Nothing for other elements. */
void        cs_camera_abort               (GstElement         *camera);
/* For a call that stops: ends @camera's connection (cs_camera_abort()), takes it out of its
 * bin and brings it to NULL on a thread of its own, so that the pipeline stops at once (a
 * pipewiresrc whose PipeWire went away before the stream started holds its streaming thread
 * for up to 30 s). The element is not the caller's to use afterwards, though its reference
 * stays valid. */
void        cs_camera_release             (GstElement         *camera);
/* Posts a CS_CAMERA_ERROR_NOT_STARTED error from @camera on its bus (and aborts it) when its
 * src pad has carried no buffer @timeout_ms after this call (the PipeWire stream never started).
 * Returns (transfer full) the watch, a source on the thread-default main context, to end with
 * cs_camera_watch_stop() when the call stops (whether or not it has fired). */
GSource    *cs_camera_watch_start         (GstElement         *camera,
                                           guint               timeout_ms);
/* Ends @watch (nullable) and drops it; for g_clear_pointer(). */
void        cs_camera_watch_stop          (GSource            *watch);

G_END_DECLS
