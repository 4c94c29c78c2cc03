/* cs-scenario-maker.c — a lab scenario made from any call (see the header)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include "cs-call-file.h"
#include "cs-scenario-maker.h"
#include "cs-stats-model.h"

/* The call's last seconds are left out: the hang-up */
#define END_TRIM_S 3.0

/* What the lab sets per direction */
enum { K_LOSS, K_DELAY, K_JITTER, N_KEYS };
static const char *const key_names[N_KEYS] = { "loss", "delay", "jitter" };
/* rounding steps: 1 %, 5 ms, 5 ms */
static const double key_step[N_KEYS] = { 1, 5, 5 };

typedef struct
{
  double t;
  double v[2][N_KEYS];      /* by CsLink: measured, the lab's floor off, not rounded */
  double no_media_s[2];
  gboolean outage[2];       /* no media on the link for a second or more */
} Second;

typedef struct
{
  char   *uid;
  char   *name;
  GArray *seconds;        /* Second */
} User;

typedef struct
{
  CsStatsModel *model;
  GPtrArray    *users;    /* User*, remote users in order of appearance */
  guint         window;   /* the model's loss window: its midpoint lags by half of it */
  double        media_t;  /* the first second with media; NAN before */
} Maker;

/* One change of one setting */
typedef struct
{
  double at;
  guint  link, key;
  double value;
} Change;

static void
user_free (gpointer data)
{
  User *u = data;

  g_free (u->uid);
  g_free (u->name);
  g_array_unref (u->seconds);
  g_free (u);
}

static User *
user_for (Maker *maker, CsParticipant *p)
{
  const char *uid = cs_participant_get_uid (p);
  User *u;

  for (guint i = 0; i < maker->users->len; i++)
    if (g_str_equal (((User *) g_ptr_array_index (maker->users, i))->uid, uid))
      return g_ptr_array_index (maker->users, i);
  if (maker->users->len >= CS_SCENARIO_MAKER_MAX_USERS)
    return NULL;
  u = g_new0 (User, 1);
  u->uid = g_strdup (uid);
  u->name = g_strdup (cs_participant_get_display_name (p));
  u->seconds = g_array_new (FALSE, TRUE, sizeof (Second));
  g_ptr_array_add (maker->users, u);
  return u;
}

/* A level as a lab setting: rounded to the key's step, within the lab's range */
static double
setting (guint key, double level)
{
  double v = round (MAX (level, 0) / key_step[key]) * key_step[key];

  return key == K_LOSS ? MIN (v, 100) : MIN (v, 60000);
}

static void
on_committed (CsStatsModel *model, double t, Maker *maker)
{
  /* the media began within the second before the first commit that counted it */
  if (isnan (maker->media_t) && cs_stats_model_get_has_media (model))
    maker->media_t = t - 0.5;
}

static void
on_network_quality (CsStatsModel *model, const char *uid, guint up, guint down, Maker *maker)
{
  CsParticipant *p = cs_stats_model_lookup (model, uid);
  Second s = { cs_stats_model_get_duration (model) };
  guint intervals = 0;
  User *u;

  if (p == NULL || cs_participant_get_is_local (p) || (u = user_for (maker, p)) == NULL)
    return;
  for (guint l = 0; l < 2; l++)
    {
      CsLinkMetrics m;

      cs_stats_model_get_link_metrics (model, uid, l, &m);
      intervals = MAX (intervals, m.intervals);
      s.no_media_s[l] = m.no_media_s;
      /* no media on the link: everything lost (only once media has flowed) */
      s.outage[l] = m.no_media_s >= 1 && !isnan (maker->media_t) && s.t - m.no_media_s >= maker->media_t - 1;
      s.v[l][K_LOSS] = MAX (m.loss_pct, 0);
      s.v[l][K_DELAY] = m.delay_ms >= 0 ? MAX (m.delay_ms - CS_SCENARIO_MAKER_FLOOR_DELAY_MS, 0) : 0;
      /* the lab's jitter is a uniform ±j delay without reordering: RFC 3550 jitter then reads
       * about j/2 (measured: 10 ms for the wifi-lossy preset's ±20 ms) */
      s.v[l][K_JITTER] = m.jitter_ms >= 0 ? MAX ((m.jitter_ms - CS_SCENARIO_MAKER_FLOOR_JITTER_MS) * 2, 0) : 0;
    }
  /* seconds before the model has measured anything say nothing about the network */
  if (intervals == 0)
    return;
  g_array_append_val (u->seconds, s);
}

