/* cs-call-controller.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>

#include "cs-call-controller-private.h"
#include "cs-error.h"
#include "cs-exception-event.h"
#include "cs-ice-servers.h"

#define MAX_RECENT_SERVERS 10


G_DEFINE_FINAL_TYPE (CsCallController, cs_call_controller, G_TYPE_OBJECT)

enum { PROP_0, PROP_RUNNING, PROP_REPLAYING, PROP_REPLAY_PROGRESS, PROP_START_TIME, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { SIGNAL_ERROR, SIGNAL_STEP, SIGNAL_ENDED, SIGNAL_RECORD_FAILED, SIGNAL_SERVER_STATE, N_SIGNALS };
static guint signals[N_SIGNALS];

const char *
cs_call_mode_name (CsCallMode mode)
{
  return cs_call_factory_mode_name (mode);
}

/* ---- life cycle -------------------------------------------------------------------- */

static void
cs_call_controller_dispose (GObject *object)
{
  CsCallController *self = CS_CALL_CONTROLLER (object);

  cs_call_controller_stop (self, NULL);
  if (self->sink_destroy != NULL)
    self->sink_destroy (self->sink_data);
  self->sink_destroy = NULL;
  self->sink_factory = NULL;
  g_clear_object (&self->digest);
  g_clear_signal_handler (&self->rotate_handler, self->model);
  g_clear_object (&self->model);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (cs_call_controller_parent_class)->dispose (object);
}

static void
cs_call_controller_finalize (GObject *object)
{
  CsCallController *self = CS_CALL_CONTROLLER (object);

  g_free (self->record_path);
  g_free (self->mode_name);
  g_free (self->last_error);
  g_clear_object (&self->source);
  g_clear_object (&self->connections);
  G_OBJECT_CLASS (cs_call_controller_parent_class)->finalize (object);
}

static void
cs_call_controller_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CsCallController *self = CS_CALL_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, cs_call_controller_get_running (self));
      break;
    case PROP_REPLAYING:
      g_value_set_boolean (value, cs_call_controller_get_replaying (self));
      break;
    case PROP_REPLAY_PROGRESS:
      g_value_set_double (value, cs_call_controller_get_replay_progress (self));
      break;
    case PROP_START_TIME:
      g_value_set_double (value, self->start_time);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_call_controller_class_init (CsCallControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cs_call_controller_dispose;
  object_class->finalize = cs_call_controller_finalize;
  object_class->get_property = cs_call_controller_get_property;

  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                   G_PARAM_STATIC_STRINGS);
  properties[PROP_REPLAYING] = g_param_spec_boolean ("replaying", NULL, NULL, FALSE,
                                                     G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                     G_PARAM_STATIC_STRINGS);
  properties[PROP_REPLAY_PROGRESS] = g_param_spec_double ("replay-progress", NULL, NULL, 0, 1, 0,
                                                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                          G_PARAM_STATIC_STRINGS);
  /* NAN when unknown */
  properties[PROP_START_TIME] = g_param_spec_double ("start-time", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                                                     G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                     G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                        NULL, G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_STRING);
  signals[SIGNAL_STEP] = g_signal_new ("step", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 3, G_TYPE_DOUBLE, G_TYPE_STRING, G_TYPE_STRING);
  signals[SIGNAL_ENDED] = g_signal_new ("ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                        NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  signals[SIGNAL_RECORD_FAILED] = g_signal_new ("record-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
  signals[SIGNAL_SERVER_STATE] = g_signal_new ("server-state", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                               NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_DOUBLE, G_TYPE_BOOLEAN,
                                               G_TYPE_STRING);
}

static void
cs_call_controller_init (CsCallController *self)
{
  self->model = cs_stats_model_new ();
  self->digest = cs_call_digest_new (self->model);
  self->mode_name = g_strdup ("lab");
  self->start_time = NAN;
  self->connections = g_list_store_new (CS_TYPE_CONNECTION_INFO);
}

