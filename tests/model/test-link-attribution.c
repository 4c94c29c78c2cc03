/* test-link-attribution.c — who is to blame: every rule of docs/quality-score.md §5.1
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Table-driven: each case is a set of streams between the lab's star (user 0 is the local
 * user, users 1…3 remote, -1 a media server) and the shares every link must get.
 */
#include "config.h"

#include <math.h>

#include "cs-link-attribution.h"

#define N_USERS 4
#define LOCAL   0
#define SERVER  CS_LINK_NO_USER
#define NONE    (-1.0)        /* no share given */
#define MAX_STREAMS 8

typedef struct
{
  guint  sender;
  gint   receiver;
  double loss, delay;         /* the two metrics the cases use; < 0 unknown */
  guint  intervals;
  double expected;            /* packets behind the loss figure */
} Stream;

typedef struct
{
  const char *name;
  Stream      streams[MAX_STREAMS];
  guint       n_streams;
  /* expected loss and delay shares, per user: uplink, then downlink */
  double      up_loss[N_USERS], down_loss[N_USERS];
  double      up_delay[N_USERS], down_delay[N_USERS];
} Case;

#define S(from, to, loss, delay) { from, to, loss, delay, 5, 1000 }

static const Case cases[] = {
  /* rule 1, the doc's first example: 10 % loss on user-1's link, N = 3. What local receives
   * shares 0 %, so user-1 -> local is user-1's uplink; what local sends shares 0 % (rule 2,
   * each remote user receiving from local only), so local -> user-1 is user-1's downlink */
  { "rule1-rule2-lossy-remote",
    { S (1, LOCAL, 10, 5), S (2, LOCAL, 0, 5), S (3, LOCAL, 0, 5),
      S (LOCAL, 1, 10, 5), S (LOCAL, 2, 0, 5), S (LOCAL, 3, 0, 5) }, 6,
    .up_loss = { 0, 10, 0, 0 }, .down_loss = { 0, 10, 0, 0 },
    .up_delay = { 5, 0, 0, 0 }, .down_delay = { 5, 0, 0, 0 } },
  /* the doc's second example: 100 ms on the local user's link is in every stream of the local
   * user: its uplink and downlink, and no remote user is blamed */
  { "local-delay",
    { S (1, LOCAL, 0, 100), S (2, LOCAL, 0, 100), S (3, LOCAL, 0, 100),
      S (LOCAL, 1, 0, 100), S (LOCAL, 2, 0, 100), S (LOCAL, 3, 0, 100) }, 6,
    .up_loss = { 0, 0, 0, 0 }, .down_loss = { 0, 0, 0, 0 },
    .up_delay = { 100, 0, 0, 0 }, .down_delay = { 100, 0, 0, 0 } },
  /* rule 1 with a common part: 4 % shared by all that local receives, 10 % more from user-2 */
  { "rule1-common-part",
    { S (1, LOCAL, 4, 5), S (2, LOCAL, 14, 5), S (3, LOCAL, 4, 5) }, 3,
    .up_loss = { NONE, 0, 10, 0 }, .down_loss = { 4, NONE, NONE, NONE },
    .up_delay = { NONE, 0, 0, 0 }, .down_delay = { 5, NONE, NONE, NONE } },
  /* rule 3, the doc's third example: one remote user with 10 % both ways is blamed for both,
   * the local user for nothing, even if the local link was the lossy one */
  { "rule3-one-remote",
    { S (1, LOCAL, 10, 5), S (LOCAL, 1, 10, 5) }, 2,
    .up_loss = { NONE, 10, NONE, NONE }, .down_loss = { NONE, 10, NONE, NONE },
    .up_delay = { NONE, 5, NONE, NONE }, .down_delay = { NONE, 5, NONE, NONE } },
  /* rule 3 between two remote users (an SFU's view): the receiver's downlink */
  { "rule3-remote-to-remote",
    { S (1, 2, 7, 5) }, 1,
    .up_loss = { NONE, NONE, NONE, NONE }, .down_loss = { NONE, NONE, 7, NONE },
    .up_delay = { NONE, NONE, NONE, NONE }, .down_delay = { NONE, NONE, 5, NONE } },
  /* rule 3 to a media server (a WHIP publisher): the sender's uplink */
  { "rule3-to-server",
    { S (LOCAL, SERVER, 6, 20) }, 1,
    .up_loss = { 6, NONE, NONE, NONE }, .down_loss = { NONE, NONE, NONE, NONE },
    .up_delay = { 20, NONE, NONE, NONE }, .down_delay = { NONE, NONE, NONE, NONE } },
  /* rule 2 with a server among the receivers: what the server gets beyond the common part
   * stays the sender's (there is no receiving user to blame) */
  { "rule2-with-server",
    { S (LOCAL, SERVER, 9, 5), S (LOCAL, 1, 2, 5) }, 2,
    .up_loss = { 9, NONE, NONE, NONE }, .down_loss = { NONE, 0, NONE, NONE },
    .up_delay = { 5, NONE, NONE, NONE }, .down_delay = { NONE, 0, NONE, NONE } },
  /* noise: 1.0 % against a common 0.5 % from 1000 packets each is within three standard
   * errors (0.94 %): nobody's uplink gets the difference */
  { "loss-noise",
    { S (1, LOCAL, 1.0, 5), S (2, LOCAL, 0.5, 5) }, 2,
    .up_loss = { NONE, 0, 0, NONE }, .down_loss = { 0.5, NONE, NONE, NONE },
    .up_delay = { NONE, 0, 0, NONE }, .down_delay = { 5, NONE, NONE, NONE } },
  /* the largest share wins: user-1's uplink gets 3 % towards local and 8 % towards user-2 */
  { "largest-share",
    { S (1, LOCAL, 3, 5), S (2, LOCAL, 0, 5), S (1, 2, 8, 5), S (3, 2, 0, 5) }, 4,
    .up_loss = { NONE, 8, 0, 0 }, .down_loss = { 0, NONE, 0, NONE },
    .up_delay = { NONE, 0, 0, 0 }, .down_delay = { 5, NONE, 5, NONE } },
};

