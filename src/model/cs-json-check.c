/* cs-json-check.c — what json-glib must not be given, checked before it parses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The scan follows json-glib 1.6's scanner (json-glib/json-scanner.c) where the two could
 * disagree on where a string ends, and refuses the input there instead of guessing.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cs-json-check.h"

typedef enum
{
  PROBLEM_NONE,
  PROBLEM_QUOTE_OR_COMMENT,
  PROBLEM_ESCAPE,
  PROBLEM_SURROGATE,
  PROBLEM_DEPTH,
  PROBLEM_UNMATCHED,
  PROBLEM_TRAILING,
} Problem;

/* The 4 hex digits at @p as a number; -1 when they are not 4 hex digits. @p has 4 bytes. */
static int
hex4 (const char *p)
{
  int value = 0;

  for (int k = 0; k < 4; k++)
    {
      int digit = g_ascii_xdigit_value (p[k]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }
  return value;
}

static gboolean
is_surrogate (int unit)
{
  return unit >= 0xd800 && unit <= 0xdfff;
}

/* @p points at the character after a backslash in a string, before @end. Returns how
 * many bytes the escape takes from there (1 for \n, 5 for \u00e9, 11 for a surrogate
 * pair), or 0 for an escape that is not JSON: json-glib reads "\u12" and then one more
 * character whatever it is, and octal escapes ("\101", as C does); JSON has neither.
 * @unit is the UTF-16 unit of a \u escape that is not a pair, else -1.
 *
 * An escape that the end of the text cuts takes the rest: the string is unterminated,
 * which the parser refuses (and a reader forgives on a last line that a crash cut). */
static gsize
escape_length (const char *p, const char *end, int *unit)
{
  gsize avail = end - p;

  *unit = -1;
  if (*p != '\0' && strchr ("\"\\/bfnrt", *p) != NULL)
    return 1;
  if (*p != 'u')
    return 0;
  for (gsize k = 1; k <= 4; k++)
    if (k == avail)
      return avail;
    else if (!g_ascii_isxdigit (p[k]))
      return 0;
  *unit = hex4 (p + 1);
  if (*unit >= 0xd800 && *unit <= 0xdbff && avail > 5 && p[5] == '\\')
    {
      int low;

      if (avail < 11)
        return avail;
      low = p[6] == 'u' ? hex4 (p + 7) : -1;
      if (low >= 0xdc00 && low <= 0xdfff)
        {
          *unit = -1; /* a whole pair: one character */
          return 11;
        }
    }
  return 5;
}

static Problem
scan (const char *text, gsize len, guint max_depth, CsJsonCheckFlags flags, guint *line)
{
  const char *end = text + len;
  guint depth = 0;
  gboolean in_string = FALSE;
  gboolean closed = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (c == '\n')
        (*line)++;
      if (in_string)
        {
          gsize n;
          int unit;

          if (c == '"')
            in_string = FALSE;
          if (c != '\\')
            continue;
          if (i + 1 == len)
            return PROBLEM_NONE; /* an unterminated string: the parser refuses it */
          n = escape_length (text + i + 1, end, &unit);
          if (n == 0)
            return PROBLEM_ESCAPE;
          i += n; /* no newline in there: escape_length () took none but at the end */
          /* After half a surrogate pair json-glib takes the next character as part of the
           * escape: a quote there would not end the string for it, as it does for us. */
          if (is_surrogate (unit) && i + 1 < len && text[i + 1] == '"')
            return PROBLEM_SURROGATE;
          continue;
        }
      if (closed && c != ' ' && c != '\t' && c != '\n' && c != '\r')
        return PROBLEM_TRAILING;
      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '\'': /* json-glib's single-quoted strings */
        case '/':  /* and comments: "/" starts one, to the end of the line */
          return PROBLEM_QUOTE_OR_COMMENT;
        case '[':
        case '{':
          if (++depth > max_depth)
            return PROBLEM_DEPTH;
          break;
        case ']':
        case '}':
          if (depth == 0)
            {
              /* otherwise the parser's business: it refuses them */
              if (flags & CS_JSON_CHECK_SINGLE_VALUE)
                return PROBLEM_UNMATCHED;
              break;
            }
          depth--;
          closed = depth == 0 && (flags & CS_JSON_CHECK_SINGLE_VALUE) != 0;
          break;
        default:
          break;
        }
    }
  return PROBLEM_NONE;
}

gboolean
cs_json_check (const char       *text,
               gssize            length,
               guint             max_depth,
               guint             first_line,
               CsJsonCheckFlags  flags,
               CsErrorCode       code,
               GError          **error)
{
  guint line = first_line;
  gsize len;

  g_return_val_if_fail (text != NULL || length == 0, FALSE);

  len = length < 0 ? strlen (text) : (gsize) length;
  switch (scan (text, len, max_depth, flags, &line))
    {
    case PROBLEM_NONE:
      return TRUE;
    case PROBLEM_QUOTE_OR_COMMENT:
      /* TRANSLATORS: %u is a line number */
      g_set_error (error, CS_ERROR, code, _("not valid JSON (line %u): single quotes and comments are not JSON"), line);
      break;
    case PROBLEM_ESCAPE:
      g_set_error (error, CS_ERROR, code,
                   /* TRANSLATORS: %u is a line number; the escapes are JSON's, keep them as they are */
                   _("not valid JSON (line %u): a string has an escape other than "
                     "\\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\u with 4 hex digits"), line);
      break;
    case PROBLEM_SURROGATE:
      g_set_error (error, CS_ERROR, code,
                   /* TRANSLATORS: %u is a line number */
                   _("not valid JSON (line %u): a string ends with half of a UTF-16 surrogate pair "
                     "(\\uD800 to \\uDFFF)"), line);
      break;
    case PROBLEM_DEPTH:
      g_set_error (error, CS_ERROR, code,
                   /* TRANSLATORS: %u are a line number of the file and the most levels allowed */
                   _("nested too deeply (line %u): more than %u levels of arrays and objects"),
                   line, max_depth);
      break;
    case PROBLEM_UNMATCHED:
      /* TRANSLATORS: %u is a line number */
      g_set_error (error, CS_ERROR, code, _("not valid JSON (line %u): a closing bracket without an opening one"), line);
      break;
    case PROBLEM_TRAILING:
      /* TRANSLATORS: %u is a line number */
      g_set_error (error, CS_ERROR, code, _("not valid JSON (line %u): more text after the end of the value"), line);
      break;
    default:
      g_assert_not_reached ();
    }
  return FALSE;
}

char *
cs_json_repair_surrogates (const char *text, gssize length)
{
  gsize len = length < 0 ? strlen (text) : (gsize) length;
  const char *end = text + len;
  gboolean in_string = FALSE;
  char *copy = NULL;

  for (gsize i = 0; i < len; i++)
    {
      gsize n;
      int unit;

      if (!in_string)
        {
          in_string = text[i] == '"';
          continue;
        }
      if (text[i] == '"')
        {
          in_string = FALSE;
          continue;
        }
      if (text[i] != '\\' || i + 1 == len)
        continue;
      n = escape_length (text + i + 1, end, &unit);
      if (n == 5 && is_surrogate (unit))
        {
          if (copy == NULL)
            {
              copy = g_malloc (len + 1);
              memcpy (copy, text, len);
              copy[len] = '\0';
            }
          memcpy (copy + i + 2, "fffd", 4);
        }
      i += MAX (n, 1);
    }
  return copy;
}
