/* test-whip-call.c — WHIP (publish) and WHEP (watch) calls against a fake endpoint
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fake endpoint (cs-test-whip-fake.c) is a SoupServer on 127.0.0.1 with a real WebRTC
 * peer per resource. `callscope --headless` runs as a child against it: a publish and a
 * watch that must succeed, a watch whose downlink loses 5 % that must be repaired, then one
 * fault per case (wrong token, 404, 500, a 201 without an SDP, an unreachable port, a reset
 * connection, an endpoint that never answers, a failing DELETE) that must end the call with
 * exit 1 and a message naming the problem in bounded time, and bad URLs that are refused
 * with exit 2; and an endpoint that restarts (its peer vanishes mid-call), after which the
 * call is down, then up again, without exiting. test-whip-bounds.c has the endpoints that
 * misbehave on purpose.
 */
#include "config.h"

#include <gst/gst.h>
#include <math.h>
#include <string.h>

#include "cs-test-run.h"
#include "cs-test-whip-fake.h"

/* ------------------------------------------------------------------ recordings */

static guint
count_lines (CsTestRun *run, const char *type, const char *uid)
{
  guint n = 0;

  for (guint i = 0; i < run->lines->len; i++)
    {
      JsonObject *o = g_ptr_array_index (run->lines, i);

      if (cs_test_is_type (o, type) && (uid == NULL || g_strcmp0 (cs_test_uid (o), uid) == 0))
        n++;
    }
  return n;
}

/* TRUE when a connection sample says the local user got connected to @peer. */
static gboolean
connected (CsTestRun *run, const char *peer)
{
  for (guint i = 0; i < run->lines->len; i++)
    {
      JsonObject *o = g_ptr_array_index (run->lines, i);

      if (cs_test_is_type (o, "sample") && g_strcmp0 (cs_test_str (o, "kind"), "connection") == 0 &&
          g_strcmp0 (cs_test_str (o, "observer_uid"), "local") == 0 &&
          g_strcmp0 (cs_test_str (o, "peer_uid"), peer) == 0 &&
          g_strcmp0 (cs_test_str (o, "connection_state"), "connected") == 0)
        return TRUE;
    }
  return FALSE;
}

/* ------------------------------------------------------------------ cases */

