/* cs-rtcstats-compression.c — the tables and the getStats delta decoding of RTCStats dumps
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tables are those of rtcstats-shared's compression.js (github.com/rtcstats/rtcstats,
 * packages/rtcstats-shared/compression.js, read at commit 406aeae): methodTable with
 * methodTableDecompression, statsTypeTable, statsPropertyTable with
 * statsPropertyTableDecompression. Their numbers are never reassigned there. The decoding
 * follows statsDecompression () of the same file (see cs-rtcstats-dump.c for the rules).
 */
#include "config.h"

#include "cs-rtcstats-compression.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* methodTable: "getStats" is 'g' there (and 1, decompression only); 62 is unused (a copy-paste
 * bug put getUserMediaOnFailure on 65); 68 is decompression only. */
static const char * const method_table[] = {
  [1] = "getStats", [2] = "createOffer", [3] = "createOfferOnSuccess", [4] = "createAnswer",
  [5] = "createAnswerOnSuccess", [6] = "setLocalDescription", [7] = "setLocalDescriptionOnSuccess",
  [8] = "setRemoteDescription", [9] = "setRemoteDescriptionOnSuccess", [10] = "addIceCandidate",
  [11] = "addIceCandidateOnSuccess", [12] = "createOfferOnFailure", [13] = "createAnswerOnFailure",
  [14] = "setLocalDescriptionOnFailure", [15] = "setRemoteDescriptionOnFailure",
  [16] = "addIceCandidateOnFailure", [20] = "onicecandidate", [21] = "onicecandidateerror",
  [22] = "ontrack", [23] = "onsignalingstatechange", [24] = "oniceconnectionstatechange",
  [25] = "onconnectionstatechange", [26] = "onicegatheringstatechange", [27] = "onnegotiationneeded",
  [28] = "ondatachannel", [30] = "addTrack", [31] = "addTrackOnSuccess", [32] = "addTransceiver",
  [33] = "addTransceiverOnSuccess", [34] = "removeTrack", [35] = "createDataChannel", [36] = "close",
  [37] = "restartIce", [38] = "setConfiguration", [39] = "create", [40] = "constraints",
  [41] = "setCodecPreferences", [42] = "setHeaderExtensionsToNegotiate", [50] = "setParameters",
  [51] = "replaceTrack", [60] = "navigator.mediaDevices.getUserMedia",
  [61] = "navigator.mediaDevices.getUserMediaOnSuccess", [63] = "navigator.mediaDevices.getDisplayMedia",
  [64] = "navigator.mediaDevices.getDisplayMediaOnSuccess",
  [65] = "navigator.mediaDevices.getUserMediaOnFailure", [66] = "navigator.mediaDevices.enumerateDevices",
  [67] = "navigator.mediaDevices.ondevicechange", [68] = "navigator.mediaDevices.getDisplayMediaOnFailure",
  [70] = "MediaStreamTrack.stop", [71] = "MediaStreamTrack.applyConstraints",
  [72] = "MediaStreamTrack.onended", [73] = "MediaStreamTrack.onmute", [74] = "MediaStreamTrack.onunmute",
  [80] = "HTMLMediaElement.resize",
};

/* statsTypeTable */
static const char * const type_table[] = {
  [1] = "inbound-rtp", [2] = "outbound-rtp", [3] = "remote-inbound-rtp", [4] = "remote-outbound-rtp",
  [5] = "transport", [6] = "candidate-pair", [7] = "local-candidate", [8] = "remote-candidate",
  [9] = "data-channel", [10] = "peer-connection", [11] = "certificate", [12] = "media-source",
  [13] = "media-playout", [14] = "codec",
};

