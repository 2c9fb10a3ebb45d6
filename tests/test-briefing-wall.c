/* test-briefing-wall.c — the briefing wall of the real console against the
 * real iocd with the demo data, on a headless X server (with-display)
 *
 * The week of 27/11/2023 (the last date of the province's 2023 overdue
 * table), with known field reports, SOC alerts and two years of monthly
 * indicators (with anomaly warnings) added first. It checks that the
 * figures on the tiles are the API's numbers, that presentation mode
 * pages by itself, pauses and follows the keys, that a supervisor
 * generates the weekly report from the wall and saves its PDF and CSV
 * byte for byte, that a leader sees no edit action, and that another
 * supervisor's report raises the banner. Screenshots of presentation mode
 * go to IOC_SCREENSHOT_DIR (with IOC_SCREENSHOT_SUFFIX for the
 * Vietnamese run).
 */
#include "console-test-util.h"
#include "ioc-application.h"
#include "ioc-briefing-wall.h"
#include "ioc-chart.h"
#include "ioc-indicators-view.h"
#include "ioc-report-banner.h"
#include "ioc-test-server.h"
#include "ioc-window.h"

#include <gdk/x11/gdkx.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#define WEEK "2023-11-27"

static IocTestServer *srv;
static IocApplication *app;
static char *lead_token;

static gboolean
wait_until (gboolean (*cond) (gpointer),
            gpointer  data,
            guint     timeout_ms)
{
  gint64 until = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!cond (data))
    {
      if (g_get_monotonic_time () > until)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  return TRUE;
}

