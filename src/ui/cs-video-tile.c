/* cs-video-tile.c — one user: video, name, uplink/downlink badges and the numbers that matter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "cs-quality-badge.h"
#include "cs-stats-sample.h"
#include "cs-video-tile.h"

/* No new frame for this long (µs) while the user is present: the video is shown as frozen. */
#define FROZEN_AFTER_US (2 * G_USEC_PER_SEC)

struct _CsVideoTile
{
  GtkWidget         parent_instance;

  CsParticipant    *participant;
  GSignalGroup     *participant_signals;  /* its "notify::…" handlers, moved with it */
  CsVideoPaintable *paintable;
  double            shown_metrics[3];     /* loss, rtt, end2end-delay as the label shows them */
  const char       *video_state;
  char             *overlay_text;
  guint             description_id;       /* the accessible description, once per change of the model */

  /* template children */
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
};

G_DEFINE_FINAL_TYPE (CsVideoTile, cs_video_tile, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_PARTICIPANT,
  PROP_PAINTABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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

/* ---- what the tile shows, each part from the participant's properties it depends on -------
 *
 * The model notifies a property once per committed second, and only when it changed (each
 * setter freezes the notifications of the values it sets together): so each part is redone at
 * most once a second, and only when its values changed. The accessible description is made of
 * every part: it is redone once, in an idle, after the parts that changed. */

static gboolean
update_description (gpointer data)
{
  CsVideoTile *self = data;
  CsParticipant *p = self->participant;
  g_autofree char *desc = NULL;

  self->description_id = 0;
  if (p == NULL)
    return G_SOURCE_REMOVE;
  /* Translators: accessible description of a tile: name, uplink, downlink, then the numbers */
  desc = g_strdup_printf (_("%s. Uplink %s. Downlink %s. %s.%s%s"),
                          cs_participant_ui_name (p),
                          cs_quality_badge_get_text (CS_QUALITY_BADGE (self->uplink)),
                          cs_quality_badge_get_text (CS_QUALITY_BADGE (self->downlink)),
                          gtk_label_get_text (GTK_LABEL (self->metrics)),
                          self->video_state != NULL ? " " : "",
                          self->video_state != NULL ? gtk_label_get_text (GTK_LABEL (self->overlay_label)) : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, desc, -1);
  return G_SOURCE_REMOVE;
}

static void
queue_description (CsVideoTile *self)
{
  if (self->description_id == 0)
    self->description_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, update_description, self, NULL);
}

