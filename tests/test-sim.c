/* test-sim.c — ioc-sim against a real iocd
 *
 * Runs the simulator for a few seconds with a fixed seed at a high rate
 * against the demo iocd and checks, through the API and the stream, that
 * what it says it sent arrived: Open311 reports in today's communes, SOC
 * alerts folded, camera events in both shapes; that its RTSP child served
 * the registry's cameras; that the import files were written whole (each
 * appears by a rename of its .part, never written in place) with the
 * right columns; that the same seed sends the same reports; and that it
 * stops cleanly on SIGTERM and refuses a wrong password.
 */
#include "ioc-test-server.h"
#include "ioc-csv.h"
#include "ioc-rtsp-probe.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>

static IocTestServer *srv;
static char *admin;

static const char *
sim_bin (void)
{
  const char *bin = g_getenv ("IOC_SIM_BIN");
  g_assert_nonnull (bin);
  return bin;
}

static char *
sql_one (const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *out = NULL;

  g_assert_cmpint (sqlite3_open_v2 (srv->db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    out = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return out;
}

static gint64
sql_int (const char *sql)
{
  g_autofree char *v = sql_one (sql);
  return v != NULL ? g_ascii_strtoll (v, NULL, 10) : 0;
}

static JsonObject *
get_ok (const char *path)
{
  guint status = 0;
  g_autoptr(JsonNode) node = ioc_test_request (srv, "GET", path, admin, NULL, &status);

  g_assert_cmpuint (status, ==, 200);
  return json_object_ref (json_node_get_object (node));
}

/* ---- running the simulator ---------------------------------------------- */

typedef struct {
  GSubprocess      *proc;
  GDataInputStream *out;
  GPtrArray        *lines;     /* its stdout */
  gboolean          done;
  guint             rtsp_port;
} Run;

static void read_next (Run *run);

static void
on_line (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Run *run = user_data;
  char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, NULL);

  if (line == NULL)
    return;
  if (g_str_has_prefix (line, "RTSP_PORT="))
    run->rtsp_port = (guint) g_ascii_strtoull (line + 10, NULL, 10);
  g_ptr_array_add (run->lines, line);
  read_next (run);
}

static void
read_next (Run *run)
{
  g_data_input_stream_read_line_async (run->out, G_PRIORITY_DEFAULT, NULL, on_line, run);
}

static void
on_exited (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Run *run = user_data;
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  run->done = TRUE;
}

static Run *
run_start (const char *const *extra)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  Run *run = g_new0 (Run, 1);

  g_ptr_array_add (argv, g_strdup (sim_bin ()));
  g_ptr_array_add (argv, g_strdup ("--server"));
  g_ptr_array_add (argv, g_strdup (srv->base_url));
  for (guint i = 0; extra[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (extra[i]));
  g_ptr_array_add (argv, NULL);
  g_subprocess_launcher_unsetenv (launcher, "IOC_SIM_PASSWORD");
  run->proc = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  run->lines = g_ptr_array_new_with_free_func (g_free);
  run->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (run->proc));
  read_next (run);
  g_subprocess_wait_async (run->proc, NULL, on_exited, run);
  return run;
}