static void
test_publish (void)
{
  g_autoptr(CsFakeWhip) fake = cs_fake_whip_start (FAULT_NONE);
  g_autofree char *url = cs_fake_whip_url (fake, "/whip/endpoint");
  g_autofree char *whip = g_strdup_printf ("--whip=%s", url);
  const char *args[] = { whip, "--token=" TOKEN, "--duration=10", NULL };
  g_autoptr(CsTestRun) run = cs_test_run (args, TRUE);
  double send_bytes0 = -1, send_bytes1 = -1, sending;
  guint n_video = 0, n_sending = 0;

  cs_fake_whip_stop (fake);
  g_test_message ("stdout: %s", run->stdout_text);
  g_test_message ("fake: %u OPTIONS, %u POST, %u DELETE; %d video and %d audio packets, %d frames decoded",
                  fake->n_options, fake->n_posts, fake->n_deletes, fake->video_packets, fake->audio_packets,
                  fake->video_frames);
  g_assert_cmpint (run->status, ==, 0);

  /* what the endpoint saw */
  g_assert_true (fake->bearer_ok);
  g_assert_true (fake->sdp_type_ok);
  g_assert_cmpuint (fake->n_unauthorized, ==, 0);
  g_assert_cmpuint (fake->n_options, ==, 1);
  g_assert_cmpuint (fake->n_posts, ==, 1);
  g_assert_null (strstr (fake->offer, "a=sendrecv"));
  g_assert_nonnull (strstr (fake->offer, "a=sendonly"));
  g_assert_nonnull (strstr (fake->offer, "a=candidate"));
  /* the STUN server of the OPTIONS Link header was asked before the offer went out */
  if (fake->stun_host != NULL)
    {
      g_assert_cmpuint (fake->n_stun, >, 0);
      g_assert_nonnull (strstr (fake->offer, "203.0.113.7"));
    }
  g_assert_cmpint (fake->video_packets, >, 100);
  g_assert_cmpint (fake->audio_packets, >, 100);
  g_assert_cmpint (fake->video_frames, >, 60);
  g_assert_cmpuint (fake->n_deletes, ==, 1);
  g_assert_cmpuint (g_hash_table_size (fake->resources), ==, 0);

  /* what Callscope recorded of its own sending, from its first packets */
  sending = cs_test_first_sending (run, "local-video-stats");
  cs_test_assert_happened (run, sending, cs_test_last_time (run) - 4, "sending");
  for (guint i = 0; i < run->lines->len; i++)
    {
      JsonObject *o = g_ptr_array_index (run->lines, i);

      if (cs_test_is_type (o, "local-video-stats") && cs_test_num (o, "t") >= sending)
        {
          n_video++;
          if (cs_test_num (o, "sendBitrate") > 0 && cs_test_num (o, "sendPackets") > 0)
            n_sending++;
          g_test_message ("local video t=%.1f bitrate=%g fps=%g packets=%g", cs_test_num (o, "t"),
                          cs_test_num (o, "sendBitrate"), cs_test_num (o, "sendFrameRate"),
                          cs_test_num (o, "sendPackets"));
        }
      else if (cs_test_is_type (o, "rtc-stats"))
        {
          if (send_bytes0 < 0)
            send_bytes0 = cs_test_num (o, "SendBytes");
          send_bytes1 = cs_test_num (o, "SendBytes");
        }
    }
  g_assert_cmpuint (n_video, >=, 4);
  g_assert_cmpuint (n_sending, >=, 3);
  g_assert_cmpfloat (send_bytes1, >, send_bytes0 + 50000);
  /* the endpoint is the peer "server" of the local user (it sends nothing, so it does not join) */
  g_assert_true (connected (run, "server"));
}

static void
test_watch (void)
{
  g_autoptr(CsFakeWhip) fake = cs_fake_whip_start (FAULT_NONE);
  g_autofree char *url = cs_fake_whip_url (fake, "/whep/endpoint");
  g_autofree char *whep = g_strdup_printf ("--whep=%s", url);
  const char *args[] = { whep, "--token=" TOKEN, "--duration=10", NULL };
  g_autoptr(CsTestRun) run = cs_test_run (args, TRUE);
  guint n_video = 0, n_audio = 0, seen_video = 0, seen_audio = 0;

  cs_fake_whip_stop (fake);
  g_test_message ("stdout: %s", run->stdout_text);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpuint (fake->n_posts, ==, 1);
  g_assert_nonnull (strstr (fake->offer, "a=recvonly"));
  g_assert_null (strstr (fake->offer, "a=sendrecv"));
  g_assert_cmpuint (fake->n_deletes, ==, 1);

  g_assert_cmpuint (count_lines (run, "user-joined", "whep"), ==, 1);
  g_assert_true (connected (run, "whep"));
  for (guint i = 0; i < run->lines->len; i++)
    {
      JsonObject *o = g_ptr_array_index (run->lines, i);
      double t = cs_test_num (o, "t");

      if (g_strcmp0 (cs_test_uid (o), "whep") != 0)
        continue;
      /* rates need two samples: the first line of each kind only starts them */
      if (cs_test_is_type (o, "remote-video-stats") && seen_video++ == 0)
        continue;
      if (cs_test_is_type (o, "remote-audio-stats") && seen_audio++ == 0)
        continue;
      if (cs_test_is_type (o, "remote-video-stats"))
        {
          g_test_message ("video t=%.1f fps=%g %gx%g bitrate=%g", t, cs_test_num (o, "renderFrameRate"),
                          cs_test_num (o, "receiveResolutionWidth"), cs_test_num (o, "receiveResolutionHeight"),
                          cs_test_num (o, "receiveBitrate"));
          g_assert_cmpfloat (cs_test_num (o, "renderFrameRate"), >=, 15);
          g_assert_cmpfloat (cs_test_num (o, "receiveResolutionWidth"), ==, VIDEO_WIDTH);
          g_assert_cmpfloat (cs_test_num (o, "receiveResolutionHeight"), ==, VIDEO_HEIGHT);
          g_assert_cmpfloat (cs_test_num (o, "receiveBitrate"), >, 0);
          n_video++;
        }
      else if (cs_test_is_type (o, "remote-audio-stats"))
        {
          g_test_message ("audio t=%.1f level=%g bitrate=%g", t, cs_test_num (o, "receiveLevel"),
                          cs_test_num (o, "receiveBitrate"));
          g_assert_cmpfloat (cs_test_num (o, "receiveLevel"), >, 0);
          n_audio++;
        }
    }
  g_assert_cmpuint (n_video, >=, 3);
  g_assert_cmpuint (n_audio, >=, 3);
}

