/* test-quality-score.c — the score (E-model, bands, video floor, reasons), the
 * exception detector's hysteresis, and the string helpers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <locale.h>
#include <math.h>

#include "cs-exception-detector.h"
#include "cs-quality-score.h"
#include "cs-stats-model.h"

static void
test_r_bands (void)
{
  /* at and around every band boundary */
  static const struct { double r; guint score; } cases[] = {
    { 100, 1 }, { 93.2, 1 }, { 90.0, 1 }, { 89.999, 2 }, { 80.0, 2 }, { 79.999, 3 },
    { 70.0, 3 }, { 69.999, 4 }, { 60.0, 4 }, { 59.999, 5 }, { 0, 5 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpuint (cs_quality_score_from_r (cases[i].r), ==, cases[i].score);
}

static void
test_emodel (void)
{
  /* Id: 0.024 d below 177.3 ms, plus 0.11 (d - 177.3) above */
  g_assert_cmpfloat_with_epsilon (cs_emodel_delay_impairment (100), 2.4, 1e-9);
  g_assert_cmpfloat_with_epsilon (cs_emodel_delay_impairment (177.3), 0.024 * 177.3, 1e-9);
  g_assert_cmpfloat_with_epsilon (cs_emodel_delay_impairment (277.3), 0.024 * 277.3 + 11.0, 1e-9);
  g_assert_cmpfloat (cs_emodel_delay_impairment (-1), ==, 0);
  /* Ie,eff: 0 without loss, 95 × P / (P + Bpl) */
  g_assert_cmpfloat (cs_emodel_loss_impairment (0), ==, 0);
  g_assert_cmpfloat_with_epsilon (cs_emodel_loss_impairment (10), 95.0 * 10 / 30, 1e-9);
  g_assert_cmpfloat_with_epsilon (cs_emodel_loss_impairment (100), 95.0 * 100 / 120, 1e-9);
  g_assert_cmpfloat (cs_emodel_loss_impairment (250), ==, cs_emodel_loss_impairment (100));
  /* R decreases with each impairment */
  g_assert_cmpfloat (cs_emodel_r (0, 0, 0), >, cs_emodel_r (1, 0, 0));
  g_assert_cmpfloat (cs_emodel_r (0, 0, 0), >, cs_emodel_r (0, 50, 0));
  g_assert_cmpfloat (cs_emodel_r (0, 0, 0), >, cs_emodel_r (0, 0, 20));
}

/* Table: a link's metrics -> score and limiting metric */
static const struct
{
  const char     *name;
  double          loss, jitter, delay, freeze, fps_short, no_media;
  guint           intervals;
  guint           score;
  CsQualityMetric metric;
} link_cases[] = {
  { "no data", 0, 0, 0, -1, -1, 0, 0, 0, CS_QUALITY_METRIC_NO_DATA },
  { "clean loopback", 0, 2, 2, 0, 0, 0, 5, 1, CS_QUALITY_METRIC_NONE },
  { "clean, 100 ms one way", 0, 2, 100, 0, 0, 0, 5, 1, CS_QUALITY_METRIC_NONE },
  { "1 % loss", 1, 3, 20, 0, 0, 0, 5, 2, CS_QUALITY_METRIC_LOSS },
  { "2 % loss", 2, 2, 2, -1, -1, 0, 5, 2, CS_QUALITY_METRIC_LOSS },
  { "5 % loss", 5, 2, 2, -1, -1, 0, 5, 3, CS_QUALITY_METRIC_LOSS },
  { "7 % loss", 7, 2, 2, -1, -1, 0, 5, 4, CS_QUALITY_METRIC_LOSS },
  { "10 % loss", 10, 2, 2, -1, -1, 0, 5, 4, CS_QUALITY_METRIC_LOSS },
  { "20 % loss", 20, 2, 2, -1, -1, 0, 5, 5, CS_QUALITY_METRIC_LOSS },
  { "350 ms one way", 0, 2, 350, -1, -1, 0, 5, 4, CS_QUALITY_METRIC_DELAY },
  { "120 ms jitter", 0, 120, 10, -1, -1, 0, 5, 3, CS_QUALITY_METRIC_JITTER },
  { "freeze 2.9 %", 1, 2, 2, 2.9, 0, 0, 5, 2, CS_QUALITY_METRIC_LOSS },
  { "freeze 3 %", 1, 2, 2, 3, 0, 0, 5, 3, CS_QUALITY_METRIC_FREEZE },
  { "freeze 10 %", 1, 2, 2, 10, 0, 0, 5, 4, CS_QUALITY_METRIC_FREEZE },
  { "freeze 30 %", 1, 2, 2, 30, 0, 0, 5, 5, CS_QUALITY_METRIC_FREEZE },
  { "freeze 30 % with 30 ms jitter", 0, 30, 2, 30, 0, 0, 5, 5, CS_QUALITY_METRIC_FREEZE },
  { "freeze 30 % on a clean network: the device's", 0.9, 29, 2, 30, 0, 0, 5, 2, CS_QUALITY_METRIC_LOSS },
  { "frame rate 19 % short", 1, 2, 2, 0, 19, 0, 5, 2, CS_QUALITY_METRIC_LOSS },
  { "frame rate 20 % short", 1, 2, 2, 0, 20, 0, 5, 3, CS_QUALITY_METRIC_FRAME_RATE },
  { "frame rate 50 % short", 1, 2, 2, 0, 50, 0, 5, 4, CS_QUALITY_METRIC_FRAME_RATE },
  { "frame rate 75 % short", 1, 2, 2, 0, 75, 0, 5, 5, CS_QUALITY_METRIC_FRAME_RATE },
  { "frame rate 75 % short on a clean network", 0, 2, 2, 0, 75, 0, 5, 1, CS_QUALITY_METRIC_NONE },
  { "no media 2.9 s", 0, 2, 2, 0, 0, 2.9, 5, 1, CS_QUALITY_METRIC_NONE },
  { "no media 3 s", 0, 2, 2, 0, 0, 3, 5, 6, CS_QUALITY_METRIC_NO_MEDIA },
  { "no media beats no data", 0, 2, 2, 0, 0, 4, 0, 6, CS_QUALITY_METRIC_NO_MEDIA },
};

static void
test_link_scores (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (link_cases); i++)
    {
      CsLinkMetrics m;
      CsQualityReason reason;
      guint score;

      cs_link_metrics_init (&m);
      m.loss_pct = link_cases[i].loss;
      m.jitter_ms = link_cases[i].jitter;
      m.delay_ms = link_cases[i].delay;
      m.freeze_pct = link_cases[i].freeze;
      m.fps_short_pct = link_cases[i].fps_short;
      m.no_media_s = link_cases[i].no_media;
      m.intervals = link_cases[i].intervals;
      g_strlcpy (m.peer_uid, "user-1", sizeof m.peer_uid);
      score = cs_quality_score_link (&m, 3.0, &reason);
      g_test_message ("%s: score %u, %s %.2f", link_cases[i].name, score,
                      cs_quality_metric_to_string (reason.metric), reason.value);
      g_assert_cmpuint (score, ==, link_cases[i].score);
      g_assert_cmpint (reason.metric, ==, link_cases[i].metric);
    }
}