static void
set_start_time (CsCallController *self, double start)
{
  if (self->start_time == start || (isnan (self->start_time) && isnan (start)))
    return;
  self->start_time = start;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_START_TIME]);
}

double
cs_call_controller_get_start_time (CsCallController *self)
{
  g_return_val_if_fail (CS_IS_CALL_CONTROLLER (self), NAN);
  return self->start_time;
}

void
_cs_call_controller_notify_replay (CsCallController *self, gboolean progress_only)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPLAY_PROGRESS]);
  if (!progress_only)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPLAYING]);
}

CsCallController *
cs_call_controller_new (GSettings *settings)
{
  CsCallController *self;

  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);
  self = g_object_new (CS_TYPE_CALL_CONTROLLER, NULL);
  g_set_object (&self->settings, settings);
  return self;
}

CsStatsModel *
cs_call_controller_get_model (CsCallController *self)
{
  g_return_val_if_fail (CS_IS_CALL_CONTROLLER (self), NULL);
  return self->model;
}

CsCallDigest *
cs_call_controller_get_digest (CsCallController *self)
{
  g_return_val_if_fail (CS_IS_CALL_CONTROLLER (self), NULL);
  return self->digest;
}

CsRecordingReader *
cs_call_controller_get_source (CsCallController *self)
{
  g_return_val_if_fail (CS_IS_CALL_CONTROLLER (self), NULL);
  return self->source;
}

CsCallSession *
cs_call_controller_get_session (CsCallController *self)
{
  g_return_val_if_fail (CS_IS_CALL_CONTROLLER (self), NULL);
  return self->session;
}

gboolean
cs_call_controller_get_running (CsCallController *self)
{
  g_return_val_if_fail (CS_IS_CALL_CONTROLLER (self), FALSE);
  /* a call whose server is lost runs on, between its sessions */
  return self->session != NULL || self->down;
}

gboolean
cs_call_controller_get_down (CsCallController *self)
{
  g_return_val_if_fail (CS_IS_CALL_CONTROLLER (self), FALSE);
  return self->down;
}

const char *
cs_call_controller_get_mode_name (CsCallController *self)
{
  g_return_val_if_fail (CS_IS_CALL_CONTROLLER (self), NULL);
  return self->mode_name;
}

void
cs_call_controller_set_video_sink_factory (CsCallController  *self,
                                           CsVideoSinkFactory factory,
                                           gpointer           user_data,
                                           GDestroyNotify     destroy)
{
  g_return_if_fail (CS_IS_CALL_CONTROLLER (self));
  if (self->sink_destroy != NULL)
    self->sink_destroy (self->sink_data);
  self->sink_factory = factory;
  self->sink_data = user_data;
  self->sink_destroy = destroy;
}

/* ---- settings ---------------------------------------------------------------------- */

static gboolean
settings_has (CsCallController *self, const char *key)
{
  g_autoptr (GSettingsSchema) schema = NULL;

  if (self->settings == NULL)
    return FALSE;
  g_object_get (self->settings, "settings-schema", &schema, NULL);
  return g_settings_schema_has_key (schema, key);
}

void
cs_call_controller_apply_thresholds (CsCallController *self)
{
  CsThresholds t;

  g_return_if_fail (CS_IS_CALL_CONTROLLER (self));
  cs_thresholds_init_defaults (&t);
  if (settings_has (self, "poor-quality-score"))
    {
      t.capture_fps_min = g_settings_get_double (self->settings, "capture-fps-min");
      t.send_fps_min = g_settings_get_double (self->settings, "send-fps-min");
      t.send_video_kbps_min = g_settings_get_double (self->settings, "send-video-kbps-min");
      t.audio_input_level_min = g_settings_get_double (self->settings, "audio-input-level-min");
      t.audio_output_level_min = g_settings_get_double (self->settings, "audio-output-level-min");
      t.send_audio_kbps_min = g_settings_get_double (self->settings, "send-audio-kbps-min");
      t.poor_quality_score = g_settings_get_uint (self->settings, "poor-quality-score");
      t.media_stopped_s = g_settings_get_double (self->settings, "media-stopped-seconds");
      t.window = g_settings_get_uint (self->settings, "hysteresis-window");
      t.raise_count = MIN (g_settings_get_uint (self->settings, "hysteresis-raise-count"), t.window);
    }
  cs_stats_model_set_thresholds (self->model, &t);
}

