/* fuzz-dump.h — what both dump fuzz targets check of a dump their reader accepted, and do with it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * cs_fuzz_check_dump (): cs-dump.h's promises — within its bounds, UTF-8 in every string a
 * window may show, one-line warnings, times that do not decrease, one value per point in
 * every series. cs_fuzz_import_and_replay (): the importer (cs_dump_import ()) turns it into samples — or refuses it with
 * CS_ERROR_NO_CALL and a one-line message — and the samples, in time order, are replayed
 * into a fresh model, as opening the dump in the window or `--import` would do: the model
 * meets whatever a dump can make of it.
 */
#pragma once

#include <math.h>
#include <string.h>

#include "cs-dump-import.h"
#include "cs-error.h"
#include "cs-stats-model.h"
#include "fuzz-common.h"

static inline void
cs_fuzz_check_dump_object (const CsDumpObject *object)
{
  GHashTableIter iter;
  gpointer value;
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
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const CsDumpSeries *series = value;

      cs_fuzz_check_utf8 (series->name);
      cs_fuzz_check (series->numbers->len == n);
      cs_fuzz_check (series->strings == NULL || series->strings->len == n);
      for (guint i = 0; series->strings != NULL && i < n; i++)
        cs_fuzz_check_utf8 (g_ptr_array_index (series->strings, i));
    }
}

/* @log_times_known: every log entry has a time (an RTCStats line always has one; a
 * webrtc-internals entry may have an unreadable one, NAN). */
static inline void
cs_fuzz_check_dump (const CsDump *dump, gboolean log_times_known)
{
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
        cs_fuzz_check_dump_object (g_ptr_array_index (connection->objects, o));
      for (guint l = 0; l < connection->log->len; l++)
        {
          const CsDumpLogEntry *entry = g_ptr_array_index (connection->log, l);

          cs_fuzz_check (entry->type != NULL && entry->value != NULL);
          cs_fuzz_check_utf8 (entry->type);
          cs_fuzz_check_utf8 (entry->value);
          cs_fuzz_check (strlen (entry->value) <= CS_DUMP_MAX_VALUE_CHARS);
          cs_fuzz_check (log_times_known ? isfinite (entry->time_ms)
                                         : isnan (entry->time_ms) || isfinite (entry->time_ms));
        }
    }
}

static inline void
cs_fuzz_import_and_replay (CsDump *dump)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CsRecordingReader) reader = cs_dump_import (dump, "fuzz.txt", &error);
  g_autoptr (CsStatsModel) model = NULL;
  GPtrArray *samples;

  if (reader == NULL)
    {
      cs_fuzz_check (g_error_matches (error, CS_ERROR, CS_ERROR_NO_CALL));
      cs_fuzz_check_utf8 (error->message);
      cs_fuzz_check (strchr (error->message, '\n') == NULL);
      return;
    }
  samples = cs_recording_reader_get_samples (reader);
  for (guint i = 1; i < samples->len; i++)
    cs_fuzz_check (((CsStatsSample *) g_ptr_array_index (samples, i - 1))->t <=
                   ((CsStatsSample *) g_ptr_array_index (samples, i))->t);
  model = cs_stats_model_new ();
  cs_recording_reader_replay (reader, model);
  cs_fuzz_check (cs_stats_model_get_state (model) == CS_CALL_STATE_LEFT);
}
