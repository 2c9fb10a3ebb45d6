/* ioc-api-collections.c — list and get for every collection
 *
 *   GET /api/v1/{collection}?limit=&offset=&sort=[-]col&q=&from=&to=&col=v[,v…]
 *   GET /api/v1/{collection}/{id}
 *
 * The answer to a list is { "items": [...], "total": N, "limit": L, "offset": O }.
 */
#define G_LOG_DOMAIN "iocd"

#include "ioc-server-private.h"
#include "ioc-api.h"
#include "ioc-json.h"

#include <string.h>

#define DEFAULT_LIMIT 100
#define MAX_LIMIT 5000

static gboolean
parse_uint (const char *text,
            const char *name,
            guint       max,
            guint      *out,
            GError    **error)
{
  char *end = NULL;
  guint64 v;

  if (text == NULL)
    return TRUE;
  v = g_ascii_strtoull (text, &end, 10);
  if (end == text || *end != '\0' || text[0] == '-' || v > max)
    {
      ioc_api_set_error (error, IOC_API_ERROR_INVALID, name,
                         "%s must be a whole number from 0 to %u", name, max);
      return FALSE;
    }
  *out = (guint) v;
  return TRUE;
}

IocQuery *
ioc_request_build_query (IocRequest       *req,
                         const IocEntity  *entity,
                         const char *const *extra_params,
                         GError          **error)
{
  g_autoptr(IocQuery) q = ioc_query_new ();
  GHashTableIter iter;
  gpointer k, v;
  const IocColumn *range = ioc_entity_range_column (entity);

  q->limit = DEFAULT_LIMIT;
  if (req->query == NULL)
    return g_steal_pointer (&q);

  g_hash_table_iter_init (&iter, req->query);
  while (g_hash_table_iter_next (&iter, &k, &v))
    {
      const char *name = k, *value = v;
      const IocColumn *col;

      if (g_str_equal (name, "limit"))
        {
          if (!parse_uint (value, "limit", MAX_LIMIT, &q->limit, error))
            return NULL;
        }
      else if (g_str_equal (name, "offset"))
        {
          if (!parse_uint (value, "offset", G_MAXINT32, &q->offset, error))
            return NULL;
        }
      else if (g_str_equal (name, "sort"))
        {
          const char *c = value[0] == '-' ? value + 1 : value;
          col = ioc_entity_column (entity, c);
          if (col == NULL || !(col->flags & IOC_COL_SORT) || (col->flags & IOC_COL_HIDDEN))
            {
              ioc_api_set_error (error, IOC_API_ERROR_INVALID, "sort",
                                 "%s cannot be sorted by “%s”", entity->name, c);
              return NULL;
            }
          g_free (q->sort_column);
          q->sort_column = g_strdup (c);
          q->sort_desc = value[0] == '-';
        }
      else if (g_str_equal (name, "q"))
        {
          if (*value != '\0')
            ioc_query_add_filter (q, NULL, IOC_FILTER_SEARCH, value);
        }
      else if (g_str_equal (name, "from") || g_str_equal (name, "to"))
        {
          if (range == NULL)
            {
              ioc_api_set_error (error, IOC_API_ERROR_INVALID, name,
                                 "%s has no time range to filter", entity->name);
              return NULL;
            }
          ioc_query_add_filter (q, range->name,
                                g_str_equal (name, "from") ? IOC_FILTER_GE : IOC_FILTER_LE, value);
        }
      else if (g_str_equal (name, "include"))
        {
          g_auto(GStrv) parts = g_strsplit (value, ",", 0);
          for (guint i = 0; parts[i] != NULL; i++)
            {
              if (g_str_equal (parts[i], "private"))
                {
                  /* Reporters' contacts: supervisors at their desks only. */
                  if (!(req->role & (IOC_ROLE_SUPERVISOR | IOC_ROLE_ADMIN)))
                    {
                      ioc_api_set_error (error, IOC_API_ERROR_FORBIDDEN, "include",
                                         "the %s role may not read reporters' contact data",
                                         ioc_role_to_string (req->role));
                      return NULL;
                    }
                  q->include_private = TRUE;
                }
              else if (g_str_equal (parts[i], "detail"))
                q->include_detail = TRUE;
              else
                {
                  ioc_api_set_error (error, IOC_API_ERROR_INVALID, "include",
                                     "include takes private and detail, not “%s”", parts[i]);
                  return NULL;
                }
            }
        }
      else if ((col = ioc_entity_column (entity, name)) != NULL &&
               (col->flags & IOC_COL_FILTER) && !(col->flags & IOC_COL_HIDDEN))
        ioc_query_add_filter (q, col->name, IOC_FILTER_EQ, value);
      else if (extra_params != NULL && g_strv_contains (extra_params, name))
        continue;
      else if (g_str_equal (name, "access_token"))
        continue;
      else
        {
          ioc_api_set_error (error, IOC_API_ERROR_INVALID, name,
                             "unknown parameter “%s” for %s", name, entity->name);
          return NULL;
        }
    }
  return g_steal_pointer (&q);
}

