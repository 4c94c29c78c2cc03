/* cs-lab-measure.c — what the lab measures beyond get-stats (see cs-lab-call-private.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pad probes on every sender (capture, gate, encoder, packetiser), receiver (decoder,
 * render) and impaired link; the augment function puts the last second's measurements
 * into the converter's samples.
 */
#include "config.h"

#include <gst/audio/audio.h>

#include <gst/gst.h>
#include <gst/rtp/rtp.h>
#include <gst/video/video.h>
#include <math.h>
#include <string.h>

#include "cs-audio-level.h"
#include "cs-lab-call-private.h"
#include "cs-netsim.h"


static void
average_into (double *sum, guint *n, double *value)
{
  if (*n > 0)
    *value = *sum / *n;
  *sum = 0;
  *n = 0;
}

/* Each packet that left the impaired link: a private copy (netsim hands out shared
 * buffers that later elements would write to), restamped to now so the jitter buffer
 * sees the delay, and its time in the link measured. */
static GstPadProbeReturn
on_link_exit (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  End *end = user_data;
  CsLabCall *self = end->call;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  GstBuffer *copy;
  GstClockTime arrival = GST_BUFFER_DTS_OR_PTS (buffer);
  GstClockTime now = _cs_lab_running_time (self);

  copy = gst_buffer_copy_deep (buffer);
  GST_BUFFER_PTS (copy) = now;
  GST_BUFFER_DTS (copy) = now;
  gst_buffer_unref (buffer);
  GST_PAD_PROBE_INFO_DATA (info) = copy;

  if (GST_CLOCK_TIME_IS_VALID (arrival) && now >= arrival)
    {
      g_mutex_lock (&self->lock);
      /* + the kernel's loopback hop, measured at about 0.05 ms on loopback */
      end->hold_sum += (now - arrival) / 1e6 + 0.05;
      end->hold_n++;
      g_mutex_unlock (&self->lock);
    }
  return GST_PAD_PROBE_OK;
}

/* The link into @end: nicesrc ! netsim (the peer's uplink) ! netsim (this end's downlink),
 * the second measured and restamped by on_link_exit(). */
static gboolean
insert_link (End *end, GstElement *nicesrc)
{
  CsLabCall *self = end->call;
  GstBin *bin = GST_BIN (gst_object_get_parent (GST_OBJECT (nicesrc)));
  g_autoptr (GstPad) src = gst_element_get_static_pad (nicesrc, "src");
  g_autoptr (GstPad) up_src = NULL;
  GstElement *up = NULL, *down = NULL;

  if (bin != NULL)
    up = cs_netsim_insert (bin, src, NULL, CS_NETSIM_EXIT_COPY);
  if (up != NULL)
    {
      up_src = gst_element_get_static_pad (up, "src");
      down = cs_netsim_insert (bin, up_src, NULL, CS_NETSIM_EXIT_NONE);
    }
  if (down == NULL)
    {
      g_clear_object (&bin);
      return FALSE;
    }
  {
    g_autoptr (GstPad) down_src = gst_element_get_static_pad (down, "src");

    gst_pad_add_probe (down_src, GST_PAD_PROBE_TYPE_BUFFER, on_link_exit, end, NULL);
  }

  g_mutex_lock (&self->lock);
  g_ptr_array_add (end->uplink_netsims, gst_object_ref (up));
  g_ptr_array_add (end->downlink_netsims, gst_object_ref (down));
  cs_netsim_configure (up, end->peer->state.up);
  cs_netsim_configure (down, end->user->state.down);
  g_mutex_unlock (&self->lock);
  gst_object_unref (bin);
  return TRUE;
}

