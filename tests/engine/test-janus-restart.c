/* test-janus-restart.c — a probe survives its Janus: killed, restarted, joined again
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts Debian's `janus` with tests/janus (as test-janus-call.c: WebSocket API on
 * 127.0.0.1:18188, room 1234), a publisher and an observer (`callscope --headless`, each a
 * probe without an end of its own), kills Janus with SIGKILL once the observer receives the
 * publisher's media, starts it again once the observer has failed to join again at least
 * once, and waits for the observer to be up again and to receive media again. Neither exits
 * meanwhile; the observer's recording has media on both sides of the gap, the down and up
 * events, the connection samples that make callscope_call_up 0 and then 1 (which its metrics
 * endpoint, scraped, says too), and the model's CONNECTION_LOST with its recovery. Every wait is for a condition, bounded generously
 * (CS_TEST_TIMING_SLACK widens them); a failure prints what the recording held.
 * Without janus installed the case is skipped.
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <libsoup/soup.h>

#include "cs-test-run.h"

#define WS_URL "--janus=ws://127.0.0.1:18188"
#define METRICS_PORT 18190

static gboolean
janus_answers (void)
{
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GSocketConnection) ws = NULL;
  g_autoptr (GSocketConnection) http = NULL;

  g_socket_client_set_timeout (client, 1);
  ws = g_socket_client_connect_to_host (client, "127.0.0.1", 18188, NULL, NULL);
  http = g_socket_client_connect_to_host (client, "127.0.0.1", 18088, NULL, NULL);
  return ws != NULL && http != NULL;
}

static GSubprocess *
janus_start (const char *log)
{
  g_autofree char *exe = g_find_program_in_path ("janus");
  g_autofree char *folder = g_test_build_filename (G_TEST_DIST, "janus", NULL);
  g_autofree char *config = g_build_filename (folder, "janus.jcfg", NULL);
  const char *argv[] = { exe, "-F", folder, "-C", config, "-L", log, "--disable-colors", NULL };
  g_autoptr (GError) error = NULL;
  GSubprocess *janus;

  /* janus may keep its port for a moment after it was killed */
  for (guint i = 0; i < 100 && janus_answers (); i++)
    g_usleep (100 * G_TIME_SPAN_MILLISECOND);
  g_assert_false (janus_answers ()); /* nothing else may hold the test ports */
  janus = cs_test_spawn (argv, "/dev/null", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 150 && !janus_answers (); i++)
    g_usleep (100 * G_TIME_SPAN_MILLISECOND);
  g_assert_true (janus_answers ());
  return janus;
}

static void
janus_kill (GSubprocess **janus)
{
  if (*janus == NULL)
    return;
  g_subprocess_force_exit (*janus); /* SIGKILL: no goodbye */
  g_subprocess_wait (*janus, NULL, NULL);
  g_clear_object (janus);
}

/* The time of the first line of @type whose text holds @text (unless NULL), at or after @after;
 * NAN when there is none. Reads the recording as it is now (flushed every second). */
static double
line_after (CsTestRun *run, const char *type, const char *text, double after)
{
  g_autofree char *data = NULL;
  g_autofree char *needle = g_strdup_printf ("\"type\":\"%s\"", type);
  g_auto (GStrv) lines = NULL;

  if (!g_file_get_contents (run->path, &data, NULL, NULL))
    return NAN;
  lines = g_strsplit (data, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr (JsonNode) node = NULL;
      double t;

      if (strstr (lines[i], needle) == NULL || (text != NULL && strstr (lines[i], text) == NULL))
        continue;
      node = json_from_string (lines[i], NULL);
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        continue; /* the line being written */
      t = cs_test_num (json_node_get_object (node), "t");
      if (!isnan (t) && t >= after)
        return t;
    }
  return NAN;
}

/* Waits (at most @timeout_s, widened by the slack) for line_after(); prints the recording on a time-out. */
static double
wait_after (CsTestRun *run, const char *type, const char *text, double after, double timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (timeout_s * cs_test_timing_slack () * G_USEC_PER_SEC);
  double t = NAN;

  while (isnan (t = line_after (run, type, text, after)) && g_get_monotonic_time () < deadline)
    {
      g_assert_nonnull (g_subprocess_get_identifier (run->process)); /* still running */
      g_usleep (200 * G_TIME_SPAN_MILLISECOND);
    }
  if (isnan (t))
    {
      g_autofree char *data = NULL;

      g_file_get_contents (run->path, &data, NULL, NULL);
      g_test_message ("no %s line with “%s” at or after %.1f s within %.0f s; the recording held:\n%s", type,
                      text != NULL ? text : "", after, timeout_s * cs_test_timing_slack (), data ? data : "");
    }
  else
    g_test_message ("%s “%s” at %.1f s", type, text != NULL ? text : "", t);
  return t;
}

