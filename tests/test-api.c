/* test-api.c — the REST API against the real iocd on loopback
 *
 * Sign-in per role, the full role matrix of every state-changing endpoint,
 * a field report through its whole life, the derived overdue state, and bad
 * input: every refusal is a 4xx JSON error and leaves the database as it
 * was (compared row by row).
 */
#include "ioc-test-server.h"
#include "ioc-server.h"
#include "ioc-store-sqlite.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

static IocTestServer *srv;
static char *tokens[4];   /* duty, supervisor, leader, admin */
static const char *const role_names[] = { "duty", "supervisor", "leader", "admin" };

static JsonObject *
request_ok (const char *method,
            const char *path,
            const char *token,
            const char *body,
            guint       expected)
{
  guint status = 0;
  JsonNode *node = ioc_test_request (srv, method, path, token, body, &status);

  if (status != expected)
    {
      g_autofree char *text = node != NULL ? json_to_string (node, FALSE) : g_strdup ("(no body)");
      g_error ("%s %s: expected %u, got %u: %s", method, path, expected, status, text);
    }
  if (node == NULL)
    return NULL;
  {
    JsonObject *o = JSON_NODE_HOLDS_OBJECT (node) ? json_object_ref (json_node_get_object (node)) : NULL;
    json_node_unref (node);
    return o;
  }
}

/* Asserts a JSON error with status, error name and (optionally) field. */
static void
assert_error (const char *method,
              const char *path,
              const char *token,
              const char *body,
              guint       status,
              const char *error_name,
              const char *field)
{
  guint got = 0;
  g_autoptr(JsonNode) node = ioc_test_request (srv, method, path, token, body, &got);
  JsonObject *o;

  if (got != status)
    g_error ("%s %s %s: expected %u, got %u", method, path, body ? body : "", status, got);
  g_assert_nonnull (node);
  o = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (o, "error"), ==, error_name);
  g_assert_true (strlen (json_object_get_string_member (o, "detail")) > 0);
  if (field != NULL)
    g_assert_cmpstr (json_object_get_string_member_with_default (o, "field", NULL), ==, field);
}

static char *
sql_one (const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *out = NULL;

  g_assert_cmpint (sqlite3_open (srv->db_path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    out = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return out;
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

/* ---- sign-in --------------------------------------------------------- */

static void
test_login_per_role (void)
{
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(JsonObject) me = request_ok ("GET", "/api/v1/me", tokens[i], NULL, 200);
      g_assert_cmpstr (json_object_get_string_member (me, "role"), ==, role_names[i]);
      g_assert_cmpstr (json_object_get_string_member (me, "name"), ==, role_names[i]);
    }
  /* The token's expiry is announced. */
  {
    g_autoptr(JsonObject) login = request_ok ("POST", "/api/v1/login", NULL,
                                              "{\"name\":\"leader\",\"password\":\"leader-demo-1022\"}", 200);
    g_assert_cmpstr (json_object_get_string_member (login, "token_type"), ==, "Bearer");
    g_assert_cmpint (json_object_get_int_member (login, "expires_in"), >, 3600);
    g_assert_nonnull (json_object_get_string_member (login, "expires_at"));
  }
  assert_error ("POST", "/api/v1/login", NULL, "{\"name\":\"leader\",\"password\":\"wrong-password\"}",
                401, "unauthorized", NULL);
  assert_error ("POST", "/api/v1/login", NULL, "{\"name\":\"nobody\",\"password\":\"wrong-password\"}",
                401, "unauthorized", NULL);
  assert_error ("GET", "/api/v1/reports", NULL, NULL, 401, "unauthorized", NULL);
  assert_error ("GET", "/api/v1/reports", "not-a-token", NULL, 401, "unauthorized", NULL);
}

static void
test_logout (void)
{
  g_autoptr(JsonObject) login = request_ok ("POST", "/api/v1/login", NULL,
                                            "{\"name\":\"duty\",\"password\":\"duty-demo-1022\"}", 200);
  const char *token = json_object_get_string_member (login, "token");

  g_clear_pointer (&login, json_object_unref);
  login = request_ok ("POST", "/api/v1/login", NULL, "{\"name\":\"duty\",\"password\":\"duty-demo-1022\"}", 200);
  token = json_object_get_string_member (login, "token");
  request_ok ("GET", "/api/v1/me", token, NULL, 200);
  request_ok ("POST", "/api/v1/logout", token, NULL, 204);
  assert_error ("GET", "/api/v1/me", token, NULL, 401, "unauthorized", NULL);
}

static void
test_login_rate_limit (void)
{
  g_autofree char *before = NULL;
  guint status = 0;
  g_autoptr(GBytes) body = NULL;

  /* A user of its own so that other tests' sign-ins are not affected. */
  g_clear_pointer (&before, g_free);
  request_ok ("POST", "/api/v1/users", tokens[3],
              "{\"name\":\"target\",\"role\":\"duty\",\"password\":\"target-pass-1\"}", 201);
  for (int i = 0; i < 5; i++)
    assert_error ("POST", "/api/v1/login", NULL, "{\"name\":\"target\",\"password\":\"guess-guess\"}",
                  401, "unauthorized", NULL);
  /* Now even the right password waits. */
  {
    g_autoptr(SoupMessage) msg = NULL;
    g_autofree char *url = g_strconcat (srv->base_url, "/api/v1/login", NULL);
    static const char right[] = "{\"name\":\"target\",\"password\":\"target-pass-1\"}";
    g_autoptr(GBytes) req = g_bytes_new_static (right, strlen (right));
    g_autoptr(GError) error = NULL;

    msg = soup_message_new ("POST", url);
    soup_message_set_request_body_from_bytes (msg, "application/json", req);
    body = soup_session_send_and_read (srv->session, msg, NULL, &error);
    g_assert_no_error (error);
    status = soup_message_get_status (msg);
    g_assert_cmpuint (status, ==, 429);
    g_assert_nonnull (soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After"));
  }
}

/* ---- the role matrix -------------------------------------------------- */

typedef char *(*Prepare) (void);

static char *
new_report (void)
{
  g_autoptr(JsonObject) r = request_ok ("POST", "/api/v1/reports", tokens[0],
                                        "{\"category\":\"littering\",\"description\":\"Rác ở chợ\","
                                        "\"lat\":12.68,\"lon\":108.04}", 201);
  return g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (r, "id"));
}

static char *
assigned_report (void)
{
  char *id = new_report ();
  g_autofree char *path = g_strdup_printf ("/api/v1/reports/%s/assign", id);
  g_autoptr(JsonObject) r = request_ok ("POST", path, tokens[1], "{\"unit_id\":\"u2025_24133\"}", 200);
  return id;
}

static char *
processed_report (void)
{
  char *id = assigned_report ();
  g_autofree char *path = g_strdup_printf ("/api/v1/reports/%s/resolve", id);
  g_autoptr(JsonObject) r = request_ok ("POST", path, tokens[1], "{\"resolution\":\"Đã dọn\"}", 200);
  return id;
}

static char *
new_alert (void)
{
  sql_exec ("INSERT INTO alerts (time,last_seen,source,severity,severity_rank,category,signature,count,status)"
            " VALUES (1795500000,1795500000,'suricata','high',4,'web_attack','ET WEB test',1,'new')");
  return sql_one ("SELECT MAX(id) FROM alerts");
}

static char *
new_camera_event (void)
{
  sql_exec ("INSERT INTO camera_events (camera_id,kind,time,police_state) VALUES ('cam-001','red_light',1795500000,'none')");
  return sql_one ("SELECT MAX(id) FROM camera_events");
}

static char *
forwarded_camera_event (void)
{
  sql_exec ("INSERT INTO camera_events (camera_id,kind,time,police_state) VALUES ('cam-001','red_light',1795500000,'forwarded')");
  return sql_one ("SELECT MAX(id) FROM camera_events");
}

static char *
new_ticket (void)
{
  g_autoptr(JsonObject) t = request_ok ("POST", "/api/v1/warning-tickets", tokens[1],
                                        "{\"unit_id\":\"so_tnmt\",\"reason\":\"12 hồ sơ quá hạn\"}", 201);
  return g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (t, "id"));
}

static char *
a_camera (void)
{
  return g_strdup ("cam-002");
}

static char *
new_user (void)
{
  static int n;
  g_autofree char *body = g_strdup_printf ("{\"name\":\"m%d\",\"role\":\"duty\",\"password\":\"password-%d\"}", n, n);
  g_autoptr(JsonObject) u = NULL;
  n++;
  u = request_ok ("POST", "/api/v1/users", tokens[3], body, 201);
  return g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (u, "id"));
}

