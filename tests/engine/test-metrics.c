/* test-metrics.c — the /metrics endpoint of a real headless lab call (docs/metrics.md):
 * promtool accepts a scrape, a real Prometheus scrapes a call with loss on one user and
 * its HTTP API shows that user's loss and worse score, bad requests get errors and change
 * nothing, a port in use or an address that cannot be bound exits 2
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <json-glib/json-glib.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <unistd.h>
#include <signal.h>
#include <string.h>

typedef struct
{
  GSubprocess *process;
  char        *err_path;
  guint16      port;
} Call;

static char *
read_file (const char *path)
{
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return g_strdup ("");
  return text;
}

/* Starts callscope with @args plus --metrics=127.0.0.1:0 and waits (30 s at most) for the
 * line that says which port it picked. */
static Call *
call_start (const char *const *args)
{
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  Call *call = g_new0 (Call, 1);
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  int fd;

  fd = g_file_open_tmp ("cs-metrics-XXXXXX.err", &call->err_path, &error);
  g_assert_no_error (error);
  close (fd);
  g_subprocess_launcher_set_stderr_file_path (launcher, call->err_path);
  g_ptr_array_add (argv, (char *) CALLSCOPE_BINARY);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, (char *) "--metrics=127.0.0.1:0");
  g_ptr_array_add (argv, NULL);
  call->process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  while (call->port == 0)
    {
      g_autofree char *err = read_file (call->err_path);
      const char *at = strstr (err, "serving metrics at http://127.0.0.1:");

      if (at != NULL)
        call->port = (guint16) g_ascii_strtoull (at + strlen ("serving metrics at http://127.0.0.1:"), NULL, 10);
      else if (g_get_monotonic_time () > deadline)
        g_error ("callscope never said where it serves metrics; its stderr:\n%s", err);
      else
        g_usleep (100 * 1000);
    }
  return call;
}

/* Ends the call with SIGINT and checks that it exits 0. */
static void
call_finish (Call *call)
{
  g_autoptr (GError) error = NULL;

  g_subprocess_send_signal (call->process, SIGINT);
  g_subprocess_wait (call->process, NULL, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_if_exited (call->process) || g_subprocess_get_exit_status (call->process) != 0)
    {
      g_autofree char *err = read_file (call->err_path);

      g_error ("callscope did not exit 0; its stderr:\n%s", err);
    }
  g_unlink (call->err_path);
  g_free (call->err_path);
  g_object_unref (call->process);
  g_free (call);
}

/* Sends @request (raw bytes) to 127.0.0.1:@port and returns everything the server answered
 * before closing (or "" when it closed without answering). @may_refuse: a server still starting
 * (Prometheus) may refuse the connection: NULL then, instead of a failed test. */
static char *
http_raw_full (guint16 port, const char *request, gsize length, gboolean may_refuse)
{
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GSocketConnection) connection = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GByteArray) answer = g_byte_array_new ();
  GOutputStream *out;
  GInputStream *in;
  guint8 buffer[16384];
  gssize n;

  g_socket_client_set_timeout (client, 20);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, &error);
  if (may_refuse && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    return NULL;
  g_assert_no_error (error);
  out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  /* a server may answer and close before it read everything: a failed write is fine */
  g_output_stream_write_all (out, request, length, NULL, NULL, NULL);
  while ((n = g_input_stream_read (in, buffer, sizeof buffer, NULL, &error)) > 0)
    g_byte_array_append (answer, buffer, (guint) n);
  /* closed by the server (a reset after an answer is fine), never a timeout */
  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    g_error ("the server never answered nor closed: %s", error->message);
  g_byte_array_append (answer, (const guint8 *) "", 1);
  return g_strdup ((const char *) answer->data);
}

static char *
http_raw (guint16 port, const char *request, gsize length)
{
  return http_raw_full (port, request, length, FALSE);
}

static char *
http_get (guint16 port, const char *path, const char *accept)
{
  g_autofree char *request = g_strdup_printf ("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s%s%sConnection: close\r\n\r\n", path,
                                              accept != NULL ? "Accept: " : "", accept != NULL ? accept : "",
                                              accept != NULL ? "\r\n" : "");

  return http_raw (port, request, strlen (request));
}

static const char *
body_of (const char *response)
{
  const char *body = strstr (response, "\r\n\r\n");

  return body != NULL ? body + 4 : "";
}

