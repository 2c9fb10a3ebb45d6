/* test-briefing.c — the briefing figures and the weekly report, end to end
 *
 * The real iocd with the demo data. The week of 27/11/2023 holds the last
 * date of the province's 2023 overdue table (30/11) and, as the previous
 * week's reference, 10/11; known field reports and SOC alerts are added
 * in that week first. The expected dossier numbers are read from
 * data/demo/igate_2023_overdue_heatmap.csv, the field-report numbers from
 * the reports API, and the PDF's text (pdftotext -layout) must show the
 * same numbers as GET /api/v1/briefing.
 */
#include "ioc-test-server.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#define WEEK "2023-11-27"

static IocTestServer *srv;
static char *sup, *lead, *duty;

static JsonObject *
request_ok (const char *method,
            const char *path,
            const char *token,
            const char *body,
            guint       expected)
{
  guint status = 0;
  g_autoptr(JsonNode) node = ioc_test_request (srv, method, path, token, body, &status);

  if (status != expected)
    {
      g_autofree char *text = node != NULL ? json_to_string (node, FALSE) : g_strdup ("(no body)");
      g_error ("%s %s: expected %u, got %u: %s", method, path, expected, status, text);
    }
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_object_ref (json_node_get_object (node)) : NULL;
}

static void
assert_status (const char *method,
               const char *path,
               const char *token,
               const char *body,
               guint       expected)
{
  guint status = 0;
  g_autoptr(JsonNode) node = ioc_test_request (srv, method, path, token, body, &status);

  if (status != expected)
    g_error ("%s %s: expected %u, got %u", method, path, expected, status);
  /* Errors are JSON {"error", "detail"} too. */
  g_assert_true (node != NULL || status == 200);
}

static GBytes *
get_bytes (const char *path,
           const char *token,
           guint       expected,
           char      **content_type)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strconcat (srv->base_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autofree char *auth = g_strdup_printf ("Bearer %s", token);
  GBytes *body;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  body = soup_session_send_and_read (srv->session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, expected);
  if (content_type != NULL)
    *content_type = g_strdup (soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL));
  return body;
}

static void
sql_exec (const char *sql)
{
  sqlite3 *db = NULL;
  char *msg = NULL;

  g_assert_cmpint (sqlite3_open (srv->db_path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_exec (db, sql, NULL, NULL, &msg) != SQLITE_OK)
    g_error ("%s: %s", sql, msg);
  sqlite3_close (db);
}

/* unit id → overdue count on @date, from the province's table */
static GHashTable *
overdue_on (const char *date,
            gint64     *total)
{
  g_autofree char *path = g_build_filename (g_getenv ("IOCD_DATA_DIR"), "demo", "igate_2023_overdue_heatmap.csv", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  GHashTable *t = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  *total = 0;
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = g_strsplit (g_strchomp (lines[i]), ",", -1);
      guint n = g_strv_length (f);
      gint64 v;

      if (n < 5 || !g_str_equal (f[n - 2], date))
        continue;
      v = g_ascii_strtoll (f[n - 1], NULL, 10);
      g_hash_table_insert (t, g_strdup (f[n - 3]), GINT_TO_POINTER ((int) v));
      *total += v;
    }
  return t;
}

static gint64
member_value (JsonObject *o,
              const char *path)   /* "field_reports.received.value" */
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonObject *cur = o;

  for (guint i = 0; parts[i + 1] != NULL; i++)
    {
      g_assert_true (json_object_has_member (cur, parts[i]));
      cur = json_object_get_object_member (cur, parts[i]);
    }
  return json_object_get_int_member (cur, parts[g_strv_length (parts) - 1]);
}

/* The line of @text that contains @needle (asserts there is one). */
static char *
line_with (const char *text,
           const char *needle)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], needle) != NULL)
      return g_strdup (lines[i]);
  g_error ("no line with “%s” in the PDF's text:\n%s", needle, text);
  return NULL;
}

/* The last @n whitespace-separated words of @line. */
static char **
last_words (const char *line,
            guint       n)
{
  g_auto(GStrv) all = g_regex_split_simple ("\\s+", line, 0, 0);
  g_autoptr(GPtrArray) words = g_ptr_array_new ();
  char **out = g_new0 (char *, n + 1);

  for (guint i = 0; all[i] != NULL; i++)
    if (*all[i] != '\0')
      g_ptr_array_add (words, all[i]);
  g_assert_cmpuint (words->len, >=, n);
  for (guint i = 0; i < n; i++)
    out[i] = g_strdup (g_ptr_array_index (words, words->len - n + i));
  return out;
}

