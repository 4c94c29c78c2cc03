/* cs-metrics-server.c — serves /metrics over HTTP for a Prometheus scraper
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "cs-error.h"
#include "cs-metrics-server.h"

struct _CsMetricsServer
{
  GObject            parent_instance;

  SoupServer        *server;
  CsMetricsWriteFunc write;
  gpointer           user_data;
  GDestroyNotify     destroy;
  GInetAddress      *address;
  guint16            port;
  guint64            scrapes;
};

G_DEFINE_FINAL_TYPE (CsMetricsServer, cs_metrics_server, G_TYPE_OBJECT)

gboolean
cs_metrics_server_parse_address (const char    *text,
                                 GInetAddress **address,
                                 guint16       *port,
                                 GError       **error)
{
  g_autofree char *host = NULL;
  const char *colon;
  const char *port_text;
  guint64 number = 0;
  g_autoptr (GInetAddress) inet = NULL;

  if (text == NULL)
    text = "";
  if (text[0] == '[')
    {
      const char *close = strchr (text, ']');

      if (close == NULL || close[1] != ':')
        goto bad;
      host = g_strndup (text + 1, (gsize) (close - text - 1));
      port_text = close + 2;
    }
  else
    {
      colon = strrchr (text, ':');
      if (colon == NULL || strchr (text, ':') != colon)
        goto bad;
      host = g_strndup (text, (gsize) (colon - text));
      port_text = colon + 1;
    }
  if (!g_ascii_string_to_unsigned (port_text, 10, 0, 65535, &number, NULL))
    goto bad;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    inet = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  else
    inet = g_inet_address_new_from_string (host);
  if (inet == NULL)
    goto bad;
  *address = g_steal_pointer (&inet);
  *port = (guint16) number;
  return TRUE;

bad:
  g_set_error (error, CS_ERROR, CS_ERROR_INVALID_OPTION,
               _("--metrics must be an IP address and a port, such as 127.0.0.1:9090 or [::1]:9090, not “%s”"),
               text);
  return FALSE;
}

static gboolean
wants_openmetrics (SoupServerMessage *msg)
{
  const char *accept = soup_message_headers_get_list (soup_server_message_get_request_headers (msg), "Accept");

  return accept != NULL && strstr (accept, "application/openmetrics-text") != NULL;
}

static void
answer_text (SoupServerMessage *msg, guint status, const char *text)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/plain; charset=utf-8", SOUP_MEMORY_COPY, text, strlen (text));
}

static void
on_request (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  CsMetricsServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  gboolean openmetrics;
  char *text;

  if (g_strcmp0 (path, "/metrics") != 0)
    {
      answer_text (msg, SOUP_STATUS_NOT_FOUND, "Not found: Callscope serves /metrics only\n");
      return;
    }
  if (method != SOUP_METHOD_GET && method != SOUP_METHOD_HEAD)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "GET, HEAD");
      answer_text (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "Method not allowed: GET or HEAD\n");
      return;
    }
  openmetrics = wants_openmetrics (msg);
  text = self->write (openmetrics, self->user_data);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, openmetrics ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
                                                     : "text/plain; version=0.0.4; charset=utf-8",
                                    SOUP_MEMORY_TAKE, text, strlen (text));
  self->scrapes++;
}

static void
on_refusal_written (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GIOStream) stream = user_data;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL);
  g_io_stream_close_async (stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
}

/* A scrape has no body: one that announces one (or a chunked one) is refused before it is
 * read (SoupServer would read all of it), on a connection taken from SoupServer and closed
 * after the answer, so that a huge request costs nothing. */
