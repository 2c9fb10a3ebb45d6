/* ioc-api-system.c — health, metrics, login and logout */
#define G_LOG_DOMAIN "iocd"

#include "config.h"

#include "ioc-server-private.h"
#include "ioc-json.h"

static gboolean
handle_healthz (IocRequest  *req,
                GError     **error)
{
  g_autoptr(JsonObject) o = json_object_new ();

  json_object_set_string_member (o, "status", "ok");
  json_object_set_string_member (o, "version", PACKAGE_VERSION);
  json_object_set_int_member (o, "schema_version", ioc_store_schema_version (req->store));
  json_object_set_int_member (o, "last_seq", ioc_store_last_seq (req->store));
  ioc_request_set_object (req, 200, g_steal_pointer (&o));
  return TRUE;
}

static gboolean
handle_metrics (IocRequest  *req,
                GError     **error)
{
  IocServer *self = req->server;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(JsonArray) sources = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  ioc_metrics_set_consoles (self->metrics, ioc_stream_n_clients (self->stream));
  ioc_metrics_write (self->metrics, out);

  g_string_append_printf (out, "# HELP iocd_event_last_seq Sequence number of the newest event.\n"
                               "# TYPE iocd_event_last_seq gauge\n"
                               "iocd_event_last_seq %" G_GINT64_FORMAT "\n",
                          ioc_store_last_seq (req->store));

  sources = ioc_store_list (req->store, &ioc_entity_sources, NULL, NULL, error);
  if (sources == NULL)
    return FALSE;
  g_string_append (out, "# HELP iocd_source_last_update_seconds Unix time of the last successful update of a source.\n"
                        "# TYPE iocd_source_last_update_seconds gauge\n");
  for (guint i = 0; i < json_array_get_length (sources); i++)
    {
      JsonObject *s = json_array_get_object_element (sources, i);
      gint64 t = 0;
      const char *last = json_object_get_string_member_with_default (s, "last_update", NULL);
      if (last != NULL)
        ioc_time_parse (last, NULL, &t);
      g_string_append_printf (out, "iocd_source_last_update_seconds{source=\"%s\"} %" G_GINT64_FORMAT "\n",
                              json_object_get_string_member (s, "name"), t);
    }
  g_string_append (out, "# HELP iocd_source_stale Whether a source has been silent longer than expected (1) or not (0).\n"
                        "# TYPE iocd_source_stale gauge\n");
  for (guint i = 0; i < json_array_get_length (sources); i++)
    {
      JsonObject *s = json_array_get_object_element (sources, i);
      g_string_append_printf (out, "iocd_source_stale{source=\"%s\"} %d\n",
                              json_object_get_string_member (s, "name"),
                              json_object_get_boolean_member_with_default (s, "stale", FALSE) ? 1 : 0);
    }
  g_string_append_printf (out, "# HELP iocd_time_seconds Current Unix time of iocd.\n"
                               "# TYPE iocd_time_seconds gauge\n"
                               "iocd_time_seconds %" G_GINT64_FORMAT "\n", now);

  req->content_type = g_strdup ("text/plain; version=0.0.4; charset=utf-8");
  req->raw_response = g_bytes_new (out->str, out->len);
  return TRUE;
}

static const char *
client_address (IocRequest *req)
{
  return soup_server_message_get_remote_host (req->msg);
}

