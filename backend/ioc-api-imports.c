/* ioc-api-imports.c — imports over the API, and the connectors of the
 * dossier system, the indicators and the file imports
 *
 *   POST /api/v1/imports?kind=KIND[&period=FROM..TO][&name=FILE]   admin
 *        the file is the body (text/csv, or application/json for cameras
 *        and indicators), at most [imports] max-body-bytes (256 MiB: a
 *        15-month dossier export of 1.5 million rows is ~170 MB). Answers
 *        202 with the job row (Location: /api/v1/import-jobs/ID); the job
 *        runs in the background (ioc-import-job.h).
 *   GET  /api/v1/import-jobs[?status=&kind=…], /api/v1/import-jobs/{id}
 *   GET  /api/v1/imports/kinds            what each kind reads
 *   GET  /api/v1/dossier-stats/heatmap?metric=overdue|online_over_8h|resolved_late&from=&to=
 *        contract 3 (ioc-dossier.h)
 *
 * Connectors (ioc-connector.h): "dossiers" (the heatmap; every
 * [dossiers] check-interval seconds, 600, on a new day: the counts roll
 * forward and the warning-ticket rule runs) and "indicators" (the anomaly
 * thresholds are checked at start). The import framework itself (the
 * routes above but the heatmap, the job runner, the drop folder of
 * [imports] drop-dir) is not a source: it starts and stops with the
 * dossiers connector, the dossier system's exports being what it is for.
 */
#define G_LOG_DOMAIN "iocd"

#include "ioc-api.h"
#include "ioc-connector.h"
#include "ioc-dossier.h"
#include "ioc-import-drop.h"
#include "ioc-import-private.h"
#include "ioc-indicators.h"
#include "ioc-json.h"

#include <string.h>

typedef struct {
  IocServer     *server;
  IocImporter   *importer;
  IocImportDrop *drop;
} Imports;

/* The running importer of each server (tests run several servers). */
static GHashTable *importers;

static IocImporter *
importer_of (IocServer *server)
{
  Imports *i = importers != NULL ? g_hash_table_lookup (importers, server) : NULL;
  return i != NULL ? i->importer : NULL;
}

static gboolean
check_params (IocRequest         *req,
              const char *const  *allowed,
              GError            **error)
{
  GHashTableIter iter;
  gpointer k;

  if (req->query == NULL)
    return TRUE;
  g_hash_table_iter_init (&iter, req->query);
  while (g_hash_table_iter_next (&iter, &k, NULL))
    if (!g_strv_contains (allowed, k))
      {
        g_autofree char *list = g_strjoinv (", ", (char **) allowed);
        ioc_api_set_error (error, IOC_API_ERROR_INVALID, k, "unknown parameter “%s” (use %s)", (char *) k, list);
        return FALSE;
      }
  return TRUE;
}

/* ---- POST /api/v1/imports --------------------------------------------- */

static char *
safe_name (const char *name,
           const char *fallback)
{
  g_autofree char *base = NULL;

  if (name == NULL || *name == '\0')
    return g_strdup (fallback);
  base = g_path_get_basename (name);
  if (strlen (base) > 200 || g_str_equal (base, ".") || g_str_equal (base, "/"))
    return g_strdup (fallback);
  return g_steal_pointer (&base);
}

