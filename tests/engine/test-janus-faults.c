/* test-janus-faults.c — a CsJanusCall against a fake Janus that misbehaves
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fake server is a SoupServer on 127.0.0.1 (a free port): WebSocket connections with
 * the "janus-protocol" subprotocol, and HTTP POSTs plus long-poll GETs on /janus. It
 * plays a well-behaved VideoRoom (create, attach, join) except for one fault per case:
 * unreachable, garbage, wrong types, unexpected messages, a refused create, 426 (no such
 * room), 433 (wrong PIN), a connection closed mid-call, a flood. The call runs in
 * process (--no-publish, so no media is needed) and each case checks the session's
 * "error" and "ended" signals and the connection samples that reach the model, within
 * a few seconds. The binary is driven once for its exit status and stderr.
 *
 * The network input bounds (cs-net-limits.h) are tested here too, against the same fake:
 * a 10 MiB message on each transport, a reply that never ends, 100 publishers, offers with
 * 17 m-lines or 100 trickled candidates, and a 2 MiB display name that must reach the
 * recording clipped and replay. One fake for all of them keeps this file long (about 1300
 * lines) rather than spread over copies of the server.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "cs-call-factory.h"
#include "cs-janus-call.h"
#include "cs-stats-model.h"

#define SESSION_ID "4242424242"
#define HANDLE_ID  "777"
#define DEADLINE_S 6.0

typedef enum
{
  SCRIPT_OK,
  SCRIPT_GARBAGE,
  SCRIPT_WRONG_TYPES,
  SCRIPT_UNEXPECTED,
  SCRIPT_CREATE_ERROR,
  SCRIPT_NO_SUCH_ROOM,
  SCRIPT_WRONG_PIN,
  SCRIPT_CLOSE_AFTER_JOIN,
  SCRIPT_FLOOD_AFTER_JOIN,
  SCRIPT_HTTP_500,
  /* network input bounds (cs-net-limits.h) */
  SCRIPT_HUGE_AFTER_JOIN,      /* a 10 MiB message: a WebSocket frame, or a chunked long-poll reply */
  SCRIPT_TRICKLE_JOIN_REPLY,   /* HTTP: the reply to join trickles a byte every 100 ms, forever */
  SCRIPT_MANY_PUBLISHERS,      /* the room has 100 publishers; later one of them leaves */
  SCRIPT_LONG_DISPLAY,         /* a publisher with a 2 MiB display name */
  SCRIPT_BAD_OFFERS,           /* feed 1: an offer and 100 trickled candidates; feed 2: 17 m-lines */
} Script;

#define N_PUBLISHERS 100

typedef struct
{
  SoupServer              *server;
  guint                    port;
  Script                   script;
  SoupWebsocketConnection *ws;
  GPtrArray               *requests;   /* "janus" of every request received */
  char                    *join_pin;
  GQueue                   events;     /* HTTP: char*, for the long poll */
  SoupServerMessage       *poll;       /* HTTP: a paused long poll */
  guint                    n_flooded;
  gboolean                 flood_done;
  guint                    source_id;
  guint                    n_attached;
  guint                    n_subscribed;  /* subscriber joins */
  gboolean                 joined_sent;
  gboolean                 huge_sent;
  SoupServerMessage       *trickle;      /* HTTP: a reply that never ends */
  guint                    trickle_id;
  guint                    n_trickled;
} FakeJanus;

typedef struct
{
  CsCallSession *session;
  CsStatsModel  *model;
  gboolean       ended;
  gboolean       failed;
  GPtrArray     *errors;       /* char* */
  GPtrArray     *connections;  /* "peer state message" of every connection sample */
} Call;

/* ------------------------------------------------------------------ the fake server */

static void
fake_send (FakeJanus *f, SoupServerMessage *http, GString *sync, const char *text)
{
  if (f->ws != NULL)
    {
      if (soup_websocket_connection_get_state (f->ws) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_send_text (f->ws, text);
      return;
    }
  if (sync != NULL && sync->len == 0)
    {
      g_string_append (sync, text);
      return;
    }
  g_queue_push_tail (&f->events, g_strdup (text));
  (void) http;
}

static void
flush_poll (FakeJanus *f)
{
  g_autoptr(GString) body = g_string_new ("[");

  if (f->poll == NULL || g_queue_is_empty (&f->events))
    return;
  for (guint i = 0; !g_queue_is_empty (&f->events); i++)
    {
      g_autofree char *e = g_queue_pop_head (&f->events);

      g_string_append_printf (body, "%s%s", i > 0 ? "," : "", e);
    }
  /* a long-poll batch may hold members that are not messages: they are counted, not fatal */
  if (f->script == SCRIPT_NO_SUCH_ROOM)
    g_string_append (body, ",42,{\"janus\":7}");
  g_string_append_c (body, ']');
  soup_server_message_set_status (f->poll, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (f->poll, "application/json", SOUP_MEMORY_COPY, body->str, body->len);
  soup_server_message_unpause (f->poll);
  g_clear_object (&f->poll);
}

static gboolean
close_later (gpointer data)
{
  FakeJanus *f = data;

  f->source_id = 0;
  if (f->ws != NULL)
    soup_websocket_connection_close (f->ws, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, "bye");
  else
    {
      /* HTTP: the server goes away, with the long poll it held */
      g_clear_object (&f->poll);
      soup_server_disconnect (f->server);
    }
  return G_SOURCE_REMOVE;
}

/* An offer Janus could send a subscriber: one audio m-line, or @n_medias of them. */
static char *
fake_offer (guint n_medias)
{
  GString *sdp = g_string_new ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE");

  for (guint m = 0; m < n_medias; m++)
    g_string_append_printf (sdp, " %u", m);
  g_string_append (sdp, "\r\n");
  for (guint m = 0; m < n_medias; m++)
    g_string_append_printf (sdp,
                            "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 127.0.0.1\r\na=ice-ufrag:fake\r\n"
                            "a=ice-pwd:fakefakefakefakefakefake\r\na=ice-options:trickle\r\n"
                            "a=fingerprint:sha-256 D2:FA:0E:C3:22:59:5E:14:95:69:92:3D:13:B4:84:24:2C:C2:A2:C0:3E:FD:"
                            "34:8E:5E:EA:6F:AF:52:CE:E6:0F\r\na=setup:actpass\r\na=mid:%u\r\na=sendonly\r\n"
                            "a=rtcp-mux\r\na=rtpmap:111 opus/48000/2\r\na=ssrc:%u cname:janus\r\n", m, 1000 + m);
  return g_string_free (sdp, FALSE);
}

static char *
json_quoted (const char *text)
{
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), text);

  return json_to_string (node, FALSE);
}

