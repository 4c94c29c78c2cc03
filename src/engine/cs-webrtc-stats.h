/* cs-webrtc-stats.h — turns webrtcbin "get-stats" replies into CsStatsSample values
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One CsWebrtcStats per webrtcbin (per observer). It is plain conversion state: it
 * knows the observer's uid, which SSRC belongs to which peer and kind, and it turns a
 * get-stats reply (GstStructure "application/x-webrtc-stats") into samples keyed by
 * SSRC. It works with bundle-policy none and with max-bundle: with max-bundle the
 * "kind" and "codec-id" fields of 1.22.0 are unreliable, so map SSRCs yourself
 * (cs_webrtc_stats_map_pad() on every src pad and send pad), and packet loss is read
 * from the per-SSRC gst-rtpsource-stats. Spurious entries (an inbound entry for the
 * peer's RTCP-only SSRC, an outbound entry for our receive-only SSRC) are dropped.
 * A received stream that get-stats leaves out (after a sender timeout) is read from the
 * RTP session's sources: cs_webrtc_stats_convert_sources().
 *
 * Thread safety: every function may be called from any thread (a mutex guards the
 * map), so the promise callback of get-stats can convert on webrtcbin's thread.
 */
#pragma once

#include <gst/gst.h>

#include "cs-stats-sample.h"

G_BEGIN_DECLS

typedef struct _CsWebrtcStats CsWebrtcStats;

/**
 * CsWebrtcStatsAugmentFunc:
 * @sample: a converted sample (inbound or outbound media track) to complete with
 *   what the caller measures itself (frames, freezes, resolution, audio level,
 *   delays, target bitrate…). get-stats in 1.22 reports none of these.
 * Called from cs_webrtc_stats_convert(), on its thread.
 */
typedef void (*CsWebrtcStatsAugmentFunc) (CsStatsSample *sample, gpointer user_data);

/* @observer_uid: the endpoint whose webrtcbin this is ("local", "user-1", …).
 * @default_peer_uid: (nullable): peer of SSRCs that are not mapped (a webrtcbin with a
 * single peer, as in the lab); NULL drops unmapped SSRCs. */
CsWebrtcStats *cs_webrtc_stats_new          (const char *observer_uid,
                                             const char *default_peer_uid);
void           cs_webrtc_stats_free         (CsWebrtcStats *self);
const char    *cs_webrtc_stats_get_observer_uid (CsWebrtcStats *self);
/* (nullable) the peer of unmapped SSRCs given to cs_webrtc_stats_new() */
const char    *cs_webrtc_stats_get_default_peer_uid (CsWebrtcStats *self);

/* Maps @ssrc (sent or received) to @peer_uid and @kind (AUDIO or VIDEO). @codec (nullable) e.g. "VP8". */
void           cs_webrtc_stats_map_ssrc     (CsWebrtcStats *self,
                                             guint32       ssrc,
                                             const char   *peer_uid,
                                             CsSampleKind  kind,
                                             const char   *codec);
/* Reads "ssrc", "media" and "encoding-name" from @pad's current caps (an RTP pad of
 * webrtcbin, or the caps set on a send pad) and maps it. FALSE if the caps lack them. */
gboolean       cs_webrtc_stats_map_pad      (CsWebrtcStats *self,
                                             GstPad       *pad,
                                             const char   *peer_uid);
void           cs_webrtc_stats_unmap_ssrc   (CsWebrtcStats *self, guint32 ssrc);

/* Sets the function that completes each media sample. */
void           cs_webrtc_stats_set_augment_func (CsWebrtcStats           *self,
                                                 CsWebrtcStatsAugmentFunc func,
                                                 gpointer                 user_data,
                                                 GDestroyNotify           destroy);

/* Converts one get-stats reply into samples at time @t (seconds since the session start).
 * Returns: (transfer full) (element-type CsStatsSample): a new array, possibly empty,
 * ordered by direction, kind and SSRC so the same reply always gives the same order. */
GPtrArray     *cs_webrtc_stats_convert      (CsWebrtcStats      *self,
                                             const GstStructure *stats,
                                             double              t);

/* As cs_webrtc_stats_convert(), with the RTP session's own sources of the same webrtcbin
 * (@sources, from cs_webrtc_stats_read_sources(); nullable): a mapped SSRC that @stats
 * leaves out is read from its source. webrtcbin forgets a received SSRC after a 5 s
 * sender timeout and never takes it back (GStreamer 1.22 to 1.26), outages included. */
GPtrArray     *cs_webrtc_stats_convert_sources (CsWebrtcStats      *self,
                                                const GstStructure *stats,
                                                const GPtrArray    *sources,
                                                double              t);

#define CS_WEBRTC_STATS_MAX_SESSIONS 16

/* The "source-stats" of every RTP session of @webrtcbin's rtpbin, copied.
 * Returns: (transfer full) (element-type GstStructure): possibly empty. Any thread. */
GPtrArray     *cs_webrtc_stats_read_sources (GstElement *webrtcbin);

/* A connection sample from this observer about @peer_uid. (transfer full) */
CsStatsSample *cs_webrtc_stats_connection_sample (const char       *observer_uid,
                                                  const char       *peer_uid,
                                                  CsConnectionState state,
                                                  const char       *message,
                                                  double            t);

/* webrtcbin's "connection-state" (GstWebRTCPeerConnectionState as int) as a CsConnectionState. */
CsConnectionState cs_webrtc_stats_connection_state_from_gst (int gst_state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsWebrtcStats, cs_webrtc_stats_free)

G_END_DECLS
