/* cs-report-html.c — a call as one self-contained HTML page (see the header)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "cs-connection-info.h"
#include "cs-report-html.h"

/* The worst periods listed per user and direction */
#define WORST_PERIODS 3
/* A chart's SVG larger than this is left out (and said so): bounds the page */
#define MAX_SVG_BYTES (8 * 1024 * 1024)

static const char style_sheet[] =
  "body{font-family:Cantarell,'Noto Sans','Noto Sans CJK SC',sans-serif;margin:2em auto;max-width:1100px;"
  "color:#241f31;background:#fff;line-height:1.4;padding:0 1em}"
  "h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;margin-top:1.6em;border-bottom:1px solid #ddd}"
  "h3{font-size:1.05em;margin-bottom:.3em}"
  "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ddd;padding:.25em .6em;text-align:left;"
  "vertical-align:top}th{background:#f6f5f4}td.n{text-align:right;font-variant-numeric:tabular-nums}"
  ".bad{color:#a51d2d}.s5,.s6{background:#f8d7da}.s4{background:#fde8c8}.s3{background:#fcf3cf}"
  "figure{margin:1em 0;page-break-inside:avoid}"
  /* the image draws its title: the caption is for screen readers */
  "figcaption{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}"
  "svg{max-width:100%;height:auto;border:1px solid #eee}"
  ".muted{color:#5e5c64}footer{margin-top:2em;font-size:.85em;color:#5e5c64}"
  "@media print{body{margin:0;max-width:none}h2{page-break-after:avoid}}";

static void
put_escaped (GString *out, const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "", -1);

  g_string_append (out, escaped);
}

/* a cell: escaped text */
static void
put_cell (GString *out, const char *tag, const char *cls, const char *text)
{
  g_string_append_printf (out, "<%s%s%s%s>", tag, cls != NULL ? " class=\"" : "", cls != NULL ? cls : "",
                          cls != NULL ? "\"" : "");
  put_escaped (out, text);
  g_string_append_printf (out, "</%s>", tag);
}

static void
put_row2 (GString *out, const char *name, const char *value)
{
  g_string_append (out, "<tr>");
  put_cell (out, "th", NULL, name);
  put_cell (out, "td", NULL, value);
  g_string_append (out, "</tr>\n");
}

/* ---- numbers ------------------------------------------------------------------------ */

typedef struct
{
  double sum, max;
  guint  n;
} Stat;

static void
series_stat (CsParticipant *p, CsSeriesId id, Stat *stat)
{
  CsTimeSeries *series = p != NULL ? cs_participant_get_series (p, id) : NULL;
  guint n = series != NULL ? cs_time_series_get_length (series) : 0;

  memset (stat, 0, sizeof *stat);
  for (guint i = 0; i < n; i++)
    {
      double t, v;

      if (cs_time_series_get_point (series, i, &t, &v) && isfinite (v) && v >= 0)
        {
          stat->sum += v;
          stat->max = MAX (stat->max, v);
          stat->n++;
        }
    }
}

static char *
stat_text (const Stat *stat, const char *unit, int decimals)
{
  g_autofree char *mean = NULL, *max = NULL;

  if (stat->n == 0)
    return g_strdup (C_("value", "—"));
  mean = g_strdup_printf ("%.*f", decimals, stat->sum / stat->n);
  max = g_strdup_printf ("%.*f", decimals, stat->max);
  /* Translators: "mean 1.2 %, worst 7.0 %" in the report */
  return g_strdup_printf (_("mean %s %s, worst %s %s"), mean, unit, max, unit);
}

/* ---- bad periods -------------------------------------------------------------------- */

typedef struct
{
  char        *uid;
  CsLink       link;
  CsBadPeriod  period;
} Found;

static void
found_free (gpointer data)
{
  Found *f = data;

  g_free (f->uid);
  g_free (f);
}

static int
found_by_time (gconstpointer a, gconstpointer b)
{
  const Found *x = *(Found **) a, *y = *(Found **) b;

  return x->period.t_start < y->period.t_start ? -1 : x->period.t_start > y->period.t_start ? 1 : 0;
}

static guint
bad_threshold (const CsExportCall *call)
{
  CsThresholds th;

  cs_stats_model_get_thresholds (call->model, &th);
  return th.poor_quality_score;
}

