/* bench-report.c — time to generate the weekly report over a year of history
 *
 * Builds a temporary database through the store, in batched transactions:
 * the demo data (units, users), then one year of history ending with the
 * last complete week — 1,500,000 dossiers of 32 agencies, 10,000 field
 * reports, 100,000 SOC alerts, 2,500 warning tickets, the per-agency daily
 * overdue and online-8h counts (dossier_stats) and 16 × 3 monthly
 * indicators (BENCH_DOSSIERS, BENCH_REPORTS, BENCH_ALERTS override the
 * sizes). Then it measures, on that database:
 *
 *   1. ioc_briefing_compute() in this process (with each part's time, from
 *      the module's debug messages), cold and warm;
 *   2. ioc_report_pdf_write() of those figures;
 *   3. the real path: iocd on the database, POST /api/v1/weekly-reports
 *      until the row is "ready" (figures + PDF in iocd's worker thread),
 *      and GET /api/v1/briefing cold, then again with nothing changed.
 *
 * Prints figures; never passes or fails (target: under 3 s for 1).
 */
#include "ioc-briefing.h"
#include "ioc-report-pdf.h"
#include "ioc-store-sqlite.h"
#include "ioc-test-server.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>

#define WEEK_S (7 * 86400)

static guint32 rng = 0x1022u;

static guint32
rnd (void)
{
  rng ^= rng << 13;
  rng ^= rng >> 17;
  rng ^= rng << 5;
  return rng;
}

static double
ms_since (gint64 t0)
{
  return (g_get_monotonic_time () - t0) / 1000.0;
}

static guint
env_uint (const char *name,
          guint       fallback)
{
  const char *v = g_getenv (name);
  return v != NULL ? (guint) strtoul (v, NULL, 10) : fallback;
}

/* Inserts @n rows made by @make, @batch per transaction. */
static void
insert_many (IocStore        *store,
             const IocEntity *entity,
             guint            n,
             guint            batch,
             JsonObject    *(*make) (guint i, gpointer data),
             gpointer         data)
{
  g_autoptr(GError) error = NULL;
  gint64 t0 = g_get_monotonic_time ();

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JsonObject) row = NULL;

      if (i % batch == 0 && !ioc_store_begin (store, &error))
        g_error ("begin: %s", error->message);
      row = make (i, data);
      if (!ioc_store_insert (store, entity, row, NULL, &error))
        g_error ("%s row %u: %s", entity->name, i, error->message);
      if ((i % batch == batch - 1 || i == n - 1) && !ioc_store_commit (store, &error))
        g_error ("commit: %s", error->message);
    }
  printf ("  %-16s %9u rows in %7.0f ms (%.0f rows/s)\n", entity->table, n, ms_since (t0),
          n / (ms_since (t0) / 1000.0));
}

typedef struct {
  GPtrArray *agencies;   /* unit ids */
  GPtrArray *wards;
  gint64     from;       /* start of the year of history */
  gint64     to;         /* end (exclusive): the end of the report week */
} Gen;

static JsonObject *
make_dossier (guint    i,
              gpointer data)
{
  Gen *g = data;
  JsonObject *o = json_object_new ();
  g_autofree char *id = g_strdup_printf ("BENCH-%07u", i);
  gint64 received = g->from + rnd () % (g->to - g->from);
  gint64 due = received + (3 + rnd () % 12) * 86400;
  guint r = rnd () % 100;
  static const char *const channels[] = { "online", "direct", "postal" };

  json_object_set_string_member (o, "id", id);
  json_object_set_string_member (o, "agency_id", g_ptr_array_index (g->agencies, rnd () % g->agencies->len));
  json_object_set_string_member (o, "procedure", "Cấp giấy phép xây dựng");
  json_object_set_string_member (o, "field", "xay_dung");
  json_object_set_string_member (o, "channel", channels[rnd () % 3]);
  json_object_set_int_member (o, "received_at", received);
  json_object_set_int_member (o, "due_at", due);
  json_object_set_int_member (o, "accepted_at", received + rnd () % 36000);
  /* 92 % resolved, 7 % of them late */
  if (r < 92)
    {
      gint64 resolved = r < 85 ? received + rnd () % (due - received) : due + rnd () % (10 * 86400);
      if (resolved < g->to)
        json_object_set_int_member (o, "resolved_at", resolved);
    }
  return o;
}

