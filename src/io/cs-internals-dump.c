/* cs-internals-dump.c — reads a chrome://webrtc-internals dump into a CsDump
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The layout is in the dump formats' reference ("webrtc-internals"): PeerConnections keyed
 * "<rid>-<lid>", each with its url, rtcConfiguration, updateLog and stats (read by
 * cs-internals-stats.c); UserAgent and UserAgentData at the top. updateLog times that are
 * locale strings (older builds) have no time zone: they are placed once every connection's
 * stats are read, in the zone that lines them up with the stats (cs-internals-time.c).
 */
#include "config.h"

#include "cs-internals-dump.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "cs-error.h"
#include "cs-internals-stats.h"
#include "cs-internals-time.h"
#include "cs-json-check.h"

typedef struct
{
  CsInternalsStatsReader stats;
  gboolean               log_cut, bad_log_time;
  GPtrArray             *local_entries; /* CsDumpLogEntry* whose time is a wall clock (borrowed) */
  GPtrArray             *local_conns;   /* the CsDumpConnection* of each */
} Reader;

static gboolean
invalid (GError **error, const char *what)
{
  g_set_error (error, CS_ERROR, CS_ERROR_INVALID_DUMP,
               /* TRANSLATORS: %s says what is wrong with the file, such as "it has no “PeerConnections”" */
               _("This is JSON, but not a webrtc-internals dump: %s"), what);
  return FALSE;
}


static void
read_log (Reader *reader, CsDumpConnection *connection, JsonArray *log)
{
  guint n = json_array_get_length (log);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (log, i);
      g_autofree char *written = NULL;
      g_autofree char *tmp_type = NULL;
      g_autofree char *tmp_value = NULL;
      JsonObject *entry;
      JsonNode *value;
      const char *text = NULL;
      double time_ms;
      gboolean local = FALSE;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      entry = json_node_get_object (node);
      value = json_object_get_member (entry, "value");
      if (value != NULL && json_node_get_value_type (value) == G_TYPE_STRING)
        text = json_node_get_string (value);
      else if (value != NULL && !JSON_NODE_HOLDS_NULL (value))
        text = written = json_to_string (value, FALSE);
      time_ms = cs_internals_node_number (json_object_get_member (entry, "timestamp"));
      if (!isfinite (time_ms))
        {
          time_ms = cs_internals_parse_local_time (cs_internals_member_string (entry, "time"));
          local = !isnan (time_ms);
          if (!local)
            reader->bad_log_time = TRUE;
        }
      if (!cs_dump_connection_add_log (reader->stats.dump, connection, time_ms,
                                       cs_internals_valid_text (cs_internals_member_string (entry, "type"), &tmp_type),
                                       cs_internals_valid_text (text, &tmp_value)))
        {
          reader->log_cut = TRUE;
          return;
        }
      if (local)
        {
          g_ptr_array_add (reader->local_entries, g_ptr_array_index (connection->log, connection->log->len - 1));
          g_ptr_array_add (reader->local_conns, connection);
        }
    }
}

