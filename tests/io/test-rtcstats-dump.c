/* test-rtcstats-dump.c — the RTCStats dump reader: the hand-made fixtures, broken files, bounds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fixtures (tests/data/dumps/handmade-rtcstats-*.txt, written by make-handmade-rtcstats.py)
 * are one invented call: POLL0 is its first getStats poll, one a second after it, each at
 * POLL0 + i s + 0.25 ms; the remote-inbound-rtp's own timestamps are 250.5 ms earlier.
 */
#include "config.h"

#include <gio/gio.h>
#include <math.h>
#include <string.h>

#include "cs-error.h"
#include "cs-rtcstats-dump.h"

#define T0    1764613200000.0
#define POLL0 (T0 + 1500)
#define POLL(i) (POLL0 + (i) * 1000.0 + 0.25)

/* ---- helpers --------------------------------------------------------------------- */

static CsDump *
read_fixture (const char *name, GError **error)
{
  g_autofree char *path = g_build_filename (CS_TEST_DUMPS, name, NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFileInputStream) stream = g_file_read (file, NULL, error);

  if (stream == NULL)
    return NULL;
  return cs_rtcstats_dump_read (G_INPUT_STREAM (stream), NULL, error);
}

static CsDump *
read_text (const char *text, gssize len, GError **error)
{
  g_autoptr (GInputStream) stream = NULL;

  if (len < 0)
    len = (gssize) strlen (text);
  stream = g_memory_input_stream_new_from_data (g_memdup2 (text, (gsize) len), len, g_free);
  return cs_rtcstats_dump_read (stream, NULL, error);
}

/* Reading @text fails with @code and a message holding @part. */
static void
assert_refused (const char *text, CsErrorCode code, const char *part)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CsDump) dump = read_text (text, -1, &error);

  if (dump != NULL)
    g_error ("read, but should not: %.200s", text);
  g_assert_error (error, CS_ERROR, (int) code);
  if (strstr (error->message, part) == NULL)
    g_error ("“%s” is not in the message “%s”", part, error->message);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

