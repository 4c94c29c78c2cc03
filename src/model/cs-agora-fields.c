/* cs-agora-fields.c — the fields of the Agora stats structures, one row each
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A new field: a member in cs-agora-stats.h (Agora's name), filled in
 * cs-stats-model-agora.c, and one row here; the recorder, the details pane and the
 * headless summary follow the row. Rows are in the structure's order, which is the
 * order of the members in a recording's line: keep it, recordings compare bit for bit.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cs-agora-fields.h"
#include "cs-stats-sample.h"

/* the member's name is Agora's name of the field */
#define F(type, member) #member, G_STRUCT_OFFSET (type, member)

#define DOUBLE  CS_AGORA_TYPE_DOUBLE
#define UINT    CS_AGORA_TYPE_UINT
#define UINT64  CS_AGORA_TYPE_UINT64
#define BOOLEAN CS_AGORA_TYPE_BOOLEAN
#define STRING  CS_AGORA_TYPE_STRING

#define NUMBER     CS_AGORA_FORMAT_NUMBER
#define TEXT       CS_AGORA_FORMAT_TEXT
#define COUNT      CS_AGORA_FORMAT_COUNT
#define BYTES      CS_AGORA_FORMAT_BYTES
#define BITRATE    CS_AGORA_FORMAT_BITRATE
#define DELAY      CS_AGORA_FORMAT_DELAY
#define RESOLUTION CS_AGORA_FORMAT_RESOLUTION

#define REC   CS_AGORA_FIELD_RECORDED
#define DET   CS_AGORA_FIELD_DETAILS
#define SUM   CS_AGORA_FIELD_SUMMARY
#define OURS  CS_AGORA_FIELD_CALLSCOPE

/* units: translatable where some languages write them differently */
#define MS      N_("ms")
#define FPS     N_("fps")
#define SECONDS N_("s")
#define KBPS    N_("kbps")

/* { F (structure, name), type, unit, label, flags, format, decimals, details_rank, companion } */
static const CsAgoraField rtc_fields[] = {
  { F (CsRtcStats, Duration),                   DOUBLE, SECONDS, NULL, REC | DET,       NUMBER,  0, 1, NULL },
  { F (CsRtcStats, RecvBitrate),                DOUBLE, "bps",   NULL, REC | DET | SUM, BITRATE, 0, 4, NULL },
  { F (CsRtcStats, SendBitrate),                DOUBLE, "bps",   NULL, REC | DET | SUM, BITRATE, 0, 5, NULL },
  { F (CsRtcStats, RecvBytes),                  UINT64, "bytes", NULL, REC | DET,       BYTES,   0, 6, NULL },
  { F (CsRtcStats, SendBytes),                  UINT64, "bytes", NULL, REC | DET,       BYTES,   0, 7, NULL },
  { F (CsRtcStats, RTT),                        DOUBLE, MS,      NULL, REC | DET | SUM, NUMBER,  0, 3, NULL },
  { F (CsRtcStats, OutgoingAvailableBandwidth), DOUBLE, KBPS,    NULL, REC | DET,       NUMBER,  0, 8, NULL },
  { F (CsRtcStats, UserCount),                  UINT,   NULL,    NULL, REC | DET,       COUNT,   0, 2, NULL },
};

static const CsAgoraField local_audio_fields[] = {
  { F (CsLocalAudioTrackStats, codecType),             STRING, NULL,    NULL, REC | DET, TEXT,    0, 1, NULL },
  { F (CsLocalAudioTrackStats, sendVolumeLevel),       DOUBLE, NULL,    NULL, REC | DET, NUMBER,  0, 4, NULL },
  { F (CsLocalAudioTrackStats, sendBitrate),           DOUBLE, "bps",   NULL, REC | DET, BITRATE, 0, 2, NULL },
  { F (CsLocalAudioTrackStats, sendBytes),             UINT64, "bytes", NULL, REC | DET, BYTES,   0, 3, NULL },
  { F (CsLocalAudioTrackStats, sendPackets),           UINT64, NULL,    NULL, REC | DET, COUNT,   0, 5, NULL },
  { F (CsLocalAudioTrackStats, sendPacketsLost),       UINT64, NULL,    NULL, REC | DET, COUNT,   0, 6, NULL },
  { F (CsLocalAudioTrackStats, sendJitterMs),          DOUBLE, MS,      NULL, REC | DET, NUMBER,  0, 8, NULL },
  { F (CsLocalAudioTrackStats, sendRttMs),             DOUBLE, MS,      NULL, REC | DET, NUMBER,  0, 9, NULL },
  { F (CsLocalAudioTrackStats, currentPacketLossRate), DOUBLE, "%",     NULL, REC | DET, NUMBER,  1, 7, NULL },
};

