/* cs-details-pane.h — the selected user's Agora-shaped stats and the call's RTCStats, with units
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "cs-stats-model.h"

G_BEGIN_DECLS

#define CS_TYPE_DETAILS_PANE (cs_details_pane_get_type ())
G_DECLARE_FINAL_TYPE (CsDetailsPane, cs_details_pane, CS, DETAILS_PANE, GtkWidget)

GtkWidget  *cs_details_pane_new      (void);
/* Re-reads @model for @uid (NULL: the call only); called once per committed second. */
void        cs_details_pane_update   (CsDetailsPane *self, CsStatsModel *model, const char *uid);
const char *cs_details_pane_get_uid  (CsDetailsPane *self);
/* The text shown for a field, e.g. ("RemoteVideoTrackStats", "end2EndDelay") -> "182 ms (measured)"; NULL if absent or hidden. */
const char *cs_details_pane_get_value (CsDetailsPane *self, const char *group, const char *field);

/* The summary of a selected range of the charts (cs-range-summary.c) above the groups; NULL hides it. */
void        cs_details_pane_set_range_summary (CsDetailsPane *self, const char *text);
const char *cs_details_pane_get_range_summary (CsDetailsPane *self);

G_END_DECLS
