/* cs-event-log.h — exceptions and recoveries, joins and leaves, connection events; filterable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "cs-exception-event.h"
#include "cs-log-entry.h"

G_BEGIN_DECLS

#define CS_TYPE_EVENT_LOG (cs_event_log_get_type ())
G_DECLARE_FINAL_TYPE (CsEventLog, cs_event_log, CS, EVENT_LOG, GtkWidget)

/* Signals: "event-selected" (double t, const char *uid) when the user picks an event. */

GtkWidget  *cs_event_log_new              (void);
void        cs_event_log_clear            (CsEventLog *self);
/* A user name for @uid, used in the lines and the user filter. */
void        cs_event_log_add_user_name    (CsEventLog *self, const char *uid, const char *name);
/* A raise adds a line; a recovery closes the matching line (its duration) and adds its own. */
void        cs_event_log_add_exception    (CsEventLog *self, const CsExceptionEvent *event);
void        cs_event_log_add_presence     (CsEventLog *self, double t, const char *uid, gboolean joined);
void        cs_event_log_add_connection   (CsEventLog *self, double t, const char *uid, const char *text);
/* The call's start (Unix seconds): lines show times of day; NAN: call time. Applies to
 * the lines there are and those to come. */
void        cs_event_log_set_time_origin  (CsEventLog *self, double origin);
/* Filters: @uid NULL = every user; @kind < 0 = every kind. */
void        cs_event_log_set_filter       (CsEventLog *self, const char *uid, int kind);
/* (transfer none) the lines shown now (after the filter) and all lines */
GListModel *cs_event_log_get_shown        (CsEventLog *self);
GListModel *cs_event_log_get_all          (CsEventLog *self);
/* Selects the @i-th shown line, as a click would. */
void        cs_event_log_select           (CsEventLog *self, guint i);

G_END_DECLS
