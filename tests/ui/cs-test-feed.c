/* cs-test-feed.c — synthetic CsStatsSample streams for the window's tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "cs-test-feed.h"

/* Linked into every test of the window, so the sanitizer settings below apply to them all. */
#if defined(__SANITIZE_ADDRESS__)
/* GLib's quark table starts with a block allocated in GLib's constructor; once GStreamer and
 * GDK have registered more than 2048 quarks the table moves and the first block is dropped
 * on purpose (lock-free readers may still use it). That block is only recognisable by its
 * allocation in a library constructor, which needs the slow unwinder to be seen. */
const char *__asan_default_options (void);
const char *__lsan_default_suppressions (void);

const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}

const char *
__lsan_default_suppressions (void)
{
  return "leak:_dl_init\n";
}
#endif

typedef struct
{
  char            *uid;
  char            *name;
  CsTestImpairment imp;
  gboolean         present;
  gboolean         announce;  /* send a CONNECTED sample at the next step */
  gboolean         leave;     /* send a CLOSED sample at the next step */
  /* cumulative counters, per direction (0: user -> local, 1: local -> user), per kind (0 audio, 1 video) */
  guint64          packets[2][2];
  guint64          bytes[2][2];
  double           lost[2][2];
  guint64          frames[2];
} User;

struct _CsTestFeed
{
  CsStatsModel *model;
  GPtrArray    *users;
  double        t;
  guint         next_id;
};

static void
user_free (gpointer data)
{
  User *u = data;

  g_free (u->uid);
  g_free (u->name);
  g_free (u);
}

void
cs_test_feed_add_user (CsTestFeed *feed)
{
  User *u = g_new0 (User, 1);

  feed->next_id++;
  u->uid = g_strdup_printf ("user-%u", feed->next_id);
  u->name = g_strdup_printf ("User %u", feed->next_id);
  u->imp.loss_pct = 0;
  u->imp.delay_ms = 20;
  u->imp.jitter_ms = 2;
  u->present = TRUE;
  u->announce = TRUE;
  g_ptr_array_add (feed->users, u);
}

CsTestFeed *
cs_test_feed_new (CsStatsModel *model, guint n_users)
{
  CsTestFeed *feed = g_new0 (CsTestFeed, 1);

  feed->model = g_object_ref (model);
  feed->users = g_ptr_array_new_with_free_func (user_free);
  feed->t = -1;
  cs_stats_model_join (model, "local");
  for (guint i = 0; i < n_users; i++)
    cs_test_feed_add_user (feed);
  return feed;
}

void
cs_test_feed_free (CsTestFeed *feed)
{
  g_ptr_array_unref (feed->users);
  g_object_unref (feed->model);
  g_free (feed);
}

void
cs_test_feed_set (CsTestFeed *feed, guint index, const CsTestImpairment *imp)
{
  for (guint i = 0; i < feed->users->len; i++)
    if (index == 0 || index == i + 1)
      ((User *) g_ptr_array_index (feed->users, i))->imp = *imp;
}

void
cs_test_feed_remove_user (CsTestFeed *feed, guint index)
{
  g_return_if_fail (index >= 1 && index <= feed->users->len);
  ((User *) g_ptr_array_index (feed->users, index - 1))->leave = TRUE;
}

double
cs_test_feed_get_t (CsTestFeed *feed)
{
  return feed->t;
}

static void
connection (CsTestFeed *feed, const char *observer, const char *peer, const char *name, CsConnectionState state)
{
  g_autoptr (CsStatsSample) s = cs_stats_sample_new ();

  s->t = feed->t;
  s->observer_uid = g_strdup (observer);
  s->peer_uid = g_strdup (peer);
  s->kind = CS_SAMPLE_KIND_CONNECTION;
  s->connection_state = state;
  s->display_name = g_strdup (name);
  cs_stats_model_ingest (feed->model, s);
}

/* One track: @dir 0 = sent by the user to local, 1 = sent by local to the user. Emits the
 * sender's outbound sample and the receiver's inbound sample. */
