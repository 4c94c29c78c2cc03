/* cs-headless.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cs-headless.h"

int
cs_headless_run (const CsCallConfig *config)
{
  g_printerr ("callscope: %s\n", _("headless calls are not available in this build"));
  return 1;
}
