/* cs-metrics-server.h — serves /metrics over HTTP for a Prometheus scraper
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A libsoup SoupServer on the thread-default main context, listening only on the address
 * given (an IP literal or "localhost", with a port; port 0 picks a free one). GET and HEAD
 * of /metrics answer with what the write function returns, in the OpenMetrics text format
 * when the Accept header asks for application/openmetrics-text, in Prometheus' 0.0.4 text
 * format otherwise; other paths get 404, other methods 405, a request with a body 413.
 * The write function runs on the main context (it reads the model there), never blocks.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* (transfer full) the exposition; @openmetrics: the OpenMetrics format, else Prometheus 0.0.4 */
typedef char *(*CsMetricsWriteFunc) (gboolean openmetrics, gpointer user_data);

#define CS_TYPE_METRICS_SERVER (cs_metrics_server_get_type ())
G_DECLARE_FINAL_TYPE (CsMetricsServer, cs_metrics_server, CS, METRICS_SERVER, GObject)

/* Splits "HOST:PORT" ("127.0.0.1:9090", "[::1]:9090", "localhost:0") into an address
 * and a port; CS_ERROR_INVALID_OPTION when it is not one (host names other than
 * localhost are refused: resolving them would block). */
gboolean         cs_metrics_server_parse_address (const char    *text,
                                                  GInetAddress **address,
                                                  guint16       *port,
                                                  GError       **error);
CsMetricsServer *cs_metrics_server_new           (CsMetricsWriteFunc write,
                                                  gpointer           user_data,
                                                  GDestroyNotify     destroy);
/* Listens on @address ("HOST:PORT"). FALSE with CS_ERROR_INVALID_OPTION for a bad
 * address, a G_IO_ERROR when it cannot be bound (in use, not this machine's). */
gboolean         cs_metrics_server_listen        (CsMetricsServer *self,
                                                  const char      *address,
                                                  GError         **error);
/* the port listened on (the one picked for port 0), 0 before listening */
guint16          cs_metrics_server_get_port      (CsMetricsServer *self);
/* (transfer full) "http://HOST:PORT/metrics", NULL before listening */
char            *cs_metrics_server_get_url       (CsMetricsServer *self);
/* scrapes answered (200) so far */
guint64          cs_metrics_server_get_scrapes   (CsMetricsServer *self);

G_END_DECLS
