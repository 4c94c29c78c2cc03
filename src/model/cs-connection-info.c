/* cs-connection-info.c — one peer connection as the connection view shows it (see the header)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-connection-info.h"

#include <gio/gio.h>
#include <string.h>

struct _CsConnectionInfo
{
  GObject    parent_instance;

  char      *key;
  char      *uid;
  char      *label;
  GPtrArray *pairs;         /* CsCandidatePair* */
  GArray    *selected;      /* CsSelectedPair */
  GPtrArray *descriptions;  /* CsDescription* */
};

G_DEFINE_FINAL_TYPE (CsConnectionInfo, cs_connection_info, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_KEY,
  PROP_UID,
  PROP_LABEL,
  N_PROPS
};

enum { SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static GParamSpec *properties[N_PROPS];

/* ---- candidates and pairs --------------------------------------------------------- */

static void
candidate_copy (CsCandidate *to, const CsCandidate *from)
{
  to->type = from->type;
  to->protocol = g_strdup (from->protocol);
  to->address = g_strdup (from->address);
  to->port = from->port;
  to->relay_protocol = g_strdup (from->relay_protocol);
  to->url = g_strdup (from->url);
}

static void
candidate_clear (CsCandidate *candidate)
{
  g_clear_pointer (&candidate->protocol, g_free);
  g_clear_pointer (&candidate->address, g_free);
  g_clear_pointer (&candidate->relay_protocol, g_free);
  g_clear_pointer (&candidate->url, g_free);
}

CsCandidatePair *
cs_candidate_pair_new (const char *id)
{
  CsCandidatePair *self = g_new0 (CsCandidatePair, 1);

  self->id = g_strdup (id != NULL ? id : "");
  self->rtt_ms = -1;
  return self;
}

CsCandidatePair *
cs_candidate_pair_copy (const CsCandidatePair *self)
{
  CsCandidatePair *copy;

  g_return_val_if_fail (self != NULL, NULL);
  copy = g_memdup2 (self, sizeof *self);
  copy->id = g_strdup (self->id);
  copy->state = g_strdup (self->state);
  candidate_copy (&copy->local, &self->local);
  candidate_copy (&copy->remote, &self->remote);
  return copy;
}

void
cs_candidate_pair_free (CsCandidatePair *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->state);
  candidate_clear (&self->local);
  candidate_clear (&self->remote);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (CsCandidatePair, cs_candidate_pair, cs_candidate_pair_copy, cs_candidate_pair_free)

static const char * const type_names[] = { "", "host", "srflx", "prflx", "relay" };

const char *
cs_candidate_type_to_string (CsCandidateType type)
{
  return (guint) type < G_N_ELEMENTS (type_names) ? type_names[type] : "";
}

CsCandidateType
cs_candidate_type_from_string (const char *name)
{
  if (name == NULL)
    return CS_CANDIDATE_TYPE_UNKNOWN;
  for (guint i = 1; i < G_N_ELEMENTS (type_names); i++)
    if (g_ascii_strcasecmp (name, type_names[i]) == 0)
      return (CsCandidateType) i;
  /* GstWebRTCICECandidateType's nicks */
  if (g_ascii_strcasecmp (name, "server-reflexive") == 0)
    return CS_CANDIDATE_TYPE_SRFLX;
  if (g_ascii_strcasecmp (name, "peer-reflexive") == 0)
    return CS_CANDIDATE_TYPE_PRFLX;
  return CS_CANDIDATE_TYPE_UNKNOWN;
}

char *
cs_anonymise_address (const char *address, CsCandidateType type)
{
  g_autoptr (GInetAddress) inet = NULL;

  if (address == NULL)
    return NULL;
  if (type == CS_CANDIDATE_TYPE_RELAY || (inet = g_inet_address_new_from_string (address)) == NULL)
    return g_strdup (address);   /* a relay, an mDNS name ("….local"), another name */
  if (g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV4)
    {
      g_auto (GStrv) parts = g_strsplit (address, ".", 4);

      return g_strdup_printf ("%s.%s.x.x", parts[0], parts[1]);
    }
  else
    {
      /* the first two groups, as written, up to a "::" */
      g_auto (GStrv) groups = g_strsplit (address, ":", 3);
      GString *out = g_string_new (NULL);

      for (guint i = 0; i < 2 && groups[i] != NULL && *groups[i] != '\0'; i++)
        g_string_append_printf (out, "%s:", groups[i]);
      g_string_append (out, "…");
      return g_string_free (out, FALSE);
    }
}

static void
anonymise_line (GString *out, const char *line)
{
  g_auto (GStrv) tokens = g_strsplit (line, " ", -1);
  gboolean candidate = g_str_has_prefix (line, "a=candidate:");
  gboolean relay = candidate && strstr (line, " typ relay") != NULL;

  for (guint i = 0; tokens[i] != NULL; i++)
    {
      /* a=candidate:<foundation> <component> <transport> <priority> <address> <port> typ … */
      CsCandidateType type = relay && i == 4 ? CS_CANDIDATE_TYPE_RELAY : CS_CANDIDATE_TYPE_HOST;
      g_autofree char *token = cs_anonymise_address (tokens[i], type);

      if (i > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, token);
    }
}

char *
cs_anonymise_sdp (const char *sdp)
{
  GString *out;
  const char *p;

  if (sdp == NULL)
    return NULL;
  out = g_string_sized_new (strlen (sdp));
  for (p = sdp; *p != '\0';)
    {
      const char *end = p + strcspn (p, "\r\n");
      g_autofree char *line = g_strndup (p, end - p);

      anonymise_line (out, line);
      p = end + strspn (end, "\r\n");
      g_string_append_len (out, end, p - end);
    }
  return g_string_free (out, FALSE);
}

char *
cs_candidate_describe (const CsCandidate *candidate, gboolean anonymise)
{
  g_autofree char *address = NULL;
  GString *out;
  const char *type;

  g_return_val_if_fail (candidate != NULL, NULL);
  type = cs_candidate_type_to_string (candidate->type);
  address = anonymise ? cs_anonymise_address (candidate->address, candidate->type) : g_strdup (candidate->address);
  out = g_string_new (*type != '\0' ? type : "?");
  g_string_append_printf (out, " %s ", candidate->protocol != NULL ? candidate->protocol : "?");
  /* an IPv6 address with a port is written in brackets */
  if (address != NULL && strchr (address, ':') != NULL && candidate->port != 0)
    g_string_append_printf (out, "[%s]", address);
  else
    g_string_append (out, address != NULL ? address : "?");
  if (candidate->port != 0)
    g_string_append_printf (out, ":%u", candidate->port);
  if (candidate->type == CS_CANDIDATE_TYPE_RELAY && candidate->relay_protocol != NULL)
    g_string_append_printf (out, " (%s/%s)", g_ascii_strcasecmp (candidate->relay_protocol, "tls") == 0 ? "turns" : "turn",
                            candidate->relay_protocol);
  return g_string_free (out, FALSE);
}

/* ---- the connection --------------------------------------------------------------- */

static void
description_free (CsDescription *description)
{
  g_free (description->type);
  g_free (description->sdp);
  g_free (description);
}

static void
selected_clear (CsSelectedPair *selected)
{
  g_clear_pointer (&selected->pair_id, g_free);
}

static void
cs_connection_info_finalize (GObject *object)
{
  CsConnectionInfo *self = CS_CONNECTION_INFO (object);

  g_free (self->key);
  g_free (self->uid);
  g_free (self->label);
  g_ptr_array_unref (self->pairs);
  g_array_unref (self->selected);
  g_ptr_array_unref (self->descriptions);
  G_OBJECT_CLASS (cs_connection_info_parent_class)->finalize (object);
}

static void
cs_connection_info_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CsConnectionInfo *self = CS_CONNECTION_INFO (object);

