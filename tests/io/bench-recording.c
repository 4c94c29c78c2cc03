/* bench-recording.c — how fast a recording is written and read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writes an hour of a 16-user call (16 users × 4 tracks × 3600 s of samples), reads it
 * back, and prints the time per sample and the file size. A benchmark, not a test: it
 * prints figures and fails only if the file does not read back.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>

#include "cs-recorder.h"
#include "cs-recording-reader.h"

#define USERS   16
#define TRACKS  4
#define SECONDS 3600

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cs-bench-recording-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr (CsRecorder) recorder = NULL;
  g_autoptr (CsRecordingReader) reader = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (CsStatsSample) s = cs_stats_sample_new ();
  char *uids[USERS] = { NULL };
  GStatBuf st;
  gint64 start, wrote, read;
  guint n = USERS * TRACKS * SECONDS;

  g_assert_no_error (error);
  path = g_build_filename (dir, "bench.jsonl", NULL);
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
  g_rmdir (dir);
  for (guint u = 0; u < USERS; u++)
    g_free (uids[u]);
  return 0;
}
