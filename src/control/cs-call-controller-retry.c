/* cs-call-controller-retry.c — a call whose server is lost joins again
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A Janus, WHIP or WHEP call that was up once does not end when its session fails (the
 * server went away, restarted, stopped answering its keepalives, closed the WebSocket, or
 * the media connection failed): the controller marks the call down — a connection sample
 * "failed" between the local user and "server" (the model's 5005 CONNECTION_LOST and the
 * metric callscope_call_up 0 follow from it, in a replay as well), an `event` line in the
 * recording and "server-state" (the window's log, stderr in the headless mode) — and
 * starts a new session with the same configuration after 1 s, then 2, 4, 8, 16 and 30 s
 * at most between attempts, until one is up again or the call is ended. The back-off starts
 * from 1 s again only when the call had stayed up for 30 s before it was lost (a server that
 * lets the call join and drops it at once is not asked every second). The model stays
 * joined and the recording goes on: while no session runs the controller commits every
 * second on the call's own time line, and the new session's clock starts where it is
 * (cs_call_session_set_time_origin()). A call that never was up ends at its first failure,
 * as before: a wrong address or room is the user's to fix, and so does a camera that failed
 * (cs_call_session_get_failed_for_good()). In the sandbox each attempt asks the Camera portal
 * for the camera again (the last session's remote ended with it; the desktop remembers the
 * user's answer). docs/metrics.md says it all.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <unistd.h>

#include "cs-call-controller-private.h"
#include "cs-camera.h"
#include "cs-webrtc-stats.h"

#define RETRY_FIRST_S 1
#define RETRY_MAX_S   30
#define SERVER_UID    "server"

void
_cs_call_controller_retry_setup (CsCallController *self, const CsCallConfig *config)
{
  _cs_call_controller_retry_clear (self);
  if (config->mode != CS_CALL_MODE_JANUS && config->mode != CS_CALL_MODE_WHIP && config->mode != CS_CALL_MODE_WHEP)
    return;
  self->retry_config = g_new0 (CsCallConfig, 1);
  cs_call_config_copy (self->retry_config, config);
}

void
_cs_call_controller_retry_clear (CsCallController *self)
{
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->gap_id, g_source_remove);
  if (self->retry_camera != NULL)
    {
      g_cancellable_cancel (self->retry_camera);
      g_clear_object (&self->retry_camera);
    }
  if (self->retry_config != NULL)
    {
      cs_call_config_clear (self->retry_config);
      g_clear_pointer (&self->retry_config, g_free);
    }
  self->was_up = FALSE;
  self->down = FALSE;
  self->attempt = 0;
  self->backoff = 0;
  self->up_since = 0;
}

/* the call's t while no session keeps it */
static double
now_t (CsCallController *self)
{
  double t = (g_get_monotonic_time () - self->clock_base_us) / (double) G_USEC_PER_SEC;

  /* whole milliseconds, as the poller's */
  return MAX ((double) (gint64) (t * 1000.0) / 1000.0, cs_stats_model_get_duration (self->model));
}

static void
ingest_server_state (CsCallController *self, double t, CsConnectionState state, const char *message)
{
  CsStatsSample *s = cs_webrtc_stats_connection_sample (cs_stats_model_get_local_uid (self->model), SERVER_UID,
                                                        state, message, t);

  cs_stats_model_ingest (self->model, s);
  cs_stats_sample_free (s);
}

void
_cs_call_controller_emit_server_state (CsCallController *self, double t, gboolean up, const char *message)
{
  if (self->recorder != NULL)
    cs_recorder_write_event (self->recorder, t, up ? "info" : "warning", "", message);
  g_signal_emit_by_name (self, "server-state", t, up, message);
}

static gboolean
on_gap_tick (gpointer user_data)
{
  CsCallController *self = user_data;

  cs_stats_model_commit (self->model, now_t (self));
  return G_SOURCE_CONTINUE;
}

static void schedule_attempt (CsCallController *self, double t, const char *why);

static void
attempt_with (CsCallController *self, const CsCallConfig *config)
{
  g_autoptr (CsCallSession) session = NULL;
  g_autoptr (GError) error = NULL;
  double t = now_t (self);

  session = cs_call_factory_new_session (config, &error);
  if (session != NULL)
    {
      cs_call_session_set_time_origin (session, t);
      _cs_call_controller_attach_session (self, session);
      /* the poller of the new session keeps the time now */
      g_clear_handle_id (&self->gap_id, g_source_remove);
      if (cs_call_session_start (session, self->model, &error))
        {
          self->session = g_steal_pointer (&session);
          g_signal_connect (cs_call_session_get_connections (self->session), "items-changed",
                            G_CALLBACK (_cs_call_controller_on_connections), self);
          return;
        }
      g_signal_handlers_disconnect_by_data (session, self);
    }
  /* (a configuration that worked once: only a start that fails at once, a missing element) */
  schedule_attempt (self, t, error->message);
}

