/* test-dump-connections.c — a dump's candidate pairs, selected pair and descriptions for the connection view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Dumps built in memory (as test-dump-import.c builds them), so that each value asserted is
 * one the test put there, and the hand-made Chrome 144 webrtc-internals dump.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "cs-dump-connections.h"
#include "cs-dump-import.h"
#include "cs-internals-dump.h"
#include "cs-sdp.h"

#define T0 1717000000000.0
#define N_POINTS 8

static const char *offer =
  "{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\n"
  "m=audio 9 UDP/TLS/RTP/SAVPF 111\\r\\na=mid:0\\r\\na=sendrecv\\r\\na=rtpmap:111 opus/48000/2\\r\\n"
  "m=video 9 UDP/TLS/RTP/SAVPF 96 97\\r\\na=mid:1\\r\\na=sendrecv\\r\\na=rtpmap:96 VP8/90000\\r\\n"
  "a=rtpmap:97 rtx/90000\\r\\n\"}";

static CsDumpObject *
add_object (CsDump *dump, CsDumpConnection *conn, const char *id, const char *type, guint n, double offset_ms)
{
  CsDumpObject *o = cs_dump_ensure_object (dump, conn, id, type);

  for (guint i = 0; i < n; i++)
    g_assert_cmpint (cs_dump_object_add_point (o, T0 + offset_ms + i * 1000.0), ==, (int) i);
  return o;
}

static void
set_candidate (CsDump *dump, CsDumpObject *o, const char *type, const char *address, double port,
               const char *relay_protocol)
{
  for (guint i = 0; i < cs_dump_object_n_points (o); i++)
    {
      cs_dump_object_set_string (dump, o, i, "candidateType", type);
      cs_dump_object_set_string (dump, o, i, "protocol", "udp");
      cs_dump_object_set_string (dump, o, i, "address", address);
      cs_dump_object_set_number (dump, o, i, "port", port);
      if (relay_protocol != NULL)
        {
          cs_dump_object_set_string (dump, o, i, "relayProtocol", relay_protocol);
          cs_dump_object_set_string (dump, o, i, "url", "turn:turn.example.net:3478?transport=udp");
        }
    }
}

/* "3-1": a host pair, then from point 4 a relay pair; an offer at 0.5 s, an answer at 1 s.
 * "5-1": a Firefox-like pair that says "selected" itself from its third point. "7-1": nothing. */
static CsDump *
make_dump (void)
{
  CsDump *dump = cs_dump_new (CS_DUMP_FORMAT_INTERNALS);
  CsDumpConnection *conn = cs_dump_ensure_connection (dump, "3-1");
  CsDumpObject *host, *relay, *l1, *l2, *r1, *transport, *in, *ff;

  in = add_object (dump, conn, "IT01V1", "inbound-rtp", N_POINTS, 0);
  host = add_object (dump, conn, "CPa_b", "candidate-pair", N_POINTS, 0);
  relay = add_object (dump, conn, "CPc_b", "candidate-pair", N_POINTS - 3, 3000);
  l1 = add_object (dump, conn, "Ia", "local-candidate", 1, 0);
  l2 = add_object (dump, conn, "Ic", "local-candidate", 1, 3000);
  r1 = add_object (dump, conn, "Ib", "remote-candidate", 1, 0);
  transport = add_object (dump, conn, "T01", "transport", N_POINTS, 0);
  set_candidate (dump, l1, "host", "192.168.1.4", 54321, NULL);
  set_candidate (dump, l2, "relay", "198.51.100.2", 3478, "udp");
  set_candidate (dump, r1, "srflx", "203.0.113.7", 40000, NULL);
  for (guint i = 0; i < N_POINTS; i++)
    {
      cs_dump_object_set_string (dump, in, i, "kind", "video");
      cs_dump_object_set_number (dump, in, i, "packetsReceived", i * 50.0);
      cs_dump_object_set_string (dump, host, i, "localCandidateId", "Ia");
      cs_dump_object_set_string (dump, host, i, "remoteCandidateId", "Ib");
      cs_dump_object_set_string (dump, host, i, "state", i < 4 ? "succeeded" : "failed");
      cs_dump_object_set_number (dump, host, i, "nominated", 1);
      cs_dump_object_set_number (dump, host, i, "currentRoundTripTime", 0.02);
      cs_dump_object_set_number (dump, host, i, "bytesSent", i * 1000.0);
      cs_dump_object_set_number (dump, host, i, "bytesReceived", i * 2000.0);
      cs_dump_object_set_string (dump, transport, i, "selectedCandidatePairId", i < 4 ? "CPa_b" : "CPc_b");
    }
  for (guint i = 0; i < N_POINTS - 3; i++)
    {
      cs_dump_object_set_string (dump, relay, i, "localCandidateId", "Ic");
      cs_dump_object_set_string (dump, relay, i, "remoteCandidateId", "Ib");
      cs_dump_object_set_string (dump, relay, i, "state", "succeeded");
      cs_dump_object_set_number (dump, relay, i, "nominated", i >= 1);
      cs_dump_object_set_number (dump, relay, i, "currentRoundTripTime", 0.08);
      cs_dump_object_set_number (dump, relay, i, "bytesSent", 5e6 + i);
      cs_dump_object_set_number (dump, relay, i, "bytesReceived", 7e6 + i);
    }
  g_assert_true (cs_dump_connection_add_log (dump, conn, T0 + 500, "setLocalDescription", offer));
  g_assert_true (cs_dump_connection_add_log (dump, conn, T0 + 600, "setLocalDescriptionOnSuccess", ""));
  g_assert_true (cs_dump_connection_add_log (dump, conn, T0 + 1000, "setRemoteDescription",
                                             "type: answer, sdp: v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"));

  conn = cs_dump_ensure_connection (dump, "5-1");
  ff = add_object (dump, conn, "ff1", "candidate-pair", 4, 0);
  for (guint i = 0; i < 4; i++)
    cs_dump_object_set_number (dump, ff, i, "selected", i >= 2);
  cs_dump_ensure_connection (dump, "7-1");
  return dump;
}

