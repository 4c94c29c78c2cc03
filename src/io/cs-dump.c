/* cs-dump.c — a browser's statistics dump, read (see cs-dump.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-dump.h"

#include <glib/gi18n.h>

#include <math.h>
#include <string.h>

static void
series_free (gpointer data)
{
  CsDumpSeries *series = data;

  g_array_unref (series->numbers);
  if (series->strings != NULL)
    g_ptr_array_unref (series->strings);
  g_free (series);
}

static void
object_free (gpointer data)
{
  CsDumpObject *object = data;

  g_array_unref (object->times);
  g_hash_table_unref (object->series);
  g_free (object);
}

static void
log_entry_free (gpointer data)
{
  CsDumpLogEntry *entry = data;

  g_free (entry->value);
  g_free (entry);
}

static void
connection_free (gpointer data)
{
  CsDumpConnection *connection = data;

  g_free (connection->url);
  g_free (connection->configuration);
  g_ptr_array_unref (connection->objects);
  g_hash_table_unref (connection->by_id);
  g_ptr_array_unref (connection->log);
  g_free (connection);
}

CsDump *
cs_dump_new (CsDumpFormat format)
{
  CsDump *self = g_new0 (CsDump, 1);

  self->format = format;
  self->connections = g_ptr_array_new_with_free_func (connection_free);
  self->by_key = g_hash_table_new (g_str_hash, g_str_equal);
  self->warnings = g_ptr_array_new_with_free_func (g_free);
  self->strings = g_string_chunk_new (4096);
  return self;
}

void
cs_dump_free (CsDump *self)
{
  if (self == NULL)
    return;
  g_free (self->user_agent);
  g_free (self->browser);
  g_free (self->origin);
  g_hash_table_unref (self->by_key);
  g_ptr_array_unref (self->connections);
  g_ptr_array_unref (self->warnings);
  g_string_chunk_free (self->strings);
  g_free (self);
}

const char *
cs_dump_intern (CsDump *self, const char *str)
{
  if (str == NULL)
    return NULL;
  return g_string_chunk_insert_const (self->strings, str);
}

CsDumpConnection *
cs_dump_lookup_connection (CsDump *self, const char *key)
{
  return g_hash_table_lookup (self->by_key, key);
}

CsDumpConnection *
cs_dump_ensure_connection (CsDump *self, const char *key)
{
  CsDumpConnection *connection = g_hash_table_lookup (self->by_key, key);

  if (connection != NULL)
    return connection;
  if (self->connections->len >= CS_DUMP_MAX_CONNECTIONS)
    return NULL;
  connection = g_new0 (CsDumpConnection, 1);
  connection->key = cs_dump_intern (self, key);
  connection->objects = g_ptr_array_new_with_free_func (object_free);
  connection->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  connection->log = g_ptr_array_new_with_free_func (log_entry_free);
  g_ptr_array_add (self->connections, connection);
  g_hash_table_insert (self->by_key, (gpointer) connection->key, connection);
  return connection;
}

CsDumpObject *
cs_dump_ensure_object (CsDump *self, CsDumpConnection *connection, const char *id, const char *type)
{
  CsDumpObject *object = g_hash_table_lookup (connection->by_id, id);

  if (object != NULL)
    {
      if (type != NULL && *type != '\0' && *object->type == '\0')
        object->type = cs_dump_intern (self, type);
      return object;
    }
  if (connection->objects->len >= CS_DUMP_MAX_OBJECTS)
    return NULL;
  object = g_new0 (CsDumpObject, 1);
  object->id = cs_dump_intern (self, id);
  object->type = cs_dump_intern (self, type != NULL ? type : "");
  object->times = g_array_new (FALSE, FALSE, sizeof (double));
  object->series = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, series_free);
  g_ptr_array_add (connection->objects, object);
  g_hash_table_insert (connection->by_id, (gpointer) object->id, object);
  return object;
}

void
cs_dump_set_object_type (CsDump *self, CsDumpObject *object, const char *type)
{
  if (type != NULL)
    object->type = cs_dump_intern (self, type);
}

int
cs_dump_object_add_point (CsDumpObject *object, double time_ms)
{
  GHashTableIter iter;
  gpointer value;
  double nan_value = NAN;

  if (object->times->len >= CS_DUMP_MAX_POINTS)
    return -1;
  g_array_append_val (object->times, time_ms);
  g_hash_table_iter_init (&iter, object->series);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      CsDumpSeries *series = value;

      g_array_append_val (series->numbers, nan_value);
      if (series->strings != NULL)
        g_ptr_array_add (series->strings, NULL);
    }
  return (int) object->times->len - 1;
}

guint
cs_dump_object_n_points (const CsDumpObject *object)
{
  return object->times->len;
}

CsDumpSeries *
cs_dump_object_ensure_series (CsDump *self, CsDumpObject *object, const char *name)
{
  CsDumpSeries *series = g_hash_table_lookup (object->series, name);

  if (series != NULL)
    return series;
  series = g_new0 (CsDumpSeries, 1);
  series->name = cs_dump_intern (self, name);
  series->numbers = g_array_sized_new (FALSE, FALSE, sizeof (double), object->times->len);
  for (guint i = 0; i < object->times->len; i++)
    {
      double nan_value = NAN;

      g_array_append_val (series->numbers, nan_value);
    }
  g_hash_table_insert (object->series, (gpointer) series->name, series);
  return series;
}

void
cs_dump_object_set_number (CsDump *self, CsDumpObject *object, guint point, const char *name, double value)
{
  CsDumpSeries *series;

  if (point >= object->times->len)
    return;
  series = cs_dump_object_ensure_series (self, object, name);
  g_array_index (series->numbers, double, point) = value;
}

void
cs_dump_object_set_string (CsDump *self, CsDumpObject *object, guint point, const char *name, const char *value)
{
  CsDumpSeries *series;

  if (point >= object->times->len)
    return;
  series = cs_dump_object_ensure_series (self, object, name);
  if (series->strings == NULL)
    {
      series->strings = g_ptr_array_sized_new (object->times->len);
      g_ptr_array_set_size (series->strings, object->times->len);
    }
  g_ptr_array_index (series->strings, point) = (gpointer) cs_dump_intern (self, value);
}

gboolean
cs_dump_connection_add_log (CsDump *self, CsDumpConnection *connection, double time_ms,
                            const char *type, const char *value)
{
  CsDumpLogEntry *entry;
  gsize len;

  if (connection->log->len >= CS_DUMP_MAX_LOG)
    return FALSE;
  entry = g_new0 (CsDumpLogEntry, 1);
  entry->time_ms = time_ms;
  entry->type = cs_dump_intern (self, type != NULL ? type : "");
  value = value != NULL ? value : "";
  len = strlen (value);
  /* a JSON-quoted state value ('"connected"', Chrome 142 on) */
  if (len >= 2 && len < 64 && value[0] == '"' && value[len - 1] == '"' && memchr (value + 1, '"', len - 2) == NULL)
    entry->value = g_strndup (value + 1, len - 2);
  else if (len > CS_DUMP_MAX_VALUE_CHARS)
    {
      const char *end = value + CS_DUMP_MAX_VALUE_CHARS;

      /* on a character boundary */
      while (end > value && ((guchar) *end & 0xC0) == 0x80)
        end--;
      entry->value = g_strndup (value, end - value);
    }
  else
    entry->value = g_strdup (value);
  g_ptr_array_add (connection->log, entry);
  return TRUE;
}