/* Runs callscope against @url and expects exit 1 within @max_s seconds, with a stderr that
 * contains one of the |-separated @words (case-insensitive). */
static void
expect_failure (const char *option, const char *url, const char *token, double max_s, const char *words)
{
  g_autofree char *arg = g_strdup_printf ("%s=%s", option, url);
  g_autofree char *token_arg = g_strdup_printf ("--token=%s", token);
  const char *args[] = { arg, token_arg, "--duration=60", NULL };
  gint64 start = g_get_monotonic_time ();
  g_autoptr(CsTestRun) run = cs_test_run (args, FALSE);
  double elapsed = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_autofree char *err = g_utf8_strdown (run->stderr_text, -1);
  g_auto(GStrv) alternatives = g_strsplit (words, "|", -1);
  gboolean named = FALSE;

  g_test_message ("%.1f s, exit %d: %s", elapsed, run->status, run->stderr_text);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_cmpfloat (elapsed, <, max_s);
  g_assert_nonnull (strstr (err, "callscope: "));
  for (guint i = 0; alternatives[i] != NULL; i++)
    named |= strstr (err, alternatives[i]) != NULL;
  if (!named)
    g_error ("stderr names none of “%s”: %s", words, run->stderr_text);
  g_assert_null (strstr (err, "critical"));
  g_assert_null (strstr (err, "warning"));
}

static void
test_wrong_token (void)
{
  g_autoptr(CsFakeWhip) fake = cs_fake_whip_start (FAULT_NONE);
  g_autofree char *url = cs_fake_whip_url (fake, "/whip/endpoint");

  expect_failure ("--whip", url, "guess", 10, "401|authoriz");
  cs_fake_whip_stop (fake);
  g_assert_cmpuint (fake->n_unauthorized, >=, 1);
  g_assert_cmpuint (fake->n_posts, ==, 0);
}

static void
test_not_found (void)
{
  g_autoptr(CsFakeWhip) fake = cs_fake_whip_start (FAULT_NONE);
  g_autofree char *url = cs_fake_whip_url (fake, "/whip/nowhere");

  expect_failure ("--whip", url, TOKEN, 10, "404");
}

static void
test_server_error (void)
{
  g_autoptr(CsFakeWhip) fake = cs_fake_whip_start (FAULT_500);
  g_autofree char *url = cs_fake_whip_url (fake, "/whip/endpoint");

  expect_failure ("--whip", url, TOKEN, 10, "500");
  cs_fake_whip_stop (fake);
  g_assert_cmpuint (fake->n_posts, ==, 1);
}

static void
test_empty_answer (void)
{
  g_autoptr(CsFakeWhip) fake = cs_fake_whip_start (FAULT_EMPTY_201);
  g_autofree char *url = cs_fake_whip_url (fake, "/whep/endpoint");

  expect_failure ("--whep", url, TOKEN, 10, "sdp");
}

static void
test_not_sdp (void)
{
  g_autoptr(CsFakeWhip) fake = cs_fake_whip_start (FAULT_NOT_SDP);
  g_autofree char *url = cs_fake_whip_url (fake, "/whip/endpoint");

  expect_failure ("--whip", url, TOKEN, 10, "sdp");
}

