/* ioc-server.c — routing, authentication, JSON errors, transactions, audit */
#define G_LOG_DOMAIN "iocd"

#include "config.h"

#include "ioc-server.h"
#include "ioc-server-private.h"
#include "ioc-json.h"
#include "ioc-tiles.h"

#include <string.h>

G_DEFINE_QUARK (ioc-api-error-quark, ioc_api_error)

typedef struct {
  char *field;
} ErrorField;

static const struct {
  guint       status;
  const char *name;
} api_errors[] = {
  [IOC_API_ERROR_BAD_REQUEST]  = { 400, "bad_request" },
  [IOC_API_ERROR_INVALID]      = { 422, "invalid" },
  [IOC_API_ERROR_UNAUTHORIZED] = { 401, "unauthorized" },
  [IOC_API_ERROR_FORBIDDEN]    = { 403, "forbidden" },
  [IOC_API_ERROR_NOT_FOUND]    = { 404, "not_found" },
  [IOC_API_ERROR_CONFLICT]     = { 409, "conflict" },
  [IOC_API_ERROR_TOO_LARGE]    = { 413, "too_large" },
  [IOC_API_ERROR_UNSUPPORTED]  = { 415, "unsupported_media_type" },
  [IOC_API_ERROR_TOO_MANY]     = { 429, "too_many_requests" },
  [IOC_API_ERROR_INTERNAL]     = { 500, "internal" },
  [IOC_API_ERROR_UNAVAILABLE]  = { 503, "unavailable" },
};

/* The field name travels in the message as "field\x1fdetail" so that the
 * GError stays a plain GError (copyable, prefixable). */
#define FIELD_SEP '\x1f'

void
ioc_api_set_error (GError     **error,
                   IocApiError  code,
                   const char  *field,
                   const char  *format,
                   ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  if (error == NULL)
    return;
  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);
  if (field != NULL)
    g_set_error (error, IOC_API_ERROR, code, "%s%c%s", field, FIELD_SEP, detail);
  else
    g_set_error_literal (error, IOC_API_ERROR, code, detail);
}

char *
ioc_api_error_get_field (const GError *error)
{
  const char *sep;

  if (error == NULL || error->domain != IOC_API_ERROR)
    return NULL;
  sep = strchr (error->message, FIELD_SEP);
  if (sep == NULL)
    return NULL;
  /* Field names can come from the client (unknown parameters): copy, never intern. */
  return g_strndup (error->message, sep - error->message);
}

static const char *
error_detail (const GError *error)
{
  const char *sep = strchr (error->message, FIELD_SEP);
  return sep != NULL ? sep + 1 : error->message;
}

const char *
ioc_api_error_get_detail (const GError *error)
{
  return error_detail (error);
}

guint
ioc_api_error_get_status (const GError *error)
{
  if (error != NULL && error->domain == IOC_API_ERROR && error->code >= 0 &&
      (guint) error->code < G_N_ELEMENTS (api_errors))
    return api_errors[error->code].status;
  return 500;
}

void
ioc_api_error_from_store (GError **error)
{
  GError *e;
  IocApiError code;
  g_autofree char *field = NULL;

  if (error == NULL || *error == NULL)
    return;
  e = *error;
  if (e->domain == IOC_API_ERROR)
    return;

  if (e->domain == IOC_STORE_ERROR)
    {
      switch (e->code)
        {
        case IOC_STORE_ERROR_NOT_FOUND: code = IOC_API_ERROR_NOT_FOUND; break;
        case IOC_STORE_ERROR_CONFLICT: code = IOC_API_ERROR_CONFLICT; break;
        case IOC_STORE_ERROR_INVALID: code = IOC_API_ERROR_INVALID; break;
        case IOC_STORE_ERROR_BUSY: code = IOC_API_ERROR_UNAVAILABLE; break;
        default: code = IOC_API_ERROR_INTERNAL; break;
        }
      /* Store messages for invalid values start with the column name. */
      if (code == IOC_API_ERROR_INVALID)
        {
          const char *space = strchr (e->message, ' ');
          if (space != NULL)
            field = g_strndup (e->message, space - e->message);
        }
    }
  else if (e->domain == IOC_JSON_ERROR)
    {
      const char *space = strchr (e->message, ' ');
      code = e->code == IOC_JSON_ERROR_MISSING ? IOC_API_ERROR_BAD_REQUEST : IOC_API_ERROR_INVALID;
      if (space != NULL)
        field = g_strndup (e->message, space - e->message);
    }
  else if (e->domain == G_IO_ERROR && e->code == G_IO_ERROR_INVALID_DATA)
    code = IOC_API_ERROR_BAD_REQUEST;
  else
    code = IOC_API_ERROR_INTERNAL;

  *error = NULL;
  ioc_api_set_error (error, code, field, "%s", e->message);
  g_error_free (e);
}

