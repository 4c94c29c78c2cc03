/* test-agora-fields.c — the table of Agora fields against the structures and Agora's names
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each structure's members are listed here by hand (the X-macros below): the table must
 * hold each of them once, at its offset, with the type the compiler sees, and a filled
 * structure read through the table must give back the values set.
 */
#include <string.h>

#include "cs-agora-fields.h"
#include "cs-stats-sample.h"

/* ---- the names Agora publishes (shared/reference/agora-reference.md) ------------------ */

static const char *const agora_rtc[] = {
  "Duration", "RecvBitrate", "RecvBytes", "SendBitrate", "SendBytes", "UserCount", "RTT",
  "OutgoingAvailableBandwidth", NULL,
};
static const char *const agora_local_audio[] = {
  "codecType", "sendVolumeLevel", "sendBitrate", "sendBytes", "sendPackets", "sendPacketsLost",
  "sendJitterMs", "sendRttMs", "currentPacketLossRate", NULL,
};
static const char *const agora_local_video[] = {
  "codecType", "sendBytes", "sendFrameRate", "captureFrameRate", "sendPackets", "sendPacketsLost",
  "sendJitterMs", "sendRttMs", "sendResolutionWidth", "sendResolutionHeight", "captureResolutionWidth",
  "captureResolutionHeight", "encodeDelay", "sendBitrate", "targetSendBitrate", "totalDuration",
  "totalFreezeTime", "currentPacketLossRate", NULL,
};
static const char *const agora_remote_audio[] = {
  "transportDelay", "codecType", "end2EndDelay", "receiveBitrate", "receiveLevel", "receiveBytes",
  "receiveDelay", "receivePackets", "receivePacketsLost", "packetLossRate", "currentPacketLossRate",
  "totalDuration", "totalFreezeTime", "freezeRate", "publishDuration", NULL,
};
static const char *const agora_remote_video[] = {
  "transportDelay", "codecType", "end2EndDelay", "receiveBitrate", "receiveDelay", "receiveBytes",
  "decodeFrameRate", "receiveFrameRate", "renderFrameRate", "receivePackets", "receivePacketsLost",
  "packetLossRate", "currentPacketLossRate", "receiveResolutionWidth", "receiveResolutionHeight",
  "totalDuration", "totalFreezeTime", "freezeRate", "publishDuration", NULL,
};
/* Callscope's additions to the remote track stats */
static const char *const ours_remote[] = {
  "transportDelayMeasured", "end2EndDelayMeasured", "receiveDelayMeasured", "jitterMs", NULL,
};

static const char *const *const agora_names[CS_AGORA_N_KINDS] = {
  [CS_AGORA_KIND_RTC] = agora_rtc,
  [CS_AGORA_KIND_LOCAL_AUDIO] = agora_local_audio,
  [CS_AGORA_KIND_LOCAL_VIDEO] = agora_local_video,
  [CS_AGORA_KIND_REMOTE_AUDIO] = agora_remote_audio,
  [CS_AGORA_KIND_REMOTE_VIDEO] = agora_remote_video,
};

/* names the field being checked, with --verbose */
static void
note (const char *kind, const char *name)
{
  if (g_test_verbose ())
    g_test_message ("%s.%s", kind, name);
}

static gboolean
in_list (const char *const *list, const char *name)
{
  for (guint i = 0; list[i] != NULL; i++)
    if (g_str_equal (list[i], name))
      return TRUE;
  return FALSE;
}

static gsize
type_size (CsAgoraType type)
{
  switch (type)
    {
    case CS_AGORA_TYPE_DOUBLE:
      return sizeof (double);
    case CS_AGORA_TYPE_UINT:
      return sizeof (guint);
    case CS_AGORA_TYPE_UINT64:
      return sizeof (guint64);
    case CS_AGORA_TYPE_BOOLEAN:
      return sizeof (gboolean);
    case CS_AGORA_TYPE_STRING:
      return 1;
    default:
      g_assert_not_reached ();
    }
}

/* Names unique, offsets inside the structure, aligned and in the structure's order, names
 * Agora's (or flagged as Callscope's), every field recorded. */
