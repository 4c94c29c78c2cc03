/* fuzz-common.h — what every fuzz target shares: quiet logs, fatal criticals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each target calls cs_fuzz_init () first thing in LLVMFuzzerTestOneInput. Messages,
 * infos, debug output and warnings are dropped (a parser that warns on bad input is
 * doing its job, and a fuzzer feeds it millions); criticals and errors are printed and
 * abort, so that a g_return_if_fail () or a g_assert () reached from input is a crash
 * the fuzzer reports (and a bug to fix).
 */
#pragma once

#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static GLogWriterOutput
cs_fuzz_log_writer (GLogLevelFlags   log_level,
                    const GLogField *fields,
                    gsize            n_fields,
                    gpointer         user_data)
{
  if ((log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL)) == 0)
    return G_LOG_WRITER_HANDLED;
  g_log_writer_standard_streams (log_level, fields, n_fields, user_data);
  fflush (stderr);
  abort ();
}

/* A bug found by a target: says what and aborts (g_assert is compiled out with G_DISABLE_ASSERT). */
#define cs_fuzz_check(expr) \
  G_STMT_START { \
    if (G_UNLIKELY (!(expr))) \
      { \
        fprintf (stderr, "%s:%d: fuzz check failed: %s\n", __FILE__, __LINE__, #expr); \
        abort (); \
      } \
  } G_STMT_END

/* What a user may read (an error message, a name shown in the window) is UTF-8:
 * GTK refuses anything else. */
#define cs_fuzz_check_utf8(str) cs_fuzz_check ((str) == NULL || g_utf8_validate ((str), -1, NULL))

static inline void
cs_fuzz_init (void)
{
  static gboolean done = FALSE;

  if (done)
    return;
  done = TRUE;
  /* Plain local files and no GIO modules (gvfs would talk to D-Bus). */
  g_setenv ("GIO_USE_VFS", "local", TRUE);
  g_setenv ("GIO_MODULE_DIR", "/nonexistent", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_log_set_writer_func (cs_fuzz_log_writer, NULL, NULL);
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
}
