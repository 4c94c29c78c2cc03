/* cs-video-paintable.c — decoded video frames shown as a GdkPaintable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/video/video.h>

#include "cs-video-paintable.h"

struct _CsVideoPaintable
{
  GObject     parent_instance;

  GdkTexture      *texture;   /* main context: shown now */
  cairo_surface_t *surface;   /* nullable: the same pixels for cairo, no copy */
  gboolean         draw_with_cairo;
  guint64          frames_shown;
  gint64           last_frame_time;

  GMutex           lock;      /* protects the three below */
  GdkTexture      *pending;   /* the single pending-frame slot */
  cairo_surface_t *pending_surface;
  gboolean         idle_scheduled;
};

static void cs_video_paintable_iface_init (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CsVideoPaintable, cs_video_paintable, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE, cs_video_paintable_iface_init))

static void
cs_video_paintable_snapshot (GdkPaintable *paintable, GdkSnapshot *snapshot, double width, double height)
{
  CsVideoPaintable *self = CS_VIDEO_PAINTABLE (paintable);

  if (self->draw_with_cairo && self->surface != NULL && width > 0 && height > 0)
    {
      /* what GTK's cairo renderer does for a texture node (a pattern scaled to the bounds,
       * the default filter, extend pad), without downloading the texture again for every
       * frame it is drawn in (GTK 4.8 converts each pixel through floats to do that) */
      cairo_t *cr = gtk_snapshot_append_cairo (GTK_SNAPSHOT (snapshot), &GRAPHENE_RECT_INIT (0, 0, width, height));
      cairo_pattern_t *pattern = cairo_pattern_create_for_surface (self->surface);
      cairo_matrix_t matrix;

      cairo_matrix_init_scale (&matrix, cairo_image_surface_get_width (self->surface) / width,
                               cairo_image_surface_get_height (self->surface) / height);
      cairo_pattern_set_matrix (pattern, &matrix);
      cairo_pattern_set_extend (pattern, CAIRO_EXTEND_PAD);
      cairo_set_source (cr, pattern);
      cairo_rectangle (cr, 0, 0, width, height);
      cairo_fill (cr);
      cairo_pattern_destroy (pattern);
      cairo_destroy (cr);
    }
  else if (self->texture != NULL)
    gdk_paintable_snapshot (GDK_PAINTABLE (self->texture), snapshot, width, height);
}

static GdkPaintable *
cs_video_paintable_get_current_image (GdkPaintable *paintable)
{
  CsVideoPaintable *self = CS_VIDEO_PAINTABLE (paintable);

  if (self->texture != NULL)
    return GDK_PAINTABLE (g_object_ref (self->texture));
  return gdk_paintable_new_empty (0, 0);
}

static int
cs_video_paintable_get_intrinsic_width (GdkPaintable *paintable)
{
  CsVideoPaintable *self = CS_VIDEO_PAINTABLE (paintable);

  return self->texture != NULL ? gdk_texture_get_width (self->texture) : 0;
}

static int
cs_video_paintable_get_intrinsic_height (GdkPaintable *paintable)
{
  CsVideoPaintable *self = CS_VIDEO_PAINTABLE (paintable);

  return self->texture != NULL ? gdk_texture_get_height (self->texture) : 0;
}

static double
cs_video_paintable_get_intrinsic_aspect_ratio (GdkPaintable *paintable)
{
  CsVideoPaintable *self = CS_VIDEO_PAINTABLE (paintable);

  if (self->texture == NULL)
    return 4.0 / 3.0;
  return (double) gdk_texture_get_width (self->texture) / gdk_texture_get_height (self->texture);
}

static void
cs_video_paintable_iface_init (GdkPaintableInterface *iface)
{
  iface->snapshot = cs_video_paintable_snapshot;
  iface->get_current_image = cs_video_paintable_get_current_image;
  iface->get_intrinsic_width = cs_video_paintable_get_intrinsic_width;
  iface->get_intrinsic_height = cs_video_paintable_get_intrinsic_height;
  iface->get_intrinsic_aspect_ratio = cs_video_paintable_get_intrinsic_aspect_ratio;
}

static void
cs_video_paintable_finalize (GObject *object)
{
  CsVideoPaintable *self = CS_VIDEO_PAINTABLE (object);

  g_clear_object (&self->texture);
  g_clear_pointer (&self->surface, cairo_surface_destroy);
  g_clear_object (&self->pending);
  g_clear_pointer (&self->pending_surface, cairo_surface_destroy);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (cs_video_paintable_parent_class)->finalize (object);
}

