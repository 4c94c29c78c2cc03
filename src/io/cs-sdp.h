/* cs-sdp.h — the parts of a session description that say who sends what
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads an SDP (RFC 8866) as a browser's dump quotes it: its m-sections with their mid,
 * the MediaStream and track of their a=msid (or of Plan B's a=ssrc:… msid:), their SSRCs,
 * direction and codecs. Lines it does not need are skipped; nothing in it is trusted (at
 * most CS_SDP_MAX_SECTIONS sections and CS_SDP_MAX_SSRCS SSRCs per section are kept).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CS_SDP_MAX_SECTIONS 512
#define CS_SDP_MAX_SSRCS    64
#define CS_SDP_MAX_CODECS   64

typedef struct
{
  char      *kind;       /* "audio", "video", "application" */
  char      *mid;        /* nullable */
  char      *stream_id;  /* the a=msid MediaStream id, nullable ("-" is kept as NULL) */
  char      *track_id;   /* nullable */
  char      *direction;  /* "sendrecv", "recvonly", …, nullable */
  GArray    *ssrcs;      /* guint32 */
  GPtrArray *codecs;     /* char*: "VP8", "opus", … in the m-line's payload order (rtx, red, ulpfec kept) */
  guint      port;       /* 0: the section is rejected or stopped */
  char      *text;       /* the section's lines as read, from its m= line on, each ending in "\n" */
} CsSdpMedia;

typedef struct
{
  GPtrArray *media;      /* CsSdpMedia* */
} CsSdp;

/* Never fails: a text that is not SDP gives no sections. */
CsSdp      *cs_sdp_parse        (const char *text);
void        cs_sdp_free         (CsSdp *self);
/* The SDP of a description as dumps write it: '{"type":"offer","sdp":"v=0…"}' (JSON), or
 * "type: offer, sdp: v=0…" (older webrtc-internals), or the bare SDP. (transfer full) the SDP
 * text, or NULL; @type (nullable out) gets "offer", "answer", … when the text says. */
char       *cs_sdp_from_description (const char *value, char **type);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsSdp, cs_sdp_free)

G_END_DECLS
