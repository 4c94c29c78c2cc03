/* cs-janus-call.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One GStreamer pipeline holds one bin per Janus handle: the publisher bin (sources →
 * encoders → webrtcbin, send only) and one bin per remote publisher (webrtcbin → decoders
 * → sinks). Signalling runs on the main context; webrtcbin callbacks (streaming threads)
 * only hand data over with g_main_context_invoke, through a Job that holds a weak
 * reference to the call, so a late callback after the call was stopped does nothing.
 * What the server sends is bounded (cs-net-limits.h): message sizes and the time of an HTTP
 * request (cs-http-body.h), subscriptions, remote candidates and m-lines per connection.
 *
 * Longer than our other files (about 1600 lines): the Janus session, its two transports,
 * the handles' media and the room logic share the handle tables and the failure path;
 * the pure parts already live apart (cs-janus-protocol.c, cs-webrtc-media.c, cs-http-body.c).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gst/sdp/sdp.h>
#include <gst/webrtc/webrtc.h>
#include <libsoup/soup.h>
#include <string.h>

#include "cs-call-session-private.h"
#include "cs-error.h"
#include "cs-http-body.h"
#include "cs-janus-call.h"
#include "cs-netsim.h"
#include "cs-webrtc-media.h"
#include "cs-janus-protocol.h"
#include "cs-net-limits.h"
#include "cs-stats-poller.h"

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
  gboolean             use_camera;
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

  guint                keepalive_id;
  guint                timeout_id;
  gboolean             joined;
  gboolean             ws_too_big;  /* the WebSocket closed on a frame over the limit */
  guint                n_protocol_errors;
  gint64               last_protocol_error_us;
};

G_DEFINE_FINAL_TYPE (CsJanusCall, cs_janus_call, CS_TYPE_CALL_SESSION)

#define PIPELINE(self) cs_call_session_get_pipeline (CS_CALL_SESSION (self))
#define POLLER(self)   cs_call_session_get_poller (CS_CALL_SESSION (self))
#define RUNNING(self)  cs_call_session_is_running (CS_CALL_SESSION (self))

static void handle_message (CsJanusCall *self, CsJanusMessage *msg);
static void remove_feed    (CsJanusCall *self, const char *feed, const char *why);

/* ------------------------------------------------------------------ handles */

static Handle *
handle_new (CsJanusCall *self, const char *feed, const char *display)
{
  Handle *h = g_new0 (Handle, 1);

  g_atomic_ref_count_init (&h->ref);
  g_weak_ref_init (&h->call, self);
  h->feed = g_strdup (feed);
  h->display = g_strdup (display);
  return h;
}

static Handle *
handle_ref (Handle *h)
{
  g_atomic_ref_count_inc (&h->ref);
  return h;
}

static void
handle_unref (Handle *h)
{
  if (h == NULL || !g_atomic_ref_count_dec (&h->ref))
    return;
  g_weak_ref_clear (&h->call);
  g_free (h->handle_id);
  g_free (h->feed);
  g_free (h->display);
  g_clear_object (&h->webrtc);
  g_clear_object (&h->bin);
  g_clear_pointer (&h->meter, cs_media_meter_unref);
  g_clear_pointer (&h->negotiation, gst_promise_unref);
  g_free (h);
}

/* Keeps a reference of @promise (the latest negotiation of @h), from any thread. */
static void
handle_track_negotiation (Handle *h, GstPromise *promise)
{
  GstPromise *old = g_atomic_pointer_exchange (&h->negotiation, gst_promise_ref (promise));

  if (old != NULL)
    gst_promise_unref (old);
}

/* The reply of @promise, or NULL when it was interrupted (the media stopped first). */
static const GstStructure *
promise_reply (GstPromise *promise)
{
  return gst_promise_wait (promise) == GST_PROMISE_RESULT_REPLIED ? gst_promise_get_reply (promise) : NULL;
}

static void
pending_free (Pending *p)
{
  g_clear_pointer (&p->handle, handle_unref);
  g_free (p);
}

static const char *
handle_uid (Handle *h)
{
  return h->feed != NULL ? h->feed : SERVER_UID;
}

/* ------------------------------------------------------------------ samples and errors */

static double
now (CsJanusCall *self)
{
  return cs_call_session_now (CS_CALL_SESSION (self));
}

static void
post_connection (CsJanusCall *self, const char *peer, const char *display,
                 CsConnectionState state, const char *message)
{
  CsStatsSample *s = cs_webrtc_stats_connection_sample (LOCAL_UID, peer, state, message, now (self));

  s->display_name = g_strdup (display);
  cs_call_session_post_sample (CS_CALL_SESSION (self), s);
}

/* A fault the user must see: a toast or stderr, and a connection sample so the event
 * reaches the model and the recording. */
static void
report (CsJanusCall *self, const char *peer, const char *display, CsConnectionState state,
        const char *message)
{
  post_connection (self, peer, display, state, message);
  cs_call_session_emit_error (CS_CALL_SESSION (self), message);
}

static void remove_handle_media (CsJanusCall *self, Handle *h);

/* A failure beyond repair: the base class flushes the samples, says @message, calls
 * janus_hang_up (clean = FALSE) and ends the call. */
static void
fail (CsJanusCall *self, const char *message)
{
  if (!RUNNING (self))
    return;
  post_connection (self, SERVER_UID, NULL, CS_CONNECTION_STATE_FAILED, message);
  cs_call_session_fail (CS_CALL_SESSION (self), message);
}

static void
protocol_error (CsJanusCall *self, const char *message)
{
  gint64 t = g_get_monotonic_time ();

  self->n_protocol_errors++;
  /* malformed input must not flood the log: the first five, then one every ten seconds */
  if (self->n_protocol_errors <= 5 || t - self->last_protocol_error_us > 10 * G_USEC_PER_SEC)
    {
      self->last_protocol_error_us = t;
      report (self, SERVER_UID, NULL, CS_CONNECTION_STATE_CONNECTED, message);
    }
}

/* ------------------------------------------------------------------ transport */

static char *
http_path (CsJanusCall *self, Handle *h, gboolean session_scope)
{
  if (h != NULL && h->handle_id != NULL && self->session_id != NULL)
    return g_strdup_printf ("%s/%s/%s", self->url, self->session_id, h->handle_id);
  if (session_scope && self->session_id != NULL)
    return g_strdup_printf ("%s/%s", self->url, self->session_id);
  return g_strdup (self->url);
}

