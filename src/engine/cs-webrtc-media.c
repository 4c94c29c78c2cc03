/* cs-webrtc-media.c — the WebRTC media of a call with a real server (see cs-webrtc-media.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gst/webrtc/webrtc.h>
#include <string.h>

#include "cs-call-session-private.h"
#include "cs-codec-choice.h"
#include "cs-error.h"
#include "cs-ice-config.h"
#include "cs-net-limits.h"
#include "cs-rtcp-feedback.h"
#include "cs-rtcp-split.h"
#include "cs-sender-camera.h"
#include "cs-webrtc-media.h"

static void
on_new_transceiver (GstElement *webrtc, GstWebRTCRTPTransceiver *transceiver, gpointer user_data)
{
  /* NACK and retransmission both ways, as real clients repair loss (and Janus does) */
  g_object_set (transceiver, "do-nack", TRUE, NULL);
}

GstElement *
cs_webrtc_media_new_webrtcbin (const char *name, char **servers)
{
  GstElement *webrtc = gst_element_factory_make ("webrtcbin", name);

  if (webrtc == NULL)
    return NULL;
  /* no 127.0.0.1 here (unlike the lab): libnice stops gathering the real interfaces once an
   * address is added by hand, and a media server offers its interface addresses */
  g_object_set (webrtc, "bundle-policy", GST_WEBRTC_BUNDLE_POLICY_MAX_BUNDLE, "latency", 100, NULL);
  g_signal_connect (webrtc, "on-new-transceiver", G_CALLBACK (on_new_transceiver), NULL);
  /* NACKs and PLIs leave at once, and a sender that slows down (a simulcast layer switched by
   * the server) is not taken for loss */
  cs_rtcp_feedback_tune (webrtc);
  cs_ice_config_disable_upnp (webrtc);
  cs_ice_config_apply (webrtc, servers);
  /* loss repaired by the server: one report block per RTCP packet, so that Janus learns
   * every stream's round-trip time and keeps packets to resend */
  cs_rtcp_split_attach (webrtc);
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
      g_autoptr (GstElement) araw = gst_bin_get_by_name (GST_BIN (bin), "araw");

      if (araw != NULL)
        {
          g_autoptr (GstPad) araw_src = gst_element_get_static_pad (araw, "src");

          cs_media_meter_watch_sent_audio (meter, araw_src);
        }
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
cs_webrtc_media_add_sender (GstElement     *pipeline,
                           GstElement     *webrtc,
                           CsSenderCamera *camera,
                           CsMediaMeter   *meter,
                           GError        **error)
{
  /* the device or the Camera portal's pipewiresrc, named "camera" (cs-sender-camera.c) */
  g_autofree char *video_src = camera != NULL
    ? cs_sender_camera_description (camera)
    : g_strdup ("videotestsrc is-live=true pattern=ball background-color=0xff204a87 motion=sweep");
  /* a steady 440 Hz tone at half scale: WebRTC's audioLevel (a peak held about 110 ms) reads
   * 16 384 at any poll, before Opus and after it (a click's peak is not: Opus rings around it,
   * and Chromium read 32 767 for ticks of 26 213) */
  const char *audio_src = camera != NULL ? "autoaudiosrc" : "audiotestsrc is-live=true wave=sine freq=440 volume=0.5";
  g_autofree char *video = g_strdup_printf (
      "%s ! videoconvert ! videoscale ! videorate ! video/x-raw,width=640,height=360,framerate=30/1 ! "
      "identity name=raw silent=true ! queue max-size-buffers=2 leaky=downstream ! vp8enc name=enc deadline=1 cpu-used=8 target-bitrate=600000 "
      "keyframe-max-dist=60 error-resilient=partitions ! rtpvp8pay pt=96 picture-id-mode=15-bit ! "
      "application/x-rtp,media=video,encoding-name=VP8,payload=96,clock-rate=90000", video_src);
  g_autofree char *audio = g_strdup_printf (
      "%s ! audioconvert ! audioresample ! audio/x-raw,format=S16LE ! identity name=araw silent=true ! queue ! "
      "opusenc bitrate=32000 ! rtpopuspay pt=111 ! "
      "application/x-rtp,media=audio,encoding-name=OPUS,payload=111,clock-rate=48000", audio_src);

  if (!link_sender (pipeline, webrtc, audio, meter, error) || !link_sender (pipeline, webrtc, video, meter, error))
    return FALSE;
  if (camera != NULL)
    cs_sender_camera_attach (camera, GST_BIN (pipeline));
  return TRUE;
}

void
cs_webrtc_media_link_incoming (CsCallSession *session,
                              GstElement    *pipeline,
                              GstPad        *pad,
                              const char    *uid,
                              CsWebrtcStats *stats,
                              CsMediaMeter  *meter)
{
  g_autoptr(GstCaps) caps = NULL;
  const GstStructure *s;
  const char *media, *encoding;
  g_autofree char *desc = NULL;
  g_autofree char *decoder = NULL;
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

  /* the decoder is chosen by what is installed (cs-codec-choice.c); none: the stream is
   * named undecodable (RECV_VIDEO_DECODE_FAILED / RECV_AUDIO_DECODE_FAILED with its codec) */
  desc = cs_codec_choice_receive_description (encoding, video, NULL, &decoder);
  if (desc != NULL)
    bin = gst_parse_bin_from_description (desc, TRUE, NULL);
  else
    bin = NULL;
  if (bin == NULL)
    {
      g_debug ("no decoder for the %s stream (%s) of %s: it is counted, not shown",
                 video ? "video" : "audio", encoding != NULL ? encoding : "?", uid);
      g_clear_pointer (&desc, g_free);
      if (meter != NULL && (video || g_strcmp0 (media, "audio") == 0))
        cs_media_meter_set_undecodable (meter, video);
      bin = gst_parse_bin_from_description ("fakesink sync=false async=false", TRUE, NULL);
    }
  if (bin == NULL)
    return;
  g_debug ("decoding the %s stream of %s with %s", encoding != NULL ? encoding : "?", uid,
           decoder != NULL ? decoder : "nothing");
  if (desc != NULL && meter != NULL)
    {
      g_autoptr (GstElement) dec = gst_bin_get_by_name (GST_BIN (bin), "dec");

      if (dec != NULL)
        cs_media_meter_watch_decoder (meter, dec, video);
    }
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
cs_webrtc_media_map_send_pads (GstElement    *webrtc,
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

/* "a=rtcp-fb:PT ccm fir": with it, rtpsession asks for keyframes with FIR (RFC 5104), which
 * Janus 1.1.2 ignores (it forwards only PLI, and the old RFC 2032 FIR, to the publisher), so
 * a lost frame froze the video until the publisher's next periodic keyframe. Without it
 * Callscope asks with PLI, as Chromium does. */
static gboolean
is_fir_feedback (const GstSDPAttribute *attr)
{
  return g_strcmp0 (attr->key, "rtcp-fb") == 0 && attr->value != NULL && strstr (attr->value, "ccm fir") != NULL;
}

gboolean
cs_webrtc_media_bound_remote_sdp (GstSDPMessage *sdp,
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

          if (is_fir_feedback (attr))
            gst_sdp_media_remove_attribute (media, a);
          else if (g_strcmp0 (attr->key, "candidate") != 0)
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
cs_webrtc_media_promise (const char *what)
{
  return gst_promise_new_with_change_func (on_promise_replied, (gpointer) what, NULL);
}
