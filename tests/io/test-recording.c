/* test-recording.c — the recording format: round trip, versions, broken files, replay
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "cs-error.h"
#include "cs-recorder.h"
#include "cs-recording-reader.h"
#include "cs-stats-model.h"

/* ---- helpers --------------------------------------------------------------------- */

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("cs-test-recording-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "call.jsonl", NULL);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autoptr (GDir) dir = NULL;
  const char *name;

  /* CS_TEST_KEEP=1 keeps the files, to look at them. */
  if (g_getenv ("CS_TEST_KEEP") != NULL)
    {
      g_test_message ("kept %s", f->dir);
      g_free (f->path);
      g_free (f->dir);
      return;
    }
  dir = g_dir_open (f->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *p = g_build_filename (f->dir, name, NULL);
      g_unlink (p);
    }
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static CsRecordingReader *
read_path (const char *path, GError **error)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);

  return cs_recording_reader_new_from_file (file, NULL, error);
}

static void
write_text (const char *path, const char *text)
{
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static double
double_from_bits (guint64 bits)
{
  double d;

  memcpy (&d, &bits, sizeof d);
  return d;
}

static double
random_double (GRand *rand)
{
  for (;;)
    {
      guint64 bits = ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);
      double d = double_from_bits (bits);

      if (isfinite (d))
        return d;
    }
}

static guint64
random_uint64 (GRand *rand)
{
  return ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);
}

static CsStatsSample *
random_sample (GRand *rand)
{
  static const char * const uids[] = { "local", "user-1", "用户-2", "a \"quoted\"\nuid", "x" };
  CsStatsSample *s = cs_stats_sample_new ();

  /* Each field is either left unknown / default or set to a random value of its type. */
#define MAYBE(expr) (g_rand_boolean (rand) ? (expr) : 0)
  s->t = fabs (random_double (rand));
  s->observer_uid = g_strdup (uids[g_rand_int_range (rand, 0, G_N_ELEMENTS (uids))]);
  s->peer_uid = g_strdup (uids[g_rand_int_range (rand, 0, G_N_ELEMENTS (uids))]);
  s->kind = g_rand_int_range (rand, 0, 3);
  s->direction = g_rand_int_range (rand, 0, 2);
  s->ssrc = MAYBE (g_rand_int (rand));
  s->codec = g_rand_boolean (rand) ? g_strdup ("VP8") : NULL;
  s->connection_state = g_rand_int_range (rand, 0, 6);
  s->display_name = g_rand_boolean (rand) ? g_strdup ("Zoë 👋") : NULL;
  s->message = g_rand_boolean (rand) ? g_strdup ("ICE failed: \\ \t \x01") : NULL;
  s->packets = MAYBE (random_uint64 (rand));
  s->bytes = MAYBE (random_uint64 (rand) >> g_rand_int_range (rand, 0, 63));
  s->has_packets_lost = g_rand_boolean (rand);
  s->packets_lost = s->has_packets_lost ? (gint64) random_uint64 (rand) : 0;
  s->nack_count = MAYBE (random_uint64 (rand));
  s->pli_count = MAYBE (g_rand_int (rand));
  s->has_frames = g_rand_boolean (rand);
  if (s->has_frames)
    {
      s->frames_captured = random_uint64 (rand);
      s->frames_encoded = g_rand_int (rand);
      s->frames_decoded = MAYBE (g_rand_int (rand));
      s->frames_rendered = MAYBE (g_rand_int (rand));
      s->freeze_count = MAYBE (g_rand_int (rand));
    }
  s->width = MAYBE (g_rand_int (rand));
  s->height = MAYBE (g_rand_int (rand));
  s->capture_width = MAYBE (1280);
  s->capture_height = MAYBE (720);
  s->decode_errors = MAYBE (random_uint64 (rand));
  s->transport_delay_measured = g_rand_boolean (rand);
  s->receive_delay_measured = g_rand_boolean (rand);
  s->end2end_delay_measured = g_rand_boolean (rand);
#undef MAYBE
  {
    double *doubles[] = {
      &s->fraction_lost, &s->jitter_ms, &s->rtt_ms, &s->available_outgoing_bitrate, &s->target_bitrate,
      &s->total_freeze_ms, &s->audio_level, &s->transport_delay_ms, &s->receive_delay_ms,
      &s->end2end_delay_ms, &s->encode_delay_ms,
    };
    for (guint i = 0; i < G_N_ELEMENTS (doubles); i++)
      switch (g_rand_int_range (rand, 0, 4))
        {
        case 0: break; /* unknown */
        case 1: *doubles[i] = random_double (rand); break;
        case 2: *doubles[i] = g_rand_double_range (rand, 0, 1000); break;
        default: *doubles[i] = g_rand_int_range (rand, 0, 100000) / 1000.0; break;
        }
  }
  return s;
}

