/* cs-recorder.h — writes a call as a Callscope recording (JSON Lines, docs/recording-format.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "cs-stats-model.h"

G_BEGIN_DECLS

#define CS_TYPE_RECORDER (cs_recorder_get_type ())
G_DECLARE_FINAL_TYPE (CsRecorder, cs_recorder, CS, RECORDER, GObject)

/* @path: a file name, or "-" for standard output. @mode: "lab", "janus", "whip", "whep", "replay".
 * Writes the "session" line at once. */
CsRecorder *cs_recorder_new     (const char *path, const char *mode, GError **error);
/* What a session line may say besides the mode: an import's start and source (all nullable:
 * the start is then now). */
typedef struct
{
  const char *start;           /* ISO 8601 */
  const char *source_format;   /* "webrtc-internals", "rtcstats", … */
  const char *source_browser;  /* "Chrome 149.0.7827.5" */
  const char *source_file;     /* the dump's file name */
} CsRecorderHeader;

/* cs_recorder_new() with more in the session line; @header nullable. */
CsRecorder *cs_recorder_new_with_header (const char *path, const char *mode, const CsRecorderHeader *header,
                                         GError **error);
/* Writes to @stream (an importer's, a test's); @name names it in messages. Truncates a
 * partly written line after a failure when @stream is a truncatable GSeekable or a
 * GUnixOutputStream on a regular file. */
CsRecorder *cs_recorder_new_for_stream (GOutputStream *stream, const char *name, const char *mode, GError **error);
/* Follows @model's signals ("sample-ingested", "committed", "exception", "user-joined", "user-left")
 * and writes every line; flushes once per committed second. */
void        cs_recorder_attach  (CsRecorder *self, CsStatsModel *model);
/* Writes one free-form event line {"type":"event","level":...,"uid":...,"msg":...} (faults, connection events). */
void        cs_recorder_write_event (CsRecorder *self, double t, const char *level, const char *uid, const char *msg);
/* Writes one "sample" line (what "sample-ingested" does; for importers that have no model). */
void        cs_recorder_write_sample (CsRecorder *self, const CsStatsSample *sample);
/* Flushes what is buffered (done once per committed second anyway). */
void        cs_recorder_flush   (CsRecorder *self);
/* Signal "failed" (const GError *error): the first write error (disk full, pipe closed),
 * emitted when it happens (at the latest within the second); the recording stops there,
 * ending on a whole line, nothing more is written and cs_recorder_close() returns the
 * error again. */
gboolean    cs_recorder_get_failed (CsRecorder *self);
/* the bytes of the recording so far (written and buffered) */
guint64     cs_recorder_get_size (CsRecorder *self);
/* Flushes and closes; further writes are ignored. */
gboolean    cs_recorder_close   (CsRecorder *self, GError **error);

G_END_DECLS
