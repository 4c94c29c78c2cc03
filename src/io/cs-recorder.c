/* cs-recorder.c — writes a call as a Callscope recording (JSON Lines)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lines are written as the model reports them and flushed once per committed second,
 * so a crash loses at most the last second. Lines that the model emits during a
 * commit without a time of their own (user-joined, user-left) wait for the
 * "committed" signal that carries it, so every line has its "t".
 *
 * The file always ends on a whole line that the reader accepts: lines are buffered
 * whole here (not in a GBufferedOutputStream, which hides how much of a buffer reached
 * the file), no line can exceed the reader's limit (cs_recording_object_to_line() cuts
 * strings), and when a write fails part-way (a full disk) the file is truncated back to
 * its last whole line. The first failure stops the recording at once and emits "failed".
 */
#include "config.h"

#include "cs-recorder.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gio/gunixoutputstream.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cs-agora-fields.h"
#include "cs-error.h"
#include "cs-recording-private.h"

#define BUFFER_SIZE (64 * 1024)

struct _CsRecorder
{
  GObject        parent_instance;

  char          *path;       /* for messages: a file name, "-" for standard output */
  char          *mode;
  GOutputStream *stream;     /* unbuffered; NULL once closed */
  GString       *buffer;     /* whole lines not written yet */
  GError        *error;      /* the first write error; later writes are dropped */
  guint64        written;    /* bytes written to @stream */

  CsStatsModel  *model;
  GPtrArray     *handlers;   /* gulong* signal handler ids on @model */
  GPtrArray     *pending;    /* JsonObject* waiting for their "t" (the next committed second) */
  /* the local user joins before the server names it (--display): its user-joined line takes the
   * name it has when the line is written */
  JsonObject    *local_line; /* in @pending, not owned */
  CsParticipant *local;      /* owned while @local_line is pending */
  double         last_t;     /* the last time seen (sample or commit) */
  gboolean       joined;     /* a "join" line was written and no "leave" since */
  gboolean       have_thresholds;
  CsThresholds   thresholds; /* as last written */
};

G_DEFINE_FINAL_TYPE (CsRecorder, cs_recorder, G_TYPE_OBJECT)

