/* cs-dump-connections.c — a browser's dump as the connection view shows it (see the header)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pairs and candidates are read at their last point: what the browser said when the dump
 * was made. The selected pair over time is the transports' selectedCandidatePairId; a dump
 * without one (Firefox, old Chrome) gives the pairs that said "selected", else those
 * nominated that succeeded, as cs-dump-import.c does for the RTT.
 */
#include "config.h"

#include "cs-dump-connections.h"

#include <math.h>
#include <string.h>

#include "cs-sdp.h"

typedef struct
{
  double      t;
  const char *pair_id;  /* interned in the dump */
} Change;

static double
seconds (double time_ms, double start_ms)
{
  double t = round ((time_ms - start_ms) / 1000.0);

  return !isnan (t) && t > 0 ? t : 0;
}

static int
last_point (const CsDumpObject *object)
{
  return (int) cs_dump_object_n_points (object) - 1;
}

static gboolean
flag (const CsDumpObject *object, const char *name, guint point)
{
  const char *s = cs_dump_object_string (object, name, point);

  return cs_dump_object_number (object, name, point) == 1 || g_strcmp0 (s, "true") == 0;
}

static guint64
counter (double v)
{
  return !isnan (v) && v > 0 && v < 1.8e19 ? (guint64) v : 0;
}

static char *
dup_string (const CsDumpObject *object, const char *name, guint point)
{
  return g_strdup (cs_dump_object_string (object, name, point));
}

static void
read_candidate (CsDumpConnection *conn, const char *id, CsCandidate *candidate)
{
  CsDumpObject *o = id != NULL ? g_hash_table_lookup (conn->by_id, id) : NULL;
  int p = o != NULL ? last_point (o) : -1;
  double port;

  if (p < 0)
    return;
  candidate->type = cs_candidate_type_from_string (cs_dump_object_string (o, "candidateType", p));
  candidate->protocol = dup_string (o, "protocol", p);
  candidate->address = dup_string (o, "address", p);
  if (candidate->address == NULL)
    candidate->address = dup_string (o, "ip", p);
  port = cs_dump_object_number (o, "port", p);
  candidate->port = !isnan (port) && port > 0 && port <= 65535 ? (guint) port : 0;
  candidate->relay_protocol = dup_string (o, "relayProtocol", p);
  candidate->url = dup_string (o, "url", p);
}

static CsCandidatePair *
read_pair (CsDumpConnection *conn, CsDumpObject *o, double start_ms)
{
  CsCandidatePair *pair = cs_candidate_pair_new (o->id);
  int p = last_point (o);
  double rtt;

  read_candidate (conn, cs_dump_object_string (o, "localCandidateId", p), &pair->local);
  read_candidate (conn, cs_dump_object_string (o, "remoteCandidateId", p), &pair->remote);
  pair->state = dup_string (o, "state", p);
  pair->nominated = flag (o, "nominated", p);
  rtt = cs_dump_object_number (o, "currentRoundTripTime", p);
  pair->rtt_ms = !isnan (rtt) && rtt >= 0 ? rtt * 1000 : -1;
  pair->bytes_sent = counter (cs_dump_object_number (o, "bytesSent", p));
  pair->bytes_received = counter (cs_dump_object_number (o, "bytesReceived", p));
  pair->first_seen = seconds (cs_dump_object_time (o, 0), start_ms);
  pair->last_seen = seconds (cs_dump_object_time (o, p), start_ms);
  return pair;
}

static gint
by_t (gconstpointer a, gconstpointer b)
{
  const Change *x = a, *y = b;

  return (x->t > y->t) - (x->t < y->t);
}

/* The transports' selectedCandidatePairId, point by point; else the pairs' own word. */
static void
read_selected (CsDumpConnection *conn, CsConnectionInfo *info, double start_ms)
{
  g_autoptr (GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));
  gboolean any_selected = FALSE;

  for (guint i = 0; i < conn->objects->len && changes->len == 0; i++)
    {
      CsDumpObject *o = g_ptr_array_index (conn->objects, i);

      if (strcmp (o->type, "transport") != 0 || g_hash_table_lookup (o->series, "selectedCandidatePairId") == NULL)
        continue;
      /* the first transport that says (one with BUNDLE) */
      for (guint p = 0; p < cs_dump_object_n_points (o); p++)
        {
          Change c = { seconds (cs_dump_object_time (o, p), start_ms), cs_dump_object_string (o, "selectedCandidatePairId", p) };

          if (c.pair_id != NULL && *c.pair_id == '\0')
            c.pair_id = NULL;
          g_array_append_val (changes, c);
        }
    }
  if (changes->len == 0)
    {
      for (guint i = 0; i < conn->objects->len; i++)
        {
          CsDumpObject *o = g_ptr_array_index (conn->objects, i);

          if (strcmp (o->type, "candidate-pair") == 0 && g_hash_table_lookup (o->series, "selected") != NULL)
            any_selected = TRUE;
        }
      for (guint i = 0; i < conn->objects->len; i++)
        {
          CsDumpObject *o = g_ptr_array_index (conn->objects, i);

          if (strcmp (o->type, "candidate-pair") != 0)
            continue;
          for (guint p = 0; p < cs_dump_object_n_points (o); p++)
            if (any_selected ? flag (o, "selected", p)
                : flag (o, "nominated", p) && g_strcmp0 (cs_dump_object_string (o, "state", p), "succeeded") == 0)
              {
                Change c = { seconds (cs_dump_object_time (o, p), start_ms), o->id };

                g_array_append_val (changes, c);
              }
        }
      g_array_sort (changes, by_t);  /* stable: a pair that says so at the same time keeps its order */
    }
  for (guint i = 0; i < changes->len; i++)
    {
      Change *c = &g_array_index (changes, Change, i);

      cs_connection_info_add_selected (info, c->t, c->pair_id);
    }
}

static void
read_descriptions (CsDumpConnection *conn, CsConnectionInfo *info, double start_ms)
{
  for (guint i = 0; i < conn->log->len; i++)
    {
      CsDumpLogEntry *e = g_ptr_array_index (conn->log, i);
      gboolean local = g_ascii_strcasecmp (e->type, "setLocalDescription") == 0;
      g_autofree char *type = NULL;
      g_autofree char *sdp = NULL;

      if (!local && g_ascii_strcasecmp (e->type, "setRemoteDescription") != 0)
        continue;
      sdp = cs_sdp_from_description (e->value, &type);
      if (sdp == NULL)
        continue;
      cs_connection_info_add_description (info, seconds (e->time_ms, start_ms),
                                          local ? CS_DESCRIPTION_LOCAL : CS_DESCRIPTION_REMOTE, type, sdp);
    }
}

GPtrArray *
cs_dump_connections (CsDump *dump, double start_ms)
{
  GPtrArray *infos = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (dump != NULL, infos);

  for (guint c = 0; c < dump->connections->len; c++)
    {
      CsDumpConnection *conn = g_ptr_array_index (dump->connections, c);
      g_autoptr (CsConnectionInfo) info = cs_connection_info_new (conn->key, conn->key, NULL);

      for (guint i = 0; i < conn->objects->len; i++)
        {
          CsDumpObject *o = g_ptr_array_index (conn->objects, i);

          if (strcmp (o->type, "candidate-pair") == 0 && last_point (o) >= 0)
            cs_connection_info_add_pair (info, read_pair (conn, o, start_ms));
        }
      read_selected (conn, info, start_ms);
      read_descriptions (conn, info, start_ms);
      if (!cs_connection_info_is_empty (info))
        g_ptr_array_add (infos, g_steal_pointer (&info));
    }
  return infos;
}
