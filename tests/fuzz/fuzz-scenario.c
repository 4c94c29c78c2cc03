/* fuzz-scenario.c — a lab scenario (JSON text) through cs_scenario_new_from_data ()
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the loader accepts must keep its promises: steps sorted by time, every time at
 * least 0, every value it sets within the range cs_impairment_set_key () allows, a readable
 * form for the log, and a merge that a lab call can apply.
 */
#include "config.h"

#include <math.h>

#include "cs-scenario.h"
#include "fuzz-common.h"

static void
check_value (double value, double max)
{
  cs_fuzz_check (value == CS_IMPAIR_UNSET || (value >= 0 && value <= max));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static const double link_max[CS_N_LINK_KEYS] = { 100, 60000, 60000, 10000000 };
  g_autoptr (CsScenario) scenario = NULL;
  g_autoptr (GError) error = NULL;
  CsImpairment state;
  double last = 0;
  guint n;

  cs_fuzz_init ();
  scenario = cs_scenario_new_from_data ((const char *) data, (gssize) size, &error);
  if (scenario == NULL)
    {
      cs_fuzz_check (error != NULL && error->message != NULL);
      cs_fuzz_check_utf8 (error->message);
      return 0;
    }
  cs_fuzz_check (error == NULL);
  cs_fuzz_check (cs_scenario_get_name (scenario) != NULL);
  cs_fuzz_check (cs_scenario_get_description (scenario) != NULL);
  cs_fuzz_check_utf8 (cs_scenario_get_name (scenario));
  cs_fuzz_check_utf8 (cs_scenario_get_description (scenario));

  cs_impairment_init (&state);
  n = cs_scenario_get_n_steps (scenario);
  for (guint i = 0; i < n; i++)
    {
      const CsScenarioStep *step = cs_scenario_get_step (scenario, i);
      g_autofree char *text = NULL;

      cs_fuzz_check (step != NULL);
      cs_fuzz_check (isfinite (step->at) && step->at >= last);
      last = step->at;
      cs_fuzz_check (step->uid == NULL || *step->uid != '\0');
      cs_fuzz_check_utf8 (step->uid);
      for (guint k = 0; k < CS_N_LINK_KEYS; k++)
        {
          check_value (step->change.up[k], link_max[k]);
          check_value (step->change.down[k], link_max[k]);
        }
      check_value (step->change.capture_fps, 120);
      check_value (step->change.mic_level, 100);
      check_value (step->change.bitrate_kbps, 100000);
      cs_fuzz_check (step->change.send_video >= -1 && step->change.send_video <= 1);
      cs_fuzz_check (step->change.send_audio >= -1 && step->change.send_audio <= 1);
      text = cs_impairment_to_string (&step->change);
      cs_fuzz_check (text != NULL);
      cs_impairment_merge (&state, &step->change);
      (void) cs_impairment_is_set_link (&state);
    }
  cs_fuzz_check (cs_scenario_get_length (scenario) == last);
  return 0;
}
