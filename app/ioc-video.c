/* ioc-video.c — see ioc-video.h
 *
 * The widget holds at most two pipes (ioc-video-pipe.h): the one shown,
 * and while switching between the main and the sub-stream a pending one
 * that replaces it at its first frame. Everything here runs on the main
 * loop; the pipes call back through it. A one-second timer (while mapped)
 * moves the clock, notices stalls and counts down to the next try.
 */
#include "config.h"

#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "ioc-video"

#include "ioc-video.h"
#include "ioc-labels.h"
#include "ioc-video-paintable.h"
#include "ioc-video-pipe.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <string.h>

/* Below this width (device pixels) a sub-stream is enough. */
#define SUB_STREAM_MAX_WIDTH 400
#define STALL_AFTER_US       (3 * G_USEC_PER_SEC)
#define LOST_AFTER_US        (8 * G_USEC_PER_SEC)
#define FIRST_FRAME_US       (12 * G_USEC_PER_SEC)
#define CONNECT_TIMEOUT_S    8
#define MAX_BACKOFF_S        8
#define SLOW_RETRY_S         30
#define UNSUPPORTED_RETRY_S  60

G_DEFINE_ENUM_TYPE (IocVideoState, ioc_video_state,
                    G_DEFINE_ENUM_VALUE (IOC_VIDEO_STATE_IDLE, "idle"),
                    G_DEFINE_ENUM_VALUE (IOC_VIDEO_STATE_CONNECTING, "connecting"),
                    G_DEFINE_ENUM_VALUE (IOC_VIDEO_STATE_LIVE, "live"),
                    G_DEFINE_ENUM_VALUE (IOC_VIDEO_STATE_STALLED, "stalled"),
                    G_DEFINE_ENUM_VALUE (IOC_VIDEO_STATE_OFFLINE, "offline"),
                    G_DEFINE_ENUM_VALUE (IOC_VIDEO_STATE_UNREACHABLE, "unreachable"),
                    G_DEFINE_ENUM_VALUE (IOC_VIDEO_STATE_NOT_RTSP, "not-rtsp"),
                    G_DEFINE_ENUM_VALUE (IOC_VIDEO_STATE_UNSUPPORTED, "unsupported"),
                    G_DEFINE_ENUM_VALUE (IOC_VIDEO_STATE_ERROR, "error"))

G_DEFINE_ENUM_TYPE (IocVideoStream, ioc_video_stream,
                    G_DEFINE_ENUM_VALUE (IOC_VIDEO_STREAM_AUTO, "auto"),
                    G_DEFINE_ENUM_VALUE (IOC_VIDEO_STREAM_MAIN, "main"),
                    G_DEFINE_ENUM_VALUE (IOC_VIDEO_STREAM_SUB, "sub"))

struct _IocVideo
{
  GtkWidget           parent_instance;
  GtkWidget          *picture;
  GtkWidget          *caption, *dot, *name_label, *clock_label;
  GtkWidget          *message_box, *message_label, *detail_label;
  IocVideoPaintable  *paintable;

  char               *title, *main_uri, *sub_uri;
  IocVideoStream      stream;
  guint               latency_ms;
  gboolean            tcp, downscale, measure;

  IocVideoPipe       *pipe, *pending;
  gboolean            pending_is_sub;
  gboolean            sub_failed;
  int                 pipe_width;        /* the width asked of the pipe (0: native) */
  int                 device_width;      /* allocated width × scale */
  int                 native_width;      /* frames' width when not scaled */

  IocVideoState       state;
  IocVideoPipeFailure failure;
  char               *failure_detail;
  gboolean            ever_live;
  GDateTime          *lost_at;
  gint64              last_frame_us, connect_us;
  guint               backoff_s;
  gint64              retry_at_us;
  guint               retry_id, tick_id, reconsider_id;
  gboolean            waited_for_size;
  char               *message;

  IocVideoStats       stats;
  guint64             closed_decoded, closed_replaced;
  IocVideoFrame      *waiting;           /* decoded, to be shown at the next paint tick */
  guint               paint_tick_id;
  guint64             waiting_replaced;
};

enum { PROP_0, PROP_TITLE, PROP_STATE, PROP_STREAM, PROP_PAINTABLE, N_PROPS };
static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (IocVideo, ioc_video, GTK_TYPE_WIDGET)

static void start (IocVideo *self);
static void schedule_reconsider (IocVideo *self, guint delay_ms);
static void update_overlay (IocVideo *self);
static void on_pipe_frame (gpointer owner, IocVideoPipe *pipe);
static void on_pipe_failed (gpointer owner, IocVideoPipe *pipe, IocVideoPipeFailure why, const char *detail);

static const IocVideoPipeCallbacks pipe_callbacks = { on_pipe_frame, on_pipe_failed };

/* ---- helpers ---------------------------------------------------------- */

/* "host:port" of an address — never its user name or password. */
static char *
uri_place (const char *uri)
{
  g_autoptr(GUri) u = uri != NULL ? g_uri_parse (uri, G_URI_FLAGS_NONE, NULL) : NULL;

  if (u == NULL || g_uri_get_host (u) == NULL)
    return g_strdup (_("this address"));
  if (g_uri_get_port (u) > 0)
    return g_strdup_printf ("%s:%d", g_uri_get_host (u), g_uri_get_port (u));
  return g_strdup (g_uri_get_host (u));
}

