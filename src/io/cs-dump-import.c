/* cs-dump-import.c — a browser's dump as a call: the samples that replay it (see cs-dump-import.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each point of an "inbound-rtp" or "outbound-rtp" stats object becomes one sample at the
 * whole second nearest to it (seconds from the dump's first time), with what the related
 * objects said at the same time: the codec, the "remote-inbound-rtp" that the far end's
 * receiver reports fill, the media source, the selected candidate pair, and in old Chrome
 * builds the "track" object that held the frame counters. Counters stay cumulative, as in
 * every other source: the model derives the rates, scores, reasons and exceptions.
 * The update log becomes connection samples (cs-dump-import-log.c).
 */
#include "config.h"

#include "cs-dump-import-private.h"

#include "cs-dump-connections.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "cs-error.h"
#include "cs-sdp.h"

/* a related object's point belongs to the same report when it is this close (ms) */
#define SAME_REPORT_MS 250.0

double
_cs_dump_import_second_of (Import *im, double time_ms)
{
  double t = round ((time_ms - im->start_ms) / 1000.0);

  return t > 0 ? t : 0;
}

/* ---- related objects -------------------------------------------------------------- */

/* The point of @object that belongs to the report at @time_ms, or -1. */
static int
point_near (const CsDumpObject *object, double time_ms)
{
  int i;

  if (object == NULL)
    return -1;
  i = cs_dump_object_point_at (object, time_ms + SAME_REPORT_MS);
  if (i < 0)
    return -1;
  /* the latest report at or before this one is what the stack knew then */
  return i;
}

static CsDumpObject *
object_by_id (Import *im, const char *id)
{
  return id != NULL ? g_hash_table_lookup (im->conn->by_id, id) : NULL;
}

static const char *
string_at (const CsDumpObject *object, const char *name, double time_ms)
{
  int i = point_near (object, time_ms);

  return i >= 0 ? cs_dump_object_string (object, name, i) : NULL;
}

static double
number_at (const CsDumpObject *object, const char *name, double time_ms)
{
  int i = point_near (object, time_ms);

  return i >= 0 ? cs_dump_object_number (object, name, i) : NAN;
}

/* A link to another object (codecId, trackId, …) at @point of @object. */
static CsDumpObject *
linked (Import *im, const CsDumpObject *object, guint point, const char *name)
{
  return object_by_id (im, cs_dump_object_string (object, name, point));
}

/* @name of @object at @point, else of its old-Chrome "track" object. */
static double
rtp_number (Import *im, const CsDumpObject *object, guint point, const char *name)
{
  double v = cs_dump_object_number (object, name, point);

  if (isnan (v))
    v = number_at (linked (im, object, point, "trackId"), name, cs_dump_object_time (object, point));
  return v;
}

static gboolean
kind_of (Import *im, const CsDumpObject *object, guint point, CsSampleKind *kind)
{
  const char *k = cs_dump_object_string (object, "kind", point);
  const char *mime;

  if (k == NULL)
    k = cs_dump_object_string (object, "mediaType", point);
  if (k == NULL)
    {
      /* old ids: "RTCInboundRTPVideoStream_…" */
      if (strstr (object->id, "Video") != NULL)
        k = "video";
      else if (strstr (object->id, "Audio") != NULL)
        k = "audio";
    }
  if (k == NULL && (mime = string_at (linked (im, object, point, "codecId"), "mimeType",
                                      cs_dump_object_time (object, point))) != NULL)
    k = g_str_has_prefix (mime, "video/") ? "video" : g_str_has_prefix (mime, "audio/") ? "audio" : NULL;
  if (g_strcmp0 (k, "video") == 0)
    *kind = CS_SAMPLE_KIND_VIDEO;
  else if (g_strcmp0 (k, "audio") == 0)
    *kind = CS_SAMPLE_KIND_AUDIO;
  else
    return FALSE;
  return TRUE;
}

static char *
codec_of (Import *im, const CsDumpObject *object, guint point)
{
  const char *mime = string_at (linked (im, object, point, "codecId"), "mimeType", cs_dump_object_time (object, point));
  const char *slash;

  if (mime == NULL)
    return NULL;
  slash = strchr (mime, '/');
  return g_strdup (slash != NULL ? slash + 1 : mime);
}