static void
handle_text (CsJanusCall *self, const char *text, gsize len, gboolean batch)
{
  g_autoptr(GError) error = NULL;

  g_debug ("janus < %.*s", (int) MIN (len, 2000), text);

  if (batch)
    {
      guint invalid = 0;
      g_autoptr(GPtrArray) msgs = cs_janus_message_parse_batch (text, len, &invalid, &error);

      if (msgs == NULL)
        {
          protocol_error (self, error->message);
          return;
        }
      if (invalid > 0)
        protocol_error (self, _("The server sent a malformed message"));
      for (guint i = 0; i < msgs->len && RUNNING (self); i++)
        handle_message (self, g_ptr_array_index (msgs, i));
    }
  else
    {
      g_autoptr(CsJanusMessage) msg = cs_janus_message_parse (text, len, &error);

      if (msg == NULL)
        protocol_error (self, error->message);
      else
        handle_message (self, msg);
    }
}

static void send_http (CsJanusCall *self, SoupMessage *msg, gboolean poll);

static void
on_http_reply (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(CsJanusCall) self = user_data;
  SoupMessage *msg = cs_http_body_get_message (result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = cs_http_body_send_finish (result, &error);
  gboolean poll = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (msg), "cs-long-poll"));
  guint status;

  if (!RUNNING (self))
    return;
  if (body == NULL)
    {
      g_autofree char *m = NULL;

      if (error->domain == CS_ERROR)
        /* too large, or too slow: cs-http-body's message names the request */
        m = g_strdup (error->message);
      else if (self->session_id == NULL)
        m = g_strdup_printf (_("Could not reach the Janus server at %s: %s"), self->url, error->message);
      else
        m = g_strdup_printf (_("The Janus server at %s went away: %s"), self->url, error->message);
      fail (self, m);
      return;
    }
  status = soup_message_get_status (msg);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      const char *phrase = soup_message_get_reason_phrase (msg);
      g_autofree char *reason = cs_janus_clip_text (phrase != NULL ? phrase : "", -1, CS_NET_MAX_REASON_CHARS);
      g_autofree char *m = g_strdup_printf (_("The Janus server answered with HTTP error %u (%s)"),
                                            status, reason);

      if (self->session_id == NULL || poll)
        fail (self, m);
      else
        protocol_error (self, m);
      return;
    }
  handle_text (self, g_bytes_get_data (body, NULL), g_bytes_get_size (body), poll);
  /* the only request before a session is create: a reply that made none will not be followed by one */
  if (!poll && RUNNING (self) && self->session_id == NULL)
    {
      fail (self, _("The Janus server did not create a session"));
      return;
    }
  if (poll && RUNNING (self))
    {
      g_autofree char *url = g_strdup_printf ("%s/%s?maxev=10", self->url, self->session_id);
      g_autoptr(SoupMessage) next = soup_message_new ("GET", url);

      if (next != NULL)
        send_http (self, next, TRUE);
    }
}

/* Every HTTP request: its reply read to CS_NET_MAX_JANUS_MESSAGE bytes at most, the whole
 * of it within CS_NET_JANUS_POST_LIMIT_S seconds (a long poll: CS_NET_JANUS_POLL_LIMIT_S). */
static void
send_http (CsJanusCall *self, SoupMessage *msg, gboolean poll)
{
  if (poll)
    g_object_set_data (G_OBJECT (msg), "cs-long-poll", GINT_TO_POINTER (TRUE));
  cs_http_body_send_async (self->soup, msg, CS_NET_MAX_JANUS_MESSAGE,
                           poll ? CS_NET_JANUS_POLL_LIMIT_S : CS_NET_JANUS_POST_LIMIT_S, self->cancellable,
                           on_http_reply, g_object_ref (self));
}

static void
start_long_poll (CsJanusCall *self)
{
  g_autofree char *url = g_strdup_printf ("%s/%s?maxev=10", self->url, self->session_id);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);

  if (msg != NULL)
    send_http (self, msg, TRUE);
}

/* Sends a request and remembers its transaction. */
static void
send_request (CsJanusCall *self, ReqKind kind, Handle *h, gboolean session_scope,
              const char *transaction, char *text /* transfer full */)
{
  Pending *p = g_new0 (Pending, 1);

  p->kind = kind;
  p->handle = h != NULL ? handle_ref (h) : NULL;
  g_hash_table_replace (self->pending, g_strdup (transaction), p);
  g_debug ("janus > %.2000s", text);

  if (self->http)
    {
      g_autofree char *url = http_path (self, h, session_scope);
      g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
      g_autoptr(GBytes) bytes = NULL;

      if (msg == NULL)
        {
          g_free (text);
          return;
        }
      bytes = g_bytes_new_take (text, strlen (text));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
      send_http (self, msg, FALSE);
    }
  else
    {
      if (self->ws != NULL && soup_websocket_connection_get_state (self->ws) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_send_text (self->ws, text);
      g_free (text);
    }
}

static void
send_plugin_message (CsJanusCall *self, ReqKind kind, Handle *h, char *body /* transfer full */,
                     const char *jsep_type, const char *sdp)
{
  g_autofree char *tx = cs_janus_transaction_new ();

  if (h->handle_id == NULL || self->session_id == NULL)
    {
      g_free (body);
      return;
    }
  send_request (self, kind, h, TRUE, tx,
                cs_janus_build_message (self->session_id, h->handle_id, body, jsep_type, sdp, tx,
                                        self->secret, self->token));
  g_free (body);
}

static void
attach (CsJanusCall *self, Handle *h)
{
  g_autofree char *tx = cs_janus_transaction_new ();

  send_request (self, REQ_ATTACH, h, TRUE, tx,
                cs_janus_build_attach (self->session_id, "janus.plugin.videoroom", tx, self->secret, self->token));
}

static gboolean
on_keepalive (gpointer user_data)
{
  CsJanusCall *self = user_data;
  g_autofree char *tx = cs_janus_transaction_new ();

  if (self->session_id != NULL)
    send_request (self, REQ_KEEPALIVE, NULL, TRUE, tx,
                  cs_janus_build_keepalive (self->session_id, tx, self->secret, self->token));
  return G_SOURCE_CONTINUE;
}

static gboolean
on_timeout (gpointer user_data)
{
  CsJanusCall *self = user_data;
  g_autofree char *m = NULL;

  self->timeout_id = 0;
  if (self->session_id == NULL)
    m = g_strdup_printf (_("Could not reach the Janus server at %s: no answer within %d seconds"),
                         self->url, CONNECT_TIMEOUT_S);
  else
    m = g_strdup_printf (_("Could not join room %s: the Janus server did not answer within %d seconds"),
                         self->room, JOIN_TIMEOUT_S);
  fail (self, m);
  return G_SOURCE_REMOVE;
}

static void
create_session (CsJanusCall *self)
{
  g_autofree char *tx = cs_janus_transaction_new ();

  send_request (self, REQ_CREATE, NULL, FALSE, tx, cs_janus_build_create (tx, self->secret, self->token));
}

static void
on_ws_message (SoupWebsocketConnection *ws, int type, GBytes *message, gpointer user_data)
{
  CsJanusCall *self = user_data;
  gsize len = 0;
  const char *data = g_bytes_get_data (message, &len);

  if (!RUNNING (self))
    return;
  if (type != SOUP_WEBSOCKET_DATA_TEXT)
    {
      protocol_error (self, _("The server sent a binary frame where a JSON message was expected"));
      return;
    }
  handle_text (self, data, len, FALSE);
}

static void
on_ws_error (SoupWebsocketConnection *ws, GError *error, gpointer user_data)
{
  CsJanusCall *self = user_data;

  /* libsoup closes the connection after this error; "closed" says why */
  if (g_error_matches (error, SOUP_WEBSOCKET_ERROR, SOUP_WEBSOCKET_CLOSE_TOO_BIG))
    self->ws_too_big = TRUE;
  g_debug ("janus websocket error: %s", error->message);
}

static void
on_ws_closed (SoupWebsocketConnection *ws, gpointer user_data)
{
  CsJanusCall *self = user_data;
  g_autofree char *m = NULL;

  if (!RUNNING (self))
    return;
  if (self->ws_too_big)
    {
      g_autofree char *size = g_format_size_full (CS_NET_MAX_JANUS_MESSAGE, G_FORMAT_SIZE_IEC_UNITS);

      m = g_strdup_printf (_("The Janus server at %s sent a message larger than %s: refused, and the connection closed"),
                           self->url, size);
    }
  else
    m = g_strdup_printf (_("The Janus server at %s closed the connection"), self->url);
  fail (self, m);
}

static void
on_ws_connected (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(CsJanusCall) self = user_data;
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *ws = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);

  if (ws == NULL)
    {
      g_autofree char *m = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !RUNNING (self))
        return;
      m = g_strdup_printf (_("Could not reach the Janus server at %s: %s"), self->url, error->message);
      fail (self, m);
      return;
    }
  if (!RUNNING (self))
    {
      soup_websocket_connection_close (ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_object_unref (ws);
      return;
    }
  self->ws = ws;
  /* one frame at most CS_NET_MAX_JANUS_MESSAGE; libsoup 3.2 does not bound a message of
   * many frames, 3.7.1 and later do with this property */
  soup_websocket_connection_set_max_incoming_payload_size (ws, CS_NET_MAX_JANUS_MESSAGE);
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (ws), "max-total-message-size") != NULL)
    g_object_set (ws, "max-total-message-size", (guint64) CS_NET_MAX_JANUS_MESSAGE, NULL);
  g_signal_connect (ws, "message", G_CALLBACK (on_ws_message), self);
  g_signal_connect (ws, "error", G_CALLBACK (on_ws_error), self);
  g_signal_connect (ws, "closed", G_CALLBACK (on_ws_closed), self);
  create_session (self);
}

