/* cs-renderer.c — which GSK renderer the windows use: not software GL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * With software GL (a virtual machine, a remote desktop, Xvfb) GTK 4.8's GL renderer draws
 * the whole window in Mesa's rasterizer for every frame, and the video tiles ask for a frame
 * 15 times a second each: in a 6-user lab call llvmpipe's threads had 45 % of the window
 * process's samples, and it drew 5–9 frames/s. The cairo renderer redraws only the damaged region (the tiles whose video
 * changed) and does the same job in a fraction of it (docs/performance.md).
 */
#include "config.h"

#include <epoxy/gl.h>
#include <string.h>

#include "cs-renderer.h"

static gboolean
is_software (const char *renderer)
{
  static const char *const names[] = { "llvmpipe", "softpipe", "swrast", "Software Rasterizer", "SWR" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (strstr (renderer, names[i]) != NULL)
      return TRUE;
  return FALSE;
}

gboolean
cs_renderer_gl_is_software (GdkDisplay *display, char **renderer)
{
  g_autoptr (GdkGLContext) context = NULL;
  g_autoptr (GError) error = NULL;
  const char *name;
  gboolean software;

  g_return_val_if_fail (GDK_IS_DISPLAY (display), FALSE);
  if (renderer != NULL)
    *renderer = NULL;
  context = gdk_display_create_gl_context (display, &error);
  if (context == NULL || !gdk_gl_context_realize (context, &error))
    return FALSE;
  gdk_gl_context_make_current (context);
  name = (const char *) glGetString (GL_RENDERER);
  software = name != NULL && is_software (name);
  if (renderer != NULL)
    *renderer = g_strdup (name);
  gdk_gl_context_clear_current ();
  return software;
}

const char *
cs_renderer_choose (GdkDisplay *display)
{
  g_autofree char *renderer = NULL;

  g_return_val_if_fail (GDK_IS_DISPLAY (display), NULL);
  if (g_getenv ("GSK_RENDERER") != NULL)
    return NULL;
  if (!cs_renderer_gl_is_software (display, &renderer))
    return NULL;
  g_debug ("OpenGL is software (%s): drawing with cairo", renderer);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  return "cairo";
}
