/* cs-call-compare.h — does a reproduction behave like the original call?
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both calls (recordings or dumps) are replayed through their own model and aligned on their
 * first media (the first second with bytes sent or received). Users are paired
 * by uid, then by display name, then the remaining remote users in the order they appeared.
 * For each pair: the share of the original's seconds whose uplink and downlink scores are
 * both within one step of the reproduction's at the same call time. Each exception the
 * original raised (code and user) is matched by one the reproduction raised within 3 s, or
 * missed; the reproduction's unmatched ones are extra. A device's exception (a camera's frame
 * rate, a microphone's level, a decoder: codes 1xxx and 2xxx) is matched the same way but never
 * counts as missed: a scenario reproduces the network only. The reproduction passes when every
 * paired user agrees on at least 80 % of the seconds and no network exception is missed.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CS_COMPARE_MIN_AGREEMENT 0.80
#define CS_COMPARE_EVENT_WINDOW_S 3.0

typedef struct
{
  char   *original_uid;
  char   *reproduction_uid;  /* NULL: no user to pair with */
  char   *name;
  guint   seconds;           /* of the original */
  guint   agreeing;
} CsCompareUser;

typedef struct
{
  double  t;                 /* in the original */
  guint   code;
  char   *uid;               /* the original's */
  double  matched_t;         /* in the reproduction's own time; NAN: missed (or, in extra, unmatched) */
  gboolean device;           /* a device's exception (1xxx, 2xxx): the lab reproduces the network only */
} CsCompareEvent;

typedef struct
{
  GArray  *users;            /* CsCompareUser */
  GArray  *events;           /* CsCompareEvent: the original's raises */
  GArray  *extra;            /* CsCompareEvent: the reproduction's unmatched raises (t, code, uid of the reproduction) */
  double   offset;           /* the reproduction's first media minus the original's, s */
  gboolean passed;
} CsCompareResult;

/* (transfer full) the comparison, or NULL and @error when a file cannot be read */
CsCompareResult *cs_call_compare_files  (GFile *original, GFile *reproduction, GError **error);
void             cs_compare_result_free (CsCompareResult *result);
/* (transfer full) the comparison in words, as --compare prints it */
char            *cs_compare_result_describe (const CsCompareResult *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsCompareResult, cs_compare_result_free)

G_END_DECLS