enum
{
  FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void detach (CsRecorder *self);

static void
cs_recorder_dispose (GObject *object)
{
  CsRecorder *self = CS_RECORDER (object);

  if (self->stream != NULL)
    cs_recorder_close (self, NULL);
  detach (self);
  G_OBJECT_CLASS (cs_recorder_parent_class)->dispose (object);
}

static void
cs_recorder_finalize (GObject *object)
{
  CsRecorder *self = CS_RECORDER (object);

  g_free (self->path);
  g_free (self->mode);
  g_string_free (self->buffer, TRUE);
  g_clear_error (&self->error);
  g_clear_pointer (&self->handlers, g_ptr_array_unref);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_object (&self->local);
  G_OBJECT_CLASS (cs_recorder_parent_class)->finalize (object);
}

static void
cs_recorder_class_init (CsRecorderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cs_recorder_dispose;
  object_class->finalize = cs_recorder_finalize;

  /**
   * CsRecorder::failed:
   * @error: (type GError): why writing failed (a full disk, a closed pipe)
   *
   * Emitted once, on the first write error; nothing more is written and
   * cs_recorder_close() returns the error again.
   */
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
cs_recorder_init (CsRecorder *self)
{
  self->handlers = g_ptr_array_new_with_free_func (g_free);
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  self->buffer = g_string_sized_new (BUFFER_SIZE);
}

/* ---- writing --------------------------------------------------------------------- */

static void
fail (CsRecorder *self, GError *error)
{
  g_autoptr (GError) wrapped = NULL;

  if (self->error != NULL)
    {
      g_error_free (error);
      return;
    }
  wrapped = g_error_new (error->domain, error->code,
                         /* TRANSLATORS: %s is a file name ("-" for the standard output), then the reason */
                         _("Cannot write the recording “%s”: %s"), self->path, error->message);
  g_error_free (error);
  self->error = g_error_copy (wrapped);
  g_signal_emit (self, signals[FAILED], 0, wrapped);
}

/* After a write that failed part-way: takes the @partial bytes of an incomplete line
 * back out of the file, so that it ends on a whole line. Possible for a regular file
 * (ours, or standard output redirected to one) and for a truncatable GSeekable; a pipe
 * keeps what it was given. */
static void
truncate_partial (CsRecorder *self, gsize partial)
{
  if (partial == 0)
    return;
  if (G_IS_UNIX_OUTPUT_STREAM (self->stream))
    {
      int fd = g_unix_output_stream_get_fd (G_UNIX_OUTPUT_STREAM (self->stream));
      struct stat st;
      off_t end;

      if (fstat (fd, &st) == 0 && S_ISREG (st.st_mode) && (end = lseek (fd, 0, SEEK_CUR)) >= (off_t) partial &&
          ftruncate (fd, end - (off_t) partial) == 0)
        lseek (fd, end - (off_t) partial, SEEK_SET);
    }
  else if (G_IS_SEEKABLE (self->stream) && g_seekable_can_truncate (G_SEEKABLE (self->stream)))
    {
      goffset end = g_seekable_tell (G_SEEKABLE (self->stream));

      if (end >= (goffset) partial)
        g_seekable_truncate (G_SEEKABLE (self->stream), end - (goffset) partial, NULL, NULL);
    }
}

/* Writes the buffered lines. On a failure, what reached the file is cut back to its
 * last whole line, and the recording stops. */
static void
flush (CsRecorder *self)
{
  GError *error = NULL;
  gsize written = 0;

  if (self->stream == NULL || self->error != NULL || self->buffer->len == 0)
    return;
  if (!g_output_stream_write_all (self->stream, self->buffer->str, self->buffer->len, &written, NULL, &error))
    {
      const char *last_nl = g_strrstr_len (self->buffer->str, (gssize) written, "\n");
      gsize whole = last_nl != NULL ? (gsize) (last_nl - self->buffer->str) + 1 : 0;

      truncate_partial (self, written - whole);
      g_string_truncate (self->buffer, 0);
      fail (self, error);
      return;
    }
  self->written += self->buffer->len;
  g_string_truncate (self->buffer, 0);
}

static void
write_object (CsRecorder *self, JsonObject *object)
{
  g_autofree char *line = NULL;
  gsize len;

  if (self->stream == NULL || self->error != NULL)
    return;
  line = cs_recording_object_to_line (object);
  len = strlen (line);
  /* Cannot happen with the lines written here (strings are cut): never write one the reader refuses. */
  if (len > CS_RECORDING_MAX_LINE)
    {
      g_warning ("Dropped a recording line of %" G_GSIZE_FORMAT " bytes (the limit is %d)", len, CS_RECORDING_MAX_LINE);
      return;
    }
  g_string_append_len (self->buffer, line, len);
  g_string_append_c (self->buffer, '\n');
  if (self->buffer->len >= BUFFER_SIZE)
    flush (self);
}

/* A line's time: the reader takes only a finite number from 0. */
static double
valid_t (double t)
{
  return isfinite (t) && t > 0 ? t : 0;
}

/* A line object starting with "type" and "t". */
static JsonObject *
line_new (const char *type, double t)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "type", type);
  cs_recording_set_double (object, "t", valid_t (t));
  return object;
}

static GOutputStream *
open_stream (const char *path, GError **error)
{
  int fd;

  if (g_strcmp0 (path, "-") == 0)
    return g_unix_output_stream_new (STDOUT_FILENO, FALSE);

  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      int saved = errno;
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   /* TRANSLATORS: %s is a file name, then the system's reason */
                   _("Cannot create the recording “%s”: %s"), display, g_strerror (saved));
      return NULL;
    }
  return g_unix_output_stream_new (fd, TRUE);
}

static CsRecorder *new_for_stream (GOutputStream *stream, const char *name, const char *mode,
                                   const CsRecorderHeader *header, GError **error);

CsRecorder *
cs_recorder_new (const char *path, const char *mode, GError **error)
{
  return cs_recorder_new_with_header (path, mode, NULL, error);
}

