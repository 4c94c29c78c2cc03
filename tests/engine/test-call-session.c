/* test-call-session.c — the lifecycle CsCallSession runs for every kind of call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A minimal subclass logs which virtual functions the base calls, in which order and with
 * what the base promised to have ready (pipeline, poller, joined model); the tests start,
 * stop, fail and refuse it, hand work to the main context from other threads, and wait
 * for an asynchronous goodbye. Every wait is for a condition, bounded by a deadline.
 */
#include "config.h"

#include "cs-call-session-private.h"
#include "cs-error.h"

#include <string.h>

#define DEADLINE_US (30 * G_USEC_PER_SEC)

#define CS_TYPE_TEST_SESSION (cs_test_session_get_type ())
G_DECLARE_FINAL_TYPE (CsTestSession, cs_test_session, CS, TEST_SESSION, CsCallSession)

struct _CsTestSession
{
  CsCallSession parent_instance;
  GString      *log;
  gboolean      refuse;        /* start returns FALSE */
  gboolean      bad_goodbye;   /* the goodbye fails, later */
};

/* goodbyes completed so far; the goodbye holds its task, never the session (it may run in dispose) */
static guint goodbyes_done;

G_DEFINE_FINAL_TYPE (CsTestSession, cs_test_session, CS_TYPE_CALL_SESSION)

static gboolean
test_start (CsCallSession *session, GError **error)
{
  CsTestSession *self = CS_TEST_SESSION (session);
  CsStatsModel *model = cs_call_session_get_model (session);

  g_assert_nonnull (cs_call_session_get_pipeline (session));
  g_assert_nonnull (cs_call_session_get_poller (session));
  g_assert_true (cs_call_session_is_running (session));
  g_assert_true (model == NULL || cs_stats_model_get_state (model) == CS_CALL_STATE_JOINED);
  g_string_append (self->log, "start;");
  if (self->refuse)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_FAILED, "refused by the test");
      return FALSE;
    }
  cs_call_session_post_sample (session, cs_webrtc_stats_connection_sample ("local", "peer",
                                                                           CS_CONNECTION_STATE_CONNECTED, NULL,
                                                                           cs_call_session_now (session)));
  return TRUE;
}

static void
test_hang_up (CsCallSession *session, gboolean clean)
{
  CsTestSession *self = CS_TEST_SESSION (session);

  g_assert_false (cs_call_session_is_running (session));
  g_assert_nonnull (cs_call_session_get_poller (session));
  g_string_append_printf (self->log, "hang_up(%s);", clean ? "clean" : "failed");
}

static void
test_post_final (CsCallSession *session, double t)
{
  CsTestSession *self = CS_TEST_SESSION (session);

  g_string_append (self->log, "post_final;");
  cs_call_session_post_sample (session, cs_webrtc_stats_connection_sample ("local", "peer",
                                                                           CS_CONNECTION_STATE_CLOSED, "bye", t));
}

static void
test_release (CsCallSession *session)
{
  CsTestSession *self = CS_TEST_SESSION (session);
  GstState state = GST_STATE_VOID_PENDING;

  gst_element_get_state (cs_call_session_get_pipeline (session), &state, NULL, 0);
  g_assert_cmpint (state, ==, GST_STATE_NULL);
  g_string_append (self->log, "release;");
}

static gboolean
complete_goodbye (gpointer user_data)
{
  GTask *task = user_data;

  goodbyes_done++;
  if (GPOINTER_TO_INT (g_task_get_task_data (task)))
    g_task_return_new_error (task, CS_ERROR, CS_ERROR_REFUSED, "the server refused the hang-up");
  else
    g_task_return_boolean (task, TRUE);
  return G_SOURCE_REMOVE;
}

static void
test_goodbye (CsCallSession *session, GTask *task)
{
  CsTestSession *self = CS_TEST_SESSION (session);

  g_string_append (self->log, "goodbye;");
  g_task_set_task_data (task, GINT_TO_POINTER (self->bad_goodbye), NULL);
  g_idle_add_full (G_PRIORITY_DEFAULT, complete_goodbye, task, g_object_unref);
}

static const char * const missing_elements[] = { "fakesink", "no-such-element-anywhere", NULL };