static void
attempt_camera_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (CsCallController) self = user_data;
  g_autoptr (GError) error = NULL;
  int fd = -1;

  if (!cs_camera_open_finish (result, &fd, &error))
    {
      /* the call was ended meanwhile: nothing to attempt */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->retry_config != NULL)
        {
          g_clear_object (&self->retry_camera);
          schedule_attempt (self, now_t (self), error->message);
        }
      return;
    }
  if (self->retry_config != NULL && self->retry_camera != NULL && !g_cancellable_is_cancelled (self->retry_camera))
    {
      CsCallConfig config = *self->retry_config; /* read only: the factory copies what it keeps */

      g_clear_object (&self->retry_camera);
      config.camera_portal = fd >= 0;
      config.camera_fd = fd;
      attempt_with (self, &config);
    }
  /* the session has its own duplicate */
  if (fd >= 0)
    close (fd);
}

static gboolean
on_attempt (gpointer user_data)
{
  CsCallController *self = user_data;

  self->retry_id = 0;
  self->attempt++;
  /* the Camera portal's remote of the last session ended with it: asked for again */
  if (cs_call_controller_start_waits (self->retry_config))
    {
      g_clear_object (&self->retry_camera);
      self->retry_camera = g_cancellable_new ();
      cs_camera_open_async (NULL, TRUE, self->retry_camera, attempt_camera_cb, g_object_ref (self));
    }
  else
    attempt_with (self, self->retry_config);
  return G_SOURCE_REMOVE;
}

/* the back-off: 1, 2, 4, 8, 16, then 30 s between attempts */
static guint
next_delay (guint backoff)
{
  return backoff >= 5 ? RETRY_MAX_S : MIN ((guint) RETRY_FIRST_S << backoff, RETRY_MAX_S);
}

static void
schedule_attempt (CsCallController *self, double t, const char *why)
{
  guint delay = next_delay (self->backoff);
  g_autofree char *message = NULL;

  self->backoff = MIN (self->backoff + 1, 5);
  if (self->gap_id == 0)
    self->gap_id = g_timeout_add (1000, on_gap_tick, self);
  if (self->attempt == 0)
    /* TRANSLATORS: the server of a call went away: %s says why, %u is in seconds */
    message = g_strdup_printf (ngettext ("The call is down (%s): joining again in %u second",
                                         "The call is down (%s): joining again in %u seconds", delay),
                               why, delay);
  else
    /* TRANSLATORS: attempt %u to join again failed (%s says why); the next is in %u seconds */
    message = g_strdup_printf (ngettext ("Joining again failed (attempt %u: %s): next attempt in %u second",
                                         "Joining again failed (attempt %u: %s): next attempt in %u seconds", delay),
                               self->attempt, why, delay);
  ingest_server_state (self, t, CS_CONNECTION_STATE_FAILED, why);
  _cs_call_controller_emit_server_state (self, t, FALSE, message);
  self->retry_id = g_timeout_add_seconds (delay, on_attempt, self);
}

static void
on_old_stopped (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  /* a goodbye to a server that is gone: nobody to tell */
  if (!cs_call_session_stop_finish (CS_CALL_SESSION (source), result, &error))
    g_debug ("goodbye after a lost server: %s", error->message);
}

/* outside the session's own signal emission: its last samples reach the model, it is freed */
static gboolean
stop_old (gpointer user_data)
{
  g_autoptr (CsCallSession) session = user_data;

  cs_call_session_stop_async (session, NULL, on_old_stopped, NULL);
  return G_SOURCE_REMOVE;
}

gboolean
_cs_call_controller_retry_on_failure (CsCallController *self, CsCallSession *session)
{
  CsCallSession *old;
  double t;

  if (self->retry_config == NULL || !self->was_up || session != self->session ||
      cs_call_session_get_failed_for_good (session) ||
      cs_stats_model_get_state (self->model) != CS_CALL_STATE_JOINED)
    return FALSE;
  old = g_steal_pointer (&self->session);
  g_signal_handlers_disconnect_by_data (old, self);
  g_signal_handlers_disconnect_by_data (cs_call_session_get_connections (old), self);
  g_idle_add (stop_old, old);

  t = cs_call_session_get_time (old);
  if (isnan (t))
    t = cs_stats_model_get_duration (self->model);
  self->clock_base_us = g_get_monotonic_time () - (gint64) (t * G_USEC_PER_SEC);
  if (!self->down)
    {
      self->down = TRUE;
      self->attempt = 0;
      self->down_since = t;
      if (t - self->up_since >= RETRY_MAX_S)
        self->backoff = 0;
    }
  schedule_attempt (self, t, self->last_error != NULL ? self->last_error : _("the server was lost"));
  return TRUE;
}

void
_cs_call_controller_retry_on_up (CsCallController *self, CsCallSession *session)
{
  double t;
  g_autofree char *message = NULL;

  if (session != self->session || !cs_call_session_get_up (session))
    return;
  self->was_up = TRUE;
  if (!self->down)
    {
      self->up_since = cs_stats_model_get_duration (self->model);
      return;
    }
  self->down = FALSE;
  t = now_t (self);
  self->up_since = t;
  ingest_server_state (self, t, CS_CONNECTION_STATE_CONNECTED, NULL);
  /* TRANSLATORS: the call joined its server again after %.0f seconds down, at attempt %u */
  message = g_strdup_printf (_("The call is up again after %.0f s down (attempt %u)"), t - self->down_since,
                             self->attempt);
  _cs_call_controller_emit_server_state (self, t, TRUE, message);
}
