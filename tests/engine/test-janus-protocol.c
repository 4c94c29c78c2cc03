/* test-janus-protocol.c — the Janus API parser and builders, and the WHIP/WHEP and ICE helpers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything here is pure: text in, data out. Besides the messages a real Janus sends,
 * the parser gets wrong types for every member, non-objects, deep nesting, huge numbers,
 * NUL bytes and invalid UTF-8, every truncation of valid messages and a few thousand
 * seeded random mutations: it must answer with data or a CS_ERROR_PROTOCOL error, never
 * crash or leak (the suite also runs under ASan/UBSan/LSan). The pure parts of the network
 * input bounds are here as well: clipping peer text, long names and reasons, candidates,
 * same-origin checks and the bounds of a remote description. A long file (about 1650
 * lines) because the corpus of messages is shared by every robustness case.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "cs-error.h"
#include "cs-ice-config.h"
#include "cs-webrtc-media.h"
#include "cs-janus-protocol.h"
#include "cs-whip-client.h"

/* ------------------------------------------------------------------ helpers */

static CsJanusMessage *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  CsJanusMessage *msg = cs_janus_message_parse (text, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (msg);
  g_assert_nonnull (msg->publishers);
  return msg;
}

static void
assert_parse_fails (const char *text, gssize length)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsJanusMessage) msg = cs_janus_message_parse (text, length, &error);

  if (msg != NULL)
    g_error ("parsed, but should not have: %s", text);
  g_assert_error (error, CS_ERROR, CS_ERROR_PROTOCOL);
  g_assert_nonnull (error->message);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

static gboolean
str_ok (const char *s)
{
  return s == NULL || g_utf8_validate (s, -1, NULL);
}

static gboolean
id_ok (const char *s)
{
  return s == NULL || (*s != '\0' && g_utf8_validate (s, -1, NULL));
}

/* What every parsed message must satisfy, whatever the input. */
static void
check_invariants (const CsJanusMessage *msg)
{
  g_assert_nonnull (msg->janus);
  g_assert_true (str_ok (msg->janus));
  g_assert_true (str_ok (msg->transaction));
  g_assert_true (id_ok (msg->session_id));
  g_assert_true (id_ok (msg->sender));
  g_assert_true (id_ok (msg->data_id));
  g_assert_true (str_ok (msg->error_reason));
  g_assert_true (str_ok (msg->videoroom));
  g_assert_true (id_ok (msg->room));
  g_assert_true (id_ok (msg->id));
  g_assert_true (id_ok (msg->private_id));
  g_assert_true (id_ok (msg->leaving));
  g_assert_true (id_ok (msg->unpublished));
  g_assert_true (str_ok (msg->plugin_error));
  g_assert_true (str_ok (msg->candidate));
  g_assert_nonnull (msg->publishers);
  for (guint i = 0; i < msg->publishers->len; i++)
    {
      CsJanusPublisher *p = g_ptr_array_index (msg->publishers, i);

      g_assert_true (id_ok (p->id));
      g_assert_nonnull (p->id);
      g_assert_true (str_ok (p->display));
    }
  if (msg->jsep_type != NULL)
    {
      g_assert_true (g_str_equal (msg->jsep_type, "offer") || g_str_equal (msg->jsep_type, "answer"));
      g_assert_nonnull (msg->jsep_sdp);
    }
  if (msg->type == CS_JANUS_MSG_TRICKLE && !msg->trickle_completed)
    {
      g_assert_nonnull (msg->candidate);
      g_assert_cmpint (msg->candidate_mline, >=, 0);
    }
  if (msg->plugin_error != NULL)
    g_assert_cmpint (msg->plugin_error_code, !=, 0);
}

/* Parses @text either way; a failure must be a CS_ERROR_PROTOCOL error. */
static void
parse_anything (const char *text, gssize length)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsJanusMessage) msg = cs_janus_message_parse (text, length, &error);
  g_autoptr(GError) batch_error = NULL;
  g_autoptr(GPtrArray) batch = NULL;
  guint n_invalid = 12345;

  if (msg != NULL)
    {
      g_assert_no_error (error);
      check_invariants (msg);
    }
  else
    g_assert_error (error, CS_ERROR, CS_ERROR_PROTOCOL);

  batch = cs_janus_message_parse_batch (text, length, &n_invalid, &batch_error);
  if (batch != NULL)
    {
      g_assert_no_error (batch_error);
      for (guint i = 0; i < batch->len; i++)
        check_invariants (g_ptr_array_index (batch, i));
      g_assert_cmpuint (n_invalid, !=, 12345);
    }
  else
    {
      g_assert_error (batch_error, CS_ERROR, CS_ERROR_PROTOCOL);
      g_assert_cmpuint (n_invalid, ==, 0);
    }
}

static JsonObject *
parse_json_object (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static void
assert_member_int (JsonObject *obj, const char *name, gint64 value)
{
  JsonNode *node = json_object_get_member (obj, name);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_INT64);
  g_assert_cmpint (json_node_get_int (node), ==, value);
}

static void
assert_member_string (JsonObject *obj, const char *name, const char *value)
{
  JsonNode *node = json_object_get_member (obj, name);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_STRING);
  g_assert_cmpstr (json_node_get_string (node), ==, value);
}

static void
assert_member_bool (JsonObject *obj, const char *name, gboolean value)
{
  JsonNode *node = json_object_get_member (obj, name);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_BOOLEAN);
  g_assert_cmpint (json_node_get_boolean (node), ==, value);
}

/* ------------------------------------------------------------------ core messages */

static void
test_parse_success (void)
{
  g_autoptr(CsJanusMessage) create = parse_ok ("{\"janus\":\"success\",\"transaction\":\"tx1\",\"data\":{\"id\":8412345678901234}}");
  g_autoptr(CsJanusMessage) attach = parse_ok ("{\"janus\":\"success\",\"session_id\":8412345678901234,"
                                               "\"transaction\":\"tx2\",\"data\":{\"id\":\"handle-abc\"}}");
  g_autoptr(CsJanusMessage) plain = parse_ok ("{\"janus\":\"success\",\"transaction\":\"tx3\"}");

  g_assert_cmpint (create->type, ==, CS_JANUS_MSG_SUCCESS);
  g_assert_cmpstr (create->janus, ==, "success");
  g_assert_cmpstr (create->transaction, ==, "tx1");
  g_assert_cmpstr (create->data_id, ==, "8412345678901234");
  g_assert_null (create->session_id);
  g_assert_false (create->has_plugin_data);
  g_assert_cmpint (create->candidate_mline, ==, -1);

  g_assert_cmpstr (attach->session_id, ==, "8412345678901234");
  g_assert_cmpstr (attach->data_id, ==, "handle-abc");
  g_assert_null (plain->data_id);
}

static void
test_parse_error (void)
{
  g_autoptr(CsJanusMessage) msg = parse_ok ("{\"janus\":\"error\",\"transaction\":\"t\",\"session_id\":5,"
                                            "\"error\":{\"code\":458,\"reason\":\"No such session 5\"}}");
  g_autoptr(CsJanusMessage) huge = parse_ok ("{\"janus\":\"error\",\"error\":{\"code\":9223372036854775807}}");
  g_autoptr(CsJanusMessage) tiny = parse_ok ("{\"janus\":\"error\",\"error\":{\"code\":-9223372036854775807}}");

  g_assert_cmpint (msg->type, ==, CS_JANUS_MSG_ERROR);
  g_assert_cmpint (msg->error_code, ==, 458);
  g_assert_cmpstr (msg->error_reason, ==, "No such session 5");
  g_assert_cmpstr (msg->session_id, ==, "5");
  g_assert_cmpint (huge->error_code, ==, G_MAXINT);
  g_assert_cmpint (tiny->error_code, ==, G_MININT);
  g_assert_null (huge->error_reason);

  /* an "error" needs its error object */
  assert_parse_fails ("{\"janus\":\"error\",\"transaction\":\"t\"}", -1);
  assert_parse_fails ("{\"janus\":\"error\",\"error\":\"bad\"}", -1);
  assert_parse_fails ("{\"janus\":\"error\",\"error\":{\"code\":\"458\"}}", -1);
  assert_parse_fails ("{\"janus\":\"error\",\"error\":{\"code\":458.5}}", -1);
  assert_parse_fails ("{\"janus\":\"error\",\"error\":{\"code\":458,\"reason\":458}}", -1);
}

static void
test_parse_simple_types (void)
{
  static const struct { const char *text; CsJanusMessageType type; } cases[] = {
    { "{\"janus\":\"ack\",\"session_id\":1,\"transaction\":\"t\"}", CS_JANUS_MSG_ACK },
    { "{\"janus\":\"webrtcup\",\"session_id\":1,\"sender\":2}", CS_JANUS_MSG_WEBRTCUP },
    { "{\"janus\":\"media\",\"session_id\":1,\"sender\":2,\"type\":\"video\",\"receiving\":true}", CS_JANUS_MSG_MEDIA },
    { "{\"janus\":\"slowlink\",\"session_id\":1,\"sender\":2,\"uplink\":true,\"lost\":12}", CS_JANUS_MSG_SLOWLINK },
    { "{\"janus\":\"detached\",\"session_id\":1,\"sender\":2}", CS_JANUS_MSG_DETACHED },
    { "{\"janus\":\"timeout\",\"session_id\":1}", CS_JANUS_MSG_TIMEOUT },
    { "{\"janus\":\"keepalive\"}", CS_JANUS_MSG_UNKNOWN },
    { "{\"janus\":\"\"}", CS_JANUS_MSG_UNKNOWN },
    { "{\"janus\":\"SUCCESS\"}", CS_JANUS_MSG_UNKNOWN },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CsJanusMessage) msg = parse_ok (cases[i].text);

      g_assert_cmpint (msg->type, ==, cases[i].type);
      check_invariants (msg);
    }
  {
    g_autoptr(CsJanusMessage) msg = parse_ok (cases[1].text);

    g_assert_cmpstr (msg->session_id, ==, "1");
    g_assert_cmpstr (msg->sender, ==, "2");
  }
  {
    g_autoptr(CsJanusMessage) msg = parse_ok ("{\"janus\":\"whatever\",\"transaction\":\"x\"}");

    g_assert_cmpstr (msg->janus, ==, "whatever");
    g_assert_cmpstr (msg->transaction, ==, "x");
  }
}

static void
test_parse_hangup (void)
{
  g_autoptr(CsJanusMessage) msg = parse_ok ("{\"janus\":\"hangup\",\"session_id\":1,\"sender\":2,"
                                            "\"reason\":\"DTLS alert\"}");
  g_autoptr(CsJanusMessage) bare = parse_ok ("{\"janus\":\"hangup\",\"sender\":2}");

  g_assert_cmpint (msg->type, ==, CS_JANUS_MSG_HANGUP);
  g_assert_cmpstr (msg->error_reason, ==, "DTLS alert");
  g_assert_null (bare->error_reason);
  assert_parse_fails ("{\"janus\":\"hangup\",\"sender\":2,\"reason\":[\"DTLS\"]}", -1);
}

