/* ioc-boundary-layer.c — see ioc-boundary-layer.h */
#include "config.h"

#include "ioc-boundary-layer.h"

#include <math.h>

typedef struct {
  guint  first;      /* index of the first vertex in self->xy (pairs) */
  guint  n;          /* vertices */
  double x0, y0, x1, y1;   /* Mercator bounding box */
} Ring;

struct _IocBoundaryLayer
{
  ShumateLayer parent_instance;
  GArray      *xy;        /* double pairs, Web-Mercator 0..1 */
  GArray      *rings;     /* Ring */
  GdkRGBA      colour;
  double       width;
};

G_DEFINE_FINAL_TYPE (IocBoundaryLayer, ioc_boundary_layer, SHUMATE_TYPE_LAYER)

static void
project (double lat, double lon, double *x, double *y)
{
  double s = sin (CLAMP (lat, -85.05, 85.05) * G_PI / 180.0);

  *x = (lon + 180.0) / 360.0;
  *y = 0.5 - log ((1 + s) / (1 - s)) / (4 * G_PI);
}

static void
unproject (double x, double y, double *lat, double *lon)
{
  *lon = x * 360.0 - 180.0;
  *lat = atan (sinh (G_PI * (1 - 2 * y))) * 180.0 / G_PI;
}

/* Mercator → widget pixels: x' = a·dx + c·dy + tx, y' = b·dx + d·dy + ty. */
typedef struct { double m0x, m0y, a, b, c, d, tx, ty; } Affine;

static gboolean
get_affine (IocBoundaryLayer *self, Affine *t)
{
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  GtkWidget *widget = GTK_WIDGET (self);
  double lat, lon, x1, y1, x2, y2;
  const double step = 1e-4;

  if (viewport == NULL)
    return FALSE;
  project (shumate_location_get_latitude (SHUMATE_LOCATION (viewport)),
           shumate_location_get_longitude (SHUMATE_LOCATION (viewport)), &t->m0x, &t->m0y);
  unproject (t->m0x, t->m0y, &lat, &lon);
  shumate_viewport_location_to_widget_coords (viewport, widget, lat, lon, &t->tx, &t->ty);
  unproject (t->m0x + step, t->m0y, &lat, &lon);
  shumate_viewport_location_to_widget_coords (viewport, widget, lat, lon, &x1, &y1);
  unproject (t->m0x, t->m0y + step, &lat, &lon);
  shumate_viewport_location_to_widget_coords (viewport, widget, lat, lon, &x2, &y2);
  t->a = (x1 - t->tx) / step;
  t->b = (y1 - t->ty) / step;
  t->c = (x2 - t->tx) / step;
  t->d = (y2 - t->ty) / step;
  return fabs (t->a * t->d - t->b * t->c) > 0;
}

static void
ioc_boundary_layer_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  IocBoundaryLayer *self = IOC_BOUNDARY_LAYER (widget);
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  Affine t;
  cairo_t *cr;
  const double *xy = (const double *) (gpointer) self->xy->data;

  if (self->rings->len == 0 || w <= 0 || h <= 0 || !get_affine (self, &t))
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
  gdk_cairo_set_source_rgba (cr, &self->colour);
  cairo_set_line_width (cr, self->width);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint r = 0; r < self->rings->len; r++)
    {
      const Ring *ring = &g_array_index (self->rings, Ring, r);
      double bx[4], by[4], minx = G_MAXDOUBLE, maxx = -G_MAXDOUBLE, miny = G_MAXDOUBLE, maxy = -G_MAXDOUBLE;
      double lx = 0, ly = 0;
      const double corners[4][2] = { { ring->x0, ring->y0 }, { ring->x1, ring->y0 },
                                     { ring->x0, ring->y1 }, { ring->x1, ring->y1 } };

      /* Cull by the ring's box mapped to the widget. */
      for (guint k = 0; k < 4; k++)
        {
          double dx = corners[k][0] - t.m0x, dy = corners[k][1] - t.m0y;
          bx[k] = t.a * dx + t.c * dy + t.tx;
          by[k] = t.b * dx + t.d * dy + t.ty;
          minx = MIN (minx, bx[k]); maxx = MAX (maxx, bx[k]);
          miny = MIN (miny, by[k]); maxy = MAX (maxy, by[k]);
        }
      if (maxx < 0 || maxy < 0 || minx > w || miny > h || (maxx - minx < 2 && maxy - miny < 2))
        continue;
      for (guint i = 0; i < ring->n; i++)
        {
          double dx = xy[2 * (ring->first + i)] - t.m0x, dy = xy[2 * (ring->first + i) + 1] - t.m0y;
          double x = t.a * dx + t.c * dy + t.tx, y = t.b * dx + t.d * dy + t.ty;

          if (i == 0)
            cairo_move_to (cr, x, y);
          else if (fabs (x - lx) + fabs (y - ly) >= 1.0 || i == ring->n - 1)
            cairo_line_to (cr, x, y);
          else
            continue;
          lx = x;
          ly = y;
        }
      cairo_close_path (cr);
    }
  cairo_stroke (cr);
  cairo_destroy (cr);
}