/* Scrapes the probe until its exposition has @line (bounded, widened by the slack); prints the
 * last exposition on a time-out. */
static gboolean
scrape_until (const char *line, double timeout_s)
{
  g_autoptr (SoupSession) soup = soup_session_new_with_options ("timeout", 5, NULL);
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%d/metrics", METRICS_PORT);
  g_autofree char *needle = g_strdup_printf ("\n%s\n", line);
  gint64 deadline = g_get_monotonic_time () + (gint64) (timeout_s * cs_test_timing_slack () * G_USEC_PER_SEC);
  g_autofree char *last = NULL;

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr (SoupMessage) msg = soup_message_new ("GET", url);
      g_autoptr (GBytes) body = soup_session_send_and_read (soup, msg, NULL, NULL);

      if (body != NULL)
        {
          g_free (last);
          last = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
          if (strstr (last, needle) != NULL)
            {
              g_test_message ("scraped “%s”", line);
              return TRUE;
            }
        }
      g_usleep (250 * G_TIME_SPAN_MILLISECOND);
    }
  g_test_message ("no “%s” in the scrapes within %.0f s; the last one:\n%s", line, timeout_s * cs_test_timing_slack (),
                  last != NULL ? last : "(none answered)");
  return FALSE;
}

/* an inbound media sample with packets, in [@t0, @t1] */
static gboolean
media_between (CsTestRun *run, double t0, double t1)
{
  for (guint i = 0; i < run->lines->len; i++)
    {
      JsonObject *o = g_ptr_array_index (run->lines, i);
      double t = cs_test_num (o, "t");

      if (cs_test_is_type (o, "sample") && g_strcmp0 (cs_test_str (o, "direction"), "inbound") == 0 &&
          (g_strcmp0 (cs_test_str (o, "kind"), "video") == 0 || g_strcmp0 (cs_test_str (o, "kind"), "audio") == 0) &&
          cs_test_counter (o, "packets") > 0 && t >= t0 && t <= t1)
        return TRUE;
    }
  return FALSE;
}

/* the first connection sample local → server in @state at or after @after */
static double
server_state_after (CsTestRun *run, const char *state, double after)
{
  for (guint i = 0; i < run->lines->len; i++)
    {
      JsonObject *o = g_ptr_array_index (run->lines, i);
      double t = cs_test_num (o, "t");

      if (cs_test_is_type (o, "sample") && g_strcmp0 (cs_test_str (o, "kind"), "connection") == 0 &&
          g_strcmp0 (cs_test_str (o, "peer_uid"), "server") == 0 &&
          g_strcmp0 (cs_test_str (o, "connection_state"), state) == 0 && t >= after)
        return t;
    }
  return NAN;
}

static gboolean
has_exception (CsTestRun *run, guint code, double after)
{
  for (guint i = 0; i < run->lines->len; i++)
    {
      JsonObject *o = g_ptr_array_index (run->lines, i);

      if (cs_test_is_type (o, "exception") && cs_test_num (o, "code") == code && cs_test_num (o, "t") >= after)
        return TRUE;
    }
  return FALSE;
}

