/* cs-recording-format.c — the JSON form of samples, numbers and thresholds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-recording-private.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "cs-error.h"

/* ---- numbers --------------------------------------------------------------------- */

static gboolean
same_double (double a, double b)
{
  return memcmp (&a, &b, sizeof a) == 0;
}

void
cs_recording_set_double (JsonObject *object, const char *name, double value)
{
  if (isnan (value))
    json_object_set_string_member (object, name, "NaN");
  else if (isinf (value))
    json_object_set_string_member (object, name, value > 0 ? "Infinity" : "-Infinity");
  else
    json_object_set_double_member (object, name, value);
}

void
cs_recording_set_known (JsonObject *object, const char *name, double value)
{
  if (!same_double (value, CS_UNKNOWN))
    cs_recording_set_double (object, name, value);
}

gboolean
cs_recording_node_get_double (JsonNode *node, double *out)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_DOUBLE || type == G_TYPE_INT64)
    {
      *out = json_node_get_double (node);
      return TRUE;
    }
  if (type == G_TYPE_STRING)
    {
      const char *s = json_node_get_string (node);

      if (g_strcmp0 (s, "NaN") == 0)
        *out = NAN;
      else if (g_strcmp0 (s, "Infinity") == 0)
        *out = INFINITY;
      else if (g_strcmp0 (s, "-Infinity") == 0)
        *out = -INFINITY;
      else
        return FALSE;
      return TRUE;
    }
  return FALSE;
}

/* Unsigned 64-bit counters: a JSON integer up to G_MAXINT64, a decimal string above it
 * (json-glib's integers are signed). */
static void
set_uint64 (JsonObject *object, const char *name, guint64 value)
{
  if (value <= (guint64) G_MAXINT64)
    json_object_set_int_member (object, name, (gint64) value);
  else
    {
      char buf[32];

      g_snprintf (buf, sizeof buf, "%" G_GUINT64_FORMAT, value);
      json_object_set_string_member (object, name, buf);
    }
}

static gboolean
node_get_uint64 (JsonNode *node, guint64 max, guint64 *out)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    {
      gint64 v = json_node_get_int (node);

      if (v < 0 || (guint64) v > max)
        return FALSE;
      *out = (guint64) v;
      return TRUE;
    }
  if (type == G_TYPE_STRING)
    return g_ascii_string_to_unsigned (json_node_get_string (node), 10, 0, max, out, NULL);
  return FALSE;
}

static gboolean
node_get_int64 (JsonNode *node, gint64 *out)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (node);
  return TRUE;
}

static gboolean
node_get_boolean (JsonNode *node, gboolean *out)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;
  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
node_get_string (JsonNode *node, const char **out)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
bad_member (GError **error, const char *name, const char *expected)
{
  /* TRANSLATORS: the first %s is a member name of a JSON line ("rtt_ms"), the second what it must be */
  g_set_error (error, CS_ERROR, CS_ERROR_INVALID_RECORDING, _("“%s” must be %s"), name, expected);
  return FALSE;
}

static gboolean
not_utf8 (GError **error, const char *name)
{
  g_autofree char *quoted = cs_error_quote (name, -1, CS_ERROR_QUOTE_CHARS);

  g_set_error (error, CS_ERROR, CS_ERROR_INVALID_RECORDING,
               /* TRANSLATORS: %s is a member name of a JSON line ("observer_uid") */
               _("“%s” is not UTF-8 text (it has half of a UTF-16 surrogate pair, \\uD800 to \\uDFFF)"), quoted);
  return FALSE;
}

static gboolean
node_check_utf8 (JsonNode *node, const char *name, GError **error)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return cs_recording_check_utf8 (json_node_get_object (node), error);
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          if (!node_check_utf8 (json_array_get_element (array, i), name, error))
            return FALSE;
      }
      return TRUE;
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING &&
          !g_utf8_validate (json_node_get_string (node), -1, NULL))
        return not_utf8 (error, name);
      return TRUE;
    case JSON_NODE_NULL:
    default:
      return TRUE;
    }
}

gboolean
cs_recording_check_utf8 (JsonObject *object, GError **error)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &node))
    {
      if (!g_utf8_validate (name, -1, NULL))
        return not_utf8 (error, name);
      if (!node_check_utf8 (node, name, error))
        return FALSE;
    }
  return TRUE;
}

