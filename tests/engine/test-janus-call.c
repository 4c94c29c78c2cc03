/* test-janus-call.c — real calls through a real Janus VideoRoom on loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each case starts Debian's `janus` with the configuration in tests/janus (VideoRoom only,
 * WebSocket API on 127.0.0.1:18188, HTTP API on 127.0.0.1:18088/janus; room 1234 open,
 * room 4321 with the PIN "callscope"), then runs `callscope --headless` as a publisher
 * and as an observer, and reads the observer's recording. Without janus installed every
 * case is skipped (CI installs it).
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <unistd.h>
#include <string.h>

#include <libsoup/soup.h>

#include "cs-test-janus.h"
#include "cs-test-run.h"

#define WS_URL   "--janus=ws://127.0.0.1:18188"
#define HTTP_URL "--janus=http://127.0.0.1:18088/janus"
/* Measurements start at conditions written in the recording (a user's first media, its
 * first score), never at a fixed instant of the call. */

#define WHIP_PORT 17080

/* The uid the observer gave the publisher called @display, from the user-joined lines. */
static const char *
uid_for_display (CsTestRun *run, const char *display)
{
  for (guint i = 0; i < run->lines->len; i++)
    {
      JsonObject *o = g_ptr_array_index (run->lines, i);

      if (cs_test_is_type (o, "user-joined") && g_strcmp0 (cs_test_str (o, "displayName"), display) == 0)
        return cs_test_uid (o);
    }
  return NULL;
}

static double
time_of (CsTestRun *run, const char *type, const char *uid)
{
  for (guint i = 0; i < run->lines->len; i++)
    {
      JsonObject *o = g_ptr_array_index (run->lines, i);

      if (cs_test_is_type (o, type) && g_strcmp0 (cs_test_uid (o), uid) == 0)
        return cs_test_num (o, "t");
    }
  return NAN;
}

/* The first second from which the observer receives both audio and video from @uid. */
static double
media_from (CsTestRun *run, const char *uid, double deadline)
{
  double audio = cs_test_first_media (run, "local", uid, "audio");
  double video = cs_test_first_media (run, "local", uid, "video");
  double t = isnan (audio) || isnan (video) ? NAN : MAX (audio, video);

  cs_test_assert_happened (run, t, deadline, "first media");
  return t;
}

/* The first second @uid's uplink is scored (a publisher's downlink stays unknown to us). */
static double
uplink_scored_from (CsTestRun *run, const char *uid, double deadline)
{
  double t = NAN;

  for (guint i = 0; i < run->lines->len && isnan (t); i++)
    {
      JsonObject *o = g_ptr_array_index (run->lines, i);

      if (cs_test_is_type (o, "network-quality") && g_strcmp0 (cs_test_uid (o), uid) == 0 &&
          cs_test_num (o, "uplinkNetworkQuality") > 0)
        t = cs_test_num (o, "t");
    }
  cs_test_assert_happened (run, t, deadline, "uplink scored");
  return t;
}

/* What the observer saw of @uid's media from its first media (a second later: rates need a
 * whole second) and its first score, but not before @t0, until @t1. */
static void
assert_media (CsTestRun *run, const char *uid, double t0, double t1, guint score_lo, guint score_hi)
{
  guint n_video = 0, n_audio = 0, n_quality = 0;

  t0 = MAX (t0, media_from (run, uid, t1 - 3) + 1);
  t0 = MAX (t0, uplink_scored_from (run, uid, t1 - 3));
  g_test_message ("%s: judged from %.1f s to %.1f s", uid, t0, t1);

  for (guint i = 0; i < run->lines->len; i++)
    {
      JsonObject *o = g_ptr_array_index (run->lines, i);
      double t = cs_test_num (o, "t");

      if (t < t0 || t > t1 || g_strcmp0 (cs_test_uid (o), uid) != 0)
        continue;
      if (cs_test_is_type (o, "remote-video-stats"))
        {
          g_test_message ("video t=%.1f fps=%g %gx%g bitrate=%g loss=%g", t, cs_test_num (o, "renderFrameRate"),
                          cs_test_num (o, "receiveResolutionWidth"), cs_test_num (o, "receiveResolutionHeight"),
                          cs_test_num (o, "receiveBitrate"), cs_test_num (o, "currentPacketLossRate"));
          g_assert_cmpfloat (cs_test_num (o, "renderFrameRate"), >=, 15);
          g_assert_cmpfloat (cs_test_num (o, "receiveResolutionWidth"), ==, 640);
          g_assert_cmpfloat (cs_test_num (o, "receiveResolutionHeight"), ==, 360);
          g_assert_cmpfloat (cs_test_num (o, "receiveBitrate"), >, 20000);
          n_video++;
        }
      else if (cs_test_is_type (o, "remote-audio-stats"))
        {
          g_assert_cmpfloat (cs_test_num (o, "receiveBitrate"), >, 8000);
          g_assert_cmpfloat (cs_test_num (o, "receiveLevel"), >, 1000);
          n_audio++;
        }
      else if (cs_test_is_type (o, "network-quality"))
        {
          g_test_message ("quality t=%.1f up=%g", t, cs_test_num (o, "uplinkNetworkQuality"));
          g_assert_cmpfloat (cs_test_num (o, "uplinkNetworkQuality"), >=, score_lo);
          g_assert_cmpfloat (cs_test_num (o, "uplinkNetworkQuality"), <=, score_hi);
          n_quality++;
        }
    }
  g_assert_cmpuint (n_video, >=, 3);
  g_assert_cmpuint (n_audio, >=, 3);
  g_assert_cmpuint (n_quality, >=, 3);
}

