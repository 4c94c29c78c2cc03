/* cs-track.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "cs-track.h"

#define MAX_PPS        100000. /* more packets per second than this is a counter jump, not traffic */
#define MAX_BPS        1e10    /* bits per second, same */
#define FREEZE_GAP_S   0.5     /* Agora's Web rule: no frame for 500 ms is a freeze */

CsTrack *
cs_track_new (const char *key, const CsStatsSample *first)
{
  CsTrack *tr = g_new0 (CsTrack, 1);

  tr->key = g_strdup (key);
  tr->observer = g_strdup (first->observer_uid);
  tr->peer = g_strdup (first->peer_uid);
  tr->kind = first->kind;
  tr->dir = first->direction;
  return tr;
}

void
cs_track_free (CsTrack *tr)
{

  g_free (tr->key);
  g_free (tr->observer);
  g_free (tr->peer);
  cs_stats_sample_free (tr->last);
  g_free (tr);
}

static guint64
frames_of (const CsStatsSample *s,
           gboolean             use_rendered)
{
  return use_rendered ? s->frames_rendered : s->frames_decoded;
}

static void
window_push (CsTrack *tr,
             double lost,
             double expected,
             double dt,
             double freeze_ms,
             double frames)
{
  tr->w_lost[tr->w_pos] = lost;
  tr->w_expected[tr->w_pos] = expected;
  tr->w_dt[tr->w_pos] = dt;
  tr->w_freeze[tr->w_pos] = freeze_ms;
  tr->w_frames[tr->w_pos] = frames;
  tr->w_pos = (tr->w_pos + 1) % CS_TRACK_WINDOW_MAX;
  if (tr->w_len < CS_TRACK_WINDOW_MAX)
    tr->w_len++;
}

void
cs_track_window_sum (const CsTrack *tr,
                     guint          n,
                     double        *lost,
                     double        *expected,
                     double        *dt,
                     double        *freeze_ms,
                     double        *frames)
{
  double l = 0, e = 0, d = 0, f = 0, fr = 0;

  n = MIN (n, tr->w_len);
  for (guint i = 0; i < n; i++)
    {
      guint j = (tr->w_pos + CS_TRACK_WINDOW_MAX - 1 - i) % CS_TRACK_WINDOW_MAX;

      l += tr->w_lost[j];
      e += tr->w_expected[j];
      d += tr->w_dt[j];
      f += tr->w_freeze[j];
      fr += tr->w_frames[j];
    }
  if (lost) *lost = l;
  if (expected) *expected = e;
  if (dt) *dt = d;
  if (freeze_ms) *freeze_ms = f;
  if (frames) *frames = fr;
}

