/* test-console-walls.c — the SOC and dossier walls, the alarm, roles, the
 * preferences and the shortcuts, in the real console against the real
 * iocd on the headless two-monitor X server.
 *
 * The SOC list grows when alerts are ingested and its counters and
 * timeline equal the API's rows; acknowledge and resolve go through the
 * API and come back by the stream; a critical alert raises the banner on
 * every window and plays the bundled sound until silenced; the heatmap's
 * cells equal the API's numbers, worst first, names sized to their rows;
 * supervisors issue, check and resolve warning tickets; leaders see no
 * action anywhere and duty staff no dispatch; the preferences save a wall
 * per monitor and show it at once; the shortcuts window lists every
 * accelerator. Screenshots of every wall go to IOC_SCREENSHOT_DIR.
 */
#include "console-test-util.h"
#include "ioc-dossier-wall.h"
#include "ioc-labels.h"
#include "ioc-map-wall.h"
#include "ioc-preferences.h"
#include "ioc-soc-wall.h"

#include <glib/gi18n.h>
#include <string.h>

static IocSocWall *
soc_wall (void)
{
  return IOC_SOC_WALL (ct_wall ("soc", "soc"));
}

typedef struct {
  IocSocWall *wall;
  guint       rows;
} RowsWait;

static gboolean
rows_at_least (gpointer data)
{
  RowsWait *w = data;
  return ioc_soc_wall_count_rows (w->wall) >= w->rows;
}

static gboolean
rows_below (gpointer data)
{
  RowsWait *w = data;
  return ioc_soc_wall_count_rows (w->wall) < w->rows;
}

static JsonArray *
api_alerts (void)
{
  g_autofree char *token = ioc_test_login (ct_srv, "leader", "leader-demo-1022");
  guint status = 0;
  JsonNode *n = ioc_test_request (ct_srv, "GET", "/api/v1/alerts?limit=5000", token, NULL, &status);
  JsonArray *items;

  g_assert_cmpuint (status, ==, 200);
  items = json_array_ref (json_object_get_array_member (json_node_get_object (n), "items"));
  json_node_unref (n);
  return items;
}

static gboolean
is_open (JsonObject *a)
{
  const char *st = json_object_get_string_member (a, "status");
  return g_strcmp0 (st, "resolved") != 0 && g_strcmp0 (st, "false_positive") != 0;
}

static gboolean
soc_source_fresh (gpointer data)
{
  const char *text = ioc_status_strip_get_source_text (ioc_window_get_status_strip (data), "soc");
  return text != NULL && strstr (text, _("just now")) != NULL;
}

static gboolean
timeline_has (gpointer data)
{
  return ioc_soc_wall_timeline_total (soc_wall ()) == GPOINTER_TO_UINT (data);
}

static void
test_soc_list_grows (void)
{
  IocSocWall *soc = soc_wall ();
  IocWindow *win = ct_window_with_wall ("soc");
  RowsWait w = { soc, ioc_soc_wall_count_rows (soc) };
  g_autoptr(JsonArray) alerts = NULL;
  g_autofree char *shot = NULL;
  g_autofree char *token = ioc_test_login (ct_srv, "leader", "leader-demo-1022");
  gint64 by_sev[5] = { 0 }, web = 0;
  static const char *const sev[] = { "critical", "high", "medium", "low", "info" };

  /* Before any alert, the strip says the SOC never reported. */
  g_assert_cmpuint (ioc_status_strip_get_n_sources (ioc_window_get_status_strip (win)), ==,
                    ct_api_total (token, "/api/v1/sources?limit=1"));
  {
    g_autofree char *never = g_strdup_printf (_("%s · —"), ioc_source_label ("soc"));
    g_assert_cmpstr (ioc_status_strip_get_source_text (ioc_window_get_status_strip (win), "soc"), ==, never);
  }

  w.rows += ct_ingest_soc_day ();
  /* The alerts arrive through the stream and the list grows in place. */
  g_assert_true (ct_wait_until (rows_at_least, &w, 10000));
  g_assert_cmpuint (ioc_soc_wall_count_rows (soc), ==, w.rows);
  alerts = api_alerts ();
  /* Counters follow within the wall's quarter-second throttle. */
  g_assert_true (ct_wait_until (timeline_has, GUINT_TO_POINTER (json_array_get_length (alerts)), 5000));
  for (guint i = 0; i < json_array_get_length (alerts); i++)
    {
      JsonObject *a = json_array_get_object_element (alerts, i);
      if (!is_open (a))
        continue;
      for (guint k = 0; k < 5; k++)
        if (g_strcmp0 (json_object_get_string_member (a, "severity"), sev[k]) == 0)
          by_sev[k]++;
      if (g_strcmp0 (json_object_get_string_member (a, "category"), "web_attack") == 0)
        web++;
    }
  for (guint k = 0; k < 5; k++)
    g_assert_cmpint (ioc_soc_wall_count_open (soc, sev[k]), ==, by_sev[k]);
  g_assert_cmpint (ioc_soc_wall_count_category (soc, "web_attack"), ==, web);
  g_assert_cmpint (web, >, 0);
  /* Every alert of the day is on the 24-hour timeline. */
  g_assert_cmpuint (ioc_soc_wall_timeline_total (soc), ==, json_array_get_length (alerts));
  /* The SOC source is fresh on the strip now (source.updated). */
  g_assert_true (ct_wait_until (soc_source_fresh, win, 10000));
  shot = ct_screenshot ("soc-wall.png");
}

