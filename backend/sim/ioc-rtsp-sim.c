/* ioc-rtsp-sim — the simulated cameras: an RTSP server with N live H.264 feeds
 *
 *   ioc-rtsp-sim [--address 127.0.0.1] [--port 8554] [--cameras 132]
 *                [--camera ID=NAME]... [--size 640x360] [--sub-size 320x180]
 *                [--fps 15] [--pattern smpte] [--codec h264] [--lifetime SEC]
 *                [--auth USER:PASSWORD]
 *
 * Each camera ID (cam-001 … cam-NNN unless named with --camera) has two
 * mounts, as the demo's camera registry expects:
 *
 *   rtsp://ADDR:PORT/ID       main stream (--size)
 *   rtsp://ADDR:PORT/ID-sub   sub-stream (--sub-size), for small tiles
 *
 * Every picture shows a test pattern (videotestsrc --pattern, SMPTE bars by
 * default, so that a viewer can check colours at known places), the camera's
 * name top left, the local date and time top right, and a machine-readable
 * capture stamp along the bottom edge (ioc-sim-timecode.h) for latency
 * measurements. H.264 constrained-baseline 4:2:0, an IDR frame every second,
 * so a viewer that joins decodes within a second (--codec jpeg or vp8 serve
 * Motion JPEG or VP8 instead, to test how viewers handle a camera that does
 * not send H.264). With --auth every mount asks for that account (RTSP
 * Basic authentication), as the province's cameras do. A stream is encoded only
 * while somebody watches it, and once for all its viewers (shared media).
 *
 * Control, one command a line on standard input (answers on stdout):
 *
 *   stop ID     the camera goes dark: both mounts are removed and every
 *               viewer's connection to it is closed (as a camera that loses
 *               power or network). Answers "stopped ID".
 *   start ID    it comes back. Answers "started ID".
 *   list        "camera ID up|down NAME" per camera, then "end".
 *   quit        exits.
 *
 * When listening it prints PORT=N and URL=rtsp://ADDR:N/ on stdout (flushed;
 * --port 0 takes a free port). Stops on SIGINT/SIGTERM, at end of standard
 * input only with --exit-on-eof, or after --lifetime seconds.
 */
#include "config.h"

#include "ioc-sim-timecode.h"

#include <gio/gio.h>
#include <gio/gunixinputstream.h>
#include <glib-unix.h>
#include <gst/gst.h>
#include <gst/rtsp-server/rtsp-server.h>
#include <gst/video/video.h>
#include <stdio.h>
#include <string.h>

typedef struct {
  char     *id;
  char     *name;
  gboolean  up;
} Camera;

typedef struct {
  GMainLoop          *loop;
  GstRTSPServer      *server;
  GPtrArray          *cameras;   /* Camera* */
  GHashTable         *by_id;     /* id → Camera* (borrowed) */
  int                 width, height, sub_width, sub_height, fps;
  char               *pattern;
  char               *codec;
  GDataInputStream   *stdin_lines;
  GCancellable       *cancellable;
  gboolean            exit_on_eof;
  gboolean            auth;      /* mounts need the --auth account */
} Sim;

static void
camera_free (gpointer data)
{
  Camera *c = data;

  g_free (c->id);
  g_free (c->name);
  g_free (c);
}

/* ---- the capture stamp ------------------------------------------------ */

static GstPadProbeReturn
stamp_probe (GstPad          *pad,
             GstPadProbeInfo *info,
             gpointer         user_data)
{
  GstBuffer *buf = GST_PAD_PROBE_INFO_BUFFER (info);
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
  GstVideoInfo vinfo;
  GstVideoFrame frame;
  guint32 stamp = ioc_timecode_now ();
  int bw;

  if (caps == NULL || !gst_video_info_from_caps (&vinfo, caps) ||
      GST_VIDEO_INFO_FORMAT (&vinfo) != GST_VIDEO_FORMAT_I420)
    return GST_PAD_PROBE_OK;
  bw = GST_VIDEO_INFO_WIDTH (&vinfo) / IOC_TIMECODE_DIVISOR;
  if (bw < 2 || bw > GST_VIDEO_INFO_HEIGHT (&vinfo))
    return GST_PAD_PROBE_OK;

  buf = gst_buffer_make_writable (buf);
  GST_PAD_PROBE_INFO_DATA (info) = buf;
  if (!gst_video_frame_map (&frame, &vinfo, buf, GST_MAP_WRITE))
    return GST_PAD_PROBE_OK;
  {
    guint8 *y = GST_VIDEO_FRAME_PLANE_DATA (&frame, 0);
    guint8 *u = GST_VIDEO_FRAME_PLANE_DATA (&frame, 1);
    guint8 *v = GST_VIDEO_FRAME_PLANE_DATA (&frame, 2);
    int ys = GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0);
    int us = GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 1);
    int vs = GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 2);
    int h = GST_VIDEO_FRAME_HEIGHT (&frame);
    int top = h - bw;

    for (int i = 0; i < IOC_TIMECODE_BITS; i++)
      {
        guint8 luma = (stamp >> (IOC_TIMECODE_BITS - 1 - i)) & 1 ? 235 : 16;
        for (int row = top; row < h; row++)
          memset (y + (gsize) row * ys + (gsize) i * bw, luma, bw);
        for (int row = top / 2; row < h / 2; row++)
          {
            memset (u + (gsize) row * us + (gsize) i * bw / 2, 128, bw / 2);
            memset (v + (gsize) row * vs + (gsize) i * bw / 2, 128, bw / 2);
          }
      }
  }
  gst_video_frame_unmap (&frame);
  return GST_PAD_PROBE_OK;
}

