/* cs-janus-call-private.h — a Janus call's state, shared by its three files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * cs-janus-call.c: the handles, samples and errors, the room logic and the session's
 * lifecycle; cs-janus-transport.c: the Janus session over WebSocket or HTTP long-poll
 * (requests, replies, keepalives, time-outs); cs-janus-handle-media.c: each handle's
 * media (its bin and webrtcbin, negotiation, callbacks from streaming threads). All on the
 * main context but the webrtcbin callbacks, which hand over with cs_call_session_invoke().
 */
#pragma once

#include <gst/gst.h>
#include <libsoup/soup.h>

#include "cs-call-session-private.h"
#include "cs-impairment.h"
#include "cs-janus-call.h"
#include "cs-janus-protocol.h"
#include "cs-media-meter.h"
#include "cs-sender-camera.h"
#include "cs-webrtc-stats.h"

G_BEGIN_DECLS

#define LOCAL_UID          "local"
#define SERVER_UID         "server"
#define KEEPALIVE_SECONDS  25
#define CONNECT_TIMEOUT_S  10
#define JOIN_TIMEOUT_S     15
#define MAX_LEFT_OUT       1024 /* publishers remembered beyond CS_NET_MAX_SUBSCRIPTIONS */

typedef enum
{
  REQ_CREATE,
  REQ_ATTACH,
  REQ_JOIN,
  REQ_PUBLISH,
  REQ_START,
  REQ_KEEPALIVE,
  REQ_OTHER,
} ReqKind;

typedef struct
{
  gatomicrefcount ref;
  GWeakRef        call;
  char           *handle_id;  /* NULL until attached */
  char           *feed;       /* remote publisher id; NULL for our publisher handle */
  char           *display;
  GstElement     *bin;        /* nullable */
  GstElement     *webrtc;     /* nullable, inside bin */
  CsWebrtcStats  *stats;      /* borrowed: the poller owns it */
  CsMediaMeter   *meter;      /* decoded media of a subscription; nullable */
  gint            offer_made;
  gboolean        closed;
  guint           n_trickled;          /* remote candidates taken from trickle messages */
  guint           n_sdp_candidates;    /* and from the latest remote description */
  gboolean        candidates_refused;  /* reported once */
  /* a reference of the latest create-offer/answer promise: a webrtcbin stopped before it
   * replies drops its queued operation without a reply (1.22), which would leak the promise
   * and, through its callback's data, @h; remove_handle_media() interrupts it */
  GstPromise     *negotiation;
} Handle;

typedef struct
{
  ReqKind  kind;
  Handle  *handle;
} Pending;

struct _CsJanusCall
{
  CsCallSession        parent_instance;

  char                *url;
  char                *room;
  char                *display;
  char                *pin;
  char                *secret;
  char                *token;
  char               **ice_servers;
  gboolean             no_publish;
  CsSenderCamera      *camera;   /* nullable: test media, or no publishing */
  gboolean             http;
  CsImpairment         impair;   /* the local last mile (--impair) */

  SoupSession         *soup;
  SoupWebsocketConnection *ws;
  GCancellable        *cancellable;

  char                *session_id;
  char                *private_id;
  Handle              *pub;
  GHashTable          *feeds;    /* feed id -> Handle* (ref) */
  GHashTable          *handles;  /* handle id -> Handle* (ref) */
  GHashTable          *pending;  /* transaction -> Pending* */
  GPtrArray           *left_out; /* LeftOut*: publishers beyond CS_NET_MAX_SUBSCRIPTIONS, in arrival order */
  GHashTable          *unpublishing; /* feed id -> its removal held (cs-janus-departures.c); nullable */

  guint                keepalive_id;
  guint                timeout_id;
  gboolean             joined;
  gboolean             ws_too_big;  /* the WebSocket closed on a frame over the limit */
  guint                n_protocol_errors;
  gint64               last_protocol_error_us;
};

#define PIPELINE(self) cs_call_session_get_pipeline (CS_CALL_SESSION (self))
#define POLLER(self)   cs_call_session_get_poller (CS_CALL_SESSION (self))
#define RUNNING(self)  cs_call_session_is_running (CS_CALL_SESSION (self))

Handle *_cs_janus_handle_ref (Handle *h);
void _cs_janus_handle_unref (Handle *h);
void _cs_janus_handle_track_negotiation (Handle *h, GstPromise *promise);
const GstStructure *_cs_janus_promise_reply (GstPromise *promise);
const char *_cs_janus_handle_uid (Handle *h);
double _cs_janus_now (CsJanusCall *self);
void _cs_janus_post_connection (CsJanusCall *self, const char *peer, const char *display, CsConnectionState state, const char *message);
void _cs_janus_report (CsJanusCall *self, const char *peer, const char *display, CsConnectionState state, const char *message);
void _cs_janus_fail (CsJanusCall *self, const char *message);
void _cs_janus_protocol_error (CsJanusCall *self, const char *message);
void _cs_janus_start_long_poll (CsJanusCall *self);
void _cs_janus_send_request (CsJanusCall *self, ReqKind kind, Handle *h, gboolean session_scope, const char *transaction, char *text /*transfer full */);
void _cs_janus_send_plugin_message (CsJanusCall *self, ReqKind kind, Handle *h, char *body /*transfer full */, const char *jsep_type, const char *sdp);
void _cs_janus_attach (CsJanusCall *self, Handle *h);
gboolean _cs_janus_on_keepalive (gpointer user_data);
gboolean _cs_janus_on_timeout (gpointer user_data);
void _cs_janus_create_session (CsJanusCall *self);
void _cs_janus_on_ws_connected (GObject *source, GAsyncResult *result, gpointer user_data);
void _cs_janus_remove_handle_media (CsJanusCall *self, Handle *h);
void _cs_janus_start_publishing (CsJanusCall *self);
/* TRUE when @message is the camera's error: the call ends with it, not to be joined again */
gboolean _cs_janus_camera_error (CsJanusCall *self, GstMessage *message);
void _cs_janus_refuse_candidates (CsJanusCall *self, Handle *h);
gboolean _cs_janus_set_remote (CsJanusCall *self, Handle *h, const char *type, const char *sdp_text, GError **error);
/* Ends the subscription to @feed (said as @why in its CLOSED connection sample). */
void     _cs_janus_remove_feed (CsJanusCall *self, const char *feed, const char *why);
/* cs-janus-departures.c: "unpublished" for @feed holds its removal a moment; a "leaving" or
 * "detached" for it meanwhile means its publisher's connection ended (a killed or closed
 * browser: Janus says both within milliseconds), which _cs_janus_departure_reason() names. */
void        _cs_janus_feed_unpublished  (CsJanusCall *self, const char *feed);
const char *_cs_janus_departure_reason  (CsJanusCall *self, const char *feed);
void        _cs_janus_departures_clear  (CsJanusCall *self);
/* The publish was taken with a medium refused ("configured" with a codec "none"): says so. */
void     _cs_janus_report_refused_media (CsJanusCall *self, CsJanusMessage *msg);
void _cs_janus_answer_offer (CsJanusCall *self, Handle *h, const char *sdp);
void _cs_janus_handle_message (CsJanusCall *self, CsJanusMessage *msg);

G_END_DECLS
