/* cs-webrtc-stats.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gst/webrtc/webrtc.h>
#include <string.h>

#include "cs-webrtc-stats.h"

typedef struct
{
  char         *peer_uid;
  CsSampleKind  kind;
  char         *codec;
} SsrcInfo;

struct _CsWebrtcStats
{
  GMutex                   lock;
  char                    *observer_uid;
  char                    *default_peer_uid;
  GHashTable              *ssrcs; /* GUINT_TO_POINTER (ssrc) -> SsrcInfo* */
  CsWebrtcStatsAugmentFunc augment;
  gpointer                 augment_data;
  GDestroyNotify           augment_destroy;
};

static void
ssrc_info_free (SsrcInfo *info)
{
  g_free (info->peer_uid);
  g_free (info->codec);
  g_free (info);
}

CsWebrtcStats *
cs_webrtc_stats_new (const char *observer_uid,
                     const char *default_peer_uid)
{
  CsWebrtcStats *self = g_new0 (CsWebrtcStats, 1);

  g_return_val_if_fail (observer_uid != NULL, NULL);
  g_mutex_init (&self->lock);
  self->observer_uid = g_strdup (observer_uid);
  self->default_peer_uid = g_strdup (default_peer_uid);
  self->ssrcs = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, (GDestroyNotify) ssrc_info_free);
  return self;
}

void
cs_webrtc_stats_free (CsWebrtcStats *self)
{
  if (self == NULL)
    return;
  if (self->augment_destroy != NULL)
    self->augment_destroy (self->augment_data);
  g_hash_table_unref (self->ssrcs);
  g_free (self->observer_uid);
  g_free (self->default_peer_uid);
  g_mutex_clear (&self->lock);
  g_free (self);
}

const char *
cs_webrtc_stats_get_default_peer_uid (CsWebrtcStats *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->default_peer_uid;
}

const char *
cs_webrtc_stats_get_observer_uid (CsWebrtcStats *self)
{
  return self->observer_uid;
}

void
cs_webrtc_stats_map_ssrc (CsWebrtcStats *self,
                          guint32        ssrc,
                          const char    *peer_uid,
                          CsSampleKind   kind,
                          const char    *codec)
{
  SsrcInfo *info = g_new0 (SsrcInfo, 1);

  info->peer_uid = g_strdup (peer_uid);
  info->kind = kind;
  info->codec = g_strdup (codec);
  g_mutex_lock (&self->lock);
  g_hash_table_replace (self->ssrcs, GUINT_TO_POINTER (ssrc), info);
  g_mutex_unlock (&self->lock);
}

void
cs_webrtc_stats_unmap_ssrc (CsWebrtcStats *self, guint32 ssrc)
{
  g_mutex_lock (&self->lock);
  g_hash_table_remove (self->ssrcs, GUINT_TO_POINTER (ssrc));
  g_mutex_unlock (&self->lock);
}

gboolean
cs_webrtc_stats_map_pad (CsWebrtcStats *self,
                         GstPad        *pad,
                         const char    *peer_uid)
{
  g_autoptr (GstCaps) caps = gst_pad_get_current_caps (pad);
  const GstStructure *s;
  const char *media, *encoding;
  guint ssrc = 0;

  if (caps == NULL)
    caps = gst_pad_get_pad_template_caps (pad);
  if (caps == NULL || gst_caps_get_size (caps) == 0)
    return FALSE;
  s = gst_caps_get_structure (caps, 0);
  media = gst_structure_get_string (s, "media");
  encoding = gst_structure_get_string (s, "encoding-name");
  if (media == NULL || !gst_structure_get_uint (s, "ssrc", &ssrc))
    {
      /* some caps carry the ssrc as a signed int */
      int v = 0;
      if (media == NULL || !gst_structure_get_int (s, "ssrc", &v))
        return FALSE;
      ssrc = (guint) v;
    }
  cs_webrtc_stats_map_ssrc (self, ssrc, peer_uid,
                            g_str_equal (media, "video") ? CS_SAMPLE_KIND_VIDEO : CS_SAMPLE_KIND_AUDIO,
                            encoding);
  return TRUE;
}

void
cs_webrtc_stats_set_augment_func (CsWebrtcStats           *self,
                                  CsWebrtcStatsAugmentFunc func,
                                  gpointer                 user_data,
                                  GDestroyNotify           destroy)
{
  if (self->augment_destroy != NULL)
    self->augment_destroy (self->augment_data);
  self->augment = func;
  self->augment_data = user_data;
  self->augment_destroy = destroy;
}

