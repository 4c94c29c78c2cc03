/* cs-whip-call.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gst/sdp/sdp.h>
#include <gst/webrtc/webrtc.h>
#include <string.h>

#include "cs-error.h"
#include "cs-janus-media.h"
#include "cs-net-limits.h"
#include "cs-stats-poller.h"
#include "cs-whip-call.h"
#include "cs-whip-client.h"

#define LOCAL_UID  "local"
#define SERVER_UID "server"
#define GATHER_TIMEOUT_MS 3000

typedef struct
{
  CsWhipClient  *client;
  char         **ice_servers;
  char          *display;    /* the endpoint's host, names the WHEP user */
  gboolean       use_camera;
  CsImpairment   impair;     /* the local last mile (--impair) */

  GMainContext  *context;
  GstElement    *pipeline;
  GstElement    *webrtc;
  CsStatsPoller *poller;
  CsWebrtcStats *stats;      /* borrowed: the poller owns it */
  CsMediaMeter  *meter;      /* decoded media (WHEP); nullable */
  guint          bus_watch;
  guint          gather_timeout_id;
  GCancellable  *cancellable;
  gboolean       running;
  gboolean       posted;
  gboolean       answered;
  gboolean       failed;
  GWeakRef      *self_ref;   /* (atomic rc box) handed to streaming threads */
} CsWhipCallPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (CsWhipCall, cs_whip_call, CS_TYPE_CALL_SESSION)

static gpointer
ref_acquire (GWeakRef *ref)
{
  return g_atomic_rc_box_acquire (ref);
}

static void
ref_release (gpointer ref)
{
  g_atomic_rc_box_release_full (ref, (GDestroyNotify) g_weak_ref_clear);
}

static void
ref_release_closure (gpointer ref, GClosure *closure)
{
  ref_release (ref);
}

static gboolean
is_watch (CsWhipCall *self)
{
  return CS_WHIP_CALL_GET_CLASS (self)->watch;
}

static const char *
peer_uid (CsWhipCall *self)
{
  return is_watch (self) ? CS_WHEP_UID : SERVER_UID;
}

static void
post_connection (CsWhipCall *self, CsConnectionState state, const char *message)
{
  CsWhipCallPrivate *priv = cs_whip_call_get_instance_private (self);
  CsStatsSample *s;

  if (priv->poller == NULL)
    return;
  s = cs_webrtc_stats_connection_sample (LOCAL_UID, peer_uid (self), state, message,
                                         cs_stats_poller_get_time (priv->poller));
  if (is_watch (self))
    s->display_name = g_strdup (priv->display);
  cs_stats_poller_post_sample (priv->poller, s);
}

static void
flush_samples (CsWhipCall *self)
{
  CsWhipCallPrivate *priv = cs_whip_call_get_instance_private (self);
  g_autoptr(GstBus) bus = NULL;
  GstMessage *m;

  if (priv->pipeline == NULL || priv->poller == NULL)
    return;
  bus = gst_element_get_bus (priv->pipeline);
  while ((m = gst_bus_pop_filtered (bus, GST_MESSAGE_APPLICATION)) != NULL)
    {
      cs_stats_poller_handle_message (priv->poller, m);
      gst_message_unref (m);
    }
}

static void
stop_media (CsWhipCall *self)
{
  CsWhipCallPrivate *priv = cs_whip_call_get_instance_private (self);

  priv->running = FALSE;
  g_clear_handle_id (&priv->gather_timeout_id, g_source_remove);
  if (priv->cancellable != NULL)
    g_cancellable_cancel (priv->cancellable);
  if (priv->poller != NULL)
    cs_stats_poller_stop (priv->poller);
  if (priv->webrtc != NULL)
    g_signal_handlers_disconnect_by_data (priv->webrtc, priv->self_ref);
  if (priv->pipeline != NULL)
    gst_element_set_state (priv->pipeline, GST_STATE_NULL);
}

static void
fail (CsWhipCall *self, const char *message)
{
  CsWhipCallPrivate *priv = cs_whip_call_get_instance_private (self);

  if (priv->failed || !priv->running)
    return;
  priv->failed = TRUE;
  post_connection (self, CS_CONNECTION_STATE_FAILED, message);
  flush_samples (self);
  cs_call_session_emit_error (CS_CALL_SESSION (self), message);
  stop_media (self);
  cs_call_session_emit_ended (CS_CALL_SESSION (self), TRUE);
}

/* A fault the user must see while the call goes on: a message and a connection event
 * (@state: where the connection is). */
