/* cs-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "cs-call-config.h"

G_BEGIN_DECLS

#define CS_TYPE_APPLICATION (cs_application_get_type ())
G_DECLARE_FINAL_TYPE (CsApplication, cs_application, CS, APPLICATION, AdwApplication)

CsApplication *cs_application_new (void);

/* Parses the command-line options in @options into @config. Exposed for tests.
 * Returns FALSE with CS_ERROR_INVALID_OPTION and a one-line message on bad input. */
gboolean cs_application_parse_options (GVariantDict *options,
                                       CsCallConfig *config,
                                       GError      **error);

G_END_DECLS
