/* test-codec-choice.c — the decoder of each codec a browser may send, chosen by what is
 * installed; a stream without a decoder, or whose decoder fails, counts decode errors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gst/gst.h>
#include <string.h>

#include "cs-codec-choice.h"
#include "cs-media-meter.h"

static const char *const *installed;

static gboolean
fake_have (const char *name)
{
  return g_strv_contains (installed, name);
}

static void
test_choice (void)
{
  static const char *const all[] = { "rtpvp8depay", "vp8dec", "rtph264depay", "h264parse", "avdec_h264",
                                     "openh264dec", "rtpav1depay", "av1parse", "av1dec", "rtpopusdepay", "opusdec", NULL };
  static const char *const no_libav[] = { "rtph264depay", "h264parse", "openh264dec", "av1dec", "av1parse", NULL };
  static const char *const none[] = { "rtph264depay", "h264parse", "vp8dec", NULL };
  g_autofree char *dec = NULL;
  g_autofree char *d = NULL;

  installed = all;
  d = cs_codec_choice_receive_description ("H264", TRUE, fake_have, &dec);
  g_assert_cmpstr (dec, ==, "avdec_h264");
  g_assert_nonnull (strstr (d, "rtph264depay"));
  g_assert_nonnull (strstr (d, "h264parse ! avdec_h264"));
  g_assert_nonnull (strstr (d, "videoconvert name=conv"));
  g_clear_pointer (&d, g_free);
  g_clear_pointer (&dec, g_free);
  /* case does not matter (SDP's rtpmap may say h264) */
  d = cs_codec_choice_receive_description ("h264", TRUE, fake_have, &dec);
  g_assert_cmpstr (dec, ==, "avdec_h264");
  g_clear_pointer (&d, g_free);
  g_clear_pointer (&dec, g_free);
  d = cs_codec_choice_receive_description ("OPUS", FALSE, fake_have, &dec);
  g_assert_cmpstr (dec, ==, "opusdec");
  g_assert_nonnull (strstr (d, "fakesink name=asink"));
  g_clear_pointer (&d, g_free);
  g_clear_pointer (&dec, g_free);
  /* Opus is not a video codec */
  g_assert_null (cs_codec_choice_receive_description ("OPUS", TRUE, fake_have, NULL));

  installed = no_libav;
  d = cs_codec_choice_receive_description ("H264", TRUE, fake_have, &dec);
  g_assert_cmpstr (dec, ==, "openh264dec");
  g_clear_pointer (&d, g_free);
  g_clear_pointer (&dec, g_free);
  /* a decoder without its depayloader decodes nothing (AV1 on GStreamer 1.22) */
  g_assert_null (cs_codec_choice_receive_description ("AV1", TRUE, fake_have, &dec));
  g_assert_null (dec);

  installed = none;
  g_assert_null (cs_codec_choice_receive_description ("H264", TRUE, fake_have, NULL));
  g_assert_null (cs_codec_choice_receive_description ("VP8", TRUE, fake_have, NULL));
  g_assert_null (cs_codec_choice_receive_description ("FOO", TRUE, fake_have, NULL));
  g_assert_null (cs_codec_choice_receive_description (NULL, TRUE, fake_have, NULL));
}

