/* test-import.c — imports against the real iocd on loopback
 *
 * The province's tables imported over the API give the totals printed in
 * data/demo/source_totals.csv (known inconsistencies kept as printed); a
 * small dossier-records file gives a heatmap checked by hand (weekend,
 * lunch break, pending dossiers); imported and computed counts share one
 * place; re-imports add nothing; bad files are refused with the line and
 * the reason and change no data; jobs report progress as events; the
 * command line and the drop folder run the same jobs.
 */
#include "ioc-test-server.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

static IocTestServer *srv;
static char *admin;
static char *duty;

/* ---- helpers ---------------------------------------------------------- */

static char *
sql_one (IocTestServer *s,
         const char    *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *out = NULL;

  g_assert_cmpint (sqlite3_open (s->db_path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    out = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return out;
}

static void
assert_sql_str (IocTestServer *s,
                const char    *sql,
                const char    *expected)
{
  g_autofree char *got = sql_one (s, sql);
  g_assert_cmpstr (got, ==, expected);
}

static gint64
sql_int (IocTestServer *s,
         const char    *sql)
{
  g_autofree char *v = sql_one (s, sql);
  return v != NULL ? g_ascii_strtoll (v, NULL, 10) : -1;
}

static void
sql_exec (IocTestServer *s,
          const char    *sql)
{
  sqlite3 *db = NULL;
  char *msg = NULL;

  g_assert_cmpint (sqlite3_open (s->db_path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_exec (db, sql, NULL, NULL, &msg) != SQLITE_OK)
    g_error ("%s: %s", sql, msg);
  sqlite3_close (db);
}

/* POST /api/v1/imports; returns the answer, *status the HTTP status. */
static JsonObject *
post_import (IocTestServer *s,
             const char    *token,
             const char    *query,
             const char    *content_type,
             const char    *data,
             gssize         len,
             guint         *status)
{
  g_autofree char *path = g_strconcat ("/api/v1/imports?", query, NULL);
  g_autoptr(GBytes) body = g_bytes_new (data, len < 0 ? strlen (data) : (gsize) len);
  g_autoptr(JsonNode) node = ioc_test_request_raw (s, "POST", path, token, content_type, body, status, NULL);

  g_assert_nonnull (node);
  return json_object_ref (json_node_get_object (node));
}

static JsonObject *
wait_job_as (IocTestServer *s,
             const char    *token,
             gint64         id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/import-jobs/%" G_GINT64_FORMAT, id);

  for (guint i = 0; i < 1200; i++)
    {
      guint status = 0;
      g_autoptr(JsonNode) node = ioc_test_request (s, "GET", path, token, NULL, &status);
      JsonObject *job;
      const char *st;

      g_assert_cmpuint (status, ==, 200);
      job = json_node_get_object (node);
      st = json_object_get_string_member (job, "status");
      if (g_str_equal (st, "completed") || g_str_equal (st, "failed"))
        return json_object_ref (job);
      g_usleep (50 * 1000);
    }
  g_error ("import job %" G_GINT64_FORMAT " did not finish within 60 s", id);
}

static JsonObject *
wait_job (IocTestServer *s,
          gint64         id)
{
  return wait_job_as (s, duty, id);
}

/* Imports and waits; asserts the job's final status. */
static JsonObject *
import_file (IocTestServer *s,
             const char    *query,
             const char    *content_type,
             const char    *data,
             const char    *expected_status)
{
  guint status = 0;
  g_autoptr(JsonObject) job = post_import (s, admin, query, content_type, data, -1, &status);
  JsonObject *done;

  if (status != 202)
    g_error ("POST /api/v1/imports?%s: %u %s", query, status,
             json_object_get_string_member_with_default (job, "detail", ""));
  g_assert_cmpstr (json_object_get_string_member (job, "status"), ==, "queued");
  done = wait_job (s, json_object_get_int_member (job, "id"));
  if (!g_str_equal (json_object_get_string_member (done, "status"), expected_status))
    g_error ("import %s: %s: %s", query, json_object_get_string_member (done, "status"),
             json_object_get_string_member_with_default (done, "error", ""));
  return done;
}

static char *
demo_file (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("IOC_SOURCE_DIR"), "data", "demo", name, NULL);
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

static JsonObject *
get_ok (IocTestServer *s,
        const char    *path)
{
  guint status = 0;
  g_autoptr(JsonNode) node = ioc_test_request (s, "GET", path, duty, NULL, &status);

  if (status != 200)
    g_error ("GET %s: %u", path, status);
  return json_object_ref (json_node_get_object (node));
}

/* ---- the province's tables ------------------------------------------- */

/* Sums of period_stats per column equal the printed totals. */
static void
test_summary_totals (void)
{
  g_autofree char *totals_text = demo_file ("source_totals.csv");
  g_auto(GStrv) lines = g_strsplit (totals_text, "\n", -1);
  struct { const char *file, *kind, *period; } tables[] = {
    { "igate_2023_reception_channels.csv", "reception-channels", "2022-12-15..2023-12-14" },
    { "igate_2018q1_by_agency.csv", "dossier-summary", "2018-01-01..2018-03-31" },
    { "field_reports_bmt_2021_2023.csv", "field-report-summary", "2021-05-15..2023-03-20" },
  };
  guint checked = 0;

  /* What the demo loaded goes: these figures come from the imports. */
  sql_exec (srv, "DELETE FROM period_stats WHERE domain IN ('dossier', 'field_report')");
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *data = demo_file (tables[i].file);
      g_autofree char *query = g_strdup_printf ("kind=%s&period=%s&name=%s", tables[i].kind, tables[i].period, tables[i].file);
      g_autoptr(JsonObject) job = import_file (srv, query, "text/csv", data, "completed");
      g_auto(GStrv) data_lines = g_strsplit (data, "\n", -1);
      gint64 rows = (gint64) g_strv_length (data_lines) - 2;   /* header, final newline */

      g_assert_cmpint (json_object_get_int_member (job, "rows_total"), ==, rows);
      g_assert_cmpint (json_object_get_int_member (job, "rows_imported"), ==, rows);
      g_assert_cmpint (json_object_get_int_member (job, "rows_rejected"), ==, 0);
      g_assert_cmpint (json_object_get_int_member (job, "rows_done"), ==, rows);
    }

  /* file,source,total_label,column,printed_total,sum_of_rows,matches */
  for (guint l = 1; lines[l] != NULL && *lines[l] != '\0'; l++)
    {
      g_autoptr(GPtrArray) f = g_ptr_array_new_with_free_func (g_free);
      const char *p = lines[l];
      g_autofree char *sql = NULL;
      g_autofree char *table = NULL;
      gint64 sum, printed, rows_sum;

      /* A minimal CSV split: quoted fields have no quotes inside here. */
      while (*p)
        {
          const char *end;
          if (*p == '"')
            {
              end = strchr (p + 1, '"');
              g_ptr_array_add (f, g_strndup (p + 1, end - p - 1));
              p = end + 1;
            }
          else
            {
              end = strchr (p, ',');
              if (end == NULL)
                end = p + strlen (p);
              g_ptr_array_add (f, g_strndup (p, end - p));
              p = end;
            }
          if (*p == ',')
            p++;
        }
      g_assert_cmpuint (f->len, ==, 7);
      if (g_str_has_prefix (g_ptr_array_index (f, 0), "idesk"))
        {
          sql = g_strdup_printf ("SELECT CAST(SUM(value) AS INTEGER) FROM period_stats WHERE domain = 'idesk' AND metric = '%s'",
                                 (char *) g_ptr_array_index (f, 3));
        }
      else
        {
          /* Reception channels: the total of one printed table (Bảng 2 or Bảng 6). */
          const char *src = g_ptr_array_index (f, 1);
          const char *bang = strstr (src, "Bảng ");
          if (bang != NULL)
            table = g_strdup_printf (" AND source LIKE '%%— %s'", bang);
          sql = g_strdup_printf ("SELECT CAST(SUM(value) AS INTEGER) FROM period_stats WHERE source LIKE '%s%%' AND metric = '%s'%s",
                                 (char *) g_ptr_array_index (f, 0), (char *) g_ptr_array_index (f, 3),
                                 table != NULL ? table : "");
        }
      sum = sql_int (srv, sql);
      printed = g_ascii_strtoll (g_ptr_array_index (f, 4), NULL, 10);
      rows_sum = g_ascii_strtoll (g_ptr_array_index (f, 5), NULL, 10);
      /* What was imported is what was printed, row by row ... */
      g_assert_cmpint (sum, ==, rows_sum);
      /* ... so a table whose rows add up shows its printed total, and one
       * that does not (data/demo/README.md) keeps the source's mismatch. */
      if (g_str_equal (g_ptr_array_index (f, 6), "yes"))
        g_assert_cmpint (sum, ==, printed);
      else
        g_assert_cmpint (sum, !=, printed);
      checked++;
    }
  g_assert_cmpuint (checked, ==, 22);

  /* Bảng 2 + Bảng 6: the printed 916,146 of the report's text is the sum of
   * the printed totals, not of the rows (a known inconsistency). */
  g_assert_cmpint (sql_int (srv, "SELECT CAST(SUM(value) AS INTEGER) FROM period_stats WHERE domain = 'dossier'"
                                 " AND metric = 'received_total' AND period_from = '2022-12-15'"), ==, 924583);

  /* Re-importing a table adds nothing. */
  {
    g_autofree char *before = ioc_test_db_data_digest (srv);
    g_autofree char *data = demo_file (tables[0].file);
    g_autofree char *query = g_strdup_printf ("kind=%s&period=%s&name=%s", tables[0].kind, tables[0].period, tables[0].file);
    g_autoptr(JsonObject) job = import_file (srv, query, "text/csv", data, "completed");
    g_autofree char *after = ioc_test_db_data_digest (srv);

    g_assert_cmpint (json_object_get_int_member (job, "rows_imported"), ==, 0);
    g_assert_cmpint (json_object_get_int_member (job, "rows_unchanged"), ==, 32);
    g_assert_cmpstr (before, ==, after);
  }
}

/* ---- dossier records → heatmap --------------------------------------- */

/* Times are province time; 2023-02-03 is a Friday. Agencies that have no
 * printed counts in the demo (Sở Ngoại vụ, Ban Quản lý các Khu công
 * nghiệp tỉnh), written in other spellings. */
static const char records[] =
  "id,agency,procedure,field,channel,received_at,due_at,accepted_at,resolved_at\n"
  /* Friday 15:00 + 8 working hours = Monday 15:30 (2 h Fri, 4 h + 2 h Mon);
   * accepted Tuesday: over 8 h at the end of Monday only. Due Wednesday,
   * resolved Thursday: overdue on Wednesday, resolved late on Thursday. */
  "A1,SỞ NGOẠI VỤ,Cấp hộ chiếu công vụ,Ngoại vụ,online_full,2023-02-03 15:00,2023-02-08 17:00,2023-02-07 09:00,2023-02-09 10:00\n"
  /* Friday 08:00: without the lunch break the 8 hours would end Friday
   * 16:00 and count Fri–Sun; with it they end Monday 08:30, and the
   * acceptance on Monday 10:00 is within the day: never counted. */
  "A6,Sở Ngoại vụ,Cấp hộ chiếu công vụ,Ngoại vụ,online_partial,03/02/2023 08:00,10/02/2023 17:00,06/02/2023 10:00,10/02/2023 16:00\n"
  /* Saturday: the clock starts Monday 07:30, 8 h end Tuesday 08:00; never
   * accepted: over 8 h from Tuesday on, every day (pending). Due the 20th. */
  "A3,Sở Ngoại vụ,Xác nhận lãnh sự,Ngoại vụ,online_full,2023-02-04 10:00,2023-02-20 17:00,,\n"
  /* In person Monday, due Tuesday 17:00, resolved Wednesday 09:00. */
  "A4,so_ngoai_vu,Xác nhận lãnh sự,Ngoại vụ,direct,2023-02-06 08:00,2023-02-07 17:00,2023-02-06 08:00,2023-02-08 09:00\n"
  /* Due Friday the 3rd, never resolved: overdue from the 3rd on. */
  "B1,Ban quản lý các khu công nghiệp tỉnh,Giấy phép lao động,Lao động,direct,2023-02-01 09:00,2023-02-03 17:00,2023-02-01 09:00,\n"
  /* Due Monday, resolved Wednesday: overdue Mon–Tue, late on Wednesday. */
  "B2,Ban Quản lý các Khu công nghiệp tỉnh,Giấy phép lao động,Lao động,postal,2023-02-02 10:00,2023-02-06 17:00,2023-02-02 10:00,2023-02-08 11:00\n";

/* Per agency, the cells from 2023-02-01 to 2023-02-12; -1 = null. */
typedef struct {
  const char *unit_id;
  gint64      cells[12];
} Expected;

static void
assert_heatmap (const char      *metric,
                const Expected  *expected,
                guint            n_expected)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/dossier-stats/heatmap?metric=%s&from=2023-02-01&to=2023-02-12", metric);
  g_autoptr(JsonObject) hm = get_ok (srv, path);
  JsonArray *dates = json_object_get_array_member (hm, "dates");
  JsonArray *units = json_object_get_array_member (hm, "units");
  gint64 overall = -1;

  g_assert_cmpstr (json_object_get_string_member (hm, "metric"), ==, metric);
  g_assert_cmpstr (json_object_get_string_member (hm, "from"), ==, "2023-02-01");
  g_assert_cmpstr (json_object_get_string_member (hm, "to"), ==, "2023-02-12");
  g_assert_cmpuint (json_array_get_length (dates), ==, 12);
  for (guint d = 0; d < 12; d++)
    {
      g_autofree char *day = g_strdup_printf ("2023-02-%02u", d + 1);
      g_assert_cmpstr (json_array_get_string_element (dates, d), ==, day);
    }
  g_assert_cmpuint (json_array_get_length (units), ==, n_expected);
  for (guint u = 0; u < n_expected; u++)
    {
      JsonObject *row = json_array_get_object_element (units, u);
      JsonArray *cells = json_object_get_array_member (row, "cells");
      gint64 latest = -1, max = -1;

      /* In the order expected: worst first. */
      g_assert_cmpstr (json_object_get_string_member (row, "unit_id"), ==, expected[u].unit_id);
      g_assert_nonnull (json_object_get_string_member (row, "name"));
      g_assert_cmpuint (json_array_get_length (cells), ==, 12);
      for (guint d = 0; d < 12; d++)
        {
          JsonNode *c = json_array_get_element (cells, d);
          gint64 want = expected[u].cells[d];
          if (want < 0)
            {
              if (!JSON_NODE_HOLDS_NULL (c))
                g_error ("%s %s 2023-02-%02u: expected null, got %" G_GINT64_FORMAT, metric,
                         expected[u].unit_id, d + 1, json_node_get_int (c));
              continue;
            }
          if (JSON_NODE_HOLDS_NULL (c) || json_node_get_int (c) != want)
            g_error ("%s %s 2023-02-%02u: expected %" G_GINT64_FORMAT ", got %s", metric, expected[u].unit_id,
                     d + 1, want, JSON_NODE_HOLDS_NULL (c) ? "null" : g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (c)));
          latest = want;
          max = MAX (max, want);
        }
      g_assert_cmpint (json_object_get_int_member (row, "latest"), ==, latest);
      g_assert_cmpint (json_object_get_int_member (row, "max"), ==, max);
      overall = MAX (overall, max);
    }
  g_assert_cmpint (json_object_get_int_member (hm, "max"), ==, overall);
}