static void
test_layout (void)
{
  for (guint k = 0; k < CS_AGORA_N_KINDS; k++)
    {
      guint n = 0, n_agora = 0;
      const CsAgoraField *fields = cs_agora_fields_get (k, &n);
      gsize size = cs_agora_kind_get_size (k);

      g_assert_nonnull (cs_agora_kind_get_name (k));
      g_assert_nonnull (cs_agora_kind_get_line_type (k));
      g_assert_cmpuint (n, >, 0);
      for (guint i = 0; i < n; i++)
        {
          const CsAgoraField *f = &fields[i];
          gsize end = f->offset + type_size (f->type);

          note (cs_agora_kind_get_name (k), f->name);
          g_assert_cmpuint (end, <=, size);
          g_assert_cmpuint (f->offset % (f->type == CS_AGORA_TYPE_STRING ? 1 : type_size (f->type)), ==, 0);
          if (i > 0)
            g_assert_cmpuint (f->offset, >=, fields[i - 1].offset + type_size (fields[i - 1].type));
          for (guint j = 0; j < i; j++)
            g_assert_cmpstr (f->name, !=, fields[j].name);
          g_assert_true (cs_agora_fields_lookup (k, f->name) == f);
          g_assert_true (f->flags & CS_AGORA_FIELD_RECORDED);

          if (f->flags & CS_AGORA_FIELD_CALLSCOPE)
            {
              g_assert_false (in_list (agora_names[k], f->name));
              g_assert_true (k == CS_AGORA_KIND_REMOTE_AUDIO || k == CS_AGORA_KIND_REMOTE_VIDEO);
              g_assert_true (in_list (ours_remote, f->name));
            }
          else
            {
              g_assert_true (in_list (agora_names[k], f->name));
              n_agora++;
            }
        }
      g_assert_cmpuint (n_agora, ==, g_strv_length ((char **) agora_names[k]));
      g_assert_null (cs_agora_fields_lookup (k, "noSuchField"));
    }
}

/* Each format fits its type; a companion exists, has the type its format needs and no row. */
static void
test_formats (void)
{
  for (guint k = 0; k < CS_AGORA_N_KINDS; k++)
    {
      guint n = 0;
      const CsAgoraField *fields = cs_agora_fields_get (k, &n);

      for (guint i = 0; i < n; i++)
        {
          const CsAgoraField *f = &fields[i];
          const CsAgoraField *c = f->companion != NULL ? cs_agora_fields_lookup (k, f->companion) : NULL;
          g_autofree char *measured = g_strconcat (f->name, "Measured", NULL);

          note (cs_agora_kind_get_name (k), f->name);
          g_assert_true ((f->companion != NULL) == (f->format == CS_AGORA_FORMAT_DELAY ||
                                                   f->format == CS_AGORA_FORMAT_RESOLUTION));
          g_assert_true ((f->label != NULL) == (f->format == CS_AGORA_FORMAT_RESOLUTION));
          g_assert_true (f->format == CS_AGORA_FORMAT_NUMBER || f->decimals == 0);
          switch (f->format)
            {
            case CS_AGORA_FORMAT_NUMBER:
            case CS_AGORA_FORMAT_BITRATE:
              g_assert_cmpint (f->type, ==, CS_AGORA_TYPE_DOUBLE);
              break;
            case CS_AGORA_FORMAT_TEXT:
              g_assert_cmpint (f->type, ==, CS_AGORA_TYPE_STRING);
              break;
            case CS_AGORA_FORMAT_BYTES:
              g_assert_cmpint (f->type, ==, CS_AGORA_TYPE_UINT64);
              break;
            case CS_AGORA_FORMAT_COUNT:
              /* the companions (booleans) are never shown on their own */
              g_assert_true (f->type == CS_AGORA_TYPE_UINT || f->type == CS_AGORA_TYPE_UINT64 ||
                             (f->type == CS_AGORA_TYPE_BOOLEAN && !(f->flags & CS_AGORA_FIELD_DETAILS)));
              break;
            case CS_AGORA_FORMAT_DELAY:
              g_assert_cmpint (f->type, ==, CS_AGORA_TYPE_DOUBLE);
              g_assert_nonnull (c);
              g_assert_cmpint (c->type, ==, CS_AGORA_TYPE_BOOLEAN);
              g_assert_cmpstr (c->name, ==, measured);
              break;
            case CS_AGORA_FORMAT_RESOLUTION:
              g_assert_cmpint (f->type, ==, CS_AGORA_TYPE_UINT);
              g_assert_nonnull (c);
              g_assert_cmpint (c->type, ==, CS_AGORA_TYPE_UINT);
              g_assert_true (g_str_has_suffix (f->name, "Width") && g_str_has_suffix (c->name, "Height"));
              break;
            default:
              g_assert_not_reached ();
            }
          if (c != NULL)
            {
              g_assert_false (c->flags & CS_AGORA_FIELD_DETAILS);
              g_assert_null (c->companion);
              /* what the summary shows of a field, it shows with its companion */
              g_assert_true (!(f->flags & CS_AGORA_FIELD_SUMMARY) || (c->flags & CS_AGORA_FIELD_SUMMARY));
            }
        }
    }
}