static char *
no_target (void)
{
  return NULL;
}

/* briefing: the weekly reports render in the background and record the
 * result (a row update and an event) when done; wait for that before a
 * request, so that a refused one really leaves the database unchanged. */
static void
weekly_reports_settle (void)
{
  for (guint i = 0; i < 400; i++)
    {
      g_autofree char *n = sql_one ("SELECT COUNT(*) FROM weekly_reports WHERE status = 'generating'");
      if (g_strcmp0 (n, "0") == 0)
        return;
      g_usleep (50 * 1000);
    }
  g_error ("a weekly report is still being generated after 20 s");
}

static char *
settled_no_target (void)
{
  weekly_reports_settle ();
  return NULL;
}

static char *
a_weekly_report (void)
{
  g_autofree char *id = NULL;

  weekly_reports_settle ();
  id = sql_one ("SELECT MIN(id) FROM weekly_reports");
  if (id == NULL)
    {
      g_autoptr(JsonObject) r = request_ok ("POST", "/api/v1/weekly-reports", tokens[1],
                                            "{\"week_start\":\"2023-11-27\"}", 202);
      weekly_reports_settle ();
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (r, "id"));
    }
  return g_steal_pointer (&id);
}

typedef struct {
  const char *method;
  const char *pattern;
  unsigned    allowed;        /* bit i: role_names[i] may call it */
  Prepare     prepare;
  const char *body;           /* may contain %d, replaced by a counter */
  const char *query;          /* appended to the path, may be NULL */
  void      (*settle) (void); /* after each request: wait for background work */
} MatrixRow;

#define DUTY 1
#define SUP 2
#define LEAD 4
#define ADMIN 8

/* imports: a job runs in the background after 202; the next request must
 * not see its writes land in the middle of a "database unchanged" check. */
static void
imports_settle (void)
{
  for (guint i = 0; i < 400; i++)
    {
      g_autofree char *n = sql_one ("SELECT COUNT(*) FROM import_jobs WHERE status IN ('queued','validating','writing')");
      if (g_strcmp0 (n, "0") == 0)
        return;
      g_usleep (50 * 1000);
    }
  g_error ("an import job is still running after 20 s");
}

static char *
imports_settled (void)
{
  imports_settle ();
  return NULL;
}

static const MatrixRow matrix[] = {
  { "POST", "/api/v1/reports", DUTY | SUP, no_target,
    "{\"category\":\"wastewater\",\"description\":\"Nước thải\",\"address\":\"12 Lê Duẩn\"}" },
  { "POST", "/api/v1/reports/{id}/assign", SUP, new_report, "{\"unit_id\":\"u2025_24133\",\"note\":\"x\"}" },
  { "POST", "/api/v1/reports/{id}/forward", SUP, new_report, "{\"unit_id\":\"u2025_24121\"}" },
  { "POST", "/api/v1/reports/{id}/escalate", SUP, assigned_report, "{\"unit_id\":\"so_xay_dung\"}" },
  { "POST", "/api/v1/reports/{id}/resolve", SUP, assigned_report, "{\"resolution\":\"Đã xử lý\"}" },
  { "POST", "/api/v1/reports/{id}/reject", SUP, new_report, "{\"reason\":\"Không thuộc thẩm quyền\"}" },
  { "POST", "/api/v1/reports/{id}/satisfaction", DUTY | SUP, processed_report, "{\"satisfaction\":\"satisfied\"}" },
  { "POST", "/api/v1/alerts/{id}/acknowledge", DUTY | SUP, new_alert, NULL },
  { "POST", "/api/v1/alerts/{id}/assign", DUTY | SUP, new_alert, "{\"assignee\":\"an.nguyen\"}" },
  { "POST", "/api/v1/alerts/{id}/resolve", DUTY | SUP, new_alert, "{}" },
  { "POST", "/api/v1/alerts/{id}/false-positive", DUTY | SUP, new_alert, NULL },
  { "POST", "/api/v1/cameras", ADMIN, no_target,
    "{\"id\":\"cam-m%d\",\"name\":\"Ngã sáu\",\"lat\":12.67,\"lon\":108.04,\"kind\":\"traffic\",\"rtsp_main\":\"rtsp://127.0.0.1:8554/x\"}" },
  { "PATCH", "/api/v1/cameras/{id}", ADMIN, a_camera, "{\"heading\":90}" },
  { "POST", "/api/v1/camera-events/{id}/forward", DUTY | SUP, new_camera_event, NULL },
  { "POST", "/api/v1/camera-events/{id}/police-state", DUTY | SUP, forwarded_camera_event, "{\"state\":\"acknowledged\"}" },
  { "POST", "/api/v1/warning-tickets", SUP, no_target, "{\"unit_id\":\"so_tnmt\",\"reason\":\"Quá hạn\"}" },
  { "POST", "/api/v1/warning-tickets/{id}/check", SUP, new_ticket, NULL },
  { "POST", "/api/v1/warning-tickets/{id}/resolve", SUP, new_ticket, "{\"note\":\"Đã khắc phục\"}" },
  { "POST", "/api/v1/users", ADMIN, no_target, "{\"name\":\"u%d\",\"role\":\"leader\",\"password\":\"long-password\"}" },
  { "PATCH", "/api/v1/users/{id}", ADMIN, new_user, "{\"role\":\"supervisor\"}" },
  { "POST", "/api/v1/logout", DUTY | SUP | LEAD | ADMIN, no_target, NULL },
  { "POST", "/api/v1/ingest/eve", ADMIN, no_target,
    "{\"timestamp\":\"2026-11-24T01:00:00+0000\",\"event_type\":\"alert\",\"src_ip\":\"198.51.100.%d\",\"dest_ip\":\"203.0.113.5\","
    "\"alert\":{\"signature_id\":1,\"signature\":\"matrix test\",\"severity\":2}}" },
  { "POST", "/api/v1/ingest/wazuh", ADMIN, no_target,
    "{\"timestamp\":\"2026-11-24T01:00:00+0000\",\"rule\":{\"level\":5,\"description\":\"matrix %d\",\"id\":\"1\"},\"agent\":{\"name\":\"a\"}}" },
  { "POST", "/api/v1/ingest/camera-events", ADMIN, no_target,
    "{\"camera_id\":\"cam-001\",\"kind\":\"crowd\",\"label\":\"matrix %d\",\"time\":1795500000}" },
  /* briefing */
  { "POST", "/api/v1/weekly-reports", SUP, settled_no_target, "{\"week_start\":\"2023-11-27\",\"proposals\":\"Đề xuất %d\"}" },
  { "PATCH", "/api/v1/weekly-reports/{id}", SUP, a_weekly_report, "{\"difficulties\":\"Khó khăn %d\"}" },
  /* imports */
  { "POST", "/api/v1/imports", ADMIN, imports_settled,
    "[{\"id\":\"cam-imp%d\",\"name\":\"Cổng chợ\",\"lat\":12.6702,\"lon\":108.0431,\"kind\":\"security\"}]",
    "?kind=cameras", imports_settle },
};

