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
  double v[2][N_KEYS];    /* by CsLink */
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
  guint         window;   /* the model's hysteresis window: its loss lags by half of it */
  double        media_t;  /* the first second with media received; NAN before */
} Maker;

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

/* A measured value as a lab setting: the floor off, rounded to the key's step, never negative */
static double
setting (guint key, double measured, double floor_value)
{
  double v;

  if (!(measured >= 0))
    return 0;
  v = MAX (measured - floor_value, 0);
  v = round (v / key_step[key]) * key_step[key];
  return key == K_LOSS ? MIN (v, 100) : MIN (v, 60000);
}

static void
on_committed (CsStatsModel *model, double t, Maker *maker)
{
  CsRtcStats rtc;

  if (isnan (maker->media_t) && cs_stats_model_get_rtc_stats (model, &rtc) && rtc.RecvBytes > 0)
    maker->media_t = t;
}

static void
on_network_quality (CsStatsModel *model, const char *uid, guint up, guint down, Maker *maker)
{
  CsParticipant *p = cs_stats_model_lookup (model, uid);
  Second s = { cs_stats_model_get_duration (model) };
  User *u;

  if (p == NULL || cs_participant_get_is_local (p) || (u = user_for (maker, p)) == NULL)
    return;
  for (guint l = 0; l < 2; l++)
    {
      CsLinkMetrics m;

      cs_stats_model_get_link_metrics (model, uid, l, &m);
      /* no media on the link: everything lost */
      if (m.no_media_s >= 1)
        {
          s.v[l][K_LOSS] = 100;
          continue;
        }
      s.v[l][K_LOSS] = setting (K_LOSS, m.loss_pct, 0);
      s.v[l][K_DELAY] = setting (K_DELAY, m.delay_ms, CS_SCENARIO_MAKER_FLOOR_DELAY_MS);
      /* the lab's jitter is a uniform ±j delay without reordering: RFC 3550 jitter then reads
       * about j/2 (measured: 10 ms for the wifi-lossy preset's ±20 ms) */
      s.v[l][K_JITTER] = setting (K_JITTER, m.jitter_ms * 2, CS_SCENARIO_MAKER_FLOOR_JITTER_MS * 2);
    }
  g_array_append_val (u->seconds, s);
}

/* The model needs a window of intervals before it reports a link: a value first seen within
 * that start-up held from the call's start, as the original network was */
static void
backfill_start (Maker *maker, User *u)
{
  guint end = 0;

  /* the last second of the start-up: its values are settled, the first ones may be transients */
  while (end + 1 < u->seconds->len && g_array_index (u->seconds, Second, end + 1).t <= maker->window + 2)
    end++;
  for (guint l = 0; l < 2 && end < u->seconds->len; l++)
    for (guint k = 0; k < N_KEYS; k++)
      {
        double v = g_array_index (u->seconds, Second, end).v[l][k];

        if (v > 0)
          for (guint j = 0; j < end; j++)
            g_array_index (u->seconds, Second, j).v[l][k] = v;
      }
}

/* The steps of one user: a value changes when the new one has held CS_SCENARIO_MAKER_MIN_HOLD_S */
static void
add_steps (Maker *maker, User *u, guint rank, JsonBuilder *steps, guint *n_steps)
{
  double current[2][N_KEYS] = { { 0 } };
  /* the model's loss is a mean over its window: the lab acts that much earlier; and the
   * scenario's clock starts with the media ("clock": "media") */
  double lag = maker->window / 2 + (isnan (maker->media_t) ? 0 : maker->media_t);
  g_autofree char *lab_uid = g_strdup_printf ("user-%u", rank);

  for (guint i = 0; i < u->seconds->len; i++)
    {
      const Second *s = &g_array_index (u->seconds, Second, i);
      gboolean any = FALSE;
      g_autoptr (JsonBuilder) set = json_builder_new ();

      json_builder_begin_object (set);
      for (guint l = 0; l < 2; l++)
        for (guint k = 0; k < N_KEYS; k++)
          {
            gboolean held = TRUE;

            /* a delay or jitter that moves by one step only is noise around a rounding edge */
            if (s->v[l][k] == current[l][k] ||
                (k != K_LOSS && s->v[l][k] > 0 && fabs (s->v[l][k] - current[l][k]) <= key_step[k]))
              continue;
            /* held: the next seconds (within the hold) keep the new value */
            for (guint j = i + 1; j < u->seconds->len; j++)
              {
                const Second *n = &g_array_index (u->seconds, Second, j);

                if (n->t - s->t >= CS_SCENARIO_MAKER_MIN_HOLD_S)
                  break;
                if (n->v[l][k] != s->v[l][k])
                  held = FALSE;
              }
            if (!held)
              continue;
            {
              g_autofree char *key = g_strdup_printf ("%s.%s", l == CS_LINK_UPLINK ? "up" : "down", key_names[k]);

              json_builder_set_member_name (set, key);
              json_builder_add_double_value (set, s->v[l][k]);
            }
            current[l][k] = s->v[l][k];
            any = TRUE;
          }
      json_builder_end_object (set);
      if (!any)
        continue;
      json_builder_begin_object (steps);
      json_builder_set_member_name (steps, "at");
      json_builder_add_double_value (steps, round (MAX (s->t - lag, 0) * 10) / 10);
      json_builder_set_member_name (steps, "user");
      json_builder_add_string_value (steps, lab_uid);
      json_builder_set_member_name (steps, "set");
      json_builder_add_value (steps, json_builder_get_root (set));
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
  json_builder_add_double_value (b, ceil (cs_stats_model_get_duration (maker.model)));
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
      backfill_start (&maker, u);
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
