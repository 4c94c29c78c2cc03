/* cs-whip-session.c — the HTTP signalling of WHIP and WHEP (see cs-whip-session.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gst/sdp/sdp.h>
#include <gst/webrtc/webrtc.h>
#include <string.h>

#include "cs-call-session-private.h"
#include "cs-error.h"
#include "cs-ice-config.h"
#include "cs-netsim.h"
#include "cs-webrtc-media.h"
#include "cs-net-limits.h"
#include "cs-whip-client.h"
#include "cs-receive-watch.h"
#include "cs-sender-camera.h"
#include "cs-whip-session.h"

#define LOCAL_UID  "local"
#define SERVER_UID "server"
#define GATHER_TIMEOUT_MS 3000

typedef struct
{
  CsWhipClient  *client;
  char         **ice_servers;
  char          *display;    /* the endpoint's host, names the WHEP user */
  CsSenderCamera *camera;   /* nullable: test media */
  CsImpairment   impair;     /* the local last mile (--impair) */

  GstElement    *webrtc;
  CsWebrtcStats *stats;      /* borrowed: the poller owns it */
  CsMediaMeter  *meter;      /* what WHEP decodes, or what WHIP captures and encodes */
  guint          gather_timeout_id;
  CsReceiveWatch *watch;     /* when the endpoint's peer last sent anything */
  guint          watch_id;   /* checks it every second once up */
  GCancellable  *cancellable;
  gboolean       posted;
  gboolean       answered;
  gboolean       delete_owed; /* the call was answered and hung up cleanly */
  GWeakRef      *self_ref;   /* (atomic rc box) handed to streaming threads */
} CsWhipSessionPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (CsWhipSession, cs_whip_session, CS_TYPE_CALL_SESSION)

#define PIPELINE(self) cs_call_session_get_pipeline (CS_CALL_SESSION (self))
#define POLLER(self)   cs_call_session_get_poller (CS_CALL_SESSION (self))
#define RUNNING(self)  cs_call_session_is_running (CS_CALL_SESSION (self))

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

static const char *
peer_uid (CsWhipSession *self)
{
  return CS_WHIP_SESSION_GET_CLASS (self)->peer_uid;
}

static void
post_connection (CsWhipSession *self, CsConnectionState state, const char *message)
{
  CsWhipSessionPrivate *priv = cs_whip_session_get_instance_private (self);
  CsStatsSample *s = cs_webrtc_stats_connection_sample (LOCAL_UID, peer_uid (self), state, message,
                                                        cs_call_session_now (CS_CALL_SESSION (self)));

  if (CS_WHIP_SESSION_GET_CLASS (self)->name_peer)
    s->display_name = g_strdup (priv->display);
  cs_call_session_post_sample (CS_CALL_SESSION (self), s);
}

/* A failure beyond repair: the base class flushes the samples, says @message, calls
 * whip_hang_up (clean = FALSE) and ends the call. */
static void
fail (CsWhipSession *self, const char *message)
{
  if (!RUNNING (self))
    return;
  post_connection (self, CS_CONNECTION_STATE_FAILED, message);
  cs_call_session_fail (CS_CALL_SESSION (self), message);
}

/* A fault the user must see while the call goes on: a message and a connection event
 * (@state: where the connection is). */
static void
report (CsWhipSession *self, CsConnectionState state, const char *message)
{
  post_connection (self, state, message);
  cs_call_session_emit_error (CS_CALL_SESSION (self), message);
}

/* ------------------------------------------------------------------ negotiation */

static void
on_answer_posted (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(CsWhipSession) self = user_data;
  CsWhipSessionPrivate *priv = cs_whip_session_get_instance_private (self);
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

  if (!RUNNING (self))
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
  /* TRANSLATORS: the subject of "… has 17 media sections; …" (cs-webrtc-media.c); %s is a URL */
  what = g_strdup_printf (_("The answer from %s"), url);
  if (!cs_webrtc_media_bound_remote_sdp (sdp, what, &n_candidates, &n_dropped, &error))
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
  cs_ice_config_apply (priv->webrtc, ice);
  priv->answered = TRUE;
  desc = gst_webrtc_session_description_new (GST_WEBRTC_SDP_TYPE_ANSWER, sdp);
  {
    GstPromise *promise = cs_webrtc_media_promise ("set-remote-description");

    g_signal_emit_by_name (priv->webrtc, "set-remote-description", desc, promise);
    gst_promise_unref (promise);
  }
  gst_webrtc_session_description_free (desc);
}

