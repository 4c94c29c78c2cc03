/* cs-janus-media.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gst/webrtc/webrtc.h>
#include <math.h>
#include <string.h>

#include "cs-error.h"
#include "cs-call-session-private.h"
#include "cs-janus-media.h"
#include "cs-net-limits.h"

char *
cs_janus_media_ice_server_to_gst (const char *uri, gboolean *is_turn)
{
  static const struct { const char *prefix; const char *scheme; gboolean turn; } schemes[] = {
    { "stun://", "stun://", FALSE }, { "stun:", "stun://", FALSE },
    { "turns://", "turns://", TRUE }, { "turns:", "turns://", TRUE },
    { "turn://", "turn://", TRUE }, { "turn:", "turn://", TRUE },
  };

  if (is_turn != NULL)
    *is_turn = FALSE;
  if (uri == NULL)
    return NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (schemes); i++)
    if (g_ascii_strncasecmp (uri, schemes[i].prefix, strlen (schemes[i].prefix)) == 0)
      {
        const char *rest = uri + strlen (schemes[i].prefix);

        if (*rest == '\0' || strchr (rest, ' ') != NULL)
          return NULL;
        if (is_turn != NULL)
          *is_turn = schemes[i].turn;
        return g_strconcat (schemes[i].scheme, rest, NULL);
      }
  return NULL;
}

guint
cs_janus_media_apply_ice_servers (GstElement *webrtc, char **servers)
{
  guint refused = 0;
  gboolean have_stun = FALSE;

  for (guint i = 0; servers != NULL && servers[i] != NULL; i++)
    {
      gboolean turn = FALSE;
      g_autofree char *gst = cs_janus_media_ice_server_to_gst (servers[i], &turn);
      gboolean ok = FALSE;

      if (gst == NULL)
        refused++;
      else if (turn)
        g_signal_emit_by_name (webrtc, "add-turn-server", gst, &ok);
      else if (!have_stun)
        {
          g_object_set (webrtc, "stun-server", gst, NULL);
          have_stun = TRUE;
        }
    }
  return refused;
}

void
cs_janus_media_disable_upnp (GstElement *webrtc)
{
  g_autoptr (GstObject) ice = NULL;
  g_autoptr (GObject) agent = NULL;

  /* WebRTC needs no port mappings (STUN and TURN do that job); libnice's UPnP IGD
   * discovery only binds ports, multicasts on the LAN and prints gupnp warnings */
  g_object_get (webrtc, "ice-agent", &ice, NULL);
  if (ice != NULL && g_object_class_find_property (G_OBJECT_GET_CLASS (ice), "agent") != NULL)
    g_object_get (ice, "agent", &agent, NULL);
  if (agent != NULL && g_object_class_find_property (G_OBJECT_GET_CLASS (agent), "upnp") != NULL)
    g_object_set (agent, "upnp", FALSE, NULL);
}

static void
on_new_transceiver (GstElement *webrtc, GstWebRTCRTPTransceiver *transceiver, gpointer user_data)
{
  /* NACK and retransmission both ways, as real clients repair loss (and Janus does) */
  g_object_set (transceiver, "do-nack", TRUE, NULL);
}

GstElement *
cs_janus_media_new_webrtcbin (const char *name, char **servers)
{
  GstElement *webrtc = gst_element_factory_make ("webrtcbin", name);

  if (webrtc == NULL)
    return NULL;
  /* no 127.0.0.1 here (unlike the lab): libnice stops gathering the real interfaces once an
   * address is added by hand, and a media server offers its interface addresses */
  g_object_set (webrtc, "bundle-policy", GST_WEBRTC_BUNDLE_POLICY_MAX_BUNDLE, "latency", 100, NULL);
  g_signal_connect (webrtc, "on-new-transceiver", G_CALLBACK (on_new_transceiver), NULL);
  cs_janus_media_disable_upnp (webrtc);
  cs_janus_media_apply_ice_servers (webrtc, servers);
  return webrtc;
}