/* The publishers of the room, as a JSON list. */
static char *
fake_publishers (FakeJanus *f)
{
  GString *list = g_string_new ("[");

  if (f->script == SCRIPT_MANY_PUBLISHERS)
    for (guint i = 1; i <= N_PUBLISHERS; i++)
      g_string_append_printf (list, "%s{\"id\":%u,\"display\":\"Publisher %u\"}", i > 1 ? "," : "", i, i);
  else if (f->script == SCRIPT_LONG_DISPLAY)
    {
      /* 2 MiB, with a newline and a lone surrogate (json-glib makes it invalid UTF-8) */
      g_autofree char *pad = g_strnfill (2 * 1024 * 1024, 'e');

      g_string_append_printf (list, "{\"id\":42,\"display\":\"Eve\\n\\ud800!%s\"}", pad);
    }
  else if (f->script == SCRIPT_BAD_OFFERS)
    g_string_append (list, "{\"id\":1,\"display\":\"Many candidates\"},{\"id\":2,\"display\":\"Many m-lines\"}");
  g_string_append_c (list, ']');
  return g_string_free (list, FALSE);
}

static gboolean
leave_one (gpointer data)
{
  FakeJanus *f = data;
  g_autofree char *event = g_strdup_printf ("{\"janus\":\"event\",\"session_id\":%s,\"sender\":%s,\"plugindata\":"
                                            "{\"plugin\":\"janus.plugin.videoroom\",\"data\":{\"videoroom\":\"event\","
                                            "\"room\":1234,\"leaving\":1}}}", SESSION_ID, HANDLE_ID);

  f->source_id = 0;
  fake_send (f, NULL, NULL, event);
  flush_poll (f);
  return G_SOURCE_REMOVE;
}

static gboolean
trickle_more (gpointer data)
{
  FakeJanus *f = data;

  if (f->trickle == NULL)
    {
      f->trickle_id = 0;
      return G_SOURCE_REMOVE;
    }
  soup_message_body_append (soup_server_message_get_response_body (f->trickle), SOUP_MEMORY_STATIC, " ", 1);
  soup_server_message_unpause (f->trickle);
  f->n_trickled++;
  return G_SOURCE_CONTINUE;
}

static void
on_trickle_finished (SoupServerMessage *msg, gpointer data)
{
  FakeJanus *f = data;

  g_clear_handle_id (&f->trickle_id, g_source_remove);
  g_clear_object (&f->trickle);
}

/* Answers @msg with a body that never ends: a space every 100 ms. */
static void
start_trickle (FakeJanus *f, SoupServerMessage *msg)
{
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg), SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg), "application/json", NULL);
  soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_STATIC, "{", 1);
  f->trickle = g_object_ref (msg);
  g_signal_connect (msg, "finished", G_CALLBACK (on_trickle_finished), f);
  f->trickle_id = g_timeout_add (100, trickle_more, f);
}

/* 10 MiB in 64 KiB chunks, without a Content-Length. */
static void
send_huge_chunked (SoupServerMessage *msg)
{
  g_autofree char *chunk = g_strnfill (64 * 1024, 'x');
  SoupMessageBody *body = soup_server_message_get_response_body (msg);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg), SOUP_ENCODING_CHUNKED);
  soup_message_body_append (body, SOUP_MEMORY_STATIC, "[", 1);
  for (guint i = 0; i < 160; i++)
    soup_message_body_append (body, SOUP_MEMORY_COPY, chunk, 64 * 1024);
  soup_message_body_complete (body);
}