static gboolean
is_rtsp (const char *uri)
{
  g_autofree char *scheme = uri != NULL ? g_uri_parse_scheme (uri) : NULL;

  return scheme != NULL && (g_ascii_strcasecmp (scheme, "rtsp") == 0 || g_ascii_strcasecmp (scheme, "rtsps") == 0) &&
         g_uri_is_valid (uri, G_URI_FLAGS_NONE, NULL);
}

static const char *
state_css (IocVideoState state)
{
  GEnumClass *klass = g_type_class_peek (IOC_TYPE_VIDEO_STATE);
  GEnumValue *v = klass != NULL ? g_enum_get_value (klass, state) : NULL;

  return v != NULL ? v->value_nick : "idle";
}

static void
set_state (IocVideo      *self,
           IocVideoState  state)
{
  if (self->state == state)
    {
      update_overlay (self);
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self), state_css (self->state));
  self->state = state;
  gtk_widget_add_css_class (GTK_WIDGET (self), state_css (state));
  update_overlay (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
close_pipe (IocVideo      *self,
            IocVideoPipe **pipe)
{
  guint64 decoded, replaced;

  if (*pipe == NULL)
    return;
  ioc_video_pipe_get_counts (*pipe, &decoded, &replaced);
  self->closed_decoded += decoded;
  self->closed_replaced += replaced;
  ioc_video_pipe_close (g_steal_pointer (pipe));
}

static void
stop (IocVideo *self)
{
  close_pipe (self, &self->pending);
  close_pipe (self, &self->pipe);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->reconsider_id, g_source_remove);
}

/* ---- what the picture says -------------------------------------------- */

static guint
retry_in (IocVideo *self)
{
  gint64 left = self->retry_at_us - g_get_monotonic_time ();

  return self->retry_id != 0 && left > 0 ? (guint) ((left + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC) : 0;
}

static char *
retry_text (IocVideo *self)
{
  guint s = retry_in (self);

  if (s == 0)
    return g_strdup (_("Trying again…"));
  /* Translators: %u is a number of seconds */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Trying again in %u second", "Trying again in %u seconds", s), s);
}

static void
update_overlay (IocVideo *self)
{
  g_autofree char *headline = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *place = uri_place (self->pipe != NULL ? ioc_video_pipe_get_uri (self->pipe) : self->main_uri);
  g_autofree char *retry = retry_text (self);
  gint64 now = g_get_monotonic_time ();

  switch (self->state)
    {
    case IOC_VIDEO_STATE_IDLE:
      /* No camera: whoever placed the video says why (a wall's tile hint). */
      break;
    case IOC_VIDEO_STATE_CONNECTING:
      headline = g_strdup (_("Connecting…"));
      detail = g_strdup (place);
      break;
    case IOC_VIDEO_STATE_LIVE:
      break;
    case IOC_VIDEO_STATE_STALLED:
      {
        guint s = (guint) ((now - self->last_frame_us) / G_USEC_PER_SEC);
        headline = g_strdup (_("Picture stalled"));
        /* Translators: %u is a number of seconds */
        detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "No new picture for %u second",
                                               "No new picture for %u seconds", s), s);
      }
      break;
    case IOC_VIDEO_STATE_OFFLINE:
      {
        g_autofree char *when = self->lost_at != NULL ? g_date_time_format (self->lost_at, "%H:%M:%S") : g_strdup ("—");
        /* Translators: %s is a time of day, 14:03:22 */
        headline = g_strdup_printf (_("Offline since %s"), when);
        detail = g_steal_pointer (&retry);
      }
      break;
    case IOC_VIDEO_STATE_UNREACHABLE:
      if (self->failure == IOC_VIDEO_PIPE_FAIL_TIMEOUT)
        {
          headline = g_strdup (_("The camera does not answer"));
          /* Translators: %s is host:port, then "Trying again in 4 seconds" */
          detail = g_strdup_printf (_("No answer from %s. %s"), place, retry);
        }
      else if (self->failure == IOC_VIDEO_PIPE_FAIL_NOT_FOUND)
        {
          headline = g_strdup (_("No such stream on the camera"));
          /* Translators: %s is host:port, then "Trying again in 4 seconds" */
          detail = g_strdup_printf (_("%s has no stream at this address (RTSP 404). %s"), place, retry);
        }
      else
        {
          headline = g_strdup (_("Cannot connect to the camera"));
          /* Translators: %s is host:port, then "Trying again in 4 seconds" */
          detail = g_strdup_printf (_("%s refused the connection or cannot be reached. %s"), place, retry);
        }
      break;
    case IOC_VIDEO_STATE_NOT_RTSP:
      headline = g_strdup (_("Not an RTSP camera"));
      if (!is_rtsp (self->main_uri))
        detail = g_strdup (_("The address does not start with rtsp:// — check the camera registry."));
      else
        /* Translators: %s is host:port */
        detail = g_strdup_printf (_("%s answered, but not in RTSP."), place);
      break;
    case IOC_VIDEO_STATE_UNSUPPORTED:
      if (self->failure == IOC_VIDEO_PIPE_FAIL_NO_VIDEO)
        {
          headline = g_strdup (_("The camera sends no video"));
          detail = g_strdup (_("Its stream has no video track."));
        }
      else
        {
          /* Translators: %s is the name of a video encoding (JPEG, VP8, H265) */
          headline = g_strdup_printf (_("Unsupported video: %s"), self->failure_detail != NULL ? self->failure_detail : "?");
          detail = g_strdup (_("The console plays H.264: set the camera's encoder to H.264."));
        }
      break;
    case IOC_VIDEO_STATE_ERROR:
    default:
      if (self->failure == IOC_VIDEO_PIPE_FAIL_AUTH)
        {
          headline = g_strdup (_("The camera refused the sign-in"));
          detail = g_strdup (_("RTSP 401: check the user name and password in the camera's address."));
        }
      else
        {
          headline = g_strdup (_("Camera error"));
          detail = g_strdup_printf ("%s. %s", self->failure_detail != NULL ? self->failure_detail : "?", retry);
        }
      break;
    }

  g_free (self->message);
  self->message = g_strdup (headline != NULL ? headline : "");
  gtk_label_set_text (GTK_LABEL (self->message_label), self->message);
  gtk_label_set_text (GTK_LABEL (self->detail_label), detail != NULL ? detail : "");
  gtk_widget_set_visible (self->detail_label, detail != NULL && *detail != '\0');
  gtk_widget_set_visible (self->message_box, headline != NULL && *headline != '\0');
  gtk_widget_set_visible (self->caption, self->main_uri != NULL);
}

