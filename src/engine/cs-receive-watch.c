/* cs-receive-watch.c — when a peer connection last received anything from its peer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A WHIP or WHEP endpoint that restarts, or a media server that dies, leaves webrtcbin 1.22
 * "connected" for ever: libnice does not notice a peer that stopped answering (measured: a
 * WHIP publish stayed connected 65 s after its endpoint's peer was gone). What does stop is
 * the packets: RTCP reports, media, STUN. A buffer probe on the `nicesrc` of each of the
 * webrtcbin's transports (found as the lab finds them, cs-netsim.c, since webrtcbin has no
 * public transport hook in 1.22) stamps every packet that arrives; the session asks how
 * long it has been. A refcounted box, since the probes run in streaming threads and may
 * outlive the session's interest.
 */
#include "config.h"

#include "cs-netsim.h"
#include "cs-receive-watch.h"

struct _CsReceiveWatch
{
  gint64 start_us;  /* monotonic time the watch began */
  gint   last_ms;   /* atomic: ms after start_us of the last packet (a 32-bit int: 24 days) */
  gint   n_found;   /* atomic: transports watched */
};

CsReceiveWatch *
cs_receive_watch_ref (CsReceiveWatch *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
cs_receive_watch_unref (CsReceiveWatch *self)
{
  g_atomic_rc_box_release (self);
}

static GstPadProbeReturn
on_packet (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  CsReceiveWatch *self = user_data;

  g_atomic_int_set (&self->last_ms, (gint) MIN ((g_get_monotonic_time () - self->start_us) / 1000, G_MAXINT));
  return GST_PAD_PROBE_OK;
}

static void
on_element_added (GstBin *webrtcbin, GstElement *element, gpointer user_data)
{
  CsReceiveWatch *self = user_data;
  gboolean receive = FALSE;
  g_autoptr (GstElement) ice = cs_netsim_transport_ice_element (element, &receive);
  g_autoptr (GstPad) src = NULL;

  if (ice == NULL || !receive)
    return;
  src = gst_element_get_static_pad (ice, "src");
  if (src == NULL)
    return;
  gst_pad_add_probe (src, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST, on_packet,
                     cs_receive_watch_ref (self), (GDestroyNotify) cs_receive_watch_unref);
  g_atomic_int_inc (&self->n_found);
}

/* Watches @webrtcbin's transports from now on: call it before the webrtcbin negotiates. */
CsReceiveWatch *
cs_receive_watch_new (GstElement *webrtcbin)
{
  CsReceiveWatch *self = g_atomic_rc_box_new0 (CsReceiveWatch);

  g_return_val_if_fail (GST_IS_BIN (webrtcbin), self);
  self->start_us = g_get_monotonic_time ();
  g_signal_connect_data (webrtcbin, "element-added", G_CALLBACK (on_element_added), cs_receive_watch_ref (self),
                         (GClosureNotify) (void (*) (void)) cs_receive_watch_unref, 0);
  return self;
}

/* Whether a transport was found to watch: without one, cs_receive_watch_idle_s() means
 * nothing (a GStreamer whose webrtcbin is built differently). */
gboolean
cs_receive_watch_found (CsReceiveWatch *self)
{
  return g_atomic_int_get (&self->n_found) > 0;
}

/* Seconds since the last packet from the peer (or since the watch began) */
double
cs_receive_watch_idle_s (CsReceiveWatch *self)
{
  gint64 last_us = self->start_us + (gint64) g_atomic_int_get (&self->last_ms) * 1000;

  return (g_get_monotonic_time () - last_us) / (double) G_USEC_PER_SEC;
}
