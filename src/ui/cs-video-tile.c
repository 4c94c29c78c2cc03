/* cs-video-tile.c — one user: video, name, uplink/downlink badges and the numbers that matter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "cs-quality-badge.h"
#include "cs-video-tile.h"

/* No new frame for this long (µs) while the user is present: the video is shown as frozen. */
#define FROZEN_AFTER_US (2 * G_USEC_PER_SEC)

struct _CsVideoTile
{
  GtkWidget         parent_instance;

  CsParticipant    *participant;
  CsVideoPaintable *paintable;

  GtkWidget        *box;
  GtkWidget        *picture;
  GtkWidget        *placeholder;
  GtkWidget        *overlay_box;
  GtkWidget        *overlay_icon;
  GtkWidget        *overlay_label;
  GtkWidget        *name;
  GtkWidget        *you;
  GtkWidget        *uplink;
  GtkWidget        *downlink;
  GtkWidget        *metrics;
  const char       *video_state;
};

G_DEFINE_FINAL_TYPE (CsVideoTile, cs_video_tile, GTK_TYPE_WIDGET)

const char *
cs_participant_ui_name (CsParticipant *p)
{
  const char *name = cs_participant_get_display_name (p);

  if (cs_participant_get_is_local (p) &&
      (name == NULL || *name == '\0' || g_strcmp0 (name, cs_participant_get_uid (p)) == 0))
    return _("You");
  return name != NULL && *name != '\0' ? name : cs_participant_get_uid (p);
}

static char *
format_ms (double v)
{
  if (v < 0)
    return g_strdup (C_("value", "—"));
  /* Translators: milliseconds */
  return g_strdup_printf (_("%.0f ms"), v);
}

static void
set_overlay (CsVideoTile *self, const char *state, const char *icon, const char *text)
{
  self->video_state = state;
  gtk_widget_set_visible (self->overlay_box, state != NULL);
  if (state == NULL)
    return;
  gtk_image_set_from_icon_name (GTK_IMAGE (self->overlay_icon), icon);
  gtk_label_set_text (GTK_LABEL (self->overlay_label), text);
}

void
cs_video_tile_refresh (CsVideoTile *self)
{
  CsParticipant *p = self->participant;
  g_autofree char *loss = NULL, *rtt = NULL, *e2e = NULL, *metrics = NULL, *desc = NULL;
  gboolean has_video = self->paintable != NULL && cs_video_paintable_has_frame (self->paintable);
  gint64 age = has_video ? g_get_monotonic_time () - cs_video_paintable_get_last_frame_time (self->paintable) : 0;
  double l = cs_participant_get_loss (p);

  gtk_label_set_text (GTK_LABEL (self->name), cs_participant_ui_name (p));
  adw_avatar_set_text (ADW_AVATAR (self->placeholder), cs_participant_ui_name (p));
  gtk_widget_set_visible (self->you, cs_participant_get_is_local (p) &&
                          g_strcmp0 (cs_participant_ui_name (p), _("You")) != 0);
  cs_quality_badge_set_score (CS_QUALITY_BADGE (self->uplink), cs_participant_get_uplink_quality (p),
                              cs_participant_get_uplink_reason (p));
  cs_quality_badge_set_score (CS_QUALITY_BADGE (self->downlink), cs_participant_get_downlink_quality (p),
                              cs_participant_get_downlink_reason (p));

  loss = l < 0 ? g_strdup (C_("value", "—")) : g_strdup_printf (_("%.1f %%"), l);
  rtt = format_ms (cs_participant_get_rtt (p));
  e2e = format_ms (cs_participant_get_end2end_delay (p));
  /* Translators: the numbers under a video tile: packet loss, round-trip time, end-to-end delay */
  metrics = g_strdup_printf (_("Loss %s · RTT %s · End-to-end %s"), loss, rtt, e2e);
  gtk_label_set_text (GTK_LABEL (self->metrics), metrics);

  gtk_widget_set_visible (self->picture, has_video);
  gtk_widget_set_visible (self->placeholder, !has_video);
  if (!cs_participant_get_present (p))
    set_overlay (self, "stopped", "media-playback-stop-symbolic", _("Left the call"));
  else if (cs_participant_get_media_stopped (p))
    set_overlay (self, "stopped", "camera-disabled-symbolic", _("Video stopped"));
  else if (cs_participant_get_video_frozen (p) || (has_video && age > FROZEN_AFTER_US))
    set_overlay (self, "frozen", "media-playback-pause-symbolic", _("Video frozen"));
  else if (!has_video && !cs_participant_get_is_local (p) && self->paintable != NULL)
    set_overlay (self, "waiting", "camera-web-symbolic", _("Waiting for video"));
  else
    set_overlay (self, NULL, NULL, NULL);

  /* Translators: accessible description of a tile: name, uplink, downlink, then the numbers */
  desc = g_strdup_printf (_("%s. Uplink %s. Downlink %s. %s.%s%s"),
                          cs_participant_ui_name (p),
                          cs_quality_badge_get_text (CS_QUALITY_BADGE (self->uplink)),
                          cs_quality_badge_get_text (CS_QUALITY_BADGE (self->downlink)),
                          metrics,
                          self->video_state != NULL ? " " : "",
                          self->video_state != NULL ? gtk_label_get_text (GTK_LABEL (self->overlay_label)) : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, cs_participant_ui_name (p),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, desc,
                                  -1);
}