/* statsPropertyTable ("t" is timestamp; 13, 146, 147 and 162 are retired), 167–176 decompression only */
static const char * const property_table[] = {
  [4] = "payloadType", [5] = "transportId", [6] = "mimeType", [7] = "clockRate", [8] = "channels",
  [9] = "sdpFmtpLine", [10] = "ssrc", [11] = "kind", [12] = "codecId", [14] = "packetsReceived",
  [15] = "packetsLost", [16] = "jitter", [17] = "trackIdentifier", [18] = "mid", [19] = "remoteId",
  [20] = "framesDecoded", [21] = "keyFramesDecoded", [22] = "framesDropped", [23] = "frameWidth",
  [24] = "frameHeight", [25] = "framesPerSecond", [26] = "qpSum", [27] = "totalDecodeTime",
  [28] = "totalInterFrameDelay", [29] = "totalSquaredInterFrameDelay", [30] = "pauseCount",
  [31] = "totalPausesDuration", [32] = "freezeCount", [33] = "totalFreezesDuration",
  [34] = "lastPacketReceivedTimestamp", [35] = "headerBytesReceived", [36] = "packetsDiscarded",
  [37] = "fecPacketsReceived", [38] = "fecPacketsDiscarded", [39] = "fecBytesReceived", [40] = "fecSsrc",
  [41] = "bytesReceived", [42] = "nackCount", [43] = "firCount", [44] = "pliCount",
  [45] = "totalProcessingDelay", [46] = "estimatedPlayoutTimestamp", [47] = "jitterBufferDelay",
  [48] = "jitterBufferTargetDelay", [49] = "jitterBufferEmittedCount", [50] = "jitterBufferMinimumDelay",
  [51] = "totalSamplesReceived", [52] = "concealedSamples", [53] = "silentConcealedSamples",
  [54] = "concealmentEvents", [55] = "insertedSamplesForDeceleration",
  [56] = "removedSamplesForAcceleration", [57] = "audioLevel", [58] = "totalAudioEnergy",
  [59] = "totalSamplesDuration", [60] = "framesReceived", [61] = "decoderImplementation",
  [62] = "playoutId", [63] = "powerEfficientDecoder", [64] = "framesAssembledFromMultiplePackets",
  [65] = "totalAssemblyTime", [66] = "contentType", [67] = "googTimingFrameInfo",
  [68] = "retransmittedPacketsReceived", [69] = "retransmittedBytesReceived", [70] = "rtxSsrc",
  [71] = "totalCorruptionProbability", [72] = "totalSquaredCorruptionProbability",
  [73] = "corruptionMeasurements", [74] = "localId", [75] = "roundTripTime", [76] = "totalRoundTripTime",
  [77] = "fractionLost", [78] = "roundTripTimeMeasurements", [79] = "packetsSent", [80] = "bytesSent",
  [81] = "mediaSourceId", [82] = "rid", [83] = "encodingIndex", [84] = "headerBytesSent",
  [85] = "retransmittedPacketsSent", [86] = "retransmittedBytesSent", [87] = "targetBitrate",
  [88] = "totalEncodedBytesTarget", [89] = "framesSent", [90] = "hugeFramesSent", [91] = "framesEncoded",
  [92] = "keyFramesEncoded", [93] = "totalEncodeTime", [94] = "totalPacketSendDelay",
  [95] = "qualityLimitationReason", [96] = "qualityLimitationDurations",
  [97] = "qualityLimitationResolutionChanges", [98] = "encoderImplementation",
  [99] = "powerEfficientEncoder", [100] = "active", [101] = "scalabilityMode", [102] = "remoteTimestamp",
  [103] = "reportsSent", [104] = "echoReturnLoss", [105] = "echoReturnLossEnhancement", [106] = "width",
  [107] = "height", [108] = "frames", [109] = "synthesizedSamplesDuration",
  [110] = "synthesizedSamplesEvents", [111] = "totalPlayoutDelay", [112] = "totalSamplesCount",
  [113] = "dataChannelsOpened", [114] = "dataChannelsClosed", [115] = "label", [116] = "protocol",
  [117] = "dataChannelIdentifier", [118] = "state", [119] = "messagesSent", [120] = "messagesReceived",
  [121] = "iceRole", [122] = "iceLocalUsernameFragment", [123] = "dtlsState", [124] = "iceState",
  [125] = "selectedCandidatePairId", [126] = "localCertificateId", [127] = "remoteCertificateId",
  [128] = "tlsVersion", [129] = "dtlsCipher", [130] = "dtlsRole", [131] = "srtpCipher",
  [132] = "selectedCandidatePairChanges", [133] = "rtcpTransportStatsId", [134] = "address",
  [135] = "port", [136] = "candidateType", [137] = "priority", [138] = "url", [139] = "relayProtocol",
  [140] = "foundation", [141] = "relatedAddress", [142] = "relatedPort", [143] = "usernameFragment",
  [144] = "tcpType", [145] = "networkType", [148] = "localCandidateId", [149] = "remoteCandidateId",
  [150] = "nominated", [151] = "lastPacketSentTimestamp", [152] = "currentRoundTripTime",
  [153] = "availableOutgoingBitrate", [154] = "availableIncomingBitrate", [155] = "requestsReceived",
  [156] = "requestsSent", [157] = "responsesReceived", [158] = "responsesSent",
  [159] = "consentRequestsSent", [160] = "packetsDiscardedOnSend", [161] = "bytesDiscardedOnSend",
  [163] = "fingerprint", [164] = "fingerprintAlgorithm", [165] = "base64Certificate",
  [166] = "issuerCertificateId", [167] = "psnrMeasurements", [168] = "psnrSum",
  [169] = "packetsReceivedWithEct1", [170] = "packetsReceivedWithCe", [171] = "packetsReportedAsLost",
  [172] = "packetsReportedAsLostButRecovered", [173] = "packetsWithBleachedEct1Marking",
  [174] = "packetsSentWithEct1", [175] = "ccfbMessagesSent", [176] = "ccfbMessagesReceived",
};