static gboolean
link_sender (GstElement *pipeline, GstElement *webrtc, const char *desc, CsMediaMeter *meter, GError **error)
{
  GstElement *bin = gst_parse_bin_from_description (desc, TRUE, NULL);
  g_autoptr(GstPad) src = NULL;
  g_autoptr(GstPad) sink = NULL;

  if (bin == NULL)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_MISSING_ELEMENT,
                   _("A GStreamer element needed to send media is not installed"));
      return FALSE;
    }
  gst_bin_add (GST_BIN (pipeline), bin);
  src = gst_element_get_static_pad (bin, "src");
  sink = gst_element_request_pad_simple (webrtc, "sink_%u");
  if (src == NULL || sink == NULL || gst_pad_link (src, sink) != GST_PAD_LINK_OK)
    {
      if (sink != NULL)
        gst_element_release_request_pad (webrtc, sink);
      gst_bin_remove (GST_BIN (pipeline), bin);
      g_set_error (error, CS_ERROR, CS_ERROR_FAILED, _("Could not connect the media sources"));
      return FALSE;
    }
  /* a publisher only sends (RFC 9725 §4.2, and Janus' publishers): the pad's transceiver
   * would be sendrecv */
  {
    g_autoptr (GstWebRTCRTPTransceiver) transceiver = NULL;

    g_object_get (sink, "transceiver", &transceiver, NULL);
    if (transceiver != NULL)
      g_object_set (transceiver, "direction", GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_SENDONLY, NULL);
  }
  if (meter != NULL)
    {
      g_autoptr (GstElement) raw = gst_bin_get_by_name (GST_BIN (bin), "raw");
      g_autoptr (GstElement) enc = gst_bin_get_by_name (GST_BIN (bin), "enc");

      if (raw != NULL && enc != NULL)
        {
          g_autoptr (GstPad) raw_src = gst_element_get_static_pad (raw, "src");
          g_autoptr (GstPad) enc_src = gst_element_get_static_pad (enc, "src");

          cs_media_meter_watch_sent_video (meter, raw_src, enc_src);
        }
    }
  return TRUE;
}

gboolean
cs_janus_media_add_sender (GstElement   *pipeline,
                           GstElement   *webrtc,
                           gboolean      use_camera,
                           CsMediaMeter *meter,
                           GError      **error)
{
  const char *video_src = use_camera ? "autovideosrc" : "videotestsrc is-live=true pattern=ball background-color=0xff204a87 motion=sweep";
  const char *audio_src = use_camera ? "autoaudiosrc" : "audiotestsrc is-live=true wave=ticks";
  g_autofree char *video = g_strdup_printf (
      "%s ! videoconvert ! videoscale ! videorate ! video/x-raw,width=640,height=360,framerate=30/1 ! "
      "identity name=raw silent=true ! queue max-size-buffers=2 leaky=downstream ! vp8enc name=enc deadline=1 cpu-used=8 target-bitrate=600000 "
      "keyframe-max-dist=60 error-resilient=partitions ! rtpvp8pay pt=96 picture-id-mode=15-bit ! "
      "application/x-rtp,media=video,encoding-name=VP8,payload=96,clock-rate=90000", video_src);
  g_autofree char *audio = g_strdup_printf (
      "%s ! audioconvert ! audioresample ! queue ! opusenc bitrate=32000 ! rtpopuspay pt=111 ! "
      "application/x-rtp,media=audio,encoding-name=OPUS,payload=111,clock-rate=48000", audio_src);

  return link_sender (pipeline, webrtc, audio, NULL, error) && link_sender (pipeline, webrtc, video, meter, error);
}

