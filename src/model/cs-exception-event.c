/* cs-exception-event.c — exception and recovery events, and their names
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cs-exception-event.h"

G_DEFINE_BOXED_TYPE (CsExceptionEvent, cs_exception_event, cs_exception_event_copy, cs_exception_event_free)

CsExceptionEvent *
cs_exception_event_copy (const CsExceptionEvent *self)
{
  CsExceptionEvent *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->msg = g_strdup (self->msg);
  copy->uid = g_strdup (self->uid);
  copy->detail = g_strdup (self->detail);
  return copy;
}

void
cs_exception_event_free (CsExceptionEvent *self)
{
  if (self == NULL)
    return;
  g_free (self->msg);
  g_free (self->uid);
  g_free (self->detail);
  g_free (self);
}

typedef struct
{
  guint       code;
  const char *name;
  const char *recover_name;
  const char *description;
  const char *recover_description;
} CodeInfo;

static const CodeInfo codes[] = {
  { 1001, "FRAMERATE_INPUT_TOO_LOW", "FRAMERATE_INPUT_TOO_LOW_RECOVER",
    N_("Captured video frame rate too low"), N_("Captured video frame rate back to normal") },
  { 1002, "FRAMERATE_SENT_TOO_LOW", "FRAMERATE_SENT_TOO_LOW_RECOVER",
    N_("Sent video frame rate too low"), N_("Sent video frame rate back to normal") },
  { 1003, "SEND_VIDEO_BITRATE_TOO_LOW", "SEND_VIDEO_BITRATE_TOO_LOW_RECOVER",
    N_("Sent video bitrate too low"), N_("Sent video bitrate back to normal") },
  { 1005, "RECV_VIDEO_DECODE_FAILED", "RECV_VIDEO_DECODE_FAILED_RECOVER",
    N_("Decoding received video fails"), N_("Received video decodes again") },
  { 2001, "AUDIO_INPUT_LEVEL_TOO_LOW", "AUDIO_INPUT_LEVEL_TOO_LOW_RECOVER",
    N_("Sent audio volume too low"), N_("Sent audio volume back to normal") },
  { 2002, "AUDIO_OUTPUT_LEVEL_TOO_LOW", "AUDIO_OUTPUT_LEVEL_TOO_LOW_RECOVER",
    N_("Received audio volume too low"), N_("Received audio volume back to normal") },
  { 2003, "SEND_AUDIO_BITRATE_TOO_LOW", "SEND_AUDIO_BITRATE_TOO_LOW_RECOVER",
    N_("Sent audio bitrate too low"), N_("Sent audio bitrate back to normal") },
  { 2005, "RECV_AUDIO_DECODE_FAILED", "RECV_AUDIO_DECODE_FAILED_RECOVER",
    N_("Decoding received audio fails"), N_("Received audio decodes again") },
  { 5001, "POOR_UPLINK", "POOR_UPLINK_RECOVER",
    N_("Poor uplink network quality"), N_("Uplink network quality back to normal") },
  { 5002, "POOR_DOWNLINK", "POOR_DOWNLINK_RECOVER",
    N_("Poor downlink network quality"), N_("Downlink network quality back to normal") },
  { 5003, "VIDEO_FREEZE", "VIDEO_FREEZE_RECOVER",
    N_("Video frozen"), N_("Video plays again") },
  { 5004, "MEDIA_STOPPED", "MEDIA_STOPPED_RECOVER",
    N_("No media arrives"), N_("Media arrives again") },
  { 5005, "CONNECTION_LOST", "CONNECTION_LOST_RECOVER",
    N_("Connection lost"), N_("Connection restored") },
  /* notices: no recovery */
  { 5101, "RECORDING_FAILED", NULL,
    N_("The recording could not be written and stopped"), NULL },
};

static const CodeInfo *
lookup (guint code, gboolean *is_recovery)
{
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      if (codes[i].code == code)
        {
          *is_recovery = FALSE;
          return &codes[i];
        }
      if (codes[i].recover_name != NULL && codes[i].code + CS_EXCEPTION_RECOVERY_OFFSET == code)
        {
          *is_recovery = TRUE;
          return &codes[i];
        }
    }
  return NULL;
}

/**
 * cs_exception_code_name:
 * Returns: (transfer none) (nullable): Agora's name of @code, or NULL for unknown codes
 */
const char *
cs_exception_code_name (guint code)
{
  gboolean rec = FALSE;
  const CodeInfo *info = lookup (code, &rec);

  if (info == NULL)
    return NULL;
  return rec ? info->recover_name : info->name;
}

/**
 * cs_exception_code_describe:
 * Returns: (transfer none): a translated sentence; "Unknown event" for unknown codes
 */
const char *
cs_exception_code_describe (guint code)
{
  gboolean rec = FALSE;
  const CodeInfo *info = lookup (code, &rec);

  if (info == NULL)
    return _("Unknown event");
  return _(rec ? info->recover_description : info->description);
}

gboolean
cs_exception_code_is_recovery (guint code)
{
  gboolean rec = FALSE;

  return lookup (code, &rec) != NULL && rec;
}