#define N -1
static void
test_records_heatmap (void)
{
  /* Worked out by hand from the comments in `records`. */
  static const Expected overdue[] = {
    { "ban_ql_kcn", { 0, 0, 1, 1, 1, 2, 2, 1, 1, 1, 1, 1 } },
    { "so_ngoai_vu", { N, N, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0 } },
  };
  static const Expected online[] = {
    { "so_ngoai_vu", { N, N, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1 } },
    { "ban_ql_kcn", { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 } },
  };
  /* Equal latest and max: by name, "Ban Quản lý…" before "Sở Ngoại vụ". */
  static const Expected late[] = {
    { "ban_ql_kcn", { 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0 } },
    { "so_ngoai_vu", { N, N, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0 } },
  };
  g_autoptr(JsonObject) job = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  assert_sql_str (srv, "SELECT id FROM units WHERE name = 'Ban Quản lý các Khu công nghiệp tỉnh'", "ban_ql_kcn");
  job = import_file (srv, "kind=dossier-records&name=records.csv", "text/csv", records, "completed");
  g_assert_cmpint (json_object_get_int_member (job, "rows_imported"), ==, 6);
  g_assert_cmpint (ioc_test_count_rows (srv, "dossiers"), ==, 6);
  /* The acceptance deadline is kept with the row (UTC in the API). */
  {
    g_autoptr(JsonObject) d = get_ok (srv, "/api/v1/dossiers/A1");
    g_assert_cmpstr (json_object_get_string_member (d, "accept_deadline"), ==, "2023-02-06T08:30:00Z");
    g_assert_cmpstr (json_object_get_string_member (d, "agency_id"), ==, "so_ngoai_vu");
  }
  assert_heatmap ("overdue", overdue, G_N_ELEMENTS (overdue));
  assert_heatmap ("online_over_8h", online, G_N_ELEMENTS (online));
  assert_heatmap ("resolved_late", late, G_N_ELEMENTS (late));
  /* Pending dossiers count up to today. */
  {
    g_autofree char *horizon = sql_one (srv, "SELECT value FROM rollups WHERE name = 'dossiers.horizon'");
    g_autoptr(GTimeZone) tz = g_time_zone_new_offset (7 * 3600);
    g_autoptr(GDateTime) now = g_date_time_new_now (tz);
    g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
    g_autofree char *sql = g_strdup_printf ("SELECT value FROM dossier_stats WHERE unit_id = 'ban_ql_kcn'"
                                            " AND metric = 'overdue' AND date = '%s'", today);
    g_assert_cmpstr (horizon, ==, today);
    g_assert_cmpint (sql_int (srv, sql), ==, 1);
  }

  /* The same file again: nothing changes. */
  before = ioc_test_db_data_digest (srv);
  g_clear_pointer (&job, json_object_unref);
  job = import_file (srv, "kind=dossier-records&name=records.csv", "text/csv", records, "completed");
  g_assert_cmpint (json_object_get_int_member (job, "rows_imported"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (job, "rows_unchanged"), ==, 6);
  after = ioc_test_db_data_digest (srv);
  g_assert_cmpstr (before, ==, after);

  /* A later export: B1 was resolved on Friday the 10th. Only its counts move. */
  {
    static const Expected overdue2[] = {
      { "ban_ql_kcn", { 0, 0, 1, 1, 1, 2, 2, 1, 1, 0, 0, 0 } },
      { "so_ngoai_vu", { N, N, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0 } },
    };
    static const Expected late2[] = {
      { "ban_ql_kcn", { 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0 } },
      { "so_ngoai_vu", { N, N, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0 } },
    };
    static const char update[] =
      "id,agency,procedure,field,channel,received_at,due_at,accepted_at,resolved_at\n"
      "B1,ban_ql_kcn,Giấy phép lao động,Lao động,direct,2023-02-01 09:00,2023-02-03 17:00,2023-02-01 09:00,2023-02-10 10:00\n";
    g_clear_pointer (&job, json_object_unref);
    job = import_file (srv, "kind=dossier-records&name=update.csv", "text/csv", update, "completed");
    g_assert_cmpint (json_object_get_int_member (job, "rows_imported"), ==, 1);
    assert_heatmap ("overdue", overdue2, G_N_ELEMENTS (overdue2));
    assert_heatmap ("resolved_late", late2, G_N_ELEMENTS (late2));
  }

  /* A printed count lands in the same place and wins over the computed one. */
  {
    static const Expected overdue3[] = {
      { "so_ngoai_vu", { N, N, 0, 0, 0, 0, 1, 1, 5, 0, 0, 0 } },
      { "ban_ql_kcn", { 0, 0, 1, 1, 1, 2, 2, 1, 1, 0, 0, 0 } },
    };
    g_clear_pointer (&job, json_object_unref);
    job = import_file (srv, "kind=dossier-daily&name=daily.csv", "text/csv",
                       "unit_name,date,overdue_count\nSở Ngoại vụ,2023-02-09,5\n", "completed");
    assert_heatmap ("overdue", overdue3, G_N_ELEMENTS (overdue3));
    assert_sql_str (srv, "SELECT origin FROM dossier_stats WHERE unit_id = 'so_ngoai_vu' AND date = '2023-02-09'"
                                   " AND metric = 'overdue'", "imported");
  }
}
#undef N

/* The same id twice in one file: the later line wins, counted once
 * (batches are sorted by id before they are written: ties keep their
 * order). 2024 dates, which no other test looks at. */
static void
test_repeated_id (void)
{
  g_autoptr(JsonObject) job = import_file (srv, "kind=dossier-records&name=dup.csv", "text/csv",
                                           "id,agency,received_at,due_at,resolved_at\n"
                                           "ZZ-DUP,so_khcn,2024-02-05 09:00,2024-02-06 17:00,2024-02-09 10:00\n"
                                           "AA-OTHER,so_khcn,2024-02-05 09:00,,2024-02-05 10:00\n"
                                           "ZZ-DUP,so_khcn,2024-02-05 09:00,2024-02-06 17:00,2024-02-07 10:00\n",
                                           "completed");
  g_autoptr(JsonObject) d = get_ok (srv, "/api/v1/dossiers/ZZ-DUP");

  g_assert_cmpint (json_object_get_int_member (job, "rows_total"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (d, "resolved_at"), ==, "2024-02-07T03:00:00Z");
  /* Late on the 7th (the later line), not on the 9th; overdue on the 6th only. */
  assert_sql_str (srv, "SELECT value FROM dossier_stats WHERE unit_id = 'so_khcn' AND metric = 'resolved_late'"
                       " AND date = '2024-02-09'", "0");
  assert_sql_str (srv, "SELECT value FROM dossier_stats WHERE unit_id = 'so_khcn' AND metric = 'resolved_late'"
                       " AND date = '2024-02-07'", "1");
  assert_sql_str (srv, "SELECT SUM(value) FROM dossier_stats WHERE unit_id = 'so_khcn' AND metric = 'overdue'"
                       " AND date BETWEEN '2024-02-01' AND '2024-02-29'", "1");
}

/* The demo's printed 2023 grid through the contract's endpoint. */
static void
test_heatmap_contract (void)
{
  g_autoptr(JsonObject) hm = get_ok (srv, "/api/v1/dossier-stats/heatmap?metric=overdue&from=2023-03-01&to=2023-11-30");
  JsonArray *units = json_object_get_array_member (hm, "units");
  JsonArray *dates = json_object_get_array_member (hm, "dates");
  gint64 overall = 0;

  g_assert_cmpuint (json_array_get_length (dates), ==, 19);
  g_assert_cmpstr (json_array_get_string_element (dates, 0), ==, "2023-03-02");
  g_assert_cmpstr (json_array_get_string_element (dates, 18), ==, "2023-11-30");
  g_assert_cmpuint (json_array_get_length (units), ==, 30);
  for (guint u = 0; u < json_array_get_length (units); u++)
    {
      JsonObject *row = json_array_get_object_element (units, u);
      JsonArray *cells = json_object_get_array_member (row, "cells");
      g_autofree char *sql = g_strdup_printf ("SELECT value FROM dossier_stats WHERE unit_id = '%s'"
                                              " AND metric = 'overdue' AND date = '2023-11-30'",
                                              json_object_get_string_member (row, "unit_id"));
      g_assert_cmpuint (json_array_get_length (cells), ==, 19);
      g_assert_cmpint (json_object_get_int_member (row, "latest"), ==, sql_int (srv, sql));
      g_assert_cmpint (json_array_get_int_element (cells, 18), ==, sql_int (srv, sql));
      overall = MAX (overall, json_object_get_int_member (row, "max"));
      /* Worst first: by latest, then max. */
      if (u > 0)
        {
          JsonObject *prev = json_array_get_object_element (units, u - 1);
          gint64 pl = json_object_get_int_member (prev, "latest"), l = json_object_get_int_member (row, "latest");
          g_assert_cmpint (pl, >=, l);
          if (pl == l)
            g_assert_cmpint (json_object_get_int_member (prev, "max"), >=, json_object_get_int_member (row, "max"));
        }
    }
  g_assert_cmpint (json_object_get_int_member (hm, "max"), ==, overall);
  g_assert_cmpint (overall, ==, sql_int (srv, "SELECT MAX(value) FROM dossier_stats WHERE metric = 'overdue'"
                                              " AND date BETWEEN '2023-03-01' AND '2023-11-30'"));

  /* Refusals name the parameter. */
  for (const char *const *bad = (const char *const[]) {
         "metric=pending", "metric", "", "metric", "metric=overdue&from=2023-02-30", "from",
         "metric=overdue&from=2023-05-01&to=2023-04-01", "from", "metric=overdue&colour=red", "colour",
         "metric=overdue&from=2000-01-01&to=2023-01-01", "from", NULL }; *bad; bad += 2)
    {
      guint status = 0;
      g_autofree char *path = g_strconcat ("/api/v1/dossier-stats/heatmap?", bad[0], NULL);
      g_autoptr(JsonNode) node = ioc_test_request (srv, "GET", path, duty, NULL, &status);
      g_assert_cmpuint (status, ==, 422);
      g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "field"), ==, bad[1]);
    }
}

