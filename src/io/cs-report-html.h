/* cs-report-html.h — a call as one self-contained HTML page, for a ticket
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the call was (source, start, duration, users, version, thresholds), the bad periods
 * in words, a table per user (time at each score, worst periods with their reasons, loss,
 * RTT, jitter, bitrate, the three delays marked measured or estimated, freezes), the charts
 * as inline SVG and the events with their durations. No external reference: it opens
 * offline in any browser and prints to PDF from there. Translated like the app.
 */
#pragma once

#include "cs-export.h"

G_BEGIN_DECLS

typedef struct
{
  const char *title;  /* translated */
  const char *svg;    /* one <svg> element (an XML prologue is dropped), nullable: no chart */
} CsReportChart;

gboolean cs_report_html_write (const CsExportCall  *call,
                               const CsReportChart *charts,
                               guint                n_charts,
                               GOutputStream       *out,
                               GCancellable        *cancellable,
                               GError             **error);

/* The bad periods of every user and direction, in order of time, one sentence each
 * ("Participant 2 uplink 5 Very bad from 10:04:12 to 10:04:31 (19 s): loss 12.0 % on uplink"):
 * (transfer full) GPtrArray of char*. The report and the text summary both print them. */
GPtrArray *cs_report_bad_periods_in_words (const CsExportCall *call);

G_END_DECLS
