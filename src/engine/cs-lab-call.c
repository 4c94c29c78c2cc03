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
#include <gst/rtp/rtp.h>
#include <gst/video/video.h>
#include <gst/webrtc/webrtc.h>
#include <math.h>
#include <nice/agent.h>
#include <string.h>

#include "cs-error.h"
#include "cs-ice-config.h"
#include "cs-netsim.h"
#include "cs-call-session-private.h"
#include "cs-lab-call.h"
#include "cs-webrtc-stats.h"

#define VIDEO_WIDTH   320
#define VIDEO_HEIGHT  240
#define VIDEO_FPS     15
#define VIDEO_KBPS    300
#define AUDIO_KBPS    32
#define JB_LATENCY_MS 150
#define FREEZE_GAP_US (500 * G_TIME_SPAN_MILLISECOND) /* Agora: > 500 ms between rendered frames */
#define NTP_UNIX_OFFSET_S G_GUINT64_CONSTANT (2208988800)

typedef struct _Pair Pair;
typedef struct _End End;

/* A user's devices: what it captures and sends. */
typedef struct
{
  char         *uid;
  CsImpairment  state;          /* every field set */
  GstElement   *volume;
  GstElement   *venc;
  /* measurements, under the call's lock */
  guint64       captured;
  guint64       encoded;
  GstClockTime  last_capture_pts;
  GstClockTime  last_gated_pts[2];  /* the last buffer let through while stopped: audio, video */
  double        level;          /* 0..32767 */
  double        send_delay_sum[2]; /* [video, audio] capture -> packetised, ms */
  guint         send_delay_n[2];
  double        send_delay[2];
  guint         width, height;
} User;

/* A received track at one end. */
typedef struct
{
  guint64 decoded;
  guint64 rendered;
  guint64 decode_errors;
  guint64 freezes;
  double  freeze_ms;
  gint64  last_render_us;      /* monotonic; 0 before the first frame */
  guint   width, height;
  double  level;
  double  recv_sum;            /* render − sender NTP, ms */
  guint   recv_n;
  double  recv_delay;
} Track;

struct _End
{
  CsLabCall         *call;
  Pair              *pair;
  User              *user;      /* this end's user */
  User              *peer;      /* the other end's user */
  GstElement        *webrtc;
  Track              video, audio;
  double             hold_sum;  /* ms spent in the netsims, this second */
  guint              hold_n;
  double             transport;
  GPtrArray         *uplink_netsims;   /* the peer's uplink, on this end's receive bins */
  GPtrArray         *downlink_netsims; /* this end's downlink */
  CsConnectionState  state;
};

struct _Pair
{
  guint  k;
  End    a;     /* local */
  End    b;     /* user-k */
  gint   negotiating;
  gboolean failed;
};

struct _CsLabCall
{
  CsCallSession  parent_instance;

  guint          n_users;
  gboolean       use_camera;
  CsScenario    *scenario;
  GPtrArray     *impair_uids;    /* char* or NULL */
  GArray        *impair_changes; /* CsImpairment */

  GMutex         lock;
  GPtrArray     *users;          /* User*, [0] = local */
  GPtrArray     *pairs;          /* Pair* */
  GstClock      *clock;
  guint          scenario_timer;
  guint          next_step;
  double         scenario_lag; /* s the scenario was shifted by late steps */
};

G_DEFINE_FINAL_TYPE (CsLabCall, cs_lab_call, CS_TYPE_CALL_SESSION)

#define PIPELINE(self) cs_call_session_get_pipeline (CS_CALL_SESSION (self))
#define POLLER(self)   cs_call_session_get_poller (CS_CALL_SESSION (self))

