/* test-camera-wall.c — the camera wall of the real console against the
 * real iocd (--demo) and the real simulated cameras, on a headless X
 * server with two monitors (tests/tools/with-display)
 *
 * The demo's cam-001…cam-016 are pointed at ioc-rtsp-sim through the API.
 * Monitor 0 shows the camera wall, monitor 1 the map. A 4×4 wall of 16
 * cameras goes live on the sub-streams, runs 60 s with no failure, no
 * stall and a bounded number of frames alive; a tile enlarged plays the
 * main stream alone; an AI event ingested through the API highlights its
 * tile, lands in the strip with the frame captured from the live view,
 * and selecting it centres the map wall on the camera, whose live view in
 * the map's camera panel plays; forwarding it to the police changes its
 * state (leaders cannot); layouts are saved per monitor and loaded back;
 * the tour pages through the cameras; a snapshot lands in the snapshot
 * folder; a camera switched off turns its tile offline and comes back;
 * a camera dragged from the list with the mouse lands on a tile.
 * Screenshots go to IOC_SCREENSHOT_DIR.
 */
#include "ioc-application.h"
#include "ioc-camera-live.h"
#include "ioc-camera-wall.h"
#include "ioc-map-wall.h"
#include "ioc-test-rtsp.h"
#include "ioc-test-video.h"
#include "console-test-util.h"
#include "ioc-test-server.h"
#include "ioc-window.h"

#include <glib/gi18n.h>
#include <shumate/shumate.h>
#include <glib/gstdio.h>
#include <string.h>

#define N_CAMS 16
#define APP_SCHEMA "vn.gov.daklak.IocConsole"

static IocTestServer *srv;
static IocTestRtsp *sim;
static IocApplication *app;
static char *snapshot_dir;
static char *admin;

/* ---- helpers ---------------------------------------------------------- */

static IocWindow *
window_with_wall (const char *wall)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (IOC_IS_WINDOW (l->data) && g_strcmp0 (ioc_window_get_wall (l->data), wall) == 0)
      return l->data;
  return NULL;
}

static IocCameraWall *
camera_wall (void)
{
  return IOC_CAMERA_WALL (ioc_window_get_wall_widget (window_with_wall ("cameras"), "cameras"));
}

static char *
cam_id (guint i)
{
  return g_strdup_printf ("cam-%03u", i + 1);
}

static void
fill_4x4 (IocCameraWall *wall)
{
  ioc_camera_wall_set_columns (wall, 4);
  for (guint i = 0; i < N_CAMS; i++)
    {
      g_autofree char *id = cam_id (i);
      ioc_camera_wall_set_tile_camera (wall, i, id);
    }
}

static void
wait_all_live (IocCameraWall *wall,
               guint          timeout_ms)
{
  for (guint i = 0; i < N_CAMS; i++)
    ioc_test_video_wait_state (ioc_camera_wall_get_tile_video (wall, i), IOC_VIDEO_STATE_LIVE, timeout_ms);
}

static gboolean
all_on_sub (gpointer data)
{
  for (guint i = 0; i < N_CAMS; i++)
    {
      IocVideo *v = ioc_camera_wall_get_tile_video (data, i);
      if (ioc_video_get_playing_uri (v) == NULL || !g_str_has_suffix (ioc_video_get_playing_uri (v), "-sub") ||
          ioc_video_get_state (v) != IOC_VIDEO_STATE_LIVE)
        return FALSE;
    }
  return TRUE;
}

/* ---- the tests, in order (they share one console) --------------------- */

static void
test_grid_live (void)
{
  IocCameraWall *wall = camera_wall ();

  g_assert_nonnull (wall);
  g_assert_cmpstr (ioc_camera_wall_get_monitor (wall), ==, "DUMMY0");
  /* A first start: 3×3 with the first cameras of the registry. */
  g_assert_cmpuint (ioc_camera_wall_get_columns (wall), ==, 3);
  g_assert_cmpstr (ioc_camera_wall_get_tile_camera (wall, 0), ==, "cam-001");
  g_assert_cmpstr (ioc_camera_wall_get_tile_camera (wall, 8), ==, "cam-009");

  fill_4x4 (wall);
  wait_all_live (wall, 30000);
  /* Small tiles play the sub-stream (a tile that started larger switches
   * to it once its size settles). */
  g_assert_true (ioc_test_until (all_on_sub, wall, 15000));
  ioc_test_settle (1500);
  ioc_test_video_assert_colour_bars (ioc_video_get_texture (ioc_camera_wall_get_tile_video (wall, 0)), 48);
  ioc_test_video_assert_colour_bars (ioc_video_get_texture (ioc_camera_wall_get_tile_video (wall, 15)), 48);
  ioc_test_video_screenshot ("camera-wall-4x4.png", 0);
}

typedef struct {
  guint left_live;
} LiveLog;

static void
on_state (IocVideo   *video,
          GParamSpec *pspec,
          LiveLog    *log)
{
  if (ioc_video_get_state (video) != IOC_VIDEO_STATE_LIVE)
    log->left_live++;
}

