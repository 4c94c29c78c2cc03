/* cs-call-compare.c — does a reproduction behave like the original call? (see the header)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "cs-call-compare.h"
#include "cs-call-digest.h"
#include "cs-call-file.h"
#include "cs-stats-model.h"

typedef struct
{
  CsStatsModel *model;
  CsCallDigest *digest;
  GPtrArray    *uids;   /* char*, in order of appearance */
  double        media_t; /* its first second with media received (0 when none): the two are aligned on it */
} Side;

static void
side_clear (Side *side)
{
  g_clear_object (&side->digest);
  g_clear_object (&side->model);
  g_clear_pointer (&side->uids, g_ptr_array_unref);
}

static void
on_committed (CsStatsModel *model, double t, Side *side)
{
  if (isnan (side->media_t) && cs_stats_model_get_has_media (model))
    side->media_t = t;
}

static gboolean
side_load (Side *side, GFile *file, GError **error)
{
  g_autoptr (CsRecordingReader) reader = cs_call_file_read (file, NULL, NULL, NULL, NULL, error);

  if (reader == NULL)
    {
      g_autofree char *display = g_file_get_parse_name (file);

      g_prefix_error (error, "%s: ", display);
      return FALSE;
    }
  side->model = cs_stats_model_new ();
  side->digest = cs_call_digest_new (side->model);
  side->media_t = NAN;
  g_signal_connect (side->model, "committed", G_CALLBACK (on_committed), side);
  cs_recording_reader_replay (reader, side->model);
  g_signal_handlers_disconnect_by_data (side->model, side);
  if (isnan (side->media_t))
    side->media_t = 0;
  side->uids = cs_call_digest_dup_uids (side->digest);
  return TRUE;
}

static gboolean
is_local (Side *side, const char *uid)
{
  CsParticipant *p = cs_stats_model_lookup (side->model, uid);

  return p != NULL && cs_participant_get_is_local (p);
}

static const char *
display_name (Side *side, const char *uid)
{
  CsParticipant *p = cs_stats_model_lookup (side->model, uid);
  const char *name = p != NULL ? cs_participant_get_display_name (p) : NULL;

  return name != NULL && *name != '\0' ? name : uid;
}

/* pairs[i]: the reproduction's uid for the original's uids[i], or NULL */
static GPtrArray *
pair_users (Side *a, Side *b)
{
  GPtrArray *pairs = g_ptr_array_new ();
  g_autoptr (GHashTable) taken = g_hash_table_new (g_str_hash, g_str_equal);

  g_ptr_array_set_size (pairs, a->uids->len);
  /* the local users, then uids, then names, then in order */
  for (guint pass = 0; pass < 4; pass++)
    for (guint i = 0; i < a->uids->len; i++)
      {
        const char *ua = g_ptr_array_index (a->uids, i);

        if (g_ptr_array_index (pairs, i) != NULL)
          continue;
        for (guint j = 0; j < b->uids->len; j++)
          {
            const char *ub = g_ptr_array_index (b->uids, j);
            gboolean match;

            if (g_hash_table_contains (taken, ub) || is_local (a, ua) != is_local (b, ub))
              continue;
            switch (pass)
              {
              case 0: match = is_local (a, ua); break;
              case 1: match = g_str_equal (ua, ub); break;
              case 2: match = g_str_equal (display_name (a, ua), display_name (b, ub)); break;
              default: match = TRUE; break;
              }
            if (match)
              {
                g_ptr_array_index (pairs, i) = (gpointer) ub;
                g_hash_table_add (taken, (gpointer) ub);
                break;
              }
          }
      }
  return pairs;
}

static void
compare_scores (Side *a, Side *b, const char *ua, const char *ub, CsCompareUser *user)
{
  guint n = cs_call_digest_get_n_seconds (a->digest, ua);
  double offset = b->media_t - a->media_t;

  for (guint i = 0; i < n; i++)
    {
      CsDigestSecond sa, sb;

      if (!cs_call_digest_get_second (a->digest, ua, i, &sa))
        continue;
      user->seconds++;
      if (ub != NULL && cs_call_digest_lookup (b->digest, ub, sa.t + offset, &sb) &&
          ABS ((int) sa.score[0] - (int) sb.score[0]) <= 1 && ABS ((int) sa.score[1] - (int) sb.score[1]) <= 1)
        user->agreeing++;
    }
}