/* ---- server ---------------------------------------------------------- */

static gboolean
on_freshness_tick (gpointer user_data)
{
  ioc_server_check_freshness (user_data, g_get_real_time () / G_USEC_PER_SEC);
  return G_SOURCE_CONTINUE;
}

IocServer *
ioc_server_new (IocConfig  *config,
                IocStore   *store,
                GError    **error)
{
  IocServer *self = g_new0 (IocServer, 1);

  self->config = config;
  self->store = g_object_ref (store);
  self->routes = g_ptr_array_new ();
  self->metrics = ioc_metrics_new ();
  self->login_limiter = ioc_rate_limiter_new (config->login_max_failures, config->login_window_s);
  self->addr_limiter = ioc_rate_limiter_new (config->login_max_failures * 4, config->login_window_s);
  self->soup = soup_server_new ("server-header", "iocd/" PACKAGE_VERSION, NULL);
  self->keep_alive = soup_get_major_version () > 3 ||
                     (soup_get_major_version () == 3 && soup_get_minor_version () >= 3);

  if (!ioc_server_setup (self, error))
    {
      ioc_server_free (self);
      return NULL;
    }
  self->freshness_id = g_timeout_add_seconds (config->freshness_interval_s, on_freshness_tick, self);
  return self;
}

void
ioc_server_free (IocServer *self)
{
  if (self == NULL)
    return;
  g_clear_handle_id (&self->freshness_id, g_source_remove);
  ioc_server_stop_connectors (self);
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_pointer (&self->stream, ioc_stream_free);
  g_clear_pointer (&self->tiles, ioc_tiles_free);
  g_clear_object (&self->soup);
  g_clear_pointer (&self->routes, g_ptr_array_unref);
  g_clear_pointer (&self->metrics, ioc_metrics_free);
  g_clear_pointer (&self->login_limiter, ioc_rate_limiter_free);
  g_clear_pointer (&self->addr_limiter, ioc_rate_limiter_free);
  g_clear_object (&self->store);
  g_free (self);
}

void
ioc_server_add_routes (IocServer      *self,
                       const IocRoute *routes,
                       guint           n_routes)
{
  for (guint i = 0; i < n_routes; i++)
    g_ptr_array_add (self->routes, (gpointer) &routes[i]);
}

GPtrArray *
ioc_server_get_routes (IocServer *self)
{
  return self->routes;
}

SoupServer *
ioc_server_get_soup (IocServer *self)
{
  return self->soup;
}

IocStore *
ioc_server_get_store (IocServer *self)
{
  return self->store;
}

IocConfig *
ioc_server_get_config (IocServer *self)
{
  return self->config;
}

guint
ioc_server_get_port (IocServer *self)
{
  return self->port;
}

gboolean
ioc_server_listen (IocServer  *self,
                   GError    **error)
{
  g_autoptr(GInetAddress) addr = g_inet_address_new_from_string (self->config->listen_address);
  g_autoptr(GSocketAddress) sa = NULL;
  GSList *uris;

  if (addr == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "not a numeric address: %s", self->config->listen_address);
      return FALSE;
    }
  sa = g_inet_socket_address_new (addr, self->config->port);
  if (!soup_server_listen (self->soup, sa, 0, error))
    return FALSE;

  uris = soup_server_get_uris (self->soup);
  if (uris != NULL)
    self->port = (guint) g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return TRUE;
}

/* ---- routing --------------------------------------------------------- */

static gboolean
match_pattern (const char  *pattern,
               const char  *path,
               GHashTable  *params)
{
  g_auto(GStrv) pp = g_strsplit (pattern, "/", -1);
  g_auto(GStrv) ps = g_strsplit (path, "/", -1);
  guint n = g_strv_length (pp);

  if (n != g_strv_length (ps))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      size_t len = strlen (pp[i]);
      if (len > 2 && pp[i][0] == '{' && pp[i][len - 1] == '}')
        {
          if (ps[i][0] == '\0')
            return FALSE;
          if (params != NULL)
            {
              g_autofree char *unescaped = g_uri_unescape_string (ps[i], NULL);
              if (unescaped == NULL)
                return FALSE;
              g_hash_table_insert (params, g_strndup (pp[i] + 1, len - 2), g_steal_pointer (&unescaped));
            }
          continue;
        }
      if (strcmp (pp[i], ps[i]) != 0)
        return FALSE;
    }
  return TRUE;
}

