/* test-whip-bounds.c — WHIP/WHEP endpoints that misbehave on purpose: Callscope bounds what it reads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 8: everything from the network is untrusted. A rogue endpoint (a SoupServer on
 * 127.0.0.1 without webrtcbin) answers with a 10 MiB SDP, one that never ends, 17 m-lines,
 * 100 candidates, a Location on another origin or a redirect; `callscope --headless` must
 * refuse each with a message, in bounded time, and never send the token to another origin.
 */
#include "config.h"

#include <gio/gio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "cs-test-run.h"

#define TOKEN "secret"

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

/* A rogue endpoint of its own (a thread with its own context, as cs-test-whip-fake.c): no
 * webrtcbin, answers built from the offer's text, and one misbehaviour per case. Beside it
 * two servers of other origins, 127.0.0.1 on another port and 127.0.0.2, count every
 * request they get: the endpoint's token must never reach them. */
typedef enum
{
  ROGUE_HUGE_LENGTH,     /* POST → 201, a 10 MiB SDP with a Content-Length */
  ROGUE_HUGE_CHUNKED,    /* POST → 201, a 10 MiB SDP in chunks, no length */
  ROGUE_TRICKLE,         /* POST → 201, an SDP that trickles a byte every 200 ms, forever */
  ROGUE_MANY_MLINES,     /* POST → 201, an answer with 17 m-lines */
  ROGUE_MANY_CANDIDATES, /* POST → 201, an answer with 100 candidates */
  ROGUE_FOREIGN_PORT,    /* POST → 201, Location on 127.0.0.1, another port */
  ROGUE_FOREIGN_HOST,    /* POST → 201, Location on 127.0.0.2 */
  ROGUE_REDIRECT,        /* OPTIONS → 307, POST → 303, both to the other origin */
} Rogue;

typedef struct
{
  GThread           *thread;
  GMainContext      *context;
  GMainLoop         *loop;
  SoupServer        *server;
  SoupServer        *foreign;       /* listens on 127.0.0.1 and on 127.0.0.2 */
  guint              port;
  guint              foreign_port;
  Rogue              rogue;
  GMutex             lock;
  GCond              cond;
  gboolean           ready;
  SoupServerMessage *trickle;
  GSource           *trickle_source;
  /* read after rogue_stop () */
  guint              n_posts;
  guint              n_deletes;
  guint              n_foreign;     /* requests the other origins received */
  guint              n_foreign_auth;/* … with an Authorization header */
  guint              n_trickled;
} RogueEndpoint;

/* An answer to @offer: its m-lines, directions turned, no candidates; @n_candidates host
 * candidates (on ports nobody listens on) in the first m-line. */
static char *
rogue_answer (const char *offer, guint n_candidates)
{
  g_auto(GStrv) lines = g_strsplit (offer, "\r\n", -1);
  GString *answer = g_string_new (NULL);
  gboolean first_media = TRUE;
  gboolean in_media = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *l = lines[i];

      if (*l == '\0' || g_str_has_prefix (l, "a=candidate") || g_str_has_prefix (l, "a=end-of-candidates"))
        continue;
      if (g_str_has_prefix (l, "m=") && in_media)
        first_media = FALSE;
      if (g_str_has_prefix (l, "m="))
        in_media = TRUE;
      if (g_str_equal (l, "a=sendonly"))
        l = "a=recvonly";
      else if (g_str_equal (l, "a=recvonly"))
        l = "a=sendonly";
      else if (g_str_equal (l, "a=setup:actpass"))
        l = "a=setup:active";
      g_string_append_printf (answer, "%s\r\n", l);
      if (g_str_has_prefix (l, "m=") && first_media)
        for (guint c = 0; c < n_candidates; c++)
          g_string_append_printf (answer, "a=candidate:%u 1 udp 2122260223 127.0.0.1 %u typ host\r\n", c, 30000 + c);
    }
  return g_string_free (answer, FALSE);
}

static gboolean
rogue_trickle_more (gpointer data)
{
  RogueEndpoint *e = data;

  soup_message_body_append (soup_server_message_get_response_body (e->trickle), SOUP_MEMORY_STATIC, "a", 1);
  soup_server_message_unpause (e->trickle);
  e->n_trickled++;
  return G_SOURCE_CONTINUE;
}

static void
rogue_trickle_finished (SoupServerMessage *msg, gpointer data)
{
  RogueEndpoint *e = data;

  if (e->trickle_source != NULL)
    g_source_destroy (e->trickle_source);
  g_clear_pointer (&e->trickle_source, g_source_unref);
  g_clear_object (&e->trickle);
}

