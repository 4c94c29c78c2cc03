/* cs-stats-model.c — the single source of truth of a call's quality
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Data flow of one committed second:
 *  1. buffered samples update their track (one per observer, peer, kind, direction):
 *     deltas of the cumulative counters, with resets, wraps and jumps neutralised;
 *  2. tracks are grouped in directed pairs (sender -> receiver), whose windowed loss,
 *     jitter, delay, freeze and frame-rate shortfall are attributed to the sender's
 *     uplink or the receiver's downlink (cs-link-attribution.c; docs/quality-score.md §5.1);
 *  3. each user's links are scored (cs-quality-score.c), participants and series updated;
 *  4. the exception detector is fed; signals are emitted.
 * Every loop runs over arrays in a fixed order (tracks by key, users by arrival):
 * hash tables are only used for lookups, so the outputs are deterministic.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "cs-exception-detector.h"
#include "cs-link-attribution.h"
#include "cs-track.h"
#include "cs-participant-private.h"
#include "cs-quality-score.h"
#include "cs-stats-model.h"

#define VIDEO_WINDOW   10      /* intervals over which freeze and frame-rate shortfall are measured */
#define SERVER_UID     "server"   /* a media server's uid: never a participant */
#define MAX_PENDING    100000

typedef struct _CsPair Pair;
typedef CsTrack Track;
typedef struct _User User;


struct _CsPair
{
  char  *key;
  char  *sender;
  char  *receiver;
  Track *in[2];   /* receiver's inbound view, by kind (audio, video) */
  Track *out[2];  /* sender's outbound view */
};

enum {
  M_LOSS = CS_LINK_LOSS, M_JITTER = CS_LINK_JITTER, M_DELAY = CS_LINK_DELAY, M_FREEZE = CS_LINK_FREEZE,
  M_FPS = CS_LINK_FPS, M_STOP = CS_LINK_STOP, N_M = CS_LINK_N_METRICS
};

typedef struct
{
  double   v[N_M];
  char     peer[N_M][64];
  gboolean delay_from_rtt;
  guint    intervals;
} LinkAcc;

struct _User
{
  CsParticipant    *participant;
  char             *uid;
  gboolean          announced;   /* user-joined emitted */
  gboolean          conn_known;
  CsConnectionState conn_state;
  guint             index;       /* in self->users (users stay until the next join) */
  LinkAcc           up, down;
  CsNetworkQuality  quality;
};

struct _CsStatsModel
{
  GObject              parent_instance;

  CsCallState          state;
  char                *local_uid;
  CsThresholds         thresholds;
  guint                history;
  double               last_commit_t;
  gboolean             committed_once;

  GPtrArray           *pending;   /* CsStatsSample*, in ingest order */
  GPtrArray           *tracks;    /* Track*, sorted by key */
  GHashTable          *track_index;
  GPtrArray           *pairs;     /* Pair*, sorted by key */
  GHashTable          *pair_index;
  GPtrArray           *users;     /* User*, in arrival order = the list model order */
  GHashTable          *user_index;
  GPtrArray           *events;    /* CsExceptionEvent* */
  CsExceptionDetector *detector;
};

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

static User *
user_lookup (CsStatsModel *self,
             const char   *uid)
{
  return uid != NULL ? g_hash_table_lookup (self->user_index, uid) : NULL;
}

