/* test-internals-dump.c — the webrtc-internals dump reader: Chrome 86, 117 and 144 dumps,
 * locale times, the 1000-point cap, and files to refuse or tolerate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fixtures (tests/data/dumps/handmade-*-internals.txt) are hand-made in the layout of
 * each Chrome version; the values asserted here are those written in them.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "cs-error.h"
#include "cs-internals-dump.h"
#include "cs-internals-time.h"

/* ---- helpers --------------------------------------------------------------------- */

static CsDump *
parse_fixture (const char *name)
{
  g_autofree char *path = g_build_filename (CS_TEST_DUMPS, name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;
  gsize length = 0;
  CsDump *dump;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  dump = cs_internals_dump_parse (contents, length, &error);
  g_assert_no_error (error);
  g_assert_nonnull (dump);
  return dump;
}

static CsDump *
parse_text (const char *text)
{
  g_autoptr (GError) error = NULL;
  CsDump *dump = cs_internals_dump_parse (text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_nonnull (dump);
  return dump;
}

static void
assert_invalid (const char *text, gsize length, const char *fragment)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CsDump) dump = cs_internals_dump_parse (text, length, &error);

  g_assert_null (dump);
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_DUMP);
  g_assert_null (strchr (error->message, '\n'));
  if (fragment != NULL && strstr (error->message, fragment) == NULL)
    g_error ("“%s” does not say “%s”", error->message, fragment);
}

static CsDumpObject *
object (CsDumpConnection *connection, const char *id)
{
  CsDumpObject *o = g_hash_table_lookup (connection->by_id, id);

  if (o == NULL)
    g_error ("no stats object “%s”", id);
  return o;
}

static CsDumpLogEntry *
log_entry (CsDumpConnection *connection, guint i)
{
  g_assert_cmpuint (i, <, connection->log->len);
  return g_ptr_array_index (connection->log, i);
}

#define assert_nan(x) g_assert_true (isnan (x))

/* ---- Chrome 86: old ids, no statsType, no timestamps, en-US times ---------------- */

