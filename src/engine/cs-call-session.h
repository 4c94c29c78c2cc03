/* cs-call-session.h — base class of every way Callscope runs a call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The base class runs the lifecycle every kind of call shares (cs-call-session-private.h
 * is the subclasses' side):
 *   start: checks the class's GStreamer elements, joins the model (as "local"), makes the
 *          pipeline, its CsStatsPoller and the bus watch, then calls the subclass's start;
 *   during the call: the bus watch hands the poller its samples (which it ingests into
 *          the model and commits each second) and recalculates latency; any other message
 *          goes to the subclass; work from GStreamer threads reaches the main context through
 *          cs_call_session_invoke();
 *   stop:  the subclass hangs up, the poller stops, the subclass posts its last samples
 *          (connections closed), the base flushes them from the bus into the model and
 *          commits, then the pipeline goes to NULL and the subclass releases its elements;
 *          a hang-up that talks to a server afterwards (a WHIP DELETE) runs asynchronously:
 *          cs_call_session_stop_async().
 * Subclasses: CsLabCall (loopback lab), CsJanusCall, CsWhipCall, CsWhepCall (both over
 * CsWhipSession); cs-call-factory.c makes the right one for a mode.
 */
#pragma once

#include <gio/gio.h>

#include "cs-call-config.h"
#include "cs-connection-info.h"
#include "cs-stats-model.h"

G_BEGIN_DECLS

typedef struct _GstElement GstElement; /* keeps this header free of gst includes for the UI */
typedef struct _GstMessage GstMessage;

/**
 * CsVideoSinkFactory:
 * @uid: the user whose video this is
 * Returns: (transfer floating) (nullable): a sink element that accepts raw video
 *   (the UI's paintable sink); NULL means "use a fakesink".
 * Called on a GStreamer streaming thread; it must be thread-safe.
 */
typedef GstElement *(*CsVideoSinkFactory) (const char *uid, gpointer user_data);

#define CS_TYPE_CALL_SESSION (cs_call_session_get_type ())
G_DECLARE_DERIVABLE_TYPE (CsCallSession, cs_call_session, CS, CALL_SESSION, GObject)

struct _CsCallSessionClass
{
  GObjectClass parent_class;

  /* the pipeline's name, and the GStreamer elements the call cannot start without
   * (NULL-terminated; nullable) */
  const char          *pipeline_name;
  const char * const  *required_elements;

  /* The pipeline, the poller and the bus watch exist and the model is joined: build the
   * media, start the poller and the signalling. On FALSE the base tears everything down. */
  gboolean (*start)          (CsCallSession *self, GError **error);
  /* a bus message that is not the poller's (LATENCY is handled by the base) */
  void     (*handle_message) (CsCallSession *self, GstMessage *message);
  /* Stops signalling and timers; @clean: the user ended the call (say goodbye to the
   * server), FALSE when it failed. Called once per start, before the poller stops. */
  void     (*hang_up)        (CsCallSession *self, gboolean clean);
  /* posts the last samples (connections closed) at @t with cs_call_session_post_sample() */
  void     (*post_final)     (CsCallSession *self, double t);
  /* the pipeline is in NULL: drop the references to its elements */
  void     (*release)        (CsCallSession *self);
  /* After release, what the hang-up still has to tell a server (a WHIP DELETE): return
   * @task (g_task_return_boolean / _error) when done. The default returns TRUE at once. */
  void     (*goodbye)        (CsCallSession *self, GTask *task);
  /* seconds since the call started on the samples' clock; NAN (the default): the model's duration */
  double   (*get_time)       (CsCallSession *self);
};

/* Signals:
 *   "error"  (const char *message) — a fault the user must see (toast / stderr); the call may go on
 *   "ended"  (gboolean failed)     — the call is over (stopped, or failed beyond repair)
 *   "step"   (double t, const char *uid, const char *description) — the network or a device
 *            was changed on purpose (a lab scenario step, an impairment; uid "" for every
 *            remote user): the cause of what follows
 */

/* A session is made by cs_call_factory_new_session() (cs-call-factory.h). cs_call_session_start()
 * joins @model (as "local") unless it is joined already; after cs_call_session_stop() the
 * caller calls cs_stats_model_leave(). Main context only. */
gboolean       cs_call_session_start          (CsCallSession *self, CsStatsModel *model, GError **error);
/* Ends the call at once (the model has its last samples when this returns); a goodbye still
 * owed to a server is sent without waiting for its answer. */
void           cs_call_session_stop           (CsCallSession *self);
/* As cs_call_session_stop(), then waits for the goodbye (bounded by the subclass: a WHIP
 * DELETE waits 2 s at most). The error is the goodbye's (the server refused the hang-up). */
void           cs_call_session_stop_async     (CsCallSession      *self,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data);
gboolean       cs_call_session_stop_finish    (CsCallSession *self, GAsyncResult *result, GError **error);
void           cs_call_session_set_video_sink_factory (CsCallSession     *self,
                                                        CsVideoSinkFactory factory,
                                                        gpointer           user_data,
                                                        GDestroyNotify     destroy);
/* Before cs_call_session_start(): the session's clock (its samples' t) starts at @t0
 * instead of 0, so that a call that joins again after a lost server goes on with its time
 * line (cs-call-controller.c). */
void           cs_call_session_set_time_origin (CsCallSession *self, double t0);
/* "up" (boolean, notify): the call is joined at its server (Janus: the room joined; WHIP/WHEP:
 * the media connection connected; the lab: from the start). FALSE again once it failed. */
gboolean       cs_call_session_get_up         (CsCallSession *self);
/* TRUE once the session failed in a way that joining again would not repair (its camera
 * failed or sent nothing): a lost server is not, and is joined again (cs-call-controller-retry.c). */
gboolean       cs_call_session_get_failed_for_good (CsCallSession *self);
/* the get_time virtual function: NAN when the session has no clock of its own */
double         cs_call_session_get_time       (CsCallSession *self);
/* (transfer none) the call's peer connections (CsConnectionInfo, cs-connection-info.h): one per
 * webrtcbin polled, with what its statistics and descriptions say, growing as the call runs. */
GListModel    *cs_call_session_get_connections (CsCallSession *self);

G_END_DECLS