static User *
user_ensure (CsStatsModel *self,
             const char   *uid)
{
  User *u = user_lookup (self, uid);
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
      User *peer = server ? obs : user_lookup (self, s->peer_uid);

      if (peer == NULL && s->connection_state != CS_CONNECTION_STATE_CLOSED)
        peer = user_ensure (self, s->peer_uid);
      if (peer == NULL)
        return;
      if (!server)
        cs_participant_set_display_name (peer->participant, s->display_name);
      peer->conn_known = TRUE;
      peer->conn_state = s->connection_state;
      if (server)
        return;
      if (s->connection_state == CS_CONNECTION_STATE_CLOSED)
        {
          if (cs_participant_get_present (peer->participant) && peer != user_lookup (self, self->local_uid))
            {
              cs_participant_set_present (peer->participant, FALSE);
              g_ptr_array_add (pr->left, peer);
            }
        }
      else if (!cs_participant_get_present (peer->participant) &&
               s->connection_state <= CS_CONNECTION_STATE_CONNECTED)
        {
          cs_participant_set_present (peer->participant, TRUE);
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

/* ------------------------------------------------------------------ commit: pairs and attribution */

static gboolean
user_active (User *u)
{
  return u != NULL && cs_participant_get_present (u->participant);
}

static double
pair_rtt (CsStatsModel *self,
          Pair         *p)
{
  /* the sender's RR-based RTT, else the receiver's own view, else the reverse pair's */
  for (guint k = 0; k < 2; k++)
    if (p->out[k] != NULL && p->out[k]->last->rtt_ms >= 0)
      return p->out[k]->last->rtt_ms;
  for (guint k = 0; k < 2; k++)
    if (p->in[k] != NULL && p->in[k]->last->rtt_ms >= 0)
      return p->in[k]->last->rtt_ms;
  {
    g_autofree char *rkey = g_strdup_printf ("%s\x1f%s", p->receiver, p->sender);
    Pair *r = g_hash_table_lookup (self->pair_index, rkey);

    if (r != NULL)
      for (guint k = 0; k < 2; k++)
        if (r->out[k] != NULL && r->out[k]->last->rtt_ms >= 0)
          return r->out[k]->last->rtt_ms;
  }
  return CS_UNKNOWN;
}

static void
pair_metrics (CsStatsModel    *self,
              Pair            *p,
              double           now,
              CsStreamMetrics *m)
{
  gboolean has_in = p->in[0] != NULL || p->in[1] != NULL;
  Track *const *view = has_in ? p->in : p->out;
  double lost = 0, expected = 0, delay_sum = 0;
  guint delay_n = 0;
  guint window = self->thresholds.window;
  double rtt = pair_rtt (self, p);

  for (guint i = 0; i < N_M; i++)
    m->v[i] = -1;
  m->delay_from_rtt = FALSE;
  m->intervals = 0;

  for (guint k = 0; k < 2; k++)
    {
      double l, e;

      if (view[k] == NULL)
        continue;
      cs_track_window_sum (view[k], window, &l, &e, NULL, NULL, NULL);
      lost += l;
      expected += e;
      m->intervals = MAX (m->intervals, view[k]->n_intervals);
    }
  m->expected = expected;
  if (expected > 0)
    m->v[M_LOSS] = lost / expected * 100;
  else if (m->intervals > 0)
    m->v[M_LOSS] = 0;

  /* jitter: audio first (the E-model's path), else video */
  for (guint k = 0; k < 2 && m->v[M_JITTER] < 0; k++)
    if (view[k] != NULL && view[k]->last->jitter_ms >= 0)
      m->v[M_JITTER] = view[k]->last->jitter_ms;

  /* one-way delay: measured (or estimated by the source) transport delay, else RTT/2 */
  for (guint k = 0; k < 2; k++)
    if (p->in[k] != NULL && p->in[k]->last->transport_delay_ms >= 0)
      {
        delay_sum += p->in[k]->last->transport_delay_ms;
        delay_n++;
      }
  if (delay_n > 0)
    m->v[M_DELAY] = delay_sum / delay_n;
  else if (rtt >= 0)
    {
      m->v[M_DELAY] = rtt / 2;
      m->delay_from_rtt = TRUE;
    }

  /* video: only where the counters are known (has_frames), so an engine that cannot
   * count frames never looks frozen */
  if (p->in[1] != NULL && p->in[1]->w_len > 0 && p->in[1]->last->has_frames && p->in[1]->frames_started)
    {
      double dt, freeze, frames;

      cs_track_window_sum (p->in[1], VIDEO_WINDOW, NULL, NULL, &dt, &freeze, &frames);
      if (dt > 0)
        m->v[M_FREEZE] = MIN (freeze / (dt * 1000) * 100, 100);
      if (p->out[1] != NULL && p->out[1]->w_len > 0 && p->out[1]->last->has_frames && dt > 0)
        {
          double sdt, sent;

          cs_track_window_sum (p->out[1], VIDEO_WINDOW, NULL, NULL, &sdt, NULL, &sent);
          if (sdt > 0 && sent / sdt >= 1)
            m->v[M_FPS] = MAX (0, 1 - (frames / dt) / (sent / sdt)) * 100;
        }
    }

  if (has_in)
    {
      double last_media = -G_MAXDOUBLE;

      for (guint k = 0; k < 2; k++)
        if (p->in[k] != NULL)
          last_media = MAX (last_media, p->in[k]->last_media_t);
      m->v[M_STOP] = MAX (now - last_media, 0);
    }
}

/* Splits the active streams' troubles between the users' links (cs-link-attribution.h). */
static void
attribute (CsStatsModel *self,
           double        now)
{
  guint n_users = self->users->len;
  g_autofree CsStreamMetrics *streams = g_new0 (CsStreamMetrics, MAX (self->pairs->len, 1));
  g_autofree Pair **of = g_new0 (Pair *, MAX (self->pairs->len, 1));
  g_autofree CsLinkShare *up = g_new0 (CsLinkShare, MAX (n_users, 1));
  g_autofree CsLinkShare *down = g_new0 (CsLinkShare, MAX (n_users, 1));
  User *local = user_lookup (self, self->local_uid);
  guint n = 0;

  for (guint i = 0; i < self->pairs->len; i++)
    {
      Pair *p = g_ptr_array_index (self->pairs, i);
      User *a = user_lookup (self, p->sender);
      User *b = user_lookup (self, p->receiver);

      if (!user_active (a) || (b != NULL && !user_active (b)))
        continue;
      pair_metrics (self, p, now, &streams[n]);
      streams[n].sender = a->index;
      streams[n].receiver = b != NULL ? (gint) b->index : CS_LINK_NO_USER;
      of[n++] = p;
    }
  cs_link_attribute (streams, n, n_users, local != NULL ? (gint) local->index : CS_LINK_NO_USER, up, down);

  for (guint i = 0; i < n_users; i++)
    {
      User *u = g_ptr_array_index (self->users, i);
      LinkAcc *accs[] = { &u->up, &u->down };
      const CsLinkShare *shares[] = { &up[i], &down[i] };

      for (guint w = 0; w < 2; w++)
        {
          memset (accs[w], 0, sizeof *accs[w]);
          accs[w]->delay_from_rtt = shares[w]->delay_from_rtt;
          accs[w]->intervals = shares[w]->intervals;
          for (guint m = 0; m < N_M; m++)
            {
              gint k = shares[w]->stream[m];

              accs[w]->v[m] = shares[w]->v[m];
              /* the peer is the stream's other end: its receiver on an uplink, its sender on a downlink */
              if (k >= 0)
                g_strlcpy (accs[w]->peer[m], w == 0 ? of[k]->receiver : of[k]->sender, sizeof accs[w]->peer[m]);
            }
        }
    }
}

static void
score_link (CsStatsModel    *self,
            const LinkAcc   *acc,
            guint           *score,
            CsQualityReason *reason)
{
  CsLinkMetrics m;
  static const int metric_of[] = {
    [CS_QUALITY_METRIC_LOSS] = M_LOSS, [CS_QUALITY_METRIC_JITTER] = M_JITTER,
    [CS_QUALITY_METRIC_RTT] = M_DELAY, [CS_QUALITY_METRIC_DELAY] = M_DELAY,
    [CS_QUALITY_METRIC_FRAME_RATE] = M_FPS, [CS_QUALITY_METRIC_FREEZE] = M_FREEZE,
    [CS_QUALITY_METRIC_NO_MEDIA] = M_STOP,
  };

  cs_link_metrics_init (&m);
  m.intervals = acc->intervals;
  m.no_media_s = MAX (acc->v[M_STOP], 0);
  m.loss_pct = acc->v[M_LOSS];
  m.jitter_ms = acc->v[M_JITTER];
  m.delay_ms = acc->v[M_DELAY];
  m.delay_from_rtt = acc->delay_from_rtt;
  m.freeze_pct = acc->v[M_FREEZE];
  m.fps_short_pct = acc->v[M_FPS];
  *score = cs_quality_score_link (&m, self->thresholds.media_stopped_s, reason);
  reason->peer_uid[0] = '\0';
  switch (reason->metric)
    {
    case CS_QUALITY_METRIC_LOSS: case CS_QUALITY_METRIC_JITTER: case CS_QUALITY_METRIC_RTT:
    case CS_QUALITY_METRIC_DELAY: case CS_QUALITY_METRIC_FRAME_RATE: case CS_QUALITY_METRIC_FREEZE:
    case CS_QUALITY_METRIC_NO_MEDIA:
      g_strlcpy (reason->peer_uid, acc->peer[metric_of[reason->metric]], sizeof reason->peer_uid);
      break;
    default:
      break;
    }
}

/* ------------------------------------------------------------------ derived track stats */

static Track *
track_get (CsStatsModel      *self,
           const char        *observer,
           const char        *peer,
           CsSampleKind       kind,
           CsSampleDirection  dir)
{
  g_autofree char *key = g_strdup_printf ("%s\x1f%s\x1f%d\x1f%d", observer, peer, kind, dir);

  return g_hash_table_lookup (self->track_index, key);
}

typedef struct
{
  double   transport, receive, e2e;
  gboolean transport_measured, receive_measured, e2e_measured;
} Delays;

static void
track_delays (CsStatsModel *self,
              Track        *tr,
              Delays       *d)
{
  const CsStatsSample *s = tr->last;
  double jitter = s->jitter_ms >= 0 ? s->jitter_ms : 0;
  Track *sender_out = track_get (self, tr->peer, tr->observer, tr->kind, CS_SAMPLE_DIRECTION_OUTBOUND);
  double encode = sender_out != NULL && sender_out->last->encode_delay_ms >= 0 ? sender_out->last->encode_delay_ms : 0;

  d->transport = s->transport_delay_ms;
  d->transport_measured = s->transport_delay_ms >= 0 && s->transport_delay_measured;
  if (d->transport < 0)
    {
      double rtt = pair_rtt (self, tr->pair);

      d->transport = rtt >= 0 ? rtt / 2 : CS_UNKNOWN;
      d->transport_measured = FALSE;
    }
  d->receive = s->receive_delay_ms;
  d->receive_measured = s->receive_delay_ms >= 0 && s->receive_delay_measured;
  if (d->receive < 0 && d->transport >= 0)
    {
      d->receive = d->transport + CS_EMODEL_JITTER_MULT * jitter;
      d->receive_measured = FALSE;
    }
  d->e2e = s->end2end_delay_ms;
  d->e2e_measured = s->end2end_delay_ms >= 0 && s->end2end_delay_measured;
  if (d->e2e < 0 && d->receive >= 0)
    {
      d->e2e = d->receive + encode;
      d->e2e_measured = FALSE;
    }
  /* end2EndDelay >= receiveDelay >= transportDelay, always */
  if (d->receive >= 0 && d->transport > d->receive)
    d->receive = d->transport;
  if (d->e2e >= 0 && d->receive > d->e2e)
    d->e2e = d->receive;
}

static double
loss_rate (const Track *tr)
{
  double expected = (double) tr->tot_packets + (double) MAX (tr->tot_lost, 0);

  return expected > 0 ? (double) MAX (tr->tot_lost, 0) / expected * 100 : 0;
}

static double
track_duration (const Track *tr)
{
  return tr->last != NULL ? MAX (tr->last->t - tr->first_t, 0) : 0;
}

static void
codec_copy (char *dest, const CsStatsSample *s)
{
  g_strlcpy (dest, s->codec != NULL ? s->codec : "", 16);
}

static void
fill_remote_audio (CsStatsModel            *self,
                   Track                   *tr,
                   CsRemoteAudioTrackStats *o)
{
  Delays d;

  memset (o, 0, sizeof *o);
  track_delays (self, tr, &d);
  codec_copy (o->codecType, tr->last);
  o->transportDelay = d.transport;
  o->receiveDelay = d.receive;
  o->end2EndDelay = d.e2e;
  o->transportDelayMeasured = d.transport_measured;
  o->receiveDelayMeasured = d.receive_measured;
  o->end2EndDelayMeasured = d.e2e_measured;
  o->receiveBitrate = tr->bitrate;
  o->receiveLevel = tr->last->audio_level;
  o->receiveBytes = tr->tot_bytes;
  o->receivePackets = tr->tot_packets;
  o->receivePacketsLost = (guint64) MAX (tr->tot_lost, 0);
  o->packetLossRate = loss_rate (tr);
  o->currentPacketLossRate = tr->cur_loss_pct;
  o->totalDuration = track_duration (tr);
  o->totalFreezeTime = tr->tot_freeze_ms / 1000;
  o->freezeRate = o->totalDuration > 0 ? MIN (o->totalFreezeTime / o->totalDuration * 100, 100) : 0;
  o->publishDuration = o->totalDuration;
  o->jitterMs = tr->last->jitter_ms;
}

static void
fill_remote_video (CsStatsModel            *self,
                   Track                   *tr,
                   CsRemoteVideoTrackStats *o)
{
  Delays d;

  memset (o, 0, sizeof *o);
  track_delays (self, tr, &d);
  codec_copy (o->codecType, tr->last);
  o->transportDelay = d.transport;
  o->receiveDelay = d.receive;
  o->end2EndDelay = d.e2e;
  o->transportDelayMeasured = d.transport_measured;
  o->receiveDelayMeasured = d.receive_measured;
  o->end2EndDelayMeasured = d.e2e_measured;
  o->receiveBitrate = tr->bitrate;
  o->receiveBytes = tr->tot_bytes;
  o->decodeFrameRate = tr->decode_fps;
  o->receiveFrameRate = tr->decode_fps;
  o->renderFrameRate = tr->last->frames_rendered > 0 ? tr->render_fps : tr->decode_fps;
  o->receivePackets = tr->tot_packets;
  o->receivePacketsLost = (guint64) MAX (tr->tot_lost, 0);
  o->packetLossRate = loss_rate (tr);
  o->currentPacketLossRate = tr->cur_loss_pct;
  o->receiveResolutionWidth = tr->last->width;
  o->receiveResolutionHeight = tr->last->height;
  o->totalDuration = track_duration (tr);
  o->totalFreezeTime = tr->tot_freeze_ms / 1000;
  o->freezeRate = o->totalDuration > 0 ? MIN (o->totalFreezeTime / o->totalDuration * 100, 100) : 0;
  o->publishDuration = o->totalDuration;
  o->jitterMs = tr->last->jitter_ms;
}

/* The local user's outbound tracks of @kind, aggregated over every peer (in the lab's
 * star the local track is sent once per peer): sums of counters and bitrates, the
 * mean of RTT, jitter and loss, the highest frame rates. */
typedef struct
{
  guint   n;
  Track  *first;
  guint64 bytes, packets, lost;
  double  bitrate, target, rtt_sum, jitter_sum, loss_sum, level, send_fps, capture_fps, duration;
  guint   rtt_n, jitter_n;
} LocalAgg;

static void
local_aggregate (CsStatsModel *self,
                 CsSampleKind  kind,
                 LocalAgg     *a)
{
  memset (a, 0, sizeof *a);
  a->level = CS_UNKNOWN;
  a->target = CS_UNKNOWN;
  for (guint i = 0; i < self->tracks->len; i++)
    {
      Track *tr = g_ptr_array_index (self->tracks, i);
      User *peer;

      if (tr->kind != kind || tr->dir != CS_SAMPLE_DIRECTION_OUTBOUND || g_strcmp0 (tr->observer, self->local_uid) != 0)
        continue;
      peer = user_lookup (self, tr->peer);
      if (peer != NULL && !user_active (peer))
        continue;
      if (a->first == NULL)
        a->first = tr;
      a->n++;
      a->bytes += tr->tot_bytes;
      a->packets += tr->tot_packets;
      a->lost += (guint64) MAX (tr->tot_lost, 0);
      a->bitrate += tr->bitrate;
      if (tr->last->target_bitrate >= 0)
        a->target = MAX (a->target, 0) + tr->last->target_bitrate;
      if (tr->last->rtt_ms >= 0)
        {
          a->rtt_sum += tr->last->rtt_ms;
          a->rtt_n++;
        }
      if (tr->last->jitter_ms >= 0)
        {
          a->jitter_sum += tr->last->jitter_ms;
          a->jitter_n++;
        }
      a->loss_sum += tr->cur_loss_pct;
      if (tr->last->audio_level >= 0)
        a->level = MAX (a->level, tr->last->audio_level);
      a->send_fps = MAX (a->send_fps, tr->send_fps);
      a->capture_fps = MAX (a->capture_fps, tr->capture_fps);
      a->duration = MAX (a->duration, track_duration (tr));
    }
}

/* ------------------------------------------------------------------ commit: participants */

/* uid -> GPtrArray of the tracks whose peer it is, in key order: what a remote user's
 * steps look at, so that a commit is linear in the tracks, not users × tracks. */
static GHashTable *
tracks_by_peer (CsStatsModel *self)
{
  GHashTable *index = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);

  for (guint i = 0; i < self->tracks->len; i++)
    {
      Track *tr = g_ptr_array_index (self->tracks, i);
      GPtrArray *list = g_hash_table_lookup (index, tr->peer);

      if (list == NULL)
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (index, tr->peer, list);
        }
      g_ptr_array_add (list, tr);
    }
  return index;
}

