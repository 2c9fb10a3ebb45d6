/* ioc-video-pipe.c — see ioc-video-pipe.h
 *
 * Threads and locks. A pipe is built and torn down by jobs of one shared
 * thread pool, serialised per pipe by state_lock (a teardown waits for the
 * build it follows). The streaming threads (rtspsrc's task, the decoder's
 * output) touch only the fields under lock: the frame slot, the counters
 * and what select-stream learnt. The main thread owns `owner` and hears
 * from the others only through g_main_context_invoke_full(), each
 * invocation holding a reference. The pipeline's signals and the appsink
 * callbacks use the pipe without a reference: the teardown job takes the
 * pipeline to NULL (which joins its threads) before it drops its own.
 */
#include "config.h"

#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "ioc-video"

#include "ioc-video-pipe.h"
#include "ioc-sim-timecode.h"

#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/rtsp/rtsp.h>
#include <gst/video/video.h>
#include <string.h>

struct _IocVideoFrame
{
  gatomicrefcount ref;
  GstVideoFrame   vframe;     /* mapped for reading */
  guint32         stamp;
  gboolean        has_stamp;
  gint64          decoded_at;
};

struct _IocVideoPipe
{
  gatomicrefcount        ref;
  char                  *uri;
  char                  *log_uri;        /* without the password */
  IocVideoPipeOptions    options;
  IocVideoPipeCallbacks  callbacks;
  gpointer               owner;           /* main thread only; NULL once closed */

  GMutex                 state_lock;      /* build and teardown */
  GstElement            *pipeline;        /* under state_lock */

  GMutex                 lock;            /* everything below */
  GCond                  settled_cond;
  gboolean               settled;         /* PLAY answered, a frame came, or it failed */
  gboolean               closing;
  gboolean               failed;          /* one failure is reported */
  GstElement            *capsfilter;
  int                    width;
  IocVideoFrame         *slot;
  gboolean               notify_pending;
  guint64                decoded, replaced;
  gboolean               have_video;
  char                  *rejected_codec;  /* a video stream that is not H.264 */
  /* streaming thread of the decoder's output only */
  GstVideoInfo           dec_info;
  gboolean               dec_info_valid;
  guint32                last_stamp;
  gboolean               last_has_stamp;
  GstCaps               *sink_caps;
  GstVideoInfo           sink_info;
};

static gint alive_pipelines;
static gint alive_frames;

static IocVideoPipe *
ioc_video_pipe_ref (IocVideoPipe *pipe)
{
  g_atomic_ref_count_inc (&pipe->ref);
  return pipe;
}

static void
ioc_video_pipe_unref (IocVideoPipe *pipe)
{
  if (!g_atomic_ref_count_dec (&pipe->ref))
    return;
  g_assert (pipe->pipeline == NULL);
  g_clear_pointer (&pipe->slot, ioc_video_frame_unref);
  g_clear_pointer (&pipe->sink_caps, gst_caps_unref);
  g_free (pipe->rejected_codec);
  g_free (pipe->uri);
  g_free (pipe->log_uri);
  g_mutex_clear (&pipe->state_lock);
  g_mutex_clear (&pipe->lock);
  g_cond_clear (&pipe->settled_cond);
  g_free (pipe);
}

/* ---- frames ----------------------------------------------------------- */

IocVideoFrame *
ioc_video_frame_ref (IocVideoFrame *frame)
{
  g_atomic_ref_count_inc (&frame->ref);
  return frame;
}

void
ioc_video_frame_unref (IocVideoFrame *frame)
{
  if (!g_atomic_ref_count_dec (&frame->ref))
    return;
  gst_video_frame_unmap (&frame->vframe);
  g_free (frame);
  g_atomic_int_add (&alive_frames, -1);
}

int
ioc_video_frame_get_width (IocVideoFrame *frame)
{
  return GST_VIDEO_FRAME_WIDTH (&frame->vframe);
}

int
ioc_video_frame_get_height (IocVideoFrame *frame)
{
  return GST_VIDEO_FRAME_HEIGHT (&frame->vframe);
}

gboolean
ioc_video_frame_get_stamp (IocVideoFrame *frame,
                           guint32       *stamp)
{
  *stamp = frame->stamp;
  return frame->has_stamp;
}

