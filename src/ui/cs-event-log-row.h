/* cs-event-log-row.h — the widget of one line of the event log, bound to a CsLogEntry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "cs-log-entry.h"

G_BEGIN_DECLS

#define CS_TYPE_EVENT_LOG_ROW (cs_event_log_row_get_type ())
G_DECLARE_FINAL_TYPE (CsEventLogRow, cs_event_log_row, CS, EVENT_LOG_ROW, GtkWidget)

/* Property "entry": the line it shows; the event log's list view recycles a row for another
 * line by setting it (NULL when the row is not in use). */

GtkWidget  *cs_event_log_row_new       (void);
/* (transfer none) (nullable) */
CsLogEntry *cs_event_log_row_get_entry (CsEventLogRow *self);
void        cs_event_log_row_set_entry (CsEventLogRow *self, CsLogEntry *entry);
/* What the row shows now, for tests: the title line and the duration ("ongoing", "lasted 12 s",
 * NULL if hidden). (transfer none) */
const char *cs_event_log_row_get_title    (CsEventLogRow *self);
const char *cs_event_log_row_get_duration (CsEventLogRow *self);
/* the time shown: "0:12", or a time of day when the log has a time origin */
const char *cs_event_log_row_get_time     (CsEventLogRow *self);

G_END_DECLS
