/* cs-chart-table.h — the window's charts, one row each: what the window, the chart images
 * and the report draw
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-chart.h"
#include "cs-participant.h"

G_BEGIN_DECLS

/* A chart shows @series of every user, or (CS_CHART_SELECTED_DELAYS) the three delays of one user.
 * A new chart is a row here, its CsWindowChart (cs-window.h) and its series in the model (cs-participant.h). */
#define CS_CHART_SELECTED_DELAYS CS_N_SERIES

typedef struct
{
  guint         id;         /* its CsWindowChart (cs-window.h) */
  const char   *title;      /* N_(), translate on use */
  const char   *unit;
  CsChartStyle  style;
  CsSeriesId    series;
  const char   *file_name;  /* the image's base name: stable, untranslated */
} CsChartRow;

/* as many as CS_WINDOW_N_CHARTS (cs-window.c checks) */
#define CS_CHART_TABLE_LENGTH 7

extern const CsChartRow cs_chart_rows[CS_CHART_TABLE_LENGTH];

G_END_DECLS
