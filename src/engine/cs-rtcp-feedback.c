/* cs-rtcp-feedback.c — RTCP feedback (NACK) sent in time (see cs-rtcp-feedback.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "cs-rtcp-feedback.h"

/* bit/s: rtpsession reads a value above 1 as an absolute RTCP bandwidth */
#define CS_RTCP_BANDWIDTH 40000.0
/* with AVPF, rtpsession spaces regular reports 0.5–1.5 × this (default 5 s): a server that
 * learns the round-trip time from them (Janus sizes its retransmission buffer on it) then
 * waits up to 10 s for the first; Chromium reports every second */
#define CS_RTCP_MIN_INTERVAL GST_SECOND

static void
on_deep_element_added (GstBin *bin, GstBin *sub_bin, GstElement *element, gpointer user_data)
{
  if (strcmp (G_OBJECT_TYPE_NAME (element), "GstRtpSession") == 0)
    g_object_set (element, "rtcp-fraction", CS_RTCP_BANDWIDTH,
                  "rtcp-min-interval", (guint64) CS_RTCP_MIN_INTERVAL, NULL);
}

void
cs_rtcp_feedback_tune (GstElement *webrtcbin)
{
  g_signal_connect (webrtcbin, "deep-element-added", G_CALLBACK (on_deep_element_added), NULL);
}