static gboolean
read_connection (Reader *reader, const char *key, JsonNode *node, GError **error)
{
  g_autofree char *tmp_key = NULL;
  g_autofree char *tmp = NULL;
  CsDumpConnection *connection;
  JsonObject *object;
  JsonNode *member;
  const char *url;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, _("an entry of “PeerConnections” is not an object"));
  object = json_node_get_object (node);
  member = json_object_get_member (object, "stats");
  if (member != NULL && !JSON_NODE_HOLDS_OBJECT (member))
    return invalid (error, _("the “stats” of a peer connection are not an object"));
  member = json_object_get_member (object, "updateLog");
  if (member != NULL && !JSON_NODE_HOLDS_ARRAY (member) && !JSON_NODE_HOLDS_NULL (member))
    return invalid (error, _("the “updateLog” of a peer connection is not an array"));

  connection = cs_dump_ensure_connection (reader->stats.dump, cs_internals_valid_text (key, &tmp_key));
  if (connection == NULL)
    {
      cs_dump_add_warning (reader->stats.dump,
                           g_strdup_printf (_("The dump has more than %d peer connections: only the first %d are read."),
                                            CS_DUMP_MAX_CONNECTIONS, CS_DUMP_MAX_CONNECTIONS));
      return TRUE;
    }
  url = cs_internals_member_string (object, "url");
  if (url != NULL && connection->url == NULL)
    connection->url = g_strdup (cs_internals_valid_text (url, &tmp));
  g_clear_pointer (&tmp, g_free);
  member = json_object_get_member (object, "rtcConfiguration");
  if (member != NULL && connection->configuration == NULL)
    {
      if (json_node_get_value_type (member) == G_TYPE_STRING)
        connection->configuration = g_strdup (cs_internals_valid_text (json_node_get_string (member), &tmp));
      else if (JSON_NODE_HOLDS_OBJECT (member))
        connection->configuration = json_to_string (member, FALSE);
    }
  member = json_object_get_member (object, "stats");
  if (member != NULL)
    cs_internals_read_stats (&reader->stats, connection, json_node_get_object (member));
  member = json_object_get_member (object, "updateLog");
  if (member != NULL && JSON_NODE_HOLDS_ARRAY (member))
    read_log (reader, connection, json_node_get_array (member));
  return TRUE;
}

/* The earliest and latest times of @connection's points (NAN when it has none). */
static void
connection_range (CsDumpConnection *connection, double *first, double *last)
{
  *first = *last = NAN;
  for (guint o = 0; o < connection->objects->len; o++)
    {
      CsDumpObject *object = g_ptr_array_index (connection->objects, o);
      guint n = object->times->len;

      if (n == 0)
        continue;
      if (isnan (*first) || g_array_index (object->times, double, 0) < *first)
        *first = g_array_index (object->times, double, 0);
      if (isnan (*last) || g_array_index (object->times, double, n - 1) > *last)
        *last = g_array_index (object->times, double, n - 1);
    }
}

/* Puts the wall-clock times of updateLog entries in the time zone that lines them up with
 * the stats: each against its connection's stats, or the whole dump's. The offset is found
 * on at most MAX_ALIGNED entries, evenly spread (113 offsets are tried on each). */
#define MAX_ALIGNED 1024

static void
place_local_times (Reader *reader)
{
  guint n = reader->local_entries->len;
  guint stride = n / MAX_ALIGNED + 1;
  g_autofree double *local = g_new (double, MAX_ALIGNED + 1);
  g_autofree double *first = g_new (double, MAX_ALIGNED + 1);
  g_autofree double *last = g_new (double, MAX_ALIGNED + 1);
  double dump_first = NAN, dump_last = NAN, conn_first = NAN, conn_last = NAN;
  CsDumpConnection *ranged = NULL;
  gboolean any_range = FALSE;
  guint m = 0;
  double offset;

  if (n == 0)
    return;
  for (guint c = 0; c < reader->stats.dump->connections->len; c++)
    {
      double f, l;

      connection_range (g_ptr_array_index (reader->stats.dump->connections, c), &f, &l);
      if (!isnan (f) && (isnan (dump_first) || f < dump_first))
        dump_first = f;
      if (!isnan (l) && (isnan (dump_last) || l > dump_last))
        dump_last = l;
    }
  for (guint i = 0; i < n && m <= MAX_ALIGNED; i += stride, m++)
    {
      CsDumpLogEntry *entry = g_ptr_array_index (reader->local_entries, i);
      CsDumpConnection *connection = g_ptr_array_index (reader->local_conns, i);

      if (connection != ranged)  /* the entries come connection by connection */
        {
          connection_range (connection, &conn_first, &conn_last);
          ranged = connection;
        }
      local[m] = entry->time_ms;
      first[m] = isnan (conn_first) ? dump_first : conn_first;
      last[m] = isnan (conn_first) ? dump_last : conn_last;
      any_range |= !isnan (first[m]);
    }
  offset = cs_internals_best_offset (local, first, last, m);
  if (!any_range)
    cs_dump_add_warning (reader->stats.dump,
                         g_strdup (_("The update log’s times have no time zone and there are no statistics to "
                                     "compare them with: they are read as UTC.")));
  for (guint i = 0; i < n; i++)
    ((CsDumpLogEntry *) g_ptr_array_index (reader->local_entries, i))->time_ms -= offset;
}