/* (transfer full) every bad period of the call, by time */
static GPtrArray *
all_bad_periods (const CsExportCall *call)
{
  g_autoptr (GPtrArray) uids = cs_call_digest_dup_uids (call->digest);
  GPtrArray *all = g_ptr_array_new_with_free_func (found_free);
  guint threshold = bad_threshold (call);

  for (guint i = 0; i < uids->len; i++)
    for (guint l = 0; l < 2; l++)
      {
        g_autoptr (GArray) periods = cs_call_digest_bad_periods (call->digest, g_ptr_array_index (uids, i), l, threshold);

        for (guint j = 0; j < periods->len; j++)
          {
            Found *f = g_new0 (Found, 1);

            f->uid = g_strdup (g_ptr_array_index (uids, i));
            f->link = l;
            f->period = g_array_index (periods, CsBadPeriod, j);
            g_ptr_array_add (all, f);
          }
      }
  g_ptr_array_sort (all, found_by_time);
  return all;
}

static char *
period_sentence (const CsExportCall *call, const Found *f, gboolean with_user)
{
  g_autofree char *name = cs_export_user_name (call, f->uid);
  g_autofree char *from = cs_export_format_time (call, f->period.t_start);
  g_autofree char *to = cs_export_format_time (call, f->period.t_end);
  g_autofree char *length = cs_export_format_duration (f->period.t_end - f->period.t_start);
  g_autofree char *reason = NULL;
  const char *link = f->link == CS_LINK_UPLINK ? _("uplink") : _("downlink");
  g_autofree char *who = NULL;

  if (f->period.reason.metric != CS_QUALITY_METRIC_NONE)
    {
      CsQualityReason r = f->period.reason;

      /* the peer of the reason is a uid: name it as the report does */
      if (r.peer_uid[0] != '\0')
        {
          g_autofree char *peer = cs_export_user_name (call, r.peer_uid);

          g_strlcpy (r.peer_uid, peer, sizeof r.peer_uid);
        }
      reason = cs_quality_reason_describe (&r, f->link);
    }
  who = with_user ? g_strdup_printf ("%s %s", name, link) : g_strdup (link);
  if (reason != NULL)
    /* Translators: "<user> uplink 5 Very bad from 10:04:12 to 10:04:31 (19 s): <reason>" */
    return g_strdup_printf (_("%s %u %s from %s to %s (%s): %s"), who, f->period.worst,
                            cs_quality_score_label (f->period.worst), from, to, length, reason);
  /* Translators: "<user> uplink 5 Very bad from 10:04:12 to 10:04:31 (19 s)" */
  return g_strdup_printf (_("%s %u %s from %s to %s (%s)"), who, f->period.worst,
                          cs_quality_score_label (f->period.worst), from, to, length);
}

GPtrArray *
cs_report_bad_periods_in_words (const CsExportCall *call)
{
  g_autoptr (GPtrArray) all = all_bad_periods (call);
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < all->len; i++)
    g_ptr_array_add (words, period_sentence (call, g_ptr_array_index (all, i), TRUE));
  return words;
}

/* ---- sections ----------------------------------------------------------------------- */

