/* fuzz-driver.c — replays fuzz inputs through a target without libFuzzer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Linked with one fuzz-*.c instead of -fsanitize=fuzzer, so that any compiler (gcc in CI)
 * can run a corpus as a plain test: every argument is a file, or a directory whose files
 * (recursively, in name order) are each fed once to LLVMFuzzerTestOneInput. Arguments that
 * start with '-' (libFuzzer's flags) are ignored, so a libFuzzer command line also works here.
 * A crash or an abort in the target fails the test; the input's name is printed before it runs.
 */
#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static gboolean
run_file (const char *path, guint *n_run)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree uint8_t *copy = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      fprintf (stderr, "fuzz-driver: %s\n", error->message);
      return FALSE;
    }
  /* An exact-size copy: a read past the end is caught by ASan (contents is NUL-terminated). */
  copy = g_memdup2 (contents, length > 0 ? length : 1);
  printf ("# %s (%" G_GSIZE_FORMAT " bytes)\n", path, length);
  fflush (stdout);
  LLVMFuzzerTestOneInput (copy, length);
  (*n_run)++;
  return TRUE;
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
run_path (const char *path, guint *n_run)
{
  g_autoptr (GPtrArray) names = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    return run_file (path, n_run);

  dir = g_dir_open (path, 0, &error);
  if (dir == NULL)
    {
      fprintf (stderr, "fuzz-driver: %s\n", error->message);
      return FALSE;
    }
  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *child = g_build_filename (path, g_ptr_array_index (names, i), NULL);

      if (!run_path (child, n_run))
        return FALSE;
    }
  return TRUE;
}

int
main (int argc, char **argv)
{
  guint n_run = 0, n_paths = 0;

  for (int i = 1; i < argc; i++)
    {
      if (argv[i][0] == '-')
        continue;
      n_paths++;
      if (!run_path (argv[i], &n_run))
        return 1;
    }
  if (n_paths == 0)
    {
      fprintf (stderr, "usage: %s CORPUS-DIR-OR-FILE...\n", argv[0]);
      return 2;
    }
  if (n_run == 0)
    {
      fprintf (stderr, "fuzz-driver: no inputs found\n");
      return 1;
    }
  printf ("%u inputs replayed\n", n_run);
  return 0;
}