static void
update_clock (IocVideo *self)
{
  g_autoptr(GDateTime) now = ioc_province_now ();
  g_autofree char *text = g_date_time_format (now, "%H:%M:%S");

  gtk_label_set_text (GTK_LABEL (self->clock_label), text);
}

/* ---- choosing and starting a stream ----------------------------------- */

static gboolean
want_sub (IocVideo *self)
{
  if (self->sub_uri == NULL || self->sub_failed)
    return FALSE;
  if (self->stream == IOC_VIDEO_STREAM_SUB)
    return TRUE;
  if (self->stream == IOC_VIDEO_STREAM_MAIN)
    return FALSE;
  return self->device_width > 0 && self->device_width <= SUB_STREAM_MAX_WIDTH;
}

/* The width to scale to in the pipeline: the widget's, when clearly
 * smaller than the picture (rounded up to 16 px steps, to renegotiate
 * rarely); 0 to keep the decoded size. */
static int
wanted_width (IocVideo *self)
{
  int w;

  if (!self->downscale || self->device_width <= 0 || self->native_width <= 0)
    return 0;
  w = (self->device_width + 15) / 16 * 16;
  return w < self->native_width * 85 / 100 ? w : 0;
}

static IocVideoPipe *
new_pipe (IocVideo   *self,
          const char *uri)
{
  IocVideoPipeOptions options = {
    .latency_ms = self->latency_ms,
    .tcp = self->tcp,
    .timeout_s = CONNECT_TIMEOUT_S,
    /* One decoding thread per stream: with many tiles the streams keep
     * the cores busy, and frame threading would add a frame of latency. */
    .decoder_threads = 1,
    .read_stamp = self->measure,
    .width = 0,
  };

  return ioc_video_pipe_new (uri, &options, &pipe_callbacks, self);
}

static void
start (IocVideo *self)
{
  const char *uri;

  g_clear_handle_id (&self->retry_id, g_source_remove);
  if (self->pipe != NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)) || self->main_uri == NULL)
    return;
  uri = want_sub (self) ? self->sub_uri : self->main_uri;
  if (!is_rtsp (uri))
    {
      self->failure = IOC_VIDEO_PIPE_FAIL_NOT_RTSP;
      set_state (self, IOC_VIDEO_STATE_NOT_RTSP);
      return;
    }
  self->pipe = new_pipe (self, uri);
  self->pipe_width = 0;
  self->native_width = 0;
  self->connect_us = g_get_monotonic_time ();
  self->last_frame_us = 0;
  /* An offline camera stays "offline" (with its last picture) while it is
   * tried again; an unreachable one keeps its message. */
  if (self->state != IOC_VIDEO_STATE_OFFLINE && self->state != IOC_VIDEO_STATE_UNREACHABLE &&
      self->state != IOC_VIDEO_STATE_ERROR && self->state != IOC_VIDEO_STATE_NOT_RTSP &&
      self->state != IOC_VIDEO_STATE_UNSUPPORTED)
    set_state (self, IOC_VIDEO_STATE_CONNECTING);
  else
    update_overlay (self);
}