static void
cs_video_paintable_class_init (CsVideoPaintableClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cs_video_paintable_finalize;
}

static void
cs_video_paintable_init (CsVideoPaintable *self)
{
  g_mutex_init (&self->lock);
}

CsVideoPaintable *
cs_video_paintable_new (void)
{
  return g_object_new (CS_TYPE_VIDEO_PAINTABLE, NULL);
}

static gboolean
show_pending (gpointer data)
{
  CsVideoPaintable *self = data;
  GdkTexture *texture;
  cairo_surface_t *surface;
  gboolean size_changed;

  g_mutex_lock (&self->lock);
  texture = g_steal_pointer (&self->pending);
  surface = g_steal_pointer (&self->pending_surface);
  self->idle_scheduled = FALSE;
  g_mutex_unlock (&self->lock);

  if (texture == NULL)
    {
      g_clear_pointer (&surface, cairo_surface_destroy);
      return G_SOURCE_REMOVE;
    }
  size_changed = self->texture == NULL ||
                 gdk_texture_get_width (self->texture) != gdk_texture_get_width (texture) ||
                 gdk_texture_get_height (self->texture) != gdk_texture_get_height (texture);
  g_clear_object (&self->texture);
  self->texture = texture;
  g_clear_pointer (&self->surface, cairo_surface_destroy);
  self->surface = surface;
  self->frames_shown++;
  self->last_frame_time = g_get_monotonic_time ();
  if (size_changed)
    gdk_paintable_invalidate_size (GDK_PAINTABLE (self));
  gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));
  return G_SOURCE_REMOVE;
}

/* @surface: nullable, @texture's pixels as a cairo surface (a reference is taken) */
static void
queue_frame (CsVideoPaintable *self, GdkTexture *texture, cairo_surface_t *surface)
{
  gboolean schedule;

  g_mutex_lock (&self->lock);
  g_set_object (&self->pending, texture);
  g_clear_pointer (&self->pending_surface, cairo_surface_destroy);
  self->pending_surface = surface != NULL ? cairo_surface_reference (surface) : NULL;
  schedule = !self->idle_scheduled;
  self->idle_scheduled = TRUE;
  g_mutex_unlock (&self->lock);

  /* always a source on the main context, never g_main_context_invoke: that would run
   * show_pending (GTK calls) right here on the streaming thread whenever no thread holds
   * the main context at that instant */
  if (schedule)
    g_idle_add_full (G_PRIORITY_DEFAULT, show_pending, g_object_ref (self), g_object_unref);
}

void
cs_video_paintable_queue_texture (CsVideoPaintable *self, GdkTexture *texture)
{
  g_return_if_fail (CS_IS_VIDEO_PAINTABLE (self));
  queue_frame (self, texture, NULL);
}

void
cs_video_paintable_set_draw_with_cairo (CsVideoPaintable *self, gboolean draw_with_cairo)
{
  g_return_if_fail (CS_IS_VIDEO_PAINTABLE (self));
  if (self->draw_with_cairo == !!draw_with_cairo)
    return;
  self->draw_with_cairo = !!draw_with_cairo;
  gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));
}

static cairo_user_data_key_t surface_bytes_key;

typedef struct
{
  GstVideoFrame frame;
  GstBuffer    *buffer;
} MappedFrame;

static void
mapped_frame_free (gpointer data)
{
  MappedFrame *m = data;

  gst_video_frame_unmap (&m->frame);
  gst_buffer_unref (m->buffer);
  g_free (m);
}