static void
on_got_headers (SoupServerMessage *msg, gpointer user_data)
{
  static const char refusal[] = "HTTP/1.1 413 Payload Too Large\r\n"
                                "Content-Type: text/plain; charset=utf-8\r\n"
                                "Content-Length: 21\r\n"
                                "Connection: close\r\n\r\n"
                                "A scrape has no body\n";
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  GIOStream *stream;

  if (soup_message_headers_get_encoding (headers) != SOUP_ENCODING_CHUNKED &&
      soup_message_headers_get_content_length (headers) == 0)
    return;
  stream = soup_server_message_steal_connection (msg);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (stream), refusal, strlen (refusal),
                                   G_PRIORITY_DEFAULT, NULL, on_refusal_written, stream);
}

static void
on_request_started (SoupServer *server, SoupServerMessage *msg, gpointer user_data)
{
  g_signal_connect (msg, "got-headers", G_CALLBACK (on_got_headers), NULL);
}

static void
cs_metrics_server_dispose (GObject *object)
{
  CsMetricsServer *self = CS_METRICS_SERVER (object);

  if (self->server != NULL)
    {
      soup_server_disconnect (self->server);
      g_clear_object (&self->server);
    }
  if (self->destroy != NULL)
    g_clear_pointer (&self->user_data, self->destroy);
  g_clear_object (&self->address);
  G_OBJECT_CLASS (cs_metrics_server_parent_class)->dispose (object);
}

static void
cs_metrics_server_class_init (CsMetricsServerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = cs_metrics_server_dispose;
}

static void
cs_metrics_server_init (CsMetricsServer *self)
{
}

CsMetricsServer *
cs_metrics_server_new (CsMetricsWriteFunc write, gpointer user_data, GDestroyNotify destroy)
{
  CsMetricsServer *self = g_object_new (CS_TYPE_METRICS_SERVER, NULL);

  self->write = write;
  self->user_data = user_data;
  self->destroy = destroy;
  self->server = soup_server_new ("server-header", "Callscope/" PACKAGE_VERSION " ", NULL);
  soup_server_add_handler (self->server, NULL, on_request, self, NULL);
  g_signal_connect (self->server, "request-started", G_CALLBACK (on_request_started), self);
  return self;
}

gboolean
cs_metrics_server_listen (CsMetricsServer *self, const char *address, GError **error)
{
  g_autoptr (GInetAddress) inet = NULL;
  g_autoptr (GSocketAddress) socket_address = NULL;
  g_autoptr (GError) listen_error = NULL;
  g_autoslist (GUri) uris = NULL;
  guint16 port = 0;

  g_return_val_if_fail (CS_IS_METRICS_SERVER (self), FALSE);
  if (!cs_metrics_server_parse_address (address, &inet, &port, error))
    return FALSE;
  socket_address = g_inet_socket_address_new (inet, port);
  if (!soup_server_listen (self->server, socket_address, 0, &listen_error))
    {
      g_set_error (error, listen_error->domain, listen_error->code,
                   _("Cannot serve metrics on %s: %s"), address, listen_error->message);
      return FALSE;
    }
  uris = soup_server_get_uris (self->server);
  self->port = uris != NULL ? (guint16) g_uri_get_port (uris->data) : port;
  self->address = g_steal_pointer (&inet);
  return TRUE;
}

guint16
cs_metrics_server_get_port (CsMetricsServer *self)
{
  g_return_val_if_fail (CS_IS_METRICS_SERVER (self), 0);
  return self->port;
}

char *
cs_metrics_server_get_url (CsMetricsServer *self)
{
  g_autofree char *host = NULL;

  g_return_val_if_fail (CS_IS_METRICS_SERVER (self), NULL);
  if (self->address == NULL)
    return NULL;
  host = g_inet_address_to_string (self->address);
  if (g_inet_address_get_family (self->address) == G_SOCKET_FAMILY_IPV6)
    return g_strdup_printf ("http://[%s]:%u/metrics", host, self->port);
  return g_strdup_printf ("http://%s:%u/metrics", host, self->port);
}

guint64
cs_metrics_server_get_scrapes (CsMetricsServer *self)
{
  g_return_val_if_fail (CS_IS_METRICS_SERVER (self), 0);
  return self->scrapes;
}
