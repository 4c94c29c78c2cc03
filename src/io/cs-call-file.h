/* cs-call-file.h — any file Callscope opens: a recording or a browser's dump, told apart by content
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * gzip is recognised by its magic bytes (never by the name), then the text by how it starts:
 * "RTCStatsDump" (an RTCStats dump), a webrtc-internals dump's JSON, a legacy rtcstats
 * dump, or a Callscope recording's session line. Whatever it is, the result is a
 * CsRecordingReader that replays it into the model.
 */
#pragma once

#include <gio/gio.h>

#include "cs-recording-reader.h"

G_BEGIN_DECLS

/* Reads @file as cs_recording_reader_read() does (same @progress and @partial), whatever it
 * holds. Errors: CS_ERROR_INVALID_RECORDING / CS_ERROR_UNSUPPORTED_VERSION for a recording,
 * CS_ERROR_INVALID_DUMP for a file that is not a dump or a broken one (a truncated gzip, JSON
 * of the wrong shape), CS_ERROR_UNSUPPORTED_VERSION for an unknown RTCStats fileFormat,
 * CS_ERROR_NO_CALL for a valid dump with nothing to score; each a sentence that says what the
 * file is and what was expected. */
CsRecordingReader *cs_call_file_read (GFile                  *file,
                                      GCancellable           *cancellable,
                                      CsRecordingReadProgress progress,
                                      gpointer                user_data,
                                      CsRecordingReader     **partial,
                                      GError                **error);

G_END_DECLS