static GstFlowReturn
new_sample_cb (GstAppSink *sink, gpointer user_data)
{
  CsVideoPaintable *self = user_data;
  g_autoptr (GstSample) sample = gst_app_sink_pull_sample (sink);
  g_autoptr (GdkTexture) texture = NULL;
  g_autoptr (GBytes) bytes = NULL;
  cairo_surface_t *surface;
  GstVideoInfo info;
  MappedFrame *m;
  GstBuffer *buffer;
  GstCaps *caps;

  if (sample == NULL)
    return GST_FLOW_EOS;
  buffer = gst_sample_get_buffer (sample);
  caps = gst_sample_get_caps (sample);
  if (buffer == NULL || caps == NULL || !gst_video_info_from_caps (&info, caps))
    return GST_FLOW_OK;

  m = g_new0 (MappedFrame, 1);
  m->buffer = gst_buffer_ref (buffer);
  if (!gst_video_frame_map (&m->frame, &info, m->buffer, GST_MAP_READ))
    {
      gst_buffer_unref (m->buffer);
      g_free (m);
      return GST_FLOW_OK;
    }
  bytes = g_bytes_new_with_free_func (GST_VIDEO_FRAME_PLANE_DATA (&m->frame, 0),
                                      (gsize) GST_VIDEO_FRAME_PLANE_STRIDE (&m->frame, 0) *
                                      GST_VIDEO_FRAME_HEIGHT (&m->frame),
                                      mapped_frame_free, m);
  /* GDK_MEMORY_DEFAULT is cairo's ARGB32 (video is opaque, so premultiplied alpha is the same
   * bytes): the cairo surface below shares the pixels, and GL uploads them as they are */
  texture = gdk_memory_texture_new (GST_VIDEO_FRAME_WIDTH (&m->frame), GST_VIDEO_FRAME_HEIGHT (&m->frame),
                                    GDK_MEMORY_DEFAULT, bytes,
                                    GST_VIDEO_FRAME_PLANE_STRIDE (&m->frame, 0));
  /* the same mapped pixels for a cairo renderer, kept alive by a reference on @bytes */
  surface = cairo_image_surface_create_for_data ((guchar *) g_bytes_get_data (bytes, NULL), CAIRO_FORMAT_ARGB32,
                                                 GST_VIDEO_FRAME_WIDTH (&m->frame), GST_VIDEO_FRAME_HEIGHT (&m->frame),
                                                 GST_VIDEO_FRAME_PLANE_STRIDE (&m->frame, 0));
  if (cairo_surface_status (surface) == CAIRO_STATUS_SUCCESS)
    cairo_surface_set_user_data (surface, &surface_bytes_key, g_bytes_ref (bytes), (cairo_destroy_func_t) g_bytes_unref);
  else
    g_clear_pointer (&surface, cairo_surface_destroy);
  queue_frame (self, texture, surface);
  g_clear_pointer (&surface, cairo_surface_destroy);
  return GST_FLOW_OK;
}

GstElement *
cs_video_paintable_create_sink (CsVideoPaintable *self)
{
  GstAppSinkCallbacks callbacks = { 0 };
  g_autoptr (GError) error = NULL;
  g_autofree char *description = NULL;
  GstElement *bin, *appsink;

  g_return_val_if_fail (CS_IS_VIDEO_PAINTABLE (self), NULL);
  /* async=false: the sink joins a pipeline that is already playing; an async sink would
   * wait to preroll and, with several users joining at once, stalled their video for good */
  /* BGRA on a little-endian machine, ARGB on a big-endian one: GDK_MEMORY_DEFAULT's bytes, which
   * cairo draws without a conversion (docs/performance.md) */
  description = g_strdup_printf ("videoconvert ! videoscale ! "
                                 "video/x-raw,format=%s,width=[16,480],height=[16,360],pixel-aspect-ratio=1/1 ! "
                                 "appsink name=sink max-buffers=1 drop=true sync=false async=false "
                                 "enable-last-sample=false qos=false",
                                 G_BYTE_ORDER == G_LITTLE_ENDIAN ? "BGRA" : "ARGB");
  bin = gst_parse_bin_from_description (description, TRUE, &error);
  if (bin == NULL)
    {
      g_warning ("Cannot build the video sink: %s", error->message);
      return NULL;
    }
  appsink = gst_bin_get_by_name (GST_BIN (bin), "sink");
  callbacks.new_sample = new_sample_cb;
  gst_app_sink_set_callbacks (GST_APP_SINK (appsink), &callbacks, g_object_ref (self), g_object_unref);
  gst_object_unref (appsink);
  return bin;
}

guint64
cs_video_paintable_get_frames_shown (CsVideoPaintable *self)
{
  g_return_val_if_fail (CS_IS_VIDEO_PAINTABLE (self), 0);
  return self->frames_shown;
}

gint64
cs_video_paintable_get_last_frame_time (CsVideoPaintable *self)
{
  g_return_val_if_fail (CS_IS_VIDEO_PAINTABLE (self), 0);
  return self->last_frame_time;
}

gboolean
cs_video_paintable_has_frame (CsVideoPaintable *self)
{
  g_return_val_if_fail (CS_IS_VIDEO_PAINTABLE (self), FALSE);
  return self->texture != NULL;
}
