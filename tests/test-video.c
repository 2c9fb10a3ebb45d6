/* test-video.c — IocVideo against the real simulated cameras
 * (ioc-rtsp-sim), on a headless X server (tests/tools/with-display)
 *
 * A video goes live and its decoded picture shows the simulator's colour
 * bars where they are; stopping the camera turns it offline (last picture
 * greyed) within 5 s and starting it brings it back live within 10 s by
 * itself; small videos play the sub-stream and switch to the main stream
 * when enlarged without a black gap; a snapshot is a PNG named after the
 * camera and the time, with the bars in it; bad input (nothing listening,
 * a camera that never answers, an HTTP server, a non-RTSP address, a JPEG
 * camera) gives its own clear state while the main loop keeps running;
 * unmapped and destroyed videos leave no pipeline and no frame behind.
 */
#include "ioc-console-resources.h"
#include "ioc-test-rtsp.h"
#include "ioc-test-video.h"
#include "ioc-video.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

static IocTestRtsp *sim;        /* cam-001, cam-002 in H.264 */
static IocTestRtsp *jpeg_sim;   /* cam-001 in Motion JPEG */

static gboolean
has_texture (gpointer data)
{
  return ioc_video_get_texture (data) != NULL;
}

static GtkWindow *
window_with (GtkWidget *child,
             int        width,
             int        height)
{
  GtkWindow *win = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_default_size (win, width, height);
  gtk_window_set_decorated (win, FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (win), "ioc");
  gtk_window_set_child (win, child);
  gtk_window_present (win);
  return win;
}

static gboolean
shown_five (gpointer data)
{
  IocVideoStats st;

  ioc_video_get_stats (data, &st);
  return st.shown >= 5;
}

/* ---- the tests -------------------------------------------------------- */

static void
test_live_colour_bars (void)
{
  GtkWidget *video = ioc_video_new ();
  g_autofree char *uri = ioc_test_rtsp_uri (sim, "cam-001", FALSE);
  g_autofree char *sub = ioc_test_rtsp_uri (sim, "cam-001", TRUE);
  GtkWindow *win;
  GdkTexture *texture;

  ioc_video_set_camera (IOC_VIDEO (video), "cam-001", uri, sub);
  ioc_video_set_stream (IOC_VIDEO (video), IOC_VIDEO_STREAM_MAIN);
  win = window_with (video, 640, 360);
  ioc_test_video_wait_state (IOC_VIDEO (video), IOC_VIDEO_STATE_LIVE, 15000);
  g_assert_true (ioc_test_until (has_texture, video, 5000));
  g_assert_cmpstr (ioc_video_get_playing_uri (IOC_VIDEO (video)), ==, uri);
  /* Let a few frames go by: each one is a new texture. */
  g_assert_true (ioc_test_until (shown_five, video, 5000));
  texture = ioc_video_get_texture (IOC_VIDEO (video));
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 640);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 360);
  ioc_test_video_assert_colour_bars (texture, 40);
  {
    IocVideoStats st;
    ioc_video_get_stats (IOC_VIDEO (video), &st);
    g_assert_cmpuint (st.shown, >=, 5);
    g_assert_cmpuint (st.failures, ==, 0);
  }
  gtk_window_destroy (win);
}