static gboolean
send_huge_frame (gpointer data)
{
  FakeJanus *f = data;
  g_autofree char *text = g_strnfill (10 * 1024 * 1024, ' ');

  f->source_id = 0;
  f->huge_sent = TRUE;
  text[0] = '[';
  text[strlen (text) - 1] = ']';
  if (f->ws != NULL && soup_websocket_connection_get_state (f->ws) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_text (f->ws, text);
  return G_SOURCE_REMOVE;
}

static gboolean
flood (gpointer data)
{
  FakeJanus *f = data;
  static const char *const junk[] = {
    "not json at all",
    "{\"janus\":\"event\",\"session_id\":" SESSION_ID ",\"sender\":999,\"plugindata\":{\"data\":{\"videoroom\":\"event\",\"publishers\":[]}}}",
    "{\"janus\":\"ack\",\"transaction\":\"nobody-asked\"}",
    "{\"janus\":\"webrtcup\",\"session_id\":" SESSION_ID ",\"sender\":" HANDLE_ID "}",
    "{\"janus\":7}",
    "{\"janus\":\"surprise\"}",
    "{\"janus\":\"media\",\"session_id\":" SESSION_ID ",\"sender\":" HANDLE_ID ",\"type\":\"video\",\"receiving\":false}",
  };

  for (guint i = 0; i < 500 && f->n_flooded < 5000; i++, f->n_flooded++)
    fake_send (f, NULL, NULL, junk[f->n_flooded % G_N_ELEMENTS (junk)]);
  if (f->n_flooded < 5000)
    return G_SOURCE_CONTINUE;
  f->flood_done = TRUE;
  f->source_id = 0;
  return G_SOURCE_REMOVE;
}

/* Answers one request; @sync collects the HTTP reply body (NULL for WebSocket). */
static void
fake_handle (FakeJanus *f, SoupServerMessage *http, GString *sync, const char *text, gsize len)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *req;
  const char *janus;
  const char *tx;
  g_autofree char *reply = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, len, NULL));
  req = json_node_get_object (json_parser_get_root (parser));
  janus = json_object_get_string_member (req, "janus");
  tx = json_object_get_string_member (req, "transaction");
  g_assert_nonnull (janus);
  g_assert_nonnull (tx);
  g_ptr_array_add (f->requests, g_strdup (janus));

  if (g_str_equal (janus, "create"))
    {
      switch (f->script)
        {
        case SCRIPT_CREATE_ERROR:
          reply = g_strdup_printf ("{\"janus\":\"error\",\"transaction\":\"%s\",\"error\":{\"code\":403,"
                                   "\"reason\":\"Unauthorized request (wrong or missing secret/token)\"}}", tx);
          fake_send (f, http, sync, reply);
          return;
        case SCRIPT_GARBAGE:
          fake_send (f, http, sync, "<html><body><h1>502 Bad Gateway</h1></body></html>");
          if (f->ws != NULL)
            {
              soup_websocket_connection_send_binary (f->ws, "\x00\x01\x02", 3);
              fake_send (f, http, sync, "{\"janus\":\"success\",");
            }
          else
            return;
          break;
        case SCRIPT_WRONG_TYPES:
          {
            g_autofree char *bad = g_strdup_printf ("{\"janus\":\"success\",\"transaction\":\"%s\",\"data\":{\"id\":true}}", tx);

            fake_send (f, http, sync, bad);
            if (f->ws == NULL)
              return;
            fake_send (f, http, sync, "{\"janus\":42}");
            fake_send (f, http, sync, "{\"janus\":\"event\",\"sender\":[1],\"plugindata\":{\"data\":7}}");
            fake_send (f, http, sync, "[{\"janus\":\"ack\"}]");
          }
          break;
        case SCRIPT_UNEXPECTED:
          fake_send (f, http, sync, "{\"janus\":\"success\",\"transaction\":\"unknown-tx\",\"data\":{\"id\":1}}");
          fake_send (f, http, sync, "{\"janus\":\"event\",\"session_id\":1,\"sender\":999,\"transaction\":\"x\","
                                    "\"plugindata\":{\"data\":{\"videoroom\":\"joined\",\"room\":1,\"id\":2,"
                                    "\"publishers\":[{\"id\":3,\"display\":\"Ghost\"}]}}}");
          fake_send (f, http, sync, "{\"janus\":\"trickle\",\"sender\":999,\"candidate\":{\"completed\":true}}");
          fake_send (f, http, sync, "{\"janus\":\"hangup\",\"sender\":999,\"reason\":\"who?\"}");
          fake_send (f, http, sync, "{\"janus\":\"error\",\"transaction\":\"unknown-tx-2\",\"error\":{\"code\":490,"
                                    "\"reason\":\"Unexpected\"}}");
          fake_send (f, http, sync, "{\"janus\":\"server_info\",\"name\":\"Janus\"}");
          break;
        default:
          break;
        }
      reply = g_strdup_printf ("{\"janus\":\"success\",\"transaction\":\"%s\",\"data\":{\"id\":%s}}", tx, SESSION_ID);
      fake_send (f, http, sync, reply);
    }
  else if (g_str_equal (janus, "attach"))
    {
      /* the first handle is the publisher's, then one per subscription */
      g_autofree char *id = f->n_attached++ == 0 ? g_strdup (HANDLE_ID) : g_strdup_printf ("%u", 1000 + f->n_attached);

      reply = g_strdup_printf ("{\"janus\":\"success\",\"session_id\":%s,\"transaction\":\"%s\",\"data\":{\"id\":%s}}",
                               SESSION_ID, tx, id);
      fake_send (f, http, sync, reply);
    }
  else if (g_str_equal (janus, "message") &&
           g_strcmp0 (json_object_get_string_member_with_default (json_object_get_object_member (req, "body"), "ptype", ""),
                      "subscriber") == 0)
    {
      JsonObject *body = json_object_get_object_member (req, "body");
      gint64 handle = json_object_get_int_member (req, "handle_id");
      gint64 feed = json_object_get_int_member (body, "feed");
      g_autofree char *ack = g_strdup_printf ("{\"janus\":\"ack\",\"session_id\":%s,\"transaction\":\"%s\"}",
                                              SESSION_ID, tx);
      g_autofree char *jsep = NULL;

      g_assert_cmpint (handle, !=, g_ascii_strtoll (HANDLE_ID, NULL, 10));
      f->n_subscribed++;
      fake_send (f, http, sync, ack);
      if (f->script == SCRIPT_BAD_OFFERS)
        {
          g_autofree char *sdp = fake_offer (feed == 1 ? 1 : 17);
          g_autofree char *quoted = json_quoted (sdp);

          jsep = g_strdup_printf (",\"jsep\":{\"type\":\"offer\",\"sdp\":%s}", quoted);
        }
      reply = g_strdup_printf ("{\"janus\":\"event\",\"session_id\":%s,\"transaction\":\"%s\",\"sender\":%" G_GINT64_FORMAT ","
                               "\"plugindata\":{\"plugin\":\"janus.plugin.videoroom\",\"data\":{\"videoroom\":\"attached\","
                               "\"room\":1234,\"id\":%" G_GINT64_FORMAT "}}%s}",
                               SESSION_ID, tx, handle, feed, jsep != NULL ? jsep : "");
      fake_send (f, http, NULL, reply);
      if (f->script == SCRIPT_BAD_OFFERS && feed == 1)
        for (guint i = 0; i < 100; i++)
          {
            g_autofree char *trickle = g_strdup_printf ("{\"janus\":\"trickle\",\"session_id\":%s,\"sender\":%" G_GINT64_FORMAT ","
                                                        "\"candidate\":{\"sdpMLineIndex\":0,\"candidate\":\"candidate:%u 1 udp "
                                                        "2122260223 127.0.0.1 %u typ host\"}}",
                                                        SESSION_ID, handle, i, 20000 + i);

            fake_send (f, http, NULL, trickle);
          }
    }
  else if (g_str_equal (janus, "message") &&
           g_strcmp0 (json_object_get_string_member_with_default (json_object_get_object_member (req, "body"), "request", ""),
                      "start") == 0)
    {
      /* a subscriber's answer */
      reply = g_strdup_printf ("{\"janus\":\"ack\",\"session_id\":%s,\"transaction\":\"%s\"}", SESSION_ID, tx);
      fake_send (f, http, sync, reply);
    }
  else if (g_str_equal (janus, "message"))
    {
      JsonObject *body = json_object_get_object_member (req, "body");
      g_autofree char *ack = g_strdup_printf ("{\"janus\":\"ack\",\"session_id\":%s,\"transaction\":\"%s\"}",
                                              SESSION_ID, tx);
      g_autofree char *publishers = fake_publishers (f);

      g_assert_nonnull (body);
      g_assert_cmpstr (json_object_get_string_member (body, "request"), ==, "join");
      g_assert_cmpstr (json_object_get_string_member (body, "ptype"), ==, "publisher");
      g_assert_cmpint (json_object_get_int_member (body, "room"), ==, 1234);
      g_assert_cmpint (json_object_get_int_member (req, "handle_id"), ==, g_ascii_strtoll (HANDLE_ID, NULL, 10));
      g_free (f->join_pin);
      f->join_pin = json_object_has_member (body, "pin") ? g_strdup (json_object_get_string_member (body, "pin")) : NULL;
      fake_send (f, http, sync, ack);
      if (f->script == SCRIPT_NO_SUCH_ROOM || f->script == SCRIPT_WRONG_PIN)
        reply = g_strdup_printf ("{\"janus\":\"event\",\"session_id\":%s,\"transaction\":\"%s\",\"sender\":%s,"
                                 "\"plugindata\":{\"plugin\":\"janus.plugin.videoroom\",\"data\":{\"videoroom\":\"event\","
                                 "\"error_code\":%d,\"error\":\"%s\"}}}",
                                 SESSION_ID, tx, HANDLE_ID, f->script == SCRIPT_NO_SUCH_ROOM ? 426 : 433,
                                 f->script == SCRIPT_NO_SUCH_ROOM ? "No such room (1234)" : "Unauthorized (wrong pin)");
      else
        reply = g_strdup_printf ("{\"janus\":\"event\",\"session_id\":%s,\"transaction\":\"%s\",\"sender\":%s,"
                                 "\"plugindata\":{\"plugin\":\"janus.plugin.videoroom\",\"data\":{\"videoroom\":\"joined\","
                                 "\"room\":1234,\"description\":\"Faults\",\"id\":5,\"private_id\":6,\"publishers\":%s}}}",
                                 SESSION_ID, tx, HANDLE_ID, publishers);
      /* the event comes after the ack: on HTTP through the long poll */
      fake_send (f, http, NULL, reply);
      f->joined_sent = TRUE;
      if (f->script == SCRIPT_CLOSE_AFTER_JOIN)
        f->source_id = g_timeout_add (200, close_later, f);
      else if (f->script == SCRIPT_FLOOD_AFTER_JOIN)
        f->source_id = g_idle_add (flood, f);
      else if (f->script == SCRIPT_MANY_PUBLISHERS)
        f->source_id = g_timeout_add (500, leave_one, f);
      else if (f->script == SCRIPT_HUGE_AFTER_JOIN && f->ws != NULL)
        f->source_id = g_timeout_add (200, send_huge_frame, f);
    }
  else
    {
      /* keepalive, trickle, detach, destroy */
      reply = g_strdup_printf ("{\"janus\":\"%s\",\"session_id\":%s,\"transaction\":\"%s\"}",
                               g_str_equal (janus, "keepalive") || g_str_equal (janus, "trickle") ? "ack" : "success",
                               SESSION_ID, tx);
      fake_send (f, http, sync, reply);
    }
}