/* Reading values whatever integer type 1.22 happens to use for them. */
static gboolean
get_number (const GstStructure *s, const char *field, double *out)
{
  const GValue *v = s != NULL ? gst_structure_get_value (s, field) : NULL;

  if (v == NULL)
    return FALSE;
  switch (G_VALUE_TYPE (v))
    {
    case G_TYPE_INT: *out = g_value_get_int (v); return TRUE;
    case G_TYPE_UINT: *out = g_value_get_uint (v); return TRUE;
    case G_TYPE_INT64: *out = (double) g_value_get_int64 (v); return TRUE;
    case G_TYPE_UINT64: *out = (double) g_value_get_uint64 (v); return TRUE;
    case G_TYPE_LONG: *out = g_value_get_long (v); return TRUE;
    case G_TYPE_ULONG: *out = g_value_get_ulong (v); return TRUE;
    case G_TYPE_DOUBLE: *out = g_value_get_double (v); return TRUE;
    case G_TYPE_FLOAT: *out = g_value_get_float (v); return TRUE;
    default: return FALSE;
    }
}

static guint64
get_u64 (const GstStructure *s, const char *field)
{
  double v = 0;

  if (!get_number (s, field, &v) || v < 0)
    return 0;
  return (guint64) v;
}

static const GstStructure *
get_sub (const GstStructure *s, const char *field)
{
  const GValue *v = s != NULL ? gst_structure_get_value (s, field) : NULL;

  if (v == NULL || !GST_VALUE_HOLDS_STRUCTURE (v))
    return NULL;
  return gst_value_get_structure (v);
}

typedef struct
{
  const GstStructure *outbound;
  const GstStructure *remote_inbound;
  const GstStructure *inbound;
} Entries;

typedef struct
{
  const GstStructure *stats;
  GHashTable         *by_ssrc; /* ssrc -> Entries* */
  GHashTable         *codecs;  /* id -> const GstStructure* */
} Collect;

static Entries *
entries_for (GHashTable *by_ssrc, guint ssrc)
{
  Entries *e = g_hash_table_lookup (by_ssrc, GUINT_TO_POINTER (ssrc));

  if (e == NULL)
    {
      e = g_new0 (Entries, 1);
      g_hash_table_insert (by_ssrc, GUINT_TO_POINTER (ssrc), e);
    }
  return e;
}

static gboolean
collect_entry (GQuark field, const GValue *value, gpointer user_data)
{
  Collect *c = user_data;
  const GstStructure *s;
  GstWebRTCStatsType type = 0;
  guint ssrc = 0;

  if (!GST_VALUE_HOLDS_STRUCTURE (value))
    return TRUE;
  s = gst_value_get_structure (value);
  if (!gst_structure_get_enum (s, "type", GST_TYPE_WEBRTC_STATS_TYPE, (int *) &type))
    return TRUE;
  if (type == GST_WEBRTC_STATS_CODEC)
    {
      g_hash_table_insert (c->codecs, (gpointer) g_quark_to_string (field), (gpointer) s);
      return TRUE;
    }
  if (!gst_structure_get_uint (s, "ssrc", &ssrc))
    return TRUE;
  switch (type)
    {
    case GST_WEBRTC_STATS_OUTBOUND_RTP:
      entries_for (c->by_ssrc, ssrc)->outbound = s;
      break;
    case GST_WEBRTC_STATS_REMOTE_INBOUND_RTP:
      entries_for (c->by_ssrc, ssrc)->remote_inbound = s;
      break;
    case GST_WEBRTC_STATS_INBOUND_RTP:
      entries_for (c->by_ssrc, ssrc)->inbound = s;
      break;
    default:
      break;
    }
  return TRUE;
}

static char *
codec_name (Collect *c, const GstStructure *entry)
{
  const char *id = gst_structure_get_string (entry, "codec-id");
  const GstStructure *codec = id != NULL ? g_hash_table_lookup (c->codecs, id) : NULL;
  const char *mime = codec != NULL ? gst_structure_get_string (codec, "mime-type") : NULL;
  const char *slash;

  if (mime == NULL)
    return NULL;
  slash = strchr (mime, '/');
  return g_strdup (slash != NULL ? slash + 1 : mime);
}