static gboolean
on_retry (gpointer data)
{
  IocVideo *self = data;

  self->retry_id = 0;
  start (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (IocVideo *self,
                guint     seconds)
{
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_at_us = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
  self->retry_id = g_timeout_add (seconds * 1000, on_retry, self);
}

/* Size or stream choice changed: switch streams (make before break) and
 * set the pipeline's scaling. */
static gboolean
reconsider (gpointer data)
{
  IocVideo *self = data;
  const char *wanted;

  self->reconsider_id = 0;
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)) || self->main_uri == NULL)
    return G_SOURCE_REMOVE;
  /* A narrow tile keeps the camera's name rather than the clock. */
  gtk_widget_set_visible (self->clock_label, gtk_widget_get_width (GTK_WIDGET (self)) >= 300);
  if (self->device_width == 0 && self->pipe == NULL && !self->waited_for_size)
    {
      /* Mapped, not allocated yet: the size decides the stream, and a
       * pipeline started for nothing costs a connection. */
      self->waited_for_size = TRUE;
      schedule_reconsider (self, 500);
      return G_SOURCE_REMOVE;
    }
  if (self->pipe == NULL)
    {
      if (self->retry_id == 0 && self->state != IOC_VIDEO_STATE_NOT_RTSP)
        start (self);
      return G_SOURCE_REMOVE;
    }
  wanted = want_sub (self) ? self->sub_uri : self->main_uri;
  if (self->pending == NULL && g_strcmp0 (wanted, ioc_video_pipe_get_uri (self->pipe)) != 0 &&
      (self->state == IOC_VIDEO_STATE_LIVE || self->state == IOC_VIDEO_STATE_CONNECTING))
    {
      if (self->state == IOC_VIDEO_STATE_CONNECTING)
        {
          /* Nothing shown yet: simply start over with the right one. */
          close_pipe (self, &self->pipe);
          start (self);
          return G_SOURCE_REMOVE;
        }
      self->pending = new_pipe (self, wanted);
      self->pending_is_sub = wanted == self->sub_uri;
    }
  if (wanted_width (self) != self->pipe_width)
    {
      self->pipe_width = wanted_width (self);
      ioc_video_pipe_set_width (self->pipe, self->pipe_width);
    }
  return G_SOURCE_REMOVE;
}

static void
schedule_reconsider (IocVideo *self,
                     guint     delay_ms)
{
  g_clear_handle_id (&self->reconsider_id, g_source_remove);
  self->reconsider_id = g_timeout_add (delay_ms, reconsider, self);
}

/* ---- presenting frames ------------------------------------------------ */

/* Every new texture means a redraw of the window, and many tiles at 15 fps,
 * unsynchronised, would redraw it at the monitor's full rate (60 Hz) —
 * most of the CPU with a software GL renderer. So while a window is busy
 * (it showed a frame less than 50 ms ago) its videos show their frames
 * together, on every paint_divisor()-th tick of its frame clock (2: at most
 * 30 redraws a second; every frame of a 15 fps camera is still shown, 8 ms
 * later on average); a window that was quiet shows a frame at once, so a
 * single video is not delayed. IOC_VIDEO_PAINT_DIVISOR=1 shows every frame
 * as soon as it comes.
 */
#define QUIET_US (50 * 1000)

static guint
paint_divisor (void)
{
  static guint divisor;

  if (divisor == 0)
    {
      const char *env = g_getenv ("IOC_VIDEO_PAINT_DIVISOR");
      divisor = env != NULL ? (guint) CLAMP (g_ascii_strtoull (env, NULL, 10), 1, 6) : 2;
    }
  return divisor;
}

/* When the window last showed a new frame (g_get_monotonic_time). */
static gint64 *
last_shown (GdkFrameClock *clock)
{
  gint64 *last = g_object_get_data (G_OBJECT (clock), "ioc-video-last-shown");

  if (last == NULL)
    {
      last = g_new0 (gint64, 1);
      g_object_set_data_full (G_OBJECT (clock), "ioc-video-last-shown", last, g_free);
    }
  return last;
}

static gboolean
on_paint_tick (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       data)
{
  IocVideo *self = IOC_VIDEO (widget);

  if (self->waiting != NULL && gdk_frame_clock_get_frame_counter (clock) % paint_divisor () != 0)
    return G_SOURCE_CONTINUE;
  if (self->waiting != NULL)
    {
      ioc_video_paintable_push (self->paintable, self->waiting);
      *last_shown (clock) = g_get_monotonic_time ();
    }
  g_clear_pointer (&self->waiting, ioc_video_frame_unref);
  self->paint_tick_id = 0;
  return G_SOURCE_REMOVE;
}

static void
stop_presenting (IocVideo *self)
{
  if (self->paint_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->paint_tick_id);
  self->paint_tick_id = 0;
  g_clear_pointer (&self->waiting, ioc_video_frame_unref);
}

static void
present (IocVideo      *self,
         IocVideoFrame *frame)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
  gint64 now = g_get_monotonic_time ();

  /* The first picture, or a quiet window: at once. */
  if (clock == NULL || paint_divisor () <= 1 || ioc_video_get_texture (self) == NULL ||
      (self->waiting == NULL && now - *last_shown (clock) >= QUIET_US))
    {
      stop_presenting (self);
      ioc_video_paintable_push (self->paintable, frame);
      if (clock != NULL)
        *last_shown (clock) = now;
      return;
    }
  if (self->waiting != NULL)
    self->waiting_replaced++;
  g_clear_pointer (&self->waiting, ioc_video_frame_unref);
  self->waiting = ioc_video_frame_ref (frame);
  if (self->paint_tick_id == 0)
    self->paint_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), on_paint_tick, NULL, NULL);
}

/* ---- from the pipes --------------------------------------------------- */