void
_cs_lab_on_transport_added (GstBin *bin, GstElement *element, gpointer user_data)
{
  End *end = user_data;
  gboolean receive = FALSE;
  g_autoptr (GstElement) nicesrc = NULL;

  /* the guard's test (test-lab-call /lab-call/unknown-layout): as if this GStreamer's
   * webrtcbin had no transport receive bin with a nicesrc */
  if (g_getenv ("CS_LAB_TEST_UNKNOWN_LAYOUT") != NULL)
    return;
  nicesrc = cs_netsim_transport_ice_element (element, &receive);
  if (nicesrc != NULL && receive && !insert_link (end, nicesrc))
    g_warning ("lab: could not impair a transport of %s", end->user->uid);
}

/* capture: frame-rate faults drop frames here, as a slow camera would */
static GstPadProbeReturn
on_capture (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  User *user = user_data;
  CsLabCall *self = g_object_get_data (G_OBJECT (pad), "cs-call");
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  GstClockTime pts = GST_BUFFER_PTS (buffer);
  gboolean keep = TRUE;

  g_mutex_lock (&self->lock);
  if (user->state.capture_fps < VIDEO_FPS && GST_CLOCK_TIME_IS_VALID (pts))
    {
      GstClockTime interval = user->state.capture_fps > 0 ? (GstClockTime) (GST_SECOND / user->state.capture_fps)
                                                          : GST_CLOCK_TIME_NONE;
      /* half a source frame of slack so that 7.5 fps keeps every other frame */
      if (!GST_CLOCK_TIME_IS_VALID (interval) ||
          (GST_CLOCK_TIME_IS_VALID (user->last_capture_pts) &&
           pts + GST_SECOND / (2 * VIDEO_FPS) < user->last_capture_pts + interval))
        keep = FALSE;
    }
  if (keep)
    {
      user->captured++;
      user->last_capture_pts = pts;
    }
  g_mutex_unlock (&self->lock);
  return keep ? GST_PAD_PROBE_OK : GST_PAD_PROBE_DROP;
}

/* stop/resume sending: drop before the encoder.
 *
 * A stopped track still lets one buffer through every DTX_INTERVAL, as a browser's Opus DTX
 * keeps sending comfort-noise packets: one a second, far below any "too low" threshold (under
 * 1 kbit/s a connection; for video one frame a second, frozen by Agora's rule), but the stream
 * never goes silent. A sender that goes wholly silent for a few
 * seconds is dropped from its RTP session by GStreamer 1.22, and webrtcbin then never reports
 * its outbound-rtp entry again after it resumes (seen: the local audio's entry gone from every
 * connection after an 8 s pause, so its sent bitrate stayed 0 and 2003 never recovered). */
#define DTX_INTERVAL (GST_SECOND)

static GstPadProbeReturn
on_send_gate (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  User *user = user_data;
  CsLabCall *self = g_object_get_data (G_OBJECT (pad), "cs-call");
  gboolean video = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (pad), "cs-video"));
  GstClockTime pts = GST_BUFFER_PTS (GST_PAD_PROBE_INFO_BUFFER (info));
  gboolean send;

  g_mutex_lock (&self->lock);
  send = video ? user->state.send_video != 0 : user->state.send_audio != 0;
  if (!send && GST_CLOCK_TIME_IS_VALID (pts) &&
      (!GST_CLOCK_TIME_IS_VALID (user->last_gated_pts[video]) || pts >= user->last_gated_pts[video] + DTX_INTERVAL ||
       pts < user->last_gated_pts[video]))
    {
      user->last_gated_pts[video] = pts;
      send = TRUE;
    }
  g_mutex_unlock (&self->lock);
  return send ? GST_PAD_PROBE_OK : GST_PAD_PROBE_DROP;
}

static GstPadProbeReturn
on_encoded (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  User *user = user_data;
  CsLabCall *self = g_object_get_data (G_OBJECT (pad), "cs-call");

  g_mutex_lock (&self->lock);
  user->encoded++;
  g_mutex_unlock (&self->lock);
  return GST_PAD_PROBE_OK;
}