/* ---- samples --------------------------------------------------------------------- */

typedef enum
{
  FIELD_DOUBLE,   /* double, default CS_UNKNOWN */
  FIELD_UINT64,   /* guint64, default 0 */
  FIELD_UINT,     /* guint / guint32, default 0 */
  FIELD_BOOLEAN,  /* gboolean, default FALSE */
  FIELD_STRING,   /* char *, default NULL */
} FieldType;

typedef struct
{
  const char *name;     /* the member name: the C field's name */
  FieldType   type;
  gsize       offset;
  gsize       has_flag; /* for counters governed by a has_ flag: its offset (written when set, even 0), else 0 */
} SampleField;

#define F(field, type) { #field, type, G_STRUCT_OFFSET (CsStatsSample, field), 0 }
#define FH(field, type, flag) { #field, type, G_STRUCT_OFFSET (CsStatsSample, field), G_STRUCT_OFFSET (CsStatsSample, flag) }

/* In the order they are written. "t", "kind", "direction", "connection_state" and
 * "packets_lost" (signed) are handled by hand. */
static const SampleField sample_fields[] = {
  F (observer_uid, FIELD_STRING),
  F (peer_uid, FIELD_STRING),
  F (ssrc, FIELD_UINT),
  F (codec, FIELD_STRING),
  F (display_name, FIELD_STRING),
  F (message, FIELD_STRING),
  F (packets, FIELD_UINT64),
  F (bytes, FIELD_UINT64),
  F (has_packets_lost, FIELD_BOOLEAN),
  /* packets_lost goes here */
  F (fraction_lost, FIELD_DOUBLE),
  F (nack_count, FIELD_UINT64),
  F (pli_count, FIELD_UINT64),
  F (jitter_ms, FIELD_DOUBLE),
  F (rtt_ms, FIELD_DOUBLE),
  F (available_outgoing_bitrate, FIELD_DOUBLE),
  F (target_bitrate, FIELD_DOUBLE),
  F (has_frames, FIELD_BOOLEAN),
  FH (frames_captured, FIELD_UINT64, has_frames),
  FH (frames_encoded, FIELD_UINT64, has_frames),
  FH (frames_decoded, FIELD_UINT64, has_frames),
  FH (frames_rendered, FIELD_UINT64, has_frames),
  FH (freeze_count, FIELD_UINT64, has_frames),
  F (total_freeze_ms, FIELD_DOUBLE),
  F (width, FIELD_UINT),
  F (height, FIELD_UINT),
  F (capture_width, FIELD_UINT),
  F (capture_height, FIELD_UINT),
  F (audio_level, FIELD_DOUBLE),
  F (decode_errors, FIELD_UINT64),
  F (transport_delay_ms, FIELD_DOUBLE),
  F (receive_delay_ms, FIELD_DOUBLE),
  F (end2end_delay_ms, FIELD_DOUBLE),
  F (transport_delay_measured, FIELD_BOOLEAN),
  F (receive_delay_measured, FIELD_BOOLEAN),
  F (end2end_delay_measured, FIELD_BOOLEAN),
  F (encode_delay_ms, FIELD_DOUBLE),
};

#undef F
#undef FH

G_STATIC_ASSERT (sizeof (guint32) == sizeof (guint));

#define FIELD_PTR(sample, field) ((guint8 *) (sample) + (field)->offset)