static void
on_pipe_frame (gpointer      owner,
               IocVideoPipe *pipe)
{
  IocVideo *self = owner;
  g_autoptr(IocVideoFrame) frame = ioc_video_pipe_take_frame (pipe);
  gint64 now = g_get_monotonic_time ();

  if (frame == NULL)
    return;
  if (pipe == self->pending)
    {
      /* The other stream is up: it takes over. */
      close_pipe (self, &self->pipe);
      self->pipe = g_steal_pointer (&self->pending);
      self->pipe_width = 0;
      self->native_width = 0;
      self->last_frame_us = 0;
      schedule_reconsider (self, 0);
    }
  else if (pipe != self->pipe)
    return;
  if (self->pipe_width == 0 && ioc_video_frame_get_width (frame) != self->native_width)
    {
      self->native_width = ioc_video_frame_get_width (frame);
      schedule_reconsider (self, 0);
    }
  if (self->state == IOC_VIDEO_STATE_LIVE && self->last_frame_us > 0)
    self->stats.max_gap_us = MAX (self->stats.max_gap_us, now - self->last_frame_us);
  self->last_frame_us = now;
  present (self, frame);
  if (self->state != IOC_VIDEO_STATE_LIVE)
    {
      self->ever_live = TRUE;
      self->backoff_s = 0;
      g_clear_pointer (&self->lost_at, g_date_time_unref);
      g_clear_pointer (&self->failure_detail, g_free);
      set_state (self, IOC_VIDEO_STATE_LIVE);
    }
}

static void
on_pipe_failed (gpointer             owner,
                IocVideoPipe        *pipe,
                IocVideoPipeFailure  why,
                const char          *detail)
{
  IocVideo *self = owner;
  guint delay;

  if (pipe == self->pending)
    {
      /* The other stream does not play: stay on this one. */
      g_debug ("%s: %s", ioc_video_pipe_get_log_uri (pipe), detail);
      if (self->pending_is_sub)
        self->sub_failed = TRUE;
      close_pipe (self, &self->pending);
      return;
    }
  if (pipe != self->pipe)
    return;
  g_debug ("%s failed: %s", ioc_video_pipe_get_log_uri (pipe), detail);
  close_pipe (self, &self->pending);
  close_pipe (self, &self->pipe);
  self->stats.failures++;
  self->failure = why;
  g_free (self->failure_detail);
  self->failure_detail = g_strdup (detail);
  if (self->state == IOC_VIDEO_STATE_LIVE || self->state == IOC_VIDEO_STATE_STALLED)
    {
      g_clear_pointer (&self->lost_at, g_date_time_unref);
      self->lost_at = ioc_province_now ();
    }

  switch (why)
    {
    case IOC_VIDEO_PIPE_FAIL_NOT_RTSP:
      delay = SLOW_RETRY_S;
      set_state (self, IOC_VIDEO_STATE_NOT_RTSP);
      break;
    case IOC_VIDEO_PIPE_FAIL_AUTH:
      delay = SLOW_RETRY_S;
      set_state (self, IOC_VIDEO_STATE_ERROR);
      break;
    case IOC_VIDEO_PIPE_FAIL_CODEC:
    case IOC_VIDEO_PIPE_FAIL_NO_VIDEO:
      delay = UNSUPPORTED_RETRY_S;
      set_state (self, IOC_VIDEO_STATE_UNSUPPORTED);
      break;
    default:
      self->backoff_s = self->backoff_s == 0 ? 1 : MIN (self->backoff_s * 2, MAX_BACKOFF_S);
      delay = self->backoff_s;
      if (self->ever_live)
        set_state (self, IOC_VIDEO_STATE_OFFLINE);
      else if (why == IOC_VIDEO_PIPE_FAIL_OTHER)
        set_state (self, IOC_VIDEO_STATE_ERROR);
      else
        set_state (self, IOC_VIDEO_STATE_UNREACHABLE);
      break;
    }
  schedule_retry (self, delay);
  update_overlay (self);
}

/* ---- the one-second tick ---------------------------------------------- */

static gboolean
on_tick (gpointer data)
{
  IocVideo *self = data;
  gint64 now = g_get_monotonic_time ();

  update_clock (self);
  if (self->pipe != NULL && (self->state == IOC_VIDEO_STATE_LIVE || self->state == IOC_VIDEO_STATE_STALLED) &&
      self->last_frame_us > 0)
    {
      if (now - self->last_frame_us > LOST_AFTER_US)
        {
          /* Connected, but nothing comes: start again. */
          on_pipe_failed (self, self->pipe, IOC_VIDEO_PIPE_FAIL_CLOSED, "no picture");
          return G_SOURCE_CONTINUE;
        }
      if (now - self->last_frame_us > STALL_AFTER_US && self->state == IOC_VIDEO_STATE_LIVE)
        {
          self->stats.stalls++;
          set_state (self, IOC_VIDEO_STATE_STALLED);
          return G_SOURCE_CONTINUE;
        }
    }
  else if (self->pipe != NULL && self->last_frame_us == 0 && now - self->connect_us > FIRST_FRAME_US)
    {
      /* It answered, but no picture came. */
      on_pipe_failed (self, self->pipe, IOC_VIDEO_PIPE_FAIL_TIMEOUT, "no picture after connecting");
      return G_SOURCE_CONTINUE;
    }
  if (self->state != IOC_VIDEO_STATE_LIVE)
    update_overlay (self);
  return G_SOURCE_CONTINUE;
}