/* The details pane's rows: ranks 1…n without gaps, and the pane's list in that order. */
static void
test_details_order (void)
{
  for (guint k = 0; k < CS_AGORA_N_KINDS; k++)
    {
      guint n = 0, n_rows = 0, n_listed = 0;
      const CsAgoraField *fields = cs_agora_fields_get (k, &n);
      const CsAgoraField *const *rows = cs_agora_fields_get_details (k);

      for (guint i = 0; i < n; i++)
        {
          g_assert_true ((fields[i].details_rank > 0) == !!(fields[i].flags & CS_AGORA_FIELD_DETAILS));
          if (fields[i].details_rank > 0)
            n_rows++;
        }
      for (; rows[n_listed] != NULL; n_listed++)
        {
          g_assert_cmpuint (rows[n_listed]->details_rank, ==, n_listed + 1);
          g_assert_true (rows[n_listed]->flags & CS_AGORA_FIELD_DETAILS);
        }
      g_assert_cmpuint (n_listed, ==, n_rows);
    }
}

/* ---- the structures' members, by hand ------------------------------------------------- */

#define TYPE_OF(x) _Generic ((x), double: CS_AGORA_TYPE_DOUBLE, guint: CS_AGORA_TYPE_UINT, \
                             guint64: CS_AGORA_TYPE_UINT64, gboolean: CS_AGORA_TYPE_BOOLEAN, \
                             char *: CS_AGORA_TYPE_STRING)

static void
set_double (void *p, gsize size, guint n)
{
  *(double *) p = n + 0.25;
}

static void
set_uint (void *p, gsize size, guint n)
{
  *(guint *) p = 1000 * n + 7;
}

static void
set_uint64 (void *p, gsize size, guint n)
{
  *(guint64 *) p = (G_GUINT64_CONSTANT (1) << 40) + n;
}

static void
set_boolean (void *p, gsize size, guint n)
{
  *(gboolean *) p = n % 2;
}

static void
set_string (void *p, gsize size, guint n)
{
  g_snprintf (p, size, "codec%u", n);
}

#define SET(m) \
  _Generic ((s.m), double: set_double, guint: set_uint, guint64: set_uint64, gboolean: set_boolean, \
            char *: set_string) ((void *) &s.m, sizeof s.m, ++n);

/* the member is in the table at its offset, with its type, and reads back as set */
#define CHECK(m) check_member (kind, &s, #m, G_STRUCT_OFFSET (__typeof__ (s), m), TYPE_OF (s.m), ++n);

