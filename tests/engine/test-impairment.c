/* test-impairment.c — --impair parsing, scenario files, and the get-stats converter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gst/gst.h>
#include <gst/webrtc/webrtc.h>
#include <math.h>

#include "cs-error.h"
#include "cs-impairment.h"
#include "cs-scenario.h"
#include "cs-webrtc-stats.h"

#define U CS_IMPAIR_UNSET

typedef struct
{
  const char *text;
  gboolean    ok;
  const char *uid;
  double      up[CS_N_LINK_KEYS];
  double      down[CS_N_LINK_KEYS];
} ImpairCase;

static const ImpairCase impair_cases[] = {
  { "loss=10", TRUE, NULL, { 10, U, U, U }, { 10, U, U, U } },
  { "user-1:loss=10,delay=50", TRUE, "user-1", { 10, 50, U, U }, { 10, 50, U, U } },
  { "local:delay=100", TRUE, "local", { U, 100, U, U }, { U, 100, U, U } },
  { "user-2:up.loss=5,down.jitter=20", TRUE, "user-2", { 5, U, U, U }, { U, U, 20, U } },
  { "rate=300,jitter=2.5", TRUE, NULL, { U, U, 2.5, 300 }, { U, U, 2.5, 300 } },
  { "down.rate=0", TRUE, NULL, { U, U, U, U }, { U, U, U, 0 } },
  { "", FALSE },
  { "loss", FALSE },
  { "loss=", FALSE },
  { "=5", FALSE },
  { "loss=abc", FALSE },
  { "loss=5x", FALSE },
  { "loss=101", FALSE },
  { "loss=-1", FALSE },
  { "delay=nan", FALSE },
  { "speed=5", FALSE },
  { "up.fps=5", FALSE },
  { "fps=5", FALSE },            /* device keys belong to scenarios */
  { "sideways.loss=5", FALSE },
  { "user 1:loss=5", FALSE },
  { ":loss=5", FALSE },
  { "user-1:", FALSE },
  { "loss=5,,delay=3", FALSE },
};

static void
test_impair_parse (gconstpointer data)
{
  const ImpairCase *c = data;
  g_autoptr (GError) error = NULL;
  g_autofree char *uid = NULL;
  CsImpairment imp;
  gboolean ok = cs_impairment_parse (c->text, &uid, &imp, &error);

  g_assert_cmpint (ok, ==, c->ok);
  if (!c->ok)
    {
      g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_OPTION);
      g_assert_nonnull (strstr (error->message, "--impair"));
      g_assert_null (uid);
      return;
    }
  g_assert_no_error (error);
  g_assert_cmpstr (uid, ==, c->uid);
  for (guint i = 0; i < CS_N_LINK_KEYS; i++)
    {
      g_assert_cmpfloat (imp.up[i], ==, c->up[i]);
      g_assert_cmpfloat (imp.down[i], ==, c->down[i]);
    }
  g_assert_cmpfloat (imp.capture_fps, ==, U);
  g_assert_cmpint (imp.send_video, ==, -1);
}

static void
test_impair_merge (void)
{
  CsImpairment base, change;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  cs_impairment_init (&base);
  cs_impairment_init (&change);
  g_assert_true (cs_impairment_set_key (&base, "loss", 5, FALSE, &error));
  g_assert_true (cs_impairment_set_key (&change, "up.loss", 20, FALSE, &error));
  g_assert_true (cs_impairment_set_key (&change, "video", 0, TRUE, &error));
  g_assert_true (cs_impairment_set_key (&change, "mic", 0, TRUE, &error));
  cs_impairment_merge (&base, &change);
  g_assert_cmpfloat (base.up[CS_LINK_KEY_LOSS], ==, 20);
  g_assert_cmpfloat (base.down[CS_LINK_KEY_LOSS], ==, 5);
  g_assert_cmpint (base.send_video, ==, 0);
  g_assert_cmpfloat (base.mic_level, ==, 0);
  text = cs_impairment_to_string (&base);
  g_assert_cmpstr (text, ==, "up.loss=20 down.loss=5 mic=0 video=0");
}