/* The candidate pair in use at @time_ms: the transport's selected one, else a nominated
 * pair that succeeded. */
static CsDumpObject *
selected_pair (Import *im, double time_ms)
{
  CsDumpObject *fallback = NULL;

  for (guint i = 0; i < im->conn->objects->len; i++)
    {
      CsDumpObject *o = g_ptr_array_index (im->conn->objects, i);

      if (strcmp (o->type, "transport") == 0)
        {
          CsDumpObject *pair = object_by_id (im, string_at (o, "selectedCandidatePairId", time_ms));

          if (pair != NULL && point_near (pair, time_ms) >= 0)
            return pair;
        }
    }
  for (guint i = 0; i < im->conn->objects->len; i++)
    {
      CsDumpObject *o = g_ptr_array_index (im->conn->objects, i);
      int p;

      if (strcmp (o->type, "candidate-pair") != 0 || (p = point_near (o, time_ms)) < 0)
        continue;
      if (cs_dump_object_number (o, "selected", p) == 1 ||
          (cs_dump_object_number (o, "nominated", p) == 1 &&
           g_strcmp0 (cs_dump_object_string (o, "state", p), "succeeded") == 0))
        return o;
      if (fallback == NULL && !isnan (cs_dump_object_number (o, "currentRoundTripTime", p)))
        fallback = o;
    }
  return fallback;
}

/* The remote-inbound-rtp that reports on the outbound @object. */
static CsDumpObject *
remote_inbound_of (Import *im, const CsDumpObject *object, guint point)
{
  CsDumpObject *r = linked (im, object, point, "remoteId");
  double ssrc = cs_dump_object_number (object, "ssrc", point);

  if (r != NULL)
    return r;
  for (guint i = 0; i < im->conn->objects->len; i++)
    {
      CsDumpObject *o = g_ptr_array_index (im->conn->objects, i);
      int p;

      if (strcmp (o->type, "remote-inbound-rtp") != 0 || (p = (int) cs_dump_object_n_points (o) - 1) < 0)
        continue;
      if (g_strcmp0 (cs_dump_object_string (o, "localId", p), object->id) == 0 ||
          (!isnan (ssrc) && cs_dump_object_number (o, "ssrc", p) == ssrc))
        return o;
    }
  return NULL;
}

/* ---- who is who: MediaStream ids from the remote descriptions ---------------------- */

static void
learn_streams (Import *im)
{
  for (guint i = 0; i < im->conn->log->len; i++)
    {
      CsDumpLogEntry *e = g_ptr_array_index (im->conn->log, i);
      g_autofree char *text = NULL;
      g_autoptr (CsSdp) sdp = NULL;

      if (g_ascii_strcasecmp (e->type, "setRemoteDescription") != 0)
        continue;
      text = cs_sdp_from_description (e->value, NULL);
      if (text == NULL)
        continue;
      sdp = cs_sdp_parse (text);
      for (guint m = 0; m < sdp->media->len; m++)
        {
          CsSdpMedia *media = g_ptr_array_index (sdp->media, m);

          if (media->stream_id == NULL)
            continue;
          if (media->mid != NULL)
            g_hash_table_replace (im->stream_of, g_strdup_printf ("mid:%s", media->mid), g_strdup (media->stream_id));
          if (media->track_id != NULL)
            g_hash_table_replace (im->stream_of, g_strdup_printf ("track:%s", media->track_id),
                                  g_strdup (media->stream_id));
          for (guint s = 0; s < media->ssrcs->len; s++)
            g_hash_table_replace (im->stream_of, g_strdup_printf ("ssrc:%u", g_array_index (media->ssrcs, guint32, s)),
                                  g_strdup (media->stream_id));
        }
    }
}

