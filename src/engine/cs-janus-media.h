/* cs-janus-media.h — media helpers shared by the Janus, WHIP and WHEP calls
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A send-only publisher (test media or camera → VP8 + Opus → webrtcbin), receive
 * chains for a remote track, and ICE servers from the command line.
 */
#pragma once

#include <gst/gst.h>
#include <gst/sdp/sdp.h>

#include "cs-call-session.h"
#include "cs-impairment.h"
#include "cs-media-meter.h"
#include "cs-webrtc-stats.h"

G_BEGIN_DECLS

/* Turns "stun:host:port", "stun://host:port", "turn:user:pass@host:port",
 * "turns://…" into webrtcbin's form ("stun://…", "turn://…"). NULL for anything else.
 * @is_turn: (out) (optional) TRUE for turn: and turns:. */
char       *cs_janus_media_ice_server_to_gst (const char *uri, gboolean *is_turn);
/* Sets every server of @servers (NULL-terminated, nullable) on @webrtc; returns how many
 * were refused (unknown schemes). */
guint       cs_janus_media_apply_ice_servers (GstElement *webrtc, char **servers);

/* A new webrtcbin for a real server: max-bundle, 127.0.0.1 added as a host candidate so a
 * loopback server works offline, and @servers applied. (transfer floating) */
GstElement *cs_janus_media_new_webrtcbin     (const char *name, char **servers);

/* Adds sources (test media, or camera and microphone with @use_camera) encoded as VP8 and
 * Opus to @pipeline and links them to send-only transceivers of @webrtc (already in
 * @pipeline); @meter (nullable) counts the frames captured and encoded. FALSE and CS_ERROR_MISSING_ELEMENT when an element is missing. */
gboolean    cs_janus_media_add_sender        (GstElement   *pipeline,
                                              GstElement   *webrtc,
                                              gboolean      use_camera,
                                              CsMediaMeter *meter,
                                              GError      **error);

/* pad-added helper: decodes the RTP src @pad of @webrtc (in @pipeline) into the session's
 * video sink for @uid (video) or a fakesink, maps its SSRC in @stats (nullable) and lets
 * @meter (nullable) watch the decoded media. Safe on a streaming thread. */
void        cs_janus_media_link_incoming     (CsCallSession *session,
                                              GstElement    *pipeline,
                                              GstPad        *pad,
                                              const char    *uid,
                                              CsWebrtcStats *stats,
                                              CsMediaMeter  *meter);

/* Maps the SSRCs of @webrtc's sink pads (what we send) to @peer_uid in @stats. */
void        cs_janus_media_map_send_pads     (GstElement    *webrtc,
                                              CsWebrtcStats *stats,
                                              const char    *peer_uid);

/* The local user's last mile in a real call: --impair values with no user or "local:".
 * FALSE and CS_ERROR_INVALID_OPTION for a malformed value or another user. */
gboolean    cs_janus_media_parse_local_impairment (char **impair, CsImpairment *out, GError **error);
/* Sets netsim's properties for one direction of a link (@link: CS_N_LINK_KEYS values). */
void        cs_janus_media_configure_netsim  (GstElement *netsim, const double *link);
/* Impairs every transport @webrtc creates: netsim after nicesrc (the downlink, restamped so
 * delays count) and before nicesink (the uplink), so RTP, RTCP and DTLS all cross it;
 * hooked on webrtcbin's element-added, as its transport bins arrive whole (1.22).
 * Nothing when @impairment sets no link value. */
void        cs_janus_media_impair            (GstElement *webrtc, const CsImpairment *impairment);

/* Turns libnice's UPnP IGD discovery off on @webrtc's ICE agent (before gathering). */
void        cs_janus_media_disable_upnp      (GstElement *webrtc);

/* Bounds a remote description before webrtcbin sees it (cs-net-limits.h): FALSE and
 * CS_ERROR_PROTOCOL when it has no m-line or more than CS_NET_MAX_SDP_MEDIAS. Its ICE
 * candidates beyond what the connection has left of CS_NET_MAX_REMOTE_CANDIDATES are
 * removed: @n_candidates (in: taken by the connection so far, out: now), @n_dropped
 * (out, optional): how many were removed. @what names the description in the error
 * ("The answer from URL"). */
gboolean    cs_janus_media_bound_remote_sdp  (GstSDPMessage *sdp,
                                              const char    *what,
                                              guint         *n_candidates,
                                              guint         *n_dropped,
                                              GError       **error);

/* A promise for webrtcbin's set-*-description: its reply (an error, when the operation
 * fails) is logged and freed with the promise. @what: a static string naming the operation.
 * Emit with it, then gst_promise_unref(). */
GstPromise *cs_janus_media_promise            (const char *what);

G_END_DECLS