static void
paintable_size_cb (GdkPaintable *paintable, CsVideoTile *self)
{
  cs_video_tile_refresh (self);
}

static void
cs_video_tile_dispose (GObject *object)
{
  CsVideoTile *self = CS_VIDEO_TILE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_VIDEO_TILE);
  g_clear_object (&self->participant);
  g_clear_object (&self->paintable);
  G_OBJECT_CLASS (cs_video_tile_parent_class)->dispose (object);
}

static void
cs_video_tile_class_init (CsVideoTileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_video_tile_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "videotile");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  g_type_ensure (CS_TYPE_QUALITY_BADGE);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/callscope/Callscope/cs-video-tile.ui");
  gtk_widget_class_bind_template_child (widget_class, CsVideoTile, box);
  gtk_widget_class_bind_template_child (widget_class, CsVideoTile, picture);
  gtk_widget_class_bind_template_child (widget_class, CsVideoTile, placeholder);
  gtk_widget_class_bind_template_child (widget_class, CsVideoTile, overlay_box);
  gtk_widget_class_bind_template_child (widget_class, CsVideoTile, overlay_icon);
  gtk_widget_class_bind_template_child (widget_class, CsVideoTile, overlay_label);
  gtk_widget_class_bind_template_child (widget_class, CsVideoTile, name);
  gtk_widget_class_bind_template_child (widget_class, CsVideoTile, you);
  gtk_widget_class_bind_template_child (widget_class, CsVideoTile, uplink);
  gtk_widget_class_bind_template_child (widget_class, CsVideoTile, downlink);
  gtk_widget_class_bind_template_child (widget_class, CsVideoTile, metrics);
}

static void
cs_video_tile_init (CsVideoTile *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
cs_video_tile_new (CsParticipant *participant, CsVideoPaintable *paintable)
{
  CsVideoTile *self;

  g_return_val_if_fail (CS_IS_PARTICIPANT (participant), NULL);
  self = g_object_new (CS_TYPE_VIDEO_TILE, NULL);
  self->participant = g_object_ref (participant);
  if (paintable != NULL)
    {
      self->paintable = g_object_ref (paintable);
      gtk_picture_set_paintable (GTK_PICTURE (self->picture), GDK_PAINTABLE (paintable));
      g_signal_connect_object (paintable, "invalidate-size", G_CALLBACK (paintable_size_cb), self, 0);
    }
  /* no per-property "notify" handler: the window refreshes every tile once per committed second */
  cs_video_tile_refresh (self);
  return GTK_WIDGET (self);
}

CsParticipant *
cs_video_tile_get_participant (CsVideoTile *self)
{
  g_return_val_if_fail (CS_IS_VIDEO_TILE (self), NULL);
  return self->participant;
}

GtkWidget *
cs_video_tile_get_badge (CsVideoTile *self, gboolean uplink)
{
  g_return_val_if_fail (CS_IS_VIDEO_TILE (self), NULL);
  return uplink ? self->uplink : self->downlink;
}

const char *
cs_video_tile_get_video_state (CsVideoTile *self)
{
  g_return_val_if_fail (CS_IS_VIDEO_TILE (self), NULL);
  return self->video_state;
}

const char *
cs_video_tile_get_metrics_text (CsVideoTile *self)
{
  g_return_val_if_fail (CS_IS_VIDEO_TILE (self), NULL);
  return gtk_label_get_text (GTK_LABEL (self->metrics));
}
