/* test-rtcp-split.c — one report block per compound RTCP packet (cs-rtcp-split.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gst/gst.h>
#include <gst/rtp/rtp.h>

#include "cs-rtcp-split.h"

#define OWN   0x11111111u
#define AUDIO 0x22222222u
#define VIDEO 0x33333333u
#define RTX   0x44444444u

/* A compound packet as GStreamer's rtpsession writes it: an RR with @n_blocks blocks
 * (audio, video, rtx), SDES, then a NACK for the video when @nack. */
static GstBuffer *
make_compound (guint n_blocks, gboolean nack)
{
  const guint32 ssrcs[] = { AUDIO, VIDEO, RTX };
  GstBuffer *buffer = gst_rtcp_buffer_new (1400);
  GstRTCPBuffer rtcp = GST_RTCP_BUFFER_INIT;
  GstRTCPPacket packet;

  gst_rtcp_buffer_map (buffer, GST_MAP_READWRITE, &rtcp);
  g_assert_true (gst_rtcp_buffer_add_packet (&rtcp, GST_RTCP_TYPE_RR, &packet));
  gst_rtcp_packet_rr_set_ssrc (&packet, OWN);
  for (guint i = 0; i < n_blocks; i++)
    g_assert_true (gst_rtcp_packet_add_rb (&packet, ssrcs[i], 10 + i, 100 + i, 1000 + i, 5, 0xabcd0000u + i, 0x100 + i));
  g_assert_true (gst_rtcp_buffer_add_packet (&rtcp, GST_RTCP_TYPE_SDES, &packet));
  g_assert_true (gst_rtcp_packet_sdes_add_item (&packet, OWN));
  g_assert_true (gst_rtcp_packet_sdes_add_entry (&packet, GST_RTCP_SDES_CNAME, 4, (const guint8 *) "user"));
  if (nack)
    {
      g_assert_true (gst_rtcp_buffer_add_packet (&rtcp, GST_RTCP_TYPE_RTPFB, &packet));
      gst_rtcp_packet_fb_set_type (&packet, GST_RTCP_RTPFB_TYPE_NACK);
      gst_rtcp_packet_fb_set_sender_ssrc (&packet, OWN);
      gst_rtcp_packet_fb_set_media_ssrc (&packet, VIDEO);
      g_assert_true (gst_rtcp_packet_fb_set_fci_length (&packet, 1));
      gst_rtcp_packet_fb_get_fci (&packet)[1] = 7; /* seqnum 7, no bitmask */
    }
  gst_rtcp_buffer_unmap (&rtcp);
  return buffer;
}

/* The report blocks' SSRCs and the feedback's media SSRCs of one piece, which must be a
 * valid compound packet with its SDES */
static void
read_piece (GBytes *piece, guint32 *rb_ssrc, guint *n_rb, guint32 *fb_media, guint *n_fb)
{
  g_autoptr (GstBuffer) buffer = gst_buffer_new_wrapped_bytes (piece);
  GstRTCPBuffer rtcp = GST_RTCP_BUFFER_INIT;
  GstRTCPPacket packet;
  gboolean more, sdes = FALSE;

  g_assert_true (gst_rtcp_buffer_validate (buffer));
  *n_rb = *n_fb = 0;
  gst_rtcp_buffer_map (buffer, GST_MAP_READ, &rtcp);
  for (more = gst_rtcp_buffer_get_first_packet (&rtcp, &packet); more; more = gst_rtcp_packet_move_to_next (&packet))
    switch (gst_rtcp_packet_get_type (&packet))
      {
      case GST_RTCP_TYPE_RR:
        g_assert_cmphex (gst_rtcp_packet_rr_get_ssrc (&packet), ==, OWN);
        *n_rb += gst_rtcp_packet_get_rb_count (&packet);
        if (gst_rtcp_packet_get_rb_count (&packet) == 1)
          {
            guint8 fraction;
            gint32 lost;
            guint32 seq, jitter, lsr, dlsr;

            gst_rtcp_packet_get_rb (&packet, 0, rb_ssrc, &fraction, &lost, &seq, &jitter, &lsr, &dlsr);
            /* the block is copied whole */
            g_assert_cmpuint (lsr & 0xffff0000u, ==, 0xabcd0000u);
          }
        break;
      case GST_RTCP_TYPE_SDES:
        sdes = TRUE;
        break;
      case GST_RTCP_TYPE_RTPFB:
        *fb_media = gst_rtcp_packet_fb_get_media_ssrc (&packet);
        (*n_fb)++;
        break;
      default:
        break;
      }
  gst_rtcp_buffer_unmap (&rtcp);
  g_assert_true (sdes);
}

