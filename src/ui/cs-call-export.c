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

static GFileOutputStream *
create (GFile *file, GError **error)
{
  return g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, error);
}

/* Adds the file's name to @error's message: "Could not write “x”: …" */
static gboolean
fail_with_name (GFile *file, GError **error)
{
  g_autofree char *display = g_file_get_parse_name (file);

  if (error != NULL && *error != NULL)
    g_prefix_error (error, _("Could not write “%s”: "), display);
  return FALSE;
}

gboolean
cs_call_export_report (CsCallController *controller, gboolean anonymise, const char *delays_uid,
                       gboolean wall_clock, GFile *file, GError **error)
{
  g_autofree char *source = NULL;
  g_autoptr (GFileOutputStream) out = NULL;
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
  out = create (file, error);
  ok = out != NULL &&
       cs_report_html_write (&call, charts, CS_CHART_TABLE_LENGTH, G_OUTPUT_STREAM (out), NULL, error) &&
       g_output_stream_close (G_OUTPUT_STREAM (out), NULL, error);
  for (guint c = 0; c < CS_CHART_TABLE_LENGTH; c++)
    {
      g_free (titles[c]);
      g_free (svgs[c]);
    }
  return ok || fail_with_name (file, error);
}

gboolean
cs_call_export_csv (CsCallController *controller, gboolean anonymise, GFile *file, GError **error)
{
  g_autofree char *source = NULL;
  g_autoptr (GFileOutputStream) out = NULL;
  CsExportCall call;

  cs_call_export_describe (controller, anonymise, &call, &source);
  out = create (file, error);
  if (out != NULL && cs_csv_export_write (&call, G_OUTPUT_STREAM (out), NULL, error) &&
      g_output_stream_close (G_OUTPUT_STREAM (out), NULL, error))
    return TRUE;
  return fail_with_name (file, error);
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