static void
test_parse_trickle (void)
{
  g_autoptr(CsJanusMessage) cand = parse_ok ("{\"janus\":\"trickle\",\"session_id\":1,\"sender\":2,\"candidate\":"
                                             "{\"sdpMid\":\"0\",\"sdpMLineIndex\":1,\"candidate\":"
                                             "\"candidate:1 1 udp 2013266431 10.0.0.1 40000 typ host\"}}");
  g_autoptr(CsJanusMessage) done = parse_ok ("{\"janus\":\"trickle\",\"sender\":2,\"candidate\":{\"completed\":true}}");

  g_assert_cmpint (cand->type, ==, CS_JANUS_MSG_TRICKLE);
  g_assert_false (cand->trickle_completed);
  g_assert_cmpint (cand->candidate_mline, ==, 1);
  g_assert_cmpstr (cand->candidate, ==, "candidate:1 1 udp 2013266431 10.0.0.1 40000 typ host");
  g_assert_true (done->trickle_completed);
  g_assert_null (done->candidate);
  g_assert_cmpint (done->candidate_mline, ==, -1);

  assert_parse_fails ("{\"janus\":\"trickle\",\"sender\":2}", -1);
  assert_parse_fails ("{\"janus\":\"trickle\",\"sender\":2,\"candidate\":[]}", -1);
  assert_parse_fails ("{\"janus\":\"trickle\",\"sender\":2,\"candidate\":{}}", -1);
  assert_parse_fails ("{\"janus\":\"trickle\",\"candidate\":{\"candidate\":\"c\"}}", -1);
  assert_parse_fails ("{\"janus\":\"trickle\",\"candidate\":{\"candidate\":\"c\",\"sdpMLineIndex\":-1}}", -1);
  assert_parse_fails ("{\"janus\":\"trickle\",\"candidate\":{\"candidate\":\"c\",\"sdpMLineIndex\":65}}", -1);
  assert_parse_fails ("{\"janus\":\"trickle\",\"candidate\":{\"candidate\":\"c\",\"sdpMLineIndex\":\"0\"}}", -1);
  assert_parse_fails ("{\"janus\":\"trickle\",\"candidate\":{\"candidate\":7,\"sdpMLineIndex\":0}}", -1);
  assert_parse_fails ("{\"janus\":\"trickle\",\"candidate\":{\"completed\":\"yes\"}}", -1);
  assert_parse_fails ("{\"janus\":\"trickle\",\"candidate\":{\"candidate\":\"c\",\"sdpMLineIndex\":1e300}}", -1);
}

/* ------------------------------------------------------------------ VideoRoom */

static const char joined_text[] =
  "{\"janus\":\"event\",\"session_id\":3254398720396473,\"transaction\":\"join-tx\",\"sender\":6938296584746386,"
  "\"plugindata\":{\"plugin\":\"janus.plugin.videoroom\",\"data\":{\"videoroom\":\"joined\",\"room\":1234,"
  "\"description\":\"Demo Room\",\"id\":5525234234,\"private_id\":3423423,\"publishers\":["
  "{\"id\":111,\"display\":\"Alice\",\"audio_codec\":\"opus\",\"video_codec\":\"vp8\",\"talking\":false,"
  "\"streams\":[{\"type\":\"audio\",\"mindex\":0,\"mid\":\"0\",\"codec\":\"opus\"},"
  "{\"type\":\"video\",\"mindex\":1,\"mid\":\"1\",\"codec\":\"vp8\"}]},"
  "{\"id\":\"bob-uuid\",\"display\":\"Bob\",\"streams\":[]},"
  "{\"id\":333}]}}}";

static void
test_parse_joined (void)
{
  g_autoptr(CsJanusMessage) msg = parse_ok (joined_text);
  CsJanusPublisher *p;

  g_assert_cmpint (msg->type, ==, CS_JANUS_MSG_EVENT);
  g_assert_cmpstr (msg->transaction, ==, "join-tx");
  g_assert_cmpstr (msg->sender, ==, "6938296584746386");
  g_assert_true (msg->has_plugin_data);
  g_assert_cmpstr (msg->videoroom, ==, "joined");
  g_assert_cmpstr (msg->room, ==, "1234");
  g_assert_cmpstr (msg->id, ==, "5525234234");
  g_assert_cmpstr (msg->private_id, ==, "3423423");
  g_assert_cmpint (msg->plugin_error_code, ==, 0);
  g_assert_null (msg->plugin_error);
  g_assert_null (msg->leaving);
  g_assert_null (msg->jsep_type);
  g_assert_cmpuint (msg->publishers->len, ==, 3);

  p = g_ptr_array_index (msg->publishers, 0);
  g_assert_cmpstr (p->id, ==, "111");
  g_assert_cmpstr (p->display, ==, "Alice");
  g_assert_true (p->has_media);
  p = g_ptr_array_index (msg->publishers, 1);
  g_assert_cmpstr (p->id, ==, "bob-uuid");
  g_assert_cmpstr (p->display, ==, "Bob");
  g_assert_false (p->has_media);
  p = g_ptr_array_index (msg->publishers, 2);
  g_assert_cmpstr (p->id, ==, "333");
  g_assert_null (p->display);
  g_assert_true (p->has_media);
}

static void
test_parse_string_room (void)
{
  g_autoptr(CsJanusMessage) msg = parse_ok ("{\"janus\":\"event\",\"sender\":\"h1\",\"plugindata\":{\"plugin\":"
                                            "\"janus.plugin.videoroom\",\"data\":{\"videoroom\":\"joined\","
                                            "\"room\":\"my-room\",\"id\":\"me\",\"private_id\":\"p\","
                                            "\"publishers\":[]}}}");

  g_assert_cmpstr (msg->sender, ==, "h1");
  g_assert_cmpstr (msg->room, ==, "my-room");
  g_assert_cmpstr (msg->id, ==, "me");
  g_assert_cmpstr (msg->private_id, ==, "p");
  g_assert_cmpuint (msg->publishers->len, ==, 0);
}

static void
test_parse_event_publishers (void)
{
  g_autoptr(CsJanusMessage) msg = parse_ok ("{\"janus\":\"event\",\"session_id\":1,\"sender\":2,\"plugindata\":"
                                            "{\"plugin\":\"janus.plugin.videoroom\",\"data\":{\"videoroom\":\"event\","
                                            "\"room\":1234,\"publishers\":[{\"id\":444,\"display\":\"Carol\","
                                            "\"streams\":[{\"type\":\"video\",\"mindex\":0}]}]}}}");
  CsJanusPublisher *p;

  g_assert_cmpstr (msg->videoroom, ==, "event");
  g_assert_null (msg->transaction);
  g_assert_cmpuint (msg->publishers->len, ==, 1);
  p = g_ptr_array_index (msg->publishers, 0);
  g_assert_cmpstr (p->id, ==, "444");
  g_assert_cmpstr (p->display, ==, "Carol");
  g_assert_true (p->has_media);

  /* a publisher needs an id */
  assert_parse_fails ("{\"janus\":\"event\",\"plugindata\":{\"data\":{\"publishers\":[{\"display\":\"x\"}]}}}", -1);
  assert_parse_fails ("{\"janus\":\"event\",\"plugindata\":{\"data\":{\"publishers\":[{\"id\":0}]}}}", -1);
  assert_parse_fails ("{\"janus\":\"event\",\"plugindata\":{\"data\":{\"publishers\":[{\"id\":-4}]}}}", -1);
  assert_parse_fails ("{\"janus\":\"event\",\"plugindata\":{\"data\":{\"publishers\":[{\"id\":\"\"}]}}}", -1);
  assert_parse_fails ("{\"janus\":\"event\",\"plugindata\":{\"data\":{\"publishers\":[7]}}}", -1);
  assert_parse_fails ("{\"janus\":\"event\",\"plugindata\":{\"data\":{\"publishers\":{\"id\":7}}}}", -1);
  assert_parse_fails ("{\"janus\":\"event\",\"plugindata\":{\"data\":{\"publishers\":[{\"id\":7,\"streams\":{}}]}}}", -1);
  assert_parse_fails ("{\"janus\":\"event\",\"plugindata\":{\"data\":{\"publishers\":[{\"id\":7,\"display\":1}]}}}", -1);
}

static void
test_parse_many_publishers (void)
{
  g_autoptr(GString) text = g_string_new ("{\"janus\":\"event\",\"plugindata\":{\"data\":{\"publishers\":[");
  g_autoptr(GString) too_many = NULL;

  for (guint i = 1; i <= 1024; i++)
    g_string_append_printf (text, "%s{\"id\":%u}", i > 1 ? "," : "", i);
  too_many = g_string_new (text->str);
  g_string_append (text, "]}}}");
  g_string_append (too_many, ",{\"id\":1025}]}}}");
  {
    g_autoptr(CsJanusMessage) msg = parse_ok (text->str);

    g_assert_cmpuint (msg->publishers->len, ==, 1024);
  }
  assert_parse_fails (too_many->str, -1);
}

static void
test_parse_leaving (void)
{
  g_autoptr(CsJanusMessage) left = parse_ok ("{\"janus\":\"event\",\"sender\":2,\"plugindata\":{\"data\":"
                                             "{\"videoroom\":\"event\",\"room\":1234,\"leaving\":111}}}");
  g_autoptr(CsJanusMessage) left_s = parse_ok ("{\"janus\":\"event\",\"sender\":2,\"plugindata\":{\"data\":"
                                               "{\"videoroom\":\"event\",\"room\":\"r\",\"leaving\":\"bob-uuid\"}}}");
  g_autoptr(CsJanusMessage) us = parse_ok ("{\"janus\":\"event\",\"sender\":2,\"plugindata\":{\"data\":"
                                           "{\"videoroom\":\"event\",\"leaving\":\"ok\"}}}");
  g_autoptr(CsJanusMessage) unpub = parse_ok ("{\"janus\":\"event\",\"sender\":2,\"plugindata\":{\"data\":"
                                              "{\"videoroom\":\"event\",\"room\":1234,\"unpublished\":111}}}");
  g_autoptr(CsJanusMessage) unpub_ok = parse_ok ("{\"janus\":\"event\",\"sender\":2,\"plugindata\":{\"data\":"
                                                 "{\"videoroom\":\"event\",\"unpublished\":\"ok\"}}}");

  g_assert_cmpstr (left->leaving, ==, "111");
  g_assert_null (left->unpublished);
  g_assert_cmpstr (left_s->leaving, ==, "bob-uuid");
  g_assert_cmpstr (us->leaving, ==, "ok");
  g_assert_cmpstr (unpub->unpublished, ==, "111");
  g_assert_null (unpub->leaving);
  g_assert_cmpstr (unpub_ok->unpublished, ==, "ok");

  assert_parse_fails ("{\"janus\":\"event\",\"plugindata\":{\"data\":{\"leaving\":true}}}", -1);
  assert_parse_fails ("{\"janus\":\"event\",\"plugindata\":{\"data\":{\"unpublished\":[1]}}}", -1);
  assert_parse_fails ("{\"janus\":\"event\",\"plugindata\":{\"data\":{\"leaving\":0}}}", -1);
}

