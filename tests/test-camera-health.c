/* test-camera-health.c — the RTSP health checker against real simulated cameras
 *
 * Starts backend/sim's ioc-rtsp-sim with three cameras on a free port and a
 * real iocd whose checker probes every second; registers cameras pointing
 * at the simulator (and some that cannot work), and follows the stream:
 * online on registration, offline with "RTSP 404" when the simulator stops
 * a camera's mount, online again when it starts it, one event per change
 * (never per round), clear details for a refused port, a server that does
 * not speak RTSP, a missing mount, a URI that is not RTSP at all and a
 * camera that never answers (iocd keeps serving while the probe waits).
 */
#include "ioc-test-server.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>

static IocTestServer *srv;
static char *admin;

typedef struct {
  GSubprocess      *proc;
  GDataInputStream *out;
  GOutputStream    *in;
  guint             port;
} Sim;

static Sim *
sim_start (guint cameras)
{
  Sim *sim = g_new0 (Sim, 1);
  const char *bin = g_getenv ("IOC_RTSP_SIM_BIN");
  g_autofree char *n = g_strdup_printf ("%u", cameras);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (bin);
  sim->proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                bin, "--port", "0", "--cameras", n, "--size", "320x180", "--sub-size", "160x90",
                                "--fps", "10", "--lifetime", "600", NULL);
  g_assert_no_error (error);
  sim->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sim->proc));
  sim->in = g_subprocess_get_stdin_pipe (sim->proc);
  while (sim->port == 0)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (sim->out, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (line);   /* it printed PORT= before its stdout ended */
      if (g_str_has_prefix (line, "PORT="))
        sim->port = (guint) g_ascii_strtoull (line + 5, NULL, 10);
    }
  g_assert_cmpuint (sim->port, >, 0);
  return sim;
}

/* Sends a command and waits for its answer line. */
static void
sim_command (Sim        *sim,
             const char *command,
             const char *answer)
{
  g_autofree char *line = g_strdup_printf ("%s\n", command);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_output_stream_write_all (sim->in, line, strlen (line), NULL, NULL, &error));
  g_assert_no_error (error);
  for (;;)
    {
      g_autofree char *got = g_data_input_stream_read_line_utf8 (sim->out, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (got);
      if (g_str_equal (got, answer))
        return;
    }
}

static void
sim_stop (Sim *sim)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (sim->proc, SIGTERM);
  g_assert_true (g_subprocess_wait (sim->proc, NULL, &error));
  g_clear_object (&sim->out);
  g_clear_object (&sim->proc);
  g_free (sim);
}

/* ---- the stream ---------------------------------------------------------- */

typedef struct {
  GPtrArray *updates;   /* camera.updated data objects, in order */
} Seen;

static void
on_message (SoupWebsocketConnection *ws,
            gint                     kind,
            GBytes                  *message,
            gpointer                 user_data)
{
  Seen *seen = user_data;
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len;
  const char *text = g_bytes_get_data (message, &len);
  JsonObject *o;

  if (!json_parser_load_from_data (parser, text, len, NULL))
    return;
  o = json_node_get_object (json_parser_get_root (parser));
  if (g_strcmp0 (json_object_get_string_member_with_default (o, "type", NULL), "camera.updated") == 0)
    g_ptr_array_add (seen->updates, json_object_ref (json_object_get_object_member (o, "data")));
  if (json_object_has_member (o, "seq"))
    {
      g_autofree char *ack = g_strdup_printf ("{\"ack\":%" G_GINT64_FORMAT "}", json_object_get_int_member (o, "seq"));
      soup_websocket_connection_send_text (ws, ack);
    }
}

static guint
count_updates (Seen       *seen,
               const char *camera)
{
  guint n = 0;

  for (guint i = 0; i < seen->updates->len; i++)
    n += g_str_equal (json_object_get_string_member (g_ptr_array_index (seen->updates, i), "id"), camera);
  return n;
}