static const CsAgoraField local_video_fields[] = {
  { F (CsLocalVideoTrackStats, codecType),               STRING, NULL,    NULL,                REC | DET, TEXT,       0, 1,  NULL },
  { F (CsLocalVideoTrackStats, sendBytes),               UINT64, "bytes", NULL,                REC | DET, BYTES,      0, 4,  NULL },
  { F (CsLocalVideoTrackStats, sendFrameRate),           DOUBLE, FPS,     NULL,                REC | DET, NUMBER,     1, 6,  NULL },
  { F (CsLocalVideoTrackStats, captureFrameRate),        DOUBLE, FPS,     NULL,                REC | DET, NUMBER,     1, 5,  NULL },
  { F (CsLocalVideoTrackStats, sendPackets),             UINT64, NULL,    NULL,                REC | DET, COUNT,      0, 10, NULL },
  { F (CsLocalVideoTrackStats, sendPacketsLost),         UINT64, NULL,    NULL,                REC | DET, COUNT,      0, 11, NULL },
  { F (CsLocalVideoTrackStats, sendJitterMs),            DOUBLE, MS,      NULL,                REC | DET, NUMBER,     0, 13, NULL },
  { F (CsLocalVideoTrackStats, sendRttMs),               DOUBLE, MS,      NULL,                REC | DET, NUMBER,     0, 14, NULL },
  { F (CsLocalVideoTrackStats, sendResolutionWidth),     UINT,   "px",    "sendResolution",    REC | DET, RESOLUTION, 0, 8,  "sendResolutionHeight" },
  { F (CsLocalVideoTrackStats, sendResolutionHeight),    UINT,   "px",    NULL,                REC,       COUNT,      0, 0,  NULL },
  { F (CsLocalVideoTrackStats, captureResolutionWidth),  UINT,   "px",    "captureResolution", REC | DET, RESOLUTION, 0, 7,  "captureResolutionHeight" },
  { F (CsLocalVideoTrackStats, captureResolutionHeight), UINT,   "px",    NULL,                REC,       COUNT,      0, 0,  NULL },
  { F (CsLocalVideoTrackStats, encodeDelay),             DOUBLE, MS,      NULL,                REC | DET, NUMBER,     0, 9,  NULL },
  { F (CsLocalVideoTrackStats, sendBitrate),             DOUBLE, "bps",   NULL,                REC | DET, BITRATE,    0, 2,  NULL },
  { F (CsLocalVideoTrackStats, targetSendBitrate),       DOUBLE, "bps",   NULL,                REC | DET, BITRATE,    0, 3,  NULL },
  { F (CsLocalVideoTrackStats, totalDuration),           DOUBLE, SECONDS, NULL,                REC,       NUMBER,     0, 0,  NULL },
  { F (CsLocalVideoTrackStats, totalFreezeTime),         DOUBLE, SECONDS, NULL,                REC | DET, NUMBER,     0, 15, NULL },
  { F (CsLocalVideoTrackStats, currentPacketLossRate),   DOUBLE, "%",     NULL,                REC | DET, NUMBER,     1, 12, NULL },
};

