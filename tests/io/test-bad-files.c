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
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "cs-error.h"
#include "cs-json-check.h"
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

/* In the child: a disk that is full after file_size_limit bytes (callscope ignores the
 * SIGXFSZ this raises, so that writes beyond fail with EFBIG). */
static void
limit_file_size (gpointer user_data)
{
  struct rlimit limit = { file_size_limit, file_size_limit };

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

/* A call of @users remote users for @seconds s, one inbound audio stream each, as a
 * recording without commits (the reader commits every new second). */
static char *
write_call (Fixture *f, const char *name, guint users, guint seconds)
{
  g_autoptr (GError) error = NULL;
  char *path = fixture_file (f, name, NULL, 0);
  g_autoptr (CsRecorder) recorder = cs_recorder_new (path, "lab", &error);
  g_autoptr (CsStatsSample) s = cs_stats_sample_new ();

  g_assert_no_error (error);
  s->observer_uid = g_strdup ("local");
  s->kind = CS_SAMPLE_KIND_AUDIO;
  s->direction = CS_SAMPLE_DIRECTION_INBOUND;
  s->has_packets_lost = TRUE;
  for (guint t = 0; t < seconds; t++)
    for (guint u = 0; u < users; u++)
      {
        s->t = t;
        g_free (s->peer_uid);
        s->peer_uid = g_strdup_printf ("user-%u", u + 1);
        s->packets = (guint64) t * 50;
        s->bytes = (guint64) t * 5000;
        s->packets_lost = u == 0 && t > seconds / 4 ? t * 10 : 0;
        s->jitter_ms = 3 + u;
        cs_recorder_write_sample (recorder, s);
      }
  g_assert_true (cs_recorder_close (recorder, &error));
  return path;
}

/* Every line of @data parses, and it ends with a newline. */
static guint
assert_whole_lines (const char *data, gsize len)
{
  g_autofree char *copy = g_strndup (data, len);
  g_auto (GStrv) lines = NULL;
  guint n = 0;

  g_assert_cmpuint (len, >, 0);
  g_assert_cmpint (data[len - 1], ==, '\n');
  lines = g_strsplit (copy, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr (JsonParser) parser = json_parser_new ();
      g_autoptr (GError) error = NULL;

      if (lines[i][0] == '\0')
        continue;
      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      n++;
    }
  return n;
}

/* ---- 1. nesting ------------------------------------------------------------------ */

/* cs_json_check () with a depth of @max_depth: NULL when it passes, else its message. */
static char *
check (const char *text, guint max_depth, CsJsonCheckFlags flags)
{
  g_autoptr (GError) error = NULL;

  if (cs_json_check (text, -1, max_depth, 1, flags, CS_ERROR_INVALID_RECORDING, &error))
    {
      g_assert_no_error (error);
      return NULL;
    }
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_RECORDING);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  return g_strdup (error->message);
}

#define assert_check_passes(text, depth, flags) \
  G_STMT_START { \
    g_autofree char *msg_ = check ((text), (depth), (flags)); \
    if (msg_ != NULL) \
      g_error ("“%s” was refused: %s", (text), msg_); \
  } G_STMT_END

#define assert_check_fails(text, depth, flags, expected) \
  G_STMT_START { \
    g_autofree char *msg_ = check ((text), (depth), (flags)); \
    if (msg_ == NULL || strstr (msg_, (expected)) == NULL) \
      g_error ("“%s”: expected “%s”, got “%s”", (text), (expected), msg_ ? msg_ : "(passed)"); \
  } G_STMT_END

