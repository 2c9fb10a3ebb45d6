/* test-console.c — the real console windows against the real iocd, on a
 * headless X server with two monitors (tests/tools/with-display).
 *
 * Two fullscreen windows, one per monitor, each with its wall; the map's
 * markers equal the API's rows; a report dispatched from one console
 * changes state on a second one; duty staff see no dispatch; the heatmap's
 * cells equal the API's numbers; killing iocd shows "reconnecting" and the
 * console recovers by itself without missing an event. Screenshots of the
 * walls are saved into IOC_SCREENSHOT_DIR.
 */
#include "ioc-application.h"
#include "ioc-dossier-wall.h"
#include "ioc-map-wall.h"
#include "ioc-soc-wall.h"
#include "ioc-test-server.h"
#include "ioc-window.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

static IocTestServer *srv;
static IocApplication *app;

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

static GPtrArray *
console_windows (void)
{
  GPtrArray *out = g_ptr_array_new ();
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (IOC_IS_WINDOW (l->data))
      g_ptr_array_add (out, l->data);
  return out;
}

static gboolean
two_windows_mapped (gpointer data)
{
  g_autoptr(GPtrArray) w = console_windows ();
  guint mapped = 0;
  for (guint i = 0; i < w->len; i++)
    if (gtk_widget_get_mapped (w->pdata[i]))
      mapped++;
  return mapped == 2;
}

static IocWindow *
window_with_wall (const char *wall)
{
  g_autoptr(GPtrArray) w = console_windows ();
  for (guint i = 0; i < w->len; i++)
    if (g_strcmp0 (ioc_window_get_wall (w->pdata[i]), wall) == 0)
      return w->pdata[i];
  return NULL;
}

static void
screenshot (const char *name)
{
  const char *dir = g_getenv ("IOC_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  g_autofree char *cmd = NULL;
  int status = 0;

  if (dir == NULL)
    return;
  g_mkdir_with_parents (dir, 0755);
  if (g_getenv ("IOC_SCREENSHOT_SUFFIX") != NULL)
    {
      /* map-wall.png → map-wall-vi.png */
      g_autofree char *base = g_strndup (name, strlen (name) - 4);
      path = g_strdup_printf ("%s/%s-%s.png", dir, base, g_getenv ("IOC_SCREENSHOT_SUFFIX"));
    }
  else
    path = g_build_filename (dir, name, NULL);
  settle (1500);   /* tiles and layout */
  cmd = g_strdup_printf ("import -window root %s", path);
  g_assert_true (g_spawn_command_line_sync (cmd, NULL, NULL, &status, NULL));
  g_assert_cmpint (status, ==, 0);
}

static gint64
api_total (const char *token,
           const char *path)
{
  guint status = 0;
  g_autoptr(JsonNode) n = ioc_test_request (srv, "GET", path, token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  return json_object_get_int_member (json_node_get_object (n), "total");
}

/* ---- the tests, in order (they share one console) ------------------- */

static void
test_one_window_per_monitor (void)
{
  GdkDisplay *display = gdk_display_get_default ();
  GListModel *monitors = gdk_display_get_monitors (display);
  g_autoptr(GPtrArray) windows = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (monitors), ==, 2);
  g_assert_true (wait_until (two_windows_mapped, NULL, 20000));
  settle (1000);   /* the window manager places fullscreen windows */
  windows = console_windows ();
  g_assert_cmpuint (windows->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GdkMonitor) m = g_list_model_get_item (monitors, i);
      g_autofree char *wall = ioc_application_wall_for_monitor (app, m, i);
      IocWindow *win = window_with_wall (wall);
      GdkSurface *surface;
      GdkRectangle geo;

      g_assert_nonnull (win);
      g_assert_true (gtk_window_is_fullscreen (GTK_WINDOW (win)));
      surface = gtk_native_get_surface (GTK_NATIVE (win));
      g_assert_true (gdk_display_get_monitor_at_surface (display, surface) == m);
      gdk_monitor_get_geometry (m, &geo);
      {
        gint64 until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
        while (gdk_surface_get_width (surface) != geo.width && g_get_monotonic_time () < until)
          settle (50);
      }
      /* The window covers its monitor. */
      g_assert_cmpint (gdk_surface_get_width (surface), ==, geo.width);
      g_assert_cmpint (gdk_surface_get_height (surface), ==, geo.height);
    }
  /* The default assignment: the map first, the SOC wall second. */
  g_assert_nonnull (window_with_wall ("map"));
  g_assert_nonnull (window_with_wall ("soc"));
  g_assert_nonnull (strstr (ioc_window_get_connection_text (window_with_wall ("map")), _("Connected")));
  screenshot ("walls-map-soc.png");
}

