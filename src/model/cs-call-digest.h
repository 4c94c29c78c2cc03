/* cs-call-digest.h — every second's score and reason of every user, for exports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The participants keep each metric as a time series, but a reason only as it is now.
 * A CsCallDigest follows a CsStatsModel and keeps, for each committed second and each
 * present user, both scores with their reasons (24 bytes a second and user, as many seconds as
 * the model's history keeps), so that a report, a CSV file or a lab scenario made after the call can
 * say why a user was bad at any second of it. It clears itself when the model joins a new call.
 */
#pragma once

#include "cs-stats-model.h"

G_BEGIN_DECLS

/* One second of one user. */
typedef struct
{
  double          t;
  guint           score[2];   /* by CsLink: uplink, downlink (0..6) */
  CsQualityReason reason[2];
} CsDigestSecond;

/* A run of seconds in which one direction of one user scored @threshold or worse. */
typedef struct
{
  double          t_start;    /* first bad second */
  double          t_end;      /* last bad second + 1 */
  guint           worst;      /* the worst score in it */
  CsQualityReason reason;     /* the metric that limited most of its seconds, with that metric's mean value */
} CsBadPeriod;

#define CS_TYPE_CALL_DIGEST (cs_call_digest_get_type ())
G_DECLARE_FINAL_TYPE (CsCallDigest, cs_call_digest, CS, CALL_DIGEST, GObject)

/* Follows @model (a weak reference: the digest may outlive it, then it keeps what it has). */
CsCallDigest *cs_call_digest_new           (CsStatsModel *model);
void          cs_call_digest_clear         (CsCallDigest *self);
/* (transfer container) the uids seen, in order of first appearance */
GPtrArray    *cs_call_digest_dup_uids      (CsCallDigest *self);
/* The number of seconds kept of @uid (0 for an unknown uid) */
guint         cs_call_digest_get_n_seconds (CsCallDigest *self, const char *uid);
/* @uid's @i-th second kept, oldest first; FALSE when out of range */
gboolean      cs_call_digest_get_second    (CsCallDigest *self, const char *uid, guint i, CsDigestSecond *out);
/* @uid's second at @t (within half a second); FALSE when there is none */
gboolean      cs_call_digest_lookup        (CsCallDigest *self, const char *uid, double t, CsDigestSecond *out);
/* @hist[s] = seconds at score s (0..6) on @link */
void          cs_call_digest_get_histogram (CsCallDigest *self, const char *uid, CsLink link, guint hist[7]);
/* (transfer full) GArray of CsBadPeriod of @uid on @link, in order; a gap of one good second
 * does not split a period. */
GArray       *cs_call_digest_bad_periods   (CsCallDigest *self, const char *uid, CsLink link, guint threshold);

G_END_DECLS
