/* cs-test-feed.h — synthetic CsStatsSample streams for the window's tests, benchmarks and screenshots
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Generates what a loopback call with N remote users would report each second
 * (inbound/outbound audio and video on both ends, connection samples), with a chosen
 * loss and delay per user, and feeds it into a CsStatsModel through the only way in:
 * cs_stats_model_ingest + cs_stats_model_commit.
 */
#pragma once

#include "cs-stats-model.h"

G_BEGIN_DECLS

typedef struct
{
  double loss_pct;   /* packet loss, % */
  double delay_ms;   /* one-way network delay, ms */
  double jitter_ms;
  gboolean stopped;  /* no media at all (frames and packets stop) */
} CsTestImpairment;

typedef struct _CsTestFeed CsTestFeed;

/* Joins @model as "local" and connects @n_users remote users "user-1" … at t = 0. */
CsTestFeed *cs_test_feed_new        (CsStatsModel *model, guint n_users);
void        cs_test_feed_free       (CsTestFeed *feed);
/* Sets the network of user @index (1-based; 0 = every user). */
void        cs_test_feed_set        (CsTestFeed *feed, guint index, const CsTestImpairment *imp);
/* Ingests one second of samples and commits it; returns the committed t. */
double      cs_test_feed_step       (CsTestFeed *feed);
/* Ingests and commits @seconds seconds. */
void        cs_test_feed_run        (CsTestFeed *feed, guint seconds);
/* User @index joins (a new uid "user-N") or leaves (a CLOSED connection sample) at the next step. */
void        cs_test_feed_add_user   (CsTestFeed *feed);
void        cs_test_feed_remove_user (CsTestFeed *feed, guint index);
double      cs_test_feed_get_t      (CsTestFeed *feed);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsTestFeed, cs_test_feed_free)

G_END_DECLS
