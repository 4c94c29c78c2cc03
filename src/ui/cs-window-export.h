/* cs-window-export.h — the window's Export menu (cs-window-export.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Actions: win.export-report, win.export-csv, win.export-charts (a file chooser each),
 * win.copy-summary, win.copy-charts (the clipboard), win.export-anonymise (a toggle).
 */
#pragma once

#include "cs-window.h"

G_BEGIN_DECLS

void        _cs_window_export_init           (CsWindow *self);
/* (transfer full) the charts one under the other at @width, as win.copy-charts copies them */
GdkTexture *_cs_window_export_charts_texture (CsWindow *self, int width);
/* Exports @kind ("report", "csv", "charts": a folder) to @file without asking; a toast says
 * when it is written. FALSE when there is no call or @kind is unknown (for tests). */
gboolean    _cs_window_export_to_file        (CsWindow *self, const char *kind, GFile *file);

G_END_DECLS
