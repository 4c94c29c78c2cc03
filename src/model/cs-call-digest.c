/* cs-call-digest.c — every second's score and reason of every user (see the header)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-call-digest.h"

#include <math.h>
#include <string.h>

/* 24 bytes: what a second costs. The peer is an index into the digest's table of uids. */
typedef struct
{
  double  t;
  guint8  score[2];
  guint8  metric[2];
  guint16 peer[2];      /* 0: none; i + 1: peers->pdata[i] */
  float   value[2];
} Packed;

G_STATIC_ASSERT (sizeof (Packed) == 24);

typedef struct
{
  char   *uid;
  GArray *seconds;      /* Packed */
} User;

struct _CsCallDigest
{
  GObject       parent_instance;

  GWeakRef      model;
  gulong        quality_id, state_id;
  GPtrArray    *users;  /* User*, in order of first appearance */
  GHashTable   *by_uid; /* uid -> User* (borrowed) */
  GPtrArray    *peers;  /* char*, the peers that reasons name */
  guint         capacity;
};

G_DEFINE_FINAL_TYPE (CsCallDigest, cs_call_digest, G_TYPE_OBJECT)

/* More peers than this are not named (a reason then has no peer): bounds the table. */
#define MAX_PEERS 4096

static void
user_free (gpointer data)
{
  User *u = data;

  g_free (u->uid);
  g_array_unref (u->seconds);
  g_free (u);
}

static guint16
peer_index (CsCallDigest *self, const char *peer)
{
  if (peer == NULL || *peer == '\0')
    return 0;
  for (guint i = 0; i < self->peers->len; i++)
    if (g_str_equal (g_ptr_array_index (self->peers, i), peer))
      return (guint16) (i + 1);
  if (self->peers->len >= MAX_PEERS)
    return 0;
  g_ptr_array_add (self->peers, g_strdup (peer));
  return (guint16) self->peers->len;
}

static void
unpack (CsCallDigest *self, const Packed *p, CsDigestSecond *out)
{
  memset (out, 0, sizeof *out);
  out->t = p->t;
  for (guint l = 0; l < 2; l++)
    {
      out->score[l] = p->score[l];
      out->reason[l].metric = p->metric[l];
      out->reason[l].value = p->value[l];
      if (p->peer[l] > 0 && p->peer[l] <= self->peers->len)
        g_strlcpy (out->reason[l].peer_uid, g_ptr_array_index (self->peers, p->peer[l] - 1),
                   sizeof out->reason[l].peer_uid);
    }
}

static User *
user_for (CsCallDigest *self, const char *uid)
{
  User *u = g_hash_table_lookup (self->by_uid, uid);

  if (u == NULL)
    {
      u = g_new0 (User, 1);
      u->uid = g_strdup (uid);
      u->seconds = g_array_new (FALSE, FALSE, sizeof (Packed));
      g_ptr_array_add (self->users, u);
      g_hash_table_insert (self->by_uid, u->uid, u);
    }
  return u;
}

static void
on_network_quality (CsStatsModel *model, const char *uid, guint up, guint down, CsCallDigest *self)
{
  CsParticipant *participant = cs_stats_model_lookup (model, uid);
  CsNetworkQuality q;
  Packed p = { 0 };
  User *u;

  if (participant == NULL)
    return;
  cs_participant_get_network_quality (participant, &q);
  p.t = cs_stats_model_get_duration (model);
  p.score[CS_LINK_UPLINK] = (guint8) MIN (up, 6);
  p.score[CS_LINK_DOWNLINK] = (guint8) MIN (down, 6);
  for (guint l = 0; l < 2; l++)
    {
      const CsQualityReason *r = l == CS_LINK_UPLINK ? &q.uplinkReason : &q.downlinkReason;

      p.metric[l] = (guint8) r->metric;
      p.value[l] = isfinite (r->value) ? (float) r->value : -1.0f;
      p.peer[l] = peer_index (self, r->peer_uid);
    }
  u = user_for (self, uid);
  if (u->seconds->len > 0 && g_array_index (u->seconds, Packed, u->seconds->len - 1).t >= p.t)
    return;
  g_array_append_val (u->seconds, p);
  /* the oldest seconds go in batches of an eighth: a second stays O(1) amortised */
  if (u->seconds->len > self->capacity + self->capacity / 8)
    g_array_remove_range (u->seconds, 0, u->seconds->len - self->capacity);
}