static gboolean
resolve (CsWebrtcStats      *self,
         guint               ssrc,
         const GstStructure *entry,
         char              **peer_uid,
         CsSampleKind       *kind,
         char              **codec,
         gboolean           *mapped)
{
  SsrcInfo *info;
  gboolean found = FALSE;

  g_mutex_lock (&self->lock);
  info = g_hash_table_lookup (self->ssrcs, GUINT_TO_POINTER (ssrc));
  if (info != NULL)
    {
      *peer_uid = g_strdup (info->peer_uid);
      *kind = info->kind;
      *codec = g_strdup (info->codec);
      found = TRUE;
    }
  g_mutex_unlock (&self->lock);
  *mapped = found;

  if (!found)
    {
      const char *k = gst_structure_get_string (entry, "kind");

      if (self->default_peer_uid == NULL || k == NULL)
        return FALSE;
      *peer_uid = g_strdup (self->default_peer_uid);
      *kind = g_str_equal (k, "video") ? CS_SAMPLE_KIND_VIDEO : CS_SAMPLE_KIND_AUDIO;
      *codec = NULL;
    }
  return TRUE;
}

static CsStatsSample *
new_media_sample (CsWebrtcStats *self, double t, guint ssrc, CsSampleDirection direction,
                  char *peer_uid, CsSampleKind kind, char *codec)
{
  CsStatsSample *sample = cs_stats_sample_new ();

  sample->t = t;
  sample->observer_uid = g_strdup (self->observer_uid);
  sample->peer_uid = peer_uid;
  sample->kind = kind;
  sample->direction = direction;
  sample->ssrc = ssrc;
  sample->codec = codec;
  return sample;
}

static CsStatsSample *
convert_outbound (CsWebrtcStats *self, Collect *c, guint ssrc, Entries *e, double t, gboolean *mapped)
{
  const GstStructure *src = get_sub (e->outbound, "gst-rtpsource-stats");
  CsStatsSample *sample;
  char *peer = NULL, *codec = NULL;
  CsSampleKind kind;
  gboolean is_sender = TRUE;
  double v;

  /* our own receive-only SSRC (RTCP only) shows up as an outbound entry: drop it */
  if (src != NULL && gst_structure_get_boolean (src, "is-sender", &is_sender) && !is_sender &&
      get_u64 (e->outbound, "packets-sent") == 0)
    return NULL;
  if (get_u64 (e->outbound, "packets-sent") == 0)
    return NULL;
  if (!resolve (self, ssrc, e->outbound, &peer, &kind, &codec, mapped))
    return NULL;
  if (codec == NULL)
    codec = codec_name (c, e->outbound);

  sample = new_media_sample (self, t, ssrc, CS_SAMPLE_DIRECTION_OUTBOUND, peer, kind, codec);
  sample->packets = get_u64 (e->outbound, "packets-sent");
  sample->bytes = get_u64 (e->outbound, "bytes-sent");
  sample->nack_count = get_u64 (e->outbound, "nack-count");
  sample->pli_count = get_u64 (e->outbound, "pli-count") + get_u64 (e->outbound, "fir-count");

  if (e->remote_inbound != NULL)
    {
      const GstStructure *rsrc = get_sub (e->remote_inbound, "gst-rtpsource-stats");

      if (get_number (e->remote_inbound, "packets-lost", &v))
        {
          sample->packets_lost = (gint64) v;
          sample->has_packets_lost = TRUE;
        }
      if (get_number (e->remote_inbound, "fraction-lost", &v))
        sample->fraction_lost = CLAMP (v, 0.0, 1.0);
      if (get_number (e->remote_inbound, "round-trip-time", &v) && v > 0)
        sample->rtt_ms = v * 1000.0;
      if (get_number (e->remote_inbound, "jitter", &v) && v >= 0)
        sample->jitter_ms = v * 1000.0;
      else if (rsrc != NULL && get_number (rsrc, "rb-jitter", &v))
        {
          double rate = 0;

          if (!get_number (src, "clock-rate", &rate) || rate <= 0)
            rate = kind == CS_SAMPLE_KIND_VIDEO ? 90000 : 48000;
          sample->jitter_ms = v / rate * 1000.0;
        }
    }
  return sample;
}

