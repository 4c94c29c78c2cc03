/* cs-agora-fields.h — one table of the Agora stats structures' fields
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each structure of cs-agora-stats.h (RTCStats and the four track stats) has one
 * static table of its fields: Agora's name, where it is in the structure, its type,
 * its unit and how it is shown. The recorder writes a stats line by walking the table,
 * the details pane makes its rows from it and the headless summary reads its values
 * through it, so a new field is one row in cs-agora-fields.c.
 *
 * Rows are in the order of the recording's lines (docs/recording-format.md), which is
 * the order of the structure's members; the details pane has an order of its own
 * (@details_rank).
 */
#pragma once

#include <glib-object.h>

#include "cs-agora-stats.h"

G_BEGIN_DECLS

/**
 * CsAgoraKind: the structures, by Agora's names.
 */
typedef enum
{
  CS_AGORA_KIND_RTC,           /* CsRtcStats */
  CS_AGORA_KIND_LOCAL_AUDIO,   /* CsLocalAudioTrackStats */
  CS_AGORA_KIND_LOCAL_VIDEO,   /* CsLocalVideoTrackStats */
  CS_AGORA_KIND_REMOTE_AUDIO,  /* CsRemoteAudioTrackStats */
  CS_AGORA_KIND_REMOTE_VIDEO,  /* CsRemoteVideoTrackStats */
  CS_AGORA_N_KINDS
} CsAgoraKind;

/**
 * CsAgoraType: how a field is stored.
 */
typedef enum
{
  CS_AGORA_TYPE_DOUBLE,   /* double; CS_UNKNOWN when not known */
  CS_AGORA_TYPE_UINT,     /* guint */
  CS_AGORA_TYPE_UINT64,   /* guint64 */
  CS_AGORA_TYPE_BOOLEAN,  /* gboolean */
  CS_AGORA_TYPE_STRING,   /* char[], NUL-terminated, "" when not known */
} CsAgoraType;

/**
 * CsAgoraFormat: how the details pane writes a value.
 */
typedef enum
{
  CS_AGORA_FORMAT_NUMBER,      /* @decimals digits, then the translated @unit if any; "—" below 0 */
  CS_AGORA_FORMAT_TEXT,        /* the string; "—" when empty */
  CS_AGORA_FORMAT_COUNT,       /* an integer */
  CS_AGORA_FORMAT_BYTES,       /* bytes as a size ("85.8 kB") */
  CS_AGORA_FORMAT_BITRATE,     /* bps as kbps or Mbps */
  CS_AGORA_FORMAT_DELAY,       /* ms, with "measured" or "estimated" from @companion */
  CS_AGORA_FORMAT_RESOLUTION,  /* this field (a width) × @companion (the height), in px */
} CsAgoraFormat;

typedef enum
{
  CS_AGORA_FIELD_RECORDED  = 1 << 0,  /* written in the recording's stats line */
  CS_AGORA_FIELD_DETAILS   = 1 << 1,  /* a row of the details pane (@details_rank) */
  CS_AGORA_FIELD_SUMMARY   = 1 << 2,  /* printed by the headless summary */
  CS_AGORA_FIELD_CALLSCOPE = 1 << 3,  /* Callscope's addition, not in Agora's API */
} CsAgoraFieldFlags;

/**
 * CsAgoraField: one field of a structure.
 * @name: Agora's name (camelCase, or Agora's capitals in RTCStats), also the recording's member
 * @offset: G_STRUCT_OFFSET of the member
 * @type: how the member is stored
 * @unit: the unit ("ms", "bps", "%", …), NULL for a bare number; N_() where it has a
 *   translation (CS_AGORA_FORMAT_NUMBER shows it, through _())
 * @label: the details pane's row title when it is not @name (a width and its height in one row), or NULL
 * @flags: where the field is used
 * @format: how the details pane writes it
 * @decimals: digits after the point for CS_AGORA_FORMAT_NUMBER
 * @details_rank: the row's position in its group of the details pane, from 1; 0 when not a row
 * @companion: the field shown with this one (a delay's "…Measured", a width's height), or NULL;
 *   a companion has no row of its own
 */
typedef struct
{
  const char        *name;
  gsize              offset;
  CsAgoraType        type;
  const char        *unit;
  const char        *label;
  CsAgoraFieldFlags  flags;
  CsAgoraFormat      format;
  int                decimals;
  guint              details_rank;
  const char        *companion;
} CsAgoraField;

/* (transfer none): the fields of @kind in the recording's order; @n_fields is set to their number. */
const CsAgoraField *cs_agora_fields_get       (CsAgoraKind kind, guint *n_fields);
/* (transfer none) (nullable): the field of @kind called @name. */
const CsAgoraField *cs_agora_fields_lookup    (CsAgoraKind kind, const char *name);
/* (transfer none): the details pane's rows of @kind in their order, NULL-terminated. */
const CsAgoraField *const *cs_agora_fields_get_details (CsAgoraKind kind);

/* Agora's name of the structure, also the details pane's group id: "RTCStats", "RemoteVideoTrackStats", … */
const char *cs_agora_kind_get_name      (CsAgoraKind kind);
/* The "type" of its recording line: "rtc-stats", "remote-video-stats", … */
const char *cs_agora_kind_get_line_type (CsAgoraKind kind);
/* sizeof the structure */
gsize       cs_agora_kind_get_size      (CsAgoraKind kind);

/* Accessors: @stats points to the structure of the field's kind. */
/* A number field (double, guint, guint64) as a double. */
double      cs_agora_field_get_double  (const CsAgoraField *field, gconstpointer stats);
/* An integer field (guint, guint64). */
guint64     cs_agora_field_get_uint64  (const CsAgoraField *field, gconstpointer stats);
gboolean    cs_agora_field_get_boolean (const CsAgoraField *field, gconstpointer stats);
/* (transfer none): a string field, inside @stats. */
const char *cs_agora_field_get_string  (const CsAgoraField *field, gconstpointer stats);

G_END_DECLS
