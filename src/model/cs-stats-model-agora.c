/* cs-stats-model-agora.c — CsStatsModel's Agora surface: delays and statistics with Agora's names
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The getters of cs-stats-model.h that answer in Agora's types (getRTCStats,
 * getLocalAudioStats, getRemoteVideoStats…), filled on demand from the tracks the commit
 * keeps (cs-stats-model-private.h); docs/quality-score.md §4 and §7.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "cs-quality-score.h"
#include "cs-stats-model-private.h"

/* ------------------------------------------------------------------ derived track stats */

Track *
_cs_stats_model_track_get (CsStatsModel      *self,
           const char        *observer,
           const char        *peer,
           CsSampleKind       kind,
           CsSampleDirection  dir)
{
  g_autofree char *key = g_strdup_printf ("%s\x1f%s\x1f%d\x1f%d", observer, peer, kind, dir);

  return g_hash_table_lookup (self->track_index, key);
}


void
_cs_stats_model_track_delays (CsStatsModel *self,
              Track        *tr,
              Delays       *d)
{
  const CsStatsSample *s = tr->last;
  Track *sender_out = _cs_stats_model_track_get (self, tr->peer, tr->observer, tr->kind, CS_SAMPLE_DIRECTION_OUTBOUND);
  CsDelayInputs in = {
    .transport_ms = s->transport_delay_ms,
    .receive_ms = s->receive_delay_ms,
    .end2end_ms = s->end2end_delay_ms,
    .transport_measured = s->transport_delay_measured,
    .receive_measured = s->receive_delay_measured,
    .end2end_measured = s->end2end_delay_measured,
    /* the RTT only matters when the transport delay was not measured */
    .rtt_ms = s->transport_delay_ms < 0 ? _cs_stats_model_pair_rtt (self, tr->pair) : CS_UNKNOWN,
    .jitter_ms = s->jitter_ms,
    .encode_ms = sender_out != NULL ? sender_out->last->encode_delay_ms : CS_UNKNOWN,
  };

  cs_delays_estimate (&in, d);
}

double
_cs_stats_model_loss_rate (const Track *tr)
{
  double expected = (double) tr->tot_packets + (double) MAX (tr->tot_lost, 0);

  return expected > 0 ? (double) MAX (tr->tot_lost, 0) / expected * 100 : 0;
}

double
_cs_stats_model_track_duration (const Track *tr)
{
  return tr->last != NULL ? MAX (tr->last->t - tr->first_t, 0) : 0;
}

static void
codec_copy (char *dest, const CsStatsSample *s)
{
  g_strlcpy (dest, s->codec != NULL ? s->codec : "", 16);
}

static void
fill_remote_audio (CsStatsModel            *self,
                   Track                   *tr,
                   CsRemoteAudioTrackStats *o)
{
  Delays d;

  memset (o, 0, sizeof *o);
  _cs_stats_model_track_delays (self, tr, &d);
  codec_copy (o->codecType, tr->last);
  o->transportDelay = d.transport;
  o->receiveDelay = d.receive;
  o->end2EndDelay = d.e2e;
  o->transportDelayMeasured = d.transport_measured;
  o->receiveDelayMeasured = d.receive_measured;
  o->end2EndDelayMeasured = d.e2e_measured;
  o->receiveBitrate = tr->bitrate;
  o->receiveLevel = tr->last->audio_level;
  o->receiveBytes = tr->tot_bytes;
  o->receivePackets = tr->tot_packets;
  o->receivePacketsLost = (guint64) MAX (tr->tot_lost, 0);
  o->packetLossRate = _cs_stats_model_loss_rate (tr);
  o->currentPacketLossRate = tr->cur_loss_pct;
  o->totalDuration = _cs_stats_model_track_duration (tr);
  o->totalFreezeTime = tr->tot_freeze_ms / 1000;
  o->freezeRate = o->totalDuration > 0 ? MIN (o->totalFreezeTime / o->totalDuration * 100, 100) : 0;
  o->publishDuration = o->totalDuration;
  o->jitterMs = tr->last->jitter_ms;
}

