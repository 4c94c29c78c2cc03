/* cs-stats-model-links.c — CsStatsModel's links: each stream's metrics, who is to blame, the scores
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Step 2 and 3 of a commit (cs-stats-model.c): every active directed pair's windowed loss,
 * jitter, delay, freeze, frame-rate shortfall and time without media; their split between
 * the users' uplinks and downlinks (cs-link-attribution.c, docs/quality-score.md §5.1); and
 * each link's score with its reason (cs-quality-score.c, §5.2-5.3).
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "cs-quality-score.h"
#include "cs-stats-model-private.h"

#define VIDEO_WINDOW   10      /* intervals over which freeze and frame-rate shortfall are measured */

/* ------------------------------------------------------------------ commit: pairs and attribution */

gboolean
_cs_stats_model_user_active (User *u)
{
  return u != NULL && cs_participant_get_present (u->participant);
}

double
_cs_stats_model_pair_rtt (CsStatsModel *self,
          Pair         *p)
{
  /* the sender's RR-based RTT, else the receiver's own view, else the reverse pair's */
  for (guint k = 0; k < 2; k++)
    if (p->out[k] != NULL && p->out[k]->last->rtt_ms >= 0)
      return p->out[k]->last->rtt_ms;
  for (guint k = 0; k < 2; k++)
    if (p->in[k] != NULL && p->in[k]->last->rtt_ms >= 0)
      return p->in[k]->last->rtt_ms;
  {
    g_autofree char *rkey = g_strdup_printf ("%s\x1f%s", p->receiver, p->sender);
    Pair *r = g_hash_table_lookup (self->pair_index, rkey);

    if (r != NULL)
      for (guint k = 0; k < 2; k++)
        if (r->out[k] != NULL && r->out[k]->last->rtt_ms >= 0)
          return r->out[k]->last->rtt_ms;
  }
  return CS_UNKNOWN;
}

static void
pair_metrics (CsStatsModel    *self,
              Pair            *p,
              double           now,
              CsStreamMetrics *m)
{
  /* a received stream that cannot be decoded says nothing of the network: it is left out,
   * and a pair with nothing else claims no score (docs/quality-score.md §5) */
  Track *in[2] = { p->in[0] != NULL && !p->in[0]->undecodable ? p->in[0] : NULL,
                   p->in[1] != NULL && !p->in[1]->undecodable ? p->in[1] : NULL };
  gboolean had_in = p->in[0] != NULL || p->in[1] != NULL;
  gboolean has_in = in[0] != NULL || in[1] != NULL;
  Track *const *view = has_in ? in : p->out;
  double lost = 0, expected = 0, delay_sum = 0;
  guint delay_n = 0;
  guint window = self->thresholds.window;
  double rtt = _cs_stats_model_pair_rtt (self, p);

  for (guint i = 0; i < N_M; i++)
    m->v[i] = -1;
  m->delay_from_rtt = FALSE;
  m->intervals = 0;
  if (had_in && !has_in)
    return;

  for (guint k = 0; k < 2; k++)
    {
      double l, e;

      if (view[k] == NULL)
        continue;
      cs_track_window_sum (view[k], window, &l, &e, NULL, NULL, NULL);
      lost += l;
      expected += e;
      m->intervals = MAX (m->intervals, view[k]->n_intervals);
    }
  m->expected = expected;
  if (expected > 0)
    m->v[M_LOSS] = lost / expected * 100;
  else if (m->intervals > 0)
    m->v[M_LOSS] = 0;

  /* jitter: audio first (the E-model's path), else video */
  for (guint k = 0; k < 2 && m->v[M_JITTER] < 0; k++)
    if (view[k] != NULL && view[k]->last->jitter_ms >= 0)
      m->v[M_JITTER] = view[k]->last->jitter_ms;

  /* one-way delay: measured (or estimated by the source) transport delay, else RTT/2 */
  for (guint k = 0; k < 2; k++)
    if (in[k] != NULL && in[k]->last->transport_delay_ms >= 0)
      {
        delay_sum += in[k]->last->transport_delay_ms;
        delay_n++;
      }
  if (delay_n > 0)
    m->v[M_DELAY] = delay_sum / delay_n;
  else if (rtt >= 0)
    {
      m->v[M_DELAY] = rtt / 2;
      m->delay_from_rtt = TRUE;
    }

  /* video: only where the counters are known (has_frames), so an engine that cannot
   * count frames never looks frozen */
  if (in[1] != NULL && in[1]->w_len > 0 && in[1]->last->has_frames && in[1]->frames_started)
    {
      double dt, freeze, frames;

      cs_track_window_sum (in[1], VIDEO_WINDOW, NULL, NULL, &dt, &freeze, &frames);
      if (dt > 0)
        m->v[M_FREEZE] = MIN (freeze / (dt * 1000) * 100, 100);
      if (p->out[1] != NULL && p->out[1]->w_len > 0 && p->out[1]->last->has_frames && dt > 0)
        {
          double sdt, sent;

          cs_track_window_sum (p->out[1], VIDEO_WINDOW, NULL, NULL, &sdt, NULL, &sent);
          if (sdt > 0 && sent / sdt >= 1)
            m->v[M_FPS] = MAX (0, 1 - (frames / dt) / (sent / sdt)) * 100;
        }
    }

  if (has_in)
    {
      double last_media = -G_MAXDOUBLE;

      for (guint k = 0; k < 2; k++)
        if (in[k] != NULL)
          last_media = MAX (last_media, in[k]->last_media_t);
      m->v[M_STOP] = MAX (now - last_media, 0);
    }
}