/* Finds the route; *path_matched tells a 405 from a 404. */
static const IocRoute *
find_route (IocServer   *self,
            const char  *method,
            const char  *path,
            GHashTable  *params,
            GString     *allowed)
{
  const IocRoute *found = NULL;

  for (guint i = 0; i < self->routes->len; i++)
    {
      const IocRoute *r = g_ptr_array_index (self->routes, i);
      if (!match_pattern (r->pattern, path, NULL))
        continue;
      if (strcmp (r->method, method) == 0 ||
          (strcmp (method, "HEAD") == 0 && strcmp (r->method, "GET") == 0))
        {
          if (found == NULL)
            {
              found = r;
              match_pattern (r->pattern, path, params);
            }
        }
      else if (allowed != NULL && strstr (allowed->str, r->method) == NULL)
        g_string_append_printf (allowed, "%s%s", allowed->len ? ", " : "", r->method);
    }
  return found;
}

/* ---- request helpers ------------------------------------------------- */

const char *
ioc_request_param (IocRequest *req,
                   const char *name)
{
  return g_hash_table_lookup (req->params, name);
}

const char *
ioc_request_query (IocRequest *req,
                   const char *name)
{
  return req->query != NULL ? g_hash_table_lookup (req->query, name) : NULL;
}

JsonObject *
ioc_request_body_object (IocRequest  *req,
                         GError     **error)
{
  if (req->body == NULL)
    {
      ioc_api_set_error (error, IOC_API_ERROR_BAD_REQUEST, NULL, "a JSON object body is required");
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (req->body))
    {
      ioc_api_set_error (error, IOC_API_ERROR_BAD_REQUEST, NULL, "the body must be a JSON object");
      return NULL;
    }
  return json_node_get_object (req->body);
}

void
ioc_request_set_object (IocRequest *req,
                        guint       status,
                        JsonObject *object)
{
  g_clear_pointer (&req->response, json_node_unref);
  req->response = json_node_init_object (json_node_alloc (), object);
  req->status = status;
}

gboolean
ioc_request_audit (IocRequest  *req,
                   const char  *entity,
                   const char  *entity_id,
                   JsonObject  *before,
                   JsonObject  *after,
                   GError     **error)
{
  g_autoptr(JsonObject) row = json_object_new ();

  json_object_set_int_member (row, "time", g_get_real_time () / G_USEC_PER_SEC);
  if (req->user_name != NULL)
    {
      json_object_set_string_member (row, "user_name", req->user_name);
      json_object_set_string_member (row, "role", ioc_role_to_string (req->role));
    }
  json_object_set_string_member (row, "action", req->server->current_route != NULL &&
                                 req->server->current_route->action != NULL ?
                                 req->server->current_route->action : req->path);
  json_object_set_string_member (row, "method", req->method);
  json_object_set_string_member (row, "path", req->path);
  if (entity != NULL)
    json_object_set_string_member (row, "entity", entity);
  if (entity_id != NULL)
    json_object_set_string_member (row, "entity_id", entity_id);
  json_object_set_int_member (row, "status", req->status != 0 ? req->status : 200);
  if (before != NULL)
    json_object_set_object_member (row, "before", json_object_ref (before));
  if (after != NULL)
    json_object_set_object_member (row, "after", json_object_ref (after));
  req->wrote_audit = TRUE;
  if (!ioc_store_insert (req->store, &ioc_entity_audit, row, NULL, error))
    {
      ioc_api_error_from_store (error);
      return FALSE;
    }
  return TRUE;
}