JsonObject *
cs_recording_sample_to_json (const CsStatsSample *sample)
{
  JsonObject *object = json_object_new ();

  g_return_val_if_fail (sample != NULL, object);

  json_object_set_string_member (object, "type", "sample");
  cs_recording_set_double (object, "t", sample->t);
  json_object_set_string_member (object, "kind", cs_sample_kind_to_string (sample->kind));
  json_object_set_string_member (object, "direction", cs_sample_direction_to_string (sample->direction));
  if (sample->kind == CS_SAMPLE_KIND_CONNECTION || sample->connection_state != CS_CONNECTION_STATE_CONNECTED)
    json_object_set_string_member (object, "connection_state",
                                   cs_connection_state_to_string (sample->connection_state));

  for (guint i = 0; i < G_N_ELEMENTS (sample_fields); i++)
    {
      const SampleField *field = &sample_fields[i];
      const guint8 *p = FIELD_PTR (sample, field);
      gboolean forced = field->has_flag != 0 && *(const gboolean *) ((const guint8 *) sample + field->has_flag);

      switch (field->type)
        {
        case FIELD_DOUBLE:
          cs_recording_set_known (object, field->name, *(const double *) p);
          break;
        case FIELD_UINT64:
          if (forced || *(const guint64 *) p != 0)
            set_uint64 (object, field->name, *(const guint64 *) p);
          break;
        case FIELD_UINT:
          if (*(const guint *) p != 0)
            json_object_set_int_member (object, field->name, *(const guint *) p);
          break;
        case FIELD_BOOLEAN:
          if (*(const gboolean *) p)
            json_object_set_boolean_member (object, field->name, TRUE);
          break;
        case FIELD_STRING:
          if (*(char * const *) p != NULL)
            json_object_set_string_member (object, field->name, *(char * const *) p);
          break;
        default:
          g_assert_not_reached ();
        }

      if (field->offset == G_STRUCT_OFFSET (CsStatsSample, has_packets_lost) &&
          (sample->has_packets_lost || sample->packets_lost != 0))
        json_object_set_int_member (object, "packets_lost", sample->packets_lost);
    }
  return object;
}

static gboolean
read_enum (JsonObject *object, const char *name, gboolean required,
           gboolean (*from_string) (const char *, guint *), guint *out, GError **error)
{
  JsonNode *node = json_object_get_member (object, name);
  const char *str;

  if (node == NULL)
    {
      if (!required)
        return TRUE;
      /* TRANSLATORS: %s is a member name of a JSON line */
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_RECORDING, _("“%s” is missing"), name);
      return FALSE;
    }
  if (!node_get_string (node, &str) || !from_string (str, out))
    {
      g_autofree char *quoted = cs_error_quote (node_get_string (node, &str) ? str : "…", -1, CS_ERROR_QUOTE_CHARS);

      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_RECORDING,
                   /* TRANSLATORS: the first %s is a member name, the second the value found */
                   _("“%s” has an unknown value “%s”"), name, quoted);
      return FALSE;
    }
  return TRUE;
}

static gboolean
kind_from_string (const char *str, guint *out)
{
  CsSampleKind v;
  if (!cs_sample_kind_from_string (str, &v))
    return FALSE;
  *out = v;
  return TRUE;
}

static gboolean
direction_from_string (const char *str, guint *out)
{
  CsSampleDirection v;
  if (!cs_sample_direction_from_string (str, &v))
    return FALSE;
  *out = v;
  return TRUE;
}

static gboolean
state_from_string (const char *str, guint *out)
{
  CsConnectionState v;
  if (!cs_connection_state_from_string (str, &v))
    return FALSE;
  *out = v;
  return TRUE;
}

CsStatsSample *
cs_recording_sample_from_json (JsonObject *object, GError **error)
{
  g_autoptr (CsStatsSample) sample = cs_stats_sample_new ();
  JsonNode *node;
  guint kind = 0, direction = 0, state = sample->connection_state;

  node = json_object_get_member (object, "t");
  if (!cs_recording_node_get_double (node, &sample->t) || !isfinite (sample->t))
    {
      bad_member (error, "t", _("a number of seconds"));
      return NULL;
    }
  if (!read_enum (object, "kind", TRUE, kind_from_string, &kind, error) ||
      !read_enum (object, "direction", TRUE, direction_from_string, &direction, error) ||
      !read_enum (object, "connection_state", FALSE, state_from_string, &state, error))
    return NULL;
  sample->kind = kind;
  sample->direction = direction;
  sample->connection_state = state;

  for (guint i = 0; i < G_N_ELEMENTS (sample_fields); i++)
    {
      const SampleField *field = &sample_fields[i];
      guint8 *p = FIELD_PTR (sample, field);
      guint64 u;
      const char *str;

      node = json_object_get_member (object, field->name);
      if (node == NULL)
        continue;
      switch (field->type)
        {
        case FIELD_DOUBLE:
          if (!cs_recording_node_get_double (node, (double *) p))
            {
              bad_member (error, field->name, _("a number"));
              return NULL;
            }
          break;
        case FIELD_UINT64:
          if (!node_get_uint64 (node, G_MAXUINT64, (guint64 *) p))
            {
              bad_member (error, field->name, _("a whole number of at least 0"));
              return NULL;
            }
          break;
        case FIELD_UINT:
          if (!node_get_uint64 (node, G_MAXUINT32, &u))
            {
              bad_member (error, field->name, _("a whole number from 0 to 4294967295"));
              return NULL;
            }
          *(guint *) p = (guint) u;
          break;
        case FIELD_BOOLEAN:
          if (!node_get_boolean (node, (gboolean *) p))
            {
              bad_member (error, field->name, _("true or false"));
              return NULL;
            }
          break;
        case FIELD_STRING:
          if (JSON_NODE_HOLDS_NULL (node))
            break;
          if (!node_get_string (node, &str))
            {
              bad_member (error, field->name, _("a string"));
              return NULL;
            }
          /* uids and codecs are ids: never repaired into other ones (nor the rest: a
           * sample reads back as it was written, bit for bit) */
          if (!g_utf8_validate (str, -1, NULL))
            {
              not_utf8 (error, field->name);
              return NULL;
            }
          *(char **) p = g_strdup (str);
          break;
        default:
          g_assert_not_reached ();
        }
    }

  node = json_object_get_member (object, "packets_lost");
  if (node != NULL && !node_get_int64 (node, &sample->packets_lost))
    {
      bad_member (error, "packets_lost", _("a whole number"));
      return NULL;
    }

  if (sample->observer_uid == NULL || *sample->observer_uid == '\0')
    {
      bad_member (error, "observer_uid", _("a user id"));
      return NULL;
    }
  if (sample->peer_uid == NULL || *sample->peer_uid == '\0')
    {
      bad_member (error, "peer_uid", _("a user id"));
      return NULL;
    }
  return g_steal_pointer (&sample);
}