/* A table number written as a JSON integer, or as a key of decimal digits ("41"). */
static gboolean
parse_index (const char *text, guint64 *out)
{
  if (text == NULL || !g_ascii_isdigit (*text))
    return FALSE;
  return g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, out, NULL);
}

static const char *
lookup (const char * const *table, gsize n, gint64 index)
{
  if (index < 0 || (guint64) index >= n)
    return NULL;
  return table[index];
}

char *
cs_rtcstats_method_name (JsonNode *node)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    {
      const char *name = json_node_get_string (node);

      if (strcmp (name, "g") == 0)
        return g_strdup ("getStats");
      return g_utf8_validate (name, -1, NULL) ? g_strdup (name) : g_utf8_make_valid (name, -1);
    }
  if (type == G_TYPE_INT64)
    {
      gint64 number = json_node_get_int (node);
      const char *name = lookup (method_table, G_N_ELEMENTS (method_table), number);

      /* unknown methods pass through unchanged (compression.js), as their number */
      return name != NULL ? g_strdup (name) : g_strdup_printf ("%" G_GINT64_FORMAT, number);
    }
  return NULL;
}

const char *
cs_rtcstats_property_name (const char *key)
{
  guint64 index;
  const char *name;

  if (strcmp (key, "t") == 0)
    return "timestamp";
  if (parse_index (key, &index) && (name = lookup (property_table, G_N_ELEMENTS (property_table), (gint64) index)) != NULL)
    return name;
  return key;
}

const char *
cs_rtcstats_type_name (JsonNode *node, char buf[24])
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    return json_node_get_string (node);
  if (type == G_TYPE_INT64)
    {
      gint64 number = json_node_get_int (node);
      const char *name = lookup (type_table, G_N_ELEMENTS (type_table), number);

      if (name != NULL)
        return name;
      g_snprintf (buf, 24, "%" G_GINT64_FORMAT, number);
      return buf;
    }
  return NULL;
}

/* ---- the decoded report ---------------------------------------------------------- */

typedef enum
{
  VALUE_NUMBER,
  VALUE_STRING,
  VALUE_OTHER,  /* null, an object or an array: no point value, but it replaces the previous one */
} ValueKind;

typedef struct
{
  ValueKind   kind;
  double      number;
  const char *string;  /* interned in the dump */
} Value;

typedef struct
{
  char       *id;
  const char *type;       /* interned, "" until known */
  double      timestamp;  /* of the last decoded report */
  gboolean    seen;       /* in the line being decoded */
  gboolean    removed;
  GHashTable *values;     /* interned name -> Value* */
} Report;

struct _CsRtcstatsBase
{
  GPtrArray  *reports;    /* Report*, in the order first seen */
  GHashTable *by_id;      /* id -> Report* (borrowed) */
  gboolean    warned_objects;
  gboolean    warned_points;
};

static void
report_free (gpointer data)
{
  Report *report = data;

  g_free (report->id);
  g_hash_table_unref (report->values);
  g_free (report);
}

CsRtcstatsBase *
cs_rtcstats_base_new (void)
{
  CsRtcstatsBase *self = g_new0 (CsRtcstatsBase, 1);

  self->reports = g_ptr_array_new_with_free_func (report_free);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  return self;
}

void
cs_rtcstats_base_free (CsRtcstatsBase *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->by_id);
  g_ptr_array_unref (self->reports);
  g_free (self);
}

