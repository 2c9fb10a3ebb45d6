/* test-map-layer.c — the offline base map and IocClusterLayer in a real
 * window (tests/tools/with-display), tiles from a real iocd with demo data.
 *
 * The map source downloads http://127.0.0.1:PORT/tiles/{z}/{x}/{y}.png
 * through a data source that counts the tiles it delivers; the layer holds
 * 10,000 points spread over the province plus one known point alone in its
 * neighbourhood. Checks: base-map tiles load; pick() finds the known point
 * at zoom 12 and 17 and a click on it emits "point-activated"; at zoom 8 the
 * clusters' counts add up to every point (the province is all in view);
 * live updates move and remove points without set_points.
 */
#include "ioc-cluster-layer.h"
#include "ioc-tile-source.h"
#include "ioc-test-server.h"

#include <math.h>
#include <string.h>

#define N_POINTS 10000
#define KNOWN_ID 777777
#define KNOWN_LAT 12.6800
#define KNOWN_LON 108.0450

static IocTestServer *srv;

/* ---- a data source that counts what it delivers ------------------------ */

#define TEST_TYPE_COUNTING_SOURCE (test_counting_source_get_type ())
G_DECLARE_FINAL_TYPE (TestCountingSource, test_counting_source, TEST, COUNTING_SOURCE, ShumateDataSource)

struct _TestCountingSource
{
  ShumateDataSource  parent_instance;
  ShumateDataSource *inner;
  guint              delivered;
  guint              failed;
};

G_DEFINE_FINAL_TYPE (TestCountingSource, test_counting_source, SHUMATE_TYPE_DATA_SOURCE)

static void
inner_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TestCountingSource *self = g_task_get_source_object (task);
  GError *error = NULL;
  GBytes *bytes = shumate_data_source_get_tile_data_finish (SHUMATE_DATA_SOURCE (source), result, &error);

  if (bytes == NULL)
    {
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
  TestCountingSource *self = TEST_COUNTING_SOURCE (source);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

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
  g_clear_object (&TEST_COUNTING_SOURCE (object)->inner);
  G_OBJECT_CLASS (test_counting_source_parent_class)->finalize (object);
}

static void
test_counting_source_class_init (TestCountingSourceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = counting_finalize;
  SHUMATE_DATA_SOURCE_CLASS (klass)->get_tile_data_async = counting_get_tile_data_async;
  SHUMATE_DATA_SOURCE_CLASS (klass)->get_tile_data_finish = counting_get_tile_data_finish;
}

static void
test_counting_source_init (TestCountingSource *self)
{
}

/* ---- helpers -------------------------------------------------------------- */

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
      g_usleep (1000);
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
      g_usleep (1000);
    }
}

typedef struct {
  GtkWindow          *window;
  ShumateSimpleMap   *map;
  ShumateViewport    *viewport;
  TestCountingSource *tiles;
  IocTileSource      *source;   /* the console's tile source, under the counter */
  IocClusterLayer    *layer;
  IocMapPoint        *points;
  guint               n_points;
  guint64             activated;
} Fixture;

static Fixture fx;

static gboolean
enough_tiles (gpointer data)
{
  return fx.tiles->delivered >= GPOINTER_TO_UINT (data);
}

static gboolean
layer_allocated (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (fx.layer)) && gtk_widget_get_width (GTK_WIDGET (fx.layer)) > 0;
}

static void
go (double lat,
    double lon,
    double zoom)
{
  shumate_viewport_set_zoom_level (fx.viewport, zoom);
  shumate_location_set_location (SHUMATE_LOCATION (fx.viewport), lat, lon);
  settle (100);
}

/* 10,000 points over the province's box, none within ~3 km of the known one
 * (a 60-px cluster cell at zoom 12 is ~2 km), and the known point. */
