/* cs-delays.c — the three delays of a received stream (see cs-delays.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-delays.h"
#include "cs-quality-score.h"
#include "cs-stats-sample.h"

void
cs_delays_estimate (const CsDelayInputs *in, CsDelays *d)
{
  double jitter = in->jitter_ms >= 0 ? in->jitter_ms : 0;
  double encode = in->encode_ms >= 0 ? in->encode_ms : 0;

  d->transport = in->transport_ms;
  d->transport_measured = in->transport_ms >= 0 && in->transport_measured;
  if (d->transport < 0)
    {
      d->transport = in->rtt_ms >= 0 ? in->rtt_ms / 2 : CS_UNKNOWN;
      d->transport_measured = FALSE;
    }
  d->receive = in->receive_ms;
  d->receive_measured = in->receive_ms >= 0 && in->receive_measured;
  if (d->receive < 0 && d->transport >= 0)
    {
      d->receive = d->transport + CS_EMODEL_JITTER_MULT * jitter;
      d->receive_measured = FALSE;
    }
  d->e2e = in->end2end_ms;
  d->e2e_measured = in->end2end_ms >= 0 && in->end2end_measured;
  if (d->e2e < 0 && d->receive >= 0)
    {
      d->e2e = d->receive + encode;
      d->e2e_measured = FALSE;
    }
  /* end2EndDelay >= receiveDelay >= transportDelay, always */
  if (d->receive >= 0 && d->transport > d->receive)
    d->receive = d->transport;
  if (d->e2e >= 0 && d->receive > d->e2e)
    d->e2e = d->receive;
}
