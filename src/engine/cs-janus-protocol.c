/* cs-janus-protocol.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "cs-error.h"
#include "cs-janus-protocol.h"
#include "cs-json-check.h"
#include "cs-net-limits.h"

#define MAX_MESSAGE_BYTES CS_NET_MAX_JANUS_MESSAGE
#define MAX_PUBLISHERS    1024 /* in one message; a call subscribes to CS_NET_MAX_SUBSCRIPTIONS */
#define MAX_TYPE_CHARS    64   /* of a "janus" type that is quoted in a message */
#define MAX_DEPTH         32   /* a Janus message nests 7 deep at most */

static void
publisher_free (CsJanusPublisher *p)
{
  g_free (p->id);
  g_free (p->display);
  g_free (p);
}

void
cs_janus_message_free (CsJanusMessage *msg)
{
  if (msg == NULL)
    return;
  g_free (msg->janus);
  g_free (msg->transaction);
  g_free (msg->session_id);
  g_free (msg->sender);
  g_free (msg->data_id);
  g_free (msg->error_reason);
  g_free (msg->videoroom);
  g_free (msg->room);
  g_free (msg->id);
  g_free (msg->private_id);
  g_ptr_array_unref (msg->publishers);
  g_free (msg->leaving);
  g_free (msg->unpublished);
  g_free (msg->configured);
  g_free (msg->audio_codec);
  g_free (msg->video_codec);
  g_free (msg->plugin_error);
  g_free (msg->jsep_type);
  g_free (msg->jsep_sdp);
  g_free (msg->candidate);
  g_free (msg);
}

/* ------------------------------------------------------------------ typed readers */

static gboolean
bad_field (GError **error, const char *name, const char *expected)
{
  g_set_error (error, CS_ERROR, CS_ERROR_PROTOCOL,
               _("The server sent a malformed message: “%s” is not %s"), name, expected);
  return FALSE;
}

/* A string member: absent or null → *out stays NULL. json-glib turns a lone surrogate
 * escape ("\ud800") into invalid UTF-8: such a string is not a string either. */
static gboolean
read_string (JsonObject *obj, const char *name, char **out, GError **error)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
      !g_utf8_validate (json_node_get_string (node), -1, NULL))
    return bad_field (error, name, _("a string"));
  g_free (*out);
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

/* Text for people (a display name, a reason): absent or null → *out stays NULL; made
 * valid UTF-8 (json-glib turns a lone surrogate escape into invalid UTF-8) and clipped to
 * @max_chars, so it is never a reason to refuse the message that carries it. */
static gboolean
read_text (JsonObject *obj, const char *name, char **out, guint max_chars, GError **error)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return bad_field (error, name, _("a string"));
  g_free (*out);
  *out = cs_janus_clip_text (json_node_get_string (node), -1, max_chars);
  return TRUE;
}

static gboolean
read_int (JsonObject *obj, const char *name, gint64 *out, gboolean *present, GError **error)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (present != NULL)
    *present = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return bad_field (error, name, _("an integer"));
  *out = json_node_get_int (node);
  if (present != NULL)
    *present = TRUE;
  return TRUE;
}

static gboolean
read_bool (JsonObject *obj, const char *name, gboolean *out, GError **error)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return bad_field (error, name, _("true or false"));
  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
has_control (const char *s)
{
  for (; *s != '\0'; s++)
    if ((guchar) *s < 0x20 || *s == 0x7f)
      return TRUE;
  return FALSE;
}

/* An id: a positive integer or a non-empty string (string_ids). */
static gboolean
read_id (JsonObject *obj, const char *name, char **out, GError **error)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      gint64 v = json_node_get_int (node);

      if (v <= 0)
        return bad_field (error, name, _("a positive id"));
      g_free (*out);
      *out = g_strdup_printf ("%" G_GINT64_FORMAT, v);
      return TRUE;
    }
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *s = json_node_get_string (node);

      if (s == NULL || *s == '\0' || strlen (s) > 256 || !g_utf8_validate (s, -1, NULL) || has_control (s))
        return bad_field (error, name, _("a valid id"));
      g_free (*out);
      *out = g_strdup (s);
      return TRUE;
    }
  return bad_field (error, name, _("an id"));
}

static gboolean
read_object (JsonObject *obj, const char *name, JsonObject **out, GError **error)
{
  JsonNode *node = json_object_get_member (obj, name);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return bad_field (error, name, _("an object"));
  *out = json_node_get_object (node);
  return TRUE;
}

