/* cs-quality-score.c — the network quality score (method in docs/quality-score.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cs-quality-score.h"

#include <math.h>
#include <string.h>

void
cs_link_metrics_init (CsLinkMetrics *metrics)
{
  memset (metrics, 0, sizeof *metrics);
  metrics->loss_pct = -1;
  metrics->jitter_ms = -1;
  metrics->delay_ms = -1;
  metrics->freeze_pct = -1;
  metrics->fps_short_pct = -1;
}

double
cs_emodel_delay_impairment (double d)
{
  double id;

  if (!(d > 0))
    return 0;
  id = 0.024 * d;
  if (d > 177.3)
    id += 0.11 * (d - 177.3);
  return id;
}

double
cs_emodel_loss_impairment (double loss_pct)
{
  double ppl = loss_pct > 0 ? MIN (loss_pct, 100.0) : 0.0;

  /* Ie,eff = Ie + (95 - Ie) × Ppl / (Ppl / BurstR + Bpl), BurstR = 1 */
  return CS_EMODEL_IE_OPUS + (95.0 - CS_EMODEL_IE_OPUS) * ppl / (ppl + CS_EMODEL_BPL_OPUS);
}

static double
effective_delay (double delay_ms, double jitter_ms)
{
  return (delay_ms > 0 ? delay_ms : 0) + CS_EMODEL_JITTER_MULT * (jitter_ms > 0 ? jitter_ms : 0) + CS_EMODEL_CODEC_MS;
}

double
cs_emodel_r (double loss_pct,
             double delay_ms,
             double jitter_ms)
{
  double r = CS_EMODEL_R_DEFAULT
             - cs_emodel_delay_impairment (effective_delay (delay_ms, jitter_ms))
             - cs_emodel_loss_impairment (loss_pct);

  return CLAMP (r, 0.0, 100.0);
}

guint
cs_quality_score_from_r (double r)
{
  if (r >= CS_SCORE_R_EXCELLENT)
    return 1;
  if (r >= CS_SCORE_R_GOOD)
    return 2;
  if (r >= CS_SCORE_R_FLAWED)
    return 3;
  if (r >= CS_SCORE_R_NOT_SMOOTH)
    return 4;
  return 5;
}

static guint
band3 (double v, double b3, double b4, double b5)
{
  if (v >= b5)
    return 5;
  if (v >= b4)
    return 4;
  if (v >= b3)
    return 3;
  return 1;
}

guint
cs_quality_video_floor (double           freeze_pct,
                        double           fps_short_pct,
                        CsQualityMetric *metric,
                        double          *value)
{
  guint fz = freeze_pct >= 0 ? band3 (freeze_pct, CS_SCORE_FREEZE_3, CS_SCORE_FREEZE_4, CS_SCORE_FREEZE_5) : 1;
  guint fr = fps_short_pct >= 0 ? band3 (fps_short_pct, CS_SCORE_FPS_SHORT_3, CS_SCORE_FPS_SHORT_4, CS_SCORE_FPS_SHORT_5) : 1;

  if (fz >= fr && fz > 1)
    {
      *metric = CS_QUALITY_METRIC_FREEZE;
      *value = freeze_pct;
      return fz;
    }
  if (fr > 1)
    {
      *metric = CS_QUALITY_METRIC_FRAME_RATE;
      *value = fps_short_pct;
      return fr;
    }
  *metric = CS_QUALITY_METRIC_NONE;
  *value = 0;
  return 1;
}

static void
set_reason (CsQualityReason     *reason,
            CsQualityMetric      metric,
            double               value,
            const CsLinkMetrics *m)
{
  if (reason == NULL)
    return;
  memset (reason, 0, sizeof *reason);
  reason->metric = metric;
  reason->value = value;
  if (metric != CS_QUALITY_METRIC_NONE && metric != CS_QUALITY_METRIC_NO_DATA)
    g_strlcpy (reason->peer_uid, m->peer_uid, sizeof reason->peer_uid);
}

guint
cs_quality_score_link (const CsLinkMetrics *m,
                       double               media_stopped_s,
                       CsQualityReason     *reason)
{
  double loss_imp, delay_imp, jitter_imp, total_id, d_eff, r;
  guint score, vfloor;
  CsQualityMetric vmetric;
  double vvalue;

  g_return_val_if_fail (m != NULL, 0);

  if (m->no_media_s >= media_stopped_s && m->no_media_s > 0)
    {
      set_reason (reason, CS_QUALITY_METRIC_NO_MEDIA, m->no_media_s, m);
      return 6;
    }
  if (m->intervals < 1)
    {
      set_reason (reason, CS_QUALITY_METRIC_NO_DATA, 0, m);
      return 0;
    }

  r = cs_emodel_r (m->loss_pct, m->delay_ms, m->jitter_ms);
  score = cs_quality_score_from_r (r);
  if (m->loss_pct >= CS_SCORE_VIDEO_NET_LOSS || m->jitter_ms >= CS_SCORE_VIDEO_NET_JITTER)
    vfloor = cs_quality_video_floor (m->freeze_pct, m->fps_short_pct, &vmetric, &vvalue);
  else
    vfloor = 1;

  if (vfloor > score)
    {
      set_reason (reason, vmetric, vvalue, m);
      return vfloor;
    }
  if (score == 1)
    {
      set_reason (reason, CS_QUALITY_METRIC_NONE, 0, m);
      return 1;
    }

  /* The reason is the largest deduction from R; Id is shared between delay and jitter
   * in proportion to the milliseconds each adds. */
  loss_imp = cs_emodel_loss_impairment (m->loss_pct);
  d_eff = effective_delay (m->delay_ms, m->jitter_ms);
  total_id = cs_emodel_delay_impairment (d_eff);
  delay_imp = total_id * ((m->delay_ms > 0 ? m->delay_ms : 0) + CS_EMODEL_CODEC_MS) / d_eff;
  jitter_imp = total_id - delay_imp;

  if (loss_imp >= delay_imp && loss_imp >= jitter_imp)
    set_reason (reason, CS_QUALITY_METRIC_LOSS, MAX (m->loss_pct, 0), m);
  else if (delay_imp >= jitter_imp)
    {
      if (m->delay_from_rtt)
        set_reason (reason, CS_QUALITY_METRIC_RTT, 2 * m->delay_ms, m);
      else
        set_reason (reason, CS_QUALITY_METRIC_DELAY, MAX (m->delay_ms, 0), m);
    }
  else
    set_reason (reason, CS_QUALITY_METRIC_JITTER, m->jitter_ms, m);
  return score;
}