static void
on_viewport_notify (ShumateViewport  *viewport,
                    GParamSpec       *pspec,
                    IocBoundaryLayer *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
ioc_boundary_layer_constructed (GObject *object)
{
  IocBoundaryLayer *self = IOC_BOUNDARY_LAYER (object);
  ShumateViewport *viewport;

  G_OBJECT_CLASS (ioc_boundary_layer_parent_class)->constructed (object);
  viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  if (viewport != NULL)
    g_signal_connect_object (viewport, "notify", G_CALLBACK (on_viewport_notify), self, 0);
}

static void
ioc_boundary_layer_finalize (GObject *object)
{
  IocBoundaryLayer *self = IOC_BOUNDARY_LAYER (object);

  g_array_unref (self->xy);
  g_array_unref (self->rings);
  G_OBJECT_CLASS (ioc_boundary_layer_parent_class)->finalize (object);
}

static void
ioc_boundary_layer_class_init (IocBoundaryLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ioc_boundary_layer_constructed;
  object_class->finalize = ioc_boundary_layer_finalize;
  widget_class->snapshot = ioc_boundary_layer_snapshot;
}

static void
ioc_boundary_layer_init (IocBoundaryLayer *self)
{
  self->xy = g_array_new (FALSE, FALSE, sizeof (double));
  self->rings = g_array_new (FALSE, FALSE, sizeof (Ring));
  self->colour = (GdkRGBA) { 0.55, 0.75, 1.0, 0.55 };
  self->width = 1.2;
  /* Outlines only: clicks go to the markers and the map below. */
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}

IocBoundaryLayer *
ioc_boundary_layer_new (ShumateViewport *viewport)
{
  return g_object_new (IOC_TYPE_BOUNDARY_LAYER, "viewport", viewport, NULL);
}

static void
add_ring (IocBoundaryLayer *self,
          JsonArray        *coords)
{
  Ring ring = { self->xy->len / 2, 0, G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE };

  for (guint i = 0; i < json_array_get_length (coords); i++)
    {
      JsonArray *p = json_array_get_array_element (coords, i);
      double x, y;

      if (p == NULL || json_array_get_length (p) < 2)
        continue;
      project (json_array_get_double_element (p, 1), json_array_get_double_element (p, 0), &x, &y);
      g_array_append_val (self->xy, x);
      g_array_append_val (self->xy, y);
      ring.x0 = MIN (ring.x0, x); ring.x1 = MAX (ring.x1, x);
      ring.y0 = MIN (ring.y0, y); ring.y1 = MAX (ring.y1, y);
      ring.n++;
    }
  if (ring.n >= 3)
    g_array_append_val (self->rings, ring);
  else
    g_array_set_size (self->xy, ring.first * 2);
}

static void
add_polygon (IocBoundaryLayer *self,
             JsonArray        *polygon)
{
  for (guint r = 0; r < json_array_get_length (polygon); r++)
    {
      JsonNode *n = json_array_get_element (polygon, r);
      if (JSON_NODE_HOLDS_ARRAY (n))
        add_ring (self, json_node_get_array (n));
    }
}

gboolean
ioc_boundary_layer_add (IocBoundaryLayer *self,
                        JsonNode         *geometry)
{
  JsonObject *g;
  const char *type;
  JsonNode *coords;

  g_return_val_if_fail (IOC_IS_BOUNDARY_LAYER (self), FALSE);
  if (geometry == NULL || !JSON_NODE_HOLDS_OBJECT (geometry))
    return FALSE;
  g = json_node_get_object (geometry);
  type = json_object_get_string_member_with_default (g, "type", "");
  coords = json_object_get_member (g, "coordinates");
  if (coords == NULL || !JSON_NODE_HOLDS_ARRAY (coords))
    return FALSE;
  if (g_str_equal (type, "Polygon"))
    add_polygon (self, json_node_get_array (coords));
  else if (g_str_equal (type, "MultiPolygon"))
    {
      JsonArray *polys = json_node_get_array (coords);
      for (guint i = 0; i < json_array_get_length (polys); i++)
        {
          JsonNode *n = json_array_get_element (polys, i);
          if (JSON_NODE_HOLDS_ARRAY (n))
            add_polygon (self, json_node_get_array (n));
        }
    }
  else
    return FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return TRUE;
}

void
ioc_boundary_layer_clear (IocBoundaryLayer *self)
{
  g_return_if_fail (IOC_IS_BOUNDARY_LAYER (self));
  g_array_set_size (self->xy, 0);
  g_array_set_size (self->rings, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
ioc_boundary_layer_get_n_rings (IocBoundaryLayer *self)
{
  g_return_val_if_fail (IOC_IS_BOUNDARY_LAYER (self), 0);
  return self->rings->len;
}

void
ioc_boundary_layer_set_colour (IocBoundaryLayer *self,
                               const GdkRGBA    *colour,
                               double            width)
{
  g_return_if_fail (IOC_IS_BOUNDARY_LAYER (self));
  self->colour = *colour;
  self->width = width;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
