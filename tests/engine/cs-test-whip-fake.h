/* cs-test-whip-fake.h — a fake WHIP/WHEP endpoint for the engine tests: a SoupServer on
 * 127.0.0.1 in a thread of its own, and a real WebRTC peer per resource
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each POST of an offer gets a webrtcbin that answers with every candidate inside (no
 * trickle), 201 Created, a relative Location and a Link to a STUN server of its own. On
 * /whip it decodes what Callscope publishes and counts RTP packets and frames; on /whep it
 * sends 320x240 VP8 at 30 fps and Opus test media, and resends what is NACKed (the media
 * webrtcbin of cs_webrtc_media_new_webrtcbin). DELETE of the resource ends it. One fault per
 * run (CsFakeWhipFault). The counters are read after cs_fake_whip_stop().
 */
#pragma once

#include <gst/gst.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define TOKEN        "secret"
#define VIDEO_WIDTH  320
#define VIDEO_HEIGHT 240

typedef enum
{
  FAULT_NONE,
  FAULT_500,           /* POST → 500 */
  FAULT_EMPTY_201,     /* POST → 201 without a body */
  FAULT_NOT_SDP,       /* POST → 201 with an HTML page */
  FAULT_BAD_SDP,       /* POST → 201 application/sdp that has no media */
  FAULT_RESET,         /* every request: the connection is reset */
  FAULT_HANG,          /* every request: no answer, ever */
  FAULT_DELETE_500,    /* the call works, DELETE → 500 */
  FAULT_DELETE_HANG,   /* the call works, DELETE is never answered */
  FAULT_RESTART,       /* the first resource vanishes after 60 decoded frames (a restart); later POSTs work */
} CsFakeWhipFault;

typedef struct _CsFakeWhip CsFakeWhip;

struct _CsFakeWhip
{
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *server;
  guint         port;
  GSocket      *stun;           /* a STUN server (UDP) the Link headers name */
  guint         stun_port;
  char         *stun_host;      /* the host's address; NULL without a network (no STUN) */
  GSource      *stun_source;
  CsFakeWhipFault fault;
  GMutex        lock;
  GCond         cond;
  gboolean      ready;

  /* server thread only; read by the test after cs_fake_whip_stop() */
  GHashTable   *resources;      /* id → Resource* */
  GPtrArray    *paused;         /* SoupServerMessage*: never answered (FAULT_HANG) */
  guint         next_id;
  guint         n_options;
  guint         n_posts;
  guint         n_unauthorized;
  guint         n_deletes;      /* of a known resource */
  guint         n_hung;         /* requests never answered */
  guint         n_stun;         /* STUN binding requests answered */
  gboolean      bearer_ok;      /* a POST carried "Bearer " TOKEN */
  gboolean      sdp_type_ok;    /* every POST was application/sdp */
  char         *offer;          /* the last offer */

  /* streaming threads */
  gint          video_packets;
  gint          audio_packets;
  gint          video_frames;
  gint          dropped;        /* FAULT_RESTART: the first resource is gone */
};

CsFakeWhip *cs_fake_whip_start (CsFakeWhipFault fault);
void        cs_fake_whip_stop  (CsFakeWhip *fake);
void        cs_fake_whip_free  (CsFakeWhip *fake);
char       *cs_fake_whip_url   (CsFakeWhip *fake, const char *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsFakeWhip, cs_fake_whip_free)

G_END_DECLS
