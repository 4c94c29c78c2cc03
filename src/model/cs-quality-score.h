/* cs-quality-score.h — the network quality score: a pure function of a link's metrics
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The method (docs/quality-score.md): the ITU-T G.107 E-model's transmission rating
 * R for the audio path, mapped to Agora's 1–5 by G.107/G.109 user-satisfaction
 * bands, then bounded by video additions (freeze time, frame-rate shortfall);
 * 0 without enough data; 6 when no media has arrived for media_stopped_s.
 */
#pragma once

#include <glib.h>

#include "cs-agora-stats.h"

G_BEGIN_DECLS

/* E-model constants (G.107 defaults; Opus values are Callscope's assumption, see the doc) */
#define CS_EMODEL_R_DEFAULT   93.2   /* Ro - Is with every G.107 default parameter */
#define CS_EMODEL_IE_OPUS      0.0   /* equipment impairment of the codec without loss */
#define CS_EMODEL_BPL_OPUS    20.0   /* packet-loss robustness factor (with PLC) */
#define CS_EMODEL_CODEC_MS    10.0   /* fixed codec/packetisation delay added to the one-way delay */
#define CS_EMODEL_JITTER_MULT  2.0   /* jitter counted as this many times its value of delay (jitter buffer) */

/* R bands -> score: R >= 90 -> 1, >= 80 -> 2, >= 70 -> 3, >= 60 -> 4, else 5 */
#define CS_SCORE_R_EXCELLENT  90.0
#define CS_SCORE_R_GOOD       80.0
#define CS_SCORE_R_FLAWED     70.0
#define CS_SCORE_R_NOT_SMOOTH 60.0

/* Video additions: a score floor from the freeze ratio and the frame-rate shortfall (both %) */
#define CS_SCORE_FREEZE_3      3.0
#define CS_SCORE_FREEZE_4     10.0
#define CS_SCORE_FREEZE_5     30.0
#define CS_SCORE_FPS_SHORT_3  20.0
#define CS_SCORE_FPS_SHORT_4  50.0
#define CS_SCORE_FPS_SHORT_5  75.0
/* ... which counts only with network evidence in the same window: at least this loss or
 * jitter. A freeze on a clean network is the device's (CPU, decoder), not the network's;
 * the VIDEO_FREEZE event still reports it. */
#define CS_SCORE_VIDEO_NET_LOSS    1.0   /* % */
#define CS_SCORE_VIDEO_NET_JITTER 30.0   /* ms */

/* One direction (uplink or downlink) of one user, after attribution. A negative value is unknown. */
typedef struct
{
  guint    intervals;       /* sample intervals seen on this link's streams (0 or 1 -> not enough data) */
  double   no_media_s;      /* seconds without media on this link (0 while media flows) */
  double   loss_pct;        /* packet loss, % */
  double   jitter_ms;       /* interarrival jitter, ms */
  double   delay_ms;        /* one-way network delay, ms */
  gboolean delay_from_rtt;  /* @delay_ms is RTT/2 (the reason then names the RTT) */
  double   freeze_pct;      /* video frozen, % of the time */
  double   fps_short_pct;   /* received frame rate below the sent one, % */
  char     peer_uid[64];    /* the peer of the stream that limited the link, or "" */
} CsLinkMetrics;

void   cs_link_metrics_init (CsLinkMetrics *metrics);

/* Id, the delay impairment of G.107 (simplified form of Cole & Rosenbluth, 2001), for a one-way delay in ms. */
double cs_emodel_delay_impairment (double one_way_ms);
/* Ie,eff of G.107 for a packet loss in % (random loss, BurstR = 1). */
double cs_emodel_loss_impairment  (double loss_pct);
/* R for @loss_pct, @delay_ms and @jitter_ms (unknown negative values count as 0). */
double cs_emodel_r                (double loss_pct, double delay_ms, double jitter_ms);
/* 1…5 from R. */
guint  cs_quality_score_from_r    (double r);
/* The video floor (1…5) and its metric for a freeze % and a frame-rate shortfall % (negative: unknown). */
guint  cs_quality_video_floor     (double freeze_pct, double fps_short_pct, CsQualityMetric *metric, double *value);

/* The full score 0…6 of a link and its reason; @media_stopped_s is the "no media" threshold. */
guint  cs_quality_score_link      (const CsLinkMetrics *metrics,
                                   double               media_stopped_s,
                                   CsQualityReason     *reason);

G_END_DECLS