typedef struct
{
  const char *name;
  const char *json;
  guint       n_steps;     /* when valid */
  const char *error_part;  /* when invalid */
} ScenarioCase;

static const ScenarioCase scenario_cases[] = {
  { "valid", "{\"name\":\"x\",\"steps\":[{\"at\":3,\"user\":\"user-1\",\"set\":{\"loss\":10,\"down.delay\":50}},"
             "{\"at\":1,\"set\":{\"fps\":5,\"video\":false}}]}", 2, NULL },
  { "empty-steps", "{\"steps\":[]}", 0, NULL },
  { "not-json", "steps: []", 0, "JSON" },
  { "truncated", "{\"steps\":[{\"at\":1,", 0, "JSON" },
  { "not-object", "[1,2]", 0, "object" },
  { "no-steps", "{\"name\":\"x\"}", 0, "steps" },
  { "steps-not-array", "{\"steps\":{}}", 0, "steps" },
  { "step-not-object", "{\"steps\":[3]}", 0, "step 1" },
  { "no-at", "{\"steps\":[{\"set\":{\"loss\":1}}]}", 0, "at" },
  { "negative-at", "{\"steps\":[{\"at\":-1,\"set\":{\"loss\":1}}]}", 0, "at" },
  { "string-at", "{\"steps\":[{\"at\":\"1\",\"set\":{\"loss\":1}}]}", 0, "at" },
  { "no-set", "{\"steps\":[{\"at\":1}]}", 0, "set" },
  { "empty-set", "{\"steps\":[{\"at\":1,\"set\":{}}]}", 0, "nothing" },
  { "unknown-key", "{\"steps\":[{\"at\":1,\"set\":{\"speed\":1}}]}", 0, "speed" },
  { "bad-value", "{\"steps\":[{\"at\":1,\"set\":{\"loss\":\"high\"}}]}", 0, "number" },
  { "out-of-range", "{\"steps\":[{\"at\":0,\"set\":{\"loss\":1}}, {\"at\":1,\"set\":{\"loss\":200}}]}", 0, "step 2" },
  { "bad-user", "{\"steps\":[{\"at\":1,\"user\":5,\"set\":{\"loss\":1}}]}", 0, "user" },
  /* "users" and "duration", as --make-scenario writes them */
  { "made", "{\"users\":2,\"duration\":25.0,\"names\":[\"a\",\"b\"],\"steps\":[]}", 0, NULL },
  { "users-zero", "{\"users\":0,\"steps\":[]}", 0, "users" },
  { "users-17", "{\"users\":17,\"steps\":[]}", 0, "users" },
  { "users-string", "{\"users\":\"2\",\"steps\":[]}", 0, "users" },
  { "duration-negative", "{\"duration\":-5,\"steps\":[]}", 0, "duration" },
  { "clock-media", "{\"clock\":\"media\",\"steps\":[]}", 0, NULL },
  { "clock-other", "{\"clock\":\"wall\",\"steps\":[]}", 0, "clock" },
  { "clock-number", "{\"clock\":1,\"steps\":[]}", 0, "clock" },
  { "names-not-array", "{\"names\":\"a\",\"steps\":[]}", 0, "names" },
  { "names-number", "{\"names\":[\"a\",2],\"steps\":[]}", 0, "names" },
  { "names-17", "{\"names\":[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\",\"10\",\"11\",\"12\",\"13\",\"14\",\"15\",\"16\",\"17\"],\"steps\":[]}", 0, "names" },
};