static const CsAgoraField remote_audio_fields[] = {
  { F (CsRemoteAudioTrackStats, codecType),              STRING,  NULL,    NULL, REC | DET,        TEXT,    0, 1,  NULL },
  { F (CsRemoteAudioTrackStats, transportDelay),         DOUBLE,  MS,      NULL, REC | DET,        DELAY,   0, 4,  "transportDelayMeasured" },
  { F (CsRemoteAudioTrackStats, end2EndDelay),           DOUBLE,  MS,      NULL, REC | DET | SUM,  DELAY,   0, 2,  "end2EndDelayMeasured" },
  { F (CsRemoteAudioTrackStats, receiveDelay),           DOUBLE,  MS,      NULL, REC | DET,        DELAY,   0, 3,  "receiveDelayMeasured" },
  { F (CsRemoteAudioTrackStats, transportDelayMeasured), BOOLEAN, NULL,    NULL, REC | OURS,       COUNT,   0, 0,  NULL },
  { F (CsRemoteAudioTrackStats, end2EndDelayMeasured),   BOOLEAN, NULL,    NULL, REC | OURS | SUM, COUNT,   0, 0,  NULL },
  { F (CsRemoteAudioTrackStats, receiveDelayMeasured),   BOOLEAN, NULL,    NULL, REC | OURS,       COUNT,   0, 0,  NULL },
  { F (CsRemoteAudioTrackStats, receiveBitrate),         DOUBLE,  "bps",   NULL, REC | DET,        BITRATE, 0, 5,  NULL },
  { F (CsRemoteAudioTrackStats, receiveLevel),           DOUBLE,  NULL,    NULL, REC | DET | SUM,  NUMBER,  0, 6,  NULL },
  { F (CsRemoteAudioTrackStats, receiveBytes),           UINT64,  "bytes", NULL, REC,              BYTES,   0, 0,  NULL },
  { F (CsRemoteAudioTrackStats, receivePackets),         UINT64,  NULL,    NULL, REC | DET,        COUNT,   0, 7,  NULL },
  { F (CsRemoteAudioTrackStats, receivePacketsLost),     UINT64,  NULL,    NULL, REC | DET,        COUNT,   0, 8,  NULL },
  { F (CsRemoteAudioTrackStats, packetLossRate),         DOUBLE,  "%",     NULL, REC | DET | SUM,  NUMBER,  1, 9,  NULL },
  { F (CsRemoteAudioTrackStats, currentPacketLossRate),  DOUBLE,  "%",     NULL, REC | DET,        NUMBER,  1, 10, NULL },
  { F (CsRemoteAudioTrackStats, totalDuration),          DOUBLE,  SECONDS, NULL, REC,              NUMBER,  0, 0,  NULL },
  { F (CsRemoteAudioTrackStats, totalFreezeTime),        DOUBLE,  SECONDS, NULL, REC | DET,        NUMBER,  0, 13, NULL },
  { F (CsRemoteAudioTrackStats, freezeRate),             DOUBLE,  "%",     NULL, REC | DET,        NUMBER,  1, 12, NULL },
  { F (CsRemoteAudioTrackStats, publishDuration),        DOUBLE,  SECONDS, NULL, REC,              NUMBER,  0, 0,  NULL },
  { F (CsRemoteAudioTrackStats, jitterMs),               DOUBLE,  MS,      NULL, REC | DET | OURS, NUMBER,  0, 11, NULL },
};

