/* fuzz-import.h — what both dump fuzz targets do with a dump their reader accepted
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The importer (cs_dump_import ()) turns it into samples — or refuses it with
 * CS_ERROR_NO_CALL and a one-line message — and the samples, in time order, are replayed
 * into a fresh model, as opening the dump in the window or `--import` would do: the model
 * meets whatever a dump can make of it.
 */
#pragma once

#include <string.h>

#include "cs-dump-import.h"
#include "cs-error.h"
#include "cs-stats-model.h"
#include "fuzz-common.h"

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
