/* cs-rtcstats-dump.c — reads an RTCStats dump (rtcstats-server, Chrome's export) into a CsDump
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The format (docs: /work/shared/reference/dump-formats.md, "RTCStats dump"; the reference
 * reader is readRTCStatsDump () of rtcstats-shared's dump.js, github.com/rtcstats/rtcstats):
 * JSON Lines, line 1 "RTCStatsDump", line 2 a metadata object ({"fileFormat":3, …}), then one
 * array a line, [method, pcId|null, value, ...extra, timeDelta]: the time is the previous
 * line's plus the delta (ms; the first from the epoch). Legacy rtcstats/Jitsi dumps
 * (fileFormat 2 and before) have no "RTCStatsDump" line, start with a bare metadata object
 * (fileFormat 2) or directly with the arrays, and end their lines with an absolute time.
 *
 * getStats values are delta-compressed per connection (statsDecompression () of
 * compression.js, implemented in cs-rtcstats-compression.c): keys and the "type" may be table
 * numbers, a top-level "t" is the timestamp of every report without its own, a missing
 * property is the previous report's, a report that is null was removed, an absent report is
 * unchanged (but in a full report, one with no "t" and a timestamp in every report, as Chrome's
 * export writes them, an absent report was removed). Ids stay as written (the compressor renumbers them "0", "1", … and the "…Id"
 * references with them). Chrome's own export writes full reports and method names: the same
 * code reads them. Every stats object of the decoded report gets a point at its report's
 * "timestamp", else the top-level "t", else the line's time.
 *
 * SDP sections written as "v=" / "m=" are copies of the same section of an earlier
 * description of the same type (descriptionCompression ()): createOffer/AnswerOnSuccess
 * against the local description, setLocalDescription against it or the last created
 * one, setRemoteDescription against the previous remote one.
 *
 * The tables, from compression.js at commit 406aeae (numbers are never reassigned there):
 *
 * Methods (methodTable + methodTableDecompression; "g" is getStats too; nMD. is
 * navigator.mediaDevices.; unknown numbers pass through as their decimal text):
 *   1 getStats, 2 createOffer, 3 createOfferOnSuccess, 4 createAnswer, 5 createAnswerOnSuccess,
 *   6 setLocalDescription, 7 setLocalDescriptionOnSuccess, 8 setRemoteDescription,
 *   9 setRemoteDescriptionOnSuccess, 10 addIceCandidate, 11 addIceCandidateOnSuccess,
 *   12 createOfferOnFailure, 13 createAnswerOnFailure, 14 setLocalDescriptionOnFailure,
 *   15 setRemoteDescriptionOnFailure, 16 addIceCandidateOnFailure, 20 onicecandidate,
 *   21 onicecandidateerror, 22 ontrack, 23 onsignalingstatechange, 24 oniceconnectionstatechange,
 *   25 onconnectionstatechange, 26 onicegatheringstatechange, 27 onnegotiationneeded,
 *   28 ondatachannel, 30 addTrack, 31 addTrackOnSuccess, 32 addTransceiver,
 *   33 addTransceiverOnSuccess, 34 removeTrack, 35 createDataChannel, 36 close, 37 restartIce,
 *   38 setConfiguration, 39 create, 40 constraints, 41 setCodecPreferences,
 *   42 setHeaderExtensionsToNegotiate, 50 setParameters, 51 replaceTrack, 60 nMD.getUserMedia,
 *   61 nMD.getUserMediaOnSuccess, 63 nMD.getDisplayMedia, 64 nMD.getDisplayMediaOnSuccess,
 *   65 nMD.getUserMediaOnFailure, 66 nMD.enumerateDevices, 67 nMD.ondevicechange,
 *   68 nMD.getDisplayMediaOnFailure, 70 MediaStreamTrack.stop, 71 MediaStreamTrack.applyConstraints,
 *   72 MediaStreamTrack.onended, 73 MediaStreamTrack.onmute, 74 MediaStreamTrack.onunmute,
 *   80 HTMLMediaElement.resize
 *
 * Stats types (statsTypeTable): 1 inbound-rtp, 2 outbound-rtp, 3 remote-inbound-rtp,
 *   4 remote-outbound-rtp, 5 transport, 6 candidate-pair, 7 local-candidate, 8 remote-candidate,
 *   9 data-channel, 10 peer-connection, 11 certificate, 12 media-source, 13 media-playout, 14 codec
 *
 * Stats property keys (statsPropertyTable + statsPropertyTableDecompression; "t" is timestamp;
 * any other key is the property's name):
 *   4 payloadType, 5 transportId, 6 mimeType, 7 clockRate, 8 channels, 9 sdpFmtpLine, 10 ssrc,
 *   11 kind, 12 codecId, 14 packetsReceived, 15 packetsLost, 16 jitter, 17 trackIdentifier, 18 mid,
 *   19 remoteId, 20 framesDecoded, 21 keyFramesDecoded, 22 framesDropped, 23 frameWidth,
 *   24 frameHeight, 25 framesPerSecond, 26 qpSum, 27 totalDecodeTime, 28 totalInterFrameDelay,
 *   29 totalSquaredInterFrameDelay, 30 pauseCount, 31 totalPausesDuration, 32 freezeCount,
 *   33 totalFreezesDuration, 34 lastPacketReceivedTimestamp, 35 headerBytesReceived,
 *   36 packetsDiscarded, 37 fecPacketsReceived, 38 fecPacketsDiscarded, 39 fecBytesReceived,
 *   40 fecSsrc, 41 bytesReceived, 42 nackCount, 43 firCount, 44 pliCount, 45 totalProcessingDelay,
 *   46 estimatedPlayoutTimestamp, 47 jitterBufferDelay, 48 jitterBufferTargetDelay,
 *   49 jitterBufferEmittedCount, 50 jitterBufferMinimumDelay, 51 totalSamplesReceived,
 *   52 concealedSamples, 53 silentConcealedSamples, 54 concealmentEvents,
 *   55 insertedSamplesForDeceleration, 56 removedSamplesForAcceleration, 57 audioLevel,
 *   58 totalAudioEnergy, 59 totalSamplesDuration, 60 framesReceived, 61 decoderImplementation,
 *   62 playoutId, 63 powerEfficientDecoder, 64 framesAssembledFromMultiplePackets,
 *   65 totalAssemblyTime, 66 contentType, 67 googTimingFrameInfo, 68 retransmittedPacketsReceived,
 *   69 retransmittedBytesReceived, 70 rtxSsrc, 71 totalCorruptionProbability,
 *   72 totalSquaredCorruptionProbability, 73 corruptionMeasurements, 74 localId, 75 roundTripTime,
 *   76 totalRoundTripTime, 77 fractionLost, 78 roundTripTimeMeasurements, 79 packetsSent,
 *   80 bytesSent, 81 mediaSourceId, 82 rid, 83 encodingIndex, 84 headerBytesSent,
 *   85 retransmittedPacketsSent, 86 retransmittedBytesSent, 87 targetBitrate,
 *   88 totalEncodedBytesTarget, 89 framesSent, 90 hugeFramesSent, 91 framesEncoded,
 *   92 keyFramesEncoded, 93 totalEncodeTime, 94 totalPacketSendDelay, 95 qualityLimitationReason,
 *   96 qualityLimitationDurations, 97 qualityLimitationResolutionChanges, 98 encoderImplementation,
 *   99 powerEfficientEncoder, 100 active, 101 scalabilityMode, 102 remoteTimestamp, 103 reportsSent,
 *   104 echoReturnLoss, 105 echoReturnLossEnhancement, 106 width, 107 height, 108 frames,
 *   109 synthesizedSamplesDuration, 110 synthesizedSamplesEvents, 111 totalPlayoutDelay,
 *   112 totalSamplesCount, 113 dataChannelsOpened, 114 dataChannelsClosed, 115 label, 116 protocol,
 *   117 dataChannelIdentifier, 118 state, 119 messagesSent, 120 messagesReceived, 121 iceRole,
 *   122 iceLocalUsernameFragment, 123 dtlsState, 124 iceState, 125 selectedCandidatePairId,
 *   126 localCertificateId, 127 remoteCertificateId, 128 tlsVersion, 129 dtlsCipher, 130 dtlsRole,
 *   131 srtpCipher, 132 selectedCandidatePairChanges, 133 rtcpTransportStatsId, 134 address, 135 port,
 *   136 candidateType, 137 priority, 138 url, 139 relayProtocol, 140 foundation, 141 relatedAddress,
 *   142 relatedPort, 143 usernameFragment, 144 tcpType, 145 networkType, 148 localCandidateId,
 *   149 remoteCandidateId, 150 nominated, 151 lastPacketSentTimestamp, 152 currentRoundTripTime,
 *   153 availableOutgoingBitrate, 154 availableIncomingBitrate, 155 requestsReceived,
 *   156 requestsSent, 157 responsesReceived, 158 responsesSent, 159 consentRequestsSent,
 *   160 packetsDiscardedOnSend, 161 bytesDiscardedOnSend, 163 fingerprint, 164 fingerprintAlgorithm,
 *   165 base64Certificate, 166 issuerCertificateId, 167 psnrMeasurements, 168 psnrSum,
 *   169 packetsReceivedWithEct1, 170 packetsReceivedWithCe, 171 packetsReportedAsLost,
 *   172 packetsReportedAsLostButRecovered, 173 packetsWithBleachedEct1Marking,
 *   174 packetsSentWithEct1, 175 ccfbMessagesSent, 176 ccfbMessagesReceived
 */