static void
report (CsWhipCall *self, CsConnectionState state, const char *message)
{
  post_connection (self, state, message);
  cs_call_session_emit_error (CS_CALL_SESSION (self), message);
}

/* ------------------------------------------------------------------ negotiation */

static void
on_answer_posted (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(CsWhipCall) self = user_data;
  CsWhipCallPrivate *priv = cs_whip_call_get_instance_private (self);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ice = NULL;
  g_autofree char *warning = NULL;
  g_autofree char *answer = cs_whip_client_post_offer_finish (CS_WHIP_CLIENT (source), result, &ice, &warning,
                                                              &error);
  const char *url = cs_whip_client_get_url (priv->client);
  g_autofree char *what = NULL;
  GstSDPMessage *sdp = NULL;
  GstWebRTCSessionDescription *desc;
  guint n_candidates = 0, n_dropped = 0;

  if (!priv->running)
    return;
  if (answer == NULL)
    {
      fail (self, error->message);
      return;
    }
  if (warning != NULL)
    report (self, CS_CONNECTION_STATE_CONNECTING, warning);
  if (gst_sdp_message_new_from_text (answer, &sdp) != GST_SDP_OK || sdp == NULL ||
      gst_sdp_message_medias_len (sdp) == 0)
    {
      g_autofree char *m = g_strdup_printf (_("%s answered with an unreadable SDP"), url);

      if (sdp != NULL)
        gst_sdp_message_free (sdp);
      fail (self, m);
      return;
    }
  /* TRANSLATORS: the subject of "… has 17 media sections; …" (cs-janus-media.c); %s is a URL */
  what = g_strdup_printf (_("The answer from %s"), url);
  if (!cs_janus_media_bound_remote_sdp (sdp, what, &n_candidates, &n_dropped, &error))
    {
      gst_sdp_message_free (sdp);
      fail (self, error->message);
      return;
    }
  if (n_dropped > 0)
    {
      g_autofree char *m = g_strdup_printf (_("%s has more than %u ICE candidates: %u refused"), what,
                                            CS_NET_MAX_REMOTE_CANDIDATES, n_dropped);

      report (self, CS_CONNECTION_STATE_CONNECTING, m);
    }
  /* Link headers of the answer come too late for this gathering; they were asked for with
   * OPTIONS before the offer. TURN servers can still be added for later candidates. */
  cs_janus_media_apply_ice_servers (priv->webrtc, ice);
  priv->answered = TRUE;
  desc = gst_webrtc_session_description_new (GST_WEBRTC_SDP_TYPE_ANSWER, sdp);
  {
    GstPromise *promise = cs_janus_media_promise ("set-remote-description");

    g_signal_emit_by_name (priv->webrtc, "set-remote-description", desc, promise);
    gst_promise_unref (promise);
  }
  gst_webrtc_session_description_free (desc);
}

static void
post_offer (CsWhipCall *self)
{
  CsWhipCallPrivate *priv = cs_whip_call_get_instance_private (self);
  GstWebRTCSessionDescription *local = NULL;
  g_autofree char *text = NULL;

  if (priv->posted || !priv->running)
    return;
  g_clear_handle_id (&priv->gather_timeout_id, g_source_remove);
  g_object_get (priv->webrtc, "local-description", &local, NULL);
  if (local == NULL)
    return;
  priv->posted = TRUE;
  text = gst_sdp_message_as_text (local->sdp);
  gst_webrtc_session_description_free (local);
  cs_whip_client_post_offer_async (priv->client, text, priv->cancellable, on_answer_posted, g_object_ref (self));
}

static gboolean
on_gather_timeout (gpointer user_data)
{
  CsWhipCall *self = user_data;
  CsWhipCallPrivate *priv = cs_whip_call_get_instance_private (self);

  priv->gather_timeout_id = 0;
  post_offer (self);
  return G_SOURCE_REMOVE;
}

typedef struct
{
  CsWhipCall *self;
  int       what;  /* 0 gathering complete, 1 connection state, 2 offer set */
  int       value;
} Job;

