/* cs-internals-stats.c — the "stats" of a webrtc-internals peer connection, read into a CsDump
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each stats member is one series "<statsId>-<property>" whose values are a JSON string
 * holding an array. The members are first grouped by stats object, so that the object's type
 * is known before its series are kept or skipped, and its times before its values are placed:
 *  - Chrome 117 on: the "<id>-timestamp" series gives the times; a shorter series is placed
 *    by its startTime/endTime, else from the end (as rtcstats does);
 *  - before: point i of a series is at its startTime + i s, the object's points being the
 *    union of its series' times.
 * The values string of a property nobody reads is never parsed (most of the cost).
 */
#include "config.h"

#include "cs-internals-stats.h"

#include <math.h>
#include <string.h>

#include "cs-internals-time.h"
#include "cs-json-check.h"

#define CHROME_MAX_POINTS  1000  /* Chrome keeps this many points per series */
#define ALIGN_SLACK_MS     500.0

typedef struct
{
  const char *name;   /* the end of the member's key */
  JsonObject *series; /* borrowed */
  JsonNode   *values; /* the parsed array, while the object is read */
} Prop;

typedef struct
{
  char       *id;
  const char *stats_type;  /* the first statsType of its members */
  JsonObject *timestamp;
  JsonObject *type_series;
  GArray     *props;       /* Prop */
} Group;

static void
group_free (gpointer data)
{
  Group *group = data;

  for (guint i = 0; i < group->props->len; i++)
    g_clear_pointer (&g_array_index (group->props, Prop, i).values, json_node_unref);
  g_array_unref (group->props);
  g_free (group->id);
  g_free (group);
}

const char *
cs_internals_valid_text (const char *str, char **tmp)
{
  if (str == NULL || g_utf8_validate (str, -1, NULL))
    return str;
  *tmp = g_utf8_make_valid (str, -1);
  return *tmp;
}

const char *
cs_internals_member_string (JsonObject *object, const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

double
cs_internals_node_number (JsonNode *node)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NAN;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    return (double) json_node_get_int (node);
  if (type == G_TYPE_DOUBLE)
    return json_node_get_double (node);
  return NAN;
}

/* The array of @series' values (a JSON string to parse again), or NULL. */
static JsonNode *
parse_values (CsInternalsStatsReader *reader, JsonObject *series)
{
  JsonNode *node = json_object_get_member (series, "values");
  g_autofree char *repaired = NULL;
  JsonNode *root;
  const char *text;
  gsize len;

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))  /* a dump rewritten by some tool */
    return json_node_ref (node);
  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      reader->broken_values = TRUE;
      return NULL;
    }
  text = json_node_get_string (node);
  len = strlen (text);
  if (!cs_json_check (text, len, CS_JSON_MAX_DEPTH, 1, CS_JSON_CHECK_SINGLE_VALUE, CS_ERROR_INVALID_DUMP, NULL) ||
      !json_parser_load_from_data (reader->values_parser,
                                   (repaired = cs_json_repair_surrogates (text, len)) != NULL ? repaired : text, len, NULL))
    {
      reader->broken_values = TRUE;
      return NULL;
    }
  root = json_parser_steal_root (reader->values_parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_clear_pointer (&root, json_node_unref);
      reader->broken_values = TRUE;
      return NULL;
    }
  return root;
}

/* The number of values of @values (an array node) that are read. */
static guint
n_values (CsInternalsStatsReader *reader, JsonNode *values)
{
  guint n = json_array_get_length (json_node_get_array (values));

  if (n == CHROME_MAX_POINTS)
    reader->dump->capped = TRUE;
  if (n > CS_DUMP_MAX_POINTS)
    {
      reader->points_cut = TRUE;
      n = CS_DUMP_MAX_POINTS;
    }
  return n;
}

/* The last value of @series when it is a string (a "-type" series), or NULL. */
static char *
last_string (CsInternalsStatsReader *reader, JsonObject *series)
{
  g_autoptr (JsonNode) values = parse_values (reader, series);
  JsonArray *array;
  guint n;

  if (values == NULL)
    return NULL;
  array = json_node_get_array (values);
  n = json_array_get_length (array);
  if (n == 0 || json_node_get_value_type (json_array_get_element (array, n - 1)) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_array_get_string_element (array, n - 1));
}

/* Splits a stats key: the property is from the last '[' (a computed one,
 * "[bytesReceived_in_bits/s]"), else after the last '-'; the id stands before, without
 * the '-' between. FALSE when the key has no id or no property. */
static gboolean
split_key (const char *key, char **id, const char **property)
{
  const char *bracket = strrchr (key, '[');
  const char *end;

  if (bracket != NULL)
    {
      *property = bracket;
      end = bracket;
      if (end > key && end[-1] == '-')
        end--;
    }
  else
    {
      const char *dash = strrchr (key, '-');

      if (dash == NULL)
        return FALSE;
      *property = dash + 1;
      end = dash;
    }
  if (end == key || **property == '\0')
    return FALSE;
  *id = g_strndup (key, end - key);
  return TRUE;
}

