/* cs-whep-call.c — watch a WHEP endpoint (see cs-whep-call.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gst/webrtc/webrtc.h>

#include "cs-call-session-private.h"
#include "cs-webrtc-media.h"
#include "cs-whep-call.h"

struct _CsWhepCall
{
  CsWhipSession parent_instance;
};

G_DEFINE_FINAL_TYPE (CsWhepCall, cs_whep_call, CS_TYPE_WHIP_SESSION)

/* a streaming thread: decode, measure and show what arrives */
static void
on_pad_added (GstElement *webrtc, GstPad *pad, gpointer user_data)
{
  g_autoptr(CsWhipSession) self = cs_whip_session_from_handler_data (user_data);
  GstElement *pipeline;

  if (self == NULL || (pipeline = cs_call_session_get_pipeline (CS_CALL_SESSION (self))) == NULL)
    return;
  cs_webrtc_media_link_incoming (CS_CALL_SESSION (self), pipeline, pad, CS_WHEP_UID,
                                cs_whip_session_get_stats (self), cs_whip_session_get_meter (self));
}

static gboolean
whep_add_media (CsWhipSession *self, GstElement *webrtc, CsMediaMeter *meter, GError **error)
{
  g_autoptr(GstCaps) vcaps = gst_caps_from_string ("application/x-rtp,media=video,encoding-name=VP8,payload=96,clock-rate=90000");
  g_autoptr(GstCaps) acaps = gst_caps_from_string ("application/x-rtp,media=audio,encoding-name=OPUS,payload=111,clock-rate=48000");
  GstWebRTCRTPTransceiver *t = NULL;

  cs_whip_session_connect (self, "pad-added", G_CALLBACK (on_pad_added));
  g_signal_emit_by_name (webrtc, "add-transceiver", GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_RECVONLY, acaps, &t);
  g_clear_object (&t);
  g_signal_emit_by_name (webrtc, "add-transceiver", GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_RECVONLY, vcaps, &t);
  g_clear_object (&t);
  return TRUE;
}

static void
cs_whep_call_class_init (CsWhepCallClass *klass)
{
  CsWhipSessionClass *whip_class = CS_WHIP_SESSION_CLASS (klass);

  CS_CALL_SESSION_CLASS (klass)->pipeline_name = "whep-call";
  whip_class->peer_uid = CS_WHEP_UID;
  whip_class->name_peer = TRUE;
  whip_class->add_media = whep_add_media;
}

static void
cs_whep_call_init (CsWhepCall *self)
{
}

CsWhepCall *
cs_whep_call_new (const CsCallConfig *config, GError **error)
{
  g_autoptr(CsWhepCall) self = g_object_new (CS_TYPE_WHEP_CALL, NULL);

  if (!cs_whip_session_configure (CS_WHIP_SESSION (self), config->whep_url, config, error))
    return NULL;
  return g_steal_pointer (&self);
}
