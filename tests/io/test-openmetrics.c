/* test-openmetrics.c — CsOpenMetrics: exact lines of both formats, counters that stay
 * monotonic when a user leaves and joins again, label escaping and bounds, exceptions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "cs-openmetrics.h"

static CsStatsSample *
media (double t, const char *observer, const char *peer, CsSampleKind kind, CsSampleDirection direction,
       guint64 packets, guint64 bytes, gint64 lost)
{
  CsStatsSample *s = cs_stats_sample_new ();

  s->t = t;
  s->observer_uid = g_strdup (observer);
  s->peer_uid = g_strdup (peer);
  s->kind = kind;
  s->direction = direction;
  s->ssrc = 1234;
  s->packets = packets;
  s->bytes = bytes;
  s->packets_lost = lost;
  s->has_packets_lost = TRUE;
  s->jitter_ms = 12;
  s->rtt_ms = 40;
  return s;
}

static void
feed (CsStatsModel *model, double t, guint64 packets, guint64 bytes, gint64 lost)
{
  g_autoptr (CsStatsSample) in = media (t, "local", "user-1", CS_SAMPLE_KIND_AUDIO, CS_SAMPLE_DIRECTION_INBOUND,
                                        packets, bytes, lost);
  g_autoptr (CsStatsSample) out = media (t, "user-1", "local", CS_SAMPLE_KIND_AUDIO, CS_SAMPLE_DIRECTION_OUTBOUND,
                                         packets + lost, bytes, lost);

  g_assert_true (cs_stats_model_ingest (model, in));
  g_assert_true (cs_stats_model_ingest (model, out));
  cs_stats_model_commit (model, t);
}

static void
assert_line (const char *text, const char *line)
{
  g_autofree char *needle = g_strdup_printf ("\n%s\n", line);

  if (strstr (text, needle) == NULL)
    g_error ("no line “%s” in:\n%s", line, text);
}

static void
assert_no_line_starting (const char *text, const char *start)
{
  g_autofree char *needle = g_strdup_printf ("\n%s", start);

  if (strstr (text, needle) != NULL)
    g_error ("a line starting “%s” in:\n%s", start, text);
}

static void
test_formats (void)
{
  g_autoptr (CsStatsModel) model = cs_stats_model_new ();
  g_autoptr (CsOpenMetrics) metrics = cs_openmetrics_new (model);
  g_autofree char *om = NULL;
  g_autofree char *prom = NULL;

  cs_stats_model_join (model, "local");
  for (guint t = 0; t < 6; t++)
    feed (model, t, 50 * t, 8000 * t, 0);
  om = cs_openmetrics_write (metrics, CS_METRICS_FORMAT_OPENMETRICS);
  prom = cs_openmetrics_write (metrics, CS_METRICS_FORMAT_PROMETHEUS);
  g_test_message ("%s", om);

  g_assert_true (g_str_has_prefix (om, "# TYPE callscope_build info\n# HELP callscope_build "));
  g_assert_true (g_str_has_suffix (om, "\n# EOF\n"));
  assert_line (om, "callscope_build_info{version=\"" PACKAGE_VERSION "\"} 1");
  assert_line (om, "callscope_call_up 1");
  assert_line (om, "callscope_call_duration_seconds 5");
  assert_line (om, "# UNIT callscope_call_duration_seconds seconds");
  assert_line (om, "callscope_users_present 2");
  assert_line (om, "# TYPE callscope_packets counter");
  assert_line (om, "callscope_packets_total{user=\"local\",kind=\"audio\",direction=\"received\"} 250");
  assert_line (om, "callscope_packets_total{user=\"user-1\",kind=\"audio\",direction=\"sent\"} 250");
  assert_line (om, "# UNIT callscope_bytes bytes");
  assert_line (om, "callscope_bytes_total{user=\"local\",kind=\"audio\",direction=\"received\"} 40000");
  assert_line (om, "callscope_packets_lost_total{user=\"local\",kind=\"audio\",direction=\"received\"} 0");
  assert_line (om, "callscope_rtt_seconds{user=\"user-1\"} 0.04");

  /* Prometheus 0.0.4: the sample's name in HELP and TYPE, no UNIT, no EOF, info as a gauge */
  g_assert_true (g_str_has_prefix (prom, "# HELP callscope_build_info "));
  assert_line (prom, "# TYPE callscope_build_info gauge");
  assert_line (prom, "# TYPE callscope_packets_total counter");
  assert_line (prom, "callscope_packets_total{user=\"local\",kind=\"audio\",direction=\"received\"} 250");
  g_assert_null (strstr (prom, "# UNIT"));
  g_assert_null (strstr (prom, "# EOF"));

  /* every sample written is one of the names the writer lists */
  {
    g_auto (GStrv) lines = g_strsplit (om, "\n", -1);
    const char * const *names = cs_openmetrics_sample_names ();

    for (guint i = 0; lines[i] != NULL; i++)
      {
        gsize len = strcspn (lines[i], "{ ");
        g_autofree char *name = g_strndup (lines[i], len);

        if (lines[i][0] == '#' || lines[i][0] == '\0')
          continue;
        g_assert_true (g_strv_contains (names, name));
      }
    /* and every listed name is written (its metadata at least, in Prometheus' format) */
    for (guint i = 0; names[i] != NULL; i++)
      {
        g_autofree char *type = g_strdup_printf ("# TYPE %s ", names[i]);

        g_assert_nonnull (strstr (prom, type));
      }
  }
}

