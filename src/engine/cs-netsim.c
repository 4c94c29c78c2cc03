/* cs-netsim.c — impaired links with netsim (see cs-netsim.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "cs-netsim.h"

void
cs_netsim_configure (GstElement *netsim, const double *link)
{
  double loss = MAX (0, link[CS_LINK_KEY_LOSS]), delay = MAX (0, link[CS_LINK_KEY_DELAY]);
  double jitter = MAX (0, link[CS_LINK_KEY_JITTER]), rate = MAX (0, link[CS_LINK_KEY_RATE]);
  int min_delay = (int) MAX (0, round (delay - jitter));
  int max_delay = (int) MAX (0, round (delay + jitter));

  g_object_set (netsim,
                "drop-probability", (gfloat) (loss / 100.0),
                "delay-probability", (gfloat) (max_delay > 0 ? 1.0 : 0.0),
                "min-delay", min_delay,
                "max-delay", max_delay,
                "max-kbps", rate > 0 ? (int) rate : -1,
                /* a token bucket of 100 ms, at least 16 kbit: a policer like a shaped last mile */
                "max-bucket-size", rate > 0 ? (int) MAX (16, rate / 10) : -1,
                NULL);
}

/* Packets that leave netsim: a private copy (netsim hands out shared buffers that later
 * elements write to) and, with CS_NETSIM_EXIT_RESTAMP, stamped with the time they leave so
 * the jitter buffer sees the delay (gst-webrtc-reference §8). */
static GstPadProbeReturn
on_netsim_exit (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  GstBuffer *copy = gst_buffer_copy_deep (GST_PAD_PROBE_INFO_BUFFER (info));

  if (GPOINTER_TO_INT (user_data) == CS_NETSIM_EXIT_RESTAMP)
    {
      g_autoptr (GstElement) netsim = gst_pad_get_parent_element (pad);
      GstClockTime now = netsim != NULL ? gst_element_get_current_running_time (netsim) : GST_CLOCK_TIME_NONE;

      if (GST_CLOCK_TIME_IS_VALID (now))
        GST_BUFFER_PTS (copy) = GST_BUFFER_DTS (copy) = now;
    }
  gst_buffer_unref (GST_PAD_PROBE_INFO_BUFFER (info));
  GST_PAD_PROBE_INFO_DATA (info) = copy;
  return GST_PAD_PROBE_OK;
}

GstElement *
cs_netsim_insert (GstBin *bin, GstPad *src, const double *link, CsNetsimExit exit)
{
  g_autoptr (GstPad) peer = gst_pad_get_peer (src);
  g_autoptr (GstPad) nsink = NULL;
  g_autoptr (GstPad) nsrc = NULL;
  GstElement *netsim;

  if (peer == NULL)
    return NULL;
  netsim = gst_element_factory_make ("netsim", NULL);
  if (netsim == NULL)
    return NULL;
  g_object_set (netsim, "allow-reordering", FALSE, NULL);
  if (link != NULL)
    cs_netsim_configure (netsim, link);
  gst_bin_add (bin, netsim);
  nsink = gst_element_get_static_pad (netsim, "sink");
  nsrc = gst_element_get_static_pad (netsim, "src");
  gst_pad_unlink (src, peer);
  if (gst_pad_link (src, nsink) != GST_PAD_LINK_OK || gst_pad_link (nsrc, peer) != GST_PAD_LINK_OK)
    return NULL;
  if (exit != CS_NETSIM_EXIT_NONE)
    gst_pad_add_probe (nsrc, GST_PAD_PROBE_TYPE_BUFFER, on_netsim_exit, GINT_TO_POINTER (exit), NULL);
  gst_element_sync_state_with_parent (netsim);
  return netsim;
}

GstElement *
cs_netsim_transport_ice_element (GstElement *transport, gboolean *receive)
{
  const char *type = G_OBJECT_TYPE_NAME (transport);
  gboolean is_receive = g_str_has_prefix (type, "TransportReceiveBin");
  const char *wanted = is_receive ? "nicesrc" : "nicesink";
  GstElement *found = NULL;
  GstIterator *it;
  GValue item = G_VALUE_INIT;

  if (!is_receive && !g_str_has_prefix (type, "TransportSendBin"))
    return NULL;
  it = gst_bin_iterate_elements (GST_BIN (transport));
  while (found == NULL && gst_iterator_next (it, &item) == GST_ITERATOR_OK)
    {
      GstElement *child = g_value_get_object (&item);
      GstElementFactory *factory = gst_element_get_factory (child);

      if (factory != NULL && strcmp (GST_OBJECT_NAME (factory), wanted) == 0)
        found = gst_object_ref (child);
      g_value_reset (&item);
    }
  g_value_unset (&item);
  gst_iterator_free (it);
  if (found != NULL && receive != NULL)
    *receive = is_receive;
  return found;
}

static void
on_transport_added (GstBin *webrtc, GstElement *element, gpointer user_data)
{
  const CsImpairment *imp = user_data;
  gboolean receive = FALSE;
  g_autoptr (GstElement) ice = cs_netsim_transport_ice_element (element, &receive);
  gboolean ok;

  if (ice == NULL)
    return;
  /* receive: nicesrc ! netsim ! …; send: … ! netsim ! nicesink */
  if (receive)
    {
      g_autoptr (GstPad) src = gst_element_get_static_pad (ice, "src");

      ok = cs_netsim_insert (GST_BIN (element), src, imp->down, CS_NETSIM_EXIT_RESTAMP) != NULL;
    }
  else
    {
      g_autoptr (GstPad) sink = gst_element_get_static_pad (ice, "sink");
      g_autoptr (GstPad) src = gst_pad_get_peer (sink);

      ok = src != NULL && cs_netsim_insert (GST_BIN (element), src, imp->up, CS_NETSIM_EXIT_COPY) != NULL;
    }
  if (!ok)
    g_warning ("could not impair a transport of %s", GST_OBJECT_NAME (webrtc));
}

void
cs_netsim_impair_webrtcbin (GstElement *webrtc, const CsImpairment *impairment)
{
  if (impairment == NULL || !cs_impairment_is_set_link (impairment))
    return;
  g_signal_connect_data (webrtc, "element-added", G_CALLBACK (on_transport_added),
                         g_memdup2 (impairment, sizeof *impairment), (GClosureNotify) (void (*) (void)) g_free, 0);
}