CsRecorder *
cs_recorder_new_with_header (const char *path, const char *mode, const CsRecorderHeader *header, GError **error)
{
  g_autoptr (GOutputStream) raw = NULL;

  g_return_val_if_fail (path != NULL && *path != '\0', NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  raw = open_stream (path, error);
  if (raw == NULL)
    return NULL;
  return new_for_stream (raw, path, mode, header, error);
}

CsRecorder *
cs_recorder_new_for_stream (GOutputStream *stream, const char *name, const char *mode, GError **error)
{
  return new_for_stream (stream, name, mode, NULL, error);
}

static CsRecorder *
new_for_stream (GOutputStream *stream, const char *name, const char *mode, const CsRecorderHeader *header,
                GError **error)
{
  g_autoptr (CsRecorder) self = NULL;
  g_autoptr (JsonObject) session = NULL;
  g_autoptr (GDateTime) now = NULL;
  g_autofree char *start = NULL;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (CS_TYPE_RECORDER, NULL);
  self->path = g_strdup (name != NULL ? name : "-");
  self->mode = g_strdup (mode != NULL ? mode : "lab");
  self->stream = g_object_ref (stream);

  now = g_date_time_new_now_utc ();
  start = g_date_time_format_iso8601 (now);
  session = json_object_new ();
  json_object_set_string_member (session, "type", "session");
  json_object_set_string_member (session, "format", CS_RECORDING_FORMAT);
  json_object_set_int_member (session, "version", CS_RECORDING_VERSION);
  json_object_set_string_member (session, "mode", self->mode);
  json_object_set_string_member (session, "start",
                                 header != NULL && header->start != NULL && *header->start != '\0' ? header->start : start);
  json_object_set_string_member (session, "app", "Callscope");
  json_object_set_string_member (session, "appVersion", PACKAGE_VERSION);
  if (header != NULL && header->source_format != NULL && *header->source_format != '\0')
    {
      JsonObject *source = json_object_new ();

      json_object_set_string_member (source, "format", header->source_format);
      if (header->source_browser != NULL && *header->source_browser != '\0')
        json_object_set_string_member (source, "browser", header->source_browser);
      if (header->source_file != NULL && *header->source_file != '\0')
        json_object_set_string_member (source, "file", header->source_file);
      json_object_set_object_member (session, "source", source);
    }
  write_object (self, session);
  flush (self);
  if (self->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->error));
      return NULL;
    }
  return g_steal_pointer (&self);
}

void
cs_recorder_write_sample (CsRecorder *self, const CsStatsSample *sample)
{
  g_autoptr (JsonObject) object = NULL;

  g_return_if_fail (CS_IS_RECORDER (self));
  g_return_if_fail (sample != NULL);

  /* what the reader refuses is not written (the model never passes such a sample on) */
  if (!isfinite (sample->t) || sample->t < 0 || sample->observer_uid == NULL || *sample->observer_uid == '\0' ||
      sample->peer_uid == NULL || *sample->peer_uid == '\0')
    return;
  object = cs_recording_sample_to_json (sample);
  write_object (self, object);
}

void
cs_recorder_write_event (CsRecorder *self, double t, const char *level, const char *uid, const char *msg)
{
  g_autoptr (JsonObject) object = NULL;

  g_return_if_fail (CS_IS_RECORDER (self));

  object = line_new ("event", t);
  json_object_set_string_member (object, "level", level != NULL ? level : "info");
  if (uid != NULL)
    json_object_set_string_member (object, "uid", uid);
  json_object_set_string_member (object, "msg", msg != NULL ? msg : "");
  write_object (self, object);
}

guint64
cs_recorder_get_size (CsRecorder *self)
{
  g_return_val_if_fail (CS_IS_RECORDER (self), 0);
  return self->written + self->buffer->len;
}

gboolean
cs_recorder_get_failed (CsRecorder *self)
{
  g_return_val_if_fail (CS_IS_RECORDER (self), FALSE);
  return self->error != NULL;
}

void
cs_recorder_flush (CsRecorder *self)
{
  g_return_if_fail (CS_IS_RECORDER (self));
  flush (self);
}

/* ---- the model's outputs ---------------------------------------------------------- */