static void
put_header (GString *out, const CsExportCall *call)
{
  g_autoptr (GPtrArray) uids = cs_call_digest_dup_uids (call->digest);
  g_autofree char *duration = cs_export_format_duration (cs_stats_model_get_duration (call->model));
  g_autofree char *users = g_strdup_printf ("%u", uids->len);
  g_autofree char *start = NULL;
  g_autofree char *thresholds = NULL;
  g_autofree char *source = NULL;
  CsThresholds th;

  cs_stats_model_get_thresholds (call->model, &th);
  if (isfinite (call->start_time))
    {
      g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc ((gint64) floor (call->start_time));
      g_autoptr (GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

      start = local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M:%S %Z") : NULL;
    }
  /* Translators: the thresholds in force, in the report */
  thresholds = g_strdup_printf (_("poor network at score %u or worse; no media after %.0f s; capture and send "
                                  "frame rate below %.0f fps; video sent below %.0f kbps; audio sent below "
                                  "%.0f kbps; audio level below %.0f; raised when %u of the last %u seconds are bad"),
                                th.poor_quality_score, th.media_stopped_s, th.capture_fps_min,
                                th.send_video_kbps_min, th.send_audio_kbps_min, th.audio_input_level_min,
                                th.raise_count, th.window);
  source = cs_export_mask_text (call, call->source);

  g_string_append (out, "<h1>");
  put_escaped (out, _("Callscope call report"));
  g_string_append (out, "</h1>\n<table class=\"call\">\n");
  put_row2 (out, _("Call"), call->mode != NULL ? call->mode : "");
  if (source != NULL && *source != '\0')
    put_row2 (out, _("Source"), source);
  put_row2 (out, _("Started"), start != NULL ? start : _("unknown (times are call times)"));
  put_row2 (out, _("Duration"), duration);
  put_row2 (out, _("Users"), users);
  put_row2 (out, _("Thresholds"), thresholds);
  put_row2 (out, _("Made by"), "Callscope " PACKAGE_VERSION);
  if (call->anonymise)
    put_row2 (out, _("Anonymised"), _("names are aliases, addresses are masked (relay addresses kept)"));
  g_string_append (out, "</table>\n");
}

static void
put_bad_periods (GString *out, const CsExportCall *call, GPtrArray *all)
{
  g_string_append (out, "<h2 id=\"bad-periods\">");
  put_escaped (out, _("Bad periods"));
  g_string_append (out, "</h2>\n");
  if (all->len == 0)
    {
      g_autofree char *none = g_strdup_printf (_("No user scored %u or worse in any second."), bad_threshold (call));

      put_cell (out, "p", NULL, none);
      return;
    }
  g_string_append (out, "<ul class=\"bad-periods\">\n");
  for (guint i = 0; i < all->len; i++)
    {
      Found *f = g_ptr_array_index (all, i);
      g_autofree char *sentence = period_sentence (call, f, TRUE);

      g_autofree char *uid = g_markup_escape_text (f->uid, -1);

      g_string_append_printf (out, "<li class=\"bad\" data-uid=\"%s\" data-link=\"%s\" data-start=\"%.0f\" "
                              "data-end=\"%.0f\" data-score=\"%u\">",
                              uid, f->link == CS_LINK_UPLINK ? "uplink" : "downlink", f->period.t_start,
                              f->period.t_end, f->period.worst);
      put_escaped (out, sentence);
      g_string_append (out, "</li>\n");
    }
  g_string_append (out, "</ul>\n");
}

static int
worse_first (gconstpointer a, gconstpointer b)
{
  const Found *x = *(Found **) a, *y = *(Found **) b;
  double lx = x->period.t_end - x->period.t_start, ly = y->period.t_end - y->period.t_start;

  if (x->period.worst != y->period.worst)
    return x->period.worst > y->period.worst ? -1 : 1;
  return lx > ly ? -1 : lx < ly ? 1 : found_by_time (a, b);
}

static void
put_histogram_row (GString *out, const CsExportCall *call, const char *uid, CsLink link)
{
  guint hist[7];

  cs_call_digest_get_histogram (call->digest, uid, link, hist);
  g_string_append (out, "<tr>");
  put_cell (out, "th", NULL, link == CS_LINK_UPLINK ? _("Uplink") : _("Downlink"));
  for (guint s = 0; s <= 6; s++)
    {
      g_autofree char *text = hist[s] > 0 ? cs_export_format_duration (hist[s]) : g_strdup ("");

      g_string_append_printf (out, "<td class=\"n s%u\" data-score=\"%u\" data-seconds=\"%u\">", hist[s] > 0 ? s : 0, s,
                              hist[s]);
      put_escaped (out, text);
      g_string_append (out, "</td>");
    }
  g_string_append (out, "</tr>\n");
}

/* freezes of @uid: VIDEO_FREEZE raised, and the time of those that recovered */
static void
freezes (const CsExportCall *call, const char *uid, guint *count, double *seconds)
{
  GPtrArray *events = cs_stats_model_get_events (call->model);

  *count = 0;
  *seconds = 0;
  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      CsExceptionEvent *e = g_ptr_array_index (events, i);

      if (g_strcmp0 (e->uid, uid) != 0)
        continue;
      if (e->code == CS_EXCEPTION_VIDEO_FREEZE)
        (*count)++;
      else if (e->code == CS_EXCEPTION_VIDEO_FREEZE + CS_EXCEPTION_RECOVERY_OFFSET)
        *seconds += e->duration;
    }
}

