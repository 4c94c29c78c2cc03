/* test-lab-call.c — the issue's acceptance: real lab calls run headless
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each case runs `callscope --headless` (a real call: webrtcbin pairs, loopback ICE,
 * netsim) with --record to a temporary file, then reads the recording and checks the
 * model's outputs after a warm-up. Calls run one after another (is_parallel: false).
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>
#include <math.h>

#include "cs-recording-reader.h"
#include "cs-stats-model.h"
#include "cs-test-run.h"

/* Measurements start at a condition written in the recording, never at a fixed instant:
 * the first media on a stream, the first second a user's scores are known, the scenario
 * step as the lab applied it. Each condition must happen before a deadline (a fraction of the
 * call), and a failure prints the lines around it. */

/* From the first second @uid's scores are known (it must be by @deadline) to @t1, every
 * network-quality line of @uid is within [lo, hi]. @from: do not look before. */
static void
assert_scores (CsTestRun *run, const char *uid, guint lo, guint hi, double from, double t1)
{
  double t0 = cs_test_first_score (run, uid);
  guint n = 0;

  cs_test_assert_happened (run, t0, t1 - 2, uid);
  t0 = MAX (t0, from);
  for (guint i = 0; i < run->lines->len; i++)
    {
      JsonObject *o = g_ptr_array_index (run->lines, i);
      double t = cs_test_num (o, "t");
      double up, down;

      if (!cs_test_is_type (o, "network-quality") || g_strcmp0 (cs_test_uid (o), uid) != 0 || t < t0 || t > t1)
        continue;
      up = cs_test_num (o, "uplinkNetworkQuality");
      down = cs_test_num (o, "downlinkNetworkQuality");
      if (up < lo || up > hi || down < lo || down > hi)
        {
          cs_test_dump (run, uid, t - 3, t + 1, NULL);
          g_test_message ("%s at %.1f s: scores %g/%g, expected %u-%u from %.1f s", uid, t, up, down, lo, hi, t0);
        }
      g_assert_cmpfloat (up, >=, lo);
      g_assert_cmpfloat (up, <=, hi);
      g_assert_cmpfloat (down, >=, lo);
      g_assert_cmpfloat (down, <=, hi);
      n++;
    }
  g_test_message ("%s: %u seconds scored %u-%u from %.1f s", uid, n, lo, hi, t0);
  g_assert_cmpuint (n, >=, 2);
}

/* The first second from which @observer receives both audio and video from @peer. */
static double
media_from (CsTestRun *run, const char *observer, const char *peer, double deadline)
{
  double audio = cs_test_first_media (run, observer, peer, "audio");
  double video = cs_test_first_media (run, observer, peer, "video");
  double t = isnan (audio) || isnan (video) ? NAN : MAX (audio, video);
  g_autofree char *what = g_strdup_printf ("first media %s -> %s", peer, observer);

  cs_test_assert_happened (run, t, deadline, what);
  return t;
}

/* The first @type line of @uid whose delays are all measured (the sender's share needs a
 * few of its packets first), or NAN. */
static double
measured_from (CsTestRun *run, const char *type, const char *uid)
{
  for (guint i = 0; i < run->lines->len; i++)
    {
      JsonObject *o = g_ptr_array_index (run->lines, i);

      if (cs_test_is_type (o, type) && g_strcmp0 (cs_test_uid (o), uid) == 0 &&
          json_object_get_boolean_member_with_default (o, "transportDelayMeasured", FALSE) &&
          json_object_get_boolean_member_with_default (o, "end2EndDelayMeasured", FALSE))
        return cs_test_num (o, "t");
    }
  return NAN;
}

/* Every @type line (remote-audio/video-stats) of each user, from the first whose delays are
 * measured (within 5 s of its first media) to the end: measured still, and in bounds. */