gboolean
ioc_server_touch_source (IocServer   *self,
                         const char  *source,
                         GError     **error)
{
  g_autoptr(JsonObject) existing = NULL;
  g_autoptr(JsonObject) row = json_object_new ();
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gboolean was_stale = FALSE;

  existing = ioc_store_get (self->store, &ioc_entity_sources, source, FALSE, NULL);
  if (existing != NULL)
    was_stale = json_object_get_boolean_member_with_default (existing, "stale", FALSE);

  json_object_set_string_member (row, "name", source);
  json_object_set_int_member (row, "last_update", now);
  json_object_set_boolean_member (row, "stale", FALSE);
  if (existing != NULL)
    {
      json_object_remove_member (row, "name");
      if (!ioc_store_update (self->store, &ioc_entity_sources, source, row, error))
        return FALSE;
    }
  else if (!ioc_store_insert (self->store, &ioc_entity_sources, row, NULL, error))
    return FALSE;

  /* Consoles show each source's freshness: tell them (once per batch or
   * write, not per row). */
  {
    g_autoptr(JsonNode) data = json_node_new (JSON_NODE_OBJECT);
    JsonObject *o = json_object_new ();
    json_object_set_string_member (o, "source", source);
    json_object_set_int_member (o, "last_update", now);
    json_object_set_boolean_member (o, "stale", FALSE);
    json_node_take_object (data, o);
    if (ioc_store_append_event (self->store, was_stale ? "source.fresh" : "source.updated", data, error) == 0)
      return FALSE;
  }
  return TRUE;
}

/* ---- responses ------------------------------------------------------- */

static void
send_json (SoupServerMessage *msg,
           guint              status,
           JsonNode          *node)
{
  g_autofree char *text = ioc_json_to_string (node);
  gsize len = strlen (text);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&text), len);
}

static void
send_error (SoupServerMessage *msg,
            const GError      *error)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *o = json_object_new ();
  guint status = 500;
  const char *name = "internal";
  g_autofree char *field = NULL;

  if (error->domain == IOC_API_ERROR && error->code >= 0 && (guint) error->code < G_N_ELEMENTS (api_errors))
    {
      status = api_errors[error->code].status;
      name = api_errors[error->code].name;
      field = ioc_api_error_get_field (error);
    }
  json_object_set_string_member (o, "error", name);
  json_object_set_string_member (o, "detail", error_detail (error));
  if (field != NULL)
    json_object_set_string_member (o, "field", field);
  json_node_take_object (node, o);

  if (status == 401)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "WWW-Authenticate", "Bearer realm=\"iocd\"");
  send_json (msg, status, node);
}

/* ---- authentication -------------------------------------------------- */

static const char *
bearer_token (SoupServerMessage *msg,
              GHashTable        *query,
              gboolean           allow_query)
{
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                   "Authorization");
  if (auth != NULL && g_ascii_strncasecmp (auth, "Bearer ", 7) == 0)
    return auth + 7;
  /* WebSocket clients in browsers cannot set headers. */
  if (allow_query && query != NULL)
    return g_hash_table_lookup (query, "access_token");
  return NULL;
}

gboolean
ioc_server_authenticate (IocServer   *self,
                         const char  *token,
                         IocRequest  *req,
                         GError     **error)
{
  g_autofree char *hash = NULL;
  g_autoptr(JsonObject) session = NULL;
  g_autoptr(JsonObject) user = NULL;
  g_autofree char *user_id = NULL;
  gint64 expires;

  if (token == NULL || *token == '\0')
    {
      ioc_api_set_error (error, IOC_API_ERROR_UNAUTHORIZED, NULL,
                         "an Authorization: Bearer token is required (POST /api/v1/login)");
      return FALSE;
    }
  hash = ioc_token_hash (token);
  session = ioc_store_get (self->store, &ioc_entity_sessions, hash, FALSE, NULL);
  /* sessions.token_hash is HIDDEN, so a found row has user and expiry only. */
  if (session == NULL)
    {
      ioc_api_set_error (error, IOC_API_ERROR_UNAUTHORIZED, NULL, "unknown or revoked token");
      return FALSE;
    }
  if (!ioc_time_parse (json_object_get_string_member (session, "expires_at"), NULL, &expires) ||
      expires <= g_get_real_time () / G_USEC_PER_SEC)
    {
      ioc_api_set_error (error, IOC_API_ERROR_UNAUTHORIZED, NULL, "the token has expired, sign in again");
      return FALSE;
    }
  user_id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (session, "user_id"));
  user = ioc_store_get (self->store, &ioc_entity_users, user_id, FALSE, NULL);
  if (user == NULL || json_object_get_boolean_member_with_default (user, "disabled", FALSE))
    {
      ioc_api_set_error (error, IOC_API_ERROR_UNAUTHORIZED, NULL, "the account is disabled");
      return FALSE;
    }
  req->user_id = json_object_get_int_member (user, "id");
  g_free (req->owned_user_name);
  req->owned_user_name = g_strdup (json_object_get_string_member (user, "name"));
  req->user_name = req->owned_user_name;
  req->role = ioc_role_from_string (json_object_get_string_member (user, "role"));
  return TRUE;
}

/* ---- the request pipeline -------------------------------------------- */