  switch (prop_id)
    {
    case PROP_KEY:
      g_value_set_string (value, self->key);
      break;
    case PROP_UID:
      g_value_set_string (value, self->uid);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_connection_info_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  CsConnectionInfo *self = CS_CONNECTION_INFO (object);

  switch (prop_id)
    {
    case PROP_KEY:
      g_free (self->key);
      self->key = g_value_dup_string (value);
      break;
    case PROP_UID:
      g_free (self->uid);
      self->uid = g_value_dup_string (value);
      break;
    case PROP_LABEL:
      g_free (self->label);
      self->label = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_connection_info_constructed (GObject *object)
{
  CsConnectionInfo *self = CS_CONNECTION_INFO (object);

  G_OBJECT_CLASS (cs_connection_info_parent_class)->constructed (object);
  if (self->key == NULL)
    self->key = g_strdup ("");
  if (self->uid == NULL)
    self->uid = g_strdup (self->key);
  if (self->label == NULL)
    self->label = g_strdup_printf ("Peer %s", self->key);
}

static void
cs_connection_info_class_init (CsConnectionInfoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = cs_connection_info_finalize;
  object_class->get_property = cs_connection_info_get_property;
  object_class->set_property = cs_connection_info_set_property;
  object_class->constructed = cs_connection_info_constructed;

  properties[PROP_KEY] = g_param_spec_string ("key", NULL, NULL, NULL, flags);
  properties[PROP_UID] = g_param_spec_string ("uid", NULL, NULL, NULL, flags);
  properties[PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                          NULL, G_TYPE_NONE, 0);
}

static gboolean
same_candidate (const CsCandidate *a, const CsCandidate *b)
{
  return a->type == b->type && a->port == b->port && g_strcmp0 (a->protocol, b->protocol) == 0 &&
         g_strcmp0 (a->address, b->address) == 0 && g_strcmp0 (a->relay_protocol, b->relay_protocol) == 0;
}

static void
cs_connection_info_init (CsConnectionInfo *self)
{
  self->pairs = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_candidate_pair_free);
  self->selected = g_array_new (FALSE, TRUE, sizeof (CsSelectedPair));
  g_array_set_clear_func (self->selected, (GDestroyNotify) selected_clear);
  self->descriptions = g_ptr_array_new_with_free_func ((GDestroyNotify) description_free);
}

CsConnectionInfo *
cs_connection_info_new (const char *key, const char *uid, const char *label)
{
  return g_object_new (CS_TYPE_CONNECTION_INFO, "key", key, "uid", uid, "label", label, NULL);
}

const char *
cs_connection_info_get_key (CsConnectionInfo *self)
{
  g_return_val_if_fail (CS_IS_CONNECTION_INFO (self), NULL);
  return self->key;
}

const char *
cs_connection_info_get_uid (CsConnectionInfo *self)
{
  g_return_val_if_fail (CS_IS_CONNECTION_INFO (self), NULL);
  return self->uid;
}

const char *
cs_connection_info_get_label (CsConnectionInfo *self)
{
  g_return_val_if_fail (CS_IS_CONNECTION_INFO (self), NULL);
  return self->label;
}

void
cs_connection_info_add_pair (CsConnectionInfo *self, CsCandidatePair *pair)
{
  g_return_if_fail (CS_IS_CONNECTION_INFO (self));
  g_return_if_fail (pair != NULL);

  for (guint i = 0; i < self->pairs->len; i++)
    {
      CsCandidatePair *old = g_ptr_array_index (self->pairs, i);
      gboolean changed;

      if (g_strcmp0 (old->id, pair->id) != 0)
        continue;
      /* seen again: since it was first seen */
      pair->first_seen = MIN (pair->first_seen, old->first_seen);
      changed = !same_candidate (&old->local, &pair->local) || !same_candidate (&old->remote, &pair->remote) ||
                g_strcmp0 (old->state, pair->state) != 0 || old->nominated != pair->nominated;
      cs_candidate_pair_free (old);
      g_ptr_array_index (self->pairs, i) = pair;
      if (changed)
        g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
      return;
    }
  g_ptr_array_add (self->pairs, pair);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

GPtrArray *
cs_connection_info_get_pairs (CsConnectionInfo *self)
{
  g_return_val_if_fail (CS_IS_CONNECTION_INFO (self), NULL);
  return self->pairs;
}

const CsCandidatePair *
cs_connection_info_lookup_pair (CsConnectionInfo *self, const char *id)
{
  g_return_val_if_fail (CS_IS_CONNECTION_INFO (self), NULL);

  for (guint i = 0; id != NULL && i < self->pairs->len; i++)
    {
      CsCandidatePair *pair = g_ptr_array_index (self->pairs, i);

      if (strcmp (pair->id, id) == 0)
        return pair;
    }
  return NULL;
}

void
cs_connection_info_add_selected (CsConnectionInfo *self, double t, const char *pair_id)
{
  CsSelectedPair change = { t, NULL };

  g_return_if_fail (CS_IS_CONNECTION_INFO (self));
  if (self->selected->len == 0 ? pair_id == NULL
      : g_strcmp0 (g_array_index (self->selected, CsSelectedPair, self->selected->len - 1).pair_id, pair_id) == 0)
    return;
  change.pair_id = g_strdup (pair_id);
  g_array_append_val (self->selected, change);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

GArray *
cs_connection_info_get_selected (CsConnectionInfo *self)
{
  g_return_val_if_fail (CS_IS_CONNECTION_INFO (self), NULL);
  return self->selected;
}

const char *
cs_connection_info_get_selected_pair_id (CsConnectionInfo *self)
{
  g_return_val_if_fail (CS_IS_CONNECTION_INFO (self), NULL);
  return self->selected->len > 0 ? g_array_index (self->selected, CsSelectedPair, self->selected->len - 1).pair_id : NULL;
}

void
cs_connection_info_add_description (CsConnectionInfo *self, double t, CsDescriptionSide side,
                                    const char *type, const char *sdp)
{
  CsDescription *description;

  g_return_if_fail (CS_IS_CONNECTION_INFO (self));
  description = g_new0 (CsDescription, 1);
  description->t = t;
  description->side = side;
  description->type = g_strdup (type);
  description->sdp = g_strdup (sdp != NULL ? sdp : "");
  g_ptr_array_add (self->descriptions, description);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

GPtrArray *
cs_connection_info_get_descriptions (CsConnectionInfo *self)
{
  g_return_val_if_fail (CS_IS_CONNECTION_INFO (self), NULL);
  return self->descriptions;
}

gboolean
cs_connection_info_is_empty (CsConnectionInfo *self)
{
  g_return_val_if_fail (CS_IS_CONNECTION_INFO (self), TRUE);
  return self->pairs->len == 0 && self->selected->len == 0 && self->descriptions->len == 0;
}
