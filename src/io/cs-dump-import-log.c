/* cs-dump-import-log.c — a dump's update log as connection samples
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * State changes (under every name Chrome has given them) become connection samples for
 * every user of the connection, which raise and recover CONNECTION_LOST in the model as
 * in a live call; the API calls (descriptions, candidates, failures with their messages)
 * become connection samples with a message, the event log's lines (docs/import.md).
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "cs-dump-import-private.h"
#include "cs-sdp.h"

static gboolean
state_of (const char *value, CsConnectionState *state)
{
  static const struct { const char *name; CsConnectionState state; } states[] = {
    { "new", CS_CONNECTION_STATE_NEW },
    { "checking", CS_CONNECTION_STATE_CONNECTING },
    { "connecting", CS_CONNECTION_STATE_CONNECTING },
    { "connected", CS_CONNECTION_STATE_CONNECTED },
    { "completed", CS_CONNECTION_STATE_CONNECTED },
    { "disconnected", CS_CONNECTION_STATE_DISCONNECTED },
    { "failed", CS_CONNECTION_STATE_FAILED },
    { "closed", CS_CONNECTION_STATE_CLOSED },
  };
  g_autofree char *v = g_strstrip (g_strdup (value != NULL ? value : ""));

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    if (g_ascii_strcasecmp (v, states[i].name) == 0)
      {
        *state = states[i].state;
        return TRUE;
      }
  return FALSE;
}

/* "oniceconnectionstatechange" and "iceConnectionStateChange" are the same event */
static gboolean
type_is (const char *type, const char *name)
{
  if (g_ascii_strncasecmp (type, "on", 2) == 0 && g_ascii_strcasecmp (type + 2, name) == 0)
    return TRUE;
  return g_ascii_strcasecmp (type, name) == 0;
}

static void
add_connection_sample (Import *im, const char *uid, double t, CsConnectionState state, const char *message)
{
  CsStatsSample *s = cs_stats_sample_new ();

  s->t = t;
  s->observer_uid = g_strdup (LOCAL_UID);
  s->peer_uid = g_strdup (uid);
  s->kind = CS_SAMPLE_KIND_CONNECTION;
  s->connection_state = state;
  s->display_name = g_strdup (g_hash_table_lookup (im->names, uid));
  s->message = g_strdup (message);
  g_ptr_array_add (im->samples, s);
}

static gint
by_uid (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Every user of the connection gets its state changes; API calls go to its first user. */
void
_cs_dump_import_log (Import *im)
{
  g_autoptr (GPtrArray) uids = g_ptr_array_new ();
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean has_pc_state = FALSE, had_state = FALSE;
  CsConnectionState current = CS_CONNECTION_STATE_NEW;
  GHashTableIter iter;
  gpointer object, uid;

  g_hash_table_iter_init (&iter, im->user_of);
  while (g_hash_table_iter_next (&iter, &object, &uid))
    if (g_hash_table_add (seen, uid))
      g_ptr_array_add (uids, uid);
  if (uids->len == 0)
    g_ptr_array_add (uids, im->conn_uid);
  g_ptr_array_sort (uids, by_uid);

  for (guint i = 0; i < im->conn->log->len; i++)
    if (type_is (((CsDumpLogEntry *) g_ptr_array_index (im->conn->log, i))->type, "connectionstatechange"))
      has_pc_state = TRUE;

  for (guint i = 0; i < im->conn->log->len; i++)
    {
      CsDumpLogEntry *e = g_ptr_array_index (im->conn->log, i);
      g_autofree char *message = NULL;
      CsConnectionState state;
      guint repeats = 1;
      gboolean with_value;
      double t;

      if (isnan (e->time_ms))
        continue;
      t = _cs_dump_import_second_of (im, e->time_ms);
      if ((has_pc_state ? type_is (e->type, "connectionstatechange") : type_is (e->type, "iceconnectionstatechange")) &&
          state_of (e->value, &state))
        {
          current = state;
          had_state = TRUE;
          for (guint u = 0; u < uids->len; u++)
            add_connection_sample (im, g_ptr_array_index (uids, u), t, state, NULL);
          continue;
        }
      if (type_is (e->type, "close") || type_is (e->type, "stop"))
        {
          current = CS_CONNECTION_STATE_CLOSED;
          for (guint u = 0; u < uids->len; u++)
            add_connection_sample (im, g_ptr_array_index (uids, u), t, current, NULL);
          continue;
        }
      if (uids->len == 0 || current == CS_CONNECTION_STATE_CLOSED)
        continue;
      /* a run of the same call in one second is one line ("addIceCandidate ×4"); not a
       * failure or a change of state, whose values differ */
      with_value = g_str_has_suffix (e->type, "Failure") || g_str_has_suffix (e->type, "Error") ||
                   g_str_has_suffix (e->type, "statechange") || g_str_has_suffix (e->type, "StateChange");
      while (!with_value && i + 1 < im->conn->log->len)
        {
          CsDumpLogEntry *next = g_ptr_array_index (im->conn->log, i + 1);

          if (next->type != e->type || isnan (next->time_ms) || _cs_dump_import_second_of (im, next->time_ms) != t)
            break;
          repeats++;
          i++;
        }
      if (with_value)
        {
          g_autofree char *value = g_strndup (e->value, 200);

          message = *value != '\0' ? g_strdup_printf ("%s: %s", e->type, g_strstrip (value)) : g_strdup (e->type);
        }
      else if (g_str_has_suffix (e->type, "Description"))
        {
          g_autofree char *type = NULL;
          g_autofree char *sdp = cs_sdp_from_description (e->value, &type);

          message = type != NULL ? g_strdup_printf ("%s (%s)", e->type, type) : g_strdup (e->type);
        }
      else if (repeats > 1)
        message = g_strdup_printf ("%s ×%u", e->type, repeats);
      else
        message = g_strdup (e->type);
      add_connection_sample (im, g_ptr_array_index (uids, 0), t, current, message);
    }

  if (had_state)
    return;
  /* a log without state changes: each user joins, connected, with its first media */
  g_hash_table_remove_all (seen);
  g_hash_table_iter_init (&iter, im->user_of);
  while (g_hash_table_iter_next (&iter, &object, &uid))
    if (g_hash_table_add (seen, uid))
      add_connection_sample (im, uid, _cs_dump_import_second_of (im, cs_dump_object_time (object, 0)), CS_CONNECTION_STATE_CONNECTED, NULL);
  if (g_hash_table_size (seen) == 0)
    for (guint i = 0; i < im->conn->objects->len; i++)
      {
        CsDumpObject *o = g_ptr_array_index (im->conn->objects, i);

        if (_cs_dump_import_is_rtp (o, "outbound-rtp"))
          {
            add_connection_sample (im, im->conn_uid, _cs_dump_import_second_of (im, cs_dump_object_time (o, 0)),
                                   CS_CONNECTION_STATE_CONNECTED, NULL);
            break;
          }
      }
}