static gboolean
is_json_content (SoupServerMessage *msg)
{
  const char *ct = soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), NULL);
  return ct == NULL || g_ascii_strcasecmp (ct, "application/json") == 0;
}

gsize
ioc_server_body_limit (IocServer      *self,
                       const IocRoute *route)
{
  gint64 n;

  if (route == NULL || !(route->flags & IOC_ROUTE_LARGE_BODY))
    return self->config->max_body_bytes;
  /* A dossier system's export of 15 months is ~1.5 million rows of
   * ~110 bytes: 256 MiB takes it whole. */
  if (!ioc_config_group_int (self->config, "imports", "max-body-bytes", G_GINT64_CONSTANT (256) << 20,
                             1024, G_GINT64_CONSTANT (1) << 32, &n, NULL))
    n = G_GINT64_CONSTANT (256) << 20;
  return (gsize) n;
}

static void
early_handler (SoupServer        *soup,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  IocServer *self = user_data;
  goffset len = soup_message_headers_get_content_length (soup_server_message_get_request_headers (msg));

  /* libsoup before 3.3 (Debian 12 has 3.2) never notices a client that
   * closes an idle keep-alive connection: the socket stays in CLOSE-WAIT
   * with its file descriptor for the life of iocd (fixed upstream by
   * commit d20c6601, "server: do not leak idle connections closed by the
   * client"), and after some thousand curl calls, health probes or
   * console restarts iocd runs out of descriptors. So iocd closes the
   * connection itself after each answer — a close libsoup handles — at
   * the cost of a new TCP connection per request (~0.1 ms on loopback).
   * The WebSocket upgrade keeps its own Connection header. */
  if (!self->keep_alive &&
      !soup_message_headers_header_contains (soup_server_message_get_request_headers (msg), "Connection", "upgrade"))
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");

  /* Refuse an oversize body before reading it (file uploads have a
   * limit of their own). */
  if (len > 0 && (gsize) len > self->config->max_body_bytes &&
      (gsize) len > ioc_server_body_limit (self, find_route (self, soup_server_message_get_method (msg),
                                                             path, NULL, NULL)))
    {
      g_autoptr(GError) error = NULL;
      ioc_api_set_error (&error, IOC_API_ERROR_TOO_LARGE, NULL,
                         "the body has %" G_GOFFSET_FORMAT " bytes, more than the limit of %" G_GSIZE_FORMAT,
                         len, ioc_server_body_limit (self, find_route (self, soup_server_message_get_method (msg),
                                                                       path, NULL, NULL)));
      send_error (msg, error);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
    }
}

static void
request_clear (IocRequest *req)
{
  g_clear_pointer (&req->params, g_hash_table_unref);
  g_clear_pointer (&req->body, json_node_unref);
  g_clear_pointer (&req->response, json_node_unref);
  g_clear_pointer (&req->raw_response, g_bytes_unref);
  g_clear_pointer (&req->content_type, g_free);
  g_clear_pointer (&req->owned_user_name, g_free);
}