static const char *
stream_of_inbound (Import *im, const CsDumpObject *object)
{
  int p = (int) cs_dump_object_n_points (object) - 1;
  const char *s, *stream = NULL;
  double v;

  if (p < 0)
    return NULL;
  /* webrtc-internals writes a mid as a number */
  if ((s = cs_dump_object_string (object, "mid", p)) != NULL)
    {
      g_autofree char *key = g_strdup_printf ("mid:%s", s);

      stream = g_hash_table_lookup (im->stream_of, key);
    }
  else if (!isnan (v = cs_dump_object_number (object, "mid", p)) && v >= 0 && v < 1e9)
    {
      g_autofree char *key = g_strdup_printf ("mid:%.0f", v);

      stream = g_hash_table_lookup (im->stream_of, key);
    }
  if (stream == NULL && (s = cs_dump_object_string (object, "trackIdentifier", p)) != NULL)
    {
      g_autofree char *key = g_strdup_printf ("track:%s", s);

      stream = g_hash_table_lookup (im->stream_of, key);
    }
  if (stream == NULL && !isnan (v = cs_dump_object_number (object, "ssrc", p)) && v >= 0 && v <= G_MAXUINT32)
    {
      g_autofree char *key = g_strdup_printf ("ssrc:%u", (guint32) v);

      stream = g_hash_table_lookup (im->stream_of, key);
    }
  return stream;
}

gboolean
_cs_dump_import_is_rtp (const CsDumpObject *object, const char *type)
{
  return strcmp (object->type, type) == 0 && cs_dump_object_n_points (object) > 0;
}

/* Users: one per remote MediaStream when the connection carries several, else one. */
static void
assign_users (Import *im)
{
  g_autoptr (GHashTable) streams = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < im->conn->objects->len; i++)
    {
      CsDumpObject *o = g_ptr_array_index (im->conn->objects, i);
      const char *stream;

      if (_cs_dump_import_is_rtp (o, "inbound-rtp") && (stream = stream_of_inbound (im, o)) != NULL)
        g_hash_table_add (streams, (gpointer) stream);
    }
  im->conn_uid = g_strdup (im->conn->key);
  g_hash_table_replace (im->names, g_strdup (im->conn_uid), g_strdup_printf ("Peer %s", im->conn->key));
  im->outbound_peer = g_strdup (g_hash_table_size (streams) >= 2 ? SERVER_UID : im->conn_uid);
  for (guint i = 0; i < im->conn->objects->len; i++)
    {
      CsDumpObject *o = g_ptr_array_index (im->conn->objects, i);
      const char *stream;
      char *uid;

      if (!_cs_dump_import_is_rtp (o, "inbound-rtp"))
        continue;
      stream = g_hash_table_size (streams) >= 2 ? stream_of_inbound (im, o) : NULL;
      if (stream != NULL)
        {
          uid = g_strdup_printf ("%s/%s", im->conn->key, stream);
          g_hash_table_replace (im->names, g_strdup (uid), g_strdup (stream));
        }
      else
        uid = g_strdup (im->conn_uid);
      g_hash_table_insert (im->user_of, o, uid);
    }
}

/* ---- samples ---------------------------------------------------------------------- */

static guint64
counter (double v)
{
  return !isnan (v) && v > 0 && v < 1.8e19 ? (guint64) v : 0;
}

static double
ms_of_seconds (double v)
{
  return !isnan (v) && v >= 0 ? v * 1000 : CS_UNKNOWN;
}

/* Δ@total / Δ@count between two points of @object (seconds per item), or NAN. */
static double
per_item (Import *im, const CsDumpObject *object, int prev, guint point, const char *total, const char *count)
{
  double t1, t0, c1, c0;

  if (prev < 0)
    return NAN;
  t1 = rtp_number (im, object, point, total);
  t0 = rtp_number (im, object, prev, total);
  c1 = rtp_number (im, object, point, count);
  c0 = rtp_number (im, object, prev, count);
  if (isnan (t1) || isnan (t0) || isnan (c1) || isnan (c0) || c1 <= c0 || t1 < t0)
    return NAN;
  return (t1 - t0) / (c1 - c0);
}

/* The level over the last interval, on Agora's 0..32767 scale: the RMS of what was played
 * (inbound) or captured (a media source), √(ΔtotalAudioEnergy / ΔtotalSamplesDuration) as
 * the statistics define them; else Chrome's audioLevel, which is a short peak of the last
 * few milliseconds only. */
static double
audio_level_of (const CsDumpObject *o, int p, int prev)
{
  double v;

  if (prev >= 0)
    {
      double e1 = cs_dump_object_number (o, "totalAudioEnergy", p);
      double e0 = cs_dump_object_number (o, "totalAudioEnergy", prev);
      double d1 = cs_dump_object_number (o, "totalSamplesDuration", p);
      double d0 = cs_dump_object_number (o, "totalSamplesDuration", prev);

      if (!isnan (e1) && !isnan (e0) && !isnan (d1) && !isnan (d0) && d1 - d0 > 0.01 && e1 >= e0)
        return round (MIN (sqrt ((e1 - e0) / (d1 - d0)), 1) * 32767);
    }
  v = cs_dump_object_number (o, "audioLevel", p);
  return !isnan (v) && v >= 0 && v <= 1 ? round (v * 32767) : CS_UNKNOWN;
}