static Report *
ensure_report (CsRtcstatsBase *self, const char *id)
{
  Report *report = g_hash_table_lookup (self->by_id, id);

  if (report != NULL)
    return report;
  report = g_new0 (Report, 1);
  report->id = g_strdup (id);
  report->type = "";
  report->timestamp = NAN;
  report->values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_ptr_array_add (self->reports, report);
  g_hash_table_insert (self->by_id, report->id, report);
  return report;
}

/* A JSON number as a double: NAN for anything else (and for what does not fit). */
static double
node_number (JsonNode *node)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NAN;
  type = json_node_get_value_type (node);
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return NAN;
  return json_node_get_double (node);
}

/* A string value as the dump keeps it: valid UTF-8 (json-glib makes invalid UTF-8 of a lone
 * surrogate escape), cut to CS_DUMP_MAX_VALUE_CHARS bytes. */
static const char *
intern_string (CsDump *dump, const char *str)
{
  g_autofree char *valid = NULL;

  if (strlen (str) > CS_DUMP_MAX_VALUE_CHARS || !g_utf8_validate (str, -1, NULL))
    {
      valid = g_utf8_make_valid (str, MIN (strlen (str), CS_DUMP_MAX_VALUE_CHARS));
      return cs_dump_intern (dump, valid);
    }
  return cs_dump_intern (dump, str);
}

static void
set_value (CsDump *dump, Report *report, const char *name, JsonNode *node)
{
  Value *value = g_hash_table_lookup (report->values, name);
  GType type = G_TYPE_INVALID;

  if (value == NULL)
    {
      value = g_new0 (Value, 1);
      g_hash_table_insert (report->values, (gpointer) cs_dump_intern (dump, name), value);
    }
  value->kind = VALUE_OTHER;
  value->string = NULL;
  value->number = NAN;
  if (JSON_NODE_HOLDS_VALUE (node))
    type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64 || type == G_TYPE_DOUBLE)
    {
      value->kind = VALUE_NUMBER;
      value->number = json_node_get_double (node);
    }
  else if (type == G_TYPE_BOOLEAN)
    {
      value->kind = VALUE_NUMBER;
      value->number = json_node_get_boolean (node) ? 1 : 0;
    }
  else if (type == G_TYPE_STRING)
    {
      value->kind = VALUE_STRING;
      value->string = intern_string (dump, json_node_get_string (node));
    }
}

/* Merges one report of the delta into its previous decoded form. Returns its own timestamp
 * (NAN when the delta has none). */
static double
merge_report (CsDump *dump, Report *report, JsonObject *delta, gboolean legacy)
{
  double own = NAN;
  JsonObjectIter iter;
  const char *key;
  JsonNode *node;

  json_object_iter_init_ordered (&iter, delta);
  while (json_object_iter_next_ordered (&iter, &key, &node))
    {
      const char *name = cs_rtcstats_property_name (key);

      if (strcmp (name, "type") == 0)
        {
          char buf[24];
          const char *type = cs_rtcstats_type_name (node, buf);

          if (type != NULL)
            report->type = intern_string (dump, type);
        }
      else if (strcmp (name, "timestamp") == 0)
        {
          own = node_number (node);
          /* legacy rtcstats wrote 0 for "the line's timestamp" */
          if (!isfinite (own) || (legacy && own == 0))
            own = NAN;
        }
      else if (strcmp (name, "id") != 0 && cs_dump_wants_property (report->type, name))
        set_value (dump, report, name, node);
    }
  return own;
}

static void
add_point (CsRtcstatsBase *self, CsDump *dump, CsDumpConnection *connection, Report *report)
{
  CsDumpObject *object = cs_dump_ensure_object (dump, connection, report->id, report->type);
  GHashTableIter iter;
  gpointer name, data;
  guint n;
  int point;

  if (object == NULL)
    {
      if (!self->warned_objects)
        cs_dump_add_warning (dump, g_strdup_printf (_("A connection has more than %d stats objects: "
                                                      "the others were not read."), CS_DUMP_MAX_OBJECTS));
      self->warned_objects = TRUE;
      return;
    }
  if (*report->type != '\0' && strcmp (object->type, report->type) != 0)
    cs_dump_set_object_type (dump, object, report->type);
  /* times of an object do not decrease (cs-dump.h): a report back in time is dropped */
  n = cs_dump_object_n_points (object);
  if (!isfinite (report->timestamp) || (n > 0 && report->timestamp < cs_dump_object_time (object, n - 1)))
    return;
  point = cs_dump_object_add_point (object, report->timestamp);
  if (point < 0)
    {
      if (!self->warned_points)
        cs_dump_add_warning (dump, g_strdup_printf (_("A stats object has more than %d points: "
                                                      "the later ones were not read."), CS_DUMP_MAX_POINTS));
      self->warned_points = TRUE;
      return;
    }
  g_hash_table_iter_init (&iter, report->values);
  while (g_hash_table_iter_next (&iter, &name, &data))
    {
      const Value *value = data;

      if (value->kind == VALUE_NUMBER && isfinite (value->number))
        cs_dump_object_set_number (dump, object, (guint) point, name, value->number);
      else if (value->kind == VALUE_STRING)
        cs_dump_object_set_string (dump, object, (guint) point, name, value->string);
    }
}