static void
test_depth_scan (void)
{
  g_autoptr (GError) error = NULL;

  assert_check_passes ("{\"a\":[[1]]}", 3, CS_JSON_CHECK_DEFAULT);
  assert_check_fails ("{\"a\":[[[1]]]}", 3, CS_JSON_CHECK_DEFAULT, "nested too deeply (line 1): more than 3 levels");
  /* brackets in strings, escaped quotes, and the line of the bracket that goes too deep */
  assert_check_passes ("{\"a\":\"[[[[[[\\\"[[[[\"}", 2, CS_JSON_CHECK_DEFAULT);
  assert_check_fails ("{\n\"a\":\n[\n[\n1]]}", 2, CS_JSON_CHECK_DEFAULT, "(line 4)");
  /* closing brackets that do not match are the parser's business, not a depth */
  assert_check_passes ("]]]]]][[", 2, CS_JSON_CHECK_DEFAULT);
  assert_check_passes ("", 1, CS_JSON_CHECK_DEFAULT);
  g_assert_true (cs_json_check ("", 0, 1, 1, CS_JSON_CHECK_DEFAULT, CS_ERROR_INVALID_RECORDING, NULL));
  /* lines count from the one given: a reader checks one line of its file at a time */
  g_assert_false (cs_json_check ("[[[", -1, 2, 41, CS_JSON_CHECK_DEFAULT, CS_ERROR_INVALID_SCENARIO, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_SCENARIO);
  g_assert_nonnull (strstr (error->message, "(line 41)"));
}

/* What json-glib 1.6 reads beyond JSON could hide brackets from a scan that knows only
 * "double-quoted" strings: {"a":['"',[[[… and comments overflowed the stack. */
static void
test_not_json_scan (void)
{
  static const char *const good[] = {
    /* quotes, slashes, brackets and every JSON escape inside strings */
    "{\"url\":\"http://example.org/a'b\",\"q\":\"it's [here]\"}",
    "{\"e\":\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\u00E9 \\ud83d\\ude00\"}",
    /* half a pair before another character: json-glib reads it (into invalid UTF-8,
     * which the readers refuse or repair), and the string still ends where we think */
    "{\"a\":\"x\\ud800y\",\"b\":\"\\udc00 \"}",
    "{\"a\":\"\\ud800\\\"\"}",
    " {\"a\":1} \r\n\t",
    /* an escape cut by the end of the text: the parser refuses the unterminated string
     * (and the reader forgives a last line that a crash cut there) */
    "{\"a\":\"\\u00",
    "{\"a\":\"\\ud83d\\ude",
    "{\"a\":\"\\",
  };
  static const struct
  {
    const char *text;
    const char *message;
  } bad[] = {
    { "{\"steps\":['\"',[[[1]]]]}", "(line 1): single quotes and comments are not JSON" },
    { "{\"a\":'x'}", "single quotes" },
    { "/* \" */[[[1]]]", "single quotes and comments" },
    { "{\"a\":1}\n// \"\n", "(line 2): single quotes and comments" },
    { "[1]/", "comments" },
    /* json-glib reads on after "\u1" into the next character: the quote did not end the string */
    { "[\"\\u1\"\",[[[1]]]]", "escape" },
    { "[\"\\u12\\\"\",[[[1]]]]", "escape" },
    { "[\"\\u\"]", "escape" },
    { "[\"\\x41\"]", "escape" },
    { "[\"\\777\"]", "escape" },
    { "[\"\\'\"]", "escape" },
    { "[\"a\\\nb\"]", "escape" },
    /* nor did it after half a surrogate pair */
    { "[\"\\ud800\"\",[[[1]]]]", "half of a UTF-16 surrogate pair" },
    { "{\n\"a\":\"\\udfff\"}", "(line 2): a string ends with half" },
    { "[\"\\ud800\\ud800\"]", "half of a UTF-16 surrogate pair" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    assert_check_passes (good[i], 3, CS_JSON_CHECK_SINGLE_VALUE);
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    assert_check_fails (bad[i].text, 64, CS_JSON_CHECK_DEFAULT, bad[i].message);

  /* one value: nothing after it, no closing bracket without its opening one */
  assert_check_fails ("{\"a\":1} {\"b\":2}", 3, CS_JSON_CHECK_SINGLE_VALUE, "more text after the end");
  assert_check_fails ("{\"a\":1}\n,", 3, CS_JSON_CHECK_SINGLE_VALUE, "(line 2): more text");
  assert_check_fails ("]{}", 3, CS_JSON_CHECK_SINGLE_VALUE, "a closing bracket without");
  assert_check_passes ("{\"a\":1} {\"b\":2}", 3, CS_JSON_CHECK_DEFAULT);
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

/* The same, with the brackets behind a single quote or a comment: json-glib 1.6 reads both,
 * and the depth check knew only "double-quoted" strings. Refused, naming the line. */
static void
test_deep_hidden (Fixture *f, gconstpointer data)
{
  static const char *const hiding[] = { "['\"',", "/* \" */", "[\"\\u1\"\",", "[\"\\ud800\"\"," };

  for (gsize i = 0; i < G_N_ELEMENTS (hiding); i++)
    {
      g_autofree char *prefix = g_strconcat (SESSION "{\"type\":\"event\",\"t\":1,\"msg\":", hiding[i], NULL);
      g_autofree char *recording = nested (prefix, 75000, "]}\n");
      g_autofree char *scenario_prefix = g_strconcat ("{\"name\":\"deep\",\n\"steps\":", hiding[i], NULL);
      g_autofree char *scenario_text = nested (scenario_prefix, 75000, "]}");
      g_autoptr (GError) error = NULL;
      g_autoptr (CsRecordingReader) reader = read_text (f, recording, &error);
      g_autoptr (CsScenario) scenario = NULL;

      g_assert_null (reader);
      g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_RECORDING);
      if (!g_str_has_prefix (error->message, "not valid JSON (line 2): "))
        g_error ("recording %zu: %s", i, error->message);
      g_clear_error (&error);

      scenario = cs_scenario_new_from_data (scenario_text, -1, &error);
      g_assert_null (scenario);
      g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_SCENARIO);
      if (!g_str_has_prefix (error->message, "not valid JSON (line 2): "))
        g_error ("scenario %zu: %s", i, error->message);
    }
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

/* ---- 2. the reader's warnings reach the user ---------------------------------------- */

static void
test_warnings_shown (Fixture *f, gconstpointer data)
{
  g_autofree char *path = fixture_file (f, "warn.jsonl",
                                        SESSION SAMPLE (1) "{\"type\":\"hologram\",\"t\":1}\n" SAMPLE (2)
                                        "{\"type\":\"sample\",\"t\":3,\"kind\":\"au", -1);
  g_autofree char *arg = g_strdup_printf ("--replay=%s", path);
  g_auto (Result) r = { 0 };

  run_headless (&r, 0, arg, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.err, "The last line (5) is incomplete"));
  g_assert_nonnull (strstr (r.err, "“hologram”"));
  g_assert_nonnull (strstr (r.out, "Callscope summary"));
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

/* An importer writes samples and events without a model: the writer cuts them itself. */
static void
test_writer_bounds (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = fixture_file (f, "bounds.jsonl", NULL, 0);
  g_autoptr (CsRecorder) recorder = cs_recorder_new (path, "lab", &error);
  g_autoptr (CsRecordingReader) reader = NULL;
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (CsStatsSample) s = cs_stats_sample_new ();
  g_autofree char *huge = g_strnfill (2 * 1024 * 1024, 'x');
  g_autofree char *controls = g_strnfill (300 * 1024, '\001');
  CsStatsSample *back;

  g_assert_no_error (error);
  s->t = 1;
  s->observer_uid = g_strdup ("local");
  s->peer_uid = g_strdup ("user-1");
  s->kind = CS_SAMPLE_KIND_CONNECTION;
  s->display_name = g_strdup (huge);
  s->message = g_strdup (controls); /* each byte escaped as \u0001: 6 × longer */
  cs_recorder_write_sample (recorder, s);
  cs_recorder_write_event (recorder, 1, "error", "user-1", huge);
  /* a time the reader would refuse: the line is not written */
  s->t = NAN;
  cs_recorder_write_sample (recorder, s);
  cs_recorder_write_event (recorder, NAN, "info", NULL, "at an unknown time");
  g_assert_true (cs_recorder_close (recorder, &error));

  reader = cs_recording_reader_new_from_file (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cs_recording_reader_get_samples (reader)->len, ==, 1);
  back = g_ptr_array_index (cs_recording_reader_get_samples (reader), 0);
  g_assert_true (g_str_has_prefix (huge, back->display_name));
  g_assert_cmpuint (strlen (back->display_name), <, 64 * 1024);
  g_assert_cmpuint (cs_recording_reader_get_outputs (reader)->len, ==, 2);
}

/* ---- 6. strings: types, UTF-8, what messages quote ------------------------------------ */

/* Half a surrogate pair ("\ud800"): json-glib 1.6 decodes it into invalid UTF-8, 1.10
 * refuses the text. A recording with one is refused with either, naming the line: the
 * writer never writes one, and what is read is what was written. */
static void
test_recording_utf8 (Fixture *f, gconstpointer data)
{
  static const struct
  {
    const char *line;
    const char *message;
  } bad[] = {
    { "{\"type\":\"sample\",\"t\":1,\"kind\":\"audio\",\"direction\":\"inbound\",\"observer_uid\":\"\\ud800x\","
      "\"peer_uid\":\"a\"}", "Line 2: a string has half of a UTF-16 surrogate pair" },
    { "{\"type\":\"sample\",\"t\":1,\"kind\":\"audio\",\"direction\":\"inbound\",\"observer_uid\":\"local\","
      "\"peer_uid\":\"a\",\"display_name\":\"Bob\\udc00!\"}", "Line 2: a string has half of a UTF-16 surrogate pair" },
    { "{\"type\":\"sample\",\"t\":1,\"kind\":\"aud\\ud800io\",\"direction\":\"inbound\"}", "Line 2: a string has half of a UTF-16 surrogate pair" },
    { "{\"type\":\"event\",\"t\":1,\"msg\":[\"ok\",{\"deep\":\"\\ud800x\"}]}", "Line 2: a string has half of a UTF-16 surrogate pair" },
    { "{\"type\":\"event\",\"t\":1,\"\\ud800x\":1}", "Line 2: a string has half of a UTF-16 surrogate pair" },
    { "{\"type\":\"user-joined\",\"uid\":\"u\\udbff-1\",\"t\":1}", "Line 2: a string has half of a UTF-16 surrogate pair" },
    { "{\"type\":\"join\",\"localUid\":\"\\ud800x\",\"t\":1}", "Line 2: a string has half of a UTF-16 surrogate pair" },
  };
  g_autofree char *long_kind = g_strnfill (500, 'k');
  g_autofree char *long_type = g_strnfill (500, 't');

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *text = g_strconcat (SESSION, bad[i].line, "\n", NULL);
      g_autoptr (GError) error = NULL;
      g_autoptr (CsRecordingReader) reader = read_text (f, text, &error);

      g_assert_null (reader);
      g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_RECORDING);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      if (!g_str_has_prefix (error->message, bad[i].message))
        g_error ("case %zu: expected “%s…”, got “%s”", i, bad[i].message, error->message);
    }

  /* json-glib quotes what it read in its own messages, and a value may be long */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (CsRecordingReader) reader = read_text (f, SESSION "{\"\\u00e9x\" \"a\"}\n", &error);

    g_assert_null (reader);
    g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_RECORDING);
    g_assert_true (g_str_has_prefix (error->message, "Line 2: not valid JSON ("));
    g_assert_true (g_utf8_validate (error->message, -1, NULL));
  }
  {
    g_autofree char *text = g_strdup_printf (SESSION "{\"type\":\"sample\",\"t\":1,\"kind\":\"%s\","
                                             "\"direction\":\"inbound\"}\n", long_kind);
    g_autoptr (GError) error = NULL;
    g_autoptr (CsRecordingReader) reader = read_text (f, text, &error);

    g_assert_null (reader);
    g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_RECORDING);
    g_assert_nonnull (strstr (error->message, "“kind” has an unknown value “kkkk"));
    g_assert_nonnull (strstr (error->message, "k…”"));
    g_assert_cmpuint (g_utf8_strlen (error->message, -1), <, 120);
  }
  {
    g_autofree char *text = g_strdup_printf (SESSION SAMPLE (1) "{\"type\":\"%s\",\"t\":1}\n", long_type);
    g_autoptr (GError) error = NULL;
    g_autoptr (CsRecordingReader) reader = read_text (f, text, &error);
    GPtrArray *warnings;

    g_assert_no_error (error);
    warnings = cs_recording_reader_get_warnings (reader);
    g_assert_cmpuint (warnings->len, ==, 1);
    g_assert_nonnull (strstr (g_ptr_array_index (warnings, 0), "t…”"));
    g_assert_cmpuint (g_utf8_strlen (g_ptr_array_index (warnings, 0), -1), <, 200);
  }
  /* a last line that a crash cut in an escape is forgiven, as any cut last line */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (CsRecordingReader) reader =
      read_text (f, SESSION SAMPLE (1) "{\"type\":\"event\",\"t\":2,\"msg\":\"a\\u00", &error);

    g_assert_no_error (error);
    g_assert_cmpuint (cs_recording_reader_get_warnings (reader)->len, ==, 1);
    g_assert_nonnull (strstr (g_ptr_array_index (cs_recording_reader_get_warnings (reader), 0), "The last line (3)"));
  }
}

