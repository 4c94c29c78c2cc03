/* cs-window-call.c — CsWindow starts and stops calls and recordings through its controller
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cs-call-controller.h"
#include "cs-details-pane.h"
#include "cs-event-log.h"
#include "cs-video-paintable.h"
#include "cs-video-tile.h"
#include "cs-window-private.h"

/* ---- recording --------------------------------------------------------------------- */

void
_cs_window_stop_recorder (CsWindow *self, gboolean announce)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_strdup (cs_call_controller_get_record_path (self->controller));
  /* a failure was toasted when it happened (recorder_failed_cb) */
  gboolean told = cs_call_controller_get_record_failed (self->controller);

  if (!cs_call_controller_get_recording (self->controller))
    return;
  if (!cs_call_controller_stop_recording (self->controller, &error))
    {
      if (!told)
        _cs_window_toast (self, error->message);
    }
  else if (path != NULL)
    {
      g_autoptr (GFile) file = g_file_new_for_path (path);

      _cs_window_set_call_file (self, file);
    }
  if (announce && path != NULL && error == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Saved the recording to %s"), path);
      _cs_window_toast (self, text);
    }
}

static void set_record_state (CsWindow *self, gboolean on);

/* Writing failed (a full disk): the recording stopped at once, ending on a whole line; the
 * controller logged it in the model's events (the event log shows it). Say so; the call goes on. */
static void
recorder_failed_cb (CsCallController *controller, const GError *error, CsWindow *self)
{
  /* TRANSLATORS: %s says why, e.g. "Cannot write the recording “a.jsonl”: No space left on device" */
  g_autofree char *text = g_strdup_printf (_("The recording stopped: %s"), error->message);

  _cs_window_toast (self, text);
  set_record_state (self, FALSE);
}

gboolean
_cs_window_start_recorder (CsWindow *self, const char *path)
{
  g_autoptr (GError) error = NULL;

  _cs_window_stop_recorder (self, FALSE);
  if (!cs_call_controller_start_recording (self->controller, path, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Cannot record the call: %s"), error->message);
      _cs_window_toast (self, text);
      return FALSE;
    }
  /* attached during a call, it writes at once: it may have failed already (and said so) */
  if (cs_call_controller_get_record_failed (self->controller))
    return FALSE;
  {
    g_autofree char *text = g_strdup_printf (_("Recording to %s"),
                                             cs_call_controller_get_record_path (self->controller));
    _cs_window_toast (self, text);
  }
  return TRUE;
}

static void
set_record_state (CsWindow *self, gboolean on)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "record");

  g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (on));
}

/* ---- call control ------------------------------------------------------------------ */

void
_cs_window_set_call_running (CsWindow *self, gboolean running)
{
  gtk_widget_set_visible (self->start_button, !running);
  gtk_widget_set_visible (self->stop_button, running);
  gtk_widget_set_visible (self->join_button, !running);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "stop-call")), running);
}

void
_cs_window_stop_call (CsWindow *self)
{
  /* a call still waiting for the Camera portal's answer does not start */
  g_cancellable_cancel (self->start_cancellable);
  g_clear_object (&self->start_cancellable);
  /* the recording ends after the call, so that it has the leave */
  cs_call_controller_end_call (self->controller);
  _cs_window_stop_recorder (self, TRUE);
  set_record_state (self, FALSE);
  _cs_window_set_call_running (self, FALSE);
  _cs_window_update_subtitle (self);
  _cs_window_reproduce_call_stopped (self);
}

static void
session_error_cb (CsCallController *controller, double t, const char *message, CsWindow *self)
{
  _cs_window_toast (self, message);
  cs_event_log_add_connection (self->event_log, t, cs_stats_model_get_local_uid (self->model), message);
}

/* The lab's "step": a scenario step or an impairment was applied: the cause of what follows. */
static void
session_step_cb (CsCallController *controller, double t, const char *uid, const char *description,
                 CsWindow *self)
{
  g_autofree char *text = g_strdup_printf (_("Network changed: %s"), description);

  cs_event_log_add_connection (self->event_log, t,
                               uid != NULL && *uid != '\0' ? uid : cs_stats_model_get_local_uid (self->model),
                               text);
}

/* The server was lost (the call joins again) or joined again: a toast, a line in the log,
 * and the subtitle says it while down. */
