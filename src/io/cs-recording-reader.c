/* cs-recording-reader.c — reads a Callscope recording and replays its samples
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The file is read in chunks and split into lines here (not with GDataInputStream)
 * so that the reader knows whether the last line ended with a newline: a last line
 * without one that does not parse is what a crash leaves, and is skipped with a warning;
 * anywhere else a broken line is an error that names its number.
 */
#include "config.h"

#include "cs-recording-reader.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "cs-error.h"
#include "cs-json-check.h"
#include "cs-recording-private.h"

#define CHUNK_SIZE    (64 * 1024)

typedef enum
{
  STEP_JOIN,
  STEP_THRESHOLDS,
  STEP_SAMPLE,
  STEP_COMMIT,
  STEP_LEAVE,
} StepKind;

typedef struct
{
  StepKind kind;
  guint    index; /* STEP_SAMPLE: into samples; STEP_THRESHOLDS: into thresholds; STEP_JOIN: into uids */
  double   t;     /* STEP_COMMIT */
} Step;

struct _CsRecordingReader
{
  GObject     parent_instance;

  char       *mode;
  char       *start_time;
  char       *app_version;
  char       *local_uid;
  char       *source_format;  /* an import's: "webrtc-internals", … ("" when not an import) */
  char       *source_browser;
  char       *source_file;
  GPtrArray  *connections; /* CsConnectionInfo*, nullable: an import's (cs-dump-connections.c) */
  double      duration;
  GPtrArray  *warnings;   /* char* */
  GPtrArray  *samples;    /* CsStatsSample* */
  GPtrArray  *outputs;    /* JsonObject* */
  GPtrArray  *join_uids;  /* char* */
  GArray     *thresholds; /* CsThresholds */
  GArray     *steps;      /* Step */
  gboolean    has_commits;
  gboolean    has_join;

  /* replaying (cs_recording_reader_replay_begin … _end) */
  guint       next_step;
  gboolean    joined;
  gboolean    pending;
  double      pending_t;

  /* while reading */
  JsonParser *parser;
  guint       line_no;
  gboolean    have_session;
  guint       n_unknown;
  char       *first_unknown;
};

G_DEFINE_FINAL_TYPE (CsRecordingReader, cs_recording_reader, G_TYPE_OBJECT)

static void
cs_recording_reader_finalize (GObject *object)
{
  CsRecordingReader *self = CS_RECORDING_READER (object);

  g_free (self->mode);
  g_free (self->start_time);
  g_free (self->app_version);
  g_free (self->local_uid);
  g_free (self->source_format);
  g_free (self->source_browser);
  g_free (self->source_file);
  g_clear_pointer (&self->connections, g_ptr_array_unref);
  g_free (self->first_unknown);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  g_clear_pointer (&self->samples, g_ptr_array_unref);
  g_clear_pointer (&self->outputs, g_ptr_array_unref);
  g_clear_pointer (&self->join_uids, g_ptr_array_unref);
  g_clear_pointer (&self->thresholds, g_array_unref);
  g_clear_pointer (&self->steps, g_array_unref);
  g_clear_object (&self->parser);
  G_OBJECT_CLASS (cs_recording_reader_parent_class)->finalize (object);
}

static void
cs_recording_reader_class_init (CsRecordingReaderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cs_recording_reader_finalize;
}

static void
cs_recording_reader_init (CsRecordingReader *self)
{
  self->mode = g_strdup ("");
  self->start_time = g_strdup ("");
  self->app_version = g_strdup ("");
  self->local_uid = g_strdup ("local");
  self->source_format = g_strdup ("");
  self->source_browser = g_strdup ("");
  self->source_file = g_strdup ("");
  self->warnings = g_ptr_array_new_with_free_func (g_free);
  self->samples = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_stats_sample_free);
  self->outputs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  self->join_uids = g_ptr_array_new_with_free_func (g_free);
  self->thresholds = g_array_new (FALSE, FALSE, sizeof (CsThresholds));
  self->steps = g_array_new (FALSE, FALSE, sizeof (Step));
  self->parser = json_parser_new ();
}

