/* test-window-export.c — the Export menu: the report, the CSV file, the chart images, the
 * summary and the chart picture on the clipboard, anonymised or not
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A recording with a lossy user is opened; each export is asked for through the window and
 * then read back: the report names every user and has one SVG per chart, the CSV file has a
 * row per second and user, the clipboard holds the same summary the headless mode prints and
 * a picture of all the charts.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "cs-call-export.h"
#include "cs-window.h"
#include "cs-window-private.h"

static gboolean have_display;

#define SKIP_WITHOUT_DISPLAY() \
  G_STMT_START { if (!have_display) { g_test_skip ("no display"); return; } } G_STMT_END

static gboolean
replay_running (CsWindow *window)
{
  return g_action_group_get_action_enabled (G_ACTION_GROUP (window), "cancel-replay");
}

static CsWindow *
open_recording (void)
{
  g_autofree char *path = g_build_filename (CS_TEST_RECORDINGS, "lab-wifi-lossy.jsonl", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  CsWindow *window = g_object_ref_sink (cs_window_new (NULL));

  gtk_window_present (GTK_WINDOW (window));
  cs_window_open_recording (window, file);
  while (replay_running (window))
    g_main_context_iteration (NULL, TRUE);
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  return window;
}

/* Waits (bounded) until @path exists and is not empty, returns its contents */
static char *
wait_for_file (const char *path)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  char *contents = NULL;

  while (g_get_monotonic_time () < deadline)
    {
      gsize length = 0;

      g_main_context_iteration (NULL, FALSE);
      if (g_file_get_contents (path, &contents, &length, NULL) && length > 0)
        return contents;
      g_clear_pointer (&contents, g_free);
      g_usleep (10000);
    }
  g_error ("%s was not written within 30 s", path);
  return NULL;
}

static guint
count (const char *haystack, const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static void
test_files (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *report_path = NULL, *csv_path = NULL, *charts_path = NULL;
  g_autofree char *report = NULL, *csv = NULL;
  g_autoptr (GFile) report_file = NULL, csv_file = NULL, charts_file = NULL;
  g_auto (GStrv) rows = NULL;
  CsWindow *window;

  SKIP_WITHOUT_DISPLAY ();
  dir = g_dir_make_tmp ("callscope-export-XXXXXX", NULL);
  report_path = g_build_filename (dir, "report.html", NULL);
  csv_path = g_build_filename (dir, "table.csv", NULL);
  charts_path = g_build_filename (dir, "charts", NULL);
  report_file = g_file_new_for_path (report_path);
  csv_file = g_file_new_for_path (csv_path);
  charts_file = g_file_new_for_path (charts_path);

  window = open_recording ();
  g_assert_true (_cs_window_export_to_file (window, "report", report_file));
  g_assert_true (_cs_window_export_to_file (window, "csv", csv_file));
  g_assert_true (_cs_window_export_to_file (window, "charts", charts_file));
  g_assert_false (_cs_window_export_to_file (window, "pdf", csv_file));
  report = wait_for_file (report_path);
  csv = wait_for_file (csv_path);

  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *section = g_strdup_printf ("<section class=\"user\" data-uid=\"user-%u\">", i);

      g_assert_nonnull (strstr (report, section));
    }
  g_assert_cmpuint (count (report, "<figure class=\"chart\">"), ==, 7);
  g_assert_cmpuint (count (report, "<svg"), ==, 7);
  g_assert_nonnull (strstr (report, "data-code=\"5001\""));
  /* a row per second and user: 4 users (the local one too) over the 25 committed seconds */
  rows = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (rows), >=, 1 + 4 * 23);
  g_assert_true (g_str_has_prefix (rows[0], "time (s),clock (UTC),uid,name,"));
  for (guint i = 1; i <= 7; i++)
    {
      static const char *const names[] = { "uplink-quality", "downlink-quality", "delays", "packet-loss",
                                           "jitter", "rtt", "bitrate" };
      g_autofree char *base = g_strdup_printf ("%02u-%s.png", i, names[i - 1]);
      g_autofree char *png = g_build_filename (charts_path, base, NULL);

      g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
      g_remove (png);
    }
  g_rmdir (charts_path);
  g_remove (report_path);
  g_remove (csv_path);
  g_rmdir (dir);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
}

static void
read_text_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(char **) user_data = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  if (*(char **) user_data == NULL)
    *(char **) user_data = g_strdup ("");
}

static void
test_clipboard (void)
{
  CsWindow *window;
  GdkClipboard *clipboard;
  g_autofree char *text = NULL, *expected = NULL, *anonymised = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  gint64 deadline;

  SKIP_WITHOUT_DISPLAY ();
  window = open_recording ();
  clipboard = gtk_widget_get_clipboard (GTK_WIDGET (window));
  g_action_group_activate_action (G_ACTION_GROUP (window), "copy-summary", NULL);
  gdk_clipboard_read_text_async (clipboard, NULL, read_text_cb, &text);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (text == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  expected = cs_call_export_summary (cs_window_get_controller (window), FALSE);
  g_assert_cmpstr (text, ==, expected);
  g_assert_nonnull (strstr (text, "bad periods:"));
  g_assert_nonnull (strstr (text, "user-1 uplink"));

  /* anonymised: aliases in place of the names */
  g_action_group_change_action_state (G_ACTION_GROUP (window), "export-anonymise", g_variant_new_boolean (TRUE));
  g_clear_pointer (&text, g_free);
  g_action_group_activate_action (G_ACTION_GROUP (window), "copy-summary", NULL);
  gdk_clipboard_read_text_async (clipboard, NULL, read_text_cb, &text);
  while (text == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (strstr (text, "Participant 1"));
  g_assert_null (strstr (text, "user-1 uplink"));

  /* the picture: every chart one under the other, drawn (not blank) */
  texture = _cs_window_export_charts_texture (window, 800);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 800);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 7 * 260);
  {
    gsize stride = 800 * 4;
    g_autofree guchar *pixels = g_malloc (stride * 7 * 260);
    guint coloured = 0;

    gdk_texture_download (texture, pixels, stride);
    for (gsize i = 0; i < stride * 7 * 260; i += 4)
      if (MAX (MAX (pixels[i], pixels[i + 1]), pixels[i + 2]) - MIN (MIN (pixels[i], pixels[i + 1]), pixels[i + 2]) > 60)
        coloured++;
    g_test_message ("%u coloured pixels", coloured);
    g_assert_cmpuint (coloured, >, 2000);
  }
  g_action_group_activate_action (G_ACTION_GROUP (window), "copy-charts", NULL);
  g_assert_true (gdk_clipboard_is_local (clipboard));
  g_assert_true (gdk_content_formats_contain_gtype (gdk_clipboard_get_formats (clipboard), GDK_TYPE_TEXTURE));
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  have_display = gtk_init_check ();
  if (have_display)
    adw_init ();
  g_test_add_func ("/window-export/files", test_files);
  g_test_add_func ("/window-export/clipboard", test_clipboard);
  return g_test_run ();
}
