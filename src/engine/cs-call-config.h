/* cs-call-config.h — what the command line or the window asks the engine to run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CS_CALL_MODE_LAB,     /* loopback lab (default) */
  CS_CALL_MODE_JANUS,   /* Janus VideoRoom */
  CS_CALL_MODE_WHIP,    /* publish to a WHIP endpoint */
  CS_CALL_MODE_WHEP,    /* watch a WHEP endpoint */
  CS_CALL_MODE_REPLAY,  /* replay a recording (no engine) */
} CsCallMode;

typedef struct
{
  CsCallMode mode;

  /* lab */
  guint   users;        /* remote users, default 3 */
  char   *scenario;     /* preset name or file, NULL = none */
  char  **impair;       /* raw --impair values, NULL-terminated, may be NULL */
  gboolean use_camera;  /* real camera and microphone instead of test sources */
  /* the camera through the Camera portal (cs-camera.h): @camera_fd is the PipeWire remote
   * it gave, borrowed (the session keeps a duplicate); meaningful only when
   * @camera_portal is TRUE, and not copied by cs_call_config_copy() */
  gboolean camera_portal;
  int      camera_fd;

  /* real servers */
  char   *janus_url;
  char   *room;
  char   *display_name;
  char   *pin;
  char   *secret;
  gboolean no_publish;
  char   *whip_url;
  char   *whep_url;
  char   *token;
  char  **ice_servers;  /* stun:/turn: URIs, NULL-terminated, may be NULL */

  /* replay */
  char   *replay_file;

  /* common */
  gboolean headless;
  double   duration;    /* seconds, 0 = until stopped */
  gboolean duration_from_media; /* a scenario on the media clock: the duration counts from the media */
  char    *record;      /* file, "-" for stdout, NULL = off */
  guint64  record_max_bytes;   /* --record-max: a new file past this size, 0 = none */
  double   record_max_seconds; /* --record-max: a new file after this long, 0 = none */

  /* exports, written when a headless call ends (docs/exports.md) */
  char    *report;      /* HTML file, NULL = none */
  char    *csv;         /* CSV file, NULL = none */
  char    *charts_dir;  /* folder for the chart images, NULL = none */
  gboolean anonymise;

  /* --compare=ORIGINAL --with=REPRODUCTION: no call, a comparison (headless) */
  char    *compare_original;
  char    *compare_with;
  /* --make-scenario=CALL --output=SCENARIO: no call, a scenario made (headless) */
  char    *make_scenario;
  char    *output;
  char    *metrics;     /* HOST:PORT to serve /metrics on, NULL = off (docs/metrics.md) */
  char    *probe_name;  /* the constant label probe="…" of the metrics, or NULL */
} CsCallConfig;

void cs_call_config_init  (CsCallConfig *config);
void cs_call_config_clear (CsCallConfig *config);
/* @dest (uninitialised): a deep copy of @src, to be cleared with cs_call_config_clear(). */
void cs_call_config_copy  (CsCallConfig *dest, const CsCallConfig *src);

/* TRUE when a call of @config sends the camera: --camera in the lab, a WHIP call or a Janus
 * call that publishes (a WHEP call and a --no-publish Janus call only watch). */
gboolean cs_call_config_sends_camera (const CsCallConfig *config);

G_END_DECLS
