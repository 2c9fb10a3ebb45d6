/* test-stream.c — the live event stream against the real iocd
 *
 * Resume with since= after a disconnect gets exactly the missed events in
 * order; a too-old since= gets a resync; a console that does not keep up is
 * dropped without holding the others back; no token, no stream.
 */
#include "ioc-test-server.h"

#include <glib/gstdio.h>
#include <string.h>

typedef struct {
  SoupWebsocketConnection *conn;
  GPtrArray *messages;     /* JsonObject* */
  gboolean   auto_ack;
  gboolean   closed;
  gushort    close_code;
  char      *close_reason;
} Client;

static void
on_message (SoupWebsocketConnection *conn,
            gint                     type,
            GBytes                  *message,
            gpointer                 user_data)
{
  Client *c = user_data;
  gsize len;
  const char *data = g_bytes_get_data (message, &len);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *o;

  g_assert_true (json_parser_load_from_data (parser, data, len, NULL));
  o = json_node_get_object (json_parser_get_root (parser));
  g_ptr_array_add (c->messages, json_object_ref (o));
  if (c->auto_ack && json_object_has_member (o, "seq") && json_object_has_member (o, "data"))
    {
      g_autofree char *ack = g_strdup_printf ("{\"ack\":%" G_GINT64_FORMAT "}", json_object_get_int_member (o, "seq"));
      soup_websocket_connection_send_text (conn, ack);
    }
}

static void
on_closed (SoupWebsocketConnection *conn,
           gpointer                 user_data)
{
  Client *c = user_data;
  c->closed = TRUE;
  c->close_code = soup_websocket_connection_get_close_code (conn);
  c->close_reason = g_strdup (soup_websocket_connection_get_close_data (conn));
}

static Client *
client_open (IocTestServer *srv,
             const char    *token,
             gint64         since,
             gboolean       auto_ack)
{
  g_autoptr(GError) error = NULL;
  Client *c = g_new0 (Client, 1);

  c->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  c->auto_ack = auto_ack;
  c->conn = ioc_test_stream_open (srv, token, since, &error);
  g_assert_no_error (error);
  g_signal_connect (c->conn, "message", G_CALLBACK (on_message), c);
  g_signal_connect (c->conn, "closed", G_CALLBACK (on_closed), c);
  /* The server greets first. */
  {
    gint64 until = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
    while (c->messages->len == 0 && !c->closed && g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, TRUE);
  }
  return c;
}

static void
client_close (Client *c)
{
  if (!c->closed)
    {
      soup_websocket_connection_close (c->conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      ioc_test_wait (&c->closed, 5000);
    }
  g_signal_handlers_disconnect_by_data (c->conn, c);
  g_object_unref (c->conn);
  g_ptr_array_unref (c->messages);
  g_free (c->close_reason);
  g_free (c);
}

/* Event messages only (with a seq and data), in arrival order. */
static GPtrArray *
events_of (Client *c)
{
  GPtrArray *out = g_ptr_array_new ();
  for (guint i = 0; i < c->messages->len; i++)
    {
      JsonObject *o = g_ptr_array_index (c->messages, i);
      if (json_object_has_member (o, "seq") && json_object_has_member (o, "data"))
        g_ptr_array_add (out, o);
    }
  return out;
}

static gboolean
wait_events (Client *c,
             guint   n,
             guint   timeout_ms)
{
  gint64 until = g_get_monotonic_time () + timeout_ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      g_autoptr(GPtrArray) ev = events_of (c);
      if (ev->len >= n)
        return TRUE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return FALSE;
}

static void
make_reports (IocTestServer *srv,
              const char    *token,
              guint          n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"category\":\"littering\",\"description\":\"stream %u\",\"lat\":12.7,\"lon\":108.05}", i);
      guint status = 0;
      g_autoptr(JsonNode) r = ioc_test_request (srv, "POST", "/api/v1/reports", token, body, &status);
      g_assert_cmpuint (status, ==, 201);
    }
}

static gint64
last_seq (IocTestServer *srv)
{
  guint status = 0;
  g_autoptr(JsonNode) h = ioc_test_request (srv, "GET", "/healthz", NULL, NULL, &status);
  return json_object_get_int_member (json_node_get_object (h), "last_seq");
}

