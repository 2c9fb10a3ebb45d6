/* bench-console.c — the whole console (IocApplication, its fullscreen
 * windows on every monitor, IocModels, the walls) against a real iocd.
 * Prints figures, never pass/fail.
 *
 *  1. Start: console start (main) to the first painted map, with the demo
 *     data; then sign-in to the first painted map with --reports field
 *     reports (100,000) and 2,000 cameras, which iocd serves in pages.
 *  2. Frames: GdkFrameClock intervals and update→paint times while the map
 *     wall pans and zooms over those markers (the script of bench-map).
 *  3. Memory: the console's RSS sampled every 30 s while a writer thread
 *     drives iocd with real API writes at --rate events a second
 *     (dispatches, SOC alerts by the ingest route, camera changes) for
 *     --minutes minutes (10); growth from the first minute to the end.
 *
 *   tests/tools/with-display -- ./build/tests/bench/bench-console [--reports N] [--minutes M] [--rate R] [--seconds S]
 *
 * The 100,000 reports and extra cameras are written straight into iocd's
 * SQLite file while iocd is stopped (the API would take minutes to take
 * them one by one); everything after that goes through the API.
 */
#include "config.h"

#include "bench-util.h"
#include "ioc-application.h"
#include "ioc-boundary-layer.h"
#include "ioc-map-wall.h"
#include "ioc-test-server.h"
#include "ioc-window.h"

#include <math.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

static gint64 main_start;
static IocTestServer *srv;
static IocApplication *app;

static void
settle (guint ms)
{
  gint64 until = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static gboolean
wait_until (gboolean (*cond) (void),
            guint      timeout_ms)
{
  gint64 until = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!cond ())
    {
      if (g_get_monotonic_time () > until)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (500);
    }
  return TRUE;
}

static double
rss_mb (void)
{
  g_autofree char *statm = NULL;
  long pages = 0, resident = 0;

  if (!g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL) || sscanf (statm, "%ld %ld", &pages, &resident) != 2)
    return -1;
  return resident * (double) sysconf (_SC_PAGESIZE) / (1024.0 * 1024.0);
}

/* ---- the map window and its first painted frame ------------------------ */

static IocWindow *
map_window (void)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (IOC_IS_WINDOW (l->data) && g_strcmp0 (ioc_window_get_wall (l->data), "map") == 0 &&
        gtk_widget_get_mapped (l->data))
      return l->data;
  return NULL;
}

static IocMapWall *
map_wall (void)
{
  IocWindow *w = map_window ();
  return w != NULL ? IOC_MAP_WALL (ioc_window_get_wall_widget (w, "map")) : NULL;
}

typedef struct {
  guint   expected_reports;
  gint64  first_tile_paint;     /* µs: a frame painted with a tile and every marker */
  gint64  last_tile_at;         /* µs: the latest tile of the first view */
  gint64  complete_paint;       /* µs: the first frame after the last tile */
  guint   tiles;
  gulong  handler;
  GdkFrameClock *clock;
} FirstPaint;

static FirstPaint fp;

static void
on_first_paint (GdkFrameClock *clock,
                gpointer       data)
{
  IocMapWall *map = map_wall ();
  gint64 now = g_get_monotonic_time ();

  if (map == NULL || ioc_map_wall_get_n_tiles (map) == 0 || ioc_map_wall_count_reports (map) < fp.expected_reports)
    return;
  if (fp.first_tile_paint == 0)
    fp.first_tile_paint = now;
  if (ioc_map_wall_get_n_tiles (map) != fp.tiles)
    {
      fp.tiles = ioc_map_wall_get_n_tiles (map);
      fp.last_tile_at = now;
      fp.complete_paint = 0;
    }
  else if (fp.complete_paint == 0)
    fp.complete_paint = now;
}

static gboolean
map_window_up (void)
{
  IocWindow *w = map_window ();

  if (w == NULL || fp.clock != NULL)
    return w != NULL;
  fp.clock = gtk_widget_get_frame_clock (GTK_WIDGET (w));
  fp.handler = g_signal_connect (fp.clock, "after-paint", G_CALLBACK (on_first_paint), NULL);
  return TRUE;
}

