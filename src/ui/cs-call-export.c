/* cs-call-export.c — the exports of a controller's call (see the header)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "cs-call-export.h"
#include "cs-csv-export.h"
#include "cs-report-html.h"
#include "cs-summary-text.h"

void
cs_call_export_describe (CsCallController *controller, gboolean anonymise, CsExportCall *call, char **source_text)
{
  CsRecordingReader *source = cs_call_controller_get_source (controller);

  *call = (CsExportCall) {
    .model = cs_call_controller_get_model (controller),
    .digest = cs_call_controller_get_digest (controller),
    .connections = cs_call_controller_get_connections (controller),
    .mode = cs_call_controller_get_mode_name (controller),
    .start_time = cs_call_controller_get_start_time (controller),
    .anonymise = anonymise,
  };
  *source_text = NULL;
  if (source != NULL)
    {
      const char *format = cs_recording_reader_get_source_format (source);
      const char *browser = cs_recording_reader_get_source_browser (source);
      const char *file = cs_recording_reader_get_source_file (source);

      if (format != NULL && *format != '\0')
        /* TRANSLATORS: "<format> dump of <browser>, <file>" */
        *source_text = g_strdup_printf (_("%s dump of %s, %s"), format,
                                        browser != NULL && *browser != '\0' ? browser : _("an unknown browser"),
                                        file != NULL ? file : "");
      else if (file != NULL && *file != '\0')
        *source_text = g_strdup (file);
    }
  call->source = *source_text;
}

static GBytes *
steal_bytes (GOutputStream *out)
{
  g_output_stream_close (out, NULL, NULL);   /* a memory stream: cannot fail */
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

GBytes *
cs_call_export_report (CsCallController *controller, gboolean anonymise, const char *delays_uid,
                       gboolean wall_clock, GError **error)
{
  g_autofree char *source = NULL;
  g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();
  CsReportChart charts[CS_CHART_TABLE_LENGTH];
  char *titles[CS_CHART_TABLE_LENGTH], *svgs[CS_CHART_TABLE_LENGTH];
  CsExportCall call;
  CsChartExport spec;
  gboolean ok;

  cs_call_export_describe (controller, anonymise, &call, &source);
  spec = (CsChartExport) { &call, delays_uid, NAN, NAN, wall_clock };
  for (guint c = 0; c < CS_CHART_TABLE_LENGTH; c++)
    {
      titles[c] = cs_chart_export_title (&spec, c);
      /* a chart that cannot be drawn is said so in the page, not fatal */
      svgs[c] = cs_chart_export_svg (&spec, c, CS_CHART_EXPORT_WIDTH, CS_CHART_EXPORT_HEIGHT, NULL);
      charts[c] = (CsReportChart) { titles[c], svgs[c] };
    }
  ok = cs_report_html_write (&call, charts, CS_CHART_TABLE_LENGTH, out, NULL, error);
  for (guint c = 0; c < CS_CHART_TABLE_LENGTH; c++)
    {
      g_free (titles[c]);
      g_free (svgs[c]);
    }
  return ok ? steal_bytes (out) : NULL;
}

GBytes *
cs_call_export_csv (CsCallController *controller, gboolean anonymise, GError **error)
{
  g_autofree char *source = NULL;
  g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();
  CsExportCall call;

  cs_call_export_describe (controller, anonymise, &call, &source);
  if (!cs_csv_export_write (&call, out, NULL, error))
    return NULL;
  return steal_bytes (out);
}

char *
cs_call_export_summary (CsCallController *controller, gboolean anonymise)
{
  g_autofree char *source = NULL;
  CsExportCall call;
  CsRecordingReader *reader = cs_call_controller_get_source (controller);

  cs_call_export_describe (controller, anonymise, &call, &source);
  return cs_summary_text (&call, reader != NULL && g_strcmp0 (cs_recording_reader_get_mode (reader), "import") == 0
                                   ? reader : NULL, 0);
}

gboolean
cs_call_export_charts (CsCallController *controller, gboolean anonymise, const char *delays_uid,
                       gboolean wall_clock, const char *directory, GPtrArray *written, GError **error)
{
  g_autofree char *source = NULL;
  CsExportCall call;
  CsChartExport spec;

  cs_call_export_describe (controller, anonymise, &call, &source);
  spec = (CsChartExport) { &call, delays_uid, NAN, NAN, wall_clock };
  return cs_chart_export_all_png (&spec, directory, CS_CHART_EXPORT_WIDTH, CS_CHART_EXPORT_HEIGHT, written, error);
}