/* ------------------------------------------------------------------ levels and their changes */

/* What counts as the same level: within max (absolute, relative × level) of it */
static const double key_tol_abs[N_KEYS] = { 1.0, 10, 5 };
static const double key_tol_rel[N_KEYS] = { 0.25, 0.15, 0.25 };
/* How far behind the network each measured value is (s): the loss is a mean over the
 * model's window (its midpoint lags by half of it); the delay and the jitter are the last
 * second's */
#define POINT_LAG_S 0.5
/* A level's median is taken over its first seconds only (a long call stays linear) */
#define LEVEL_GROW 8

static double
tolerance (guint key, double level)
{
  return MAX (key_tol_abs[key], key_tol_rel[key] * fabs (level));
}

typedef struct
{
  guint  first, last;    /* the seconds of the level (indices) */
  double value;
  double at;             /* when the network changed to it, on the original's clock */
  gboolean outage;
} Level;

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median_of (const Second *seconds, guint first, guint last, guint l, guint k)
{
  g_autofree double *v = g_new (double, last - first + 1);
  guint n = 0;

  for (guint i = first; i <= last; i++)
    v[n++] = seconds[i].v[l][k];
  qsort (v, n, sizeof *v, compare_doubles);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The settled levels of one value: runs of at least CS_SCENARIO_MAKER_MIN_HOLD_S + 1 seconds
 * within the tolerance of their median, neighbours within each other's tolerance merged; the
 * seconds between two levels are the change (a ramp, for the windowed loss). An outage
 * (no media) is a level of its own, 100 % loss, timed from the model's time without media. */
static GArray *
find_levels (const Second *s, guint n, guint l, guint k)
{
  GArray *levels = g_array_new (FALSE, TRUE, sizeof (Level));
  guint i = 0;

  while (i < n)
    {
      Level lv = { i, i, 0, 0, FALSE };

      if (s[i].outage[l])
        {
          /* the delay and jitter of an outage are stale: only the loss has a level */
          while (lv.last + 1 < n && s[lv.last + 1].outage[l])
            lv.last++;
          if (k == K_LOSS)
            {
              lv.value = 100;
              lv.outage = TRUE;
              g_array_append_val (levels, lv);
            }
          i = lv.last + 1;
          continue;
        }
      /* the longest run from i within tolerance of its median; past its first LEVEL_GROW
       * seconds the median is settled, and each further second is checked against it */
      lv.value = s[i].v[l][k];
      for (guint j = i + 1; j < n && !s[j].outage[l]; j++)
        {
          gboolean within = TRUE;

          if (j - i < LEVEL_GROW)
            {
              double m = median_of (s, i, j, l, k);

              for (guint q = i; q <= j && within; q++)
                within = fabs (s[q].v[l][k] - m) <= tolerance (k, m);
              if (within)
                lv.value = m;
            }
          else
            within = fabs (s[j].v[l][k] - lv.value) <= tolerance (k, lv.value);
          if (!within)
            break;
          lv.last = j;
        }
      if (lv.last - i >= LEVEL_GROW)
        lv.value = median_of (s, i, lv.last, l, k);
      if (s[lv.last].t - s[i].t < CS_SCENARIO_MAKER_MIN_HOLD_S)
        {
          i++;  /* a second of change, not a level */
          continue;
        }
      if (levels->len > 0)
        {
          Level *prev = &g_array_index (levels, Level, levels->len - 1);

          if (!prev->outage && fabs (prev->value - lv.value) <= tolerance (k, MAX (prev->value, lv.value)))
            {
              guint n_prev = prev->last - prev->first + 1, n_lv = lv.last - lv.first + 1;

              prev->value = (prev->value * n_prev + lv.value * n_lv) / (n_prev + n_lv);
              prev->last = lv.last;
              i = lv.last + 1;
              continue;
            }
        }
      g_array_append_val (levels, lv);
      i = lv.last + 1;
    }
  return levels;
}

/* When the network went from level @a to level @b: where the measured value crossed the
 * midway value between the two, less the measurement's lag; an outage from the model's
 * time without media */
static double
change_time (const Second *s, const Level *a, const Level *b, guint l, guint k, double lag)
{
  double mid = (a->value + b->value) / 2;

  /* the last second that counted media ended within the second the outage began in */
  if (b->outage)
    return s[b->first].t - s[b->first].no_media_s[l] - POINT_LAG_S;
  if (a->outage)
    return s[b->first > a->last + 1 ? a->last + 1 : b->first].t - POINT_LAG_S;
  for (guint i = a->last; i < b->first; i++)
    {
      double x0 = s[i].v[l][k], x1 = s[i + 1].v[l][k];

      if ((x0 - mid) * (x1 - mid) <= 0 && x0 != x1)
        return s[i].t + (mid - x0) / (x1 - x0) * (s[i + 1].t - s[i].t) - lag;
    }
  return (s[a->last].t + s[b->first].t) / 2 - lag;
}

static int
compare_changes (gconstpointer a, gconstpointer b)
{
  const Change *x = a, *y = b;

  return (x->at > y->at) - (x->at < y->at);
}

/* The steps of one user: each setting's levels, a step where its rounded value changes */
static void
add_steps (Maker *maker, User *u, guint rank, JsonBuilder *steps, guint *n_steps)
{
  const Second *s = (const Second *) (gpointer) u->seconds->data;
  guint n = u->seconds->len;
  double origin = isnan (maker->media_t) ? 0 : maker->media_t;
  g_autoptr (GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));
  g_autofree char *lab_uid = g_strdup_printf ("user-%u", rank);

  for (guint l = 0; l < 2 && n > 0; l++)
    for (guint k = 0; k < N_KEYS; k++)
      {
        g_autoptr (GArray) levels = find_levels (s, n, l, k);
        double lag = k == K_LOSS ? maker->window / 2.0 : POINT_LAG_S;
        double current = 0;

        for (guint i = 0; i < levels->len; i++)
          {
            const Level *lv = &g_array_index (levels, Level, i);
            Change c = { 0, l, k, setting (k, lv->value) };

            if (c.value == current)
              continue;
            /* the first level held from the start of the call, as the original network did */
            if (i > 0)
              c.at = change_time (s, &g_array_index (levels, Level, i - 1), lv, l, k, lag) - origin;
            c.at = round (MAX (c.at, 0) * 10) / 10;
            g_array_append_val (changes, c);
            current = c.value;
          }
      }
  g_array_sort (changes, compare_changes);

  for (guint i = 0; i < changes->len;)
    {
      const Change *first = &g_array_index (changes, Change, i);

      json_builder_begin_object (steps);
      json_builder_set_member_name (steps, "at");
      json_builder_add_double_value (steps, first->at);
      json_builder_set_member_name (steps, "user");
      json_builder_add_string_value (steps, lab_uid);
      json_builder_set_member_name (steps, "set");
      json_builder_begin_object (steps);
      for (; i < changes->len && g_array_index (changes, Change, i).at == first->at; i++)
        {
          const Change *c = &g_array_index (changes, Change, i);
          g_autofree char *key = g_strdup_printf ("%s.%s", c->link == CS_LINK_UPLINK ? "up" : "down", key_names[c->key]);

          json_builder_set_member_name (steps, key);
          json_builder_add_double_value (steps, c->value);
        }
      json_builder_end_object (steps);
      json_builder_end_object (steps);
      (*n_steps)++;
    }
}

