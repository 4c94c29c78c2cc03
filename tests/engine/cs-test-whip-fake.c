/* cs-test-whip-fake.c — a fake WHIP/WHEP endpoint for the engine tests (cs-test-whip-fake.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gst/sdp/sdp.h>
#include <gst/webrtc/webrtc.h>
#include <string.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "cs-webrtc-media.h"
#include "cs-test-whip-fake.h"

/* One created resource: a webrtcbin answering one offer. */
typedef struct
{
  CsFakeWhip        *fake;
  char              *id;
  gboolean           whep;
  GstElement        *pipeline;
  GstElement        *webrtc;
  SoupServerMessage *msg;       /* the POST waiting for the answer */
  gboolean           replied;
} Resource;

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
  CsFakeWhip *fake = user_data;
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
stun_start (CsFakeWhip *fake)
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
stun_stop (CsFakeWhip *fake)
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
link_header (CsFakeWhip *fake)
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
  CsFakeWhip *fake = data;

  g_hash_table_remove_all (fake->resources);
  return G_SOURCE_REMOVE;
}

/* FAULT_RESTART: counts a frame decoded (WHIP) or a video packet sent (WHEP); the 60th of the
 * first resource restarts the endpoint */
static GstPadProbeReturn
count_frame_then_restart (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  CsFakeWhip *fake = user_data;

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
  CsFakeWhip *fake = user_data;
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
answer_offer (CsFakeWhip *fake, SoupServerMessage *msg, gboolean whep, const char *offer)
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
  CsFakeWhip *fake = user_data;
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
  CsFakeWhip *fake = data;
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

CsFakeWhip *
cs_fake_whip_start (CsFakeWhipFault fault)
{
  CsFakeWhip *fake = g_new0 (CsFakeWhip, 1);

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
void
cs_fake_whip_stop (CsFakeWhip *fake)
{
  if (fake->thread == NULL)
    return;
  g_main_context_invoke (fake->context, quit_loop, fake->loop);
  g_thread_join (g_steal_pointer (&fake->thread));
}

void
cs_fake_whip_free (CsFakeWhip *fake)
{
  cs_fake_whip_stop (fake);
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

char *
cs_fake_whip_url (CsFakeWhip *fake, const char *path)
{
  return g_strdup_printf ("http://127.0.0.1:%u%s", fake->port, path);
}
