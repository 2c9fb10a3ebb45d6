/* test-ingest.c — the SOC connector against the real iocd
 *
 * POSTs real sensor output (../shared/samples, read in place; the tests that
 * need it skip when it is absent) and checks the rows, folding, the rule for
 * bad lines, refusal of bad bodies and roles, and the live stream. */
#include "ioc-test-server.h"

#include <sqlite3.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

static GBytes *
sample (const char *name)
{
  const char *dir = g_getenv ("IOC_SAMPLES_DIR");
  g_autofree char *path = NULL;
  char *text = NULL;
  gsize len = 0;

  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    return NULL;
  path = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_get_contents (path, &text, &len, NULL));
  return g_bytes_new_take (text, len);
}

/* One integer from the database (the server may run). */
static gint64
db_int (IocTestServer *srv,
        const char    *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *st = NULL;
  gint64 v = -1;

  g_assert_cmpint (sqlite3_open_v2 (srv->db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &st, NULL), ==, SQLITE_OK);
  if (sqlite3_step (st) == SQLITE_ROW)
    v = sqlite3_column_int64 (st, 0);
  sqlite3_finalize (st);
  sqlite3_close (db);
  return v;
}

static JsonObject *
post (IocTestServer *srv,
      const char    *path,
      const char    *token,
      GBytes        *body,
      guint          expect)
{
  guint status = 0;
  g_autoptr(JsonNode) answer = ioc_test_request_raw (srv, "POST", path, token,
                                                     strstr (path, "camera-events") ? "application/json" : "application/x-ndjson",
                                                     body, &status, NULL);
  if (status != expect)
    g_error ("POST %s: %u, expected %u", path, status, expect);
  g_assert_nonnull (answer);
  return json_object_ref (json_node_get_object (answer));
}

static void
test_eve_batch_and_folding (void)
{
  g_autoptr(GBytes) eve = sample ("suricata_eve.ndjson");
  IocTestServer *srv;
  g_autofree char *token = NULL;
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;
  gint64 rows, total;

  if (eve == NULL)
    {
      g_test_skip ("the samples folder is not there");
      return;
    }
  srv = ioc_test_server_start (TRUE, NULL);
  token = ioc_test_login (srv, "admin", ioc_test_demo_password ("admin"));

  first = post (srv, "/api/v1/ingest/eve", token, eve, 200);
  /* SOURCES.md: 267 lines, 48 alert + 25 anomaly. */
  g_assert_cmpint (json_object_get_int_member (first, "read"), ==, 267);
  g_assert_cmpint (json_object_get_int_member (first, "skipped"), ==, 267 - 48 - 25);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (first, "rejected")), ==, 0);
  g_assert_cmpint (json_object_get_int_member (first, "accepted") + json_object_get_int_member (first, "folded"), ==, 73);
  g_assert_cmpint (json_object_get_int_member (first, "accepted"), >, 0);

  rows = db_int (srv, "SELECT count(*) FROM alerts WHERE source = 'suricata'");
  total = db_int (srv, "SELECT sum(count) FROM alerts WHERE source = 'suricata'");
  g_assert_cmpint (rows, ==, json_object_get_int_member (first, "accepted"));
  g_assert_cmpint (total, ==, 73);

  /* The known C2 check-in is there, critical, and visible through the API. */
  {
    guint status = 0;
    g_autoptr(JsonNode) list = ioc_test_request (srv, "GET", "/api/v1/alerts?source=suricata&limit=500", token, NULL, &status);
    JsonArray *items;
    gboolean seen = FALSE;

    g_assert_cmpuint (status, ==, 200);
    items = json_object_get_array_member (json_node_get_object (list), "items");
    g_assert_cmpint (json_array_get_length (items), ==, rows);
    for (guint i = 0; i < json_array_get_length (items); i++)
      {
        JsonObject *a = json_array_get_object_element (items, i);
        if (strstr (json_object_get_string_member (a, "signature"), "FormBook CnC") != NULL)
          {
            g_assert_cmpstr (json_object_get_string_member (a, "category"), ==, "malware_c2");
            seen = TRUE;
          }
      }
    g_assert_true (seen);
  }

  /* The same batch again: the sample's timestamps are years old, so
   * nothing is within the fold window of "now"; but each alert folds
   * onto its own earlier row (the window is measured on event time). */
  second = post (srv, "/api/v1/ingest/eve", token, eve, 200);
  g_assert_cmpint (json_object_get_int_member (second, "accepted"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (second, "folded"), ==, 73);
  g_assert_cmpint (db_int (srv, "SELECT count(*) FROM alerts WHERE source = 'suricata'"), ==, rows);
  g_assert_cmpint (db_int (srv, "SELECT sum(count) FROM alerts WHERE source = 'suricata'"), ==, 146);

  ioc_test_server_free (srv);
}

