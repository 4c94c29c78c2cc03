/* cs-quality-badge.h — an uplink or downlink quality score: arrow, shape, number, word and colour
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "cs-agora-stats.h"

G_BEGIN_DECLS

/* CsLink (cs-agora-stats.h) as a GEnum, for the badge's "link" property */
#define CS_TYPE_LINK (cs_link_get_type ())
GType cs_link_get_type (void) G_GNUC_CONST;

#define CS_TYPE_QUALITY_BADGE (cs_quality_badge_get_type ())
G_DECLARE_FINAL_TYPE (CsQualityBadge, cs_quality_badge, CS, QUALITY_BADGE, GtkWidget)

GtkWidget  *cs_quality_badge_new        (CsLink link);
/* @reason (nullable): why, in words; shown in the tooltip and the accessible description. */
void        cs_quality_badge_set_score  (CsQualityBadge *self, guint score, const char *reason);
guint       cs_quality_badge_get_score  (CsQualityBadge *self);
const char *cs_quality_badge_get_text   (CsQualityBadge *self);
/* The symbolic icon whose shape stands for @score (so colour is never the only cue). */
const char *cs_quality_score_icon_name  (guint score);

G_END_DECLS