static void
settle (guint ms)
{
  gint64 until = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

static IocWindow *first_window (void);

static void
screenshot (const char *name)
{
  const char *dir = g_getenv ("IOC_SCREENSHOT_DIR");
  g_autofree char *path = NULL, *cmd = NULL;
  int status = 0;

  if (dir == NULL)
    return;
  g_mkdir_with_parents (dir, 0755);
  if (g_getenv ("IOC_SCREENSHOT_SUFFIX") != NULL)
    {
      g_autofree char *base = g_strndup (name, strlen (name) - 4);
      path = g_strdup_printf ("%s/%s-%s.png", dir, base, g_getenv ("IOC_SCREENSHOT_SUFFIX"));
    }
  else
    path = g_build_filename (dir, name, NULL);
  settle (800);
  {
    /* Nothing on the page asks for more than the screen: the window still
     * covers exactly its monitor, the status strip in view. */
    GdkSurface *sf = gtk_native_get_surface (GTK_NATIVE (first_window ()));
    g_test_message ("screenshot %s: window %dx%d", name, gdk_surface_get_width (sf), gdk_surface_get_height (sf));
    g_assert_cmpint (gdk_surface_get_width (sf), ==, 1280);
    g_assert_cmpint (gdk_surface_get_height (sf), ==, 720);
  }
  /* The first monitor: the briefing wall's window. */
  cmd = g_strdup_printf ("import -window root -crop 1280x720+0+0 +repage %s", path);
  g_assert_true (g_spawn_command_line_sync (cmd, NULL, NULL, &status, NULL));
  g_assert_cmpint (status, ==, 0);
}

static JsonObject *
api (const char *method,
     const char *path,
     const char *token,
     const char *body,
     guint       expected)
{
  guint status = 0;
  g_autoptr(JsonNode) n = ioc_test_request (srv, method, path, token, body, &status);

  if (status != expected)
    g_error ("%s %s: %u, expected %u", method, path, status, expected);
  return n != NULL && JSON_NODE_HOLDS_OBJECT (n) ? json_object_ref (json_node_get_object (n)) : NULL;
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

/* Known rows of the week, as tests/test-briefing.c adds them, and the
 * indicators in place of the demo's synthetic series: two years of
 * months for the 16 groups, budget revenue with two anomaly warnings. */
static void
seed (void)
{
  static const char *const groups[] = {
    "grdp", "grdp_per_capita", "investment", "projects", "trade", "retail", "budget", "infrastructure",
    "enterprises", "tourism", "education", "health", "social", "environment", "security", "admin_reform",
  };
  g_autofree char *sup = ioc_test_login (srv, "supervisor", ioc_test_demo_password ("supervisor"));
  g_autoptr(GString) sql = g_string_new ("INSERT INTO indicators (group_code,indicator,month,value,target,unit,anomaly,anomaly_detail) VALUES ");

  for (guint i = 0; i < 3; i++)
    {
      static const char *const at[] = { "2023-11-27T08:15:00+07:00", "2023-11-29T14:00:00+07:00", "2023-12-01T09:30:00+07:00" };
      g_autofree char *body = g_strdup_printf ("{\"category\":\"littering\",\"description\":\"Rác thải %u\","
                                               "\"address\":\"12 Lê Duẩn\",\"received_at\":\"%s\"}", i, at[i]);
      g_autoptr(JsonObject) r = api ("POST", "/api/v1/reports", sup, body, 201);
      g_assert_true (json_object_has_member (r, "id"));
    }
  sql_exec ("INSERT INTO alerts (time,last_seen,source,severity,severity_rank,category,site,signature,count,status) VALUES"
            " (1701140400,1701140400,'suricata','high',4,'web_attack','dichvucong.daklak.gov.vn','ET WEB SQLi',1,'new'),"
            " (1701144000,1701144000,'suricata','high',4,'web_attack','dichvucong.daklak.gov.vn','ET WEB XSS',1,'new'),"
            " (1701230400,1701230400,'wazuh','critical',5,'malware_c2','daklak.gov.vn','Trojan',1,'new'),"
            " (1701316800,1701316800,'suricata','low',2,'vulnerability','daklak.gov.vn','ET SCAN',1,'new'),"
            " (1700600000,1700600000,'suricata','medium',3,'vulnerability','daklak.gov.vn','ET SCAN',1,'new')");
  /* AI events, warning tickets and online-8h counts of the week. */
  {
    g_autoptr(JsonObject) cams = api ("GET", "/api/v1/cameras?limit=1", sup, NULL, 200);
    const char *cam = json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (cams, "items"), 0), "id");
    g_autofree char *ev = g_strdup_printf ("INSERT INTO camera_events (camera_id,kind,time,source) VALUES"
                                           " ('%s','red_light',1701140400,'test'), ('%s','red_light',1701144000,'test'),"
                                           " ('%s','red_light',1701150000,'test'), ('%s','crowd',1701230400,'test'),"
                                           " ('%s','plate',1701316800,'test'), ('%s','crowd',1700600000,'test')",
                                           cam, cam, cam, cam, cam, cam);
    sql_exec (ev);
  }
  sql_exec ("INSERT INTO warning_tickets (unit_id,reason,status,issued_at,checked_at) VALUES"
            " ('so_tnmt','overdue','checked',1701140400,1701230400),"
            " ('huyen_lak','overdue','issued',1701316800,NULL),"
            " ('huyen_mdrak','overdue','checked',1700600000,1700700000)");
  sql_exec ("INSERT INTO dossier_stats (unit_id,date,metric,value,origin) VALUES"
            " ('tp_buon_ma_thuot','2023-11-30','online_over_8h',12,'imported'),"
            " ('huyen_ea_hleo','2023-11-30','online_over_8h',5,'imported'),"
            " ('huyen_lak','2023-11-30','online_over_8h',2,'imported'),"
            " ('tp_buon_ma_thuot','2023-11-10','online_over_8h',9,'imported'),"
            " ('huyen_ea_hleo','2023-11-10','online_over_8h',6,'imported'),"
            " ('huyen_lak','2023-11-10','online_over_8h',2,'imported')");
  /* Known series in place of the demo's synthetic ones. */
  sql_exec ("DELETE FROM indicators");
  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    for (int m = 0; m < 24; m++)
      {
        int n = 2021 * 12 + 11 + m;   /* 2021-12 … 2023-11 */
        double v = 1000 + g * 250 + m * (20 + g) + (m % 5) * 35;
        gboolean anomaly = g_str_equal (groups[g], "budget") && (m == 17 || m == 22);

        if (anomaly)
          v *= 0.62;
        char vbuf[G_ASCII_DTOSTR_BUF_SIZE], tbuf[G_ASCII_DTOSTR_BUF_SIZE];

        /* SQL wants a decimal point, whatever the locale of the run. */
        g_ascii_formatd (vbuf, sizeof vbuf, "%.1f", v);
        g_ascii_formatd (tbuf, sizeof tbuf, "%.1f", 1000 + g * 250 + m * (22 + g) + 40.0);
        g_string_append_printf (sql, "%s('%s','Chỉ tiêu chính','%04d-%02d',%s,%s,'tỷ đồng',%s,%s)",
                                g == 0 && m == 0 ? "" : ",", groups[g], n / 12, n % 12 + 1, vbuf, tbuf,
                                anomaly ? "'mom_change'" : "NULL",
                                anomaly ? "'-38.0 % against the previous month (threshold 20 %)'" : "NULL");
      }
  sql_exec (sql->str);
}