static void
test_chrome86 (void)
{
  g_autoptr (CsDump) dump = parse_fixture ("handmade-chrome86-internals.txt");
  const double t0 = 1604612051123;  /* 2020-11-05T21:34:11.123Z, every series' startTime */
  CsDumpConnection *c;
  CsDumpObject *v, *cp;

  g_assert_cmpint (dump->format, ==, CS_DUMP_FORMAT_INTERNALS);
  g_assert_cmpuint (dump->connections->len, ==, 1);
  c = g_ptr_array_index (dump->connections, 0);
  g_assert_cmpstr (c->key, ==, "12345-1");
  g_assert_cmpstr (c->url, ==, "https://meet.example.com/room-86");
  g_assert_cmpstr (dump->origin, ==, "https://meet.example.com/room-86");
  g_assert_true (g_str_has_prefix (c->configuration, "{ iceServers: [stun:stun.l.google.com:19302], "));
  g_assert_cmpstr (dump->browser, ==, "Chrome 86.0.4240.75");
  g_assert_true (g_str_has_prefix (dump->user_agent, "Mozilla/5.0 (X11; Linux x86_64)"));
  g_assert_false (dump->capped);

  /* types from the id prefixes; candidates by their isRemote */
  g_assert_cmpuint (c->objects->len, ==, 9);
  g_assert_cmpstr (object (c, "RTCInboundRTPVideoStream_2345678")->type, ==, "inbound-rtp");
  g_assert_cmpstr (object (c, "RTCInboundRTPAudioStream_3456789")->type, ==, "inbound-rtp");
  g_assert_cmpstr (object (c, "RTCOutboundRTPVideoStream_4567890")->type, ==, "outbound-rtp");
  g_assert_cmpstr (object (c, "RTCRemoteInboundRtpVideoStream_4567890")->type, ==, "remote-inbound-rtp");
  g_assert_cmpstr (object (c, "RTCIceCandidatePair_Lx9Ab3Cd_Ry7Ef5Gh")->type, ==, "candidate-pair");
  g_assert_cmpstr (object (c, "RTCTransport_0_1")->type, ==, "transport");
  g_assert_cmpstr (object (c, "RTCIceCandidate_Lx9Ab3Cd")->type, ==, "local-candidate");
  g_assert_cmpstr (object (c, "RTCIceCandidate_Ry7Ef5Gh")->type, ==, "remote-candidate");
  g_assert_cmpstr (object (c, "RTCMediaStreamTrack_receiver_3")->type, ==, "track");
  /* in the order of the file */
  g_assert_cmpstr (((CsDumpObject *) g_ptr_array_index (c->objects, 0))->id, ==, "RTCInboundRTPVideoStream_2345678");
  g_assert_cmpstr (((CsDumpObject *) g_ptr_array_index (c->objects, 8))->id, ==, "RTCMediaStreamTrack_receiver_3");

  /* points 1 s apart from startTime; a series that starts 2 s late lines up */
  v = object (c, "RTCInboundRTPVideoStream_2345678");
  g_assert_cmpuint (cs_dump_object_n_points (v), ==, 10);
  for (guint i = 0; i < 10; i++)
    g_assert_cmpfloat (cs_dump_object_time (v, i), ==, t0 + 1000.0 * i);
  g_assert_cmpfloat (cs_dump_object_number (v, "bytesReceived", 9), ==, 945000);
  g_assert_cmpfloat (cs_dump_object_number (v, "packetsLost", 5), ==, 3);
  g_assert_cmpfloat (cs_dump_object_number (v, "ssrc", 0), ==, 2345678);
  g_assert_cmpstr (cs_dump_object_string (v, "kind", 3), ==, "video");
  g_assert_cmpstr (cs_dump_object_string (v, "codecId", 9), ==, "RTCCodec_0_Inbound_96");
  assert_nan (cs_dump_object_number (v, "framesPerSecond", 0));
  assert_nan (cs_dump_object_number (v, "framesPerSecond", 1));
  g_assert_cmpfloat (cs_dump_object_number (v, "framesPerSecond", 2), ==, 30);
  g_assert_cmpfloat (cs_dump_object_number (v, "framesPerSecond", 4), ==, 29);
  g_assert_cmpfloat (cs_dump_object_number (v, "framesPerSecond", 9), ==, 30);
  /* what nobody reads is not kept; objects (qualityLimitationDurations) are not values */
  g_assert_null (g_hash_table_lookup (v->series, "[bytesReceived_in_bits/s]"));
  g_assert_null (g_hash_table_lookup (v->series, "googTimingFrameInfo"));
  g_assert_null (g_hash_table_lookup (v->series, "qualityLimitationDurations"));

  g_assert_cmpfloat (cs_dump_object_number (object (c, "RTCInboundRTPAudioStream_3456789"), "jitter", 6), ==, 0.005);
  g_assert_cmpfloat (cs_dump_object_number (object (c, "RTCInboundRTPAudioStream_3456789"), "audioLevel", 3), ==, 0.25);
  g_assert_cmpstr (cs_dump_object_string (object (c, "RTCOutboundRTPVideoStream_4567890"), "qualityLimitationReason", 6),
                   ==, "bandwidth");
  cp = object (c, "RTCIceCandidatePair_Lx9Ab3Cd_Ry7Ef5Gh");
  g_assert_cmpfloat (cs_dump_object_number (cp, "nominated", 0), ==, 0);
  g_assert_cmpfloat (cs_dump_object_number (cp, "nominated", 1), ==, 1);
  g_assert_cmpstr (cs_dump_object_string (cp, "state", 0), ==, "in-progress");
  g_assert_cmpfloat_with_epsilon (cs_dump_object_number (cp, "priority", 0), 9.115005270282338e18, 1e4);
  g_assert_cmpfloat (cs_dump_get_start_ms (dump), ==, t0);

  /* en-US times, written in UTC−5: lined up with the stats */
  g_assert_cmpuint (c->log->len, ==, 5);
  g_assert_cmpstr (log_entry (c, 0)->type, ==, "createOffer");
  g_assert_cmpfloat (log_entry (c, 0)->time_ms, ==, 1604612050000);  /* 4:34:10 PM EST = 21:34:10Z */
  g_assert_cmpfloat (log_entry (c, 1)->time_ms, ==, 1604612050000);
  g_assert_cmpfloat (log_entry (c, 2)->time_ms, ==, 1604612051000);
  g_assert_cmpstr (log_entry (c, 3)->type, ==, "iceConnectionStateChange");
  g_assert_cmpstr (log_entry (c, 3)->value, ==, "connected");
  g_assert_cmpfloat (log_entry (c, 3)->time_ms, ==, 1604612052000);
  assert_nan (log_entry (c, 4)->time_ms);  /* "not a time" */
  g_assert_cmpuint (dump->warnings->len, ==, 1);  /* that time */
}