static void
test_bad_lines (void)
{
  IocTestServer *srv = ioc_test_server_start (TRUE, NULL);
  g_autofree char *token = ioc_test_login (srv, "admin", ioc_test_demo_password ("admin"));
  const char *text =
    "{\"timestamp\":\"2026-11-24T01:00:00+0700\",\"event_type\":\"alert\",\"src_ip\":\"198.51.100.1\",\"dest_ip\":\"10.0.0.1\","
      "\"alert\":{\"signature_id\":1,\"signature\":\"TEST one\",\"severity\":2}}\n"
    "{\"timestamp\":\"2026-11-24T01:00:01+0700\",\"event_type\":\"alert\",\"src_ip\":\"198.51.100.2\",\"alert\":{\"signature\n"
    "\n"
    "{\"timestamp\":\"2026-11-24T01:00:02+0700\",\"event_type\":\"alert\",\"src_ip\":\"198.51.100.3\",\"dest_ip\":\"10.0.0.1\","
      "\"alert\":{\"signature_id\":3,\"signature\":\"TEST three\",\"severity\":1}}\n";
  g_autoptr(GBytes) body = g_bytes_new_static (text, strlen (text));
  g_autoptr(JsonObject) answer = NULL;
  JsonArray *rejected;
  gint64 before = db_int (srv, "SELECT count(*) FROM alerts");

  answer = post (srv, "/api/v1/ingest/eve", token, body, 200);
  g_assert_cmpint (json_object_get_int_member (answer, "read"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (answer, "accepted"), ==, 2);
  rejected = json_object_get_array_member (answer, "rejected");
  g_assert_cmpint (json_array_get_length (rejected), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (rejected, 0), "line"), ==, 2);
  g_assert_nonnull (json_object_get_string_member (json_array_get_object_element (rejected, 0), "error"));
  g_assert_cmpint (db_int (srv, "SELECT count(*) FROM alerts"), ==, before + 2);
  ioc_test_server_free (srv);
}

static void
test_refused (void)
{
  IocTestServer *srv = ioc_test_server_start (TRUE, NULL);
  g_autofree char *admin = ioc_test_login (srv, "admin", ioc_test_demo_password ("admin"));
  g_autofree char *duty = ioc_test_login (srv, "duty", ioc_test_demo_password ("duty"));
  g_autofree char *digest = ioc_test_db_digest (srv);
  const char good[] =
    "{\"timestamp\":\"2026-11-24T01:00:00+0700\",\"event_type\":\"alert\",\"src_ip\":\"198.51.100.1\","
    "\"alert\":{\"signature_id\":1,\"signature\":\"TEST one\",\"severity\":2}}\n";
  /* The same line with one byte that is not UTF-8 in a second line. */
  g_autofree char *bad_text = g_strdup_printf ("%s{\"event_type\":\"alert\",\"x\":\"\xff\"}\n", good);
  g_autoptr(GBytes) good_body = g_bytes_new_static (good, strlen (good));
  g_autoptr(GBytes) bad_body = g_bytes_new (bad_text, strlen (bad_text));
  const char *paths[] = { "/api/v1/ingest/eve", "/api/v1/ingest/wazuh" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      guint status = 0;
      g_autoptr(JsonNode) a = NULL, b = NULL, c = NULL, d = NULL;

      a = ioc_test_request_raw (srv, "POST", paths[i], admin, "application/x-ndjson", bad_body, &status, NULL);
      g_assert_cmpuint (status, ==, 400);
      b = ioc_test_request_raw (srv, "POST", paths[i], NULL, "application/x-ndjson", good_body, &status, NULL);
      g_assert_cmpuint (status, ==, 401);
      c = ioc_test_request_raw (srv, "POST", paths[i], duty, "application/x-ndjson", good_body, &status, NULL);
      g_assert_cmpuint (status, ==, 403);
      d = ioc_test_request_raw (srv, "POST", paths[i], "made-up", "application/x-ndjson", good_body, &status, NULL);
      g_assert_cmpuint (status, ==, 401);
    }
  {
    g_autofree char *after = ioc_test_db_digest (srv);
    g_assert_cmpstr (after, ==, digest);
  }
  ioc_test_server_free (srv);
}

