/* ioc-weekly-report.c — weekly reports: prepare, render off the main loop,
 * finish, and the Friday timer (see ioc-weekly-report.h) */
#define G_LOG_DOMAIN "iocd"

#include "ioc-weekly-report.h"
#include "ioc-briefing.h"
#include "ioc-json.h"
#include "ioc-report-pdf.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <errno.h>

/* row id → serial of its latest preparation */
static GHashTable *latest_serial;
static guint serial_counter;
static guint pending;

typedef struct {
  IocStore   *store;      /* ref */
  char       *database;   /* the thread reads through a connection of its own */
  char       *dir;
  gint64      id;
  guint       serial;
  gboolean    automatic;
  JsonObject *row;        /* read on the main thread, then the thread's alone */
  JsonObject *figures;    /* computed by the thread */
  char       *file_name;
  guint       pages;
} Job;

static void
job_free (gpointer p)
{
  Job *job = p;

  g_clear_object (&job->store);
  g_free (job->database);
  g_free (job->dir);
  g_clear_pointer (&job->row, json_object_unref);
  g_clear_pointer (&job->figures, json_object_unref);
  g_free (job->file_name);
  g_free (job);
}

char *
ioc_weekly_report_dir (IocConfig *config)
{
  g_autofree char *db_dir = NULL;

  if (config->reports_dir != NULL && *config->reports_dir != '\0')
    return g_strdup (config->reports_dir);
  db_dir = g_path_get_dirname (config->database);
  return g_build_filename (db_dir, "reports", NULL);
}

guint
ioc_weekly_report_pending (void)
{
  return pending;
}

static const char *
row_text (JsonObject *row,
          const char *member)
{
  JsonNode *n = json_object_get_member (row, member);

  return n != NULL && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING
         ? json_node_get_string (n) : NULL;
}

static void
render_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  IocReportInput in = { 0 };
  gint64 t0 = g_get_monotonic_time (), t1;

  /* The figures, from what is committed now: any past week can be
   * computed again from the stored history. */
  job->figures = ioc_briefing_compute_file (job->database, row_text (job->row, "week_start"), &error);
  if (job->figures == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  t1 = g_get_monotonic_time ();
  if (g_mkdir_with_parents (job->dir, 0750) != 0)
    {
      int e = errno;
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (e),
                               "cannot create %s: %s", job->dir, g_strerror (e));
      return;
    }
  in.figures = job->figures;
  in.difficulties = row_text (job->row, "difficulties");
  in.proposals = row_text (job->row, "proposals");
  in.generated_by = row_text (job->row, "generated_by");
  in.generated_at = g_get_real_time () / G_USEC_PER_SEC;
  job->file_name = g_strdup_printf ("bao-cao-tuan-%s.pdf", row_text (job->row, "week_start"));
  path = g_build_filename (job->dir, job->file_name, NULL);
  if (!ioc_report_pdf_write (&in, path, &job->pages, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_debug ("weekly report %s: figures in %.0f ms, %u pages in %.0f ms", path,
           (t1 - t0) / 1000.0, job->pages, (g_get_monotonic_time () - t1) / 1000.0);
  g_task_return_boolean (task, TRUE);
}

static void
render_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = G_TASK (result);
  Job *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) store_error = NULL;
  g_autoptr(JsonObject) changes = json_object_new ();
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, job->id);
  gboolean ok = g_task_propagate_boolean (task, &error);
  guint latest = GPOINTER_TO_UINT (g_hash_table_lookup (latest_serial, &job->id));

  pending--;
  if (latest != job->serial)
    return;   /* superseded: the newer rendering will finish the row */
  g_hash_table_remove (latest_serial, &job->id);

  json_object_set_string_member (changes, "status", ok ? "ready" : "failed");
  if (ok)
    {
      json_object_set_object_member (changes, "figures", json_object_ref (job->figures));
      json_object_set_string_member (changes, "file_name", job->file_name);
      json_object_set_int_member (changes, "generated_at", g_get_real_time () / G_USEC_PER_SEC);
    }
  else
    g_warning ("weekly report %s: %s", id, error->message);

  if (!ioc_store_begin (job->store, &store_error))
    goto fail;
  if (!ioc_store_update (job->store, &ioc_entity_weekly_reports, id, changes, &store_error))
    {
      ioc_store_rollback (job->store);
      goto fail;
    }
  {
    g_autoptr(JsonNode) data = json_node_new (JSON_NODE_OBJECT);
    JsonObject *o = json_object_new ();

    json_object_set_int_member (o, "id", job->id);
    json_object_set_string_member (o, "week_start", row_text (job->row, "week_start"));
    json_object_set_string_member (o, "status", ok ? "ready" : "failed");
    if (ok)
      {
        json_object_set_string_member (o, "file_name", job->file_name);
        json_object_set_int_member (o, "pages", job->pages);
      }
    else
      json_object_set_string_member (o, "error", error->message);
    if (row_text (job->row, "generated_by") != NULL)
      json_object_set_string_member (o, "generated_by", row_text (job->row, "generated_by"));
    json_object_set_boolean_member (o, "automatic", job->automatic);
    json_node_take_object (data, o);
    if (ioc_store_append_event (job->store, ok ? "weekly-report.ready" : "weekly-report.failed",
                                data, &store_error) == 0)
      {
        ioc_store_rollback (job->store);
        goto fail;
      }
  }
  if (!ioc_store_commit (job->store, &store_error))
    goto fail;
  return;