static void
test_reason_value (void)
{
  CsLinkMetrics m;
  CsQualityReason reason;

  cs_link_metrics_init (&m);
  m.intervals = 3;
  m.loss_pct = 7.2;
  m.delay_ms = 120;
  m.delay_from_rtt = TRUE;
  g_strlcpy (m.peer_uid, "user-3", sizeof m.peer_uid);
  g_assert_cmpuint (cs_quality_score_link (&m, 3, &reason), >=, 3);
  g_assert_cmpint (reason.metric, ==, CS_QUALITY_METRIC_LOSS);
  g_assert_cmpfloat (reason.value, ==, 7.2);
  g_assert_cmpstr (reason.peer_uid, ==, "user-3");

  /* a delay estimated from the RTT is reported as the RTT */
  m.loss_pct = 0;
  m.delay_ms = 300;
  g_assert_cmpuint (cs_quality_score_link (&m, 3, &reason), >=, 2);
  g_assert_cmpint (reason.metric, ==, CS_QUALITY_METRIC_RTT);
  g_assert_cmpfloat (reason.value, ==, 600);
}

static void
test_strings (void)
{
  CsQualityReason reason = { CS_QUALITY_METRIC_LOSS, 7.2, "user-1" };
  g_autofree char *down = cs_quality_reason_describe (&reason, CS_LINK_DOWNLINK);
  CsQualityMetric metric;

  g_assert_cmpstr (down, ==, "loss 7.2 % on downlink");
  for (guint m = CS_QUALITY_METRIC_NONE; m <= CS_QUALITY_METRIC_NO_DATA; m++)
    {
      const char *id = cs_quality_metric_to_string (m);
      g_autofree char *up = NULL;

      g_assert_true (cs_quality_metric_from_string (id, &metric));
      g_assert_cmpint (metric, ==, m);
      reason.metric = m;
      up = cs_quality_reason_describe (&reason, CS_LINK_UPLINK);
      g_assert_true (up != NULL && *up != '\0');
    }
  g_assert_false (cs_quality_metric_from_string ("nonsense", &metric));
  g_assert_cmpstr (cs_quality_score_label (0), ==, "Unknown");
  g_assert_cmpstr (cs_quality_score_label (1), ==, "Excellent");
  g_assert_cmpstr (cs_quality_score_label (6), ==, "Down");
  g_assert_cmpstr (cs_quality_score_label (99), ==, "Unknown");

  g_assert_cmpstr (cs_exception_code_name (1001), ==, "FRAMERATE_INPUT_TOO_LOW");
  g_assert_cmpstr (cs_exception_code_name (3001), ==, "FRAMERATE_INPUT_TOO_LOW_RECOVER");
  g_assert_cmpstr (cs_exception_code_name (4005), ==, "RECV_AUDIO_DECODE_FAILED_RECOVER");
  g_assert_cmpstr (cs_exception_code_name (7004), ==, "MEDIA_STOPPED_RECOVER");
  g_assert_null (cs_exception_code_name (1004));
  g_assert_true (cs_exception_code_is_recovery (7001));
  g_assert_false (cs_exception_code_is_recovery (5001));
  g_assert_cmpstr (cs_exception_code_describe (1001), ==, "Captured video frame rate too low");
  g_assert_cmpstr (cs_series_id_to_string (CS_SERIES_LOSS), ==, "loss");
  g_assert_null (cs_series_id_to_string (CS_N_SERIES));
}