static JsonObject *
make_report (guint    i,
             gpointer data)
{
  Gen *g = data;
  JsonObject *o = json_object_new ();
  static const char *const cats[] = { "littering", "sidewalk", "advertising", "street_trading", "construction", "wastewater", "other" };
  static const char *const statuses[] = { "processed", "processed", "processed", "processed", "assigned", "overdue", "received", "not_eligible" };
  gint64 received = g->from + rnd () % (g->to - g->from);
  const char *status = statuses[rnd () % G_N_ELEMENTS (statuses)];

  json_object_set_string_member (o, "source", i % 3 == 0 ? "hotline" : "app");
  json_object_set_string_member (o, "category", cats[rnd () % G_N_ELEMENTS (cats)]);
  json_object_set_string_member (o, "description", "Phản ánh thử nghiệm");
  json_object_set_double_member (o, "lat", 12.60 + (rnd () % 2000) / 10000.0);
  json_object_set_double_member (o, "lon", 108.00 + (rnd () % 2000) / 10000.0);
  json_object_set_int_member (o, "received_at", received);
  json_object_set_string_member (o, "status", status);
  if (!g_str_equal (status, "received"))
    json_object_set_string_member (o, "unit_id", g_ptr_array_index (g->wards, rnd () % g->wards->len));
  json_object_set_int_member (o, "deadline", received + (1 + rnd () % 5) * 86400);
  json_object_set_int_member (o, "updated_at", MIN (g->to - 1, received + rnd () % (6 * 86400)));
  if (g_str_equal (status, "processed") && rnd () % 10 == 0)
    json_object_set_string_member (o, "satisfaction", "dissatisfied");
  return o;
}

static JsonObject *
make_alert (guint    i,
            gpointer data)
{
  Gen *g = data;
  JsonObject *o = json_object_new ();
  static const char *const sev[] = { "low", "low", "medium", "medium", "high", "critical", "info" };
  static const int rank[] = { 2, 2, 3, 3, 4, 5, 1 };
  static const char *const cats[] = { "web_attack", "malware_c2", "vulnerability", "exploitation", "anomalous_host", "ddos_l7", "other" };
  static const char *const sites[] = { "congan.daklak.gov.vn", "ldld.daklak.gov.vn", "cumgar.daklak.gov.vn", "eakar.daklak.gov.vn",
                                       "lak.daklak.gov.vn", "easup.daklak.gov.vn", "daklak.gov.vn", "dichvucong.daklak.gov.vn" };
  gint64 t = g->from + rnd () % (g->to - g->from);
  guint s = rnd () % G_N_ELEMENTS (sev);
  g_autofree char *sig = g_strdup_printf ("BENCH signature %u", rnd () % 400);

  json_object_set_int_member (o, "time", t);
  json_object_set_int_member (o, "last_seen", t + rnd () % 600);
  json_object_set_string_member (o, "source", i % 4 == 0 ? "wazuh" : "suricata");
  json_object_set_string_member (o, "severity", sev[s]);
  json_object_set_int_member (o, "severity_rank", rank[s]);
  json_object_set_string_member (o, "category", cats[rnd () % G_N_ELEMENTS (cats)]);
  json_object_set_string_member (o, "site", sites[(rnd () % 64) < 40 ? rnd () % 3 : rnd () % G_N_ELEMENTS (sites)]);
  json_object_set_string_member (o, "signature", sig);
  json_object_set_int_member (o, "count", 1);
  json_object_set_string_member (o, "status", "new");
  return o;
}