fail:
  g_warning ("weekly report %s: cannot record the result: %s", id, store_error->message);
}

static gboolean
start_render (gpointer user_data)
{
  Job *job = user_data;
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, job->id);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;

  /* After the preparing transaction: read what was committed. */
  if (GPOINTER_TO_UINT (g_hash_table_lookup (latest_serial, &job->id)) != job->serial)
    {
      pending--;
      job_free (job);
      return G_SOURCE_REMOVE;
    }
  job->row = ioc_store_get (job->store, &ioc_entity_weekly_reports, id, FALSE, &error);
  if (job->row == NULL)
    {
      /* The transaction was rolled back. */
      g_hash_table_remove (latest_serial, &job->id);
      pending--;
      job_free (job);
      return G_SOURCE_REMOVE;
    }
  task = g_task_new (NULL, NULL, render_done, NULL);
  g_task_set_task_data (task, job, job_free);
  g_task_set_name (task, "weekly-report");
  g_task_run_in_thread (task, render_thread);
  return G_SOURCE_REMOVE;
}

static JsonObject *
find_week (IocStore    *store,
           const char  *week_start,
           GError     **error)
{
  g_autoptr(IocQuery) q = ioc_query_new ();
  g_autoptr(JsonArray) rows = NULL;

  ioc_query_add_filter (q, "week_start", IOC_FILTER_EQ, week_start);
  q->limit = 1;
  rows = ioc_store_list (store, &ioc_entity_weekly_reports, q, NULL, error);
  if (rows == NULL)
    return NULL;
  if (json_array_get_length (rows) == 0)
    return json_object_new ();   /* empty: none yet */
  return json_object_ref (json_array_get_object_element (rows, 0));
}

