/* cs-lab-pipeline.c — the lab's pipeline and its loopback signalling (see cs-lab-call-private.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gst/gst.h>
#include <gst/webrtc/webrtc.h>
#include <nice/agent.h>
#include <string.h>

#include "cs-error.h"
#include "cs-ice-config.h"
#include "cs-camera.h"
#include "cs-lab-call-private.h"
#include "cs-rtcp-feedback.h"

static void
track_init (Track *track)
{
  track->level = CS_UNKNOWN;
  track->recv_delay = CS_UNKNOWN;
}

/* ---------------------------------------------------------------- signalling */

static void
on_answer_created (GstPromise *promise, gpointer user_data)
{
  Pair *pair = user_data;
  const GstStructure *reply;
  GstWebRTCSessionDescription *answer = NULL;

  if (gst_promise_wait (promise) == GST_PROMISE_RESULT_REPLIED &&
      (reply = gst_promise_get_reply (promise)) != NULL)
    gst_structure_get (reply, "answer", GST_TYPE_WEBRTC_SESSION_DESCRIPTION, &answer, NULL);
  gst_promise_unref (promise);
  if (answer == NULL)
    {
      GST_ELEMENT_WARNING (pair->b.webrtc, STREAM, FAILED, ("no answer"), (NULL));
      return;
    }
  g_signal_emit_by_name (pair->b.webrtc, "set-local-description", answer, NULL);
  g_signal_emit_by_name (pair->a.webrtc, "set-remote-description", answer, NULL);
  gst_webrtc_session_description_free (answer);
}

static void
on_offer_created (GstPromise *promise, gpointer user_data)
{
  Pair *pair = user_data;
  const GstStructure *reply;
  GstWebRTCSessionDescription *offer = NULL;

  if (gst_promise_wait (promise) == GST_PROMISE_RESULT_REPLIED &&
      (reply = gst_promise_get_reply (promise)) != NULL)
    gst_structure_get (reply, "offer", GST_TYPE_WEBRTC_SESSION_DESCRIPTION, &offer, NULL);
  gst_promise_unref (promise);
  if (offer == NULL)
    {
      GST_ELEMENT_WARNING (pair->a.webrtc, STREAM, FAILED, ("no offer"), (NULL));
      return;
    }
  g_signal_emit_by_name (pair->a.webrtc, "set-local-description", offer, NULL);
  g_signal_emit_by_name (pair->b.webrtc, "set-remote-description", offer, NULL);
  g_signal_emit_by_name (pair->b.webrtc, "create-answer", NULL,
                         gst_promise_new_with_change_func (on_answer_created, pair, NULL));
  gst_webrtc_session_description_free (offer);
}

static void
on_negotiation_needed (GstElement *webrtc, gpointer user_data)
{
  Pair *pair = user_data;

  if (!g_atomic_int_compare_and_exchange (&pair->negotiating, 0, 1))
    return;
  g_signal_emit_by_name (webrtc, "create-offer", NULL,
                         gst_promise_new_with_change_func (on_offer_created, pair, NULL));
}

static void
on_ice_candidate (GstElement *webrtc, guint mline, const char *candidate, gpointer user_data)
{
  End *end = user_data;
  End *other = end == &end->pair->a ? &end->pair->b : &end->pair->a;

  g_signal_emit_by_name (other->webrtc, "add-ice-candidate", mline, candidate);
}

static void
on_new_transceiver (GstElement *webrtc, GstWebRTCRTPTransceiver *transceiver, gpointer user_data)
{
  /* NACK + RTX, as real clients repair loss */
  g_object_set (transceiver, "do-nack", TRUE, NULL);
}