static const char *
mapped (GPtrArray *a_uids, GPtrArray *pairs, const char *uid)
{
  for (guint i = 0; i < a_uids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (a_uids, i), uid) == 0)
      return g_ptr_array_index (pairs, i);
  return NULL;
}

/* The exceptions of a device, not of the network (docs/lab.md: what cannot be reproduced) */
static gboolean
is_device (guint code)
{
  return code < CS_EXCEPTION_POOR_UPLINK;
}

static void
compare_events (Side *a, Side *b, GPtrArray *pairs, CsCompareResult *result)
{
  GPtrArray *ea = cs_stats_model_get_events (a->model);
  GPtrArray *eb = cs_stats_model_get_events (b->model);
  g_autofree gboolean *used = g_new0 (gboolean, MAX (eb != NULL ? eb->len : 0, 1));
  double offset = b->media_t - a->media_t;

  for (guint i = 0; ea != NULL && i < ea->len; i++)
    {
      CsExceptionEvent *e = g_ptr_array_index (ea, i);
      const char *target = mapped (a->uids, pairs, e->uid);
      CsCompareEvent ce = { e->t, e->code, g_strdup (e->uid), NAN, is_device (e->code) };

      if (e->is_recovery || cs_exception_code_is_recovery (e->code) || e->code >= CS_EXCEPTION_RECORDING_FAILED)
        {
          g_free (ce.uid);
          continue;
        }
      for (guint j = 0; eb != NULL && target != NULL && j < eb->len; j++)
        {
          CsExceptionEvent *f = g_ptr_array_index (eb, j);

          if (!used[j] && !f->is_recovery && f->code == e->code && g_strcmp0 (f->uid, target) == 0 &&
              fabs (f->t - offset - e->t) <= CS_COMPARE_EVENT_WINDOW_S)
            {
              used[j] = TRUE;
              ce.matched_t = f->t;
              break;
            }
        }
      g_array_append_val (result->events, ce);
    }
  for (guint j = 0; eb != NULL && j < eb->len; j++)
    {
      CsExceptionEvent *f = g_ptr_array_index (eb, j);
      CsCompareEvent ce = { f->t, f->code, g_strdup (f->uid), NAN, is_device (f->code) };

      if (used[j] || f->is_recovery || cs_exception_code_is_recovery (f->code) ||
          f->code >= CS_EXCEPTION_RECORDING_FAILED)
        {
          g_free (ce.uid);
          continue;
        }
      g_array_append_val (result->extra, ce);
    }
}

static void
user_clear (gpointer data)
{
  CsCompareUser *u = data;

  g_free (u->original_uid);
  g_free (u->reproduction_uid);
  g_free (u->name);
}

static void
event_clear (gpointer data)
{
  g_free (((CsCompareEvent *) data)->uid);
}

CsCompareResult *
cs_call_compare_files (GFile *original, GFile *reproduction, GError **error)
{
  Side a = { 0 }, b = { 0 };
  g_autoptr (GPtrArray) pairs = NULL;
  CsCompareResult *result;

  if (!side_load (&a, original, error) || !side_load (&b, reproduction, error))
    {
      side_clear (&a);
      side_clear (&b);
      return NULL;
    }
  result = g_new0 (CsCompareResult, 1);
  result->users = g_array_new (FALSE, TRUE, sizeof (CsCompareUser));
  result->events = g_array_new (FALSE, TRUE, sizeof (CsCompareEvent));
  result->extra = g_array_new (FALSE, TRUE, sizeof (CsCompareEvent));
  g_array_set_clear_func (result->users, user_clear);
  g_array_set_clear_func (result->events, event_clear);
  g_array_set_clear_func (result->extra, event_clear);
  pairs = pair_users (&a, &b);
  result->passed = TRUE;
  for (guint i = 0; i < a.uids->len; i++)
    {
      const char *ua = g_ptr_array_index (a.uids, i);
      CsCompareUser user = { g_strdup (ua), g_strdup (g_ptr_array_index (pairs, i)),
                             g_strdup (display_name (&a, ua)), 0, 0 };

      compare_scores (&a, &b, ua, user.reproduction_uid, &user);
      if (user.seconds > 0 && (double) user.agreeing / user.seconds < CS_COMPARE_MIN_AGREEMENT)
        result->passed = FALSE;
      g_array_append_val (result->users, user);
    }
  compare_events (&a, &b, pairs, result);
  result->offset = b.media_t - a.media_t;
  for (guint i = 0; i < result->events->len; i++)
    if (isnan (g_array_index (result->events, CsCompareEvent, i).matched_t) &&
        !g_array_index (result->events, CsCompareEvent, i).device)
      result->passed = FALSE;
  side_clear (&a);
  side_clear (&b);
  return result;
}

