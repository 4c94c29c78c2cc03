/* test-import-chromium.c — Chromium 156's own dumps, imported and checked against their counters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fixtures of tests/data/dumps/chromium-* are Chrome's own webrtc-internals and RTCStats
 * exports of the same calls (tests/data/dumps/README.md says how they were made). The
 * expected numbers are read here from the internals dump's JSON directly, with json-glib and
 * none of Callscope's readers: the per-second loss of the lossy video is the dump's own
 * Δlost / (Δreceived + Δlost), the RTT the selected pair's currentRoundTripTime; the users
 * and names are the fixed ones of docs/import.md; the ICE states are at the log's times; and
 * the internals dump and the RTCStats dump of one call give the same scores.
 */
#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "cs-call-file.h"
#include "cs-stats-model.h"

static char *
dump_path (const char *name)
{
  return g_build_filename (CS_TEST_DUMPS, name, NULL);
}

static CsRecordingReader *
import (const char *name)
{
  g_autofree char *path = dump_path (name);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  CsRecordingReader *reader = cs_call_file_read (file, NULL, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (reader);
  return reader;
}

static double
start_ms (CsRecordingReader *reader)
{
  g_autoptr (GDateTime) start = g_date_time_new_from_iso8601 (cs_recording_reader_get_start_time (reader), NULL);

  g_assert_nonnull (start);
  return g_date_time_to_unix (start) * 1000.0 + g_date_time_get_microsecond (start) / 1000.0;
}

/* ---- the dump's own numbers, read without Callscope ------------------------------------ */

static JsonObject *
internals_stats (JsonParser *parser, const char *name, const char *pc)
{
  g_autofree char *path = dump_path (name);
  g_autoptr (GError) error = NULL;
  JsonObject *pcs;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  pcs = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "PeerConnections");
  return json_object_get_object_member (json_object_get_object_member (pcs, pc), "stats");
}

/* (transfer full) the numbers of the series @key ("<id>-<property>") */
static GArray *
series (JsonObject *stats, const char *key)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  GArray *out = g_array_new (FALSE, FALSE, sizeof (double));
  JsonObject *s = json_object_get_object_member (stats, key);
  JsonArray *values;

  g_assert_nonnull (s);
  json_parser_load_from_data (parser, json_object_get_string_member (s, "values"), -1, &error);
  g_assert_no_error (error);
  values = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (values); i++)
    {
      double v = json_node_get_double (json_array_get_element (values, i));

      g_array_append_val (out, v);
    }
  return out;
}

/* The id of the inbound-rtp of @kind. */
static char *
inbound_id (JsonObject *stats, const char *kind)
{
  g_autoptr (GList) members = json_object_get_members (stats);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      JsonObject *s = json_object_get_object_member (stats, key);

      if (g_str_has_suffix (key, "-kind") && g_strcmp0 (json_object_get_string_member_with_default (s, "statsType", ""),
                                                        "inbound-rtp") == 0 &&
          strstr (json_object_get_string_member (s, "values"), kind) != NULL)
        return g_strndup (key, strlen (key) - strlen ("-kind"));
    }
  g_assert_not_reached ();
}

/* ---- what the model says --------------------------------------------------------------- */

typedef struct
{
  const char *uid;
  GHashTable *loss;     /* second -> currentPacketLossRate of @uid's video (double*) */
  GHashTable *scores;   /* "uid@wall-second" -> uplink*10 + downlink */
  double      start;    /* ms */
} Seen;

static void
committed_cb (CsStatsModel *model, double t, Seen *seen)
{
  CsRemoteVideoTrackStats video;

  if (seen->uid != NULL && cs_stats_model_get_remote_video_stats_for (model, seen->uid, &video))
    g_hash_table_insert (seen->loss, GINT_TO_POINTER ((int) t + 1), g_memdup2 (&video.currentPacketLossRate, sizeof (double)));
}

static void
quality_cb (CsStatsModel *model, const char *uid, guint up, guint down, Seen *seen)
{
  double t = cs_stats_model_get_duration (model);
  long wall = lround ((seen->start + t * 1000) / 1000);

  g_hash_table_insert (seen->scores, g_strdup_printf ("%s@%ld", uid, wall), GUINT_TO_POINTER (up * 10 + down + 1));
}

static void
replay (CsRecordingReader *reader, Seen *seen)
{
  g_autoptr (CsStatsModel) model = cs_stats_model_new ();

  seen->loss = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  seen->scores = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  seen->start = start_ms (reader);
  g_signal_connect (model, "committed", G_CALLBACK (committed_cb), seen);
  g_signal_connect (model, "network-quality", G_CALLBACK (quality_cb), seen);
  cs_recording_reader_replay (reader, model);
}

static void
seen_clear (Seen *seen)
{
  g_clear_pointer (&seen->loss, g_hash_table_unref);
  g_clear_pointer (&seen->scores, g_hash_table_unref);
}

