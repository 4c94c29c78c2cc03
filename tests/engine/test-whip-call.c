/* test-whip-call.c — WHIP (publish) and WHEP (watch) calls against a fake endpoint
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fake endpoint is a SoupServer on 127.0.0.1 (a free port) running in a thread of the
 * test with its own GMainContext, and a real WebRTC peer: each POST of an offer gets a
 * webrtcbin that answers with every candidate inside (no trickle), 201 Created, a relative
 * Location and a Link to an ICE server. On /whip it decodes what Callscope publishes and
 * counts RTP packets and frames; on /whep it sends 320×240 VP8 and Opus test media. DELETE
 * of the resource ends it. `callscope --headless` runs as a child against it: a publish and
 * a watch that must succeed, then one fault per case (wrong token, 404, 500, a 201 without
 * an SDP, an unreachable port, a reset connection, an endpoint that never answers, a
 * failing DELETE) that must end the call with exit 1 and a message naming the problem in
 * bounded time, and bad URLs that are refused with exit 2; and an endpoint that restarts (its
 * peer vanishes mid-call), after which the publish is down, then up again, without exiting.
 * The file is long (about 1500 lines) because the fake endpoint is a real WebRTC peer and the
 * rogue one of the bounds cases shares its thread scheme; splitting it is on the tidy list.
 */
#include "config.h"

#include <gst/gst.h>
#include <gst/sdp/sdp.h>
#include <gst/webrtc/webrtc.h>
#include <libsoup/soup.h>
#include <math.h>
#include <string.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "cs-webrtc-media.h"
#include "cs-test-run.h"

#define TOKEN        "secret"
#define VIDEO_WIDTH  320
#define VIDEO_HEIGHT 240

typedef enum
{
  FAULT_NONE,
  FAULT_500,           /* POST → 500 */
  FAULT_EMPTY_201,     /* POST → 201 without a body */
  FAULT_NOT_SDP,       /* POST → 201 with an HTML page */
  FAULT_BAD_SDP,       /* POST → 201 application/sdp that has no media */
  FAULT_RESET,         /* every request: the connection is reset */
  FAULT_HANG,          /* every request: no answer, ever */
  FAULT_DELETE_500,    /* the call works, DELETE → 500 */
  FAULT_DELETE_HANG,   /* the call works, DELETE is never answered */
  FAULT_RESTART,       /* the first resource vanishes after 60 decoded frames (a restart); later POSTs work */
} Fault;

typedef struct _Fake Fake;

/* One created resource: a webrtcbin answering one offer. */
typedef struct
{
  Fake              *fake;
  char              *id;
  gboolean           whep;
  GstElement        *pipeline;
  GstElement        *webrtc;
  SoupServerMessage *msg;       /* the POST waiting for the answer */
  gboolean           replied;
} Resource;

struct _Fake
{
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *server;
  guint         port;
  GSocket      *stun;           /* a STUN server (UDP) the Link headers name */
  guint         stun_port;
  char         *stun_host;      /* the host's address; NULL without a network (no STUN) */
  GSource      *stun_source;
  Fault         fault;
  GMutex        lock;
  GCond         cond;
  gboolean      ready;

  /* server thread only; read by the test after fake_stop() */
  GHashTable   *resources;      /* id → Resource* */
  GPtrArray    *paused;         /* SoupServerMessage*: never answered (FAULT_HANG) */
  guint         next_id;
  guint         n_options;
  guint         n_posts;
  guint         n_unauthorized;
  guint         n_deletes;      /* of a known resource */
  guint         n_hung;         /* requests never answered */
  guint         n_stun;         /* STUN binding requests answered */
  gboolean      bearer_ok;      /* a POST carried "Bearer " TOKEN */
  gboolean      sdp_type_ok;    /* every POST was application/sdp */
  char         *offer;          /* the last offer */

  /* streaming threads */
  gint          video_packets;
  gint          audio_packets;
  gint          video_frames;
  gint          dropped;        /* FAULT_RESTART: the first resource is gone */
};

/* ------------------------------------------------------------------ STUN */

/* The address every STUN answer maps a client to (TEST-NET-3): its srflx candidates
 * in an offer show that the ICE server of the Link header was used. */
#define MAPPED_ADDRESS 0xcb007107u /* 203.0.113.7 */
#define STUN_COOKIE    0x2112a442u

static guint32
crc32 (const guint8 *data, gsize len)
{
  guint32 crc = 0xffffffffu;

  for (gsize i = 0; i < len; i++)
    {
      crc ^= data[i];
      for (guint k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
    }
  return ~crc;
}

static void
put16 (guint8 *p, guint16 v)
{
  p[0] = v >> 8;
  p[1] = v & 0xff;
}

static void
put32 (guint8 *p, guint32 v)
{
  put16 (p, v >> 16);
  put16 (p + 2, v & 0xffff);
}

/* Answers Binding requests (RFC 8489) with XOR-MAPPED-ADDRESS and FINGERPRINT. */
static gboolean
on_stun (GSocket *socket, GIOCondition condition, gpointer user_data)
{
  Fake *fake = user_data;
  guint8 req[1500];
  guint8 res[44];
  g_autoptr(GSocketAddress) from = NULL;
  gssize n = g_socket_receive_from (socket, &from, (char *) req, sizeof req, NULL, NULL);
  guint16 port;

  if (n < 20 || req[0] != 0x00 || req[1] != 0x01 || !G_IS_INET_SOCKET_ADDRESS (from))
    return G_SOURCE_CONTINUE;
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (from));
  put16 (res, 0x0101);                     /* Binding success */
  put16 (res + 2, 12 + 8);                 /* attributes' length */
  memcpy (res + 4, req + 4, 16);           /* cookie and transaction id */
  put16 (res + 20, 0x0020);                /* XOR-MAPPED-ADDRESS */
  put16 (res + 22, 8);
  put16 (res + 24, 0x0001);                /* IPv4 */
  put16 (res + 26, port ^ (STUN_COOKIE >> 16));
  put32 (res + 28, MAPPED_ADDRESS ^ STUN_COOKIE);
  put16 (res + 32, 0x8028);                /* FINGERPRINT */
  put16 (res + 34, 4);
  put32 (res + 36, crc32 (res, 32) ^ 0x5354554eu);
  g_socket_send_to (socket, from, (const char *) res, 40, NULL, NULL);
  fake->n_stun++;
  return G_SOURCE_CONTINUE;
}

/* The first IPv4 address of an interface that is up and not loopback, or NULL. libnice
 * sends from its host candidates with IP_UNICAST_IF, so a STUN server on 127.0.0.1 is
 * out of their reach; one on the host's own address is not. */
static char *
host_address (void)
{
  struct ifaddrs *list = NULL;
  char *address = NULL;

  if (getifaddrs (&list) != 0)
    return NULL;
  for (struct ifaddrs *i = list; i != NULL && address == NULL; i = i->ifa_next)
    if (i->ifa_addr != NULL && i->ifa_addr->sa_family == AF_INET && (i->ifa_flags & IFF_UP) &&
        !(i->ifa_flags & IFF_LOOPBACK))
      {
        g_autoptr(GSocketAddress) a = g_socket_address_new_from_native (i->ifa_addr, sizeof (struct sockaddr_in));

        address = g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (a)));
      }
  freeifaddrs (list);
  return address;
}