/* A publisher and an observer in room 1234; the publisher leaves first. */
static void
run_publish_observe (const char *url)
{
  CsTestJanus j = { 0 };
  const char *pub_args[] = { "--duration=14", WS_URL, "--room=1234", "--display=Alice", NULL };
  const char *obs_args[] = { "--duration=16", url, "--room=1234", "--display=Watcher", "--no-publish", NULL };
  g_autoptr (CsTestRun) pub = NULL;
  g_autoptr (CsTestRun) obs = NULL;
  const char *alice;
  double joined, left;

  if (!cs_test_janus_start (&j))
    return;
  pub = cs_test_run_start (pub_args, TRUE);
  /* the observer comes once the publisher sends */
  g_assert_true (cs_test_run_wait_for (pub, "local-video-stats", NULL, 10));
  obs = cs_test_run_start (obs_args, TRUE);
  cs_test_run_finish (pub);
  cs_test_run_finish (obs);
  cs_test_janus_stop (&j);

  /* the publisher alone: it sent, received nothing, and says so without failing */
  g_test_message ("publisher: %s", pub->stdout_text);
  g_assert_cmpint (pub->status, ==, 0);
  g_assert_nonnull (strstr (pub->stdout_text, "local"));

  g_test_message ("observer: %s", obs->stdout_text);
  g_assert_cmpint (obs->status, ==, 0);
  alice = uid_for_display (obs, "Alice");
  g_assert_nonnull (alice);
  g_assert_true (g_ascii_isdigit (alice[0])); /* the publisher's id is the uid */
  g_assert_nonnull (strstr (obs->stdout_text, "Alice"));
  joined = time_of (obs, "user-joined", alice);
  left = time_of (obs, "user-left", alice);
  g_test_message ("Alice joined at %.1f s, left at %.1f s", joined, left);
  /* Alice was in the room already: she joins as soon as the observer does, and before her media */
  g_assert_cmpfloat (joined, <=, 5 * cs_test_timing_slack ());
  g_assert_cmpfloat (joined, <=, media_from (obs, alice, left));
  /* the publisher's call (14 s) ends before the observer's (16 s, started once Alice sent) */
  g_assert_false (isnan (left));
  g_assert_cmpfloat (left, >, joined + 3);
  g_assert_cmpfloat (left, <, 15.5);
  assert_media (obs, alice, 0, left - 1.5, 1, 2);
  g_assert_cmpfloat (cs_test_sample_loss (obs, "local", alice, "video", media_from (obs, alice, left), left - 1.5), <, 1);
  g_assert_cmpfloat (cs_test_sample_loss (obs, "local", alice, "audio", media_from (obs, alice, left), left - 1.5), <, 1);
}

static void
test_websocket (void)
{
  run_publish_observe (WS_URL);
}

static void
test_http (void)
{
  run_publish_observe (HTTP_URL);
}

/* Loss on the observer's own downlink (netsim after its ICE transport): the publisher's
 * stream shows it, and its score drops. */
