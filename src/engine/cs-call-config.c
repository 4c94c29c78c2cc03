/* cs-call-config.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "cs-call-config.h"

#include <string.h>

void
cs_call_config_init (CsCallConfig *config)
{
  memset (config, 0, sizeof *config);
  config->mode = CS_CALL_MODE_LAB;
  config->users = 3;
  config->camera_fd = -1;
}

void
cs_call_config_clear (CsCallConfig *config)
{
  g_clear_pointer (&config->scenario, g_free);
  g_clear_pointer (&config->impair, g_strfreev);
  g_clear_pointer (&config->janus_url, g_free);
  g_clear_pointer (&config->room, g_free);
  g_clear_pointer (&config->display_name, g_free);
  g_clear_pointer (&config->pin, g_free);
  g_clear_pointer (&config->secret, g_free);
  g_clear_pointer (&config->whip_url, g_free);
  g_clear_pointer (&config->whep_url, g_free);
  g_clear_pointer (&config->token, g_free);
  g_clear_pointer (&config->ice_servers, g_strfreev);
  g_clear_pointer (&config->replay_file, g_free);
  g_clear_pointer (&config->record, g_free);
  g_clear_pointer (&config->report, g_free);
  g_clear_pointer (&config->csv, g_free);
  g_clear_pointer (&config->charts_dir, g_free);
  g_clear_pointer (&config->compare_original, g_free);
  g_clear_pointer (&config->compare_with, g_free);
  g_clear_pointer (&config->make_scenario, g_free);
  g_clear_pointer (&config->output, g_free);
  g_clear_pointer (&config->metrics, g_free);
  g_clear_pointer (&config->probe_name, g_free);
}

void
cs_call_config_copy (CsCallConfig *dest, const CsCallConfig *src)
{
  *dest = *src;
  /* a borrowed file descriptor is not the copy's to use after its owner closes it */
  dest->camera_portal = FALSE;
  dest->camera_fd = -1;
  dest->scenario = g_strdup (src->scenario);
  dest->impair = g_strdupv (src->impair);
  dest->janus_url = g_strdup (src->janus_url);
  dest->room = g_strdup (src->room);
  dest->display_name = g_strdup (src->display_name);
  dest->pin = g_strdup (src->pin);
  dest->secret = g_strdup (src->secret);
  dest->whip_url = g_strdup (src->whip_url);
  dest->whep_url = g_strdup (src->whep_url);
  dest->token = g_strdup (src->token);
  dest->ice_servers = g_strdupv (src->ice_servers);
  dest->replay_file = g_strdup (src->replay_file);
  dest->record = g_strdup (src->record);
  dest->report = g_strdup (src->report);
  dest->csv = g_strdup (src->csv);
  dest->charts_dir = g_strdup (src->charts_dir);
  dest->compare_original = g_strdup (src->compare_original);
  dest->compare_with = g_strdup (src->compare_with);
  dest->make_scenario = g_strdup (src->make_scenario);
  dest->output = g_strdup (src->output);
  dest->metrics = g_strdup (src->metrics);
  dest->probe_name = g_strdup (src->probe_name);
}

gboolean
cs_call_config_sends_camera (const CsCallConfig *config)
{
  g_return_val_if_fail (config != NULL, FALSE);
  if (!config->use_camera)
    return FALSE;
  switch (config->mode)
    {
    case CS_CALL_MODE_LAB:
    case CS_CALL_MODE_WHIP:
      return TRUE;
    case CS_CALL_MODE_JANUS:
      return !config->no_publish;
    default:
      return FALSE;
    }
}
