/* cs-log-entry.h — one line of the event log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  CS_LOG_KIND_EXCEPTION,   /* raised (and its recovery, folded into the same entry) */
  CS_LOG_KIND_PRESENCE,    /* joined, left */
  CS_LOG_KIND_CONNECTION,  /* connection state changes, faults */
} CsLogKind;

#define CS_TYPE_LOG_ENTRY (cs_log_entry_get_type ())
G_DECLARE_FINAL_TYPE (CsLogEntry, cs_log_entry, CS, LOG_ENTRY, GObject)

CsLogEntry *cs_log_entry_new          (double t, CsLogKind kind, const char *uid, guint code,
                                       const char *title, const char *detail);
double      cs_log_entry_get_t        (CsLogEntry *self);
CsLogKind   cs_log_entry_get_kind     (CsLogEntry *self);
const char *cs_log_entry_get_uid      (CsLogEntry *self);
guint       cs_log_entry_get_code     (CsLogEntry *self);
const char *cs_log_entry_get_title    (CsLogEntry *self);
const char *cs_log_entry_get_detail   (CsLogEntry *self);
/* The name the line shows for its user: set by the event log when it adds the entry (the
 * name known then); the uid until it is set. */
const char *cs_log_entry_get_user_name (CsLogEntry *self);
void        cs_log_entry_set_user_name (CsLogEntry *self, const char *name);
/* The call's start (Unix seconds) for showing a time of day; NAN (the default): call time. */
double      cs_log_entry_get_origin   (CsLogEntry *self);
void        cs_log_entry_set_origin   (CsLogEntry *self, double origin);
/* Exceptions: ongoing until recovered, then how long they lasted (s). */
gboolean    cs_log_entry_get_ongoing  (CsLogEntry *self);
double      cs_log_entry_get_duration (CsLogEntry *self);
void        cs_log_entry_set_recovered (CsLogEntry *self, double duration);

G_END_DECLS
