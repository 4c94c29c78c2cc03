/* fuzz-internals-dump.c — a whole webrtc-internals dump (its text, decompressed)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input goes to cs_internals_dump_parse () as the importer gives it. A refused input
 * must come with a one-line UTF-8 error of CS_ERROR_INVALID_DUMP; an accepted one must keep
 * the promises of cs-dump.h: within its bounds, every string UTF-8, each object's times not
 * decreasing and each of its series one value per point. It is then imported and replayed
 * (fuzz-import.h).
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "cs-error.h"
#include "cs-internals-dump.h"
#include "fuzz-common.h"
#include "fuzz-import.h"

static void
check_object (const CsDumpObject *object)
{
  GHashTableIter iter;
  gpointer value;
  guint n = cs_dump_object_n_points (object);

  cs_fuzz_check (object->id != NULL && object->type != NULL);
  cs_fuzz_check_utf8 (object->id);
  cs_fuzz_check_utf8 (object->type);
  cs_fuzz_check (n <= CS_DUMP_MAX_POINTS);
  for (guint i = 1; i < n; i++)
    cs_fuzz_check (cs_dump_object_time (object, i) >= cs_dump_object_time (object, i - 1));
  for (guint i = 0; i < n; i++)
    cs_fuzz_check (isfinite (cs_dump_object_time (object, i)));
  g_hash_table_iter_init (&iter, object->series);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const CsDumpSeries *series = value;

      cs_fuzz_check_utf8 (series->name);
      cs_fuzz_check (series->numbers->len == n);
      if (series->strings != NULL)
        {
          cs_fuzz_check (series->strings->len == n);
          for (guint i = 0; i < n; i++)
            cs_fuzz_check_utf8 ((const char *) g_ptr_array_index (series->strings, i));
        }
    }
}

static void
check_dump (const CsDump *dump)
{
  cs_fuzz_check (dump->format == CS_DUMP_FORMAT_INTERNALS);
  cs_fuzz_check_utf8 (dump->user_agent);
  cs_fuzz_check_utf8 (dump->browser);
  cs_fuzz_check_utf8 (dump->origin);
  cs_fuzz_check (dump->connections->len <= CS_DUMP_MAX_CONNECTIONS);
  for (guint i = 0; i < dump->warnings->len; i++)
    {
      const char *warning = g_ptr_array_index (dump->warnings, i);

      cs_fuzz_check_utf8 (warning);
      cs_fuzz_check (strchr (warning, '\n') == NULL);
    }
  for (guint c = 0; c < dump->connections->len; c++)
    {
      const CsDumpConnection *connection = g_ptr_array_index (dump->connections, c);

      cs_fuzz_check_utf8 (connection->key);
      cs_fuzz_check_utf8 (connection->url);
      cs_fuzz_check_utf8 (connection->configuration);
      cs_fuzz_check (connection->objects->len <= CS_DUMP_MAX_OBJECTS);
      cs_fuzz_check (connection->log->len <= CS_DUMP_MAX_LOG);
      for (guint o = 0; o < connection->objects->len; o++)
        check_object (g_ptr_array_index (connection->objects, o));
      for (guint l = 0; l < connection->log->len; l++)
        {
          const CsDumpLogEntry *entry = g_ptr_array_index (connection->log, l);

          cs_fuzz_check (entry->type != NULL && entry->value != NULL);
          cs_fuzz_check_utf8 (entry->type);
          cs_fuzz_check_utf8 (entry->value);
          cs_fuzz_check (strlen (entry->value) <= CS_DUMP_MAX_VALUE_CHARS);
          cs_fuzz_check (isnan (entry->time_ms) || isfinite (entry->time_ms));
        }
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  CsDump *dump;

  cs_fuzz_init ();
  dump = cs_internals_dump_parse ((const char *) data, size, &error);
  if (dump == NULL)
    {
      cs_fuzz_check (error != NULL && error->domain == CS_ERROR && error->code == CS_ERROR_INVALID_DUMP);
      cs_fuzz_check_utf8 (error->message);
      cs_fuzz_check (strchr (error->message, '\n') == NULL);
      return 0;
    }
  cs_fuzz_check (error == NULL);
  check_dump (dump);
  cs_fuzz_import_and_replay (dump);
  cs_dump_free (dump);
  return 0;
}
