/* cs-agora-stats.h — the model's outputs, with Agora Web SDK 4.x field names
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Field names are Agora's on purpose (camelCase), so that a support engineer reads
 * the same names here, in the recording and in Agora's documentation. Units are
 * Agora's (see ../shared/reference/agora-reference.md): ms, bps, bytes, %, fps, px, s.
 * A double that is not known is CS_UNKNOWN (-1).
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * CsQualityMetric: the metric that limited a score (its "reason").
 */
typedef enum
{
  CS_QUALITY_METRIC_NONE,        /* nothing limits it (score 1), or unknown (score 0) */
  CS_QUALITY_METRIC_LOSS,        /* packet loss, % */
  CS_QUALITY_METRIC_JITTER,      /* jitter, ms */
  CS_QUALITY_METRIC_RTT,         /* round-trip time, ms */
  CS_QUALITY_METRIC_DELAY,       /* one-way delay, ms */
  CS_QUALITY_METRIC_FRAME_RATE,  /* video frame rate, fps */
  CS_QUALITY_METRIC_FREEZE,      /* video freeze rate, % */
  CS_QUALITY_METRIC_BITRATE,     /* bitrate, kbps */
  CS_QUALITY_METRIC_NO_MEDIA,    /* no media for N seconds */
  CS_QUALITY_METRIC_NO_DATA,     /* not enough data yet (score 0) */
} CsQualityMetric;

typedef enum
{
  CS_LINK_UPLINK,
  CS_LINK_DOWNLINK,
} CsLink;

/**
 * CsQualityReason: why a score is what it is: @metric was @value (its unit is the
 * metric's) on @link, measured on media to or from @peer_uid (may be empty).
 */
typedef struct
{
  CsQualityMetric metric;
  double          value;
  char            peer_uid[64];
} CsQualityReason;

/**
 * CsNetworkQuality: Agora's NetworkQuality plus the reasons.
 */
typedef struct
{
  guint           uplinkNetworkQuality;   /* 0..6 */
  guint           downlinkNetworkQuality; /* 0..6 */
  CsQualityReason uplinkReason;
  CsQualityReason downlinkReason;
} CsNetworkQuality;

typedef struct
{
  double Duration;                   /* s */
  double RecvBitrate;                /* bps */
  double SendBitrate;                /* bps */
  guint64 RecvBytes;
  guint64 SendBytes;
  double RTT;                        /* ms */
  double OutgoingAvailableBandwidth; /* Kbps */
  guint  UserCount;
} CsRtcStats;

typedef struct
{
  char    codecType[16];
  double  sendVolumeLevel;           /* 0..32767 */
  double  sendBitrate;               /* bps */
  guint64 sendBytes;
  guint64 sendPackets;
  guint64 sendPacketsLost;
  double  sendJitterMs;
  double  sendRttMs;
  double  currentPacketLossRate;     /* % */
} CsLocalAudioTrackStats;

typedef struct
{
  char    codecType[16];
  guint64 sendBytes;
  double  sendFrameRate;
  double  captureFrameRate;
  guint64 sendPackets;
  guint64 sendPacketsLost;
  double  sendJitterMs;
  double  sendRttMs;
  guint   sendResolutionWidth;
  guint   sendResolutionHeight;
  guint   captureResolutionWidth;
  guint   captureResolutionHeight;
  double  encodeDelay;               /* ms */
  double  sendBitrate;               /* bps */
  double  targetSendBitrate;         /* bps */
  double  totalDuration;             /* s */
  double  totalFreezeTime;           /* s */
  double  currentPacketLossRate;     /* % */
} CsLocalVideoTrackStats;

typedef struct
{
  char     codecType[16];
  double   transportDelay;           /* ms */
  double   end2EndDelay;             /* ms */
  double   receiveDelay;             /* ms */
  gboolean transportDelayMeasured;   /* Callscope: TRUE measured, FALSE estimated */
  gboolean end2EndDelayMeasured;
  gboolean receiveDelayMeasured;
  double   receiveBitrate;           /* bps */
  double   receiveLevel;             /* 0..32767 */
  guint64  receiveBytes;
  guint64  receivePackets;
  guint64  receivePacketsLost;
  double   packetLossRate;           /* %, whole call */
  double   currentPacketLossRate;    /* %, last interval */
  double   totalDuration;            /* s */
  double   totalFreezeTime;          /* s */
  double   freezeRate;               /* % */
  double   publishDuration;          /* s */
  double   jitterMs;                 /* Callscope addition */
} CsRemoteAudioTrackStats;

typedef struct
{
  char     codecType[16];
  double   transportDelay;
  double   end2EndDelay;
  double   receiveDelay;
  gboolean transportDelayMeasured;
  gboolean end2EndDelayMeasured;
  gboolean receiveDelayMeasured;
  double   receiveBitrate;
  guint64  receiveBytes;
  double   decodeFrameRate;
  double   receiveFrameRate;
  double   renderFrameRate;
  guint64  receivePackets;
  guint64  receivePacketsLost;
  double   packetLossRate;
  double   currentPacketLossRate;
  guint    receiveResolutionWidth;
  guint    receiveResolutionHeight;
  double   totalDuration;
  double   totalFreezeTime;
  double   freezeRate;
  double   publishDuration;
  double   jitterMs;                 /* Callscope addition */
} CsRemoteVideoTrackStats;

const char *cs_quality_metric_to_string (CsQualityMetric metric); /* stable id: "loss", "jitter", … */
gboolean    cs_quality_metric_from_string (const char *str, CsQualityMetric *out);
/* A translated sentence, e.g. "loss 7.2 % on downlink". Free with g_free(). */
char       *cs_quality_reason_describe (const CsQualityReason *reason, CsLink link);
/* A translated word for a score: "Unknown", "Excellent", "Good", "Poor", "Bad", "Very bad", "Down". */
const char *cs_quality_score_label (guint score);

G_END_DECLS