/* ---- bad files -------------------------------------------------------- */

static void
assert_refused_file (const char *query,
                     const char *data,
                     gssize      len,
                     guint       line,
                     const char *reason)
{
  g_autofree char *before = ioc_test_db_data_digest (srv);
  g_autofree char *after = NULL;
  guint status = 0;
  g_autoptr(JsonObject) job = post_import (srv, admin, query, "text/csv", data, len, &status);
  g_autoptr(JsonObject) done = NULL;
  const char *error;

  g_assert_cmpuint (status, ==, 202);
  done = wait_job (srv, json_object_get_int_member (job, "id"));
  error = json_object_get_string_member_with_default (done, "error", "");
  g_assert_cmpstr (json_object_get_string_member (done, "status"), ==, "failed");
  if (json_object_get_int_member (done, "error_line") != line || strstr (error, reason) == NULL)
    g_error ("%s: expected line %u “%s”, got line %" G_GINT64_FORMAT ": %s", query, line, reason,
             json_object_get_int_member (done, "error_line"), error);
  g_assert_cmpint (json_object_get_int_member (done, "rows_imported"), ==, 0);
  /* Nothing was written. */
  after = ioc_test_db_data_digest (srv);
  g_assert_cmpstr (before, ==, after);
}

static void
test_rejected_files (void)
{
  g_autofree char *big = NULL;
  GString *s = g_string_new ("id,agency,received_at,due_at\n");

  assert_refused_file ("kind=dossier-records", "id,agency,received_at\nX1,so_tai_chinh,2023-02-01 09:00\nX2,so_tai_chinh\n",
                       -1, 3, "line 3: 2 fields, the header has 3");
  assert_refused_file ("kind=dossier-records", "id,agency,received_at\nX1,S\xf5 T\xe0i ch\xednh,2023-02-01 09:00\n",
                       -1, 2, "line 2: not valid UTF-8");
  assert_refused_file ("kind=dossier-summary&period=2018-01-01..2018-03-31", "unit_id,received,resolved\nso_tai_chinh,12,1.2.3\n",
                       -1, 2, "line 2: resolved must be a whole number, not “1.2.3”");
  assert_refused_file ("kind=dossier-daily", "unit_id,date,overdue_count\nso_tai_chinh,2023-02-31,3\n",
                       -1, 2, "line 2: date must be a date yyyy-mm-dd");
  assert_refused_file ("kind=dossier-daily", "unit_name,date,overdue_count\nSở Tài chính,2023-02-01,3\nSở Du lịch,2023-02-01,3\n",
                       -1, 3, "line 3: unknown unit “Sở Du lịch”");
  assert_refused_file ("kind=reception-channels&period=2023-01-01..2023-12-31", "unit_id,received_total,fax\nso_tai_chinh,1,1\n",
                       -1, 1, "unknown column “fax”");
  /* One bad row among many good ones (several batches): still nothing. */
  for (guint i = 0; i < 30000; i++)
    g_string_append_printf (s, "BIG%05u,so_tai_chinh,2023-02-01 09:00,2023-02-05 17:00\n", i);
  g_string_append (s, "BIG-LAST,so_tai_chinh,2023-02-01 9:00,\n");
  big = g_string_free (s, FALSE);
  assert_refused_file ("kind=dossier-records", big, -1, 30002, "line 30002: received_at must be a time");
}

