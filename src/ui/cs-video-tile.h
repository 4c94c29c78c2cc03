/* cs-video-tile.h — one user: video, name, uplink/downlink badges and the numbers that matter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "cs-participant.h"
#include "cs-video-paintable.h"

G_BEGIN_DECLS

#define CS_TYPE_VIDEO_TILE (cs_video_tile_get_type ())
G_DECLARE_FINAL_TYPE (CsVideoTile, cs_video_tile, CS, VIDEO_TILE, GtkWidget)

/* @paintable (nullable): the user's video */
GtkWidget     *cs_video_tile_new             (CsParticipant *participant, CsVideoPaintable *paintable);
CsParticipant *cs_video_tile_get_participant (CsVideoTile *self);
/* Re-reads the participant and the video's age (called once per committed second). */
void           cs_video_tile_refresh         (CsVideoTile *self);
GtkWidget     *cs_video_tile_get_badge       (CsVideoTile *self, gboolean uplink);
/* "frozen", "stopped", "waiting" or NULL: what the overlay says now */
const char    *cs_video_tile_get_video_state (CsVideoTile *self);
const char    *cs_video_tile_get_metrics_text (CsVideoTile *self);
/* The name to show for @participant: its display name, or "You" for the local user
 * when the call gave it no name of its own. */
const char    *cs_participant_ui_name        (CsParticipant *participant);

G_END_DECLS