/* Polls the endpoint until the scrape has received packets for every user of the lab */
static char *
scrape_until_media (Call *call, const char *const *users)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  for (;;)
    {
      g_autofree char *response = http_get (call->port, "/metrics", NULL);
      gboolean all = TRUE;

      for (guint i = 0; users[i] != NULL; i++)
        {
          g_autofree char *line = g_strdup_printf ("callscope_packets_total{user=\"%s\",kind=\"audio\",direction=\"received\"} ", users[i]);
          const char *at = strstr (response, line);

          all = all && at != NULL && g_ascii_strtoull (at + strlen (line), NULL, 10) > 0;
        }
      if (all)
        return g_strdup (body_of (response));
      if (g_get_monotonic_time () > deadline)
        g_error ("the users never received media; the last scrape:\n%s", response);
      g_usleep (500 * 1000);
    }
}

static double
sample_value (const char *text, const char *series)
{
  g_autofree char *line = g_strdup_printf ("\n%s ", series);
  const char *at = strstr (text, line);

  return at != NULL ? g_ascii_strtod (at + strlen (line), NULL) : -1;
}

static void
test_scrape (void)
{
  const char *const args[] = { "--headless", "--users=2", "--duration=300", NULL };
  const char *const users[] = { "local", "user-1", "user-2", NULL };
  Call *call;
  g_autofree char *text = NULL;
  g_autofree char *path = NULL;
  g_autofree char *om = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) promtool = NULL;
  g_autofree char *promtool_out = NULL;
  g_autofree char *promtool_path = g_find_program_in_path ("promtool");
  double duration;
  int fd;

  call = call_start (args);
  text = scrape_until_media (call, users);
  g_assert_nonnull (strstr (text, "\ncallscope_call_up 1\n"));
  g_assert_nonnull (strstr (text, "# TYPE callscope_packets_total counter\n"));

  /* OpenMetrics when asked for by Accept, as Prometheus asks */
  om = http_get (call->port, "/metrics", "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");
  g_assert_true (g_str_has_prefix (om, "HTTP/1.1 200"));
  g_assert_nonnull (strstr (om, "Content-Type: application/openmetrics-text; version=1.0.0; charset=utf-8\r\n"));
  g_assert_true (g_str_has_suffix (om, "# EOF\n"));

  /* promtool accepts the real scrape */
  if (promtool_path == NULL)
    g_test_message ("promtool is not installed (Debian's prometheus): not checked");
  else
    {
      fd = g_file_open_tmp ("cs-metrics-XXXXXX.txt", &path, &error);
      g_assert_no_error (error);
      close (fd);
      g_assert_true (g_file_set_contents (path, text, -1, NULL));
      promtool = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE, &error,
                                   "sh", "-c", "promtool check metrics < \"$0\"", path, NULL);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (promtool, NULL, NULL, &promtool_out, NULL, &error);
      g_assert_no_error (error);
      if (g_subprocess_get_exit_status (promtool) != 0)
        g_error ("promtool check metrics refused the scrape: %s\n%s", promtool_out, text);
      g_unlink (path);
    }

  /* bad requests get an error answer */
  {
    g_autofree char *missing = http_get (call->port, "/other", NULL);
    g_autofree char *under = http_get (call->port, "/metrics/x", NULL);
    const char post[] = "POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    g_autofree char *posted = http_raw (call->port, post, strlen (post));
    const char body[] = "GET /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000\r\n\r\naaaa";
    g_autofree char *with_body = http_raw (call->port, body, strlen (body));
    const char garbage[] = "\x01\x02 nonsense \xff\xfe\r\n\r\n";
    g_autofree char *malformed = http_raw (call->port, garbage, strlen (garbage));
    g_autoptr (GString) huge = g_string_new ("GET /metrics HTTP/1.1\r\nHost: x\r\n");
    g_autofree char *huge_answer = NULL;

    while (huge->len < 4 * 1024 * 1024)
      g_string_append (huge, "X-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n");
    g_string_append (huge, "\r\n");
    huge_answer = http_raw (call->port, huge->str, huge->len);

    g_test_message ("404: %.40s | 405: %.40s | body: %.40s | malformed: %.40s | huge: %.40s",
                    missing, posted, with_body, malformed, huge_answer);
    g_assert_true (g_str_has_prefix (missing, "HTTP/1.1 404"));
    g_assert_true (g_str_has_prefix (under, "HTTP/1.1 404"));
    g_assert_true (g_str_has_prefix (posted, "HTTP/1.1 405"));
    g_assert_nonnull (strstr (posted, "Allow: GET, HEAD\r\n"));
    g_assert_true (g_str_has_prefix (with_body, "HTTP/1.1 413"));
    g_assert_true (g_str_has_prefix (malformed, "HTTP/1.0 400") || g_str_has_prefix (malformed, "HTTP/1.1 400"));
    /* libsoup closes a connection whose headers pass its limit (64 KiB) without an answer */
    g_assert_true (huge_answer[0] == '\0' || g_str_has_prefix (huge_answer, "HTTP/1.1 4"));
  }

  /* and change nothing: the call goes on, counting */
  duration = sample_value (text, "callscope_call_duration_seconds");
  {
    g_autofree char *later = http_get (call->port, "/metrics", NULL);

    g_assert_true (g_str_has_prefix (later, "HTTP/1.1 200"));
    g_assert_nonnull (strstr (later, "\ncallscope_call_up 1\n"));
    g_assert_cmpfloat (sample_value (body_of (later), "callscope_call_duration_seconds"), >=, duration);
  }
  call_finish (call);
}