static void
stun_start (Fake *fake)
{
  g_autoptr(GInetAddress) lo = g_inet_address_new_any (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  fake->stun = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, &error);
  g_assert_no_error (error);
  g_socket_set_blocking (fake->stun, FALSE);
  g_socket_bind (fake->stun, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (fake->stun, &error);
  g_assert_no_error (error);
  fake->stun_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  fake->stun_host = host_address ();
  fake->stun_source = g_socket_create_source (fake->stun, G_IO_IN, NULL);
  g_source_set_callback (fake->stun_source, G_SOURCE_FUNC (on_stun), fake, NULL);
  g_source_attach (fake->stun_source, fake->context);
}

static void
stun_stop (Fake *fake)
{
  if (fake->stun_source != NULL)
    g_source_destroy (fake->stun_source);
  g_clear_pointer (&fake->stun_source, g_source_unref);
  if (fake->stun != NULL)
    g_socket_close (fake->stun, NULL);
  g_clear_object (&fake->stun);
}

/* The Link header naming the fake's STUN server; a STUN server that never answers
 * without a network, as the STUN of a stranger would. */
static char *
link_header (Fake *fake)
{
  if (fake->stun_host == NULL)
    return g_strdup ("<stun:127.0.0.1:3478>; rel=\"ice-server\"");
  return g_strdup_printf ("<stun:%s:%u>; rel=\"ice-server\"", fake->stun_host, fake->stun_port);
}

/* ------------------------------------------------------------------ resources */

static void
resource_free (Resource *r)
{
  if (r->pipeline != NULL)
    gst_element_set_state (r->pipeline, GST_STATE_NULL);
  if (r->webrtc != NULL)
    g_signal_handlers_disconnect_by_data (r->webrtc, r);
  g_clear_object (&r->webrtc);
  g_clear_object (&r->pipeline);
  g_clear_object (&r->msg);
  g_free (r->id);
  g_free (r);
}

static GstPadProbeReturn
count_rtp (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  g_atomic_int_inc ((gint *) user_data);
  return GST_PAD_PROBE_OK;
}

/* in the server thread: the endpoint restarts, forgetting its resources (their peers stop) */
static gboolean
drop_resources (gpointer data)
{
  Fake *fake = data;

  g_hash_table_remove_all (fake->resources);
  return G_SOURCE_REMOVE;
}

/* FAULT_RESTART: counts a frame decoded (WHIP) or a video packet sent (WHEP); the 60th of the
 * first resource restarts the endpoint */
static GstPadProbeReturn
count_frame_then_restart (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  Fake *fake = user_data;

  if (g_atomic_int_add (&fake->video_frames, 1) + 1 >= 60 && g_atomic_int_compare_and_exchange (&fake->dropped, 0, 1))
    g_main_context_invoke (fake->context, drop_resources, fake);
  return GST_PAD_PROBE_OK;
}

/* WHIP: decodes video (and counts frames), drops audio after counting its packets. */
static void
on_pad_added (GstElement *webrtc, GstPad *pad, gpointer user_data)
{
  Resource *r = user_data;
  g_autoptr(GstCaps) caps = NULL;
  const char *media;
  gboolean video;
  GstElement *bin;
  g_autoptr(GstPad) sink = NULL;

  if (GST_PAD_DIRECTION (pad) != GST_PAD_SRC)
    return;
  caps = gst_pad_get_current_caps (pad);
  if (caps == NULL)
    caps = gst_pad_query_caps (pad, NULL);
  media = gst_structure_get_string (gst_caps_get_structure (caps, 0), "media");
  video = g_strcmp0 (media, "video") == 0;
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, count_rtp,
                     video ? &r->fake->video_packets : &r->fake->audio_packets, NULL);
  bin = gst_parse_bin_from_description (video ? "queue ! rtpvp8depay ! vp8dec name=dec ! fakesink sync=false async=false"
                                              : "queue ! fakesink sync=false async=false", TRUE, NULL);
  g_assert_nonnull (bin);
  if (video)
    {
      g_autoptr(GstElement) dec = gst_bin_get_by_name (GST_BIN (bin), "dec");
      g_autoptr(GstPad) src = gst_element_get_static_pad (dec, "src");

      if (r->fake->fault == FAULT_RESTART && !g_atomic_int_get (&r->fake->dropped))
        gst_pad_add_probe (src, GST_PAD_PROBE_TYPE_BUFFER, count_frame_then_restart, r->fake, NULL);
      else
        gst_pad_add_probe (src, GST_PAD_PROBE_TYPE_BUFFER, count_rtp, &r->fake->video_frames, NULL);
    }
  gst_bin_add (GST_BIN (r->pipeline), bin);
  gst_element_sync_state_with_parent (bin);
  sink = gst_element_get_static_pad (bin, "sink");
  g_assert_cmpint (gst_pad_link (pad, sink), ==, GST_PAD_LINK_OK);
}

/* WHEP: VP8 and Opus test media on send-only pads, like a media server's stream. */
static void
add_senders (Resource *r)
{
  const char *descs[] = {
    "audiotestsrc is-live=true wave=sine volume=0.5 ! audioconvert ! audioresample ! opusenc ! rtpopuspay pt=111 ! "
    "application/x-rtp,media=audio,encoding-name=OPUS,payload=111,clock-rate=48000",
    "videotestsrc is-live=true pattern=smpte ! video/x-raw,width=" G_STRINGIFY (VIDEO_WIDTH)
    ",height=" G_STRINGIFY (VIDEO_HEIGHT) ",framerate=30/1 ! videoconvert ! vp8enc deadline=1 cpu-used=8 "
    "keyframe-max-dist=30 ! rtpvp8pay pt=96 ! application/x-rtp,media=video,encoding-name=VP8,payload=96,clock-rate=90000",
  };

  for (guint i = 0; i < G_N_ELEMENTS (descs); i++)
    {
      GstElement *bin = gst_parse_bin_from_description (descs[i], TRUE, NULL);
      g_autoptr(GstPad) src = NULL;
      g_autoptr(GstPad) sink = NULL;

      g_assert_nonnull (bin);
      gst_bin_add (GST_BIN (r->pipeline), bin);
      src = gst_element_get_static_pad (bin, "src");
      sink = gst_element_request_pad_simple (r->webrtc, "sink_%u");
      g_assert_cmpint (gst_pad_link (src, sink), ==, GST_PAD_LINK_OK);
      /* the payloader pushes a frame's packets as one buffer list */
      if (i == 1 && r->fake->fault == FAULT_RESTART && !g_atomic_int_get (&r->fake->dropped))
        gst_pad_add_probe (src, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST, count_frame_then_restart,
                           r->fake, NULL);
    }
}

/* On the server's context: the answer is complete, send it. */
static gboolean
reply_answer (gpointer user_data)
{
  Fake *fake = user_data;
  GHashTableIter iter;
  Resource *r;

  g_hash_table_iter_init (&iter, fake->resources);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &r))
    {
      GstWebRTCSessionDescription *local = NULL;
      g_autofree char *sdp = NULL;
      g_autofree char *location = NULL;
      g_autofree char *link = link_header (fake);
      SoupMessageHeaders *headers;

      if (r->replied || r->msg == NULL)
        continue;
      g_object_get (r->webrtc, "local-description", &local, NULL);
      if (local == NULL)
        continue;
      sdp = gst_sdp_message_as_text (local->sdp);
      gst_webrtc_session_description_free (local);
      if (strstr (sdp, "a=candidate") == NULL)
        continue;
      r->replied = TRUE;
      location = g_strdup_printf ("/%s/resource/%s", r->whep ? "whep" : "whip", r->id);
      headers = soup_server_message_get_response_headers (r->msg);
      soup_message_headers_replace (headers, "Location", location);
      soup_message_headers_append (headers, "Link", link);
      soup_server_message_set_status (r->msg, SOUP_STATUS_CREATED, NULL);
      soup_server_message_set_response (r->msg, "application/sdp", SOUP_MEMORY_COPY, sdp, strlen (sdp));
      soup_server_message_unpause (r->msg);
      g_clear_object (&r->msg);
    }
  return G_SOURCE_REMOVE;
}