static gboolean
view_complete (void)
{
  /* No new tile for half a second after the last one: the first view is whole. */
  return fp.complete_paint != 0 && g_get_monotonic_time () - fp.last_tile_at > 500000;
}

static gboolean
models_ready (void)
{
  IocModels *m = ioc_application_get_models (app);
  return m != NULL && ioc_models_is_loaded (m) &&
         g_list_model_get_n_items (G_LIST_MODEL (ioc_models_get_reports (m))) >= fp.expected_reports;
}

static gboolean
has_tile (void)
{
  return map_wall () != NULL && ioc_map_wall_get_n_tiles (map_wall ()) > 0;
}

static void
measure_first_map (const char *what,
                   gint64      from,
                   guint       expected_reports)
{
  gint64 loaded, mapped, tile;

  memset (&fp, 0, sizeof fp);
  fp.expected_reports = expected_reports;
  wait_until (models_ready, 120000);
  loaded = g_get_monotonic_time ();
  if (!wait_until (map_window_up, 60000))
    {
      g_print ("%s: no map window\n", what);
      return;
    }
  mapped = g_get_monotonic_time ();
  wait_until (has_tile, 60000);
  tile = g_get_monotonic_time ();
  g_print ("  (signed in and lists loaded %.0f ms, map window mapped %.0f ms, first tile %.0f ms)\n",
           (loaded - from) / 1000.0, (mapped - from) / 1000.0, (tile - from) / 1000.0);
  if (!wait_until (view_complete, 120000))
    {
      g_print ("%s: the map did not paint within the time allowed\n", what);
      return;
    }
  g_signal_handler_disconnect (fp.clock, fp.handler);
  g_print ("%-42s first tile and every marker painted %6.0f ms; first view whole %6.0f ms (%u tiles)\n", what,
           (fp.first_tile_paint - from) / 1000.0, (fp.complete_paint - from) / 1000.0, fp.tiles);
}

static guint want_reports;

/* The console's lists are loaded with at least want_reports reports. */
static gboolean
models_loaded (void)
{
  IocModels *m = ioc_application_get_models (app);
  return m != NULL && ioc_models_is_loaded (m) &&
         g_list_model_get_n_items (G_LIST_MODEL (ioc_models_get_reports (m))) >= want_reports;
}

/* ---- 100,000 reports and 2,000 cameras ---------------------------------- */

static void
load_centroids (GArray *out)
{
  const char *dir = g_getenv ("IOCD_DATA_DIR") != NULL ? g_getenv ("IOCD_DATA_DIR") : SOURCE_DATADIR;
  g_autofree char *path = g_build_filename (dir, "demo", "map", "centroids.csv", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], ",", -1);
      double ll[2];
      if (g_strv_length (f) < 5)
        continue;
      ll[0] = g_ascii_strtod (f[3], NULL);
      ll[1] = g_ascii_strtod (f[4], NULL);
      g_array_append_val (out, ll);
    }
}

static double
gauss (GRand *r)
{
  double u = g_rand_double_range (r, 1e-12, 1), v = g_rand_double (r);
  return sqrt (-2 * log (u)) * cos (2 * G_PI * v);
}

static void
exec (sqlite3    *db,
      const char *sql)
{
  char *err = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &err) != SQLITE_OK)
    g_error ("%s: %s", sql, err);
}

