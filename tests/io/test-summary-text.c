/* test-summary-text.c — the end-of-call summary and the recording name users as a support
 * engineer knows them: the local user by its name in the room, a user who left with its time
 * of leaving and its video, user-left lines with the user's name
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "cs-call-digest.h"
#include "cs-recorder.h"
#include "cs-summary-text.h"

static CsStatsSample *
media (double t, CsSampleKind kind)
{
  CsStatsSample *s = cs_stats_sample_new ();
  guint64 n = (guint64) t + 1;

  s->t = t;
  s->observer_uid = g_strdup ("local");
  s->peer_uid = g_strdup ("pub-1");
  s->kind = kind;
  s->direction = CS_SAMPLE_DIRECTION_INBOUND;
  s->ssrc = kind == CS_SAMPLE_KIND_VIDEO ? 2 : 1;
  s->codec = g_strdup (kind == CS_SAMPLE_KIND_VIDEO ? "VP8" : "opus");
  s->packets = n * 50;
  s->has_packets_lost = TRUE;
  s->bytes = n * 40000;
  s->rtt_ms = 20;
  if (kind == CS_SAMPLE_KIND_VIDEO)
    {
      s->has_frames = TRUE;
      s->frames_decoded = s->frames_rendered = n * 20;
      s->total_freeze_ms = 0;
      s->width = 640;
      s->height = 480;
    }
  return s;
}

static CsStatsSample *
connection (double t, const char *peer, const char *name, CsConnectionState state)
{
  CsStatsSample *s = cs_stats_sample_new ();

  s->t = t;
  s->observer_uid = g_strdup ("local");
  s->peer_uid = g_strdup (peer);
  s->kind = CS_SAMPLE_KIND_CONNECTION;
  s->connection_state = state;
  s->display_name = g_strdup (name);
  return s;
}

static void
test_summary_and_recording (void)
{
  g_autoptr (CsStatsModel) model = cs_stats_model_new ();
  g_autoptr (CsCallDigest) digest = cs_call_digest_new (model);
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cs-summary-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "call.jsonl", NULL);
  g_autoptr (CsRecorder) recorder = NULL;
  g_autofree char *text = NULL;
  g_autofree char *recording = NULL;
  const char *pub;
  CsExportCall call = { 0 };

  g_assert_no_error (error);
  recorder = cs_recorder_new (path, "janus", &error);
  g_assert_no_error (error);
  cs_recorder_attach (recorder, model);
  cs_stats_model_join (model, "local");
  for (guint t = 0; t < 12; t++)
    {
      /* the server's samples name the local user as --display did ("Alice" in the room) */
      g_autoptr (CsStatsSample) server = connection (t, "server", t == 0 ? "Alice" : NULL, CS_CONNECTION_STATE_CONNECTED);

      cs_stats_model_ingest (model, server);
      if (t == 0)
        {
          g_autoptr (CsStatsSample) joined = connection (t, "pub-1", "Bob", CS_CONNECTION_STATE_CONNECTED);

          cs_stats_model_ingest (model, joined);
        }
      if (t < 8)
        {
          g_autoptr (CsStatsSample) v = media (t, CS_SAMPLE_KIND_VIDEO);
          g_autoptr (CsStatsSample) a = media (t, CS_SAMPLE_KIND_AUDIO);

          cs_stats_model_ingest (model, v);
          cs_stats_model_ingest (model, a);
        }
      else if (t == 8)
        {
          g_autoptr (CsStatsSample) left = connection (t, "pub-1", "Bob", CS_CONNECTION_STATE_CLOSED);

          cs_stats_model_ingest (model, left);
        }
      cs_stats_model_commit (model, t);
    }
  g_assert_cmpstr (cs_participant_get_display_name (cs_stats_model_lookup (model, "local")), ==, "Alice");
  g_assert_cmpfloat (cs_participant_get_left_at (cs_stats_model_lookup (model, "pub-1")), ==, 8);

  call = (CsExportCall) { model, digest, NULL, "janus", NULL, 1.8e9, FALSE };
  text = cs_summary_text (&call, NULL, 0);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "local (Alice, you)"));
  pub = strstr (text, "pub-1 (Bob)");
  g_assert_nonnull (pub);
  /* the user who left: when, instead of a stale "quality now", and its video kept */
  g_assert_nonnull (strstr (pub, "left the call at 8.0 s"));
  g_assert_null (strstr (pub, "quality now"));
  g_assert_nonnull (strstr (pub, "video received"));
  g_assert_nonnull (strstr (pub, "640×480"));
  g_assert_nonnull (strstr (pub, "audio received"));

  g_assert_true (cs_recorder_close (recorder, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &recording, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (recording, "{\"type\":\"user-left\""));
  g_assert_nonnull (strstr (strstr (recording, "{\"type\":\"user-left\""), "\"uid\":\"pub-1\",\"displayName\":\"Bob\"}"));
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/summary-text/names-and-leaving", test_summary_and_recording);
  return g_test_run ();
}
