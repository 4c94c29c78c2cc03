/* cs-dump.h — a browser's statistics dump, read: its connections, their stats objects over time, their logs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What both dump readers (cs-internals-dump.c for webrtc-internals, cs-rtcstats-dump.c for
 * RTCStats files) produce and what the importer (cs-dump-import.c) turns into samples. It is
 * columnar, to stay small for an hour of stats: each stats object (an RTCStats dictionary such
 * as an "inbound-rtp") has the times of its points and, per property, one value per point.
 *
 * Only the properties the importer and the connection view use are kept
 * (cs_dump_wants_property()): a dump has hundreds of series nobody reads.
 * Strings are interned in the dump (one copy of "video/VP8" for every point).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CS_DUMP_FORMAT_INTERNALS,        /* chrome://webrtc-internals "Create a dump" (JSON) */
  CS_DUMP_FORMAT_RTCSTATS,         /* "RTCStatsDump" + fileFormat 3 (JSON Lines) */
  CS_DUMP_FORMAT_RTCSTATS_LEGACY,  /* rtcstats/Jitsi fileFormat 2 and before (no header line) */
} CsDumpFormat;

/* Bounds of what a dump may hold (docs/import.md): more is refused, not read. */
#define CS_DUMP_MAX_BYTES        (1024 * 1024 * 1024)  /* after decompression */
#define CS_DUMP_MAX_CONNECTIONS  256
#define CS_DUMP_MAX_OBJECTS      4096     /* stats objects per connection */
#define CS_DUMP_MAX_POINTS       (7 * 24 * 3600) /* points per stats object: a week at 1 Hz */
#define CS_DUMP_MAX_LOG          100000   /* updateLog entries per connection */
#define CS_DUMP_MAX_VALUE_CHARS  (256 * 1024) /* a log value (an SDP) is cut beyond this */

typedef struct
{
  const char *name;     /* interned */
  GArray     *numbers;  /* double, one per point of the object; NAN where absent or not a number */
  GPtrArray  *strings;  /* const char* (interned), one per point, NULL where absent; NULL until a string is set */
} CsDumpSeries;

typedef struct
{
  const char *id;       /* interned */
  const char *type;     /* "inbound-rtp", "candidate-pair", … (interned; "" when unknown) */
  GArray     *times;    /* double, ms since the epoch, one per point, not decreasing */
  GHashTable *series;   /* property name -> CsDumpSeries* */
} CsDumpObject;

typedef struct
{
  double      time_ms;  /* ms since the epoch; NAN when the dump had no readable time */
  const char *type;     /* as written ("setRemoteDescription", "iceconnectionstatechange", …), interned */
  char       *value;    /* as written, except that a JSON-quoted state ("\"connected\"") is unquoted */
} CsDumpLogEntry;

typedef struct
{
  const char *key;      /* "3-1" (webrtc-internals), the pcId of an RTCStats dump */
  char       *url;      /* nullable */
  char       *configuration; /* rtcConfiguration as written, nullable */
  GPtrArray  *objects;  /* CsDumpObject*, in the order first seen */
  GHashTable *by_id;    /* id -> CsDumpObject* (borrowed from @objects) */
  GPtrArray  *log;      /* CsDumpLogEntry*, in file order */
} CsDumpConnection;

typedef struct
{
  CsDumpFormat format;
  int          file_format;     /* RTCStats fileFormat (3, 2, …); 0 for webrtc-internals */
  char        *user_agent;      /* nullable */
  char        *browser;         /* "Chrome 149.0.7827.5" when the dump says, nullable */
  char        *origin;          /* the page's URL or origin when the dump says, nullable */
  gboolean     capped;          /* some series held exactly 1000 points: Chrome dropped the start */
  GPtrArray   *connections;     /* CsDumpConnection*, in file order */
  GHashTable  *by_key;          /* key -> CsDumpConnection* (borrowed) */
  GPtrArray   *warnings;        /* char*, translated sentences about what was tolerated */
  GStringChunk *strings;        /* the interned strings */
} CsDump;

