/* cs-json-depth.h — how deeply a JSON text nests, checked before it is parsed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * json-glib recurses once per level of arrays and objects: a text of a few hundred
 * kilobytes like {"a":[[[[… overflows the stack. Files (recordings, scenarios) are
 * scanned with this first and refused when they nest deeper than CS_JSON_MAX_DEPTH.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Callscope's own files nest 3 levels at most; this leaves room for hand-written ones. */
#define CS_JSON_MAX_DEPTH 64

/* Scans @length bytes of @text (-1: up to its NUL) for '[' '{' ']' '}' outside strings.
 * Returns TRUE when nothing nests deeper than @max_depth; else FALSE and, if @line is
 * not NULL, sets it to the line (from 1) of the bracket that goes too deep. Nothing
 * else is checked: the parser still judges whether the text is valid JSON. */
gboolean cs_json_check_depth (const char *text, gssize length, guint max_depth, guint *line);

G_END_DECLS
