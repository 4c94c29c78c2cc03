/* cs-csv-export.c — a call as CSV (see the header)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "cs-csv-export.h"

/* The metric columns, after the scores: each a participant's series */
static const struct { CsSeriesId series; const char *header; const char *format; } metric_columns[] = {
  { CS_SERIES_LOSS, "packet loss (%)", "%.3f" },
  { CS_SERIES_RTT, "RTT (ms)", "%.1f" },
  { CS_SERIES_JITTER, "jitter (ms)", "%.1f" },
  { CS_SERIES_BITRATE, "bitrate (kbps)", "%.1f" },
  { CS_SERIES_END2END_DELAY, "end2EndDelay (ms)", "%.1f" },
  { CS_SERIES_RECEIVE_DELAY, "receiveDelay (ms)", "%.1f" },
  { CS_SERIES_TRANSPORT_DELAY, "transportDelay (ms)", "%.1f" },
  { CS_SERIES_DELAY_MEASURED, "delays measured (0/1)", "%.0f" },
};
#define N_METRICS G_N_ELEMENTS (metric_columns)

static void
append_cell (GString *row, const char *text)
{
  gboolean quote = strpbrk (text, ",\"\r\n") != NULL;
  gboolean formula = strchr ("=+-@", text[0]) != NULL && text[0] != '\0';

  if (row->len > 0)
    g_string_append_c (row, ',');
  if (!quote && !formula)
    {
      g_string_append (row, text);
      return;
    }
  g_string_append_c (row, '"');
  if (formula)
    g_string_append_c (row, '\'');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (row, '"');
      g_string_append_c (row, *p);
    }
  g_string_append_c (row, '"');
}

static void
append_number (GString *row, const char *format, double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_c (row, ',');
  if (isfinite (value) && value >= 0)
    g_string_append (row, g_ascii_formatd (buffer, sizeof buffer, format, value));
}

/* One user's cursor over its series: the next point not yet used */
typedef struct
{
  const char    *uid;
  char          *name;
  CsParticipant *participant;   /* nullable */
  guint          next_second;
  guint          cursor[N_METRICS];
} UserCursor;

/* The value of @series at second @t (a point within half a second), advancing @cursor */
static double
series_at (CsTimeSeries *series, guint *cursor, double t)
{
  guint n = series != NULL ? cs_time_series_get_length (series) : 0;
  double pt, v;

  while (*cursor < n && cs_time_series_get_point (series, *cursor, &pt, &v) && pt < t - 0.5)
    (*cursor)++;
  if (*cursor < n && cs_time_series_get_point (series, *cursor, &pt, &v) && pt <= t + 0.5)
    return v;
  return NAN;
}

static void
append_row (const CsExportCall *call, GString *row, UserCursor *u, const CsDigestSecond *s)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (row, g_ascii_formatd (buffer, sizeof buffer, "%.3f", s->t));
  g_string_append_c (row, ',');
  if (isfinite (call->start_time))
    {
      g_autoptr (GDateTime) clock = g_date_time_new_from_unix_utc ((gint64) floor (call->start_time + s->t));
      g_autofree char *text = clock != NULL ? g_date_time_format_iso8601 (clock) : NULL;

      if (text != NULL)
        g_string_append (row, text);
    }
  append_cell (row, u->uid);
  append_cell (row, u->name);
  for (guint l = 0; l < 2; l++)
    {
      const CsQualityReason *r = &s->reason[l];

      g_string_append_printf (row, ",%u", s->score[l]);
      gboolean valued = r->metric != CS_QUALITY_METRIC_NONE && r->metric != CS_QUALITY_METRIC_NO_DATA;

      append_cell (row, r->metric != CS_QUALITY_METRIC_NONE ? cs_quality_metric_to_string (r->metric) : "");
      append_number (row, "%.3f", valued ? r->value : NAN);
      append_cell (row, r->peer_uid);
    }
  for (guint m = 0; m < N_METRICS; m++)
    {
      CsTimeSeries *series = u->participant != NULL ? cs_participant_get_series (u->participant, metric_columns[m].series) : NULL;

      append_number (row, metric_columns[m].format, series_at (series, &u->cursor[m], s->t));
    }
  g_string_append (row, "\r\n");
}

gboolean
cs_csv_export_write (const CsExportCall *call, GOutputStream *out, GCancellable *cancellable, GError **error)
{
  g_autoptr (GPtrArray) uids = cs_call_digest_dup_uids (call->digest);
  g_autofree UserCursor *users = g_new0 (UserCursor, MAX (uids->len, 1));
  g_autoptr (GString) row = g_string_new (NULL);
  gboolean ok = TRUE;

  g_string_append (row, "time (s),clock (UTC),uid,name");
  for (guint l = 0; l < 2; l++)
    {
      const char *link = l == CS_LINK_UPLINK ? "uplink" : "downlink";

      g_string_append_printf (row, ",%sNetworkQuality (0-6),%s reason,%s reason value (reason's unit),%s reason peer",
                              link, link, link, link);
    }
  for (guint m = 0; m < N_METRICS; m++)
    g_string_append_printf (row, ",%s", metric_columns[m].header);
  g_string_append (row, "\r\n");

  for (guint i = 0; i < uids->len; i++)
    {
      users[i].uid = g_ptr_array_index (uids, i);
      users[i].name = cs_export_user_name (call, users[i].uid);
      users[i].participant = cs_stats_model_lookup (call->model, users[i].uid);
    }
  /* time by time, the users in order: merge the users' seconds */
  while (ok)
    {
      double t = G_MAXDOUBLE;
      CsDigestSecond s;

      for (guint i = 0; i < uids->len; i++)
        if (cs_call_digest_get_second (call->digest, users[i].uid, users[i].next_second, &s))
          t = MIN (t, s.t);
      if (t == G_MAXDOUBLE)
        break;
      for (guint i = 0; i < uids->len; i++)
        if (cs_call_digest_get_second (call->digest, users[i].uid, users[i].next_second, &s) && s.t <= t)
          {
            append_row (call, row, &users[i], &s);
            users[i].next_second++;
          }
      if (row->len >= 64 * 1024)
        {
          ok = g_output_stream_write_all (out, row->str, row->len, NULL, cancellable, error);
          g_string_truncate (row, 0);
        }
    }
  if (ok && row->len > 0)
    ok = g_output_stream_write_all (out, row->str, row->len, NULL, cancellable, error);
  for (guint i = 0; i < uids->len; i++)
    g_free (users[i].name);
  return ok;
}
