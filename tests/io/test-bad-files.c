/* test-bad-files.c — files that must be refused, tolerated with a warning, or never written
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Hostile or broken input (nesting that would overflow json-glib's stack, numbers out of
 * range, "t": "NaN"), what a peer may send (a 2 MiB display name), and a recording whose
 * disk fills up. Where the behaviour is callscope's (exit status, stderr), the built
 * binary runs headless (CALLSCOPE_BINARY); the rest calls the libraries.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "cs-error.h"
#include "cs-json-depth.h"
#include "cs-recorder.h"
#include "cs-recording-reader.h"
#include "cs-scenario.h"
#include "cs-stats-model.h"

#define SESSION "{\"type\":\"session\",\"format\":\"callscope-recording\",\"version\":1,\"mode\":\"lab\"}\n"
#define SAMPLE(t) "{\"type\":\"sample\",\"t\":" #t ",\"kind\":\"audio\",\"direction\":\"inbound\"," \
                  "\"observer_uid\":\"local\",\"peer_uid\":\"user-1\",\"packets\":10}\n"

/* ---- helpers --------------------------------------------------------------------- */

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("cs-test-bad-files-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autoptr (GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *p = g_build_filename (f->dir, name, NULL);
      g_unlink (p);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static char *
fixture_file (Fixture *f, const char *name, const char *text, gssize len)
{
  g_autoptr (GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  if (text != NULL)
    {
      g_file_set_contents (path, text, len, &error);
      g_assert_no_error (error);
    }
  return path;
}

typedef struct
{
  int   status;  /* exit status, -1 when killed by a signal */
  char *out;
  char *err;
} Result;

static void
result_clear (Result *r)
{
  g_free (r->out);
  g_free (r->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

static gsize file_size_limit;

/* In the child: a disk that is full after file_size_limit bytes (writes beyond fail with
 * EFBIG instead of raising SIGXFSZ). */
static void
limit_file_size (gpointer user_data)
{
  struct rlimit limit = { file_size_limit, file_size_limit };

  signal (SIGXFSZ, SIG_IGN);
  setrlimit (RLIMIT_FSIZE, &limit);
}

/* Runs callscope --headless ARGS (NULL-terminated). */
static void
run_headless (Result *r, gsize size_limit, const char *first, ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  /* the file size limit applies to every file: keep GStreamer from rewriting its registry */
  g_auto (GStrv) envp = g_environ_setenv (g_get_environ (), "GST_REGISTRY_UPDATE", "no", TRUE);
  int wait_status = 0;
  va_list args;

  g_ptr_array_add (argv, (gpointer) CALLSCOPE_BINARY);
  g_ptr_array_add (argv, (gpointer) "--headless");
  va_start (args, first);
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  file_size_limit = size_limit;
  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, size_limit > 0 ? limit_file_size : NULL, NULL,
                &r->out, &r->err, &wait_status, &error);
  g_assert_no_error (error);
  r->status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
  g_test_message ("exit %d, stderr:\n%s", r->status, r->err);
}

static char *
nested (const char *prefix, guint depth, const char *suffix)
{
  GString *s = g_string_new (prefix);

  for (guint i = 0; i < depth; i++)
    g_string_append_c (s, '[');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (s, ']');
  g_string_append (s, suffix);
  return g_string_free (s, FALSE);
}

static CsRecordingReader *
read_text (Fixture *f, const char *text, GError **error)
{
  g_autofree char *path = fixture_file (f, "read.jsonl", text, -1);
  g_autoptr (GFile) file = g_file_new_for_path (path);

  return cs_recording_reader_new_from_file (file, NULL, error);
}

/* ---- 1. nesting ------------------------------------------------------------------ */

static void
test_depth_scan (void)
{
  guint line = 0;

  g_assert_true (cs_json_check_depth ("{\"a\":[[1]]}", -1, 3, NULL));
  g_assert_false (cs_json_check_depth ("{\"a\":[[[1]]]}", -1, 3, &line));
  g_assert_cmpuint (line, ==, 1);
  /* brackets in strings, escaped quotes, and the line of the bracket that goes too deep */
  g_assert_true (cs_json_check_depth ("{\"a\":\"[[[[[[\\\"[[[[\"}", -1, 2, NULL));
  g_assert_false (cs_json_check_depth ("{\n\"a\":\n[\n[\n1]]}", -1, 2, &line));
  g_assert_cmpuint (line, ==, 4);
  /* closing brackets that do not match are the parser's business, not a depth */
  g_assert_true (cs_json_check_depth ("]]]]]][[", -1, 2, NULL));
  g_assert_true (cs_json_check_depth ("", 0, 1, NULL));
}

/* A recording and a scenario like {"a":[[[[… 75 000 deep (150 KB) overflowed json-glib's
 * stack: callscope crashed. They are refused, exit status 2, naming the line. */
static void
test_deep_recording (Fixture *f, gconstpointer data)
{
  g_autofree char *deep = nested (SESSION SAMPLE (1) "{\"type\":\"x\",\"a\":", 75000, "}\n");
  g_autofree char *path = fixture_file (f, "deep.jsonl", deep, -1);
  g_autofree char *arg = g_strdup_printf ("--replay=%s", path);
  g_auto (Result) r = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (CsRecordingReader) reader = NULL;

  run_headless (&r, 0, arg, NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "nested too deeply (line 3)"));

  /* the limit: 64 levels are fine, 65 are not */
  {
    g_autofree char *ok = nested (SESSION "{\"type\":\"x\",\"a\":", 63, "}\n");
    g_autofree char *bad = nested (SESSION "{\"type\":\"x\",\"a\":", 64, "}\n");

    reader = read_text (f, ok, &error);
    g_assert_no_error (error);
    g_clear_object (&reader);
    reader = read_text (f, bad, &error);
    g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_RECORDING);
    g_assert_nonnull (strstr (error->message, "(line 2)"));
  }
}

static void
test_deep_scenario (Fixture *f, gconstpointer data)
{
  g_autofree char *deep = nested ("{\"name\":\"deep\",\n\"a\":", 75000, "}");
  g_autofree char *path = fixture_file (f, "deep.json", deep, -1);
  g_autofree char *arg = g_strdup_printf ("--scenario=%s", path);
  g_auto (Result) r = { 0 };

  run_headless (&r, 0, arg, "--duration=1", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "nested too deeply (line 2)"));
  g_assert_nonnull (strstr (r.err, path));
}