/* A scenario's "name" and "description" are strings (an array raised a Json-CRITICAL, a
 * number gave a NULL name), repaired when not UTF-8: they are text for people. "user" is
 * an id: refused. What a message quotes is UTF-8 and short. */
static void
test_scenario_strings (void)
{
  static const struct
  {
    const char *json;
    const char *message;
  } bad[] = {
    { "{\"name\":[],\"steps\":[]}", "“name” must be a string" },
    { "{\"name\":1,\"steps\":[]}", "“name” must be a string" },
    { "{\"name\":true,\"steps\":[]}", "“name” must be a string" },
    { "{\"description\":{},\"steps\":[]}", "“description” must be a string" },
    { "{\"\\u00e9x\" \"a\"}", "not valid JSON: " },
  };
  g_autofree char *long_key = g_strnfill (5000, 'x');

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (CsScenario) scenario = cs_scenario_new_from_data (bad[i].json, -1, &error);

      g_assert_null (scenario);
      g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_SCENARIO);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      if (!g_str_has_prefix (error->message, bad[i].message))
        g_error ("case %zu: expected “%s…”, got “%s”", i, bad[i].message, error->message);
    }

  {
    g_autofree char *json = g_strdup_printf ("{\"steps\":[{\"at\":1,\"set\":{\"%s\":1}}]}", long_key);
    g_autofree char *json_string = g_strdup_printf ("{\"steps\":[{\"at\":1,\"set\":{\"%s\":\"a\"}}]}", long_key);
    g_autoptr (GError) error = NULL;
    g_autoptr (GError) error_string = NULL;
    g_autoptr (CsScenario) scenario = cs_scenario_new_from_data (json, -1, &error);
    g_autoptr (CsScenario) scenario_string = cs_scenario_new_from_data (json_string, -1, &error_string);

    g_assert_null (scenario);
    g_assert_null (scenario_string);
    g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_SCENARIO);
    g_assert_nonnull (strstr (error->message, "x…”"));
    g_assert_cmpuint (strlen (error->message), <, 400);
    g_assert_error (error_string, CS_ERROR, CS_ERROR_INVALID_SCENARIO);
    g_assert_nonnull (strstr (error_string->message, "x…” must be a number"));
  }

  /* absent or null: "" */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (CsScenario) scenario = cs_scenario_new_from_data ("{\"name\":null,\"steps\":[]}", -1, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (cs_scenario_get_name (scenario), ==, "");
    g_assert_cmpstr (cs_scenario_get_description (scenario), ==, "");
  }
  /* half a surrogate pair in an id: U+FFFD, an id no user has (json-glib 1.6 and 1.10 alike) */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (CsScenario) scenario =
      cs_scenario_new_from_data ("{\"steps\":[{\"at\":1,\"user\":\"\\ud800x\",\"set\":{\"loss\":1}}]}", -1, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (cs_scenario_get_step (scenario, 0)->uid, ==, "\xef\xbf\xbd" "x");
  }
  /* text for people: repaired; a good pair is kept */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (CsScenario) scenario =
      cs_scenario_new_from_data ("{\"name\":\"Lossy \\ud800x\",\"description\":\"\\ud83d\\ude00 \\udc00!\",\"steps\":[]}",
                                 -1, &error);

    g_assert_no_error (error);
    g_assert_true (g_utf8_validate (cs_scenario_get_name (scenario), -1, NULL));
    g_assert_true (g_str_has_prefix (cs_scenario_get_name (scenario), "Lossy "));
    g_assert_true (g_utf8_validate (cs_scenario_get_description (scenario), -1, NULL));
    g_assert_true (g_str_has_prefix (cs_scenario_get_description (scenario), "\xf0\x9f\x98\x80 "));
  }
}