static CsStatsSample *
convert_inbound (CsWebrtcStats *self, Collect *c, guint ssrc, Entries *e, double t, gboolean *mapped)
{
  const GstStructure *src = get_sub (e->inbound, "gst-rtpsource-stats");
  CsStatsSample *sample;
  char *peer = NULL, *codec = NULL;
  CsSampleKind kind;
  double v;

  /* the peer's RTCP-only SSRC: nothing received */
  if (get_u64 (e->inbound, "packets-received") == 0)
    return NULL;
  if (!resolve (self, ssrc, e->inbound, &peer, &kind, &codec, mapped))
    return NULL;
  if (codec == NULL)
    codec = codec_name (c, e->inbound);

  sample = new_media_sample (self, t, ssrc, CS_SAMPLE_DIRECTION_INBOUND, peer, kind, codec);
  sample->packets = get_u64 (e->inbound, "packets-received");
  sample->bytes = get_u64 (e->inbound, "bytes-received");
  sample->nack_count = get_u64 (e->inbound, "nack-count");
  sample->pli_count = get_u64 (e->inbound, "pli-count") + get_u64 (e->inbound, "fir-count");
  /* per-SSRC loss: the source stats are right even with BUNDLE (the jitterbuffer's are not) */
  if (src != NULL && get_number (src, "packets-lost", &v))
    {
      sample->packets_lost = (gint64) v;
      sample->has_packets_lost = TRUE;
    }
  else if (get_number (e->inbound, "packets-lost", &v))
    {
      sample->packets_lost = (gint64) v;
      sample->has_packets_lost = TRUE;
    }
  if (get_number (e->inbound, "jitter", &v) && v >= 0)
    sample->jitter_ms = v * 1000.0;
  return sample;
}

static int
compare_samples (gconstpointer a, gconstpointer b)
{
  const CsStatsSample *x = *(CsStatsSample * const *) a;
  const CsStatsSample *y = *(CsStatsSample * const *) b;
  int r;

  if (x->direction != y->direction)
    return x->direction < y->direction ? -1 : 1;
  if ((r = g_strcmp0 (x->peer_uid, y->peer_uid)) != 0)
    return r;
  if (x->kind != y->kind)
    return x->kind < y->kind ? -1 : 1;
  return x->ssrc < y->ssrc ? -1 : x->ssrc > y->ssrc;
}

/* RTX (RFC 4588) streams have SSRCs of their own and show up as extra inbound and
 * outbound entries. Per (direction, peer, kind) keep the mapped SSRCs if there are any,
 * else the one that carried the most packets: the retransmissions are always fewer. */
static void
drop_retransmission_streams (GPtrArray *samples, GPtrArray *is_mapped)
{
  for (guint i = 0; i < samples->len; i++)
    {
      CsStatsSample *a = g_ptr_array_index (samples, i);
      gboolean drop = FALSE;

      for (guint j = 0; j < samples->len && !drop; j++)
        {
          CsStatsSample *b = g_ptr_array_index (samples, j);
          gboolean a_mapped = GPOINTER_TO_INT (g_ptr_array_index (is_mapped, i));
          gboolean b_mapped = GPOINTER_TO_INT (g_ptr_array_index (is_mapped, j));

          if (i == j || a->direction != b->direction || a->kind != b->kind ||
              g_strcmp0 (a->peer_uid, b->peer_uid) != 0 || a_mapped)
            continue;
          if (b_mapped || b->packets > a->packets || (b->packets == a->packets && b->ssrc < a->ssrc))
            drop = TRUE;
        }
      if (drop)
        {
          g_ptr_array_remove_index (samples, i);
          g_ptr_array_remove_index (is_mapped, i);
          i--;
        }
    }
}

/* webrtcbin forgets a received SSRC when the session reports a sender timeout (no packet
 * for 5 s, as in an outage): GStreamer 1.22 to 1.26 remove it from the transport's SSRC
 * map in on_rtpbin_sender_timeout() and add it back only for a *new* source. A source that
 * merely timed out as a sender is not new when its packets come back, so get-stats leaves
 * its inbound-rtp entry out for the rest of the call while the media plays. A mapped SSRC
 * that get-stats leaves out is read here from the session's own source (the fields
 * webrtcbin would have copied from it), so its counters go on where they were. */
