/* cs-ice-servers.c — the STUN/TURN servers setting ("ice-servers")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window, the join dialog and the command line share it: a call names its own servers
 * (--ice-server) or gets the ones in the preferences.
 */
#include "config.h"

#include <string.h>

#include "cs-ice-servers.h"

#define KEY "ice-servers"

gboolean
cs_ice_server_uri_is_valid (const char *uri)
{
  static const char *const schemes[] = { "stun:", "turn:", "turns:" } /* webrtcbin has no stuns: */;

  if (uri == NULL)
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (schemes); i++)
    if (g_ascii_strncasecmp (uri, schemes[i], strlen (schemes[i])) == 0)
      {
        const char *rest = uri + strlen (schemes[i]);

        while (*rest == '/')
          rest++;
        /* a host, and nothing a URI cannot hold */
        if (*rest == '\0' || *rest == ':' || *rest == '?')
          return FALSE;
        for (const char *c = rest; *c != '\0'; c++)
          if (g_ascii_isspace (*c) || g_ascii_iscntrl (*c))
            return FALSE;
        return g_utf8_validate (rest, -1, NULL);
      }
  return FALSE;
}

char **
cs_ice_servers_from_settings (GSettings *settings)
{
  g_autoptr (GSettingsSchema) schema = NULL;
  g_auto (GStrv) all = NULL;
  g_autoptr (GStrvBuilder) builder = NULL;
  guint n = 0;

  if (settings == NULL)
    return NULL;
  g_object_get (settings, "settings-schema", &schema, NULL);
  if (schema == NULL || !g_settings_schema_has_key (schema, KEY))
    return NULL;
  all = g_settings_get_strv (settings, KEY);
  builder = g_strv_builder_new ();
  for (guint i = 0; all[i] != NULL; i++)
    if (cs_ice_server_uri_is_valid (all[i]))
      {
        g_strv_builder_add (builder, all[i]);
        n++;
      }
  return n > 0 ? g_strv_builder_end (builder) : NULL;
}

char **
cs_ice_servers_get_default (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = NULL;
  g_autoptr (GSettings) settings = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, KEY))
    return NULL;
  settings = g_settings_new_full (schema, NULL, NULL);
  return cs_ice_servers_from_settings (settings);
}

void
cs_ice_servers_fill_config (CsCallConfig *config, GSettings *settings)
{
  char **servers;

  g_return_if_fail (config != NULL);
  if (config->ice_servers != NULL && config->ice_servers[0] != NULL)
    return;
  servers = cs_ice_servers_from_settings (settings);
  if (servers == NULL)
    return;
  g_strfreev (config->ice_servers);
  config->ice_servers = servers;
}
