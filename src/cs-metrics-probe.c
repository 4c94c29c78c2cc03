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

typedef struct
{
  CsWindow *window;
  char     *message;
} Refusal;

static void
refusal_free (gpointer data)
{
  Refusal *refusal = data;

  g_object_unref (refusal->window);
  g_free (refusal->message);
  g_free (refusal);
}

/* once the window shows its call: as the controller's "error", which the window shows as a
 * toast and in its event log, and a recording keeps as an event */
static gboolean
say_refusal (gpointer data)
{
  Refusal *refusal = data;
  CsCallController *controller = cs_window_get_controller (refusal->window);

  g_signal_emit_by_name (controller, "error", cs_stats_model_get_duration (cs_call_controller_get_model (controller)),
                         refusal->message);
  return G_SOURCE_REMOVE;
}

void
cs_metrics_probe_start_for_window (CsWindow *window, const CsCallConfig *config)
{
  g_autoptr (GError) error = NULL;
  CsMetricsServer *server;
  Refusal *refusal;

  if (config->metrics == NULL)
    return;
  server = start_and_say (cs_window_get_model (window), config, &error);
  if (server != NULL)
    {
      g_object_set_data_full (G_OBJECT (window), "cs-metrics-server", server, g_object_unref);
      return;
    }
  refusal = g_new0 (Refusal, 1);
  refusal->window = g_object_ref (window);
  refusal->message = g_strdup (error->message);
  g_idle_add_full (G_PRIORITY_DEFAULT, say_refusal, refusal, refusal_free);
}