static void
remember_server (CsCallController *self, const char *url)
{
  g_auto (GStrv) old = NULL;
  g_autoptr (GStrvBuilder) builder = NULL;
  g_auto (GStrv) list = NULL;
  guint n = 1;

  if (url == NULL || !settings_has (self, "recent-servers"))
    return;
  old = g_settings_get_strv (self->settings, "recent-servers");
  builder = g_strv_builder_new ();
  g_strv_builder_add (builder, url);
  for (guint i = 0; old[i] != NULL && n < MAX_RECENT_SERVERS; i++)
    if (g_strcmp0 (old[i], url) != 0)
      {
        g_strv_builder_add (builder, old[i]);
        n++;
      }
  list = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-servers", (const char *const *) list);
}

/* ---- recording --------------------------------------------------------------------- */

static void
on_record_failed (CsRecorder *recorder, const GError *error, CsCallController *self)
{
  cs_stats_model_add_notice (self->model, CS_EXCEPTION_RECORDING_FAILED, CS_UNKNOWN);
  g_signal_emit (self, signals[SIGNAL_RECORD_FAILED], 0, error);
}

gboolean
cs_call_controller_stop_recording (CsCallController *self, GError **error)
{
  g_autoptr (CsRecorder) recorder = NULL;
  gboolean ok;

  g_return_val_if_fail (CS_IS_CALL_CONTROLLER (self), FALSE);
  if (self->recorder == NULL)
    return TRUE;
  recorder = g_steal_pointer (&self->recorder);
  g_signal_handlers_disconnect_by_data (recorder, self);
  ok = cs_recorder_close (recorder, error);
  if (ok && self->record_dead)
    {
      /* --record-max: a next file could not be created ("record-failed" said why) */
      g_set_error (error, CS_ERROR, CS_ERROR_FAILED, _("The recording stopped: its next file could not be created"));
      ok = FALSE;
    }
  self->record_dead = FALSE;
  g_clear_pointer (&self->record_path, g_free);
  return ok;
}

