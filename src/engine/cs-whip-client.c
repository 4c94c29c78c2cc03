/* cs-whip-client.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "cs-error.h"
#include "cs-http-body.h"
#include "cs-ice-config.h"
#include "cs-janus-protocol.h"
#include "cs-net-limits.h"
#include "cs-whip-client.h"

#define MAX_SDP_BYTES CS_NET_MAX_SDP_ANSWER
/* An endpoint that never answers must not hold the call forever: the POST may take a
 * while (the endpoint gathers its candidates before it answers), OPTIONS is optional and
 * only asks for ICE servers, so it gets less. Each bounds every read and write, and the
 * whole request, reply body included (cs-http-body.h). */
#define POST_TIMEOUT_S    15
#define OPTIONS_TIMEOUT_S 5

struct _CsWhipClient
{
  GObject      parent_instance;
  char        *url;
  char        *token;
  char        *location;
  SoupSession *soup;          /* POST */
  SoupSession *options_soup;  /* OPTIONS, with a shorter timeout */
};

G_DEFINE_FINAL_TYPE (CsWhipClient, cs_whip_client, G_TYPE_OBJECT)

static void
cs_whip_client_finalize (GObject *object)
{
  CsWhipClient *self = CS_WHIP_CLIENT (object);

  g_free (self->url);
  g_free (self->token);
  g_free (self->location);
  g_clear_object (&self->soup);
  g_clear_object (&self->options_soup);
  G_OBJECT_CLASS (cs_whip_client_parent_class)->finalize (object);
}

static void
cs_whip_client_class_init (CsWhipClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cs_whip_client_finalize;
}

static void
cs_whip_client_init (CsWhipClient *self)
{
  self->soup = soup_session_new_with_options ("timeout", POST_TIMEOUT_S, NULL);
  self->options_soup = soup_session_new_with_options ("timeout", OPTIONS_TIMEOUT_S, NULL);
}

CsWhipClient *
cs_whip_client_new (const char *url, const char *token, GError **error)
{
  g_autoptr(GUri) uri = url != NULL ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;
  CsWhipClient *self;

  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      (g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") != 0 &&
       g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") != 0))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INVALID_OPTION,
                   _("“%s” is not an HTTP or HTTPS address of a WHIP or WHEP endpoint"), url != NULL ? url : "");
      return NULL;
    }
  self = g_object_new (CS_TYPE_WHIP_CLIENT, NULL);
  self->url = g_strdup (url);
  self->token = token != NULL && *token != '\0' ? g_strdup (token) : NULL;
  return self;
}

const char *
cs_whip_client_get_url (CsWhipClient *self)
{
  return self->url;
}

const char *
cs_whip_client_get_location (CsWhipClient *self)
{
  return self->location;
}

/* Every request carries the token, so none follows a redirect: libsoup 3.2 would send the
 * Authorization header wherever a redirect points (and turn a redirected POST into a GET). */