/* ---- Chrome 117: statsType, timestamp series, en-GB times -------------------------- */

static const double stamps117[] = {
  1696237200512.25, 1696237201513.75, 1696237202513.0, 1696237203514.5, 1696237204513.25,
  1696237205512.75, 1696237206515.25, 1696237207513.5, 1696237208512.25, 1696237209514.25,
};

static void
test_chrome117 (void)
{
  g_autoptr (CsDump) dump = parse_fixture ("handmade-chrome117-internals.txt");
  const char *codec_id = "CIT01_49_level-id=186;profile-id=1;tier-flag=0;tx-mode=SRST";
  CsDumpConnection *c;
  CsDumpObject *v, *cp, *codec;

  g_assert_cmpuint (dump->connections->len, ==, 1);
  c = g_ptr_array_index (dump->connections, 0);
  g_assert_cmpstr (c->key, ==, "5-2");
  g_assert_cmpstr (dump->browser, ==, "Chrome 117.0.5938.149");
  g_assert_false (dump->capped);
  g_assert_cmpuint (dump->warnings->len, ==, 0);

  /* ids with '-' and computed properties split right: no other object */
  g_assert_cmpuint (c->objects->len, ==, 7);
  v = object (c, "IT01V2345678");
  g_assert_cmpstr (v->type, ==, "inbound-rtp");
  g_assert_cmpstr (object (c, "IT01A3456789")->type, ==, "inbound-rtp");
  g_assert_cmpstr (object (c, "OT01V4567890")->type, ==, "outbound-rtp");
  g_assert_cmpstr (object (c, "RIV4567890")->type, ==, "remote-inbound-rtp");
  cp = object (c, "CPabcd1234_efgh5678");
  g_assert_cmpstr (cp->type, ==, "candidate-pair");
  g_assert_cmpstr (object (c, "T01")->type, ==, "transport");  /* from its "-type" series */
  codec = object (c, codec_id);
  g_assert_cmpstr (codec->type, ==, "codec");
  g_assert_cmpstr (cs_dump_object_string (codec, "mimeType", 0), ==, "video/H265");
  g_assert_cmpstr (cs_dump_object_string (codec, "sdpFmtpLine", 9), ==, "level-id=186;profile-id=1;tier-flag=0;tx-mode=SRST");
  g_assert_cmpfloat (cs_dump_object_number (codec, "payloadType", 0), ==, 49);
  g_assert_cmpstr (cs_dump_object_string (v, "codecId", 0), ==, codec_id);

  /* the points are the timestamps */
  g_assert_cmpuint (cs_dump_object_n_points (v), ==, G_N_ELEMENTS (stamps117));
  for (guint i = 0; i < G_N_ELEMENTS (stamps117); i++)
    {
      g_assert_cmpfloat (cs_dump_object_time (v, i), ==, stamps117[i]);
      g_assert_cmpfloat (cs_dump_object_time (cp, i), ==, stamps117[i]);
    }
  g_assert_cmpfloat (cs_dump_object_number (v, "mid", 0), ==, 1);  /* mid is a number in dumps */
  g_assert_cmpfloat (cs_dump_object_number (v, "jitter", 7), ==, 0.014);
  g_assert_cmpfloat (cs_dump_object_number (v, "packetsLost", 7), ==, 5);
  g_assert_cmpfloat (cs_dump_object_number (v, "frameWidth", 0), ==, 1280);
  g_assert_null (g_hash_table_lookup (v->series, "[framesReceived-framesDecoded-framesDropped]"));
  g_assert_null (g_hash_table_lookup (v->series, "timestamp"));
  /* a series that appeared late: 7 values on the last 7 points */
  for (guint i = 0; i < 3; i++)
    assert_nan (cs_dump_object_number (v, "framesPerSecond", i));
  g_assert_cmpfloat (cs_dump_object_number (v, "framesPerSecond", 3), ==, 30);
  g_assert_cmpfloat (cs_dump_object_number (v, "framesPerSecond", 5), ==, 29);
  /* a series of 5 in the middle (points 2 to 6): placed by its startTime/endTime, not from the end */
  assert_nan (cs_dump_object_number (cp, "availableOutgoingBitrate", 1));
  g_assert_cmpfloat (cs_dump_object_number (cp, "availableOutgoingBitrate", 2), ==, 2400000);
  g_assert_cmpfloat (cs_dump_object_number (cp, "availableOutgoingBitrate", 6), ==, 2100000);
  assert_nan (cs_dump_object_number (cp, "availableOutgoingBitrate", 7));
  assert_nan (cs_dump_object_number (cp, "availableOutgoingBitrate", 9));
  g_assert_cmpfloat (cs_dump_object_number (object (c, "RIV4567890"), "roundTripTime", 7), ==, 0.072);
  g_assert_cmpstr (cs_dump_object_string (object (c, "RIV4567890"), "localId", 0), ==, "OT01V4567890");

  /* en-GB times (day first), written in UTC+1 (BST): lined up with the stats */
  g_assert_cmpuint (c->log->len, ==, 5);
  g_assert_cmpfloat (log_entry (c, 0)->time_ms, ==, 1696237199000);  /* 09:59:59 BST = 08:59:59Z */
  g_assert_cmpfloat (log_entry (c, 1)->time_ms, ==, 1696237200000);
  g_assert_cmpfloat (log_entry (c, 4)->time_ms, ==, 1696237209000);
  g_assert_cmpstr (log_entry (c, 3)->type, ==, "iceconnectionstatechange");
  g_assert_cmpstr (log_entry (c, 3)->value, ==, "connected");
}

