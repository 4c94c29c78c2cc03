/* test-connection-info.c — a peer connection's pairs, selections and descriptions; anonymised addresses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-connection-info.h"

static void
test_anonymise (void)
{
  static const struct { const char *in; CsCandidateType type; const char *out; } cases[] = {
    { "203.0.113.7", CS_CANDIDATE_TYPE_HOST, "203.0.x.x" },
    { "192.168.1.4", CS_CANDIDATE_TYPE_SRFLX, "192.168.x.x" },
    { "2001:db8:85a3::8a2e:370:7334", CS_CANDIDATE_TYPE_HOST, "2001:db8:…" },
    { "2001:0db8:0001:0002:0003:0004:0005:0006", CS_CANDIDATE_TYPE_PRFLX, "2001:0db8:…" },
    { "fe80::1", CS_CANDIDATE_TYPE_HOST, "fe80:…" },
    { "::1", CS_CANDIDATE_TYPE_HOST, "…" },
    /* mDNS names, relays and names are kept */
    { "6b3c1f0e-58a1-4a8e-9f9c-2c0f4fd2c2a1.local", CS_CANDIDATE_TYPE_HOST, "6b3c1f0e-58a1-4a8e-9f9c-2c0f4fd2c2a1.local" },
    { "198.51.100.2", CS_CANDIDATE_TYPE_RELAY, "198.51.100.2" },
    { "2001:db8::2", CS_CANDIDATE_TYPE_RELAY, "2001:db8::2" },
    { "turn.example.net", CS_CANDIDATE_TYPE_SRFLX, "turn.example.net" },
    /* not an address: kept as written */
    { "1.2.3", CS_CANDIDATE_TYPE_HOST, "1.2.3" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = cs_anonymise_address (cases[i].in, cases[i].type);

      g_assert_cmpstr (out, ==, cases[i].out);
    }
  g_assert_null (cs_anonymise_address (NULL, CS_CANDIDATE_TYPE_HOST));
}

static void
test_anonymise_sdp (void)
{
  const char *sdp =
    "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 203.0.113.7\r\n"
    "a=candidate:1 1 udp 2122260223 192.168.1.4 54321 typ host generation 0\r\n"
    "a=candidate:2 1 udp 41885439 198.51.100.2 3478 typ relay raddr 203.0.113.7 rport 40000\r\n"
    "a=candidate:3 1 udp 2122260223 2001:db8::5 9 typ host\r\n"
    "a=candidate:4 1 udp 2122260223 1a2b.local 9 typ host\r\n";
  g_autofree char *out = cs_anonymise_sdp (sdp);

  g_assert_cmpstr (out, ==,
    "v=0\r\no=- 1 2 IN IP4 127.0.x.x\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 203.0.x.x\r\n"
    "a=candidate:1 1 udp 2122260223 192.168.x.x 54321 typ host generation 0\r\n"
    "a=candidate:2 1 udp 41885439 198.51.100.2 3478 typ relay raddr 203.0.x.x rport 40000\r\n"
    "a=candidate:3 1 udp 2122260223 2001:db8:… 9 typ host\r\n"
    "a=candidate:4 1 udp 2122260223 1a2b.local 9 typ host\r\n");
  g_assert_null (cs_anonymise_sdp (NULL));
}

static void
test_types (void)
{
  g_assert_cmpint (cs_candidate_type_from_string ("relay"), ==, CS_CANDIDATE_TYPE_RELAY);
  g_assert_cmpint (cs_candidate_type_from_string ("HOST"), ==, CS_CANDIDATE_TYPE_HOST);
  g_assert_cmpint (cs_candidate_type_from_string ("server-reflexive"), ==, CS_CANDIDATE_TYPE_SRFLX);
  g_assert_cmpint (cs_candidate_type_from_string ("peer-reflexive"), ==, CS_CANDIDATE_TYPE_PRFLX);
  g_assert_cmpint (cs_candidate_type_from_string ("bogus"), ==, CS_CANDIDATE_TYPE_UNKNOWN);
  g_assert_cmpint (cs_candidate_type_from_string (NULL), ==, CS_CANDIDATE_TYPE_UNKNOWN);
  g_assert_cmpstr (cs_candidate_type_to_string (CS_CANDIDATE_TYPE_SRFLX), ==, "srflx");
  g_assert_cmpstr (cs_candidate_type_to_string (CS_CANDIDATE_TYPE_UNKNOWN), ==, "");
}

static void
test_describe (void)
{
  CsCandidate host = { CS_CANDIDATE_TYPE_HOST, "udp", "192.168.1.4", 54321, NULL, NULL };
  CsCandidate relay = { CS_CANDIDATE_TYPE_RELAY, "udp", "198.51.100.2", 3478, "udp", "turn:turn.example.net:3478" };
  CsCandidate relay_tls = { CS_CANDIDATE_TYPE_RELAY, "udp", "198.51.100.2", 443, "tls", NULL };
  CsCandidate v6 = { CS_CANDIDATE_TYPE_SRFLX, "udp", "2001:db8::7", 9, NULL, NULL };
  CsCandidate unknown = { 0 };
  g_autofree char *a = cs_candidate_describe (&host, FALSE);
  g_autofree char *b = cs_candidate_describe (&host, TRUE);
  g_autofree char *c = cs_candidate_describe (&relay, TRUE);
  g_autofree char *d = cs_candidate_describe (&relay_tls, FALSE);
  g_autofree char *e = cs_candidate_describe (&v6, FALSE);
  g_autofree char *f = cs_candidate_describe (&v6, TRUE);
  g_autofree char *g = cs_candidate_describe (&unknown, TRUE);

  g_assert_cmpstr (a, ==, "host udp 192.168.1.4:54321");
  g_assert_cmpstr (b, ==, "host udp 192.168.x.x:54321");
  g_assert_cmpstr (c, ==, "relay udp 198.51.100.2:3478 (turn/udp)");
  g_assert_cmpstr (d, ==, "relay udp 198.51.100.2:443 (turns/tls)");
  g_assert_cmpstr (e, ==, "srflx udp [2001:db8::7]:9");
  g_assert_cmpstr (f, ==, "srflx udp [2001:db8:…]:9");
  g_assert_cmpstr (g, ==, "? ? ?");
}

