/* ioc-video-pipe.h — one RTSP → BGRA pipeline behind an IocVideo (private)
 *
 *   rtspsrc ! rtph264depay ! avdec_h264 ! videoconvertscale
 *           ! video/x-raw,format=BGRA[,width=W] ! appsink max-buffers=1 drop=true sync=false
 *
 * Everything GStreamer does — gst_init, building the pipeline, the state
 * changes (a TEARDOWN to a dead camera can block for seconds) — runs in a
 * worker thread; decoding and conversion run in the pipeline's streaming
 * thread. The GTK main loop only receives, through g_main_context_invoke,
 * "a frame is waiting" (the newest decoded frame sits in a one-frame slot:
 * a frame not taken before the next one arrives is dropped and counted) and
 * "the pipeline failed, and why". All calls below are for the main thread.
 */
#pragma once

#include <gdk/gdk.h>

G_BEGIN_DECLS

typedef enum {
  IOC_VIDEO_PIPE_FAIL_OTHER,
  IOC_VIDEO_PIPE_FAIL_REFUSED,     /* could not connect (refused, no route, no such host) */
  IOC_VIDEO_PIPE_FAIL_TIMEOUT,     /* connected, but no answer */
  IOC_VIDEO_PIPE_FAIL_NOT_RTSP,    /* answered, but not in RTSP */
  IOC_VIDEO_PIPE_FAIL_NOT_FOUND,   /* RTSP 404: no such stream */
  IOC_VIDEO_PIPE_FAIL_AUTH,        /* RTSP 401: credentials refused */
  IOC_VIDEO_PIPE_FAIL_CODEC,       /* the video is not H.264 (detail: its encoding) */
  IOC_VIDEO_PIPE_FAIL_NO_VIDEO,    /* no video stream at all */
  IOC_VIDEO_PIPE_FAIL_CLOSED,      /* the stream ended: the camera closed the connection */
} IocVideoPipeFailure;

/* A decoded BGRA frame, shared by the pipe and the textures made from it. */
typedef struct _IocVideoFrame IocVideoFrame;

IocVideoFrame *ioc_video_frame_ref         (IocVideoFrame *frame);
void           ioc_video_frame_unref       (IocVideoFrame *frame);
int            ioc_video_frame_get_width   (IocVideoFrame *frame);
int            ioc_video_frame_get_height  (IocVideoFrame *frame);
/* A GdkMemoryTexture on the frame's pixels (no copy: it keeps the frame). */
GdkTexture    *ioc_video_frame_to_texture  (IocVideoFrame *frame);
/* The capture stamp read at decoding (ioc-sim-timecode.h), when asked. */
gboolean       ioc_video_frame_get_stamp   (IocVideoFrame *frame,
                                            guint32       *stamp);
/* When the frame left the decoder (g_get_monotonic_time). */
gint64         ioc_video_frame_get_decoded_at (IocVideoFrame *frame);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IocVideoFrame, ioc_video_frame_unref)

typedef struct _IocVideoPipe IocVideoPipe;

typedef struct {
  /* A new frame is in the slot: take it with ioc_video_pipe_take_frame(). */
  void (*frame)  (gpointer owner, IocVideoPipe *pipe);
  /* The pipeline stopped for good; close the pipe. */
  void (*failed) (gpointer owner, IocVideoPipe *pipe, IocVideoPipeFailure why, const char *detail);
} IocVideoPipeCallbacks;

typedef struct {
  guint    latency_ms;      /* rtspsrc jitter buffer */
  gboolean tcp;             /* RTP interleaved in the RTSP connection (else UDP) */
  guint    timeout_s;       /* connect / answer timeout */
  guint    decoder_threads; /* avdec_h264 max-threads (0 = one per core) */
  gboolean read_stamp;      /* read the simulator's capture stamp of each frame */
  int      width;           /* scale to this width in the pipeline (0 = as decoded) */
} IocVideoPipeOptions;

/* Starts playing @uri (an rtsp:// or rtsps:// URI) in a worker thread. */
IocVideoPipe  *ioc_video_pipe_new          (const char                  *uri,
                                            const IocVideoPipeOptions   *options,
                                            const IocVideoPipeCallbacks *callbacks,
                                            gpointer                     owner);
/* Detaches the owner (no callback after this), stops the pipeline in a
 * worker thread and drops the owner's reference. */
void           ioc_video_pipe_close        (IocVideoPipe                *pipe);
const char    *ioc_video_pipe_get_uri      (IocVideoPipe                *pipe);
/* The address for logs: its password hidden. */
const char    *ioc_video_pipe_get_log_uri  (IocVideoPipe                *pipe);
/* The newest frame not taken yet, or NULL. */
IocVideoFrame *ioc_video_pipe_take_frame   (IocVideoPipe                *pipe);
/* Frames that reached the end of the pipeline, and those of them replaced
 * in the slot before the main loop took them. */
void           ioc_video_pipe_get_counts   (IocVideoPipe                *pipe,
                                            guint64                     *decoded,
                                            guint64                     *replaced);
/* Scale to @width in the pipeline (0: as decoded); renegotiates. */
void           ioc_video_pipe_set_width    (IocVideoPipe                *pipe,
                                            int                          width);

/* For tests and benchmarks: pipelines not yet torn down, frames alive. */
guint          ioc_video_pipe_count_alive  (void);
guint          ioc_video_frame_count_alive (void);

G_END_DECLS