/* ---- Chrome 144: numeric log times, quoted states, UserAgentData ------------------- */

static void
test_chrome144 (void)
{
  g_autoptr (CsDump) dump = parse_fixture ("handmade-chrome144-internals.txt");
  CsDumpConnection *c;

  g_assert_cmpuint (dump->connections->len, ==, 1);
  c = g_ptr_array_index (dump->connections, 0);
  g_assert_cmpstr (c->key, ==, "9-1");
  g_assert_cmpstr (dump->browser, ==, "Chrome 144.0.7559.96");  /* Google Chrome before Chromium */
  g_assert_cmpstr (c->configuration, ==,
                   "{\"iceServers\":[{\"urls\":[\"stun:stun.example.net:3478\"]}],\"iceTransportPolicy\":\"all\","
                   "\"bundlePolicy\":\"max-bundle\",\"rtcpMuxPolicy\":\"require\",\"iceCandidatePoolSize\":0}");
  g_assert_cmpuint (c->objects->len, ==, 7);
  g_assert_cmpfloat (cs_dump_object_time (object (c, "IT01A3456789"), 0), ==, 1773151200250.5);
  g_assert_cmpfloat (cs_dump_object_number (object (c, "IT01A3456789"), "audioLevel", 6), ==, 0.33);
  g_assert_cmpuint (dump->warnings->len, ==, 0);

  g_assert_cmpuint (c->log->len, ==, 6);
  g_assert_cmpfloat (log_entry (c, 0)->time_ms, ==, 1773151199801.5);
  g_assert_cmpstr (log_entry (c, 1)->value, ==, "{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}");
  g_assert_cmpstr (log_entry (c, 2)->value, ==, "have-local-offer");
  g_assert_cmpstr (log_entry (c, 4)->type, ==, "oniceconnectionstatechange");
  g_assert_cmpstr (log_entry (c, 4)->value, ==, "connected");
  g_assert_cmpfloat (log_entry (c, 4)->time_ms, ==, 1773151200243.25);
}

