/* bench-video — live video on the console: CPU, frames shown, dropped
 * frames and glass-to-glass latency for 1, 4, 9 and 16 simultaneous feeds
 *
 *   tests/tools/with-display -- build/tests/bench/bench-video [--seconds 15]
 *       [--warmup 4] [--configs main,main-scaled,auto] [--feeds 1,4,9,16]
 *
 * Feeds come from the real simulated cameras (ioc-rtsp-sim: 640×360 main
 * streams and 320×180 sub-streams at 15 fps, H.264) into a 1280×720
 * window holding a grid of IocVideo, as the camera wall does. For each
 * configuration and number of feeds it waits until every tile is live,
 * lets it settle, then measures for --seconds:
 *
 *   cpu%       user+system CPU of this process (decoding, conversion, GL
 *              rendering on llvmpipe — all its threads) over wall time
 *   shown/s    frames painted per second, per tile (mean, and the worst tile)
 *   decoded/s  frames out of the decoder per second per tile
 *   dropped    frames decoded but never painted (a newer one came first),
 *              all tiles
 *   main/gl/gst  the CPU split by thread: the GTK main thread, Mesa's
 *              llvmpipe rendering threads, and the rest (GStreamer:
 *              RTSP, depayloading, decoding, conversion)
 *   latency    capture stamp (burnt into each frame by the simulator just
 *              before encoding, ioc-sim-timecode.h) → wall clock when the
 *              frame is first snapshotted for painting: p50 and p95, ms
 *
 * Configurations: "main" decodes and shows the 640×360 main stream as is;
 * "main-scaled" scales it down to the tile in the pipeline (less to
 * convert and upload); "auto" is what the wall does: the sub-stream in
 * small tiles. Prints figures only; never fails on them. Figures measured
 * while other work runs on the machine are preliminary.
 */
#include "ioc-test-rtsp.h"
#include "ioc-video.h"

#include <gtk/gtk.h>
#include <math.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

typedef struct {
  const char     *name;
  IocVideoStream  stream;
  gboolean        downscale;
} Config;

static const Config configs[] = {
  { "main", IOC_VIDEO_STREAM_MAIN, FALSE },
  { "main-scaled", IOC_VIDEO_STREAM_MAIN, TRUE },
  { "auto", IOC_VIDEO_STREAM_AUTO, TRUE },
};