/* ---- parsing --------------------------------------------------------------------- */

static void
set_str (char **field, const char *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

static gboolean
line_error (CsRecordingReader *self, GError **error, CsErrorCode code, const char *reason)
{
  /* TRANSLATORS: %u is a line number of the recording file, %s what is wrong with it */
  g_set_error (error, CS_ERROR, code, _("Line %u: %s"), self->line_no, reason);
  return FALSE;
}

static gboolean
line_error_from (CsRecordingReader *self, GError **error, GError *cause)
{
  line_error (self, error, CS_ERROR_INVALID_RECORDING, cause->message);
  g_error_free (cause);
  return FALSE;
}

static void
add_step (CsRecordingReader *self, StepKind kind, guint index, double t)
{
  Step step = { kind, index, t };

  g_array_append_val (self->steps, step);
}

static gboolean
handle_session (CsRecordingReader *self, JsonObject *object, GError **error)
{
  JsonNode *version = json_object_get_member (object, "version");
  const char *s;
  double number;
  gint64 v;

  if (g_strcmp0 (cs_recording_get_string_member (object, "format"), CS_RECORDING_FORMAT) != 0)
    return line_error (self, error, CS_ERROR_INVALID_RECORDING,
                       _("this is not a Callscope recording (its format is not “callscope-recording”)"));
  if (!cs_recording_get_number (version, &number))
    return line_error (self, error, CS_ERROR_INVALID_RECORDING,
                       _("the session header has no valid format version"));
  if (json_node_get_value_type (version) != G_TYPE_INT64 || (v = json_node_get_int (version)) < 1)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      g_autofree char *reason = NULL;

      g_ascii_formatd (buf, sizeof buf, "%.17g", number);
      /* TRANSLATORS: %s is the number found in the file */
      reason = g_strdup_printf (_("the format version must be a whole number from 1, not %s"), buf);
      return line_error (self, error, CS_ERROR_INVALID_RECORDING, reason);
    }
  if (v > CS_RECORDING_VERSION)
    {
      /* as written: a gint64 (no format macro in a translated string: xgettext cannot read it) */
      g_autofree char *found = g_strdup_printf ("%" G_GINT64_FORMAT, v);

      g_set_error (error, CS_ERROR, CS_ERROR_UNSUPPORTED_VERSION,
                   /* TRANSLATORS: %s is the file's format version, %d the one this program reads */
                   _("This recording uses format version %s, but this version of Callscope reads "
                     "version %d only. Open it with a newer Callscope."), found, CS_RECORDING_VERSION);
      return FALSE;
    }
  if ((s = cs_recording_get_string_member (object, "mode")) != NULL)
    set_str (&self->mode, s);
  if ((s = cs_recording_get_string_member (object, "start")) != NULL)
    set_str (&self->start_time, s);
  if ((s = cs_recording_get_string_member (object, "appVersion")) != NULL)
    set_str (&self->app_version, s);
  if (json_object_has_member (object, "source") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "source")))
    {
      JsonObject *source = json_object_get_object_member (object, "source");

      if ((s = cs_recording_get_string_member (source, "format")) != NULL)
        set_str (&self->source_format, s);
      if ((s = cs_recording_get_string_member (source, "browser")) != NULL)
        set_str (&self->source_browser, s);
      if ((s = cs_recording_get_string_member (source, "file")) != NULL)
        set_str (&self->source_file, s);
    }
  self->have_session = TRUE;
  return TRUE;
}