static GstClockTime
running_time (CsLabCall *self)
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
track_init (Track *track)
{
  track->level = CS_UNKNOWN;
  track->recv_delay = CS_UNKNOWN;
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
  g_mutex_lock (&self->lock);
  cs_impairment_merge (&user->state, change);
  for (guint i = 0; i < self->pairs->len; i++)
    {
      Pair *pair = g_ptr_array_index (self->pairs, i);

      configure_end (&pair->a);
      configure_end (&pair->b);
    }
  g_mutex_unlock (&self->lock);
  apply_devices (self, user);
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

/* ---------------------------------------------------------------- probes */

static void
average_into (double *sum, guint *n, double *value)
{
  if (*n > 0)
    *value = *sum / *n;
  *sum = 0;
  *n = 0;
}

/* Each packet that left the impaired link: a private copy (netsim hands out shared
 * buffers that later elements would write to), restamped to now so the jitter buffer
 * sees the delay, and its time in the link measured. */
static GstPadProbeReturn
on_link_exit (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  End *end = user_data;
  CsLabCall *self = end->call;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  GstBuffer *copy;
  GstClockTime arrival = GST_BUFFER_DTS_OR_PTS (buffer);
  GstClockTime now = running_time (self);

  copy = gst_buffer_copy_deep (buffer);
  GST_BUFFER_PTS (copy) = now;
  GST_BUFFER_DTS (copy) = now;
  gst_buffer_unref (buffer);
  GST_PAD_PROBE_INFO_DATA (info) = copy;

  if (GST_CLOCK_TIME_IS_VALID (arrival) && now >= arrival)
    {
      g_mutex_lock (&self->lock);
      /* + the kernel's loopback hop, measured at about 0.05 ms on loopback */
      end->hold_sum += (now - arrival) / 1e6 + 0.05;
      end->hold_n++;
      g_mutex_unlock (&self->lock);
    }
  return GST_PAD_PROBE_OK;
}

/* The link into @end: nicesrc ! netsim (the peer's uplink) ! netsim (this end's downlink),
 * the second measured and restamped by on_link_exit(). */
static gboolean
insert_link (End *end, GstElement *nicesrc)
{
  CsLabCall *self = end->call;
  GstBin *bin = GST_BIN (gst_object_get_parent (GST_OBJECT (nicesrc)));
  g_autoptr (GstPad) src = gst_element_get_static_pad (nicesrc, "src");
  g_autoptr (GstPad) up_src = NULL;
  GstElement *up = NULL, *down = NULL;

  if (bin != NULL)
    up = cs_netsim_insert (bin, src, NULL, CS_NETSIM_EXIT_COPY);
  if (up != NULL)
    {
      up_src = gst_element_get_static_pad (up, "src");
      down = cs_netsim_insert (bin, up_src, NULL, CS_NETSIM_EXIT_NONE);
    }
  if (down == NULL)
    {
      g_clear_object (&bin);
      return FALSE;
    }
  {
    g_autoptr (GstPad) down_src = gst_element_get_static_pad (down, "src");

    gst_pad_add_probe (down_src, GST_PAD_PROBE_TYPE_BUFFER, on_link_exit, end, NULL);
  }

  g_mutex_lock (&self->lock);
  g_ptr_array_add (end->uplink_netsims, gst_object_ref (up));
  g_ptr_array_add (end->downlink_netsims, gst_object_ref (down));
  cs_netsim_configure (up, end->peer->state.up);
  cs_netsim_configure (down, end->user->state.down);
  g_mutex_unlock (&self->lock);
  gst_object_unref (bin);
  return TRUE;
}

static void
on_webrtc_element_added (GstBin *bin, GstElement *element, gpointer user_data)
{
  End *end = user_data;
  gboolean receive = FALSE;
  g_autoptr (GstElement) nicesrc = NULL;

  if (g_getenv ("CS_LAB_NO_NETSIM") != NULL)
    return;
  nicesrc = cs_netsim_transport_ice_element (element, &receive);
  if (nicesrc != NULL && receive && !insert_link (end, nicesrc))
    g_warning ("lab: could not impair a transport of %s", end->user->uid);
}

/* capture: frame-rate faults drop frames here, as a slow camera would */
static GstPadProbeReturn
on_capture (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  User *user = user_data;
  CsLabCall *self = g_object_get_data (G_OBJECT (pad), "cs-call");
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  GstClockTime pts = GST_BUFFER_PTS (buffer);
  gboolean keep = TRUE;

  g_mutex_lock (&self->lock);
  if (user->state.capture_fps < VIDEO_FPS && GST_CLOCK_TIME_IS_VALID (pts))
    {
      GstClockTime interval = user->state.capture_fps > 0 ? (GstClockTime) (GST_SECOND / user->state.capture_fps)
                                                          : GST_CLOCK_TIME_NONE;
      /* half a source frame of slack so that 7.5 fps keeps every other frame */
      if (!GST_CLOCK_TIME_IS_VALID (interval) ||
          (GST_CLOCK_TIME_IS_VALID (user->last_capture_pts) &&
           pts + GST_SECOND / (2 * VIDEO_FPS) < user->last_capture_pts + interval))
        keep = FALSE;
    }
  if (keep)
    {
      user->captured++;
      user->last_capture_pts = pts;
    }
  g_mutex_unlock (&self->lock);
  return keep ? GST_PAD_PROBE_OK : GST_PAD_PROBE_DROP;
}

/* stop/resume sending: drop before the encoder.
 *
 * A stopped track still lets one buffer through every DTX_INTERVAL, as a browser's Opus DTX
 * keeps sending comfort-noise packets: one a second, far below any "too low" threshold (under
 * 1 kbit/s a connection; for video one frame a second, frozen by Agora's rule), but the stream
 * never goes silent. A sender that goes wholly silent for a few
 * seconds is dropped from its RTP session by GStreamer 1.22, and webrtcbin then never reports
 * its outbound-rtp entry again after it resumes (seen: the local audio's entry gone from every
 * connection after an 8 s pause, so its sent bitrate stayed 0 and 2003 never recovered). */
#define DTX_INTERVAL (GST_SECOND)

static GstPadProbeReturn
on_send_gate (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  User *user = user_data;
  CsLabCall *self = g_object_get_data (G_OBJECT (pad), "cs-call");
  gboolean video = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (pad), "cs-video"));
  GstClockTime pts = GST_BUFFER_PTS (GST_PAD_PROBE_INFO_BUFFER (info));
  gboolean send;

  g_mutex_lock (&self->lock);
  send = video ? user->state.send_video != 0 : user->state.send_audio != 0;
  if (!send && GST_CLOCK_TIME_IS_VALID (pts) &&
      (!GST_CLOCK_TIME_IS_VALID (user->last_gated_pts[video]) || pts >= user->last_gated_pts[video] + DTX_INTERVAL ||
       pts < user->last_gated_pts[video]))
    {
      user->last_gated_pts[video] = pts;
      send = TRUE;
    }
  g_mutex_unlock (&self->lock);
  return send ? GST_PAD_PROBE_OK : GST_PAD_PROBE_DROP;
}

static GstPadProbeReturn
on_encoded (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  User *user = user_data;
  CsLabCall *self = g_object_get_data (G_OBJECT (pad), "cs-call");

  g_mutex_lock (&self->lock);
  user->encoded++;
  g_mutex_unlock (&self->lock);
  return GST_PAD_PROBE_OK;
}