void
cs_dump_add_warning (CsDump *self, char *sentence)
{
  for (guint i = 0; i < self->warnings->len; i++)
    if (strcmp (g_ptr_array_index (self->warnings, i), sentence) == 0)
      {
        g_free (sentence);
        return;
      }
  g_ptr_array_add (self->warnings, sentence);
}

/* What the importer (cs-dump-import.c) and the connection view read; docs/import.md. */
static const char * const wanted[] = {
  /* identity and links */
  "ssrc", "kind", "mediaType", "mid", "rid", "trackIdentifier", "codecId", "transportId", "remoteId",
  "localId", "mediaSourceId", "trackId", "playoutId", "remoteSource", "active",
  /* RTP counters */
  "packetsReceived", "bytesReceived", "headerBytesReceived", "packetsLost", "fractionLost",
  "jitter", "packetsSent", "bytesSent", "headerBytesSent", "retransmittedPacketsSent",
  "nackCount", "pliCount", "firCount", "packetsDiscarded",
  /* video */
  "framesReceived", "framesDecoded", "framesDropped", "framesRendered", "keyFramesDecoded",
  "framesEncoded", "framesSent", "keyFramesEncoded", "frameWidth", "frameHeight",
  "framesPerSecond", "freezeCount", "totalFreezesDuration", "pauseCount", "totalPausesDuration",
  "totalDecodeTime", "totalEncodeTime", "qualityLimitationReason", "targetBitrate",
  "decoderImplementation", "encoderImplementation", "frames", "width", "height",
  /* jitter buffer, playout */
  "jitterBufferDelay", "jitterBufferTargetDelay", "jitterBufferEmittedCount",
  "estimatedPlayoutTimestamp", "totalProcessingDelay",
  /* audio */
  "audioLevel", "totalAudioEnergy", "totalSamplesDuration", "concealedSamples",
  "silentConcealedSamples", "concealmentEvents", "totalSamplesReceived",
  /* remote reports */
  "roundTripTime", "totalRoundTripTime", "roundTripTimeMeasurements", "remoteTimestamp",
  "reportsReceived", "reportsSent",
  /* connection */
  "state", "nominated", "selected", "writable", "currentRoundTripTime", "availableOutgoingBitrate",
  "availableIncomingBitrate", "localCandidateId", "remoteCandidateId", "selectedCandidatePairId",
  "dtlsState", "iceState", "iceRole", "requestsSent", "responsesReceived", "consentRequestsSent",
  "lastPacketReceivedTimestamp", "lastPacketSentTimestamp", "priority",
  /* candidates */
  "candidateType", "protocol", "address", "ip", "port", "networkType", "relayProtocol", "url",
  "isRemote", "relatedAddress", "relatedPort", "tcpType", "usernameFragment", "foundation",
  /* codecs */
  "mimeType", "payloadType", "clockRate", "channels", "sdpFmtpLine",
  /* old Chrome's "track" objects */
  "remoteSource", "ended", "detached",
  NULL
};

