/* ioc-video.h — a live RTSP camera picture with its state on top
 *
 * IocVideo plays a camera's H.264 RTSP stream (ioc-video-pipe.h: decoded
 * and converted off the GTK main loop) into an IocVideoPaintable, and says
 * on the picture what is going on:
 *
 *   connecting   "Connecting…"
 *   live         the picture, with the camera's name and the local time
 *   stalled      no new picture for a few seconds (the last one stays)
 *   offline      the stream was lost: the last picture greyed, the time it
 *                was lost, and the countdown to the next try
 *   unreachable  cannot connect, no answer, or no such stream (RTSP 404)
 *   not RTSP     not an rtsp:// address, or the server does not speak RTSP
 *   unsupported  the camera sends something else than H.264
 *   error        anything else (such as RTSP 401), with the reason
 *
 * It reconnects by itself with backoff (1, 2, 4, 8, 8 … s; a camera that
 * answers wrongly is retried every 30–60 s). It plays only while mapped: an
 * unmapped video (a hidden tile, another wall shown, a closed panel) has
 * no pipeline. With two addresses it plays the sub-stream while small and
 * the main stream when large (switching without a black gap: the new
 * stream replaces the old one at its first frame).
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum {
  IOC_VIDEO_STATE_IDLE,         /* no address, or not mapped */
  IOC_VIDEO_STATE_CONNECTING,
  IOC_VIDEO_STATE_LIVE,
  IOC_VIDEO_STATE_STALLED,
  IOC_VIDEO_STATE_OFFLINE,
  IOC_VIDEO_STATE_UNREACHABLE,
  IOC_VIDEO_STATE_NOT_RTSP,
  IOC_VIDEO_STATE_UNSUPPORTED,
  IOC_VIDEO_STATE_ERROR,
} IocVideoState;

typedef enum {
  IOC_VIDEO_STREAM_AUTO,        /* sub-stream below ~400 px wide, main above */
  IOC_VIDEO_STREAM_MAIN,
  IOC_VIDEO_STREAM_SUB,
} IocVideoStream;

#define IOC_TYPE_VIDEO_STATE (ioc_video_state_get_type ())
GType ioc_video_state_get_type (void);
#define IOC_TYPE_VIDEO_STREAM (ioc_video_stream_get_type ())
GType ioc_video_stream_get_type (void);

#define IOC_TYPE_VIDEO (ioc_video_get_type ())
G_DECLARE_FINAL_TYPE (IocVideo, ioc_video, IOC, VIDEO, GtkWidget)

typedef struct {
  guint64 decoded;       /* frames out of the decoder */
  guint64 shown;         /* frames painted */
  guint64 dropped;       /* decoded, never painted (a newer one came first) */
  guint   failures;      /* streams lost or refused while mapped */
  guint   stalls;        /* times the picture stopped for the stall time */
  gint64  max_gap_us;    /* longest wait between two frames while live */
} IocVideoStats;

GtkWidget     *ioc_video_new                 (void);
/* The camera: its name (shown on the picture) and its two addresses
 * (@sub_uri may be NULL). Restarts when mapped. */
void           ioc_video_set_camera          (IocVideo       *self,
                                              const char     *title,
                                              const char     *main_uri,
                                              const char     *sub_uri);
const char    *ioc_video_get_title           (IocVideo       *self);
void           ioc_video_set_stream          (IocVideo       *self,
                                              IocVideoStream  stream);
/* The RTSP jitter buffer (default 150 ms). */
void           ioc_video_set_latency         (IocVideo       *self,
                                              guint           ms);
/* RTP over the RTSP connection (default) or over UDP. */
void           ioc_video_set_tcp             (IocVideo       *self,
                                              gboolean        tcp);
/* Scale down in the pipeline to the widget's width (default TRUE): less
 * to convert and upload for small tiles. */
void           ioc_video_set_downscale       (IocVideo       *self,
                                              gboolean        downscale);
/* Read the simulator's capture stamp of each frame for latency figures. */
void           ioc_video_set_measure_latency (IocVideo       *self,
                                              gboolean        measure);
/* Extra widgets over the picture (a tile's event badge…). */
void           ioc_video_add_overlay         (IocVideo       *self,
                                              GtkWidget      *child);

IocVideoState  ioc_video_get_state           (IocVideo       *self);
/* What the picture says (the state's headline), for tests and tooltips. */
const char    *ioc_video_get_message         (IocVideo       *self);
/* The address being played, NULL when none. */
const char    *ioc_video_get_playing_uri     (IocVideo       *self);
/* The picture shown, NULL when none (a GdkMemoryTexture). */
GdkTexture    *ioc_video_get_texture         (IocVideo       *self);
/* Tries again now (a camera reported back online). */
void           ioc_video_reconnect           (IocVideo       *self);
void           ioc_video_get_stats           (IocVideo       *self,
                                              IocVideoStats  *stats);
/* Glass-to-glass latencies (ms) measured since the last call. */
GArray        *ioc_video_take_latencies      (IocVideo       *self);

/* Saves the current picture as "DIR/<name> <yyyy-mm-dd HH-MM-SS>.png",
 * encoded and written in a worker thread; finishes with the path. */
void           ioc_video_save_snapshot_async (IocVideo            *self,
                                              const char          *dir,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
char          *ioc_video_save_snapshot_finish (IocVideo           *self,
                                               GAsyncResult       *result,
                                               GError            **error);
/* The file name of a snapshot of @title taken at @when (no directory). */
char          *ioc_video_snapshot_name       (const char     *title,
                                              GDateTime      *when);

/* For tests and benchmarks: pipelines running or being torn down, and
 * decoded frames alive in the process. */
guint          ioc_video_count_pipelines     (void);
guint          ioc_video_count_frames        (void);

G_END_DECLS