/* capture -> packetised: the sender's share of end2EndDelay */
static GstPadProbeReturn
on_packetised (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  User *user = user_data;
  CsLabCall *self = g_object_get_data (G_OBJECT (pad), "cs-call");
  int index = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (pad), "cs-video")) ? 0 : 1;
  GstBuffer *buffer;
  GstClockTime now, pts;

  if (info->type & GST_PAD_PROBE_TYPE_BUFFER_LIST)
    {
      GstBufferList *list = GST_PAD_PROBE_INFO_BUFFER_LIST (info);

      if (gst_buffer_list_length (list) == 0)
        return GST_PAD_PROBE_OK;
      buffer = gst_buffer_list_get (list, 0);
    }
  else
    buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  pts = GST_BUFFER_PTS (buffer);
  now = running_time (self);
  if (GST_CLOCK_TIME_IS_VALID (pts) && now >= pts)
    {
      g_mutex_lock (&self->lock);
      user->send_delay_sum[index] += (now - pts) / 1e6;
      user->send_delay_n[index]++;
      g_mutex_unlock (&self->lock);
    }
  return GST_PAD_PROBE_OK;
}

static GstPadProbeReturn
on_decoded (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  Track *track = user_data;
  CsLabCall *self = g_object_get_data (G_OBJECT (pad), "cs-call");

  g_mutex_lock (&self->lock);
  track->decoded++;
  g_mutex_unlock (&self->lock);
  return GST_PAD_PROBE_OK;
}

/* the render point (after identity sync=true): frames, freezes, resolution, delays */
static GstPadProbeReturn
on_rendered (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  Track *track = user_data;
  CsLabCall *self = g_object_get_data (G_OBJECT (pad), "cs-call");
  gboolean video = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (pad), "cs-video"));
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  static GstCaps *ntp_caps = NULL;
  GstReferenceTimestampMeta *meta;
  gint64 now_us = g_get_monotonic_time ();
  double recv = -1;

  if (g_once_init_enter (&ntp_caps))
    g_once_init_leave (&ntp_caps, gst_caps_new_empty_simple ("timestamp/x-ntp"));
  meta = gst_buffer_get_reference_timestamp_meta (buffer, ntp_caps);
  if (meta != NULL)
    {
      guint64 now_ntp = (guint64) g_get_real_time () * 1000 + NTP_UNIX_OFFSET_S * GST_SECOND;

      if (now_ntp > meta->timestamp)
        recv = (now_ntp - meta->timestamp) / 1e6;
    }

  g_mutex_lock (&self->lock);
  if (video)
    {
      GstVideoMeta *vmeta = gst_buffer_get_video_meta (buffer);

      if (track->last_render_us != 0 && now_us - track->last_render_us > FREEZE_GAP_US)
        {
          track->freezes++;
          track->freeze_ms += (now_us - track->last_render_us) / 1000.0;
        }
      track->last_render_us = now_us;
      track->rendered++;
      if (vmeta != NULL)
        {
          track->width = vmeta->width;
          track->height = vmeta->height;
        }
    }
  if (recv >= 0 && recv < 60000)
    {
      track->recv_sum += recv;
      track->recv_n++;
    }
  g_mutex_unlock (&self->lock);
  return GST_PAD_PROBE_OK;
}

static void
on_render_caps (GstPad *pad, GParamSpec *pspec, gpointer user_data)
{
  Track *track = user_data;
  CsLabCall *self = g_object_get_data (G_OBJECT (pad), "cs-call");
  g_autoptr (GstCaps) caps = gst_pad_get_current_caps (pad);
  GstVideoInfo vinfo;

  if (caps != NULL && gst_video_info_from_caps (&vinfo, caps))
    {
      g_mutex_lock (&self->lock);
      track->width = GST_VIDEO_INFO_WIDTH (&vinfo);
      track->height = GST_VIDEO_INFO_HEIGHT (&vinfo);
      g_mutex_unlock (&self->lock);
    }
}

static void
add_probe (CsLabCall *self, GstElement *element, const char *pad_name, GstPadProbeType type,
           GstPadProbeCallback cb, gpointer data, gboolean video)
{
  g_autoptr (GstPad) pad = gst_element_get_static_pad (element, pad_name);

  g_object_set_data (G_OBJECT (pad), "cs-call", self);
  g_object_set_data (G_OBJECT (pad), "cs-video", GINT_TO_POINTER (video));
  gst_pad_add_probe (pad, type, cb, data, NULL);
}

/* ---------------------------------------------------------------- stats augment */