typedef struct {
  IocModels  *models;
  const char *id;
  const char *status;
} AlertWait;

static gboolean
alert_has_status (gpointer data)
{
  AlertWait *w = data;
  IocRecord *r = ioc_record_list_lookup (ioc_models_get_alerts (w->models), w->id);
  return r != NULL && g_strcmp0 (ioc_record_get_string (r, "status"), w->status) == 0;
}

static gboolean
ack_disabled (gpointer data)
{
  return !ioc_soc_wall_action_enabled (data, "alert.acknowledge");
}

static void
test_soc_actions (void)
{
  IocSocWall *soc = soc_wall ();
  g_autoptr(JsonArray) alerts = api_alerts ();
  g_autofree char *id = NULL;
  AlertWait w = { ioc_application_get_models (ct_app), NULL, "acknowledged" };
  RowsWait rw = { soc, 0 };

  for (guint i = 0; i < json_array_get_length (alerts) && id == NULL; i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (alerts, i), "status"), "new") == 0)
      id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (json_array_get_object_element (alerts, i), "id"));
  g_assert_nonnull (id);
  w.id = id;
  g_assert_true (ioc_soc_wall_actions_visible (soc));
  g_assert_true (ioc_soc_wall_select (soc, id));
  g_assert_true (ioc_soc_wall_action_enabled (soc, "alert.acknowledge"));
  /* The window-wide shortcut (Ctrl+K) reaches the wall on screen. */
  gtk_widget_activate_action (GTK_WIDGET (ct_window_with_wall ("soc")), "win.wall-action", "s", "alert.acknowledge");
  g_assert_true (ct_wait_until (alert_has_status, &w, 10000));
  /* The buttons follow within the wall's quarter-second throttle. */
  g_assert_true (ct_wait_until (ack_disabled, soc, 5000));
  g_assert_true (ioc_soc_wall_action_enabled (soc, "alert.resolve"));
  /* Resolved, it leaves the list of open alerts. */
  rw.rows = ioc_soc_wall_count_rows (soc);
  g_assert_true (ioc_soc_wall_select (soc, id));
  gtk_widget_activate_action (GTK_WIDGET (soc), "alert.resolve", NULL);
  w.status = "resolved";
  g_assert_true (ct_wait_until (alert_has_status, &w, 10000));
  g_assert_true (ct_wait_until (rows_below, &rw, 5000));
}

static gboolean
alarm_played (gpointer data)
{
  return ioc_alarm_get_n_played (data) >= 1;
}