static void
cs_test_session_finalize (GObject *object)
{
  CsTestSession *self = CS_TEST_SESSION (object);

  g_string_free (self->log, TRUE);
  G_OBJECT_CLASS (cs_test_session_parent_class)->finalize (object);
}

static void
cs_test_session_class_init (CsTestSessionClass *klass)
{
  CsCallSessionClass *session_class = CS_CALL_SESSION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = cs_test_session_finalize;
  session_class->pipeline_name = "test-call";
  session_class->start = test_start;
  session_class->hang_up = test_hang_up;
  session_class->post_final = test_post_final;
  session_class->release = test_release;
  session_class->goodbye = test_goodbye;
}

static void
cs_test_session_init (CsTestSession *self)
{
  self->log = g_string_new (NULL);
}

/* ------------------------------------------------------------------ helpers */

typedef struct
{
  guint    n_ended;
  gboolean failed;
  GString *errors;
} Seen;

static void
on_ended (CsCallSession *session, gboolean failed, Seen *seen)
{
  seen->n_ended++;
  seen->failed = failed;
}

static void
on_error (CsCallSession *session, const char *message, Seen *seen)
{
  g_string_append_printf (seen->errors, "%s;", message);
}

static void
watch (CsCallSession *session, Seen *seen)
{
  seen->errors = g_string_new (NULL);
  g_signal_connect (session, "ended", G_CALLBACK (on_ended), seen);
  g_signal_connect (session, "error", G_CALLBACK (on_error), seen);
}

static void
seen_clear (Seen *seen)
{
  g_string_free (seen->errors, TRUE);
}