static void
augment_sample (CsStatsSample *sample, gpointer user_data)
{
  End *end = user_data;
  CsLabCall *self = end->call;
  gboolean video = sample->kind == CS_SAMPLE_KIND_VIDEO;
  int index = video ? 0 : 1;
  gint64 now_us = g_get_monotonic_time ();

  /* 1.22 reports no codec for an unmapped SSRC; the lab knows what it sends */
  if (sample->codec == NULL)
    sample->codec = g_strdup (video ? "VP8" : "OPUS");
  g_mutex_lock (&self->lock);
  if (sample->direction == CS_SAMPLE_DIRECTION_OUTBOUND)
    {
      User *user = end->user;

      if (video)
        {
          sample->has_frames = TRUE;
          sample->frames_captured = user->captured;
          sample->frames_encoded = user->encoded;
          sample->width = sample->capture_width = VIDEO_WIDTH;
          sample->height = sample->capture_height = VIDEO_HEIGHT;
          sample->target_bitrate = user->state.bitrate_kbps * 1000;
          sample->encode_delay_ms = user->send_delay[0];
        }
      else
        sample->audio_level = user->level;
    }
  else
    {
      Track *track = video ? &end->video : &end->audio;
      double send = end->peer->send_delay[index];

      if (video)
        {
          double ongoing = 0;

          if (track->last_render_us != 0 && now_us - track->last_render_us > FREEZE_GAP_US)
            ongoing = (now_us - track->last_render_us) / 1000.0;
          sample->has_frames = TRUE;
          sample->frames_decoded = track->decoded;
          sample->frames_rendered = track->rendered;
          sample->freeze_count = track->freezes + (ongoing > 0);
          sample->total_freeze_ms = track->freeze_ms + ongoing;
          sample->width = track->width;
          sample->height = track->height;
        }
      else
        sample->audio_level = track->level;
      sample->decode_errors = track->decode_errors;

      if (end->transport > 0)
        {
          sample->transport_delay_ms = end->transport;
          sample->transport_delay_measured = TRUE;
        }
      if (track->recv_delay > 0 && end->transport > 0)
        {
          /* the receive path cannot be shorter than the link it crossed */
          sample->receive_delay_ms = MAX (track->recv_delay, end->transport);
          sample->receive_delay_measured = TRUE;
          if (send >= 0)
            {
              sample->end2end_delay_ms = sample->receive_delay_ms + send;
              sample->end2end_delay_measured = TRUE;
            }
        }
    }
  g_mutex_unlock (&self->lock);
}

/* Once per poll, before get-stats: close the measurement windows of the last second. */
static void
roll_measurements (CsLabCall *self)
{
  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->users->len; i++)
    {
      User *user = g_ptr_array_index (self->users, i);

      average_into (&user->send_delay_sum[0], &user->send_delay_n[0], &user->send_delay[0]);
      average_into (&user->send_delay_sum[1], &user->send_delay_n[1], &user->send_delay[1]);
    }
  for (guint i = 0; i < self->pairs->len; i++)
    {
      Pair *pair = g_ptr_array_index (self->pairs, i);
      End *ends[] = { &pair->a, &pair->b };

      for (guint j = 0; j < 2; j++)
        {
          average_into (&ends[j]->hold_sum, &ends[j]->hold_n, &ends[j]->transport);
          average_into (&ends[j]->video.recv_sum, &ends[j]->video.recv_n, &ends[j]->video.recv_delay);
          average_into (&ends[j]->audio.recv_sum, &ends[j]->audio.recv_n, &ends[j]->audio.recv_delay);
        }
    }
  g_mutex_unlock (&self->lock);
}

/* ---------------------------------------------------------------- signalling */

static void
on_answer_created (GstPromise *promise, gpointer user_data)
{
  Pair *pair = user_data;
  const GstStructure *reply;
  GstWebRTCSessionDescription *answer = NULL;

  if (gst_promise_wait (promise) == GST_PROMISE_RESULT_REPLIED &&
      (reply = gst_promise_get_reply (promise)) != NULL)
    gst_structure_get (reply, "answer", GST_TYPE_WEBRTC_SESSION_DESCRIPTION, &answer, NULL);
  gst_promise_unref (promise);
  if (answer == NULL)
    {
      GST_ELEMENT_WARNING (pair->b.webrtc, STREAM, FAILED, ("no answer"), (NULL));
      return;
    }
  g_signal_emit_by_name (pair->b.webrtc, "set-local-description", answer, NULL);
  g_signal_emit_by_name (pair->a.webrtc, "set-remote-description", answer, NULL);
  gst_webrtc_session_description_free (answer);
}

static void
on_offer_created (GstPromise *promise, gpointer user_data)
{
  Pair *pair = user_data;
  const GstStructure *reply;
  GstWebRTCSessionDescription *offer = NULL;

  if (gst_promise_wait (promise) == GST_PROMISE_RESULT_REPLIED &&
      (reply = gst_promise_get_reply (promise)) != NULL)
    gst_structure_get (reply, "offer", GST_TYPE_WEBRTC_SESSION_DESCRIPTION, &offer, NULL);
  gst_promise_unref (promise);
  if (offer == NULL)
    {
      GST_ELEMENT_WARNING (pair->a.webrtc, STREAM, FAILED, ("no offer"), (NULL));
      return;
    }
  g_signal_emit_by_name (pair->a.webrtc, "set-local-description", offer, NULL);
  g_signal_emit_by_name (pair->b.webrtc, "set-remote-description", offer, NULL);
  g_signal_emit_by_name (pair->b.webrtc, "create-answer", NULL,
                         gst_promise_new_with_change_func (on_answer_created, pair, NULL));
  gst_webrtc_session_description_free (offer);
}

static void
on_negotiation_needed (GstElement *webrtc, gpointer user_data)
{
  Pair *pair = user_data;

  if (!g_atomic_int_compare_and_exchange (&pair->negotiating, 0, 1))
    return;
  g_signal_emit_by_name (webrtc, "create-offer", NULL,
                         gst_promise_new_with_change_func (on_offer_created, pair, NULL));
}

static void
on_ice_candidate (GstElement *webrtc, guint mline, const char *candidate, gpointer user_data)
{
  End *end = user_data;
  End *other = end == &end->pair->a ? &end->pair->b : &end->pair->a;

  g_signal_emit_by_name (other->webrtc, "add-ice-candidate", mline, candidate);
}

