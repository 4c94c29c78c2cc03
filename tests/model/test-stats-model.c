/* test-stats-model.c — CsStatsModel: the lab's acceptance scenarios, attribution,
 * counters (resets, wraps, SSRC changes, reordering), freezes, the Agora getters,
 * exceptions through the model, and determinism
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <locale.h>
#include <math.h>

#include "cs-stats-model.h"
#include "lab-sim.h"

static CsStatsModel *
run_sim (Sim *sim, guint seconds)
{
  CsStatsModel *model = cs_stats_model_new ();

  cs_stats_model_set_history (model, 600);
  cs_stats_model_join (model, "local");
  for (guint t = 0; t < seconds; t++)
    sim_step (sim, model, t);
  return model;
}

static void
assert_scores_between (CsStatsModel *model, const char *uid, guint lo, guint hi)
{
  CsParticipant *p = cs_stats_model_lookup (model, uid);

  g_assert_nonnull (p);
  g_test_message ("%s: up %u (%s), down %u (%s), loss %.2f", uid,
                  cs_participant_get_uplink_quality (p), cs_participant_get_uplink_reason (p),
                  cs_participant_get_downlink_quality (p), cs_participant_get_downlink_reason (p),
                  cs_participant_get_loss (p));
  g_assert_cmpuint (cs_participant_get_uplink_quality (p), >=, lo);
  g_assert_cmpuint (cs_participant_get_uplink_quality (p), <=, hi);
  g_assert_cmpuint (cs_participant_get_downlink_quality (p), >=, lo);
  g_assert_cmpuint (cs_participant_get_downlink_quality (p), <=, hi);
}

static void
test_clean_call (void)
{
  Sim sim;
  g_autoptr(CsStatsModel) model = NULL;

  sim_init (&sim, 3, 1);
  model = run_sim (&sim, 20);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 4);
  assert_scores_between (model, "local", 1, 2);
  for (guint k = 1; k <= 3; k++)
    {
      g_autofree char *uid = sim_uid (k);
      assert_scores_between (model, uid, 1, 2);
    }
  g_assert_cmpuint (cs_stats_model_get_events (model)->len, ==, 0);
  sim_clear (&sim);
}

static void
test_loss_on_one_user (void)
{
  /* 10 % loss on user-1, with 3 users and with 1 (the ambiguous case: blame the remote) */
  static const guint users[] = { 3, 1 };

  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      Sim sim;
      g_autoptr(CsStatsModel) model = NULL;
      CsParticipant *u1;
      CsRemoteAudioTrackStats ra;
      guint bad_seconds = 0;

      sim_init (&sim, users[i], 7 + i);
      sim.loss[1] = 0.10;
      model = run_sim (&sim, 10);
      for (guint t = 10; t < 40; t++)
        {
          sim_step (&sim, model, t);
          u1 = cs_stats_model_lookup (model, "user-1");
          g_assert_cmpfloat (cs_participant_get_loss (u1), >=, 7);
          g_assert_cmpfloat (cs_participant_get_loss (u1), <=, 13);
          if (cs_participant_get_uplink_quality (u1) < 3 || cs_participant_get_downlink_quality (u1) < 3)
            bad_seconds++;
          assert_scores_between (model, "local", 1, 2);
          for (guint k = 2; k <= users[i]; k++)
            {
              g_autofree char *uid = sim_uid (k);
              assert_scores_between (model, uid, 1, 2);
            }
        }
      g_assert_cmpuint (bad_seconds, ==, 0);
      u1 = cs_stats_model_lookup (model, "user-1");
      {
        CsNetworkQuality q;

        cs_participant_get_network_quality (u1, &q);
        g_assert_cmpint (q.uplinkReason.metric, ==, CS_QUALITY_METRIC_LOSS);
        g_assert_cmpint (q.downlinkReason.metric, ==, CS_QUALITY_METRIC_LOSS);
        g_assert_cmpstr (q.uplinkReason.peer_uid, ==, "local");
      }
      g_assert_cmpfloat (cs_participant_get_loss (cs_stats_model_lookup (model, "local")), <, 3);
      g_assert_true (cs_stats_model_get_remote_audio_stats_for (model, "user-1", &ra));
      g_assert_cmpfloat (ra.packetLossRate, >, 5);
      g_assert_cmpfloat (ra.packetLossRate, <, 15);
      g_assert_cmpfloat (ra.currentPacketLossRate, >=, 0);
      g_assert_cmpfloat (ra.currentPacketLossRate, <=, 100);
      sim_clear (&sim);
    }
}