static void
test_offline_and_back (void)
{
  GtkWidget *video = ioc_video_new ();
  g_autofree char *uri = ioc_test_rtsp_uri (sim, "cam-002", FALSE);
  GtkWindow *win;
  gint64 t0;

  ioc_video_set_camera (IOC_VIDEO (video), "cam-002", uri, NULL);
  win = window_with (video, 640, 360);
  ioc_test_video_wait_state (IOC_VIDEO (video), IOC_VIDEO_STATE_LIVE, 15000);

  /* The camera goes dark: offline within 5 s, the last picture kept
   * (greyed by the "offline" style), the time it was lost on it. */
  ioc_test_rtsp_command (sim, "stop", "cam-002");
  t0 = g_get_monotonic_time ();
  ioc_test_video_wait_state (IOC_VIDEO (video), IOC_VIDEO_STATE_OFFLINE, 5000);
  g_test_message ("offline after %.1f s", (g_get_monotonic_time () - t0) / 1e6);
  g_assert_nonnull (ioc_video_get_texture (IOC_VIDEO (video)));
  g_assert_true (gtk_widget_has_css_class (video, "offline"));
  {
    g_autofree char *prefix = g_strdup_printf (_("Offline since %s"), "");
    g_assert_true (g_str_has_prefix (ioc_video_get_message (IOC_VIDEO (video)), prefix));
  }
  /* A few tries while it is dark, each a 404 now that the mount is gone. */
  ioc_test_settle (3000);
  g_assert_cmpint (ioc_video_get_state (IOC_VIDEO (video)), ==, IOC_VIDEO_STATE_OFFLINE);
  ioc_test_video_screenshot ("video-offline.png", 0);

  /* It comes back: live within 10 s, nobody touched anything. */
  ioc_test_rtsp_command (sim, "start", "cam-002");
  t0 = g_get_monotonic_time ();
  ioc_test_video_wait_state (IOC_VIDEO (video), IOC_VIDEO_STATE_LIVE, 10000);
  g_test_message ("live again after %.1f s", (g_get_monotonic_time () - t0) / 1e6);
  g_assert_false (gtk_widget_has_css_class (video, "offline"));
  gtk_window_destroy (win);
}

typedef struct {
  guint   changes;
  gboolean left_live;
} StateLog;

static void
on_state (GObject    *video,
          GParamSpec *pspec,
          StateLog   *log)
{
  log->changes++;
  if (ioc_video_get_state (IOC_VIDEO (video)) != IOC_VIDEO_STATE_LIVE)
    log->left_live = TRUE;
}

typedef struct {
  IocVideo   *video;
  const char *uri;
} UriWait;

static gboolean
playing (gpointer data)
{
  UriWait *w = data;
  return g_strcmp0 (ioc_video_get_playing_uri (w->video), w->uri) == 0 && ioc_video_get_texture (w->video) != NULL &&
         gdk_texture_get_width (ioc_video_get_texture (w->video)) >= 600;
}

static void
test_sub_stream_then_main (void)
{
  GtkWidget *video = ioc_video_new ();
  g_autofree char *uri = ioc_test_rtsp_uri (sim, "cam-001", FALSE);
  g_autofree char *sub = ioc_test_rtsp_uri (sim, "cam-001", TRUE);
  GtkWindow *win;
  StateLog log = { 0 };
  UriWait w = { IOC_VIDEO (video), uri };

  ioc_video_set_camera (IOC_VIDEO (video), "cam-001", uri, sub);
  win = window_with (video, 320, 180);
  ioc_test_video_wait_state (IOC_VIDEO (video), IOC_VIDEO_STATE_LIVE, 15000);
  /* Small: the 320×180 sub-stream. */
  g_assert_cmpstr (ioc_video_get_playing_uri (IOC_VIDEO (video)), ==, sub);
  g_assert_cmpint (gdk_texture_get_width (ioc_video_get_texture (IOC_VIDEO (video))), <=, 320);
  ioc_test_video_assert_colour_bars (ioc_video_get_texture (IOC_VIDEO (video)), 40);

  /* Enlarged: the main stream takes over at its first frame, the picture
   * never leaves "live". */
  g_signal_connect (video, "notify::state", G_CALLBACK (on_state), &log);
  gtk_window_set_default_size (win, 1000, 562);
  g_assert_true (ioc_test_until (playing, &w, 15000));
  g_assert_false (log.left_live);
  ioc_test_video_assert_colour_bars (ioc_video_get_texture (IOC_VIDEO (video)), 40);
  g_signal_handlers_disconnect_by_data (video, &log);
  gtk_window_destroy (win);
}

