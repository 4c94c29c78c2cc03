/* cs-scenario-maker.h — a lab scenario made from any call (a recording or a dump)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The call is replayed through a model; each second, each remote user's uplink and downlink
 * metrics as the model attributed them (loss, one-way delay, jitter, no media) become lab
 * settings for the lab user of the same rank (user-1 for the first remote user, …): the lab's
 * own loopback floor subtracted, rounded, held for at least CS_SCENARIO_MAKER_MIN_HOLD_S, and
 * written as a step only where a value changes. The scenario format is the lab's
 * (docs/lab.md); docs/lab.md says how each value is derived and what cannot be reproduced.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The lab's loopback floor, subtracted from what was measured (measured on a clean lab call) */
#define CS_SCENARIO_MAKER_FLOOR_DELAY_MS   2.0
#define CS_SCENARIO_MAKER_FLOOR_JITTER_MS  1.0
/* A setting changes only after it has held this long */
#define CS_SCENARIO_MAKER_MIN_HOLD_S       2.0
/* More remote users than the lab runs (16) are left out, and said so in the description */
#define CS_SCENARIO_MAKER_MAX_USERS        16

/* (transfer full) the scenario as JSON text, or NULL and @error when @call cannot be read;
 * @n_users: (out) (optional) the lab users it needs */
char *cs_scenario_make (GFile *call, guint *n_users, GError **error);

G_END_DECLS
