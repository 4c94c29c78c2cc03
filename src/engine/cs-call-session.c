/* cs-call-session.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gst/gst.h>
#include <math.h>

#include "cs-call-session.h"
#include "cs-error.h"

typedef struct
{
  CsVideoSinkFactory factory;
  gpointer           factory_data;
  GDestroyNotify     factory_destroy;
  GMutex             lock;
  gboolean           started;
  gboolean           ended;
} CsCallSessionPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (CsCallSession, cs_call_session, G_TYPE_OBJECT)

enum { SIGNAL_ERROR, SIGNAL_ENDED, SIGNAL_STEP, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
cs_call_session_dispose (GObject *object)
{
  CsCallSession *self = CS_CALL_SESSION (object);
  CsCallSessionPrivate *priv = cs_call_session_get_instance_private (self);

  if (priv->started)
    {
      priv->started = FALSE;
      CS_CALL_SESSION_GET_CLASS (self)->stop (self);
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

  g_mutex_clear (&priv->lock);
  G_OBJECT_CLASS (cs_call_session_parent_class)->finalize (object);
}

static gboolean
cs_call_session_real_start (CsCallSession *self, CsStatsModel *model, GError **error)
{
  g_set_error (error, CS_ERROR, CS_ERROR_FAILED, _("This kind of call is not available"));
  return FALSE;
}

static void
cs_call_session_real_stop (CsCallSession *self)
{
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
  klass->start = cs_call_session_real_start;
  klass->stop = cs_call_session_real_stop;
  klass->get_time = cs_call_session_real_get_time;

  signals[SIGNAL_ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_ENDED] = g_signal_new ("ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  signals[SIGNAL_STEP] = g_signal_new ("step", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 3, G_TYPE_DOUBLE, G_TYPE_STRING, G_TYPE_STRING);
}

static void
cs_call_session_init (CsCallSession *self)
{
  CsCallSessionPrivate *priv = cs_call_session_get_instance_private (self);

  g_mutex_init (&priv->lock);
}

gboolean
cs_call_session_start (CsCallSession *self, CsStatsModel *model, GError **error)
{
  CsCallSessionPrivate *priv = cs_call_session_get_instance_private (self);

  g_return_val_if_fail (CS_IS_CALL_SESSION (self), FALSE);
  g_return_val_if_fail (!priv->started, FALSE);
  if (!CS_CALL_SESSION_GET_CLASS (self)->start (self, model, error))
    return FALSE;
  priv->started = TRUE;
  priv->ended = FALSE;
  return TRUE;
}

void
cs_call_session_stop (CsCallSession *self)
{
  CsCallSessionPrivate *priv = cs_call_session_get_instance_private (self);

  g_return_if_fail (CS_IS_CALL_SESSION (self));
  if (!priv->started)
    return;
  priv->started = FALSE;
  g_object_ref (self);
  CS_CALL_SESSION_GET_CLASS (self)->stop (self);
  cs_call_session_emit_ended (self, FALSE);
  g_object_unref (self);
}

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

double
cs_call_session_get_time (CsCallSession *self)
{
  g_return_val_if_fail (CS_IS_CALL_SESSION (self), NAN);
  return CS_CALL_SESSION_GET_CLASS (self)->get_time (self);
}