static gboolean
job_run (gpointer data)
{
  Job *job = data;
  CsWhipCall *self = job->self;
  CsWhipCallPrivate *priv;

  priv = cs_whip_call_get_instance_private (self);
  if (!priv->running)
    return G_SOURCE_REMOVE;
  switch (job->what)
    {
    case 0:
      post_offer (self);
      break;
    case 1:
      {
        CsConnectionState state = cs_webrtc_stats_connection_state_from_gst (job->value);

        if (state == CS_CONNECTION_STATE_CONNECTED && !is_watch (self) && priv->stats != NULL)
          cs_janus_media_map_send_pads (priv->webrtc, priv->stats, SERVER_UID);
        if (state == CS_CONNECTION_STATE_FAILED)
          {
            g_autofree char *m = g_strdup_printf (_("The media connection to %s failed"),
                                                  cs_whip_client_get_url (priv->client));

            post_connection (self, state, m);
            cs_call_session_emit_error (CS_CALL_SESSION (self), m);
          }
        else
          post_connection (self, state, NULL);
      }
      break;
    case 2:
      if (priv->gather_timeout_id == 0 && !priv->posted)
        priv->gather_timeout_id = g_timeout_add (GATHER_TIMEOUT_MS, on_gather_timeout, self);
      break;
    default:
      break;
    }
  return G_SOURCE_REMOVE;
}

static void
job_free (gpointer data)
{
  Job *job = data;

  g_object_unref (job->self);
  g_free (job);
}

static void
invoke (GWeakRef *ref, int what, int value)
{
  g_autoptr(CsWhipCall) self = g_weak_ref_get (ref);
  CsWhipCallPrivate *priv;
  Job *job;

  if (self == NULL)
    return;
  priv = cs_whip_call_get_instance_private (self);
  job = g_new0 (Job, 1);
  job->self = g_object_ref (self);
  job->what = what;
  job->value = value;
  g_main_context_invoke_full (priv->context, G_PRIORITY_DEFAULT, job_run, job, job_free);
}

static void
on_gathering_state (GObject *webrtc, GParamSpec *pspec, gpointer user_data)
{
  GstWebRTCICEGatheringState state;

  g_object_get (webrtc, "ice-gathering-state", &state, NULL);
  if (state == GST_WEBRTC_ICE_GATHERING_STATE_COMPLETE)
    invoke (user_data, 0, 0);
}

static void
on_connection_state (GObject *webrtc, GParamSpec *pspec, gpointer user_data)
{
  GstWebRTCPeerConnectionState state;

  g_object_get (webrtc, "connection-state", &state, NULL);
  invoke (user_data, 1, (int) state);
}

static void
on_offer_created (GstPromise *promise, gpointer user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(CsWhipCall) self = g_weak_ref_get (ref);
  const GstStructure *reply = gst_promise_get_reply (promise);
  GstWebRTCSessionDescription *offer = NULL;

  if (self != NULL && reply != NULL)
    gst_structure_get (reply, "offer", GST_TYPE_WEBRTC_SESSION_DESCRIPTION, &offer, NULL);
  gst_promise_unref (promise);
  if (offer == NULL)
    return;
  {
    CsWhipCallPrivate *priv = cs_whip_call_get_instance_private (self);
    GstPromise *set = cs_janus_media_promise ("set-local-description");

    g_signal_emit_by_name (priv->webrtc, "set-local-description", offer, set);
    gst_promise_unref (set);
  }
  gst_webrtc_session_description_free (offer);
  invoke (ref, 2, 0);
}

static void
on_negotiation_needed (GstElement *webrtc, gpointer user_data)
{
  GstPromise *promise = gst_promise_new_with_change_func (on_offer_created, ref_acquire (user_data), ref_release);

  g_signal_emit_by_name (webrtc, "create-offer", NULL, promise);
}

static void
on_pad_added (GstElement *webrtc, GstPad *pad, gpointer user_data)
{
  g_autoptr(CsWhipCall) self = g_weak_ref_get (user_data);
  CsWhipCallPrivate *priv;

  if (self == NULL)
    return;
  priv = cs_whip_call_get_instance_private (self);
  if (priv->pipeline != NULL)
    cs_janus_media_link_incoming (CS_CALL_SESSION (self), priv->pipeline, pad, CS_WHEP_UID, priv->stats,
                                  priv->meter);
}

static gboolean
on_bus (GstBus *bus, GstMessage *message, gpointer user_data)
{
  CsWhipCall *self = user_data;
  CsWhipCallPrivate *priv = cs_whip_call_get_instance_private (self);

  if (priv->poller != NULL && cs_stats_poller_handle_message (priv->poller, message))
    return G_SOURCE_CONTINUE;
  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *m = NULL;

      gst_message_parse_error (message, &error, NULL);
      m = g_strdup_printf (_("Media error: %s"), error->message);
      post_connection (self, CS_CONNECTION_STATE_CONNECTED, m);
      cs_call_session_emit_error (CS_CALL_SESSION (self), m);
    }
  else if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_LATENCY && priv->pipeline != NULL)
    gst_bin_recalculate_latency (GST_BIN (priv->pipeline));
  return G_SOURCE_CONTINUE;
}

