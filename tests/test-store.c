/* test-store.c — the SQLite store: migrations, generic operations,
 * transactions and committed events, heatmaps */
#include "ioc-entity.h"
#include "ioc-json.h"
#include "ioc-store-sqlite.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

typedef struct {
  char     *dir;
  char     *path;
  IocStore *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("ioc-store-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "t.db", NULL);
  f->store = ioc_sqlite_store_open (f->path, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);

  g_clear_object (&f->store);
  g_unlink (f->path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static JsonObject *
obj (const char *json)
{
  g_autoptr(JsonNode) node = ioc_json_parse (json, -1, NULL);
  g_assert_nonnull (node);
  return json_object_ref (json_node_get_object (node));
}

/* Every column an entity describes exists in the latest schema. */
static void
test_entities_match_schema (Fixture       *f,
                            gconstpointer  data)
{
  static const char *const names[] = {
    "units", "unit-names", "cameras", "camera-events", "reports", "report-history",
    "dossiers", "dossier-stats", "period-stats", "warning-tickets", "alerts",
    "indicators", "users", "sessions", "audit", "sources", "import-jobs", "weekly-reports", NULL
  };
  sqlite3 *db = ioc_sqlite_store_get_db (IOC_SQLITE_STORE (f->store));

  for (guint i = 0; names[i] != NULL; i++)
    {
      const IocEntity *e = ioc_entity_lookup (names[i]);
      g_assert_nonnull (e);
      for (const IocColumn *c = e->columns; c->name != NULL; c++)
        {
          g_autofree char *sql = g_strdup_printf ("SELECT \"%s\" FROM \"%s\" LIMIT 0", c->name, e->table);
          sqlite3_stmt *stmt = NULL;
          int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
          if (rc != SQLITE_OK)
            g_error ("%s.%s: %s", e->table, c->name, sqlite3_errmsg (db));
          sqlite3_finalize (stmt);
        }
    }
  g_assert_cmpint (ioc_store_schema_version (f->store), ==, ioc_sqlite_store_latest_version ());
}

static void
test_migrate_v1_to_latest (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ioc-migrate-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "old.db", NULL);
  g_autofree char *dump_path = g_build_filename (TEST_DATA_DIR, "iocd-v1.sql", NULL);
  g_autofree char *dump = NULL;
  g_autoptr(IocStore) store = NULL;
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(JsonArray) sources = NULL;
  sqlite3 *db = NULL;
  char *msg = NULL;

  /* Build the version-1 file from its dump, as an old iocd left it. */
  g_assert_true (g_file_get_contents (dump_path, &dump, NULL, &error));
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, dump, NULL, NULL, &msg) != SQLITE_OK)
    g_error ("loading the v1 dump: %s", msg);
  sqlite3_close (db);

  store = ioc_sqlite_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ioc_store_schema_version (store), ==, ioc_sqlite_store_latest_version ());

  /* The old rows survived... */
  report = ioc_store_get (store, &ioc_entity_reports, "1", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (report, "status"), ==, "assigned");
  g_assert_cmpstr (json_object_get_string_member (report, "description"), ==, "Rác thải đổ bừa bãi");
  g_assert_cmpint (ioc_store_count (store, &ioc_entity_alerts, NULL, NULL), ==, 1);
  g_assert_cmpint (ioc_store_last_seq (store), ==, 1);
  /* ... and version 2's table is there and usable. */
  sources = ioc_store_list (store, &ioc_entity_sources, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (sources), ==, 0);
  g_clear_object (&store);

  /* Opening again is a no-op. */
  store = ioc_sqlite_store_open (path, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  /* A database from the future is refused, not damaged. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 999", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  store = ioc_sqlite_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, IOC_STORE_ERROR, IOC_STORE_ERROR_VERSION);
  g_clear_error (&error);

  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_unlink (path);
    g_unlink (wal);
    g_unlink (shm);
    g_rmdir (dir);
  }
}

static void
on_committed (IocStore *store,
              IocEvent *event,
              gpointer  user_data)
{
  g_ptr_array_add (user_data, ioc_event_copy (event));
}

static void
test_crud_and_events (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func ((GDestroyNotify) ioc_event_free);
  g_autoptr(JsonObject) row = obj ("{\"source\":\"hotline\",\"category\":\"littering\",\"description\":\"x\","
                                   "\"lat\":12.123456789,\"lon\":108.0,\"received_at\":\"2026-11-24T08:00:00Z\","
                                   "\"status\":\"received\",\"reporter_phone\":\"0900000000\"}");
  g_autoptr(JsonObject) got = NULL;
  g_autoptr(JsonObject) changes = obj ("{\"status\":\"assigned\"}");
  g_autofree char *id = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(JsonNode) ev = json_node_init_object (json_node_alloc (), row);

  g_signal_connect (f->store, "event-committed", G_CALLBACK (on_committed), seen);

  g_assert_true (ioc_store_begin (f->store, &error));
  g_assert_true (ioc_store_insert (f->store, &ioc_entity_reports, row, &id, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (id, ==, "1");
  g_assert_cmpint (ioc_store_append_event (f->store, "report.created", ev, &error), ==, 1);
  /* Not yet committed: nothing is announced. */
  g_assert_cmpuint (seen->len, ==, 0);
  g_assert_true (ioc_store_commit (f->store, &error));
  g_assert_cmpuint (seen->len, ==, 1);
  g_assert_cmpstr (((IocEvent *) seen->pdata[0])->type, ==, "report.created");

  /* Private columns only on request; coordinates rounded to ~1 m. */
  got = ioc_store_get (f->store, &ioc_entity_reports, id, FALSE, &error);
  g_assert_false (json_object_has_member (got, "reporter_phone"));
  g_assert_cmpfloat (json_object_get_double_member (got, "lat"), ==, 12.12346);
  g_assert_cmpstr (json_object_get_string_member (got, "received_at"), ==, "2026-11-24T08:00:00Z");
  g_clear_pointer (&got, json_object_unref);
  got = ioc_store_get (f->store, &ioc_entity_reports, id, TRUE, &error);
  g_assert_cmpstr (json_object_get_string_member (got, "reporter_phone"), ==, "0900000000");

  /* A rolled-back transaction leaves nothing and announces nothing. */
  g_assert_true (ioc_store_begin (f->store, &error));
  g_assert_true (ioc_store_update (f->store, &ioc_entity_reports, id, changes, &error));
  g_assert_cmpint (ioc_store_append_event (f->store, "report.updated", ev, &error), ==, 2);
  ioc_store_rollback (f->store);
  g_assert_cmpuint (seen->len, ==, 1);
  g_clear_pointer (&got, json_object_unref);
  got = ioc_store_get (f->store, &ioc_entity_reports, id, FALSE, &error);
  g_assert_cmpstr (json_object_get_string_member (got, "status"), ==, "received");

  /* Nested: an inner failure dooms the outer transaction. */
  g_assert_true (ioc_store_begin (f->store, &error));
  g_assert_true (ioc_store_begin (f->store, &error));
  g_assert_true (ioc_store_update (f->store, &ioc_entity_reports, id, changes, &error));
  ioc_store_rollback (f->store);
  g_assert_false (ioc_store_commit (f->store, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_clear_pointer (&got, json_object_unref);
  got = ioc_store_get (f->store, &ioc_entity_reports, id, FALSE, &error);
  g_assert_cmpstr (json_object_get_string_member (got, "status"), ==, "received");

  /* Sequence numbers are never reused, even after a rollback. */
  g_assert_true (ioc_store_begin (f->store, &error));
  g_assert_cmpint (ioc_store_append_event (f->store, "report.updated", ev, &error), >, 1);
  g_assert_true (ioc_store_commit (f->store, &error));
  events = ioc_store_events_since (f->store, 0, 0, &error);
  g_assert_cmpuint (events->len, ==, 2);
  g_assert_cmpint (((IocEvent *) events->pdata[0])->seq, <, ((IocEvent *) events->pdata[1])->seq);
  g_assert_cmpint (((IocEvent *) seen->pdata[1])->seq, ==, ((IocEvent *) events->pdata[1])->seq);

  /* Appending outside a transaction is refused. */
  g_assert_cmpint (ioc_store_append_event (f->store, "x", ev, &error), ==, 0);
  g_assert_nonnull (error);
}

static void
test_validation (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) bad_type = obj ("{\"source\":\"x\",\"category\":\"y\",\"received_at\":1,\"lat\":\"north\"}");
  g_autoptr(JsonObject) unknown = obj ("{\"source\":\"x\",\"category\":\"y\",\"received_at\":1,\"colour\":\"red\"}");
  g_autoptr(JsonObject) missing = obj ("{\"source\":\"x\"}");
  g_autoptr(JsonObject) changes = obj ("{\"status\":\"x\"}");

  g_assert_true (ioc_store_begin (f->store, &error));
  g_assert_false (ioc_store_insert (f->store, &ioc_entity_reports, bad_type, NULL, &error));
  g_assert_error (error, IOC_STORE_ERROR, IOC_STORE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "lat must be a number");
  g_clear_error (&error);
  g_assert_false (ioc_store_insert (f->store, &ioc_entity_reports, unknown, NULL, &error));
  g_assert_cmpstr (error->message, ==, "colour is not a field of reports");
  g_clear_error (&error);
  g_assert_false (ioc_store_insert (f->store, &ioc_entity_reports, missing, NULL, &error));
  g_assert_error (error, IOC_STORE_ERROR, IOC_STORE_ERROR_CONFLICT);   /* NOT NULL */
  g_clear_error (&error);
  g_assert_false (ioc_store_update (f->store, &ioc_entity_reports, "42", changes, &error));
  g_assert_error (error, IOC_STORE_ERROR, IOC_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (ioc_store_update (f->store, &ioc_entity_reports, "abc", changes, &error));
  g_assert_error (error, IOC_STORE_ERROR, IOC_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  ioc_store_rollback (f->store);
  g_assert_cmpint (ioc_store_count (f->store, &ioc_entity_reports, NULL, NULL), ==, 0);
}

static void
test_list_query (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  static const char *const statuses[] = { "received", "assigned", "processed", "overdue" };
  gint64 total = 0;

  g_assert_true (ioc_store_begin (f->store, &error));
  for (int i = 0; i < 40; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"source\":\"app\",\"category\":\"littering\","
                                               "\"description\":\"report %d%s\",\"received_at\":%d,"
                                               "\"status\":\"%s\"}",
                                               i, i == 7 ? " 100%_sure" : "", 1700000000 + i * 60, statuses[i % 4]);
      g_autoptr(JsonObject) row = obj (json);
      g_assert_true (ioc_store_insert (f->store, &ioc_entity_reports, row, NULL, &error));
    }
  g_assert_true (ioc_store_commit (f->store, &error));

  {
    g_autoptr(IocQuery) q = ioc_query_new ();
    g_autoptr(JsonArray) items = NULL;
    ioc_query_add_filter (q, "status", IOC_FILTER_EQ, "assigned,overdue");
    q->sort_column = g_strdup ("received_at");
    q->sort_desc = TRUE;
    q->limit = 5;
    q->offset = 5;
    items = ioc_store_list (f->store, &ioc_entity_reports, q, &total, &error);
    g_assert_no_error (error);
    g_assert_cmpint (total, ==, 20);
    g_assert_cmpuint (json_array_get_length (items), ==, 5);
    /* Newest first, page 2: ids 35 .. 26 are the first ten of status 1/3 (i%4 = 1,3). */
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 0), "id"), ==, 30);
  }
  {
    g_autoptr(IocQuery) q = ioc_query_new ();
    g_autoptr(JsonArray) items = NULL;
    /* LIKE wildcards in the user's text are literal. */
    ioc_query_add_filter (q, NULL, IOC_FILTER_SEARCH, "100%_");
    items = ioc_store_list (f->store, &ioc_entity_reports, q, &total, &error);
    g_assert_cmpuint (json_array_get_length (items), ==, 1);
  }
  {
    g_autoptr(IocQuery) q = ioc_query_new ();
    g_autoptr(JsonArray) items = NULL;
    ioc_query_add_filter (q, "received_at", IOC_FILTER_GE, "2023-11-14T22:23:20Z");   /* 1700000600 */
    ioc_query_add_filter (q, "received_at", IOC_FILTER_LE, "1700000900");
    items = ioc_store_list (f->store, &ioc_entity_reports, q, &total, &error);
    g_assert_no_error (error);
    g_assert_cmpint (total, ==, 6);
  }
  {
    g_autoptr(IocQuery) q = ioc_query_new ();
    ioc_query_add_filter (q, "received_at", IOC_FILTER_GE, "not a time");
    g_assert_null (ioc_store_list (f->store, &ioc_entity_reports, q, &total, &error));
    g_assert_error (error, IOC_STORE_ERROR, IOC_STORE_ERROR_INVALID);
  }
}