static char *
fill (const char *pattern,
      const char *id)
{
  g_autoptr(GString) s = g_string_new (pattern);
  if (id != NULL)
    g_string_replace (s, "{id}", id, 1);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static char *
body_for (const MatrixRow *row)
{
  static int counter;
  g_autoptr(GString) s = NULL;
  g_autofree char *n = NULL;

  if (row->body == NULL)
    return NULL;
  s = g_string_new (row->body);
  n = g_strdup_printf ("%d", counter++);
  g_string_replace (s, "%d", n, 0);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* Every state-changing route the server registers has a row here. */
static void
test_matrix_complete (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ioc-routes-XXXXXX", &error);
  g_autofree char *db = g_build_filename (dir, "r.db", NULL);
  g_autoptr(IocStore) store = ioc_sqlite_store_open (db, &error);
  g_autoptr(IocConfig) config = ioc_config_new ();
  IocServer *server = ioc_server_new (config, store, &error);
  GPtrArray *routes = ioc_server_get_routes (server);
  guint checked = 0;

  for (guint i = 0; i < routes->len; i++)
    {
      const IocRoute *r = g_ptr_array_index (routes, i);
      gboolean found = FALSE;

      if (!(r->flags & IOC_ROUTE_MUTATES) || (r->flags & IOC_ROUTE_PUBLIC))
        continue;
      for (guint m = 0; m < G_N_ELEMENTS (matrix); m++)
        if (g_str_equal (matrix[m].method, r->method) && g_str_equal (matrix[m].pattern, r->pattern))
          {
            /* The table says what the server enforces. */
            unsigned expected = 0;
            if (r->roles & IOC_ROLE_DUTY) expected |= DUTY;
            if (r->roles & IOC_ROLE_SUPERVISOR) expected |= SUP;
            if (r->roles & IOC_ROLE_LEADER) expected |= LEAD;
            if (r->roles & IOC_ROLE_ADMIN) expected |= ADMIN;
            g_assert_cmpuint (matrix[m].allowed, ==, expected);
            found = TRUE;
          }
      if (!found)
        g_error ("no role-matrix row for %s %s", r->method, r->pattern);
      checked++;
    }
  g_assert_cmpuint (checked, >=, G_N_ELEMENTS (matrix));
  ioc_server_free (server);
  g_clear_object (&store);
  {
    g_autofree char *wal = g_strconcat (db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db, "-shm", NULL);
    g_unlink (db); g_unlink (wal); g_unlink (shm); g_rmdir (dir);
  }
}

static void
test_matrix (void)
{
  for (guint m = 0; m < G_N_ELEMENTS (matrix); m++)
    {
      const MatrixRow *row = &matrix[m];

      for (guint r = 0; r < 4; r++)
        {
          g_autofree char *id = row->prepare ();
          g_autofree char *filled = fill (row->pattern, id);
          g_autofree char *path = g_strconcat (filled, row->query != NULL ? row->query : "", NULL);
          g_autofree char *body = body_for (row);
          const char *token = tokens[r];
          g_autofree char *own_token = NULL;
          guint status = 0;
          g_autoptr(JsonNode) answer = NULL;
          g_autofree char *before = NULL;
          g_autofree char *after = NULL;

          if (g_str_equal (row->pattern, "/api/v1/logout"))
            {
              /* Log out a session of its own, not the shared one. */
              own_token = ioc_test_login (srv, role_names[r], ioc_test_demo_password (role_names[r]));
              token = own_token;
            }
          before = ioc_test_db_digest (srv);
          answer = ioc_test_request (srv, row->method, path, token, body, &status);
          if (row->settle != NULL)
            row->settle ();
          if (row->allowed & (1u << r))
            {
              if (status < 200 || status >= 300)
                {
                  g_autofree char *text = answer ? json_to_string (answer, FALSE) : g_strdup ("");
                  g_error ("%s %s as %s: expected 2xx, got %u %s", row->method, path, role_names[r], status, text);
                }
              /* Allowed changes are audited with who did them. */
              {
                g_autofree char *who = sql_one ("SELECT user_name FROM audit_log ORDER BY id DESC LIMIT 1");
                g_assert_cmpstr (who, ==, role_names[r]);
              }
            }
          else
            {
              if (status != 403)
                g_error ("%s %s as %s: expected 403, got %u", row->method, path, role_names[r], status);
              g_assert_cmpstr (json_object_get_string_member (json_node_get_object (answer), "error"), ==, "forbidden");
              after = ioc_test_db_digest (srv);
              g_assert_cmpstr (before, ==, after);
            }
        }
    }
}

/* ---- a field report's life ------------------------------------------- */

static gint64
count_events (const char *type,
              const char *id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM events WHERE type = '%s' AND json_extract(data, '$.id') = %s",
                                          type, id);
  g_autofree char *n = sql_one (sql);
  return g_ascii_strtoll (n, NULL, 10);
}

static void
test_report_lifecycle (void)
{
  g_autoptr(JsonObject) r = NULL;
  g_autoptr(JsonObject) history = NULL;
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  JsonArray *items;
  static const char *const actions[] = { "created", "assign", "forward", "escalate", "resolve", "satisfaction" };

  /* A 1022 hotline call entered by duty staff. */
  r = request_ok ("POST", "/api/v1/reports", tokens[0],
                  "{\"category\":\"sidewalk_encroachment\",\"description\":\"Quán nước lấn chiếm vỉa hè\","
                  "\"lat\":12.6812,\"lon\":108.0441,\"address\":\"Ngã sáu Buôn Ma Thuột\","
                  "\"reporter_name\":\"Nguyễn Văn A\",\"reporter_phone\":\"0912345678\"}", 201);
  g_assert_cmpstr (json_object_get_string_member (r, "status"), ==, "received");
  g_assert_cmpstr (json_object_get_string_member (r, "source"), ==, "hotline");
  /* Personal data never in the general answer... */
  g_assert_false (json_object_has_member (r, "reporter_phone"));
  id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (r, "id"));
  g_clear_pointer (&r, json_object_unref);

  /* ... only for supervisors who ask for it. */
  path = g_strdup_printf ("/api/v1/reports/%s?include=private", id);
  r = request_ok ("GET", path, tokens[1], NULL, 200);
  g_assert_cmpstr (json_object_get_string_member (r, "reporter_phone"), ==, "0912345678");
  g_clear_pointer (&r, json_object_unref);
  assert_error ("GET", path, tokens[0], NULL, 403, "forbidden", "include");
  g_free (path);

  path = g_strdup_printf ("/api/v1/reports/%s/assign", id);
  r = request_ok ("POST", path, tokens[1], "{\"unit_id\":\"u2025_24133\",\"note\":\"Gần chợ\"}", 200);
  g_assert_cmpstr (json_object_get_string_member (r, "status"), ==, "assigned");
  g_assert_cmpstr (json_object_get_string_member (r, "unit_id"), ==, "u2025_24133");
  g_assert_nonnull (json_object_get_string_member (r, "deadline"));
  g_clear_pointer (&r, json_object_unref);
  /* Units abolished by the 2025 reform cannot receive work; the error says the successor. */
  assert_error ("POST", path, tokens[1], "{\"unit_id\":\"bmt_phuong_tan_hoa\"}", 422, "invalid", "unit_id");
  g_free (path);

  path = g_strdup_printf ("/api/v1/reports/%s/forward", id);
  r = request_ok ("POST", path, tokens[1], "{\"unit_id\":\"u2025_24121\"}", 200);
  g_assert_cmpstr (json_object_get_string_member (r, "status"), ==, "forwarded");
  g_clear_pointer (&r, json_object_unref);
  g_free (path);

  path = g_strdup_printf ("/api/v1/reports/%s/escalate", id);
  r = request_ok ("POST", path, tokens[1], "{\"unit_id\":\"so_xay_dung\",\"note\":\"Vượt thẩm quyền phường\"}", 200);
  g_assert_true (json_object_get_boolean_member (r, "escalated"));
  g_assert_cmpstr (json_object_get_string_member (r, "unit_id"), ==, "so_xay_dung");
  g_clear_pointer (&r, json_object_unref);
  g_free (path);

  /* Satisfaction only once processed. */
  path = g_strdup_printf ("/api/v1/reports/%s/satisfaction", id);
  assert_error ("POST", path, tokens[0], "{\"satisfaction\":\"satisfied\"}", 409, "conflict", "status");
  g_free (path);

  path = g_strdup_printf ("/api/v1/reports/%s/resolve", id);
  r = request_ok ("POST", path, tokens[1], "{\"resolution\":\"Đã yêu cầu dọn dẹp, trả lại vỉa hè\"}", 200);
  g_assert_cmpstr (json_object_get_string_member (r, "status"), ==, "processed");
  g_clear_pointer (&r, json_object_unref);
  /* Closed is closed. */
  assert_error ("POST", path, tokens[1], "{\"resolution\":\"again\"}", 409, "conflict", "status");
  g_free (path);

  path = g_strdup_printf ("/api/v1/reports/%s/satisfaction", id);
  r = request_ok ("POST", path, tokens[0], "{\"satisfaction\":\"dissatisfied\"}", 200);
  g_assert_cmpstr (json_object_get_string_member (r, "satisfaction"), ==, "dissatisfied");
  g_clear_pointer (&r, json_object_unref);
  g_free (path);

  path = g_strdup_printf ("/api/v1/reports/%s/history", id);
  history = request_ok ("GET", path, tokens[2], NULL, 200);
  items = json_object_get_array_member (history, "items");
  g_assert_cmpuint (json_array_get_length (items), ==, G_N_ELEMENTS (actions));
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, i), "action"), ==, actions[i]);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 1), "actor"), ==, "supervisor");

  /* One event per change, and the audit log has before and after. */
  g_assert_cmpint (count_events ("report.created", id), ==, 1);
  g_assert_cmpint (count_events ("report.updated", id), ==, 5);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT json_extract(before,'$.status') || '>' || json_extract(after,'$.status')"
                                            " FROM audit_log WHERE action='report.resolve' AND entity_id='%s'", id);
    g_autofree char *change = sql_one (sql);
    g_assert_cmpstr (change, ==, "assigned>processed");
  }
}

