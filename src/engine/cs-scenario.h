/* cs-scenario.h — a lab timeline: impairments and device faults over time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A JSON file (docs/lab.md):
 *   { "name": "outage", "description": "…",
 *     "steps": [ { "at": 8, "user": "user-1", "set": { "loss": 100 } }, … ] }
 * "user" is optional (every remote user); "local" is the local user.
 */
#pragma once

#include <gio/gio.h>

#include "cs-impairment.h"

G_BEGIN_DECLS

typedef struct
{
  double        at;    /* seconds since the call started */
  char         *uid;   /* NULL: every remote user */
  CsImpairment  change;
} CsScenarioStep;

#define CS_TYPE_SCENARIO (cs_scenario_get_type ())
G_DECLARE_FINAL_TYPE (CsScenario, cs_scenario, CS, SCENARIO, GObject)

/* Parses @data (JSON). Errors are CS_ERROR_INVALID_SCENARIO and name what is wrong. */
CsScenario   *cs_scenario_new_from_data (const char *data, gssize length, GError **error);
CsScenario   *cs_scenario_new_from_file (GFile *file, GError **error);
/* @name_or_path: a preset name ("outage") looked up in SOURCE_SCENARIODIR then
 * PKGDATADIR/scenarios, or a file path. */
CsScenario   *cs_scenario_load          (const char *name_or_path, GError **error);
/* (transfer full) the preset names found, sorted */
GStrv         cs_scenario_list_presets  (void);
const char   *cs_scenario_get_name        (CsScenario *self);
const char   *cs_scenario_get_description (CsScenario *self);
guint         cs_scenario_get_n_steps     (CsScenario *self);
/* (transfer none) steps sorted by time (stable) */
const CsScenarioStep *cs_scenario_get_step (CsScenario *self, guint index);
/* The time of the last step, s */
double        cs_scenario_get_length      (CsScenario *self);
/* "users" and "duration" as the file says (a scenario made from a call says both), 0 when not */
guint         cs_scenario_get_users       (CsScenario *self);
double        cs_scenario_get_duration    (CsScenario *self);
/* "clock": "media": the steps count from the call's first media (every lab pair flowing), not its start */
gboolean      cs_scenario_get_media_clock (CsScenario *self);
/* The display name the file gives user-@k ("names", 1-based), NULL when it gives none */
const char   *cs_scenario_get_user_name   (CsScenario *self, guint k);

/* Steps found due later than this (s) shift the rest of the scenario (cs_scenario_due()). */
#define CS_SCENARIO_MAX_LATENESS 0.3

/* Playing the scenario: at @t (seconds since it started), with step @next the first not yet
 * applied and *@lag the shift so far (0 at the start), returns the index after the last step
 * now due (@next itself when none is). When the first due step is found more than
 * CS_SCENARIO_MAX_LATENESS after its time (the player could not run: a stalled machine), its
 * lateness is added to *@lag, so that the rest of the scenario keeps its intervals as written
 * (a fault lasts as long as the file says) rather than being squeezed. */
guint         cs_scenario_due             (CsScenario *self, guint next, double t, double *lag);

G_END_DECLS
