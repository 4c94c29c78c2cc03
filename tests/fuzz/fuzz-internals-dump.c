/* fuzz-internals-dump.c — a whole webrtc-internals dump (its text, decompressed)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input goes to cs_internals_dump_parse () as the importer gives it. A refused input
 * must come with a one-line UTF-8 error of CS_ERROR_INVALID_DUMP; an accepted one must keep
 * the promises of cs-dump.h: within its bounds, every string UTF-8, each object's times not
 * decreasing and each of its series one value per point. It is then imported and replayed
 * (fuzz-dump.h).
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "cs-error.h"
#include "cs-internals-dump.h"
#include "fuzz-common.h"
#include "fuzz-dump.h"

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
  cs_fuzz_check (dump->format == CS_DUMP_FORMAT_INTERNALS);
  cs_fuzz_check_dump (dump, FALSE);
  cs_fuzz_import_and_replay (dump);
  cs_dump_free (dump);
  return 0;
}
