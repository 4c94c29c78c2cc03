/* test-call-controller.c — CsCallController: starting, refusing, recording and replaying calls
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The controller is what the window and the headless mode share. These tests need no
 * media: a refused call never starts one, and a replay runs without an engine (the lab
 * call through the controller is tested end to end by tests/engine and test-window).
 */
#include "config.h"

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <string.h>

#include "cs-call-controller.h"
#include "cs-error.h"

static char *
tmp_dir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("cs-controller-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
test_mode_names (void)
{
  /* one table: what recordings and the window say of each mode */
  g_assert_cmpstr (cs_call_mode_name (CS_CALL_MODE_LAB), ==, "lab");
  g_assert_cmpstr (cs_call_mode_name (CS_CALL_MODE_JANUS), ==, "janus");
  g_assert_cmpstr (cs_call_mode_name (CS_CALL_MODE_WHIP), ==, "whip");
  g_assert_cmpstr (cs_call_mode_name (CS_CALL_MODE_WHEP), ==, "whep");
  g_assert_cmpstr (cs_call_mode_name (CS_CALL_MODE_REPLAY), ==, "replay");
}

/* A call that cannot start says why, and nothing runs or records afterwards. */
static void
test_refused (void)
{
  g_autoptr (CsCallController) controller = cs_call_controller_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = tmp_dir ();
  g_autofree char *unwritable = g_build_filename (dir, "no", "such", "dir", "call.jsonl", NULL);
  CsCallConfig config;

  cs_call_config_init (&config);
  config.scenario = g_strdup ("no-such-preset");
  g_assert_false (cs_call_controller_start (controller, &config, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_SCENARIO);
  g_assert_false (cs_call_controller_get_running (controller));
  g_assert_null (cs_call_controller_get_session (controller));
  g_clear_error (&error);
  g_clear_pointer (&config.scenario, g_free);

  /* a recording that cannot be written: the call does not start without it */
  config.record = g_strdup (unwritable);
  g_assert_false (cs_call_controller_start (controller, &config, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == G_FILE_ERROR || error->domain == G_IO_ERROR);
  g_assert_false (cs_call_controller_get_running (controller));
  g_assert_false (cs_call_controller_get_recording (controller));
  g_assert_cmpint (cs_stats_model_get_state (cs_call_controller_get_model (controller)), !=, CS_CALL_STATE_JOINED);
  cs_call_config_clear (&config);
  g_rmdir (dir);
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

/* A replay through the controller records the same lines as the recording it replays
 * (but the free-form `event` lines and the header), in mode "replay". */
static void
test_replay_records (void)
{
  g_autoptr (CsCallController) controller = cs_call_controller_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *fixture = g_build_filename (CS_TEST_RECORDINGS, "lab-wifi-lossy.jsonl", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (fixture);
  g_autoptr (CsRecordingReader) reader = cs_recording_reader_new_from_file (file, NULL, &error);
  g_autofree char *dir = tmp_dir ();
  g_autofree char *out = g_build_filename (dir, "replay.jsonl", NULL);
  g_auto (GStrv) a = NULL;
  g_auto (GStrv) b = NULL;
  guint j = 1, compared = 0;

  g_assert_no_error (error);
  g_assert_true (cs_call_controller_replay (controller, reader, out, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (cs_call_controller_get_mode_name (controller), ==, "replay");
  g_assert_cmpstr (cs_call_controller_get_record_path (controller), ==, out);
  g_assert_false (cs_call_controller_get_running (controller));
  g_assert_true (cs_call_controller_stop_recording (controller, &error));
  g_assert_no_error (error);
  g_assert_false (cs_call_controller_get_recording (controller));

  a = read_lines (fixture);
  b = read_lines (out);
  g_assert_nonnull (strstr (b[0], "\"mode\":\"replay\""));
  for (guint i = 1; a[i] != NULL; i++)
    {
      if (a[i][0] == '\0' || g_str_has_prefix (a[i], "{\"type\":\"event\""))
        continue;
      g_assert_nonnull (b[j]);
      g_assert_cmpstr (a[i], ==, b[j]);
      j++;
      compared++;
    }
  g_assert_cmpuint (compared, >, 500);
  g_unlink (out);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/call-controller/mode-names", test_mode_names);
  g_test_add_func ("/call-controller/refused", test_refused);
  g_test_add_func ("/call-controller/replay-records", test_replay_records);
  return g_test_run ();
}