gint64
ioc_video_frame_get_decoded_at (IocVideoFrame *frame)
{
  return frame->decoded_at;
}

GdkTexture *
ioc_video_frame_to_texture (IocVideoFrame *frame)
{
  gsize stride = GST_VIDEO_FRAME_PLANE_STRIDE (&frame->vframe, 0);
  int height = GST_VIDEO_FRAME_HEIGHT (&frame->vframe);
  g_autoptr(GBytes) bytes = g_bytes_new_with_free_func (GST_VIDEO_FRAME_PLANE_DATA (&frame->vframe, 0),
                                                        stride * height,
                                                        (GDestroyNotify) ioc_video_frame_unref,
                                                        ioc_video_frame_ref (frame));

  /* BGRA with alpha 255 is its own premultiplied form: GTK's native
   * layout, uploaded as is. */
  return gdk_memory_texture_new (GST_VIDEO_FRAME_WIDTH (&frame->vframe), height,
                                 GDK_MEMORY_B8G8R8A8_PREMULTIPLIED, bytes, stride);
}

guint
ioc_video_frame_count_alive (void)
{
  return (guint) g_atomic_int_get (&alive_frames);
}

guint
ioc_video_pipe_count_alive (void)
{
  return (guint) g_atomic_int_get (&alive_pipelines);
}

/* ---- to the main loop ------------------------------------------------- */

static gboolean
deliver_frame (gpointer data)
{
  IocVideoPipe *pipe = data;

  g_mutex_lock (&pipe->lock);
  pipe->notify_pending = FALSE;
  g_mutex_unlock (&pipe->lock);
  if (pipe->owner != NULL)
    pipe->callbacks.frame (pipe->owner, pipe);
  return G_SOURCE_REMOVE;
}

typedef struct {
  IocVideoPipe       *pipe;
  IocVideoPipeFailure why;
  char               *detail;
} Failure;

static void
failure_free (gpointer data)
{
  Failure *f = data;

  ioc_video_pipe_unref (f->pipe);
  g_free (f->detail);
  g_free (f);
}

static gboolean
deliver_failure (gpointer data)
{
  Failure *f = data;

  if (f->pipe->owner != NULL)
    f->pipe->callbacks.failed (f->pipe->owner, f->pipe, f->why, f->detail);
  return G_SOURCE_REMOVE;
}

/* Any thread. Only the first failure of a pipe is reported. */
static void
report_failure (IocVideoPipe        *pipe,
                IocVideoPipeFailure  why,
                const char          *detail)
{
  Failure *f;

  g_mutex_lock (&pipe->lock);
  if (pipe->failed || pipe->closing)
    {
      pipe->settled = TRUE;
      g_cond_broadcast (&pipe->settled_cond);
      g_mutex_unlock (&pipe->lock);
      return;
    }
  pipe->failed = TRUE;
  /* A camera whose only video is not H.264 fails with a generic "no
   * stream" error: say what it sends instead. */
  if (!pipe->have_video && why != IOC_VIDEO_PIPE_FAIL_CLOSED && why != IOC_VIDEO_PIPE_FAIL_REFUSED &&
      why != IOC_VIDEO_PIPE_FAIL_TIMEOUT && why != IOC_VIDEO_PIPE_FAIL_NOT_RTSP &&
      why != IOC_VIDEO_PIPE_FAIL_NOT_FOUND && why != IOC_VIDEO_PIPE_FAIL_AUTH)
    {
      if (pipe->rejected_codec != NULL)
        {
          why = IOC_VIDEO_PIPE_FAIL_CODEC;
          detail = pipe->rejected_codec;
        }
      else if (why == IOC_VIDEO_PIPE_FAIL_OTHER)
        why = IOC_VIDEO_PIPE_FAIL_NO_VIDEO;
    }
  pipe->settled = TRUE;
  g_cond_broadcast (&pipe->settled_cond);
  f = g_new0 (Failure, 1);
  f->pipe = ioc_video_pipe_ref (pipe);
  f->why = why;
  f->detail = g_strdup (detail);
  g_mutex_unlock (&pipe->lock);
  g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, deliver_failure, f, failure_free);
}