/* ---- 4. a full disk ------------------------------------------------------------------- */

/* A memory stream that is full after `limit` bytes: the write that crosses it is short,
 * the next fails with G_IO_ERROR_NO_SPACE (what write(2) does on a full disk). */
typedef struct
{
  GMemoryOutputStream parent_instance;
  gsize               limit;
  gsize               written;
} TestFullStream;

typedef GMemoryOutputStreamClass TestFullStreamClass;

GType test_full_stream_get_type (void);
G_DEFINE_TYPE (TestFullStream, test_full_stream, G_TYPE_MEMORY_OUTPUT_STREAM)

static gssize
full_stream_write (GOutputStream *stream, const void *buffer, gsize count, GCancellable *cancellable, GError **error)
{
  TestFullStream *self = (TestFullStream *) stream;
  gssize n;

  if (self->written >= self->limit)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "No space left on device");
      return -1;
    }
  n = G_OUTPUT_STREAM_CLASS (test_full_stream_parent_class)->write_fn (stream, buffer, MIN (count, self->limit - self->written),
                                                                       cancellable, error);
  if (n > 0)
    self->written += n;
  return n;
}

static void
test_full_stream_class_init (TestFullStreamClass *klass)
{
  G_OUTPUT_STREAM_CLASS (klass)->write_fn = full_stream_write;
}

