/* fuzz-whip-link.c — the WHIP/WHEP HTTP helpers: Link headers, Location, ICE server URIs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is a header value as libsoup hands it over (up to its first NUL). It is read
 * as a Link header (cs_whip_parse_link_header), as an ICE server URI
 * (cs_ice_config_server_to_gst) and as a Location resolved against an endpoint
 * (cs_whip_resolve_location); when it holds a newline, the text before it is the
 * endpoint's URL and the text after it the Location. What comes out is what webrtcbin
 * and libsoup are given: stun://, turn:// or turns:// URIs, at most 32 of them, and an
 * absolute http(s) URL.
 */
#include "config.h"

#include <string.h>

#include "cs-ice-config.h"
#include "cs-whip-client.h"
#include "fuzz-common.h"

static gboolean
is_ice_uri (const char *uri)
{
  return g_str_has_prefix (uri, "stun://") || g_str_has_prefix (uri, "turn://") ||
         g_str_has_prefix (uri, "turns://");
}

static void
check_location (const char *base, const char *location)
{
  g_autofree char *url = cs_whip_resolve_location (base, location);
  g_autoptr (GUri) uri = NULL;
  const char *scheme;

  if (url == NULL)
    return;
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  cs_fuzz_check (uri != NULL);
  scheme = g_uri_get_scheme (uri);
  cs_fuzz_check (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_auto (GStrv) servers = NULL;
  g_autofree char *gst = NULL;
  const char *newline;
  gboolean is_turn = FALSE;
  guint n = 0;

  cs_fuzz_init ();

  servers = cs_whip_parse_link_header (text);
  cs_fuzz_check (servers != NULL);
  for (n = 0; servers[n] != NULL; n++)
    cs_fuzz_check (is_ice_uri (servers[n]));
  cs_fuzz_check (n <= 32);

  gst = cs_ice_config_server_to_gst (text, &is_turn);
  if (gst != NULL)
    {
      cs_fuzz_check (is_ice_uri (gst));
      cs_fuzz_check (is_turn == !g_str_has_prefix (gst, "stun://"));
    }

  check_location ("http://127.0.0.1:8080/whip/endpoint", text);
  check_location ("https://h.example/whip/", text);
  newline = strchr (text, '\n');
  if (newline != NULL)
    {
      g_autofree char *base = g_strndup (text, newline - text);

      check_location (base, newline + 1);
    }
  return 0;
}
