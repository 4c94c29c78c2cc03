/* test-media-meter.c — CsMediaMeter: frames, freezes, resolution and level of received media
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gst/gst.h>
#include <math.h>

#include "cs-media-meter.h"

#define MS (G_TIME_SPAN_MILLISECOND)

static CsStatsSample *
inbound (CsSampleKind kind)
{
  CsStatsSample *s = cs_stats_sample_new ();

  s->kind = kind;
  s->direction = CS_SAMPLE_DIRECTION_INBOUND;
  return s;
}

static void
test_frames_and_freezes (void)
{
  g_autoptr (CsMediaMeter) meter = cs_media_meter_new ();
  g_autoptr (CsStatsSample) s = inbound (CS_SAMPLE_KIND_VIDEO);
  gint64 t = 1000 * MS;

  /* no frame yet: the sample says nothing about frames */
  cs_media_meter_fill (meter, s, t);
  g_assert_false (s->has_frames);

  /* 1 s of 30 fps, a 700 ms gap (a freeze by Agora's rule: > 500 ms), then 30 fps again */
  for (guint i = 0; i < 30; i++, t += 33 * MS)
    cs_media_meter_add_frame (meter, 640, 360, t);
  t += 700 * MS;
  for (guint i = 0; i < 10; i++, t += 33 * MS)
    cs_media_meter_add_frame (meter, 320, 180, t);
  cs_media_meter_fill (meter, s, t);
  g_assert_true (s->has_frames);
  g_assert_cmpuint (s->frames_decoded, ==, 40);
  g_assert_cmpuint (s->frames_rendered, ==, 40);
  g_assert_cmpuint (s->freeze_count, ==, 1);
  g_assert_cmpfloat_with_epsilon (s->total_freeze_ms, 733, 1);
  g_assert_cmpuint (s->width, ==, 320);
  g_assert_cmpuint (s->height, ==, 180);

  /* a gap that is still going on counts as a freeze in progress */
  cs_media_meter_fill (meter, s, t + 2000 * MS);
  g_assert_cmpuint (s->freeze_count, ==, 2);
  g_assert_cmpfloat (s->total_freeze_ms, >, 2700);
  /* a short gap is not a freeze */
  cs_media_meter_fill (meter, s, t + 400 * MS);
  g_assert_cmpuint (s->freeze_count, ==, 1);
}

static void
test_level (void)
{
  g_autoptr (CsMediaMeter) meter = cs_media_meter_new ();
  g_autoptr (CsStatsSample) audio = inbound (CS_SAMPLE_KIND_AUDIO);
  g_autoptr (CsStatsSample) out = cs_stats_sample_new ();
  gint16 tone[480];

  /* nothing heard yet: unknown */
  cs_media_meter_fill (meter, audio, 0);
  g_assert_cmpfloat (audio->audio_level, <, 0);
  /* 200 ms of a 1 kHz tone at 9000, 48 kHz mono: the level is its amplitude */
  for (guint i = 0; i < G_N_ELEMENTS (tone); i++)
    tone[i] = (gint16) lrint (9000 * sin (2 * G_PI * 1000 * i / 48000.0));
  for (guint f = 0; f < 20; f++)
    cs_media_meter_add_audio (meter, FALSE, 48000, 1, tone, G_N_ELEMENTS (tone));
  cs_media_meter_fill (meter, audio, 0);
  g_assert_cmpfloat (fabs (audio->audio_level - 9000), <, 10);

  /* a meter that watches no sender leaves outbound samples alone */
  out->kind = CS_SAMPLE_KIND_AUDIO;
  out->direction = CS_SAMPLE_DIRECTION_OUTBOUND;
  out->audio_level = 77;
  cs_media_meter_fill (meter, out, 0);
  g_assert_cmpfloat (out->audio_level, ==, 77);
  /* what the local user sends: sendVolumeLevel, apart from what it receives */
  for (guint i = 0; i < G_N_ELEMENTS (tone); i++)
    tone[i] = (gint16) (tone[i] / 3);
  for (guint f = 0; f < 20; f++)
    cs_media_meter_add_audio (meter, TRUE, 48000, 1, tone, G_N_ELEMENTS (tone));
  cs_media_meter_fill (meter, out, 0);
  g_assert_cmpfloat (fabs (out->audio_level - 3000), <, 10);
  cs_media_meter_fill (meter, audio, 0);
  g_assert_cmpfloat (fabs (audio->audio_level - 9000), <, 10);
}