static void
test_sdp_without_media (void)
{
  g_autoptr(CsFakeWhip) fake = cs_fake_whip_start (FAULT_BAD_SDP);
  g_autofree char *url = cs_fake_whip_url (fake, "/whip/endpoint");

  expect_failure ("--whip", url, TOKEN, 10, "sdp");
}

static void
test_unreachable (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  /* a port that was free a moment ago, and nothing listens on it */
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  url = g_strdup_printf ("http://127.0.0.1:%u/whip/endpoint",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);
  expect_failure ("--whip", url, TOKEN, 10, "could not reach|refused");
}

static void
test_reset (void)
{
  g_autoptr(CsFakeWhip) fake = cs_fake_whip_start (FAULT_RESET);
  g_autofree char *url = cs_fake_whip_url (fake, "/whip/endpoint");

  expect_failure ("--whip", url, TOKEN, 10, "could not reach|reset");
}

static void
test_no_answer (void)
{
  g_autoptr(CsFakeWhip) fake = cs_fake_whip_start (FAULT_HANG);
  g_autofree char *url = cs_fake_whip_url (fake, "/whep/endpoint");

  /* a 60 s call: only the client's timeouts end it, 5 s for OPTIONS and 15 s for the POST */
  expect_failure ("--whep", url, TOKEN, 25, "did not answer within 15 s");
  cs_fake_whip_stop (fake);
  g_assert_cmpuint (fake->n_hung, >=, 1);
}

/* A hang-up the endpoint refuses or never answers still ends a good call well, in
 * bounded time (the DELETE waits 2 s at most). */
static void
run_delete_fault (CsFakeWhipFault fault)
{
  g_autoptr(CsFakeWhip) fake = cs_fake_whip_start (fault);
  g_autofree char *url = cs_fake_whip_url (fake, "/whip/endpoint");
  g_autofree char *whip = g_strdup_printf ("--whip=%s", url);
  const char *args[] = { whip, "--token=" TOKEN, "--duration=4", NULL };
  gint64 start = g_get_monotonic_time ();
  g_autoptr(CsTestRun) run = cs_test_run (args, FALSE);
  double elapsed = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;

  cs_fake_whip_stop (fake);
  g_test_message ("%.1f s, exit %d: %s", elapsed, run->status, run->stderr_text);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpfloat (elapsed, <, 4 + 2 + 3);
  g_assert_cmpuint (fake->n_deletes, ==, 1);
  g_assert_cmpint (fake->video_packets, >, 0);
}

static void
test_delete_fails (void)
{
  run_delete_fault (FAULT_DELETE_500);
}

static void
test_delete_unanswered (void)
{
  run_delete_fault (FAULT_DELETE_HANG);
}

/* The time of the first event line (any user) whose message has @text, at or after @after */
static double
event_after (CsTestRun *run, const char *text, double after)
{
  for (guint i = 0; i < run->lines->len; i++)
    {
      JsonObject *o = g_ptr_array_index (run->lines, i);

      if (cs_test_is_type (o, "event") && strstr (cs_test_str (o, "msg"), text) != NULL && cs_test_num (o, "t") >= after)
        return cs_test_num (o, "t");
    }
  return NAN;
}

/* The endpoint restarts mid-call (its resource and peer vanish, its HTTP server stays): the
 * call is marked down, offers again after its back-off and is up again, without exiting.
 * A publish is decoded again by the new peer; a watch plays again. */