#include "config.h"

#include "cs-rtcstats-dump.h"
#include "cs-internals-dump.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "cs-error.h"
#include "cs-json-check.h"
#include "cs-recording-private.h"
#include "cs-rtcstats-compression.h"

#define CHUNK_SIZE (64 * 1024)

typedef struct
{
  char *type;
  char *sdp;
} Description;

/* What a connection's lines need of the lines before */
typedef struct
{
  CsRtcstatsBase *base;
  Description     local, remote, created_offer, created_answer;
} PcState;

typedef enum
{
  STATE_START,     /* nothing read yet */
  STATE_METADATA,  /* "RTCStatsDump" read: the metadata object next */
  STATE_LINES,
} State;

typedef struct
{
  CsDump     *dump;
  JsonParser *parser;
  guint       line_no;
  State       state;
  gboolean    legacy;       /* absolute times, "timestamp":0 reports */
  double      time;         /* of the last line, ms since the epoch */
  char       *url;          /* from the metadata */
  GHashTable *pcs;          /* pcId -> PcState* */
  gboolean    warned_connections;
  gboolean    warned_log;
  guint       n_skipped;    /* legacy lines not understood */
} Reader;

static void
description_clear (Description *description)
{
  g_clear_pointer (&description->type, g_free);
  g_clear_pointer (&description->sdp, g_free);
}