static void
test_loss_on_local (void)
{
  /* 10 % loss on the local link: every stream has it; the local user is blamed, the
   * random differences between the streams are not sent to the remote users */
  Sim sim;
  g_autoptr(CsStatsModel) model = NULL;
  guint remote_poor = 0, local_good = 0;

  sim_init (&sim, 3, 17);
  sim.local_loss = 0.10;
  model = run_sim (&sim, 10);
  for (guint t = 10; t < 70; t++)
    {
      CsParticipant *local;

      sim_step (&sim, model, t);
      local = cs_stats_model_lookup (model, "local");
      if (cs_participant_get_uplink_quality (local) < 3 || cs_participant_get_downlink_quality (local) < 3)
        local_good++;
      for (guint k = 1; k <= 3; k++)
        {
          g_autofree char *uid = sim_uid (k);
          CsParticipant *p = cs_stats_model_lookup (model, uid);

          if (cs_participant_get_uplink_quality (p) > 2 || cs_participant_get_downlink_quality (p) > 2)
            remote_poor++;
        }
    }
  g_test_message ("local not poor %u s, remote poor %u user-seconds of 180", local_good, remote_poor);
  g_assert_cmpuint (local_good, ==, 0);
  g_assert_cmpuint (remote_poor, <=, 9); /* 5 % */
  sim_clear (&sim);
}

static void
on_exception (CsStatsModel *model, CsExceptionEvent *ev, gpointer data)
{
  g_ptr_array_add (data, cs_exception_event_copy (ev));
}

static void
test_outage (void)
{
  Sim sim;
  g_autoptr(CsStatsModel) model = cs_stats_model_new ();
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_exception_event_free);
  CsParticipant *u1;
  gboolean raised = FALSE, recovered = FALSE;

  sim_init (&sim, 3, 3);
  sim.outage_from[1] = 10;
  sim.outage_to[1] = 20;
  cs_stats_model_set_history (model, 600);
  cs_stats_model_join (model, "local");
  g_signal_connect (model, "exception", G_CALLBACK (on_exception), events);
  for (guint t = 0; t < 40; t++)
    {
      sim_step (&sim, model, t);
      u1 = cs_stats_model_lookup (model, "user-1");
      if (t >= 14 && t < 20)
        {
          g_assert_cmpuint (cs_participant_get_uplink_quality (u1), ==, 6);
          g_assert_cmpuint (cs_participant_get_downlink_quality (u1), ==, 6);
          g_assert_true (cs_participant_get_media_stopped (u1));
          assert_scores_between (model, "local", 1, 2);
          assert_scores_between (model, "user-2", 1, 2);
        }
      if (t >= 30)
        assert_scores_between (model, "user-1", 1, 2);
    }
  for (guint i = 0; i < events->len; i++)
    {
      CsExceptionEvent *ev = g_ptr_array_index (events, i);

      g_test_message ("t=%g %u %s %s dur %g", ev->t, ev->code, ev->msg, ev->uid, ev->duration);
      g_assert_cmpstr (ev->uid, ==, "user-1");
      if (ev->code == CS_EXCEPTION_MEDIA_STOPPED)
        raised = TRUE;
      if (ev->code == CS_EXCEPTION_MEDIA_STOPPED + CS_EXCEPTION_RECOVERY_OFFSET)
        {
          recovered = TRUE;
          g_assert_true (ev->is_recovery);
          g_assert_cmpfloat (ev->duration, >, 3);
          g_assert_cmpfloat (ev->duration, <, 15);
        }
    }
  g_assert_true (raised);
  g_assert_true (recovered);
  /* the model keeps the same log */
  g_assert_cmpuint (cs_stats_model_get_events (model)->len, ==, events->len);
  sim_clear (&sim);
}

static void
test_delay_on_local (void)
{
  Sim sim;
  g_autoptr(CsStatsModel) model = NULL;
  g_autoptr(GHashTable) audio = NULL;
  CsRtcStats rtc;

  sim_init (&sim, 3, 5);
  sim.local_delay_ms = 100;
  model = run_sim (&sim, 15);
  audio = cs_stats_model_get_remote_audio_stats (model);
  g_assert_cmpuint (g_hash_table_size (audio), ==, 3);
  for (guint k = 1; k <= 3; k++)
    {
      g_autofree char *uid = sim_uid (k);
      CsRemoteAudioTrackStats *a = g_hash_table_lookup (audio, uid);
      CsRemoteVideoTrackStats v;
      CsParticipant *p = cs_stats_model_lookup (model, uid);

      g_assert_nonnull (a);
      g_assert_cmpfloat (fabs (a->transportDelay - 100), <, 10);
      g_assert_true (a->transportDelayMeasured);
      g_assert_cmpfloat (a->receiveDelay, >=, a->transportDelay);
      g_assert_cmpfloat (a->end2EndDelay, >=, a->receiveDelay);
      g_assert_true (cs_stats_model_get_remote_video_stats_for (model, uid, &v));
      g_assert_cmpfloat (fabs (v.transportDelay - 100), <, 10);
      g_assert_cmpfloat (fabs (v.receiveFrameRate - 30), <, 1);
      g_assert_cmpfloat (fabs (cs_participant_get_rtt (p) - 200), <, 20);
    }
  g_assert_true (cs_stats_model_get_rtc_stats (model, &rtc));
  g_assert_cmpfloat (fabs (rtc.RTT - 200), <, 20);
  g_assert_cmpuint (rtc.UserCount, ==, 4);
  g_assert_cmpfloat (rtc.Duration, ==, 14);
  /* audio 50 × 120 B + video 100 × 1100 B per peer, 3 peers */
  g_assert_cmpfloat (fabs (rtc.RecvBitrate - 3 * (50 * 120 + 100 * 1100) * 8), <, 1);
  g_assert_cmpfloat (rtc.OutgoingAvailableBandwidth, ==, 3 * 2000);
  sim_clear (&sim);
}