void
cs_rtcstats_base_decode (CsRtcstatsBase   *self,
                         CsDump           *dump,
                         CsDumpConnection *connection,
                         JsonObject       *delta,
                         double            line_time,
                         gboolean          legacy)
{
  double top = NAN;
  guint n_reports = 0, n_timed = 0;
  gboolean full;
  JsonObjectIter iter;
  const char *id;
  JsonNode *node;
  guint i;

  /* the collapsed timestamp: "t" (fileFormat 3), "timestamp" (legacy rtcstats); ms since the
   * epoch, as the reports' own ones (compression.js moves the latest one there as it is) */
  for (i = 0; i < 2; i++)
    {
      node = json_object_get_member (delta, i == 0 ? "t" : "timestamp");
      if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && isfinite (node_number (node)) && !isfinite (top))
        top = node_number (node);
    }
  if (legacy && top == 0)
    top = NAN;

  for (i = 0; i < self->reports->len; i++)
    ((Report *) g_ptr_array_index (self->reports, i))->seen = FALSE;

  json_object_iter_init_ordered (&iter, delta);
  while (json_object_iter_next_ordered (&iter, &id, &node))
    {
      g_autofree char *valid = NULL;
      Report *report;
      double own;

      /* ids become names in the window: UTF-8 (json-glib makes invalid UTF-8 of "\ud800") */
      if (!g_utf8_validate (id, -1, NULL))
        id = valid = g_utf8_make_valid (id, -1);

      if (JSON_NODE_HOLDS_NULL (node))
        {
          /* removed: no more points (a later report of that id starts afresh) */
          report = g_hash_table_lookup (self->by_id, id);
          if (report != NULL)
            report->removed = TRUE;
          continue;
        }
      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;  /* "t", or what this reader does not know */
      report = g_hash_table_lookup (self->by_id, id);
      if (report == NULL && self->reports->len >= CS_DUMP_MAX_OBJECTS)
        {
          if (!self->warned_objects)
            cs_dump_add_warning (dump, g_strdup_printf (_("A connection has more than %d stats objects: "
                                                          "the others were not read."), CS_DUMP_MAX_OBJECTS));
          self->warned_objects = TRUE;
          continue;
        }
      report = ensure_report (self, id);
      n_reports++;
      if (json_object_has_member (json_node_get_object (node), "timestamp") ||
          json_object_has_member (json_node_get_object (node), "t"))
        n_timed++;
      own = merge_report (dump, report, json_node_get_object (node), legacy);
      report->timestamp = isfinite (own) ? own : isfinite (top) ? top : line_time;
      report->seen = TRUE;
    }

  /* A full report (Chrome's own export) has no top-level time and a timestamp in every
   * report; a delta always has the top-level "t" when a report has a time (compression.js
   * moves the latest one there). In a full report, what is absent was removed. Legacy
   * deltas leave unchanged reports out and may have no top-level time. */
  full = !legacy && !isfinite (top) && n_reports > 0 && n_timed == n_reports;

  /* drop the removed reports, keeping the order of the others */
  for (i = self->reports->len; i-- > 0;)
    {
      Report *report = g_ptr_array_index (self->reports, i);

      if (report->removed || (full && !report->seen))
        {
          g_hash_table_remove (self->by_id, report->id);
          g_ptr_array_remove_index (self->reports, i);
        }
    }

  for (i = 0; i < self->reports->len; i++)
    {
      Report *report = g_ptr_array_index (self->reports, i);

      /* absent from the delta: unchanged, at the collapsed time */
      if (!report->seen)
        report->timestamp = isfinite (top) ? top : line_time;
      add_point (self, dump, connection, report);
    }
}
