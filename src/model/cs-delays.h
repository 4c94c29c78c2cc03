/* cs-delays.h — the three delays of a received stream, measured or estimated
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * docs/quality-score.md §4, as a pure function: transportDelay (the network),
 * receiveDelay (+ jitter buffer, decode, render) and end2EndDelay (+ capture and encode at
 * the sender), each taken from the sample where its source measured it, else estimated
 * (transport = RTT / 2; receive = transport + CS_EMODEL_JITTER_MULT × jitter; end2end =
 * receive + the sender's encode delay), then ordered end2end ≥ receive ≥ transport.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What the delays are made from; a negative value (CS_UNKNOWN) is unknown. */
typedef struct
{
  double   transport_ms, receive_ms, end2end_ms;   /* from the sample */
  gboolean transport_measured, receive_measured, end2end_measured;
  double   rtt_ms;      /* of the connection */
  double   jitter_ms;   /* of the stream */
  double   encode_ms;   /* the sender's capture -> send delay */
} CsDelayInputs;

typedef struct
{
  double   transport, receive, e2e;   /* ms; CS_UNKNOWN when nothing allows an estimate */
  gboolean transport_measured, receive_measured, e2e_measured;
} CsDelays;

void cs_delays_estimate (const CsDelayInputs *in, CsDelays *out);

G_END_DECLS