/* ------------------------------------------------------------------ counters */

static CsStatsSample *
inbound (double t, guint32 ssrc, guint64 packets, gint64 lost, guint64 bytes)
{
  CsStatsSample *s = cs_stats_sample_new ();

  s->t = t;
  s->observer_uid = g_strdup ("local");
  s->peer_uid = g_strdup ("user-1");
  s->kind = CS_SAMPLE_KIND_AUDIO;
  s->direction = CS_SAMPLE_DIRECTION_INBOUND;
  s->ssrc = ssrc;
  s->codec = g_strdup ("opus");
  s->packets = packets;
  s->packets_lost = lost;
  s->has_packets_lost = TRUE;
  s->bytes = bytes;
  return s;
}

/* Table: a sequence of (ssrc, packets, lost, bytes) at 1 s steps; the checks after the last */
typedef struct
{
  guint32 ssrc;
  guint64 packets;
  gint64  lost;
  guint64 bytes;
  double  t;      /* 0 = the index */
} Row;

static const struct
{
  const char *name;
  Row         rows[6];
  guint       n;
  double      loss_rate;      /* whole call, % */
  double      current_loss;   /* last interval, % */
  double      bitrate;        /* bps */
  guint64     total_packets;
} counter_cases[] = {
  { "steady", { { 1, 50, 0, 5000 }, { 1, 100, 0, 10000 }, { 1, 150, 0, 15000 } }, 3, 0, 0, 40000, 150 },
  { "loss", { { 1, 45, 5, 4500 }, { 1, 90, 10, 9000 }, { 1, 135, 15, 13500 } }, 3, 10, 10, 36000, 135 },
  { "new ssrc", { { 1, 50, 0, 5000 }, { 1, 100, 10, 10000 }, { 2, 20, 0, 2000 }, { 2, 70, 0, 7000 } }, 4,
    100.0 * 10 / 180, 0, 40000, 170 },
  { "counter restart same ssrc", { { 1, 500, 0, 50000 }, { 1, 550, 0, 55000 }, { 1, 10, 0, 1000 }, { 1, 60, 0, 6000 } }, 4,
    0, 0, 40000, 610 },
  { "lost goes down (duplicates)", { { 1, 50, 5, 5000 }, { 1, 100, 3, 10000 }, { 1, 150, 3, 15000 } }, 3,
    100.0 * 3 / 153, 0, 40000, 150 },
  { "absurd jump ignored", { { 1, 50, 0, 5000 }, { 1, 100, 0, 10000 }, { 1, 100 + (1ull << 40), 0, 10000 + (1ull << 45) },
                             { 1, 150 + (1ull << 40), 0, 15000 + (1ull << 45) } }, 4, 0, 0, 40000, 150 },
  { "reordered sample ignored", { { 1, 50, 0, 5000 }, { 1, 100, 0, 10000 }, { 1, 150, 0, 15000, 3 }, { 1, 125, 0, 12500, 2.5 } }, 4,
    0, 0, 20000, 150 },
  { "32-bit wrap of packets", { { 1, 4294967200u, 0, 5000 }, { 1, 4294967250u, 0, 10000 }, { 1, 4, 0, 15000 } }, 3,
    0, 0, 0, 4294967254u },
};