static void
test_wazuh (void)
{
  g_autoptr(GBytes) wazuh = sample ("wazuh_alerts.ndjson");
  g_autoptr(GBytes) malformed = sample ("wazuh_alerts_malformed.ndjson");
  IocTestServer *srv;
  g_autofree char *token = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(JsonObject) bad = NULL;

  if (wazuh == NULL)
    {
      g_test_skip ("the samples folder is not there");
      return;
    }
  srv = ioc_test_server_start (TRUE, NULL);
  token = ioc_test_login (srv, "admin", ioc_test_demo_password ("admin"));
  answer = post (srv, "/api/v1/ingest/wazuh", token, wazuh, 200);
  g_assert_cmpint (json_object_get_int_member (answer, "read"), ==, 77);
  g_assert_cmpint (json_object_get_int_member (answer, "accepted") + json_object_get_int_member (answer, "folded"), ==, 77);
  g_assert_cmpint (db_int (srv, "SELECT sum(count) FROM alerts WHERE source = 'wazuh'"), ==, 77);

  bad = post (srv, "/api/v1/ingest/wazuh", token, malformed, 200);
  g_assert_cmpint (json_object_get_int_member (bad, "accepted"), ==, 0);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (bad, "rejected")), ==, 1);
  ioc_test_server_free (srv);
}

typedef struct {
  GPtrArray *events;   /* of JsonObject*: {seq, type, data} as the stream sent them */
  guint      want;
  gboolean   done;     /* want of them came */
} Collected;

static void
on_collect (SoupWebsocketConnection *conn,
            gint                     type,
            GBytes                  *message,
            gpointer                 user_data)
{
  Collected *c = user_data;
  gsize len;
  const char *data = g_bytes_get_data (message, &len);
  g_autofree char *text = g_strndup (data, len);
  g_autoptr(JsonNode) node = json_from_string (text, NULL);
  JsonObject *o;

  g_assert_nonnull (node);
  o = json_node_get_object (node);
  if (g_str_has_prefix (json_object_get_string_member_with_default (o, "type", ""), "alert."))
    g_ptr_array_add (c->events, json_object_ref (o));
  c->done = c->events->len >= c->want;
}

static void
test_stream (void)
{
  IocTestServer *srv = ioc_test_server_start (TRUE, NULL);
  g_autofree char *token = ioc_test_login (srv, "admin", ioc_test_demo_password ("admin"));
  g_autofree char *duty = ioc_test_login (srv, "duty", ioc_test_demo_password ("duty"));
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupWebsocketConnection) conn = NULL;
  const char text[] =
    "{\"timestamp\":\"2026-11-24T01:00:00+0700\",\"event_type\":\"alert\",\"src_ip\":\"198.51.100.1\","
    "\"http\":{\"hostname\":\"congan.daklak.gov.vn\"},"
    "\"alert\":{\"signature_id\":7,\"signature\":\"TEST streamed\",\"severity\":1}}\n";
  g_autoptr(GBytes) body = g_bytes_new_static (text, strlen (text));
  g_autoptr(JsonObject) answer = NULL;
  Collected seen = { g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref), 1, FALSE };
  JsonObject *ev;

  conn = ioc_test_stream_open (srv, duty, -1, &error);
  g_assert_no_error (error);
  g_signal_connect (conn, "message", G_CALLBACK (on_collect), &seen);
  answer = post (srv, "/api/v1/ingest/eve", token, body, 200);
  g_assert_cmpint (json_object_get_int_member (answer, "accepted"), ==, 1);
  g_assert_true (ioc_test_wait (&seen.done, 5000));
  ev = g_ptr_array_index (seen.events, 0);
  g_assert_cmpstr (json_object_get_string_member (ev, "type"), ==, "alert.created");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (ev, "data"), "signature"), ==, "TEST streamed");
  g_assert_cmpint (db_int (srv, "SELECT count(*) FROM alerts WHERE signature = 'TEST streamed' AND unit_id = 'cong_an_tinh'"), ==, 1);
  g_signal_handlers_disconnect_by_data (conn, &seen);
  soup_websocket_connection_close (conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_ptr_array_unref (seen.events);
  ioc_test_server_free (srv);
}

