/* bench-stats-model.c — ingest 16 users × 24 h of 1 Hz samples; print time per sample and peak memory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The call is the loopback lab's star: the local user and 16 remote users, every
 * endpoint reporting its outbound and inbound audio and video tracks each second
 * (8 samples per remote user and second, 128 a second, 11 million for the day), with
 * a little loss on some users so the scoring paths run. Targets (issue 2): under
 * 5 µs per sample and under 64 MiB for the whole day, history included.
 * CS_BENCH_SECONDS shortens the run (default 86400).
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "cs-stats-model.h"

#define USERS 16

static long
peak_rss_kib (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

int
main (int argc, char *argv[])
{
  const char *env = g_getenv ("CS_BENCH_SECONDS");
  guint seconds = env != NULL ? (guint) g_ascii_strtoull (env, NULL, 10) : 86400;
  CsStatsModel *model;
  CsStatsSample *samples[USERS][2][2][2]; /* user, dir (local->user, user->local), kind, view (out, in) */
  guint64 n_samples = 0;
  long rss_before, rss_after;
  gint64 start, elapsed;
  CsRtcStats rtc;
  CsSeriesColumn columns[1000];
  gint64 ds_start, ds_day, ds_minute;

  if (seconds == 0)
    seconds = 86400;

  for (guint k = 0; k < USERS; k++)
    for (guint dir = 0; dir < 2; dir++)
      for (guint kind = 0; kind < 2; kind++)
        for (guint view = 0; view < 2; view++)
          {
            CsStatsSample *s = cs_stats_sample_new ();
            g_autofree char *user = g_strdup_printf ("user-%u", k + 1);
            const char *sender = dir == 0 ? "local" : user;
            const char *receiver = dir == 0 ? user : "local";

            s->observer_uid = g_strdup (view == 0 ? sender : receiver);
            s->peer_uid = g_strdup (view == 0 ? receiver : sender);
            s->kind = kind == 0 ? CS_SAMPLE_KIND_AUDIO : CS_SAMPLE_KIND_VIDEO;
            s->direction = view == 0 ? CS_SAMPLE_DIRECTION_OUTBOUND : CS_SAMPLE_DIRECTION_INBOUND;
            s->ssrc = 1000 + k * 8 + dir * 4 + kind * 2;
            s->codec = g_strdup (kind == 0 ? "opus" : "VP8");
            s->has_packets_lost = TRUE;
            s->rtt_ms = 4;
            s->jitter_ms = 1.5;
            s->has_frames = kind == 1;
            s->width = s->capture_width = kind == 1 ? 640 : 0;
            s->height = s->capture_height = kind == 1 ? 480 : 0;
            s->audio_level = kind == 0 ? 3000 : CS_UNKNOWN;
            if (view == 1)
              {
                s->transport_delay_ms = 2;
                s->receive_delay_ms = 40;
                s->end2end_delay_ms = 60;
                s->transport_delay_measured = s->receive_delay_measured = s->end2end_delay_measured = TRUE;
                s->total_freeze_ms = kind == 1 ? 0 : CS_UNKNOWN;
              }
            samples[k][dir][kind][view] = s;
          }

  model = cs_stats_model_new ();
  cs_stats_model_set_history (model, 86400);
  cs_stats_model_join (model, "local");
  rss_before = peak_rss_kib ();

  start = g_get_monotonic_time ();
  for (guint t = 0; t < seconds; t++)
    {
      for (guint k = 0; k < USERS; k++)
        for (guint dir = 0; dir < 2; dir++)
          for (guint kind = 0; kind < 2; kind++)
            {
              guint pps = kind == 0 ? 50 : 100;
              guint size = kind == 0 ? 120 : 1100;
              /* users 1-3 lose a packet every 2, 3 or 4 s */
              guint lost = k < 3 && t % (k + 2) == 0 ? 1 : 0;

              for (guint view = 0; view < 2; view++)
                {
                  CsStatsSample *s = samples[k][dir][kind][view];

                  s->t = t;
                  s->packets += view == 0 ? pps : pps - lost;
                  s->bytes += (guint64) (view == 0 ? pps : pps - lost) * size;
                  s->packets_lost += lost;
                  if (kind == 1)
                    {
                      if (view == 0)
                        s->frames_captured = s->frames_encoded = s->frames_encoded + 30;
                      else
                        s->frames_decoded = s->frames_rendered = s->frames_rendered + 30;
                    }
                  cs_stats_model_ingest (model, s);
                  n_samples++;
                }
            }
      cs_stats_model_commit (model, t);
    }
  elapsed = g_get_monotonic_time () - start;
  rss_after = peak_rss_kib ();

  /* downsampling a day and a minute to 1000 columns */
  {
    CsTimeSeries *ts = cs_participant_get_series (cs_stats_model_lookup (model, "user-1"), CS_SERIES_LOSS);
    double a = 0, b = 0;

    cs_time_series_get_range (ts, &a, &b);
    ds_start = g_get_monotonic_time ();
    for (guint i = 0; i < 100; i++)
      cs_time_series_downsample (ts, a, b + 1, G_N_ELEMENTS (columns), columns);
    ds_day = (g_get_monotonic_time () - ds_start) / 100;
    ds_start = g_get_monotonic_time ();
    for (guint i = 0; i < 100; i++)
      cs_time_series_downsample (ts, MAX (a, b - 60), b + 1, G_N_ELEMENTS (columns), columns);
    ds_minute = (g_get_monotonic_time () - ds_start) / 100;
  }

  cs_stats_model_get_rtc_stats (model, &rtc);
  printf ("stats model: %u users, %u s of 1 Hz polls, %" G_GUINT64_FORMAT " samples (history %u points per series)\n",
          USERS, seconds, n_samples, cs_stats_model_get_history (model));
  printf ("time per sample: %.3f us (target < 5 us); total %.1f s\n",
          (double) elapsed / (double) n_samples, elapsed / 1e6);
  printf ("peak memory: %.1f MiB (process peak RSS; %.1f MiB before ingesting; target < 64 MiB)\n",
          rss_after / 1024.0, rss_before / 1024.0);
  printf ("downsample to 1000 columns: whole history %" G_GINT64_FORMAT " us, last minute %" G_GINT64_FORMAT " us\n",
          ds_day, ds_minute);
  printf ("check: UserCount %u, Duration %.0f s, RecvBitrate %.0f bps\n", rtc.UserCount, rtc.Duration, rtc.RecvBitrate);

  g_object_unref (model);
  for (guint k = 0; k < USERS; k++)
    for (guint dir = 0; dir < 2; dir++)
      for (guint kind = 0; kind < 2; kind++)
        for (guint view = 0; view < 2; view++)
          cs_stats_sample_free (samples[k][dir][kind][view]);
  return 0;
}
