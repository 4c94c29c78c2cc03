/* cs-ice-config.c — ICE servers and the ICE agent's options (see cs-ice-config.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "cs-ice-config.h"

char *
cs_ice_config_server_to_gst (const char *uri, gboolean *is_turn)
{
  static const struct { const char *prefix; const char *scheme; gboolean turn; } schemes[] = {
    { "stun://", "stun://", FALSE }, { "stun:", "stun://", FALSE },
    { "turns://", "turns://", TRUE }, { "turns:", "turns://", TRUE },
    { "turn://", "turn://", TRUE }, { "turn:", "turn://", TRUE },
  };

  if (is_turn != NULL)
    *is_turn = FALSE;
  if (uri == NULL)
    return NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (schemes); i++)
    if (g_ascii_strncasecmp (uri, schemes[i].prefix, strlen (schemes[i].prefix)) == 0)
      {
        const char *rest = uri + strlen (schemes[i].prefix);

        if (*rest == '\0' || strchr (rest, ' ') != NULL)
          return NULL;
        if (is_turn != NULL)
          *is_turn = schemes[i].turn;
        return g_strconcat (schemes[i].scheme, rest, NULL);
      }
  return NULL;
}

guint
cs_ice_config_apply (GstElement *webrtc, char **servers)
{
  guint refused = 0;
  gboolean have_stun = FALSE;

  for (guint i = 0; servers != NULL && servers[i] != NULL; i++)
    {
      gboolean turn = FALSE;
      g_autofree char *gst = cs_ice_config_server_to_gst (servers[i], &turn);
      gboolean ok = FALSE;

      if (gst == NULL)
        refused++;
      else if (turn)
        g_signal_emit_by_name (webrtc, "add-turn-server", gst, &ok);
      else if (!have_stun)
        {
          g_object_set (webrtc, "stun-server", gst, NULL);
          have_stun = TRUE;
        }
    }
  return refused;
}

void
cs_ice_config_disable_upnp (GstElement *webrtc)
{
  g_autoptr (GstObject) ice = NULL;
  g_autoptr (GObject) agent = NULL;

  /* WebRTC needs no port mappings (STUN and TURN do that job); libnice's UPnP IGD
   * discovery only binds ports, multicasts on the LAN and prints gupnp warnings */
  g_object_get (webrtc, "ice-agent", &ice, NULL);
  if (ice != NULL && g_object_class_find_property (G_OBJECT_GET_CLASS (ice), "agent") != NULL)
    g_object_get (ice, "agent", &agent, NULL);
  if (agent != NULL && g_object_class_find_property (G_OBJECT_GET_CLASS (agent), "upnp") != NULL)
    g_object_set (agent, "upnp", FALSE, NULL);
}