static void
test_sixty_seconds (void)
{
  IocCameraWall *wall = camera_wall ();
  IocVideoStats before[N_CAMS], after[N_CAMS];
  LiveLog log = { 0 };
  guint max_frames = 0;
  gint64 t0, t1;

  for (guint i = 0; i < N_CAMS; i++)
    {
      ioc_video_get_stats (ioc_camera_wall_get_tile_video (wall, i), &before[i]);
      g_signal_connect (ioc_camera_wall_get_tile_video (wall, i), "notify::state", G_CALLBACK (on_state), &log);
    }
  t0 = g_get_monotonic_time ();
  while (g_get_monotonic_time () - t0 < 60 * G_USEC_PER_SEC)
    {
      ioc_test_settle (500);
      max_frames = MAX (max_frames, ioc_video_count_frames ());
    }
  t1 = g_get_monotonic_time ();
  for (guint i = 0; i < N_CAMS; i++)
    {
      IocVideo *v = ioc_camera_wall_get_tile_video (wall, i);
      double fps;

      g_signal_handlers_disconnect_by_data (v, &log);
      ioc_video_get_stats (v, &after[i]);
      fps = (after[i].shown - before[i].shown) / ((t1 - t0) / 1e6);
      g_test_message ("tile %2u %s: %.1f fps shown, %" G_GUINT64_FORMAT " dropped, longest gap %.0f ms",
                      i, ioc_video_get_title (v), fps, after[i].dropped - before[i].dropped,
                      after[i].max_gap_us / 1000.0);
      /* No error, no stall, never out of "live". */
      g_assert_cmpuint (after[i].failures, ==, before[i].failures);
      g_assert_cmpuint (after[i].stalls, ==, before[i].stalls);
      g_assert_cmpint (ioc_video_get_state (v), ==, IOC_VIDEO_STATE_LIVE);
      g_assert_cmpuint (after[i].shown, >, before[i].shown);
    }
  g_assert_cmpuint (log.left_live, ==, 0);
  /* No leak of frames: each tile holds the one shown (a texture may also
   * be waiting in the renderer or the slot). */
  g_test_message ("frames alive at most: %u; pipelines: %u", max_frames, ioc_video_count_pipelines ());
  g_assert_cmpuint (max_frames, <=, 3 * N_CAMS);
  g_assert_cmpuint (ioc_video_count_pipelines (), ==, N_CAMS);
}

static gboolean
pipelines_at_most (gpointer data)
{
  return ioc_video_count_pipelines () <= GPOINTER_TO_UINT (data);
}

static void
test_enlarge (void)
{
  IocCameraWall *wall = camera_wall ();
  IocVideo *big;

  /* Keyboard: select tile 5, Return. */
  ioc_camera_wall_select_tile (wall, 5);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wall), "camera.enlarge", NULL));
  big = ioc_camera_wall_get_enlarged (wall);
  g_assert_nonnull (big);
  g_assert_cmpstr (ioc_video_get_title (big), ==,
                   ioc_video_get_title (ioc_camera_wall_get_tile_video (wall, 5)));
  ioc_test_video_wait_state (big, IOC_VIDEO_STATE_LIVE, 15000);
  /* Big: the main stream, and it alone is decoded. */
  g_assert_false (g_str_has_suffix (ioc_video_get_playing_uri (big), "-sub"));
  g_assert_true (ioc_test_until (pipelines_at_most, GUINT_TO_POINTER (1), 10000));
  for (guint i = 0; i < N_CAMS; i++)
    g_assert_cmpint (ioc_video_get_state (ioc_camera_wall_get_tile_video (wall, i)), ==, IOC_VIDEO_STATE_IDLE);
  ioc_test_settle (1000);
  g_assert_cmpint (gdk_texture_get_width (ioc_video_get_texture (big)), >=, 600);
  ioc_test_video_assert_colour_bars (ioc_video_get_texture (big), 48);
  ioc_test_video_screenshot ("camera-wall-enlarged.png", 0);

  /* Escape: back to the 16 tiles, live again by themselves. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wall), "camera.restore", NULL));
  g_assert_null (ioc_camera_wall_get_enlarged (wall));
  wait_all_live (wall, 30000);
}

typedef struct {
  IocModels  *models;
  const char *id;
  const char *state;
} PoliceWait;

static gboolean
police_state_is (gpointer data)
{
  PoliceWait *w = data;
  IocRecord *r = ioc_record_list_lookup (ioc_models_get_camera_events (w->models), w->id);
  return r != NULL && g_strcmp0 (ioc_record_get_string (r, "police_state"), w->state) == 0;
}

static gboolean
tile_highlighted (gpointer data)
{
  return ioc_camera_wall_get_tile_event (camera_wall (), GPOINTER_TO_UINT (data)) != NULL;
}

/* A real click (XTEST) on a camera's marker on the map wall of monitor 1:
 * the map is moved over the camera first, at a zoom where it stands alone. */
static GtkWidget *
find_map (GtkWidget *w)
{
  if (SHUMATE_IS_MAP (w))
    return w;
  for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *m = find_map (c);
      if (m != NULL)
        return m;
    }
  return NULL;
}

