/* test-stats-poller.c — CsStatsPoller: replies on time, late replies, and requests given up
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A fake webrtcbin keeps every get-stats promise until the test answers it, so the
 * test decides which reply is late (or answers at once, in its "auto" mode); every check
 * waits for a condition (a request, a commit), bounded by a deadline.
 */
#include "config.h"

#include <gst/gst.h>
#include <gst/webrtc/webrtc.h>

#include "cs-stats-poller.h"

/* long enough that a reply answered at once is handled before the next tick, even on a
 * starved machine; the late cases are made late by the test, not by the machine */
#define INTERVAL_MS 200
#define DEADLINE_US (30 * G_USEC_PER_SEC)
#define SSRC 1234

/* ------------------------------------------------------------------ a fake webrtcbin */

#define CS_TYPE_FAKE_RTC (cs_fake_rtc_get_type ())
G_DECLARE_FINAL_TYPE (CsFakeRtc, cs_fake_rtc, CS, FAKE_RTC, GstElement)

struct _CsFakeRtc
{
  GstElement parent_instance;
  GPtrArray *promises; /* GstPromise*, every request so far, in order */
  gboolean   auto_answer;
};

G_DEFINE_FINAL_TYPE (CsFakeRtc, cs_fake_rtc, GST_TYPE_ELEMENT)

static void answer (CsFakeRtc *rtc, guint i, guint64 packets);

static void
cs_fake_rtc_get_stats (CsFakeRtc *self, GstPad *pad, GstPromise *promise)
{
  g_ptr_array_add (self->promises, gst_promise_ref (promise));
  if (self->auto_answer)
    answer (self, self->promises->len - 1, 100 * self->promises->len);
}

static void
cs_fake_rtc_finalize (GObject *object)
{
  CsFakeRtc *self = CS_FAKE_RTC (object);

  /* answer what is left, so that no request leaks */
  for (guint i = 0; i < self->promises->len; i++)
    gst_promise_interrupt (g_ptr_array_index (self->promises, i));
  g_ptr_array_unref (self->promises);
  G_OBJECT_CLASS (cs_fake_rtc_parent_class)->finalize (object);
}

static void
cs_fake_rtc_class_init (CsFakeRtcClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cs_fake_rtc_finalize;
  g_signal_new_class_handler ("get-stats", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
                              G_CALLBACK (cs_fake_rtc_get_stats), NULL, NULL, NULL,
                              G_TYPE_NONE, 2, GST_TYPE_PAD, GST_TYPE_PROMISE);
}

static void
cs_fake_rtc_init (CsFakeRtc *self)
{
  self->promises = g_ptr_array_new_with_free_func ((GDestroyNotify) gst_promise_unref);
}

/* Answers request @i with an outbound video entry that has sent @packets packets. */
static void
answer (CsFakeRtc *rtc, guint i, guint64 packets)
{
  GstStructure *entry = gst_structure_new ("outbound-rtp",
                                           "type", GST_TYPE_WEBRTC_STATS_TYPE, GST_WEBRTC_STATS_OUTBOUND_RTP,
                                           "ssrc", G_TYPE_UINT, SSRC,
                                           "packets-sent", G_TYPE_UINT64, packets,
                                           "bytes-sent", G_TYPE_UINT64, packets * 1000,
                                           NULL);
  GstStructure *reply = gst_structure_new ("application/x-webrtc-stats",
                                           "outbound-rtp_1234", GST_TYPE_STRUCTURE, entry, NULL);

  gst_structure_free (entry);
  g_assert_cmpuint (i, <, rtc->promises->len);
  gst_promise_reply (g_ptr_array_index (rtc->promises, i), reply);
}

/* ------------------------------------------------------------------ the fixture */

typedef struct
{
  GstElement    *pipeline;
  CsStatsModel  *model;
  CsStatsPoller *poller;
  CsFakeRtc     *rtc;
  guint          bus_watch;
  guint          n_commits;
  double         last_commit_t;
  GArray        *sample_t;   /* t of every outbound sample the model took */
} Fixture;