static void
on_fake_ws_message (SoupWebsocketConnection *ws, int type, GBytes *message, gpointer user_data)
{
  gsize len = 0;
  const char *data = g_bytes_get_data (message, &len);

  g_assert_cmpint (type, ==, SOUP_WEBSOCKET_DATA_TEXT);
  fake_handle (user_data, NULL, NULL, data, len);
}

static void
on_fake_ws (SoupServer *server, SoupServerMessage *msg, const char *path,
            SoupWebsocketConnection *connection, gpointer user_data)
{
  FakeJanus *f = user_data;

  g_assert_cmpstr (soup_websocket_connection_get_protocol (connection), ==, "janus-protocol");
  g_assert_null (f->ws);
  f->ws = g_object_ref (connection);
  g_signal_connect (connection, "message", G_CALLBACK (on_fake_ws_message), f);
}

static void
on_fake_http (SoupServer *server, SoupServerMessage *msg, const char *path,
              GHashTable *query, gpointer user_data)
{
  FakeJanus *f = user_data;
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(GString) sync = g_string_new (NULL);

  if (f->script == SCRIPT_HTTP_500)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
      return;
    }
  if (g_str_equal (method, "GET"))
    {
      /* the long poll: /janus/<session>?maxev=N */
      g_assert_true (g_str_has_prefix (path, "/janus/" SESSION_ID));
      g_assert_null (f->poll);
      if (f->script == SCRIPT_HUGE_AFTER_JOIN && f->joined_sent && g_queue_is_empty (&f->events) && !f->huge_sent)
        {
          f->huge_sent = TRUE;
          send_huge_chunked (msg);
          return;
        }
      f->poll = g_object_ref (msg);
      soup_server_message_pause (msg);
      flush_poll (f);
      return;
    }
  g_assert_cmpstr (method, ==, "POST");
  {
    SoupMessageBody *body = soup_server_message_get_request_body (msg);
    g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
    gsize len = 0;
    const char *data = g_bytes_get_data (bytes, &len);

    fake_handle (f, msg, sync, data, len);
  }
  if (f->script == SCRIPT_TRICKLE_JOIN_REPLY && f->joined_sent && f->trickle == NULL && f->n_trickled == 0)
    {
      start_trickle (f, msg);
      flush_poll (f);
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, sync->str, sync->len);
  flush_poll (f);
}