static void
test_api_errors (void)
{
  struct { const char *query, *ct, *body; guint status; const char *field; } cases[] = {
    { "kind=spreadsheet", "text/csv", "a\n1\n", 422, "kind" },
    { "kind=idesk-summary&period=2018-01-01..2018-03-31", "text/csv", "a\n1\n", 422, "kind" },
    { "kind=dossier-summary", "text/csv", "unit_id,received\nso_tai_chinh,1\n", 422, "period" },
    { "kind=dossier-summary&period=2018-03-31..2018-01-01", "text/csv", "unit_id,received\nso_tai_chinh,1\n", 422, "period" },
    { "kind=dossier-records&sheet=1", "text/csv", "a\n", 422, "sheet" },
    { "kind=dossier-records", "application/json", "[]", 415, NULL },
    { "kind=dossier-records", "application/vnd.ms-excel", "PK", 415, NULL },
    { "kind=cameras", "text/csv", "", 400, NULL },
  };
  g_autofree char *before = ioc_test_db_digest (srv);
  g_autofree char *after = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint status = 0;
      g_autoptr(JsonObject) answer = post_import (srv, admin, cases[i].query, cases[i].ct, cases[i].body, -1, &status);
      if (status != cases[i].status)
        g_error ("%s: expected %u, got %u", cases[i].query, cases[i].status, status);
      g_assert_true (strlen (json_object_get_string_member (answer, "detail")) > 0);
      if (cases[i].field != NULL)
        g_assert_cmpstr (json_object_get_string_member_with_default (answer, "field", NULL), ==, cases[i].field);
    }
  /* Only the admin imports. */
  {
    guint status = 0;
    json_object_unref (post_import (srv, duty, "kind=cameras", "text/csv", "id,name,lat,lon\nc,A,1,2\n", -1, &status));
    g_assert_cmpuint (status, ==, 403);
  }
  /* A malformed JSON body's error is valid JSON even when json-glib cuts
   * a Vietnamese letter in the token it quotes (found by fuzz-import-cameras). */
  {
    g_autofree char *path = g_build_filename (g_getenv ("IOC_SOURCE_DIR"), "tests", "fuzz", "corpus", "import-cameras",
                                              "json-error-cut-utf8.json", NULL);
    g_autofree char *text = NULL;
    guint status = 0;
    g_autoptr(JsonNode) node = NULL;
    g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
    node = ioc_test_request (srv, "POST", "/api/v1/ingest/camera-events", admin, text, &status);
    g_assert_cmpuint (status, ==, 400);
    g_assert_nonnull (node);
    g_assert_true (g_utf8_validate (json_object_get_string_member (json_node_get_object (node), "detail"), -1, NULL));
  }
  /* Refused requests change nothing at all (no job, no event). */
  after = ioc_test_db_digest (srv);
  g_assert_cmpstr (before, ==, after);
  {
    g_autoptr(JsonObject) kinds = get_ok (srv, "/api/v1/imports/kinds");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (kinds, "items")), ==, 7);
  }
}

/* ---- cameras, indicators ---------------------------------------------- */

static gint64
events_of (const char *type,
           gint64      since)
{
  g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM events WHERE type = '%s' AND seq > %" G_GINT64_FORMAT,
                                          type, since);
  return sql_int (srv, sql);
}

static void
test_cameras (void)
{
  static const char csv[] =
    "id,name,lat,lon,heading,owner,kind,rtsp_main,rtsp_sub,ai_features\n"
    "cam-i1,Ngã sáu Ban Mê,12.680123456,108.044,90,Công an tỉnh Đắk Lắk,traffic,rtsp://127.0.0.1:8554/i1,rtsp://127.0.0.1:8554/i1-sub,red_light;plate\n"
    "cam-002,CA tỉnh 02 — nút giao 2 (đổi tên),12.67,108.03,,,ptz,,,\n";
  gint64 seq = sql_int (srv, "SELECT MAX(seq) FROM events");
  g_autoptr(JsonObject) job = import_file (srv, "kind=cameras&name=registry.csv", "text/csv", csv, "completed");
  g_autoptr(JsonObject) cam = get_ok (srv, "/api/v1/cameras/cam-i1");
  g_autoptr(JsonObject) job2 = NULL;
  g_autoptr(JsonObject) job3 = NULL;

  g_assert_cmpint (json_object_get_int_member (job, "rows_imported"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (cam, "owner_unit_id"), ==, "cong_an_tinh");
  g_assert_cmpstr (json_object_get_string_member (cam, "status"), ==, "unknown");
  g_assert_cmpfloat (json_object_get_double_member (cam, "lat"), ==, 12.68012);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (cam, "ai_features")), ==, 2);
  g_assert_cmpint (events_of ("camera.created", seq), ==, 1);
  g_assert_cmpint (events_of ("camera.updated", seq), ==, 1);
  {
    /* An update keeps what the health checker wrote. */
    g_autoptr(JsonObject) c2 = get_ok (srv, "/api/v1/cameras/cam-002");
    g_assert_cmpstr (json_object_get_string_member (c2, "kind"), ==, "ptz");
    g_assert_cmpstr (json_object_get_string_member (c2, "name"), ==, "CA tỉnh 02 — nút giao 2 (đổi tên)");
  }

  /* The same registry as JSON: unchanged, no events. */
  seq = sql_int (srv, "SELECT MAX(seq) FROM events");
  job2 = import_file (srv, "kind=cameras", "application/json",
                      "[{\"id\":\"cam-i1\",\"name\":\"Ngã sáu Ban Mê\",\"lat\":12.680123456,\"lon\":108.044,\"heading\":90,"
                      "\"owner_unit_id\":\"cong_an_tinh\",\"kind\":\"traffic\",\"rtsp_main\":\"rtsp://127.0.0.1:8554/i1\","
                      "\"rtsp_sub\":\"rtsp://127.0.0.1:8554/i1-sub\",\"ai_features\":[\"red_light\",\"plate\"]}]", "completed");
  g_assert_cmpint (json_object_get_int_member (job2, "rows_unchanged"), ==, 1);
  g_assert_cmpint (events_of ("camera.created", seq) + events_of ("camera.updated", seq), ==, 0);

  /* A bad URI among good rows: the file is refused, the registry untouched. */
  assert_refused_file ("kind=cameras", "id,name,lat,lon,rtsp_main\ncam-i2,A,12.6,108,rtsp://127.0.0.1/a\ncam-i3,B,12.6,108,rtsp:/broken uri\n",
                       -1, 3, "rtsp_main must be an rtsp://");
  job3 = import_file (srv, "kind=cameras", "text/csv", "id,name,lat,lon\ncam-i1,Ngã sáu,12.68012,108.044\n", "completed");
  g_assert_cmpint (json_object_get_int_member (job3, "rows_imported"), ==, 1);

  /* A camera account in the URIs stays in iocd (ioc-camera-uri.h). */
  {
    g_autoptr(JsonObject) job4 = import_file (srv, "kind=cameras", "text/csv",
      "id,name,lat,lon,rtsp_main,rtsp_sub\n"
      "cam-i4,Cổng UBND,12.68,108.04,rtsp://viewer:k9-Secret@10.2.0.4/101,rtsp://viewer:k9-Secret@10.2.0.4/102\n", "completed");
    g_autoptr(JsonObject) c4 = get_ok (srv, "/api/v1/cameras/cam-i4");
    g_autoptr(JsonObject) job5 = NULL;

    g_assert_cmpint (json_object_get_int_member (job4, "rows_imported"), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (c4, "rtsp_main"), ==, "rtsp://10.2.0.4/101");
    g_assert_true (json_object_get_boolean_member (c4, "rtsp_auth"));
    g_assert_cmpint (sql_int (srv, "SELECT COUNT(*) FROM events WHERE data LIKE '%k9-Secret%'"), ==, 0);
    g_assert_cmpint (sql_int (srv, "SELECT COUNT(*) FROM cameras WHERE id = 'cam-i4' AND rtsp_userinfo = 'viewer:k9-Secret'"), ==, 1);
    /* The same file again: unchanged. Two accounts for one camera: refused. */
    job5 = import_file (srv, "kind=cameras", "text/csv",
      "id,name,lat,lon,rtsp_main,rtsp_sub\n"
      "cam-i4,Cổng UBND,12.68,108.04,rtsp://viewer:k9-Secret@10.2.0.4/101,rtsp://viewer:k9-Secret@10.2.0.4/102\n", "completed");
    g_assert_cmpint (json_object_get_int_member (job5, "rows_unchanged"), ==, 1);
    assert_refused_file ("kind=cameras", "id,name,lat,lon,rtsp_main,rtsp_sub\ncam-i5,A,12.6,108,rtsp://a:b@10.2.0.5/1,rtsp://c:d@10.2.0.5/2\n",
                         -1, 2, "same camera account");
  }
}