/* A "corrupt" fault: the payload of every RTP packet the user sends is garbled past its
 * payload descriptor, so that decoders fail (RECV_VIDEO_DECODE_FAILED / …AUDIO…): VP8's
 * frame tag says a first partition longer than the packet; Opus's TOC says a code-3 packet
 * of no frames. Both are refused by their decoders. */
static gboolean
garble (GstBuffer **buf, guint idx, gpointer user_data)
{
  gboolean video = GPOINTER_TO_INT (user_data);
  GstRTPBuffer rtp = GST_RTP_BUFFER_INIT;
  guint8 *p;
  guint len, skip = 0;

  *buf = gst_buffer_make_writable (*buf);
  if (!gst_rtp_buffer_map (*buf, GST_MAP_READWRITE, &rtp))
    return TRUE;
  p = gst_rtp_buffer_get_payload (&rtp);
  len = gst_rtp_buffer_get_payload_len (&rtp);
  if (video && len > 0)
    {
      /* RFC 7741 §4.2: X, then I (picture id of 1 or 2 bytes), L, T/K */
      skip = 1;
      if ((p[0] & 0x80) && len > 1)
        {
          guint8 x = p[1];

          skip = 2;
          if ((x & 0x80) && len > skip)
            skip += (p[skip] & 0x80) ? 2 : 1;
          if (x & 0x40)
            skip++;
          if (x & 0x30)
            skip++;
        }
    }
  if (skip < len)
    {
      if (video)
        memset (p + skip, 0xff, len - skip);
      else
        {
          p[0] = 0xfb; /* config 31, mono, code 3 */
          if (len > 1)
            p[1] = 0x00; /* 0 frames: invalid */
        }
    }
  gst_rtp_buffer_unmap (&rtp);
  return TRUE;
}

static void
corrupt_probe_data (GstPadProbeInfo *info, gboolean video)
{
  if (info->type & GST_PAD_PROBE_TYPE_BUFFER_LIST)
    {
      GstBufferList *list = gst_buffer_list_make_writable (GST_PAD_PROBE_INFO_BUFFER_LIST (info));

      GST_PAD_PROBE_INFO_DATA (info) = list;
      gst_buffer_list_foreach (list, garble, GINT_TO_POINTER (video));
    }
  else
    {
      GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);

      garble (&buffer, 0, GINT_TO_POINTER (video));
      GST_PAD_PROBE_INFO_DATA (info) = buffer;
    }
}

/* capture -> packetised: the sender's share of end2EndDelay */
static GstPadProbeReturn
on_packetised (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  User *user = user_data;
  CsLabCall *self = g_object_get_data (G_OBJECT (pad), "cs-call");
  int index = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (pad), "cs-video")) ? 0 : 1;
  GstBuffer *buffer;
  GstClockTime now, pts;
  gboolean corrupt;

  if (info->type & GST_PAD_PROBE_TYPE_BUFFER_LIST)
    {
      GstBufferList *list = GST_PAD_PROBE_INFO_BUFFER_LIST (info);

      if (gst_buffer_list_length (list) == 0)
        return GST_PAD_PROBE_OK;
      buffer = gst_buffer_list_get (list, 0);
    }
  else
    buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  pts = GST_BUFFER_PTS (buffer);
  now = _cs_lab_running_time (self);
  g_mutex_lock (&self->lock);
  corrupt = user->state.corrupt == 1;
  g_mutex_unlock (&self->lock);
  if (GST_CLOCK_TIME_IS_VALID (pts) && now >= pts)
    {
      g_mutex_lock (&self->lock);
      user->send_delay_sum[index] += (now - pts) / 1e6;
      user->send_delay_n[index]++;
      g_mutex_unlock (&self->lock);
    }
  if (corrupt)
    corrupt_probe_data (info, index == 0);
  return GST_PAD_PROBE_OK;
}

#define DECODER_SLACK 8 /* buffers a decoder may hold without having failed them */

