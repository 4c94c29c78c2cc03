/* cs-call-controller.h — runs calls for a front end: the window or the headless mode
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One CsCallController owns what a call needs besides its presentation: the CsStatsModel,
 * the CsCallSession of the call in progress (made by cs-call-factory.c), the CsRecorder, and
 * the settings that shape a call (thresholds, default STUN/TURN servers, recent servers).
 * The window and cs-headless.c only present it: they start and stop calls, start and stop
 * recordings, and show what its signals say.
 *
 * Signals:
 *   "error"   (double t, const char *message) — a fault the user must see; the call may go on.
 *             The recording gets it as an `event` line.
 *   "step"    (double t, const char *uid, const char *description) — the lab changed the
 *             network or a device ("" for every remote user); recorded as an `event` line.
 *   "ended"   (gboolean failed) — the session ended on its own (the call is stopped already).
 *   "record-failed" (const GError *error) — writing the recording failed (a full disk): it
 *             stopped on a whole line, a 5101 notice is in the model's events, the call goes on.
 *   "server-state" (double t, gboolean up, const char *message) — a Janus/WHIP/WHEP call that
 *             was up lost its server (up FALSE: it joins again after a capped back-off, 1 s
 *             to 30 s; again at every failed attempt) or joined it again (up TRUE); the call
 *             goes on, "ended" does not come. Recorded as an `event` line
 *             (cs-call-controller-retry.c).
 * Properties: "running" (boolean): a call is in progress; "replaying" (boolean): an
 * asynchronous replay is in progress (reading or feeding the model); "replay-progress"
 * (double, 0…1): how far it is, rising (reading the file is its first 0.9).
 */
#pragma once

#include <gio/gio.h>

#include "cs-call-digest.h"
#include "cs-call-factory.h"
#include "cs-connection-info.h"
#include "cs-recorder.h"
#include "cs-recording-reader.h"
#include "cs-stats-model.h"

G_BEGIN_DECLS

#define CS_TYPE_CALL_CONTROLLER (cs_call_controller_get_type ())
G_DECLARE_FINAL_TYPE (CsCallController, cs_call_controller, CS, CALL_CONTROLLER, GObject)

/* The name of @mode in recordings ("lab", "janus", "whip", "whep", "replay"). */
const char       *cs_call_mode_name                  (CsCallMode mode);

/* @settings (nullable): the application's settings (thresholds, "ice-servers",
 * "recent-servers"); without them every call gets the defaults. */
CsCallController *cs_call_controller_new             (GSettings        *settings);
CsStatsModel     *cs_call_controller_get_model       (CsCallController *self);
/* (nullable) the session of the call in progress */
/* (transfer none) every second's scores and reasons of the call in the model */
CsCallDigest     *cs_call_controller_get_digest      (CsCallController *self);
/* (transfer none) the reader of what is replayed or imported now, or NULL */
CsRecordingReader *cs_call_controller_get_source     (CsCallController *self);
CsCallSession    *cs_call_controller_get_session     (CsCallController *self);
gboolean          cs_call_controller_get_running     (CsCallController *self);
/* TRUE while the call's server is lost and the controller joins again ("server-state") */
gboolean          cs_call_controller_get_down        (CsCallController *self);
/* the mode name of the current (or last) call, "lab" before any */
const char       *cs_call_controller_get_mode_name   (CsCallController *self);
/* Given to every session the controller starts (see cs_call_session_set_video_sink_factory). */
void              cs_call_controller_set_video_sink_factory (CsCallController  *self,
                                                             CsVideoSinkFactory factory,
                                                             gpointer           user_data,
                                                             GDestroyNotify     destroy);
/* The thresholds of the settings (the defaults without them), as the model gets them at
 * every start and replay. */
void              cs_call_controller_apply_thresholds (CsCallController *self);

/* Stops the call in progress and starts @config's (not CS_CALL_MODE_REPLAY): a call that
 * names no STUN/TURN server gets the settings' ones; a Janus/WHIP/WHEP URL joins the recent
 * servers; @config->record (nullable) starts the recording before the call, so that it has
 * the call from its join. Errors: those of cs_call_factory_new_session(), of the recorder
 * (G_FILE_ERROR, G_IO_ERROR) and of cs_call_session_start(); on error no call runs. */
gboolean          cs_call_controller_start           (CsCallController   *self,
                                                      const CsCallConfig *config,
                                                      GError            **error);
/* As cs_call_controller_start(), once the camera is there: with @config->use_camera in a
 * lab call and the Camera portal needed (cs_camera_needs_portal(): in the Flatpak sandbox),
 * the portal is asked first, without blocking (the user may take long to answer its dialog),
 * and the call starts with its PipeWire remote. @config is copied. Errors: those of
 * cs_call_controller_start(), CS_CAMERA_ERROR, CS_ERROR_MISSING_ELEMENT (no pipewiresrc),
 * G_IO_ERROR_CANCELLED. */
