/* cs-ice-config.h — ICE servers and the ICE agent's options, for every webrtcbin
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

/* Turns "stun:host:port", "stun://host:port", "turn:user:pass@host:port",
 * "turns://…" into webrtcbin's form ("stun://…", "turn://…"). NULL for anything else.
 * @is_turn: (out) (optional) TRUE for turn: and turns:. */
char       *cs_ice_config_server_to_gst  (const char *uri, gboolean *is_turn);
/* Sets every server of @servers (NULL-terminated, nullable) on @webrtc; returns how many
 * were refused (unknown schemes). */
guint       cs_ice_config_apply          (GstElement *webrtc, char **servers);
/* Turns libnice's UPnP IGD discovery off on @webrtc's ICE agent (before gathering). */
void        cs_ice_config_disable_upnp   (GstElement *webrtc);

G_END_DECLS
