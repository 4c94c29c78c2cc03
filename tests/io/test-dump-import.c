/* test-dump-import.c — a dump's stats objects and update log become samples, users and events
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dumps are built in memory (CsDump, as both readers fill it), so that each number
 * asserted is one the test put there: per-second loss is Δlost / (Δreceived + Δlost) of the
 * dump's own counters, the RTT is the candidate pair's, users and names are the fixed ones of
 * docs/import.md, and the log's state changes raise and recover CONNECTION_LOST at their times.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "cs-dump-import.h"
#include "cs-error.h"
#include "cs-stats-model.h"

#define T0 1717000000000.0   /* ms since the epoch: 2024-05-29T16:26:40Z */
#define N_POINTS 12

/* received and lost, cumulative, at each point: loss in seconds 3-5 and 9 */
static const double received[N_POINTS] = { 0, 60, 120, 171, 222, 276, 336, 396, 456, 510, 570, 630 };
static const double lost[N_POINTS]     = { 0, 0,  0,   9,   18,  24,  24,  24,  24,  30,  30,  30 };

static const char *sdp_two_streams =
  "{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\n"
  "m=video 9 UDP/TLS/RTP/SAVPF 96 97\\r\\na=mid:0\\r\\na=sendonly\\r\\na=msid:alice a-video\\r\\n"
  "a=rtpmap:96 VP8/90000\\r\\na=rtpmap:97 rtx/90000\\r\\na=ssrc:1111 cname:x\\r\\n"
  "m=video 9 UDP/TLS/RTP/SAVPF 96\\r\\na=mid:1\\r\\na=sendonly\\r\\na=msid:bob b-video\\r\\n"
  "a=rtpmap:96 VP8/90000\\r\\n\"}";

static CsDumpObject *
add_object (CsDump *dump, CsDumpConnection *conn, const char *id, const char *type, guint n, double offset_ms)
{
  CsDumpObject *o = cs_dump_ensure_object (dump, conn, id, type);

  for (guint i = 0; i < n; i++)
    g_assert_cmpint (cs_dump_object_add_point (o, T0 + offset_ms + i * 1000.0), ==, (int) i);
  return o;
}