static IocWindow *
first_window (void)
{
  IocWindow *best = NULL;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (IOC_IS_WINDOW (l->data) && gtk_widget_get_mapped (l->data))
      {
        int x = 0;
        GdkSurface *s = gtk_native_get_surface (GTK_NATIVE (l->data));
        GdkMonitor *m = s != NULL ? gdk_display_get_monitor_at_surface (gdk_display_get_default (), s) : NULL;
        GdkRectangle geo = { 0 };
        if (m != NULL)
          gdk_monitor_get_geometry (m, &geo);
        x = geo.x;
        if (best == NULL || x == 0)
          best = l->data;
      }
  return best;
}

static IocBriefingWall *
the_wall (void)
{
  return IOC_BRIEFING_WALL (ioc_window_get_wall_widget (first_window (), "briefing"));
}

static gboolean
has_figures (gpointer data)
{
  return ioc_briefing_wall_has_figures (data);
}

static gboolean
windows_ready (gpointer data)
{
  IocModels *m = ioc_application_get_models (app);
  guint mapped = 0;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (IOC_IS_WINDOW (l->data) && gtk_widget_get_mapped (l->data))
      mapped++;
  return m != NULL && ioc_models_is_loaded (m) && mapped == 2;
}

static gboolean
windows_fullscreen (gpointer data)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (IOC_IS_WINDOW (l->data))
      {
        GdkSurface *s = gtk_native_get_surface (GTK_NATIVE (l->data));
        if (s == NULL || gdk_surface_get_width (s) != 1280 || gdk_surface_get_height (s) != 720)
          return FALSE;
      }
  return TRUE;
}

/* The number as the wall writes it (the locale's grouping). */
static char *
shown (JsonObject *fig,
       const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonObject *o = fig;

  for (guint i = 0; parts[i + 1] != NULL; i++)
    o = json_object_get_object_member (o, parts[i]);
  return ioc_format_count (json_object_get_int_member (o, parts[g_strv_length (parts) - 1]));
}