static void
on_new_transceiver (GstElement *webrtc, GstWebRTCRTPTransceiver *transceiver, gpointer user_data)
{
  /* NACK + RTX, as real clients repair loss */
  g_object_set (transceiver, "do-nack", TRUE, NULL);
}

static void
on_connection_state (GstElement *webrtc, GParamSpec *pspec, gpointer user_data)
{
  End *end = user_data;
  CsLabCall *self = end->call;
  GstWebRTCPeerConnectionState gst_state;
  CsConnectionState state;
  CsStatsPoller *poller;
  const char *message = NULL;

  g_object_get (webrtc, "connection-state", &gst_state, NULL);
  state = cs_webrtc_stats_connection_state_from_gst (gst_state);
  g_mutex_lock (&self->lock);
  if (state == end->state)
    {
      g_mutex_unlock (&self->lock);
      return;
    }
  end->state = state;
  poller = POLLER (self) != NULL ? g_object_ref (POLLER (self)) : NULL;
  g_mutex_unlock (&self->lock);

  switch (state)
    {
    case CS_CONNECTION_STATE_DISCONNECTED: message = "ICE disconnected"; break;
    case CS_CONNECTION_STATE_FAILED: message = "peer connection failed"; break;
    case CS_CONNECTION_STATE_CLOSED: message = "peer connection closed"; break;
    default: break;
    }
  if (poller != NULL)
    {
      cs_stats_poller_post_sample (poller,
                                   cs_webrtc_stats_connection_sample (end->user->uid, end->peer->uid, state, message,
                                                                      cs_stats_poller_get_time (poller)));
      g_object_unref (poller);
    }
}

/* ---------------------------------------------------------------- receive side */

static void
on_pad_added (GstElement *webrtc, GstPad *pad, gpointer user_data)
{
  End *end = user_data;
  CsLabCall *self = end->call;
  g_autoptr (GstCaps) caps = NULL;
  const GstStructure *s;
  const char *media;
  gboolean video;
  g_autoptr (GError) error = NULL;
  GstElement *bin, *dec, *render, *sink;
  g_autoptr (GstPad) sinkpad = NULL;
  Track *track;

  if (GST_PAD_DIRECTION (pad) != GST_PAD_SRC)
    return;
  caps = gst_pad_get_current_caps (pad);
  if (caps == NULL)
    caps = gst_pad_query_caps (pad, NULL);
  s = gst_caps_get_structure (caps, 0);
  media = gst_structure_get_string (s, "media");
  video = g_strcmp0 (media, "video") == 0;
  track = video ? &end->video : &end->audio;

  if (video)
    bin = gst_parse_bin_from_description ("queue name=in max-size-time=500000000 ! rtpvp8depay request-keyframe=true "
                                          "wait-for-keyframe=true ! vp8dec name=dec threads=1 ! "
                                          "identity name=render sync=true silent=true ! videoconvert name=conv",
                                          FALSE, &error);
  else
    bin = gst_parse_bin_from_description ("queue name=in max-size-time=500000000 ! rtpopusdepay ! opusdec name=dec plc=true ! "
                                          "audioconvert ! level name=level interval=500000000 post-messages=true ! "
                                          "identity name=render sync=true silent=true ! fakesink sync=false async=false",
                                          FALSE, &error);
  if (bin == NULL)
    {
      GST_ELEMENT_WARNING (webrtc, CORE, MISSING_PLUGIN, ("%s", error->message), (NULL));
      return;
    }
  {
    GstElement *in = gst_bin_get_by_name (GST_BIN (bin), "in");
    g_autoptr (GstPad) target = gst_element_get_static_pad (in, "sink");

    gst_element_add_pad (bin, gst_ghost_pad_new ("sink", target));
    gst_object_unref (in);
  }
  dec = gst_bin_get_by_name (GST_BIN (bin), "dec");
  render = gst_bin_get_by_name (GST_BIN (bin), "render");
  g_object_set_data (G_OBJECT (dec), "cs-track", track);
  add_probe (self, dec, "src", GST_PAD_PROBE_TYPE_BUFFER, on_decoded, track, video);
  add_probe (self, render, "src", GST_PAD_PROBE_TYPE_BUFFER, on_rendered, track, video);
  if (video)
    {
      GstElement *conv = gst_bin_get_by_name (GST_BIN (bin), "conv");
      g_autoptr (GstPad) render_src = gst_element_get_static_pad (render, "src");

      g_signal_connect (render_src, "notify::caps", G_CALLBACK (on_render_caps), track);
      /* the local user's window shows what it receives; the simulated users watch nothing */
      if (end == &end->pair->a)
        sink = cs_call_session_create_video_sink (CS_CALL_SESSION (self), end->peer->uid);
      else
        {
          sink = gst_element_factory_make ("fakesink", NULL);
          g_object_set (sink, "sync", FALSE, "async", FALSE, "enable-last-sample", FALSE, NULL);
        }
      gst_bin_add (GST_BIN (bin), sink);
      gst_element_link (conv, sink);
      gst_object_unref (conv);
    }
  else
    {
      GstElement *level = gst_bin_get_by_name (GST_BIN (bin), "level");

      g_object_set_data (G_OBJECT (level), "cs-track", track);
      gst_object_unref (level);
    }
  gst_object_unref (dec);
  gst_object_unref (render);

  gst_bin_add (GST_BIN (PIPELINE (self)), bin);
  gst_element_sync_state_with_parent (bin);
  sinkpad = gst_element_get_static_pad (bin, "sink");
  if (gst_pad_link (pad, sinkpad) != GST_PAD_LINK_OK)
    GST_ELEMENT_WARNING (webrtc, CORE, PAD, ("could not link a received %s track", media), (NULL));
}

