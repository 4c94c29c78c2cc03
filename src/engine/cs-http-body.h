/* cs-http-body.h — an HTTP request whose reply is read with a size and a time limit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * soup_session_send_and_read_async() reads a whole body before anyone can look at its
 * size, and libsoup's timeouts bound each read, not the request: a reply that trickles a
 * byte a second never ends. cs_http_body_send_async() sends @msg, refuses a Content-Length
 * above @max_bytes before reading, reads the body in chunks and stops as soon as it passes
 * @max_bytes, and gives the whole request @limit_s seconds. Shared by the Janus HTTP
 * transport and the WHIP/WHEP client.
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

void    cs_http_body_send_async   (SoupSession        *session,
                                   SoupMessage        *msg,
                                   gsize               max_bytes,
                                   guint               limit_s,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data);
/* Returns: (transfer full) the body, possibly empty, whatever the status; NULL and
 *   G_IO_ERROR_CANCELLED when @cancellable was cancelled, CS_ERROR_PROTOCOL for a body
 *   larger than @max_bytes, CS_ERROR_CONNECTION when @limit_s passed (the message says
 *   whether the server did not answer or did not finish its reply), or libsoup's error. */
GBytes *cs_http_body_send_finish  (GAsyncResult       *result,
                                   GError            **error);
/* (transfer none) the message of @result */
SoupMessage *cs_http_body_get_message (GAsyncResult   *result);

G_END_DECLS
