/* test-briefing-tick.c — the Friday report and superseded renderings,
 * in process (a server on a temporary database, no network)
 *
 * ioc_weekly_report_tick() is called with chosen times: nothing happens
 * before Friday at report-time (13:00 province time by default, or the
 * configured time), the report of the week is prepared once after it,
 * as user "iocd", keeping the difficulties already entered, and its
 * "weekly-report.ready" event says it was automatic. Two preparations in
 * a row render once, with the second one's text.
 */
#include "ioc-briefing.h"
#include "ioc-server.h"
#include "ioc-store-sqlite.h"
#include "ioc-weekly-report.h"

#include <glib/gstdio.h>

typedef struct {
  char      *dir;
  IocStore  *store;
  IocConfig *config;
  IocServer *server;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;

  f->dir = g_dir_make_tmp ("ioc-tick-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (f->dir, "iocd.db", NULL);
  f->store = ioc_sqlite_store_open (db, &error);
  g_assert_no_error (error);
  f->config = ioc_config_new ();
  g_free (f->config->database);
  f->config->database = g_strdup (db);
  if (data != NULL)
    f->config->report_minute = GPOINTER_TO_UINT (data);
  f->server = ioc_server_new (f->config, f->store, &error);
  g_assert_no_error (error);
}

static void
rm_rf (const char *path)
{
  g_autoptr(GDir) d = g_dir_open (path, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        rm_rf (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  ioc_server_free (f->server);
  g_clear_object (&f->store);
  ioc_config_free (f->config);
  rm_rf (f->dir);
  g_free (f->dir);
}

/* Unix seconds of a province-time wall clock. */
static gint64
at (int y, int m, int d, int hh, int mm)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("+07:00");
  g_autoptr(GDateTime) dt = g_date_time_new (tz, y, m, d, hh, mm, 0);

  return g_date_time_to_unix (dt);
}

static void
wait_rendered (void)
{
  gint64 until = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (ioc_weekly_report_pending () > 0 && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (ioc_weekly_report_pending (), ==, 0);
}

static JsonObject *
week_row (Fixture    *f,
          const char *week)
{
  g_autoptr(IocQuery) q = ioc_query_new ();
  g_autoptr(JsonArray) rows = NULL;

  ioc_query_add_filter (q, "week_start", IOC_FILTER_EQ, week);
  rows = ioc_store_list (f->store, &ioc_entity_weekly_reports, q, NULL, NULL);
  g_assert_nonnull (rows);
  return json_array_get_length (rows) > 0 ? json_object_ref (json_array_get_object_element (rows, 0)) : NULL;
}

/* The "weekly-report.ready" events so far. */
static GPtrArray *
ready_events (Fixture *f)
{
  g_autoptr(GPtrArray) all = ioc_store_events_since (f->store, 0, 0, NULL);
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  for (guint i = 0; all != NULL && i < all->len; i++)
    {
      IocEvent *e = g_ptr_array_index (all, i);
      g_autoptr(JsonParser) p = json_parser_new ();

      if (!g_str_equal (e->type, "weekly-report.ready"))
        continue;
      g_assert_true (json_parser_load_from_data (p, e->data, -1, NULL));
      g_ptr_array_add (out, json_object_ref (json_node_get_object (json_parser_get_root (p))));
    }
  return out;
}

static void
test_friday (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) draft = json_object_new ();
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *pdf = NULL;

  /* The supervisor wrote the difficulties on Wednesday. */
  json_object_set_string_member (draft, "week_start", "2023-11-27");
  json_object_set_string_member (draft, "status", "draft");
  json_object_set_string_member (draft, "difficulties", "Đường truyền tới huyện M'Đrắk chưa ổn định.");
  g_assert_true (ioc_store_begin (f->store, &error));
  g_assert_true (ioc_store_insert (f->store, &ioc_entity_weekly_reports, draft, NULL, &error));
  g_assert_true (ioc_store_commit (f->store, &error));
  g_assert_no_error (error);

  /* Thursday afternoon, Friday morning, Friday 12:59: not yet. */
  g_assert_false (ioc_weekly_report_tick (f->server, at (2023, 11, 30, 14, 0)));
  g_assert_false (ioc_weekly_report_tick (f->server, at (2023, 12, 1, 9, 0)));
  g_assert_false (ioc_weekly_report_tick (f->server, at (2023, 12, 1, 12, 59)));
  row = week_row (f, "2023-11-27");
  g_assert_cmpstr (json_object_get_string_member (row, "status"), ==, "draft");
  g_clear_pointer (&row, json_object_unref);

  /* Friday 13:01: the week's report is prepared, by iocd. */
  g_assert_true (ioc_weekly_report_tick (f->server, at (2023, 12, 1, 13, 1)));
  row = week_row (f, "2023-11-27");
  g_assert_cmpstr (json_object_get_string_member (row, "status"), ==, "generating");
  g_assert_cmpstr (json_object_get_string_member (row, "generated_by"), ==, "iocd");
  g_clear_pointer (&row, json_object_unref);
  /* While it renders, the next minute's tick does nothing. */
  g_assert_false (ioc_weekly_report_tick (f->server, at (2023, 12, 1, 13, 2)));
  wait_rendered ();

  row = week_row (f, "2023-11-27");
  g_assert_cmpstr (json_object_get_string_member (row, "status"), ==, "ready");
  g_assert_cmpstr (json_object_get_string_member (row, "difficulties"), ==, "Đường truyền tới huyện M'Đrắk chưa ổn định.");
  g_assert_cmpstr (json_object_get_string_member (row, "file_name"), ==, "bao-cao-tuan-2023-11-27.pdf");
  pdf = g_build_filename (f->dir, "reports", "bao-cao-tuan-2023-11-27.pdf", NULL);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
  /* The figures were computed for that week and stored with the row. */
  {
    g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (row, "id"));
    g_autoptr(JsonObject) full = ioc_store_get (f->store, &ioc_entity_weekly_reports, id, FALSE, &error);
    JsonObject *fig = json_object_get_object_member (full, "figures");
    g_assert_cmpstr (json_object_get_string_member (fig, "week_start"), ==, "2023-11-27");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_object_get_object_member (fig, "indicators"),
                                                                            "groups")), ==, 16);
  }

  events = ready_events (f);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_true (json_object_get_boolean_member (events->pdata[0], "automatic"));
  g_assert_cmpstr (json_object_get_string_member (events->pdata[0], "generated_by"), ==, "iocd");
  g_assert_cmpstr (json_object_get_string_member (events->pdata[0], "week_start"), ==, "2023-11-27");

  /* Done for today: later ticks leave it. */
  g_assert_false (ioc_weekly_report_tick (f->server, at (2023, 12, 1, 13, 30)));
  g_assert_false (ioc_weekly_report_tick (f->server, at (2023, 12, 1, 23, 59)));
  /* Next Friday, the next week's. */
  g_assert_true (ioc_weekly_report_tick (f->server, at (2023, 12, 8, 13, 0)));
  wait_rendered ();
  g_clear_pointer (&row, json_object_unref);
  row = week_row (f, "2023-12-04");
  g_assert_cmpstr (json_object_get_string_member (row, "status"), ==, "ready");
}

