/* cs-http-body.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Stopping early is safe with libsoup 3: closing a body stream before its end marks the
 * message finished without reading on (soup_message_io_skip), and a connection whose body
 * was not read to the end is never reused.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cs-error.h"
#include "cs-http-body.h"

#define CHUNK_BYTES (64 * 1024)

typedef struct
{
  SoupMessage  *msg;
  GInputStream *stream;
  GByteArray   *body;
  gsize         max_bytes;
  guint         limit_s;
  GCancellable *cancellable;  /* ours: cancelled by the caller's or by the time limit */
  GCancellable *outer;        /* the caller's, nullable */
  gulong        outer_id;
  GSource      *timer;
  gboolean      timed_out;
  gboolean      answered;     /* the status line and headers arrived */
} Request;

static void
request_free (Request *r)
{
  if (r->timer != NULL)
    g_source_destroy (r->timer);
  g_clear_pointer (&r->timer, g_source_unref);
  if (r->outer != NULL && r->outer_id != 0)
    g_cancellable_disconnect (r->outer, r->outer_id);
  g_clear_object (&r->outer);
  if (r->stream != NULL && !g_input_stream_is_closed (r->stream) && !g_input_stream_has_pending (r->stream))
    g_input_stream_close (r->stream, NULL, NULL);
  g_clear_object (&r->stream);
  g_clear_object (&r->cancellable);
  g_clear_pointer (&r->body, g_byte_array_unref);
  g_clear_object (&r->msg);
  g_free (r);
}

/* The request's address for a message: no user, query or fragment (they may hold secrets). */
static char *
request_url (Request *r)
{
  GUri *uri = soup_message_get_uri (r->msg);

  return uri != NULL ? g_uri_to_string_partial (uri, G_URI_HIDE_USERINFO | G_URI_HIDE_QUERY | G_URI_HIDE_FRAGMENT)
                     : g_strdup ("?");
}

static void
return_too_large (GTask *task)
{
  Request *r = g_task_get_task_data (task);
  g_autofree char *url = request_url (r);
  g_autofree char *size = g_format_size_full (r->max_bytes, G_FORMAT_SIZE_IEC_UNITS);

  /* TRANSLATORS: %s are a URL and a size such as "4.0 MiB" */
  g_task_return_new_error (task, CS_ERROR, CS_ERROR_PROTOCOL, _("The reply from %s is larger than %s: refused"),
                           url, size);
}

/* An error of libsoup or GIO, or ours when the time limit cancelled it. */
static void
return_error (GTask *task, GError *error /* transfer full */)
{
  Request *r = g_task_get_task_data (task);
  g_autofree char *url = NULL;

  if (!r->timed_out || (r->outer != NULL && g_cancellable_is_cancelled (r->outer)))
    {
      g_task_return_error (task, error);
      return;
    }
  g_error_free (error);
  url = request_url (r);
  if (r->answered)
    g_task_return_new_error (task, CS_ERROR, CS_ERROR_CONNECTION, _("The reply from %s did not end within %u s"),
                             url, r->limit_s);
  else
    g_task_return_new_error (task, CS_ERROR, CS_ERROR_CONNECTION, _("%s did not answer within %u s"),
                             url, r->limit_s);
}

static void read_next (GTask *task);

static void
on_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *r = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(GBytes) chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);

  if (chunk == NULL)
    {
      return_error (task, error);
      return;
    }
  if (g_bytes_get_size (chunk) == 0)
    {
      g_task_return_pointer (task, g_byte_array_free_to_bytes (g_steal_pointer (&r->body)),
                             (GDestroyNotify) g_bytes_unref);
      return;
    }
  g_byte_array_append (r->body, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  if (r->body->len > r->max_bytes)
    {
      return_too_large (task);
      return;
    }
  read_next (g_steal_pointer (&task));
}

static void
read_next (GTask *task /* transfer full */)
{
  Request *r = g_task_get_task_data (task);
  /* one byte more than is left tells a body that ends at the limit from one that goes on */
  gsize want = MIN (CHUNK_BYTES, r->max_bytes - r->body->len + 1);

  g_input_stream_read_bytes_async (r->stream, want, G_PRIORITY_DEFAULT, r->cancellable, on_read, task);
}

static void
on_sent (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *r = g_task_get_task_data (task);
  GError *error = NULL;
  SoupMessageHeaders *headers;

  r->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (r->stream == NULL)
    {
      return_error (task, error);
      return;
    }
  r->answered = TRUE;
  headers = soup_message_get_response_headers (r->msg);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > (goffset) r->max_bytes)
    {
      return_too_large (task);
      return;
    }
  read_next (g_steal_pointer (&task));
}

static gboolean
on_time_limit (gpointer user_data)
{
  Request *r = user_data;

  r->timed_out = TRUE;
  g_cancellable_cancel (r->cancellable);
  return G_SOURCE_REMOVE;
}

static void
on_outer_cancelled (GCancellable *outer, gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

void
cs_http_body_send_async (SoupSession        *session,
                         SoupMessage        *msg,
                         gsize               max_bytes,
                         guint               limit_s,
                         GCancellable       *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer            user_data)
{
  GTask *task = g_task_new (session, cancellable, callback, user_data);
  Request *r = g_new0 (Request, 1);

  g_task_set_source_tag (task, cs_http_body_send_async);
  r->msg = g_object_ref (msg);
  r->body = g_byte_array_new ();
  r->max_bytes = max_bytes;
  r->limit_s = limit_s;
  r->cancellable = g_cancellable_new ();
  g_task_set_task_data (task, r, (GDestroyNotify) request_free);
  if (cancellable != NULL)
    {
      r->outer = g_object_ref (cancellable);
      r->outer_id = g_cancellable_connect (cancellable, G_CALLBACK (on_outer_cancelled),
                                           g_object_ref (r->cancellable), g_object_unref);
    }
  r->timer = g_timeout_source_new ((guint) MIN ((guint64) limit_s * 1000, G_MAXUINT));
  g_source_set_callback (r->timer, on_time_limit, r, NULL);
  g_source_set_name (r->timer, "[callscope] HTTP time limit");
  g_source_attach (r->timer, g_main_context_get_thread_default ());
  soup_session_send_async (session, msg, G_PRIORITY_DEFAULT, r->cancellable, on_sent, task);
}

GBytes *
cs_http_body_send_finish (GAsyncResult *result,
                          GError      **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

SoupMessage *
cs_http_body_get_message (GAsyncResult *result)
{
  Request *r = g_task_get_task_data (G_TASK (result));

  return r->msg;
}
