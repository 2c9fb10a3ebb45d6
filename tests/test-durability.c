/* test-durability.c — no answered write is lost when iocd is killed
 *
 * Clients keep writing (8 requests in flight) while iocd is killed with
 * SIGKILL. After a restart on the same database, every write that was
 * answered 2xx is there, each with its event, and the event sequence has no
 * hole.
 */
#include "ioc-test-server.h"

#include <signal.h>
#include <sqlite3.h>
#include <string.h>

#define IN_FLIGHT 8

typedef struct {
  IocTestServer *srv;
  char          *token;
  GPtrArray     *answered;    /* descriptions of the reports answered 201 */
  guint          next;
  guint          pending;
  gboolean       stop;
  guint          failed;
} Writer;

static void send_one (Writer *w);

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  SoupMessage *msg = user_data;
  Writer *w = g_object_get_data (G_OBJECT (msg), "writer");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);

  w->pending--;
  if (body != NULL && soup_message_get_status (msg) == 201)
    g_ptr_array_add (w->answered, g_strdup (g_object_get_data (G_OBJECT (msg), "tag")));
  else
    w->failed++;
  g_object_unref (msg);
  if (!w->stop)
    send_one (w);
}

static void
send_one (Writer *w)
{
  g_autofree char *url = g_strconcat (w->srv->base_url, "/api/v1/reports", NULL);
  g_autofree char *auth = g_strconcat ("Bearer ", w->token, NULL);
  char *tag = g_strdup_printf ("durable-%u", w->next++);
  g_autofree char *json = g_strdup_printf ("{\"category\":\"littering\",\"description\":\"%s\",\"lat\":12.7,\"lon\":108.05}", tag);
  SoupMessage *msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  g_object_set_data_full (G_OBJECT (msg), "tag", tag, g_free);
  g_object_set_data (G_OBJECT (msg), "writer", w);
  w->pending++;
  soup_session_send_and_read_async (w->srv->session, msg, G_PRIORITY_DEFAULT, NULL, on_sent, msg);
}

static gboolean
kill_now (gpointer user_data)
{
  Writer *w = user_data;

  /* SIGKILL: no chance to flush anything that was not already durable. */
  g_subprocess_send_signal (w->srv->proc, SIGKILL);
  w->stop = TRUE;
  return G_SOURCE_REMOVE;
}

static void
test_kill_while_writing (void)
{
  IocTestServer *srv = ioc_test_server_start (TRUE, NULL);
  Writer w = { 0 };
  gint64 until;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 prev = 0, n_events = 0;
  guint found = 0;

  w.srv = srv;
  w.token = ioc_test_login (srv, "duty", "duty-demo-1022");
  w.answered = g_ptr_array_new_with_free_func (g_free);
  for (int i = 0; i < IN_FLIGHT; i++)
    send_one (&w);
  g_timeout_add (1500, kill_now, &w);

  until = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while ((!w.stop || w.pending > 0) && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (w.pending, ==, 0);
  g_test_message ("%u writes answered before the kill, %u cut off", w.answered->len, w.failed);
  g_assert_cmpuint (w.answered->len, >, 20);
  g_assert_cmpuint (w.failed, >=, 1);     /* the kill did hit requests in flight */

  {
    g_autoptr(GError) error = NULL;
    g_subprocess_wait (srv->proc, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (g_subprocess_get_if_signaled (srv->proc));
    g_clear_object (&srv->proc);
    soup_session_abort (srv->session);
  }
  ioc_test_server_restart (srv);

  /* Every answered write is there, once, with its event. */
  g_assert_cmpint (sqlite3_open_v2 (srv->db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  for (guint i = 0; i < w.answered->len; i++)
    {
      const char *tag = g_ptr_array_index (w.answered, i);
      g_assert_cmpint (sqlite3_prepare_v2 (db,
        "SELECT (SELECT COUNT(*) FROM reports WHERE description = ?1),"
        "       (SELECT COUNT(*) FROM events WHERE type = 'report.created' AND json_extract(data, '$.description') = ?1)",
        -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_text (stmt, 1, tag, -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
      g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, 1);
      sqlite3_finalize (stmt);
      found++;
    }
  g_assert_cmpuint (found, ==, w.answered->len);

  /* The event sequence has no hole. */
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT seq FROM events ORDER BY seq", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 seq = sqlite3_column_int64 (stmt, 0);
      if (prev != 0)
        g_assert_cmpint (seq, ==, prev + 1);
      prev = seq;
      n_events++;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_cmpint (n_events, >, (gint64) w.answered->len);

  /* And the restarted iocd carries on from there. */
  {
    guint status = 0;
    g_autoptr(JsonNode) r = ioc_test_request (srv, "POST", "/api/v1/reports", w.token,
                                              "{\"category\":\"littering\",\"description\":\"after\",\"address\":\"x\"}", &status);
    g_autoptr(JsonNode) h = NULL;
    g_assert_cmpuint (status, ==, 201);   /* sessions survive a restart */
    h = ioc_test_request (srv, "GET", "/healthz", NULL, NULL, &status);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (h), "last_seq"), ==, prev + 1);
  }

  g_free (w.token);
  g_ptr_array_unref (w.answered);
  ioc_test_server_free (srv);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/durability/kill-while-writing", test_kill_while_writing);
  return g_test_run ();
}
