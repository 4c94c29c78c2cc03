/* cs-stats-model-private.h — the model's state, shared by the files of CsStatsModel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CsStatsModel is one class in five files, by job: cs-stats-model.c (the call's life,
 * ingest and the commit of a second: tracks and pairs), cs-stats-model-links.c (each
 * stream's metrics, attribution and the links' scores), cs-stats-model-participants.c (each
 * user's values and series), cs-stats-model-exceptions.c (the exception rules the commit feeds to the detector) and
 * cs-stats-model-agora.c (the Agora surface: delays and the statistics with Agora's field
 * names, computed on demand from the tracks). The model's parts with no state of their own
 * are files of their own: cs-track.c (a stream's counters and windows), cs-link-attribution.c
 * (who is to blame), cs-quality-score.c (a link's score). Nothing outside src/model includes
 * this header.
 */
#pragma once

#include "cs-delays.h"
#include "cs-exception-detector.h"
#include "cs-link-attribution.h"
#include "cs-participant-private.h"
#include "cs-quality-score.h"
#include "cs-stats-model.h"
#include "cs-track.h"

G_BEGIN_DECLS

#define SERVER_UID     "server"   /* a media server's uid: never a participant */

typedef struct _CsPair Pair;
typedef CsTrack Track;
typedef struct _User User;


struct _CsPair
{
  char  *key;
  char  *sender;
  char  *receiver;
  Track *in[2];   /* receiver's inbound view, by kind (audio, video) */
  Track *out[2];  /* sender's outbound view */
};

enum {
  M_LOSS = CS_LINK_LOSS, M_JITTER = CS_LINK_JITTER, M_DELAY = CS_LINK_DELAY, M_FREEZE = CS_LINK_FREEZE,
  M_FPS = CS_LINK_FPS, M_STOP = CS_LINK_STOP, N_M = CS_LINK_N_METRICS
};

typedef struct
{
  double   v[N_M];
  char     peer[N_M][64];
  gboolean delay_from_rtt;
  guint    intervals;
} LinkAcc;

struct _User
{
  CsParticipant    *participant;
  char             *uid;
  gboolean          announced;   /* user-joined emitted */
  gboolean          conn_known;
  CsConnectionState conn_state;
  gboolean          server_lost_once; /* the local user: its server connection was lost once */
  guint             index;       /* in self->users (users stay until the next join) */
  LinkAcc           up, down;
  CsNetworkQuality  quality;
};

struct _CsStatsModel
{
  GObject              parent_instance;

  CsCallState          state;
  char                *local_uid;
  CsThresholds         thresholds;
  guint                history;
  double               last_commit_t;
  gboolean             committed_once;

  GPtrArray           *pending;   /* CsStatsSample*, in ingest order */
  GPtrArray           *tracks;    /* Track*, sorted by key */
  GHashTable          *track_index;
  GPtrArray           *pairs;     /* Pair*, sorted by key */
  GHashTable          *pair_index;
  GPtrArray           *users;     /* User*, in arrival order = the list model order */
  GHashTable          *user_index;
  GPtrArray           *events;    /* CsExceptionEvent* */
  CsExceptionDetector *detector;
};

typedef CsDelays Delays;

/* shared between the files of the model (main context, as the model) */
User    *_cs_stats_model_user_lookup    (CsStatsModel *self, const char *uid);
gboolean _cs_stats_model_user_active    (User *u);
gboolean _cs_stats_model_joined         (CsStatsModel *self);
/* the RTT of pair @p: the sender's RR-based one, else the receiver's view, else the reverse pair's */
double   _cs_stats_model_pair_rtt       (CsStatsModel *self, Pair *p);
Track   *_cs_stats_model_track_get      (CsStatsModel *self, const char *observer, const char *peer,
                                         CsSampleKind kind, CsSampleDirection dir);
/* the three delays of inbound track @tr: measured where the source measured them, else estimated */
void     _cs_stats_model_track_delays   (CsStatsModel *self, Track *tr, Delays *d);
double   _cs_stats_model_loss_rate      (const Track *tr);
double   _cs_stats_model_track_duration (const Track *tr);
/* splits the active streams' troubles between the users' links (u->up, u->down) */
void     _cs_stats_model_attribute      (CsStatsModel *self, double now);
/* the score and reason of a link from its shares */
void     _cs_stats_model_score_link     (CsStatsModel *self, const LinkAcc *acc, guint *score,
                                         CsQualityReason *reason);
/* (transfer full) uid -> GPtrArray of the tracks whose peer it is, in key order */
GHashTable *_cs_stats_model_tracks_by_peer (CsStatsModel *self);
/* updates @u's participant at @t from @tracks (every track for the local user, else those
 * whose peer @u is) and its links */
void     _cs_stats_model_update_participant (CsStatsModel *self, User *u, double t, GPtrArray *tracks);
/* the tracks whose peer is @uid, from the commit's index by peer (none: @empty) */
GPtrArray *_cs_stats_model_peer_tracks  (GHashTable *by_peer, const char *uid, GPtrArray *empty);
/* feeds the detector every rule's condition at @t; new events join self->events */
void     _cs_stats_model_detect         (CsStatsModel *self, double t, GHashTable *by_peer, GPtrArray *empty);

G_END_DECLS
