/* cs-call-export.h — the exports of the call a controller holds: what the Export menu and
 * the headless options write
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "cs-call-controller.h"
#include "cs-chart-export.h"

G_BEGIN_DECLS

/* Fills @call from @controller (borrowed pointers: valid while the controller's call is).
 * @source_text receives the source in words (free it after @call). */
void     cs_call_export_describe (CsCallController *controller, gboolean anonymise, CsExportCall *call,
                                  char **source_text);
/* (transfer full) the report / the CSV file, made on the main context from the model as it is
 * now (a live call goes on meanwhile): write them where the user said. */
GBytes  *cs_call_export_report   (CsCallController *controller, gboolean anonymise, const char *delays_uid,
                                  gboolean wall_clock, GError **error);
GBytes  *cs_call_export_csv      (CsCallController *controller, gboolean anonymise, GError **error);
/* (transfer full) the text summary (cs-summary-text.h) */
char    *cs_call_export_summary  (CsCallController *controller, gboolean anonymise);
/* Chart images at CS_CHART_EXPORT_WIDTH × _HEIGHT into @directory; @written: (nullable) the paths */
gboolean cs_call_export_charts   (CsCallController *controller, gboolean anonymise, const char *delays_uid,
                                  gboolean wall_clock, const char *directory, GPtrArray *written, GError **error);

G_END_DECLS
