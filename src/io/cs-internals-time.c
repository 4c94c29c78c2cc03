/* cs-internals-time.c — the times a webrtc-internals dump writes (see cs-internals-time.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Chrome's toLocaleString () depends on the locale of the browser that made the dump; the
 * forms read here are those seen in real dumps (en-US, en-GB) and two common others. ICU 72
 * and later put a NARROW NO-BREAK SPACE (U+202F) before "PM": any space counts as one.
 */
#include "config.h"

#include "cs-internals-time.h"

#include <math.h>
#include <string.h>

#define QUARTER_HOUR_MS  (15.0 * 60 * 1000)
#define MAX_OFFSET_MS    (14.0 * 3600 * 1000)

double
cs_internals_parse_iso_time (const char *text)
{
  g_autoptr (GTimeZone) utc = NULL;
  g_autoptr (GDateTime) dt = NULL;

  if (text == NULL || *text == '\0')
    return NAN;
  utc = g_time_zone_new_utc ();
  dt = g_date_time_new_from_iso8601 (text, utc);
  if (dt == NULL)
    return NAN;
  return (double) g_date_time_to_unix (dt) * 1000.0 + g_date_time_get_microsecond (dt) / 1000.0;
}

/* Skips ASCII white space, NO-BREAK SPACE and NARROW NO-BREAK SPACE. */
static const char *
skip_spaces (const char *p)
{
  for (;;)
    {
      if (*p == ' ' || *p == '\t')
        p++;
      else if ((guchar) p[0] == 0xC2 && (guchar) p[1] == 0xA0)
        p += 2;
      else if ((guchar) p[0] == 0xE2 && (guchar) p[1] == 0x80 && (guchar) p[2] == 0xAF)
        p += 3;
      else
        return p;
    }
}

/* Up to 4 digits; -1 when there are none. */
static int
read_number (const char **p, int *n_digits)
{
  int value = 0, n = 0;

  while (g_ascii_isdigit (**p) && n < 5)
    {
      value = value * 10 + (**p - '0');
      (*p)++;
      n++;
    }
  if (n == 0 || n > 4)
    return -1;
  if (n_digits != NULL)
    *n_digits = n;
  return value;
}

double
cs_internals_parse_local_time (const char *text)
{
  g_autoptr (GDateTime) dt = NULL;
  const char *p = text;
  int a, b, c, digits_a = 0, digits_c = 0;
  int year, month, day, hour, minute, second = 0;
  char sep;
  gboolean am = FALSE, pm = FALSE;

  if (text == NULL)
    return NAN;
  p = skip_spaces (p);
  if ((a = read_number (&p, &digits_a)) < 0)
    return NAN;
  sep = *p;
  if (sep != '/' && sep != '.' && sep != '-')
    return NAN;
  p++;
  if ((b = read_number (&p, NULL)) < 0 || *p != sep)
    return NAN;
  p++;
  if ((c = read_number (&p, &digits_c)) < 0)
    return NAN;
  if (*p == '.' && sep == '.')  /* "5.11.2020." */
    p++;
  if (*p == ',')
    p++;
  else if (*p == 'T')
    p++;
  p = skip_spaces (p);
  if ((hour = read_number (&p, NULL)) < 0 || *p != ':')
    return NAN;
  p++;
  if ((minute = read_number (&p, NULL)) < 0)
    return NAN;
  if (*p == ':')
    {
      p++;
      if ((second = read_number (&p, NULL)) < 0)
        return NAN;
    }
  p = skip_spaces (p);
  if (g_ascii_strncasecmp (p, "a.m.", 4) == 0 || g_ascii_strncasecmp (p, "p.m.", 4) == 0)
    {
      am = g_ascii_tolower (*p) == 'a';
      pm = !am;
      p += 4;
    }
  else if (g_ascii_strncasecmp (p, "AM", 2) == 0 || g_ascii_strncasecmp (p, "PM", 2) == 0)
    {
      am = g_ascii_tolower (*p) == 'a';
      pm = !am;
      p += 2;
    }
  if (*skip_spaces (p) != '\0')
    return NAN;

  if (digits_a == 4)  /* "2020-11-05 21:34:11" */
    {
      year = a;
      month = b;
      day = c;
    }
  else
    {
      year = c;
      if (digits_c <= 2)
        year += 2000;
      if (sep == '/' && (am || pm) && a <= 12)  /* en-US: month first */
        {
          month = a;
          day = b;
        }
      else if (sep == '/' && a <= 12 && b > 12)  /* "11/25/2020, 21:00:00": it cannot be day first */
        {
          month = a;
          day = b;
        }
      else  /* en-GB, de, …: day first */
        {
          day = a;
          month = b;
        }
    }
  if (am || pm)
    {
      if (hour < 1 || hour > 12)
        return NAN;
      if (hour == 12)
        hour = 0;
      if (pm)
        hour += 12;
    }
  if (year < 1970 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31 ||
      hour > 23 || minute > 59 || second > 60)
    return NAN;
  if (day > g_date_get_days_in_month (month, year))
    return NAN;
  if (second == 60)  /* a leap second, as the next one */
    second = 59;
  dt = g_date_time_new_utc (year, month, day, hour, minute, second);
  if (dt == NULL)
    return NAN;
  return (double) g_date_time_to_unix (dt) * 1000.0;
}

static double
distance_outside (double t, double first, double last)
{
  if (t < first)
    return first - t;
  if (t > last)
    return t - last;
  return 0;
}

/* Whether @offset is to be preferred to @best at the same score. */
static gboolean
better_tie (double offset, double best)
{
  gboolean offset_hour = fmod (fabs (offset), 3600000.0) == 0;
  gboolean best_hour = fmod (fabs (best), 3600000.0) == 0;

  if (best == 0)
    return FALSE;
  if (offset == 0)
    return TRUE;
  if (offset_hour != best_hour)
    return offset_hour;
  return fabs (offset) < fabs (best);
}

double
cs_internals_best_offset (const double *local, const double *first, const double *last, guint n)
{
  double best = 0, best_score = INFINITY;
  gboolean any = FALSE;

  for (guint i = 0; i < n; i++)
    if (!isnan (local[i]) && !isnan (first[i]) && !isnan (last[i]))
      any = TRUE;
  if (!any)
    return 0;

  for (double offset = -MAX_OFFSET_MS; offset <= MAX_OFFSET_MS; offset += QUARTER_HOUR_MS)
    {
      double score = 0;

      for (guint i = 0; i < n; i++)
        if (!isnan (local[i]) && !isnan (first[i]) && !isnan (last[i]))
          score += distance_outside (local[i] - offset, first[i], last[i]);
      /* scores within a millisecond are a tie */
      if (score < best_score - 1)
        {
          best = offset;
          best_score = score;
        }
      else if (fabs (score - best_score) <= 1 && better_tie (offset, best))
        {
          best = offset;
          best_score = MIN (score, best_score);
        }
    }
  return best;
}
