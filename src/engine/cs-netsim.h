/* cs-netsim.h — impaired links: netsim elements in webrtcbin's transports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One place for how a link is impaired, in the lab (every user's uplink and downlink, on
 * each receive transport) and in real calls (the local last mile, --impair): netsim's
 * settings for a link, the insertion of a netsim after a pad, and the transports' ICE
 * elements it goes next to.
 */
#pragma once

#include <gst/gst.h>

#include "cs-impairment.h"

G_BEGIN_DECLS

/* Sets netsim's properties for one direction of a link (@link: CS_N_LINK_KEYS values). */
void        cs_netsim_configure          (GstElement *netsim, const double *link);

/* What a netsim's src pad does to each packet that leaves it */
typedef enum
{
  CS_NETSIM_EXIT_NONE,    /* nothing: the caller adds its own probe (it must copy the buffer) */
  CS_NETSIM_EXIT_COPY,    /* a private copy (netsim hands out buffers later elements write to) */
  CS_NETSIM_EXIT_RESTAMP, /* a copy stamped with the time it leaves, so a jitter buffer sees the delay */
} CsNetsimExit;

/* Puts a new netsim between @src (a src pad) and its peer, inside @bin, configured with
 * @link (nullable: left as netsim's defaults) and in @bin's state. Returns: (transfer none)
 * (nullable) the netsim, NULL when @src has no peer or netsim is missing. */
GstElement *cs_netsim_insert             (GstBin *bin, GstPad *src, const double *link, CsNetsimExit exit);

/* The ICE element of one of webrtcbin's transport bins: (transfer full) the nicesrc of a
 * receive transport (@receive TRUE) or the nicesink of a send transport; NULL for any other
 * element. For webrtcbin's element-added, as its transport bins arrive whole (1.22). */
GstElement *cs_netsim_transport_ice_element (GstElement *transport, gboolean *receive);

/* Impairs every transport @webrtc creates: netsim after nicesrc (the downlink, restamped so
 * delays count) and before nicesink (the uplink), so RTP, RTCP and DTLS all cross it.
 * Nothing when @impairment sets no link value. */
void        cs_netsim_impair_webrtcbin   (GstElement *webrtc, const CsImpairment *impairment);

G_END_DECLS
