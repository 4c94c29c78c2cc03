/* cs-exception-detector.h — debounced raise/recover of exception events
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One detector follows any number of (code, uid) conditions. Each observation says
 * whether the condition was bad in that second. An exception is raised when
 * @raise_count of the last @window observations are bad, and recovered when none of
 * the last @window are; the recovery carries when the exception started and how long
 * it lasted. Unknown values are simply not observed.
 */
#pragma once

#include <glib-object.h>

#include "cs-exception-event.h"

G_BEGIN_DECLS

#define CS_TYPE_EXCEPTION_DETECTOR (cs_exception_detector_get_type ())
G_DECLARE_FINAL_TYPE (CsExceptionDetector, cs_exception_detector, CS, EXCEPTION_DETECTOR, GObject)

/* @window: 1…32 (default 5), @raise_count: 1…@window (default 3) */
CsExceptionDetector *cs_exception_detector_new        (guint window, guint raise_count);
void                 cs_exception_detector_configure  (CsExceptionDetector *self, guint window, guint raise_count);
/* Feeds one observation of @code (a raise code) for @uid at time @t. Returns (transfer full)
 * (nullable) the raise or recovery event it causes, or NULL. @value is the observed value. */
CsExceptionEvent    *cs_exception_detector_observe    (CsExceptionDetector *self,
                                                       double               t,
                                                       guint                code,
                                                       const char          *uid,
                                                       gboolean             bad,
                                                       double               value);
gboolean             cs_exception_detector_is_raised  (CsExceptionDetector *self, guint code, const char *uid);
/* Forgets every condition (a new call). */
void                 cs_exception_detector_reset      (CsExceptionDetector *self);

G_END_DECLS
