/* cs-whip-call.h — publish local media to a WHIP endpoint (RFC 9725)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Test media (or the camera) sent through the signalling of cs-whip-session.h; the
 * endpoint is the user "server".
 */
#pragma once

#include "cs-whip-session.h"

G_BEGIN_DECLS

#define CS_TYPE_WHIP_CALL (cs_whip_call_get_type ())
G_DECLARE_FINAL_TYPE (CsWhipCall, cs_whip_call, CS, WHIP_CALL, CsWhipSession)

CsWhipCall *cs_whip_call_new (const CsCallConfig *config, GError **error);

G_END_DECLS