/* The awkward values, one sample each way. */
static GPtrArray *
edge_samples (void)
{
  GPtrArray *samples = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_stats_sample_free);
  CsStatsSample *s;

  /* everything unknown */
  s = cs_stats_sample_new ();
  s->observer_uid = g_strdup ("local");
  s->peer_uid = g_strdup ("user-1");
  g_ptr_array_add (samples, s);

  /* every field set, at the edges of its type */
  s = cs_stats_sample_new ();
  s->t = 0.1;
  s->observer_uid = g_strdup ("user-1");
  s->peer_uid = g_strdup ("local");
  s->kind = CS_SAMPLE_KIND_VIDEO;
  s->direction = CS_SAMPLE_DIRECTION_INBOUND;
  s->ssrc = G_MAXUINT32;
  s->codec = g_strdup ("H264");
  s->connection_state = CS_CONNECTION_STATE_FAILED;
  s->display_name = g_strdup ("");
  s->message = g_strdup ("line\nbreak \"quote\" \\");
  s->packets = G_MAXUINT64;
  s->bytes = (guint64) G_MAXINT64 + 1;
  s->packets_lost = G_MININT64;
  s->has_packets_lost = TRUE;
  s->fraction_lost = 1.0 / 3.0;
  s->nack_count = G_MAXINT64;
  s->pli_count = 1;
  s->jitter_ms = double_from_bits (1);          /* the smallest subnormal */
  s->rtt_ms = G_MAXDOUBLE;
  s->available_outgoing_bitrate = -0.0;
  s->target_bitrate = -2.5;                      /* negative but not CS_UNKNOWN: kept */
  s->has_frames = TRUE;
  s->frames_captured = 0;                        /* known zero: kept */
  s->frames_encoded = 1;
  s->frames_decoded = 2;
  s->frames_rendered = 3;
  s->freeze_count = 4;
  s->total_freeze_ms = G_MINDOUBLE;
  s->width = G_MAXUINT32;
  s->height = 1;
  s->capture_width = 3840;
  s->capture_height = 2160;
  s->audio_level = 32767;
  s->decode_errors = 7;
  s->transport_delay_ms = 0.1 + 0.2;
  s->receive_delay_ms = 1e-300;
  s->end2end_delay_ms = 123456789.123456789;
  s->transport_delay_measured = TRUE;
  s->receive_delay_measured = TRUE;
  s->end2end_delay_measured = TRUE;
  s->encode_delay_ms = 0;
  g_ptr_array_add (samples, s);

  /* non-finite numbers */
  s = cs_stats_sample_new ();
  s->t = 3;
  s->observer_uid = g_strdup ("local");
  s->peer_uid = g_strdup ("user-1");
  s->kind = CS_SAMPLE_KIND_CONNECTION;
  s->connection_state = CS_CONNECTION_STATE_CONNECTED;
  s->jitter_ms = NAN;
  s->rtt_ms = INFINITY;
  s->audio_level = -INFINITY;
  s->has_packets_lost = FALSE;
  s->packets_lost = -3;                          /* outside the contract, still kept */
  g_ptr_array_add (samples, s);
  return samples;
}