/* Splits the active streams' troubles between the users' links (cs-link-attribution.h). */
void
_cs_stats_model_attribute (CsStatsModel *self,
           double        now)
{
  guint n_users = self->users->len;
  g_autofree CsStreamMetrics *streams = g_new0 (CsStreamMetrics, MAX (self->pairs->len, 1));
  g_autofree Pair **of = g_new0 (Pair *, MAX (self->pairs->len, 1));
  g_autofree CsLinkShare *up = g_new0 (CsLinkShare, MAX (n_users, 1));
  g_autofree CsLinkShare *down = g_new0 (CsLinkShare, MAX (n_users, 1));
  User *local = _cs_stats_model_user_lookup (self, self->local_uid);
  guint n = 0;

  for (guint i = 0; i < self->pairs->len; i++)
    {
      Pair *p = g_ptr_array_index (self->pairs, i);
      User *a = _cs_stats_model_user_lookup (self, p->sender);
      User *b = _cs_stats_model_user_lookup (self, p->receiver);

      if (!_cs_stats_model_user_active (a) || (b != NULL && !_cs_stats_model_user_active (b)))
        continue;
      pair_metrics (self, p, now, &streams[n]);
      streams[n].sender = a->index;
      streams[n].receiver = b != NULL ? (gint) b->index : CS_LINK_NO_USER;
      of[n++] = p;
    }
  cs_link_attribute (streams, n, n_users, local != NULL ? (gint) local->index : CS_LINK_NO_USER, up, down);

  for (guint i = 0; i < n_users; i++)
    {
      User *u = g_ptr_array_index (self->users, i);
      LinkAcc *accs[] = { &u->up, &u->down };
      const CsLinkShare *shares[] = { &up[i], &down[i] };

      for (guint w = 0; w < 2; w++)
        {
          memset (accs[w], 0, sizeof *accs[w]);
          accs[w]->delay_from_rtt = shares[w]->delay_from_rtt;
          accs[w]->intervals = shares[w]->intervals;
          for (guint m = 0; m < N_M; m++)
            {
              gint k = shares[w]->stream[m];

              accs[w]->v[m] = shares[w]->v[m];
              /* the peer is the stream's other end: its receiver on an uplink, its sender on a downlink */
              if (k >= 0)
                g_strlcpy (accs[w]->peer[m], w == 0 ? of[k]->receiver : of[k]->sender, sizeof accs[w]->peer[m]);
            }
        }
    }
}

void
_cs_stats_model_score_link (CsStatsModel    *self,
            const LinkAcc   *acc,
            guint           *score,
            CsQualityReason *reason)
{
  CsLinkMetrics m;
  static const int metric_of[] = {
    [CS_QUALITY_METRIC_LOSS] = M_LOSS, [CS_QUALITY_METRIC_JITTER] = M_JITTER,
    [CS_QUALITY_METRIC_RTT] = M_DELAY, [CS_QUALITY_METRIC_DELAY] = M_DELAY,
    [CS_QUALITY_METRIC_FRAME_RATE] = M_FPS, [CS_QUALITY_METRIC_FREEZE] = M_FREEZE,
    [CS_QUALITY_METRIC_NO_MEDIA] = M_STOP,
  };

  cs_link_metrics_init (&m);
  m.intervals = acc->intervals;
  m.no_media_s = MAX (acc->v[M_STOP], 0);
  m.loss_pct = acc->v[M_LOSS];
  m.jitter_ms = acc->v[M_JITTER];
  m.delay_ms = acc->v[M_DELAY];
  m.delay_from_rtt = acc->delay_from_rtt;
  m.freeze_pct = acc->v[M_FREEZE];
  m.fps_short_pct = acc->v[M_FPS];
  *score = cs_quality_score_link (&m, self->thresholds.media_stopped_s, reason);
  reason->peer_uid[0] = '\0';
  switch (reason->metric)
    {
    case CS_QUALITY_METRIC_LOSS: case CS_QUALITY_METRIC_JITTER: case CS_QUALITY_METRIC_RTT:
    case CS_QUALITY_METRIC_DELAY: case CS_QUALITY_METRIC_FRAME_RATE: case CS_QUALITY_METRIC_FREEZE:
    case CS_QUALITY_METRIC_NO_MEDIA:
      g_strlcpy (reason->peer_uid, acc->peer[metric_of[reason->metric]], sizeof reason->peer_uid);
      break;
    default:
      break;
    }
}


gboolean
cs_stats_model_get_link_metrics (CsStatsModel *self, const char *uid, CsLink link, CsLinkMetrics *out)
{
  User *u;
  const LinkAcc *acc;

  g_return_val_if_fail (CS_IS_STATS_MODEL (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  cs_link_metrics_init (out);
  u = uid != NULL ? _cs_stats_model_user_lookup (self, uid) : NULL;
  if (u == NULL)
    return FALSE;
  acc = link == CS_LINK_UPLINK ? &u->up : &u->down;
  out->intervals = acc->intervals;
  out->no_media_s = MAX (acc->v[M_STOP], 0);
  out->loss_pct = acc->v[M_LOSS];
  out->jitter_ms = acc->v[M_JITTER];
  out->delay_ms = acc->v[M_DELAY];
  out->delay_from_rtt = acc->delay_from_rtt;
  out->freeze_pct = acc->v[M_FREEZE];
  out->fps_short_pct = acc->v[M_FPS];
  return TRUE;
}