static void
on_gathering_state (GObject *webrtc, GParamSpec *pspec, gpointer user_data)
{
  Resource *r = user_data;
  GstWebRTCICEGatheringState state;

  g_object_get (webrtc, "ice-gathering-state", &state, NULL);
  if (state == GST_WEBRTC_ICE_GATHERING_STATE_COMPLETE)
    g_main_context_invoke (r->fake->context, reply_answer, r->fake);
}

static void
on_answer_created (GstPromise *promise, gpointer user_data)
{
  Resource *r = user_data;
  const GstStructure *reply = gst_promise_get_reply (promise);
  GstWebRTCSessionDescription *answer = NULL;

  if (reply != NULL)
    gst_structure_get (reply, "answer", GST_TYPE_WEBRTC_SESSION_DESCRIPTION, &answer, NULL);
  gst_promise_unref (promise);
  g_assert_nonnull (answer);
  g_signal_emit_by_name (r->webrtc, "set-local-description", answer, NULL);
  gst_webrtc_session_description_free (answer);
}

/* POST of an offer: a new peer answers it once its candidates are gathered. */
static void
answer_offer (Fake *fake, SoupServerMessage *msg, gboolean whep, const char *offer)
{
  Resource *r = g_new0 (Resource, 1);
  GstSDPMessage *sdp = NULL;
  GstWebRTCSessionDescription *desc;

  if (gst_sdp_message_new_from_text (offer, &sdp) != GST_SDP_OK)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_BAD_REQUEST, NULL);
      g_free (r);
      return;
    }
  r->fake = fake;
  r->whep = whep;
  r->id = g_strdup_printf ("r%u", ++fake->next_id);
  r->msg = g_object_ref (msg);
  r->pipeline = gst_object_ref_sink (gst_pipeline_new (r->id));
  r->webrtc = gst_object_ref_sink (cs_webrtc_media_new_webrtcbin ("endpoint", NULL));
  gst_bin_add (GST_BIN (r->pipeline), r->webrtc);
  g_hash_table_insert (fake->resources, g_strdup (r->id), r);
  if (whep)
    add_senders (r);
  else
    g_signal_connect (r->webrtc, "pad-added", G_CALLBACK (on_pad_added), r);
  g_signal_connect (r->webrtc, "notify::ice-gathering-state", G_CALLBACK (on_gathering_state), r);
  gst_element_set_state (r->pipeline, GST_STATE_PLAYING);

  desc = gst_webrtc_session_description_new (GST_WEBRTC_SDP_TYPE_OFFER, sdp);
  g_signal_emit_by_name (r->webrtc, "set-remote-description", desc, NULL);
  gst_webrtc_session_description_free (desc);
  g_signal_emit_by_name (r->webrtc, "create-answer", NULL,
                         gst_promise_new_with_change_func (on_answer_created, r, NULL));
  soup_server_message_pause (msg);
}

/* ------------------------------------------------------------------ HTTP */

/* Resets the connection of @msg (RST, not FIN): SO_LINGER 0, then close. */
static void
reset_connection (SoupServerMessage *msg)
{
  g_autoptr(GSocket) socket = g_object_ref (soup_server_message_get_socket (msg));
  g_autoptr(GIOStream) stream = NULL;
  struct linger linger = { 1, 0 };

  setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER, &linger, sizeof linger);
  stream = soup_server_message_steal_connection (msg);
  g_io_stream_close (stream, NULL, NULL);
}

static void
on_request (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer user_data)
{
  Fake *fake = user_data;
  const char *method = soup_server_message_get_method (msg);
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  const char *auth = soup_message_headers_get_one (request, "Authorization");
  gboolean whep = g_str_has_prefix (path, "/whep/");
  gboolean endpoint = g_str_equal (path, whep ? "/whep/endpoint" : "/whip/endpoint");

  if (fake->fault == FAULT_RESET)
    {
      reset_connection (msg);
      return;
    }
  if (fake->fault == FAULT_HANG)
    {
      fake->n_hung++;
      soup_server_message_pause (msg);
      g_ptr_array_add (fake->paused, g_object_ref (msg));
      return;
    }
  if (g_strcmp0 (auth, "Bearer " TOKEN) != 0)
    {
      fake->n_unauthorized++;
      soup_message_headers_replace (response, "WWW-Authenticate", "Bearer");
      soup_server_message_set_status (msg, SOUP_STATUS_UNAUTHORIZED, NULL);
      return;
    }

  if (endpoint && g_str_equal (method, "OPTIONS"))
    {
      g_autofree char *link = link_header (fake);

      fake->n_options++;
      soup_message_headers_append (response, "Link", link);
      soup_message_headers_replace (response, "Accept-Post", "application/sdp");
      soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
    }
  else if (endpoint && g_str_equal (method, "POST"))
    {
      SoupMessageBody *body = soup_server_message_get_request_body (msg);
      g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
      const char *type = soup_message_headers_get_content_type (request, NULL);

      fake->n_posts++;
      fake->bearer_ok = TRUE;
      fake->sdp_type_ok = (fake->n_posts == 1 || fake->sdp_type_ok) && g_strcmp0 (type, "application/sdp") == 0;
      g_free (fake->offer);
      fake->offer = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      if (g_strcmp0 (type, "application/sdp") != 0)
        soup_server_message_set_status (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, NULL);
      else if (fake->fault == FAULT_500)
        soup_server_message_set_status (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
      else if (fake->fault == FAULT_EMPTY_201)
        {
          soup_message_headers_replace (response, "Location", "/whip/resource/empty");
          soup_server_message_set_status (msg, SOUP_STATUS_CREATED, NULL);
        }
      else if (fake->fault == FAULT_NOT_SDP)
        {
          static const char html[] = "<html><body><h1>Welcome!</h1></body></html>";

          soup_message_headers_replace (response, "Location", "/whip/resource/html");
          soup_server_message_set_status (msg, SOUP_STATUS_CREATED, NULL);
          soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, html, strlen (html));
        }
      else if (fake->fault == FAULT_BAD_SDP)
        {
          static const char sdp[] = "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";

          soup_message_headers_replace (response, "Location", "/whip/resource/nomedia");
          soup_server_message_set_status (msg, SOUP_STATUS_CREATED, NULL);
          soup_server_message_set_response (msg, "application/sdp", SOUP_MEMORY_STATIC, sdp, strlen (sdp));
        }
      else
        answer_offer (fake, msg, whep, fake->offer);
    }
  else if (g_str_equal (method, "DELETE") && g_str_has_prefix (path, whep ? "/whep/resource/" : "/whip/resource/"))
    {
      const char *id = strrchr (path, '/') + 1;

      if (!g_hash_table_remove (fake->resources, id))
        soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      else if (fake->fault == FAULT_DELETE_HANG)
        {
          fake->n_deletes++;
          fake->n_hung++;
          soup_server_message_pause (msg);
          g_ptr_array_add (fake->paused, g_object_ref (msg));
        }
      else
        {
          fake->n_deletes++;
          soup_server_message_set_status (msg, fake->fault == FAULT_DELETE_500 ? SOUP_STATUS_INTERNAL_SERVER_ERROR
                                                                                 : SOUP_STATUS_OK, NULL);
        }
    }
  else if (endpoint)
    soup_server_message_set_status (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
  else
    soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

static gpointer
fake_thread (gpointer data)
{
  Fake *fake = data;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (fake->context);
  stun_start (fake);
  fake->server = soup_server_new ("server-header", "fake-whip ", NULL);
  soup_server_add_handler (fake->server, "/whip", on_request, fake, NULL);
  soup_server_add_handler (fake->server, "/whep", on_request, fake, NULL);
  soup_server_listen_local (fake->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fake->server);
  g_mutex_lock (&fake->lock);
  fake->port = g_uri_get_port (uris->data);
  fake->ready = TRUE;
  g_cond_signal (&fake->cond);
  g_mutex_unlock (&fake->lock);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_main_loop_run (fake->loop);

  soup_server_disconnect (fake->server);
  g_hash_table_remove_all (fake->resources);
  g_ptr_array_set_size (fake->paused, 0);
  g_clear_object (&fake->server);
  stun_stop (fake);
  /* let the closed connections go */
  while (g_main_context_iteration (fake->context, FALSE))
    ;
  g_main_context_pop_thread_default (fake->context);
  return NULL;
}

static Fake *
fake_start (Fault fault)
{
  Fake *fake = g_new0 (Fake, 1);

  fake->fault = fault;
  fake->context = g_main_context_new ();
  fake->loop = g_main_loop_new (fake->context, FALSE);
  fake->resources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) resource_free);
  fake->paused = g_ptr_array_new_with_free_func (g_object_unref);
  g_mutex_init (&fake->lock);
  g_cond_init (&fake->cond);
  fake->thread = g_thread_new ("fake-whip", fake_thread, fake);
  g_mutex_lock (&fake->lock);
  while (!fake->ready)
    g_cond_wait (&fake->cond, &fake->lock);
  g_mutex_unlock (&fake->lock);
  return fake;
}

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

