/* test-record-rotation.c — --record-max: the limits it takes, the names of the files, and a
 * recording in files that are each whole and replayable on their own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>

#include "cs-call-controller.h"
#include "cs-error.h"
#include "cs-record-rotation.h"

static void
test_parse (void)
{
  struct { const char *text; guint64 bytes; double seconds; } good[] = {
    { "100M", 100 * 1024 * 1024, 0 }, { "100MiB", 100 * 1024 * 1024, 0 }, { "2G", 2ull << 30, 0 },
    { "64K", 64 * 1024, 0 }, { "1000000", 1000000, 0 }, { "65536B", 65536, 0 }, { "1h", 0, 3600 },
    { "30m", 0, 1800 }, { "10s", 0, 10 }, { "1d", 0, 86400 }, { "7d", 0, 7 * 86400 },
  };
  const char *bad[] = { "", "M", "1x", "-1M", "1.5G", "10 M", "1hh", "100M ", "9s", "1K", "0", "0h",
                        "99999999999999999999G", "1e9", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr (GError) error = NULL;
      guint64 bytes = 1;
      double seconds = 1;

      g_assert_true (cs_record_max_parse (good[i].text, &bytes, &seconds, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (bytes, ==, good[i].bytes);
      g_assert_cmpfloat (seconds, ==, good[i].seconds);
    }
  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_autoptr (GError) error = NULL;
      guint64 bytes;
      double seconds;

      g_assert_false (cs_record_max_parse (bad[i], &bytes, &seconds, &error));
      g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_OPTION);
      g_assert_nonnull (strstr (error->message, "--record-max"));
    }
}

static void
test_names (void)
{
  struct { const char *path; guint index; const char *name; } cases[] = {
    { "call.jsonl", 0, "call.jsonl" }, { "call.jsonl", 1, "call.1.jsonl" }, { "/a/call.jsonl", 12, "/a/call.12.jsonl" },
    { "call", 2, "call.2" }, { "/a.b/call", 1, "/a.b/call.1" }, { "call.txt", 3, "call.txt.3" },
    { "/a/.jsonl", 1, "/a/.jsonl.1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = cs_record_rotation_path (cases[i].path, cases[i].index);

      g_assert_cmpstr (name, ==, cases[i].name);
    }
}

/* Records the fixture's samples through a controller's model, in files of @bytes or @seconds;
 * returns the number of files. */
static void
on_record_failed (CsCallController *controller, const GError *error, guint *n)
{
  g_test_message ("record-failed: %s", error->message);
  (*n)++;
}

