/* cs-janus-handle-media.c — the media of each Janus handle (see cs-janus-call-private.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One bin per handle in the session's pipeline: the publisher's (sources, encoders,
 * webrtcbin, send only) and one per subscription (webrtcbin, decoders, sinks); their
 * negotiation with the server's SDP, bounded (cs-net-limits.h: m-lines and candidates).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gst/sdp/sdp.h>
#include <gst/webrtc/webrtc.h>
#include <string.h>

#include "cs-error.h"
#include "cs-http-body.h"
#include "cs-janus-call-private.h"
#include "cs-net-limits.h"
#include "cs-netsim.h"
#include "cs-webrtc-media.h"

/* ------------------------------------------------------------------ main-context jobs */

typedef struct Job Job;
typedef void (*JobFunc) (CsJanusCall *self, Handle *h, Job *job);
struct Job
{
  JobFunc  func;
  Handle  *h;
  char    *text;
  guint    n;
};

static void
job_run (CsCallSession *session, gpointer data)
{
  Job *job = data;

  if (!job->h->closed)
    job->func (CS_JANUS_CALL (session), job->h, job);
}

static void
job_free (gpointer data)
{
  Job *job = data;

  _cs_janus_handle_unref (job->h);
  g_free (job->text);
  g_free (job);
}

/* from a webrtcbin callback (any thread) to the main context, while the call runs */
static void
run_on_main (Handle *h, JobFunc func, char *text /* transfer full */, guint n)
{
  g_autoptr(CsJanusCall) self = g_weak_ref_get (&h->call);
  Job *job;

  if (self == NULL)
    {
      g_free (text);
      return;
    }
  job = g_new0 (Job, 1);
  job->func = func;
  job->h = _cs_janus_handle_ref (h);
  job->text = text;
  job->n = n;
  cs_call_session_invoke (CS_CALL_SESSION (self), job_run, job, job_free);
}

static void
job_send_trickle (CsJanusCall *self, Handle *h, Job *job)
{
  g_autofree char *tx = cs_janus_transaction_new ();

  if (h->handle_id == NULL || self->session_id == NULL)
    return;
  _cs_janus_send_request (self, REQ_OTHER, h, TRUE, tx,
                cs_janus_build_trickle (self->session_id, h->handle_id, job->n, job->text, tx,
                                        self->secret, self->token));
}

static void
job_send_offer (CsJanusCall *self, Handle *h, Job *job)
{
  _cs_janus_send_plugin_message (self, REQ_PUBLISH, h, cs_janus_body_publish (), "offer", job->text);
}

static void
job_send_answer (CsJanusCall *self, Handle *h, Job *job)
{
  _cs_janus_send_plugin_message (self, REQ_START, h, cs_janus_body_start (self->room), "answer", job->text);
}

static void
job_connection_state (CsJanusCall *self, Handle *h, Job *job)
{
  CsConnectionState state = cs_webrtc_stats_connection_state_from_gst ((int) job->n);

  if (state == CS_CONNECTION_STATE_CONNECTED && h->webrtc != NULL && h->stats != NULL && h->feed == NULL)
    cs_webrtc_media_map_send_pads (h->webrtc, h->stats, SERVER_UID);
  if (state == CS_CONNECTION_STATE_FAILED)
    {
      g_autofree char *m = h->feed != NULL
        ? g_strdup_printf (_("The media connection to %s failed"), h->display != NULL ? h->display : h->feed)
        : g_strdup (_("The media connection of the published stream failed"));

      _cs_janus_report (self, _cs_janus_handle_uid (h), h->display, state, m);
      return;
    }
  if (h->feed != NULL)
    _cs_janus_post_connection (self, h->feed, h->display, state, NULL);
}

/* ------------------------------------------------------------------ webrtcbin callbacks (any thread) */

static void
on_ice_candidate (GstElement *webrtc, guint mline, const char *candidate, gpointer user_data)
{
  run_on_main (user_data, job_send_trickle, g_strdup (candidate), mline);
}

static void
on_connection_state (GObject *webrtc, GParamSpec *pspec, gpointer user_data)
{
  GstWebRTCPeerConnectionState state;

  g_object_get (webrtc, "connection-state", &state, NULL);
  run_on_main (user_data, job_connection_state, NULL, (guint) state);
}

static void
on_gathering_state (GObject *webrtc, GParamSpec *pspec, gpointer user_data)
{
  GstWebRTCICEGatheringState state;

  g_object_get (webrtc, "ice-gathering-state", &state, NULL);
  if (state == GST_WEBRTC_ICE_GATHERING_STATE_COMPLETE)
    run_on_main (user_data, job_send_trickle, NULL, 0);
}

