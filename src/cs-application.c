/* cs-application.c — the GApplication: command line, actions, windows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "cs-application.h"
#include "cs-error.h"
#include "cs-headless.h"
#include "cs-metrics-probe.h"
#include "cs-record-rotation.h"
#include "cs-renderer.h"
#include "cs-ice-servers.h"
#include "cs-scenario.h"
#include "cs-window.h"

struct _CsApplication
{
  AdwApplication parent_instance;

  CsCallConfig   config;      /* what the command line asked for */
  gboolean       have_call;   /* the command line named a call to start in the window */
  gboolean       options_parsed; /* handle-local-options ran: GOptionContext accepted argv */
};

G_DEFINE_FINAL_TYPE (CsApplication, cs_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and exit"), NULL },
  { "headless", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Run the call without a window and print a summary"), NULL },
  { "duration", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Length of a headless call in seconds (0 or none: until interrupted)"), N_("SECONDS") },
  { "users", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Number of simulated remote users in the lab call (default 3)"), N_("N") },
  { "scenario", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Lab scenario: a preset name or a JSON file"), N_("NAME|FILE") },
  { "impair", 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL, N_("Impair a lab user's network, e.g. user-1:loss=10,delay=50 (repeatable)"), N_("[USER:]KEY=VALUE,…") },
  { "camera", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Use the real camera and microphone in the lab call"), NULL },
  { "record", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Record the call as JSON Lines to FILE (- for standard output)"), N_("FILE") },
  { "record-max", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Go on recording in a new file (FILE.1.jsonl, …) after this size or duration (100M, 1h)"), N_("SIZE|DURATION") },
  { "report", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("After a headless call, write its report as one HTML file"), N_("FILE") },
  { "csv", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("After a headless call, write one CSV row per second and user"), N_("FILE") },
  { "charts", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("After a headless call, write its charts as PNG images into DIR"), N_("DIR") },
  { "anonymise", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Exports name users by aliases and mask addresses"), NULL },
  { "make-scenario", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Make a lab scenario from this call (a recording or a dump), written to --output"), N_("FILE") },
  { "output", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Where --make-scenario writes the scenario (- for standard output)"), N_("FILE") },
  { "compare", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Compare this call (a recording or a dump) with the one given by --with"), N_("ORIGINAL") },
  { "with", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("The reproduction that --compare compares with"), N_("REPRODUCTION") },
  { "replay", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Replay a Callscope recording"), N_("FILE") },
  { "import", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Import a browser's dump (webrtc-internals or RTCStats, gzipped or not)"), N_("FILE") },
  { "janus", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Join a Janus VideoRoom at this WebSocket or HTTP URL"), N_("URL") },
  { "room", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Janus VideoRoom room ID"), N_("ID") },
  { "display", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Display name in the room"), N_("NAME") },
  { "pin", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Room PIN"), N_("PIN") },
  { "secret", 0, 0, G_OPTION_ARG_STRING, NULL, N_("The Janus server's API secret (apisecret), if it requires one"), N_("SECRET") },
  { "no-publish", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Join the room without publishing, to observe"), NULL },
  { "whip", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Publish to a WHIP endpoint"), N_("URL") },
  { "whep", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Watch a WHEP endpoint"), N_("URL") },
  { "token", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Bearer token for WHIP or WHEP"), N_("TOKEN") },
  { "ice-server", 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL, N_("A STUN or TURN server URI (repeatable)"), N_("URI") },
  { "metrics", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Serve OpenMetrics for Prometheus at http://HOST:PORT/metrics"), N_("HOST:PORT") },
  { "probe-name", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Add the label probe=NAME to every metric"), N_("NAME") },
  { NULL }
};

static gboolean
lookup_string (GVariantDict *options, const char *key, char **out)
{
  const char *value = NULL;

  if (!g_variant_dict_lookup (options, key, "&s", &value) &&
      !g_variant_dict_lookup (options, key, "^&ay", &value))
    return FALSE;
  g_free (*out);
  *out = g_strdup (value);
  return TRUE;
}

gboolean
cs_application_parse_options (GVariantDict *options,
                              CsCallConfig *config,
                              GError      **error)
{
  const char *text = NULL;
  guint n_modes = 0;

  config->headless = g_variant_dict_contains (options, "headless");
  config->use_camera = g_variant_dict_contains (options, "camera");
  config->no_publish = g_variant_dict_contains (options, "no-publish");

  /* --users and --duration are strings: GApplication drops numeric options equal to 0,
   * and "--users=0" must be refused, not ignored. */
  if (g_variant_dict_lookup (options, "users", "&s", &text))
    {
      guint64 users = 0;

      if (!g_ascii_string_to_unsigned (text, 10, 1, 16, &users, NULL))
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_OPTION,
                       _("--users must be a whole number from 1 to 16, not “%s”"), text);
          return FALSE;
        }
      config->users = (guint) users;
    }

  if (g_variant_dict_lookup (options, "duration", "&s", &text))
    {
      char *end = NULL;
      double duration = g_ascii_strtod (text, &end);

      if (end == text || *end != '\0' || !(duration >= 0) || duration > 7 * 24 * 3600)
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_OPTION,
                       _("--duration must be a number of seconds (0: until interrupted), not “%s”"), text);
          return FALSE;
        }
      config->duration = duration;
    }

  lookup_string (options, "scenario", &config->scenario);
  /* a scenario made from a call (--make-scenario) says how many users and how long, on the
   * media clock: its duration then counts from the media */
  if (config->scenario != NULL)
    {
      g_autoptr (CsScenario) scenario = cs_scenario_load (config->scenario, NULL);

      if (scenario != NULL && cs_scenario_get_users (scenario) > 0 && !g_variant_dict_contains (options, "users"))
        config->users = cs_scenario_get_users (scenario);
      if (scenario != NULL && cs_scenario_get_duration (scenario) > 0 && config->duration <= 0)
        config->duration = cs_scenario_get_duration (scenario);
      config->duration_from_media = scenario != NULL && cs_scenario_get_media_clock (scenario);
    }
  lookup_string (options, "record", &config->record);
  if (g_variant_dict_lookup (options, "record-max", "&s", &text))
    {
      if (!cs_record_max_parse (text, &config->record_max_bytes, &config->record_max_seconds, error))
        return FALSE;
      if (config->record == NULL || g_str_equal (config->record, "-"))
        {
          g_set_error (error, CS_ERROR, CS_ERROR_INVALID_OPTION, _("--record-max needs --record=FILE (a file, not -)"));
          return FALSE;
        }
    }
  lookup_string (options, "report", &config->report);
  lookup_string (options, "csv", &config->csv);
  lookup_string (options, "charts", &config->charts_dir);
  config->anonymise = g_variant_dict_contains (options, "anonymise");
  lookup_string (options, "make-scenario", &config->make_scenario);
  lookup_string (options, "output", &config->output);
  if (config->output != NULL && config->make_scenario == NULL)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_OPTION, _("--output goes with --make-scenario"));
      return FALSE;
    }
  if (config->make_scenario != NULL)
    config->headless = TRUE;   /* no call and no window: a file in, a file out */
  lookup_string (options, "compare", &config->compare_original);
  lookup_string (options, "with", &config->compare_with);
  if ((config->compare_original != NULL) != (config->compare_with != NULL) ||
      (config->compare_original != NULL && !config->headless))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_OPTION,
                   _("--compare=ORIGINAL and --with=REPRODUCTION go together, with --headless"));
      return FALSE;
    }
  if ((config->report != NULL || config->csv != NULL || config->charts_dir != NULL || config->anonymise) &&
      !config->headless)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_OPTION,
                   _("--report, --csv, --charts and --anonymise go with --headless (the window exports from its Export menu)"));
      return FALSE;
    }
  if (lookup_string (options, "metrics", &config->metrics) && !cs_metrics_probe_check_address (config->metrics, error))
    return FALSE;
  lookup_string (options, "probe-name", &config->probe_name);
  lookup_string (options, "room", &config->room);
  lookup_string (options, "display", &config->display_name);
  lookup_string (options, "pin", &config->pin);
  lookup_string (options, "secret", &config->secret);
  lookup_string (options, "token", &config->token);
  g_variant_dict_lookup (options, "impair", "^as", &config->impair);
  g_variant_dict_lookup (options, "ice-server", "^as", &config->ice_servers);

  if (lookup_string (options, "janus", &config->janus_url))
    {
      config->mode = CS_CALL_MODE_JANUS;
      n_modes++;
    }
  if (lookup_string (options, "whip", &config->whip_url))
    {
      config->mode = CS_CALL_MODE_WHIP;
      n_modes++;
    }
  if (lookup_string (options, "whep", &config->whep_url))
    {
      config->mode = CS_CALL_MODE_WHEP;
      n_modes++;
    }
  if (lookup_string (options, "replay", &config->replay_file))
    {
      config->mode = CS_CALL_MODE_REPLAY;
      n_modes++;
    }
  /* the same path: a file is told apart by its content (cs-call-file.c) */
  if (lookup_string (options, "import", &config->replay_file))
    {
      config->mode = CS_CALL_MODE_REPLAY;
      n_modes++;
    }

  if (n_modes > 1)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_OPTION,
                   _("Choose one of --janus, --whip, --whep, --replay and --import"));
      return FALSE;
    }
  if (config->mode == CS_CALL_MODE_JANUS && config->room == NULL)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_OPTION, _("--janus needs --room"));
      return FALSE;
    }
  if (config->mode != CS_CALL_MODE_LAB && config->scenario != NULL)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_OPTION, _("--scenario applies only to the lab call"));
      return FALSE;
    }
  /* in a real call, --impair shapes the local user's own last mile */
  if (config->mode == CS_CALL_MODE_REPLAY && config->impair != NULL)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_OPTION, _("--impair does not apply to a replayed recording"));
      return FALSE;
    }
  return TRUE;
}

static int
cs_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  CsApplication *self = CS_APPLICATION (app);
  g_autoptr (GError) error = NULL;

  self->options_parsed = TRUE;
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("callscope %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  if (!cs_application_parse_options (options, &self->config, &error))
    {
      g_printerr ("callscope: %s\n", error->message);
      return 2;
    }

  /* without --ice-server, a call uses the STUN/TURN servers of the preferences (when the
   * schema is installed and has the key) */
  if ((self->config.mode == CS_CALL_MODE_JANUS || self->config.mode == CS_CALL_MODE_WHIP ||
       self->config.mode == CS_CALL_MODE_WHEP) &&
      (self->config.ice_servers == NULL || self->config.ice_servers[0] == NULL))
    {
      char **servers = cs_ice_servers_get_default ();

      if (servers != NULL)
        {
          g_strfreev (self->config.ice_servers);
          self->config.ice_servers = servers;
        }
    }

  if (self->config.headless)
    return cs_headless_run (&self->config);

  /* Every option other than --version names a call for the window. */
  self->have_call = g_variant_dict_contains (options, "users") ||
                    self->config.scenario != NULL || self->config.impair != NULL ||
                    self->config.mode != CS_CALL_MODE_LAB || self->config.record != NULL;
  return -1;
}

static gboolean
cs_application_local_command_line (GApplication   *app,
                                   char         ***arguments,
                                   int            *exit_status)
{
  CsApplication *self = CS_APPLICATION (app);
  gboolean handled;

  handled = G_APPLICATION_CLASS (cs_application_parent_class)->local_command_line (app, arguments, exit_status);
  /* GOptionContext rejected the command line (unknown option, bad number): that is a
   * usage error, exit status 2 as documented, not 1 (a failed call). */
  if (handled && !self->options_parsed && *exit_status == EXIT_FAILURE)
    *exit_status = 2;
  return handled;
}

static void
cs_application_activate (GApplication *app)
{
  CsApplication *self = CS_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      window = GTK_WINDOW (cs_window_new (ADW_APPLICATION (app)));
      cs_metrics_probe_start_for_window (CS_WINDOW (window), &self->config);
      if (self->have_call)
        cs_window_start_call (CS_WINDOW (window), &self->config);
    }
  gtk_window_present (window);
}

static void
cs_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  for (int i = 0; i < n_files; i++)
    {
      CsWindow *window = cs_window_new (ADW_APPLICATION (app));
      cs_window_open_recording (window, files[i]);
      gtk_window_present (GTK_WINDOW (window));
    }
}

static void
quit_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated, NULL, NULL, NULL },
};

static void
cs_application_startup (GApplication *app)
{
  G_APPLICATION_CLASS (cs_application_parent_class)->startup (app);
  /* before the first window: GTK reads the renderer once */
  cs_renderer_choose (gdk_display_get_default ());

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit",
                                         (const char *[]) { "<Control>q", NULL });
  cs_window_install_accels (GTK_APPLICATION (app));
}

static void
cs_application_finalize (GObject *object)
{
  CsApplication *self = CS_APPLICATION (object);

  cs_call_config_clear (&self->config);
  G_OBJECT_CLASS (cs_application_parent_class)->finalize (object);
}

static void
cs_application_class_init (CsApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = cs_application_finalize;
  app_class->handle_local_options = cs_application_handle_local_options;
  app_class->local_command_line = cs_application_local_command_line;
  app_class->activate = cs_application_activate;
  app_class->open = cs_application_open;
  app_class->startup = cs_application_startup;
}

static void
cs_application_init (CsApplication *self)
{
  cs_call_config_init (&self->config);
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[RECORDING…]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Watch the quality of WebRTC calls: a loopback lab call by default, "
                                              "a Janus room, or a WHIP/WHEP endpoint."));
}

CsApplication *
cs_application_new (void)
{
  return g_object_new (CS_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/io/github/callscope/Callscope",
                       NULL);
}