static void
test_resume (void)
{
  IocTestServer *srv = ioc_test_server_start (TRUE, NULL);
  g_autofree char *token = ioc_test_login (srv, "duty", "duty-demo-1022");
  Client *c = client_open (srv, token, -1, TRUE);
  g_autoptr(GPtrArray) ev = NULL;
  gint64 seen, first_missed;
  JsonObject *hello;

  /* hello first, with the log's bounds. */
  hello = g_ptr_array_index (c->messages, 0);
  g_assert_cmpstr (json_object_get_string_member (hello, "type"), ==, "hello");
  g_assert_cmpint (json_object_get_int_member (hello, "last_seq"), ==, last_seq (srv));

  make_reports (srv, token, 3);
  g_assert_true (wait_events (c, 3, 5000));
  ev = events_of (c);
  g_assert_cmpstr (json_object_get_string_member (ev->pdata[0], "type"), ==, "report.created");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (ev->pdata[2], "data"), "description"),
                   ==, "stream 2");
  seen = json_object_get_int_member (ev->pdata[2], "seq");
  g_clear_pointer (&ev, g_ptr_array_unref);
  client_close (c);

  /* Changes while the console is away. */
  first_missed = last_seq (srv) + 1;
  make_reports (srv, token, 7);
  g_assert_cmpint (last_seq (srv), ==, seen + 7);

  c = client_open (srv, token, seen, TRUE);
  g_assert_true (wait_events (c, 7, 5000));
  /* ... then one live event after the backlog. */
  make_reports (srv, token, 1);
  g_assert_true (wait_events (c, 8, 5000));
  /* Give a duplicate the chance to show up. */
  g_usleep (200000);
  while (g_main_context_iteration (NULL, FALSE));
  ev = events_of (c);
  g_assert_cmpuint (ev->len, ==, 8);
  for (guint i = 0; i < ev->len; i++)
    g_assert_cmpint (json_object_get_int_member (ev->pdata[i], "seq"), ==, first_missed + i);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (ev->pdata[0], "data"), "description"),
                   ==, "stream 0");
  g_clear_pointer (&ev, g_ptr_array_unref);
  client_close (c);
  ioc_test_server_free (srv);
}

static char *
write_config (const char *text)
{
  g_autofree char *dir = g_dir_make_tmp ("iocd-conf-XXXXXX", NULL);
  char *path = g_build_filename (dir, "iocd.conf", NULL);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static void
remove_config (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_resync (void)
{
  g_autofree char *conf = write_config ("[iocd]\nevent-retention=100\noverdue-interval=1\n");
  const char *args[] = { "--config", conf, NULL };
  IocTestServer *srv = ioc_test_server_start (TRUE, args);
  g_autofree char *token = ioc_test_login (srv, "duty", "duty-demo-1022");
  gint64 until;
  Client *c;
  JsonObject *second;
  gint64 last;

  make_reports (srv, token, 150);
  /* iocd trims the log on its next tick (every second here). */
  until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (ioc_test_count_rows (srv, "events") > 100 && g_get_monotonic_time () < until)
    g_usleep (100000);
  g_assert_cmpint (ioc_test_count_rows (srv, "events"), <=, 100);
  last = last_seq (srv);

  c = client_open (srv, token, 1, TRUE);
  until = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (c->messages->len < 2 && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (c->messages->len, >=, 2);
  second = g_ptr_array_index (c->messages, 1);
  g_assert_cmpstr (json_object_get_string_member (second, "type"), ==, "resync");
  g_assert_cmpint (json_object_get_int_member (second, "seq"), ==, last);
  /* After a resync the stream goes on from there. */
  make_reports (srv, token, 1);
  g_assert_true (wait_events (c, 1, 5000));
  {
    g_autoptr(GPtrArray) ev = events_of (c);
    g_assert_cmpuint (ev->len, ==, 1);
    g_assert_cmpint (json_object_get_int_member (ev->pdata[0], "seq"), ==, last + 1);
  }
  client_close (c);
  ioc_test_server_free (srv);
  remove_config (conf);
}

static void
test_slow_consumer (void)
{
  g_autofree char *conf = write_config ("[iocd]\nstream-window=10\nstream-max-lag=50\n");
  const char *args[] = { "--config", conf, NULL };
  IocTestServer *srv = ioc_test_server_start (TRUE, args);
  g_autofree char *token = ioc_test_login (srv, "duty", "duty-demo-1022");
  Client *fast = client_open (srv, token, -1, TRUE);
  Client *slow = client_open (srv, token, -1, FALSE);
  g_autoptr(GPtrArray) slow_events = NULL;

  /* Paced so that the fast console has time to acknowledge, as a real one does. */
  for (guint i = 0; i < 80; i += 5)
    {
      make_reports (srv, token, 5);
      g_assert_true (wait_events (fast, i + 5, 5000));
    }
  /* The one that keeps up gets everything... */
  g_assert_true (wait_events (fast, 80, 10000));
  /* ... the one that never acknowledges got at most its window, then was dropped with a reason. */
  g_assert_true (ioc_test_wait (&slow->closed, 5000));
  g_assert_cmpint (slow->close_code, ==, 1008);
  g_assert_nonnull (strstr (slow->close_reason, "too slow"));
  slow_events = events_of (slow);
  g_assert_cmpuint (slow_events->len, <=, 10);
  g_assert_false (fast->closed);
  client_close (slow);
  client_close (fast);
  ioc_test_server_free (srv);
  remove_config (conf);
}

static void
test_no_token (void)
{
  IocTestServer *srv = ioc_test_server_start (FALSE, NULL);
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *conn = ioc_test_stream_open (srv, NULL, -1, &error);

  g_assert_null (conn);
  g_assert_nonnull (error);
  g_clear_error (&error);
  conn = ioc_test_stream_open (srv, "made-up", 0, &error);
  g_assert_null (conn);
  g_assert_nonnull (error);
  ioc_test_server_free (srv);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/stream/resume", test_resume);
  g_test_add_func ("/stream/resync", test_resync);
  g_test_add_func ("/stream/slow-consumer", test_slow_consumer);
  g_test_add_func ("/stream/no-token", test_no_token);
  return g_test_run ();
}