typedef struct {
  gboolean done;
  char    *path;
  GError  *error;
} SnapWait;

static void
on_snapshot (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  SnapWait *w = data;
  w->path = ioc_video_save_snapshot_finish (IOC_VIDEO (source), result, &w->error);
  w->done = TRUE;
}

static gboolean
snap_done (gpointer data)
{
  return ((SnapWait *) data)->done;
}

static void
test_snapshot (void)
{
  GtkWidget *video = ioc_video_new ();
  g_autofree char *uri = ioc_test_rtsp_uri (sim, "cam-001", FALSE);
  g_autofree char *dir = g_dir_make_tmp ("ioc-snap-XXXXXX", NULL);
  g_autoptr(GDateTime) before = g_date_time_new_now_local ();
  g_autofree char *day = g_date_time_format (before, "%Y-%m-%d");
  g_autofree char *base = NULL;
  g_autoptr(GdkTexture) saved = NULL;
  g_autoptr(GError) error = NULL;
  SnapWait w = { 0 };
  GtkWindow *win;

  ioc_video_set_camera (IOC_VIDEO (video), "CA tỉnh 01 — nút giao 1/2", uri, NULL);
  win = window_with (video, 640, 360);
  ioc_test_video_wait_state (IOC_VIDEO (video), IOC_VIDEO_STATE_LIVE, 15000);
  ioc_video_save_snapshot_async (IOC_VIDEO (video), dir, NULL, on_snapshot, &w);
  g_assert_true (ioc_test_until (snap_done, &w, 10000));
  g_assert_no_error (w.error);
  g_assert_true (g_file_test (w.path, G_FILE_TEST_IS_REGULAR));
  base = g_path_get_basename (w.path);
  /* The camera's name (a "/" made harmless) and the time. */
  g_assert_true (g_str_has_prefix (base, "CA tỉnh 01 — nút giao 1_2 "));
  g_assert_nonnull (strstr (base, day));
  g_assert_true (g_str_has_suffix (base, ".png"));
  saved = gdk_texture_new_from_filename (w.path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (saved), ==, 640);
  ioc_test_video_assert_colour_bars (saved, 40);
  g_unlink (w.path);
  g_rmdir (dir);
  g_free (w.path);
  gtk_window_destroy (win);
}

/* The main loop must keep turning: the longest gap between two 20 ms
 * ticks while bad cameras are tried. */
typedef struct {
  gint64 last;
  gint64 max_gap;
} Ticker;

static gboolean
on_ticker (gpointer data)
{
  Ticker *t = data;
  gint64 now = g_get_monotonic_time ();

  if (t->last > 0)
    t->max_gap = MAX (t->max_gap, now - t->last);
  t->last = now;
  return G_SOURCE_CONTINUE;
}

