/* cs-link-attribution.h — who is to blame: a stream's trouble split between two links
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Media from A to B crosses A's uplink and B's downlink. Given the measured streams of
 * one second (each with its windowed loss, jitter, delay, freeze, frame-rate shortfall and
 * time without media), cs_link_attribute() gives every user's uplink and downlink their
 * shares, by the rules of docs/quality-score.md §5.1:
 *  1. B receives from at least two senders: the part all of B's incoming streams share
 *     (their minimum) is B's downlink; the rest of each stream is its sender's uplink;
 *  2. else A sends to at least two receivers: the part all of A's outgoing streams share is
 *     A's uplink; the rest of each stream is its receiver's downlink;
 *  3. else (one stream each way) the remote user is blamed, never the local one: a stream
 *     to the local user or to a server is its sender's uplink, any other its receiver's downlink.
 * A link's value for a metric is the largest share it gets. A remainder of loss within three
 * standard errors of the binomial estimate is noise, not blame; and while a user with several
 * streams has data for fewer than two, none of its streams blames anyone (the common part is
 * not known yet). Pure functions: no state, no GObject, deterministic.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CS_LINK_LOSS,    /* % of the packets expected */
  CS_LINK_JITTER,  /* ms */
  CS_LINK_DELAY,   /* ms, one way */
  CS_LINK_FREEZE,  /* % of the time */
  CS_LINK_FPS,     /* frame-rate shortfall, % of the frames sent */
  CS_LINK_STOP,    /* s without media */
  CS_LINK_N_METRICS
} CsLinkMetric;

#define CS_LINK_NO_USER (-1)

typedef struct
{
  guint    sender;                  /* index of the sending user */
  gint     receiver;                /* index of the receiving user, or CS_LINK_NO_USER: a media server */
  double   v[CS_LINK_N_METRICS];    /* the stream's values; < 0: unknown */
  gboolean delay_from_rtt;          /* v[CS_LINK_DELAY] is RTT/2, not a measured one-way delay */
  guint    intervals;               /* intervals measured so far; 0: no data yet */
  double   expected;                /* packets behind the loss figure */
} CsStreamMetrics;

typedef struct
{
  double   v[CS_LINK_N_METRICS];    /* the largest share given; < 0: none */
  gint     stream[CS_LINK_N_METRICS]; /* the stream that gave it (its other end is the peer), or -1 */
  gboolean delay_from_rtt;          /* of the stream that gave the delay */
  guint    intervals;               /* the most intervals of the user's streams that way */
} CsLinkShare;

/* Resets @share to "nothing given". */
void   cs_link_share_init (CsLinkShare *share);

/* The part of @v above the common part @common that is more than noise: for loss, more
 * than three standard errors of a binomial estimate from @expected packets. */
double cs_link_remainder  (CsLinkMetric metric,
                           double       v,
                           double       common,
                           double       expected);

/* Splits @streams (@n_streams, every sender and receiver index below @n_users) between the
 * links of @n_users users; @local: the local user's index (CS_LINK_NO_USER if none).
 * @up and @down: arrays of @n_users, filled. */
void   cs_link_attribute  (const CsStreamMetrics *streams,
                           guint                  n_streams,
                           guint                  n_users,
                           gint                   local,
                           CsLinkShare           *up,
                           CsLinkShare           *down);

G_END_DECLS