static void
test_report_overdue (void)
{
  g_autofree char *id = new_report ();
  g_autofree char *path = g_strdup_printf ("/api/v1/reports/%s/assign", id);
  g_autoptr(GDateTime) soon = g_date_time_add_seconds (g_date_time_new_now_utc (), 2);
  g_autofree char *deadline = g_date_time_format (soon, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *body = g_strdup_printf ("{\"unit_id\":\"u2025_24133\",\"deadline\":\"%s\"}", deadline);
  g_autoptr(JsonObject) r = request_ok ("POST", path, tokens[1], body, 200);
  g_autofree char *get = g_strdup_printf ("/api/v1/reports/%s", id);
  gint64 until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  gboolean overdue = FALSE;

  /* Nobody touches it: the clock makes it overdue (iocd checks every second here). */
  while (!overdue && g_get_monotonic_time () < until)
    {
      g_autoptr(JsonObject) now = request_ok ("GET", get, tokens[2], NULL, 200);
      overdue = g_str_equal (json_object_get_string_member (now, "status"), "overdue");
      if (!overdue)
        g_usleep (200000);
    }
  g_assert_true (overdue);
  g_assert_cmpint (count_events ("report.updated", id), ==, 2);   /* assign, then overdue */
  {
    g_autoptr(JsonObject) queue = request_ok ("GET", "/api/v1/reports/overdue?limit=1000", tokens[2], NULL, 200);
    JsonArray *items = json_object_get_array_member (queue, "items");
    gboolean listed = FALSE;
    for (guint i = 0; i < json_array_get_length (items); i++)
      listed |= json_object_get_int_member (json_array_get_object_element (items, i), "id") == g_ascii_strtoll (id, NULL, 10);
    g_assert_true (listed);
  }
  /* Overdue can still be resolved. */
  g_free (path);
  path = g_strdup_printf ("/api/v1/reports/%s/resolve", id);
  g_clear_pointer (&r, json_object_unref);
  r = request_ok ("POST", path, tokens[1], "{\"resolution\":\"Xử lý muộn\"}", 200);
}

/* ---- lists ------------------------------------------------------------ */

/* Camera accounts: a stream URI with user:password is stored without it;
 * lists, single rows, events and the audit log never carry the password,
 * only GET …/stream gives the full URIs, to signed-in users. */
static void
test_camera_credentials (void)
{
  g_autoptr(JsonObject) created = request_ok ("POST", "/api/v1/cameras", tokens[3],
    "{\"id\":\"cam-auth\",\"name\":\"Ngã tư Lê Duẩn\",\"lat\":12.67,\"lon\":108.04,\"kind\":\"traffic\","
    "\"rtsp_main\":\"rtsp://op:Pw0rd-9%40x@10.1.2.3:554/Streaming/101\","
    "\"rtsp_sub\":\"rtsp://op:Pw0rd-9%40x@10.1.2.3:554/Streaming/102\"}", 201);
  g_autoptr(JsonObject) stream = NULL;
  g_autoptr(JsonObject) patched = NULL;
  g_autofree char *where = NULL;
  static const char *const leaks[] = {
    "SELECT count(*) FROM events WHERE data LIKE '%Pw0rd%'",
    "SELECT count(*) FROM audit_log WHERE coalesce(before,'') || coalesce(after,'') LIKE '%Pw0rd%'",
    "SELECT count(*) FROM cameras WHERE rtsp_main LIKE '%Pw0rd%' OR rtsp_sub LIKE '%Pw0rd%'",
  };

  g_assert_cmpstr (json_object_get_string_member (created, "rtsp_main"), ==, "rtsp://10.1.2.3:554/Streaming/101");
  g_assert_true (json_object_get_boolean_member (created, "rtsp_auth"));
  g_assert_false (json_object_has_member (created, "rtsp_userinfo"));
  {
    guint status = 0;
    g_autoptr(JsonNode) list = ioc_test_request (srv, "GET", "/api/v1/cameras?id=cam-auth&include=private", tokens[3], NULL, &status);
    g_autofree char *text = json_to_string (list, FALSE);
    g_assert_cmpuint (status, ==, 200);
    g_assert_null (strstr (text, "Pw0rd"));
  }
  for (guint i = 0; i < G_N_ELEMENTS (leaks); i++)
    {
      g_autofree char *n = sql_one (leaks[i]);
      g_assert_cmpstr (n, ==, "0");
    }

  /* Every signed-in role may play it; nobody else. */
  for (guint r = 0; r < 4; r++)
    {
      g_clear_pointer (&stream, json_object_unref);
      stream = request_ok ("GET", "/api/v1/cameras/cam-auth/stream", tokens[r], NULL, 200);
      g_assert_cmpstr (json_object_get_string_member (stream, "main"), ==, "rtsp://op:Pw0rd-9%40x@10.1.2.3:554/Streaming/101");
      g_assert_cmpstr (json_object_get_string_member (stream, "sub"), ==, "rtsp://op:Pw0rd-9%40x@10.1.2.3:554/Streaming/102");
    }
  assert_error ("GET", "/api/v1/cameras/cam-auth/stream", NULL, NULL, 401, "unauthorized", NULL);
  assert_error ("GET", "/api/v1/cameras/no-such-camera/stream", tokens[0], NULL, 404, "not_found", NULL);

  /* A new sub-stream without an account keeps the camera's; two accounts
   * for one camera are refused and change nothing. */
  patched = request_ok ("PATCH", "/api/v1/cameras/cam-auth", tokens[3], "{\"rtsp_sub\":\"rtsp://10.1.2.3:554/Streaming/103\"}", 200);
  g_assert_true (json_object_get_boolean_member (patched, "rtsp_auth"));
  g_clear_pointer (&stream, json_object_unref);
  stream = request_ok ("GET", "/api/v1/cameras/cam-auth/stream", tokens[0], NULL, 200);
  g_assert_cmpstr (json_object_get_string_member (stream, "sub"), ==, "rtsp://op:Pw0rd-9%40x@10.1.2.3:554/Streaming/103");
  {
    g_autofree char *before = ioc_test_db_digest (srv);
    g_autofree char *after = NULL;
    assert_error ("PATCH", "/api/v1/cameras/cam-auth", tokens[3],
                  "{\"rtsp_main\":\"rtsp://a:b@10.1.2.3/x\",\"rtsp_sub\":\"rtsp://c:d@10.1.2.3/y\"}", 422, "invalid", "rtsp_sub");
    after = ioc_test_db_digest (srv);
    g_assert_cmpstr (before, ==, after);
  }
  /* Both URIs without an account: the camera has none any more. */
  g_clear_pointer (&patched, json_object_unref);
  patched = request_ok ("PATCH", "/api/v1/cameras/cam-auth", tokens[3],
                        "{\"rtsp_main\":\"rtsp://10.1.2.3/m\",\"rtsp_sub\":\"rtsp://10.1.2.3/s\"}", 200);
  g_assert_false (json_object_get_boolean_member (patched, "rtsp_auth"));
  g_clear_pointer (&stream, json_object_unref);
  stream = request_ok ("GET", "/api/v1/cameras/cam-auth/stream", tokens[0], NULL, 200);
  g_assert_cmpstr (json_object_get_string_member (stream, "main"), ==, "rtsp://10.1.2.3/m");
  where = sql_one ("SELECT count(*) FROM cameras WHERE id = 'cam-auth' AND rtsp_userinfo IS NULL");
  g_assert_cmpstr (where, ==, "1");
}

/* Sockets iocd holds open (its descriptors that are sockets). */
static guint
iocd_sockets (void)
{
  g_autofree char *dir = g_strdup_printf ("/proc/%s/fd", g_subprocess_get_identifier (srv->proc));
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *target = g_file_read_link (path, NULL);
      if (target != NULL && g_str_has_prefix (target, "socket:"))
        n++;
    }
  return n;
}

