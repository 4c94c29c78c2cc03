/* cs-window-tiles.c — CsWindow's video tiles: one per present user, the selection, and the
 * paintables the engine's streaming threads draw into
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cs-call-controller.h"
#include "cs-details-pane.h"
#include "cs-event-log.h"
#include "cs-video-paintable.h"
#include "cs-video-tile.h"
#include "cs-window-private.h"

/* ---- video registry ---------------------------------------------------------------- */

static VideoRegistry *
video_registry_new (void)
{
  VideoRegistry *r = g_atomic_rc_box_new0 (VideoRegistry);

  g_mutex_init (&r->lock);
  r->paintables = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  return r;
}

static void
video_registry_clear (gpointer data)
{
  VideoRegistry *r = data;

  g_hash_table_unref (r->paintables);
  g_mutex_clear (&r->lock);
}

static void
video_registry_unref (gpointer data)
{
  g_atomic_rc_box_release_full (data, video_registry_clear);
}

/* Any thread. (transfer full) */
static CsVideoPaintable *
video_registry_get (VideoRegistry *r, const char *uid)
{
  CsVideoPaintable *p;

  g_mutex_lock (&r->lock);
  p = g_hash_table_lookup (r->paintables, uid);
  if (p == NULL)
    {
      p = cs_video_paintable_new ();
      g_hash_table_insert (r->paintables, g_strdup (uid), p);
    }
  g_object_ref (p);
  g_mutex_unlock (&r->lock);
  return p;
}

void
_cs_window_reset_videos (CsWindow *self)
{
  g_mutex_lock (&self->videos->lock);
  g_hash_table_remove_all (self->videos->paintables);
  g_mutex_unlock (&self->videos->lock);
}

/* Called on a GStreamer streaming thread. */
static GstElement *
video_sink_factory (const char *uid, gpointer user_data)
{
  g_autoptr (CsVideoPaintable) p = video_registry_get (user_data, uid);

  return cs_video_paintable_create_sink (p);
}

/* ---- selection and tiles ----------------------------------------------------------- */

void
_cs_window_update_selection_label (CsWindow *self)
{
  g_autofree char *text = NULL;

  if (self->selected_uid == NULL)
    {
      gtk_label_set_text (self->selection_label, _("Click a tile to see a user’s delays and details"));
      /* the label ellipsizes in a narrow window: the whole text on hover */
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->selection_label), gtk_label_get_text (self->selection_label));
      return;
    }
  /* Translators: above the charts, %s is a user name */
  text = g_strdup_printf (_("Selected: %s"), _cs_window_participant_name (self, self->selected_uid));
  gtk_label_set_text (self->selection_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->selection_label), text);
}

void
_cs_window_sync_tile_selection (CsWindow *self)
{
  GtkWidget *child;

  self->syncing_selection = TRUE;
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->tiles)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *tile = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));

      if (CS_IS_VIDEO_TILE (tile) &&
          g_strcmp0 (cs_participant_get_uid (cs_video_tile_get_participant (CS_VIDEO_TILE (tile))),
                     self->selected_uid) == 0)
        gtk_flow_box_select_child (self->tiles, GTK_FLOW_BOX_CHILD (child));
    }
  self->syncing_selection = FALSE;
}

void
cs_window_select_user (CsWindow *self, const char *uid)
{
  g_return_if_fail (CS_IS_WINDOW (self));
  if (g_strcmp0 (self->selected_uid, uid) != 0)
    {
      g_free (self->selected_uid);
      self->selected_uid = g_strdup (uid);
      _cs_window_rebuild_delay_chart (self);
    }
  _cs_window_update_selection_label (self);
  _cs_window_sync_tile_selection (self);
  cs_details_pane_update (self->details_pane, self->model, self->selected_uid);
}

static void
tiles_selection_changed_cb (GtkFlowBox *box, CsWindow *self)
{
  g_autoptr (GList) selected = NULL;
  GtkWidget *tile;

  if (self->syncing_selection)
    return;
  selected = gtk_flow_box_get_selected_children (box);
  if (selected == NULL)
    return;
  tile = gtk_flow_box_child_get_child (selected->data);
  if (CS_IS_VIDEO_TILE (tile))
    cs_window_select_user (self, cs_participant_get_uid (cs_video_tile_get_participant (CS_VIDEO_TILE (tile))));
}

static GtkWidget *
create_tile (gpointer item, gpointer user_data)
{
  CsWindow *self = user_data;
  CsParticipant *p = item;
  g_autoptr (CsVideoPaintable) paintable = NULL;

  /* a recording or a dump has no video: its tiles do not wait for any */
  if (!cs_call_controller_get_replaying (self->controller))
    paintable = video_registry_get (self->videos, cs_participant_get_uid (p));
  return cs_video_tile_new (p, paintable);
}

static gboolean
present_filter_func (gpointer item, gpointer user_data)
{
  return cs_participant_get_present (CS_PARTICIPANT (item));
}

void
_cs_window_check_tiles_video (CsWindow *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->tiles)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *tile = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));

      if (CS_IS_VIDEO_TILE (tile))
        cs_video_tile_check_video (CS_VIDEO_TILE (tile));
    }
}


void
_cs_window_tiles_init (CsWindow *self)
{
  self->videos = video_registry_new ();
  cs_call_controller_set_video_sink_factory (self->controller, video_sink_factory,
                                             g_atomic_rc_box_acquire (self->videos), video_registry_unref);
  self->present_filter = gtk_custom_filter_new (present_filter_func, NULL, NULL);
  self->present = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->model)),
                                             GTK_FILTER (self->present_filter));
  gtk_flow_box_bind_model (self->tiles, G_LIST_MODEL (self->present), create_tile, self, NULL);
  g_signal_connect (self->tiles, "selected-children-changed", G_CALLBACK (tiles_selection_changed_cb), self);
}

/* before the template's children go */
void
_cs_window_tiles_dispose (CsWindow *self)
{
  if (self->tiles != NULL)
    gtk_flow_box_bind_model (self->tiles, NULL, NULL, NULL, NULL);
  g_clear_pointer (&self->videos, video_registry_unref);
}

GstElement *
cs_window_create_video_sink (CsWindow *self, const char *uid)
{
  g_return_val_if_fail (CS_IS_WINDOW (self), NULL);
  g_return_val_if_fail (uid != NULL, NULL);
  return video_sink_factory (uid, self->videos);
}
