/* ioc-video-paintable.h — the picture of an IocVideo: a GdkPaintable
 * showing the newest decoded frame
 *
 * Each frame pushed replaces the texture and invalidates the contents (the
 * size only when it changed), so whatever draws the paintable — a
 * GtkPicture, a snapshot — redraws on the next frame clock tick without
 * being handed a new paintable. It also keeps the figures of what was
 * really painted: frames shown, frames replaced before they were painted,
 * and (with the simulator's capture stamp) the glass-to-glass latency at
 * the moment each frame is first snapshotted.
 */
#pragma once

#include <gdk/gdk.h>

#include "ioc-video-pipe.h"

G_BEGIN_DECLS

#define IOC_TYPE_VIDEO_PAINTABLE (ioc_video_paintable_get_type ())
G_DECLARE_FINAL_TYPE (IocVideoPaintable, ioc_video_paintable, IOC, VIDEO_PAINTABLE, GObject)

IocVideoPaintable *ioc_video_paintable_new          (void);
/* Shows @frame (main thread). */
void               ioc_video_paintable_push         (IocVideoPaintable *self,
                                                     IocVideoFrame     *frame);
/* Shows nothing (an empty paintable of the last size). */
void               ioc_video_paintable_clear        (IocVideoPaintable *self);
/* The texture shown, or NULL. */
GdkTexture        *ioc_video_paintable_get_texture  (IocVideoPaintable *self);
/* Frames painted at least once, and frames replaced before being painted. */
guint64            ioc_video_paintable_get_shown    (IocVideoPaintable *self);
guint64            ioc_video_paintable_get_unpainted (IocVideoPaintable *self);
/* Latencies (ms, capture stamp → first snapshot) since the last call. */
GArray            *ioc_video_paintable_take_latencies (IocVideoPaintable *self);

G_END_DECLS