static void
set_reason (JsonObject *object, const char *name, const CsQualityReason *reason)
{
  g_autoptr (JsonObject) r = json_object_new ();

  json_object_set_string_member (r, "metric", cs_quality_metric_to_string (reason->metric));
  cs_recording_set_known (r, "value", reason->value);
  if (reason->peer_uid[0] != '\0')
    json_object_set_string_member (r, "peer", reason->peer_uid);
  json_object_set_object_member (object, name, g_steal_pointer (&r));
}

static void
write_network_quality (CsRecorder *self, double t, const char *uid, const CsNetworkQuality *q)
{
  g_autoptr (JsonObject) o = line_new ("network-quality", t);

  json_object_set_string_member (o, "uid", uid);
  json_object_set_int_member (o, "uplinkNetworkQuality", q->uplinkNetworkQuality);
  json_object_set_int_member (o, "downlinkNetworkQuality", q->downlinkNetworkQuality);
  set_reason (o, "uplinkReason", &q->uplinkReason);
  set_reason (o, "downlinkReason", &q->downlinkReason);
  write_object (self, o);
}

/* One stats line: the fields of @kind in the table's order (cs-agora-fields.c), a double
 * omitted when unknown, a string when empty; @uid (a remote user's) first when given. */
static void
write_stats (CsRecorder *self, double t, CsAgoraKind kind, const char *uid, gconstpointer stats)
{
  g_autoptr (JsonObject) o = line_new (cs_agora_kind_get_line_type (kind), t);
  guint n = 0;
  const CsAgoraField *fields = cs_agora_fields_get (kind, &n);

  if (uid != NULL)
    json_object_set_string_member (o, "uid", uid);
  for (guint i = 0; i < n; i++)
    {
      const CsAgoraField *f = &fields[i];

      if (!(f->flags & CS_AGORA_FIELD_RECORDED))
        continue;
      switch (f->type)
        {
        case CS_AGORA_TYPE_DOUBLE:
          cs_recording_set_known (o, f->name, cs_agora_field_get_double (f, stats));
          break;
        case CS_AGORA_TYPE_UINT:
        case CS_AGORA_TYPE_UINT64:
          json_object_set_int_member (o, f->name, (gint64) cs_agora_field_get_uint64 (f, stats));
          break;
        case CS_AGORA_TYPE_BOOLEAN:
          json_object_set_boolean_member (o, f->name, cs_agora_field_get_boolean (f, stats));
          break;
        case CS_AGORA_TYPE_STRING:
          if (*cs_agora_field_get_string (f, stats) != '\0')
            json_object_set_string_member (o, f->name, cs_agora_field_get_string (f, stats));
          break;
        default:
          g_assert_not_reached ();
        }
    }
  write_object (self, o);
}

/* Writes a "thresholds" line when the model's thresholds differ from the last ones written. */
static void
check_thresholds (CsRecorder *self, double t)
{
  CsThresholds now;
  g_autoptr (JsonObject) o = NULL;

  cs_stats_model_get_thresholds (self->model, &now);
  if (self->have_thresholds && cs_recording_thresholds_equal (&now, &self->thresholds))
    return;
  self->thresholds = now;
  self->have_thresholds = TRUE;
  o = line_new ("thresholds", t);
  cs_recording_thresholds_to_json (&now, o);
  write_object (self, o);
}

static void
write_pending (CsRecorder *self, double t)
{
  for (guint i = 0; i < self->pending->len; i++)
    {
      JsonObject *o = g_ptr_array_index (self->pending, i);
      g_autoptr (JsonObject) line = NULL;
      JsonObjectIter iter;
      const char *name;
      JsonNode *node;

      if (json_object_has_member (o, "t"))
        {
          write_object (self, o);
          continue;
        }
      if (o == self->local_line)
        {
          const char *local_name = cs_participant_get_display_name (self->local);

          if (local_name != NULL && *local_name != '\0')
            json_object_set_string_member (o, "displayName", local_name);
        }
      /* "type" and "t" first, as in every line. */
      line = line_new (json_object_get_string_member (o, "type"), t);
      json_object_iter_init_ordered (&iter, o);
      while (json_object_iter_next_ordered (&iter, &name, &node))
        if (strcmp (name, "type") != 0)
          json_object_set_member (line, name, json_node_copy (node));
      write_object (self, line);
    }
  g_ptr_array_set_size (self->pending, 0);
  self->local_line = NULL;
  g_clear_object (&self->local);
}

