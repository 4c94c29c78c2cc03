/* cs-call-session.c — the lifecycle every kind of call shares (see cs-call-session.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "cs-call-session-private.h"
#include "cs-error.h"
#include "cs-webrtc-connection.h"

typedef struct
{
  CsVideoSinkFactory factory;
  gpointer           factory_data;
  GDestroyNotify     factory_destroy;
  GMutex             lock;          /* the factory */
  gboolean           started;
  gboolean           running;
  gboolean           failed;
  gboolean           failed_for_good; /* the failure is not the server's (cs_call_session_fail_for_good) */
  gboolean           ended;
  gboolean           up;
  double             origin;        /* the clock's reading at start (cs_call_session_set_time_origin) */

  GMainContext      *context;       /* where the session was started */
  CsStatsModel      *model;         /* nullable */
  GstElement        *pipeline;
  CsStatsPoller     *poller;
  guint              bus_watch;
  GListStore        *connections;   /* CsConnectionInfo, one per webrtcbin polled */
  GHashTable        *by_webrtcbin;  /* webrtcbin's name -> CsConnectionInfo (borrowed) */
} CsCallSessionPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (CsCallSession, cs_call_session, G_TYPE_OBJECT)

enum { SIGNAL_ERROR, SIGNAL_ENDED, SIGNAL_STEP, N_SIGNALS };
static guint signals[N_SIGNALS];

enum { PROP_0, PROP_UP, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void stop_now (CsCallSession *self);
static void say_goodbye (CsCallSession *self, GTask *task);

static void
cs_call_session_dispose (GObject *object)
{
  CsCallSession *self = CS_CALL_SESSION (object);
  CsCallSessionPrivate *priv = cs_call_session_get_instance_private (self);

  if (priv->started)
    {
      stop_now (self);
      /* no source object: a task must not take a reference in dispose */
      say_goodbye (self, g_task_new (NULL, NULL, NULL, NULL));
    }
  if (priv->factory_destroy != NULL)
    priv->factory_destroy (priv->factory_data);
  priv->factory = NULL;
  priv->factory_destroy = NULL;
  priv->factory_data = NULL;
  G_OBJECT_CLASS (cs_call_session_parent_class)->dispose (object);
}

static void
cs_call_session_finalize (GObject *object)
{
  CsCallSessionPrivate *priv = cs_call_session_get_instance_private (CS_CALL_SESSION (object));

  g_clear_pointer (&priv->context, g_main_context_unref);
  g_clear_object (&priv->connections);
  g_clear_pointer (&priv->by_webrtcbin, g_hash_table_unref);
  g_mutex_clear (&priv->lock);
  G_OBJECT_CLASS (cs_call_session_parent_class)->finalize (object);
}

static void
cs_call_session_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CsCallSessionPrivate *priv = cs_call_session_get_instance_private (CS_CALL_SESSION (object));

