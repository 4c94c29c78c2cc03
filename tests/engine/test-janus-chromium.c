/* test-janus-chromium.c — Debian's Chromium publishes through the test Janus, Callscope watches
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Janus (tests/janus: VideoRoom, WebSockets on 127.0.0.1:18188, admin API on
 * 127.0.0.1:18089) with a headless Chromium publisher (tests/browser/janus-publish.mjs:
 * janus.js, fake camera and microphone, `iceServers: []`, Chromium's own getStats() on
 * stdout) and a Callscope subscriber whose downlink drops 5 % of the packets and adds 20 ms
 * (--impair, a netsim after its ICE transport, so RTP, RTCP and retransmissions all cross
 * it). The loss must be repaired as it is for a Chromium viewer: Janus learns Callscope's
 * round-trip time and keeps a NACK buffer (admin API), retransmissions arrive (rtprtxreceive)
 * and the video plays at the sender's frame rate with freezes under 10 %.
 *
 * The 20 ms: on bare loopback the round trip is under 1 ms, Janus 1.1.2 reads it as 0 ms, and
 * it sizes its NACK buffer only when the RTT it reads changes (docs/real-calls.md).
 * Skipped when janus, node, Chromium or playwright-core is missing.
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "cs-test-janus.h"
#include "cs-test-run.h"

#define ADMIN_URL    "http://127.0.0.1:18089/admin"
#define ADMIN_SECRET "callscope-admin"

/* ------------------------------------------------------------------ Janus' admin API */

