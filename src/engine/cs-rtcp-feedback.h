/* cs-rtcp-feedback.h — RTCP feedback (NACK) sent in time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * rtpsession follows RFC 4585's early-feedback rule: after one early packet the next waits
 * a whole regular interval T_rr, derived from the RTCP bandwidth (by default 5 % of the
 * session's). At a few hundred kbit/s that held NACKs back ~145 ms, past the jitter
 * buffer's deadline. An absolute RTCP bandwidth of 40 kbit/s lets them go in time, and
 * regular reports every second (rtcp-min-interval) let a server learn the round-trip time
 * soon after the call starts.
 */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

/* Sets rtcp-fraction to an absolute 40000 bit/s and rtcp-min-interval to 1 s on every RTP
 * session @webrtcbin makes.
 * Call once, before negotiation. */
void cs_rtcp_feedback_tune (GstElement *webrtcbin);

G_END_DECLS
