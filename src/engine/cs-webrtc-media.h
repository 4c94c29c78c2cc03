/* cs-webrtc-media.h — the WebRTC media of a call with a real server (Janus, WHIP, WHEP)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A webrtcbin for a real server, a send-only publisher (test media or camera → VP8 + Opus →
 * webrtcbin), receive chains for a remote track, the bounds on a remote description and a
 * promise that logs its reply. ICE servers: cs-ice-config.h; impaired links: cs-netsim.h.
 * The lab builds its own senders and receivers (cs-lab-call.c): it measures inside them.
 */
#pragma once

#include <gst/gst.h>
#include <gst/sdp/sdp.h>

#include "cs-call-session.h"
#include "cs-media-meter.h"
#include "cs-sender-camera.h"
#include "cs-webrtc-stats.h"

G_BEGIN_DECLS

/* A new webrtcbin for a real server: max-bundle, 127.0.0.1 added as a host candidate so a
 * loopback server works offline, and @servers applied. (transfer floating) */
GstElement *cs_webrtc_media_new_webrtcbin     (const char *name, char **servers);

/* Adds sources (test media, or @camera (nullable) and the microphone) encoded as VP8 and
 * Opus to @pipeline and links them to send-only transceivers of @webrtc (already in
 * @pipeline); @camera takes its element (cs_sender_camera_attach()), the caller plays and
 * stops it; @meter (nullable) counts the frames captured and encoded. FALSE and
 * CS_ERROR_MISSING_ELEMENT when an element is missing. */
gboolean    cs_webrtc_media_add_sender        (GstElement     *pipeline,
                                              GstElement     *webrtc,
                                              CsSenderCamera *camera,
                                              CsMediaMeter   *meter,
                                              GError        **error);

/* pad-added helper: decodes the RTP src @pad of @webrtc (in @pipeline) into the session's
 * video sink for @uid (video) or a fakesink, maps its SSRC in @stats (nullable) and lets
 * @meter (nullable) watch the decoded media. Safe on a streaming thread. */
void        cs_webrtc_media_link_incoming     (CsCallSession *session,
                                              GstElement    *pipeline,
                                              GstPad        *pad,
                                              const char    *uid,
                                              CsWebrtcStats *stats,
                                              CsMediaMeter  *meter);

/* Maps the SSRCs of @webrtc's sink pads (what we send) to @peer_uid in @stats. */
void        cs_webrtc_media_map_send_pads     (GstElement    *webrtc,
                                              CsWebrtcStats *stats,
                                              const char    *peer_uid);

/* Bounds a remote description before webrtcbin sees it (cs-net-limits.h): FALSE and
 * CS_ERROR_PROTOCOL when it has no m-line or more than CS_NET_MAX_SDP_MEDIAS. Its ICE
 * candidates beyond what the connection has left of CS_NET_MAX_REMOTE_CANDIDATES are
 * removed: @n_candidates (in: taken by the connection so far, out: now), @n_dropped
 * (out, optional): how many were removed. @what names the description in the error
 * ("The answer from URL"). Its "rtcp-fb … ccm fir" lines are removed as well, so that
 * keyframes are asked for with PLI, which every server (Janus 1.1.2 included) acts on. */
gboolean    cs_webrtc_media_bound_remote_sdp  (GstSDPMessage *sdp,
                                              const char    *what,
                                              guint         *n_candidates,
                                              guint         *n_dropped,
                                              GError       **error);

/* A promise for webrtcbin's set-*-description: its reply (an error, when the operation
 * fails) is logged and freed with the promise. @what: a static string naming the operation.
 * Emit with it, then gst_promise_unref(). */
GstPromise *cs_webrtc_media_promise            (const char *what);

G_END_DECLS