static void
test_impaired (void)
{
  CsTestJanus j = { 0 };
  const char *pub_args[] = { "--duration=22", WS_URL, "--room=1234", "--display=Alice", NULL };
  const char *obs_args[] = { "--duration=15", WS_URL, "--room=1234", "--no-publish", "--impair=down.loss=10", NULL };
  g_autoptr (CsTestRun) pub = NULL;
  g_autoptr (CsTestRun) obs = NULL;
  const char *alice;
  double loss, from, scored;

  if (!cs_test_janus_start (&j))
    return;
  pub = cs_test_run_start (pub_args, TRUE);
  /* the observer comes once the publisher sends */
  g_assert_true (cs_test_run_wait_for (pub, "local-video-stats", NULL, 10));
  obs = cs_test_run_start (obs_args, TRUE);
  cs_test_run_finish (obs);
  cs_test_run_finish (pub);
  cs_test_janus_stop (&j);

  g_assert_cmpint (obs->status, ==, 0);
  alice = uid_for_display (obs, "Alice");
  g_assert_nonnull (alice);
  /* loss on the wire (1.22 counts a packet repaired by RTX as lost): audio and video
   * together over ~10 s, ~1000 packets, so ±4 % is a bound of 4 σ */
  from = media_from (obs, alice, cs_test_last_time (obs) - 8);
  loss = cs_test_stream_loss (obs, "local", alice, from, cs_test_last_time (obs));
  g_test_message ("stream loss seen: %.1f %%", loss);
  g_assert_cmpfloat (loss, >=, 6);
  g_assert_cmpfloat (loss, <=, 14);
  scored = uplink_scored_from (obs, alice, cs_test_last_time (obs) - 8);
  /* 10 % loss is "poor" or worse on the path, once the 5 s scoring window holds it: each
   * second, Alice's uplink or our downlink (with one publisher the model blames Alice,
   * quality-score.md §5.1 rule 3) */
  {
    guint worse = 0, n = 0;

    for (guint i = 0; i < obs->lines->len; i++)
      {
        JsonObject *o = g_ptr_array_index (obs->lines, i);
        gboolean is_alice = g_strcmp0 (cs_test_uid (o), alice) == 0;

        if (!cs_test_is_type (o, "network-quality") || cs_test_num (o, "t") < scored + 3)
          continue;
        g_test_message ("%s t=%.0f up=%g down=%g", cs_test_uid (o), cs_test_num (o, "t"),
                        cs_test_num (o, "uplinkNetworkQuality"), cs_test_num (o, "downlinkNetworkQuality"));
        if (is_alice)
          {
            n++;
            worse += cs_test_num (o, "uplinkNetworkQuality") >= 3;
          }
        else if (g_strcmp0 (cs_test_uid (o), "local") == 0)
          worse += cs_test_num (o, "downlinkNetworkQuality") >= 3;
      }
    g_assert_cmpuint (n, >=, 5);
    g_assert_cmpuint (worse * 4, >=, n * 3);
  }
}

/* Longer than the test server's session_timeout (30 s): the keep-alives hold the session. */
static void
test_keepalive (void)
{
  CsTestJanus j = { 0 };
  const char *pub_args[] = { "--duration=48", WS_URL, "--room=1234", "--display=Alice", NULL };
  const char *obs_args[] = { "--duration=37", WS_URL, "--room=1234", "--no-publish", NULL };
  g_autoptr (CsTestRun) pub = NULL;
  g_autoptr (CsTestRun) obs = NULL;
  const char *alice;

  if (!cs_test_janus_start (&j))
    return;
  pub = cs_test_run_start (pub_args, TRUE);
  g_assert_true (cs_test_run_wait_for (pub, "local-video-stats", NULL, 10));
  obs = cs_test_run_start (obs_args, TRUE);
  cs_test_run_finish (obs);
  cs_test_run_finish (pub);
  cs_test_janus_stop (&j);

  g_assert_cmpint (pub->status, ==, 0);
  g_assert_cmpint (obs->status, ==, 0);
  g_assert_null (strstr (obs->stderr_text, "closed"));
  alice = uid_for_display (obs, "Alice");
  g_assert_nonnull (alice);
  g_assert_true (isnan (time_of (obs, "user-left", alice)));
  g_assert_cmpfloat (cs_test_last_time (obs), >=, 34);
  assert_media (obs, alice, 30, 36, 1, 2);
}