static void
on_connection_state (GstElement *webrtc, GParamSpec *pspec, gpointer user_data)
{
  End *end = user_data;
  CsLabCall *self = end->call;
  GstWebRTCPeerConnectionState gst_state;
  CsConnectionState state;
  CsStatsPoller *poller;
  const char *message = NULL;
  gboolean unimpaired;

  g_object_get (webrtc, "connection-state", &gst_state, NULL);
  state = cs_webrtc_stats_connection_state_from_gst (gst_state);
  g_mutex_lock (&self->lock);
  if (state == end->state)
    {
      g_mutex_unlock (&self->lock);
      return;
    }
  end->state = state;
  poller = POLLER (self) != NULL ? g_object_ref (POLLER (self)) : NULL;
  unimpaired = state == CS_CONNECTION_STATE_CONNECTED && end->downlink_netsims->len == 0;
  g_mutex_unlock (&self->lock);

  /* The lab impairs a link inside webrtcbin's transport bins (cs-lab-measure.c), a layout of
   * GStreamer 1.22–1.24 that webrtcbin does not promise: a call that would say "impaired"
   * while nothing is, is refused. */
  if (unimpaired)
    {
      g_autoptr (GError) error = g_error_new (CS_ERROR, CS_ERROR_MISSING_ELEMENT,
                                              _("The lab cannot impair its links with %s: its webrtcbin "
                                                "has no transport with a nicesrc where the lab expects one"),
                                              gst_version_string ());

      gst_element_post_message (PIPELINE (self), gst_message_new_error (GST_OBJECT (PIPELINE (self)), error, NULL));
    }

  switch (state)
    {
    case CS_CONNECTION_STATE_DISCONNECTED: message = "ICE disconnected"; break;
    case CS_CONNECTION_STATE_FAILED: message = "peer connection failed"; break;
    case CS_CONNECTION_STATE_CLOSED: message = "peer connection closed"; break;
    default: break;
    }
  if (poller != NULL)
    {
      cs_stats_poller_post_sample (poller,
                                   cs_webrtc_stats_connection_sample (end->user->uid, end->peer->uid, state, message,
                                                                      cs_stats_poller_get_time (poller)));
      g_object_unref (poller);
    }
}

/* ---------------------------------------------------------------- receive side */

static void
on_pad_added (GstElement *webrtc, GstPad *pad, gpointer user_data)
{
  End *end = user_data;
  CsLabCall *self = end->call;
  g_autoptr (GstCaps) caps = NULL;
  const GstStructure *s;
  const char *media;
  gboolean video;
  g_autoptr (GError) error = NULL;
  GstElement *bin, *dec, *render, *sink;
  g_autoptr (GstPad) sinkpad = NULL;
  Track *track;

  if (GST_PAD_DIRECTION (pad) != GST_PAD_SRC)
    return;
  caps = gst_pad_get_current_caps (pad);
  if (caps == NULL)
    caps = gst_pad_query_caps (pad, NULL);
  s = gst_caps_get_structure (caps, 0);
  media = gst_structure_get_string (s, "media");
  video = g_strcmp0 (media, "video") == 0;
  track = video ? &end->video : &end->audio;

  if (video)
    bin = gst_parse_bin_from_description ("queue name=in max-size-time=500000000 ! rtpvp8depay request-keyframe=true "
                                          "wait-for-keyframe=true ! vp8dec name=dec threads=1 ! "
                                          "identity name=render sync=true silent=true ! videoconvert name=conv",
                                          FALSE, &error);
  else
    bin = gst_parse_bin_from_description ("queue name=in max-size-time=500000000 ! rtpopusdepay ! opusdec name=dec plc=true ! "
                                          "audioconvert ! identity name=meter silent=true ! "
                                          "identity name=render sync=true silent=true ! fakesink sync=false async=false",
                                          FALSE, &error);
  if (bin == NULL)
    {
      GST_ELEMENT_WARNING (webrtc, CORE, MISSING_PLUGIN, ("%s", error->message), (NULL));
      return;
    }
  {
    GstElement *in = gst_bin_get_by_name (GST_BIN (bin), "in");
    g_autoptr (GstPad) target = gst_element_get_static_pad (in, "sink");

    gst_element_add_pad (bin, gst_ghost_pad_new ("sink", target));
    gst_object_unref (in);
  }
  dec = gst_bin_get_by_name (GST_BIN (bin), "dec");
  render = gst_bin_get_by_name (GST_BIN (bin), "render");
  g_object_set_data (G_OBJECT (dec), "cs-track", track);
  /* a frame that fails to decode is dropped and counted (_cs_lab_add_probe), not an error
   * that stops the stream */
  g_object_set (dec, "max-errors", -1, NULL);
  _cs_lab_add_probe (self, dec, "sink", CS_LAB_PROBE_DECODER_IN, track, video);
  _cs_lab_add_probe (self, dec, "src", CS_LAB_PROBE_DECODED, track, video);
  _cs_lab_add_probe (self, render, "src", CS_LAB_PROBE_RENDERED, track, video);
  if (video)
    {
      GstElement *conv = gst_bin_get_by_name (GST_BIN (bin), "conv");
      /* the local user's window shows what it receives; the simulated users watch nothing */
      if (end == &end->pair->a)
        sink = cs_call_session_create_video_sink (CS_CALL_SESSION (self), end->peer->uid);
      else
        {
          sink = gst_element_factory_make ("fakesink", NULL);
          g_object_set (sink, "sync", FALSE, "async", FALSE, "enable-last-sample", FALSE, NULL);
        }
      gst_bin_add (GST_BIN (bin), sink);
      gst_element_link (conv, sink);
      gst_object_unref (conv);
    }
  else
    {
      GstElement *level = gst_bin_get_by_name (GST_BIN (bin), "meter");

      g_object_set_data (G_OBJECT (level), "cs-track", track);
      _cs_lab_watch_level (self, level, &track->level);
      gst_object_unref (level);
    }
  gst_object_unref (dec);
  gst_object_unref (render);

  gst_bin_add (GST_BIN (PIPELINE (self)), bin);
  gst_element_sync_state_with_parent (bin);
  sinkpad = gst_element_get_static_pad (bin, "sink");
  if (gst_pad_link (pad, sinkpad) != GST_PAD_LINK_OK)
    GST_ELEMENT_WARNING (webrtc, CORE, PAD, ("could not link a received %s track", media), (NULL));
}

