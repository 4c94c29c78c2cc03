/* cs-participant-private.h — what CsStatsModel changes on a participant
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-participant.h"

G_BEGIN_DECLS

CsParticipant *cs_participant_new                (const char *uid, gboolean is_local, guint history);
void           cs_participant_set_display_name   (CsParticipant *self, const char *name);
void           cs_participant_set_present        (CsParticipant *self, gboolean present);
void           cs_participant_set_network_quality (CsParticipant *self, const CsNetworkQuality *quality);
void           cs_participant_set_metrics        (CsParticipant *self, double loss, double rtt,
                                                  double end2end_delay, double jitter);
void           cs_participant_set_video_frozen   (CsParticipant *self, gboolean frozen);
void           cs_participant_set_media_stopped  (CsParticipant *self, gboolean stopped);
void           cs_participant_set_undecodable_codec (CsParticipant *self, const char *codec);
void           cs_participant_set_left_at        (CsParticipant *self, double t);

G_END_DECLS