static SoupMessage *
new_message (CsWhipClient *self, const char *method, const char *url)
{
  SoupMessage *msg = soup_message_new (method, url);

  if (msg != NULL)
    soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  if (msg != NULL && self->token != NULL)
    {
      g_autofree char *auth = g_strdup_printf ("Bearer %s", self->token);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  return msg;
}

/* ------------------------------------------------------------------ Link headers */

static void
skip_ws (const char **p)
{
  while (**p == ' ' || **p == '\t')
    (*p)++;
}

/* Parses one link starting at *p; advances past its trailing comma. */
static char *
parse_one_link (const char **p)
{
  g_autofree char *target = NULL;
  g_autofree char *username = NULL;
  g_autofree char *credential = NULL;
  gboolean ice = FALSE;
  const char *end;
  g_autofree char *gst = NULL;

  skip_ws (p);
  if (**p != '<')
    {
      /* not a link: skip to the next comma */
      while (**p != '\0' && **p != ',')
        (*p)++;
      if (**p == ',')
        (*p)++;
      return NULL;
    }
  end = strchr (*p, '>');
  if (end == NULL)
    {
      *p += strlen (*p);
      return NULL;
    }
  target = g_strndup (*p + 1, end - *p - 1);
  *p = end + 1;
  for (;;)
    {
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;
      const char *start;

      skip_ws (p);
      if (**p != ';')
        break;
      (*p)++;
      skip_ws (p);
      start = *p;
      while (**p != '\0' && **p != '=' && **p != ';' && **p != ',' && **p != ' ')
        (*p)++;
      name = g_strndup (start, *p - start);
      skip_ws (p);
      if (**p == '=')
        {
          (*p)++;
          skip_ws (p);
          if (**p == '"')
            {
              GString *v = g_string_new (NULL);

              (*p)++;
              while (**p != '\0' && **p != '"')
                {
                  if (**p == '\\' && (*p)[1] != '\0')
                    (*p)++;
                  g_string_append_c (v, **p);
                  (*p)++;
                }
              if (**p == '"')
                (*p)++;
              value = g_string_free (v, FALSE);
            }
          else
            {
              start = *p;
              while (**p != '\0' && **p != ';' && **p != ',' && **p != ' ')
                (*p)++;
              value = g_strndup (start, *p - start);
            }
        }
      if (g_ascii_strcasecmp (name, "rel") == 0 && value != NULL)
        {
          /* a list of relation types separated by spaces (RFC 8288 §3.3) */
          g_auto(GStrv) rels = g_strsplit_set (value, " \t", -1);

          for (guint i = 0; rels[i] != NULL; i++)
            if (g_ascii_strcasecmp (rels[i], "ice-server") == 0)
              ice = TRUE;
        }
      else if (g_ascii_strcasecmp (name, "username") == 0)
        { g_free (username); username = g_strdup (value); }
      else if (g_ascii_strcasecmp (name, "credential") == 0)
        { g_free (credential); credential = g_strdup (value); }
    }
  skip_ws (p);
  while (**p != '\0' && **p != ',')
    (*p)++;
  if (**p == ',')
    (*p)++;
  if (!ice)
    return NULL;
  gst = cs_ice_config_server_to_gst (target, NULL);
  if (gst == NULL)
    return NULL;
  if ((g_str_has_prefix (gst, "turn://") || g_str_has_prefix (gst, "turns://")) &&
      username != NULL && credential != NULL && strchr (gst, '@') == NULL)
    {
      const char *rest = strstr (gst, "://") + 3;
      g_autofree char *scheme = g_strndup (gst, rest - gst);
      g_autofree char *u = g_uri_escape_string (username, NULL, FALSE);
      g_autofree char *c = g_uri_escape_string (credential, NULL, FALSE);

      return g_strdup_printf ("%s%s:%s@%s", scheme, u, c, rest);
    }
  return g_steal_pointer (&gst);
}

char **
cs_whip_parse_link_header (const char *value)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  const char *p = value;
  guint n = 0;

  while (p != NULL && *p != '\0' && n < 32)
    {
      const char *before = p;
      char *server = parse_one_link (&p);

      if (server != NULL)
        {
          g_strv_builder_add (b, server);
          g_free (server);
          n++;
        }
      if (p == before)
        break;
    }
  return g_strv_builder_end (b);
}

static char **
ice_from_headers (SoupMessage *msg)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
  const char *link = soup_message_headers_get_list (headers, "Link");

  return cs_whip_parse_link_header (link);
}

char *
cs_whip_resolve_location (const char *base, const char *location)
{
  g_autoptr(GUri) base_uri = NULL;
  g_autoptr(GUri) resolved = NULL;

  if (base == NULL || location == NULL || *location == '\0')
    return NULL;
  base_uri = g_uri_parse (base, G_URI_FLAGS_NONE, NULL);
  if (base_uri == NULL)
    return NULL;
  resolved = g_uri_parse_relative (base_uri, location, G_URI_FLAGS_NONE, NULL);
  /* An http(s) URL needs a host; without one GLib cannot even write "http:/.//x"
   * resolved (its path would read as a host: a critical in g_uri_to_string ()). */
  if (resolved == NULL || g_uri_get_host (resolved) == NULL || *g_uri_get_host (resolved) == '\0')
    return NULL;
  if (g_ascii_strcasecmp (g_uri_get_scheme (resolved), "http") != 0 &&
      g_ascii_strcasecmp (g_uri_get_scheme (resolved), "https") != 0)
    return NULL;
  return g_uri_to_string (resolved);
}

static int
default_port (const char *scheme)
{
  return g_ascii_strcasecmp (scheme, "https") == 0 ? 443 : 80;
}