/* ---- GtkWidget -------------------------------------------------------- */

static void
ioc_video_map (GtkWidget *widget)
{
  IocVideo *self = IOC_VIDEO (widget);

  GTK_WIDGET_CLASS (ioc_video_parent_class)->map (widget);
  self->sub_failed = FALSE;
  self->waited_for_size = FALSE;
  update_clock (self);
  if (self->tick_id == 0)
    self->tick_id = g_timeout_add_seconds (1, on_tick, self);
  /* Start once allocated, when the size tells which stream to play. */
  schedule_reconsider (self, 0);
}

static void
ioc_video_unmap (GtkWidget *widget)
{
  IocVideo *self = IOC_VIDEO (widget);

  /* Not shown, not decoded. */
  stop (self);
  stop_presenting (self);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  ioc_video_paintable_clear (self->paintable);
  self->ever_live = FALSE;
  g_clear_pointer (&self->lost_at, g_date_time_unref);
  self->backoff_s = 0;
  set_state (self, IOC_VIDEO_STATE_IDLE);
  GTK_WIDGET_CLASS (ioc_video_parent_class)->unmap (widget);
}

static void
ioc_video_measure (GtkWidget      *widget,
                   GtkOrientation  orientation,
                   int             for_size,
                   int            *minimum,
                   int            *natural,
                   int            *minimum_baseline,
                   int            *natural_baseline)
{
  *minimum = *natural = 0;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      int min = 0, nat = 0;

      if (!gtk_widget_should_layout (c))
        continue;
      gtk_widget_measure (c, orientation, for_size, &min, &nat, NULL, NULL);
      *minimum = MAX (*minimum, min);
      *natural = MAX (*natural, nat);
    }
  /* A 16:9 picture by default. */
  *natural = MAX (*natural, orientation == GTK_ORIENTATION_HORIZONTAL ? 320 : 180);
}

static void
ioc_video_size_allocate (GtkWidget *widget,
                         int        width,
                         int        height,
                         int        baseline)
{
  IocVideo *self = IOC_VIDEO (widget);
  int device_width = width * gtk_widget_get_scale_factor (widget);

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (gtk_widget_should_layout (c))
      gtk_widget_allocate (c, width, height, -1, NULL);
  if (device_width != self->device_width)
    {
      gboolean first = self->device_width == 0;
      self->device_width = device_width;
      /* Settle before switching streams: a resize comes in many steps. */
      if (gtk_widget_get_mapped (widget))
        schedule_reconsider (self, first || self->pipe == NULL ? 0 : 600);
    }
}

static void
ioc_video_dispose (GObject *object)
{
  IocVideo *self = IOC_VIDEO (object);
  GtkWidget *child;

  stop (self);
  stop_presenting (self);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->paintable);
  G_OBJECT_CLASS (ioc_video_parent_class)->dispose (object);
}

static void
ioc_video_finalize (GObject *object)
{
  IocVideo *self = IOC_VIDEO (object);

  g_free (self->title);
  g_free (self->main_uri);
  g_free (self->sub_uri);
  g_free (self->failure_detail);
  g_free (self->message);
  g_clear_pointer (&self->lost_at, g_date_time_unref);
  G_OBJECT_CLASS (ioc_video_parent_class)->finalize (object);
}

