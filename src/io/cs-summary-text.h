/* cs-summary-text.h — the call in plain text: what headless prints and "Copy Summary" copies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The call (duration, users, what was imported), its bad periods in words, then per user:
 * quality now, seconds at each score, loss, RTT, delays, video and audio, events.
 * Read it while the call is still joined: the Agora-shaped stats answer only then.
 */
#pragma once

#include "cs-export.h"
#include "cs-recording-reader.h"

G_BEGIN_DECLS

/* (transfer full) @import: (nullable) the dump imported; @n_errors: faults reported meanwhile */
char *cs_summary_text (const CsExportCall *call, CsRecordingReader *import, guint n_errors);

G_END_DECLS
