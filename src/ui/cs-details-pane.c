/* cs-details-pane.c — the selected user's Agora-shaped stats and the call's RTCStats, with units
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Field names are Agora's on purpose (a support engineer looks them up in Agora's
 * documentation); values carry their units. Rows are created once and updated in place.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "cs-agora-fields.h"
#include "cs-details-pane.h"
#include "cs-video-tile.h"

struct _CsDetailsPane
{
  GtkWidget   parent_instance;

  GtkWidget  *title;
  GtkWidget  *range_summary;
  GHashTable *groups;   /* group id -> AdwPreferencesGroup (template children) */
  GHashTable *values;   /* "group/field" -> GtkLabel */
  char       *uid;
};

G_DEFINE_FINAL_TYPE (CsDetailsPane, cs_details_pane, GTK_TYPE_WIDGET)

/* The groups of the template (ui/cs-details-pane.ui), by their ids: Agora's names of the structures */
static const char *const group_ids[] = {
  "NetworkQuality", "RemoteVideoTrackStats", "RemoteAudioTrackStats",
  "LocalVideoTrackStats", "LocalAudioTrackStats", "RTCStats",
};

static void
show_group (CsDetailsPane *self, const char *id, gboolean visible)
{
  GtkWidget *group = g_hash_table_lookup (self->groups, id);

  if (group != NULL)
    gtk_widget_set_visible (group, visible);
}

static void
set_row (CsDetailsPane *self, const char *group_id, const char *field, char *value /* transfer full */)
{
  g_autofree char *key = g_strdup_printf ("%s/%s", group_id, field);
  GtkWidget *label = g_hash_table_lookup (self->values, key);

  if (label == NULL)
    {
      GtkWidget *group = g_hash_table_lookup (self->groups, group_id);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), field);
      label = gtk_label_new (NULL);
      gtk_widget_add_css_class (label, "numeric");
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 1);

      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
      g_hash_table_insert (self->values, g_steal_pointer (&key), label);
    }
  gtk_label_set_text (GTK_LABEL (label), value);
  g_free (value);
}

/* @unit is appended after a space; NULL or "" for a bare number */
/* A sentence (a reason): shown under the field name, where it has the row's whole width. */
static void
set_long_row (CsDetailsPane *self, const char *group_id, const char *field, char *value /* transfer full */)
{
  g_autofree char *key = g_strdup_printf ("%s/%s", group_id, field);
  GtkWidget *row = g_hash_table_lookup (self->values, key);

  if (row == NULL)
    {
      GtkWidget *group = g_hash_table_lookup (self->groups, group_id);

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), field);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
      g_hash_table_insert (self->values, g_steal_pointer (&key), row);
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  g_free (value);
}

static char *
fmt_unit (double v, int digits, const char *unit)
{
  if (v < 0)
    return g_strdup (C_("value", "—"));
  if (unit == NULL || *unit == '\0')
    return g_strdup_printf ("%.*f", digits, v);
  return g_strdup_printf ("%.*f %s", digits, v, unit);
}

static char *
fmt_bps (double v)
{
  if (v < 0)
    return g_strdup (C_("value", "—"));
  if (v >= 1e6)
    return g_strdup_printf (_("%.2f Mbps"), v / 1e6);
  return g_strdup_printf (_("%.0f kbps"), v / 1e3);
}

static char *
fmt_bytes (guint64 v)
{
  return g_format_size (v);
}

static char *
fmt_delay (double v, gboolean measured)
{
  if (v < 0)
    return g_strdup (C_("value", "—"));
  return g_strdup_printf ("%.0f ms (%s)", v, measured ? _("measured") : _("estimated"));
}

static char *
fmt_count (guint64 v)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT, v);
}

static char *
fmt_resolution (guint w, guint h)
{
  if (w == 0 || h == 0)
    return g_strdup (C_("value", "—"));
  return g_strdup_printf ("%u × %u", w, h);
}