static void
test_events_retention (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;

  g_assert_cmpint (ioc_store_last_seq (f->store), ==, 0);
  g_assert_cmpint (ioc_store_first_seq (f->store), ==, 1);
  g_assert_true (ioc_store_begin (f->store, &error));
  for (int i = 0; i < 50; i++)
    g_assert_cmpint (ioc_store_append_event (f->store, "t", NULL, &error), ==, i + 1);
  g_assert_true (ioc_store_commit (f->store, &error));
  /* In steps (as iocd trims it, between requests): 15, 15, the last 10. */
  g_assert_cmpint (ioc_store_prune_events (f->store, 10, 15, &error), ==, 15);
  g_assert_cmpint (ioc_store_first_seq (f->store), ==, 16);
  g_assert_cmpint (ioc_store_prune_events (f->store, 10, 15, &error), ==, 15);
  g_assert_cmpint (ioc_store_prune_events (f->store, 10, 15, &error), ==, 10);
  g_assert_cmpint (ioc_store_prune_events (f->store, 10, 15, &error), ==, 0);
  g_assert_cmpint (ioc_store_first_seq (f->store), ==, 41);
  g_assert_cmpint (ioc_store_last_seq (f->store), ==, 50);
  events = ioc_store_events_since (f->store, 45, 3, &error);
  g_assert_cmpuint (events->len, ==, 3);
  g_assert_cmpint (((IocEvent *) events->pdata[0])->seq, ==, 46);
  g_assert_cmpint (ioc_store_prune_events (f->store, 0, 0, &error), ==, 10);
  /* Nothing kept: the next event is the first one a console can get. */
  g_assert_cmpint (ioc_store_first_seq (f->store), ==, 51);
  g_assert_true (ioc_store_begin (f->store, &error));
  g_assert_cmpint (ioc_store_append_event (f->store, "t", NULL, &error), ==, 51);
  g_assert_true (ioc_store_commit (f->store, &error));
}