static gboolean
is_output_type (const char *type)
{
  static const char * const types[] = {
    "network-quality", "rtc-stats", "local-audio-stats", "local-video-stats",
    "remote-audio-stats", "remote-video-stats", "exception", "user-joined", "user-left",
    "event", "join", "leave", "commit", "thresholds",
  };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if (strcmp (types[i], type) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
handle_object (CsRecordingReader *self, JsonObject *object, GError **error)
{
  const char *type = cs_recording_get_string_member (object, "type");
  JsonNode *t_node;
  double t = 0;

  if (type == NULL)
    return line_error (self, error, CS_ERROR_INVALID_RECORDING, _("the line has no “type”"));

  if (!self->have_session)
    {
      if (strcmp (type, "session") != 0)
        return line_error (self, error, CS_ERROR_INVALID_RECORDING,
                           _("this is not a Callscope recording (the first line must be the session header)"));
      return handle_session (self, object, error);
    }
  if (strcmp (type, "session") == 0)
    return line_error (self, error, CS_ERROR_INVALID_RECORDING,
                       _("a second session header (two recordings joined into one file?)"));

  /* a JSON number, finite, from 0: never the string "NaN" (lines would replay out of order) */
  t_node = json_object_get_member (object, "t");
  if (t_node != NULL && (!cs_recording_get_number (t_node, &t) || t < 0))
    return line_error (self, error, CS_ERROR_INVALID_RECORDING, _("“t” must be a number of seconds from 0"));
  if (t > self->duration)
    self->duration = t;

  if (strcmp (type, "sample") == 0)
    {
      GError *cause = NULL;
      CsStatsSample *sample = cs_recording_sample_from_json (object, &cause);

      if (sample == NULL)
        return line_error_from (self, error, cause);
      add_step (self, STEP_SAMPLE, self->samples->len, sample->t);
      g_ptr_array_add (self->samples, sample);
      return TRUE;
    }

  if (!is_output_type (type))
    {
      /* quoted in a warning */
      if (self->n_unknown++ == 0)
        self->first_unknown = cs_error_quote (type, -1, CS_ERROR_QUOTE_CHARS);
      return TRUE;
    }

  if (strcmp (type, "commit") == 0)
    {
      if (t_node == NULL)
        return line_error (self, error, CS_ERROR_INVALID_RECORDING, _("“t” is missing"));
      add_step (self, STEP_COMMIT, 0, t);
      self->has_commits = TRUE;
    }
  else if (strcmp (type, "join") == 0)
    {
      const char *uid = cs_recording_get_string_member (object, "localUid");

      if (uid == NULL || *uid == '\0')
        uid = "local";
      if (!self->has_join)
        set_str (&self->local_uid, uid);
      self->has_join = TRUE;
      add_step (self, STEP_JOIN, self->join_uids->len, t);
      g_ptr_array_add (self->join_uids, g_strdup (uid));
    }
  else if (strcmp (type, "leave") == 0)
    add_step (self, STEP_LEAVE, 0, t);
  else if (strcmp (type, "thresholds") == 0)
    {
      CsThresholds thresholds;
      GError *cause = NULL;

      if (!cs_recording_thresholds_from_json (object, &thresholds, &cause))
        return line_error_from (self, error, cause);
      add_step (self, STEP_THRESHOLDS, self->thresholds->len, t);
      g_array_append_val (self->thresholds, thresholds);
    }
  else if (strcmp (type, "exception") == 0)
    {
      JsonNode *code = json_object_get_member (object, "code");

      if (code == NULL || !JSON_NODE_HOLDS_VALUE (code) || json_node_get_value_type (code) != G_TYPE_INT64)
        return line_error (self, error, CS_ERROR_INVALID_RECORDING, _("an exception needs a numeric “code”"));
    }
  else if (strcmp (type, "user-joined") == 0 || strcmp (type, "user-left") == 0 ||
           g_str_has_prefix (type, "remote-") || strcmp (type, "network-quality") == 0)
    {
      if (cs_recording_get_string_member (object, "uid") == NULL)
        return line_error (self, error, CS_ERROR_INVALID_RECORDING, _("the line needs a “uid”"));
    }

  g_ptr_array_add (self->outputs, json_object_ref (object));
  return TRUE;
}

/* @terminated: the line ended with a newline (FALSE only for the last line of the file). */
static gboolean
handle_line (CsRecordingReader *self, char *line, gsize len, gboolean terminated, GError **error)
{
  g_autoptr (GError) parse_error = NULL;
  g_autofree char *repaired = NULL;
  GError *cause = NULL;
  JsonNode *root;
  gsize i;

  self->line_no++;
  if (len > 0 && line[len - 1] == '\r')
    line[--len] = '\0';
  for (i = 0; i < len && g_ascii_isspace (line[i]); i++)
    ;
  if (i == len)
    return TRUE;
  if (!g_utf8_validate (line, len, NULL))
    return line_error (self, error, CS_ERROR_INVALID_RECORDING, _("not UTF-8 text"));
  /* json-glib would overflow the stack on {"a":[[[[… (cs-json-check.h) and wrap integers beyond 64 bits */
  if (!cs_json_check (line, len, CS_JSON_MAX_DEPTH, self->line_no, CS_JSON_CHECK_SINGLE_VALUE,
                      CS_ERROR_INVALID_RECORDING, error))
    return FALSE;
  {
    g_autofree char *huge = cs_recording_find_huge_integer (line, len);

    if (huge != NULL)
      {
        g_autofree char *quoted = cs_error_quote (huge, -1, CS_ERROR_QUOTE_CHARS);
        /* TRANSLATORS: %s is a number found in the file, such as 99999999999999999999 */
        g_autofree char *reason = g_strdup_printf (_("the number %s is out of range"), quoted);

        return line_error (self, error, CS_ERROR_INVALID_RECORDING, reason);
      }
  }

  /* the writer never writes half a surrogate pair: what is read must be what was written
   * (and json-glib 1.6 and 1.10 would read it differently: cs-json-check.h) */
  repaired = cs_json_repair_surrogates (line, len);
  if (repaired != NULL)
    return line_error (self, error, CS_ERROR_INVALID_RECORDING,
                       _("a string has half of a UTF-16 surrogate pair (\\uD800 to \\uDFFF)"));
  if (!json_parser_load_from_data (self->parser, line, len, &parse_error))
    {
      g_autofree char *reason = NULL;
      g_autofree char *quoted = NULL;

      if (!terminated && self->have_session)
        {
          g_ptr_array_add (self->warnings,
                           /* TRANSLATORS: %u is a line number */
                           g_strdup_printf (_("The last line (%u) is incomplete: the recording was interrupted "
                                              "while it was written. It was skipped."), self->line_no));
          return TRUE;
        }
      /* json-glib quotes what it read, and may cut it in the middle of a character */
      quoted = cs_error_quote (parse_error->message, -1, 0);
      /* TRANSLATORS: %s is the JSON parser's message */
      reason = g_strdup_printf (_("not valid JSON (%s)"), quoted);
      return line_error (self, error, CS_ERROR_INVALID_RECORDING, reason);
    }
  root = json_parser_get_root (self->parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return line_error (self, error, CS_ERROR_INVALID_RECORDING, _("not a JSON object"));
  if (!cs_recording_check_utf8 (json_node_get_object (root), &cause))
    return line_error_from (self, error, cause);
  return handle_object (self, json_node_get_object (root), error);
}

static gboolean
read_stream (CsRecordingReader *self, GInputStream *stream, goffset size, GCancellable *cancellable,
             CsRecordingReadProgress progress, gpointer user_data, GError **error)
{
  g_autofree char *chunk = g_malloc (CHUNK_SIZE);
  g_autoptr (GString) line = g_string_sized_new (4096);
  goffset done = 0;

  for (;;)
    {
      gssize n = g_input_stream_read (stream, chunk, CHUNK_SIZE, cancellable, error);
      const char *p, *end;

      if (n < 0)
        return FALSE;
      if (n == 0)
        break;
      done += n;
      p = chunk;
      end = chunk + n;
      while (p < end)
        {
          const char *nl = memchr (p, '\n', end - p);
          gsize take = (nl != NULL ? nl : end) - p;

          if (line->len + take > CS_RECORDING_MAX_LINE)
            {
              self->line_no++;
              return line_error (self, error, CS_ERROR_INVALID_RECORDING,
                                 _("the line is longer than 1 MiB (this is not a Callscope recording)"));
            }
          g_string_append_len (line, p, take);
          if (nl == NULL)
            break;
          if (!handle_line (self, line->str, line->len, TRUE, error))
            return FALSE;
          g_string_truncate (line, 0);
          p = nl + 1;
        }
      if (progress != NULL)
        progress (done, MAX (size, done), user_data);
    }
  if (line->len > 0 && !handle_line (self, line->str, line->len, FALSE, error))
    return FALSE;
  return TRUE;
}

CsRecordingReader *
cs_recording_reader_new_from_file (GFile *file, GCancellable *cancellable, GError **error)
{
  return cs_recording_reader_read (file, cancellable, NULL, NULL, NULL, error);
}

CsRecordingReader *
cs_recording_reader_read_stream (GInputStream           *stream,
                                 goffset                 size,
                                 GCancellable           *cancellable,
                                 CsRecordingReadProgress progress,
                                 gpointer                user_data,
                                 CsRecordingReader     **partial,
                                 GError                **error)
{
  g_autoptr (CsRecordingReader) self = NULL;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  g_return_val_if_fail (partial == NULL || *partial == NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (CS_TYPE_RECORDING_READER, NULL);
  if (!read_stream (self, stream, size, cancellable, progress, user_data, error))
    {
      /* what came before the broken line, once the header said it is a recording */
      if (partial != NULL && self->have_session)
        {
          g_clear_object (&self->parser);
          *partial = g_steal_pointer (&self);
        }
      return NULL;
    }
  if (!self->have_session)
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_RECORDING,
                           _("The file is empty: it is not a Callscope recording."));
      return NULL;
    }
  if (self->n_unknown > 0)
    g_ptr_array_add (self->warnings,
                     /* TRANSLATORS: %u is a count of lines, %s a line type such as "video-frame" */
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "%u line of an unknown type (“%s”) was ignored: the recording may "
                                                   "come from a newer Callscope.",
                                                   "%u lines of unknown types (such as “%s”) were ignored: the "
                                                   "recording may come from a newer Callscope.",
                                                   self->n_unknown),
                                      self->n_unknown, self->first_unknown));
  g_clear_object (&self->parser);
  return g_steal_pointer (&self);
}