static void
on_media_configure (GstRTSPMediaFactory *factory,
                    GstRTSPMedia        *media,
                    gpointer             user_data)
{
  g_autoptr(GstElement) bin = gst_rtsp_media_get_element (media);
  g_autoptr(GstElement) stamp = gst_bin_get_by_name (GST_BIN (bin), "stamp");
  g_autoptr(GstPad) pad = NULL;

  if (stamp == NULL)
    return;
  pad = gst_element_get_static_pad (stamp, "src");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, stamp_probe, NULL, NULL);
}

/* ---- mounts ----------------------------------------------------------- */

static char *
escape_text (const char *text)
{
  /* Inside a double-quoted gst-launch value: escape \ and ". */
  GString *s = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (s, '\\');
      g_string_append_c (s, *p);
    }
  return g_string_free (s, FALSE);
}

static GstRTSPMediaFactory *
make_factory (Sim    *sim,
              Camera *c,
              int     width,
              int     height)
{
  GstRTSPMediaFactory *factory = gst_rtsp_media_factory_new ();
  g_autofree char *text = escape_text (c->name);
  int font = height >= 300 ? 14 : 8;
  int kbps = MAX (100, width * height * sim->fps / 4000);
  g_autofree char *encoder = NULL;
  g_autofree char *launch = NULL;

  if (g_str_equal (sim->codec, "jpeg"))
    encoder = g_strdup ("jpegenc quality=70 ! rtpjpegpay name=pay0 pt=26");
  else if (g_str_equal (sim->codec, "vp8"))
    encoder = g_strdup_printf ("vp8enc deadline=1 keyframe-max-dist=%d target-bitrate=%d ! rtpvp8pay name=pay0 pt=96",
                               sim->fps, kbps * 1000);
  else
    encoder = g_strdup_printf ("x264enc tune=zerolatency speed-preset=ultrafast key-int-max=%d bitrate=%d"
                               " ! video/x-h264,profile=constrained-baseline"
                               " ! rtph264pay name=pay0 pt=96 config-interval=1", sim->fps, kbps);
  launch = g_strdup_printf (
    "( videotestsrc is-live=true pattern=%s"
    " ! video/x-raw,format=I420,width=%d,height=%d,framerate=%d/1"
    " ! textoverlay text=\"%s\" valignment=top halignment=left font-desc=\"Sans Bold %d\" shaded-background=true"
    " ! clockoverlay time-format=\"%%Y-%%m-%%d %%H:%%M:%%S\" valignment=top halignment=right font-desc=\"Sans Bold %d\" shaded-background=true"
    " ! identity name=stamp"
    " ! %s )",
    sim->pattern, width, height, sim->fps, text, font, font, encoder);

  gst_rtsp_media_factory_set_launch (factory, launch);
  gst_rtsp_media_factory_set_shared (factory, TRUE);
  if (sim->auth)
    gst_rtsp_media_factory_add_role (factory, "camera-user",
                                     GST_RTSP_PERM_MEDIA_FACTORY_ACCESS, G_TYPE_BOOLEAN, TRUE,
                                     GST_RTSP_PERM_MEDIA_FACTORY_CONSTRUCT, G_TYPE_BOOLEAN, TRUE, NULL);
  g_signal_connect (factory, "media-configure", G_CALLBACK (on_media_configure), sim);
  return factory;
}

