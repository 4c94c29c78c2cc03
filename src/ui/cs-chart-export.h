/* cs-chart-export.h — the window's charts drawn off screen: PNG files, SVG for the report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same drawing as the widget (cs_chart_draw_plot()), with no widget and no display, so
 * that the headless command line draws what the window shows. The charts cover the whole
 * call (or [t0, t1)), with the exception markers, on a light background.
 */
#pragma once

#include <gtk/gtk.h>

#include "cs-chart-table.h"
#include "cs-export.h"

G_BEGIN_DECLS

typedef struct
{
  const CsExportCall *call;
  const char         *delays_uid;   /* nullable: the user whose delays the delay chart shows (default: the worst) */
  double              t0, t1;       /* NAN, NAN: the whole call */
  gboolean            wall_clock;   /* times of day on the axis when the call's start is known */
} CsChartExport;

#define CS_CHART_EXPORT_WIDTH  1200
#define CS_CHART_EXPORT_HEIGHT 260

/* (transfer full) chart @chart (a CsWindowChart) drawn at @width × @height */
GskRenderNode *cs_chart_export_node  (const CsChartExport *spec, guint chart, int width, int height);
/* (transfer full) its translated title (the delay chart names its user) */
char          *cs_chart_export_title (const CsChartExport *spec, guint chart);
/* Writes it as a PNG file (on a white background). */
gboolean       cs_chart_export_png   (const CsChartExport *spec, guint chart, int width, int height,
                                      const char *path, GError **error);
/* (transfer full) it as one <svg> document, or NULL (and @error) when cairo fails */
char          *cs_chart_export_svg   (const CsChartExport *spec, guint chart, int width, int height,
                                      GError **error);
/* Writes every chart into @directory (created if missing) as NN-<name>.png; the paths written
 * in @written (nullable, char*). */
gboolean       cs_chart_export_all_png (const CsChartExport *spec, const char *directory, int width, int height,
                                        GPtrArray *written, GError **error);
/* The user the delay chart shows by default: the remote user with the most bad seconds, or the first */
char          *cs_chart_export_worst_user (const CsExportCall *call);

G_END_DECLS