void
cs_janus_media_link_incoming (CsCallSession *session,
                              GstElement    *pipeline,
                              GstPad        *pad,
                              const char    *uid,
                              CsWebrtcStats *stats,
                              CsMediaMeter  *meter)
{
  g_autoptr(GstCaps) caps = NULL;
  const GstStructure *s;
  const char *media, *encoding;
  const char *desc = NULL;
  GstElement *bin;
  g_autoptr(GstPad) sinkpad = NULL;
  gboolean video;

  if (GST_PAD_DIRECTION (pad) != GST_PAD_SRC)
    return;
  caps = gst_pad_get_current_caps (pad);
  if (caps == NULL)
    caps = gst_pad_query_caps (pad, NULL);
  if (caps == NULL || gst_caps_get_size (caps) == 0)
    return;
  s = gst_caps_get_structure (caps, 0);
  media = gst_structure_get_string (s, "media");
  encoding = gst_structure_get_string (s, "encoding-name");
  video = g_strcmp0 (media, "video") == 0;
  if (stats != NULL)
    cs_webrtc_stats_map_pad (stats, pad, uid);

  if (g_strcmp0 (encoding, "VP8") == 0)
    desc = "queue max-size-time=500000000 ! rtpvp8depay request-keyframe=true wait-for-keyframe=true ! "
           "vp8dec threads=1 ! videoconvert name=conv";
  else if (g_strcmp0 (encoding, "VP9") == 0)
    desc = "queue max-size-time=500000000 ! rtpvp9depay ! vp9dec threads=1 ! videoconvert name=conv";
  else if (g_strcmp0 (encoding, "OPUS") == 0)
    desc = "queue max-size-time=500000000 ! rtpopusdepay ! opusdec plc=true ! audioconvert ! "
           "audio/x-raw,format=S16LE ! fakesink name=asink sync=false async=false";
  if (desc != NULL)
    bin = gst_parse_bin_from_description (desc, TRUE, NULL);
  else
    bin = gst_parse_bin_from_description ("fakesink sync=false async=false", TRUE, NULL);
  if (bin == NULL)
    bin = gst_parse_bin_from_description ("fakesink sync=false async=false", TRUE, NULL);
  if (bin == NULL)
    return;
  if (!video && desc != NULL && meter != NULL)
    {
      g_autoptr (GstElement) asink = gst_bin_get_by_name (GST_BIN (bin), "asink");
      g_autoptr (GstPad) apad = asink != NULL ? gst_element_get_static_pad (asink, "sink") : NULL;

      if (apad != NULL)
        cs_media_meter_watch_audio (meter, apad);
    }
  if (video && desc != NULL)
    {
      GstElement *conv = gst_bin_get_by_name (GST_BIN (bin), "conv");
      GstElement *sink = cs_call_session_create_video_sink (session, uid);
      GstPad *ghost = gst_element_get_static_pad (bin, "src");

      /* the parser ghosted conv's free src pad: drop it so conv can feed the sink */
      if (ghost != NULL)
        {
          gst_element_remove_pad (bin, ghost);
          gst_object_unref (ghost);
        }
      if (conv != NULL)
        {
          if (meter != NULL)
            {
              g_autoptr (GstPad) vpad = gst_element_get_static_pad (conv, "src");

              cs_media_meter_watch_video (meter, vpad);
            }
          gst_bin_add (GST_BIN (bin), sink);
          gst_element_link (conv, sink);
          gst_object_unref (conv);
        }
      else
        gst_object_unref (gst_object_ref_sink (sink));
    }
  gst_bin_add (GST_BIN (pipeline), bin);
  gst_element_sync_state_with_parent (bin);
  sinkpad = gst_element_get_static_pad (bin, "sink");
  if (sinkpad != NULL)
    {
      GstPadLinkReturn ret = gst_pad_link (pad, sinkpad);

      g_debug ("linked %s (%s) of %s: %d", GST_PAD_NAME (pad), encoding, uid, ret);
    }
}

void
cs_janus_media_map_send_pads (GstElement    *webrtc,
                              CsWebrtcStats *stats,
                              const char    *peer_uid)
{
  GstIterator *it = gst_element_iterate_sink_pads (webrtc);
  GValue item = G_VALUE_INIT;
  gboolean done = FALSE;

  while (!done)
    switch (gst_iterator_next (it, &item))
      {
      case GST_ITERATOR_OK:
        cs_webrtc_stats_map_pad (stats, g_value_get_object (&item), peer_uid);
        g_value_reset (&item);
        break;
      case GST_ITERATOR_RESYNC:
        gst_iterator_resync (it);
        break;
      default:
        done = TRUE;
        break;
      }
  g_value_unset (&item);
  gst_iterator_free (it);
}

/* ------------------------------------------------------------------ remote descriptions */