static gboolean
handle_import (IocRequest  *req,
               GError     **error)
{
  static const char *const params[] = { "kind", "period", "name", NULL };
  IocImporter *importer = importer_of (req->server);
  SoupMessageBody *body = soup_server_message_get_request_body (req->msg);
  const char *kind_name = ioc_request_query (req, "kind");
  const char *period = ioc_request_query (req, "period");
  const char *ct = soup_message_headers_get_content_type (soup_server_message_get_request_headers (req->msg), NULL);
  const IocImportKind *kind;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *name = NULL;
  g_autofree char *location = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonObject) job = NULL;
  IocImportRequest ir = { 0 };
  gboolean json;

  if (importer == NULL)
    {
      ioc_api_set_error (error, IOC_API_ERROR_UNAVAILABLE, NULL, "imports are not running");
      return FALSE;
    }
  if (!check_params (req, params, error))
    return FALSE;
  kind = ioc_import_kind_find (kind_name);
  if (kind == NULL || (ioc_import_kind_flags (kind) & IOC_IMPORT_HIDDEN))
    {
      g_autofree char *list = ioc_import_kind_list ();
      ioc_api_set_error (error, IOC_API_ERROR_INVALID, "kind", "kind must be one of %s", list);
      return FALSE;
    }
  if (period != NULL && !ioc_import_parse_period (period, &from, &to, &local))
    {
      ioc_api_set_error (error, IOC_API_ERROR_INVALID, "period", "%s", local->message);
      return FALSE;
    }
  if ((ioc_import_kind_flags (kind) & IOC_IMPORT_NEEDS_PERIOD) && from == NULL)
    {
      ioc_api_set_error (error, IOC_API_ERROR_INVALID, "period",
                         "%s is a table over a period: add period=FROM..TO (e.g. 2023-01-01..2023-12-31)",
                         ioc_import_kind_name (kind));
      return FALSE;
    }
  json = ct != NULL && g_ascii_strcasecmp (ct, "application/json") == 0;
  if (ct == NULL ||
      (!json && g_ascii_strcasecmp (ct, "text/csv") != 0 && g_ascii_strcasecmp (ct, "application/csv") != 0 &&
       g_ascii_strcasecmp (ct, "text/plain") != 0) ||
      (json && !(ioc_import_kind_flags (kind) & IOC_IMPORT_JSON)))
    {
      ioc_api_set_error (error, IOC_API_ERROR_UNSUPPORTED, NULL, "send the file as text/csv%s",
                         (ioc_import_kind_flags (kind) & IOC_IMPORT_JSON) ? " or application/json" : "");
      return FALSE;
    }
  if (body->length == 0)
    {
      ioc_api_set_error (error, IOC_API_ERROR_BAD_REQUEST, NULL, "the body is empty: send the file");
      return FALSE;
    }
  bytes = soup_message_body_flatten (body);
  name = safe_name (ioc_request_query (req, "name"), json ? "upload.json" : "upload.csv");

  ir.kind = kind;
  ir.data = bytes;
  ir.file_name = name;
  ir.period_from = from;
  ir.period_to = to;
  ir.origin = "api";
  ir.user_name = req->user_name;
  job = ioc_importer_submit (importer, &ir, NULL, NULL, &local);
  if (job == NULL)
    {
      if (g_error_matches (local, IOC_IMPORT_ERROR, IOC_IMPORT_ERROR_OPTIONS))
        ioc_api_set_error (error, IOC_API_ERROR_TOO_MANY, NULL, "%s", local->message);
      else
        {
          g_propagate_error (error, g_steal_pointer (&local));
          ioc_api_error_from_store (error);
        }
      return FALSE;
    }
  {
    g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (job, "id"));
    req->status = 202;
    if (!ioc_request_audit (req, "import-jobs", id, NULL, job, error))
      return FALSE;
    location = g_strconcat ("/api/v1/import-jobs/", id, NULL);
  }
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg), "Location", location);
  ioc_request_set_object (req, 202, g_steal_pointer (&job));
  return TRUE;
}

/* ---- jobs and kinds --------------------------------------------------- */

static gboolean
handle_jobs (IocRequest  *req,
             GError     **error)
{
  g_autoptr(IocQuery) q = ioc_request_build_query (req, &ioc_entity_import_jobs, NULL, error);

  if (q == NULL)
    return FALSE;
  return ioc_api_respond_list (req, &ioc_entity_import_jobs, q, error);
}

static gboolean
handle_job (IocRequest  *req,
            GError     **error)
{
  JsonObject *job = ioc_store_get (req->store, &ioc_entity_import_jobs, ioc_request_param (req, "id"), FALSE, error);

  if (job == NULL)
    {
      ioc_api_error_from_store (error);
      return FALSE;
    }
  ioc_request_set_object (req, 200, job);
  return TRUE;
}

