/* cs-chart.h — a time-series chart drawn with GtkSnapshot from CsTimeSeries' downsampled columns
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "cs-chart-view.h"
#include "cs-time-series.h"

G_BEGIN_DECLS

typedef enum
{
  CS_CHART_STYLE_LINE,   /* a line through each column's last value, with a min–max band */
  CS_CHART_STYLE_SCORE,  /* steps of the worst (highest) score of each column, axis 0–6 with words */
} CsChartStyle;

/* An exception (raise) or recovery shown on the time axis. */
typedef struct
{
  double   t;
  gboolean recovery;
} CsChartMarker;

#define CS_CHART_N_COLORS 7

#define CS_TYPE_CHART (cs_chart_get_type ())
G_DECLARE_FINAL_TYPE (CsChart, cs_chart, CS, CHART, GtkWidget)

CsChart *cs_chart_new            (const char *title, const char *unit, CsChartStyle style);
void     cs_chart_set_title      (CsChart *self, const char *title);
const char *cs_chart_get_title   (CsChart *self);
void     cs_chart_clear_series   (CsChart *self);
/* Adds @series (a reference is kept). @measured (nullable): a 0/1 series; where it is 0 the line is
 * dashed (estimated), where 1 solid (measured). @color_index picks from a colour-blind-safe palette. */
void     cs_chart_add_series     (CsChart *self, CsTimeSeries *series, const char *label,
                                  guint color_index, CsTimeSeries *measured);
guint    cs_chart_get_n_series   (CsChart *self);
/* Seconds of history shown (0 = all). */
void     cs_chart_set_history    (CsChart *self, double seconds);
/* Centre the view on @t (seconds), or follow the latest second when @t < 0. */
void     cs_chart_set_anchor     (CsChart *self, double t);
/* The latest committed second: redraws once. */
void     cs_chart_set_latest     (CsChart *self, double t);
/* The call's start (Unix seconds): the time axis and the read-out show times of day;
 * NAN shows call time (0:00 at the start). */
void     cs_chart_set_time_origin (CsChart *self, double origin);
double   cs_chart_get_time_origin (CsChart *self);
/* (transfer none) shared array of CsChartMarker, kept by reference; NULL for none. */
void     cs_chart_set_markers    (CsChart *self, GArray *markers);
void     cs_chart_get_color      (guint color_index, GdkRGBA *out);
/* Shows @view's range (shared by reference; NULL: the chart's own history and anchor). With a view,
 * Ctrl+scroll and pinch zoom around the pointer, drag and horizontal scroll pan, double-click
 * resets, and the keys +, −, Left, Right, Home and End zoom and pan while the chart has focus. */
void     cs_chart_set_view       (CsChart *self, CsChartView *view);
/* The accessible description: the latest values and the range shown. */
const char *cs_chart_get_description (CsChart *self);
/* A hidden series is not drawn (its legend entry is dimmed and struck through); a click on
 * its legend entry hides or shows it. The chart remembers it by label: a series added later
 * with the same label (the charts are rebuilt when a user joins) is hidden too. */
void     cs_chart_set_series_hidden (CsChart *self, guint index, gboolean hidden);
gboolean cs_chart_get_series_hidden (CsChart *self, guint index);
/* The legend's entry @index as last drawn: its rectangle, its series (an index, or < 0 for the
 * measured/estimated key) and whether its label was ellipsized; FALSE past the last. */
gboolean cs_chart_get_legend_entry  (CsChart *self, guint index, graphene_rect_t *rect, int *series,
                                     gboolean *ellipsized);
/* Where the plot starts, below the title and the legend, as last drawn (pixels). */
double   cs_chart_get_plot_top      (CsChart *self);
/* The visible range as last drawn. */
void     cs_chart_get_visible_range (CsChart *self, double *t0, double *t1);
/* Statistics of the last content rebuild: columns drawn per series and points drawn in total. */
guint    cs_chart_get_columns_drawn (CsChart *self);
guint    cs_chart_get_points_drawn  (CsChart *self);
/* (transfer full) the chart's plot drawn at @width × @height, as snapshot() draws it (for tests and benchmarks) */
GskRenderNode *cs_chart_render_node (CsChart *self, int width, int height);
/* Drops the cached drawing (for benchmarks that measure a full redraw). */
void     cs_chart_invalidate     (CsChart *self);
/* Simulates a pointer over @x (pixels from the left edge; < 0 removes the read-out). */
void     cs_chart_set_hover_x    (CsChart *self, double x);
/* (transfer full) the hover read-out text, or NULL */
char    *cs_chart_dup_readout    (CsChart *self);

G_END_DECLS