static void
test_critical_alarm (void)
{
  IocAlarm *alarm = ioc_application_get_alarm (ct_app);
  g_autofree char *line = ct_eve_line (0.05, 1, "ET MALWARE FormBook CnC Checkin (GET)", "A Network Trojan was detected",
                                       "congan.daklak.gov.vn", "198.51.100.77");
  g_autofree char *shot = NULL;
  g_autoptr(GPtrArray) windows = NULL;

  /* The day's alerts had critical ones: silence them first. */
  ioc_alarm_silence (alarm);
  g_assert_false (ioc_alarm_get_raised (alarm));
  ct_ingest_eve (line);
  g_assert_true (ct_wait_until ((gboolean (*) (gpointer)) ioc_alarm_get_raised, alarm, 10000));
  g_assert_cmpstr (json_object_get_string_member (ioc_alarm_get_alert (alarm), "severity"), ==, "critical");
  /* The banner is on every window, and the sound plays to its end. */
  ct_settle (400);
  windows = ct_console_windows ();
  for (guint i = 0; i < windows->len; i++)
    g_assert_true (ioc_window_get_banner_visible (windows->pdata[i]));
  g_assert_true (ct_wait_until (alarm_played, alarm, 15000));
  shot = ct_screenshot ("alarm-banner.png");
  /* Silenced (Ctrl+M): no banner, no sound. */
  g_action_group_activate_action (G_ACTION_GROUP (ct_app), "silence", NULL);
  g_assert_false (ioc_alarm_get_raised (alarm));
  g_assert_false (ioc_alarm_get_playing (alarm));
  ct_settle (400);
  for (guint i = 0; i < windows->len; i++)
    g_assert_false (ioc_window_get_banner_visible (windows->pdata[i]));
}

/* ---- the dossier wall --------------------------------------------------- */

static IocDossierWall *
dossier_wall (void)
{
  return IOC_DOSSIER_WALL (ioc_window_get_wall_widget (ct_window_on_monitor (0), "dossiers"));
}

/* The API's matrix (GET /api/v1/dossier-stats/heatmap, contract 3) over
 * the range the wall asks for — the first statistics date to today —:
 * row order and every cell. */
static void
check_heatmap (IocDossierWall *wall,
               const char     *metric)
{
  IocHeatmapView *hm = ioc_dossier_wall_get_heatmap (wall);
  g_autofree char *token = ioc_test_login (ct_srv, "leader", "leader-demo-1022");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  /* The wall's range starts at the first statistics date of any metric. */
  const char *first_path = "/api/v1/dossier-stats?limit=1&sort=date";
  guint status = 0;
  g_autoptr(JsonNode) first = ioc_test_request (ct_srv, "GET", first_path, token, NULL, &status);
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) api = NULL;
  JsonObject *o;
  JsonArray *units;
  guint checked = 0;

  g_assert_cmpuint (status, ==, 200);
  path = g_strdup_printf ("/api/v1/dossier-stats/heatmap?metric=%s&from=%s&to=%s", metric,
                          json_object_get_string_member (json_array_get_object_element (
                            json_object_get_array_member (json_node_get_object (first), "items"), 0), "date"),
                          today);
  api = ioc_test_request (ct_srv, "GET", path, token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  o = json_node_get_object (api);
  units = json_object_get_array_member (o, "units");
  g_assert_true (ioc_dossier_wall_uses_heatmap_api (wall));
  /* The demo has the province's overdue table (Phụ lục I, 2023); it
   * publishes no daily online-8h counts. */
  if (g_str_equal (metric, "overdue"))
    g_assert_cmpuint (json_array_get_length (units), ==, 30);
  g_assert_cmpuint (ioc_heatmap_view_get_n_rows (hm), ==, json_array_get_length (units));
  g_assert_cmpuint (ioc_heatmap_view_get_n_cols (hm), ==, json_array_get_length (json_object_get_array_member (o, "dates")));
  for (guint r = 0; r < json_array_get_length (units); r++)
    {
      JsonObject *u = json_array_get_object_element (units, r);
      JsonArray *cells = json_object_get_array_member (u, "cells");
      /* The server's order, worst first. */
      g_assert_cmpstr (ioc_dossier_wall_row_unit (wall, r), ==, json_object_get_string_member (u, "unit_id"));
      for (guint c = 0; c < json_array_get_length (cells); c++, checked++)
        {
          JsonNode *n = json_array_get_element (cells, c);
          g_assert_cmpint (ioc_heatmap_view_get_cell_value (hm, r, c), ==, JSON_NODE_HOLDS_NULL (n) ? -1 : json_node_get_int (n));
        }
    }
  g_test_message ("heatmap: %u cells checked against GET /api/v1/dossier-stats/heatmap", checked);
}

static gint64
latest (IocHeatmapView *hm,
        guint           r)
{
  gint64 v = -1;

  for (guint c = 0; c < ioc_heatmap_view_get_n_cols (hm); c++)
    if (ioc_heatmap_view_get_cell_value (hm, r, c) >= 0)
      v = ioc_heatmap_view_get_cell_value (hm, r, c);
  return v;
}

