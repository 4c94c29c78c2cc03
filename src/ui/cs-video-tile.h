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

/* Properties: "participant" (CsParticipant: the name, badges, numbers and video state follow its
 * properties), "paintable" (CsVideoPaintable, construct-only, nullable: the user's video). */

/* @paintable (nullable): the user's video */
GtkWidget     *cs_video_tile_new             (CsParticipant *participant, CsVideoPaintable *paintable);
/* (transfer none) (nullable) */
CsParticipant *cs_video_tile_get_participant (CsVideoTile *self);
/* @participant (nullable): the user to show; the tile stops following the previous one. */
void           cs_video_tile_set_participant (CsVideoTile *self, CsParticipant *participant);
/* Re-checks the age of the video's last frame: a video that stopped coming shows as frozen.
 * Called once per committed second (the call's clock); the rest follows the participant. */
void           cs_video_tile_check_video     (CsVideoTile *self);
GtkWidget     *cs_video_tile_get_badge       (CsVideoTile *self, gboolean uplink);
/* "frozen", "stopped", "waiting" or NULL: what the overlay says now */
const char    *cs_video_tile_get_video_state (CsVideoTile *self);
const char    *cs_video_tile_get_metrics_text (CsVideoTile *self);
/* The name to show for @participant: its display name, or "You" for the local user
 * when the call gave it no name of its own. */
const char    *cs_participant_ui_name        (CsParticipant *participant);

G_END_DECLS
