/* cs-scenario.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "cs-error.h"
#include "cs-json-check.h"
#include "cs-scenario.h"

struct _CsScenario
{
  GObject  parent_instance;
  char    *name;
  char    *description;
  GArray  *steps; /* CsScenarioStep */
  guint    users;    /* "users": the lab users it is written for, 0 = not said */
  double   duration; /* "duration": seconds, 0 = not said */
  gboolean media_clock; /* "clock": "media": steps count from the call's first media, not its start */
  GStrv    names;    /* "names": the display names of user-1 …, NULL-terminated; may be NULL */
};

G_DEFINE_FINAL_TYPE (CsScenario, cs_scenario, G_TYPE_OBJECT)

static void
step_clear (gpointer data)
{
  CsScenarioStep *step = data;

  g_clear_pointer (&step->uid, g_free);
}

static void
cs_scenario_finalize (GObject *object)
{
  CsScenario *self = CS_SCENARIO (object);

  g_free (self->name);
  g_free (self->description);
  g_strfreev (self->names);
  g_array_unref (self->steps);
  G_OBJECT_CLASS (cs_scenario_parent_class)->finalize (object);
}

static void
cs_scenario_class_init (CsScenarioClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cs_scenario_finalize;
}

static void
cs_scenario_init (CsScenario *self)
{
  self->steps = g_array_new (FALSE, TRUE, sizeof (CsScenarioStep));
  g_array_set_clear_func (self->steps, step_clear);
}

/* Orders indices into the steps (@user_data) by time, then by file order: a stable sort. */
static int
compare_step_indices (gconstpointer a, gconstpointer b, gpointer user_data)
{
  GArray *steps = user_data;
  guint i = *(const guint *) a, j = *(const guint *) b;
  double x = g_array_index (steps, CsScenarioStep, i).at, y = g_array_index (steps, CsScenarioStep, j).at;

  if (x != y)
    return x < y ? -1 : 1;
  return i < j ? -1 : i > j;
}

/* Sorts the steps by time, keeping the file's order for equal times: O(n log n). */
static void
sort_steps (CsScenario *self)
{
  g_autoptr (GArray) order = g_array_sized_new (FALSE, FALSE, sizeof (guint), self->steps->len);
  GArray *sorted = g_array_sized_new (FALSE, TRUE, sizeof (CsScenarioStep), self->steps->len);

  for (guint i = 0; i < self->steps->len; i++)
    g_array_append_val (order, i);
  g_array_sort_with_data (order, compare_step_indices, self->steps);
  for (guint i = 0; i < order->len; i++)
    g_array_append_val (sorted, g_array_index (self->steps, CsScenarioStep, g_array_index (order, guint, i)));
  /* the steps moved to @sorted with their strings: free the old array without clearing them */
  g_array_set_clear_func (self->steps, NULL);
  g_array_unref (self->steps);
  g_array_set_clear_func (sorted, step_clear);
  self->steps = sorted;
}