/* ---- 5. numbers: "version" and "t" ---------------------------------------------------- */

static void
test_version_range (Fixture *f, gconstpointer data)
{
  static const struct
  {
    const char *version;
    int         code;
    const char *message; /* contained */
  } cases[] = {
    /* was reported as 2147483647 */
    { "9223372036854775807", CS_ERROR_UNSUPPORTED_VERSION, "version 9223372036854775807," },
    /* json-glib wraps these to INT64_MIN and 1: refused with the number as written */
    { "9223372036854775808", CS_ERROR_INVALID_RECORDING, "9223372036854775808" },
    { "18446744073709551617", CS_ERROR_INVALID_RECORDING, "18446744073709551617" },
    { "1e30", CS_ERROR_INVALID_RECORDING, "not 1e+30" },
    { "1.5", CS_ERROR_INVALID_RECORDING, "1.5" },
    { "-3", CS_ERROR_INVALID_RECORDING, "-3" },
    { "1e999", CS_ERROR_INVALID_RECORDING, "no valid format version" },
    { "\"1\"", CS_ERROR_INVALID_RECORDING, "no valid format version" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (CsRecordingReader) reader = NULL;
      g_autofree char *text = g_strdup_printf ("{\"type\":\"session\",\"format\":\"callscope-recording\",\"version\":%s}\n"
                                               SAMPLE (1), cases[i].version);

      reader = read_text (f, text, &error);
      g_assert_null (reader);
      g_assert_error (error, CS_ERROR, cases[i].code);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("version %s: expected “%s” in “%s”", cases[i].version, cases[i].message, error->message);
    }
}

static void
test_times (Fixture *f, gconstpointer data)
{
  static const char *const bad[] = {
    SESSION SAMPLE (1) "{\"type\":\"commit\",\"t\":\"NaN\"}\n",
    SESSION SAMPLE (1) "{\"type\":\"commit\",\"t\":\"1\"}\n",
    SESSION SAMPLE (1) "{\"type\":\"commit\",\"t\":\"Infinity\"}\n",
    SESSION SAMPLE (1) "{\"type\":\"commit\",\"t\":1e999}\n",
    SESSION SAMPLE (1) "{\"type\":\"commit\",\"t\":-1}\n",
    SESSION SAMPLE (1) "{\"type\":\"exception\",\"t\":\"NaN\",\"code\":5001,\"uid\":\"a\"}\n",
    SESSION SAMPLE (1) "{\"type\":\"sample\",\"t\":\"NaN\",\"kind\":\"audio\",\"direction\":\"inbound\","
                       "\"observer_uid\":\"local\",\"peer_uid\":\"user-1\"}\n",
    SESSION SAMPLE (1) "{\"type\":\"sample\",\"t\":1,\"kind\":\"audio\",\"direction\":\"inbound\","
                       "\"observer_uid\":\"local\",\"peer_uid\":\"user-1\",\"packets\":99999999999999999999}\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (CsRecordingReader) reader = read_text (f, bad[i], &error);

      g_assert_null (reader);
      g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_RECORDING);
      if (!g_str_has_prefix (error->message, "Line 3:"))
        g_error ("case %u: expected “Line 3: …”, got “%s”", i, error->message);
    }

  /* integers and fractions are numbers of seconds alike; big counters fit as strings */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (CsRecordingReader) reader =
      read_text (f, SESSION SAMPLE (1) "{\"type\":\"commit\",\"t\":1}\n{\"type\":\"commit\",\"t\":1.5}\n"
                 "{\"type\":\"sample\",\"t\":2,\"kind\":\"audio\",\"direction\":\"inbound\",\"observer_uid\":\"local\","
                 "\"peer_uid\":\"user-1\",\"packets\":\"18446744073709551615\",\"jitter_ms\":\"NaN\"}\n", &error);

    g_assert_no_error (error);
    g_assert_cmpfloat (cs_recording_reader_get_duration (reader), ==, 2);
  }
}