/* One connection "3-1": video in and out, a codec, the selected pair (RTT 40 ms), a log. */
static CsDump *
make_p2p_dump (void)
{
  CsDump *dump = cs_dump_new (CS_DUMP_FORMAT_INTERNALS);
  CsDumpConnection *conn = cs_dump_ensure_connection (dump, "3-1");
  CsDumpObject *in, *out, *remote, *codec, *pair, *transport;

  dump->browser = g_strdup ("Chrome 149.0.7827.5");
  in = add_object (dump, conn, "IT01V1234", "inbound-rtp", N_POINTS, 0);
  out = add_object (dump, conn, "OT01V99", "outbound-rtp", N_POINTS, 0);
  remote = add_object (dump, conn, "RIV99", "remote-inbound-rtp", N_POINTS, 0);
  codec = add_object (dump, conn, "CIT01_96", "codec", N_POINTS, 0);
  pair = add_object (dump, conn, "CPabc_def", "candidate-pair", N_POINTS, 0);
  transport = add_object (dump, conn, "T01", "transport", N_POINTS, 0);
  for (guint i = 0; i < N_POINTS; i++)
    {
      cs_dump_object_set_string (dump, in, i, "kind", "video");
      cs_dump_object_set_number (dump, in, i, "ssrc", 1234);
      cs_dump_object_set_string (dump, in, i, "codecId", "CIT01_96");
      cs_dump_object_set_number (dump, in, i, "packetsReceived", received[i]);
      cs_dump_object_set_number (dump, in, i, "bytesReceived", received[i] * 1000);
      cs_dump_object_set_number (dump, in, i, "packetsLost", lost[i]);
      cs_dump_object_set_number (dump, in, i, "jitter", 0.012);
      cs_dump_object_set_number (dump, in, i, "framesDecoded", i * 30.0);
      cs_dump_object_set_number (dump, in, i, "frameWidth", 640);
      cs_dump_object_set_number (dump, in, i, "frameHeight", 480);
      cs_dump_object_set_number (dump, in, i, "freezeCount", 0);
      cs_dump_object_set_number (dump, in, i, "totalFreezesDuration", 0);
      cs_dump_object_set_number (dump, in, i, "jitterBufferDelay", i * 30 * 0.050);  /* 50 ms a frame */
      cs_dump_object_set_number (dump, in, i, "jitterBufferEmittedCount", i * 30.0);
      cs_dump_object_set_number (dump, in, i, "totalDecodeTime", i * 30 * 0.004);    /* 4 ms a frame */
      cs_dump_object_set_string (dump, codec, i, "mimeType", "video/VP8");
      cs_dump_object_set_string (dump, out, i, "kind", "video");
      cs_dump_object_set_number (dump, out, i, "ssrc", 99);
      cs_dump_object_set_string (dump, out, i, "codecId", "CIT01_96");
      cs_dump_object_set_string (dump, out, i, "remoteId", "RIV99");
      cs_dump_object_set_number (dump, out, i, "packetsSent", i * 60.0);
      cs_dump_object_set_number (dump, out, i, "bytesSent", i * 60000.0);
      cs_dump_object_set_number (dump, out, i, "framesEncoded", i * 30.0);
      cs_dump_object_set_number (dump, out, i, "totalEncodeTime", i * 30 * 0.008);   /* 8 ms a frame */
      cs_dump_object_set_number (dump, out, i, "frameWidth", 640);
      cs_dump_object_set_number (dump, out, i, "frameHeight", 480);
      cs_dump_object_set_number (dump, remote, i, "packetsLost", 0);
      cs_dump_object_set_number (dump, remote, i, "roundTripTime", 0.042);
      cs_dump_object_set_number (dump, remote, i, "jitter", 0.003);
      cs_dump_object_set_string (dump, pair, i, "state", "succeeded");
      cs_dump_object_set_number (dump, pair, i, "nominated", 1);
      cs_dump_object_set_number (dump, pair, i, "currentRoundTripTime", 0.040);
      cs_dump_object_set_number (dump, pair, i, "availableOutgoingBitrate", 1500000);
      cs_dump_object_set_string (dump, transport, i, "selectedCandidatePairId", "CPabc_def");
    }
  cs_dump_connection_add_log (dump, conn, T0 - 300, "createOffer", "");
  cs_dump_connection_add_log (dump, conn, T0 - 200, "icecandidate", "candidate:1");
  cs_dump_connection_add_log (dump, conn, T0 - 100, "icecandidate", "candidate:2");
  cs_dump_connection_add_log (dump, conn, T0 + 400, "iceconnectionstatechange", "connected");
  cs_dump_connection_add_log (dump, conn, T0 + 4000, "oniceconnectionstatechange", "\"disconnected\"");
  cs_dump_connection_add_log (dump, conn, T0 + 7100, "iceConnectionStateChange", "connected");
  cs_dump_connection_add_log (dump, conn, T0 + 8000, "addIceCandidateOnFailure", "Error processing ICE candidate");
  return dump;
}

typedef struct
{
  GArray *loss;   /* currentPacketLossRate of 3-1's video, per committed second */
  GArray *rtt;
} Seen;

static void
committed_cb (CsStatsModel *model, double t, Seen *seen)
{
  CsRemoteVideoTrackStats video;
  double v = NAN;

  if (cs_stats_model_get_remote_video_stats_for (model, "3-1", &video))
    v = video.currentPacketLossRate;
  g_array_append_val (seen->loss, v);
}

static CsExceptionEvent *
find_event (CsStatsModel *model, guint code, const char *uid)
{
  GPtrArray *events = cs_stats_model_get_events (model);

  for (guint i = 0; i < events->len; i++)
    {
      CsExceptionEvent *e = g_ptr_array_index (events, i);

      if (e->code == code && g_strcmp0 (e->uid, uid) == 0)
        return e;
    }
  return NULL;
}

