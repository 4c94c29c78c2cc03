/* cs-internals-dump.h — reads a chrome://webrtc-internals dump into a CsDump
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include <json-glib/json-glib.h>

#include "cs-dump.h"

G_BEGIN_DECLS

/* Reads the @length bytes of @data, the text of a webrtc_internals_dump.txt (already
 * decompressed; it need not end with a NUL). A dump with no peer connection is valid (a
 * CsDump with none). Returns NULL with CS_ERROR_INVALID_DUMP when @data is not such a dump;
 * what was tolerated (broken series, bounds reached) is in the dump's warnings.
 * Returns: (transfer full) (nullable) */
CsDump *cs_internals_dump_parse (const char *data,
                                 gsize       length,
                                 GError    **error);
/* "Chrome 138.0.7204.183" from UA-CH data as dumps hold it: a brand list, or an object with
 * "fullVersionList" or "brands" (also what Chrome's RTCStats export writes in its first
 * "create" line); NULL when it names no real browser. (transfer full) */
char   *cs_internals_browser_from_user_agent_data (JsonNode *node);

G_END_DECLS
