/* cs-internals-stats.h — the "stats" of a webrtc-internals peer connection, read into a CsDump
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The part of cs-internals-dump.c that reads the stats series (cs-internals-stats.c), and
 * the small JSON helpers both use. Not for other readers.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "cs-dump.h"

G_BEGIN_DECLS

typedef struct
{
  CsDump     *dump;
  JsonParser *values_parser;  /* reused for each "values" string */
  /* what was tolerated, for the dump's warnings (one each) */
  gboolean    objects_cut;    /* CS_DUMP_MAX_OBJECTS reached */
  gboolean    points_cut;     /* CS_DUMP_MAX_POINTS reached */
  gboolean    broken_values;  /* a "values" that is no JSON array, skipped */
  gboolean    no_start;       /* a series without a readable startTime (before Chrome 117), skipped */
} CsInternalsStatsReader;

/* Reads @stats (the "stats" object of a peer connection) into @connection's objects. */
void        cs_internals_read_stats     (CsInternalsStatsReader *reader,
                                         CsDumpConnection       *connection,
                                         JsonObject             *stats);

/* @str, or a repaired copy in @tmp when it is not UTF-8 (json-glib makes such strings
 * from lone surrogate escapes such as "\ud800"). */
const char *cs_internals_valid_text     (const char *str, char **tmp);
/* The member @name of @object when it is a string, else NULL. */
const char *cs_internals_member_string  (JsonObject *object, const char *name);
/* The number @node holds (an integer or a double), else NAN. */
double      cs_internals_node_number    (JsonNode *node);

G_END_DECLS
