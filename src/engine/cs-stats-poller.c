/* cs-stats-poller.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "cs-stats-poller.h"

#include "cs-webrtc-connection.h"

#define MESSAGE_NAME "callscope-samples"
/* polls a request may stay unanswered before it is given up and asked again */
#define MAX_WAIT_POLLS 5

/* A target's converter, shared with the replies in flight. A reply converts under @lock and
 * only while @converter is set; removing the target clears it under the same lock, so once
 * cs_stats_poller_remove() returns no conversion runs or will run (the converter's augment
 * function may use data its owner frees next). */
typedef struct
{
  gatomicrefcount ref;
  GMutex          lock;
  CsWebrtcStats  *converter;  /* NULL once removed */
} Converter;

typedef struct
{
  GstElement    *webrtcbin;
  Converter     *converter;
  guint          id;          /* names the target in its replies' messages */
  guint          in_flight;   /* the poll its unanswered request belongs to, or 0 */
  guint          answered;    /* the poll of the newest reply taken, or 0 */
  GPtrArray     *held;        /* CsStatsSample*: its newest late reply, ingested at the commit */
} Target;

typedef struct
{
  CsStatsPoller *poller;   /* a reference; stale replies are told by the poll generation */
  GstBus        *bus;
  Converter     *converter; /* a reference */
  GWeakRef       webrtcbin; /* its RTP sessions are read with the reply (weak: no cycle
                              * through a promise webrtcbin holds) */
  guint          target_id;
  guint          poll;
  double         t;
  gint64         emitted_us;
  guint          generation;
} Request;

struct _CsStatsPoller
{
  GObject       parent_instance;

  GstElement   *pipeline;
  CsStatsModel *model;
  GPtrArray    *targets;     /* Target* */
  gint64        start_us;
  guint         timer_id;

  /* main context only */
  guint         poll;        /* number of the current poll */
  double        poll_t;
  guint         pending;     /* replies still expected for @poll */
  gboolean      committed;   /* @poll has been committed */
  double        last_commit;
  guint         next_target_id;
  guint         n_late;      /* replies that came after their poll was committed */

  /* any thread */
  GMutex        lock;
  guint         generation;  /* bumped by stop: stale replies are dropped */
  gint64        get_stats_us;
  gint64        convert_us;
  gint64        ingest_us;
  guint         n_polls;
};

G_DEFINE_FINAL_TYPE (CsStatsPoller, cs_stats_poller, G_TYPE_OBJECT)

enum { SIGNAL_POLLING, SIGNAL_COMMITTED, SIGNAL_CONNECTION, N_SIGNALS };
static guint signals[N_SIGNALS];

static Converter *
converter_ref (Converter *c)
{
  g_atomic_ref_count_inc (&c->ref);
  return c;
}

static void
converter_unref (Converter *c)
{
  if (!g_atomic_ref_count_dec (&c->ref))
    return;
  g_mutex_clear (&c->lock);
  g_free (c);
}

static void
target_free (Target *target)
{
  Converter *c = target->converter;

  g_mutex_lock (&c->lock);
  g_clear_pointer (&c->converter, cs_webrtc_stats_free);
  g_mutex_unlock (&c->lock);
  converter_unref (c);
  g_clear_pointer (&target->held, g_ptr_array_unref);
  gst_object_unref (target->webrtcbin);
  g_free (target);
}

static void
cs_stats_poller_dispose (GObject *object)
{
  CsStatsPoller *self = CS_STATS_POLLER (object);

  cs_stats_poller_stop (self);
  g_clear_pointer (&self->targets, g_ptr_array_unref);
  g_clear_object (&self->pipeline);
  g_clear_object (&self->model);
  G_OBJECT_CLASS (cs_stats_poller_parent_class)->dispose (object);
}

static void
cs_stats_poller_finalize (GObject *object)
{
  CsStatsPoller *self = CS_STATS_POLLER (object);

  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (cs_stats_poller_parent_class)->finalize (object);
}