gboolean
cs_janus_media_bound_remote_sdp (GstSDPMessage *sdp,
                                 const char    *what,
                                 guint         *n_candidates,
                                 guint         *n_dropped,
                                 GError       **error)
{
  guint n_medias = gst_sdp_message_medias_len (sdp);
  guint dropped = 0;

  if (n_dropped != NULL)
    *n_dropped = 0;
  if (n_medias == 0)
    {
      /* TRANSLATORS: %s is "The answer from URL" or "The server's offer for NAME" */
      g_set_error (error, CS_ERROR, CS_ERROR_PROTOCOL, _("%s has no media"), what);
      return FALSE;
    }
  if (n_medias > CS_NET_MAX_SDP_MEDIAS)
    {
      /* TRANSLATORS: %s is "The answer from URL" or "The server's offer for NAME" */
      g_set_error (error, CS_ERROR, CS_ERROR_PROTOCOL,
                   _("%s has %u media sections; Callscope takes at most %u: refused"), what, n_medias,
                   CS_NET_MAX_SDP_MEDIAS);
      return FALSE;
    }
  for (guint i = 0; i < n_medias; i++)
    {
      GstSDPMedia *media = (GstSDPMedia *) gst_sdp_message_get_media (sdp, i);

      for (guint a = 0; a < gst_sdp_media_attributes_len (media);)
        {
          const GstSDPAttribute *attr = gst_sdp_media_get_attribute (media, a);

          if (g_strcmp0 (attr->key, "candidate") != 0)
            a++;
          else if (*n_candidates < CS_NET_MAX_REMOTE_CANDIDATES)
            {
              (*n_candidates)++;
              a++;
            }
          else
            {
              gst_sdp_media_remove_attribute (media, a);
              dropped++;
            }
        }
    }
  if (n_dropped != NULL)
    *n_dropped = dropped;
  return TRUE;
}

/* ------------------------------------------------------------------ promises */

static void
on_promise_replied (GstPromise *promise, gpointer user_data)
{
  const GstStructure *reply = gst_promise_get_reply (promise);
  GError *error = NULL;

  /* webrtcbin answers a failed operation with an "error" field; 1.22 leaks that reply when
   * it has no promise to give it to */
  if (reply != NULL && gst_structure_has_field (reply, "error"))
    {
      gst_structure_get (reply, "error", G_TYPE_ERROR, &error, NULL);
      g_debug ("%s failed: %s", (const char *) user_data, error != NULL ? error->message : "?");
      g_clear_error (&error);
    }
}

GstPromise *
cs_janus_media_promise (const char *what)
{
  return gst_promise_new_with_change_func (on_promise_replied, (gpointer) what, NULL);
}

/* ------------------------------------------------------------------ the local last mile */

void
cs_janus_media_configure_netsim (GstElement *netsim, const double *link)
{
  double loss = MAX (0, link[CS_LINK_KEY_LOSS]), delay = MAX (0, link[CS_LINK_KEY_DELAY]);
  double jitter = MAX (0, link[CS_LINK_KEY_JITTER]), rate = MAX (0, link[CS_LINK_KEY_RATE]);
  int min_delay = (int) MAX (0, round (delay - jitter));
  int max_delay = (int) MAX (0, round (delay + jitter));

  g_object_set (netsim,
                "drop-probability", (gfloat) (loss / 100.0),
                "delay-probability", (gfloat) (max_delay > 0 ? 1.0 : 0.0),
                "min-delay", min_delay,
                "max-delay", max_delay,
                "max-kbps", rate > 0 ? (int) rate : -1,
                /* a token bucket of 100 ms, at least 16 kbit: a policer like a shaped last mile */
                "max-bucket-size", rate > 0 ? (int) MAX (16, rate / 10) : -1,
                NULL);
}

gboolean
cs_janus_media_parse_local_impairment (char **impair, CsImpairment *out, GError **error)
{
  cs_impairment_init (out);
  for (guint i = 0; impair != NULL && impair[i] != NULL; i++)
    {
      g_autofree char *uid = NULL;
      CsImpairment one;

      cs_impairment_init (&one);
      if (!cs_impairment_parse (impair[i], &uid, &one, error))
        return FALSE;
      if (uid != NULL && strcmp (uid, "local") != 0)
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_OPTION,
                       _("--impair=%s: in a real call only your own link (local) can be impaired"), impair[i]);
          return FALSE;
        }
      cs_impairment_merge (out, &one);
    }
  return TRUE;
}

/* Packets that leave netsim: a private copy (netsim hands out shared buffers that later
 * elements write to) and, on the receive side, stamped with the time they leave so the
 * jitter buffer sees the delay (gst-webrtc-reference §8). */