/* what the registry offers parses, for every codec it can decode here */
static void
test_registry (void)
{
  static const struct { const char *encoding; gboolean video; } codecs[] = {
    { "VP8", TRUE }, { "VP9", TRUE }, { "H264", TRUE }, { "AV1", TRUE },
    { "OPUS", FALSE }, { "PCMU", FALSE }, { "PCMA", FALSE }, { "G722", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (codecs); i++)
    {
      g_autofree char *dec = NULL;
      g_autofree char *d = cs_codec_choice_receive_description (codecs[i].encoding, codecs[i].video, NULL, &dec);
      g_autoptr (GError) error = NULL;
      g_autoptr (GstElement) bin = NULL;
      g_autoptr (GstElement) named = NULL;

      g_test_message ("%s: %s", codecs[i].encoding, dec != NULL ? dec : "no decoder here");
      if (d == NULL)
        continue;
      bin = gst_parse_bin_from_description (d, TRUE, &error);
      g_assert_no_error (error);
      gst_object_ref_sink (bin);
      named = gst_bin_get_by_name (GST_BIN (bin), "dec");
      g_assert_nonnull (named);
    }
  /* VP8 and Opus are always there (plugins-good): the suite's own calls use them */
  {
    g_autofree char *vp8 = cs_codec_choice_receive_description ("VP8", TRUE, NULL, NULL);
    g_autofree char *opus = cs_codec_choice_receive_description ("OPUS", FALSE, NULL, NULL);

    g_assert_nonnull (vp8);
    g_assert_nonnull (opus);
  }
}

static GstPadProbeReturn
corrupt_probe (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  static guint n;
  GstBuffer *buffer;
  GstMapInfo map;

  if (n++ < 30)
    return GST_PAD_PROBE_OK;
  buffer = gst_buffer_make_writable (GST_PAD_PROBE_INFO_BUFFER (info));
  GST_PAD_PROBE_INFO_DATA (info) = buffer;
  if (gst_buffer_map (buffer, &map, GST_MAP_WRITE))
    {
      for (gsize i = 8; i < map.size; i++)
        map.data[i] = (guint8) (map.data[i] * 31 + 7);
      gst_buffer_unmap (buffer, &map);
    }
  return GST_PAD_PROBE_OK;
}

/* H.264 from openh264enc through the chosen chain: every frame decoded, no error; then with
 * the payloads after the first second garbled: the decoder's failures are counted */
static void
run_h264 (gboolean corrupt, CsStatsSample *video)
{
  g_autofree char *d = cs_codec_choice_receive_description ("H264", TRUE, NULL, NULL);
  g_autofree char *desc = g_strdup_printf (
      "videotestsrc num-buffers=90 ! video/x-raw,width=320,height=240,framerate=30/1 ! openh264enc gop-size=30 ! "
      "rtph264pay name=pay config-interval=-1 ! application/x-rtp,media=video,encoding-name=H264,payload=96,clock-rate=90000 ! "
      "%s ! fakesink sync=false", d);
  g_autoptr (CsMediaMeter) meter = cs_media_meter_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GstElement) pipeline = NULL;
  g_autoptr (GstElement) dec = NULL;
  g_autoptr (GstElement) conv = NULL;
  g_autoptr (GstPad) cpad = NULL;
  g_autoptr (GstBus) bus = NULL;
  g_autoptr (GstMessage) msg = NULL;

  pipeline = gst_parse_launch (desc, &error);
  g_assert_no_error (error);
  dec = gst_bin_get_by_name (GST_BIN (pipeline), "dec");
  conv = gst_bin_get_by_name (GST_BIN (pipeline), "conv");
  cpad = gst_element_get_static_pad (conv, "src");
  cs_media_meter_watch_decoder (meter, dec, TRUE);
  cs_media_meter_watch_video (meter, cpad);
  if (corrupt)
    {
      /* garble the coded frames after the first 30, past the NAL header; the decoder
       * is the one that has to notice */
      g_autoptr (GstElement) parse = gst_bin_get_by_name (GST_BIN (pipeline), "dec");
      g_autoptr (GstPad) dsink = gst_element_get_static_pad (parse, "sink");

      gst_pad_add_probe (dsink, GST_PAD_PROBE_TYPE_BUFFER, corrupt_probe, NULL, NULL);
    }
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  bus = gst_element_get_bus (pipeline);
  msg = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (msg);
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR)
    {
      g_autoptr (GError) e = NULL;

      gst_message_parse_error (msg, &e, NULL);
      g_error ("%s: %s", GST_MESSAGE_SRC_NAME (msg), e->message);
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  video->packets = 1000;
  cs_media_meter_fill (meter, video, g_get_monotonic_time ());
}