static void
assert_samples_equal (GPtrArray *expected, GPtrArray *actual)
{
  g_assert_cmpuint (actual->len, ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    if (!cs_stats_sample_equal (g_ptr_array_index (expected, i), g_ptr_array_index (actual, i)))
      g_error ("sample %u differs after the round trip", i);
}

/* ---- round trip ------------------------------------------------------------------ */

static void
round_trip (Fixture *f, GPtrArray *samples)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CsRecorder) recorder = cs_recorder_new (f->path, "lab", &error);
  g_autoptr (CsRecordingReader) reader = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < samples->len; i++)
    cs_recorder_write_sample (recorder, g_ptr_array_index (samples, i));
  g_assert_true (cs_recorder_close (recorder, &error));
  g_assert_no_error (error);

  reader = read_path (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cs_recording_reader_get_mode (reader), ==, "lab");
  g_assert_cmpstr (cs_recording_reader_get_app_version (reader), ==, PACKAGE_VERSION);
  g_assert_cmpuint (cs_recording_reader_get_warnings (reader)->len, ==, 0);
  assert_samples_equal (samples, cs_recording_reader_get_samples (reader));
}

static void
test_round_trip_edges (Fixture *f, gconstpointer data)
{
  g_autoptr (GPtrArray) samples = edge_samples ();
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;

  round_trip (f, samples);

  /* Unknown values are omitted; known ones, and the has_ flags' counters, are written. */
  g_assert_true (g_file_get_contents (f->path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5); /* session, 3 samples, "" after the last newline */
  g_assert_nonnull (strstr (lines[0], "\"format\":\"callscope-recording\""));
  g_assert_nonnull (strstr (lines[0], "\"version\":1"));
  g_assert_null (strstr (lines[1], "rtt_ms"));
  g_assert_null (strstr (lines[1], "packets_lost"));
  g_assert_null (strstr (lines[1], "frames_"));
  g_assert_nonnull (strstr (lines[2], "\"frames_captured\":0"));
  g_assert_nonnull (strstr (lines[2], "\"packets\":\"18446744073709551615\""));
  g_assert_nonnull (strstr (lines[3], "\"rtt_ms\":\"Infinity\""));
}

static void
test_round_trip_random (Fixture *f, gconstpointer data)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (20261125);
  g_autoptr (GPtrArray) samples = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_stats_sample_free);

  for (guint i = 0; i < 2000; i++)
    g_ptr_array_add (samples, random_sample (rand));
  round_trip (f, samples);
}

/* ---- versions and broken files ----------------------------------------------------- */

#define SESSION "{\"type\":\"session\",\"format\":\"callscope-recording\",\"version\":1,\"mode\":\"lab\"}\n"
#define SAMPLE(t) "{\"type\":\"sample\",\"t\":" #t ",\"kind\":\"audio\",\"direction\":\"inbound\"," \
                  "\"observer_uid\":\"local\",\"peer_uid\":\"user-1\",\"packets\":10}\n"

static void
test_version (Fixture *f, gconstpointer data)
{
  static const struct
  {
    const char *header;
    int         code; /* -1: accepted */
  } cases[] = {
    { "{\"type\":\"session\",\"format\":\"callscope-recording\",\"version\":1}\n", -1 },
    { "{\"type\":\"session\",\"format\":\"callscope-recording\",\"version\":2,\"mode\":\"lab\"}\n", CS_ERROR_UNSUPPORTED_VERSION },
    { "{\"type\":\"session\",\"format\":\"callscope-recording\",\"version\":17}\n", CS_ERROR_UNSUPPORTED_VERSION },
    { "{\"type\":\"session\",\"format\":\"callscope-recording\",\"version\":0}\n", CS_ERROR_INVALID_RECORDING },
    { "{\"type\":\"session\",\"format\":\"callscope-recording\",\"version\":\"1\"}\n", CS_ERROR_INVALID_RECORDING },
    { "{\"type\":\"session\",\"format\":\"callscope-recording\"}\n", CS_ERROR_INVALID_RECORDING },
    { "{\"type\":\"session\",\"format\":\"other-tool\",\"version\":1}\n", CS_ERROR_INVALID_RECORDING },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (CsRecordingReader) reader = NULL;
      g_autofree char *text = g_strconcat (cases[i].header, SAMPLE (1), NULL);

      write_text (f->path, text);
      reader = read_path (f->path, &error);
      if (cases[i].code < 0)
        {
          g_assert_no_error (error);
          g_assert_cmpuint (cs_recording_reader_get_samples (reader)->len, ==, 1);
        }
      else
        {
          g_assert_error (error, CS_ERROR, cases[i].code);
          g_assert_null (reader);
          if (cases[i].code == CS_ERROR_UNSUPPORTED_VERSION)
            g_assert_nonnull (strstr (error->message, "newer Callscope"));
        }
    }
}

