/* cs-stats-model-participants.c — CsStatsModel's participants: each second's values and series
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Step 3 of a commit (cs-stats-model.c), after the links are scored: every present user's
 * CsParticipant gets its loss and jitter (what its links were given), RTT, bitrate, the
 * worst of its delays, its freeze state and its scores, and its time series one point more.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "cs-quality-score.h"
#include "cs-codec-name.h"
#include "cs-stats-model-private.h"

/* ------------------------------------------------------------------ commit: participants */

/* uid -> GPtrArray of the tracks whose peer it is, in key order: what a remote user's
 * steps look at, so that a commit is linear in the tracks, not users × tracks. */
GHashTable *
_cs_stats_model_tracks_by_peer (CsStatsModel *self)
{
  GHashTable *index = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);

  for (guint i = 0; i < self->tracks->len; i++)
    {
      Track *tr = g_ptr_array_index (self->tracks, i);
      GPtrArray *list = g_hash_table_lookup (index, tr->peer);

      if (list == NULL)
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (index, tr->peer, list);
        }
      g_ptr_array_add (list, tr);
    }
  return index;
}

/* The tracks whose peer is @uid (none: an empty array). */
GPtrArray *
_cs_stats_model_peer_tracks (GHashTable *by_peer,
             const char *uid,
             GPtrArray  *empty)
{
  GPtrArray *list = g_hash_table_lookup (by_peer, uid);

  return list != NULL ? list : empty;
}