/* 1234 → "1.234", as the report prints numbers */
static char *
vn (gint64 v)
{
  g_autofree char *d = g_strdup_printf ("%" G_GINT64_FORMAT, v < 0 ? -v : v);
  GString *s = g_string_new (v < 0 ? "−" : "");
  gsize n = strlen (d);

  for (gsize i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append_c (s, '.');
      g_string_append_c (s, d[i]);
    }
  return g_string_free (s, FALSE);
}

static JsonObject *
wait_ready (gint64 id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/weekly-reports/%" G_GINT64_FORMAT, id);

  for (guint i = 0; i < 600; i++)
    {
      JsonObject *r = request_ok ("GET", path, lead, NULL, 200);
      const char *status = json_object_get_string_member (r, "status");

      if (g_str_equal (status, "ready"))
        return r;
      g_assert_cmpstr (status, ==, "generating");
      json_object_unref (r);
      g_usleep (50 * 1000);
    }
  g_error ("weekly report %" G_GINT64_FORMAT " not ready after 30 s", id);
  return NULL;
}

static char *
pdf_text (const char *pdf_path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int status = 0;
  const char *argv[] = { "pdftotext", "-layout", "-enc", "UTF-8", pdf_path, "-", NULL };

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

static char *
fetch_pdf (gint64      id,
           const char *token,
           const char *dir,
           const char *name)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/weekly-reports/%" G_GINT64_FORMAT "/pdf", id);
  g_autofree char *type = NULL;
  g_autoptr(GBytes) pdf = get_bytes (path, token, 200, &type);
  char *file = g_build_filename (dir, name, NULL);
  gsize len;
  const char *data = g_bytes_get_data (pdf, &len);

  g_assert_cmpstr (type, ==, "application/pdf");
  g_assert_cmpuint (len, >, 1000);
  g_assert_true (memcmp (data, "%PDF-", 5) == 0);
  g_assert_true (g_file_set_contents (file, data, len, NULL));
  return file;
}

static void
add_known_rows (void)
{
  /* Three field reports received in the week, two assigned to a ward. */
  static const char *const received[] = {
    "2023-11-27T08:15:00+07:00", "2023-11-29T14:00:00+07:00", "2023-12-03T22:30:00+07:00",
  };
  for (guint i = 0; i < G_N_ELEMENTS (received); i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"category\":\"littering\",\"description\":\"Rác thải %u\",\"address\":\"12 Lê Duẩn\","
                                               "\"source\":\"hotline\",\"received_at\":\"%s\"}", i, received[i]);
      g_autoptr(JsonObject) r = request_ok ("POST", "/api/v1/reports", sup, body, 201);

      if (i < 2)
        {
          g_autofree char *path = g_strdup_printf ("/api/v1/reports/%" G_GINT64_FORMAT "/assign",
                                                   json_object_get_int_member (r, "id"));
          g_autoptr(JsonObject) a = request_ok ("POST", path, sup, "{\"unit_id\":\"u2025_24133\"}", 200);
          g_assert_cmpstr (json_object_get_string_member (a, "status"), ==, "assigned");
        }
    }
  /* Outside the week (a second before and at its end): not counted. */
  {
    g_autoptr(JsonObject) r1 = request_ok ("POST", "/api/v1/reports", sup,
                                           "{\"category\":\"littering\",\"description\":\"Trước\",\"address\":\"1 Phan Bội Châu\",\"received_at\":\"2023-11-26T23:59:59+07:00\"}", 201);
    g_autoptr(JsonObject) r2 = request_ok ("POST", "/api/v1/reports", sup,
                                           "{\"category\":\"littering\",\"description\":\"Sau\",\"address\":\"1 Phan Bội Châu\",\"received_at\":\"2023-12-04T00:00:00+07:00\"}", 201);
    g_assert_nonnull (r1);
    g_assert_nonnull (r2);
  }
  /* Four SOC alerts in the week (2023-11-28 10:00 +07 = 1701140400), one
   * the week before. */
  sql_exec ("INSERT INTO alerts (time,last_seen,source,severity,severity_rank,category,site,signature,count,status) VALUES"
            " (1701140400,1701140400,'suricata','high',4,'web_attack','dichvucong.daklak.gov.vn','ET WEB SQLi',1,'new'),"
            " (1701144000,1701144000,'suricata','high',4,'web_attack','dichvucong.daklak.gov.vn','ET WEB XSS',1,'new'),"
            " (1701230400,1701230400,'wazuh','critical',5,'malware','daklak.gov.vn','Trojan',1,'new'),"
            " (1701316800,1701316800,'suricata','low',2,'scan','daklak.gov.vn','ET SCAN',1,'new'),"
            " (1700600000,1700600000,'suricata','medium',3,'scan','daklak.gov.vn','ET SCAN',1,'new')");
  /* Budget revenue with an anomaly warning in 10/2023, and tourism — in
   * place of the demo's synthetic series, so the figures are known. */
  sql_exec ("DELETE FROM indicators");
  sql_exec ("INSERT INTO indicators (group_code,indicator,month,value,target,unit,anomaly,anomaly_detail) VALUES"
            " ('budget','Thu ngân sách','2023-09',812.5,800,'tỷ đồng',NULL,NULL),"
            " ('budget','Thu ngân sách','2023-10',501.0,820,'tỷ đồng','mom_change','-38.3 % against 2023-09 (threshold 20 %)'),"
            " ('budget','Thu ngân sách','2023-11',845.0,840,'tỷ đồng',NULL,NULL),"
            " ('tourism','Lượt khách','2023-10',120000,110000,'lượt',NULL,NULL),"
            " ('tourism','Lượt khách','2023-11',131500,115000,'lượt',NULL,NULL)");
}

