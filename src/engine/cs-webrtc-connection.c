/* cs-webrtc-connection.c — what webrtcbin says about its connection (see cs-webrtc-connection.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-webrtc-connection.h"

#include <gst/webrtc/webrtc.h>
#include <string.h>

static char *
dup_string (const GstStructure *s, const char *name)
{
  const char *v = s != NULL ? gst_structure_get_string (s, name) : NULL;

  return v != NULL && *v != '\0' ? g_strndup (v, 256) : NULL;
}

static void
fill_candidate (CsCandidate *c, const GstStructure *s)
{
  g_autofree char *type = NULL;
  guint port = 0;

  if (s == NULL)
    return;
  type = dup_string (s, "candidate-type");
  c->type = cs_candidate_type_from_string (type);
  c->protocol = dup_string (s, "protocol");
  c->address = dup_string (s, "address");
  if (gst_structure_get_uint (s, "port", &port))
    c->port = port;
  c->relay_protocol = dup_string (s, "relay-protocol");
  c->url = dup_string (s, "url");
}

/* The entry @id of @stats, or NULL. */
static const GstStructure *
entry (const GstStructure *stats, const char *id)
{
  const GValue *v = id != NULL ? gst_structure_get_value (stats, id) : NULL;

  return v != NULL && GST_VALUE_HOLDS_STRUCTURE (v) ? gst_value_get_structure (v) : NULL;
}

typedef struct
{
  const GstStructure *stats;
  double              t;
  GPtrArray          *pairs;
  char               *selected;
} Collect;

static gboolean
collect (GQuark field, const GValue *value, gpointer user_data)
{
  Collect *c = user_data;
  const GstStructure *s;
  GstWebRTCStatsType type = 0;

  if (!GST_VALUE_HOLDS_STRUCTURE (value))
    return TRUE;
  s = gst_value_get_structure (value);
  if (!gst_structure_get_enum (s, "type", GST_TYPE_WEBRTC_STATS_TYPE, (int *) &type))
    return TRUE;
  if (type == GST_WEBRTC_STATS_TRANSPORT && c->selected == NULL)
    c->selected = dup_string (s, "selected-candidate-pair-id");
  else if (type == GST_WEBRTC_STATS_CANDIDATE_PAIR && c->pairs->len < 64)
    {
      CsCandidatePair *pair = cs_candidate_pair_new (g_quark_to_string (field));
      g_autofree char *local_id = dup_string (s, "local-candidate-id");
      g_autofree char *remote_id = dup_string (s, "remote-candidate-id");

      fill_candidate (&pair->local, entry (c->stats, local_id));
      fill_candidate (&pair->remote, entry (c->stats, remote_id));
      pair->first_seen = pair->last_seen = c->t;
      g_ptr_array_add (c->pairs, pair);
    }
  return TRUE;
}

static gint
by_id (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 ((*(CsCandidatePair * const *) a)->id, (*(CsCandidatePair * const *) b)->id);
}

GPtrArray *
cs_webrtc_connection_pairs (const GstStructure *stats, double t, char **selected_id)
{
  Collect c = { stats, t, g_ptr_array_new_with_free_func ((GDestroyNotify) cs_candidate_pair_free), NULL };

  if (stats != NULL)
    gst_structure_foreach (stats, collect, &c);
  g_ptr_array_sort (c.pairs, by_id);
  if (selected_id != NULL)
    *selected_id = g_steal_pointer (&c.selected);
  g_free (c.selected);
  return c.pairs;
}

static const char *
type_name (GstWebRTCSDPType type)
{
  switch (type)
    {
    case GST_WEBRTC_SDP_TYPE_OFFER:
      return "offer";
    case GST_WEBRTC_SDP_TYPE_PRANSWER:
      return "pranswer";
    case GST_WEBRTC_SDP_TYPE_ANSWER:
      return "answer";
    case GST_WEBRTC_SDP_TYPE_ROLLBACK:
      return "rollback";
    default:
      return NULL;
    }
}

/* The SDP of the last description of @side in @info, or NULL. */
static const char *
last_sdp (CsConnectionInfo *info, CsDescriptionSide side)
{
  GPtrArray *descriptions = cs_connection_info_get_descriptions (info);

  for (guint i = descriptions->len; i > 0; i--)
    {
      CsDescription *d = g_ptr_array_index (descriptions, i - 1);

      if (d->side == side)
        return d->sdp;
    }
  return NULL;
}

static void
update_side (CsConnectionInfo *info, GstElement *webrtcbin, const char *property, CsDescriptionSide side, double t)
{
  GstWebRTCSessionDescription *description = NULL;
  g_autofree char *text = NULL;

  g_object_get (webrtcbin, property, &description, NULL);
  if (description == NULL)
    return;
  if (description->sdp != NULL)
    text = gst_sdp_message_as_text (description->sdp);
  if (text != NULL && g_strcmp0 (text, last_sdp (info, side)) != 0)
    cs_connection_info_add_description (info, t, side, type_name (description->type), text);
  gst_webrtc_session_description_free (description);
}

void
cs_webrtc_connection_update_descriptions (CsConnectionInfo *info, GstElement *webrtcbin, double t)
{
  g_return_if_fail (CS_IS_CONNECTION_INFO (info));
  g_return_if_fail (GST_IS_ELEMENT (webrtcbin));

  update_side (info, webrtcbin, "local-description", CS_DESCRIPTION_LOCAL, t);
  update_side (info, webrtcbin, "remote-description", CS_DESCRIPTION_REMOTE, t);
}