static void
make_points (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261124);
  guint n = 0;

  fx.points = g_new0 (IocMapPoint, N_POINTS);
  while (n < N_POINTS - 1)
    {
      double lat = g_rand_double_range (rand, 12.20, 13.65);
      double lon = g_rand_double_range (rand, 107.55, 109.35);

      if (fabs (lat - KNOWN_LAT) < 0.03 && fabs (lon - KNOWN_LON) < 0.03)
        continue;
      fx.points[n] = (IocMapPoint) { n + 1, lat, lon, g_rand_int_range (rand, 0, 4), NAN };
      n++;
    }
  fx.points[n++] = (IocMapPoint) { KNOWN_ID, KNOWN_LAT, KNOWN_LON, 3, 45.0 };
  fx.n_points = n;
}

static void
known_point_xy (double  lat,
                double  lon,
                double *x,
                double *y)
{
  shumate_viewport_location_to_widget_coords (fx.viewport, GTK_WIDGET (fx.layer), lat, lon, x, y);
}

static guint
sum_counts (GArray *items,
            guint  *n_clusters)
{
  guint sum = 0;

  *n_clusters = 0;
  for (guint i = 0; i < items->len; i++)
    {
      IocClusterItem *it = &g_array_index (items, IocClusterItem, i);
      sum += it->count;
      if (it->is_cluster)
        {
          (*n_clusters)++;
          g_assert_cmpuint (it->count, >, 1);
        }
      else
        g_assert_cmpuint (it->count, ==, 1);
    }
  return sum;
}

/* ---- tests ------------------------------------------------------------------ */

static void
test_tiles_load (void)
{
  /* A 1280×720 view at zoom 12 needs about 6×4 tiles. */
  go (KNOWN_LAT, KNOWN_LON, 12);
  g_assert_true (wait_until (enough_tiles, GUINT_TO_POINTER (12), 30000));
  g_assert_cmpuint (fx.tiles->failed, ==, 0);
  g_test_message ("%u tiles delivered", fx.tiles->delivered);
}

static void
on_activated (IocClusterLayer *layer,
              guint64          id,
              gpointer         data)
{
  fx.activated = id;
}

static void
test_pick (void)
{
  IocClusterItem item;
  double x, y;
  GtkGesture *click = NULL;
  g_autoptr(GListModel) controllers = NULL;

  go (KNOWN_LAT, KNOWN_LON, 12);
  known_point_xy (KNOWN_LAT, KNOWN_LON, &x, &y);
  g_assert_true (ioc_cluster_layer_pick (fx.layer, x, y, &item));
  g_assert_false (item.is_cluster);
  g_assert_cmpuint (item.id, ==, KNOWN_ID);
  g_assert_cmpuint (item.style, ==, 3);
  /* A few pixels off still hits; far off does not find it. */
  g_assert_true (ioc_cluster_layer_pick (fx.layer, x + 4, y - 3, &item));
  g_assert_cmpuint (item.id, ==, KNOWN_ID);
  if (ioc_cluster_layer_pick (fx.layer, x + 40, y + 40, &item))
    g_assert_cmpuint (item.id, !=, KNOWN_ID);

  go (KNOWN_LAT, KNOWN_LON, 17.3);
  known_point_xy (KNOWN_LAT, KNOWN_LON, &x, &y);
  g_assert_true (ioc_cluster_layer_pick (fx.layer, x, y, &item));
  g_assert_cmpuint (item.id, ==, KNOWN_ID);

  /* A click emits point-activated. */
  controllers = gtk_widget_observe_controllers (GTK_WIDGET (fx.layer));
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) c = g_list_model_get_item (controllers, i);
      if (GTK_IS_GESTURE_CLICK (c))
        click = GTK_GESTURE (c);
    }
  g_assert_nonnull (click);
  fx.activated = 0;
  g_signal_emit_by_name (click, "pressed", 1, x, y);
  g_signal_emit_by_name (click, "released", 1, x, y);
  g_assert_cmpuint (fx.activated, ==, KNOWN_ID);
}