/* ---------------------------------------------------------------- building */

static const char *patterns[] = { "ball", "smpte", "pinwheel", "spokes", "gradient", "circular", "bar" };

/* Builds user @user's senders; returns the video and audio RTP outputs (src pads of the
 * last element, transfer none via the elements). */
static gboolean
build_sender (CsLabCall *self, User *user, guint index, GstElement **video_out, GstElement **audio_out,
              GError **error)
{
  g_autofree char *video_desc = NULL;
  g_autofree char *audio_desc = NULL;
  GstElement *vbin, *abin, *capture, *enc, *pay, *level, *aenc, *apay;

  if (self->use_camera && index == 0)
    {
      /* the device, or pipewiresrc on the Camera portal's remote (cs-camera.c) */
      g_autofree char *camera = cs_camera_source_description (self->camera_fd);

      video_desc = g_strdup_printf ("%s ! videoconvert ! videoscale ! videorate ! "
                                    "video/x-raw,format=I420,width=%d,height=%d,framerate=%d/1 ! identity name=capture ! "
                                    "tee name=raw ! queue max-size-buffers=2 leaky=downstream ! ",
                                    camera, VIDEO_WIDTH, VIDEO_HEIGHT, VIDEO_FPS);
    }
  else
    video_desc = g_strdup_printf ("videotestsrc is-live=true pattern=%s horizontal-speed=%d ! "
                                  "video/x-raw,format=I420,width=%d,height=%d,framerate=%d/1 ! identity name=capture ! "
                                  "tee name=raw ! queue max-size-buffers=2 leaky=downstream ! ",
                                  patterns[index % G_N_ELEMENTS (patterns)], index == 1 ? 0 : 2,
                                  VIDEO_WIDTH, VIDEO_HEIGHT, VIDEO_FPS);
  {
    g_autofree char *rest = g_strdup_printf ("vp8enc name=enc deadline=1 cpu-used=8 threads=1 end-usage=cbr "
                                             "target-bitrate=%d keyframe-max-dist=150 error-resilient=partitions ! "
                                             "rtpvp8pay name=pay picture-id-mode=15-bit ! "
                                             "capsfilter caps=\"application/x-rtp,media=video,encoding-name=VP8,payload=96,clock-rate=90000\"",
                                             VIDEO_KBPS * 1000);
    char *joined = g_strconcat (video_desc, rest, NULL);
    g_free (video_desc);
    video_desc = joined;
  }
  if (self->use_camera && index == 0)
    audio_desc = g_strdup_printf ("autoaudiosrc ! audioconvert ! audioresample ! "
                                  "audio/x-raw,rate=48000,channels=1 ! volume name=volume ! "
                                  "identity name=meter silent=true ! identity name=gate ! "
                                  "opusenc name=aenc bitrate=%d ! rtpopuspay name=apay ! "
                                  "capsfilter caps=\"application/x-rtp,media=audio,encoding-name=OPUS,payload=97,clock-rate=48000\"",
                                  AUDIO_KBPS * 1000);
  else
    audio_desc = g_strdup_printf ("audiotestsrc is-live=true wave=sine freq=%u volume=0.3 samplesperbuffer=960 ! "
                                  "audio/x-raw,rate=48000,channels=1 ! volume name=volume ! "
                                  "identity name=meter silent=true ! identity name=gate ! "
                                  "opusenc name=aenc bitrate=%d ! rtpopuspay name=apay ! "
                                  "capsfilter caps=\"application/x-rtp,media=audio,encoding-name=OPUS,payload=97,clock-rate=48000\"",
                                  330 + 110 * index, AUDIO_KBPS * 1000);

  vbin = gst_parse_bin_from_description (video_desc, TRUE, error);
  if (vbin == NULL)
    return FALSE;
  abin = gst_parse_bin_from_description (audio_desc, TRUE, error);
  if (abin == NULL)
    {
      gst_object_unref (gst_object_ref_sink (vbin));
      return FALSE;
    }

  /* the local user's own picture goes to the window; the others' to nothing */
  if (index == 0)
    {
      GstElement *raw = gst_bin_get_by_name (GST_BIN (vbin), "raw");
      GstElement *queue = gst_element_factory_make ("queue", NULL);
      GstElement *conv = gst_element_factory_make ("videoconvert", NULL);
      GstElement *sink = cs_call_session_create_video_sink (CS_CALL_SESSION (self), user->uid);

      g_object_set (queue, "max-size-buffers", 2, "leaky", 2, NULL);
      gst_bin_add_many (GST_BIN (vbin), queue, conv, sink, NULL);
      gst_element_link_many (raw, queue, conv, sink, NULL);
      gst_object_unref (raw);
    }

  if (self->use_camera && index == 0)
    {
      self->camera = gst_bin_get_by_name (GST_BIN (vbin), "camera");
      /* pipewiresrc's start waits for PipeWire: lab_start starts it apart (cs-camera.c) */
      if (self->camera_fd >= 0)
        gst_element_set_locked_state (self->camera, TRUE);
      else
        cs_camera_guard (self->camera); /* autovideosrc's fallback picture is no camera */
    }
  capture = gst_bin_get_by_name (GST_BIN (vbin), "capture");
  enc = gst_bin_get_by_name (GST_BIN (vbin), "enc");
  pay = gst_bin_get_by_name (GST_BIN (vbin), "pay");
  user->venc = gst_object_ref (enc);
  _cs_lab_add_probe (self, capture, "src", CS_LAB_PROBE_CAPTURE, user, TRUE);
  _cs_lab_add_probe (self, enc, "sink", CS_LAB_PROBE_SEND_GATE, user, TRUE);
  _cs_lab_add_probe (self, enc, "src", CS_LAB_PROBE_ENCODED, user, TRUE);
  _cs_lab_add_probe (self, pay, "src", CS_LAB_PROBE_PACKETISED, user, TRUE);
  gst_object_unref (capture);
  gst_object_unref (enc);
  gst_object_unref (pay);

  user->volume = gst_bin_get_by_name (GST_BIN (abin), "volume");
  level = gst_bin_get_by_name (GST_BIN (abin), "meter");
  aenc = gst_bin_get_by_name (GST_BIN (abin), "gate");
  apay = gst_bin_get_by_name (GST_BIN (abin), "apay");
  g_object_set_data (G_OBJECT (level), "cs-user", user);
  _cs_lab_watch_level (self, level, &user->level);
  _cs_lab_add_probe (self, aenc, "src", CS_LAB_PROBE_SEND_GATE, user, FALSE);
  _cs_lab_add_probe (self, apay, "src", CS_LAB_PROBE_PACKETISED, user, FALSE);
  gst_object_unref (level);
  gst_object_unref (aenc);
  gst_object_unref (apay);

  gst_bin_add_many (GST_BIN (PIPELINE (self)), vbin, abin, NULL);
  *video_out = vbin;
  *audio_out = abin;
  return TRUE;
}