static void
on_pad_added (GstElement *webrtc, GstPad *pad, gpointer user_data)
{
  Handle *h = user_data;
  g_autoptr(CsJanusCall) self = g_weak_ref_get (&h->call);

  if (self == NULL || h->bin == NULL)
    return;
  cs_webrtc_media_link_incoming (CS_CALL_SESSION (self), h->bin, pad, h->feed, h->stats, h->meter);
}

static void
on_offer_created (GstPromise *promise, gpointer user_data)
{
  Handle *h = user_data;
  const GstStructure *reply = _cs_janus_promise_reply (promise);
  GstWebRTCSessionDescription *offer = NULL;

  if (reply != NULL)
    gst_structure_get (reply, "offer", GST_TYPE_WEBRTC_SESSION_DESCRIPTION, &offer, NULL);
  gst_promise_unref (promise);
  if (offer == NULL)
    return;
  {
    GstPromise *set = cs_webrtc_media_promise ("set-local-description");

    g_signal_emit_by_name (h->webrtc, "set-local-description", offer, set);
    gst_promise_unref (set);
  }
  run_on_main (h, job_send_offer, gst_sdp_message_as_text (offer->sdp), 0);
  gst_webrtc_session_description_free (offer);
}

static void
on_negotiation_needed (GstElement *webrtc, gpointer user_data)
{
  Handle *h = user_data;
  GstPromise *promise;

  if (!g_atomic_int_compare_and_exchange (&h->offer_made, 0, 1))
    return;
  promise = gst_promise_new_with_change_func (on_offer_created, _cs_janus_handle_ref (h), (GDestroyNotify) _cs_janus_handle_unref);
  _cs_janus_handle_track_negotiation (h, promise);
  g_signal_emit_by_name (webrtc, "create-offer", NULL, promise);
}

static void
on_answer_created (GstPromise *promise, gpointer user_data)
{
  Handle *h = user_data;
  const GstStructure *reply = _cs_janus_promise_reply (promise);
  GstWebRTCSessionDescription *answer = NULL;

  if (reply != NULL)
    gst_structure_get (reply, "answer", GST_TYPE_WEBRTC_SESSION_DESCRIPTION, &answer, NULL);
  gst_promise_unref (promise);
  if (answer == NULL)
    return;
  {
    GstPromise *set = cs_webrtc_media_promise ("set-local-description");

    g_signal_emit_by_name (h->webrtc, "set-local-description", answer, set);
    gst_promise_unref (set);
  }
  run_on_main (h, job_send_answer, gst_sdp_message_as_text (answer->sdp), 0);
  gst_webrtc_session_description_free (answer);
}

/* ------------------------------------------------------------------ media */

static GstElement *
make_handle_bin (CsJanusCall *self, Handle *h, const char *name)
{
  GstElement *webrtc = cs_webrtc_media_new_webrtcbin (NULL, self->ice_servers);

  if (webrtc == NULL)
    return NULL;
  cs_netsim_impair_webrtcbin (webrtc, &self->impair);
  h->bin = gst_object_ref_sink (gst_bin_new (name));
  h->webrtc = gst_object_ref (webrtc);
  gst_bin_add (GST_BIN (h->bin), webrtc);
  g_signal_connect_data (webrtc, "on-ice-candidate", G_CALLBACK (on_ice_candidate),
                         _cs_janus_handle_ref (h), (GClosureNotify) _cs_janus_handle_unref, 0);
  g_signal_connect_data (webrtc, "notify::connection-state", G_CALLBACK (on_connection_state),
                         _cs_janus_handle_ref (h), (GClosureNotify) _cs_janus_handle_unref, 0);
  g_signal_connect_data (webrtc, "notify::ice-gathering-state", G_CALLBACK (on_gathering_state),
                         _cs_janus_handle_ref (h), (GClosureNotify) _cs_janus_handle_unref, 0);
  h->stats = cs_webrtc_stats_new (LOCAL_UID, _cs_janus_handle_uid (h));
  /* what a subscription decodes, or what the publisher captures and encodes */
  h->meter = cs_media_meter_new ();
  cs_webrtc_stats_set_augment_func (h->stats, cs_media_meter_augment, cs_media_meter_ref (h->meter),
                                    (GDestroyNotify) cs_media_meter_unref);
  return webrtc;
}

/* Stops @h's media. The webrtcbin's signal handlers hold references to @h: disconnecting
 * them breaks the cycle; h->webrtc itself stays until @h is freed, for late callbacks. */
