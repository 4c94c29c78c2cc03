/* cs-error.h — Callscope's error domain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CS_ERROR (cs_error_quark ())

typedef enum
{
  CS_ERROR_FAILED,
  CS_ERROR_INVALID_OPTION,     /* a bad command-line option or setting */
  CS_ERROR_INVALID_SCENARIO,   /* a missing or malformed scenario file */
  CS_ERROR_INVALID_RECORDING,  /* a malformed recording */
  CS_ERROR_UNSUPPORTED_VERSION,/* a recording of a newer major version */
  CS_ERROR_MISSING_ELEMENT,    /* a GStreamer element is not installed */
  CS_ERROR_CONNECTION,         /* a server could not be reached or went away */
  CS_ERROR_PROTOCOL,           /* a server sent something malformed or unexpected */
  CS_ERROR_REFUSED,            /* a server refused (wrong room, PIN, token, HTTP error) */
  CS_ERROR_INVALID_DUMP,       /* not a dump, or a dump of the wrong shape (a truncated gzip, bad JSON) */
  CS_ERROR_NO_CALL,            /* a valid dump with no peer connection: nothing to score */
} CsErrorCode;

GQuark cs_error_quark (void);

/* What a message may quote of a file's or a server's text ("has an unknown value “%s”"). */
#define CS_ERROR_QUOTE_CHARS 64

/* @text made fit to quote in a message or a log: valid UTF-8 (json-glib decodes a lone
 * surrogate escape such as "\ud800" into invalid UTF-8, which GTK refuses to show),
 * control characters replaced by spaces (a newline or a terminal escape in a value must
 * not forge a line of a log), and at most @max_chars characters: a longer text is cut on
 * a character boundary and ends in "…" (0: no limit). NULL for NULL; @length -1 for a
 * NUL-terminated @text. */
char  *cs_error_quote (const char *text, gssize length, guint max_chars);

G_END_DECLS
