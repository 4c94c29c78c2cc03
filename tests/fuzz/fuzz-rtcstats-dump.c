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
#include "fuzz-dump.h"

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
  cs_fuzz_check_dump (dump, TRUE);
  cs_fuzz_import_and_replay (dump);
  return 0;
}