static void
test_full_stream_init (TestFullStream *self)
{
}

typedef struct
{
  guint  failures;
  double at;
} Failure;

static void
on_failed (CsRecorder *recorder, const GError *error, Failure *failure)
{
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_assert_nonnull (strstr (error->message, "full.jsonl"));
  failure->failures++;
}

static void
test_full_disk_whole_lines (void)
{
  g_autoptr (GError) error = NULL;
  TestFullStream *stream = g_object_new (test_full_stream_get_type (), "realloc-function", g_realloc,
                                         "destroy-function", g_free, NULL);
  g_autoptr (GOutputStream) owned = G_OUTPUT_STREAM (stream);
  g_autoptr (CsRecorder) recorder = NULL;
  g_autoptr (CsStatsModel) model = cs_stats_model_new ();
  Failure failure = { 0 };
  gsize size;
  guint lines;

  stream->limit = 150 * 1000 + 17; /* mid-line, mid-buffer */
  recorder = cs_recorder_new_for_stream (owned, "full.jsonl", "lab", &error);
  g_assert_no_error (error);
  g_signal_connect (recorder, "failed", G_CALLBACK (on_failed), &failure);
  cs_recorder_attach (recorder, model);
  cs_stats_model_join (model, "local");
  for (guint t = 0; t < 600; t++)
    {
      for (guint u = 1; u <= 4; u++)
        {
          g_autoptr (CsStatsSample) s = cs_stats_sample_new ();

          s->t = t;
          s->observer_uid = g_strdup ("local");
          s->peer_uid = g_strdup_printf ("user-%u", u);
          s->kind = CS_SAMPLE_KIND_AUDIO;
          s->direction = CS_SAMPLE_DIRECTION_INBOUND;
          s->packets = t * 50;
          s->bytes = t * 5000;
          cs_stats_model_ingest (model, s);
        }
      cs_stats_model_commit (model, t);
      /* it fails when it happens, not when the call ends */
      if (failure.failures > 0 && failure.at == 0)
        failure.at = t;
    }
  cs_stats_model_leave (model);
  g_assert_cmpuint (failure.failures, ==, 1);
  g_assert_cmpfloat (failure.at, >, 0);
  g_assert_cmpfloat (failure.at, <, 300);
  g_assert_true (cs_recorder_get_failed (recorder));
  g_assert_false (cs_recorder_close (recorder, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);

  /* the stream holds whole lines only, up to the last one that fitted */
  size = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream));
  g_assert_cmpuint (size, <=, stream->limit);
  g_assert_cmpuint (size, >, stream->limit - 64 * 1024);
  lines = assert_whole_lines (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (stream)), size);
  g_assert_cmpuint (lines, >, 100);
}

