/* cs-impairment.h — a change to one lab user's network and devices
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The values of --impair ([USER:]KEY=VALUE,...) and of a scenario step. Every field
 * is "unchanged" (CS_IMPAIR_UNSET, or -1 for the send flags) unless set.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CS_IMPAIR_UNSET (-1.0)

typedef enum
{
  CS_LINK_KEY_LOSS,    /* percent 0..100 */
  CS_LINK_KEY_DELAY,   /* ms, one way */
  CS_LINK_KEY_JITTER,  /* ms */
  CS_LINK_KEY_RATE,    /* kbit/s, 0 = unlimited */
  CS_N_LINK_KEYS
} CsLinkKey;

typedef struct
{
  double up[CS_N_LINK_KEYS];     /* the user's uplink (what it sends) */
  double down[CS_N_LINK_KEYS];   /* the user's downlink (what it receives) */
  double capture_fps;            /* camera frame rate, fps */
  double mic_level;              /* microphone level, percent of normal (0 = muted) */
  double bitrate_kbps;           /* video encoder target, kbit/s */
  int    send_video;             /* -1 unchanged, 0 stop sending, 1 send */
  int    send_audio;
  int    corrupt;                /* -1 unchanged, 1 garble the payloads it sends (decode failures), 0 not */
} CsImpairment;

/* Everything unchanged. */
void     cs_impairment_init       (CsImpairment *self);
/* Copies every field of @change that is set into @self. */
void     cs_impairment_merge      (CsImpairment *self, const CsImpairment *change);
/* Sets one KEY (loss, delay, jitter, rate, with an optional "up." or "down." prefix;
 * when @devices also fps, mic, bitrate, video, audio, corrupt) to @value. */
gboolean cs_impairment_set_key    (CsImpairment *self,
                                   const char   *key,
                                   double        value,
                                   gboolean      devices,
                                   GError      **error);
/* Parses one --impair value "[USER:]KEY=VALUE[,KEY=VALUE...]". @uid is set to the user
 * (NULL: every remote user; "local" for the local user). */
gboolean cs_impairment_parse      (const char   *text,
                                   char        **uid,
                                   CsImpairment *self,
                                   GError      **error);
/* A short readable form ("up.loss=10 down.delay=50"), for logs. */
char    *cs_impairment_to_string  (const CsImpairment *self);
const char *cs_link_key_to_string (CsLinkKey key);
/* TRUE when some link value (either direction) is set above 0. */
gboolean cs_impairment_is_set_link (const CsImpairment *self);

/* The local user's last mile in a real call: --impair values with no user or "local:",
 * merged into @out. FALSE and CS_ERROR_INVALID_OPTION for a malformed value or another user. */
gboolean cs_impairment_parse_local (char **impair, CsImpairment *out, GError **error);

G_END_DECLS