static void
cs_stats_poller_class_init (CsStatsPollerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cs_stats_poller_dispose;
  object_class->finalize = cs_stats_poller_finalize;

  signals[SIGNAL_POLLING] = g_signal_new ("polling", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_COMMITTED] = g_signal_new ("committed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_DOUBLE);
  signals[SIGNAL_CONNECTION] = g_signal_new ("connection", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                             0, NULL, NULL, NULL, G_TYPE_NONE, 6, GST_TYPE_ELEMENT,
                                             G_TYPE_PTR_ARRAY, G_TYPE_STRING, G_TYPE_DOUBLE, G_TYPE_STRING,
                                             G_TYPE_STRING);
}

static void
cs_stats_poller_init (CsStatsPoller *self)
{
  g_mutex_init (&self->lock);
  self->targets = g_ptr_array_new_with_free_func ((GDestroyNotify) target_free);
  self->start_us = g_get_monotonic_time ();
  self->committed = TRUE;
  self->last_commit = -1;
}

CsStatsPoller *
cs_stats_poller_new (GstElement   *pipeline,
                     CsStatsModel *model)
{
  CsStatsPoller *self = g_object_new (CS_TYPE_STATS_POLLER, NULL);

  self->pipeline = gst_object_ref (pipeline);
  self->model = model != NULL ? g_object_ref (model) : NULL;
  return self;
}

void
cs_stats_poller_add (CsStatsPoller *self,
                     GstElement    *webrtcbin,
                     CsWebrtcStats *converter)
{
  Target *target = g_new0 (Target, 1);

  target->webrtcbin = gst_object_ref (webrtcbin);
  target->id = ++self->next_target_id;
  target->converter = g_new0 (Converter, 1);
  g_atomic_ref_count_init (&target->converter->ref);
  g_mutex_init (&target->converter->lock);
  target->converter->converter = converter;
  g_ptr_array_add (self->targets, target);
}

void
cs_stats_poller_remove (CsStatsPoller *self,
                        GstElement    *webrtcbin)
{
  for (guint i = 0; i < self->targets->len; i++)
    {
      Target *target = g_ptr_array_index (self->targets, i);

      if (target->webrtcbin == webrtcbin)
        {
          /* frees the converter once no reply in flight uses it (target_free) */
          g_ptr_array_remove_index (self->targets, i);
          return;
        }
    }
}

void
cs_stats_poller_set_origin (CsStatsPoller *self,
                            double         t0)
{
  g_return_if_fail (CS_IS_STATS_POLLER (self));
  g_return_if_fail (isfinite (t0) && t0 >= 0);
  self->start_us = g_get_monotonic_time () - (gint64) (t0 * G_USEC_PER_SEC);
}

double
cs_stats_poller_get_time (CsStatsPoller *self)
{
  return (g_get_monotonic_time () - self->start_us) / (double) G_USEC_PER_SEC;
}

static Target *
find_target (CsStatsPoller *self, guint id)
{
  for (guint i = 0; i < self->targets->len; i++)
    {
      Target *target = g_ptr_array_index (self->targets, i);

      if (target->id == id)
        return target;
    }
  return NULL;
}

static GstMessage *
new_samples_message (CsStatsPoller *self, GPtrArray *samples, guint target_id, guint poll, gboolean is_reply)
{
  GstStructure *s = gst_structure_new (MESSAGE_NAME,
                                       "target", G_TYPE_UINT, target_id,
                                       "poll", G_TYPE_UINT, poll,
                                       "reply", G_TYPE_BOOLEAN, is_reply,
                                       "samples", G_TYPE_PTR_ARRAY, samples,
                                       NULL);
  return gst_message_new_application (GST_OBJECT (self->pipeline), s);
}

/* A reply's message also carries the connection's candidate pairs (cs-webrtc-connection.h). */
static GstMessage *
new_reply_message (CsStatsPoller *self, GPtrArray *samples, const Request *req, GPtrArray *pairs,
                   const char *selected)
{
  GstMessage *message = new_samples_message (self, samples, req->target_id, req->poll, TRUE);
  GstStructure *s = gst_message_writable_structure (message);

  gst_structure_set (s, "pairs", G_TYPE_PTR_ARRAY, pairs, "selected", G_TYPE_STRING, selected,
                     "t", G_TYPE_DOUBLE, req->t, NULL);
  return message;
}

void
cs_stats_poller_post_sample (CsStatsPoller *self,
                             CsStatsSample *sample)
{
  g_autoptr (GPtrArray) samples = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_stats_sample_free);
  g_autoptr (GstBus) bus = gst_element_get_bus (self->pipeline);

  g_ptr_array_add (samples, sample);
  gst_bus_post (bus, new_samples_message (self, samples, 0, 0, FALSE));
}