/* ---- the streaming threads -------------------------------------------- */

/* The simulator's capture stamp (ioc-sim-timecode.h) from the luma plane
 * of a decoded frame: the same blocks ioc_timecode_read_rgb4() reads from
 * BGRA, read before any scaling moves them. */
static gboolean
read_stamp (GstBuffer    *buffer,
            GstVideoInfo *info,
            guint32      *out)
{
  GstVideoFrame frame;
  int width = GST_VIDEO_INFO_WIDTH (info), height = GST_VIDEO_INFO_HEIGHT (info);
  int bw = width / IOC_TIMECODE_DIVISOR, y = height - bw / 2 - 1;
  guint32 v = 0;

  if (!GST_VIDEO_FORMAT_INFO_IS_YUV (info->finfo) || GST_VIDEO_FORMAT_INFO_DEPTH (info->finfo, 0) != 8 ||
      GST_VIDEO_FORMAT_INFO_PSTRIDE (info->finfo, 0) != 1 || bw < 2 || y < 0 ||
      !gst_video_frame_map (&frame, info, buffer, GST_MAP_READ))
    return FALSE;
  for (int i = 0; i < IOC_TIMECODE_BITS; i++)
    {
      const guint8 *row = (const guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&frame, 0) +
                          (gsize) y * GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0);
      v = (v << 1) | (row[i * bw + bw / 2] > 128 ? 1u : 0u);
    }
  gst_video_frame_unmap (&frame);
  *out = v;
  return TRUE;
}

static GstPadProbeReturn
on_decoded (GstPad          *pad,
            GstPadProbeInfo *info,
            gpointer         data)
{
  IocVideoPipe *pipe = data;

  if (info->type & GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM)
    {
      GstEvent *event = GST_PAD_PROBE_INFO_EVENT (info);
      if (GST_EVENT_TYPE (event) == GST_EVENT_CAPS)
        {
          GstCaps *caps;
          gst_event_parse_caps (event, &caps);
          pipe->dec_info_valid = gst_video_info_from_caps (&pipe->dec_info, caps);
        }
      return GST_PAD_PROBE_OK;
    }
  if (pipe->dec_info_valid)
    pipe->last_has_stamp = read_stamp (GST_PAD_PROBE_INFO_BUFFER (info), &pipe->dec_info, &pipe->last_stamp);
  return GST_PAD_PROBE_OK;
}

static GstFlowReturn
on_new_sample (GstAppSink *sink,
               gpointer    data)
{
  IocVideoPipe *pipe = data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  GstCaps *caps;
  IocVideoFrame *frame, *old;
  gboolean notify;

  if (sample == NULL)
    return GST_FLOW_EOS;
  caps = gst_sample_get_caps (sample);
  if (caps != pipe->sink_caps)
    {
      if (caps == NULL || !gst_video_info_from_caps (&pipe->sink_info, caps))
        return GST_FLOW_OK;
      gst_caps_replace (&pipe->sink_caps, caps);
    }
  frame = g_new0 (IocVideoFrame, 1);
  g_atomic_ref_count_init (&frame->ref);
  if (!gst_video_frame_map (&frame->vframe, &pipe->sink_info, gst_sample_get_buffer (sample), GST_MAP_READ))
    {
      g_free (frame);
      return GST_FLOW_OK;
    }
  g_atomic_int_inc (&alive_frames);
  frame->decoded_at = g_get_monotonic_time ();
  frame->stamp = pipe->last_stamp;
  frame->has_stamp = pipe->last_has_stamp;
  pipe->last_has_stamp = FALSE;

  g_mutex_lock (&pipe->lock);
  old = pipe->slot;
  pipe->slot = frame;
  pipe->decoded++;
  if (!pipe->settled)
    {
      pipe->settled = TRUE;
      g_cond_broadcast (&pipe->settled_cond);
    }
  if (old != NULL)
    pipe->replaced++;
  notify = !pipe->notify_pending && !pipe->closing;
  if (notify)
    pipe->notify_pending = TRUE;
  g_mutex_unlock (&pipe->lock);
  if (old != NULL)
    ioc_video_frame_unref (old);
  if (notify)
    g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, deliver_frame, ioc_video_pipe_ref (pipe),
                                (GDestroyNotify) ioc_video_pipe_unref);
  return GST_FLOW_OK;
}

