/* cs-test-paint.h — waiting for a window's next frame, for the UI tests and benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Queues a redraw of @window (realized) and iterates the main context until its frame
 * clock has painted. */
void cs_test_wait_for_paint (GtkWidget *window);

G_END_DECLS