static void
fill_remote_video (CsStatsModel            *self,
                   Track                   *tr,
                   CsRemoteVideoTrackStats *o)
{
  Delays d;

  memset (o, 0, sizeof *o);
  _cs_stats_model_track_delays (self, tr, &d);
  codec_copy (o->codecType, tr->last);
  o->transportDelay = d.transport;
  o->receiveDelay = d.receive;
  o->end2EndDelay = d.e2e;
  o->transportDelayMeasured = d.transport_measured;
  o->receiveDelayMeasured = d.receive_measured;
  o->end2EndDelayMeasured = d.e2e_measured;
  o->receiveBitrate = tr->bitrate;
  o->receiveBytes = tr->tot_bytes;
  o->decodeFrameRate = tr->decode_fps;
  o->receiveFrameRate = tr->decode_fps;
  o->renderFrameRate = tr->last->frames_rendered > 0 ? tr->render_fps : tr->decode_fps;
  o->receivePackets = tr->tot_packets;
  o->receivePacketsLost = (guint64) MAX (tr->tot_lost, 0);
  o->packetLossRate = _cs_stats_model_loss_rate (tr);
  o->currentPacketLossRate = tr->cur_loss_pct;
  o->receiveResolutionWidth = tr->last->width;
  o->receiveResolutionHeight = tr->last->height;
  o->totalDuration = _cs_stats_model_track_duration (tr);
  o->totalFreezeTime = tr->tot_freeze_ms / 1000;
  o->freezeRate = o->totalDuration > 0 ? MIN (o->totalFreezeTime / o->totalDuration * 100, 100) : 0;
  o->publishDuration = o->totalDuration;
  o->jitterMs = tr->last->jitter_ms;
}

/* The local user's outbound tracks of @kind, aggregated over every peer (in the lab's
 * star the local track is sent once per peer): sums of counters and bitrates, the
 * mean of RTT, jitter and loss, the highest frame rates. */
typedef struct
{
  guint   n;
  Track  *first;
  guint64 bytes, packets, lost;
  double  bitrate, target, rtt_sum, jitter_sum, loss_sum, level, send_fps, capture_fps, duration;
  guint   rtt_n, jitter_n;
} LocalAgg;

static void
local_aggregate (CsStatsModel *self,
                 CsSampleKind  kind,
                 LocalAgg     *a)
{
  memset (a, 0, sizeof *a);
  a->level = CS_UNKNOWN;
  a->target = CS_UNKNOWN;
  for (guint i = 0; i < self->tracks->len; i++)
    {
      Track *tr = g_ptr_array_index (self->tracks, i);
      User *peer;

      if (tr->kind != kind || tr->dir != CS_SAMPLE_DIRECTION_OUTBOUND || g_strcmp0 (tr->observer, self->local_uid) != 0)
        continue;
      peer = _cs_stats_model_user_lookup (self, tr->peer);
      if (peer != NULL && !_cs_stats_model_user_active (peer))
        continue;
      if (a->first == NULL)
        a->first = tr;
      a->n++;
      a->bytes += tr->tot_bytes;
      a->packets += tr->tot_packets;
      a->lost += (guint64) MAX (tr->tot_lost, 0);
      a->bitrate += tr->bitrate;
      if (tr->last->target_bitrate >= 0)
        a->target = MAX (a->target, 0) + tr->last->target_bitrate;
      if (tr->last->rtt_ms >= 0)
        {
          a->rtt_sum += tr->last->rtt_ms;
          a->rtt_n++;
        }
      if (tr->last->jitter_ms >= 0)
        {
          a->jitter_sum += tr->last->jitter_ms;
          a->jitter_n++;
        }
      a->loss_sum += tr->cur_loss_pct;
      if (tr->last->audio_level >= 0)
        a->level = MAX (a->level, tr->last->audio_level);
      a->send_fps = MAX (a->send_fps, tr->send_fps);
      a->capture_fps = MAX (a->capture_fps, tr->capture_fps);
      a->duration = MAX (a->duration, _cs_stats_model_track_duration (tr));
    }
}

