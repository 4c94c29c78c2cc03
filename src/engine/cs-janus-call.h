/* cs-janus-call.h — join a Janus VideoRoom (a room is a channel, a publisher a remote user)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Talks to Janus over its WebSocket API (ws:// or wss://, subprotocol "janus-protocol")
 * or, for http:// and https:// URLs, over its REST API with long polls. Creates a session,
 * keeps it alive, attaches the VideoRoom plugin, joins @room as a publisher (test media or
 * camera) or only to watch (--no-publish), and subscribes to every publisher with one
 * handle and one webrtcbin each, following joins, leaves and unpublishes. The local user
 * is "local"; a remote user's uid is its publisher id and its display name travels in
 * CONNECTION samples. See docs/real-calls.md.
 */
#pragma once

#include "cs-call-session.h"

G_BEGIN_DECLS

#define CS_TYPE_JANUS_CALL (cs_janus_call_get_type ())
G_DECLARE_FINAL_TYPE (CsJanusCall, cs_janus_call, CS, JANUS_CALL, CsCallSession)

/* Validates the URL (ws, wss, http, https) and the room: CS_ERROR_INVALID_OPTION. */
CsJanusCall *cs_janus_call_new             (const CsCallConfig *config, GError **error);
/* The number of publishers currently subscribed to. */
guint        cs_janus_call_get_n_remote    (CsJanusCall *self);
/* TRUE once the Janus session exists and the room was joined. */
gboolean     cs_janus_call_get_joined      (CsJanusCall *self);

G_END_DECLS
