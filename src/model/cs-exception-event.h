/* cs-exception-event.h — exception and recovery events
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Agora's codes (reference/agora-reference.md) and Callscope's own (5xxx raise, 7xxx recover);
 * 51xx are notices about Callscope itself, which have no recovery. */
typedef enum
{
  CS_EXCEPTION_FRAMERATE_INPUT_TOO_LOW      = 1001,
  CS_EXCEPTION_FRAMERATE_SENT_TOO_LOW       = 1002,
  CS_EXCEPTION_SEND_VIDEO_BITRATE_TOO_LOW   = 1003,
  CS_EXCEPTION_RECV_VIDEO_DECODE_FAILED     = 1005,
  CS_EXCEPTION_AUDIO_INPUT_LEVEL_TOO_LOW    = 2001,
  CS_EXCEPTION_AUDIO_OUTPUT_LEVEL_TOO_LOW   = 2002,
  CS_EXCEPTION_SEND_AUDIO_BITRATE_TOO_LOW   = 2003,
  CS_EXCEPTION_RECV_AUDIO_DECODE_FAILED     = 2005,
  /* Callscope's own range */
  CS_EXCEPTION_POOR_UPLINK                  = 5001,
  CS_EXCEPTION_POOR_DOWNLINK                = 5002,
  CS_EXCEPTION_VIDEO_FREEZE                 = 5003,
  CS_EXCEPTION_MEDIA_STOPPED                = 5004,
  CS_EXCEPTION_CONNECTION_LOST              = 5005,
  /* notices (no recovery) */
  CS_EXCEPTION_RECORDING_FAILED             = 5101, /* writing the recording failed: it stopped */
} CsExceptionCode;

/* A recovery's code is the exception's code + 2000 (Agora's rule: 1001 -> 3001, 2001 -> 4001, 5001 -> 7001). */
#define CS_EXCEPTION_RECOVERY_OFFSET 2000

typedef struct
{
  double   t;            /* seconds since session start */
  guint    code;         /* exception code, or recovery code */
  char    *msg;          /* Agora-style name, e.g. "FRAMERATE_INPUT_TOO_LOW" or "..._RECOVER" */
  char    *uid;          /* the user it concerns */
  gboolean is_recovery;
  double   started_at;   /* for a recovery: when its exception was raised; else == t */
  double   duration;     /* for a recovery: how long the exception lasted (s); else 0 */
  double   value;        /* the value that crossed the threshold (unit per code), or CS_UNKNOWN */
  char    *detail;       /* optional, what the code alone does not say: the codec of a
                          * decode failure ("H.264"); not recorded (replay recomputes it) */
} CsExceptionEvent;

#define CS_TYPE_EXCEPTION_EVENT (cs_exception_event_get_type ())
GType             cs_exception_event_get_type (void) G_GNUC_CONST;
CsExceptionEvent *cs_exception_event_copy     (const CsExceptionEvent *self);
void              cs_exception_event_free     (CsExceptionEvent *self);

/* "FRAMERATE_INPUT_TOO_LOW", "FRAMERATE_INPUT_TOO_LOW_RECOVER", "POOR_UPLINK", …; NULL for unknown codes. */
const char *cs_exception_code_name        (guint code);
/* A translated sentence for the user ("Captured video frame rate too low"). */
const char *cs_exception_code_describe    (guint code);
gboolean    cs_exception_code_is_recovery (guint code);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsExceptionEvent, cs_exception_event_free)

G_END_DECLS