/* A line of the pipeline test: alert @key (0…), distinct signature per
 * key, at @t. */
static void
append_alert (GString *s,
              guint    key,
              gint64   t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t);
  g_autofree char *ts = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S.000000+0000");

  g_string_append_printf (s, "{\"timestamp\":\"%s\",\"event_type\":\"alert\",\"src_ip\":\"198.51.%u.%u\","
                          "\"src_port\":%u,\"dest_ip\":\"10.0.0.1\",\"dest_port\":443,"
                          "\"alert\":{\"signature_id\":%u,\"signature\":\"PIPE %04u\",\"severity\":2}}\n",
                          ts, key / 250, key % 250, 1000 + key, 9000 + key, key);
}

static JsonObject *
get_alert (IocTestServer *srv,
           const char    *token,
           gint64         id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/alerts/%" G_GINT64_FORMAT, id);
  guint status = 0;
  g_autoptr(JsonNode) n = ioc_test_request (srv, "GET", path, token, NULL, &status);

  g_assert_cmpuint (status, ==, 200);
  return json_object_ref (json_node_get_object (n));
}

static void
test_pipeline (void)
{
  IocTestServer *srv = ioc_test_server_start (TRUE, NULL);
  g_autofree char *token = ioc_test_login (srv, "admin", ioc_test_demo_password ("admin"));
  g_autofree char *duty = ioc_test_login (srv, "duty", ioc_test_demo_password ("duty"));
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupWebsocketConnection) conn = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonObject) answer = NULL;
  Collected c = { g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref), 396, FALSE };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint key = 0, created = 0, updated = 0, expect_key = 0;
  JsonArray *rejected;
  gint64 first_id = 0, tenth_id = 0;

  /* 400 lines, several chunks for the parsing workers: 300 alerts of
   * their own (keys 0–299), the 50 first again (they fold), two broken
   * lines, a blank one and a record that is not an alert, at known lines. */
  for (guint line = 1; line <= 400; line++)
    {
      if (line == 70 || line == 333)
        g_string_append (text, "{\"timestamp\":\"2026-11-24T01:00:01+0700\",\"event_type\":\"alert\",\"alert\":{\"sign\n");
      else if (line == 100)
        g_string_append (text, "\n");
      else if (line == 200)
        g_string_append (text, "{\"timestamp\":\"2026-11-24T01:00:01+0700\",\"event_type\":\"dns\"}\n");
      else if (key < 300)
        append_alert (text, key++, now - 60);
      else
        append_alert (text, key++ - 300, now - 30);
    }
  g_assert_cmpuint (key, ==, 396);
  body = g_string_free_to_bytes (g_steal_pointer (&text));

  conn = ioc_test_stream_open (srv, duty, -1, &error);
  g_assert_no_error (error);
  g_signal_connect (conn, "message", G_CALLBACK (on_collect), &c);
  answer = post (srv, "/api/v1/ingest/eve", token, body, 200);
  g_assert_cmpint (json_object_get_int_member (answer, "read"), ==, 399);
  g_assert_cmpint (json_object_get_int_member (answer, "accepted"), ==, 300);
  g_assert_cmpint (json_object_get_int_member (answer, "folded"), ==, 96);
  g_assert_cmpint (json_object_get_int_member (answer, "skipped"), ==, 1);
  rejected = json_object_get_array_member (answer, "rejected");
  g_assert_cmpint (json_array_get_length (rejected), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (rejected, 0), "line"), ==, 70);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (rejected, 1), "line"), ==, 333);
  g_assert_cmpint (db_int (srv, "SELECT count(*) FROM alerts WHERE signature LIKE 'PIPE %'"), ==, 300);
  g_assert_cmpint (db_int (srv, "SELECT sum(count) FROM alerts WHERE signature LIKE 'PIPE %'"), ==, 396);

  /* One event per alert, in the order of the lines, each the row as GET
   * shows it (a new alert's event is written from what was stored, not
   * read back: it must not differ). */
  g_assert_true (ioc_test_wait (&c.done, 10000));
  g_assert_cmpuint (c.events->len, ==, 396);
  for (guint i = 0; i < c.events->len; i++)
    {
      JsonObject *ev = g_ptr_array_index (c.events, i);
      JsonObject *data = json_object_get_object_member (ev, "data");
      const char *type = json_object_get_string_member (ev, "type");
      g_autofree char *sig = g_strdup_printf ("PIPE %04u", expect_key);

      g_assert_cmpstr (json_object_get_string_member (data, "signature"), ==, sig);
      expect_key = expect_key + 1 == 300 ? 0 : expect_key + 1;
      if (g_str_equal (type, "alert.created"))
        {
          g_autoptr(JsonObject) row = get_alert (srv, token, json_object_get_int_member (data, "id"));
          g_autoptr(JsonNode) a = json_node_init_object (json_node_alloc (), data);
          g_autoptr(JsonNode) b = NULL;

          created++;
          /* Keys 0–95 were folded into since; the others are as stored
           * (GET of one alert adds its raw record). */
          if (created > 96)
            {
              g_assert_true (json_object_has_member (row, "raw"));
              json_object_remove_member (row, "raw");
              b = json_node_init_object (json_node_alloc (), row);
              if (!json_node_equal (a, b))
                g_error ("event %s ≠ row %s", json_to_string (a, FALSE), json_to_string (b, FALSE));
            }
          if (created == 1)
            first_id = json_object_get_int_member (data, "id");
          if (created == 11)
            tenth_id = json_object_get_int_member (data, "id");
        }
      else
        {
          g_assert_cmpstr (type, ==, "alert.updated");
          g_assert_cmpint (json_object_get_int_member (data, "count"), ==, 2);
          updated++;
        }
    }
  g_assert_cmpuint (created, ==, 300);
  g_assert_cmpuint (updated, ==, 96);
  g_signal_handlers_disconnect_by_data (conn, &c);
  soup_websocket_connection_close (conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);

  /* A resolved alert takes no more: the same attack again is a new alert. */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/alerts/%" G_GINT64_FORMAT "/resolve", first_id);
    g_autoptr(GString) again = g_string_new (NULL);
    g_autoptr(GBytes) again_body = NULL;
    g_autoptr(JsonObject) a = NULL;
    guint status = 0;
    g_autoptr(JsonNode) r = ioc_test_request (srv, "POST", path, duty, "{}", &status);

    g_assert_cmpuint (status, ==, 200);
    append_alert (again, 0, now - 20);
    append_alert (again, 10, now - 20);
    again_body = g_string_free_to_bytes (g_steal_pointer (&again));
    a = post (srv, "/api/v1/ingest/eve", token, again_body, 200);
    g_assert_cmpint (json_object_get_int_member (a, "accepted"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (a, "folded"), ==, 1);
    g_assert_cmpint (db_int (srv, "SELECT count(*) FROM alerts WHERE signature = 'PIPE 0000'"), ==, 2);
  }

  /* iocd starts again: the groups going on are found in the database. */
  ioc_test_server_stop (srv);
  ioc_test_server_restart (srv);
  g_free (token);
  token = ioc_test_login (srv, "admin", ioc_test_demo_password ("admin"));
  {
    g_autoptr(GString) again = g_string_new (NULL);
    g_autoptr(GBytes) again_body = NULL;
    g_autoptr(JsonObject) a = NULL;
    g_autoptr(JsonObject) row = NULL;

    append_alert (again, 10, now - 10);
    again_body = g_string_free_to_bytes (g_steal_pointer (&again));
    a = post (srv, "/api/v1/ingest/eve", token, again_body, 200);
    g_assert_cmpint (json_object_get_int_member (a, "folded"), ==, 1);
    row = get_alert (srv, token, tenth_id);
    g_assert_cmpint (json_object_get_int_member (row, "count"), ==, 4);
  }
  g_ptr_array_unref (c.events);
  ioc_test_server_free (srv);
}

