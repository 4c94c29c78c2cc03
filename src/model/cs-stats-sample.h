/* cs-stats-sample.h — the normalised input of the stats model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A CsStatsSample is plain data: what one endpoint's WebRTC stack reported about
 * one track (or about its connection) at one instant. Counters are cumulative,
 * exactly as WebRTC stats report them; the model derives rates and deltas.
 * It is the only input of CsStatsModel and the "sample" line of a recording.
 *
 * Unknown values: doubles are CS_UNKNOWN (-1.0), or negative; counters that the
 * source does not know are 0 and their "has_" flag is FALSE.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CS_UNKNOWN (-1.0)

/**
 * CsSampleKind:
 * @CS_SAMPLE_KIND_AUDIO: an audio RTP track
 * @CS_SAMPLE_KIND_VIDEO: a video RTP track
 * @CS_SAMPLE_KIND_CONNECTION: the state of the connection between two endpoints
 *   (joined, connected, disconnected, failed, left), no media counters
 */
typedef enum
{
  CS_SAMPLE_KIND_AUDIO,
  CS_SAMPLE_KIND_VIDEO,
  CS_SAMPLE_KIND_CONNECTION,
} CsSampleKind;

/**
 * CsSampleDirection:
 * @CS_SAMPLE_DIRECTION_OUTBOUND: @observer_uid sends this track to @peer_uid
 * @CS_SAMPLE_DIRECTION_INBOUND: @observer_uid receives this track from @peer_uid
 */
typedef enum
{
  CS_SAMPLE_DIRECTION_OUTBOUND,
  CS_SAMPLE_DIRECTION_INBOUND,
} CsSampleDirection;

/**
 * CsConnectionState: the state carried by a %CS_SAMPLE_KIND_CONNECTION sample.
 */
typedef enum
{
  CS_CONNECTION_STATE_NEW,
  CS_CONNECTION_STATE_CONNECTING,
  CS_CONNECTION_STATE_CONNECTED,
  CS_CONNECTION_STATE_DISCONNECTED,
  CS_CONNECTION_STATE_FAILED,
  CS_CONNECTION_STATE_CLOSED, /* the peer left the call */
} CsConnectionState;

typedef struct _CsStatsSample CsStatsSample;

struct _CsStatsSample
{
  /* Identity */
  double             t;              /* seconds since the session start; all samples of one poll share it */
  char              *observer_uid;   /* the endpoint whose stack reported this ("local", "user-1", …) */
  char              *peer_uid;       /* the other end of the connection */
  CsSampleKind       kind;
  CsSampleDirection  direction;
  guint32            ssrc;           /* 0 when unknown or for connection samples */
  char              *codec;          /* "opus", "VP8", … or NULL */

  /* Connection samples only */
  CsConnectionState  connection_state;
  char              *display_name;   /* optional, names @peer_uid for the UI */
  char              *message;        /* optional, a human-readable reason (e.g. an error) */

  /* Cumulative RTP counters (outbound: sent; inbound: received) */
  guint64            packets;        /* packets sent (outbound) or received (inbound) */
  guint64            bytes;          /* payload bytes sent or received */
  gint64             packets_lost;   /* cumulative, from the receiver (inbound) or its RR (outbound); may be < 0 */
  gboolean           has_packets_lost;
  double             fraction_lost;  /* 0..1, loss in the last RR interval (outbound), or CS_UNKNOWN */
  guint64            nack_count;
  guint64            pli_count;

  /* Network */
  double             jitter_ms;      /* interarrival jitter, ms, or CS_UNKNOWN */
  double             rtt_ms;         /* round-trip time, ms, or CS_UNKNOWN */
  double             available_outgoing_bitrate; /* bps, or CS_UNKNOWN */
  double             target_bitrate; /* encoder target, bps, or CS_UNKNOWN */

  /* Video (cumulative frame counters; 0 and has_frames FALSE when unknown) */
  gboolean           has_frames;
  guint64            frames_captured;   /* outbound: frames from the camera/source */
  guint64            frames_encoded;    /* outbound: frames sent */
  guint64            frames_decoded;    /* inbound */
  guint64            frames_rendered;   /* inbound */
  guint64            freeze_count;      /* inbound, if the source knows it */
  double             total_freeze_ms;   /* inbound, cumulative freeze time (Agora rule), or CS_UNKNOWN */
  guint              width;             /* current resolution, 0 when unknown */
  guint              height;
  guint              capture_width;
  guint              capture_height;

  /* Audio */
  double             audio_level;       /* 0..32767 (Agora's scale), or CS_UNKNOWN */

  /* Decoder health (inbound): cumulative count of frames that failed to decode */
  guint64            decode_errors;

  /* Delays for inbound tracks, ms, or CS_UNKNOWN; each flagged measured or estimated */
  double             transport_delay_ms;
  double             receive_delay_ms;
  double             end2end_delay_ms;
  gboolean           transport_delay_measured;
  gboolean           receive_delay_measured;
  gboolean           end2end_delay_measured;
  double             encode_delay_ms;   /* outbound video, or CS_UNKNOWN */
};

#define CS_TYPE_STATS_SAMPLE (cs_stats_sample_get_type ())

GType          cs_stats_sample_get_type (void) G_GNUC_CONST;

/* Returns a sample with every value unknown (doubles CS_UNKNOWN, counters 0). Free with cs_stats_sample_free(). */
CsStatsSample *cs_stats_sample_new       (void);
CsStatsSample *cs_stats_sample_copy      (const CsStatsSample *self);
void           cs_stats_sample_free      (CsStatsSample *self);
/* TRUE when every field of @a and @b is equal (strings by value, doubles bit for bit). */
gboolean       cs_stats_sample_equal     (const CsStatsSample *a,
                                          const CsStatsSample *b);

/* What a peer may send is bounded where it enters the model (docs/recording-format.md):
 * longer strings are cut, on a character boundary. */
#define CS_MAX_NAME_CHARS  256   /* display names and uids */
#define CS_MAX_TEXT_CHARS  1024  /* free text: a connection's reason, an error */
#define CS_MAX_CODEC_CHARS 64

/* Makes *@text valid UTF-8 (repairing it) of at most @max_chars characters, replacing
 * the string only when it must change; NULL stays NULL. TRUE when it changed. */
gboolean       cs_text_cap               (char **text, gsize max_chars);
/* Applies cs_text_cap() to every string of @self with the limits above. */
void           cs_stats_sample_cap_strings (CsStatsSample *self);

const char    *cs_sample_kind_to_string       (CsSampleKind kind);
gboolean       cs_sample_kind_from_string     (const char *str, CsSampleKind *out);
const char    *cs_sample_direction_to_string  (CsSampleDirection direction);
gboolean       cs_sample_direction_from_string (const char *str, CsSampleDirection *out);
const char    *cs_connection_state_to_string  (CsConnectionState state);
gboolean       cs_connection_state_from_string (const char *str, CsConnectionState *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsStatsSample, cs_stats_sample_free)

G_END_DECLS