/* The number of the first page whose text has @needle (1-based), or 0. */
static guint
page_with (const char *pdf,
           const char *needle)
{
  for (guint p = 1; p < 40; p++)
    {
      g_autofree char *first = g_strdup_printf ("%u", p);
      g_autofree char *out = NULL;
      int status = 0;
      const char *argv[] = { "pdftotext", "-f", first, "-l", first, "-enc", "UTF-8", pdf, "-", NULL };

      if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                         &out, NULL, &status, NULL) || !g_spawn_check_wait_status (status, NULL))
        return 0;
      if (out == NULL || *out == '\0' || strchr (out, '\f') == out)
        return 0;
      if (strstr (out, needle) != NULL)
        return p;
    }
  return 0;
}

/* Page @page of @pdf as a PNG at @dpi; returns its path (in @dir). */
static char *
render_page (const char *pdf,
             guint       page,
             const char *dir,
             int         dpi)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base = g_strdup_printf ("page-%u", page);
  g_autofree char *prefix = g_build_filename (dir, base, NULL);
  g_autofree char *p = g_strdup_printf ("%u", page);
  g_autofree char *r = g_strdup_printf ("%d", dpi);
  const char *argv[] = { "pdftoppm", "-png", "-singlefile", "-r", r, "-f", p, "-l", p, pdf, prefix, NULL };
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_strdup_printf ("%s.png", prefix);
}

static void
keep_png (const char *png,
          const char *name)
{
  const char *dir = g_getenv ("IOC_SCREENSHOT_DIR");
  g_autofree char *data = NULL, *dest = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (png, &data, &len, NULL));
  g_assert_cmpuint (len, >, 10000);   /* a page with text, not a blank one */
  if (dir == NULL)
    return;
  g_mkdir_with_parents (dir, 0755);
  dest = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_set_contents (dest, data, len, NULL));
}

static void
on_parallel (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_autoptr(JsonParser) p = json_parser_new ();

  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (p, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL));
  g_assert_true (json_object_has_member (json_node_get_object (json_parser_get_root (p)), "field_reports"));
  (*(guint *) user_data)++;
}