static CsDump *
read_ok (const char *text)
{
  g_autoptr (GError) error = NULL;
  CsDump *dump = read_text (text, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (dump);
  return dump;
}

static CsDumpConnection *
only_connection (CsDump *dump)
{
  g_assert_cmpuint (dump->connections->len, ==, 1);
  return g_ptr_array_index (dump->connections, 0);
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

/* The index of the @nth log entry of @type, or fails. */
static CsDumpLogEntry *
find_log (CsDumpConnection *connection, const char *type, guint nth)
{
  for (guint i = 0; i < connection->log->len; i++)
    {
      CsDumpLogEntry *entry = g_ptr_array_index (connection->log, i);

      if (strcmp (entry->type, type) == 0 && nth-- == 0)
        return entry;
    }
  g_error ("no log entry “%s”", type);
  return NULL;
}

/* ---- the fixtures ------------------------------------------------------------------- */

static void
test_compressed (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CsDump) dump = read_fixture ("handmade-rtcstats-compressed.txt", &error);
  CsDumpConnection *pc;
  CsDumpObject *video, *audio, *outbound, *remote, *pair, *transport, *codec;
  CsDumpLogEntry *entry;

  g_assert_no_error (error);
  g_assert_cmpint (dump->format, ==, CS_DUMP_FORMAT_RTCSTATS);
  g_assert_cmpint (dump->file_format, ==, 3);
  g_assert_cmpstr (dump->browser, ==, "Chrome 149.0.7827.5");
  g_assert_true (g_str_has_prefix (dump->user_agent, "Mozilla/5.0 (X11; Linux x86_64)"));
  g_assert_cmpstr (dump->origin, ==, "https://meet.example.org");
  g_assert_cmpuint (dump->warnings->len, ==, 0);

  /* the getUserMedia line (pcId null) makes no connection */
  pc = only_connection (dump);
  g_assert_cmpstr (pc->key, ==, "PC_0");
  g_assert_cmpstr (pc->url, ==, "https://meet.example.org/room-42");
  g_assert_cmpstr (pc->configuration, ==,
                   "{\"iceServers\":[{\"urls\":[\"stun:stun.l.google.com:19302\"]}],\"iceTransportPolicy\":\"all\","
                   "\"bundlePolicy\":\"max-bundle\",\"rtcpMuxPolicy\":\"require\",\"iceCandidatePoolSize\":0}");

  /* ids as the compressor renumbered them, in the order first seen; types from the table */
  g_assert_cmpuint (pc->objects->len, ==, 11);
  transport = object (pc, "0");
  pair = object (pc, "1");
  audio = object (pc, "5");
  codec = object (pc, "6");
  video = object (pc, "7");
  outbound = object (pc, "9");
  remote = object (pc, "10");
  g_assert_cmpstr (transport->type, ==, "transport");
  g_assert_cmpstr (pair->type, ==, "candidate-pair");
  g_assert_cmpstr (object (pc, "2")->type, ==, "local-candidate");
  g_assert_cmpstr (object (pc, "3")->type, ==, "remote-candidate");
  g_assert_cmpstr (audio->type, ==, "inbound-rtp");
  g_assert_cmpstr (codec->type, ==, "codec");
  g_assert_cmpstr (video->type, ==, "inbound-rtp");
  g_assert_cmpstr (outbound->type, ==, "outbound-rtp");
  g_assert_cmpstr (remote->type, ==, "remote-inbound-rtp");

  /* a point per poll, at the top-level "t" (or the report's own timestamp) */
  g_assert_cmpuint (cs_dump_object_n_points (video), ==, 10);
  for (guint i = 0; i < 10; i++)
    {
      g_assert_cmpfloat (cs_dump_object_time (video, i), ==, POLL (i));
      g_assert_cmpfloat (cs_dump_object_time (remote, i), ==, POLL (i) - 250.5);
      /* carried forward: written once, in the first poll */
      g_assert_cmpfloat (cs_dump_object_number (video, "ssrc", i), ==, 2930453111.0);
      g_assert_cmpstr (cs_dump_object_string (video, "kind", i), ==, "video");
      g_assert_cmpstr (cs_dump_object_string (video, "codecId", i), ==, "6");
      g_assert_cmpstr (cs_dump_object_string (codec, "mimeType", i), ==, "video/VP8");
      g_assert_cmpfloat (cs_dump_object_number (codec, "clockRate", i), ==, 90000);
      g_assert_cmpfloat (cs_dump_object_number (video, "packetsReceived", i), ==, 95 * i + 90);
      g_assert_cmpfloat (cs_dump_object_number (outbound, "framesEncoded", i), ==, 30 * i + 29);
      g_assert_cmpstr (cs_dump_object_string (outbound, "qualityLimitationReason", i), ==, i < 5 ? "none" : "bandwidth");
      g_assert_cmpfloat (cs_dump_object_number (remote, "roundTripTimeMeasurements", i), ==, i + 1);
      /* a boolean as 1 */
      g_assert_cmpfloat (cs_dump_object_number (pair, "nominated", i), ==, 1);
      g_assert_cmpfloat (cs_dump_object_number (outbound, "active", i), ==, 1);
      g_assert_cmpstr (cs_dump_object_string (transport, "dtlsState", i), ==, "connected");
      g_assert_cmpstr (cs_dump_object_string (transport, "selectedCandidatePairId", i), ==, "1");
    }
  /* known from the second poll on, then carried */
  g_assert_true (isnan (cs_dump_object_number (video, "frameWidth", 0)));
  for (guint i = 1; i < 10; i++)
    g_assert_cmpfloat (cs_dump_object_number (video, "frameWidth", i), ==, 640);
  /* a value that changed and then stayed */
  g_assert_cmpfloat (cs_dump_object_number (video, "packetsLost", 5), ==, 0);
  g_assert_cmpfloat (cs_dump_object_number (video, "packetsLost", 9), ==, 3);
  g_assert_cmpfloat (cs_dump_object_number (pair, "priority", 0), ==, 9114756780671369471.0);
  /* objects (qualityLimitationDurations) are not kept */
  g_assert_null (g_hash_table_lookup (outbound->series, "qualityLimitationDurations"));
  /* removed (null) after the seventh poll: no more points */
  g_assert_cmpuint (cs_dump_object_n_points (audio), ==, 7);
  g_assert_cmpuint (cs_dump_object_n_points (object (pc, "4")), ==, 7);
  g_assert_cmpfloat (cs_dump_object_time (audio, 6), ==, POLL (6));
  g_assert_cmpfloat (cs_dump_object_number (audio, "concealedSamples", 6), ==, 1920);

  /* the log: method numbers decoded, times summed from the deltas, no getStats nor create */
  g_assert_cmpuint (pc->log->len, ==, 14 + 8 + 2 + 1);
  entry = log_entry (pc, 0);
  g_assert_cmpstr (entry->type, ==, "onnegotiationneeded");
  g_assert_cmpfloat (entry->time_ms, ==, T0 + 4);
  g_assert_cmpstr (entry->value, ==, "");
  g_assert_cmpstr (log_entry (pc, 1)->type, ==, "createOffer");
  g_assert_cmpstr (log_entry (pc, 2)->type, ==, "createOfferOnSuccess");
  g_assert_cmpstr (log_entry (pc, 3)->type, ==, "setLocalDescription");
  entry = find_log (pc, "oniceconnectionstatechange", 1);
  g_assert_cmpstr (entry->value, ==, "connected");
  g_assert_cmpfloat (entry->time_ms, ==, T0 + 431);
  entry = find_log (pc, "onicegatheringstatechange", 0);
  g_assert_cmpstr (entry->value, ==, "gathering");
  entry = find_log (pc, "createOfferOnFailure", 0);
  g_assert_true (g_str_has_prefix (entry->value, "InvalidStateError: Failed to execute 'createOffer'"));
  g_assert_cmpfloat (entry->time_ms, ==, POLL0 + 4000 + 2 + 298 + 71);
  entry = find_log (pc, "close", 0);
  g_assert_cmpfloat (entry->time_ms, ==, POLL0 + 9400);
  entry = find_log (pc, "onicecandidate", 0);
  g_assert_true (g_str_has_prefix (entry->value, "{\"candidate\":\"candidate:3187442394 1 udp"));

  /* descriptions as webrtc-internals writes them; "v=" / "m=" sections expanded */
  entry = find_log (pc, "setLocalDescription", 0);
  g_assert_true (g_str_has_prefix (entry->value, "{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 4611731400430051336 2 IN IP4"));
  g_assert_nonnull (strstr (entry->value, "a=mid:1\\r\\na=sendrecv"));
  g_assert_true (g_str_has_suffix (entry->value, "a=rtcp-fb:96 nack pli\\r\\n\"}"));
  entry = find_log (pc, "setRemoteDescription", 0);
  g_assert_true (g_str_has_prefix (entry->value, "{\"type\":\"answer\",\"sdp\":\"v=0\\r\\no=- 7203362201875530112 2"));
  entry = find_log (pc, "setRemoteDescription", 1);
  g_assert_true (g_str_has_prefix (entry->value, "{\"type\":\"answer\",\"sdp\":\"v=0\\r\\no=- 7203362201875530112 3"));
  g_assert_nonnull (strstr (entry->value, "m=video 9 UDP/TLS/RTP/SAVPF 96"));
  g_assert_null (strstr (entry->value, "m=\\r\\n"));
  entry = find_log (pc, "createOfferOnSuccess", 1);
  g_assert_nonnull (strstr (entry->value, " 3 IN IP4"));
  g_assert_nonnull (strstr (entry->value, "m=audio 9 UDP/TLS/RTP/SAVPF 111"));
}

static gboolean
same_number (double a, double b)
{
  return (isnan (a) && isnan (b)) || a == b;
}

/* Chrome's full reports and the compressed deltas of the same call: the same dump, but for
 * the ids (renumbered by the compressor, and the "…Id" references with them). */
static void
test_uncompressed_equals_compressed (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CsDump) full = read_fixture ("handmade-rtcstats-uncompressed.txt", &error);
  g_autoptr (CsDump) compressed = read_fixture ("handmade-rtcstats-compressed.txt", &error);
  g_autoptr (GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  CsDumpConnection *a, *b;

  g_assert_no_error (error);
  g_assert_cmpint (full->format, ==, CS_DUMP_FORMAT_RTCSTATS);
  g_assert_null (full->user_agent);  /* Chrome's metadata is {"fileFormat":3} alone */
  g_assert_cmpuint (full->warnings->len, ==, 0);
  a = only_connection (full);
  b = only_connection (compressed);
  g_assert_cmpstr (a->key, ==, b->key);
  g_assert_cmpstr (a->configuration, ==, b->configuration);
  g_assert_null (a->url);

  g_assert_cmpuint (a->log->len, ==, b->log->len);
  for (guint i = 0; i < a->log->len; i++)
    {
      CsDumpLogEntry *x = log_entry (a, i), *y = log_entry (b, i);

      g_assert_cmpfloat (x->time_ms, ==, y->time_ms);
      g_assert_cmpstr (x->type, ==, y->type);
      g_assert_cmpstr (x->value, ==, y->value);
    }

  g_assert_cmpuint (a->objects->len, ==, b->objects->len);
  for (guint o = 0; o < a->objects->len; o++)
    g_hash_table_insert (ids, (gpointer) ((CsDumpObject *) g_ptr_array_index (b->objects, o))->id,
                         (gpointer) ((CsDumpObject *) g_ptr_array_index (a->objects, o))->id);
  g_assert_cmpstr (g_hash_table_lookup (ids, "7"), ==, "IT01V2930453111");
  for (guint o = 0; o < a->objects->len; o++)
    {
      CsDumpObject *x = g_ptr_array_index (a->objects, o), *y = g_ptr_array_index (b->objects, o);
      GHashTableIter iter;
      gpointer name, value;

      g_assert_cmpstr (x->type, ==, y->type);
      g_assert_cmpuint (cs_dump_object_n_points (x), ==, cs_dump_object_n_points (y));
      g_assert_cmpuint (g_hash_table_size (x->series), ==, g_hash_table_size (y->series));
      for (guint i = 0; i < cs_dump_object_n_points (x); i++)
        g_assert_cmpfloat (cs_dump_object_time (x, i), ==, cs_dump_object_time (y, i));
      g_hash_table_iter_init (&iter, x->series);
      while (g_hash_table_iter_next (&iter, &name, &value))
        {
          g_assert_nonnull (g_hash_table_lookup (y->series, name));
          for (guint i = 0; i < cs_dump_object_n_points (x); i++)
            {
              const char *sx = cs_dump_object_string (x, name, i);
              const char *sy = cs_dump_object_string (y, name, i);

              if (!same_number (cs_dump_object_number (x, name, i), cs_dump_object_number (y, name, i)))
                g_error ("%s.%s[%u]: %g != %g", x->id, (char *) name, i,
                         cs_dump_object_number (x, name, i), cs_dump_object_number (y, name, i));
              if (g_str_has_suffix (name, "Id") && sy != NULL)
                sy = g_hash_table_lookup (ids, sy);
              g_assert_cmpstr (sx, ==, sy);
            }
        }
    }
}

static void
test_legacy (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CsDump) dump = read_fixture ("handmade-rtcstats-legacy.txt", &error);
  CsDumpConnection *pc;
  CsDumpObject *video, *remote, *candidate, *audio;

  g_assert_no_error (error);
  g_assert_cmpint (dump->format, ==, CS_DUMP_FORMAT_RTCSTATS_LEGACY);
  g_assert_cmpint (dump->file_format, ==, 2);
  g_assert_cmpstr (dump->browser, ==, "Chrome 87.0.4280.88");
  g_assert_cmpstr (dump->origin, ==, "https://meet.example.org/room-42");
  /* the "legacy getStats" line (an array) skipped, and said */
  g_assert_cmpuint (dump->warnings->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (dump->warnings, 0), "1 line"));

  pc = only_connection (dump);
  g_assert_cmpstr (pc->configuration, ==,
                   "{\"iceServers\":[{\"urls\":[\"stun:stun.l.google.com:19302\"]}],\"iceTransportPolicy\":\"all\","
                   "\"bundlePolicy\":\"max-bundle\",\"rtcpMuxPolicy\":\"require\",\"iceCandidatePoolSize\":0}");
  video = object (pc, "IT01V2930453111");
  remote = object (pc, "RIV3055071543");
  candidate = object (pc, "IXk3fL1");
  audio = object (pc, "IT01A1894511234");
  g_assert_cmpstr (video->type, ==, "inbound-rtp");
  g_assert_cmpuint (cs_dump_object_n_points (video), ==, 10);
  for (guint i = 0; i < 10; i++)
    {
      /* "timestamp":0: the line's time for the first five polls, then the top-level "timestamp" */
      g_assert_cmpfloat (cs_dump_object_time (video, i), ==, i < 5 ? POLL0 + i * 1000.0 + 2 : POLL (i));
      /* an own timestamp that is not the latest stays */
      g_assert_cmpfloat (cs_dump_object_time (remote, i), ==, POLL (i) - 250.5);
      g_assert_cmpfloat (cs_dump_object_number (video, "ssrc", i), ==, 2930453111.0);
      g_assert_cmpfloat (cs_dump_object_number (video, "framesReceived", i), ==, 30 * i + 28);
      g_assert_cmpstr (cs_dump_object_string (candidate, "candidateType", i), ==, "host");
    }
  /* a legacy dump cannot say a report was removed: the audio stays, unchanged */
  g_assert_cmpuint (cs_dump_object_n_points (audio), ==, 10);
  g_assert_cmpfloat (cs_dump_object_number (audio, "packetsReceived", 9), ==, 50 * 6 + 48);

  /* absolute times */
  g_assert_cmpfloat (find_log (pc, "oniceconnectionstatechange", 1)->time_ms, ==, T0 + 431);
  g_assert_cmpstr (find_log (pc, "oniceconnectionstatechange", 1)->value, ==, "connected");
  g_assert_cmpstr (find_log (pc, "createOfferOnFailure", 0)->type, ==, "createOfferOnFailure");
}