/* ---- tests ------------------------------------------------------------------------------ */

/* 5 % of the video dropped on its way to the dump's owner: each second's loss is the dump's. */
static void
test_loss_is_the_dumps (void)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *stats = internals_stats (parser, "chromium-p2p-loss-internals.txt", "8-1");
  g_autofree char *id = inbound_id (stats, "video");
  g_autofree char *k_ts = g_strdup_printf ("%s-timestamp", id);
  g_autofree char *k_lost = g_strdup_printf ("%s-packetsLost", id);
  g_autofree char *k_recv = g_strdup_printf ("%s-packetsReceived", id);
  g_autoptr (GArray) ts = series (stats, k_ts);
  g_autoptr (GArray) lost = series (stats, k_lost);
  g_autoptr (GArray) recv = series (stats, k_recv);
  g_autoptr (CsRecordingReader) reader = import ("chromium-p2p-loss-internals.txt");
  Seen seen = { "8-1" };
  double start, total_lost = 0;
  guint checked = 0, lossy = 0;

  g_assert_cmpuint (ts->len, ==, lost->len);
  g_assert_cmpuint (ts->len, ==, recv->len);
  replay (reader, &seen);
  start = seen.start;
  for (guint i = 1; i < ts->len; i++)
    {
      double d_lost = g_array_index (lost, double, i) - g_array_index (lost, double, i - 1);
      double d_recv = g_array_index (recv, double, i) - g_array_index (recv, double, i - 1);
      double expected = d_lost + d_recv > 0 ? 100 * d_lost / (d_lost + d_recv) : 0;
      int second = (int) lround ((g_array_index (ts, double, i) - start) / 1000);
      double *got = g_hash_table_lookup (seen.loss, GINT_TO_POINTER (second + 1));

      g_test_message ("second %d: dump %.3f %% (Δlost %.0f, Δreceived %.0f), Callscope %.3f %%", second, expected,
                      d_lost, d_recv, got != NULL ? *got : NAN);
      g_assert_nonnull (got);
      g_assert_cmpfloat_with_epsilon (*got, expected, 1e-9);
      checked++;
      lossy += d_lost > 0;
      total_lost += d_lost;
    }
  g_assert_cmpuint (checked, >=, 20);
  g_assert_cmpuint (lossy, >=, 10);            /* the relay dropped 46 of 883 packets */
  g_assert_cmpfloat (total_lost + g_array_index (lost, double, 0), ==, 46);
  seen_clear (&seen);
}

/* The RTT is the selected pair's, the users and names the fixed ones, the ICE states at the log's times. */
static void
test_rtt_users_events (void)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *stats = internals_stats (parser, "chromium-p2p-loss-internals.txt", "8-1");
  g_autoptr (CsRecordingReader) reader = import ("chromium-p2p-loss-internals.txt");
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  JsonArray *log = json_object_get_array_member (json_object_get_object_member (
    json_object_get_object_member (root, "PeerConnections"), "8-1"), "updateLog");
  GPtrArray *samples = cs_recording_reader_get_samples (reader);
  g_autoptr (GHashTable) rtt_of_pair = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  double start = start_ms (reader), connected_t = -1;
  guint rtts = 0;
  gboolean connected_seen = FALSE;

  /* the dump's selected pair and its RTT at its last point */
  {
    g_autoptr (GList) members = json_object_get_members (stats);
    const char *selected = NULL;

    for (GList *l = members; l != NULL; l = l->next)
      if (g_str_has_suffix (l->data, "-selectedCandidatePairId"))
        {
          JsonObject *s = json_object_get_object_member (stats, l->data);
          g_autoptr (JsonParser) p = json_parser_new ();

          json_parser_load_from_data (p, json_object_get_string_member (s, "values"), -1, NULL);
          {
            JsonArray *a = json_node_get_array (json_parser_get_root (p));
            g_autofree char *key = g_strdup_printf ("%s-currentRoundTripTime",
                                                    json_array_get_string_element (a, json_array_get_length (a) - 1));
            g_autoptr (GArray) rtt = series (stats, key);

            selected = "found";
            g_hash_table_insert (rtt_of_pair, g_strdup ("last"),
                                 GINT_TO_POINTER ((int) lround (g_array_index (rtt, double, rtt->len - 1) * 1000)));
          }
        }
    g_assert_nonnull (selected);
  }

  for (guint i = 0; i < json_array_get_length (log); i++)
    {
      JsonObject *e = json_array_get_object_element (log, i);

      if (g_strcmp0 (json_object_get_string_member (e, "type"), "onconnectionstatechange") == 0 &&
          g_strcmp0 (json_object_get_string_member (e, "value"), "\"connected\"") == 0)
        connected_t = round ((json_object_get_double_member (e, "timestamp") - start) / 1000);
    }
  g_assert_cmpfloat (connected_t, >=, 0);

  for (guint i = 0; i < samples->len; i++)
    {
      CsStatsSample *s = g_ptr_array_index (samples, i);

      g_assert_cmpstr (s->observer_uid, ==, "local");
      g_assert_cmpstr (s->peer_uid, ==, "8-1");
      if (s->kind == CS_SAMPLE_KIND_CONNECTION)
        {
          g_assert_cmpstr (s->display_name, ==, "Peer 8-1");
          if (s->message == NULL && s->connection_state == CS_CONNECTION_STATE_CONNECTED && s->t == connected_t)
            connected_seen = TRUE;
          continue;
        }
      if (s->direction == CS_SAMPLE_DIRECTION_INBOUND && i + 4 >= samples->len)
        {
          /* the last second's: the selected pair's RTT (about 43 ms: the relay's 40 ms) */
          g_assert_cmpint (lround (s->rtt_ms), ==, GPOINTER_TO_INT (g_hash_table_lookup (rtt_of_pair, "last")));
          rtts++;
        }
    }
  g_assert_true (connected_seen);
  g_assert_cmpuint (rtts, >=, 1);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (rtt_of_pair, "last")), >=, 40);
}

