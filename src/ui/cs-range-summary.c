/* cs-range-summary.c — what happened in a selected range of a call, per user, as text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "cs-agora-stats.h"
#include "cs-chart-geometry.h"
#include "cs-log-entry.h"
#include "cs-range-summary.h"
#include "cs-video-tile.h"

/* the highest value of @series in [t0, t1]; FALSE when it has none there */
static gboolean
range_max (CsTimeSeries *series, double t0, double t1, double *out)
{
  CsSeriesColumn column;

  if (series == NULL)
    return FALSE;
  /* one column: its max over the range (the end included) */
  cs_time_series_downsample (series, t0, t1 + 1e-3, 1, &column);
  if (column.count == 0 || !isfinite (column.max) || column.max < 0)
    return FALSE;
  *out = column.max;
  return TRUE;
}

/* The reason of @uid's worst second in [t0, t1] on its worse link, from the digest */
static char *
worst_reason (CsCallDigest *digest, const char *uid, double t0, double t1)
{
  guint n = digest != NULL ? cs_call_digest_get_n_seconds (digest, uid) : 0;
  CsDigestSecond worst = { 0 }, s;
  guint worst_score = 0;
  CsLink worst_link = CS_LINK_UPLINK;

  for (guint i = 0; i < n; i++)
    if (cs_call_digest_get_second (digest, uid, i, &s) && s.t >= t0 && s.t <= t1)
      for (guint l = 0; l < 2; l++)
        if (s.score[l] > worst_score)
          {
            worst = s;
            worst_score = s.score[l];
            worst_link = l;
          }
  if (worst_score <= 1 || worst.reason[worst_link].metric == CS_QUALITY_METRIC_NONE)
    return NULL;
  return cs_quality_reason_describe (&worst.reason[worst_link], worst_link);
}

char *
cs_range_summary_format (CsStatsModel *model, CsCallDigest *digest, GListModel *log_entries, double t0, double t1,
                         double origin)
{
  GString *text = g_string_new (NULL);
  g_autofree char *from = cs_chart_format_clock (t0, origin);
  g_autofree char *to = cs_chart_format_clock (t1, origin);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (model));

  g_return_val_if_fail (CS_IS_STATS_MODEL (model), NULL);
  /* Translators: the heading of a selected range's summary, e.g. "From 0:30 to 1:10" */
  g_string_append_printf (text, _("From %s to %s"), from, to);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (CsParticipant) p = g_list_model_get_item (G_LIST_MODEL (model), i);
      const char *uid = cs_participant_get_uid (p);
      double up = -1, down = -1, loss = -1, rtt = -1;
      const char *first_title = NULL;
      guint events = 0;

      range_max (cs_participant_get_series (p, CS_SERIES_UPLINK_QUALITY), t0, t1, &up);
      range_max (cs_participant_get_series (p, CS_SERIES_DOWNLINK_QUALITY), t0, t1, &down);
      range_max (cs_participant_get_series (p, CS_SERIES_LOSS), t0, t1, &loss);
      range_max (cs_participant_get_series (p, CS_SERIES_RTT), t0, t1, &rtt);
      if (log_entries != NULL)
        for (guint e = 0; e < g_list_model_get_n_items (log_entries); e++)
          {
            g_autoptr (CsLogEntry) entry = g_list_model_get_item (log_entries, e);
            double t = cs_log_entry_get_t (entry);

            if (t < t0 || t > t1 || g_strcmp0 (cs_log_entry_get_uid (entry), uid) != 0)
              continue;
            events++;
            /* the list is newest first: the last one met is the first raised */
            if (cs_log_entry_get_kind (entry) == CS_LOG_KIND_EXCEPTION)
              first_title = cs_log_entry_get_title (entry);
          }
      if (up < 0 && down < 0 && loss < 0 && rtt < 0 && events == 0)
        continue;
      g_string_append_printf (text, "\n\n%s", cs_participant_ui_name (p));
      if (up >= 0 || down >= 0)
        {
          guint worst = (guint) MAX (up, down);

          /* Translators: the worst network quality score in a selected range, e.g. "worst 4 Bad (downlink)" */
          g_string_append_printf (text, "\n%s", up >= down ? _("worst uplink") : _("worst downlink"));
          g_string_append_printf (text, " %u %s", worst, cs_quality_score_label (worst));
          {
            g_autofree char *reason = worst_reason (digest, uid, t0, t1);

            if (reason != NULL)
              g_string_append_printf (text, ": %s", reason);
            else if (first_title != NULL)
              g_string_append_printf (text, ": %s", first_title);
          }
        }
      if (loss >= 0)
        /* Translators: the highest packet loss in a selected range */
        g_string_append_printf (text, "\n%s %.1f %%", _("loss up to"), loss);
      if (rtt >= 0)
        /* Translators: the highest round-trip time in a selected range */
        g_string_append_printf (text, "\n%s %.0f ms", _("RTT up to"), rtt);
      g_string_append_printf (text, "\n");
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u event", "%u events", events), events);
    }
  return g_string_free (text, FALSE);
}