/* A field's value as the table says to show it (cs-agora-fields.c) */
static char *
format_field (CsAgoraKind kind, const CsAgoraField *field, gconstpointer stats)
{
  const CsAgoraField *companion = field->companion != NULL ? cs_agora_fields_lookup (kind, field->companion) : NULL;
  const char *text;

  switch (field->format)
    {
    case CS_AGORA_FORMAT_NUMBER:
      return fmt_unit (cs_agora_field_get_double (field, stats), field->decimals,
                       field->unit != NULL ? _(field->unit) : NULL);
    case CS_AGORA_FORMAT_TEXT:
      text = cs_agora_field_get_string (field, stats);
      return g_strdup (text[0] != '\0' ? text : C_("value", "—"));
    case CS_AGORA_FORMAT_COUNT:
      return fmt_count (cs_agora_field_get_uint64 (field, stats));
    case CS_AGORA_FORMAT_BYTES:
      return fmt_bytes (cs_agora_field_get_uint64 (field, stats));
    case CS_AGORA_FORMAT_BITRATE:
      return fmt_bps (cs_agora_field_get_double (field, stats));
    case CS_AGORA_FORMAT_DELAY:
      g_return_val_if_fail (companion != NULL, NULL);
      return fmt_delay (cs_agora_field_get_double (field, stats), cs_agora_field_get_boolean (companion, stats));
    case CS_AGORA_FORMAT_RESOLUTION:
      g_return_val_if_fail (companion != NULL, NULL);
      return fmt_resolution ((guint) cs_agora_field_get_uint64 (field, stats), (guint) cs_agora_field_get_uint64 (companion, stats));
    default:
      g_return_val_if_reached (NULL);
    }
}

/* The group of @kind: a row per field of the table's, in its order; hidden when !@ok */
static void
update_stats (CsDetailsPane *self, CsAgoraKind kind, gboolean ok, gconstpointer stats)
{
  const char *g = cs_agora_kind_get_name (kind);

  if (ok)
    for (const CsAgoraField *const *row = cs_agora_fields_get_details (kind); *row != NULL; row++)
      set_row (self, g, (*row)->label != NULL ? (*row)->label : (*row)->name, format_field (kind, *row, stats));
  show_group (self, g, ok);
}

static void
update_quality (CsDetailsPane *self, CsStatsModel *model, const char *uid)
{
  const char *g = "NetworkQuality";
  CsNetworkQuality q = { 0 };
  gboolean ok;

  if (g_strcmp0 (uid, cs_stats_model_get_local_uid (model)) == 0)
    ok = cs_stats_model_get_network_quality (model, &q);
  else
    ok = cs_stats_model_get_remote_network_quality_for (model, uid, &q);
  if (!ok)
    {
      CsParticipant *p = cs_stats_model_lookup (model, uid);

      if (p == NULL)
        return;
      cs_participant_get_network_quality (p, &q);
    }
  set_row (self, g, "uplinkNetworkQuality",
           g_strdup_printf ("%u %s", q.uplinkNetworkQuality, cs_quality_score_label (q.uplinkNetworkQuality)));
  set_long_row (self, g, _("Uplink reason"), cs_quality_reason_describe (&q.uplinkReason, CS_LINK_UPLINK));
  set_row (self, g, "downlinkNetworkQuality",
           g_strdup_printf ("%u %s", q.downlinkNetworkQuality, cs_quality_score_label (q.downlinkNetworkQuality)));
  set_long_row (self, g, _("Downlink reason"), cs_quality_reason_describe (&q.downlinkReason, CS_LINK_DOWNLINK));
}