static void
test_heatmap_equals_api (void)
{
  IocWindow *win = ct_window_on_monitor (0);
  IocDossierWall *wall = dossier_wall ();
  IocHeatmapView *hm = ioc_dossier_wall_get_heatmap (wall);
  g_autofree char *shot = NULL;

  ioc_window_show_wall (win, "dossiers");
  ct_settle (1500);
  /* 30 agencies × 19 dates of the province's Phụ lục I. */
  g_assert_cmpuint (ioc_heatmap_view_get_n_rows (hm), ==, 30);
  g_assert_cmpuint (ioc_heatmap_view_get_n_cols (hm), ==, 19);
  check_heatmap (wall, "overdue");
  /* Worst first: by the latest date's count. */
  for (guint r = 1; r < ioc_heatmap_view_get_n_rows (hm); r++)
    g_assert_cmpint (latest (hm, r - 1), >=, latest (hm, r));
  shot = ct_screenshot ("dossier-wall.png");
  /* Names fit their rows: the text is shorter than the row. */
  g_assert_cmpuint (ioc_heatmap_view_get_n_drawn_rows (hm), >, 0);
  g_assert_cmpint (ioc_heatmap_view_get_text_height (hm), >, 0);
  g_assert_cmpint (ioc_heatmap_view_get_text_height (hm), <, (int) ioc_heatmap_view_get_row_height (hm));

  /* The other measure (Ctrl+T), against its own API figures. */
  gtk_widget_activate_action (GTK_WIDGET (win), "win.wall-action", "s", "dossier.toggle-metric");
  g_assert_cmpstr (ioc_dossier_wall_get_metric (wall), ==, "online_over_8h");
  ct_settle (800);
  check_heatmap (wall, "online_over_8h");
  g_clear_pointer (&shot, g_free);
  shot = ct_screenshot ("dossier-wall-online.png");
  ioc_dossier_wall_set_metric (wall, "overdue");
  ct_settle (800);
  g_assert_cmpuint (ioc_heatmap_view_get_n_rows (hm), ==, 30);
}

typedef struct {
  const char *unit;
  const char *status;
} TicketWait;

static IocRecord *
ticket_of (const char *unit)
{
  GListModel *tickets = G_LIST_MODEL (ioc_models_get_tickets (ioc_application_get_models (ct_app)));

  for (guint i = g_list_model_get_n_items (tickets); i > 0; i--)
    {
      g_autoptr(IocRecord) t = g_list_model_get_item (tickets, i - 1);
      if (g_strcmp0 (ioc_record_get_string (t, "unit_id"), unit) == 0)
        return t;   /* the list holds it */
    }
  return NULL;
}

static gboolean
ticket_in_state (gpointer data)
{
  TicketWait *w = data;
  IocRecord *t = ticket_of (w->unit);
  return t != NULL && g_strcmp0 (ioc_record_get_string (t, "status"), w->status) == 0;
}

static void
test_warning_tickets (void)
{
  IocDossierWall *wall = dossier_wall ();
  TicketWait w = { "so_tnmt", "issued" };
  g_autofree char *shot = NULL;
  g_autofree char *token = ioc_test_login (ct_srv, "leader", "leader-demo-1022");

  g_assert_true (ioc_dossier_wall_ticket_actions_visible (wall));
  /* A district merged away in 2025 cannot receive one; a department can. */
  g_assert_false (ioc_dossier_wall_issue_ticket (wall, "huyen_krong_pac", "không"));
  g_assert_true (ioc_dossier_wall_issue_ticket (wall, "so_tnmt", "77 hồ sơ trễ hạn tại ngày báo cáo gần nhất"));
  g_assert_true (ct_wait_until (ticket_in_state, &w, 10000));
  g_assert_cmpint (ct_api_total (token, "/api/v1/warning-tickets?unit_id=so_tnmt&limit=1"), ==, 1);
  ct_settle (300);
  shot = ct_screenshot ("dossier-wall-ticket.png");
  gtk_widget_activate_action (GTK_WIDGET (wall), "ticket.check", "s", ioc_record_get_id (ticket_of ("so_tnmt")));
  w.status = "checked";
  g_assert_true (ct_wait_until (ticket_in_state, &w, 10000));
  gtk_widget_activate_action (GTK_WIDGET (wall), "ticket.resolve", "s", ioc_record_get_id (ticket_of ("so_tnmt")));
  w.status = "resolved";
  g_assert_true (ct_wait_until (ticket_in_state, &w, 10000));
  ioc_window_show_wall (ct_window_on_monitor (0), "map");
}