/* Room 4321 needs a PIN: a wrong one is refused with a message, the right one joins. */
static void
test_pin (void)
{
  CsTestJanus j = { 0 };
  const char *wrong[] = { "--duration=5", WS_URL, "--room=4321", "--pin=nope", NULL };
  const char *right[] = { "--duration=4", WS_URL, "--room=4321", "--pin=callscope", NULL };
  const char *no_room[] = { "--duration=5", WS_URL, "--room=999", NULL };
  g_autoptr (CsTestRun) bad = NULL;
  g_autoptr (CsTestRun) good = NULL;
  g_autoptr (CsTestRun) missing = NULL;

  if (!cs_test_janus_start (&j))
    return;
  bad = cs_test_run (wrong, FALSE);
  good = cs_test_run (right, FALSE);
  missing = cs_test_run (no_room, FALSE);
  cs_test_janus_stop (&j);

  g_assert_cmpint (bad->status, ==, 1);
  g_assert_nonnull (strstr (bad->stderr_text, "PIN"));
  g_assert_cmpint (good->status, ==, 0);
  g_assert_cmpint (missing->status, ==, 1);
  g_assert_nonnull (strstr (missing->stderr_text, "999"));
}

/* Room 5678 takes H.264 only: Janus refuses the VP8 that Callscope publishes, and Callscope
 * says so in Janus' terms (its "configured" event: video_codec "none"), on stderr and in the
 * recording's events, rather than as a failed connection. */
static void
test_codec_refused (void)
{
  CsTestJanus j = { 0 };
  const char *args[] = { "--duration=5", WS_URL, "--room=5678", NULL };
  g_autoptr (CsTestRun) run = NULL;
  gboolean in_events = FALSE;

  if (!cs_test_janus_start (&j))
    return;
  run = cs_test_run (args, TRUE);
  cs_test_janus_stop (&j);

  g_test_message ("stderr: %s", run->stderr_text);
  g_assert_nonnull (strstr (run->stderr_text, "Janus refused the published video"));
  g_assert_nonnull (strstr (run->stderr_text, "VP8"));
  g_assert_null (strstr (run->stderr_text, "ICE failed"));
  for (guint i = 0; i < run->lines->len; i++)
    {
      JsonObject *o = g_ptr_array_index (run->lines, i);

      if (cs_test_is_type (o, "event") && strstr (cs_test_str (o, "msg"), "video_codec") != NULL)
        in_events = TRUE;
    }
  g_assert_true (in_events);
}

/* A publisher killed (SIGKILL: no goodbye): Janus says "unpublished" and "leaving" at once,
 * and the observer records a lost connection, not a publisher that stopped publishing. */
static void
test_publisher_killed (void)
{
  CsTestJanus j = { 0 };
  const char *pub_args[] = { "--duration=30", WS_URL, "--room=1234", "--display=Victim", NULL };
  const char *obs_args[] = { "--duration=30", WS_URL, "--room=1234", "--display=Watcher", "--no-publish", NULL };
  g_autoptr (CsTestRun) pub = NULL;
  g_autoptr (CsTestRun) obs = NULL;
  const char *reason = NULL;

  if (!cs_test_janus_start (&j))
    return;
  obs = cs_test_run_start (obs_args, TRUE);
  g_assert_true (cs_test_run_wait_for (obs, "network-quality", NULL, 15));
  pub = cs_test_run_start (pub_args, TRUE);
  /* killed once the observer receives it */
  g_assert_true (cs_test_run_wait_for (obs, "remote-video-stats", NULL, 20));
  g_subprocess_force_exit (pub->process);
  g_assert_true (cs_test_run_wait_for (obs, "user-left", "Victim", 10));
  g_subprocess_send_signal (obs->process, SIGINT);
  cs_test_run_finish (obs);
  cs_test_run_finish (pub);
  cs_test_janus_stop (&j);

  for (guint i = 0; i < obs->lines->len; i++)
    {
      JsonObject *o = g_ptr_array_index (obs->lines, i);

      if (cs_test_is_type (o, "sample") && g_strcmp0 (cs_test_str (o, "connection_state"), "closed") == 0 &&
          g_strcmp0 (cs_test_str (o, "display_name"), "Victim") == 0)
        reason = cs_test_str (o, "message");
    }
  g_test_message ("the observer recorded: %s", reason != NULL ? reason : "(no closed connection)");
  g_assert_nonnull (reason);
  g_assert_nonnull (strstr (reason, "connection lost"));
  g_assert_null (strstr (reason, "stopped publishing"));
}

/* Debian's simple-whip-server (tools/dev.sh unpacks it into _deps/), in front of the test
 * Janus, on 127.0.0.1:17080. NULL, and the case skipped, when it is not prepared. */