/* "Chrome 138.0.7204.183" from a UA-CH brand list ({brand, version} objects), NULL when it
 * has no real brand. The browser's own brand comes first ("Google Chrome", "Microsoft Edge":
 * Edge also lists "Chromium"), then "Chromium", then any other; the GREASE brands that
 * Chrome adds ("Not)A;Brand", " Not A;Brand") are skipped. */
static char *
browser_from_brands (JsonArray *brands)
{
  static const char * const preferred[] = { "Google Chrome", "Microsoft Edge", "Opera", "Brave", "Vivaldi",
                                            "Chromium" };
  const char *best_brand = NULL, *best_version = NULL;
  guint best_rank = G_MAXUINT;
  g_autofree char *tmp_brand = NULL;
  g_autofree char *tmp_version = NULL;
  guint n = json_array_get_length (brands);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (brands, i);
      const char *brand, *version;
      guint rank = G_N_ELEMENTS (preferred);

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      brand = cs_internals_member_string (json_node_get_object (node), "brand");
      version = cs_internals_member_string (json_node_get_object (node), "version");
      if (brand == NULL || version == NULL || *brand == '\0' || *version == '\0')
        continue;
      if (strstr (brand, "Not") != NULL && strstr (brand, "Brand") != NULL)
        continue;
      for (guint r = 0; r < G_N_ELEMENTS (preferred); r++)
        if (strcmp (brand, preferred[r]) == 0)
          rank = r;
      if (rank < best_rank)
        {
          best_rank = rank;
          best_brand = brand;
          best_version = version;
        }
    }
  if (best_brand == NULL)
    return NULL;
  if (strcmp (best_brand, "Google Chrome") == 0)
    best_brand = "Chrome";
  return g_strdup_printf ("%s %s", cs_internals_valid_text (best_brand, &tmp_brand),
                          cs_internals_valid_text (best_version, &tmp_version));
}

char *
cs_internals_browser_from_user_agent_data (JsonNode *node)
{
  char *browser = NULL;

  if (node == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_ARRAY (node))
    return browser_from_brands (json_node_get_array (node));
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      JsonNode *list = json_object_get_member (object, "fullVersionList");

      if (list != NULL && JSON_NODE_HOLDS_ARRAY (list))
        browser = browser_from_brands (json_node_get_array (list));
      list = json_object_get_member (object, "brands");
      if (browser == NULL && list != NULL && JSON_NODE_HOLDS_ARRAY (list))
        browser = browser_from_brands (json_node_get_array (list));
    }
  return browser;
}

/* "Chrome 86.0.4240.75" from "… Chrome/86.0.4240.75 Safari/537.36", or NULL. */
static char *
browser_from_user_agent (const char *user_agent)
{
  const char *p = user_agent != NULL ? strstr (user_agent, "Chrome/") : NULL;
  gsize len;

  if (p == NULL)
    return NULL;
  p += strlen ("Chrome/");
  len = strspn (p, "0123456789.");
  if (len == 0)
    return NULL;
  return g_strdup_printf ("Chrome %.*s", (int) len, p);
}

static void
add_warnings (Reader *reader)
{
  CsDump *dump = reader->stats.dump;

  if (reader->stats.objects_cut)
    cs_dump_add_warning (dump, g_strdup_printf (_("A peer connection has more than %d stats objects: only the first "
                                                  "%d are read."), CS_DUMP_MAX_OBJECTS, CS_DUMP_MAX_OBJECTS));
  if (reader->stats.points_cut)
    cs_dump_add_warning (dump, g_strdup_printf (_("A stats object has more than %d points: only the first %d are "
                                                  "read."), CS_DUMP_MAX_POINTS, CS_DUMP_MAX_POINTS));
  if (reader->log_cut)
    cs_dump_add_warning (dump, g_strdup_printf (_("An update log has more than %d entries: only the first %d are "
                                                  "read."), CS_DUMP_MAX_LOG, CS_DUMP_MAX_LOG));
  if (reader->stats.broken_values)
    cs_dump_add_warning (dump, g_strdup (_("Some statistics series are not readable (their “values” are not a JSON "
                                           "array) and were skipped.")));
  if (reader->stats.no_start)
    cs_dump_add_warning (dump, g_strdup (_("Some statistics series have no readable “startTime” and were skipped.")));
  if (reader->bad_log_time)
    cs_dump_add_warning (dump, g_strdup (_("Some update log entries have no readable time.")));
}