void
_cs_janus_remove_handle_media (CsJanusCall *self, Handle *h)
{
  h->closed = TRUE;
  if (h->webrtc != NULL)
    {
      CsWebrtcStats *stats = h->stats;

      h->stats = NULL;
      g_signal_handlers_disconnect_by_data (h->webrtc, h);
      if (POLLER (self) != NULL && stats != NULL)
        cs_stats_poller_remove (POLLER (self), h->webrtc);
    }
  if (h->bin != NULL)
    {
      gst_element_set_state (h->bin, GST_STATE_NULL);
      if (PIPELINE (self) != NULL && GST_OBJECT_PARENT (h->bin) == GST_OBJECT (PIPELINE (self)))
        gst_bin_remove (GST_BIN (PIPELINE (self)), h->bin);
    }
  {
    GstPromise *pending = g_atomic_pointer_exchange (&h->negotiation, NULL);

    /* ignored when it was replied; otherwise its callback runs now, with no reply */
    if (pending != NULL)
      {
        gst_promise_interrupt (pending);
        gst_promise_unref (pending);
      }
  }
}

void
_cs_janus_start_publishing (CsJanusCall *self)
{
  Handle *h = self->pub;
  g_autoptr(GError) error = NULL;
  GstElement *webrtc = make_handle_bin (self, h, "publisher");

  if (webrtc == NULL)
    {
      _cs_janus_report (self, SERVER_UID, NULL, CS_CONNECTION_STATE_FAILED, _("The webrtcbin element is not installed"));
      return;
    }
  g_signal_connect_data (webrtc, "on-negotiation-needed", G_CALLBACK (on_negotiation_needed),
                         _cs_janus_handle_ref (h), (GClosureNotify) _cs_janus_handle_unref, 0);
  if (!cs_webrtc_media_add_sender (h->bin, webrtc, self->camera, h->meter, &error))
    {
      g_autofree char *m = g_strdup_printf (_("Cannot publish: %s"), error->message);

      _cs_janus_report (self, SERVER_UID, NULL, CS_CONNECTION_STATE_CONNECTED, m);
      g_clear_object (&h->webrtc);
      g_clear_object (&h->bin);
      g_clear_pointer (&h->stats, cs_webrtc_stats_free);
      return;
    }
  gst_bin_add (GST_BIN (PIPELINE (self)), h->bin);
  cs_stats_poller_add (POLLER (self), webrtc, h->stats);
  gst_element_sync_state_with_parent (h->bin);
  if (self->camera != NULL)
    cs_sender_camera_play (self->camera);
}

gboolean
_cs_janus_camera_error (CsJanusCall *self, GstMessage *message)
{
  g_autoptr(GError) error = NULL;

  if (self->camera == NULL || !cs_sender_camera_owns_error (self->camera, message))
    return FALSE;
  /* a camera that fails or never sends ends the call, in its own words (cs-camera.c):
   * nothing else would be sent as it; what it says as it is let go is not the call's */
  gst_message_parse_error (message, &error, NULL);
  if (RUNNING (self))
    {
      _cs_janus_post_connection (self, SERVER_UID, NULL, CS_CONNECTION_STATE_FAILED, error->message);
      cs_call_session_fail_for_good (CS_CALL_SESSION (self), error->message);
    }
  return TRUE;
}

static const char *
handle_name (Handle *h)
{
  return h->display != NULL ? h->display : h->feed;
}

/* Remote candidates beyond CS_NET_MAX_REMOTE_CANDIDATES: refused, said once per connection. */
void
_cs_janus_refuse_candidates (CsJanusCall *self, Handle *h)
{
  g_autofree char *m = NULL;

  if (h->candidates_refused)
    return;
  h->candidates_refused = TRUE;
  m = h->feed != NULL
    ? g_strdup_printf (_("The server sent more than %u ICE candidates for %s: the others are refused"),
                       CS_NET_MAX_REMOTE_CANDIDATES, handle_name (h))
    : g_strdup_printf (_("The server sent more than %u ICE candidates for the published stream: the others are refused"),
                       CS_NET_MAX_REMOTE_CANDIDATES);
  _cs_janus_protocol_error (self, m);
}

/* FALSE for an unreadable description (@error unset), or one beyond the bounds of
 * cs_webrtc_media_bound_remote_sdp() (@error set). */
