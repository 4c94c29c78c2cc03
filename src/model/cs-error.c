/* cs-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cs-error.h"

G_DEFINE_QUARK (cs-error-quark, cs_error)
