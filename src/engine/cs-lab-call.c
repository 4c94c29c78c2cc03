/* cs-lab-call.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Layout of one lab call (one pipeline, one clock):
 *
 *   sender U:  videotestsrc ! caps ! [fps probe] ! vp8enc ! rtpvp8pay ! (tee for local) ! webrtcbin(s)
 *              audiotestsrc ! caps ! volume ! level ! [send probe] ! opusenc ! rtpopuspay ! …
 *   pair k:    webrtcbin "local-k" (observer local) <— loopback ICE —> webrtcbin "user-k"
 *              each transport receive bin: nicesrc ! netsim(peer's uplink) ! netsim(own downlink) ! …
 *   receiver:  queue ! depay ! dec ! identity sync=true [render probe] ! sink
 *
 * Measurements that get-stats lacks (frames, freezes, level, the three delays) are taken
 * with pad probes and level messages and put into the samples by the converter's augment
 * function. Delays are measured on the shared clock:
 *   transport = time the packets spent in the impaired link (netsims) + loopback;
 *   receive   = render time − the sender's NTP send time of that RTP timestamp
 *               (rtpbin add-reference-timestamp-meta, both ends on one wall clock);
 *   end2end   = receive + the sender's capture→send time (its encoder and packetiser).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gst/gst.h>
#include <gst/video/video.h>
#include <math.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "cs-camera.h"
#include "cs-error.h"
#include "cs-lab-call-private.h"
#include "cs-netsim.h"

G_DEFINE_FINAL_TYPE (CsLabCall, cs_lab_call, CS_TYPE_CALL_SESSION)


GstClockTime
_cs_lab_running_time (CsLabCall *self)
{
  GstClockTime base = gst_element_get_base_time (PIPELINE (self));
  GstClockTime now = gst_clock_get_time (self->clock);

  return now > base ? now - base : 0;
}

/* ---------------------------------------------------------------- users */

static User *
user_new (const char *uid)
{
  User *user = g_new0 (User, 1);

  user->uid = g_strdup (uid);
  cs_impairment_init (&user->state);
  for (guint i = 0; i < CS_N_LINK_KEYS; i++)
    user->state.up[i] = user->state.down[i] = 0;
  user->state.capture_fps = VIDEO_FPS;
  user->state.mic_level = 100;
  user->state.bitrate_kbps = VIDEO_KBPS;
  user->state.send_video = 1;
  user->state.send_audio = 1;
  user->state.corrupt = 0;
  user->last_capture_pts = GST_CLOCK_TIME_NONE;
  user->last_gated_pts[0] = user->last_gated_pts[1] = GST_CLOCK_TIME_NONE;
  user->level = CS_UNKNOWN;
  user->send_delay[0] = user->send_delay[1] = CS_UNKNOWN;
  return user;
}

static void
user_free (User *user)
{
  g_free (user->uid);
  g_clear_object (&user->volume);
  g_clear_object (&user->venc);
  g_free (user);
}

static User *
find_user (CsLabCall *self, const char *uid)
{
  for (guint i = 0; i < self->users->len; i++)
    {
      User *user = g_ptr_array_index (self->users, i);

      if (g_str_equal (user->uid, uid))
        return user;
    }
  return NULL;
}

static void
pair_free (Pair *pair)
{
  End *ends[] = { &pair->a, &pair->b };

  for (guint i = 0; i < G_N_ELEMENTS (ends); i++)
    {
      g_clear_pointer (&ends[i]->uplink_netsims, g_ptr_array_unref);
      g_clear_pointer (&ends[i]->downlink_netsims, g_ptr_array_unref);
      g_clear_object (&ends[i]->webrtc);
    }
  g_free (pair);
}

/* ---------------------------------------------------------------- impairment */

/* Call with the lock held. */
static void
configure_end (End *end)
{
  for (guint i = 0; end->uplink_netsims != NULL && i < end->uplink_netsims->len; i++)
    cs_netsim_configure (g_ptr_array_index (end->uplink_netsims, i), end->peer->state.up);
  for (guint i = 0; end->downlink_netsims != NULL && i < end->downlink_netsims->len; i++)
    cs_netsim_configure (g_ptr_array_index (end->downlink_netsims, i), end->user->state.down);
}

static void
apply_devices (CsLabCall *self, User *user)
{
  if (user->volume != NULL)
    g_object_set (user->volume, "volume", user->state.mic_level / 100.0, NULL);
  if (user->venc != NULL)
    g_object_set (user->venc, "target-bitrate", (int) (user->state.bitrate_kbps * 1000), NULL);
}