static void
test_in_memory (void)
{
  g_autoptr (CsDump) dump = make_dump ();
  g_autoptr (GPtrArray) infos = cs_dump_connections (dump, T0);
  CsConnectionInfo *info;
  const CsCandidatePair *pair;
  GArray *selected;
  GPtrArray *descriptions;
  CsDescription *d;

  g_assert_cmpuint (infos->len, ==, 2);   /* "7-1" has nothing to show */
  info = g_ptr_array_index (infos, 0);
  g_assert_cmpstr (cs_connection_info_get_key (info), ==, "3-1");
  g_assert_cmpstr (cs_connection_info_get_uid (info), ==, "3-1");
  g_assert_cmpstr (cs_connection_info_get_label (info), ==, "Peer 3-1");
  g_assert_cmpuint (cs_connection_info_get_pairs (info)->len, ==, 2);

  pair = cs_connection_info_lookup_pair (info, "CPa_b");
  g_assert_nonnull (pair);
  g_assert_cmpint (pair->local.type, ==, CS_CANDIDATE_TYPE_HOST);
  g_assert_cmpstr (pair->local.protocol, ==, "udp");
  g_assert_cmpstr (pair->local.address, ==, "192.168.1.4");
  g_assert_cmpuint (pair->local.port, ==, 54321);
  g_assert_cmpint (pair->remote.type, ==, CS_CANDIDATE_TYPE_SRFLX);
  g_assert_cmpstr (pair->remote.address, ==, "203.0.113.7");
  g_assert_cmpstr (pair->state, ==, "failed");    /* the last point */
  g_assert_true (pair->nominated);
  g_assert_cmpfloat_with_epsilon (pair->rtt_ms, 20, 1e-9);
  g_assert_cmpuint (pair->bytes_sent, ==, 7000);
  g_assert_cmpuint (pair->bytes_received, ==, 14000);
  g_assert_cmpfloat (pair->first_seen, ==, 0);
  g_assert_cmpfloat (pair->last_seen, ==, 7);

  pair = cs_connection_info_lookup_pair (info, "CPc_b");
  g_assert_cmpint (pair->local.type, ==, CS_CANDIDATE_TYPE_RELAY);
  g_assert_cmpstr (pair->local.relay_protocol, ==, "udp");
  g_assert_cmpstr (pair->local.url, ==, "turn:turn.example.net:3478?transport=udp");
  g_assert_cmpuint (pair->bytes_sent, ==, 5000004);
  g_assert_cmpfloat (pair->first_seen, ==, 3);
  {
    g_autofree char *text = cs_candidate_describe (&pair->local, TRUE);

    g_assert_cmpstr (text, ==, "relay udp 198.51.100.2:3478 (turn/udp)");
  }

  selected = cs_connection_info_get_selected (info);
  g_assert_cmpuint (selected->len, ==, 2);
  g_assert_cmpfloat (g_array_index (selected, CsSelectedPair, 0).t, ==, 0);
  g_assert_cmpstr (g_array_index (selected, CsSelectedPair, 0).pair_id, ==, "CPa_b");
  g_assert_cmpfloat (g_array_index (selected, CsSelectedPair, 1).t, ==, 4);
  g_assert_cmpstr (g_array_index (selected, CsSelectedPair, 1).pair_id, ==, "CPc_b");
  g_assert_cmpstr (cs_connection_info_get_selected_pair_id (info), ==, "CPc_b");

  descriptions = cs_connection_info_get_descriptions (info);
  g_assert_cmpuint (descriptions->len, ==, 2);   /* the OnSuccess entry is not one */
  d = g_ptr_array_index (descriptions, 0);
  g_assert_cmpint (d->side, ==, CS_DESCRIPTION_LOCAL);
  g_assert_cmpstr (d->type, ==, "offer");
  g_assert_cmpfloat (d->t, ==, 1);   /* 0.5 s rounds up, as the event log's times */
  g_assert_true (g_str_has_prefix (d->sdp, "v=0\r\no=-"));
  d = g_ptr_array_index (descriptions, 1);
  g_assert_cmpint (d->side, ==, CS_DESCRIPTION_REMOTE);
  g_assert_cmpstr (d->type, ==, "answer");
  g_assert_cmpfloat (d->t, ==, 1);

  /* no transport: the pair that says "selected" */
  info = g_ptr_array_index (infos, 1);
  g_assert_cmpstr (cs_connection_info_get_key (info), ==, "5-1");
  selected = cs_connection_info_get_selected (info);
  g_assert_cmpuint (selected->len, ==, 1);
  g_assert_cmpfloat (g_array_index (selected, CsSelectedPair, 0).t, ==, 2);
  g_assert_cmpstr (g_array_index (selected, CsSelectedPair, 0).pair_id, ==, "ff1");
  pair = cs_connection_info_lookup_pair (info, "ff1");
  g_assert_cmpint (pair->local.type, ==, CS_CANDIDATE_TYPE_UNKNOWN);
  g_assert_null (pair->local.address);
  g_assert_cmpfloat (pair->rtt_ms, <, 0);
}

