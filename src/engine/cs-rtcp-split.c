/* cs-rtcp-split.c — one report block per RTCP compound packet (see cs-rtcp-split.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Works on the bytes of the compound packet (RFC 3550 §6, RFC 4585 §6): rtpbin hands its
 * send_rtcp_src pads plain RTCP, SRTP comes after them in webrtcbin's transport.
 */
#include "config.h"

#include <string.h>

#include "cs-rtcp-split.h"

#define RTCP_SR    200
#define RTCP_RR    201
#define RTCP_RTPFB 205
#define RTCP_PSFB  206
#define RB_SIZE    24
#define SR_INFO    20

typedef struct
{
  gsize offset; /* of the packet in the compound */
  gsize length; /* bytes */
  guint8 type;
  guint8 count;
} Packet;

static guint32
read_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

/* The packets of a compound, or FALSE when it is not one this file rewrites. */
static gboolean
parse_compound (const guint8 *data, gsize size, GArray *packets)
{
  gsize o = 0;

  while (o < size)
    {
      Packet p;

      if (size - o < 4 || (data[o] >> 6) != 2 || (data[o] & 0x20) != 0)
        return FALSE; /* truncated, not version 2, or padded */
      p.offset = o;
      p.count = data[o] & 0x1f;
      p.type = data[o + 1];
      p.length = ((gsize) ((data[o + 2] << 8) | data[o + 3]) + 1) * 4;
      if (p.length > size - o)
        return FALSE;
      if ((p.type == RTCP_SR && p.length < 8 + SR_INFO + (gsize) p.count * RB_SIZE) ||
          (p.type == RTCP_RR && p.length < 8 + (gsize) p.count * RB_SIZE) ||
          ((p.type == RTCP_RTPFB || p.type == RTCP_PSFB) && p.length < 12))
        return FALSE;
      g_array_append_val (packets, p);
      o += p.length;
    }
  return packets->len > 0;
}

#define PSFB_FIR 4

/* The stream a feedback message is about: its media SSRC, or for a FIR (RFC 5104 §4.3.1,
 * media SSRC 0) the SSRC of its first FCI entry */
static guint32
feedback_media_ssrc (const guint8 *data, const Packet *p)
{
  if (p->type == RTCP_PSFB && p->count == PSFB_FIR && p->length >= 20)
    return read_be32 (data + p->offset + 12);
  return read_be32 (data + p->offset + 8);
}

static gboolean
is_report (const Packet *p)
{
  return p->type == RTCP_SR || p->type == RTCP_RR;
}

static gboolean
is_feedback (const Packet *p)
{
  return p->type == RTCP_RTPFB || p->type == RTCP_PSFB;
}

/* Appends a report packet like @report's (its type, sender SSRC and sender info) carrying
 * the report block at @block (NULL: none). */
static void
append_report (GByteArray *out, const guint8 *data, const Packet *report, const guint8 *block)
{
  gsize fixed = 8 + (report->type == RTCP_SR ? SR_INFO : 0);
  gsize length = fixed + (block != NULL ? RB_SIZE : 0);
  guint8 header[4] = { 0x80 | (block != NULL ? 1 : 0), report->type, 0, (guint8) (length / 4 - 1) };

  g_byte_array_append (out, header, sizeof header);
  g_byte_array_append (out, data + report->offset + 4, fixed - 4);
  if (block != NULL)
    g_byte_array_append (out, block, RB_SIZE);
}

/* The packets that go in every piece (SDES, BYE, APP, XR…) and the feedback messages about
 * @media_ssrc (every feedback message when @all_feedback), in their original order. */
static void
append_others (GByteArray *out, const guint8 *data, GArray *packets, guint32 media_ssrc,
               gboolean all_feedback, GArray *feedback_used)
{
  for (guint i = 0; i < packets->len; i++)
    {
      const Packet *p = &g_array_index (packets, Packet, i);

      if (is_report (p))
        continue;
      if (is_feedback (p))
        {
          gboolean *used = &g_array_index (feedback_used, gboolean, i);

          if (*used || (!all_feedback && feedback_media_ssrc (data, p) != media_ssrc))
            continue;
          *used = TRUE;
        }
      g_byte_array_append (out, data + p->offset, p->length);
    }
}

static GBytes *
make_piece (const guint8 *data, GArray *packets, const Packet *report, const guint8 *block,
            guint32 media_ssrc, gboolean all_feedback, GArray *used)
{
  GByteArray *out = g_byte_array_new ();

  append_report (out, data, report, block);
  append_others (out, data, packets, media_ssrc, all_feedback, used);
  return g_byte_array_free_to_bytes (out);
}

/* Keeps a copy of @block in @last_blocks, its LSR and DLSR zeroed: repeated later, it tells
 * the stream's loss again but no round-trip time (the delay since the SR has grown). */
static void
remember_block (GHashTable *last_blocks, const guint8 *block)
{
  guint8 *copy = g_memdup2 (block, RB_SIZE);

  memset (copy + 16, 0, 8);
  g_hash_table_insert (last_blocks, GUINT_TO_POINTER (read_be32 (block)), g_bytes_new_take (copy, RB_SIZE));
}

