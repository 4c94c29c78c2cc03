/* test-audio-level.c — CsAudioLevel against known signals: WebRTC's audioLevel
 * (libwebrtc's AudioLevel: a 10 ms peak held, updated every 11 frames, decaying to a quarter)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "cs-audio-level.h"

#define RATE 48000
#define FRAME (RATE / 100)

/* @ms of a 1 kHz sine of @amplitude (0 = silence) */
static void
feed_tone (CsAudioLevel *level, double amplitude, guint ms, guint channels)
{
  g_autofree gint16 *buf = g_new (gint16, FRAME * channels);
  static guint64 phase;

  for (guint f = 0; f < ms / 10; f++)
    {
      for (guint i = 0; i < FRAME; i++, phase++)
        for (guint c = 0; c < channels; c++)
          buf[i * channels + c] = (gint16) lrint (amplitude * sin (2 * G_PI * 1000 * (double) phase / RATE));
      cs_audio_level_feed_s16 (level, buf, FRAME * channels);
    }
}

static void
test_tone (void)
{
  CsAudioLevel level;

  cs_audio_level_init (&level, RATE, 1);
  g_assert_cmpint (cs_audio_level_get (&level), ==, -1);
  /* a steady tone reads its amplitude (Chromium and Callscope both read 26 286 for one) */
  feed_tone (&level, 26286, 1000, 1);
  g_assert_cmpint (ABS (cs_audio_level_get (&level) - 26286), <=, 2);
  /* stereo, fed in odd-sized pieces: the same */
  cs_audio_level_init (&level, RATE, 2);
  {
    gint16 buf[777 * 2];
    guint64 n = 0;

    for (guint k = 0; k < 100; k++)
      {
        for (guint i = 0; i < 777; i++, n++)
          buf[2 * i] = buf[2 * i + 1] = (gint16) lrint (-12000 * sin (2 * G_PI * 440 * (double) n / RATE));
        cs_audio_level_feed_s16 (&level, buf, G_N_ELEMENTS (buf));
      }
  }
  g_assert_cmpint (ABS (cs_audio_level_get (&level) - 12000), <=, 12);
  /* the full scale is 32767, never more */
  cs_audio_level_init (&level, RATE, 1);
  {
    gint16 loud[FRAME];

    for (guint i = 0; i < FRAME; i++)
      loud[i] = i % 2 ? G_MININT16 : G_MAXINT16;
    for (guint f = 0; f < 30; f++)
      cs_audio_level_feed_s16 (&level, loud, FRAME);
  }
  g_assert_cmpint (cs_audio_level_get (&level), ==, 32767);
}

static void
test_decay (void)
{
  CsAudioLevel level;

  cs_audio_level_init (&level, RATE, 1);
  feed_tone (&level, 20000, 1100, 1);
  g_assert_cmpint (ABS (cs_audio_level_get (&level) - 20000), <=, 2);
  /* silence: the held peak decays to a quarter at each update (every 110 ms) */
  feed_tone (&level, 0, 110, 1);
  g_assert_cmpint (ABS (cs_audio_level_get (&level) - 5000), <=, 2);
  feed_tone (&level, 0, 110, 1);
  g_assert_cmpint (ABS (cs_audio_level_get (&level) - 1250), <=, 2);
  feed_tone (&level, 0, 1000, 1);
  g_assert_cmpint (cs_audio_level_get (&level), <=, 1);
}

/* Ticks: a 10 ms full-scale beep every second (Chromium's fake microphone beeps), read once
 * a second half-way between beeps as a poller does: far below 32767, where the largest
 * sample of the second (what Callscope reported before) is pinned at full scale. */
static void
test_ticks (void)
{
  CsAudioLevel level;
  double sum = 0;
  gint max_read = 0;

  cs_audio_level_init (&level, RATE, 1);
  for (guint s = 0; s < 10; s++)
    {
      gint read;

      feed_tone (&level, 32767, 10, 1);
      feed_tone (&level, 0, 490, 1);
      read = cs_audio_level_get (&level);
      feed_tone (&level, 0, 500, 1);
      sum += read;
      max_read = MAX (max_read, read);
    }
  g_test_message ("ticks: mean %.0f, max %d", sum / 10, max_read);
  g_assert_cmpint (max_read, <, 8000);
  /* just after a tick (the update that follows it) the level does show the tick */
  feed_tone (&level, 32767, 10, 1);
  feed_tone (&level, 0, 100, 1);
  g_assert_cmpint (cs_audio_level_get (&level), >, 30000);
}

static void
test_float (void)
{
  CsAudioLevel level;
  float buf[FRAME];

  cs_audio_level_init (&level, RATE, 1);
  for (guint f = 0; f < 30; f++)
    {
      for (guint i = 0; i < FRAME; i++)
        buf[i] = (float) (0.5 * sin (2 * G_PI * 1000 * i / RATE));
      buf[7] = NAN;
      cs_audio_level_feed_f32 (&level, buf, FRAME);
    }
  g_assert_cmpint (ABS (cs_audio_level_get (&level) - 16384), <=, 2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/audio-level/tone", test_tone);
  g_test_add_func ("/audio-level/decay", test_decay);
  g_test_add_func ("/audio-level/ticks", test_ticks);
  g_test_add_func ("/audio-level/float", test_float);
  return g_test_run ();
}
