/* bench-map.c — the map wall under load: base map from a real iocd (demo
 * data) + IocClusterLayer with 100,000 report points and 2,000 cameras with
 * headings, panned and zoomed for ~20 s through the ShumateViewport.
 *
 * Prints the time from window show to the first painted map (every tile of
 * the first view delivered and a frame painted after that), frame intervals
 * (successive frame-clock frame times) and the work per frame (update →
 * after-paint), median and p95. Figures only, never pass/fail.
 *
 *   tests/tools/with-display -- ./build/tests/bench/bench-map [--seconds N] [--screenshot DIR]
 *
 * With --screenshot, views of the province (zoom 9) and of Buôn Ma Thuột
 * (zoom 12 and 14) are captured with ImageMagick's import into DIR.
 */
#include "config.h"

#include "bench-util.h"
#include "ioc-cluster-layer.h"
#include "ioc-test-server.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define N_REPORTS 100000
#define N_CAMERAS 2000
#define BMT_LAT BENCH_BMT_LAT
#define BMT_LON BENCH_BMT_LON

/* ---- a data source that counts tile requests ----------------------------- */

#define BENCH_TYPE_COUNTING_SOURCE (bench_counting_source_get_type ())
G_DECLARE_FINAL_TYPE (BenchCountingSource, bench_counting_source, BENCH, COUNTING_SOURCE, ShumateDataSource)

struct _BenchCountingSource
{
  ShumateDataSource  parent_instance;
  ShumateDataSource *inner;
  guint              started;
  guint              delivered;
  guint              failed;
};

G_DEFINE_FINAL_TYPE (BenchCountingSource, bench_counting_source, SHUMATE_TYPE_DATA_SOURCE)

static void
inner_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BenchCountingSource *self = g_task_get_source_object (task);
  GError *error = NULL;
  GBytes *bytes = shumate_data_source_get_tile_data_finish (SHUMATE_DATA_SOURCE (source), result, &error);

  if (bytes == NULL)
    {
      if (g_getenv ("BENCH_VERBOSE") != NULL)
        g_printerr ("tile failed: %s\n", error->message);
      self->failed++;
      g_task_return_error (task, error);
      return;
    }
  self->delivered++;
  g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
}

static void
counting_get_tile_data_async (ShumateDataSource   *source,
                              int                  x,
                              int                  y,
                              int                  zoom,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  BenchCountingSource *self = BENCH_COUNTING_SOURCE (source);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  self->started++;
  shumate_data_source_get_tile_data_async (self->inner, x, y, zoom, cancellable, inner_done, task);
}

