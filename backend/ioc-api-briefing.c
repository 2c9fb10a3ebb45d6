/* ioc-api-briefing.c — the briefing wall's figures and the weekly reports
 *
 *   GET   /api/v1/briefing?week=yyyy-mm-dd         figures of a week (all roles;
 *                                                   default: the current week)
 *   GET   /api/v1/weekly-reports                   list (all roles)
 *   GET   /api/v1/weekly-reports/{id}              one, with its figures
 *   POST  /api/v1/weekly-reports                   {week_start, difficulties?,
 *                                                   proposals?}: create or update
 *                                                   the week's report and render
 *                                                   it (supervisor); 202
 *   PATCH /api/v1/weekly-reports/{id}              {difficulties?, proposals?}:
 *                                                   edit and render again (supervisor)
 *   GET   /api/v1/weekly-reports/{id}/pdf          application/pdf (all roles)
 *   GET   /api/v1/weekly-reports/{id}/tables/{name}.csv   one table (all roles)
 *
 * Rendering happens off the main loop; the row's status goes generating →
 * ready (or failed) and "weekly-report.ready" is emitted
 * (ioc-weekly-report.h).
 */
#define G_LOG_DOMAIN "iocd"

#include "ioc-api.h"
#include "ioc-briefing.h"
#include "ioc-json.h"
#include "ioc-report-pdf.h"
#include "ioc-server-private.h"
#include "ioc-weekly-report.h"

#include <string.h>

#define MAX_TEXT 20000

/* ---- GET /api/v1/briefing ------------------------------------------------
 *
 * The figures are computed in a worker thread on a connection of its own
 * (ioc_briefing_compute_async), with the message paused meanwhile. One
 * computation per week and store state: the result is kept with the
 * event sequence number it was computed at, so every console asking again
 * before anything changed gets the same JSON at once, and consoles asking
 * while it is being computed wait for that one computation. Every change
 * to the store appends an event, so an unchanged last_seq means unchanged
 * figures.
 */

typedef struct {
  char      *week;
  gint64     seq;
  GBytes    *json;       /* NULL while computing */
  GPtrArray *waiting;    /* SoupServerMessage* (refs), paused */
  gboolean   failed;
} Entry;

static void
entry_clear (gpointer p)
{
  Entry *e = p;

  g_free (e->week);
  g_clear_pointer (&e->json, g_bytes_unref);
  g_ptr_array_unref (e->waiting);
}

static void
entry_release (gpointer p)
{
  g_rc_box_release_full (p, entry_clear);
}

static Entry *
entry_new (const char *week,
           gint64      seq)
{
  Entry *e = g_rc_box_new0 (Entry);

  e->week = g_strdup (week);
  e->seq = seq;
  e->waiting = g_ptr_array_new_with_free_func (g_object_unref);
  return e;
}

/* week → Entry, kept with the store (one cache per daemon). */
static GHashTable *
cache_of (IocStore *store)
{
  GHashTable *cache = g_object_get_data (G_OBJECT (store), "ioc-briefing-cache");

  if (cache == NULL)
    {
      cache = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, entry_release);
      g_object_set_data_full (G_OBJECT (store), "ioc-briefing-cache", cache, (GDestroyNotify) g_hash_table_unref);
    }
  return cache;
}

static void
answer (SoupServerMessage *msg,
        guint              status,
        GBytes            *json)
{
  gsize len;
  const char *data = g_bytes_get_data (json, &len);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, data, len);
  soup_server_message_unpause (msg);
}

static void
computed (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Entry *e = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) figures = ioc_briefing_compute_finish (result, &error);
  g_autoptr(GBytes) json = NULL;
  guint status = 200;

  if (figures != NULL)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), figures);
      char *text = ioc_json_to_string (node);
      json = g_bytes_new_take (text, strlen (text));
      e->json = g_bytes_ref (json);
    }
  else
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      JsonObject *o = json_object_new ();
      char *text;

      g_warning ("briefing for %s: %s", e->week, error->message);
      json_object_set_string_member (o, "error", "internal");
      json_object_set_string_member (o, "detail", error->message);
      json_node_take_object (node, o);
      text = ioc_json_to_string (node);
      json = g_bytes_new_take (text, strlen (text));
      e->failed = TRUE;   /* the next request tries again */
      status = 500;
    }
  for (guint i = 0; i < e->waiting->len; i++)
    {
      SoupServerMessage *msg = g_ptr_array_index (e->waiting, i);
      /* A client that went away has a finished message: leave it. */
      if (g_object_get_data (G_OBJECT (msg), "ioc-briefing-finished") == NULL)
        answer (msg, status, json);
    }
  g_ptr_array_set_size (e->waiting, 0);
  entry_release (e);
}