static void
test_indicators (void)
{
  static const char csv[] =
    "group_code,indicator,month,value,target,unit\n"
    "budget,Thu ngân sách huyện (thử),2026-01,100,95,tỷ đồng\n"
    "budget,Thu ngân sách huyện (thử),2026-02,104,96,tỷ đồng\n"
    "budget,Thu ngân sách huyện (thử),2026-03,70,97,tỷ đồng\n"       /* -32.7 %, and 27.8 % below target */
    "tourism,Lượt khách (thử),2026-03,50,,nghìn lượt\n"
    "tourism,Lượt khách (thử),2026-04,63,,nghìn lượt\n";             /* +26 %: a jump */
  gint64 seq = sql_int (srv, "SELECT MAX(seq) FROM events");
  g_autoptr(JsonObject) job = import_file (srv, "kind=indicators", "text/csv", csv, "completed");
  g_autoptr(JsonObject) again = NULL;

  g_assert_cmpint (json_object_get_int_member (job, "rows_imported"), ==, 5);
  assert_sql_str (srv, "SELECT anomaly FROM indicators WHERE indicator = 'Thu ngân sách huyện (thử)' AND month = '2026-03'", "off_target");
  assert_sql_str (srv, "SELECT anomaly_detail FROM indicators WHERE indicator = 'Thu ngân sách huyện (thử)' AND month = '2026-03'", "27.8 % below target 97 (threshold 10.0 %)");
  assert_sql_str (srv, "SELECT anomaly FROM indicators WHERE indicator = 'Lượt khách (thử)' AND month = '2026-04'", "mom_change");
  assert_sql_str (srv, "SELECT anomaly_detail FROM indicators WHERE indicator = 'Lượt khách (thử)' AND month = '2026-04'", "+26.0 % against 2026-03 (threshold 20.0 %)");
  assert_sql_str (srv, "SELECT anomaly FROM indicators WHERE indicator = 'Thu ngân sách huyện (thử)' AND month = '2026-02'", NULL);
  g_assert_cmpint (events_of ("indicator.anomaly", seq), ==, 2);

  /* Again: nothing new, no event. */
  seq = sql_int (srv, "SELECT MAX(seq) FROM events");
  again = import_file (srv, "kind=indicators", "text/csv", csv, "completed");
  g_assert_cmpint (json_object_get_int_member (again, "rows_unchanged"), ==, 5);
  g_assert_cmpint (events_of ("indicator.anomaly", seq), ==, 0);

  /* A corrected March clears the warning (no event for a cleared one). */
  g_clear_pointer (&again, json_object_unref);
  again = import_file (srv, "kind=indicators", "application/json",
                       "[{\"group_code\":\"budget\",\"indicator\":\"Thu ngân sách huyện (thử)\",\"month\":\"2026-03\","
                       "\"value\":99,\"target\":97,\"unit\":\"tỷ đồng\"}]", "completed");
  assert_sql_str (srv, "SELECT anomaly FROM indicators WHERE indicator = 'Thu ngân sách huyện (thử)' AND month = '2026-03'", NULL);
  g_assert_cmpint (events_of ("indicator.anomaly", seq), ==, 0);

  /* The demo's synthetic series: every group, with the budget anomaly. */
  for (const char *const *g = (const char *const[]) {
         "grdp", "grdp_per_capita", "investment", "projects", "trade", "retail", "budget", "infrastructure",
         "enterprises", "tourism", "education", "health", "social", "environment", "security", "admin_reform", NULL }; *g; g++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM indicators WHERE group_code = '%s'"
                                              " AND month = '2010-01' AND indicator LIKE '%%(mô phỏng)'", *g);
      g_assert_cmpint (sql_int (srv, sql), >=, 1);
    }
  g_assert_cmpint (sql_int (srv, "SELECT COUNT(*) FROM indicators WHERE group_code = 'budget' AND anomaly IS NOT NULL"
                                 " AND indicator LIKE '%(mô phỏng)'"), >=, 1);
}

/* ---- jobs: progress and events ---------------------------------------- */

typedef struct {
  GPtrArray *types;    /* char*: event types received */
  GPtrArray *jobs;     /* JsonObject*: data of import.* events */
} Stream;

static void
on_stream_message (SoupWebsocketConnection *conn,
                   gint                     type,
                   GBytes                  *message,
                   gpointer                 user_data)
{
  Stream *s = user_data;
  gsize len;
  const char *data = g_bytes_get_data (message, &len);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *o;

  g_assert_true (json_parser_load_from_data (parser, data, len, NULL));
  o = json_node_get_object (json_parser_get_root (parser));
  if (!json_object_has_member (o, "seq") || !json_object_has_member (o, "data"))
    return;
  {
    g_autofree char *ack = g_strdup_printf ("{\"ack\":%" G_GINT64_FORMAT "}", json_object_get_int_member (o, "seq"));
    soup_websocket_connection_send_text (conn, ack);
  }
  if (g_str_has_prefix (json_object_get_string_member (o, "type"), "import."))
    {
      g_ptr_array_add (s->types, g_strdup (json_object_get_string_member (o, "type")));
      g_ptr_array_add (s->jobs, json_object_ref (json_object_get_object_member (o, "data")));
    }
}

static void
test_job_progress (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ioc-import-conf-XXXXXX", NULL);
  g_autofree char *conf = g_build_filename (dir, "iocd.conf", NULL);
  const char *args[] = { "--config", conf, NULL };
  IocTestServer *s;
  g_autofree char *token = NULL;
  g_autoptr(SoupWebsocketConnection) ws = NULL;
  g_autoptr(GError) error = NULL;
  Stream st = { g_ptr_array_new_with_free_func (g_free), g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref) };
  GString *csv = g_string_new ("id,agency,channel,received_at,due_at,accepted_at,resolved_at\n");
  guint status = 0;
  g_autoptr(JsonObject) job = NULL;
  g_autoptr(JsonObject) done = NULL;
  gint64 last_done = -1, id;
  gboolean completed = FALSE;
  guint progress = 0;

  /* Small batches and fast progress, to see several updates. */
  g_assert_true (g_file_set_contents (conf, "[iocd]\n[imports]\nbatch-rows=2000\nprogress-interval=50\n", -1, NULL));
  s = ioc_test_server_start (TRUE, args);
  token = ioc_test_login (s, "admin", "admin-demo-1022");
  ws = ioc_test_stream_open (s, token, -1, &error);
  g_assert_no_error (error);
  g_signal_connect (ws, "message", G_CALLBACK (on_stream_message), &st);

  for (guint i = 0; i < 60000; i++)
    g_string_append_printf (csv, "P%06u,%s,%s,2025-%02u-%02u 09:%02u,2025-%02u-%02u 17:00,2025-%02u-%02u 10:00,%s\n", i,
                            i % 3 == 0 ? "so_tai_chinh" : i % 3 == 1 ? "Sở Tư pháp" : "so_xay_dung",
                            i % 4 == 0 ? "online_full" : "direct",
                            1 + i % 12, 1 + i % 20, i % 60, 1 + i % 12, 5 + i % 20, 1 + i % 12, 2 + i % 20,
                            i % 10 == 0 ? "" : "2025-12-28 10:00");
  job = post_import (s, token, "kind=dossier-records&name=big.csv", "text/csv", csv->str, csv->len, &status);
  g_string_free (csv, TRUE);
  g_assert_cmpuint (status, ==, 202);
  id = json_object_get_int_member (job, "id");

  for (guint i = 0; i < 1200 && !completed; i++)
    {
      gboolean never = FALSE;
      ioc_test_wait (&never, 50);
      for (guint k = 0; k < st.types->len; k++)
        if (g_str_equal (g_ptr_array_index (st.types, k), "import.completed") &&
            json_object_get_int_member (g_ptr_array_index (st.jobs, k), "id") == id)
          completed = TRUE;
    }
  g_assert_true (completed);

  /* queued, validating, writing (rows_total known), progress…, completed */
  for (guint k = 0; k < st.types->len; k++)
    {
      JsonObject *j = g_ptr_array_index (st.jobs, k);
      const char *type = g_ptr_array_index (st.types, k);
      const char *state = json_object_get_string_member (j, "status");
      if (json_object_get_int_member (j, "id") != id)
        continue;
      if (k == 0)
        g_assert_cmpstr (state, ==, "queued");
      if (g_str_equal (state, "writing"))
        {
          g_assert_cmpint (json_object_get_int_member (j, "rows_total"), ==, 60000);
          g_assert_cmpint (json_object_get_int_member (j, "rows_done"), >=, last_done);
          last_done = json_object_get_int_member (j, "rows_done");
          if (last_done > 0 && last_done < 60000)
            progress++;
        }
      if (g_str_equal (type, "import.completed"))
        {
          g_assert_cmpstr (state, ==, "completed");
          g_assert_cmpint (json_object_get_int_member (j, "rows_done"), ==, 60000);
          g_assert_cmpint (json_object_get_int_member (j, "rows_imported"), ==, 60000);
        }
    }
  g_assert_cmpuint (progress, >=, 1);
  done = wait_job_as (s, token, id);
  g_assert_cmpstr (json_object_get_string_member (done, "origin"), ==, "api");
  g_assert_cmpstr (json_object_get_string_member (done, "user_name"), ==, "admin");
  g_assert_nonnull (json_object_get_string_member (done, "finished_at"));
  g_assert_cmpint (ioc_test_count_rows (s, "dossiers"), ==, 60000);
  /* The source is fresh. */
  {
    g_autofree char *sql = g_strdup ("SELECT last_update FROM sources WHERE name = 'dossiers'");
    g_assert_cmpint (sql_int (s, sql), >, 0);
  }
  /* The computed counts agree with a plain count of the rows: dossiers
   * resolved after their due day are late on the day they were resolved. */
  g_assert_cmpint (sql_int (s, "SELECT SUM(value) FROM dossier_stats WHERE metric = 'resolved_late'"), ==,
                   sql_int (s, "SELECT COUNT(*) FROM dossiers WHERE resolved_at > due_at"));
  /* ... and overdue on a day is the pending-past-due count of that day. */
  g_assert_cmpint (sql_int (s, "SELECT value FROM dossier_stats WHERE unit_id = 'so_tai_chinh' AND metric = 'overdue'"
                               " AND date = '2025-06-10'"), ==,
                   sql_int (s, "SELECT COUNT(*) FROM dossiers WHERE agency_id = 'so_tai_chinh'"
                               " AND due_at < strftime('%s', '2025-06-11 00:00:00', '-7 hours')"
                               " AND (resolved_at IS NULL OR resolved_at >= strftime('%s', '2025-06-11 00:00:00', '-7 hours'))"));

  soup_websocket_connection_close (ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_ptr_array_unref (st.types);
  g_ptr_array_unref (st.jobs);
  ioc_test_server_free (s);
  g_unlink (conf);
  g_rmdir (dir);
}