static GSubprocess *
whip_server_start (char **tmpdir)
{
  g_autofree char *src = g_test_build_filename (G_TEST_DIST, "..", "_deps", "simple-whip-server", NULL);
  g_autofree char *server_js = g_build_filename (src, "src", "server.js", NULL);
  g_autofree char *node = g_find_program_in_path ("node");
  g_autofree char *text = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *srcdir = NULL;
  g_autofree char *modules = NULL;
  g_autofree char *config = NULL;
  g_autofree char *script = NULL;
  g_autofree char *log = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) patched = NULL;
  GSubprocess *process;
  const char *config_js =
    "module.exports = { janus: { address: 'ws://127.0.0.1:18188' }, port: 17080, rest: '/whip',\n"
    "  allowTrickle: true, strictETags: false, iceServers: [] };\n";

  if (g_getenv ("CS_SIMPLE_WHIP_SERVER") != NULL)
    {
      g_free (server_js);
      server_js = g_build_filename (g_getenv ("CS_SIMPLE_WHIP_SERVER"), "src", "server.js", NULL);
      g_free (src);
      src = g_strdup (g_getenv ("CS_SIMPLE_WHIP_SERVER"));
    }
  if (node == NULL || !g_file_get_contents (server_js, &text, NULL, NULL))
    {
      g_test_skip ("simple-whip-server is not prepared (tools/dev.sh test unpacks it into _deps/)");
      return NULL;
    }
  g_assert_false (cs_test_port_answers (WHIP_PORT));
  dir = g_dir_make_tmp ("cs-whip-XXXXXX", &error);
  g_assert_no_error (error);
  srcdir = g_build_filename (dir, "src", NULL);
  g_mkdir (srcdir, 0700);
  /* loopback only: the server listens on every address unless told */
  patched = g_string_new (text);
  g_assert_cmpuint (g_string_replace (patched, "http.listen(config.port, function", "http.listen(config.port, '127.0.0.1', function", 1), ==, 1);
  script = g_build_filename (srcdir, "server.js", NULL);
  g_file_set_contents (script, patched->str, -1, &error);
  g_assert_no_error (error);
  {
    g_autofree char *from = g_build_filename (src, "src", "whip-janus.js", NULL);
    g_autofree char *to = g_build_filename (srcdir, "whip-janus.js", NULL);
    g_autofree char *js = NULL;

    g_file_get_contents (from, &js, NULL, &error);
    g_assert_no_error (error);
    g_file_set_contents (to, js, -1, &error);
    g_assert_no_error (error);
  }
  config = g_build_filename (srcdir, "config.js", NULL);
  g_file_set_contents (config, config_js, -1, &error);
  g_assert_no_error (error);
  modules = g_build_filename (dir, "node_modules", NULL);
  {
    g_autofree char *target = g_build_filename (src, "node_modules", NULL);

    g_assert_cmpint (symlink (target, modules), ==, 0);
  }
  log = g_build_filename (dir, "server.log", NULL);
  {
    const char *argv[] = { node, script, NULL };

    process = cs_test_spawn (argv, log, &error);
    g_assert_no_error (error);
  }
  for (guint i = 0; i < 100 && !cs_test_port_answers (WHIP_PORT); i++)
    g_usleep (100 * G_TIME_SPAN_MILLISECOND);
  g_assert_true (cs_test_port_answers (WHIP_PORT));
  g_usleep (500 * G_TIME_SPAN_MILLISECOND); /* its Janus session */
  *tmpdir = g_steal_pointer (&dir);
  return process;
}

static void
whip_server_stop (GSubprocess *process, char *tmpdir)
{
  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, NULL);
  g_object_unref (process);
  if (g_getenv ("CS_TEST_KEEP") == NULL)
    {
      const char *argv[] = { "rm", "-rf", tmpdir, NULL };

      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
    }
  g_free (tmpdir);
}