static gboolean
parse_publishers (JsonObject *data, GPtrArray *out, GError **error)
{
  JsonNode *node = json_object_get_member (data, "publishers");
  JsonArray *array;
  guint n;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return bad_field (error, "publishers", _("a list"));
  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n > MAX_PUBLISHERS)
    return bad_field (error, "publishers", _("a list of a sensible length"));
  for (guint i = 0; i < n; i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      JsonObject *pobj;
      JsonNode *streams;
      g_autofree char *id = NULL;
      g_autofree char *display = NULL;
      CsJanusPublisher *p;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        return bad_field (error, "publishers[]", _("an object"));
      pobj = json_node_get_object (item);
      if (!read_id (pobj, "id", &id, error) ||
          !read_text (pobj, "display", &display, CS_NET_MAX_DISPLAY_CHARS, error))
        return FALSE;
      if (id == NULL)
        return bad_field (error, "publishers[].id", _("an id"));
      streams = json_object_get_member (pobj, "streams");
      if (streams != NULL && !JSON_NODE_HOLDS_NULL (streams) && !JSON_NODE_HOLDS_ARRAY (streams))
        return bad_field (error, "publishers[].streams", _("a list"));
      p = g_new0 (CsJanusPublisher, 1);
      p->id = g_steal_pointer (&id);
      p->display = g_steal_pointer (&display);
      p->has_media = streams == NULL || JSON_NODE_HOLDS_NULL (streams) ||
                     json_array_get_length (json_node_get_array (streams)) > 0;
      g_ptr_array_add (out, p);
    }
  return TRUE;
}

#define CS_JANUS_MAX_CODEC_CHARS 32

/* "leaving" and "unpublished" are a publisher id, or the string "ok" about ourselves. */
static gboolean
read_id_or_ok (JsonObject *obj, const char *name, char **out, GError **error)
{
  return read_id (obj, name, out, error);
}

static gboolean
parse_plugin_data (JsonObject *root, CsJanusMessage *msg, GError **error)
{
  JsonObject *plugindata = NULL;
  JsonObject *data = NULL;
  gint64 code = 0;
  gboolean has_code = FALSE;

  if (!read_object (root, "plugindata", &plugindata, error))
    return FALSE;
  if (plugindata == NULL)
    return TRUE;
  if (!read_object (plugindata, "data", &data, error))
    return FALSE;
  if (data == NULL)
    return bad_field (error, "plugindata.data", _("an object"));
  msg->has_plugin_data = TRUE;
  if (!read_string (data, "videoroom", &msg->videoroom, error) ||
      !read_id (data, "room", &msg->room, error) ||
      !read_id (data, "id", &msg->id, error) ||
      !read_id (data, "private_id", &msg->private_id, error) ||
      !parse_publishers (data, msg->publishers, error) ||
      !read_id_or_ok (data, "leaving", &msg->leaving, error) ||
      !read_id_or_ok (data, "unpublished", &msg->unpublished, error) ||
      !read_text (data, "configured", &msg->configured, CS_JANUS_MAX_CODEC_CHARS, error) ||
      !read_text (data, "audio_codec", &msg->audio_codec, CS_JANUS_MAX_CODEC_CHARS, error) ||
      !read_text (data, "video_codec", &msg->video_codec, CS_JANUS_MAX_CODEC_CHARS, error) ||
      !read_int (data, "error_code", &code, &has_code, error) ||
      !read_text (data, "error", &msg->plugin_error, CS_NET_MAX_REASON_CHARS, error))
    return FALSE;
  if (has_code)
    msg->plugin_error_code = (int) CLAMP (code, 1, G_MAXINT);
  else if (msg->plugin_error != NULL)
    msg->plugin_error_code = 1;
  /* "attached" and "event" may also carry a string "error" without a code */
  return TRUE;
}

static const struct
{
  const char         *name;
  CsJanusMessageType  type;
} type_names[] = {
  { "success", CS_JANUS_MSG_SUCCESS },
  { "error", CS_JANUS_MSG_ERROR },
  { "ack", CS_JANUS_MSG_ACK },
  { "event", CS_JANUS_MSG_EVENT },
  { "webrtcup", CS_JANUS_MSG_WEBRTCUP },
  { "media", CS_JANUS_MSG_MEDIA },
  { "hangup", CS_JANUS_MSG_HANGUP },
  { "slowlink", CS_JANUS_MSG_SLOWLINK },
  { "trickle", CS_JANUS_MSG_TRICKLE },
  { "detached", CS_JANUS_MSG_DETACHED },
  { "timeout", CS_JANUS_MSG_TIMEOUT },
};

