/* cs-renderer.h — which GSK renderer the windows use: not software GL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Whether OpenGL on @display is a software rasterizer (Mesa's llvmpipe, softpipe, swrast),
 * with its GL_RENDERER string in @renderer (nullable, transfer full). FALSE when GL cannot
 * be used at all (GTK then draws with cairo by itself) or is hardware. */
gboolean    cs_renderer_gl_is_software (GdkDisplay *display,
                                        char      **renderer);

/* Chooses the renderer of the windows that are still to be realized: GTK's own choice unless
 * GL is software, then cairo (which redraws only what changed, where software GL redraws
 * the whole window for every frame). GSK_RENDERER, when set, always wins. Call it before the
 * first window is realized: GTK reads the choice once. Returns the name chosen ("cairo"), or
 * NULL when GTK's own choice stands. */
const char *cs_renderer_choose         (GdkDisplay *display);

G_END_DECLS
