/* cs-call-controller-replay.c — CsCallController's asynchronous replay
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The model is not thread-safe, and it is the window's source of truth: only the reading
 * (the JSON parsing, most of the cost) runs in a worker thread; the model is fed on the
 * caller's main context from an idle source, a few milliseconds per main-loop iteration,
 * through the reader's replay in parts (cs_recording_reader_replay_steps()), so the result
 * is the synchronous replay's, bit for bit.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cs-call-controller-private.h"
#include "cs-call-file.h"

/* Reading (parsing) a recording costs about nine times what feeding it to the model does
 * (tests/control/bench-replay.c): the progress gives it that share. */
#define READ_SHARE       0.9
/* Each main-loop iteration of a replay feeds the model for at most this long. */
#define INGEST_BUDGET_US 8000
/* Steps fed between two looks at the clock. */
#define INGEST_STEPS     64

/* What the reading thread has: neither the task nor the controller, so that whatever thread
 * lets it go last, only the file and the reader are freed there. */
typedef struct
{
  GFile             *file;
  GCancellable      *cancellable;   /* the replay's own */
  CsRecordingReader *reader;        /* once read: the whole file, or the part before a broken line */
  GError            *error;         /* why the reading stopped */
  double             last_reported; /* of the progress, in the thread */
  GTask             *task;          /* main context only: the replay, until it returns */
} ReadJob;

static gpointer
unref_thread (gpointer object)
{
  g_object_unref (object);
  return NULL;
}

static void
unref_in_thread (gpointer object)
{
  /* a read recording of an hour is some 140 000 objects (0.14 s to free): not on the main loop */
  g_thread_unref (g_thread_new ("cs-replay-free", unref_thread, object));
}

static void
read_job_clear (gpointer data)
{
  ReadJob *job = data;

  g_clear_object (&job->file);
  g_clear_object (&job->cancellable);
  g_clear_pointer (&job->reader, unref_in_thread);
  g_clear_error (&job->error);
}

static void
read_job_unref (gpointer job)
{
  g_atomic_rc_box_release_full (job, read_job_clear);
}

typedef struct
{
  ReadJob           *job;
  char              *record;        /* nullable */
  GCancellable      *caller_cancellable;
  gulong             caller_handler;
  CsRecordingReader *reader;        /* once read */
  GError            *read_error;    /* a broken line: the part before it is replayed, then this */
  guint              idle_id;
  guint              fed;           /* steps fed to the model */
  gboolean           ingesting;     /* the model joined the replay: it must leave */
} Replay;

static void
replay_free (Replay *replay)
{
  if (replay->caller_handler != 0)
    g_cancellable_disconnect (replay->caller_cancellable, replay->caller_handler);
  g_clear_object (&replay->caller_cancellable);
  g_clear_handle_id (&replay->idle_id, g_source_remove);
  g_clear_pointer (&replay->reader, unref_in_thread);
  g_clear_error (&replay->read_error);
  g_clear_pointer (&replay->job, read_job_unref);
  g_free (replay->record);
  g_free (replay);
}

static void
set_replay_progress (CsCallController *self, double progress)
{
  progress = CLAMP (progress, 0, 1);
  if (progress <= self->replay_progress)
    return;
  self->replay_progress = progress;
  _cs_call_controller_notify_replay (self, TRUE);
}

/* Ends the replay in progress (the controller's current one), then returns @task: with
 * @error, else with the warnings of its recording. */
static void
replay_complete (CsCallController *self, GTask *task, GError *error)
{
  Replay *replay = g_task_get_task_data (task);
  g_autoptr (GTask) owned = NULL;

  g_assert (self->replay == task);
  owned = g_steal_pointer (&self->replay);  /* the controller's reference */
  replay->job->task = NULL;
  g_clear_handle_id (&replay->idle_id, g_source_remove);
  if (replay->ingesting)
    cs_recording_reader_replay_end (replay->reader, self->model);
  replay->ingesting = FALSE;
  if (error == NULL)
    set_replay_progress (self, 1);
  _cs_call_controller_notify_replay (self, FALSE);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    {
      GPtrArray *warnings = cs_recording_reader_get_warnings (replay->reader);
      g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

      for (guint i = 0; i < warnings->len; i++)
        g_strv_builder_add (builder, g_ptr_array_index (warnings, i));
      g_task_return_pointer (task, g_strv_builder_end (builder), (GDestroyNotify) g_strfreev);
    }
}