/* A user that leaves and joins again (or a new call) reports its counters from zero:
 * the exposition keeps counting from where it was */
static void
test_monotonic (void)
{
  g_autoptr (CsStatsModel) model = cs_stats_model_new ();
  g_autoptr (CsOpenMetrics) metrics = cs_openmetrics_new (model);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  cs_stats_model_join (model, "local");
  feed (model, 0, 100, 1000, 5);
  feed (model, 1, 150, 1500, 7);
  before = cs_openmetrics_write (metrics, CS_METRICS_FORMAT_OPENMETRICS);
  assert_line (before, "callscope_packets_total{user=\"local\",kind=\"audio\",direction=\"received\"} 150");
  assert_line (before, "callscope_packets_lost_total{user=\"local\",kind=\"audio\",direction=\"received\"} 7");
  cs_stats_model_leave (model);
  {
    g_autofree char *left = cs_openmetrics_write (metrics, CS_METRICS_FORMAT_OPENMETRICS);

    assert_line (left, "callscope_call_up 0");
    assert_line (left, "callscope_users_present 0");
    assert_no_line_starting (left, "callscope_network_quality{");
    assert_line (left, "callscope_packets_total{user=\"local\",kind=\"audio\",direction=\"received\"} 150");
  }
  cs_stats_model_join (model, "local");
  feed (model, 0, 30, 300, 2);
  after = cs_openmetrics_write (metrics, CS_METRICS_FORMAT_OPENMETRICS);
  assert_line (after, "callscope_packets_total{user=\"local\",kind=\"audio\",direction=\"received\"} 180");
  assert_line (after, "callscope_bytes_total{user=\"local\",kind=\"audio\",direction=\"received\"} 1800");
  assert_line (after, "callscope_packets_lost_total{user=\"local\",kind=\"audio\",direction=\"received\"} 9");
  assert_line (after, "callscope_call_up 1");
}

static void
server (CsStatsModel *model, double t, CsConnectionState state)
{
  g_autoptr (CsStatsSample) s = cs_stats_sample_new ();

  s->t = t;
  s->observer_uid = g_strdup ("local");
  s->peer_uid = g_strdup ("server");
  s->kind = CS_SAMPLE_KIND_CONNECTION;
  s->connection_state = state;
  g_assert_true (cs_stats_model_ingest (model, s));
}

static void
assert_up (CsOpenMetrics *metrics, const char *line)
{
  g_autofree char *text = cs_openmetrics_write (metrics, CS_METRICS_FORMAT_OPENMETRICS);

  assert_line (text, line);
}

/* A probe whose server is lost stays in its call (cs-call-controller-retry.c): down until
 * it is connected again, not while it is connecting again; counters go on across the gap. */
static void
test_server_lost (void)
{
  g_autoptr (CsStatsModel) model = cs_stats_model_new ();
  g_autoptr (CsOpenMetrics) metrics = cs_openmetrics_new (model);

  cs_stats_model_join (model, "local");
  server (model, 0, CS_CONNECTION_STATE_CONNECTING);
  feed (model, 0, 0, 0, 0);
  assert_up (metrics, "callscope_call_up 1"); /* the first join: as before */
  server (model, 1, CS_CONNECTION_STATE_CONNECTED);
  feed (model, 1, 100, 1000, 0);
  assert_up (metrics, "callscope_call_up 1");
  server (model, 2, CS_CONNECTION_STATE_FAILED);
  cs_stats_model_commit (model, 2);
  assert_up (metrics, "callscope_call_up 0");
  server (model, 3, CS_CONNECTION_STATE_CLOSED);
  cs_stats_model_commit (model, 3);
  assert_up (metrics, "callscope_call_up 0");
  server (model, 4, CS_CONNECTION_STATE_CONNECTING);
  cs_stats_model_commit (model, 4);
  assert_up (metrics, "callscope_call_up 0");
  g_assert_true (cs_stats_model_get_server_lost (model));
  server (model, 5, CS_CONNECTION_STATE_CONNECTED);
  feed (model, 5, 40, 400, 0); /* a new session: its counters start again */
  assert_up (metrics, "callscope_call_up 1");
  assert_up (metrics, "callscope_call_duration_seconds 5");
  assert_up (metrics, "callscope_packets_total{user=\"local\",kind=\"audio\",direction=\"received\"} 140");
  cs_stats_model_leave (model);
  g_assert_false (cs_stats_model_get_server_lost (model));
  assert_up (metrics, "callscope_call_up 0");
}