/* ------------------------------------------------------------------ main-context jobs */

typedef struct Job Job;
typedef void (*JobFunc) (CsJanusCall *self, Handle *h, Job *job);
struct Job
{
  JobFunc  func;
  Handle  *h;
  char    *text;
  guint    n;
};

static void
job_run (CsCallSession *session, gpointer data)
{
  Job *job = data;

  if (!job->h->closed)
    job->func (CS_JANUS_CALL (session), job->h, job);
}

static void
job_free (gpointer data)
{
  Job *job = data;

  handle_unref (job->h);
  g_free (job->text);
  g_free (job);
}

/* from a webrtcbin callback (any thread) to the main context, while the call runs */
static void
run_on_main (Handle *h, JobFunc func, char *text /* transfer full */, guint n)
{
  g_autoptr(CsJanusCall) self = g_weak_ref_get (&h->call);
  Job *job;

  if (self == NULL)
    {
      g_free (text);
      return;
    }
  job = g_new0 (Job, 1);
  job->func = func;
  job->h = handle_ref (h);
  job->text = text;
  job->n = n;
  cs_call_session_invoke (CS_CALL_SESSION (self), job_run, job, job_free);
}

static void
job_send_trickle (CsJanusCall *self, Handle *h, Job *job)
{
  g_autofree char *tx = cs_janus_transaction_new ();

  if (h->handle_id == NULL || self->session_id == NULL)
    return;
  send_request (self, REQ_OTHER, h, TRUE, tx,
                cs_janus_build_trickle (self->session_id, h->handle_id, job->n, job->text, tx,
                                        self->secret, self->token));
}

static void
job_send_offer (CsJanusCall *self, Handle *h, Job *job)
{
  send_plugin_message (self, REQ_PUBLISH, h, cs_janus_body_publish (), "offer", job->text);
}

static void
job_send_answer (CsJanusCall *self, Handle *h, Job *job)
{
  send_plugin_message (self, REQ_START, h, cs_janus_body_start (self->room), "answer", job->text);
}

static void
job_connection_state (CsJanusCall *self, Handle *h, Job *job)
{
  CsConnectionState state = cs_webrtc_stats_connection_state_from_gst ((int) job->n);

  if (state == CS_CONNECTION_STATE_CONNECTED && h->webrtc != NULL && h->stats != NULL && h->feed == NULL)
    cs_webrtc_media_map_send_pads (h->webrtc, h->stats, SERVER_UID);
  if (state == CS_CONNECTION_STATE_FAILED)
    {
      g_autofree char *m = h->feed != NULL
        ? g_strdup_printf (_("The media connection to %s failed"), h->display != NULL ? h->display : h->feed)
        : g_strdup (_("The media connection of the published stream failed"));

      report (self, handle_uid (h), h->display, state, m);
      return;
    }
  if (h->feed != NULL)
    post_connection (self, h->feed, h->display, state, NULL);
}

/* ------------------------------------------------------------------ webrtcbin callbacks (any thread) */

static void
on_ice_candidate (GstElement *webrtc, guint mline, const char *candidate, gpointer user_data)
{
  run_on_main (user_data, job_send_trickle, g_strdup (candidate), mline);
}

static void
on_connection_state (GObject *webrtc, GParamSpec *pspec, gpointer user_data)
{
  GstWebRTCPeerConnectionState state;

  g_object_get (webrtc, "connection-state", &state, NULL);
  run_on_main (user_data, job_connection_state, NULL, (guint) state);
}

static void
on_gathering_state (GObject *webrtc, GParamSpec *pspec, gpointer user_data)
{
  GstWebRTCICEGatheringState state;

  g_object_get (webrtc, "ice-gathering-state", &state, NULL);
  if (state == GST_WEBRTC_ICE_GATHERING_STATE_COMPLETE)
    run_on_main (user_data, job_send_trickle, NULL, 0);
}

static void
on_pad_added (GstElement *webrtc, GstPad *pad, gpointer user_data)
{
  Handle *h = user_data;
  g_autoptr(CsJanusCall) self = g_weak_ref_get (&h->call);

  if (self == NULL || h->bin == NULL)
    return;
  cs_webrtc_media_link_incoming (CS_CALL_SESSION (self), h->bin, pad, h->feed, h->stats, h->meter);
}

