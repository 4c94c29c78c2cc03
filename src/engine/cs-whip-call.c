/* cs-whip-call.c — publish to a WHIP endpoint (see cs-whip-call.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-webrtc-media.h"
#include "cs-whip-call.h"

struct _CsWhipCall
{
  CsWhipSession parent_instance;
};

G_DEFINE_FINAL_TYPE (CsWhipCall, cs_whip_call, CS_TYPE_WHIP_SESSION)

/* what WHIP captures and encodes, measured by @meter */
static gboolean
whip_add_media (CsWhipSession *session, GstElement *webrtc, CsMediaMeter *meter, GError **error)
{
  GstElement *pipeline = GST_ELEMENT (gst_element_get_parent (webrtc));
  gboolean ok = cs_webrtc_media_add_sender (pipeline, webrtc, cs_whip_session_get_camera (session), meter, error);

  gst_object_unref (pipeline);
  return ok;
}

static void
whip_connected (CsWhipSession *session, GstElement *webrtc, CsWebrtcStats *stats)
{
  cs_webrtc_media_map_send_pads (webrtc, stats, "server");
}

static void
cs_whip_call_class_init (CsWhipCallClass *klass)
{
  CsWhipSessionClass *whip_class = CS_WHIP_SESSION_CLASS (klass);

  CS_CALL_SESSION_CLASS (klass)->pipeline_name = "whip-call";
  whip_class->peer_uid = "server";
  whip_class->add_media = whip_add_media;
  whip_class->connected = whip_connected;
}

static void
cs_whip_call_init (CsWhipCall *self)
{
}

CsWhipCall *
cs_whip_call_new (const CsCallConfig *config, GError **error)
{
  g_autoptr(CsWhipCall) self = g_object_new (CS_TYPE_WHIP_CALL, NULL);

  if (!cs_whip_session_configure (CS_WHIP_SESSION (self), config->whip_url, config, error))
    return NULL;
  return g_steal_pointer (&self);
}