static GPtrArray *
split_with (GstBuffer *buffer, GHashTable *last_blocks)
{
  GstMapInfo map;
  GPtrArray *pieces;

  gst_buffer_map (buffer, &map, GST_MAP_READ);
  pieces = cs_rtcp_split_compound (map.data, map.size, last_blocks);
  gst_buffer_unmap (buffer, &map);
  return pieces;
}

static GPtrArray *
split (GstBuffer *buffer)
{
  return split_with (buffer, NULL);
}

static void
test_one_block_unchanged (void)
{
  g_autoptr (GstBuffer) none = make_compound (0, TRUE);
  g_autoptr (GstBuffer) one = make_compound (1, FALSE);

  g_assert_null (split (none));
  g_assert_null (split (one));
  g_assert_null (cs_rtcp_split_compound ((const guint8 *) "\x80\xc9\x00\x07", 4, NULL)); /* truncated */
}

static void
test_split (void)
{
  g_autoptr (GstBuffer) buffer = make_compound (3, TRUE);
  g_autoptr (GPtrArray) pieces = split (buffer);
  const guint32 expected[] = { AUDIO, VIDEO, RTX };

  g_assert_nonnull (pieces);
  g_assert_cmpuint (pieces->len, ==, 3);
  for (guint i = 0; i < pieces->len; i++)
    {
      guint32 rb = 0, fb = 0;
      guint n_rb, n_fb;

      read_piece (g_bytes_ref (g_ptr_array_index (pieces, i)), &rb, &n_rb, &fb, &n_fb);
      g_assert_cmpuint (n_rb, ==, 1);
      g_assert_cmphex (rb, ==, expected[i]);
      /* the NACK goes with the video's block, where Janus looks for the stream */
      g_assert_cmpuint (n_fb, ==, expected[i] == VIDEO ? 1 : 0);
      if (n_fb > 0)
        g_assert_cmphex (fb, ==, VIDEO);
    }
}

/* feedback about a stream no block names gets a piece of its own */
static void
test_leftover_feedback (void)
{
  g_autoptr (GstBuffer) with_nack = NULL;
  g_autoptr (GPtrArray) pieces = NULL;
  GstRTCPBuffer rtcp = GST_RTCP_BUFFER_INIT;
  GstRTCPPacket packet;
  guint32 rb = 0, fb = 0;
  guint n_rb, n_fb;

  /* audio and video blocks, and a NACK about RTX, which no block names */
  with_nack = make_compound (2, TRUE);
  gst_rtcp_buffer_map (with_nack, GST_MAP_READWRITE, &rtcp);
  gst_rtcp_buffer_get_first_packet (&rtcp, &packet);
  while (gst_rtcp_packet_get_type (&packet) != GST_RTCP_TYPE_RTPFB)
    gst_rtcp_packet_move_to_next (&packet);
  gst_rtcp_packet_fb_set_media_ssrc (&packet, RTX);
  gst_rtcp_buffer_unmap (&rtcp);

  pieces = split (with_nack);
  g_assert_cmpuint (pieces->len, ==, 3);
  read_piece (g_bytes_ref (g_ptr_array_index (pieces, 2)), &rb, &n_rb, &fb, &n_fb);
  g_assert_cmpuint (n_rb, ==, 0);
  g_assert_cmpuint (n_fb, ==, 1);
  g_assert_cmphex (fb, ==, RTX);
}

