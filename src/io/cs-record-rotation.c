/* cs-record-rotation.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cs-error.h"
#include "cs-record-rotation.h"

gboolean
cs_record_max_parse (const char *text, guint64 *bytes, double *seconds, GError **error)
{
  guint64 n = 0, scale = 1;
  const char *p = text;
  gboolean size = TRUE;

  *bytes = 0;
  *seconds = 0;
  if (text == NULL || !g_ascii_isdigit (*p))
    goto bad;
  for (; g_ascii_isdigit (*p); p++)
    {
      if (n > G_MAXUINT64 / 10 / 1024 / 1024 / 1024)
        goto bad;
      n = n * 10 + (guint64) (*p - '0');
    }
  /* sizes in capitals (k too), durations in small letters: "30M" is a size, "30m" minutes */
  switch (*p == 'k' ? 'K' : *p)
    {
    case '\0': break;
    case 'B': p++; break;
    case 'K': scale = 1024; p++; break;
    case 'M': scale = 1024 * 1024; p++; break;
    case 'G': scale = 1024 * 1024 * 1024; p++; break;
    default:
      size = FALSE;
      break;
    }
  if (size)
    {
      if (scale > 1 && *p == 'i')
        p++;
      if (scale > 1 && *p == 'B')
        p++;
      if (*p != '\0')
        goto bad;
      if (n * scale < CS_RECORD_MAX_MIN_BYTES)
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_OPTION,
                       _("--record-max=%s is too small: a file holds at least 64K"), text);
          return FALSE;
        }
      *bytes = n * scale;
      return TRUE;
    }
  if (p[1] != '\0')
    goto bad;
  switch (*p)
    {
    case 's': scale = 1; break;
    case 'm': scale = 60; break;
    case 'h': scale = 3600; break;
    case 'd': scale = 86400; break;
    default: goto bad;
    }
  if ((double) n * scale < CS_RECORD_MAX_MIN_SECONDS)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_OPTION,
                   _("--record-max=%s is too short: a file holds at least 10 seconds"), text);
      return FALSE;
    }
  *seconds = (double) n * scale;
  return TRUE;

bad:
  g_set_error (error, CS_ERROR, CS_ERROR_INVALID_OPTION,
               _("--record-max must be a size (100M, 2G) or a duration (30m, 1h, 1d), not “%s”"),
               text != NULL ? text : "");
  return FALSE;
}

char *
cs_record_rotation_path (const char *path, guint index)
{
  g_autofree char *base = NULL;
  const char *slash;

  if (index == 0)
    return g_strdup (path);
  slash = strrchr (path, '/');
  if (g_str_has_suffix (path, ".jsonl") && strlen (slash != NULL ? slash + 1 : path) > strlen (".jsonl"))
    {
      base = g_strndup (path, strlen (path) - strlen (".jsonl"));
      return g_strdup_printf ("%s.%u.jsonl", base, index);
    }
  return g_strdup_printf ("%s.%u", path, index);
}