/* One call, two exports: the same scores every second (by the time of day: each format's
 * start differs), the same users. */
static void
test_same_call_same_scores (void)
{
  static const char * const calls[][2] = {
    { "chromium-p2p-loss-internals.txt", "chromium-p2p-loss-rtcstats.txt.gz" },
    { "chromium-janus-2pub-internals.txt.gz", "chromium-janus-2pub-rtcstats.txt.gz" },
  };

  for (guint c = 0; c < G_N_ELEMENTS (calls); c++)
    {
      g_autoptr (CsRecordingReader) a = import (calls[c][0]);
      g_autoptr (CsRecordingReader) b = import (calls[c][1]);
      Seen sa = { NULL }, sb = { NULL };
      GHashTableIter iter;
      gpointer key, value;
      guint common = 0, same = 0, scored = 0;

      g_assert_cmpstr (cs_recording_reader_get_source_format (a), ==, "webrtc-internals");
      g_assert_cmpstr (cs_recording_reader_get_source_format (b), ==, "rtcstats");
      replay (a, &sa);
      replay (b, &sb);
      g_hash_table_iter_init (&iter, sa.scores);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          gpointer other = g_hash_table_lookup (sb.scores, key);

          if (other == NULL)
            continue;
          common++;
          same += other == value;
          scored += GPOINTER_TO_UINT (value) != 1;   /* not "0 Unknown" both ways */
        }
      g_test_message ("%s / %s: %u seconds in common, %u with the same scores, %u scored", calls[c][0], calls[c][1],
                      common, same, scored);
      g_assert_cmpuint (common, >=, 20);
      g_assert_cmpuint (scored, >=, 20);
      /* the first second of each may differ (the first points' rates) */
      g_assert_cmpuint (same, >=, common - 3);
      seen_clear (&sa);
      seen_clear (&sb);
    }
}

/* A Janus room: the publishing connection and the subscribing one are two users. */
static void
test_janus_users (void)
{
  g_autoptr (CsRecordingReader) reader = import ("chromium-janus-2pub-internals.txt.gz");
  g_autoptr (CsStatsModel) model = cs_stats_model_new ();
  g_autoptr (GHashTable) inbound_from = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *samples = cs_recording_reader_get_samples (reader);

  for (guint i = 0; i < samples->len; i++)
    {
      CsStatsSample *s = g_ptr_array_index (samples, i);

      if (s->kind != CS_SAMPLE_KIND_CONNECTION && s->direction == CS_SAMPLE_DIRECTION_INBOUND)
        g_hash_table_add (inbound_from, s->peer_uid);
    }
  /* media comes in on the subscription only */
  g_assert_cmpuint (g_hash_table_size (inbound_from), ==, 1);
  g_assert_true (g_hash_table_contains (inbound_from, "8-2"));
  cs_recording_reader_replay (reader, model);
  g_assert_cmpstr (cs_participant_get_display_name (cs_stats_model_lookup (model, "8-1")), ==, "Peer 8-1");
  g_assert_cmpstr (cs_participant_get_display_name (cs_stats_model_lookup (model, "8-2")), ==, "Peer 8-2");
  g_assert_cmpstr (cs_recording_reader_get_source_browser (reader), ==, "Chromium 156.0.8078.114");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/import-chromium/loss-is-the-dumps", test_loss_is_the_dumps);
  g_test_add_func ("/import-chromium/rtt-users-events", test_rtt_users_events);
  g_test_add_func ("/import-chromium/same-call-same-scores", test_same_call_same_scores);
  g_test_add_func ("/import-chromium/janus-users", test_janus_users);
  return g_test_run ();
}