gboolean
cs_call_controller_start_recording (CsCallController *self, const char *path, GError **error)
{
  g_autofree char *auto_path = NULL;
  g_autoptr (GError) close_error = NULL;

  g_return_val_if_fail (CS_IS_CALL_CONTROLLER (self), FALSE);
  cs_call_controller_stop_recording (self, &close_error);
  if (path == NULL)
    {
      const char *docs = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
      g_autofree char *folder = settings_has (self, "last-record-folder")
                                ? g_settings_get_string (self->settings, "last-record-folder") : NULL;
      g_autofree char *dir = (folder != NULL && *folder != '\0')
                             ? g_strdup (folder)
                             : g_build_filename (docs != NULL ? docs : g_get_home_dir (), "Callscope", NULL);
      g_autoptr (GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *name = g_date_time_format (now, "callscope-%Y%m%d-%H%M%S.jsonl");

      g_mkdir_with_parents (dir, 0755);
      auto_path = g_build_filename (dir, name, NULL);
      path = auto_path;
    }
  if (self->source != NULL)
    {
      CsRecorderHeader header = { 0 };

      /* an import's recording says what it was made from; a replay's is a new session */
      if (g_strcmp0 (self->mode_name, "import") == 0)
        {
          header.start = cs_recording_reader_get_start_time (self->source);
          header.source_format = cs_recording_reader_get_source_format (self->source);
          header.source_browser = cs_recording_reader_get_source_browser (self->source);
          header.source_file = cs_recording_reader_get_source_file (self->source);
        }
      self->recorder = cs_recorder_new_with_header (path, self->mode_name, &header, error);
    }
  else
    self->recorder = cs_recorder_new (path, self->mode_name, error);
  if (self->recorder == NULL)
    return FALSE;
  g_signal_connect (self->recorder, "failed", G_CALLBACK (on_record_failed), self);
  self->record_path = g_strdup (path);
  cs_recorder_attach (self->recorder, self->model);
  if (g_strcmp0 (path, "-") != 0)
    _cs_call_controller_rotate_begin (self);
  return TRUE;
}

gboolean
cs_call_controller_get_recording (CsCallController *self)
{
  g_return_val_if_fail (CS_IS_CALL_CONTROLLER (self), FALSE);
  return self->recorder != NULL;
}

gboolean
cs_call_controller_get_record_failed (CsCallController *self)
{
  g_return_val_if_fail (CS_IS_CALL_CONTROLLER (self), FALSE);
  return self->recorder != NULL && (self->record_dead || cs_recorder_get_failed (self->recorder));
}

const char *
cs_call_controller_get_record_path (CsCallController *self)
{
  g_return_val_if_fail (CS_IS_CALL_CONTROLLER (self), NULL);
  return self->record_path;
}

/* ---- the call ---------------------------------------------------------------------- */

static double
session_time (CsCallController *self, CsCallSession *session)
{
  double t = cs_call_session_get_time (session);

  return isnan (t) ? cs_stats_model_get_duration (self->model) : t;
}

static void
on_session_error (CsCallSession *session, const char *message, CsCallController *self)
{
  double t = session_time (self, session);

  g_free (self->last_error);
  self->last_error = g_strdup (message);
  if (self->recorder != NULL)
    cs_recorder_write_event (self->recorder, t, "error", "", message);
  g_signal_emit (self, signals[SIGNAL_ERROR], 0, t, message);
}

static void
on_session_step (CsCallSession *session, double t, const char *uid, const char *description,
                 CsCallController *self)
{
  if (self->recorder != NULL)
    {
      g_autofree char *msg = g_strdup_printf ("impairment %s", description);

      cs_recorder_write_event (self->recorder, t, "info", uid, msg);
    }
  g_signal_emit (self, signals[SIGNAL_STEP], 0, t, uid, description);
}

/* The session stopped on its own: end the call (the recording goes on until the owner
 * stops it, so that what it says about the end is in it), then tell the owner. */
static void
on_session_ended (CsCallSession *session, gboolean failed, CsCallController *self)
{
  g_autoptr (CsCallSession) ended = g_object_ref (session);

  /* a call with a server that was up joins again (cs-call-controller-retry.c) */
  if (failed && _cs_call_controller_retry_on_failure (self, session))
    return;
  g_signal_emit (self, signals[SIGNAL_ENDED], 0, failed);
}

static void
on_session_up (CsCallSession *session, GParamSpec *pspec, CsCallController *self)
{
  _cs_call_controller_retry_on_up (self, session);
}

void
_cs_call_controller_attach_session (CsCallController *self, CsCallSession *session)
{
  if (self->sink_factory != NULL)
    cs_call_session_set_video_sink_factory (session, self->sink_factory, self->sink_data, NULL);
  g_signal_connect (session, "error", G_CALLBACK (on_session_error), self);
  g_signal_connect (session, "step", G_CALLBACK (on_session_step), self);
  g_signal_connect (session, "ended", G_CALLBACK (on_session_ended), self);
  g_signal_connect (session, "notify::up", G_CALLBACK (on_session_up), self);
}

typedef struct
{
  GWeakRef      controller;
  GApplication *app;        /* held until the goodbye is done; nullable */
  GTask        *task;       /* nullable: nobody waits */
} Goodbye;

static void
on_goodbye (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Goodbye *g = user_data;
  g_autoptr (GError) error = NULL;

  if (!cs_call_session_stop_finish (CS_CALL_SESSION (source), result, &error))
    {
      g_autoptr (CsCallController) self = g_weak_ref_get (&g->controller);

      if (g->task != NULL)
        g_task_return_error (g->task, g_steal_pointer (&error));
      else if (self != NULL)
        g_signal_emit (self, signals[SIGNAL_ERROR], 0, cs_stats_model_get_duration (self->model), error->message);
      else
        g_message ("%s", error->message);
    }
  else if (g->task != NULL)
    g_task_return_boolean (g->task, TRUE);
  g_clear_object (&g->task);
  if (g->app != NULL)
    {
      g_application_release (g->app);
      g_object_unref (g->app);
    }
  g_weak_ref_clear (&g->controller);
  g_free (g);
}

/* @task: (transfer full) (nullable) completed when the goodbye is done */
static void
end_call (CsCallController *self, GTask *task)
{
  gboolean was_down = self->down;

  _cs_call_controller_retry_clear (self);
  if (self->session == NULL && was_down)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  if (self->session != NULL)
    {
      g_autoptr (CsCallSession) session = g_steal_pointer (&self->session);
      Goodbye *g = g_new0 (Goodbye, 1);

      g_weak_ref_init (&g->controller, self);
      g->task = task;
      g->app = g_application_get_default ();
      if (g->app != NULL)
        {
          g_object_ref (g->app);
          g_application_hold (g->app);
        }
      g_signal_handlers_disconnect_by_data (session, self);
      g_signal_handlers_disconnect_by_data (cs_call_session_get_connections (session), self);
      cs_call_session_stop_async (session, NULL, on_goodbye, g);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
    }
  else if (task != NULL)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
    }
  if (cs_stats_model_get_state (self->model) == CS_CALL_STATE_JOINED)
    cs_stats_model_leave (self->model);
}