/* Only the first H.264 video stream is set up: no audio, no metadata. */
static gboolean
on_select_stream (GstElement *src,
                  guint       num,
                  GstCaps    *caps,
                  gpointer    data)
{
  IocVideoPipe *pipe = data;
  GstStructure *s = gst_caps_get_size (caps) > 0 ? gst_caps_get_structure (caps, 0) : NULL;
  const char *media = s != NULL ? gst_structure_get_string (s, "media") : NULL;
  const char *encoding = s != NULL ? gst_structure_get_string (s, "encoding-name") : NULL;
  gboolean take = FALSE;

  if (g_strcmp0 (media, "video") != 0)
    return FALSE;
  g_mutex_lock (&pipe->lock);
  if (encoding != NULL && g_ascii_strcasecmp (encoding, "H264") == 0 && !pipe->have_video)
    take = pipe->have_video = TRUE;
  else if (pipe->rejected_codec == NULL)
    pipe->rejected_codec = g_strdup (encoding != NULL ? encoding : "?");
  g_mutex_unlock (&pipe->lock);
  return take;
}

/* No PAUSE and no TEARDOWN on the way to NULL: rtspsrc 1.22 keeps pushing
 * the RTP it reads while it waits for the TEARDOWN answer on an
 * interleaved connection, with a critical ("seqnum != GST_SEQNUM_INVALID")
 * when that races with the flush. Closing the connection ends the session
 * just as well: the server drops a TCP session whose connection is gone
 * (cameras do the same, or time it out). */
static gboolean
on_before_send (GstElement     *src,
                GstRTSPMessage *message,
                gpointer        data)
{
  GstRTSPMethod method;

  if (gst_rtsp_message_get_type (message) != GST_RTSP_MESSAGE_REQUEST ||
      gst_rtsp_message_parse_request (message, &method, NULL, NULL) != GST_RTSP_OK)
    return TRUE;
  return method != GST_RTSP_TEARDOWN && method != GST_RTSP_PAUSE;
}

static void
on_pad_added (GstElement *src,
              GstPad     *pad,
              gpointer    data)
{
  GstElement *depay = data;
  g_autoptr(GstPad) sink = gst_element_get_static_pad (depay, "sink");

  if (!gst_pad_is_linked (sink) && gst_pad_link (pad, sink) != GST_PAD_LINK_OK)
    g_debug ("could not link %s", GST_PAD_NAME (pad));
}

/* The last line of a GStreamer debug string ("…:\nFailed to connect."). */
static const char *
debug_tail (const char *debug)
{
  const char *nl = debug != NULL ? strrchr (debug, '\n') : NULL;

  return nl != NULL ? nl + 1 : debug != NULL ? debug : "";
}

static IocVideoPipeFailure
classify (const GError *error,
          const char   *debug)
{
  const char *tail = debug_tail (debug);

  if (error->domain == GST_RESOURCE_ERROR)
    switch (error->code)
      {
      case GST_RESOURCE_ERROR_NOT_FOUND:
        return IOC_VIDEO_PIPE_FAIL_NOT_FOUND;
      case GST_RESOURCE_ERROR_NOT_AUTHORIZED:
        return IOC_VIDEO_PIPE_FAIL_AUTH;
      default:
        break;
      }
  /* gst_rtsp_strresult() texts, as rtspsrc puts them in the debug string. */
  if (strstr (tail, "Timeout") != NULL || strstr (tail, "timed out") != NULL)
    return IOC_VIDEO_PIPE_FAIL_TIMEOUT;
  if (strstr (tail, "Parse error") != NULL || strstr (tail, "Invalid") != NULL)
    return IOC_VIDEO_PIPE_FAIL_NOT_RTSP;
  if (strstr (tail, "closed the connection") != NULL || strstr (tail, "Connection closed") != NULL ||
      strstr (tail, "EOF") != NULL)
    return IOC_VIDEO_PIPE_FAIL_CLOSED;
  if (strstr (tail, "connect") != NULL || strstr (tail, "resolve") != NULL ||
      (error->domain == GST_RESOURCE_ERROR && (error->code == GST_RESOURCE_ERROR_OPEN_READ_WRITE ||
                                               error->code == GST_RESOURCE_ERROR_OPEN_READ)))
    return IOC_VIDEO_PIPE_FAIL_REFUSED;
  return IOC_VIDEO_PIPE_FAIL_OTHER;
}