static void xdotool (const char *args);

typedef struct {
  IocCameraLive *live;
  const char    *id;
} LiveWait;

static gboolean
live_shows (gpointer data)
{
  LiveWait *w = data;
  return g_strcmp0 (ioc_camera_live_get_camera (w->live), w->id) == 0;
}

static void
click_camera_marker (IocMapWall *wall,
                     const char *id)
{
  GtkWidget *map = find_map (GTK_WIDGET (wall));
  ShumateViewport *viewport;
  IocRecord *c = ioc_record_list_lookup (ioc_models_get_cameras (ioc_application_get_models (app)), id);
  double x, y;
  graphene_point_t p;
  g_autofree char *cmd = NULL;
  LiveWait w = { IOC_CAMERA_LIVE (ioc_map_wall_get_camera_live (wall)), id };

  g_assert_nonnull (map);
  g_assert_nonnull (c);
  viewport = shumate_map_get_viewport (SHUMATE_MAP (map));
  shumate_viewport_set_zoom_level (viewport, 17);
  shumate_location_set_location (SHUMATE_LOCATION (viewport), ioc_record_get_double (c, "lat", 0),
                                 ioc_record_get_double (c, "lon", 0));
  {
    /* Right of the middle: the legend covers the left of the map. */
    double lat, lon;
    shumate_viewport_widget_coords_to_location (viewport, map, gtk_widget_get_width (map) * 0.3,
                                                gtk_widget_get_height (map) * 0.5, &lat, &lon);
    shumate_location_set_location (SHUMATE_LOCATION (viewport), lat, lon);
  }
  ioc_test_settle (800);
  shumate_viewport_location_to_widget_coords (viewport, map, ioc_record_get_double (c, "lat", 0),
                                              ioc_record_get_double (c, "lon", 0), &x, &y);
  g_assert_true (gtk_widget_compute_point (map, GTK_WIDGET (gtk_widget_get_root (map)),
                                           &GRAPHENE_POINT_INIT (x, y), &p));
  /* The map's window is fullscreen on monitor 1, at +1280+0. A slow run
   * (sanitizers) may still be laying the map out: try a few times. */
  cmd = g_strdup_printf ("mousemove %d %d click 1", 1280 + (int) p.x, (int) p.y);
  for (guint attempt = 0; attempt < 3 && !live_shows (&w); attempt++)
    {
      xdotool (cmd);
      ioc_test_until (live_shows, &w, 3000);
    }
  g_assert_true (live_shows (&w));
}

static char *event_id;

static gboolean
map_live (gpointer data)
{
  IocCameraLive *live = data;
  IocVideo *v = ioc_camera_live_get_video (live);
  return g_strcmp0 (ioc_camera_live_get_camera (live), "cam-003") == 0 &&
         ioc_video_get_state (v) == IOC_VIDEO_STATE_LIVE && ioc_video_get_texture (v) != NULL;
}

static void
test_ai_event (void)
{
  IocCameraWall *wall = camera_wall ();
  IocModels *models = ioc_application_get_models (app);
  guint rows = ioc_camera_wall_count_events (wall);
  guint status = 0;
  g_autoptr(JsonNode) answer = ioc_test_request (srv, "POST", "/api/v1/ingest/camera-events", admin,
    "{\"camera_id\":\"cam-003\",\"kind\":\"red_light\",\"plate\":\"47A-123.45\",\"confidence\":0.91,"
    "\"label\":\"car\"}", &status);
  g_autofree char *expect = NULL;
  IocMapWall *map = IOC_MAP_WALL (ioc_window_get_wall_widget (window_with_wall ("map"), "map"));
  IocCameraLive *live = IOC_CAMERA_LIVE (ioc_map_wall_get_camera_live (map));
  PoliceWait pw = { models, NULL, "forwarded" };

  g_assert_cmpuint (status, ==, 200);
  /* One event created. */
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (answer), "created"), ==, 1);
  /* Tile 2 shows cam-003: highlighted with the event's label. */
  g_assert_true (ioc_test_until (tile_highlighted, GUINT_TO_POINTER (2), 10000));
  expect = g_strdup_printf ("%s 47A-123.45", _("Red-light violation"));
  g_assert_cmpstr (ioc_camera_wall_get_tile_event (wall, 2), ==, expect);
  for (guint i = 0; i < N_CAMS; i++)
    if (i != 2)
      g_assert_null (ioc_camera_wall_get_tile_event (wall, i));
  g_assert_cmpuint (ioc_camera_wall_count_events (wall), ==, rows + 1);
  {
    IocRecordList *events = ioc_models_get_camera_events (models);
    guint n = g_list_model_get_n_items (G_LIST_MODEL (events));
    g_autoptr(IocRecord) r = g_list_model_get_item (G_LIST_MODEL (events), n - 1);
    event_id = g_strdup (ioc_record_get_id (r));
    g_assert_cmpstr (ioc_record_get_string (r, "camera_id"), ==, "cam-003");
  }
  /* No snapshot came with it: the frame of the live tile was kept. */
  g_assert_nonnull (ioc_camera_wall_get_event_picture (wall, event_id));
  ioc_test_video_assert_colour_bars (ioc_camera_wall_get_event_picture (wall, event_id), 48);
  ioc_test_video_screenshot ("camera-wall-event.png", 0);

  /* Selected: the camera big on this wall, the map (other monitor)
   * centred on it with its live view in the camera panel. */
  ioc_camera_wall_select_event (wall, event_id);
  g_assert_cmpstr (ioc_camera_wall_get_selected_event (wall), ==, event_id);
  g_assert_nonnull (ioc_camera_wall_get_enlarged (wall));
  ioc_test_video_wait_state (ioc_camera_wall_get_enlarged (wall), IOC_VIDEO_STATE_LIVE, 15000);
  g_assert_true (ioc_test_until (map_live, live, 15000));
  ioc_test_video_assert_colour_bars (ioc_video_get_texture (ioc_camera_live_get_video (live)), 48);
  ioc_test_video_screenshot ("map-camera-event.png", 1);
  ioc_test_video_screenshot ("camera-wall-event-selected.png", 0);
  /* A click on another camera's marker: its live view in the panel. */
  click_camera_marker (map, "cam-004");
  {
    IocVideo *v = ioc_camera_live_get_video (live);
    g_assert_cmpstr (ioc_camera_live_get_camera (live), ==, "cam-004");
    ioc_test_video_wait_state (v, IOC_VIDEO_STATE_LIVE, 15000);
    ioc_test_video_assert_colour_bars (ioc_video_get_texture (v), 48);
  }
  ioc_test_video_screenshot ("map-camera-live.png", 1);

  /* Forward to the police (a supervisor may): the state comes back
   * through the stream; then it cannot be forwarded again. */
  g_assert_true (ioc_camera_wall_can_forward (wall));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wall), "camera.forward", NULL));
  pw.id = event_id;
  g_assert_true (ioc_test_until (police_state_is, &pw, 10000));
  ioc_test_settle (300);
  g_assert_false (ioc_camera_wall_can_forward (wall));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wall), "camera.restore", NULL));
}

