/* cs-net-limits.h — how much Callscope takes from a server (issue 8, "network input bounded")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything a Janus server or a WHIP/WHEP endpoint sends is untrusted. Each of these
 * bounds is enforced where the input arrives, and anything beyond it is refused with a
 * message (the session's "error" signal) and a connection event in the model, never a
 * crash. docs/real-calls.md lists them for users; keep the two in step.
 */
#pragma once

/* Bytes of one Janus message: a WebSocket frame, an HTTP reply (a long poll holds up to
 * ten messages). Janus' largest messages are offers and lists of publishers, a few KiB to
 * a few hundred KiB; 4 MiB also lets a 2 MiB display name through to be clipped rather
 * than losing the event that carries it. */
#define CS_NET_MAX_JANUS_MESSAGE   (4 * 1024 * 1024)
/* Bytes of a WHIP/WHEP answer (application/sdp): real answers are 2-10 KiB. */
#define CS_NET_MAX_SDP_ANSWER      (256 * 1024)
/* Bytes of any other reply body (OPTIONS, DELETE): Callscope reads none of them. */
#define CS_NET_MAX_OTHER_BODY      (64 * 1024)

/* Seconds a whole Janus HTTP request may take, from sending it to the last byte of its
 * reply (libsoup's own timeouts only bound each read: a reply that trickles a byte a
 * second never trips them). Janus answers a POST at once and a long poll within 30 s. */
#define CS_NET_JANUS_POST_LIMIT_S  10
#define CS_NET_JANUS_POLL_LIMIT_S  60

/* Remote publishers a Janus call subscribes to at once; the others are left out (and
 * taken, in the order they came, when a subscribed one leaves). */
#define CS_NET_MAX_SUBSCRIPTIONS   32
/* Remote ICE candidates one peer connection takes (in its remote description and
 * trickled); m-lines (media sections) of one remote description. */
#define CS_NET_MAX_REMOTE_CANDIDATES 64
#define CS_NET_MAX_SDP_MEDIAS      16
/* Bytes of one trickled candidate line (a real one is 60-200). */
#define CS_NET_MAX_CANDIDATE_BYTES 1024

/* Characters of text from a server that reaches the model, messages or logs: display
 * names, error reasons (clipped on a UTF-8 boundary, made valid, control characters
 * replaced: see cs_janus_clip_text()). */
#define CS_NET_MAX_DISPLAY_CHARS   256
#define CS_NET_MAX_REASON_CHARS    512