static gboolean
boundaries_drawn (gpointer data)
{
  return ioc_map_wall_count_boundaries (data) > 0;
}

static void
test_map_markers (void)
{
  IocWindow *win = window_with_wall ("map");
  IocMapWall *map = IOC_MAP_WALL (ioc_window_get_wall_widget (win, "map"));
  g_autofree char *token = ioc_test_login (srv, "leader", "leader-demo-1022");

  /* Every report with coordinates and every camera is a marker. */
  g_assert_cmpuint (ioc_map_wall_count_reports (map), ==, api_total (token, "/api/v1/reports?limit=1"));
  g_assert_cmpuint (ioc_map_wall_count_cameras (map), ==, api_total (token, "/api/v1/cameras?limit=1"));
  g_assert_cmpuint (ioc_map_wall_count_cameras (map), ==, 132);
  /* Today's 102 communes and wards are outlined (boundaries come after
   * the lists, once). */
  g_assert_true (wait_until (boundaries_drawn, map, 20000));
  g_assert_cmpuint (ioc_map_wall_count_boundaries (map), >=, 102);
  /* Agencies with overdue dossiers that have a place: the old districts,
   * at the commune that kept their name. */
  g_assert_cmpuint (ioc_map_wall_count_dossier_sites (map), >=, 1);
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
  IocRecord *r = ioc_record_list_lookup (ioc_models_get_reports (w->models), w->id);
  return r != NULL && g_strcmp0 (ioc_record_get_string (r, "status"), w->status) == 0;
}

static gboolean
models_loaded (gpointer data)
{
  return ioc_models_is_loaded (data);
}

