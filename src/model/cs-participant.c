/* cs-participant.c — one user of the call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "cs-participant-private.h"
#include "cs-stats-sample.h"

struct _CsParticipant
{
  GObject          parent_instance;

  char            *uid;
  char            *display_name;
  gboolean         is_local;
  gboolean         present;
  CsNetworkQuality quality;
  char            *uplink_reason;
  char            *downlink_reason;
  double           loss;
  double           rtt;
  double           end2end_delay;
  double           jitter;
  gboolean         video_frozen;
  char            *undecodable_codec;
  double           left_at;
  gboolean         media_stopped;
  CsTimeSeries    *series[CS_N_SERIES];
};

G_DEFINE_FINAL_TYPE (CsParticipant, cs_participant, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_UID,
  PROP_DISPLAY_NAME,
  PROP_IS_LOCAL,
  PROP_PRESENT,
  PROP_UPLINK_QUALITY,
  PROP_DOWNLINK_QUALITY,
  PROP_UPLINK_REASON,
  PROP_DOWNLINK_REASON,
  PROP_LOSS,
  PROP_RTT,
  PROP_END2END_DELAY,
  PROP_JITTER,
  PROP_VIDEO_FROZEN,
  PROP_MEDIA_STOPPED,
  PROP_UNDECODABLE_CODEC,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cs_participant_dispose (GObject *object)
{
  CsParticipant *self = CS_PARTICIPANT (object);

  for (guint i = 0; i < CS_N_SERIES; i++)
    g_clear_object (&self->series[i]);
  G_OBJECT_CLASS (cs_participant_parent_class)->dispose (object);
}

static void
cs_participant_finalize (GObject *object)
{
  CsParticipant *self = CS_PARTICIPANT (object);

  g_free (self->uid);
  g_free (self->display_name);
  g_free (self->uplink_reason);
  g_free (self->downlink_reason);
  g_free (self->undecodable_codec);
  G_OBJECT_CLASS (cs_participant_parent_class)->finalize (object);
}

static void
cs_participant_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CsParticipant *self = CS_PARTICIPANT (object);

  switch (prop_id)
    {
    case PROP_UID: g_value_set_string (value, self->uid); break;
    case PROP_DISPLAY_NAME: g_value_set_string (value, cs_participant_get_display_name (self)); break;
    case PROP_IS_LOCAL: g_value_set_boolean (value, self->is_local); break;
    case PROP_PRESENT: g_value_set_boolean (value, self->present); break;
    case PROP_UPLINK_QUALITY: g_value_set_uint (value, self->quality.uplinkNetworkQuality); break;
    case PROP_DOWNLINK_QUALITY: g_value_set_uint (value, self->quality.downlinkNetworkQuality); break;
    case PROP_UPLINK_REASON: g_value_set_string (value, cs_participant_get_uplink_reason (self)); break;
    case PROP_DOWNLINK_REASON: g_value_set_string (value, cs_participant_get_downlink_reason (self)); break;
    case PROP_LOSS: g_value_set_double (value, self->loss); break;
    case PROP_RTT: g_value_set_double (value, self->rtt); break;
    case PROP_END2END_DELAY: g_value_set_double (value, self->end2end_delay); break;
    case PROP_JITTER: g_value_set_double (value, self->jitter); break;
    case PROP_VIDEO_FROZEN: g_value_set_boolean (value, self->video_frozen); break;
    case PROP_MEDIA_STOPPED: g_value_set_boolean (value, self->media_stopped); break;
    case PROP_UNDECODABLE_CODEC: g_value_set_string (value, self->undecodable_codec); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_participant_class_init (CsParticipantClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = cs_participant_dispose;
  object_class->finalize = cs_participant_finalize;
  object_class->get_property = cs_participant_get_property;

  properties[PROP_UID] = g_param_spec_string ("uid", NULL, NULL, NULL, ro);
  properties[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, NULL, ro);
  properties[PROP_IS_LOCAL] = g_param_spec_boolean ("is-local", NULL, NULL, FALSE, ro);
  properties[PROP_PRESENT] = g_param_spec_boolean ("present", NULL, NULL, TRUE, ro);
  properties[PROP_UPLINK_QUALITY] = g_param_spec_uint ("uplink-quality", NULL, NULL, 0, 6, 0, ro);
  properties[PROP_DOWNLINK_QUALITY] = g_param_spec_uint ("downlink-quality", NULL, NULL, 0, 6, 0, ro);
  properties[PROP_UPLINK_REASON] = g_param_spec_string ("uplink-reason", NULL, NULL, NULL, ro);
  properties[PROP_DOWNLINK_REASON] = g_param_spec_string ("downlink-reason", NULL, NULL, NULL, ro);
  properties[PROP_LOSS] = g_param_spec_double ("loss", NULL, NULL, -1, G_MAXDOUBLE, -1, ro);
  properties[PROP_RTT] = g_param_spec_double ("rtt", NULL, NULL, -1, G_MAXDOUBLE, -1, ro);
  properties[PROP_END2END_DELAY] = g_param_spec_double ("end2end-delay", NULL, NULL, -1, G_MAXDOUBLE, -1, ro);
  properties[PROP_JITTER] = g_param_spec_double ("jitter", NULL, NULL, -1, G_MAXDOUBLE, -1, ro);
  properties[PROP_VIDEO_FROZEN] = g_param_spec_boolean ("video-frozen", NULL, NULL, FALSE, ro);
  properties[PROP_MEDIA_STOPPED] = g_param_spec_boolean ("media-stopped", NULL, NULL, FALSE, ro);
  properties[PROP_UNDECODABLE_CODEC] = g_param_spec_string ("undecodable-codec", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cs_participant_init (CsParticipant *self)
{
  self->present = TRUE;
  self->loss = CS_UNKNOWN;
  self->rtt = CS_UNKNOWN;
  self->left_at = CS_UNKNOWN;
  self->end2end_delay = CS_UNKNOWN;
  self->jitter = CS_UNKNOWN;
}

CsParticipant *
cs_participant_new (const char *uid,
                    gboolean    is_local,
                    guint       history)
{
  CsParticipant *self = g_object_new (CS_TYPE_PARTICIPANT, NULL);

  self->uid = g_strdup (uid);
  self->is_local = is_local;
  for (guint i = 0; i < CS_N_SERIES; i++)
    self->series[i] = cs_time_series_new (history);
  return self;
}

const char *
cs_participant_get_uid (CsParticipant *self)
{
  g_return_val_if_fail (CS_IS_PARTICIPANT (self), NULL);
  return self->uid;
}

/* The display name, or the uid when none is known. */
const char *
cs_participant_get_display_name (CsParticipant *self)
{
  g_return_val_if_fail (CS_IS_PARTICIPANT (self), NULL);
  return self->display_name != NULL ? self->display_name : self->uid;
}