/* ---------------------------------------------------------------- building */

static const char *patterns[] = { "ball", "smpte", "pinwheel", "spokes", "gradient", "circular", "bar" };

/* Builds user @user's senders; returns the video and audio RTP outputs (src pads of the
 * last element, transfer none via the elements). */
static gboolean
build_sender (CsLabCall *self, User *user, guint index, GstElement **video_out, GstElement **audio_out,
              GError **error)
{
  g_autofree char *video_desc = NULL;
  g_autofree char *audio_desc = NULL;
  GstElement *vbin, *abin, *capture, *enc, *pay, *level, *aenc, *apay;

  if (self->use_camera && index == 0)
    video_desc = g_strdup_printf ("autovideosrc ! videoconvert ! videoscale ! videorate ! "
                                  "video/x-raw,format=I420,width=%d,height=%d,framerate=%d/1 ! identity name=capture ! "
                                  "tee name=raw ! queue max-size-buffers=2 leaky=downstream ! ",
                                  VIDEO_WIDTH, VIDEO_HEIGHT, VIDEO_FPS);
  else
    video_desc = g_strdup_printf ("videotestsrc is-live=true pattern=%s horizontal-speed=%d ! "
                                  "video/x-raw,format=I420,width=%d,height=%d,framerate=%d/1 ! identity name=capture ! "
                                  "tee name=raw ! queue max-size-buffers=2 leaky=downstream ! ",
                                  patterns[index % G_N_ELEMENTS (patterns)], index == 1 ? 0 : 2,
                                  VIDEO_WIDTH, VIDEO_HEIGHT, VIDEO_FPS);
  {
    g_autofree char *rest = g_strdup_printf ("vp8enc name=enc deadline=1 cpu-used=8 threads=1 end-usage=cbr "
                                             "target-bitrate=%d keyframe-max-dist=150 error-resilient=partitions ! "
                                             "rtpvp8pay name=pay picture-id-mode=15-bit ! "
                                             "capsfilter caps=\"application/x-rtp,media=video,encoding-name=VP8,payload=96,clock-rate=90000\"",
                                             VIDEO_KBPS * 1000);
    char *joined = g_strconcat (video_desc, rest, NULL);
    g_free (video_desc);
    video_desc = joined;
  }
  if (self->use_camera && index == 0)
    audio_desc = g_strdup_printf ("autoaudiosrc ! audioconvert ! audioresample ! "
                                  "audio/x-raw,rate=48000,channels=1 ! volume name=volume ! "
                                  "level name=level interval=500000000 post-messages=true ! identity name=gate ! "
                                  "opusenc name=aenc bitrate=%d ! rtpopuspay name=apay ! "
                                  "capsfilter caps=\"application/x-rtp,media=audio,encoding-name=OPUS,payload=97,clock-rate=48000\"",
                                  AUDIO_KBPS * 1000);
  else
    audio_desc = g_strdup_printf ("audiotestsrc is-live=true wave=sine freq=%u volume=0.3 samplesperbuffer=960 ! "
                                  "audio/x-raw,rate=48000,channels=1 ! volume name=volume ! "
                                  "level name=level interval=500000000 post-messages=true ! identity name=gate ! "
                                  "opusenc name=aenc bitrate=%d ! rtpopuspay name=apay ! "
                                  "capsfilter caps=\"application/x-rtp,media=audio,encoding-name=OPUS,payload=97,clock-rate=48000\"",
                                  330 + 110 * index, AUDIO_KBPS * 1000);

  vbin = gst_parse_bin_from_description (video_desc, TRUE, error);
  if (vbin == NULL)
    return FALSE;
  abin = gst_parse_bin_from_description (audio_desc, TRUE, error);
  if (abin == NULL)
    {
      gst_object_unref (gst_object_ref_sink (vbin));
      return FALSE;
    }

  /* the local user's own picture goes to the window; the others' to nothing */
  if (index == 0)
    {
      GstElement *raw = gst_bin_get_by_name (GST_BIN (vbin), "raw");
      GstElement *queue = gst_element_factory_make ("queue", NULL);
      GstElement *conv = gst_element_factory_make ("videoconvert", NULL);
      GstElement *sink = cs_call_session_create_video_sink (CS_CALL_SESSION (self), user->uid);

      g_object_set (queue, "max-size-buffers", 2, "leaky", 2, NULL);
      gst_bin_add_many (GST_BIN (vbin), queue, conv, sink, NULL);
      gst_element_link_many (raw, queue, conv, sink, NULL);
      gst_object_unref (raw);
    }

  capture = gst_bin_get_by_name (GST_BIN (vbin), "capture");
  enc = gst_bin_get_by_name (GST_BIN (vbin), "enc");
  pay = gst_bin_get_by_name (GST_BIN (vbin), "pay");
  user->venc = gst_object_ref (enc);
  add_probe (self, capture, "src", GST_PAD_PROBE_TYPE_BUFFER, on_capture, user, TRUE);
  add_probe (self, enc, "sink", GST_PAD_PROBE_TYPE_BUFFER, on_send_gate, user, TRUE);
  add_probe (self, enc, "src", GST_PAD_PROBE_TYPE_BUFFER, on_encoded, user, TRUE);
  add_probe (self, pay, "src", GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST, on_packetised, user, TRUE);
  gst_object_unref (capture);
  gst_object_unref (enc);
  gst_object_unref (pay);

  user->volume = gst_bin_get_by_name (GST_BIN (abin), "volume");
  level = gst_bin_get_by_name (GST_BIN (abin), "level");
  aenc = gst_bin_get_by_name (GST_BIN (abin), "gate");
  apay = gst_bin_get_by_name (GST_BIN (abin), "apay");
  g_object_set_data (G_OBJECT (level), "cs-user", user);
  add_probe (self, aenc, "src", GST_PAD_PROBE_TYPE_BUFFER, on_send_gate, user, FALSE);
  add_probe (self, apay, "src", GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST, on_packetised, user, FALSE);
  gst_object_unref (level);
  gst_object_unref (aenc);
  gst_object_unref (apay);

  gst_bin_add_many (GST_BIN (PIPELINE (self)), vbin, abin, NULL);
  *video_out = vbin;
  *audio_out = abin;
  return TRUE;
}