/* Clients that close their connection — curl, health probes, a console
 * that quits — leave nothing behind in iocd (libsoup 3.2 would keep each
 * such socket in CLOSE-WAIT forever: see early_handler in ioc-server.c). */
static void
test_connections_closed_by_client (void)
{
  guint before = iocd_sockets ();

  for (guint i = 0; i < 60; i++)
    {
      g_autoptr(SoupSession) s = soup_session_new_with_options ("proxy-resolver", NULL, NULL);
      g_autofree char *url = g_strconcat (srv->base_url, "/healthz", NULL);
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
      g_autoptr(GBytes) body = soup_session_send_and_read (s, msg, NULL, NULL);

      g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
      g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (msg), "Connection"), ==, "close");
    }
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SoupWebsocketConnection) ws = ioc_test_stream_open (srv, tokens[0], -1, &error);
      g_assert_no_error (error);
      soup_websocket_connection_close (ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      while (soup_websocket_connection_get_state (ws) != SOUP_WEBSOCKET_STATE_CLOSED)
        g_main_context_iteration (NULL, TRUE);
    }
  g_usleep (300 * 1000);
  g_assert_cmpuint (iocd_sockets (), <=, before + 2);
}

static void
test_lists (void)
{
  g_autoptr(JsonObject) page = request_ok ("GET", "/api/v1/units?kind=ward,commune&valid_on=2026-11-24&limit=500",
                                           tokens[2], NULL, 200);
  /* Today: the 102 wards and communes of the reformed province. */
  g_assert_cmpint (json_object_get_int_member (page, "total"), ==, 102);
  g_clear_pointer (&page, json_object_unref);
  /* In 2023: Buôn Ma Thuột's 21 wards and communes of the reports. */
  page = request_ok ("GET", "/api/v1/units?kind=ward&valid_on=2023-06-30&limit=500", tokens[2], NULL, 200);
  g_assert_cmpint (json_object_get_int_member (page, "total"), ==, 21);
  g_clear_pointer (&page, json_object_unref);
  assert_error ("GET", "/api/v1/units?valid_on=soon", tokens[0], NULL, 422, "invalid", "valid_on");

  /* The seed table's 323 Buôn Ma Thuột reports are all there. */
  page = request_ok ("GET", "/api/v1/reports?source=hotline,app&to=2023-03-21&limit=1", tokens[2], NULL, 200);
  g_assert_cmpint (json_object_get_int_member (page, "total"), ==, 323);
  g_clear_pointer (&page, json_object_unref);

  page = request_ok ("GET", "/api/v1/reports?status=overdue&to=2023-03-21&limit=1", tokens[2], NULL, 200);
  g_assert_cmpint (json_object_get_int_member (page, "total"), ==, 22);
  g_clear_pointer (&page, json_object_unref);

  page = request_ok ("GET", "/api/v1/cameras?kind=traffic&sort=-id&limit=3", tokens[0], NULL, 200);
  g_assert_cmpint (json_object_get_int_member (page, "total"), ==, 23);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (page, "items"), 0), "id"),
                   ==, "cam-023");
  g_clear_pointer (&page, json_object_unref);

  assert_error ("GET", "/api/v1/reports?colour=red", tokens[0], NULL, 422, "invalid", "colour");
  assert_error ("GET", "/api/v1/reports?limit=-1", tokens[0], NULL, 422, "invalid", "limit");
  assert_error ("GET", "/api/v1/reports?limit=99999", tokens[0], NULL, 422, "invalid", "limit");
  assert_error ("GET", "/api/v1/reports?sort=reporter_phone", tokens[0], NULL, 422, "invalid", "sort");
  assert_error ("GET", "/api/v1/reports?from=yesterday", tokens[0], NULL, 422, "invalid", "received_at");
  assert_error ("GET", "/api/v1/users", tokens[1], NULL, 403, "forbidden", NULL);
  assert_error ("GET", "/api/v1/nothing-here", tokens[0], NULL, 404, "not_found", NULL);
  assert_error ("DELETE", "/api/v1/reports", tokens[0], NULL, 405, "bad_request", NULL);
}