static void
on_message_finished (SoupServerMessage *msg,
                     gpointer           user_data)
{
  g_object_set_data (G_OBJECT (msg), "ioc-briefing-finished", GINT_TO_POINTER (1));
}

static gboolean
handle_briefing (IocRequest  *req,
                 GError     **error)
{
  const char *week = ioc_request_query (req, "week");
  g_autofree char *monday = NULL;
  GHashTable *cache = cache_of (req->store);
  gint64 seq = ioc_store_last_seq (req->store);
  Entry *e;

  if (req->query != NULL)
    {
      GHashTableIter iter;
      gpointer k;

      g_hash_table_iter_init (&iter, req->query);
      while (g_hash_table_iter_next (&iter, &k, NULL))
        if (!g_str_equal (k, "week") && !g_str_equal (k, "access_token"))
          {
            ioc_api_set_error (error, IOC_API_ERROR_INVALID, k, "unknown parameter “%s” for the briefing", (char *) k);
            return FALSE;
          }
    }
  if (week != NULL)
    {
      /* Any day of the week names it. */
      monday = ioc_briefing_week_of (week);
      if (monday == NULL)
        {
          ioc_api_set_error (error, IOC_API_ERROR_INVALID, "week", "week must be a date yyyy-mm-dd");
          return FALSE;
        }
    }
  else
    monday = ioc_briefing_current_week ();

  req->content_type = g_strdup ("application/json");
  e = g_hash_table_lookup (cache, monday);
  if (e != NULL && e->seq == seq && e->json != NULL)
    {
      req->raw_response = g_bytes_ref (e->json);
      return TRUE;
    }
  if (e == NULL || e->seq != seq || e->failed)
    {
      e = entry_new (monday, seq);
      g_hash_table_replace (cache, e->week, e);
      ioc_briefing_compute_async (ioc_server_get_config (req->server)->database, monday, NULL,
                                  computed, g_rc_box_acquire (e));
    }
  /* Answered when the computation is done; what is written now is
   * replaced then. */
  g_signal_connect (req->msg, "finished", G_CALLBACK (on_message_finished), NULL);
  g_ptr_array_add (e->waiting, g_object_ref (req->msg));
  soup_server_message_pause (req->msg);
  req->raw_response = g_bytes_new_static ("", 0);
  return TRUE;
}

static gboolean
handle_list (IocRequest  *req,
             GError     **error)
{
  g_autoptr(IocQuery) q = ioc_request_build_query (req, &ioc_entity_weekly_reports, NULL, error);

  if (q == NULL)
    return FALSE;
  return ioc_api_respond_list (req, &ioc_entity_weekly_reports, q, error);
}

static JsonObject *
load (IocRequest  *req,
      GError     **error)
{
  JsonObject *row = ioc_store_get (req->store, &ioc_entity_weekly_reports,
                                   ioc_request_param (req, "id"), FALSE, error);

  if (row == NULL)
    ioc_api_error_from_store (error);
  return row;
}

static gboolean
handle_get (IocRequest  *req,
            GError     **error)
{
  JsonObject *row = load (req, error);

  if (row == NULL)
    return FALSE;
  ioc_request_set_object (req, 200, row);
  return TRUE;
}

