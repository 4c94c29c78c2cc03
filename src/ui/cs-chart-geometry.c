/* cs-chart-geometry.c — the pure math behind CsChart
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "cs-chart-geometry.h"

double
cs_chart_nice_step (double range, guint max_ticks)
{
  double raw, mag, norm;

  if (!(range > 0) || max_ticks == 0)
    return 1.0;
  raw = range / max_ticks;
  mag = pow (10.0, floor (log10 (raw)));
  norm = raw / mag;
  if (norm <= 1.0 + 1e-9)
    return mag;
  if (norm <= 2.0 + 1e-9)
    return 2.0 * mag;
  if (norm <= 5.0 + 1e-9)
    return 5.0 * mag;
  return 10.0 * mag;
}

void
cs_chart_value_axis (double vmin, double vmax, guint max_ticks, CsChartAxis *out)
{
  double lo = MIN (0.0, vmin);
  double hi = vmax;

  if (!isfinite (lo))
    lo = 0;
  if (!isfinite (hi) || hi <= lo)
    hi = lo + 1.0;
  out->step = cs_chart_nice_step (hi - lo, MAX (max_ticks, 1));
  out->lo = floor (lo / out->step) * out->step;
  out->hi = ceil (hi / out->step - 1e-9) * out->step;
  if (out->hi <= out->lo)
    out->hi = out->lo + out->step;
}

double
cs_chart_time_step (double span, double width_px, double min_px)
{
  static const double steps[] = {
    1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
  };

  if (!(span > 0) || !(width_px > 0))
    return steps[0];
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (steps[i] / span * width_px >= min_px)
      return steps[i];
  return steps[G_N_ELEMENTS (steps) - 1] * ceil (span / width_px * min_px / 86400.0);
}

void
cs_chart_visible_range (double history, double t_first, double t_latest, double anchor,
                        double *t0, double *t1)
{
  double span;

  if (history <= 0)
    {
      span = MAX (t_latest - t_first, 60.0);
      *t0 = t_first;
      *t1 = t_first + span;
      return;
    }
  span = history;
  /* early in a call, show what there is (at least a minute) rather than an empty axis */
  if (t_latest - t_first < history)
    {
      *t0 = t_first;
      *t1 = t_first + MIN (history, MAX (60.0, t_latest - t_first));
      if (*t1 < t_latest)
        *t1 = t_latest;
      return;
    }
  if (anchor >= 0)
    {
      *t0 = anchor - span / 2;
      *t1 = anchor + span / 2;
      if (*t0 < 0)
        {
          *t1 -= *t0;
          *t0 = 0;
        }
      return;
    }
  *t1 = MAX (t_latest, span);
  *t0 = *t1 - span;
}

double
cs_chart_x_for_time (double t, double t0, double t1, double x0, double width)
{
  if (t1 <= t0)
    return x0;
  return x0 + (t - t0) / (t1 - t0) * width;
}

double
cs_chart_time_for_x (double x, double t0, double t1, double x0, double width)
{
  if (width <= 0)
    return t0;
  return t0 + (x - x0) / width * (t1 - t0);
}

double
cs_chart_y_for_value (double v, double lo, double hi, double y0, double height)
{
  if (hi <= lo)
    return y0 + height;
  v = CLAMP (v, lo, hi);
  return y0 + height - (v - lo) / (hi - lo) * height;
}

char *
cs_chart_format_time (double t)
{
  long s = (long) floor (MAX (t, 0) + 0.5);

  if (s >= 3600)
    return g_strdup_printf ("%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
  return g_strdup_printf ("%ld:%02ld", s / 60, s % 60);
}

char *
cs_chart_format_clock (double t, double origin)
{
  g_autoptr (GDateTime) when = NULL;

  if (isnan (origin))
    return cs_chart_format_time (t);
  when = g_date_time_new_from_unix_local ((gint64) floor (origin + MAX (t, 0) + 0.5));
  if (when == NULL)
    return cs_chart_format_time (t);
  return g_date_time_format (when, "%X");
}

char *
cs_chart_format_value (double v, const char *unit)
{
  if (unit == NULL || *unit == '\0')
    return g_strdup_printf ("%g", v);
  if (g_strcmp0 (unit, "kbps") == 0 && fabs (v) >= 1000)
    return g_strdup_printf ("%.3g Mbps", v / 1000);
  if (fabs (v) >= 100 || v == floor (v))
    return g_strdup_printf ("%.0f %s", v, unit);
  return g_strdup_printf ("%.1f %s", v, unit);
}