static void
on_offer_created (GstPromise *promise, gpointer user_data)
{
  Handle *h = user_data;
  const GstStructure *reply = promise_reply (promise);
  GstWebRTCSessionDescription *offer = NULL;

  if (reply != NULL)
    gst_structure_get (reply, "offer", GST_TYPE_WEBRTC_SESSION_DESCRIPTION, &offer, NULL);
  gst_promise_unref (promise);
  if (offer == NULL)
    return;
  {
    GstPromise *set = cs_webrtc_media_promise ("set-local-description");

    g_signal_emit_by_name (h->webrtc, "set-local-description", offer, set);
    gst_promise_unref (set);
  }
  run_on_main (h, job_send_offer, gst_sdp_message_as_text (offer->sdp), 0);
  gst_webrtc_session_description_free (offer);
}

static void
on_negotiation_needed (GstElement *webrtc, gpointer user_data)
{
  Handle *h = user_data;
  GstPromise *promise;

  if (!g_atomic_int_compare_and_exchange (&h->offer_made, 0, 1))
    return;
  promise = gst_promise_new_with_change_func (on_offer_created, handle_ref (h), (GDestroyNotify) handle_unref);
  handle_track_negotiation (h, promise);
  g_signal_emit_by_name (webrtc, "create-offer", NULL, promise);
}

static void
on_answer_created (GstPromise *promise, gpointer user_data)
{
  Handle *h = user_data;
  const GstStructure *reply = promise_reply (promise);
  GstWebRTCSessionDescription *answer = NULL;

  if (reply != NULL)
    gst_structure_get (reply, "answer", GST_TYPE_WEBRTC_SESSION_DESCRIPTION, &answer, NULL);
  gst_promise_unref (promise);
  if (answer == NULL)
    return;
  {
    GstPromise *set = cs_webrtc_media_promise ("set-local-description");

    g_signal_emit_by_name (h->webrtc, "set-local-description", answer, set);
    gst_promise_unref (set);
  }
  run_on_main (h, job_send_answer, gst_sdp_message_as_text (answer->sdp), 0);
  gst_webrtc_session_description_free (answer);
}

/* ------------------------------------------------------------------ media */

static GstElement *
make_handle_bin (CsJanusCall *self, Handle *h, const char *name)
{
  GstElement *webrtc = cs_webrtc_media_new_webrtcbin (NULL, self->ice_servers);

  if (webrtc == NULL)
    return NULL;
  cs_netsim_impair_webrtcbin (webrtc, &self->impair);
  h->bin = gst_object_ref_sink (gst_bin_new (name));
  h->webrtc = gst_object_ref (webrtc);
  gst_bin_add (GST_BIN (h->bin), webrtc);
  g_signal_connect_data (webrtc, "on-ice-candidate", G_CALLBACK (on_ice_candidate),
                         handle_ref (h), (GClosureNotify) handle_unref, 0);
  g_signal_connect_data (webrtc, "notify::connection-state", G_CALLBACK (on_connection_state),
                         handle_ref (h), (GClosureNotify) handle_unref, 0);
  g_signal_connect_data (webrtc, "notify::ice-gathering-state", G_CALLBACK (on_gathering_state),
                         handle_ref (h), (GClosureNotify) handle_unref, 0);
  h->stats = cs_webrtc_stats_new (LOCAL_UID, handle_uid (h));
  /* what a subscription decodes, or what the publisher captures and encodes */
  h->meter = cs_media_meter_new ();
  cs_webrtc_stats_set_augment_func (h->stats, cs_media_meter_augment, cs_media_meter_ref (h->meter),
                                    (GDestroyNotify) cs_media_meter_unref);
  return webrtc;
}

/* Stops @h's media. The webrtcbin's signal handlers hold references to @h: disconnecting
 * them breaks the cycle; h->webrtc itself stays until @h is freed, for late callbacks. */
static void
remove_handle_media (CsJanusCall *self, Handle *h)
{
  h->closed = TRUE;
  if (h->webrtc != NULL)
    {
      CsWebrtcStats *stats = h->stats;

      h->stats = NULL;
      g_signal_handlers_disconnect_by_data (h->webrtc, h);
      if (POLLER (self) != NULL && stats != NULL)
        cs_stats_poller_remove (POLLER (self), h->webrtc);
    }
  if (h->bin != NULL)
    {
      gst_element_set_state (h->bin, GST_STATE_NULL);
      if (PIPELINE (self) != NULL && GST_OBJECT_PARENT (h->bin) == GST_OBJECT (PIPELINE (self)))
        gst_bin_remove (GST_BIN (PIPELINE (self)), h->bin);
    }
  {
    GstPromise *pending = g_atomic_pointer_exchange (&h->negotiation, NULL);

    /* ignored when it was replied; otherwise its callback runs now, with no reply */
    if (pending != NULL)
      {
        gst_promise_interrupt (pending);
        gst_promise_unref (pending);
      }
  }
}

static void
start_publishing (CsJanusCall *self)
{
  Handle *h = self->pub;
  g_autoptr(GError) error = NULL;
  GstElement *webrtc = make_handle_bin (self, h, "publisher");

  if (webrtc == NULL)
    {
      report (self, SERVER_UID, NULL, CS_CONNECTION_STATE_FAILED, _("The webrtcbin element is not installed"));
      return;
    }
  g_signal_connect_data (webrtc, "on-negotiation-needed", G_CALLBACK (on_negotiation_needed),
                         handle_ref (h), (GClosureNotify) handle_unref, 0);
  if (!cs_webrtc_media_add_sender (h->bin, webrtc, self->use_camera, h->meter, &error))
    {
      g_autofree char *m = g_strdup_printf (_("Cannot publish: %s"), error->message);

      report (self, SERVER_UID, NULL, CS_CONNECTION_STATE_CONNECTED, m);
      g_clear_object (&h->webrtc);
      g_clear_object (&h->bin);
      g_clear_pointer (&h->stats, cs_webrtc_stats_free);
      return;
    }
  gst_bin_add (GST_BIN (PIPELINE (self)), h->bin);
  cs_stats_poller_add (POLLER (self), webrtc, h->stats);
  gst_element_sync_state_with_parent (h->bin);
}

static const char *
handle_name (Handle *h)
{
  return h->display != NULL ? h->display : h->feed;
}

