/* test-delays.c — the three delays of docs/quality-score.md §4, rule by rule
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Table-driven: what the sample measured (or did not), the connection's RTT, the stream's
 * jitter and the sender's encode delay, and the three delays with their flags.
 */
#include "config.h"

#include <math.h>

#include "cs-delays.h"
#include "cs-quality-score.h"
#include "cs-stats-sample.h"

#define U CS_UNKNOWN

typedef struct
{
  const char   *name;
  CsDelayInputs in;
  CsDelays      out;
} Case;

static const Case cases[] = {
  /* all three measured (the lab's shared clock): taken as they are */
  { "all-measured", { 20, 60, 75, TRUE, TRUE, TRUE, 100, 5, 12 }, { 20, 60, 75, TRUE, TRUE, TRUE } },
  /* nothing measured: transport = RTT / 2, receive = transport + 2 × jitter, end2end = receive + encode */
  { "all-estimated", { U, U, U, FALSE, FALSE, FALSE, 80, 5, 12 },
    { 40, 40 + CS_EMODEL_JITTER_MULT * 5, 40 + CS_EMODEL_JITTER_MULT * 5 + 12, FALSE, FALSE, FALSE } },
  /* a value given but not marked measured keeps its value and says estimated */
  { "given-not-measured", { 30, 70, 90, FALSE, FALSE, FALSE, 100, 5, 12 }, { 30, 70, 90, FALSE, FALSE, FALSE } },
  /* measured transport, the rest estimated from it */
  { "transport-measured", { 25, U, U, TRUE, FALSE, FALSE, 200, 10, 0 },
    { 25, 25 + CS_EMODEL_JITTER_MULT * 10, 25 + CS_EMODEL_JITTER_MULT * 10, TRUE, FALSE, FALSE } },
  /* no RTT and nothing measured: all unknown */
  { "no-rtt", { U, U, U, FALSE, FALSE, FALSE, U, 5, 12 }, { U, U, U, FALSE, FALSE, FALSE } },
  /* measured end2end alone, no RTT: the others unknown, end2end kept */
  { "e2e-only", { U, U, 150, FALSE, FALSE, TRUE, U, 5, 12 }, { U, U, 150, FALSE, FALSE, TRUE } },
  /* unknown jitter and encode count as 0 */
  { "unknown-jitter-encode", { U, U, U, FALSE, FALSE, FALSE, 50, U, U }, { 25, 25, 25, FALSE, FALSE, FALSE } },
  /* the order end2end ≥ receive ≥ transport holds: a receive below the transport is raised */
  { "receive-raised", { 80, 50, 120, TRUE, TRUE, TRUE, U, 0, 0 }, { 80, 80, 120, TRUE, TRUE, TRUE } },
  /* and an end2end below the receive */
  { "e2e-raised", { 20, 90, 60, TRUE, TRUE, TRUE, U, 0, 0 }, { 20, 90, 90, TRUE, TRUE, TRUE } },
  /* both at once, from a transport above both */
  { "both-raised", { 100, 40, 30, TRUE, TRUE, TRUE, U, 0, 0 }, { 100, 100, 100, TRUE, TRUE, TRUE } },
  /* a measured flag with no value is not a measurement */
  { "flag-without-value", { U, U, U, TRUE, TRUE, TRUE, 60, 0, 0 }, { 30, 30, 30, FALSE, FALSE, FALSE } },
};

static void
assert_delay (const char *name, const char *which, double got, double want)
{
  if (want < 0)
    {
      if (got >= 0)
        g_error ("%s: %s is %.3f, expected unknown", name, which, got);
    }
  else if (fabs (got - want) > 1e-9)
    g_error ("%s: %s is %.3f, expected %.3f", name, which, got, want);
}

static void
test_cases (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      CsDelays d;

      cs_delays_estimate (&c->in, &d);
      g_test_message ("%s: transport %.1f (%d), receive %.1f (%d), end2end %.1f (%d)", c->name, d.transport,
                      d.transport_measured, d.receive, d.receive_measured, d.e2e, d.e2e_measured);
      assert_delay (c->name, "transport", d.transport, c->out.transport);
      assert_delay (c->name, "receive", d.receive, c->out.receive);
      assert_delay (c->name, "end2end", d.e2e, c->out.e2e);
      g_assert_cmpint (d.transport_measured, ==, c->out.transport_measured);
      g_assert_cmpint (d.receive_measured, ==, c->out.receive_measured);
      g_assert_cmpint (d.e2e_measured, ==, c->out.e2e_measured);
    }
}

/* whatever the inputs, the order holds wherever the delays are known */
static void
test_order_always (void)
{
  const double values[] = { U, 0, 10, 55.5, 300 };

  for (guint a = 0; a < G_N_ELEMENTS (values); a++)
    for (guint b = 0; b < G_N_ELEMENTS (values); b++)
      for (guint c = 0; c < G_N_ELEMENTS (values); c++)
        for (guint r = 0; r < G_N_ELEMENTS (values); r++)
          {
            CsDelayInputs in = { values[a], values[b], values[c], TRUE, TRUE, TRUE, values[r], 7, 3 };
            CsDelays d;

            cs_delays_estimate (&in, &d);
            if (d.receive >= 0 && d.transport >= 0)
              g_assert_cmpfloat (d.receive, >=, d.transport);
            if (d.e2e >= 0 && d.receive >= 0)
              g_assert_cmpfloat (d.e2e, >=, d.receive);
          }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/delays/cases", test_cases);
  g_test_add_func ("/delays/order-always", test_order_always);
  return g_test_run ();
}