static gboolean
on_bus (GstBus *bus, GstMessage *message, gpointer user_data)
{
  Fixture *f = user_data;

  cs_stats_poller_handle_message (f->poller, message);
  return G_SOURCE_CONTINUE;
}

static void
on_committed (CsStatsPoller *poller, double t, Fixture *f)
{
  f->n_commits++;
  f->last_commit_t = t;
}

static void
on_sample (CsStatsModel *model, CsStatsSample *sample, Fixture *f)
{
  if (sample->direction == CS_SAMPLE_DIRECTION_OUTBOUND)
    g_array_append_val (f->sample_t, sample->t);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GstBus) bus = NULL;
  CsWebrtcStats *converter = cs_webrtc_stats_new ("local", "user-1");

  f->pipeline = gst_pipeline_new (NULL);
  f->model = cs_stats_model_new ();
  cs_stats_model_join (f->model, "local");
  f->poller = cs_stats_poller_new (f->pipeline, f->model);
  f->rtc = g_object_new (CS_TYPE_FAKE_RTC, NULL);
  f->rtc->auto_answer = GPOINTER_TO_INT (data);
  f->sample_t = g_array_new (FALSE, FALSE, sizeof (double));
  cs_webrtc_stats_map_ssrc (converter, SSRC, "user-1", CS_SAMPLE_KIND_VIDEO, "VP8");
  cs_stats_poller_add (f->poller, GST_ELEMENT (f->rtc), converter);
  bus = gst_element_get_bus (f->pipeline);
  f->bus_watch = gst_bus_add_watch (bus, on_bus, f);
  g_signal_connect (f->poller, "committed", G_CALLBACK (on_committed), f);
  g_signal_connect (f->model, "sample-ingested", G_CALLBACK (on_sample), f);
  cs_stats_poller_start (f->poller, INTERVAL_MS);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  cs_stats_poller_stop (f->poller);
  g_source_remove (f->bus_watch);
  g_clear_object (&f->poller);
  g_clear_object (&f->model);
  g_clear_object (&f->rtc);
  g_clear_object (&f->pipeline);
  g_array_unref (f->sample_t);
}

typedef gboolean (*Condition) (Fixture *f, gconstpointer data);