/* Written while iocd is stopped, in one transaction. */
static void
add_rows (guint n_reports,
          guint n_cameras)
{
  static const char *const cats[] = { "sidewalk_encroachment", "advertising", "street_trading", "littering", "wastewater", "other" };
  static const char *const kinds[] = { "traffic", "security", "ptz" };
  g_autoptr(GArray) centres = g_array_new (FALSE, FALSE, sizeof (double) * 2);
  g_autoptr(GRand) r = g_rand_new_with_seed (4);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC, t0 = g_get_monotonic_time ();
  sqlite3 *db;
  sqlite3_stmt *st;

  load_centroids (centres);
  g_assert_cmpuint (centres->len, >, 0);
  g_assert_cmpint (sqlite3_open (srv->db_path, &db), ==, SQLITE_OK);
  exec (db, "BEGIN");
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO reports (source, category, description, lat, lon, received_at, status, "
                                       "unit_id, deadline, escalated, updated_at) VALUES ('app', ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)",
                                       -1, &st, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < n_reports; i++)
    {
      double *c = &g_array_index (centres, double, 2 * g_rand_int_range (r, 0, centres->len));
      gboolean bmt = g_rand_int_range (r, 0, 4) == 0;
      guint k = g_rand_int_range (r, 0, 100);
      const char *status = k < 50 ? "processed" : k < 65 ? "received" : k < 85 ? "assigned" : k < 90 ? "forwarded" : "overdue";
      gint64 received = now - g_rand_int_range (r, 3600, 400 * 86400);
      gint64 deadline = g_str_equal (status, "overdue") ? now - g_rand_int_range (r, 3600, 30 * 86400) : now + 72 * 3600;
      char desc[64];

      g_snprintf (desc, sizeof desc, "Phản ánh thử tải số %u", i + 1);
      sqlite3_bind_text (st, 1, cats[g_rand_int_range (r, 0, G_N_ELEMENTS (cats))], -1, SQLITE_STATIC);
      sqlite3_bind_text (st, 2, desc, -1, SQLITE_TRANSIENT);
      sqlite3_bind_double (st, 3, round (((bmt ? BENCH_BMT_LAT : c[0]) + 0.03 * gauss (r)) * 1e5) / 1e5);
      sqlite3_bind_double (st, 4, round (((bmt ? BENCH_BMT_LON : c[1]) + 0.03 * gauss (r)) * 1e5) / 1e5);
      sqlite3_bind_int64 (st, 5, received);
      sqlite3_bind_text (st, 6, status, -1, SQLITE_STATIC);
      if (g_str_equal (status, "received"))
        sqlite3_bind_null (st, 7), sqlite3_bind_null (st, 8);
      else
        sqlite3_bind_text (st, 7, "u2025_24133", -1, SQLITE_STATIC), sqlite3_bind_int64 (st, 8, deadline);
      sqlite3_bind_int64 (st, 9, received);
      g_assert_cmpint (sqlite3_step (st), ==, SQLITE_DONE);
      sqlite3_reset (st);
    }
  sqlite3_finalize (st);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO cameras (id, name, lat, lon, heading, owner_unit_id, kind, status, updated_at) "
                                       "VALUES (?, ?, ?, ?, ?, 'cong_an_tinh', ?, ?, ?)", -1, &st, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < n_cameras; i++)
    {
      double *c = &g_array_index (centres, double, 2 * g_rand_int_range (r, 0, centres->len));
      char id[32], name[64];
      guint k = g_rand_int_range (r, 0, 10);

      g_snprintf (id, sizeof id, "bench-cam-%04u", i);
      g_snprintf (name, sizeof name, "Camera thử tải %04u", i);
      sqlite3_bind_text (st, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (st, 2, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_double (st, 3, round ((c[0] + 0.02 * gauss (r)) * 1e5) / 1e5);
      sqlite3_bind_double (st, 4, round ((c[1] + 0.02 * gauss (r)) * 1e5) / 1e5);
      sqlite3_bind_double (st, 5, g_rand_int_range (r, 0, 360));
      sqlite3_bind_text (st, 6, kinds[g_rand_int_range (r, 0, 3)], -1, SQLITE_STATIC);
      sqlite3_bind_text (st, 7, k < 7 ? "online" : k < 9 ? "offline" : "unknown", -1, SQLITE_STATIC);
      sqlite3_bind_int64 (st, 8, now);
      g_assert_cmpint (sqlite3_step (st), ==, SQLITE_DONE);
      sqlite3_reset (st);
    }
  sqlite3_finalize (st);
  exec (db, "COMMIT");
  sqlite3_close (db);
  g_print ("wrote %u reports and %u cameras into iocd's database in %.0f ms\n", n_reports, n_cameras,
           (g_get_monotonic_time () - t0) / 1000.0);
}

/* ---- frames while panning and zooming ----------------------------------- */

typedef struct {
  ShumateViewport *viewport;
  double           seconds;
  gint64           start, last, update_at;
  GArray          *intervals, *work;
  gboolean         done;
} Frames;

static Frames fr;

static gboolean
frame_tick (GtkWidget     *widget,
            GdkFrameClock *clock,
            gpointer       data)
{
  gint64 now = gdk_frame_clock_get_frame_time (clock);
  double lat, lon, zoom;

  if (fr.start == 0)
    fr.start = now;
  else
    {
      double ms = (now - fr.last) / 1000.0;
      g_array_append_val (fr.intervals, ms);
    }
  fr.last = now;
  if ((now - fr.start) / 1e6 > fr.seconds)
    {
      fr.done = TRUE;
      return G_SOURCE_REMOVE;
    }
  bench_script ((now - fr.start) / 1e6, fr.seconds, &lat, &lon, &zoom);
  shumate_viewport_set_zoom_level (fr.viewport, zoom);
  shumate_location_set_location (SHUMATE_LOCATION (fr.viewport), lat, lon);
  return G_SOURCE_CONTINUE;
}

static void
on_update (GdkFrameClock *clock,
           gpointer       data)
{
  fr.update_at = g_get_monotonic_time ();
}

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       data)
{
  if (fr.start != 0 && !fr.done && fr.update_at != 0)
    {
      double ms = (g_get_monotonic_time () - fr.update_at) / 1000.0;
      g_array_append_val (fr.work, ms);
    }
}