/* Stops the server thread; the counters can be read afterwards. */
static void
fake_stop (Fake *fake)
{
  if (fake->thread == NULL)
    return;
  g_main_context_invoke (fake->context, quit_loop, fake->loop);
  g_thread_join (g_steal_pointer (&fake->thread));
}

static void
fake_free (Fake *fake)
{
  fake_stop (fake);
  g_hash_table_unref (fake->resources);
  g_ptr_array_unref (fake->paused);
  g_main_loop_unref (fake->loop);
  g_main_context_unref (fake->context);
  g_mutex_clear (&fake->lock);
  g_cond_clear (&fake->cond);
  g_free (fake->offer);
  g_free (fake->stun_host);
  g_free (fake);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fake, fake_free)

static char *
fake_url (Fake *fake, const char *path)
{
  return g_strdup_printf ("http://127.0.0.1:%u%s", fake->port, path);
}

/* ------------------------------------------------------------------ recordings */

static guint
count_lines (CsTestRun *run, const char *type, const char *uid)
{
  guint n = 0;

  for (guint i = 0; i < run->lines->len; i++)
    {
      JsonObject *o = g_ptr_array_index (run->lines, i);

      if (cs_test_is_type (o, type) && (uid == NULL || g_strcmp0 (cs_test_uid (o), uid) == 0))
        n++;
    }
  return n;
}

/* TRUE when a connection sample says the local user got connected to @peer. */
static gboolean
connected (CsTestRun *run, const char *peer)
{
  for (guint i = 0; i < run->lines->len; i++)
    {
      JsonObject *o = g_ptr_array_index (run->lines, i);

      if (cs_test_is_type (o, "sample") && g_strcmp0 (cs_test_str (o, "kind"), "connection") == 0 &&
          g_strcmp0 (cs_test_str (o, "observer_uid"), "local") == 0 &&
          g_strcmp0 (cs_test_str (o, "peer_uid"), peer) == 0 &&
          g_strcmp0 (cs_test_str (o, "connection_state"), "connected") == 0)
        return TRUE;
    }
  return FALSE;
}

/* ------------------------------------------------------------------ cases */

static void
test_publish (void)
{
  g_autoptr(Fake) fake = fake_start (FAULT_NONE);
  g_autofree char *url = fake_url (fake, "/whip/endpoint");
  g_autofree char *whip = g_strdup_printf ("--whip=%s", url);
  const char *args[] = { whip, "--token=" TOKEN, "--duration=10", NULL };
  g_autoptr(CsTestRun) run = cs_test_run (args, TRUE);
  double send_bytes0 = -1, send_bytes1 = -1, sending;
  guint n_video = 0, n_sending = 0;

  fake_stop (fake);
  g_test_message ("stdout: %s", run->stdout_text);
  g_test_message ("fake: %u OPTIONS, %u POST, %u DELETE; %d video and %d audio packets, %d frames decoded",
                  fake->n_options, fake->n_posts, fake->n_deletes, fake->video_packets, fake->audio_packets,
                  fake->video_frames);
  g_assert_cmpint (run->status, ==, 0);

  /* what the endpoint saw */
  g_assert_true (fake->bearer_ok);
  g_assert_true (fake->sdp_type_ok);
  g_assert_cmpuint (fake->n_unauthorized, ==, 0);
  g_assert_cmpuint (fake->n_options, ==, 1);
  g_assert_cmpuint (fake->n_posts, ==, 1);
  g_assert_null (strstr (fake->offer, "a=sendrecv"));
  g_assert_nonnull (strstr (fake->offer, "a=sendonly"));
  g_assert_nonnull (strstr (fake->offer, "a=candidate"));
  /* the STUN server of the OPTIONS Link header was asked before the offer went out */
  if (fake->stun_host != NULL)
    {
      g_assert_cmpuint (fake->n_stun, >, 0);
      g_assert_nonnull (strstr (fake->offer, "203.0.113.7"));
    }
  g_assert_cmpint (fake->video_packets, >, 100);
  g_assert_cmpint (fake->audio_packets, >, 100);
  g_assert_cmpint (fake->video_frames, >, 60);
  g_assert_cmpuint (fake->n_deletes, ==, 1);
  g_assert_cmpuint (g_hash_table_size (fake->resources), ==, 0);

  /* what Callscope recorded of its own sending, from its first packets */
  sending = cs_test_first_sending (run, "local-video-stats");
  cs_test_assert_happened (run, sending, cs_test_last_time (run) - 4, "sending");
  for (guint i = 0; i < run->lines->len; i++)
    {
      JsonObject *o = g_ptr_array_index (run->lines, i);

      if (cs_test_is_type (o, "local-video-stats") && cs_test_num (o, "t") >= sending)
        {
          n_video++;
          if (cs_test_num (o, "sendBitrate") > 0 && cs_test_num (o, "sendPackets") > 0)
            n_sending++;
          g_test_message ("local video t=%.1f bitrate=%g fps=%g packets=%g", cs_test_num (o, "t"),
                          cs_test_num (o, "sendBitrate"), cs_test_num (o, "sendFrameRate"),
                          cs_test_num (o, "sendPackets"));
        }
      else if (cs_test_is_type (o, "rtc-stats"))
        {
          if (send_bytes0 < 0)
            send_bytes0 = cs_test_num (o, "SendBytes");
          send_bytes1 = cs_test_num (o, "SendBytes");
        }
    }
  g_assert_cmpuint (n_video, >=, 4);
  g_assert_cmpuint (n_sending, >=, 3);
  g_assert_cmpfloat (send_bytes1, >, send_bytes0 + 50000);
  /* the endpoint is the peer "server" of the local user (it sends nothing, so it does not join) */
  g_assert_true (connected (run, "server"));
}

