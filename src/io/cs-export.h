/* cs-export.h — what every export says of a call, and how it names users and times
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The exports (the report, the CSV file, the text summary) read a call from its model and
 * its digest. With @anonymise, display names become stable aliases ("Participant 1", in the
 * order the users first appeared) and addresses are masked (cs_anonymise_address(): relay
 * addresses kept); uids, which servers choose, stay.
 */
#pragma once

#include <gio/gio.h>

#include "cs-call-digest.h"
#include "cs-stats-model.h"

G_BEGIN_DECLS

typedef struct
{
  CsStatsModel *model;
  CsCallDigest *digest;
  GListModel   *connections; /* nullable: CsConnectionInfo */
  const char   *mode;        /* "lab", "janus", "whip", "whep", "replay", "import" */
  const char   *source;      /* nullable: what was replayed or imported, in words */
  double        start_time;  /* the call's start, Unix seconds, or NAN when unknown */
  gboolean      anonymise;
} CsExportCall;

/* (transfer full) how exports name @uid: its display name (or uid), or its alias */
char *cs_export_user_name   (const CsExportCall *call, const char *uid);
/* (transfer full) @t (call seconds) as a time of day "HH:MM:SS" in the local zone when the
 * start is known, else as call time "M:SS" / "H:MM:SS" */
char *cs_export_format_time (const CsExportCall *call, double t);
/* (transfer full) a duration in words: "19 s", "4 min 3 s", "1 h 2 min" */
char *cs_export_format_duration (double seconds);
/* (transfer full) @text with IP addresses masked when anonymising, else a copy */
char *cs_export_mask_text   (const CsExportCall *call, const char *text);

G_END_DECLS
