/* cs-audio-level.c — an audio level as WebRTC defines `audioLevel` (see cs-audio-level.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "cs-audio-level.h"

#define UPDATE_FRAMES 10 /* libwebrtc's kUpdateFrequency: the level moves when the count passes it */

void
cs_audio_level_init (CsAudioLevel *self, guint rate, guint channels)
{
  *self = (CsAudioLevel) { 0 };
  self->frame_samples = MAX (rate / 100, 1) * MAX (channels, 1);
}

static void
end_frame (CsAudioLevel *self)
{
  self->abs_max = MAX (self->abs_max, self->frame_max);
  self->frame_max = 0;
  self->in_frame = 0;
  self->any = TRUE;
  if (++self->count > UPDATE_FRAMES)
    {
      self->level = self->abs_max;
      self->count = 0;
      self->abs_max >>= 2;
    }
}

static inline void
take (CsAudioLevel *self, gint a)
{
  if (a > self->frame_max)
    self->frame_max = MIN (a, 32767);
  if (++self->in_frame >= self->frame_samples)
    end_frame (self);
}

void
cs_audio_level_feed_s16 (CsAudioLevel *self, const gint16 *samples, gsize n)
{
  if (self->frame_samples == 0)
    return;
  for (gsize i = 0; i < n; i++)
    take (self, ABS ((gint) samples[i]));
}

void
cs_audio_level_feed_f32 (CsAudioLevel *self, const float *samples, gsize n)
{
  if (self->frame_samples == 0)
    return;
  for (gsize i = 0; i < n; i++)
    {
      float v = samples[i];

      /* NaN and out-of-range samples are clipped, as a conversion to S16 would */
      if (!(v == v))
        v = 0;
      take (self, (gint) lrintf (CLAMP (fabsf (v), 0.0f, 1.0f) * 32767.0f));
    }
}

gint
cs_audio_level_get (const CsAudioLevel *self)
{
  return self->any ? self->level : -1;
}