static void
test_watch (void)
{
  g_autoptr(Fake) fake = fake_start (FAULT_NONE);
  g_autofree char *url = fake_url (fake, "/whep/endpoint");
  g_autofree char *whep = g_strdup_printf ("--whep=%s", url);
  const char *args[] = { whep, "--token=" TOKEN, "--duration=10", NULL };
  g_autoptr(CsTestRun) run = cs_test_run (args, TRUE);
  guint n_video = 0, n_audio = 0, seen_video = 0, seen_audio = 0;

  fake_stop (fake);
  g_test_message ("stdout: %s", run->stdout_text);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpuint (fake->n_posts, ==, 1);
  g_assert_nonnull (strstr (fake->offer, "a=recvonly"));
  g_assert_null (strstr (fake->offer, "a=sendrecv"));
  g_assert_cmpuint (fake->n_deletes, ==, 1);

  g_assert_cmpuint (count_lines (run, "user-joined", "whep"), ==, 1);
  g_assert_true (connected (run, "whep"));
  for (guint i = 0; i < run->lines->len; i++)
    {
      JsonObject *o = g_ptr_array_index (run->lines, i);
      double t = cs_test_num (o, "t");

      if (g_strcmp0 (cs_test_uid (o), "whep") != 0)
        continue;
      /* rates need two samples: the first line of each kind only starts them */
      if (cs_test_is_type (o, "remote-video-stats") && seen_video++ == 0)
        continue;
      if (cs_test_is_type (o, "remote-audio-stats") && seen_audio++ == 0)
        continue;
      if (cs_test_is_type (o, "remote-video-stats"))
        {
          g_test_message ("video t=%.1f fps=%g %gx%g bitrate=%g", t, cs_test_num (o, "renderFrameRate"),
                          cs_test_num (o, "receiveResolutionWidth"), cs_test_num (o, "receiveResolutionHeight"),
                          cs_test_num (o, "receiveBitrate"));
          g_assert_cmpfloat (cs_test_num (o, "renderFrameRate"), >=, 15);
          g_assert_cmpfloat (cs_test_num (o, "receiveResolutionWidth"), ==, VIDEO_WIDTH);
          g_assert_cmpfloat (cs_test_num (o, "receiveResolutionHeight"), ==, VIDEO_HEIGHT);
          g_assert_cmpfloat (cs_test_num (o, "receiveBitrate"), >, 0);
          n_video++;
        }
      else if (cs_test_is_type (o, "remote-audio-stats"))
        {
          g_test_message ("audio t=%.1f level=%g bitrate=%g", t, cs_test_num (o, "receiveLevel"),
                          cs_test_num (o, "receiveBitrate"));
          g_assert_cmpfloat (cs_test_num (o, "receiveLevel"), >, 0);
          n_audio++;
        }
    }
  g_assert_cmpuint (n_video, >=, 3);
  g_assert_cmpuint (n_audio, >=, 3);
}

/* Runs callscope against @url and expects exit 1 within @max_s seconds, with a stderr that
 * contains one of the |-separated @words (case-insensitive). */
static void
expect_failure (const char *option, const char *url, const char *token, double max_s, const char *words)
{
  g_autofree char *arg = g_strdup_printf ("%s=%s", option, url);
  g_autofree char *token_arg = g_strdup_printf ("--token=%s", token);
  const char *args[] = { arg, token_arg, "--duration=60", NULL };
  gint64 start = g_get_monotonic_time ();
  g_autoptr(CsTestRun) run = cs_test_run (args, FALSE);
  double elapsed = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_autofree char *err = g_utf8_strdown (run->stderr_text, -1);
  g_auto(GStrv) alternatives = g_strsplit (words, "|", -1);
  gboolean named = FALSE;

  g_test_message ("%.1f s, exit %d: %s", elapsed, run->status, run->stderr_text);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_cmpfloat (elapsed, <, max_s);
  g_assert_nonnull (strstr (err, "callscope: "));
  for (guint i = 0; alternatives[i] != NULL; i++)
    named |= strstr (err, alternatives[i]) != NULL;
  if (!named)
    g_error ("stderr names none of “%s”: %s", words, run->stderr_text);
  g_assert_null (strstr (err, "critical"));
  g_assert_null (strstr (err, "warning"));
}

static void
test_wrong_token (void)
{
  g_autoptr(Fake) fake = fake_start (FAULT_NONE);
  g_autofree char *url = fake_url (fake, "/whip/endpoint");

  expect_failure ("--whip", url, "guess", 10, "401|authoriz");
  fake_stop (fake);
  g_assert_cmpuint (fake->n_unauthorized, >=, 1);
  g_assert_cmpuint (fake->n_posts, ==, 0);
}

static void
test_not_found (void)
{
  g_autoptr(Fake) fake = fake_start (FAULT_NONE);
  g_autofree char *url = fake_url (fake, "/whip/nowhere");

  expect_failure ("--whip", url, TOKEN, 10, "404");
}

static void
test_server_error (void)
{
  g_autoptr(Fake) fake = fake_start (FAULT_500);
  g_autofree char *url = fake_url (fake, "/whip/endpoint");

  expect_failure ("--whip", url, TOKEN, 10, "500");
  fake_stop (fake);
  g_assert_cmpuint (fake->n_posts, ==, 1);
}

static void
test_empty_answer (void)
{
  g_autoptr(Fake) fake = fake_start (FAULT_EMPTY_201);
  g_autofree char *url = fake_url (fake, "/whep/endpoint");

  expect_failure ("--whep", url, TOKEN, 10, "sdp");
}

static void
test_not_sdp (void)
{
  g_autoptr(Fake) fake = fake_start (FAULT_NOT_SDP);
  g_autofree char *url = fake_url (fake, "/whip/endpoint");

  expect_failure ("--whip", url, TOKEN, 10, "sdp");
}

static void
test_sdp_without_media (void)
{
  g_autoptr(Fake) fake = fake_start (FAULT_BAD_SDP);
  g_autofree char *url = fake_url (fake, "/whip/endpoint");

  expect_failure ("--whip", url, TOKEN, 10, "sdp");
}

static void
test_unreachable (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  /* a port that was free a moment ago, and nothing listens on it */
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  url = g_strdup_printf ("http://127.0.0.1:%u/whip/endpoint",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);
  expect_failure ("--whip", url, TOKEN, 10, "could not reach|refused");
}

static void
test_reset (void)
{
  g_autoptr(Fake) fake = fake_start (FAULT_RESET);
  g_autofree char *url = fake_url (fake, "/whip/endpoint");

  expect_failure ("--whip", url, TOKEN, 10, "could not reach|reset");
}

static void
test_no_answer (void)
{
  g_autoptr(Fake) fake = fake_start (FAULT_HANG);
  g_autofree char *url = fake_url (fake, "/whep/endpoint");

  /* a 60 s call: only the client's timeouts end it, 5 s for OPTIONS and 15 s for the POST */
  expect_failure ("--whep", url, TOKEN, 25, "did not answer within 15 s");
  fake_stop (fake);
  g_assert_cmpuint (fake->n_hung, >=, 1);
}

/* A hang-up the endpoint refuses or never answers still ends a good call well, in
 * bounded time (the DELETE waits 2 s at most). */
static void
run_delete_fault (Fault fault)
{
  g_autoptr(Fake) fake = fake_start (fault);
  g_autofree char *url = fake_url (fake, "/whip/endpoint");
  g_autofree char *whip = g_strdup_printf ("--whip=%s", url);
  const char *args[] = { whip, "--token=" TOKEN, "--duration=4", NULL };
  gint64 start = g_get_monotonic_time ();
  g_autoptr(CsTestRun) run = cs_test_run (args, FALSE);
  double elapsed = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;

  fake_stop (fake);
  g_test_message ("%.1f s, exit %d: %s", elapsed, run->status, run->stderr_text);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpfloat (elapsed, <, 4 + 2 + 3);
  g_assert_cmpuint (fake->n_deletes, ==, 1);
  g_assert_cmpint (fake->video_packets, >, 0);
}

static void
test_delete_fails (void)
{
  run_delete_fault (FAULT_DELETE_500);
}

static void
test_delete_unanswered (void)
{
  run_delete_fault (FAULT_DELETE_HANG);
}

/* The time of the first event line (any user) whose message has @text, at or after @after */
static double
event_after (CsTestRun *run, const char *text, double after)
{
  for (guint i = 0; i < run->lines->len; i++)
    {
      JsonObject *o = g_ptr_array_index (run->lines, i);

      if (cs_test_is_type (o, "event") && strstr (cs_test_str (o, "msg"), text) != NULL && cs_test_num (o, "t") >= after)
        return cs_test_num (o, "t");
    }
  return NAN;
}

/* The endpoint restarts during a publish (its resource and peer vanish, its HTTP server stays):
 * the call is marked down, publishes again after its back-off and is up again, without
 * exiting; the recording has Callscope sending on both sides of the gap. */