  switch (prop_id)
    {
    case PROP_UP:
      g_value_set_boolean (value, priv->up);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
cs_call_session_real_start (CsCallSession *self, GError **error)
{
  g_set_error (error, CS_ERROR, CS_ERROR_FAILED, _("This kind of call is not available"));
  return FALSE;
}

static void
cs_call_session_real_handle_message (CsCallSession *self, GstMessage *message)
{
}

static void
cs_call_session_real_hang_up (CsCallSession *self, gboolean clean)
{
}

static void
cs_call_session_real_post_final (CsCallSession *self, double t)
{
}

static void
cs_call_session_real_release (CsCallSession *self)
{
}

static void
cs_call_session_real_goodbye (CsCallSession *self, GTask *task)
{
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static double
cs_call_session_real_get_time (CsCallSession *self)
{
  return NAN;
}

static void
cs_call_session_class_init (CsCallSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cs_call_session_dispose;
  object_class->finalize = cs_call_session_finalize;
  object_class->get_property = cs_call_session_get_property;
  klass->pipeline_name = "callscope-call";
  klass->start = cs_call_session_real_start;
  klass->handle_message = cs_call_session_real_handle_message;
  klass->hang_up = cs_call_session_real_hang_up;
  klass->post_final = cs_call_session_real_post_final;
  klass->release = cs_call_session_real_release;
  klass->goodbye = cs_call_session_real_goodbye;
  klass->get_time = cs_call_session_real_get_time;

  signals[SIGNAL_ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_ENDED] = g_signal_new ("ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  signals[SIGNAL_STEP] = g_signal_new ("step", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 3, G_TYPE_DOUBLE, G_TYPE_STRING, G_TYPE_STRING);

  properties[PROP_UP] = g_param_spec_boolean ("up", NULL, NULL, FALSE,
                                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cs_call_session_init (CsCallSession *self)
{
  CsCallSessionPrivate *priv = cs_call_session_get_instance_private (self);

  g_mutex_init (&priv->lock);
  priv->connections = g_list_store_new (CS_TYPE_CONNECTION_INFO);
  priv->by_webrtcbin = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* ------------------------------------------------------------------ bus */

static gboolean
on_bus_message (GstBus *bus, GstMessage *message, gpointer user_data)
{
  CsCallSession *self = user_data;
  CsCallSessionPrivate *priv = cs_call_session_get_instance_private (self);

  if (priv->poller != NULL && cs_stats_poller_handle_message (priv->poller, message))
    return G_SOURCE_CONTINUE;
  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_LATENCY)
    {
      if (priv->pipeline != NULL)
        gst_bin_recalculate_latency (GST_BIN (priv->pipeline));
      return G_SOURCE_CONTINUE;
    }
  CS_CALL_SESSION_GET_CLASS (self)->handle_message (self, message);
  return G_SOURCE_CONTINUE;
}

void
cs_call_session_flush (CsCallSession *self)
{
  CsCallSessionPrivate *priv = cs_call_session_get_instance_private (self);
  g_autoptr (GstBus) bus = NULL;
  GstMessage *m;

  if (priv->pipeline == NULL || priv->poller == NULL)
    return;
  bus = gst_element_get_bus (priv->pipeline);
  while ((m = gst_bus_pop_filtered (bus, GST_MESSAGE_APPLICATION)) != NULL)
    {
      cs_stats_poller_handle_message (priv->poller, m);
      gst_message_unref (m);
    }
}

/* ------------------------------------------------------------------ lifecycle */

static void
release_all (CsCallSession *self)
{
  CsCallSessionPrivate *priv = cs_call_session_get_instance_private (self);

  g_clear_handle_id (&priv->bus_watch, g_source_remove);
  if (priv->pipeline != NULL)
    {
      g_autoptr (GstBus) bus = gst_element_get_bus (priv->pipeline);

      gst_element_set_state (priv->pipeline, GST_STATE_NULL);
      gst_bus_set_flushing (bus, TRUE);
    }
  g_clear_object (&priv->poller);
  CS_CALL_SESSION_GET_CLASS (self)->release (self);
  g_clear_pointer (&priv->pipeline, gst_object_unref);
  g_clear_object (&priv->model);
}

/* A webrtcbin's reply: its pairs and its descriptions join its connection's details. */
static void
on_connection (CsStatsPoller *poller, GstElement *webrtcbin, GPtrArray *pairs, const char *selected, double t,
               const char *observer, const char *peer, CsCallSession *self)
{
  CsCallSessionPrivate *priv = cs_call_session_get_instance_private (self);
  const char *name = GST_OBJECT_NAME (webrtcbin);
  CsConnectionInfo *info = g_hash_table_lookup (priv->by_webrtcbin, name);

  if (info == NULL)
    {
      g_autofree char *label = observer != NULL && peer != NULL ? g_strdup_printf ("%s ↔ %s", observer, peer)
                                                                 : g_strdup (name);
      g_autoptr (CsConnectionInfo) made = cs_connection_info_new (name, peer != NULL ? peer : name, label);

      info = made;
      g_hash_table_insert (priv->by_webrtcbin, g_strdup (name), info);
      g_list_store_append (priv->connections, made);
    }
  for (guint i = 0; i < pairs->len; i++)
    cs_connection_info_add_pair (info, cs_candidate_pair_copy (g_ptr_array_index (pairs, i)));
  if (selected != NULL)
    cs_connection_info_add_selected (info, t, selected);
  cs_webrtc_connection_update_descriptions (info, webrtcbin, t);
}

GListModel *
cs_call_session_get_connections (CsCallSession *self)
{
  CsCallSessionPrivate *priv = cs_call_session_get_instance_private (self);

  g_return_val_if_fail (CS_IS_CALL_SESSION (self), NULL);
  return G_LIST_MODEL (priv->connections);
}

gboolean
cs_call_session_start (CsCallSession *self, CsStatsModel *model, GError **error)
{
  CsCallSessionPrivate *priv = cs_call_session_get_instance_private (self);
  CsCallSessionClass *klass;
  g_autoptr (GstBus) bus = NULL;

  g_return_val_if_fail (CS_IS_CALL_SESSION (self), FALSE);
  g_return_val_if_fail (!priv->started, FALSE);
  klass = CS_CALL_SESSION_GET_CLASS (self);

  if (!gst_is_initialized ())
    gst_init (NULL, NULL); /* for callers that make a session directly (tests, benchmarks) */
  for (guint i = 0; klass->required_elements != NULL && klass->required_elements[i] != NULL; i++)
    {
      g_autoptr (GstElementFactory) factory = gst_element_factory_find (klass->required_elements[i]);

      if (factory == NULL)
        {
          g_set_error (error, CS_ERROR, CS_ERROR_MISSING_ELEMENT,
                       _("The GStreamer element “%s” is not installed"), klass->required_elements[i]);
          return FALSE;
        }
    }

  g_clear_pointer (&priv->context, g_main_context_unref);
  priv->context = g_main_context_ref_thread_default ();
  g_set_object (&priv->model, model);
  if (model != NULL && cs_stats_model_get_state (model) != CS_CALL_STATE_JOINED)
    cs_stats_model_join (model, "local");
  priv->pipeline = gst_object_ref_sink (gst_pipeline_new (klass->pipeline_name));
  priv->poller = cs_stats_poller_new (priv->pipeline, model);
  if (priv->origin > 0)
    cs_stats_poller_set_origin (priv->poller, priv->origin);
  g_signal_connect (priv->poller, "connection", G_CALLBACK (on_connection), self);
  bus = gst_element_get_bus (priv->pipeline);
  priv->bus_watch = gst_bus_add_watch (bus, on_bus_message, self);
  priv->running = TRUE;
  priv->failed = FALSE;
  priv->failed_for_good = FALSE;
  priv->ended = FALSE;
  if (!klass->start (self, error))
    {
      priv->running = FALSE;
      klass->hang_up (self, FALSE);
      release_all (self);
      return FALSE;
    }
  priv->started = TRUE;
  return TRUE;
}

/* Everything but the goodbye: after it the model has the call's last samples. */
static void
stop_now (CsCallSession *self)
{
  CsCallSessionPrivate *priv = cs_call_session_get_instance_private (self);
  CsCallSessionClass *klass = CS_CALL_SESSION_GET_CLASS (self);

  priv->started = FALSE;
  if (priv->running)
    {
      priv->running = FALSE;
      klass->hang_up (self, TRUE);
    }
  if (priv->poller != NULL)
    {
      double t;

      cs_stats_poller_stop (priv->poller);
      t = cs_stats_poller_get_time (priv->poller);
      /* every peer leaves: the model closes the users */
      klass->post_final (self, t);
      cs_call_session_flush (self);
      if (priv->model != NULL && cs_stats_model_get_state (priv->model) == CS_CALL_STATE_JOINED)
        cs_stats_model_commit (priv->model, t);
    }
  release_all (self);
}

static void
say_goodbye (CsCallSession *self, GTask *task)
{
  g_task_set_source_tag (task, cs_call_session_stop_async);
  CS_CALL_SESSION_GET_CLASS (self)->goodbye (self, task);
}

void
cs_call_session_stop_async (CsCallSession      *self,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  CsCallSessionPrivate *priv = cs_call_session_get_instance_private (self);
  GTask *task;

  g_return_if_fail (CS_IS_CALL_SESSION (self));
  task = g_task_new (self, cancellable, callback, user_data);
  if (!priv->started)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  g_object_ref (self);
  stop_now (self);
  cs_call_session_emit_ended (self, FALSE);
  say_goodbye (self, task);
  g_object_unref (self);
}

gboolean
cs_call_session_stop_finish (CsCallSession *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
cs_call_session_stop (CsCallSession *self)
{
  cs_call_session_stop_async (self, NULL, NULL, NULL);
}

void
cs_call_session_fail (CsCallSession *self, const char *message)
{
  CsCallSessionPrivate *priv = cs_call_session_get_instance_private (self);

  g_return_if_fail (CS_IS_CALL_SESSION (self));
  if (priv->failed || !priv->running)
    return;
  priv->failed = TRUE;
  g_object_ref (self);
  cs_call_session_set_up (self, FALSE);
  /* the failed connection sample reaches the model before the pipeline stops */
  cs_call_session_flush (self);
  cs_call_session_emit_error (self, message);
  priv->running = FALSE;
  CS_CALL_SESSION_GET_CLASS (self)->hang_up (self, FALSE);
  if (priv->poller != NULL)
    cs_stats_poller_stop (priv->poller);
  if (priv->pipeline != NULL)
    gst_element_set_state (priv->pipeline, GST_STATE_NULL);
  cs_call_session_emit_ended (self, TRUE);
  g_object_unref (self);
}

void
cs_call_session_fail_for_good (CsCallSession *self, const char *message)
{
  CsCallSessionPrivate *priv = cs_call_session_get_instance_private (self);

  g_return_if_fail (CS_IS_CALL_SESSION (self));
  if (priv->failed || !priv->running)
    return;
  priv->failed_for_good = TRUE;
  cs_call_session_fail (self, message);
}

gboolean
cs_call_session_get_failed_for_good (CsCallSession *self)
{
  CsCallSessionPrivate *priv = cs_call_session_get_instance_private (self);

  g_return_val_if_fail (CS_IS_CALL_SESSION (self), FALSE);
  return priv->failed_for_good;
}

/* ------------------------------------------------------------------ for subclasses */

GstElement *
cs_call_session_get_pipeline (CsCallSession *self)
{
  CsCallSessionPrivate *priv = cs_call_session_get_instance_private (self);

  return priv->pipeline;
}

CsStatsPoller *
cs_call_session_get_poller (CsCallSession *self)
{
  CsCallSessionPrivate *priv = cs_call_session_get_instance_private (self);

  return priv->poller;
}

CsStatsModel *
cs_call_session_get_model (CsCallSession *self)
{
  CsCallSessionPrivate *priv = cs_call_session_get_instance_private (self);

  return priv->model;
}

gboolean
cs_call_session_is_running (CsCallSession *self)
{
  CsCallSessionPrivate *priv = cs_call_session_get_instance_private (self);

  return priv->running;
}

double
cs_call_session_now (CsCallSession *self)
{
  CsCallSessionPrivate *priv = cs_call_session_get_instance_private (self);
  CsStatsPoller *poller = priv->poller;

  return poller != NULL ? cs_stats_poller_get_time (poller) : 0.0;
}

void
cs_call_session_post_sample (CsCallSession *self, CsStatsSample *sample)
{
  CsCallSessionPrivate *priv = cs_call_session_get_instance_private (self);
  CsStatsPoller *poller = priv->poller;

  if (poller != NULL)
    cs_stats_poller_post_sample (poller, sample);
  else
    cs_stats_sample_free (sample);
}

typedef struct
{
  GWeakRef          session;
  CsCallSessionFunc func;
  gpointer          data;
  GDestroyNotify    destroy;
} Invocation;

static gboolean
invocation_run (gpointer user_data)
{
  Invocation *inv = user_data;
  g_autoptr (CsCallSession) self = g_weak_ref_get (&inv->session);

  if (self != NULL && cs_call_session_is_running (self))
    inv->func (self, inv->data);
  return G_SOURCE_REMOVE;
}

static void
invocation_free (gpointer user_data)
{
  Invocation *inv = user_data;

  g_weak_ref_clear (&inv->session);
  if (inv->destroy != NULL)
    inv->destroy (inv->data);
  g_free (inv);
}

void
cs_call_session_invoke (CsCallSession    *self,
                        CsCallSessionFunc func,
                        gpointer          data,
                        GDestroyNotify    destroy)
{
  CsCallSessionPrivate *priv = cs_call_session_get_instance_private (self);
  Invocation *inv = g_new0 (Invocation, 1);
  GSource *source;

  g_weak_ref_init (&inv->session, self);
  inv->func = func;
  inv->data = data;
  inv->destroy = destroy;
  /* always through a source: g_main_context_invoke() would run @func at once on a thread
   * that can acquire the context (a streaming thread while the main loop is between
   * iterations), and on the calling thread when it is the owner */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, invocation_run, inv, invocation_free);
  g_source_set_static_name (source, "[callscope] session invoke");
  g_source_attach (source, priv->context != NULL ? priv->context : g_main_context_default ());
  g_source_unref (source);
}

/* ------------------------------------------------------------------ video sinks and signals */

void
cs_call_session_set_video_sink_factory (CsCallSession     *self,
                                        CsVideoSinkFactory factory,
                                        gpointer           user_data,
                                        GDestroyNotify     destroy)
{
  CsCallSessionPrivate *priv = cs_call_session_get_instance_private (self);
  GDestroyNotify old_destroy;
  gpointer old_data;

  g_mutex_lock (&priv->lock);
  old_destroy = priv->factory_destroy;
  old_data = priv->factory_data;
  priv->factory = factory;
  priv->factory_data = user_data;
  priv->factory_destroy = destroy;
  g_mutex_unlock (&priv->lock);
  if (old_destroy != NULL)
    old_destroy (old_data);
}

GstElement *
cs_call_session_create_video_sink (CsCallSession *self, const char *uid)
{
  CsCallSessionPrivate *priv = cs_call_session_get_instance_private (self);
  GstElement *sink = NULL;

  g_mutex_lock (&priv->lock);
  if (priv->factory != NULL)
    sink = priv->factory (uid, priv->factory_data);
  g_mutex_unlock (&priv->lock);
  if (sink == NULL)
    {
      sink = gst_element_factory_make ("fakesink", NULL);
      g_object_set (sink, "sync", FALSE, "async", FALSE, "enable-last-sample", FALSE, NULL);
    }
  return sink;
}

void
cs_call_session_emit_error (CsCallSession *self, const char *message)
{
  g_signal_emit (self, signals[SIGNAL_ERROR], 0, message);
}

void
cs_call_session_emit_ended (CsCallSession *self, gboolean failed)
{
  CsCallSessionPrivate *priv = cs_call_session_get_instance_private (self);

  if (priv->ended)
    return;
  priv->ended = TRUE;
  g_signal_emit (self, signals[SIGNAL_ENDED], 0, failed);
}

void
cs_call_session_emit_step (CsCallSession *self, double t, const char *uid, const char *description)
{
  g_return_if_fail (CS_IS_CALL_SESSION (self));
  g_signal_emit (self, signals[SIGNAL_STEP], 0, t, uid != NULL ? uid : "", description);
}

void
cs_call_session_set_time_origin (CsCallSession *self, double t0)
{
  CsCallSessionPrivate *priv = cs_call_session_get_instance_private (self);

  g_return_if_fail (CS_IS_CALL_SESSION (self));
  g_return_if_fail (!priv->started);
  priv->origin = isfinite (t0) && t0 > 0 ? t0 : 0;
}

gboolean
cs_call_session_get_up (CsCallSession *self)
{
  CsCallSessionPrivate *priv = cs_call_session_get_instance_private (self);

  g_return_val_if_fail (CS_IS_CALL_SESSION (self), FALSE);
  return priv->up;
}

void
cs_call_session_set_up (CsCallSession *self, gboolean up)
{
  CsCallSessionPrivate *priv = cs_call_session_get_instance_private (self);

  up = !!up;
  if (priv->up == up)
    return;
  priv->up = up;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UP]);
}

double
cs_call_session_get_time (CsCallSession *self)
{
  g_return_val_if_fail (CS_IS_CALL_SESSION (self), NAN);
  return CS_CALL_SESSION_GET_CLASS (self)->get_time (self);
}