static CsJanusMessage *
parse_object (JsonNode *root_node, GError **error)
{
  g_autoptr(CsJanusMessage) msg = g_new0 (CsJanusMessage, 1);
  JsonObject *root;
  JsonObject *sub = NULL;

  msg->publishers = g_ptr_array_new_with_free_func ((GDestroyNotify) publisher_free);
  msg->candidate_mline = -1;
  if (root_node == NULL || !JSON_NODE_HOLDS_OBJECT (root_node))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_PROTOCOL, _("The server sent a message that is not a JSON object"));
      return NULL;
    }
  root = json_node_get_object (root_node);
  if (!read_string (root, "janus", &msg->janus, error))
    return NULL;
  if (msg->janus == NULL)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_PROTOCOL, _("The server sent a message without a “janus” type"));
      return NULL;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (type_names); i++)
    if (strcmp (msg->janus, type_names[i].name) == 0)
      msg->type = type_names[i].type;
  if (msg->type == CS_JANUS_MSG_UNKNOWN)
    {
      /* an unknown type is quoted in a message to the user */
      char *clipped = cs_janus_clip_text (msg->janus, -1, MAX_TYPE_CHARS);

      g_free (msg->janus);
      msg->janus = clipped;
    }

  if (!read_string (root, "transaction", &msg->transaction, error) ||
      !read_id (root, "session_id", &msg->session_id, error) ||
      !read_id (root, "sender", &msg->sender, error) ||
      !read_text (root, "reason", &msg->error_reason, CS_NET_MAX_REASON_CHARS, error))
    return NULL;

  /* "data": {"id": N} for create and attach */
  if (!read_object (root, "data", &sub, error))
    return NULL;
  if (sub != NULL && !read_id (sub, "id", &msg->data_id, error))
    return NULL;

  if (!read_object (root, "error", &sub, error))
    return NULL;
  if (sub != NULL)
    {
      gint64 code = 0;

      if (!read_int (sub, "code", &code, NULL, error) ||
          !read_text (sub, "reason", &msg->error_reason, CS_NET_MAX_REASON_CHARS, error))
        return NULL;
      msg->error_code = (int) CLAMP (code, G_MININT, G_MAXINT);
    }
  if (msg->type == CS_JANUS_MSG_ERROR && sub == NULL)
    return bad_field (error, "error", _("an object")), NULL;

  if (!parse_plugin_data (root, msg, error))
    return NULL;

  if (!read_object (root, "jsep", &sub, error))
    return NULL;
  if (sub != NULL)
    {
      if (!read_string (sub, "type", &msg->jsep_type, error) ||
          !read_string (sub, "sdp", &msg->jsep_sdp, error))
        return NULL;
      if (msg->jsep_type == NULL || msg->jsep_sdp == NULL ||
          (strcmp (msg->jsep_type, "offer") != 0 && strcmp (msg->jsep_type, "answer") != 0))
        return bad_field (error, "jsep", _("an offer or an answer with an SDP")), NULL;
    }

  if (msg->type == CS_JANUS_MSG_TRICKLE)
    {
      if (!read_object (root, "candidate", &sub, error))
        return NULL;
      if (sub == NULL)
        return bad_field (error, "candidate", _("an object")), NULL;
      if (!read_bool (sub, "completed", &msg->trickle_completed, error))
        return NULL;
      if (!msg->trickle_completed)
        {
          gint64 mline = -1;
          gboolean has_mline = FALSE;

          if (!read_string (sub, "candidate", &msg->candidate, error) ||
              !read_int (sub, "sdpMLineIndex", &mline, &has_mline, error))
            return NULL;
          if (msg->candidate == NULL || !has_mline || mline < 0 || mline >= CS_NET_MAX_SDP_MEDIAS ||
              strlen (msg->candidate) > CS_NET_MAX_CANDIDATE_BYTES)
            return bad_field (error, "candidate", _("a candidate with an m-line index")), NULL;
          msg->candidate_mline = (int) mline;
        }
    }
  return g_steal_pointer (&msg);
}