static void
test_delete_where (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IocQuery) q = ioc_query_new ();
  g_autoptr(JsonObject) user = obj ("{\"name\":\"a\",\"role\":\"duty\",\"password_hash\":\"x\",\"created_at\":1}");

  g_assert_true (ioc_store_begin (f->store, &error));
  g_assert_true (ioc_store_insert (f->store, &ioc_entity_users, user, NULL, &error));
  for (int i = 0; i < 5; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"token_hash\":\"h%d\",\"user_id\":1,\"created_at\":0,\"expires_at\":%d}", i, 100 * i);
      g_autoptr(JsonObject) s = obj (json);
      g_assert_true (ioc_store_insert (f->store, &ioc_entity_sessions, s, NULL, &error));
    }
  /* What iocd's tick does with expired sessions. */
  ioc_query_add_filter (q, "expires_at", IOC_FILTER_LT, "250");
  g_assert_cmpint (ioc_store_delete_where (f->store, &ioc_entity_sessions, q, &error), ==, 3);
  g_assert_true (ioc_store_commit (f->store, &error));
  g_assert_cmpint (ioc_store_count (f->store, &ioc_entity_sessions, NULL, NULL), ==, 2);
}

static void
test_heatmap (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IocHeatmap) hm = NULL;
  static const char *const rows[] = {
    "{\"unit_id\":\"a\",\"date\":\"2023-03-02\",\"metric\":\"overdue\",\"value\":1}",
    "{\"unit_id\":\"a\",\"date\":\"2023-03-18\",\"metric\":\"overdue\",\"value\":2}",
    "{\"unit_id\":\"b\",\"date\":\"2023-03-02\",\"metric\":\"overdue\",\"value\":9}",
    "{\"unit_id\":\"b\",\"date\":\"2023-03-02\",\"metric\":\"online_over_8h\",\"value\":4}",
    /* Re-importing the same key replaces, never adds. */
    "{\"unit_id\":\"a\",\"date\":\"2023-03-18\",\"metric\":\"overdue\",\"value\":3}",
  };

  g_assert_true (ioc_store_begin (f->store, &error));
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(JsonObject) row = obj (rows[i]);
      g_assert_true (ioc_store_upsert (f->store, &ioc_entity_dossier_stats, row, &error));
    }
  g_assert_true (ioc_store_commit (f->store, &error));
  g_assert_cmpint (ioc_store_count (f->store, &ioc_entity_dossier_stats, NULL, NULL), ==, 4);

  hm = ioc_store_heatmap (f->store, "overdue", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hm->unit_ids->len, ==, 2);
  g_assert_cmpuint (hm->dates->len, ==, 2);
  /* Worst first: b (9) before a (4). */
  g_assert_cmpstr (hm->unit_ids->pdata[0], ==, "b");
  g_assert_cmpint (hm->cells[0], ==, 9);
  g_assert_cmpint (hm->cells[1], ==, -1);    /* no value for b on 03-18 */
  g_assert_cmpint (hm->cells[2], ==, 1);
  g_assert_cmpint (hm->cells[3], ==, 3);
  g_clear_pointer (&hm, ioc_heatmap_free);

  hm = ioc_store_heatmap (f->store, "overdue", "2023-03-10", "2023-12-31", &error);
  g_assert_cmpuint (hm->unit_ids->len, ==, 1);
  g_assert_cmpuint (hm->dates->len, ==, 1);
}