/* The tracks whose peer is @uid (none: an empty array). */
static GPtrArray *
peer_tracks (GHashTable *by_peer,
             const char *uid,
             GPtrArray  *empty)
{
  GPtrArray *list = g_hash_table_lookup (by_peer, uid);

  return list != NULL ? list : empty;
}

static void
update_participant (CsStatsModel *self,
                    User         *u,
                    double        t,
                    GPtrArray    *tracks)
{
  CsParticipant *part = u->participant;
  gboolean is_local = cs_participant_get_is_local (part);
  double loss = CS_UNKNOWN, jitter = CS_UNKNOWN, rtt = CS_UNKNOWN, bitrate = CS_UNKNOWN;
  double rtt_sum = 0;
  guint rtt_n = 0;
  Delays worst = { CS_UNKNOWN, CS_UNKNOWN, CS_UNKNOWN, FALSE, FALSE, FALSE };
  gboolean frozen;
  guint n_receivers = 0, n_frozen = 0;

  /* loss and jitter: what is attributed to this user's links (what its score sees) */
  loss = MAX (u->up.v[M_LOSS], u->down.v[M_LOSS]);
  jitter = MAX (u->up.v[M_JITTER], u->down.v[M_JITTER]);

  /* @tracks: every track for the local user; for a remote user those whose peer it is,
   * the only ones that each test below can select (all of them compare tr->peer with u) */
  for (guint i = 0; i < tracks->len; i++)
    {
      Track *tr = g_ptr_array_index (tracks, i);
      gboolean local_in = tr->dir == CS_SAMPLE_DIRECTION_INBOUND && g_strcmp0 (tr->observer, self->local_uid) == 0;
      gboolean mine;

      /* video sent by this user and frozen: as the local user receives it; for the
       * local user's own video, frozen at every receiver (at least two), so that a
       * single receiver's downlink is not blamed on the sender */
      if (tr->dir == CS_SAMPLE_DIRECTION_INBOUND && tr->kind == CS_SAMPLE_KIND_VIDEO &&
          g_strcmp0 (tr->peer, u->uid) == 0 && tr->updated && tr->interval_valid &&
          user_active (user_lookup (self, tr->observer)) &&
          (is_local || g_strcmp0 (tr->observer, self->local_uid) == 0))
        {
          n_receivers++;
          n_frozen += tr->frozen ? 1 : 0;
        }

      /* delays and bitrate: media the local user receives from this user (local: all it receives; the worst) */
      mine = local_in && (is_local ? user_active (user_lookup (self, tr->peer)) : g_strcmp0 (tr->peer, u->uid) == 0);
      if (mine && tr->last != NULL)
        {
          Delays d;

          track_delays (self, tr, &d);
          /* prefer video's delays (the end-to-end path the user sees); take the worst */
          if (d.e2e > worst.e2e || (tr->kind == CS_SAMPLE_KIND_VIDEO && worst.e2e < 0))
            worst = d;
          if (!is_local)
            bitrate = MAX (bitrate, 0) + tr->bitrate / 1000;
        }
      /* RTT: the local user's connection with this user (local: the mean over its peers) */
      if (tr->dir == CS_SAMPLE_DIRECTION_OUTBOUND && tr->last->rtt_ms >= 0 &&
          ((is_local && g_strcmp0 (tr->observer, u->uid) == 0 && user_active (user_lookup (self, tr->peer)) ) ||
           (!is_local && g_strcmp0 (tr->observer, self->local_uid) == 0 && g_strcmp0 (tr->peer, u->uid) == 0)))
        {
          rtt_sum += tr->last->rtt_ms;
          rtt_n++;
        }
      if (is_local && tr->dir == CS_SAMPLE_DIRECTION_OUTBOUND && g_strcmp0 (tr->observer, u->uid) == 0)
        bitrate = MAX (bitrate, 0) + tr->bitrate / 1000;
    }
  frozen = is_local ? (n_receivers >= 2 && n_frozen == n_receivers) : n_frozen > 0;
  if (rtt_n > 0)
    rtt = rtt_sum / rtt_n;
  else if (!is_local)
    {
      g_autofree char *key = g_strdup_printf ("%s\x1f%s", u->uid, self->local_uid);
      Pair *p = g_hash_table_lookup (self->pair_index, key);

      if (p != NULL)
        rtt = pair_rtt (self, p);
    }

  cs_participant_set_network_quality (part, &u->quality);
  cs_participant_set_metrics (part, loss, rtt, worst.e2e, jitter);
  cs_participant_set_video_frozen (part, frozen);
  cs_participant_set_media_stopped (part, u->quality.uplinkNetworkQuality == 6);

  cs_time_series_append (cs_participant_get_series (part, CS_SERIES_UPLINK_QUALITY), t, u->quality.uplinkNetworkQuality);
  cs_time_series_append (cs_participant_get_series (part, CS_SERIES_DOWNLINK_QUALITY), t, u->quality.downlinkNetworkQuality);
  cs_time_series_append (cs_participant_get_series (part, CS_SERIES_END2END_DELAY), t, worst.e2e);
  cs_time_series_append (cs_participant_get_series (part, CS_SERIES_RECEIVE_DELAY), t, worst.receive);
  cs_time_series_append (cs_participant_get_series (part, CS_SERIES_TRANSPORT_DELAY), t, worst.transport);
  cs_time_series_append (cs_participant_get_series (part, CS_SERIES_LOSS), t, loss);
  cs_time_series_append (cs_participant_get_series (part, CS_SERIES_JITTER), t, jitter);
  cs_time_series_append (cs_participant_get_series (part, CS_SERIES_RTT), t, rtt);
  cs_time_series_append (cs_participant_get_series (part, CS_SERIES_BITRATE), t, bitrate);
  cs_time_series_append (cs_participant_get_series (part, CS_SERIES_DELAY_MEASURED), t, worst.transport_measured ? 1 : 0);
}

