/* cs-metrics-probe.c — serves a call's metrics (--metrics, docs/metrics.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cs-metrics-probe.h"

#include "cs-openmetrics.h"

static char *
write_metrics (gboolean openmetrics, gpointer user_data)
{
  return cs_openmetrics_write (CS_OPENMETRICS (user_data),
                               openmetrics ? CS_METRICS_FORMAT_OPENMETRICS : CS_METRICS_FORMAT_PROMETHEUS);
}

CsMetricsServer *
cs_metrics_probe_start (CsStatsModel *model,
                        const char   *address,
                        const char   *probe_name,
                        GError      **error)
{
  CsOpenMetrics *metrics = cs_openmetrics_new (model);
  g_autoptr (CsMetricsServer) server = NULL;

  cs_openmetrics_set_probe_name (metrics, probe_name);
  server = cs_metrics_server_new (write_metrics, metrics, g_object_unref);
  if (!cs_metrics_server_listen (server, address, error))
    return NULL;
  return g_steal_pointer (&server);
}

gboolean
cs_metrics_probe_check_address (const char *address, GError **error)
{
  g_autoptr (GInetAddress) inet = NULL;
  guint16 port;

  return cs_metrics_server_parse_address (address, &inet, &port, error);
}

static CsMetricsServer *
start_and_say (CsStatsModel *model, const CsCallConfig *config, GError **error)
{
  CsMetricsServer *server = cs_metrics_probe_start (model, config->metrics, config->probe_name, error);
  g_autofree char *url = NULL;

  if (server == NULL)
    {
      g_printerr ("callscope: %s\n", (*error)->message);
      return NULL;
    }
  url = cs_metrics_server_get_url (server);
  /* tests and scripts read the port picked for :0 from this line */
  g_printerr ("callscope: %s %s\n", _("serving metrics at"), url);
  return server;
}

CsMetricsServer *
cs_metrics_probe_start_headless (CsStatsModel *model, const CsCallConfig *config)
{
  g_autoptr (GError) error = NULL;

  if (config->metrics == NULL)
    return NULL;
  return start_and_say (model, config, &error);
}

void
cs_metrics_probe_start_for_window (CsWindow *window, const CsCallConfig *config)
{
  g_autoptr (GError) error = NULL;
  CsMetricsServer *server;
  AdwMessageDialog *dialog;

  if (config->metrics == NULL)
    return;
  server = start_and_say (cs_window_get_model (window), config, &error);
  if (server != NULL)
    {
      g_object_set_data_full (G_OBJECT (window), "cs-metrics-server", server, g_object_unref);
      return;
    }
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (window), _("Metrics are not served"), error->message));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}