static void
test_bad_input (void)
{
  g_autoptr(GSocketService) silent = NULL;
  g_autoptr(GSocketService) http = NULL;
  g_autoptr(GSocketListener) closed = g_socket_listener_new ();
  guint silent_port = 0, http_port = 0, closed_port;
  GtkWidget *grid = gtk_grid_new ();
  struct {
    const char   *title;
    char         *uri;
    IocVideoState state;
    const char   *message;
    GtkWidget    *video;
  } cases[] = {
    { "refused", NULL, IOC_VIDEO_STATE_UNREACHABLE, N_("Cannot connect to the camera"), NULL },
    { "silent", NULL, IOC_VIDEO_STATE_UNREACHABLE, N_("The camera does not answer"), NULL },
    { "http-server", NULL, IOC_VIDEO_STATE_NOT_RTSP, N_("Not an RTSP camera"), NULL },
    { "http-uri", NULL, IOC_VIDEO_STATE_NOT_RTSP, N_("Not an RTSP camera"), NULL },
    { "jpeg", NULL, IOC_VIDEO_STATE_UNSUPPORTED, NULL, NULL },
    { "no-mount", NULL, IOC_VIDEO_STATE_UNREACHABLE, N_("No such stream on the camera"), NULL },
  };
  Ticker ticker = { 0 };
  guint ticker_id;
  GtkWindow *win;

  silent = ioc_test_silent_server_new (&silent_port);
  http = ioc_test_http_server_new (&http_port);
  /* A port that was free a moment ago: nothing listens there. */
  closed_port = g_socket_listener_add_any_inet_port (closed, NULL, NULL);
  g_socket_listener_close (closed);
  cases[0].uri = g_strdup_printf ("rtsp://127.0.0.1:%u/cam-001", closed_port);
  cases[1].uri = g_strdup_printf ("rtsp://127.0.0.1:%u/cam-001", silent_port);
  cases[2].uri = g_strdup_printf ("rtsp://127.0.0.1:%u/cam-001", http_port);
  cases[3].uri = g_strdup_printf ("http://127.0.0.1:%u/cam-001.mp4", http_port);
  cases[4].uri = ioc_test_rtsp_uri (jpeg_sim, "cam-001", FALSE);
  cases[5].uri = ioc_test_rtsp_uri (sim, "cam-999", FALSE);

  gtk_grid_set_column_homogeneous (GTK_GRID (grid), TRUE);
  gtk_grid_set_row_homogeneous (GTK_GRID (grid), TRUE);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 4);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      cases[i].video = ioc_video_new ();
      ioc_video_set_camera (IOC_VIDEO (cases[i].video), cases[i].title, cases[i].uri, NULL);
      gtk_widget_set_hexpand (cases[i].video, TRUE);
      gtk_widget_set_vexpand (cases[i].video, TRUE);
      gtk_grid_attach (GTK_GRID (grid), cases[i].video, i % 3, i / 3, 1, 1);
    }
  ticker_id = g_timeout_add (20, on_ticker, &ticker);
  win = window_with (grid, 1280, 720);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      IocVideo *v = IOC_VIDEO (cases[i].video);
      /* The silent camera is given up after the 8 s timeout. */
      ioc_test_video_wait_state (v, cases[i].state, 20000);
      if (cases[i].message != NULL)
        g_assert_cmpstr (ioc_video_get_message (v), ==, _(cases[i].message));
      g_test_message ("%s: %s", cases[i].title, ioc_video_get_message (v));
    }
  {
    g_autofree char *jpeg = g_strdup_printf (_("Unsupported video: %s"), "JPEG");
    g_assert_cmpstr (ioc_video_get_message (IOC_VIDEO (cases[4].video)), ==, jpeg);
  }
  ioc_test_video_screenshot ("video-bad-input.png", 0);
  /* They are retried (with backoff) and stay in their state. */
  ioc_test_settle (3000);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (ioc_video_get_state (IOC_VIDEO (cases[i].video)), ==, cases[i].state);
  g_source_remove (ticker_id);
  g_test_message ("longest main-loop gap: %.0f ms", ticker.max_gap / 1000.0);
  /* Generous: a blocking connect or teardown would stall it for seconds
   * (more under valgrind, IOC_TEST_TIMEOUT_SCALE). */
  g_assert_cmpint (ticker.max_gap, <, 2 * G_USEC_PER_SEC *
                   (g_getenv ("IOC_TEST_TIMEOUT_SCALE") != NULL ? MAX (1, atoi (g_getenv ("IOC_TEST_TIMEOUT_SCALE"))) : 1));
  gtk_window_destroy (win);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_free (cases[i].uri);
  g_socket_service_stop (silent);
  g_socket_service_stop (http);
}

static gboolean
no_pipelines (gpointer data)
{
  return ioc_video_count_pipelines () == 0 && ioc_video_count_frames () == 0;
}