/* ---- thresholds ------------------------------------------------------------------ */

typedef struct
{
  const char *name;
  gboolean    is_uint;
  gsize       offset;
} ThresholdField;

#define TD(field) { #field, FALSE, G_STRUCT_OFFSET (CsThresholds, field) }
#define TU(field) { #field, TRUE, G_STRUCT_OFFSET (CsThresholds, field) }
static const ThresholdField threshold_fields[] = {
  TD (capture_fps_min),
  TD (send_fps_min),
  TD (send_video_kbps_min),
  TD (audio_input_level_min),
  TD (audio_output_level_min),
  TD (send_audio_kbps_min),
  TU (poor_quality_score),
  TD (media_stopped_s),
  TU (window),
  TU (raise_count),
};
#undef TD
#undef TU

void
cs_recording_thresholds_to_json (const CsThresholds *thresholds, JsonObject *object)
{
  for (guint i = 0; i < G_N_ELEMENTS (threshold_fields); i++)
    {
      const guint8 *p = (const guint8 *) thresholds + threshold_fields[i].offset;

      if (threshold_fields[i].is_uint)
        json_object_set_int_member (object, threshold_fields[i].name, *(const guint *) p);
      else
        cs_recording_set_double (object, threshold_fields[i].name, *(const double *) p);
    }
}

gboolean
cs_recording_thresholds_from_json (JsonObject *object, CsThresholds *out, GError **error)
{
  CsThresholds t;

  cs_thresholds_init_defaults (&t);
  for (guint i = 0; i < G_N_ELEMENTS (threshold_fields); i++)
    {
      guint8 *p = (guint8 *) &t + threshold_fields[i].offset;
      JsonNode *node = json_object_get_member (object, threshold_fields[i].name);
      guint64 u;

      if (node == NULL)
        continue;
      if (threshold_fields[i].is_uint)
        {
          if (!node_get_uint64 (node, G_MAXUINT32, &u))
            return bad_member (error, threshold_fields[i].name, _("a whole number from 0 to 4294967295"));
          *(guint *) p = (guint) u;
        }
      else if (!cs_recording_node_get_double (node, (double *) p))
        return bad_member (error, threshold_fields[i].name, _("a number"));
    }
  *out = t;
  return TRUE;
}

gboolean
cs_recording_thresholds_equal (const CsThresholds *a, const CsThresholds *b)
{
  for (guint i = 0; i < G_N_ELEMENTS (threshold_fields); i++)
    {
      const guint8 *pa = (const guint8 *) a + threshold_fields[i].offset;
      const guint8 *pb = (const guint8 *) b + threshold_fields[i].offset;

      if (threshold_fields[i].is_uint ? *(const guint *) pa != *(const guint *) pb
                                      : !same_double (*(const double *) pa, *(const double *) pb))
        return FALSE;
    }
  return TRUE;
}

