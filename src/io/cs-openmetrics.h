/* cs-openmetrics.h — a call's metrics in the OpenMetrics and Prometheus text formats
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A CsOpenMetrics watches a CsStatsModel ("sample-ingested", "exception", "state") and
 * writes what it knows as an exposition (docs/metrics.md). Pure: no network, no clock;
 * the same samples give the same text.
 *
 * Counters stay monotonic for the life of the object: it sums the increase of every
 * stream's cumulative counters (a stream is observer, peer, kind, direction and SSRC);
 * a counter that goes down (a user left and joined again, a new call, a new SSRC
 * reusing the key) counts its new value from zero. A new call does not reset them.
 * Gauges say now: the model's present participants, the call's state and duration.
 * Label values are cut to CS_OPENMETRICS_MAX_LABEL_CHARS characters and the number of
 * users counted is bounded by CS_OPENMETRICS_MAX_USERS (more are not counted).
 */
#pragma once

#include <glib-object.h>

#include "cs-stats-model.h"

G_BEGIN_DECLS

#define CS_OPENMETRICS_MAX_LABEL_CHARS 64
#define CS_OPENMETRICS_MAX_USERS       256

typedef enum
{
  CS_METRICS_FORMAT_OPENMETRICS, /* application/openmetrics-text; version=1.0.0 */
  CS_METRICS_FORMAT_PROMETHEUS,  /* text/plain; version=0.0.4 */
} CsMetricsFormat;

#define CS_OPENMETRICS_CONTENT_TYPE "application/openmetrics-text; version=1.0.0; charset=utf-8"
#define CS_PROMETHEUS_CONTENT_TYPE  "text/plain; version=0.0.4; charset=utf-8"

#define CS_TYPE_OPENMETRICS (cs_openmetrics_get_type ())
G_DECLARE_FINAL_TYPE (CsOpenMetrics, cs_openmetrics, CS, OPENMETRICS, GObject)

/* Watches @model (a reference is kept) from now on. */
CsOpenMetrics *cs_openmetrics_new            (CsStatsModel *model);
/* (nullable) a constant label probe="NAME" on every sample; cut as every label value */
void           cs_openmetrics_set_probe_name (CsOpenMetrics *self, const char *probe_name);
/* (transfer full) the exposition, in @format */
char          *cs_openmetrics_write          (CsOpenMetrics *self, CsMetricsFormat format);
/* (transfer none) the names of every sample the writer can write (with _total, _info), NULL-terminated */
const char * const *cs_openmetrics_sample_names (void);
/* Appends @value to @out as a label value: quotes, backslashes and newlines escaped, cut
 * to CS_OPENMETRICS_MAX_LABEL_CHARS characters, invalid UTF-8 repaired. */
void           cs_openmetrics_append_label_value (GString *out, const char *value);

G_END_DECLS