static GstStructure *
inbound_from_source (const GstStructure *src, CsSampleKind kind)
{
  GstStructure *in = gst_structure_new ("inbound-rtp",
                                        "kind", G_TYPE_STRING, kind == CS_SAMPLE_KIND_VIDEO ? "video" : "audio",
                                        "packets-received", G_TYPE_UINT64, get_u64 (src, "packets-received"),
                                        "bytes-received", G_TYPE_UINT64, get_u64 (src, "octets-received"),
                                        "nack-count", G_TYPE_UINT, (guint) get_u64 (src, "sent-nack-count"),
                                        "pli-count", G_TYPE_UINT, (guint) get_u64 (src, "sent-pli-count"),
                                        "fir-count", G_TYPE_UINT, (guint) get_u64 (src, "sent-fir-count"),
                                        "gst-rtpsource-stats", GST_TYPE_STRUCTURE, src,
                                        NULL);
  double jitter = 0, rate = 0;

  if (get_number (src, "jitter", &jitter) && get_number (src, "clock-rate", &rate) && rate > 0)
    gst_structure_set (in, "jitter", G_TYPE_DOUBLE, jitter / rate, NULL);
  return in;
}

static void
add_forgotten_inbound (CsWebrtcStats *self, Collect *c, const GPtrArray *sources, GPtrArray *made)
{
  for (guint i = 0; sources != NULL && i < sources->len; i++)
    {
      const GstStructure *src = g_ptr_array_index (sources, i);
      gboolean internal = TRUE, mapped;
      guint ssrc = 0;
      double rate = 0;
      SsrcInfo *info;
      Entries *e;
      CsSampleKind kind;

      if (!gst_structure_get_uint (src, "ssrc", &ssrc) ||
          !gst_structure_get_boolean (src, "internal", &internal) || internal)
        continue;
      e = g_hash_table_lookup (c->by_ssrc, GUINT_TO_POINTER (ssrc));
      if (e != NULL && e->inbound != NULL)
        continue;
      g_mutex_lock (&self->lock);
      info = g_hash_table_lookup (self->ssrcs, GUINT_TO_POINTER (ssrc));
      mapped = info != NULL;
      kind = mapped ? info->kind : CS_SAMPLE_KIND_AUDIO;
      g_mutex_unlock (&self->lock);
      if (get_u64 (src, "packets-received") == 0)
        continue; /* the peer's RTCP-only SSRC */
      /* An unmapped source counts only where unmapped SSRCs do (a webrtcbin with one peer, as
       * in the lab); its kind is told by its clock: 90 kHz is video in WebRTC. An RTX stream
       * the session also holds is in @stats already: get-stats lists every *new* SSRC. */
      if (!mapped)
        {
          if (self->default_peer_uid == NULL || !get_number (src, "clock-rate", &rate) || rate <= 0)
            continue;
          kind = rate == 90000 ? CS_SAMPLE_KIND_VIDEO : CS_SAMPLE_KIND_AUDIO;
        }
      g_ptr_array_add (made, inbound_from_source (src, kind));
      entries_for (c->by_ssrc, ssrc)->inbound = g_ptr_array_index (made, made->len - 1);
    }
}

GPtrArray *
cs_webrtc_stats_read_sources (GstElement *webrtcbin)
{
  GPtrArray *sources = g_ptr_array_new_with_free_func ((GDestroyNotify) gst_structure_free);
  g_autoptr (GstElement) rtpbin = NULL;

  if (GST_IS_BIN (webrtcbin))
    rtpbin = gst_bin_get_by_name (GST_BIN (webrtcbin), "rtpbin");
  if (rtpbin == NULL)
    return sources;
  /* one session with BUNDLE; one per m-line without it (their ids count from 0) */
  for (guint id = 0; id < CS_WEBRTC_STATS_MAX_SESSIONS; id++)
    {
      g_autoptr (GObject) session = NULL;
      GstStructure *stats = NULL;
      const GValue *array;

      g_signal_emit_by_name (rtpbin, "get-internal-session", id, &session);
      if (session == NULL)
        continue;
      g_object_get (session, "stats", &stats, NULL);
      array = stats != NULL ? gst_structure_get_value (stats, "source-stats") : NULL;
      /* a GValueArray, deprecated by GLib but what rtpsession gives */
      G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      if (array != NULL && G_VALUE_HOLDS (array, g_value_array_get_type ()))
        {
          GValueArray *list = g_value_get_boxed (array);

          for (guint i = 0; list != NULL && i < list->n_values; i++)
            {
              const GValue *v = g_value_array_get_nth (list, i);

              if (GST_VALUE_HOLDS_STRUCTURE (v))
                g_ptr_array_add (sources, gst_structure_copy (gst_value_get_structure (v)));
            }
        }
      G_GNUC_END_IGNORE_DEPRECATIONS
      g_clear_pointer (&stats, gst_structure_free);
    }
  return sources;
}

