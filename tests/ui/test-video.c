/* test-video.c — CsVideoPaintable: frames from a GStreamer streaming thread reach the paintable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gst/gst.h>
#include <gtk/gtk.h>
#include <string.h>

#include "cs-video-paintable.h"

static void
invalidated_cb (GdkPaintable *paintable, guint *count)
{
  (*count)++;
}

/* @paintable drawn at @width × @height into a new image surface, through a render node of
 * @type (a texture node for GL, a cairo node when it draws with cairo) */
static cairo_surface_t *
draw_paintable (GdkPaintable *paintable, int width, int height, GskRenderNodeType type)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  g_assert_cmpint (gsk_render_node_get_node_type (node), ==, type);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* A real pipeline: videotestsrc → the paintable's sink bin (videoconvert, videoscale, appsink). */
static void
test_sink_feeds_paintable (void)
{
  g_autoptr (CsVideoPaintable) paintable = NULL;
  g_autoptr (GstElement) pipeline = NULL;
  g_autoptr (GstBus) bus = NULL;
  g_autoptr (GstMessage) msg = NULL;
  GstElement *src, *sink;
  guint invalidations = 0;
  gint64 deadline;

  paintable = cs_video_paintable_new ();
  g_signal_connect (paintable, "invalidate-contents", G_CALLBACK (invalidated_cb), &invalidations);
  g_assert_false (cs_video_paintable_has_frame (paintable));

  pipeline = gst_pipeline_new (NULL);
  src = gst_element_factory_make ("videotestsrc", NULL);
  g_assert_nonnull (src);
  g_object_set (src, "num-buffers", 10, "is-live", TRUE, NULL);
  sink = cs_video_paintable_create_sink (paintable);
  g_assert_nonnull (sink);
  gst_bin_add_many (GST_BIN (pipeline), src, sink, NULL);
  g_assert_true (gst_element_link (src, sink));
  g_assert_cmpint (gst_element_set_state (pipeline, GST_STATE_PLAYING), !=, GST_STATE_CHANGE_FAILURE);

  /* the frames arrive through the main context; run it until EOS and the last frame */
  bus = gst_element_get_bus (pipeline);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      msg = gst_bus_pop_filtered (bus, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
      if (msg != NULL)
        break;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
  g_assert_nonnull (msg);
  g_assert_cmpint (GST_MESSAGE_TYPE (msg), ==, GST_MESSAGE_EOS);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  gst_element_set_state (pipeline, GST_STATE_NULL);

  g_assert_true (cs_video_paintable_has_frame (paintable));
  g_assert_cmpuint (cs_video_paintable_get_frames_shown (paintable), >, 0);
  /* frames are coalesced (one pending slot), never more than were produced */
  g_assert_cmpuint (cs_video_paintable_get_frames_shown (paintable), <=, 10);
  g_assert_cmpuint (invalidations, ==, cs_video_paintable_get_frames_shown (paintable));
  /* scaled down for the tile, aspect kept (videotestsrc is 320×240) */
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (GDK_PAINTABLE (paintable)), >, 0);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (GDK_PAINTABLE (paintable)), <=, 480);
  g_assert_cmpfloat_with_epsilon (gdk_paintable_get_intrinsic_aspect_ratio (GDK_PAINTABLE (paintable)), 4.0 / 3.0, 0.02);

  /* drawn with cairo (the tile of a window with GTK's cairo renderer): the same pixels as the
   * texture, at its size and scaled */
  {
    int w = gdk_paintable_get_intrinsic_width (GDK_PAINTABLE (paintable));
    int h = gdk_paintable_get_intrinsic_height (GDK_PAINTABLE (paintable));
    const int sizes[][2] = { { w, h }, { w / 2 + 1, h / 2 + 1 }, { 2 * w, 2 * h } };

    for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
      {
        cairo_surface_t *texture, *cairo;

        cs_video_paintable_set_draw_with_cairo (paintable, FALSE);
        texture = draw_paintable (GDK_PAINTABLE (paintable), sizes[i][0], sizes[i][1], GSK_TEXTURE_NODE);
        cs_video_paintable_set_draw_with_cairo (paintable, TRUE);
        cairo = draw_paintable (GDK_PAINTABLE (paintable), sizes[i][0], sizes[i][1], GSK_CAIRO_NODE);
        for (int y = 0; y < sizes[i][1]; y++)
          g_assert_cmpmem (cairo_image_surface_get_data (texture) + y * cairo_image_surface_get_stride (texture),
                           4 * sizes[i][0],
                           cairo_image_surface_get_data (cairo) + y * cairo_image_surface_get_stride (cairo),
                           4 * sizes[i][0]);
        cairo_surface_destroy (texture);
        cairo_surface_destroy (cairo);
      }
  }
}

typedef struct
{
  CsVideoPaintable *paintable;
  guint             n;
} PushData;

static gpointer
push_thread (gpointer data)
{
  PushData *d = data;

  for (guint i = 0; i < d->n; i++)
    {
      guchar pixels[4 * 4 * 4];
      g_autoptr (GBytes) bytes = NULL;
      g_autoptr (GdkTexture) texture = NULL;

      memset (pixels, i, sizeof pixels);
      bytes = g_bytes_new (pixels, sizeof pixels);
      texture = gdk_memory_texture_new (4, 4, GDK_MEMORY_R8G8B8A8, bytes, 16);
      cs_video_paintable_queue_texture (d->paintable, texture);
    }
  return NULL;
}

/* Many frames from another thread while the main context is busy: one pending slot, the newest wins. */
static void
test_pending_slot_coalesces (void)
{
  g_autoptr (CsVideoPaintable) paintable = cs_video_paintable_new ();
  PushData d = { paintable, 500 };
  GThread *thread;

  thread = g_thread_new ("push", push_thread, &d);
  g_thread_join (thread);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_true (cs_video_paintable_has_frame (paintable));
  g_assert_cmpuint (cs_video_paintable_get_frames_shown (paintable), ==, 1);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (GDK_PAINTABLE (paintable)), ==, 4);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* Software GL (Mesa under Xvfb) keeps driver memory that LeakSanitizer reports after the
   * driver is unloaded; these tests check widgets and render trees, not GL. */
  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
  /* no gtk_init: textures and paintables need no display, so this runs anywhere */
  gst_init (&argc, &argv);
  /* the render node types register with their GTypes (gtk_init would do it) */
  g_type_ensure (GSK_TYPE_TEXTURE_NODE);
  g_type_ensure (GSK_TYPE_CAIRO_NODE);

  g_test_add_func ("/video/sink-feeds-paintable", test_sink_feeds_paintable);
  g_test_add_func ("/video/pending-slot-coalesces", test_pending_slot_coalesces);
  return g_test_run ();
}