static void
test_malformed (Fixture *f, gconstpointer data)
{
  static const struct
  {
    const char *text;
    const char *line; /* the message must start with this */
  } cases[] = {
    { SESSION SAMPLE (1) "{\"type\":\"sample\",\"t\":2,\n" SAMPLE (3), "Line 3:" },
    { SESSION SAMPLE (1) "not json at all\n", "Line 3:" },
    { SESSION "\n\n" SAMPLE (1) "[1,2,3]\n", "Line 5:" },
    { SESSION "{\"t\":1}\n", "Line 2:" },
    { SESSION "{\"type\":\"sample\",\"t\":1,\"direction\":\"inbound\",\"observer_uid\":\"a\",\"peer_uid\":\"b\"}\n", "Line 2:" },
    { SESSION "{\"type\":\"sample\",\"t\":1,\"kind\":\"smell\",\"direction\":\"inbound\",\"observer_uid\":\"a\",\"peer_uid\":\"b\"}\n", "Line 2:" },
    { SESSION "{\"type\":\"sample\",\"t\":\"soon\",\"kind\":\"audio\",\"direction\":\"inbound\",\"observer_uid\":\"a\",\"peer_uid\":\"b\"}\n", "Line 2:" },
    { SESSION SAMPLE (1) "{\"type\":\"sample\",\"t\":1,\"kind\":\"audio\",\"direction\":\"inbound\",\"observer_uid\":\"a\",\"peer_uid\":\"b\",\"rtt_ms\":\"fast\"}\n", "Line 3:" },
    { SESSION "{\"type\":\"sample\",\"t\":1,\"kind\":\"audio\",\"direction\":\"inbound\",\"observer_uid\":\"a\",\"peer_uid\":\"b\",\"packets\":-5}\n", "Line 2:" },
    { SESSION "{\"type\":\"sample\",\"t\":1,\"kind\":\"audio\",\"direction\":\"inbound\",\"observer_uid\":\"a\",\"peer_uid\":\"b\",\"width\":1.5}\n", "Line 2:" },
    { SESSION "{\"type\":\"sample\",\"t\":1,\"kind\":\"audio\",\"direction\":\"inbound\",\"peer_uid\":\"b\"}\n", "Line 2:" },
    { SESSION "{\"type\":\"exception\",\"t\":1,\"code\":\"bad\",\"msg\":\"x\",\"uid\":\"a\"}\n", "Line 2:" },
    { SESSION "{\"type\":\"user-joined\",\"t\":1}\n", "Line 2:" },
    { SESSION "{\"type\":\"commit\"}\n", "Line 2:" },
    { SESSION SESSION, "Line 2:" },
    { SAMPLE (1) SESSION, "Line 1:" },
    { "\xff\xfe garbage\n", "Line 1:" },
    { SESSION "{\"type\":\"sample\",\"t\":1,\"observer_uid\":\"\xc3\x28\"}\n", "Line 2:" },
    { "", "The file is empty" },
    { "\n  \n", "The file is empty" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (CsRecordingReader) reader = NULL;

      write_text (f->path, cases[i].text);
      reader = read_path (f->path, &error);
      g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_RECORDING);
      g_assert_null (reader);
      if (!g_str_has_prefix (error->message, cases[i].line))
        g_error ("case %u: expected “%s…”, got “%s”", i, cases[i].line, error->message);
    }

  /* A missing file is an error too, not a crash. */
  {
    g_autoptr (GError) error = NULL;
    g_autofree char *missing = g_build_filename (f->dir, "missing.jsonl", NULL);
    g_autoptr (CsRecordingReader) reader = read_path (missing, &error);

    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_assert_null (reader);
  }
}