static JsonObject *
admin (SoupSession *session, const char *path, const char *request)
{
  g_autofree char *url = g_strconcat (ADMIN_URL, path, NULL);
  g_autoptr (SoupMessage) msg = soup_message_new ("POST", url);
  g_autofree char *body = g_strdup_printf ("{\"janus\":\"%s\",\"transaction\":\"t\",\"admin_secret\":\"%s\"}",
                                           request, ADMIN_SECRET);
  g_autoptr (GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr (GBytes) reply = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonNode *root;

  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  reply = soup_session_send_and_read (session, msg, NULL, NULL);
  if (reply == NULL || !json_parser_load_from_data (parser, g_bytes_get_data (reply, NULL), g_bytes_get_size (reply), NULL))
    return NULL;
  root = json_parser_get_root (parser);
  return JSON_NODE_HOLDS_OBJECT (root) ? json_object_ref (json_node_get_object (root)) : NULL;
}

/* The largest RTT and NACK buffer Janus shows for the video of any subscription */
typedef struct
{
  gint64 rtt_ms, nack_queue_ms;
  guint  polls;
} AdminSeen;

static void
admin_poll (SoupSession *session, AdminSeen *seen)
{
  g_autoptr (JsonObject) sessions = admin (session, "", "list_sessions");
  JsonArray *ids = sessions != NULL && json_object_has_member (sessions, "sessions")
                   ? json_object_get_array_member (sessions, "sessions") : NULL;

  for (guint i = 0; ids != NULL && i < json_array_get_length (ids); i++)
    {
      g_autofree char *spath = g_strdup_printf ("/%" G_GINT64_FORMAT, json_array_get_int_element (ids, i));
      g_autoptr (JsonObject) handles = admin (session, spath, "list_handles");
      JsonArray *hids = handles != NULL && json_object_has_member (handles, "handles")
                        ? json_object_get_array_member (handles, "handles") : NULL;

      for (guint h = 0; hids != NULL && h < json_array_get_length (hids); h++)
        {
          g_autofree char *hpath = g_strdup_printf ("%s/%" G_GINT64_FORMAT, spath, json_array_get_int_element (hids, h));
          g_autoptr (JsonObject) reply = admin (session, hpath, "handle_info");
          JsonObject *info = reply != NULL && json_object_has_member (reply, "info") ? json_object_get_object_member (reply, "info") : NULL;
          JsonObject *ps, *webrtc, *media;
          GList *members;

          if (info == NULL || !json_object_has_member (info, "plugin_specific") || !json_object_has_member (info, "webrtc"))
            continue;
          ps = json_object_get_object_member (info, "plugin_specific");
          if (g_strcmp0 (json_object_get_string_member_with_default (ps, "type", ""), "subscriber") != 0)
            continue;
          webrtc = json_object_get_object_member (info, "webrtc");
          if (webrtc == NULL || !json_object_has_member (webrtc, "media"))
            continue;
          media = json_object_get_object_member (webrtc, "media");
          members = json_object_get_members (media);
          for (GList *l = members; l != NULL; l = l->next)
            {
              JsonObject *m = json_object_get_object_member (media, l->data);
              JsonObject *rtcp, *main_ctx;

              if (g_strcmp0 (json_object_get_string_member_with_default (m, "type", ""), "video") != 0)
                continue;
              seen->nack_queue_ms = MAX (seen->nack_queue_ms, json_object_get_int_member_with_default (m, "nack-queue-ms", 0));
              rtcp = json_object_has_member (m, "rtcp") ? json_object_get_object_member (m, "rtcp") : NULL;
              main_ctx = rtcp != NULL && json_object_has_member (rtcp, "main") ? json_object_get_object_member (rtcp, "main") : NULL;
              if (main_ctx != NULL)
                seen->rtt_ms = MAX (seen->rtt_ms, json_object_get_int_member_with_default (main_ctx, "rtt", 0));
              seen->polls++;
            }
          g_list_free (members);
        }
    }
}

/* Polls the admin API every second until @stop is set: a thread, as the main thread waits
 * in cs_test_run_finish() draining the call's output */
typedef struct
{
  AdminSeen seen;
  gint      stop;
} AdminPoller;

static gpointer
admin_poller (gpointer user_data)
{
  AdminPoller *poller = user_data;
  g_autoptr (GMainContext) context = g_main_context_new ();
  g_autoptr (SoupSession) soup = NULL;

  g_main_context_push_thread_default (context);
  soup = soup_session_new_with_options ("timeout", 3, NULL);
  while (!g_atomic_int_get (&poller->stop))
    {
      admin_poll (soup, &poller->seen);
      for (guint i = 0; i < 10 && !g_atomic_int_get (&poller->stop); i++)
        g_usleep (100 * G_TIME_SPAN_MILLISECOND);
    }
  g_clear_object (&soup);
  g_main_context_pop_thread_default (context);
  return NULL;
}

/* ------------------------------------------------------------------ the Chromium publisher */

/* Chromium's mean framesPerSecond for the video it sent */
static double
sender_fps (const char *log)
{
  g_autoptr (GPtrArray) lines = cs_test_json_lines (log);
  double sum = 0;
  guint n = 0;

  for (guint i = 0; i < lines->len; i++)
    {
      JsonObject *o = g_ptr_array_index (lines, i);

      if (g_strcmp0 (cs_test_str (o, "type"), "outbound") == 0 && g_strcmp0 (cs_test_str (o, "kind"), "video") == 0 &&
          !isnan (cs_test_num (o, "framesPerSecond")))
        {
          sum += cs_test_num (o, "framesPerSecond");
          n++;
        }
    }
  return n > 0 ? sum / n : NAN;
}

static void
test_loss_repaired (void)
{
  const char *harness[] = { "--janus=ws://127.0.0.1:18188", "--room=1234", "--display=Chromium", "--duration=600", NULL };
  const char *obs_args[] = { "--duration=40", "--janus=ws://127.0.0.1:18188", "--room=1234", "--display=Watcher",
                             "--no-publish", "--impair=down.loss=5,down.delay=20", NULL };
  CsTestJanus janus = { 0 };
  CsTestChromium chromium = { 0 };
  g_autoptr (CsTestRun) obs = NULL;
  AdminPoller poller = { 0 };
  AdminSeen seen;
  GThread *thread;
  const char *uid = NULL;
  double slack = cs_test_timing_slack (), from, t0, t1, first = NAN, last = NAN, f0 = NAN, f1 = NAN, fps_sum = 0, sent_fps;
  guint n_fps = 0, rtx;

  if (!cs_test_janus_start (&janus))
    return;
  if (!cs_test_chromium_start (&chromium, harness) || !cs_test_chromium_wait_sending (&chromium, 1, 60 * slack))
    {
      cs_test_chromium_stop (&chromium);
      cs_test_janus_stop (&janus);
      return;
    }

  /* rtprtxreceive says each retransmission it receives (a debug line on stderr) */
  g_setenv ("GST_DEBUG", "rtprtxreceive:5", TRUE);
  g_setenv ("GST_DEBUG_NO_COLOR", "1", TRUE);
  obs = cs_test_run_start (obs_args, TRUE);
  g_unsetenv ("GST_DEBUG");
  thread = g_thread_new ("admin-poller", admin_poller, &poller);
  cs_test_run_finish (obs);
  g_atomic_int_set (&poller.stop, TRUE);
  g_thread_join (thread);
  seen = poller.seen;

  sent_fps = sender_fps (chromium.log);
  cs_test_chromium_stop (&chromium);
  cs_test_janus_stop (&janus);
  rtx = cs_test_count_text (obs->stderr_text, "Got rtx packet");
  g_test_message ("Janus admin API, the subscription's video: RTT up to %" G_GINT64_FORMAT " ms, NACK buffer up to %"
                  G_GINT64_FORMAT " ms (%u polls); retransmissions received: %u; Chromium sent %.1f fps",
                  seen.rtt_ms, seen.nack_queue_ms, seen.polls, rtx, sent_fps);
  g_assert_cmpint (obs->status, ==, 0);
  for (guint i = 0; i < obs->lines->len && uid == NULL; i++)
    {
      JsonObject *o = g_ptr_array_index (obs->lines, i);

      if (cs_test_is_type (o, "user-joined") && g_strcmp0 (cs_test_str (o, "displayName"), "Chromium") == 0)
        uid = cs_test_uid (o);
    }
  g_assert_nonnull (uid);
  from = cs_test_first_media (obs, "local", uid, "video");
  cs_test_assert_happened (obs, from, cs_test_last_time (obs) - 20, "first video");
  /* Janus knows the RTT from the first report after its first SR (~2 s), and the first
   * keyframe must come: judged from 8 s after the first media to the end */
  t0 = from + 8;
  t1 = cs_test_last_time (obs) - 1;
  for (guint i = 0; i < obs->lines->len; i++)
    {
      JsonObject *o = g_ptr_array_index (obs->lines, i);
      double t = cs_test_num (o, "t");

      if (!cs_test_is_type (o, "remote-video-stats") || g_strcmp0 (cs_test_uid (o), uid) != 0 || t < t0 || t > t1)
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
      n_fps++;
    }
  g_assert_cmpuint (n_fps, >=, 10);
  /* the loss was there: 5 % on the wire (1.22 counts a repaired packet as lost) */
  g_assert_cmpfloat (cs_test_sample_loss (obs, "local", uid, "video", t0, t1), >=, 1.5);
  /* and repaired */
  g_assert_cmpint (seen.nack_queue_ms, >, 0);
  g_assert_cmpint (seen.rtt_ms, >, 0);
  g_assert_cmpuint (rtx, >, 0);
  g_test_message ("frozen %.1f %% of %.0f s, %.1f fps", 100 * (f1 - f0) / (last - first), last - first, fps_sum / n_fps);
  g_assert_cmpfloat ((f1 - f0) / (last - first), <, 0.10);
  g_assert_false (isnan (sent_fps));
  g_assert_cmpfloat (fps_sum / n_fps, >=, 0.8 * sent_fps);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/janus-chromium/loss-repaired", test_loss_repaired);
  return g_test_run ();
}
