/* cs-janus-call.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A call in a Janus VideoRoom: the handles (our publisher and one subscription per remote
 * publisher), the samples and errors of the call, the room logic (who publishes, who is
 * subscribed, who left) and the session's lifecycle. The transport and each handle's media
 * live in cs-janus-transport.c and cs-janus-handle-media.c (cs-janus-call-private.h); the
 * pure parts in cs-janus-protocol.c, cs-webrtc-media.c and cs-http-body.c. Webrtcbin
 * callbacks (streaming threads) only hand data over with cs_call_session_invoke(), through
 * a Job that holds the handle, so a late callback after the call stopped does nothing.
 * What the server sends is bounded (cs-net-limits.h): subscriptions, remote candidates and
 * m-lines per connection here; message sizes and request times in the transport.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gst/sdp/sdp.h>
#include <gst/webrtc/webrtc.h>
#include <string.h>

#include "cs-error.h"
#include "cs-http-body.h"
#include "cs-janus-call-private.h"
#include "cs-net-limits.h"
#include "cs-netsim.h"
#include "cs-webrtc-media.h"

G_DEFINE_FINAL_TYPE (CsJanusCall, cs_janus_call, CS_TYPE_CALL_SESSION)

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

Handle *
_cs_janus_handle_ref (Handle *h)
{
  g_atomic_ref_count_inc (&h->ref);
  return h;
}

void
_cs_janus_handle_unref (Handle *h)
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
void
_cs_janus_handle_track_negotiation (Handle *h, GstPromise *promise)
{
  GstPromise *old = g_atomic_pointer_exchange (&h->negotiation, gst_promise_ref (promise));

  if (old != NULL)
    gst_promise_unref (old);
}

/* The reply of @promise, or NULL when it was interrupted (the media stopped first). */
const GstStructure *
_cs_janus_promise_reply (GstPromise *promise)
{
  return gst_promise_wait (promise) == GST_PROMISE_RESULT_REPLIED ? gst_promise_get_reply (promise) : NULL;
}

static void
pending_free (Pending *p)
{
  g_clear_pointer (&p->handle, _cs_janus_handle_unref);
  g_free (p);
}

const char *
_cs_janus_handle_uid (Handle *h)
{
  return h->feed != NULL ? h->feed : SERVER_UID;
}

/* ------------------------------------------------------------------ samples and errors */

double
_cs_janus_now (CsJanusCall *self)
{
  return cs_call_session_now (CS_CALL_SESSION (self));
}

void
_cs_janus_post_connection (CsJanusCall *self, const char *peer, const char *display,
                 CsConnectionState state, const char *message)
{
  CsStatsSample *s = cs_webrtc_stats_connection_sample (LOCAL_UID, peer, state, message, _cs_janus_now (self));

  /* the server's samples name the local user (the model's rule): --display, as the room knows it */
  if (display == NULL && g_strcmp0 (peer, SERVER_UID) == 0)
    display = self->display;
  s->display_name = g_strdup (display);
  cs_call_session_post_sample (CS_CALL_SESSION (self), s);
}

/* A fault the user must see: a toast or stderr, and a connection sample so the event
 * reaches the model and the recording. */
void
_cs_janus_report (CsJanusCall *self, const char *peer, const char *display, CsConnectionState state,
        const char *message)
{
  _cs_janus_post_connection (self, peer, display, state, message);
  cs_call_session_emit_error (CS_CALL_SESSION (self), message);
}

/* A failure beyond repair: the base class flushes the samples, says @message, calls
 * janus_hang_up (clean = FALSE) and ends the call. */
void
_cs_janus_fail (CsJanusCall *self, const char *message)
{
  if (!RUNNING (self))
    return;
  _cs_janus_post_connection (self, SERVER_UID, NULL, CS_CONNECTION_STATE_FAILED, message);
  cs_call_session_fail (CS_CALL_SESSION (self), message);
}