static void
assert_delays (CsTestRun *run, const char *type, double transport_min, double transport_max)
{
  const char *kind = g_str_equal (type, "remote-video-stats") ? "video" : "audio";
  double end = cs_test_last_time (run);
  guint n = 0;

  for (guint k = 1; k <= 3; k++)
    {
      g_autofree char *uid = g_strdup_printf ("user-%u", k);
      g_autofree char *what = g_strdup_printf ("%s of %s measured", type, uid);
      double media = cs_test_first_media (run, "local", uid, kind);
      double from;

      cs_test_assert_happened (run, media, end - 4, "first media");
      from = measured_from (run, type, uid);
      if (isnan (from) || from > media + 5 * cs_test_timing_slack ())
        cs_test_dump (run, uid, 0, end, (const char *const[]) { type, NULL });
      cs_test_assert_happened (run, from, MIN (media + 5 * cs_test_timing_slack (), end - 2), what);
      for (guint i = 0; i < run->lines->len; i++)
        {
          JsonObject *o = g_ptr_array_index (run->lines, i);
          double transport, receive, e2e;

          if (!cs_test_is_type (o, type) || g_strcmp0 (cs_test_uid (o), uid) != 0 || cs_test_num (o, "t") < from)
            continue;
          transport = cs_test_num (o, "transportDelay");
          receive = cs_test_num (o, "receiveDelay");
          e2e = cs_test_num (o, "end2EndDelay");
          g_test_message ("%s %s t=%.1f transport=%g receive=%g e2e=%g", type, uid, cs_test_num (o, "t"),
                          transport, receive, e2e);
          g_assert_cmpfloat (transport, >, 0);
          g_assert_cmpfloat (transport, >=, transport_min);
          g_assert_cmpfloat (transport, <=, transport_max);
          g_assert_cmpfloat (receive, >=, transport);
          g_assert_cmpfloat (e2e, >=, receive);
          g_assert_true (json_object_get_boolean_member (o, "transportDelayMeasured"));
          g_assert_true (json_object_get_boolean_member (o, "end2EndDelayMeasured"));
          n++;
        }
    }
  g_assert_cmpuint (n, >, 3);
}

/* The first second from which the local user receives both kinds from every user of @uids. */
static double
all_media_from (CsTestRun *run, const char *const *uids, double deadline)
{
  double t = 0;

  for (guint i = 0; uids[i] != NULL; i++)
    t = MAX (t, media_from (run, "local", uids[i], deadline));
  return t;
}

static void
test_clean (void)
{
  /* --duration is only the bound: the call lasts until media flowed 10 s every way */
  const char *args[] = { "--duration=90", "--users=3", NULL };
  const char *pairs[] = { "local>user-1", "local>user-2", "local>user-3",
                          "user-1>local", "user-2>local", "user-3>local", NULL };
  g_autoptr (CsTestRun) run = cs_test_run_media (args, pairs, 10);
  double end = cs_test_last_time (run);
  const char *uids[] = { "local", "user-1", "user-2", "user-3", NULL };
  double from;

  g_assert_cmpint (run->status, ==, 0);
  g_assert_nonnull (strstr (run->stdout_text, "user-3"));
  from = all_media_from (run, uids + 1, end - 5);
  for (guint i = 0; uids[i] != NULL; i++)
    assert_scores (run, uids[i], 1, 2, from, end - 1.5);
  assert_delays (run, "remote-video-stats", 0, 20 * cs_test_timing_slack ());
  assert_delays (run, "remote-audio-stats", 0, 20 * cs_test_timing_slack ());
  for (guint k = 1; k <= 3; k++)
    {
      g_autofree char *uid = g_strdup_printf ("user-%u", k);
      double t0 = media_from (run, "local", uid, end - 5);
      double t0_up = media_from (run, uid, "local", end - 5);

      g_assert_cmpfloat (cs_test_sample_loss (run, "local", uid, "video", t0, end), <, 1);
      g_assert_cmpfloat (cs_test_sample_loss (run, "local", uid, "audio", t0, end), <, 1);
      g_assert_cmpfloat (cs_test_sample_loss (run, uid, "local", "video", t0_up, end), <, 1);
    }
}

/* Seconds @uid's video was frozen, as the local user saw it, between @t0 and @t1
 * (totalFreezeTime of the last remote-video-stats line at or before each) */
static double
freeze_between (CsTestRun *run, const char *uid, double t0, double t1)
{
  double at0 = 0, at1 = 0;

  for (guint i = 0; i < run->lines->len; i++)
    {
      JsonObject *o = g_ptr_array_index (run->lines, i);
      double t = cs_test_num (o, "t");

      if (!cs_test_is_type (o, "remote-video-stats") || g_strcmp0 (cs_test_uid (o), uid) != 0)
        continue;
      if (t <= t0)
        at0 = cs_test_counter (o, "totalFreezeTime");
      if (t <= t1)
        at1 = cs_test_counter (o, "totalFreezeTime");
    }
  return at1 - at0;
}