/* Runs callscope headless with @metrics and returns its stderr; asserts exit status 2 */
static void
assert_refused (const char *metrics, const char *message)
{
  g_autofree char *option = g_strdup_printf ("--metrics=%s", metrics);
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                                      &error, CALLSCOPE_BINARY, "--headless", "--users=1",
                                                      "--duration=30", option, NULL);
  g_autofree char *err = NULL;

  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  g_test_message ("%s: %s", option, err);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 2);
  g_assert_nonnull (strstr (err, message));
  g_assert_null (strchr (strchr (err, '\n') + 1, '\n')); /* one line */
}

static void
test_refused (void)
{
  g_autoptr (GSocketListener) listener = g_socket_listener_new ();
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *taken = NULL;

  g_socket_listener_add_address (listener, any, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  taken = g_strdup_printf ("127.0.0.1:%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  assert_refused (taken, "Cannot serve metrics on 127.0.0.1:");
  assert_refused ("192.0.2.1:9090", "Cannot serve metrics on 192.0.2.1:9090");
  assert_refused ("example.org:9090", "--metrics must be an IP address and a port");
  assert_refused ("127.0.0.1:99999", "--metrics must be an IP address and a port");
  assert_refused ("127.0.0.1", "--metrics must be an IP address and a port");
}

static guint16
free_port (void)
{
  g_autoptr (GSocketListener) listener = g_socket_listener_new ();
  g_autoptr (GError) error = NULL;
  guint16 port = g_socket_listener_add_any_inet_port (listener, NULL, &error);

  g_assert_no_error (error);
  g_socket_listener_close (listener);
  return port;
}

/* the value of the single result of @query to Prometheus' HTTP API, or -1 */
static double
query (guint16 port, const char *expression, char **seen)
{
  g_autofree char *escaped = g_uri_escape_string (expression, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/api/v1/query?query=%s", escaped);
  g_autofree char *request = g_strdup_printf ("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", path);
  /* Prometheus may not listen yet: that is a wait, not a failure */
  g_autofree char *response = http_raw_full (port, request, strlen (request), TRUE);
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonArray *result;

  if (response == NULL)
    {
      g_free (*seen);
      *seen = g_strdup ("(Prometheus refused the connection: not listening yet)");
      return -1;
    }
  g_free (*seen);
  *seen = g_strdup (body_of (response));
  if (!json_parser_load_from_data (parser, body_of (response), -1, NULL) || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return -1;
  root = json_node_get_object (json_parser_get_root (parser));
  if (!json_object_has_member (root, "data"))
    return -1;
  result = json_object_get_array_member (json_object_get_object_member (root, "data"), "result");
  if (json_array_get_length (result) != 1)
    return -1;
  return g_ascii_strtod (json_array_get_string_element (json_object_get_array_member (json_array_get_object_element (result, 0), "value"), 1), NULL);
}

static void
test_prometheus (void)
{
  const char *const args[] = { "--headless", "--users=3", "--duration=300", "--impair=user-1:loss=15", NULL };
  g_autofree char *prometheus = g_find_program_in_path ("prometheus");
  g_autofree char *dir = NULL;
  g_autofree char *config = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *storage = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *seen = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) server = NULL;
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  gint64 deadline;
  guint16 port;
  double loss = -1, worst_other = -1, user1 = -1;
  Call *call;

  if (prometheus == NULL)
    {
      g_test_skip ("prometheus is not installed (Debian's prometheus, tools/dev.sh installs it)");
      return;
    }
  call = call_start (args);
  dir = g_dir_make_tmp ("cs-prometheus-XXXXXX", &error);
  g_assert_no_error (error);
  config_path = g_build_filename (dir, "prometheus.yml", NULL);
  storage = g_build_filename (dir, "data", NULL);
  config = g_strdup_printf ("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                            "scrape_configs:\n  - job_name: callscope\n    static_configs:\n"
                            "      - targets: ['127.0.0.1:%u']\n", call->port);
  g_assert_true (g_file_set_contents (config_path, config, -1, NULL));
  port = free_port ();
  listen = g_strdup_printf ("--web.listen-address=127.0.0.1:%u", port);
  {
    g_autofree char *config_option = g_strdup_printf ("--config.file=%s", config_path);
    g_autofree char *storage_option = g_strdup_printf ("--storage.tsdb.path=%s", storage);

    server = g_subprocess_launcher_spawn (launcher, &error, prometheus, config_option, storage_option, listen, NULL);
    g_assert_no_error (error);
  }

  /* poll its HTTP API until it has seen user-1's loss and a worse score than the others' */
  deadline = g_get_monotonic_time () + 150 * G_USEC_PER_SEC;
  for (;;)
    {
      g_usleep (G_USEC_PER_SEC);
      if (g_subprocess_get_identifier (server) == NULL)
        g_error ("prometheus exited");
      loss = query (port, "callscope_packet_loss_ratio{user=\"user-1\"}", &seen);
      user1 = query (port, "callscope_network_quality{user=\"user-1\",direction=\"uplink\"}", &seen);
      worst_other = query (port, "max(callscope_network_quality{user!=\"user-1\",direction=\"uplink\"})", &seen);
      if (loss > 0.05 && user1 > worst_other && worst_other >= 1)
        break;
      if (g_get_monotonic_time () > deadline)
        g_error ("Prometheus never showed user-1's loss and worse score: loss %g, user-1 uplink %g, others' worst %g; last answer: %s",
                 loss, user1, worst_other, seen);
    }
  g_test_message ("Prometheus: user-1 loss %g, uplink score %g, the others' worst %g", loss, user1, worst_other);
  g_assert_cmpfloat (loss, <, 0.5);
  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, NULL);
  call_finish (call);
  {
    g_autoptr (GSubprocess) rm = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, NULL, "rm", "-rf", dir, NULL);

    g_subprocess_wait (rm, NULL, NULL);
  }
}

/* A headless call without --duration (or with 0) runs until SIGTERM / SIGINT, then ends
 * cleanly: exit 0, its recording closed with the leave */
static void
test_until_signal (gconstpointer data)
{
  const char *duration = data;
  const char *const users[] = { "local", "user-1", NULL };
  g_autofree char *record = NULL;
  g_autofree char *record_option = NULL;
  g_autofree char *text = NULL;
  g_autofree char *lines = NULL;
  g_autoptr (GError) error = NULL;
  const char *args[6] = { "--headless", "--users=1", NULL, NULL, NULL, NULL };
  Call *call;
  int fd;

  fd = g_file_open_tmp ("cs-metrics-XXXXXX.jsonl", &record, &error);
  g_assert_no_error (error);
  close (fd);
  record_option = g_strdup_printf ("--record=%s", record);
  args[2] = record_option;
  args[3] = duration;
  call = call_start (args);
  text = scrape_until_media (call, users);
  g_subprocess_send_signal (call->process, SIGTERM);
  g_subprocess_wait (call->process, NULL, &error);
  g_assert_no_error (error);
  {
    g_autofree char *err = read_file (call->err_path);

    g_test_message ("%s", err);
    g_assert_true (g_subprocess_get_if_exited (call->process));
    g_assert_cmpint (g_subprocess_get_exit_status (call->process), ==, 0);
    g_assert_nonnull (strstr (err, "interrupted"));
  }
  g_assert_true (g_file_get_contents (record, &lines, NULL, NULL));
  g_assert_nonnull (strstr (lines, "\"type\":\"user-left\""));
  g_unlink (record);
  g_unlink (call->err_path);
  g_free (call->err_path);
  g_object_unref (call->process);
  g_free (call);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/metrics/scrape", test_scrape);
  g_test_add_func ("/metrics/refused", test_refused);
  g_test_add_func ("/metrics/prometheus", test_prometheus);
  g_test_add_data_func ("/metrics/until-signal/no-duration", NULL, test_until_signal);
  g_test_add_data_func ("/metrics/until-signal/zero-duration", "--duration=0", test_until_signal);
  return g_test_run ();
}