/* Runs the main loop until @cond holds; fails, saying what it saw, at the deadline. */
static void
wait_for (Fixture *f, Condition cond, gconstpointer data, const char *what)
{
  gint64 deadline = g_get_monotonic_time () + DEADLINE_US;

  while (!cond (f, data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("no %s within %d s: %u requests, %u commits, %u samples, %u late",
                 what, (int) (DEADLINE_US / G_USEC_PER_SEC), f->rtc->promises->len, f->n_commits,
                 f->sample_t->len, cs_stats_poller_get_late_replies (f->poller));
      g_main_context_iteration (NULL, TRUE);
    }
}

static gboolean
has_requests (Fixture *f, gconstpointer n)
{
  return f->rtc->promises->len >= GPOINTER_TO_UINT (n);
}

static gboolean
has_commits (Fixture *f, gconstpointer n)
{
  return f->n_commits >= GPOINTER_TO_UINT (n);
}

static gboolean
has_samples (Fixture *f, gconstpointer n)
{
  return f->sample_t->len >= GPOINTER_TO_UINT (n);
}

#define WAIT(f, cond, n) wait_for ((f), (cond), GUINT_TO_POINTER (n), #cond " " #n)

/* ------------------------------------------------------------------ the tests */

/* Replies at once: each poll is committed as soon as it is answered, at its own time. */
static void
test_on_time (Fixture *f, gconstpointer data)
{
  for (guint i = 0; i < 3; i++)
    {
      WAIT (f, has_samples, i + 1);
      WAIT (f, has_commits, i + 1);
      g_assert_cmpfloat (f->last_commit_t, ==, g_array_index (f->sample_t, double, i));
    }
  g_assert_cmpuint (cs_stats_poller_get_late_replies (f->poller), ==, 0);
}

/* A reply later than its poll is ingested at the poll it arrives in, and the webrtcbin is
 * not asked again while its request is unanswered: the model still gets the data. */
static void
test_late_reply (Fixture *f, gconstpointer data)
{
  double committed_t;
  guint commits;
  CsLocalVideoTrackStats video;

  WAIT (f, has_requests, 1);
  /* two polls go by unanswered (committed without it) */
  commits = f->n_commits;
  WAIT (f, has_commits, commits + 2);
  g_assert_cmpuint (f->rtc->promises->len, ==, 1);
  committed_t = f->last_commit_t;

  answer (f->rtc, 0, 100);
  WAIT (f, has_samples, 1);
  g_assert_cmpuint (cs_stats_poller_get_late_replies (f->poller), ==, 1);
  /* stamped in the current poll, never back in time */
  g_assert_cmpfloat (g_array_index (f->sample_t, double, 0), >=, committed_t);

  /* asked again at the next tick, answered in time: a rate from the two samples */
  WAIT (f, has_requests, 2);
  answer (f->rtc, 1, 150);
  WAIT (f, has_samples, 2);
  commits = f->n_commits;
  WAIT (f, has_commits, commits + 1);
  g_assert_cmpfloat (g_array_index (f->sample_t, double, 1), >, g_array_index (f->sample_t, double, 0));
  g_assert_true (cs_stats_model_get_local_video_stats (f->model, &video));
  g_assert_cmpuint (video.sendPackets, ==, 150);
}

/* A request unanswered for 5 polls is asked again; its reply, when it comes at last, is
 * still the newest news of that webrtcbin and is ingested (late). A starved machine answers
 * every request after more than 5 polls: dropping such replies left a 16-user lab call
 * without a single statistic. */
static void
test_given_up (Fixture *f, gconstpointer data)
{
  CsLocalVideoTrackStats video;

  WAIT (f, has_requests, 2);
  /* the second request came only after the first had waited 5 polls */
  g_assert_cmpuint (f->n_commits, >=, 4);
  WAIT (f, has_commits, f->n_commits + 1);

  answer (f->rtc, 0, 100);
  WAIT (f, has_samples, 1);
  WAIT (f, has_commits, f->n_commits + 1);
  g_assert_cmpuint (cs_stats_poller_get_late_replies (f->poller), ==, 1);
  g_assert_true (cs_stats_model_get_local_video_stats (f->model, &video));
  g_assert_cmpuint (video.sendPackets, ==, 100);
}

/* Two late replies of one webrtcbin in the same poll (the given-up request's and the newer
 * one's): the newer stands, since the model takes one sample per track and second. */
static void
test_given_up_both_late (Fixture *f, gconstpointer data)
{
  CsLocalVideoTrackStats video;

  WAIT (f, has_requests, 2);
  WAIT (f, has_commits, f->n_commits + 1);
  answer (f->rtc, 0, 100);
  answer (f->rtc, 1, 200);
  WAIT (f, has_samples, 1);
  WAIT (f, has_commits, f->n_commits + 1);
  g_assert_cmpuint (f->sample_t->len, ==, 1);
  g_assert_cmpuint (cs_stats_poller_get_late_replies (f->poller), ==, 2);
  g_assert_true (cs_stats_model_get_local_video_stats (f->model, &video));
  g_assert_cmpuint (video.sendPackets, ==, 200);
}

/* The newer request answered first, the given-up one after it: the older reply is dropped,
 * never ingested over the newer data. */
static void
test_given_up_newer_first (Fixture *f, gconstpointer data)
{
  CsLocalVideoTrackStats video;

  WAIT (f, has_requests, 2);
  answer (f->rtc, 1, 200);
  WAIT (f, has_samples, 1);
  WAIT (f, has_commits, f->n_commits + 1);
  answer (f->rtc, 0, 100);
  /* let the poller see everything on the bus */
  WAIT (f, has_requests, 3);
  WAIT (f, has_commits, f->n_commits + 1);
  g_assert_cmpuint (f->sample_t->len, ==, 1);
  g_assert_true (cs_stats_model_get_local_video_stats (f->model, &video));
  g_assert_cmpuint (video.sendPackets, ==, 200);
}

typedef struct
{
  CsFakeRtc *rtc;
  guint      index;
} Answer;

static void
count_sample (guint *n)
{
  (*n)++;
}

static gpointer
answer_thread (gpointer data)
{
  Answer *a = data;

  answer (a->rtc, a->index, 100);
  return NULL;
}

/* Webrtcbins removed (a user leaves, a renegotiation) and the poller stopped while their
 * replies are in flight, answered from another thread as webrtcbin does: nothing freed is
 * used (the sanitizer pass runs this too), nothing from a removed webrtcbin is ingested late. */
static void
test_remove_in_flight (void)
{
  g_autoptr (GstElement) pipeline = gst_pipeline_new (NULL);
  g_autoptr (CsStatsModel) model = cs_stats_model_new ();
  g_autoptr (CsStatsPoller) poller = cs_stats_poller_new (pipeline, model);
  g_autoptr (GstBus) bus = gst_element_get_bus (pipeline);
  guint ingested = 0;

  cs_stats_model_join (model, "local");
  g_signal_connect_swapped (model, "sample-ingested", G_CALLBACK (count_sample), &ingested);
  cs_stats_poller_start (poller, 1);
  for (guint round = 0; round < 200; round++)
    {
      g_autoptr (CsFakeRtc) rtc = g_object_new (CS_TYPE_FAKE_RTC, NULL);
      CsWebrtcStats *converter = cs_webrtc_stats_new ("local", "user-1");
      gint64 deadline = g_get_monotonic_time () + DEADLINE_US;
      Answer a = { rtc, 0 };
      GThread *thread;
      GstMessage *message;

      cs_webrtc_stats_map_ssrc (converter, SSRC, "user-1", CS_SAMPLE_KIND_VIDEO, "VP8");
      cs_stats_poller_add (poller, GST_ELEMENT (rtc), converter);
      while (rtc->promises->len == 0)
        {
          g_assert_cmpint (g_get_monotonic_time (), <, deadline);
          g_main_context_iteration (NULL, TRUE);
        }
      /* gone while asked; every other round the poller stops too, and starts again */
      cs_stats_poller_remove (poller, GST_ELEMENT (rtc));
      if (round % 2 == 1)
        cs_stats_poller_stop (poller);
      thread = g_thread_new ("answer", answer_thread, &a);
      g_thread_join (thread);
      while ((message = gst_bus_pop (bus)) != NULL)
        {
          cs_stats_poller_handle_message (poller, message);
          gst_message_unref (message);
        }
      if (round % 2 == 1)
        cs_stats_poller_start (poller, 1);
    }
  cs_stats_poller_stop (poller);
  g_assert_cmpuint (ingested, ==, 0);
}

int
main (int argc, char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/stats-poller/on-time", Fixture, GINT_TO_POINTER (TRUE), fixture_set_up, test_on_time, fixture_tear_down);
  g_test_add ("/stats-poller/late-reply", Fixture, NULL, fixture_set_up, test_late_reply, fixture_tear_down);
  g_test_add_func ("/stats-poller/remove-in-flight", test_remove_in_flight);
  g_test_add ("/stats-poller/given-up", Fixture, NULL, fixture_set_up, test_given_up, fixture_tear_down);
  g_test_add ("/stats-poller/given-up-both-late", Fixture, NULL, fixture_set_up, test_given_up_both_late,
              fixture_tear_down);
  g_test_add ("/stats-poller/given-up-newer-first", Fixture, NULL, fixture_set_up, test_given_up_newer_first,
              fixture_tear_down);
  return g_test_run ();
}