static void
test_loss_one_user (void)
{
  const char *args[] = { "--duration=120", "--impair=user-1:loss=10", NULL };
  const char *pairs[] = { "local>user-1", "local>user-2", "local>user-3", NULL };
  g_autoptr (CsTestRun) run = cs_test_run_media (args, pairs, 20);
  const char *others[] = { "user-2", "user-3", NULL };
  double end = cs_test_last_time (run);
  double loss, from, scored, la, ra, lv, rv, n, bound;
  guint worse = 0, total = 0;

  g_assert_cmpint (run->status, ==, 0);
  /* what user-1 sends crosses its lossy uplink, from its first packet (the impairment of the
   * command line holds from the start, so the DTLS handshakes lose packets too and media may
   * start many seconds late: seen at 16 s on a busy machine). Its stream, audio and video
   * together, is measured within 4 binomial standard errors of 10 % for the packets it had
   * (about 1500 packets over 18 s: 3.1 %), and never tighter than 3 % */
  from = media_from (run, "local", "user-1", end - 8);
  loss = cs_test_stream_loss (run, "local", "user-1", from, end);
  cs_test_sample_counts (run, "local", "user-1", "audio", from, end, &la, &ra);
  cs_test_sample_counts (run, "local", "user-1", "video", from, end, &lv, &rv);
  n = la + ra + lv + rv;
  bound = MAX (3, 4 * 100 * sqrt (0.1 * 0.9 / n));
  g_test_message ("user-1 stream loss %.1f %% of %.0f packets from %.1f s (bound ±%.1f %%)", loss, n, from, bound);
  g_assert_cmpfloat (fabs (loss - 10), <=, bound);
  /* each track on its own shows it too, within its wider noise */
  {
    double audio = 100 * la / (la + ra), video = 100 * lv / (lv + rv);

    if (audio < 5 || video < 5)
      cs_test_dump (run, "user-1", from, end, (const char *const[]) { "sample", NULL });
    g_assert_cmpfloat (audio, >=, 5);
    g_assert_cmpfloat (video, >=, 5);
  }
  /* and NACK repairs it, as a browser's would: before RTCP feedback was made prompt
   * (cs-rtcp-feedback.c) the lab froze 18-24 % of the time at 8 % loss; now 0-4 % at 10 %
   * (under AddressSanitizer, whose slowness adds late frames, 6.6 % on an idle machine and
   * 19 % once with the other core busy, mostly in the first seconds while the starved
   * pipeline catches up: 25 % there. Without NACK the video freezes 50-90 % of the time) */
  {
    double frozen = freeze_between (run, "user-1", from, end);
    double share = cs_test_timing_slack () > 1 ? 0.25 : 0.1;

    g_test_message ("user-1 video frozen %.1f s of %.1f s (bound %.0f %%)", frozen, end - from, 100 * share);
    if (frozen > share * (end - from))
      cs_test_dump (run, "user-1", from, end, (const char *const[]) { "remote-video-stats", NULL });
    g_assert_cmpfloat (frozen, <, share * (end - from));
  }
  /* user-1's score is worse than the others', once its scores are known */
  scored = cs_test_first_score (run, "user-1");
  cs_test_assert_happened (run, scored, end - 6, "user-1 scored");
  for (guint i = 0; i < run->lines->len; i++)
    {
      JsonObject *o = g_ptr_array_index (run->lines, i);

      if (cs_test_is_type (o, "network-quality") && g_str_equal (cs_test_uid (o), "user-1") &&
          cs_test_num (o, "t") >= scored + 2)
        {
          total++;
          worse += cs_test_num (o, "uplinkNetworkQuality") >= 3;
        }
    }
  if (worse * 2 <= total)
    cs_test_dump (run, "user-1", 0, end, (const char *const[]) { "network-quality", NULL });
  g_assert_cmpuint (total, >, 3);
  g_assert_cmpuint (worse * 2, >, total);
  from = all_media_from (run, others, end - 6);
  assert_scores (run, "user-2", 1, 2, from, end - 1.5);
  assert_scores (run, "user-3", 1, 2, from, end - 1.5);
  /* the local user is not blamed for user-1's network */
  assert_scores (run, "local", 1, 2, from, end - 1.5);
  g_assert_cmpfloat (cs_test_sample_loss (run, "local", "user-2", "video", from, end), <, 1);
  g_assert_cmpfloat (cs_test_sample_loss (run, "local", "user-3", "audio", from, end), <, 1);
}