gboolean
cs_whip_same_origin (const char *a, const char *b)
{
  g_autoptr(GUri) ua = a != NULL ? g_uri_parse (a, G_URI_FLAGS_NONE, NULL) : NULL;
  g_autoptr(GUri) ub = b != NULL ? g_uri_parse (b, G_URI_FLAGS_NONE, NULL) : NULL;
  int pa, pb;

  if (ua == NULL || ub == NULL || g_uri_get_host (ua) == NULL || g_uri_get_host (ub) == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (g_uri_get_scheme (ua), g_uri_get_scheme (ub)) != 0 ||
      g_ascii_strcasecmp (g_uri_get_host (ua), g_uri_get_host (ub)) != 0)
    return FALSE;
  pa = g_uri_get_port (ua) > 0 ? g_uri_get_port (ua) : default_port (g_uri_get_scheme (ua));
  pb = g_uri_get_port (ub) > 0 ? g_uri_get_port (ub) : default_port (g_uri_get_scheme (ub));
  return pa == pb;
}

/* A reason phrase from the server, fit for a message. */
static char *
reason_of (SoupMessage *msg)
{
  const char *reason = soup_message_get_reason_phrase (msg);

  return cs_janus_clip_text (reason != NULL ? reason : "", -1, CS_NET_MAX_REASON_CHARS);
}

/* ------------------------------------------------------------------ OPTIONS */

static void
on_options_reply (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  SoupMessage *msg = cs_http_body_get_message (result);
  g_autoptr(GBytes) body = cs_http_body_send_finish (result, NULL);
  char **servers;

  if (body != NULL && msg != NULL && SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (msg)))
    servers = ice_from_headers (msg);
  else
    servers = g_new0 (char *, 1);
  g_task_return_pointer (task, servers, (GDestroyNotify) g_strfreev);
}

void
cs_whip_client_query_ice_async (CsWhipClient *self, GCancellable *cancellable,
                                GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(SoupMessage) msg = new_message (self, "OPTIONS", self->url);

  if (msg == NULL)
    {
      g_task_return_pointer (task, g_new0 (char *, 1), (GDestroyNotify) g_strfreev);
      g_object_unref (task);
      return;
    }
  cs_http_body_send_async (self->options_soup, msg, CS_NET_MAX_OTHER_BODY, OPTIONS_TIMEOUT_S, cancellable,
                           on_options_reply, task);
}

char **
cs_whip_client_query_ice_finish (CsWhipClient *self, GAsyncResult *result)
{
  char **servers = g_task_propagate_pointer (G_TASK (result), NULL);

  return servers != NULL ? servers : g_new0 (char *, 1);
}

/* ------------------------------------------------------------------ POST */

typedef struct
{
  char  *answer;
  char **ice;
  char  *warning;
} PostResult;

static void
post_result_free (PostResult *r)
{
  g_free (r->answer);
  g_strfreev (r->ice);
  g_free (r->warning);
  g_free (r);
}

/* The session resource of a Location header: resolved against the endpoint and kept only
 * on the endpoint's origin (scheme, host and port), as the token goes with its DELETE.
 * Returns the refusal to report, or NULL. */
static char *
take_location (CsWhipClient *self, const char *location)
{
  g_autofree char *resolved = NULL;
  g_autofree char *shown = NULL;

  g_clear_pointer (&self->location, g_free);
  if (location == NULL)
    return NULL;
  resolved = cs_whip_resolve_location (self->url, location);
  if (resolved == NULL || cs_whip_same_origin (self->url, resolved))
    {
      self->location = g_steal_pointer (&resolved);
      return NULL;
    }
  shown = cs_janus_clip_text (resolved, -1, CS_NET_MAX_REASON_CHARS);
  /* TRANSLATORS: the first %s is the endpoint's URL, the second the session's */
  return g_strdup_printf (_("%s named its session %s, on another origin: refused. Callscope does not send "
                            "the token there, so the session is not deleted on hang-up"), self->url, shown);
}

