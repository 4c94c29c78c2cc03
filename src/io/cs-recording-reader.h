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

G_END_DECLS
