/* test-webrtc-connection.c — the candidate pairs of a webrtcbin get-stats reply
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A reply shaped as Debian's GStreamer 1.22.0 writes it (gst-webrtc-reference.md §1.1):
 * the transport names the selected pair, the pair names its candidates by id, and the
 * candidate structures carry the SWAPPED types of 1.22.0–1.22.4 (the local one is typed
 * "remote-candidate"): the pair's candidates must still be the right way round.
 */
#include "config.h"

#include <gst/webrtc/webrtc.h>

#include "cs-webrtc-connection.h"

/* Sets @name of @reply to @entry, which it frees. */
static void
put (GstStructure *reply, const char *name, GstStructure *entry)
{
  gst_structure_set (reply, name, GST_TYPE_STRUCTURE, entry, NULL);
  gst_structure_free (entry);
}

static GstStructure *
make_reply (void)
{
  GstStructure *local = gst_structure_new ("remote-candidate",   /* sic: 1.22.0's swap */
                                           "type", GST_TYPE_WEBRTC_STATS_TYPE, GST_WEBRTC_STATS_REMOTE_CANDIDATE,
                                           "id", G_TYPE_STRING, "ice-candidate-local_0_127.0.0.1_50000",
                                           "address", G_TYPE_STRING, "127.0.0.1", "port", G_TYPE_UINT, 50000,
                                           "candidate-type", G_TYPE_STRING, "host", "protocol", G_TYPE_STRING, "udp",
                                           NULL);
  GstStructure *remote = gst_structure_new ("local-candidate",
                                            "type", GST_TYPE_WEBRTC_STATS_TYPE, GST_WEBRTC_STATS_LOCAL_CANDIDATE,
                                            "id", G_TYPE_STRING, "ice-candidate-remote_0_198.51.100.2_3478",
                                            "address", G_TYPE_STRING, "198.51.100.2", "port", G_TYPE_UINT, 3478,
                                            "candidate-type", G_TYPE_STRING, "relay", "protocol", G_TYPE_STRING, "udp",
                                            "relay-protocol", G_TYPE_STRING, "udp", NULL);
  GstStructure *pair = gst_structure_new ("candidate-pair",
                                          "type", GST_TYPE_WEBRTC_STATS_TYPE, GST_WEBRTC_STATS_CANDIDATE_PAIR,
                                          "id", G_TYPE_STRING, "ice-candidate-pair_webrtcnicetransport0",
                                          "local-candidate-id", G_TYPE_STRING, "ice-candidate-local_0_127.0.0.1_50000",
                                          "remote-candidate-id", G_TYPE_STRING,
                                          "ice-candidate-remote_0_198.51.100.2_3478", NULL);
  GstStructure *transport = gst_structure_new ("transport",
                                               "type", GST_TYPE_WEBRTC_STATS_TYPE, GST_WEBRTC_STATS_TRANSPORT,
                                               "id", G_TYPE_STRING, "transport-stats_dtlstransport0",
                                               "selected-candidate-pair-id", G_TYPE_STRING,
                                               "ice-candidate-pair_webrtcnicetransport0", NULL);
  GstStructure *reply = gst_structure_new_empty ("application/x-webrtc-stats");

  put (reply, "ice-candidate-local_0_127.0.0.1_50000", local);
  put (reply, "ice-candidate-remote_0_198.51.100.2_3478", remote);
  put (reply, "ice-candidate-pair_webrtcnicetransport0", pair);
  put (reply, "transport-stats_dtlstransport0", transport);
  return reply;
}

static void
count_cb (guint *n)
{
  (*n)++;
}

static void
test_pairs (void)
{
  GstStructure *reply = make_reply ();
  g_autofree char *selected = NULL;
  g_autoptr (GPtrArray) pairs = cs_webrtc_connection_pairs (reply, 3.0, &selected);
  CsCandidatePair *p;
  g_autoptr (CsConnectionInfo) info = cs_connection_info_new ("webrtcbin0", "user-1", NULL);
  guint changes = 0;

  g_assert_cmpstr (selected, ==, "ice-candidate-pair_webrtcnicetransport0");
  g_assert_cmpuint (pairs->len, ==, 1);
  p = g_ptr_array_index (pairs, 0);
  g_assert_cmpstr (p->id, ==, "ice-candidate-pair_webrtcnicetransport0");
  g_assert_cmpint (p->local.type, ==, CS_CANDIDATE_TYPE_HOST);
  g_assert_cmpstr (p->local.address, ==, "127.0.0.1");
  g_assert_cmpuint (p->local.port, ==, 50000);
  g_assert_cmpint (p->remote.type, ==, CS_CANDIDATE_TYPE_RELAY);
  g_assert_cmpstr (p->remote.relay_protocol, ==, "udp");
  g_assert_cmpuint (p->remote.port, ==, 3478);
  /* 1.22 knows no RTT, state or bytes of a pair */
  g_assert_cmpfloat (p->rtt_ms, <, 0);
  g_assert_null (p->state);
  g_assert_cmpfloat (p->first_seen, ==, 3.0);

  /* seen again a second later: the same pair, first seen at 3 s, no "changed" */
  cs_connection_info_add_pair (info, cs_candidate_pair_copy (p));
  g_signal_connect_swapped (info, "changed", G_CALLBACK (count_cb), &changes);
  {
    g_autoptr (GPtrArray) again = cs_webrtc_connection_pairs (reply, 4.0, NULL);

    cs_connection_info_add_pair (info, cs_candidate_pair_copy (g_ptr_array_index (again, 0)));
  }
  g_assert_cmpuint (changes, ==, 0);
  g_assert_cmpfloat (((CsCandidatePair *) g_ptr_array_index (cs_connection_info_get_pairs (info), 0))->first_seen, ==, 3.0);
  g_assert_cmpfloat (((CsCandidatePair *) g_ptr_array_index (cs_connection_info_get_pairs (info), 0))->last_seen, ==, 4.0);
  cs_connection_info_add_selected (info, 3.0, selected);
  g_assert_cmpuint (changes, ==, 1);
  cs_connection_info_add_selected (info, 4.0, selected);   /* the same: no change */
  g_assert_cmpuint (changes, ==, 1);
  gst_structure_free (reply);
}

/* A reply without pairs (before ICE), or no reply at all. */
static void
test_nothing (void)
{
  GstStructure *empty = gst_structure_new_empty ("application/x-webrtc-stats");
  char *selected = (char *) "x";
  g_autoptr (GPtrArray) a = cs_webrtc_connection_pairs (empty, 0, &selected);
  g_autoptr (GPtrArray) b = cs_webrtc_connection_pairs (NULL, 0, NULL);

  g_assert_cmpuint (a->len, ==, 0);
  g_assert_null (selected);
  g_assert_cmpuint (b->len, ==, 0);
  gst_structure_free (empty);
}

int
main (int argc, char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/webrtc-connection/pairs", test_pairs);
  g_test_add_func ("/webrtc-connection/nothing", test_nothing);
  return g_test_run ();
}