static void
server_state_cb (CsCallController *controller, double t, gboolean up, const char *message, CsWindow *self)
{
  _cs_window_toast (self, message);
  cs_event_log_add_connection (self->event_log, t, cs_stats_model_get_local_uid (self->model), message);
  _cs_window_update_subtitle (self);
}

static void
session_ended_cb (CsCallController *controller, gboolean failed, CsWindow *self)
{
  if (failed)
    _cs_window_toast (self, _("The call failed and has ended"));
  _cs_window_stop_call (self);
}

/* The call runs: the window shows it, and records it when asked. */
static void
call_started (CsWindow *self, const char *record, gboolean want_record)
{
  gtk_stack_set_visible_child_name (self->main_stack, "call");
  _cs_window_set_call_running (self, TRUE);
  if (record != NULL || want_record)
    set_record_state (self, _cs_window_start_recorder (self, record));
  _cs_window_update_subtitle (self);
}

static void
call_not_started (CsWindow *self, const GError *error)
{
  g_autofree char *text = g_strdup_printf (_("Cannot start the call: %s"), error->message);

  _cs_window_toast (self, text);
}

typedef struct
{
  CsWindow     *self;
  GCancellable *cancellable;
  char         *record;
  gboolean      want_record;
} Starting;

static void
starting_free (Starting *starting)
{
  g_object_unref (starting->self);
  g_object_unref (starting->cancellable);
  g_free (starting->record);
  g_free (starting);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Starting, starting_free)

/* In the sandbox, after the Camera portal's answer: the call runs, or cannot. */
static void
started_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (Starting) starting = user_data;
  CsWindow *self = starting->self;
  g_autoptr (GError) error = NULL;
  gboolean started = cs_call_controller_start_finish (CS_CALL_CONTROLLER (source), result, &error);

  /* stopped or replaced while the portal asked: nothing to say, and the wait of the call
   * that replaced it (if any) is not this one's */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (self->start_cancellable == starting->cancellable)
    g_clear_object (&self->start_cancellable);
  if (started)
    call_started (self, starting->record, starting->want_record);
  else
    call_not_started (self, error);
}

void
cs_window_start_call (CsWindow *self, const CsCallConfig *config)
{
  g_autoptr (GError) error = NULL;
  CsCallConfig effective;
  Starting *starting;
  gboolean want_record;

  g_return_if_fail (CS_IS_WINDOW (self));
  g_return_if_fail (config != NULL);

  if (config->mode == CS_CALL_MODE_REPLAY)
    {
      g_autoptr (GFile) file = g_file_new_for_commandline_arg (config->replay_file);
      cs_window_open_recording (self, file);
      return;
    }

  want_record = g_variant_get_boolean (g_action_group_get_action_state (G_ACTION_GROUP (self), "record"));
  _cs_window_stop_call (self);
  _cs_window_reset_videos (self);
  /* the window starts the recording once the call runs, with its own messages; the copy
   * is shallow: it borrows every string of @config (the controller copies what it keeps) */
  effective = *config;
  effective.record = NULL;
  if (!cs_call_controller_start_waits (&effective))
    {
      if (cs_call_controller_start (self->controller, &effective, &error))
        call_started (self, config->record, want_record);
      else
        call_not_started (self, error);
      return;
    }
  /* inside the sandbox the Camera portal asks the user first; the window goes on meanwhile */
  starting = g_new0 (Starting, 1);
  starting->self = g_object_ref (self);
  starting->record = g_strdup (config->record);
  starting->want_record = want_record;
  self->start_cancellable = g_cancellable_new ();
  starting->cancellable = g_object_ref (self->start_cancellable);
  cs_call_controller_start_async (self->controller, &effective, self->start_cancellable, started_cb, starting);
}

void
_cs_window_call_init (CsWindow *self)
{
  g_signal_connect (self->controller, "error", G_CALLBACK (session_error_cb), self);
  g_signal_connect (self->controller, "step", G_CALLBACK (session_step_cb), self);
  g_signal_connect (self->controller, "ended", G_CALLBACK (session_ended_cb), self);
  g_signal_connect (self->controller, "server-state", G_CALLBACK (server_state_cb), self);
  g_signal_connect (self->controller, "record-failed", G_CALLBACK (recorder_failed_cb), self);
}