static gboolean
parse_step (CsScenario *self, JsonNode *node, guint index, GError **error)
{
  CsScenarioStep step = { 0 };
  JsonObject *obj, *set;
  JsonNode *at, *user, *set_node;
  g_autoptr (GList) members = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_SCENARIO, _("step %u is not an object"), index + 1);
      return FALSE;
    }
  obj = json_node_get_object (node);
  at = json_object_get_member (obj, "at");
  if (at == NULL || !JSON_NODE_HOLDS_VALUE (at) ||
      (json_node_get_value_type (at) != G_TYPE_DOUBLE && json_node_get_value_type (at) != G_TYPE_INT64) ||
      !(json_node_get_double (at) >= 0) || !isfinite (json_node_get_double (at)))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_SCENARIO,
                   _("step %u needs “at”, a time in seconds from 0"), index + 1);
      return FALSE;
    }
  step.at = json_node_get_double (at);

  user = json_object_get_member (obj, "user");
  if (user != NULL && !JSON_NODE_HOLDS_NULL (user))
    {
      if (!JSON_NODE_HOLDS_VALUE (user) || json_node_get_value_type (user) != G_TYPE_STRING ||
          *json_node_get_string (user) == '\0')
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_SCENARIO,
                       _("step %u: “user” must be a user name such as “user-1” or “local”"), index + 1);
          return FALSE;
        }
      /* an id, compared with the call's: never repaired into another one */
      if (!g_utf8_validate (json_node_get_string (user), -1, NULL))
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_SCENARIO,
                       /* TRANSLATORS: %u is a step number */
                       _("step %u: “user” is not UTF-8 text (it has half of a UTF-16 surrogate pair, "
                         "\\uD800 to \\uDFFF)"), index + 1);
          return FALSE;
        }
    }

  set_node = json_object_get_member (obj, "set");
  if (set_node == NULL || !JSON_NODE_HOLDS_OBJECT (set_node))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_SCENARIO,
                   _("step %u needs “set”, an object of KEY: VALUE"), index + 1);
      return FALSE;
    }
  set = json_node_get_object (set_node);
  cs_impairment_init (&step.change);
  members = json_object_get_members (set);
  if (members == NULL)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_SCENARIO, _("step %u sets nothing"), index + 1);
      return FALSE;
    }
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *value = json_object_get_member (set, l->data);
      g_autoptr (GError) local_error = NULL;
      double v;

      if (!JSON_NODE_HOLDS_VALUE (value))
        goto bad_value;
      if (json_node_get_value_type (value) == G_TYPE_BOOLEAN)
        v = json_node_get_boolean (value) ? 1 : 0;
      else if (json_node_get_value_type (value) == G_TYPE_DOUBLE ||
               json_node_get_value_type (value) == G_TYPE_INT64)
        v = json_node_get_double (value);
      else
        goto bad_value;
      if (!cs_impairment_set_key (&step.change, l->data, v, TRUE, &local_error))
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_SCENARIO, _("step %u: %s"), index + 1,
                       local_error->message);
          return FALSE;
        }
      continue;
    bad_value:
      {
        g_autofree char *key = cs_error_quote (l->data, -1, CS_ERROR_QUOTE_CHARS);

        g_set_error (error, CS_ERROR, CS_ERROR_INVALID_SCENARIO, _("step %u: “%s” must be a number"), index + 1, key);
        return FALSE;
      }
    }
  if (user != NULL && !JSON_NODE_HOLDS_NULL (user))
    step.uid = g_strdup (json_node_get_string (user));
  g_array_append_val (self->steps, step);
  return TRUE;
}

/* "name" and "description": text for people, absent or null for "". json-glib decodes a
 * lone surrogate escape ("\ud800") into invalid UTF-8: repaired, as the model repairs
 * what peers send. */
static gboolean
read_text (JsonObject *obj, const char *name, char **out, GError **error)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *out = g_strdup ("");
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      /* TRANSLATORS: %s is a member of the scenario file, "name" or "description" */
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_SCENARIO, _("“%s” must be a string"), name);
      return FALSE;
    }
  *out = g_utf8_make_valid (json_node_get_string (node), -1);
  return TRUE;
}

/* "names": optional, the display names of user-1, user-2 … (at most 16; what is not UTF-8
 * becomes U+FFFD; the model caps their length) */
static gboolean
read_names (JsonObject *obj, GStrv *out, GError **error)
{
  JsonNode *node = json_object_get_member (obj, "names");
  g_autoptr (GStrvBuilder) builder = NULL;
  JsonArray *array;

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (array = json_node_get_array (node)) > 16)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_SCENARIO, _("“names” must be an array of at most 16 strings"));
      return FALSE;
    }
  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *name = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (name) || json_node_get_value_type (name) != G_TYPE_STRING)
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_SCENARIO, _("“names” must be an array of at most 16 strings"));
          return FALSE;
        }
      {
        g_autofree char *valid = g_utf8_make_valid (json_node_get_string (name), -1);

        g_strv_builder_add (builder, valid);
      }
    }
  *out = g_strv_builder_end (builder);
  return TRUE;
}

