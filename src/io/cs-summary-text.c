/* cs-summary-text.c — the call in plain text: what headless prints and "Copy Summary" copies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "cs-agora-fields.h"
#include "cs-report-html.h"
#include "cs-summary-text.h"

/* the user's known loss values: their count, sum and largest */
static guint
loss_stats (CsParticipant *p, double *sum, double *max)
{
  CsTimeSeries *series = cs_participant_get_series (p, CS_SERIES_LOSS);
  guint n = 0;

  for (guint i = 0; i < cs_time_series_get_length (series); i++)
    {
      double t, v;

      if (cs_time_series_get_point (series, i, &t, &v) && v >= 0)
        {
          *sum += v;
          *max = MAX (*max, v);
          n++;
        }
    }
  return n;
}

static const char *
delay_text (double value, gboolean measured, char *buffer, gsize size)
{
  if (value < 0)
    return "—";
  g_snprintf (buffer, size, "%.1f ms%s", value, measured ? "" : " (est.)");
  return buffer;
}

/* The summary reads what it prints of the Agora stats through the field table, by the names
 * that the table marks as the summary's (CS_AGORA_FIELD_SUMMARY in cs-agora-fields.c). Its
 * sentences are translated whole, so it names its fields instead of walking the table. */
static const CsAgoraField *
summary_field (CsAgoraKind kind, const char *name)
{
  const CsAgoraField *field = name != NULL ? cs_agora_fields_lookup (kind, name) : NULL;

  g_return_val_if_fail (field != NULL && (field->flags & CS_AGORA_FIELD_SUMMARY), NULL);
  return field;
}

static double
summary_value (CsAgoraKind kind, const char *name, gconstpointer stats)
{
  const CsAgoraField *field = summary_field (kind, name);

  return field != NULL ? cs_agora_field_get_double (field, stats) : -1;
}

/* A delay with its Measured flag (the field's companion) */
static const char *
summary_delay (CsAgoraKind kind, const char *name, gconstpointer stats, char *buffer, gsize size)
{
  const CsAgoraField *field = summary_field (kind, name);
  const CsAgoraField *measured = field != NULL ? summary_field (kind, field->companion) : NULL;

  if (measured == NULL)
    return "—";
  return delay_text (cs_agora_field_get_double (field, stats), cs_agora_field_get_boolean (measured, stats),
                     buffer, size);
}

static void
append_histogram (GString *s, const guint *hist)
{
  gboolean first = TRUE;

  for (guint i = 0; i < 7; i++)
    if (hist[i] > 0)
      {
        g_string_append_printf (s, "%s%u×%u", first ? "" : " ", i, hist[i]);
        first = FALSE;
      }
  if (first)
    g_string_append (s, "—");
}

