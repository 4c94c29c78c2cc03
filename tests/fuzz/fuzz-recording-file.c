/* fuzz-recording-file.c — a whole recording file through CsRecordingReader, then a replay
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is the file's content. It is read from an anonymous in-memory file
 * (memfd, opened through /proc/self/fd, so no disk is touched), exactly as
 * cs_recording_reader_new_from_file () reads a recording; what it accepts is replayed
 * into a fresh CsStatsModel, as "callscope --replay" does, so the model meets every
 * sample a file can hold.
 */
#define _GNU_SOURCE /* memfd_create */
#include "config.h"

#include <gio/gio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cs-recording-reader.h"
#include "cs-stats-model.h"
#include "fuzz-common.h"

static gboolean
write_all (int fd, const uint8_t *data, size_t size)
{
  while (size > 0)
    {
      ssize_t n = write (fd, data, size);

      if (n <= 0)
        return FALSE;
      data += n;
      size -= (size_t) n;
    }
  return TRUE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (CsRecordingReader) reader = NULL;
  g_autoptr (CsStatsModel) model = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = NULL;
  g_autofree char *path = NULL;
  GPtrArray *samples, *outputs, *warnings;
  int fd;

  cs_fuzz_init ();
  fd = memfd_create ("cs-fuzz-recording", MFD_CLOEXEC);
  cs_fuzz_check (fd >= 0);
  cs_fuzz_check (write_all (fd, data, size));
  path = g_strdup_printf ("/proc/self/fd/%d", fd);
  file = g_file_new_for_path (path);
  reader = cs_recording_reader_new_from_file (file, NULL, &error);
  close (fd);
  if (reader == NULL)
    {
      cs_fuzz_check (error != NULL && error->message != NULL);
      cs_fuzz_check_utf8 (error->message);
      return 0;
    }
  cs_fuzz_check (error == NULL);

  cs_fuzz_check (cs_recording_reader_get_mode (reader) != NULL);
  cs_fuzz_check (cs_recording_reader_get_start_time (reader) != NULL);
  cs_fuzz_check (cs_recording_reader_get_app_version (reader) != NULL);
  cs_fuzz_check (cs_recording_reader_get_local_uid (reader) != NULL);
  cs_fuzz_check_utf8 (cs_recording_reader_get_mode (reader));
  cs_fuzz_check_utf8 (cs_recording_reader_get_app_version (reader));
  cs_fuzz_check_utf8 (cs_recording_reader_get_local_uid (reader));
  samples = cs_recording_reader_get_samples (reader);
  outputs = cs_recording_reader_get_outputs (reader);
  warnings = cs_recording_reader_get_warnings (reader);
  cs_fuzz_check (samples != NULL && outputs != NULL && warnings != NULL);
  for (guint i = 0; i < samples->len; i++)
    {
      const CsStatsSample *sample = g_ptr_array_index (samples, i);

      cs_fuzz_check (sample != NULL && sample->observer_uid != NULL && sample->peer_uid != NULL);
      /* docs/recording-format.md: strings are UTF-8 (they become names in the window) */
      cs_fuzz_check_utf8 (sample->observer_uid);
      cs_fuzz_check_utf8 (sample->peer_uid);
      cs_fuzz_check_utf8 (sample->codec);
      cs_fuzz_check_utf8 (sample->display_name);
      cs_fuzz_check_utf8 (sample->message);
    }
  for (guint i = 0; i < warnings->len; i++)
    cs_fuzz_check (g_utf8_validate (g_ptr_array_index (warnings, i), -1, NULL));

  model = cs_stats_model_new ();
  cs_recording_reader_replay (reader, model);
  return 0;
}