/* imports: version 4 → 5 keeps the unit names and lets one spelling name
 * two units (before and after the 2025 reform); the bulk dossier paths. */
static void
test_migrate_v4_to_v5 (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ioc-migrate5-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "v4.db", NULL);
  g_autoptr(IocStore) store = ioc_sqlite_store_open_at_version (path, 4, &error);
  sqlite3 *db;
  char *msg = NULL;

  g_assert_no_error (error);
  db = ioc_sqlite_store_get_db (IOC_SQLITE_STORE (store));
  if (sqlite3_exec (db,
                    "INSERT INTO units (id, name, kind, valid_to) VALUES ('bmt_phuong_tan_lap', 'UBND phường Tân Lập', 'ward', '2025-06-30');"
                    "INSERT INTO units (id, name, kind, valid_from) VALUES ('u2025_24121', 'Tân Lập', 'ward', '2025-07-01');"
                    "INSERT INTO unit_names VALUES ('ubnd phường tân lập', 'UBND phường Tân Lập', 'bmt_phuong_tan_lap', 'canonical');"
                    "INSERT INTO dossiers (id, agency_id, received_at) VALUES ('D1', 'bmt_phuong_tan_lap', 1677719700);"
                    "INSERT INTO warning_tickets (unit_id, reason, issued_at) VALUES ('bmt_phuong_tan_lap', 'x', 1677719700);",
                    NULL, NULL, &msg) != SQLITE_OK)
    g_error ("v4 rows: %s", msg);
  g_clear_object (&store);

  store = ioc_sqlite_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ioc_store_schema_version (store), ==, ioc_sqlite_store_latest_version ());
  g_assert_cmpint (ioc_store_count (store, &ioc_entity_unit_names, NULL, NULL), ==, 1);
  {
    g_autoptr(JsonObject) d = ioc_store_get (store, &ioc_entity_dossiers, "D1", FALSE, &error);
    g_autoptr(JsonObject) t = ioc_store_get (store, &ioc_entity_warning_tickets, "1", FALSE, &error);
    g_assert_no_error (error);
    g_assert_true (json_object_get_null_member (d, "accept_deadline"));
    g_assert_cmpstr (json_object_get_string_member (t, "origin"), ==, "manual");
  }
  /* The same spelling for the ward of 2025 too. */
  {
    g_autoptr(JsonObject) n = json_object_new ();
    json_object_set_string_member (n, "norm", "ubnd phường tân lập");
    json_object_set_string_member (n, "name", "UBND Phường Tân Lập");
    json_object_set_string_member (n, "unit_id", "u2025_24121");
    g_assert_true (ioc_store_begin (store, &error));
    g_assert_true (ioc_store_insert (store, &ioc_entity_unit_names, n, NULL, &error));
    g_assert_no_error (error);
    /* ... but not twice for the same unit. */
    g_assert_false (ioc_store_insert (store, &ioc_entity_unit_names, n, NULL, &error));
    g_assert_error (error, IOC_STORE_ERROR, IOC_STORE_ERROR_CONFLICT);
    g_clear_error (&error);
    g_assert_true (ioc_store_commit (store, &error));
  }
  g_assert_cmpint (ioc_store_count (store, &ioc_entity_unit_names, NULL, NULL), ==, 2);

  /* put_dossier: new, unchanged, changed (with the old version back). */
  {
    g_autoptr(GStringChunk) strings = g_string_chunk_new (256);
    IocDossierRow row = { "D2", "u2025_24121", "Cấp phép", NULL, "online_full", 1790000000, 1790300000, 0, 0, 1790100000 };
    IocDossierRow old = { 0 };
    IocStorePut put;

    g_assert_true (ioc_store_begin (store, &error));
    g_assert_true (ioc_store_put_dossier (store, &row, 1, &old, strings, &put, &error));
    g_assert_cmpint (put, ==, IOC_STORE_PUT_NEW);
    g_assert_true (ioc_store_put_dossier (store, &row, 2, &old, strings, &put, &error));
    g_assert_cmpint (put, ==, IOC_STORE_PUT_UNCHANGED);
    row.resolved_at = 1790400000;
    g_assert_true (ioc_store_put_dossier (store, &row, 3, &old, strings, &put, &error));
    g_assert_cmpint (put, ==, IOC_STORE_PUT_CHANGED);
    g_assert_cmpint (old.resolved_at, ==, 0);
    g_assert_cmpint (old.accept_deadline, ==, 1790100000);
    g_assert_cmpstr (old.procedure, ==, "Cấp phép");
    g_assert_null (old.field);

    /* add_stat: computed cells add up, never below 0; imported ones stay. */
    g_assert_true (ioc_store_add_stat (store, "u2025_24121", "2026-09-01", "overdue", 2, &error));
    g_assert_true (ioc_store_add_stat (store, "u2025_24121", "2026-09-01", "overdue", -1, &error));
    g_assert_true (ioc_store_add_stat (store, "u2025_24121", "2026-09-02", "overdue", -3, &error));
    g_assert_true (ioc_store_add_stat (store, "u2025_24121", "2026-09-03", "overdue", 0, &error));
    g_assert_true (ioc_sqlite_store_exec (IOC_SQLITE_STORE (store),
                                          "INSERT INTO dossier_stats (unit_id, date, metric, value, origin)"
                                          " VALUES ('u2025_24121', '2026-09-04', 'overdue', 7, 'imported')", &error));
    g_assert_true (ioc_store_add_stat (store, "u2025_24121", "2026-09-04", "overdue", 5, &error));
    g_assert_true (ioc_store_commit (store, &error));
    g_assert_no_error (error);
  }
  {
    g_autoptr(IocHeatmap) hm = ioc_store_heatmap (store, "overdue", "2026-09-01", "2026-09-30", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (hm->dates->len, ==, 4);
    g_assert_cmpint (hm->cells[0], ==, 1);
    g_assert_cmpint (hm->cells[1], ==, 0);
    g_assert_cmpint (hm->cells[2], ==, 0);
    g_assert_cmpint (hm->cells[3], ==, 7);
  }
  g_clear_object (&store);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_unlink (path);
    g_unlink (wal);
    g_unlink (shm);
    g_rmdir (dir);
  }
}