/* A crash in the middle of a job: at the next start the job is failed, the
 * rows written stay, and importing the file again adds exactly the rest. */
static void
test_interrupted (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ioc-import-kill-XXXXXX", NULL);
  g_autofree char *conf = g_build_filename (dir, "iocd.conf", NULL);
  const char *args[] = { "--config", conf, NULL };
  GString *csv = g_string_new ("id,agency,received_at,due_at,resolved_at\n");
  IocTestServer *s;
  g_autofree char *token = NULL;
  g_autoptr(JsonObject) job = NULL;
  g_autoptr(JsonObject) failed = NULL;
  g_autoptr(JsonObject) again = NULL;
  guint status = 0;
  gint64 id, written = 0;
  const guint rows = 200000;

  g_assert_true (g_file_set_contents (conf, "[imports]\nbatch-rows=1000\n", -1, NULL));
  for (guint i = 0; i < rows; i++)
    g_string_append_printf (csv, "K%06u,%s,2025-03-%02u 09:00,2025-03-%02u 17:00,2025-04-%02u 10:00\n", i,
                            i % 2 ? "so_tai_chinh" : "so_tu_phap", 1 + i % 20, 5 + i % 20, 1 + i % 28);
  s = ioc_test_server_start (TRUE, args);
  token = ioc_test_login (s, "admin", "admin-demo-1022");
  job = post_import (s, token, "kind=dossier-records&name=kill.csv", "text/csv", csv->str, csv->len, &status);
  g_assert_cmpuint (status, ==, 202);
  id = json_object_get_int_member (job, "id");
  for (guint i = 0; i < 2000 && written == 0; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT rows_done FROM import_jobs WHERE id = %" G_GINT64_FORMAT, id);
      written = sql_int (s, sql);
      if (written <= 0)
        g_usleep (10 * 1000);
    }
  g_assert_cmpint (written, >, 0);
  ioc_test_server_kill (s);
  /* Some rows made it, not all (the kill came between two batches). */
  written = ioc_test_count_rows (s, "dossiers");
  g_assert_cmpint (written, >, 0);
  g_assert_cmpint (written, <, rows);
  g_assert_cmpint (written % 1000, ==, 0);

  ioc_test_server_restart (s);
  g_free (token);
  token = ioc_test_login (s, "admin", "admin-demo-1022");
  failed = wait_job_as (s, token, id);
  g_assert_cmpstr (json_object_get_string_member (failed, "status"), ==, "failed");
  g_assert_nonnull (strstr (json_object_get_string_member (failed, "error"), "interrupted"));
  g_clear_pointer (&job, json_object_unref);
  job = post_import (s, token, "kind=dossier-records&name=kill.csv", "text/csv", csv->str, csv->len, &status);
  again = wait_job_as (s, token, json_object_get_int_member (job, "id"));
  g_assert_cmpstr (json_object_get_string_member (again, "status"), ==, "completed");
  g_assert_cmpint (json_object_get_int_member (again, "rows_unchanged"), ==, written);
  g_assert_cmpint (json_object_get_int_member (again, "rows_imported"), ==, rows - written);
  g_assert_cmpint (ioc_test_count_rows (s, "dossiers"), ==, rows);
  /* The counts are those of all the rows, as if imported in one go. */
  g_assert_cmpint (sql_int (s, "SELECT SUM(value) FROM dossier_stats WHERE metric = 'resolved_late'"), ==,
                   sql_int (s, "SELECT COUNT(*) FROM dossiers WHERE resolved_at > due_at"));
  g_string_free (csv, TRUE);
  ioc_test_server_free (s);
  g_unlink (conf);
  g_rmdir (dir);
}

/* ---- the drop folder (contract 1) ------------------------------------- */

static gboolean
wait_file (const char *path)
{
  for (guint i = 0; i < 600; i++)
    {
      gboolean never = FALSE;
      if (g_file_test (path, G_FILE_TEST_EXISTS))
        return TRUE;
      ioc_test_wait (&never, 50);
    }
  return FALSE;
}

static void
drop (const char *dir,
      const char *kind,
      const char *name,
      const char *text)
{
  g_autofree char *final = g_build_filename (dir, kind, name, NULL);
  g_autofree char *part = g_strconcat (final, ".part", NULL);

  /* Written as NAME.part, renamed when complete (as the simulator does). */
  g_assert_true (g_file_set_contents (part, text, -1, NULL));
  g_assert_cmpint (g_rename (part, final), ==, 0);
}

