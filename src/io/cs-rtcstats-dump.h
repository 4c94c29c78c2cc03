/* cs-rtcstats-dump.h — reads an RTCStats dump (rtcstats-server, Chrome's export) into a CsDump
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "cs-dump.h"

G_BEGIN_DECLS

/* The longest line read (a getStats line of a large call, an SDP): longer is an error. */
#define CS_RTCSTATS_MAX_LINE (64 * 1024 * 1024)

/**
 * cs_rtcstats_dump_read:
 * @stream: the dump, already decompressed: an RTCStats dump ("RTCStatsDump", then
 *   fileFormat 3) or a legacy rtcstats/Jitsi one (fileFormat 2 and before)
 * @cancellable: (nullable)
 * @error: CS_ERROR_INVALID_DUMP for a malformed file (the message names the line),
 *   CS_ERROR_UNSUPPORTED_VERSION for an unknown fileFormat, or the stream's error
 *
 * Reads @stream line by line (never whole). A last line cut short (no newline, not JSON)
 * is skipped with a warning in the dump's warnings.
 *
 * Returns: (transfer full) (nullable): the dump, or NULL with @error set
 */
CsDump *cs_rtcstats_dump_read (GInputStream  *stream,
                               GCancellable  *cancellable,
                               GError       **error);

G_END_DECLS
