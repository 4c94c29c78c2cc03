/* cs-webrtc-connection.h — what webrtcbin says about its connection: candidate pairs and descriptions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The live side of the connection view (CsConnectionInfo, docs/import.md): the candidate
 * pairs of a get-stats reply with their candidates, the transport's selected pair, and the
 * local and remote descriptions webrtcbin holds. In GStreamer 1.22 a pair has no state,
 * RTT or byte counts (gst-webrtc-reference.md §1.1): those stay unknown. Candidates are
 * found by the ids the pair names, so 1.22.0–1.22.4's swapped local/remote candidate types
 * (§1.2, bug 5) do not matter.
 */
#pragma once

#include <gst/gst.h>

#include "cs-connection-info.h"

G_BEGIN_DECLS

/* From a get-stats reply (any thread): (transfer full) the CsCandidatePair*s seen at @t (s
 * from the call's start), in id order; @selected_id (nullable out) gets the id of the pair
 * a transport selected, or NULL. */
GPtrArray *cs_webrtc_connection_pairs (const GstStructure *stats, double t, char **selected_id);

/* Adds to @info the descriptions @webrtcbin holds now ("local-description",
 * "remote-description") that differ from the last one of their side: one entry per
 * negotiation. Main context (or any thread: only properties are read). */
void       cs_webrtc_connection_update_descriptions (CsConnectionInfo *info, GstElement *webrtcbin, double t);

G_END_DECLS