static void
test_h264 (void)
{
  g_autoptr (CsStatsSample) clean = cs_stats_sample_new ();
  g_autoptr (CsStatsSample) garbled = cs_stats_sample_new ();
  g_autoptr (GstElementFactory) enc = gst_element_factory_find ("openh264enc");
  g_autofree char *d = cs_codec_choice_receive_description ("H264", TRUE, NULL, NULL);

  if (enc == NULL || d == NULL)
    {
      g_test_skip (enc == NULL ? "openh264enc is not installed: no H.264 to decode"
                               : "no H.264 decoder installed (gstreamer1.0-libav or openh264dec)");
      return;
    }
  clean->kind = garbled->kind = CS_SAMPLE_KIND_VIDEO;
  clean->direction = garbled->direction = CS_SAMPLE_DIRECTION_INBOUND;
  run_h264 (FALSE, clean);
  g_test_message ("clean: %" G_GUINT64_FORMAT " frames, %" G_GUINT64_FORMAT " decode errors, %ux%u",
                  clean->frames_decoded, clean->decode_errors, clean->width, clean->height);
  g_assert_cmpuint (clean->frames_decoded, >=, 85);
  g_assert_cmpuint (clean->decode_errors, ==, 0);
  g_assert_cmpuint (clean->width, ==, 320);
  run_h264 (TRUE, garbled);
  g_test_message ("garbled: %" G_GUINT64_FORMAT " frames, %" G_GUINT64_FORMAT " decode errors",
                  garbled->frames_decoded, garbled->decode_errors);
  g_assert_cmpuint (garbled->decode_errors, >, 0);
}

static void
test_undecodable_meter (void)
{
  g_autoptr (CsMediaMeter) meter = cs_media_meter_new ();
  g_autoptr (CsStatsSample) video = cs_stats_sample_new ();
  g_autoptr (CsStatsSample) audio = cs_stats_sample_new ();

  video->kind = CS_SAMPLE_KIND_VIDEO;
  audio->kind = CS_SAMPLE_KIND_AUDIO;
  video->direction = audio->direction = CS_SAMPLE_DIRECTION_INBOUND;
  video->packets = 400;
  audio->packets = 50;
  cs_media_meter_set_undecodable (meter, TRUE);
  cs_media_meter_fill (meter, video, 0);
  cs_media_meter_fill (meter, audio, 0);
  /* every video packet failed, no frame shown; the audio decodes */
  g_assert_cmpuint (video->decode_errors, ==, 400);
  g_assert_true (video->has_frames);
  g_assert_cmpuint (video->frames_decoded, ==, 0);
  g_assert_cmpuint (audio->decode_errors, ==, 0);

  /* a decoder's latency is not a failure; frames that never come out are */
  for (guint i = 0; i < 8; i++)
    cs_media_meter_add_decoded (meter, FALSE, FALSE);
  cs_media_meter_fill (meter, audio, 0);
  g_assert_cmpuint (audio->decode_errors, ==, 0);
  for (guint i = 0; i < 5; i++)
    cs_media_meter_add_decoded (meter, FALSE, FALSE);
  for (guint i = 0; i < 13; i++)
    cs_media_meter_add_decoded (meter, FALSE, TRUE);
  cs_media_meter_fill (meter, audio, 0);
  /* counted once, kept when the decoder catches up */
  g_assert_cmpuint (audio->decode_errors, ==, 5);
}

int
main (int argc, char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/codec-choice/choice", test_choice);
  g_test_add_func ("/codec-choice/registry", test_registry);
  g_test_add_func ("/codec-choice/undecodable-meter", test_undecodable_meter);
  g_test_add_func ("/codec-choice/h264", test_h264);
  return g_test_run ();
}
