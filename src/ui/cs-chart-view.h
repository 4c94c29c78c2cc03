/* cs-chart-view.h — the time range that all of a window's charts show: zoom, pan, follow live
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The narrowest range a chart can be zoomed to, in seconds. */
#define CS_CHART_VIEW_MIN_SPAN 5.0

#define CS_TYPE_CHART_VIEW (cs_chart_view_get_type ())
G_DECLARE_FINAL_TYPE (CsChartView, cs_chart_view, CS, CHART_VIEW, GObject)

/* A view of [0, latest]: while it follows live, its range ends at the latest second and spans the
 * history (0 = the whole call); the user's zoom and pan stop following. The range never gets
 * narrower than CS_CHART_VIEW_MIN_SPAN nor wider than the call (at least a minute), and never
 * leaves [0, max (latest, span)]. "changed" is emitted once per change of the range. */
CsChartView *cs_chart_view_new             (void);
void         cs_chart_view_get_range       (CsChartView *self, double *t0, double *t1);
gboolean     cs_chart_view_get_follow_live (CsChartView *self);
void         cs_chart_view_set_follow_live (CsChartView *self, gboolean follow);
/* The span shown while following live, seconds (0 = the whole call); resets the zoom. */
void         cs_chart_view_set_history     (CsChartView *self, double seconds);
/* The latest second of the call (or the end of a recording). */
void         cs_chart_view_set_latest      (CsChartView *self, double t);
double       cs_chart_view_get_latest      (CsChartView *self);
/* Multiplies the span by @factor (< 1 zooms in) keeping @centre where it is on screen. */
void         cs_chart_view_zoom            (CsChartView *self, double factor, double centre);
/* Moves the range by @fraction of its span (< 0: earlier). */
void         cs_chart_view_pan             (CsChartView *self, double fraction);
/* Shows [@t0, @t1] (clamped), not following live. */
void         cs_chart_view_set_range       (CsChartView *self, double t0, double t1);
/* Centres the range on @t, not following live. */
void         cs_chart_view_center_on       (CsChartView *self, double t);
/* The start of the call, same span (Home). */
void         cs_chart_view_go_start        (CsChartView *self);
/* A selected range (Shift-drag): [@t0, @t1] in either order, clamped to [0, latest]; NAN or an
 * empty range clears it. "selection-changed" is emitted when it changes. */
void         cs_chart_view_set_selection   (CsChartView *self, double t0, double t1);
/* FALSE when nothing is selected. */
gboolean     cs_chart_view_get_selection   (CsChartView *self, double *t0, double *t1);
/* Back to the history's span, following live (double-click). */
void         cs_chart_view_reset           (CsChartView *self);

G_END_DECLS
