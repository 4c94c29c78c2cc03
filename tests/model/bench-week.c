/* bench-week.c — a week of 1 Hz samples for 16 users through CsStatsModel: memory stays bounded
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The call of bench-stats-model.c (the lab's star: the local user and 16 remote users, each
 * end reporting its outbound and inbound audio and video, 128 samples a second, a little
 * loss on three users) for 7 days: 77 million samples. The model keeps its configured
 * history (cs_stats_model_set_history(), 86400 points = 24 h at 1 Hz, the default), so
 * its memory grows during the first day and then stays flat. At the end of every day the
 * benchmark prints the process's resident memory (VmRSS) and its peak (VmHWM) from
 * /proc/self/status; it fails (exit 1) when the last day's resident memory is more than
 * 10 % (+ 1 MiB) above the second day's, or when a series holds more than the history.
 * CS_BENCH_DAYS changes the length (default 7; 2 under AddressSanitizer, where memory
 * figures mean little and the run is three times slower).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs-stats-model.h"

#define USERS 16

/* a "VmRSS:" or "VmHWM:" figure of /proc/self/status, KiB (0 when unknown) */
static long
proc_status_kib (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) || (line = strstr (status, field)) == NULL)
    return 0;
  return strtol (line + strlen (field), NULL, 10);
}

int
main (int argc, char *argv[])
{
  const char *env = g_getenv ("CS_BENCH_DAYS");
#if defined(__SANITIZE_ADDRESS__)
  guint days = 2;
#else
  guint days = 7;
#endif
  CsStatsModel *model;
  CsStatsSample *samples[USERS][2][2][2]; /* user, dir (local->user, user->local), kind, view (out, in) */
  guint64 n_samples = 0;
  long rss_day2 = 0, rss_last = 0, rss_before;
  gint64 start, elapsed;
  guint history;
  gboolean bounded = TRUE;

  if (env != NULL && g_ascii_strtoull (env, NULL, 10) >= 2 && g_ascii_strtoull (env, NULL, 10) <= 31)
    days = (guint) g_ascii_strtoull (env, NULL, 10);

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
  history = cs_stats_model_get_history (model); /* the default: what a probe keeps */
  cs_stats_model_join (model, "local");
  rss_before = proc_status_kib ("VmRSS:");
  printf ("a week of a 16-user call: %u days of 1 Hz polls, 128 samples a second, history %u points per series\n",
          days, history);
  printf ("before: VmRSS %.1f MiB\n", rss_before / 1024.0);

  start = g_get_monotonic_time ();
  for (guint t = 0; t < days * 86400; t++)
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
      if ((t + 1) % 86400 == 0)
        {
          long rss = proc_status_kib ("VmRSS:");

          printf ("day %u: VmRSS %.1f MiB, VmHWM %.1f MiB, %.0f s so far\n", (t + 1) / 86400, rss / 1024.0,
                  proc_status_kib ("VmHWM:") / 1024.0, (g_get_monotonic_time () - start) / 1e6);
          fflush (stdout);
          if ((t + 1) / 86400 == 2)
            rss_day2 = rss;
          rss_last = rss;
        }
    }
  elapsed = g_get_monotonic_time () - start;

  for (guint k = 0; k < USERS; k++)
    {
      g_autofree char *uid = g_strdup_printf ("user-%u", k + 1);
      CsTimeSeries *ts = cs_participant_get_series (cs_stats_model_lookup (model, uid), CS_SERIES_LOSS);

      if (cs_time_series_get_length (ts) > history)
        {
          printf ("FAIL: %s's loss series holds %u points, more than the history (%u)\n", uid,
                  cs_time_series_get_length (ts), history);
          bounded = FALSE;
        }
    }
  if (rss_day2 > 0 && rss_last > rss_day2 + rss_day2 / 10 + 1024)
    {
      printf ("FAIL: resident memory grew from %.1f MiB (day 2) to %.1f MiB (day %u)\n", rss_day2 / 1024.0,
              rss_last / 1024.0, days);
      bounded = FALSE;
    }
  printf ("%" G_GUINT64_FORMAT " samples in %.1f s (%.3f us per sample)\n", n_samples, elapsed / 1e6,
          (double) elapsed / (double) n_samples);
  printf ("peak memory: VmHWM %.1f MiB; resident day 2 %.1f MiB, day %u %.1f MiB: %s\n",
          proc_status_kib ("VmHWM:") / 1024.0, rss_day2 / 1024.0, days, rss_last / 1024.0,
          bounded ? "bounded" : "NOT bounded");

  g_object_unref (model);
  for (guint k = 0; k < USERS; k++)
    for (guint dir = 0; dir < 2; dir++)
      for (guint kind = 0; kind < 2; kind++)
        for (guint view = 0; view < 2; view++)
          cs_stats_sample_free (samples[k][dir][kind][view]);
  return bounded ? 0 : 1;
}