static FakeJanus *
fake_new (Script script)
{
  FakeJanus *f = g_new0 (FakeJanus, 1);
  g_autoptr(GError) error = NULL;
  const char *protocols[] = { "janus-protocol", NULL };
  GSList *uris;

  f->script = script;
  f->requests = g_ptr_array_new_with_free_func (g_free);
  g_queue_init (&f->events);
  f->server = soup_server_new ("server-header", "FakeJanus", NULL);
  soup_server_add_websocket_handler (f->server, "/ws", NULL, (char **) protocols, on_fake_ws, f, NULL);
  soup_server_add_handler (f->server, "/janus", on_fake_http, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  g_assert_nonnull (uris);
  f->port = g_uri_get_port (uris->data);
  g_assert_cmpuint (f->port, >, 0);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return f;
}

static void
fake_free (FakeJanus *f)
{
  g_clear_handle_id (&f->source_id, g_source_remove);
  g_clear_handle_id (&f->trickle_id, g_source_remove);
  if (f->trickle != NULL)
    {
      g_signal_handlers_disconnect_by_data (f->trickle, f);
      soup_message_body_complete (soup_server_message_get_response_body (f->trickle));
      soup_server_message_unpause (f->trickle);
      g_clear_object (&f->trickle);
    }
  if (f->poll != NULL)
    {
      soup_server_message_set_status (f->poll, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
      soup_server_message_unpause (f->poll);
      g_clear_object (&f->poll);
    }
  if (f->ws != NULL)
    {
      g_signal_handlers_disconnect_by_data (f->ws, f);
      if (soup_websocket_connection_get_state (f->ws) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (f->ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_clear_object (&f->ws);
    }
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_queue_clear_full (&f->events, g_free);
  g_ptr_array_unref (f->requests);
  g_free (f->join_pin);
  g_free (f);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeJanus, fake_free)

static char *
fake_url (FakeJanus *f, gboolean http)
{
  return http ? g_strdup_printf ("http://127.0.0.1:%u/janus", f->port)
              : g_strdup_printf ("ws://127.0.0.1:%u/ws", f->port);
}

/* A port nobody listens on: one the kernel just gave us, closed again. */
static guint
closed_port (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  GSList *uris;
  guint port;

  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  soup_server_disconnect (server);
  return port;
}

/* ------------------------------------------------------------------ the call */

static void
on_error (CsCallSession *session, const char *message, gpointer user_data)
{
  Call *c = user_data;

  g_assert_nonnull (message);
  g_assert_true (g_utf8_validate (message, -1, NULL));
  g_test_message ("error: %s", message);
  g_ptr_array_add (c->errors, g_strdup (message));
}

static void
on_ended (CsCallSession *session, gboolean failed, gpointer user_data)
{
  Call *c = user_data;

  c->ended = TRUE;
  c->failed = failed;
}

static void
on_sample (CsStatsModel *model, const CsStatsSample *s, gpointer user_data)
{
  Call *c = user_data;

  if (s->kind != CS_SAMPLE_KIND_CONNECTION)
    return;
  g_ptr_array_add (c->connections, g_strdup_printf ("%s %s %s", s->peer_uid,
                                                    cs_connection_state_to_string (s->connection_state),
                                                    s->message != NULL ? s->message : ""));
}

static Call *
call_start (const char *url, const char *pin)
{
  Call *c = g_new0 (Call, 1);
  CsCallConfig config;
  g_autoptr(GError) error = NULL;

  cs_call_config_init (&config);
  config.mode = CS_CALL_MODE_JANUS;
  config.janus_url = g_strdup (url);
  config.room = g_strdup ("1234");
  config.pin = g_strdup (pin);
  config.display_name = g_strdup ("Fault finder");
  config.no_publish = TRUE;
  c->errors = g_ptr_array_new_with_free_func (g_free);
  c->connections = g_ptr_array_new_with_free_func (g_free);
  c->model = cs_stats_model_new ();
  c->session = cs_call_factory_new_session (&config, &error);
  cs_call_config_clear (&config);
  g_assert_no_error (error);
  g_assert_true (CS_IS_JANUS_CALL (c->session));
  g_signal_connect (c->session, "error", G_CALLBACK (on_error), c);
  g_signal_connect (c->session, "ended", G_CALLBACK (on_ended), c);
  g_signal_connect (c->model, "sample-ingested", G_CALLBACK (on_sample), c);
  g_assert_true (cs_call_session_start (c->session, c->model, &error));
  g_assert_no_error (error);
  return c;
}

static void
call_free (Call *c)
{
  g_signal_handlers_disconnect_by_data (c->session, c);
  cs_call_session_stop (c->session);
  if (cs_stats_model_get_state (c->model) == CS_CALL_STATE_JOINED)
    cs_stats_model_leave (c->model);
  g_signal_handlers_disconnect_by_data (c->model, c);
  g_clear_object (&c->session);
  g_clear_object (&c->model);
  g_ptr_array_unref (c->errors);
  g_ptr_array_unref (c->connections);
  g_free (c);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Call, call_free)

static gboolean
wake (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

typedef gboolean (*Condition) (Call *c, FakeJanus *f);

/* Iterates the main context until @cond holds; FALSE after @timeout_s. */
static gboolean
run_until (Call *c, FakeJanus *f, Condition cond, double timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (timeout_s * G_USEC_PER_SEC);
  guint waker = g_timeout_add (20, wake, NULL);
  gboolean ok;

  while (!(ok = cond (c, f)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (waker);
  return ok;
}

/* Lets pending I/O settle (closing sockets, last samples). */
static void
settle (void)
{
  gint64 until = g_get_monotonic_time () + 50 * 1000;
  guint waker = g_timeout_add (10, wake, NULL);

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (waker);
}

static gboolean
is_ended (Call *c, FakeJanus *f)
{
  return c->ended;
}

static gboolean
is_joined (Call *c, FakeJanus *f)
{
  return c->ended || cs_janus_call_get_joined (CS_JANUS_CALL (c->session));
}

static gboolean
flood_is_done (Call *c, FakeJanus *f)
{
  return c->ended || f->flood_done;
}

static gboolean
contains (const char *text, const char *part)
{
  g_autofree char *t = g_utf8_casefold (text, -1);
  g_autofree char *p = g_utf8_casefold (part, -1);

  return strstr (t, p) != NULL;
}

/* An "error" signal whose message contains @part (ignoring case). */
static gboolean
has_error (Call *c, const char *part)
{
  for (guint i = 0; i < c->errors->len; i++)
    if (contains (g_ptr_array_index (c->errors, i), part))
      return TRUE;
  return FALSE;
}

/* A connection sample "server <state> …" whose message contains @part. */
static gboolean
has_connection (Call *c, const char *state, const char *part)
{
  g_autofree char *prefix = g_strdup_printf ("server %s ", state);

  for (guint i = 0; i < c->connections->len; i++)
    {
      const char *line = g_ptr_array_index (c->connections, i);

      if (g_str_has_prefix (line, prefix) && contains (line, part))
        return TRUE;
    }
  return FALSE;
}

static void
dump (Call *c)
{
  for (guint i = 0; i < c->errors->len; i++)
    g_test_message ("error signal: %s", (char *) g_ptr_array_index (c->errors, i));
  for (guint i = 0; i < c->connections->len; i++)
    g_test_message ("connection sample: %s", (char *) g_ptr_array_index (c->connections, i));
}

/* The call failed with @part in its error, in the model as a failed server connection. */
static void
assert_failed (Call *c, const char *part, gint64 started)
{
  dump (c);
  g_assert_true (c->ended);
  g_assert_true (c->failed);
  g_assert_true (has_error (c, part));
  g_assert_true (has_connection (c, "failed", part));
  g_assert_false (cs_janus_call_get_joined (CS_JANUS_CALL (c->session)));
  g_assert_cmpint (g_get_monotonic_time () - started, <, (gint64) (DEADLINE_S * G_USEC_PER_SEC));
}

/* ------------------------------------------------------------------ cases */

static void
test_unreachable (gconstpointer data)
{
  gboolean http = GPOINTER_TO_INT (data);
  g_autofree char *url = http ? g_strdup_printf ("http://127.0.0.1:%u/janus", closed_port ())
                              : g_strdup_printf ("ws://127.0.0.1:%u/", closed_port ());
  gint64 started = g_get_monotonic_time ();
  g_autoptr(Call) c = call_start (url, NULL);

  g_assert_true (run_until (c, NULL, is_ended, DEADLINE_S));
  assert_failed (c, "Could not reach the Janus server", started);
  g_assert_true (has_error (c, url));
}

static void
test_refused_create (gconstpointer data)
{
  gboolean http = GPOINTER_TO_INT (data);
  g_autoptr(FakeJanus) f = fake_new (SCRIPT_CREATE_ERROR);
  g_autofree char *url = fake_url (f, http);
  gint64 started = g_get_monotonic_time ();
  g_autoptr(Call) c = call_start (url, NULL);

  g_assert_true (run_until (c, f, is_ended, DEADLINE_S));
  assert_failed (c, "Unauthorized request", started);
  g_assert_true (has_error (c, "403"));
  g_assert_cmpuint (f->requests->len, ==, 1);
  g_clear_pointer (&c, call_free);
  settle ();
}

static void
test_room_error (Script script, gboolean http, const char *pin, const char *reason, const char *code)
{
  g_autoptr(FakeJanus) f = fake_new (script);
  g_autofree char *url = fake_url (f, http);
  gint64 started = g_get_monotonic_time ();
  g_autoptr(Call) c = call_start (url, pin);

  g_assert_true (run_until (c, f, is_ended, DEADLINE_S));
  assert_failed (c, reason, started);
  g_assert_true (has_error (c, code));
  g_assert_true (has_error (c, "Could not join room 1234"));
  g_assert_cmpstr (f->join_pin, ==, pin);
  if (http && script == SCRIPT_NO_SUCH_ROOM)
    /* the long poll also carried two members that are not messages */
    g_assert_true (has_error (c, "malformed"));
  g_clear_pointer (&c, call_free);
  settle ();
}

static void
test_no_such_room (gconstpointer data)
{
  test_room_error (SCRIPT_NO_SUCH_ROOM, GPOINTER_TO_INT (data), NULL, "no such room", "426");
}

static void
test_wrong_pin (gconstpointer data)
{
  test_room_error (SCRIPT_WRONG_PIN, GPOINTER_TO_INT (data), "wrong", "pin", "433");
}

/* Garbage or wrong types on WebSocket: reported, and the call still joins. */
static void
test_survives (Script script, const char *expected)
{
  g_autoptr(FakeJanus) f = fake_new (script);
  g_autofree char *url = fake_url (f, FALSE);
  gint64 started = g_get_monotonic_time ();
  g_autoptr(Call) c = call_start (url, NULL);

  g_assert_true (run_until (c, f, is_joined, DEADLINE_S));
  settle ();
  dump (c);
  g_assert_false (c->ended);
  g_assert_true (cs_janus_call_get_joined (CS_JANUS_CALL (c->session)));
  g_assert_true (has_error (c, expected));
  g_assert_true (has_connection (c, "connected", expected));
  g_assert_cmpint (g_get_monotonic_time () - started, <, (gint64) (DEADLINE_S * G_USEC_PER_SEC));
  g_clear_pointer (&c, call_free);
  settle ();
}

static void
test_garbage (void)
{
  test_survives (SCRIPT_GARBAGE, "not JSON");
}

static void
test_wrong_types (void)
{
  test_survives (SCRIPT_WRONG_TYPES, "malformed");
}

/* Replies to a request nobody made, events for a handle we never attached, unknown
 * types: reported when they are errors, ignored otherwise, and the call joins. */
static void
test_unexpected (void)
{
  g_autoptr(FakeJanus) f = fake_new (SCRIPT_UNEXPECTED);
  g_autofree char *url = fake_url (f, FALSE);
  g_autoptr(Call) c = call_start (url, NULL);

  g_assert_true (run_until (c, f, is_joined, DEADLINE_S));
  settle ();
  dump (c);
  g_assert_false (c->ended);
  g_assert_true (cs_janus_call_get_joined (CS_JANUS_CALL (c->session)));
  /* the stray "joined" of handle 999 subscribed to nobody */
  g_assert_cmpuint (cs_janus_call_get_n_remote (CS_JANUS_CALL (c->session)), ==, 0);
  g_assert_true (has_error (c, "Unexpected (error 490)"));
  g_assert_true (has_error (c, "server_info"));
  g_assert_true (has_connection (c, "connected", "Unexpected (error 490)"));
  g_clear_pointer (&c, call_free);
  settle ();
}

/* HTTP: a reply to create that is not a session fails the call at once, not after 10 s. */
static void
test_http_bad_create (gconstpointer data)
{
  Script script = GPOINTER_TO_INT (data);
  g_autoptr(FakeJanus) f = fake_new (script);
  g_autofree char *url = fake_url (f, TRUE);
  gint64 started = g_get_monotonic_time ();
  g_autoptr(Call) c = call_start (url, NULL);

  g_assert_true (run_until (c, f, is_ended, DEADLINE_S));
  dump (c);
  if (script == SCRIPT_HTTP_500)
    assert_failed (c, "HTTP error 500", started);
  else
    {
      assert_failed (c, "did not create a session", started);
      g_assert_true (has_error (c, script == SCRIPT_GARBAGE ? "not JSON" : "malformed"));
    }
  g_clear_pointer (&c, call_free);
  settle ();
}

static void
test_closed_mid_call (gconstpointer data)
{
  gboolean http = GPOINTER_TO_INT (data);
  g_autoptr(FakeJanus) f = fake_new (SCRIPT_CLOSE_AFTER_JOIN);
  g_autofree char *url = fake_url (f, http);
  gint64 started = g_get_monotonic_time ();
  g_autoptr(Call) c = call_start (url, NULL);

  g_assert_true (run_until (c, f, is_joined, DEADLINE_S));
  g_assert_false (c->ended);
  g_assert_true (run_until (c, f, is_ended, DEADLINE_S));
  dump (c);
  g_assert_true (c->failed);
  g_assert_true (has_error (c, http ? "went away" : "closed the connection"));
  g_assert_true (has_connection (c, "failed", http ? "went away" : "closed the connection"));
  g_assert_true (has_connection (c, "connected", ""));
  g_assert_cmpint (g_get_monotonic_time () - started, <, (gint64) (DEADLINE_S * G_USEC_PER_SEC));
  g_clear_pointer (&c, call_free);
  settle ();
}

static void
test_flood (void)
{
  g_autoptr(FakeJanus) f = fake_new (SCRIPT_FLOOD_AFTER_JOIN);
  g_autofree char *url = fake_url (f, FALSE);
  gint64 started = g_get_monotonic_time ();
  g_autoptr(Call) c = call_start (url, NULL);

  g_assert_true (run_until (c, f, is_joined, DEADLINE_S));
  /* sanitizers make each message slower: the flood may take longer than one fault */
  g_assert_true (run_until (c, f, flood_is_done, 4 * DEADLINE_S));
  settle ();
  settle ();
  g_test_message ("%u messages flooded, %u error signals", f->n_flooded, c->errors->len);
  g_assert_false (c->ended);
  g_assert_cmpuint (f->n_flooded, ==, 5000);
  /* reported, but not 5000 times */
  g_assert_cmpuint (c->errors->len, >=, 1);
  g_assert_cmpuint (c->errors->len, <=, 10);
  g_assert_true (cs_janus_call_get_joined (CS_JANUS_CALL (c->session)));
  g_assert_cmpint (g_get_monotonic_time () - started, <, (gint64) (5 * DEADLINE_S * G_USEC_PER_SEC));
  g_clear_pointer (&c, call_free);
  settle ();
}

typedef struct
{
  gboolean done;
  char    *err;
} Communicated;

static void
on_communicated (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Communicated *r = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, NULL, &r->err, NULL);
  r->done = TRUE;
}

/* The binary: a clear message on stderr and exit status 1, quickly. */
static void
test_binary (gconstpointer data)
{
  gboolean no_room = GPOINTER_TO_INT (data);
  g_autoptr(FakeJanus) f = no_room ? fake_new (SCRIPT_NO_SUCH_ROOM) : NULL;
  g_autofree char *url = f != NULL ? fake_url (f, FALSE) : g_strdup_printf ("ws://127.0.0.1:%u/", closed_port ());
  g_autofree char *janus = g_strdup_printf ("--janus=%s", url);
  const char *argv[] = { CALLSCOPE_BINARY, "--headless", "--duration=20", janus, "--room=1234", "--no-publish", NULL };
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  Communicated r = { 0 };
  gint64 started = g_get_monotonic_time ();

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  /* the fake server runs in this process: its main context goes on while the binary runs */
  g_subprocess_communicate_utf8_async (proc, NULL, NULL, on_communicated, &r);
  while (!r.done && g_get_monotonic_time () - started < 30 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);
  if (!r.done)
    {
      g_subprocess_force_exit (proc);
      g_error ("callscope did not end within 30 s");
    }
  g_subprocess_wait (proc, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("stderr: %s", r.err);
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 1);
  g_assert_nonnull (r.err);
  g_assert_true (contains (r.err, no_room ? "no such room" : "Could not reach the Janus server"));
  g_assert_nonnull (strstr (r.err, "the call failed"));
  g_assert_cmpint (g_get_monotonic_time () - started, <, 10 * G_USEC_PER_SEC);
  g_free (r.err);
}

/* ------------------------------------------------------------------ network input bounds */

static gboolean
has_peer_connection (Call *c, const char *peer, const char *state, const char *part)
{
  g_autofree char *prefix = g_strdup_printf ("%s %s ", peer, state);

  for (guint i = 0; i < c->connections->len; i++)
    {
      const char *line = g_ptr_array_index (c->connections, i);

      if (g_str_has_prefix (line, prefix) && contains (line, part))
        return TRUE;
    }
  return FALSE;
}

/* The call failed on @part, said as a message and a connection event, and did not crash. */
static void
assert_refused (Call *c, const char *part, gint64 started, double limit_s)
{
  dump (c);
  g_assert_true (c->ended);
  g_assert_true (c->failed);
  g_assert_true (has_error (c, part));
  g_assert_true (has_connection (c, "failed", part));
  g_assert_cmpint (g_get_monotonic_time () - started, <, (gint64) (limit_s * G_USEC_PER_SEC));
}

/* A 10 MiB message after the join: refused as it arrives (libsoup closes the WebSocket on
 * the frame; an HTTP reply is abandoned after 4 MiB), and the call fails with a message. */
static void
test_huge_message (gconstpointer data)
{
  gboolean http = GPOINTER_TO_INT (data);
  g_autoptr(FakeJanus) f = fake_new (SCRIPT_HUGE_AFTER_JOIN);
  g_autofree char *url = fake_url (f, http);
  gint64 started = g_get_monotonic_time ();
  g_autoptr(Call) c = call_start (url, NULL);

  g_assert_true (run_until (c, f, is_joined, DEADLINE_S));
  g_assert_true (run_until (c, f, is_ended, DEADLINE_S));
  g_assert_true (f->huge_sent);
  assert_refused (c, "larger than 4.0", started, 2 * DEADLINE_S);
  g_clear_pointer (&c, call_free);
  settle ();
}

/* HTTP: the reply to join never ends (a byte every 100 ms, so libsoup's idle timeout never
 * fires); the request's own time limit ends it. */
static void
test_trickling_reply (void)
{
  g_autoptr(FakeJanus) f = fake_new (SCRIPT_TRICKLE_JOIN_REPLY);
  g_autofree char *url = fake_url (f, TRUE);
  gint64 started = g_get_monotonic_time ();
  g_autoptr(Call) c = call_start (url, NULL);
  double elapsed;

  g_assert_true (run_until (c, f, is_ended, 10 + DEADLINE_S));
  elapsed = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
  g_test_message ("%.1f s, %u bytes trickled", elapsed, f->n_trickled);
  assert_refused (c, "did not end within 10 s", started, 10 + DEADLINE_S);
  g_assert_cmpfloat (elapsed, >=, 9.5);
  g_assert_cmpuint (f->n_trickled, >, 20);
  g_clear_pointer (&c, call_free);
  settle ();
}

static gboolean
took_left_out (Call *c, FakeJanus *f)
{
  return c->ended || f->n_subscribed > 32;
}

/* 100 publishers: 32 subscribed, the others refused with one message and an event; when a
 * subscribed one leaves, the first one left out takes its place. */
static void
test_many_publishers (gconstpointer data)
{
  gboolean http = GPOINTER_TO_INT (data);
  g_autoptr(FakeJanus) f = fake_new (SCRIPT_MANY_PUBLISHERS);
  g_autofree char *url = fake_url (f, http);
  g_autoptr(Call) c = call_start (url, NULL);

  g_assert_true (run_until (c, f, is_joined, DEADLINE_S));
  g_assert_true (run_until (c, f, took_left_out, DEADLINE_S));
  settle ();
  dump (c);
  g_assert_false (c->ended);
  g_assert_cmpuint (cs_janus_call_get_n_remote (CS_JANUS_CALL (c->session)), ==, 32);
  g_assert_cmpuint (f->n_subscribed, ==, 33);
  g_assert_true (has_error (c, "more publishers than Callscope watches at once (32): 68 more refused"));
  g_assert_true (has_connection (c, "connected", "68 more refused"));
  /* reported once, not once per publisher */
  g_assert_cmpuint (c->errors->len, ==, 1);
  g_assert_true (has_peer_connection (c, "1", "closed", "left the room"));
  g_assert_true (has_peer_connection (c, "33", "connecting", ""));
  g_assert_false (has_peer_connection (c, "34", "connecting", ""));
  g_clear_pointer (&c, call_free);
  settle ();
}

static gboolean
offers_refused (Call *c, FakeJanus *f)
{
  return c->ended || (has_error (c, "ICE candidates") && has_error (c, "media sections"));
}

/* A subscription's offer with 17 m-lines is refused (that subscription fails, the call goes
 * on); 100 trickled candidates for another: 64 taken, the rest refused, said once. */
static void
test_bad_offers (void)
{
  g_autoptr(FakeJanus) f = fake_new (SCRIPT_BAD_OFFERS);
  g_autofree char *url = fake_url (f, FALSE);
  g_autoptr(Call) c = call_start (url, NULL);

  g_assert_true (run_until (c, f, is_joined, DEADLINE_S));
  g_assert_true (run_until (c, f, offers_refused, DEADLINE_S));
  settle ();
  dump (c);
  g_assert_false (c->ended);
  g_assert_true (has_peer_connection (c, "2", "failed", "has 17 media sections; Callscope takes at most 16"));
  g_assert_true (has_connection (c, "connected", "more than 64 ICE candidates for Many candidates"));
  g_assert_cmpuint (c->errors->len, ==, 2);
  g_clear_pointer (&c, call_free);
  settle ();
}

/* Runs callscope with @argv while this process' main context serves the fake; returns the
 * exit status and (out) its stderr. */
static int
run_callscope (const char *const *argv, char **err)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  Communicated r = { 0 };
  gint64 started = g_get_monotonic_time ();

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (proc, NULL, NULL, on_communicated, &r);
  while (!r.done && g_get_monotonic_time () - started < 30 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);
  if (!r.done)
    {
      g_subprocess_force_exit (proc);
      g_error ("callscope did not end within 30 s");
    }
  g_subprocess_wait (proc, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("stderr: %.2000s", r.err);
  g_assert_true (g_subprocess_get_if_exited (proc));
  *err = r.err;
  return g_subprocess_get_exit_status (proc);
}

/* Every display name in the recording at @path: valid UTF-8, at most 256 characters.
 * Returns how many name publisher 42. */
static guint
check_recorded_names (const char *path)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  guint n_42 = 0;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *o;
      const char *names[] = { "display_name", "displayName" };

      if (*lines[i] == '\0')
        continue;
      g_assert_cmpuint (strlen (lines[i]), <, 64 * 1024);
      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, NULL));
      o = json_node_get_object (json_parser_get_root (parser));
      for (guint k = 0; k < G_N_ELEMENTS (names); k++)
        if (json_object_has_member (o, names[k]))
          {
            const char *name = json_object_get_string_member (o, names[k]);

            g_assert_true (g_utf8_validate (name, -1, NULL));
            g_assert_cmpint (g_utf8_strlen (name, -1), <=, 256);
            if (g_str_has_prefix (name, "Eve "))
              {
                g_assert_null (strchr (name, '\n'));
                n_42++;
              }
          }
    }
  return n_42;
}

/* A 2 MiB display name (with a newline and invalid UTF-8) reaches the recording clipped
 * to 256 characters, and the recording replays (a reader takes lines of 1 MiB at most). */
static void
test_long_display (void)
{
  g_autoptr(FakeJanus) f = fake_new (SCRIPT_LONG_DISPLAY);
  g_autofree char *url = fake_url (f, FALSE);
  g_autofree char *janus = g_strdup_printf ("--janus=%s", url);
  g_autofree char *dir = g_dir_make_tmp ("callscope-bounds-XXXXXX", NULL);
  g_autofree char *recording = g_build_filename (dir, "call.jsonl", NULL);
  g_autofree char *replayed = g_build_filename (dir, "replay.jsonl", NULL);
  g_autofree char *record = g_strdup_printf ("--record=%s", recording);
  g_autofree char *replay = g_strdup_printf ("--replay=%s", recording);
  g_autofree char *record_replay = g_strdup_printf ("--record=%s", replayed);
  const char *call[] = { CALLSCOPE_BINARY, "--headless", "--duration=3", janus, "--room=1234", "--no-publish",
                         record, NULL };
  const char *again[] = { CALLSCOPE_BINARY, "--headless", replay, record_replay, NULL };
  g_autofree char *err = NULL;
  g_autofree char *err2 = NULL;

  g_assert_nonnull (dir);
  /* the call subscribes but gets no media (exit 1 says so); the recording is what counts */
  run_callscope (call, &err);
  g_assert_null (strstr (err, "CRITICAL"));
  g_assert_cmpuint (f->n_subscribed, ==, 1);
  g_assert_cmpuint (check_recorded_names (recording), >=, 1);
  g_assert_cmpint (run_callscope (again, &err2), ==, 0);
  g_assert_cmpuint (check_recorded_names (replayed), >=, 1);
  g_unlink (recording);
  g_unlink (replayed);
  g_rmdir (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gst_init (NULL, NULL);

  g_test_add_data_func ("/janus-faults/ws/unreachable", GINT_TO_POINTER (FALSE), test_unreachable);
  g_test_add_data_func ("/janus-faults/http/unreachable", GINT_TO_POINTER (TRUE), test_unreachable);
  g_test_add_func ("/janus-faults/ws/garbage", test_garbage);
  g_test_add_func ("/janus-faults/ws/wrong-types", test_wrong_types);
  g_test_add_func ("/janus-faults/ws/unexpected", test_unexpected);
  g_test_add_data_func ("/janus-faults/ws/create-refused", GINT_TO_POINTER (FALSE), test_refused_create);
  g_test_add_data_func ("/janus-faults/http/create-refused", GINT_TO_POINTER (TRUE), test_refused_create);
  g_test_add_data_func ("/janus-faults/ws/no-such-room", GINT_TO_POINTER (FALSE), test_no_such_room);
  g_test_add_data_func ("/janus-faults/http/no-such-room", GINT_TO_POINTER (TRUE), test_no_such_room);
  g_test_add_data_func ("/janus-faults/ws/wrong-pin", GINT_TO_POINTER (FALSE), test_wrong_pin);
  g_test_add_data_func ("/janus-faults/http/wrong-pin", GINT_TO_POINTER (TRUE), test_wrong_pin);
  g_test_add_data_func ("/janus-faults/http/garbage", GINT_TO_POINTER (SCRIPT_GARBAGE), test_http_bad_create);
  g_test_add_data_func ("/janus-faults/http/wrong-types", GINT_TO_POINTER (SCRIPT_WRONG_TYPES), test_http_bad_create);
  g_test_add_data_func ("/janus-faults/http/status-500", GINT_TO_POINTER (SCRIPT_HTTP_500), test_http_bad_create);
  g_test_add_data_func ("/janus-faults/ws/closed-mid-call", GINT_TO_POINTER (FALSE), test_closed_mid_call);
  g_test_add_data_func ("/janus-faults/http/closed-mid-call", GINT_TO_POINTER (TRUE), test_closed_mid_call);
  g_test_add_func ("/janus-faults/ws/flood", test_flood);
  g_test_add_data_func ("/janus-faults/binary/unreachable", GINT_TO_POINTER (FALSE), test_binary);
  g_test_add_data_func ("/janus-faults/binary/no-such-room", GINT_TO_POINTER (TRUE), test_binary);
  g_test_add_data_func ("/janus-faults/ws/huge-message", GINT_TO_POINTER (FALSE), test_huge_message);
  g_test_add_data_func ("/janus-faults/http/huge-message", GINT_TO_POINTER (TRUE), test_huge_message);
  g_test_add_func ("/janus-faults/http/trickling-reply", test_trickling_reply);
  g_test_add_data_func ("/janus-faults/ws/many-publishers", GINT_TO_POINTER (FALSE), test_many_publishers);
  g_test_add_data_func ("/janus-faults/http/many-publishers", GINT_TO_POINTER (TRUE), test_many_publishers);
  g_test_add_func ("/janus-faults/ws/bad-offers", test_bad_offers);
  g_test_add_func ("/janus-faults/binary/long-display-name", test_long_display);

  return g_test_run ();
}
