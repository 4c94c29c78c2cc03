/* test-import-files.c — every kind of file Callscope opens, told apart by content
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Through cs_call_file_read() (what the window and the replay use): recordings, both dump
 * formats gzipped or not (whatever the file's name says), and the files to refuse, each
 * with its error code. Through `callscope --headless --import` (CALLSCOPE_BINARY): the exit
 * status and the one-line message of docs/import.md, and an import recorded with --record
 * that replays to the same summary.
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

#include "cs-call-file.h"
#include "cs-error.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("cs-test-import-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autoptr (GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *p = g_build_filename (f->dir, name, NULL);
      g_unlink (p);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static char *
dump_path (const char *name)
{
  return g_build_filename (CS_TEST_DUMPS, name, NULL);
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr (GError) error = NULL;
  char *data = NULL;
  gsize len = 0;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, len);
}

static GBytes *
gzip_bytes (GBytes *plain)
{
  g_autoptr (GZlibCompressor) gzip = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, -1);
  g_autoptr (GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr (GOutputStream) out = g_converter_output_stream_new (memory, G_CONVERTER (gzip));
  g_autoptr (GError) error = NULL;
  gsize len;
  const char *data = g_bytes_get_data (plain, &len);

  g_output_stream_write_all (out, data, len, NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (out, NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

static char *
write_file (Fixture *f, const char *name, const void *data, gsize len)
{
  g_autoptr (GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
  return path;
}

static CsRecordingReader *
read_path (const char *path, GError **error)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);

  return cs_call_file_read (file, NULL, NULL, NULL, NULL, error);
}

/* ---- through the library ------------------------------------------------------------ */