gboolean
_cs_janus_set_remote (CsJanusCall *self, Handle *h, const char *type, const char *sdp_text, GError **error)
{
  GstSDPMessage *sdp = NULL;
  GstWebRTCSessionDescription *desc;
  GstWebRTCSDPType t = strcmp (type, "offer") == 0 ? GST_WEBRTC_SDP_TYPE_OFFER : GST_WEBRTC_SDP_TYPE_ANSWER;
  g_autofree char *what = NULL;
  guint n = h->n_trickled, dropped = 0;

  if (gst_sdp_message_new_from_text (sdp_text, &sdp) != GST_SDP_OK || sdp == NULL)
    return FALSE;
  if (gst_sdp_message_medias_len (sdp) == 0)
    {
      gst_sdp_message_free (sdp);
      return FALSE;
    }
  /* TRANSLATORS: the subject of "… has 17 media sections; …" (cs-webrtc-media.c); %s is a user */
  what = h->feed != NULL ? g_strdup_printf (_("The server's offer for %s"), handle_name (h))
                         : g_strdup (_("The server's answer to the published stream"));
  /* a renegotiation repeats the candidates: only the latest description's count */
  if (!cs_webrtc_media_bound_remote_sdp (sdp, what, &n, &dropped, error))
    {
      gst_sdp_message_free (sdp);
      return FALSE;
    }
  h->n_sdp_candidates = n - h->n_trickled;
  if (dropped > 0)
    _cs_janus_refuse_candidates (self, h);
  desc = gst_webrtc_session_description_new (t, sdp);
  {
    GstPromise *promise = cs_webrtc_media_promise ("set-remote-description");

    g_signal_emit_by_name (h->webrtc, "set-remote-description", desc, promise);
    gst_promise_unref (promise);
  }
  gst_webrtc_session_description_free (desc);
  return TRUE;
}

void
_cs_janus_answer_offer (CsJanusCall *self, Handle *h, const char *sdp)
{
  GstElement *webrtc;
  GstPromise *promise;

  if (h->webrtc != NULL)
    {
      /* a renegotiation ("updated": the publisher added, changed or stopped streams) */
      g_autoptr(GError) error = NULL;

      if (h->closed)
        return;
      if (!_cs_janus_set_remote (self, h, "offer", sdp, &error))
        {
          g_autofree char *m = error != NULL ? g_strdup (error->message)
                                             : g_strdup_printf (_("The server sent an unreadable offer for %s"),
                                                                handle_name (h));

          _cs_janus_protocol_error (self, m);
          return;
        }
      promise = gst_promise_new_with_change_func (on_answer_created, _cs_janus_handle_ref (h), (GDestroyNotify) _cs_janus_handle_unref);
      _cs_janus_handle_track_negotiation (h, promise);
      g_signal_emit_by_name (h->webrtc, "create-answer", NULL, promise);
      return;
    }
  webrtc = make_handle_bin (self, h, NULL);
  if (webrtc == NULL)
    return;
  g_signal_connect_data (webrtc, "pad-added", G_CALLBACK (on_pad_added),
                         _cs_janus_handle_ref (h), (GClosureNotify) _cs_janus_handle_unref, 0);
  gst_bin_add (GST_BIN (PIPELINE (self)), h->bin);
  cs_stats_poller_add (POLLER (self), webrtc, h->stats);
  gst_element_sync_state_with_parent (h->bin);
  {
    g_autoptr(GError) error = NULL;

    if (!_cs_janus_set_remote (self, h, "offer", sdp, &error))
      {
        g_autofree char *m = error != NULL ? g_strdup (error->message)
                                           : g_strdup_printf (_("The server sent an unreadable offer for %s"),
                                                              handle_name (h));

        _cs_janus_report (self, h->feed, h->display, CS_CONNECTION_STATE_FAILED, m);
        return;
      }
  }
  promise = gst_promise_new_with_change_func (on_answer_created, _cs_janus_handle_ref (h), (GDestroyNotify) _cs_janus_handle_unref);
  _cs_janus_handle_track_negotiation (h, promise);
  g_signal_emit_by_name (webrtc, "create-answer", NULL, promise);
}

/* ------------------------------------------------------------------ refusals */

/* Janus takes a publish and refuses a medium whose codecs the room does not take (its log:
 * "Couldn't find codec we needed … rejecting video"): its answer disables that m-line and its
 * "configured" event says the codec "none". Said as such, not left to look like a failed
 * connection. */
void
_cs_janus_report_refused_media (CsJanusCall *self, CsJanusMessage *msg)
{
  const char *codecs[] = { msg->video_codec, msg->audio_codec };
  /* what Callscope publishes (cs_webrtc_media_add_sender) */
  const char *offered[] = { "VP8", "Opus" };

  for (guint k = 0; k < G_N_ELEMENTS (codecs); k++)
    if (g_strcmp0 (codecs[k], "none") == 0)
      {
        g_autofree char *m = NULL;

        m = g_strdup_printf (k == 0 ? _("Janus refused the published video: room %s takes no codec Callscope offers (%s); "
                                        "Janus answered video_codec “none” and disabled the stream")
                                    : _("Janus refused the published audio: room %s takes no codec Callscope offers (%s); "
                                        "Janus answered audio_codec “none” and disabled the stream"),
                             self->room, offered[k]);
        _cs_janus_report (self, SERVER_UID, NULL, CS_CONNECTION_STATE_CONNECTED, m);
      }
}