static JsonObject *
make_ticket (guint    i,
             gpointer data)
{
  Gen *g = data;
  JsonObject *o = json_object_new ();
  gint64 t = g->from + rnd () % (g->to - g->from);

  json_object_set_string_member (o, "unit_id", g_ptr_array_index (g->agencies, rnd () % g->agencies->len));
  json_object_set_string_member (o, "reason", "overdue");
  json_object_set_string_member (o, "status", "checked");
  json_object_set_int_member (o, "issued_at", t);
  if (t + 2 * 86400 < g->to)
    json_object_set_int_member (o, "checked_at", t + rnd () % (2 * 86400));
  return o;
}

typedef struct {
  Gen  *gen;
  guint days;
} StatGen;

static JsonObject *
make_stat (guint    i,
           gpointer data)
{
  StatGen *s = data;
  Gen *g = s->gen;
  guint n_ag = g->agencies->len;
  guint metric = i / (n_ag * s->days);
  guint day = (i / n_ag) % s->days;
  guint a = i % n_ag;
  JsonObject *o = json_object_new ();
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (g->from + (gint64) day * 86400 + 12 * 3600);
  g_autofree char *date = g_date_time_format (dt, "%Y-%m-%d");

  json_object_set_string_member (o, "unit_id", g_ptr_array_index (g->agencies, a));
  json_object_set_string_member (o, "date", date);
  json_object_set_string_member (o, "metric", metric == 0 ? "overdue" : "online_over_8h");
  json_object_set_int_member (o, "value", (a * 7 + day / 30) % (metric == 0 ? 60 : 12) * (a % 3 == 0 ? 0 : 1));
  json_object_set_string_member (o, "origin", "computed");
  return o;
}

static JsonObject *
make_indicator (guint    i,
                gpointer data)
{
  static const char *const groups[] = { "grdp", "grdp_per_capita", "investment", "projects", "trade", "retail", "budget",
                                        "infrastructure", "enterprises", "tourism", "education", "health", "social",
                                        "environment", "security", "admin_reform" };
  Gen *g = data;
  guint month = i % 12, k = (i / 12) % 3, grp = i / 36;
  JsonObject *o = json_object_new ();
  g_autoptr(GDateTime) end = g_date_time_new_from_unix_utc (g->to - 86400);
  int n = g_date_time_get_year (end) * 12 + g_date_time_get_month (end) - 1 - (11 - (int) month);
  g_autofree char *m = g_strdup_printf ("%04d-%02d", n / 12, n % 12 + 1);
  g_autofree char *name = g_strdup_printf ("Chỉ tiêu %u", k + 1);
  double v = 100 + grp * 10 + month * 2 + (rnd () % 100) / 10.0;

  json_object_set_string_member (o, "group_code", groups[grp % 16]);
  json_object_set_string_member (o, "indicator", name);
  json_object_set_string_member (o, "month", m);
  json_object_set_double_member (o, "value", v);
  json_object_set_double_member (o, "target", 110 + grp * 10 + month * 2);
  json_object_set_string_member (o, "unit", "tỷ đồng");
  if (rnd () % 20 == 0)
    {
      json_object_set_string_member (o, "anomaly", "mom_change");
      json_object_set_string_member (o, "anomaly_detail", "-32.5 % against the previous month (threshold 20 %)");
    }
  return o;
}

static GPtrArray *
unit_ids (IocStore   *store,
          const char *kind,
          guint       max)
{
  g_autoptr(IocQuery) q = ioc_query_new ();
  g_autoptr(JsonArray) rows = NULL;
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  ioc_query_add_filter (q, "kind", IOC_FILTER_EQ, kind);
  q->limit = max;
  rows = ioc_store_list (store, &ioc_entity_units, q, NULL, NULL);
  for (guint i = 0; rows != NULL && i < json_array_get_length (rows); i++)
    g_ptr_array_add (out, g_strdup (json_object_get_string_member (json_array_get_object_element (rows, i), "id")));
  return out;
}