gboolean
cs_participant_get_is_local (CsParticipant *self)
{
  g_return_val_if_fail (CS_IS_PARTICIPANT (self), FALSE);
  return self->is_local;
}

gboolean
cs_participant_get_present (CsParticipant *self)
{
  g_return_val_if_fail (CS_IS_PARTICIPANT (self), FALSE);
  return self->present;
}

guint
cs_participant_get_uplink_quality (CsParticipant *self)
{
  g_return_val_if_fail (CS_IS_PARTICIPANT (self), 0);
  return self->quality.uplinkNetworkQuality;
}

guint
cs_participant_get_downlink_quality (CsParticipant *self)
{
  g_return_val_if_fail (CS_IS_PARTICIPANT (self), 0);
  return self->quality.downlinkNetworkQuality;
}

const char *
cs_participant_get_uplink_reason (CsParticipant *self)
{
  g_return_val_if_fail (CS_IS_PARTICIPANT (self), NULL);
  return self->uplink_reason != NULL ? self->uplink_reason : "";
}

const char *
cs_participant_get_downlink_reason (CsParticipant *self)
{
  g_return_val_if_fail (CS_IS_PARTICIPANT (self), NULL);
  return self->downlink_reason != NULL ? self->downlink_reason : "";
}

void
cs_participant_get_network_quality (CsParticipant    *self,
                                    CsNetworkQuality *out)
{
  g_return_if_fail (CS_IS_PARTICIPANT (self));
  g_return_if_fail (out != NULL);
  *out = self->quality;
}

double
cs_participant_get_loss (CsParticipant *self)
{
  g_return_val_if_fail (CS_IS_PARTICIPANT (self), CS_UNKNOWN);
  return self->loss;
}

double
cs_participant_get_rtt (CsParticipant *self)
{
  g_return_val_if_fail (CS_IS_PARTICIPANT (self), CS_UNKNOWN);
  return self->rtt;
}

double
cs_participant_get_end2end_delay (CsParticipant *self)
{
  g_return_val_if_fail (CS_IS_PARTICIPANT (self), CS_UNKNOWN);
  return self->end2end_delay;
}

double
cs_participant_get_jitter (CsParticipant *self)
{
  g_return_val_if_fail (CS_IS_PARTICIPANT (self), CS_UNKNOWN);
  return self->jitter;
}

gboolean
cs_participant_get_video_frozen (CsParticipant *self)
{
  g_return_val_if_fail (CS_IS_PARTICIPANT (self), FALSE);
  return self->video_frozen;
}

gboolean
cs_participant_get_media_stopped (CsParticipant *self)
{
  g_return_val_if_fail (CS_IS_PARTICIPANT (self), FALSE);
  return self->media_stopped;
}

/**
 * cs_participant_get_series:
 * Returns: (transfer none) (nullable): the series @id
 */
