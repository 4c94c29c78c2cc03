/* cs-whep-call.h — watch a WHEP endpoint: one remote user, uid "whep"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Receive-only VP8 and Opus through the signalling of cs-whip-session.h; what arrives is
 * decoded, measured and shown like any remote user's media.
 */
#pragma once

#include "cs-whip-session.h"

G_BEGIN_DECLS

#define CS_TYPE_WHEP_CALL (cs_whep_call_get_type ())
G_DECLARE_FINAL_TYPE (CsWhepCall, cs_whep_call, CS, WHEP_CALL, CsWhipSession)

CsWhepCall *cs_whep_call_new (const CsCallConfig *config, GError **error);

G_END_DECLS
