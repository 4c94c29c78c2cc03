/* bench-chart.c — chart snapshot time with 1 minute vs 24 hours of history, 8 series
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The chart reads one downsampled column per pixel, so drawing a day should cost about
 * what a minute costs. Prints both times and their ratio (a benchmark, not a test).
 */
#include "config.h"

#include <gtk/gtk.h>
#include <math.h>

#include "cs-chart.h"

#define N_SERIES 8
#define WIDTH 1000
#define HEIGHT 240
#define ROUNDS 200

static double
measure (guint points)
{
  CsChart *chart = g_object_ref_sink (cs_chart_new ("bench", "ms", CS_CHART_STYLE_LINE));
  CsTimeSeries *series[N_SERIES];
  gint64 start, elapsed;

  for (guint s = 0; s < N_SERIES; s++)
    {
      series[s] = cs_time_series_new (86400);
      for (guint t = 0; t < points; t++)
        cs_time_series_append (series[s], t, 50 + 40 * sin (t / 500.0 + s) + (t % 7));
      cs_chart_add_series (chart, series[s], "s", s, NULL);
    }
  cs_chart_set_history (chart, 0);
  cs_chart_set_latest (chart, points - 1);
  gsk_render_node_unref (cs_chart_render_node (chart, WIDTH, HEIGHT)); /* warm up */

  start = g_get_monotonic_time ();
  for (guint i = 0; i < ROUNDS; i++)
    gsk_render_node_unref (cs_chart_render_node (chart, WIDTH, HEIGHT));
  elapsed = g_get_monotonic_time () - start;

  for (guint s = 0; s < N_SERIES; s++)
    g_object_unref (series[s]);
  g_object_unref (chart);
  return elapsed / 1000.0 / ROUNDS;
}

int
main (int argc, char **argv)
{
  double minute, hour, day;

  if (!gtk_init_check ())
    {
      g_print ("bench-chart: no display, skipped (run under xvfb-run)\n");
      return 77;
    }
  minute = measure (60);
  hour = measure (3600);
  day = measure (86400);
  /* A minute fills 60 of the 1000 columns, an hour or a day fills them all: beyond the
   * width of the chart, more history costs (almost) nothing. */
  g_print ("chart snapshot, %d series, %d px wide: 1 min of history %.3f ms, 1 h %.3f ms, 24 h %.3f ms; "
           "24 h / 1 min = %.2f, 24 h / 1 h = %.2f\n",
           N_SERIES, WIDTH, minute, hour, day, day / minute, day / hour);
  return 0;
}
