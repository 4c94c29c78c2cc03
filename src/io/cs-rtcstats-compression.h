/* cs-rtcstats-compression.h — the tables and the getStats delta decoding of RTCStats dumps
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Private to cs-rtcstats-dump.c (and its tests): the method, stats type and stats property
 * tables of rtcstats-shared's compression.js, and the decoding of one getStats value against
 * the previous decoded report of its connection, into the points of a CsDump.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "cs-dump.h"

G_BEGIN_DECLS

/* The method of a line: a name as written ("g" is getStats), or a table number
 * (an unknown number as its decimal text). NULL when @node is neither a string nor an integer. */
char        *cs_rtcstats_method_name   (JsonNode *node);
/* A property key of a stats report: "t" -> "timestamp", "41" -> "bytesReceived"; others as they are. */
const char  *cs_rtcstats_property_name (const char *key);
/* A stats "type": 1 -> "inbound-rtp" … 14 -> "codec"; a string as it is; else NULL. */
const char  *cs_rtcstats_type_name     (JsonNode *node, char buf[24]);

/* The previous decoded report of one connection (only the properties the dump keeps). */
typedef struct _CsRtcstatsBase CsRtcstatsBase;

CsRtcstatsBase *cs_rtcstats_base_new  (void);
void            cs_rtcstats_base_free (CsRtcstatsBase *self);

/* Decodes the getStats value @delta against @base (which becomes the decoded report) and
 * adds one point to every stats object of the decoded report in @connection. @line_time is
 * the line's time (ms since the epoch); @legacy: a report "timestamp" of 0 means the line's
 * (or the top-level "timestamp") time. Bounds (CS_DUMP_MAX_OBJECTS, _POINTS) stop adding and
 * warn once. */
void            cs_rtcstats_base_decode (CsRtcstatsBase   *base,
                                         CsDump           *dump,
                                         CsDumpConnection *connection,
                                         JsonObject       *delta,
                                         double            line_time,
                                         gboolean          legacy);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsRtcstatsBase, cs_rtcstats_base_free)

G_END_DECLS
