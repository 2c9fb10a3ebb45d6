/* ioc-test-server.c — see ioc-test-server.h */
#include "ioc-test-server.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/prctl.h>

static const char *
iocd_bin (void)
{
  const char *bin = g_getenv ("IOCD_BIN");
  g_assert_nonnull (bin);
  return bin;
}

static gboolean
on_timeout (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
ioc_test_wait (gboolean *done,
               guint     timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, on_timeout, &timed_out);

  while (!*done && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return *done;
}

/* Tests talk only to what they start: unless a test's own config has a
 * [cameras] group, iocd gets one with probe-interval=0 so that it does not
 * probe the demo registry's cameras (rtsp://127.0.0.1:8554/...), which
 * would add events and writes of their own at unpredictable times. The
 * test's config, when it has one, is copied with that group added. */
static char *
test_config (IocTestServer *srv,
             const char    *given)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (srv->dir, "iocd-test.conf", NULL);

  if (given != NULL)
    {
      if (!g_key_file_load_from_file (kf, given, G_KEY_FILE_KEEP_COMMENTS, &error))
        return g_strdup (given);   /* iocd will say what is wrong with it */
      if (g_key_file_has_group (kf, "cameras"))
        return g_strdup (given);
    }
  g_key_file_set_integer (kf, "cameras", "probe-interval", 0);
  g_assert_true (g_key_file_save_to_file (kf, path, &error));
  return g_steal_pointer (&path);
}

/* iocd goes when the test goes, even when the test aborts on a failed
 * assertion or is killed by its timeout: no iocd is left running. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
spawn (IocTestServer *srv,
       guint          port)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *port_file = g_build_filename (srv->dir, "port", NULL);
  g_autofree char *log_file = g_build_filename (srv->dir, "iocd.log", NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  g_unlink (port_file);
  g_ptr_array_add (argv, g_strdup (iocd_bin ()));
  g_ptr_array_add (argv, g_strdup ("--database"));
  g_ptr_array_add (argv, g_strdup (srv->db_path));
  g_ptr_array_add (argv, g_strdup ("--listen"));
  g_ptr_array_add (argv, g_strdup_printf ("127.0.0.1:%u", port));
  g_ptr_array_add (argv, g_strdup ("--port-file"));
  g_ptr_array_add (argv, g_strdup (port_file));
  if (srv->demo)
    g_ptr_array_add (argv, g_strdup ("--demo"));
  {
    gboolean has_config = FALSE;
    for (guint i = 0; srv->extra_args != NULL && srv->extra_args[i] != NULL; i++)
      {
        if (g_str_equal (srv->extra_args[i], "--config") && srv->extra_args[i + 1] != NULL)
          {
            g_ptr_array_add (argv, g_strdup ("--config"));
            g_ptr_array_add (argv, test_config (srv, srv->extra_args[++i]));
            has_config = TRUE;
          }
        else
          g_ptr_array_add (argv, g_strdup (srv->extra_args[i]));
      }
    if (!has_config)
      {
        g_ptr_array_add (argv, g_strdup ("--config"));
        g_ptr_array_add (argv, test_config (srv, NULL));
      }
  }
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  g_subprocess_launcher_set_stdout_file_path (launcher, log_file);
  g_subprocess_launcher_set_stderr_file_path (launcher, log_file);
  srv->proc = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);

  /* The port file appears once iocd listens. */
  while (!g_file_get_contents (port_file, &text, NULL, NULL))
    {
      if (g_get_monotonic_time () > deadline || g_subprocess_get_identifier (srv->proc) == NULL)
        {
          g_autofree char *log = NULL;
          g_file_get_contents (log_file, &log, NULL, NULL);
          g_error ("iocd did not start: %s", log != NULL ? log : "(no log)");
        }
      g_usleep (20000);
      /* The child is reaped from the main context: let it run. */
      g_main_context_iteration (NULL, FALSE);
    }
  srv->port = (guint) g_ascii_strtoull (text, NULL, 10);
  g_assert_cmpuint (srv->port, >, 0);
  g_free (srv->base_url);
  srv->base_url = g_strdup_printf ("http://127.0.0.1:%u", srv->port);
}

IocTestServer *
ioc_test_server_start (gboolean           demo,
                       const char *const *extra_args)
{
  IocTestServer *srv = g_new0 (IocTestServer, 1);
  g_autoptr(GError) error = NULL;

  srv->dir = g_dir_make_tmp ("iocd-test-XXXXXX", &error);
  g_assert_no_error (error);
  srv->db_path = g_build_filename (srv->dir, "iocd.db", NULL);
  srv->demo = demo;
  srv->extra_args = g_strdupv ((char **) extra_args);
  srv->session = soup_session_new_with_options ("timeout", 30, "max-conns", 64, "max-conns-per-host", 64,
                                                 "proxy-resolver", NULL, NULL);
  spawn (srv, 0);
  return srv;
}

static void
terminate (IocTestServer *srv,
           int            sig)
{
  g_autoptr(GError) error = NULL;

  if (srv->proc == NULL)
    return;
  g_subprocess_send_signal (srv->proc, sig);
  g_subprocess_wait (srv->proc, NULL, &error);
  g_assert_no_error (error);
  if (sig == SIGTERM)
    {
      /* A clean stop must be clean. */
      g_assert_true (g_subprocess_get_if_exited (srv->proc));
      g_assert_cmpint (g_subprocess_get_exit_status (srv->proc), ==, 0);
    }
  g_clear_object (&srv->proc);
  /* Connections to the dead process must not be reused. */
  soup_session_abort (srv->session);
}

void
ioc_test_server_kill (IocTestServer *srv)
{
  terminate (srv, SIGKILL);
}

