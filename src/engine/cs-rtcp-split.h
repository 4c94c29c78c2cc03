/* cs-rtcp-split.h — one report block per RTCP compound packet, for servers that read one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * With max-bundle GStreamer reports on every stream of the session in one receiver report
 * (several report blocks in one RR). Janus 1.1.2 picks the stream of a compound packet from
 * its first report block and reads only that block, so the other streams (often the video)
 * never learn a round-trip time and Janus never keeps their packets to resend. Each
 * outgoing compound packet with more than one report block is sent instead as one compound
 * packet per block (report + SDES + the feedback for that stream), as Chromium does.
 *
 * Janus also places feedback by the first report block (for NACKs, by the NACK's media
 * SSRC; never for a PLI or FIR): rtpsession's early packets carry no block, so every FIR was
 * dropped and a lost frame froze the video until the publisher's next periodic keyframe.
 * Feedback about a stream without a block gets the last block sent about that stream
 * (its LSR and DLSR zeroed, so that no stale round-trip time is computed from it).
 */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

/* Splits every compound RTCP packet @webrtc sends, before SRTP (a probe on each of its
 * rtpbin's send_rtcp_src pads). Call once, before negotiation. */
void    cs_rtcp_split_attach     (GstElement *webrtc);

/* The pieces of one compound RTCP packet (@data, @size bytes): NULL when it needs no change
 * (one report block and its feedback, or a packet it does not understand), else (transfer
 * full) an array of GBytes, one compound packet each, in the order to send. @last_blocks
 * (nullable; SSRC → GBytes) keeps the last report block about each stream, from one packet
 * to the next. For tests. */
GPtrArray *cs_rtcp_split_compound (const guint8 *data, gsize size, GHashTable *last_blocks);

G_END_DECLS