void
_cs_call_controller_end_session (CsCallController *self)
{
  end_call (self, NULL);
}

void
cs_call_controller_end_call_async (CsCallController   *self,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data)
{
  GTask *task;

  g_return_if_fail (CS_IS_CALL_CONTROLLER (self));
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_call_controller_end_call_async);
  _cs_call_controller_cancel_replay (self);
  end_call (self, task);
}

gboolean
cs_call_controller_end_call_finish (CsCallController *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
cs_call_controller_end_call (CsCallController *self)
{
  g_return_if_fail (CS_IS_CALL_CONTROLLER (self));
  _cs_call_controller_cancel_replay (self);
  _cs_call_controller_end_session (self);
}

gboolean
cs_call_controller_stop (CsCallController *self, GError **error)
{
  g_return_val_if_fail (CS_IS_CALL_CONTROLLER (self), FALSE);
  cs_call_controller_end_call (self);
  return cs_call_controller_stop_recording (self, error);
}

void
_cs_call_controller_set_source (CsCallController *self, CsRecordingReader *reader)
{
  g_autoptr (GDateTime) start = NULL;
  const char *iso = cs_recording_reader_get_start_time (reader);

  g_set_object (&self->source, reader);
  /* a recording's start is when its call began (an import's: the dump's first time) */
  start = iso != NULL && *iso != '\0' ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  set_start_time (self, start != NULL ? g_date_time_to_unix (start) + g_date_time_get_microsecond (start) / 1e6 : NAN);
  g_free (self->mode_name);
  /* an import stays one when it is recorded; a recording replayed is a replay */
  self->mode_name = g_strdup (g_strcmp0 (cs_recording_reader_get_mode (reader), "import") == 0
                              ? "import" : cs_call_mode_name (CS_CALL_MODE_REPLAY));
  _cs_call_controller_set_connections (self, cs_recording_reader_get_connections (reader));
}

void
_cs_call_controller_set_connections (CsCallController *self, GPtrArray *infos)
{
  g_list_store_splice (self->connections, 0, g_list_model_get_n_items (G_LIST_MODEL (self->connections)),
                       infos != NULL ? infos->pdata : NULL, infos != NULL ? infos->len : 0);
}

/* A live call's connections are added, never removed, while it runs: they stay when it ends. */
void
_cs_call_controller_on_connections (GListModel *list, guint position, guint removed, guint added,
                                    CsCallController *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr (CsConnectionInfo) info = g_list_model_get_item (list, i);

      g_list_store_append (self->connections, info);
    }
}