static GstPadProbeReturn
on_link_exit (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  GstBuffer *copy = gst_buffer_copy_deep (GST_PAD_PROBE_INFO_BUFFER (info));

  if (GPOINTER_TO_INT (user_data))
    {
      g_autoptr (GstElement) netsim = gst_pad_get_parent_element (pad);
      GstClockTime now = netsim != NULL ? gst_element_get_current_running_time (netsim) : GST_CLOCK_TIME_NONE;

      if (GST_CLOCK_TIME_IS_VALID (now))
        GST_BUFFER_PTS (copy) = GST_BUFFER_DTS (copy) = now;
    }
  gst_buffer_unref (GST_PAD_PROBE_INFO_BUFFER (info));
  GST_PAD_PROBE_INFO_DATA (info) = copy;
  return GST_PAD_PROBE_OK;
}

/* Puts a netsim between @pad (a src pad) and its peer, inside @bin. */
static gboolean
insert_netsim (GstBin *bin, GstPad *src, const double *link, gboolean restamp)
{
  g_autoptr (GstPad) peer = gst_pad_get_peer (src);
  g_autoptr (GstPad) nsink = NULL;
  g_autoptr (GstPad) nsrc = NULL;
  GstElement *netsim;

  if (peer == NULL)
    return FALSE;
  netsim = gst_element_factory_make ("netsim", NULL);
  if (netsim == NULL)
    return FALSE;
  g_object_set (netsim, "allow-reordering", FALSE, NULL);
  cs_janus_media_configure_netsim (netsim, link);
  gst_bin_add (bin, netsim);
  nsink = gst_element_get_static_pad (netsim, "sink");
  nsrc = gst_element_get_static_pad (netsim, "src");
  gst_pad_unlink (src, peer);
  if (gst_pad_link (src, nsink) != GST_PAD_LINK_OK || gst_pad_link (nsrc, peer) != GST_PAD_LINK_OK)
    return FALSE;
  gst_pad_add_probe (nsrc, GST_PAD_PROBE_TYPE_BUFFER, on_link_exit, GINT_TO_POINTER (restamp), NULL);
  gst_element_sync_state_with_parent (netsim);
  return TRUE;
}

static void
on_transport_added (GstBin *webrtc, GstElement *element, gpointer user_data)
{
  const CsImpairment *imp = user_data;
  const char *type = G_OBJECT_TYPE_NAME (element);
  gboolean receive = g_str_has_prefix (type, "TransportReceiveBin");
  GstIterator *it;
  GValue item = G_VALUE_INIT;

  if (!receive && !g_str_has_prefix (type, "TransportSendBin"))
    return;
  it = gst_bin_iterate_elements (GST_BIN (element));
  while (gst_iterator_next (it, &item) == GST_ITERATOR_OK)
    {
      GstElement *child = g_value_get_object (&item);
      GstElementFactory *factory = gst_element_get_factory (child);
      const char *name = factory != NULL ? GST_OBJECT_NAME (factory) : "";
      gboolean ok = TRUE;

      /* receive: nicesrc ! netsim ! …; send: … ! netsim ! nicesink */
      if (receive && strcmp (name, "nicesrc") == 0)
        {
          g_autoptr (GstPad) src = gst_element_get_static_pad (child, "src");

          ok = insert_netsim (GST_BIN (element), src, imp->down, TRUE);
        }
      else if (!receive && strcmp (name, "nicesink") == 0)
        {
          g_autoptr (GstPad) sink = gst_element_get_static_pad (child, "sink");
          g_autoptr (GstPad) src = gst_pad_get_peer (sink);

          ok = src != NULL && insert_netsim (GST_BIN (element), src, imp->up, FALSE);
        }
      if (!ok)
        g_warning ("could not impair a transport of %s", GST_OBJECT_NAME (webrtc));
      g_value_reset (&item);
    }
  g_value_unset (&item);
  gst_iterator_free (it);
}

void
cs_janus_media_impair (GstElement *webrtc, const CsImpairment *impairment)
{
  if (impairment == NULL || !cs_impairment_is_set_link (impairment))
    return;
  g_signal_connect_data (webrtc, "element-added", G_CALLBACK (on_transport_added),
                         g_memdup2 (impairment, sizeof *impairment), (GClosureNotify) (void (*) (void)) g_free, 0);
}