static void
mount_camera (Sim    *sim,
              Camera *c)
{
  g_autoptr(GstRTSPMountPoints) mounts = gst_rtsp_server_get_mount_points (sim->server);
  g_autofree char *main_path = g_strdup_printf ("/%s", c->id);
  g_autofree char *sub_path = g_strdup_printf ("/%s-sub", c->id);

  gst_rtsp_mount_points_add_factory (mounts, main_path, make_factory (sim, c, sim->width, sim->height));
  gst_rtsp_mount_points_add_factory (mounts, sub_path, make_factory (sim, c, sim->sub_width, sim->sub_height));
  c->up = TRUE;
}

typedef struct {
  const char *main_path;
  const char *sub_path;
  gboolean    watching;
} KickData;

static GstRTSPFilterResult
session_media_filter (GstRTSPSession      *session,
                      GstRTSPSessionMedia *media,
                      gpointer             user_data)
{
  KickData *k = user_data;
  gint matched = 0;

  if (gst_rtsp_session_media_matches (media, k->main_path, &matched) ||
      gst_rtsp_session_media_matches (media, k->sub_path, &matched))
    k->watching = TRUE;
  return GST_RTSP_FILTER_KEEP;
}

static GstRTSPFilterResult
client_session_filter (GstRTSPClient  *client,
                       GstRTSPSession *session,
                       gpointer        user_data)
{
  gst_rtsp_session_filter (session, session_media_filter, user_data);
  return GST_RTSP_FILTER_KEEP;
}

static GstRTSPFilterResult
client_filter (GstRTSPServer *server,
               GstRTSPClient *client,
               gpointer       user_data)
{
  KickData *k = user_data;

  k->watching = FALSE;
  gst_rtsp_client_session_filter (client, client_session_filter, k);
  /* A viewer of the dark camera loses its connection, as with a real one. */
  return k->watching ? GST_RTSP_FILTER_REMOVE : GST_RTSP_FILTER_KEEP;
}

static void
unmount_camera (Sim    *sim,
                Camera *c)
{
  g_autoptr(GstRTSPMountPoints) mounts = gst_rtsp_server_get_mount_points (sim->server);
  g_autofree char *main_path = g_strdup_printf ("/%s", c->id);
  g_autofree char *sub_path = g_strdup_printf ("/%s-sub", c->id);
  KickData k = { main_path, sub_path, FALSE };

  gst_rtsp_mount_points_remove_factory (mounts, main_path);
  gst_rtsp_mount_points_remove_factory (mounts, sub_path);
  gst_rtsp_server_client_filter (sim->server, client_filter, &k);
  c->up = FALSE;
}

/* ---- control ---------------------------------------------------------- */

static void read_next_line (Sim *sim);

static void
answer (const char *format, ...) G_GNUC_PRINTF (1, 2);

static void
answer (const char *format, ...)
{
  va_list args;

  va_start (args, format);
  vprintf (format, args);
  va_end (args);
  putchar ('\n');
  fflush (stdout);
}

static void
run_command (Sim        *sim,
             const char *line)
{
  g_auto(GStrv) words = g_strsplit_set (g_strstrip ((char *) line), " \t", 2);
  const char *verb = words[0] != NULL ? words[0] : "";
  const char *arg = words[0] != NULL && words[1] != NULL ? g_strstrip (words[1]) : NULL;
  Camera *c = arg != NULL ? g_hash_table_lookup (sim->by_id, arg) : NULL;

  if (*verb == '\0')
    return;
  if (strcmp (verb, "quit") == 0)
    {
      g_main_loop_quit (sim->loop);
      return;
    }
  if (strcmp (verb, "list") == 0)
    {
      for (guint i = 0; i < sim->cameras->len; i++)
        {
          Camera *k = g_ptr_array_index (sim->cameras, i);
          answer ("camera %s %s %s", k->id, k->up ? "up" : "down", k->name);
        }
      answer ("end");
      return;
    }
  if (strcmp (verb, "stop") == 0 || strcmp (verb, "start") == 0)
    {
      gboolean start = verb[2] == 'a';
      if (c == NULL)
        {
          answer ("error unknown camera %s", arg != NULL ? arg : "(none)");
          return;
        }
      if (start && !c->up)
        mount_camera (sim, c);
      else if (!start && c->up)
        unmount_camera (sim, c);
      g_message ("%s %s", start ? "started" : "stopped", c->id);
      answer ("%s %s", start ? "started" : "stopped", c->id);
      return;
    }
  answer ("error unknown command %s (stop ID, start ID, list, quit)", verb);
}