static void
test_connection (void)
{
  g_autoptr (CsConnectionInfo) info = cs_connection_info_new ("3-1", NULL, NULL);
  CsCandidatePair *pair = cs_candidate_pair_new ("CP1");
  g_autoptr (CsCandidatePair) copy = NULL;
  GArray *selected;
  GPtrArray *descriptions;
  CsDescription *d;

  g_assert_cmpstr (cs_connection_info_get_key (info), ==, "3-1");
  g_assert_cmpstr (cs_connection_info_get_uid (info), ==, "3-1");
  g_assert_cmpstr (cs_connection_info_get_label (info), ==, "Peer 3-1");
  g_assert_true (cs_connection_info_is_empty (info));
  g_assert_cmpfloat (pair->rtt_ms, <, 0);

  pair->local.type = CS_CANDIDATE_TYPE_HOST;
  pair->local.address = g_strdup ("192.168.1.4");
  pair->state = g_strdup ("succeeded");
  pair->rtt_ms = 42;
  copy = cs_candidate_pair_copy (pair);
  cs_connection_info_add_pair (info, pair);
  cs_connection_info_add_pair (info, cs_candidate_pair_new ("CP2"));
  g_assert_cmpuint (cs_connection_info_get_pairs (info)->len, ==, 2);
  g_assert_cmpstr (copy->local.address, ==, "192.168.1.4");
  g_assert_cmpstr (copy->state, ==, "succeeded");
  g_assert_true (cs_connection_info_lookup_pair (info, "CP1") == pair);
  g_assert_null (cs_connection_info_lookup_pair (info, "CP3"));
  /* the same id replaces */
  cs_connection_info_add_pair (info, cs_candidate_pair_new ("CP1"));
  g_assert_cmpuint (cs_connection_info_get_pairs (info)->len, ==, 2);
  g_assert_cmpfloat (cs_connection_info_lookup_pair (info, "CP1")->rtt_ms, <, 0);
  g_assert_false (cs_connection_info_is_empty (info));

  /* changes only */
  g_assert_null (cs_connection_info_get_selected_pair_id (info));
  cs_connection_info_add_selected (info, 0, NULL);
  cs_connection_info_add_selected (info, 1, "CP1");
  cs_connection_info_add_selected (info, 2, "CP1");
  cs_connection_info_add_selected (info, 5, "CP2");
  cs_connection_info_add_selected (info, 9, NULL);
  selected = cs_connection_info_get_selected (info);
  g_assert_cmpuint (selected->len, ==, 3);
  g_assert_cmpfloat (g_array_index (selected, CsSelectedPair, 0).t, ==, 1);
  g_assert_cmpstr (g_array_index (selected, CsSelectedPair, 0).pair_id, ==, "CP1");
  g_assert_cmpfloat (g_array_index (selected, CsSelectedPair, 1).t, ==, 5);
  g_assert_cmpstr (g_array_index (selected, CsSelectedPair, 1).pair_id, ==, "CP2");
  g_assert_null (g_array_index (selected, CsSelectedPair, 2).pair_id);
  g_assert_null (cs_connection_info_get_selected_pair_id (info));

  cs_connection_info_add_description (info, 0.5, CS_DESCRIPTION_LOCAL, "offer", "v=0\r\n");
  cs_connection_info_add_description (info, 1.0, CS_DESCRIPTION_REMOTE, NULL, NULL);
  descriptions = cs_connection_info_get_descriptions (info);
  g_assert_cmpuint (descriptions->len, ==, 2);
  d = g_ptr_array_index (descriptions, 0);
  g_assert_cmpint (d->side, ==, CS_DESCRIPTION_LOCAL);
  g_assert_cmpstr (d->type, ==, "offer");
  g_assert_cmpstr (d->sdp, ==, "v=0\r\n");
  d = g_ptr_array_index (descriptions, 1);
  g_assert_null (d->type);
  g_assert_cmpstr (d->sdp, ==, "");
}

static void
test_label (void)
{
  g_autoptr (CsConnectionInfo) info = cs_connection_info_new ("4-2", "server", "Meeting");
  g_autofree char *key = NULL;

  g_assert_cmpstr (cs_connection_info_get_uid (info), ==, "server");
  g_assert_cmpstr (cs_connection_info_get_label (info), ==, "Meeting");
  g_object_get (info, "key", &key, NULL);
  g_assert_cmpstr (key, ==, "4-2");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/connection-info/anonymise", test_anonymise);
  g_test_add_func ("/connection-info/anonymise-sdp", test_anonymise_sdp);
  g_test_add_func ("/connection-info/types", test_types);
  g_test_add_func ("/connection-info/describe", test_describe);
  g_test_add_func ("/connection-info/connection", test_connection);
  g_test_add_func ("/connection-info/label", test_label);
  return g_test_run ();
}