static void
on_state (CsStatsModel *model, GParamSpec *pspec, CsCallDigest *self)
{
  if (cs_stats_model_get_state (model) == CS_CALL_STATE_JOINED)
    {
      cs_call_digest_clear (self);
      self->capacity = MAX (cs_stats_model_get_history (model), 1);
    }
}

static void
cs_call_digest_dispose (GObject *object)
{
  CsCallDigest *self = CS_CALL_DIGEST (object);
  g_autoptr (CsStatsModel) model = g_weak_ref_get (&self->model);

  if (model != NULL)
    {
      g_clear_signal_handler (&self->quality_id, model);
      g_clear_signal_handler (&self->state_id, model);
    }
  g_weak_ref_set (&self->model, NULL);
  G_OBJECT_CLASS (cs_call_digest_parent_class)->dispose (object);
}

static void
cs_call_digest_finalize (GObject *object)
{
  CsCallDigest *self = CS_CALL_DIGEST (object);

  g_weak_ref_clear (&self->model);
  g_hash_table_unref (self->by_uid);
  g_ptr_array_unref (self->users);
  g_ptr_array_unref (self->peers);
  G_OBJECT_CLASS (cs_call_digest_parent_class)->finalize (object);
}

static void
cs_call_digest_class_init (CsCallDigestClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = cs_call_digest_dispose;
  G_OBJECT_CLASS (klass)->finalize = cs_call_digest_finalize;
}

static void
cs_call_digest_init (CsCallDigest *self)
{
  g_weak_ref_init (&self->model, NULL);
  self->users = g_ptr_array_new_with_free_func (user_free);
  self->by_uid = g_hash_table_new (g_str_hash, g_str_equal);
  self->peers = g_ptr_array_new_with_free_func (g_free);
  self->capacity = 86400;
}

CsCallDigest *
cs_call_digest_new (CsStatsModel *model)
{
  CsCallDigest *self;

  g_return_val_if_fail (CS_IS_STATS_MODEL (model), NULL);
  self = g_object_new (CS_TYPE_CALL_DIGEST, NULL);
  g_weak_ref_set (&self->model, model);
  self->capacity = MAX (cs_stats_model_get_history (model), 1);
  self->quality_id = g_signal_connect (model, "network-quality", G_CALLBACK (on_network_quality), self);
  self->state_id = g_signal_connect (model, "notify::state", G_CALLBACK (on_state), self);
  return self;
}

void
cs_call_digest_clear (CsCallDigest *self)
{
  g_return_if_fail (CS_IS_CALL_DIGEST (self));
  g_hash_table_remove_all (self->by_uid);
  g_ptr_array_set_size (self->users, 0);
  g_ptr_array_set_size (self->peers, 0);
}

GPtrArray *
cs_call_digest_dup_uids (CsCallDigest *self)
{
  GPtrArray *uids;

  g_return_val_if_fail (CS_IS_CALL_DIGEST (self), NULL);
  uids = g_ptr_array_new_full (self->users->len, g_free);
  for (guint i = 0; i < self->users->len; i++)
    g_ptr_array_add (uids, g_strdup (((User *) g_ptr_array_index (self->users, i))->uid));
  return uids;
}

guint
cs_call_digest_get_n_seconds (CsCallDigest *self, const char *uid)
{
  User *u;

  g_return_val_if_fail (CS_IS_CALL_DIGEST (self), 0);
  u = uid != NULL ? g_hash_table_lookup (self->by_uid, uid) : NULL;
  return u != NULL ? u->seconds->len : 0;
}