static void
test_restart (void)
{
  g_autoptr(Fake) fake = fake_start (FAULT_RESTART);
  g_autofree char *url = fake_url (fake, "/whip/endpoint");
  g_autofree char *whip = g_strdup_printf ("--whip=%s", url);
  const char *args[] = { whip, "--token=" TOKEN, "--duration=40", NULL };
  g_autoptr(CsTestRun) run = cs_test_run (args, TRUE);
  double t_down, t_up;

  fake_stop (fake);
  g_test_message ("stderr: %s", run->stderr_text);
  g_test_message ("fake: %u POST, %u DELETE; %d frames decoded, restarted %d", fake->n_posts, fake->n_deletes,
                  fake->video_frames, fake->dropped);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpint (fake->dropped, ==, 1);
  t_down = event_after (run, "The call is down", 0);
  t_up = event_after (run, "The call is up again", isnan (t_down) ? 0 : t_down);
  g_test_message ("down at %.1f s, up again at %.1f s", t_down, t_up);
  cs_test_assert_happened (run, t_down, cs_test_last_time (run), "the call marked down");
  cs_test_assert_happened (run, t_up, cs_test_last_time (run) - 3, "the call up again");
  g_assert_nonnull (strstr (run->stderr_text, "down:"));
  g_assert_nonnull (strstr (run->stderr_text, "up:"));
  /* published again: a second offer, and frames decoded from it */
  g_assert_cmpuint (fake->n_posts, >=, 2);
  g_assert_cmpint (fake->video_frames, >, 90);
  g_assert_cmpuint (fake->n_deletes, ==, 1);
}

/* The same for a watch: the endpoint that sends restarts; the watch is down, then up again
 * and plays again. */
static void
test_watch_restart (void)
{
  g_autoptr(Fake) fake = fake_start (FAULT_RESTART);
  g_autofree char *url = fake_url (fake, "/whep/endpoint");
  g_autofree char *whep = g_strdup_printf ("--whep=%s", url);
  const char *args[] = { whep, "--token=" TOKEN, "--duration=40", NULL };
  g_autoptr(CsTestRun) run = cs_test_run (args, TRUE);
  double t_down, t_up;
  guint playing_after = 0;

  fake_stop (fake);
  g_test_message ("stderr: %s", run->stderr_text);
  g_test_message ("fake: %u POST, %u DELETE; restarted %d", fake->n_posts, fake->n_deletes, fake->dropped);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpint (fake->dropped, ==, 1);
  t_down = event_after (run, "The call is down", 0);
  t_up = event_after (run, "The call is up again", isnan (t_down) ? 0 : t_down);
  g_test_message ("down at %.1f s, up again at %.1f s", t_down, t_up);
  cs_test_assert_happened (run, t_down, cs_test_last_time (run), "the watch marked down");
  cs_test_assert_happened (run, t_up, cs_test_last_time (run) - 3, "the watch up again");
  g_assert_cmpuint (fake->n_posts, >=, 2);
  for (guint i = 0; i < run->lines->len; i++)
    {
      JsonObject *o = g_ptr_array_index (run->lines, i);

      if (cs_test_is_type (o, "remote-video-stats") && cs_test_num (o, "t") > t_up &&
          cs_test_num (o, "renderFrameRate") > 0)
        playing_after++;
    }
  g_test_message ("%u seconds with video after the restart", playing_after);
  g_assert_cmpuint (playing_after, >=, 3);
}

static void
test_bad_urls (void)
{
  const char *cases[] = { "--whip=ftp://x", "--whip=notaurl", "--whep=ftp://x/whep", "--whep=http://", NULL };

  for (guint i = 0; cases[i] != NULL; i++)
    {
      const char *args[] = { cases[i], "--duration=5", NULL };
      g_autoptr(CsTestRun) run = cs_test_run (args, FALSE);
      g_auto(GStrv) lines = g_strsplit (run->stderr_text, "\n", -1);
      const char *line = NULL;

      g_test_message ("%s: exit %d: %s", cases[i], run->status, run->stderr_text);
      g_assert_cmpint (run->status, ==, 2);
      /* one line from callscope (a sanitizer may add its own report) */
      for (guint j = 0; lines[j] != NULL; j++)
        if (g_str_has_prefix (lines[j], "callscope"))
          {
            g_assert_null (line);
            line = lines[j];
          }
      g_assert_nonnull (line);
      g_assert_true (g_str_has_prefix (line, "callscope: "));
      g_assert_nonnull (strstr (line, strchr (cases[i], '=') + 1));
    }
}

/* ------------------------------------------------------------------ network input bounds (issue 8) */

/* A rogue endpoint of its own (a thread with its own context, as the fake above): no
 * webrtcbin, answers built from the offer's text, and one misbehaviour per case. Beside it
 * two servers of other origins, 127.0.0.1 on another port and 127.0.0.2, count every
 * request they get: the endpoint's token must never reach them. */
typedef enum
{
  ROGUE_HUGE_LENGTH,     /* POST → 201, a 10 MiB SDP with a Content-Length */
  ROGUE_HUGE_CHUNKED,    /* POST → 201, a 10 MiB SDP in chunks, no length */
  ROGUE_TRICKLE,         /* POST → 201, an SDP that trickles a byte every 200 ms, forever */
  ROGUE_MANY_MLINES,     /* POST → 201, an answer with 17 m-lines */
  ROGUE_MANY_CANDIDATES, /* POST → 201, an answer with 100 candidates */
  ROGUE_FOREIGN_PORT,    /* POST → 201, Location on 127.0.0.1, another port */
  ROGUE_FOREIGN_HOST,    /* POST → 201, Location on 127.0.0.2 */
  ROGUE_REDIRECT,        /* OPTIONS → 307, POST → 303, both to the other origin */
} Rogue;

typedef struct
{
  GThread           *thread;
  GMainContext      *context;
  GMainLoop         *loop;
  SoupServer        *server;
  SoupServer        *foreign;       /* listens on 127.0.0.1 and on 127.0.0.2 */
  guint              port;
  guint              foreign_port;
  Rogue              rogue;
  GMutex             lock;
  GCond              cond;
  gboolean           ready;
  SoupServerMessage *trickle;
  GSource           *trickle_source;
  /* read after rogue_stop () */
  guint              n_posts;
  guint              n_deletes;
  guint              n_foreign;     /* requests the other origins received */
  guint              n_foreign_auth;/* … with an Authorization header */
  guint              n_trickled;
} RogueEndpoint;

/* An answer to @offer: its m-lines, directions turned, no candidates; @n_candidates host
 * candidates (on ports nobody listens on) in the first m-line. */
static char *
rogue_answer (const char *offer, guint n_candidates)
{
  g_auto(GStrv) lines = g_strsplit (offer, "\r\n", -1);
  GString *answer = g_string_new (NULL);
  gboolean first_media = TRUE;
  gboolean in_media = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *l = lines[i];

      if (*l == '\0' || g_str_has_prefix (l, "a=candidate") || g_str_has_prefix (l, "a=end-of-candidates"))
        continue;
      if (g_str_has_prefix (l, "m=") && in_media)
        first_media = FALSE;
      if (g_str_has_prefix (l, "m="))
        in_media = TRUE;
      if (g_str_equal (l, "a=sendonly"))
        l = "a=recvonly";
      else if (g_str_equal (l, "a=recvonly"))
        l = "a=sendonly";
      else if (g_str_equal (l, "a=setup:actpass"))
        l = "a=setup:active";
      g_string_append_printf (answer, "%s\r\n", l);
      if (g_str_has_prefix (l, "m=") && first_media)
        for (guint c = 0; c < n_candidates; c++)
          g_string_append_printf (answer, "a=candidate:%u 1 udp 2122260223 127.0.0.1 %u typ host\r\n", c, 30000 + c);
    }
  return g_string_free (answer, FALSE);
}

