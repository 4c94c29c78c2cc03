/* cs-stats-model.h — the single source of truth of a call's quality
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GListModel of CsParticipant. Live calls, replayed recordings and imported dumps
 * all come in through cs_stats_model_ingest() + cs_stats_model_commit(): the engine
 * ingests every sample of one poll (all with the same t), then commits t; the model
 * then computes scores, derived stats and exceptions for that second and emits its
 * signals. The same samples in give the same outputs, bit for bit.
 *
 * The Agora-shaped getters answer only while a call is joined (between
 * cs_stats_model_join() and cs_stats_model_leave()); otherwise they return FALSE / an
 * empty table and the "state" property says why.
 */
#pragma once

#include <gio/gio.h>

#include "cs-agora-stats.h"
#include "cs-exception-event.h"
#include "cs-participant.h"
#include "cs-quality-score.h"
#include "cs-stats-sample.h"

G_BEGIN_DECLS

typedef enum
{
  CS_CALL_STATE_IDLE,    /* no call yet */
  CS_CALL_STATE_JOINED,
  CS_CALL_STATE_LEFT,    /* the call ended; the last values stay readable through the participants */
} CsCallState;

/* Thresholds of the exception detector (defaults in docs/quality-score.md; the app loads them from GSettings). */
typedef struct
{
  double capture_fps_min;        /* 1001: default 10 fps */
  double send_fps_min;           /* 1002: default 10 fps */
  double send_video_kbps_min;    /* 1003: default 50 kbps */
  double audio_input_level_min;  /* 2001: default 100 (of 32767) */
  double audio_output_level_min; /* 2002: default 100 */
  double send_audio_kbps_min;    /* 2003: default 6 kbps */
  guint  poor_quality_score;     /* 5001/5002: raised at this score or worse, default 4 */
  double media_stopped_s;        /* 5004 and score 6: no media for this long, default 3 s */
  guint  window;                 /* hysteresis window, default 5 samples */
  guint  raise_count;            /* raise when this many of the last @window are bad, default 3 */
} CsThresholds;

void cs_thresholds_init_defaults (CsThresholds *thresholds);

#define CS_TYPE_STATS_MODEL (cs_stats_model_get_type ())
G_DECLARE_FINAL_TYPE (CsStatsModel, cs_stats_model, CS, STATS_MODEL, GObject)

/* Signals (emitted from cs_stats_model_commit(), on the thread that calls it: the main context):
 *   "network-quality" (const char *uid, guint uplink, guint downlink) — every committed second, per present user
 *   "exception"       (CsExceptionEvent *event) — raises and recoveries; also notices, from cs_stats_model_add_notice()
 *   "user-joined"     (CsParticipant *participant)
 *   "user-left"       (CsParticipant *participant)
 *   "committed"       (double t) — after all the above for one second, for views that redraw once
 *   "sample-ingested" (const CsStatsSample *sample) — every accepted sample, as received (the recorder's "sample" lines)
 * Properties: "state" (CsCallState), "local-uid" (string), "duration" (double s), "history" (uint, points kept). */

CsStatsModel  *cs_stats_model_new                 (void);
void           cs_stats_model_set_thresholds      (CsStatsModel *self, const CsThresholds *thresholds);
void           cs_stats_model_get_thresholds      (CsStatsModel *self, CsThresholds *out);
/* Points kept per series (default 86400 = 24 h at 1 Hz); set before joining. */
void           cs_stats_model_set_history         (CsStatsModel *self, guint points);
guint          cs_stats_model_get_history         (CsStatsModel *self);

/* Starts a call: clears everything, state becomes JOINED. @local_uid is usually "local". */
void           cs_stats_model_join                (CsStatsModel *self, const char *local_uid);
/* Ends the call (state LEFT); raised exceptions stay open in the log. */
void           cs_stats_model_leave               (CsStatsModel *self);
CsCallState    cs_stats_model_get_state           (CsStatsModel *self);
const char    *cs_stats_model_get_local_uid       (CsStatsModel *self);
double         cs_stats_model_get_duration        (CsStatsModel *self);