static GstBusSyncReply
on_bus (GstBus     *bus,
        GstMessage *message,
        gpointer    data)
{
  IocVideoPipe *pipe = data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *debug = NULL;
        g_autofree char *detail = NULL;

        gst_message_parse_error (message, &error, &debug);
        detail = g_strdup_printf ("%s (%s)", error->message, debug_tail (debug));
        g_debug ("%s: %s", pipe->log_uri, detail);
        report_failure (pipe, classify (error, debug), detail);
      }
      break;
    case GST_MESSAGE_WARNING:
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *debug = NULL;

        gst_message_parse_warning (message, &error, &debug);
        g_debug ("%s: warning %s (%s)", pipe->log_uri, error->message, debug_tail (debug));
        /* "The server closed the connection." comes as a warning, then EOS. */
        if (classify (error, debug) == IOC_VIDEO_PIPE_FAIL_CLOSED)
          report_failure (pipe, IOC_VIDEO_PIPE_FAIL_CLOSED, debug_tail (debug));
      }
      break;
    case GST_MESSAGE_EOS:
      report_failure (pipe, IOC_VIDEO_PIPE_FAIL_CLOSED, "end of stream");
      break;
    case GST_MESSAGE_PROGRESS:
      {
        GstProgressType type;
        g_autofree char *code = NULL;

        gst_message_parse_progress (message, &type, &code, NULL);
        /* The PLAY request answered (or the opening given up): from now on
         * the connection can be torn down cleanly. */
        if ((type == GST_PROGRESS_TYPE_COMPLETE && g_strcmp0 (code, "request") == 0) ||
            type == GST_PROGRESS_TYPE_ERROR || type == GST_PROGRESS_TYPE_CANCELED)
          {
            g_mutex_lock (&pipe->lock);
            pipe->settled = TRUE;
            g_cond_broadcast (&pipe->settled_cond);
            g_mutex_unlock (&pipe->lock);
          }
      }
      break;
    default:
      break;
    }
  /* A sync handler that drops a message owns it. */
  gst_message_unref (message);
  return GST_BUS_DROP;
}

/* ---- building and tearing down (worker threads) ----------------------- */

static GstCaps *
sink_caps (int width)
{
  GstCaps *caps = gst_caps_new_simple ("video/x-raw",
                                       "format", G_TYPE_STRING, "BGRA",
                                       "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1,
                                       NULL);
  if (width > 0)
    gst_caps_set_simple (caps, "width", G_TYPE_INT, width, NULL);
  return caps;
}

static GstElement *
make (const char  *factory,
      GString     *missing)
{
  GstElement *e = gst_element_factory_make (factory, NULL);

  if (e == NULL)
    g_string_append_printf (missing, "%s%s", missing->len > 0 ? ", " : "", factory);
  return e;
}