/* The camera's latest camera.updated with @status, waiting up to @timeout_ms. */
static JsonObject *
wait_status (Seen       *seen,
             const char *camera,
             const char *status,
             guint       timeout_ms)
{
  gint64 until = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  do
    {
      for (guint i = seen->updates->len; i > 0; i--)
        {
          JsonObject *u = g_ptr_array_index (seen->updates, i - 1);
          if (g_str_equal (json_object_get_string_member (u, "id"), camera))
            {
              if (g_str_equal (json_object_get_string_member (u, "status"), status))
                return u;
              break;
            }
        }
      g_main_context_iteration (NULL, FALSE) || (g_usleep (20000), TRUE);
    }
  while (g_get_monotonic_time () < until);
  g_error ("camera %s: no camera.updated to %s within %u ms", camera, status, timeout_ms);
}

static JsonObject *
request_ok (const char *method,
            const char *path,
            const char *body,
            guint       expect)
{
  guint status = 0;
  g_autoptr(JsonNode) node = ioc_test_request (srv, method, path, admin, body, &status);

  if (status != expect)
    {
      g_autofree char *text = node != NULL ? json_to_string (node, FALSE) : g_strdup ("");
      g_error ("%s %s: expected %u, got %u: %s", method, path, expect, status, text);
    }
  return json_object_ref (json_node_get_object (node));
}

static void
register_camera (const char *id,
                 const char *uri)
{
  g_autofree char *body = g_strdup_printf ("{\"id\":\"%s\",\"name\":\"Camera %s\",\"lat\":12.68,\"lon\":108.04,"
                                           "\"kind\":\"traffic\",\"rtsp_main\":\"%s\"}", id, id, uri);
  g_autoptr(JsonObject) row = request_ok ("POST", "/api/v1/cameras", body, 201);

  g_assert_cmpstr (json_object_get_string_member (row, "status"), ==, "unknown");
}

