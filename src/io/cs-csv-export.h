/* cs-csv-export.h — a call as CSV: one row per second and user, one column per metric
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RFC 4180 (CRLF, quoted where needed), UTF-8, a header with units. Column names are
 * stable and untranslated (docs/exports.md); an unknown value is an empty cell. A text
 * cell that a spreadsheet would run as a formula (=, +, -, @) starts with a quote mark.
 */
#pragma once

#include "cs-export.h"

G_BEGIN_DECLS

gboolean cs_csv_export_write (const CsExportCall *call, GOutputStream *out, GCancellable *cancellable,
                              GError **error);

G_END_DECLS
