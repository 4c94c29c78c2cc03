/* cs-export.c — what every export says of a call (see the header)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "cs-connection-info.h"
#include "cs-export.h"

char *
cs_export_user_name (const CsExportCall *call, const char *uid)
{
  CsParticipant *p = call->model != NULL ? cs_stats_model_lookup (call->model, uid) : NULL;
  const char *name = p != NULL ? cs_participant_get_display_name (p) : NULL;

  if (p != NULL && cs_participant_get_is_local (p))
    return g_strdup (_("You"));
  if (call->anonymise)
    {
      g_autoptr (GPtrArray) uids = cs_call_digest_dup_uids (call->digest);
      guint n = 0;

      /* aliases count the remote users in the order they appeared */
      for (guint i = 0; i < uids->len; i++)
        {
          CsParticipant *q = cs_stats_model_lookup (call->model, g_ptr_array_index (uids, i));

          if (q != NULL && cs_participant_get_is_local (q))
            continue;
          n++;
          if (g_str_equal (g_ptr_array_index (uids, i), uid))
            /* Translators: an anonymised user's alias in exports */
            return g_strdup_printf (_("Participant %u"), n);
        }
      return g_strdup (_("Participant"));
    }
  return g_strdup (name != NULL && *name != '\0' ? name : uid);
}

char *
cs_export_format_time (const CsExportCall *call, double t)
{
  if (isfinite (call->start_time))
    {
      g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc ((gint64) floor (call->start_time + t));
      g_autoptr (GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

      if (local != NULL)
        return g_date_time_format (local, "%H:%M:%S");
    }
  {
    guint s = (guint) MAX (0, floor (t));

    if (s >= 3600)
      return g_strdup_printf ("%u:%02u:%02u", s / 3600, s / 60 % 60, s % 60);
    return g_strdup_printf ("%u:%02u", s / 60, s % 60);
  }
}

char *
cs_export_format_duration (double seconds)
{
  guint s = (guint) MAX (0, round (seconds));

  if (s >= 3600)
    /* Translators: a duration, hours and minutes */
    return g_strdup_printf (_("%u h %u min"), s / 3600, s / 60 % 60);
  if (s >= 60)
    /* Translators: a duration, minutes and seconds */
    return g_strdup_printf (_("%u min %u s"), s / 60, s % 60);
  /* Translators: a duration in seconds */
  return g_strdup_printf (_("%u s"), s);
}

/* the longest run at @p that may be an address: hex digits, dots and colons */
static gsize
address_span (const char *p)
{
  gsize n = 0;

  while (p[n] != '\0' && (g_ascii_isxdigit (p[n]) || p[n] == '.' || p[n] == ':') && n < 64)
    n++;
  return n;
}

char *
cs_export_mask_text (const CsExportCall *call, const char *text)
{
  GString *out;

  if (text == NULL)
    return NULL;
  if (!call->anonymise)
    return g_strdup (text);
  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p != '\0';)
    {
      gsize n = (p == text || !g_ascii_isalnum (p[-1])) ? address_span (p) : 0;

      /* the span without a trailing dot or colon (the end of a sentence, "addr:port") */
      while (n > 0 && (p[n - 1] == '.' || p[n - 1] == ':'))
        n--;
      if (n >= 3 && !g_ascii_isalnum (p[n]))
        {
          g_autofree char *token = g_strndup (p, n);
          g_autoptr (GInetAddress) inet = g_inet_address_new_from_string (token);

          if (inet != NULL)
            {
              g_autofree char *masked = cs_anonymise_address (token, CS_CANDIDATE_TYPE_HOST);

              g_string_append (out, masked);
              p += n;
              continue;
            }
        }
      g_string_append_c (out, *p);
      p++;
    }
  return g_string_free (out, FALSE);
}