static gboolean
rogue_trickle_more (gpointer data)
{
  RogueEndpoint *e = data;

  soup_message_body_append (soup_server_message_get_response_body (e->trickle), SOUP_MEMORY_STATIC, "a", 1);
  soup_server_message_unpause (e->trickle);
  e->n_trickled++;
  return G_SOURCE_CONTINUE;
}

static void
rogue_trickle_finished (SoupServerMessage *msg, gpointer data)
{
  RogueEndpoint *e = data;

  if (e->trickle_source != NULL)
    g_source_destroy (e->trickle_source);
  g_clear_pointer (&e->trickle_source, g_source_unref);
  g_clear_object (&e->trickle);
}

static void
on_rogue_request (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer user_data)
{
  RogueEndpoint *e = user_data;
  const char *method = soup_server_message_get_method (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  g_autofree char *foreign = g_strdup_printf ("http://%s:%u/whip/resource/stolen",
                                              e->rogue == ROGUE_FOREIGN_HOST ? "127.0.0.2" : "127.0.0.1", e->foreign_port);

  if (g_str_equal (method, "OPTIONS"))
    {
      if (e->rogue == ROGUE_REDIRECT)
        {
          soup_message_headers_replace (response, "Location", foreign);
          soup_server_message_set_status (msg, SOUP_STATUS_TEMPORARY_REDIRECT, NULL);
        }
      else
        soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
      return;
    }
  if (g_str_equal (method, "DELETE"))
    {
      e->n_deletes++;
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      return;
    }
  if (!g_str_equal (method, "POST"))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      return;
    }
  e->n_posts++;
  soup_message_headers_replace (response, "Location", "/whip/resource/1");
  switch (e->rogue)
    {
    case ROGUE_HUGE_LENGTH:
    case ROGUE_HUGE_CHUNKED:
      {
        g_autofree char *pad = g_strnfill (64 * 1024, 'a');

        if (e->rogue == ROGUE_HUGE_CHUNKED)
          soup_message_headers_set_encoding (response, SOUP_ENCODING_CHUNKED);
        soup_message_body_append (body, SOUP_MEMORY_STATIC, "v=0\r\n", 5);
        for (guint i = 0; i < 160; i++)
          soup_message_body_append (body, SOUP_MEMORY_COPY, pad, 64 * 1024);
        soup_message_body_complete (body);
        soup_message_headers_set_content_type (response, "application/sdp", NULL);
        soup_server_message_set_status (msg, SOUP_STATUS_CREATED, NULL);
      }
      break;
    case ROGUE_TRICKLE:
      soup_message_headers_set_encoding (response, SOUP_ENCODING_CHUNKED);
      soup_message_headers_set_content_type (response, "application/sdp", NULL);
      soup_message_body_append (body, SOUP_MEMORY_STATIC, "v=0\r\n", 5);
      soup_server_message_set_status (msg, SOUP_STATUS_CREATED, NULL);
      e->trickle = g_object_ref (msg);
      g_signal_connect (msg, "finished", G_CALLBACK (rogue_trickle_finished), e);
      e->trickle_source = g_timeout_source_new (200);
      g_source_set_callback (e->trickle_source, rogue_trickle_more, e, NULL);
      g_source_attach (e->trickle_source, e->context);
      break;
    case ROGUE_REDIRECT:
      soup_message_headers_replace (response, "Location", foreign);
      soup_server_message_set_status (msg, SOUP_STATUS_SEE_OTHER, NULL);
      break;
    default:
      {
        SoupMessageBody *request = soup_server_message_get_request_body (msg);
        g_autoptr(GBytes) bytes = soup_message_body_flatten (request);
        g_autofree char *offer = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
        g_autofree char *answer = NULL;

        if (e->rogue == ROGUE_MANY_MLINES)
          {
            GString *sdp = g_string_new ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");

            for (guint m = 0; m < 17; m++)
              g_string_append_printf (sdp, "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:%u\r\n"
                                      "a=rtpmap:111 OPUS/48000/2\r\na=recvonly\r\n", m);
            answer = g_string_free (sdp, FALSE);
          }
        else
          answer = rogue_answer (offer, e->rogue == ROGUE_MANY_CANDIDATES ? 100 : 0);
        if (e->rogue == ROGUE_FOREIGN_PORT || e->rogue == ROGUE_FOREIGN_HOST)
          soup_message_headers_replace (response, "Location", foreign);
        soup_server_message_set_status (msg, SOUP_STATUS_CREATED, NULL);
        soup_server_message_set_response (msg, "application/sdp", SOUP_MEMORY_COPY, answer, strlen (answer));
      }
      break;
    }
}