static void
fill (const Case *c, CsStreamMetrics *streams)
{
  for (guint i = 0; i < c->n_streams; i++)
    {
      for (guint m = 0; m < CS_LINK_N_METRICS; m++)
        streams[i].v[m] = -1;
      streams[i].sender = c->streams[i].sender;
      streams[i].receiver = c->streams[i].receiver;
      streams[i].v[CS_LINK_LOSS] = c->streams[i].loss;
      streams[i].v[CS_LINK_DELAY] = c->streams[i].delay;
      streams[i].intervals = c->streams[i].intervals;
      streams[i].expected = c->streams[i].expected;
    }
}

static void
assert_share (const char *what, guint user, double got, double want)
{
  if ((want < 0 && got < 0) || fabs (got - want) < 1e-9)
    return;
  g_error ("%s of user %u: got %g, expected %g", what, user, got, want);
}

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  CsStreamMetrics streams[MAX_STREAMS] = { 0 };
  CsLinkShare up[N_USERS], down[N_USERS];

  fill (c, streams);
  cs_link_attribute (streams, c->n_streams, N_USERS, LOCAL, up, down);
  for (guint u = 0; u < N_USERS; u++)
    {
      assert_share ("uplink loss", u, up[u].v[CS_LINK_LOSS], c->up_loss[u]);
      assert_share ("downlink loss", u, down[u].v[CS_LINK_LOSS], c->down_loss[u]);
      assert_share ("uplink delay", u, up[u].v[CS_LINK_DELAY], c->up_delay[u]);
      assert_share ("downlink delay", u, down[u].v[CS_LINK_DELAY], c->down_delay[u]);
      /* metrics no stream measured are never given */
      g_assert_cmpfloat (up[u].v[CS_LINK_JITTER], <, 0);
      g_assert_cmpfloat (down[u].v[CS_LINK_FREEZE], <, 0);
    }
}

