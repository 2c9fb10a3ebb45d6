/* test-sources.c — per-source freshness against the real iocd
 *
 * Every connector has a row in /api/v1/sources from the start; a source
 * silent for longer than its expected interval (set per connector in the
 * config file) becomes stale with a "source.stale" event, and its next
 * update makes it fresh again ("source.fresh"). /metrics says the same.
 */
#include "ioc-test-server.h"

#include <glib/gstdio.h>
#include <string.h>

#define EVE_LINE \
  "{\"timestamp\":\"2026-11-24T01:00:00+0700\",\"event_type\":\"alert\",\"src_ip\":\"198.51.100.7\"," \
  "\"alert\":{\"signature_id\":9,\"signature\":\"TEST freshness\",\"severity\":2}}\n"

static JsonObject *
source_row (IocTestServer *srv,
            const char    *token,
            const char    *name)
{
  guint status = 0;
  g_autofree char *path = g_strdup_printf ("/api/v1/sources/%s", name);
  g_autoptr(JsonNode) node = ioc_test_request (srv, "GET", path, token, NULL, &status);

  g_assert_cmpuint (status, ==, 200);
  return json_object_ref (json_node_get_object (node));
}

static void
post_eve (IocTestServer *srv,
          const char    *token)
{
  g_autoptr(GBytes) body = g_bytes_new_static (EVE_LINE, strlen (EVE_LINE));
  guint status = 0;
  g_autoptr(JsonNode) answer = ioc_test_request_raw (srv, "POST", "/api/v1/ingest/eve", token,
                                                     "application/x-ndjson", body, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
}

typedef struct {
  GPtrArray *types;
} Seen;

static void
on_message (SoupWebsocketConnection *ws,
            gint                     kind,
            GBytes                  *message,
            gpointer                 user_data)
{
  Seen *seen = user_data;
  gsize len;
  const char *text = g_bytes_get_data (message, &len);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *o;

  if (!json_parser_load_from_data (parser, text, len, NULL))
    return;
  o = json_node_get_object (json_parser_get_root (parser));
  if (json_object_has_member (o, "type"))
    g_ptr_array_add (seen->types, g_strdup (json_object_get_string_member (o, "type")));
}

static gboolean
seen_type (Seen       *seen,
           const char *type)
{
  for (guint i = 0; i < seen->types->len; i++)
    if (strcmp (g_ptr_array_index (seen->types, i), type) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
wait_type (Seen       *seen,
           const char *type,
           guint       timeout_ms)
{
  gint64 end = g_get_monotonic_time () + timeout_ms * 1000;

  while (!seen_type (seen, type) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (10000), TRUE);
  return seen_type (seen, type);
}

static void
test_stale_and_fresh (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ioc-sources-XXXXXX", NULL);
  g_autofree char *conf = g_build_filename (dir, "iocd.conf", NULL);
  const char *const args[] = { "--config", conf, NULL };
  IocTestServer *srv;
  g_autofree char *token = NULL;
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) fresh = NULL;
  g_autoptr(JsonObject) stale = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(JsonObject) ai = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupWebsocketConnection) ws = NULL;
  Seen seen = { g_ptr_array_new_with_free_func (g_free) };
  guint status = 0;
  g_autoptr(GBytes) metrics = NULL;

  g_assert_true (g_file_set_contents (conf, "[iocd]\nfreshness-interval=1\n[soc]\nexpected-interval=2\n", -1, NULL));
  srv = ioc_test_server_start (TRUE, args);
  token = ioc_test_login (srv, "duty", ioc_test_demo_password ("duty"));

  /* Every connector is listed before it ever reported. */
  before = source_row (srv, token, "soc");
  g_assert_cmpint (json_object_get_int_member (before, "expected_interval"), ==, 2);
  g_assert_false (json_object_get_boolean_member (before, "stale"));
  g_assert_true (json_object_get_null_member (before, "last_update"));
  ai = source_row (srv, token, "cameras-ai");
  g_assert_cmpint (json_object_get_int_member (ai, "expected_interval"), ==, 0);
  g_assert_nonnull (json_object_get_string_member (ai, "detail"));

  /* Never reported: not stale, however long it waits. */
  g_usleep (3200 * 1000);
  g_clear_pointer (&before, json_object_unref);
  before = source_row (srv, token, "soc");
  g_assert_false (json_object_get_boolean_member (before, "stale"));

  ws = ioc_test_stream_open (srv, token, -1, &error);
  g_assert_no_error (error);
  g_signal_connect (ws, "message", G_CALLBACK (on_message), &seen);

  {
    g_autofree char *admin = ioc_test_login (srv, "admin", ioc_test_demo_password ("admin"));
    post_eve (srv, admin);
    g_assert_true (wait_type (&seen, "source.updated", 5000));
    fresh = source_row (srv, token, "soc");
    g_assert_false (json_object_get_boolean_member (fresh, "stale"));
    g_assert_false (json_object_get_null_member (fresh, "last_update"));

    /* Silent for longer than 2 s: stale, with an event. */
    g_assert_true (wait_type (&seen, "source.stale", 8000));
    stale = source_row (srv, token, "soc");
    g_assert_true (json_object_get_boolean_member (stale, "stale"));
    g_assert_cmpstr (json_object_get_string_member (stale, "last_update"), ==,
                     json_object_get_string_member (fresh, "last_update"));
    /* A source that is never stale stays so. */
    g_clear_pointer (&ai, json_object_unref);
    ai = source_row (srv, token, "cameras-ai");
    g_assert_false (json_object_get_boolean_member (ai, "stale"));

    ioc_test_request_raw (srv, "GET", "/metrics", NULL, NULL, NULL, &status, &metrics);
    g_assert_cmpuint (status, ==, 200);
    g_assert_nonnull (g_strstr_len (g_bytes_get_data (metrics, NULL), g_bytes_get_size (metrics),
                                    "iocd_source_stale{source=\"soc\"} 1"));

    /* The next update makes it fresh again. */
    post_eve (srv, admin);
    g_assert_true (wait_type (&seen, "source.fresh", 5000));
    again = source_row (srv, token, "soc");
    g_assert_false (json_object_get_boolean_member (again, "stale"));
  }

  soup_websocket_connection_close (ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_ptr_array_unref (seen.types);
  ioc_test_server_free (srv);
  g_unlink (conf);
  g_rmdir (dir);
}

static void
test_bad_interval (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ioc-sources-XXXXXX", NULL);
  g_autofree char *conf = g_build_filename (dir, "iocd.conf", NULL);
  g_autofree char *db = g_build_filename (dir, "iocd.db", NULL);
  const char *iocd = g_getenv ("IOCD_BIN");
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_true (g_file_set_contents (conf, "[soc]\nexpected-interval=soon\n", -1, NULL));
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                           iocd, "--config", conf, "--database", db, "--listen", "127.0.0.1:0", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error));
  g_assert_false (g_subprocess_get_successful (proc));
  g_assert_nonnull (strstr (err, "[soc] expected-interval"));
  g_unlink (conf);
  g_unlink (db);
  {
    g_autofree char *wal = g_strconcat (db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db, "-shm", NULL);
    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sources/stale-and-fresh", test_stale_and_fresh);
  g_test_add_func ("/sources/bad-interval", test_bad_interval);
  return g_test_run ();
}
