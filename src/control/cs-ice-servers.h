/* cs-ice-servers.h — the STUN/TURN servers setting ("ice-servers")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "cs-call-config.h"

G_BEGIN_DECLS

/* Whether @uri is a STUN or TURN URI: stun:, turn: or turns: (webrtcbin has no stuns:) and a host after it. */
gboolean cs_ice_server_uri_is_valid       (const char   *uri);
/* (transfer full) (nullable) the valid URIs of the "ice-servers" key of @settings, NULL when
 * @settings is NULL, its schema has no such key, or the list is empty. */
char   **cs_ice_servers_from_settings     (GSettings    *settings);
/* (transfer full) (nullable) the same from the application's installed schema, if any. */
char   **cs_ice_servers_get_default       (void);
/* Gives @config the servers of @settings when it names none itself. */
void     cs_ice_servers_fill_config       (CsCallConfig *config,
                                           GSettings    *settings);

G_END_DECLS