CsTimeSeries *
cs_participant_get_series (CsParticipant *self,
                           CsSeriesId     id)
{
  g_return_val_if_fail (CS_IS_PARTICIPANT (self), NULL);
  g_return_val_if_fail ((guint) id < CS_N_SERIES, NULL);
  return self->series[id];
}

const char *
cs_series_id_to_string (CsSeriesId id)
{
  static const char *const names[CS_N_SERIES] = {
    "uplink-quality", "downlink-quality", "end2end-delay", "receive-delay", "transport-delay",
    "loss", "jitter", "rtt", "bitrate", "delay-measured",
  };

  if ((guint) id >= CS_N_SERIES)
    return NULL;
  return names[id];
}

/* Private setters: each notifies only on change. */

void
cs_participant_set_display_name (CsParticipant *self,
                                 const char    *name)
{
  g_autofree char *capped = NULL;

  if (name == NULL || *name == '\0')
    return;
  /* a peer chooses its name: bound it, whoever calls (the model caps samples already) */
  capped = g_strdup (name);
  cs_text_cap (&capped, CS_MAX_NAME_CHARS);
  if (g_strcmp0 (self->display_name, capped) == 0)
    return;
  g_free (self->display_name);
  self->display_name = g_steal_pointer (&capped);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
}

void
cs_participant_set_present (CsParticipant *self,
                            gboolean       present)
{
  if (self->present == !!present)
    return;
  self->present = !!present;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRESENT]);
}

static void
set_string (CsParticipant *self,
            char         **field,
            char          *value,
            guint          prop)
{
  if (g_strcmp0 (*field, value) == 0)
    {
      g_free (value);
      return;
    }
  g_free (*field);
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
cs_participant_set_network_quality (CsParticipant          *self,
                                    const CsNetworkQuality *q)
{
  guint old_up = self->quality.uplinkNetworkQuality;
  guint old_down = self->quality.downlinkNetworkQuality;

  /* scores and reasons notified together, once all are set: a listener sees them agree */
  g_object_freeze_notify (G_OBJECT (self));
  self->quality = *q;
  if (old_up != q->uplinkNetworkQuality)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPLINK_QUALITY]);
  if (old_down != q->downlinkNetworkQuality)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOWNLINK_QUALITY]);
  set_string (self, &self->uplink_reason, cs_quality_reason_describe (&q->uplinkReason, CS_LINK_UPLINK),
              PROP_UPLINK_REASON);
  set_string (self, &self->downlink_reason, cs_quality_reason_describe (&q->downlinkReason, CS_LINK_DOWNLINK),
              PROP_DOWNLINK_REASON);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
set_double (CsParticipant *self,
            double        *field,
            double         value,
            guint          prop)
{
  if (memcmp (field, &value, sizeof value) == 0)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
cs_participant_set_metrics (CsParticipant *self,
                            double         loss,
                            double         rtt,
                            double         end2end_delay,
                            double         jitter)
{
  /* notified together, once all four are set */
  g_object_freeze_notify (G_OBJECT (self));
  set_double (self, &self->loss, loss, PROP_LOSS);
  set_double (self, &self->rtt, rtt, PROP_RTT);
  set_double (self, &self->end2end_delay, end2end_delay, PROP_END2END_DELAY);
  set_double (self, &self->jitter, jitter, PROP_JITTER);
  g_object_thaw_notify (G_OBJECT (self));
}

void
cs_participant_set_video_frozen (CsParticipant *self,
                                 gboolean       frozen)
{
  if (self->video_frozen == !!frozen)
    return;
  self->video_frozen = !!frozen;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIDEO_FROZEN]);
}

void
cs_participant_set_media_stopped (CsParticipant *self,
                                  gboolean       stopped)
{
  if (self->media_stopped == !!stopped)
    return;
  self->media_stopped = !!stopped;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEDIA_STOPPED]);
}

/* The name of the codec ("H.264") of a stream this participant sends that the local user
 * cannot decode, or NULL. */
const char *
cs_participant_get_undecodable_codec (CsParticipant *self)
{
  g_return_val_if_fail (CS_IS_PARTICIPANT (self), NULL);
  return self->undecodable_codec;
}

void
cs_participant_set_undecodable_codec (CsParticipant *self,
                                      const char    *codec)
{
  if (g_strcmp0 (self->undecodable_codec, codec) == 0)
    return;
  g_free (self->undecodable_codec);
  self->undecodable_codec = g_strdup (codec);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNDECODABLE_CODEC]);
}

/* When the participant left the call (seconds since the session start), or CS_UNKNOWN while
 * it is present. */
double
cs_participant_get_left_at (CsParticipant *self)
{
  g_return_val_if_fail (CS_IS_PARTICIPANT (self), CS_UNKNOWN);
  return self->left_at;
}

void
cs_participant_set_left_at (CsParticipant *self,
                            double         t)
{
  self->left_at = t;
}