static GstPadProbeReturn
on_decoder_in (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  Track *track = user_data;
  CsLabCall *self = g_object_get_data (G_OBJECT (pad), "cs-call");

  gboolean video = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (pad), "cs-video"));
  gboolean lost_one;

  g_mutex_lock (&self->lock);
  /* Opus decodes one packet into one buffer: one that went in and never came out failed */
  lost_one = !video && track->dec_in > track->decoded;
  track->dec_in++;
  if (track->dec_in > track->decoded + DECODER_SLACK)
    track->dec_failed = MAX (track->dec_failed, track->dec_in - track->decoded - DECODER_SLACK);
  g_mutex_unlock (&self->lock);
  /* after a failed packet the audio decoder must take its timestamps from the stream again:
   * counting samples, it would run as late as the audio it could not decode (seen: 6 s) */
  if (lost_one)
    {
      GstBuffer *buffer = gst_buffer_make_writable (GST_PAD_PROBE_INFO_BUFFER (info));

      GST_BUFFER_FLAG_SET (buffer, GST_BUFFER_FLAG_DISCONT);
      GST_PAD_PROBE_INFO_DATA (info) = buffer;
    }
  return GST_PAD_PROBE_OK;
}

static GstPadProbeReturn
on_decoded (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  Track *track = user_data;
  CsLabCall *self = g_object_get_data (G_OBJECT (pad), "cs-call");

  g_mutex_lock (&self->lock);
  track->decoded++;
  g_mutex_unlock (&self->lock);
  return GST_PAD_PROBE_OK;
}

/* the render point (after identity sync=true): frames, freezes, resolution, delays */
static GstPadProbeReturn
on_rendered (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  Track *track = user_data;
  CsLabCall *self = g_object_get_data (G_OBJECT (pad), "cs-call");
  gboolean video = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (pad), "cs-video"));
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  static GstCaps *ntp_caps = NULL;
  GstReferenceTimestampMeta *meta;
  gint64 now_us = g_get_monotonic_time ();
  double recv = -1;

  if (g_once_init_enter (&ntp_caps))
    g_once_init_leave (&ntp_caps, gst_caps_new_empty_simple ("timestamp/x-ntp"));
  meta = gst_buffer_get_reference_timestamp_meta (buffer, ntp_caps);
  if (meta != NULL)
    {
      guint64 now_ntp = (guint64) g_get_real_time () * 1000 + NTP_UNIX_OFFSET_S * GST_SECOND;

      if (now_ntp > meta->timestamp)
        recv = (now_ntp - meta->timestamp) / 1e6;
    }

  g_mutex_lock (&self->lock);
  if (video)
    {
      GstVideoMeta *vmeta = gst_buffer_get_video_meta (buffer);

      if (track->last_render_us != 0 && now_us - track->last_render_us > FREEZE_GAP_US)
        {
          track->freezes++;
          track->freeze_ms += (now_us - track->last_render_us) / 1000.0;
        }
      track->last_render_us = now_us;
      track->rendered++;
      if (vmeta != NULL)
        {
          track->width = vmeta->width;
          track->height = vmeta->height;
        }
    }
  if (recv >= 0 && recv < 60000)
    {
      track->recv_sum += recv;
      track->recv_n++;
    }
  g_mutex_unlock (&self->lock);
  return GST_PAD_PROBE_OK;
}

static void
on_render_caps (GstPad *pad, GParamSpec *pspec, gpointer user_data)
{
  Track *track = user_data;
  CsLabCall *self = g_object_get_data (G_OBJECT (pad), "cs-call");
  g_autoptr (GstCaps) caps = gst_pad_get_current_caps (pad);
  GstVideoInfo vinfo;

  if (caps != NULL && gst_video_info_from_caps (&vinfo, caps))
    {
      g_mutex_lock (&self->lock);
      track->width = GST_VIDEO_INFO_WIDTH (&vinfo);
      track->height = GST_VIDEO_INFO_HEIGHT (&vinfo);
      g_mutex_unlock (&self->lock);
    }
}

