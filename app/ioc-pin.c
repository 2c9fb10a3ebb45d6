/* ioc-pin.c — see ioc-pin.h */
#include "ioc-pin.h"

#include <math.h>

struct _IocPin
{
  GtkWidget  parent_instance;
  IocPinKind kind;
  GdkRGBA    colour;
  double     heading;
};

G_DEFINE_FINAL_TYPE (IocPin, ioc_pin, GTK_TYPE_WIDGET)

#define REPORT_SIZE 16
#define CAMERA_SIZE 26

static void
ioc_pin_measure (GtkWidget      *widget,
                 GtkOrientation  orientation,
                 int             for_size,
                 int            *minimum,
                 int            *natural,
                 int            *minimum_baseline,
                 int            *natural_baseline)
{
  IocPin *self = IOC_PIN (widget);
  *minimum = *natural = self->kind == IOC_PIN_CAMERA ? CAMERA_SIZE : REPORT_SIZE;
}

static void
ioc_pin_snapshot (GtkWidget   *widget,
                  GtkSnapshot *snapshot)
{
  IocPin *self = IOC_PIN (widget);
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  GdkRGBA dark = { 0.05, 0.07, 0.10, 1 };

  if (self->kind == IOC_PIN_REPORT)
    {
      GskRoundedRect outer, inner;
      graphene_rect_t r = GRAPHENE_RECT_INIT (0, 0, w, h);

      gsk_rounded_rect_init_from_rect (&outer, &r, w / 2.0);
      gtk_snapshot_push_rounded_clip (snapshot, &outer);
      gtk_snapshot_append_color (snapshot, &dark, &r);
      gtk_snapshot_pop (snapshot);
      r = GRAPHENE_RECT_INIT (2, 2, w - 4, h - 4);
      gsk_rounded_rect_init_from_rect (&inner, &r, (w - 4) / 2.0);
      gtk_snapshot_push_rounded_clip (snapshot, &inner);
      gtk_snapshot_append_color (snapshot, &self->colour, &r);
      gtk_snapshot_pop (snapshot);
      return;
    }

  /* Camera: the view direction as a wedge-like bar, then the body. */
  if (!isnan (self->heading))
    {
      graphene_point_t centre = GRAPHENE_POINT_INIT (w / 2.0, h / 2.0);
      GdkRGBA ray = self->colour;
      ray.alpha = 0.85;
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &centre);
      gtk_snapshot_rotate (snapshot, (float) self->heading);
      gtk_snapshot_append_color (snapshot, &ray, &GRAPHENE_RECT_INIT (-1.5, -h / 2.0, 3, h / 2.0));
      gtk_snapshot_append_color (snapshot, &ray, &GRAPHENE_RECT_INIT (-4, -h / 2.0, 8, 3));
      gtk_snapshot_restore (snapshot);
    }
  {
    double s = 12;
    graphene_rect_t body = GRAPHENE_RECT_INIT ((w - s) / 2, (h - s) / 2, s, s);
    graphene_rect_t core = GRAPHENE_RECT_INIT ((w - s) / 2 + 2, (h - s) / 2 + 2, s - 4, s - 4);
    gtk_snapshot_append_color (snapshot, &dark, &body);
    gtk_snapshot_append_color (snapshot, &self->colour, &core);
  }
}

static void
ioc_pin_class_init (IocPinClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->measure = ioc_pin_measure;
  widget_class->snapshot = ioc_pin_snapshot;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_BUTTON);
}

static void
ioc_pin_init (IocPin *self)
{
  self->heading = NAN;
  self->colour = (GdkRGBA) { 0.3, 0.66, 1, 1 };
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "pointer");
}

GtkWidget *
ioc_pin_new (IocPinKind kind)
{
  IocPin *self = g_object_new (IOC_TYPE_PIN, NULL);
  self->kind = kind;
  return GTK_WIDGET (self);
}

void
ioc_pin_set_colour (IocPin        *self,
                    const GdkRGBA *colour)
{
  if (gdk_rgba_equal (&self->colour, colour))
    return;
  self->colour = *colour;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
ioc_pin_set_heading (IocPin *self,
                     double  heading)
{
  self->heading = heading;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