static void
apply_to_user (CsLabCall *self, User *user, const CsImpairment *change)
{
  gboolean resumed;

  g_mutex_lock (&self->lock);
  /* video sent again, or clean again after garbled payloads: the receivers need a keyframe,
   * which the encoder would otherwise send only at its keyframe distance (10 s) */
  resumed = (change->send_video == 1 && user->state.send_video == 0) ||
            (change->corrupt == 0 && user->state.corrupt == 1);
  cs_impairment_merge (&user->state, change);
  for (guint i = 0; i < self->pairs->len; i++)
    {
      Pair *pair = g_ptr_array_index (self->pairs, i);

      configure_end (&pair->a);
      configure_end (&pair->b);
    }
  g_mutex_unlock (&self->lock);
  apply_devices (self, user);
  if (resumed && user->venc != NULL)
    {
      g_autoptr (GstPad) src = gst_element_get_static_pad (user->venc, "src");

      if (src != NULL)
        gst_pad_send_event (src, gst_video_event_new_upstream_force_key_unit (GST_CLOCK_TIME_NONE, TRUE, 0));
    }
}

gboolean
cs_lab_call_apply (CsLabCall          *self,
                   const char         *uid,
                   const CsImpairment *change,
                   GError            **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (CS_IS_LAB_CALL (self), FALSE);
  if (uid == NULL)
    {
      for (guint i = 1; i < self->users->len; i++)
        apply_to_user (self, g_ptr_array_index (self->users, i), change);
    }
  else
    {
      User *user = find_user (self, uid);

      if (user == NULL)
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_OPTION,
                       _("There is no user “%s” in this call (users: local, user-1 … user-%u)"),
                       uid, self->n_users);
          return FALSE;
        }
      apply_to_user (self, user, change);
    }
  text = cs_impairment_to_string (change);
  cs_call_session_emit_step (CS_CALL_SESSION (self), cs_lab_call_get_time (self), uid, text);
  return TRUE;
}

gboolean
cs_lab_call_get_impairment (CsLabCall    *self,
                            const char   *uid,
                            CsImpairment *out)
{
  User *user = find_user (self, uid);

  if (user == NULL)
    return FALSE;
  g_mutex_lock (&self->lock);
  *out = user->state;
  g_mutex_unlock (&self->lock);
  return TRUE;
}

/* ---------------------------------------------------------------- bus */

static End *
end_of (GstObject *object)
{
  for (GstObject *o = object ? gst_object_ref (object) : NULL; o != NULL;)
    {
      End *end = g_object_get_data (G_OBJECT (o), "cs-end");
      GstObject *parent = gst_object_get_parent (o);

      gst_object_unref (o);
      if (end != NULL)
        {
          g_clear_object (&parent);
          return end;
        }
      o = parent;
    }
  return NULL;
}

static void
report_fault (CsLabCall *self, End *end, const char *text)
{
  if (end != NULL)
    {
      End *other = end == &end->pair->a ? &end->pair->b : &end->pair->a;

      cs_call_session_post_sample (CS_CALL_SESSION (self),
                                   cs_webrtc_stats_connection_sample (end->user->uid, other->user->uid,
                                                                      end->state == CS_CONNECTION_STATE_CONNECTED ?
                                                                      CS_CONNECTION_STATE_CONNECTED : end->state,
                                                                      text, cs_call_session_now (CS_CALL_SESSION (self))));
    }
  cs_call_session_emit_error (CS_CALL_SESSION (self), text);
}

