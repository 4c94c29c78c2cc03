/* cs-codec-choice.h — how a received RTP stream is decoded, chosen by what is installed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A browser may send VP8, VP9, H.264 or AV1 video and Opus, G.711 or G.722 audio. For each
 * encoding name a table lists the depayloader, the parser and the decoders that can take it,
 * in order of preference (H.264: avdec_h264 from gstreamer1.0-libav, else openh264dec; AV1:
 * dav1ddec, else av1dec); the first whose elements are all installed (gst_element_factory_find)
 * is chosen at run time. No choice: the stream is undecodable here and the caller names it.
 */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

/* Tells whether the element factory @name is installed; the default asks the registry. */
typedef gboolean (*CsCodecHaveFunc) (const char *name);

/* (transfer full) (nullable) a gst_parse_bin_from_description() for a received stream of
 * @encoding ("VP8", "H264", "OPUS", … case-insensitive): video ends in "videoconvert
 * name=conv" (unlinked), audio in "fakesink name=asink" after S16LE; the decoder is named
 * "dec". NULL when no decoder of @encoding is installed. @decoder (out) (optional) the
 * decoder's factory name. @have: NULL for the registry. */
char *cs_codec_choice_receive_description (const char      *encoding,
                                           gboolean         video,
                                           CsCodecHaveFunc  have,
                                           char           **decoder);

G_END_DECLS