/* Remote candidates beyond CS_NET_MAX_REMOTE_CANDIDATES: refused, said once per connection. */
static void
refuse_candidates (CsJanusCall *self, Handle *h)
{
  g_autofree char *m = NULL;

  if (h->candidates_refused)
    return;
  h->candidates_refused = TRUE;
  m = h->feed != NULL
    ? g_strdup_printf (_("The server sent more than %u ICE candidates for %s: the others are refused"),
                       CS_NET_MAX_REMOTE_CANDIDATES, handle_name (h))
    : g_strdup_printf (_("The server sent more than %u ICE candidates for the published stream: the others are refused"),
                       CS_NET_MAX_REMOTE_CANDIDATES);
  protocol_error (self, m);
}

/* FALSE for an unreadable description (@error unset), or one beyond the bounds of
 * cs_webrtc_media_bound_remote_sdp() (@error set). */
static gboolean
set_remote (CsJanusCall *self, Handle *h, const char *type, const char *sdp_text, GError **error)
{
  GstSDPMessage *sdp = NULL;
  GstWebRTCSessionDescription *desc;
  GstWebRTCSDPType t = strcmp (type, "offer") == 0 ? GST_WEBRTC_SDP_TYPE_OFFER : GST_WEBRTC_SDP_TYPE_ANSWER;
  g_autofree char *what = NULL;
  guint n = h->n_trickled, dropped = 0;

  if (gst_sdp_message_new_from_text (sdp_text, &sdp) != GST_SDP_OK || sdp == NULL)
    return FALSE;
  if (gst_sdp_message_medias_len (sdp) == 0)
    {
      gst_sdp_message_free (sdp);
      return FALSE;
    }
  /* TRANSLATORS: the subject of "… has 17 media sections; …" (cs-webrtc-media.c); %s is a user */
  what = h->feed != NULL ? g_strdup_printf (_("The server's offer for %s"), handle_name (h))
                         : g_strdup (_("The server's answer to the published stream"));
  /* a renegotiation repeats the candidates: only the latest description's count */
  if (!cs_webrtc_media_bound_remote_sdp (sdp, what, &n, &dropped, error))
    {
      gst_sdp_message_free (sdp);
      return FALSE;
    }
  h->n_sdp_candidates = n - h->n_trickled;
  if (dropped > 0)
    refuse_candidates (self, h);
  desc = gst_webrtc_session_description_new (t, sdp);
  {
    GstPromise *promise = cs_webrtc_media_promise ("set-remote-description");

    g_signal_emit_by_name (h->webrtc, "set-remote-description", desc, promise);
    gst_promise_unref (promise);
  }
  gst_webrtc_session_description_free (desc);
  return TRUE;
}

static void
answer_offer (CsJanusCall *self, Handle *h, const char *sdp)
{
  GstElement *webrtc;
  GstPromise *promise;

  if (h->webrtc != NULL)
    {
      /* a renegotiation ("updated": the publisher added, changed or stopped streams) */
      g_autoptr(GError) error = NULL;

      if (h->closed)
        return;
      if (!set_remote (self, h, "offer", sdp, &error))
        {
          g_autofree char *m = error != NULL ? g_strdup (error->message)
                                             : g_strdup_printf (_("The server sent an unreadable offer for %s"),
                                                                handle_name (h));

          protocol_error (self, m);
          return;
        }
      promise = gst_promise_new_with_change_func (on_answer_created, handle_ref (h), (GDestroyNotify) handle_unref);
      handle_track_negotiation (h, promise);
      g_signal_emit_by_name (h->webrtc, "create-answer", NULL, promise);
      return;
    }
  webrtc = make_handle_bin (self, h, NULL);
  if (webrtc == NULL)
    return;
  g_signal_connect_data (webrtc, "pad-added", G_CALLBACK (on_pad_added),
                         handle_ref (h), (GClosureNotify) handle_unref, 0);
  gst_bin_add (GST_BIN (PIPELINE (self)), h->bin);
  cs_stats_poller_add (POLLER (self), webrtc, h->stats);
  gst_element_sync_state_with_parent (h->bin);
  {
    g_autoptr(GError) error = NULL;

    if (!set_remote (self, h, "offer", sdp, &error))
      {
        g_autofree char *m = error != NULL ? g_strdup (error->message)
                                           : g_strdup_printf (_("The server sent an unreadable offer for %s"),
                                                              handle_name (h));

        report (self, h->feed, h->display, CS_CONNECTION_STATE_FAILED, m);
        return;
      }
  }
  promise = gst_promise_new_with_change_func (on_answer_created, handle_ref (h), (GDestroyNotify) handle_unref);
  handle_track_negotiation (h, promise);
  g_signal_emit_by_name (webrtc, "create-answer", NULL, promise);
}

/* ------------------------------------------------------------------ room logic */

/* Publishers beyond CS_NET_MAX_SUBSCRIPTIONS wait here, in arrival order (at most
 * MAX_LEFT_OUT of them), for a subscription to end. */
typedef struct
{
  char *id;
  char *display;
} LeftOut;

static void
left_out_free (LeftOut *l)
{
  g_free (l->id);
  g_free (l->display);
  g_free (l);
}

static gboolean
left_out_find (CsJanusCall *self, const char *id, guint *index)
{
  for (guint i = 0; i < self->left_out->len; i++)
    if (strcmp (((LeftOut *) g_ptr_array_index (self->left_out, i))->id, id) == 0)
      {
        if (index != NULL)
          *index = i;
        return TRUE;
      }
  return FALSE;
}

static void
left_out_remove (CsJanusCall *self, const char *id)
{
  guint i;

  if (left_out_find (self, id, &i))
    g_ptr_array_remove_index (self->left_out, i);
}

static void
start_subscription (CsJanusCall *self, const char *id, const char *display)
{
  Handle *h = handle_new (self, id, display);

  g_hash_table_insert (self->feeds, g_strdup (id), h);
  post_connection (self, id, display, CS_CONNECTION_STATE_CONNECTING, NULL);
  attach (self, h);
}

/* Returns TRUE when @p is newly left out (beyond CS_NET_MAX_SUBSCRIPTIONS). */
static gboolean
subscribe (CsJanusCall *self, CsJanusPublisher *p)
{
  LeftOut *l;

  if (!p->has_media || g_hash_table_contains (self->feeds, p->id))
    return FALSE;
  if (g_hash_table_size (self->feeds) < CS_NET_MAX_SUBSCRIPTIONS)
    {
      start_subscription (self, p->id, p->display);
      return FALSE;
    }
  if (left_out_find (self, p->id, NULL))
    return FALSE;
  if (self->left_out->len < MAX_LEFT_OUT)
    {
      l = g_new0 (LeftOut, 1);
      l->id = g_strdup (p->id);
      l->display = g_strdup (p->display);
      g_ptr_array_add (self->left_out, l);
    }
  return TRUE;
}