static void
on_rogue_request (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer user_data)
{
  RogueEndpoint *e = user_data;
  const char *method = soup_server_message_get_method (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  g_autofree char *foreign = g_strdup_printf ("http://%s:%u/whip/resource/stolen",
                                              e->rogue == ROGUE_FOREIGN_HOST ? "127.0.0.2" : "127.0.0.1", e->foreign_port);

  if (g_str_equal (method, "OPTIONS"))
    {
      if (e->rogue == ROGUE_REDIRECT)
        {
          soup_message_headers_replace (response, "Location", foreign);
          soup_server_message_set_status (msg, SOUP_STATUS_TEMPORARY_REDIRECT, NULL);
        }
      else
        soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
      return;
    }
  if (g_str_equal (method, "DELETE"))
    {
      e->n_deletes++;
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      return;
    }
  if (!g_str_equal (method, "POST"))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      return;
    }
  e->n_posts++;
  soup_message_headers_replace (response, "Location", "/whip/resource/1");
  switch (e->rogue)
    {
    case ROGUE_HUGE_LENGTH:
    case ROGUE_HUGE_CHUNKED:
      {
        g_autofree char *pad = g_strnfill (64 * 1024, 'a');

        if (e->rogue == ROGUE_HUGE_CHUNKED)
          soup_message_headers_set_encoding (response, SOUP_ENCODING_CHUNKED);
        soup_message_body_append (body, SOUP_MEMORY_STATIC, "v=0\r\n", 5);
        for (guint i = 0; i < 160; i++)
          soup_message_body_append (body, SOUP_MEMORY_COPY, pad, 64 * 1024);
        soup_message_body_complete (body);
        soup_message_headers_set_content_type (response, "application/sdp", NULL);
        soup_server_message_set_status (msg, SOUP_STATUS_CREATED, NULL);
      }
      break;
    case ROGUE_TRICKLE:
      soup_message_headers_set_encoding (response, SOUP_ENCODING_CHUNKED);
      soup_message_headers_set_content_type (response, "application/sdp", NULL);
      soup_message_body_append (body, SOUP_MEMORY_STATIC, "v=0\r\n", 5);
      soup_server_message_set_status (msg, SOUP_STATUS_CREATED, NULL);
      e->trickle = g_object_ref (msg);
      g_signal_connect (msg, "finished", G_CALLBACK (rogue_trickle_finished), e);
      e->trickle_source = g_timeout_source_new (200);
      g_source_set_callback (e->trickle_source, rogue_trickle_more, e, NULL);
      g_source_attach (e->trickle_source, e->context);
      break;
    case ROGUE_REDIRECT:
      soup_message_headers_replace (response, "Location", foreign);
      soup_server_message_set_status (msg, SOUP_STATUS_SEE_OTHER, NULL);
      break;
    default:
      {
        SoupMessageBody *request = soup_server_message_get_request_body (msg);
        g_autoptr(GBytes) bytes = soup_message_body_flatten (request);
        g_autofree char *offer = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
        g_autofree char *answer = NULL;

        if (e->rogue == ROGUE_MANY_MLINES)
          {
            GString *sdp = g_string_new ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");

            for (guint m = 0; m < 17; m++)
              g_string_append_printf (sdp, "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:%u\r\n"
                                      "a=rtpmap:111 OPUS/48000/2\r\na=recvonly\r\n", m);
            answer = g_string_free (sdp, FALSE);
          }
        else
          answer = rogue_answer (offer, e->rogue == ROGUE_MANY_CANDIDATES ? 100 : 0);
        if (e->rogue == ROGUE_FOREIGN_PORT || e->rogue == ROGUE_FOREIGN_HOST)
          soup_message_headers_replace (response, "Location", foreign);
        soup_server_message_set_status (msg, SOUP_STATUS_CREATED, NULL);
        soup_server_message_set_response (msg, "application/sdp", SOUP_MEMORY_COPY, answer, strlen (answer));
      }
      break;
    }
}

