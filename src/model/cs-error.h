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
} CsErrorCode;

GQuark cs_error_quark (void);

G_END_DECLS