/* version 5 → 6: camera accounts leave the public stream URIs for the
 * hidden rtsp_userinfo (ioc-camera-uri.h); URIs without one stay as they
 * are, and an '@' in the path is not an account. */
static void
test_migrate_v5_to_v6 (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ioc-migrate6-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "v5.db", NULL);
  g_autoptr(IocStore) store = ioc_sqlite_store_open_at_version (path, 5, &error);
  sqlite3 *db;
  char *msg = NULL;

  g_assert_no_error (error);
  db = ioc_sqlite_store_get_db (IOC_SQLITE_STORE (store));
  if (sqlite3_exec (db,
                    "INSERT INTO cameras (id, name, lat, lon, kind, rtsp_main, rtsp_sub, status, updated_at) VALUES"
                    " ('c1', 'A', 12.6, 108.0, 'traffic', 'rtsp://admin:S%40cret@10.0.0.7:554/Streaming/101',"
                    "  'rtsp://admin:S%40cret@10.0.0.7:554/Streaming/102', 'unknown', 1),"
                    " ('c2', 'B', 12.6, 108.0, 'traffic', 'rtsp://10.0.0.8/live', 'rtsp://10.0.0.8/live@sub', 'unknown', 1),"
                    " ('c3', 'C', 12.6, 108.0, 'traffic', 'rtsps://10.0.0.9/a', 'rtsps://op@10.0.0.9/b', 'unknown', 1);",
                    NULL, NULL, &msg) != SQLITE_OK)
    g_error ("v5 rows: %s", msg);
  g_clear_object (&store);

  store = ioc_sqlite_store_open (path, &error);
  g_assert_no_error (error);
  {
    g_autoptr(JsonObject) c1 = ioc_store_get (store, &ioc_entity_cameras, "c1", FALSE, &error);
    g_autoptr(JsonObject) c2 = ioc_store_get (store, &ioc_entity_cameras, "c2", FALSE, &error);
    g_autoptr(JsonObject) c3 = ioc_store_get (store, &ioc_entity_cameras, "c3", FALSE, &error);
    g_autofree char *a1 = ioc_store_get_text (store, &ioc_entity_cameras, "c1", "rtsp_userinfo", NULL);
    g_autofree char *a2 = ioc_store_get_text (store, &ioc_entity_cameras, "c2", "rtsp_userinfo", NULL);
    g_autofree char *a3 = ioc_store_get_text (store, &ioc_entity_cameras, "c3", "rtsp_userinfo", NULL);

    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (c1, "rtsp_main"), ==, "rtsp://10.0.0.7:554/Streaming/101");
    g_assert_cmpstr (json_object_get_string_member (c1, "rtsp_sub"), ==, "rtsp://10.0.0.7:554/Streaming/102");
    g_assert_cmpstr (a1, ==, "admin:S%40cret");
    g_assert_true (json_object_get_boolean_member (c1, "rtsp_auth"));
    g_assert_false (json_object_has_member (c1, "rtsp_userinfo"));
    g_assert_cmpstr (json_object_get_string_member (c2, "rtsp_sub"), ==, "rtsp://10.0.0.8/live@sub");
    g_assert_null (a2);
    g_assert_false (json_object_get_boolean_member (c2, "rtsp_auth"));
    g_assert_cmpstr (json_object_get_string_member (c3, "rtsp_sub"), ==, "rtsps://10.0.0.9/b");
    g_assert_cmpstr (a3, ==, "op");
  }
  g_clear_object (&store);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_unlink (path);
    g_unlink (wal);
    g_unlink (shm);
    g_rmdir (dir);
  }
}

