/* cs-window.h — the dashboard window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "cs-call-config.h"

G_BEGIN_DECLS

#define CS_TYPE_WINDOW (cs_window_get_type ())
G_DECLARE_FINAL_TYPE (CsWindow, cs_window, CS, WINDOW, AdwApplicationWindow)

CsWindow *cs_window_new             (AdwApplication *app);
/* Starts the call that @config describes (lab, Janus, WHIP, WHEP or replay). */
void      cs_window_start_call      (CsWindow *self, const CsCallConfig *config);
void      cs_window_open_recording  (CsWindow *self, GFile *file);
/* Sets the accelerators of the window's actions (called once at startup). */
void      cs_window_install_accels  (GtkApplication *app);

G_END_DECLS