CsDump *
cs_internals_dump_parse (const char *data, gsize length, GError **error)
{
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (CsDump) dump = NULL;
  g_autoptr (JsonParser) values_parser = NULL;
  g_autoptr (GPtrArray) local_entries = NULL;
  g_autoptr (GPtrArray) local_conns = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *repaired = NULL;
  Reader reader = { 0 };
  JsonObject *top;
  JsonNode *root, *member;
  JsonObjectIter iter;
  const char *key;
  JsonNode *node;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length > CS_DUMP_MAX_BYTES)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_DUMP,
                   /* TRANSLATORS: %u is a size in MiB */
                   _("The dump is larger than %u MiB once decompressed: it is not read."),
                   (guint) (CS_DUMP_MAX_BYTES / (1024 * 1024)));
      return NULL;
    }
  if (!g_utf8_validate_len (data, length, NULL))
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_DUMP,
                           _("This is not a webrtc-internals dump: it is not UTF-8 text."));
      return NULL;
    }
  if (!cs_json_check (data, length, CS_JSON_MAX_DEPTH, 1, CS_JSON_CHECK_SINGLE_VALUE, CS_ERROR_INVALID_DUMP,
                      &local_error))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_DUMP,
                   /* TRANSLATORS: %s is what the JSON check found, such as "nested too deeply (line 1): …" */
                   _("This is not a webrtc-internals dump: %s"),
                   local_error->message);
      return NULL;
    }
  repaired = cs_json_repair_surrogates (data, length);
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, repaired != NULL ? repaired : data, length, &local_error))
    {
      /* json-glib quotes what it read: newlines, a string constant of any length, cut anywhere */
      g_autofree char *quoted = cs_error_quote (local_error->message, -1, 200);

      /* TRANSLATORS: %s is the JSON parser's message */
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_DUMP,
                   _("This is not a webrtc-internals dump: it is not valid JSON (%s)"), quoted);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      invalid (error, _("it is not an object with “PeerConnections”"));
      return NULL;
    }
  top = json_node_get_object (root);
  member = json_object_get_member (top, "PeerConnections");
  if (member == NULL)
    {
      invalid (error, _("it has no “PeerConnections”"));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (member))
    {
      invalid (error, _("its “PeerConnections” is not an object"));
      return NULL;
    }

  dump = cs_dump_new (CS_DUMP_FORMAT_INTERNALS);
  values_parser = json_parser_new ();
  local_entries = g_ptr_array_new ();
  local_conns = g_ptr_array_new ();
  reader.stats.dump = dump;
  reader.stats.values_parser = values_parser;
  reader.local_entries = local_entries;
  reader.local_conns = local_conns;

  json_object_iter_init_ordered (&iter, json_node_get_object (member));
  while (json_object_iter_next_ordered (&iter, &key, &node))
    if (!read_connection (&reader, key, node, error))
      return NULL;
  place_local_times (&reader);
  add_warnings (&reader);

  if (cs_internals_member_string (top, "UserAgent") != NULL)
    dump->user_agent = g_strdup (cs_internals_valid_text (cs_internals_member_string (top, "UserAgent"), &tmp));
  dump->browser = cs_internals_browser_from_user_agent_data (json_object_get_member (top, "UserAgentData"));
  if (dump->browser == NULL)
    dump->browser = browser_from_user_agent (dump->user_agent);
  if (dump->connections->len > 0)
    dump->origin = g_strdup (((CsDumpConnection *) g_ptr_array_index (dump->connections, 0))->url);
  return g_steal_pointer (&dump);
}