static void
set_value (CsInternalsStatsReader *reader, CsDumpObject *object, guint point, const char *name, JsonNode *node)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return;  /* null, objects (qualityLimitationDurations), arrays */
  type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    {
      g_autofree char *tmp = NULL;

      cs_dump_object_set_string (reader->dump, object, point, name, cs_internals_valid_text (json_node_get_string (node), &tmp));
    }
  else if (type == G_TYPE_BOOLEAN)
    cs_dump_object_set_number (reader->dump, object, point, name, json_node_get_boolean (node) ? 1 : 0);
  else
    cs_dump_object_set_number (reader->dump, object, point, name, cs_internals_node_number (node));
}

/* Where the @m values of a series go among @n timestamps: the index of its first value's
 * point (negative: its first values have no point). */
static int
align_series (const double *times, guint n, guint m, JsonObject *series)
{
  double start, end;

  if (m >= n)
    return (int) n - (int) m;
  start = cs_internals_parse_iso_time (cs_internals_member_string (series, "startTime"));
  end = cs_internals_parse_iso_time (cs_internals_member_string (series, "endTime"));
  if (!isnan (start) && !isnan (end))
    for (guint j = 0; j + m <= n; j++)
      {
        if (times[j] < start - ALIGN_SLACK_MS)
          continue;
        if (times[j] <= start + ALIGN_SLACK_MS && fabs (times[j + m - 1] - end) <= ALIGN_SLACK_MS)
          return (int) j;
        break;
      }
  return (int) (n - m);
}

static int
compare_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

/* Chrome 117 on: the object's points are its timestamps. FALSE when they cannot be read. */
static gboolean
place_by_timestamps (CsInternalsStatsReader *reader, CsDumpObject *object, Group *group)
{
  g_autoptr (JsonNode) stamps = parse_values (reader, group->timestamp);
  g_autoptr (GArray) times = NULL;
  JsonArray *array;
  guint n;

  if (stamps == NULL)
    return FALSE;
  array = json_node_get_array (stamps);
  n = n_values (reader, stamps);
  times = g_array_sized_new (FALSE, FALSE, sizeof (double), n);
  for (guint i = 0; i < n; i++)
    {
      double t = cs_internals_node_number (json_array_get_element (array, i));

      if (!isfinite (t))
        return FALSE;
      if (i > 0 && t < g_array_index (times, double, i - 1))  /* the times never go back */
        t = g_array_index (times, double, i - 1);
      g_array_append_val (times, t);
    }
  for (guint i = 0; i < n; i++)
    if (cs_dump_object_add_point (object, g_array_index (times, double, i)) < 0)
      {
        reader->points_cut = TRUE;
        n = i;
        break;
      }

  for (guint p = 0; p < group->props->len; p++)
    {
      Prop *prop = &g_array_index (group->props, Prop, p);
      JsonArray *values;
      guint m;
      int first;

      if (prop->values == NULL)
        continue;
      values = json_node_get_array (prop->values);
      m = n_values (reader, prop->values);
      first = align_series ((const double *) (void *) times->data, n, m, prop->series);
      for (guint i = 0; i < m; i++)
        if (first + (int) i >= 0 && first + (int) i < (int) n)
          set_value (reader, object, first + i, prop->name, json_array_get_element (values, i));
    }
  return TRUE;
}

/* Whether a series before the @p-th of @group has @m values from @start. */
static gboolean
same_window (Group *group, GArray *starts, guint p, double start, guint m)
{
  for (guint q = 0; q < p; q++)
    {
      Prop *prop = &g_array_index (group->props, Prop, q);

      if (g_array_index (starts, double, q) == start &&
          json_array_get_length (json_node_get_array (prop->values)) == m)
        return TRUE;
    }
  return FALSE;
}

/* Before Chrome 117: point i of a series at its startTime + i s. */
static void
place_by_start_times (CsInternalsStatsReader *reader, CsDumpObject *object, Group *group)
{
  g_autoptr (GArray) all = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) starts = g_array_new (FALSE, FALSE, sizeof (double));
  guint n = 0;

  for (guint p = 0; p < group->props->len; p++)
    {
      Prop *prop = &g_array_index (group->props, Prop, p);
      double start = NAN;
      guint m;

      if (prop->values != NULL)
        {
          start = round (cs_internals_parse_iso_time (cs_internals_member_string (prop->series, "startTime")));
          if (isnan (start))
            reader->no_start = TRUE;
        }
      g_array_append_val (starts, start);
      if (isnan (start))
        continue;
      m = n_values (reader, prop->values);
      if (same_window (group, starts, p, start, m))
        continue;  /* the series of an object normally share their times: add them once */
      for (guint i = 0; i < m; i++)
        {
          double t = start + 1000.0 * i;

          g_array_append_val (all, t);
        }
    }
  g_array_sort (all, compare_double);
  for (guint i = 0; i < all->len; i++)
    {
      double t = g_array_index (all, double, i);

      if (n > 0 && t == g_array_index (object->times, double, n - 1))
        continue;
      if (cs_dump_object_add_point (object, t) < 0)
        {
          reader->points_cut = TRUE;
          break;
        }
      n++;
    }

  for (guint p = 0; p < group->props->len; p++)
    {
      Prop *prop = &g_array_index (group->props, Prop, p);
      double start = g_array_index (starts, double, p);
      JsonArray *values;
      guint m;
      int point;

      if (isnan (start))
        continue;
      values = json_node_get_array (prop->values);
      m = n_values (reader, prop->values);
      point = cs_dump_object_point_at (object, start);
      for (guint i = 0; i < m && point >= 0 && (guint) point < n; i++)
        {
          /* the points are the union of the series' times: each time is one of them */
          while ((guint) point < n && g_array_index (object->times, double, point) < start + 1000.0 * i)
            point++;
          if ((guint) point < n)
            set_value (reader, object, point, prop->name, json_array_get_element (values, i));
        }
    }
}