static void
update_name (CsVideoTile *self)
{
  CsParticipant *p = self->participant;
  const char *name = p != NULL ? cs_participant_ui_name (p) : "";

  gtk_label_set_text (GTK_LABEL (self->name), name);
  adw_avatar_set_text (ADW_AVATAR (self->placeholder), name);
  gtk_widget_set_visible (self->you, p != NULL && cs_participant_get_is_local (p) && g_strcmp0 (name, _("You")) != 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  queue_description (self);
}

static void
update_badges (CsVideoTile *self)
{
  CsParticipant *p = self->participant;

  /* each badge skips a score and reason it shows already */
  cs_quality_badge_set_score (CS_QUALITY_BADGE (self->uplink), p != NULL ? cs_participant_get_uplink_quality (p) : 0,
                              p != NULL ? cs_participant_get_uplink_reason (p) : NULL);
  cs_quality_badge_set_score (CS_QUALITY_BADGE (self->downlink), p != NULL ? cs_participant_get_downlink_quality (p) : 0,
                              p != NULL ? cs_participant_get_downlink_reason (p) : NULL);
  queue_description (self);
}

static void
update_metrics (CsVideoTile *self, gboolean force)
{
  CsParticipant *p = self->participant;
  double v[3] = { CS_UNKNOWN, CS_UNKNOWN, CS_UNKNOWN };
  g_autofree char *loss = NULL, *rtt = NULL, *e2e = NULL, *metrics = NULL;

  if (p != NULL)
    {
      v[0] = cs_participant_get_loss (p);
      v[1] = cs_participant_get_rtt (p);
      v[2] = cs_participant_get_end2end_delay (p);
    }
  /* loss, rtt and end2end-delay are set together: the first of their notifications shows all three */
  if (!force && memcmp (v, self->shown_metrics, sizeof v) == 0)
    return;
  memcpy (self->shown_metrics, v, sizeof v);
  loss = v[0] < 0 ? g_strdup (C_("value", "—")) : g_strdup_printf (_("%.1f %%"), v[0]);
  rtt = format_ms (v[1]);
  e2e = format_ms (v[2]);
  /* Translators: the numbers under a video tile: packet loss, round-trip time, end-to-end delay */
  metrics = g_strdup_printf (_("Loss %s · RTT %s · End-to-end %s"), loss, rtt, e2e);
  gtk_label_set_text (GTK_LABEL (self->metrics), metrics);
  queue_description (self);
}

static void
update_video_state (CsVideoTile *self)
{
  CsParticipant *p = self->participant;
  gboolean has_video = self->paintable != NULL && cs_video_paintable_has_frame (self->paintable);
  gint64 age = has_video ? g_get_monotonic_time () - cs_video_paintable_get_last_frame_time (self->paintable) : 0;
  const char *state = NULL, *icon = NULL, *text = NULL;
  g_autofree char *undecodable = NULL;

  gtk_widget_set_visible (self->picture, has_video);
  gtk_widget_set_visible (self->placeholder, !has_video);
  if (p == NULL)
    ;
  else if (!cs_participant_get_present (p))
    state = "stopped", icon = "media-playback-stop-symbolic", text = _("Left the call");
  else if (cs_participant_get_media_stopped (p))
    state = "stopped", icon = "camera-disabled-symbolic", text = _("Video stopped");
  else if (cs_participant_get_undecodable_codec (p) != NULL)
    {
      const char *codec = cs_participant_get_undecodable_codec (p);

      if (*codec != '\0')
        /* Translators: on a video tile; %s is a codec's name, e.g. "H.264" */
        undecodable = g_strdup_printf (_("Cannot decode %s"), codec);
      else
        undecodable = g_strdup (_("Cannot decode this stream"));
      state = "undecodable", icon = "dialog-warning-symbolic", text = undecodable;
    }
  else if (cs_participant_get_video_frozen (p) || (has_video && age > FROZEN_AFTER_US))
    state = "frozen", icon = "media-playback-pause-symbolic", text = _("Video frozen");
  else if (!has_video && !cs_participant_get_is_local (p) && self->paintable != NULL)
    state = "waiting", icon = "camera-web-symbolic", text = _("Waiting for video");

  if (state == self->video_state && g_strcmp0 (text, self->overlay_text) == 0)
    return;
  self->video_state = state;
  g_free (self->overlay_text);
  self->overlay_text = g_strdup (text);
  gtk_widget_set_visible (self->overlay_box, state != NULL);
  if (state != NULL)
    {
      gtk_image_set_from_icon_name (GTK_IMAGE (self->overlay_icon), icon);
      gtk_label_set_text (GTK_LABEL (self->overlay_label), text);
    }
  queue_description (self);
}

static void
name_notify_cb (CsVideoTile *self, GParamSpec *pspec, CsParticipant *p)
{
  update_name (self);
}

static void
badges_notify_cb (CsVideoTile *self, GParamSpec *pspec, CsParticipant *p)
{
  update_badges (self);
}

static void
metrics_notify_cb (CsVideoTile *self, GParamSpec *pspec, CsParticipant *p)
{
  update_metrics (self, FALSE);
}

static void
video_state_notify_cb (CsVideoTile *self, GParamSpec *pspec, CsParticipant *p)
{
  update_video_state (self);
}

static void
paintable_size_cb (GdkPaintable *paintable, CsVideoTile *self)
{
  update_video_state (self);
}

/* ---- properties -------------------------------------------------------------------------- */

void
cs_video_tile_set_participant (CsVideoTile *self, CsParticipant *participant)
{
  g_return_if_fail (CS_IS_VIDEO_TILE (self));
  g_return_if_fail (participant == NULL || CS_IS_PARTICIPANT (participant));
  if (!g_set_object (&self->participant, participant))
    return;
  g_signal_group_set_target (self->participant_signals, participant);
  update_name (self);
  update_badges (self);
  update_metrics (self, TRUE);
  update_video_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PARTICIPANT]);
}

static void
cs_video_tile_set_paintable (CsVideoTile *self, CsVideoPaintable *paintable)
{
  g_assert (self->paintable == NULL);   /* construct-only */
  if (paintable == NULL)
    return;
  self->paintable = g_object_ref (paintable);
  gtk_picture_set_paintable (GTK_PICTURE (self->picture), GDK_PAINTABLE (paintable));
  g_signal_connect_object (paintable, "invalidate-size", G_CALLBACK (paintable_size_cb), self, 0);
  update_video_state (self);
}

