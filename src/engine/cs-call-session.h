/* cs-call-session.h — base class of every way Callscope runs a call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The base class holds what every kind of call shares: the video sink factory, the
 * started/ended state and the "error" and "ended" signals. Each subclass owns its GStreamer
 * pipeline and a CsStatsPoller (cs-stats-poller.h) that polls its webrtcbins and posts the
 * samples on the pipeline bus; the subclass's bus watch (main context) hands them to the
 * poller, which ingests them into the CsStatsModel given to cs_call_session_start() and
 * commits each second. Subclasses: CsLabCall (loopback lab), CsJanusCall, CsWhipCall,
 * CsWhepCall; cs-call-factory.c makes the right one for a mode.
 */
#pragma once

#include <gio/gio.h>

#include "cs-call-config.h"
#include "cs-stats-model.h"

G_BEGIN_DECLS

typedef struct _GstElement GstElement; /* keeps this header free of gst includes for the UI */

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

  gboolean (*start)    (CsCallSession *self, CsStatsModel *model, GError **error);
  void     (*stop)     (CsCallSession *self);
  /* seconds since the call started on the samples' clock; NAN (the default): the model's duration */
  double   (*get_time) (CsCallSession *self);
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
 * caller calls cs_stats_model_leave(). */
gboolean       cs_call_session_start          (CsCallSession *self, CsStatsModel *model, GError **error);
void           cs_call_session_stop           (CsCallSession *self);
void           cs_call_session_set_video_sink_factory (CsCallSession     *self,
                                                        CsVideoSinkFactory factory,
                                                        gpointer           user_data,
                                                        GDestroyNotify     destroy);
/* For subclasses */
GstElement    *cs_call_session_create_video_sink (CsCallSession *self, const char *uid);
void           cs_call_session_emit_error     (CsCallSession *self, const char *message);
void           cs_call_session_emit_ended     (CsCallSession *self, gboolean failed);
void           cs_call_session_emit_step      (CsCallSession *self, double t, const char *uid,
                                               const char *description);
/* the get_time virtual function: NAN when the session has no clock of its own */
double         cs_call_session_get_time       (CsCallSession *self);

G_END_DECLS