/* ---- bad input -------------------------------------------------------- */

static void
test_bad_input (void)
{
  g_autofree char *before = ioc_test_db_digest (srv);
  g_autofree char *after = NULL;
  g_autofree char *id = NULL;
  g_autofree char *assign = NULL;
  struct {
    const char *path;
    const char *body;
    guint status;
    const char *error;
    const char *field;
  } cases[] = {
    { "/api/v1/reports", "{\"category\":", 400, "bad_request", NULL },                      /* malformed */
    { "/api/v1/reports", "[1,2,3]", 400, "bad_request", NULL },                             /* not an object */
    { "/api/v1/reports", "{\"description\":\"x\",\"lat\":1,\"lon\":1}", 400, "bad_request", "category" },   /* missing */
    { "/api/v1/reports", "{\"category\":\"littering\",\"description\":\"x\",\"lat\":\"12\",\"lon\":108}", 422, "invalid", "lat" },
    { "/api/v1/reports", "{\"category\":\"littering\",\"description\":\"x\",\"lat\":95,\"lon\":108}", 422, "invalid", "lat" },
    { "/api/v1/reports", "{\"category\":\"littering\",\"description\":\"x\",\"lat\":12}", 400, "bad_request", "lon" },
    { "/api/v1/reports", "{\"category\":\"littering\",\"description\":\"x\"}", 400, "bad_request", "lat" },   /* no location */
    { "/api/v1/reports", "{\"category\":\"unicorns\",\"description\":\"x\",\"address\":\"a\"}", 422, "invalid", "category" },
    { "/api/v1/reports", "{\"category\":\"littering\",\"description\":42,\"address\":\"a\"}", 422, "invalid", "description" },
    { "/api/v1/reports", "{\"category\":\"littering\",\"description\":\"x\",\"address\":\"a\",\"status\":\"processed\"}", 422, "invalid", "status" },
    { "/api/v1/reports/999999/assign", "{\"unit_id\":\"u2025_24133\"}", 404, "not_found", NULL },
    { "/api/v1/reports/abc/assign", "{\"unit_id\":\"u2025_24133\"}", 404, "not_found", NULL },
    { NULL, "{\"unit_id\":\"no_such_unit\"}", 422, "invalid", "unit_id" },
    { NULL, "{\"unit_id\":7}", 422, "invalid", "unit_id" },
    { NULL, "{\"unit_id\":\"u2025_24133\",\"deadline\":\"2001-01-01T00:00:00Z\"}", 422, "invalid", "deadline" },
    { NULL, "{}", 400, "bad_request", "unit_id" },
  };

  id = new_report ();
  assign = g_strdup_printf ("/api/v1/reports/%s/assign", id);
  g_free (before);
  before = ioc_test_db_digest (srv);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_error ("POST", cases[i].path != NULL ? cases[i].path : assign, tokens[1],
                  cases[i].body, cases[i].status, cases[i].error, cases[i].field);

  /* Wrong content type and bad tokens. */
  {
    g_autoptr(GBytes) body = g_bytes_new_static ("category=littering", 18);
    guint status = 0;
    g_autoptr(JsonNode) answer = ioc_test_request_raw (srv, "POST", "/api/v1/reports", tokens[0],
                                                       "application/x-www-form-urlencoded", body, &status, NULL);
    g_assert_cmpuint (status, ==, 415);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (answer), "error"), ==, "unsupported_media_type");
  }
  assert_error ("POST", "/api/v1/reports", "forged-token", "{\"category\":\"littering\"}", 401, "unauthorized", NULL);
  assert_error ("POST", "/api/v1/reports", "", "{\"category\":\"littering\"}", 401, "unauthorized", NULL);

  after = ioc_test_db_digest (srv);
  g_assert_cmpstr (before, ==, after);
}

