/* cs-media-meter.h — what get-stats does not say about received media, measured on the way out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Real calls (Janus, WHEP) decode what they receive; get-stats in 1.22 counts packets and
 * bytes only. A CsMediaMeter watches the decoded video (frames, freezes by Agora's rule of
 * more than 500 ms between frames, resolution) and the decoded audio (WebRTC's audioLevel on Agora's
 * 0..32767 scale) of one webrtcbin, and completes that webrtcbin's inbound samples through
 * cs_webrtc_stats_set_augment_func(). Probes run on streaming threads; a mutex guards the
 * counters. Reference counted, so probes and the converter can each hold it.
 */
#pragma once

#include <gst/gst.h>

#include "cs-stats-sample.h"

G_BEGIN_DECLS

typedef struct _CsMediaMeter CsMediaMeter;

CsMediaMeter *cs_media_meter_new         (void);
CsMediaMeter *cs_media_meter_ref         (CsMediaMeter *self);
void          cs_media_meter_unref       (CsMediaMeter *self);

/* Counts the raw video buffers that leave @pad (after the decoder). */
void          cs_media_meter_watch_video (CsMediaMeter *self, GstPad *pad);
/* Counts what a publisher sends: raw frames leaving @raw_pad (captured, with their size) and
 * encoded frames leaving @encoded_pad. */
void          cs_media_meter_watch_sent_video (CsMediaMeter *self, GstPad *raw_pad, GstPad *encoded_pad);
/* Reads the level (WebRTC's audioLevel, cs-audio-level.h) of the raw S16 or F32 audio that
 * leaves @pad: received audio (receiveLevel), or what the local user sends (sendVolumeLevel,
 * filled into outbound audio samples). */
void          cs_media_meter_watch_audio (CsMediaMeter *self, GstPad *pad);
void          cs_media_meter_watch_sent_audio (CsMediaMeter *self, GstPad *pad);

/* Counts the buffers that enter and leave @decoder: those that went in and did not come out
 * (beyond a few frames of the decoder's latency) are the stream's decode errors
 * (RECV_VIDEO_DECODE_FAILED / RECV_AUDIO_DECODE_FAILED in the model). */
void          cs_media_meter_watch_decoder (CsMediaMeter *self, GstElement *decoder, gboolean video);
/* No decoder for the received audio or @video: every packet received counts as a decode
 * error, and video reports frame counters (no frame) so the tile shows it. */
void          cs_media_meter_set_undecodable (CsMediaMeter *self, gboolean video);

/* A CsWebrtcStatsAugmentFunc (@user_data: the meter): fills frames, freezes, resolution
 * and audio level into inbound samples, and frames captured and encoded and the capture
 * size into outbound video samples when the meter watches a sender. */
void          cs_media_meter_augment     (CsStatsSample *sample, gpointer user_data);

/* For tests: feed a decoded video frame of @width × @height seen at monotonic @now_us, or
 * interleaved S16 audio, as the probes do. */
void          cs_media_meter_add_frame   (CsMediaMeter *self, guint width, guint height, gint64 now_us);
void          cs_media_meter_add_audio   (CsMediaMeter *self, gboolean sent, guint rate, guint channels,
                                          const gint16 *samples, gsize n);
void          cs_media_meter_add_sent    (CsMediaMeter *self, gboolean encoded, guint width, guint height);
/* a buffer entering (@output FALSE) or leaving the decoder */
void          cs_media_meter_add_decoded (CsMediaMeter *self, gboolean video, gboolean output);
/* Fills @sample as cs_media_meter_augment() does, at monotonic @now_us. */
void          cs_media_meter_fill        (CsMediaMeter *self, CsStatsSample *sample, gint64 now_us);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsMediaMeter, cs_media_meter_unref)

G_END_DECLS
