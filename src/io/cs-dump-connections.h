/* cs-dump-connections.h — a browser's dump as the connection view shows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * docs/import.md ("The connection view"): per peer connection of the dump, its candidate
 * pairs (from the "candidate-pair" objects and the "local-candidate"/"remote-candidate"
 * objects they name, at their last point), the pair its transport selected over time, and
 * the descriptions of its log's setLocalDescription/setRemoteDescription calls.
 */
#pragma once

#include "cs-connection-info.h"
#include "cs-dump.h"

G_BEGIN_DECLS

/* (transfer full) GPtrArray of CsConnectionInfo*, one per connection of @dump that has a
 * candidate pair, a transport or a description, in file order; times are seconds from
 * @start_ms (ms since the epoch: the call's start, as cs_dump_import() counts it). The
 * remote user of connection "3-1" is "3-1", as in the import. */
GPtrArray *cs_dump_connections (CsDump *dump, double start_ms);

G_END_DECLS