char *
cs_summary_text (const CsExportCall *call, CsRecordingReader *import, guint n_errors)
{
  GString *s = g_string_new (NULL);
  CsStatsModel *model = call->model;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (model));
  GPtrArray *events = cs_stats_model_get_events (model);
  g_autoptr (GPtrArray) periods = cs_report_bad_periods_in_words (call);
  g_autoptr (GHashTable) by_uid = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  g_autoptr (GPtrArray) none = g_ptr_array_new ();
  CsRtcStats rtc;
  char b1[32], b2[32], b3[32];

  g_string_append_printf (s, _("Callscope summary: %.0f s, %u users\n"), cs_stats_model_get_duration (model), n);
  if (import != NULL)
    {
      const char *browser = cs_recording_reader_get_source_browser (import);

      /* TRANSLATORS: "imported: <format> dump of <browser>, <file>, started <ISO time>" */
      g_string_append_printf (s, _("  imported: %s dump of %s, %s, started %s\n"),
                              cs_recording_reader_get_source_format (import),
                              *browser != '\0' ? browser : _("an unknown browser"),
                              cs_recording_reader_get_source_file (import),
                              cs_recording_reader_get_start_time (import));
    }
  /* each user's events, in order: one pass, not one per user */
  for (guint j = 0; events != NULL && j < events->len; j++)
    {
      CsExceptionEvent *e = g_ptr_array_index (events, j);
      GPtrArray *list = g_hash_table_lookup (by_uid, e->uid != NULL ? e->uid : "");

      if (list == NULL)
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (by_uid, e->uid != NULL ? e->uid : "", list);
        }
      g_ptr_array_add (list, e);
    }
  if (cs_stats_model_get_rtc_stats (model, &rtc))
    {
      double rtt = summary_value (CS_AGORA_KIND_RTC, "RTT", &rtc);

      if (rtt >= 0)
        g_snprintf (b1, sizeof b1, "%.0f ms", rtt);
      g_string_append_printf (s, _("  call: sent %.0f kbps, received %.0f kbps, RTT %s\n"),
                              summary_value (CS_AGORA_KIND_RTC, "SendBitrate", &rtc) / 1000,
                              summary_value (CS_AGORA_KIND_RTC, "RecvBitrate", &rtc) / 1000, rtt >= 0 ? b1 : "—");
    }
  if (periods->len > 0)
    {
      g_string_append (s, _("  bad periods:\n"));
      for (guint i = 0; i < periods->len; i++)
        g_string_append_printf (s, "    %s\n", (const char *) g_ptr_array_index (periods, i));
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (CsParticipant) p = g_list_model_get_item (G_LIST_MODEL (model), i);
      const char *uid = cs_participant_get_uid (p);
      guint up_hist[7], down_hist[7];
      double loss_sum = 0, loss_max = 0;
      guint loss_n = loss_stats (p, &loss_sum, &loss_max);
      CsRemoteVideoTrackStats video;
      CsRemoteAudioTrackStats audio;
      guint n_exceptions = 0, n_recovered = 0;
      GPtrArray *mine = g_hash_table_lookup (by_uid, uid);

      g_autofree char *alias = call->anonymise ? cs_export_user_name (call, uid) : NULL;
      const char *name = alias != NULL ? alias : cs_participant_get_display_name (p);

      cs_call_digest_get_histogram (call->digest, uid, CS_LINK_UPLINK, up_hist);
      cs_call_digest_get_histogram (call->digest, uid, CS_LINK_DOWNLINK, down_hist);

      /* a server's uid is a number: say whose it is */
      if (name != NULL && *name != '\0' && g_strcmp0 (name, uid) != 0 && !cs_participant_get_is_local (p))
        g_string_append_printf (s, "\n  %s (%s)\n", uid, name);
      else if (name != NULL && *name != '\0' && g_strcmp0 (name, uid) != 0)
        /* Translators: the local user in the summary: its uid and its name in the room */
        g_string_append_printf (s, _("\n  %s (%s, you)\n"), uid, name);
      else
        g_string_append_printf (s, "\n  %s%s\n", uid, cs_participant_get_is_local (p) ? _(" (you)") : "");
      /* a user who left has no quality now: when it left */
      if (!cs_participant_get_present (p) && cs_participant_get_left_at (p) >= 0)
        g_string_append_printf (s, _("    left the call at %.1f s\n"), cs_participant_get_left_at (p));
      else
        g_string_append_printf (s, _("    quality now: uplink %u (%s), downlink %u (%s)\n"),
                                cs_participant_get_uplink_quality (p),
                                cs_quality_score_label (cs_participant_get_uplink_quality (p)),
                                cs_participant_get_downlink_quality (p),
                                cs_quality_score_label (cs_participant_get_downlink_quality (p)));
      g_string_append (s, _("    uplink scores (score×seconds): "));
      append_histogram (s, up_hist);
      g_string_append (s, _("; downlink: "));
      append_histogram (s, down_hist);
      g_string_append_c (s, '\n');
      if (loss_n > 0)
        g_string_append_printf (s, _("    loss: mean %.1f %%, worst %.1f %%\n"), loss_sum / loss_n, loss_max);
      if (cs_participant_get_rtt (p) >= 0)
        g_string_append_printf (s, _("    RTT %.0f ms, jitter %.1f ms\n"), cs_participant_get_rtt (p),
                                MAX (0, cs_participant_get_jitter (p)));
      if (!cs_participant_get_is_local (p) &&
          cs_stats_model_get_last_remote_video_stats (model, uid, &video))
        {
          const CsAgoraKind v = CS_AGORA_KIND_REMOTE_VIDEO;

          g_string_append_printf (s, _("    video received: transport %s, receive %s, end-to-end %s\n"),
                                  summary_delay (v, "transportDelay", &video, b1, sizeof b1),
                                  summary_delay (v, "receiveDelay", &video, b2, sizeof b2),
                                  summary_delay (v, "end2EndDelay", &video, b3, sizeof b3));
          g_string_append_printf (s, _("      %.0f fps, %u×%u, loss %.1f %% (whole call), frozen %.1f s (%.1f %%)\n"),
                                  MAX (0, summary_value (v, "renderFrameRate", &video)),
                                  (guint) summary_value (v, "receiveResolutionWidth", &video),
                                  (guint) summary_value (v, "receiveResolutionHeight", &video),
                                  MAX (0, summary_value (v, "packetLossRate", &video)),
                                  MAX (0, summary_value (v, "totalFreezeTime", &video)),
                                  MAX (0, summary_value (v, "freezeRate", &video)));
        }
      if (!cs_participant_get_is_local (p) &&
          cs_stats_model_get_last_remote_audio_stats (model, uid, &audio))
        g_string_append_printf (s, _("    audio received: end-to-end %s, loss %.1f %% (whole call), level %.0f\n"),
                                summary_delay (CS_AGORA_KIND_REMOTE_AUDIO, "end2EndDelay", &audio, b1, sizeof b1),
                                MAX (0, summary_value (CS_AGORA_KIND_REMOTE_AUDIO, "packetLossRate", &audio)),
                                MAX (0, summary_value (CS_AGORA_KIND_REMOTE_AUDIO, "receiveLevel", &audio)));

      if (mine == NULL)
        mine = none;
      for (guint j = 0; j < mine->len; j++)
        {
          CsExceptionEvent *e = g_ptr_array_index (mine, j);

          if (e->is_recovery)
            n_recovered++;
          else
            n_exceptions++;
        }
      g_string_append_printf (s, _("    exceptions: %u raised, %u recovered\n"), n_exceptions, n_recovered);
      for (guint j = 0; j < mine->len; j++)
        {
          CsExceptionEvent *e = g_ptr_array_index (mine, j);

          g_string_append_printf (s, "      %6.1f s  %u %s\n", e->t, e->code, e->msg);
        }
    }
  if (n_errors > 0)
    g_string_append_printf (s, _("\n  %u faults reported during the call (see above)\n"), n_errors);
  return g_string_free (s, FALSE);
}

