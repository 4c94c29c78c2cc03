/* cs-metrics-probe.h — serves a call's metrics (--metrics, docs/metrics.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-metrics-server.h"
#include "cs-call-config.h"
#include "cs-stats-model.h"
#include "cs-window.h"

G_BEGIN_DECLS

/* Serves @model's metrics (a CsOpenMetrics watching it from now on) at @address
 * ("HOST:PORT"), with the constant label probe=@probe_name (nullable). (transfer full)
 * the server: unref it to stop; NULL with the error of cs_metrics_server_listen(). */
CsMetricsServer *cs_metrics_probe_start (CsStatsModel *model,
                                         const char   *address,
                                         const char   *probe_name,
                                         GError      **error);

/* FALSE with CS_ERROR_INVALID_OPTION when @address is not HOST:PORT (the option's check). */
gboolean         cs_metrics_probe_check_address   (const char *address, GError **error);
/* For the headless mode: serves config->metrics (NULL when it is NULL) and says where on
 * stderr; on failure says why on stderr and returns NULL (the caller exits with 2). */
CsMetricsServer *cs_metrics_probe_start_headless  (CsStatsModel *model, const CsCallConfig *config);
/* For a window: serves its model's metrics for its life when config->metrics is set; on
 * failure the window shows the error as the controller's "error" (a toast, the event log; stderr has it). */
void             cs_metrics_probe_start_for_window (CsWindow *window, const CsCallConfig *config);

G_END_DECLS