/* A subscription ended: the first publisher left out takes its place. */
static void
take_left_out (CsJanusCall *self)
{
  while (RUNNING (self) && self->left_out->len > 0 && g_hash_table_size (self->feeds) < CS_NET_MAX_SUBSCRIPTIONS)
    {
      LeftOut *l = g_ptr_array_steal_index (self->left_out, 0);

      if (!g_hash_table_contains (self->feeds, l->id))
        start_subscription (self, l->id, l->display);
      left_out_free (l);
    }
}

static void
remove_feed (CsJanusCall *self, const char *feed, const char *why)
{
  Handle *h = g_hash_table_lookup (self->feeds, feed);
  g_autofree char *tx = NULL;

  left_out_remove (self, feed);
  if (h == NULL)
    return;
  h->closed = TRUE;
  post_connection (self, h->feed, h->display, CS_CONNECTION_STATE_CLOSED, why);
  remove_handle_media (self, h);
  if (h->handle_id != NULL && self->session_id != NULL)
    {
      tx = cs_janus_transaction_new ();
      send_request (self, REQ_OTHER, NULL, TRUE, tx,
                    cs_janus_build_detach (self->session_id, h->handle_id, tx, self->secret, self->token));
      g_hash_table_remove (self->handles, h->handle_id);
    }
  g_hash_table_remove (self->feeds, feed);
  take_left_out (self);
}

static void
handle_publishers (CsJanusCall *self, CsJanusMessage *msg)
{
  guint n_left_out = 0;

  for (guint i = 0; i < msg->publishers->len; i++)
    {
      CsJanusPublisher *p = g_ptr_array_index (msg->publishers, i);

      if (!p->has_media)
        remove_feed (self, p->id, _("stopped publishing"));
      else if (subscribe (self, p))
        n_left_out++;
    }
  if (n_left_out > 0)
    {
      /* said once per message that brings them, not once per publisher */
      g_autofree char *m = NULL;

      /* TRANSLATORS: %s is the room; the numbers are the most publishers watched at once and
       * how many more were refused */
      m = g_strdup_printf (_("Room %s has more publishers than Callscope watches at once (%u): "
                             "%u more refused, taken in turn when others leave"),
                           self->room, CS_NET_MAX_SUBSCRIPTIONS, n_left_out);

      report (self, SERVER_UID, NULL, CS_CONNECTION_STATE_CONNECTED, m);
    }
  if (msg->leaving != NULL && strcmp (msg->leaving, "ok") != 0)
    remove_feed (self, msg->leaving, _("left the room"));
  if (msg->unpublished != NULL && strcmp (msg->unpublished, "ok") != 0)
    remove_feed (self, msg->unpublished, _("stopped publishing"));
}

static void
handle_plugin_error (CsJanusCall *self, Handle *h, int code, const char *reason)
{
  g_autofree char *m = NULL;

  if (h == self->pub && !self->joined)
    {
      /* the VideoRoom's codes for the two mistakes users make (janus_videoroom.c) */
      if (code == 433)
        m = g_strdup_printf (_("Could not join room %s: the PIN is wrong or missing (Janus error %d)"),
                             self->room, code);
      else if (code == 426)
        m = g_strdup_printf (_("Could not join room %s: the server has no such room (Janus error %d)"),
                             self->room, code);
      else
        m = g_strdup_printf (_("Could not join room %s: %s (Janus error %d)"), self->room,
                             reason != NULL ? reason : _("refused"), code);
      fail (self, m);
    }
  else if (h->feed != NULL)
    {
      g_autofree char *feed = g_strdup (h->feed);

      m = g_strdup_printf (_("Could not watch %s: %s (Janus error %d)"), h->display != NULL ? h->display : h->feed,
                           reason != NULL ? reason : _("refused"), code);
      cs_call_session_emit_error (CS_CALL_SESSION (self), m);
      remove_feed (self, feed, m);
    }
  else
    {
      m = g_strdup_printf (_("The Janus server refused a request: %s (Janus error %d)"),
                           reason != NULL ? reason : _("refused"), code);
      report (self, SERVER_UID, NULL, CS_CONNECTION_STATE_CONNECTED, m);
    }
}

static void
handle_plugin_event (CsJanusCall *self, Handle *h, CsJanusMessage *msg)
{
  if (msg->plugin_error_code != 0)
    {
      handle_plugin_error (self, h, msg->plugin_error_code, msg->plugin_error);
      return;
    }
  if (h == self->pub)
    {
      if (g_strcmp0 (msg->videoroom, "joined") == 0 && !self->joined)
        {
          self->joined = TRUE;
          g_clear_handle_id (&self->timeout_id, g_source_remove);
          g_free (self->private_id);
          self->private_id = g_strdup (msg->private_id);
          post_connection (self, SERVER_UID, NULL, CS_CONNECTION_STATE_CONNECTED, NULL);
          if (!self->no_publish)
            start_publishing (self);
        }
      else if (g_strcmp0 (msg->videoroom, "destroyed") == 0)
        {
          g_autofree char *m = g_strdup_printf (_("Room %s was destroyed on the server"), self->room);

          fail (self, m);
          return;
        }
      if (msg->jsep_type != NULL)
        {
          g_autoptr(GError) error = NULL;

          if (strcmp (msg->jsep_type, "answer") != 0 || h->webrtc == NULL)
            protocol_error (self, _("The server sent an unexpected session description"));
          else if (!set_remote (self, h, "answer", msg->jsep_sdp, &error))
            report (self, SERVER_UID, NULL, CS_CONNECTION_STATE_FAILED,
                    error != NULL ? error->message : _("The server sent an unreadable answer to the published stream"));
        }
      handle_publishers (self, msg);
      return;
    }

  /* a subscriber handle */
  if (msg->jsep_type != NULL)
    {
      if (strcmp (msg->jsep_type, "offer") != 0)
        protocol_error (self, _("The server sent an answer where an offer was expected"));
      else
        answer_offer (self, h, msg->jsep_sdp);
    }
  if (g_strcmp0 (msg->videoroom, "event") == 0 || g_strcmp0 (msg->videoroom, "updated") == 0)
    handle_publishers (self, msg);
}

static void
on_attached (CsJanusCall *self, Handle *h)
{
  if (h == self->pub)
    send_plugin_message (self, REQ_JOIN, h, cs_janus_body_join_publisher (self->room, self->display, self->pin),
                         NULL, NULL);
  else
    send_plugin_message (self, REQ_JOIN, h,
                         cs_janus_body_join_subscriber (self->room, h->feed, self->private_id, self->pin),
                         NULL, NULL);
}