static void
test_empty (void)
{
  g_autoptr (CsDump) dump = parse_fixture ("handmade-empty-internals.txt");

  g_assert_cmpuint (dump->connections->len, ==, 0);
  g_assert_null (dump->origin);
  g_assert_cmpstr (dump->browser, ==, "Chrome 120.0.6099.71");
  assert_nan (cs_dump_get_start_ms (dump));
}

/* ---- UserAgentData forms ----------------------------------------------------------- */

static void
test_user_agent_data (void)
{
  g_autoptr (CsDump) edge = parse_text (
    "{\"PeerConnections\":{},\"UserAgentData\":{\"brands\":[{\"brand\":\"Chromium\",\"version\":\"138\"}],"
    "\"fullVersionList\":[{\"brand\":\"Not)A;Brand\",\"version\":\"8.0.0.0\"},{\"brand\":\"Chromium\","
    "\"version\":\"138.0.7204.158\"},{\"brand\":\"Microsoft Edge\",\"version\":\"138.0.3351.95\"}],"
    "\"mobile\":false,\"platform\":\"Windows\"}}");
  g_autoptr (CsDump) chromium = parse_text (
    "{\"PeerConnections\":{},\"UserAgentData\":[{\"brand\":\" Not A;Brand\",\"version\":\"99.0.0.0\"},"
    "{\"brand\":\"Chromium\",\"version\":\"138.0.7204.183\"}],"
    "\"UserAgent\":\"Mozilla/5.0 Chrome/138.0.0.0 Safari/537.36\"}");
  g_autoptr (CsDump) grease_only = parse_text (
    "{\"PeerConnections\":{},\"UserAgentData\":[{\"brand\":\"Not.A/Brand\",\"version\":\"99\"}],"
    "\"UserAgent\":\"Mozilla/5.0 Chrome/138.0.0.0 Safari/537.36\"}");
  g_autoptr (CsDump) none = parse_text ("{\"PeerConnections\":{},\"UserAgentData\":7,\"UserAgent\":\"curl/8\"}");

  g_assert_cmpstr (edge->browser, ==, "Microsoft Edge 138.0.3351.95");
  g_assert_cmpstr (chromium->browser, ==, "Chromium 138.0.7204.183");
  g_assert_cmpstr (grease_only->browser, ==, "Chrome 138.0.0.0");
  g_assert_null (none->browser);
  g_assert_cmpstr (none->user_agent, ==, "curl/8");
}

/* ---- the 1000-point cap ------------------------------------------------------------ */

/* A dump with one inbound-rtp of @n points; @timestamps: Chrome 117 on, else before. */
static char *
generated_dump (guint n, gboolean timestamps)
{
  g_autoptr (GString) stamps = g_string_new ("[");
  g_autoptr (GString) values = g_string_new ("[");
  GString *text = g_string_new ("{\"PeerConnections\":{\"1-1\":{\"stats\":{");

  for (guint i = 0; i < n; i++)
    {
      g_string_append_printf (stamps, "%s%.1f", i > 0 ? "," : "", 1700000000000.0 + 1000.0 * i);
      g_string_append_printf (values, "%s%u", i > 0 ? "," : "", i * 50);
    }
  g_string_append (stamps, "]");
  g_string_append (values, "]");
  if (timestamps)
    g_string_append_printf (text, "\"IA1-timestamp\":{\"startTime\":\"2023-11-14T22:13:20.000Z\",\"statsType\":"
                            "\"inbound-rtp\",\"values\":\"%s\"},", stamps->str);
  g_string_append_printf (text, "\"IA1-packetsReceived\":{\"startTime\":\"2023-11-14T22:13:20.000Z\",\"statsType\":"
                          "\"inbound-rtp\",\"values\":\"%s\"}}}}}", values->str);
  return g_string_free (text, FALSE);
}