void
_cs_call_controller_cancel_replay (CsCallController *self)
{
  GTask *task = self->replay;

  if (task == NULL)
    return;
  g_cancellable_cancel (((Replay *) g_task_get_task_data (task))->job->cancellable);
  replay_complete (self, task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The replay was cancelled")));
}

static gboolean
ingest_cb (gpointer data)
{
  GTask *task = data;
  Replay *replay = g_task_get_task_data (task);
  CsCallController *self = g_task_get_source_object (task);
  gint64 start = g_get_monotonic_time ();
  guint n = cs_recording_reader_get_n_steps (replay->reader);
  guint fed;

  if (g_cancellable_is_cancelled (replay->job->cancellable))
    {
      replay->idle_id = 0;
      _cs_call_controller_cancel_replay (self);
      return G_SOURCE_REMOVE;
    }
  do
    {
      fed = cs_recording_reader_replay_steps (replay->reader, self->model, INGEST_STEPS);
      replay->fed += fed;
    }
  while (fed > 0 && g_get_monotonic_time () - start < INGEST_BUDGET_US);
  if (fed > 0)
    {
      /* may end the replay (a handler that ends the call): nothing of it is used after */
      set_replay_progress (self, READ_SHARE + (1 - READ_SHARE) * replay->fed / MAX (n, 1));
      return G_SOURCE_CONTINUE;
    }
  replay->idle_id = 0;
  replay_complete (self, task, g_steal_pointer (&replay->read_error));
  return G_SOURCE_REMOVE;
}

typedef struct
{
  ReadJob *job;
  double   progress;
} Progress;

static gboolean
read_progress_cb (gpointer data)
{
  Progress *p = data;

  if (p->job->task != NULL)
    set_replay_progress (g_task_get_source_object (p->job->task), p->progress);
  return G_SOURCE_REMOVE;
}

static void
progress_free (gpointer data)
{
  Progress *p = data;

  read_job_unref (p->job);
  g_free (p);
}

/* In the reading thread. */
static void
read_progress (goffset done, goffset total, gpointer user_data)
{
  ReadJob *job = user_data;
  double progress = READ_SHARE * done / MAX (total, 1);
  Progress *p;

  if (progress < job->last_reported + 0.005 && done < total)
    return;
  job->last_reported = progress;
  p = g_new (Progress, 1);
  p->job = g_atomic_rc_box_acquire (job);
  p->progress = progress;
  g_main_context_invoke_full (g_main_context_default (), G_PRIORITY_DEFAULT, read_progress_cb, p, progress_free);
}

static void
read_thread (GTask *thread_task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ReadJob *job = task_data;
  CsRecordingReader *partial = NULL;

  /* only this thread touches job->reader and job->error until it returns */
  job->reader = cs_call_file_read (job->file, cancellable, read_progress, job, &partial, &job->error);
  if (job->reader == NULL)
    job->reader = partial;
  g_task_return_boolean (thread_task, TRUE);
}

static void
read_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  ReadJob *job = g_task_get_task_data (G_TASK (result));
  GTask *task = job->task;
  Replay *replay;
  CsCallController *self;
  g_autoptr (GError) error = NULL;

  if (task == NULL)
    return;  /* cancelled: returned already */
  replay = g_task_get_task_data (task);
  self = g_task_get_source_object (task);
  if (g_cancellable_is_cancelled (job->cancellable))
    {
      _cs_call_controller_cancel_replay (self);
      return;
    }
  replay->reader = g_steal_pointer (&job->reader);
  replay->read_error = g_steal_pointer (&job->error);
  /* nothing to replay: the call in progress goes on */
  if (replay->reader == NULL || (replay->read_error != NULL && cs_recording_reader_get_n_steps (replay->reader) == 0))
    {
      replay_complete (self, task, g_steal_pointer (&replay->read_error));
      return;
    }
  _cs_call_controller_end_session (self);
  _cs_call_controller_set_source (self, replay->reader);
  if (replay->record != NULL && !cs_call_controller_start_recording (self, replay->record, &error))
    {
      replay_complete (self, task, g_steal_pointer (&error));
      return;
    }
  cs_call_controller_apply_thresholds (self);
  set_replay_progress (self, READ_SHARE);
  cs_recording_reader_replay_begin (replay->reader, self->model);
  replay->ingesting = TRUE;
  /* below the redraw (G_PRIORITY_HIGH_IDLE + 20) and input: the window stays responsive */
  replay->idle_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, ingest_cb, task, NULL);
}

static void
caller_cancelled_cb (GCancellable *cancellable, gpointer data)
{
  /* any thread; ingest_cb or read_done_cb ends the replay on the main context */
  g_cancellable_cancel (data);
}

void
cs_call_controller_replay_async (CsCallController   *self,
                                 GFile              *file,
                                 const char         *record,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  g_autoptr (GTask) thread_task = NULL;
  ReadJob *job;
  Replay *replay;
  GTask *task;

  g_return_if_fail (CS_IS_CALL_CONTROLLER (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  _cs_call_controller_cancel_replay (self);
  job = g_atomic_rc_box_new0 (ReadJob);
  job->file = g_object_ref (file);
  job->cancellable = g_cancellable_new ();
  replay = g_new0 (Replay, 1);
  replay->job = job;
  replay->record = g_strdup (record);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cs_call_controller_replay_async);
  g_task_set_task_data (task, replay, (GDestroyNotify) replay_free);
  job->task = task;
  if (cancellable != NULL)
    {
      replay->caller_cancellable = g_object_ref (cancellable);
      replay->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                                      g_object_ref (job->cancellable), g_object_unref);
    }
  self->replay = task;  /* the controller's reference, until replay_complete() */
  self->replay_progress = 0;
  _cs_call_controller_notify_replay (self, FALSE);

  thread_task = g_task_new (NULL, job->cancellable, read_done_cb, NULL);
  g_task_set_task_data (thread_task, g_atomic_rc_box_acquire (job), read_job_unref);
  g_task_run_in_thread (thread_task, read_thread);
}

gboolean
cs_call_controller_replay_finish (CsCallController *self,
                                  GAsyncResult     *result,
                                  char           ***warnings,
                                  GError          **error)
{
  g_auto (GStrv) list = NULL;

  g_return_val_if_fail (CS_IS_CALL_CONTROLLER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cs_call_controller_replay_async, FALSE);

  list = g_task_propagate_pointer (G_TASK (result), error);
  if (list == NULL)
    return FALSE;
  if (warnings != NULL)
    *warnings = g_steal_pointer (&list);
  return TRUE;
}

gboolean
cs_call_controller_get_replaying (CsCallController *self)
{
  g_return_val_if_fail (CS_IS_CALL_CONTROLLER (self), FALSE);
  return self->replay != NULL;
}

double
cs_call_controller_get_replay_progress (CsCallController *self)
{
  g_return_val_if_fail (CS_IS_CALL_CONTROLLER (self), 0);
  return self->replay_progress;
}
