/* lab-sim.h — a deterministic simulation of the loopback lab's samples (tests and benchmark)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A star: the local user and N remote users, each pair (local, user-k) connected both
 * ways, each end reporting its outbound and inbound audio and video tracks, as the
 * engine does. Impairments per user: random loss on the user's link (both directions),
 * an outage (nothing delivered), and a one-way delay added on the local user's link.
 */
#pragma once

#include <math.h>
#include <string.h>

#include "cs-stats-model.h"

#define SIM_MAX_USERS 32

typedef struct
{
  guint64 sent, received, lost_seen, bytes_sent, bytes_received;
  guint64 frames_sent, frames_received;
  guint64 pending_lost; /* lost during an outage, seen when packets arrive again */
  double  freeze_ms;
  double  last_frame_t;
} SimStream;

typedef struct
{
  guint     n_users;
  double    loss[SIM_MAX_USERS + 1];        /* fraction, on user-k's link (index k, 1-based) */
  double    outage_from[SIM_MAX_USERS + 1]; /* outage on user-k's link in [from, to) */
  double    outage_to[SIM_MAX_USERS + 1];
  double    local_delay_ms;                 /* one-way delay added on the local link */
  double    local_loss;                     /* fraction, on the local link (every stream) */
  gboolean  freeze_known;                   /* the engine reports total_freeze_ms */
  GRand    *rand;
  /* [k][dir][kind]: dir 0 = local -> user-k, 1 = user-k -> local; kind 0 audio, 1 video */
  SimStream streams[SIM_MAX_USERS + 1][2][2];
} Sim;

static inline void
sim_init (Sim *sim, guint n_users, guint32 seed)
{
  memset (sim, 0, sizeof *sim);
  sim->n_users = MIN (n_users, SIM_MAX_USERS);
  sim->rand = g_rand_new_with_seed (seed);
  sim->freeze_known = TRUE;
}

static inline void
sim_clear (Sim *sim)
{
  g_rand_free (sim->rand);
}

static inline char *
sim_uid (guint k)
{
  return k == 0 ? g_strdup ("local") : g_strdup_printf ("user-%u", k);
}

static inline void
sim_emit (CsStatsModel *model, CsStatsSample *s)
{
  cs_stats_model_ingest (model, s);
}

/* Advances one second to @t and ingests every sample of that poll, then commits @t. */
static inline void
sim_step (Sim *sim, CsStatsModel *model, double t)
{
  for (guint k = 1; k <= sim->n_users; k++)
    {
      gboolean outage = t >= sim->outage_from[k] && t < sim->outage_to[k];
      double one_way = 2.0 + sim->local_delay_ms;

      for (guint dir = 0; dir < 2; dir++)
        for (guint kind = 0; kind < 2; kind++)
          {
            SimStream *st = &sim->streams[k][dir][kind];
            guint pps = kind == 0 ? 50 : 100;
            guint size = kind == 0 ? 120 : 1100;
            guint fps = 30;
            guint got = 0, lost = 0;
            g_autofree char *a = sim_uid (dir == 0 ? 0 : k);
            g_autofree char *b = sim_uid (dir == 0 ? k : 0);
            g_autoptr(CsStatsSample) out = cs_stats_sample_new ();
            g_autoptr(CsStatsSample) in = cs_stats_sample_new ();

            for (guint i = 0; i < pps; i++)
              {
                if (outage)
                  st->pending_lost++;
                else if (g_rand_double (sim->rand) < 1 - (1 - sim->loss[k]) * (1 - sim->local_loss))
                  lost++;
                else
                  got++;
              }
            st->sent += pps;
            st->bytes_sent += (guint64) pps * size;
            if (got > 0)
              {
                lost += st->pending_lost;
                st->pending_lost = 0;
              }
            st->received += got;
            st->bytes_received += (guint64) got * size;
            st->lost_seen += lost;
            if (kind == 1)
              {
                guint frames = (guint) lround ((double) fps * got / pps);

                st->frames_sent += fps;
                if (frames == 0 && st->frames_received > 0)
                  st->freeze_ms += 1000;
                st->frames_received += frames;
              }

            /* the sender's view */
            out->t = t;
            out->observer_uid = g_strdup (a);
            out->peer_uid = g_strdup (b);
            out->kind = kind == 0 ? CS_SAMPLE_KIND_AUDIO : CS_SAMPLE_KIND_VIDEO;
            out->direction = CS_SAMPLE_DIRECTION_OUTBOUND;
            out->ssrc = 1000 + k * 10 + dir * 2 + kind;
            out->codec = g_strdup (kind == 0 ? "opus" : "VP8");
            out->packets = st->sent;
            out->bytes = st->bytes_sent;
            out->packets_lost = (gint64) st->lost_seen;
            out->has_packets_lost = TRUE;
            out->fraction_lost = (got + lost) > 0 ? (double) lost / (got + lost) : 0;
            out->rtt_ms = 2 * one_way;
            out->jitter_ms = 1.0;
            out->available_outgoing_bitrate = 2e6;
            if (kind == 1)
              {
                out->has_frames = TRUE;
                out->frames_captured = st->frames_sent;
                out->frames_encoded = st->frames_sent;
                out->width = out->capture_width = 640;
                out->height = out->capture_height = 480;
                out->encode_delay_ms = 5;
              }
            else
              out->audio_level = 3000;
            sim_emit (model, out);

            /* the receiver's view */
            in->t = t;
            in->observer_uid = g_strdup (b);
            in->peer_uid = g_strdup (a);
            in->kind = out->kind;
            in->direction = CS_SAMPLE_DIRECTION_INBOUND;
            in->ssrc = out->ssrc;
            in->codec = g_strdup (out->codec);
            in->packets = st->received;
            in->bytes = st->bytes_received;
            in->packets_lost = (gint64) st->lost_seen;
            in->has_packets_lost = TRUE;
            in->jitter_ms = 1.0 + g_rand_double_range (sim->rand, 0, 1);
            in->transport_delay_ms = one_way;
            in->transport_delay_measured = TRUE;
            in->receive_delay_ms = one_way + 40;
            in->receive_delay_measured = TRUE;
            in->end2end_delay_ms = one_way + 60;
            in->end2end_delay_measured = TRUE;
            if (kind == 1)
              {
                in->has_frames = TRUE;
                in->frames_decoded = st->frames_received;
                in->frames_rendered = st->frames_received;
                in->total_freeze_ms = sim->freeze_known ? st->freeze_ms : CS_UNKNOWN;
                in->width = 640;
                in->height = 480;
              }
            else
              in->audio_level = 2500;
            sim_emit (model, in);
          }
    }
  cs_stats_model_commit (model, t);
}