static void
on_login_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_assert_true (ioc_client_login_finish (IOC_CLIENT (source), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static IocModels *
second_console (const char *user,
                const char *password)
{
  g_autoptr(IocClient) client = ioc_client_new (srv->base_url);
  IocModels *models;
  gboolean done = FALSE;

  ioc_client_login_async (client, user, password, NULL, on_login_done, &done);
  g_assert_true (ioc_test_wait (&done, 10000));
  models = ioc_models_new (client);
  ioc_models_load (models);
  g_assert_true (wait_until (models_loaded, models, 20000));
  return models;
}

static void
test_dispatch_reaches_other_console (void)
{
  g_autofree char *duty = ioc_test_login (srv, "duty", "duty-demo-1022");
  guint status = 0;
  g_autoptr(JsonNode) created = ioc_test_request (srv, "POST", "/api/v1/reports", duty,
    "{\"category\":\"littering\",\"description\":\"Rác thải tại chợ Buôn Ma Thuột\",\"lat\":12.6835,\"lon\":108.0452}", &status);
  g_autofree char *id = NULL;
  g_autoptr(IocModels) other = second_console ("duty", "duty-demo-1022");
  IocMapWall *map = IOC_MAP_WALL (ioc_window_get_wall_widget (window_with_wall ("map"), "map"));
  StatusWait w = { NULL, NULL, "received" };
  g_autoptr(GtkWindow) duty_window = NULL;

  g_assert_cmpuint (status, ==, 201);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (json_node_get_object (created), "id"));
  w.id = id;

  /* Both consoles got the new report from the stream. */
  w.models = ioc_application_get_models (app);
  g_assert_true (wait_until (has_status, &w, 10000));
  w.models = other;
  g_assert_true (wait_until (has_status, &w, 10000));

  /* The supervisor dispatches it from the map wall's panel ... */
  ioc_map_wall_show_report (map, id);
  g_assert_true (ioc_map_wall_dispatch_visible (map));
  g_assert_true (ioc_map_wall_dispatch_enabled (map));
  /* The nearest of today's units is suggested first. */
  g_assert_true (g_str_has_prefix (ioc_map_wall_suggested_unit (map), "u2025_"));
  screenshot ("map-wall-report-panel.png");
  ioc_map_wall_assign (map, "u2025_24133");

  /* ... and the other console sees it assigned. */
  w.status = "assigned";
  w.models = other;
  g_assert_true (wait_until (has_status, &w, 10000));
  w.models = ioc_application_get_models (app);
  g_assert_true (wait_until (has_status, &w, 10000));

  /* Duty staff get no dispatch action. */
  {
    GtkWidget *duty_map = ioc_map_wall_new (other);
    duty_window = g_object_ref_sink (GTK_WINDOW (gtk_window_new ()));
    gtk_window_set_child (duty_window, duty_map);
    gtk_window_present (duty_window);
    settle (300);
    ioc_map_wall_show_report (IOC_MAP_WALL (duty_map), id);
    g_assert_false (ioc_map_wall_dispatch_visible (IOC_MAP_WALL (duty_map)));
    g_assert_false (ioc_map_wall_dispatch_enabled (IOC_MAP_WALL (duty_map)));
    gtk_window_destroy (duty_window);
  }
  ioc_client_stop (ioc_models_get_client (other));
}

static void
test_heatmap_equals_api (void)
{
  IocWindow *win = window_with_wall ("map");
  IocDossierWall *wall = IOC_DOSSIER_WALL (ioc_window_get_wall_widget (win, "dossiers"));
  IocHeatmapView *hm = ioc_dossier_wall_get_heatmap (wall);
  g_autofree char *token = ioc_test_login (srv, "leader", "leader-demo-1022");
  guint status = 0;
  g_autoptr(JsonNode) rows = ioc_test_request (srv, "GET", "/api/v1/dossier-stats?metric=overdue&limit=5000&sort=date",
                                               token, NULL, &status);
  JsonArray *items = json_object_get_array_member (json_node_get_object (rows), "items");
  g_autoptr(GHashTable) col_of = g_hash_table_new (g_str_hash, g_str_equal);
  guint checked = 0;

  /* 30 agencies × 19 dates of the province's Phụ lục I. */
  g_assert_cmpuint (ioc_heatmap_view_get_n_rows (hm), ==, 30);
  g_assert_cmpuint (ioc_heatmap_view_get_n_cols (hm), ==, 19);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      const char *d = json_object_get_string_member (json_array_get_object_element (items, i), "date");
      if (!g_hash_table_contains (col_of, d))
        g_hash_table_insert (col_of, (gpointer) d, GUINT_TO_POINTER (g_hash_table_size (col_of)));
    }
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *o = json_array_get_object_element (items, i);
      guint col = GPOINTER_TO_UINT (g_hash_table_lookup (col_of, json_object_get_string_member (o, "date")));
      for (guint r = 0; r < ioc_heatmap_view_get_n_rows (hm); r++)
        if (g_strcmp0 (ioc_dossier_wall_row_unit (wall, r), json_object_get_string_member (o, "unit_id")) == 0)
          {
            g_assert_cmpint (ioc_heatmap_view_get_cell_value (hm, r, col), ==, json_object_get_int_member (o, "value"));
            checked++;
          }
    }
  g_assert_cmpuint (checked, ==, 570);
  /* Worst first: no row has a larger total than the one above it. */
  for (guint r = 1; r < ioc_heatmap_view_get_n_rows (hm); r++)
    {
      gint64 a = 0, b = 0;
      for (guint c = 0; c < 19; c++)
        {
          a += MAX (0, ioc_heatmap_view_get_cell_value (hm, r - 1, c));
          b += MAX (0, ioc_heatmap_view_get_cell_value (hm, r, c));
        }
      g_assert_cmpint (a, >=, b);
    }
  ioc_window_show_wall (win, "dossiers");
  screenshot ("dossier-wall.png");
  ioc_window_show_wall (win, "map");
  screenshot ("map-wall.png");
}

typedef struct {
  IocSocWall *wall;
  guint       rows;
} RowsWait;

static gboolean
more_rows (gpointer data)
{
  RowsWait *w = data;
  return ioc_soc_wall_count_rows (w->wall) > w->rows;
}

static void
test_soc_list_grows (void)
{
  IocWindow *win = window_with_wall ("soc");
  IocSocWall *soc = IOC_SOC_WALL (ioc_window_get_wall_widget (win, "soc"));
  g_autofree char *admin = ioc_test_login (srv, "admin", "admin-demo-1022");
  const char *line = "{\"timestamp\":\"2026-11-24T03:00:00+0000\",\"event_type\":\"alert\",\"src_ip\":\"198.51.100.77\","
                     "\"dest_ip\":\"203.0.113.20\",\"alert\":{\"signature_id\":2031412,\"signature\":\"ET MALWARE FormBook CnC Checkin (GET)\","
                     "\"category\":\"A Network Trojan was detected\",\"severity\":1},\"http\":{\"hostname\":\"congan.daklak.gov.vn\"}}\n";
  g_autoptr(GBytes) body = g_bytes_new (line, strlen (line));
  RowsWait w = { soc, ioc_soc_wall_count_rows (soc) };
  guint status = 0;
  g_autoptr(JsonNode) answer = ioc_test_request_raw (srv, "POST", "/api/v1/ingest/eve", admin, "application/x-ndjson",
                                                     body, &status, NULL);

  g_assert_cmpuint (status, ==, 200);
  /* The alert arrives through the stream and the list grows in place. */
  g_assert_true (wait_until (more_rows, &w, 10000));
  g_assert_cmpuint (ioc_soc_wall_count_rows (soc), ==, w.rows + 1);
  screenshot ("soc-wall.png");
}