/* The same dump, plain and gzipped under a name that says neither, reads the same. */
static void
test_gzip_by_content (Fixture *f, gconstpointer data)
{
  static const char * const names[] = { "handmade-chrome144-internals.txt", "handmade-rtcstats-compressed.txt" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *plain_path = dump_path (names[i]);
      g_autoptr (GBytes) plain = read_bytes (plain_path);
      g_autoptr (GBytes) gz = gzip_bytes (plain);
      g_autofree char *gz_path = write_file (f, "dump.json", g_bytes_get_data (gz, NULL), g_bytes_get_size (gz));
      g_autoptr (GError) error = NULL;
      g_autoptr (CsRecordingReader) a = read_path (plain_path, &error);
      g_autoptr (CsRecordingReader) b = NULL;
      GPtrArray *sa, *sb;

      g_assert_no_error (error);
      b = read_path (gz_path, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (cs_recording_reader_get_mode (b), ==, "import");
      g_assert_cmpstr (cs_recording_reader_get_source_format (a), ==, cs_recording_reader_get_source_format (b));
      g_assert_cmpstr (cs_recording_reader_get_source_file (b), ==, "dump.json");
      sa = cs_recording_reader_get_samples (a);
      sb = cs_recording_reader_get_samples (b);
      g_assert_cmpuint (sa->len, >, 10);
      g_assert_cmpuint (sa->len, ==, sb->len);
      for (guint k = 0; k < sa->len; k++)
        g_assert_true (cs_stats_sample_equal (g_ptr_array_index (sa, k), g_ptr_array_index (sb, k)));
    }
}

static void
test_formats (Fixture *f, gconstpointer data)
{
  static const struct { const char *name; const char *format; } cases[] = {
    { "handmade-chrome86-internals.txt", "webrtc-internals" },
    { "handmade-chrome117-internals.txt", "webrtc-internals" },
    { "handmade-chrome144-internals.txt", "webrtc-internals" },
    { "handmade-rtcstats-compressed.txt", "rtcstats" },
    { "handmade-rtcstats-uncompressed.txt", "rtcstats" },
    { "handmade-rtcstats-legacy.txt", "rtcstats-legacy" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = dump_path (cases[i].name);
      g_autoptr (GError) error = NULL;
      g_autoptr (CsRecordingReader) reader = read_path (path, &error);

      g_test_message ("%s", cases[i].name);
      g_assert_no_error (error);
      g_assert_cmpstr (cs_recording_reader_get_source_format (reader), ==, cases[i].format);
      g_assert_cmpstr (cs_recording_reader_get_source_file (reader), ==, cases[i].name);
      g_assert_cmpuint (cs_recording_reader_get_samples (reader)->len, >, 0);
    }
}

static void
test_recording_still_reads (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (CS_TEST_RECORDINGS, "lab-wifi-lossy.jsonl", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (CsRecordingReader) reader = read_path (path, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (cs_recording_reader_get_mode (reader), ==, "lab");
  g_assert_cmpstr (cs_recording_reader_get_source_format (reader), ==, "");
}

static void
test_refused (Fixture *f, gconstpointer data)
{
  g_autofree char *fixture = dump_path ("handmade-chrome144-internals.txt");
  g_autoptr (GBytes) plain = read_bytes (fixture);
  g_autoptr (GBytes) gz = gzip_bytes (plain);
  struct { const char *what; const void *data; gsize len; int code; const char *says; } cases[] = {
    { "empty", "", 0, CS_ERROR_INVALID_DUMP, "empty" },
    { "blank", "  \n\n", 4, CS_ERROR_INVALID_DUMP, "empty" },
    { "text", "hello, this is a log\n", 21, CS_ERROR_INVALID_DUMP, "not JSON" },
    { "other JSON", "{\"name\":\"x\",\"list\":[1,2]}\n", 26, CS_ERROR_INVALID_DUMP, "PeerConnections" },
    { "truncated gzip", g_bytes_get_data (gz, NULL), g_bytes_get_size (gz) / 2, CS_ERROR_INVALID_DUMP, "gzip" },
    { "gzip magic only", "\x1f\x8b", 2, CS_ERROR_INVALID_DUMP, "gzip" },
    { "wrong shape", "{\n \"PeerConnections\": [1, 2]\n}\n", 30, CS_ERROR_INVALID_DUMP, NULL },
    { "no connection", "{\n \"getUserMedia\": [],\n \"PeerConnections\": {}\n}\n", 48, CS_ERROR_NO_CALL, "no peer connection" },
    { "format 7", "RTCStatsDump\n{\"fileFormat\":7}\n", 30, CS_ERROR_UNSUPPORTED_VERSION, "7" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = write_file (f, "file", cases[i].data, cases[i].len);
      g_autoptr (GError) error = NULL;
      g_autoptr (CsRecordingReader) reader = read_path (path, &error);

      g_test_message ("%s: %s", cases[i].what, error != NULL ? error->message : "(read)");
      g_assert_null (reader);
      g_assert_error (error, CS_ERROR, cases[i].code);
      g_assert_null (strchr (error->message, '\n'));
      if (cases[i].says != NULL)
        g_assert_nonnull (strstr (error->message, cases[i].says));
    }
}

typedef struct
{
  guint   calls;
  goffset last_done, total;
  gboolean decreased;
} Progress;

static void
progress_cb (goffset done, goffset total, gpointer data)
{
  Progress *p = data;

  p->calls++;
  p->decreased |= done < p->last_done;
  p->last_done = done;
  p->total = total;
}

/* Every format reports how far the reading is, from the file's bytes (gzipped too). */
static void
test_progress (Fixture *f, gconstpointer data)
{
  g_autofree char *rtc = dump_path ("handmade-rtcstats-compressed.txt");
  g_autofree char *internals = dump_path ("handmade-chrome117-internals.txt");
  g_autoptr (GBytes) plain = read_bytes (internals);
  g_autoptr (GBytes) gz = gzip_bytes (plain);
  g_autofree char *gz_path = write_file (f, "internals.gz", g_bytes_get_data (gz, NULL), g_bytes_get_size (gz));
  g_autofree char *big_path = NULL;
  const char *paths[4];

  /* a dump larger than what is read to tell the formats apart: the RTCStats fixture with its
   * getStats lines again and again (each later than the one before) */
  {
    g_autoptr (GBytes) fixture = read_bytes (rtc);
    g_auto (GStrv) lines = g_strsplit (g_bytes_get_data (fixture, NULL), "\n", -1);
    g_autoptr (GString) big = g_string_new (NULL);

    for (guint i = 0; lines[i] != NULL; i++)
      if (*lines[i] != '\0')
        g_string_append_printf (big, "%s\n", lines[i]);
    for (guint k = 0; k < 200; k++)
      for (guint i = 0; lines[i] != NULL; i++)
        if (g_str_has_prefix (lines[i], "[1,") || g_str_has_prefix (lines[i], "[\"getStats\""))
          g_string_append_printf (big, "%s\n", lines[i]);
    big_path = write_file (f, "big-rtcstats.txt", big->str, big->len);
    g_assert_cmpuint (big->len, >, 200 * 1024);
  }
  paths[0] = rtc;
  paths[1] = internals;
  paths[2] = gz_path;
  paths[3] = big_path;

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr (GFile) file = g_file_new_for_path (paths[i]);
      g_autoptr (GError) error = NULL;
      g_autoptr (CsRecordingReader) reader = NULL;
      Progress p = { 0 };

      reader = cs_call_file_read (file, NULL, progress_cb, &p, NULL, &error);
      g_assert_no_error (error);
      g_test_message ("%s: %u calls, last %" G_GOFFSET_FORMAT " of %" G_GOFFSET_FORMAT, paths[i], p.calls,
                      p.last_done, p.total);
      /* a small file is read at once, to tell its format; a large one bit by bit */
      g_assert_cmpuint (p.calls, >=, i == 3 ? 5 : 1);
      g_assert_false (p.decreased);
      /* the end: all of the file */
      g_assert_cmpint (p.last_done, ==, p.total);
      g_assert_cmpint (p.total, >, 0);
    }
}

/* ---- through the command line -------------------------------------------------------- */

typedef struct
{
  int   status;
  char *out;
  char *err;
} Result;

static void
result_clear (Result *r)
{
  g_free (r->out);
  g_free (r->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

static void
run (Result *r, const char *first, ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  int wait_status = 0;
  va_list args;

  g_ptr_array_add (argv, (gpointer) CALLSCOPE_BINARY);
  g_ptr_array_add (argv, (gpointer) "--headless");
  va_start (args, first);
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &r->out, &r->err, &wait_status, &error);
  g_assert_no_error (error);
  r->status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
  g_test_message ("exit %d\nstdout:\n%s\nstderr:\n%s", r->status, r->out, r->err);
}

static void
test_cli_status (Fixture *f, gconstpointer data)
{
  g_autofree char *good = dump_path ("handmade-chrome144-internals.txt");
  g_autofree char *empty = dump_path ("handmade-empty-internals.txt");
  g_autofree char *format7 = dump_path ("handmade-rtcstats-format7.txt");
  g_autofree char *text = write_file (f, "notes.txt", "not a dump\n", 11);
  g_autofree char *opt = NULL;

  {
    g_auto (Result) r = { 0 };

    opt = g_strdup_printf ("--import=%s", good);
    run (&r, opt, NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "imported: webrtc-internals dump of Chrome 144.0.7559.96"));
    g_assert_nonnull (strstr (r.out, "9-1 (Peer 9-1)"));
  }
  {
    g_auto (Result) r = { 0 };

    g_free (opt);
    opt = g_strdup_printf ("--import=%s", empty);
    run (&r, opt, NULL);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "no call to score"));
  }
  {
    const char *paths[] = { format7, text };

    for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
      {
        g_auto (Result) r = { 0 };
        const char *nl;

        g_free (opt);
        opt = g_strdup_printf ("--import=%s", paths[i]);
        run (&r, opt, NULL);
        g_assert_cmpint (r.status, ==, 2);
        /* one line, naming the file */
        nl = strchr (r.err, '\n');
        g_assert_nonnull (nl);
        g_assert_cmpint (nl[1], ==, '\0');
        g_assert_nonnull (strstr (r.err, paths[i]));
        g_assert_cmpstr (r.out, ==, "");
      }
  }
}

/* An import written with --record says what it was made from, and replays to the same summary. */
static void
test_cli_record_replays (Fixture *f, gconstpointer data)
{
  g_autofree char *dump = dump_path ("handmade-chrome117-internals.txt");
  g_autofree char *rec = g_build_filename (f->dir, "import.jsonl", NULL);
  g_autofree char *import_opt = g_strdup_printf ("--import=%s", dump);
  g_autofree char *record_opt = g_strdup_printf ("--record=%s", rec);
  g_autofree char *replay_opt = g_strdup_printf ("--replay=%s", rec);
  g_auto (Result) a = { 0 };
  g_auto (Result) b = { 0 };
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  const char *summary_a, *summary_b;

  run (&a, import_opt, record_opt, NULL);
  g_assert_cmpint (a.status, ==, 0);
  g_file_get_contents (rec, &text, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (text, "{\"type\":\"session\""));
  g_assert_nonnull (strstr (text, "\"mode\":\"import\""));
  g_assert_nonnull (strstr (text, "\"source\":{\"format\":\"webrtc-internals\",\"browser\":\"Chrome 117.0.5938.149\","
                                  "\"file\":\"handmade-chrome117-internals.txt\"}"));
  /* the call's start, not the time of the import */
  g_assert_nonnull (strstr (text, "\"start\":\"2023-10-02T08:59:59"));

  run (&b, replay_opt, NULL);
  g_assert_cmpint (b.status, ==, 0);
  /* the same users, scores and exceptions; only the "imported:" line differs */
  summary_a = strstr (a.out, "\n\n");
  summary_b = strstr (b.out, "\n\n");
  g_assert_nonnull (summary_a);
  g_assert_nonnull (summary_b);
  g_assert_cmpstr (summary_a, ==, summary_b);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/import-files/gzip-by-content", Fixture, NULL, fixture_set_up, test_gzip_by_content, fixture_tear_down);
  g_test_add ("/import-files/formats", Fixture, NULL, fixture_set_up, test_formats, fixture_tear_down);
  g_test_add ("/import-files/recording", Fixture, NULL, fixture_set_up, test_recording_still_reads, fixture_tear_down);
  g_test_add ("/import-files/refused", Fixture, NULL, fixture_set_up, test_refused, fixture_tear_down);
  g_test_add ("/import-files/progress", Fixture, NULL, fixture_set_up, test_progress, fixture_tear_down);
  g_test_add ("/import-files/cli-status", Fixture, NULL, fixture_set_up, test_cli_status, fixture_tear_down);
  g_test_add ("/import-files/cli-record-replays", Fixture, NULL, fixture_set_up, test_cli_record_replays,
              fixture_tear_down);
  return g_test_run ();
}