static const CsAgoraField remote_video_fields[] = {
  { F (CsRemoteVideoTrackStats, codecType),               STRING,  NULL,    NULL,                REC | DET,        TEXT,       0, 1,  NULL },
  { F (CsRemoteVideoTrackStats, transportDelay),          DOUBLE,  MS,      NULL,                REC | DET | SUM,  DELAY,      0, 4,  "transportDelayMeasured" },
  { F (CsRemoteVideoTrackStats, end2EndDelay),            DOUBLE,  MS,      NULL,                REC | DET | SUM,  DELAY,      0, 2,  "end2EndDelayMeasured" },
  { F (CsRemoteVideoTrackStats, receiveDelay),            DOUBLE,  MS,      NULL,                REC | DET | SUM,  DELAY,      0, 3,  "receiveDelayMeasured" },
  { F (CsRemoteVideoTrackStats, transportDelayMeasured),  BOOLEAN, NULL,    NULL,                REC | OURS | SUM, COUNT,      0, 0,  NULL },
  { F (CsRemoteVideoTrackStats, end2EndDelayMeasured),    BOOLEAN, NULL,    NULL,                REC | OURS | SUM, COUNT,      0, 0,  NULL },
  { F (CsRemoteVideoTrackStats, receiveDelayMeasured),    BOOLEAN, NULL,    NULL,                REC | OURS | SUM, COUNT,      0, 0,  NULL },
  { F (CsRemoteVideoTrackStats, receiveBitrate),          DOUBLE,  "bps",   NULL,                REC | DET,        BITRATE,    0, 5,  NULL },
  { F (CsRemoteVideoTrackStats, receiveBytes),            UINT64,  "bytes", NULL,                REC | DET,        BYTES,      0, 6,  NULL },
  { F (CsRemoteVideoTrackStats, decodeFrameRate),         DOUBLE,  FPS,     NULL,                REC | DET,        NUMBER,     1, 8,  NULL },
  { F (CsRemoteVideoTrackStats, receiveFrameRate),        DOUBLE,  FPS,     NULL,                REC | DET,        NUMBER,     1, 7,  NULL },
  { F (CsRemoteVideoTrackStats, renderFrameRate),         DOUBLE,  FPS,     NULL,                REC | DET | SUM,  NUMBER,     1, 9,  NULL },
  { F (CsRemoteVideoTrackStats, receivePackets),          UINT64,  NULL,    NULL,                REC | DET,        COUNT,      0, 11, NULL },
  { F (CsRemoteVideoTrackStats, receivePacketsLost),      UINT64,  NULL,    NULL,                REC | DET,        COUNT,      0, 12, NULL },
  { F (CsRemoteVideoTrackStats, packetLossRate),          DOUBLE,  "%",     NULL,                REC | DET | SUM,  NUMBER,     1, 13, NULL },
  { F (CsRemoteVideoTrackStats, currentPacketLossRate),   DOUBLE,  "%",     NULL,                REC | DET,        NUMBER,     1, 14, NULL },
  { F (CsRemoteVideoTrackStats, receiveResolutionWidth),  UINT,    "px",    "receiveResolution", REC | DET | SUM,  RESOLUTION, 0, 10, "receiveResolutionHeight" },
  { F (CsRemoteVideoTrackStats, receiveResolutionHeight), UINT,    "px",    NULL,                REC | SUM,        COUNT,      0, 0,  NULL },
  { F (CsRemoteVideoTrackStats, totalDuration),           DOUBLE,  SECONDS, NULL,                REC | DET,        NUMBER,     0, 18, NULL },
  { F (CsRemoteVideoTrackStats, totalFreezeTime),         DOUBLE,  SECONDS, NULL,                REC | DET | SUM,  NUMBER,     0, 17, NULL },
  { F (CsRemoteVideoTrackStats, freezeRate),              DOUBLE,  "%",     NULL,                REC | DET | SUM,  NUMBER,     1, 16, NULL },
  { F (CsRemoteVideoTrackStats, publishDuration),         DOUBLE,  SECONDS, NULL,                REC,              NUMBER,     0, 0,  NULL },
  { F (CsRemoteVideoTrackStats, jitterMs),                DOUBLE,  MS,      NULL,                REC | DET | OURS, NUMBER,     0, 15, NULL },
};

typedef struct
{
  const char         *name;
  const char         *line_type;
  gsize               size;
  const CsAgoraField *fields;
  guint               n_fields;
} Kind;

#define KIND(name, line_type, type, fields) { name, line_type, sizeof (type), fields, G_N_ELEMENTS (fields) }

static const Kind kinds[CS_AGORA_N_KINDS] = {
  [CS_AGORA_KIND_RTC]          = KIND ("RTCStats", "rtc-stats", CsRtcStats, rtc_fields),
  [CS_AGORA_KIND_LOCAL_AUDIO]  = KIND ("LocalAudioTrackStats", "local-audio-stats", CsLocalAudioTrackStats, local_audio_fields),
  [CS_AGORA_KIND_LOCAL_VIDEO]  = KIND ("LocalVideoTrackStats", "local-video-stats", CsLocalVideoTrackStats, local_video_fields),
  [CS_AGORA_KIND_REMOTE_AUDIO] = KIND ("RemoteAudioTrackStats", "remote-audio-stats", CsRemoteAudioTrackStats, remote_audio_fields),
  [CS_AGORA_KIND_REMOTE_VIDEO] = KIND ("RemoteVideoTrackStats", "remote-video-stats", CsRemoteVideoTrackStats, remote_video_fields),
};

/* the longest table */
#define MAX_FIELDS G_N_ELEMENTS (remote_video_fields)

/**
 * cs_agora_fields_get:
 * @n_fields: (out): the number of fields
 * Returns: (transfer none) (array length=n_fields): the fields of @kind, in the recording's order.
 */
const CsAgoraField *
cs_agora_fields_get (CsAgoraKind kind, guint *n_fields)
{
  g_return_val_if_fail ((guint) kind < CS_AGORA_N_KINDS, NULL);
  g_return_val_if_fail (n_fields != NULL, NULL);

  *n_fields = kinds[kind].n_fields;
  return kinds[kind].fields;
}

/**
 * cs_agora_fields_lookup:
 * Returns: (transfer none) (nullable): the field of @kind called @name, NULL if there is none.
 */