static void
setup_webrtc (CsLabCall *self, End *end, const char *name)
{
  GstElement *webrtc = gst_element_factory_make ("webrtcbin", name);
  GstWebRTCICE *ice = NULL;
  NiceAgent *agent = NULL;
  NiceAddress addr;
  GstElement *rtpbin;

  end->webrtc = gst_object_ref (webrtc);
  g_object_set_data (G_OBJECT (webrtc), "cs-end", end);
  g_object_set (webrtc, "bundle-policy", GST_WEBRTC_BUNDLE_POLICY_NONE, "latency", JB_LATENCY_MS, NULL);

  /* the call must work offline and stay on loopback: 127.0.0.1 only, UDP only */
  g_object_get (webrtc, "ice-agent", &ice, NULL);
  if (ice != NULL)
    {
      g_object_set (ice, "ice-tcp", FALSE, NULL);
      cs_ice_config_disable_upnp (webrtc);
      g_object_get (ice, "agent", &agent, NULL);
      if (agent != NULL)
        {
          nice_address_init (&addr);
          nice_address_set_from_string (&addr, "127.0.0.1");
          nice_agent_add_local_address (agent, &addr);
          g_object_unref (agent);
        }
      gst_object_unref (ice);
    }

  rtpbin = gst_bin_get_by_name (GST_BIN (webrtc), "rtpbin");
  if (rtpbin != NULL)
    {
      g_object_set (rtpbin, "add-reference-timestamp-meta", TRUE, NULL);
      gst_object_unref (rtpbin);
    }

  end->uplink_netsims = g_ptr_array_new_with_free_func (gst_object_unref);
  end->downlink_netsims = g_ptr_array_new_with_free_func (gst_object_unref);
  end->state = CS_CONNECTION_STATE_NEW;
  track_init (&end->video);
  track_init (&end->audio);
  end->transport = CS_UNKNOWN;

  g_signal_connect (webrtc, "element-added", G_CALLBACK (on_webrtc_element_added), end);
  g_signal_connect (webrtc, "on-ice-candidate", G_CALLBACK (on_ice_candidate), end);
  g_signal_connect (webrtc, "on-new-transceiver", G_CALLBACK (on_new_transceiver), end);
  g_signal_connect (webrtc, "pad-added", G_CALLBACK (on_pad_added), end);
  g_signal_connect (webrtc, "notify::connection-state", G_CALLBACK (on_connection_state), end);
  gst_bin_add (GST_BIN (PIPELINE (self)), webrtc);
}

static gboolean
link_to_webrtc (GstElement *from, GstElement *webrtc, GError **error)
{
  if (!gst_element_link_pads (from, NULL, webrtc, "sink_%u"))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_FAILED, _("Could not link a sender to its peer connection"));
      return FALSE;
    }
  return TRUE;
}

static GstElement *
make_tee_branch (CsLabCall *self, GstElement *tee)
{
  GstElement *queue = gst_element_factory_make ("queue", NULL);

  g_object_set (queue, "max-size-time", (guint64) 200 * GST_MSECOND, "max-size-buffers", 0, "max-size-bytes", 0,
                "leaky", 2, NULL);
  gst_bin_add (GST_BIN (PIPELINE (self)), queue);
  gst_element_link (tee, queue);
  return queue;
}

