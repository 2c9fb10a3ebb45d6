/* bench-import.c — dossier-records import rate and heatmap query time
 *
 * Generates the province's 15-month volume of dossier records (1.5 million
 * rows by default, BENCH_ROWS overrides) for 32 agencies, 2025-09-01 to
 * 2026-11-30, with plausible channels, deadlines, late and pending
 * dossiers, and imports it through the real code paths:
 *
 *   1. `iocd import dossier-records FILE` (the job runner: validation on a
 *      worker thread, batched writes on the main loop, counts maintained);
 *   2. the same file again (every row unchanged);
 *   3. POST /api/v1/imports to a running iocd, timed from the request to
 *      the job's completion (the body is the whole file);
 *
 * then times GET /api/v1/dossier-stats/heatmap for 365 days × the 32
 * agencies (over HTTP, the way the console asks), for each metric.
 * BENCH_KEEP=1 keeps the generated file (for profiling).
 * Prints figures; never pass/fail. Targets on the 2-core machine:
 * ≥ 200,000 rows/s, heatmap < 100 ms.
 */
#include "ioc-test-server.h"

#include <glib/gstdio.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

/* 32 agencies of the demo's units: 17 departments and 15 districts. */
static const char *const agencies[] = {
  "so_cong_thuong", "so_gtvt", "so_gddt", "so_khcn", "so_khdt", "so_ldtbxh", "so_nnptnt", "so_noi_vu",
  "so_tai_chinh", "so_tnmt", "so_tttt", "so_tu_phap", "so_vhttdl", "so_xay_dung", "so_y_te", "so_ngoai_vu",
  "ban_ql_kcn",
  "tp_buon_ma_thuot", "tx_buon_ho", "huyen_buon_don", "huyen_cu_kuin", "huyen_cu_mgar", "huyen_ea_hleo",
  "huyen_ea_kar", "huyen_ea_sup", "huyen_krong_ana", "huyen_krong_bong", "huyen_krong_buk", "huyen_krong_nang",
  "huyen_krong_pac", "huyen_lak", "huyen_mdrak",
};

static const char *const procedures[] = {
  "Cấp giấy chứng nhận quyền sử dụng đất", "Đăng ký biến động đất đai", "Cấp giấy phép xây dựng",
  "Đăng ký kinh doanh hộ cá thể", "Cấp phiếu lý lịch tư pháp", "Chứng thực bản sao", "Đăng ký khai sinh",
  "Cấp giấy phép lái xe", "Đăng ký doanh nghiệp", "Cấp giấy phép lao động cho người nước ngoài",
  "Thẩm định thiết kế cơ sở", "Cấp giấy chứng nhận đủ điều kiện an toàn thực phẩm",
  "Cấp chứng chỉ hành nghề dược", "Công nhận trường đạt chuẩn quốc gia", "Cấp giấy phép khai thác nước",
  "Hỗ trợ người có công", "Cấp giấy phép hoạt động biểu diễn", "Xác nhận đăng ký kế hoạch bảo vệ môi trường",
};

static const char *const fields[] = {
  "Đất đai", "Xây dựng", "Tư pháp", "Hộ tịch", "Giao thông", "Kinh doanh", "Lao động", "Y tế",
  "Giáo dục", "Văn hóa", "Môi trường", "Tài chính",
};

static guint32
next (guint32 *s)
{
  *s ^= *s << 13;
  *s ^= *s >> 17;
  *s ^= *s << 5;
  return *s;
}

/* "yyyy-mm-dd hh:mm" of a time given as minutes since 2025-01-01 00:00 (province time). */
static void
append_time (GString *out,
             gint64   minutes)
{
  g_autoptr(GDateTime) base = g_date_time_new_utc (2025, 1, 1, 0, 0, 0);
  g_autoptr(GDateTime) t = g_date_time_add_minutes (base, minutes);
  g_string_append_printf (out, "%04d-%02d-%02d %02d:%02d", g_date_time_get_year (t), g_date_time_get_month (t),
                          g_date_time_get_day_of_month (t), g_date_time_get_hour (t), g_date_time_get_minute (t));
}