static gboolean
handle_login (IocRequest  *req,
              GError     **error)
{
  IocServer *self = req->server;
  JsonObject *body = ioc_request_body_object (req, error);
  const char *name = NULL, *password = NULL;
  g_autoptr(JsonArray) users = NULL;
  g_autofree char *user_key = NULL;
  g_autofree char *addr_key = NULL;
  g_autofree char *hash_text = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token_hash = NULL;
  g_autofree char *expires_iso = NULL;
  g_autoptr(JsonObject) session = NULL;
  g_autoptr(JsonObject) out = NULL;
  JsonObject *user = NULL, *user_out;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint wait_user, wait_addr;
  g_autoptr(IocQuery) hq = NULL;

  if (body == NULL)
    return FALSE;
  if (!ioc_json_get_string (body, "name", TRUE, &name, error) ||
      !ioc_json_get_string (body, "password", TRUE, &password, error))
    {
      ioc_api_error_from_store (error);
      return FALSE;
    }

  /* Rate-limit by account and by client address, so that neither one
   * account from many places nor many accounts from one place can be
   * guessed quickly. */
  user_key = g_strconcat ("user:", name, NULL);
  addr_key = g_strconcat ("addr:", client_address (req), NULL);
  wait_user = ioc_rate_limiter_check (self->login_limiter, user_key, now);
  wait_addr = ioc_rate_limiter_check (self->addr_limiter, addr_key, now);
  if (wait_user > 0 || wait_addr > 0)
    {
      g_autofree char *retry = g_strdup_printf ("%u", MAX (wait_user, wait_addr));
      soup_message_headers_replace (soup_server_message_get_response_headers (req->msg), "Retry-After", retry);
      ioc_api_set_error (error, IOC_API_ERROR_TOO_MANY, NULL,
                         "too many failed sign-ins; try again in %s s", retry);
      return FALSE;
    }

  /* The password hash is a hidden column: read it with a direct query. */
  hq = ioc_query_new ();
  ioc_query_add_filter (hq, "name", IOC_FILTER_EQ, name);
  users = ioc_store_list (req->store, &ioc_entity_users, hq, NULL, error);
  if (users == NULL)
    {
      ioc_api_error_from_store (error);
      return FALSE;
    }
  if (json_array_get_length (users) == 1)
    user = json_array_get_object_element (users, 0);

  if (user != NULL)
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (user, "id"));
      hash_text = ioc_store_get_text (req->store, &ioc_entity_users, id, "password_hash", NULL);
    }

  if (user == NULL || hash_text == NULL ||
      json_object_get_boolean_member_with_default (user, "disabled", FALSE) ||
      !ioc_password_verify (password, hash_text))
    {
      ioc_rate_limiter_fail (self->login_limiter, user_key, now);
      ioc_rate_limiter_fail (self->addr_limiter, addr_key, now);
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE,
                        "MESSAGE", "failed sign-in for “%s” from %s", name, client_address (req),
                        "IOCD_USER", name);
      ioc_api_set_error (error, IOC_API_ERROR_UNAUTHORIZED, NULL, "wrong user name or password");
      return FALSE;
    }
  ioc_rate_limiter_succeed (self->login_limiter, user_key);

  token = ioc_token_generate ();
  token_hash = ioc_token_hash (token);
  session = json_object_new ();
  json_object_set_string_member (session, "token_hash", token_hash);
  json_object_set_int_member (session, "user_id", json_object_get_int_member (user, "id"));
  json_object_set_int_member (session, "created_at", now);
  json_object_set_int_member (session, "expires_at", now + self->config->token_ttl_s);

  req->user_id = json_object_get_int_member (user, "id");
  req->owned_user_name = g_strdup (name);
  req->user_name = req->owned_user_name;
  req->role = ioc_role_from_string (json_object_get_string_member (user, "role"));

  if (!ioc_store_insert (req->store, &ioc_entity_sessions, session, NULL, error) ||
      !ioc_request_audit (req, "users", NULL, NULL, NULL, error))
    {
      ioc_api_error_from_store (error);
      return FALSE;
    }

  expires_iso = ioc_time_format (now + self->config->token_ttl_s);
  out = json_object_new ();
  json_object_set_string_member (out, "token", token);
  json_object_set_string_member (out, "token_type", "Bearer");
  json_object_set_string_member (out, "expires_at", expires_iso);
  json_object_set_int_member (out, "expires_in", self->config->token_ttl_s);
  user_out = json_object_new ();
  json_object_set_int_member (user_out, "id", json_object_get_int_member (user, "id"));
  json_object_set_string_member (user_out, "name", name);
  json_object_set_string_member (user_out, "role", json_object_get_string_member (user, "role"));
  json_object_set_object_member (out, "user", user_out);
  ioc_request_set_object (req, 200, g_steal_pointer (&out));
  return TRUE;
}

static gboolean
handle_logout (IocRequest  *req,
               GError     **error)
{
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (req->msg),
                                                   "Authorization");
  g_autofree char *hash = NULL;

  if (auth == NULL || g_ascii_strncasecmp (auth, "Bearer ", 7) != 0)
    {
      ioc_api_set_error (error, IOC_API_ERROR_UNAUTHORIZED, NULL, "no token");
      return FALSE;
    }
  hash = ioc_token_hash (auth + 7);
  if (!ioc_store_remove (req->store, &ioc_entity_sessions, hash, error))
    {
      ioc_api_error_from_store (error);
      return FALSE;
    }
  req->status = 204;
  return TRUE;
}

static gboolean
handle_me (IocRequest  *req,
           GError     **error)
{
  g_autoptr(JsonObject) o = json_object_new ();

  json_object_set_int_member (o, "id", req->user_id);
  json_object_set_string_member (o, "name", req->user_name);
  json_object_set_string_member (o, "role", ioc_role_to_string (req->role));
  ioc_request_set_object (req, 200, g_steal_pointer (&o));
  return TRUE;
}

static const IocRoute routes[] = {
  { "GET",  "/healthz", 0, IOC_ROUTE_PUBLIC, handle_healthz, NULL },
  { "GET",  "/metrics", 0, IOC_ROUTE_PUBLIC, handle_metrics, NULL },
  { "POST", "/api/v1/login", 0, IOC_ROUTE_PUBLIC | IOC_ROUTE_MUTATES, handle_login, "session.login" },
  { "POST", "/api/v1/logout", IOC_ROLES_ALL, IOC_ROUTE_MUTATES, handle_logout, "session.logout" },
  { "GET",  "/api/v1/me", IOC_ROLES_ALL, 0, handle_me, NULL },
};

void
ioc_api_system_register (IocServer *self)
{
  ioc_server_add_routes (self, routes, G_N_ELEMENTS (routes));
}