static void
run_wait (Run *run)
{
  gint64 until = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (!run->done && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (run->done);
  /* The rest of its output. */
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (g_subprocess_get_if_exited (run->proc));
  g_assert_cmpint (g_subprocess_get_exit_status (run->proc), ==, 0);
}

static void
run_free (Run *run)
{
  g_clear_object (&run->out);
  g_clear_object (&run->proc);
  g_ptr_array_unref (run->lines);
  g_free (run);
}

/* "open311        sent 19, ok 19, failed 0, items 19, skipped 0" → its numbers. */
static gboolean
summary (Run        *run,
         const char *driver,
         guint64    *ok,
         guint64    *failed,
         guint64    *items)
{
  for (guint i = 0; i < run->lines->len; i++)
    {
      const char *line = g_ptr_array_index (run->lines, i);
      g_autofree char *name = NULL;
      guint64 sent, skipped;
      char word[32];

      if (sscanf (line, "%31s sent %" G_GUINT64_FORMAT ", ok %" G_GUINT64_FORMAT ", failed %" G_GUINT64_FORMAT
                  ", items %" G_GUINT64_FORMAT ", skipped %" G_GUINT64_FORMAT,
                  word, &sent, ok, failed, items, &skipped) == 6 && g_str_equal (word, driver))
        return TRUE;
    }
  return FALSE;
}

/* ---- the stream ----------------------------------------------------------- */

static void
on_message (SoupWebsocketConnection *ws,
            gint                     kind,
            GBytes                  *message,
            gpointer                 user_data)
{
  GHashTable *types = user_data;
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len;
  const char *text = g_bytes_get_data (message, &len);
  JsonObject *o;

  if (!json_parser_load_from_data (parser, text, len, NULL))
    return;
  o = json_node_get_object (json_parser_get_root (parser));
  if (json_object_has_member (o, "seq"))
    {
      const char *type = json_object_get_string_member (o, "type");
      g_autofree char *ack = g_strdup_printf ("{\"ack\":%" G_GINT64_FORMAT "}", json_object_get_int_member (o, "seq"));
      g_hash_table_replace (types, g_strdup (type),
                            GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (types, type)) + 1));
      soup_websocket_connection_send_text (ws, ack);
    }
}

/* ---- the drop folder ------------------------------------------------------ */

typedef struct {
  GHashTable *renamed;   /* final names that appeared by a rename of NAME.part */
  GHashTable *written;   /* final names created or changed in place (must stay empty) */
} Drops;

static void
on_drop_event (GFileMonitor      *monitor,
               GFile             *file,
               GFile             *other,
               GFileMonitorEvent  event,
               gpointer           user_data)
{
  Drops *d = user_data;
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *to = other != NULL ? g_file_get_basename (other) : NULL;

  if ((event == G_FILE_MONITOR_EVENT_RENAMED || event == G_FILE_MONITOR_EVENT_MOVED_IN) &&
      to != NULL && g_str_has_suffix (name, ".csv.part") && g_str_has_suffix (to, ".csv"))
    g_hash_table_add (d->renamed, g_steal_pointer (&to));
  else if ((event == G_FILE_MONITOR_EVENT_CREATED || event == G_FILE_MONITOR_EVENT_CHANGED ||
            event == G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT) && g_str_has_suffix (name, ".csv"))
    g_hash_table_add (d->written, g_steal_pointer (&name));
}

static GPtrArray *
read_csv_lines (const char *path)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_true (g_str_has_suffix (text, "\n"));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0')
      g_ptr_array_add (out, g_strdup (lines[i]));
  return out;
}

