/* fuzz-rtcstats-dump.c — a whole RTCStats dump (decompressed) through cs_rtcstats_dump_read ()
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is the file's content, read from a GMemoryInputStream as the importer hands the
 * decompressed file over. What the reader accepts must keep cs-dump.h's promises: within its
 * bounds, one value per point in every series, times that do not decrease, and UTF-8 in every
 * string a window may show; what it refuses, it says in a UTF-8 message.
 */
#include "config.h"

#include <gio/gio.h>
#include <math.h>

#include "cs-rtcstats-dump.h"
#include "fuzz-common.h"
#include "fuzz-import.h"

static void
check_object (const CsDumpObject *object)
{
  GHashTableIter iter;
  gpointer name, value;
  guint n = cs_dump_object_n_points (object);

  cs_fuzz_check (n <= CS_DUMP_MAX_POINTS);
  cs_fuzz_check (object->id != NULL && object->type != NULL);
  cs_fuzz_check_utf8 (object->id);
  cs_fuzz_check_utf8 (object->type);
  for (guint i = 0; i < n; i++)
    {
      cs_fuzz_check (isfinite (cs_dump_object_time (object, i)));
      cs_fuzz_check (i == 0 || cs_dump_object_time (object, i - 1) <= cs_dump_object_time (object, i));
    }
  g_hash_table_iter_init (&iter, object->series);
  while (g_hash_table_iter_next (&iter, &name, &value))
    {
      const CsDumpSeries *series = value;

      cs_fuzz_check_utf8 ((const char *) name);
      cs_fuzz_check (series->numbers->len == n);
      cs_fuzz_check (series->strings == NULL || series->strings->len == n);
      for (guint i = 0; series->strings != NULL && i < n; i++)
        cs_fuzz_check_utf8 (g_ptr_array_index (series->strings, i));
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GInputStream) stream = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (CsDump) dump = NULL;

  cs_fuzz_init ();
  stream = g_memory_input_stream_new_from_data (data, (gssize) size, NULL);
  dump = cs_rtcstats_dump_read (stream, NULL, &error);
  if (dump == NULL)
    {
      cs_fuzz_check (error != NULL && error->message != NULL);
      cs_fuzz_check_utf8 (error->message);
      return 0;
    }
  cs_fuzz_check (error == NULL);
  cs_fuzz_check (dump->format == CS_DUMP_FORMAT_RTCSTATS || dump->format == CS_DUMP_FORMAT_RTCSTATS_LEGACY);
  cs_fuzz_check_utf8 (dump->user_agent);
  cs_fuzz_check_utf8 (dump->browser);
  cs_fuzz_check_utf8 (dump->origin);
  cs_fuzz_check (dump->connections->len <= CS_DUMP_MAX_CONNECTIONS);
  for (guint i = 0; i < dump->warnings->len; i++)
    cs_fuzz_check_utf8 (g_ptr_array_index (dump->warnings, i));
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

          cs_fuzz_check_utf8 (entry->type);
          cs_fuzz_check_utf8 (entry->value);
          cs_fuzz_check (isfinite (entry->time_ms));
        }
    }
  cs_fuzz_import_and_replay (dump);
  return 0;
}
