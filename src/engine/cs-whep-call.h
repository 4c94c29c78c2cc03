/* cs-whep-call.h — watch a WHEP endpoint: one remote user, uid "whep"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-whip-call.h"

G_BEGIN_DECLS

#define CS_TYPE_WHEP_CALL (cs_whep_call_get_type ())
G_DECLARE_FINAL_TYPE (CsWhepCall, cs_whep_call, CS, WHEP_CALL, CsWhipCall)

CsWhepCall *cs_whep_call_new (const CsCallConfig *config, GError **error);

G_END_DECLS