static void
build_media (CsWhipCall *self, char **link_servers)
{
  CsWhipCallPrivate *priv = cs_whip_call_get_instance_private (self);
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  g_auto(GStrv) servers = NULL;
  g_autoptr(GError) error = NULL;

  if (priv->ice_servers != NULL)
    g_strv_builder_addv (b, (const char **) priv->ice_servers);
  if (link_servers != NULL)
    g_strv_builder_addv (b, (const char **) link_servers);
  servers = g_strv_builder_end (b);

  priv->webrtc = cs_janus_media_new_webrtcbin (NULL, servers);
  if (priv->webrtc == NULL)
    {
      fail (self, _("The webrtcbin element is not installed"));
      return;
    }
  gst_object_ref_sink (priv->webrtc);
  cs_janus_media_impair (priv->webrtc, &priv->impair);
  gst_bin_add (GST_BIN (priv->pipeline), priv->webrtc);
  priv->stats = cs_webrtc_stats_new (LOCAL_UID, peer_uid (self));
  /* what WHEP decodes, or what WHIP captures and encodes */
  g_clear_pointer (&priv->meter, cs_media_meter_unref);
  priv->meter = cs_media_meter_new ();
  cs_webrtc_stats_set_augment_func (priv->stats, cs_media_meter_augment, cs_media_meter_ref (priv->meter),
                                    (GDestroyNotify) cs_media_meter_unref);
  g_signal_connect_data (priv->webrtc, "on-negotiation-needed", G_CALLBACK (on_negotiation_needed), ref_acquire (priv->self_ref),
                         ref_release_closure, 0);
  g_signal_connect_data (priv->webrtc, "notify::ice-gathering-state", G_CALLBACK (on_gathering_state), ref_acquire (priv->self_ref),
                         ref_release_closure, 0);
  g_signal_connect_data (priv->webrtc, "notify::connection-state", G_CALLBACK (on_connection_state), ref_acquire (priv->self_ref),
                         ref_release_closure, 0);
  if (is_watch (self))
    {
      g_autoptr(GstCaps) vcaps = gst_caps_from_string ("application/x-rtp,media=video,encoding-name=VP8,payload=96,clock-rate=90000");
      g_autoptr(GstCaps) acaps = gst_caps_from_string ("application/x-rtp,media=audio,encoding-name=OPUS,payload=111,clock-rate=48000");
      GstWebRTCRTPTransceiver *t = NULL;

      g_signal_connect_data (priv->webrtc, "pad-added", G_CALLBACK (on_pad_added), ref_acquire (priv->self_ref),
                         ref_release_closure, 0);
      g_signal_emit_by_name (priv->webrtc, "add-transceiver", GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_RECVONLY, acaps, &t);
      g_clear_object (&t);
      g_signal_emit_by_name (priv->webrtc, "add-transceiver", GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_RECVONLY, vcaps, &t);
      g_clear_object (&t);
    }
  else if (!cs_janus_media_add_sender (priv->pipeline, priv->webrtc, priv->use_camera, priv->meter, &error))
    {
      fail (self, error->message);
      return;
    }
  cs_stats_poller_add (priv->poller, priv->webrtc, priv->stats);
  gst_element_set_state (priv->pipeline, GST_STATE_PLAYING);
  cs_stats_poller_start (priv->poller, 1000);
}

static void
on_ice_queried (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(CsWhipCall) self = user_data;
  CsWhipCallPrivate *priv = cs_whip_call_get_instance_private (self);
  g_auto(GStrv) servers = cs_whip_client_query_ice_finish (CS_WHIP_CLIENT (source), result);

  if (!priv->running)
    return;
  build_media (self, servers);
}

static gboolean
cs_whip_call_start (CsCallSession *session, CsStatsModel *model, GError **error)
{
  CsWhipCall *self = CS_WHIP_CALL (session);
  CsWhipCallPrivate *priv = cs_whip_call_get_instance_private (self);
  g_autoptr(GstBus) bus = NULL;

  if (gst_element_factory_find ("webrtcbin") == NULL)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_MISSING_ELEMENT, _("The GStreamer element “%s” is not installed"),
                   "webrtcbin");
      return FALSE;
    }
  g_clear_pointer (&priv->context, g_main_context_unref);
  priv->context = g_main_context_ref_thread_default ();
  priv->pipeline = gst_object_ref_sink (gst_pipeline_new (is_watch (self) ? "whep-call" : "whip-call"));
  if (model != NULL && cs_stats_model_get_state (model) != CS_CALL_STATE_JOINED)
    cs_stats_model_join (model, LOCAL_UID);
  priv->poller = cs_stats_poller_new (priv->pipeline, model);
  bus = gst_element_get_bus (priv->pipeline);
  priv->bus_watch = gst_bus_add_watch (bus, on_bus, self);
  priv->cancellable = g_cancellable_new ();
  priv->running = TRUE;
  priv->failed = FALSE;
  post_connection (self, CS_CONNECTION_STATE_CONNECTING, NULL);
  cs_whip_client_query_ice_async (priv->client, priv->cancellable, on_ice_queried, g_object_ref (self));
  return TRUE;
}