/* Each share names the stream it came from: the peer to show in the reason. */
static void
test_peer (void)
{
  const Case *c = &cases[0];
  CsStreamMetrics streams[MAX_STREAMS] = { 0 };
  CsLinkShare up[N_USERS], down[N_USERS];

  fill (c, streams);
  streams[0].delay_from_rtt = TRUE;
  cs_link_attribute (streams, c->n_streams, N_USERS, LOCAL, up, down);
  /* user-1's uplink loss is the stream user-1 -> local, its downlink loss local -> user-1 */
  g_assert_cmpint (up[1].stream[CS_LINK_LOSS], ==, 0);
  g_assert_cmpint (down[1].stream[CS_LINK_LOSS], ==, 3);
  /* the local downlink's delay came from the first stream that gave the common part, and
   * carries that stream's "RTT/2" flag */
  g_assert_cmpint (down[LOCAL].stream[CS_LINK_DELAY], ==, 0);
  g_assert_true (down[LOCAL].delay_from_rtt);
  g_assert_false (up[LOCAL].delay_from_rtt);
  /* nothing given: no stream */
  g_assert_cmpint (up[1].stream[CS_LINK_JITTER], ==, -1);
  /* intervals: the most of the user's streams that way */
  g_assert_cmpuint (up[1].intervals, ==, 5);
  g_assert_cmpuint (down[LOCAL].intervals, ==, 5);
}

/* At the start of a call, while only one of a user's streams has data, the common part is
 * not known: none of that user's streams blames anyone. */
static void
test_warm_up (void)
{
  const Case *c = &cases[0];
  CsStreamMetrics streams[MAX_STREAMS] = { 0 };
  CsLinkShare up[N_USERS], down[N_USERS];

  fill (c, streams);
  streams[1].intervals = 0;  /* user-2 -> local: no data yet */
  streams[2].intervals = 0;  /* user-3 -> local */
  cs_link_attribute (streams, c->n_streams, N_USERS, LOCAL, up, down);
  /* what local receives: no blame, though user-1 -> local has 10 % */
  g_assert_cmpfloat (up[1].v[CS_LINK_LOSS], <, 0);
  g_assert_cmpfloat (down[LOCAL].v[CS_LINK_LOSS], <, 0);
  /* what local sends is known: user-1's downlink still gets its 10 % */
  g_assert_cmpfloat (down[1].v[CS_LINK_LOSS], ==, 10);

  /* once a second stream has data, the common part is their minimum */
  streams[1].intervals = 1;
  cs_link_attribute (streams, c->n_streams, N_USERS, LOCAL, up, down);
  g_assert_cmpfloat (up[1].v[CS_LINK_LOSS], ==, 10);
  g_assert_cmpfloat (down[LOCAL].v[CS_LINK_LOSS], ==, 0);
}

static void
test_remainder (void)
{
  /* 3 standard errors of 5 % from 100 packets: 6.5 % */
  g_assert_cmpfloat (cs_link_remainder (CS_LINK_LOSS, 5, 0, 100), ==, 0);
  g_assert_cmpfloat (cs_link_remainder (CS_LINK_LOSS, 5, 0, 10000), ==, 5);
  /* other metrics: the plain difference, never negative */
  g_assert_cmpfloat (cs_link_remainder (CS_LINK_DELAY, 120, 100, 0), ==, 20);
  g_assert_cmpfloat (cs_link_remainder (CS_LINK_DELAY, 80, 100, 0), ==, 0);
  /* loss without a packet count: the plain difference */
  g_assert_cmpfloat (cs_link_remainder (CS_LINK_LOSS, 5, 1, 0), ==, 4);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/link-attribution/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_case);
    }
  g_test_add_func ("/link-attribution/peer", test_peer);
  g_test_add_func ("/link-attribution/warm-up", test_warm_up);
  g_test_add_func ("/link-attribution/remainder", test_remainder);
  return g_test_run ();
}