static void
check_drops (const char *dir,
             Drops      *seen)
{
  g_autofree char *daily = g_build_filename (dir, "dossier-daily", NULL);
  g_autofree char *indicators = g_build_filename (dir, "indicators", NULL);
  g_autoptr(GDir) dd = g_dir_open (daily, 0, NULL);
  g_autoptr(GDir) di = g_dir_open (indicators, 0, NULL);
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("+07:00");
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *units_path = g_strdup_printf ("/api/v1/units?kind=department,ward,commune&valid_on=%s&limit=1", today);
  g_autoptr(JsonObject) units = get_ok (units_path);
  const char *name;
  guint n_daily = 0, n_months = 0;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (dd);
  g_assert_nonnull (di);
  while ((name = g_dir_read_name (dd)) != NULL)
    {
      g_autofree char *path = g_build_filename (daily, name, NULL);
      g_autoptr(GPtrArray) lines = NULL;

      g_assert_false (g_str_has_suffix (name, ".part"));
      g_assert_true (g_str_has_prefix (name, today));
      g_assert_true (g_hash_table_contains (seen->renamed, name));
      lines = read_csv_lines (path);
      g_assert_cmpstr (g_ptr_array_index (lines, 0), ==, "unit_id,unit_name,date,overdue_count,online_over_8h_count");
      {
        /* RFC 4180 (unit names have commas), read as the importer does. */
        g_autoptr(IocCsv) csv = ioc_csv_load (path, &error);
        g_assert_no_error (error);
        /* One row per department and per commune of today. */
        g_assert_cmpint (csv->rows->len, ==, json_object_get_int_member (units, "total"));
        for (guint i = 0; i < csv->rows->len; i++)
          {
            gint64 n;
            g_assert_cmpstr (ioc_csv_get (csv, i, 2), ==, today);
            g_assert_true (ioc_csv_get_int (csv, i, 3, &n, &error) && n >= 0);
            g_assert_true (ioc_csv_get_int (csv, i, 4, &n, &error) && n >= 0);
          }
      }
      n_daily++;
    }
  while ((name = g_dir_read_name (di)) != NULL)
    {
      g_autofree char *path = g_build_filename (indicators, name, NULL);
      g_autoptr(GPtrArray) lines = NULL;
      g_autofree char *month = g_strndup (name, 7);
      g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

      g_assert_false (g_str_has_suffix (name, ".part"));
      g_assert_true (g_hash_table_contains (seen->renamed, name));
      g_assert_cmpstr (month, <, today);
      lines = read_csv_lines (path);
      g_assert_cmpstr (g_ptr_array_index (lines, 0), ==, "group_code,indicator,month,value,target,unit");
      {
        g_autoptr(IocCsv) csv = ioc_csv_load (path, &error);
        g_assert_no_error (error);
        for (guint i = 0; i < csv->rows->len; i++)
          {
            double v;
            g_assert_cmpstr (ioc_csv_get (csv, i, 2), ==, month);
            g_assert_true (ioc_csv_get_double (csv, i, 3, &v, &error));
            g_assert_true (ioc_csv_get_double (csv, i, 4, &v, &error));
            g_hash_table_add (groups, g_strdup (ioc_csv_get (csv, i, 0)));
          }
      }
      /* All sixteen groups, every month. */
      g_assert_cmpuint (g_hash_table_size (groups), ==, 16);
      n_months++;
    }
  g_assert_cmpuint (n_daily, >=, 1);
  g_assert_cmpuint (n_months, ==, 12);
  /* Nothing was written where the importer could see it half done. */
  g_assert_cmpuint (g_hash_table_size (seen->written), ==, 0);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* ---- the tests ------------------------------------------------------------ */

static void
test_run (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ioc-sim-drops-XXXXXX", NULL);
  g_autofree char *daily = g_build_filename (dir, "dossier-daily", NULL);
  g_autofree char *indicators = g_build_filename (dir, "indicators", NULL);
  g_autoptr(GHashTable) types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(SoupWebsocketConnection) ws = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileMonitor) m1 = NULL;
  g_autoptr(GFileMonitor) m2 = NULL;
  Drops seen = { g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL),
                 g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL) };
  const char *const args[] = {
    "--seed", "42", "--rate-scale", "400", "--duration", "6", "--drop-dir", dir,
    "--rtsp", "--rtsp-port", "0", "--outages-per-hour", "0", NULL
  };
  guint64 ok, failed, items, reports_ok, lines_ok, events_ok;
  gint64 before_reports = sql_int ("SELECT COUNT(*) FROM reports WHERE source = 'open311'");
  Run *run;
  gboolean probed = FALSE;

  g_assert_cmpint (sql_int ("SELECT COUNT(*) FROM alerts"), ==, 0);
  ws = ioc_test_stream_open (srv, admin, -1, &error);
  g_assert_no_error (error);
  g_signal_connect (ws, "message", G_CALLBACK (on_message), types);

  g_assert_cmpint (g_mkdir (daily, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (indicators, 0755), ==, 0);
  {
    g_autoptr(GFile) f1 = g_file_new_for_path (daily);
    g_autoptr(GFile) f2 = g_file_new_for_path (indicators);
    m1 = g_file_monitor_directory (f1, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
    g_assert_no_error (error);
    m2 = g_file_monitor_directory (f2, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
    g_assert_no_error (error);
    g_signal_connect (m1, "changed", G_CALLBACK (on_drop_event), &seen);
    g_signal_connect (m2, "changed", G_CALLBACK (on_drop_event), &seen);
  }

  run = run_start (args);
  /* While it runs: its RTSP child serves the registry's cameras. */
  while (!run->done && !probed)
    {
      g_main_context_iteration (NULL, TRUE);
      if (run->rtsp_port > 0)
        {
          g_autofree char *uri = g_strdup_printf ("rtsp://127.0.0.1:%u/cam-001", run->rtsp_port);
          IocRtspProbe p;
          ioc_rtsp_probe_run (uri, 5 * G_USEC_PER_SEC, NULL, &p);
          if (!p.online)
            g_error ("the simulator's camera cam-001 is not served: %s", p.detail);
          ioc_rtsp_probe_clear (&p);
          probed = TRUE;
        }
    }
  run_wait (run);
  g_assert_true (probed);
  /* Let the stream catch up. */
  for (guint i = 0; i < 100; i++)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (10000), TRUE);

  /* Open311: everything it says was accepted is there, in Đắk Lắk. */
  g_assert_true (summary (run, "open311", &reports_ok, &failed, &items));
  g_assert_cmpuint (failed, ==, 0);
  g_assert_cmpuint (reports_ok, >=, 5);
  g_assert_cmpint (sql_int ("SELECT COUNT(*) FROM reports WHERE source = 'open311'") - before_reports, ==, reports_ok);
  g_assert_cmpint (sql_int ("SELECT COUNT(*) FROM reports WHERE source = 'open311' AND lat IS NOT NULL "
                            "AND (lat < 11.5 OR lat > 14.0 OR lon < 107.3 OR lon > 109.8)"), ==, 0);
  g_assert_cmpint (sql_int ("SELECT COUNT(*) FROM reports WHERE source = 'open311' AND lat IS NULL AND address IS NULL"), ==, 0);
  g_assert_cmpint (sql_int ("SELECT COUNT(*) FROM reports WHERE source = 'open311' AND status = 'received'"), ==,
                   sql_int ("SELECT COUNT(*) FROM reports WHERE source = 'open311'"));
  {
    /* The address names one of today's wards or communes. */
    g_autofree char *address = sql_one ("SELECT address FROM reports WHERE source = 'open311' AND address IS NOT NULL ORDER BY id LIMIT 1");
    g_autofree char *unit = NULL;
    const char *comma = strrchr (address, ',');
    g_assert_nonnull (comma);
    {
      g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM units WHERE name = '%s' AND kind IN ('ward','commune') "
                                              "AND valid_to IS NULL", comma + 2);
      g_assert_cmpint (sql_int (sql), >=, 1);
    }
  }
  /* Reporters' contacts went in as private data. */
  g_assert_cmpint (sql_int ("SELECT COUNT(*) FROM reports WHERE source = 'open311' AND reporter_phone IS NOT NULL"), >, 0);

  /* SOC: every line is counted in some alert; repeats were folded. */
  g_assert_true (summary (run, "soc", &lines_ok, &failed, &items));
  g_assert_cmpuint (failed, ==, 0);
  g_assert_cmpint (sql_int ("SELECT SUM(count) FROM alerts"), ==, items);
  g_assert_cmpint (sql_int ("SELECT COUNT(*) FROM alerts"), <, items / 2);
  g_assert_cmpint (sql_int ("SELECT COUNT(*) FROM alerts WHERE source = 'suricata'"), >, 0);
  g_assert_cmpint (sql_int ("SELECT COUNT(*) FROM alerts WHERE source = 'wazuh'"), >, 0);
  g_assert_cmpint (sql_int ("SELECT COUNT(*) FROM alerts WHERE site = 'congan.daklak.gov.vn' AND unit_id = 'cong_an_tinh'"), >=, 0);

  /* Camera AI: Frigate tracks and generic events, for cameras with AI. */
  g_assert_true (summary (run, "camera-events", &events_ok, &failed, &items));
  g_assert_cmpuint (failed, ==, 0);
  g_assert_cmpuint (events_ok, >=, 5);
  g_assert_cmpint (sql_int ("SELECT COUNT(*) FROM camera_events"), >, 0);
  g_assert_cmpint (sql_int ("SELECT COUNT(*) FROM camera_events WHERE source = 'frigate'"), >, 0);
  g_assert_cmpint (sql_int ("SELECT COUNT(*) FROM camera_events e JOIN cameras c ON c.id = e.camera_id "
                            "WHERE c.ai_features IS NULL OR c.ai_features = '[]'"), ==, 0);

  /* The stream told the walls. */
  g_assert_true (g_hash_table_contains (types, "report.created"));
  g_assert_true (g_hash_table_contains (types, "alert.created"));
  g_assert_true (g_hash_table_contains (types, "alert.updated"));
  g_assert_true (g_hash_table_contains (types, "camera-event.created"));
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (types, "report.created")), ==, reports_ok);

  /* Files: written whole, with the importer's columns. */
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  check_drops (dir, &seen);
  g_assert_true (summary (run, "drops", &ok, &failed, &items));
  g_assert_cmpuint (failed, ==, 0);
  g_assert_cmpuint (ok, >=, 13);

  soup_websocket_connection_close (ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  run_free (run);
  g_hash_table_unref (seen.renamed);
  g_hash_table_unref (seen.written);
  remove_tree (dir);
}