typedef struct {
  IocCameraWall *wall;
  IocModels     *models;
  guint          n;
} SnapshotWait;

static gboolean
event_picture_fetched (gpointer data)
{
  SnapshotWait *w = data;
  IocRecordList *events = ioc_models_get_camera_events (w->models);
  g_autoptr(IocRecord) r = NULL;
  GdkTexture *t;

  if (g_list_model_get_n_items (G_LIST_MODEL (events)) <= w->n)
    return FALSE;
  r = g_list_model_get_item (G_LIST_MODEL (events), g_list_model_get_n_items (G_LIST_MODEL (events)) - 1);
  t = ioc_camera_wall_get_event_picture (w->wall, ioc_record_get_id (r));
  /* The base-map tile iocd serves: 256×256, not a video frame. */
  return t != NULL && gdk_texture_get_width (t) == 256 && gdk_texture_get_height (t) == 256;
}

static void
test_event_snapshot_url (void)
{
  IocModels *models = ioc_application_get_models (app);
  SnapshotWait w = { camera_wall (), models, g_list_model_get_n_items (G_LIST_MODEL (ioc_models_get_camera_events (models))) };
  /* A camera not on the wall: the picture can only come from the URL
   * (any PNG over http does; iocd's tiles are one). */
  g_autofree char *body = g_strdup_printf ("{\"camera_id\":\"cam-050\",\"kind\":\"intrusion\","
                                           "\"snapshot_url\":\"%s/tiles/12/3276/1901.png\"}", srv->base_url);
  guint status = 0;
  g_autoptr(JsonNode) answer = ioc_test_request (srv, "POST", "/api/v1/ingest/camera-events", admin, body, &status);

  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (answer), "created"), ==, 1);
  /* Fetched with libsoup, decoded in a worker thread. */
  g_assert_true (ioc_test_until (event_picture_fetched, &w, 15000));
}

static void
test_leader_reads_only (void)
{
  g_autoptr(IocModels) models = ct_models_signed_in (srv->base_url, "leader");
  GtkWindow *win;
  GtkWidget *wall;
  guint status = 0;

  {
    /* A fresh event, not forwarded. */
    g_autoptr(JsonNode) a = ioc_test_request (srv, "POST", "/api/v1/ingest/camera-events", admin,
                                              "{\"camera_id\":\"cam-024\",\"kind\":\"crowd\"}", &status);
    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (a), "created"), ==, 1);
  }
  win = GTK_WINDOW (gtk_window_new ());
  wall = ioc_camera_wall_new (models);
  gtk_window_set_child (win, wall);
  gtk_window_present (win);
  ioc_test_settle (1500);
  {
    IocRecordList *events = ioc_models_get_camera_events (models);
    g_autoptr(IocRecord) r = g_list_model_get_item (G_LIST_MODEL (events), g_list_model_get_n_items (G_LIST_MODEL (events)) - 1);
    g_assert_cmpstr (ioc_record_get_string (r, "police_state"), ==, "none");
    ioc_camera_wall_select_event (IOC_CAMERA_WALL (wall), ioc_record_get_id (r));
  }
  /* Leaders see the event and its state, not the action. */
  g_assert_false (ioc_camera_wall_can_forward (IOC_CAMERA_WALL (wall)));
  gtk_window_destroy (win);
  ioc_client_stop (ioc_models_get_client (models));
}