static void
test_counters (void)
{
  for (guint c = 0; c < G_N_ELEMENTS (counter_cases); c++)
    {
      g_autoptr(CsStatsModel) model = cs_stats_model_new ();
      CsRemoteAudioTrackStats st;
      double last_t = 0;

      g_test_message ("case %s", counter_cases[c].name);
      cs_stats_model_set_history (model, 100);
      cs_stats_model_join (model, "local");
      for (guint i = 0; i < counter_cases[c].n; i++)
        {
          const Row *r = &counter_cases[c].rows[i];
          double t = (r->t > 0 || i == 0) ? r->t : i;
          double next_t = i + 1 < counter_cases[c].n ? counter_cases[c].rows[i + 1].t : G_MAXDOUBLE;
          g_autoptr(CsStatsSample) s = inbound (t, r->ssrc, r->packets, r->lost, r->bytes);

          if (i + 1 < counter_cases[c].n && next_t == 0)
            next_t = i + 1;
          g_assert_true (cs_stats_model_ingest (model, s));
          last_t = MAX (t, last_t);
          if (next_t < t)
            continue; /* the next sample is older: both arrive in one poll */
          cs_stats_model_commit (model, last_t);
          g_assert_true (cs_stats_model_get_remote_audio_stats_for (model, "user-1", &st));
          g_assert_cmpfloat (st.packetLossRate, >=, 0);
          g_assert_cmpfloat (st.packetLossRate, <=, 100);
          g_assert_cmpfloat (st.currentPacketLossRate, >=, 0);
          g_assert_cmpfloat (st.currentPacketLossRate, <=, 100);
          g_assert_cmpfloat (st.receiveBitrate, >=, 0);
          g_assert_cmpfloat (st.receiveBitrate, <, 1e9);
        }
      g_assert_cmpfloat_with_epsilon (st.packetLossRate, counter_cases[c].loss_rate, 1e-9);
      g_assert_cmpfloat_with_epsilon (st.currentPacketLossRate, counter_cases[c].current_loss, 1e-9);
      g_assert_cmpfloat_with_epsilon (st.receiveBitrate, counter_cases[c].bitrate, 1e-9);
      g_assert_cmpuint (st.receivePackets, ==, counter_cases[c].total_packets);
    }
}

/* ------------------------------------------------------------------ freezes */

static void
test_freeze (void)
{
  /* frames rendered per second; with and without the engine's own freeze time */
  static const guint frames[] = { 30, 30, 30, 0, 0, 30, 30, 15, 30, 30 };
  static const double engine_freeze[] = { 0, 0, 0, 1000, 2000, 2300, 2300, 2900, 2900, 2900 };

  for (guint mode = 0; mode < 2; mode++)
    {
      g_autoptr(CsStatsModel) model = cs_stats_model_new ();
      CsRemoteVideoTrackStats v;
      guint64 total = 0;
      guint frozen_seconds = 0;

      cs_stats_model_join (model, "local");
      for (guint i = 0; i < G_N_ELEMENTS (frames); i++)
        {
          g_autoptr(CsStatsSample) s = inbound (i, 9, 100 * (i + 1), 0, 100000 * (i + 1));

          total += frames[i];
          s->kind = CS_SAMPLE_KIND_VIDEO;
          s->has_frames = TRUE;
          s->frames_decoded = total;
          s->frames_rendered = total;
          s->total_freeze_ms = mode == 0 ? engine_freeze[i] : CS_UNKNOWN;
          cs_stats_model_ingest (model, s);
          cs_stats_model_commit (model, i);
          if (cs_participant_get_video_frozen (cs_stats_model_lookup (model, "user-1")))
            frozen_seconds++;
        }
      g_assert_true (cs_stats_model_get_remote_video_stats_for (model, "user-1", &v));
      g_assert_cmpfloat (v.totalDuration, ==, 9);
      if (mode == 0)
        {
          /* the engine's count (Agora's 500 ms rule): 2.9 s */
          g_assert_cmpfloat_with_epsilon (v.totalFreezeTime, 2.9, 1e-9);
          g_assert_cmpuint (frozen_seconds, ==, 4);
        }
      else
        {
          /* derived: each interval without a rendered frame */
          g_assert_cmpfloat_with_epsilon (v.totalFreezeTime, 2.0, 1e-9);
          g_assert_cmpuint (frozen_seconds, ==, 2);
        }
      g_assert_cmpfloat_with_epsilon (v.freezeRate, v.totalFreezeTime / 9 * 100, 1e-9);
    }
}

/* ------------------------------------------------------------------ the Agora surface and states */

