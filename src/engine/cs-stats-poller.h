/* cs-stats-poller.h — polls get-stats on webrtcbins and feeds the model through the bus
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * DESIGN.md's data path: once a second (a main-context timer) the poller emits
 * "get-stats" on every webrtcbin it knows; each reply is converted on webrtcbin's
 * thread by that webrtcbin's CsWebrtcStats and posted as an application message
 * ("callscope-samples") on the pipeline bus. The session's bus watch (main context)
 * hands every message to cs_stats_poller_handle_message(), which ingests the samples
 * into the model and, once every webrtcbin of that poll has answered (or the next
 * poll begins), calls cs_stats_model_commit (t). All samples of one poll share t.
 *
 * On a starved machine a reply can come after its poll was committed. It is not lost:
 * it becomes that webrtcbin's part of the poll it arrives in (stamped with that poll's t),
 * and a webrtcbin is not asked again while its request is unanswered (for up to 5 polls),
 * so a slow machine sees fewer, later samples rather than none.
 */
#pragma once

#include <gst/gst.h>

#include "cs-stats-model.h"
#include "cs-webrtc-stats.h"

G_BEGIN_DECLS

#define CS_TYPE_STATS_POLLER (cs_stats_poller_get_type ())
G_DECLARE_FINAL_TYPE (CsStatsPoller, cs_stats_poller, CS, STATS_POLLER, GObject)

/* @pipeline: the bus the samples travel on. @model: (nullable) where they are ingested.
 * Time 0 is the moment of creation. */
CsStatsPoller *cs_stats_poller_new            (GstElement   *pipeline,
                                               CsStatsModel *model);
/* Polls @webrtcbin with @converter (transfer full) from the next tick on. Main context. */
void           cs_stats_poller_add            (CsStatsPoller *self,
                                               GstElement    *webrtcbin,
                                               CsWebrtcStats *converter);
void           cs_stats_poller_remove         (CsStatsPoller *self,
                                               GstElement    *webrtcbin);
/* Starts the main-context timer (@interval_ms, 1000 for the model's 1 Hz). */
void           cs_stats_poller_start          (CsStatsPoller *self,
                                               guint          interval_ms);
/* Stops polling; replies still in flight are dropped. */
void           cs_stats_poller_stop           (CsStatsPoller *self);
/* Makes the clock read @t0 now, and go on from there (a call that resumes after a gap keeps
 * its time line); before cs_stats_poller_start(). Main context. */
void           cs_stats_poller_set_origin     (CsStatsPoller *self,
                                               double         t0);
/* Seconds since the poller was created, plus its origin (the session's t). Any thread. */
double         cs_stats_poller_get_time       (CsStatsPoller *self);
/* Posts one sample (transfer full), e.g. a connection sample, on the bus. Any thread. */
void           cs_stats_poller_post_sample    (CsStatsPoller *self,
                                               CsStatsSample *sample);
/* Call from the bus watch; TRUE when @message was the poller's (and was consumed). */
gboolean       cs_stats_poller_handle_message (CsStatsPoller *self,
                                               GstMessage    *message);

/* Signal "connection" (GstElement *webrtcbin, GPtrArray *pairs, const char *selected_pair_id,
 * double t, const char *observer_uid, const char *peer_uid), main context, once per reply:
 * the candidate pairs (CsCandidatePair*, transfer none) and the selected pair's id (nullable)
 * of that webrtcbin's reply (cs-webrtc-connection.h), and whose webrtcbin it is (its
 * converter's observer and default peer, both nullable). */

/* Replies that came after their poll was committed, and were ingested in a later one. */
guint          cs_stats_poller_get_late_replies (CsStatsPoller *self);

/* Cost accounting for the benchmark, cumulative since creation, microseconds:
 * @get_stats_us: time inside webrtcbin from emitting get-stats to its reply;
 * @convert_us: conversion to samples; @ingest_us: bus hand-off to ingest + commit. */
void           cs_stats_poller_get_costs      (CsStatsPoller *self,
                                               guint         *n_polls,
                                               gint64        *get_stats_us,
                                               gint64        *convert_us,
                                               gint64        *ingest_us);

/* Signals: "polling" () just before each get-stats round (close per-second measurement windows);
 * "committed" (double t) after cs_stats_model_commit (t). */

G_END_DECLS
