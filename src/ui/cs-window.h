/* cs-window.h — the dashboard window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "cs-call-controller.h"

#include "cs-call-config.h"
#include "cs-chart.h"
#include "cs-details-pane.h"
#include "cs-event-log.h"
#include "cs-stats-model.h"
#include "cs-video-paintable.h"

G_BEGIN_DECLS

#define CS_TYPE_WINDOW (cs_window_get_type ())
G_DECLARE_FINAL_TYPE (CsWindow, cs_window, CS, WINDOW, AdwApplicationWindow)

CsWindow *cs_window_new             (AdwApplication *app);
/* Starts the call that @config describes (lab, Janus, WHIP, WHEP or replay). */
void      cs_window_start_call      (CsWindow *self, const CsCallConfig *config);
void      cs_window_open_recording  (CsWindow *self, GFile *file);
/* Sets the accelerators of the window's actions (called once at startup). */
void      cs_window_install_accels  (GtkApplication *app);

/* The charts, in the order shown. */
typedef enum
{
  CS_WINDOW_CHART_UPLINK,
  CS_WINDOW_CHART_DOWNLINK,
  CS_WINDOW_CHART_DELAYS,
  CS_WINDOW_CHART_LOSS,
  CS_WINDOW_CHART_JITTER,
  CS_WINDOW_CHART_RTT,
  CS_WINDOW_CHART_BITRATE,
  CS_WINDOW_N_CHARTS
} CsWindowChart;

/* For tests, the screenshot program and benchmarks: the window shows whatever its model
 * holds; a test may feed the model directly (cs_stats_model_join, ingest, commit). */
CsStatsModel  *cs_window_get_model        (CsWindow *self);
GtkFlowBox    *cs_window_get_tiles        (CsWindow *self);
CsEventLog    *cs_window_get_event_log    (CsWindow *self);
/* (transfer none) the controller of the window's call */
CsCallController *cs_window_get_controller (CsWindow *self);
CsDetailsPane *cs_window_get_details_pane (CsWindow *self);
CsChart       *cs_window_get_chart        (CsWindow *self, CsWindowChart chart);
void           cs_window_select_user      (CsWindow *self, const char *uid);
const char    *cs_window_get_selected_uid (CsWindow *self);
/* Any thread: (transfer floating) a sink element for @uid's video, shown in that user's tile:
 * what the engine gets from the sink factory. */
GstElement    *cs_window_create_video_sink (CsWindow *self, const char *uid);
/* Commits seen and frames drawn since the window was created (for the fps benchmark). */
guint64        cs_window_get_frames_drawn (CsWindow *self);

G_END_DECLS