/* ------------------------------------------------------------------ lookups and the Agora surface */

/**
 * cs_stats_model_lookup:
 * Returns: (transfer none) (nullable): the participant with @uid
 */
CsParticipant *
cs_stats_model_lookup (CsStatsModel *self,
                       const char   *uid)
{
  User *u;

  g_return_val_if_fail (CS_IS_STATS_MODEL (self), NULL);

  u = _cs_stats_model_user_lookup (self, uid);
  return u != NULL ? u->participant : NULL;
}

gboolean
_cs_stats_model_joined (CsStatsModel *self)
{
  return self->state == CS_CALL_STATE_JOINED;
}

gboolean
cs_stats_model_get_network_quality (CsStatsModel     *self,
                                    CsNetworkQuality *out)
{
  User *u;

  g_return_val_if_fail (CS_IS_STATS_MODEL (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  u = _cs_stats_model_user_lookup (self, self->local_uid);
  if (!_cs_stats_model_joined (self) || u == NULL || !self->committed_once)
    return FALSE;
  *out = u->quality;
  return TRUE;
}

gboolean
cs_stats_model_get_remote_network_quality_for (CsStatsModel     *self,
                                               const char       *uid,
                                               CsNetworkQuality *out)
{
  User *u;

  g_return_val_if_fail (CS_IS_STATS_MODEL (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  u = _cs_stats_model_user_lookup (self, uid);
  if (!_cs_stats_model_joined (self) || !_cs_stats_model_user_active (u) || g_strcmp0 (uid, self->local_uid) == 0 || !self->committed_once)
    return FALSE;
  *out = u->quality;
  return TRUE;
}

/**
 * cs_stats_model_get_remote_network_quality:
 * Returns: (transfer full): uid -> CsNetworkQuality* of every present remote user; empty when not joined
 */
GHashTable *
cs_stats_model_get_remote_network_quality (CsStatsModel *self)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_return_val_if_fail (CS_IS_STATS_MODEL (self), table);

  for (guint i = 0; _cs_stats_model_joined (self) && i < self->users->len; i++)
    {
      User *u = g_ptr_array_index (self->users, i);
      CsNetworkQuality q;

      if (cs_stats_model_get_remote_network_quality_for (self, u->uid, &q))
        g_hash_table_insert (table, g_strdup (u->uid), g_memdup2 (&q, sizeof q));
    }
  return table;
}

gboolean
cs_stats_model_get_rtc_stats (CsStatsModel *self,
                              CsRtcStats   *out)
{
  double rtt_sum = 0, bw = 0;
  guint rtt_n = 0, bw_n = 0;
  const char *bw_peer = NULL;
  double bw_peer_max = -1;

  g_return_val_if_fail (CS_IS_STATS_MODEL (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  if (!_cs_stats_model_joined (self))
    return FALSE;

  out->Duration = cs_stats_model_get_duration (self);
  out->RTT = CS_UNKNOWN;
  out->OutgoingAvailableBandwidth = CS_UNKNOWN;
  for (guint i = 0; i < self->tracks->len; i++)
    {
      Track *tr = g_ptr_array_index (self->tracks, i);
      User *peer = _cs_stats_model_user_lookup (self, tr->peer);

      if (g_strcmp0 (tr->observer, self->local_uid) != 0 || (peer != NULL && !_cs_stats_model_user_active (peer)))
        continue;
      if (tr->dir == CS_SAMPLE_DIRECTION_INBOUND)
        {
          out->RecvBitrate += tr->bitrate;
          out->RecvBytes += tr->tot_bytes;
        }
      else
        {
          out->SendBitrate += tr->bitrate;
          out->SendBytes += tr->tot_bytes;
          if (tr->last->rtt_ms >= 0)
            {
              rtt_sum += tr->last->rtt_ms;
              rtt_n++;
            }
          /* one estimate per peer connection (tracks are sorted by observer, peer) */
          if (bw_peer == NULL || g_strcmp0 (bw_peer, tr->peer) != 0)
            {
              if (bw_peer_max >= 0)
                {
                  bw += bw_peer_max;
                  bw_n++;
                }
              bw_peer = tr->peer;
              bw_peer_max = -1;
            }
          bw_peer_max = MAX (bw_peer_max, tr->last->available_outgoing_bitrate);
        }
    }
  if (bw_peer_max >= 0)
    {
      bw += bw_peer_max;
      bw_n++;
    }
  if (rtt_n > 0)
    out->RTT = rtt_sum / rtt_n;
  if (bw_n > 0)
    out->OutgoingAvailableBandwidth = bw / 1000;
  for (guint i = 0; i < self->users->len; i++)
    if (_cs_stats_model_user_active (g_ptr_array_index (self->users, i)))
      out->UserCount++;
  return TRUE;
}

gboolean
cs_stats_model_get_local_audio_stats (CsStatsModel           *self,
                                      CsLocalAudioTrackStats *out)
{
  LocalAgg a;

  g_return_val_if_fail (CS_IS_STATS_MODEL (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  if (!_cs_stats_model_joined (self))
    return FALSE;
  local_aggregate (self, CS_SAMPLE_KIND_AUDIO, &a);
  if (a.n == 0)
    return FALSE;
  codec_copy (out->codecType, a.first->last);
  out->sendVolumeLevel = a.level;
  out->sendBitrate = a.bitrate;
  out->sendBytes = a.bytes;
  out->sendPackets = a.packets;
  out->sendPacketsLost = a.lost;
  out->sendJitterMs = a.jitter_n > 0 ? a.jitter_sum / a.jitter_n : CS_UNKNOWN;
  out->sendRttMs = a.rtt_n > 0 ? a.rtt_sum / a.rtt_n : CS_UNKNOWN;
  out->currentPacketLossRate = a.loss_sum / a.n;
  return TRUE;
}

gboolean
cs_stats_model_get_local_video_stats (CsStatsModel           *self,
                                      CsLocalVideoTrackStats *out)
{
  LocalAgg a;
  const CsStatsSample *s;

  g_return_val_if_fail (CS_IS_STATS_MODEL (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  if (!_cs_stats_model_joined (self))
    return FALSE;
  local_aggregate (self, CS_SAMPLE_KIND_VIDEO, &a);
  if (a.n == 0)
    return FALSE;
  s = a.first->last;
  codec_copy (out->codecType, s);
  out->sendBytes = a.bytes;
  out->sendFrameRate = a.send_fps;
  out->captureFrameRate = a.capture_fps;
  out->sendPackets = a.packets;
  out->sendPacketsLost = a.lost;
  out->sendJitterMs = a.jitter_n > 0 ? a.jitter_sum / a.jitter_n : CS_UNKNOWN;
  out->sendRttMs = a.rtt_n > 0 ? a.rtt_sum / a.rtt_n : CS_UNKNOWN;
  out->sendResolutionWidth = s->width;
  out->sendResolutionHeight = s->height;
  out->captureResolutionWidth = s->capture_width;
  out->captureResolutionHeight = s->capture_height;
  out->encodeDelay = s->encode_delay_ms;
  out->sendBitrate = a.bitrate;
  out->targetSendBitrate = a.target;
  out->totalDuration = a.duration;
  out->totalFreezeTime = 0;
  out->currentPacketLossRate = a.loss_sum / a.n;
  return TRUE;
}

static Track *
remote_track_any (CsStatsModel *self,
                  const char   *uid,
                  CsSampleKind  kind,
                  gboolean      departed)
{
  Track *tr;
  User *u = uid != NULL ? _cs_stats_model_user_lookup (self, uid) : NULL;

  if (!_cs_stats_model_joined (self) || u == NULL || g_strcmp0 (uid, self->local_uid) == 0 ||
      (!departed && !_cs_stats_model_user_active (u)))
    return NULL;
  tr = _cs_stats_model_track_get (self, self->local_uid, uid, kind, CS_SAMPLE_DIRECTION_INBOUND);
  return tr != NULL && tr->last != NULL ? tr : NULL;
}

static Track *
remote_track (CsStatsModel *self,
              const char   *uid,
              CsSampleKind  kind)
{
  return remote_track_any (self, uid, kind, FALSE);
}

/* As cs_stats_model_get_remote_video_stats_for(), for a user who may have left: its track's
 * last values (what the end-of-call summary shows). */
gboolean
cs_stats_model_get_last_remote_video_stats (CsStatsModel            *self,
                                            const char              *uid,
                                            CsRemoteVideoTrackStats *out)
{
  Track *tr;

  g_return_val_if_fail (CS_IS_STATS_MODEL (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  memset (out, 0, sizeof *out);
  tr = remote_track_any (self, uid, CS_SAMPLE_KIND_VIDEO, TRUE);
  if (tr == NULL)
    return FALSE;
  fill_remote_video (self, tr, out);
  return TRUE;
}

gboolean
cs_stats_model_get_last_remote_audio_stats (CsStatsModel            *self,
                                            const char              *uid,
                                            CsRemoteAudioTrackStats *out)
{
  Track *tr;

  g_return_val_if_fail (CS_IS_STATS_MODEL (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  memset (out, 0, sizeof *out);
  tr = remote_track_any (self, uid, CS_SAMPLE_KIND_AUDIO, TRUE);
  if (tr == NULL)
    return FALSE;
  fill_remote_audio (self, tr, out);
  return TRUE;
}

gboolean
cs_stats_model_get_remote_audio_stats_for (CsStatsModel            *self,
                                           const char              *uid,
                                           CsRemoteAudioTrackStats *out)
{
  Track *tr;

  g_return_val_if_fail (CS_IS_STATS_MODEL (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  tr = remote_track (self, uid, CS_SAMPLE_KIND_AUDIO);
  if (tr == NULL)
    return FALSE;
  fill_remote_audio (self, tr, out);
  return TRUE;
}

gboolean
cs_stats_model_get_remote_video_stats_for (CsStatsModel            *self,
                                           const char              *uid,
                                           CsRemoteVideoTrackStats *out)
{
  Track *tr;

  g_return_val_if_fail (CS_IS_STATS_MODEL (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  tr = remote_track (self, uid, CS_SAMPLE_KIND_VIDEO);
  if (tr == NULL)
    return FALSE;
  fill_remote_video (self, tr, out);
  return TRUE;
}

/**
 * cs_stats_model_get_remote_audio_stats:
 * Returns: (transfer full): uid -> CsRemoteAudioTrackStats*; empty when not joined
 */
GHashTable *
cs_stats_model_get_remote_audio_stats (CsStatsModel *self)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_return_val_if_fail (CS_IS_STATS_MODEL (self), table);

  for (guint i = 0; _cs_stats_model_joined (self) && i < self->users->len; i++)
    {
      User *u = g_ptr_array_index (self->users, i);
      CsRemoteAudioTrackStats st;

      if (cs_stats_model_get_remote_audio_stats_for (self, u->uid, &st))
        g_hash_table_insert (table, g_strdup (u->uid), g_memdup2 (&st, sizeof st));
    }
  return table;
}

/**
 * cs_stats_model_get_remote_video_stats:
 * Returns: (transfer full): uid -> CsRemoteVideoTrackStats*; empty when not joined
 */
GHashTable *
cs_stats_model_get_remote_video_stats (CsStatsModel *self)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_return_val_if_fail (CS_IS_STATS_MODEL (self), table);

  for (guint i = 0; _cs_stats_model_joined (self) && i < self->users->len; i++)
    {
      User *u = g_ptr_array_index (self->users, i);
      CsRemoteVideoTrackStats st;

      if (cs_stats_model_get_remote_video_stats_for (self, u->uid, &st))
        g_hash_table_insert (table, g_strdup (u->uid), g_memdup2 (&st, sizeof st));
    }
  return table;
}


gboolean
cs_stats_model_get_has_media (CsStatsModel *self)
{
  CsRtcStats rtc;

  return cs_stats_model_get_rtc_stats (self, &rtc) && (rtc.RecvBytes > 0 || rtc.SendBytes > 0);
}