/* A sender whose frame rate drops (15 → 3 fps, as a slowing camera or an SFU switching to a
 * lower simulcast layer does) plays on at its new rate: its packets come later than the
 * jitter buffer learned, and it once declared them lost and dropped them as late, so that
 * nothing was rendered for the 10 s (issue 10). */
static void
test_frame_rate_change (void)
{
  static const char scenario[] =
    "{ \"name\": \"fps-change\", \"clock\": \"media\", \"users\": 1, \"duration\": 30, \"steps\": ["
    " { \"at\": 8, \"user\": \"user-1\", \"set\": { \"fps\": 3 } },"
    " { \"at\": 18, \"user\": \"user-1\", \"set\": { \"fps\": 15 } } ] }";
  g_autofree char *path = NULL;
  g_autofree char *arg = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (CsTestRun) run = NULL;
  double from, to, frozen;
  guint n = 0, playing = 0;
  int fd = g_file_open_tmp ("cs-fps-XXXXXX.json", &path, &error);

  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, scenario, -1, NULL));
  arg = g_strdup_printf ("--scenario=%s", path);
  {
    const char *args[] = { arg, NULL };

    run = cs_test_run (args, TRUE);
  }
  g_unlink (path);
  g_assert_cmpint (run->status, ==, 0);
  from = cs_test_event_time (run, "user-1", "fps=3", 0);
  cs_test_assert_happened (run, from, cs_test_last_time (run) - 10, "user-1 at 3 fps");
  to = cs_test_event_time (run, "user-1", "fps=15", from);
  cs_test_assert_happened (run, to, cs_test_last_time (run) - 2, "user-1 at 15 fps again");
  for (guint i = 0; i < run->lines->len; i++)
    {
      JsonObject *o = g_ptr_array_index (run->lines, i);
      double t = cs_test_num (o, "t");

      if (!cs_test_is_type (o, "remote-video-stats") || g_strcmp0 (cs_test_uid (o), "user-1") != 0 ||
          t < from + 2 || t > to)
        continue;
      n++;
      playing += cs_test_num (o, "renderFrameRate") >= 2;
    }
  frozen = freeze_between (run, "user-1", from, to + 2);
  g_test_message ("3 fps from %.1f s to %.1f s: %u of %u seconds rendered at 2 fps or more, frozen %.1f s", from, to,
                  playing, n, frozen);
  if (playing + 1 < n || frozen >= 1)
    cs_test_dump (run, "user-1", from, to + 2, (const char *const[]) { "remote-video-stats", "event", NULL });
  g_assert_cmpuint (n, >=, 5);
  g_assert_cmpuint (playing + 1, >=, n);
  g_assert_cmpfloat (frozen, <, 1);
}

/* --camera without a camera: the call is refused with a message, never sent with a test
 * picture passed off as the camera (autovideosrc's fallback) */