static gboolean
optional_text (JsonObject  *body,
               const char  *member,
               const char **out,
               GError     **error)
{
  JsonNode *n = json_object_get_member (body, member);

  *out = NULL;
  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    {
      ioc_api_set_error (error, IOC_API_ERROR_INVALID, member, "%s must be a string", member);
      return FALSE;
    }
  *out = json_node_get_string (n);
  if (strlen (*out) > MAX_TEXT)
    {
      ioc_api_set_error (error, IOC_API_ERROR_INVALID, member, "%s is longer than %d bytes", member, MAX_TEXT);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_members (JsonObject         *body,
               const char *const  *known,
               GError            **error)
{
  JsonObjectIter iter;
  const char *member;

  json_object_iter_init (&iter, body);
  while (json_object_iter_next (&iter, &member, NULL))
    if (!g_strv_contains (known, member))
      {
        ioc_api_set_error (error, IOC_API_ERROR_INVALID, member, "%s is not a field of a weekly report request", member);
        return FALSE;
      }
  return TRUE;
}

static gboolean
generate (IocRequest  *req,
          const char  *week_start,
          const char  *difficulties,
          const char  *proposals,
          JsonObject  *before,
          GError     **error)
{
  g_autoptr(JsonObject) row = ioc_weekly_report_prepare (req->server, week_start, difficulties, proposals,
                                                         req->user_name, FALSE, error);
  g_autofree char *id = NULL;

  if (row == NULL)
    {
      ioc_api_error_from_store (error);
      return FALSE;
    }
  id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (row, "id"));
  req->status = 202;
  if (!ioc_request_audit (req, "weekly-reports", id, before, row, error) ||
      !ioc_api_emit (req, "weekly-report.updated", row, error))
    return FALSE;
  ioc_request_set_object (req, 202, g_steal_pointer (&row));
  return TRUE;
}

static gboolean
handle_create (IocRequest  *req,
               GError     **error)
{
  static const char *const known[] = { "week_start", "difficulties", "proposals", NULL };
  JsonObject *body = ioc_request_body_object (req, error);
  const char *week = NULL, *difficulties = NULL, *proposals = NULL;
  g_autofree char *monday = NULL;

  if (body == NULL || !check_members (body, known, error) ||
      !optional_text (body, "week_start", &week, error) ||
      !optional_text (body, "difficulties", &difficulties, error) ||
      !optional_text (body, "proposals", &proposals, error))
    return FALSE;
  if (week == NULL)
    {
      ioc_api_set_error (error, IOC_API_ERROR_INVALID, "week_start", "week_start is required (yyyy-mm-dd, a Monday)");
      return FALSE;
    }
  monday = ioc_briefing_week_of (week);
  if (monday == NULL || !g_str_equal (monday, week))
    {
      ioc_api_set_error (error, IOC_API_ERROR_INVALID, "week_start", "week_start must be the date of a Monday, yyyy-mm-dd");
      return FALSE;
    }
  return generate (req, monday, difficulties, proposals, NULL, error);
}

static gboolean
handle_update (IocRequest  *req,
               GError     **error)
{
  static const char *const known[] = { "difficulties", "proposals", NULL };
  JsonObject *body = ioc_request_body_object (req, error);
  g_autoptr(JsonObject) before = NULL;
  const char *difficulties = NULL, *proposals = NULL;

  if (body == NULL || !check_members (body, known, error) ||
      !optional_text (body, "difficulties", &difficulties, error) ||
      !optional_text (body, "proposals", &proposals, error))
    return FALSE;
  before = load (req, error);
  if (before == NULL)
    return FALSE;
  json_object_remove_member (before, "figures");
  return generate (req, json_object_get_string_member (before, "week_start"),
                   difficulties, proposals, before, error);
}

static gboolean
ready_row (IocRequest  *req,
           JsonObject **out_row,
           GError     **error)
{
  JsonObject *row = load (req, error);

  if (row == NULL)
    return FALSE;
  if (g_strcmp0 (json_object_get_string_member_with_default (row, "status", ""), "ready") != 0 &&
      (!json_object_has_member (row, "file_name") || json_object_get_null_member (row, "file_name")))
    {
      ioc_api_set_error (error, IOC_API_ERROR_CONFLICT, NULL, "the report is not ready yet (status %s)",
                         json_object_get_string_member_with_default (row, "status", "?"));
      json_object_unref (row);
      return FALSE;
    }
  *out_row = row;
  return TRUE;
}

static gboolean
handle_pdf (IocRequest  *req,
            GError     **error)
{
  g_autoptr(JsonObject) row = NULL;
  g_autofree char *dir = NULL, *path = NULL, *data = NULL, *disposition = NULL;
  g_autoptr(GError) local = NULL;
  const char *file_name;
  gsize len;

  if (!ready_row (req, &row, error))
    return FALSE;
  file_name = json_object_get_string_member_with_default (row, "file_name", "");
  if (*file_name == '\0' || strchr (file_name, '/') != NULL)
    {
      ioc_api_set_error (error, IOC_API_ERROR_NOT_FOUND, NULL, "the report has no file");
      return FALSE;
    }
  dir = ioc_weekly_report_dir (ioc_server_get_config (req->server));
  path = g_build_filename (dir, file_name, NULL);
  if (!g_file_get_contents (path, &data, &len, &local))
    {
      ioc_api_set_error (error, IOC_API_ERROR_NOT_FOUND, NULL, "the report's file is missing: %s", local->message);
      return FALSE;
    }
  disposition = g_strdup_printf ("attachment; filename=\"%s\"", file_name);
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "Content-Disposition", disposition);
  req->content_type = g_strdup ("application/pdf");
  req->raw_response = g_bytes_new_take (g_steal_pointer (&data), len);
  return TRUE;
}