static char *
generate (guint rows)
{
  GString *s = g_string_sized_new ((gsize) rows * 150);
  guint32 seed = 20251001;
  const gint64 first_day = 243;          /* 2025-09-01 */
  const gint64 days = 456;               /* to 2026-11-30 */
  const gint64 end = (first_day + days) * 1440 + 17 * 60;   /* the export's time */
  /* Formatting times per row with GDateTime is the slowest part: a table. */
  g_autoptr(GPtrArray) day_text = g_ptr_array_new_with_free_func (g_free);

  for (gint64 d = 0; d <= first_day + days + 120; d++)
    {
      g_autoptr(GString) t = g_string_new (NULL);
      append_time (t, d * 1440);
      g_string_truncate (t, 10);
      g_ptr_array_add (day_text, g_string_free (g_steal_pointer (&t), FALSE));
    }
#define TIME(m) g_string_append_printf (s, "%s %02d:%02d", (char *) g_ptr_array_index (day_text, (m) / 1440), \
                                        (int) ((m) % 1440 / 60), (int) ((m) % 60))

  g_string_append (s, "id,agency,procedure,field,channel,received_at,due_at,accepted_at,resolved_at\n");
  for (guint i = 0; i < rows; i++)
    {
      gint64 day = first_day + (gint64) i * days / rows;
      gint64 received = day * 1440 + 7 * 60 + 30 + next (&seed) % (9 * 60);
      gint64 due = received + (3 + next (&seed) % 12) * 1440;
      guint c = next (&seed) % 100;
      const char *channel = c < 75 ? "direct" : c < 77 ? "postal" : c < 85 ? "online_partial" : "online_full";
      gint64 accepted = c < 77 ? received : received + 30 + next (&seed) % (30 * 60);
      guint r = next (&seed) % 1000;
      gint64 resolved;

      /* 92 % on time, 7.8 % late; those still open at the export stay open;
       * 0.2 % are forgotten (pending long past their deadline). */
      if (r < 920)
        resolved = received + (due - received) * (20 + next (&seed) % 80) / 100;
      else if (r < 998)
        resolved = due + 60 + next (&seed) % (10 * 1440);
      else
        resolved = G_MAXINT64;
      if (accepted > end)
        accepted = G_MAXINT64;
      if (resolved > end)
        resolved = G_MAXINT64;
      if (resolved < accepted)
        resolved = accepted + 60;
      if (resolved > end)
        resolved = G_MAXINT64;
      g_string_append_printf (s, "H%02u.%07u,%s,\"%s\",%s,%s,", i % 97, i, agencies[next (&seed) % G_N_ELEMENTS (agencies)],
                              procedures[next (&seed) % G_N_ELEMENTS (procedures)],
                              fields[next (&seed) % G_N_ELEMENTS (fields)], channel);
      TIME (received);
      g_string_append_c (s, ',');
      TIME (due);
      g_string_append_c (s, ',');
      if (accepted != G_MAXINT64)
        TIME (accepted);
      g_string_append_c (s, ',');
      if (resolved != G_MAXINT64)
        TIME (resolved);
      g_string_append_c (s, '\n');
    }
#undef TIME
  return g_string_free (s, FALSE);
}

static double
children_cpu (void)
{
  struct rusage ru;

  getrusage (RUSAGE_CHILDREN, &ru);
  return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

/* Runs `iocd import`; *cpu: its CPU time (both threads, user + system),
 * which, unlike the wall time, does not depend on what else the machine runs. */
static int
run_import (const char *db,
            const char *file,
            char      **out,
            double     *cpu)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  double before = children_cpu ();

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, g_getenv ("IOCD_BIN"),
                           "--database", db, "import", "dossier-records", file, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, out, NULL, &error);
  g_assert_no_error (error);
  g_subprocess_wait (proc, NULL, NULL);
  *cpu = children_cpu () - before;
  return g_subprocess_get_exit_status (proc);
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static void
heatmap_times (IocTestServer *srv,
               const char    *token,
               const char    *metric)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/dossier-stats/heatmap?metric=%s&from=2025-12-01&to=2026-11-30", metric);
  double t[40];
  guint units = 0, dates = 0;

  for (guint i = 0; i < G_N_ELEMENTS (t); i++)
    {
      guint status = 0;
      gint64 t0 = g_get_monotonic_time ();
      g_autoptr(JsonNode) node = ioc_test_request (srv, "GET", path, token, NULL, &status);
      t[i] = (g_get_monotonic_time () - t0) / 1000.0;
      g_assert_cmpuint (status, ==, 200);
      units = json_array_get_length (json_object_get_array_member (json_node_get_object (node), "units"));
      dates = json_array_get_length (json_object_get_array_member (json_node_get_object (node), "dates"));
    }
  qsort (t, G_N_ELEMENTS (t), sizeof t[0], compare_double);
  g_print ("heatmap %-15s %u agencies x %u days: median %.1f ms, p95 %.1f ms, max %.1f ms (HTTP, %u requests)\n",
           metric, units, dates, t[G_N_ELEMENTS (t) / 2], t[G_N_ELEMENTS (t) * 95 / 100], t[G_N_ELEMENTS (t) - 1],
           (guint) G_N_ELEMENTS (t));
}