static void
on_post_reply (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  CsWhipClient *self = g_task_get_source_object (task);
  SoupMessage *msg = cs_http_body_get_message (result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = cs_http_body_send_finish (result, &error);
  guint status;
  const char *location;
  const char *type;
  gsize len = 0;
  const char *data;
  PostResult *r;

  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || error->domain == CS_ERROR)
        g_task_return_error (task, g_steal_pointer (&error));
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        g_task_return_new_error (task, CS_ERROR, CS_ERROR_CONNECTION, _("%s did not answer within %u s"),
                                 self->url, POST_TIMEOUT_S);
      else
        g_task_return_new_error (task, CS_ERROR, CS_ERROR_CONNECTION, _("Could not reach %s: %s"),
                                 self->url, error->message);
      return;
    }
  status = soup_message_get_status (msg);
  if (status != SOUP_STATUS_CREATED && status != SOUP_STATUS_OK)
    {
      g_autofree char *reason = reason_of (msg);

      g_task_return_new_error (task, CS_ERROR, CS_ERROR_REFUSED, _("%s answered with HTTP error %u (%s)"),
                               self->url, status, reason);
      return;
    }
  type = soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL);
  data = g_bytes_get_data (body, &len);
  if (len == 0 || len > MAX_SDP_BYTES || data == NULL || (type != NULL && g_ascii_strcasecmp (type, "application/sdp") != 0) ||
      !g_utf8_validate (data, len, NULL) || memchr (data, '\0', len) != NULL || strncmp (data, "v=0", MIN (len, 3)) != 0)
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_PROTOCOL,
                               _("%s did not answer with an SDP (application/sdp)"), self->url);
      return;
    }
  location = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Location");
  r = g_new0 (PostResult, 1);
  r->warning = take_location (self, location);
  r->answer = g_strndup (data, len);
  r->ice = ice_from_headers (msg);
  g_task_return_pointer (task, r, (GDestroyNotify) post_result_free);
}

void
cs_whip_client_post_offer_async (CsWhipClient *self, const char *offer_sdp, GCancellable *cancellable,
                                 GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(SoupMessage) msg = new_message (self, "POST", self->url);
  g_autoptr(GBytes) bytes = g_bytes_new (offer_sdp, strlen (offer_sdp));

  soup_message_set_request_body_from_bytes (msg, "application/sdp", bytes);
  cs_http_body_send_async (self->soup, msg, MAX_SDP_BYTES, POST_TIMEOUT_S, cancellable, on_post_reply, task);
}

char *
cs_whip_client_post_offer_finish (CsWhipClient *self, GAsyncResult *result, char ***ice_servers,
                                  char **warning, GError **error)
{
  PostResult *r = g_task_propagate_pointer (G_TASK (result), error);
  char *answer;

  if (r == NULL)
    return NULL;
  answer = g_steal_pointer (&r->answer);
  if (ice_servers != NULL)
    *ice_servers = g_steal_pointer (&r->ice);
  if (warning != NULL)
    *warning = g_steal_pointer (&r->warning);
  post_result_free (r);
  return answer;
}

/* ------------------------------------------------------------------ DELETE */

typedef struct
{
  CsWhipClient *client;
  SoupSession  *soup;   /* of this request alone: its timeout is the hang-up's */
} DeleteData;

static void
delete_data_free (DeleteData *d)
{
  if (d->soup != NULL)
    soup_session_abort (d->soup);
  g_clear_object (&d->soup);
  g_clear_object (&d->client);
  g_free (d);
}

static void
on_deleted (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  DeleteData *d = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(GBytes) body = cs_http_body_send_finish (result, &error);
  SoupMessage *msg = cs_http_body_get_message (result);
  guint status;

  if (body == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  status = soup_message_get_status (msg);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_new_error (task, CS_ERROR, CS_ERROR_REFUSED, _("%s answered the hang-up with HTTP error %u"),
                               d->client->location, status);
      return;
    }
  g_clear_pointer (&d->client->location, g_free);
  g_task_return_boolean (task, TRUE);
}

/* The whole request (reply body included, which is not read past 64 KiB) takes
 * @timeout_s at most. */
void
cs_whip_client_delete_async (CsWhipClient       *self,
                             guint               timeout_s,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(SoupMessage) msg = NULL;
  DeleteData *d;

  g_task_set_source_tag (task, cs_whip_client_delete_async);
  /* take_location() kept only a resource on the endpoint's origin; check once more, as
   * this request carries the token */
  if (self->location == NULL || !cs_whip_same_origin (self->url, self->location) ||
      (msg = new_message (self, "DELETE", self->location)) == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  d = g_new0 (DeleteData, 1);
  d->client = g_object_ref (self);
  d->soup = soup_session_new_with_options ("timeout", timeout_s, NULL);
  g_task_set_task_data (task, d, (GDestroyNotify) delete_data_free);
  cs_http_body_send_async (d->soup, msg, CS_NET_MAX_OTHER_BODY, timeout_s, cancellable, on_deleted,
                           g_steal_pointer (&task));
}

gboolean
cs_whip_client_delete_finish (CsWhipClient *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