static gboolean
handle_csv (IocRequest  *req,
            GError     **error)
{
  const char *name = ioc_request_param (req, "name");
  g_autoptr(JsonObject) row = load (req, error);
  g_autofree char *table = NULL, *csv = NULL, *disposition = NULL;
  g_autoptr(GError) local = NULL;
  JsonNode *figures;

  if (row == NULL)
    return FALSE;
  if (!g_str_has_suffix (name, ".csv"))
    {
      ioc_api_set_error (error, IOC_API_ERROR_NOT_FOUND, "name", "tables are served as <name>.csv");
      return FALSE;
    }
  table = g_strndup (name, strlen (name) - 4);
  figures = json_object_get_member (row, "figures");
  if (figures == NULL || !JSON_NODE_HOLDS_OBJECT (figures))
    {
      ioc_api_set_error (error, IOC_API_ERROR_CONFLICT, NULL, "the report has no figures yet");
      return FALSE;
    }
  csv = ioc_report_table_csv (json_node_get_object (figures), table, &local);
  if (csv == NULL)
    {
      g_autofree char *names = g_strjoinv (", ", (char **) ioc_report_table_names ());
      ioc_api_set_error (error, IOC_API_ERROR_NOT_FOUND, "name", "%s; the tables are: %s", local->message, names);
      return FALSE;
    }
  disposition = g_strdup_printf ("attachment; filename=\"bao-cao-tuan-%s-%s.csv\"",
                                 json_object_get_string_member (row, "week_start"), table);
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "Content-Disposition", disposition);
  req->content_type = g_strdup ("text/csv; charset=utf-8");
  req->raw_response = g_bytes_new_take (csv, strlen (csv));
  csv = NULL;
  return TRUE;
}

#define R IOC_ROLES_ALL
#define SUP IOC_ROLE_SUPERVISOR

static const IocRoute routes[] = {
  { "GET", "/api/v1/briefing", R, 0, handle_briefing, NULL },
  { "GET", "/api/v1/weekly-reports", R, 0, handle_list, NULL },
  { "POST", "/api/v1/weekly-reports", SUP, IOC_ROUTE_MUTATES, handle_create, "weekly-report.generate" },
  { "GET", "/api/v1/weekly-reports/{id}", R, 0, handle_get, NULL },
  { "PATCH", "/api/v1/weekly-reports/{id}", SUP, IOC_ROUTE_MUTATES, handle_update, "weekly-report.update" },
  { "GET", "/api/v1/weekly-reports/{id}/pdf", R, 0, handle_pdf, NULL },
  { "GET", "/api/v1/weekly-reports/{id}/tables/{name}", R, 0, handle_csv, NULL },
};

void
ioc_api_briefing_register (IocServer *self)
{
  ioc_server_add_routes (self, routes, G_N_ELEMENTS (routes));
}
