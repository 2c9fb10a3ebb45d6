/* ioc-test-video.c — see ioc-test-video.h */
#include "ioc-test-video.h"
#include "ioc-test-rtsp.h"

typedef struct {
  IocVideo      *video;
  IocVideoState  state;
} StateWait;

static gboolean
in_state (gpointer data)
{
  StateWait *w = data;

  return ioc_video_get_state (w->video) == w->state &&
         (w->state != IOC_VIDEO_STATE_LIVE || ioc_video_get_texture (w->video) != NULL);
}

void
ioc_test_video_wait_state (IocVideo      *video,
                           IocVideoState  state,
                           guint          timeout_ms)
{
  StateWait w = { video, state };

  if (!ioc_test_until (in_state, &w, timeout_ms))
    g_error ("video “%s” is %d (%s), not %d after %u ms", ioc_video_get_title (video),
             ioc_video_get_state (video), ioc_video_get_message (video), state, timeout_ms);
}

void
ioc_test_video_assert_colour_bars (GdkTexture *texture,
                                   int         tolerance)
{
  static const guint8 bars[7][3] = {
    { 255, 255, 255 }, { 255, 255, 0 }, { 0, 255, 255 }, { 0, 255, 0 },
    { 255, 0, 255 }, { 255, 0, 0 }, { 0, 0, 255 },
  };
  int w = gdk_texture_get_width (texture), h = gdk_texture_get_height (texture);
  g_autofree guint8 *pixels = g_malloc ((gsize) w * h * 4);

  gdk_texture_download (texture, pixels, (gsize) w * 4);
  for (int i = 0; i < 7; i++)
    {
      /* The middle of each bar, half-way down (the name and the clock are
       * at the top, the capture stamp at the bottom); cairo's ARGB32 is
       * B, G, R, A in memory. */
      int x = (int) ((i + 0.5) * w / 7), y = h / 2;
      const guint8 *p = pixels + ((gsize) y * w + (gsize) x) * 4;
      guint8 rgb[3] = { p[2], p[1], p[0] };

      for (int c = 0; c < 3; c++)
        if (ABS ((int) rgb[c] - (int) bars[i][c]) > tolerance)
          g_error ("bar %d at (%d,%d) of a %dx%d picture is %u,%u,%u, expected %u,%u,%u", i, x, y, w, h,
                   rgb[0], rgb[1], rgb[2], bars[i][0], bars[i][1], bars[i][2]);
    }
}

void
ioc_test_video_screenshot (const char *name,
                           int         monitor)
{
  const char *dir = g_getenv ("IOC_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  g_autofree char *cmd = NULL;
  int status = 0;

  if (dir == NULL)
    return;
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  ioc_test_settle (1000);
  cmd = g_strdup_printf ("import -window root -crop 1280x720+%d+0 +repage %s", monitor * 1280, path);
  g_assert_true (g_spawn_command_line_sync (cmd, NULL, NULL, &status, NULL));
  g_assert_cmpint (status, ==, 0);
}