static void
test_tiles_equal_api (void)
{
  IocWindow *win = first_window ();
  IocBriefingWall *wall;
  g_autoptr(JsonObject) fig = NULL;
  static const char *const keys[] = {
    "field_reports.received", "field_reports.processed", "field_reports.overdue", "field_reports.dissatisfied",
    "dossiers.overdue", "dossiers.warning_tickets.issued", "dossiers.warning_tickets.checked",
    "cameras.ai_events", "soc.alerts", "soc.severe",
  };

  g_assert_cmpstr (ioc_window_get_wall (win), ==, "briefing");
  wall = the_wall ();
  g_assert_nonnull (wall);
  ioc_briefing_wall_set_week (wall, "2023-11-29");   /* any day names its week */
  g_assert_cmpstr (ioc_briefing_wall_get_week (wall), ==, WEEK);
  g_assert_true (wait_until (has_figures, wall, 20000));

  fig = api ("GET", "/api/v1/briefing?week=" WEEK, lead_token, NULL, 200);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s.value", keys[i]);
      g_autofree char *expect = shown (fig, path);
      g_assert_cmpstr (ioc_briefing_wall_get_tile_text (wall, keys[i]), ==, expect);
      /* Every weekly figure has its 8-week trend (the dossier counts: one
       * point per report date, at least two here). */
      g_assert_cmpuint (ioc_briefing_wall_get_tile_trend (wall, keys[i]), >=, 2);
    }
  g_assert_cmpuint (ioc_briefing_wall_get_tile_trend (wall, "field_reports.received"), ==, 8);
  /* Known values, not only equal ones: 196 overdue dossiers on 30/11/2023,
   * 3 field reports, 4 alerts of which 3 critical or high. */
  g_assert_cmpstr (ioc_briefing_wall_get_tile_text (wall, "dossiers.overdue"), ==, "196");
  g_assert_cmpstr (ioc_briefing_wall_get_tile_text (wall, "field_reports.received"), ==, "3");
  g_assert_cmpstr (ioc_briefing_wall_get_tile_text (wall, "soc.alerts"), ==, "4");
  g_assert_cmpstr (ioc_briefing_wall_get_tile_text (wall, "soc.severe"), ==, "3");
  g_assert_cmpstr (ioc_briefing_wall_get_tile_text (wall, "cameras.ai_events"), ==, "5");
  g_assert_cmpstr (ioc_briefing_wall_get_tile_text (wall, "dossiers.warning_tickets.issued"), ==, "2");
  g_assert_cmpstr (ioc_briefing_wall_get_tile_text (wall, "dossiers.online_8h"), ==, "19");
  {
    g_autofree char *expect = shown (fig, "dossiers.online_8h.value");
    g_assert_cmpstr (ioc_briefing_wall_get_tile_text (wall, "dossiers.online_8h"), ==, expect);
  }
  {
    g_autofree char *total = shown (fig, "cameras.total");
    g_autoptr(JsonObject) online = api ("GET", "/api/v1/cameras?status=online&limit=1", lead_token, NULL, 200);
    g_autofree char *n = ioc_format_count (json_object_get_int_member (online, "total"));
    g_assert_cmpstr (ioc_briefing_wall_get_tile_text (wall, "cameras.total"), ==, total);
    g_assert_cmpstr (total, ==, "132");
    /* Live, from the console's camera list. */
    g_assert_cmpstr (ioc_briefing_wall_get_tile_text (wall, "cameras.online"), ==, n);
  }
  /* The indicators: the budget group's headline value of 11/2023. */
  {
    JsonArray *groups = json_object_get_array_member (json_object_get_object_member (fig, "indicators"), "groups");
    IocIndicatorsView *view = IOC_INDICATORS_VIEW (ioc_briefing_wall_get_indicators_view (wall));
    IocLineChart *chart = ioc_indicators_view_get_chart (view, "budget");
    gboolean seen = FALSE;

    g_assert_cmpuint (json_array_get_length (groups), ==, 16);
    for (guint i = 0; i < json_array_get_length (groups); i++)
      {
        JsonObject *g = json_array_get_object_element (groups, i);
        if (g_str_equal (json_object_get_string_member (g, "group_code"), "budget"))
          {
            JsonObject *h = json_object_get_object_member (g, "headline");
            double v = json_object_get_double_member (h, "value");
            g_autofree char *num = ioc_format_number (v, ioc_number_decimals (v));
            g_autofree char *expect = g_strdup_printf ("%s tỷ đồng", num);
            g_assert_cmpint (json_object_get_int_member (g, "anomalies"), ==, 2);
            g_assert_cmpstr (ioc_briefing_wall_get_tile_text (wall, "indicators.budget"), ==, expect);
            seen = TRUE;
          }
      }
    g_assert_true (seen);
    /* The chart: 24 months, the two anomaly warnings ringed, an axis. */
    g_assert_cmpuint (ioc_line_chart_get_n_points (chart), ==, 24);
    g_assert_cmpuint (ioc_line_chart_get_n_anomalies (chart), ==, 2);
    g_assert_nonnull (ioc_line_chart_get_axis_labels (chart)[0]);
  }
  /* The lists of the letters: 14 + 8 to praise, 5 to criticise. */
  g_assert_cmpuint (ioc_briefing_wall_count_ranked (wall, TRUE), ==, 22);
  g_assert_cmpuint (ioc_briefing_wall_count_ranked (wall, FALSE), ==, 5);
}