static JsonNode *
parse_text (const char *text, gssize length, GError **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *repaired = NULL;
  gsize len;

  if (text == NULL)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_PROTOCOL, _("The server sent an empty message"));
      return NULL;
    }
  len = length < 0 ? strlen (text) : (gsize) length;
  if (len > MAX_MESSAGE_BYTES)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_PROTOCOL, _("The server sent a message that is too large"));
      return NULL;
    }
  /* json-glib recurses once per nesting level (a deep enough message overflows the
   * stack) and reads on after the first value: cs-json-check.h */
  if (!cs_json_check (text, (gssize) len, MAX_DEPTH, 1, CS_JSON_CHECK_SINGLE_VALUE, CS_ERROR_PROTOCOL, &local_error))
    {
      /* TRANSLATORS: %s says what is wrong, such as "nested too deeply (line 1): …" */
      g_set_error (error, CS_ERROR, CS_ERROR_PROTOCOL, _("The server sent a malformed message: %s"),
                   local_error->message);
      return NULL;
    }
  repaired = cs_json_repair_surrogates (text, (gssize) len);
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, repaired != NULL ? repaired : text, (gssize) len, &local_error))
    {
      /* json-glib quotes what it read: a lone surrogate escape ("\ud800") as invalid UTF-8 */
      g_autofree char *reason = g_utf8_make_valid (local_error->message, -1);

      g_set_error (error, CS_ERROR, CS_ERROR_PROTOCOL, _("The server sent a message that is not JSON: %s"), reason);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_PROTOCOL, _("The server sent an empty message"));
      return NULL;
    }
  return json_node_copy (json_parser_get_root (parser));
}

CsJanusMessage *
cs_janus_message_parse (const char *text,
                        gssize      length,
                        GError    **error)
{
  g_autoptr(JsonNode) root = parse_text (text, length, error);

  if (root == NULL)
    return NULL;
  return parse_object (root, error);
}

GPtrArray *
cs_janus_message_parse_batch (const char *text,
                              gssize      length,
                              guint      *n_invalid,
                              GError    **error)
{
  g_autoptr(JsonNode) root = parse_text (text, length, error);
  g_autoptr(GPtrArray) out = NULL;
  guint invalid = 0;

  if (n_invalid != NULL)
    *n_invalid = 0;
  if (root == NULL)
    return NULL;
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_janus_message_free);
  if (JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *array = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          CsJanusMessage *msg = parse_object (json_array_get_element (array, i), NULL);

          if (msg != NULL)
            g_ptr_array_add (out, msg);
          else
            invalid++;
        }
    }
  else
    {
      CsJanusMessage *msg = parse_object (root, error);

      if (msg == NULL)
        return NULL;
      g_ptr_array_add (out, msg);
    }
  if (n_invalid != NULL)
    *n_invalid = invalid;
  return g_steal_pointer (&out);
}

/* ------------------------------------------------------------------ text from a server */

char *
cs_janus_clip_text (const char *text, gssize length, guint max_chars)
{
  return cs_error_quote (text, length, max_chars);
}

/* ------------------------------------------------------------------ builders */

char *
cs_janus_transaction_new (void)
{
  static const char chars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  char buf[13];

  for (gsize i = 0; i < sizeof buf - 1; i++)
    buf[i] = chars[g_random_int_range (0, sizeof chars - 1)];
  buf[sizeof buf - 1] = '\0';
  return g_strdup (buf);
}

static gboolean
is_integer_id (const char *id)
{
  gsize len = strlen (id);

  if (len == 0 || len > 18)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (id[i]))
      return FALSE;
  return TRUE;
}

static void
add_id (JsonBuilder *b, const char *name, const char *id)
{
  json_builder_set_member_name (b, name);
  if (is_integer_id (id))
    json_builder_add_int_value (b, g_ascii_strtoll (id, NULL, 10));
  else
    json_builder_add_string_value (b, id);
}

static void
add_string (JsonBuilder *b, const char *name, const char *value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value);
}

static JsonBuilder *
begin_request (const char *janus, const char *session, const char *handle,
               const char *transaction, const char *apisecret, const char *token)
{
  JsonBuilder *b = json_builder_new ();

  json_builder_begin_object (b);
  add_string (b, "janus", janus);
  add_string (b, "transaction", transaction);
  if (session != NULL)
    add_id (b, "session_id", session);
  if (handle != NULL)
    add_id (b, "handle_id", handle);
  if (apisecret != NULL && *apisecret != '\0')
    add_string (b, "apisecret", apisecret);
  if (token != NULL && *token != '\0')
    add_string (b, "token", token);
  return b;
}

static char *
finish (JsonBuilder *b)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  g_object_unref (b);
  return json_generator_to_data (gen, NULL);
}

char *
cs_janus_build_create (const char *transaction, const char *apisecret, const char *token)
{
  return finish (begin_request ("create", NULL, NULL, transaction, apisecret, token));
}

