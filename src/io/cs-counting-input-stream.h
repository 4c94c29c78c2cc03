/* cs-counting-input-stream.h — a stream that says how far its reader is
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Wraps the file's own stream (below a decompressor, so that the count is of the file's
 * bytes) and calls a progress function after each read, from the reading thread: a reader
 * that takes a stream (the RTCStats dump reader) then reports progress without knowing it.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CS_TYPE_COUNTING_INPUT_STREAM (cs_counting_input_stream_get_type ())
G_DECLARE_FINAL_TYPE (CsCountingInputStream, cs_counting_input_stream, CS, COUNTING_INPUT_STREAM, GFilterInputStream)

/* Called with the bytes read so far and @total (the file's size, or 0 when unknown). */
typedef void (*CsCountingProgress) (goffset done, goffset total, gpointer user_data);

/* @progress (nullable) is called in the reading thread after every read that returned data. */
GInputStream *cs_counting_input_stream_new      (GInputStream *base, goffset total,
                                                 CsCountingProgress progress, gpointer user_data);
goffset       cs_counting_input_stream_get_done (CsCountingInputStream *self);

G_END_DECLS