static void
test_drop_folder (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ioc-drop-XXXXXX", NULL);
  g_autofree char *conf = g_build_filename (dir, "iocd.conf", NULL);
  g_autofree char *drop_dir = g_build_filename (dir, "drop", NULL);
  g_autofree char *conf_text = g_strdup_printf ("[imports]\ndrop-dir=%s\nmax-body-bytes=4096\n", drop_dir);
  const char *args[] = { "--config", conf, NULL };
  g_autofree char *done_cam = g_build_filename (drop_dir, "cameras", "done", "ward-7.json", NULL);
  g_autofree char *done_sum = g_build_filename (drop_dir, "dossier-summary", "done", "2018-01-01..2018-03-31-igate.csv", NULL);
  g_autofree char *failed = g_build_filename (drop_dir, "dossier-daily", "failed", "daily.csv", NULL);
  g_autofree char *failed_err = g_strconcat (failed, ".error", NULL);
  g_autofree char *failed_period = g_build_filename (drop_dir, "dossier-summary", "failed", "igate.csv.error", NULL);
  g_autofree char *early = g_build_filename (drop_dir, "indicators", "done", "early.csv", NULL);
  g_autofree char *error_text = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  IocTestServer *s;

  g_assert_true (g_file_set_contents (conf, conf_text, -1, NULL));
  /* A file left before iocd started is taken at start. */
  g_assert_cmpint (g_mkdir_with_parents (drop_dir, 0700), ==, 0);
  {
    g_autofree char *ind = g_build_filename (drop_dir, "indicators", NULL);
    g_assert_cmpint (g_mkdir_with_parents (ind, 0700), ==, 0);
    drop (drop_dir, "indicators", "early.csv", "group_code,indicator,month,value\nhealth,Bảo hiểm y tế (thử),2026-10,93.5\n");
  }
  s = ioc_test_server_start (TRUE, args);
  g_assert_true (wait_file (early));
  g_assert_cmpint (sql_int (s, "SELECT COUNT(*) FROM indicators WHERE indicator = 'Bảo hiểm y tế (thử)'"), ==, 1);

  /* A half-written file is not touched. */
  {
    g_autofree char *part = g_build_filename (drop_dir, "cameras", "ward-7.json.part", NULL);
    gboolean never = FALSE;
    g_assert_true (g_file_set_contents (part, "[{\"id\":\"cam-d1\",", -1, NULL));
    ioc_test_wait (&never, 500);
    g_assert_true (g_file_test (part, G_FILE_TEST_EXISTS));
    g_assert_cmpint (sql_int (s, "SELECT COUNT(*) FROM import_jobs WHERE file_name LIKE 'ward-7%'"), ==, 0);
    g_unlink (part);
  }
  drop (drop_dir, "cameras", "ward-7.json",
        "[{\"id\":\"cam-d1\",\"name\":\"Phường Tân Lập 1\",\"lat\":12.701,\"lon\":108.06,\"owner\":\"UBND Phường Tân Lập\"}]");
  g_assert_true (wait_file (done_cam));
  /* "UBND Phường Tân Lập" today is the ward of 2025, not its predecessor. */
  assert_sql_str (s, "SELECT owner_unit_id FROM cameras WHERE id = 'cam-d1'", "u2025_24121");
  assert_sql_str (s, "SELECT origin FROM import_jobs WHERE file_name = 'ward-7.json'", "drop");

  /* The period is in the name. */
  sql_exec (s, "DELETE FROM period_stats WHERE domain = 'dossier' AND period_from = '2018-01-01'");
  {
    g_autofree char *data = demo_file ("igate_2018q1_by_agency.csv");
    drop (drop_dir, "dossier-summary", "2018-01-01..2018-03-31-igate.csv", data);
  }
  g_assert_true (wait_file (done_sum));
  g_assert_cmpint (sql_int (s, "SELECT CAST(SUM(value) AS INTEGER) FROM period_stats WHERE period_from = '2018-01-01'"
                               " AND metric = 'received' AND domain = 'dossier'"), ==, 38138);
  /* Without it the file is refused, with the reason beside it. */
  drop (drop_dir, "dossier-summary", "igate.csv", "unit_id,received\nso_tai_chinh,1\n");
  g_assert_true (wait_file (failed_period));

  /* A bad file goes to failed/, NAME.error holds the line and reason. */
  before = ioc_test_db_data_digest (s);
  drop (drop_dir, "dossier-daily", "daily.csv", "unit_id,date,overdue_count\nso_tai_chinh,2023-02-01,3\nso_tai_chinh,2023-02-02,x\n");
  g_assert_true (wait_file (failed_err));
  g_assert_true (g_file_test (failed, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_get_contents (failed_err, &error_text, NULL, NULL));
  g_assert_nonnull (strstr (error_text, "line 3: overdue_count must be a whole number"));
  after = ioc_test_db_data_digest (s);
  g_assert_cmpstr (before, ==, after);

  /* The API's body limit for files: [imports] max-body-bytes (here 4096);
   * the drop folder has none. */
  {
    g_autofree char *token = ioc_test_login (s, "admin", "admin-demo-1022");
    g_autofree char *big = g_strnfill (8192, 'x');
    guint status = 0;
    g_autoptr(JsonObject) answer = post_import (s, token, "kind=cameras", "text/csv", big, -1, &status);
    g_assert_cmpuint (status, ==, 413);
    g_assert_cmpstr (json_object_get_string_member (answer, "error"), ==, "too_large");
  }
  ioc_test_server_free (s);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);
    g_assert_cmpint (system (cmd), ==, 0);
  }
}

/* ---- the command line ------------------------------------------------- */

static int
run_cli (const char  *db,
         char       **out,
         char       **err,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  va_list ap;
  const char *arg;

  g_ptr_array_add (argv, (gpointer) g_getenv ("IOCD_BIN"));
  g_ptr_array_add (argv, (gpointer) "--database");
  g_ptr_array_add (argv, (gpointer) db);
  va_start (ap, err);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  proc = g_subprocess_newv ((const char *const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, out, err, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (proc);
}

static void
test_cli (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ioc-cli-import-XXXXXX", NULL);
  g_autofree char *good = g_build_filename (dir, "records.csv", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.csv", NULL);
  g_autofree char *summary = g_build_filename (dir, "2018-01-01..2018-03-31-igate.csv", NULL);
  g_autofree char *summary_data = demo_file ("igate_2018q1_by_agency.csv");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  char *out = NULL, *err = NULL;

  g_assert_true (g_file_set_contents (good, "id,agency,received_at,due_at\nC1,Sở Tài Chính,2024-05-02 09:00,2024-05-03 17:00\n"
                                      "C2,so_tu_phap,2024-05-02 10:00,\n", -1, NULL));
  g_assert_true (g_file_set_contents (bad, "id,agency,received_at\nC3,so_tai_chinh,2024-05-02 09:00\nC4,Sở Du lịch,2024-05-02 09:00\n", -1, NULL));
  g_assert_true (g_file_set_contents (summary, summary_data, -1, NULL));

  /* Beside the running server, on its database (WAL). */
  g_assert_cmpint (run_cli (srv->db_path, &out, &err, "import", "dossier-records", good, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "read 2, imported 2, unchanged 0, rejected 0"));
  g_clear_pointer (&out, g_free); g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (srv->db_path, &out, &err, "import", "dossier-records", good, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "read 2, imported 0, unchanged 2, rejected 0"));
  g_clear_pointer (&out, g_free); g_clear_pointer (&err, g_free);

  before = ioc_test_db_data_digest (srv);
  g_assert_cmpint (run_cli (srv->db_path, &out, &err, "import", "dossier-records", bad, NULL), ==, 1);
  g_assert_nonnull (strstr (out, "read 2, imported 0, unchanged 0, rejected 1"));
  g_assert_nonnull (strstr (err, "line 3: unknown unit “Sở Du lịch”"));
  after = ioc_test_db_data_digest (srv);
  g_assert_cmpstr (before, ==, after);
  g_clear_pointer (&out, g_free); g_clear_pointer (&err, g_free);

  /* The period from --period or the name. */
  g_assert_cmpint (run_cli (srv->db_path, &out, &err, "import", "dossier-summary", summary, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "read 31"));
  g_clear_pointer (&out, g_free); g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (srv->db_path, &out, &err, "import", "dossier-summary", good, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--period"));
  g_clear_pointer (&out, g_free); g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (srv->db_path, &out, &err, "import", "dossier-summary", good, "--period", "2018-02-30..2018-03-31", NULL), ==, 2);
  g_clear_pointer (&out, g_free); g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (srv->db_path, &out, &err, "import", "spreadsheet", good, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "dossier-records"));
  g_clear_pointer (&out, g_free); g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (srv->db_path, &out, &err, "import", NULL), ==, 2);
  g_clear_pointer (&out, g_free); g_clear_pointer (&err, g_free);

  /* Jobs and audit say it was the command line. */
  g_assert_cmpint (sql_int (srv, "SELECT COUNT(*) FROM import_jobs WHERE origin = 'cli'"), ==, 4);
  g_assert_cmpint (sql_int (srv, "SELECT COUNT(*) FROM audit_log WHERE action = 'import.create' AND role = 'cli'"), ==, 4);

  g_assert_cmpint (run_cli (srv->db_path, &out, &err, "--help", NULL), ==, 0);
  for (const char *const *w = (const char *const[]) { "import KIND FILE", "--period", "dossier-records", "dossier-summary",
                                                      "dossier-daily", "reception-channels", "field-report-summary",
                                                      "cameras", "indicators", NULL }; *w; w++)
    g_assert_nonnull (strstr (out, *w));
  g_clear_pointer (&out, g_free); g_clear_pointer (&err, g_free);
  g_unlink (good); g_unlink (bad); g_unlink (summary); g_rmdir (dir);
}

/* ---- warning tickets -------------------------------------------------- */

static char *
recent (int days_ago,
        const char *clock)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (7 * 3600);
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autoptr(GDateTime) then = g_date_time_add_days (now, -days_ago);
  g_autofree char *date = g_date_time_format (then, "%Y-%m-%d");
  return g_strdup_printf ("%s %s", date, clock);
}