/* simple-whip-server's own API: an endpoint "cs" that publishes into room 1234 */
static void
whip_create_endpoint (const char *token)
{
  g_autoptr (SoupSession) session = soup_session_new ();
  g_autoptr (SoupMessage) msg = soup_message_new ("POST", "http://127.0.0.1:17080/whip/create");
  g_autofree char *body = g_strdup_printf ("{\"id\":\"cs\",\"room\":1234,\"token\":\"%s\",\"label\":\"Whipper\"}", token);
  g_autoptr (GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr (GBytes) reply = NULL;
  g_autoptr (GError) error = NULL;

  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
}

/* WHIP into Janus through simple-whip-server: Callscope publishes with a bearer token, a
 * second Callscope watches the room and sees the WHIP publisher's media; a wrong token is
 * refused with the status in the message. */
static void
test_whip (void)
{
  CsTestJanus j = { 0 };
  g_autofree char *tmpdir = NULL;
  GSubprocess *server;
  const char *pub_args[] = { "--duration=14", "--whip=http://127.0.0.1:17080/whip/endpoint/cs", "--token=s3cret", NULL };
  const char *bad_args[] = { "--duration=5", "--whip=http://127.0.0.1:17080/whip/endpoint/cs", "--token=wrong", NULL };
  const char *obs_args[] = { "--duration=12", WS_URL, "--room=1234", "--no-publish", NULL };
  g_autoptr (CsTestRun) pub = NULL;
  g_autoptr (CsTestRun) bad = NULL;
  g_autoptr (CsTestRun) obs = NULL;
  const char *whipper;
  double sending;

  if (!cs_test_janus_start (&j))
    return;
  server = whip_server_start (&tmpdir);
  if (server == NULL)
    {
      cs_test_janus_stop (&j);
      return;
    }
  whip_create_endpoint ("s3cret");
  bad = cs_test_run (bad_args, FALSE);
  pub = cs_test_run_start (pub_args, TRUE);
  g_assert_true (cs_test_run_wait_for (pub, "local-video-stats", NULL, 10));
  obs = cs_test_run_start (obs_args, TRUE);
  cs_test_run_finish (pub);
  cs_test_run_finish (obs);
  whip_server_stop (server, g_steal_pointer (&tmpdir));
  cs_test_janus_stop (&j);

  g_assert_cmpint (bad->status, ==, 1);
  g_assert_nonnull (strstr (bad->stderr_text, "403"));

  g_test_message ("publisher: %s", pub->stdout_text);
  g_assert_cmpint (pub->status, ==, 0);
  {
    guint n = 0;

    /* from the first second with packets sent at a rate */
    sending = cs_test_first_sending (pub, "local-video-stats");
    cs_test_assert_happened (pub, sending, cs_test_last_time (pub) - 5, "sending");
    for (guint i = 0; i < pub->lines->len; i++)
      {
        JsonObject *o = g_ptr_array_index (pub->lines, i);

        if (cs_test_is_type (o, "local-video-stats") && cs_test_num (o, "t") >= sending)
          {
            g_assert_cmpfloat (cs_test_num (o, "sendBitrate"), >, 20000);
            /* measured at the sender: frames captured and encoded, and their size */
            g_assert_cmpfloat (cs_test_num (o, "sendFrameRate"), >=, 15);
            g_assert_cmpfloat (cs_test_num (o, "captureFrameRate"), >=, 15);
            g_assert_cmpfloat (cs_test_num (o, "sendResolutionWidth"), ==, 640);
            g_assert_cmpfloat (cs_test_num (o, "sendResolutionHeight"), ==, 360);
            n++;
          }
      }
    g_assert_cmpuint (n, >=, 3);
  }
  g_assert_cmpint (obs->status, ==, 0);
  whipper = uid_for_display (obs, "Whipper");
  g_assert_nonnull (whipper);
  {
    double end = cs_test_last_time (obs), left = time_of (obs, "user-left", whipper);

    if (!isnan (left))
      end = MIN (end, left);
    assert_media (obs, whipper, 0, end - 1.5, 1, 2);
  }
}

/* Nothing listens: a clear message and exit 1, quickly. */
static void
test_unreachable (void)
{
  const char *args[] = { "--duration=30", "--janus=ws://127.0.0.1:9", "--room=1234", NULL };
  gint64 start = g_get_monotonic_time ();
  g_autoptr (CsTestRun) run = cs_test_run (args, FALSE);

  g_assert_cmpint (run->status, ==, 1);
  g_assert_nonnull (strstr (run->stderr_text, "127.0.0.1:9"));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 15 * G_USEC_PER_SEC);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/janus/unreachable", test_unreachable);
  g_test_add_func ("/janus/websocket", test_websocket);
  g_test_add_func ("/janus/http", test_http);
  g_test_add_func ("/janus/impaired", test_impaired);
  g_test_add_func ("/janus/pin-and-room", test_pin);
  g_test_add_func ("/janus/codec-refused", test_codec_refused);
  g_test_add_func ("/janus/publisher-killed", test_publisher_killed);
  g_test_add_func ("/janus/keepalive", test_keepalive);
  g_test_add_func ("/janus/whip-through-janus", test_whip);
  return g_test_run ();
}