static void
put_delay_row (GString *out, CsParticipant *p, CsSeriesId id, const char *name)
{
  Stat stat, measured;
  g_autofree char *text = NULL;
  const char *how;

  series_stat (p, id, &stat);
  series_stat (p, CS_SERIES_DELAY_MEASURED, &measured);
  text = stat_text (&stat, "ms", 0);
  how = stat.n == 0 ? "" : measured.n > 0 && measured.sum / measured.n >= 0.5 ? _("measured") : _("estimated");
  g_string_append (out, "<tr>");
  put_cell (out, "th", NULL, name);
  g_string_append_printf (out, "<td colspan=\"4\" data-measured=\"%s\">", stat.n == 0 ? "" :
                          measured.n > 0 && measured.sum / measured.n >= 0.5 ? "measured" : "estimated");
  put_escaped (out, text);
  if (*how != '\0')
    g_string_append_printf (out, " (%s)", how);
  g_string_append (out, "</td></tr>\n");
}

static void
put_metric_row (GString *out, CsParticipant *p, CsSeriesId id, const char *name, const char *unit, int decimals)
{
  Stat stat;
  g_autofree char *text = NULL;

  series_stat (p, id, &stat);
  text = stat_text (&stat, unit, decimals);
  g_string_append (out, "<tr>");
  put_cell (out, "th", NULL, name);
  g_string_append (out, "<td colspan=\"4\">");
  put_escaped (out, text);
  g_string_append (out, "</td></tr>\n");
}

static void
put_user (GString *out, const CsExportCall *call, const char *uid, GPtrArray *all)
{
  CsParticipant *p = cs_stats_model_lookup (call->model, uid);
  g_autofree char *name = cs_export_user_name (call, uid);
  g_autoptr (GPtrArray) mine = g_ptr_array_new ();
  guint n_freezes;
  double frozen;

  g_string_append (out, "<section class=\"user\" data-uid=\"");
  put_escaped (out, uid);
  g_string_append (out, "\">\n<h3>");
  put_escaped (out, name);
  if (g_strcmp0 (name, uid) != 0)
    {
      g_string_append (out, " <span class=\"muted\">(");
      put_escaped (out, uid);
      g_string_append (out, ")</span>");
    }
  g_string_append (out, "</h3>\n<table class=\"scores\"><tr><th></th>");
  for (guint s = 0; s <= 6; s++)
    {
      g_autofree char *head = g_strdup_printf ("%u %s", s, cs_quality_score_label (s));

      put_cell (out, "th", NULL, head);
    }
  g_string_append (out, "</tr>\n");
  put_histogram_row (out, call, uid, CS_LINK_UPLINK);
  put_histogram_row (out, call, uid, CS_LINK_DOWNLINK);
  g_string_append (out, "</table>\n<table class=\"metrics\">\n");

  for (guint i = 0; i < all->len; i++)
    if (g_str_equal (((Found *) g_ptr_array_index (all, i))->uid, uid))
      g_ptr_array_add (mine, g_ptr_array_index (all, i));
  g_ptr_array_sort (mine, worse_first);
  g_string_append (out, "<tr>");
  put_cell (out, "th", NULL, _("Worst periods"));
  g_string_append (out, "<td colspan=\"4\">");
  if (mine->len == 0)
    put_escaped (out, _("none"));
  for (guint i = 0; i < MIN (mine->len, WORST_PERIODS); i++)
    {
      g_autofree char *sentence = period_sentence (call, g_ptr_array_index (mine, i), FALSE);

      if (i > 0)
        g_string_append (out, "<br>");
      put_escaped (out, sentence);
    }
  if (mine->len > WORST_PERIODS)
    {
      g_autofree char *more = g_strdup_printf (_("and %u more (see Bad periods)"), mine->len - WORST_PERIODS);

      g_string_append (out, "<br>");
      put_escaped (out, more);
    }
  g_string_append (out, "</td></tr>\n");
  put_metric_row (out, p, CS_SERIES_LOSS, _("Packet loss"), "%", 1);
  put_metric_row (out, p, CS_SERIES_RTT, _("Round-trip time"), "ms", 0);
  put_metric_row (out, p, CS_SERIES_JITTER, _("Jitter"), "ms", 1);
  put_metric_row (out, p, CS_SERIES_BITRATE, _("Bitrate"), "kbps", 0);
  put_delay_row (out, p, CS_SERIES_END2END_DELAY, "end2EndDelay");
  put_delay_row (out, p, CS_SERIES_RECEIVE_DELAY, "receiveDelay");
  put_delay_row (out, p, CS_SERIES_TRANSPORT_DELAY, "transportDelay");
  freezes (call, uid, &n_freezes, &frozen);
  {
    g_autofree char *length = cs_export_format_duration (frozen);
    g_autofree char *text = n_freezes == 0 ? g_strdup (_("none"))
                                           /* Translators: "2 freezes, 4 s in all" */
                                           : g_strdup_printf (ngettext ("%u freeze, %s in all", "%u freezes, %s in all",
                                                                        n_freezes), n_freezes, length);

    g_string_append (out, "<tr>");
    put_cell (out, "th", NULL, _("Video freezes"));
    g_string_append (out, "<td colspan=\"4\">");
    put_escaped (out, text);
    g_string_append (out, "</td></tr>\n");
  }
  g_string_append (out, "</table>\n</section>\n");
}