const CsAgoraField *
cs_agora_fields_lookup (CsAgoraKind kind, const char *name)
{
  g_return_val_if_fail ((guint) kind < CS_AGORA_N_KINDS, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < kinds[kind].n_fields; i++)
    if (g_str_equal (kinds[kind].fields[i].name, name))
      return &kinds[kind].fields[i];
  return NULL;
}

/**
 * cs_agora_fields_get_details:
 * Returns: (transfer none) (array zero-terminated=1): the fields of @kind that are rows of the
 *   details pane, in the pane's order (their @details_rank).
 */
const CsAgoraField *const *
cs_agora_fields_get_details (CsAgoraKind kind)
{
  static const CsAgoraField *details[CS_AGORA_N_KINDS][MAX_FIELDS + 1];
  static gsize ready = 0;

  g_return_val_if_fail ((guint) kind < CS_AGORA_N_KINDS, NULL);

  if (g_once_init_enter (&ready))
    {
      for (guint k = 0; k < CS_AGORA_N_KINDS; k++)
        for (guint i = 0; i < kinds[k].n_fields; i++)
          {
            const CsAgoraField *field = &kinds[k].fields[i];

            if ((field->flags & CS_AGORA_FIELD_DETAILS) && field->details_rank >= 1 &&
                field->details_rank <= MAX_FIELDS)
              details[k][field->details_rank - 1] = field;
          }
      g_once_init_leave (&ready, 1);
    }
  return details[kind];
}

const char *
cs_agora_kind_get_name (CsAgoraKind kind)
{
  g_return_val_if_fail ((guint) kind < CS_AGORA_N_KINDS, NULL);
  return kinds[kind].name;
}

const char *
cs_agora_kind_get_line_type (CsAgoraKind kind)
{
  g_return_val_if_fail ((guint) kind < CS_AGORA_N_KINDS, NULL);
  return kinds[kind].line_type;
}

gsize
cs_agora_kind_get_size (CsAgoraKind kind)
{
  g_return_val_if_fail ((guint) kind < CS_AGORA_N_KINDS, 0);
  return kinds[kind].size;
}

static gconstpointer
member (const CsAgoraField *field, gconstpointer stats)
{
  return (const char *) stats + field->offset;
}

/**
 * cs_agora_field_get_double:
 * Returns: a number field (double, guint or guint64) of @stats, as a double.
 */
double
cs_agora_field_get_double (const CsAgoraField *field, gconstpointer stats)
{
  g_return_val_if_fail (field != NULL && stats != NULL, CS_UNKNOWN);

  switch (field->type)
    {
    case CS_AGORA_TYPE_DOUBLE:
      return *(const double *) member (field, stats);
    case CS_AGORA_TYPE_UINT:
      return *(const guint *) member (field, stats);
    case CS_AGORA_TYPE_UINT64:
      return (double) *(const guint64 *) member (field, stats);
    case CS_AGORA_TYPE_BOOLEAN:
    case CS_AGORA_TYPE_STRING:
    default:
      g_return_val_if_reached (CS_UNKNOWN);
    }
}

/**
 * cs_agora_field_get_uint64:
 * Returns: an integer field (guint or guint64) of @stats.
 */
guint64
cs_agora_field_get_uint64 (const CsAgoraField *field, gconstpointer stats)
{
  g_return_val_if_fail (field != NULL && stats != NULL, 0);

  switch (field->type)
    {
    case CS_AGORA_TYPE_UINT:
      return *(const guint *) member (field, stats);
    case CS_AGORA_TYPE_UINT64:
      return *(const guint64 *) member (field, stats);
    case CS_AGORA_TYPE_DOUBLE:
    case CS_AGORA_TYPE_BOOLEAN:
    case CS_AGORA_TYPE_STRING:
    default:
      g_return_val_if_reached (0);
    }
}

gboolean
cs_agora_field_get_boolean (const CsAgoraField *field, gconstpointer stats)
{
  g_return_val_if_fail (field != NULL && stats != NULL, FALSE);
  g_return_val_if_fail (field->type == CS_AGORA_TYPE_BOOLEAN, FALSE);
  return *(const gboolean *) member (field, stats);
}

/**
 * cs_agora_field_get_string:
 * Returns: (transfer none): a string field of @stats, "" when not known.
 */
const char *
cs_agora_field_get_string (const CsAgoraField *field, gconstpointer stats)
{
  g_return_val_if_fail (field != NULL && stats != NULL, "");
  g_return_val_if_fail (field->type == CS_AGORA_TYPE_STRING, "");
  return (const char *) member (field, stats);
}
