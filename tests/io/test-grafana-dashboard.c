/* test-grafana-dashboard.c — every metric that docs/metrics/grafana-dashboard.json queries
 * is one that Callscope exports (cs_openmetrics_sample_names(), which test-openmetrics
 * checks against real expositions)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <json-glib/json-glib.h>
#include <string.h>

#include "cs-openmetrics.h"

static void
check_expression (const char *expr, guint *n_names)
{
  const char * const *names = cs_openmetrics_sample_names ();
  const char *p = expr;

  while ((p = strstr (p, "callscope_")) != NULL)
    {
      gsize len = strspn (p, "abcdefghijklmnopqrstuvwxyz_0123456789");
      g_autofree char *name = g_strndup (p, len);

      g_test_message ("%s", name);
      if (!g_strv_contains (names, name))
        g_error ("the dashboard queries %s, which Callscope does not export (in “%s”)", name, expr);
      (*n_names)++;
      p += len;
    }
}

/* every "expr", "query" and "definition" string anywhere in @node */
static void
walk (JsonNode *node, guint *n_names)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr (GList) members = json_object_get_members (object);

      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *member = json_object_get_member (object, l->data);

          if (JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_STRING &&
              (g_str_equal (l->data, "expr") || g_str_equal (l->data, "query") || g_str_equal (l->data, "definition")))
            check_expression (json_node_get_string (member), n_names);
          else
            walk (member, n_names);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        walk (json_array_get_element (array, i), n_names);
    }
}

static void
test_names (void)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  guint n_names = 0;

  json_parser_load_from_file (parser, CS_DASHBOARD, &error);
  g_assert_no_error (error);
  walk (json_parser_get_root (parser), &n_names);
  /* the dashboard does query something: quality, loss, RTT, delays, exceptions at least */
  g_assert_cmpuint (n_names, >=, 6);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/grafana-dashboard/names", test_names);
  return g_test_run ();
}
