/* cs-impairment.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cs-error.h"
#include "cs-impairment.h"

static const char *link_keys[CS_N_LINK_KEYS] = { "loss", "delay", "jitter", "rate" };
/* upper bounds: percent, ms, ms, kbit/s */
static const double link_max[CS_N_LINK_KEYS] = { 100, 60000, 60000, 10000000 };

const char *
cs_link_key_to_string (CsLinkKey key)
{
  g_return_val_if_fail (key < CS_N_LINK_KEYS, NULL);
  return link_keys[key];
}

void
cs_impairment_init (CsImpairment *self)
{
  for (guint i = 0; i < CS_N_LINK_KEYS; i++)
    self->up[i] = self->down[i] = CS_IMPAIR_UNSET;
  self->capture_fps = CS_IMPAIR_UNSET;
  self->mic_level = CS_IMPAIR_UNSET;
  self->bitrate_kbps = CS_IMPAIR_UNSET;
  self->send_video = -1;
  self->send_audio = -1;
  self->corrupt = -1;
}

void
cs_impairment_merge (CsImpairment *self, const CsImpairment *change)
{
  for (guint i = 0; i < CS_N_LINK_KEYS; i++)
    {
      if (change->up[i] >= 0)
        self->up[i] = change->up[i];
      if (change->down[i] >= 0)
        self->down[i] = change->down[i];
    }
  if (change->capture_fps >= 0)
    self->capture_fps = change->capture_fps;
  if (change->mic_level >= 0)
    self->mic_level = change->mic_level;
  if (change->bitrate_kbps >= 0)
    self->bitrate_kbps = change->bitrate_kbps;
  if (change->send_video >= 0)
    self->send_video = change->send_video;
  if (change->send_audio >= 0)
    self->send_audio = change->send_audio;
  if (change->corrupt >= 0)
    self->corrupt = change->corrupt;
}

gboolean
cs_impairment_set_key (CsImpairment *self,
                       const char   *key,
                       double        value,
                       gboolean      devices,
                       GError      **error)
{
  gboolean up = TRUE, down = TRUE;
  const char *name = key;

  if (g_str_has_prefix (key, "up."))
    {
      down = FALSE;
      name = key + 3;
    }
  else if (g_str_has_prefix (key, "down."))
    {
      up = FALSE;
      name = key + 5;
    }

  for (guint i = 0; i < CS_N_LINK_KEYS; i++)
    if (g_str_equal (name, link_keys[i]))
      {
        if (!(value >= 0 && value <= link_max[i]))
          {
            g_set_error (error, CS_ERROR, CS_ERROR_INVALID_OPTION,
                         _("“%s” must be from 0 to %g, not %g"), key, link_max[i], value);
            return FALSE;
          }
        if (up)
          self->up[i] = value;
        if (down)
          self->down[i] = value;
        return TRUE;
      }

  if (devices && name == key)
    {
      struct { const char *name; double max; double *target; int *flag; } device_keys[] = {
        { "fps", 120, &self->capture_fps, NULL },
        { "mic", 100, &self->mic_level, NULL },
        { "bitrate", 100000, &self->bitrate_kbps, NULL },
        { "video", 1, NULL, &self->send_video },
        { "audio", 1, NULL, &self->send_audio },
        { "corrupt", 1, NULL, &self->corrupt },
      };

      for (guint i = 0; i < G_N_ELEMENTS (device_keys); i++)
        if (g_str_equal (name, device_keys[i].name))
          {
            if (!(value >= 0 && value <= device_keys[i].max))
              {
                g_set_error (error, CS_ERROR, CS_ERROR_INVALID_OPTION,
                             _("“%s” must be from 0 to %g, not %g"), key, device_keys[i].max, value);
                return FALSE;
              }
            if (device_keys[i].target != NULL)
              *device_keys[i].target = value;
            else
              *device_keys[i].flag = value >= 0.5;
            return TRUE;
          }
    }

  {
    /* from a scenario file or the command line: any length, maybe not UTF-8 */
    g_autofree char *quoted = cs_error_quote (key, -1, CS_ERROR_QUOTE_CHARS);

    g_set_error (error, CS_ERROR, CS_ERROR_INVALID_OPTION,
                 devices ? _("Unknown key “%s” (expected loss, delay, jitter, rate, with an optional up. or down. prefix, or fps, mic, bitrate, video, audio, corrupt)")
                         : _("Unknown key “%s” (expected loss, delay, jitter or rate, with an optional up. or down. prefix)"),
                 quoted);
  }
  return FALSE;
}