static void
test_clusters_zoom8 (void)
{
  g_autoptr(GArray) items = NULL;
  guint n_clusters, sum;
  double x, y;

  /* At zoom 8 the whole province (~370×330 px) is in the 1280×720 view. */
  go (12.93, 108.45, 8);
  for (guint i = 0; i < fx.n_points; i++)
    {
      known_point_xy (fx.points[i].lat, fx.points[i].lon, &x, &y);
      g_assert_true (x >= 0 && y >= 0 &&
                     x < gtk_widget_get_width (GTK_WIDGET (fx.layer)) &&
                     y < gtk_widget_get_height (GTK_WIDGET (fx.layer)));
    }
  items = ioc_cluster_layer_get_visible_items (fx.layer);
  sum = sum_counts (items, &n_clusters);
  g_test_message ("zoom 8: %u items, %u clusters", items->len, n_clusters);
  g_assert_cmpuint (sum, ==, fx.n_points);
  g_assert_cmpuint (n_clusters, >, 10);
  g_assert_cmpuint (items->len, <, 200);

  /* Clusters are drawn in the colour of their worst style: with 10,000
   * points of styles 0..3, every big cluster has a style 3. */
  for (guint i = 0; i < items->len; i++)
    {
      IocClusterItem *it = &g_array_index (items, IocClusterItem, i);
      if (it->is_cluster && it->count > 50)
        g_assert_cmpuint (it->style, ==, 3);
    }
}

static void
test_partial_view (void)
{
  g_autoptr(GArray) items = NULL;
  guint n_clusters, sum, inside = 0, near = 0;
  double w = gtk_widget_get_width (GTK_WIDGET (fx.layer)), h = gtk_widget_get_height (GTK_WIDGET (fx.layer));

  /* Zoom 10 over Buôn Ma Thuột: only part of the province is in view.
   * Every point in view is counted, and nothing farther than a cluster
   * cell (60 px) and the margin (30 px) outside. */
  go (12.68, 108.05, 10);
  for (guint i = 0; i < fx.n_points; i++)
    {
      double x, y;
      known_point_xy (fx.points[i].lat, fx.points[i].lon, &x, &y);
      if (x >= 0 && y >= 0 && x < w && y < h)
        inside++;
      if (x >= -91 && y >= -91 && x < w + 91 && y < h + 91)
        near++;
    }
  items = ioc_cluster_layer_get_visible_items (fx.layer);
  sum = sum_counts (items, &n_clusters);
  g_test_message ("zoom 10: %u in view, %u near, %u counted in %u items", inside, near, sum, items->len);
  g_assert_cmpuint (inside, <, fx.n_points);
  g_assert_cmpuint (sum, >=, inside);
  g_assert_cmpuint (sum, <=, near);
}

static void
test_live_updates (void)
{
  g_autoptr(GArray) items = NULL;
  IocClusterItem item;
  guint n_clusters;
  double x, y;

  /* Move the known point ~5 km east and restyle it. */
  ioc_cluster_layer_update_point (fx.layer, KNOWN_ID, KNOWN_LAT, KNOWN_LON + 0.05, 1);
  go (KNOWN_LAT, KNOWN_LON + 0.05, 17);
  known_point_xy (KNOWN_LAT, KNOWN_LON + 0.05, &x, &y);
  g_assert_true (ioc_cluster_layer_pick (fx.layer, x, y, &item));
  g_assert_cmpuint (item.id, ==, KNOWN_ID);
  g_assert_cmpuint (item.style, ==, 1);
  known_point_xy (KNOWN_LAT, KNOWN_LON, &x, &y);
  if (ioc_cluster_layer_pick (fx.layer, x, y, &item))
    g_assert_cmpuint (item.id, !=, KNOWN_ID);

  /* The zoom-8 clusters built before follow the update and the removal. */
  g_assert_true (ioc_cluster_layer_remove_point (fx.layer, 1));
  g_assert_false (ioc_cluster_layer_remove_point (fx.layer, 1));
  ioc_cluster_layer_update_point (fx.layer, 424242, 12.9, 108.5, 0);
  g_assert_cmpuint (ioc_cluster_layer_get_n_points (fx.layer), ==, fx.n_points);
  go (12.93, 108.45, 8);
  items = ioc_cluster_layer_get_visible_items (fx.layer);
  g_assert_cmpuint (sum_counts (items, &n_clusters), ==, fx.n_points);
  g_assert_true (ioc_cluster_layer_remove_point (fx.layer, 424242));
  g_clear_pointer (&items, g_array_unref);
  items = ioc_cluster_layer_get_visible_items (fx.layer);
  g_assert_cmpuint (sum_counts (items, &n_clusters), ==, fx.n_points - 1);
}