static void
test_labels (void)
{
  g_autoptr (CsStatsModel) model = cs_stats_model_new ();
  g_autoptr (CsOpenMetrics) metrics = cs_openmetrics_new (model);
  g_autoptr (GString) value = g_string_new (NULL);
  g_autoptr (GString) long_uid = g_string_new (NULL);
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;

  cs_openmetrics_append_label_value (value, "a\"b\\c\nd 张三");
  g_assert_cmpstr (value->str, ==, "a\\\"b\\\\c\\nd 张三");
  g_string_truncate (value, 0);
  cs_openmetrics_append_label_value (value, "bad \xff utf8");
  g_assert_true (g_utf8_validate (value->str, -1, NULL));

  for (guint i = 0; i < 100; i++)
    g_string_append (long_uid, "é");
  cs_stats_model_join (model, "local");
  {
    g_autoptr (CsStatsSample) s = media (0, long_uid->str, "local", CS_SAMPLE_KIND_VIDEO,
                                         CS_SAMPLE_DIRECTION_OUTBOUND, 10, 100, 0);

    cs_stats_model_ingest (model, s);
    cs_stats_model_commit (model, 0);
  }
  cs_openmetrics_set_probe_name (metrics, "probe \"eu-1\"");
  text = cs_openmetrics_write (metrics, CS_METRICS_FORMAT_PROMETHEUS);
  g_test_message ("%s", text);
  g_string_truncate (long_uid, CS_OPENMETRICS_MAX_LABEL_CHARS * 2);
  expected = g_strdup_printf ("callscope_packets_total{probe=\"probe \\\"eu-1\\\"\",user=\"%s\",kind=\"video\",direction=\"sent\"} 10",
                              long_uid->str);
  assert_line (text, expected);
  assert_line (text, "callscope_call_up{probe=\"probe \\\"eu-1\\\"\"} 1");
}

/* users beyond the bound are not counted (the exposition stays bounded) */
static void
test_bounded_users (void)
{
  g_autoptr (CsStatsModel) model = cs_stats_model_new ();
  g_autoptr (CsOpenMetrics) metrics = cs_openmetrics_new (model);
  g_autofree char *text = NULL;
  guint n = 0;

  cs_stats_model_join (model, "local");
  for (guint i = 0; i < CS_OPENMETRICS_MAX_USERS + 50; i++)
    {
      g_autofree char *uid = g_strdup_printf ("u%u", i);
      g_autoptr (CsStatsSample) s = media (0, uid, "local", CS_SAMPLE_KIND_AUDIO, CS_SAMPLE_DIRECTION_OUTBOUND, 1, 1, 0);

      cs_stats_model_ingest (model, s);
    }
  cs_stats_model_commit (model, 0);
  text = cs_openmetrics_write (metrics, CS_METRICS_FORMAT_OPENMETRICS);
  for (const char *p = text; (p = strstr (p, "\ncallscope_packets_total{")) != NULL; p++)
    n++;
  g_assert_cmpuint (n, ==, CS_OPENMETRICS_MAX_USERS);
}

static void
test_exceptions (void)
{
  g_autoptr (CsStatsModel) model = cs_stats_model_new ();
  g_autoptr (CsOpenMetrics) metrics = cs_openmetrics_new (model);
  CsExceptionEvent raise = { .t = 1, .code = CS_EXCEPTION_POOR_UPLINK, .msg = (char *) "POOR_UPLINK", .uid = (char *) "user-1" };
  CsExceptionEvent recover = { .t = 3, .code = CS_EXCEPTION_POOR_UPLINK + CS_EXCEPTION_RECOVERY_OFFSET,
                               .msg = (char *) "POOR_UPLINK_RECOVER", .uid = (char *) "user-1", .is_recovery = TRUE };
  g_autofree char *raised = NULL;
  g_autofree char *recovered = NULL;

  cs_stats_model_join (model, "local");
  /* the model's own signal, as the detector emits it */
  g_signal_emit_by_name (model, "exception", &raise);
  raised = cs_openmetrics_write (metrics, CS_METRICS_FORMAT_OPENMETRICS);
  assert_line (raised, "callscope_exceptions_total{code=\"5001\",name=\"POOR_UPLINK\"} 1");
  assert_line (raised, "callscope_exception_active{user=\"user-1\",code=\"5001\",name=\"POOR_UPLINK\"} 1");
  g_signal_emit_by_name (model, "exception", &recover);
  cs_stats_model_add_notice (model, CS_EXCEPTION_RECORDING_FAILED, CS_UNKNOWN);
  recovered = cs_openmetrics_write (metrics, CS_METRICS_FORMAT_OPENMETRICS);
  assert_line (recovered, "callscope_exceptions_total{code=\"5001\",name=\"POOR_UPLINK\"} 1");
  assert_line (recovered, "callscope_exceptions_total{code=\"5101\",name=\"RECORDING_FAILED\"} 1");
  assert_no_line_starting (recovered, "callscope_exception_active{");
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/openmetrics/formats", test_formats);
  g_test_add_func ("/openmetrics/monotonic", test_monotonic);
  g_test_add_func ("/openmetrics/labels", test_labels);
  g_test_add_func ("/openmetrics/server-lost", test_server_lost);
  g_test_add_func ("/openmetrics/bounded-users", test_bounded_users);
  g_test_add_func ("/openmetrics/exceptions", test_exceptions);
  return g_test_run ();
}