static gboolean
build_pipeline (CsLabCall *self, GError **error)
{
  GstElement *local_video, *local_audio, *vtee, *atee;
  User *local = g_ptr_array_index (self->users, 0);

  self->clock = gst_system_clock_obtain ();
  gst_pipeline_use_clock (GST_PIPELINE (PIPELINE (self)), self->clock);

  if (!build_sender (self, local, 0, &local_video, &local_audio, error))
    return FALSE;
  vtee = gst_element_factory_make ("tee", "local-video-tee");
  atee = gst_element_factory_make ("tee", "local-audio-tee");
  g_object_set (vtee, "allow-not-linked", TRUE, NULL);
  g_object_set (atee, "allow-not-linked", TRUE, NULL);
  gst_bin_add_many (GST_BIN (PIPELINE (self)), vtee, atee, NULL);
  gst_element_link (local_video, vtee);
  gst_element_link (local_audio, atee);

  for (guint k = 1; k <= self->n_users; k++)
    {
      Pair *pair = g_new0 (Pair, 1);
      User *user = g_ptr_array_index (self->users, k);
      g_autofree char *a_name = g_strdup_printf ("local-%s", user->uid);
      GstElement *video, *audio;

      pair->k = k;
      pair->a.call = pair->b.call = self;
      pair->a.pair = pair->b.pair = pair;
      pair->a.user = local;
      pair->a.peer = user;
      pair->b.user = user;
      pair->b.peer = local;
      g_ptr_array_add (self->pairs, pair);

      setup_webrtc (self, &pair->a, a_name);
      setup_webrtc (self, &pair->b, user->uid);
      g_signal_connect (pair->a.webrtc, "on-negotiation-needed", G_CALLBACK (on_negotiation_needed), pair);

      if (!link_to_webrtc (make_tee_branch (self, vtee), pair->a.webrtc, error) ||
          !link_to_webrtc (make_tee_branch (self, atee), pair->a.webrtc, error))
        return FALSE;
      if (!build_sender (self, user, k, &video, &audio, error))
        return FALSE;
      if (!link_to_webrtc (video, pair->b.webrtc, error) || !link_to_webrtc (audio, pair->b.webrtc, error))
        return FALSE;
    }

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

G_GNUC_BEGIN_IGNORE_DEPRECATIONS /* level posts GValueArrays */
static double
level_to_agora (const GstStructure *s)
{
  const GValue *rms = gst_structure_get_value (s, "rms");
  double sum = 0;
  guint n = 0;

  if (rms == NULL)
    return CS_UNKNOWN;
  if (GST_VALUE_HOLDS_LIST (rms) || G_VALUE_TYPE (rms) == g_value_array_get_type ())
    {
      GValueArray *array = G_VALUE_TYPE (rms) == g_value_array_get_type () ? g_value_get_boxed (rms) : NULL;

      for (guint i = 0; array != NULL && i < array->n_values; i++)
        {
          double db = g_value_get_double (g_value_array_get_nth (array, i));

          sum += db > -200 ? pow (10, db / 20) : 0;
          n++;
        }
    }
  if (n == 0)
    return CS_UNKNOWN;
  return MIN (32767.0, round (32767.0 * sum / n));
}
G_GNUC_END_IGNORE_DEPRECATIONS

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
    case GST_MESSAGE_ELEMENT:
      {
        const GstStructure *s = gst_message_get_structure (message);

        if (s != NULL && gst_structure_has_name (s, "level"))
          {
            GObject *src = G_OBJECT (GST_MESSAGE_SRC (message));
            User *user = g_object_get_data (src, "cs-user");
            Track *track = g_object_get_data (src, "cs-track");
            double level = level_to_agora (s);

            g_mutex_lock (&self->lock);
            if (user != NULL)
              user->level = level;
            if (track != NULL)
              track->level = level;
            g_mutex_unlock (&self->lock);
          }
      }
      break;
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
        if (track != NULL)
          {
            g_mutex_lock (&self->lock);
            track->decode_errors++;
            g_mutex_unlock (&self->lock);
          }
        text = g_strdup_printf ("%s: %s", GST_MESSAGE_SRC_NAME (message), error->message);
        g_debug ("lab: error %s (%s)", text, debug ? debug : "");
        report_fault (self, end, text);
        if (end == NULL && track == NULL && GST_MESSAGE_SRC (message) == GST_OBJECT (PIPELINE (self)))
          cs_call_session_emit_ended (CS_CALL_SESSION (self), TRUE);
      }
      break;
    default:
      break;
    }
}

/* ---------------------------------------------------------------- scenario */

static gboolean
on_scenario_tick (gpointer user_data)
{
  CsLabCall *self = user_data;
  double t = cs_lab_call_get_time (self);
  guint due = self->scenario != NULL ? cs_scenario_due (self->scenario, self->next_step, t, &self->scenario_lag) : 0;

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
  roll_measurements (user_data);
}

/* ---------------------------------------------------------------- session */

static const char * const lab_elements[] = {
  "webrtcbin", "netsim", "vp8enc", "vp8dec", "opusenc", "opusdec", "rtpvp8pay", "rtpopuspay",
  "videotestsrc", "audiotestsrc", "level", "nicesrc", "dtlssrtpenc", NULL
};

static gboolean
lab_start (CsCallSession *session, GError **error)
{
  CsLabCall *self = CS_LAB_CALL (session);
  CsStatsPoller *poller = POLLER (self);

  if (!build_pipeline (self, error))
    return FALSE;
  g_signal_connect (poller, "polling", G_CALLBACK (on_polling), self);
  for (guint i = 0; i < self->pairs->len; i++)
    {
      Pair *pair = g_ptr_array_index (self->pairs, i);
      End *ends[] = { &pair->a, &pair->b };

      for (guint j = 0; j < 2; j++)
        {
          CsWebrtcStats *conv = cs_webrtc_stats_new (ends[j]->user->uid, ends[j]->peer->uid);

          cs_webrtc_stats_set_augment_func (conv, augment_sample, ends[j], NULL);
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

      cs_stats_poller_post_sample (poller, cs_webrtc_stats_connection_sample ("local", pair->b.user->uid,
                                                                              CS_CONNECTION_STATE_CONNECTING, NULL, 0));
    }
  cs_stats_poller_start (poller, 1000);
  if (self->scenario != NULL)
    {
      self->next_step = 0;
      self->scenario_lag = 0;
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
}

static void
cs_lab_call_finalize (GObject *object)
{
  CsLabCall *self = CS_LAB_CALL (object);

  g_clear_object (&self->scenario);
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