/* Janus 1.1's answer to a VP8 publish into an H.264 room (as seen from Debian's 1.1.2) */
static void
test_parse_configured (void)
{
  g_autoptr(CsJanusMessage) msg = parse_ok ("{\"janus\":\"event\",\"session_id\":1,\"transaction\":\"x\",\"sender\":2,"
                                            "\"plugindata\":{\"plugin\":\"janus.plugin.videoroom\",\"data\":"
                                            "{\"videoroom\":\"event\",\"room\":5678,\"configured\":\"ok\","
                                            "\"audio_codec\":\"opus\",\"video_codec\":\"none\",\"streams\":"
                                            "[{\"type\":\"audio\",\"mindex\":0,\"mid\":\"audio0\",\"codec\":\"opus\"},"
                                            "{\"type\":\"video\",\"mindex\":1,\"mid\":\"video1\",\"disabled\":true}]}}}");
  g_autofree char *long_codec = g_strnfill (5000, 'x');
  g_autofree char *text = g_strdup_printf ("{\"janus\":\"event\",\"plugindata\":{\"data\":{\"configured\":\"ok\","
                                           "\"video_codec\":\"%s\"}}}", long_codec);
  g_autoptr(CsJanusMessage) clipped = parse_ok (text);

  g_assert_cmpstr (msg->configured, ==, "ok");
  g_assert_cmpstr (msg->audio_codec, ==, "opus");
  g_assert_cmpstr (msg->video_codec, ==, "none");
  g_assert_cmpint (msg->plugin_error_code, ==, 0);
  /* from the network: bounded */
  g_assert_cmpuint (g_utf8_strlen (clipped->video_codec, -1), <=, 32);
  assert_parse_fails ("{\"janus\":\"event\",\"plugindata\":{\"data\":{\"video_codec\":7}}}", -1);
}

static void
test_parse_plugin_errors (void)
{
  g_autoptr(CsJanusMessage) no_room = parse_ok ("{\"janus\":\"event\",\"session_id\":1,\"transaction\":\"j\",\"sender\":2,"
                                                "\"plugindata\":{\"plugin\":\"janus.plugin.videoroom\",\"data\":"
                                                "{\"videoroom\":\"event\",\"error_code\":426,"
                                                "\"error\":\"No such room (1234)\"}}}");
  g_autoptr(CsJanusMessage) pin = parse_ok ("{\"janus\":\"event\",\"session_id\":1,\"transaction\":\"j\",\"sender\":2,"
                                            "\"plugindata\":{\"plugin\":\"janus.plugin.videoroom\",\"data\":"
                                            "{\"videoroom\":\"event\",\"error_code\":433,"
                                            "\"error\":\"Unauthorized (wrong pin)\"}}}");
  g_autoptr(CsJanusMessage) no_code = parse_ok ("{\"janus\":\"success\",\"sender\":2,\"plugindata\":{\"data\":"
                                                "{\"error\":\"Something went wrong\"}}}");
  g_autoptr(CsJanusMessage) zero = parse_ok ("{\"janus\":\"event\",\"plugindata\":{\"data\":{\"error_code\":0}}}");

  g_assert_cmpint (no_room->plugin_error_code, ==, 426);
  g_assert_cmpstr (no_room->plugin_error, ==, "No such room (1234)");
  g_assert_cmpstr (no_room->transaction, ==, "j");
  g_assert_cmpint (pin->plugin_error_code, ==, 433);
  g_assert_cmpstr (pin->plugin_error, ==, "Unauthorized (wrong pin)");
  g_assert_cmpint (no_code->plugin_error_code, !=, 0);
  g_assert_cmpstr (no_code->plugin_error, ==, "Something went wrong");
  /* an error code is never lost to 0 */
  g_assert_cmpint (zero->plugin_error_code, !=, 0);

  assert_parse_fails ("{\"janus\":\"event\",\"plugindata\":{\"data\":{\"error_code\":\"426\"}}}", -1);
  assert_parse_fails ("{\"janus\":\"event\",\"plugindata\":{\"data\":{\"error_code\":426,\"error\":{}}}}", -1);
  assert_parse_fails ("{\"janus\":\"event\",\"plugindata\":{}}", -1);
  assert_parse_fails ("{\"janus\":\"event\",\"plugindata\":{\"data\":[]}}", -1);
  assert_parse_fails ("{\"janus\":\"event\",\"plugindata\":\"videoroom\"}", -1);
  assert_parse_fails ("{\"janus\":\"event\",\"plugindata\":{\"data\":{\"videoroom\":5}}}", -1);
}

static void
test_parse_jsep (void)
{
  g_autoptr(CsJanusMessage) offer = parse_ok ("{\"janus\":\"event\",\"sender\":9,\"transaction\":\"s\",\"plugindata\":"
                                              "{\"data\":{\"videoroom\":\"attached\",\"room\":1234,\"id\":111,"
                                              "\"display\":\"Alice\"}},\"jsep\":{\"type\":\"offer\",\"sdp\":"
                                              "\"v=0\\r\\no=- 1 1 IN IP4 127.0.0.1\\r\\ns=-\\r\\n\"}}");
  g_autoptr(CsJanusMessage) answer = parse_ok ("{\"janus\":\"event\",\"sender\":9,\"plugindata\":{\"data\":"
                                               "{\"videoroom\":\"event\",\"configured\":\"ok\"}},\"jsep\":"
                                               "{\"type\":\"answer\",\"sdp\":\"v=0\\r\\n\"}}");

  g_assert_cmpstr (offer->videoroom, ==, "attached");
  g_assert_cmpstr (offer->id, ==, "111");
  g_assert_cmpstr (offer->jsep_type, ==, "offer");
  g_assert_cmpstr (offer->jsep_sdp, ==, "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\n");
  g_assert_cmpstr (answer->jsep_type, ==, "answer");
  g_assert_cmpstr (answer->jsep_sdp, ==, "v=0\r\n");

  assert_parse_fails ("{\"janus\":\"event\",\"jsep\":{\"type\":\"pranswer\",\"sdp\":\"v=0\"}}", -1);
  assert_parse_fails ("{\"janus\":\"event\",\"jsep\":{\"type\":\"offer\"}}", -1);
  assert_parse_fails ("{\"janus\":\"event\",\"jsep\":{\"sdp\":\"v=0\"}}", -1);
  assert_parse_fails ("{\"janus\":\"event\",\"jsep\":{\"type\":\"offer\",\"sdp\":[]}}", -1);
  assert_parse_fails ("{\"janus\":\"event\",\"jsep\":\"offer\"}", -1);
}

static void
test_parse_ids (void)
{
  static const char *const bad[] = {
    "{\"janus\":\"ack\",\"session_id\":0}",
    "{\"janus\":\"ack\",\"session_id\":-1}",
    "{\"janus\":\"ack\",\"session_id\":1.5}",
    "{\"janus\":\"ack\",\"session_id\":1e3}",
    "{\"janus\":\"ack\",\"session_id\":true}",
    "{\"janus\":\"ack\",\"session_id\":\"\"}",
    "{\"janus\":\"ack\",\"session_id\":[1]}",
    "{\"janus\":\"ack\",\"session_id\":{\"id\":1}}",
    "{\"janus\":\"ack\",\"sender\":false}",
    "{\"janus\":\"success\",\"data\":{\"id\":0}}",
    "{\"janus\":\"success\",\"data\":{\"id\":\"\"}}",
    "{\"janus\":\"success\",\"data\":{\"id\":2.5}}",
    "{\"janus\":\"success\",\"data\":[1]}",
    "{\"janus\":\"success\",\"data\":7}",
  };
  g_autofree char *long_id = g_strnfill (257, 'a');
  g_autofree char *long_text = g_strdup_printf ("{\"janus\":\"ack\",\"sender\":\"%s\"}", long_id);
  g_autoptr(CsJanusMessage) max = parse_ok ("{\"janus\":\"ack\",\"session_id\":9223372036854775807,\"sender\":\"x y\"}");
  g_autoptr(CsJanusMessage) null_id = parse_ok ("{\"janus\":\"ack\",\"session_id\":null,\"transaction\":null}");

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    assert_parse_fails (bad[i], -1);
  assert_parse_fails (long_text, -1);
  g_assert_cmpstr (max->session_id, ==, "9223372036854775807");
  g_assert_cmpstr (max->sender, ==, "x y");
  g_assert_null (null_id->session_id);
  g_assert_null (null_id->transaction);
}