static void
lab_handle_message (CsCallSession *session, GstMessage *message)
{
  CsLabCall *self = CS_LAB_CALL (session);

  switch (GST_MESSAGE_TYPE (message))
    {
    /* the levels (receiveLevel, sendVolumeLevel) are read from the samples by probes on the
     * "meter" identities (_cs_lab_watch_level), as WebRTC's audioLevel */
    case GST_MESSAGE_WARNING:
      {
        g_autoptr (GError) error = NULL;
        g_autofree char *debug = NULL;
        Track *track = g_object_get_data (G_OBJECT (GST_MESSAGE_SRC (message)), "cs-track");

        gst_message_parse_warning (message, &error, &debug);
        if (track != NULL)
          {
            g_mutex_lock (&self->lock);
            track->decode_errors++;
            g_mutex_unlock (&self->lock);
          }
        else
          g_debug ("lab: warning from %s: %s", GST_MESSAGE_SRC_NAME (message), error->message);
      }
      break;
    case GST_MESSAGE_ERROR:
      {
        g_autoptr (GError) error = NULL;
        g_autofree char *debug = NULL;
        g_autofree char *text = NULL;
        End *end = end_of (GST_MESSAGE_SRC (message));
        Track *track = g_object_get_data (G_OBJECT (GST_MESSAGE_SRC (message)), "cs-track");

        gst_message_parse_error (message, &error, &debug);
        if (self->hanging_up && self->camera != NULL && GST_MESSAGE_SRC (message) == GST_OBJECT (self->camera))
          break;
        if (track != NULL)
          {
            g_mutex_lock (&self->lock);
            track->decode_errors++;
            g_mutex_unlock (&self->lock);
          }
        /* the camera's own words (cs-camera.c) are the user's message as they are */
        if (error->domain == CS_CAMERA_ERROR)
          text = g_strdup (error->message);
        else
          text = g_strdup_printf ("%s: %s", GST_MESSAGE_SRC_NAME (message), error->message);
        g_debug ("lab: error %s (%s)", text, debug ? debug : "");
        report_fault (self, end, text);
        /* a camera that fails or never starts ends the call: nothing else would be sent as it */
        if ((end == NULL && track == NULL && GST_MESSAGE_SRC (message) == GST_OBJECT (PIPELINE (self))) ||
            (self->camera != NULL && GST_MESSAGE_SRC (message) == GST_OBJECT (self->camera)))
          cs_call_session_emit_ended (CS_CALL_SESSION (self), TRUE);
      }
      break;
    default:
      break;
    }
}

/* ---------------------------------------------------------------- scenario */

/* The call's first media as the model saw it: its first commit with bytes sent or received.
 * That is what a scenario made from a call counts from (its original's first second with media,
 * less 0.5 s) and what --compare aligns on, so all three agree even when a loaded machine
 * delivers the first statistics seconds after the first frame. */
static gboolean
media_in_model (CsLabCall *self)
{
  CsStatsModel *model = cs_call_session_get_model (CS_CALL_SESSION (self));

  return model != NULL && cs_stats_model_get_has_media (model);
}

/* A scenario on the media clock waits this long for media, then starts anyway */
#define MEDIA_CLOCK_WAIT_S 30.0

