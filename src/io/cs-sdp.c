/* cs-sdp.c — the parts of a session description that say who sends what (see cs-sdp.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-sdp.h"

#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>

#include "cs-json-check.h"

static void
media_free (gpointer data)
{
  CsSdpMedia *m = data;

  g_free (m->kind);
  g_free (m->mid);
  g_free (m->stream_id);
  g_free (m->track_id);
  g_free (m->direction);
  g_free (m->text);
  g_array_unref (m->ssrcs);
  g_ptr_array_unref (m->codecs);
  g_free (m);
}

void
cs_sdp_free (CsSdp *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->media);
  g_free (self);
}

static gboolean
parse_uint (const char *text, guint64 max, guint64 *out)
{
  char *end = NULL;
  guint64 v;

  if (!g_ascii_isdigit (*text))
    return FALSE;
  v = g_ascii_strtoull (text, &end, 10);
  if (v > max)
    return FALSE;
  *out = v;
  return TRUE;
}

static void
set_msid (CsSdpMedia *m, const char *stream, const char *track)
{
  if (m->stream_id != NULL)
    return;
  if (stream != NULL && *stream != '\0' && strcmp (stream, "-") != 0)
    m->stream_id = g_strdup (stream);
  if (track != NULL && *track != '\0')
    m->track_id = g_strdup (track);
}

static void
add_ssrc (CsSdpMedia *m, guint32 ssrc)
{
  for (guint i = 0; i < m->ssrcs->len; i++)
    if (g_array_index (m->ssrcs, guint32, i) == ssrc)
      return;
  if (m->ssrcs->len < CS_SDP_MAX_SSRCS)
    g_array_append_val (m->ssrcs, ssrc);
}

/* a=rtpmap:<pt> <name>/<rate>: the name goes where <pt> stands in the m-line */
static void
set_codec (CsSdpMedia *m, GArray *pts, const char *rest)
{
  guint64 pt;
  const char *space = strchr (rest, ' ');
  g_autofree char *name = NULL;
  const char *slash;

  if (space == NULL || !parse_uint (rest, 127, &pt))
    return;
  slash = strchr (space + 1, '/');
  name = slash != NULL ? g_strndup (space + 1, slash - space - 1) : g_strdup (space + 1);
  g_strstrip (name);
  for (guint i = 0; i < pts->len && i < m->codecs->len; i++)
    if (g_array_index (pts, guint, i) == pt && g_ptr_array_index (m->codecs, i) == NULL)
      {
        g_ptr_array_index (m->codecs, i) = g_strndup (name, 32);
        return;
      }
}

static void
parse_line (CsSdp *sdp, CsSdpMedia **current, GArray *pts, char *line)
{
  CsSdpMedia *m = *current;
  guint64 v;

  if (g_str_has_prefix (line, "m="))
    {
      g_auto (GStrv) parts = g_strsplit (line + 2, " ", CS_SDP_MAX_CODECS + 4);

      *current = NULL;
      if (sdp->media->len >= CS_SDP_MAX_SECTIONS || g_strv_length (parts) < 3)
        return;
      m = g_new0 (CsSdpMedia, 1);
      m->kind = g_strndup (parts[0], 32);
      m->ssrcs = g_array_new (FALSE, FALSE, sizeof (guint32));
      m->codecs = g_ptr_array_new_with_free_func (g_free);
      if (parse_uint (parts[1], 65535, &v))
        m->port = (guint) v;
      g_array_set_size (pts, 0);
      for (guint i = 3; parts[i] != NULL && m->codecs->len < CS_SDP_MAX_CODECS; i++)
        if (parse_uint (parts[i], 127, &v))
          {
            guint pt = (guint) v;

            g_array_append_val (pts, pt);
            g_ptr_array_add (m->codecs, NULL);
          }
      g_ptr_array_add (sdp->media, m);
      *current = m;
      return;
    }
  if (m == NULL || !g_str_has_prefix (line, "a="))
    return;
  line += 2;
  if (g_str_has_prefix (line, "mid:") && m->mid == NULL)
    m->mid = g_strndup (line + 4, 64);
  else if (g_str_has_prefix (line, "msid:"))
    {
      g_auto (GStrv) parts = g_strsplit (line + 5, " ", 3);

      set_msid (m, parts[0], parts[0] != NULL ? parts[1] : NULL);
    }
  else if (g_str_has_prefix (line, "ssrc:") && parse_uint (line + 5, G_MAXUINT32, &v))
    {
      const char *attr = strchr (line, ' ');

      add_ssrc (m, (guint32) v);
      if (attr != NULL && g_str_has_prefix (attr + 1, "msid:"))
        {
          g_auto (GStrv) parts = g_strsplit (attr + 6, " ", 3);

          set_msid (m, parts[0], parts[0] != NULL ? parts[1] : NULL);
        }
    }
  else if (g_str_has_prefix (line, "rtpmap:"))
    set_codec (m, pts, line + 7);
  else if (strcmp (line, "sendrecv") == 0 || strcmp (line, "sendonly") == 0 ||
           strcmp (line, "recvonly") == 0 || strcmp (line, "inactive") == 0)
    {
      g_free (m->direction);
      m->direction = g_strdup (line);
    }
}