char *
cs_scenario_make (GFile *call, guint *n_users, GError **error)
{
  g_autoptr (CsRecordingReader) reader = cs_call_file_read (call, NULL, NULL, NULL, NULL, error);
  g_autoptr (JsonBuilder) b = NULL;
  g_autoptr (JsonGenerator) generator = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GString) description = NULL;
  g_autofree char *file_name = g_file_get_basename (call);
  CsThresholds th;
  guint n_steps = 0;
  Maker maker = { 0 };

  if (reader == NULL)
    return NULL;
  maker.model = cs_stats_model_new ();
  maker.users = g_ptr_array_new_with_free_func (user_free);
  maker.media_t = NAN;
  g_signal_connect (maker.model, "network-quality", G_CALLBACK (on_network_quality), &maker);
  g_signal_connect (maker.model, "committed", G_CALLBACK (on_committed), &maker);
  cs_recording_reader_replay (reader, maker.model);
  cs_stats_model_get_thresholds (maker.model, &th);
  maker.window = th.window;

  description = g_string_new (NULL);
  /* Translators: the description of a scenario made from a call */
  g_string_append_printf (description, _("Made by Callscope from %s:"), file_name);
  for (guint i = 0; i < maker.users->len; i++)
    {
      User *u = g_ptr_array_index (maker.users, i);

      g_string_append_printf (description, " user-%u = %s%s%s%s", i + 1, u->uid,
                              g_strcmp0 (u->name, u->uid) != 0 && u->name != NULL ? " (" : "",
                              g_strcmp0 (u->name, u->uid) != 0 && u->name != NULL ? u->name : "",
                              g_strcmp0 (u->name, u->uid) != 0 && u->name != NULL ? ")" : "");
      g_string_append_c (description, i + 1 < maker.users->len ? ',' : '.');
    }

  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, file_name);
  json_builder_set_member_name (b, "description");
  json_builder_add_string_value (b, description->str);
  json_builder_set_member_name (b, "clock");
  json_builder_add_string_value (b, "media");
  json_builder_set_member_name (b, "users");
  json_builder_add_int_value (b, MAX (maker.users->len, 1));
  json_builder_set_member_name (b, "duration");
  /* on the media clock: the original's length from its first media */
  json_builder_add_double_value (b, ceil (cs_stats_model_get_duration (maker.model) -
                                          (isnan (maker.media_t) ? 0 : maker.media_t)));
  json_builder_set_member_name (b, "names");
  json_builder_begin_array (b);
  for (guint i = 0; i < maker.users->len; i++)
    {
      User *u = g_ptr_array_index (maker.users, i);

      json_builder_add_string_value (b, u->name != NULL && *u->name != '\0' ? u->name : u->uid);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "steps");
  json_builder_begin_array (b);
  for (guint i = 0; i < maker.users->len; i++)
    {
      User *u = g_ptr_array_index (maker.users, i);
      double end = cs_stats_model_get_duration (maker.model) - END_TRIM_S;

      /* the last seconds are the hang-up (streams stopping, jitter of the last packets), not the network */
      while (u->seconds->len > 0 && g_array_index (u->seconds, Second, u->seconds->len - 1).t > end)
        g_array_set_size (u->seconds, u->seconds->len - 1);
      add_steps (&maker, g_ptr_array_index (maker.users, i), i + 1, b, &n_steps);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  g_signal_handlers_disconnect_by_data (maker.model, &maker);
  g_object_unref (maker.model);
  if (n_users != NULL)
    *n_users = MAX (maker.users->len, 1);
  g_ptr_array_unref (maker.users);

  root = json_builder_get_root (b);
  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}