void
cs_compare_result_free (CsCompareResult *result)
{
  if (result == NULL)
    return;
  g_array_unref (result->users);
  g_array_unref (result->events);
  g_array_unref (result->extra);
  g_free (result);
}

char *
cs_compare_result_describe (const CsCompareResult *result)
{
  GString *s = g_string_new (NULL);
  guint matched = 0, device = 0;

  g_string_append_printf (s, _("Callscope comparison: %s\n"), result->passed ? _("the reproduction agrees")
                                                                             : _("the reproduction differs"));
  if (result->offset != 0)
    /* TRANSLATORS: both calls are compared from their first media */
    g_string_append_printf (s, _("  aligned on the first media: the reproduction's times are %+.1f s from the original's\n"),
                            result->offset);
  g_string_append (s, _("  scores within one step (uplink and downlink), per user:\n"));
  for (guint i = 0; i < result->users->len; i++)
    {
      const CsCompareUser *u = &g_array_index (result->users, CsCompareUser, i);
      double share = u->seconds > 0 ? 100.0 * u->agreeing / u->seconds : 100;

      if (u->reproduction_uid == NULL)
        g_string_append_printf (s, _("    %s (%s): no user to compare with, 0 of %u s\n"), u->original_uid, u->name,
                                u->seconds);
      else
        g_string_append_printf (s, _("    %s (%s) ~ %s: %.0f %% (%u of %u s)%s\n"), u->original_uid, u->name,
                                u->reproduction_uid, share, u->agreeing, u->seconds,
                                share < 100 * CS_COMPARE_MIN_AGREEMENT ? _(" — below 80 %") : "");
    }
  for (guint i = 0; i < result->events->len; i++)
    if (!isnan (g_array_index (result->events, CsCompareEvent, i).matched_t))
      matched++;
    else if (g_array_index (result->events, CsCompareEvent, i).device)
      device++;
  g_string_append_printf (s, _("  exceptions: %u of %u matched within 3 s, %u missed, %u extra\n"), matched,
                          result->events->len, result->events->len - matched - device, result->extra->len);
  if (device > 0)
    g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, "  %u device exception not reproduced (the lab reproduces the network only)\n",
                                            "  %u device exceptions not reproduced (the lab reproduces the network only)\n", device),
                            device);
  for (guint i = 0; i < result->events->len; i++)
    {
      const CsCompareEvent *e = &g_array_index (result->events, CsCompareEvent, i);

      if (isnan (e->matched_t) && e->device)
        g_string_append_printf (s, _("    device: %6.1f s  %s %u %s\n"), e->t, e->uid, e->code,
                                cs_exception_code_name (e->code));
      else if (isnan (e->matched_t))
        g_string_append_printf (s, _("    missed: %6.1f s  %s %u %s\n"), e->t, e->uid, e->code,
                                cs_exception_code_name (e->code));
      else
        g_string_append_printf (s, _("    matched: %6.1f s  %s %u %s (at %.1f s)\n"), e->t, e->uid, e->code,
                                cs_exception_code_name (e->code), e->matched_t);
    }
  for (guint i = 0; i < result->extra->len; i++)
    {
      const CsCompareEvent *e = &g_array_index (result->extra, CsCompareEvent, i);

      g_string_append_printf (s, _("    extra: %6.1f s  %s %u %s\n"), e->t, e->uid, e->code,
                              cs_exception_code_name (e->code));
    }
  return g_string_free (s, FALSE);
}