typedef struct {
  IocBriefingWall *wall;
  const char      *section;
} SectionWait;

static gboolean
section_is_not (gpointer data)
{
  SectionWait *w = data;
  return g_strcmp0 (ioc_briefing_wall_get_section (w->wall), w->section) != 0;
}

static void
xdotool_key (const char *key)
{
  g_autofree char *cmd = g_strdup_printf ("xdotool key %s", key);
  int status = 0;

  g_assert_true (g_spawn_command_line_sync (cmd, NULL, NULL, &status, NULL));
  g_assert_cmpint (status, ==, 0);
  settle (300);
}

static void
test_presentation (void)
{
  IocBriefingWall *wall = the_wall ();
  IocWindow *win = first_window ();
  SectionWait w = { wall, "field-reports" };

  gtk_window_present (GTK_WINDOW (win));
  ioc_briefing_wall_set_interval (wall, 5);
  ioc_briefing_wall_show_section (wall, "field-reports");
  ioc_briefing_wall_start_presentation (wall);
  g_assert_true (ioc_briefing_wall_is_presenting (wall));
  g_assert_cmpstr (ioc_briefing_wall_get_section (wall), ==, "field-reports");
  screenshot ("briefing-wall.png");
  /* It moves on by itself after the interval. */
  g_assert_true (wait_until (section_is_not, &w, 9000));
  g_assert_cmpstr (ioc_briefing_wall_get_section (wall), ==, "dossiers");
  screenshot ("briefing-wall-dossiers.png");
  /* Paused, it stays. */
  ioc_briefing_wall_toggle_pause (wall);
  g_assert_true (ioc_briefing_wall_is_paused (wall));
  settle (6000);
  g_assert_cmpstr (ioc_briefing_wall_get_section (wall), ==, "dossiers");
  ioc_briefing_wall_toggle_pause (wall);
  g_assert_false (ioc_briefing_wall_is_paused (wall));
  /* The keyboard, through the X server (XTEST), with the X input focus
   * on the wall's window. */
  {
    g_autofree char *cmd = g_strdup_printf ("xdotool windowactivate --sync %lu",
                                            (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (win))));
    int status = 0;
    g_assert_true (g_spawn_command_line_sync (cmd, NULL, NULL, &status, NULL));
    g_assert_cmpint (status, ==, 0);
    settle (300);
  }
  xdotool_key ("Right");
  g_assert_cmpstr (ioc_briefing_wall_get_section (wall), ==, "cameras");
  screenshot ("briefing-wall-cameras.png");
  xdotool_key ("Right");
  g_assert_cmpstr (ioc_briefing_wall_get_section (wall), ==, "soc");
  screenshot ("briefing-wall-soc.png");
  xdotool_key ("Left");
  g_assert_cmpstr (ioc_briefing_wall_get_section (wall), ==, "cameras");
  xdotool_key ("space");
  g_assert_true (ioc_briefing_wall_is_paused (wall));
  xdotool_key ("space");
  g_assert_false (ioc_briefing_wall_is_paused (wall));
  ioc_briefing_wall_show_section (wall, "indicators");
  screenshot ("briefing-wall-indicators.png");
  ioc_briefing_wall_next (wall);
  g_assert_cmpstr (ioc_briefing_wall_get_section (wall), ==, "charts-1");
  screenshot ("briefing-wall-charts.png");
  ioc_briefing_wall_show_section (wall, "ranking");
  screenshot ("briefing-wall-ranking.png");
  /* Round the end to the first page. */
  ioc_briefing_wall_next (wall);
  g_assert_cmpstr (ioc_briefing_wall_get_section (wall), ==, "field-reports");
  xdotool_key ("Escape");
  g_assert_false (ioc_briefing_wall_is_presenting (wall));
  /* F5 starts it again; Esc stops. */
  xdotool_key ("F5");
  g_assert_true (ioc_briefing_wall_is_presenting (wall));
  xdotool_key ("Escape");
  g_assert_false (ioc_briefing_wall_is_presenting (wall));
}