static void
test_no_camera (void)
{
  const char *args[] = { "--duration=10", "--users=1", "--camera", NULL };
  g_autoptr (CsTestRun) run = NULL;

  if (g_file_test ("/dev/video0", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("this machine has a camera (/dev/video0)");
      return;
    }
  run = cs_test_run (args, FALSE);
  g_test_message ("exit %d: %s", run->status, run->stderr_text);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_nonnull (strstr (run->stderr_text, "No camera was found"));
}

/* A GStreamer whose webrtcbin is laid out differently (no transport receive bin with a nicesrc,
 * simulated): the call is refused with a message, never run unimpaired as if impaired. */
static void
test_unknown_layout (void)
{
  const char *args[] = { "--duration=20", "--users=1", "--impair=user-1:loss=10", NULL };
  g_autoptr (CsTestRun) run = NULL;

  g_setenv ("CS_LAB_TEST_UNKNOWN_LAYOUT", "1", TRUE);
  run = cs_test_run (args, FALSE);
  g_unsetenv ("CS_LAB_TEST_UNKNOWN_LAYOUT");
  g_test_message ("exit %d: %s", run->status, run->stderr_text);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_nonnull (strstr (run->stderr_text, "The lab cannot impair its links with GStreamer"));
}

static int
cmp_double (const double *a, const double *b)
{
  return (*a > *b) - (*a < *b);
}

static void
test_delay_local (void)
{
  const char *args[] = { "--duration=90", "--impair=local:delay=100", NULL };
  const char *pairs[] = { "local>user-1", "local>user-2", "local>user-3", NULL };
  g_autoptr (CsTestRun) run = cs_test_run_media (args, pairs, 12);
  const char *users[] = { "user-1", "user-2", "user-3", NULL };
  double slack = cs_test_timing_slack ();
  g_autoptr (GArray) rtts = g_array_new (FALSE, FALSE, sizeof (double));
  double median, from;

  g_assert_cmpint (run->status, ==, 0);
  assert_delays (run, "remote-video-stats", 100 - 30 * slack, 100 + 30 * slack);
  assert_delays (run, "remote-audio-stats", 100 - 30 * slack, 100 + 30 * slack);
  from = all_media_from (run, users, cs_test_last_time (run) - 4);
  for (guint i = 0; i < run->lines->len; i++)
    {
      JsonObject *o = g_ptr_array_index (run->lines, i);

      if (cs_test_is_type (o, "rtc-stats") && cs_test_num (o, "t") >= from && json_object_has_member (o, "RTT"))
        {
          double rtt = cs_test_num (o, "RTT");

          g_test_message ("t=%.1f RTT %.1f", cs_test_num (o, "t"), rtt);
          /* a round trip crosses the 100 ms link twice: never shorter */
          g_assert_cmpfloat (rtt, >=, 200 - 60);
          /* a value is repeated each second until the next receiver report: count reports */
          if (rtts->len == 0 || g_array_index (rtts, double, rtts->len - 1) != rtt)
            g_array_append_val (rtts, rtt);
        }
    }
  /* the call's RTT is 200 ± 60 ms. The first report's RTT includes the start-up (seen on a
   * busy machine: 377 ms, then 206, 205, 204). A busy machine only ever adds to an RTT (seen in
   * the sanitizer pass with one core kept busy: 703, 624, 334, 310, 323, 256, 258 ms), so the
   * link's own round trip is the shortest report after the first, as ping's minimum is */
  g_test_message ("%u receiver reports", rtts->len);
  g_assert_cmpuint (rtts->len, >=, 3);
  g_array_remove_index (rtts, 0);
  g_array_sort (rtts, (GCompareFunc) cmp_double);
  median = g_array_index (rtts, double, (rtts->len - 1) / 2);
  g_test_message ("RTT after the first report: shortest %.1f ms, median %.1f ms", g_array_index (rtts, double, 0),
                  median);
  g_assert_cmpfloat (fabs (g_array_index (rtts, double, 0) - 200), <=, 60 * slack);
}

/* An exception of @uid raised (a code below 3000, or Callscope's 5001-6999) or recovered. */
static gboolean
is_raise (double code)
{
  return code < 3000 || (code >= 5000 && code < 7000);
}

/* The SSRC of @observer's inbound @kind stream from @peer in its last sample before @before,
 * and after @after (0 if none); the packets of the last one. */
static void
inbound_stream (CsTestRun *run, const char *observer, const char *peer, const char *kind, double before,
                double after, double *ssrc_before, double *ssrc_after, double *packets_after)
{
  *ssrc_before = *ssrc_after = *packets_after = 0;
  for (guint i = 0; i < run->lines->len; i++)
    {
      JsonObject *o = g_ptr_array_index (run->lines, i);
      double t = cs_test_num (o, "t");

      if (!cs_test_is_type (o, "sample") || !g_str_equal (cs_test_str (o, "direction"), "inbound") ||
          !g_str_equal (cs_test_str (o, "observer_uid"), observer) || !g_str_equal (cs_test_str (o, "peer_uid"), peer) ||
          !g_str_equal (cs_test_str (o, "kind"), kind))
        continue;
      if (t < before)
        *ssrc_before = cs_test_num (o, "ssrc");
      else if (t > after)
        {
          *ssrc_after = cs_test_num (o, "ssrc");
          *packets_after = cs_test_num (o, "packets");
        }
    }
}

static void
test_outage (void)
{
  const char *args[] = { "--duration=24", "--scenario=outage", NULL };
  g_autoptr (CsTestRun) run = cs_test_run (args, TRUE);
  double end = cs_test_last_time (run);
  double worst = 0, freeze = 0, raised_at = NAN, recovered_at = NAN;
  /* the outage as the lab applied it */
  double start = cs_test_event_time (run, "user-1", "loss=100", 0);
  double stop;

  cs_test_assert_happened (run, start, end - 8, "outage start");
  stop = cs_test_event_time (run, "user-1", "loss=0", start);
  cs_test_assert_happened (run, stop, end - 4, "outage end");
  g_assert_cmpint (run->status, ==, 0);
  for (guint i = 0; i < run->lines->len; i++)
    {
      JsonObject *o = g_ptr_array_index (run->lines, i);
      double t = cs_test_num (o, "t");

      if (cs_test_is_type (o, "network-quality") && g_str_equal (cs_test_uid (o), "user-1") && t >= start && t <= stop + 2)
        worst = MAX (worst, MAX (cs_test_num (o, "uplinkNetworkQuality"), cs_test_num (o, "downlinkNetworkQuality")));
      if (cs_test_is_type (o, "remote-video-stats") && g_str_equal (cs_test_uid (o), "user-1"))
        freeze = MAX (freeze, cs_test_num (o, "totalFreezeTime"));
      if (cs_test_is_type (o, "exception") && g_str_equal (cs_test_uid (o), "user-1"))
        {
          if (is_raise (cs_test_num (o, "code")))
            raised_at = isnan (raised_at) && t >= start ? t : raised_at;
          else if (t >= stop)
            recovered_at = t;
        }
    }
  g_test_message ("outage %.1f-%.1f s: worst score %g, raised at %.1f, recovered at %.1f, frozen %.1f s", start, stop,
                  worst, raised_at, recovered_at, freeze);
  if (worst != 6 || isnan (raised_at) || isnan (recovered_at))
    cs_test_dump (run, "user-1", start - 2, end, (const char *const[]) { "network-quality", "exception", "event", NULL });
  g_assert_cmpfloat (worst, ==, 6);
  /* the product's promise: an outage raises within 3 s of its start (slower under sanitizers) */
  g_assert_cmpfloat (raised_at - start, <=, 3.5 * cs_test_timing_slack ());
  g_assert_cmpfloat (recovered_at, >, raised_at);
  /* 6 s without a packet: the freeze covers the outage (s) */
  g_assert_cmpfloat (freeze, >=, (stop - start) - 1);
  /* back to 1–2 within seconds: the last few seconds are good again */
  assert_scores (run, "user-1", 1, 2, stop + 6, end - 1.5);

  /* Each stream is still read as itself after the outage, whether or not the session timed
   * it out as a sender (webrtcbin then leaves it out of get-stats: cs-webrtc-stats.c), not
   * as its RTX stream or as nothing. */
  for (guint i = 0; i < 4; i++)
    {
      const char *observer = i < 2 ? "local" : "user-1", *peer = i < 2 ? "user-1" : "local";
      const char *kind = i % 2 == 0 ? "audio" : "video";
      double before, after, packets;

      inbound_stream (run, observer, peer, kind, start, stop + 4, &before, &after, &packets);
      g_test_message ("%s <- %s %s: SSRC %.0f before the outage, %.0f after (%.0f packets)", observer, peer, kind,
                      before, after, packets);
      g_assert_cmpfloat (before, !=, 0);
      g_assert_cmpfloat (after, ==, before);
    }
}

/* The device-faults preset: every Agora exception a lab can provoke is raised, for the
 * user the fault belongs to, while its fault lasts, and then recovered (recovery code = code
 * + 2000) once the fault is over. The faults' starts and ends are the scenario's steps as the
 * lab applied them (its `event` lines), not the times in the preset. */
static void
test_device_faults (void)
{
  const char *args[] = { "--duration=52", "--scenario=device-faults", NULL };
  g_autoptr (CsTestRun) run = cs_test_run (args, TRUE);
  static const struct {
    guint code; const char *uid;
    const char *start_uid, *start; /* the step that starts the fault */
    const char *end_uid, *end;     /* the step that ends it */
  } expected[] = {
    { 1001, "local", "local", "fps=5", "local", "fps=15" },       /* capture frame rate too low */
    { 1002, "local", "local", "fps=5", "local", "fps=15" },       /* sent frame rate too low */
    /* send video bitrate too low: 5 fps already lowers it, then 20 kbit/s */
    { 1003, "local", "local", "fps=5", "local", "bitrate=300" },
    { 2002, "user-1", "user-1", "mic=0", "user-1", "mic=100" },   /* user-1's microphone, as heard locally */
    { 2001, "local", "local", "mic=0", "local", "mic=100" },      /* the local microphone muted */
    /* send audio bitrate too low: a muted microphone already lowers it, then no audio */
    { 2003, "local", "local", "mic=0", "local", "audio=1" },
    { 5003, "user-3", "user-3", "video=0", "user-3", "video=1" }, /* user-3's video stops: frozen */
    /* user-2's payloads garbled: its video and audio fail to decode, then decode again */
    { 1005, "user-2", "user-2", "corrupt=1", "user-2", "corrupt=0" },
    { 2005, "user-2", "user-2", "corrupt=1", "user-2", "corrupt=0" },
  };
  double slack = cs_test_timing_slack ();
  double last = cs_test_last_time (run);

  g_assert_cmpint (run->status, ==, 0);
  for (guint k = 0; k < G_N_ELEMENTS (expected); k++)
    {
      double from = cs_test_event_time (run, expected[k].start_uid, expected[k].start, 0);
      double to, raised = -1, recovered = -1;
      /* the encoder's rate control takes a few seconds to climb back from 20 kbit/s, and a
       * recovery needs a clean window: 13 s after the fault's end, or the end of the call */
      double deadline;
      g_autofree char *what = g_strdup_printf ("%u %s: fault start", expected[k].code, expected[k].uid);

      cs_test_assert_happened (run, from, last - 10, what);
      to = cs_test_event_time (run, expected[k].end_uid, expected[k].end, from);
      cs_test_assert_happened (run, to, last - 5, "fault end");
      deadline = MIN (to + 13 * slack, last);
      for (guint i = 0; i < run->lines->len; i++)
        {
          JsonObject *o = g_ptr_array_index (run->lines, i);
          double t = cs_test_num (o, "t");
          guint code;

          if (!cs_test_is_type (o, "exception") || !g_str_equal (cs_test_uid (o), expected[k].uid))
            continue;
          code = (guint) cs_test_num (o, "code");
          /* on while the fault lasts: raised before its end (a slow start may raise it earlier) */
          if (code == expected[k].code && t <= to)
            raised = t, recovered = -1;
          else if (code == expected[k].code + 2000 && raised >= 0 && recovered < 0)
            recovered = t;
        }
      g_test_message ("%u %s: fault %.1f-%.1f s, raised at %.1f s, recovered at %.1f s (deadline %.1f s)",
                      expected[k].code, expected[k].uid, from, to, raised, recovered, deadline);
      if (raised < 0 || recovered < to || recovered > deadline)
        cs_test_dump (run, expected[k].uid, from - 1, last,
                      (const char *const[]) { "exception", "event", "local-audio-stats", "local-video-stats",
                                              "remote-video-stats", NULL });
      g_assert_cmpfloat (raised, >=, 0);
      g_assert_cmpfloat (recovered, >=, to);
      g_assert_cmpfloat (recovered, <=, deadline);
    }
  /* user-3's video resumed: it plays again within seconds, not at the encoder's next keyframe
   * (its distance is 10 s; issue 10 saw a lab video that never recovered). Two things see to it:
   * the lab forces a keyframe when video is sent again, and the receiver's PLI is answered; each
   * alone passes this (measured: decoded again 0.9 s after the resume, 1.0 s without the forced
   * keyframe) */
  {
    double to = cs_test_event_time (run, "user-3", "video=1", cs_test_event_time (run, "user-3", "video=0", 0));
    double playing = NAN;

    for (guint i = 0; i < run->lines->len && isnan (playing); i++)
      {
        JsonObject *o = g_ptr_array_index (run->lines, i);

        if (cs_test_is_type (o, "remote-video-stats") && g_str_equal (cs_test_uid (o), "user-3") &&
            cs_test_num (o, "t") > to && cs_test_num (o, "decodeFrameRate") > 0)
          playing = cs_test_num (o, "t");
      }
    g_test_message ("user-3's video resumed at %.1f s, decoded again from the second ending at %.1f s", to, playing);
    if (isnan (playing) || playing - to > 3 * slack)
      cs_test_dump (run, "user-3", to - 1, to + 12, (const char *const[]) { "remote-video-stats", "event", NULL });
    g_assert_cmpfloat (playing - to, <=, 3 * slack);
  }
}

static void
test_replay (void)
{
  const char *args[] = { "--duration=6", "--users=2", NULL };
  g_autoptr (CsTestRun) run = cs_test_run (args, TRUE);
  g_autoptr (GFile) file = g_file_new_for_path (run->path);
  g_autoptr (GError) error = NULL;
  g_autoptr (CsRecordingReader) reader = cs_recording_reader_new_from_file (file, NULL, &error);
  g_autoptr (CsStatsModel) model = cs_stats_model_new ();
  GPtrArray *outputs;
  guint n = 0;

  g_assert_no_error (error);
  g_assert_cmpint (run->status, ==, 0);
  cs_recording_reader_replay (reader, model);
  /* replayed network quality, second by second, equals the recorded lines */
  outputs = cs_recording_reader_get_outputs (reader);
  for (guint i = 0; i < outputs->len; i++)
    if (cs_test_is_type (g_ptr_array_index (outputs, i), "network-quality"))
      n++;
  g_assert_cmpuint (n, >, 5);
  {
    CsParticipant *p = cs_stats_model_lookup (model, "user-1");
    JsonObject *last = NULL;

    g_assert_nonnull (p);
    for (guint i = 0; i < outputs->len; i++)
      {
        JsonObject *o = g_ptr_array_index (outputs, i);

        if (cs_test_is_type (o, "network-quality") && g_str_equal (cs_test_uid (o), "user-1"))
          last = o;
      }
    g_assert_nonnull (last);
    g_assert_cmpfloat (cs_test_num (last, "uplinkNetworkQuality"), ==, cs_participant_get_uplink_quality (p));
    g_assert_cmpfloat (cs_test_num (last, "downlinkNetworkQuality"), ==, cs_participant_get_downlink_quality (p));
  }
}

typedef struct
{
  const char *name;
  const char *args[4];
  const char *message;
} BadInput;

static const BadInput bad_inputs[] = {
  { "unknown-option", { "--duration=2", "--bogus", NULL }, "bogus" },
  { "impair-no-equals", { "--duration=2", "--impair=loss", NULL }, "KEY=VALUE" },
  { "impair-not-number", { "--duration=2", "--impair=user-1:loss=lots", NULL }, "not a number" },
  { "impair-unknown-key", { "--duration=2", "--impair=speed=5", NULL }, "speed" },
  { "impair-out-of-range", { "--duration=2", "--impair=loss=150", NULL }, "loss" },
  { "impair-unknown-user", { "--duration=2", "--impair=user-9:loss=5", NULL }, "user-9" },
  { "scenario-missing", { "--duration=2", "--scenario=/nonexistent/scenario.json", NULL }, "scenario" },
  { "scenario-unknown-preset", { "--duration=2", "--scenario=no-such-preset", NULL }, "no-such-preset" },
  { "scenario-malformed", { "--duration=2", "--scenario=@MALFORMED@", NULL }, "JSON" },
};

static void
test_bad_input (gconstpointer data)
{
  const BadInput *c = data;
  const char *args[4] = { NULL };
  g_autofree char *malformed = NULL;
  g_autofree char *arg = NULL;
  g_autoptr (CsTestRun) run = NULL;

  for (guint i = 0; c->args[i] != NULL; i++)
    {
      args[i] = c->args[i];
      if (strstr (c->args[i], "@MALFORMED@") != NULL)
        {
          g_autoptr (GError) error = NULL;
          int fd = g_file_open_tmp ("cs-bad-XXXXXX.json", &malformed, &error);

          g_assert_no_error (error);
          close (fd);
          g_file_set_contents (malformed, "{ \"steps\": [ { \"at\": 1, ", -1, &error);
          g_assert_no_error (error);
          arg = g_strdup_printf ("--scenario=%s", malformed);
          args[i] = arg;
        }
    }
  run = cs_test_run (args, FALSE);
  if (malformed != NULL)
    g_unlink (malformed);
  g_assert_cmpint (run->status, ==, 2);
  g_assert_nonnull (strstr (run->stderr_text, c->message));
  /* one line naming the problem */
  g_assert_nonnull (strchr (run->stderr_text, '\n'));
  g_assert_null (strchr (strchr (run->stderr_text, '\n') + 1, '\n'));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bad_inputs); i++)
    {
      g_autofree char *path = g_strdup_printf ("/lab-call/bad-input/%s", bad_inputs[i].name);
      g_test_add_data_func (path, &bad_inputs[i], test_bad_input);
    }
  g_test_add_func ("/lab-call/clean", test_clean);
  g_test_add_func ("/lab-call/loss-one-user", test_loss_one_user);
  g_test_add_func ("/lab-call/delay-local", test_delay_local);
  g_test_add_func ("/lab-call/outage", test_outage);
  g_test_add_func ("/lab-call/device-faults", test_device_faults);
  g_test_add_func ("/lab-call/replay", test_replay);
  g_test_add_func ("/lab-call/unknown-layout", test_unknown_layout);
  g_test_add_func ("/lab-call/no-camera", test_no_camera);
  g_test_add_func ("/lab-call/frame-rate-change", test_frame_rate_change);
  return g_test_run ();
}
