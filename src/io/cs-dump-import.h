/* cs-dump-import.h — a browser's dump as a call: the samples that replay it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * docs/import.md says, field by field, what each sample is made of. The dump's owner is
 * the local user ("local"); the remote side of each peer connection is a remote user, uid
 * "<pc-key>" (display name "Peer <pc-key>"), or "<pc-key>/<stream-id>" (display name the
 * stream id) when one connection carries several remote MediaStreams (an SFU).
 */
#pragma once

#include "cs-dump.h"
#include "cs-recording-reader.h"

G_BEGIN_DECLS

/* (transfer full) a reader whose replay feeds the model the dump's samples (one per track per
 * second, and the connection events of its logs), or NULL with CS_ERROR_NO_CALL when no
 * connection has statistics. @file_name (nullable) names the file in the reader's source. */
CsRecordingReader *cs_dump_import (CsDump *dump, const char *file_name, GError **error);

G_END_DECLS
