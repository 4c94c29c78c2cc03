/* cs-dump-import-private.h — what the importer's two files share (cs-dump-import.c, cs-dump-import-log.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-dump-import.h"

G_BEGIN_DECLS

#define LOCAL_UID  "local"
#define SERVER_UID "server"   /* the model's name for a media server (never a participant) */

/* One connection being imported. */
typedef struct
{
  CsDump           *dump;
  CsDumpConnection *conn;
  double            start_ms;
  GHashTable       *stream_of;     /* "mid:<mid>", "track:<id>", "ssrc:<n>" -> stream id (owned) */
  GHashTable       *user_of;       /* CsDumpObject* (inbound) -> uid (owned) */
  GHashTable       *names;         /* uid -> display name */
  char             *conn_uid;      /* "<key>": the connection's user, and where outbound goes when it is one */
  char             *outbound_peer; /* conn_uid, or SERVER_UID when the connection carries several users */
  GPtrArray        *samples;       /* CsStatsSample*, not yet in order */
} Import;

/* The whole second nearest to @time_ms, from the call's start (never negative). */
double   _cs_dump_import_second_of (Import *im, double time_ms);
/* @object is of @type and has points. */
gboolean _cs_dump_import_is_rtp    (const CsDumpObject *object, const char *type);
/* The connection samples of the connection's update log (cs-dump-import-log.c). */
void     _cs_dump_import_log       (Import *im);

G_END_DECLS