static double
cpu_seconds (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

/* CPU ticks of this process's threads by kind: 0 main, 1 llvmpipe, 2 others. */
static void
thread_ticks (GHashTable *per_tid)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  const char *tid;
  pid_t self = getpid ();

  while (dir != NULL && (tid = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_strdup_printf ("/proc/self/task/%s/stat", tid);
      g_autofree char *text = NULL;
      const char *open_p, *close_p;
      g_auto(GStrv) f = NULL;
      guint64 ticks;
      int kind;

      if (!g_file_get_contents (path, &text, NULL, NULL) || (open_p = strchr (text, '(')) == NULL ||
          (close_p = strrchr (text, ')')) == NULL)
        continue;
      f = g_strsplit (close_p + 2, " ", -1);
      if (g_strv_length (f) < 13)
        continue;
      /* Fields after "(comm) ": state is 0, utime 11, stime 12. */
      ticks = g_ascii_strtoull (f[11], NULL, 10) + g_ascii_strtoull (f[12], NULL, 10);
      kind = (pid_t) g_ascii_strtoll (tid, NULL, 10) == self ? 0
             : g_str_has_prefix (open_p + 1, "llvmpipe") ? 1 : 2;
      g_hash_table_insert (per_tid, GINT_TO_POINTER ((int) g_ascii_strtoll (tid, NULL, 10)),
                           GSIZE_TO_POINTER ((gsize) (ticks << 2 | (guint64) kind)));
    }
}

static void
split_cpu (GHashTable *before,
           GHashTable *after,
           double      wall,
           double      out[3])
{
  GHashTableIter iter;
  gpointer k, v;
  double hz = (double) sysconf (_SC_CLK_TCK);

  out[0] = out[1] = out[2] = 0;
  g_hash_table_iter_init (&iter, after);
  while (g_hash_table_iter_next (&iter, &k, &v))
    {
      guint64 a = GPOINTER_TO_SIZE (v), b = GPOINTER_TO_SIZE (g_hash_table_lookup (before, k));
      guint64 ticks = (a >> 2) - (b >> 2);
      if ((a >> 2) < (b >> 2))
        ticks = 0;
      out[a & 3] += ticks / hz / wall * 100;
    }
}

static int
cmp_int (gconstpointer a,
         gconstpointer b)
{
  return *(const gint32 *) a - *(const gint32 *) b;
}

static double
percentile (GArray *v,
            double  p)
{
  if (v->len == 0)
    return NAN;
  return g_array_index (v, gint32, MIN (v->len - 1, (guint) floor (p * (v->len - 1) + 0.5)));
}

static gboolean
all_live (gpointer data)
{
  GPtrArray *videos = data;

  for (guint i = 0; i < videos->len; i++)
    if (ioc_video_get_state (videos->pdata[i]) != IOC_VIDEO_STATE_LIVE)
      return FALSE;
  return TRUE;
}

static gboolean
no_pipelines (gpointer data)
{
  return ioc_video_count_pipelines () == 0;
}

static void
run (IocTestRtsp  *sim,
     const Config *config,
     guint         feeds,
     guint         warmup_s,
     guint         seconds)
{
  guint columns = (guint) ceil (sqrt (feeds));
  GtkWindow *win = GTK_WINDOW (gtk_window_new ());
  GtkWidget *grid = gtk_grid_new ();
  g_autoptr(GPtrArray) videos = g_ptr_array_new ();
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (gint32));
  g_autofree IocVideoStats *before = g_new0 (IocVideoStats, feeds);
  double cpu0, shown_sum = 0, shown_min = G_MAXDOUBLE, decoded_sum = 0, split[3];
  g_autoptr(GHashTable) ticks0 = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) ticks1 = g_hash_table_new (NULL, NULL);
  guint64 dropped = 0;
  gint64 t0, t1;
  int texture_width = 0;
  const char *renderer = "?";

  gtk_grid_set_row_homogeneous (GTK_GRID (grid), TRUE);
  gtk_grid_set_column_homogeneous (GTK_GRID (grid), TRUE);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 4);
  for (guint i = 0; i < feeds; i++)
    {
      g_autofree char *id = g_strdup_printf ("cam-%03u", i + 1);
      g_autofree char *main_uri = ioc_test_rtsp_uri (sim, id, FALSE);
      g_autofree char *sub_uri = ioc_test_rtsp_uri (sim, id, TRUE);
      GtkWidget *v = ioc_video_new ();

      ioc_video_set_camera (IOC_VIDEO (v), id, main_uri, sub_uri);
      ioc_video_set_stream (IOC_VIDEO (v), config->stream);
      ioc_video_set_downscale (IOC_VIDEO (v), config->downscale);
      ioc_video_set_measure_latency (IOC_VIDEO (v), TRUE);
      gtk_widget_set_hexpand (v, TRUE);
      gtk_widget_set_vexpand (v, TRUE);
      gtk_grid_attach (GTK_GRID (grid), v, (int) (i % columns), (int) (i / columns), 1, 1);
      g_ptr_array_add (videos, v);
    }
  gtk_window_set_default_size (win, 1280, 720);
  gtk_window_set_decorated (win, FALSE);
  gtk_window_set_child (win, grid);
  gtk_window_present (win);
  if (!ioc_test_until (all_live, videos, 60000))
    {
      g_print ("%-12s %5u  not all live after 60 s\n", config->name, feeds);
      gtk_window_destroy (win);
      ioc_test_until (no_pipelines, NULL, 20000);
      return;
    }
  ioc_test_settle (warmup_s * 1000);
  {
    GskRenderer *r = gtk_native_get_renderer (GTK_NATIVE (win));
    renderer = r != NULL ? G_OBJECT_TYPE_NAME (r) : "?";
  }
  for (guint i = 0; i < feeds; i++)
    {
      ioc_video_get_stats (videos->pdata[i], &before[i]);
      g_array_unref (ioc_video_take_latencies (videos->pdata[i]));
    }
  thread_ticks (ticks0);
  cpu0 = cpu_seconds ();
  t0 = g_get_monotonic_time ();
  ioc_test_settle (seconds * 1000);
  t1 = g_get_monotonic_time ();
  thread_ticks (ticks1);
  {
    double wall = (t1 - t0) / 1e6;
    double cpu = (cpu_seconds () - cpu0) / wall * 100;

    split_cpu (ticks0, ticks1, wall, split);
    for (guint i = 0; i < feeds; i++)
      {
        IocVideoStats st;
        g_autoptr(GArray) l = ioc_video_take_latencies (videos->pdata[i]);
        double shown;

        ioc_video_get_stats (videos->pdata[i], &st);
        shown = (st.shown - before[i].shown) / wall;
        shown_sum += shown;
        shown_min = MIN (shown_min, shown);
        decoded_sum += (st.decoded - before[i].decoded) / wall;
        dropped += st.dropped - before[i].dropped;
        g_array_append_vals (latencies, l->data, l->len);
        if (ioc_video_get_texture (videos->pdata[i]) != NULL)
          texture_width = gdk_texture_get_width (ioc_video_get_texture (videos->pdata[i]));
      }
    g_array_sort (latencies, cmp_int);
    g_print ("%-12s %5u %6.0f %4.0f/%3.0f/%3.0f %8.1f %6.1f %9.1f %8" G_GUINT64_FORMAT " %6.0f %6.0f %7d  %s\n",
             config->name, feeds, cpu, split[0], split[1], split[2], shown_sum / feeds, shown_min,
             decoded_sum / feeds, dropped, percentile (latencies, 0.5), percentile (latencies, 0.95),
             texture_width, renderer);
  }
  gtk_window_destroy (win);
  /* Torn down off the main loop: wait for it before the next round. */
  ioc_test_until (no_pipelines, NULL, 20000);
}