static void
fill_pair (Import *im, CsStatsSample *s, double time_ms, gboolean outbound)
{
  CsDumpObject *pair = selected_pair (im, time_ms);
  double v;

  if (pair == NULL)
    return;
  v = number_at (pair, "currentRoundTripTime", time_ms);
  if (s->rtt_ms < 0 && !isnan (v) && v >= 0)
    s->rtt_ms = v * 1000;
  v = number_at (pair, "availableOutgoingBitrate", time_ms);
  if (outbound && !isnan (v) && v >= 0)
    s->available_outgoing_bitrate = v;
}

static CsStatsSample *
inbound_sample (Import *im, CsDumpObject *o, guint p, int prev, CsSampleKind kind)
{
  CsStatsSample *s = cs_stats_sample_new ();
  double time_ms = cs_dump_object_time (o, p);
  double v, jb, decode;

  s->t = _cs_dump_import_second_of (im, time_ms);
  s->observer_uid = g_strdup (LOCAL_UID);
  s->peer_uid = g_strdup (g_hash_table_lookup (im->user_of, o));
  s->kind = kind;
  s->direction = CS_SAMPLE_DIRECTION_INBOUND;
  v = cs_dump_object_number (o, "ssrc", p);
  s->ssrc = !isnan (v) && v >= 0 && v <= G_MAXUINT32 ? (guint32) v : 0;
  s->codec = codec_of (im, o, p);
  s->packets = counter (cs_dump_object_number (o, "packetsReceived", p));
  s->bytes = counter (cs_dump_object_number (o, "bytesReceived", p));
  v = cs_dump_object_number (o, "packetsLost", p);
  if (!isnan (v) && fabs (v) < 9e18)
    {
      s->packets_lost = (gint64) v;
      s->has_packets_lost = TRUE;
    }
  s->jitter_ms = ms_of_seconds (cs_dump_object_number (o, "jitter", p));
  s->nack_count = counter (cs_dump_object_number (o, "nackCount", p));
  s->pli_count = counter (cs_dump_object_number (o, "pliCount", p));
  fill_pair (im, s, time_ms, FALSE);

  if (kind == CS_SAMPLE_KIND_VIDEO)
    {
      v = rtp_number (im, o, p, "framesDecoded");
      s->has_frames = !isnan (v);
      s->frames_decoded = counter (v);
      s->freeze_count = counter (rtp_number (im, o, p, "freezeCount"));
      v = rtp_number (im, o, p, "totalFreezesDuration");
      s->total_freeze_ms = !isnan (v) && v >= 0 ? v * 1000 : CS_UNKNOWN;
      v = rtp_number (im, o, p, "frameWidth");
      s->width = !isnan (v) && v > 0 && v < 100000 ? (guint) v : 0;
      v = rtp_number (im, o, p, "frameHeight");
      s->height = !isnan (v) && v > 0 && v < 100000 ? (guint) v : 0;
    }
  else
    {
      s->audio_level = audio_level_of (o, p, prev);
    }

  /* receiveDelay: the network (RTT / 2: estimated), then what Chrome measured over the
   * last interval: the jitter buffer's average delay and, for video, the decode time */
  jb = per_item (im, o, prev, p, "jitterBufferDelay", "jitterBufferEmittedCount");
  decode = kind == CS_SAMPLE_KIND_VIDEO ? per_item (im, o, prev, p, "totalDecodeTime", "framesDecoded") : NAN;
  if (s->rtt_ms >= 0 && !isnan (jb))
    {
      s->transport_delay_ms = s->rtt_ms / 2;
      s->receive_delay_ms = s->transport_delay_ms + jb * 1000 + (isnan (decode) ? 0 : decode * 1000);
    }
  return s;
}

