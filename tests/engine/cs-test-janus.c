/* cs-test-janus.c — the test Janus and the Chromium harness (see cs-test-janus.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "cs-test-janus.h"
#include "cs-test-run.h"

gboolean
cs_test_port_answers (guint16 port)
{
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GSocketConnection) c = NULL;

  g_socket_client_set_timeout (client, 1);
  c = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);
  return c != NULL;
}

static gboolean
janus_answers (void)
{
  return cs_test_port_answers (18188) && cs_test_port_answers (18088) && cs_test_port_answers (18089);
}

gboolean
cs_test_janus_start (CsTestJanus *j)
{
  g_autofree char *exe = g_find_program_in_path ("janus");
  g_autofree char *folder = g_test_build_filename (G_TEST_DIST, "janus", NULL);
  g_autofree char *config = g_build_filename (folder, "janus.jcfg", NULL);
  g_autoptr (GError) error = NULL;
  int fd;

  if (exe == NULL)
    {
      g_test_skip ("janus is not installed (apt-get install janus)");
      return FALSE;
    }
  /* nothing else may hold the test ports */
  g_assert_false (cs_test_port_answers (18188) || cs_test_port_answers (18088));
  fd = g_file_open_tmp ("cs-janus-XXXXXX.log", &j->log, &error);
  g_assert_no_error (error);
  close (fd);
  {
    const char *argv[] = { exe, "-F", folder, "-C", config, "-L", j->log, "--disable-colors", NULL };

    j->janus = cs_test_spawn (argv, "/dev/null", &error);
    g_assert_no_error (error);
  }
  for (guint i = 0; i < 100 && !janus_answers (); i++)
    g_usleep (100 * G_TIME_SPAN_MILLISECOND);
  g_assert_true (janus_answers ());
  return TRUE;
}

void
cs_test_process_stop (GSubprocess *process, double grace_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (grace_s * G_USEC_PER_SEC);

  if (process == NULL)
    return;
  g_subprocess_send_signal (process, SIGTERM);
  while (g_subprocess_get_identifier (process) != NULL && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (50 * G_TIME_SPAN_MILLISECOND);
    }
  if (g_subprocess_get_identifier (process) != NULL)
    {
      g_test_message ("process %s did not stop on SIGTERM within %.0f s: killed",
                      g_subprocess_get_identifier (process), grace_s);
      g_subprocess_force_exit (process);
    }
  g_subprocess_wait (process, NULL, NULL);
}

void
cs_test_janus_stop (CsTestJanus *j)
{
  /* Janus may hang in its own shutdown (seen once: the whole suite stalled there) */
  cs_test_process_stop (j->janus, 5);
  g_clear_object (&j->janus);
  /* janus may keep its ports for a moment after it exits */
  for (guint i = 0; i < 50 && (cs_test_port_answers (18188) || cs_test_port_answers (18088)); i++)
    g_usleep (100 * G_TIME_SPAN_MILLISECOND);
  if (j->log != NULL)
    {
      g_unlink (j->log);
      g_clear_pointer (&j->log, g_free);
    }
}

gboolean
cs_test_chromium_start (CsTestChromium *c, const char *const *args)
{
  g_autofree char *node = g_find_program_in_path ("node");
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "browser", "janus-publish.mjs", NULL);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  int fd;

  if (node == NULL)
    {
      g_test_skip ("node is not installed (apt-get install nodejs)");
      return FALSE;
    }
  fd = g_file_open_tmp ("cs-chromium-XXXXXX.jsonl", &c->log, &error);
  g_assert_no_error (error);
  close (fd);
  g_ptr_array_add (argv, node);
  g_ptr_array_add (argv, script);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  c->node = cs_test_spawn ((const char *const *) argv->pdata, c->log, &error);
  g_assert_no_error (error);
  return TRUE;
}

GPtrArray *
cs_test_json_lines (const char *path)
{
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return out;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr (JsonParser) parser = json_parser_new ();

      if (lines[i][0] == '{' && json_parser_load_from_data (parser, lines[i], -1, NULL) &&
          JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        g_ptr_array_add (out, json_object_ref (json_node_get_object (json_parser_get_root (parser))));
    }
  return out;
}

/* How many publishers have sent video frames */
static guint
publishers_sending (const char *log)
{
  g_autoptr (GPtrArray) lines = cs_test_json_lines (log);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < lines->len; i++)
    {
      JsonObject *o = g_ptr_array_index (lines, i);

      if (g_strcmp0 (cs_test_str (o, "type"), "outbound") == 0 && g_strcmp0 (cs_test_str (o, "kind"), "video") == 0 &&
          cs_test_counter (o, "framesSent") > 0)
        g_hash_table_add (seen, (gpointer) cs_test_str (o, "display"));
    }
  return g_hash_table_size (seen);
}

gboolean
cs_test_chromium_wait_sending (CsTestChromium *c, guint n_publishers, double timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (timeout_s * G_USEC_PER_SEC);
  g_autofree char *text = NULL;
  int status = -1;

  while (g_get_monotonic_time () < deadline)
    {
      if (publishers_sending (c->log) >= n_publishers)
        return TRUE;
      g_main_context_iteration (NULL, FALSE);
      if (g_subprocess_get_identifier (c->node) == NULL)
        {
          status = g_subprocess_get_if_exited (c->node) ? g_subprocess_get_exit_status (c->node) : -1;
          break;
        }
      g_usleep (200 * G_TIME_SPAN_MILLISECOND);
    }
  g_file_get_contents (c->log, &text, NULL, NULL);
  if (status == CS_TEST_SKIP_STATUS)
    {
      g_test_skip (text != NULL ? text : "Chromium cannot start");
      return FALSE;
    }
  g_test_message ("Chromium harness (exit %d; %u of %u publishers sending after %.0f s): %s", status,
                  publishers_sending (c->log), n_publishers, timeout_s, text != NULL ? text : "");
  g_test_fail ();
  return FALSE;
}

void
cs_test_chromium_stop (CsTestChromium *c)
{
  cs_test_process_stop (c->node, 10);
  g_clear_object (&c->node);
  if (c->log != NULL)
    {
      /* kept when the test failed, for its numbers */
      if (g_test_failed ())
        g_test_message ("Chromium's stats are kept in %s", c->log);
      else
        g_unlink (c->log);
      g_clear_pointer (&c->log, g_free);
    }
}
