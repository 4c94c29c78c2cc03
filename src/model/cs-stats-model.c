/* cs-stats-model.c — the single source of truth of a call's quality
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Data flow of one committed second (the files of the class: cs-stats-model-private.h):
 *  1. buffered samples update their track (one per observer, peer, kind, direction):
 *     deltas of the cumulative counters, with resets, wraps and jumps neutralised (cs-track.c);
 *  2. tracks are grouped in directed pairs (sender -> receiver), whose windowed loss,
 *     jitter, delay, freeze and frame-rate shortfall are attributed to the sender's
 *     uplink or the receiver's downlink (cs-stats-model-links.c, cs-link-attribution.c);
 *  3. each user's links are scored (cs-quality-score.c), participants and series updated
 *     (cs-stats-model-participants.c);
 *  4. the exception rules feed the detector (cs-stats-model-exceptions.c); signals are emitted.
 * The Agora getters read the tracks on demand (cs-stats-model-agora.c).
 * Every loop runs over arrays in a fixed order (tracks by key, users by arrival):
 * hash tables are only used for lookups, so the outputs are deterministic.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "cs-quality-score.h"
#include "cs-stats-model-private.h"

#define MAX_PENDING    100000

static void cs_stats_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CsStatsModel, cs_stats_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, cs_stats_model_list_model_init))

enum
{
  PROP_0,
  PROP_STATE,
  PROP_LOCAL_UID,
  PROP_DURATION,
  PROP_HISTORY,
  N_PROPS
};

enum
{
  SIGNAL_NETWORK_QUALITY,
  SIGNAL_EXCEPTION,
  SIGNAL_USER_JOINED,
  SIGNAL_USER_LEFT,
  SIGNAL_COMMITTED,
  SIGNAL_SAMPLE_INGESTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------ thresholds */

/**
 * cs_thresholds_init_defaults:
 * Fills @thresholds with the documented defaults (docs/quality-score.md).
 */
void
cs_thresholds_init_defaults (CsThresholds *t)
{
  g_return_if_fail (t != NULL);

  t->capture_fps_min = 10;
  t->send_fps_min = 10;
  t->send_video_kbps_min = 50;
  t->audio_input_level_min = 100;
  t->audio_output_level_min = 100;
  t->send_audio_kbps_min = 6;
  t->poor_quality_score = 4;
  t->media_stopped_s = 3;
  t->window = 5;
  t->raise_count = 3;
}

/* ------------------------------------------------------------------ list model */

static GType
list_get_item_type (GListModel *list)
{
  return CS_TYPE_PARTICIPANT;
}

static guint
list_get_n_items (GListModel *list)
{
  return CS_STATS_MODEL (list)->users->len;
}

static gpointer
list_get_item (GListModel *list,
               guint       position)
{
  CsStatsModel *self = CS_STATS_MODEL (list);
  User *u;

  if (position >= self->users->len)
    return NULL;
  u = g_ptr_array_index (self->users, position);
  return g_object_ref (u->participant);
}

static void
cs_stats_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = list_get_item_type;
  iface->get_n_items = list_get_n_items;
  iface->get_item = list_get_item;
}

/* ------------------------------------------------------------------ lifecycle */

static void
pair_free (gpointer data)
{
  Pair *p = data;

  g_free (p->key);
  g_free (p->sender);
  g_free (p->receiver);
  g_free (p);
}

static void
user_free (gpointer data)
{
  User *u = data;

  g_clear_object (&u->participant);
  g_free (u->uid);
  g_free (u);
}

static void
cs_stats_model_dispose (GObject *object)
{
  CsStatsModel *self = CS_STATS_MODEL (object);

  g_clear_pointer (&self->users, g_ptr_array_unref);
  g_clear_pointer (&self->user_index, g_hash_table_unref);
  g_clear_object (&self->detector);
  G_OBJECT_CLASS (cs_stats_model_parent_class)->dispose (object);
}

static void
cs_stats_model_finalize (GObject *object)
{
  CsStatsModel *self = CS_STATS_MODEL (object);

  g_free (self->local_uid);
  g_ptr_array_unref (self->pending);
  g_hash_table_unref (self->track_index);
  g_ptr_array_unref (self->tracks);
  g_hash_table_unref (self->pair_index);
  g_ptr_array_unref (self->pairs);
  g_ptr_array_unref (self->events);
  G_OBJECT_CLASS (cs_stats_model_parent_class)->finalize (object);
}