/* /dev/full: the session line cannot be written, so recording fails at once, before the call. */
static void
test_dev_full (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_call (f, "small.jsonl", 1, 3);
  g_autofree char *replay = g_strdup_printf ("--replay=%s", path);
  g_auto (Result) r = { 0 };

  if (!g_file_test ("/dev/full", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no /dev/full");
      return;
    }
  run_headless (&r, 0, replay, "--record=/dev/full", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "/dev/full"));
}

/* A disk that fills up during the call (here: the file may not grow beyond 100 kB): the
 * recording stops at once, with a message and a RECORDING_FAILED event in the log; the
 * call (a replay) goes on to its end; exit status 1; the file ends on a whole line. */
static void
test_full_disk_headless (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_call (f, "long.jsonl", 3, 200);
  g_autofree char *out = fixture_file (f, "out.jsonl", NULL, 0);
  g_autofree char *replay = g_strdup_printf ("--replay=%s", path);
  g_autofree char *record = g_strdup_printf ("--record=%s", out);
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = g_file_new_for_path (out);
  g_autoptr (CsRecordingReader) reader = NULL;
  g_auto (Result) r = { 0 };
  const char *event;
  gsize len = 0;

  run_headless (&r, 100 * 1000, replay, record, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "Cannot write the recording"));
  g_assert_nonnull (strstr (r.err, out));
  g_assert_nonnull (strstr (r.err, "RECORDING_FAILED"));
  /* said once, not again when the call ends */
  g_assert_null (strstr (strstr (r.err, "Cannot write the recording") + 1, "Cannot write the recording"));
  /* the call went on to its end, and its log has the event, at the time it happened */
  g_assert_nonnull (strstr (r.out, "Callscope summary: 199 s"));
  event = strstr (r.out, " s  5101 RECORDING_FAILED");
  g_assert_nonnull (event);
  while (event > r.out && event[-1] != '\n')
    event--;
  g_assert_cmpfloat (g_ascii_strtod (event, NULL), >, 0);
  g_assert_cmpfloat (g_ascii_strtod (event, NULL), <, 150);

  g_file_get_contents (out, &text, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (len, <=, 100 * 1000);
  assert_whole_lines (text, len);
  reader = cs_recording_reader_new_from_file (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cs_recording_reader_get_warnings (reader)->len, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  g_test_add_func ("/bad-files/depth-scan", test_depth_scan);
  g_test_add_func ("/bad-files/not-json-scan", test_not_json_scan);
  ADD ("/bad-files/deep-recording", test_deep_recording);
  ADD ("/bad-files/deep-scenario", test_deep_scenario);
  ADD ("/bad-files/deep-hidden", test_deep_hidden);
  ADD ("/bad-files/version-range", test_version_range);
  ADD ("/bad-files/times", test_times);
  g_test_add_func ("/bad-files/scenario-order", test_scenario_order);
  ADD ("/bad-files/warnings-shown", test_warnings_shown);
  ADD ("/bad-files/long-name", test_long_name);
  ADD ("/bad-files/writer-bounds", test_writer_bounds);
  ADD ("/bad-files/recording-utf8", test_recording_utf8);
  g_test_add_func ("/bad-files/scenario-strings", test_scenario_strings);
  g_test_add_func ("/bad-files/full-disk/whole-lines", test_full_disk_whole_lines);
  ADD ("/bad-files/full-disk/dev-full", test_dev_full);
  ADD ("/bad-files/full-disk/headless", test_full_disk_headless);
#undef ADD

  return g_test_run ();
}