static const char *
group_type (CsInternalsStatsReader *reader, Group *group, char **tmp)
{
  const char *type;

  if (group->stats_type != NULL && *group->stats_type != '\0')
    return group->stats_type;
  if (group->type_series != NULL && (*tmp = last_string (reader, group->type_series)) != NULL && **tmp != '\0')
    return *tmp;
  type = cs_dump_type_from_id (group->id);
  if (type != NULL && strcmp (type, "candidate") == 0)
    {
      for (guint p = 0; p < group->props->len; p++)
        {
          Prop *prop = &g_array_index (group->props, Prop, p);
          g_autoptr (JsonNode) values = NULL;
          JsonArray *array;
          guint n;

          if (strcmp (prop->name, "isRemote") != 0 || (values = parse_values (reader, prop->series)) == NULL)
            continue;
          array = json_node_get_array (values);
          n = json_array_get_length (array);
          if (n > 0)
            {
              JsonNode *last = json_array_get_element (array, n - 1);
              gboolean remote = JSON_NODE_HOLDS_VALUE (last) &&
                                (json_node_get_value_type (last) == G_TYPE_BOOLEAN ? json_node_get_boolean (last)
                                                                                   : cs_internals_node_number (last) == 1);

              return remote ? "remote-candidate" : "local-candidate";
            }
        }
    }
  return type != NULL ? type : "";
}

static void
read_group (CsInternalsStatsReader *reader, CsDumpConnection *connection, Group *group)
{
  g_autofree char *tmp_type = NULL;
  g_autofree char *tmp_id = NULL;
  const char *type = group_type (reader, group, &tmp_type);
  g_autofree char *tmp_valid = NULL;
  CsDumpObject *object;

  type = cs_internals_valid_text (type, &tmp_valid);
  object = cs_dump_ensure_object (reader->dump, connection, cs_internals_valid_text (group->id, &tmp_id), type);
  if (object == NULL)
    {
      reader->objects_cut = TRUE;
      return;
    }
  if (cs_dump_object_n_points (object) > 0)
    return;  /* the same id again (two keys that were not UTF-8 and read alike): its times are placed */
  for (guint p = 0; p < group->props->len; p++)
    {
      Prop *prop = &g_array_index (group->props, Prop, p);

      if (cs_dump_wants_property (type, prop->name))
        prop->values = parse_values (reader, prop->series);
    }
  if (group->timestamp == NULL || !place_by_timestamps (reader, object, group))
    place_by_start_times (reader, object, group);
  for (guint p = 0; p < group->props->len; p++)
    g_clear_pointer (&g_array_index (group->props, Prop, p).values, json_node_unref);
}

void
cs_internals_read_stats (CsInternalsStatsReader *reader, CsDumpConnection *connection, JsonObject *stats)
{
  g_autoptr (GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) groups = g_ptr_array_new_with_free_func (group_free);
  JsonObjectIter iter;
  const char *key;
  JsonNode *node;

  json_object_iter_init_ordered (&iter, stats);
  while (json_object_iter_next_ordered (&iter, &key, &node))
    {
      g_autofree char *id = NULL;
      const char *property;
      JsonObject *series;
      const char *stats_type;
      Group *group;

      if (!JSON_NODE_HOLDS_OBJECT (node) || !split_key (key, &id, &property))
        continue;
      series = json_node_get_object (node);
      group = g_hash_table_lookup (by_id, id);
      if (group == NULL)
        {
          group = g_new0 (Group, 1);
          group->id = g_steal_pointer (&id);
          group->props = g_array_new (FALSE, TRUE, sizeof (Prop));
          g_ptr_array_add (groups, group);
          g_hash_table_insert (by_id, group->id, group);
        }
      stats_type = cs_internals_member_string (series, "statsType");
      if (group->stats_type == NULL && stats_type != NULL && *stats_type != '\0')
        group->stats_type = stats_type;
      if (strcmp (property, "timestamp") == 0)
        group->timestamp = series;
      else if (strcmp (property, "type") == 0)
        group->type_series = series;
      else
        {
          Prop prop = { property, series, NULL };

          g_array_append_val (group->props, prop);
        }
    }
  for (guint i = 0; i < groups->len; i++)
    read_group (reader, connection, g_ptr_array_index (groups, i));
}