CsSdp *
cs_sdp_parse (const char *text)
{
  CsSdp *sdp = g_new0 (CsSdp, 1);
  g_autoptr (GArray) pts = g_array_new (FALSE, FALSE, sizeof (guint));
  CsSdpMedia *current = NULL, *owner = NULL;
  GString *lines = g_string_new (NULL);   /* @owner's lines so far */
  const char *p = text != NULL ? text : "";

  sdp->media = g_ptr_array_new_with_free_func (media_free);
  while (*p != '\0')
    {
      const char *nl = strchr (p, '\n');
      gsize len = nl != NULL ? (gsize) (nl - p) : strlen (p);
      g_autofree char *line = NULL;

      if (len > 0 && len < 4096)
        {
          line = g_strndup (p, len);
          g_strchomp (line);
          parse_line (sdp, &current, pts, line);
          if (current != owner)
            {
              if (owner != NULL)
                owner->text = g_strdup (lines->str);
              g_string_truncate (lines, 0);
              owner = current;
            }
          if (current != NULL)
            g_string_append_printf (lines, "%s\n", line);
        }
      if (nl == NULL)
        break;
      p = nl + 1;
    }
  if (owner != NULL)
    owner->text = g_strdup (lines->str);
  g_string_free (lines, TRUE);
  /* codecs whose rtpmap was missing: their payload type stays unnamed */
  for (guint i = 0; i < sdp->media->len; i++)
    {
      CsSdpMedia *m = g_ptr_array_index (sdp->media, i);

      for (guint j = 0; j < m->codecs->len; j++)
        if (g_ptr_array_index (m->codecs, j) == NULL)
          g_ptr_array_index (m->codecs, j) = g_strdup ("");
    }
  return sdp;
}

char *
cs_sdp_from_description (const char *value, char **type)
{
  const char *sdp;

  if (type != NULL)
    *type = NULL;
  if (value == NULL)
    return NULL;
  while (g_ascii_isspace (*value))
    value++;
  if (*value == '{')
    {
      g_autoptr (JsonParser) parser = json_parser_new ();
      g_autofree char *repaired = NULL;
      JsonNode *root;
      JsonObject *object;

      if (!cs_json_check (value, -1, CS_JSON_MAX_DEPTH, 1, CS_JSON_CHECK_SINGLE_VALUE, CS_ERROR_INVALID_DUMP, NULL) ||
          !json_parser_load_from_data (parser, (repaired = cs_json_repair_surrogates (value, -1)) != NULL ? repaired : value,
                                       -1, NULL))
        return NULL;
      root = json_parser_get_root (parser);
      if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        return NULL;
      object = json_node_get_object (root);
      if (type != NULL && json_object_has_member (object, "type") &&
          JSON_NODE_HOLDS_VALUE (json_object_get_member (object, "type")) &&
          json_node_get_value_type (json_object_get_member (object, "type")) == G_TYPE_STRING)
        *type = g_strdup (json_object_get_string_member (object, "type"));
      if (!json_object_has_member (object, "sdp") ||
          !JSON_NODE_HOLDS_VALUE (json_object_get_member (object, "sdp")) ||
          json_node_get_value_type (json_object_get_member (object, "sdp")) != G_TYPE_STRING)
        return NULL;
      return g_strdup (json_object_get_string_member (object, "sdp"));
    }
  /* "type: offer, sdp: v=0\r\n…" */
  if (g_str_has_prefix (value, "type: "))
    {
      const char *comma = strchr (value, ',');

      if (type != NULL && comma != NULL && comma - value < 40)
        *type = g_strndup (value + 6, comma - value - 6);
    }
  sdp = strstr (value, "v=0");
  return sdp != NULL ? g_strdup (sdp) : NULL;
}