static void
test_getters_and_states (void)
{
  g_autoptr(CsStatsModel) model = cs_stats_model_new ();
  g_autoptr(GHashTable) remote = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(CsStatsSample) s = inbound (0, 1, 50, 0, 5000);
  CsNetworkQuality q;
  CsRtcStats rtc;
  CsLocalAudioTrackStats la;
  CsLocalVideoTrackStats lv;
  CsRemoteAudioTrackStats ra;
  Sim sim;

  g_assert_cmpint (cs_stats_model_get_state (model), ==, CS_CALL_STATE_IDLE);
  g_assert_false (cs_stats_model_ingest (model, s));
  g_assert_false (cs_stats_model_get_network_quality (model, &q));
  g_assert_false (cs_stats_model_get_rtc_stats (model, &rtc));
  g_assert_false (cs_stats_model_get_local_audio_stats (model, &la));
  g_assert_false (cs_stats_model_get_local_video_stats (model, &lv));
  g_assert_false (cs_stats_model_get_remote_audio_stats_for (model, "user-1", &ra));
  remote = cs_stats_model_get_remote_network_quality (model);
  g_assert_cmpuint (g_hash_table_size (remote), ==, 0);

  sim_init (&sim, 2, 11);
  cs_stats_model_join (model, "local");
  g_assert_cmpint (cs_stats_model_get_state (model), ==, CS_CALL_STATE_JOINED);
  for (guint t = 0; t < 6; t++)
    sim_step (&sim, model, t);
  g_assert_true (cs_stats_model_get_network_quality (model, &q));
  g_assert_cmpuint (q.uplinkNetworkQuality, >=, 1);
  g_assert_true (cs_stats_model_get_local_audio_stats (model, &la));
  g_assert_cmpstr (la.codecType, ==, "opus");
  g_assert_cmpfloat (la.sendBitrate, ==, 2 * 50 * 120 * 8);
  g_assert_true (cs_stats_model_get_local_video_stats (model, &lv));
  g_assert_cmpfloat (lv.sendFrameRate, ==, 30);
  g_assert_cmpuint (lv.sendResolutionWidth, ==, 640);
  g_assert_cmpuint (g_hash_table_size (after = cs_stats_model_get_remote_network_quality (model)), ==, 2);
  /* a sample from the past is refused */
  s->t = 2;
  g_assert_false (cs_stats_model_ingest (model, s));

  cs_stats_model_leave (model);
  g_assert_cmpint (cs_stats_model_get_state (model), ==, CS_CALL_STATE_LEFT);
  g_assert_false (cs_stats_model_get_network_quality (model, &q));
  g_assert_false (cs_stats_model_get_rtc_stats (model, &rtc));
  g_assert_false (cs_stats_model_get_remote_audio_stats_for (model, "user-1", &ra));
  g_assert_cmpfloat (ra.receiveBitrate, ==, 0);
  /* the participants stay readable */
  g_assert_nonnull (cs_stats_model_lookup (model, "user-1"));
  g_assert_cmpuint (cs_time_series_get_length (cs_participant_get_series (cs_stats_model_lookup (model, "user-1"),
                                                                          CS_SERIES_LOSS)), ==, 6);
  sim_clear (&sim);
}

static void
count_signal (CsStatsModel *model, CsParticipant *participant, gpointer data)
{
  (*(guint *) data)++;
}

static void
test_join_leave_users (void)
{
  g_autoptr(CsStatsModel) model = cs_stats_model_new ();
  g_autoptr(CsStatsSample) conn = cs_stats_sample_new ();
  guint joined = 0, left = 0;
  Sim sim;

  g_signal_connect (model, "user-joined", G_CALLBACK (count_signal), &joined);
  g_signal_connect (model, "user-left", G_CALLBACK (count_signal), &left);
  sim_init (&sim, 2, 12);
  cs_stats_model_join (model, "local");
  for (guint t = 0; t < 3; t++)
    sim_step (&sim, model, t);
  g_assert_cmpuint (joined, ==, 3);

  conn->t = 3;
  conn->observer_uid = g_strdup ("local");
  conn->peer_uid = g_strdup ("user-2");
  conn->kind = CS_SAMPLE_KIND_CONNECTION;
  conn->connection_state = CS_CONNECTION_STATE_CLOSED;
  g_assert_true (cs_stats_model_ingest (model, conn));
  cs_stats_model_commit (model, 3);
  g_assert_cmpuint (left, ==, 1);
  g_assert_false (cs_participant_get_present (cs_stats_model_lookup (model, "user-2")));
  {
    CsRtcStats rtc;
    g_assert_true (cs_stats_model_get_rtc_stats (model, &rtc));
    g_assert_cmpuint (rtc.UserCount, ==, 2);
  }
  /* the list keeps the user (present FALSE); a new call clears it */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);
  cs_stats_model_join (model, "local");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  g_assert_cmpuint (cs_stats_model_get_events (model)->len, ==, 0);
  sim_clear (&sim);
}

/* ------------------------------------------------------------------ determinism */

static void
record_quality (CsStatsModel *model, const char *uid, guint up, guint down, gpointer data)
{
  g_string_append_printf (data, "nq %s %u %u;", uid, up, down);
}

static void
record_exception (CsStatsModel *model, CsExceptionEvent *ev, gpointer data)
{
  g_string_append_printf (data, "ex %a %u %s %s %a;", ev->t, ev->code, ev->msg, ev->uid, ev->duration);
}