static void
post_offer (CsWhipSession *self)
{
  CsWhipSessionPrivate *priv = cs_whip_session_get_instance_private (self);
  GstWebRTCSessionDescription *local = NULL;
  g_autofree char *text = NULL;

  if (priv->posted || !RUNNING (self))
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
  CsWhipSession *self = user_data;
  CsWhipSessionPrivate *priv = cs_whip_session_get_instance_private (self);

  priv->gather_timeout_id = 0;
  post_offer (self);
  return G_SOURCE_REMOVE;
}

enum { JOB_GATHERED, JOB_CONNECTION_STATE, JOB_OFFER_SET };

typedef struct
{
  int what;
  int value;
} Job;

/* Once up, nothing from the endpoint's peer for CS_RECEIVE_WATCH_LOST_S is a server gone (an
 * endpoint that restarted): webrtcbin itself would stay "connected" */
static gboolean
on_watch_tick (gpointer user_data)
{
  CsWhipSession *self = user_data;
  CsWhipSessionPrivate *priv = cs_whip_session_get_instance_private (self);
  double idle;

  if (!RUNNING (self) || priv->watch == NULL)
    {
      priv->watch_id = 0;
      return G_SOURCE_REMOVE;
    }
  idle = cs_receive_watch_idle_s (priv->watch);
  if (cs_receive_watch_found (priv->watch) && idle >= CS_RECEIVE_WATCH_LOST_S)
    {
      /* TRANSLATORS: %s is the WHIP or WHEP URL, %d a number of seconds */
      g_autofree char *m = g_strdup_printf (_("Nothing came from %s for %d s: the media connection is lost"),
                                            cs_whip_client_get_url (priv->client), (int) idle);

      priv->watch_id = 0;
      fail (self, m);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
job_run (CsCallSession *session, gpointer data)
{
  CsWhipSession *self = CS_WHIP_SESSION (session);
  CsWhipSessionPrivate *priv = cs_whip_session_get_instance_private (self);
  Job *job = data;

  switch (job->what)
    {
    case JOB_GATHERED:
      post_offer (self);
      break;
    case JOB_CONNECTION_STATE:
      {
        CsConnectionState state = cs_webrtc_stats_connection_state_from_gst (job->value);

        if (state == CS_CONNECTION_STATE_CONNECTED && priv->stats != NULL &&
            CS_WHIP_SESSION_GET_CLASS (self)->connected != NULL)
          CS_WHIP_SESSION_GET_CLASS (self)->connected (self, priv->webrtc, priv->stats);
        if (state == CS_CONNECTION_STATE_CONNECTED)
          {
            cs_call_session_set_up (CS_CALL_SESSION (self), TRUE);
            if (priv->watch_id == 0)
              priv->watch_id = g_timeout_add_seconds (1, on_watch_tick, self);
          }
        if (state == CS_CONNECTION_STATE_FAILED)
          {
            g_autofree char *m = g_strdup_printf (_("The media connection to %s failed"),
                                                  cs_whip_client_get_url (priv->client));

            /* once up, a failed connection is a server gone: the call ends as failed, and the
             * controller publishes (or watches) again; before, it is only said */
            if (cs_call_session_get_up (CS_CALL_SESSION (self)))
              fail (self, m);
            else
              report (self, state, m);
          }
        else
          post_connection (self, state, NULL);
      }
      break;
    case JOB_OFFER_SET:
      if (priv->gather_timeout_id == 0 && !priv->posted)
        priv->gather_timeout_id = g_timeout_add (GATHER_TIMEOUT_MS, on_gather_timeout, self);
      break;
    default:
      break;
    }
}

/* from a webrtcbin callback (any thread) to the main context, while the call runs */
static void
invoke (GWeakRef *ref, int what, int value)
{
  g_autoptr(CsWhipSession) self = g_weak_ref_get (ref);
  Job *job;

  if (self == NULL)
    return;
  job = g_new0 (Job, 1);
  job->what = what;
  job->value = value;
  cs_call_session_invoke (CS_CALL_SESSION (self), job_run, job, g_free);
}

static void
on_gathering_state (GObject *webrtc, GParamSpec *pspec, gpointer user_data)
{
  GstWebRTCICEGatheringState state;

  g_object_get (webrtc, "ice-gathering-state", &state, NULL);
  if (state == GST_WEBRTC_ICE_GATHERING_STATE_COMPLETE)
    invoke (user_data, JOB_GATHERED, 0);
}

static void
on_connection_state (GObject *webrtc, GParamSpec *pspec, gpointer user_data)
{
  GstWebRTCPeerConnectionState state;

  g_object_get (webrtc, "connection-state", &state, NULL);
  invoke (user_data, JOB_CONNECTION_STATE, (int) state);
}

static void
on_offer_created (GstPromise *promise, gpointer user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(CsWhipSession) self = g_weak_ref_get (ref);
  const GstStructure *reply = gst_promise_get_reply (promise);
  GstWebRTCSessionDescription *offer = NULL;

  if (self != NULL && reply != NULL)
    gst_structure_get (reply, "offer", GST_TYPE_WEBRTC_SESSION_DESCRIPTION, &offer, NULL);
  gst_promise_unref (promise);
  if (offer == NULL)
    return;
  {
    CsWhipSessionPrivate *priv = cs_whip_session_get_instance_private (self);
    GstPromise *set = cs_webrtc_media_promise ("set-local-description");

    g_signal_emit_by_name (priv->webrtc, "set-local-description", offer, set);
    gst_promise_unref (set);
  }
  gst_webrtc_session_description_free (offer);
  invoke (ref, JOB_OFFER_SET, 0);
}

static void
on_negotiation_needed (GstElement *webrtc, gpointer user_data)
{
  GstPromise *promise = gst_promise_new_with_change_func (on_offer_created, ref_acquire (user_data), ref_release);

  g_signal_emit_by_name (webrtc, "create-offer", NULL, promise);
}

/* ------------------------------------------------------------------ session */

static void
whip_handle_message (CsCallSession *session, GstMessage *message)
{
  CsWhipSession *self = CS_WHIP_SESSION (session);

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      CsWhipSessionPrivate *priv = cs_whip_session_get_instance_private (self);
      g_autoptr(GError) error = NULL;
      g_autofree char *m = NULL;

      gst_message_parse_error (message, &error, NULL);
      /* a camera that fails or never sends ends the call, in its own words (cs-camera.c):
       * nothing else would be sent as it; what it says as it is let go is not the call's */
      if (priv->camera != NULL && cs_sender_camera_owns_error (priv->camera, message))
        {
          if (RUNNING (self))
            {
              post_connection (self, CS_CONNECTION_STATE_FAILED, error->message);
              cs_call_session_fail_for_good (CS_CALL_SESSION (self), error->message);
            }
          return;
        }
      m = g_strdup_printf (_("Media error: %s"), error->message);
      report (self, CS_CONNECTION_STATE_CONNECTED, m);
    }
}

static void
build_media (CsWhipSession *self, char **link_servers)
{
  CsWhipSessionPrivate *priv = cs_whip_session_get_instance_private (self);
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  g_auto(GStrv) servers = NULL;
  g_autoptr(GError) error = NULL;

  if (priv->ice_servers != NULL)
    g_strv_builder_addv (b, (const char **) priv->ice_servers);
  if (link_servers != NULL)
    g_strv_builder_addv (b, (const char **) link_servers);
  servers = g_strv_builder_end (b);

  priv->webrtc = cs_webrtc_media_new_webrtcbin (NULL, servers);
  if (priv->webrtc == NULL)
    {
      fail (self, _("The webrtcbin element is not installed"));
      return;
    }
  gst_object_ref_sink (priv->webrtc);
  g_clear_pointer (&priv->watch, cs_receive_watch_unref);
  priv->watch = cs_receive_watch_new (priv->webrtc);
  cs_netsim_impair_webrtcbin (priv->webrtc, &priv->impair);
  gst_bin_add (GST_BIN (PIPELINE (self)), priv->webrtc);
  priv->stats = cs_webrtc_stats_new (LOCAL_UID, peer_uid (self));
  g_clear_pointer (&priv->meter, cs_media_meter_unref);
  priv->meter = cs_media_meter_new ();
  cs_webrtc_stats_set_augment_func (priv->stats, cs_media_meter_augment, cs_media_meter_ref (priv->meter),
                                    (GDestroyNotify) cs_media_meter_unref);
  cs_whip_session_connect (self, "on-negotiation-needed", G_CALLBACK (on_negotiation_needed));
  cs_whip_session_connect (self, "notify::ice-gathering-state", G_CALLBACK (on_gathering_state));
  cs_whip_session_connect (self, "notify::connection-state", G_CALLBACK (on_connection_state));
  if (!CS_WHIP_SESSION_GET_CLASS (self)->add_media (self, priv->webrtc, priv->meter, &error))
    {
      fail (self, error->message);
      return;
    }
  cs_stats_poller_add (POLLER (self), priv->webrtc, priv->stats);
  gst_element_set_state (PIPELINE (self), GST_STATE_PLAYING);
  if (priv->camera != NULL)
    cs_sender_camera_play (priv->camera);
  cs_stats_poller_start (POLLER (self), 1000);
}

static void
on_ice_queried (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(CsWhipSession) self = user_data;
  g_auto(GStrv) servers = cs_whip_client_query_ice_finish (CS_WHIP_CLIENT (source), result);

  if (!RUNNING (self))
    return;
  build_media (self, servers);
}

static const char * const whip_elements[] = { "webrtcbin", NULL };

static gboolean
whip_start (CsCallSession *session, GError **error)
{
  CsWhipSession *self = CS_WHIP_SESSION (session);
  CsWhipSessionPrivate *priv = cs_whip_session_get_instance_private (self);

  priv->cancellable = g_cancellable_new ();
  priv->posted = FALSE;
  priv->delete_owed = FALSE;
  post_connection (self, CS_CONNECTION_STATE_CONNECTING, NULL);
  cs_whip_client_query_ice_async (priv->client, priv->cancellable, on_ice_queried, g_object_ref (self));
  return TRUE;
}

static void
whip_hang_up (CsCallSession *session, gboolean clean)
{
  CsWhipSession *self = CS_WHIP_SESSION (session);
  CsWhipSessionPrivate *priv = cs_whip_session_get_instance_private (self);

  g_clear_handle_id (&priv->gather_timeout_id, g_source_remove);
  g_clear_handle_id (&priv->watch_id, g_source_remove);
  if (priv->cancellable != NULL)
    g_cancellable_cancel (priv->cancellable);
  if (priv->webrtc != NULL)
    g_signal_handlers_disconnect_by_data (priv->webrtc, priv->self_ref);
  /* before the pipeline stops: a pipewiresrc stops on a thread of its own */
  if (priv->camera != NULL)
    cs_sender_camera_stop (priv->camera);
  priv->delete_owed = clean;
}

static void
whip_post_final (CsCallSession *session, double t)
{
  post_connection (CS_WHIP_SESSION (session), CS_CONNECTION_STATE_CLOSED, NULL);
}

static void
whip_release (CsCallSession *session)
{
  CsWhipSessionPrivate *priv = cs_whip_session_get_instance_private (CS_WHIP_SESSION (session));

  priv->stats = NULL;
  g_clear_handle_id (&priv->watch_id, g_source_remove);
  g_clear_pointer (&priv->watch, cs_receive_watch_unref);
  g_clear_object (&priv->webrtc);
  g_clear_object (&priv->cancellable);
  priv->posted = FALSE;
}

static void
on_deleted (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (cs_whip_client_delete_finish (CS_WHIP_CLIENT (source), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* the hang-up: DELETE the resource, 2 s at most, once, when the call ends; the request
 * holds the client, not the session */
static void
whip_goodbye (CsCallSession *session, GTask *task)
{
  CsWhipSessionPrivate *priv = cs_whip_session_get_instance_private (CS_WHIP_SESSION (session));

  if (!priv->delete_owed || priv->client == NULL)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  priv->delete_owed = FALSE;
  cs_whip_client_delete_async (priv->client, 2, g_task_get_cancellable (task), on_deleted, task);
}

static void
cs_whip_session_finalize (GObject *object)
{
  CsWhipSessionPrivate *priv = cs_whip_session_get_instance_private (CS_WHIP_SESSION (object));

  g_clear_pointer (&priv->self_ref, ref_release);
  g_clear_handle_id (&priv->watch_id, g_source_remove);
  g_clear_pointer (&priv->watch, cs_receive_watch_unref);
  g_clear_object (&priv->client);
  g_strfreev (priv->ice_servers);
  g_free (priv->display);
  g_clear_pointer (&priv->meter, cs_media_meter_unref);
  g_clear_pointer (&priv->camera, cs_sender_camera_free);
  G_OBJECT_CLASS (cs_whip_session_parent_class)->finalize (object);
}

static void
cs_whip_session_class_init (CsWhipSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  CsCallSessionClass *session_class = CS_CALL_SESSION_CLASS (klass);

  object_class->finalize = cs_whip_session_finalize;
  session_class->required_elements = whip_elements;
  session_class->start = whip_start;
  session_class->handle_message = whip_handle_message;
  session_class->hang_up = whip_hang_up;
  session_class->post_final = whip_post_final;
  session_class->release = whip_release;
  session_class->goodbye = whip_goodbye;
  klass->peer_uid = SERVER_UID;
}

static void
cs_whip_session_init (CsWhipSession *self)
{
  CsWhipSessionPrivate *priv = cs_whip_session_get_instance_private (self);

  priv->self_ref = g_atomic_rc_box_new0 (GWeakRef);
  g_weak_ref_init (priv->self_ref, self);
}

gboolean
cs_whip_session_configure (CsWhipSession *self, const char *url, const CsCallConfig *config, GError **error)
{
  CsWhipSessionPrivate *priv = cs_whip_session_get_instance_private (self);
  g_autoptr(GUri) uri = NULL;

  if (!cs_impairment_parse_local (config->impair, &priv->impair, error))
    return FALSE;
  priv->client = cs_whip_client_new (url, config->token, error);
  if (priv->client == NULL)
    return FALSE;
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  priv->display = g_strdup (uri != NULL ? g_uri_get_host (uri) : url);
  priv->ice_servers = g_strdupv (config->ice_servers);
  /* the camera that cs_call_config_sends_camera() asked for (cs-call-controller-camera.c) */
  if (cs_call_config_sends_camera (config) && (priv->camera = cs_sender_camera_new (config, error)) == NULL)
    return FALSE;
  return TRUE;
}

const char *
cs_whip_session_get_location (CsWhipSession *self)
{
  CsWhipSessionPrivate *priv = cs_whip_session_get_instance_private (self);

  return priv->client != NULL ? cs_whip_client_get_location (priv->client) : NULL;
}

gboolean
cs_whip_session_get_answered (CsWhipSession *self)
{
  CsWhipSessionPrivate *priv = cs_whip_session_get_instance_private (self);

  return priv->answered;
}

CsSenderCamera *
cs_whip_session_get_camera (CsWhipSession *self)
{
  CsWhipSessionPrivate *priv = cs_whip_session_get_instance_private (self);

  return priv->camera;
}

CsWebrtcStats *
cs_whip_session_get_stats (CsWhipSession *self)
{
  CsWhipSessionPrivate *priv = cs_whip_session_get_instance_private (self);

  return priv->stats;
}

CsMediaMeter *
cs_whip_session_get_meter (CsWhipSession *self)
{
  CsWhipSessionPrivate *priv = cs_whip_session_get_instance_private (self);

  return priv->meter;
}

void
cs_whip_session_connect (CsWhipSession *self, const char *signal, GCallback handler)
{
  CsWhipSessionPrivate *priv = cs_whip_session_get_instance_private (self);

  g_return_if_fail (priv->webrtc != NULL);
  g_signal_connect_data (priv->webrtc, signal, handler, ref_acquire (priv->self_ref), ref_release_closure, 0);
}

CsWhipSession *
cs_whip_session_from_handler_data (gpointer user_data)
{
  return g_weak_ref_get (user_data);
}
