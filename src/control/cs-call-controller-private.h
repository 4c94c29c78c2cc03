/* cs-call-controller-private.h — CsCallController's state, shared by its files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CsCallController is cs-call-controller.c (calls, recordings, settings, the synchronous
 * replay) and cs-call-controller-replay.c (the asynchronous replay).
 */
#pragma once

#include "cs-call-controller.h"

G_BEGIN_DECLS

struct _CsCallController
{
  GObject             parent_instance;

  GSettings          *settings;     /* nullable */
  CsStatsModel       *model;
  CsCallDigest       *digest;       /* every second's scores and reasons, for exports */
  CsCallSession      *session;      /* nullable: no call in progress */
  CsRecorder         *recorder;     /* nullable */
  char               *record_path;
  char               *mode_name;
  CsRecordingReader  *source;       /* nullable: what is replayed, for the recording's session line */
  double              start_time;   /* the call's start, Unix seconds, or NAN ("start-time") */
  CsVideoSinkFactory  sink_factory;
  gpointer            sink_data;
  GDestroyNotify      sink_destroy;
  GTask              *replay;       /* nullable: the asynchronous replay in progress */
  double              replay_progress;
  GListStore         *connections;  /* CsConnectionInfo: what the source says of its peer connections */
};

/* The session's part of ending a call (not a replay's): the session stops, the model leaves. */
void _cs_call_controller_end_session   (CsCallController *self);
/* Cancels the asynchronous replay in progress, if any: the model leaves, its task returns
 * G_IO_ERROR_CANCELLED. */
void _cs_call_controller_cancel_replay (CsCallController *self);
/* What is replayed now: the mode ("import" or "replay") and the recording's session line follow it. */
void _cs_call_controller_set_source    (CsCallController *self, CsRecordingReader *reader);
/* Replaces the connections with @infos (GPtrArray of CsConnectionInfo*, nullable: none). */
void _cs_call_controller_set_connections (CsCallController *self, GPtrArray *infos);
/* Notifies "replay-progress", and "replaying" unless @progress_only. */
void _cs_call_controller_notify_replay (CsCallController *self, gboolean progress_only);

G_END_DECLS
