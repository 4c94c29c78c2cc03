/* cs-internals-time.h — the times a webrtc-internals dump writes: ISO 8601, and locale strings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The stats series of a webrtc-internals dump carry ISO 8601 times (startTime, endTime), but
 * the updateLog of older builds writes Date.toLocaleString (): "11/5/2020, 9:34:11 PM" (en-US),
 * "08/11/2020, 10:58:45" (en-GB), with no time zone. These read them, and find the time-zone
 * offset that lines such a log up with its stats (cs-internals-dump.c).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Milliseconds since the epoch of an ISO 8601 time ("2024-05-29T10:00:01.000Z"; one
 * without a zone is read as UTC), NAN when @text is not one. */
double cs_internals_parse_iso_time    (const char *text);

/* The wall-clock time of a toLocaleString () @text, as milliseconds since the epoch as if
 * that wall clock were UTC, NAN when unreadable. Reads "M/D/YYYY, h:mm:ss AM" (en-US: an
 * AM/PM says so), "DD/MM/YYYY, HH:mm:ss" (en-GB: day first without AM/PM), "D.M.YYYY, …"
 * (day first) and "YYYY-MM-DD HH:mm:ss"; a first number over 12 is the day. */
double cs_internals_parse_local_time  (const char *text);

/* The time-zone offset (ms, a whole number of quarter hours from −14 h to +14 h) to
 * subtract from the @n wall-clock times @local (as cs_internals_parse_local_time () gives
 * them; NAN ones are ignored) so that each falls best in its range
 * [@first[i], @last[i]] (the stats' times; NAN: no range, ignored): the least total distance
 * outside the ranges; on a tie 0, then whole hours, then the smallest offset. 0 when
 * nothing can be compared. */
double cs_internals_best_offset       (const double *local,
                                       const double *first,
                                       const double *last,
                                       guint         n);

G_END_DECLS
