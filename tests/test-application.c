/* test-application.c — the command line: option parsing and exit statuses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-application.h"
#include "cs-error.h"

typedef struct
{
  const char *name;
  const char *options;   /* a GVariant text of type a{sv} */
  gboolean    ok;
  CsCallMode  mode;
  guint       users;
} ParseCase;

static const ParseCase parse_cases[] = {
  { "empty", "@a{sv} {}", TRUE, CS_CALL_MODE_LAB, 3 },
  { "users", "{'users': <'5'>}", TRUE, CS_CALL_MODE_LAB, 5 },
  { "users-zero", "{'users': <'0'>}", FALSE, CS_CALL_MODE_LAB, 0 },
  { "users-too-many", "{'users': <'17'>}", FALSE, CS_CALL_MODE_LAB, 0 },
  /* without a duration (or 0) a headless call runs until SIGINT or SIGTERM (test-metrics) */
  { "headless-without-duration", "{'headless': <true>}", TRUE, CS_CALL_MODE_LAB, 3 },
  { "headless-zero-duration", "{'headless': <true>, 'duration': <'0'>}", TRUE, CS_CALL_MODE_LAB, 3 },
  { "metrics", "{'metrics': <'[::1]:9464'>, 'probe-name': <'p'>}", TRUE, CS_CALL_MODE_LAB, 3 },
  { "metrics-host-name", "{'metrics': <'example.org:9464'>}", FALSE, CS_CALL_MODE_LAB, 0 },
  { "headless", "{'headless': <true>, 'duration': <'10'>}", TRUE, CS_CALL_MODE_LAB, 3 },
  { "negative-duration", "{'duration': <'-1'>}", FALSE, CS_CALL_MODE_LAB, 0 },
  { "janus-without-room", "{'janus': <'ws://127.0.0.1:8188'>}", FALSE, CS_CALL_MODE_JANUS, 0 },
  { "janus", "{'janus': <'ws://127.0.0.1:8188'>, 'room': <'1234'>}", TRUE, CS_CALL_MODE_JANUS, 3 },
  { "whip", "{'whip': <'http://127.0.0.1:7080/whip/endpoint/abc'>}", TRUE, CS_CALL_MODE_WHIP, 3 },
  { "whep", "{'whep': <'http://127.0.0.1:7080/whep/endpoint/abc'>}", TRUE, CS_CALL_MODE_WHEP, 3 },
  { "two-modes", "{'whip': <'http://a'>, 'whep': <'http://b'>}", FALSE, CS_CALL_MODE_LAB, 0 },
  /* in a real call --impair shapes the local link; a recording has no link */
  { "impair-in-real-call", "{'whep': <'http://b'>, 'impair': <['down.loss=5']>}", TRUE, CS_CALL_MODE_WHEP, 3 },
  { "impair-in-replay", "{'replay': <b'rec.jsonl'>, 'impair': <['loss=5']>}", FALSE, CS_CALL_MODE_LAB, 0 },
  { "scenario-outside-lab", "{'whep': <'http://b'>, 'scenario': <'outage'>}", FALSE, CS_CALL_MODE_LAB, 0 },
  { "replay", "{'replay': <b'rec.jsonl'>}", TRUE, CS_CALL_MODE_REPLAY, 3 },
};

static void
test_parse_options (gconstpointer data)
{
  const ParseCase *c = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) variant = g_variant_new_parsed (c->options);
  g_autoptr (GVariantDict) dict = g_variant_dict_new (variant);
  CsCallConfig config;
  gboolean ok;

  cs_call_config_init (&config);
  ok = cs_application_parse_options (dict, &config, &error);
  if (c->ok)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
      g_assert_cmpint (config.mode, ==, c->mode);
      g_assert_cmpuint (config.users, ==, c->users);
    }
  else
    {
      g_assert_false (ok);
      g_assert_error (error, CS_ERROR, CS_ERROR_INVALID_OPTION);
      g_assert_nonnull (strchr (error->message, '-')); /* names the option */
    }
  cs_call_config_clear (&config);
}

typedef struct
{
  const char *name;
  const char *args[4];
  int         status;
  const char *stderr_contains;
} ExitCase;

static const ExitCase exit_cases[] = {
  { "unknown-option", { "--bogus", NULL }, 2, "bogus" },
  { "not-a-number", { "--users=x", NULL }, 2, "users" },
  { "negative-duration", { "--headless", "--duration=-1", NULL }, 2, "--duration" },
  { "bad-users", { "--headless", "--duration=1", "--users=0", NULL }, 2, "--users" },
  { "huge-duration", { "--headless", "--duration=1e9", NULL }, 2, "--duration" },
};

static void
test_exit_status (gconstpointer data)
{
  const ExitCase *c = data;
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;
  int wait_status = 0;

  g_ptr_array_add (argv, (gpointer) CALLSCOPE_BINARY);
  for (guint i = 0; c->args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) c->args[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                NULL, &err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  g_assert_cmpint (WEXITSTATUS (wait_status), ==, c->status);
  g_assert_nonnull (strstr (err, c->stderr_contains));
  /* one line, naming the problem */
  {
    g_auto (GStrv) lines = g_strsplit (g_strstrip (err), "\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, 1);
  }
}

static void
test_version (void)
{
  g_autofree char *out = NULL;
  g_autoptr (GError) error = NULL;
  int wait_status = 0;
  const char *argv[] = { CALLSCOPE_BINARY, "--version", NULL };

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
  g_assert_cmpstr (g_strstrip (out), ==, "callscope " PACKAGE_VERSION);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (parse_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/application/parse/%s", parse_cases[i].name);
      g_test_add_data_func (path, &parse_cases[i], test_parse_options);
    }
  for (guint i = 0; i < G_N_ELEMENTS (exit_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/application/exit-status/%s", exit_cases[i].name);
      g_test_add_data_func (path, &exit_cases[i], test_exit_status);
    }
  g_test_add_func ("/application/version", test_version);
  return g_test_run ();
}
