/* cs-agora-stats.c — names, labels and reason sentences of the model's outputs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cs-agora-stats.h"

static const char *const metric_ids[] = {
  [CS_QUALITY_METRIC_NONE] = "none",
  [CS_QUALITY_METRIC_LOSS] = "loss",
  [CS_QUALITY_METRIC_JITTER] = "jitter",
  [CS_QUALITY_METRIC_RTT] = "rtt",
  [CS_QUALITY_METRIC_DELAY] = "delay",
  [CS_QUALITY_METRIC_FRAME_RATE] = "frame-rate",
  [CS_QUALITY_METRIC_FREEZE] = "freeze",
  [CS_QUALITY_METRIC_BITRATE] = "bitrate",
  [CS_QUALITY_METRIC_NO_MEDIA] = "no-media",
  [CS_QUALITY_METRIC_NO_DATA] = "no-data",
};

/**
 * cs_quality_metric_to_string:
 * Returns: (transfer none): a stable identifier ("loss", "jitter", …), used in recordings;
 *   "none" for unknown values.
 */
const char *
cs_quality_metric_to_string (CsQualityMetric metric)
{
  if ((guint) metric >= G_N_ELEMENTS (metric_ids))
    return "none";
  return metric_ids[metric];
}

gboolean
cs_quality_metric_from_string (const char      *str,
                               CsQualityMetric *out)
{
  if (str == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (metric_ids); i++)
    if (g_strcmp0 (str, metric_ids[i]) == 0)
      {
        if (out != NULL)
          *out = (CsQualityMetric) i;
        return TRUE;
      }
  return FALSE;
}

/**
 * cs_quality_reason_describe:
 * Returns: (transfer full): a translated sentence such as "loss 7.2 % on downlink".
 */
char *
cs_quality_reason_describe (const CsQualityReason *reason,
                            CsLink                 link)
{
  gboolean up = link == CS_LINK_UPLINK;

  g_return_val_if_fail (reason != NULL, NULL);

  switch (reason->metric)
    {
    case CS_QUALITY_METRIC_LOSS:
      return g_strdup_printf (up ? _("loss %.1f %% on uplink") : _("loss %.1f %% on downlink"), reason->value);
    case CS_QUALITY_METRIC_JITTER:
      return g_strdup_printf (up ? _("jitter %.0f ms on uplink") : _("jitter %.0f ms on downlink"), reason->value);
    case CS_QUALITY_METRIC_RTT:
      return g_strdup_printf (up ? _("round-trip time %.0f ms on uplink") : _("round-trip time %.0f ms on downlink"), reason->value);
    case CS_QUALITY_METRIC_DELAY:
      return g_strdup_printf (up ? _("delay %.0f ms on uplink") : _("delay %.0f ms on downlink"), reason->value);
    case CS_QUALITY_METRIC_FRAME_RATE:
      return g_strdup_printf (up ? _("frame rate %.0f %% below the sender's on uplink")
                                 : _("frame rate %.0f %% below the sender's on downlink"), reason->value);
    case CS_QUALITY_METRIC_FREEZE:
      return g_strdup_printf (up ? _("video frozen %.0f %% of the time on uplink")
                                 : _("video frozen %.0f %% of the time on downlink"), reason->value);
    case CS_QUALITY_METRIC_BITRATE:
      return g_strdup_printf (up ? _("bitrate %.0f kbps on uplink") : _("bitrate %.0f kbps on downlink"), reason->value);
    case CS_QUALITY_METRIC_NO_MEDIA:
      return g_strdup_printf (up ? _("no media for %.0f s on uplink") : _("no media for %.0f s on downlink"), reason->value);
    case CS_QUALITY_METRIC_NO_DATA:
      return g_strdup (_("not enough data yet"));
    case CS_QUALITY_METRIC_NONE:
    default:
      return g_strdup (up ? _("nothing limits the uplink") : _("nothing limits the downlink"));
    }
}

/**
 * cs_quality_score_label:
 * Returns: (transfer none): a translated word for a score 0…6.
 */
const char *
cs_quality_score_label (guint score)
{
  static const char *const labels[] = {
    N_("Unknown"), N_("Excellent"), N_("Good"), N_("Poor"), N_("Bad"), N_("Very bad"), N_("Down"),
  };

  if (score >= G_N_ELEMENTS (labels))
    return _("Unknown");
  return _(labels[score]);
}