static void
test_layouts (void)
{
  IocCameraWall *wall = camera_wall ();
  g_autoptr(GSettings) settings = g_settings_new (APP_SCHEMA);
  g_auto(GStrv) names = NULL;
  g_autoptr(GVariant) current = NULL;
  g_autoptr(GVariant) cams = NULL;
  guint columns = 0;

  ioc_camera_wall_set_columns (wall, 2);
  ioc_camera_wall_set_tile_camera (wall, 0, "cam-010");
  ioc_camera_wall_set_tile_camera (wall, 1, "cam-011");
  ioc_camera_wall_set_tile_camera (wall, 2, NULL);
  ioc_camera_wall_set_tile_camera (wall, 3, "cam-013");
  g_assert_true (ioc_camera_wall_save_layout (wall, "Ngã tư Buôn Ma Thuột"));
  names = ioc_camera_wall_list_layouts (wall);
  g_assert_true (g_strv_contains ((const char *const *) names, "Ngã tư Buôn Ma Thuột"));

  /* Something else, then the layout back. */
  fill_4x4 (wall);
  g_assert_true (ioc_camera_wall_load_layout (wall, "Ngã tư Buôn Ma Thuột"));
  g_assert_cmpuint (ioc_camera_wall_get_columns (wall), ==, 2);
  g_assert_cmpstr (ioc_camera_wall_get_tile_camera (wall, 0), ==, "cam-010");
  g_assert_cmpstr (ioc_camera_wall_get_tile_camera (wall, 1), ==, "cam-011");
  g_assert_null (ioc_camera_wall_get_tile_camera (wall, 2));
  g_assert_cmpstr (ioc_camera_wall_get_tile_camera (wall, 3), ==, "cam-013");
  g_assert_false (ioc_camera_wall_load_layout (wall, "no such layout"));

  /* The screen's tiles are remembered for the next start, per monitor
   * (written a second after the last change). */
  ioc_test_settle (2500);
  current = g_settings_get_value (settings, "camera-current");
  g_assert_true (g_variant_lookup (current, "DUMMY0", "(u@as)", &columns, &cams));
  g_assert_cmpuint (columns, ==, 2);
  g_assert_cmpstr (g_variant_get_string (g_variant_get_child_value (cams, 0), NULL), ==, "cam-010");
  {
    /* Saved for this monitor only. */
    g_autoptr(GVariant) all = g_settings_get_value (settings, "camera-layouts");
    const char *monitor = NULL, *name = NULL;
    g_assert_cmpuint (g_variant_n_children (all), ==, 1);
    g_variant_get_child (all, 0, "(&s&su@as)", &monitor, &name, NULL, NULL);
    g_assert_cmpstr (monitor, ==, "DUMMY0");
  }
}

static void
test_tour (void)
{
  IocCameraWall *wall = camera_wall ();
  g_autoptr(GSettings) settings = g_settings_new (APP_SCHEMA);

  /* 2×2: pages of four cameras of the list (132 in the demo: 33 pages). */
  g_settings_set_uint (settings, "camera-tour-interval", 5);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wall), "camera.tour", NULL));
  g_assert_true (ioc_camera_wall_get_tour (wall));
  g_assert_cmpuint (ioc_camera_wall_get_page (wall), ==, 0);
  g_assert_cmpstr (ioc_camera_wall_get_tile_camera (wall, 0), ==, "cam-001");
  g_assert_cmpstr (ioc_camera_wall_get_tile_camera (wall, 3), ==, "cam-004");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wall), "camera.next-page", NULL));
  g_assert_cmpuint (ioc_camera_wall_get_page (wall), ==, 1);
  g_assert_cmpstr (ioc_camera_wall_get_tile_camera (wall, 0), ==, "cam-005");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wall), "camera.previous-page", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wall), "camera.previous-page", NULL));
  /* Before the first page: the last one. */
  g_assert_cmpuint (ioc_camera_wall_get_page (wall), ==, 32);
  /* By itself, every 5 s: the next page within 7 s, wrapping to the first. */
  ioc_test_settle (6500);
  g_assert_cmpuint (ioc_camera_wall_get_page (wall), ==, 0);
  g_settings_set_uint (settings, "camera-tour-interval", 60);
  ioc_test_video_wait_state (ioc_camera_wall_get_tile_video (wall, 0), IOC_VIDEO_STATE_LIVE, 15000);
  ioc_test_video_screenshot ("camera-wall-tour.png", 0);
  /* Off: the tiles from before the tour. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wall), "camera.tour", NULL));
  g_assert_false (ioc_camera_wall_get_tour (wall));
  g_assert_cmpstr (ioc_camera_wall_get_tile_camera (wall, 0), ==, "cam-010");
  g_assert_null (ioc_camera_wall_get_tile_camera (wall, 2));
}

static gboolean
feedback_saved (gpointer data)
{
  return g_str_has_prefix (ioc_camera_wall_get_feedback (camera_wall ()), data);
}

static void
test_snapshot (void)
{
  IocCameraWall *wall = camera_wall ();
  g_autofree char *prefix = g_strdup_printf (_("Snapshot saved: %s"), "");
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint found = 0;

  ioc_camera_wall_set_columns (wall, 2);
  ioc_camera_wall_set_tile_camera (wall, 0, "cam-001");
  ioc_camera_wall_select_tile (wall, 0);
  ioc_test_video_wait_state (ioc_camera_wall_get_tile_video (wall, 0), IOC_VIDEO_STATE_LIVE, 15000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wall), "camera.snapshot", NULL));
  g_assert_true (ioc_test_until (feedback_saved, prefix, 10000));
  dir = g_dir_open (snapshot_dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (snapshot_dir, name, NULL);
      g_autoptr(GdkTexture) t = NULL;
      g_autoptr(GError) error = NULL;

      /* The demo's name of cam-001 and the time. */
      g_assert_true (g_str_has_prefix (name, "CA tỉnh 01 — nút giao 1 "));
      g_assert_true (g_str_has_suffix (name, ".png"));
      t = gdk_texture_new_from_filename (path, &error);
      g_assert_no_error (error);
      ioc_test_video_assert_colour_bars (t, 48);
      found++;
    }
  g_assert_cmpuint (found, ==, 1);
}

