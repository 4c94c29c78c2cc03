/* cs-chart-geometry.h — the pure math behind CsChart (axes, ticks, mapping), testable without a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A value axis: [lo, hi] split every @step. */
typedef struct
{
  double lo;
  double hi;
  double step;
} CsChartAxis;

/* The smallest "nice" step (1, 2 or 5 × 10^n) that splits @range into at most @max_ticks intervals. */
double cs_chart_nice_step        (double range, guint max_ticks);
/* A value axis that starts at 0 (or below, for negative data) and covers @vmax with nice ticks. */
void   cs_chart_value_axis       (double vmin, double vmax, guint max_ticks, CsChartAxis *out);
/* A readable step of the time axis (1 s, 2 s, 5 s, 10 s, 15 s, 30 s, 1 min, … 6 h) so that labels
 * are at least @min_px apart when @span seconds cover @width_px pixels. */
double cs_chart_time_step        (double span, double width_px, double min_px);
/* The visible time range [*t0, *t1] for @history seconds (0 = all, from @t_first) ending at @t_latest,
 * or centred on @anchor when @anchor >= 0. While the call is shorter than @history, the range
 * starts at @t_first and covers what there is (at least 60 s), the anchor included. */
void   cs_chart_visible_range    (double history, double t_first, double t_latest, double anchor,
                                  double *t0, double *t1);
double cs_chart_x_for_time       (double t, double t0, double t1, double x0, double width);
double cs_chart_time_for_x       (double x, double t0, double t1, double x0, double width);
/* y grows downwards: @lo maps to the bottom (y0 + height), @hi to the top (y0). */
double cs_chart_y_for_value      (double v, double lo, double hi, double y0, double height);
/* "0:42", "12:05", "1:02:03": seconds since the call start. */
char  *cs_chart_format_time      (double t);
/* The time of @t seconds into a call that started at @origin (Unix seconds), as the locale
 * writes a time of day ("18:02:11", "6:02:11 PM"); call time (cs_chart_format_time()) when
 * @origin is NAN. */
char  *cs_chart_format_clock     (double t, double origin);
/* "120 ms", "1.5 %", "2.4 Mbps" (for kbps values ≥ 1000): a value with its unit, as shown on axes. */
char  *cs_chart_format_value     (double v, const char *unit);

G_END_DECLS