static void
test_scenario_parse (gconstpointer data)
{
  const ScenarioCase *c = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (CsScenario) scenario = cs_scenario_new_from_data (c->json, -1, &error);

  if (c->error_part != NULL)
    {
      g_assert_null (scenario);
      g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_SCENARIO);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, c->error_part));
      return;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (cs_scenario_get_n_steps (scenario), ==, c->n_steps);
  if (g_str_equal (c->name, "made"))
    {
      g_assert_cmpuint (cs_scenario_get_users (scenario), ==, 2);
      g_assert_cmpfloat (cs_scenario_get_duration (scenario), ==, 25.0);
      g_assert_cmpstr (cs_scenario_get_user_name (scenario, 1), ==, "a");
      g_assert_cmpstr (cs_scenario_get_user_name (scenario, 2), ==, "b");
      g_assert_null (cs_scenario_get_user_name (scenario, 3));
      g_assert_null (cs_scenario_get_user_name (scenario, 0));
    }
  else
    g_assert_cmpuint (cs_scenario_get_users (scenario), ==, 0);
  g_assert_true (cs_scenario_get_media_clock (scenario) == g_str_equal (c->name, "clock-media"));
  if (c->n_steps == 2)
    {
      const CsScenarioStep *first = cs_scenario_get_step (scenario, 0);
      const CsScenarioStep *second = cs_scenario_get_step (scenario, 1);

      /* sorted by time */
      g_assert_cmpfloat (first->at, ==, 1);
      g_assert_null (first->uid);
      g_assert_cmpfloat (first->change.capture_fps, ==, 5);
      g_assert_cmpint (first->change.send_video, ==, 0);
      g_assert_cmpstr (second->uid, ==, "user-1");
      g_assert_cmpfloat (second->change.up[CS_LINK_KEY_LOSS], ==, 10);
      g_assert_cmpfloat (second->change.down[CS_LINK_KEY_DELAY], ==, 50);
      g_assert_cmpfloat (second->change.up[CS_LINK_KEY_DELAY], ==, U);
      g_assert_cmpfloat (cs_scenario_get_length (scenario), ==, 3);
    }
}