/* A port that nothing listens on (bound, then released). */
static guint
closed_port (void)
{
  g_autoptr(GSocket) s = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (s, any, FALSE, NULL));
  bound = g_socket_get_local_address (s, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
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

static void
assert_detail (JsonObject *update,
               const char *contains)
{
  const char *detail = json_object_get_string_member_with_default (update, "status_detail", NULL);

  g_assert_nonnull (detail);
  if (strstr (detail, contains) == NULL)
    g_error ("status_detail “%s” does not say “%s”", detail, contains);
}

static void
test_health (void)
{
  Sim *sim = sim_start (3);
  Seen seen = { g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref) };
  g_autoptr(SoupWebsocketConnection) ws = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *refused = g_strdup_printf ("rtsp://127.0.0.1:%u/cam-001", closed_port ());
  g_autofree char *http = g_strdup_printf ("rtsp://127.0.0.1:%u/api/v1/cameras", srv->port);
  g_autofree char *nomount = g_strdup_printf ("rtsp://127.0.0.1:%u/cam-404", sim->port);
  JsonObject *u;

  ws = ioc_test_stream_open (srv, admin, -1, &error);
  g_assert_no_error (error);
  g_signal_connect (ws, "message", G_CALLBACK (on_message), &seen);

  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("t-%03u", i);
      g_autofree char *uri = g_strdup_printf ("rtsp://127.0.0.1:%u/cam-%03u", sim->port, i);
      register_camera (id, uri);
    }
  register_camera ("t-refused", refused);
  register_camera ("t-http", http);
  register_camera ("t-nomount", nomount);

  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("t-%03u", i);
      u = wait_status (&seen, id, "online", 20000);
      assert_detail (u, "RTSP 200");
      assert_detail (u, "H264");
      /* The event is the whole row, plus the detail. */
      g_assert_true (json_object_has_member (u, "rtsp_main"));
      g_assert_true (json_object_has_member (u, "name"));
      g_assert_nonnull (json_object_get_string_member (u, "updated_at"));
      g_assert_nonnull (json_object_get_string_member (u, "status_changed_at"));
    }
  assert_detail (wait_status (&seen, "t-refused", "offline", 20000), "connection refused");
  assert_detail (wait_status (&seen, "t-http", "offline", 20000), "not an RTSP server");
  assert_detail (wait_status (&seen, "t-nomount", "offline", 20000), "RTSP 404");

  /* Bad data from elsewhere (an import, an old database): not RTSP at all. */
  sql_exec ("INSERT INTO cameras (id, name, kind, rtsp_main, status) VALUES ('t-scheme', 'HTTP camera', 'security', 'http://127.0.0.1:1/x', 'unknown')");
  assert_detail (wait_status (&seen, "t-scheme", "offline", 20000), "not an RTSP URI");

  /* The table says the same; the detail is only in the event. */
  {
    g_autoptr(JsonObject) row = request_ok ("GET", "/api/v1/cameras/t-002", NULL, 200);
    g_assert_cmpstr (json_object_get_string_member (row, "status"), ==, "online");
    g_assert_false (json_object_has_member (row, "status_detail"));
  }

  /* The camera loses power: its mount is gone (404), offline after a few rounds. */
  sim_command (sim, "stop cam-002", "stopped cam-002");
  assert_detail (wait_status (&seen, "t-002", "offline", 30000), "RTSP 404");
  sim_command (sim, "start cam-002", "started cam-002");
  assert_detail (wait_status (&seen, "t-002", "online", 30000), "RTSP 200");

  /* Rounds ran all along (every second) but only changes made events. */
  g_assert_cmpuint (count_updates (&seen, "t-001"), ==, 1);
  g_assert_cmpuint (count_updates (&seen, "t-003"), ==, 1);
  g_assert_cmpuint (count_updates (&seen, "t-002"), ==, 3);
  g_assert_cmpuint (count_updates (&seen, "t-refused"), ==, 1);

  /* What the checker knows, and the source's freshness. */
  {
    g_autoptr(JsonObject) health = request_ok ("GET", "/api/v1/camera-health", NULL, 200);
    g_autoptr(JsonObject) source = request_ok ("GET", "/api/v1/sources/cameras", NULL, 200);
    JsonArray *items = json_object_get_array_member (health, "items");
    guint found = 0;

    g_assert_cmpint (json_object_get_int_member (health, "probe_interval"), ==, 1);
    for (guint i = 0; i < json_array_get_length (items); i++)
      {
        JsonObject *h = json_array_get_object_element (items, i);
        if (g_str_equal (json_object_get_string_member (h, "camera_id"), "t-refused"))
          {
            g_assert_cmpstr (json_object_get_string_member (h, "status"), ==, "offline");
            g_assert_cmpint (json_object_get_int_member (h, "failures"), >=, 1);
            found++;
          }
      }
    g_assert_cmpuint (found, ==, 1);
    g_assert_false (json_object_get_null_member (source, "last_update"));
    g_assert_false (json_object_get_boolean_member (source, "stale"));
  }
  {
    g_autoptr(JsonObject) offline = request_ok ("GET", "/api/v1/cameras?status=offline&sort=id", NULL, 200);
    g_assert_cmpint (json_object_get_int_member (offline, "total"), ==, 4);
  }

  /* A camera that accepts the connection and never answers: the probe
   * waits in its thread, iocd keeps answering, and then says "timeout". */
  {
    g_autoptr(GSocket) listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
    g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) any = g_inet_socket_address_new (lo, 0);
    g_autoptr(GSocketAddress) bound = NULL;
    g_autoptr(GSocket) conn = NULL;
    g_autofree char *uri = NULL;
    char buf[1024];
    gssize n;
    guint status = 0;

    g_assert_true (g_socket_bind (listener, any, TRUE, &error));
    g_assert_true (g_socket_listen (listener, &error));
    g_socket_set_timeout (listener, 20);
    bound = g_socket_get_local_address (listener, &error);
    uri = g_strdup_printf ("rtsp://127.0.0.1:%u/silent", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
    register_camera ("t-silent", uri);
    conn = g_socket_accept (listener, NULL, &error);
    g_assert_no_error (error);
    g_socket_set_timeout (conn, 10);
    n = g_socket_receive (conn, buf, sizeof buf - 1, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (n, >, 0);
    buf[n] = '\0';
    g_assert_true (g_str_has_prefix (buf, "OPTIONS rtsp://127.0.0.1:"));
    {
      g_autoptr(JsonNode) h = ioc_test_request (srv, "GET", "/healthz", NULL, NULL, &status);
      g_autoptr(JsonObject) row = request_ok ("GET", "/api/v1/cameras/t-001", NULL, 200);
      g_assert_cmpuint (status, ==, 200);
    }
    /* The probe is still waiting for our answer (no end of stream yet). */
    g_socket_set_blocking (conn, FALSE);
    n = g_socket_receive (conn, buf, sizeof buf - 1, NULL, &error);
    g_assert_cmpint (n, ==, -1);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK);
    g_clear_error (&error);
    assert_detail (wait_status (&seen, "t-silent", "offline", 30000), "timeout");
  }
  {
    g_autoptr(JsonObject) offline = request_ok ("GET", "/api/v1/cameras?status=offline", NULL, 200);
    g_assert_cmpint (json_object_get_int_member (offline, "total"), ==, 5);
  }

  /* Nothing crashed: iocd answers (and stops cleanly at the end). */
  {
    guint status = 0;
    g_autoptr(JsonNode) h = ioc_test_request (srv, "GET", "/healthz", NULL, NULL, &status);
    g_assert_cmpuint (status, ==, 200);
  }
  soup_websocket_connection_close (ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_ptr_array_unref (seen.updates);
  sim_stop (sim);
}