static void
test_capped (void)
{
  for (int timestamps = 0; timestamps <= 1; timestamps++)
    {
      g_autofree char *full = generated_dump (1000, timestamps);
      g_autofree char *short_ = generated_dump (999, timestamps);
      g_autoptr (CsDump) capped = parse_text (full);
      g_autoptr (CsDump) not_capped = parse_text (short_);
      CsDumpObject *o = object (g_ptr_array_index (capped->connections, 0), "IA1");

      g_assert_true (capped->capped);
      g_assert_false (not_capped->capped);
      g_assert_cmpuint (cs_dump_object_n_points (o), ==, 1000);
      g_assert_cmpfloat (cs_dump_object_time (o, 999), ==, 1700000000000.0 + 999000.0);
      g_assert_cmpfloat (cs_dump_object_number (o, "packetsReceived", 999), ==, 999 * 50);
    }
}

/* ---- time strings ------------------------------------------------------------------ */

static void
test_local_times (void)
{
  /* en-US */
  g_assert_cmpfloat (cs_internals_parse_local_time ("11/5/2020, 9:34:11 PM"), ==, 1604612051000);
  g_assert_cmpfloat (cs_internals_parse_local_time ("5/29/2024, 10:00:01 AM"), ==, 1716976801000);
  g_assert_cmpfloat (cs_internals_parse_local_time ("11/5/2020, 9:34:11\u202fPM"), ==, 1604612051000);  /* ICU 72 */
  g_assert_cmpfloat (cs_internals_parse_local_time ("11/5/2020, 12:00:00 AM"), ==, 1604534400000);
  g_assert_cmpfloat (cs_internals_parse_local_time ("11/5/2020, 12:30:00 PM"), ==, 1604579400000);
  /* en-GB: day first, 24 h */
  g_assert_cmpfloat (cs_internals_parse_local_time ("08/11/2020, 10:58:45"), ==, 1604833125000);
  g_assert_cmpfloat (cs_internals_parse_local_time ("13/11/2020, 10:58:45"), ==, 1605265125000);
  /* 24 h but the second number cannot be a month */
  g_assert_cmpfloat (cs_internals_parse_local_time ("11/25/2020, 21:00:00"), ==, 1606338000000);
  /* de-DE and ISO-like */
  g_assert_cmpfloat (cs_internals_parse_local_time ("8.11.2020, 10:58:45"), ==, 1604833125000);
  g_assert_cmpfloat (cs_internals_parse_local_time ("2020-11-08 10:58:45"), ==, 1604833125000);
  /* unreadable */
  assert_nan (cs_internals_parse_local_time (NULL));
  assert_nan (cs_internals_parse_local_time (""));
  assert_nan (cs_internals_parse_local_time ("yesterday"));
  assert_nan (cs_internals_parse_local_time ("2/30/2020, 1:00:00 PM"));
  assert_nan (cs_internals_parse_local_time ("11/5/2020, 13:00:00 PM"));
  assert_nan (cs_internals_parse_local_time ("11/5/2020, 9:34:11 PM and more"));
  assert_nan (cs_internals_parse_local_time ("99999/5/2020, 9:34:11"));

  g_assert_cmpfloat (cs_internals_parse_iso_time ("2020-11-05T21:34:11.123Z"), ==, 1604612051123);
  assert_nan (cs_internals_parse_iso_time ("5 Nov 2020"));
}

static void
test_best_offset (void)
{
  double local[] = { 1604612051000 - 5 * 3600e3, 1604612060000 - 5 * 3600e3, NAN };
  double first[] = { 1604612051000, 1604612051000, 1604612051000 };
  double last[] = { 1604612070000, 1604612070000, 1604612070000 };
  double nothing[] = { NAN, NAN, NAN };

  g_assert_cmpfloat (cs_internals_best_offset (local, first, last, 3), ==, -5 * 3600e3);
  /* India: a half hour */
  local[0] = 1604612051000 + 5.5 * 3600e3;
  local[1] = 1604612060000 + 5.5 * 3600e3;
  g_assert_cmpfloat (cs_internals_best_offset (local, first, last, 3), ==, 5.5 * 3600e3);
  /* in range as they are: 0 */
  local[0] = 1604612052000;
  local[1] = 1604612053000;
  g_assert_cmpfloat (cs_internals_best_offset (local, first, last, 3), ==, 0);
  g_assert_cmpfloat (cs_internals_best_offset (local, nothing, nothing, 3), ==, 0);
}

/* ---- files to refuse, and what is tolerated ------------------------------------------ */

