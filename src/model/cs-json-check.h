/* cs-json-check.h — what json-glib must not be given, checked before it parses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * json-glib recurses once per level of arrays and objects: a text of a few hundred
 * kilobytes like {"a":[[[[… overflows the stack. And json-glib 1.6 reads more than JSON:
 * 'single-quoted' strings, comments (a '/' starts one, to the end of the line), escapes
 * such as "\7", and after a lone surrogate escape ("\ud800") or a short "\u12" it takes
 * the next character too, even a closing quote. A scan that knew only "double-quoted"
 * strings could be led to take brackets for text that json-glib then parses.
 *
 * So every text from a file or the network (a recording line, a scenario, a Janus
 * message) goes through cs_json_check () first: it scans strings as json-glib does,
 * refuses what is not JSON and could hide brackets from the scan, and counts the depth.
 */
#pragma once

#include <glib.h>

#include "cs-error.h"

G_BEGIN_DECLS

/* Callscope's own files nest 3 levels at most; this leaves room for hand-written ones. */
#define CS_JSON_MAX_DEPTH 64

typedef enum
{
  CS_JSON_CHECK_DEFAULT      = 0,
  /* The text is one array or object: a closing bracket without its opening one, or
   * anything but white space after the value, is refused (json-glib reads on after it). */
  CS_JSON_CHECK_SINGLE_VALUE = 1 << 0,
} CsJsonCheckFlags;

/* Scans @length bytes of @text (-1: up to its NUL). Outside "double-quoted" strings it
 * refuses ' and / (single quotes and comments are not JSON); in strings, an escape that
 * is not JSON ("\7", "\x", "\u12") and a lone surrogate escape right before the closing
 * quote (json-glib 1.6 would take the quote as part of the string). Refuses nesting
 * deeper than @max_depth.
 *
 * Returns TRUE when the text may be parsed. Else FALSE with an error of @code in CS_ERROR
 * whose message says what is wrong and on which line: lines count from @first_line (a
 * reader that checks one line of a file at a time passes that line's number; else 1).
 * The text may still be invalid JSON: the parser judges the rest. */
gboolean cs_json_check (const char       *text,
                        gssize            length,
                        guint             max_depth,
                        guint             first_line,
                        CsJsonCheckFlags  flags,
                        CsErrorCode       code,
                        GError          **error);

/* json-glib 1.6 decodes a lone surrogate escape ("\ud800" without its other half, as
 * JavaScript writes a string cut inside a pair) into invalid UTF-8, which the readers then
 * refuse or repair; json-glib 1.10 (Debian 13, the GNOME runtime) refuses the whole text.
 * So that a customer's file or a server's message reads the same with both, every reader
 * calls this after cs_json_check () and before parsing: each lone surrogate escape in a
 * string becomes "\ufffd" (U+FFFD, the replacement character). Same length, so line and
 * column numbers stay. Returns NULL when there is none, else a repaired NUL-terminated
 * copy of the @length bytes (-1: up to the NUL) of @text, for g_free (). */
char *cs_json_repair_surrogates (const char *text, gssize length);

G_END_DECLS