static gboolean
frames_done (void)
{
  return fr.done;
}

static void
measure_frames (double seconds)
{
  IocMapWall *map = map_wall ();
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (map_window ()));
  gulong u, a;

  fr.viewport = shumate_simple_map_get_viewport (ioc_map_wall_get_map (map));
  /* BENCH_NO_BOUNDARIES=1: the same without the commune outlines, to see
   * what they cost. */
  if (g_getenv ("BENCH_NO_BOUNDARIES") != NULL)
    for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (shumate_simple_map_get_map (ioc_map_wall_get_map (map))));
         c != NULL; c = gtk_widget_get_next_sibling (c))
      if (IOC_IS_BOUNDARY_LAYER (c))
        gtk_widget_set_visible (c, FALSE);
  fr.seconds = seconds;
  fr.intervals = g_array_new (FALSE, FALSE, sizeof (double));
  fr.work = g_array_new (FALSE, FALSE, sizeof (double));
  u = g_signal_connect (clock, "update", G_CALLBACK (on_update), NULL);
  a = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), NULL);
  gtk_widget_add_tick_callback (GTK_WIDGET (map), frame_tick, NULL, NULL);
  wait_until (frames_done, (guint) (seconds * 1000) + 30000);
  g_signal_handler_disconnect (clock, u);
  g_signal_handler_disconnect (clock, a);
  g_print ("map wall 1280x720 fullscreen, %u report + %u camera markers, %.0f s of pan and zoom (zoom 8.5 → 15 → 9):\n",
           ioc_map_wall_count_reports (map), ioc_map_wall_count_cameras (map), seconds);
  bench_report ("  frame interval", fr.intervals);
  bench_report ("  frame work (update→paint)", fr.work);
  g_print ("  frames: %u in %.1f s = %.1f fps\n", fr.intervals->len + 1, seconds, (fr.intervals->len + 1) / seconds);
  g_clear_pointer (&fr.intervals, g_array_unref);
  g_clear_pointer (&fr.work, g_array_unref);
  shumate_viewport_set_zoom_level (fr.viewport, 12);
  shumate_location_set_location (SHUMATE_LOCATION (fr.viewport), BENCH_BMT_LAT, BENCH_BMT_LON);
}

/* ---- the writer: real API writes at a steady rate ---------------------- */

typedef struct {
  char          *base_url;
  double         rate;          /* events a second */
  volatile gint  stop;
  guint          requests, failures;
  GArray        *report_ids;    /* gint64: dispatchable reports */
} Writer;

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GBytes **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (*out == NULL)
    *out = g_bytes_new (NULL, 0);
}

/* Asynchronous on the thread's own context, so that the session keeps
 * its connection to iocd open between requests. */
