/* cs-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cs-error.h"

G_DEFINE_QUARK (cs-error-quark, cs_error)

char *
cs_error_quote (const char *text, gssize length, guint max_chars)
{
  g_autofree char *valid = NULL;
  GString *out;

  if (text == NULL)
    return NULL;
  valid = g_utf8_make_valid (text, length);
  if (max_chars > 0 && g_utf8_strlen (valid, -1) > (glong) max_chars)
    {
      const char *end = g_utf8_offset_to_pointer (valid, (glong) max_chars - 1);

      out = g_string_new_len (valid, end - valid);
      g_string_append (out, "…");
    }
  else
    out = g_string_new (valid);
  for (gsize i = 0; i < out->len; i++)
    if ((guchar) out->str[i] < 0x20 || out->str[i] == 0x7f)
      out->str[i] = ' ';
  return g_string_free (out, FALSE);
}
