/* cs-codec-name.h — the name a person reads for an RTP encoding name
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "H264" -> "H.264", "opus"/"OPUS" -> "Opus", "VP8" -> "VP8", "AV1X"/"AV1" -> "AV1", "PCMU" ->
 * "G.711 µ-law"…; an unknown name is returned as it is (a codec's own name is not translated);
 * NULL or "" -> NULL. The result lives as long as @encoding (or is static). */
const char *cs_codec_display_name (const char *encoding);

G_END_DECLS