/* @data: the probe's Janus API, WebSocket (FALSE) or HTTP long polls (TRUE); the publisher's is the WebSocket */
static void
test_restart (gconstpointer data)
{
  gboolean http = GPOINTER_TO_INT (data);
  /* the durations only bound the runs when something goes wrong: the test ends them with SIGINT */
  const char *pub_args[] = { "--duration=300", WS_URL, "--room=1234", "--display=Alice", NULL };
  const char *obs_args[] = { "--duration=300", http ? "--janus=http://127.0.0.1:18088/janus" : WS_URL, "--room=1234", "--display=Probe", "--no-publish",
                             "--metrics=127.0.0.1:18190", "--probe-name=restart", NULL };
  g_autofree char *exe = g_find_program_in_path ("janus");
  g_autofree char *log = NULL;
  g_autoptr (GSubprocess) janus = NULL;
  g_autoptr (CsTestRun) pub = NULL;
  g_autoptr (CsTestRun) obs = NULL;
  g_autoptr (GError) error = NULL;
  double t_media, t_down, t_retry, t_up, t_again;
  int fd;

  if (exe == NULL)
    {
      g_test_skip ("janus is not installed (apt-get install janus)");
      return;
    }
  fd = g_file_open_tmp ("cs-janus-XXXXXX.log", &log, &error);
  g_assert_no_error (error);
  close (fd);

  janus = janus_start (log);
  pub = cs_test_run_start (pub_args, TRUE);
  g_assert_true (cs_test_run_wait_for (pub, "local-video-stats", NULL, 20));
  obs = cs_test_run_start (obs_args, TRUE);
  t_media = wait_after (obs, "remote-video-stats", NULL, 0, 30);
  g_assert_false (isnan (t_media));
  g_assert_true (scrape_until ("callscope_call_up{probe=\"restart\"} 1", 20));

  /* the server dies; the probes notice, say so, and try again (1 s later, then 2 s …) */
  janus_kill (&janus);
  t_down = wait_after (obs, "event", "The call is down", t_media, 30);
  g_assert_false (isnan (t_down));
  t_retry = wait_after (obs, "event", "Joining again failed", t_down, 30);
  g_assert_false (isnan (t_retry));
  /* down: the probe still answers its scrapes, and says so */
  g_assert_true (scrape_until ("callscope_call_up{probe=\"restart\"} 0", 20));

  /* back: both join again; the probe receives the publisher's media again */
  janus = janus_start (log);
  t_up = wait_after (obs, "event", "The call is up again", t_retry, 60);
  g_assert_false (isnan (t_up));
  t_again = wait_after (obs, "remote-video-stats", NULL, t_up + 2, 60);
  g_assert_false (isnan (t_again));
  g_assert_true (scrape_until ("callscope_call_up{probe=\"restart\"} 1", 20));
  /* the model's recovery follows its hysteresis (docs/quality-score.md) */
  g_assert_false (isnan (wait_after (obs, "exception", "\"code\":7005", t_up, 30)));

  /* neither exited meanwhile: now they are ended as an operator would */
  g_assert_nonnull (g_subprocess_get_identifier (obs->process));
  g_assert_nonnull (g_subprocess_get_identifier (pub->process));
  g_subprocess_send_signal (obs->process, SIGINT);
  g_subprocess_send_signal (pub->process, SIGINT);
  cs_test_run_finish (obs);
  cs_test_run_finish (pub);
  janus_kill (&janus);
  g_unlink (log);

  g_test_message ("media from %.1f s, down at %.1f s, a failed attempt at %.1f s, up at %.1f s, media again at %.1f s",
                  t_media, t_down, t_retry, t_up, t_again);
  if (!media_between (obs, 0, t_down) || !media_between (obs, t_up, t_again + 5) ||
      isnan (server_state_after (obs, "failed", t_media)) || isnan (server_state_after (obs, "connected", t_up)) ||
      !has_exception (obs, 5005, t_media) || !has_exception (obs, 7005, t_down))
    {
      const char *types[] = { "event", "exception", "user-joined", "user-left", NULL };

      cs_test_dump (obs, NULL, 0, 1e9, types);
    }
  g_assert_cmpint (obs->status, ==, 0);
  g_assert_cmpint (pub->status, ==, 0);
  g_assert_nonnull (strstr (obs->stderr_text, "down:"));
  g_assert_nonnull (strstr (obs->stderr_text, "up:"));
  /* one recording, media on both sides of the gap */
  g_assert_true (media_between (obs, 0, t_down));
  g_assert_true (media_between (obs, t_up, t_again + 5));
  /* what makes callscope_call_up 0 and then 1 again, in the recording (a replay agrees) */
  g_assert_false (isnan (server_state_after (obs, "failed", t_media)));
  g_assert_false (isnan (server_state_after (obs, "connected", t_up)));
  /* the model's event: the connection was lost (5005), and recovered (7005) */
  g_assert_true (has_exception (obs, 5005, t_media));
  g_assert_true (has_exception (obs, 7005, t_down));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_data_func ("/janus/ws/server-restarts", GINT_TO_POINTER (FALSE), test_restart);
  g_test_add_data_func ("/janus/http/server-restarts", GINT_TO_POINTER (TRUE), test_restart);
  return g_test_run ();
}