static gboolean
has_state (GPtrArray *samples, double t, CsConnectionState state)
{
  for (guint i = 0; i < samples->len; i++)
    {
      CsStatsSample *s = g_ptr_array_index (samples, i);

      if (s->kind == CS_SAMPLE_KIND_CONNECTION && s->t == t && s->connection_state == state && s->message == NULL)
        return TRUE;
    }
  return FALSE;
}

static void
test_p2p (void)
{
  g_autoptr (CsDump) dump = make_p2p_dump ();
  g_autoptr (GError) error = NULL;
  g_autoptr (CsRecordingReader) reader = cs_dump_import (dump, "webrtc_internals_dump.txt", &error);
  g_autoptr (CsStatsModel) model = cs_stats_model_new ();
  Seen seen = { g_array_new (FALSE, FALSE, sizeof (double)), NULL };
  GPtrArray *samples;
  CsParticipant *peer;
  CsExceptionEvent *lost_event, *recovered;
  guint n_in = 0, n_messages = 0;
  gboolean failure_logged = FALSE, candidates_joined = FALSE;

  g_assert_no_error (error);
  g_assert_nonnull (reader);
  g_assert_cmpstr (cs_recording_reader_get_mode (reader), ==, "import");
  g_assert_cmpstr (cs_recording_reader_get_source_format (reader), ==, "webrtc-internals");
  g_assert_cmpstr (cs_recording_reader_get_source_browser (reader), ==, "Chrome 149.0.7827.5");
  g_assert_cmpstr (cs_recording_reader_get_source_file (reader), ==, "webrtc_internals_dump.txt");
  /* the call starts with the log's first entry, 300 ms before the first stats */
  g_assert_cmpstr (cs_recording_reader_get_start_time (reader), ==, "2024-05-29T16:26:39.700000Z");

  samples = cs_recording_reader_get_samples (reader);
  for (guint i = 0; i < samples->len; i++)
    {
      CsStatsSample *s = g_ptr_array_index (samples, i);

      g_assert_cmpstr (s->observer_uid, ==, "local");
      g_assert_cmpstr (s->peer_uid, ==, "3-1");
      if (i > 0)
        g_assert_cmpfloat (s->t, >=, ((CsStatsSample *) g_ptr_array_index (samples, i - 1))->t);
      if (s->kind == CS_SAMPLE_KIND_CONNECTION)
        {
          g_assert_cmpstr (s->display_name, ==, "Peer 3-1");
          if (s->message != NULL)
            n_messages++;
          failure_logged |= g_strcmp0 (s->message, "addIceCandidateOnFailure: Error processing ICE candidate") == 0;
          candidates_joined |= g_strcmp0 (s->message, "icecandidate ×2") == 0;
          continue;
        }
      if (s->direction == CS_SAMPLE_DIRECTION_INBOUND)
        {
          guint k = n_in++;

          /* the second of the point: 0.3 s after the start, rounded */
          g_assert_cmpfloat (s->t, ==, k);
          g_assert_cmpuint (s->packets, ==, (guint64) received[k]);
          g_assert_cmpint (s->packets_lost, ==, (gint64) lost[k]);
          g_assert_true (s->has_packets_lost);
          g_assert_cmpstr (s->codec, ==, "VP8");
          g_assert_cmpuint (s->ssrc, ==, 1234);
          g_assert_cmpfloat_with_epsilon (s->rtt_ms, 40, 1e-9);
          g_assert_cmpfloat_with_epsilon (s->jitter_ms, 12, 1e-9);
          g_assert_cmpuint (s->width, ==, 640);
          if (k > 0)
            {
              /* RTT / 2 + the jitter buffer's 50 ms + decoding's 4 ms, not measured as a whole */
              g_assert_cmpfloat_with_epsilon (s->receive_delay_ms, 20 + 50 + 4, 1e-6);
              g_assert_false (s->receive_delay_measured);
            }
        }
      else
        {
          g_assert_cmpfloat_with_epsilon (s->rtt_ms, 42, 1e-9);  /* the far end's report first */
          g_assert_cmpfloat_with_epsilon (s->available_outgoing_bitrate, 1500000, 1e-9);
          if (s->t > 0)
            g_assert_cmpfloat_with_epsilon (s->encode_delay_ms, 8, 1e-9);
        }
    }
  g_assert_cmpuint (n_in, ==, N_POINTS);
  g_assert_true (failure_logged);
  g_assert_true (candidates_joined);
  g_assert_cmpuint (n_messages, ==, 3);  /* createOffer, icecandidate ×2, the failure */

  g_signal_connect (model, "committed", G_CALLBACK (committed_cb), &seen);
  cs_recording_reader_replay (reader, model);

  peer = cs_stats_model_lookup (model, "3-1");
  g_assert_nonnull (peer);
  g_assert_cmpstr (cs_participant_get_display_name (peer), ==, "Peer 3-1");
  /* every second with media: the loss is the dump's own Δlost / (Δreceived + Δlost) */
  g_assert_cmpuint (seen.loss->len, ==, N_POINTS);
  for (guint k = 1; k < N_POINTS; k++)
    {
      double d_lost = lost[k] - lost[k - 1], d_recv = received[k] - received[k - 1];
      double expected = 100 * d_lost / (d_recv + d_lost);

      g_test_message ("second %u: loss %.2f %%, expected %.2f %%", k, g_array_index (seen.loss, double, k), expected);
      g_assert_cmpfloat_with_epsilon (g_array_index (seen.loss, double, k), expected, 1e-6);
    }
  /* disconnected at 4.3 s (second 4), connected again at 7.4 s (second 7): the connection
   * samples are at the dump's times; CONNECTION_LOST follows the detector's rule for every
   * source (raised when 3 of the last 5 seconds were bad: second 6) */
  g_assert_true (has_state (samples, 4, CS_CONNECTION_STATE_DISCONNECTED));
  g_assert_true (has_state (samples, 7, CS_CONNECTION_STATE_CONNECTED));
  lost_event = find_event (model, 5005, "3-1");
  recovered = find_event (model, 7005, "3-1");
  g_assert_nonnull (lost_event);
  g_assert_nonnull (recovered);
  g_assert_cmpfloat (lost_event->t, ==, 6);
  g_assert_cmpfloat (recovered->t, >=, 7);
  g_assert_cmpfloat (recovered->t, <=, 7 + 5);  /* the detector's window */
  g_array_unref (seen.loss);
}