int
main (int    argc,
      char **argv)
{
  int seconds = 15, warmup = 4;
  g_autofree char *config_list = g_strdup ("main,main-scaled,auto");
  g_autofree char *feed_list = g_strdup ("1,4,9,16");
  GOptionEntry entries[] = {
    { "seconds", 0, 0, G_OPTION_ARG_INT, &seconds, "Seconds measured per run (15)", "S" },
    { "warmup", 0, 0, G_OPTION_ARG_INT, &warmup, "Seconds after all tiles are live, before measuring (4)", "S" },
    { "configs", 0, 0, G_OPTION_ARG_STRING, &config_list, "main, main-scaled, auto (all)", "LIST" },
    { "feeds", 0, 0, G_OPTION_ARG_STRING, &feed_list, "Numbers of feeds (1,4,9,16)", "LIST" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— live video benchmark");
  g_autoptr(GError) error = NULL;
  g_autoptr(IocTestRtsp) sim = NULL;
  g_auto(GStrv) wanted = NULL;
  g_auto(GStrv) feeds = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-video: %s\n", error->message);
      return 2;
    }
  gtk_init ();
  wanted = g_strsplit (config_list, ",", -1);
  feeds = g_strsplit (feed_list, ",", -1);
  sim = ioc_test_rtsp_start (16, NULL);
  g_print ("bench-video: %d s per run after %d s of warm-up; ioc-rtsp-sim 640x360 and 320x180 at 15 fps, "
           "H.264, RTP over TCP on loopback; %u CPU cores\n", seconds, warmup, g_get_num_processors ());
  g_print ("%-12s %5s %6s %12s %8s %6s %9s %8s %6s %6s %7s  %s\n", "config", "feeds", "cpu%", "main/gl/gst",
           "shown/s", "worst", "decoded/s", "dropped", "p50ms", "p95ms", "texture", "renderer");
  for (guint c = 0; c < G_N_ELEMENTS (configs); c++)
    {
      if (!g_strv_contains ((const char *const *) wanted, configs[c].name))
        continue;
      for (guint f = 0; feeds[f] != NULL; f++)
        {
          guint n = (guint) g_ascii_strtoull (feeds[f], NULL, 10);
          if (n >= 1 && n <= 16)
            run (sim, &configs[c], n, (guint) MAX (warmup, 0), (guint) MAX (seconds, 1));
        }
    }
  return 0;
}