gboolean
cs_dump_wants_property (const char *type, const char *name)
{
  static gsize init = 0;
  static GHashTable *set;

  (void) type;
  if (g_once_init_enter (&init))
    {
      GHashTable *s = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; wanted[i] != NULL; i++)
        g_hash_table_add (s, (gpointer) wanted[i]);
      set = s;
      g_once_init_leave (&init, 1);
    }
  return name != NULL && g_hash_table_contains (set, name);
}

double
cs_dump_object_number (const CsDumpObject *object, const char *name, guint point)
{
  CsDumpSeries *series = g_hash_table_lookup (object->series, name);

  if (series == NULL || point >= series->numbers->len)
    return NAN;
  return g_array_index (series->numbers, double, point);
}

const char *
cs_dump_object_string (const CsDumpObject *object, const char *name, guint point)
{
  CsDumpSeries *series = g_hash_table_lookup (object->series, name);

  if (series == NULL || series->strings == NULL || point >= series->strings->len)
    return NULL;
  return g_ptr_array_index (series->strings, point);
}

double
cs_dump_object_time (const CsDumpObject *object, guint point)
{
  if (point >= object->times->len)
    return NAN;
  return g_array_index (object->times, double, point);
}

int
cs_dump_object_point_at (const CsDumpObject *object, double time_ms)
{
  guint lo = 0, hi = object->times->len;

  /* the first point later than @time_ms, by bisection; the one before it is the answer */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (object->times, double, mid) <= time_ms)
        lo = mid + 1;
      else
        hi = mid;
    }
  return (int) lo - 1;
}