GPtrArray *
cs_webrtc_stats_convert (CsWebrtcStats      *self,
                         const GstStructure *stats,
                         double              t)
{
  return cs_webrtc_stats_convert_sources (self, stats, NULL, t);
}

GPtrArray *
cs_webrtc_stats_convert_sources (CsWebrtcStats      *self,
                                 const GstStructure *stats,
                                 const GPtrArray    *sources,
                                 double              t)
{
  GPtrArray *samples = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_stats_sample_free);
  Collect c = { stats, NULL, NULL };
  g_autoptr (GPtrArray) is_mapped = g_ptr_array_new ();
  g_autoptr (GPtrArray) made = g_ptr_array_new_with_free_func ((GDestroyNotify) gst_structure_free);
  GHashTableIter iter;
  gpointer key, value;

  if (stats == NULL)
    return samples;
  c.by_ssrc = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  c.codecs = g_hash_table_new (g_str_hash, g_str_equal);
  gst_structure_foreach (stats, collect_entry, &c);
  add_forgotten_inbound (self, &c, sources, made);

  g_hash_table_iter_init (&iter, c.by_ssrc);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint ssrc = GPOINTER_TO_UINT (key);
      Entries *e = value;
      CsStatsSample *sample;
      gboolean mapped = FALSE;

      if (e->outbound != NULL && (sample = convert_outbound (self, &c, ssrc, e, t, &mapped)) != NULL)
        {
          g_ptr_array_add (samples, sample);
          g_ptr_array_add (is_mapped, GINT_TO_POINTER (mapped));
        }
      if (e->inbound != NULL && (sample = convert_inbound (self, &c, ssrc, e, t, &mapped)) != NULL)
        {
          g_ptr_array_add (samples, sample);
          g_ptr_array_add (is_mapped, GINT_TO_POINTER (mapped));
        }
    }
  g_hash_table_unref (c.by_ssrc);
  g_hash_table_unref (c.codecs);

  drop_retransmission_streams (samples, is_mapped);
  g_ptr_array_sort (samples, compare_samples);
  if (self->augment != NULL)
    for (guint i = 0; i < samples->len; i++)
      self->augment (g_ptr_array_index (samples, i), self->augment_data);
  return samples;
}

CsStatsSample *
cs_webrtc_stats_connection_sample (const char       *observer_uid,
                                   const char       *peer_uid,
                                   CsConnectionState state,
                                   const char       *message,
                                   double            t)
{
  CsStatsSample *sample = cs_stats_sample_new ();

  sample->t = t;
  sample->observer_uid = g_strdup (observer_uid);
  sample->peer_uid = g_strdup (peer_uid);
  sample->kind = CS_SAMPLE_KIND_CONNECTION;
  sample->connection_state = state;
  sample->message = g_strdup (message);
  return sample;
}

CsConnectionState
cs_webrtc_stats_connection_state_from_gst (int gst_state)
{
  switch ((GstWebRTCPeerConnectionState) gst_state)
    {
    case GST_WEBRTC_PEER_CONNECTION_STATE_NEW: return CS_CONNECTION_STATE_NEW;
    case GST_WEBRTC_PEER_CONNECTION_STATE_CONNECTING: return CS_CONNECTION_STATE_CONNECTING;
    case GST_WEBRTC_PEER_CONNECTION_STATE_CONNECTED: return CS_CONNECTION_STATE_CONNECTED;
    case GST_WEBRTC_PEER_CONNECTION_STATE_DISCONNECTED: return CS_CONNECTION_STATE_DISCONNECTED;
    case GST_WEBRTC_PEER_CONNECTION_STATE_FAILED: return CS_CONNECTION_STATE_FAILED;
    case GST_WEBRTC_PEER_CONNECTION_STATE_CLOSED: return CS_CONNECTION_STATE_CLOSED;
    default: return CS_CONNECTION_STATE_NEW;
    }
}
