/* cs-whip-client.h — the HTTP side of WHIP (RFC 9725) and WHEP, shared by CsWhipCall and CsWhepCall
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One CsWhipClient per call: an optional OPTIONS request for ICE servers (Link headers),
 * the POST of the SDP offer (application/sdp, bearer token), the Location of the created
 * resource, and the DELETE on hang-up. The pure helpers are public so tests can call them.
 * Replies are read with a size and a time limit (cs-http-body.h, cs-net-limits.h); no
 * request follows a redirect, and the token only ever goes to the endpoint's origin: a
 * Location on another origin (scheme, host or port) is refused and never DELETEd.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CS_TYPE_WHIP_CLIENT (cs_whip_client_get_type ())
G_DECLARE_FINAL_TYPE (CsWhipClient, cs_whip_client, CS, WHIP_CLIENT, GObject)

/* @url: the endpoint (http or https), @token: nullable bearer token. NULL and
 * CS_ERROR_INVALID_OPTION for a URL that is not http(s). */
CsWhipClient *cs_whip_client_new            (const char *url, const char *token, GError **error);
const char   *cs_whip_client_get_url        (CsWhipClient *self);
/* (nullable) the absolute URL of the session resource once created, on the endpoint's origin */
const char   *cs_whip_client_get_location   (CsWhipClient *self);

/* OPTIONS @url; the result is the ICE servers of its Link headers (possibly none; an
 * error reply gives none, not an error: OPTIONS is optional). Gives up after 5 s. */
void          cs_whip_client_query_ice_async  (CsWhipClient *self, GCancellable *cancellable,
                                               GAsyncReadyCallback callback, gpointer user_data);
/* Returns: (transfer full) NULL-terminated ICE server URIs in webrtcbin form. */
char        **cs_whip_client_query_ice_finish (CsWhipClient *self, GAsyncResult *result);

/* POSTs @offer_sdp. The result is the answer SDP text; CS_ERROR_CONNECTION when the
 * endpoint cannot be reached or does not answer (its reply included) within 15 s,
 * CS_ERROR_REFUSED for an HTTP error (the message names the status), CS_ERROR_PROTOCOL for
 * a 201 without an SDP body or with one larger than 256 KiB. @warning (out, optional,
 * transfer full, nullable): a refusal to report while the call goes on (a Location on
 * another origin). */
void          cs_whip_client_post_offer_async  (CsWhipClient *self, const char *offer_sdp,
                                                GCancellable *cancellable,
                                                GAsyncReadyCallback callback, gpointer user_data);
char         *cs_whip_client_post_offer_finish (CsWhipClient *self, GAsyncResult *result,
                                                char ***ice_servers, char **warning, GError **error);

/* DELETEs the resource (hang-up) without blocking, @timeout_s seconds at most in all; TRUE
 * at once when there is no resource to delete. The task keeps @self alive until it is done. */
void          cs_whip_client_delete_async   (CsWhipClient       *self,
                                             guint               timeout_s,
                                             GCancellable       *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer            user_data);
gboolean      cs_whip_client_delete_finish  (CsWhipClient *self, GAsyncResult *result, GError **error);

/* Pure helpers */
/* One Link header value (possibly several comma-separated links) → ICE servers with
 * rel="ice-server", in webrtcbin form; credentials (username, credential) are put in the URI. */
char        **cs_whip_parse_link_header     (const char *value);
/* @location resolved against @base; NULL when it is not a valid reference. */
char         *cs_whip_resolve_location      (const char *base, const char *location);
/* TRUE when @a and @b are URLs of the same origin: scheme, host (ignoring case) and port
 * (80 and 443 when absent). FALSE for anything that does not parse. */
gboolean      cs_whip_same_origin           (const char *a, const char *b);

G_END_DECLS