static void
test_truncated (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CsRecordingReader) reader = NULL;
  g_autoptr (CsRecordingReader) complete = NULL;
  GPtrArray *warnings;

  /* A crash in the middle of the last line: the lines before it are kept. */
  write_text (f->path, SESSION SAMPLE (1) SAMPLE (2) "{\"type\":\"sample\",\"t\":3,\"kind\":\"au");
  reader = read_path (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cs_recording_reader_get_samples (reader)->len, ==, 2);
  warnings = cs_recording_reader_get_warnings (reader);
  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (warnings, 0), "(4)"));

  /* A complete last line without its newline is not a truncation. */
  write_text (f->path, SESSION SAMPLE (1) "{\"type\":\"commit\",\"t\":1}");
  complete = read_path (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cs_recording_reader_get_warnings (complete)->len, ==, 0);
  g_assert_cmpuint (cs_recording_reader_get_outputs (complete)->len, ==, 1);
  g_clear_object (&complete);

  /* Unknown line types (a newer minor addition) are skipped with one warning. */
  write_text (f->path, SESSION "{\"type\":\"hologram\",\"t\":1}\n{\"type\":\"hologram\",\"t\":2}\n" SAMPLE (2));
  complete = read_path (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cs_recording_reader_get_samples (complete)->len, ==, 1);
  g_assert_cmpuint (cs_recording_reader_get_warnings (complete)->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (cs_recording_reader_get_warnings (complete), 0), "hologram"));
  g_clear_object (&complete);

  /* The same broken text followed by more lines is an error, not a truncation. */
  write_text (f->path, SESSION SAMPLE (1) "{\"type\":\"sample\",\"t\":3,\"kind\":\"au\n" SAMPLE (4));
  complete = read_path (f->path, &error);
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_RECORDING);
  g_assert_null (complete);
}

/* ---- writing ------------------------------------------------------------------------ */

static void
test_write_errors (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *nowhere = g_build_filename (f->dir, "no", "such", "dir.jsonl", NULL);
  g_autoptr (CsRecorder) recorder = cs_recorder_new (nowhere, "lab", &error);

  g_assert_null (recorder);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);

  if (g_file_test ("/dev/full", G_FILE_TEST_EXISTS))
    {
      /* A full disk: the session line cannot be flushed. */
      recorder = cs_recorder_new ("/dev/full", "lab", &error);
      g_assert_null (recorder);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
    }
}

static void
test_stdout (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (CsRecorder) recorder = cs_recorder_new ("-", "janus", &error);
      g_autoptr (CsStatsSample) s = cs_stats_sample_new ();

      g_assert_no_error (error);
      s->observer_uid = g_strdup ("local");
      s->peer_uid = g_strdup ("user-9");
      cs_recorder_write_sample (recorder, s);
      cs_recorder_write_event (recorder, 2.5, "warning", "user-9", "ICE restarted");
      g_assert_true (cs_recorder_close (recorder, &error));
      return;
    }
  g_test_trap_subprocess (NULL, 0, 0);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("{\"type\":\"session\",\"format\":\"callscope-recording\",\"version\":1,\"mode\":\"janus\"*\n"
                             "{\"type\":\"sample\",\"t\":0.0,*\"peer_uid\":\"user-9\"}\n"
                             "{\"type\":\"event\",\"t\":2.5,\"level\":\"warning\",\"uid\":\"user-9\",\"msg\":\"ICE restarted\"}\n");
}

/* ---- with the model: what is ingested is recorded, and replays to the same outputs ------ */

/* A lab-like call: the local user and @n_users remote users, audio + video both ways,
 * with a burst of loss and jitter on user-2 and user-3 leaving at 40 s. */