static gboolean
report_ready (gpointer data)
{
  return g_strcmp0 (ioc_briefing_wall_report_status (data), "ready") == 0;
}

static gboolean
saved (gpointer data)
{
  return ioc_briefing_wall_get_save_state (data) != 0;
}

static GBytes *
api_bytes (const char *path)
{
  guint status = 0;
  GBytes *out = NULL;
  g_autoptr(JsonNode) n = ioc_test_request_raw (srv, "GET", path, lead_token, NULL, NULL, &status, &out);

  g_assert_cmpuint (status, ==, 200);
  g_assert_null (n);   /* a PDF or CSV, not JSON */
  return out;
}

static void
assert_file_is (const char *file,
                const char *api_path)
{
  g_autofree char *data = NULL;
  gsize len;
  g_autoptr(GBytes) expect = api_bytes (api_path);

  g_assert_true (g_file_get_contents (file, &data, &len, NULL));
  g_assert_cmpuint (len, ==, g_bytes_get_size (expect));
  g_assert_true (memcmp (data, g_bytes_get_data (expect, NULL), len) == 0);
}

static void
test_supervisor_generates (void)
{
  IocBriefingWall *wall = the_wall ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ioc-briefing-wall-XXXXXX", &error);
  g_autofree char *pdf = g_build_filename (dir, "report.pdf", NULL);
  g_autofree char *csv = g_build_filename (dir, "agencies.csv", NULL);
  g_autoptr(GFile) pdf_file = g_file_new_for_path (pdf);
  g_autoptr(GFile) csv_file = g_file_new_for_path (csv);
  g_autoptr(JsonObject) list = NULL;
  JsonObject *row;
  gint64 id;

  g_assert_no_error (error);
  g_assert_true (ioc_briefing_wall_can_edit (wall));
  ioc_briefing_wall_show_section (wall, "weekly-report");
  ioc_briefing_wall_generate (wall, "Đường truyền tới huyện M'Đrắk chưa ổn định.",
                              "Đề nghị bổ sung 02 viên chức trực ca đêm.");
  g_assert_true (wait_until (report_ready, wall, 30000));
  g_assert_cmpuint (ioc_briefing_wall_count_reports (wall), ==, 1);
  screenshot ("briefing-wall-weekly-report.png");

  /* Saved with the report, as the supervisor typed them. */
  list = api ("GET", "/api/v1/weekly-reports?week_start=" WEEK, lead_token, NULL, 200);
  row = json_array_get_object_element (json_object_get_array_member (list, "items"), 0);
  g_assert_cmpstr (json_object_get_string_member (row, "difficulties"), ==, "Đường truyền tới huyện M'Đrắk chưa ổn định.");
  g_assert_cmpstr (json_object_get_string_member (row, "generated_by"), ==, "supervisor");
  id = json_object_get_int_member (row, "id");

  /* The PDF and a table, downloaded by the console, are the server's. */
  ioc_briefing_wall_save_report (wall, id, NULL, pdf_file);
  g_assert_true (wait_until (saved, wall, 20000));
  g_assert_cmpint (ioc_briefing_wall_get_save_state (wall), ==, 1);
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/weekly-reports/%" G_GINT64_FORMAT "/pdf", id);
    assert_file_is (pdf, path);
  }
  ioc_briefing_wall_save_report (wall, id, "dossiers-overdue", csv_file);
  g_assert_true (wait_until (saved, wall, 20000));
  g_assert_cmpint (ioc_briefing_wall_get_save_state (wall), ==, 1);
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/weekly-reports/%" G_GINT64_FORMAT "/tables/dossiers-overdue.csv", id);
    assert_file_is (csv, path);
  }
  /* A table that does not exist: an error, and the file is left alone. */
  ioc_briefing_wall_save_report (wall, id, "nothing", csv_file);
  g_assert_true (wait_until (saved, wall, 20000));
  g_assert_cmpint (ioc_briefing_wall_get_save_state (wall), ==, -1);
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/weekly-reports/%" G_GINT64_FORMAT "/tables/dossiers-overdue.csv", id);
    assert_file_is (csv, path);
  }
  g_unlink (pdf);
  g_unlink (csv);
  g_rmdir (dir);
}