static gboolean
on_scenario_tick (gpointer user_data)
{
  CsLabCall *self = user_data;
  double t = cs_lab_call_get_time (self);
  guint due;

  /* "clock": "media" (a scenario made from a call): its time starts with the media, as the
   * original's did; until then only its steps at 0 apply */
  if (self->scenario != NULL && isnan (self->scenario_origin))
    {
      if (media_in_model (self) || t >= MEDIA_CLOCK_WAIT_S)
        {
          /* the media began within the second before the commit that counted it */
          double origin = t >= MEDIA_CLOCK_WAIT_S ? t : MAX (t - 0.5, 0);
          g_autofree char *text = g_strdup_printf (_("scenario time starts at %.1f s, with the media"), origin);

          self->scenario_origin = origin;
          cs_call_session_emit_step (CS_CALL_SESSION (self), t, "", text);
        }
    }
  t = isnan (self->scenario_origin) ? 0 : t - self->scenario_origin;
  due = self->scenario != NULL ? cs_scenario_due (self->scenario, self->next_step, t, &self->scenario_lag) : 0;

  /* steps found late (a stalled main loop) shift the rest: cs_scenario_due() */
  while (self->scenario != NULL && self->next_step < due)
    {
      const CsScenarioStep *step = cs_scenario_get_step (self->scenario, self->next_step);
      g_autoptr (GError) error = NULL;

      self->next_step++;
      if (!cs_lab_call_apply (self, step->uid, &step->change, &error))
        cs_call_session_emit_error (CS_CALL_SESSION (self), error->message);
    }
  if (self->scenario == NULL || self->next_step >= cs_scenario_get_n_steps (self->scenario))
    {
      self->scenario_timer = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
on_polling (CsStatsPoller *poller, gpointer user_data)
{
  _cs_lab_roll_measurements (user_data);
}

/* ---------------------------------------------------------------- session */

static const char * const lab_elements[] = {
  "webrtcbin", "netsim", "vp8enc", "vp8dec", "opusenc", "opusdec", "rtpvp8pay", "rtpopuspay",
  "videotestsrc", "audiotestsrc", "nicesrc", "dtlssrtpenc", NULL
};

static gboolean
lab_start (CsCallSession *session, GError **error)
{
  CsLabCall *self = CS_LAB_CALL (session);
  CsStatsPoller *poller = POLLER (self);

  if (!_cs_lab_build_pipeline (self, error))
    return FALSE;
  g_signal_connect (poller, "polling", G_CALLBACK (on_polling), self);
  for (guint i = 0; i < self->pairs->len; i++)
    {
      Pair *pair = g_ptr_array_index (self->pairs, i);
      End *ends[] = { &pair->a, &pair->b };

      for (guint j = 0; j < 2; j++)
        {
          CsWebrtcStats *conv = cs_webrtc_stats_new (ends[j]->user->uid, ends[j]->peer->uid);

          cs_webrtc_stats_set_augment_func (conv, _cs_lab_augment_sample, ends[j], NULL);
          cs_stats_poller_add (poller, ends[j]->webrtc, conv);
        }
    }

  /* the impairments of the command line hold from the first packet */
  for (guint i = 0; i < self->impair_changes->len; i++)
    if (!cs_lab_call_apply (self, g_ptr_array_index (self->impair_uids, i),
                            &g_array_index (self->impair_changes, CsImpairment, i), error))
      return FALSE;

  if (gst_element_set_state (PIPELINE (self), GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_FAILED, _("The lab call could not start"));
      return FALSE;
    }
  for (guint i = 0; i < self->pairs->len; i++)
    {
      Pair *pair = g_ptr_array_index (self->pairs, i);

      CsStatsSample *sample = cs_webrtc_stats_connection_sample ("local", pair->b.user->uid,
                                                                 CS_CONNECTION_STATE_CONNECTING, NULL, 0);

      /* a scenario made from a call names its users as the original's were */
      if (self->scenario != NULL)
        sample->display_name = g_strdup (cs_scenario_get_user_name (self->scenario,
                                                                    (guint) g_ascii_strtoull (pair->b.user->uid + strlen ("user-"), NULL, 10)));
      cs_stats_poller_post_sample (poller, sample);
    }
  cs_stats_poller_start (poller, 1000);
  if (self->camera != NULL)
    {
      if (gst_element_is_locked_state (self->camera))
        cs_camera_start (self->camera);
      self->camera_watch = cs_camera_watch_start (self->camera, CS_CAMERA_START_TIMEOUT_MS);
    }
  cs_call_session_set_up (session, TRUE); /* no server to join */
  if (self->scenario != NULL)
    {
      self->next_step = 0;
      self->scenario_lag = 0;
      self->scenario_origin = cs_scenario_get_media_clock (self->scenario) ? NAN : 0;
      on_scenario_tick (self);
      if (self->next_step < cs_scenario_get_n_steps (self->scenario))
        self->scenario_timer = g_timeout_add (100, on_scenario_tick, self);
    }
  return TRUE;
}

static void
lab_hang_up (CsCallSession *session, gboolean clean)
{
  CsLabCall *self = CS_LAB_CALL (session);

  g_clear_handle_id (&self->scenario_timer, g_source_remove);
  g_clear_pointer (&self->camera_watch, cs_camera_watch_stop);
  /* the pipeline stops next, at once: a pipewiresrc camera is let go to stop on a thread of
   * its own (cs_camera_release; what it says as it goes is not the call's failure) */
  self->hanging_up = TRUE;
  if (self->camera != NULL && self->camera_fd >= 0)
    cs_camera_release (self->camera);
}

static void
lab_post_final (CsCallSession *session, double t)
{
  CsLabCall *self = CS_LAB_CALL (session);

  for (guint i = 0; i < self->pairs->len; i++)
    {
      Pair *pair = g_ptr_array_index (self->pairs, i);

      cs_call_session_post_sample (session, cs_webrtc_stats_connection_sample ("local", pair->b.user->uid,
                                                                               CS_CONNECTION_STATE_CLOSED,
                                                                               "call ended", t));
    }
}

static void
lab_release (CsCallSession *session)
{
  CsLabCall *self = CS_LAB_CALL (session);

  g_ptr_array_set_size (self->pairs, 0);
  for (guint i = 0; i < self->users->len; i++)
    {
      User *user = g_ptr_array_index (self->users, i);
      g_clear_object (&user->volume);
      g_clear_object (&user->venc);
    }
  g_clear_pointer (&self->clock, gst_object_unref);
  g_clear_pointer (&self->camera_watch, cs_camera_watch_stop);
  g_clear_pointer (&self->camera, gst_object_unref);
}

static void
cs_lab_call_finalize (GObject *object)
{
  CsLabCall *self = CS_LAB_CALL (object);

  g_clear_object (&self->scenario);
  g_clear_pointer (&self->camera_watch, cs_camera_watch_stop);
  g_clear_pointer (&self->camera, gst_object_unref);
  if (self->camera_fd >= 0)
    close (self->camera_fd);
  g_ptr_array_unref (self->impair_uids);
  g_array_unref (self->impair_changes);
  g_ptr_array_unref (self->pairs);
  g_ptr_array_unref (self->users);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (cs_lab_call_parent_class)->finalize (object);
}

static double
lab_get_time (CsCallSession *session)
{
  return cs_lab_call_get_time (CS_LAB_CALL (session));
}

static void
cs_lab_call_class_init (CsLabCallClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  CsCallSessionClass *session_class = CS_CALL_SESSION_CLASS (klass);

  object_class->finalize = cs_lab_call_finalize;
  session_class->pipeline_name = "callscope-lab";
  session_class->required_elements = lab_elements;
  session_class->start = lab_start;
  session_class->handle_message = lab_handle_message;
  session_class->hang_up = lab_hang_up;
  session_class->post_final = lab_post_final;
  session_class->release = lab_release;
  session_class->get_time = lab_get_time;
}

static void
cs_lab_call_init (CsLabCall *self)
{
  g_mutex_init (&self->lock);
  self->camera_fd = -1;
  self->users = g_ptr_array_new_with_free_func ((GDestroyNotify) user_free);
  self->pairs = g_ptr_array_new_with_free_func ((GDestroyNotify) pair_free);
  self->impair_uids = g_ptr_array_new_with_free_func (g_free);
  self->impair_changes = g_array_new (FALSE, FALSE, sizeof (CsImpairment));
}

CsLabCall *
cs_lab_call_new (const CsCallConfig *config, GError **error)
{
  g_autoptr (CsLabCall) self = NULL;

  if (!gst_is_initialized ())
    gst_init (NULL, NULL); /* for callers that create the lab directly (tests, benchmarks) */
  self = g_object_new (CS_TYPE_LAB_CALL, NULL);
  self->n_users = config->users > 0 ? config->users : 3;
  self->use_camera = config->use_camera;
  /* the session's own duplicate of the portal's remote: pipewiresrc reads it when it starts */
  if (config->use_camera && config->camera_portal)
    {
      self->camera_fd = fcntl (config->camera_fd, F_DUPFD_CLOEXEC, 3);
      if (self->camera_fd < 0)
        {
          int saved = errno;

          g_set_error (error, CS_CAMERA_ERROR, CS_CAMERA_ERROR_FAILED,
                       _("The camera portal's PipeWire connection cannot be used: %s"), g_strerror (saved));
          return NULL;
        }
    }
  g_ptr_array_add (self->users, user_new ("local"));
  for (guint k = 1; k <= self->n_users; k++)
    {
      g_autofree char *uid = g_strdup_printf ("user-%u", k);
      g_ptr_array_add (self->users, user_new (uid));
    }

  for (guint i = 0; config->impair != NULL && config->impair[i] != NULL; i++)
    {
      CsImpairment change;
      char *uid = NULL;

      if (!cs_impairment_parse (config->impair[i], &uid, &change, error))
        return NULL;
      if (uid != NULL && find_user (self, uid) == NULL)
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_OPTION,
                       _("--impair “%s”: there is no user “%s” (users: local, user-1 … user-%u)"),
                       config->impair[i], uid, self->n_users);
          g_free (uid);
          return NULL;
        }
      g_ptr_array_add (self->impair_uids, uid);
      g_array_append_val (self->impair_changes, change);
    }

  if (config->scenario != NULL)
    {
      self->scenario = cs_scenario_load (config->scenario, error);
      if (self->scenario == NULL)
        return NULL;
      for (guint i = 0; i < cs_scenario_get_n_steps (self->scenario); i++)
        {
          const CsScenarioStep *step = cs_scenario_get_step (self->scenario, i);

          if (step->uid != NULL && find_user (self, step->uid) == NULL)
            {
              g_set_error (error, CS_ERROR, CS_ERROR_INVALID_SCENARIO,
                           _("Scenario “%s”: step %u names user “%s”, but the call has local and user-1 … user-%u"),
                           config->scenario, i + 1, step->uid, self->n_users);
              return NULL;
            }
        }
    }
  return g_steal_pointer (&self);
}

guint
cs_lab_call_get_n_users (CsLabCall *self)
{
  return self->n_users;
}

CsScenario *
cs_lab_call_get_scenario (CsLabCall *self)
{
  return self->scenario;
}

CsStatsPoller *
cs_lab_call_get_poller (CsLabCall *self)
{
  return POLLER (self);
}

double
cs_lab_call_get_time (CsLabCall *self)
{
  return cs_call_session_now (CS_CALL_SESSION (self));
}