static void
test_camera_goes_dark (void)
{
  IocCameraWall *wall = camera_wall ();
  IocVideo *v;

  fill_4x4 (wall);
  wait_all_live (wall, 30000);
  v = ioc_camera_wall_get_tile_video (wall, 15);
  ioc_test_rtsp_command (sim, "stop", "cam-016");
  ioc_test_video_wait_state (v, IOC_VIDEO_STATE_OFFLINE, 5000);
  ioc_test_video_screenshot ("camera-wall-offline.png", 0);
  ioc_test_rtsp_command (sim, "start", "cam-016");
  ioc_test_video_wait_state (v, IOC_VIDEO_STATE_LIVE, 10000);
}

/* ---- a real drag with the mouse (XTEST) ------------------------------- */

static void
xdotool (const char *args)
{
  g_autofree char *cmd = g_strdup_printf ("xdotool %s", args);
  int status = 0;

  g_assert_true (g_spawn_command_line_sync (cmd, NULL, NULL, &status, NULL));
  g_assert_cmpint (status, ==, 0);
}

static gboolean
tile_has (gpointer data)
{
  return g_strcmp0 (ioc_camera_wall_get_tile_camera (camera_wall (), 1), data) == 0;
}

/* Press, move in steps (past GTK's drag threshold), release. */
static void
drag (double x0,
      double y0,
      double x1,
      double y1)
{
  g_autofree char *start = g_strdup_printf ("mousemove %d %d", (int) x0, (int) y0);

  xdotool (start);
  ioc_test_settle (200);
  xdotool ("mousedown 1");
  ioc_test_settle (200);
  for (int step = 1; step <= 10; step++)
    {
      g_autofree char *m = g_strdup_printf ("mousemove %d %d", (int) (x0 + (x1 - x0) * step / 10),
                                            (int) (y0 + (y1 - y0) * step / 10));
      xdotool (m);
      ioc_test_settle (60);
    }
  ioc_test_settle (300);
  xdotool ("mouseup 1");
}

static gboolean
tile0_has (gpointer data)
{
  return g_strcmp0 (ioc_camera_wall_get_tile_camera (camera_wall (), 0), data) == 0;
}

static gboolean
enlarged (gpointer data)
{
  return ioc_camera_wall_get_enlarged (camera_wall ()) != NULL;
}

static gboolean
back_to_grid (gpointer data)
{
  return ioc_camera_wall_get_enlarged (camera_wall ()) == NULL;
}