static void
test_bad_files (void)
{
  g_autoptr (GString) deep = g_string_new ("{\"PeerConnections\":{\"1-1\":{\"x\":");
  static const char nul[] = "{\"PeerConnections\":{}}\0";

  assert_invalid ("", 0, NULL);
  assert_invalid ("RTCStatsDump\n{\"fileFormat\":3}\n", 30, "not a webrtc-internals dump");
  assert_invalid ("this is not JSON", 16, "not a webrtc-internals dump");
  assert_invalid ("{\"PeerConnections\":{}", 21, NULL);
  assert_invalid ("{\n \"PeerConnections\": {\n  \"a\n b\"\n }\n}", 37, "not valid JSON");  /* one line */
  assert_invalid ("[1,2,3]", 7, "PeerConnections");
  assert_invalid ("\"PeerConnections\"", 17, "PeerConnections");
  assert_invalid ("{\"getUserMedia\":[]}", 19, "has no “PeerConnections”");
  assert_invalid ("{\"PeerConnections\":[]}", 22, "PeerConnections");
  assert_invalid ("{\"PeerConnections\":\"x\"}", 23, "PeerConnections");
  assert_invalid ("{\"PeerConnections\":{\"1-1\":5}}", 29, NULL);
  assert_invalid ("{\"PeerConnections\":{\"1-1\":{\"stats\":[]}}}", 40, "stats");
  assert_invalid ("{\"PeerConnections\":{\"1-1\":{\"updateLog\":{}}}}", 44, "updateLog");
  assert_invalid (nul, sizeof nul - 1, "UTF-8");
  assert_invalid ("{\"PeerConnections\":{\"\xff\":{}}}", 27, "UTF-8");
  assert_invalid ("{'PeerConnections':{}}", 22, NULL);
  for (guint i = 0; i < 200; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 200; i++)
    g_string_append_c (deep, ']');
  g_string_append (deep, "}}}");
  assert_invalid (deep->str, deep->len, "nested too deeply");
}

static void
test_tolerated (void)
{
  /* a broken "values" skips that series, with one warning; the rest is read */
  g_autoptr (CsDump) dump = parse_text (
    "{\"PeerConnections\":{\"1-1\":{\"stats\":{"
    "\"IA1-timestamp\":{\"statsType\":\"inbound-rtp\",\"values\":\"[1700000000000,1700000001000]\"},"
    "\"IA1-packetsReceived\":{\"values\":\"[1,2\"},"
    "\"IA1-packetsLost\":{\"values\":5},"
    "\"IA1-jitter\":{\"values\":\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[0]]]]]]]]]]]]]]]]"
    "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\"},"
    "\"IA1-audioLevel\":{\"values\":\"{\\\"a\\\":1}\"},"
    "\"IA1-bytesReceived\":{\"values\":\"[100,null]\"},"
    "\"IA1-kind\":{\"values\":\"[\\\"audio\\\",true]\"},"
    "\"nodash\":{\"values\":\"[1]\"},"
    "\"-ssrc\":{\"values\":\"[1]\"},"
    "\"IA1-\":{\"values\":\"[1]\"},"
    "\"IA1-ssrc\":7"
    "},\"updateLog\":[5,{\"type\":\"icecandidate\",\"value\":{\"candidate\":\"x\"},\"timestamp\":1700000000500},"
    "{\"value\":\"\\\"connected\\\"\"}],\"url\":3}},\"unknown\":{\"a\":[1]}}");
  CsDumpConnection *c = g_ptr_array_index (dump->connections, 0);
  CsDumpObject *o;

  g_assert_cmpuint (c->objects->len, ==, 1);
  o = object (c, "IA1");
  g_assert_cmpuint (cs_dump_object_n_points (o), ==, 2);
  g_assert_null (g_hash_table_lookup (o->series, "packetsReceived"));
  g_assert_null (g_hash_table_lookup (o->series, "packetsLost"));
  g_assert_null (g_hash_table_lookup (o->series, "jitter"));
  g_assert_null (g_hash_table_lookup (o->series, "audioLevel"));
  g_assert_cmpfloat (cs_dump_object_number (o, "bytesReceived", 0), ==, 100);
  assert_nan (cs_dump_object_number (o, "bytesReceived", 1));
  g_assert_cmpstr (cs_dump_object_string (o, "kind", 0), ==, "audio");
  g_assert_null (cs_dump_object_string (o, "kind", 1));
  g_assert_cmpfloat (cs_dump_object_number (o, "kind", 1), ==, 1);
  g_assert_null (c->url);
  g_assert_cmpuint (dump->warnings->len, ==, 2);  /* the broken values; the log entry without a time */
  g_assert_cmpuint (c->log->len, ==, 2);
  g_assert_cmpstr (log_entry (c, 0)->value, ==, "{\"candidate\":\"x\"}");
  g_assert_cmpfloat (log_entry (c, 0)->time_ms, ==, 1700000000500);
  g_assert_cmpstr (log_entry (c, 1)->type, ==, "");
  g_assert_cmpstr (log_entry (c, 1)->value, ==, "connected");
  assert_nan (log_entry (c, 1)->time_ms);
}

