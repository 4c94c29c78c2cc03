/* cs-sender-camera.h — the camera of a Janus or WHIP publisher, from the call's start to its end
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the lab does for its camera (cs-lab-call.c), for the senders of cs-webrtc-media.c:
 * the Camera portal's PipeWire remote (a duplicate of the configuration's) in pipewiresrc,
 * started apart so that the pipeline does not wait for it; or the device directly, guarded
 * against autovideosrc's test picture (cs_camera_guard); either way the first-picture
 * deadline, and a release that does not block the main loop when the call ends.
 */
#pragma once

#include <gst/gst.h>

#include "cs-call-config.h"

G_BEGIN_DECLS

typedef struct _CsSenderCamera CsSenderCamera;

/* The camera that @config asks for: its portal remote (duplicated) when
 * @config->camera_portal, the device directly otherwise. NULL and CS_CAMERA_ERROR when the
 * remote cannot be duplicated. */
CsSenderCamera *cs_sender_camera_new            (const CsCallConfig *config,
                                                 GError            **error);
void            cs_sender_camera_free           (CsSenderCamera     *self);
/* The source's gst-launch description, its element named "camera" (cs-camera.h). */
char           *cs_sender_camera_description    (CsSenderCamera     *self);
/* Takes the element named "camera" in @bin (before @bin leaves NULL): locked for a
 * pipewiresrc, guarded for the device. */
void            cs_sender_camera_attach         (CsSenderCamera     *self,
                                                 GstBin             *bin);
/* Once its bin plays: starts a pipewiresrc apart and arms the first-picture deadline. */
void            cs_sender_camera_play           (CsSenderCamera     *self);
/* TRUE when @message is an error of the camera (its element, or CS_CAMERA_ERROR). */
gboolean        cs_sender_camera_owns_error     (CsSenderCamera     *self,
                                                 GstMessage         *message);
/* For a call that stops, before its bin does: the deadline ends, a pipewiresrc is let go on a
 * thread of its own (cs_camera_release). Safe to call more than once. */
void            cs_sender_camera_stop           (CsSenderCamera     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsSenderCamera, cs_sender_camera_free)

G_END_DECLS