/* ------------------------------------------------------------------ commit: exceptions */

static void
observe (CsStatsModel *self,
         double        t,
         guint         code,
         const char   *uid,
         gboolean      bad,
         double        value)
{
  CsExceptionEvent *ev = cs_exception_detector_observe (self->detector, t, code, uid, bad, value);

  if (ev != NULL)
    g_ptr_array_add (self->events, ev);
}

static void
detect (CsStatsModel *self,
        double        t,
        GHashTable   *by_peer,
        GPtrArray    *empty)
{
  const CsThresholds *th = &self->thresholds;
  User *local = user_lookup (self, self->local_uid);

  /* Agora's local-track exceptions: over every peer the local track is sent to, bad when the best is bad */
  if (user_active (local))
    {
      double cap = -1, sent = -1, vkbps = -1, level = -1, akbps = -1;

      for (guint i = 0; i < self->tracks->len; i++)
        {
          Track *tr = g_ptr_array_index (self->tracks, i);

          if (tr->dir != CS_SAMPLE_DIRECTION_OUTBOUND || g_strcmp0 (tr->observer, self->local_uid) != 0 ||
              !tr->updated || !tr->interval_valid)
            continue;
          if (tr->kind == CS_SAMPLE_KIND_VIDEO)
            {
              if (tr->last->has_frames && tr->last->frames_captured > 0)
                cap = MAX (cap, tr->capture_fps);
              if (tr->last->has_frames)
                sent = MAX (sent, tr->send_fps);
              vkbps = MAX (vkbps, tr->bitrate / 1000);
            }
          else if (tr->kind == CS_SAMPLE_KIND_AUDIO)
            {
              if (tr->last->audio_level >= 0)
                level = MAX (level, tr->last->audio_level);
              akbps = MAX (akbps, tr->bitrate / 1000);
            }
        }
      if (cap >= 0)
        observe (self, t, CS_EXCEPTION_FRAMERATE_INPUT_TOO_LOW, local->uid, cap < th->capture_fps_min, cap);
      if (sent >= 0)
        observe (self, t, CS_EXCEPTION_FRAMERATE_SENT_TOO_LOW, local->uid, sent < th->send_fps_min, sent);
      if (vkbps >= 0)
        observe (self, t, CS_EXCEPTION_SEND_VIDEO_BITRATE_TOO_LOW, local->uid, vkbps < th->send_video_kbps_min, vkbps);
      if (level >= 0)
        observe (self, t, CS_EXCEPTION_AUDIO_INPUT_LEVEL_TOO_LOW, local->uid, level < th->audio_input_level_min, level);
      if (akbps >= 0)
        observe (self, t, CS_EXCEPTION_SEND_AUDIO_BITRATE_TOO_LOW, local->uid, akbps < th->send_audio_kbps_min, akbps);
    }

  /* Agora's remote-track exceptions: what the local user receives, per remote user */
  for (guint i = 0; i < self->tracks->len; i++)
    {
      Track *tr = g_ptr_array_index (self->tracks, i);

      if (tr->dir != CS_SAMPLE_DIRECTION_INBOUND || g_strcmp0 (tr->observer, self->local_uid) != 0 ||
          !tr->updated || !tr->interval_valid || !user_active (user_lookup (self, tr->peer)))
        continue;
      if (tr->kind == CS_SAMPLE_KIND_VIDEO)
        observe (self, t, CS_EXCEPTION_RECV_VIDEO_DECODE_FAILED, tr->peer, tr->d_decode_errors > 0, (double) tr->d_decode_errors);
      else if (tr->kind == CS_SAMPLE_KIND_AUDIO)
        {
          if (tr->last->audio_level >= 0)
            observe (self, t, CS_EXCEPTION_AUDIO_OUTPUT_LEVEL_TOO_LOW, tr->peer,
                     tr->last->audio_level < th->audio_output_level_min, tr->last->audio_level);
          observe (self, t, CS_EXCEPTION_RECV_AUDIO_DECODE_FAILED, tr->peer, tr->d_decode_errors > 0, (double) tr->d_decode_errors);
        }
    }

  /* Callscope's own, per user */
  for (guint i = 0; i < self->users->len; i++)
    {
      User *u = g_ptr_array_index (self->users, i);
      guint up = u->quality.uplinkNetworkQuality, down = u->quality.downlinkNetworkQuality;
      gboolean sends_video = FALSE;
      GPtrArray *tracks = peer_tracks (by_peer, u->uid, empty);

      if (!user_active (u))
        continue;
      if (up != 0)
        observe (self, t, CS_EXCEPTION_POOR_UPLINK, u->uid, up >= th->poor_quality_score, up);
      if (down != 0)
        observe (self, t, CS_EXCEPTION_POOR_DOWNLINK, u->uid, down >= th->poor_quality_score, down);
      for (guint k = 0; k < tracks->len && !sends_video; k++)
        {
          Track *tr = g_ptr_array_index (tracks, k);

          sends_video = tr->kind == CS_SAMPLE_KIND_VIDEO && tr->dir == CS_SAMPLE_DIRECTION_INBOUND &&
                        tr->updated && tr->interval_valid && g_strcmp0 (tr->peer, u->uid) == 0;
        }
      if (sends_video)
        observe (self, t, CS_EXCEPTION_VIDEO_FREEZE, u->uid, cs_participant_get_video_frozen (u->participant),
                 cs_participant_get_video_frozen (u->participant) ? 1 : 0);
      if (up != 0)
        observe (self, t, CS_EXCEPTION_MEDIA_STOPPED, u->uid, up == 6, MAX (u->up.v[M_STOP], 0));
      if (u->conn_known)
        observe (self, t, CS_EXCEPTION_CONNECTION_LOST, u->uid,
                 u->conn_state == CS_CONNECTION_STATE_DISCONNECTED || u->conn_state == CS_CONNECTION_STATE_FAILED,
                 u->conn_state);
    }
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
  attribute (self, t);
  for (guint i = 0; i < self->users->len; i++)
    {
      User *u = g_ptr_array_index (self->users, i);

      memset (&u->quality, 0, sizeof u->quality);
      if (!user_active (u))
        continue;
      score_link (self, &u->up, &u->quality.uplinkNetworkQuality, &u->quality.uplinkReason);
      score_link (self, &u->down, &u->quality.downlinkNetworkQuality, &u->quality.downlinkReason);
    }

  /* 3. participants and series */
  by_peer = tracks_by_peer (self);
  empty = g_ptr_array_new ();
  for (guint i = 0; i < self->users->len; i++)
    {
      User *u = g_ptr_array_index (self->users, i);

      if (user_active (u))
        update_participant (self, u, t, cs_participant_get_is_local (u->participant)
                                        ? self->tracks : peer_tracks (by_peer, u->uid, empty));
    }

  /* 4. exceptions */
  n_events = self->events->len;
  detect (self, t, by_peer, empty);
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

      if (user_active (u))
        g_signal_emit (self, signals[SIGNAL_NETWORK_QUALITY], 0, u->uid,
                       u->quality.uplinkNetworkQuality, u->quality.downlinkNetworkQuality);
    }
  g_ptr_array_unref (pr.joined);
  g_ptr_array_unref (pr.left);
  g_signal_emit (self, signals[SIGNAL_COMMITTED], 0, t);
}

