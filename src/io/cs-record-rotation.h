/* cs-record-rotation.h — --record-max: when a recording goes on in a new file, and its name
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pure functions for cs-call-controller-rotate.c and the command line (docs/command-line.md,
 * docs/recording-format.md): a limit is a size ("100M") or a duration ("1h"); the files of
 * one recording are FILE, then FILE with .1, .2 … before its .jsonl (or after a name
 * without it).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* the smallest limits accepted from the command line */
#define CS_RECORD_MAX_MIN_BYTES   (64 * 1024)
#define CS_RECORD_MAX_MIN_SECONDS 10

/* Parses @text: a whole number of bytes with an optional unit K (or k), M, G (powers of 1024;
 * "iB" or "B" may follow: "100M" = "100MiB"), or of s, m, h, d (seconds, minutes, hours,
 * days): "30M" is a size, "30m" a duration. Exactly
 * one of @bytes and @seconds is set (the other to 0). FALSE with CS_ERROR_INVALID_OPTION
 * for anything else, and below the CS_RECORD_MAX_MIN_* limits. */
gboolean cs_record_max_parse    (const char *text, guint64 *bytes, double *seconds, GError **error);
/* (transfer full) the name of file @index (0: @path itself) of a recording to @path:
 * "call.jsonl" → "call.1.jsonl", "call" → "call.1", "/a.b/call" → "/a.b/call.1" */
char    *cs_record_rotation_path (const char *path, guint index);

G_END_DECLS