typedef struct {
  gboolean  done;
  GBytes   *bytes;
  GError   *error;
} Fetch;

static void
fetched (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Fetch *f = user_data;

  f->bytes = shumate_data_source_get_tile_data_finish (SHUMATE_DATA_SOURCE (source), result, &f->error);
  f->done = TRUE;
}

static gboolean
fetch_done (gpointer data)
{
  return ((Fetch *) data)->done;
}

/* The console's tile source: a view seen before comes from memory (no new
 * download); two requests for one tile make one download; an answer that
 * is not a PNG, or not a 200, is an error and never a tile. */
static void
test_tile_source (void)
{
  guint downloads, cached;
  Fetch a = { 0 }, b = { 0 };
  g_autofree char *bad_url = g_strdup_printf ("%s/healthz?{z}/{x}/{y}", srv->base_url);
  g_autofree char *missing_url = g_strdup_printf ("%s/tiles/{z}/{x}/{y}.jpg", srv->base_url);
  g_autoptr(IocTileSource) bad = ioc_tile_source_new (bad_url, 0);
  g_autoptr(IocTileSource) missing = ioc_tile_source_new (missing_url, 0);
  g_autoptr(IocTileSource) fresh = NULL;
  g_autofree char *url = g_strdup_printf ("%s/tiles/{z}/{x}/{y}.png", srv->base_url);

  go (KNOWN_LAT, KNOWN_LON, 12);
  settle (500);
  downloads = ioc_tile_source_get_n_downloads (fx.source);
  cached = ioc_tile_source_get_n_cached (fx.source);
  g_assert_cmpuint (cached, >=, 12);
  go (KNOWN_LAT + 0.5, KNOWN_LON, 12);
  settle (300);
  go (KNOWN_LAT, KNOWN_LON, 12);
  settle (500);
  g_assert_cmpuint (ioc_tile_source_get_n_cached (fx.source), >=, cached);
  /* Back where it was: the same tiles, from memory. */
  g_assert_cmpuint (downloads, >, 0);
  g_assert_cmpuint (ioc_tile_source_get_n_downloads (fx.source), <, downloads + cached);

  /* One download for two maps asking at once. */
  fresh = ioc_tile_source_new (url, 0);
  shumate_data_source_get_tile_data_async (SHUMATE_DATA_SOURCE (fresh), 3257, 1926, 12, NULL, fetched, &a);
  shumate_data_source_get_tile_data_async (SHUMATE_DATA_SOURCE (fresh), 3257, 1926, 12, NULL, fetched, &b);
  g_assert_true (wait_until (fetch_done, &a, 10000));
  g_assert_true (wait_until (fetch_done, &b, 10000));
  g_assert_no_error (a.error);
  g_assert_no_error (b.error);
  g_assert_true (g_bytes_equal (a.bytes, b.bytes));
  g_assert_cmpuint (ioc_tile_source_get_n_downloads (fresh), ==, 1);
  {
    /* Asked again: from memory, the same bytes. */
    Fetch c = { 0 };
    shumate_data_source_get_tile_data_async (SHUMATE_DATA_SOURCE (fresh), 3257, 1926, 12, NULL, fetched, &c);
    g_assert_true (wait_until (fetch_done, &c, 10000));
    g_assert_no_error (c.error);
    g_assert_true (g_bytes_equal (a.bytes, c.bytes));
    g_assert_cmpuint (ioc_tile_source_get_n_downloads (fresh), ==, 1);
    g_assert_cmpuint (ioc_tile_source_get_n_cached (fresh), ==, 1);
    g_bytes_unref (c.bytes);
  }
  g_clear_pointer (&a.bytes, g_bytes_unref);
  g_clear_pointer (&b.bytes, g_bytes_unref);

  /* JSON where a PNG should be, and a 404. */
  memset (&a, 0, sizeof a);
  memset (&b, 0, sizeof b);
  shumate_data_source_get_tile_data_async (SHUMATE_DATA_SOURCE (bad), 1, 1, 3, NULL, fetched, &a);
  shumate_data_source_get_tile_data_async (SHUMATE_DATA_SOURCE (missing), 3256, 1926, 12, NULL, fetched, &b);
  g_assert_true (wait_until (fetch_done, &a, 10000));
  g_assert_true (wait_until (fetch_done, &b, 10000));
  g_assert_error (a.error, IOC_TILE_SOURCE_ERROR, 0);
  g_assert_nonnull (strstr (a.error->message, "not a PNG"));
  g_assert_null (a.bytes);
  g_assert_error (b.error, IOC_TILE_SOURCE_ERROR, 0);
  g_assert_nonnull (strstr (b.error->message, "HTTP 404"));
  g_assert_cmpuint (ioc_tile_source_get_n_cached (bad), ==, 0);
  g_clear_error (&a.error);
  g_clear_error (&b.error);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *url = NULL;
  g_autoptr(IocTileSource) downloader = NULL;
  ShumateRasterRenderer *source;
  int ret;

  g_test_init (&argc, &argv, NULL);
  gtk_init ();

  srv = ioc_test_server_start (TRUE, NULL);
  url = g_strdup_printf ("%s/tiles/{z}/{x}/{y}.png", srv->base_url);
  downloader = ioc_tile_source_new (url, 0);
  fx.source = downloader;
  fx.tiles = g_object_new (TEST_TYPE_COUNTING_SOURCE, NULL);
  fx.tiles->inner = SHUMATE_DATA_SOURCE (g_object_ref (downloader));
  g_signal_connect_object (downloader, "received-data", G_CALLBACK (relay_received), fx.tiles, 0);
  source = shumate_raster_renderer_new_full ("iocd-test", "IOC", NULL, NULL, 0, 18, 256,
                                             SHUMATE_MAP_PROJECTION_MERCATOR, SHUMATE_DATA_SOURCE (fx.tiles));

  fx.window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fx.window, 1280, 720);
  fx.map = shumate_simple_map_new ();
  shumate_simple_map_set_map_source (fx.map, SHUMATE_MAP_SOURCE (source));
  g_object_unref (source);
  fx.viewport = shumate_simple_map_get_viewport (fx.map);
  fx.layer = ioc_cluster_layer_new (fx.viewport);
  shumate_simple_map_add_overlay_layer (fx.map, SHUMATE_LAYER (fx.layer));
  g_signal_connect (fx.layer, "point-activated", G_CALLBACK (on_activated), NULL);
  make_points ();
  ioc_cluster_layer_set_points (fx.layer, fx.points, fx.n_points);
  g_assert_cmpuint (ioc_cluster_layer_get_n_points (fx.layer), ==, fx.n_points);
  gtk_window_set_child (fx.window, GTK_WIDGET (fx.map));
  gtk_window_present (fx.window);
  g_assert_true (wait_until (layer_allocated, NULL, 20000));

  g_test_add_func ("/map-layer/1-tiles-load", test_tiles_load);
  g_test_add_func ("/map-layer/2-pick", test_pick);
  g_test_add_func ("/map-layer/3-clusters-zoom8", test_clusters_zoom8);
  g_test_add_func ("/map-layer/4-partial-view", test_partial_view);
  g_test_add_func ("/map-layer/5-live-updates", test_live_updates);
  g_test_add_func ("/map-layer/6-tile-source", test_tile_source);
  ret = g_test_run ();

  gtk_window_destroy (fx.window);
  g_object_unref (fx.tiles);
  g_free (fx.points);
  ioc_test_server_free (srv);
  return ret;
}