static void
handle_request_error (CsJanusCall *self, Pending *p, CsJanusMessage *msg)
{
  g_autofree char *m = NULL;
  const char *reason = msg->error_reason != NULL ? msg->error_reason : _("refused");

  switch (p->kind)
    {
    case REQ_CREATE:
      m = g_strdup_printf (_("The Janus server refused to create a session: %s (error %d)"), reason, msg->error_code);
      fail (self, m);
      break;
    case REQ_ATTACH:
    case REQ_JOIN:
      if (p->handle != NULL && p->handle != self->pub)
        {
          handle_plugin_error (self, p->handle, msg->error_code, reason);
          break;
        }
      m = g_strdup_printf (_("Could not join room %s: %s (error %d)"), self->room, reason, msg->error_code);
      fail (self, m);
      break;
    case REQ_KEEPALIVE:
      m = g_strdup_printf (_("The Janus session expired: %s"), reason);
      fail (self, m);
      break;
    default:
      m = g_strdup_printf (_("The Janus server refused a request: %s (error %d)"), reason, msg->error_code);
      report (self, SERVER_UID, NULL, CS_CONNECTION_STATE_CONNECTED, m);
      break;
    }
}

static void
handle_message (CsJanusCall *self, CsJanusMessage *msg)
{
  Pending *p = NULL;
  g_autofree char *tx_key = NULL;
  Handle *h = NULL;

  if (msg->transaction != NULL)
    g_hash_table_steal_extended (self->pending, msg->transaction, (gpointer *) &tx_key, (gpointer *) &p);

  if (p != NULL && msg->type == CS_JANUS_MSG_ACK && p->kind != REQ_KEEPALIVE && p->kind != REQ_OTHER)
    {
      /* the event with the same transaction follows */
      g_hash_table_insert (self->pending, g_steal_pointer (&tx_key), p);
      return;
    }
  if (p != NULL && msg->type == CS_JANUS_MSG_ERROR)
    {
      handle_request_error (self, p, msg);
      pending_free (p);
      return;
    }
  if (p != NULL && msg->type == CS_JANUS_MSG_SUCCESS && msg->data_id != NULL &&
      (p->kind == REQ_CREATE || p->kind == REQ_ATTACH))
    {
      if (p->kind == REQ_CREATE)
        {
          if (self->session_id == NULL)
            {
              self->session_id = g_strdup (msg->data_id);
              g_clear_handle_id (&self->timeout_id, g_source_remove);
              self->timeout_id = g_timeout_add_seconds (JOIN_TIMEOUT_S, on_timeout, self);
              self->keepalive_id = g_timeout_add_seconds (KEEPALIVE_SECONDS, on_keepalive, self);
              if (self->http)
                start_long_poll (self);
              attach (self, self->pub);
            }
        }
      else if (p->handle != NULL && p->handle->handle_id == NULL && !p->handle->closed)
        {
          p->handle->handle_id = g_strdup (msg->data_id);
          g_hash_table_insert (self->handles, g_strdup (msg->data_id), handle_ref (p->handle));
          on_attached (self, p->handle);
        }
      pending_free (p);
      return;
    }
  if (p != NULL && (p->kind == REQ_CREATE || p->kind == REQ_ATTACH))
    {
      protocol_error (self, _("The server answered a request with an unexpected message"));
      if (p->kind == REQ_CREATE)
        fail (self, _("The Janus server did not create a session"));
      pending_free (p);
      return;
    }
  g_clear_pointer (&p, pending_free);

  if (msg->sender != NULL)
    h = g_hash_table_lookup (self->handles, msg->sender);

  switch (msg->type)
    {
    case CS_JANUS_MSG_EVENT:
    case CS_JANUS_MSG_SUCCESS:
      if (h != NULL && msg->has_plugin_data)
        handle_plugin_event (self, h, msg);
      break;
    case CS_JANUS_MSG_TRICKLE:
      if (h != NULL && h->webrtc != NULL && msg->candidate != NULL)
        {
          if (h->n_trickled + h->n_sdp_candidates >= CS_NET_MAX_REMOTE_CANDIDATES)
            refuse_candidates (self, h);
          else
            {
              h->n_trickled++;
              g_signal_emit_by_name (h->webrtc, "add-ice-candidate", (guint) msg->candidate_mline, msg->candidate);
            }
        }
      break;
    case CS_JANUS_MSG_HANGUP:
      if (h != NULL && h->feed != NULL)
        post_connection (self, h->feed, h->display, CS_CONNECTION_STATE_DISCONNECTED, msg->error_reason);
      else if (h != NULL)
        {
          g_autofree char *m = g_strdup_printf (_("The Janus server hung up the published stream: %s"),
                                                msg->error_reason != NULL ? msg->error_reason : "");

          report (self, SERVER_UID, NULL, CS_CONNECTION_STATE_CONNECTED, m);
        }
      break;
    case CS_JANUS_MSG_DETACHED:
      if (h != NULL && h->feed != NULL)
        {
          g_autofree char *feed = g_strdup (h->feed);

          remove_feed (self, feed, _("left the room"));
        }
      break;
    case CS_JANUS_MSG_TIMEOUT:
      fail (self, _("The Janus session timed out"));
      break;
    case CS_JANUS_MSG_ERROR:
      {
        g_autofree char *m = g_strdup_printf (_("The Janus server reported an error: %s (error %d)"),
                                              msg->error_reason != NULL ? msg->error_reason : "", msg->error_code);

        protocol_error (self, m);
      }
      break;
    case CS_JANUS_MSG_UNKNOWN:
      {
        g_autofree char *m = g_strdup_printf (_("The server sent an unexpected message “%s”"), msg->janus);

        protocol_error (self, m);
      }
      break;
    case CS_JANUS_MSG_ACK:
    case CS_JANUS_MSG_WEBRTCUP:
    case CS_JANUS_MSG_MEDIA:
    case CS_JANUS_MSG_SLOWLINK:
    default:
      break;
    }
}

/* ------------------------------------------------------------------ session */

static void
janus_handle_message (CsCallSession *session, GstMessage *message)
{
  CsJanusCall *self = CS_JANUS_CALL (session);

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *debug = NULL;
      g_autofree char *m = NULL;

      gst_message_parse_error (message, &error, &debug);
      g_debug ("janus media error from %s: %s", GST_MESSAGE_SRC_NAME (message), debug);
      m = g_strdup_printf (_("Media error: %s"), error->message);
      report (self, SERVER_UID, NULL, CS_CONNECTION_STATE_CONNECTED, m);
    }
}