static GBytes *
counting_get_tile_data_finish (ShumateDataSource  *source,
                               GAsyncResult       *result,
                               GError            **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ShumateRasterRenderer takes the tile from the "received-data" signal
 * (emitted once per answer, cache first), not from the finish call: relay it. */
static void
relay_received (ShumateDataSource *inner,
                int                x,
                int                y,
                int                zoom,
                GBytes            *bytes,
                gpointer           self)
{
  g_signal_emit_by_name (self, "received-data", x, y, zoom, bytes);
}

static void
counting_finalize (GObject *object)
{
  g_clear_object (&BENCH_COUNTING_SOURCE (object)->inner);
  G_OBJECT_CLASS (bench_counting_source_parent_class)->finalize (object);
}

static void
bench_counting_source_class_init (BenchCountingSourceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = counting_finalize;
  SHUMATE_DATA_SOURCE_CLASS (klass)->get_tile_data_async = counting_get_tile_data_async;
  SHUMATE_DATA_SOURCE_CLASS (klass)->get_tile_data_finish = counting_get_tile_data_finish;
}

static void
bench_counting_source_init (BenchCountingSource *self)
{
}

/* ---- the run ----------------------------------------------------------------- */

typedef struct {
  GtkWindow           *window;
  ShumateViewport     *viewport;
  BenchCountingSource *tiles;
  IocClusterLayer     *reports;
  IocClusterLayer     *cameras;
  double               seconds;
  gint64               shown_at;
  gint64               first_map_at;
  guint                first_view_tiles;
  gint64               anim_start;      /* frame time, µs */
  gint64               last_frame;
  gint64               update_at;
  GArray              *intervals;       /* double ms */
  GArray              *work;            /* double ms */
  guint                max_items;
  gboolean             done;
} Bench;

static Bench b;

/* Reads data/demo/map/centroids.csv: code,name_vi,kind,lat,lon. */
static GArray *
load_centroids (void)
{
  const char *dir = g_getenv ("IOCD_DATA_DIR") != NULL ? g_getenv ("IOCD_DATA_DIR") : SOURCE_DATADIR;
  g_autofree char *path = g_build_filename (dir, "demo", "map", "centroids.csv", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  GArray *out = g_array_new (FALSE, FALSE, sizeof (double) * 2);
  g_autoptr(GError) error = NULL;

  if (!g_file_get_contents (path, &text, NULL, &error))
    g_error ("%s", error->message);
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
  return out;
}

static double
gauss (GRand *r)
{
  double u = g_rand_double_range (r, 1e-12, 1), v = g_rand_double (r);
  return sqrt (-2 * log (u)) * cos (2 * G_PI * v);
}

static void
make_points (void)
{
  g_autoptr(GArray) centres = load_centroids ();
  g_autoptr(GRand) r = g_rand_new_with_seed (4);
  g_autofree IocMapPoint *pts = g_new0 (IocMapPoint, N_REPORTS);
  g_autofree IocMapPoint *cams = g_new0 (IocMapPoint, N_CAMERAS);
  gint64 t0;

  /* Reports around every commune's centre, denser in Buôn Ma Thuột. */
  for (guint i = 0; i < N_REPORTS; i++)
    {
      double lat, lon, sigma = 0.035;
      guint style = g_rand_int_range (r, 0, 100);

      if (g_rand_int_range (r, 0, 4) == 0)
        {
          lat = BMT_LAT;
          lon = BMT_LON;
          sigma = 0.03;
        }
      else
        {
          double *c = &g_array_index (centres, double, 2 * g_rand_int_range (r, 0, centres->len));
          lat = c[0];
          lon = c[1];
        }
      /* new 40 %, assigned 30 %, in progress 20 %, overdue 10 % */
      pts[i] = (IocMapPoint) { i + 1, lat + sigma * gauss (r), lon + sigma * gauss (r),
                               style < 40 ? 1 : style < 70 ? 2 : style < 90 ? 3 : 5, NAN };
    }
  for (guint i = 0; i < N_CAMERAS; i++)
    {
      double *c = &g_array_index (centres, double, 2 * g_rand_int_range (r, 0, centres->len));
      gboolean bmt = g_rand_int_range (r, 0, 3) == 0;

      cams[i] = (IocMapPoint) { 1000000 + i,
                                (bmt ? BMT_LAT : c[0]) + 0.02 * gauss (r),
                                (bmt ? BMT_LON : c[1]) + 0.02 * gauss (r),
                                g_rand_int_range (r, 0, 10) == 0 ? 1 : 0,
                                g_rand_double_range (r, 0, 360) };
    }
  t0 = g_get_monotonic_time ();
  ioc_cluster_layer_set_points (b.reports, pts, N_REPORTS);
  ioc_cluster_layer_set_points (b.cameras, cams, N_CAMERAS);
  g_print ("set_points: %u reports + %u cameras in %.1f ms\n", N_REPORTS, N_CAMERAS,
           (g_get_monotonic_time () - t0) / 1000.0);
}

static gboolean
tick (GtkWidget     *widget,
      GdkFrameClock *clock,
      gpointer       data)
{
  gint64 now = gdk_frame_clock_get_frame_time (clock);
  double lat, lon, zoom;

  if (b.first_map_at == 0)
    return G_SOURCE_CONTINUE;
  if (b.anim_start == 0)
    b.anim_start = now;
  else
    {
      double ms = (now - b.last_frame) / 1000.0;
      g_array_append_val (b.intervals, ms);
    }
  b.last_frame = now;
  if ((now - b.anim_start) / 1e6 > b.seconds)
    {
      b.done = TRUE;
      return G_SOURCE_REMOVE;
    }
  bench_script ((now - b.anim_start) / 1e6, b.seconds, &lat, &lon, &zoom);
  shumate_viewport_set_zoom_level (b.viewport, zoom);
  shumate_location_set_location (SHUMATE_LOCATION (b.viewport), lat, lon);
  return G_SOURCE_CONTINUE;
}

static void
on_update (GdkFrameClock *clock,
           gpointer       data)
{
  b.update_at = g_get_monotonic_time ();
}

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       data)
{
  gint64 now = g_get_monotonic_time ();

  if (b.first_map_at == 0 && b.tiles->started > 0 && b.tiles->delivered + b.tiles->failed == b.tiles->started)
    {
      b.first_map_at = now;
      b.first_view_tiles = b.tiles->delivered;
    }
  if (b.anim_start != 0 && !b.done && b.update_at != 0)
    {
      double ms = (now - b.update_at) / 1000.0;
      g_array_append_val (b.work, ms);
    }
}

static void
settle (guint ms)
{
  gint64 until = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
}

static void
screenshot (const char *dir,
            const char *name,
            double      lat,
            double      lon,
            double      zoom)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *cmd = g_strdup_printf ("import -window root %s", path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) items = NULL;
  int status = 0;

  shumate_viewport_set_zoom_level (b.viewport, zoom);
  shumate_location_set_location (SHUMATE_LOCATION (b.viewport), lat, lon);
  settle (300);
  for (guint i = 0; i < 100 && b.tiles->delivered + b.tiles->failed < b.tiles->started; i++)
    settle (50);
  settle (500);
  items = ioc_cluster_layer_get_visible_items (b.reports);
  if (!g_spawn_command_line_sync (cmd, NULL, NULL, &status, &error) || status != 0)
    g_printerr ("screenshot %s failed: %s\n", path, error != NULL ? error->message : "import failed");
  else
    g_print ("screenshot %s (zoom %.0f, %u report items)\n", path, zoom, items->len);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *url = NULL;
  g_autofree char *shots = NULL;
  g_autoptr(ShumateTileDownloader) downloader = NULL;
  g_autoptr(GOptionContext) ctx = g_option_context_new ("— map wall benchmark");
  g_autoptr(GError) error = NULL;
  ShumateRasterRenderer *source;
  ShumateSimpleMap *map;
  IocTestServer *srv;
  GdkFrameClock *clock;
  double seconds = 20;
  gboolean no_points = FALSE;
  GOptionEntry entries[] = {
    { "seconds", 0, 0, G_OPTION_ARG_DOUBLE, &seconds, "Animation length (20)", "S" },
    { "screenshot", 0, 0, G_OPTION_ARG_FILENAME, &shots, "Save screenshots into DIR", "DIR" },
    { "no-points", 0, 0, G_OPTION_ARG_NONE, &no_points, "Base map only (baseline)", NULL },
    { NULL }
  };
  const GdkRGBA report_colours[] = {
    { 0.55, 0.62, 0.70, 1 }, { 0.30, 0.66, 1.00, 1 }, { 0.98, 0.80, 0.25, 1 },
    { 0.35, 0.78, 0.45, 1 }, { 1.00, 0.55, 0.20, 1 }, { 0.93, 0.27, 0.27, 1 },
  };
  const char *report_labels[] = { "Closed", "New", "Assigned", "In progress", "Escalated", "Overdue" };
  const GdkRGBA online = { 0.40, 0.85, 0.95, 1 }, offline = { 0.55, 0.55, 0.60, 1 };

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    g_error ("%s", error->message);
  if (g_getenv ("IOCD_BIN") == NULL)
    g_setenv ("IOCD_BIN", IOCD_BIN_DEFAULT, TRUE);
  gtk_init ();
  b.seconds = seconds;
  b.intervals = g_array_new (FALSE, FALSE, sizeof (double));
  b.work = g_array_new (FALSE, FALSE, sizeof (double));

  srv = ioc_test_server_start (TRUE, NULL);
  url = g_strdup_printf ("%s/tiles/{z}/{x}/{y}.png", srv->base_url);
  downloader = shumate_tile_downloader_new (url);
  b.tiles = g_object_new (BENCH_TYPE_COUNTING_SOURCE, NULL);
  b.tiles->inner = SHUMATE_DATA_SOURCE (g_object_ref (downloader));
  g_signal_connect_object (downloader, "received-data", G_CALLBACK (relay_received), b.tiles, 0);
  source = shumate_raster_renderer_new_full ("iocd-bench", "IOC", NULL, NULL, 0, 18, 256,
                                             SHUMATE_MAP_PROJECTION_MERCATOR, SHUMATE_DATA_SOURCE (b.tiles));

  b.window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_title (b.window, "bench-map");
  gtk_window_set_decorated (b.window, FALSE);
  gtk_window_set_default_size (b.window, 1280, 720);
  map = shumate_simple_map_new ();
  shumate_simple_map_set_map_source (map, SHUMATE_MAP_SOURCE (source));
  g_object_unref (source);
  b.viewport = shumate_simple_map_get_viewport (map);
  shumate_viewport_set_zoom_level (b.viewport, 8.5);
  shumate_location_set_location (SHUMATE_LOCATION (b.viewport), 12.9, 108.45);
  b.reports = ioc_cluster_layer_new (b.viewport);
  b.cameras = ioc_cluster_layer_new (b.viewport);
  ioc_cluster_layer_set_shape (b.cameras, IOC_CLUSTER_SHAPE_SQUARE);
  for (guint s = 0; s < G_N_ELEMENTS (report_colours); s++)
    ioc_cluster_layer_set_style (b.reports, s, &report_colours[s], report_labels[s]);
  ioc_cluster_layer_set_style (b.cameras, 0, &online, "Online");
  ioc_cluster_layer_set_style (b.cameras, 1, &offline, "Offline");
  shumate_simple_map_add_overlay_layer (map, SHUMATE_LAYER (b.reports));
  shumate_simple_map_add_overlay_layer (map, SHUMATE_LAYER (b.cameras));
  if (!no_points)
    make_points ();
  gtk_window_set_child (b.window, GTK_WIDGET (map));

  gtk_widget_realize (GTK_WIDGET (b.window));
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (b.window));
  g_signal_connect (clock, "update", G_CALLBACK (on_update), NULL);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), NULL);
  gtk_widget_add_tick_callback (GTK_WIDGET (map), tick, NULL, NULL);

  b.shown_at = g_get_monotonic_time ();
  gtk_window_present (b.window);
  while (!b.done)
    g_main_context_iteration (NULL, TRUE);

  g_print ("window 1280x720, %u reports + %u cameras, %.0f s of pan and zoom (zoom 8.5 → 15 → 9)\n",
           N_REPORTS, N_CAMERAS, b.seconds);
  g_print ("show → first painted map:    %.0f ms (%u tiles in the first view)\n",
           (b.first_map_at - b.shown_at) / 1000.0, b.first_view_tiles);
  bench_report ("frame interval", b.intervals);
  bench_report ("frame work (update→paint)", b.work);
  g_print ("frames: %u in %.1f s = %.1f fps; tiles fetched: %u (%u cancelled or failed)\n", b.intervals->len + 1,
           b.seconds, (b.intervals->len + 1) / b.seconds, b.tiles->delivered, b.tiles->failed);

  /* The layer's own CPU cost per frame: finding what to draw. */
  if (!no_points)
    {
      const double views[][3] = { { 12.9, 108.45, 9 }, { BMT_LAT, BMT_LON, 12 }, { BMT_LAT, BMT_LON, 14 }, { BMT_LAT, BMT_LON, 17 } };

      for (guint v = 0; v < G_N_ELEMENTS (views); v++)
        {
          gint64 t0;
          guint n = 0;

          shumate_viewport_set_zoom_level (b.viewport, views[v][2]);
          shumate_location_set_location (SHUMATE_LOCATION (b.viewport), views[v][0], views[v][1]);
          g_array_unref (ioc_cluster_layer_get_visible_items (b.reports));   /* builds the level */
          t0 = g_get_monotonic_time ();
          for (guint i = 0; i < 50; i++)
            {
              GArray *items = ioc_cluster_layer_get_visible_items (b.reports);
              n = items->len;
              g_array_unref (items);
            }
          g_print ("layer cull+cluster at zoom %2.0f: %.2f ms for %u items (100,000 points)\n",
                   views[v][2], (g_get_monotonic_time () - t0) / 1000.0 / 50, n);
        }
    }

  if (shots != NULL)
    {
      g_mkdir_with_parents (shots, 0755);
      screenshot (shots, "map-province-z9.png", 12.9, 108.45, 9);
      screenshot (shots, "map-bmt-z12.png", BMT_LAT, BMT_LON, 12);
      screenshot (shots, "map-bmt-z14.png", BMT_LAT, BMT_LON, 14);
    }

  gtk_window_destroy (b.window);
  g_object_unref (b.tiles);
  g_array_unref (b.intervals);
  g_array_unref (b.work);
  ioc_test_server_free (srv);
  return 0;
}