static void
test_leader_reads_only (void)
{
  g_autoptr(IocModels) models = ct_models_signed_in (srv->base_url, "leader");
  GtkWidget *window, *wall;

  window = gtk_window_new ();
  wall = ioc_briefing_wall_new (models);
  gtk_window_set_child (GTK_WINDOW (window), wall);
  gtk_window_present (GTK_WINDOW (window));
  ioc_briefing_wall_set_week (IOC_BRIEFING_WALL (wall), WEEK);
  g_assert_true (wait_until (has_figures, wall, 20000));
  /* The same figures, no editor, no generate. */
  g_assert_cmpstr (ioc_briefing_wall_get_tile_text (IOC_BRIEFING_WALL (wall), "dossiers.overdue"), ==, "196");
  g_assert_false (ioc_briefing_wall_can_edit (IOC_BRIEFING_WALL (wall)));
  {
    g_autoptr(JsonObject) before = api ("GET", "/api/v1/weekly-reports", lead_token, NULL, 200);
    g_autoptr(JsonObject) after = NULL;
    gint64 n_before = json_object_get_int_member (before, "total");
    ioc_briefing_wall_generate (IOC_BRIEFING_WALL (wall), "x", "y");
    settle (1500);
    after = api ("GET", "/api/v1/weekly-reports?week_start=" WEEK, lead_token, NULL, 200);
    {
      g_autoptr(JsonObject) all = api ("GET", "/api/v1/weekly-reports", lead_token, NULL, 200);
      g_assert_cmpint (json_object_get_int_member (all, "total"), ==, n_before);
    }
    /* Nothing was sent: the texts are still the supervisor's. */
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (after, "items"), 0),
                                                    "difficulties"), ==, "Đường truyền tới huyện M'Đrắk chưa ổn định.");
  }
  gtk_window_destroy (GTK_WINDOW (window));
  ioc_client_stop (ioc_models_get_client (models));
}

static gboolean
banner_shown (gpointer data)
{
  return ioc_report_banner_is_shown (data);
}