static void
track (CsTestFeed *feed, User *u, int dir, int video)
{
  const double pps = video ? 90 : 50;
  const double bytes_per_packet = video ? 1000 : 80;
  const char *sender = dir == 0 ? u->uid : "local";
  const char *receiver = dir == 0 ? "local" : u->uid;
  /* a little wobble, deterministic */
  double wobble = 0.5 + 0.5 * sin (feed->t / 7.0 + (double) (u->uid[5]) + dir + video);
  double loss = u->imp.stopped ? 0 : u->imp.loss_pct * (0.8 + 0.4 * wobble);
  double sent = u->imp.stopped ? 0 : pps;
  double received = sent * (1 - loss / 100.0);
  double rtt = 2 * u->imp.delay_ms + 2;
  double jitter = u->imp.jitter_ms * (0.7 + 0.6 * wobble);
  g_autoptr (CsStatsSample) out = cs_stats_sample_new ();
  g_autoptr (CsStatsSample) in = cs_stats_sample_new ();

  u->packets[dir][video] += (guint64) received;
  u->bytes[dir][video] += (guint64) (received * bytes_per_packet);
  u->lost[dir][video] += sent - received;
  if (video)
    u->frames[dir] += u->imp.stopped ? 0 : 30;

  out->t = in->t = feed->t;
  out->observer_uid = g_strdup (sender);
  out->peer_uid = g_strdup (receiver);
  in->observer_uid = g_strdup (receiver);
  in->peer_uid = g_strdup (sender);
  out->kind = in->kind = video ? CS_SAMPLE_KIND_VIDEO : CS_SAMPLE_KIND_AUDIO;
  out->direction = CS_SAMPLE_DIRECTION_OUTBOUND;
  in->direction = CS_SAMPLE_DIRECTION_INBOUND;
  out->ssrc = in->ssrc = (guint32) (1000 + 10 * feed->users->len + dir * 2 + video + 100 * u->uid[5]);
  out->codec = g_strdup (video ? "VP8" : "opus");
  in->codec = g_strdup (video ? "VP8" : "opus");

  out->packets = (guint64) (feed->t + 1) * (guint64) sent;
  out->bytes = (guint64) (out->packets * bytes_per_packet);
  out->packets_lost = (gint64) u->lost[dir][video];
  out->has_packets_lost = TRUE;
  out->fraction_lost = loss / 100.0;
  out->rtt_ms = rtt;
  out->jitter_ms = jitter;
  out->available_outgoing_bitrate = 2.5e6;
  out->target_bitrate = video ? 1.0e6 : 32000;
  out->audio_level = video ? CS_UNKNOWN : 3000;

  in->packets = u->packets[dir][video];
  in->bytes = u->bytes[dir][video];
  in->packets_lost = (gint64) u->lost[dir][video];
  in->has_packets_lost = TRUE;
  in->jitter_ms = jitter;
  in->rtt_ms = rtt;
  in->audio_level = video ? CS_UNKNOWN : (u->imp.stopped ? 0 : 2500);
  in->transport_delay_ms = u->imp.delay_ms + jitter;
  in->receive_delay_ms = in->transport_delay_ms + 40 + 2 * jitter;
  in->end2end_delay_ms = in->receive_delay_ms + 35;
  in->transport_delay_measured = in->receive_delay_measured = in->end2end_delay_measured = TRUE;
  if (video)
    {
      out->has_frames = in->has_frames = TRUE;
      out->frames_captured = out->frames_encoded = u->frames[dir];
      in->frames_decoded = in->frames_rendered = u->frames[dir];
      in->total_freeze_ms = 0;
      out->width = in->width = out->capture_width = 640;
      out->height = in->height = out->capture_height = 480;
      out->encode_delay_ms = 8;
    }
  cs_stats_model_ingest (feed->model, out);
  cs_stats_model_ingest (feed->model, in);
}

double
cs_test_feed_step (CsTestFeed *feed)
{
  feed->t += 1;
  for (guint i = 0; i < feed->users->len; i++)
    {
      User *u = g_ptr_array_index (feed->users, i);

      if (u->announce)
        {
          connection (feed, "local", u->uid, u->name, CS_CONNECTION_STATE_CONNECTED);
          connection (feed, u->uid, "local", NULL, CS_CONNECTION_STATE_CONNECTED);
          u->announce = FALSE;
        }
      if (u->leave && u->present)
        {
          connection (feed, "local", u->uid, u->name, CS_CONNECTION_STATE_CLOSED);
          connection (feed, u->uid, "local", NULL, CS_CONNECTION_STATE_CLOSED);
          u->present = FALSE;
        }
      if (!u->present)
        continue;
      for (int dir = 0; dir < 2; dir++)
        for (int video = 0; video < 2; video++)
          track (feed, u, dir, video);
    }
  cs_stats_model_commit (feed->model, feed->t);
  return feed->t;
}

void
cs_test_feed_run (CsTestFeed *feed, guint seconds)
{
  for (guint i = 0; i < seconds; i++)
    cs_test_feed_step (feed);
}
