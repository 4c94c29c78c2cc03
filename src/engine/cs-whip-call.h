/* cs-whip-call.h — publish local media to a WHIP endpoint (RFC 9725)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Optional OPTIONS for ICE servers (Link headers), then one webrtcbin sends test media (or
 * the camera) after POSTing its offer, with every gathered candidate (no trickle); DELETE of
 * the Location resource on hang-up. The local user is "local", the endpoint "server".
 * CsWhepCall (cs-whep-call.h) is the same machinery in the other direction.
 */
#pragma once

#include "cs-call-session.h"

G_BEGIN_DECLS

#define CS_TYPE_WHIP_CALL (cs_whip_call_get_type ())
G_DECLARE_DERIVABLE_TYPE (CsWhipCall, cs_whip_call, CS, WHIP_CALL, CsCallSession)

/* the uid of the one remote user a WHEP watcher sees */
#define CS_WHEP_UID "whep"

struct _CsWhipCallClass
{
  CsCallSessionClass parent_class;
  gboolean watch; /* TRUE: receive only (WHEP) */
};

/* NULL and CS_ERROR_INVALID_OPTION for a URL that is not http(s). */
CsWhipCall *cs_whip_call_new          (const CsCallConfig *config, GError **error);
/* (nullable) the resource URL the endpoint created (Location) */
const char *cs_whip_call_get_location (CsWhipCall *self);
/* TRUE once the endpoint answered the offer */
gboolean    cs_whip_call_get_answered (CsWhipCall *self);

/* For CsWhepCall */
gboolean    cs_whip_call_configure    (CsWhipCall *self, const char *url, const CsCallConfig *config,
                                       GError **error);

G_END_DECLS