static gboolean
handle_kinds (IocRequest  *req,
              GError     **error)
{
  static const char *const params[] = { NULL };
  g_autoptr(JsonObject) out = json_object_new ();
  JsonArray *items = json_array_new ();

  if (!check_params (req, params, error))
    {
      json_array_unref (items);
      return FALSE;
    }
  for (const IocImportKind *const *k = ioc_import_kinds (); *k != NULL; k++)
    {
      JsonObject *o = json_object_new ();
      json_object_set_string_member (o, "kind", ioc_import_kind_name (*k));
      json_object_set_string_member (o, "title", ioc_import_kind_title (*k));
      json_object_set_string_member (o, "columns", ioc_import_kind_columns (*k));
      json_object_set_boolean_member (o, "needs_period", (ioc_import_kind_flags (*k) & IOC_IMPORT_NEEDS_PERIOD) != 0);
      json_object_set_boolean_member (o, "json", (ioc_import_kind_flags (*k) & IOC_IMPORT_JSON) != 0);
      json_array_add_object_element (items, o);
    }
  json_object_set_array_member (out, "items", items);
  ioc_request_set_object (req, 200, g_steal_pointer (&out));
  return TRUE;
}

/* ---- GET /api/v1/dossier-stats/heatmap -------------------------------- */

static gboolean
date_param (IocRequest  *req,
            const char  *name,
            gint32      *day,
            GError     **error)
{
  const char *text = ioc_request_query (req, name);

  if (text == NULL)
    return TRUE;
  if (!ioc_day_parse (text, day))
    {
      ioc_api_set_error (error, IOC_API_ERROR_INVALID, name, "%s must be a date yyyy-mm-dd, not “%s”", name, text);
      return FALSE;
    }
  return TRUE;
}

static gboolean
handle_heatmap (IocRequest  *req,
                GError     **error)
{
  static const char *const params[] = { "metric", "from", "to", NULL };
  static const char *const metrics[] = {
    IOC_DOSSIER_METRIC_OVERDUE, IOC_DOSSIER_METRIC_ONLINE_OVER_8H, IOC_DOSSIER_METRIC_RESOLVED_LATE, NULL
  };
  const char *metric = ioc_request_query (req, "metric");
  const char *from = ioc_request_query (req, "from");
  const char *to = ioc_request_query (req, "to");
  gint32 dfrom = 0, dto = 0;
  JsonObject *out;

  if (!check_params (req, params, error))
    return FALSE;
  if (metric == NULL || !g_strv_contains (metrics, metric))
    {
      ioc_api_set_error (error, IOC_API_ERROR_INVALID, "metric",
                         "metric must be overdue, online_over_8h or resolved_late");
      return FALSE;
    }
  if (!date_param (req, "from", &dfrom, error) || !date_param (req, "to", &dto, error))
    return FALSE;
  if (from != NULL && to != NULL)
    {
      if (dfrom > dto)
        {
          ioc_api_set_error (error, IOC_API_ERROR_INVALID, "from", "from (%s) is after to (%s)", from, to);
          return FALSE;
        }
      if (dto - dfrom > 3660)
        {
          ioc_api_set_error (error, IOC_API_ERROR_INVALID, "from", "at most ten years at a time");
          return FALSE;
        }
    }
  out = ioc_dossier_heatmap (req->store, metric, from, to, error);
  if (out == NULL)
    {
      ioc_api_error_from_store (error);
      return FALSE;
    }
  ioc_request_set_object (req, 200, out);
  return TRUE;
}

/* ---- the imports connector -------------------------------------------- */

static const IocRoute import_routes[] = {
  { "POST", "/api/v1/imports", IOC_ROLE_ADMIN,
    IOC_ROUTE_MUTATES | IOC_ROUTE_RAW_BODY | IOC_ROUTE_LARGE_BODY, handle_import, "import.create" },
  { "GET", "/api/v1/imports/kinds", IOC_ROLES_ALL, 0, handle_kinds, NULL },
  { "GET", "/api/v1/import-jobs", IOC_ROLES_ALL, 0, handle_jobs, NULL },
  { "GET", "/api/v1/import-jobs/{id}", IOC_ROLES_ALL, 0, handle_job, NULL },
};

static void
imports_stop (Imports *i)
{
  if (i == NULL)
    return;
  g_clear_pointer (&i->drop, ioc_import_drop_free);
  g_clear_pointer (&i->importer, ioc_importer_free);
  g_hash_table_remove (importers, i->server);
  g_free (i);
}