GListModel *
cs_call_controller_get_connections (CsCallController *self)
{
  g_return_val_if_fail (CS_IS_CALL_CONTROLLER (self), NULL);
  return G_LIST_MODEL (self->connections);
}

gboolean
cs_call_controller_replay (CsCallController  *self,
                           CsRecordingReader *reader,
                           const char        *record,
                           GError           **error)
{
  g_return_val_if_fail (CS_IS_CALL_CONTROLLER (self), FALSE);
  g_return_val_if_fail (CS_IS_RECORDING_READER (reader), FALSE);

  cs_call_controller_end_call (self);
  _cs_call_controller_set_source (self, reader);
  if (record != NULL && !cs_call_controller_start_recording (self, record, error))
    return FALSE;
  cs_call_controller_apply_thresholds (self);
  cs_recording_reader_replay (reader, self->model);
  return TRUE;
}

gboolean
cs_call_controller_start (CsCallController *self, const CsCallConfig *config, GError **error)
{
  g_autoptr (CsCallSession) session = NULL;
  g_auto (GStrv) default_ice_servers = NULL;
  CsCallConfig effective;

  g_return_val_if_fail (CS_IS_CALL_CONTROLLER (self), FALSE);
  g_return_val_if_fail (config != NULL && config->mode != CS_CALL_MODE_REPLAY, FALSE);

  /* a call that names no STUN/TURN server gets the ones in the settings; the copy is
   * shallow: it borrows every string of @config */
  effective = *config;
  if (config->mode != CS_CALL_MODE_LAB && (config->ice_servers == NULL || config->ice_servers[0] == NULL))
    {
      default_ice_servers = cs_ice_servers_from_settings (self->settings);
      if (default_ice_servers != NULL)
        effective.ice_servers = default_ice_servers;
    }
  config = &effective;

  cs_call_controller_stop (self, NULL);
  g_free (self->mode_name);
  self->mode_name = g_strdup (cs_call_mode_name (config->mode));
  g_clear_object (&self->source);
  _cs_call_controller_set_connections (self, NULL);
  remember_server (self, config->janus_url);
  remember_server (self, config->whip_url);
  remember_server (self, config->whep_url);

  session = cs_call_factory_new_session (config, error);
  if (session == NULL)
    return FALSE;
  cs_call_controller_set_record_max (self, config->record_max_bytes, config->record_max_seconds);
  if (config->record != NULL && !cs_call_controller_start_recording (self, config->record, error))
    return FALSE;
  _cs_call_controller_attach_session (self, session);
  cs_call_controller_apply_thresholds (self);
  if (!cs_call_session_start (session, self->model, error))
    {
      g_signal_handlers_disconnect_by_data (session, self);
      cs_call_controller_stop_recording (self, NULL);
      return FALSE;
    }
  self->session = g_steal_pointer (&session);
  _cs_call_controller_retry_setup (self, config);
  self->was_up = cs_call_session_get_up (self->session);
  /* the call's connections join the controller's list as the session finds them */
  g_signal_connect (cs_call_session_get_connections (self->session), "items-changed",
                    G_CALLBACK (_cs_call_controller_on_connections), self);
  if (cs_stats_model_get_state (self->model) != CS_CALL_STATE_JOINED)
    cs_stats_model_join (self->model, "local");
  set_start_time (self, g_get_real_time () / 1e6);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  return TRUE;
}
