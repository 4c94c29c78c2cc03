/* cs-link-attribution.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "cs-link-attribution.h"

/* what one user's streams have in common, each way */
typedef struct
{
  double common_in[CS_LINK_N_METRICS], common_out[CS_LINK_N_METRICS];
  guint  n_in[CS_LINK_N_METRICS], n_out[CS_LINK_N_METRICS];
  guint  in_all, in_ready, out_all, out_ready; /* streams, and those with data */
} Common;

void
cs_link_share_init (CsLinkShare *share)
{
  memset (share, 0, sizeof *share);
  for (guint i = 0; i < CS_LINK_N_METRICS; i++)
    {
      share->v[i] = -1;
      share->stream[i] = -1;
    }
}

double
cs_link_remainder (CsLinkMetric metric,
                   double       v,
                   double       common,
                   double       expected)
{
  double rest = v - common;

  if (metric == CS_LINK_LOSS && expected > 0)
    {
      double p = v / 100;
      double se = sqrt (p * (1 - p) / expected) * 100;

      if (rest <= 3 * se)
        return 0;
    }
  return MAX (rest, 0);
}

static void
give (CsLinkShare *share,
      guint        metric,
      double       value,
      guint        stream,
      gboolean     from_rtt)
{
  if (value < 0)
    return;
  if (value > share->v[metric] || share->v[metric] < 0)
    {
      share->v[metric] = value;
      share->stream[metric] = (gint) stream;
      if (metric == CS_LINK_DELAY)
        share->delay_from_rtt = from_rtt;
    }
}

void
cs_link_attribute (const CsStreamMetrics *streams,
                   guint                  n_streams,
                   guint                  n_users,
                   gint                   local,
                   CsLinkShare           *up,
                   CsLinkShare           *down)
{
  g_autofree Common *common = g_new0 (Common, MAX (n_users, 1));

  for (guint u = 0; u < n_users; u++)
    {
      cs_link_share_init (&up[u]);
      cs_link_share_init (&down[u]);
      for (guint m = 0; m < CS_LINK_N_METRICS; m++)
        {
          common[u].common_in[m] = G_MAXDOUBLE;
          common[u].common_out[m] = G_MAXDOUBLE;
        }
    }

  /* the common part of each user's incoming and outgoing streams: the minimum */
  for (guint i = 0; i < n_streams; i++)
    {
      const CsStreamMetrics *s = &streams[i];
      Common *a, *b;

      g_return_if_fail (s->sender < n_users && s->receiver < (gint) n_users && s->receiver >= CS_LINK_NO_USER);
      a = &common[s->sender];
      b = s->receiver != CS_LINK_NO_USER ? &common[s->receiver] : NULL;
      a->out_all++;
      a->out_ready += s->intervals > 0;
      up[s->sender].intervals = MAX (up[s->sender].intervals, s->intervals);
      if (b != NULL)
        {
          b->in_all++;
          b->in_ready += s->intervals > 0;
          down[s->receiver].intervals = MAX (down[s->receiver].intervals, s->intervals);
        }
      for (guint m = 0; m < CS_LINK_N_METRICS; m++)
        {
          if (s->v[m] < 0)
            continue;
          a->common_out[m] = MIN (a->common_out[m], s->v[m]);
          a->n_out[m]++;
          if (b != NULL)
            {
              b->common_in[m] = MIN (b->common_in[m], s->v[m]);
              b->n_in[m]++;
            }
        }
    }

  for (guint i = 0; i < n_streams; i++)
    {
      const CsStreamMetrics *s = &streams[i];
      Common *a = &common[s->sender];
      Common *b = s->receiver != CS_LINK_NO_USER ? &common[s->receiver] : NULL;
      CsLinkShare *a_up = &up[s->sender];
      CsLinkShare *b_down = b != NULL ? &down[s->receiver] : NULL;

      /* at the start of a call, while only one of several streams has data, the
       * common part is not known yet: blame no one */
      if ((b != NULL && b->in_all >= 2 && b->in_ready < 2) || (a->out_all >= 2 && a->out_ready < 2))
        continue;
      for (guint m = 0; m < CS_LINK_N_METRICS; m++)
        {
          double v = s->v[m];
          gboolean rtt = m == CS_LINK_DELAY && s->delay_from_rtt;

          if (v < 0)
            continue;
          if (b != NULL && b->n_in[m] >= 2)
            {
              /* rule 1. shared by everything B receives: B's downlink; the rest: A's uplink */
              give (b_down, m, b->common_in[m], i, rtt);
              give (a_up, m, cs_link_remainder (m, v, b->common_in[m], s->expected), i, rtt);
            }
          else if (a->n_out[m] >= 2)
            {
              /* rule 2. shared by everything A sends: A's uplink; the rest: B's downlink */
              give (a_up, m, a->common_out[m], i, rtt);
              if (b != NULL)
                give (b_down, m, cs_link_remainder (m, v, a->common_out[m], s->expected), i, rtt);
              else
                give (a_up, m, v, i, rtt);
            }
          else if (b == NULL || s->receiver == local)
            give (a_up, m, v, i, rtt);   /* rule 3. to a server, or to us: the sender's uplink */
          else
            give (b_down, m, v, i, rtt); /* rule 3. a single stream: blame the remote end, not us */
        }
    }
}