static void
run_restart (gboolean whep)
{
  g_autoptr(CsFakeWhip) fake = cs_fake_whip_start (FAULT_RESTART);
  g_autofree char *url = cs_fake_whip_url (fake, whep ? "/whep/endpoint" : "/whip/endpoint");
  g_autofree char *arg = g_strdup_printf ("%s=%s", whep ? "--whep" : "--whip", url);
  const char *args[] = { arg, "--token=" TOKEN, "--duration=40", NULL };
  g_autoptr(CsTestRun) run = cs_test_run (args, TRUE);
  double t_down, t_up;
  guint playing_after = 0;

  cs_fake_whip_stop (fake);
  g_test_message ("stderr: %s", run->stderr_text);
  g_test_message ("fake: %u POST, %u DELETE; %d frames, restarted %d", fake->n_posts, fake->n_deletes,
                  fake->video_frames, fake->dropped);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpint (fake->dropped, ==, 1);
  t_down = event_after (run, "The call is down", 0);
  t_up = event_after (run, "The call is up again", isnan (t_down) ? 0 : t_down);
  g_test_message ("down at %.1f s, up again at %.1f s", t_down, t_up);
  cs_test_assert_happened (run, t_down, cs_test_last_time (run), "the call marked down");
  cs_test_assert_happened (run, t_up, cs_test_last_time (run) - 3, "the call up again");
  g_assert_nonnull (strstr (run->stderr_text, "down:"));
  g_assert_nonnull (strstr (run->stderr_text, "up:"));
  /* offered again */
  g_assert_cmpuint (fake->n_posts, >=, 2);
  if (!whep)
    {
      /* frames decoded from the second offer (60 from the first) */
      g_assert_cmpint (fake->video_frames, >, 90);
      g_assert_cmpuint (fake->n_deletes, ==, 1);
      return;
    }
  for (guint i = 0; i < run->lines->len; i++)
    {
      JsonObject *o = g_ptr_array_index (run->lines, i);

      if (cs_test_is_type (o, "remote-video-stats") && cs_test_num (o, "t") > t_up &&
          cs_test_num (o, "renderFrameRate") > 0)
        playing_after++;
    }
  g_test_message ("%u seconds with video after the restart", playing_after);
  g_assert_cmpuint (playing_after, >=, 3);
}

static void
test_restart (void)
{
  run_restart (FALSE);
}

static void
test_watch_restart (void)
{
  run_restart (TRUE);
}

/* A watch whose downlink loses 5 % (and takes 20 ms more) is repaired: Callscope NACKs, the
 * endpoint's webrtcbin resends (rtprtxsend), rtprtxreceive takes the retransmissions, and
 * the video plays at the sender's 30 fps with freezes under 10 %. The endpoint is a
 * GStreamer peer, not a WHEP server product (Debian has none): this checks Callscope's side
 * of the repair. Judged from 3 s after the first video to the end. */