/* ---- bounds, and a log with nothing to line up with ---------------------------------- */

static void
test_bounds (void)
{
  g_autoptr (GString) connections = g_string_new ("{\"PeerConnections\":{");
  g_autoptr (GString) objects = g_string_new ("{\"PeerConnections\":{\"1-1\":{\"stats\":{");
  g_autoptr (CsDump) many_connections = NULL;
  g_autoptr (CsDump) many_objects = NULL;
  g_autoptr (CsDump) no_stats = NULL;

  for (guint i = 0; i < CS_DUMP_MAX_CONNECTIONS + 5; i++)
    g_string_append_printf (connections, "%s\"%u-1\":{\"url\":\"https://a/%u\"}", i > 0 ? "," : "", i, i);
  g_string_append (connections, "}}");
  many_connections = parse_text (connections->str);
  g_assert_cmpuint (many_connections->connections->len, ==, CS_DUMP_MAX_CONNECTIONS);
  g_assert_cmpuint (many_connections->warnings->len, ==, 1);
  g_assert_cmpstr (many_connections->origin, ==, "https://a/0");

  for (guint i = 0; i < CS_DUMP_MAX_OBJECTS + 5; i++)
    g_string_append_printf (objects, "%s\"O%u-ssrc\":{\"startTime\":\"2023-11-14T22:13:20.000Z\",\"values\":\"[%u]\"}",
                            i > 0 ? "," : "", i, i);
  g_string_append (objects, "}}}}");
  many_objects = parse_text (objects->str);
  g_assert_cmpuint (((CsDumpConnection *) g_ptr_array_index (many_objects->connections, 0))->objects->len, ==,
                    CS_DUMP_MAX_OBJECTS);
  g_assert_cmpuint (many_objects->warnings->len, ==, 1);

  /* locale times and no stats: read as UTC, and said so */
  no_stats = parse_text ("{\"PeerConnections\":{\"1-1\":{\"updateLog\":[{\"time\":\"11/5/2020, 9:34:11 PM\","
                         "\"type\":\"createOffer\",\"value\":\"\"}]}}}");
  g_assert_cmpfloat (log_entry (g_ptr_array_index (no_stats->connections, 0), 0)->time_ms, ==, 1604612051000);
  g_assert_cmpuint (no_stats->warnings->len, ==, 1);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/internals-dump/chrome86", test_chrome86);
  g_test_add_func ("/internals-dump/chrome117", test_chrome117);
  g_test_add_func ("/internals-dump/chrome144", test_chrome144);
  g_test_add_func ("/internals-dump/empty", test_empty);
  g_test_add_func ("/internals-dump/user-agent-data", test_user_agent_data);
  g_test_add_func ("/internals-dump/capped", test_capped);
  g_test_add_func ("/internals-dump/local-times", test_local_times);
  g_test_add_func ("/internals-dump/best-offset", test_best_offset);
  g_test_add_func ("/internals-dump/bad-files", test_bad_files);
  g_test_add_func ("/internals-dump/tolerated", test_tolerated);
  g_test_add_func ("/internals-dump/bounds", test_bounds);
  return g_test_run ();
}