JsonObject *
ioc_weekly_report_prepare (IocServer    *server,
                           const char   *week_start,
                           const char   *difficulties,
                           const char   *proposals,
                           const char   *user_name,
                           gboolean      automatic,
                           GError      **error)
{
  IocStore *store = ioc_server_get_store (server);
  g_autoptr(JsonObject) existing = NULL;
  g_autoptr(JsonObject) row = json_object_new ();
  g_autofree char *id = NULL, *monday = ioc_briefing_week_of (week_start);
  JsonObject *out;
  Job *job;

  g_return_val_if_fail (ioc_store_in_transaction (store), NULL);

  if (monday == NULL || !g_str_equal (monday, week_start))
    {
      g_set_error (error, IOC_STORE_ERROR, IOC_STORE_ERROR_INVALID,
                   "week must be the date of a Monday, yyyy-mm-dd");
      return NULL;
    }
  existing = find_week (store, week_start, error);
  if (existing == NULL)
    return NULL;

  /* The figures are computed with the rendering, off the main loop, from
   * what this transaction commits. */
  json_object_set_string_member (row, "status", "generating");
  json_object_set_string_member (row, "generated_by", user_name != NULL ? user_name : "iocd");
  if (difficulties != NULL)
    json_object_set_string_member (row, "difficulties", difficulties);
  if (proposals != NULL)
    json_object_set_string_member (row, "proposals", proposals);

  if (json_object_has_member (existing, "id"))
    {
      id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (existing, "id"));
      if (!ioc_store_update (store, &ioc_entity_weekly_reports, id, row, error))
        return NULL;
    }
  else
    {
      json_object_set_string_member (row, "week_start", week_start);
      if (!ioc_store_insert (store, &ioc_entity_weekly_reports, row, &id, error))
        return NULL;
    }
  out = ioc_store_get (store, &ioc_entity_weekly_reports, id, FALSE, error);
  if (out == NULL)
    return NULL;
  json_object_remove_member (out, "figures");

  if (latest_serial == NULL)
    latest_serial = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  job = g_new0 (Job, 1);
  job->store = g_object_ref (store);
  job->database = g_strdup (ioc_server_get_config (server)->database);
  job->dir = ioc_weekly_report_dir (ioc_server_get_config (server));
  job->id = g_ascii_strtoll (id, NULL, 10);
  job->serial = ++serial_counter;
  job->automatic = automatic;
  g_hash_table_replace (latest_serial, g_memdup2 (&job->id, sizeof job->id), GUINT_TO_POINTER (job->serial));
  pending++;
  /* Runs once the handler returned and its transaction was committed. */
  g_idle_add_full (G_PRIORITY_DEFAULT, start_render, job, NULL);
  return out;
}

gboolean
ioc_weekly_report_tick (IocServer *server,
                        gint64     now_unix)
{
  IocStore *store = ioc_server_get_store (server);
  IocConfig *config = ioc_server_get_config (server);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (now_unix);
  g_autoptr(GDateTime) now = g_date_time_to_timezone (utc, ioc_time_zone_local ());
  g_autofree char *week = NULL;
  g_autoptr(JsonObject) existing = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(GError) error = NULL;
  gint64 due;

  if (g_date_time_get_day_of_week (now) != 5)
    return FALSE;
  if (g_date_time_get_hour (now) * 60 + g_date_time_get_minute (now) < (int) config->report_minute)
    return FALSE;
  due = now_unix - (g_date_time_get_hour (now) * 3600 + g_date_time_get_minute (now) * 60 +
                    g_date_time_get_second (now)) + config->report_minute * 60;
  {
    g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
    week = ioc_briefing_week_of (today);
  }
  existing = find_week (store, week, &error);
  if (existing == NULL)
    {
      g_warning ("weekly report: %s", error->message);
      return FALSE;
    }
  /* Done already, or being done, since today's report time. */
  if (json_object_has_member (existing, "id"))
    {
      const char *status = row_text (existing, "status");
      const char *at = row_text (existing, "generated_at");
      gint64 t = 0;

      if (g_strcmp0 (status, "generating") == 0 && pending > 0)
        return FALSE;
      if (at != NULL && ioc_time_parse (at, NULL, &t) && t >= due)
        return FALSE;
    }
  if (!ioc_store_begin (store, &error))
    {
      g_warning ("weekly report: %s", error->message);
      return FALSE;
    }
  row = ioc_weekly_report_prepare (server, week, NULL, NULL, "iocd", TRUE, &error);
  if (row == NULL || !ioc_store_commit (store, &error))
    {
      if (row == NULL)
        ioc_store_rollback (store);
      g_warning ("weekly report for %s: %s", week, error->message);
      return FALSE;
    }
  g_message ("weekly report for the week of %s is being prepared", week);
  return TRUE;
}