gboolean
ioc_api_respond_list (IocRequest       *req,
                      const IocEntity  *entity,
                      IocQuery         *q,
                      GError          **error)
{
  g_autofree char *items = NULL;
  GString *out;
  gint64 total = 0;

  /* Rows go from SQLite to JSON text directly: lists are the hot path. */
  items = ioc_store_list_json (req->store, entity, q, &total, error);
  if (items == NULL)
    {
      ioc_api_error_from_store (error);
      return FALSE;
    }
  out = g_string_sized_new (strlen (items) + 64);
  g_string_append (out, "{\"items\":");
  g_string_append (out, items);
  g_string_append_printf (out, ",\"total\":%" G_GINT64_FORMAT ",\"limit\":%u,\"offset\":%u}",
                          total, q->limit, q->offset);
  req->content_type = g_strdup ("application/json");
  req->raw_response = g_string_free_to_bytes (out);
  return TRUE;
}

static const IocEntity *
entity_of_path (IocRequest *req)
{
  /* "/api/v1/<collection>[/...]" */
  const char *p = req->path + strlen ("/api/v1/");
  const char *slash = strchr (p, '/');
  g_autofree char *name = slash != NULL ? g_strndup (p, slash - p) : g_strdup (p);
  return ioc_entity_lookup (name);
}

static gboolean
handle_list (IocRequest  *req,
             GError     **error)
{
  const IocEntity *entity = entity_of_path (req);
  g_autoptr(IocQuery) q = ioc_request_build_query (req, entity, NULL, error);

  if (q == NULL)
    return FALSE;
  return ioc_api_respond_list (req, entity, q, error);
}

/* GET /api/v1/units also takes valid_on=yyyy-mm-dd: the units in force that
 * day (a 2023 table and today's map resolve to different units). */
static gboolean
handle_units (IocRequest  *req,
              GError     **error)
{
  static const char *const extra[] = { "valid_on", NULL };
  g_autoptr(IocQuery) q = ioc_request_build_query (req, &ioc_entity_units, extra, error);
  const char *valid_on = ioc_request_query (req, "valid_on");

  if (q == NULL)
    return FALSE;
  if (valid_on != NULL)
    {
      gint64 t;
      if (strlen (valid_on) != 10 || !ioc_time_parse (valid_on, NULL, &t))
        {
          ioc_api_set_error (error, IOC_API_ERROR_INVALID, "valid_on", "valid_on must be a date yyyy-mm-dd");
          return FALSE;
        }
      ioc_query_add_filter (q, "valid_from", IOC_FILTER_LE_OR_NULL, valid_on);
      ioc_query_add_filter (q, "valid_to", IOC_FILTER_GE_OR_NULL, valid_on);
    }
  return ioc_api_respond_list (req, &ioc_entity_units, q, error);
}

static gboolean
handle_get (IocRequest  *req,
            GError     **error)
{
  const IocEntity *entity = entity_of_path (req);
  const char *include = ioc_request_query (req, "include");
  gboolean priv = include != NULL && strstr (include, "private") != NULL;
  JsonObject *obj;

  if (priv && !(req->role & (IOC_ROLE_SUPERVISOR | IOC_ROLE_ADMIN)))
    {
      ioc_api_set_error (error, IOC_API_ERROR_FORBIDDEN, "include",
                         "the %s role may not read reporters' contact data",
                         ioc_role_to_string (req->role));
      return FALSE;
    }
  obj = ioc_store_get (req->store, entity, ioc_request_param (req, "id"), priv, error);
  if (obj == NULL)
    {
      ioc_api_error_from_store (error);
      return FALSE;
    }
  ioc_request_set_object (req, 200, obj);
  return TRUE;
}