static void
write_join (CsRecorder *self)
{
  g_autoptr (JsonObject) o = line_new ("join", self->last_t);
  const char *uid = cs_stats_model_get_local_uid (self->model);

  json_object_set_string_member (o, "localUid", uid != NULL ? uid : "local");
  write_object (self, o);
  self->joined = TRUE;
  self->have_thresholds = FALSE;
  check_thresholds (self, self->last_t);
  flush (self);
}

static void
write_leave (CsRecorder *self)
{
  g_autoptr (JsonObject) o = NULL;

  write_pending (self, self->last_t);
  o = line_new ("leave", self->last_t);
  write_object (self, o);
  self->joined = FALSE;
  flush (self);
}

static void
on_sample_ingested (CsStatsModel *model, const CsStatsSample *sample, CsRecorder *self)
{
  if (!self->joined)
    return;
  check_thresholds (self, sample->t);
  cs_recorder_write_sample (self, sample);
  self->last_t = sample->t;
}

static void
on_exception (CsStatsModel *model, CsExceptionEvent *event, CsRecorder *self)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "type", "exception");
  cs_recording_set_double (o, "t", valid_t (event->t));
  json_object_set_int_member (o, "code", event->code);
  json_object_set_string_member (o, "msg", event->msg != NULL ? event->msg : "");
  json_object_set_string_member (o, "uid", event->uid != NULL ? event->uid : "");
  cs_recording_set_known (o, "value", event->value);
  if (event->is_recovery)
    {
      cs_recording_set_double (o, "startedAt", event->started_at);
      cs_recording_set_double (o, "duration", event->duration);
    }
  /* Written in the order the model emitted it, with the second's other lines. */
  g_ptr_array_add (self->pending, o);
}

static void
on_user (CsStatsModel *model, CsParticipant *participant, CsRecorder *self, const char *type)
{
  JsonObject *o = json_object_new ();
  const char *name = cs_participant_get_display_name (participant);

  json_object_set_string_member (o, "type", type);
  json_object_set_string_member (o, "uid", cs_participant_get_uid (participant));
  if (name != NULL && *name != '\0')
    json_object_set_string_member (o, "displayName", name);
  if (cs_participant_get_is_local (participant))
    {
      json_object_set_boolean_member (o, "isLocal", TRUE);
      if (strcmp (type, "user-joined") == 0)
        {
          self->local_line = o;
          g_set_object (&self->local, participant);
        }
    }
  g_ptr_array_add (self->pending, o);
}

static void
on_user_joined (CsStatsModel *model, CsParticipant *participant, CsRecorder *self)
{
  on_user (model, participant, self, "user-joined");
}

static void
on_user_left (CsStatsModel *model, CsParticipant *participant, CsRecorder *self)
{
  on_user (model, participant, self, "user-left");
}