static void
iterate_until (gboolean (*condition) (gpointer), gpointer data, const char *what)
{
  gint64 deadline = g_get_monotonic_time () + DEADLINE_US;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("never happened: %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
on_user (CsStatsModel *model, CsParticipant *participant, guint *n)
{
  if (g_strcmp0 (cs_participant_get_uid (participant), "peer") == 0)
    (*n)++;
}

static gboolean
goodbyes_reached (gpointer data)
{
  return goodbyes_done >= GPOINTER_TO_UINT (data);
}

/* waits for @n more goodbyes than when the test began */
static guint goodbyes_at_start;

static void
wait_goodbyes (guint n)
{
  iterate_until (goodbyes_reached, GUINT_TO_POINTER (goodbyes_at_start + n), "the goodbye");
  g_assert_cmpuint (goodbyes_done, ==, goodbyes_at_start + n);
  goodbyes_at_start = goodbyes_done;
}

/* ------------------------------------------------------------------ tests */

/* start, then stop: the order of the virtual functions, and the last samples reach the model */
static void
test_lifecycle (void)
{
  g_autoptr (CsStatsModel) model = cs_stats_model_new ();
  g_autoptr (CsTestSession) session = g_object_new (CS_TYPE_TEST_SESSION, NULL);
  g_autoptr (GError) error = NULL;
  guint joined = 0, left = 0;
  Seen seen = { 0 };

  watch (CS_CALL_SESSION (session), &seen);
  g_signal_connect (model, "user-joined", G_CALLBACK (on_user), &joined);
  g_signal_connect (model, "user-left", G_CALLBACK (on_user), &left);
  g_assert_true (cs_call_session_start (CS_CALL_SESSION (session), model, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cs_stats_model_get_state (model), ==, CS_CALL_STATE_JOINED);
  g_assert_cmpstr (session->log->str, ==, "start;");

  cs_call_session_stop (CS_CALL_SESSION (session));
  g_test_message ("log: %s", session->log->str);
  /* the sync stop returns before the goodbye is done */
  g_assert_cmpstr (session->log->str, ==, "start;hang_up(clean);post_final;release;goodbye;");
  g_assert_null (cs_call_session_get_pipeline (CS_CALL_SESSION (session)));
  g_assert_null (cs_call_session_get_poller (CS_CALL_SESSION (session)));
  g_assert_cmpuint (seen.n_ended, ==, 1);
  g_assert_false (seen.failed);
  /* the connected sample of start and the closed one of post_final, flushed and committed */
  g_assert_cmpuint (joined, ==, 1);
  g_assert_cmpuint (left, ==, 1);
  g_assert_nonnull (cs_stats_model_lookup (model, "peer"));

  /* a second stop does nothing */
  cs_call_session_stop (CS_CALL_SESSION (session));
  g_assert_cmpuint (seen.n_ended, ==, 1);
  wait_goodbyes (1);
  seen_clear (&seen);
}

/* a session that is started again after a stop runs the same lifecycle */
static void
test_restart (void)
{
  g_autoptr (CsTestSession) session = g_object_new (CS_TYPE_TEST_SESSION, NULL);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr (CsStatsModel) model = cs_stats_model_new ();

      g_string_truncate (session->log, 0);
      g_assert_true (cs_call_session_start (CS_CALL_SESSION (session), model, NULL));
      cs_call_session_stop (CS_CALL_SESSION (session));
      wait_goodbyes (1);
      g_assert_cmpstr (session->log->str, ==, "start;hang_up(clean);post_final;release;goodbye;");
    }
}

/* a start that fails (or lacks an element) leaves nothing running */
static void
test_refused (void)
{
  g_autoptr (CsStatsModel) model = cs_stats_model_new ();
  g_autoptr (CsTestSession) session = g_object_new (CS_TYPE_TEST_SESSION, NULL);
  g_autoptr (GError) error = NULL;
  CsCallSessionClass *klass = CS_CALL_SESSION_GET_CLASS (session);
  const char * const *elements = klass->required_elements;

  session->refuse = TRUE;
  g_assert_false (cs_call_session_start (CS_CALL_SESSION (session), model, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_FAILED);
  g_assert_cmpstr (session->log->str, ==, "start;hang_up(failed);release;");
  g_assert_null (cs_call_session_get_pipeline (CS_CALL_SESSION (session)));
  g_assert_false (cs_call_session_is_running (CS_CALL_SESSION (session)));
  g_clear_error (&error);

  klass->required_elements = missing_elements;
  session->refuse = FALSE;
  g_string_truncate (session->log, 0);
  g_assert_false (cs_call_session_start (CS_CALL_SESSION (session), model, &error));
  klass->required_elements = elements;
  g_assert_error (error, CS_ERROR, CS_ERROR_MISSING_ELEMENT);
  g_assert_nonnull (strstr (error->message, "no-such-element-anywhere"));
  g_assert_cmpstr (session->log->str, ==, "");
  g_clear_error (&error);

  /* and it can start afterwards */
  g_assert_true (cs_call_session_start (CS_CALL_SESSION (session), model, &error));
  g_assert_no_error (error);
  cs_call_session_stop (CS_CALL_SESSION (session));
  wait_goodbyes (1);
}

/* a failure: error, hang-up (not clean), ended (failed), once; the later stop posts the last samples */
static void
test_fail (void)
{
  g_autoptr (CsStatsModel) model = cs_stats_model_new ();
  g_autoptr (CsTestSession) session = g_object_new (CS_TYPE_TEST_SESSION, NULL);
  Seen seen = { 0 };

  watch (CS_CALL_SESSION (session), &seen);
  g_assert_true (cs_call_session_start (CS_CALL_SESSION (session), model, NULL));
  cs_call_session_fail (CS_CALL_SESSION (session), "the server went away");
  cs_call_session_fail (CS_CALL_SESSION (session), "again");
  g_assert_cmpstr (session->log->str, ==, "start;hang_up(failed);");
  g_assert_cmpstr (seen.errors->str, ==, "the server went away;");
  g_assert_cmpuint (seen.n_ended, ==, 1);
  g_assert_true (seen.failed);
  g_assert_false (cs_call_session_is_running (CS_CALL_SESSION (session)));

  cs_call_session_stop (CS_CALL_SESSION (session));
  g_assert_cmpstr (session->log->str, ==, "start;hang_up(failed);post_final;release;goodbye;");
  g_assert_cmpuint (seen.n_ended, ==, 1);
  wait_goodbyes (1);
  seen_clear (&seen);
}

/* stop_async completes with the goodbye's error */
static void
on_stopped (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

static void
test_goodbye_error (void)
{
  g_autoptr (CsStatsModel) model = cs_stats_model_new ();
  g_autoptr (CsTestSession) session = g_object_new (CS_TYPE_TEST_SESSION, NULL);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;

  session->bad_goodbye = TRUE;
  g_assert_true (cs_call_session_start (CS_CALL_SESSION (session), model, NULL));
  cs_call_session_stop_async (CS_CALL_SESSION (session), NULL, on_stopped, &result);
  g_assert_null (result);
  iterate_until (is_set, &result, "the end of the goodbye");
  g_assert_false (cs_call_session_stop_finish (CS_CALL_SESSION (session), result, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_REFUSED);
  g_assert_cmpstr (session->log->str, ==, "start;hang_up(clean);post_final;release;goodbye;");
  goodbyes_at_start = goodbyes_done;
}

/* work handed over from other threads runs on the main context while the call runs,
 * never after; its data is freed in every case */
#define N_INVOKES 200

typedef struct
{
  CsCallSession *session;
  GThread       *main_thread;
  gint           ran;
  gint           freed;
  gint           wrong_thread;
} Invokes;

static void
invoked (CsCallSession *session, gpointer data)
{
  Invokes *inv = *(Invokes **) data;

  if (g_thread_self () != inv->main_thread)
    g_atomic_int_inc (&inv->wrong_thread);
  g_atomic_int_inc (&inv->ran);
}

static void
invoked_free (gpointer data)
{
  Invokes *inv = *(Invokes **) data;

  g_atomic_int_inc (&inv->freed);
  g_free (data);
}

static gpointer
invoke_many (gpointer data)
{
  Invokes *inv = data;

  for (guint i = 0; i < N_INVOKES; i++)
    {
      Invokes **box = g_new (Invokes *, 1);

      *box = inv;
      cs_call_session_invoke (inv->session, invoked, box, invoked_free);
    }
  return NULL;
}

static gboolean
all_freed (gpointer data)
{
  Invokes *inv = data;

  return g_atomic_int_get (&inv->freed) == 2 * N_INVOKES;
}

static gboolean
first_batch_freed (gpointer data)
{
  Invokes *inv = data;

  return g_atomic_int_get (&inv->freed) == N_INVOKES;
}

static void
test_invoke (void)
{
  g_autoptr (CsStatsModel) model = cs_stats_model_new ();
  g_autoptr (CsTestSession) session = g_object_new (CS_TYPE_TEST_SESSION, NULL);
  Invokes inv = { CS_CALL_SESSION (session), g_thread_self (), 0, 0, 0 };
  GThread *thread;

  g_assert_true (cs_call_session_start (CS_CALL_SESSION (session), model, NULL));
  thread = g_thread_new ("invoker", invoke_many, &inv);
  g_thread_join (thread);
  iterate_until (first_batch_freed, &inv, "the first invocations");
  g_assert_cmpint (inv.ran, ==, N_INVOKES);
  g_assert_cmpint (inv.wrong_thread, ==, 0);

  /* queued from a thread, then the call stops before the main context runs them */
  thread = g_thread_new ("invoker", invoke_many, &inv);
  g_thread_join (thread);
  cs_call_session_stop (CS_CALL_SESSION (session));
  iterate_until (all_freed, &inv, "the invocations after the stop");
  g_assert_cmpint (inv.ran, ==, N_INVOKES);
  wait_goodbyes (1);
}

/* a session disposed without a stop stops itself (and says goodbye) */
static void
test_dispose_running (void)
{
  g_autoptr (CsStatsModel) model = cs_stats_model_new ();
  CsTestSession *session = g_object_new (CS_TYPE_TEST_SESSION, NULL);
  guint left = 0;

  g_signal_connect (model, "user-left", G_CALLBACK (on_user), &left);
  g_assert_true (cs_call_session_start (CS_CALL_SESSION (session), model, NULL));
  g_object_add_weak_pointer (G_OBJECT (session), (gpointer *) &session);
  g_object_unref (session);
  g_assert_null (session);
  wait_goodbyes (1);
  g_assert_cmpuint (left, ==, 1);
}

int
main (int argc, char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/call-session/lifecycle", test_lifecycle);
  g_test_add_func ("/call-session/restart", test_restart);
  g_test_add_func ("/call-session/refused", test_refused);
  g_test_add_func ("/call-session/fail", test_fail);
  g_test_add_func ("/call-session/goodbye-error", test_goodbye_error);
  g_test_add_func ("/call-session/invoke", test_invoke);
  g_test_add_func ("/call-session/dispose-running", test_dispose_running);
  return g_test_run ();
}