/* GET /api/v1/events?since=N&limit=L — the same events the stream sends. */
static gboolean
handle_events (IocRequest  *req,
               GError     **error)
{
  guint limit = DEFAULT_LIMIT;
  const char *since_text = ioc_request_query (req, "since");
  gint64 since = 0;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(JsonObject) out = json_object_new ();
  JsonArray *items = json_array_new ();
  GHashTableIter iter;
  gpointer k;

  if (req->query != NULL)
    g_hash_table_iter_init (&iter, req->query);
  if (req->query != NULL)
    while (g_hash_table_iter_next (&iter, &k, NULL))
      if (!g_str_equal (k, "since") && !g_str_equal (k, "limit"))
        {
          json_array_unref (items);
          ioc_api_set_error (error, IOC_API_ERROR_INVALID, k, "unknown parameter “%s” for events", (char *) k);
          return FALSE;
        }
  if (!parse_uint (ioc_request_query (req, "limit"), "limit", MAX_LIMIT, &limit, error))
    {
      json_array_unref (items);
      return FALSE;
    }
  if (since_text != NULL)
    {
      char *end = NULL;
      since = g_ascii_strtoll (since_text, &end, 10);
      if (end == since_text || *end != '\0' || since < 0)
        {
          json_array_unref (items);
          ioc_api_set_error (error, IOC_API_ERROR_INVALID, "since", "since must be a sequence number");
          return FALSE;
        }
    }
  events = ioc_store_events_since (req->store, since, limit, error);
  if (events == NULL)
    {
      json_array_unref (items);
      ioc_api_error_from_store (error);
      return FALSE;
    }
  for (guint i = 0; i < events->len; i++)
    json_array_add_element (items, ioc_event_to_node (g_ptr_array_index (events, i)));
  json_object_set_array_member (out, "items", items);
  json_object_set_int_member (out, "first_seq", ioc_store_first_seq (req->store));
  json_object_set_int_member (out, "last_seq", ioc_store_last_seq (req->store));
  json_object_set_boolean_member (out, "resync", since + 1 < ioc_store_first_seq (req->store));
  ioc_request_set_object (req, 200, g_steal_pointer (&out));
  return TRUE;
}

#define R IOC_ROLES_ALL
#define SA (IOC_ROLE_SUPERVISOR | IOC_ROLE_ADMIN)
#define A IOC_ROLE_ADMIN

static const IocRoute routes[] = {
  { "GET", "/api/v1/units", R, 0, handle_units, NULL },
  { "GET", "/api/v1/units/{id}", R, 0, handle_get, NULL },
  { "GET", "/api/v1/cameras", R, 0, handle_list, NULL },
  { "GET", "/api/v1/cameras/{id}", R, 0, handle_get, NULL },
  { "GET", "/api/v1/camera-events", R, 0, handle_list, NULL },
  { "GET", "/api/v1/camera-events/{id}", R, 0, handle_get, NULL },
  { "GET", "/api/v1/reports", R, 0, handle_list, NULL },
  { "GET", "/api/v1/reports/{id}", R, 0, handle_get, NULL },
  { "GET", "/api/v1/dossiers", R, 0, handle_list, NULL },
  { "GET", "/api/v1/dossiers/{id}", R, 0, handle_get, NULL },
  { "GET", "/api/v1/dossier-stats", R, 0, handle_list, NULL },
  { "GET", "/api/v1/period-stats", R, 0, handle_list, NULL },
  { "GET", "/api/v1/warning-tickets", R, 0, handle_list, NULL },
  { "GET", "/api/v1/warning-tickets/{id}", R, 0, handle_get, NULL },
  { "GET", "/api/v1/alerts", R, 0, handle_list, NULL },
  { "GET", "/api/v1/alerts/{id}", R, 0, handle_get, NULL },
  { "GET", "/api/v1/indicators", R, 0, handle_list, NULL },
  { "GET", "/api/v1/indicators/{id}", R, 0, handle_get, NULL },
  { "GET", "/api/v1/sources", R, 0, handle_list, NULL },
  { "GET", "/api/v1/sources/{id}", R, 0, handle_get, NULL },
  { "GET", "/api/v1/users", A, 0, handle_list, NULL },
  { "GET", "/api/v1/users/{id}", A, 0, handle_get, NULL },
  { "GET", "/api/v1/audit", SA, 0, handle_list, NULL },
  { "GET", "/api/v1/audit/{id}", SA, 0, handle_get, NULL },
  { "GET", "/api/v1/events", R, 0, handle_events, NULL },
};

void
ioc_api_collections_register (IocServer *self)
{
  ioc_server_add_routes (self, routes, G_N_ELEMENTS (routes));
}