static void
test_format7 (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CsDump) dump = read_fixture ("handmade-rtcstats-format7.txt", &error);

  g_assert_null (dump);
  g_assert_error (error, CS_ERROR, CS_ERROR_UNSUPPORTED_VERSION);
  g_assert_nonnull (strstr (error->message, "fileFormat 7"));
  g_assert_nonnull (strstr (error->message, "fileFormat 3"));
}

/* ---- in memory ---------------------------------------------------------------------- */

#define HEAD "RTCStatsDump\n{\"fileFormat\":3}\n"

static void
test_errors (void)
{
  assert_refused ("", CS_ERROR_INVALID_DUMP, "empty");
  assert_refused ("\n\n", CS_ERROR_INVALID_DUMP, "empty");
  assert_refused ("RTCStatsDump\n", CS_ERROR_INVALID_DUMP, "Line 2");
  /* no metadata */
  assert_refused ("RTCStatsDump\n[1,\"pc\",{},5]\n", CS_ERROR_INVALID_DUMP, "Line 2");
  assert_refused ("RTCStatsDump\n{\"userAgent\":\"x\"}\n", CS_ERROR_INVALID_DUMP, "fileFormat");
  assert_refused ("RTCStatsDump\n{\"fileFormat\":7}\n", CS_ERROR_UNSUPPORTED_VERSION, "7");
  assert_refused ("RTCStatsDump\n{\"fileFormat\":\"3\"}\n", CS_ERROR_UNSUPPORTED_VERSION, "\"3\"");
  assert_refused ("RTCStatsDump\n{\"fileFormat\":2}\n", CS_ERROR_UNSUPPORTED_VERSION, "fileFormat 2");
  assert_refused ("{\"fileFormat\":9}\n", CS_ERROR_UNSUPPORTED_VERSION, "fileFormat 9");
  /* a broken middle line, named */
  assert_refused (HEAD "[24,\"pc\",\"new\",5]\n[1,\"pc\",{\"0\":\n[24,\"pc\",\"new\",5]\n",
                  CS_ERROR_INVALID_DUMP, "Line 4: not valid JSON");
  assert_refused (HEAD "[24,\"pc\",\"new\",5]\n\n{\"a\":1}\n", CS_ERROR_INVALID_DUMP, "Line 5: not a JSON array");
  /* deep nesting (json-glib would overflow its stack) */
  {
    g_autoptr (GString) text = g_string_new (HEAD "[1,\"pc\",");

    for (int i = 0; i < 100000; i++)
      g_string_append_c (text, '[');
    g_string_append (text, "\n[24,\"pc\",\"new\",5]\n");
    assert_refused (text->str, CS_ERROR_INVALID_DUMP, "nested too deeply (line 3)");
  }
  /* huge numbers */
  assert_refused (HEAD "[1,\"pc\",{\"0\":{\"41\":123456789012345678901234}},5]\n", CS_ERROR_INVALID_DUMP,
                  "Line 3: the number 123456789012345678901234 is out of range");
  assert_refused (HEAD "[24,\"pc\",\"new\",1e308]\n[24,\"pc\",\"new\",1e308]\n", CS_ERROR_INVALID_DUMP,
                  "Line 4: the time is out of range");
  /* the shape of a line */
  assert_refused (HEAD "[1,\"pc\",\"not an object\",5]\n", CS_ERROR_INVALID_DUMP, "Line 3: the getStats value");
  assert_refused (HEAD "[\"getStats\",\"pc\",[1,2],5]\n", CS_ERROR_INVALID_DUMP, "Line 3: the getStats value");
  assert_refused (HEAD "[24,7,\"connected\",5]\n", CS_ERROR_INVALID_DUMP, "Line 3: the connection id");
  assert_refused (HEAD "[24,{\"a\":1},\"connected\",5]\n", CS_ERROR_INVALID_DUMP, "Line 3: the connection id");
  assert_refused (HEAD "[true,\"pc\",null,5]\n", CS_ERROR_INVALID_DUMP, "Line 3: the method");
  assert_refused (HEAD "[1.5,\"pc\",null,5]\n", CS_ERROR_INVALID_DUMP, "Line 3: the method");
  assert_refused (HEAD "[24,\"pc\"]\n", CS_ERROR_INVALID_DUMP, "Line 3");
  assert_refused (HEAD "[24,\"pc\",\"new\",\"5\"]\n", CS_ERROR_INVALID_DUMP, "Line 3: the last element");
  assert_refused (HEAD "[24,\"pc\",\"n\xff\",5]\n", CS_ERROR_INVALID_DUMP, "Line 3: not UTF-8");
  assert_refused (HEAD "[24,\"pc\",'new',5]\n", CS_ERROR_INVALID_DUMP, "(line 3)");
  /* not a dump */
  assert_refused ("hello\n", CS_ERROR_INVALID_DUMP, "Line 1: this is not an RTCStats dump");
  assert_refused ("{\"PeerConnections\":{}}", CS_ERROR_INVALID_DUMP, "webrtc-internals");
  assert_refused ("42\n", CS_ERROR_INVALID_DUMP, "Line 1");
}