static GBytes *
send_and_read (SoupSession *session,
               SoupMessage *msg)
{
  GBytes *answer = NULL;

  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, on_sent, &answer);
  while (answer == NULL)
    g_main_context_iteration (g_main_context_get_thread_default (), TRUE);
  return answer;
}

static guint
request (SoupSession *session,
         const char  *base_url,
         const char  *method,
         const char  *path,
         const char  *token,
         const char  *type,
         const char  *body)
{
  g_autofree char *url = g_strconcat (base_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) answer = NULL;

  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  /* One connection for every request, as IocClient does. */
  soup_message_add_flags (msg, SOUP_MESSAGE_IDEMPOTENT);
  if (body != NULL)
    {
      g_autoptr(GBytes) b = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, type, b);
    }
  answer = send_and_read (session, msg);
  return soup_message_get_status (msg);
}

static char *
login (SoupSession *session,
       const char  *base_url,
       const char  *user,
       const char  *password)
{
  g_autofree char *url = g_strconcat (base_url, "/api/v1/login", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autofree char *body = g_strdup_printf ("{\"name\":\"%s\",\"password\":\"%s\"}", user, password);
  g_autoptr(GBytes) b = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  soup_message_set_request_body_from_bytes (msg, "application/json", b);
  soup_message_add_flags (msg, SOUP_MESSAGE_IDEMPOTENT);
  answer = send_and_read (session, msg);
  if (answer == NULL || !json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), NULL))
    return NULL;
  return g_strdup (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "token"));
}

/* Per second at rate R: 0.4 R dispatches (report.updated), 0.2 R SOC
 * alerts by the ingest route (alert.created/updated and source.updated),
 * 0.2 R camera changes (camera.updated): R events. */
static gpointer
writer_thread (gpointer data)
{
  Writer *w = data;
  g_autoptr(GMainContext) ctx = g_main_context_new ();
  g_autoptr(SoupSession) session = NULL;
  g_autofree char *sup = NULL;
  g_autofree char *admin = NULL;
  gint64 next = g_get_monotonic_time ();
  gint64 step = (gint64) (G_USEC_PER_SEC / w->rate);
  guint i = 0;

  g_main_context_push_thread_default (ctx);
  /* Idle connections are never closed from this side: iocd, with the
   * libsoup 3.2 of Debian 12, keeps a socket for every connection a client
   * closes. */
  session = soup_session_new_with_options ("idle-timeout", 0, NULL);
  sup = login (session, w->base_url, "supervisor", "supervisor-demo-1022");
  admin = login (session, w->base_url, "admin", "admin-demo-1022");
  while (!g_atomic_int_get (&w->stop))
    {
      g_autofree char *path = NULL;
      g_autofree char *body = NULL;
      guint status, k = i % 5;

      if (k < 2)
        {
          gint64 id = g_array_index (w->report_ids, gint64, (i / 5 * 2 + k) % w->report_ids->len);
          path = g_strdup_printf ("/api/v1/reports/%" G_GINT64_FORMAT "/assign", id);
          body = g_strdup_printf ("{\"unit_id\":\"%s\",\"note\":\"bench %u\"}", i % 2 ? "u2025_24133" : "u2025_24121", i);
          status = request (session, w->base_url, "POST", path, sup, "application/json", body);
        }
      else if (k == 2)
        {
          g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
          g_autofree char *when = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S+0000");
          /* 300 signatures: they fold into 300 alerts whose count grows. */
          body = g_strdup_printf ("{\"timestamp\":\"%s\",\"event_type\":\"alert\",\"src_ip\":\"198.51.100.%u\",\"dest_ip\":\"203.0.113.20\","
                                  "\"alert\":{\"signature_id\":%u,\"signature\":\"ET WEB_SERVER bench probe %u\",\"category\":\"Web Application Attack\",\"severity\":2},"
                                  "\"http\":{\"hostname\":\"dichvucong.daklak.gov.vn\"}}\n",
                                  when, (i / 5) % 250, 2900000 + (i / 5) % 300, (i / 5) % 300);
          status = request (session, w->base_url, "POST", "/api/v1/ingest/eve", admin, "application/x-ndjson", body);
          i++;   /* two events: the alert and the source's freshness */
        }
      else
        {
          path = g_strdup_printf ("/api/v1/cameras/cam-%03u", 1 + (i / 5) % 132);
          body = g_strdup_printf ("{\"heading\":%u}", (i * 7) % 360);
          status = request (session, w->base_url, "PATCH", path, admin, "application/json", body);
        }
      w->requests++;
      if (status < 200 || status >= 300)
        w->failures++;
      i++;
      next += step * (k == 2 ? 2 : 1);
      while (g_get_monotonic_time () < next)
        g_usleep (MIN (2000, MAX (0, next - g_get_monotonic_time ())));
    }
  g_main_context_pop_thread_default (ctx);
  return NULL;
}