static gboolean
valid_uid (const char *uid)
{
  if (*uid == '\0')
    return FALSE;
  for (const char *p = uid; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
      return FALSE;
  return TRUE;
}

gboolean
cs_impairment_parse (const char   *text,
                     char        **uid,
                     CsImpairment *self,
                     GError      **error)
{
  g_autofree char *user = NULL;
  g_auto (GStrv) pairs = NULL;
  const char *body = text;
  const char *colon = strchr (text, ':');
  const char *equals = strchr (text, '=');

  cs_impairment_init (self);
  *uid = NULL;

  if (colon != NULL && (equals == NULL || colon < equals))
    {
      user = g_strndup (text, colon - text);
      if (!valid_uid (user))
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_OPTION,
                       _("--impair “%s”: “%s” is not a user name"), text, user);
          return FALSE;
        }
      body = colon + 1;
    }
  if (*body == '\0')
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_OPTION,
                   _("--impair “%s”: expected KEY=VALUE, e.g. loss=5"), text);
      return FALSE;
    }

  pairs = g_strsplit (body, ",", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      g_autoptr (GError) local_error = NULL;
      const char *eq = strchr (pairs[i], '=');
      g_autofree char *key = NULL;
      char *end = NULL;
      double value;

      if (eq == NULL || eq == pairs[i] || eq[1] == '\0')
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_OPTION,
                       _("--impair “%s”: expected KEY=VALUE, not “%s”"), text, pairs[i]);
          return FALSE;
        }
      key = g_strndup (pairs[i], eq - pairs[i]);
      value = g_ascii_strtod (eq + 1, &end);
      if (end == eq + 1 || *end != '\0')
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_OPTION,
                       _("--impair “%s”: “%s” is not a number"), text, eq + 1);
          return FALSE;
        }
      if (!cs_impairment_set_key (self, key, value, FALSE, &local_error))
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_OPTION,
                       "--impair “%s”: %s", text, local_error->message);
          return FALSE;
        }
    }
  *uid = g_steal_pointer (&user);
  return TRUE;
}

char *
cs_impairment_to_string (const CsImpairment *self)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < CS_N_LINK_KEYS; i++)
    {
      if (self->up[i] >= 0 && self->up[i] == self->down[i])
        g_string_append_printf (s, "%s%s=%g", s->len ? " " : "", link_keys[i], self->up[i]);
      else
        {
          if (self->up[i] >= 0)
            g_string_append_printf (s, "%sup.%s=%g", s->len ? " " : "", link_keys[i], self->up[i]);
          if (self->down[i] >= 0)
            g_string_append_printf (s, "%sdown.%s=%g", s->len ? " " : "", link_keys[i], self->down[i]);
        }
    }
  if (self->capture_fps >= 0)
    g_string_append_printf (s, "%sfps=%g", s->len ? " " : "", self->capture_fps);
  if (self->mic_level >= 0)
    g_string_append_printf (s, "%smic=%g", s->len ? " " : "", self->mic_level);
  if (self->bitrate_kbps >= 0)
    g_string_append_printf (s, "%sbitrate=%g", s->len ? " " : "", self->bitrate_kbps);
  if (self->send_video >= 0)
    g_string_append_printf (s, "%svideo=%d", s->len ? " " : "", self->send_video);
  if (self->send_audio >= 0)
    g_string_append_printf (s, "%saudio=%d", s->len ? " " : "", self->send_audio);
  if (self->corrupt >= 0)
    g_string_append_printf (s, "%scorrupt=%d", s->len ? " " : "", self->corrupt);
  return g_string_free (s, FALSE);
}

gboolean
cs_impairment_is_set_link (const CsImpairment *imp)
{
  for (guint k = 0; k < CS_N_LINK_KEYS; k++)
    if (imp->up[k] > 0 || imp->down[k] > 0)
      return TRUE;
  return FALSE;
}

gboolean
cs_impairment_parse_local (char **impair, CsImpairment *out, GError **error)
{
  cs_impairment_init (out);
  for (guint i = 0; impair != NULL && impair[i] != NULL; i++)
    {
      g_autofree char *uid = NULL;
      CsImpairment one;

      cs_impairment_init (&one);
      if (!cs_impairment_parse (impair[i], &uid, &one, error))
        return FALSE;
      if (uid != NULL && strcmp (uid, "local") != 0)
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_OPTION,
                       _("--impair=%s: in a real call only your own link (local) can be impaired"), impair[i]);
          return FALSE;
        }
      cs_impairment_merge (out, &one);
    }
  return TRUE;
}