void
_cs_janus_protocol_error (CsJanusCall *self, const char *message)
{
  gint64 t = g_get_monotonic_time ();

  self->n_protocol_errors++;
  /* malformed input must not flood the log: the first five, then one every ten seconds */
  if (self->n_protocol_errors <= 5 || t - self->last_protocol_error_us > 10 * G_USEC_PER_SEC)
    {
      self->last_protocol_error_us = t;
      _cs_janus_report (self, SERVER_UID, NULL, CS_CONNECTION_STATE_CONNECTED, message);
    }
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
  _cs_janus_post_connection (self, id, display, CS_CONNECTION_STATE_CONNECTING, NULL);
  _cs_janus_attach (self, h);
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

void
_cs_janus_remove_feed (CsJanusCall *self, const char *feed, const char *why)
{
  Handle *h = g_hash_table_lookup (self->feeds, feed);
  g_autofree char *tx = NULL;

  left_out_remove (self, feed);
  if (h == NULL)
    return;
  h->closed = TRUE;
  _cs_janus_post_connection (self, h->feed, h->display, CS_CONNECTION_STATE_CLOSED, why);
  _cs_janus_remove_handle_media (self, h);
  if (h->handle_id != NULL && self->session_id != NULL)
    {
      tx = cs_janus_transaction_new ();
      _cs_janus_send_request (self, REQ_OTHER, NULL, TRUE, tx,
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
        _cs_janus_remove_feed (self, p->id, _("stopped publishing"));
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

      _cs_janus_report (self, SERVER_UID, NULL, CS_CONNECTION_STATE_CONNECTED, m);
    }
  if (msg->leaving != NULL && strcmp (msg->leaving, "ok") != 0)
    _cs_janus_remove_feed (self, msg->leaving, _cs_janus_departure_reason (self, msg->leaving));
  if (msg->unpublished != NULL && strcmp (msg->unpublished, "ok") != 0)
    _cs_janus_feed_unpublished (self, msg->unpublished);
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
      _cs_janus_fail (self, m);
    }
  else if (h->feed != NULL)
    {
      g_autofree char *feed = g_strdup (h->feed);

      m = g_strdup_printf (_("Could not watch %s: %s (Janus error %d)"), h->display != NULL ? h->display : h->feed,
                           reason != NULL ? reason : _("refused"), code);
      cs_call_session_emit_error (CS_CALL_SESSION (self), m);
      _cs_janus_remove_feed (self, feed, m);
    }
  else
    {
      m = g_strdup_printf (_("The Janus server refused a request: %s (Janus error %d)"),
                           reason != NULL ? reason : _("refused"), code);
      _cs_janus_report (self, SERVER_UID, NULL, CS_CONNECTION_STATE_CONNECTED, m);
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
          _cs_janus_post_connection (self, SERVER_UID, NULL, CS_CONNECTION_STATE_CONNECTED, NULL);
          cs_call_session_set_up (CS_CALL_SESSION (self), TRUE);
          if (!self->no_publish)
            _cs_janus_start_publishing (self);
        }
      else if (g_strcmp0 (msg->videoroom, "destroyed") == 0)
        {
          g_autofree char *m = g_strdup_printf (_("Room %s was destroyed on the server"), self->room);

          _cs_janus_fail (self, m);
          return;
        }
      if (g_strcmp0 (msg->configured, "ok") == 0 && !self->no_publish)
        _cs_janus_report_refused_media (self, msg);
      if (msg->jsep_type != NULL)
        {
          g_autoptr(GError) error = NULL;

          if (strcmp (msg->jsep_type, "answer") != 0 || h->webrtc == NULL)
            _cs_janus_protocol_error (self, _("The server sent an unexpected session description"));
          else if (!_cs_janus_set_remote (self, h, "answer", msg->jsep_sdp, &error))
            _cs_janus_report (self, SERVER_UID, NULL, CS_CONNECTION_STATE_FAILED,
                    error != NULL ? error->message : _("The server sent an unreadable answer to the published stream"));
        }
      handle_publishers (self, msg);
      return;
    }

  /* a subscriber handle */
  if (msg->jsep_type != NULL)
    {
      if (strcmp (msg->jsep_type, "offer") != 0)
        _cs_janus_protocol_error (self, _("The server sent an answer where an offer was expected"));
      else
        _cs_janus_answer_offer (self, h, msg->jsep_sdp);
    }
  if (g_strcmp0 (msg->videoroom, "event") == 0 || g_strcmp0 (msg->videoroom, "updated") == 0)
    handle_publishers (self, msg);
}

static void
on_attached (CsJanusCall *self, Handle *h)
{
  if (h == self->pub)
    _cs_janus_send_plugin_message (self, REQ_JOIN, h, cs_janus_body_join_publisher (self->room, self->display, self->pin),
                         NULL, NULL);
  else
    _cs_janus_send_plugin_message (self, REQ_JOIN, h,
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
      _cs_janus_fail (self, m);
      break;
    case REQ_ATTACH:
    case REQ_JOIN:
      if (p->handle != NULL && p->handle != self->pub)
        {
          handle_plugin_error (self, p->handle, msg->error_code, reason);
          break;
        }
      m = g_strdup_printf (_("Could not join room %s: %s (error %d)"), self->room, reason, msg->error_code);
      _cs_janus_fail (self, m);
      break;
    case REQ_KEEPALIVE:
      m = g_strdup_printf (_("The Janus session expired: %s"), reason);
      _cs_janus_fail (self, m);
      break;
    default:
      m = g_strdup_printf (_("The Janus server refused a request: %s (error %d)"), reason, msg->error_code);
      _cs_janus_report (self, SERVER_UID, NULL, CS_CONNECTION_STATE_CONNECTED, m);
      break;
    }
}