static void
test_unmap_frees (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *a = ioc_video_new (), *b = ioc_video_new ();
  g_autofree char *ua = ioc_test_rtsp_uri (sim, "cam-001", FALSE);
  g_autofree char *ub = ioc_test_rtsp_uri (sim, "cam-002", FALSE);
  GtkWindow *win;

  ioc_video_set_camera (IOC_VIDEO (a), "cam-001", ua, NULL);
  ioc_video_set_camera (IOC_VIDEO (b), "cam-002", ub, NULL);
  gtk_widget_set_hexpand (a, TRUE);
  gtk_widget_set_hexpand (b, TRUE);
  gtk_box_append (GTK_BOX (box), a);
  gtk_box_append (GTK_BOX (box), b);
  win = window_with (box, 1280, 360);
  ioc_test_video_wait_state (IOC_VIDEO (a), IOC_VIDEO_STATE_LIVE, 15000);
  ioc_test_video_wait_state (IOC_VIDEO (b), IOC_VIDEO_STATE_LIVE, 15000);
  g_assert_cmpuint (ioc_video_count_pipelines (), ==, 2);

  /* Hidden: no pipeline, no picture. */
  gtk_widget_set_visible (b, FALSE);
  g_assert_cmpint (ioc_video_get_state (IOC_VIDEO (b)), ==, IOC_VIDEO_STATE_IDLE);
  g_assert_null (ioc_video_get_texture (IOC_VIDEO (b)));
  g_assert_null (ioc_video_get_playing_uri (IOC_VIDEO (b)));
  ioc_test_settle (1000);
  g_assert_cmpuint (ioc_video_count_pipelines (), ==, 1);
  /* Shown again: live again. */
  gtk_widget_set_visible (b, TRUE);
  ioc_test_video_wait_state (IOC_VIDEO (b), IOC_VIDEO_STATE_LIVE, 15000);

  /* Destroyed while playing: everything goes, off the main loop. */
  gtk_window_destroy (win);
  g_assert_true (ioc_test_until (no_pipelines, NULL, 10000));
}

int
main (int    argc,
      char **argv)
{
  int ret;

  setlocale (LC_ALL, "");
  if (g_getenv ("IOC_LOCALEDIR") != NULL)
    bindtextdomain (GETTEXT_PACKAGE, g_getenv ("IOC_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  gtk_test_init (&argc, &argv, NULL);
  ioc_test_tolerate_rtspsrc_seqnum ();
  {
    /* The console's look (the videos' state styles). */
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
    /* Referencing the resource links it in from the static library. */
    g_assert_nonnull (ioc_console_get_resource ());
    g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", TRUE, NULL);
    gtk_css_provider_load_from_resource (css, "/vn/gov/daklak/IocConsole/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  sim = ioc_test_rtsp_start (2, NULL);
  jpeg_sim = ioc_test_rtsp_start (1, (const char *const[]) { "--codec=jpeg", NULL });

  ioc_test_add_video_func ("/video/live-colour-bars", test_live_colour_bars);
  ioc_test_add_video_func ("/video/offline-and-back", test_offline_and_back);
  ioc_test_add_video_func ("/video/sub-stream-then-main", test_sub_stream_then_main);
  ioc_test_add_video_func ("/video/snapshot", test_snapshot);
  ioc_test_add_video_func ("/video/bad-input", test_bad_input);
  ioc_test_add_video_func ("/video/unmap-frees", test_unmap_frees);
  ret = g_test_run ();
  if (ioc_test_rtspsrc_seqnum_count () > 0)
    g_printerr ("rtspsrc seqnum critical (GStreamer 1.22, tolerated): %u times\n", ioc_test_rtspsrc_seqnum_count ());

  g_clear_pointer (&jpeg_sim, ioc_test_rtsp_free);
  g_clear_pointer (&sim, ioc_test_rtsp_free);
  return ret;
}