static CsStatsSample *
outbound_sample (Import *im, CsDumpObject *o, guint p, int prev, CsSampleKind kind)
{
  CsStatsSample *s = cs_stats_sample_new ();
  double time_ms = cs_dump_object_time (o, p);
  CsDumpObject *remote = remote_inbound_of (im, o, p);
  CsDumpObject *source = linked (im, o, p, "mediaSourceId");
  double v, encode;

  s->t = _cs_dump_import_second_of (im, time_ms);
  s->observer_uid = g_strdup (LOCAL_UID);
  s->peer_uid = g_strdup (im->outbound_peer);
  s->kind = kind;
  s->direction = CS_SAMPLE_DIRECTION_OUTBOUND;
  v = cs_dump_object_number (o, "ssrc", p);
  s->ssrc = !isnan (v) && v >= 0 && v <= G_MAXUINT32 ? (guint32) v : 0;
  s->codec = codec_of (im, o, p);
  s->packets = counter (cs_dump_object_number (o, "packetsSent", p));
  s->bytes = counter (cs_dump_object_number (o, "bytesSent", p));
  s->nack_count = counter (cs_dump_object_number (o, "nackCount", p));
  s->pli_count = counter (cs_dump_object_number (o, "pliCount", p));
  v = cs_dump_object_number (o, "targetBitrate", p);
  if (!isnan (v) && v >= 0)
    s->target_bitrate = v;
  if (remote != NULL)
    {
      v = number_at (remote, "packetsLost", time_ms);
      if (!isnan (v) && fabs (v) < 9e18)
        {
          s->packets_lost = (gint64) v;
          s->has_packets_lost = TRUE;
        }
      v = number_at (remote, "fractionLost", time_ms);
      if (!isnan (v) && v >= 0 && v <= 1)
        s->fraction_lost = v;
      s->jitter_ms = ms_of_seconds (number_at (remote, "jitter", time_ms));
      s->rtt_ms = ms_of_seconds (number_at (remote, "roundTripTime", time_ms));
    }
  fill_pair (im, s, time_ms, TRUE);

  if (kind == CS_SAMPLE_KIND_VIDEO)
    {
      v = rtp_number (im, o, p, "framesEncoded");
      s->has_frames = !isnan (v);
      s->frames_encoded = counter (v);
      s->frames_captured = counter (number_at (source, "frames", time_ms));
      v = rtp_number (im, o, p, "frameWidth");
      s->width = !isnan (v) && v > 0 && v < 100000 ? (guint) v : 0;
      v = rtp_number (im, o, p, "frameHeight");
      s->height = !isnan (v) && v > 0 && v < 100000 ? (guint) v : 0;
      v = number_at (source, "width", time_ms);
      s->capture_width = !isnan (v) && v > 0 && v < 100000 ? (guint) v : 0;
      v = number_at (source, "height", time_ms);
      s->capture_height = !isnan (v) && v > 0 && v < 100000 ? (guint) v : 0;
      encode = per_item (im, o, prev, p, "totalEncodeTime", "framesEncoded");
      if (!isnan (encode))
        s->encode_delay_ms = encode * 1000;
    }
  else
    {
      int ps = point_near (source, time_ms);

      s->audio_level = ps >= 0 ? audio_level_of (source, ps, ps - 1) : CS_UNKNOWN;
    }
  return s;
}

static void
add_rtp_samples (Import *im, CsDumpObject *o, gboolean inbound)
{
  guint n = cs_dump_object_n_points (o);
  int prev = -1;

  for (guint p = 0; p < n; p++)
    {
      double time_ms = cs_dump_object_time (o, p);
      CsSampleKind kind;

      /* one sample per second: of two points in one second, the later */
      if (isnan (time_ms) || (p + 1 < n && _cs_dump_import_second_of (im, cs_dump_object_time (o, p + 1)) == _cs_dump_import_second_of (im, time_ms)))
        continue;
      if (!kind_of (im, o, p, &kind))
        continue;
      g_ptr_array_add (im->samples, inbound ? inbound_sample (im, o, p, prev, kind) : outbound_sample (im, o, p, prev, kind));
      prev = (int) p;
    }
}

/* ---- the whole dump --------------------------------------------------------------- */

static gint
by_time (gconstpointer a, gconstpointer b)
{
  const CsStatsSample *x = *(CsStatsSample * const *) a;
  const CsStatsSample *y = *(CsStatsSample * const *) b;

  /* within one second: connection samples first, so that a user joins before its media */
  if (x->t != y->t)
    return x->t < y->t ? -1 : 1;
  return (x->kind != CS_SAMPLE_KIND_CONNECTION) - (y->kind != CS_SAMPLE_KIND_CONNECTION);
}