void
_cs_janus_handle_message (CsJanusCall *self, CsJanusMessage *msg)
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
              self->timeout_id = g_timeout_add_seconds (JOIN_TIMEOUT_S, _cs_janus_on_timeout, self);
              self->keepalive_id = g_timeout_add_seconds (KEEPALIVE_SECONDS, _cs_janus_on_keepalive, self);
              if (self->http)
                _cs_janus_start_long_poll (self);
              _cs_janus_attach (self, self->pub);
            }
        }
      else if (p->handle != NULL && p->handle->handle_id == NULL && !p->handle->closed)
        {
          p->handle->handle_id = g_strdup (msg->data_id);
          g_hash_table_insert (self->handles, g_strdup (msg->data_id), _cs_janus_handle_ref (p->handle));
          on_attached (self, p->handle);
        }
      pending_free (p);
      return;
    }
  if (p != NULL && (p->kind == REQ_CREATE || p->kind == REQ_ATTACH))
    {
      _cs_janus_protocol_error (self, _("The server answered a request with an unexpected message"));
      if (p->kind == REQ_CREATE)
        _cs_janus_fail (self, _("The Janus server did not create a session"));
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
            _cs_janus_refuse_candidates (self, h);
          else
            {
              h->n_trickled++;
              g_signal_emit_by_name (h->webrtc, "add-ice-candidate", (guint) msg->candidate_mline, msg->candidate);
            }
        }
      break;
    case CS_JANUS_MSG_HANGUP:
      if (h != NULL && h->feed != NULL)
        _cs_janus_post_connection (self, h->feed, h->display, CS_CONNECTION_STATE_DISCONNECTED, msg->error_reason);
      else if (h != NULL)
        {
          g_autofree char *m = g_strdup_printf (_("The Janus server hung up the published stream: %s"),
                                                msg->error_reason != NULL ? msg->error_reason : "");

          _cs_janus_report (self, SERVER_UID, NULL, CS_CONNECTION_STATE_CONNECTED, m);
        }
      break;
    case CS_JANUS_MSG_DETACHED:
      if (h != NULL && h->feed != NULL)
        {
          g_autofree char *feed = g_strdup (h->feed);

          _cs_janus_remove_feed (self, feed, _cs_janus_departure_reason (self, feed));
        }
      break;
    case CS_JANUS_MSG_TIMEOUT:
      _cs_janus_fail (self, _("The Janus session timed out"));
      break;
    case CS_JANUS_MSG_ERROR:
      {
        g_autofree char *m = g_strdup_printf (_("The Janus server reported an error: %s (error %d)"),
                                              msg->error_reason != NULL ? msg->error_reason : "", msg->error_code);

        _cs_janus_protocol_error (self, m);
      }
      break;
    case CS_JANUS_MSG_UNKNOWN:
      {
        g_autofree char *m = g_strdup_printf (_("The server sent an unexpected message “%s”"), msg->janus);

        _cs_janus_protocol_error (self, m);
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

  if (_cs_janus_camera_error (self, message))
    return;
  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *debug = NULL;
      g_autofree char *m = NULL;

      gst_message_parse_error (message, &error, &debug);
      g_debug ("janus media error from %s: %s", GST_MESSAGE_SRC_NAME (message), debug);
      m = g_strdup_printf (_("Media error: %s"), error->message);
      _cs_janus_report (self, SERVER_UID, NULL, CS_CONNECTION_STATE_CONNECTED, m);
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
    _cs_janus_remove_handle_media (self, value);
  if (self->camera != NULL) /* before its bin stops: a pipewiresrc stops on a thread of its own */
    cs_sender_camera_stop (self->camera);
  if (self->pub != NULL)
    _cs_janus_remove_handle_media (self, self->pub);
  g_hash_table_remove_all (self->pending);
  g_hash_table_remove_all (self->handles);
  _cs_janus_departures_clear (self);
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
  _cs_janus_post_connection (self, SERVER_UID, NULL, CS_CONNECTION_STATE_CONNECTING, NULL);
  self->timeout_id = g_timeout_add_seconds (CONNECT_TIMEOUT_S, _cs_janus_on_timeout, self);

  if (self->http)
    _cs_janus_create_session (self);
  else
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", self->url);
      const char *protocols[] = { "janus-protocol", NULL };

      soup_session_websocket_connect_async (self->soup, msg, NULL, (char **) protocols, G_PRIORITY_DEFAULT,
                                            self->cancellable, _cs_janus_on_ws_connected, g_object_ref (self));
    }
  return TRUE;
}

/* the last connection samples (closed) still reach the model */
static void
janus_post_final (CsCallSession *session, double t)
{
  _cs_janus_post_connection (CS_JANUS_CALL (session), SERVER_UID, NULL, CS_CONNECTION_STATE_CLOSED, NULL);
}

static void
janus_release (CsCallSession *session)
{
  CsJanusCall *self = CS_JANUS_CALL (session);

  g_clear_pointer (&self->pub, _cs_janus_handle_unref);
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
  _cs_janus_departures_clear (self);
  g_hash_table_unref (self->feeds);
  g_ptr_array_unref (self->left_out);
  g_clear_pointer (&self->camera, cs_sender_camera_free);
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
  self->handles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) _cs_janus_handle_unref);
  self->feeds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) _cs_janus_handle_unref);
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
  g_autoptr(CsSenderCamera) camera = NULL;

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
  if (cs_call_config_sends_camera (config) && (camera = cs_sender_camera_new (config, error)) == NULL)
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
  self->camera = g_steal_pointer (&camera);
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