static void
test_long_line (void)
{
  gsize len = strlen (HEAD) + CS_RTCSTATS_MAX_LINE + 16;
  g_autofree char *text = g_malloc (len + 1);
  g_autoptr (GError) error = NULL;
  g_autoptr (CsDump) dump = NULL;

  memcpy (text, HEAD "[24,\"pc\",\"", strlen (HEAD) + 10);
  memset (text + strlen (HEAD) + 10, 'a', len - strlen (HEAD) - 10);
  text[len] = '\0';
  dump = read_text (text, (gssize) len, &error);
  g_assert_null (dump);
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_DUMP);
  g_assert_nonnull (strstr (error->message, "Line 3"));
  g_assert_nonnull (strstr (error->message, "64 MiB"));
}

static void
test_truncated (void)
{
  g_autoptr (CsDump) dump = read_ok (HEAD "[24,\"pc\",\"checking\",1000]\n[24,\"pc\",\"connected\",5]\n[1,\"pc\",{\"0\":{\"ty");
  CsDumpConnection *pc = only_connection (dump);

  g_assert_cmpuint (dump->warnings->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (dump->warnings, 0), "(5)"));
  g_assert_cmpuint (pc->log->len, ==, 2);
  g_assert_cmpfloat (log_entry (pc, 1)->time_ms, ==, 1005);
  g_assert_cmpuint (pc->objects->len, ==, 0);

  /* a last line without a newline that parses is read */
  g_clear_pointer (&dump, cs_dump_free);
  dump = read_ok (HEAD "[24,\"pc\",\"checking\",1000]");
  g_assert_cmpuint (dump->warnings->len, ==, 0);
  g_assert_cmpuint (only_connection (dump)->log->len, ==, 1);

  /* but a broken line with a newline after it is an error */
  assert_refused (HEAD "[24,\"pc\",\"checking\",1000]\n[1,\"pc\",{\"0\":{\"ty\n", CS_ERROR_INVALID_DUMP, "Line 4");
}

