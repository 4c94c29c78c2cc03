/* fuzz-recording-line.c — one line of a recording: the JSON forms of cs-recording-format.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is one line as the reader sees it (without its newline). It is checked and
 * parsed as the reader's handle_line () does, then read as a sample and as thresholds;
 * whatever reads must write back, in a line the reader accepts, and read again to the same
 * values (the writer and the reader cannot drift apart), and any object the parser accepts
 * must be written by cs_recording_object_to_line () as JSON that parses again.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "cs-json-check.h"
#include "cs-recording-private.h"
#include "fuzz-common.h"

/* The checks of handle_line () in cs-recording-reader.c, then the parser. @limit: refuse a
 * line longer than the reader reads. */
static JsonObject *
parse_line (JsonParser *parser, const char *line, gsize len, gboolean limit)
{
  g_autofree char *huge = NULL;
  g_autoptr (GError) error = NULL;
  JsonNode *root;

  if (len > 0 && line[len - 1] == '\r')
    len--;
  if (limit && len > CS_RECORDING_MAX_LINE)
    return NULL;
  if (!g_utf8_validate (line, len, NULL))
    return NULL;
  if (!cs_json_check (line, len, CS_JSON_MAX_DEPTH, 1, CS_JSON_CHECK_SINGLE_VALUE, CS_ERROR_INVALID_RECORDING, NULL))
    return NULL;
  huge = cs_recording_find_huge_integer (line, len);
  if (huge != NULL)
    return NULL;
  if (!json_parser_load_from_data (parser, line, len, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  if (!cs_recording_check_utf8 (json_node_get_object (root), &error))
    {
      cs_fuzz_check_utf8 (error->message);
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

/* A string that the writer writes as it is: UTF-8 (it repairs the rest: json-glib makes
 * invalid UTF-8 from a lone surrogate escape such as "\ud800") and, where the writer cuts
 * strings, not longer than that. */
static gboolean
written_whole (const char *str)
{
  if (str == NULL)
    return TRUE;
  if (strlen (str) > CS_RECORDING_MAX_STRING)
    return FALSE;
  return g_utf8_validate (str, -1, NULL);
}

static void
check_sample (JsonParser *parser, JsonObject *object)
{
  g_autoptr (CsStatsSample) sample = NULL;
  g_autoptr (CsStatsSample) again = NULL;
  g_autoptr (JsonObject) written = NULL;
  g_autoptr (JsonObject) reread = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *line = NULL;

  sample = cs_recording_sample_from_json (object, &error);
  if (sample == NULL)
    {
      cs_fuzz_check (error != NULL && error->message != NULL);
      cs_fuzz_check_utf8 (error->message);
      return;
    }
  cs_fuzz_check (error == NULL);
  cs_fuzz_check (sample->observer_uid != NULL && sample->peer_uid != NULL);

  written = cs_recording_sample_to_json (sample);
  line = cs_recording_object_to_line (written);
  cs_fuzz_check (strchr (line, '\n') == NULL);
  cs_fuzz_check (strlen (line) <= CS_RECORDING_MAX_LINE);
  reread = parse_line (parser, line, strlen (line), TRUE);
  cs_fuzz_check (reread != NULL);
  again = cs_recording_sample_from_json (reread, &error);
  cs_fuzz_check (again != NULL);
  if (written_whole (sample->observer_uid) && written_whole (sample->peer_uid) &&
      written_whole (sample->codec) && written_whole (sample->display_name) &&
      written_whole (sample->message))
    cs_fuzz_check (cs_stats_sample_equal (sample, again));
}

static void
check_thresholds (JsonParser *parser, JsonObject *object)
{
  g_autoptr (JsonObject) written = json_object_new ();
  g_autoptr (JsonObject) reread = NULL;
  g_autofree char *line = NULL;
  CsThresholds thresholds, again;

  if (!cs_recording_thresholds_from_json (object, &thresholds, NULL))
    return;
  cs_recording_thresholds_to_json (&thresholds, written);
  line = cs_recording_object_to_line (written);
  reread = parse_line (parser, line, strlen (line), TRUE);
  cs_fuzz_check (reread != NULL);
  cs_fuzz_check (cs_recording_thresholds_from_json (reread, &again, NULL));
  cs_fuzz_check (cs_recording_thresholds_equal (&thresholds, &again));
}

static void
check_members (JsonObject *object)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &node))
    {
      double value;

      if (cs_recording_node_get_double (node, &value))
        {
          g_autoptr (JsonObject) copy = json_object_new ();
          double back = 0;

          /* A number set as cs_recording_set_double () writes it reads back the same. */
          cs_recording_set_double (copy, "v", value);
          cs_fuzz_check (cs_recording_node_get_double (json_object_get_member (copy, "v"), &back));
          cs_fuzz_check (memcmp (&back, &value, sizeof value) == 0 || (value != value && back != back));
        }
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (JsonObject) object = NULL;
  g_autoptr (JsonObject) reread = NULL;
  g_autofree char *line = NULL;

  cs_fuzz_init ();
  parser = json_parser_new_immutable ();
  object = parse_line (parser, (const char *) data, size, TRUE);
  if (object == NULL)
    return 0;

  check_members (object);
  check_sample (parser, object);
  check_thresholds (parser, object);

  /* Whatever object was read, its line is JSON again (escapes may make it longer than
   * the reader's limit: the writer only writes its own, short, lines). */
  line = cs_recording_object_to_line (object);
  reread = parse_line (parser, line, strlen (line), FALSE);
  cs_fuzz_check (reread != NULL);
  return 0;
}