CsRecordingReader *
cs_recording_reader_read (GFile                  *file,
                          GCancellable           *cancellable,
                          CsRecordingReadProgress progress,
                          gpointer                user_data,
                          CsRecordingReader     **partial,
                          GError                **error)
{
  g_autoptr (GFileInputStream) stream = NULL;
  g_autoptr (GFileInfo) info = NULL;
  goffset size = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return NULL;
  if (progress != NULL)
    {
      info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, cancellable, NULL);
      if (info != NULL && g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_SIZE))
        size = g_file_info_get_size (info);
    }
  return cs_recording_reader_read_stream (G_INPUT_STREAM (stream), size, cancellable, progress, user_data,
                                          partial, error);
}

/* ---- an import's reader ------------------------------------------------------------ */

CsRecordingReader *
cs_recording_reader_new_for_import (const char *start_time, const char *local_uid)
{
  CsRecordingReader *self = g_object_new (CS_TYPE_RECORDING_READER, NULL);

  set_str (&self->mode, "import");
  set_str (&self->start_time, start_time != NULL ? start_time : "");
  set_str (&self->app_version, PACKAGE_VERSION);
  set_str (&self->local_uid, local_uid != NULL && *local_uid != '\0' ? local_uid : "local");
  self->have_session = TRUE;
  g_clear_object (&self->parser);
  return self;
}

