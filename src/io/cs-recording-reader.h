/* cs-recording-reader.h — reads a Callscope recording and replays its samples
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "cs-stats-model.h"

G_BEGIN_DECLS

#define CS_TYPE_RECORDING_READER (cs_recording_reader_get_type ())
G_DECLARE_FINAL_TYPE (CsRecordingReader, cs_recording_reader, CS, RECORDING_READER, GObject)

/* Reads and validates the whole file (refuses a newer major version with
 * CS_ERROR_UNSUPPORTED_VERSION, a broken line with CS_ERROR_INVALID_RECORDING naming the line number).
 * A truncated last line (a crash while writing) is tolerated and reported by get_warnings. */
CsRecordingReader *cs_recording_reader_new_from_file (GFile *file, GCancellable *cancellable, GError **error);
/* Called after each chunk read: @done of @total bytes (@total is @done when the size is unknown). */
typedef void (*CsRecordingReadProgress) (goffset done, goffset total, gpointer user_data);
/* cs_recording_reader_new_from_file(), from any thread: @progress (nullable) is called in the
 * calling thread; on a broken line, @partial (nullable out) gets a reader of the lines before
 * it (when the header was read), which replays as a recording that ends there. */
CsRecordingReader *cs_recording_reader_read          (GFile                  *file,
                                                      GCancellable           *cancellable,
                                                      CsRecordingReadProgress progress,
                                                      gpointer                user_data,
                                                      CsRecordingReader     **partial,
                                                      GError                **error);
/* cs_recording_reader_read() from a stream (a decompressed one, cs-call-file.c); @size is
 * the stream's size for the progress, 0 when unknown. */
CsRecordingReader *cs_recording_reader_read_stream   (GInputStream           *stream,
                                                      goffset                 size,
                                                      GCancellable           *cancellable,
                                                      CsRecordingReadProgress progress,
                                                      gpointer                user_data,
                                                      CsRecordingReader     **partial,
                                                      GError                **error);
/* An import's reader (cs-dump-import.c): mode "import", no line read; fed by
 * cs_recording_reader_add_sample() in time order, it replays like a recording. */
CsRecordingReader *cs_recording_reader_new_for_import (const char *start_time, const char *local_uid);
/* (transfer full) @sample, not earlier than the one added before */
void               cs_recording_reader_add_sample    (CsRecordingReader *self, CsStatsSample *sample);
void               cs_recording_reader_add_warning   (CsRecordingReader *self, const char *warning);
/* What an import was made from: its format ("webrtc-internals", "rtcstats", "rtcstats-legacy"),
 * the browser that wrote it ("Chrome 149.0.7827.5") and the file's name; "" when unknown. A
 * recording of an import carries them in its session line ("source"). */
void               cs_recording_reader_set_source    (CsRecordingReader *self, const char *format,
                                                      const char *browser, const char *file);
const char        *cs_recording_reader_get_source_format  (CsRecordingReader *self);
const char        *cs_recording_reader_get_source_browser (CsRecordingReader *self);
const char        *cs_recording_reader_get_source_file    (CsRecordingReader *self);
/* What an import knew of its peer connections (GPtrArray of CsConnectionInfo*, nullable;
 * a reference is taken): the connection view's (cs-dump-connections.h). A recording has none. */
void               cs_recording_reader_set_connections (CsRecordingReader *self, GPtrArray *connections);
/* (transfer none) (nullable) GPtrArray of CsConnectionInfo* */
GPtrArray         *cs_recording_reader_get_connections (CsRecordingReader *self);
const char        *cs_recording_reader_get_mode      (CsRecordingReader *self);
/* The session's start, ISO 8601, as written ("" when absent) */
const char        *cs_recording_reader_get_start_time (CsRecordingReader *self);
/* The version of Callscope that wrote it ("" when absent) */
const char        *cs_recording_reader_get_app_version (CsRecordingReader *self);
/* The local user's uid from the "join" line, "local" when there is none */
const char        *cs_recording_reader_get_local_uid (CsRecordingReader *self);
/* The time of the last line, s (0 for an empty recording) */
double             cs_recording_reader_get_duration  (CsRecordingReader *self);
/* (transfer none) GPtrArray of char*: translated sentences about what was tolerated
 * (a truncated last line, unknown line types); empty when the file was clean. */
GPtrArray         *cs_recording_reader_get_warnings  (CsRecordingReader *self);
/* (transfer none) GPtrArray of CsStatsSample*, in file order */
GPtrArray         *cs_recording_reader_get_samples   (CsRecordingReader *self);
/* (transfer none) GPtrArray of JsonObject* of every non-sample output line, for comparing with a replay */
GPtrArray         *cs_recording_reader_get_outputs   (CsRecordingReader *self);
/* Feeds every sample into @model (join, ingest, commit per distinct t, leave): the model
 * then holds the same state as during the recorded call. Where the recording has them, the
 * recorded "commit" lines give the commit times and the "thresholds" lines the detector's
 * thresholds (set on @model), so the outputs are the recorded ones bit for bit. */
void               cs_recording_reader_replay        (CsRecordingReader *self, CsStatsModel *model);
/* cs_recording_reader_replay() in parts, for a replay spread over main-loop iterations:
 * _begin, then _steps until it returns 0 (each call feeds at most @max_steps of the file's
 * steps: a sample, a commit, a join, a leave or thresholds), then _end; _end after fewer
 * steps (a cancelled replay) commits the second in progress and leaves, as the end of the
 * file would. The same steps in one go or in parts give the same model, bit for bit. */
guint              cs_recording_reader_get_n_steps   (CsRecordingReader *self);
void               cs_recording_reader_replay_begin  (CsRecordingReader *self, CsStatsModel *model);
guint              cs_recording_reader_replay_steps  (CsRecordingReader *self, CsStatsModel *model,
                                                      guint max_steps);
void               cs_recording_reader_replay_end    (CsRecordingReader *self, CsStatsModel *model);

G_END_DECLS