void
cs_details_pane_update (CsDetailsPane *self, CsStatsModel *model, const char *uid)
{
  CsParticipant *p = NULL;
  CsRtcStats rtc;
  CsRemoteVideoTrackStats rv;
  CsRemoteAudioTrackStats ra;
  CsLocalVideoTrackStats lv;
  CsLocalAudioTrackStats la;
  gboolean is_local = FALSE, remote = FALSE;

  g_return_if_fail (CS_IS_DETAILS_PANE (self));
  g_return_if_fail (CS_IS_STATS_MODEL (model));

  if (g_strcmp0 (self->uid, uid) != 0)
    {
      g_free (self->uid);
      self->uid = g_strdup (uid);
    }
  if (uid != NULL)
    p = cs_stats_model_lookup (model, uid);
  if (p != NULL)
    {
      g_autofree char *title = g_strdup_printf (_("Details of %s"), cs_participant_ui_name (p));

      gtk_label_set_text (GTK_LABEL (self->title), title);
      is_local = cs_participant_get_is_local (p);
      remote = !is_local;
      update_quality (self, model, uid);
    }
  else
    gtk_label_set_text (GTK_LABEL (self->title), _("Select a user to see the details"));
  show_group (self, "NetworkQuality", p != NULL);
  update_stats (self, CS_AGORA_KIND_REMOTE_VIDEO, remote && cs_stats_model_get_remote_video_stats_for (model, uid, &rv), &rv);
  update_stats (self, CS_AGORA_KIND_REMOTE_AUDIO, remote && cs_stats_model_get_remote_audio_stats_for (model, uid, &ra), &ra);
  update_stats (self, CS_AGORA_KIND_LOCAL_VIDEO, is_local && cs_stats_model_get_local_video_stats (model, &lv), &lv);
  update_stats (self, CS_AGORA_KIND_LOCAL_AUDIO, is_local && cs_stats_model_get_local_audio_stats (model, &la), &la);
  update_stats (self, CS_AGORA_KIND_RTC, cs_stats_model_get_rtc_stats (model, &rtc), &rtc);
}

const char *
cs_details_pane_get_uid (CsDetailsPane *self)
{
  g_return_val_if_fail (CS_IS_DETAILS_PANE (self), NULL);
  return self->uid;
}

const char *
cs_details_pane_get_value (CsDetailsPane *self, const char *group, const char *field)
{
  g_autofree char *key = g_strdup_printf ("%s/%s", group, field);
  GtkWidget *label = g_hash_table_lookup (self->values, key);
  GtkWidget *g = g_hash_table_lookup (self->groups, group);

  if (label == NULL || g == NULL || !gtk_widget_get_visible (g))
    return NULL;
  if (ADW_IS_ACTION_ROW (label))
    return adw_action_row_get_subtitle (ADW_ACTION_ROW (label));
  return gtk_label_get_text (GTK_LABEL (label));
}

static void
cs_details_pane_dispose (GObject *object)
{
  CsDetailsPane *self = CS_DETAILS_PANE (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_DETAILS_PANE);
  /* the template's children that are not bound (the page) */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->groups, g_hash_table_unref);
  g_clear_pointer (&self->values, g_hash_table_unref);
  G_OBJECT_CLASS (cs_details_pane_parent_class)->dispose (object);
}

static void
cs_details_pane_finalize (GObject *object)
{
  g_free (CS_DETAILS_PANE (object)->uid);
  G_OBJECT_CLASS (cs_details_pane_parent_class)->finalize (object);
}

static void
cs_details_pane_class_init (CsDetailsPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_details_pane_dispose;
  object_class->finalize = cs_details_pane_finalize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "detailspane");

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/callscope/Callscope/cs-details-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, CsDetailsPane, title);
  gtk_widget_class_bind_template_child (widget_class, CsDetailsPane, range_summary);
  for (guint i = 0; i < G_N_ELEMENTS (group_ids); i++)
    gtk_widget_class_bind_template_child_full (widget_class, group_ids[i], FALSE, 0);
}

static void
cs_details_pane_init (CsDetailsPane *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  self->groups = g_hash_table_new (g_str_hash, g_str_equal);
  self->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
  for (guint i = 0; i < G_N_ELEMENTS (group_ids); i++)
    g_hash_table_insert (self->groups, (gpointer) group_ids[i],
                         gtk_widget_get_template_child (GTK_WIDGET (self), CS_TYPE_DETAILS_PANE, group_ids[i]));
}

GtkWidget *
cs_details_pane_new (void)
{
  return g_object_new (CS_TYPE_DETAILS_PANE, NULL);
}

void
cs_details_pane_set_range_summary (CsDetailsPane *self, const char *text)
{
  g_return_if_fail (CS_IS_DETAILS_PANE (self));
  gtk_label_set_text (GTK_LABEL (self->range_summary), text != NULL ? text : "");
  gtk_widget_set_visible (self->range_summary, text != NULL);
}

const char *
cs_details_pane_get_range_summary (CsDetailsPane *self)
{
  g_return_val_if_fail (CS_IS_DETAILS_PANE (self), NULL);
  return gtk_widget_get_visible (self->range_summary) ? gtk_label_get_text (GTK_LABEL (self->range_summary)) : NULL;
}