void
_cs_lab_add_probe (CsLabCall *self, GstElement *element, const char *pad_name, CsLabProbe probe,
                   gpointer data, gboolean video)
{
  static const struct
  {
    GstPadProbeType     type;
    GstPadProbeCallback callback;
  } probes[] = {
    [CS_LAB_PROBE_CAPTURE] = { GST_PAD_PROBE_TYPE_BUFFER, on_capture },
    [CS_LAB_PROBE_SEND_GATE] = { GST_PAD_PROBE_TYPE_BUFFER, on_send_gate },
    [CS_LAB_PROBE_ENCODED] = { GST_PAD_PROBE_TYPE_BUFFER, on_encoded },
    [CS_LAB_PROBE_PACKETISED] = { GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST, on_packetised },
    [CS_LAB_PROBE_DECODER_IN] = { GST_PAD_PROBE_TYPE_BUFFER, on_decoder_in },
    [CS_LAB_PROBE_DECODED] = { GST_PAD_PROBE_TYPE_BUFFER, on_decoded },
    [CS_LAB_PROBE_RENDERED] = { GST_PAD_PROBE_TYPE_BUFFER, on_rendered },
  };
  g_autoptr (GstPad) pad = gst_element_get_static_pad (element, pad_name);

  g_object_set_data (G_OBJECT (pad), "cs-call", self);
  g_object_set_data (G_OBJECT (pad), "cs-video", GINT_TO_POINTER (video));
  gst_pad_add_probe (pad, probes[probe].type, probes[probe].callback, data, NULL);
  /* the rendered size: from the caps, before any frame has a video meta */
  if (probe == CS_LAB_PROBE_RENDERED && video)
    g_signal_connect (pad, "notify::caps", G_CALLBACK (on_render_caps), data);
}

/* ---------------------------------------------------------------- audio levels */

typedef struct
{
  CsLabCall    *self;
  double       *target;  /* under the call's lock */
  CsAudioLevel  level;
  guint         rate, channels;
} LevelWatch;

static GstPadProbeReturn
on_level (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  LevelWatch *w = user_data;
  g_autoptr (GstCaps) caps = gst_pad_get_current_caps (pad);
  GstAudioInfo ainfo;
  GstMapInfo map;
  GstAudioFormat format;

  if (caps == NULL || !gst_audio_info_from_caps (&ainfo, caps) || GST_AUDIO_INFO_RATE (&ainfo) <= 0)
    return GST_PAD_PROBE_OK;
  format = GST_AUDIO_INFO_FORMAT (&ainfo);
  if ((format != GST_AUDIO_FORMAT_S16 && format != GST_AUDIO_FORMAT_F32) ||
      !gst_buffer_map (GST_PAD_PROBE_INFO_BUFFER (info), &map, GST_MAP_READ))
    return GST_PAD_PROBE_OK;
  if ((guint) GST_AUDIO_INFO_RATE (&ainfo) != w->rate || (guint) GST_AUDIO_INFO_CHANNELS (&ainfo) != w->channels)
    {
      w->rate = GST_AUDIO_INFO_RATE (&ainfo);
      w->channels = GST_AUDIO_INFO_CHANNELS (&ainfo);
      cs_audio_level_init (&w->level, w->rate, w->channels);
    }
  if (format == GST_AUDIO_FORMAT_S16)
    cs_audio_level_feed_s16 (&w->level, (const gint16 *) map.data, map.size / sizeof (gint16));
  else
    cs_audio_level_feed_f32 (&w->level, (const float *) map.data, map.size / sizeof (float));
  gst_buffer_unmap (GST_PAD_PROBE_INFO_BUFFER (info), &map);
  if (cs_audio_level_get (&w->level) >= 0)
    {
      g_mutex_lock (&w->self->lock);
      *w->target = cs_audio_level_get (&w->level);
      g_mutex_unlock (&w->self->lock);
    }
  return GST_PAD_PROBE_OK;
}