/* TRUE when cs_call_controller_start_async() with @config asks the Camera portal first
 * (the call starts later); FALSE when it is cs_call_controller_start() at once. */
gboolean          cs_call_controller_start_waits     (const CsCallConfig *config);
void              cs_call_controller_start_async     (CsCallController   *self,
                                                      const CsCallConfig *config,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
gboolean          cs_call_controller_start_finish    (CsCallController *self,
                                                      GAsyncResult     *result,
                                                      GError          **error);
/* Ends the call in progress (a session, or an asynchronous replay, which is cancelled):
 * the session stops and the model leaves the call (a recording goes on, so that it can end
 * with the leave). A goodbye the session still owes a server (a WHIP DELETE, 2 s at most)
 * goes on without blocking, holding the default GApplication meanwhile; if the server
 * refuses it, "error" says so. */
void              cs_call_controller_end_call        (CsCallController *self);
/* As cs_call_controller_end_call(), and completes when the goodbye is done; the error is
 * the goodbye's (the call itself is over either way). For the headless mode, whose process
 * ends right after. */
void              cs_call_controller_end_call_async  (CsCallController   *self,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
gboolean          cs_call_controller_end_call_finish (CsCallController *self,
                                                      GAsyncResult     *result,
                                                      GError          **error);
/* Replays @reader into the model as a call of mode "replay" (ending the call in progress),
 * recording the replay to @record (nullable) as cs_call_controller_start_recording() does;
 * the thresholds of the settings apply unless the recording has its own. FALSE only when
 * the recording cannot be started. */
gboolean          cs_call_controller_replay          (CsCallController  *self,
                                                      CsRecordingReader *reader,
                                                      const char        *record,
                                                      GError           **error);
/* cs_call_controller_replay() without blocking the main loop (call it from the thread of
 * the default main context): @file is read in a worker thread, then fed to the model from
 * an idle source of the default main context, a few milliseconds per main-loop iteration; "replay-progress" says how far it is. Starting
 * a call or another replay, ending the call (cs_call_controller_stop() as well: the window
 * stops its controller when it closes) or @cancellable cancels it; the model then leaves,
 * with the seconds fed so far. The task holds a reference on the controller until it
 * returns. The call in progress ends only once the file was read: a file that is not a
 * recording leaves it running. */
void              cs_call_controller_replay_async    (CsCallController   *self,
                                                      GFile              *file,
                                                      const char         *record,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
/* FALSE with G_IO_ERROR_CANCELLED when cancelled, with the reader's error when the file
 * cannot be read (a line broken after the first step: the lines before it were replayed,
 * and the model left where they end), or the recorder's. @warnings (nullable out, transfer
 * full): what the reader tolerated (cs_recording_reader_get_warnings()). */
gboolean          cs_call_controller_replay_finish   (CsCallController  *self,
                                                      GAsyncResult      *result,
                                                      char            ***warnings,
                                                      GError           **error);
gboolean          cs_call_controller_get_replaying   (CsCallController *self);
double            cs_call_controller_get_replay_progress (CsCallController *self);
/* The call's start, Unix seconds ("start-time"): when a live call started, or what a
 * recording or an import says; NAN when not known. */
double            cs_call_controller_get_start_time      (CsCallController *self);
/* (transfer none) a GListModel of CsConnectionInfo: the peer connections of what is
 * replayed (an import's, from its reader; none for a recording), emptied when a live call
 * starts. The connection view (cs-connections-window.c) shows them. */
GListModel       *cs_call_controller_get_connections (CsCallController *self);
/* Ends the call in progress and closes the recording: FALSE as
 * cs_call_controller_stop_recording(). */
gboolean          cs_call_controller_stop            (CsCallController *self,
                                                      GError          **error);

/* Records the model to @path (NULL: a new file in the "last-record-folder" setting, else
 * ~/Documents/Callscope), from now on (during a call the recorder writes the call so far at once).
 * The path actually used is cs_call_controller_get_record_path(). */
gboolean          cs_call_controller_start_recording (CsCallController *self,
                                                      const char       *path,
                                                      GError          **error);
/* Closes the recording: FALSE, with the recorder's error, when it is incomplete (it failed
 * before, which "record-failed" said, or now). */
gboolean          cs_call_controller_stop_recording  (CsCallController *self,
                                                      GError          **error);
gboolean          cs_call_controller_get_recording   (CsCallController *self);
/* --record-max: recordings go on in a new file after @bytes (0: no limit) or @seconds (0: no
 * limit), on a whole second (cs-call-controller-rotate.c); a call's config sets it at start. */
void              cs_call_controller_set_record_max  (CsCallController *self, guint64 bytes, double seconds);
/* how many files the current recording has (0: none) */
guint             cs_call_controller_get_record_files (CsCallController *self);
/* whether the current recording failed already ("record-failed" was emitted) */
gboolean          cs_call_controller_get_record_failed (CsCallController *self);
/* (nullable) where the current recording goes */
const char       *cs_call_controller_get_record_path (CsCallController *self);

G_END_DECLS