static void
setup_webrtc (CsLabCall *self, End *end, const char *name)
{
  GstElement *webrtc = gst_element_factory_make ("webrtcbin", name);
  GstWebRTCICE *ice = NULL;
  NiceAgent *agent = NULL;
  NiceAddress addr;
  GstElement *rtpbin;

  end->webrtc = gst_object_ref (webrtc);
  g_object_set_data (G_OBJECT (webrtc), "cs-end", end);
  g_object_set (webrtc, "bundle-policy", GST_WEBRTC_BUNDLE_POLICY_NONE, "latency", JB_LATENCY_MS, NULL);

  /* the call must work offline and stay on loopback: 127.0.0.1 only, UDP only */
  g_object_get (webrtc, "ice-agent", &ice, NULL);
  if (ice != NULL)
    {
      g_object_set (ice, "ice-tcp", FALSE, NULL);
      cs_ice_config_disable_upnp (webrtc);
      g_object_get (ice, "agent", &agent, NULL);
      if (agent != NULL)
        {
          nice_address_init (&addr);
          nice_address_set_from_string (&addr, "127.0.0.1");
          nice_agent_add_local_address (agent, &addr);
          g_object_unref (agent);
        }
      gst_object_unref (ice);
    }

  rtpbin = gst_bin_get_by_name (GST_BIN (webrtc), "rtpbin");
  if (rtpbin != NULL)
    {
      g_object_set (rtpbin, "add-reference-timestamp-meta", TRUE, NULL);
      gst_object_unref (rtpbin);
    }

  end->uplink_netsims = g_ptr_array_new_with_free_func (gst_object_unref);
  end->downlink_netsims = g_ptr_array_new_with_free_func (gst_object_unref);
  end->state = CS_CONNECTION_STATE_NEW;
  track_init (&end->video);
  track_init (&end->audio);
  end->transport = CS_UNKNOWN;

  g_signal_connect (webrtc, "element-added", G_CALLBACK (_cs_lab_on_transport_added), end);
  /* NACKs and PLIs leave at once, as a browser's do: without it the lab froze at 2 % loss */
  cs_rtcp_feedback_tune (webrtc);
  g_signal_connect (webrtc, "on-ice-candidate", G_CALLBACK (on_ice_candidate), end);
  g_signal_connect (webrtc, "on-new-transceiver", G_CALLBACK (on_new_transceiver), end);
  g_signal_connect (webrtc, "pad-added", G_CALLBACK (on_pad_added), end);
  g_signal_connect (webrtc, "notify::connection-state", G_CALLBACK (on_connection_state), end);
  gst_bin_add (GST_BIN (PIPELINE (self)), webrtc);
}