void
_cs_stats_model_update_participant (CsStatsModel *self,
                    User         *u,
                    double        t,
                    GPtrArray    *tracks)
{
  CsParticipant *part = u->participant;
  gboolean is_local = cs_participant_get_is_local (part);
  double loss = CS_UNKNOWN, jitter = CS_UNKNOWN, rtt = CS_UNKNOWN, bitrate = CS_UNKNOWN;
  double rtt_sum = 0;
  guint rtt_n = 0;
  Delays worst = { CS_UNKNOWN, CS_UNKNOWN, CS_UNKNOWN, FALSE, FALSE, FALSE };
  gboolean frozen;
  guint n_receivers = 0, n_frozen = 0;
  const char *undecodable = NULL;

  /* loss and jitter: what is attributed to this user's links (what its score sees) */
  loss = MAX (u->up.v[M_LOSS], u->down.v[M_LOSS]);
  jitter = MAX (u->up.v[M_JITTER], u->down.v[M_JITTER]);

  /* @tracks: every track for the local user; for a remote user those whose peer it is,
   * the only ones that each test below can select (all of them compare tr->peer with u) */
  for (guint i = 0; i < tracks->len; i++)
    {
      Track *tr = g_ptr_array_index (tracks, i);
      gboolean local_in = tr->dir == CS_SAMPLE_DIRECTION_INBOUND && g_strcmp0 (tr->observer, self->local_uid) == 0;
      gboolean mine;

      /* video sent by this user and frozen: as the local user receives it; for the
       * local user's own video, frozen at every receiver (at least two), so that a
       * single receiver's downlink is not blamed on the sender */
      if (tr->dir == CS_SAMPLE_DIRECTION_INBOUND && tr->kind == CS_SAMPLE_KIND_VIDEO &&
          g_strcmp0 (tr->peer, u->uid) == 0 && tr->updated && tr->interval_valid &&
          _cs_stats_model_user_active (_cs_stats_model_user_lookup (self, tr->observer)) &&
          (is_local || g_strcmp0 (tr->observer, self->local_uid) == 0))
        {
          n_receivers++;
          n_frozen += tr->frozen ? 1 : 0;
        }

      /* delays and bitrate: media the local user receives from this user (local: all it receives; the worst) */
      /* a stream from this user that the local user cannot decode at all: named on its tile */
      if (local_in && !is_local && g_strcmp0 (tr->peer, u->uid) == 0 && tr->updated && tr->undecodable &&
          (undecodable == NULL || tr->kind == CS_SAMPLE_KIND_VIDEO))
        undecodable = cs_codec_display_name (tr->last->codec) != NULL ? cs_codec_display_name (tr->last->codec) : "";

      mine = local_in && (is_local ? _cs_stats_model_user_active (_cs_stats_model_user_lookup (self, tr->peer)) : g_strcmp0 (tr->peer, u->uid) == 0);
      if (mine && tr->last != NULL)
        {
          Delays d;

          _cs_stats_model_track_delays (self, tr, &d);
          /* prefer video's delays (the end-to-end path the user sees); take the worst */
          if (d.e2e > worst.e2e || (tr->kind == CS_SAMPLE_KIND_VIDEO && worst.e2e < 0))
            worst = d;
          if (!is_local)
            bitrate = MAX (bitrate, 0) + tr->bitrate / 1000;
        }
      /* RTT: the local user's connection with this user (local: the mean over its peers) */
      if (tr->dir == CS_SAMPLE_DIRECTION_OUTBOUND && tr->last->rtt_ms >= 0 &&
          ((is_local && g_strcmp0 (tr->observer, u->uid) == 0 && _cs_stats_model_user_active (_cs_stats_model_user_lookup (self, tr->peer)) ) ||
           (!is_local && g_strcmp0 (tr->observer, self->local_uid) == 0 && g_strcmp0 (tr->peer, u->uid) == 0)))
        {
          rtt_sum += tr->last->rtt_ms;
          rtt_n++;
        }
      if (is_local && tr->dir == CS_SAMPLE_DIRECTION_OUTBOUND && g_strcmp0 (tr->observer, u->uid) == 0)
        bitrate = MAX (bitrate, 0) + tr->bitrate / 1000;
    }
  frozen = is_local ? (n_receivers >= 2 && n_frozen == n_receivers) : n_frozen > 0;
  if (rtt_n > 0)
    rtt = rtt_sum / rtt_n;
  else if (!is_local)
    {
      g_autofree char *key = g_strdup_printf ("%s\x1f%s", u->uid, self->local_uid);
      Pair *p = g_hash_table_lookup (self->pair_index, key);

      if (p != NULL)
        rtt = _cs_stats_model_pair_rtt (self, p);
    }

  cs_participant_set_network_quality (part, &u->quality);
  cs_participant_set_metrics (part, loss, rtt, worst.e2e, jitter);
  cs_participant_set_video_frozen (part, frozen);
  cs_participant_set_media_stopped (part, u->quality.uplinkNetworkQuality == 6);
  cs_participant_set_undecodable_codec (part, undecodable);

  cs_time_series_append (cs_participant_get_series (part, CS_SERIES_UPLINK_QUALITY), t, u->quality.uplinkNetworkQuality);
  cs_time_series_append (cs_participant_get_series (part, CS_SERIES_DOWNLINK_QUALITY), t, u->quality.downlinkNetworkQuality);
  cs_time_series_append (cs_participant_get_series (part, CS_SERIES_END2END_DELAY), t, worst.e2e);
  cs_time_series_append (cs_participant_get_series (part, CS_SERIES_RECEIVE_DELAY), t, worst.receive);
  cs_time_series_append (cs_participant_get_series (part, CS_SERIES_TRANSPORT_DELAY), t, worst.transport);
  cs_time_series_append (cs_participant_get_series (part, CS_SERIES_LOSS), t, loss);
  cs_time_series_append (cs_participant_get_series (part, CS_SERIES_JITTER), t, jitter);
  cs_time_series_append (cs_participant_get_series (part, CS_SERIES_RTT), t, rtt);
  cs_time_series_append (cs_participant_get_series (part, CS_SERIES_BITRATE), t, bitrate);
  cs_time_series_append (cs_participant_get_series (part, CS_SERIES_DELAY_MEASURED), t, worst.transport_measured ? 1 : 0);
}


gboolean
cs_stats_model_get_server_lost (CsStatsModel *self)
{
  User *u;

  g_return_val_if_fail (CS_IS_STATS_MODEL (self), FALSE);
  if (self->state != CS_CALL_STATE_JOINED || self->local_uid == NULL)
    return FALSE;
  u = _cs_stats_model_user_lookup (self, self->local_uid);
  /* connecting again after a loss is still down */
  return u != NULL && u->conn_known &&
         (u->conn_state >= CS_CONNECTION_STATE_DISCONNECTED ||
          (u->conn_state == CS_CONNECTION_STATE_CONNECTING && u->server_lost_once));
}