static gint64
put_alert (IocStore   *store,
           const char *key,
           gint64      t,
           gint64      fold_into,
           gboolean   *folded)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) json = g_string_new (NULL);
  IocAlertRow row = {
    .time = t, .source = "suricata", .severity = "high", .severity_rank = 4, .category = "web_attack",
    .src_ip = "198.51.100.1", .src_port = -1, .dst_port = 443, .signature = "TEST", .fold_key = key,
    .raw = "{}",
  };
  gint64 id = 0;

  g_assert_true (ioc_store_begin (store, &error));
  g_assert_true (ioc_store_put_alert (store, &row, fold_into, t - 600, &id, folded, json, &error));
  g_assert_no_error (error);
  g_assert_true (ioc_store_commit (store, &error));
  /* A fold hands back the stored row, as the API shows it. */
  if (*folded)
    {
      g_autoptr(JsonNode) n = json_from_string (json->str, &error);
      g_assert_no_error (error);
      g_assert_cmpint (json_object_get_int_member (json_node_get_object (n), "id"), ==, id);
      g_assert_false (json_object_has_member (json_node_get_object (n), "fold_key"));
    }
  else
    g_assert_cmpuint (json->len, ==, 0);
  return id;
}

/* The alert to fold into is the caller's guess: the store folds only into
 * one that is open, of the same group and within the window. */