static void
on_stats_reply (GstPromise *promise, gpointer user_data)
{
  Request *req = user_data;
  const GstStructure *reply;
  gint64 got_us = g_get_monotonic_time ();
  g_autoptr (GPtrArray) samples = NULL;
  g_autoptr (GPtrArray) pairs = NULL;
  g_autofree char *selected = NULL;
  gint64 done_us;
  gboolean stale;

  g_mutex_lock (&req->poller->lock);
  stale = req->generation != req->poller->generation;
  g_mutex_unlock (&req->poller->lock);

  g_mutex_lock (&req->converter->lock);
  if (!stale && req->converter->converter != NULL && gst_promise_wait (promise) == GST_PROMISE_RESULT_REPLIED &&
      (reply = gst_promise_get_reply (promise)) != NULL)
    {
      g_autoptr (GstElement) webrtcbin = g_weak_ref_get (&req->webrtcbin);
      g_autoptr (GPtrArray) sources = webrtcbin != NULL ? cs_webrtc_stats_read_sources (webrtcbin) : NULL;

      samples = cs_webrtc_stats_convert_sources (req->converter->converter, reply, sources, req->t);
      pairs = cs_webrtc_connection_pairs (reply, req->t, &selected);
    }
  else
    samples = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_stats_sample_free);
  g_mutex_unlock (&req->converter->lock);
  done_us = g_get_monotonic_time ();

  g_mutex_lock (&req->poller->lock);
  req->poller->get_stats_us += got_us - req->emitted_us;
  req->poller->convert_us += done_us - got_us;
  g_mutex_unlock (&req->poller->lock);

  if (!stale)
    gst_bus_post (req->bus, new_reply_message (req->poller, samples, req, pairs, selected));
}

static void
request_free (Request *req)
{
  gst_object_unref (req->bus);
  g_object_unref (req->poller);
  converter_unref (req->converter);
  g_weak_ref_clear (&req->webrtcbin);
  g_free (req);
}

/* The late replies held back, each target's newest, join the poll being committed. */
static void
ingest_held (CsStatsPoller *self)
{
  for (guint i = 0; i < self->targets->len; i++)
    {
      Target *target = g_ptr_array_index (self->targets, i);

      if (target->held == NULL)
        continue;
      for (guint j = 0; j < target->held->len && self->model != NULL; j++)
        {
          CsStatsSample *sample = g_ptr_array_index (target->held, j);

          sample->t = MAX (self->poll_t, self->last_commit);
          cs_stats_model_ingest (self->model, sample);
        }
      g_clear_pointer (&target->held, g_ptr_array_unref);
    }
}

static void
commit_current (CsStatsPoller *self)
{
  gint64 begin = g_get_monotonic_time ();

  if (self->committed)
    return;
  self->committed = TRUE;
  ingest_held (self);
  if (self->poll_t <= self->last_commit)
    return;
  self->last_commit = self->poll_t;
  if (self->model != NULL)
    cs_stats_model_commit (self->model, self->poll_t);
  self->ingest_us += g_get_monotonic_time () - begin;
  g_signal_emit (self, signals[SIGNAL_COMMITTED], 0, self->poll_t);
}

