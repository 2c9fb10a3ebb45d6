/* test-console.c — the real console windows against the real iocd, on a
 * headless X server with two monitors (tests/tools/with-display).
 *
 * Two fullscreen windows, one per monitor, each with its wall; the map's
 * markers equal the API's rows; search finds reports, cameras and units;
 * the panels open for a camera, an agency and a site; a report dispatched
 * from one console changes state on a second one; duty staff see no
 * dispatch; killing iocd shows "reconnecting" with a countdown on both
 * consoles, which recover by themselves with every event written
 * meanwhile; monitors unplugged and plugged back. Screenshots of the map
 * wall are saved into IOC_SCREENSHOT_DIR. (The other walls:
 * test-console-walls.c.)
 */
#include "console-test-util.h"
#include "ioc-map-wall.h"
#include "ioc-soc-wall.h"

#include <glib/gi18n.h>
#include <string.h>

static IocMapWall *
map_wall (void)
{
  return IOC_MAP_WALL (ct_wall ("map", "map"));
}

static gboolean
two_windows_mapped (gpointer data)
{
  g_autoptr(GPtrArray) w = ct_console_windows ();
  guint mapped = 0;

  for (guint i = 0; i < w->len; i++)
    if (gtk_widget_get_mapped (w->pdata[i]))
      mapped++;
  return mapped == 2;
}

static void
test_one_window_per_monitor (void)
{
  GdkDisplay *display = gdk_display_get_default ();
  GListModel *monitors = gdk_display_get_monitors (display);
  g_autoptr(GPtrArray) windows = NULL;
  g_autofree char *shot = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (monitors), ==, 2);
  g_assert_true (ct_wait_until (two_windows_mapped, NULL, 20000));
  ct_settle (1000);   /* the window manager places fullscreen windows */
  windows = ct_console_windows ();
  g_assert_cmpuint (windows->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GdkMonitor) m = g_list_model_get_item (monitors, i);
      g_autofree char *wall = ioc_application_wall_for_monitor (ct_app, m, i);
      IocWindow *win = ct_window_with_wall (wall);
      GdkSurface *surface;
      GdkRectangle geo;
      gint64 until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

      g_assert_nonnull (win);
      g_assert_true (gtk_window_is_fullscreen (GTK_WINDOW (win)));
      surface = gtk_native_get_surface (GTK_NATIVE (win));
      g_assert_true (gdk_display_get_monitor_at_surface (display, surface) == m);
      gdk_monitor_get_geometry (m, &geo);
      while (gdk_surface_get_width (surface) != geo.width && g_get_monotonic_time () < until)
        ct_settle (50);
      /* The window covers its monitor. */
      g_assert_cmpint (gdk_surface_get_width (surface), ==, geo.width);
      g_assert_cmpint (gdk_surface_get_height (surface), ==, geo.height);
    }
  /* The default assignment: the map first, the SOC wall second. */
  g_assert_nonnull (ct_window_with_wall ("map"));
  g_assert_nonnull (ct_window_with_wall ("soc"));
  g_assert_nonnull (strstr (ioc_window_get_connection_text (ct_window_with_wall ("map")), _("Connected")));
  shot = ct_screenshot ("walls-map-soc.png");
}

static gboolean
boundaries_drawn (gpointer data)
{
  return ioc_map_wall_count_boundaries (data) > 0;
}

static gboolean
tiles_arrived (gpointer data)
{
  return ioc_map_wall_has_tiles (data);
}