static void
pc_state_free (gpointer data)
{
  PcState *pc = data;

  cs_rtcstats_base_free (pc->base);
  description_clear (&pc->local);
  description_clear (&pc->remote);
  description_clear (&pc->created_offer);
  description_clear (&pc->created_answer);
  g_free (pc);
}

static gboolean
line_error (Reader *self, GError **error, CsErrorCode code, const char *reason)
{
  /* TRANSLATORS: %u is a line number of the dump file, %s what is wrong with it */
  g_set_error (error, CS_ERROR, code, _("Line %u: %s"), self->line_no, reason);
  return FALSE;
}

static const char *
get_string_member (JsonObject *object, const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* Valid UTF-8 (json-glib makes invalid UTF-8 of a lone surrogate escape such as "\ud800"). */
static char *
valid_dup (const char *str)
{
  return g_utf8_validate (str, -1, NULL) ? g_strdup (str) : g_utf8_make_valid (str, -1);
}

/* "Chrome 149.0.7827.5" from a user agent's "Chrome/149.0.7827.5", and the like. */
static char *
browser_from_user_agent (const char *ua)
{
  static const struct { const char *token, *name; } browsers[] = {
    { "Edg/", "Edge" }, { "OPR/", "Opera" }, { "Firefox/", "Firefox" }, { "Chrome/", "Chrome" },
    { "Chromium/", "Chromium" }, { "Version/", "Safari" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (browsers); i++)
    {
      const char *p = strstr (ua, browsers[i].token);
      gsize n;

      if (p == NULL)
        continue;
      p += strlen (browsers[i].token);
      for (n = 0; n < 32 && (g_ascii_isdigit (p[n]) || p[n] == '.'); n++)
        ;
      if (n == 0)
        continue;
      return g_strdup_printf ("%s %.*s", browsers[i].name, (int) n, p);
    }
  return NULL;
}

static void
set_user_agent (Reader *self, const char *ua)
{
  if (self->dump->user_agent != NULL || ua == NULL)
    return;
  self->dump->user_agent = valid_dup (ua);
  self->dump->browser = browser_from_user_agent (self->dump->user_agent);
}

/* The fileFormat as a message quotes it. */
static char *
node_text (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, FALSE);

  return cs_error_quote (text, -1, CS_ERROR_QUOTE_CHARS);
}

static gboolean
handle_metadata (Reader *self, JsonObject *metadata, GError **error)
{
  JsonNode *format = json_object_get_member (metadata, "fileFormat");
  const char *s;
  gint64 version = -1;

  if (json_object_has_member (metadata, "PeerConnections"))
    return line_error (self, error, CS_ERROR_INVALID_DUMP,
                       _("this is a webrtc-internals dump, not an RTCStats dump"));
  if (format != NULL && JSON_NODE_HOLDS_VALUE (format) && json_node_get_value_type (format) == G_TYPE_INT64)
    version = json_node_get_int (format);

  if (format == NULL && !self->legacy)
    return line_error (self, error, CS_ERROR_INVALID_DUMP,
                       _("the metadata has no “fileFormat”: this is not an RTCStats dump"));
  if (format == NULL)
    version = 2;  /* a bare metadata object: fileFormat 2 */
  if (version != 3 && (!self->legacy || version < 1 || version > 3))
    {
      g_autofree char *found = node_text (format);

      g_set_error (error, CS_ERROR, CS_ERROR_UNSUPPORTED_VERSION,
                   /* TRANSLATORS: %s is the fileFormat written in the file, such as 7 */
                   _("This RTCStats dump uses fileFormat %s, but Callscope reads fileFormat 3 "
                     "(and the older rtcstats format)."), found);
      return FALSE;
    }
  self->dump->file_format = (int) version;
  if (version == 3)
    {
      /* "RTCStatsDump" missing, but the metadata says: read as fileFormat 3 */
      self->legacy = FALSE;
      self->dump->format = CS_DUMP_FORMAT_RTCSTATS;
    }

  set_user_agent (self, get_string_member (metadata, "userAgent"));
  if ((s = get_string_member (metadata, "url")) != NULL)
    self->url = valid_dup (s);
  if ((s = get_string_member (metadata, "origin")) != NULL || (s = self->url) != NULL)
    self->dump->origin = valid_dup (s);
  return TRUE;
}

/* ---- descriptions ------------------------------------------------------------------ */

/* Splits an SDP into sections, trimmed (splitSections () of compression.js). */
static GPtrArray *
split_sections (const char *sdp)
{
  GPtrArray *sections = g_ptr_array_new_with_free_func (g_free);
  g_auto (GStrv) parts = g_strsplit (sdp, "\nm=", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *section = i > 0 ? g_strconcat ("m=", parts[i], NULL) : g_strdup (parts[i]);

      g_ptr_array_add (sections, g_strstrip (section));
    }
  return sections;
}

/* @sdp with its "v=" / "m=" sections taken from @base (descriptionDecompression ()), or NULL
 * when it has none or @base cannot give them. */
static char *
expand_sdp (const Description *base, const char *type, const char *sdp)
{
  g_autoptr (GPtrArray) sections = NULL;
  g_autoptr (GPtrArray) base_sections = NULL;
  g_autoptr (GString) out = NULL;

  if (strstr (sdp, "v=\r\n") == NULL && strstr (sdp, "m=\r\n") == NULL && strcmp (sdp, "v=") != 0)
    return NULL;
  if (base->sdp == NULL || g_strcmp0 (base->type, type) != 0)
    return NULL;
  sections = split_sections (sdp);
  base_sections = split_sections (base->sdp);
  out = g_string_new (NULL);
  for (guint i = 0; i < sections->len; i++)
    {
      const char *section = g_ptr_array_index (sections, i);

      if (strcmp (section, i == 0 ? "v=" : "m=") == 0 && i < base_sections->len)
        section = g_ptr_array_index (base_sections, i);
      if (i > 0)
        g_string_append (out, "\r\n");
      g_string_append (out, section);
    }
  g_strstrip (out->str);
  out->len = strlen (out->str);
  g_string_append (out, "\r\n");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
description_set (Description *description, const char *type, const char *sdp)
{
  description_clear (description);
  description->type = g_strdup (type);
  description->sdp = g_strdup (sdp);
}

/* The description {type, sdp} of a line, with its SDP expanded, as JSON text; the
 * connection's descriptions updated. */
static char *
description_text (PcState *pc, const char *method, const char *type, const char *sdp)
{
  const Description *candidates[5] = { NULL, &pc->local, &pc->remote, &pc->created_offer, &pc->created_answer };
  const Description *created = strcmp (type, "answer") == 0 ? &pc->created_answer : &pc->created_offer;
  g_autofree char *expanded = NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr (JsonNode) root = NULL;

  if (strcmp (method, "setRemoteDescription") == 0)
    candidates[0] = &pc->remote;
  else if (strcmp (method, "setLocalDescription") == 0)
    candidates[0] = g_strcmp0 (pc->local.type, type) == 0 ? &pc->local : created;
  else
    candidates[0] = &pc->local;
  /* the base the compressor used, else any earlier description of that type */
  for (guint i = 0; i < G_N_ELEMENTS (candidates) && expanded == NULL; i++)
    expanded = expand_sdp (candidates[i], type, sdp);
  if (expanded != NULL)
    sdp = expanded;

  if (strcmp (method, "setRemoteDescription") == 0)
    description_set (&pc->remote, type, sdp);
  else if (strcmp (method, "setLocalDescription") == 0 || strcmp (method, "setLocalDescriptionOnSuccess") == 0)
    description_set (&pc->local, type, sdp);
  else if (strcmp (method, "createOfferOnSuccess") == 0)
    description_set (&pc->created_offer, type, sdp);
  else if (strcmp (method, "createAnswerOnSuccess") == 0)
    description_set (&pc->created_answer, type, sdp);

  /* as webrtc-internals writes it */
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "sdp");
  json_builder_add_string_value (builder, sdp);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* A line's value as an updateLog entry writes it. */
static char *
value_text (PcState *pc, const char *method, JsonNode *value)
{
  g_autofree char *text = NULL;

  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return g_strdup ("");
  if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
    return valid_dup (json_node_get_string (value));
  if (JSON_NODE_HOLDS_OBJECT (value))
    {
      JsonObject *object = json_node_get_object (value);
      const char *type = get_string_member (object, "type");
      const char *sdp = get_string_member (object, "sdp");

      if (type != NULL && sdp != NULL && json_object_get_size (object) == 2)
        text = description_text (pc, method, type, sdp);
    }
  if (text == NULL)
    text = json_to_string (value, FALSE);
  return valid_dup (text);
}

/* ---- lines --------------------------------------------------------------------------- */

static PcState *
ensure_pc (Reader *self, const char *key, CsDumpConnection **connection)
{
  PcState *pc;

  *connection = cs_dump_ensure_connection (self->dump, key);
  if (*connection == NULL)
    {
      if (!self->warned_connections)
        cs_dump_add_warning (self->dump, g_strdup_printf (_("The dump has more than %d connections: "
                                                            "the others were not read."),
                                                          CS_DUMP_MAX_CONNECTIONS));
      self->warned_connections = TRUE;
      return NULL;
    }
  pc = g_hash_table_lookup (self->pcs, key);
  if (pc == NULL)
    {
      pc = g_new0 (PcState, 1);
      pc->base = cs_rtcstats_base_new ();
      g_hash_table_insert (self->pcs, g_strdup (key), pc);
      if ((*connection)->url == NULL && self->url != NULL)
        (*connection)->url = g_strdup (self->url);
    }
  return pc;
}

static gboolean
handle_array (Reader *self, JsonArray *array, GError **error)
{
  guint n = json_array_get_length (array);
  g_autofree char *method = NULL;
  g_autofree char *valid_key = NULL;
  CsDumpConnection *connection;
  JsonNode *pc_node, *time_node, *value;
  const char *key;
  PcState *pc;
  double t;

  if (n < 3)
    return line_error (self, error, CS_ERROR_INVALID_DUMP,
                       _("a line must hold a method, a connection id and a time at least"));
  method = cs_rtcstats_method_name (json_array_get_element (array, 0));
  if (method == NULL)
    return line_error (self, error, CS_ERROR_INVALID_DUMP, _("the method must be a name or a number"));
  pc_node = json_array_get_element (array, 1);
  if (!JSON_NODE_HOLDS_NULL (pc_node) &&
      (!JSON_NODE_HOLDS_VALUE (pc_node) || json_node_get_value_type (pc_node) != G_TYPE_STRING))
    return line_error (self, error, CS_ERROR_INVALID_DUMP, _("the connection id must be a string or null"));
  time_node = json_array_get_element (array, n - 1);
  if (!JSON_NODE_HOLDS_VALUE (time_node) ||
      (json_node_get_value_type (time_node) != G_TYPE_INT64 && json_node_get_value_type (time_node) != G_TYPE_DOUBLE))
    return line_error (self, error, CS_ERROR_INVALID_DUMP, _("the last element must be a time in milliseconds"));
  t = json_node_get_double (time_node);
  t = self->legacy ? t : self->time + t;
  if (!isfinite (t))
    return line_error (self, error, CS_ERROR_INVALID_DUMP, _("the time is out of range"));
  self->time = t;
  value = n >= 4 ? json_array_get_element (array, 2) : NULL;

  if (JSON_NODE_HOLDS_NULL (pc_node))
    {
      /* page-level events (getUserMedia, the client's "create"): no connection */
      if (strcmp (method, "userAgent") == 0 && value != NULL && JSON_NODE_HOLDS_VALUE (value) &&
          json_node_get_value_type (value) == G_TYPE_STRING)
        set_user_agent (self, json_node_get_string (value));
      /* Chrome's own export: the page's UA-CH data ("Chromium 156") */
      else if (strcmp (method, "create") == 0 && value != NULL && JSON_NODE_HOLDS_OBJECT (value) &&
               self->dump->browser == NULL)
        self->dump->browser = cs_internals_browser_from_user_agent_data (
          json_object_get_member (json_node_get_object (value), "userAgentData"));
      return TRUE;
    }
  key = json_node_get_string (pc_node);
  if (!g_utf8_validate (key, -1, NULL))
    key = valid_key = g_utf8_make_valid (key, -1);
  pc = ensure_pc (self, key, &connection);
  if (pc == NULL)
    return TRUE;

  if (g_ascii_strcasecmp (method, "getStats") == 0)
    {
      if (value == NULL || !JSON_NODE_HOLDS_OBJECT (value))
        {
          if (self->legacy)
            {
              self->n_skipped++;  /* an old "legacy getStats" shape */
              return TRUE;
            }
          return line_error (self, error, CS_ERROR_INVALID_DUMP, _("the getStats value is not an object"));
        }
      cs_rtcstats_base_decode (pc->base, self->dump, connection, json_node_get_object (value), t, self->legacy);
      return TRUE;
    }
  if (strcmp (method, "create") == 0)
    {
      if (value != NULL && !JSON_NODE_HOLDS_NULL (value))
        {
          g_free (connection->configuration);
          connection->configuration = value_text (pc, method, value);
        }
      return TRUE;
    }
  {
    g_autofree char *text = value_text (pc, method, value);

    if (!cs_dump_connection_add_log (self->dump, connection, t, method, text) && !self->warned_log)
      {
        cs_dump_add_warning (self->dump, g_strdup_printf (_("A connection has more than %d log entries: "
                                                            "the later ones were not read."), CS_DUMP_MAX_LOG));
        self->warned_log = TRUE;
      }
  }
  return TRUE;
}

/* @terminated: the line ended with a newline (FALSE only for the last line of the file). */
static gboolean
handle_line (Reader *self, char *line, gsize len, gboolean terminated, GError **error)
{
  g_autoptr (GError) parse_error = NULL;
  g_autofree char *huge = NULL;
  g_autofree char *repaired = NULL;
  gboolean parsed;
  JsonNode *root;
  gsize i;

  self->line_no++;
  if (len > 0 && line[len - 1] == '\r')
    line[--len] = '\0';
  for (i = 0; i < len && g_ascii_isspace (line[i]); i++)
    ;
  if (i == len)
    return TRUE;  /* dump.js ignores empty lines too */

  if (self->state == STATE_START)
    {
      if (strcmp (line, "RTCStatsDump") == 0)
        {
          self->state = STATE_METADATA;
          return TRUE;
        }
      /* no header: legacy rtcstats */
      self->legacy = TRUE;
      self->dump->format = CS_DUMP_FORMAT_RTCSTATS_LEGACY;
      self->dump->file_format = 1;
    }

  if (!g_utf8_validate (line, len, NULL))
    parsed = line_error (self, &parse_error, CS_ERROR_INVALID_DUMP, _("not UTF-8 text"));
  /* json-glib would overflow the stack on [[[[… (cs-json-check.h) and wrap integers beyond 64 bits */
  else if (!cs_json_check (line, len, CS_JSON_MAX_DEPTH, self->line_no, CS_JSON_CHECK_SINGLE_VALUE,
                           CS_ERROR_INVALID_DUMP, &parse_error))
    parsed = FALSE;
  else if ((huge = cs_recording_find_huge_integer (line, len)) != NULL)
    {
      g_autofree char *quoted = cs_error_quote (huge, -1, CS_ERROR_QUOTE_CHARS);
      /* TRANSLATORS: %s is a number found in the file, such as 99999999999999999999 */
      g_autofree char *reason = g_strdup_printf (_("the number %s is out of range"), quoted);

      parsed = line_error (self, &parse_error, CS_ERROR_INVALID_DUMP, reason);
    }
  else if (!json_parser_load_from_data (self->parser, (repaired = cs_json_repair_surrogates (line, len)) != NULL ? repaired : line,
                                        len, &parse_error))
    {
      /* json-glib quotes what it read, and may cut it in the middle of a character */
      g_autofree char *quoted = cs_error_quote (parse_error->message, -1, 0);
      /* TRANSLATORS: %s is the JSON parser's message */
      g_autofree char *reason = g_strdup_printf (_("not valid JSON (%s)"), quoted);

      g_clear_error (&parse_error);
      parsed = line_error (self, &parse_error, CS_ERROR_INVALID_DUMP, reason);
    }
  else
    parsed = TRUE;

  if (!parsed)
    {
      /* what an interrupted upload or a full disk leaves */
      if (!terminated && self->line_no > 2)
        {
          cs_dump_add_warning (self->dump,
                               /* TRANSLATORS: %u is a line number */
                               g_strdup_printf (_("The last line (%u) of the dump is incomplete: the file was cut "
                                                  "short. It was skipped."), self->line_no));
          return TRUE;
        }
      if (self->state == STATE_START)
        return line_error (self, error, CS_ERROR_INVALID_DUMP,
                           _("this is not an RTCStats dump (it starts with neither “RTCStatsDump” nor JSON)"));
      g_propagate_error (error, g_steal_pointer (&parse_error));
      return FALSE;
    }

  root = json_parser_get_root (self->parser);
  if (self->state != STATE_LINES && root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      self->state = STATE_LINES;
      return handle_metadata (self, json_node_get_object (root), error);
    }
  if (self->state == STATE_METADATA)
    return line_error (self, error, CS_ERROR_INVALID_DUMP,
                       _("the metadata object ({\"fileFormat\":3, …}) is missing"));
  if ((root == NULL || !JSON_NODE_HOLDS_ARRAY (root)) && self->state == STATE_START)
    return line_error (self, error, CS_ERROR_INVALID_DUMP,
                       _("this is not an RTCStats dump (it starts with neither “RTCStatsDump” nor JSON)"));
  self->state = STATE_LINES;
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      if (self->legacy)
        {
          self->n_skipped++;
          return TRUE;
        }
      return line_error (self, error, CS_ERROR_INVALID_DUMP, _("not a JSON array"));
    }
  return handle_array (self, json_node_get_array (root), error);
}

static gboolean
read_stream (Reader *self, GInputStream *stream, GCancellable *cancellable, GError **error)
{
  g_autofree char *chunk = g_malloc (CHUNK_SIZE);
  g_autoptr (GString) line = g_string_sized_new (4096);
  guint64 total = 0;

  for (;;)
    {
      gssize n;
      const char *p, *end;

      /* not every stream looks at @cancellable (a GMemoryInputStream does not) */
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      n = g_input_stream_read (stream, chunk, CHUNK_SIZE, cancellable, error);
      if (n < 0)
        return FALSE;
      if (n == 0)
        break;
      total += (guint64) n;
      if (total > CS_DUMP_MAX_BYTES)
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_DUMP,
                       /* TRANSLATORS: %u is a size in MiB */
                       _("The dump is larger than %u MiB once decompressed: it is not read."),
                       (guint) (CS_DUMP_MAX_BYTES / (1024 * 1024)));
          return FALSE;
        }
      p = chunk;
      end = chunk + n;
      while (p < end)
        {
          const char *nl = memchr (p, '\n', end - p);
          gsize take = (nl != NULL ? nl : end) - p;

          if (line->len + take > CS_RTCSTATS_MAX_LINE)
            {
              self->line_no++;
              return line_error (self, error, CS_ERROR_INVALID_DUMP,
                                 _("the line is longer than 64 MiB (this is not an RTCStats dump)"));
            }
          g_string_append_len (line, p, take);
          if (nl == NULL)
            break;
          if (!handle_line (self, line->str, line->len, TRUE, error))
            return FALSE;
          g_string_truncate (line, 0);
          p = nl + 1;
        }
    }
  if (line->len > 0 && !handle_line (self, line->str, line->len, FALSE, error))
    return FALSE;
  return TRUE;
}