static gboolean
heartbeat (gpointer data)
{
  g_printerr ("heartbeat t=%.1f\n", (g_get_monotonic_time () - (gint64) GPOINTER_TO_SIZE (data)) / 1e6);
  return G_SOURCE_CONTINUE;
}

static void
measure_memory (double minutes,
                double rate)
{
  Writer w = { 0 };
  GThread *thread;
  IocClient *client = ioc_application_get_client (app);
  IocModels *models = ioc_application_get_models (app);
  GListModel *reports = G_LIST_MODEL (ioc_models_get_reports (models));
  gint64 t0 = g_get_monotonic_time (), seq0 = ioc_client_get_last_seq (client), next_sample = t0;
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  double first_minute = -1;

  w.base_url = srv->base_url;
  w.rate = rate;
  w.report_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < g_list_model_get_n_items (reports) && w.report_ids->len < 2000; i++)
    {
      g_autoptr(IocRecord) r = g_list_model_get_item (reports, i);
      const char *st = ioc_record_get_string (r, "status");
      if (g_strcmp0 (st, "assigned") == 0 || g_strcmp0 (st, "received") == 0 || g_strcmp0 (st, "forwarded") == 0)
        {
          gint64 id = ioc_record_get_int (r, "id", 0);
          g_array_append_val (w.report_ids, id);
        }
    }
  g_print ("live updates at %.0f events/s for %.0f min (writer thread: dispatches, SOC ingest, camera changes):\n", rate, minutes);
  thread = g_thread_new ("writer", writer_thread, &w);
  if (g_getenv ("BENCH_HEARTBEAT") != NULL)
    g_timeout_add_seconds (5, heartbeat, GSIZE_TO_POINTER (t0));
  while (g_get_monotonic_time () - t0 < (gint64) (minutes * 60 * G_USEC_PER_SEC))
    {
      gint64 it = g_get_monotonic_time ();
      g_main_context_iteration (NULL, FALSE);
      if (g_getenv ("BENCH_HEARTBEAT") != NULL && g_get_monotonic_time () - it > 2 * G_USEC_PER_SEC)
        g_printerr ("one iteration took %.1f s\n", (g_get_monotonic_time () - it) / 1e6);
      if (g_get_monotonic_time () >= next_sample)
        {
          double mb = rss_mb (), t = (g_get_monotonic_time () - t0) / 1e6;
          gint64 events = ioc_client_get_last_seq (client) - seq0;
          g_array_append_val (samples, mb);
          if (first_minute < 0 && t >= 60)
            first_minute = mb;
          g_print ("  t=%4.0f s  RSS %6.1f MB  events handled %" G_GINT64_FORMAT " (%.1f/s)%s\n", t, mb, events,
                   t > 0 ? events / t : 0.0,
                   ioc_client_get_state (client) == IOC_CLIENT_CONNECTED ? "" : "  (stream not connected)");
          next_sample += 30 * G_USEC_PER_SEC;
        }
      g_usleep (1000);
    }
  g_atomic_int_set (&w.stop, 1);
  g_thread_join (thread);
  settle (2000);
  {
    double start = g_array_index (samples, double, 0), end = rss_mb (), max = 0;
    double base = first_minute > 0 ? first_minute : start;
    for (guint i = 0; i < samples->len; i++)
      max = MAX (max, g_array_index (samples, double, i));
    g_print ("  requests %u (%u refused or failed); events handled %" G_GINT64_FORMAT "\n", w.requests, w.failures,
             ioc_client_get_last_seq (client) - seq0);
    g_print ("  RSS: start %.1f MB, after 1 min %.1f MB, end %.1f MB, max %.1f MB; growth from minute 1 to the end %+.1f %%\n",
             start, base, end, max, (end - base) / base * 100);
  }
  if (g_getenv ("BENCH_IOCD_LOG") != NULL)
    {
      g_autofree char *path = g_build_filename (srv->dir, "iocd.log", NULL);
      g_autofree char *log = NULL;
      if (g_file_get_contents (path, &log, NULL, NULL))
        g_print ("iocd.log:\n%s\n", strlen (log) > 4000 ? log + strlen (log) - 4000 : log);
    }
  g_array_unref (w.report_ids);
}

