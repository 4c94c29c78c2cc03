/* cs-rtcp-feedback.h — loss repair as a browser's: NACK and PLI within milliseconds, NACKs only
 * for the gaps seen (a sender that slows down is not "lost")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

/* The RTCP bandwidth every RTP session of a tuned webrtcbin may use, in bits per second */
#define CS_RTCP_FEEDBACK_BPS 40000.0

void cs_rtcp_feedback_tune (GstElement *webrtcbin);

G_END_DECLS