static void
test_oversize_body (void)
{
  /* iocd runs with max-body-bytes = 262144 here. */
  g_autofree char *before = ioc_test_db_digest (srv);
  g_autofree char *after = NULL;
  g_autoptr(GString) big = g_string_new ("{\"category\":\"littering\",\"address\":\"a\",\"description\":\"");
  guint status = 0;
  g_autoptr(JsonNode) answer = NULL;

  while (big->len < 400000)
    g_string_append (big, "rác rác rác ");
  g_string_append (big, "\"}");
  answer = ioc_test_request (srv, "POST", "/api/v1/reports", tokens[0], big->str, &status);
  g_assert_cmpuint (status, ==, 413);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (answer), "error"), ==, "too_large");
  after = ioc_test_db_digest (srv);
  g_assert_cmpstr (before, ==, after);
  /* The server is fine afterwards. */
  g_clear_pointer (&answer, json_node_unref);
  answer = ioc_test_request (srv, "GET", "/healthz", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
}

static void
test_health_and_metrics (void)
{
  guint status = 0;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) health = ioc_test_request (srv, "GET", "/healthz", NULL, NULL, &status);
  g_autoptr(JsonNode) none = NULL;
  const char *text;
  g_autofree char *id = new_report ();   /* something to count */

  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (health), "status"), ==, "ok");
  none = ioc_test_request_raw (srv, "GET", "/metrics", NULL, NULL, NULL, &status, &body);
  g_assert_cmpuint (status, ==, 200);
  text = g_bytes_get_data (body, NULL);
  g_assert_nonnull (strstr (text, "iocd_http_requests_total{route=\"/api/v1/reports\",method=\"POST\",status=\"201\"}"));
  g_assert_nonnull (strstr (text, "iocd_http_request_duration_seconds_bucket{route=\"/api/v1/reports\",le=\"+Inf\"}"));
  g_assert_nonnull (strstr (text, "iocd_events_total{type=\"report.created\"}"));
  g_assert_nonnull (strstr (text, "iocd_stream_consoles 0"));
  g_assert_nonnull (strstr (text, "# TYPE iocd_source_last_update_seconds gauge"));
}

/* ---- SOC ingest ------------------------------------------------------- */

static JsonObject *
post_ndjson (const char *path,
             const char *token,
             const char *body,
             gsize       len,
             guint       expected)
{
  g_autoptr(GBytes) bytes = g_bytes_new (body, len);
  guint status = 0;
  g_autoptr(JsonNode) answer = ioc_test_request_raw (srv, "POST", path, token, "application/x-ndjson",
                                                     bytes, &status, NULL);
  g_assert_cmpuint (status, ==, expected);
  return answer != NULL && JSON_NODE_HOLDS_OBJECT (answer) ? json_object_ref (json_node_get_object (answer)) : NULL;
}

static void
test_ingest_eve (void)
{
  const char *dir = g_getenv ("IOC_SAMPLES_DIR");
  g_autofree char *path = dir != NULL ? g_build_filename (dir, "suricata_eve.ndjson", NULL) : NULL;
  g_autofree char *text = NULL;
  gsize len = 0;
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) again = NULL;
  gint64 rows, count_sum_before;
  g_autofree char *sum = NULL;

  if (path == NULL || !g_file_get_contents (path, &text, &len, NULL))
    {
      g_test_skip ("../shared/samples is not there");
      return;
    }
  first = post_ndjson ("/api/v1/ingest/eve", tokens[3], text, len, 200);
  g_assert_cmpint (json_object_get_int_member (first, "read"), ==, 267);
  g_assert_cmpint (json_object_get_int_member (first, "accepted") + json_object_get_int_member (first, "folded"), ==, 73);
  g_assert_cmpint (json_object_get_int_member (first, "skipped"), ==, 194);
  g_assert_cmpint (json_object_get_int_member (first, "rejected_count"), ==, 0);
  rows = ioc_test_count_rows (srv, "alerts");
  sum = sql_one ("SELECT SUM(count) FROM alerts WHERE source = 'suricata'");
  count_sum_before = g_ascii_strtoll (sum, NULL, 10);

  /* The same batch again folds into the open alerts: counts grow, rows do not. */
  again = post_ndjson ("/api/v1/ingest/eve", tokens[3], text, len, 200);
  g_assert_cmpint (json_object_get_int_member (again, "accepted"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (again, "folded"), ==, 73);
  g_assert_cmpint (ioc_test_count_rows (srv, "alerts"), ==, rows);
  g_free (sum);
  sum = sql_one ("SELECT SUM(count) FROM alerts WHERE source = 'suricata'");
  g_assert_cmpint (g_ascii_strtoll (sum, NULL, 10), ==, count_sum_before + 73);
  /* The freshness of the SOC source is recorded. */
  g_free (sum);
  sum = sql_one ("SELECT COUNT(*) FROM sources WHERE name = 'soc' AND last_update IS NOT NULL");
  g_assert_cmpstr (sum, ==, "1");
}

