/* ioc-video-paintable.c — see ioc-video-paintable.h */
#include "config.h"

#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "ioc-video"

#include "ioc-video-paintable.h"
#include "ioc-sim-timecode.h"

#include <gtk/gtk.h>

/* Enough for a benchmark window; older figures are dropped. */
#define MAX_LATENCIES 8192

struct _IocVideoPaintable
{
  GObject        parent_instance;
  GdkTexture    *texture;
  IocVideoFrame *frame;
  int            width, height;
  gboolean       painted;
  guint64        shown, unpainted;
  GArray        *latencies;     /* gint32 ms */
};

static void paintable_iface_init (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (IocVideoPaintable, ioc_video_paintable, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE, paintable_iface_init))

static void
ioc_video_paintable_snapshot (GdkPaintable *paintable,
                              GdkSnapshot  *snapshot,
                              double        width,
                              double        height)
{
  IocVideoPaintable *self = IOC_VIDEO_PAINTABLE (paintable);

  if (self->texture == NULL)
    return;
  if (!self->painted)
    {
      guint32 stamp;

      self->painted = TRUE;
      self->shown++;
      if (ioc_video_frame_get_stamp (self->frame, &stamp))
        {
          gint32 ms = (gint32) ioc_timecode_elapsed_ms (stamp, ioc_timecode_now ());
          /* A stamp misread (a smeared block) gives nonsense: keep sane ones. */
          if (ms >= 0 && ms < 60000)
            {
              if (self->latencies->len >= MAX_LATENCIES)
                g_array_remove_range (self->latencies, 0, MAX_LATENCIES / 2);
              g_array_append_val (self->latencies, ms);
            }
        }
    }
  gdk_paintable_snapshot (GDK_PAINTABLE (self->texture), snapshot, width, height);
}

static int
ioc_video_paintable_get_intrinsic_width (GdkPaintable *paintable)
{
  return IOC_VIDEO_PAINTABLE (paintable)->width;
}

static int
ioc_video_paintable_get_intrinsic_height (GdkPaintable *paintable)
{
  return IOC_VIDEO_PAINTABLE (paintable)->height;
}

static double
ioc_video_paintable_get_intrinsic_aspect_ratio (GdkPaintable *paintable)
{
  IocVideoPaintable *self = IOC_VIDEO_PAINTABLE (paintable);

  return self->height > 0 ? (double) self->width / self->height : 16.0 / 9.0;
}

static GdkPaintable *
ioc_video_paintable_get_current_image (GdkPaintable *paintable)
{
  IocVideoPaintable *self = IOC_VIDEO_PAINTABLE (paintable);

  if (self->texture != NULL)
    return GDK_PAINTABLE (g_object_ref (self->texture));
  return gdk_paintable_new_empty (self->width, self->height);
}

static void
paintable_iface_init (GdkPaintableInterface *iface)
{
  iface->snapshot = ioc_video_paintable_snapshot;
  iface->get_intrinsic_width = ioc_video_paintable_get_intrinsic_width;
  iface->get_intrinsic_height = ioc_video_paintable_get_intrinsic_height;
  iface->get_intrinsic_aspect_ratio = ioc_video_paintable_get_intrinsic_aspect_ratio;
  iface->get_current_image = ioc_video_paintable_get_current_image;
}

static void
ioc_video_paintable_finalize (GObject *object)
{
  IocVideoPaintable *self = IOC_VIDEO_PAINTABLE (object);

  g_clear_object (&self->texture);
  g_clear_pointer (&self->frame, ioc_video_frame_unref);
  g_clear_pointer (&self->latencies, g_array_unref);
  G_OBJECT_CLASS (ioc_video_paintable_parent_class)->finalize (object);
}

static void
ioc_video_paintable_class_init (IocVideoPaintableClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ioc_video_paintable_finalize;
}

static void
ioc_video_paintable_init (IocVideoPaintable *self)
{
  self->latencies = g_array_new (FALSE, FALSE, sizeof (gint32));
  self->painted = TRUE;
}

IocVideoPaintable *
ioc_video_paintable_new (void)
{
  return g_object_new (IOC_TYPE_VIDEO_PAINTABLE, NULL);
}

void
ioc_video_paintable_push (IocVideoPaintable *self,
                          IocVideoFrame     *frame)
{
  int w = ioc_video_frame_get_width (frame), h = ioc_video_frame_get_height (frame);
  gboolean resized = w != self->width || h != self->height;

  if (self->texture != NULL && !self->painted)
    self->unpainted++;
  g_clear_object (&self->texture);
  g_clear_pointer (&self->frame, ioc_video_frame_unref);
  self->frame = ioc_video_frame_ref (frame);
  self->texture = ioc_video_frame_to_texture (frame);
  self->painted = FALSE;
  self->width = w;
  self->height = h;
  if (resized)
    gdk_paintable_invalidate_size (GDK_PAINTABLE (self));
  gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));
}

void
ioc_video_paintable_clear (IocVideoPaintable *self)
{
  if (self->texture == NULL)
    return;
  g_clear_object (&self->texture);
  g_clear_pointer (&self->frame, ioc_video_frame_unref);
  self->painted = TRUE;
  gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));
}

GdkTexture *
ioc_video_paintable_get_texture (IocVideoPaintable *self)
{
  return self->texture;
}

guint64
ioc_video_paintable_get_shown (IocVideoPaintable *self)
{
  return self->shown;
}

guint64
ioc_video_paintable_get_unpainted (IocVideoPaintable *self)
{
  return self->unpainted;
}

GArray *
ioc_video_paintable_take_latencies (IocVideoPaintable *self)
{
  GArray *out = self->latencies;

  self->latencies = g_array_new (FALSE, FALSE, sizeof (gint32));
  return out;
}