void
cs_track_update (CsTrack             *tr,
                 const CsStatsSample *s,
                 double               media_stopped_s)
{
  const CsStatsSample *p = tr->last;
  gboolean inbound = tr->dir == CS_SAMPLE_DIRECTION_INBOUND;
  gboolean video = tr->kind == CS_SAMPLE_KIND_VIDEO;
  gboolean use_rendered;
  gboolean reset, jump;
  double dt, gap_before;
  gint64 dl = 0;

  if (p == NULL)
    {
      tr->first_t = s->t;
      tr->last_media_t = s->t;
      tr->tot_packets = s->packets;
      tr->tot_bytes = s->bytes;
      tr->tot_lost = s->has_packets_lost ? MAX (s->packets_lost, 0) : 0;
      tr->tot_freeze_ms = s->total_freeze_ms > 0 ? s->total_freeze_ms : 0;
      tr->frames_started = s->frames_rendered > 0 || s->frames_decoded > 0;
      tr->last = cs_stats_sample_copy (s);
      tr->updated = TRUE;
      tr->interval_valid = FALSE;
      return;
    }
  if (!(s->t > p->t))
    return; /* a reordered or repeated sample: ignored */

  dt = s->t - p->t;
  tr->updated = TRUE;
  tr->interval_valid = FALSE;
  tr->dt = dt;
  tr->d_packets = tr->d_bytes = tr->d_lost = 0;
  tr->d_frames = tr->d_encoded = tr->d_captured = tr->d_decode_errors = 0;
  tr->d_freeze_ms = 0;
  tr->bitrate = 0;
  tr->cur_loss_pct = 0;
  tr->decode_fps = tr->render_fps = tr->send_fps = tr->capture_fps = 0;
  tr->frozen = FALSE;
  tr->undecodable = FALSE;
  gap_before = p->t - tr->last_media_t;

  reset = (s->ssrc != 0 && p->ssrc != 0 && s->ssrc != p->ssrc) ||
          s->packets < p->packets || s->bytes < p->bytes;
  jump = !reset && ((double) (s->packets - p->packets) > MAX_PPS * dt ||
                    (double) (s->bytes - p->bytes) * 8 > MAX_BPS * dt);

  if (reset)
    {
      /* a new stream (new SSRC, or counters restarted): its counters count from zero */
      tr->tot_packets += s->packets;
      tr->tot_bytes += s->bytes;
      if (s->has_packets_lost && s->packets_lost > 0)
        tr->tot_lost += s->packets_lost;
      if (s->total_freeze_ms > 0)
        tr->tot_freeze_ms += s->total_freeze_ms;
      if (s->bytes > 0)
        tr->last_media_t = s->t;
      tr->frames_started = s->frames_rendered > 0 || s->frames_decoded > 0;
    }
  else if (jump)
    {
      /* an absurd jump: the interval is dropped, the new values become the baseline */
      tr->last_media_t = s->t;
    }
  else
    {
      double lost_d, expected;

      tr->d_packets = s->packets - p->packets;
      tr->d_bytes = s->bytes - p->bytes;
      tr->tot_packets += tr->d_packets;
      tr->tot_bytes += tr->d_bytes;

      if (s->has_packets_lost && p->has_packets_lost)
        {
          dl = s->packets_lost - p->packets_lost;
          if ((double) ABS (dl) > MAX_PPS * dt)
            dl = 0;
          tr->tot_lost = MAX (tr->tot_lost + dl, 0);
        }
      else if (s->has_packets_lost)
        tr->tot_lost = MAX (s->packets_lost, 0);
      tr->d_lost = dl > 0 ? (guint64) dl : 0;

      if (s->decode_errors >= p->decode_errors)
        tr->d_decode_errors = s->decode_errors - p->decode_errors;
      if (s->frames_encoded >= p->frames_encoded)
        tr->d_encoded = s->frames_encoded - p->frames_encoded;
      if (s->frames_captured >= p->frames_captured)
        tr->d_captured = s->frames_captured - p->frames_captured;
      if (s->frames_decoded >= p->frames_decoded)
        tr->decode_fps = (double) (s->frames_decoded - p->frames_decoded) / dt;
      if (s->frames_rendered >= p->frames_rendered)
        tr->render_fps = (double) (s->frames_rendered - p->frames_rendered) / dt;

      use_rendered = s->frames_rendered > 0 || p->frames_rendered > 0;
      if (frames_of (s, use_rendered) >= frames_of (p, use_rendered))
        tr->d_frames = frames_of (s, use_rendered) - frames_of (p, use_rendered);

      /* freezes: the source's own count (Agora's 500 ms rule) when it has one,
       * else a whole interval without a rendered frame counts as frozen */
      if (inbound && video)
        {
          if (s->total_freeze_ms >= 0)
            {
              if (p->total_freeze_ms >= 0 && s->total_freeze_ms >= p->total_freeze_ms)
                tr->d_freeze_ms = MIN (s->total_freeze_ms - p->total_freeze_ms, dt * 1000);
            }
          else if (s->has_frames && tr->frames_started && tr->d_frames == 0 && dt >= FREEZE_GAP_S)
            tr->d_freeze_ms = dt * 1000;
          tr->tot_freeze_ms += tr->d_freeze_ms;
          tr->frozen = tr->d_freeze_ms > 0;
        }
      else if (s->total_freeze_ms >= 0 && p->total_freeze_ms >= 0 && s->total_freeze_ms >= p->total_freeze_ms)
        {
          tr->d_freeze_ms = MIN (s->total_freeze_ms - p->total_freeze_ms, dt * 1000);
          tr->tot_freeze_ms += tr->d_freeze_ms;
        }
      if (s->frames_rendered > 0 || s->frames_decoded > 0)
        tr->frames_started = TRUE;

      tr->bitrate = (double) tr->d_bytes * 8 / dt;
      tr->send_fps = (double) tr->d_encoded / dt;
      tr->capture_fps = (double) tr->d_captured / dt;

      if (inbound)
        {
          expected = (double) (tr->d_packets + tr->d_lost);
          lost_d = (double) tr->d_lost;
        }
      else
        {
          expected = (double) tr->d_packets;
          if (s->has_packets_lost && p->has_packets_lost)
            lost_d = MIN ((double) tr->d_lost, expected);
          else if (s->fraction_lost >= 0)
            lost_d = s->fraction_lost * expected;
          else
            lost_d = 0;
        }
      if (!inbound && s->fraction_lost >= 0)
        tr->cur_loss_pct = MIN (s->fraction_lost, 1.0) * 100;
      else
        tr->cur_loss_pct = expected > 0 ? lost_d / expected * 100 : 0;

      if (tr->d_bytes > 0)
        {
          /* media resumes after an outage: the loss of the outage is not counted
           * again as packet loss in the scoring window */
          if (gap_before >= media_stopped_s)
            tr->w_len = 0;
          else
            window_push (tr, lost_d, expected, dt, tr->d_freeze_ms, (double) (video ? (inbound ? tr->d_frames : tr->d_encoded) : 0));
          tr->last_media_t = s->t;
        }
      else
        window_push (tr, 0, 0, dt, tr->d_freeze_ms, 0);
      if (inbound && tr->d_decode_errors > 0)
        tr->undecodable = video ? tr->d_frames == 0 : tr->d_decode_errors >= tr->d_packets;
      tr->interval_valid = TRUE;
      tr->n_intervals++;
    }

  cs_stats_sample_free (tr->last);
  tr->last = cs_stats_sample_copy (s);
}