/* One connection carrying two remote MediaStreams (an SFU): two users, named by stream. */
static void
test_sfu_users (void)
{
  g_autoptr (CsDump) dump = cs_dump_new (CS_DUMP_FORMAT_RTCSTATS);
  CsDumpConnection *conn = cs_dump_ensure_connection (dump, "4-1");
  CsDumpObject *a = add_object (dump, conn, "ITa", "inbound-rtp", 5, 0);
  CsDumpObject *b = add_object (dump, conn, "ITb", "inbound-rtp", 5, 0);
  CsDumpObject *out = add_object (dump, conn, "OTx", "outbound-rtp", 5, 0);
  g_autoptr (GError) error = NULL;
  g_autoptr (CsRecordingReader) reader = NULL;
  g_autoptr (CsStatsModel) model = cs_stats_model_new ();
  GPtrArray *samples;
  gboolean saw_a = FALSE, saw_b = FALSE, saw_out = FALSE;

  for (guint i = 0; i < 5; i++)
    {
      cs_dump_object_set_string (dump, a, i, "kind", "video");
      cs_dump_object_set_number (dump, a, i, "mid", 0);   /* webrtc-internals writes a mid as a number */
      cs_dump_object_set_number (dump, a, i, "packetsReceived", i * 50.0);
      cs_dump_object_set_string (dump, b, i, "kind", "video");
      cs_dump_object_set_string (dump, b, i, "mid", "1");
      cs_dump_object_set_number (dump, b, i, "packetsReceived", i * 40.0);
      cs_dump_object_set_string (dump, out, i, "kind", "audio");
      cs_dump_object_set_number (dump, out, i, "packetsSent", i * 50.0);
    }
  cs_dump_connection_add_log (dump, conn, T0, "setRemoteDescription", sdp_two_streams);
  reader = cs_dump_import (dump, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cs_recording_reader_get_source_format (reader), ==, "rtcstats");
  samples = cs_recording_reader_get_samples (reader);
  for (guint i = 0; i < samples->len; i++)
    {
      CsStatsSample *s = g_ptr_array_index (samples, i);

      if (s->kind == CS_SAMPLE_KIND_CONNECTION)
        continue;
      if (s->direction == CS_SAMPLE_DIRECTION_OUTBOUND)
        {
          g_assert_cmpstr (s->peer_uid, ==, "server");
          saw_out = TRUE;
        }
      else if (g_strcmp0 (s->peer_uid, "4-1/alice") == 0)
        saw_a = TRUE;
      else
        {
          g_assert_cmpstr (s->peer_uid, ==, "4-1/bob");
          saw_b = TRUE;
        }
    }
  g_assert_true (saw_a && saw_b && saw_out);
  cs_recording_reader_replay (reader, model);
  g_assert_cmpstr (cs_participant_get_display_name (cs_stats_model_lookup (model, "4-1/alice")), ==, "alice");
  g_assert_cmpstr (cs_participant_get_display_name (cs_stats_model_lookup (model, "4-1/bob")), ==, "bob");
  g_assert_null (cs_stats_model_lookup (model, "4-1"));
}