/* ---- 5. scenario order ---------------------------------------------------------------- */

static void
test_scenario_order (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CsScenario) scenario = NULL;
  g_autoptr (GString) json = g_string_new ("{\"steps\":[");
  static const double at[] = { 3, 1, 2, 1, 3, 1, 0.5 };
  static const double expect_at[] = { 0.5, 1, 1, 1, 2, 3, 3 };
  static const double expect_loss[] = { 7, 2, 4, 6, 3, 1, 5 };
  guint n = 20000;

  scenario = cs_scenario_new_from_data ("{\"steps\":[{\"at\":3,\"set\":{\"loss\":1}},{\"at\":1,\"set\":{\"loss\":2}},"
                                        "{\"at\":2,\"set\":{\"loss\":3}},{\"at\":1,\"user\":\"user-1\",\"set\":{\"loss\":4}},"
                                        "{\"at\":3,\"set\":{\"loss\":5}},{\"at\":1,\"set\":{\"loss\":6}},"
                                        "{\"at\":0.5,\"set\":{\"loss\":7}}]}", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cs_scenario_get_n_steps (scenario), ==, G_N_ELEMENTS (at));
  /* by time, and in file order for equal times */
  for (guint i = 0; i < G_N_ELEMENTS (at); i++)
    {
      const CsScenarioStep *step = cs_scenario_get_step (scenario, i);

      g_assert_cmpfloat (step->at, ==, expect_at[i]);
      g_assert_cmpfloat (step->change.up[CS_LINK_KEY_LOSS], ==, expect_loss[i]);
      g_assert_cmpstr (step->uid, ==, expect_loss[i] == 4 ? "user-1" : NULL);
    }
  g_assert_cmpfloat (cs_scenario_get_length (scenario), ==, 3);
  g_clear_object (&scenario);

  /* many steps in reverse, with ties (the benchmark times 100 000) */
  for (guint i = 0; i < n; i++)
    g_string_append_printf (json, "%s{\"at\":%u,\"set\":{\"loss\":%u}}", i > 0 ? "," : "", (n - i) / 2, i % 100);
  g_string_append (json, "]}");
  scenario = cs_scenario_new_from_data (json->str, json->len, &error);
  g_assert_no_error (error);
  for (guint i = 1; i < n; i++)
    {
      const CsScenarioStep *a = cs_scenario_get_step (scenario, i - 1), *b = cs_scenario_get_step (scenario, i);

      g_assert_cmpfloat (a->at, <=, b->at);
      if (a->at == b->at)
        g_assert_cmpfloat (a->change.up[CS_LINK_KEY_LOSS], ==, (double) (((guint) b->change.up[CS_LINK_KEY_LOSS] + 99) % 100));
    }

  /* a time must be a finite number */
  g_clear_object (&scenario);
  scenario = cs_scenario_new_from_data ("{\"steps\":[{\"at\":1e999,\"set\":{\"loss\":1}}]}", -1, &error);
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_SCENARIO);
  g_assert_null (scenario);
}