GPtrArray *
cs_rtcp_split_compound (const guint8 *data, gsize size, GHashTable *last_blocks)
{
  g_autoptr (GArray) packets = g_array_new (FALSE, FALSE, sizeof (Packet));
  g_autoptr (GArray) used = NULL;
  g_autoptr (GPtrArray) pieces = NULL;
  const Packet *first_report = NULL;
  gboolean leftover = FALSE;

  if (data == NULL || !parse_compound (data, size, packets))
    return NULL;
  used = g_array_sized_new (FALSE, TRUE, sizeof (gboolean), packets->len);
  g_array_set_size (used, packets->len);
  pieces = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  /* one piece per report block, with the feedback about its stream */
  for (guint i = 0; i < packets->len; i++)
    {
      const Packet *p = &g_array_index (packets, Packet, i);
      gsize blocks = p->offset + 8 + (p->type == RTCP_SR ? SR_INFO : 0);

      if (!is_report (p))
        continue;
      if (first_report == NULL)
        first_report = p;
      for (guint b = 0; b < p->count; b++)
        {
          const guint8 *block = data + blocks + (gsize) b * RB_SIZE;

          if (last_blocks != NULL)
            remember_block (last_blocks, block);
          g_ptr_array_add (pieces, make_piece (data, packets, p, block, read_be32 (block), FALSE, used));
        }
    }
  if (first_report == NULL)
    return NULL; /* not a compound packet as RFC 3550 makes them */

  /* feedback about a stream no block reports on (rtpsession's early packets carry none):
   * with the last block about that stream, as Janus drops a PLI it cannot place */
  for (guint i = 0; i < packets->len; i++)
    {
      const Packet *p = &g_array_index (packets, Packet, i);
      guint32 media;
      GBytes *block;

      if (!is_feedback (p) || g_array_index (used, gboolean, i))
        continue;
      media = feedback_media_ssrc (data, p);
      block = last_blocks != NULL ? g_hash_table_lookup (last_blocks, GUINT_TO_POINTER (media)) : NULL;
      if (block != NULL)
        g_ptr_array_add (pieces, make_piece (data, packets, first_report, g_bytes_get_data (block, NULL), media,
                                             FALSE, used));
      else
        leftover = TRUE;
    }
  /* and the rest in a piece of its own, as an early packet */
  if (leftover)
    g_ptr_array_add (pieces, make_piece (data, packets, first_report, NULL, 0, TRUE, used));

  if (pieces->len == 0)
    return NULL;
  if (pieces->len == 1)
    {
      gsize n;
      const guint8 *piece = g_bytes_get_data (g_ptr_array_index (pieces, 0), &n);

      if (n == size && memcmp (piece, data, size) == 0)
        return NULL; /* nothing to change */
    }
  return g_steal_pointer (&pieces);
}

/* ------------------------------------------------------------------ on rtpbin's pads */

static GstPadProbeReturn
on_rtcp_out (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  g_autoptr (GPtrArray) pieces = NULL;
  GstMapInfo map;

  if (!gst_buffer_map (buffer, &map, GST_MAP_READ))
    return GST_PAD_PROBE_OK;
  pieces = cs_rtcp_split_compound (map.data, map.size, user_data);
  gst_buffer_unmap (buffer, &map);
  if (pieces == NULL)
    return GST_PAD_PROBE_OK;

  /* every piece but the last is pushed from here (each has one block: this probe passes it
   * on unchanged); the last one takes the original's place */
  for (guint i = 0; i < pieces->len; i++)
    {
      GstBuffer *piece = gst_buffer_new_wrapped_bytes (g_ptr_array_index (pieces, i));

      gst_buffer_copy_into (piece, buffer, GST_BUFFER_COPY_METADATA, 0, -1);
      if (i + 1 < pieces->len)
        {
          GstFlowReturn ret = gst_pad_push (pad, piece);

          if (ret != GST_FLOW_OK)
            GST_DEBUG_OBJECT (pad, "a piece of a compound RTCP packet was not sent: %s", gst_flow_get_name (ret));
        }
      else
        {
          gst_buffer_unref (buffer);
          GST_PAD_PROBE_INFO_DATA (info) = piece;
        }
    }
  return GST_PAD_PROBE_OK;
}

static void
watch_pad (GstPad *pad)
{
  if (GST_PAD_DIRECTION (pad) == GST_PAD_SRC && g_str_has_prefix (GST_PAD_NAME (pad), "send_rtcp_src_"))
    gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, on_rtcp_out,
                       g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_bytes_unref),
                       (GDestroyNotify) g_hash_table_unref);
}

static void
on_rtpbin_pad_added (GstElement *rtpbin, GstPad *pad, gpointer user_data)
{
  watch_pad (pad);
}

static void
watch_existing_pad (const GValue *item, gpointer user_data)
{
  watch_pad (g_value_get_object (item));
}

void
cs_rtcp_split_attach (GstElement *webrtc)
{
  g_autoptr (GstElement) rtpbin = gst_bin_get_by_name (GST_BIN (webrtc), "rtpbin");
  GstIterator *it;

  /* webrtcbin makes its rtpbin when it is made (1.22); its RTCP pads come with sessions */
  if (rtpbin == NULL)
    {
      g_warning ("webrtcbin has no rtpbin: its RTCP reports cannot be split");
      return;
    }
  g_signal_connect (rtpbin, "pad-added", G_CALLBACK (on_rtpbin_pad_added), NULL);
  it = gst_element_iterate_src_pads (rtpbin);
  while (gst_iterator_foreach (it, watch_existing_pad, NULL) == GST_ITERATOR_RESYNC)
    gst_iterator_resync (it);
  gst_iterator_free (it);
}