/* ------------------------------------------------------------------ lookups and the Agora surface */

/**
 * cs_stats_model_lookup:
 * Returns: (transfer none) (nullable): the participant with @uid
 */
CsParticipant *
cs_stats_model_lookup (CsStatsModel *self,
                       const char   *uid)
{
  User *u;

  g_return_val_if_fail (CS_IS_STATS_MODEL (self), NULL);

  u = user_lookup (self, uid);
  return u != NULL ? u->participant : NULL;
}

static gboolean
joined (CsStatsModel *self)
{
  return self->state == CS_CALL_STATE_JOINED;
}

gboolean
cs_stats_model_get_network_quality (CsStatsModel     *self,
                                    CsNetworkQuality *out)
{
  User *u;

  g_return_val_if_fail (CS_IS_STATS_MODEL (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  u = user_lookup (self, self->local_uid);
  if (!joined (self) || u == NULL || !self->committed_once)
    return FALSE;
  *out = u->quality;
  return TRUE;
}

gboolean
cs_stats_model_get_remote_network_quality_for (CsStatsModel     *self,
                                               const char       *uid,
                                               CsNetworkQuality *out)
{
  User *u;

  g_return_val_if_fail (CS_IS_STATS_MODEL (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  u = user_lookup (self, uid);
  if (!joined (self) || !user_active (u) || g_strcmp0 (uid, self->local_uid) == 0 || !self->committed_once)
    return FALSE;
  *out = u->quality;
  return TRUE;
}

/**
 * cs_stats_model_get_remote_network_quality:
 * Returns: (transfer full): uid -> CsNetworkQuality* of every present remote user; empty when not joined
 */
GHashTable *
cs_stats_model_get_remote_network_quality (CsStatsModel *self)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_return_val_if_fail (CS_IS_STATS_MODEL (self), table);

  for (guint i = 0; joined (self) && i < self->users->len; i++)
    {
      User *u = g_ptr_array_index (self->users, i);
      CsNetworkQuality q;

      if (cs_stats_model_get_remote_network_quality_for (self, u->uid, &q))
        g_hash_table_insert (table, g_strdup (u->uid), g_memdup2 (&q, sizeof q));
    }
  return table;
}

gboolean
cs_stats_model_get_rtc_stats (CsStatsModel *self,
                              CsRtcStats   *out)
{
  double rtt_sum = 0, bw = 0;
  guint rtt_n = 0, bw_n = 0;
  const char *bw_peer = NULL;
  double bw_peer_max = -1;

  g_return_val_if_fail (CS_IS_STATS_MODEL (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  if (!joined (self))
    return FALSE;

  out->Duration = cs_stats_model_get_duration (self);
  out->RTT = CS_UNKNOWN;
  out->OutgoingAvailableBandwidth = CS_UNKNOWN;
  for (guint i = 0; i < self->tracks->len; i++)
    {
      Track *tr = g_ptr_array_index (self->tracks, i);
      User *peer = user_lookup (self, tr->peer);

      if (g_strcmp0 (tr->observer, self->local_uid) != 0 || (peer != NULL && !user_active (peer)))
        continue;
      if (tr->dir == CS_SAMPLE_DIRECTION_INBOUND)
        {
          out->RecvBitrate += tr->bitrate;
          out->RecvBytes += tr->tot_bytes;
        }
      else
        {
          out->SendBitrate += tr->bitrate;
          out->SendBytes += tr->tot_bytes;
          if (tr->last->rtt_ms >= 0)
            {
              rtt_sum += tr->last->rtt_ms;
              rtt_n++;
            }
          /* one estimate per peer connection (tracks are sorted by observer, peer) */
          if (bw_peer == NULL || g_strcmp0 (bw_peer, tr->peer) != 0)
            {
              if (bw_peer_max >= 0)
                {
                  bw += bw_peer_max;
                  bw_n++;
                }
              bw_peer = tr->peer;
              bw_peer_max = -1;
            }
          bw_peer_max = MAX (bw_peer_max, tr->last->available_outgoing_bitrate);
        }
    }
  if (bw_peer_max >= 0)
    {
      bw += bw_peer_max;
      bw_n++;
    }
  if (rtt_n > 0)
    out->RTT = rtt_sum / rtt_n;
  if (bw_n > 0)
    out->OutgoingAvailableBandwidth = bw / 1000;
  for (guint i = 0; i < self->users->len; i++)
    if (user_active (g_ptr_array_index (self->users, i)))
      out->UserCount++;
  return TRUE;
}

gboolean
cs_stats_model_get_local_audio_stats (CsStatsModel           *self,
                                      CsLocalAudioTrackStats *out)
{
  LocalAgg a;

  g_return_val_if_fail (CS_IS_STATS_MODEL (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  if (!joined (self))
    return FALSE;
  local_aggregate (self, CS_SAMPLE_KIND_AUDIO, &a);
  if (a.n == 0)
    return FALSE;
  codec_copy (out->codecType, a.first->last);
  out->sendVolumeLevel = a.level;
  out->sendBitrate = a.bitrate;
  out->sendBytes = a.bytes;
  out->sendPackets = a.packets;
  out->sendPacketsLost = a.lost;
  out->sendJitterMs = a.jitter_n > 0 ? a.jitter_sum / a.jitter_n : CS_UNKNOWN;
  out->sendRttMs = a.rtt_n > 0 ? a.rtt_sum / a.rtt_n : CS_UNKNOWN;
  out->currentPacketLossRate = a.loss_sum / a.n;
  return TRUE;
}

gboolean
cs_stats_model_get_local_video_stats (CsStatsModel           *self,
                                      CsLocalVideoTrackStats *out)
{
  LocalAgg a;
  const CsStatsSample *s;

  g_return_val_if_fail (CS_IS_STATS_MODEL (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  if (!joined (self))
    return FALSE;
  local_aggregate (self, CS_SAMPLE_KIND_VIDEO, &a);
  if (a.n == 0)
    return FALSE;
  s = a.first->last;
  codec_copy (out->codecType, s);
  out->sendBytes = a.bytes;
  out->sendFrameRate = a.send_fps;
  out->captureFrameRate = a.capture_fps;
  out->sendPackets = a.packets;
  out->sendPacketsLost = a.lost;
  out->sendJitterMs = a.jitter_n > 0 ? a.jitter_sum / a.jitter_n : CS_UNKNOWN;
  out->sendRttMs = a.rtt_n > 0 ? a.rtt_sum / a.rtt_n : CS_UNKNOWN;
  out->sendResolutionWidth = s->width;
  out->sendResolutionHeight = s->height;
  out->captureResolutionWidth = s->capture_width;
  out->captureResolutionHeight = s->capture_height;
  out->encodeDelay = s->encode_delay_ms;
  out->sendBitrate = a.bitrate;
  out->targetSendBitrate = a.target;
  out->totalDuration = a.duration;
  out->totalFreezeTime = 0;
  out->currentPacketLossRate = a.loss_sum / a.n;
  return TRUE;
}

static Track *
remote_track (CsStatsModel *self,
              const char   *uid,
              CsSampleKind  kind)
{
  Track *tr;

  if (!joined (self) || uid == NULL || g_strcmp0 (uid, self->local_uid) == 0 || !user_active (user_lookup (self, uid)))
    return NULL;
  tr = track_get (self, self->local_uid, uid, kind, CS_SAMPLE_DIRECTION_INBOUND);
  return tr != NULL && tr->last != NULL ? tr : NULL;
}

gboolean
cs_stats_model_get_remote_audio_stats_for (CsStatsModel            *self,
                                           const char              *uid,
                                           CsRemoteAudioTrackStats *out)
{
  Track *tr;

  g_return_val_if_fail (CS_IS_STATS_MODEL (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  tr = remote_track (self, uid, CS_SAMPLE_KIND_AUDIO);
  if (tr == NULL)
    return FALSE;
  fill_remote_audio (self, tr, out);
  return TRUE;
}

gboolean
cs_stats_model_get_remote_video_stats_for (CsStatsModel            *self,
                                           const char              *uid,
                                           CsRemoteVideoTrackStats *out)
{
  Track *tr;

  g_return_val_if_fail (CS_IS_STATS_MODEL (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  tr = remote_track (self, uid, CS_SAMPLE_KIND_VIDEO);
  if (tr == NULL)
    return FALSE;
  fill_remote_video (self, tr, out);
  return TRUE;
}

/**
 * cs_stats_model_get_remote_audio_stats:
 * Returns: (transfer full): uid -> CsRemoteAudioTrackStats*; empty when not joined
 */
GHashTable *
cs_stats_model_get_remote_audio_stats (CsStatsModel *self)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_return_val_if_fail (CS_IS_STATS_MODEL (self), table);

  for (guint i = 0; joined (self) && i < self->users->len; i++)
    {
      User *u = g_ptr_array_index (self->users, i);
      CsRemoteAudioTrackStats st;

      if (cs_stats_model_get_remote_audio_stats_for (self, u->uid, &st))
        g_hash_table_insert (table, g_strdup (u->uid), g_memdup2 (&st, sizeof st));
    }
  return table;
}

/**
 * cs_stats_model_get_remote_video_stats:
 * Returns: (transfer full): uid -> CsRemoteVideoTrackStats*; empty when not joined
 */
GHashTable *
cs_stats_model_get_remote_video_stats (CsStatsModel *self)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_return_val_if_fail (CS_IS_STATS_MODEL (self), table);

  for (guint i = 0; joined (self) && i < self->users->len; i++)
    {
      User *u = g_ptr_array_index (self->users, i);
      CsRemoteVideoTrackStats st;

      if (cs_stats_model_get_remote_video_stats_for (self, u->uid, &st))
        g_hash_table_insert (table, g_strdup (u->uid), g_memdup2 (&st, sizeof st));
    }
  return table;
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