static GBytes *
sample_or_skip (const char *name)
{
  GBytes *b = sample (name);
  if (b == NULL)
    g_test_skip ("the samples folder is not there");
  return b;
}

static void
test_camera_events (void)
{
  g_autoptr(GBytes) frigate = sample_or_skip ("frigate_events.json");
  g_autoptr(GBytes) api_old = NULL, api_new = NULL;
  IocTestServer *srv;
  g_autofree char *token = NULL, *duty = NULL;
  guint status = 0;

  if (frigate == NULL)
    return;
  api_old = sample ("frigate_api_events_pre013_shape.json");
  api_new = sample ("frigate_api_events.json");
  srv = ioc_test_server_start (TRUE, NULL);
  token = ioc_test_login (srv, "admin", ioc_test_demo_password ("admin"));
  duty = ioc_test_login (srv, "duty", ioc_test_demo_password ("duty"));

  /* Frigate's camera is not one of ours yet: 422 naming it, nothing stored. */
  {
    g_autofree char *digest = ioc_test_db_digest (srv);
    g_autofree char *after = NULL;
    g_autoptr(GBytes) out = NULL;
    g_autoptr(JsonNode) a = ioc_test_request_raw (srv, "POST", "/api/v1/ingest/camera-events", token,
                                                  "application/json", frigate, &status, &out);
    g_autofree char *text = g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out));
    g_assert_cmpuint (status, ==, 422);
    g_assert_nonnull (a);
    g_assert_nonnull (strstr (text, "front_door"));
    g_assert_nonnull (strstr (text, "camera_id"));
    after = ioc_test_db_digest (srv);
    g_assert_cmpstr (after, ==, digest);
  }
  {
    g_autoptr(JsonNode) a = ioc_test_request (srv, "POST", "/api/v1/cameras", token,
      "{\"id\":\"front_door\",\"name\":\"Cổng trước\",\"lat\":12.68,\"lon\":108.04,\"kind\":\"security\"}", &status);
    g_assert_cmpuint (status, ==, 201);
    g_assert_nonnull (a);
  }
  /* A duty officer is not a connector. */
  {
    g_autoptr(JsonNode) a = ioc_test_request_raw (srv, "POST", "/api/v1/ingest/camera-events", duty,
                                                  "application/json", frigate, &status, NULL);
    g_assert_cmpuint (status, ==, 403);
    g_assert_nonnull (a);
  }
  {
    g_autoptr(JsonObject) a = post (srv, "/api/v1/ingest/camera-events", token, frigate, 200);
    /* 14 payloads of 3 tracks: new/update/update/end, one car, 9 doc examples of one id. */
    g_assert_cmpint (json_object_get_int_member (a, "created"), ==, 3);
    g_assert_cmpint (json_object_get_int_member (a, "updated"), ==, 11);
  }
  {
    g_autoptr(JsonNode) list = ioc_test_request (srv, "GET", "/api/v1/camera-events?camera_id=front_door&limit=100",
                                                 duty, NULL, &status);
    JsonArray *items;
    guint ended = 0, plates = 0;

    g_assert_cmpuint (status, ==, 200);
    items = json_object_get_array_member (json_node_get_object (list), "items");
    g_assert_cmpint (json_array_get_length (items), ==, 3);
    for (guint i = 0; i < json_array_get_length (items); i++)
      {
        JsonObject *e = json_array_get_object_element (items, i);
        if (g_strcmp0 (json_object_get_string_member (e, "external_id"), "1701219277.370731-gsjiax") == 0)
          {
            g_assert_cmpstr (json_object_get_string_member (e, "kind"), ==, "intrusion");
            g_assert_false (json_node_is_null (json_object_get_member (e, "end_time")));
            ended++;
          }
        if (g_strcmp0 (json_object_get_string_member (e, "kind"), "plate") == 0)
          plates++;
      }
    g_assert_cmpuint (ended, ==, 1);
    g_assert_cmpuint (plates, ==, 1);
  }
  /* Frigate's GET /api/events, both shapes: 50 ended person tracks. */
  if (api_old != NULL && api_new != NULL)
    {
      g_autoptr(JsonObject) a = post (srv, "/api/v1/ingest/camera-events", token, api_old, 200);
      g_autoptr(JsonObject) b = post (srv, "/api/v1/ingest/camera-events", token, api_new, 200);
      g_assert_cmpint (json_object_get_int_member (a, "created") + json_object_get_int_member (a, "updated"), ==, 50);
      g_assert_cmpint (json_object_get_int_member (b, "updated"), ==, 50);
    }
  /* The generic form. */
  {
    const char *ev = "{\"camera_id\":\"front_door\",\"kind\":\"red_light\",\"time\":\"2026-11-24T07:30:00+07:00\","
                     "\"label\":\"car\",\"confidence\":0.91,\"plate\":\"47A-123.45\",\"zones\":[\"nga_tu\"]}";
    g_autoptr(GBytes) body = g_bytes_new_static (ev, strlen (ev));
    g_autoptr(JsonObject) a = post (srv, "/api/v1/ingest/camera-events", token, body, 200);
    g_assert_cmpint (json_object_get_int_member (a, "created"), ==, 1);
  }
  {
    const char *ev = "{\"camera_id\":\"front_door\",\"kind\":\"ufo\"}";
    g_autoptr(GBytes) body = g_bytes_new_static (ev, strlen (ev));
    g_autoptr(JsonNode) a = ioc_test_request_raw (srv, "POST", "/api/v1/ingest/camera-events", token,
                                                  "application/json", body, &status, NULL);
    g_assert_cmpuint (status, ==, 422);
    g_assert_nonnull (a);
  }
  ioc_test_server_free (srv);
}

