/* cs-call-controller-camera.c — a call with the camera starts once the camera is there
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Inside the sandbox the camera is asked of the Camera portal first (cs-camera.h), which
 * may take as long as the user reads its dialog: cs_call_controller_start_async() waits for
 * it on the main loop, then starts the call with the portal's PipeWire remote, as
 * cs_call_controller_start() does, for a lab, WHIP or Janus call alike. Outside a sandbox, or
 * without the camera, it is cs_call_controller_start() at once.
 */
#include "config.h"

#include <unistd.h>

#include "cs-call-controller-private.h"
#include "cs-camera.h"

typedef struct
{
  CsCallConfig config;
} Start;

static void
start_free (Start *start)
{
  cs_call_config_clear (&start->config);
  g_free (start);
}

static void
start_now (GTask *task)
{
  Start *start = g_task_get_task_data (task);
  GError *error = NULL;

  if (cs_call_controller_start (g_task_get_source_object (task), &start->config, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
camera_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  Start *start = g_task_get_task_data (task);
  GError *error = NULL;
  int fd = -1;

  if (!cs_camera_open_finish (result, &fd, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  /* the user may have given up on the call while the portal asked */
  if (g_task_return_error_if_cancelled (task))
    {
      if (fd >= 0)
        close (fd);
      return;
    }
  start->config.camera_portal = fd >= 0;
  start->config.camera_fd = fd;
  start_now (task);
  /* the session has its own duplicate */
  if (fd >= 0)
    close (fd);
}

gboolean
cs_call_controller_start_waits (const CsCallConfig *config)
{
  g_return_val_if_fail (config != NULL, FALSE);
  /* the lab, WHIP and a publishing Janus call send it (cs-sender-camera.c for the last two) */
  return cs_call_config_sends_camera (config) && cs_camera_needs_portal ();
}

void
cs_call_controller_start_async (CsCallController   *self,
                                const CsCallConfig *config,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  Start *start;

  g_return_if_fail (CS_IS_CALL_CONTROLLER (self));
  g_return_if_fail (config != NULL && config->mode != CS_CALL_MODE_REPLAY);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_call_controller_start_async);
  start = g_new0 (Start, 1);
  cs_call_config_copy (&start->config, config);
  g_task_set_task_data (task, start, (GDestroyNotify) start_free);
  if (cs_call_controller_start_waits (config))
    cs_camera_open_async (NULL, TRUE, cancellable, camera_cb, g_steal_pointer (&task));
  else
    start_now (task);
}

gboolean
cs_call_controller_start_finish (CsCallController *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