static void
record_committed (CsStatsModel *model, double t, gpointer data)
{
  GString *out = data;
  CsRtcStats rtc;
  g_autoptr(GHashTable) audio = cs_stats_model_get_remote_audio_stats (model);
  g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (audio), (GCompareFunc) g_strcmp0);

  cs_stats_model_get_rtc_stats (model, &rtc);
  g_string_append_printf (out, "rtc %a %a %a %a;", rtc.RecvBitrate, rtc.SendBitrate, rtc.RTT, rtc.Duration);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      CsRemoteAudioTrackStats *a = g_hash_table_lookup (audio, l->data);

      g_string_append_printf (out, "ra %s %a %a %a;", (char *) l->data, a->packetLossRate, a->currentPacketLossRate,
                              a->end2EndDelay);
    }
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    {
      g_autoptr(CsParticipant) p = g_list_model_get_item (G_LIST_MODEL (model), i);

      g_string_append_printf (out, "p %s %a %a %s;", cs_participant_get_uid (p), cs_participant_get_loss (p),
                              cs_participant_get_jitter (p), cs_participant_get_uplink_reason (p));
    }
}

static char *
run_recorded (guint32 seed)
{
  Sim sim;
  g_autoptr(CsStatsModel) model = cs_stats_model_new ();
  GString *out = g_string_new (NULL);

  sim_init (&sim, 4, seed);
  sim.loss[2] = 0.08;
  sim.outage_from[3] = 8;
  sim.outage_to[3] = 14;
  sim.freeze_known = FALSE;
  cs_stats_model_set_history (model, 100);
  g_signal_connect (model, "network-quality", G_CALLBACK (record_quality), out);
  g_signal_connect (model, "exception", G_CALLBACK (record_exception), out);
  g_signal_connect (model, "committed", G_CALLBACK (record_committed), out);
  cs_stats_model_join (model, "local");
  for (guint t = 0; t < 30; t++)
    sim_step (&sim, model, t);
  sim_clear (&sim);
  return g_string_free (out, FALSE);
}

static void
test_determinism (void)
{
  g_autofree char *a = run_recorded (99);
  g_autofree char *b = run_recorded (99);
  g_autofree char *c = run_recorded (100);

  g_assert_cmpuint (strlen (a), >, 1000);
  g_assert_cmpstr (a, ==, b);
  /* and the record does depend on the input */
  g_assert_cmpstr (a, !=, c);
}

static void
test_series (void)
{
  Sim sim;
  g_autoptr(CsStatsModel) model = NULL;
  CsParticipant *p;
  double t, v;

  sim_init (&sim, 2, 13);
  model = run_sim (&sim, 12);
  p = cs_stats_model_lookup (model, "user-1");
  for (guint id = 0; id < CS_N_SERIES; id++)
    g_assert_cmpuint (cs_time_series_get_length (cs_participant_get_series (p, id)), ==, 12);
  g_assert_true (cs_time_series_get_last (cs_participant_get_series (p, CS_SERIES_DELAY_MEASURED), &t, &v));
  g_assert_cmpfloat (t, ==, 11);
  g_assert_cmpfloat (v, ==, 1);
  g_assert_true (cs_time_series_get_last (cs_participant_get_series (p, CS_SERIES_BITRATE), &t, &v));
  g_assert_cmpfloat_with_epsilon (v, (50 * 120 + 100 * 1100) * 8 / 1000.0, 1e-3);
  g_assert_true (cs_time_series_get_point (cs_participant_get_series (p, CS_SERIES_UPLINK_QUALITY), 0, &t, &v));
  g_assert_cmpfloat (v, ==, 0); /* not enough data at the first second */
  sim_clear (&sim);
}

/* ------------------------------------------------------------------ bad input, real-server shape, settings */

static void
keep_copy (CsStatsModel *model, const CsStatsSample *sample, gpointer data)
{
  g_ptr_array_add (data, cs_stats_sample_copy (sample));
}

