/* cs-call-factory.h — makes the CsCallSession for a call's mode
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one place that knows every kind of call. A new kind is a subclass of CsCallSession
 * in its own file and one row in the table of cs-call-factory.c.
 */
#pragma once

#include "cs-call-session.h"

G_BEGIN_DECLS

/* Creates the session for @config->mode. Errors: CS_ERROR_INVALID_OPTION (a bad --impair),
 * CS_ERROR_INVALID_SCENARIO (a missing or malformed scenario), CS_ERROR_FAILED (a mode that
 * is not available). cs_call_session_start() joins the model (as "local") unless it is
 * joined already; after cs_call_session_stop() the caller calls cs_stats_model_leave(). */
CsCallSession *cs_call_factory_new_session (const CsCallConfig *config, GError **error);
/* The name of @mode in recordings ("lab", "janus", "whip", "whep", "replay"); "lab" for
 * an unknown mode. */
const char    *cs_call_factory_mode_name   (CsCallMode mode);

G_END_DECLS
