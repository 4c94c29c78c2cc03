/* test-undecodable.c — a received stream that cannot be decoded: RECV_VIDEO_DECODE_FAILED
 * (1005) or RECV_AUDIO_DECODE_FAILED (2005) with the codec's name, the participant names the
 * codec (its tile says "Cannot decode H.264"), and no network score is claimed from it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <locale.h>

#include "cs-codec-name.h"
#include "cs-stats-model.h"

/* what the local user receives from pub-1 at second @t: @kind at 50 packets/s; undecodable:
 * every packet is a decode error and (video) no frame is decoded */
static CsStatsSample *
received (double t, CsSampleKind kind, const char *codec, gboolean undecodable)
{
  CsStatsSample *s = cs_stats_sample_new ();
  guint64 n = (guint64) t + 1;

  s->t = t;
  s->observer_uid = g_strdup ("local");
  s->peer_uid = g_strdup ("pub-1");
  s->kind = kind;
  s->direction = CS_SAMPLE_DIRECTION_INBOUND;
  s->ssrc = kind == CS_SAMPLE_KIND_VIDEO ? 2 : 1;
  s->codec = g_strdup (codec);
  s->packets = n * 50;
  s->has_packets_lost = TRUE;
  s->bytes = n * 40000;
  s->rtt_ms = 20;
  s->jitter_ms = 2;
  if (kind == CS_SAMPLE_KIND_VIDEO)
    {
      s->has_frames = TRUE;
      s->frames_decoded = s->frames_rendered = undecodable ? 0 : n * 30;
      s->total_freeze_ms = 0;
    }
  else
    s->audio_level = 3000;
  s->decode_errors = undecodable ? s->packets : 0;
  return s;
}

static void
on_exception (CsStatsModel *model, CsExceptionEvent *ev, GPtrArray *events)
{
  g_ptr_array_add (events, cs_exception_event_copy (ev));
}

static const CsExceptionEvent *
find_event (GPtrArray *events, guint code)
{
  for (guint i = 0; i < events->len; i++)
    {
      const CsExceptionEvent *ev = g_ptr_array_index (events, i);

      if (ev->code == code)
        return ev;
    }
  return NULL;
}

/* @video_ok, @audio_ok: whether each stream decodes; @seconds of them, then (@recover) as
 * many seconds of both decoding */
static CsStatsModel *
run (gboolean video_ok, gboolean audio_ok, guint seconds, gboolean recover, GPtrArray *events)
{
  CsStatsModel *model = cs_stats_model_new ();

  g_signal_connect (model, "exception", G_CALLBACK (on_exception), events);
  cs_stats_model_join (model, "local");
  for (guint t = 0; t < seconds * (recover ? 2 : 1); t++)
    {
      gboolean later = t >= seconds;
      g_autoptr (CsStatsSample) v = received (t, CS_SAMPLE_KIND_VIDEO, "H264", !video_ok && !later);
      g_autoptr (CsStatsSample) a = received (t, CS_SAMPLE_KIND_AUDIO, "opus", !audio_ok && !later);

      cs_stats_model_ingest (model, v);
      cs_stats_model_ingest (model, a);
      cs_stats_model_commit (model, t);
    }
  return model;
}

static void
test_codec_names (void)
{
  g_assert_cmpstr (cs_codec_display_name ("H264"), ==, "H.264");
  g_assert_cmpstr (cs_codec_display_name ("h264"), ==, "H.264");
  g_assert_cmpstr (cs_codec_display_name ("opus"), ==, "Opus");
  g_assert_cmpstr (cs_codec_display_name ("AV1X"), ==, "AV1");
  g_assert_cmpstr (cs_codec_display_name ("FOO"), ==, "FOO");
  g_assert_null (cs_codec_display_name (""));
  g_assert_null (cs_codec_display_name (NULL));
}

static void
test_video_undecodable (void)
{
  g_autoptr (GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_exception_event_free);
  g_autoptr (CsStatsModel) model = run (FALSE, TRUE, 10, TRUE, events);
  const CsExceptionEvent *raised = find_event (events, 1005);
  const CsExceptionEvent *recovered = find_event (events, 3005);

  g_assert_nonnull (raised);
  g_assert_cmpstr (raised->uid, ==, "pub-1");
  g_assert_cmpstr (raised->detail, ==, "H.264");
  g_assert_cmpfloat (raised->t, <, 5);
  /* it decodes again: recovered, and the tile no longer names the codec */
  g_assert_nonnull (recovered);
  g_assert_cmpfloat (recovered->t, >=, 10);
  g_assert_null (cs_participant_get_undecodable_codec (cs_stats_model_lookup (model, "pub-1")));
  g_assert_null (find_event (events, 2005));
}

static void
test_video_undecodable_named (void)
{
  g_autoptr (GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_exception_event_free);
  g_autoptr (CsStatsModel) model = run (FALSE, TRUE, 10, FALSE, events);
  CsParticipant *pub = cs_stats_model_lookup (model, "pub-1");

  g_assert_cmpstr (cs_participant_get_undecodable_codec (pub), ==, "H.264");
  /* the audio decodes: the score is the audio's (clean), not claimed from the video */
  g_assert_cmpuint (cs_participant_get_uplink_quality (pub), >=, 1);
  g_assert_cmpuint (cs_participant_get_uplink_quality (pub), <=, 2);
}

static void
test_nothing_decodes (void)
{
  g_autoptr (GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_exception_event_free);
  g_autoptr (CsStatsModel) model = run (FALSE, FALSE, 10, FALSE, events);
  CsParticipant *pub = cs_stats_model_lookup (model, "pub-1");
  const CsExceptionEvent *audio = find_event (events, 2005);

  g_assert_nonnull (find_event (events, 1005));
  g_assert_nonnull (audio);
  g_assert_cmpstr (audio->detail, ==, "Opus");
  /* video is named before audio on the tile */
  g_assert_cmpstr (cs_participant_get_undecodable_codec (pub), ==, "H.264");
  /* nothing decodes: no score is claimed (0, unknown), never "1 Excellent" and never
   * "media stopped" (packets do arrive) */
  g_test_message ("uplink %u (%s)", cs_participant_get_uplink_quality (pub), cs_participant_get_uplink_reason (pub));
  g_assert_cmpuint (cs_participant_get_uplink_quality (pub), ==, 0);
}

static void
test_decodable_unchanged (void)
{
  g_autoptr (GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_exception_event_free);
  g_autoptr (CsStatsModel) model = run (TRUE, TRUE, 10, FALSE, events);
  CsParticipant *pub = cs_stats_model_lookup (model, "pub-1");

  g_assert_null (find_event (events, 1005));
  g_assert_null (cs_participant_get_undecodable_codec (pub));
  g_assert_cmpuint (cs_participant_get_uplink_quality (pub), ==, 1);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "C");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/model/undecodable/codec-names", test_codec_names);
  g_test_add_func ("/model/undecodable/video", test_video_undecodable);
  g_test_add_func ("/model/undecodable/video-named", test_video_undecodable_named);
  g_test_add_func ("/model/undecodable/nothing-decodes", test_nothing_decodes);
  g_test_add_func ("/model/undecodable/decodable-unchanged", test_decodable_unchanged);
  return g_test_run ();
}