static void
test_parse_batch (void)
{
  static const char text[] =
    "[{\"janus\":\"event\",\"session_id\":1,\"sender\":2,\"plugindata\":{\"data\":{\"videoroom\":\"event\",\"leaving\":5}}},"
    " 42, \"x\", null, [],"
    " {\"janus\":7},"
    " {\"janus\":\"error\"},"
    " {\"janus\":\"webrtcup\",\"session_id\":1,\"sender\":2},"
    " {\"janus\":\"keepalive\"}]";
  guint n_invalid = 99;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) msgs = cs_janus_message_parse_batch (text, -1, &n_invalid, &error);

  g_assert_no_error (error);
  g_assert_nonnull (msgs);
  g_assert_cmpuint (msgs->len, ==, 3);
  g_assert_cmpuint (n_invalid, ==, 6);
  g_assert_cmpint (((CsJanusMessage *) g_ptr_array_index (msgs, 0))->type, ==, CS_JANUS_MSG_EVENT);
  g_assert_cmpstr (((CsJanusMessage *) g_ptr_array_index (msgs, 0))->leaving, ==, "5");
  g_assert_cmpint (((CsJanusMessage *) g_ptr_array_index (msgs, 1))->type, ==, CS_JANUS_MSG_WEBRTCUP);
  g_assert_cmpint (((CsJanusMessage *) g_ptr_array_index (msgs, 2))->type, ==, CS_JANUS_MSG_UNKNOWN);

  /* one object, as a plain long-poll reply */
  {
    g_autoptr(GPtrArray) one = cs_janus_message_parse_batch ("{\"janus\":\"keepalive\"}", -1, &n_invalid, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (one->len, ==, 1);
    g_assert_cmpuint (n_invalid, ==, 0);
  }
  /* an empty array: nothing new */
  {
    g_autoptr(GPtrArray) none = cs_janus_message_parse_batch (" [ ] ", -1, &n_invalid, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (none->len, ==, 0);
    g_assert_cmpuint (n_invalid, ==, 0);
  }
  /* n_invalid is optional */
  {
    g_autoptr(GPtrArray) some = cs_janus_message_parse_batch ("[1,{\"janus\":\"ack\"}]", -1, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (some->len, ==, 1);
  }
  /* one invalid object, or not JSON at all: an error */
  {
    g_autoptr(GPtrArray) bad = cs_janus_message_parse_batch ("{\"janus\":1}", -1, &n_invalid, &error);

    g_assert_null (bad);
    g_assert_error (error, CS_ERROR, CS_ERROR_PROTOCOL);
    g_clear_error (&error);
  }
  {
    g_autoptr(GPtrArray) bad = cs_janus_message_parse_batch ("<html>502 Bad Gateway</html>", -1, &n_invalid, &error);

    g_assert_null (bad);
    g_assert_error (error, CS_ERROR, CS_ERROR_PROTOCOL);
    g_assert_cmpuint (n_invalid, ==, 0);
    g_clear_error (&error);
  }
  {
    g_autoptr(GPtrArray) bad = cs_janus_message_parse_batch (NULL, -1, &n_invalid, &error);

    g_assert_null (bad);
    g_assert_error (error, CS_ERROR, CS_ERROR_PROTOCOL);
  }
}

/* ------------------------------------------------------------------ builders */

static void
test_build_session_requests (void)
{
  g_autofree char *create = cs_janus_build_create ("t1", NULL, NULL);
  g_autofree char *create_auth = cs_janus_build_create ("t2", "s3cret", "tok");
  g_autofree char *create_empty = cs_janus_build_create ("t3", "", "");
  g_autofree char *attach = cs_janus_build_attach ("8412345678901234", "janus.plugin.videoroom", "t4", NULL, NULL);
  g_autofree char *keepalive = cs_janus_build_keepalive ("sess-abc", "t5", NULL, "tok");
  g_autofree char *destroy = cs_janus_build_destroy ("77", "t6", NULL, NULL);
  g_autofree char *detach = cs_janus_build_detach ("77", "88", "t7", NULL, NULL);
  g_autoptr(JsonObject) o = NULL;

  o = parse_json_object (create);
  assert_member_string (o, "janus", "create");
  assert_member_string (o, "transaction", "t1");
  g_assert_false (json_object_has_member (o, "session_id"));
  g_assert_false (json_object_has_member (o, "apisecret"));
  g_assert_false (json_object_has_member (o, "token"));
  g_clear_pointer (&o, json_object_unref);

  o = parse_json_object (create_auth);
  assert_member_string (o, "apisecret", "s3cret");
  assert_member_string (o, "token", "tok");
  g_clear_pointer (&o, json_object_unref);

  o = parse_json_object (create_empty);
  g_assert_false (json_object_has_member (o, "apisecret"));
  g_assert_false (json_object_has_member (o, "token"));
  g_clear_pointer (&o, json_object_unref);

  o = parse_json_object (attach);
  assert_member_string (o, "janus", "attach");
  assert_member_int (o, "session_id", G_GINT64_CONSTANT (8412345678901234));
  assert_member_string (o, "plugin", "janus.plugin.videoroom");
  assert_member_string (o, "transaction", "t4");
  g_assert_false (json_object_has_member (o, "handle_id"));
  g_clear_pointer (&o, json_object_unref);

  o = parse_json_object (keepalive);
  assert_member_string (o, "janus", "keepalive");
  assert_member_string (o, "session_id", "sess-abc");
  assert_member_string (o, "token", "tok");
  g_clear_pointer (&o, json_object_unref);

  o = parse_json_object (destroy);
  assert_member_string (o, "janus", "destroy");
  assert_member_int (o, "session_id", 77);
  g_clear_pointer (&o, json_object_unref);

  o = parse_json_object (detach);
  assert_member_string (o, "janus", "detach");
  assert_member_int (o, "session_id", 77);
  assert_member_int (o, "handle_id", 88);
  assert_member_string (o, "transaction", "t7");
}

static void
test_build_ids (void)
{
  /* all digits → integer; anything else (or too long for an int64) → string */
  static const struct { const char *id; gboolean integer; gint64 value; } cases[] = {
    { "1", TRUE, 1 },
    { "1234", TRUE, 1234 },
    { "999999999999999999", TRUE, G_GINT64_CONSTANT (999999999999999999) },
    { "9999999999999999999", FALSE, 0 },
    { "room-1", FALSE, 0 },
    { "12a", FALSE, 0 },
    { "-5", FALSE, 0 },
    { " 5", FALSE, 0 },
    { "1.5", FALSE, 0 },
    { "\xc3\xa9t\xc3\xa9", FALSE, 0 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = cs_janus_build_detach (cases[i].id, cases[i].id, "t", NULL, NULL);
      g_autofree char *body = cs_janus_body_start (cases[i].id);
      g_autoptr(JsonObject) o = parse_json_object (text);
      g_autoptr(JsonObject) b = parse_json_object (body);

      if (cases[i].integer)
        {
          assert_member_int (o, "session_id", cases[i].value);
          assert_member_int (o, "handle_id", cases[i].value);
          assert_member_int (b, "room", cases[i].value);
        }
      else
        {
          assert_member_string (o, "session_id", cases[i].id);
          assert_member_string (o, "handle_id", cases[i].id);
          assert_member_string (b, "room", cases[i].id);
        }
    }
}

static void
test_build_message (void)
{
  g_autofree char *body = cs_janus_body_join_publisher ("1234", "Alice \"A\" \xe2\x9c\x93", "pin,1");
  g_autofree char *text = cs_janus_build_message ("11", "22", body, "offer", "v=0\r\ns=-\r\n", "tx", "sec", NULL);
  g_autofree char *no_jsep = cs_janus_build_message ("11", "22", body, NULL, "v=0", "tx2", NULL, NULL);
  g_autofree char *bad_body = cs_janus_build_message ("11", "22", "not json", NULL, NULL, "tx3", NULL, NULL);
  g_autoptr(JsonObject) o = parse_json_object (text);
  JsonObject *b;
  JsonObject *jsep;

  assert_member_string (o, "janus", "message");
  assert_member_int (o, "session_id", 11);
  assert_member_int (o, "handle_id", 22);
  assert_member_string (o, "transaction", "tx");
  assert_member_string (o, "apisecret", "sec");
  b = json_object_get_object_member (o, "body");
  g_assert_nonnull (b);
  assert_member_string (b, "request", "join");
  assert_member_string (b, "ptype", "publisher");
  assert_member_int (b, "room", 1234);
  assert_member_string (b, "display", "Alice \"A\" \xe2\x9c\x93");
  assert_member_string (b, "pin", "pin,1");
  jsep = json_object_get_object_member (o, "jsep");
  g_assert_nonnull (jsep);
  assert_member_string (jsep, "type", "offer");
  assert_member_string (jsep, "sdp", "v=0\r\ns=-\r\n");
  g_clear_pointer (&o, json_object_unref);

  o = parse_json_object (no_jsep);
  g_assert_false (json_object_has_member (o, "jsep"));
  g_clear_pointer (&o, json_object_unref);

  /* a body that is not JSON becomes an empty object, never invalid output */
  o = parse_json_object (bad_body);
  b = json_object_get_object_member (o, "body");
  g_assert_nonnull (b);
  g_assert_cmpuint (json_object_get_size (b), ==, 0);
}

static void
test_build_trickle (void)
{
  g_autofree char *cand = cs_janus_build_trickle ("11", "22", 1, "candidate:1 1 UDP 1 10.0.0.1 9 typ host", "t",
                                                  NULL, NULL);
  g_autofree char *done = cs_janus_build_trickle ("11", "22", 0, NULL, "t2", NULL, NULL);
  g_autoptr(JsonObject) o = parse_json_object (cand);
  JsonObject *c = json_object_get_object_member (o, "candidate");

  assert_member_string (o, "janus", "trickle");
  assert_member_int (o, "handle_id", 22);
  g_assert_nonnull (c);
  assert_member_string (c, "candidate", "candidate:1 1 UDP 1 10.0.0.1 9 typ host");
  assert_member_int (c, "sdpMLineIndex", 1);
  g_assert_false (json_object_has_member (c, "completed"));
  g_clear_pointer (&o, json_object_unref);

  o = parse_json_object (done);
  c = json_object_get_object_member (o, "candidate");
  g_assert_nonnull (c);
  assert_member_bool (c, "completed", TRUE);
  g_assert_false (json_object_has_member (c, "candidate"));

  /* what we send, Janus would send back: our parser reads it */
  {
    g_autofree char *back = g_strdup (cand);
    g_autoptr(CsJanusMessage) msg = parse_ok (back);

    g_assert_cmpint (msg->type, ==, CS_JANUS_MSG_TRICKLE);
    g_assert_cmpint (msg->candidate_mline, ==, 1);
  }
}

static void
test_build_bodies (void)
{
  g_autofree char *join = cs_janus_body_join_publisher ("room-x", NULL, NULL);
  g_autofree char *publish = cs_janus_body_publish ();
  g_autofree char *sub = cs_janus_body_join_subscriber ("1234", "111", "3423423", "1234");
  g_autofree char *sub_s = cs_janus_body_join_subscriber ("room-x", "bob-uuid", NULL, NULL);
  g_autofree char *start = cs_janus_body_start ("1234");
  g_autofree char *start_null = cs_janus_body_start (NULL);
  g_autofree char *leave = cs_janus_body_leave ();
  g_autoptr(JsonObject) o = NULL;

  o = parse_json_object (join);
  assert_member_string (o, "request", "join");
  assert_member_string (o, "ptype", "publisher");
  assert_member_string (o, "room", "room-x");
  g_assert_false (json_object_has_member (o, "display"));
  g_assert_false (json_object_has_member (o, "pin"));
  g_clear_pointer (&o, json_object_unref);

  o = parse_json_object (publish);
  assert_member_string (o, "request", "publish");
  assert_member_bool (o, "audio", TRUE);
  assert_member_bool (o, "video", TRUE);
  g_clear_pointer (&o, json_object_unref);

  o = parse_json_object (sub);
  assert_member_string (o, "request", "join");
  assert_member_string (o, "ptype", "subscriber");
  assert_member_int (o, "room", 1234);
  assert_member_int (o, "feed", 111);
  assert_member_int (o, "private_id", 3423423);
  /* a PIN stays a string, even when it is all digits */
  assert_member_string (o, "pin", "1234");
  g_clear_pointer (&o, json_object_unref);

  o = parse_json_object (sub_s);
  assert_member_string (o, "room", "room-x");
  assert_member_string (o, "feed", "bob-uuid");
  g_assert_false (json_object_has_member (o, "private_id"));
  g_assert_false (json_object_has_member (o, "pin"));
  g_clear_pointer (&o, json_object_unref);

  o = parse_json_object (start);
  assert_member_string (o, "request", "start");
  assert_member_int (o, "room", 1234);
  g_clear_pointer (&o, json_object_unref);

  o = parse_json_object (start_null);
  assert_member_string (o, "request", "start");
  g_assert_false (json_object_has_member (o, "room"));
  g_clear_pointer (&o, json_object_unref);

  o = parse_json_object (leave);
  assert_member_string (o, "request", "leave");
  g_assert_cmpuint (json_object_get_size (o), ==, 1);
}

static void
test_transaction_and_room (void)
{
  g_autofree char *a = cs_janus_transaction_new ();
  g_autofree char *b = cs_janus_transaction_new ();
  g_autofree char *long_room = g_strnfill (257, '1');

  g_assert_cmpuint (strlen (a), ==, 12);
  for (const char *p = a; *p != '\0'; p++)
    g_assert_true (g_ascii_isalnum (*p));
  g_assert_cmpstr (a, !=, b);

  g_assert_true (cs_janus_room_is_valid ("1234"));
  g_assert_true (cs_janus_room_is_valid ("my-room"));
  g_assert_false (cs_janus_room_is_valid (NULL));
  g_assert_false (cs_janus_room_is_valid (""));
  g_assert_false (cs_janus_room_is_valid ("\xff\xfe"));
  g_assert_false (cs_janus_room_is_valid (long_room));
}

/* ------------------------------------------------------------------ robustness */

static const char *const corpus[] = {
  "{\"janus\":\"success\",\"transaction\":\"tx1\",\"data\":{\"id\":8412345678901234}}",
  "{\"janus\":\"error\",\"transaction\":\"t\",\"error\":{\"code\":458,\"reason\":\"No such session\"}}",
  "{\"janus\":\"ack\",\"session_id\":1,\"transaction\":\"t\"}",
  joined_text,
  "{\"janus\":\"event\",\"session_id\":1,\"transaction\":\"j\",\"sender\":2,\"plugindata\":{\"plugin\":"
  "\"janus.plugin.videoroom\",\"data\":{\"videoroom\":\"event\",\"error_code\":433,\"error\":\"Unauthorized (wrong pin)\"}}}",
  "{\"janus\":\"event\",\"sender\":9,\"transaction\":\"s\",\"plugindata\":{\"data\":{\"videoroom\":\"attached\","
  "\"room\":1234,\"id\":111}},\"jsep\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\ns=-\\r\\n\"}}",
  "{\"janus\":\"event\",\"sender\":2,\"plugindata\":{\"data\":{\"videoroom\":\"event\",\"leaving\":111,\"unpublished\":\"ok\"}}}",
  "{\"janus\":\"trickle\",\"session_id\":1,\"sender\":2,\"candidate\":{\"sdpMLineIndex\":1,\"candidate\":\"candidate:1\"}}",
  "{\"janus\":\"trickle\",\"sender\":2,\"candidate\":{\"completed\":true}}",
  "{\"janus\":\"hangup\",\"session_id\":1,\"sender\":2,\"reason\":\"DTLS alert\"}",
  "{\"janus\":\"media\",\"session_id\":1,\"sender\":2,\"type\":\"video\",\"receiving\":true}",
  "[{\"janus\":\"webrtcup\",\"session_id\":1,\"sender\":2},{\"janus\":\"slowlink\",\"sender\":2,\"uplink\":true}]",
};

/* Every JSON value that a member may be replaced with. */
static const char *const replacements[] = {
  "null", "true", "false", "0", "-1", "1", "1.5", "1e400", "-1e400", "99999999999999999999999999",
  "-9223372036854775809", "\"\"", "\"x\"", "\"ok\"", "[]", "[1,2]", "{}", "{\"id\":1}", "\"\\u0000\"",
};

typedef struct
{
  guint n_parsed;
  guint n_rejected;
} Tally;

/* Replaces, one at a time, every member of @node (recursively; @root is the whole document)
 * with every replacement, and parses the result. */
static void
mutate_members (JsonNode *root, JsonNode *node, Tally *tally)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *obj = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (obj);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

      /* copies: replacing a member frees json-glib's copy of its name */
      for (GList *l = members; l != NULL; l = l->next)
        g_ptr_array_add (names, g_strdup (l->data));
      for (guint n = 0; n < names->len; n++)
        {
          const char *name = g_ptr_array_index (names, n);
          JsonNode *original = json_node_copy (json_object_get_member (obj, name));

          for (gsize i = 0; i < G_N_ELEMENTS (replacements); i++)
            {
              g_autofree char *text = NULL;
              g_autoptr(GError) error = NULL;
              g_autoptr(CsJanusMessage) msg = NULL;

              json_object_set_member (obj, name, json_from_string (replacements[i], NULL));
              text = json_to_string (root, FALSE);
              msg = cs_janus_message_parse (text, -1, &error);
              if (msg != NULL)
                {
                  check_invariants (msg);
                  tally->n_parsed++;
                }
              else
                {
                  g_assert_error (error, CS_ERROR, CS_ERROR_PROTOCOL);
                  tally->n_rejected++;
                }
              parse_anything (text, -1);
            }
          json_object_set_member (obj, name, original);
          mutate_members (root, json_object_get_member (obj, name), tally);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        mutate_members (root, json_array_get_element (array, i), tally);
    }
}

static void
test_robust_wrong_types (void)
{
  Tally tally = { 0 };

  for (gsize i = 0; i < G_N_ELEMENTS (corpus); i++)
    {
      g_autoptr(JsonNode) root = json_from_string (corpus[i], NULL);

      g_assert_nonnull (root);
      mutate_members (root, root, &tally);
    }
  g_test_message ("%u mutated messages parsed, %u rejected", tally.n_parsed, tally.n_rejected);
  g_assert_cmpuint (tally.n_rejected, >, 100);

  /* each typed member, with a value of the wrong type, rejects the whole message */
  {
    static const char *const wrong[] = {
      "{\"janus\":1}", "{\"janus\":null}", "{\"janus\":[\"ack\"]}", "{\"janus\":{}}",
      "{\"janus\":\"ack\",\"transaction\":1}", "{\"janus\":\"ack\",\"transaction\":{}}",
      "{\"janus\":\"ack\",\"reason\":false}",
      "{\"janus\":\"ack\",\"error\":[]}",
      "{\"janus\":\"ack\",\"jsep\":[]}",
      "{\"janus\":\"ack\",\"plugindata\":[]}",
      "{\"janus\":\"event\",\"plugindata\":{\"data\":{\"room\":true}}}",
      "{\"janus\":\"event\",\"plugindata\":{\"data\":{\"id\":1.25}}}",
      "{\"janus\":\"event\",\"plugindata\":{\"data\":{\"private_id\":[]}}}",
      "{\"janus\":\"event\",\"plugindata\":{\"data\":{\"publishers\":\"none\"}}}",
      "{\"janus\":\"event\",\"plugindata\":{\"data\":{\"error\":404}}}",
    };

    for (gsize i = 0; i < G_N_ELEMENTS (wrong); i++)
      assert_parse_fails (wrong[i], -1);
  }
}

static void
test_robust_not_objects (void)
{
  static const char *const texts[] = {
    "", " ", "\n", "null", "true", "0", "-1", "1e999", "\"janus\"", "[]", "[[]]", "{}", "{\"jan\":\"ack\"}",
    "not json", "<html><body>502 Bad Gateway</body></html>", "{", "}", "[", "{\"janus\":", "{\"janus\":\"ack\",}",
    "{\"janus\":\"ack\"} {\"janus\":\"ack\"}", "{\"janus\":\"ack\"}]", "\xef\xbb\xbf",
  };
  /* json-glib is lenient with these: whatever it makes of them must still be checked */
  static const char *const lenient[] = { "{'janus':'ack'}", "{janus:\"ack\"}", "{\"janus\":'a{[{[{[{'}" };

  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      assert_parse_fails (texts[i], -1);
      parse_anything (texts[i], -1);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (lenient); i++)
    parse_anything (lenient[i], -1);
  assert_parse_fails (NULL, -1);
  assert_parse_fails ("{\"janus\":\"ack\"}", 0);
}

static void
test_robust_deep_nesting (void)
{
  static const guint depths[] = { 64, 1000, 100000, 1000000 };

  for (gsize d = 0; d < G_N_ELEMENTS (depths); d++)
    {
      guint depth = depths[d];
      g_autoptr(GString) arrays = g_string_new (NULL);
      g_autoptr(GString) objects = g_string_new (NULL);
      g_autoptr(GString) member = g_string_new ("{\"janus\":\"event\",\"plugindata\":{\"data\":{\"x\":");
      g_autoptr(GString) open = g_string_new (NULL);

      for (guint i = 0; i < depth; i++)
        {
          g_string_append_c (arrays, '[');
          g_string_append (objects, "{\"a\":");
        }
      g_string_append (open, arrays->str);
      for (guint i = 0; i < depth; i++)
        {
          g_string_append_c (arrays, ']');
          g_string_append_c (objects, '}');
        }
      g_string_append (member, arrays->str);
      g_string_append (member, "}}}");

      assert_parse_fails (arrays->str, arrays->len);
      assert_parse_fails (open->str, open->len);
      parse_anything (arrays->str, arrays->len);
      parse_anything (objects->str, objects->len);
      parse_anything (member->str, member->len);
    }
}

/* json-glib 1.6 reads 'single quotes', comments (from a '/'), and takes the character after
 * "\u12" or half a surrogate pair into the string: brackets hidden from the depth check in
 * them overflowed the stack. Each is refused as malformed, in a message and in a batch. */
static void
test_robust_deep_hidden (void)
{
  static const char *const prefixes[] = {
    "{\"janus\":\"event\",\"x\":['\"',",
    "{\"janus\":\"event\",/* \" */\"x\":",
    "{\"janus\":\"event\",\"x\":[\"\\u1\"\",",
    "{\"janus\":\"event\",\"x\":[\"\\ud800\"\",",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      g_autoptr(GString) text = g_string_new (prefixes[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) batch = NULL;

      for (guint d = 0; d < 75000; d++)
        g_string_append_c (text, '[');
      for (guint d = 0; d < 75000; d++)
        g_string_append_c (text, ']');
      g_string_append (text, "]}");
      assert_parse_fails (text->str, text->len);
      batch = cs_janus_message_parse_batch (text->str, text->len, NULL, &error);
      g_assert_null (batch);
      g_assert_error (error, CS_ERROR, CS_ERROR_PROTOCOL);
      g_assert_nonnull (strstr (error->message, "malformed message: not valid JSON (line 1)"));
    }
  /* quotes and slashes in strings are what they are */
  {
    g_autoptr(CsJanusMessage) msg = parse_ok ("{\"janus\":\"event\",\"plugindata\":{\"data\":{\"publishers\":"
                                              "[{\"id\":1,\"display\":\"it's me/you [1]\"}]}}}");

    g_assert_cmpstr (((CsJanusPublisher *) g_ptr_array_index (msg->publishers, 0))->display, ==, "it's me/you [1]");
  }
}

static void
test_robust_huge_numbers (void)
{
  static const char *const texts[] = {
    "{\"janus\":\"ack\",\"session_id\":99999999999999999999999999999}",
    "{\"janus\":\"ack\",\"session_id\":-99999999999999999999999999999}",
    "{\"janus\":\"ack\",\"session_id\":1e400}",
    "{\"janus\":\"ack\",\"session_id\":9223372036854775808}",
    "{\"janus\":\"ack\",\"session_id\":-9223372036854775808}",
    "{\"janus\":\"error\",\"error\":{\"code\":1e400}}",
    "{\"janus\":\"error\",\"error\":{\"code\":-9223372036854775808}}",
    "{\"janus\":\"event\",\"plugindata\":{\"data\":{\"error_code\":9223372036854775807}}}",
    "{\"janus\":\"event\",\"plugindata\":{\"data\":{\"error_code\":-9223372036854775808}}}",
    "{\"janus\":\"trickle\",\"candidate\":{\"candidate\":\"c\",\"sdpMLineIndex\":9223372036854775807}}",
    "{\"janus\":\"trickle\",\"candidate\":{\"candidate\":\"c\",\"sdpMLineIndex\":-9223372036854775808}}",
    "{\"janus\":\"trickle\",\"candidate\":{\"candidate\":\"c\",\"sdpMLineIndex\":4294967296}}",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    parse_anything (texts[i], -1);
  {
    g_autoptr(CsJanusMessage) msg = parse_ok (texts[7]);

    g_assert_cmpint (msg->plugin_error_code, ==, G_MAXINT);
  }
  {
    g_autoptr(CsJanusMessage) msg = cs_janus_message_parse (texts[8], -1, NULL);

    /* a negative code is still an error */
    if (msg != NULL)
      g_assert_cmpint (msg->plugin_error_code, >, 0);
  }
  for (gsize i = 9; i < G_N_ELEMENTS (texts); i++)
    assert_parse_fails (texts[i], -1);
}

static void
test_robust_nul_and_utf8 (void)
{
  static const char with_nul[] = "{\"janus\":\"ack\",\"transaction\":\"a\0b\"}";
  static const char nul_after[] = "{\"janus\":\"ack\"}\0{\"janus\":\"error\"}";
  static const char *const invalid[] = {
    "{\"janus\":\"ack\xff\"}",
    "{\"janus\":\"ack\",\"transaction\":\"\xc3\x28\"}",
    "{\"janus\":\"ack\",\"transaction\":\"\xed\xa0\x80\"}",
    "{\"janus\":\"ack\",\"session_id\":\"\xc0\xaf\"}",
    "{\"janus\":\"ack\",\"reason\":\"\xf8\x88\x80\x80\x80\"}",
    "{\"janus\":\"event\",\"plugindata\":{\"data\":{\"videoroom\":\"\xfe\",\"error\":\"\xe2\x82\"}}}",
    "{\"janus\":\"event\",\"plugindata\":{\"data\":{\"publishers\":[{\"id\":1,\"display\":\"\xff\"}]}}}",
    "{\"janus\":\"event\",\"jsep\":{\"type\":\"offer\",\"sdp\":\"v=0\xff\"}}",
    "{\"janus\":\"ack\",\"transaction\":\"\\ud800\"}",
    "{\"janus\":\"ack\",\"transaction\":\"\\udc00\\ud800\"}",
    "{\"janus\":\"ack\",\"transaction\":\"a\\u0000b\"}",
    "{\"janus\":\"ack\",\"transaction\":\"\\u00\"}",
    "\xff\xfe{\"janus\":\"ack\"}",
  };

  parse_anything (with_nul, sizeof with_nul - 1);
  parse_anything (nul_after, sizeof nul_after - 1);
  for (gsize i = 0; i < G_N_ELEMENTS (invalid); i++)
    parse_anything (invalid[i], -1);
  /* a message that is cut by a NUL is not a message */
  assert_parse_fails (with_nul, sizeof with_nul - 1);
  assert_parse_fails (nul_after, sizeof nul_after - 1);
  /* half a surrogate pair (json-glib 1.6 made it invalid UTF-8, 1.10 refuses the message)
   * becomes U+FFFD before parsing: a transaction that matches none, a type that is unknown */
  {
    g_autoptr(CsJanusMessage) msg = parse_ok ("{\"janus\":\"ack\",\"transaction\":\"a\\ud800b\"}");

    g_assert_cmpstr (msg->transaction, ==, "a\xef\xbf\xbd" "b");
  }
  parse_anything ("{\"janus\":\"a\\ud800ck\"}", -1);
  parse_anything ("{\"janus\":\"ack\",\"sender\":\"a\\ud800b\"}", -1);
  parse_anything ("{\"janus\":\"event\",\"jsep\":{\"type\":\"offer\",\"sdp\":\"v=0\\ud800x\"}}", -1);
  /* text for people (reasons, display names) is made valid instead: it never costs the message */
  {
    g_autoptr(CsJanusMessage) reason = parse_ok ("{\"janus\":\"ack\",\"reason\":\"a\\udc00b\"}");
    g_autoptr(CsJanusMessage) error = parse_ok ("{\"janus\":\"event\",\"plugindata\":{\"data\":{\"error\":\"a\\ud800b\"}}}");
    g_autoptr(CsJanusMessage) display = parse_ok ("{\"janus\":\"event\",\"plugindata\":{\"data\":{\"publishers\":"
                                                  "[{\"id\":1,\"display\":\"Bob\\ud800!\"}]}}}");

    g_assert_true (g_utf8_validate (reason->error_reason, -1, NULL));
    g_assert_true (g_str_has_prefix (reason->error_reason, "a"));
    g_assert_true (g_utf8_validate (error->plugin_error, -1, NULL));
    g_assert_cmpint (error->plugin_error_code, ==, 1);
    g_assert_cmpuint (display->publishers->len, ==, 1);
    g_assert_true (g_str_has_prefix (((CsJanusPublisher *) g_ptr_array_index (display->publishers, 0))->display, "Bob"));
    g_assert_true (g_utf8_validate (((CsJanusPublisher *) g_ptr_array_index (display->publishers, 0))->display, -1, NULL));
  }
  /* and a good pair is kept */
  {
    g_autoptr(CsJanusMessage) msg = parse_ok ("{\"janus\":\"ack\",\"transaction\":\"\\ud83d\\ude00\"}");

    g_assert_cmpstr (msg->transaction, ==, "\xf0\x9f\x98\x80");
  }
  for (gsize i = 0; i < 4; i++)
    assert_parse_fails (invalid[i], -1);
}

static void
test_robust_truncations (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (corpus); i++)
    {
      gsize len = strlen (corpus[i]);

      for (gsize cut = 0; cut < len; cut++)
        {
          g_autofree char *copy = g_strndup (corpus[i], cut);

          /* with an explicit length on the full buffer, and as a NUL-terminated copy */
          assert_parse_fails (corpus[i], (gssize) cut);
          assert_parse_fails (copy, -1);
          parse_anything (corpus[i], (gssize) cut);
        }
      parse_anything (corpus[i], (gssize) len);
    }
}

static void
test_robust_random_mutations (void)
{
  static const char *const tokens[] = {
    "{", "}", "[", "]", "\"", ",", ":", "null", "true", "1e999", "-0", "99999999999999999999",
    "\\u0000", "\\ud800", "\xff", "\xc3", "\0", "{\"janus\":", "\"janus\"", "\"sender\":", "[[[[[[[[",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240613);
  guint n_parsed = 0;

  for (guint iter = 0; iter < 4000; iter++)
    {
      const char *base = corpus[g_rand_int_range (rand, 0, G_N_ELEMENTS (corpus))];
      g_autoptr(GByteArray) buf = g_byte_array_new ();
      guint n_edits = g_rand_int_range (rand, 1, 5);
      g_autoptr(CsJanusMessage) msg = NULL;

      g_byte_array_append (buf, (const guint8 *) base, strlen (base));
      for (guint e = 0; e < n_edits; e++)
        {
          guint pos = buf->len > 0 ? g_rand_int_range (rand, 0, buf->len) : 0;

          switch (g_rand_int_range (rand, 0, 5))
            {
            case 0: /* flip a byte */
              if (buf->len > 0)
                buf->data[pos] = (guint8) g_rand_int_range (rand, 0, 256);
              break;
            case 1: /* insert a random byte */
              {
                guint8 b = (guint8) g_rand_int_range (rand, 0, 256);

                g_array_insert_val ((GArray *) buf, pos, b);
              }
              break;
            case 2: /* delete a range */
              if (buf->len > 0)
                {
                  guint n = g_rand_int_range (rand, 1, 16);

                  g_byte_array_remove_range (buf, pos, MIN (n, buf->len - pos));
                }
              break;
            case 3: /* insert a token */
              {
                const char *t = tokens[g_rand_int_range (rand, 0, G_N_ELEMENTS (tokens))];
                gsize tlen = *t == '\0' ? 1 : strlen (t);
                g_autoptr(GByteArray) tail = g_byte_array_new ();

                g_byte_array_append (tail, buf->data + pos, buf->len - pos);
                g_byte_array_set_size (buf, pos);
                g_byte_array_append (buf, (const guint8 *) t, tlen);
                g_byte_array_append (buf, tail->data, tail->len);
              }
              break;
            default: /* duplicate a range */
              if (buf->len > 0)
                {
                  guint n = g_rand_int_range (rand, 1, 64);
                  g_autoptr(GByteArray) piece = g_byte_array_new ();

                  g_byte_array_append (piece, buf->data + pos, MIN (n, buf->len - pos));
                  g_byte_array_append (buf, piece->data, piece->len);
                }
              break;
            }
        }
      /* the parser gets the bytes with a length (no terminator after them) */
      {
        g_autofree guint8 *exact = g_memdup2 (buf->data, buf->len);
        g_autoptr(GError) error = NULL;

        msg = cs_janus_message_parse ((const char *) exact, buf->len, &error);
        if (msg != NULL)
          {
            check_invariants (msg);
            n_parsed++;
          }
        else
          g_assert_error (error, CS_ERROR, CS_ERROR_PROTOCOL);
        parse_anything ((const char *) exact, buf->len);
      }
    }
  g_test_message ("%u of 4000 mutations still parsed", n_parsed);
}

static void
test_robust_too_large (void)
{
  gsize len = 4 * 1024 * 1024 + 100;
  g_autofree char *text = g_malloc (len + 1);
  gsize pos;

  pos = g_strlcpy (text, "{\"janus\":\"ack\",\"transaction\":\"", len);
  memset (text + pos, 'a', len - pos - 2);
  text[len - 2] = '"';
  text[len - 1] = '}';
  text[len] = '\0';
  assert_parse_fails (text, -1);
  parse_anything (text, (gssize) len);
}

/* ------------------------------------------------------------------ WHIP / WHEP helpers */

static void
assert_strv (char **got, const char *const *expected)
{
  guint n = expected != NULL ? g_strv_length ((char **) expected) : 0;

  g_assert_nonnull (got);
  if (g_strv_length (got) != n)
    {
      g_autofree char *joined = g_strjoinv (" | ", got);

      g_error ("expected %u servers, got %u: %s", n, g_strv_length (got), joined);
    }
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (got[i], ==, expected[i]);
}

static void
test_link_header (void)
{
  static const struct { const char *header; const char *expected[4]; } cases[] = {
    { "<stun:stun.example.net>; rel=\"ice-server\"", { "stun://stun.example.net" } },
    { "<stun:stun.example.net:3478>;rel=ice-server", { "stun://stun.example.net:3478" } },
    { "<stun:a.example>; REL=\"ICE-SERVER\"", { "stun://a.example" } },
    /* several links in one header, only rel="ice-server" */
    { "<stun:a.example>; rel=\"ice-server\", <https://example.com/doc>; rel=\"help\", "
      "<turn:b.example:3478?transport=udp>; rel=\"ice-server\"; username=\"user\"; credential=\"pass\"; "
      "credential-type=\"password\"",
      { "stun://a.example", "turn://user:pass@b.example:3478?transport=udp" } },
    /* quoted values with commas and escapes do not split the header */
    { "<turn:c.example>; rel=\"ice-server\"; username=\"a,b\"; credential=\"x\\\"y,z\", <stun:d.example>; rel=\"ice-server\"",
      { "turn://a%2Cb:x%22y%2Cz@c.example", "stun://d.example" } },
    { "<stun:e.example>; title=\"one, two; three\"; rel=\"ice-server\"", { "stun://e.example" } },
    /* rel is a list of relation types (RFC 8288 §3.3) */
    { "<stun:f.example>; rel=\"preconnect ice-server\"", { "stun://f.example" } },
    { "<turns:g.example:5349?transport=tcp>; rel=\"ice-server\"; username=\"u\"; credential=\"p\"",
      { "turns://u:p@g.example:5349?transport=tcp" } },
    /* TURN without both credentials keeps the URI as it is */
    { "<turn:h.example>; rel=\"ice-server\"; username=\"u\"", { "turn://h.example" } },
    /* credentials already in the URI are kept */
    { "<turn:x:y@i.example>; rel=\"ice-server\"; username=\"u\"; credential=\"p\"", { "turn://x:y@i.example" } },
    /* not ice servers, or not a scheme webrtcbin knows */
    { "<stun:j.example>; rel=\"ice-servers\"", { NULL } },
    { "<stun:j.example>; rel=\"\"", { NULL } },
    { "<stun:j.example>", { NULL } },
    { "<https://k.example>; rel=\"ice-server\"", { NULL } },
    { "<stun:>; rel=\"ice-server\"", { NULL } },
    { "</whip/resource/1>; rel=\"urn:ietf:params:whip:ice-server\"", { NULL } },
    /* junk around good links */
    { "junk, <stun:l.example>; rel=ice-server", { "stun://l.example" } },
    { ",,, <stun:m.example>;;; rel=\"ice-server\" ,", { "stun://m.example" } },
    { "; ; <stun:m.example>; rel=\"ice-server\"", { NULL } },
    { "", { NULL } },
    { "<", { NULL } },
    { "<stun:n.example", { NULL } },
    { "<stun:o.example>; rel", { NULL } },
    { "<stun:o.example>; rel=", { NULL } },
    { "<stun:p.example>; rel=\"ice-server", { "stun://p.example" } },
    { "<stun:q.example>; rel=\"ice-server\"; username=\"unterminated", { "stun://q.example" } },
    { "<stun:r.example>; rel=\"ice-server\\", { NULL } },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(GStrv) got = cs_whip_parse_link_header (cases[i].header);

      g_test_message ("Link: %s", cases[i].header);
      assert_strv (got, cases[i].expected);
    }
  {
    g_auto(GStrv) got = cs_whip_parse_link_header (NULL);

    assert_strv (got, NULL);
  }
  /* at most 32 servers from one header */
  {
    g_autoptr(GString) many = g_string_new (NULL);
    g_auto(GStrv) got = NULL;

    for (guint i = 0; i < 100; i++)
      g_string_append_printf (many, "%s<stun:s%u.example>; rel=\"ice-server\"", i > 0 ? ", " : "", i);
    got = cs_whip_parse_link_header (many->str);
    g_assert_cmpuint (g_strv_length (got), ==, 32);
    g_assert_cmpstr (got[31], ==, "stun://s31.example");
  }
  /* random junk: no crash */
  {
    g_autoptr(GRand) rand = g_rand_new_with_seed (8288);
    static const char alphabet[] = "<>;,=\" \\\tstun:turn:rel=ice-serverusernamecredential";

    for (guint iter = 0; iter < 2000; iter++)
      {
        char text[64];
        guint n = g_rand_int_range (rand, 0, sizeof text);
        g_auto(GStrv) got = NULL;

        for (guint k = 0; k < n; k++)
          text[k] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
        text[n] = '\0';
        got = cs_whip_parse_link_header (text);
        g_assert_nonnull (got);
        for (guint k = 0; got[k] != NULL; k++)
          g_assert_true (g_str_has_prefix (got[k], "stun://") || g_str_has_prefix (got[k], "turn://") ||
                         g_str_has_prefix (got[k], "turns://"));
      }
  }
}

static void
test_resolve_location (void)
{
  static const struct { const char *base; const char *location; const char *expected; } cases[] = {
    { "http://127.0.0.1:8080/whip/endpoint", "/whip/resource/abc", "http://127.0.0.1:8080/whip/resource/abc" },
    { "http://127.0.0.1:8080/whip/endpoint", "resource/1", "http://127.0.0.1:8080/whip/resource/1" },
    { "http://127.0.0.1:8080/whip/endpoint/", "resource/1", "http://127.0.0.1:8080/whip/endpoint/resource/1" },
    { "https://h.example/a/b/c", "../r?id=1", "https://h.example/a/r?id=1" },
    { "https://h.example/whip", "https://other.example/r/1", "https://other.example/r/1" },
    { "https://h.example/whip", "//cdn.example/r", "https://cdn.example/r" },
    { "http://h.example/whip", "HTTP://H.example/x", "http://H.example/x" },
    { "http://h.example/whip", "ftp://h.example/r", NULL },
    { "http://h.example/whip", "javascript:alert(1)", NULL },
    { "http://h.example/whip", "", NULL },
    { "http://h.example/whip", NULL, NULL },
    { "http://h.example/whip", "http://[::1", NULL },
    { "http://h.example/whip", "http://h.example:99999/r", NULL },
    { "not a url", "/r", NULL },
    { NULL, "/r", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = cs_whip_resolve_location (cases[i].base, cases[i].location);

      g_test_message ("%s + %s", cases[i].base, cases[i].location);
      g_assert_cmpstr (got, ==, cases[i].expected);
    }
}

static void
test_ice_server_to_gst (void)
{
  static const struct { const char *uri; const char *expected; gboolean turn; } cases[] = {
    { "stun:stun.l.google.com:19302", "stun://stun.l.google.com:19302", FALSE },
    { "stun://stun.example:3478", "stun://stun.example:3478", FALSE },
    { "STUN:upper.example", "stun://upper.example", FALSE },
    { "turn:user:pass@turn.example:3478", "turn://user:pass@turn.example:3478", TRUE },
    { "turn://user:pass@turn.example:3478?transport=tcp", "turn://user:pass@turn.example:3478?transport=tcp", TRUE },
    { "turns:user:pass@turn.example:5349", "turns://user:pass@turn.example:5349", TRUE },
    { "turns://turn.example", "turns://turn.example", TRUE },
    { "stun:", NULL, FALSE },
    { "stun://", NULL, FALSE },
    { "turn:", NULL, FALSE },
    { "stun:a b", NULL, FALSE },
    { "stuns:x.example", NULL, FALSE },
    { "http://x.example", NULL, FALSE },
    { "x.example:3478", NULL, FALSE },
    { "", NULL, FALSE },
    { NULL, NULL, FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gboolean turn = !cases[i].turn;
      g_autofree char *got = cs_ice_config_server_to_gst (cases[i].uri, &turn);
      g_autofree char *again = cs_ice_config_server_to_gst (cases[i].uri, NULL);

      g_test_message ("%s", cases[i].uri);
      g_assert_cmpstr (got, ==, cases[i].expected);
      g_assert_cmpstr (again, ==, cases[i].expected);
      g_assert_cmpint (turn, ==, cases[i].turn);
    }
}

/* ------------------------------------------------------------------ bounds (cs-net-limits.h) */

static void
test_clip_text (void)
{
  g_autofree char *long_ascii = g_strnfill (300, 'x');
  g_autofree char *exact = g_strnfill (256, 'y');
  g_autoptr(GString) han = g_string_new (NULL);
  g_autofree char *clipped = cs_janus_clip_text (long_ascii, -1, 256);
  g_autofree char *kept = cs_janus_clip_text (exact, -1, 256);
  g_autofree char *han_clipped = NULL;
  g_autofree char *invalid = cs_janus_clip_text ("ab\xff\xc3(cd", -1, 256);
  g_autofree char *controls = cs_janus_clip_text ("Bob\ncallscope: the call failed\x1b[2J\x7f", -1, 256);
  g_autofree char *counted = cs_janus_clip_text ("abcdef\xff", 4, 0);
  g_autofree char *unlimited = cs_janus_clip_text (long_ascii, -1, 0);

  g_assert_null (cs_janus_clip_text (NULL, -1, 10));
  g_assert_cmpint (g_utf8_strlen (clipped, -1), ==, 256);
  g_assert_true (g_str_has_suffix (clipped, "…"));
  g_assert_cmpstr (kept, ==, exact);
  /* three bytes a character: cut on a character boundary, never inside one */
  for (guint i = 0; i < 1000; i++)
    g_string_append (han, "通");
  han_clipped = cs_janus_clip_text (han->str, -1, 256);
  g_assert_true (g_utf8_validate (han_clipped, -1, NULL));
  g_assert_cmpint (g_utf8_strlen (han_clipped, -1), ==, 256);
  g_assert_true (g_str_has_prefix (han_clipped, "通通"));
  g_assert_true (g_utf8_validate (invalid, -1, NULL));
  g_assert_true (g_str_has_prefix (invalid, "ab"));
  g_assert_true (g_str_has_suffix (invalid, "(cd"));
  g_assert_cmpstr (controls, ==, "Bob callscope: the call failed [2J ");
  g_assert_cmpstr (counted, ==, "abcd");
  g_assert_cmpstr (unlimited, ==, long_ascii);
}

/* A 2 MiB display name and reason: the message stands, the text is clipped. */
static void
test_robust_long_text (void)
{
  gsize n = 2 * 1024 * 1024;
  g_autofree char *name = g_strnfill (n, 'N');
  g_autofree char *publishers = g_strdup_printf ("{\"janus\":\"event\",\"plugindata\":{\"data\":{\"videoroom\":\"event\","
                                                 "\"publishers\":[{\"id\":7,\"display\":\"%s\"}]}}}", name);
  g_autofree char *error = g_strdup_printf ("{\"janus\":\"error\",\"error\":{\"code\":458,\"reason\":\"%s\"}}", name);
  g_autofree char *plugin = g_strdup_printf ("{\"janus\":\"event\",\"plugindata\":{\"data\":{\"error_code\":426,"
                                             "\"error\":\"%s\"}}}", name);
  g_autofree char *type = g_strdup_printf ("{\"janus\":\"%s\"}", name);
  g_autoptr(CsJanusMessage) a = parse_ok (publishers);
  g_autoptr(CsJanusMessage) b = parse_ok (error);
  g_autoptr(CsJanusMessage) c = parse_ok (plugin);
  g_autoptr(CsJanusMessage) d = parse_ok (type);
  CsJanusPublisher *p;

  g_assert_cmpuint (a->publishers->len, ==, 1);
  p = g_ptr_array_index (a->publishers, 0);
  g_assert_cmpstr (p->id, ==, "7");
  g_assert_cmpint (g_utf8_strlen (p->display, -1), ==, 256);
  g_assert_cmpint (b->error_code, ==, 458);
  g_assert_cmpint (g_utf8_strlen (b->error_reason, -1), ==, 512);
  g_assert_cmpint (c->plugin_error_code, ==, 426);
  g_assert_cmpint (g_utf8_strlen (c->plugin_error, -1), ==, 512);
  g_assert_cmpint (d->type, ==, CS_JANUS_MSG_UNKNOWN);
  g_assert_cmpint (g_utf8_strlen (d->janus, -1), ==, 64);
}

static void
test_robust_bad_candidates (void)
{
  g_autofree char *pad = g_strnfill (1100, 'c');
  g_autofree char *long_candidate = g_strdup_printf ("{\"janus\":\"trickle\",\"candidate\":{\"candidate\":\"candidate:%s\","
                                                     "\"sdpMLineIndex\":0}}", pad);
  g_autoptr(CsJanusMessage) last = parse_ok ("{\"janus\":\"trickle\",\"candidate\":{\"candidate\":\"candidate:1 1 udp 1 "
                                             "127.0.0.1 9 typ host\",\"sdpMLineIndex\":15}}");

  g_assert_cmpint (last->candidate_mline, ==, 15);
  assert_parse_fails (long_candidate, -1);
  /* an m-line index beyond the m-lines a description may have */
  assert_parse_fails ("{\"janus\":\"trickle\",\"candidate\":{\"candidate\":\"candidate:1 1 udp 1 127.0.0.1 9 typ host\","
                      "\"sdpMLineIndex\":16}}", -1);
  /* an id with a control character would forge a line of the log */
  assert_parse_fails ("{\"janus\":\"event\",\"plugindata\":{\"data\":{\"publishers\":[{\"id\":\"a\\nb\"}]}}}", -1);
}

static void
test_same_origin (void)
{
  static const struct { const char *a; const char *b; gboolean same; } cases[] = {
    { "http://127.0.0.1:8080/whip/endpoint", "http://127.0.0.1:8080/whip/resource/1", TRUE },
    { "https://h.example/whip", "https://H.EXAMPLE:443/r", TRUE },
    { "http://h.example/whip", "http://h.example:80/r", TRUE },
    { "HTTP://h.example/whip", "http://h.example/r?x=1", TRUE },
    { "http://127.0.0.1:8080/whip", "http://127.0.0.1:8081/r", FALSE },
    { "http://127.0.0.1:8080/whip", "http://127.0.0.2:8080/r", FALSE },
    { "https://h.example/whip", "http://h.example/r", FALSE },          /* a downgrade */
    { "https://h.example/whip", "http://h.example:443/r", FALSE },
    { "http://h.example/whip", "https://h.example/r", FALSE },
    { "https://h.example/whip", "https://other.example/r", FALSE },
    { "https://h.example/whip", "https://h.example.evil.example/r", FALSE },
    { "https://h.example/whip", "not a url", FALSE },
    { "https://h.example/whip", NULL, FALSE },
    { NULL, NULL, FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s ~ %s", cases[i].a, cases[i].b);
      g_assert_cmpint (cs_whip_same_origin (cases[i].a, cases[i].b), ==, cases[i].same);
      g_assert_cmpint (cs_whip_same_origin (cases[i].b, cases[i].a), ==, cases[i].same);
    }
}

static GstSDPMessage *
sdp_with (guint n_medias, guint candidates_per_media)
{
  g_autoptr(GString) text = g_string_new ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");
  GstSDPMessage *sdp = NULL;

  for (guint m = 0; m < n_medias; m++)
    {
      g_string_append_printf (text, "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:%u\r\n"
                              "a=rtpmap:111 OPUS/48000/2\r\n", m);
      for (guint c = 0; c < candidates_per_media; c++)
        g_string_append_printf (text, "a=candidate:%u 1 udp 2122260223 127.0.0.1 %u typ host\r\n", c, 10000 + c);
      g_string_append (text, "a=end-of-candidates\r\n");
    }
  g_assert_cmpint (gst_sdp_message_new_from_text (text->str, &sdp), ==, GST_SDP_OK);
  return sdp;
}

static guint
count_candidates (GstSDPMessage *sdp)
{
  guint n = 0;

  for (guint m = 0; m < gst_sdp_message_medias_len (sdp); m++)
    {
      const GstSDPMedia *media = gst_sdp_message_get_media (sdp, m);

      for (guint a = 0; a < gst_sdp_media_attributes_len (media); a++)
        n += g_strcmp0 (gst_sdp_media_get_attribute (media, a)->key, "candidate") == 0;
    }
  return n;
}

static void
test_bound_remote_sdp (void)
{
  GstSDPMessage *sdp;
  guint n, dropped;
  g_autoptr(GError) error = NULL;

  /* 16 m-lines with 4 candidates each: all kept */
  sdp = sdp_with (16, 4);
  n = 0;
  g_assert_true (cs_webrtc_media_bound_remote_sdp (sdp, "The answer", &n, &dropped, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 64);
  g_assert_cmpuint (dropped, ==, 0);
  g_assert_cmpuint (count_candidates (sdp), ==, 64);
  gst_sdp_message_free (sdp);

  /* 100 candidates, 10 taken already (trickled): 54 kept, in order */
  sdp = sdp_with (2, 50);
  n = 10;
  g_assert_true (cs_webrtc_media_bound_remote_sdp (sdp, "The answer", &n, &dropped, NULL));
  g_assert_cmpuint (n, ==, 64);
  g_assert_cmpuint (dropped, ==, 46);
  g_assert_cmpuint (count_candidates (sdp), ==, 54);
  g_assert_cmpuint (gst_sdp_media_attributes_len (gst_sdp_message_get_media (sdp, 1)), ==, 3 + 4);
  gst_sdp_message_free (sdp);

  /* 17 m-lines: refused whole */
  sdp = sdp_with (17, 1);
  n = 0;
  g_assert_false (cs_webrtc_media_bound_remote_sdp (sdp, "The answer from X", &n, NULL, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "The answer from X"));
  g_assert_nonnull (strstr (error->message, "17"));
  g_clear_error (&error);
  gst_sdp_message_free (sdp);

  /* no m-line */
  sdp = sdp_with (0, 0);
  g_assert_false (cs_webrtc_media_bound_remote_sdp (sdp, "The answer", &n, NULL, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_PROTOCOL);
  gst_sdp_message_free (sdp);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/parse/configured", test_parse_configured);
  g_test_add_func ("/janus-protocol/parse/success", test_parse_success);
  g_test_add_func ("/janus-protocol/parse/error", test_parse_error);
  g_test_add_func ("/janus-protocol/parse/simple-types", test_parse_simple_types);
  g_test_add_func ("/janus-protocol/parse/hangup", test_parse_hangup);
  g_test_add_func ("/janus-protocol/parse/trickle", test_parse_trickle);
  g_test_add_func ("/janus-protocol/parse/joined", test_parse_joined);
  g_test_add_func ("/janus-protocol/parse/string-room", test_parse_string_room);
  g_test_add_func ("/janus-protocol/parse/event-publishers", test_parse_event_publishers);
  g_test_add_func ("/janus-protocol/parse/many-publishers", test_parse_many_publishers);
  g_test_add_func ("/janus-protocol/parse/leaving", test_parse_leaving);
  g_test_add_func ("/janus-protocol/parse/plugin-errors", test_parse_plugin_errors);
  g_test_add_func ("/janus-protocol/parse/jsep", test_parse_jsep);
  g_test_add_func ("/janus-protocol/parse/ids", test_parse_ids);
  g_test_add_func ("/janus-protocol/parse/batch", test_parse_batch);
  g_test_add_func ("/janus-protocol/build/session-requests", test_build_session_requests);
  g_test_add_func ("/janus-protocol/build/ids", test_build_ids);
  g_test_add_func ("/janus-protocol/build/message", test_build_message);
  g_test_add_func ("/janus-protocol/build/trickle", test_build_trickle);
  g_test_add_func ("/janus-protocol/build/bodies", test_build_bodies);
  g_test_add_func ("/janus-protocol/transaction-and-room", test_transaction_and_room);
  g_test_add_func ("/janus-protocol/robust/wrong-types", test_robust_wrong_types);
  g_test_add_func ("/janus-protocol/robust/not-objects", test_robust_not_objects);
  g_test_add_func ("/janus-protocol/robust/deep-nesting", test_robust_deep_nesting);
  g_test_add_func ("/janus-protocol/robust/deep-hidden", test_robust_deep_hidden);
  g_test_add_func ("/janus-protocol/robust/huge-numbers", test_robust_huge_numbers);
  g_test_add_func ("/janus-protocol/robust/nul-and-utf8", test_robust_nul_and_utf8);
  g_test_add_func ("/janus-protocol/robust/truncations", test_robust_truncations);
  g_test_add_func ("/janus-protocol/robust/random-mutations", test_robust_random_mutations);
  g_test_add_func ("/janus-protocol/robust/too-large", test_robust_too_large);
  g_test_add_func ("/whip/link-header", test_link_header);
  g_test_add_func ("/whip/resolve-location", test_resolve_location);
  g_test_add_func ("/janus-media/ice-server-to-gst", test_ice_server_to_gst);
  g_test_add_func ("/bounds/clip-text", test_clip_text);
  g_test_add_func ("/bounds/long-text", test_robust_long_text);
  g_test_add_func ("/bounds/bad-candidates", test_robust_bad_candidates);
  g_test_add_func ("/bounds/same-origin", test_same_origin);
  g_test_add_func ("/bounds/remote-sdp", test_bound_remote_sdp);

  return g_test_run ();
}