static void
cs_whip_call_stop (CsCallSession *session)
{
  CsWhipCall *self = CS_WHIP_CALL (session);
  CsWhipCallPrivate *priv = cs_whip_call_get_instance_private (self);

  if (priv->running)
    {
      g_autoptr(GError) error = NULL;

      stop_media (self);
      /* hang-up: DELETE the resource; waits at most 2 s, once, when the call ends */
      if (priv->client != NULL && !cs_whip_client_delete_sync (priv->client, 2, &error))
        cs_call_session_emit_error (session, error->message);
    }
  if (priv->poller != NULL)
    {
      post_connection (self, CS_CONNECTION_STATE_CLOSED, NULL);
      flush_samples (self);
    }
  g_clear_handle_id (&priv->bus_watch, g_source_remove);
  g_clear_object (&priv->poller);
  priv->stats = NULL;
  if (priv->pipeline != NULL)
    gst_element_set_state (priv->pipeline, GST_STATE_NULL);
  g_clear_object (&priv->webrtc);
  g_clear_object (&priv->pipeline);
  g_clear_object (&priv->cancellable);
  priv->posted = FALSE;
}

static void
cs_whip_call_dispose (GObject *object)
{
  G_OBJECT_CLASS (cs_whip_call_parent_class)->dispose (object);
  cs_whip_call_stop (CS_CALL_SESSION (object));
}

static void
cs_whip_call_finalize (GObject *object)
{
  CsWhipCallPrivate *priv = cs_whip_call_get_instance_private (CS_WHIP_CALL (object));

  g_clear_pointer (&priv->self_ref, ref_release);
  g_clear_object (&priv->client);
  g_strfreev (priv->ice_servers);
  g_free (priv->display);
  g_clear_pointer (&priv->meter, cs_media_meter_unref);
  g_clear_pointer (&priv->context, g_main_context_unref);
  G_OBJECT_CLASS (cs_whip_call_parent_class)->finalize (object);
}

static void
cs_whip_call_class_init (CsWhipCallClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  CsCallSessionClass *session_class = CS_CALL_SESSION_CLASS (klass);

  object_class->dispose = cs_whip_call_dispose;
  object_class->finalize = cs_whip_call_finalize;
  session_class->start = cs_whip_call_start;
  session_class->stop = cs_whip_call_stop;
}

static void
cs_whip_call_init (CsWhipCall *self)
{
  CsWhipCallPrivate *priv = cs_whip_call_get_instance_private (self);

  priv->self_ref = g_atomic_rc_box_new0 (GWeakRef);
  g_weak_ref_init (priv->self_ref, self);
}

gboolean
cs_whip_call_configure (CsWhipCall *self, const char *url, const CsCallConfig *config, GError **error)
{
  CsWhipCallPrivate *priv = cs_whip_call_get_instance_private (self);
  g_autoptr(GUri) uri = NULL;

  if (!cs_janus_media_parse_local_impairment (config->impair, &priv->impair, error))
    return FALSE;
  priv->client = cs_whip_client_new (url, config->token, error);
  if (priv->client == NULL)
    return FALSE;
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  priv->display = g_strdup (uri != NULL ? g_uri_get_host (uri) : url);
  priv->ice_servers = g_strdupv (config->ice_servers);
  priv->use_camera = config->use_camera;
  return TRUE;
}

CsWhipCall *
cs_whip_call_new (const CsCallConfig *config, GError **error)
{
  g_autoptr(CsWhipCall) self = g_object_new (CS_TYPE_WHIP_CALL, NULL);

  if (!cs_whip_call_configure (self, config->whip_url, config, error))
    return NULL;
  return g_steal_pointer (&self);
}

const char *
cs_whip_call_get_location (CsWhipCall *self)
{
  CsWhipCallPrivate *priv = cs_whip_call_get_instance_private (self);

  return priv->client != NULL ? cs_whip_client_get_location (priv->client) : NULL;
}

gboolean
cs_whip_call_get_answered (CsWhipCall *self)
{
  CsWhipCallPrivate *priv = cs_whip_call_get_instance_private (self);

  return priv->answered;
}