double
cs_dump_get_start_ms (const CsDump *self)
{
  double start = NAN;

  for (guint c = 0; c < self->connections->len; c++)
    {
      CsDumpConnection *connection = g_ptr_array_index (self->connections, c);

      for (guint o = 0; o < connection->objects->len; o++)
        {
          CsDumpObject *object = g_ptr_array_index (connection->objects, o);

          if (object->times->len > 0 && (isnan (start) || g_array_index (object->times, double, 0) < start))
            start = g_array_index (object->times, double, 0);
        }
    }
  return start;
}

static const struct
{
  const char *prefix;
  const char *type;
} id_prefixes[] = {
  { "RTCInboundRTP", "inbound-rtp" },
  { "RTCOutboundRTP", "outbound-rtp" },
  { "RTCRemoteInboundRtp", "remote-inbound-rtp" },
  { "RTCRemoteOutboundRTP", "remote-outbound-rtp" },
  { "RTCIceCandidatePair_", "candidate-pair" },
  { "RTCTransport_", "transport" },
  { "RTCMediaStreamTrack_", "track" },
  { "RTCMediaStream_", "stream" },
  { "RTCCodec_", "codec" },
  { "RTCAudioSource_", "media-source" },
  { "RTCVideoSource_", "media-source" },
  { "RTCPeerConnection", "peer-connection" },
  { "RTCCertificate_", "certificate" },
  { "RTCDataChannel_", "data-channel" },
  { "RTCIceCandidate_", "candidate" },  /* local or remote: its "isRemote" says */
};

const char *
cs_dump_type_from_id (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (id_prefixes); i++)
    if (g_ascii_strncasecmp (id, id_prefixes[i].prefix, strlen (id_prefixes[i].prefix)) == 0)
      return id_prefixes[i].type;
  return NULL;
}

const char *
cs_dump_format_name (CsDumpFormat format)
{
  switch (format)
    {
    case CS_DUMP_FORMAT_INTERNALS:
      return "webrtc-internals";
    case CS_DUMP_FORMAT_RTCSTATS:
      return "rtcstats";
    case CS_DUMP_FORMAT_RTCSTATS_LEGACY:
    default:
      return "rtcstats-legacy";
    }
}

double
cs_dump_get_call_start_ms (const CsDump *dump)
{
  double start = cs_dump_get_start_ms (dump);

  for (guint c = 0; c < dump->connections->len; c++)
    {
      CsDumpConnection *conn = g_ptr_array_index (dump->connections, c);

      for (guint i = 0; i < conn->log->len; i++)
        {
          double t = ((CsDumpLogEntry *) g_ptr_array_index (conn->log, i))->time_ms;

          /* a log entry long before the stats (a capped dump) does not move the start */
          if (!isnan (t) && !isnan (start) && t < start && start - t < 120000)
            start = t;
        }
    }
  return start;
}

char *
cs_dump_capped_warning (const CsDump *dump, double start_ms)
{
  double first_log = NAN;

  for (guint c = 0; c < dump->connections->len; c++)
    {
      CsDumpConnection *conn = g_ptr_array_index (dump->connections, c);

      for (guint i = 0; i < conn->log->len; i++)
        {
          double t = ((CsDumpLogEntry *) g_ptr_array_index (conn->log, i))->time_ms;

          if (!isnan (t) && (isnan (first_log) || t < first_log))
            first_log = t;
        }
    }
  if (!isnan (first_log) && start_ms - first_log >= 60000)
    {
      guint minutes = (guint) ((start_ms - first_log) / 60000);

      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "The dump starts %u minute into the call: Chrome keeps the last 1000 points "
                                           "of each statistic.",
                                           "The dump starts %u minutes into the call: Chrome keeps the last 1000 points "
                                           "of each statistic.", minutes), minutes);
    }
  return g_strdup (_("The dump may not start at the beginning of the call: Chrome keeps the last 1000 points of "
                     "each statistic."));
}