static void
check_member (CsAgoraKind kind, gconstpointer s, const char *name, gsize offset, CsAgoraType type, guint n)
{
  const CsAgoraField *f = cs_agora_fields_lookup (kind, name);
  char expected[16];

  note (cs_agora_kind_get_name (kind), name);
  g_assert_nonnull (f);
  g_assert_cmpuint (f->offset, ==, offset);
  g_assert_cmpint (f->type, ==, type);
  switch (type)
    {
    case CS_AGORA_TYPE_DOUBLE:
      g_assert_cmpfloat (cs_agora_field_get_double (f, s), ==, n + 0.25);
      break;
    case CS_AGORA_TYPE_UINT:
      g_assert_cmpuint (cs_agora_field_get_uint64 (f, s), ==, 1000 * n + 7);
      g_assert_cmpfloat (cs_agora_field_get_double (f, s), ==, 1000 * n + 7);
      break;
    case CS_AGORA_TYPE_UINT64:
      g_assert_cmpuint (cs_agora_field_get_uint64 (f, s), ==, (G_GUINT64_CONSTANT (1) << 40) + n);
      g_assert_cmpfloat (cs_agora_field_get_double (f, s), ==, (double) ((G_GUINT64_CONSTANT (1) << 40) + n));
      break;
    case CS_AGORA_TYPE_BOOLEAN:
      g_assert_cmpint (cs_agora_field_get_boolean (f, s), ==, n % 2);
      break;
    case CS_AGORA_TYPE_STRING:
      g_snprintf (expected, sizeof expected, "codec%u", n);
      g_assert_cmpstr (cs_agora_field_get_string (f, s), ==, expected);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
check_count (CsAgoraKind kind, guint n)
{
  guint n_fields = 0;

  cs_agora_fields_get (kind, &n_fields);
  g_assert_cmpuint (n_fields, ==, n);
}

/* Sets every member to a value of its own, then reads each back through the table. */
#define RUN(KIND, TYPE, MEMBERS) \
  G_STMT_START { \
    CsAgoraKind kind = KIND; \
    TYPE s; \
    guint n = 0; \
    memset (&s, 0, sizeof s); \
    MEMBERS (SET) \
    n = 0; \
    MEMBERS (CHECK) \
    check_count (kind, n); \
    g_assert_cmpuint (cs_agora_kind_get_size (kind), ==, sizeof (TYPE)); \
  } G_STMT_END

#define RTC_MEMBERS(X) \
  X (Duration) X (RecvBitrate) X (SendBitrate) X (RecvBytes) X (SendBytes) X (RTT) \
  X (OutgoingAvailableBandwidth) X (UserCount)

#define LOCAL_AUDIO_MEMBERS(X) \
  X (codecType) X (sendVolumeLevel) X (sendBitrate) X (sendBytes) X (sendPackets) X (sendPacketsLost) \
  X (sendJitterMs) X (sendRttMs) X (currentPacketLossRate)

#define LOCAL_VIDEO_MEMBERS(X) \
  X (codecType) X (sendBytes) X (sendFrameRate) X (captureFrameRate) X (sendPackets) X (sendPacketsLost) \
  X (sendJitterMs) X (sendRttMs) X (sendResolutionWidth) X (sendResolutionHeight) \
  X (captureResolutionWidth) X (captureResolutionHeight) X (encodeDelay) X (sendBitrate) \
  X (targetSendBitrate) X (totalDuration) X (totalFreezeTime) X (currentPacketLossRate)

#define REMOTE_AUDIO_MEMBERS(X) \
  X (codecType) X (transportDelay) X (end2EndDelay) X (receiveDelay) X (transportDelayMeasured) \
  X (end2EndDelayMeasured) X (receiveDelayMeasured) X (receiveBitrate) X (receiveLevel) X (receiveBytes) \
  X (receivePackets) X (receivePacketsLost) X (packetLossRate) X (currentPacketLossRate) \
  X (totalDuration) X (totalFreezeTime) X (freezeRate) X (publishDuration) X (jitterMs)

#define REMOTE_VIDEO_MEMBERS(X) \
  X (codecType) X (transportDelay) X (end2EndDelay) X (receiveDelay) X (transportDelayMeasured) \
  X (end2EndDelayMeasured) X (receiveDelayMeasured) X (receiveBitrate) X (receiveBytes) \
  X (decodeFrameRate) X (receiveFrameRate) X (renderFrameRate) X (receivePackets) X (receivePacketsLost) \
  X (packetLossRate) X (currentPacketLossRate) X (receiveResolutionWidth) X (receiveResolutionHeight) \
  X (totalDuration) X (totalFreezeTime) X (freezeRate) X (publishDuration) X (jitterMs)

static void
test_values (void)
{
  RUN (CS_AGORA_KIND_RTC, CsRtcStats, RTC_MEMBERS);
  RUN (CS_AGORA_KIND_LOCAL_AUDIO, CsLocalAudioTrackStats, LOCAL_AUDIO_MEMBERS);
  RUN (CS_AGORA_KIND_LOCAL_VIDEO, CsLocalVideoTrackStats, LOCAL_VIDEO_MEMBERS);
  RUN (CS_AGORA_KIND_REMOTE_AUDIO, CsRemoteAudioTrackStats, REMOTE_AUDIO_MEMBERS);
  RUN (CS_AGORA_KIND_REMOTE_VIDEO, CsRemoteVideoTrackStats, REMOTE_VIDEO_MEMBERS);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/agora-fields/layout", test_layout);
  g_test_add_func ("/agora-fields/formats", test_formats);
  g_test_add_func ("/agora-fields/details-order", test_details_order);
  g_test_add_func ("/agora-fields/values", test_values);
  return g_test_run ();
}