/* ---- roles -------------------------------------------------------------- */

static void
walls_of (const char *user,
          gboolean   *soc_actions,
          gboolean   *ticket_actions,
          gboolean   *dispatch)
{
  g_autoptr(IocModels) models = ct_second_console (user);
  g_autoptr(GtkWindow) window = g_object_ref_sink (GTK_WINDOW (gtk_window_new ()));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *soc = ioc_soc_wall_new (models), *dossiers = ioc_dossier_wall_new (models), *map = ioc_map_wall_new (models);

  gtk_box_append (GTK_BOX (box), soc);
  gtk_box_append (GTK_BOX (box), dossiers);
  gtk_box_append (GTK_BOX (box), map);
  gtk_window_set_child (window, box);
  gtk_window_present (window);
  ct_settle (500);
  *soc_actions = ioc_soc_wall_actions_visible (IOC_SOC_WALL (soc));
  *ticket_actions = ioc_dossier_wall_ticket_actions_visible (IOC_DOSSIER_WALL (dossiers));
  ioc_map_wall_show_report (IOC_MAP_WALL (map), "133");
  *dispatch = ioc_map_wall_dispatch_visible (IOC_MAP_WALL (map)) || ioc_map_wall_dispatch_enabled (IOC_MAP_WALL (map));
  ioc_map_wall_show_unit (IOC_MAP_WALL (map), "so_tnmt", FALSE);
  *ticket_actions = *ticket_actions || ioc_map_wall_ticket_visible (IOC_MAP_WALL (map));
  gtk_window_destroy (window);
  ioc_client_stop (ioc_models_get_client (models));
}

static void
test_roles (void)
{
  gboolean soc, tickets, dispatch;

  /* Leaders read only: no action on any wall. */
  walls_of ("leader", &soc, &tickets, &dispatch);
  g_assert_false (soc);
  g_assert_false (tickets);
  g_assert_false (dispatch);
  /* Duty staff handle alerts, but neither dispatch nor warn agencies. */
  walls_of ("duty", &soc, &tickets, &dispatch);
  g_assert_true (soc);
  g_assert_false (tickets);
  g_assert_false (dispatch);
}

/* ---- preferences and shortcuts ------------------------------------------ */

static void
test_preferences (void)
{
  GtkWindow *prefs = ioc_preferences_new (ct_app);
  GSettings *settings = ioc_application_get_settings (ct_app);
  GListModel *monitors = gdk_display_get_monitors (gdk_display_get_default ());
  g_autoptr(GdkMonitor) second = g_list_model_get_item (monitors, 1);
  g_autofree char *key = ioc_monitor_key (second);
  g_autoptr(GVariant) map = NULL;
  g_autofree char *url = NULL;
  g_autofree char *shot = NULL;
  const char *wall = NULL;

  g_assert_nonnull (settings);
  gtk_window_present (prefs);
  ct_settle (500);
  g_assert_cmpuint (ioc_preferences_get_n_monitors (IOC_PREFERENCES (prefs)), ==, 2);
  shot = ct_screenshot ("preferences.png");
  /* The second monitor shows the dossier wall, at once, and it is kept
   * under the monitor's connector and geometry. */
  ioc_preferences_choose_wall (IOC_PREFERENCES (prefs), 1, "dossiers");
  g_assert_nonnull (ct_window_with_wall ("dossiers"));
  map = g_settings_get_value (settings, "wall-assignments");
  g_assert_true (g_variant_lookup (map, key, "&s", &wall));
  g_assert_cmpstr (wall, ==, "dossiers");
  g_assert_cmpstr (ioc_window_get_monitor_key (ct_window_with_wall ("dossiers")), ==, key);
  ioc_preferences_choose_wall (IOC_PREFERENCES (prefs), 1, "soc");
  g_assert_nonnull (ct_window_with_wall ("soc"));
  /* A tile address must be one; the offline map is the empty one. */
  g_assert_false (ioc_preferences_apply_tile_url (IOC_PREFERENCES (prefs), "ftp://tiles.example.org/x.png"));
  url = g_settings_get_string (settings, "online-tile-url");
  g_assert_cmpstr (url, ==, "");
  g_assert_true (ioc_preferences_apply_tile_url (IOC_PREFERENCES (prefs), "http://127.0.0.1:9/{z}/{x}/{y}.png"));
  g_clear_pointer (&url, g_free);
  url = g_settings_get_string (settings, "online-tile-url");
  g_assert_cmpstr (url, ==, "http://127.0.0.1:9/{z}/{x}/{y}.png");
  g_assert_true (ioc_preferences_apply_tile_url (IOC_PREFERENCES (prefs), ""));
  gtk_window_destroy (prefs);
}