static void
test_tickets (void)
{
  g_autofree char *r1 = recent (10, "09:00");
  g_autofree char *d1 = recent (5, "17:00");
  g_autofree char *r2 = recent (9, "09:00");
  g_autofree char *d2 = recent (4, "17:00");
  g_autofree char *csv = g_strdup_printf ("id,agency,received_at,due_at\nT1,so_xay_dung,%s,%s\nT2,so_xay_dung,%s,%s\n"
                                          "T3,so_gtvt,%s,\n", r1, d1, r2, d2, r1);
  gint64 seq = sql_int (srv, "SELECT MAX(seq) FROM events");
  g_autoptr(JsonObject) job = import_file (srv, "kind=dossier-records", "text/csv", csv, "completed");
  g_autofree char *id = sql_one (srv, "SELECT id FROM warning_tickets WHERE unit_id = 'so_xay_dung' AND origin = 'rule'");
  g_autofree char *path = NULL;
  guint status = 0;

  /* Two dossiers of Sở Xây dựng are overdue now: one ticket, from the rule. */
  g_assert_nonnull (id);
  g_assert_cmpint (sql_int (srv, "SELECT overdue_count FROM warning_tickets WHERE unit_id = 'so_xay_dung'"), ==, 2);
  g_assert_cmpint (sql_int (srv, "SELECT COUNT(*) FROM warning_tickets WHERE unit_id = 'so_gtvt'"), ==, 0);
  g_assert_cmpint (events_of ("warning-ticket.created", seq), ==, 1);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM audit_log WHERE action = 'warning-ticket.issue'"
                                            " AND role = 'system' AND entity_id = '%s'", id);
    g_assert_cmpint (sql_int (srv, sql), ==, 1);
  }
  {
    g_autofree char *reason = sql_one (srv, "SELECT reason FROM warning_tickets WHERE unit_id = 'so_xay_dung'");
    g_assert_nonnull (strstr (reason, "2 hồ sơ quá hạn"));
  }

  /* Another import: the open ticket is not issued twice. */
  g_clear_pointer (&job, json_object_unref);
  job = import_file (srv, "kind=dossier-records", "text/csv", csv, "completed");
  g_assert_cmpint (sql_int (srv, "SELECT COUNT(*) FROM warning_tickets WHERE unit_id = 'so_xay_dung'"), ==, 1);

  /* issued → checked → resolved, by a supervisor; within the cool-down no new one. */
  {
    g_autofree char *sup = ioc_test_login (srv, "supervisor", "supervisor-demo-1022");
    g_autoptr(JsonNode) a = NULL;
    g_autoptr(JsonNode) b = NULL;
    path = g_strdup_printf ("/api/v1/warning-tickets/%s/check", id);
    a = ioc_test_request (srv, "POST", path, sup, "{}", &status);
    g_assert_cmpuint (status, ==, 200);
    g_free (path);
    path = g_strdup_printf ("/api/v1/warning-tickets/%s/resolve", id);
    b = ioc_test_request (srv, "POST", path, sup, "{\"note\":\"Đã giải quyết\"}", &status);
    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (b), "status"), ==, "resolved");
  }
  g_clear_pointer (&job, json_object_unref);
  job = import_file (srv, "kind=dossier-records", "text/csv",
                     "id,agency,received_at\nT4,so_xay_dung,2024-01-02 09:00\n", "completed");
  g_assert_cmpint (sql_int (srv, "SELECT COUNT(*) FROM warning_tickets WHERE unit_id = 'so_xay_dung'"), ==, 1);
}

static void
test_ticket_rule_config (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ioc-ticket-conf-XXXXXX", NULL);
  g_autofree char *conf = g_build_filename (dir, "iocd.conf", NULL);
  const char *args[] = { "--config", conf, NULL };
  g_autofree char *r1 = recent (10, "09:00");
  g_autofree char *d1 = recent (5, "17:00");
  g_autofree char *csv = NULL;
  IocTestServer *s;
  g_autofree char *token = NULL;
  g_autofree char *sup = NULL;
  guint status = 0;

  /* Two overdue dossiers are needed, and a resolved ticket blocks nothing. */
  g_assert_true (g_file_set_contents (conf, "[dossiers]\nticket-threshold=2\nticket-cooldown-days=0\n", -1, NULL));
  s = ioc_test_server_start (TRUE, args);
  token = ioc_test_login (s, "admin", "admin-demo-1022");
  sup = ioc_test_login (s, "supervisor", "supervisor-demo-1022");
  csv = g_strdup_printf ("id,agency,received_at,due_at\nK1,so_tnmt,%s,%s\n", r1, d1);
  {
    g_autoptr(JsonObject) j = post_import (s, token, "kind=dossier-records", "text/csv", csv, -1, &status);
    json_object_unref (wait_job_as (s, token, json_object_get_int_member (j, "id")));
    g_assert_cmpint (sql_int (s, "SELECT COUNT(*) FROM warning_tickets"), ==, 0);
  }
  g_free (csv);
  csv = g_strdup_printf ("id,agency,received_at,due_at\nK2,so_tnmt,%s,%s\n", r1, d1);
  {
    g_autoptr(JsonObject) j = post_import (s, token, "kind=dossier-records", "text/csv", csv, -1, &status);
    json_object_unref (wait_job_as (s, token, json_object_get_int_member (j, "id")));
    g_assert_cmpint (sql_int (s, "SELECT COUNT(*) FROM warning_tickets WHERE origin = 'rule' AND status = 'issued'"), ==, 1);
  }
  {
    g_autofree char *id = sql_one (s, "SELECT id FROM warning_tickets");
    g_autofree char *path = g_strdup_printf ("/api/v1/warning-tickets/%s/resolve", id);
    json_node_unref (ioc_test_request (s, "POST", path, sup, "{}", &status));
    g_assert_cmpuint (status, ==, 200);
  }
  {
    g_autoptr(JsonObject) j = post_import (s, token, "kind=dossier-records", "text/csv",
                                           "id,agency,received_at\nK9,so_gtvt,2024-01-02 09:00\n", -1, &status);
    json_object_unref (wait_job_as (s, token, json_object_get_int_member (j, "id")));
    /* Still two overdue, the last ticket resolved, no cool-down: a new one. */
    g_assert_cmpint (sql_int (s, "SELECT COUNT(*) FROM warning_tickets WHERE status = 'issued'"), ==, 1);
    g_assert_cmpint (sql_int (s, "SELECT COUNT(*) FROM warning_tickets"), ==, 2);
  }
  ioc_test_server_free (s);
  g_unlink (conf);
  g_rmdir (dir);

  /* A bad rule stops iocd with the key named. */
  {
    g_autofree char *dir2 = g_dir_make_tmp ("ioc-ticket-bad-XXXXXX", NULL);
    g_autofree char *conf2 = g_build_filename (dir2, "iocd.conf", NULL);
    g_autofree char *db = g_build_filename (dir2, "x.db", NULL);
    char *out = NULL, *err = NULL;
    g_assert_true (g_file_set_contents (conf2, "[dossiers]\nworking-hours=17:00-07:30\n", -1, NULL));
    g_assert_cmpint (run_cli (db, &out, &err, "--config", conf2, "--listen", "127.0.0.1:0", NULL), !=, 0);
    g_assert_nonnull (strstr (err, "working-hours"));
    g_free (out); g_free (err);
    {
      g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir2);
      g_assert_cmpint (system (cmd), ==, 0);
    }
  }
}

/* ---- units: old and new ----------------------------------------------- */

static void
test_units_over_time (void)
{
  g_autoptr(JsonObject) job = import_file (srv, "kind=dossier-daily", "text/csv",
                                           "unit_name,date,overdue_count\n"
                                           "UBND phường Tân Lập,2023-06-01,4\n"     /* the ward of Buôn Ma Thuột */
                                           "UBND Phường Tân Lập,2025-09-01,6\n"     /* the ward of 2025 */
                                           "UBND phường Tân Hoà,2023-06-01,2\n"     /* “Hoà”, printed “Hòa” */
                                           "Ủy ban nhân dân huyện Krông Pắc,2023-06-01,1\n"
                                           "UBND huyện Cư M’gar,2023-06-01,3\n", "completed");

  g_assert_cmpint (json_object_get_int_member (job, "rows_imported"), ==, 5);
  g_assert_cmpint (sql_int (srv, "SELECT value FROM dossier_stats WHERE unit_id = 'bmt_phuong_tan_lap' AND date = '2023-06-01'"), ==, 4);
  g_assert_cmpint (sql_int (srv, "SELECT value FROM dossier_stats WHERE unit_id = 'u2025_24121' AND date = '2025-09-01'"), ==, 6);
  g_assert_cmpint (sql_int (srv, "SELECT value FROM dossier_stats WHERE unit_id = 'bmt_phuong_tan_hoa' AND date = '2023-06-01'"), ==, 2);
  g_assert_cmpint (sql_int (srv, "SELECT value FROM dossier_stats WHERE unit_id = 'huyen_krong_pac' AND date = '2023-06-01'"), ==, 1);
  g_assert_cmpint (sql_int (srv, "SELECT value FROM dossier_stats WHERE unit_id = 'huyen_cu_mgar' AND date = '2023-06-01'"), ==, 3);
}

int
main (int    argc,
      char **argv)
{
  int rc;

  g_test_init (&argc, &argv, NULL);
  srv = ioc_test_server_start (TRUE, NULL);
  admin = ioc_test_login (srv, "admin", "admin-demo-1022");
  duty = ioc_test_login (srv, "duty", "duty-demo-1022");
  /* In this order: the records test adds counts to every day since 2023-02. */
  g_test_add_func ("/import/summary-totals", test_summary_totals);
  g_test_add_func ("/import/heatmap-contract", test_heatmap_contract);
  g_test_add_func ("/import/records-heatmap", test_records_heatmap);
  g_test_add_func ("/import/repeated-id", test_repeated_id);
  g_test_add_func ("/import/rejected-files", test_rejected_files);
  g_test_add_func ("/import/api-errors", test_api_errors);
  g_test_add_func ("/import/cameras", test_cameras);
  g_test_add_func ("/import/indicators", test_indicators);
  g_test_add_func ("/import/units-over-time", test_units_over_time);
  g_test_add_func ("/import/cli", test_cli);
  g_test_add_func ("/import/tickets", test_tickets);
  g_test_add_func ("/import/ticket-rule-config", test_ticket_rule_config);
  g_test_add_func ("/import/job-progress", test_job_progress);
  g_test_add_func ("/import/interrupted", test_interrupted);
  g_test_add_func ("/import/drop-folder", test_drop_folder);
  rc = g_test_run ();
  g_free (admin);
  g_free (duty);
  ioc_test_server_free (srv);
  return rc;
}
