/* cs-test-janus.h — the test Janus and the Chromium harness, for the engine's real-call tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by test-janus-call.c, test-janus-chromium.c and test-chromium-compare.c. The test
 * Janus (tests/janus: VideoRoom, WebSockets on 127.0.0.1:18188, HTTP on 18088, admin API on
 * 18089) runs as a child of the test; tests/browser/janus-publish.mjs runs Debian's headless
 * Chromium with janus.js and writes Chromium's own getStats() as JSON Lines to a log.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define CS_TEST_SKIP_STATUS 77 /* the harness' exit status when Chromium cannot be used */

typedef struct
{
  GSubprocess *janus;
  char        *log;
} CsTestJanus;

gboolean  cs_test_port_answers  (guint16 port);
/* Starts janus; FALSE (and the case is skipped) when it is not installed. Asserts that nothing
 * else holds the test ports first and that both answer within 10 s. */
gboolean  cs_test_janus_start   (CsTestJanus *j);
/* SIGTERM, 5 s, SIGKILL; waits for the ports to close; removes the log */
void      cs_test_janus_stop    (CsTestJanus *j);
/* SIGTERM, then (after @grace_s) SIGKILL, and reap */
void      cs_test_process_stop  (GSubprocess *process, double grace_s);

typedef struct
{
  GSubprocess *node;
  char        *log;
} CsTestChromium;

/* Starts `node tests/browser/janus-publish.mjs ARGS` with its output in a temporary log;
 * FALSE (and the case is skipped) when node is not installed. */
gboolean  cs_test_chromium_start (CsTestChromium *c, const char *const *args);
/* Waits until @n_publishers publishers sent video frames. FALSE when the harness exited
 * first or @timeout_s passed: the case is then skipped (exit 77: Chromium cannot be used, the
 * reason given) or fails with the harness' output. */
gboolean  cs_test_chromium_wait_sending (CsTestChromium *c, guint n_publishers, double timeout_s);
void      cs_test_chromium_stop  (CsTestChromium *c);
/* Every JSON object line of the harness' log so far */
GPtrArray *cs_test_json_lines    (const char *path);

G_END_DECLS