/* An early packet (no block) with a PLI for the video: it gets the last block sent about the
 * video, without LSR and DLSR, as Janus 1.1.2 drops a PLI it cannot place by a block. */
static void
test_pli_gets_last_block (void)
{
  g_autoptr (GHashTable) last = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_bytes_unref);
  g_autoptr (GstBuffer) regular = make_compound (2, FALSE);
  g_autoptr (GstBuffer) early = make_compound (0, FALSE);
  g_autoptr (GPtrArray) first = NULL;
  g_autoptr (GPtrArray) pieces = NULL;
  GstRTCPBuffer rtcp = GST_RTCP_BUFFER_INIT;
  GstRTCPPacket packet;
  g_autoptr (GstBuffer) piece = NULL;
  gboolean more;
  guint n_rb = 0, n_pli = 0;

  /* no block seen yet: nothing to add */
  gst_rtcp_buffer_map (early, GST_MAP_READWRITE, &rtcp);
  g_assert_true (gst_rtcp_buffer_add_packet (&rtcp, GST_RTCP_TYPE_PSFB, &packet));
  gst_rtcp_packet_fb_set_type (&packet, GST_RTCP_PSFB_TYPE_PLI);
  gst_rtcp_packet_fb_set_sender_ssrc (&packet, OWN);
  gst_rtcp_packet_fb_set_media_ssrc (&packet, VIDEO);
  gst_rtcp_buffer_unmap (&rtcp);
  g_assert_null (split_with (early, last));

  first = split_with (regular, last);
  g_assert_cmpuint (first->len, ==, 2);
  pieces = split_with (early, last);
  g_assert_nonnull (pieces);
  g_assert_cmpuint (pieces->len, ==, 1);
  piece = gst_buffer_new_wrapped_bytes (g_bytes_ref (g_ptr_array_index (pieces, 0)));
  g_assert_true (gst_rtcp_buffer_validate (piece));
  gst_rtcp_buffer_map (piece, GST_MAP_READ, &rtcp);
  for (more = gst_rtcp_buffer_get_first_packet (&rtcp, &packet); more; more = gst_rtcp_packet_move_to_next (&packet))
    if (gst_rtcp_packet_get_type (&packet) == GST_RTCP_TYPE_RR)
      {
        guint32 ssrc, seq, jitter, lsr, dlsr;
        guint8 fraction;
        gint32 lost;

        n_rb = gst_rtcp_packet_get_rb_count (&packet);
        g_assert_cmpuint (n_rb, ==, 1);
        gst_rtcp_packet_get_rb (&packet, 0, &ssrc, &fraction, &lost, &seq, &jitter, &lsr, &dlsr);
        g_assert_cmphex (ssrc, ==, VIDEO);
        g_assert_cmpuint (seq, ==, 1001); /* the video's block */
        g_assert_cmpuint (lsr, ==, 0);
        g_assert_cmpuint (dlsr, ==, 0);
      }
    else if (gst_rtcp_packet_get_type (&packet) == GST_RTCP_TYPE_PSFB)
      {
        g_assert_cmphex (gst_rtcp_packet_fb_get_media_ssrc (&packet), ==, VIDEO);
        n_pli++;
      }
  gst_rtcp_buffer_unmap (&rtcp);
  g_assert_cmpuint (n_rb, ==, 1);
  g_assert_cmpuint (n_pli, ==, 1);
}

int
main (int argc, char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/rtcp-split/one-block-unchanged", test_one_block_unchanged);
  g_test_add_func ("/rtcp-split/one-block-per-piece", test_split);
  g_test_add_func ("/rtcp-split/leftover-feedback", test_leftover_feedback);
  g_test_add_func ("/rtcp-split/pli-gets-last-block", test_pli_gets_last_block);
  return g_test_run ();
}