static void
on_committed (CsStatsModel *model, double t, CsRecorder *self)
{
  g_autoptr (JsonObject) commit = NULL;
  const char *local_uid = cs_stats_model_get_local_uid (model);
  CsRtcStats rtc;
  CsLocalAudioTrackStats la;
  CsLocalVideoTrackStats lv;
  CsNetworkQuality q;
  guint n;

  if (!self->joined)
    return;
  self->last_t = t;
  check_thresholds (self, t);
  write_pending (self, t);

  /* Network quality of every present user, in the model's order (the local user first). */
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (CsParticipant) p = g_list_model_get_item (G_LIST_MODEL (model), i);
      const char *uid = cs_participant_get_uid (p);

      if (!cs_participant_get_present (p))
        continue;
      if (cs_participant_get_is_local (p) ? cs_stats_model_get_network_quality (model, &q)
                                          : cs_stats_model_get_remote_network_quality_for (model, uid, &q))
        write_network_quality (self, t, uid, &q);
    }

  if (cs_stats_model_get_rtc_stats (model, &rtc))
    write_stats (self, t, CS_AGORA_KIND_RTC, NULL, &rtc);
  if (cs_stats_model_get_local_audio_stats (model, &la))
    write_stats (self, t, CS_AGORA_KIND_LOCAL_AUDIO, NULL, &la);
  if (cs_stats_model_get_local_video_stats (model, &lv))
    write_stats (self, t, CS_AGORA_KIND_LOCAL_VIDEO, NULL, &lv);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (CsParticipant) p = g_list_model_get_item (G_LIST_MODEL (model), i);
      const char *uid = cs_participant_get_uid (p);
      CsRemoteAudioTrackStats ra;
      CsRemoteVideoTrackStats rv;

      if (cs_participant_get_is_local (p) || g_strcmp0 (uid, local_uid) == 0 || !cs_participant_get_present (p))
        continue;
      if (cs_stats_model_get_remote_audio_stats_for (model, uid, &ra))
        write_stats (self, t, CS_AGORA_KIND_REMOTE_AUDIO, uid, &ra);
      if (cs_stats_model_get_remote_video_stats_for (model, uid, &rv))
        write_stats (self, t, CS_AGORA_KIND_REMOTE_VIDEO, uid, &rv);
    }

  commit = line_new ("commit", t);
  write_object (self, commit);
  flush (self);
}

static void
on_state_changed (CsStatsModel *model, GParamSpec *pspec, CsRecorder *self)
{
  CsCallState state = cs_stats_model_get_state (model);

  if (state == CS_CALL_STATE_JOINED && !self->joined)
    {
      self->last_t = 0;
      write_join (self);
    }
  else if (state != CS_CALL_STATE_JOINED && self->joined)
    write_leave (self);
}

static void
connect_handler (CsRecorder *self, const char *signal, GCallback callback)
{
  gulong *id = g_new (gulong, 1);

  *id = g_signal_connect (self->model, signal, callback, self);
  g_ptr_array_add (self->handlers, id);
}

static void
detach (CsRecorder *self)
{
  if (self->model == NULL)
    return;
  for (guint i = 0; i < self->handlers->len; i++)
    {
      gulong *id = g_ptr_array_index (self->handlers, i);

      if (*id != 0)
        g_signal_handler_disconnect (self->model, *id);
    }
  g_ptr_array_set_size (self->handlers, 0);
  g_clear_object (&self->model);
}

void
cs_recorder_attach (CsRecorder *self, CsStatsModel *model)
{
  g_return_if_fail (CS_IS_RECORDER (self));
  g_return_if_fail (CS_IS_STATS_MODEL (model));

  detach (self);
  self->model = g_object_ref (model);
  connect_handler (self, "sample-ingested", G_CALLBACK (on_sample_ingested));
  connect_handler (self, "exception", G_CALLBACK (on_exception));
  connect_handler (self, "user-joined", G_CALLBACK (on_user_joined));
  connect_handler (self, "user-left", G_CALLBACK (on_user_left));
  connect_handler (self, "committed", G_CALLBACK (on_committed));
  connect_handler (self, "notify::state", G_CALLBACK (on_state_changed));

  /* Attached during a call: it starts here, at the model's current time. */
  if (cs_stats_model_get_state (model) == CS_CALL_STATE_JOINED && !self->joined)
    {
      self->last_t = cs_stats_model_get_duration (model);
      write_join (self);
    }
}

gboolean
cs_recorder_close (CsRecorder *self, GError **error)
{
  GError *local = NULL;

  g_return_val_if_fail (CS_IS_RECORDER (self), FALSE);

  if (self->stream != NULL)
    {
      write_pending (self, self->last_t);
      flush (self);
      if (!g_output_stream_close (self->stream, NULL, &local) && self->error == NULL)
        fail (self, local);
      else
        g_clear_error (&local);
      g_clear_object (&self->stream);
    }
  detach (self);
  if (self->error != NULL)
    {
      if (error != NULL)
        *error = g_error_copy (self->error);
      return FALSE;
    }
  return TRUE;
}