static void
on_foreign_request (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer user_data)
{
  RogueEndpoint *e = user_data;

  e->n_foreign++;
  if (soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization") != NULL)
    e->n_foreign_auth++;
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
}

static guint
listen_on (SoupServer *server, const char *address, guint port)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);
  g_autoptr(GSocketAddress) socket_address = g_inet_socket_address_new (inet, port);
  g_autoptr(GError) error = NULL;
  GSList *uris;
  guint bound = 0;

  soup_server_listen (server, socket_address, 0, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  for (GSList *u = uris; u != NULL; u = u->next)
    if (g_str_equal (g_uri_get_host (u->data), address))
      bound = g_uri_get_port (u->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  g_assert_cmpuint (bound, >, 0);
  return bound;
}

static gpointer
rogue_thread (gpointer data)
{
  RogueEndpoint *e = data;

  g_main_context_push_thread_default (e->context);
  e->server = soup_server_new ("server-header", "rogue-whip ", NULL);
  soup_server_add_handler (e->server, NULL, on_rogue_request, e, NULL);
  e->foreign = soup_server_new ("server-header", "foreign ", NULL);
  soup_server_add_handler (e->foreign, NULL, on_foreign_request, e, NULL);
  g_mutex_lock (&e->lock);
  e->port = listen_on (e->server, "127.0.0.1", 0);
  e->foreign_port = listen_on (e->foreign, "127.0.0.1", 0);
  listen_on (e->foreign, "127.0.0.2", e->foreign_port);
  e->ready = TRUE;
  g_cond_signal (&e->cond);
  g_mutex_unlock (&e->lock);

  g_main_loop_run (e->loop);

  if (e->trickle != NULL)
    {
      g_signal_handlers_disconnect_by_data (e->trickle, e);
      rogue_trickle_finished (e->trickle, e);
    }
  soup_server_disconnect (e->server);
  soup_server_disconnect (e->foreign);
  g_clear_object (&e->server);
  g_clear_object (&e->foreign);
  while (g_main_context_iteration (e->context, FALSE))
    ;
  g_main_context_pop_thread_default (e->context);
  return NULL;
}

static RogueEndpoint *
rogue_start (Rogue rogue)
{
  RogueEndpoint *e = g_new0 (RogueEndpoint, 1);

  e->rogue = rogue;
  e->context = g_main_context_new ();
  e->loop = g_main_loop_new (e->context, FALSE);
  g_mutex_init (&e->lock);
  g_cond_init (&e->cond);
  e->thread = g_thread_new ("rogue-whip", rogue_thread, e);
  g_mutex_lock (&e->lock);
  while (!e->ready)
    g_cond_wait (&e->cond, &e->lock);
  g_mutex_unlock (&e->lock);
  return e;
}

static void
rogue_stop (RogueEndpoint *e)
{
  if (e->thread == NULL)
    return;
  g_main_context_invoke (e->context, quit_loop, e->loop);
  g_thread_join (g_steal_pointer (&e->thread));
}

static void
rogue_free (RogueEndpoint *e)
{
  rogue_stop (e);
  g_main_loop_unref (e->loop);
  g_main_context_unref (e->context);
  g_mutex_clear (&e->lock);
  g_cond_clear (&e->cond);
  g_free (e);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RogueEndpoint, rogue_free)

/* Runs callscope against the rogue endpoint; returns the run, its stderr in lower case. */
static CsTestRun *
run_rogue (RogueEndpoint *e, const char *option, double duration, char **err, double *elapsed)
{
  g_autofree char *arg = g_strdup_printf ("%s=http://127.0.0.1:%u/%s/endpoint", option, e->port,
                                          g_str_equal (option, "--whep") ? "whep" : "whip");
  g_autofree char *dur = g_strdup_printf ("--duration=%g", duration);
  const char *args[] = { arg, "--token=" TOKEN, dur, NULL };
  gint64 start = g_get_monotonic_time ();
  CsTestRun *run = cs_test_run (args, FALSE);

  *elapsed = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  *err = g_utf8_strdown (run->stderr_text, -1);
  g_test_message ("%.1f s, exit %d: %.3000s", *elapsed, run->status, run->stderr_text);
  g_assert_null (strstr (*err, "critical"));
  return run;
}

/* An answer larger than 256 KiB is refused (with a Content-Length before reading it, in
 * chunks as soon as it passes the limit): the call fails at once with a message. */
static void
test_bounds_huge_answer (gconstpointer data)
{
  Rogue rogue = GPOINTER_TO_INT (data);
  g_autoptr(RogueEndpoint) e = rogue_start (rogue);
  g_autofree char *err = NULL;
  double elapsed;
  g_autoptr(CsTestRun) run = run_rogue (e, rogue == ROGUE_HUGE_CHUNKED ? "--whep" : "--whip", 30, &err, &elapsed);

  g_assert_cmpint (run->status, ==, 1);
  g_assert_cmpfloat (elapsed, <, 10);
  g_assert_nonnull (strstr (err, "is larger than 256"));
  g_assert_nonnull (strstr (err, "the call failed"));
}

/* An answer that never ends (a byte every 200 ms: libsoup's own timeout never fires) is
 * given up after the POST's 15 s. */
static void
test_bounds_trickling_answer (void)
{
  g_autoptr(RogueEndpoint) e = rogue_start (ROGUE_TRICKLE);
  g_autofree char *err = NULL;
  double elapsed;
  g_autoptr(CsTestRun) run = run_rogue (e, "--whip", 60, &err, &elapsed);

  rogue_stop (e);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_cmpfloat (elapsed, >=, 14);
  g_assert_cmpfloat (elapsed, <, 25);
  g_assert_cmpuint (e->n_trickled, >, 30);
  g_assert_nonnull (strstr (err, "did not end within 15 s"));
}

static void
test_bounds_many_mlines (void)
{
  g_autoptr(RogueEndpoint) e = rogue_start (ROGUE_MANY_MLINES);
  g_autofree char *err = NULL;
  double elapsed;
  g_autoptr(CsTestRun) run = run_rogue (e, "--whip", 30, &err, &elapsed);

  g_assert_cmpint (run->status, ==, 1);
  g_assert_cmpfloat (elapsed, <, 10);
  g_assert_nonnull (strstr (err, "has 17 media sections; callscope takes at most 16"));
}

/* 100 candidates in an answer: 64 taken, 36 refused with a message; the call goes on. */
static void
test_bounds_many_candidates (void)
{
  g_autoptr(RogueEndpoint) e = rogue_start (ROGUE_MANY_CANDIDATES);
  g_autofree char *err = NULL;
  double elapsed;
  G_GNUC_UNUSED g_autoptr(CsTestRun) run = run_rogue (e, "--whep", 3, &err, &elapsed);

  rogue_stop (e);
  g_assert_nonnull (strstr (err, "more than 64 ice candidates: 36 refused"));
  g_assert_null (strstr (err, "the call failed"));
  g_assert_cmpuint (e->n_deletes, ==, 1);
}

/* A Location on another origin is refused, said at once, and never DELETEd: the token
 * never leaves the endpoint's origin. */
static void
test_bounds_foreign_location (gconstpointer data)
{
  Rogue rogue = GPOINTER_TO_INT (data);
  g_autoptr(RogueEndpoint) e = rogue_start (rogue);
  g_autofree char *err = NULL;
  double elapsed;
  G_GNUC_UNUSED g_autoptr(CsTestRun) run = run_rogue (e, rogue == ROGUE_FOREIGN_HOST ? "--whep" : "--whip", 3, &err, &elapsed);

  rogue_stop (e);
  g_assert_cmpuint (e->n_posts, ==, 1);
  g_assert_nonnull (strstr (err, "on another origin: refused"));
  g_assert_nonnull (strstr (err, rogue == ROGUE_FOREIGN_HOST ? "http://127.0.0.2:" : "http://127.0.0.1:"));
  g_assert_null (strstr (err, "the call failed"));
  g_assert_cmpuint (e->n_deletes, ==, 0);
  g_assert_cmpuint (e->n_foreign, ==, 0);
}

/* Redirects are not followed (libsoup would carry the token along): OPTIONS gives no ICE
 * servers, the POST is an HTTP error, and the other origin hears nothing. */
static void
test_bounds_redirect (void)
{
  g_autoptr(RogueEndpoint) e = rogue_start (ROGUE_REDIRECT);
  g_autofree char *err = NULL;
  double elapsed;
  g_autoptr(CsTestRun) run = run_rogue (e, "--whip", 30, &err, &elapsed);

  rogue_stop (e);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_nonnull (strstr (err, "http error 303"));
  g_assert_cmpuint (e->n_foreign, ==, 0);
  g_assert_cmpuint (e->n_foreign_auth, ==, 0);
}

int
main (int argc, char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/whip/bad-urls", test_bad_urls);
  g_test_add_func ("/whip/publish", test_publish);
  g_test_add_func ("/whep/watch", test_watch);
  g_test_add_func ("/whip/faults/wrong-token", test_wrong_token);
  g_test_add_func ("/whip/faults/not-found", test_not_found);
  g_test_add_func ("/whip/faults/server-error", test_server_error);
  g_test_add_func ("/whip/faults/empty-answer", test_empty_answer);
  g_test_add_func ("/whip/faults/not-sdp", test_not_sdp);
  g_test_add_func ("/whip/faults/sdp-without-media", test_sdp_without_media);
  g_test_add_func ("/whip/faults/unreachable", test_unreachable);
  g_test_add_func ("/whip/faults/reset", test_reset);
  g_test_add_func ("/whip/faults/no-answer", test_no_answer);
  g_test_add_func ("/whip/faults/delete-fails", test_delete_fails);
  g_test_add_func ("/whip/faults/delete-unanswered", test_delete_unanswered);
  g_test_add_func ("/whip/faults/restart", test_restart);
  g_test_add_func ("/whep/faults/restart", test_watch_restart);
  g_test_add_data_func ("/whip/bounds/huge-answer", GINT_TO_POINTER (ROGUE_HUGE_LENGTH), test_bounds_huge_answer);
  g_test_add_data_func ("/whep/bounds/huge-chunked-answer", GINT_TO_POINTER (ROGUE_HUGE_CHUNKED), test_bounds_huge_answer);
  g_test_add_func ("/whip/bounds/trickling-answer", test_bounds_trickling_answer);
  g_test_add_func ("/whip/bounds/many-mlines", test_bounds_many_mlines);
  g_test_add_func ("/whep/bounds/many-candidates", test_bounds_many_candidates);
  g_test_add_data_func ("/whip/bounds/foreign-location-port", GINT_TO_POINTER (ROGUE_FOREIGN_PORT),
                        test_bounds_foreign_location);
  g_test_add_data_func ("/whep/bounds/foreign-location-host", GINT_TO_POINTER (ROGUE_FOREIGN_HOST),
                        test_bounds_foreign_location);
  g_test_add_func ("/whip/bounds/redirect", test_bounds_redirect);
  return g_test_run ();
}