void
_cs_lab_watch_level (CsLabCall *self, GstElement *element, double *target)
{
  g_autoptr (GstPad) pad = gst_element_get_static_pad (element, "src");
  LevelWatch *w = g_new0 (LevelWatch, 1);

  w->self = self;
  w->target = target;
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, on_level, w, g_free);
}

/* ---------------------------------------------------------------- stats augment */

void
_cs_lab_augment_sample (CsStatsSample *sample, gpointer user_data)
{
  End *end = user_data;
  CsLabCall *self = end->call;
  gboolean video = sample->kind == CS_SAMPLE_KIND_VIDEO;
  int index = video ? 0 : 1;
  gint64 now_us = g_get_monotonic_time ();

  /* 1.22 reports no codec for an unmapped SSRC; the lab knows what it sends */
  if (sample->codec == NULL)
    sample->codec = g_strdup (video ? "VP8" : "OPUS");
  g_mutex_lock (&self->lock);
  if (sample->direction == CS_SAMPLE_DIRECTION_OUTBOUND)
    {
      User *user = end->user;

      if (video)
        {
          sample->has_frames = TRUE;
          sample->frames_captured = user->captured;
          sample->frames_encoded = user->encoded;
          sample->width = sample->capture_width = VIDEO_WIDTH;
          sample->height = sample->capture_height = VIDEO_HEIGHT;
          sample->target_bitrate = user->state.bitrate_kbps * 1000;
          sample->encode_delay_ms = user->send_delay[0];
        }
      else
        sample->audio_level = user->level;
    }
  else
    {
      Track *track = video ? &end->video : &end->audio;
      double send = end->peer->send_delay[index];

      if (video)
        {
          double ongoing = 0;

          if (track->last_render_us != 0 && now_us - track->last_render_us > FREEZE_GAP_US)
            ongoing = (now_us - track->last_render_us) / 1000.0;
          sample->has_frames = TRUE;
          sample->frames_decoded = track->decoded;
          sample->frames_rendered = track->rendered;
          sample->freeze_count = track->freezes + (ongoing > 0);
          sample->total_freeze_ms = track->freeze_ms + ongoing;
          sample->width = track->width;
          sample->height = track->height;
        }
      else
        sample->audio_level = track->level;
      sample->decode_errors = track->decode_errors + track->dec_failed;

      if (end->transport > 0)
        {
          sample->transport_delay_ms = end->transport;
          sample->transport_delay_measured = TRUE;
        }
      if (track->recv_delay > 0 && end->transport > 0)
        {
          /* the receive path cannot be shorter than the link it crossed */
          sample->receive_delay_ms = MAX (track->recv_delay, end->transport);
          sample->receive_delay_measured = TRUE;
          if (send >= 0)
            {
              sample->end2end_delay_ms = sample->receive_delay_ms + send;
              sample->end2end_delay_measured = TRUE;
            }
        }
    }
  g_mutex_unlock (&self->lock);
}

/* Once per poll, before get-stats: close the measurement windows of the last second. */
void
_cs_lab_roll_measurements (CsLabCall *self)
{
  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->users->len; i++)
    {
      User *user = g_ptr_array_index (self->users, i);

      average_into (&user->send_delay_sum[0], &user->send_delay_n[0], &user->send_delay[0]);
      average_into (&user->send_delay_sum[1], &user->send_delay_n[1], &user->send_delay[1]);
    }
  for (guint i = 0; i < self->pairs->len; i++)
    {
      Pair *pair = g_ptr_array_index (self->pairs, i);
      End *ends[] = { &pair->a, &pair->b };

      for (guint j = 0; j < 2; j++)
        {
          average_into (&ends[j]->hold_sum, &ends[j]->hold_n, &ends[j]->transport);
          average_into (&ends[j]->video.recv_sum, &ends[j]->video.recv_n, &ends[j]->video.recv_delay);
          average_into (&ends[j]->audio.recv_sum, &ends[j]->audio.recv_n, &ends[j]->audio.recv_delay);
        }
    }
  g_mutex_unlock (&self->lock);
}