static void
test_drag_from_list (void)
{
  IocCameraWall *wall = camera_wall ();
  GtkWidget *root = GTK_WIDGET (window_with_wall ("cameras"));
  GtkWidget *search = NULL;
  graphene_rect_t tile, row;

  ioc_camera_wall_set_columns (wall, 2);
  ioc_camera_wall_set_tile_camera (wall, 1, "cam-002");
  /* Narrow the list to one camera: its row is the first. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wall), "camera.search", NULL));
  search = gtk_root_get_focus (GTK_ROOT (root));
  g_assert_true (GTK_IS_TEXT (search));
  gtk_editable_set_text (GTK_EDITABLE (search), "cam-077");
  ioc_test_settle (800);
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (ioc_camera_wall_get_tile_video (wall, 1)), root, &tile));
  {
    /* The first row of the list sits below the search entry. */
    GtkWidget *entry = gtk_widget_get_ancestor (search, GTK_TYPE_SEARCH_ENTRY);
    graphene_rect_t e;
    g_assert_true (gtk_widget_compute_bounds (entry, root, &e));
    graphene_rect_init (&row, e.origin.x + 40, e.origin.y + e.size.height + 18, 10, 10);
  }
  drag (row.origin.x, row.origin.y, tile.origin.x + tile.size.width / 2, tile.origin.y + tile.size.height / 2);
  g_assert_true (ioc_test_until (tile_has, (gpointer) "cam-077", 5000));
  gtk_editable_set_text (GTK_EDITABLE (search), "");

  /* A double-click enlarges the tile, Escape goes back to the grid. */
  {
    g_autofree char *m = g_strdup_printf ("mousemove %d %d click --repeat 2 --delay 80 1",
                                          (int) (tile.origin.x + tile.size.width / 2),
                                          (int) (tile.origin.y + tile.size.height / 2));
    xdotool (m);
  }
  g_assert_true (ioc_test_until (enlarged, NULL, 5000));
  g_assert_cmpstr (ioc_video_get_title (ioc_camera_wall_get_enlarged (wall)), ==, "CA P. Thống Nhất 054");
  xdotool ("key Escape");
  g_assert_true (ioc_test_until (back_to_grid, NULL, 5000));

  /* From the map (the other monitor's window): its camera panel's live
   * picture dragged onto tile 0. */
  {
    IocMapWall *map = IOC_MAP_WALL (ioc_window_get_wall_widget (window_with_wall ("map"), "map"));
    IocCameraLive *live = IOC_CAMERA_LIVE (ioc_map_wall_get_camera_live (map));
    GtkWidget *lv = GTK_WIDGET (ioc_camera_live_get_video (live));
    graphene_rect_t from, to;

    ioc_map_wall_show_camera (map, "cam-005");
    ioc_test_video_wait_state (IOC_VIDEO (lv), IOC_VIDEO_STATE_LIVE, 15000);
    g_assert_true (gtk_widget_compute_bounds (lv, GTK_WIDGET (gtk_widget_get_root (lv)), &from));
    g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (ioc_camera_wall_get_tile_video (wall, 0)), root, &to));
    drag (1280 + from.origin.x + from.size.width / 2, from.origin.y + from.size.height / 2,
          to.origin.x + to.size.width / 2, to.origin.y + to.size.height / 2);
    g_assert_true (ioc_test_until (tile0_has, (gpointer) "cam-005", 5000));
  }
}

/* ---- a camera with an account ---------------------------------------- */

typedef struct {
  const char *id;
  gboolean    auth;
} RecordWait;

static gboolean
record_has_auth (gpointer data)
{
  RecordWait *w = data;
  IocRecord *c = ioc_record_list_lookup (ioc_models_get_cameras (ioc_application_get_models (app)), w->id);
  return c != NULL && json_object_get_boolean_member_with_default (ioc_record_get_data (c), "rtsp_auth", FALSE) == w->auth;
}

static void
set_camera_address (const char *id,
                    const char *main_uri)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/cameras/%s", id);
  g_autofree char *body = g_strdup_printf ("{\"rtsp_main\":\"%s\",\"rtsp_sub\":null}", main_uri);
  guint status = 0;
  g_autoptr(JsonNode) answer = ioc_test_request (srv, "PATCH", path, admin, body, &status);
  RecordWait w = { id, TRUE };

  g_assert_cmpuint (status, ==, 200);
  /* iocd keeps the account out of what it lists … */
  g_assert_null (strstr (json_object_get_string_member (json_node_get_object (answer), "rtsp_main"), "Cam-1022"));
  /* … and the console learns of the change from the stream. */
  g_assert_true (ioc_test_until (record_has_auth, &w, 10000));
}

/* The province's cameras ask for an account: the console asks iocd for the
 * full address (GET /api/v1/cameras/{id}/stream) and plays it; a wrong
 * password is said on the tile. */
static void
test_camera_account (void)
{
  static const char *const args[] = { "--auth", "ioc:Cam-1022", NULL };
  g_autoptr(IocTestRtsp) locked = ioc_test_rtsp_start (1, args);
  g_autofree char *plain = ioc_test_rtsp_uri (locked, "cam-001", FALSE);
  g_autofree char *good = g_strdup_printf ("rtsp://ioc:Cam-1022@%s", plain + strlen ("rtsp://"));
  g_autofree char *bad = g_strdup_printf ("rtsp://ioc:wrong-1022@%s", plain + strlen ("rtsp://"));
  IocCameraWall *wall = camera_wall ();
  IocRecord *c;
  IocVideo *v;

  set_camera_address ("cam-020", good);
  set_camera_address ("cam-021", bad);
  c = ioc_record_list_lookup (ioc_models_get_cameras (ioc_application_get_models (app)), "cam-020");
  g_assert_null (strstr (ioc_record_get_string (c, "rtsp_main"), "Cam-1022"));

  ioc_camera_wall_set_columns (wall, 2);
  ioc_camera_wall_set_tile_camera (wall, 0, "cam-020");
  ioc_camera_wall_set_tile_camera (wall, 1, "cam-021");
  v = ioc_camera_wall_get_tile_video (wall, 0);
  ioc_test_video_wait_state (v, IOC_VIDEO_STATE_LIVE, 20000);
  g_assert_cmpstr (ioc_video_get_playing_uri (v), ==, good);
  ioc_test_settle (500);
  ioc_test_video_assert_colour_bars (ioc_video_get_texture (v), 48);

  v = ioc_camera_wall_get_tile_video (wall, 1);
  ioc_test_video_wait_state (v, IOC_VIDEO_STATE_ERROR, 20000);
  g_assert_cmpstr (ioc_video_get_message (v), ==, _("The camera refused the sign-in"));

  /* The wall plays the registry's addresses again for the other tests. */
  ioc_camera_wall_set_tile_camera (wall, 0, NULL);
  ioc_camera_wall_set_tile_camera (wall, 1, NULL);
}