static void
test_ingest_bad_input (void)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(JsonObject) answer = NULL;
  JsonObject *rej;
  /* Line 2 is cut short; lines 1 and 3 are good. */
  const char *batch =
    "{\"timestamp\":\"2026-11-24T02:00:00+0000\",\"event_type\":\"alert\",\"src_ip\":\"198.51.100.200\",\"dest_ip\":\"203.0.113.9\","
    "\"alert\":{\"signature_id\":7,\"signature\":\"ET WEB_SERVER SQL Injection attempt\",\"severity\":1},"
    "\"http\":{\"hostname\":\"eakar.daklak.gov.vn\"}}\n"
    "{\"timestamp\":\"2026-11-24T02:00:01+0000\",\"event_type\":\"alert\",\"alert\":{\"signa\n"
    "{\"timestamp\":\"2026-11-24T02:00:02+0000\",\"event_type\":\"alert\",\"src_ip\":\"198.51.100.201\",\"dest_ip\":\"203.0.113.9\","
    "\"alert\":{\"signature_id\":8,\"signature\":\"ET SCAN Nikto\",\"severity\":3}}\n";
  static const char not_utf8[] = "{\"timestamp\":\"2026-11-24T02:00:00+0000\",\"event_type\":\"alert\",\"alert\":{\"signature\":\"\xff\xfe\"}}\n";

  answer = post_ndjson ("/api/v1/ingest/eve", tokens[3], batch, strlen (batch), 200);
  g_assert_cmpint (json_object_get_int_member (answer, "accepted"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (answer, "rejected_count"), ==, 1);
  rej = json_array_get_object_element (json_object_get_array_member (answer, "rejected"), 0);
  g_assert_cmpint (json_object_get_int_member (rej, "line"), ==, 2);
  {
    g_autofree char *unit = sql_one ("SELECT unit_id || ' ' || category || ' ' || severity FROM alerts WHERE signature_id = '1:7'");
    g_assert_cmpstr (unit, ==, "huyen_ea_kar web_attack high");
  }

  /* Refused whole, nothing stored: not UTF-8, no token, a duty token. */
  before = ioc_test_db_digest (srv);
  g_clear_pointer (&answer, json_object_unref);
  answer = post_ndjson ("/api/v1/ingest/eve", tokens[3], not_utf8, sizeof not_utf8 - 1, 400);
  g_assert_cmpstr (json_object_get_string_member (answer, "error"), ==, "bad_request");
  g_clear_pointer (&answer, json_object_unref);
  answer = post_ndjson ("/api/v1/ingest/eve", NULL, batch, strlen (batch), 401);
  g_clear_pointer (&answer, json_object_unref);
  answer = post_ndjson ("/api/v1/ingest/eve", tokens[0], batch, strlen (batch), 403);
  g_clear_pointer (&answer, json_object_unref);
  answer = post_ndjson ("/api/v1/ingest/wazuh", tokens[3], "", 0, 400);
  after = ioc_test_db_digest (srv);
  g_assert_cmpstr (before, ==, after);
}

typedef struct {
  const guint8 *data;
  gsize         len, pos;
} PngReader;

static cairo_status_t
read_png (void          *closure,
          unsigned char *out,
          unsigned int   length)
{
  PngReader *r = closure;
  if (r->pos + length > r->len)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (out, r->data + r->pos, length);
  r->pos += length;
  return CAIRO_STATUS_SUCCESS;
}

/* Distinct colours in a tile, and whether it has boundary-line pixels. */
static guint
tile_colours (const char *path,
              gboolean   *has_lines)
{
  guint status = 0;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) none = ioc_test_request_raw (srv, "GET", path, NULL, NULL, NULL, &status, &body);
  PngReader r = { 0 };
  cairo_surface_t *img;
  g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);
  const guint8 *px;
  int stride;

  g_assert_cmpuint (status, ==, 200);
  r.data = g_bytes_get_data (body, &r.len);
  img = cairo_image_surface_create_from_png_stream (read_png, &r);
  g_assert_cmpint (cairo_surface_status (img), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (img), ==, 256);
  g_assert_cmpint (cairo_image_surface_get_height (img), ==, 256);
  px = cairo_image_surface_get_data (img);
  stride = cairo_image_surface_get_stride (img);
  *has_lines = FALSE;
  for (int y = 0; y < 256; y++)
    for (int x = 0; x < 256; x++)
      {
        guint32 v = *(const guint32 *) (px + y * stride + x * 4) & 0xffffff;
        g_hash_table_add (colours, GUINT_TO_POINTER (v + 1));
        /* Boundary lines are the lightest blue-grey of the palette. */
        if (((v >> 16) & 0xff) > 0x40 && ((v >> 16) & 0xff) < 0x90)
          *has_lines = TRUE;
      }
  cairo_surface_destroy (img);
  return g_hash_table_size (colours);
}

static void
test_tiles (void)
{
  gboolean lines = FALSE;

  /* Over Buôn Ma Thuột at zoom 12: boundaries and labels. */
  g_assert_cmpuint (tile_colours ("/tiles/12/3277/1902.png", &lines), >, 10);
  g_assert_true (lines);
  /* Far away (the Atlantic): one uniform colour, no boundary. */
  g_assert_cmpuint (tile_colours ("/tiles/8/100/100.png", &lines), ==, 1);
  g_assert_false (lines);
  /* Bad addresses. */
  assert_error ("GET", "/tiles/19/0/0.png", NULL, NULL, 404, "not_found", NULL);
  assert_error ("GET", "/tiles/3/8/0.png", NULL, NULL, 404, "not_found", NULL);
  assert_error ("GET", "/tiles/z/0/0.png", NULL, NULL, 400, "bad_request", "z");
  assert_error ("GET", "/tiles/3/0/0.jpg", NULL, NULL, 404, "not_found", NULL);
}

int
main (int    argc,
      char **argv)
{
  const char *args[] = { "--config", NULL, NULL };
  g_autofree char *conf_dir = NULL;
  g_autofree char *conf = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  conf_dir = g_dir_make_tmp ("iocd-conf-XXXXXX", NULL);
  conf = g_build_filename (conf_dir, "iocd.conf", NULL);
  g_assert_true (g_file_set_contents (conf, "[iocd]\nmax-body-bytes=262144\noverdue-interval=1\n", -1, NULL));
  args[1] = conf;
  srv = ioc_test_server_start (TRUE, args);
  for (guint i = 0; i < 4; i++)
    tokens[i] = ioc_test_login (srv, role_names[i], ioc_test_demo_password (role_names[i]));

  g_test_add_func ("/api/login/per-role", test_login_per_role);
  g_test_add_func ("/api/login/logout", test_logout);
  g_test_add_func ("/api/login/rate-limit", test_login_rate_limit);
  g_test_add_func ("/api/matrix/complete", test_matrix_complete);
  g_test_add_func ("/api/matrix/roles", test_matrix);
  g_test_add_func ("/api/reports/lifecycle", test_report_lifecycle);
  g_test_add_func ("/api/reports/overdue", test_report_overdue);
  g_test_add_func ("/api/lists", test_lists);
  g_test_add_func ("/api/cameras/credentials", test_camera_credentials);
  g_test_add_func ("/api/connections/closed-by-client", test_connections_closed_by_client);
  g_test_add_func ("/api/bad-input/requests", test_bad_input);
  g_test_add_func ("/api/bad-input/oversize", test_oversize_body);
  g_test_add_func ("/api/health-and-metrics", test_health_and_metrics);
  g_test_add_func ("/api/tiles", test_tiles);
  g_test_add_func ("/api/ingest/eve", test_ingest_eve);
  g_test_add_func ("/api/ingest/bad-input", test_ingest_bad_input);
  ret = g_test_run ();

  for (guint i = 0; i < 4; i++)
    g_free (tokens[i]);
  ioc_test_server_free (srv);
  g_unlink (conf);
  g_rmdir (conf_dir);
  return ret;
}