static void
collect_accels (GtkWidget *w,
                GPtrArray *out)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (w))
    {
      char *accel = NULL;
      g_object_get (w, "accelerator", &accel, NULL);
      g_ptr_array_add (out, accel);
    }
  for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_accels (c, out);
}

static void
test_shortcuts (void)
{
  IocWindow *win = ct_window_with_wall ("map");
  GtkShortcutsWindow *help = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (win));
  g_autoptr(GPtrArray) accels = g_ptr_array_new_with_free_func (g_free);
  static const char *const expected[] = { "<alt>1", "<alt>5", "F11", "<ctrl>f", "<ctrl>m", "<ctrl>comma", "<ctrl>l",
                                          "<ctrl>Return", "<ctrl>e", "<ctrl>k", "<ctrl><shift>d", "<ctrl>t", "<ctrl>q", "<ctrl>g", "<ctrl>p", NULL };
  g_autofree char *shot = NULL;

  g_assert_nonnull (help);
  collect_accels (GTK_WIDGET (help), accels);
  for (guint i = 0; expected[i] != NULL; i++)
    {
      gboolean found = FALSE;
      for (guint k = 0; k < accels->len && !found; k++)
        found = strstr (accels->pdata[k], expected[i]) != NULL;
      if (!found)
        g_test_message ("the shortcuts window does not list %s", expected[i]);
      g_assert_true (found);
    }
  /* The application's accelerators are the ones listed. */
  {
    g_auto(GStrv) a = gtk_application_get_accels_for_action (GTK_APPLICATION (ct_app), "app.silence");
    g_assert_cmpstr (a[0], ==, "<Control>m");
  }
  gtk_window_present (GTK_WINDOW (help));
  shot = ct_screenshot ("shortcuts.png");
  gtk_widget_set_visible (GTK_WIDGET (help), FALSE);
  /* Alt+3 and back: the wall actions. */
  gtk_widget_activate_action (GTK_WIDGET (win), "win.show-wall", "s", "dossiers");
  g_assert_cmpstr (ioc_window_get_wall (win), ==, "dossiers");
  gtk_widget_activate_action (GTK_WIDGET (win), "win.next-wall", NULL);
  g_assert_cmpstr (ioc_window_get_wall (win), ==, "cameras");
  gtk_widget_activate_action (GTK_WIDGET (win), "win.show-wall", "s", "map");
}

static void
test_every_wall_on_screen (void)
{
  IocWindow *win = ct_window_with_wall ("map");
  static const char *const walls[] = { "cameras", "briefing", "map", NULL };

  for (guint i = 0; walls[i] != NULL; i++)
    {
      g_autofree char *name = g_strdup_printf ("wall-%s.png", walls[i]);
      g_autofree char *shot = NULL;
      ioc_window_show_wall (win, walls[i]);
      g_assert_cmpstr (ioc_window_get_wall (win), ==, walls[i]);
      shot = ct_screenshot (name);
    }
}

int
main (int    argc,
      char **argv)
{
  ct_init (&argc, &argv, "supervisor");
  g_test_add_func ("/walls/1-soc-list-grows", test_soc_list_grows);
  g_test_add_func ("/walls/2-soc-actions", test_soc_actions);
  g_test_add_func ("/walls/3-critical-alarm", test_critical_alarm);
  g_test_add_func ("/walls/4-heatmap-equals-api", test_heatmap_equals_api);
  g_test_add_func ("/walls/5-warning-tickets", test_warning_tickets);
  g_test_add_func ("/walls/6-roles", test_roles);
  g_test_add_func ("/walls/7-preferences", test_preferences);
  g_test_add_func ("/walls/8-shortcuts", test_shortcuts);
  g_test_add_func ("/walls/9-every-wall-on-screen", test_every_wall_on_screen);
  return ct_run_and_finish ();
}
