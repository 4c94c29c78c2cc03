/* cs-recording-private.h — what the recorder and the reader share: the line format
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One place says how a CsStatsSample, a double and the detector's thresholds become
 * JSON and back, so that writer and reader cannot drift apart (docs/recording-format.md).
 */
#pragma once

#include <json-glib/json-glib.h>

#include "cs-stats-model.h"

G_BEGIN_DECLS

#define CS_RECORDING_FORMAT  "callscope-recording"
/* The major version: a reader refuses a larger one. Additions that an older reader can
 * ignore (new line types, new members) keep it. */
#define CS_RECORDING_VERSION 1

/* The reader refuses a line longer than this (without its newline): a recording is not
 * meant to hold bulk data, and a file of one huge line is not a recording. */
#define CS_RECORDING_MAX_LINE   (1024 * 1024)
/* The writer cuts every string (and member name) to this many bytes, on a character
 * boundary, so that no line it writes can reach CS_RECORDING_MAX_LINE: a line has
 * fewer than 16 strings, each at most 6 × this once escaped, and its other members
 * are short. The model caps what peers send below it (a display name at 256
 * characters), so the model's strings are written whole. */
#define CS_RECORDING_MAX_STRING 4096

/* Sets @name to @value: a JSON number when finite (written with 17 significant digits by
 * cs_recording_object_to_line(), so it reads back bit for bit), else the string "NaN", "Infinity" or "-Infinity". */
void           cs_recording_set_double     (JsonObject *object, const char *name, double value);
/* Sets @name to @value unless it is exactly CS_UNKNOWN (unknown values are omitted). */
void           cs_recording_set_known      (JsonObject *object, const char *name, double value);
/* Reads a number written by cs_recording_set_double(); FALSE when @node is not one. */
gboolean       cs_recording_node_get_double (JsonNode *node, double *out);

/* The string member @name of @object, NULL when absent or not a string. */
const char    *cs_recording_get_string_member (JsonObject *object, const char *name);
/* A JSON number (not a string such as "NaN"), finite: what "t" and "version" must be. */
gboolean       cs_recording_get_number       (JsonNode *node, double *out);

/* Every field of @sample; members equal to their cs_stats_sample_new() default are omitted. */
JsonObject    *cs_recording_sample_to_json   (const CsStatsSample *sample);
/* The inverse; on a bad member, returns NULL with a message that names it (no line number). */
CsStatsSample *cs_recording_sample_from_json (JsonObject *object, GError **error);

/* Adds one member per field of @thresholds to @object. */
void           cs_recording_thresholds_to_json   (const CsThresholds *thresholds, JsonObject *object);
/* Starts from the defaults and applies the members present; FALSE with an error on a bad one. */
gboolean       cs_recording_thresholds_from_json (JsonObject *object, CsThresholds *out, GError **error);
gboolean       cs_recording_thresholds_equal     (const CsThresholds *a, const CsThresholds *b);

/* FALSE, with an error that names the member, when a string of @object (a value or a
 * member name, at any depth) is not UTF-8: the file is, but json-glib decodes a lone
 * surrogate escape ("\ud800") into invalid UTF-8. The writer never writes one (it repairs
 * what it is given), so such a line is refused rather than repaired: what is read is
 * what was written. */
gboolean       cs_recording_check_utf8       (JsonObject *object, GError **error);

/* One line of text, without the newline: compact JSON, members in insertion order,
 * doubles with 17 significant digits, strings valid UTF-8 cut to CS_RECORDING_MAX_STRING bytes. */
char          *cs_recording_object_to_line   (JsonObject *object);

/* json-glib 1.6 wraps an integer literal beyond 64 bits silently (2^64 + 1 reads as 1):
 * returns the first integer literal of @line (outside strings) that is out of the
 * range of gint64, as a new string, or NULL when there is none. */
char          *cs_recording_find_huge_integer (const char *line, gsize len);

G_END_DECLS