static void
test_put_alert (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) got = NULL;
  g_autoptr(JsonObject) close = json_object_new ();
  gboolean folded = TRUE;
  gint64 a, b, c, d, e;
  g_autofree char *a_id = NULL;

  a = put_alert (f->store, "k1", 1000, 0, &folded);
  g_assert_false (folded);
  b = put_alert (f->store, "k1", 1300, a, &folded);
  g_assert_true (folded);
  g_assert_cmpint (b, ==, a);
  /* An older alert does not move last_seen back. */
  put_alert (f->store, "k1", 1200, a, &folded);
  g_assert_true (folded);
  a_id = g_strdup_printf ("%" G_GINT64_FORMAT, a);
  got = ioc_store_get (f->store, &ioc_entity_alerts, a_id, FALSE, &error);
  g_assert_cmpint (json_object_get_int_member (got, "count"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (got, "last_seen"), ==, "1970-01-01T00:21:40Z");

  /* Another group's id (a hint left by a rolled-back batch): a new alert. */
  c = put_alert (f->store, "k2", 1400, a, &folded);
  g_assert_false (folded);
  g_assert_cmpint (c, !=, a);
  /* Outside the window (last seen 1300, alert at 2000 − 600 > 1300). */
  d = put_alert (f->store, "k1", 2000, a, &folded);
  g_assert_false (folded);
  /* Closed: no more folding into it. */
  json_object_set_string_member (close, "status", "resolved");
  {
    g_autofree char *d_id = g_strdup_printf ("%" G_GINT64_FORMAT, d);
    g_assert_true (ioc_store_begin (f->store, &error));
    g_assert_true (ioc_store_update (f->store, &ioc_entity_alerts, d_id, close, &error));
    g_assert_true (ioc_store_commit (f->store, &error));
  }
  e = put_alert (f->store, "k1", 2010, d, &folded);
  g_assert_false (folded);
  g_assert_cmpint (e, >, d);
  g_assert_cmpint (ioc_store_count (f->store, &ioc_entity_alerts, NULL, &error), ==, 4);
}