static void
build (IocVideoPipe *pipe)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) missing = g_string_new (NULL);
  GstElement *pipeline, *src, *depay, *dec, *conv, *filter, *sink;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstPad) dec_src = NULL;
  g_autoptr(GstCaps) caps = NULL;
  GstAppSinkCallbacks callbacks = { .new_sample = on_new_sample };
  gboolean closing;
  int width;

  if (!gst_init_check (NULL, NULL, &error))
    {
      report_failure (pipe, IOC_VIDEO_PIPE_FAIL_OTHER, error->message);
      return;
    }
  g_mutex_lock (&pipe->lock);
  closing = pipe->closing;
  width = pipe->width;
  g_mutex_unlock (&pipe->lock);
  if (closing)
    return;

  src = make ("rtspsrc", missing);
  depay = make ("rtph264depay", missing);
  dec = make ("avdec_h264", missing);
  conv = make ("videoconvertscale", missing);
  filter = make ("capsfilter", missing);
  sink = make ("appsink", missing);
  if (missing->len > 0)
    {
      g_autofree char *detail = g_strdup_printf ("missing GStreamer elements: %s", missing->str);
      GstElement *made[] = { src, depay, dec, conv, filter, sink };

      for (guint i = 0; i < G_N_ELEMENTS (made); i++)
        if (made[i] != NULL)
          gst_object_unref (gst_object_ref_sink (made[i]));
      report_failure (pipe, IOC_VIDEO_PIPE_FAIL_OTHER, detail);
      return;
    }

  g_object_set (src,
                "location", pipe->uri,
                "latency", pipe->options.latency_ms,
                "tcp-timeout", (guint64) pipe->options.timeout_s * G_USEC_PER_SEC,
                "timeout", (guint64) pipe->options.timeout_s * G_USEC_PER_SEC,
                "drop-on-latency", TRUE,
                "do-retransmission", FALSE,
                "user-agent", "IOC console (GStreamer)",
                NULL);
  gst_util_set_object_arg (G_OBJECT (src), "protocols", pipe->options.tcp ? "tcp" : "udp+tcp");
  g_signal_connect (src, "select-stream", G_CALLBACK (on_select_stream), pipe);
  g_signal_connect (src, "before-send", G_CALLBACK (on_before_send), NULL);
  g_signal_connect_object (src, "pad-added", G_CALLBACK (on_pad_added), depay, 0);
  /* The first picture a viewer shows is a clean one. */
  g_object_set (dec, "output-corrupt", FALSE, "max-threads", (int) pipe->options.decoder_threads, NULL);
  caps = sink_caps (width);
  g_object_set (filter, "caps", caps, NULL);
  g_object_set (sink, "max-buffers", 1, "drop", TRUE, "sync", FALSE, "qos", FALSE,
                "enable-last-sample", FALSE, NULL);
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, pipe, NULL);
  if (pipe->options.read_stamp)
    {
      dec_src = gst_element_get_static_pad (dec, "src");
      gst_pad_add_probe (dec_src, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM,
                         on_decoded, pipe, NULL);
    }

  pipeline = gst_pipeline_new (NULL);
  gst_bin_add_many (GST_BIN (pipeline), src, depay, dec, conv, filter, sink, NULL);
  if (!gst_element_link_many (depay, dec, conv, filter, sink, NULL))
    {
      gst_object_unref (pipeline);
      report_failure (pipe, IOC_VIDEO_PIPE_FAIL_OTHER, "could not link the decoding elements");
      return;
    }
  bus = gst_element_get_bus (pipeline);
  gst_bus_set_sync_handler (bus, on_bus, pipe, NULL);

  g_mutex_lock (&pipe->lock);
  pipe->capsfilter = filter;
  g_mutex_unlock (&pipe->lock);
  pipe->pipeline = pipeline;
  g_atomic_int_inc (&alive_pipelines);
  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    report_failure (pipe, IOC_VIDEO_PIPE_FAIL_OTHER, "the pipeline did not start");
}

static void
teardown (IocVideoPipe *pipe)
{
  GstElement *pipeline = pipe->pipeline;
  g_autoptr(GstBus) bus = NULL;

  if (pipeline == NULL)
    return;
  /* rtspsrc in 1.22 may hit a critical when taken down in the middle of
   * its RTSP handshake: let the handshake finish first (a few hundred
   * milliseconds on a LAN; at most 3 s for a camera that hangs). */
  {
    gint64 until = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;

    g_mutex_lock (&pipe->lock);
    while (!pipe->settled && g_cond_wait_until (&pipe->settled_cond, &pipe->lock, until))
      ;
    g_mutex_unlock (&pipe->lock);
  }
  /* Joins the streaming threads: no callback runs after this. */
  gst_element_set_state (pipeline, GST_STATE_NULL);
  bus = gst_element_get_bus (pipeline);
  gst_bus_set_sync_handler (bus, NULL, NULL, NULL);
  g_mutex_lock (&pipe->lock);
  pipe->capsfilter = NULL;
  g_mutex_unlock (&pipe->lock);
  pipe->pipeline = NULL;
  gst_object_unref (pipeline);
  g_atomic_int_add (&alive_pipelines, -1);
}

typedef enum { JOB_BUILD, JOB_TEARDOWN } JobKind;

