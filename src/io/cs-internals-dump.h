/* cs-internals-dump.h — reads a chrome://webrtc-internals dump into a CsDump
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

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

G_END_DECLS
