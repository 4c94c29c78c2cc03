/* cs-chart-table.c — the window's charts, in the order of CsWindowChart and on screen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cs-chart-table.h"

const CsChartRow cs_chart_rows[CS_WINDOW_N_CHARTS] = {
  { CS_WINDOW_CHART_UPLINK, N_("Uplink quality"), "", CS_CHART_STYLE_SCORE, CS_SERIES_UPLINK_QUALITY, "uplink-quality" },
  { CS_WINDOW_CHART_DOWNLINK, N_("Downlink quality"), "", CS_CHART_STYLE_SCORE, CS_SERIES_DOWNLINK_QUALITY, "downlink-quality" },
  { CS_WINDOW_CHART_DELAYS, N_("Delays"), "ms", CS_CHART_STYLE_LINE, CS_CHART_SELECTED_DELAYS, "delays" },
  { CS_WINDOW_CHART_LOSS, N_("Packet loss"), "%", CS_CHART_STYLE_LINE, CS_SERIES_LOSS, "packet-loss" },
  { CS_WINDOW_CHART_JITTER, N_("Jitter"), "ms", CS_CHART_STYLE_LINE, CS_SERIES_JITTER, "jitter" },
  { CS_WINDOW_CHART_RTT, N_("Round-trip time"), "ms", CS_CHART_STYLE_LINE, CS_SERIES_RTT, "rtt" },
  { CS_WINDOW_CHART_BITRATE, N_("Bitrate"), "kbps", CS_CHART_STYLE_LINE, CS_SERIES_BITRATE, "bitrate" },
};
