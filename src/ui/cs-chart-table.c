/* cs-chart-table.c — the window's charts, in the order of CsWindowChart and on screen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cs-chart-table.h"

/* ids: CsWindowChart, in order (cs-window.c checks) */
const CsChartRow cs_chart_rows[CS_CHART_TABLE_LENGTH] = {
  { 0, N_("Uplink quality"), "", CS_CHART_STYLE_SCORE, CS_SERIES_UPLINK_QUALITY, "uplink-quality" },
  { 1, N_("Downlink quality"), "", CS_CHART_STYLE_SCORE, CS_SERIES_DOWNLINK_QUALITY, "downlink-quality" },
  { 2, N_("Delays"), "ms", CS_CHART_STYLE_LINE, CS_CHART_SELECTED_DELAYS, "delays" },
  { 3, N_("Packet loss"), "%", CS_CHART_STYLE_LINE, CS_SERIES_LOSS, "packet-loss" },
  { 4, N_("Jitter"), "ms", CS_CHART_STYLE_LINE, CS_SERIES_JITTER, "jitter" },
  { 5, N_("Round-trip time"), "ms", CS_CHART_STYLE_LINE, CS_SERIES_RTT, "rtt" },
  { 6, N_("Bitrate"), "kbps", CS_CHART_STYLE_LINE, CS_SERIES_BITRATE, "bitrate" },
};