static void
test_report_time (Fixture       *f,
                  gconstpointer  data)
{
  /* report-time = 14:30 */
  g_assert_false (ioc_weekly_report_tick (f->server, at (2023, 12, 1, 13, 5)));
  g_assert_false (ioc_weekly_report_tick (f->server, at (2023, 12, 1, 14, 29)));
  g_assert_true (ioc_weekly_report_tick (f->server, at (2023, 12, 1, 14, 30)));
  wait_rendered ();
}

static void
test_superseded (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) r1 = NULL, r2 = NULL, row = NULL;
  g_autoptr(GPtrArray) events = NULL;

  /* Two preparations before the first one rendered: one rendering, the
   * second text. */
  g_assert_true (ioc_store_begin (f->store, &error));
  r1 = ioc_weekly_report_prepare (f->server, "2023-11-27", NULL, "Đề xuất thứ nhất.", "supervisor", FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (ioc_store_commit (f->store, &error));
  g_assert_true (ioc_store_begin (f->store, &error));
  r2 = ioc_weekly_report_prepare (f->server, "2023-11-27", NULL, "Đề xuất thứ hai.", "supervisor", FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (ioc_store_commit (f->store, &error));
  g_assert_cmpint (json_object_get_int_member (r1, "id"), ==, json_object_get_int_member (r2, "id"));
  wait_rendered ();
  events = ready_events (f);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_false (json_object_get_boolean_member (events->pdata[0], "automatic"));
  row = week_row (f, "2023-11-27");
  g_assert_cmpstr (json_object_get_string_member (row, "proposals"), ==, "Đề xuất thứ hai.");
  g_assert_cmpstr (json_object_get_string_member (row, "status"), ==, "ready");

  /* A week that is not a Monday is refused, and nothing is written. */
  g_assert_true (ioc_store_begin (f->store, &error));
  g_assert_null (ioc_weekly_report_prepare (f->server, "2023-11-29", NULL, NULL, "supervisor", FALSE, &error));
  g_assert_error (error, IOC_STORE_ERROR, IOC_STORE_ERROR_INVALID);
  ioc_store_rollback (f->store);
  g_assert_cmpuint (ioc_weekly_report_pending (), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/briefing/tick/friday", Fixture, NULL, fixture_set_up, test_friday, fixture_tear_down);
  g_test_add ("/briefing/tick/report-time", Fixture, GUINT_TO_POINTER (14 * 60 + 30), fixture_set_up,
              test_report_time, fixture_tear_down);
  g_test_add ("/briefing/tick/superseded", Fixture, NULL, fixture_set_up, test_superseded, fixture_tear_down);
  return g_test_run ();
}