/* Bad settings are refused at start, naming the key. */
static void
test_bad_config (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ioc-cam-conf-XXXXXX", NULL);
  g_autofree char *conf = g_build_filename (dir, "bad.conf", NULL);
  g_autofree char *db = g_build_filename (dir, "bad.db", NULL);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;

  g_assert_true (g_file_set_contents (conf, "[cameras]\nprobe-timeout=0\n", -1, NULL));
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                           g_getenv ("IOCD_BIN"), "--config", conf, "--database", db, "--listen", "127.0.0.1:0", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, NULL, &err, &error));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), !=, 0);
  g_assert_nonnull (strstr (err, "probe-timeout"));
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;
    while ((name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *p = g_build_filename (dir, name, NULL);
        g_remove (p);
      }
    g_rmdir (dir);
  }
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = NULL;
  g_autofree char *conf = NULL;
  int rc;

  g_test_init (&argc, &argv, NULL);
  dir = g_dir_make_tmp ("ioc-camera-health-XXXXXX", NULL);
  conf = g_build_filename (dir, "iocd.conf", NULL);
  /* No demo: only this test's cameras are probed. */
  g_assert_true (g_file_set_contents (conf,
    "[cameras]\nprobe-interval=1\nprobe-timeout=5\noffline-after=2\nconcurrency=4\n", -1, NULL));
  {
    const char *const args[] = { "--config", conf, NULL };
    g_autoptr(GSubprocess) add = NULL;
    g_autoptr(GError) error = NULL;

    srv = ioc_test_server_start (FALSE, args);
    add = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                            g_getenv ("IOCD_BIN"), "--database", srv->db_path, "user", "add", "admin", "--role", "admin", NULL);
    g_assert_no_error (error);
    g_assert_true (g_subprocess_communicate_utf8 (add, "camera-health-test-pass\n", NULL, NULL, NULL, &error));
    g_assert_cmpint (g_subprocess_get_exit_status (add), ==, 0);
    admin = ioc_test_login (srv, "admin", "camera-health-test-pass");
  }

  g_test_add_func ("/camera-health/sim", test_health);
  g_test_add_func ("/camera-health/bad-config", test_bad_config);
  rc = g_test_run ();

  ioc_test_server_free (srv);
  g_free (admin);
  g_remove (conf);
  g_rmdir (dir);
  return rc;
}