static void
append_file (const char *path,
             const char *text)
{
  FILE *f = fopen (path, "a");
  g_assert_nonnull (f);
  fputs (text, f);
  fclose (f);
}

static gboolean
wait_rows (IocTestServer *srv,
           const char    *sql,
           gint64         want)
{
  gint64 until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < until)
    {
      if (db_int (srv, sql) == want)
        return TRUE;
      g_usleep (100 * 1000);
    }
  return db_int (srv, sql) == want;
}

#define TAIL_LINE(n) \
  "{\"timestamp\":\"2026-11-24T01:00:00+0700\",\"event_type\":\"alert\",\"src_ip\":\"198.51.100." #n "\"," \
  "\"alert\":{\"signature_id\":9,\"signature\":\"TEST tailed\",\"severity\":2}}"

static void
test_tail (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ioc-tail-XXXXXX", NULL);
  g_autofree char *eve = g_build_filename (dir, "eve.json", NULL);
  g_autofree char *rotated = g_build_filename (dir, "eve.json.1", NULL);
  g_autofree char *conf = g_build_filename (dir, "iocd.conf", NULL);
  g_autofree char *conf_text = g_strdup_printf ("[iocd]\neve-file=%s\n", eve);
  const char *const args[] = { "--config", conf, NULL };
  const char *count = "SELECT count(*) FROM alerts WHERE signature = 'TEST tailed'";
  IocTestServer *srv;

  g_assert_true (g_file_set_contents (conf, conf_text, -1, NULL));
  /* What is in the file before iocd starts is history, not replayed. */
  append_file (eve, TAIL_LINE (1) "\n");
  srv = ioc_test_server_start (TRUE, args);
  g_usleep (1500 * 1000);
  g_assert_cmpint (db_int (srv, count), ==, 0);

  /* Appended lines; a partial line waits for its newline. */
  append_file (eve, TAIL_LINE (2) "\n" TAIL_LINE (3) "\n{\"timestamp\":\"2026-11-24T01:00:00+0700\",\"event_type\"");
  g_assert_true (wait_rows (srv, count, 2));
  append_file (eve, ":\"alert\",\"src_ip\":\"198.51.100.4\",\"alert\":{\"signature_id\":9,\"signature\":\"TEST tailed\",\"severity\":2}}\n");
  g_assert_true (wait_rows (srv, count, 3));

  /* logrotate: move and create. */
  g_assert_cmpint (g_rename (eve, rotated), ==, 0);
  append_file (eve, TAIL_LINE (5) "\n");
  g_assert_true (wait_rows (srv, count, 4));
  /* copytruncate. */
  g_assert_true (g_file_set_contents (eve, "", 0, NULL));
  g_usleep (1500 * 1000);
  append_file (eve, TAIL_LINE (6) "\n");
  g_assert_true (wait_rows (srv, count, 5));

  ioc_test_server_free (srv);
  g_unlink (eve);
  g_unlink (rotated);
  g_unlink (conf);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ingest/eve-batch-and-folding", test_eve_batch_and_folding);
  g_test_add_func ("/ingest/bad-lines", test_bad_lines);
  g_test_add_func ("/ingest/refused", test_refused);
  g_test_add_func ("/ingest/wazuh", test_wazuh);
  g_test_add_func ("/ingest/stream", test_stream);
  g_test_add_func ("/ingest/pipeline", test_pipeline);
  g_test_add_func ("/ingest/camera-events", test_camera_events);
  g_test_add_func ("/ingest/tail", test_tail);
  return g_test_run ();
}