/* "users" (1–16) and "duration" (s, up to 7 days): optional numbers, 0 when absent */
static gboolean
read_number (JsonObject *obj, const char *name, double max, double *out, GError **error)
{
  JsonNode *node = json_object_get_member (obj, name);
  double v;

  *out = 0;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_INT64 && json_node_get_value_type (node) != G_TYPE_DOUBLE) ||
      !((v = json_node_get_double (node)) > 0 && v <= max))
    {
      /* TRANSLATORS: %s is a member of the scenario file, "users" or "duration" */
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_SCENARIO, _("“%s” must be a number from 1 to %g"), name, max);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

CsScenario *
cs_scenario_new_from_data (const char *data, gssize length, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (CsScenario) self = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *repaired = NULL;
  JsonNode *root, *steps;
  JsonObject *obj;
  JsonArray *array;

  /* json-glib would overflow the stack on {"a":[[[[… (cs-json-check.h) */
  if (!cs_json_check (data, length, CS_JSON_MAX_DEPTH, 1, CS_JSON_CHECK_SINGLE_VALUE,
                      CS_ERROR_INVALID_SCENARIO, error))
    return NULL;
  /* half a surrogate pair becomes U+FFFD (cs-json-check.h): a user's id with one then
   * matches no user, text for people keeps the rest */
  repaired = cs_json_repair_surrogates (data, length);
  if (!json_parser_load_from_data (parser, repaired != NULL ? repaired : data, length, &local_error))
    {
      /* json-glib quotes what it read, and may cut it in the middle of a character */
      g_autofree char *reason = cs_error_quote (local_error->message, -1, 0);

      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_SCENARIO, _("not valid JSON: %s"), reason);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_SCENARIO, _("a scenario must be a JSON object"));
      return NULL;
    }
  obj = json_node_get_object (root);
  steps = json_object_get_member (obj, "steps");
  if (steps == NULL || !JSON_NODE_HOLDS_ARRAY (steps))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_SCENARIO, _("a scenario needs “steps”, an array"));
      return NULL;
    }
  self = g_object_new (CS_TYPE_SCENARIO, NULL);
  if (!read_text (obj, "name", &self->name, error) || !read_text (obj, "description", &self->description, error))
    return NULL;
  {
    double users, duration;

    if (!read_number (obj, "users", 16, &users, error) || !read_number (obj, "duration", 7 * 24 * 3600, &duration, error))
      return NULL;
    self->users = (guint) floor (users);
    self->duration = duration;
  }
  if (!read_names (obj, &self->names, error))
    return NULL;
  {
    JsonNode *clock = json_object_get_member (obj, "clock");
    const char *value = clock != NULL && JSON_NODE_HOLDS_VALUE (clock) &&
                        json_node_get_value_type (clock) == G_TYPE_STRING ? json_node_get_string (clock) : NULL;

    if (clock != NULL && !JSON_NODE_HOLDS_NULL (clock) &&
        (value == NULL || (!g_str_equal (value, "media") && !g_str_equal (value, "call"))))
      {
        g_set_error (error, CS_ERROR, CS_ERROR_INVALID_SCENARIO, _("“clock” must be \"call\" or \"media\""));
        return NULL;
      }
    self->media_clock = g_strcmp0 (value, "media") == 0;
  }
  array = json_node_get_array (steps);
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (!parse_step (self, json_array_get_element (array, i), i, error))
      return NULL;
  sort_steps (self);
  return g_steal_pointer (&self);
}

CsScenario *
cs_scenario_new_from_file (GFile *file, GError **error)
{
  g_autofree char *data = NULL;
  g_autofree char *name = g_file_get_parse_name (file);
  g_autoptr (GError) local_error = NULL;
  gsize length = 0;
  CsScenario *self;

  if (!g_file_load_contents (file, NULL, &data, &length, NULL, &local_error))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_SCENARIO,
                   _("Cannot read the scenario “%s”: %s"), name, local_error->message);
      return NULL;
    }
  self = cs_scenario_new_from_data (data, length, &local_error);
  if (self == NULL)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_SCENARIO,
                   _("Scenario “%s”: %s"), name, local_error->message);
      return NULL;
    }
  return self;
}