static void
test_methods_and_values (void)
{
  g_autoptr (CsDump) dump = read_ok (HEAD
                                     "[\"g\",\"pc\",{\"a\":{\"type\":14,\"6\":\"audio/opus\",\"t\":10}},1000]\n"
                                     "[99,\"pc\",{\"x\":[1,2]},1]\n"
                                     "[\"myEvent\",\"pc\",true,\"extra\",1]\n"
                                     "[65,null,\"NotAllowedError\",1]\n"
                                     "[8,\"pc\",{\"type\":\"offer\",\"sdp\":\"v=\\r\\nm=\\r\\n\"},\"8-0\",1]\n"
                                     "[\"getStats\",\"pc\",{\"a\":{\"41\":1e400,\"type\":99},\"b\":5,\"t\":20},1]\n"
                                     "[1,\"pc\",{\"a\":{\"6\":\"\\ud800x\"},\"t\":30},1]\n");
  CsDumpConnection *pc = only_connection (dump);
  CsDumpObject *a = object (pc, "a");

  g_assert_cmpuint (pc->log->len, ==, 3);
  g_assert_cmpstr (log_entry (pc, 0)->type, ==, "99");  /* unknown numbers pass through */
  g_assert_cmpstr (log_entry (pc, 0)->value, ==, "{\"x\":[1,2]}");
  g_assert_cmpstr (log_entry (pc, 1)->type, ==, "myEvent");
  g_assert_cmpstr (log_entry (pc, 1)->value, ==, "true");
  g_assert_cmpfloat (log_entry (pc, 1)->time_ms, ==, 1002);
  /* no earlier description to copy from: the sections stay */
  g_assert_cmpstr (log_entry (pc, 2)->type, ==, "setRemoteDescription");
  g_assert_cmpstr (log_entry (pc, 2)->value, ==, "{\"type\":\"offer\",\"sdp\":\"v=\\r\\nm=\\r\\n\"}");

  g_assert_cmpuint (cs_dump_object_n_points (a), ==, 3);
  g_assert_cmpfloat (cs_dump_object_time (a, 0), ==, 10);
  g_assert_cmpfloat (cs_dump_object_time (a, 2), ==, 30);
  g_assert_cmpstr (cs_dump_object_string (a, "mimeType", 1), ==, "audio/opus");
  /* an unknown type number as it is written */
  g_assert_cmpstr (a->type, ==, "99");
  /* a number out of range of a double is no value */
  g_assert_true (isnan (cs_dump_object_number (a, "bytesReceived", 1)));
  /* a lone surrogate escape made valid UTF-8 */
  g_assert_true (g_utf8_validate (cs_dump_object_string (a, "mimeType", 2), -1, NULL));
}