static void
test_briefing_and_report (void)
{
  g_autoptr(JsonObject) fig = NULL;
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(JsonObject) ready = NULL;
  g_autoptr(GHashTable) now = NULL, before = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ioc-briefing-XXXXXX", &error);
  g_autofree char *pdf = NULL, *text = NULL, *line = NULL;
  gint64 total_now, total_before, id, received_api;
  JsonObject *ds;

  g_assert_no_error (error);
  add_known_rows ();
  now = overdue_on ("2023-11-30", &total_now);
  before = overdue_on ("2023-11-10", &total_before);

  /* ---- the figures ---- */
  fig = request_ok ("GET", "/api/v1/briefing?week=2023-11-29", lead, NULL, 200);   /* any day names its week */
  g_assert_cmpstr (json_object_get_string_member (fig, "week_start"), ==, WEEK);
  g_assert_cmpstr (json_object_get_string_member (fig, "week_end"), ==, "2023-12-03");
  ds = json_object_get_object_member (fig, "dossiers");
  g_assert_cmpstr (json_object_get_string_member (ds, "date"), ==, "2023-11-30");
  g_assert_cmpstr (json_object_get_string_member (ds, "previous_date"), ==, "2023-11-10");
  g_assert_cmpint (member_value (fig, "dossiers.overdue.value"), ==, total_now);
  g_assert_cmpint (member_value (fig, "dossiers.overdue.previous"), ==, total_before);
  g_assert_cmpint (member_value (fig, "dossiers.overdue.change"), ==, total_now - total_before);
  g_assert_cmpint (total_now, ==, 196);   /* the province's table, summed by hand */
  {
    JsonArray *agencies = json_object_get_array_member (ds, "by_agency");
    g_assert_cmpuint (json_array_get_length (agencies), ==, 30);
    for (guint i = 0; i < json_array_get_length (agencies); i++)
      {
        JsonObject *a = json_array_get_object_element (agencies, i);
        const char *u = json_object_get_string_member (a, "unit_id");
        g_assert_cmpint (json_object_get_int_member (a, "overdue"), ==, GPOINTER_TO_INT (g_hash_table_lookup (now, u)));
        g_assert_cmpint (json_object_get_int_member (a, "previous"), ==, GPOINTER_TO_INT (g_hash_table_lookup (before, u)));
      }
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (agencies, 0), "name"), ==,
                     "Sở Tài nguyên và Môi trường");
  }
  {
    JsonObject *rank = json_object_get_object_member (ds, "ranking");
    g_assert_cmpstr (json_object_get_string_member (rank, "period_from"), ==, "2023-03-02");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rank, "praise_zero")), ==, 14);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rank, "praise_improved")), ==, 8);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rank, "criticise")), ==, 5);
  }
  /* Field reports: as many as the reports API lists for the week. */
  {
    g_autoptr(JsonObject) list = request_ok ("GET", "/api/v1/reports?from=2023-11-27T00:00:00%2B07:00"
                                             "&to=2023-12-03T23:59:59%2B07:00&limit=1", lead, NULL, 200);
    received_api = json_object_get_int_member (list, "total");
  }
  g_assert_cmpint (received_api, ==, 3);
  g_assert_cmpint (member_value (fig, "field_reports.received.value"), ==, received_api);
  g_assert_cmpint (member_value (fig, "field_reports.received.previous"), ==, 1);
  {
    JsonArray *units = json_object_get_array_member (json_object_get_object_member (fig, "field_reports"), "by_unit");
    JsonObject *first = json_array_get_object_element (units, 0);
    g_assert_cmpuint (json_array_get_length (units), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (first, "unit_id"), ==, "u2025_24133");
    g_assert_cmpint (json_object_get_int_member (first, "received"), ==, 2);
  }
  g_assert_cmpint (member_value (fig, "soc.alerts.value"), ==, 4);
  g_assert_cmpint (member_value (fig, "soc.alerts.previous"), ==, 1);
  g_assert_cmpint (member_value (fig, "soc.severe.value"), ==, 3);
  g_assert_cmpint (member_value (fig, "cameras.total"), ==, 132);
  assert_status ("GET", "/api/v1/briefing?week=30-11-2023", lead, NULL, 422);
  assert_status ("GET", "/api/v1/briefing?week=2023-11-27&x=1", lead, NULL, 422);

  /* Computed once per state of the store: asked again with nothing
   * changed, the same figures (the same computed_at); after a change, new
   * ones; consoles asking at the same time all get an answer. */
  {
    g_autoptr(JsonObject) again = request_ok ("GET", "/api/v1/briefing?week=" WEEK, duty, NULL, 200);
    g_autoptr(JsonObject) r = NULL;
    g_autoptr(JsonObject) after = NULL;
    g_autofree char *url = g_strconcat (srv->base_url, "/api/v1/briefing?week=" WEEK, NULL);
    g_autofree char *auth = g_strdup_printf ("Bearer %s", lead);
    g_autoptr(GPtrArray) msgs = g_ptr_array_new_with_free_func (g_object_unref);
    guint answered = 0;

    g_assert_cmpstr (json_object_get_string_member (again, "computed_at"), ==, json_object_get_string_member (fig, "computed_at"));
    r = request_ok ("POST", "/api/v1/reports", sup,
                    "{\"category\":\"wastewater\",\"description\":\"Nước thải\",\"address\":\"5 Y Jút\","
                    "\"received_at\":\"2023-11-30T10:00:00+07:00\"}", 201);
    after = request_ok ("GET", "/api/v1/briefing?week=" WEEK, lead, NULL, 200);
    g_assert_cmpint (member_value (after, "field_reports.received.value"), ==, member_value (fig, "field_reports.received.value") + 1);
    /* Put the figures back as they were for what follows. */
    {
      g_autofree char *del = g_strdup_printf ("DELETE FROM reports WHERE id = %" G_GINT64_FORMAT, json_object_get_int_member (r, "id"));
      sql_exec (del);
    }
    {
      /* (a change outside the week, so that the figures are computed again) */
      g_autoptr(JsonObject) outside = request_ok ("POST", "/api/v1/reports", sup,
                                                  "{\"category\":\"wastewater\",\"description\":\"Ngoài tuần\",\"address\":\"5 Y Jút\","
                                                  "\"received_at\":\"2022-01-05T10:00:00+07:00\"}", 201);
      g_assert_nonnull (outside);
    }
    for (guint i = 0; i < 6; i++)
      {
        SoupMessage *m = soup_message_new ("GET", url);
        soup_message_headers_replace (soup_message_get_request_headers (m), "Authorization", auth);
        g_ptr_array_add (msgs, m);
        soup_session_send_and_read_async (srv->session, m, G_PRIORITY_DEFAULT, NULL, on_parallel, &answered);
      }
    {
      gint64 until = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
      while (answered < msgs->len && g_get_monotonic_time () < until)
        g_main_context_iteration (NULL, TRUE);
    }
    g_assert_cmpuint (answered, ==, msgs->len);
    for (guint i = 0; i < msgs->len; i++)
      g_assert_cmpuint (soup_message_get_status (msgs->pdata[i]), ==, 200);
  }

  /* ---- who may generate ---- */
  assert_status ("POST", "/api/v1/weekly-reports", lead, "{\"week_start\":\"" WEEK "\"}", 403);
  assert_status ("POST", "/api/v1/weekly-reports", duty, "{\"week_start\":\"" WEEK "\"}", 403);
  assert_status ("POST", "/api/v1/weekly-reports", sup, "{\"week_start\":\"2023-11-29\"}", 422);   /* not a Monday */
  assert_status ("POST", "/api/v1/weekly-reports", sup, "{\"week_start\":\"" WEEK "\",\"x\":1}", 422);

  report = request_ok ("POST", "/api/v1/weekly-reports", sup,
                       "{\"week_start\":\"" WEEK "\","
                       "\"difficulties\":\"Đường truyền tới huyện M'Đrắk chưa ổn định.\","
                       "\"proposals\":\"Đề nghị Sở Tài chính bố trí kinh phí nâng cấp đường truyền.\"}", 202);
  id = json_object_get_int_member (report, "id");
  g_assert_cmpstr (json_object_get_string_member (report, "generated_by"), ==, "supervisor");
  ready = wait_ready (id);
  g_assert_cmpstr (json_object_get_string_member (ready, "file_name"), ==, "bao-cao-tuan-" WEEK ".pdf");
  g_assert_false (json_object_get_null_member (ready, "generated_at"));
  {
    g_autofree char *p = g_strdup_printf ("/api/v1/weekly-reports/%" G_GINT64_FORMAT, id);
    assert_status ("PATCH", p, lead, "{\"proposals\":\"x\"}", 403);
    assert_status ("PATCH", p, duty, "{\"proposals\":\"x\"}", 403);
  }
  /* The list, for every role. */
  {
    g_autoptr(JsonObject) list = request_ok ("GET", "/api/v1/weekly-reports", duty, NULL, 200);
    g_assert_cmpint (json_object_get_int_member (list, "total"), ==, 1);
  }
  /* The event the consoles show. */
  {
    g_autoptr(JsonObject) ev = request_ok ("GET", "/api/v1/events?since=0&limit=5000", sup, NULL, 200);
    JsonArray *items = json_object_get_array_member (ev, "items");
    gboolean seen = FALSE;
    for (guint i = 0; i < json_array_get_length (items); i++)
      {
        JsonObject *e = json_array_get_object_element (items, i);
        if (g_str_equal (json_object_get_string_member (e, "type"), "weekly-report.ready"))
          {
            JsonObject *d = json_object_get_object_member (e, "data");
            g_assert_cmpint (json_object_get_int_member (d, "id"), ==, id);
            g_assert_cmpstr (json_object_get_string_member (d, "week_start"), ==, WEEK);
            seen = TRUE;
          }
      }
    g_assert_true (seen);
  }

  /* ---- the PDF, read back as text (the leader may download it) ---- */
  pdf = fetch_pdf (id, lead, dir, "report.pdf");
  text = pdf_text (pdf);
  for (const char *const *s = (const char *const[]) {
         "Báo cáo tuần 48 năm 2023", "(Từ ngày 27/11/2023 đến ngày 03/12/2023)",
         "I. TỔNG QUAN", "II. TÌNH HÌNH CÁC DỊCH VỤ GIÁM SÁT, ĐIỀU HÀNH",
         "1. Dịch vụ giám sát, điều hành lĩnh vực Dịch vụ công", "2. Dịch vụ Phản ánh hiện trường",
         "3. Dịch vụ Giám sát an toàn thông tin mạng (SOC)", "Hoàn thiện tính năng:", "Cập nhật dữ liệu:", "Hiệu quả:",
         "III. KHÓ KHĂN, VƯỚNG MẮC", "IV. ĐỀ XUẤT, KIẾN NGHỊ",
         "PHỤ LỤC 01. THỐNG KÊ SỐ HỒ SƠ TRỄ HẠN CÁC ĐƠN VỊ", "PHỤ LỤC 02.",
         "Biểu đồ 1.", "Biểu đồ 2.", "Sở Tài nguyên và Môi trường", "UBND huyện M'Đrắk",
         "Đường truyền tới huyện M'Đrắk chưa ổn định.",
         "Đề nghị Sở Tài chính bố trí kinh phí nâng cấp đường truyền.",
         "Trung tâm Giám sát, điều hành đô thị thông minh tỉnh Đắk Lắk", "Trang 1/", NULL };
       *s != NULL; s++)
    if (strstr (text, *s) == NULL)
      g_error ("“%s” is not in the PDF's text:\n%s", *s, text);

  /* The overview's numbers are the API's. */
  {
    g_auto(GStrv) w = NULL;
    g_autofree char *v = vn (member_value (fig, "dossiers.overdue.value"));
    g_autofree char *p = vn (member_value (fig, "dossiers.overdue.previous"));
    g_autofree char *c = vn (member_value (fig, "dossiers.overdue.change"));

    line = line_with (text, "Hồ sơ TTHC trễ hạn (số liệu ngày");
    w = last_words (line, 3);
    g_assert_cmpstr (w[0], ==, v);
    g_assert_cmpstr (w[1], ==, p);
    g_assert_cmpstr (w[2], ==, c);
    g_clear_pointer (&line, g_free);
  }
  {
    g_auto(GStrv) w = NULL;
    g_autofree char *v = vn (member_value (fig, "field_reports.received.value"));
    g_autofree char *p = vn (member_value (fig, "field_reports.received.previous"));
    line = line_with (text, "Phản ánh hiện trường tiếp nhận");
    w = last_words (line, 3);
    g_assert_cmpstr (w[0], ==, v);
    g_assert_cmpstr (w[1], ==, p);
    g_assert_cmpstr (w[2], ==, "+2");
    g_clear_pointer (&line, g_free);
  }
  {
    g_auto(GStrv) w = NULL;
    line = line_with (text, "Cảnh báo an toàn thông tin (SOC)");
    w = last_words (line, 3);
    g_assert_cmpstr (w[0], ==, "4");
    g_assert_cmpstr (w[1], ==, "1");
    g_assert_cmpstr (w[2], ==, "+3");
    g_clear_pointer (&line, g_free);
  }
  /* Phụ lục 01, first row: STT, name, 10/11, 30/11, online after 8 h, ranking. */
  {
    g_autofree char *p = vn (GPOINTER_TO_INT (g_hash_table_lookup (before, "so_tnmt")));
    g_autofree char *v = vn (GPOINTER_TO_INT (g_hash_table_lookup (now, "so_tnmt")));
    g_autofree char *expect = g_strdup_printf ("%s %s — Biểu dương", p, v);   /* no online-8h figure */
    g_autoptr(GRegex) spaces = g_regex_new ("\\s+", 0, 0, NULL);
    g_autofree char *flat = NULL;

    g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
    gboolean found = FALSE;

    for (guint i = 0; lines[i] != NULL; i++)
      if (strstr (lines[i], "Sở Tài nguyên và Môi trường") != NULL && strstr (lines[i], "Biểu dương") != NULL)
        {
          g_free (flat);
          flat = g_regex_replace_literal (spaces, lines[i], -1, 0, " ", 0, NULL);
          g_assert_true (g_str_has_prefix (g_strchug (flat), "1 Sở Tài nguyên và Môi trường"));
          g_assert_nonnull (strstr (flat, expect));
          found = TRUE;
        }
    g_assert_true (found);
  }

  /* Page 1 and the first appendix page render as images (kept in
   * IOC_SCREENSHOT_DIR, to look at the diacritics). */
  {
    guint appendix = page_with (pdf, "PHỤ LỤC 01");
    g_autofree char *p1 = render_page (pdf, 1, dir, 110);
    g_autofree char *pa = NULL;

    g_assert_cmpuint (appendix, >, 1);
    pa = render_page (pdf, appendix, dir, 110);
    keep_png (p1, "weekly-report-p1.png");
    g_unlink (p1);
    keep_png (pa, "weekly-report-appendix.png");
    g_unlink (pa);
  }
  {
    guint section = page_with (pdf, "5. Dịch vụ Giám sát, điều hành chỉ tiêu");
    guint chart = page_with (pdf, "Thu chi ngân sách — Thu ngân sách (tỷ đồng), 24 tháng");
    guint appendix = page_with (pdf, "PHỤ LỤC 03");
    g_autofree char *pc = NULL, *pi = NULL;

    g_assert_cmpuint (section, >, 1);
    g_assert_cmpuint (chart, >=, section);
    g_assert_cmpuint (appendix, >, chart);
    pc = render_page (pdf, chart, dir, 110);
    keep_png (pc, "weekly-report-indicators.png");
    g_unlink (pc);
    pi = render_page (pdf, appendix, dir, 110);
    keep_png (pi, "weekly-report-appendix-03.png");
    g_unlink (pi);
  }
  /* The indicators: the section and Phụ lục 03, in the province's words. */
  for (const char *const *s2 = (const char *const[]) {
         "5. Dịch vụ Giám sát, điều hành chỉ tiêu Kinh tế - xã hội", "PHỤ LỤC 03.", "Thu chi ngân sách",
         "Biến động bất thường so với", "thực hiện 501 tỷ đồng, kế hoạch 820 tỷ đồng", "Các chỉ tiêu du lịch", "Cách xếp loại:",
         "Tấn công web", NULL };
       *s2 != NULL; s2++)
    if (strstr (text, *s2) == NULL)
      g_error ("“%s” is not in the PDF's text:\n%s", *s2, text);

  /* ---- CSV tables ---- */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/weekly-reports/%" G_GINT64_FORMAT "/tables/dossiers-overdue.csv", id);
    g_autofree char *type = NULL;
    g_autoptr(GBytes) csv = get_bytes (path, duty, 200, &type);
    g_autofree char *csv_text = g_strndup (g_bytes_get_data (csv, NULL), g_bytes_get_size (csv));
    g_autofree char *row = g_strdup_printf ("so_tnmt,Sở Tài nguyên và Môi trường,2023-11-10,%d,2023-11-30,%d,\r\n",
                                            GPOINTER_TO_INT (g_hash_table_lookup (before, "so_tnmt")),
                                            GPOINTER_TO_INT (g_hash_table_lookup (now, "so_tnmt")));

    g_assert_true (g_str_has_prefix (type, "text/csv"));
    g_assert_true (g_str_has_prefix (csv_text, "unit_id,unit_name,previous_date,previous,date,overdue,online_8h\r\n"));
    g_assert_nonnull (strstr (csv_text, row));
  }
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/weekly-reports/%" G_GINT64_FORMAT "/tables/ranking.csv", id);
    g_autoptr(GBytes) csv = get_bytes (path, lead, 200, NULL);
    g_autofree char *csv_text = g_strndup (g_bytes_get_data (csv, NULL), g_bytes_get_size (csv));
    g_auto(GStrv) lines = g_strsplit (csv_text, "\r\n", -1);
    g_autoptr(GString) criticised = g_string_new (NULL);

    for (guint i = 0; lines[i] != NULL; i++)
      if (g_str_has_prefix (lines[i], "overdue,criticise,"))
        {
          g_auto(GStrv) f = g_strsplit (lines[i], ",", -1);
          g_string_append_printf (criticised, "%s ", f[2]);
        }
    g_assert_cmpstr (criticised->str, ==, "huyen_ea_hleo huyen_ea_kar huyen_lak huyen_mdrak tp_buon_ma_thuot ");
  }
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/weekly-reports/%" G_GINT64_FORMAT "/tables/indicators.csv", id);
    g_autoptr(GBytes) csv = get_bytes (path, lead, 200, NULL);
    g_autofree char *csv_text = g_strndup (g_bytes_get_data (csv, NULL), g_bytes_get_size (csv));

    g_assert_true (g_str_has_prefix (csv_text, "group_code,group_name,indicator,unit,month,value,target,anomalies_12_months\r\n"));
    g_assert_nonnull (strstr (csv_text, "budget,Thu chi ngân sách,Thu ngân sách,tỷ đồng,2023-11,845,840,1\r\n"));
    g_assert_nonnull (strstr (csv_text, "grdp,Tổng sản phẩm xã hội GRDP (giá so sánh 2010),,,,,,0\r\n"));
  }
  for (const char *const *n = (const char *const[]) { "overview", "field-reports", "soc-categories", "camera-events", NULL }; *n; n++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/weekly-reports/%" G_GINT64_FORMAT "/tables/%s.csv", id, *n);
      g_autoptr(GBytes) csv = get_bytes (path, lead, 200, NULL);
      g_assert_cmpuint (g_bytes_get_size (csv), >, 10);
    }
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/weekly-reports/%" G_GINT64_FORMAT "/tables/nothing.csv", id);
    assert_status ("GET", path, lead, NULL, 404);
    assert_status ("GET", "/api/v1/weekly-reports/999/pdf", lead, NULL, 404);
  }

  /* ---- edit and regenerate ---- */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/weekly-reports/%" G_GINT64_FORMAT, id);
    g_autoptr(JsonObject) patched = request_ok ("PATCH", path, sup,
                                                "{\"proposals\":\"Bổ sung 02 viên chức trực ca đêm.\"}", 202);
    g_autoptr(JsonObject) again = NULL;
    g_autofree char *pdf2 = NULL, *text2 = NULL;

    g_assert_cmpint (json_object_get_int_member (patched, "id"), ==, id);
    again = wait_ready (id);
    /* The difficulties stay as they were. */
    g_assert_cmpstr (json_object_get_string_member (again, "difficulties"), ==, "Đường truyền tới huyện M'Đrắk chưa ổn định.");
    pdf2 = fetch_pdf (id, duty, dir, "report2.pdf");
    text2 = pdf_text (pdf2);
    g_assert_nonnull (strstr (text2, "Bổ sung 02 viên chức trực ca đêm."));
    g_assert_null (strstr (text2, "Đề nghị Sở Tài chính bố trí kinh phí"));
    g_assert_nonnull (strstr (text2, "Đường truyền tới huyện M'Đrắk chưa ổn định."));
    g_unlink (pdf2);
  }
  /* The same week again is the same row. */
  {
    g_autoptr(JsonObject) r = request_ok ("POST", "/api/v1/weekly-reports", sup, "{\"week_start\":\"" WEEK "\"}", 202);
    g_autoptr(JsonObject) done = NULL;
    g_assert_cmpint (json_object_get_int_member (r, "id"), ==, id);
    done = wait_ready (id);
  }
  /* The file sits in <database dir>/reports. */
  {
    g_autofree char *db_dir = g_path_get_dirname (srv->db_path);
    g_autofree char *file = g_build_filename (db_dir, "reports", "bao-cao-tuan-" WEEK ".pdf", NULL);
    g_assert_true (g_file_test (file, G_FILE_TEST_IS_REGULAR));
  }
  g_unlink (pdf);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  int rc;
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");

  g_test_init (&argc, &argv, NULL);
  if (pdftotext == NULL)
    {
      g_test_skip ("pdftotext (poppler-utils) is not installed");
      return 0;
    }
  srv = ioc_test_server_start (TRUE, NULL);
  sup = ioc_test_login (srv, "supervisor", ioc_test_demo_password ("supervisor"));
  lead = ioc_test_login (srv, "leader", ioc_test_demo_password ("leader"));
  duty = ioc_test_login (srv, "duty", ioc_test_demo_password ("duty"));
  g_test_add_func ("/briefing/report", test_briefing_and_report);
  rc = g_test_run ();
  g_free (sup);
  g_free (lead);
  g_free (duty);
  ioc_test_server_free (srv);
  return rc;
}