/* One chart's SVG, its ids made unique in the page (cairo names its glyphs alike in every image) */
static void
put_svg (GString *out, const char *svg, guint index)
{
  const char *start = strstr (svg, "<svg");
  g_autofree char *prefix = g_strdup_printf ("c%u-", index);
  static const char *const refs[] = { "id=\"", "href=\"#", "url(#" };

  if (start == NULL)
    return;
  for (const char *p = start; *p != '\0';)
    {
      gboolean hit = FALSE;

      for (guint r = 0; r < G_N_ELEMENTS (refs); r++)
        if (g_str_has_prefix (p, refs[r]))
          {
            g_string_append (out, refs[r]);
            g_string_append (out, prefix);
            p += strlen (refs[r]);
            hit = TRUE;
            break;
          }
      if (!hit)
        g_string_append_c (out, *p++);
    }
  g_string_append_c (out, '\n');
}

static void
put_charts (GString *out, const CsReportChart *charts, guint n_charts)
{
  if (n_charts == 0)
    return;
  g_string_append (out, "<h2 id=\"charts\">");
  put_escaped (out, _("Charts"));
  g_string_append (out, "</h2>\n");
  for (guint i = 0; i < n_charts; i++)
    {
      g_string_append (out, "<figure class=\"chart\">\n<figcaption>");
      put_escaped (out, charts[i].title);
      g_string_append (out, "</figcaption>\n");
      if (charts[i].svg == NULL || strlen (charts[i].svg) > MAX_SVG_BYTES)
        put_cell (out, "p", "muted", _("(this chart could not be drawn)"));
      else
        put_svg (out, charts[i].svg, i);
      g_string_append (out, "</figure>\n");
    }
}

/* The recovery of @raise, or NULL while it lasts */
static CsExceptionEvent *
recovery_of (GPtrArray *events, guint from, const CsExceptionEvent *raise)
{
  for (guint j = from + 1; j < events->len; j++)
    {
      CsExceptionEvent *e = g_ptr_array_index (events, j);

      if (e->is_recovery && e->code == raise->code + CS_EXCEPTION_RECOVERY_OFFSET &&
          g_strcmp0 (e->uid, raise->uid) == 0 && fabs (e->started_at - raise->t) < 0.5)
        return e;
    }
  return NULL;
}

static void
put_events (GString *out, const CsExportCall *call)
{
  GPtrArray *events = cs_stats_model_get_events (call->model);
  guint n = events != NULL ? events->len : 0;

  g_string_append (out, "<h2 id=\"events\">");
  put_escaped (out, _("Events"));
  g_string_append (out, "</h2>\n");
  if (n == 0)
    {
      put_cell (out, "p", NULL, _("No exception was raised."));
      return;
    }
  g_string_append (out, "<table class=\"events\">\n<tr>");
  put_cell (out, "th", NULL, _("Time"));
  put_cell (out, "th", NULL, _("User"));
  put_cell (out, "th", NULL, _("Code"));
  put_cell (out, "th", NULL, _("Event"));
  put_cell (out, "th", NULL, _("Duration"));
  g_string_append (out, "</tr>\n");
  for (guint i = 0; i < n; i++)
    {
      CsExceptionEvent *e = g_ptr_array_index (events, i);
      CsExceptionEvent *recovery = e->is_recovery ? NULL : recovery_of (events, i, e);
      g_autofree char *time = cs_export_format_time (call, e->t);
      g_autofree char *name = cs_export_user_name (call, e->uid != NULL ? e->uid : "");
      g_autofree char *code = g_strdup_printf ("%u", e->code);
      g_autofree char *duration = NULL;
      const char *describe = cs_exception_code_describe (e->code);
      g_autofree char *what = describe != NULL ? g_strdup_printf ("%s — %s", e->msg, describe) : g_strdup (e->msg);

      if (e->is_recovery)
        {
          g_autofree char *length = cs_export_format_duration (e->duration);

          duration = g_strdup_printf (_("recovered after %s"), length);
        }
      else if (recovery != NULL)
        duration = cs_export_format_duration (recovery->t - e->t);
      else if (cs_exception_code_is_recovery (e->code + CS_EXCEPTION_RECOVERY_OFFSET))
        duration = g_strdup (_("until the end"));
      else
        duration = g_strdup ("");
      g_string_append_printf (out, "<tr class=\"event\" data-t=\"%.1f\" data-code=\"%u\">", e->t, e->code);
      put_cell (out, "td", NULL, time);
      put_cell (out, "td", NULL, name);
      put_cell (out, "td", "n", code);
      put_cell (out, "td", e->is_recovery ? NULL : "bad", what);
      put_cell (out, "td", NULL, duration);
      g_string_append (out, "</tr>\n");
    }
  g_string_append (out, "</table>\n");
}

