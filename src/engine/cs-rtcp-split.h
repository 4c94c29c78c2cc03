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
 */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

/* Splits every compound RTCP packet @webrtc sends, before SRTP (a probe on each of its
 * rtpbin's send_rtcp_src pads). Call once, before negotiation. */
void    cs_rtcp_split_attach     (GstElement *webrtc);

/* The pieces of one compound RTCP packet (@data, @size bytes): NULL when it needs no split
 * (at most one report block, or a packet it does not understand), else (transfer full) an
 * array of GBytes, one compound packet each, in the order to send. For tests. */
GPtrArray *cs_rtcp_split_compound (const guint8 *data, gsize size);

G_END_DECLS
