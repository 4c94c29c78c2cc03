/* cs-media-meter.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gst/audio/audio.h>
#include <gst/video/video.h>

#include "cs-audio-level.h"
#include "cs-media-meter.h"

#define FREEZE_GAP_US (500 * G_TIME_SPAN_MILLISECOND) /* Agora: > 500 ms between rendered frames */

struct _CsMediaMeter
{
  gatomicrefcount ref;
  GMutex          lock;
  gboolean        has_video;
  guint64         frames;
  guint64         freezes;
  double          freeze_ms;
  gint64          last_frame_us;  /* monotonic; 0 before the first frame */
  guint           width, height;
  /* audio levels as WebRTC's audioLevel (cs-audio-level.h), [0] received, [1] sent */
  CsAudioLevel    level[2];
  guint           level_rate[2], level_channels[2];
  gboolean        has_sent;
  guint64         captured, encoded;
  guint           sent_width, sent_height;
  /* decoding, [0] audio, [1] video: no decoder installed, or what went into the decoder
   * and did not come out (beyond its latency) */
  gboolean        undecodable[2];
  guint64         dec_in[2], dec_out[2], dec_failed[2];
};

/* frames a decoder may hold without having failed them (its latency, frame threads) */
#define DECODER_SLACK 8

CsMediaMeter *
cs_media_meter_new (void)
{
  CsMediaMeter *self = g_new0 (CsMediaMeter, 1);

  g_atomic_ref_count_init (&self->ref);
  g_mutex_init (&self->lock);
  return self;
}

CsMediaMeter *
cs_media_meter_ref (CsMediaMeter *self)
{
  g_atomic_ref_count_inc (&self->ref);
  return self;
}

void
cs_media_meter_unref (CsMediaMeter *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref))
    return;
  g_mutex_clear (&self->lock);
  g_free (self);
}

void
cs_media_meter_add_frame (CsMediaMeter *self, guint width, guint height, gint64 now_us)
{
  g_mutex_lock (&self->lock);
  self->has_video = TRUE;
  if (self->last_frame_us != 0 && now_us - self->last_frame_us > FREEZE_GAP_US)
    {
      self->freezes++;
      self->freeze_ms += (now_us - self->last_frame_us) / 1000.0;
    }
  self->last_frame_us = now_us;
  self->frames++;
  if (width > 0 && height > 0)
    {
      self->width = width;
      self->height = height;
    }
  g_mutex_unlock (&self->lock);
}

void
cs_media_meter_add_audio (CsMediaMeter *self, gboolean sent, guint rate, guint channels,
                          const gint16 *samples, gsize n)
{
  guint k = sent ? 1 : 0;

  g_mutex_lock (&self->lock);
  if (rate != self->level_rate[k] || channels != self->level_channels[k])
    {
      cs_audio_level_init (&self->level[k], rate, channels);
      self->level_rate[k] = rate;
      self->level_channels[k] = channels;
    }
  cs_audio_level_feed_s16 (&self->level[k], samples, n);
  g_mutex_unlock (&self->lock);
}

static void
add_audio_f32 (CsMediaMeter *self, gboolean sent, guint rate, guint channels, const float *samples, gsize n)
{
  guint k = sent ? 1 : 0;

  g_mutex_lock (&self->lock);
  if (rate != self->level_rate[k] || channels != self->level_channels[k])
    {
      cs_audio_level_init (&self->level[k], rate, channels);
      self->level_rate[k] = rate;
      self->level_channels[k] = channels;
    }
  cs_audio_level_feed_f32 (&self->level[k], samples, n);
  g_mutex_unlock (&self->lock);
}

void
cs_media_meter_add_sent (CsMediaMeter *self, gboolean encoded, guint width, guint height)
{
  g_mutex_lock (&self->lock);
  self->has_sent = TRUE;
  if (encoded)
    self->encoded++;
  else
    {
      self->captured++;
      if (width > 0 && height > 0)
        {
          self->sent_width = width;
          self->sent_height = height;
        }
    }
  g_mutex_unlock (&self->lock);
}

