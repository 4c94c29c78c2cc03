/* cs-headless.h — run a call without a window (scripts, pre-call checks)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-call-config.h"

G_BEGIN_DECLS

/* Runs the call of @config for config->duration seconds (0: until SIGINT or SIGTERM), writes the recording if
 * asked, prints a summary on stdout. Returns the process exit status:
 * 0 success, 1 the call failed, 2 bad option or scenario (message on stderr). */
int cs_headless_run (const CsCallConfig *config);

G_END_DECLS