/* ---- main --------------------------------------------------------------- */

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new ("— console benchmark");
  g_autoptr(GError) error = NULL;
  int n_reports = 100000, n_cameras = 2000;
  double minutes = 10, rate = 50, seconds = 20;
  GOptionEntry entries[] = {
    { "reports", 0, 0, G_OPTION_ARG_INT, &n_reports, "Field reports on the map (100000)", "N" },
    { "minutes", 0, 0, G_OPTION_ARG_DOUBLE, &minutes, "Minutes of live updates (10)", "M" },
    { "rate", 0, 0, G_OPTION_ARG_DOUBLE, &rate, "Events a second during the live updates (50)", "R" },
    { "seconds", 0, 0, G_OPTION_ARG_DOUBLE, &seconds, "Seconds of pan and zoom (20)", "S" },
    { NULL }
  };
  guint demo_reports;
  gint64 t;

  main_start = g_get_monotonic_time ();
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    g_error ("%s", error->message);
  if (g_getenv ("IOCD_BIN") == NULL)
    g_setenv ("IOCD_BIN", IOCD_BIN_DEFAULT, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", FALSE);
  g_setenv ("IOC_AUDIO_SINK", "fakesink", FALSE);

  srv = ioc_test_server_start (TRUE, NULL);
  g_print ("iocd with the demo data on %s (started %.0f ms after main)\n", srv->base_url,
           (g_get_monotonic_time () - main_start) / 1000.0);

  /* 1a. The console from its start, with the demo data. */
  t = g_get_monotonic_time ();
  app = ioc_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  ioc_application_sign_in (app, srv->base_url, "supervisor", "supervisor-demo-1022");
  wait_until (models_loaded, 60000);
  demo_reports = g_list_model_get_n_items (G_LIST_MODEL (ioc_models_get_reports (ioc_application_get_models (app))));
  measure_first_map ("start → map (demo data):", t, demo_reports);

  /* 1b. 100,000 reports and 2,000 cameras, then sign in again. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "sign-out", NULL);
  settle (300);
  ioc_test_server_stop (srv);
  add_rows ((guint) n_reports, (guint) MAX (0, n_cameras - 132));
  ioc_test_server_restart (srv);
  t = g_get_monotonic_time ();
  want_reports = demo_reports + (guint) n_reports;
  ioc_application_sign_in (app, srv->base_url, "supervisor", "supervisor-demo-1022");
  wait_until (models_loaded, 120000);
  g_print ("sign-in → lists loaded with %u reports: %.0f ms\n",
           g_list_model_get_n_items (G_LIST_MODEL (ioc_models_get_reports (ioc_application_get_models (app)))),
           (g_get_monotonic_time () - t) / 1000.0);
  measure_first_map ("sign-in → map (100,000 reports):", t, demo_reports + (guint) n_reports);
  g_print ("RSS after loading: %.1f MB\n", rss_mb ());

  /* 2. Pan and zoom. */
  measure_frames (seconds);

  /* 3. Ten minutes of live updates. */
  if (minutes > 0)
    measure_memory (minutes, rate);

  g_application_quit (G_APPLICATION (app));
  g_clear_object (&app);
  ioc_test_server_free (srv);
  return 0;
}
