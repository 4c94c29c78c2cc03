/* test-call-digest.c — every second's score and reason, bad periods and the histogram
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-call-digest.h"
#include "lab-sim.h"

static void
run (Sim *sim, CsStatsModel *model, double from, double to)
{
  for (double t = from; t <= to; t += 1)
    sim_step (sim, model, t);
}

/* Every second of every present user, with the scores the model signalled */
typedef struct { CsCallDigest *digest; guint checked, mismatched; } Check;

static void
on_quality (CsStatsModel *model, const char *uid, guint up, guint down, Check *check)
{
  CsDigestSecond s;

  /* handlers run in connection order: the digest's ran first */
  if (!cs_call_digest_lookup (check->digest, uid, cs_stats_model_get_duration (model), &s) ||
      s.score[CS_LINK_UPLINK] != up || s.score[CS_LINK_DOWNLINK] != down)
    check->mismatched++;
  check->checked++;
}

static void
test_seconds_and_periods (void)
{
  g_autoptr (CsStatsModel) model = cs_stats_model_new ();
  g_autoptr (CsCallDigest) digest = cs_call_digest_new (model);
  g_autoptr (GPtrArray) uids = NULL;
  g_autoptr (GArray) periods = NULL;
  Check check = { digest, 0, 0 };
  CsDigestSecond s;
  guint hist[7], total = 0;
  Sim sim;

  sim_init (&sim, 3, 7);
  g_signal_connect (model, "network-quality", G_CALLBACK (on_quality), &check);
  cs_stats_model_join (model, "local");
  run (&sim, model, 1, 19);
  sim.loss[2] = 0.15;                /* user-2's link: 15 % loss from 20 s to 49 s */
  run (&sim, model, 20, 49);
  sim.loss[2] = 0;
  run (&sim, model, 50, 90);

  g_assert_cmpuint (check.checked, >, 300);
  g_assert_cmpuint (check.mismatched, ==, 0);
  uids = cs_call_digest_dup_uids (digest);
  g_assert_cmpuint (uids->len, ==, 4);
  g_assert_cmpuint (cs_call_digest_get_n_seconds (digest, "user-2"), >=, 85);
  g_assert_cmpuint (cs_call_digest_get_n_seconds (digest, "nobody"), ==, 0);
  g_assert_false (cs_call_digest_lookup (digest, "user-2", 1000, &s));

  /* the loss shows on user-2's uplink, named as loss, at about the loss injected */
  g_assert_true (cs_call_digest_lookup (digest, "user-2", 35, &s));
  g_assert_cmpuint (s.score[CS_LINK_UPLINK], >=, 4);
  g_assert_cmpint (s.reason[CS_LINK_UPLINK].metric, ==, CS_QUALITY_METRIC_LOSS);
  g_assert_cmpfloat (s.reason[CS_LINK_UPLINK].value, >, 8);
  g_assert_cmpfloat (s.reason[CS_LINK_UPLINK].value, <, 25);

  periods = cs_call_digest_bad_periods (digest, "user-2", CS_LINK_UPLINK, 4);
  g_assert_cmpuint (periods->len, ==, 1);
  {
    CsBadPeriod *p = &g_array_index (periods, CsBadPeriod, 0);

    if (p->t_start < 19 || p->t_start > 26 || p->t_end < 45 || p->t_end > 56)
      g_error ("bad period %.0f–%.0f s, expected about 20–50 s", p->t_start, p->t_end);
    g_assert_cmpuint (p->worst, >=, 4);
    g_assert_cmpint (p->reason.metric, ==, CS_QUALITY_METRIC_LOSS);
    g_assert_cmpfloat (p->reason.value, >, 8);
    g_assert_cmpfloat (p->reason.value, <, 25);
  }
  g_clear_pointer (&periods, g_array_unref);
  periods = cs_call_digest_bad_periods (digest, "user-1", CS_LINK_UPLINK, 4);
  g_assert_cmpuint (periods->len, ==, 0);

  cs_call_digest_get_histogram (digest, "user-2", CS_LINK_UPLINK, hist);
  for (guint i = 0; i < 7; i++)
    total += hist[i];
  g_assert_cmpuint (total, ==, cs_call_digest_get_n_seconds (digest, "user-2"));
  g_assert_cmpuint (hist[4] + hist[5] + hist[6], >=, 20);

  /* a new call starts a new digest */
  cs_stats_model_leave (model);
  cs_stats_model_join (model, "local");
  g_assert_cmpuint (cs_call_digest_get_n_seconds (digest, "user-2"), ==, 0);
  g_signal_handlers_disconnect_by_data (model, &check);
  sim_clear (&sim);
}

/* A bounded history: the digest keeps about the model's history, not the whole call */
static void
test_bounded (void)
{
  g_autoptr (CsStatsModel) model = cs_stats_model_new ();
  g_autoptr (CsCallDigest) digest = NULL;
  CsDigestSecond first;
  Sim sim;

  cs_stats_model_set_history (model, 100);
  digest = cs_call_digest_new (model);
  sim_init (&sim, 1, 3);
  cs_stats_model_join (model, "local");
  run (&sim, model, 1, 1000);
  g_assert_cmpuint (cs_call_digest_get_n_seconds (digest, "user-1"), >=, 100);
  g_assert_cmpuint (cs_call_digest_get_n_seconds (digest, "user-1"), <=, 113);
  g_assert_true (cs_call_digest_get_second (digest, "user-1", 0, &first));
  g_assert_cmpfloat (first.t, >, 850);
  g_assert_false (cs_call_digest_get_second (digest, "user-1", 200, &first));
  sim_clear (&sim);
}

/* The digest outlives its model with what it has */
static void
test_outlives_model (void)
{
  CsStatsModel *model = cs_stats_model_new ();
  g_autoptr (CsCallDigest) digest = cs_call_digest_new (model);
  Sim sim;

  sim_init (&sim, 2, 5);
  cs_stats_model_join (model, "local");
  run (&sim, model, 1, 10);
  g_object_unref (model);
  g_assert_cmpuint (cs_call_digest_get_n_seconds (digest, "user-1"), >=, 8);
  sim_clear (&sim);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/call-digest/seconds-and-periods", test_seconds_and_periods);
  g_test_add_func ("/call-digest/bounded", test_bounded);
  g_test_add_func ("/call-digest/outlives-model", test_outlives_model);
  return g_test_run ();
}