static void
test_thresholds_defaults (void)
{
  CsThresholds t;

  cs_thresholds_init_defaults (&t);
  g_assert_cmpfloat (t.capture_fps_min, ==, 10);
  g_assert_cmpfloat (t.send_fps_min, ==, 10);
  g_assert_cmpfloat (t.send_video_kbps_min, ==, 50);
  g_assert_cmpfloat (t.audio_input_level_min, ==, 100);
  g_assert_cmpfloat (t.audio_output_level_min, ==, 100);
  g_assert_cmpfloat (t.send_audio_kbps_min, ==, 6);
  g_assert_cmpuint (t.poor_quality_score, ==, 4);
  g_assert_cmpfloat (t.media_stopped_s, ==, 3);
  g_assert_cmpuint (t.window, ==, 5);
  g_assert_cmpuint (t.raise_count, ==, 3);
}

/* Table: a bad/good pattern -> the seconds at which raise (R) and recover (r) happen */
static const struct
{
  const char *pattern;  /* one char a second: 'x' bad, '.' good */
  const char *expected; /* same length: 'R' raise, 'r' recover, ' ' nothing */
} detector_cases[] = {
  { "xx.......", "         " },
  { "xxx......", "  R    r " },
  { "x.x.x.....", "    R    r" },
  { "x.x.x......", "    R    r " },
  { "xxxx.x.x.x.x.x", "  R           " }, /* hovering at the threshold: one raise, no flood */
  { "xxx.....xxx.....", "  R    r  R    r" },
};

static void
test_detector (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (detector_cases); i++)
    {
      g_autoptr(CsExceptionDetector) det = cs_exception_detector_new (5, 3);
      const char *pattern = detector_cases[i].pattern;
      double raised_at = -1;

      for (guint s = 0; pattern[s] != '\0'; s++)
        {
          g_autoptr(CsExceptionEvent) ev =
            cs_exception_detector_observe (det, s, CS_EXCEPTION_POOR_UPLINK, "user-1", pattern[s] == 'x', s);
          char want = detector_cases[i].expected[s];

          if (want == ' ')
            {
              g_assert_null (ev);
              continue;
            }
          g_assert_nonnull (ev);
          g_assert_cmpstr (ev->uid, ==, "user-1");
          if (want == 'R')
            {
              g_assert_false (ev->is_recovery);
              g_assert_cmpuint (ev->code, ==, 5001);
              g_assert_cmpstr (ev->msg, ==, "POOR_UPLINK");
              raised_at = s;
            }
          else
            {
              g_assert_true (ev->is_recovery);
              g_assert_cmpuint (ev->code, ==, 7001);
              g_assert_cmpstr (ev->msg, ==, "POOR_UPLINK_RECOVER");
              g_assert_cmpfloat (ev->started_at, ==, raised_at);
              g_assert_cmpfloat (ev->duration, ==, s - raised_at);
            }
        }
    }
}

static void
test_detector_keys (void)
{
  g_autoptr(CsExceptionDetector) det = cs_exception_detector_new (5, 1);
  g_autoptr(CsExceptionEvent) a = cs_exception_detector_observe (det, 0, 5001, "user-1", TRUE, 4);
  g_autoptr(CsExceptionEvent) b = cs_exception_detector_observe (det, 0, 5001, "user-2", FALSE, 1);
  g_autoptr(CsExceptionEvent) c = cs_exception_detector_observe (det, 0, 5002, "user-1", TRUE, 4);

  g_assert_nonnull (a);
  g_assert_null (b);
  g_assert_nonnull (c);
  g_assert_true (cs_exception_detector_is_raised (det, 5001, "user-1"));
  g_assert_false (cs_exception_detector_is_raised (det, 5001, "user-2"));
  cs_exception_detector_reset (det);
  g_assert_false (cs_exception_detector_is_raised (det, 5001, "user-1"));
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "C");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/model/score/r-bands", test_r_bands);
  g_test_add_func ("/model/score/emodel", test_emodel);
  g_test_add_func ("/model/score/links", test_link_scores);
  g_test_add_func ("/model/score/reason-value", test_reason_value);
  g_test_add_func ("/model/score/strings", test_strings);
  g_test_add_func ("/model/score/thresholds", test_thresholds_defaults);
  g_test_add_func ("/model/detector/hysteresis", test_detector);
  g_test_add_func ("/model/detector/keys", test_detector_keys);
  return g_test_run ();
}