static gboolean
reconnecting (gpointer data)
{
  return ioc_client_get_state (ioc_application_get_client (app)) == IOC_CLIENT_RECONNECTING;
}

static gboolean
connected (gpointer data)
{
  return ioc_client_get_state (ioc_application_get_client (app)) == IOC_CLIENT_CONNECTED;
}

static void
test_reconnect (void)
{
  IocWindow *win = window_with_wall ("soc");
  g_autofree char *token = NULL;
  guint status = 0;
  g_autoptr(JsonNode) created = NULL;
  StatusWait w = { NULL, NULL, "received" };
  g_autofree char *id = NULL;

  ioc_test_server_kill (srv);
  g_assert_true (wait_until (reconnecting, NULL, 10000));
  settle (1200);
  /* The strip says so (not "Connected"), with the countdown. */
  g_assert_null (strstr (ioc_window_get_connection_text (win), _("Connected")));
  g_assert_nonnull (strpbrk (ioc_window_get_connection_text (win), "0123456789"));
  screenshot ("reconnecting.png");

  ioc_test_server_restart (srv);
  /* A change made while the console was still waiting to reconnect. */
  token = ioc_test_login (srv, "duty", "duty-demo-1022");
  created = ioc_test_request (srv, "POST", "/api/v1/reports", token,
                              "{\"category\":\"wastewater\",\"description\":\"Nước thải tràn ra đường\",\"address\":\"Lê Duẩn\"}", &status);
  g_assert_cmpuint (status, ==, 201);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (json_node_get_object (created), "id"));

  /* It reconnects by itself (backoff 1, 2, 4 s …) and gets the missed event. */
  g_assert_true (wait_until (connected, NULL, 40000));
  w.models = ioc_application_get_models (app);
  w.id = id;
  g_assert_true (wait_until (has_status, &w, 10000));
  g_assert_nonnull (strstr (ioc_window_get_connection_text (win), _("Connected")));
}

static guint expected_windows;

static gboolean
n_windows_mapped (gpointer data)
{
  g_autoptr(GPtrArray) w = console_windows ();
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
  g_assert_true (wait_until (n_windows_mapped, NULL, 10000));
  g_assert_cmpuint (g_list_model_get_n_items (monitors), ==, 1);
  /* Plug it back: two walls again, each on its monitor. */
  xrandr ("--output DUMMY1 --mode mh_1280x720 --right-of DUMMY0");
  expected_windows = 2;
  g_assert_true (wait_until (n_windows_mapped, NULL, 10000));
  settle (1500);
  g_assert_nonnull (window_with_wall ("map"));
  g_assert_nonnull (window_with_wall ("soc"));
  {
    IocWindow *soc = window_with_wall ("soc");
    g_autoptr(GdkMonitor) second = g_list_model_get_item (monitors, 1);
    g_assert_true (gdk_display_get_monitor_at_surface (gdk_display_get_default (),
                                                       gtk_native_get_surface (GTK_NATIVE (soc))) == second);
  }
}

static gboolean
walls_ready (gpointer data)
{
  IocModels *m = ioc_application_get_models (app);
  return m != NULL && ioc_models_is_loaded (m) && two_windows_mapped (NULL);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int ret;

  setlocale (LC_ALL, "");
  if (g_getenv ("IOC_LOCALEDIR") != NULL)
    bindtextdomain (GETTEXT_PACKAGE, g_getenv ("IOC_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_test_init (&argc, &argv, NULL);

  srv = ioc_test_server_start (TRUE, NULL);
  app = ioc_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  ioc_application_sign_in (app, srv->base_url, "supervisor", "supervisor-demo-1022");
  g_assert_true (wait_until (walls_ready, NULL, 30000));

  g_test_add_func ("/console/1-one-window-per-monitor", test_one_window_per_monitor);
  g_test_add_func ("/console/2-map-markers", test_map_markers);
  g_test_add_func ("/console/3-dispatch-reaches-other-console", test_dispatch_reaches_other_console);
  g_test_add_func ("/console/4-heatmap-equals-api", test_heatmap_equals_api);
  g_test_add_func ("/console/4b-soc-list-grows", test_soc_list_grows);
  g_test_add_func ("/console/5-reconnect", test_reconnect);
  g_test_add_func ("/console/6-hotplug", test_hotplug);
  ret = g_test_run ();

  g_application_quit (G_APPLICATION (app));
  g_clear_object (&app);
  ioc_test_server_free (srv);
  return ret;
}
