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
/* (transfer none) GPtrArray of CsStatsSample*, in file order */
GPtrArray         *cs_recording_reader_get_samples   (CsRecordingReader *self);
/* (transfer none) GPtrArray of JsonObject* of every non-sample output line, for comparing with a replay */
GPtrArray         *cs_recording_reader_get_outputs   (CsRecordingReader *self);
/* Feeds every sample into @model (join, ingest, commit per distinct t, leave): the model
 * then holds the same state as during the recorded call. */
void               cs_recording_reader_replay        (CsRecordingReader *self, CsStatsModel *model);

G_END_DECLS