int
main (int    argc,
      char **argv)
{
  guint rows = g_getenv ("BENCH_ROWS") ? (guint) atoi (g_getenv ("BENCH_ROWS")) : 1500000;
  g_autofree char *dir = g_dir_make_tmp ("ioc-bench-import-XXXXXX", NULL);
  g_autofree char *file = g_build_filename (dir, "dossiers.csv", NULL);
  g_autofree char *data = NULL;
  g_autofree char *out = NULL;
  g_autofree char *token = NULL;
  IocTestServer *srv;
  gint64 t0;
  double s1, s2, s3, c1, c2;
  gsize len;

  if (g_getenv ("IOCD_BIN") == NULL)
    g_setenv ("IOCD_BIN", IOCD_BIN_DEFAULT, TRUE);
  {
    double load[3] = { 0 };
    if (getloadavg (load, 3) == 3)
      g_print ("load average before: %.2f %.2f %.2f (2 cores)\n", load[0], load[1], load[2]);
  }
  t0 = g_get_monotonic_time ();
  data = generate (rows);
  len = strlen (data);
  g_assert_true (g_file_set_contents (file, data, len, NULL));
  g_print ("generated %u dossier records, %.1f MB, 32 agencies, 2025-09-01..2026-11-30, in %.1f s\n",
           rows, len / 1e6, (g_get_monotonic_time () - t0) / 1e6);

  /* 1 and 2: the command line, on the demo database, while iocd serves it. */
  srv = ioc_test_server_start (TRUE, NULL);
  token = ioc_test_login (srv, "admin", ioc_test_demo_password ("admin"));
  t0 = g_get_monotonic_time ();
  g_assert_cmpint (run_import (srv->db_path, file, &out, &c1), ==, 0);
  s1 = (g_get_monotonic_time () - t0) / 1e6;
  g_print ("iocd import, new rows:       %.2f s, %.0f rows/s, CPU %.2f s (2 threads)   (%s", s1, rows / s1, c1, out);
  g_clear_pointer (&out, g_free);
  t0 = g_get_monotonic_time ();
  g_assert_cmpint (run_import (srv->db_path, file, &out, &c2), ==, 0);
  s2 = (g_get_monotonic_time () - t0) / 1e6;
  g_print ("iocd import, unchanged rows: %.2f s, %.0f rows/s, CPU %.2f s (2 threads)   (%s", s2, rows / s2, c2, out);
  g_clear_pointer (&out, g_free);

  heatmap_times (srv, token, "overdue");
  heatmap_times (srv, token, "online_over_8h");
  heatmap_times (srv, token, "resolved_late");
  ioc_test_server_free (srv);

  /* 3: over the API, into a fresh server. */
  srv = ioc_test_server_start (TRUE, NULL);
  g_free (token);
  token = ioc_test_login (srv, "admin", ioc_test_demo_password ("admin"));
  {
    g_autoptr(GBytes) body = g_bytes_new_take (g_steal_pointer (&data), len);
    guint status = 0;
    g_autoptr(JsonNode) job = NULL;
    g_autofree char *job_path = NULL;
    double hb_max = 0;

    t0 = g_get_monotonic_time ();
    job = ioc_test_request_raw (srv, "POST", "/api/v1/imports?kind=dossier-records&name=dossiers.csv", token,
                                "text/csv", body, &status, NULL);
    g_assert_cmpuint (status, ==, 202);
    job_path = g_strdup_printf ("/api/v1/import-jobs/%" G_GINT64_FORMAT,
                                json_object_get_int_member (json_node_get_object (job), "id"));
    for (;;)
      {
        g_autoptr(JsonNode) j = NULL;
        gint64 q0 = g_get_monotonic_time ();
        const char *st;
        /* The same request the console makes; its latency while iocd writes. */
        j = ioc_test_request (srv, "GET", job_path, token, NULL, &status);
        hb_max = MAX (hb_max, (g_get_monotonic_time () - q0) / 1000.0);
        st = json_object_get_string_member (json_node_get_object (j), "status");
        if (g_str_equal (st, "completed") || g_str_equal (st, "failed"))
          {
            g_assert_cmpstr (st, ==, "completed");
            break;
          }
        g_usleep (100 * 1000);
      }
    s3 = (g_get_monotonic_time () - t0) / 1e6;
    g_print ("POST /api/v1/imports:        %.2f s, %.0f rows/s (upload, validation, writing); "
             "slowest GET while it ran: %.0f ms\n", s3, rows / s3, hb_max);
  }
  ioc_test_server_free (srv);
  if (g_getenv ("BENCH_KEEP") != NULL)
    g_print ("kept %s\n", file);
  else
    {
      g_unlink (file);
      g_rmdir (dir);
    }
  return 0;
}