/* ---- setup ------------------------------------------------------------ */

static gboolean
walls_ready (gpointer data)
{
  IocModels *m = ioc_application_get_models (app);
  return m != NULL && ioc_models_is_loaded (m) && window_with_wall ("cameras") != NULL &&
         window_with_wall ("map") != NULL && gtk_widget_get_mapped (GTK_WIDGET (window_with_wall ("cameras")));
}

static void
point_cameras_at_sim (void)
{
  for (guint i = 0; i < N_CAMS; i++)
    {
      g_autofree char *id = cam_id (i);
      g_autofree char *path = g_strdup_printf ("/api/v1/cameras/%s", id);
      g_autofree char *main_uri = ioc_test_rtsp_uri (sim, id, FALSE);
      g_autofree char *sub_uri = ioc_test_rtsp_uri (sim, id, TRUE);
      g_autofree char *body = g_strdup_printf ("{\"rtsp_main\":\"%s\",\"rtsp_sub\":\"%s\"}", main_uri, sub_uri);
      guint status = 0;
      g_autoptr(JsonNode) answer = ioc_test_request (srv, "PATCH", path, admin, body, &status);
      g_assert_cmpuint (status, ==, 200);
      g_assert_cmpstr (json_object_get_string_member (json_node_get_object (answer), "rtsp_sub"), ==, sub_uri);
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
  ioc_test_tolerate_rtspsrc_seqnum ();

  sim = ioc_test_rtsp_start (N_CAMS, NULL);
  srv = ioc_test_server_start (TRUE, NULL);
  admin = ioc_test_login (srv, "admin", "admin-demo-1022");
  point_cameras_at_sim ();
  snapshot_dir = g_dir_make_tmp ("ioc-snapshots-XXXXXX", NULL);
  {
    /* The camera wall on the first monitor, the map on the second. */
    g_autoptr(GSettings) settings = g_settings_new (APP_SCHEMA);
    GVariantBuilder b;
    g_variant_builder_init (&b, G_VARIANT_TYPE ("a{ss}"));
    g_variant_builder_add (&b, "{ss}", "DUMMY0", "cameras");
    g_variant_builder_add (&b, "{ss}", "DUMMY1", "map");
    g_settings_set_value (settings, "wall-assignments", g_variant_builder_end (&b));
    g_settings_set_string (settings, "camera-snapshot-dir", snapshot_dir);
  }

  app = ioc_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  ioc_application_sign_in (app, srv->base_url, "supervisor", "supervisor-demo-1022");
  g_assert_true (ioc_test_until (walls_ready, NULL, 30000));
  ioc_test_settle (1500);

  ioc_test_add_video_func ("/camera-wall/1-grid-live", test_grid_live);
  ioc_test_add_video_func ("/camera-wall/2-sixty-seconds", test_sixty_seconds);
  ioc_test_add_video_func ("/camera-wall/3-enlarge", test_enlarge);
  ioc_test_add_video_func ("/camera-wall/4-ai-event", test_ai_event);
  ioc_test_add_video_func ("/camera-wall/4b-event-snapshot-url", test_event_snapshot_url);
  ioc_test_add_video_func ("/camera-wall/5-leader-reads-only", test_leader_reads_only);
  ioc_test_add_video_func ("/camera-wall/6-layouts", test_layouts);
  ioc_test_add_video_func ("/camera-wall/7-tour", test_tour);
  ioc_test_add_video_func ("/camera-wall/8-snapshot", test_snapshot);
  ioc_test_add_video_func ("/camera-wall/9-camera-goes-dark", test_camera_goes_dark);
  ioc_test_add_video_func ("/camera-wall/10-drag-from-list", test_drag_from_list);
  ioc_test_add_video_func ("/camera-wall/11-camera-account", test_camera_account);
  ret = g_test_run ();
  if (ioc_test_rtspsrc_seqnum_count () > 0)
    g_printerr ("rtspsrc seqnum critical (GStreamer 1.22, tolerated): %u times\n", ioc_test_rtspsrc_seqnum_count ());

  g_application_quit (G_APPLICATION (app));
  g_clear_object (&app);
  ioc_test_server_free (srv);
  ioc_test_rtsp_free (sim);
  g_free (admin);
  g_free (event_id);
  if (snapshot_dir != NULL)
    {
      g_autoptr(GDir) dir = g_dir_open (snapshot_dir, 0, NULL);
      const char *name;
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (snapshot_dir, name, NULL);
          g_unlink (path);
        }
      g_rmdir (snapshot_dir);
      g_free (snapshot_dir);
    }
  return ret;
}
