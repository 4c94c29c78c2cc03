/* cs-audio-level.h — an audio level as WebRTC defines `audioLevel`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libwebrtc's AudioLevel (audio/audio_level.cc), which Chromium's getStats() reports as
 * audioLevel (÷ 32767) and which Agora's receiveLevel and sendVolumeLevel mirror (0..32767):
 * the largest absolute sample of each 10 ms frame raises a running peak; every 11 frames
 * (about 110 ms) the level becomes that peak, and the peak decays to a quarter. A steady
 * tone reads its amplitude; short clicks read far below their peak, as they do in Chromium.
 * Plain data; the caller locks.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint   frame_samples;  /* samples (all channels) in 10 ms; 0 until the format is known */
  guint   in_frame;       /* samples of the current frame seen so far */
  gint    frame_max;      /* the current frame's largest absolute sample */
  gint    abs_max;        /* the running peak */
  guint   count;          /* frames since the last update */
  gint    level;          /* the reported level, 0..32767 */
  gboolean any;           /* a frame was completed */
} CsAudioLevel;

/* Starts (or restarts, on a new format) at @rate Hz and @channels. */
void cs_audio_level_init     (CsAudioLevel *self, guint rate, guint channels);
/* Feeds interleaved samples (S16 native or F32 in -1..1). */
void cs_audio_level_feed_s16 (CsAudioLevel *self, const gint16 *samples, gsize n);
void cs_audio_level_feed_f32 (CsAudioLevel *self, const float *samples, gsize n);
/* The level now, 0..32767; -1 before the first 10 ms. */
gint cs_audio_level_get      (const CsAudioLevel *self);

G_END_DECLS