static GPtrArray *
generate_call (guint n_users, guint seconds)
{
  GPtrArray *stream = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_stats_sample_free);
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);
  guint64 packets[16][4] = { { 0 } }, bytes[16][4] = { { 0 } }, frames[16][4] = { { 0 } };
  gint64 lost[16][4] = { { 0 } };

  g_assert_cmpuint (n_users, <=, 16);
  {
    /* the server names the local user (--display), after the model announced it at its join */
    CsStatsSample *c = cs_stats_sample_new ();

    c->observer_uid = g_strdup ("local");
    c->peer_uid = g_strdup ("server");
    c->kind = CS_SAMPLE_KIND_CONNECTION;
    c->connection_state = CS_CONNECTION_STATE_CONNECTED;
    c->display_name = g_strdup ("Zoë at the desk");
    g_ptr_array_add (stream, c);
  }
  for (guint t = 0; t < seconds; t++)
    for (guint u = 1; u <= n_users; u++)
      {
        g_autofree char *uid = g_strdup_printf ("user-%u", u);
        gboolean bad = u == 2 && t >= 15 && t < 30;

        if (u == 3 && t >= 40)
          {
            if (t == 40)
              {
                CsStatsSample *c = cs_stats_sample_new ();

                c->t = t;
                c->observer_uid = g_strdup ("local");
                c->peer_uid = g_strdup (uid);
                c->kind = CS_SAMPLE_KIND_CONNECTION;
                c->connection_state = CS_CONNECTION_STATE_CLOSED;
                g_ptr_array_add (stream, c);
              }
            continue;
          }
        if (t == 0)
          {
            CsStatsSample *c = cs_stats_sample_new ();

            c->t = t;
            c->observer_uid = g_strdup ("local");
            c->peer_uid = g_strdup (uid);
            c->kind = CS_SAMPLE_KIND_CONNECTION;
            c->connection_state = CS_CONNECTION_STATE_CONNECTED;
            c->display_name = g_strdup_printf ("Simulated user %u", u);
            g_ptr_array_add (stream, c);
          }

        for (guint track = 0; track < 4; track++)
          {
            CsStatsSample *s = cs_stats_sample_new ();
            gboolean video = track & 1;
            gboolean inbound = track < 2;
            guint rate = video ? 60 : 50;
            guint n_lost = bad ? g_rand_int_range (rand, 5, 15) : g_rand_int_range (rand, 0, 2);

            s->t = t;
            s->observer_uid = g_strdup ("local");
            s->peer_uid = g_strdup (uid);
            s->kind = video ? CS_SAMPLE_KIND_VIDEO : CS_SAMPLE_KIND_AUDIO;
            s->direction = inbound ? CS_SAMPLE_DIRECTION_INBOUND : CS_SAMPLE_DIRECTION_OUTBOUND;
            s->ssrc = 1000 * u + track;
            s->codec = g_strdup (video ? "VP8" : "opus");
            packets[u][track] += rate - n_lost;
            lost[u][track] += n_lost;
            bytes[u][track] += (video ? 1100 : 80) * (guint64) (rate - n_lost);
            s->packets = packets[u][track];
            s->bytes = bytes[u][track];
            s->has_packets_lost = TRUE;
            s->packets_lost = lost[u][track];
            s->jitter_ms = (bad ? 60 : 4) + g_rand_double_range (rand, 0, 3);
            s->rtt_ms = (bad ? 400 : 40) + g_rand_double_range (rand, 0, 10);
            if (!inbound)
              {
                s->fraction_lost = n_lost / (double) rate;
                s->available_outgoing_bitrate = 2.5e6;
                s->target_bitrate = video ? 1.2e6 : 32000;
              }
            if (video)
              {
                frames[u][track] += bad ? 12 : 30;
                s->has_frames = TRUE;
                if (inbound)
                  {
                    s->frames_decoded = frames[u][track];
                    s->frames_rendered = frames[u][track];
                    s->width = 640;
                    s->height = 480;
                  }
                else
                  {
                    s->frames_captured = frames[u][track];
                    s->frames_encoded = frames[u][track];
                    s->width = s->capture_width = 640;
                    s->height = s->capture_height = 480;
                    s->encode_delay_ms = 3.5;
                  }
              }
            else
              s->audio_level = 2000 + g_rand_double_range (rand, 0, 100);
            if (inbound)
              {
                s->transport_delay_ms = s->rtt_ms / 2;
                s->receive_delay_ms = s->transport_delay_ms + 40;
                s->end2end_delay_ms = s->receive_delay_ms + 30;
                s->transport_delay_measured = TRUE;
              }
            g_ptr_array_add (stream, s);
          }
      }
  return stream;
}