/* cs_dump_import() attaches them to its reader */
static void
test_import (void)
{
  g_autoptr (CsDump) dump = make_dump ();
  g_autoptr (GError) error = NULL;
  g_autoptr (CsRecordingReader) reader = cs_dump_import (dump, "x.txt", &error);
  GPtrArray *infos;

  g_assert_no_error (error);
  infos = cs_recording_reader_get_connections (reader);
  g_assert_nonnull (infos);
  g_assert_cmpuint (infos->len, ==, 2);
  g_assert_cmpuint (cs_connection_info_get_pairs (g_ptr_array_index (infos, 0))->len, ==, 2);
}

/* each m-section keeps its own lines */
static void
test_sdp_text (void)
{
  g_autofree char *text = cs_sdp_from_description (offer, NULL);
  g_autoptr (CsSdp) sdp = cs_sdp_parse (text);
  CsSdpMedia *m;

  g_assert_cmpuint (sdp->media->len, ==, 2);
  m = g_ptr_array_index (sdp->media, 0);
  g_assert_cmpstr (m->text, ==, "m=audio 9 UDP/TLS/RTP/SAVPF 111\na=mid:0\na=sendrecv\na=rtpmap:111 opus/48000/2\n");
  m = g_ptr_array_index (sdp->media, 1);
  g_assert_cmpstr (m->text, ==, "m=video 9 UDP/TLS/RTP/SAVPF 96 97\na=mid:1\na=sendrecv\na=rtpmap:96 VP8/90000\n"
                                "a=rtpmap:97 rtx/90000\n");
}

static void
test_chrome144 (void)
{
  g_autofree char *path = g_build_filename (CS_TEST_DUMPS, "handmade-chrome144-internals.txt", NULL);
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (CsDump) dump = NULL;
  g_autoptr (CsRecordingReader) reader = NULL;
  CsConnectionInfo *info;
  const CsCandidatePair *pair;
  CsDescription *d;
  GPtrArray *infos;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  dump = cs_internals_dump_parse (contents, length, &error);
  g_assert_no_error (error);
  reader = cs_dump_import (dump, path, &error);
  g_assert_no_error (error);
  infos = cs_recording_reader_get_connections (reader);
  g_assert_cmpuint (infos->len, ==, 1);
  info = g_ptr_array_index (infos, 0);
  g_assert_cmpstr (cs_connection_info_get_key (info), ==, "9-1");
  g_assert_cmpuint (cs_connection_info_get_pairs (info)->len, ==, 1);
  pair = cs_connection_info_lookup_pair (info, "CPabcd1234_efgh5678");
  g_assert_nonnull (pair);
  g_assert_cmpstr (pair->state, ==, "succeeded");
  g_assert_true (pair->nominated);
  g_assert_cmpfloat_with_epsilon (pair->rtt_ms, 35, 1e-9);
  g_assert_cmpfloat (pair->first_seen, ==, 0);
  g_assert_cmpfloat (pair->last_seen, ==, 9);
  /* the dump has no candidate objects */
  g_assert_cmpint (pair->local.type, ==, CS_CANDIDATE_TYPE_UNKNOWN);
  g_assert_cmpuint (cs_connection_info_get_selected (info)->len, ==, 1);
  g_assert_cmpstr (cs_connection_info_get_selected_pair_id (info), ==, "CPabcd1234_efgh5678");
  g_assert_cmpuint (cs_connection_info_get_descriptions (info)->len, ==, 1);
  d = g_ptr_array_index (cs_connection_info_get_descriptions (info), 0);
  g_assert_cmpint (d->side, ==, CS_DESCRIPTION_LOCAL);
  g_assert_cmpstr (d->type, ==, "offer");
  g_assert_cmpstr (d->sdp, ==, "v=0\r\n");
  g_assert_cmpfloat (d->t, ==, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/dump-connections/in-memory", test_in_memory);
  g_test_add_func ("/dump-connections/import", test_import);
  g_test_add_func ("/dump-connections/sdp-text", test_sdp_text);
  g_test_add_func ("/dump-connections/chrome144", test_chrome144);
  return g_test_run ();
}
