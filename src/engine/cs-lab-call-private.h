/* cs-lab-call-private.h — the lab call's state, shared by its three files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * cs-lab-call.c: the session (users, impairments, bus, scenario, lifecycle);
 * cs-lab-pipeline.c: the pipeline (senders, webrtcbin pairs, loopback signalling, receivers);
 * cs-lab-measure.c: what get-stats lacks, measured with pad probes (links, capture, encode,
 * decode, render) and put into the samples. Everything marked "under the call's lock" is
 * written on streaming threads.
 */
#pragma once

#include <gst/gst.h>

#include "cs-call-session-private.h"
#include "cs-lab-call.h"
#include "cs-webrtc-stats.h"

G_BEGIN_DECLS

#define VIDEO_WIDTH   320
#define VIDEO_HEIGHT  240
#define VIDEO_FPS     15
#define VIDEO_KBPS    300
#define AUDIO_KBPS    32
#define JB_LATENCY_MS 150
#define FREEZE_GAP_US (500 * G_TIME_SPAN_MILLISECOND) /* Agora: > 500 ms between rendered frames */
#define NTP_UNIX_OFFSET_S G_GUINT64_CONSTANT (2208988800)

typedef struct _Pair Pair;
typedef struct _End End;

/* A user's devices: what it captures and sends. */
typedef struct
{
  char         *uid;
  CsImpairment  state;          /* every field set */
  GstElement   *volume;
  GstElement   *venc;
  /* measurements, under the call's lock */
  guint64       captured;
  guint64       encoded;
  GstClockTime  last_capture_pts;
  GstClockTime  last_gated_pts[2];  /* the last buffer let through while stopped: audio, video */
  double        level;          /* 0..32767 */
  double        send_delay_sum[2]; /* [video, audio] capture -> packetised, ms */
  guint         send_delay_n[2];
  double        send_delay[2];
  guint         width, height;
} User;

/* A received track at one end. */
typedef struct
{
  guint64 decoded;
  guint64 rendered;
  guint64 decode_errors;
  guint64 dec_in;              /* buffers into the decoder */
  guint64 dec_failed;          /* in and never out, beyond its latency (cumulative) */
  guint64 freezes;
  double  freeze_ms;
  gint64  last_render_us;      /* monotonic; 0 before the first frame */
  guint   width, height;
  double  level;
  double  recv_sum;            /* render − sender NTP, ms */
  guint   recv_n;
  double  recv_delay;
} Track;

struct _End
{
  CsLabCall         *call;
  Pair              *pair;
  User              *user;      /* this end's user */
  User              *peer;      /* the other end's user */
  GstElement        *webrtc;
  Track              video, audio;
  double             hold_sum;  /* ms spent in the netsims, this second */
  guint              hold_n;
  double             transport;
  GPtrArray         *uplink_netsims;   /* the peer's uplink, on this end's receive bins */
  GPtrArray         *downlink_netsims; /* this end's downlink */
  CsConnectionState  state;
};

struct _Pair
{
  guint  k;
  End    a;     /* local */
  End    b;     /* user-k */
  gint   negotiating;
  gboolean failed;
};

struct _CsLabCall
{
  CsCallSession  parent_instance;

  guint          n_users;
  gboolean       use_camera;
  int            camera_fd;      /* our duplicate of the Camera portal's PipeWire remote, or -1 */
  GstElement    *camera;         /* the local user's camera source, when use_camera */
  GSource       *camera_watch;   /* its first-picture deadline (cs_camera_watch_start) */
  gboolean       hanging_up;     /* the camera's last words are not a failure */
  CsScenario    *scenario;
  GPtrArray     *impair_uids;    /* char* or NULL */
  GArray        *impair_changes; /* CsImpairment */

  GMutex         lock;
  GPtrArray     *users;          /* User*, [0] = local */
  GPtrArray     *pairs;          /* Pair* */
  GstClock      *clock;
  guint          scenario_timer;
  guint          next_step;
  double         scenario_lag; /* s the scenario was shifted by late steps */
  double         scenario_origin; /* the call time its steps count from: 0, or its first media ("clock": "media"); NAN until then */
};

#define PIPELINE(self) cs_call_session_get_pipeline (CS_CALL_SESSION (self))
#define POLLER(self)   cs_call_session_get_poller (CS_CALL_SESSION (self))

GstClockTime _cs_lab_running_time        (CsLabCall *self);

/* cs-lab-pipeline.c: every user's senders and every pair's webrtcbins, in the session's pipeline */
gboolean     _cs_lab_build_pipeline      (CsLabCall *self, GError **error);

/* cs-lab-measure.c */
typedef enum
{
  CS_LAB_PROBE_CAPTURE,     /* frames captured (a frame-rate fault drops them here); data: User */
  CS_LAB_PROBE_SEND_GATE,   /* a stopped device lets nothing through; data: User */
  CS_LAB_PROBE_ENCODED,     /* frames encoded; data: User */
  CS_LAB_PROBE_PACKETISED,  /* capture -> packetised delay; data: User */
  CS_LAB_PROBE_DECODER_IN,  /* buffers into the decoder (those never out are failures); data: Track */
  CS_LAB_PROBE_DECODED,     /* frames decoded; data: Track */
  CS_LAB_PROBE_RENDERED,    /* frames rendered, freezes, size, receive delay; data: Track */
} CsLabProbe;

/* Keeps *@target (under the call's lock) at the level of the audio leaving @element, as
 * WebRTC's audioLevel (cs-audio-level.h). */
void         _cs_lab_watch_level         (CsLabCall *self, GstElement *element, double *target);
void         _cs_lab_add_probe           (CsLabCall *self, GstElement *element, const char *pad_name,
                                          CsLabProbe probe, gpointer data, gboolean video);
/* webrtcbin's element-added (user data: End): the impaired link into each receive transport */
void         _cs_lab_on_transport_added  (GstBin *bin, GstElement *element, gpointer user_data);
/* the converter's augment function (user data: End) */
void         _cs_lab_augment_sample      (CsStatsSample *sample, gpointer user_data);
/* closes this second's measurement windows (the poller's "polling") */
void         _cs_lab_roll_measurements   (CsLabCall *self);

G_END_DECLS