static gboolean
on_tick (gpointer user_data)
{
  CsStatsPoller *self = user_data;
  guint generation;
  g_autoptr (GstBus) bus = gst_element_get_bus (self->pipeline);

  /* a webrtcbin that did not answer in a whole interval must not hold the model back */
  commit_current (self);

  g_signal_emit (self, signals[SIGNAL_POLLING], 0);
  self->poll++;
  /* whole milliseconds, so that recordings carry short, exact times */
  self->poll_t = (double) (gint64) (cs_stats_poller_get_time (self) * 1000.0) / 1000.0;
  self->pending = 0;
  self->committed = FALSE;
  g_mutex_lock (&self->lock);
  generation = self->generation;
  self->n_polls++;
  g_mutex_unlock (&self->lock);

  for (guint i = 0; i < self->targets->len; i++)
    {
      Target *target = g_ptr_array_index (self->targets, i);
      Request *req;
      GstPromise *promise;

      /* still busy with an earlier request (a starved machine): its reply, when it comes, is
       * this webrtcbin's part of the poll it arrives in; asking again would only queue more work.
       * A request unanswered for MAX_WAIT_POLLS polls is given up (a promise that was dropped). */
      if (target->in_flight != 0 && self->poll - target->in_flight < MAX_WAIT_POLLS)
        continue;
      target->in_flight = self->poll;
      self->pending++;
      req = g_new0 (Request, 1);
      req->poller = g_object_ref (self);
      req->bus = gst_object_ref (bus);
      req->converter = converter_ref (target->converter);
      g_weak_ref_init (&req->webrtcbin, target->webrtcbin);
      req->target_id = target->id;
      req->poll = self->poll;
      req->t = self->poll_t;
      req->generation = generation;
      req->emitted_us = g_get_monotonic_time ();
      promise = gst_promise_new_with_change_func (on_stats_reply, req, (GDestroyNotify) request_free);
      g_signal_emit_by_name (target->webrtcbin, "get-stats", NULL, promise);
      gst_promise_unref (promise);
    }
  /* nothing to poll (everyone left, not yet joined, or all busy): time still passes for the model */
  if (self->pending == 0)
    commit_current (self);
  return G_SOURCE_CONTINUE;
}

void
cs_stats_poller_start (CsStatsPoller *self,
                       guint          interval_ms)
{
  g_return_if_fail (interval_ms > 0);
  if (self->timer_id != 0)
    return;
  self->timer_id = g_timeout_add (interval_ms, on_tick, self);
}

void
cs_stats_poller_stop (CsStatsPoller *self)
{
  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_mutex_lock (&self->lock);
  self->generation++;
  g_mutex_unlock (&self->lock);
  /* the replies in flight are dropped: a restart asks every webrtcbin afresh */
  if (self->targets != NULL)
    for (guint i = 0; i < self->targets->len; i++)
      {
        Target *target = g_ptr_array_index (self->targets, i);

        target->in_flight = 0;
        g_clear_pointer (&target->held, g_ptr_array_unref);
      }
}

