/* fuzz-janus-message.c — what a Janus server sends, through cs_janus_message_parse () and _parse_batch ()
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is one WebSocket text frame or HTTP body, as received (not NUL-terminated).
 * A message the parser accepts keeps the header's promises: a "janus" type, UTF-8 strings,
 * non-empty ids, a publisher list, a JSEP offer or answer with an SDP, a trickle candidate
 * with an m-line index from 0 to 64.
 */
#include "config.h"

#include <string.h>

#include "cs-janus-protocol.h"
#include "fuzz-common.h"

static void
check_string (const char *str)
{
  cs_fuzz_check (str == NULL || g_utf8_validate (str, -1, NULL));
}

static void
check_id (const char *id)
{
  cs_fuzz_check (id == NULL || (*id != '\0' && g_utf8_validate (id, -1, NULL)));
}

static void
check_message (const CsJanusMessage *msg)
{
  cs_fuzz_check (msg->janus != NULL);
  check_string (msg->janus);
  check_string (msg->transaction);
  check_id (msg->session_id);
  check_id (msg->sender);
  check_id (msg->data_id);
  check_string (msg->error_reason);
  check_string (msg->videoroom);
  check_id (msg->room);
  check_id (msg->id);
  check_id (msg->private_id);
  check_id (msg->leaving);
  check_id (msg->unpublished);
  check_string (msg->plugin_error);
  cs_fuzz_check (msg->plugin_error_code >= 0);
  cs_fuzz_check (msg->plugin_error == NULL || msg->plugin_error_code > 0);
  cs_fuzz_check ((msg->type == CS_JANUS_MSG_SUCCESS) == (strcmp (msg->janus, "success") == 0));
  cs_fuzz_check ((msg->type == CS_JANUS_MSG_ERROR) == (strcmp (msg->janus, "error") == 0));
  cs_fuzz_check ((msg->type == CS_JANUS_MSG_TRICKLE) == (strcmp (msg->janus, "trickle") == 0));

  cs_fuzz_check (msg->publishers != NULL);
  cs_fuzz_check (msg->publishers->len == 0 || msg->has_plugin_data);
  for (guint i = 0; i < msg->publishers->len; i++)
    {
      const CsJanusPublisher *p = g_ptr_array_index (msg->publishers, i);

      cs_fuzz_check (p != NULL && p->id != NULL);
      check_id (p->id);
      check_string (p->display);
    }

  cs_fuzz_check ((msg->jsep_type == NULL) == (msg->jsep_sdp == NULL));
  if (msg->jsep_type != NULL)
    cs_fuzz_check (strcmp (msg->jsep_type, "offer") == 0 || strcmp (msg->jsep_type, "answer") == 0);
  check_string (msg->jsep_sdp);

  if (msg->type == CS_JANUS_MSG_TRICKLE && !msg->trickle_completed)
    {
      cs_fuzz_check (msg->candidate != NULL);
      check_string (msg->candidate);
      cs_fuzz_check (msg->candidate_mline >= 0 && msg->candidate_mline <= 64);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (CsJanusMessage) msg = NULL;
  g_autoptr (GPtrArray) batch = NULL;
  g_autoptr (GError) error = NULL;
  guint n_invalid = 0;

  cs_fuzz_init ();
  msg = cs_janus_message_parse ((const char *) data, (gssize) size, &error);
  if (msg != NULL)
    {
      cs_fuzz_check (error == NULL);
      check_message (msg);
    }
  else
    {
      cs_fuzz_check (error != NULL && error->message != NULL);
      cs_fuzz_check_utf8 (error->message);
    }
  g_clear_error (&error);

  batch = cs_janus_message_parse_batch ((const char *) data, (gssize) size, &n_invalid, &error);
  if (batch != NULL)
    {
      cs_fuzz_check (error == NULL);
      for (guint i = 0; i < batch->len; i++)
        check_message (g_ptr_array_index (batch, i));
      /* A single object reads the same either way. */
      if (msg != NULL)
        cs_fuzz_check (batch->len == 1 && n_invalid == 0);
    }
  else
    {
      cs_fuzz_check (error != NULL && error->message != NULL);
      cs_fuzz_check_utf8 (error->message);
      cs_fuzz_check (msg == NULL);
    }
  return 0;
}
