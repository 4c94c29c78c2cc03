/* cs-range-summary.h — what happened in a selected range of a call, per user, as text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "cs-call-digest.h"
#include "cs-stats-model.h"

G_BEGIN_DECLS

/* (transfer full) For each user of @model: the worst uplink and downlink scores in [@t0, @t1]
 * with the reason of the worst second (from @digest, nullable), else the first exception raised
 * for that user in it (its title, from @log_entries, a list of CsLogEntry, nullable), the highest loss, the highest RTT and the number of events; times as
 * cs_chart_format_clock () with @origin. */
char *cs_range_summary_format (CsStatsModel *model, CsCallDigest *digest, GListModel *log_entries, double t0,
                               double t1, double origin);

G_END_DECLS
