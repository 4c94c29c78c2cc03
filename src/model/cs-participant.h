/* cs-participant.h — one user of the call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "cs-agora-stats.h"
#include "cs-time-series.h"

G_BEGIN_DECLS

/* The series every participant keeps (one CsTimeSeries each, 1 point per second). */
typedef enum
{
  CS_SERIES_UPLINK_QUALITY,
  CS_SERIES_DOWNLINK_QUALITY,
  CS_SERIES_END2END_DELAY,     /* ms, video track received from this user (local: worst received) */
  CS_SERIES_RECEIVE_DELAY,     /* ms */
  CS_SERIES_TRANSPORT_DELAY,   /* ms */
  CS_SERIES_LOSS,              /* %, current packet loss of this user's received media */
  CS_SERIES_JITTER,            /* ms */
  CS_SERIES_RTT,               /* ms */
  CS_SERIES_BITRATE,           /* kbps, received from this user (local: sent) */
  CS_SERIES_DELAY_MEASURED,    /* 1 when the delays at that time were measured, 0 when estimated */
  CS_N_SERIES
} CsSeriesId;

#define CS_TYPE_PARTICIPANT (cs_participant_get_type ())
G_DECLARE_FINAL_TYPE (CsParticipant, cs_participant, CS, PARTICIPANT, GObject)

/* Properties (all read-only from outside, G_PARAM_EXPLICIT_NOTIFY, notified once per second when changed;
 * the scores and reasons together, and loss, rtt, end2end-delay and jitter together, once all are set):
 *   "uid" (string), "display-name" (string), "is-local" (boolean), "present" (boolean: FALSE after user-left),
 *   "uplink-quality" (uint 0..6), "downlink-quality" (uint 0..6),
 *   "uplink-reason" (string, translated sentence), "downlink-reason" (string),
 *   "loss" (double %), "rtt" (double ms), "end2end-delay" (double ms), "jitter" (double ms),
 *   "video-frozen" (boolean), "media-stopped" (boolean)
 */
const char   *cs_participant_get_uid              (CsParticipant *self);
const char   *cs_participant_get_display_name     (CsParticipant *self);
gboolean      cs_participant_get_is_local         (CsParticipant *self);
gboolean      cs_participant_get_present          (CsParticipant *self);
guint         cs_participant_get_uplink_quality   (CsParticipant *self);
guint         cs_participant_get_downlink_quality (CsParticipant *self);
const char   *cs_participant_get_uplink_reason    (CsParticipant *self);
const char   *cs_participant_get_downlink_reason  (CsParticipant *self);
void          cs_participant_get_network_quality  (CsParticipant *self, CsNetworkQuality *out);
double        cs_participant_get_loss             (CsParticipant *self);
double        cs_participant_get_rtt              (CsParticipant *self);
double        cs_participant_get_end2end_delay    (CsParticipant *self);
double        cs_participant_get_jitter           (CsParticipant *self);
gboolean      cs_participant_get_video_frozen     (CsParticipant *self);
gboolean      cs_participant_get_media_stopped    (CsParticipant *self);
const char   *cs_participant_get_undecodable_codec (CsParticipant *self);
double        cs_participant_get_left_at          (CsParticipant *self);
/* (transfer none) */
CsTimeSeries *cs_participant_get_series           (CsParticipant *self, CsSeriesId id);
const char   *cs_series_id_to_string              (CsSeriesId id);

G_END_DECLS