gboolean
cs_stats_poller_handle_message (CsStatsPoller *self,
                                GstMessage    *message)
{
  const GstStructure *s;
  GPtrArray *samples = NULL;
  guint poll = 0, target_id = 0;
  gboolean is_reply = FALSE, late = FALSE;
  Target *target = NULL;
  gint64 begin;

  if (GST_MESSAGE_TYPE (message) != GST_MESSAGE_APPLICATION)
    return FALSE;
  s = gst_message_get_structure (message);
  if (s == NULL || !gst_structure_has_name (s, MESSAGE_NAME))
    return FALSE;
  if (GST_MESSAGE_SRC (message) != GST_OBJECT (self->pipeline))
    return FALSE;

  begin = g_get_monotonic_time ();
  gst_structure_get (s, "target", G_TYPE_UINT, &target_id, "poll", G_TYPE_UINT, &poll, "reply", G_TYPE_BOOLEAN, &is_reply,
                     "samples", G_TYPE_PTR_ARRAY, &samples, NULL);
  if (is_reply)
    {
      target = find_target (self, target_id);

      /* a reply older than one already ingested, or of a removed target that came too late
       * to be part of its poll: nothing to do with it. A reply its target gave up waiting for
       * (asked again after MAX_WAIT_POLLS) is still the newest news of that webrtcbin: on a
       * starved machine (16 lab users on 2 cores) every reply came after 5 polls, and dropping
       * them left the model without a single statistic while media flowed. */
      if ((target != NULL && poll <= target->answered) || (target == NULL && poll != self->poll))
        {
          g_debug ("get-stats reply of poll %u dropped during poll %u", poll, self->poll);
          g_clear_pointer (&samples, g_ptr_array_unref);
          return TRUE;
        }
      if (target != NULL)
        {
          target->answered = poll;
          if (target->in_flight == poll)
            target->in_flight = 0;
        }
      late = poll != self->poll;
      if (target != NULL)
        {
          GPtrArray *pairs = NULL;
          g_autofree char *selected = NULL;
          double t = 0;

          gst_structure_get (s, "pairs", G_TYPE_PTR_ARRAY, &pairs, "selected", G_TYPE_STRING, &selected,
                             "t", G_TYPE_DOUBLE, &t, NULL);
          if (pairs != NULL)
            {
              g_autofree char *observer = NULL;
              g_autofree char *peer = NULL;

              g_mutex_lock (&target->converter->lock);
              if (target->converter->converter != NULL)
                {
                  observer = g_strdup (cs_webrtc_stats_get_observer_uid (target->converter->converter));
                  peer = g_strdup (cs_webrtc_stats_get_default_peer_uid (target->converter->converter));
                }
              g_mutex_unlock (&target->converter->lock);
              g_signal_emit (self, signals[SIGNAL_CONNECTION], 0, target->webrtcbin, pairs, selected, t, observer, peer);
            }
          g_clear_pointer (&pairs, g_ptr_array_unref);
          /* a handler may have removed it */
          target = find_target (self, target_id);
        }
    }
  if (late)
    {
      /* its poll was committed without it: it joins the current one, stamped with the current
       * poll's time (webrtcbin gathers the statistics when it answers, not when asked). It is
       * held until the commit: a newer reply of the same webrtcbin in this poll replaces it,
       * since the model takes one sample per track and second. */
      self->n_late++;
      g_debug ("get-stats reply of poll %u came during poll %u: ingested at t = %.3f",
               poll, self->poll, MAX (self->poll_t, self->last_commit));
      if (target != NULL)
        {
          g_clear_pointer (&target->held, g_ptr_array_unref);
          target->held = g_steal_pointer (&samples);
          self->ingest_us += g_get_monotonic_time () - begin;
          return TRUE;
        }
    }
  else if (target != NULL)
    /* this poll's own reply is newer than any late one held */
    g_clear_pointer (&target->held, g_ptr_array_unref);
  if (samples != NULL && self->model != NULL)
    for (guint i = 0; i < samples->len; i++)
      {
        CsStatsSample *sample = g_ptr_array_index (samples, i);

        /* stray samples (connection events) join the current second */
        if (!is_reply)
          sample->t = MAX (sample->t, self->last_commit);
        cs_stats_model_ingest (self->model, sample);
      }
  g_clear_pointer (&samples, g_ptr_array_unref);
  self->ingest_us += g_get_monotonic_time () - begin;

  if (is_reply && !late && self->pending > 0 && --self->pending == 0)
    commit_current (self);
  return TRUE;
}

guint
cs_stats_poller_get_late_replies (CsStatsPoller *self)
{
  g_return_val_if_fail (CS_IS_STATS_POLLER (self), 0);
  return self->n_late;
}

void
cs_stats_poller_get_costs (CsStatsPoller *self,
                           guint         *n_polls,
                           gint64        *get_stats_us,
                           gint64        *convert_us,
                           gint64        *ingest_us)
{
  g_mutex_lock (&self->lock);
  if (n_polls != NULL)
    *n_polls = self->n_polls;
  if (get_stats_us != NULL)
    *get_stats_us = self->get_stats_us;
  if (convert_us != NULL)
    *convert_us = self->convert_us;
  g_mutex_unlock (&self->lock);
  if (ingest_us != NULL)
    *ingest_us = self->ingest_us;
}