static void
ioc_video_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  IocVideo *self = IOC_VIDEO (object);

  switch (prop_id)
    {
    case PROP_TITLE: g_value_set_string (value, self->title); break;
    case PROP_STATE: g_value_set_enum (value, self->state); break;
    case PROP_STREAM: g_value_set_enum (value, self->stream); break;
    case PROP_PAINTABLE: g_value_set_object (value, self->paintable); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ioc_video_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  IocVideo *self = IOC_VIDEO (object);

  switch (prop_id)
    {
    case PROP_STREAM: ioc_video_set_stream (self, g_value_get_enum (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ioc_video_class_init (IocVideoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ioc_video_dispose;
  object_class->finalize = ioc_video_finalize;
  object_class->get_property = ioc_video_get_property;
  object_class->set_property = ioc_video_set_property;
  widget_class->map = ioc_video_map;
  widget_class->unmap = ioc_video_unmap;
  widget_class->measure = ioc_video_measure;
  widget_class->size_allocate = ioc_video_size_allocate;

  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, IOC_TYPE_VIDEO_STATE, IOC_VIDEO_STATE_IDLE,
                                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_STREAM] = g_param_spec_enum ("stream", NULL, NULL, IOC_TYPE_VIDEO_STREAM, IOC_VIDEO_STREAM_AUTO,
                                               G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PAINTABLE] = g_param_spec_object ("paintable", NULL, NULL, GDK_TYPE_PAINTABLE,
                                                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "iocvideo");
}

static GtkWidget *
label (const char *css,
       float       xalign)
{
  GtkWidget *l = gtk_label_new (NULL);

  gtk_widget_add_css_class (l, css);
  gtk_label_set_xalign (GTK_LABEL (l), xalign);
  gtk_label_set_ellipsize (GTK_LABEL (l), PANGO_ELLIPSIZE_END);
  return l;
}

static void
ioc_video_init (IocVideo *self)
{
  self->latency_ms = 150;
  self->tcp = TRUE;
  self->downscale = TRUE;
  self->state = IOC_VIDEO_STATE_IDLE;
  gtk_widget_add_css_class (GTK_WIDGET (self), "idle");
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  self->paintable = ioc_video_paintable_new ();
  self->picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (self->paintable));
  gtk_picture_set_content_fit (GTK_PICTURE (self->picture), GTK_CONTENT_FIT_CONTAIN);
  gtk_picture_set_can_shrink (GTK_PICTURE (self->picture), TRUE);
  gtk_widget_set_parent (self->picture, GTK_WIDGET (self));

  /* The camera's name and the local time along the bottom edge. */
  self->caption = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_widget_add_css_class (self->caption, "video-caption");
  gtk_widget_set_valign (self->caption, GTK_ALIGN_END);
  self->dot = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (self->dot, "video-dot");
  gtk_widget_set_valign (self->dot, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (self->caption), self->dot);
  self->name_label = label ("video-name", 0);
  gtk_widget_set_hexpand (self->name_label, TRUE);
  self->clock_label = label ("video-clock", 1);
  gtk_label_set_ellipsize (GTK_LABEL (self->clock_label), PANGO_ELLIPSIZE_NONE);
  gtk_box_append (GTK_BOX (self->caption), self->name_label);
  gtk_box_append (GTK_BOX (self->caption), self->clock_label);
  gtk_widget_set_visible (self->caption, FALSE);
  gtk_widget_set_parent (self->caption, GTK_WIDGET (self));

  /* The state, in the middle of the picture. */
  self->message_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_add_css_class (self->message_box, "video-message");
  gtk_widget_set_valign (self->message_box, GTK_ALIGN_CENTER);
  gtk_widget_set_halign (self->message_box, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_start (self->message_box, 8);
  gtk_widget_set_margin_end (self->message_box, 8);
  self->message_label = label ("video-headline", 0.5);
  gtk_label_set_wrap (GTK_LABEL (self->message_label), TRUE);
  gtk_label_set_lines (GTK_LABEL (self->message_label), 2);
  gtk_label_set_justify (GTK_LABEL (self->message_label), GTK_JUSTIFY_CENTER);
  self->detail_label = label ("video-detail", 0.5);
  gtk_label_set_wrap (GTK_LABEL (self->detail_label), TRUE);
  gtk_label_set_lines (GTK_LABEL (self->detail_label), 3);
  gtk_label_set_justify (GTK_LABEL (self->detail_label), GTK_JUSTIFY_CENTER);
  gtk_box_append (GTK_BOX (self->message_box), self->message_label);
  gtk_box_append (GTK_BOX (self->message_box), self->detail_label);
  gtk_widget_set_parent (self->message_box, GTK_WIDGET (self));
  update_overlay (self);
}

/* ---- public ----------------------------------------------------------- */

GtkWidget *
ioc_video_new (void)
{
  return g_object_new (IOC_TYPE_VIDEO, NULL);
}

void
ioc_video_set_camera (IocVideo   *self,
                      const char *title,
                      const char *main_uri,
                      const char *sub_uri)
{
  gboolean same = g_strcmp0 (main_uri, self->main_uri) == 0 && g_strcmp0 (sub_uri, self->sub_uri) == 0;

  g_return_if_fail (IOC_IS_VIDEO (self));
  if (g_strcmp0 (title, self->title) != 0)
    {
      g_free (self->title);
      self->title = g_strdup (title);
      gtk_label_set_text (GTK_LABEL (self->name_label), title != NULL ? title : "");
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
    }
  if (same)
    return;
  stop (self);
  stop_presenting (self);
  g_free (self->main_uri);
  g_free (self->sub_uri);
  /* One address only: it is the main stream. */
  self->main_uri = g_strdup (main_uri != NULL && *main_uri != '\0' ? main_uri : sub_uri);
  self->sub_uri = main_uri != NULL && *main_uri != '\0' && sub_uri != NULL && *sub_uri != '\0' ? g_strdup (sub_uri) : NULL;
  if (self->main_uri != NULL && *self->main_uri == '\0')
    g_clear_pointer (&self->main_uri, g_free);
  ioc_video_paintable_clear (self->paintable);
  self->ever_live = FALSE;
  self->sub_failed = FALSE;
  self->backoff_s = 0;
  g_clear_pointer (&self->lost_at, g_date_time_unref);
  set_state (self, IOC_VIDEO_STATE_IDLE);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    start (self);
}

const char *
ioc_video_get_title (IocVideo *self)
{
  return self->title;
}

void
ioc_video_set_stream (IocVideo       *self,
                      IocVideoStream  stream)
{
  if (self->stream == stream)
    return;
  self->stream = stream;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    schedule_reconsider (self, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STREAM]);
}

void
ioc_video_set_latency (IocVideo *self,
                       guint     ms)
{
  self->latency_ms = MIN (ms, 5000);
}

void
ioc_video_set_tcp (IocVideo *self,
                   gboolean  tcp)
{
  self->tcp = tcp;
}

void
ioc_video_set_downscale (IocVideo *self,
                         gboolean  downscale)
{
  self->downscale = downscale;
}

void
ioc_video_set_measure_latency (IocVideo *self,
                               gboolean  measure)
{
  self->measure = measure;
}

void
ioc_video_add_overlay (IocVideo  *self,
                       GtkWidget *child)
{
  gtk_widget_insert_before (child, GTK_WIDGET (self), NULL);
}

IocVideoState
ioc_video_get_state (IocVideo *self)
{
  return self->state;
}

const char *
ioc_video_get_message (IocVideo *self)
{
  return self->message != NULL ? self->message : "";
}

const char *
ioc_video_get_playing_uri (IocVideo *self)
{
  return self->pipe != NULL ? ioc_video_pipe_get_uri (self->pipe) : NULL;
}

GdkTexture *
ioc_video_get_texture (IocVideo *self)
{
  return ioc_video_paintable_get_texture (self->paintable);
}

void
ioc_video_reconnect (IocVideo *self)
{
  if (self->pipe != NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  self->backoff_s = 0;
  start (self);
}

void
ioc_video_get_stats (IocVideo      *self,
                     IocVideoStats *stats)
{
  guint64 decoded = 0, replaced = 0, d2 = 0, r2 = 0;

  if (self->pipe != NULL)
    ioc_video_pipe_get_counts (self->pipe, &decoded, &replaced);
  if (self->pending != NULL)
    ioc_video_pipe_get_counts (self->pending, &d2, &r2);
  *stats = self->stats;
  stats->decoded = self->closed_decoded + decoded + d2;
  stats->shown = ioc_video_paintable_get_shown (self->paintable);
  stats->dropped = self->closed_replaced + replaced + r2 + self->waiting_replaced +
                   ioc_video_paintable_get_unpainted (self->paintable);
}

GArray *
ioc_video_take_latencies (IocVideo *self)
{
  return ioc_video_paintable_take_latencies (self->paintable);
}

guint
ioc_video_count_pipelines (void)
{
  return ioc_video_pipe_count_alive ();
}

guint
ioc_video_count_frames (void)
{
  return ioc_video_frame_count_alive ();
}

/* ---- snapshots -------------------------------------------------------- */

char *
ioc_video_snapshot_name (const char *title,
                         GDateTime  *when)
{
  g_autofree char *stamp = g_date_time_format (when, "%Y-%m-%d %H-%M-%S");
  g_autoptr(GString) name = g_string_new (NULL);
  g_autofree char *valid = g_utf8_make_valid (title != NULL && *title != '\0' ? title : "camera", -1);
  g_autofree char *cut = g_utf8_substring (valid, 0, MIN (g_utf8_strlen (valid, -1), 80));

  /* Characters that file systems or shells take badly become "_". */
  for (const char *p = cut; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c < 0x20 || c == 0x7f || strchr ("/\\:*?\"<>|", (int) c) != NULL)
        g_string_append_c (name, '_');
      else
        g_string_append_unichar (name, c);
    }
  g_strstrip (name->str);
  g_string_set_size (name, strlen (name->str));
  if (name->str[0] == '.')
    g_string_prepend_c (name, '_');
  g_string_append_printf (name, " %s.png", stamp);
  return g_string_free (g_steal_pointer (&name), FALSE);
}

typedef struct {
  GdkTexture *texture;
  char       *dir;
  char       *name;
} SnapshotJob;

static void
snapshot_job_free (gpointer data)
{
  SnapshotJob *job = data;

  g_clear_object (&job->texture);
  g_free (job->dir);
  g_free (job->name);
  g_free (job);
}

static void
save_snapshot_thread (GTask        *task,
                      gpointer      source,
                      gpointer      data,
                      GCancellable *cancellable)
{
  SnapshotJob *job = data;
  g_autoptr(GBytes) png = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (g_mkdir_with_parents (job->dir, 0755) != 0)
    {
      int e = errno;
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (e), "%s: %s", job->dir, g_strerror (e));
      return;
    }
  path = g_build_filename (job->dir, job->name, NULL);
  /* Two snapshots in the same second: "… (2).png". */
  for (guint i = 2; g_file_test (path, G_FILE_TEST_EXISTS) && i < 100; i++)
    {
      g_autofree char *base = g_strndup (job->name, strlen (job->name) - 4);
      g_autofree char *name = g_strdup_printf ("%s (%u).png", base, i);
      g_free (path);
      path = g_build_filename (job->dir, name, NULL);
    }
  /* A GdkMemoryTexture: no GL context needed, safe off the main thread. */
  png = gdk_texture_save_to_png_bytes (job->texture);
  if (!g_file_set_contents_full (path, g_bytes_get_data (png, NULL), (gssize) g_bytes_get_size (png),
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0644, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&path), g_free);
}

void
ioc_video_save_snapshot_async (IocVideo            *self,
                               const char          *dir,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GdkTexture *texture = ioc_video_get_texture (self);
  g_autoptr(GDateTime) now = ioc_province_now ();
  SnapshotJob *job;

  g_task_set_source_tag (task, ioc_video_save_snapshot_async);
  if (texture == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s", _("There is no picture to save yet."));
      return;
    }
  job = g_new0 (SnapshotJob, 1);
  job->texture = g_object_ref (texture);
  job->dir = g_strdup (dir);
  job->name = ioc_video_snapshot_name (self->title, now);
  g_task_set_task_data (task, job, snapshot_job_free);
  g_task_run_in_thread (task, save_snapshot_thread);
}

char *
ioc_video_save_snapshot_finish (IocVideo      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
