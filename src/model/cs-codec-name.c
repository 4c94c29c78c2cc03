/* cs-codec-name.c — the name a person reads for an RTP encoding name
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-codec-name.h"

static const struct
{
  const char *encoding;
  const char *name;
} names[] = {
  { "H264", "H.264" },
  { "H265", "H.265" },
  { "VP8", "VP8" },
  { "VP9", "VP9" },
  { "AV1", "AV1" },
  { "AV1X", "AV1" },
  { "OPUS", "Opus" },
  { "PCMU", "G.711 µ-law" },
  { "PCMA", "G.711 A-law" },
  { "G722", "G.722" },
  { "AAC", "AAC" },
  { "MPEG4-GENERIC", "AAC" },
};

const char *
cs_codec_display_name (const char *encoding)
{
  if (encoding == NULL || *encoding == '\0')
    return NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (encoding, names[i].encoding) == 0)
      return names[i].name;
  return encoding;
}