/* The same seed sends the same reports; SIGTERM stops it cleanly. */
static void
test_seed_and_sigterm (void)
{
  const char *const args[] = {
    "--seed", "42", "--rate-scale", "400", "--duration", "0",
    "--soc-batches-per-hour", "0", "--camera-events-per-hour", "0", NULL
  };
  gint64 first = sql_int ("SELECT MIN(id) FROM reports WHERE source = 'open311'");
  gint64 start = sql_int ("SELECT MAX(id) FROM reports");
  gint64 until = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  Run *run = run_start (args);
  guint64 ok, failed, items;

  /* Until it has sent five reports, then a SIGTERM. */
  for (;;)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM reports WHERE id > %" G_GINT64_FORMAT, start);
      if (sql_int (sql) >= 5 || g_get_monotonic_time () > until)
        break;
      g_main_context_iteration (NULL, FALSE) || (g_usleep (20000), TRUE);
    }
  g_assert_false (run->done);
  g_subprocess_send_signal (run->proc, SIGTERM);
  run_wait (run);
  g_assert_true (summary (run, "open311", &ok, &failed, &items));
  g_assert_cmpuint (ok, >=, 5);
  g_assert_false (summary (run, "soc", &ok, &failed, &items));   /* a rate of 0 leaves it out */

  for (guint k = 0; k < 5; k++)
    {
      g_autofree char *a = g_strdup_printf ("SELECT category || '|' || description || '|' || coalesce(address,'') || '|' || "
                                            "coalesce(lat,'') || '|' || coalesce(lon,'') || '|' || coalesce(reporter_name,'') "
                                            "FROM reports WHERE source = 'open311' AND id >= %" G_GINT64_FORMAT
                                            " ORDER BY id LIMIT 1 OFFSET %u", first, k);
      g_autofree char *b = g_strdup_printf ("SELECT category || '|' || description || '|' || coalesce(address,'') || '|' || "
                                            "coalesce(lat,'') || '|' || coalesce(lon,'') || '|' || coalesce(reporter_name,'') "
                                            "FROM reports WHERE id > %" G_GINT64_FORMAT " ORDER BY id LIMIT 1 OFFSET %u", start, k);
      g_autofree char *ra = sql_one (a);
      g_autofree char *rb = sql_one (b);
      g_assert_nonnull (ra);
      g_assert_cmpstr (ra, ==, rb);
    }
  run_free (run);
}

static void
test_wrong_password (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree char *err = NULL;

  g_subprocess_launcher_setenv (launcher, "IOC_SIM_PASSWORD", "not-the-password", TRUE);
  proc = g_subprocess_launcher_spawn (launcher, &error, sim_bin (), "--server", srv->base_url, "--duration", "1", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, NULL, &err, &error));
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 1);
  g_assert_nonnull (strstr (err, "signing in as admin"));
}

int
main (int    argc,
      char **argv)
{
  int rc;

  g_test_init (&argc, &argv, NULL);
  srv = ioc_test_server_start (TRUE, NULL);
  admin = ioc_test_login (srv, "admin", ioc_test_demo_password ("admin"));

  g_test_add_func ("/sim/run", test_run);
  g_test_add_func ("/sim/seed-and-sigterm", test_seed_and_sigterm);
  g_test_add_func ("/sim/wrong-password", test_wrong_password);
  rc = g_test_run ();

  ioc_test_server_free (srv);
  g_free (admin);
  return rc;
}
