/* bench-ingest.c — SOC alert ingest throughput of iocd over HTTP
 *
 * Starts the real iocd (demo data, temporary database) on loopback and
 * POSTs batches of synthetic Suricata EVE alerts to /api/v1/ingest/eve for
 * a sustained period (default 60 s; BENCH_SECONDS overrides), one batch at a
 * time (BENCH_BATCH alerts each, default 1,000). Signatures, source and
 * destination addresses vary so that no alert folds (the costlier case:
 * every alert a new row); BENCH_GROUPS=N makes the alerts N attacks that
 * go on (each alert folds into its group). Prints alerts/s, then checks
 * zero loss: the sum of `accepted + folded` over all answers must equal
 * the sum of the `count` column of the stored rows; and iocd's memory and
 * WAL at the end. Not a pass/fail test: it prints figures (exit 1 only on
 * loss).
 */
#include "ioc-test-server.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static guint groups;   /* 0: every alert its own */

static GBytes *
make_batch (guint   batch,
            guint   n,
            gint64  now)
{
  GString *s = g_string_sized_new (n * 400);
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (now);
  g_autofree char *ts = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S.000000+0000");

  for (guint i = 0; i < n; i++)
    {
      guint k = groups > 0 ? (batch * n + i) % groups : batch * n + i;
      g_string_append_printf (s,
        "{\"timestamp\":\"%s\",\"flow_id\":%u,\"event_type\":\"alert\","
        "\"src_ip\":\"10.%u.%u.%u\",\"src_port\":%u,\"dest_ip\":\"172.16.%u.%u\",\"dest_port\":443,"
        "\"proto\":\"TCP\",\"alert\":{\"action\":\"allowed\",\"gid\":1,\"signature_id\":%u,\"rev\":1,"
        "\"signature\":\"BENCH synthetic signature %u\",\"category\":\"Web Application Attack\",\"severity\":%u},"
        "\"http\":{\"hostname\":\"%s\",\"url\":\"/index.php?id=%u\",\"http_method\":\"GET\"}}\n",
        ts, batch * n + i, (k >> 16) & 255, (k >> 8) & 255, k & 255, 1024 + k % 60000, k % 7, k % 250,
        2000000 + k % 500, k % 500, 1 + k % 3,
        k % 3 == 0 ? "congan.daklak.gov.vn" : k % 3 == 1 ? "cumgar.daklak.gov.vn" : "www.daklak.gov.vn",
        batch * n + i);
    }
  return g_string_free_to_bytes (s);
}

static gint64
db_sum (IocTestServer *srv)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *st = NULL;
  gint64 v = -1;

  if (sqlite3_open_v2 (srv->db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    return -1;
  sqlite3_busy_timeout (db, 10000);
  if (sqlite3_prepare_v2 (db, "SELECT coalesce(sum(count), 0) FROM alerts WHERE signature LIKE 'BENCH %'",
                          -1, &st, NULL) == SQLITE_OK && sqlite3_step (st) == SQLITE_ROW)
    v = sqlite3_column_int64 (st, 0);
  sqlite3_finalize (st);
  sqlite3_close (db);
  return v;
}

int
main (int    argc,
      char **argv)
{
  IocTestServer *srv;
  g_autofree char *token = NULL;
  double seconds = g_getenv ("BENCH_SECONDS") ? g_ascii_strtod (g_getenv ("BENCH_SECONDS"), NULL) : 60;
  guint n = g_getenv ("BENCH_BATCH") ? (guint) atoi (g_getenv ("BENCH_BATCH")) : 1000;
  gint64 start, now, sent = 0, accepted = 0, folded = 0, rejected = 0, stored;
  guint batch = 0;
  g_autofree char *status_path = NULL, *status = NULL, *wal = NULL, *what = NULL;
  GStatBuf st;

  groups = g_getenv ("BENCH_GROUPS") ? (guint) atoi (g_getenv ("BENCH_GROUPS")) : 0;
  if (g_getenv ("IOCD_BIN") == NULL)
    g_setenv ("IOCD_BIN", IOCD_BIN_DEFAULT, TRUE);
  srv = ioc_test_server_start (TRUE, NULL);
  token = ioc_test_login (srv, "admin", ioc_test_demo_password ("admin"));

  start = g_get_monotonic_time ();
  do
    {
      g_autoptr(GBytes) body = make_batch (batch++, n, g_get_real_time () / G_USEC_PER_SEC);
      g_autoptr(JsonNode) answer = NULL;
      guint status = 0;
      JsonObject *o;

      answer = ioc_test_request_raw (srv, "POST", "/api/v1/ingest/eve", token, "application/x-ndjson",
                                     body, &status, NULL);
      if (status != 200 || answer == NULL)
        {
          g_printerr ("batch %u: HTTP %u\n", batch, status);
          return 1;
        }
      o = json_node_get_object (answer);
      sent += n;
      accepted += json_object_get_int_member (o, "accepted");
      folded += json_object_get_int_member (o, "folded");
      rejected += json_array_get_length (json_object_get_array_member (o, "rejected"));
      now = g_get_monotonic_time ();
    }
  while (now - start < seconds * G_USEC_PER_SEC);

  stored = db_sum (srv);
  what = groups > 0 ? g_strdup_printf ("%u attacks going on", groups) : g_strdup ("each a new attack");
  status_path = g_strdup_printf ("/proc/%s/status", g_subprocess_get_identifier (srv->proc));
  if (g_file_get_contents (status_path, &status, NULL, NULL) && strstr (status, "VmRSS:") != NULL)
    printf ("iocd memory at the end: %.1f MiB\n",
            g_ascii_strtod (strstr (status, "VmRSS:") + strlen ("VmRSS:"), NULL) / 1024);
  wal = g_strconcat (srv->db_path, "-wal", NULL);
  if (g_stat (wal, &st) == 0)
    printf ("WAL at the end: %.1f MiB\n", st.st_size / 1048576.0);
  printf ("ingest: %u batches of %u EVE alerts (%s) in %.1f s: %.0f alerts/s "
          "(%" G_GINT64_FORMAT " new rows, %" G_GINT64_FORMAT " folded, %" G_GINT64_FORMAT " rejected)\n",
          batch, n, what,
          (now - start) / 1e6, sent / ((now - start) / 1e6), accepted, folded, rejected);
  printf ("loss check: accepted+folded %" G_GINT64_FORMAT ", sum(count) in the database %" G_GINT64_FORMAT ": %s\n",
          accepted + folded, stored, stored == accepted + folded && rejected == 0 ? "no loss" : "LOSS");
  ioc_test_server_free (srv);
  return stored == accepted + folded && rejected == 0 ? 0 : 1;
}