gboolean
cs_call_digest_get_second (CsCallDigest *self, const char *uid, guint i, CsDigestSecond *out)
{
  User *u;

  g_return_val_if_fail (CS_IS_CALL_DIGEST (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  u = uid != NULL ? g_hash_table_lookup (self->by_uid, uid) : NULL;
  if (u == NULL || i >= u->seconds->len)
    return FALSE;
  unpack (self, &g_array_index (u->seconds, Packed, i), out);
  return TRUE;
}

gboolean
cs_call_digest_lookup (CsCallDigest *self, const char *uid, double t, CsDigestSecond *out)
{
  User *u;
  guint lo = 0, hi;

  g_return_val_if_fail (CS_IS_CALL_DIGEST (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  u = uid != NULL ? g_hash_table_lookup (self->by_uid, uid) : NULL;
  if (u == NULL)
    return FALSE;
  /* the first second at or after t - 0.5 */
  hi = u->seconds->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (u->seconds, Packed, mid).t < t - 0.5)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo >= u->seconds->len || g_array_index (u->seconds, Packed, lo).t > t + 0.5)
    return FALSE;
  unpack (self, &g_array_index (u->seconds, Packed, lo), out);
  return TRUE;
}

void
cs_call_digest_get_histogram (CsCallDigest *self, const char *uid, CsLink link, guint hist[7])
{
  User *u;

  g_return_if_fail (CS_IS_CALL_DIGEST (self));
  memset (hist, 0, 7 * sizeof (guint));
  u = uid != NULL ? g_hash_table_lookup (self->by_uid, uid) : NULL;
  for (guint i = 0; u != NULL && i < u->seconds->len; i++)
    hist[MIN (g_array_index (u->seconds, Packed, i).score[link], 6)]++;
}

/* The period being built: the count and value sum of each metric over its bad seconds */
typedef struct
{
  guint  count[CS_QUALITY_METRIC_NO_DATA + 1];
  double sum[CS_QUALITY_METRIC_NO_DATA + 1];
  guint  n_valued[CS_QUALITY_METRIC_NO_DATA + 1];
  guint  peer[CS_QUALITY_METRIC_NO_DATA + 1];
} Tally;

static void
close_period (CsCallDigest *self, GArray *periods, CsBadPeriod *period, Tally *tally)
{
  guint best = CS_QUALITY_METRIC_NONE;

  for (guint m = 0; m <= CS_QUALITY_METRIC_NO_DATA; m++)
    if (tally->count[m] > tally->count[best])
      best = m;
  period->reason.metric = best;
  period->reason.value = tally->n_valued[best] > 0 ? tally->sum[best] / tally->n_valued[best] : -1;
  period->reason.peer_uid[0] = '\0';
  if (tally->peer[best] > 0 && tally->peer[best] <= self->peers->len)
    g_strlcpy (period->reason.peer_uid, g_ptr_array_index (self->peers, tally->peer[best] - 1),
               sizeof period->reason.peer_uid);
  g_array_append_val (periods, *period);
  memset (tally, 0, sizeof *tally);
}

GArray *
cs_call_digest_bad_periods (CsCallDigest *self, const char *uid, CsLink link, guint threshold)
{
  GArray *periods = g_array_new (FALSE, FALSE, sizeof (CsBadPeriod));
  CsBadPeriod period = { 0 };
  gboolean open = FALSE;
  double last_bad = -G_MAXDOUBLE;
  Tally tally = { 0 };
  User *u;

  g_return_val_if_fail (CS_IS_CALL_DIGEST (self), periods);
  threshold = CLAMP (threshold, 1, 6);
  u = uid != NULL ? g_hash_table_lookup (self->by_uid, uid) : NULL;
  for (guint i = 0; u != NULL && i < u->seconds->len; i++)
    {
      const Packed *p = &g_array_index (u->seconds, Packed, i);
      guint m = MIN (p->metric[link], CS_QUALITY_METRIC_NO_DATA);

      if (p->score[link] < threshold)
        continue;
      /* more than one good (or missing) second since the last bad one closes the period */
      if (open && p->t - last_bad > 2.5)
        {
          close_period (self, periods, &period, &tally);
          open = FALSE;
        }
      if (!open)
        {
          memset (&period, 0, sizeof period);
          period.t_start = p->t;
          open = TRUE;
        }
      period.t_end = p->t + 1;
      period.worst = MAX (period.worst, p->score[link]);
      tally.count[m]++;
      if (p->value[link] >= 0)
        {
          tally.sum[m] += p->value[link];
          tally.n_valued[m]++;
        }
      if (p->peer[link] > 0)
        tally.peer[m] = p->peer[link];
      last_bad = p->t;
    }
  if (open)
    close_period (self, periods, &period, &tally);
  return periods;
}