void
cs_recording_reader_set_source (CsRecordingReader *self, const char *format, const char *browser, const char *file)
{
  g_return_if_fail (CS_IS_RECORDING_READER (self));
  set_str (&self->source_format, format != NULL ? format : "");
  set_str (&self->source_browser, browser != NULL ? browser : "");
  set_str (&self->source_file, file != NULL ? file : "");
}

void
cs_recording_reader_add_sample (CsRecordingReader *self, CsStatsSample *sample)
{
  g_return_if_fail (CS_IS_RECORDING_READER (self));
  g_return_if_fail (sample != NULL);

  cs_stats_sample_cap_strings (sample);
  if (sample->t > self->duration)
    self->duration = sample->t;
  add_step (self, STEP_SAMPLE, self->samples->len, sample->t);
  g_ptr_array_add (self->samples, sample);
}

void
cs_recording_reader_add_warning (CsRecordingReader *self, const char *warning)
{
  g_return_if_fail (CS_IS_RECORDING_READER (self));
  g_ptr_array_add (self->warnings, g_strdup (warning));
}

const char *
cs_recording_reader_get_source_format (CsRecordingReader *self)
{
  g_return_val_if_fail (CS_IS_RECORDING_READER (self), NULL);
  return self->source_format;
}

const char *
cs_recording_reader_get_source_browser (CsRecordingReader *self)
{
  g_return_val_if_fail (CS_IS_RECORDING_READER (self), NULL);
  return self->source_browser;
}