static void
on_line (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Sim *sim = user_data;
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, &len, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (line == NULL)
    {
      /* End of input: a simulator started in the background keeps serving
       * unless asked otherwise. */
      if (error != NULL)
        g_warning ("standard input: %s", error->message);
      if (sim->exit_on_eof)
        g_main_loop_quit (sim->loop);
      return;
    }
  run_command (sim, line);
  read_next_line (sim);
}

static void
read_next_line (Sim *sim)
{
  g_data_input_stream_read_line_async (sim->stdin_lines, G_PRIORITY_DEFAULT, sim->cancellable, on_line, sim);
}

static gboolean
on_quit (gpointer user_data)
{
  Sim *sim = user_data;

  g_main_loop_quit (sim->loop);
  return G_SOURCE_CONTINUE;
}

static gboolean
parse_size (const char *text,
            int        *w,
            int        *h)
{
  unsigned a, b;
  char tail;

  if (text == NULL || sscanf (text, "%ux%u%c", &a, &b, &tail) != 2 || a < 64 || b < 64 || a > 3840 || b > 2160 ||
      a % 2 != 0 || b % 2 != 0)
    return FALSE;
  *w = (int) a;
  *h = (int) b;
  return TRUE;
}

int
main (int argc, char **argv)
{
  Sim sim = { 0 };
  g_autofree char *address = g_strdup ("127.0.0.1");
  g_autofree char *size = g_strdup ("640x360");
  g_autofree char *sub_size = g_strdup ("320x180");
  g_autofree char *pattern = g_strdup ("smpte100");
  g_autofree char *codec = g_strdup ("h264");
  g_autofree char *account = NULL;
  g_auto(GStrv) named = NULL;
  int port = 8554, n_cameras = 132, fps = 15, lifetime = 0;
  gboolean exit_on_eof = FALSE;
  GOptionEntry entries[] = {
    { "address", 0, 0, G_OPTION_ARG_STRING, &address, "Address to listen on (127.0.0.1)", "ADDR" },
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, "RTSP port (8554; 0 = any free port)", "PORT" },
    { "cameras", 'n', 0, G_OPTION_ARG_INT, &n_cameras, "Cameras cam-001 … cam-N (132), unless --camera is given", "N" },
    /* Raw bytes, not converted from the locale: names are UTF-8 (Vietnamese)
     * whatever the locale of the caller (often C in services and tests). */
    { "camera", 'c', 0, G_OPTION_ARG_FILENAME_ARRAY, &named, "A camera with its name shown on the picture (repeat; UTF-8)", "ID=NAME" },
    { "size", 0, 0, G_OPTION_ARG_STRING, &size, "Main stream size (640x360)", "WxH" },
    { "sub-size", 0, 0, G_OPTION_ARG_STRING, &sub_size, "Sub-stream size (320x180)", "WxH" },
    { "fps", 0, 0, G_OPTION_ARG_INT, &fps, "Frames per second (15)", "N" },
    { "pattern", 0, 0, G_OPTION_ARG_STRING, &pattern, "videotestsrc pattern (smpte100: full-height colour bars)", "NAME" },
    { "codec", 0, 0, G_OPTION_ARG_STRING, &codec, "Video encoding: h264 (cameras), or jpeg or vp8 to test viewers", "NAME" },
    { "lifetime", 0, 0, G_OPTION_ARG_INT, &lifetime, "Exit after SEC seconds (0 = never)", "SEC" },
    { "exit-on-eof", 0, 0, G_OPTION_ARG_NONE, &exit_on_eof, "Exit when standard input ends", NULL },
    { "auth", 0, 0, G_OPTION_ARG_STRING, &account, "Every mount asks for this account (RTSP Basic)", "USER:PASSWORD" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— simulated RTSP cameras");
  g_autoptr(GError) error = NULL;
  g_autoptr(GstRTSPMountPoints) mounts = NULL;
  g_autoptr(GInputStream) in = NULL;
  int bound;

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_group (context, gst_init_get_option_group ());
  g_option_context_set_description (context,
    "Each camera ID serves rtsp://ADDR:PORT/ID (main) and /ID-sub (sub-stream).\n"
    "Commands on standard input: stop ID, start ID, list, quit.\n");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("ioc-rtsp-sim: %s\n", error->message);
      return 2;
    }
  if (!parse_size (size, &sim.width, &sim.height) || !parse_size (sub_size, &sim.sub_width, &sim.sub_height) ||
      fps < 1 || fps > 60 || port < 0 || port > 65535 || n_cameras < 0 || n_cameras > 10000 ||
      !g_regex_match_simple ("^[a-z0-9-]+$", pattern, 0, 0) ||
      (!g_str_equal (codec, "h264") && !g_str_equal (codec, "jpeg") && !g_str_equal (codec, "vp8")) ||
      (account != NULL && (strchr (account, ':') == NULL || *account == ':')))
    {
      g_printerr ("ioc-rtsp-sim: bad --size, --sub-size, --fps, --port, --cameras, --pattern, --codec or --auth (see --help)\n");
      return 2;
    }
  sim.fps = fps;
  sim.pattern = pattern;
  sim.codec = codec;
  sim.exit_on_eof = exit_on_eof;
  sim.cameras = g_ptr_array_new_with_free_func (camera_free);
  sim.by_id = g_hash_table_new (g_str_hash, g_str_equal);

  if (named != NULL)
    for (char **p = named; *p != NULL; p++)
      {
        const char *eq = strchr (*p, '=');
        Camera *c;

        if (!g_utf8_validate (*p, -1, NULL))
          {
            g_printerr ("ioc-rtsp-sim: --camera %s is not UTF-8\n", *p);
            return 2;
          }
        c = g_new0 (Camera, 1);
        c->id = eq != NULL ? g_strndup (*p, eq - *p) : g_strdup (*p);
        c->name = g_strdup (eq != NULL ? eq + 1 : *p);
        if (!g_regex_match_simple ("^[A-Za-z0-9_.-]+$", c->id, 0, 0) || g_hash_table_contains (sim.by_id, c->id))
          {
            g_printerr ("ioc-rtsp-sim: bad or repeated camera id “%s”\n", c->id);
            camera_free (c);
            return 2;
          }
        g_ptr_array_add (sim.cameras, c);
        g_hash_table_insert (sim.by_id, c->id, c);
      }
  else
    for (int i = 1; i <= n_cameras; i++)
      {
        Camera *c = g_new0 (Camera, 1);
        c->id = g_strdup_printf ("cam-%03d", i);
        c->name = g_strdup (c->id);
        g_ptr_array_add (sim.cameras, c);
        g_hash_table_insert (sim.by_id, c->id, c);
      }

  sim.loop = g_main_loop_new (NULL, FALSE);
  sim.server = gst_rtsp_server_new ();
  gst_rtsp_server_set_address (sim.server, address);
  if (account != NULL)
    {
      g_autoptr(GstRTSPAuth) auth = gst_rtsp_auth_new ();
      g_autoptr(GstRTSPToken) token =
        gst_rtsp_token_new (GST_RTSP_TOKEN_MEDIA_FACTORY_ROLE, G_TYPE_STRING, "camera-user", NULL);
      g_autofree char *user = g_strndup (account, strchr (account, ':') - account);
      g_autofree char *basic = gst_rtsp_auth_make_basic (user, strchr (account, ':') + 1);

      gst_rtsp_auth_add_basic (auth, basic, token);
      gst_rtsp_server_set_auth (sim.server, auth);
      sim.auth = TRUE;
    }
  {
    g_autofree char *service = g_strdup_printf ("%d", port);
    gst_rtsp_server_set_service (sim.server, service);
  }
  for (guint i = 0; i < sim.cameras->len; i++)
    mount_camera (&sim, g_ptr_array_index (sim.cameras, i));
  if (gst_rtsp_server_attach (sim.server, NULL) == 0)
    {
      g_printerr ("ioc-rtsp-sim: cannot listen on %s:%d\n", address, port);
      return 1;
    }
  bound = gst_rtsp_server_get_bound_port (sim.server);
  printf ("PORT=%d\nURL=rtsp://%s:%d/\n", bound, address, bound);
  fflush (stdout);
  g_message ("%u cameras on rtsp://%s:%d/ (%dx%d and %dx%d at %d fps)", sim.cameras->len, address, bound,
             sim.width, sim.height, sim.sub_width, sim.sub_height, sim.fps);

  sim.cancellable = g_cancellable_new ();
  in = g_unix_input_stream_new (0, FALSE);
  sim.stdin_lines = g_data_input_stream_new (in);
  read_next_line (&sim);

  g_unix_signal_add (SIGINT, on_quit, &sim);
  g_unix_signal_add (SIGTERM, on_quit, &sim);
  if (lifetime > 0)
    g_timeout_add_seconds (lifetime, on_quit, &sim);
  g_main_loop_run (sim.loop);

  g_cancellable_cancel (sim.cancellable);
  g_clear_object (&sim.stdin_lines);
  g_clear_object (&sim.cancellable);
  g_clear_object (&sim.server);
  g_main_loop_unref (sim.loop);
  g_hash_table_unref (sim.by_id);
  g_ptr_array_unref (sim.cameras);
  return 0;
}