static GLogWriterOutput
timing_writer (GLogLevelFlags   level,
               const GLogField *fields,
               gsize            n_fields,
               gpointer         user_data)
{
  const char *domain = NULL, *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
      domain = fields[i].value;
    else if (g_str_equal (fields[i].key, "MESSAGE"))
      message = fields[i].value;
  if (level & G_LOG_LEVEL_DEBUG)
    {
      if (g_strcmp0 (domain, "iocd") == 0 && message != NULL && g_str_has_prefix (message, "briefing:"))
        printf ("      %s\n", message);
      return G_LOG_WRITER_HANDLED;
    }
  return g_log_writer_default (level, fields, n_fields, user_data);
}

static void
wait_ready (IocTestServer *srv,
            const char    *token,
            gint64         id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/weekly-reports/%" G_GINT64_FORMAT, id);

  for (guint i = 0; i < 6000; i++)
    {
      guint status = 0;
      g_autoptr(JsonNode) n = ioc_test_request (srv, "GET", path, token, NULL, &status);
      const char *s = json_object_get_string_member (json_node_get_object (n), "status");

      if (g_strcmp0 (s, "ready") == 0)
        return;
      if (g_strcmp0 (s, "generating") != 0)
        g_error ("report %s", s);
      g_usleep (5000);
    }
  g_error ("the report was not ready after 30 s");
}