static void
test_banner (void)
{
  g_autofree char *admin = ioc_test_login (srv, "admin", ioc_test_demo_password ("admin"));
  g_autoptr(JsonObject) user = api ("POST", "/api/v1/users", admin,
                                    "{\"name\":\"supervisor2\",\"role\":\"supervisor\",\"password\":\"second-supervisor-1022\"}", 201);
  g_autofree char *sup2 = NULL;
  GtkWidget *banner = ioc_report_banner_get (GTK_WIDGET (first_window ()));
  g_autoptr(JsonObject) r = NULL;

  g_assert_cmpstr (json_object_get_string_member (user, "role"), ==, "supervisor");
  sup2 = ioc_test_login (srv, "supervisor2", "second-supervisor-1022");
  g_assert_nonnull (banner);
  g_assert_false (ioc_report_banner_is_shown (banner));
  /* A colleague generates the previous week's report. */
  r = api ("POST", "/api/v1/weekly-reports", sup2, "{\"week_start\":\"2023-11-20\"}", 202);
  g_assert_true (wait_until (banner_shown, banner, 30000));
  g_assert_nonnull (strstr (ioc_report_banner_get_text (banner), "20/11/2023"));
  g_assert_nonnull (strstr (ioc_report_banner_get_text (banner), "supervisor2"));
  ioc_window_show_wall (first_window (), "briefing");
  screenshot ("report-banner.png");

  /* Friday's automatic report (iocd's timer), as the stream delivers its
   * event: the banner says so, also to the supervisor whose report it
   * is not. */
  {
    g_autoptr(JsonObject) data = json_object_new ();
    IocClient *client = ioc_application_get_client (app);

    gtk_revealer_set_reveal_child (GTK_REVEALER (banner), FALSE);
    json_object_set_int_member (data, "id", 99);
    json_object_set_string_member (data, "week_start", "2023-11-27");
    json_object_set_string_member (data, "generated_by", "iocd");
    json_object_set_boolean_member (data, "automatic", TRUE);
    g_signal_emit_by_name (client, "event", "weekly-report.ready", data);
    g_assert_true (ioc_report_banner_is_shown (banner));
    g_assert_nonnull (strstr (ioc_report_banner_get_text (banner), "27/11/2023"));
    g_assert_nonnull (strstr (ioc_report_banner_get_text (banner), "15:00"));
    /* Their own report raises nothing. */
    gtk_revealer_set_reveal_child (GTK_REVEALER (banner), FALSE);
    json_object_set_string_member (data, "generated_by", "supervisor");
    json_object_set_boolean_member (data, "automatic", FALSE);
    g_signal_emit_by_name (client, "event", "weekly-report.ready", data);
    g_assert_false (ioc_report_banner_is_shown (banner));
  }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int ret;

  ct_init_locale ();
  g_test_init (&argc, &argv, NULL);

  srv = ioc_test_server_start (TRUE, NULL);
  seed ();
  lead_token = ioc_test_login (srv, "leader", ioc_test_demo_password ("leader"));
  /* The briefing wall on the first monitor, as a war room would set it:
   * the window opens with it (no wall switch, no transition). */
  {
    g_autoptr(GSettings) settings = g_settings_new ("vn.gov.daklak.IocConsole");
    g_autoptr(GVariantBuilder) b = g_variant_builder_new (G_VARIANT_TYPE ("a{ss}"));
    g_variant_builder_add (b, "{ss}", "DUMMY0", "briefing");
    g_variant_builder_add (b, "{ss}", "DUMMY1", "map");
    g_settings_set_value (settings, "wall-assignments", g_variant_builder_end (b));
  }
  app = ioc_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  ioc_application_sign_in (app, srv->base_url, "supervisor", ioc_test_demo_password ("supervisor"));
  g_assert_true (wait_until (windows_ready, NULL, 30000));
  /* The window manager makes the windows fullscreen: wait until they
   * cover their monitors. */
  g_assert_true (wait_until (windows_fullscreen, NULL, 20000));
  settle (1000);

  g_test_add_func ("/briefing-wall/1-tiles-equal-api", test_tiles_equal_api);
  g_test_add_func ("/briefing-wall/2-presentation", test_presentation);
  g_test_add_func ("/briefing-wall/3-supervisor-generates", test_supervisor_generates);
  g_test_add_func ("/briefing-wall/4-leader-reads-only", test_leader_reads_only);
  g_test_add_func ("/briefing-wall/5-banner", test_banner);
  ret = g_test_run ();

  g_application_quit (G_APPLICATION (app));
  g_clear_object (&app);
  g_free (lead_token);
  ioc_test_server_free (srv);
  return ret;
}
