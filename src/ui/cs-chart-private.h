/* cs-chart-private.h — what CsChart's widget and its drawing share: the chart's state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Only for src/ui/cs-chart*.c. The state is a plain struct, so the drawing needs no widget.
 */
#pragma once

#include <gtk/gtk.h>

#include "cs-chart-geometry.h"
#include "cs-chart.h"

G_BEGIN_DECLS

#define CS_CHART_MARGIN_RIGHT  12.0
#define CS_CHART_MARGIN_TOP    28.0
#define CS_CHART_MARGIN_BOTTOM 22.0

typedef struct
{
  CsTimeSeries   *series;
  CsTimeSeries   *measured;          /* nullable: 0/1, estimated/measured */
  char           *label;
  guint           color_index;
  CsSeriesColumn *columns;           /* as last drawn, n_columns of them */
  CsSeriesColumn *measured_columns;
  guint           n_columns;
  gboolean        hidden;            /* the user hid it (its legend entry) */
} CsChartSeries;

/* The most legend entries laid out; more series than this end in "+N". */
#define CS_CHART_MAX_LEGEND 48
/* legend entries that are not series */
#define CS_CHART_LEGEND_MEASURED  (-1)
#define CS_CHART_LEGEND_ESTIMATED (-2)
#define CS_CHART_LEGEND_MORE      (-3)

/* One legend entry as last drawn: always above the plot, in the chart's allocation. */
typedef struct
{
  double   x, y, width, height;
  int      series;      /* index in the series, or CS_CHART_LEGEND_* */
  gboolean ellipsized;  /* its label did not fit: the tooltip says it whole */
} CsChartLegendItem;

/* What a chart shows, and what its last drawing found. */
typedef struct
{
  char         *title;
  char         *unit;
  CsChartStyle  style;
  GPtrArray    *series;      /* CsChartSeries* */
  GArray       *markers;     /* CsChartMarker, shared; nullable */
  double        history;     /* s, 0 = all */
  double        anchor;      /* s, < 0 = live */
  double        latest;      /* s */
  double        margin_left; /* room for the value labels: 64, or cs_chart_draw_update_margin () */
  double        origin;      /* the call's start, Unix seconds, for a wall-clock axis; NAN: call time */
  gboolean      fixed_range; /* show [range_t0, range_t1] (a CsChartView's) rather than history/anchor */
  double        range_t0, range_t1;
  double        sel_t0, sel_t1; /* a selected range, shaded; NAN (or equal): none */

  /* set by drawing */
  double        margin_top;  /* the title and the legend's rows: at least CS_CHART_MARGIN_TOP */
  CsChartLegendItem legend[CS_CHART_MAX_LEGEND];
  guint         n_legend;
  double        t0, t1;
  CsChartAxis   axis;
  guint         columns_drawn;
  guint         points_drawn;
} CsChartPlot;

/* cs-chart-draw.c: no widget needed, so a chart draws off screen as on screen. Text is laid out
 * in @context (the widget's, or one of a font map's), lines and labels take @fg. */

/* Sets @plot's margin_left: room for the value labels of its style. */
/* frees a CsChartSeries (the plot's series array) */
void _cs_chart_series_free          (gpointer data);

void cs_chart_draw_update_margin (CsChartPlot *plot, PangoContext *context);
/* The plot (background, grid, axes, series, markers, legend) at @width × @height into @snapshot;
 * sets @plot's visible range, axis, columns and counts. */
void cs_chart_draw_plot          (CsChartPlot *plot, GtkSnapshot *snapshot, PangoContext *context,
                                  const GdkRGBA *fg, int width, int height);
/* The legend entry at (@x, @y) as last drawn, or NULL. */
const CsChartLegendItem *cs_chart_draw_legend_at (const CsChartPlot *plot, double x, double y);
/* The hover read-out @text at @x: a line through the plot, a box beside it. */
void cs_chart_draw_readout       (GtkSnapshot *snapshot, PangoContext *context, const GdkRGBA *fg,
                                  const char *text, double x, int width, int height);

G_END_DECLS