/* The probes on real pads: raw video and S16 audio buffers through a small pipeline. */
static void
test_probes (void)
{
  g_autoptr (CsMediaMeter) meter = cs_media_meter_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GstElement) pipeline = gst_parse_launch (
    "videotestsrc num-buffers=12 ! video/x-raw,width=160,height=90,framerate=30/1 ! identity name=v ! fakesink sync=false "
    "audiotestsrc num-buffers=5 volume=0.5 ! audio/x-raw,format=S16LE,channels=1 ! identity name=a ! fakesink sync=false",
    &error);
  g_autoptr (GstElement) v = NULL;
  g_autoptr (GstElement) a = NULL;
  g_autoptr (GstPad) vpad = NULL;
  g_autoptr (GstPad) apad = NULL;
  g_autoptr (GstBus) bus = NULL;
  g_autoptr (GstMessage) msg = NULL;
  g_autoptr (CsStatsSample) video = inbound (CS_SAMPLE_KIND_VIDEO);
  g_autoptr (CsStatsSample) audio = inbound (CS_SAMPLE_KIND_AUDIO);

  g_assert_no_error (error);
  v = gst_bin_get_by_name (GST_BIN (pipeline), "v");
  a = gst_bin_get_by_name (GST_BIN (pipeline), "a");
  vpad = gst_element_get_static_pad (v, "src");
  apad = gst_element_get_static_pad (a, "src");
  cs_media_meter_watch_video (meter, vpad);
  cs_media_meter_watch_audio (meter, apad);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  bus = gst_element_get_bus (pipeline);
  msg = gst_bus_timed_pop_filtered (bus, 10 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (msg);
  g_assert_cmpint (GST_MESSAGE_TYPE (msg), ==, GST_MESSAGE_EOS);
  gst_element_set_state (pipeline, GST_STATE_NULL);

  cs_media_meter_fill (meter, video, g_get_monotonic_time ());
  g_assert_cmpuint (video->frames_decoded, ==, 12);
  g_assert_cmpuint (video->width, ==, 160);
  g_assert_cmpuint (video->height, ==, 90);
  cs_media_meter_fill (meter, audio, g_get_monotonic_time ());
  /* a sine at half volume peaks near 16383 */
  g_assert_cmpfloat (audio->audio_level, >, 15000);
  g_assert_cmpfloat (audio->audio_level, <, 17000);
}

static void
test_sent (void)
{
  g_autoptr (CsMediaMeter) meter = cs_media_meter_new ();
  g_autoptr (CsStatsSample) out = cs_stats_sample_new ();

  out->kind = CS_SAMPLE_KIND_VIDEO;
  out->direction = CS_SAMPLE_DIRECTION_OUTBOUND;
  cs_media_meter_fill (meter, out, 0);
  g_assert_false (out->has_frames);
  for (guint i = 0; i < 30; i++)
    cs_media_meter_add_sent (meter, FALSE, 640, 360);
  for (guint i = 0; i < 28; i++)
    cs_media_meter_add_sent (meter, TRUE, 0, 0);
  cs_media_meter_fill (meter, out, 0);
  g_assert_true (out->has_frames);
  g_assert_cmpuint (out->frames_captured, ==, 30);
  g_assert_cmpuint (out->frames_encoded, ==, 28);
  g_assert_cmpuint (out->capture_width, ==, 640);
  g_assert_cmpuint (out->height, ==, 360);
}

int
main (int argc, char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/media-meter/frames-and-freezes", test_frames_and_freezes);
  g_test_add_func ("/media-meter/level", test_level);
  g_test_add_func ("/media-meter/sent", test_sent);
  g_test_add_func ("/media-meter/probes", test_probes);
  return g_test_run ();
}