static void
test_watch_loss_repaired (void)
{
  g_autoptr(CsFakeWhip) fake = cs_fake_whip_start (FAULT_NONE);
  g_autofree char *url = cs_fake_whip_url (fake, "/whep/endpoint");
  g_autofree char *whep = g_strdup_printf ("--whep=%s", url);
  const char *args[] = { whep, "--token=" TOKEN, "--duration=25", "--impair=down.loss=5,down.delay=20", NULL };
  g_autoptr(CsTestRun) run = NULL;
  double from, t0, t1, first = NAN, last = NAN, f0 = NAN, f1 = NAN, fps_sum = 0, loss;
  guint n = 0, rtx;

  /* rtprtxreceive says each retransmission it receives (a debug line on stderr) */
  g_setenv ("GST_DEBUG", "rtprtxreceive:5", TRUE);
  g_setenv ("GST_DEBUG_NO_COLOR", "1", TRUE);
  run = cs_test_run (args, TRUE);
  g_unsetenv ("GST_DEBUG");
  cs_fake_whip_stop (fake);
  g_assert_cmpint (run->status, ==, 0);
  rtx = cs_test_count_text (run->stderr_text, "Got rtx packet");
  from = cs_test_first_media (run, "local", "whep", "video");
  cs_test_assert_happened (run, from, cs_test_last_time (run) - 12, "first video");
  t0 = from + 3;
  t1 = cs_test_last_time (run) - 1;
  for (guint i = 0; i < run->lines->len; i++)
    {
      JsonObject *o = g_ptr_array_index (run->lines, i);
      double t = cs_test_num (o, "t");

      if (!cs_test_is_type (o, "remote-video-stats") || g_strcmp0 (cs_test_uid (o), "whep") != 0 || t < t0 || t > t1)
        continue;
      g_test_message ("video t=%.1f fps=%g frozen=%.1f s loss=%g %%", t, cs_test_num (o, "renderFrameRate"),
                      cs_test_num (o, "totalFreezeTime"), cs_test_num (o, "currentPacketLossRate"));
      if (isnan (f0))
        {
          f0 = cs_test_num (o, "totalFreezeTime");
          first = t;
        }
      f1 = cs_test_num (o, "totalFreezeTime");
      last = t;
      fps_sum += cs_test_num (o, "renderFrameRate");
      n++;
    }
  loss = cs_test_sample_loss (run, "local", "whep", "video", t0, t1);
  g_test_message ("retransmissions received: %u; loss %.1f %%; frozen %.1f s of %.0f s; %.1f fps", rtx, loss,
                  f1 - f0, last - first, n > 0 ? fps_sum / n : 0);
  g_assert_cmpuint (n, >=, 8);
  /* the loss was there (1.22 counts a repaired packet as lost) */
  g_assert_cmpfloat (loss, >=, 1.5);
  /* and repaired */
  g_assert_cmpuint (rtx, >, 0);
  g_assert_cmpfloat ((f1 - f0) / (last - first), <, 0.10);
  g_assert_cmpfloat (fps_sum / n, >=, 0.8 * 30);
}

static void
test_bad_urls (void)
{
  const char *cases[] = { "--whip=ftp://x", "--whip=notaurl", "--whep=ftp://x/whep", "--whep=http://", NULL };

  for (guint i = 0; cases[i] != NULL; i++)
    {
      const char *args[] = { cases[i], "--duration=5", NULL };
      g_autoptr(CsTestRun) run = cs_test_run (args, FALSE);
      g_auto(GStrv) lines = g_strsplit (run->stderr_text, "\n", -1);
      const char *line = NULL;

      g_test_message ("%s: exit %d: %s", cases[i], run->status, run->stderr_text);
      g_assert_cmpint (run->status, ==, 2);
      /* one line from callscope (a sanitizer may add its own report) */
      for (guint j = 0; lines[j] != NULL; j++)
        if (g_str_has_prefix (lines[j], "callscope"))
          {
            g_assert_null (line);
            line = lines[j];
          }
      g_assert_nonnull (line);
      g_assert_true (g_str_has_prefix (line, "callscope: "));
      g_assert_nonnull (strstr (line, strchr (cases[i], '=') + 1));
    }
}

int
main (int argc, char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/whip/bad-urls", test_bad_urls);
  g_test_add_func ("/whip/publish", test_publish);
  g_test_add_func ("/whep/watch", test_watch);
  g_test_add_func ("/whip/faults/wrong-token", test_wrong_token);
  g_test_add_func ("/whip/faults/not-found", test_not_found);
  g_test_add_func ("/whip/faults/server-error", test_server_error);
  g_test_add_func ("/whip/faults/empty-answer", test_empty_answer);
  g_test_add_func ("/whip/faults/not-sdp", test_not_sdp);
  g_test_add_func ("/whip/faults/sdp-without-media", test_sdp_without_media);
  g_test_add_func ("/whip/faults/unreachable", test_unreachable);
  g_test_add_func ("/whip/faults/reset", test_reset);
  g_test_add_func ("/whip/faults/no-answer", test_no_answer);
  g_test_add_func ("/whip/faults/delete-fails", test_delete_fails);
  g_test_add_func ("/whip/faults/delete-unanswered", test_delete_unanswered);
  g_test_add_func ("/whip/faults/restart", test_restart);
  g_test_add_func ("/whep/faults/restart", test_watch_restart);
  g_test_add_func ("/whep/loss-repaired", test_watch_loss_repaired);
  return g_test_run ();
}