int
main (int    argc,
      char **argv)
{
  guint n_dossiers = env_uint ("BENCH_DOSSIERS", 1500000);
  guint n_reports = env_uint ("BENCH_REPORTS", 10000);
  guint n_alerts = env_uint ("BENCH_ALERTS", 100000);
  g_autoptr(GError) error = NULL;
  IocTestServer *srv;
  g_autoptr(IocStore) store = NULL;
  g_autofree char *week = NULL, *token = NULL;
  Gen gen = { 0 };
  StatGen sg = { &gen, 365 };
  gint64 t0;

  if (g_getenv ("IOCD_BIN") == NULL)
    g_setenv ("IOCD_BIN", IOCD_BIN_DEFAULT, TRUE);
  g_log_set_writer_func (timing_writer, NULL, NULL);
  g_setenv ("G_MESSAGES_DEBUG", "iocd", TRUE);

  /* The demo database (units, users), then the history through the store. */
  srv = ioc_test_server_start (TRUE, NULL);
  ioc_test_server_stop (srv);
  store = ioc_sqlite_store_open (srv->db_path, &error);
  g_assert_no_error (error);
  {
    g_autofree char *this_week = ioc_briefing_current_week ();
    gint64 monday = ioc_briefing_week_time (this_week) - WEEK_S;
    g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (monday + 12 * 3600);
    week = g_date_time_format (dt, "%Y-%m-%d");
    gen.to = monday + WEEK_S;
    gen.from = gen.to - 365 * 86400;
  }
  gen.agencies = unit_ids (store, "department", 20);
  {
    g_autoptr(GPtrArray) districts = unit_ids (store, "district", 12);
    for (guint i = 0; i < districts->len; i++)
      g_ptr_array_add (gen.agencies, g_strdup (districts->pdata[i]));
  }
  gen.wards = unit_ids (store, "ward", 200);
  printf ("bench-report: one year of history up to the week of %s (%u agencies, %u wards)\n",
          week, gen.agencies->len, gen.wards->len);
  printf("generating into %s:\n", srv->db_path);
  t0 = g_get_monotonic_time ();
  insert_many (store, &ioc_entity_dossiers, n_dossiers, 50000, make_dossier, &gen);
  insert_many (store, &ioc_entity_reports, n_reports, 10000, make_report, &gen);
  insert_many (store, &ioc_entity_alerts, n_alerts, 50000, make_alert, &gen);
  insert_many (store, &ioc_entity_warning_tickets, 2500, 2500, make_ticket, &gen);
  insert_many (store, &ioc_entity_dossier_stats, 2 * sg.days * gen.agencies->len, 50000, make_stat, &sg);
  insert_many (store, &ioc_entity_indicators, 16 * 3 * 12, 1000, make_indicator, &gen);
  printf ("  generated in %.1f s\n\n", ms_since (t0) / 1000.0);

  /* 1. The figures, in process. */
  {
    g_autoptr(JsonObject) figures = NULL;
    g_autofree char *pdf = g_build_filename (srv->dir, "bench.pdf", NULL);
    IocReportInput in = { 0 };
    guint pages = 0;

    for (guint run = 0; run < 2; run++)
      {
        g_clear_pointer (&figures, json_object_unref);
        printf ("figures (ioc_briefing_compute), %s:\n", run == 0 ? "cold" : "warm");
        t0 = g_get_monotonic_time ();
        figures = ioc_briefing_compute (store, week, &error);
        g_assert_no_error (error);
        printf ("  total %.0f ms\n", ms_since (t0));
      }
    printf ("  (handled in the week: %" G_GINT64_FORMAT ", SOC alerts: %" G_GINT64_FORMAT ", field reports: %" G_GINT64_FORMAT ")\n",
            json_object_get_int_member (json_object_get_object_member (json_object_get_object_member (figures, "dossiers"), "handled"), "value"),
            json_object_get_int_member (json_object_get_object_member (json_object_get_object_member (figures, "soc"), "alerts"), "value"),
            json_object_get_int_member (json_object_get_object_member (json_object_get_object_member (figures, "field_reports"), "received"), "value"));
    in.figures = figures;
    in.difficulties = "Đường truyền tới huyện M'Đrắk chưa ổn định.";
    in.proposals = "Đề nghị bố trí kinh phí nâng cấp đường truyền.";
    in.generated_by = "bench";
    in.generated_at = g_get_real_time () / G_USEC_PER_SEC;
    t0 = g_get_monotonic_time ();
    if (!ioc_report_pdf_write (&in, pdf, &pages, &error))
      g_error ("%s", error->message);
    printf ("PDF (ioc_report_pdf_write): %u pages in %.0f ms\n\n", pages, ms_since (t0));
    g_unlink (pdf);
  }
  g_clear_object (&store);

  /* 3. Through iocd. */
  ioc_test_server_restart (srv);
  token = ioc_test_login (srv, "supervisor", ioc_test_demo_password ("supervisor"));
  {
    g_autofree char *body = g_strdup_printf ("{\"week_start\":\"%s\",\"difficulties\":\"Không có.\"}", week);
    g_autofree char *path = g_strdup_printf ("/api/v1/briefing?week=%s", week);
    guint status = 0;
    g_autoptr(JsonNode) r = NULL;

    t0 = g_get_monotonic_time ();
    r = ioc_test_request (srv, "POST", "/api/v1/weekly-reports", token, body, &status);
    g_assert_cmpuint (status, ==, 202);
    printf ("iocd: POST /api/v1/weekly-reports answered in %.0f ms\n", ms_since (t0));
    wait_ready (srv, token, json_object_get_int_member (json_node_get_object (r), "id"));
    printf ("iocd: weekly report ready (figures + PDF) %.0f ms after the request\n", ms_since (t0));
    for (guint run = 0; run < 2; run++)
      {
        g_autoptr(JsonNode) b = NULL;
        t0 = g_get_monotonic_time ();
        b = ioc_test_request (srv, "GET", path, token, NULL, &status);
        g_assert_cmpuint (status, ==, 200);
        printf ("iocd: GET /api/v1/briefing %s in %.0f ms\n", run == 0 ? "(computed)" : "(nothing changed: cached)",
                ms_since (t0));
      }
  }
  g_ptr_array_unref (gen.agencies);
  g_ptr_array_unref (gen.wards);
  ioc_test_server_free (srv);
  return 0;
}