/* Feeds @stream into a live model with a recorder on it, as the engine does. */
static void
record_call (const char *path, const char *mode, GPtrArray *stream)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CsStatsModel) model = cs_stats_model_new ();
  g_autoptr (CsRecorder) recorder = NULL;
  CsThresholds thresholds;
  double t = -1;

  cs_thresholds_init_defaults (&thresholds);
  thresholds.window = 4;  /* not the default: the recording must carry it */
  thresholds.raise_count = 2;
  cs_stats_model_set_thresholds (model, &thresholds);
  recorder = cs_recorder_new (path, mode, &error);
  g_assert_no_error (error);
  cs_recorder_attach (recorder, model);
  cs_stats_model_join (model, "local");
  for (guint i = 0; i < stream->len; i++)
    {
      const CsStatsSample *s = g_ptr_array_index (stream, i);

      if (t >= 0 && s->t != t)
        cs_stats_model_commit (model, t);
      t = s->t;
      cs_stats_model_ingest (model, s);
    }
  cs_stats_model_commit (model, t);
  cs_stats_model_leave (model);
  g_assert_true (cs_recorder_close (recorder, &error));
  g_assert_no_error (error);
}

static char **
read_lines (const char *path)
{
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return g_strsplit (text, "\n", -1);
}

static guint
count_type (char **lines, const char *type)
{
  g_autofree char *needle = g_strdup_printf ("{\"type\":\"%s\"", type);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    n += g_str_has_prefix (lines[i], needle);
  return n;
}

static void
test_model_recording (Fixture *f, gconstpointer data)
{
  g_autoptr (GPtrArray) stream = generate_call (3, 50);
  g_autoptr (GError) error = NULL;
  g_autoptr (CsRecordingReader) reader = NULL;
  g_auto (GStrv) lines = NULL;

  record_call (f->path, "lab", stream);
  reader = read_path (f->path, &error);
  g_assert_no_error (error);
  /* Every ingested sample is recorded exactly as the engine gave it. */
  assert_samples_equal (stream, cs_recording_reader_get_samples (reader));
  g_assert_cmpstr (cs_recording_reader_get_local_uid (reader), ==, "local");
  g_assert_cmpfloat (cs_recording_reader_get_duration (reader), ==, 49);

  lines = read_lines (f->path);
  g_assert_cmpuint (count_type (lines, "session"), ==, 1);
  g_assert_cmpuint (count_type (lines, "join"), ==, 1);
  g_assert_cmpuint (count_type (lines, "thresholds"), ==, 1);
  g_assert_cmpuint (count_type (lines, "commit"), ==, 50);
  g_assert_cmpuint (count_type (lines, "leave"), ==, 1);
  g_assert_cmpuint (count_type (lines, "user-joined"), >=, 3);
  /* the local user's line has the name the server gave it, not its uid */
  {
    gboolean named = FALSE;

    for (guint i = 0; lines[i] != NULL; i++)
      named |= g_str_has_prefix (lines[i], "{\"type\":\"user-joined\"") &&
               strstr (lines[i], "\"uid\":\"local\",\"displayName\":\"Zoë at the desk\",\"isLocal\":true") != NULL;
    g_assert_true (named);
  }
  g_assert_cmpuint (count_type (lines, "network-quality"), >=, 50);
  g_assert_cmpuint (count_type (lines, "rtc-stats"), >=, 45);
  g_assert_cmpuint (count_type (lines, "remote-video-stats"), >=, 45);
  g_assert_nonnull (strstr (f->path, "call.jsonl"));
}