/* @clean: leave the room (destroy the Janus session) */
static void
janus_hang_up (CsCallSession *session, gboolean clean)
{
  CsJanusCall *self = CS_JANUS_CALL (session);
  GHashTableIter iter;
  gpointer value;

  g_clear_handle_id (&self->keepalive_id, g_source_remove);
  g_clear_handle_id (&self->timeout_id, g_source_remove);

  if (clean && self->session_id != NULL && self->ws != NULL &&
      soup_websocket_connection_get_state (self->ws) == SOUP_WEBSOCKET_STATE_OPEN)
    {
      g_autofree char *tx = cs_janus_transaction_new ();
      g_autofree char *text = cs_janus_build_destroy (self->session_id, tx, self->secret, self->token);

      soup_websocket_connection_send_text (self->ws, text);
    }
  else if (clean && self->session_id != NULL && self->http && self->soup != NULL)
    {
      /* best effort, without waiting: Janus also drops the session after its timeout */
      g_autofree char *tx = cs_janus_transaction_new ();
      g_autofree char *url = g_strdup_printf ("%s/%s", self->url, self->session_id);
      g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
      char *text = cs_janus_build_destroy (self->session_id, tx, self->secret, self->token);
      g_autoptr(GBytes) bytes = g_bytes_new_take (text, strlen (text));

      if (msg != NULL)
        {
          soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
          soup_session_send_async (self->soup, msg, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
        }
    }
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->ws != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->ws, self);
      if (soup_websocket_connection_get_state (self->ws) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (self->ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_clear_object (&self->ws);
    }

  if (POLLER (self) != NULL)
    cs_stats_poller_stop (POLLER (self));
  g_hash_table_iter_init (&iter, self->feeds);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    remove_handle_media (self, value);
  if (self->pub != NULL)
    remove_handle_media (self, self->pub);
  g_hash_table_remove_all (self->pending);
  g_hash_table_remove_all (self->handles);
  g_hash_table_remove_all (self->feeds);
  g_ptr_array_set_size (self->left_out, 0);
}

static const char * const janus_elements[] = { "webrtcbin", NULL };

static gboolean
janus_start (CsCallSession *session, GError **error)
{
  CsJanusCall *self = CS_JANUS_CALL (session);

  gst_element_set_state (PIPELINE (self), GST_STATE_PLAYING);
  cs_stats_poller_start (POLLER (self), 1000);

  self->ws_too_big = FALSE;
  self->cancellable = g_cancellable_new ();
  self->soup = soup_session_new_with_options ("timeout", 60, "idle-timeout", 60, NULL);
  self->pub = handle_new (self, NULL, self->display);
  post_connection (self, SERVER_UID, NULL, CS_CONNECTION_STATE_CONNECTING, NULL);
  self->timeout_id = g_timeout_add_seconds (CONNECT_TIMEOUT_S, on_timeout, self);

  if (self->http)
    create_session (self);
  else
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", self->url);
      const char *protocols[] = { "janus-protocol", NULL };

      soup_session_websocket_connect_async (self->soup, msg, NULL, (char **) protocols, G_PRIORITY_DEFAULT,
                                            self->cancellable, on_ws_connected, g_object_ref (self));
    }
  return TRUE;
}

/* the last connection samples (closed) still reach the model */
static void
janus_post_final (CsCallSession *session, double t)
{
  post_connection (CS_JANUS_CALL (session), SERVER_UID, NULL, CS_CONNECTION_STATE_CLOSED, NULL);
}

static void
janus_release (CsCallSession *session)
{
  CsJanusCall *self = CS_JANUS_CALL (session);

  g_clear_pointer (&self->pub, handle_unref);
  g_clear_object (&self->soup);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->session_id, g_free);
  self->joined = FALSE;
}

static void
cs_janus_call_finalize (GObject *object)
{
  CsJanusCall *self = CS_JANUS_CALL (object);

  g_free (self->url);
  g_free (self->room);
  g_free (self->display);
  g_free (self->pin);
  g_free (self->secret);
  g_free (self->token);
  g_strfreev (self->ice_servers);
  g_free (self->private_id);
  g_hash_table_unref (self->pending);
  g_hash_table_unref (self->handles);
  g_hash_table_unref (self->feeds);
  g_ptr_array_unref (self->left_out);
  G_OBJECT_CLASS (cs_janus_call_parent_class)->finalize (object);
}

static void
cs_janus_call_class_init (CsJanusCallClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  CsCallSessionClass *session_class = CS_CALL_SESSION_CLASS (klass);

  object_class->finalize = cs_janus_call_finalize;
  session_class->pipeline_name = "janus-call";
  session_class->required_elements = janus_elements;
  session_class->start = janus_start;
  session_class->handle_message = janus_handle_message;
  session_class->hang_up = janus_hang_up;
  session_class->post_final = janus_post_final;
  session_class->release = janus_release;
}

static void
cs_janus_call_init (CsJanusCall *self)
{
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) pending_free);
  self->handles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) handle_unref);
  self->feeds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) handle_unref);
  self->left_out = g_ptr_array_new_with_free_func ((GDestroyNotify) left_out_free);
}

CsJanusCall *
cs_janus_call_new (const CsCallConfig *config, GError **error)
{
  CsJanusCall *self;
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  g_autofree char *url = NULL;
  CsImpairment impair;

  if (config->janus_url == NULL ||
      (uri = g_uri_parse (config->janus_url, G_URI_FLAGS_NONE, NULL)) == NULL ||
      (scheme = g_uri_get_scheme (uri)) == NULL || g_uri_get_host (uri) == NULL ||
      (g_ascii_strcasecmp (scheme, "ws") != 0 && g_ascii_strcasecmp (scheme, "wss") != 0 &&
       g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_OPTION,
                   _("“%s” is not a Janus address: use ws://host:8188/ or http://host:8088/janus"),
                   config->janus_url != NULL ? config->janus_url : "");
      return NULL;
    }
  if (!cs_janus_room_is_valid (config->room))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_OPTION, _("A Janus call needs a room: use --room=ID"));
      return NULL;
    }
  if (!cs_impairment_parse_local (config->impair, &impair, error))
    return NULL;
  url = g_strdup (config->janus_url);
  while (g_str_has_suffix (url, "/") && strlen (url) > 1 && g_str_has_prefix (scheme, "http"))
    url[strlen (url) - 1] = '\0';

  self = g_object_new (CS_TYPE_JANUS_CALL, NULL);
  self->http = g_str_has_prefix (scheme, "http") || g_str_has_prefix (scheme, "HTTP");
  self->url = g_steal_pointer (&url);
  self->room = g_strdup (config->room);
  self->display = g_strdup (config->display_name != NULL ? config->display_name : "Callscope");
  self->pin = g_strdup (config->pin);
  self->secret = g_strdup (config->secret);
  self->token = g_strdup (config->token);
  self->ice_servers = g_strdupv (config->ice_servers);
  self->no_publish = config->no_publish;
  self->use_camera = config->use_camera;
  self->impair = impair;
  return self;
}

guint
cs_janus_call_get_n_remote (CsJanusCall *self)
{
  g_return_val_if_fail (CS_IS_JANUS_CALL (self), 0);
  return g_hash_table_size (self->feeds);
}

gboolean
cs_janus_call_get_joined (CsJanusCall *self)
{
  g_return_val_if_fail (CS_IS_JANUS_CALL (self), FALSE);
  return self->joined;
}