typedef struct {
  IocVideoPipe *pipe;
  JobKind       kind;
} Job;

static void
run_job (gpointer data,
         gpointer user_data)
{
  Job *job = data;

  g_mutex_lock (&job->pipe->state_lock);
  if (job->kind == JOB_BUILD)
    build (job->pipe);
  else
    teardown (job->pipe);
  g_mutex_unlock (&job->pipe->state_lock);
  ioc_video_pipe_unref (job->pipe);
  g_free (job);
}

static void
push_job (IocVideoPipe *pipe,
          JobKind       kind)
{
  static GThreadPool *pool;
  Job *job = g_new0 (Job, 1);

  if (g_once_init_enter (&pool))
    {
      /* Not exclusive, up to 32 threads: a teardown that waits on a dead
       * camera must not hold up the start of another. */
      GThreadPool *p = g_thread_pool_new (run_job, NULL, 32, FALSE, NULL);
      g_once_init_leave (&pool, p);
    }
  job->pipe = ioc_video_pipe_ref (pipe);
  job->kind = kind;
  g_thread_pool_push (pool, job, NULL);
}

/* ---- the main thread's side ------------------------------------------- */

IocVideoPipe *
ioc_video_pipe_new (const char                  *uri,
                    const IocVideoPipeOptions   *options,
                    const IocVideoPipeCallbacks *callbacks,
                    gpointer                     owner)
{
  IocVideoPipe *pipe = g_new0 (IocVideoPipe, 1);

  g_atomic_ref_count_init (&pipe->ref);
  g_mutex_init (&pipe->state_lock);
  g_mutex_init (&pipe->lock);
  g_cond_init (&pipe->settled_cond);
  pipe->uri = g_strdup (uri);
  {
    g_autoptr(GUri) u = uri != NULL ? g_uri_parse (uri, G_URI_FLAGS_NONE, NULL) : NULL;
    pipe->log_uri = u != NULL ? g_uri_to_string_partial (u, G_URI_HIDE_PASSWORD) : g_strdup ("(not a URI)");
  }
  pipe->options = *options;
  pipe->callbacks = *callbacks;
  pipe->owner = owner;
  pipe->width = options->width;
  push_job (pipe, JOB_BUILD);
  return pipe;
}

void
ioc_video_pipe_close (IocVideoPipe *pipe)
{
  pipe->owner = NULL;
  g_mutex_lock (&pipe->lock);
  pipe->closing = TRUE;
  g_mutex_unlock (&pipe->lock);
  push_job (pipe, JOB_TEARDOWN);
  ioc_video_pipe_unref (pipe);
}

const char *
ioc_video_pipe_get_uri (IocVideoPipe *pipe)
{
  return pipe->uri;
}

const char *
ioc_video_pipe_get_log_uri (IocVideoPipe *pipe)
{
  return pipe->log_uri;
}

IocVideoFrame *
ioc_video_pipe_take_frame (IocVideoPipe *pipe)
{
  IocVideoFrame *frame;

  g_mutex_lock (&pipe->lock);
  frame = g_steal_pointer (&pipe->slot);
  g_mutex_unlock (&pipe->lock);
  return frame;
}

void
ioc_video_pipe_get_counts (IocVideoPipe *pipe,
                           guint64      *decoded,
                           guint64      *replaced)
{
  g_mutex_lock (&pipe->lock);
  *decoded = pipe->decoded;
  *replaced = pipe->replaced;
  g_mutex_unlock (&pipe->lock);
}

void
ioc_video_pipe_set_width (IocVideoPipe *pipe,
                          int           width)
{
  GstElement *filter = NULL;

  g_mutex_lock (&pipe->lock);
  if (pipe->width != width)
    {
      pipe->width = width;
      if (pipe->capsfilter != NULL)
        filter = gst_object_ref (pipe->capsfilter);
    }
  g_mutex_unlock (&pipe->lock);
  if (filter != NULL)
    {
      g_autoptr(GstCaps) caps = sink_caps (width);
      /* capsfilter takes the new caps under its object lock and asks
       * upstream to renegotiate. */
      g_object_set (filter, "caps", caps, NULL);
      gst_object_unref (filter);
    }
}