static void
test_no_call (void)
{
  g_autoptr (CsDump) empty = cs_dump_new (CS_DUMP_FORMAT_INTERNALS);
  g_autoptr (CsDump) no_media = cs_dump_new (CS_DUMP_FORMAT_RTCSTATS);
  g_autoptr (GError) error = NULL;
  CsDumpConnection *conn = cs_dump_ensure_connection (no_media, "1");

  add_object (no_media, conn, "CP1", "candidate-pair", 3, 0);
  g_assert_null (cs_dump_import (empty, NULL, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_NO_CALL);
  g_assert_nonnull (strstr (error->message, "no peer connection"));
  g_clear_error (&error);
  g_assert_null (cs_dump_import (no_media, NULL, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_NO_CALL);
}

/* 1000-point series: the start of the call is gone, and the user is told how much. */
static void
test_capped (void)
{
  g_autoptr (CsDump) dump = make_p2p_dump ();
  g_autoptr (GError) error = NULL;
  g_autoptr (CsRecordingReader) reader = NULL;
  GPtrArray *warnings;

  dump->capped = TRUE;
  /* the connection was made 16 minutes before the first point kept */
  cs_dump_connection_add_log (dump, g_ptr_array_index (dump->connections, 0), T0 - 16 * 60000.0 - 5000, "createOffer", "");
  reader = cs_dump_import (dump, NULL, &error);
  g_assert_no_error (error);
  warnings = cs_recording_reader_get_warnings (reader);
  g_assert_cmpuint (warnings->len, ==, 1);
  g_test_message ("%s", (const char *) g_ptr_array_index (warnings, 0));
  g_assert_nonnull (strstr (g_ptr_array_index (warnings, 0), "16 minutes into the call"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/dump-import/p2p", test_p2p);
  g_test_add_func ("/dump-import/sfu-users", test_sfu_users);
  g_test_add_func ("/dump-import/no-call", test_no_call);
  g_test_add_func ("/dump-import/capped", test_capped);
  return g_test_run ();
}
