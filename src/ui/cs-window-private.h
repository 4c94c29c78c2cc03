/* cs-window-private.h — CsWindow's state, shared by the window's files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CsWindow is cs-window.c (the views: tiles, charts, event log, details; the call's
 * presentation), cs-window-actions.c (the win.* actions and their shortcuts) and
 * cs-window-replay.c (opening a recording: the asynchronous replay and its progress bar).
 */
#pragma once

#include "cs-call-controller.h"
#include "cs-chart-view.h"
#include "cs-window.h"

G_BEGIN_DECLS

/* Paintables by uid, shared with the engine's streaming threads (the sink factory). */
typedef struct _CsVideoRegistry
{
  GMutex      lock;
  GHashTable *paintables;  /* uid -> CsVideoPaintable */
} VideoRegistry;

typedef struct _CsReproduction CsReproduction;

struct _CsWindow
{
  AdwApplicationWindow parent_instance;

  /* template children */
  AdwWindowTitle     *window_title;
  GtkWidget          *start_button;
  GtkWidget          *stop_button;
  GtkWidget          *join_button;
  AdwToastOverlay    *toast_overlay;
  GtkStack           *main_stack;
  AdwFlap            *flap;
  GtkPaned           *main_paned;
  GtkFlowBox         *tiles;
  CsEventLog         *event_log;
  GtkWidget          *charts_box;
  GtkLabel           *selection_label;
  GtkWidget          *live_button;
  CsDetailsPane      *details_pane;
  GtkDropDown        *scenario_dropdown;
  GtkSpinButton      *users_spin;
  GtkRevealer        *replay_revealer;
  GtkLabel           *replay_label;
  GtkProgressBar     *replay_progress;

  GSettings          *settings;      /* NULL when the schema is not installed */
  CsStatsModel       *model;
  GtkCustomFilter    *present_filter;
  GtkFilterListModel *present;
  CsCallController   *controller;    /* the call, the recorder; self->model is its model */
  VideoRegistry      *videos;
  CsChart            *charts[CS_WINDOW_N_CHARTS];
  CsChartView        *view;          /* the time range all charts show */
  GArray             *markers;       /* CsChartMarker */
  GHashTable         *connection_states; /* "a|b" -> "<state>|<message>" of the last line logged */
  GPtrArray          *scenarios;     /* names; index 0 = none */
  char               *selected_uid;
  double              history;
  double              anchor;
  gboolean            replaying;     /* the views follow the replay once per chunk, not per second */
  GCancellable       *replay_cancellable;
  GCancellable       *start_cancellable; /* a call waiting for the Camera portal */
  char               *replay_name;      /* the file opened last, for messages */
  gint64              replay_views_at; /* when the views last followed the replay, µs */
  gint64              replay_bar_at;   /* when its progress bar last moved, µs */
  gboolean            syncing_selection;
  guint64             frames_drawn;
  gulong              after_paint_id;
  GdkFrameClock      *frame_clock;
  GFile              *call_file;     /* the file the call shown came from or was recorded to; nullable */
  CsReproduction     *reproduction;  /* "Reproduce in Lab" (cs-window-reproduce.c) */
};


/* shared between the window's files */
void     _cs_window_toast          (CsWindow *self, const char *text);
gboolean _cs_window_settings_has   (CsWindow *self, const char *key);
void     _cs_window_stop_call      (CsWindow *self);
gboolean _cs_window_start_recorder (CsWindow *self, const char *path);
void     _cs_window_stop_recorder  (CsWindow *self, gboolean announce);
void     _cs_window_set_history    (CsWindow *self, const char *nick);
/* The charts and the event log show times of day (the "wall-clock" action is on and the
 * call's start is known) or time into the call. */
void     _cs_window_apply_time_origin (CsWindow *self);
void     _cs_window_set_anchor     (CsWindow *self, double t);
/* The details pane's summary of the charts' selected range (none: hidden). */
void     _cs_window_update_range_summary (CsWindow *self);
void     _cs_window_add_actions    (CsWindow *self);
void     _cs_window_update_views   (CsWindow *self, double t);
void     _cs_window_reset_videos   (CsWindow *self);
void     _cs_window_cancel_replay  (CsWindow *self);
void     _cs_window_replay_init    (CsWindow *self);
void     _cs_window_update_subtitle (CsWindow *self);
const char *_cs_window_participant_name (CsWindow *self, const char *uid);
void     _cs_window_rebuild_delay_chart (CsWindow *self);

/* cs-window-tiles.c: the tiles, their selection and the videos */
void     _cs_window_tiles_init     (CsWindow *self);
void     _cs_window_tiles_dispose  (CsWindow *self);
void     _cs_window_update_selection_label (CsWindow *self);
void     _cs_window_sync_tile_selection    (CsWindow *self);
void     _cs_window_check_tiles_video      (CsWindow *self);

/* cs-window-export.c: the Export menu. Actions: win.export-report, win.export-csv,
 * win.export-charts (a file chooser each), win.copy-summary, win.copy-charts (the
 * clipboard), win.export-anonymise (a toggle). */
void        _cs_window_export_init           (CsWindow *self);
/* (transfer full) the charts one under the other at @width, as win.copy-charts copies them */
GdkTexture *_cs_window_export_charts_texture (CsWindow *self, int width);
/* Exports @kind ("report", "csv", "charts": a folder) to @file without asking; a toast says
 * when it is written. FALSE when there is no call or @kind is unknown (for tests). */
gboolean    _cs_window_export_to_file        (CsWindow *self, const char *kind, GFile *file);

/* cs-window-reproduce.c: win.reproduce-in-lab, the call shown (self->call_file) made into a
 * scenario, played in the lab, and compared with it in a dialog */
void        _cs_window_reproduce_init         (CsWindow *self);
void        _cs_window_reproduce_dispose      (CsWindow *self);
/* the window's call has stopped: a reproduction's recording is compared with its original */
void        _cs_window_reproduce_call_stopped (CsWindow *self);
void        _cs_window_set_call_file          (CsWindow *self, GFile *file);
/* the last comparison in words (NULL: none yet), and whether a reproduction is under way (tests) */
const char *_cs_window_reproduce_get_result   (CsWindow *self);
gboolean    _cs_window_reproduce_get_running  (CsWindow *self);

/* cs-window-call.c: calls and recordings */
void     _cs_window_call_init      (CsWindow *self);
void     _cs_window_set_call_running (CsWindow *self, gboolean running);

G_END_DECLS