static void
test_bad_values (void)
{
  g_autoptr(CsStatsModel) model = cs_stats_model_new ();
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_stats_sample_free);
  CsRemoteAudioTrackStats st;
  CsRtcStats rtc;

  cs_stats_model_join (model, "local");
  g_signal_connect (model, "sample-ingested", G_CALLBACK (keep_copy), seen);
  for (guint i = 0; i < 6; i++)
    {
      g_autoptr(CsStatsSample) s = inbound (i, 1, 50 * (i + 1), 0, 5000 * (i + 1));
      g_autoptr(CsStatsSample) out = inbound (i, 2, 50 * (i + 1), 0, 5000 * (i + 1));

      s->jitter_ms = NAN;
      s->rtt_ms = INFINITY;
      s->transport_delay_ms = -INFINITY;
      s->audio_level = NAN;
      out->direction = CS_SAMPLE_DIRECTION_OUTBOUND;
      out->observer_uid[0] = 'L'; /* "Local": another endpoint */
      out->fraction_lost = 7.5;   /* out of range */
      out->available_outgoing_bitrate = NAN;
      g_assert_true (cs_stats_model_ingest (model, s));
      g_assert_true (cs_stats_model_ingest (model, out));
      cs_stats_model_commit (model, i);
    }
  g_assert_cmpuint (seen->len, ==, 12);
  for (guint i = 0; i < seen->len; i++)
    {
      CsStatsSample *c = g_ptr_array_index (seen, i);

      g_assert_true (isfinite (c->jitter_ms) && isfinite (c->rtt_ms) && isfinite (c->transport_delay_ms));
      g_assert_true (isfinite (c->audio_level) && isfinite (c->available_outgoing_bitrate));
      g_assert_cmpfloat (c->fraction_lost, <=, 1);
    }
  g_assert_true (cs_stats_model_get_remote_audio_stats_for (model, "user-1", &st));
  g_assert_true (isfinite (st.transportDelay) && isfinite (st.receiveDelay) && isfinite (st.end2EndDelay));
  g_assert_true (isfinite (st.jitterMs) && isfinite (st.receiveLevel));
  g_assert_true (cs_stats_model_get_rtc_stats (model, &rtc));
  g_assert_true (isfinite (rtc.RTT) && isfinite (rtc.OutgoingAvailableBandwidth));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    {
      g_autoptr(CsParticipant) p = g_list_model_get_item (G_LIST_MODEL (model), i);

      g_assert_true (isfinite (cs_participant_get_loss (p)) && isfinite (cs_participant_get_jitter (p)));
      g_assert_cmpuint (cs_participant_get_uplink_quality (p), <=, 6);
    }

  /* refused: no uid, the same uid at both ends, an unknown kind, a non-finite time */
  {
    g_autoptr(CsStatsSample) s = inbound (10, 1, 1, 0, 1);

    g_clear_pointer (&s->peer_uid, g_free);
    g_assert_false (cs_stats_model_ingest (model, s));
    s->peer_uid = g_strdup ("local");
    g_assert_false (cs_stats_model_ingest (model, s));
    g_free (s->peer_uid);
    s->peer_uid = g_strdup ("user-1");
    s->kind = 42;
    g_assert_false (cs_stats_model_ingest (model, s));
    s->kind = CS_SAMPLE_KIND_AUDIO;
    s->t = NAN;
    g_assert_false (cs_stats_model_ingest (model, s));
  }
}

static CsStatsSample *
server_sample (double t, const char *observer, const char *peer, CsSampleDirection dir, guint64 n)
{
  CsStatsSample *s = inbound (t, 5, n * 50, 0, n * 6000);

  g_free (s->observer_uid);
  g_free (s->peer_uid);
  s->observer_uid = g_strdup (observer);
  s->peer_uid = g_strdup (peer);
  s->direction = dir;
  s->rtt_ms = 40;
  return s;
}

