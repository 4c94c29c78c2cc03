/* cs-lab-call.h — the loopback lab: real webrtcbin calls behind impaired networks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The local user and N simulated remote users (user-1 … user-N). Each pair
 * (local, user-k) is a real pair of webrtcbin peer connections in this process,
 * negotiated in process, connected over loopback ICE with DTLS-SRTP, carrying VP8
 * video and Opus audio both ways. Every user sits behind its own last mile (netsim
 * in each direction, inside webrtcbin's transport receive bins, so RTP, RTCP and
 * DTLS are all impaired). See docs/lab.md.
 */
#pragma once

#include "cs-call-session.h"
#include "cs-impairment.h"
#include "cs-scenario.h"
#include "cs-stats-poller.h"

G_BEGIN_DECLS

#define CS_TYPE_LAB_CALL (cs_lab_call_get_type ())
G_DECLARE_FINAL_TYPE (CsLabCall, cs_lab_call, CS, LAB_CALL, CsCallSession)

/* Validates @config (--impair values: CS_ERROR_INVALID_OPTION; the scenario:
 * CS_ERROR_INVALID_SCENARIO; a missing GStreamer element: CS_ERROR_MISSING_ELEMENT). */
CsLabCall     *cs_lab_call_new            (const CsCallConfig *config, GError **error);
guint          cs_lab_call_get_n_users    (CsLabCall *self);
/* (transfer none) (nullable) the scenario being played */
CsScenario    *cs_lab_call_get_scenario   (CsLabCall *self);
/* Applies @change to @uid's network and devices now (NULL: every remote user). Main context. */
gboolean       cs_lab_call_apply          (CsLabCall          *self,
                                           const char         *uid,
                                           const CsImpairment *change,
                                           GError            **error);
/* The current settings of @uid (every field set). FALSE for an unknown user. */
gboolean       cs_lab_call_get_impairment (CsLabCall    *self,
                                           const char   *uid,
                                           CsImpairment *out);
/* (transfer none) (nullable) the stats poller, while started */
CsStatsPoller *cs_lab_call_get_poller     (CsLabCall *self);
/* Seconds since the call started (the samples' t), 0 before. */
double         cs_lab_call_get_time       (CsLabCall *self);

/* It emits CsCallSession's "step" for every scenario step or impairment it applies. */

G_END_DECLS