void
ioc_test_server_stop (IocTestServer *srv)
{
  terminate (srv, SIGTERM);
}

void
ioc_test_server_restart (IocTestServer *srv)
{
  g_assert_null (srv->proc);
  spawn (srv, srv->port);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
ioc_test_server_free (IocTestServer *srv)
{
  if (srv == NULL)
    return;
  ioc_test_server_stop (srv);
  g_clear_object (&srv->session);
  if (g_getenv ("IOC_TEST_KEEP") == NULL)
    remove_tree (srv->dir);
  g_free (srv->dir);
  g_free (srv->db_path);
  g_free (srv->base_url);
  g_strfreev (srv->extra_args);
  g_free (srv);
}

JsonNode *
ioc_test_request_raw (IocTestServer  *srv,
                      const char     *method,
                      const char     *path,
                      const char     *token,
                      const char     *content_type,
                      GBytes         *body,
                      guint          *status,
                      GBytes        **out_body)
{
  g_autofree char *url = g_strconcat (srv->base_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;
  const char *data;

  g_assert_nonnull (msg);
  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, content_type, body);
  answer = soup_session_send_and_read (srv->session, msg, NULL, &error);
  g_assert_no_error (error);
  if (status != NULL)
    *status = soup_message_get_status (msg);
  if (out_body != NULL)
    *out_body = g_bytes_ref (answer);
  data = g_bytes_get_data (answer, &len);
  if (len == 0)
    return NULL;
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    if (!json_parser_load_from_data (parser, data, len, NULL))
      return NULL;
    return json_node_copy (json_parser_get_root (parser));
  }
}

JsonNode *
ioc_test_request (IocTestServer *srv,
                  const char    *method,
                  const char    *path,
                  const char    *token,
                  const char    *body,
                  guint         *status)
{
  g_autoptr(GBytes) bytes = body != NULL ? g_bytes_new (body, strlen (body)) : NULL;
  return ioc_test_request_raw (srv, method, path, token,
                               body != NULL ? "application/json" : NULL, bytes, status, NULL);
}

const char *
ioc_test_demo_password (const char *name)
{
  if (g_str_equal (name, "duty"))
    return "duty-demo-1022";
  if (g_str_equal (name, "supervisor"))
    return "supervisor-demo-1022";
  if (g_str_equal (name, "leader"))
    return "leader-demo-1022";
  if (g_str_equal (name, "admin"))
    return "admin-demo-1022";
  g_assert_not_reached ();
}

char *
ioc_test_login (IocTestServer *srv,
                const char    *name,
                const char    *password)
{
  g_autofree char *body = g_strdup_printf ("{\"name\":\"%s\",\"password\":\"%s\"}", name, password);
  guint status = 0;
  g_autoptr(JsonNode) answer = ioc_test_request (srv, "POST", "/api/v1/login", NULL, body, &status);

  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (answer);
  return g_strdup (json_object_get_string_member (json_node_get_object (answer), "token"));
}

typedef struct {
  SoupWebsocketConnection *conn;
  GError                  *error;
  gboolean                 done;
} ConnectData;

static void
connected (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  ConnectData *d = user_data;
  d->conn = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &d->error);
  d->done = TRUE;
}

SoupWebsocketConnection *
ioc_test_stream_open (IocTestServer *srv,
                      const char    *token,
                      gint64         since,
                      GError       **error)
{
  g_autofree char *url = since >= 0 ?
    g_strdup_printf ("ws://127.0.0.1:%u/api/v1/stream?since=%" G_GINT64_FORMAT, srv->port, since) :
    g_strdup_printf ("ws://127.0.0.1:%u/api/v1/stream", srv->port);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  ConnectData d = { 0 };

  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  soup_session_websocket_connect_async (srv->session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL, connected, &d);
  ioc_test_wait (&d.done, 10000);
  if (d.error != NULL)
    {
      g_propagate_error (error, d.error);
      return NULL;
    }
  if (d.conn == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "no WebSocket within 10 s");
      return NULL;
    }
  return d.conn;
}

gint64
ioc_test_count_rows (IocTestServer *srv,
                     const char    *table)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM \"%s\"", table);
  gint64 n = -1;

  g_assert_cmpint (sqlite3_open_v2 (srv->db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

char *
ioc_test_db_digest (IocTestServer *srv)
{
  static const char *const tables[] = {
    "units", "unit_names", "cameras", "camera_events", "reports", "report_history",
    "dossiers", "dossier_stats", "period_stats", "warning_tickets", "alerts",
    "indicators", "users", "events", "audit_log", NULL
  };
  return ioc_test_db_digest_tables (srv, tables);
}

char *
ioc_test_db_data_digest (IocTestServer *srv)
{
  static const char *const tables[] = {
    "units", "unit_names", "cameras", "camera_events", "reports", "report_history",
    "dossiers", "dossier_stats", "period_stats", "warning_tickets", "alerts",
    "indicators", "users", "rollups", NULL
  };
  return ioc_test_db_digest_tables (srv, tables);
}

char *
ioc_test_db_digest_tables (IocTestServer      *srv,
                           const char *const  *tables)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (srv->db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  for (guint t = 0; tables[t] != NULL; t++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\" ORDER BY 1", tables[t]);
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      g_checksum_update (sum, (const guchar *) tables[t], -1);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        for (int c = 0; c < sqlite3_column_count (stmt); c++)
          {
            const unsigned char *v = sqlite3_column_text (stmt, c);
            g_checksum_update (sum, v != NULL ? v : (const guchar *) "\x01NULL", -1);
            g_checksum_update (sum, (const guchar *) "\x1f", 1);
          }
      sqlite3_finalize (stmt);
    }
  sqlite3_close (db);
  return g_strdup (g_checksum_get_string (sum));
}