/* ---- lines ----------------------------------------------------------------------- */

/* json-glib 1.6's generator appends ".0" to any double without a '.', which turns
 * 1e-300 into the invalid "1e-300.0": lines are written here instead, doubles with
 * 17 significant digits (which read back bit for bit). */

static void
append_string (GString *out, const char *str)
{
  g_autofree char *valid = NULL;
  const char *end;

  /* A file of valid UTF-8 is what the reader accepts: repair what a peer may have sent. */
  if (!g_utf8_validate (str, -1, NULL))
    str = valid = g_utf8_make_valid (str, -1);
  /* and a line of at most CS_RECORDING_MAX_LINE: cut at a character's start */
  end = str + strlen (str);
  if (end - str > CS_RECORDING_MAX_STRING)
    {
      end = str + CS_RECORDING_MAX_STRING;
      while (end > str && ((guchar) *end & 0xc0) == 0x80)
        end--;
    }
  g_string_append_c (out, '"');
  for (const char *p = str; p < end; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

static void
append_double (GString *out, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    {
      append_string (out, isnan (value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
      return;
    }
  g_ascii_formatd (buf, sizeof buf, "%.17g", value);
  g_string_append (out, buf);
  /* Keep it a floating-point number when read back: "1" -> "1.0", "-0" -> "-0.0". */
  if (strpbrk (buf, ".eE") == NULL)
    g_string_append (out, ".0");
}

static void append_node (GString *out, JsonNode *node);

static void
append_object (GString *out, JsonObject *object)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, &node))
    {
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      append_string (out, name);
      g_string_append_c (out, ':');
      append_node (out, node);
    }
  g_string_append_c (out, '}');
}

static void
append_node (GString *out, JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      append_object (out, json_node_get_object (node));
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        g_string_append_c (out, '[');
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            append_node (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
      }
      break;
    case JSON_NODE_NULL:
      g_string_append (out, "null");
      break;
    case JSON_NODE_VALUE:
      {
        GType type = json_node_get_value_type (node);

        if (type == G_TYPE_INT64)
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
        else if (type == G_TYPE_DOUBLE)
          append_double (out, json_node_get_double (node));
        else if (type == G_TYPE_BOOLEAN)
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
        else if (type == G_TYPE_STRING)
          append_string (out, json_node_get_string (node));
        else
          g_string_append (out, "null");
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

char *
cs_recording_object_to_line (JsonObject *object)
{
  GString *out = g_string_sized_new (256);

  append_object (out, object);
  return g_string_free (out, FALSE);
}

char *
cs_recording_find_huge_integer (const char *line, gsize len)
{
  gboolean in_string = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = line[i];
      gsize start, digits = 0;
      gboolean is_float = FALSE;

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == '"')
        {
          in_string = TRUE;
          continue;
        }
      if (c != '-' && !g_ascii_isdigit (c))
        continue;
      /* the whole number: [-]digits[.digits][e[+-]digits] */
      start = i;
      for (; i < len && (g_ascii_isdigit (line[i]) || (line[i] != '\0' && strchr ("-+.eE", line[i]) != NULL)); i++)
        {
          digits += g_ascii_isdigit (line[i]) != 0;
          is_float |= line[i] == '.' || line[i] == 'e' || line[i] == 'E';
        }
      i--;
      /* G_MAXINT64 has 19 digits: shorter integers fit, and most numbers are short */
      if (!is_float && digits >= 19)
        {
          g_autofree char *number = g_strndup (line + start, i + 1 - start);
          g_autoptr (GError) error = NULL;

          /* only a well-formed integer that does not fit: anything else is the parser's to refuse */
          if (!g_ascii_string_to_signed (number, 10, G_MININT64, G_MAXINT64, NULL, &error) &&
              g_error_matches (error, G_NUMBER_PARSER_ERROR, G_NUMBER_PARSER_ERROR_OUT_OF_BOUNDS))
            return g_steal_pointer (&number);
        }
    }
  return NULL;
}

const char *
cs_recording_get_string_member (JsonObject *object, const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* A JSON number (not a string such as "NaN"), finite: what "t" and "version" must be. */
gboolean
cs_recording_get_number (JsonNode *node, double *out)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return FALSE;
  *out = json_node_get_double (node);
  return isfinite (*out);
}
