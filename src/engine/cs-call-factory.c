/* cs-call-factory.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gst/gst.h>

#include "cs-call-factory.h"
#include "cs-camera.h"
#include "cs-error.h"
#include "cs-janus-call.h"
#include "cs-lab-call.h"
#include "cs-whep-call.h"
#include "cs-whip-call.h"

typedef CsCallSession *(*NewSession) (const CsCallConfig *config, GError **error);

#define CONSTRUCTOR(name, new_func)                                            \
  static CsCallSession *                                                       \
  name (const CsCallConfig *config, GError **error)                           \
  {                                                                            \
    return (CsCallSession *) new_func (config, error);                         \
  }

CONSTRUCTOR (new_lab, cs_lab_call_new)
CONSTRUCTOR (new_janus, cs_janus_call_new)
CONSTRUCTOR (new_whip, cs_whip_call_new)
CONSTRUCTOR (new_whep, cs_whep_call_new)

/* every kind of call: its mode, its name in recordings and its constructor (none: the
 * mode has no engine, the controller reads the recording itself) */
static const struct
{
  CsCallMode  mode;
  const char *name;
  NewSession  new_session;
} kinds[] = {
  { CS_CALL_MODE_LAB, "lab", new_lab },
  { CS_CALL_MODE_JANUS, "janus", new_janus },
  { CS_CALL_MODE_WHIP, "whip", new_whip },
  { CS_CALL_MODE_WHEP, "whep", new_whep },
  { CS_CALL_MODE_REPLAY, "replay", NULL },
};

const char *
cs_call_factory_mode_name (CsCallMode mode)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (kinds[i].mode == mode)
      return kinds[i].name;
  return "lab";
}

/* The camera of @config is there: its Camera portal remote (asked for beforehand, as
 * cs_call_controller_start_async() does, for the lab, Janus and WHIP alike), or the device
 * directly outside a sandbox. */
static gboolean
camera_ready (const CsCallConfig *config, GError **error)
{
  if (config->camera_portal)
    return TRUE;
  if (cs_camera_needs_portal ())
    {
      g_set_error (error, CS_CAMERA_ERROR, CS_CAMERA_ERROR_FAILED,
                   _("The camera must be asked for through the Camera portal before the call starts"));
      return FALSE;
    }
  return cs_camera_check (error);
}

CsCallSession *
cs_call_factory_new_session (const CsCallConfig *config, GError **error)
{
  g_return_val_if_fail (config != NULL, NULL);

  /* the window does not initialise GStreamer itself: every kind of call starts here */
  if (!gst_is_initialized ())
    gst_init (NULL, NULL);
  /* a camera that is not there is said, never replaced by a test picture (cs-camera.c) */
  if (cs_call_config_sends_camera (config) && !camera_ready (config, error))
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (kinds[i].mode == config->mode && kinds[i].new_session != NULL)
      return kinds[i].new_session (config, error);
  /* a replay has no engine: the window and the headless mode read the recording themselves */
  g_set_error (error, CS_ERROR, CS_ERROR_FAILED, _("This kind of call is not available in this build"));
  return NULL;
}
