/* cs-stats-model-exceptions.c — CsStatsModel's exception rules: what raises and recovers each code
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each committed second, every rule of docs/quality-score.md §8 looks at a user's links,
 * tracks and participant and tells the detector (cs-exception-detector.c, which holds the
 * raise/recover hysteresis) whether its condition is bad now, with the value that crossed
 * the threshold. The events the detector returns join the model's event list.
 */
#include "config.h"

#include "cs-codec-name.h"
#include "cs-stats-model-private.h"

/* ------------------------------------------------------------------ commit: exceptions */

static void
observe_detail (CsStatsModel *self,
                double        t,
                guint         code,
                const char   *uid,
                gboolean      bad,
                double        value,
                const char   *detail)
{
  CsExceptionEvent *ev = cs_exception_detector_observe (self->detector, t, code, uid, bad, value);

  if (ev != NULL)
    {
      if (!ev->is_recovery && detail != NULL && *detail != '\0')
        ev->detail = g_strdup (detail);
      g_ptr_array_add (self->events, ev);
    }
}

static void
observe (CsStatsModel *self,
         double        t,
         guint         code,
         const char   *uid,
         gboolean      bad,
         double        value)
{
  observe_detail (self, t, code, uid, bad, value, NULL);
}

void
_cs_stats_model_detect (CsStatsModel *self,
                        double        t,
                        GHashTable   *by_peer,
                        GPtrArray    *empty)
{
  const CsThresholds *th = &self->thresholds;
  User *local = _cs_stats_model_user_lookup (self, self->local_uid);

  /* Agora's local-track exceptions: over every peer the local track is sent to, bad when the best is bad */
  if (_cs_stats_model_user_active (local))
    {
      double cap = -1, sent = -1, vkbps = -1, level = -1, akbps = -1;

      for (guint i = 0; i < self->tracks->len; i++)
        {
          Track *tr = g_ptr_array_index (self->tracks, i);

          if (tr->dir != CS_SAMPLE_DIRECTION_OUTBOUND || g_strcmp0 (tr->observer, self->local_uid) != 0 ||
              !tr->updated || !tr->interval_valid)
            continue;
          if (tr->kind == CS_SAMPLE_KIND_VIDEO)
            {
              if (tr->last->has_frames && tr->last->frames_captured > 0)
                cap = MAX (cap, tr->capture_fps);
              if (tr->last->has_frames)
                sent = MAX (sent, tr->send_fps);
              vkbps = MAX (vkbps, tr->bitrate / 1000);
            }
          else if (tr->kind == CS_SAMPLE_KIND_AUDIO)
            {
              if (tr->last->audio_level >= 0)
                level = MAX (level, tr->last->audio_level);
              akbps = MAX (akbps, tr->bitrate / 1000);
            }
        }
      if (cap >= 0)
        observe (self, t, CS_EXCEPTION_FRAMERATE_INPUT_TOO_LOW, local->uid, cap < th->capture_fps_min, cap);
      if (sent >= 0)
        observe (self, t, CS_EXCEPTION_FRAMERATE_SENT_TOO_LOW, local->uid, sent < th->send_fps_min, sent);
      if (vkbps >= 0)
        observe (self, t, CS_EXCEPTION_SEND_VIDEO_BITRATE_TOO_LOW, local->uid, vkbps < th->send_video_kbps_min, vkbps);
      if (level >= 0)
        observe (self, t, CS_EXCEPTION_AUDIO_INPUT_LEVEL_TOO_LOW, local->uid, level < th->audio_input_level_min, level);
      if (akbps >= 0)
        observe (self, t, CS_EXCEPTION_SEND_AUDIO_BITRATE_TOO_LOW, local->uid, akbps < th->send_audio_kbps_min, akbps);
    }

  /* Agora's remote-track exceptions: what the local user receives, per remote user */
  for (guint i = 0; i < self->tracks->len; i++)
    {
      Track *tr = g_ptr_array_index (self->tracks, i);

      if (tr->dir != CS_SAMPLE_DIRECTION_INBOUND || g_strcmp0 (tr->observer, self->local_uid) != 0 ||
          !tr->updated || !tr->interval_valid || !_cs_stats_model_user_active (_cs_stats_model_user_lookup (self, tr->peer)))
        continue;
      if (tr->kind == CS_SAMPLE_KIND_VIDEO)
        observe_detail (self, t, CS_EXCEPTION_RECV_VIDEO_DECODE_FAILED, tr->peer, tr->d_decode_errors > 0,
                        (double) tr->d_decode_errors, cs_codec_display_name (tr->last->codec));
      else if (tr->kind == CS_SAMPLE_KIND_AUDIO)
        {
          if (tr->last->audio_level >= 0)
            observe (self, t, CS_EXCEPTION_AUDIO_OUTPUT_LEVEL_TOO_LOW, tr->peer,
                     tr->last->audio_level < th->audio_output_level_min, tr->last->audio_level);
          observe_detail (self, t, CS_EXCEPTION_RECV_AUDIO_DECODE_FAILED, tr->peer, tr->d_decode_errors > 0,
                          (double) tr->d_decode_errors, cs_codec_display_name (tr->last->codec));
        }
    }

  /* Callscope's own, per user */
  for (guint i = 0; i < self->users->len; i++)
    {
      User *u = g_ptr_array_index (self->users, i);
      guint up = u->quality.uplinkNetworkQuality, down = u->quality.downlinkNetworkQuality;
      gboolean sends_video = FALSE;
      GPtrArray *tracks = _cs_stats_model_peer_tracks (by_peer, u->uid, empty);

      if (!_cs_stats_model_user_active (u))
        continue;
      if (up != 0)
        observe (self, t, CS_EXCEPTION_POOR_UPLINK, u->uid, up >= th->poor_quality_score, up);
      if (down != 0)
        observe (self, t, CS_EXCEPTION_POOR_DOWNLINK, u->uid, down >= th->poor_quality_score, down);
      for (guint k = 0; k < tracks->len && !sends_video; k++)
        {
          Track *tr = g_ptr_array_index (tracks, k);

          sends_video = tr->kind == CS_SAMPLE_KIND_VIDEO && tr->dir == CS_SAMPLE_DIRECTION_INBOUND &&
                        tr->updated && tr->interval_valid && g_strcmp0 (tr->peer, u->uid) == 0;
        }
      if (sends_video)
        observe (self, t, CS_EXCEPTION_VIDEO_FREEZE, u->uid, cs_participant_get_video_frozen (u->participant),
                 cs_participant_get_video_frozen (u->participant) ? 1 : 0);
      if (up != 0)
        observe (self, t, CS_EXCEPTION_MEDIA_STOPPED, u->uid, up == 6, MAX (u->up.v[M_STOP], 0));
      if (u->conn_known)
        observe (self, t, CS_EXCEPTION_CONNECTION_LOST, u->uid,
                 u->conn_state == CS_CONNECTION_STATE_DISCONNECTED || u->conn_state == CS_CONNECTION_STATE_FAILED,
                 u->conn_state);
    }
}

