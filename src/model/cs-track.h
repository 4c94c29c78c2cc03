/* cs-track.h — one measured stream: counter deltas, resets, jumps and the scoring windows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Private to the model. A track is what one observer sees of one stream: (observer, peer,
 * kind, direction). cs_track_update() turns each new cumulative sample into the interval's
 * deltas and rates, neutralising counter resets (a new SSRC, restarted counters) and absurd
 * jumps (docs/quality-score.md §2), counts freezes (§3), and pushes the interval's loss,
 * duration, freeze and frames into a ring of the last CS_TRACK_WINDOW_MAX intervals, from
 * which the model sums its scoring windows.
 */
#pragma once

#include <glib.h>

#include "cs-stats-sample.h"

G_BEGIN_DECLS

#define CS_TRACK_WINDOW_MAX 32

typedef struct _CsPair CsPair;
typedef struct _CsTrack CsTrack;

struct _CsTrack
{
  char          *key;
  char          *observer;
  char          *peer;
  CsSampleKind   kind;
  CsSampleDirection dir;
  CsPair        *pair;           /* the directed pair it belongs to (the model's) */

  CsStatsSample *last;
  double         first_t;
  guint          n_intervals;
  gboolean       updated;        /* got a sample in this commit */
  gboolean       interval_valid; /* the latest sample gave a usable interval */

  /* the latest interval */
  double         dt;
  guint64        d_packets, d_bytes, d_lost;
  guint64        d_frames, d_encoded, d_captured, d_decode_errors;
  double         d_freeze_ms;
  double         bitrate;        /* bps */
  double         cur_loss_pct;
  double         decode_fps, render_fps, send_fps, capture_fps;
  gboolean       frozen;
  /* inbound: the interval's media could not be decoded at all (decode errors and nothing
   * decoded: no frame of video, or as many failures as audio packets) */
  gboolean       undecodable;

  /* whole track */
  guint64        tot_packets, tot_bytes;
  gint64         tot_lost;
  double         tot_freeze_ms;
  gboolean       frames_started;
  double         last_media_t;

  /* windows of the last intervals (ring) */
  guint          w_pos, w_len;
  double         w_lost[CS_TRACK_WINDOW_MAX], w_expected[CS_TRACK_WINDOW_MAX], w_dt[CS_TRACK_WINDOW_MAX], w_freeze[CS_TRACK_WINDOW_MAX], w_frames[CS_TRACK_WINDOW_MAX];
};

/* (transfer full) a track with no sample yet; @key names it in the model's index */
CsTrack *cs_track_new        (const char *key, const CsStatsSample *first);
void     cs_track_free       (CsTrack *tr);
/* Takes @s, the stream's next cumulative sample. A reordered or repeated one (not later than
 * the last) is ignored. After an outage of @media_stopped_s or more, the scoring window starts
 * again, so the outage's loss is not counted a second time as packet loss. */
void     cs_track_update     (CsTrack *tr, const CsStatsSample *s, double media_stopped_s);
/* Sums the last @n intervals of the window (each output nullable). */
void     cs_track_window_sum (const CsTrack *tr, guint n, double *lost, double *expected, double *dt,
                              double *freeze_ms, double *frames);

G_END_DECLS