static void
test_no_header (void)
{
  /* the oldest rtcstats: arrays from the first line, absolute times */
  g_autoptr (CsDump) dump = read_ok ("[\"oniceconnectionstatechange\",\"PC_1\",\"connected\",1600000000000]\n"
                                     "[\"getstats\",\"PC_1\",{\"x\":{\"type\":\"inbound-rtp\",\"timestamp\":0,"
                                     "\"bytesReceived\":\"12\"},\"timestamp\":1600000000500},1600000000900]\n"
                                     "[\"getstats\",\"PC_1\",{\"x\":{\"timestamp\":0}},1600000001900]\n");
  CsDumpConnection *pc = only_connection (dump);
  CsDumpObject *x = object (pc, "x");

  g_assert_cmpint (dump->format, ==, CS_DUMP_FORMAT_RTCSTATS_LEGACY);
  g_assert_cmpint (dump->file_format, ==, 1);
  g_assert_cmpfloat (log_entry (pc, 0)->time_ms, ==, 1600000000000.0);
  g_assert_cmpuint (cs_dump_object_n_points (x), ==, 2);
  g_assert_cmpfloat (cs_dump_object_time (x, 0), ==, 1600000000500.0);
  g_assert_cmpfloat (cs_dump_object_time (x, 1), ==, 1600000001900.0);
  g_assert_cmpstr (cs_dump_object_string (x, "bytesReceived", 1), ==, "12");
}

