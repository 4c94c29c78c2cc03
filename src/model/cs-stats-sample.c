/* cs-stats-sample.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cs-stats-sample.h"

#include <string.h>

G_DEFINE_BOXED_TYPE (CsStatsSample, cs_stats_sample, cs_stats_sample_copy, cs_stats_sample_free)

CsStatsSample *
cs_stats_sample_new (void)
{
  CsStatsSample *self = g_new0 (CsStatsSample, 1);

  self->fraction_lost = CS_UNKNOWN;
  self->jitter_ms = CS_UNKNOWN;
  self->rtt_ms = CS_UNKNOWN;
  self->available_outgoing_bitrate = CS_UNKNOWN;
  self->target_bitrate = CS_UNKNOWN;
  self->total_freeze_ms = CS_UNKNOWN;
  self->audio_level = CS_UNKNOWN;
  self->transport_delay_ms = CS_UNKNOWN;
  self->receive_delay_ms = CS_UNKNOWN;
  self->end2end_delay_ms = CS_UNKNOWN;
  self->encode_delay_ms = CS_UNKNOWN;
  self->connection_state = CS_CONNECTION_STATE_CONNECTED;
  return self;
}

CsStatsSample *
cs_stats_sample_copy (const CsStatsSample *self)
{
  CsStatsSample *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->observer_uid = g_strdup (self->observer_uid);
  copy->peer_uid = g_strdup (self->peer_uid);
  copy->codec = g_strdup (self->codec);
  copy->display_name = g_strdup (self->display_name);
  copy->message = g_strdup (self->message);
  return copy;
}

void
cs_stats_sample_free (CsStatsSample *self)
{
  if (self == NULL)
    return;
  g_free (self->observer_uid);
  g_free (self->peer_uid);
  g_free (self->codec);
  g_free (self->display_name);
  g_free (self->message);
  g_free (self);
}

static gboolean
same_double (double a, double b)
{
  return memcmp (&a, &b, sizeof a) == 0;
}

gboolean
cs_stats_sample_equal (const CsStatsSample *a,
                       const CsStatsSample *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  return same_double (a->t, b->t) &&
         g_strcmp0 (a->observer_uid, b->observer_uid) == 0 &&
         g_strcmp0 (a->peer_uid, b->peer_uid) == 0 &&
         a->kind == b->kind && a->direction == b->direction && a->ssrc == b->ssrc &&
         g_strcmp0 (a->codec, b->codec) == 0 &&
         a->connection_state == b->connection_state &&
         g_strcmp0 (a->display_name, b->display_name) == 0 &&
         g_strcmp0 (a->message, b->message) == 0 &&
         a->packets == b->packets && a->bytes == b->bytes &&
         a->packets_lost == b->packets_lost && a->has_packets_lost == b->has_packets_lost &&
         same_double (a->fraction_lost, b->fraction_lost) &&
         a->nack_count == b->nack_count && a->pli_count == b->pli_count &&
         same_double (a->jitter_ms, b->jitter_ms) &&
         same_double (a->rtt_ms, b->rtt_ms) &&
         same_double (a->available_outgoing_bitrate, b->available_outgoing_bitrate) &&
         same_double (a->target_bitrate, b->target_bitrate) &&
         a->has_frames == b->has_frames &&
         a->frames_captured == b->frames_captured && a->frames_encoded == b->frames_encoded &&
         a->frames_decoded == b->frames_decoded && a->frames_rendered == b->frames_rendered &&
         a->freeze_count == b->freeze_count &&
         same_double (a->total_freeze_ms, b->total_freeze_ms) &&
         a->width == b->width && a->height == b->height &&
         a->capture_width == b->capture_width && a->capture_height == b->capture_height &&
         same_double (a->audio_level, b->audio_level) &&
         a->decode_errors == b->decode_errors &&
         same_double (a->transport_delay_ms, b->transport_delay_ms) &&
         same_double (a->receive_delay_ms, b->receive_delay_ms) &&
         same_double (a->end2end_delay_ms, b->end2end_delay_ms) &&
         a->transport_delay_measured == b->transport_delay_measured &&
         a->receive_delay_measured == b->receive_delay_measured &&
         a->end2end_delay_measured == b->end2end_delay_measured &&
         same_double (a->encode_delay_ms, b->encode_delay_ms);
}

static const char * const kind_names[] = { "audio", "video", "connection" };
static const char * const direction_names[] = { "outbound", "inbound" };
static const char * const state_names[] = { "new", "connecting", "connected", "disconnected", "failed", "closed" };

gboolean
cs_text_cap (char **text, gsize max_chars)
{
  g_autofree char *valid = NULL;
  const char *str, *end;
  gsize n = 0;

  g_return_val_if_fail (text != NULL, FALSE);

  if (*text == NULL)
    return FALSE;
  str = *text;
  if (!g_utf8_validate (str, -1, NULL))
    str = valid = g_utf8_make_valid (str, -1);
  for (end = str; *end != '\0' && n < max_chars; end = g_utf8_next_char (end))
    n++;
  if (*end == '\0' && valid == NULL)
    return FALSE;
  {
    char *capped = g_strndup (str, end - str);

    g_free (*text);
    *text = capped;
  }
  return TRUE;
}

void
cs_stats_sample_cap_strings (CsStatsSample *self)
{
  g_return_if_fail (self != NULL);

  cs_text_cap (&self->observer_uid, CS_MAX_NAME_CHARS);
  cs_text_cap (&self->peer_uid, CS_MAX_NAME_CHARS);
  cs_text_cap (&self->display_name, CS_MAX_NAME_CHARS);
  cs_text_cap (&self->codec, CS_MAX_CODEC_CHARS);
  cs_text_cap (&self->message, CS_MAX_TEXT_CHARS);
}

static gboolean
lookup (const char * const *names, guint n, const char *str, guint *out)
{
  for (guint i = 0; str != NULL && i < n; i++)
    if (strcmp (names[i], str) == 0)
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

const char *
cs_sample_kind_to_string (CsSampleKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), NULL);
  return kind_names[kind];
}

gboolean
cs_sample_kind_from_string (const char *str, CsSampleKind *out)
{
  guint v;
  if (!lookup (kind_names, G_N_ELEMENTS (kind_names), str, &v))
    return FALSE;
  *out = (CsSampleKind) v;
  return TRUE;
}

const char *
cs_sample_direction_to_string (CsSampleDirection direction)
{
  g_return_val_if_fail ((guint) direction < G_N_ELEMENTS (direction_names), NULL);
  return direction_names[direction];
}

gboolean
cs_sample_direction_from_string (const char *str, CsSampleDirection *out)
{
  guint v;
  if (!lookup (direction_names, G_N_ELEMENTS (direction_names), str, &v))
    return FALSE;
  *out = (CsSampleDirection) v;
  return TRUE;
}

const char *
cs_connection_state_to_string (CsConnectionState state)
{
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (state_names), NULL);
  return state_names[state];
}

gboolean
cs_connection_state_from_string (const char *str, CsConnectionState *out)
{
  guint v;
  if (!lookup (state_names, G_N_ELEMENTS (state_names), str, &v))
    return FALSE;
  *out = (CsConnectionState) v;
  return TRUE;
}
