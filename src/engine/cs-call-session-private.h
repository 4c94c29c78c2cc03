/* cs-call-session-private.h — what CsCallSession gives its subclasses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Only for the engine's call classes: the public header stays free of GStreamer.
 */
#pragma once

#include <gst/gst.h>

#include "cs-call-session.h"
#include "cs-stats-poller.h"

G_BEGIN_DECLS

/* Between start and stop (or failure); NULL/0 otherwise. Main context. */
GstElement    *cs_call_session_get_pipeline   (CsCallSession *self);
CsStatsPoller *cs_call_session_get_poller     (CsCallSession *self);
/* nullable: a session may run without a model (benchmarks) */
CsStatsModel  *cs_call_session_get_model      (CsCallSession *self);
/* TRUE from a successful start until the hang-up (stop or failure). Main context. */
gboolean       cs_call_session_is_running     (CsCallSession *self);
/* the poller's clock (seconds since start); 0 when not started. Any thread. */
double         cs_call_session_now            (CsCallSession *self);
/* Posts @sample (transfer full) on the bus, for the model; dropped when not started. Any thread. */
void           cs_call_session_post_sample    (CsCallSession *self, CsStatsSample *sample);
/* Ingests the samples waiting on the bus now (before a failure stops the pipeline). */
void           cs_call_session_flush          (CsCallSession *self);

typedef void (*CsCallSessionFunc) (CsCallSession *self, gpointer data);
/* The one way from a GStreamer thread (or anywhere) to the session's main context: runs
 * @func there later, if the session still exists and is running; @destroy frees @data in
 * every case. The queued call holds only a weak reference. Any thread; always later, never
 * from within this call (not even on the main thread). */
void           cs_call_session_invoke         (CsCallSession    *self,
                                               CsCallSessionFunc func,
                                               gpointer          data,
                                               GDestroyNotify    destroy);

/* A failure beyond repair, after the subclass posted its failed connection sample: the
 * samples on the bus reach the model, @message is emitted as "error", the subclass hangs up
 * (clean = FALSE), the poller and the pipeline stop and "ended" (TRUE) is emitted. Once. */
void           cs_call_session_fail           (CsCallSession *self, const char *message);
/* cs_call_session_fail() for a failure that joining again would not repair (the camera):
 * cs_call_session_get_failed_for_good() says so to the controller, which does not retry. */
void           cs_call_session_fail_for_good  (CsCallSession *self, const char *message);

/* Sets "up" (notified when it changes). Main context. */
void           cs_call_session_set_up         (CsCallSession *self, gboolean up);

GstElement    *cs_call_session_create_video_sink (CsCallSession *self, const char *uid);
void           cs_call_session_emit_error     (CsCallSession *self, const char *message);
void           cs_call_session_emit_ended     (CsCallSession *self, gboolean failed);
void           cs_call_session_emit_step      (CsCallSession *self, double t, const char *uid,
                                               const char *description);

G_END_DECLS