static void
test_bounds (void)
{
  g_autoptr (GString) text = g_string_new (HEAD);
  g_autoptr (CsDump) dump = NULL;
  CsDumpConnection *pc;

  for (int i = 0; i < CS_DUMP_MAX_CONNECTIONS + 5; i++)
    g_string_append_printf (text, "[24,\"pc%d\",\"new\",1]\n", i);
  g_string_append (text, "[1,\"pc0\",{");
  for (int i = 0; i < CS_DUMP_MAX_OBJECTS + 3; i++)
    g_string_append_printf (text, "%s\"o%d\":{\"type\":1,\"10\":%d}", i > 0 ? "," : "", i, i);
  g_string_append (text, ",\"t\":5},1]\n");
  dump = read_ok (text->str);
  g_assert_cmpuint (dump->connections->len, ==, CS_DUMP_MAX_CONNECTIONS);
  pc = g_ptr_array_index (dump->connections, 0);
  g_assert_cmpuint (pc->objects->len, ==, CS_DUMP_MAX_OBJECTS);
  /* one warning each */
  g_assert_cmpuint (dump->warnings->len, ==, 2);
}

static void
test_cancelled (void)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GInputStream) stream = g_memory_input_stream_new_from_data (HEAD, -1, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (CsDump) dump = NULL;

  g_cancellable_cancel (cancellable);
  dump = cs_rtcstats_dump_read (stream, cancellable, &error);
  g_assert_null (dump);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/rtcstats-dump/compressed", test_compressed);
  g_test_add_func ("/rtcstats-dump/uncompressed-equals-compressed", test_uncompressed_equals_compressed);
  g_test_add_func ("/rtcstats-dump/legacy", test_legacy);
  g_test_add_func ("/rtcstats-dump/format7", test_format7);
  g_test_add_func ("/rtcstats-dump/errors", test_errors);
  g_test_add_func ("/rtcstats-dump/long-line", test_long_line);
  g_test_add_func ("/rtcstats-dump/truncated", test_truncated);
  g_test_add_func ("/rtcstats-dump/methods-and-values", test_methods_and_values);
  g_test_add_func ("/rtcstats-dump/no-header", test_no_header);
  g_test_add_func ("/rtcstats-dump/bounds", test_bounds);
  g_test_add_func ("/rtcstats-dump/cancelled", test_cancelled);
  return g_test_run ();
}