/* (@failed: nullable out) how often "record-failed" came; then stopping the recording fails too */
static guint
record_in_files_full (const char *path, guint64 bytes, double seconds, guint *n_samples, guint *failed)
{
  g_autofree char *fixture = g_build_filename (CS_TEST_RECORDINGS, "lab-wifi-lossy.jsonl", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (fixture);
  g_autoptr (GError) error = NULL;
  g_autoptr (CsRecordingReader) reader = cs_recording_reader_new_from_file (file, NULL, &error);
  g_autoptr (CsCallController) controller = cs_call_controller_new (NULL);
  CsStatsModel *model = cs_call_controller_get_model (controller);
  GPtrArray *samples;
  double t = -1;
  guint files;

  g_assert_no_error (error);
  samples = cs_recording_reader_get_samples (reader);
  *n_samples = samples->len;
  cs_call_controller_set_record_max (controller, bytes, seconds);
  g_assert_true (cs_call_controller_start_recording (controller, path, &error));
  g_assert_no_error (error);
  if (failed != NULL)
    g_signal_connect (controller, "record-failed", G_CALLBACK (on_record_failed), failed);
  cs_stats_model_join (model, "local");
  for (guint i = 0; i < samples->len; i++)
    {
      const CsStatsSample *s = g_ptr_array_index (samples, i);

      if (s->t > t && t >= 0)
        cs_stats_model_commit (model, t);
      t = s->t;
      g_assert_true (cs_stats_model_ingest (model, s));
    }
  cs_stats_model_commit (model, t);
  cs_stats_model_leave (model);
  files = cs_call_controller_get_record_files (controller);
  if (failed != NULL && *failed > 0)
    {
      g_assert_true (cs_call_controller_get_record_failed (controller));
      g_assert_false (cs_call_controller_stop_recording (controller, &error));
      g_assert_nonnull (error);
      return files;
    }
  g_assert_true (cs_call_controller_stop_recording (controller, &error));
  g_assert_no_error (error);
  return files;
}

static guint
record_in_files (const char *path, guint64 bytes, double seconds, guint *n_samples)
{
  return record_in_files_full (path, bytes, seconds, n_samples, NULL);
}

/* Each file: whole JSON lines, a session line, a join and the thresholds first, readable
 * without a warning and replayable alone; together they have every sample, in order. */
static void
check_files (const char *path, guint files, guint n_samples)
{
  guint total = 0;
  double last_t = -1;

  for (guint k = 0; k < files; k++)
    {
      g_autofree char *name = cs_record_rotation_path (path, k);
      g_autoptr (GFile) file = g_file_new_for_path (name);
      g_autoptr (GError) error = NULL;
      g_autofree char *data = NULL;
      g_auto (GStrv) lines = NULL;
      g_autoptr (CsRecordingReader) reader = NULL;
      g_autoptr (CsStatsModel) model = cs_stats_model_new ();
      GPtrArray *samples;
      guint n;

      g_assert_true (g_file_get_contents (name, &data, NULL, &error));
      g_assert_true (g_str_has_suffix (data, "\n"));
      lines = g_strsplit (data, "\n", -1);
      n = g_strv_length (lines) - 1;
      g_assert_cmpuint (n, >=, 3);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr (JsonNode) node = json_from_string (lines[i], &error);

          g_assert_no_error (error);
          g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
        }
      g_assert_true (g_str_has_prefix (lines[0], "{\"type\":\"session\""));
      g_assert_true (g_str_has_prefix (lines[1], "{\"type\":\"join\""));
      g_assert_true (g_str_has_prefix (lines[2], "{\"type\":\"thresholds\""));
      /* a file ends on a whole second: its commit line, or the leave of the last */
      g_assert_true (g_str_has_prefix (lines[n - 1], k + 1 < files ? "{\"type\":\"commit\"" : "{\"type\":\"leave\""));

      reader = cs_recording_reader_new_from_file (file, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (cs_recording_reader_get_warnings (reader)->len, ==, 0);
      samples = cs_recording_reader_get_samples (reader);
      g_assert_cmpuint (samples->len, >, 0);
      g_assert_cmpfloat (((CsStatsSample *) g_ptr_array_index (samples, 0))->t, >=, last_t);
      last_t = ((CsStatsSample *) g_ptr_array_index (samples, samples->len - 1))->t;
      total += samples->len;
      cs_recording_reader_replay (reader, model);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), >=, 1);
      g_assert_cmpfloat (cs_recording_reader_get_duration (reader), >=, last_t);
      g_test_message ("%s: %u lines, %u samples, t up to %.1f s", name, n, samples->len, last_t);
      g_unlink (name);
    }
  g_assert_cmpuint (total, ==, n_samples);
  {
    g_autofree char *next = cs_record_rotation_path (path, files);

    g_assert_false (g_file_test (next, G_FILE_TEST_EXISTS));
  }
}

static void
test_by_size (void)
{
  g_autofree char *dir = g_dir_make_tmp ("cs-rotation-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "probe.jsonl", NULL);
  guint n_samples = 0;
  guint files = record_in_files (path, 32 * 1024, 0, &n_samples);

  g_test_message ("%u files of about 32K", files);
  g_assert_cmpuint (files, >=, 3);
  check_files (path, files, n_samples);
  g_rmdir (dir);
}

static void
test_by_duration (void)
{
  g_autofree char *dir = g_dir_make_tmp ("cs-rotation-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "probe.jsonl", NULL);
  guint n_samples = 0;
  guint files = record_in_files (path, 0, 10, &n_samples);

  g_test_message ("%u files of 10 s", files);
  g_assert_cmpuint (files, >=, 2);
  check_files (path, files, n_samples);
  g_rmdir (dir);
}

/* The next file cannot be created (here a folder has its name): said once, the recording
 * stops on the whole second where the first file ends, the call goes on. */
static void
test_next_file_fails (void)
{
  g_autofree char *dir = g_dir_make_tmp ("cs-rotation-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "probe.jsonl", NULL);
  g_autofree char *next = cs_record_rotation_path (path, 1);
  g_autofree char *data = NULL;
  guint n_samples = 0, failed = 0;

  g_assert_cmpint (g_mkdir (next, 0755), ==, 0);
  record_in_files_full (path, 32 * 1024, 0, &n_samples, &failed);
  g_assert_cmpuint (failed, ==, 1);
  g_assert_true (g_file_get_contents (path, &data, NULL, NULL));
  g_assert_true (g_str_has_suffix (data, "}\n"));
  g_unlink (path);
  g_rmdir (next);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/record-rotation/parse", test_parse);
  g_test_add_func ("/record-rotation/names", test_names);
  g_test_add_func ("/record-rotation/by-size", test_by_size);
  g_test_add_func ("/record-rotation/by-duration", test_by_duration);
  g_test_add_func ("/record-rotation/next-file-fails", test_next_file_fails);
  return g_test_run ();
}