static void
test_scenario_presets (void)
{
  g_auto (GStrv) presets = cs_scenario_list_presets ();
  const char *required[] = { "clean", "wifi-lossy", "congested-3g", "outage" };
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    g_assert_true (g_strv_contains ((const char * const *) presets, required[i]));
  for (guint i = 0; presets[i] != NULL; i++)
    {
      g_autoptr (CsScenario) scenario = cs_scenario_load (presets[i], &error);

      g_assert_no_error (error);
      g_assert_cmpstr (cs_scenario_get_name (scenario), ==, presets[i]);
      g_assert_cmpstr (cs_scenario_get_description (scenario), !=, "");
    }
  {
    g_autoptr (CsScenario) outage = cs_scenario_load ("outage", &error);
    gboolean total_loss = FALSE, recovers = FALSE;

    g_assert_no_error (error);
    for (guint i = 0; i < cs_scenario_get_n_steps (outage); i++)
      {
        const CsScenarioStep *step = cs_scenario_get_step (outage, i);

        total_loss |= step->change.up[CS_LINK_KEY_LOSS] == 100;
        recovers |= total_loss && step->change.up[CS_LINK_KEY_LOSS] == 0;
      }
    g_assert_true (total_loss);
    g_assert_true (recovers);
  }
  g_assert_null (cs_scenario_load ("no-such-preset", &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_SCENARIO);
}

/* ---------------------------------------------------------------- converter */

static GstStructure *
rtp_source_stats (guint ssrc, gboolean is_sender, int lost)
{
  return gst_structure_new ("application/x-rtp-source-stats",
                            "ssrc", G_TYPE_UINT, ssrc,
                            "is-sender", G_TYPE_BOOLEAN, is_sender,
                            "packets-lost", G_TYPE_INT, lost,
                            "clock-rate", G_TYPE_INT, 90000,
                            "rb-jitter", G_TYPE_UINT, 900,
                            NULL);
}

static void
add_entry (GstStructure *stats, const char *id, GstStructure *entry)
{
  gst_structure_set (entry, "id", G_TYPE_STRING, id, "timestamp", G_TYPE_DOUBLE, 1000.0, NULL);
  gst_structure_set (stats, id, GST_TYPE_STRUCTURE, entry, NULL);
  gst_structure_free (entry);
}

static GstStructure *
fake_stats (gboolean bundle_mislabel)
{
  GstStructure *stats = gst_structure_new_empty ("application/x-webrtc-stats");
  GstStructure *src;

  /* outbound video 1111 with its remote-inbound (RR) */
  src = rtp_source_stats (1111, TRUE, 0);
  add_entry (stats, "rtp-outbound-stream-stats_1111",
             gst_structure_new ("outbound-rtp", "type", GST_TYPE_WEBRTC_STATS_TYPE, GST_WEBRTC_STATS_OUTBOUND_RTP,
                                "ssrc", G_TYPE_UINT, 1111, "kind", G_TYPE_STRING, bundle_mislabel ? "audio" : "video",
                                "packets-sent", G_TYPE_UINT64, (guint64) 500, "bytes-sent", G_TYPE_UINT64, (guint64) 400000,
                                "nack-count", G_TYPE_UINT, 3, "pli-count", G_TYPE_UINT, 1, "fir-count", G_TYPE_UINT, 1,
                                "gst-rtpsource-stats", GST_TYPE_STRUCTURE, src, NULL));
  gst_structure_free (src);
  src = rtp_source_stats (9999, TRUE, 0);
  add_entry (stats, "rtp-remote-inbound-stream-stats_1111",
             gst_structure_new ("remote-inbound-rtp", "type", GST_TYPE_WEBRTC_STATS_TYPE,
                                GST_WEBRTC_STATS_REMOTE_INBOUND_RTP, "ssrc", G_TYPE_UINT, 1111,
                                "packets-lost", G_TYPE_INT64, (gint64) 25, "fraction-lost", G_TYPE_DOUBLE, 0.05,
                                "round-trip-time", G_TYPE_DOUBLE, 0.2015,
                                "gst-rtpsource-stats", GST_TYPE_STRUCTURE, src, NULL));
  gst_structure_free (src);
  /* spurious outbound for our receive-only SSRC */
  src = rtp_source_stats (2222, FALSE, 0);
  add_entry (stats, "rtp-outbound-stream-stats_2222",
             gst_structure_new ("outbound-rtp", "type", GST_TYPE_WEBRTC_STATS_TYPE, GST_WEBRTC_STATS_OUTBOUND_RTP,
                                "ssrc", G_TYPE_UINT, 2222, "kind", G_TYPE_STRING, "video",
                                "packets-sent", G_TYPE_UINT64, (guint64) 0,
                                "gst-rtpsource-stats", GST_TYPE_STRUCTURE, src, NULL));
  gst_structure_free (src);
  /* inbound audio 3333: the jitterbuffer's packets-lost is wrong (bundle bug), the source's is right */
  src = rtp_source_stats (3333, TRUE, 14);
  add_entry (stats, "rtp-inbound-stream-stats_3333",
             gst_structure_new ("inbound-rtp", "type", GST_TYPE_WEBRTC_STATS_TYPE, GST_WEBRTC_STATS_INBOUND_RTP,
                                "ssrc", G_TYPE_UINT, 3333, "kind", G_TYPE_STRING, bundle_mislabel ? "video" : "audio",
                                "packets-received", G_TYPE_UINT64, (guint64) 700, "bytes-received", G_TYPE_UINT64, (guint64) 56000,
                                "packets-lost", G_TYPE_INT64, (gint64) 5, "jitter", G_TYPE_DOUBLE, 0.004,
                                "gst-rtpsource-stats", GST_TYPE_STRUCTURE, src, NULL));
  gst_structure_free (src);
  /* RTX stream of the same peer and kind: fewer packets */
  src = rtp_source_stats (4444, TRUE, 0);
  add_entry (stats, "rtp-inbound-stream-stats_4444",
             gst_structure_new ("inbound-rtp", "type", GST_TYPE_WEBRTC_STATS_TYPE, GST_WEBRTC_STATS_INBOUND_RTP,
                                "ssrc", G_TYPE_UINT, 4444, "kind", G_TYPE_STRING, bundle_mislabel ? "video" : "audio",
                                "packets-received", G_TYPE_UINT64, (guint64) 12,
                                "gst-rtpsource-stats", GST_TYPE_STRUCTURE, src, NULL));
  gst_structure_free (src);
  /* the peer's RTCP-only SSRC */
  src = rtp_source_stats (5555, FALSE, 0);
  add_entry (stats, "rtp-inbound-stream-stats_5555",
             gst_structure_new ("inbound-rtp", "type", GST_TYPE_WEBRTC_STATS_TYPE, GST_WEBRTC_STATS_INBOUND_RTP,
                                "ssrc", G_TYPE_UINT, 5555, "kind", G_TYPE_STRING, "audio",
                                "packets-received", G_TYPE_UINT64, (guint64) 0, "jitter", G_TYPE_DOUBLE, -0.0,
                                "gst-rtpsource-stats", GST_TYPE_STRUCTURE, src, NULL));
  gst_structure_free (src);
  add_entry (stats, "peer-connection-stats",
             gst_structure_new ("peer-connection", "type", GST_TYPE_WEBRTC_STATS_TYPE,
                                GST_WEBRTC_STATS_PEER_CONNECTION, NULL));
  return stats;
}

static void
count_augment (CsStatsSample *sample, gpointer user_data)
{
  (*(guint *) user_data)++;
  sample->audio_level = 1234;
}

static void
check_converted (GPtrArray *samples, const char *peer)
{
  CsStatsSample *out, *in;

  g_assert_cmpuint (samples->len, ==, 2);
  out = g_ptr_array_index (samples, 0);
  in = g_ptr_array_index (samples, 1);

  g_assert_cmpint (out->direction, ==, CS_SAMPLE_DIRECTION_OUTBOUND);
  g_assert_cmpint (out->kind, ==, CS_SAMPLE_KIND_VIDEO);
  g_assert_cmpstr (out->observer_uid, ==, "local");
  g_assert_cmpstr (out->peer_uid, ==, peer);
  g_assert_cmpuint (out->ssrc, ==, 1111);
  g_assert_cmpuint (out->packets, ==, 500);
  g_assert_cmpuint (out->bytes, ==, 400000);
  g_assert_cmpuint (out->nack_count, ==, 3);
  g_assert_cmpuint (out->pli_count, ==, 2);
  g_assert_true (out->has_packets_lost);
  g_assert_cmpint (out->packets_lost, ==, 25);
  g_assert_cmpfloat_with_epsilon (out->fraction_lost, 0.05, 1e-9);
  g_assert_cmpfloat_with_epsilon (out->rtt_ms, 201.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (out->jitter_ms, 10.0, 1e-9); /* rb-jitter 900 / 90 kHz */
  g_assert_cmpfloat (out->t, ==, 7.0);

  g_assert_cmpint (in->direction, ==, CS_SAMPLE_DIRECTION_INBOUND);
  g_assert_cmpint (in->kind, ==, CS_SAMPLE_KIND_AUDIO);
  g_assert_cmpuint (in->ssrc, ==, 3333);
  g_assert_cmpuint (in->packets, ==, 700);
  g_assert_cmpint (in->packets_lost, ==, 14);
  g_assert_cmpfloat_with_epsilon (in->jitter_ms, 4.0, 1e-9);
  g_assert_cmpfloat (in->audio_level, ==, 1234);
}

static void
test_convert_unbundled (void)
{
  g_autoptr (CsWebrtcStats) conv = cs_webrtc_stats_new ("local", "user-1");
  GstStructure *stats = fake_stats (FALSE);
  g_autoptr (GPtrArray) samples = NULL;
  guint augmented = 0;

  cs_webrtc_stats_set_augment_func (conv, count_augment, &augmented, NULL);
  samples = cs_webrtc_stats_convert (conv, stats, 7.0);
  check_converted (samples, "user-1");
  g_assert_cmpuint (augmented, ==, 2);
  gst_structure_free (stats);
}

static void
test_convert_bundled (void)
{
  /* max-bundle: kinds are mislabelled, no default peer: the SSRC map decides */
  g_autoptr (CsWebrtcStats) conv = cs_webrtc_stats_new ("local", NULL);
  GstStructure *stats = fake_stats (TRUE);
  g_autoptr (GPtrArray) samples = NULL;
  g_autoptr (GPtrArray) unmapped = NULL;
  guint augmented = 0;

  unmapped = cs_webrtc_stats_convert (conv, stats, 7.0);
  g_assert_cmpuint (unmapped->len, ==, 0);

  cs_webrtc_stats_map_ssrc (conv, 1111, "janus-42", CS_SAMPLE_KIND_VIDEO, "VP8");
  cs_webrtc_stats_map_ssrc (conv, 3333, "janus-42", CS_SAMPLE_KIND_AUDIO, "opus");
  cs_webrtc_stats_set_augment_func (conv, count_augment, &augmented, NULL);
  samples = cs_webrtc_stats_convert (conv, stats, 7.0);
  check_converted (samples, "janus-42");
  g_assert_cmpstr (((CsStatsSample *) g_ptr_array_index (samples, 0))->codec, ==, "VP8");
  gst_structure_free (stats);
}

/* A session source as rtpsession's "stats" gives it (cs_webrtc_stats_read_sources()). */
static GstStructure *
session_source (guint ssrc, gboolean internal, guint64 received, int clock_rate)
{
  return gst_structure_new ("application/x-rtp-source-stats",
                            "ssrc", G_TYPE_UINT, ssrc, "internal", G_TYPE_BOOLEAN, internal,
                            "is-sender", G_TYPE_BOOLEAN, TRUE, "clock-rate", G_TYPE_INT, clock_rate,
                            "packets-received", G_TYPE_UINT64, received,
                            "octets-received", G_TYPE_UINT64, received * 100,
                            "packets-lost", G_TYPE_INT, 3, "jitter", G_TYPE_UINT, 96,
                            "sent-nack-count", G_TYPE_UINT, 7, "sent-pli-count", G_TYPE_UINT, 2, NULL);
}

static const CsStatsSample *
find_sample (GPtrArray *samples, guint ssrc)
{
  for (guint i = 0; i < samples->len; i++)
    if (((CsStatsSample *) g_ptr_array_index (samples, i))->ssrc == ssrc)
      return g_ptr_array_index (samples, i);
  return NULL;
}

/* After a sender timeout (an outage of 5 s) webrtcbin leaves the stream out of get-stats for
 * good and only its RTX stream is listed: the stream is read from the session's source. */
static void
test_convert_forgotten (void)
{
  g_autoptr (CsWebrtcStats) mapped = cs_webrtc_stats_new ("local", NULL);
  g_autoptr (CsWebrtcStats) lab = cs_webrtc_stats_new ("user-1", "local");
  GstStructure *stats = gst_structure_new_empty ("application/x-webrtc-stats");
  GstStructure *src = rtp_source_stats (4444, TRUE, 0);
  g_autoptr (GPtrArray) sources = g_ptr_array_new_with_free_func ((GDestroyNotify) gst_structure_free);
  g_autoptr (GPtrArray) without = NULL;
  g_autoptr (GPtrArray) samples = NULL;
  g_autoptr (GPtrArray) unmapped = NULL;
  const CsStatsSample *in;

  /* what get-stats still lists: the RTX stream's 8 retransmissions */
  add_entry (stats, "rtp-inbound-stream-stats_4444",
             gst_structure_new ("inbound-rtp", "type", GST_TYPE_WEBRTC_STATS_TYPE, GST_WEBRTC_STATS_INBOUND_RTP,
                                "ssrc", G_TYPE_UINT, 4444, "kind", G_TYPE_STRING, "video",
                                "packets-received", G_TYPE_UINT64, (guint64) 8,
                                "gst-rtpsource-stats", GST_TYPE_STRUCTURE, src, NULL));
  gst_structure_free (src);
  g_ptr_array_add (sources, session_source (3333, FALSE, 900, 90000));   /* the forgotten stream */
  g_ptr_array_add (sources, session_source (4444, FALSE, 8, 90000));     /* its RTX, listed */
  g_ptr_array_add (sources, session_source (6666, TRUE, 50, 90000));     /* our own: not inbound */
  g_ptr_array_add (sources, session_source (7777, FALSE, 0, 48000));     /* RTCP only */
  g_ptr_array_add (sources, session_source (8888, FALSE, 400, -1));      /* unmapped, clock unknown */

  /* what the old conversion saw: the RTX stream as the peer's video */
  without = cs_webrtc_stats_convert (lab, stats, 20.0);
  g_assert_cmpuint (without->len, ==, 1);
  g_assert_cmpuint (((CsStatsSample *) g_ptr_array_index (without, 0))->ssrc, ==, 4444);

  cs_webrtc_stats_map_ssrc (mapped, 3333, "janus-7", CS_SAMPLE_KIND_VIDEO, "VP8");
  samples = cs_webrtc_stats_convert_sources (mapped, stats, sources, 20.0);
  g_assert_cmpuint (samples->len, ==, 1);
  in = g_ptr_array_index (samples, 0);
  g_assert_cmpuint (in->ssrc, ==, 3333);
  g_assert_cmpstr (in->peer_uid, ==, "janus-7");
  g_assert_cmpint (in->kind, ==, CS_SAMPLE_KIND_VIDEO);
  g_assert_cmpint (in->direction, ==, CS_SAMPLE_DIRECTION_INBOUND);
  g_assert_cmpstr (in->codec, ==, "VP8");
  g_assert_cmpuint (in->packets, ==, 900);
  g_assert_cmpuint (in->bytes, ==, 90000);
  g_assert_true (in->has_packets_lost);
  g_assert_cmpint (in->packets_lost, ==, 3);
  g_assert_cmpuint (in->nack_count, ==, 7);
  g_assert_cmpuint (in->pli_count, ==, 2);
  g_assert_cmpfloat_with_epsilon (in->jitter_ms, 96.0 / 90.0, 1e-9);

  /* one peer, nothing mapped (the lab): the stream is told from its RTX by its packets,
   * its kind by its 90 kHz clock; a source of unknown clock is not guessed */
  unmapped = cs_webrtc_stats_convert_sources (lab, stats, sources, 20.0);
  g_assert_cmpuint (unmapped->len, ==, 1);
  in = g_ptr_array_index (unmapped, 0);
  g_assert_cmpuint (in->ssrc, ==, 3333);
  g_assert_cmpstr (in->peer_uid, ==, "local");
  g_assert_cmpint (in->kind, ==, CS_SAMPLE_KIND_VIDEO);
  g_assert_cmpuint (in->packets, ==, 900);
  g_assert_null (find_sample (unmapped, 8888));
  gst_structure_free (stats);
}

static void
test_convert_empty (void)
{
  g_autoptr (CsWebrtcStats) conv = cs_webrtc_stats_new ("user-1", "local");
  g_autoptr (GPtrArray) none = cs_webrtc_stats_convert (conv, NULL, 1.0);
  GstStructure *junk = gst_structure_new ("application/x-webrtc-stats", "x", G_TYPE_INT, 3, NULL);
  g_autoptr (GPtrArray) also_none = cs_webrtc_stats_convert (conv, junk, 1.0);
  g_autoptr (CsStatsSample) conn = cs_webrtc_stats_connection_sample ("local", "user-1", CS_CONNECTION_STATE_FAILED,
                                                                      "ICE failed", 3.0);

  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpuint (also_none->len, ==, 0);
  g_assert_cmpint (conn->kind, ==, CS_SAMPLE_KIND_CONNECTION);
  g_assert_cmpint (conn->connection_state, ==, CS_CONNECTION_STATE_FAILED);
  g_assert_cmpstr (conn->message, ==, "ICE failed");
  g_assert_cmpint (cs_webrtc_stats_connection_state_from_gst (GST_WEBRTC_PEER_CONNECTION_STATE_CONNECTED), ==,
                   CS_CONNECTION_STATE_CONNECTED);
  gst_structure_free (junk);
}

/* A scenario played on a machine that stalls: late steps shift the rest, intervals stay. */
static void
test_scenario_due (void)
{
  const char *json = "{ \"name\": \"t\", \"steps\": ["
                     "{ \"at\": 5, \"user\": \"local\", \"set\": { \"fps\": 5 } },"
                     "{ \"at\": 6, \"user\": \"user-1\", \"set\": { \"mic\": 0 } },"
                     "{ \"at\": 13, \"user\": \"local\", \"set\": { \"fps\": 15 } },"
                     "{ \"at\": 13, \"user\": \"user-1\", \"set\": { \"mic\": 100 } } ] }";
  g_autoptr (GError) error = NULL;
  g_autoptr (CsScenario) scenario = cs_scenario_new_from_data (json, -1, &error);
  double lag = 0;

  g_assert_no_error (error);
  /* on time: nothing before 5 s, the first step at 5.1 s (within the tolerance, no shift) */
  g_assert_cmpuint (cs_scenario_due (scenario, 0, 4.9, &lag), ==, 0);
  g_assert_cmpuint (cs_scenario_due (scenario, 0, 5.1, &lag), ==, 1);
  g_assert_cmpfloat (lag, ==, 0);
  /* stalled from 5.1 to 11.7 s: the step of 6 s is applied 5.7 s late and shifts the rest */
  g_assert_cmpuint (cs_scenario_due (scenario, 1, 11.7, &lag), ==, 2);
  g_assert_cmpfloat_with_epsilon (lag, 5.7, 1e-9);
  /* so the steps of 13 s come at 18.7 s, both at once, not at 13 s */
  g_assert_cmpuint (cs_scenario_due (scenario, 2, 13.0, &lag), ==, 2);
  g_assert_cmpuint (cs_scenario_due (scenario, 2, 18.6, &lag), ==, 2);
  g_assert_cmpuint (cs_scenario_due (scenario, 2, 18.8, &lag), ==, 4);
  g_assert_cmpfloat_with_epsilon (lag, 5.7, 1e-9);
  g_assert_cmpuint (cs_scenario_due (scenario, 4, 100, &lag), ==, 4);

  /* a stall over several steps: the first is applied late, the next keep their intervals from it */
  lag = 0;
  g_assert_cmpuint (cs_scenario_due (scenario, 0, 20, &lag), ==, 1);
  g_assert_cmpfloat_with_epsilon (lag, 15, 1e-9);
  g_assert_cmpuint (cs_scenario_due (scenario, 1, 21.05, &lag), ==, 2);
  g_assert_cmpfloat_with_epsilon (lag, 15, 1e-9);
}

int
main (int argc, char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (impair_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/impairment/parse/%u", i);
      g_test_add_data_func (path, &impair_cases[i], test_impair_parse);
    }
  g_test_add_func ("/impairment/merge", test_impair_merge);
  for (guint i = 0; i < G_N_ELEMENTS (scenario_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/scenario/parse/%s", scenario_cases[i].name);
      g_test_add_data_func (path, &scenario_cases[i], test_scenario_parse);
    }
  g_test_add_func ("/scenario/presets", test_scenario_presets);
  g_test_add_func ("/scenario/due", test_scenario_due);
  g_test_add_func ("/webrtc-stats/unbundled", test_convert_unbundled);
  g_test_add_func ("/webrtc-stats/bundled", test_convert_bundled);
  g_test_add_func ("/webrtc-stats/empty", test_convert_empty);
  g_test_add_func ("/webrtc-stats/forgotten", test_convert_forgotten);
  return g_test_run ();
}