static const char *
preset_dirs[] = { SOURCE_SCENARIODIR, PKGDATADIR "/scenarios" };

CsScenario *
cs_scenario_load (const char *name_or_path, GError **error)
{
  g_autoptr (GFile) file = NULL;

  if (strchr (name_or_path, '/') == NULL && !g_str_has_suffix (name_or_path, ".json"))
    {
      g_autofree char *basename = g_strconcat (name_or_path, ".json", NULL);

      for (guint i = 0; i < G_N_ELEMENTS (preset_dirs); i++)
        {
          g_autofree char *path = g_build_filename (preset_dirs[i], basename, NULL);

          if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
            {
              file = g_file_new_for_path (path);
              break;
            }
        }
      if (file == NULL)
        {
          g_auto (GStrv) presets = cs_scenario_list_presets ();
          g_autofree char *list = g_strjoinv (", ", presets);

          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_SCENARIO,
                       _("No scenario preset “%s” (presets: %s)"), name_or_path, list);
          return NULL;
        }
    }
  else
    file = g_file_new_for_commandline_arg (name_or_path);
  return cs_scenario_new_from_file (file, error);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

GStrv
cs_scenario_list_presets (void)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (preset_dirs); i++)
    {
      g_autoptr (GDir) dir = g_dir_open (preset_dirs[i], 0, NULL);
      const char *entry;

      while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *name = NULL;
          gboolean seen = FALSE;

          if (!g_str_has_suffix (entry, ".json"))
            continue;
          name = g_strndup (entry, strlen (entry) - 5);
          for (guint j = 0; j < names->len; j++)
            seen |= g_str_equal (g_ptr_array_index (names, j), name);
          if (!seen)
            g_ptr_array_add (names, g_steal_pointer (&name));
        }
    }
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

const char *
cs_scenario_get_name (CsScenario *self)
{
  return self->name;
}

const char *
cs_scenario_get_description (CsScenario *self)
{
  return self->description;
}

guint
cs_scenario_get_n_steps (CsScenario *self)
{
  return self->steps->len;
}

const CsScenarioStep *
cs_scenario_get_step (CsScenario *self, guint index)
{
  g_return_val_if_fail (index < self->steps->len, NULL);
  return &g_array_index (self->steps, CsScenarioStep, index);
}

double
cs_scenario_get_length (CsScenario *self)
{
  return self->steps->len > 0 ? g_array_index (self->steps, CsScenarioStep, self->steps->len - 1).at : 0;
}

guint
cs_scenario_due (CsScenario *self, guint next, double t, double *lag)
{
  double now, late;

  g_return_val_if_fail (CS_IS_SCENARIO (self), next);
  g_return_val_if_fail (lag != NULL, next);

  if (next >= self->steps->len)
    return self->steps->len;
  now = t - *lag;
  late = now - g_array_index (self->steps, CsScenarioStep, next).at;
  if (late < 0)
    return next;
  if (late > CS_SCENARIO_MAX_LATENESS)
    {
      *lag += late;
      now = g_array_index (self->steps, CsScenarioStep, next).at;
    }
  while (next < self->steps->len && g_array_index (self->steps, CsScenarioStep, next).at <= now)
    next++;
  return next;
}

guint
cs_scenario_get_users (CsScenario *self)
{
  g_return_val_if_fail (CS_IS_SCENARIO (self), 0);
  return self->users;
}

double
cs_scenario_get_duration (CsScenario *self)
{
  g_return_val_if_fail (CS_IS_SCENARIO (self), 0);
  return self->duration;
}

gboolean
cs_scenario_get_media_clock (CsScenario *self)
{
  g_return_val_if_fail (CS_IS_SCENARIO (self), FALSE);
  return self->media_clock;
}

const char *
cs_scenario_get_user_name (CsScenario *self, guint k)
{
  g_return_val_if_fail (CS_IS_SCENARIO (self), NULL);
  if (self->names == NULL || k == 0 || k > g_strv_length (self->names))
    return NULL;
  return *self->names[k - 1] != '\0' ? self->names[k - 1] : NULL;
}