const char *
cs_recording_reader_get_source_file (CsRecordingReader *self)
{
  g_return_val_if_fail (CS_IS_RECORDING_READER (self), NULL);
  return self->source_file;
}

void
cs_recording_reader_set_connections (CsRecordingReader *self, GPtrArray *connections)
{
  g_return_if_fail (CS_IS_RECORDING_READER (self));
  if (connections != NULL)
    g_ptr_array_ref (connections);
  g_clear_pointer (&self->connections, g_ptr_array_unref);
  self->connections = connections;
}

GPtrArray *
cs_recording_reader_get_connections (CsRecordingReader *self)
{
  g_return_val_if_fail (CS_IS_RECORDING_READER (self), NULL);
  return self->connections;
}

/* ---- getters --------------------------------------------------------------------- */

const char *
cs_recording_reader_get_mode (CsRecordingReader *self)
{
  g_return_val_if_fail (CS_IS_RECORDING_READER (self), NULL);
  return self->mode;
}

const char *
cs_recording_reader_get_start_time (CsRecordingReader *self)
{
  g_return_val_if_fail (CS_IS_RECORDING_READER (self), NULL);
  return self->start_time;
}

const char *
cs_recording_reader_get_app_version (CsRecordingReader *self)
{
  g_return_val_if_fail (CS_IS_RECORDING_READER (self), NULL);
  return self->app_version;
}

const char *
cs_recording_reader_get_local_uid (CsRecordingReader *self)
{
  g_return_val_if_fail (CS_IS_RECORDING_READER (self), NULL);
  return self->local_uid;
}

double
cs_recording_reader_get_duration (CsRecordingReader *self)
{
  g_return_val_if_fail (CS_IS_RECORDING_READER (self), 0);
  return self->duration;
}

GPtrArray *
cs_recording_reader_get_warnings (CsRecordingReader *self)
{
  g_return_val_if_fail (CS_IS_RECORDING_READER (self), NULL);
  return self->warnings;
}

GPtrArray *
cs_recording_reader_get_samples (CsRecordingReader *self)
{
  g_return_val_if_fail (CS_IS_RECORDING_READER (self), NULL);
  return self->samples;
}

GPtrArray *
cs_recording_reader_get_outputs (CsRecordingReader *self)
{
  g_return_val_if_fail (CS_IS_RECORDING_READER (self), NULL);
  return self->outputs;
}

/* ---- replay ---------------------------------------------------------------------- */

guint
cs_recording_reader_get_n_steps (CsRecordingReader *self)
{
  g_return_val_if_fail (CS_IS_RECORDING_READER (self), 0);
  return self->steps->len;
}