CsDump *
cs_rtcstats_dump_read (GInputStream *stream, GCancellable *cancellable, GError **error)
{
  g_autoptr (CsDump) dump = NULL;
  Reader self = { 0 };
  gboolean ok;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  dump = cs_dump_new (CS_DUMP_FORMAT_RTCSTATS);
  dump->file_format = 3;
  self.dump = dump;
  self.parser = json_parser_new ();
  self.pcs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, pc_state_free);
  ok = read_stream (&self, stream, cancellable, error);
  g_clear_object (&self.parser);
  g_clear_pointer (&self.pcs, g_hash_table_unref);
  g_clear_pointer (&self.url, g_free);
  if (!ok)
    return NULL;

  if (self.state == STATE_START)
    {
      g_set_error_literal (error, CS_ERROR, CS_ERROR_INVALID_DUMP, _("The file is empty: it is not an RTCStats dump."));
      return NULL;
    }
  if (self.state == STATE_METADATA)
    {
      self.line_no = 2;
      line_error (&self, error, CS_ERROR_INVALID_DUMP, _("the metadata object ({\"fileFormat\":3, …}) is missing"));
      return NULL;
    }
  if (self.n_skipped > 0)
    cs_dump_add_warning (dump, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%u line of an older rtcstats form was not understood and was skipped.",
                                                             "%u lines of an older rtcstats form were not understood and were skipped.",
                                                             self.n_skipped),
                                                self.n_skipped));
  return g_steal_pointer (&dump);
}