static gboolean
has_rtp (CsDumpConnection *conn)
{
  for (guint i = 0; i < conn->objects->len; i++)
    {
      CsDumpObject *o = g_ptr_array_index (conn->objects, i);

      if (_cs_dump_import_is_rtp (o, "inbound-rtp") || _cs_dump_import_is_rtp (o, "outbound-rtp"))
        return TRUE;
    }
  return FALSE;
}

CsRecordingReader *
cs_dump_import (CsDump *dump, const char *file_name, GError **error)
{
  g_autoptr (CsRecordingReader) reader = NULL;
  g_autoptr (GPtrArray) samples = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_stats_sample_free);
  g_autoptr (GDateTime) start_time = NULL;
  g_autofree char *start_iso = NULL;
  g_autoptr (GPtrArray) connections = NULL;
  double start_ms = cs_dump_get_call_start_ms (dump);
  gboolean any = FALSE;

  g_return_val_if_fail (dump != NULL, NULL);

  for (guint c = 0; c < dump->connections->len; c++)
    any = any || has_rtp (g_ptr_array_index (dump->connections, c));
  if (!any || isnan (start_ms))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_NO_CALL,
                   dump->connections->len == 0
                   /* TRANSLATORS: %s is a format name, "webrtc-internals" or "rtcstats" */
                   ? _("This %s dump has no peer connection: there is no call to score.")
                   : _("This %s dump has peer connections but no audio or video statistics: there is no call to score."),
                   cs_dump_format_name (dump->format));
      return NULL;
    }

  for (guint c = 0; c < dump->connections->len; c++)
    {
      Import im = { 0 };

      im.dump = dump;
      im.conn = g_ptr_array_index (dump->connections, c);
      im.start_ms = start_ms;
      im.samples = samples;
      if (!has_rtp (im.conn))
        continue;
      im.stream_of = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      im.user_of = g_hash_table_new_full (NULL, NULL, NULL, g_free);
      im.names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      learn_streams (&im);
      assign_users (&im);
      _cs_dump_import_log (&im);
      for (guint i = 0; i < im.conn->objects->len; i++)
        {
          CsDumpObject *o = g_ptr_array_index (im.conn->objects, i);

          if (_cs_dump_import_is_rtp (o, "inbound-rtp"))
            add_rtp_samples (&im, o, TRUE);
          else if (_cs_dump_import_is_rtp (o, "outbound-rtp"))
            add_rtp_samples (&im, o, FALSE);
        }
      g_hash_table_unref (im.stream_of);
      g_hash_table_unref (im.user_of);
      g_hash_table_unref (im.names);
      g_free (im.conn_uid);
      g_free (im.outbound_peer);
    }

  g_ptr_array_sort (samples, by_time);  /* stable */
  start_time = g_date_time_new_from_unix_utc ((gint64) floor (start_ms / 1000));
  if (start_time != NULL)
    {
      g_autoptr (GDateTime) exact = g_date_time_add (start_time, (GTimeSpan) ((start_ms - floor (start_ms / 1000) * 1000) * 1000));

      start_iso = exact != NULL ? g_date_time_format_iso8601 (exact) : NULL;
    }
  reader = cs_recording_reader_new_for_import (start_iso, LOCAL_UID);
  cs_recording_reader_set_source (reader, cs_dump_format_name (dump->format), dump->browser, file_name);
  if (dump->capped)
    {
      g_autofree char *warning = cs_dump_capped_warning (dump, start_ms);

      cs_recording_reader_add_warning (reader, warning);
    }
  for (guint i = 0; i < dump->warnings->len; i++)
    cs_recording_reader_add_warning (reader, g_ptr_array_index (dump->warnings, i));
  for (guint i = 0; i < samples->len; i++)
    cs_recording_reader_add_sample (reader, g_steal_pointer (&g_ptr_array_index (samples, i)));
  g_ptr_array_set_free_func (samples, NULL);
  connections = cs_dump_connections (dump, start_ms);
  cs_recording_reader_set_connections (reader, connections);
  return g_steal_pointer (&reader);
}
