/* cs-whip-session.h — a call signalled over HTTP: WHIP (RFC 9725) and WHEP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The signalling both share: optional OPTIONS for ICE servers (Link headers), one
 * webrtcbin whose offer is POSTed with every gathered candidate (no trickle), the answer,
 * and the DELETE of the Location resource on hang-up (asynchronous: goodbye). The local
 * user is "local". Subclasses add the media: CsWhipCall (cs-whip-call.h) publishes to the
 * endpoint ("server"), CsWhepCall (cs-whep-call.h) watches it ("whep").
 */
#pragma once

#include "cs-call-session.h"

G_BEGIN_DECLS

typedef struct _CsMediaMeter CsMediaMeter;
typedef struct _CsWebrtcStats CsWebrtcStats;
typedef struct _CsSenderCamera CsSenderCamera;

#define CS_WHEP_UID "whep"

#define CS_TYPE_WHIP_SESSION (cs_whip_session_get_type ())
G_DECLARE_DERIVABLE_TYPE (CsWhipSession, cs_whip_session, CS, WHIP_SESSION, CsCallSession)

struct _CsWhipSessionClass
{
  CsCallSessionClass parent_class;

  /* the endpoint's uid; @name_peer: the endpoint user is named after its host */
  const char *peer_uid;
  gboolean    name_peer;
  /* adds senders or receive transceivers to @webrtc (already in the pipeline, not yet playing) */
  gboolean  (*add_media)  (CsWhipSession *self, GstElement *webrtc, CsMediaMeter *meter, GError **error);
  /* the connection is up (main context); nullable */
  void      (*connected)  (CsWhipSession *self, GstElement *webrtc, CsWebrtcStats *stats);
};

/* Sets the endpoint @url and the options of @config (token, ICE servers, camera, --impair). */
gboolean      cs_whip_session_configure       (CsWhipSession *self, const char *url, const CsCallConfig *config,
                                               GError **error);
const char   *cs_whip_session_get_location    (CsWhipSession *self);
gboolean      cs_whip_session_get_answered    (CsWhipSession *self);
/* (transfer none, nullable) the camera to send (cs-sender-camera.h); NULL: test media */
CsSenderCamera *cs_whip_session_get_camera    (CsWhipSession *self);
/* For subclasses: the converter of the webrtcbin and the meter of its media (borrowed;
 * NULL when there is no media); any thread while the call runs */
CsWebrtcStats *cs_whip_session_get_stats      (CsWhipSession *self);
CsMediaMeter  *cs_whip_session_get_meter      (CsWhipSession *self);
/* Connects @handler to @signal of the webrtcbin (from add_media): its user data is a weak
 * reference that cs_whip_session_from_handler_data() resolves, on any thread, to the session
 * (transfer full) or NULL; the handlers are disconnected when the call hangs up. */
void           cs_whip_session_connect        (CsWhipSession *self, const char *signal, GCallback handler);
CsWhipSession *cs_whip_session_from_handler_data (gpointer user_data);

G_END_DECLS