void
cs_media_meter_fill (CsMediaMeter *self, CsStatsSample *sample, gint64 now_us)
{
  if (sample->direction != CS_SAMPLE_DIRECTION_INBOUND)
    {
      g_mutex_lock (&self->lock);
      if (sample->kind == CS_SAMPLE_KIND_AUDIO && cs_audio_level_get (&self->level[1]) >= 0)
        sample->audio_level = cs_audio_level_get (&self->level[1]);
      if (sample->kind == CS_SAMPLE_KIND_VIDEO && self->has_sent)
        {
          sample->has_frames = TRUE;
          sample->frames_captured = self->captured;
          sample->frames_encoded = self->encoded;
          sample->width = sample->capture_width = self->sent_width;
          sample->height = sample->capture_height = self->sent_height;
        }
      g_mutex_unlock (&self->lock);
      return;
    }
  g_mutex_lock (&self->lock);
  if (sample->kind == CS_SAMPLE_KIND_VIDEO && self->has_video)
    {
      double ongoing = 0;

      if (self->last_frame_us != 0 && now_us - self->last_frame_us > FREEZE_GAP_US)
        ongoing = (now_us - self->last_frame_us) / 1000.0;
      sample->has_frames = TRUE;
      sample->frames_decoded = self->frames;
      sample->frames_rendered = self->frames;
      sample->freeze_count = self->freezes + (ongoing > 0);
      sample->total_freeze_ms = self->freeze_ms + ongoing;
      sample->width = self->width;
      sample->height = self->height;
    }
  if (sample->kind == CS_SAMPLE_KIND_VIDEO || sample->kind == CS_SAMPLE_KIND_AUDIO)
    {
      guint k = sample->kind == CS_SAMPLE_KIND_VIDEO;

      /* nothing decodes: every packet received is a failure, and no frame is shown */
      if (self->undecodable[k])
        {
          sample->decode_errors = sample->packets;
          if (k == 1)
            sample->has_frames = TRUE;
        }
      else
        sample->decode_errors = self->dec_failed[k];
    }
  /* the level now, as getStats() reads audioLevel */
  if (sample->kind == CS_SAMPLE_KIND_AUDIO && cs_audio_level_get (&self->level[0]) >= 0)
    sample->audio_level = cs_audio_level_get (&self->level[0]);
  g_mutex_unlock (&self->lock);
}

void
cs_media_meter_augment (CsStatsSample *sample, gpointer user_data)
{
  cs_media_meter_fill (user_data, sample, g_get_monotonic_time ());
}

static void
frame_size (GstPad *pad, GstBuffer *buffer, guint *width, guint *height)
{
  GstVideoMeta *meta = gst_buffer_get_video_meta (buffer);

  *width = *height = 0;
  if (meta != NULL)
    {
      *width = meta->width;
      *height = meta->height;
    }
  else
    {
      g_autoptr (GstCaps) caps = gst_pad_get_current_caps (pad);
      GstVideoInfo vinfo;

      if (caps != NULL && gst_video_info_from_caps (&vinfo, caps))
        {
          *width = GST_VIDEO_INFO_WIDTH (&vinfo);
          *height = GST_VIDEO_INFO_HEIGHT (&vinfo);
        }
    }
}

static GstPadProbeReturn
on_video (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  guint width, height;

  frame_size (pad, GST_PAD_PROBE_INFO_BUFFER (info), &width, &height);
  cs_media_meter_add_frame (user_data, width, height, g_get_monotonic_time ());
  return GST_PAD_PROBE_OK;
}

static GstPadProbeReturn
on_sent_raw (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  guint width, height;

  frame_size (pad, GST_PAD_PROBE_INFO_BUFFER (info), &width, &height);
  cs_media_meter_add_sent (user_data, FALSE, width, height);
  return GST_PAD_PROBE_OK;
}

static GstPadProbeReturn
on_sent_encoded (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  cs_media_meter_add_sent (user_data, TRUE, 0, 0);
  return GST_PAD_PROBE_OK;
}

static GstPadProbeReturn
on_audio (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  gboolean sent = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (pad), "cs-sent"));
  g_autoptr (GstCaps) caps = gst_pad_get_current_caps (pad);
  GstAudioInfo ainfo;
  GstMapInfo map;

  if (caps == NULL || !gst_audio_info_from_caps (&ainfo, caps) || GST_AUDIO_INFO_RATE (&ainfo) <= 0)
    return GST_PAD_PROBE_OK;
  if (GST_AUDIO_INFO_FORMAT (&ainfo) != GST_AUDIO_FORMAT_S16 && GST_AUDIO_INFO_FORMAT (&ainfo) != GST_AUDIO_FORMAT_F32)
    return GST_PAD_PROBE_OK;
  if (!gst_buffer_map (buffer, &map, GST_MAP_READ))
    return GST_PAD_PROBE_OK;
  if (GST_AUDIO_INFO_FORMAT (&ainfo) == GST_AUDIO_FORMAT_S16)
    cs_media_meter_add_audio (user_data, sent, GST_AUDIO_INFO_RATE (&ainfo), GST_AUDIO_INFO_CHANNELS (&ainfo),
                              (const gint16 *) map.data, map.size / sizeof (gint16));
  else
    add_audio_f32 (user_data, sent, GST_AUDIO_INFO_RATE (&ainfo), GST_AUDIO_INFO_CHANNELS (&ainfo),
                   (const float *) map.data, map.size / sizeof (float));
  gst_buffer_unmap (buffer, &map);
  return GST_PAD_PROBE_OK;
}