static void
test_server_call (void)
{
  /* Janus/WHEP: only the local endpoint reports; inbound from two publishers, outbound to the server */
  g_autoptr(CsStatsModel) model = cs_stats_model_new ();
  CsParticipant *local, *pub;

  cs_stats_model_join (model, "local");
  for (guint i = 0; i < 12; i++)
    {
      g_autoptr(CsStatsSample) a = server_sample (i, "local", "pub-1", CS_SAMPLE_DIRECTION_INBOUND, i + 1);
      g_autoptr(CsStatsSample) b = server_sample (i, "local", "pub-2", CS_SAMPLE_DIRECTION_INBOUND, i + 1);
      g_autoptr(CsStatsSample) up = server_sample (i, "local", "server", CS_SAMPLE_DIRECTION_OUTBOUND, i + 1);

      /* 10 % of what the local user sends is lost on its uplink */
      up->packets_lost = (gint64) (i + 1) * 5;
      up->fraction_lost = 0.1;
      cs_stats_model_ingest (model, a);
      cs_stats_model_ingest (model, b);
      cs_stats_model_ingest (model, up);
      cs_stats_model_commit (model, i);
    }
  g_assert_null (cs_stats_model_lookup (model, "server"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);
  local = cs_stats_model_lookup (model, "local");
  g_assert_cmpuint (cs_participant_get_uplink_quality (local), >=, 3);
  g_assert_cmpuint (cs_participant_get_downlink_quality (local), <=, 2);
  g_assert_cmpfloat (fabs (cs_participant_get_loss (local) - 10), <, 0.5);
  pub = cs_stats_model_lookup (model, "pub-1");
  g_assert_cmpuint (cs_participant_get_uplink_quality (pub), ==, 1);
  /* no measured delay: estimated from the RTT, and flagged so */
  {
    CsRemoteAudioTrackStats st;

    g_assert_true (cs_stats_model_get_remote_audio_stats_for (model, "pub-1", &st));
    g_assert_cmpfloat (st.transportDelay, ==, 20);
    g_assert_false (st.transportDelayMeasured);
  }
}

static void
test_thresholds_used (void)
{
  /* the same outage, with media_stopped_s 3 and 6: score 6 appears 3 s later with 6 */
  static const double stop_after[] = { 3, 6 };

  for (guint i = 0; i < G_N_ELEMENTS (stop_after); i++)
    {
      Sim sim;
      g_autoptr(CsStatsModel) model = cs_stats_model_new ();
      CsThresholds th;
      int first_six = -1;

      cs_thresholds_init_defaults (&th);
      th.media_stopped_s = stop_after[i];
      cs_stats_model_set_thresholds (model, &th);
      cs_stats_model_get_thresholds (model, &th);
      g_assert_cmpfloat (th.media_stopped_s, ==, stop_after[i]);
      sim_init (&sim, 2, 21);
      sim.outage_from[1] = 10;
      sim.outage_to[1] = 30;
      cs_stats_model_join (model, "local");
      for (guint t = 0; t < 25 && first_six < 0; t++)
        {
          sim_step (&sim, model, t);
          if (cs_participant_get_uplink_quality (cs_stats_model_lookup (model, "user-1")) == 6)
            first_six = (int) t;
        }
      /* the last media arrived at t = 9 */
      g_assert_cmpint (first_six, ==, 9 + (int) stop_after[i]);
      sim_clear (&sim);
    }
}

static void
test_local_exceptions (void)
{
  g_autoptr(CsStatsModel) model = cs_stats_model_new ();
  guint64 encoded = 0, captured = 0;
  GPtrArray *events;
  CsExceptionEvent *raise = NULL, *recover = NULL;

  cs_stats_model_join (model, "local");
  for (guint t = 0; t < 20; t++)
    {
      g_autoptr(CsStatsSample) s = inbound (t, 3, 100 * (t + 1), 0, 100000 * (t + 1));

      encoded += (t >= 5 && t <= 12) ? 5 : 30;
      captured += 30;
      g_free (s->observer_uid);
      g_free (s->peer_uid);
      s->observer_uid = g_strdup ("local");
      s->peer_uid = g_strdup ("user-1");
      s->kind = CS_SAMPLE_KIND_VIDEO;
      s->direction = CS_SAMPLE_DIRECTION_OUTBOUND;
      s->has_frames = TRUE;
      s->frames_encoded = encoded;
      s->frames_captured = captured;
      cs_stats_model_ingest (model, s);
      cs_stats_model_commit (model, t);
    }
  events = cs_stats_model_get_events (model);
  for (guint i = 0; i < events->len; i++)
    {
      CsExceptionEvent *ev = g_ptr_array_index (events, i);

      g_test_message ("t=%g %u %s %s", ev->t, ev->code, ev->msg, ev->uid);
      g_assert_cmpuint (ev->code % 1000, ==, 2); /* only the sent frame rate */
      if (ev->code == CS_EXCEPTION_FRAMERATE_SENT_TOO_LOW)
        raise = ev;
      else
        recover = ev;
    }
  g_assert_cmpuint (events->len, ==, 2);
  g_assert_nonnull (raise);
  g_assert_nonnull (recover);
  g_assert_cmpfloat (raise->t, ==, 7);
  g_assert_cmpfloat (raise->value, ==, 5);
  g_assert_cmpstr (raise->uid, ==, "local");
  g_assert_cmpuint (recover->code, ==, 3002);
  g_assert_cmpstr (recover->msg, ==, "FRAMERATE_SENT_TOO_LOW_RECOVER");
  g_assert_cmpfloat (recover->t, ==, 17);
  g_assert_cmpfloat (recover->duration, ==, 10);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "C");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/model/stats/clean-call", test_clean_call);
  g_test_add_func ("/model/stats/loss-on-one-user", test_loss_on_one_user);
  g_test_add_func ("/model/stats/loss-on-local", test_loss_on_local);
  g_test_add_func ("/model/stats/outage", test_outage);
  g_test_add_func ("/model/stats/delay-on-local", test_delay_on_local);
  g_test_add_func ("/model/stats/counters", test_counters);
  g_test_add_func ("/model/stats/freeze", test_freeze);
  g_test_add_func ("/model/stats/getters-and-states", test_getters_and_states);
  g_test_add_func ("/model/stats/join-leave", test_join_leave_users);
  g_test_add_func ("/model/stats/determinism", test_determinism);
  g_test_add_func ("/model/stats/series", test_series);
  g_test_add_func ("/model/stats/bad-values", test_bad_values);
  g_test_add_func ("/model/stats/server-call", test_server_call);
  g_test_add_func ("/model/stats/thresholds-used", test_thresholds_used);
  g_test_add_func ("/model/stats/local-exceptions", test_local_exceptions);
  return g_test_run ();
}