static void
on_foreign_request (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer user_data)
{
  RogueEndpoint *e = user_data;

  e->n_foreign++;
  if (soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization") != NULL)
    e->n_foreign_auth++;
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
}

static guint
listen_on (SoupServer *server, const char *address, guint port)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);
  g_autoptr(GSocketAddress) socket_address = g_inet_socket_address_new (inet, port);
  g_autoptr(GError) error = NULL;
  GSList *uris;
  guint bound = 0;

  soup_server_listen (server, socket_address, 0, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  for (GSList *u = uris; u != NULL; u = u->next)
    if (g_str_equal (g_uri_get_host (u->data), address))
      bound = g_uri_get_port (u->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  g_assert_cmpuint (bound, >, 0);
  return bound;
}

static gpointer
rogue_thread (gpointer data)
{
  RogueEndpoint *e = data;

  g_main_context_push_thread_default (e->context);
  e->server = soup_server_new ("server-header", "rogue-whip ", NULL);
  soup_server_add_handler (e->server, NULL, on_rogue_request, e, NULL);
  e->foreign = soup_server_new ("server-header", "foreign ", NULL);
  soup_server_add_handler (e->foreign, NULL, on_foreign_request, e, NULL);
  g_mutex_lock (&e->lock);
  e->port = listen_on (e->server, "127.0.0.1", 0);
  e->foreign_port = listen_on (e->foreign, "127.0.0.1", 0);
  listen_on (e->foreign, "127.0.0.2", e->foreign_port);
  e->ready = TRUE;
  g_cond_signal (&e->cond);
  g_mutex_unlock (&e->lock);

  g_main_loop_run (e->loop);

  if (e->trickle != NULL)
    {
      g_signal_handlers_disconnect_by_data (e->trickle, e);
      rogue_trickle_finished (e->trickle, e);
    }
  soup_server_disconnect (e->server);
  soup_server_disconnect (e->foreign);
  g_clear_object (&e->server);
  g_clear_object (&e->foreign);
  while (g_main_context_iteration (e->context, FALSE))
    ;
  g_main_context_pop_thread_default (e->context);
  return NULL;
}

static RogueEndpoint *
rogue_start (Rogue rogue)
{
  RogueEndpoint *e = g_new0 (RogueEndpoint, 1);

  e->rogue = rogue;
  e->context = g_main_context_new ();
  e->loop = g_main_loop_new (e->context, FALSE);
  g_mutex_init (&e->lock);
  g_cond_init (&e->cond);
  e->thread = g_thread_new ("rogue-whip", rogue_thread, e);
  g_mutex_lock (&e->lock);
  while (!e->ready)
    g_cond_wait (&e->cond, &e->lock);
  g_mutex_unlock (&e->lock);
  return e;
}

static void
rogue_stop (RogueEndpoint *e)
{
  if (e->thread == NULL)
    return;
  g_main_context_invoke (e->context, quit_loop, e->loop);
  g_thread_join (g_steal_pointer (&e->thread));
}

static void
rogue_free (RogueEndpoint *e)
{
  rogue_stop (e);
  g_main_loop_unref (e->loop);
  g_main_context_unref (e->context);
  g_mutex_clear (&e->lock);
  g_cond_clear (&e->cond);
  g_free (e);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RogueEndpoint, rogue_free)

/* Runs callscope against the rogue endpoint; returns the run, its stderr in lower case. */
static CsTestRun *
run_rogue (RogueEndpoint *e, const char *option, double duration, char **err, double *elapsed)
{
  g_autofree char *arg = g_strdup_printf ("%s=http://127.0.0.1:%u/%s/endpoint", option, e->port,
                                          g_str_equal (option, "--whep") ? "whep" : "whip");
  g_autofree char *dur = g_strdup_printf ("--duration=%g", duration);
  const char *args[] = { arg, "--token=" TOKEN, dur, NULL };
  gint64 start = g_get_monotonic_time ();
  CsTestRun *run = cs_test_run (args, FALSE);

  *elapsed = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  *err = g_utf8_strdown (run->stderr_text, -1);
  g_test_message ("%.1f s, exit %d: %.3000s", *elapsed, run->status, run->stderr_text);
  g_assert_null (strstr (*err, "critical"));
  return run;
}

/* An answer larger than 256 KiB is refused (with a Content-Length before reading it, in
 * chunks as soon as it passes the limit): the call fails at once with a message. */
static void
test_bounds_huge_answer (gconstpointer data)
{
  Rogue rogue = GPOINTER_TO_INT (data);
  g_autoptr(RogueEndpoint) e = rogue_start (rogue);
  g_autofree char *err = NULL;
  double elapsed;
  g_autoptr(CsTestRun) run = run_rogue (e, rogue == ROGUE_HUGE_CHUNKED ? "--whep" : "--whip", 30, &err, &elapsed);

  g_assert_cmpint (run->status, ==, 1);
  g_assert_cmpfloat (elapsed, <, 10);
  g_assert_nonnull (strstr (err, "is larger than 256"));
  g_assert_nonnull (strstr (err, "the call failed"));
}

/* An answer that never ends (a byte every 200 ms: libsoup's own timeout never fires) is
 * given up after the POST's 15 s. */
static void
test_bounds_trickling_answer (void)
{
  g_autoptr(RogueEndpoint) e = rogue_start (ROGUE_TRICKLE);
  g_autofree char *err = NULL;
  double elapsed;
  g_autoptr(CsTestRun) run = run_rogue (e, "--whip", 60, &err, &elapsed);

  rogue_stop (e);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_cmpfloat (elapsed, >=, 14);
  g_assert_cmpfloat (elapsed, <, 25);
  g_assert_cmpuint (e->n_trickled, >, 30);
  g_assert_nonnull (strstr (err, "did not end within 15 s"));
}

static void
test_bounds_many_mlines (void)
{
  g_autoptr(RogueEndpoint) e = rogue_start (ROGUE_MANY_MLINES);
  g_autofree char *err = NULL;
  double elapsed;
  g_autoptr(CsTestRun) run = run_rogue (e, "--whip", 30, &err, &elapsed);

  g_assert_cmpint (run->status, ==, 1);
  g_assert_cmpfloat (elapsed, <, 10);
  g_assert_nonnull (strstr (err, "has 17 media sections; callscope takes at most 16"));
}

/* 100 candidates in an answer: 64 taken, 36 refused with a message; the call goes on. */
static void
test_bounds_many_candidates (void)
{
  g_autoptr(RogueEndpoint) e = rogue_start (ROGUE_MANY_CANDIDATES);
  g_autofree char *err = NULL;
  double elapsed;
  G_GNUC_UNUSED g_autoptr(CsTestRun) run = run_rogue (e, "--whep", 3, &err, &elapsed);

  rogue_stop (e);
  g_assert_nonnull (strstr (err, "more than 64 ice candidates: 36 refused"));
  g_assert_null (strstr (err, "the call failed"));
  g_assert_cmpuint (e->n_deletes, ==, 1);
}

/* A Location on another origin is refused, said at once, and never DELETEd: the token
 * never leaves the endpoint's origin. */
static void
test_bounds_foreign_location (gconstpointer data)
{
  Rogue rogue = GPOINTER_TO_INT (data);
  g_autoptr(RogueEndpoint) e = rogue_start (rogue);
  g_autofree char *err = NULL;
  double elapsed;
  G_GNUC_UNUSED g_autoptr(CsTestRun) run = run_rogue (e, rogue == ROGUE_FOREIGN_HOST ? "--whep" : "--whip", 3, &err, &elapsed);

  rogue_stop (e);
  g_assert_cmpuint (e->n_posts, ==, 1);
  g_assert_nonnull (strstr (err, "on another origin: refused"));
  g_assert_nonnull (strstr (err, rogue == ROGUE_FOREIGN_HOST ? "http://127.0.0.2:" : "http://127.0.0.1:"));
  g_assert_null (strstr (err, "the call failed"));
  g_assert_cmpuint (e->n_deletes, ==, 0);
  g_assert_cmpuint (e->n_foreign, ==, 0);
}

/* Redirects are not followed (libsoup would carry the token along): OPTIONS gives no ICE
 * servers, the POST is an HTTP error, and the other origin hears nothing. */
static void
test_bounds_redirect (void)
{
  g_autoptr(RogueEndpoint) e = rogue_start (ROGUE_REDIRECT);
  g_autofree char *err = NULL;
  double elapsed;
  g_autoptr(CsTestRun) run = run_rogue (e, "--whip", 30, &err, &elapsed);

  rogue_stop (e);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_nonnull (strstr (err, "http error 303"));
  g_assert_cmpuint (e->n_foreign, ==, 0);
  g_assert_cmpuint (e->n_foreign_auth, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_data_func ("/whip/bounds/huge-answer", GINT_TO_POINTER (ROGUE_HUGE_LENGTH), test_bounds_huge_answer);
  g_test_add_data_func ("/whep/bounds/huge-chunked-answer", GINT_TO_POINTER (ROGUE_HUGE_CHUNKED), test_bounds_huge_answer);
  g_test_add_func ("/whip/bounds/trickling-answer", test_bounds_trickling_answer);
  g_test_add_func ("/whip/bounds/many-mlines", test_bounds_many_mlines);
  g_test_add_func ("/whep/bounds/many-candidates", test_bounds_many_candidates);
  g_test_add_data_func ("/whip/bounds/foreign-location-port", GINT_TO_POINTER (ROGUE_FOREIGN_PORT),
                        test_bounds_foreign_location);
  g_test_add_data_func ("/whep/bounds/foreign-location-host", GINT_TO_POINTER (ROGUE_FOREIGN_HOST),
                        test_bounds_foreign_location);
  g_test_add_func ("/whip/bounds/redirect", test_bounds_redirect);
  return g_test_run ();
}