static void
main_handler (SoupServer        *soup,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  IocServer *self = user_data;
  gint64 t0 = g_get_monotonic_time ();
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) allowed = g_string_new (NULL);
  IocRequest req = { 0 };
  const IocRoute *route;
  const char *route_name = "unmatched";
  gboolean ok = FALSE;
  gboolean is_stream = g_str_equal (path, "/api/v1/stream");

  req.server = self;
  req.store = self->store;
  req.msg = msg;
  req.method = method;
  req.path = path;
  req.query = query;
  req.params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  route = find_route (self, method, path, req.params, allowed);
  if (route == NULL && !is_stream)
    {
      if (allowed->len > 0)
        {
          soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", allowed->str);
          ioc_api_set_error (&error, IOC_API_ERROR_BAD_REQUEST, NULL,
                             "%s is not allowed on %s (allowed: %s)", method, path, allowed->str);
          send_error (msg, error);
          soup_server_message_set_status (msg, 405, NULL);
        }
      else
        {
          ioc_api_set_error (&error, IOC_API_ERROR_NOT_FOUND, NULL, "no such endpoint: %s %s", method, path);
          send_error (msg, error);
        }
      goto out;
    }

  if (is_stream)
    {
      /* The WebSocket handler takes over after this handler when no status
       * is set: authenticate here, and refuse with a JSON error otherwise. */
      route_name = "/api/v1/stream";
      if (!ioc_server_authenticate (self, bearer_token (msg, query, TRUE), &req, &error))
        send_error (msg, error);
      goto out;
    }

  route_name = route->pattern;
  self->current_route = route;

  if (!(route->flags & IOC_ROUTE_PUBLIC))
    {
      if (!ioc_server_authenticate (self, bearer_token (msg, query, FALSE), &req, &error))
        goto fail;
      if (!(req.role & route->roles))
        {
          ioc_api_set_error (&error, IOC_API_ERROR_FORBIDDEN, NULL,
                             "the %s role may not call %s %s", ioc_role_to_string (req.role),
                             method, route->pattern);
          g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE,
                            "MESSAGE", "denied %s %s to %s (%s)", method, path,
                            req.user_name, ioc_role_to_string (req.role),
                            "IOCD_USER", req.user_name,
                            "IOCD_ROUTE", route->pattern);
          goto fail;
        }
    }

  if (g_str_equal (method, "POST") || g_str_equal (method, "PUT") || g_str_equal (method, "PATCH"))
    {
      SoupMessageBody *body = soup_server_message_get_request_body (msg);
      gsize limit = ioc_server_body_limit (self, route);
      if ((gsize) body->length > limit)
        {
          ioc_api_set_error (&error, IOC_API_ERROR_TOO_LARGE, NULL,
                             "the body has %" G_GINT64_FORMAT " bytes, more than the limit of %" G_GSIZE_FORMAT,
                             (gint64) body->length, limit);
          goto fail;
        }
      if (!(route->flags & IOC_ROUTE_RAW_BODY) && body->length > 0)
        {
          if (!is_json_content (msg))
            {
              ioc_api_set_error (&error, IOC_API_ERROR_UNSUPPORTED, NULL, "the body must be application/json");
              goto fail;
            }
          req.body = ioc_json_parse (body->data, body->length, &error);
          if (req.body == NULL)
            {
              ioc_api_error_from_store (&error);
              goto fail;
            }
        }
    }

  req.status = 200;
  if (route->flags & IOC_ROUTE_MUTATES)
    {
      if (!ioc_store_begin (self->store, &error))
        {
          ioc_api_error_from_store (&error);
          goto fail;
        }
      ok = route->handler (&req, &error);
      if (ok && !req.wrote_audit)
        ok = ioc_request_audit (&req, NULL, NULL, NULL, NULL, &error);
      if (ok)
        {
          if (!ioc_store_commit (self->store, &error))
            {
              ioc_api_error_from_store (&error);
              ok = FALSE;
            }
        }
      else
        ioc_store_rollback (self->store);
    }
  else
    ok = route->handler (&req, &error);

  if (!ok)
    goto fail;

  if (req.raw_response != NULL)
    {
      gsize len;
      const char *data = g_bytes_get_data (req.raw_response, &len);
      soup_server_message_set_status (msg, req.status, NULL);
      soup_server_message_set_response (msg, req.content_type != NULL ? req.content_type : "application/octet-stream",
                                        SOUP_MEMORY_COPY, data, len);
    }
  else
    {
      if (req.response == NULL)
        req.response = json_node_init_object (json_node_alloc (), json_object_new ());
      send_json (msg, req.status, req.response);
    }
  goto out;

fail:
  if (error == NULL)
    ioc_api_set_error (&error, IOC_API_ERROR_INTERNAL, NULL, "the handler failed without saying why");
  ioc_api_error_from_store (&error);
  if (error->code == IOC_API_ERROR_INTERNAL)
    g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING,
                      "MESSAGE", "%s %s failed: %s", method, path, error->message,
                      "IOCD_ROUTE", route_name);
  if (route != NULL && route->write_error != NULL)
    route->write_error (&req, ioc_api_error_get_status (error), error);
  else
    send_error (msg, error);

out:
  self->current_route = NULL;
  ioc_metrics_observe_request (self->metrics, route_name, method,
                               soup_server_message_get_status (msg),
                               (g_get_monotonic_time () - t0) / 1e6);
  request_clear (&req);
}

void
ioc_server_install (IocServer *self)
{
  soup_server_add_early_handler (self->soup, NULL, early_handler, self, NULL);
  soup_server_add_handler (self->soup, NULL, main_handler, self, NULL);
  /* The stream's path has a handler of its own (the WebSocket one): give it
   * the normal callback too, which authenticates before the upgrade. */
  soup_server_add_handler (self->soup, "/api/v1/stream", main_handler, self, NULL);
}

IocMetrics *
ioc_server_get_metrics (IocServer *self)
{
  return self->metrics;
}
