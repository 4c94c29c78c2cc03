/* bench-export.c — what the exports cost on the main loop for a long, large call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A simulated call (tests/model/lab-sim.h) of 16 remote users for an hour, with loss on some
 * of them, through a model and its digest; then the CSV table, the seven charts as SVG, the
 * report with them, and the text summary, each timed once (wall clock and CPU) with its size.
 * The window makes these on the main loop: the figures say how long it would stall.
 */
#include "config.h"

#include <gtk/gtk.h>
#include <math.h>

#include "../model/lab-sim.h"
#include "cs-chart-export.h"
#include "cs-csv-export.h"
#include "cs-report-html.h"
#include "cs-summary-text.h"

static double
cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

int
main (int argc, char **argv)
{
  guint users = 16, seconds = 3600;
  g_autoptr (CsStatsModel) model = cs_stats_model_new ();
  g_autoptr (CsCallDigest) digest = cs_call_digest_new (model);
  g_autoptr (GOutputStream) csv = g_memory_output_stream_new_resizable ();
  g_autoptr (GOutputStream) html = g_memory_output_stream_new_resizable ();
  CsReportChart charts[CS_CHART_TABLE_LENGTH];
  char *svgs[CS_CHART_TABLE_LENGTH], *titles[CS_CHART_TABLE_LENGTH];
  g_autofree char *summary = NULL;
  CsExportCall call = { 0 };
  CsChartExport spec;
  gsize svg_bytes = 0;
  double w, c;
  Sim sim;

  if (argc > 1)
    seconds = (guint) g_ascii_strtoull (argv[1], NULL, 10);
  sim_init (&sim, users, 11);
  for (guint k = 1; k <= users; k += 3)
    sim.loss[k] = 0.02 * k / users;
  cs_stats_model_join (model, "local");
  for (guint t = 1; t <= seconds; t++)
    {
      /* an outage of 20 s every 10 minutes on user-2: events and bad periods */
      sim.outage_from[2] = (t / 600) * 600 + 300;
      sim.outage_to[2] = sim.outage_from[2] + 20;
      sim_step (&sim, model, t);
    }
  call = (CsExportCall) { model, digest, NULL, "lab", NULL, 1.8e9, FALSE };
  spec = (CsChartExport) { &call, NULL, NAN, NAN, TRUE };
  g_print ("# a simulated call: %u remote users, %u s, %u events\n", users, seconds,
           cs_stats_model_get_events (model)->len);

  w = g_get_monotonic_time () / 1e6; c = cpu_seconds ();
  g_assert_true (cs_csv_export_write (&call, csv, NULL, NULL));
  g_print ("csv:      %7.3f s wall, %7.3f s CPU, %8.1f MB\n", g_get_monotonic_time () / 1e6 - w, cpu_seconds () - c,
           g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (csv)) / 1e6);

  g_type_ensure (GSK_TYPE_CAIRO_NODE);
  w = g_get_monotonic_time () / 1e6; c = cpu_seconds ();
  for (guint i = 0; i < CS_CHART_TABLE_LENGTH; i++)
    {
      titles[i] = cs_chart_export_title (&spec, i);
      svgs[i] = cs_chart_export_svg (&spec, i, CS_CHART_EXPORT_WIDTH, CS_CHART_EXPORT_HEIGHT, NULL);
      charts[i] = (CsReportChart) { titles[i], svgs[i] };
      svg_bytes += svgs[i] != NULL ? strlen (svgs[i]) : 0;
    }
  g_print ("charts:   %7.3f s wall, %7.3f s CPU, %8.1f MB of SVG\n", g_get_monotonic_time () / 1e6 - w,
           cpu_seconds () - c, svg_bytes / 1e6);

  w = g_get_monotonic_time () / 1e6; c = cpu_seconds ();
  g_assert_true (cs_report_html_write (&call, charts, CS_CHART_TABLE_LENGTH, html, NULL, NULL));
  g_print ("report:   %7.3f s wall, %7.3f s CPU, %8.1f MB (charts included)\n", g_get_monotonic_time () / 1e6 - w,
           cpu_seconds () - c, g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (html)) / 1e6);

  w = g_get_monotonic_time () / 1e6; c = cpu_seconds ();
  summary = cs_summary_text (&call, NULL, 0);
  g_print ("summary:  %7.3f s wall, %7.3f s CPU, %8.1f kB\n", g_get_monotonic_time () / 1e6 - w, cpu_seconds () - c,
           strlen (summary) / 1e3);

  call.anonymise = TRUE;
  w = g_get_monotonic_time () / 1e6; c = cpu_seconds ();
  g_output_stream_close (csv, NULL, NULL);
  {
    g_autoptr (GOutputStream) again = g_memory_output_stream_new_resizable ();

    g_assert_true (cs_csv_export_write (&call, again, NULL, NULL));
  }
  g_print ("csv, anonymised: %7.3f s wall\n", g_get_monotonic_time () / 1e6 - w);
  for (guint i = 0; i < CS_CHART_TABLE_LENGTH; i++)
    {
      g_free (titles[i]);
      g_free (svgs[i]);
    }
  sim_clear (&sim);
  return 0;
}