static void
test_replay_determinism (Fixture *f, gconstpointer data)
{
  g_autoptr (GPtrArray) stream = generate_call (3, 60);
  g_autofree char *replayed = g_build_filename (f->dir, "replayed.jsonl", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (CsRecordingReader) reader = NULL;
  g_autoptr (CsStatsModel) model = cs_stats_model_new ();
  g_autoptr (CsRecorder) recorder = NULL;
  g_auto (GStrv) a = NULL;
  g_auto (GStrv) b = NULL;
  guint n;

  record_call (f->path, "lab", stream);
  reader = read_path (f->path, &error);
  g_assert_no_error (error);

  /* Replay into a fresh model (default thresholds: the recording restores its own). */
  recorder = cs_recorder_new (replayed, "replay", &error);
  g_assert_no_error (error);
  cs_recorder_attach (recorder, model);
  cs_recording_reader_replay (reader, model);
  g_assert_cmpint (cs_stats_model_get_state (model), ==, CS_CALL_STATE_LEFT);
  g_assert_true (cs_recorder_close (recorder, &error));
  g_assert_no_error (error);

  a = read_lines (f->path);
  b = read_lines (replayed);
  n = g_strv_length (a);
  g_assert_cmpuint (n, >, 60 * 10);
  /* Every line after the session header (which has its own mode and start time) is identical. */
  for (guint i = 1; i < n; i++)
    {
      if (b[i] == NULL)
        g_error ("the replay ends at line %u of %u", i + 1, n);
      if (strcmp (a[i], b[i]) != 0)
        g_error ("line %u differs:\n  recorded: %s\n  replayed: %s", i + 1, a[i], b[i]);
    }
  g_assert_cmpuint (g_strv_length (b), ==, n);
  g_assert_nonnull (strstr (b[0], "\"mode\":\"replay\""));
  /* The call had something to report. */
  g_assert_cmpuint (count_type (a, "exception"), >, 0);
  g_assert_cmpuint (count_type (a, "user-left"), >, 0);
}

/* Recordings kept in tests/data/recordings, made by earlier versions of Callscope, replay to
 * identical outputs, bit for bit: a change that alters what the model computes from the same
 * samples shows here (then say why in the commit, and record the fixture again). */
static void
test_fixture_replays (Fixture *f, gconstpointer data)
{
  const char *name = data;
  g_autofree char *path = g_build_filename (CS_TEST_RECORDINGS, name, NULL);
  g_autofree char *replayed = g_build_filename (f->dir, "replayed.jsonl", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (CsRecordingReader) reader = NULL;
  g_autoptr (CsStatsModel) model = cs_stats_model_new ();
  g_autoptr (CsRecorder) recorder = NULL;
  g_auto (GStrv) a = NULL;
  g_auto (GStrv) b = NULL;
  guint n, j = 1, compared = 0;

  reader = read_path (path, &error);
  g_assert_no_error (error);
  recorder = cs_recorder_new (replayed, "replay", &error);
  g_assert_no_error (error);
  cs_recorder_attach (recorder, model);
  cs_recording_reader_replay (reader, model);
  g_assert_true (cs_recorder_close (recorder, &error));
  g_assert_no_error (error);

  a = read_lines (path);
  b = read_lines (replayed);
  n = g_strv_length (a);
  /* every line after the session header, except the engine's free-form notes (`event`: not an
   * input of the model, never replayed) */
  for (guint i = 1; i < n; i++)
    {
      if (a[i][0] == '\0' || strstr (a[i], "{\"type\":\"event\"") == a[i])
        continue;
      while (b[j] != NULL && b[j][0] == '\0')
        j++;
      if (b[j] == NULL)
        g_error ("%s: the replay ends before line %u of %u", name, i + 1, n);
      if (strcmp (a[i], b[j]) != 0)
        g_error ("%s: line %u differs:\n  recorded: %s\n  replayed: %s", name, i + 1, a[i], b[j]);
      j++;
      compared++;
    }
  /* and nothing more */
  for (; b[j] != NULL; j++)
    if (b[j][0] != '\0')
      g_error ("%s: the replay has more lines than the recording: %s", name, b[j]);
  g_test_message ("%s: %u lines replayed identically", name, compared);
  g_assert_cmpuint (compared, >, 500);
  g_assert_cmpuint (count_type (a, "exception"), >, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/recording/round-trip/edges", test_round_trip_edges);
  ADD ("/recording/round-trip/random", test_round_trip_random);
  ADD ("/recording/version", test_version);
  ADD ("/recording/malformed", test_malformed);
  ADD ("/recording/truncated", test_truncated);
  ADD ("/recording/write-errors", test_write_errors);
  g_test_add_func ("/recording/stdout", test_stdout);
  /* a lab call of 3 users on the wifi-lossy preset (25 s), recorded before the model was split */
  g_test_add ("/recording/fixture/lab-wifi-lossy", Fixture, "lab-wifi-lossy.jsonl", fixture_set_up,
              test_fixture_replays, fixture_tear_down);
  ADD ("/recording/model", test_model_recording);
  ADD ("/recording/replay-determinism", test_replay_determinism);
#undef ADD

  return g_test_run ();
}