static void
test_map_markers (void)
{
  IocMapWall *map = map_wall ();
  g_autofree char *token = ioc_test_login (ct_srv, "leader", "leader-demo-1022");
  g_autoptr(JsonNode) overdue = NULL;
  guint status = 0;

  /* Every report with coordinates and every camera is a marker. */
  g_assert_cmpuint (ioc_map_wall_count_reports (map), ==, ct_api_total (token, "/api/v1/reports?limit=1"));
  g_assert_cmpuint (ioc_map_wall_count_cameras (map), ==, ct_api_total (token, "/api/v1/cameras?limit=1"));
  g_assert_cmpuint (ioc_map_wall_count_cameras (map), ==, 132);
  /* Today's 102 communes and wards are outlined (boundaries come after
   * the lists, once), on iocd's own base map. */
  g_assert_true (ct_wait_until (boundaries_drawn, map, 20000));
  g_assert_cmpuint (ioc_map_wall_count_boundaries (map), >=, 102);
  g_assert_true (ct_wait_until (tiles_arrived, map, 20000));
  /* Agencies with overdue dossiers that have a place: the old districts,
   * at the commune that kept their name. */
  g_assert_cmpuint (ioc_map_wall_count_dossier_sites (map), >=, 1);
  /* The overdue queue lists what the API calls overdue. */
  overdue = ioc_test_request (ct_srv, "GET", "/api/v1/reports?status=overdue&limit=1", token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (ioc_map_wall_count_queue (map), ==,
                    json_object_get_int_member (json_node_get_object (overdue), "total"));
  /* The legend folds away and comes back (Ctrl+L). */
  g_assert_true (ioc_map_wall_get_legend_visible (map));
  gtk_widget_activate_action (GTK_WIDGET (map), "map.legend", NULL);
  g_assert_false (ioc_map_wall_get_legend_visible (map));
  gtk_widget_activate_action (GTK_WIDGET (map), "map.legend", NULL);
  g_assert_true (ioc_map_wall_get_legend_visible (map));
}

static void
test_search_and_panels (void)
{
  IocMapWall *map = map_wall ();
  g_autofree char *shot = NULL;

  /* A report by its number. */
  g_assert_cmpuint (ioc_map_wall_search (map, "#133"), >=, 1);
  ioc_map_wall_open_search_result (map, 0);
  g_assert_cmpstr (ioc_map_wall_get_panel (map), ==, "report");
  /* A camera by its name, and its panel (status by contract 2). */
  g_assert_cmpuint (ioc_map_wall_search (map, "CA tỉnh 01"), >=, 1);
  ioc_map_wall_open_search_result (map, 0);
  g_assert_cmpstr (ioc_map_wall_get_panel (map), ==, "camera");
  shot = ct_screenshot ("map-wall-camera-panel.png");
  /* A unit by its name, whatever the case. */
  g_assert_cmpuint (ioc_map_wall_search (map, "tân lập"), >=, 1);
  ioc_map_wall_open_search_result (map, 0);
  g_assert_cmpstr (ioc_map_wall_get_panel (map), ==, "unit");
  /* Nothing: no result, no panel change. */
  g_assert_cmpuint (ioc_map_wall_search (map, "zzzz-no-such-thing"), ==, 0);
  ioc_map_wall_search (map, "");
  /* An agency with overdue dossiers: supervisors may warn a current one. */
  ioc_map_wall_show_unit (map, "so_tnmt", FALSE);
  g_assert_cmpstr (ioc_map_wall_get_panel (map), ==, "unit");
  g_assert_true (ioc_map_wall_ticket_visible (map));
  /* A district merged away in 2025 has nobody to receive a ticket. */
  ioc_map_wall_show_unit (map, "huyen_krong_pac", FALSE);
  g_assert_false (ioc_map_wall_ticket_visible (map));
  gtk_widget_activate_action (GTK_WIDGET (map), "wall.close-panel", NULL);
  g_assert_cmpstr (ioc_map_wall_get_panel (map), ==, "queue");
}

typedef struct {
  IocModels  *models;
  const char *id;
  const char *status;
} StatusWait;

static gboolean
has_status (gpointer data)
{
  StatusWait *w = data;
  return ct_report_has_status (w->models, w->id, w->status);
}

static void
test_dispatch_reaches_other_console (void)
{
  g_autofree char *id = ct_create_report ("{\"category\":\"littering\",\"description\":\"Rác thải tại chợ Buôn Ma Thuột\","
                                          "\"lat\":12.6835,\"lon\":108.0452,\"address\":\"Chợ Buôn Ma Thuột, Phan Bội Châu\"}");
  g_autoptr(IocModels) other = ct_second_console ("duty");
  IocMapWall *map = map_wall ();
  StatusWait w = { NULL, id, "received" };
  g_autoptr(GtkWindow) duty_window = NULL;
  g_autofree char *shot = NULL;

  /* Both consoles got the new report from the stream. */
  w.models = ioc_application_get_models (ct_app);
  g_assert_true (ct_wait_until (has_status, &w, 10000));
  w.models = other;
  g_assert_true (ct_wait_until (has_status, &w, 10000));

  /* The supervisor dispatches it from the map wall's panel ... */
  ioc_map_wall_show_report (map, id);
  g_assert_true (ioc_map_wall_dispatch_visible (map));
  g_assert_true (ioc_map_wall_dispatch_enabled (map));
  /* A new report cannot be escalated yet (nobody has it). */
  g_assert_false (ioc_map_wall_escalate_enabled (map));
  /* The nearest of today's units is suggested first. */
  g_assert_true (g_str_has_prefix (ioc_map_wall_suggested_unit (map), "u2025_"));
  shot = ct_screenshot ("map-wall-report-panel.png");
  ioc_map_wall_assign (map, "u2025_24133");

  /* ... and the other console sees it assigned. */
  w.status = "assigned";
  w.models = other;
  g_assert_true (ct_wait_until (has_status, &w, 10000));
  w.models = ioc_application_get_models (ct_app);
  g_assert_true (ct_wait_until (has_status, &w, 10000));
  /* Assigned, it may now be escalated. */
  g_assert_true (ioc_map_wall_escalate_enabled (map));
  g_clear_pointer (&shot, g_free);
  shot = ct_screenshot ("map-wall-assigned.png");

  /* Duty staff get no dispatch action. */
  {
    GtkWidget *duty_map = ioc_map_wall_new (other);
    duty_window = g_object_ref_sink (GTK_WINDOW (gtk_window_new ()));
    gtk_window_set_child (duty_window, duty_map);
    gtk_window_present (duty_window);
    ct_settle (300);
    ioc_map_wall_show_report (IOC_MAP_WALL (duty_map), id);
    g_assert_false (ioc_map_wall_dispatch_visible (IOC_MAP_WALL (duty_map)));
    g_assert_false (ioc_map_wall_dispatch_enabled (IOC_MAP_WALL (duty_map)));
    /* nor a warning ticket. */
    ioc_map_wall_show_unit (IOC_MAP_WALL (duty_map), "so_tnmt", FALSE);
    g_assert_false (ioc_map_wall_ticket_visible (IOC_MAP_WALL (duty_map)));
    gtk_window_destroy (duty_window);
  }
  ioc_client_stop (ioc_models_get_client (other));
}

/* ---- reconnect ---------------------------------------------------------- */

typedef struct {
  IocClient      *a, *b;
  IocClientState  state;
} StateWait;

static gboolean
both_in_state (gpointer data)
{
  StateWait *w = data;
  return ioc_client_get_state (w->a) == w->state && ioc_client_get_state (w->b) == w->state;
}

static gboolean
retry_wait_long (gpointer data)
{
  StateWait *w = data;
  return ioc_client_get_retry_in (w->a) >= 3 && ioc_client_get_retry_in (w->b) >= 3;
}

static gint64
server_last_seq (void)
{
  guint status = 0;
  g_autoptr(JsonNode) h = ioc_test_request (ct_srv, "GET", "/healthz", NULL, NULL, &status);

  g_assert_cmpuint (status, ==, 200);
  return json_object_get_int_member (json_node_get_object (h), "last_seq");
}

typedef struct {
  IocClient *a, *b;
  gint64     seq;
} SeqWait;

static gboolean
both_caught_up (gpointer data)
{
  SeqWait *w = data;
  return ioc_client_get_last_seq (w->a) >= w->seq && ioc_client_get_last_seq (w->b) >= w->seq;
}

static void
test_reconnect (void)
{
  IocWindow *win = ct_window_with_wall ("soc");
  g_autoptr(IocModels) other = ct_second_console ("duty");
  IocModels *mine = ioc_application_get_models (ct_app);
  StateWait sw = { ioc_application_get_client (ct_app), ioc_models_get_client (other), IOC_CLIENT_RECONNECTING };
  SeqWait qw = { sw.a, sw.b, 0 };
  g_autofree char *shot = NULL;
  g_autofree char *admin = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  gint64 before, written;
  guint n_alerts_before = g_list_model_get_n_items (G_LIST_MODEL (ioc_models_get_alerts (mine)));

  before = server_last_seq ();
  ioc_test_server_kill (ct_srv);
  g_assert_true (ct_wait_until (both_in_state, &sw, 10000));
  ct_settle (1200);
  /* Every window says so (not "Connected"), with the countdown. */
  g_assert_null (strstr (ioc_window_get_connection_text (win), _("Connected")));
  g_assert_nonnull (strpbrk (ioc_window_get_connection_text (win), "0123456789"));
  g_assert_null (strstr (ioc_window_get_connection_text (ct_window_with_wall ("map")), _("Connected")));
  shot = ct_screenshot ("reconnecting.png");

  /* Wait until both consoles have a few seconds to go, bring iocd back,
   * and change things before they reconnect. */
  g_assert_true (ct_wait_until (retry_wait_long, &sw, 30000));
  ioc_test_server_restart (ct_srv);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"category\":\"wastewater\",\"description\":\"Nước thải tràn ra đường %u\","
                                               "\"address\":\"Lê Duẩn\"}", i);
      g_ptr_array_add (ids, ct_create_report (json));
    }
  admin = ioc_test_login (ct_srv, "admin", "admin-demo-1022");
  {
    g_autofree char *a = ct_eve_line (0.1, 2, "ET WEB_SERVER SQL Injection while the consoles were away", "Web Application Attack",
                                      "congan.daklak.gov.vn", "198.51.100.201");
    g_autofree char *b = ct_eve_line (0.1, 3, "ET SCAN Port sweep while the consoles were away", "Attempted Information Leak",
                                      "eakar.daklak.gov.vn", "198.51.100.202");
    g_autofree char *both = g_strconcat (a, b, NULL);
    ct_ingest_eve (both);
  }
  written = server_last_seq () - before;
  /* They were written while both consoles were still away. */
  g_assert_cmpint (ioc_client_get_state (sw.a), ==, IOC_CLIENT_RECONNECTING);
  g_assert_cmpint (ioc_client_get_state (sw.b), ==, IOC_CLIENT_RECONNECTING);
  g_assert_cmpint (written, >=, 5);

  /* Both reconnect by themselves (backoff 1, 2, 4 s …) and get every
   * event they missed: their last sequence number is the server's. */
  sw.state = IOC_CLIENT_CONNECTED;
  g_assert_true (ct_wait_until (both_in_state, &sw, 40000));
  qw.seq = before + written;
  g_assert_true (ct_wait_until (both_caught_up, &qw, 10000));
  for (guint i = 0; i < ids->len; i++)
    {
      g_assert_true (ct_report_has_status (mine, ids->pdata[i], "received"));
      g_assert_true (ct_report_has_status (other, ids->pdata[i], "received"));
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ioc_models_get_alerts (mine))), ==, n_alerts_before + 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ioc_models_get_alerts (other))), ==, n_alerts_before + 2);
  g_assert_nonnull (strstr (ioc_window_get_connection_text (win), _("Connected")));
  ioc_client_stop (ioc_models_get_client (other));
}