/* Whether the call's server is lost now: the last connection sample between the local user
 * and "server" that was committed said disconnected, failed or closed, or connecting after
 * one of those (docs/metrics.md's callscope_call_up). FALSE when not joined, or when no such
 * sample came (the lab). */
gboolean       cs_stats_model_get_server_lost     (CsStatsModel *self);

/* Buffers one sample (copied). Ignored (returns FALSE) unless joined, or when @sample->t
 * is earlier than the last committed second. */
gboolean       cs_stats_model_ingest              (CsStatsModel *self, const CsStatsSample *sample);
/* Evaluates everything ingested up to time @t and emits the signals. */
void           cs_stats_model_commit              (CsStatsModel *self, double t);

/* (transfer none) the participant with @uid, or NULL */
CsParticipant *cs_stats_model_lookup              (CsStatsModel *self, const char *uid);

/* The Agora-shaped surface. Each returns FALSE (and zeroes @out) when not joined or unknown. */
/* client.on("network-quality"): the local user's quality */
gboolean       cs_stats_model_get_network_quality        (CsStatsModel *self, CsNetworkQuality *out);
/* client.getRemoteNetworkQuality(): (transfer full) uid -> CsNetworkQuality*, empty when not joined */
GHashTable    *cs_stats_model_get_remote_network_quality (CsStatsModel *self);
gboolean       cs_stats_model_get_remote_network_quality_for (CsStatsModel *self, const char *uid, CsNetworkQuality *out);
gboolean       cs_stats_model_get_rtc_stats              (CsStatsModel *self, CsRtcStats *out);
/* Whether the call has had media: bytes sent or received (what every "first media" counts from:
 * the media clock of a scenario, --make-scenario, --compare, a headless --duration) */
gboolean       cs_stats_model_get_has_media              (CsStatsModel *self);
gboolean       cs_stats_model_get_local_audio_stats      (CsStatsModel *self, CsLocalAudioTrackStats *out);
gboolean       cs_stats_model_get_local_video_stats      (CsStatsModel *self, CsLocalVideoTrackStats *out);
/* (transfer full) uid -> CsRemoteAudioTrackStats* / CsRemoteVideoTrackStats*, empty when not joined */
GHashTable    *cs_stats_model_get_remote_audio_stats     (CsStatsModel *self);
GHashTable    *cs_stats_model_get_remote_video_stats     (CsStatsModel *self);
gboolean       cs_stats_model_get_remote_audio_stats_for (CsStatsModel *self, const char *uid, CsRemoteAudioTrackStats *out);
gboolean       cs_stats_model_get_remote_video_stats_for (CsStatsModel *self, const char *uid, CsRemoteVideoTrackStats *out);
/* The same for a user who may have left the call: its streams' last values */
gboolean       cs_stats_model_get_last_remote_video_stats (CsStatsModel *self, const char *uid, CsRemoteVideoTrackStats *out);
gboolean       cs_stats_model_get_last_remote_audio_stats (CsStatsModel *self, const char *uid, CsRemoteAudioTrackStats *out);

/* Logs a notice that no sample shows (CS_EXCEPTION_RECORDING_FAILED) for the local user at
 * the current time (cs_stats_model_get_duration()), with @value (or CS_UNKNOWN), and emits
 * "exception" for it. Ignored before a call (state IDLE). Like every event it is cleared by
 * the next cs_stats_model_join(). */
void           cs_stats_model_add_notice              (CsStatsModel *self, guint code, double value);

/* The metrics that scored @uid's @link in the last committed second, after the split between
 * uplinks and downlinks (docs/quality-score.md §5.1); negative values are unknown. FALSE (and
 * @out initialised as unknown) for an unknown user. */
gboolean       cs_stats_model_get_link_metrics        (CsStatsModel *self, const char *uid, CsLink link,
                                                       CsLinkMetrics *out);

/* Every exception and recovery so far, in order: (transfer none) GPtrArray of CsExceptionEvent*. */
GPtrArray     *cs_stats_model_get_events              (CsStatsModel *self);

G_END_DECLS