static void
cs_stats_model_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CsStatsModel *self = CS_STATS_MODEL (object);

  switch (prop_id)
    {
    case PROP_STATE: g_value_set_int (value, self->state); break;
    case PROP_LOCAL_UID: g_value_set_string (value, self->local_uid); break;
    case PROP_DURATION: g_value_set_double (value, cs_stats_model_get_duration (self)); break;
    case PROP_HISTORY: g_value_set_uint (value, self->history); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_stats_model_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CsStatsModel *self = CS_STATS_MODEL (object);

  switch (prop_id)
    {
    case PROP_HISTORY: cs_stats_model_set_history (self, g_value_get_uint (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_stats_model_class_init (CsStatsModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = cs_stats_model_dispose;
  object_class->finalize = cs_stats_model_finalize;
  object_class->get_property = cs_stats_model_get_property;
  object_class->set_property = cs_stats_model_set_property;

  /* "state" holds a CsCallState (no enum GType in this layer: an int) */
  properties[PROP_STATE] = g_param_spec_int ("state", NULL, NULL, CS_CALL_STATE_IDLE, CS_CALL_STATE_LEFT,
                                             CS_CALL_STATE_IDLE, ro);
  properties[PROP_LOCAL_UID] = g_param_spec_string ("local-uid", NULL, NULL, NULL, ro);
  properties[PROP_DURATION] = g_param_spec_double ("duration", NULL, NULL, 0, G_MAXDOUBLE, 0, ro);
  properties[PROP_HISTORY] = g_param_spec_uint ("history", NULL, NULL, 1, G_MAXUINT, 86400,
                                                G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_NETWORK_QUALITY] =
    g_signal_new ("network-quality", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_UINT, G_TYPE_UINT);
  signals[SIGNAL_EXCEPTION] =
    g_signal_new ("exception", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, CS_TYPE_EXCEPTION_EVENT | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_USER_JOINED] =
    g_signal_new ("user-joined", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, CS_TYPE_PARTICIPANT);
  signals[SIGNAL_USER_LEFT] =
    g_signal_new ("user-left", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, CS_TYPE_PARTICIPANT);
  signals[SIGNAL_COMMITTED] =
    g_signal_new ("committed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_DOUBLE);
  signals[SIGNAL_SAMPLE_INGESTED] =
    g_signal_new ("sample-ingested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, CS_TYPE_STATS_SAMPLE | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
cs_stats_model_init (CsStatsModel *self)
{
  cs_thresholds_init_defaults (&self->thresholds);
  self->history = 86400;
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_stats_sample_free);
  self->tracks = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_track_free);
  self->track_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->pairs = g_ptr_array_new_with_free_func (pair_free);
  self->pair_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->users = g_ptr_array_new_with_free_func (user_free);
  self->user_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->events = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_exception_event_free);
  self->detector = cs_exception_detector_new (5, 3);
}

CsStatsModel *
cs_stats_model_new (void)
{
  return g_object_new (CS_TYPE_STATS_MODEL, NULL);
}

void
cs_stats_model_set_thresholds (CsStatsModel       *self,
                               const CsThresholds *thresholds)
{
  g_return_if_fail (CS_IS_STATS_MODEL (self));
  g_return_if_fail (thresholds != NULL);

  self->thresholds = *thresholds;
  self->thresholds.window = CLAMP (self->thresholds.window, 1, CS_TRACK_WINDOW_MAX);
  self->thresholds.raise_count = CLAMP (self->thresholds.raise_count, 1, self->thresholds.window);
  self->thresholds.poor_quality_score = CLAMP (self->thresholds.poor_quality_score, 1, 6);
  if (!(self->thresholds.media_stopped_s > 0))
    self->thresholds.media_stopped_s = 3;
  cs_exception_detector_configure (self->detector, self->thresholds.window, self->thresholds.raise_count);
}

void
cs_stats_model_get_thresholds (CsStatsModel *self,
                               CsThresholds *out)
{
  g_return_if_fail (CS_IS_STATS_MODEL (self));
  g_return_if_fail (out != NULL);
  *out = self->thresholds;
}

void
cs_stats_model_set_history (CsStatsModel *self,
                            guint         points)
{
  g_return_if_fail (CS_IS_STATS_MODEL (self));

  if (points == 0)
    points = 86400;
  if (self->history == points)
    return;
  self->history = points;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY]);
}

guint
cs_stats_model_get_history (CsStatsModel *self)
{
  g_return_val_if_fail (CS_IS_STATS_MODEL (self), 0);
  return self->history;
}

CsCallState
cs_stats_model_get_state (CsStatsModel *self)
{
  g_return_val_if_fail (CS_IS_STATS_MODEL (self), CS_CALL_STATE_IDLE);
  return self->state;
}

const char *
cs_stats_model_get_local_uid (CsStatsModel *self)
{
  g_return_val_if_fail (CS_IS_STATS_MODEL (self), NULL);
  return self->local_uid;
}

/* Seconds since the session start of the last committed second. */
double
cs_stats_model_get_duration (CsStatsModel *self)
{
  g_return_val_if_fail (CS_IS_STATS_MODEL (self), 0);
  return self->committed_once ? MAX (self->last_commit_t, 0) : 0;
}

static void
set_state (CsStatsModel *self,
           CsCallState   state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* ------------------------------------------------------------------ users */

User *
_cs_stats_model_user_lookup (CsStatsModel *self,
             const char   *uid)
{
  return uid != NULL ? g_hash_table_lookup (self->user_index, uid) : NULL;
}

static User *
user_ensure (CsStatsModel *self,
             const char   *uid)
{
  User *u = _cs_stats_model_user_lookup (self, uid);
  guint pos;

  if (u != NULL || uid == NULL || *uid == '\0')
    return u;

  u = g_new0 (User, 1);
  u->uid = g_strdup (uid);
  u->participant = cs_participant_new (uid, g_strcmp0 (uid, self->local_uid) == 0, self->history);
  pos = self->users->len;
  u->index = pos;
  g_ptr_array_add (self->users, u);
  g_hash_table_insert (self->user_index, u->uid, u);
  g_list_model_items_changed (G_LIST_MODEL (self), pos, 0, 1);
  return u;
}

static void
clear_call (CsStatsModel *self)
{
  guint n = self->users->len;

  g_ptr_array_set_size (self->pending, 0);
  g_hash_table_remove_all (self->track_index);
  g_ptr_array_set_size (self->tracks, 0);
  g_hash_table_remove_all (self->pair_index);
  g_ptr_array_set_size (self->pairs, 0);
  g_hash_table_remove_all (self->user_index);
  g_ptr_array_set_size (self->users, 0);
  g_ptr_array_set_size (self->events, 0);
  cs_exception_detector_reset (self->detector);
  self->last_commit_t = 0;
  self->committed_once = FALSE;
  if (n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, n, 0);
}

void
cs_stats_model_join (CsStatsModel *self,
                     const char   *local_uid)
{
  User *local;
  g_autofree char *capped = NULL;

  g_return_if_fail (CS_IS_STATS_MODEL (self));

  clear_call (self);
  if (local_uid == NULL || *local_uid == '\0')
    local_uid = "local";
  /* a server may assign it: bounded as the samples' uids are */
  capped = g_strdup (local_uid);
  cs_text_cap (&capped, CS_MAX_NAME_CHARS);
  if (g_strcmp0 (self->local_uid, capped) != 0)
    {
      g_free (self->local_uid);
      self->local_uid = g_steal_pointer (&capped);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCAL_UID]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
  set_state (self, CS_CALL_STATE_JOINED);

  local = user_ensure (self, self->local_uid);
  local->announced = TRUE;
  g_signal_emit (self, signals[SIGNAL_USER_JOINED], 0, local->participant);
}

void
cs_stats_model_leave (CsStatsModel *self)
{
  g_return_if_fail (CS_IS_STATS_MODEL (self));

  if (self->state != CS_CALL_STATE_JOINED)
    return;
  g_ptr_array_set_size (self->pending, 0);
  set_state (self, CS_CALL_STATE_LEFT);
}

/* ------------------------------------------------------------------ ingest */

/* Non-finite doubles (NaN, infinities) become unknown, so that nothing downstream —
 * scores, statistics, the recording — ever carries them. */
static void
sanitize (CsStatsSample *s)
{
  double *fields[] = {
    &s->fraction_lost, &s->jitter_ms, &s->rtt_ms, &s->available_outgoing_bitrate, &s->target_bitrate,
    &s->total_freeze_ms, &s->audio_level, &s->transport_delay_ms, &s->receive_delay_ms,
    &s->end2end_delay_ms, &s->encode_delay_ms,
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (!isfinite (*fields[i]) || *fields[i] > 1e12)
      *fields[i] = CS_UNKNOWN;
  if (s->fraction_lost > 1)
    s->fraction_lost = 1;
}

/**
 * cs_stats_model_ingest:
 * Buffers a copy of @sample until the next commit. Non-finite values in it become
 * unknown (CS_UNKNOWN), and its strings are made valid UTF-8 and cut to the limits of
 * cs-stats-sample.h (a display name at CS_MAX_NAME_CHARS): whatever a peer sends, every
 * source of samples ends here. "sample-ingested" carries that cleaned copy, so a
 * recording replays to the same numbers. Refused (FALSE) unless joined, for a time
 * before the last commit, a sample without both uids, or when 100 000 samples wait
 * for a commit.
 */
gboolean
cs_stats_model_ingest (CsStatsModel        *self,
                       const CsStatsSample *sample)
{
  g_autoptr (CsStatsSample) copy = NULL;
  CsStatsSample *kept;

  g_return_val_if_fail (CS_IS_STATS_MODEL (self), FALSE);
  g_return_val_if_fail (sample != NULL, FALSE);

  if (self->state != CS_CALL_STATE_JOINED)
    return FALSE;
  if (!isfinite (sample->t) || sample->t < 0)
    return FALSE;
  if (self->committed_once && sample->t < self->last_commit_t)
    return FALSE;
  if (sample->observer_uid == NULL || *sample->observer_uid == '\0' ||
      sample->peer_uid == NULL || *sample->peer_uid == '\0')
    return FALSE;
  if ((guint) sample->kind > CS_SAMPLE_KIND_CONNECTION || (guint) sample->direction > CS_SAMPLE_DIRECTION_INBOUND)
    return FALSE;

  if (self->pending->len >= MAX_PENDING)
    return FALSE;

  copy = cs_stats_sample_copy (sample);
  cs_stats_sample_cap_strings (copy);
  /* compared once cut: two long uids that differ only beyond the limit are one user */
  if (g_strcmp0 (copy->observer_uid, copy->peer_uid) == 0)
    return FALSE;
  sanitize (copy);
  kept = g_steal_pointer (&copy);
  g_ptr_array_add (self->pending, kept);
  g_signal_emit (self, signals[SIGNAL_SAMPLE_INGESTED], 0, kept);
  return TRUE;
}

/* ------------------------------------------------------------------ tracks */

static int
compare_key (const char *a,
             const char *b)
{
  return strcmp (a, b);
}

/* Inserts @item (whose first member is its char *key) into @array kept sorted by key. */
static void
insert_sorted (GPtrArray *array,
               gpointer   item,
               const char *key)
{
  guint lo = 0, hi = array->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      const char *k = *(char **) g_ptr_array_index (array, mid);

      if (compare_key (k, key) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  g_ptr_array_insert (array, (int) lo, item);
}

static Pair *
pair_ensure (CsStatsModel *self,
             const char   *sender,
             const char   *receiver)
{
  g_autofree char *key = g_strdup_printf ("%s\x1f%s", sender, receiver);
  Pair *p = g_hash_table_lookup (self->pair_index, key);

  if (p != NULL)
    return p;
  p = g_new0 (Pair, 1);
  p->key = g_steal_pointer (&key);
  p->sender = g_strdup (sender);
  p->receiver = g_strdup (receiver);
  g_hash_table_insert (self->pair_index, p->key, p);
  insert_sorted (self->pairs, p, p->key);
  return p;
}

static Track *
track_ensure (CsStatsModel        *self,
              const CsStatsSample *s)
{
  g_autofree char *key = g_strdup_printf ("%s\x1f%s\x1f%d\x1f%d", s->observer_uid, s->peer_uid, s->kind, s->direction);
  Track *tr = g_hash_table_lookup (self->track_index, key);
  gboolean inbound = s->direction == CS_SAMPLE_DIRECTION_INBOUND;
  guint k = s->kind == CS_SAMPLE_KIND_VIDEO ? 1 : 0;

  if (tr != NULL)
    return tr;
  tr = cs_track_new (key, s);
  tr->pair = inbound ? pair_ensure (self, s->peer_uid, s->observer_uid) : pair_ensure (self, s->observer_uid, s->peer_uid);
  if (inbound)
    tr->pair->in[k] = tr;
  else
    tr->pair->out[k] = tr;
  g_hash_table_insert (self->track_index, tr->key, tr);
  insert_sorted (self->tracks, tr, tr->key);
  return tr;
}

/* ------------------------------------------------------------------ commit: samples */

typedef struct
{
  GPtrArray *joined;
  GPtrArray *left;
} Presence;

static void
announce (User     *u,
          Presence *pr)
{
  if (!u->announced)
    {
      u->announced = TRUE;
      g_ptr_array_add (pr->joined, u);
    }
}

static void
process_sample (CsStatsModel        *self,
                const CsStatsSample *s,
                Presence            *pr)
{
  User *obs = user_ensure (self, s->observer_uid);

  announce (obs, pr);

  if (s->kind == CS_SAMPLE_KIND_CONNECTION)
    {
      gboolean server = g_strcmp0 (s->peer_uid, SERVER_UID) == 0;
      User *peer = server ? obs : _cs_stats_model_user_lookup (self, s->peer_uid);

      if (peer == NULL && s->connection_state != CS_CONNECTION_STATE_CLOSED)
        peer = user_ensure (self, s->peer_uid);
      if (peer == NULL)
        return;
      /* a sample about the server names the local user (its name in the room), when it says one */
      if (!server || s->display_name != NULL)
        cs_participant_set_display_name (peer->participant, s->display_name);
      peer->conn_known = TRUE;
      peer->conn_state = s->connection_state;
      if (server)
        {
          peer->server_lost_once |= s->connection_state >= CS_CONNECTION_STATE_DISCONNECTED;
          return;
        }
      if (s->connection_state == CS_CONNECTION_STATE_CLOSED)
        {
          if (cs_participant_get_present (peer->participant) && peer != _cs_stats_model_user_lookup (self, self->local_uid))
            {
              cs_participant_set_present (peer->participant, FALSE);
              cs_participant_set_left_at (peer->participant, s->t);
              g_ptr_array_add (pr->left, peer);
            }
        }
      else if (!cs_participant_get_present (peer->participant) &&
               s->connection_state <= CS_CONNECTION_STATE_CONNECTED)
        {
          cs_participant_set_present (peer->participant, TRUE);
          cs_participant_set_left_at (peer->participant, CS_UNKNOWN);
          g_ptr_array_add (pr->joined, peer);
        }
      else
        announce (peer, pr);
      return;
    }

  if (s->direction == CS_SAMPLE_DIRECTION_INBOUND)
    announce (user_ensure (self, s->peer_uid), pr);

  cs_track_update (track_ensure (self, s), s, self->thresholds.media_stopped_s);
}

/* ------------------------------------------------------------------ commit */

void
cs_stats_model_commit (CsStatsModel *self,
                       double        t)
{
  g_autoptr(GPtrArray) batch = NULL;
  g_autoptr(GHashTable) by_peer = NULL;
  g_autoptr(GPtrArray) empty = NULL;
  Presence pr;
  guint n_events, n_new;

  g_return_if_fail (CS_IS_STATS_MODEL (self));

  if (self->state != CS_CALL_STATE_JOINED || !isfinite (t))
    return;
  if (self->committed_once && t < self->last_commit_t)
    return;

  /* 1. samples up to t, in the order they came */
  batch = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_stats_sample_free);
  for (guint i = 0; i < self->pending->len;)
    {
      CsStatsSample *s = g_ptr_array_index (self->pending, i);

      if (s->t <= t)
        g_ptr_array_add (batch, g_ptr_array_steal_index (self->pending, i));
      else
        i++;
    }
  for (guint i = 0; i < self->tracks->len; i++)
    ((Track *) g_ptr_array_index (self->tracks, i))->updated = FALSE;

  pr.joined = g_ptr_array_new ();
  pr.left = g_ptr_array_new ();
  for (guint i = 0; i < batch->len; i++)
    process_sample (self, g_ptr_array_index (batch, i), &pr);

  self->last_commit_t = t;
  self->committed_once = TRUE;

  /* 2. scores */
  _cs_stats_model_attribute (self, t);
  for (guint i = 0; i < self->users->len; i++)
    {
      User *u = g_ptr_array_index (self->users, i);

      memset (&u->quality, 0, sizeof u->quality);
      if (!_cs_stats_model_user_active (u))
        continue;
      _cs_stats_model_score_link (self, &u->up, &u->quality.uplinkNetworkQuality, &u->quality.uplinkReason);
      _cs_stats_model_score_link (self, &u->down, &u->quality.downlinkNetworkQuality, &u->quality.downlinkReason);
    }

  /* 3. participants and series */
  by_peer = _cs_stats_model_tracks_by_peer (self);
  empty = g_ptr_array_new ();
  for (guint i = 0; i < self->users->len; i++)
    {
      User *u = g_ptr_array_index (self->users, i);

      if (_cs_stats_model_user_active (u))
        _cs_stats_model_update_participant (self, u, t, cs_participant_get_is_local (u->participant)
                                        ? self->tracks : _cs_stats_model_peer_tracks (by_peer, u->uid, empty));
    }

  /* 4. exceptions */
  n_events = self->events->len;
  _cs_stats_model_detect (self, t, by_peer, empty);
  n_new = self->events->len;

  /* 5. signals */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
  for (guint i = 0; i < pr.joined->len; i++)
    g_signal_emit (self, signals[SIGNAL_USER_JOINED], 0, ((User *) g_ptr_array_index (pr.joined, i))->participant);
  for (guint i = 0; i < pr.left->len; i++)
    g_signal_emit (self, signals[SIGNAL_USER_LEFT], 0, ((User *) g_ptr_array_index (pr.left, i))->participant);
  /* up to n_new: a notice that a handler adds meanwhile emits itself (cs_stats_model_add_notice) */
  for (guint i = n_events; i < n_new; i++)
    g_signal_emit (self, signals[SIGNAL_EXCEPTION], 0, g_ptr_array_index (self->events, i));
  for (guint i = 0; i < self->users->len; i++)
    {
      User *u = g_ptr_array_index (self->users, i);

      if (_cs_stats_model_user_active (u))
        g_signal_emit (self, signals[SIGNAL_NETWORK_QUALITY], 0, u->uid,
                       u->quality.uplinkNetworkQuality, u->quality.downlinkNetworkQuality);
    }
  g_ptr_array_unref (pr.joined);
  g_ptr_array_unref (pr.left);
  g_signal_emit (self, signals[SIGNAL_COMMITTED], 0, t);
}

void
cs_stats_model_add_notice (CsStatsModel *self,
                           guint         code,
                           double        value)
{
  CsExceptionEvent *ev;

  g_return_if_fail (CS_IS_STATS_MODEL (self));

  if (self->state == CS_CALL_STATE_IDLE)
    return;
  ev = g_new0 (CsExceptionEvent, 1);
  ev->t = cs_stats_model_get_duration (self);
  ev->code = code;
  ev->msg = g_strdup (cs_exception_code_name (code));
  ev->uid = g_strdup (self->local_uid);
  ev->started_at = ev->t;
  ev->value = value;
  g_ptr_array_add (self->events, ev);
  g_signal_emit (self, signals[SIGNAL_EXCEPTION], 0, ev);
}

/**
 * cs_stats_model_get_events:
 * Returns: (transfer none): every exception and recovery so far, in order
 */
GPtrArray *
cs_stats_model_get_events (CsStatsModel *self)
{
  g_return_val_if_fail (CS_IS_STATS_MODEL (self), NULL);
  return self->events;
}
