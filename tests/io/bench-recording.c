/* bench-recording.c — how fast a recording is written, read and replayed, and a scenario parsed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * 1. Writes an hour of a 16-user call (16 users × 4 tracks × 3600 s of samples), reads it
 *    back, and prints the time per sample and the file size.
 * 2. Replays a call of 20 000 remote users (3 s of one audio stream each) into a model:
 *    the cost of a large room (every per-user step must be linear in the users).
 * 3. Parses a scenario of 100 000 steps written in reverse time order (the sort).
 * A benchmark, not a test: it prints figures and fails only if the results are wrong.
 * BENCH_USERS and BENCH_STEPS override the sizes of 2 and 3.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>

#include "cs-recorder.h"
#include "cs-recording-reader.h"
#include "cs-scenario.h"

#define USERS   16
#define TRACKS  4
#define SECONDS 3600

static guint
env_size (const char *name, guint fallback)
{
  const char *v = g_getenv (name);

  return v != NULL && atoi (v) > 0 ? (guint) atoi (v) : fallback;
}

static void
bench_hour (const char *dir)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "bench.jsonl", NULL);
  g_autoptr (CsRecorder) recorder = NULL;
  g_autoptr (CsRecordingReader) reader = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (CsStatsSample) s = cs_stats_sample_new ();
  char *uids[USERS] = { NULL };
  GStatBuf st;
  gint64 start, wrote, read;
  guint n = USERS * TRACKS * SECONDS;

  for (guint u = 0; u < USERS; u++)
    uids[u] = g_strdup_printf ("user-%u", u + 1);

  recorder = cs_recorder_new (path, "lab", &error);
  g_assert_no_error (error);
  s->observer_uid = g_strdup ("local");
  s->codec = g_strdup ("VP8");
  s->has_packets_lost = TRUE;
  s->has_frames = TRUE;
  start = g_get_monotonic_time ();
  for (guint t = 0; t < SECONDS; t++)
    {
      for (guint u = 0; u < USERS; u++)
        for (guint k = 0; k < TRACKS; k++)
          {
            s->t = t;
            g_free (s->peer_uid);
            s->peer_uid = g_strdup (uids[u]);
            s->kind = k & 1 ? CS_SAMPLE_KIND_VIDEO : CS_SAMPLE_KIND_AUDIO;
            s->direction = k < 2 ? CS_SAMPLE_DIRECTION_INBOUND : CS_SAMPLE_DIRECTION_OUTBOUND;
            s->ssrc = u * 10 + k;
            s->packets = (guint64) t * 60;
            s->bytes = (guint64) t * 60 * 1100;
            s->packets_lost = t / 10;
            s->jitter_ms = 4.0 + (t % 7) * 0.3333;
            s->rtt_ms = 40.0 + (t % 11) * 1.1;
            s->frames_decoded = s->frames_rendered = (guint64) t * 30;
            s->width = 640;
            s->height = 480;
            s->transport_delay_ms = s->rtt_ms / 2;
            s->receive_delay_ms = s->transport_delay_ms + 40.125;
            s->end2end_delay_ms = s->receive_delay_ms + 30.5;
            cs_recorder_write_sample (recorder, s);
          }
      cs_recorder_flush (recorder);
    }
  g_assert_true (cs_recorder_close (recorder, &error));
  wrote = g_get_monotonic_time () - start;

  file = g_file_new_for_path (path);
  start = g_get_monotonic_time ();
  reader = cs_recording_reader_new_from_file (file, NULL, &error);
  read = g_get_monotonic_time () - start;
  g_assert_no_error (error);
  g_assert_cmpuint (cs_recording_reader_get_samples (reader)->len, ==, n);
  g_assert_cmpint (g_stat (path, &st), ==, 0);

  printf ("recording: %u samples (%u users x %u tracks x %u s)\n", n, USERS, TRACKS, SECONDS);
  printf ("recording: write %.2f us/sample, read %.2f us/sample, %.1f bytes/sample, %.1f MiB/hour\n",
          (double) wrote / n, (double) read / n, (double) st.st_size / n, st.st_size / 1048576.0);

  g_unlink (path);
  for (guint u = 0; u < USERS; u++)
    g_free (uids[u]);
}

static void
bench_many_users (const char *dir)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "users.jsonl", NULL);
  g_autoptr (CsRecorder) recorder = NULL;
  g_autoptr (CsRecordingReader) reader = NULL;
  g_autoptr (CsStatsModel) model = cs_stats_model_new ();
  g_autoptr (GFile) file = NULL;
  g_autoptr (CsStatsSample) s = cs_stats_sample_new ();
  guint users = env_size ("BENCH_USERS", 20000), seconds = 3;
  gint64 start, read, replayed;

  recorder = cs_recorder_new (path, "lab", &error);
  g_assert_no_error (error);
  s->observer_uid = g_strdup ("local");
  s->codec = g_strdup ("OPUS");
  s->kind = CS_SAMPLE_KIND_AUDIO;
  s->direction = CS_SAMPLE_DIRECTION_INBOUND;
  s->has_packets_lost = TRUE;
  for (guint t = 0; t < seconds; t++)
    for (guint u = 0; u < users; u++)
      {
        s->t = t;
        g_free (s->peer_uid);
        s->peer_uid = g_strdup_printf ("user-%u", u + 1);
        s->ssrc = u + 1;
        s->packets = (guint64) t * 50;
        s->bytes = (guint64) t * 5000;
        s->jitter_ms = 3;
        cs_recorder_write_sample (recorder, s);
      }
  g_assert_true (cs_recorder_close (recorder, &error));

  file = g_file_new_for_path (path);
  start = g_get_monotonic_time ();
  reader = cs_recording_reader_new_from_file (file, NULL, &error);
  read = g_get_monotonic_time () - start;
  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  cs_recording_reader_replay (reader, model);
  replayed = g_get_monotonic_time () - start;
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, users + 1);

  printf ("replay: %u users x %u s: read %.2f s, replay %.2f s\n", users, seconds, read / 1e6, replayed / 1e6);
  g_unlink (path);
}

static void
bench_scenario (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CsScenario) scenario = NULL;
  g_autoptr (GString) json = g_string_new ("{\"name\":\"bench\",\"steps\":[");
  guint steps = env_size ("BENCH_STEPS", 100000);
  gint64 start, parsed;

  for (guint i = 0; i < steps; i++)
    g_string_append_printf (json, "%s{\"at\":%u,\"set\":{\"loss\":%u}}", i > 0 ? "," : "", steps - i, i % 100);
  g_string_append (json, "]}");

  start = g_get_monotonic_time ();
  scenario = cs_scenario_new_from_data (json->str, json->len, &error);
  parsed = g_get_monotonic_time () - start;
  g_assert_no_error (error);
  g_assert_cmpuint (cs_scenario_get_n_steps (scenario), ==, steps);
  g_assert_cmpfloat (cs_scenario_get_step (scenario, 0)->at, ==, 1);
  g_assert_cmpfloat (cs_scenario_get_length (scenario), ==, steps);

  printf ("scenario: %u steps in reverse order: parsed and sorted in %.2f s\n", steps, parsed / 1e6);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cs-bench-recording-XXXXXX", &error);

  g_assert_no_error (error);
  if (g_getenv ("BENCH_ONLY") == NULL || g_str_equal (g_getenv ("BENCH_ONLY"), "hour"))
    bench_hour (dir);
  if (g_getenv ("BENCH_ONLY") == NULL || g_str_equal (g_getenv ("BENCH_ONLY"), "users"))
    bench_many_users (dir);
  if (g_getenv ("BENCH_ONLY") == NULL || g_str_equal (g_getenv ("BENCH_ONLY"), "scenario"))
    bench_scenario ();
  g_rmdir (dir);
  return 0;
}