static void
cs_video_tile_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CsVideoTile *self = CS_VIDEO_TILE (object);

  switch (prop_id)
    {
    case PROP_PARTICIPANT:
      g_value_set_object (value, self->participant);
      break;
    case PROP_PAINTABLE:
      g_value_set_object (value, self->paintable);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_video_tile_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  CsVideoTile *self = CS_VIDEO_TILE (object);

  switch (prop_id)
    {
    case PROP_PARTICIPANT:
      cs_video_tile_set_participant (self, g_value_get_object (value));
      break;
    case PROP_PAINTABLE:
      cs_video_tile_set_paintable (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_video_tile_dispose (GObject *object)
{
  CsVideoTile *self = CS_VIDEO_TILE (object);

  g_clear_handle_id (&self->description_id, g_source_remove);
  /* disconnects every handler from the participant */
  g_clear_object (&self->participant_signals);
  g_clear_object (&self->participant);
  if (self->paintable != NULL)
    g_signal_handlers_disconnect_by_data (self->paintable, self);
  g_clear_object (&self->paintable);
  g_clear_pointer (&self->overlay_text, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_VIDEO_TILE);
  G_OBJECT_CLASS (cs_video_tile_parent_class)->dispose (object);
}

static void
cs_video_tile_realize (GtkWidget *widget)
{
  CsVideoTile *self = CS_VIDEO_TILE (widget);
  GskRenderer *renderer;

  GTK_WIDGET_CLASS (cs_video_tile_parent_class)->realize (widget);
  /* GTK's cairo renderer would convert each frame's texture again whenever it draws it */
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  if (self->paintable != NULL)
    cs_video_paintable_set_draw_with_cairo (self->paintable, GSK_IS_CAIRO_RENDERER (renderer));
}

static void
cs_video_tile_class_init (CsVideoTileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_video_tile_dispose;
  object_class->get_property = cs_video_tile_get_property;
  object_class->set_property = cs_video_tile_set_property;
  widget_class->realize = cs_video_tile_realize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "videotile");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  /* the user the tile shows; it follows the participant's properties from then on */
  properties[PROP_PARTICIPANT] =
    g_param_spec_object ("participant", NULL, NULL, CS_TYPE_PARTICIPANT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* the user's video (nullable) */
  properties[PROP_PAINTABLE] =
    g_param_spec_object ("paintable", NULL, NULL, CS_TYPE_VIDEO_PAINTABLE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

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
  static const char *const names[] = { "notify::display-name" };
  static const char *const badges[] = { "notify::uplink-quality", "notify::uplink-reason",
                                        "notify::downlink-quality", "notify::downlink-reason" };
  static const char *const metrics[] = { "notify::loss", "notify::rtt", "notify::end2end-delay" };
  static const char *const states[] = { "notify::present", "notify::media-stopped", "notify::video-frozen",
                                        "notify::undecodable-codec" };

  gtk_widget_init_template (GTK_WIDGET (self));
  self->participant_signals = g_signal_group_new (CS_TYPE_PARTICIPANT);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_signal_group_connect_swapped (self->participant_signals, names[i], G_CALLBACK (name_notify_cb), self);
  for (guint i = 0; i < G_N_ELEMENTS (badges); i++)
    g_signal_group_connect_swapped (self->participant_signals, badges[i], G_CALLBACK (badges_notify_cb), self);
  for (guint i = 0; i < G_N_ELEMENTS (metrics); i++)
    g_signal_group_connect_swapped (self->participant_signals, metrics[i], G_CALLBACK (metrics_notify_cb), self);
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    g_signal_group_connect_swapped (self->participant_signals, states[i], G_CALLBACK (video_state_notify_cb), self);
}

GtkWidget *
cs_video_tile_new (CsParticipant *participant, CsVideoPaintable *paintable)
{
  g_return_val_if_fail (CS_IS_PARTICIPANT (participant), NULL);
  g_return_val_if_fail (paintable == NULL || CS_IS_VIDEO_PAINTABLE (paintable), NULL);
  return g_object_new (CS_TYPE_VIDEO_TILE, "paintable", paintable, "participant", participant, NULL);
}

CsParticipant *
cs_video_tile_get_participant (CsVideoTile *self)
{
  g_return_val_if_fail (CS_IS_VIDEO_TILE (self), NULL);
  return self->participant;
}

void
cs_video_tile_check_video (CsVideoTile *self)
{
  g_return_if_fail (CS_IS_VIDEO_TILE (self));
  update_video_state (self);
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
