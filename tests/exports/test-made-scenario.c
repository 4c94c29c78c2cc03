/* test-made-scenario.c — a scenario made from a call is one the lab loads, with its users and length
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * cs_scenario_make() on the lab fixture (made with the wifi-lossy preset) and on a real Chromium
 * dump, then cs_scenario_new_from_data(): the lab's own parser accepts every step, each names a lab
 * user that exists, and "users" and "duration" are what --scenario will use. A file that is not a
 * call is refused with an error.
 */
#include "config.h"

#include <string.h>

#include "cs-error.h"
#include "cs-scenario.h"
#include "cs-scenario-maker.h"

static CsScenario *
make (const char *dir, const char *name, guint *users)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  g_autofree char *json = cs_scenario_make (file, users, &error);
  CsScenario *scenario;

  g_assert_no_error (error);
  g_assert_nonnull (json);
  scenario = cs_scenario_new_from_data (json, -1, &error);
  g_assert_no_error (error);
  return scenario;
}

static void
test_from_recording (void)
{
  guint users = 0, on_user_1 = 0;
  g_autoptr (CsScenario) scenario = make (CS_TEST_RECORDINGS, "lab-wifi-lossy.jsonl", &users);

  g_assert_cmpuint (users, ==, 3);
  g_assert_cmpuint (cs_scenario_get_users (scenario), ==, 3);
  g_assert_cmpfloat (cs_scenario_get_duration (scenario), >=, 24);
  g_assert_cmpfloat (cs_scenario_get_duration (scenario), <=, 27);
  g_assert_cmpuint (cs_scenario_get_n_steps (scenario), >, 0);
  for (guint i = 0; i < cs_scenario_get_n_steps (scenario); i++)
    {
      const CsScenarioStep *step = cs_scenario_get_step (scenario, i);

      g_assert_nonnull (step->uid);
      g_assert_true (g_str_equal (step->uid, "user-1") || g_str_equal (step->uid, "user-2") ||
                     g_str_equal (step->uid, "user-3"));
      on_user_1 += g_str_equal (step->uid, "user-1");
    }
  /* the impaired user has steps; the preset left the others clean */
  g_assert_cmpuint (on_user_1, ==, cs_scenario_get_n_steps (scenario));
}

static void
test_from_dump (void)
{
  guint users = 0;
  g_autoptr (CsScenario) scenario = make (CS_TEST_DUMPS, "chromium-p2p-loss-internals.txt", &users);

  g_assert_cmpuint (users, ==, 1);
  g_assert_cmpuint (cs_scenario_get_users (scenario), ==, 1);
  g_assert_cmpuint (cs_scenario_get_n_steps (scenario), >, 0);
}

static void
test_not_a_call (void)
{
  g_autofree char *path = g_build_filename (CS_TEST_DUMPS, "README.md", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  g_autofree char *json = cs_scenario_make (file, NULL, &error);

  g_assert_null (json);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/made-scenario/from-recording", test_from_recording);
  g_test_add_func ("/made-scenario/from-dump", test_from_dump);
  g_test_add_func ("/made-scenario/not-a-call", test_not_a_call);
  return g_test_run ();
}