void
cs_media_meter_set_undecodable (CsMediaMeter *self, gboolean video)
{
  g_mutex_lock (&self->lock);
  self->undecodable[video ? 1 : 0] = TRUE;
  g_mutex_unlock (&self->lock);
}

void
cs_media_meter_add_decoded (CsMediaMeter *self, gboolean video, gboolean output)
{
  guint k = video ? 1 : 0;

  g_mutex_lock (&self->lock);
  if (output)
    self->dec_out[k]++;
  else
    self->dec_in[k]++;
  /* cumulative, never decreasing: a decoder that drains its latency gives nothing back */
  if (self->dec_in[k] > self->dec_out[k] + DECODER_SLACK)
    self->dec_failed[k] = MAX (self->dec_failed[k], self->dec_in[k] - self->dec_out[k] - DECODER_SLACK);
  g_mutex_unlock (&self->lock);
}

static GstPadProbeReturn
on_decoder_in (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  CsMediaMeter *self = user_data;

  cs_media_meter_add_decoded (self, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (pad), "cs-video")), FALSE);
  return GST_PAD_PROBE_OK;
}

static GstPadProbeReturn
on_decoder_out (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  CsMediaMeter *self = user_data;

  cs_media_meter_add_decoded (self, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (pad), "cs-video")), TRUE);
  return GST_PAD_PROBE_OK;
}

void
cs_media_meter_watch_decoder (CsMediaMeter *self, GstElement *decoder, gboolean video)
{
  g_autoptr (GstPad) sink = gst_element_get_static_pad (decoder, "sink");
  g_autoptr (GstPad) src = gst_element_get_static_pad (decoder, "src");

  if (sink == NULL || src == NULL)
    return;
  g_object_set_data (G_OBJECT (sink), "cs-video", GINT_TO_POINTER (video));
  g_object_set_data (G_OBJECT (src), "cs-video", GINT_TO_POINTER (video));
  gst_pad_add_probe (sink, GST_PAD_PROBE_TYPE_BUFFER, on_decoder_in, cs_media_meter_ref (self),
                     (GDestroyNotify) cs_media_meter_unref);
  gst_pad_add_probe (src, GST_PAD_PROBE_TYPE_BUFFER, on_decoder_out, cs_media_meter_ref (self),
                     (GDestroyNotify) cs_media_meter_unref);
}

void
cs_media_meter_watch_video (CsMediaMeter *self, GstPad *pad)
{
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, on_video, cs_media_meter_ref (self),
                     (GDestroyNotify) cs_media_meter_unref);
}

void
cs_media_meter_watch_sent_video (CsMediaMeter *self, GstPad *raw_pad, GstPad *encoded_pad)
{
  gst_pad_add_probe (raw_pad, GST_PAD_PROBE_TYPE_BUFFER, on_sent_raw, cs_media_meter_ref (self),
                     (GDestroyNotify) cs_media_meter_unref);
  gst_pad_add_probe (encoded_pad, GST_PAD_PROBE_TYPE_BUFFER, on_sent_encoded, cs_media_meter_ref (self),
                     (GDestroyNotify) cs_media_meter_unref);
}

void
cs_media_meter_watch_sent_audio (CsMediaMeter *self, GstPad *pad)
{
  g_object_set_data (G_OBJECT (pad), "cs-sent", GINT_TO_POINTER (TRUE));
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, on_audio, cs_media_meter_ref (self),
                     (GDestroyNotify) cs_media_meter_unref);
}

void
cs_media_meter_watch_audio (CsMediaMeter *self, GstPad *pad)
{
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, on_audio, cs_media_meter_ref (self),
                     (GDestroyNotify) cs_media_meter_unref);
}