/* The checkpoint thread copies the WAL back and starts it again: under
 * steady writes it does not grow without end. */
static void
test_checkpoints (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *blob = g_strnfill (3000, 'x');
  GStatBuf st;
  gint64 biggest = 0;

  /* 200 MiB through a WAL that is copied back every 32 MiB. */
  for (guint batch = 0; batch < 100; batch++)
    {
      g_autoptr(GString) json = g_string_new (NULL);
      g_assert_true (ioc_store_begin (f->store, &error));
      for (guint i = 0; i < 500; i++)
        {
          g_autofree char *key = g_strdup_printf ("k%u-%u", batch, i);
          IocAlertRow row = { .time = 1000, .source = "wazuh", .severity = "low", .severity_rank = 2,
                              .category = "other", .src_port = -1, .dst_port = -1, .fold_key = key,
                              .signature = blob, .raw = "{}" };
          gint64 id;
          gboolean folded;
          g_assert_true (ioc_store_put_alert (f->store, &row, 0, 0, &id, &folded, json, &error));
        }
      g_assert_true (ioc_store_commit (f->store, &error));
      g_assert_cmpint (g_stat (wal, &st), ==, 0);
      biggest = MAX (biggest, (gint64) st.st_size);
    }
  g_test_message ("largest WAL: %" G_GINT64_FORMAT " MiB", biggest >> 20);
  /* 32 MiB and what the writer adds while a copy runs; never the 200. */
  g_assert_cmpint (biggest, <, 100 << 20);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/store/entities-match-schema", Fixture, NULL, fixture_setup, test_entities_match_schema, fixture_teardown);
  g_test_add_func ("/store/migrate/v1-to-latest", test_migrate_v1_to_latest);
  g_test_add_func ("/store/migrate/v4-to-v5", test_migrate_v4_to_v5);
  g_test_add_func ("/store/migrate/v5-to-v6", test_migrate_v5_to_v6);
  g_test_add ("/store/crud-and-events", Fixture, NULL, fixture_setup, test_crud_and_events, fixture_teardown);
  g_test_add ("/store/validation", Fixture, NULL, fixture_setup, test_validation, fixture_teardown);
  g_test_add ("/store/list-query", Fixture, NULL, fixture_setup, test_list_query, fixture_teardown);
  g_test_add ("/store/events-retention", Fixture, NULL, fixture_setup, test_events_retention, fixture_teardown);
  g_test_add ("/store/delete-where", Fixture, NULL, fixture_setup, test_delete_where, fixture_teardown);
  g_test_add ("/store/heatmap", Fixture, NULL, fixture_setup, test_heatmap, fixture_teardown);
  g_test_add ("/store/put-alert", Fixture, NULL, fixture_setup, test_put_alert, fixture_teardown);
  g_test_add ("/store/checkpoints", Fixture, NULL, fixture_setup, test_checkpoints, fixture_teardown);
  return g_test_run ();
}