CsDump           *cs_dump_new                  (CsDumpFormat format);
void              cs_dump_free                 (CsDump *self);
/* One copy of @str for the whole dump (NULL stays NULL). */
const char       *cs_dump_intern               (CsDump *self, const char *str);
/* The connection with @key, made (at the end) when there is none; NULL when the dump has
 * CS_DUMP_MAX_CONNECTIONS already (the caller reports it). */
CsDumpConnection *cs_dump_ensure_connection    (CsDump *self, const char *key);
CsDumpConnection *cs_dump_lookup_connection    (CsDump *self, const char *key);
/* The stats object @id of @connection, made when there is none (with @type, which may
 * be "" and be set later); NULL beyond CS_DUMP_MAX_OBJECTS. */
CsDumpObject     *cs_dump_ensure_object        (CsDump *self, CsDumpConnection *connection,
                                                const char *id, const char *type);
void              cs_dump_set_object_type      (CsDump *self, CsDumpObject *object, const char *type);
/* Appends a point at @time_ms (every series gets NAN / NULL there); returns its index, or
 * -1 beyond CS_DUMP_MAX_POINTS. */
int               cs_dump_object_add_point     (CsDumpObject *object, double time_ms);
guint             cs_dump_object_n_points      (const CsDumpObject *object);
/* The series @name of @object, made (NAN everywhere, one value per point) when there is none. */
CsDumpSeries     *cs_dump_object_ensure_series (CsDump *self, CsDumpObject *object, const char *name);
void              cs_dump_object_set_number    (CsDump *self, CsDumpObject *object, guint point,
                                                const char *name, double value);
void              cs_dump_object_set_string    (CsDump *self, CsDumpObject *object, guint point,
                                                const char *name, const char *value);
/* Appends an updateLog entry (@value is copied, cut to CS_DUMP_MAX_VALUE_CHARS); FALSE beyond CS_DUMP_MAX_LOG. */
gboolean          cs_dump_connection_add_log   (CsDump *self, CsDumpConnection *connection,
                                                double time_ms, const char *type, const char *value);
void              cs_dump_add_warning          (CsDump *self, char *sentence /* transfer full */);

/* Whether a reader keeps the property @name of a stats object (of @type, "" when not yet known). */
gboolean          cs_dump_wants_property       (const char *type, const char *name);

/* Reading back. Point indexes are those of @object; NAN / NULL when absent. */
double            cs_dump_object_number        (const CsDumpObject *object, const char *name, guint point);
const char       *cs_dump_object_string        (const CsDumpObject *object, const char *name, guint point);
double            cs_dump_object_time          (const CsDumpObject *object, guint point);
/* The last point at or before @time_ms, or -1 when the object has none that early. */
int               cs_dump_object_point_at      (const CsDumpObject *object, double time_ms);
/* The earliest time of any point of any object, NAN when the dump has no points. */
double            cs_dump_get_start_ms         (const CsDump *self);

/* The call's start (ms since the epoch, NAN without points): the first point, or a log
 * entry up to 2 minutes earlier (one long before the stats, in a capped dump, does not count). */
double            cs_dump_get_call_start_ms    (const CsDump *self);
/* (transfer full) the translated warning of a capped dump whose call starts at @start_ms. */
char             *cs_dump_capped_warning       (const CsDump *self, double start_ms);
/* The name of @format in recordings and messages: "webrtc-internals", "rtcstats", "rtcstats-legacy". */
const char       *cs_dump_format_name          (CsDumpFormat format);

/* The stats type from an old Chrome's id prefix ("RTCInboundRTPVideoStream_123" -> "inbound-rtp"),
 * or NULL. */
const char       *cs_dump_type_from_id         (const char *id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsDump, cs_dump_free)

G_END_DECLS
