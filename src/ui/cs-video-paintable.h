/* cs-video-paintable.h — decoded video frames shown as a GdkPaintable, fed from a GStreamer appsink
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Debian 12 has no gtk4paintablesink: cs_video_paintable_create_sink() builds
 * "videoconvert ! videoscale ! BGRA ! appsink" whose streaming thread wraps each frame
 * in a GdkMemoryTexture and a cairo image surface (no copy) and leaves it in a single pending-frame slot; the
 * main context picks up only the newest frame, so a busy UI drops frames instead of
 * queueing them.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct _GstElement GstElement;

#define CS_TYPE_VIDEO_PAINTABLE (cs_video_paintable_get_type ())
G_DECLARE_FINAL_TYPE (CsVideoPaintable, cs_video_paintable, CS, VIDEO_PAINTABLE, GObject)

CsVideoPaintable *cs_video_paintable_new             (void);
/* Any thread: hands a frame over (a reference is taken). */
void              cs_video_paintable_queue_texture   (CsVideoPaintable *self, GdkTexture *texture);
/* Main context: draw the frames as cairo surfaces rather than textures (the tile sets it when
 * its window draws with GTK's cairo renderer, which would convert each texture again for every
 * frame it is drawn in). Frames queued as textures alone are drawn as textures. */
void              cs_video_paintable_set_draw_with_cairo (CsVideoPaintable *self, gboolean draw_with_cairo);
/* Any thread: (transfer floating) a sink bin that accepts raw video and feeds this paintable. */
GstElement       *cs_video_paintable_create_sink     (CsVideoPaintable *self);
/* Main context: frames shown so far, and the monotonic time (µs) of the last one (0 = none). */
guint64           cs_video_paintable_get_frames_shown (CsVideoPaintable *self);
gint64            cs_video_paintable_get_last_frame_time (CsVideoPaintable *self);
gboolean          cs_video_paintable_has_frame       (CsVideoPaintable *self);

G_END_DECLS
