/* cs-call-controller-private.h — CsCallController's state, shared by its files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CsCallController is cs-call-controller.c (calls, recordings, settings, the synchronous
 * replay), cs-call-controller-replay.c (the asynchronous replay) and
 * cs-call-controller-retry.c (a call whose server is lost joins again).
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

  /* joining again (cs-call-controller-retry.c) */
  CsCallConfig       *retry_config; /* nullable: what a call with a server joins again with */
  gboolean            was_up;       /* the call's session was up once: a failure is a server lost */
  gboolean            down;         /* the server is lost: between sessions, or joining again */
  guint               attempt;      /* attempts since the server was lost */
  guint               backoff;      /* the next delay is 2^backoff s (capped): kept across a short up */
  double              up_since;     /* t when the call was last up */
  guint               retry_id;     /* the timer of the next attempt */
  GCancellable       *retry_camera; /* an attempt's Camera portal request, nullable */
  guint               gap_id;       /* commits the model every second while no session runs */
  gint64              clock_base_us;/* monotonic time of the call's t = 0 while down */
  double              down_since;   /* t when the server was lost */
  char               *last_error;   /* the session's last "error", nullable: why it failed */

  /* a recording in files (cs-call-controller-rotate.c) */
  guint64             record_max_bytes;
  double              record_max_seconds;
  guint               record_index;  /* the file written now: 0 is record_path itself */
  double              record_file_t; /* the call's t when that file began */
  gboolean            record_dead;   /* the next file could not be opened */
  gulong              rotate_handler;
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
/* Connects the controller to @session's signals (before it starts). */
void _cs_call_controller_attach_session (CsCallController *self, CsCallSession *session);
/* the "items-changed" handler of a session's connections */
void _cs_call_controller_on_connections (GListModel *list, guint position, guint removed, guint added,
                                         CsCallController *self);
/* A call with a server (@config: Janus, WHIP, WHEP) may join again: keeps a copy of @config. */
void _cs_call_controller_retry_setup  (CsCallController *self, const CsCallConfig *config);
/* @session, the call's, failed: TRUE when the controller joins again (the call goes on, down),
 * FALSE when the call ends (it never was up, or it cannot join again). */
gboolean _cs_call_controller_retry_on_failure (CsCallController *self, CsCallSession *session);
/* @session, the call's, is up ("notify::up"). */
void _cs_call_controller_retry_on_up  (CsCallController *self, CsCallSession *session);
/* Stops joining again and forgets the configuration (the call ends). */
void _cs_call_controller_retry_clear  (CsCallController *self);
/* A recording starts: its first file is record_path (cs-call-controller-rotate.c). */
void _cs_call_controller_rotate_begin (CsCallController *self);
/* Emits "server-state". */
void _cs_call_controller_emit_server_state (CsCallController *self, double t, gboolean up, const char *message);

/* Notifies "replay-progress", and "replaying" unless @progress_only. */
void _cs_call_controller_notify_replay (CsCallController *self, gboolean progress_only);

G_END_DECLS