void
cs_recording_reader_replay_begin (CsRecordingReader *self, CsStatsModel *model)
{
  g_return_if_fail (CS_IS_RECORDING_READER (self));
  g_return_if_fail (CS_IS_STATS_MODEL (model));

  self->next_step = 0;
  self->joined = FALSE;
  self->pending = FALSE;
  self->pending_t = 0;
  if (!self->has_join)
    {
      if (self->steps->len > 0 && g_array_index (self->steps, Step, 0).kind == STEP_THRESHOLDS)
        cs_stats_model_set_thresholds (model, &g_array_index (self->thresholds, CsThresholds, 0));
      cs_stats_model_join (model, self->local_uid);
      self->joined = TRUE;
    }
}

static void
replay_step (CsRecordingReader *self, CsStatsModel *model, guint i)
{
  const Step *step = &g_array_index (self->steps, Step, i);

  switch (step->kind)
    {
    case STEP_JOIN:
      if (self->pending)
        cs_stats_model_commit (model, self->pending_t);
      self->pending = FALSE;
      /* The recorder writes the thresholds in force right after "join": set them
       * before joining, so the model joins as the recorded one did. */
      if (i + 1 < self->steps->len && g_array_index (self->steps, Step, i + 1).kind == STEP_THRESHOLDS)
        cs_stats_model_set_thresholds (model, &g_array_index (self->thresholds, CsThresholds,
                                                              g_array_index (self->steps, Step, i + 1).index));
      cs_stats_model_join (model, g_ptr_array_index (self->join_uids, step->index));
      self->joined = TRUE;
      break;
    case STEP_THRESHOLDS:
      cs_stats_model_set_thresholds (model, &g_array_index (self->thresholds, CsThresholds, step->index));
      break;
    case STEP_SAMPLE:
      {
        const CsStatsSample *sample = g_ptr_array_index (self->samples, step->index);

        /* Without recorded commits (an imported or hand-written file), every new time commits the last. */
        if (!self->has_commits && self->pending && sample->t != self->pending_t)
          {
            cs_stats_model_commit (model, self->pending_t);
            self->pending = FALSE;
          }
        if (!self->joined)
          break;
        cs_stats_model_ingest (model, sample);
        if (!self->pending || sample->t > self->pending_t)
          self->pending_t = sample->t;
        self->pending = TRUE;
      }
      break;
    case STEP_COMMIT:
      if (self->joined)
        cs_stats_model_commit (model, step->t);
      self->pending = FALSE;
      break;
    case STEP_LEAVE:
      if (self->pending)
        cs_stats_model_commit (model, self->pending_t);
      self->pending = FALSE;
      if (self->joined)
        cs_stats_model_leave (model);
      self->joined = FALSE;
      break;
    default:
      g_assert_not_reached ();
    }
}

guint
cs_recording_reader_replay_steps (CsRecordingReader *self, CsStatsModel *model, guint max_steps)
{
  guint n = 0;

  g_return_val_if_fail (CS_IS_RECORDING_READER (self), 0);
  g_return_val_if_fail (CS_IS_STATS_MODEL (model), 0);

  while (n < max_steps && self->next_step < self->steps->len)
    {
      replay_step (self, model, self->next_step++);
      n++;
    }
  return n;
}

void
cs_recording_reader_replay_end (CsRecordingReader *self, CsStatsModel *model)
{
  g_return_if_fail (CS_IS_RECORDING_READER (self));
  g_return_if_fail (CS_IS_STATS_MODEL (model));

  if (self->pending && self->joined)
    cs_stats_model_commit (model, self->pending_t);
  self->pending = FALSE;
  if (self->joined)
    cs_stats_model_leave (model);
  self->joined = FALSE;
}

void
cs_recording_reader_replay (CsRecordingReader *self, CsStatsModel *model)
{
  g_return_if_fail (CS_IS_RECORDING_READER (self));
  g_return_if_fail (CS_IS_STATS_MODEL (model));

  cs_recording_reader_replay_begin (self, model);
  cs_recording_reader_replay_steps (self, model, G_MAXUINT);
  cs_recording_reader_replay_end (self, model);
}