static Imports *
imports_start (IocServer  *server,
               GError    **error)
{
  IocConfig *config = ioc_server_get_config (server);
  g_autofree char *drop_dir = ioc_config_group_string (config, "imports", "drop-dir", NULL);
  Imports *i = g_new0 (Imports, 1);

  i->server = server;
  i->importer = ioc_importer_new (ioc_server_get_store (server), config, server, error);
  if (i->importer == NULL)
    {
      g_free (i);
      return NULL;
    }
  if (importers == NULL)
    importers = g_hash_table_new (NULL, NULL);
  g_hash_table_insert (importers, server, i);
  if (drop_dir != NULL && *drop_dir != '\0')
    {
      i->drop = ioc_import_drop_new (i->importer, config, drop_dir, error);
      if (i->drop == NULL)
        {
          imports_stop (i);
          return NULL;
        }
    }
  ioc_server_add_routes (server, import_routes, G_N_ELEMENTS (import_routes));
  return i;
}


/* ---- the dossiers connector ------------------------------------------- */

typedef struct {
  IocServer *server;
  Imports   *imports;
  guint      timer_id;
  guint      idle_id;
  gint32     checked_day;   /* the day of the last check, -1 none */
} Dossiers;

static const IocRoute dossier_routes[] = {
  { "GET", "/api/v1/dossier-stats/heatmap", IOC_ROLES_ALL, 0, handle_heatmap, NULL },
};

/* Once a day: counts of pending dossiers reach today, and the warning
 * ticket rule runs on the result. */
static void
daily_check (Dossiers *d)
{
  IocStore *store = ioc_server_get_store (d->server);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(GError) error = NULL;
  gint32 today = ioc_day_today (now);

  if (today == d->checked_day)
    return;
  if (!ioc_store_begin (store, &error))
    goto failed;
  if (ioc_dossier_advance (store, now, &error) < 0 ||
      ioc_dossier_check_tickets (store, ioc_server_get_config (d->server), now, &error) < 0)
    {
      ioc_store_rollback (store);
      goto failed;
    }
  if (!ioc_store_commit (store, &error))
    goto failed;
  d->checked_day = today;
  return;

failed:
  g_warning ("the daily dossier check failed: %s", error->message);
}

static gboolean
on_dossier_timer (gpointer user_data)
{
  daily_check (user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_dossier_idle (gpointer user_data)
{
  Dossiers *d = user_data;

  d->idle_id = 0;
  daily_check (d);
  return G_SOURCE_REMOVE;
}

static gpointer
dossiers_start (IocServer  *server,
                GError    **error)
{
  IocConfig *config = ioc_server_get_config (server);
  Dossiers *d;
  gint64 interval;

  if (!ioc_dossier_check_config (config, error) ||
      !ioc_config_group_int (config, "dossiers", "check-interval", 600, 10, 86400, &interval, error))
    return NULL;
  d = g_new0 (Dossiers, 1);
  d->imports = imports_start (server, error);
  if (d->imports == NULL)
    {
      g_free (d);
      return NULL;
    }
  ioc_server_add_routes (server, dossier_routes, G_N_ELEMENTS (dossier_routes));
  d->server = server;
  d->checked_day = -1;
  d->timer_id = g_timeout_add_seconds ((guint) interval, on_dossier_timer, d);
  d->idle_id = g_idle_add (on_dossier_idle, d);
  return d;
}

static void
dossiers_stop (gpointer state)
{
  Dossiers *d = state;

  g_clear_handle_id (&d->timer_id, g_source_remove);
  g_clear_handle_id (&d->idle_id, g_source_remove);
  imports_stop (d->imports);
  g_free (d);
}

/* The dossier system exports a few times a day: silent for a day, stale. */
const IocConnector ioc_connector_dossiers = {
  "dossiers", "Public-service dossiers (dossier system exports)", 86400, dossiers_start, dossiers_stop,
};

/* ---- the indicators connector ----------------------------------------- */

static gpointer
indicators_start (IocServer  *server,
                  GError    **error)
{
  ioc_indicators_check_config (ioc_server_get_config (server), error);
  return NULL;
}

/* Monthly figures: stale after 40 days without one. */
const IocConnector ioc_connector_indicators = {
  "indicators", "Socio-economic indicators (monthly, 16 groups)", 40 * 86400, indicators_start, NULL,
};
