/* cs-json-depth.c — how deeply a JSON text nests, checked before it is parsed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "cs-json-depth.h"

gboolean
cs_json_check_depth (const char *text, gssize length, guint max_depth, guint *line)
{
  gsize len;
  guint depth = 0, line_no = 1;
  gboolean in_string = FALSE;

  g_return_val_if_fail (text != NULL || length == 0, FALSE);

  len = length < 0 ? strlen (text) : (gsize) length;
  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (c == '\n')
        line_no++;
      if (in_string)
        {
          if (c == '\\' && i + 1 < len && text[i + 1] != '\n')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '[':
        case '{':
          if (++depth > max_depth)
            {
              if (line != NULL)
                *line = line_no;
              return FALSE;
            }
          break;
        case ']':
        case '}':
          /* unbalanced: not this function's business, the parser refuses it */
          if (depth > 0)
            depth--;
          break;
        default:
          break;
        }
    }
  return TRUE;
}
