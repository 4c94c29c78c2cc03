/* cs-janus-transport.c — a Janus session over WebSocket or HTTP long-poll (see cs-janus-call-private.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the server sends is bounded (cs-net-limits.h): message sizes and the time of an
 * HTTP request (cs-http-body.h).
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
          _cs_janus_protocol_error (self, error->message);
          return;
        }
      if (invalid > 0)
        _cs_janus_protocol_error (self, _("The server sent a malformed message"));
      for (guint i = 0; i < msgs->len && RUNNING (self); i++)
        _cs_janus_handle_message (self, g_ptr_array_index (msgs, i));
    }
  else
    {
      g_autoptr(CsJanusMessage) msg = cs_janus_message_parse (text, len, &error);

      if (msg == NULL)
        _cs_janus_protocol_error (self, error->message);
      else
        _cs_janus_handle_message (self, msg);
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
      _cs_janus_fail (self, m);
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
        _cs_janus_fail (self, m);
      else
        _cs_janus_protocol_error (self, m);
      return;
    }
  handle_text (self, g_bytes_get_data (body, NULL), g_bytes_get_size (body), poll);
  /* the only request before a session is create: a reply that made none will not be followed by one */
  if (!poll && RUNNING (self) && self->session_id == NULL)
    {
      _cs_janus_fail (self, _("The Janus server did not create a session"));
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

void
_cs_janus_start_long_poll (CsJanusCall *self)
{
  g_autofree char *url = g_strdup_printf ("%s/%s?maxev=10", self->url, self->session_id);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);

  if (msg != NULL)
    send_http (self, msg, TRUE);
}

/* Sends a request and remembers its transaction. */
void
_cs_janus_send_request (CsJanusCall *self, ReqKind kind, Handle *h, gboolean session_scope,
              const char *transaction, char *text /* transfer full */)
{
  Pending *p = g_new0 (Pending, 1);

  p->kind = kind;
  p->handle = h != NULL ? _cs_janus_handle_ref (h) : NULL;
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

void
_cs_janus_send_plugin_message (CsJanusCall *self, ReqKind kind, Handle *h, char *body /* transfer full */,
                     const char *jsep_type, const char *sdp)
{
  g_autofree char *tx = cs_janus_transaction_new ();

  if (h->handle_id == NULL || self->session_id == NULL)
    {
      g_free (body);
      return;
    }
  _cs_janus_send_request (self, kind, h, TRUE, tx,
                cs_janus_build_message (self->session_id, h->handle_id, body, jsep_type, sdp, tx,
                                        self->secret, self->token));
  g_free (body);
}

void
_cs_janus_attach (CsJanusCall *self, Handle *h)
{
  g_autofree char *tx = cs_janus_transaction_new ();

  _cs_janus_send_request (self, REQ_ATTACH, h, TRUE, tx,
                cs_janus_build_attach (self->session_id, "janus.plugin.videoroom", tx, self->secret, self->token));
}

gboolean
_cs_janus_on_keepalive (gpointer user_data)
{
  CsJanusCall *self = user_data;
  g_autofree char *tx = cs_janus_transaction_new ();

  if (self->session_id != NULL)
    _cs_janus_send_request (self, REQ_KEEPALIVE, NULL, TRUE, tx,
                  cs_janus_build_keepalive (self->session_id, tx, self->secret, self->token));
  return G_SOURCE_CONTINUE;
}

gboolean
_cs_janus_on_timeout (gpointer user_data)
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
  _cs_janus_fail (self, m);
  return G_SOURCE_REMOVE;
}

void
_cs_janus_create_session (CsJanusCall *self)
{
  g_autofree char *tx = cs_janus_transaction_new ();

  _cs_janus_send_request (self, REQ_CREATE, NULL, FALSE, tx, cs_janus_build_create (tx, self->secret, self->token));
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
      _cs_janus_protocol_error (self, _("The server sent a binary frame where a JSON message was expected"));
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
  _cs_janus_fail (self, m);
}

void
_cs_janus_on_ws_connected (GObject *source, GAsyncResult *result, gpointer user_data)
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
      _cs_janus_fail (self, m);
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
  _cs_janus_create_session (self);
}