/* ---- hot-plug ----------------------------------------------------------- */

static guint expected_windows;

static gboolean
n_windows_mapped (gpointer data)
{
  g_autoptr(GPtrArray) w = ct_console_windows ();
  guint mapped = 0;

  for (guint i = 0; i < w->len; i++)
    if (gtk_widget_get_mapped (w->pdata[i]))
      mapped++;
  return mapped == expected_windows && w->len == expected_windows;
}

static void
xrandr (const char *args)
{
  g_autofree char *cmd = g_strdup_printf ("xrandr %s", args);
  int status = 0;

  g_assert_true (g_spawn_command_line_sync (cmd, NULL, NULL, &status, NULL));
  g_assert_cmpint (status, ==, 0);
}

static void
test_hotplug (void)
{
  GListModel *monitors = gdk_display_get_monitors (gdk_display_get_default ());

  /* Unplug the second monitor: one window left, on the first. */
  xrandr ("--output DUMMY1 --off");
  expected_windows = 1;
  g_assert_true (ct_wait_until (n_windows_mapped, NULL, 10000));
  g_assert_cmpuint (g_list_model_get_n_items (monitors), ==, 1);
  /* Plug it back: two walls again, each on its monitor. */
  xrandr ("--output DUMMY1 --mode mh_1280x720 --right-of DUMMY0");
  expected_windows = 2;
  g_assert_true (ct_wait_until (n_windows_mapped, NULL, 10000));
  ct_settle (1500);
  g_assert_nonnull (ct_window_with_wall ("map"));
  g_assert_nonnull (ct_window_with_wall ("soc"));
  {
    IocWindow *soc = ct_window_with_wall ("soc");
    g_autoptr(GdkMonitor) second = g_list_model_get_item (monitors, 1);
    g_assert_true (gdk_display_get_monitor_at_surface (gdk_display_get_default (),
                                                       gtk_native_get_surface (GTK_NATIVE (soc))) == second);
  }
}

int
main (int    argc,
      char **argv)
{
  ct_init (&argc, &argv, "supervisor");
  g_test_add_func ("/console/1-one-window-per-monitor", test_one_window_per_monitor);
  g_test_add_func ("/console/2-map-markers", test_map_markers);
  g_test_add_func ("/console/3-search-and-panels", test_search_and_panels);
  g_test_add_func ("/console/4-dispatch-reaches-other-console", test_dispatch_reaches_other_console);
  g_test_add_func ("/console/5-reconnect", test_reconnect);
  g_test_add_func ("/console/6-hotplug", test_hotplug);
  return ct_run_and_finish ();
}