static gboolean
link_to_webrtc (GstElement *from, GstElement *webrtc, GError **error)
{
  if (!gst_element_link_pads (from, NULL, webrtc, "sink_%u"))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_FAILED, _("Could not link a sender to its peer connection"));
      return FALSE;
    }
  return TRUE;
}

static GstElement *
make_tee_branch (CsLabCall *self, GstElement *tee)
{
  GstElement *queue = gst_element_factory_make ("queue", NULL);

  g_object_set (queue, "max-size-time", (guint64) 200 * GST_MSECOND, "max-size-buffers", 0, "max-size-bytes", 0,
                "leaky", 2, NULL);
  gst_bin_add (GST_BIN (PIPELINE (self)), queue);
  gst_element_link (tee, queue);
  return queue;
}

gboolean
_cs_lab_build_pipeline (CsLabCall *self, GError **error)
{
  GstElement *local_video, *local_audio, *vtee, *atee;
  User *local = g_ptr_array_index (self->users, 0);

  self->clock = gst_system_clock_obtain ();
  gst_pipeline_use_clock (GST_PIPELINE (PIPELINE (self)), self->clock);

  if (!build_sender (self, local, 0, &local_video, &local_audio, error))
    return FALSE;
  vtee = gst_element_factory_make ("tee", "local-video-tee");
  atee = gst_element_factory_make ("tee", "local-audio-tee");
  g_object_set (vtee, "allow-not-linked", TRUE, NULL);
  g_object_set (atee, "allow-not-linked", TRUE, NULL);
  gst_bin_add_many (GST_BIN (PIPELINE (self)), vtee, atee, NULL);
  gst_element_link (local_video, vtee);
  gst_element_link (local_audio, atee);

  for (guint k = 1; k <= self->n_users; k++)
    {
      Pair *pair = g_new0 (Pair, 1);
      User *user = g_ptr_array_index (self->users, k);
      g_autofree char *a_name = g_strdup_printf ("local-%s", user->uid);
      GstElement *video, *audio;

      pair->k = k;
      pair->a.call = pair->b.call = self;
      pair->a.pair = pair->b.pair = pair;
      pair->a.user = local;
      pair->a.peer = user;
      pair->b.user = user;
      pair->b.peer = local;
      g_ptr_array_add (self->pairs, pair);

      setup_webrtc (self, &pair->a, a_name);
      setup_webrtc (self, &pair->b, user->uid);
      g_signal_connect (pair->a.webrtc, "on-negotiation-needed", G_CALLBACK (on_negotiation_needed), pair);

      if (!link_to_webrtc (make_tee_branch (self, vtee), pair->a.webrtc, error) ||
          !link_to_webrtc (make_tee_branch (self, atee), pair->a.webrtc, error))
        return FALSE;
      if (!build_sender (self, user, k, &video, &audio, error))
        return FALSE;
      if (!link_to_webrtc (video, pair->b.webrtc, error) || !link_to_webrtc (audio, pair->b.webrtc, error))
        return FALSE;
    }

  return TRUE;
}