static void
put_connections (GString *out, const CsExportCall *call)
{
  guint n = call->connections != NULL ? g_list_model_get_n_items (call->connections) : 0;
  gboolean any = FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (CsConnectionInfo) info = g_list_model_get_item (call->connections, i);
      const char *id = cs_connection_info_get_selected_pair_id (info);
      const CsCandidatePair *pair = id != NULL ? cs_connection_info_lookup_pair (info, id) : NULL;
      g_autofree char *local = NULL, *remote = NULL;

      if (pair == NULL)
        continue;
      if (!any)
        {
          g_string_append (out, "<h2 id=\"connections\">");
          put_escaped (out, _("Connections"));
          g_string_append (out, "</h2>\n<table class=\"connections\">\n<tr>");
          put_cell (out, "th", NULL, _("Connection"));
          put_cell (out, "th", NULL, _("Local candidate"));
          put_cell (out, "th", NULL, _("Remote candidate"));
          g_string_append (out, "</tr>\n");
          any = TRUE;
        }
      local = cs_candidate_describe (&pair->local, call->anonymise);
      remote = cs_candidate_describe (&pair->remote, call->anonymise);
      g_string_append (out, "<tr>");
      if (call->anonymise)
        {
          g_autofree char *alias = cs_export_user_name (call, cs_connection_info_get_uid (info));

          put_cell (out, "td", NULL, alias);
        }
      else
        put_cell (out, "td", NULL, cs_connection_info_get_label (info));
      put_cell (out, "td", NULL, local);
      put_cell (out, "td", NULL, remote);
      g_string_append (out, "</tr>\n");
    }
  if (any)
    g_string_append (out, "</table>\n");
}

gboolean
cs_report_html_write (const CsExportCall  *call,
                      const CsReportChart *charts,
                      guint                n_charts,
                      GOutputStream       *out,
                      GCancellable        *cancellable,
                      GError             **error)
{
  g_autoptr (GString) page = g_string_new (NULL);
  g_autoptr (GPtrArray) all = all_bad_periods (call);
  g_autoptr (GPtrArray) uids = cs_call_digest_dup_uids (call->digest);
  /* Translators: the lang attribute of the report's page: your language's BCP 47 tag */
  const char *lang = C_("html lang", "en");

  g_string_append_printf (page, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                          "<meta name=\"generator\" content=\"Callscope %s\">\n<title>", lang, PACKAGE_VERSION);
  put_escaped (page, _("Callscope call report"));
  g_string_append_printf (page, "</title>\n<style>%s</style>\n</head>\n<body>\n", style_sheet);
  put_header (page, call);
  put_bad_periods (page, call, all);
  g_string_append (page, "<h2 id=\"users\">");
  put_escaped (page, _("Users"));
  g_string_append (page, "</h2>\n");
  for (guint i = 0; i < uids->len; i++)
    put_user (page, call, g_ptr_array_index (uids, i), all);
  put_charts (page, charts, n_charts);
  put_events (page, call);
  put_connections (page, call);
  g_string_append (page, "<footer>");
  put_escaped (page, _("Scores follow Agora's network quality, 0 (unknown) to 6 (down), computed by Callscope's "
                       "published method; times are the call's times of day when its start is known."));
  g_string_append (page, "</footer>\n</body>\n</html>\n");
  return g_output_stream_write_all (out, page->str, page->len, NULL, cancellable, error);
}