/* ---- 3. what peers send is bounded; the writer never writes what the reader refuses --- */

static void
test_long_name (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = fixture_file (f, "names.jsonl", NULL, 0);
  g_autoptr (CsStatsModel) model = cs_stats_model_new ();
  g_autoptr (CsStatsModel) replayed = cs_stats_model_new ();
  g_autoptr (CsRecorder) recorder = cs_recorder_new (path, "janus", &error);
  g_autoptr (CsRecordingReader) reader = NULL;
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GString) name = g_string_new (NULL);
  g_autoptr (GString) reason = g_string_new (NULL);
  CsParticipant *p;

  g_assert_no_error (error);
  /* 2 MiB: "é" is two bytes, so a cut in the wrong place would leave half a character */
  while (name->len < 2 * 1024 * 1024)
    g_string_append (name, "é");
  while (reason->len < 2 * 1024 * 1024)
    g_string_append (reason, "why? ");

  cs_recorder_attach (recorder, model);
  cs_stats_model_join (model, "local");
  for (guint t = 0; t < 3; t++)
    {
      g_autoptr (CsStatsSample) c = cs_stats_sample_new ();
      g_autoptr (CsStatsSample) s = cs_stats_sample_new ();

      c->t = s->t = t;
      c->observer_uid = g_strdup ("local");
      c->peer_uid = g_strdup ("user-1");
      c->kind = CS_SAMPLE_KIND_CONNECTION;
      c->connection_state = CS_CONNECTION_STATE_CONNECTED;
      c->display_name = g_strdup (name->str);
      c->message = g_strdup (reason->str);
      g_assert_true (cs_stats_model_ingest (model, c));
      s->observer_uid = g_strdup ("local");
      s->peer_uid = g_strdup ("user-1");
      s->kind = CS_SAMPLE_KIND_AUDIO;
      s->direction = CS_SAMPLE_DIRECTION_INBOUND;
      s->packets = t * 50;
      s->bytes = t * 5000;
      g_assert_true (cs_stats_model_ingest (model, s));
      cs_stats_model_commit (model, t);
    }
  p = cs_stats_model_lookup (model, "user-1");
  g_assert_nonnull (p);
  g_assert_cmpuint (g_utf8_strlen (cs_participant_get_display_name (p), -1), ==, CS_MAX_NAME_CHARS);
  g_assert_true (g_utf8_validate (cs_participant_get_display_name (p), -1, NULL));
  cs_stats_model_leave (model);
  g_assert_true (cs_recorder_close (recorder, &error));

  /* the recording replays, to the same (bounded) name */
  reader = cs_recording_reader_new_from_file (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cs_recording_reader_get_warnings (reader)->len, ==, 0);
  cs_recording_reader_replay (reader, replayed);
  p = cs_stats_model_lookup (replayed, "user-1");
  g_assert_nonnull (p);
  g_assert_cmpstr (cs_participant_get_display_name (p), ==,
                   cs_participant_get_display_name (cs_stats_model_lookup (model, "user-1")));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  g_test_add_func ("/bad-files/depth-scan", test_depth_scan);
  ADD ("/bad-files/deep-recording", test_deep_recording);
  ADD ("/bad-files/deep-scenario", test_deep_scenario);
  ADD ("/bad-files/version-range", test_version_range);
  ADD ("/bad-files/times", test_times);
  g_test_add_func ("/bad-files/scenario-order", test_scenario_order);
  ADD ("/bad-files/long-name", test_long_name);
#undef ADD

  return g_test_run ();
}