char *
cs_janus_build_attach (const char *session, const char *plugin,
                       const char *transaction, const char *apisecret, const char *token)
{
  JsonBuilder *b = begin_request ("attach", session, NULL, transaction, apisecret, token);

  add_string (b, "plugin", plugin);
  return finish (b);
}

char *
cs_janus_build_keepalive (const char *session, const char *transaction,
                          const char *apisecret, const char *token)
{
  return finish (begin_request ("keepalive", session, NULL, transaction, apisecret, token));
}

char *
cs_janus_build_destroy (const char *session, const char *transaction,
                        const char *apisecret, const char *token)
{
  return finish (begin_request ("destroy", session, NULL, transaction, apisecret, token));
}

char *
cs_janus_build_detach (const char *session, const char *handle, const char *transaction,
                       const char *apisecret, const char *token)
{
  return finish (begin_request ("detach", session, handle, transaction, apisecret, token));
}

char *
cs_janus_build_message (const char *session, const char *handle, const char *body_json,
                        const char *jsep_type, const char *jsep_sdp,
                        const char *transaction, const char *apisecret, const char *token)
{
  JsonBuilder *b = begin_request ("message", session, handle, transaction, apisecret, token);
  g_autoptr(JsonNode) body = json_from_string (body_json, NULL);

  json_builder_set_member_name (b, "body");
  if (body != NULL)
    json_builder_add_value (b, g_steal_pointer (&body));
  else
    {
      json_builder_begin_object (b);
      json_builder_end_object (b);
    }
  if (jsep_type != NULL && jsep_sdp != NULL)
    {
      json_builder_set_member_name (b, "jsep");
      json_builder_begin_object (b);
      add_string (b, "type", jsep_type);
      add_string (b, "sdp", jsep_sdp);
      json_builder_end_object (b);
    }
  return finish (b);
}

char *
cs_janus_build_trickle (const char *session, const char *handle, guint mline,
                        const char *candidate, const char *transaction,
                        const char *apisecret, const char *token)
{
  JsonBuilder *b = begin_request ("trickle", session, handle, transaction, apisecret, token);

  json_builder_set_member_name (b, "candidate");
  json_builder_begin_object (b);
  if (candidate != NULL)
    {
      add_string (b, "candidate", candidate);
      json_builder_set_member_name (b, "sdpMLineIndex");
      json_builder_add_int_value (b, mline);
    }
  else
    {
      json_builder_set_member_name (b, "completed");
      json_builder_add_boolean_value (b, TRUE);
    }
  json_builder_end_object (b);
  return finish (b);
}

static JsonBuilder *
begin_body (const char *request)
{
  JsonBuilder *b = json_builder_new ();

  json_builder_begin_object (b);
  add_string (b, "request", request);
  return b;
}

char *
cs_janus_body_join_publisher (const char *room, const char *display, const char *pin)
{
  JsonBuilder *b = begin_body ("join");

  add_string (b, "ptype", "publisher");
  add_id (b, "room", room);
  if (display != NULL)
    add_string (b, "display", display);
  if (pin != NULL)
    add_string (b, "pin", pin);
  return finish (b);
}

char *
cs_janus_body_publish (void)
{
  JsonBuilder *b = begin_body ("publish");

  json_builder_set_member_name (b, "audio");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_set_member_name (b, "video");
  json_builder_add_boolean_value (b, TRUE);
  return finish (b);
}

char *
cs_janus_body_join_subscriber (const char *room, const char *feed, const char *private_id,
                               const char *pin)
{
  JsonBuilder *b = begin_body ("join");

  add_string (b, "ptype", "subscriber");
  add_id (b, "room", room);
  /* Janus 1.x: a list of streams; 0.x: "feed". 1.x accepts "feed" too (legacy). */
  add_id (b, "feed", feed);
  if (private_id != NULL)
    add_id (b, "private_id", private_id);
  if (pin != NULL)
    add_string (b, "pin", pin);
  return finish (b);
}

char *
cs_janus_body_start (const char *room)
{
  JsonBuilder *b = begin_body ("start");

  if (room != NULL)
    add_id (b, "room", room);
  return finish (b);
}

char *
cs_janus_body_leave (void)
{
  return finish (begin_body ("leave"));
}

gboolean
cs_janus_room_is_valid (const char *room)
{
  return room != NULL && *room != '\0' && strlen (room) <= 256 && g_utf8_validate (room, -1, NULL);
}
