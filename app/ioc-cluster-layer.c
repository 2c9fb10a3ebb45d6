/* ioc-cluster-layer.c — see ioc-cluster-layer.h
 *
 * Data: points in a GArray (Web-Mercator x, y in 0..1), an id → index map,
 * and per zoom level 0..16 a hash of occupied cells (cells of CLUSTER_PX at
 * that zoom) → Cluster with the count, the coordinate sums, a histogram of
 * styles and the XOR of the ids (which is the id itself when one point is
 * left). Above zoom 16 a raw grid of 256-px@z16 cells lists the point ids.
 * Levels are built on first use and then updated point by point.
 *
 * Drawing: three probes of the viewport give the affine map from Mercator to
 * widget pixels (rotation included); the widget's corners mapped back give
 * the cells to visit. Points are border nodes (discs) or colour nodes
 * (squares), clusters a disc, a ring and a cached PangoLayout with the
 * count: no cairo, no clip per point.
 */
#include "config.h"

#include "ioc-cluster-layer.h"

#include <glib/gi18n.h>
#include <math.h>

#define TILE_PX 256.0
#define CLUSTER_PX 60.0
#define N_LEVELS (IOC_CLUSTER_LAYER_MAX_CLUSTER_ZOOM + 1)
#define RAW_CELL (1.0 / (1 << IOC_CLUSTER_LAYER_MAX_CLUSTER_ZOOM))
#define MAX_LAYOUTS 4096

G_STATIC_ASSERT (sizeof (gpointer) >= sizeof (guint64));

typedef struct {
  guint64 id;
  double  x, y;
  float   heading;
  guint8  style;
  guint8  glyph;
} Point;

typedef struct {
  gint64  key;            /* the hash key lives here */
  double  sx, sy;
  guint32 n;
  guint64 id_xor;
  guint32 counts[IOC_CLUSTER_LAYER_MAX_STYLES];
} Cluster;

typedef struct {
  gint64  key;
  GArray *ids;            /* guint64 */
} RawCell;

typedef struct {
  double      cell;       /* cell size in Mercator units */
  double      shift;      /* grid offset in Mercator units */
  GHashTable *cells;      /* &key → Cluster* */
} Level;

typedef struct {
  GdkRGBA colour;
  char   *label;
} Style;

/* An item with what drawing needs beyond the public part. */
typedef struct {
  IocClusterItem  pub;
  double          heading;
  double          radius;
  guint           glyph;
  const Cluster  *cluster;
} DrawItem;

typedef struct {
  double a, b, c, d;      /* widget = [a c; b d] · (m − m0) + (tx, ty) */
  double m0x, m0y;
  double tx, ty;
  double scale;           /* pixels per Mercator unit */
} Affine;

struct _IocClusterLayer
{
  ShumateLayer     parent_instance;

  GArray          *points;          /* Point */
  GHashTable      *index;           /* id → index + 1 */
  Level           *levels[N_LEVELS];/* NULL until used */
  GHashTable      *raw;             /* &key → RawCell*; NULL until used */
  Style            styles[IOC_CLUSTER_LAYER_MAX_STYLES];
  IocClusterShape  shape;
  GHashTable      *layouts;         /* count → PangoLayout */
  gboolean         press_hit;
  IocClusterItem   pressed;
};

G_DEFINE_FINAL_TYPE (IocClusterLayer, ioc_cluster_layer, SHUMATE_TYPE_LAYER)

enum {
  SIGNAL_POINT_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- projection --------------------------------------------------------- */

static void
project (double  lat,
         double  lon,
         double *x,
         double *y)
{
  double s = sin (CLAMP (lat, -85.0511, 85.0511) * G_PI / 180.0);

  *x = (lon + 180.0) / 360.0;
  *y = 0.5 - log ((1 + s) / (1 - s)) / (4 * G_PI);
}

static void
unproject (double  x,
           double  y,
           double *lat,
           double *lon)
{
  *lon = x * 360.0 - 180.0;
  *lat = atan (sinh (G_PI * (1 - 2 * y))) * 180.0 / G_PI;
}

static gint64
cell_key (double x,
          double y,
          double cell)
{
  gint64 cx = (gint64) floor (x / cell), cy = (gint64) floor (y / cell);

  return (cy << 32) | (cx & 0xffffffff);
}

/* ---- the levels --------------------------------------------------------- */

static void
level_free (Level *l)
{
  g_hash_table_unref (l->cells);
  g_free (l);
}

static void
raw_cell_free (gpointer data)
{
  RawCell *c = data;

  g_array_unref (c->ids);
  g_free (c);
}

static void
level_apply (Level       *l,
             const Point *p,
             int          sign)
{
  gint64 key = cell_key (p->x + l->shift, p->y + l->shift, l->cell);
  Cluster *c = g_hash_table_lookup (l->cells, &key);

  if (c == NULL)
    {
      if (sign < 0)
        return;
      c = g_new0 (Cluster, 1);
      c->key = key;
      g_hash_table_insert (l->cells, &c->key, c);
    }
  c->n += sign;
  c->sx += sign * p->x;
  c->sy += sign * p->y;
  c->id_xor ^= p->id;
  c->counts[p->style] += sign;
  if (c->n == 0)
    g_hash_table_remove (l->cells, &key);
}

static void
raw_apply (GHashTable  *raw,
           const Point *p,
           int          sign)
{
  gint64 key = cell_key (p->x, p->y, RAW_CELL);
  RawCell *c = g_hash_table_lookup (raw, &key);

  if (sign > 0)
    {
      if (c == NULL)
        {
          c = g_new0 (RawCell, 1);
          c->key = key;
          c->ids = g_array_new (FALSE, FALSE, sizeof (guint64));
          g_hash_table_insert (raw, &c->key, c);
        }
      g_array_append_val (c->ids, p->id);
      return;
    }
  if (c == NULL)
    return;
  for (guint i = 0; i < c->ids->len; i++)
    if (g_array_index (c->ids, guint64, i) == p->id)
      {
        g_array_remove_index_fast (c->ids, i);
        break;
      }
  if (c->ids->len == 0)
    g_hash_table_remove (raw, &key);
}

static Level *
level_get (IocClusterLayer *self,
           guint            z)
{
  Level *l = self->levels[z];

  if (l != NULL)
    return l;
  l = g_new0 (Level, 1);
  l->cell = CLUSTER_PX / (TILE_PX * (double) (1u << z));
  /* Squares (cameras) cluster on a grid offset by half a cell, so that
   * their clusters fall between those of a dot layer (reports) above or
   * below instead of on top of them. */
  l->shift = self->shape == IOC_CLUSTER_SHAPE_SQUARE ? l->cell / 2 : 0;
  l->cells = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  for (guint i = 0; i < self->points->len; i++)
    level_apply (l, &g_array_index (self->points, Point, i), +1);
  self->levels[z] = l;
  return l;
}

static GHashTable *
raw_get (IocClusterLayer *self)
{
  if (self->raw == NULL)
    {
      self->raw = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, raw_cell_free);
      for (guint i = 0; i < self->points->len; i++)
        raw_apply (self->raw, &g_array_index (self->points, Point, i), +1);
    }
  return self->raw;
}

/* Applies one point to every index built so far. */
static void
indexes_apply (IocClusterLayer *self,
               const Point     *p,
               int              sign)
{
  for (guint z = 0; z < N_LEVELS; z++)
    if (self->levels[z] != NULL)
      level_apply (self->levels[z], p, sign);
  if (self->raw != NULL)
    raw_apply (self->raw, p, sign);
}

static void
indexes_clear (IocClusterLayer *self)
{
  for (guint z = 0; z < N_LEVELS; z++)
    g_clear_pointer (&self->levels[z], level_free);
  g_clear_pointer (&self->raw, g_hash_table_unref);
}

static const Point *
point_by_id (IocClusterLayer *self,
             guint64          id)
{
  guint i = GPOINTER_TO_UINT (g_hash_table_lookup (self->index, GSIZE_TO_POINTER (id)));

  return i == 0 ? NULL : &g_array_index (self->points, Point, i - 1);
}

/* ---- view geometry ------------------------------------------------------ */

static gboolean
get_affine (IocClusterLayer *self,
            Affine          *t)
{
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  GtkWidget *widget = GTK_WIDGET (self);
  const double step = 1e-4;
  double lat, lon, x1, y1, x2, y2;

  if (viewport == NULL || gtk_widget_get_width (widget) <= 0 || gtk_widget_get_height (widget) <= 0)
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
  t->scale = sqrt (t->a * t->a + t->b * t->b);
  return t->scale > 0 && fabs (t->a * t->d - t->b * t->c) > 0;
}

static void
to_widget (const Affine *t,
           double        mx,
           double        my,
           double       *x,
           double       *y)
{
  double dx = mx - t->m0x, dy = my - t->m0y;

  *x = t->a * dx + t->c * dy + t->tx;
  *y = t->b * dx + t->d * dy + t->ty;
}

static void
to_mercator (const Affine *t,
             double        x,
             double        y,
             double       *mx,
             double       *my)
{
  double det = t->a * t->d - t->b * t->c;
  double dx = x - t->tx, dy = y - t->ty;

  *mx = t->m0x + (t->d * dx - t->c * dy) / det;
  *my = t->m0y + (-t->b * dx + t->a * dy) / det;
}

static guint
worst_style (const Cluster *c)
{
  for (guint s = IOC_CLUSTER_LAYER_MAX_STYLES; s > 0; s--)
    if (c->counts[s - 1] > 0)
      return s - 1;
  return 0;
}

static void
add_point_item (GArray       *items,
                const Affine *t,
                const Point  *p)
{
  DrawItem it = { { 0 } };

  it.pub.is_cluster = FALSE;
  it.pub.id = p->id;
  it.pub.count = 1;
  it.pub.style = p->style;
  unproject (p->x, p->y, &it.pub.lat, &it.pub.lon);
  to_widget (t, p->x, p->y, &it.pub.x, &it.pub.y);
  it.heading = p->heading;
  it.glyph = p->glyph;
  it.radius = 8;
  g_array_append_val (items, it);
}

static void
add_cluster_item (IocClusterLayer *self,
                  GArray          *points,
                  GArray          *clusters,
                  const Affine    *t,
                  const Cluster   *c)
{
  DrawItem it = { { 0 } };

  if (c->n == 1)
    {
      const Point *p = point_by_id (self, c->id_xor);
      if (p != NULL)
        add_point_item (points, t, p);
      return;
    }
  it.pub.is_cluster = TRUE;
  it.pub.count = c->n;
  it.pub.style = worst_style (c);
  unproject (c->sx / c->n, c->sy / c->n, &it.pub.lat, &it.pub.lon);
  to_widget (t, c->sx / c->n, c->sy / c->n, &it.pub.x, &it.pub.y);
  it.radius = 10 + 3.5 * log10 (c->n);
  it.heading = NAN;
  it.cluster = c;
  g_array_append_val (clusters, it);
}

/* Everything the view shows, points first and clusters after. */
static GArray *
collect (IocClusterLayer *self,
         Affine          *t)
{
  GArray *items = g_array_new (FALSE, FALSE, sizeof (DrawItem));
  GArray *clusters = g_array_new (FALSE, FALSE, sizeof (DrawItem));
  double w = gtk_widget_get_width (GTK_WIDGET (self)), h = gtk_widget_get_height (GTK_WIDGET (self));
  double corners[4][2] = { { 0, 0 }, { w, 0 }, { 0, h }, { w, h } };
  double min_x = G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_x = -G_MAXDOUBLE, max_y = -G_MAXDOUBLE;
  double margin, zoom, cell, shift = 0;
  gint64 cx0, cx1, cy0, cy1;
  int level;

  if (self->points->len == 0 || !get_affine (self, t))
    goto out;
  for (guint i = 0; i < 4; i++)
    {
      double mx, my;
      to_mercator (t, corners[i][0], corners[i][1], &mx, &my);
      min_x = MIN (min_x, mx);
      max_x = MAX (max_x, mx);
      min_y = MIN (min_y, my);
      max_y = MAX (max_y, my);
    }
  /* Items whose centre is just outside still show half a disc. */
  margin = 30.0 / t->scale;
  min_x = MAX (min_x - margin, 0);
  min_y = MAX (min_y - margin, 0);
  max_x = MIN (max_x + margin, 1);
  max_y = MIN (max_y + margin, 1);
  if (min_x > max_x || min_y > max_y)
    goto out;

  zoom = log2 (t->scale / TILE_PX);
  level = (int) floor (zoom + 1e-6);
  cell = level > IOC_CLUSTER_LAYER_MAX_CLUSTER_ZOOM ? RAW_CELL
         : CLUSTER_PX / (TILE_PX * (double) (1u << MAX (level, 0)));
  if (level <= IOC_CLUSTER_LAYER_MAX_CLUSTER_ZOOM)
    shift = level_get (self, MAX (level, 0))->shift;
  cx0 = (gint64) floor ((min_x + shift) / cell);
  cx1 = (gint64) floor ((max_x + shift) / cell);
  cy0 = (gint64) floor ((min_y + shift) / cell);
  cy1 = (gint64) floor ((max_y + shift) / cell);

  if (level > IOC_CLUSTER_LAYER_MAX_CLUSTER_ZOOM)
    {
      GHashTable *raw = raw_get (self);

      for (gint64 cy = cy0; cy <= cy1; cy++)
        for (gint64 cx = cx0; cx <= cx1; cx++)
          {
            gint64 key = (cy << 32) | (cx & 0xffffffff);
            RawCell *c = g_hash_table_lookup (raw, &key);

            for (guint i = 0; c != NULL && i < c->ids->len; i++)
              {
                const Point *p = point_by_id (self, g_array_index (c->ids, guint64, i));
                if (p != NULL && p->x >= min_x && p->x <= max_x && p->y >= min_y && p->y <= max_y)
                  add_point_item (items, t, p);
              }
          }
      goto out;
    }

  {
    Level *l = level_get (self, MAX (level, 0));

    /* Few cells may be occupied at a far zoom: walk the table then. */
    if ((cx1 - cx0 + 1) * (cy1 - cy0 + 1) > (gint64) g_hash_table_size (l->cells))
      {
        GHashTableIter iter;
        gpointer value;

        g_hash_table_iter_init (&iter, l->cells);
        while (g_hash_table_iter_next (&iter, NULL, &value))
          {
            Cluster *c = value;
            gint64 cx = (gint64) (gint32) (c->key & 0xffffffff), cy = c->key >> 32;
            if (cx < cx0 || cx > cx1 || cy < cy0 || cy > cy1)
              continue;
            add_cluster_item (self, items, clusters, t, c);
          }
      }
    else
      for (gint64 cy = cy0; cy <= cy1; cy++)
        for (gint64 cx = cx0; cx <= cx1; cx++)
          {
            gint64 key = (cy << 32) | (cx & 0xffffffff);
            Cluster *c = g_hash_table_lookup (l->cells, &key);

            if (c == NULL)
              continue;
            add_cluster_item (self, items, clusters, t, c);
          }
  }

out:
  g_array_append_vals (items, clusters->data, clusters->len);
  g_array_unref (clusters);
  return items;
}

/* ---- drawing ------------------------------------------------------------ */

/* A disc (corner = r), a rounded square, or a ring of them when @ring is
 * less than @r: one border node, no clip. */
static void
append_shape (GtkSnapshot   *snapshot,
              double         x,
              double         y,
              double         r,
              double         corner,
              double         ring,
              const GdkRGBA *colour)
{
  GskRoundedRect rr;
  float widths[4] = { ring, ring, ring, ring };
  GdkRGBA colours[4] = { *colour, *colour, *colour, *colour };

  gsk_rounded_rect_init_from_rect (&rr, &GRAPHENE_RECT_INIT (x - r, y - r, 2 * r, 2 * r), MIN (corner, r));
  gtk_snapshot_append_border (snapshot, &rr, widths, colours);
}

static void
append_disc (GtkSnapshot   *snapshot,
             double         x,
             double         y,
             double         r,
             double         ring,
             const GdkRGBA *colour)
{
  append_shape (snapshot, x, y, r, r, ring, colour);
}

static PangoLayout *
count_layout (IocClusterLayer *self,
              guint            count)
{
  PangoLayout *layout = g_hash_table_lookup (self->layouts, GUINT_TO_POINTER (count));
  g_autofree char *text = NULL;
  PangoFontDescription *font;

  if (layout != NULL)
    return layout;
  if (g_hash_table_size (self->layouts) >= MAX_LAYOUTS)
    g_hash_table_remove_all (self->layouts);
  text = count >= 10000 ? g_strdup_printf ("%uk", count / 1000) : g_strdup_printf ("%u", count);
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  font = pango_font_description_from_string (count >= 1000 ? "Sans Bold 9" : "Sans Bold 10");
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  g_hash_table_insert (self->layouts, GUINT_TO_POINTER (count), layout);
  return layout;
}

static void
ioc_cluster_layer_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  IocClusterLayer *self = IOC_CLUSTER_LAYER (widget);
  const GdkRGBA dark = { 0.04, 0.06, 0.08, 0.92 };
  const GdkRGBA ring = { 0.93, 0.95, 0.97, 0.75 };
  const GdkRGBA black_text = { 0.05, 0.06, 0.08, 1 };
  const GdkRGBA white_text = { 1, 1, 1, 1 };
  g_autoptr(GArray) items = NULL;
  Affine t;

  items = collect (self, &t);
  for (guint i = 0; i < items->len; i++)
    {
      DrawItem *it = &g_array_index (items, DrawItem, i);
      const GdkRGBA *colour = &self->styles[it->pub.style].colour;
      double x = it->pub.x, y = it->pub.y;

      if (!it->pub.is_cluster)
        {
          if (!isnan (it->heading))
            {
              GdkRGBA ray = *colour;
              /* Degrees from north, turned with the map. */
              double angle = it->heading + atan2 (t.b, t.a) * 180.0 / G_PI;

              ray.alpha = 0.85;
              gtk_snapshot_save (snapshot);
              gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
              gtk_snapshot_rotate (snapshot, (float) angle);
              gtk_snapshot_append_color (snapshot, &dark, &GRAPHENE_RECT_INIT (-2.5, -17, 5, 12));
              gtk_snapshot_append_color (snapshot, &ray, &GRAPHENE_RECT_INIT (-1.5, -16, 3, 11));
              gtk_snapshot_append_color (snapshot, &ray, &GRAPHENE_RECT_INIT (-4.5, -17, 9, 3));
              gtk_snapshot_restore (snapshot);
            }
          if (self->shape == IOC_CLUSTER_SHAPE_SQUARE && it->glyph == IOC_CLUSTER_GLYPH_DIAMOND)
            {
              gtk_snapshot_save (snapshot);
              gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
              gtk_snapshot_rotate (snapshot, 45);
              gtk_snapshot_append_color (snapshot, &dark, &GRAPHENE_RECT_INIT (-6, -6, 12, 12));
              gtk_snapshot_append_color (snapshot, colour, &GRAPHENE_RECT_INIT (-4, -4, 8, 8));
              gtk_snapshot_restore (snapshot);
            }
          else if (self->shape == IOC_CLUSTER_SHAPE_SQUARE && it->glyph == IOC_CLUSTER_GLYPH_CIRCLE)
            {
              /* A dome: a disc in a ring. */
              append_disc (snapshot, x, y, 8, 8, &dark);
              append_disc (snapshot, x, y, 6.5, 2, colour);
              append_disc (snapshot, x, y, 3, 3, colour);
            }
          else if (self->shape == IOC_CLUSTER_SHAPE_SQUARE)
            {
              gtk_snapshot_append_color (snapshot, &dark, &GRAPHENE_RECT_INIT (x - 6, y - 6, 12, 12));
              gtk_snapshot_append_color (snapshot, colour, &GRAPHENE_RECT_INIT (x - 4, y - 4, 8, 8));
            }
          else
            {
              append_disc (snapshot, x, y, 7, 2, &dark);
              append_disc (snapshot, x, y, 5, 5, colour);
            }
        }
      else
        {
          PangoLayout *layout = count_layout (self, it->pub.count);
          double lum = 0.2126 * colour->red + 0.7152 * colour->green + 0.0722 * colour->blue;
          GdkRGBA fill = *colour;
          double r = it->radius, corner = self->shape == IOC_CLUSTER_SHAPE_SQUARE ? 4 : r;
          int tw, th;

          fill.alpha = 0.92;
          append_shape (snapshot, x, y, r, corner, r, &fill);
          append_shape (snapshot, x, y, r, corner, 1.5, &ring);
          pango_layout_get_pixel_size (layout, &tw, &th);
          gtk_snapshot_save (snapshot);
          gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (round (x - tw / 2.0), round (y - th / 2.0)));
          gtk_snapshot_append_layout (snapshot, layout, lum > 0.55 ? &black_text : &white_text);
          gtk_snapshot_restore (snapshot);
        }
    }
}

/* ---- input -------------------------------------------------------------- */

gboolean
ioc_cluster_layer_pick (IocClusterLayer *self,
                        double           x,
                        double           y,
                        IocClusterItem  *item)
{
  g_autoptr(GArray) items = NULL;
  Affine t;

  g_return_val_if_fail (IOC_IS_CLUSTER_LAYER (self), FALSE);
  items = collect (self, &t);
  /* Clusters are drawn last, so on top: search backwards. */
  for (guint i = items->len; i > 0; i--)
    {
      DrawItem *it = &g_array_index (items, DrawItem, i - 1);
      double dx = x - it->pub.x, dy = y - it->pub.y;
      double r = it->pub.is_cluster ? it->radius + 2 : it->radius;

      if (dx * dx + dy * dy <= r * r)
        {
          if (item != NULL)
            *item = it->pub;
          return TRUE;
        }
    }
  return FALSE;
}

GArray *
ioc_cluster_layer_get_visible_items (IocClusterLayer *self)
{
  g_autoptr(GArray) items = NULL;
  GArray *out = g_array_new (FALSE, FALSE, sizeof (IocClusterItem));
  Affine t;

  g_return_val_if_fail (IOC_IS_CLUSTER_LAYER (self), out);
  items = collect (self, &t);
  for (guint i = 0; i < items->len; i++)
    g_array_append_val (out, g_array_index (items, DrawItem, i).pub);
  return out;
}

static void
zoom_to_cluster (IocClusterLayer      *self,
                 const IocClusterItem *item)
{
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  GtkWidget *map = gtk_widget_get_ancestor (GTK_WIDGET (self), SHUMATE_TYPE_MAP);
  double zoom = MIN (floor (shumate_viewport_get_zoom_level (viewport)) + 2,
                     shumate_viewport_get_max_zoom_level (viewport));

  if (map != NULL)
    shumate_map_go_to_full (SHUMATE_MAP (map), item->lat, item->lon, zoom);
  else
    {
      shumate_viewport_set_zoom_level (viewport, zoom);
      shumate_location_set_location (SHUMATE_LOCATION (viewport), item->lat, item->lon);
    }
}

static void
on_pressed (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            IocClusterLayer *self)
{
  self->press_hit = ioc_cluster_layer_pick (self, x, y, &self->pressed);
  /* Misses go on to the map (drag, double-click zoom). */
  gtk_gesture_set_state (GTK_GESTURE (gesture),
                         self->press_hit ? GTK_EVENT_SEQUENCE_CLAIMED : GTK_EVENT_SEQUENCE_DENIED);
}

static void
on_released (GtkGestureClick *gesture,
             int              n_press,
             double           x,
             double           y,
             IocClusterLayer *self)
{
  IocClusterItem item;

  if (!self->press_hit)
    return;
  self->press_hit = FALSE;
  if (fabs (x - self->pressed.x) > 24 || fabs (y - self->pressed.y) > 24)
    return;
  item = self->pressed;
  if (item.is_cluster)
    zoom_to_cluster (self, &item);
  else
    g_signal_emit (self, signals[SIGNAL_POINT_ACTIVATED], 0, item.id);
}

static gboolean
on_query_tooltip (GtkWidget       *widget,
                  int              x,
                  int              y,
                  gboolean         keyboard,
                  GtkTooltip      *tooltip,
                  IocClusterLayer *self)
{
  g_autoptr(GArray) items = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  Affine t;

  if (keyboard)
    return FALSE;
  items = collect (self, &t);
  for (guint i = items->len; i > 0; i--)
    {
      DrawItem *it = &g_array_index (items, DrawItem, i - 1);
      double dx = x - it->pub.x, dy = y - it->pub.y;

      if (dx * dx + dy * dy > it->radius * it->radius)
        continue;
      if (!it->pub.is_cluster)
        {
          const char *label = self->styles[it->pub.style].label;
          if (label == NULL)
            return FALSE;
          gtk_tooltip_set_text (tooltip, label);
          return TRUE;
        }
      g_string_printf (text, ngettext ("%u point", "%u points", it->pub.count), it->pub.count);
      for (guint s = IOC_CLUSTER_LAYER_MAX_STYLES; s > 0; s--)
        if (it->cluster->counts[s - 1] > 0 && self->styles[s - 1].label != NULL)
          g_string_append_printf (text, "\n%s: %u", self->styles[s - 1].label, it->cluster->counts[s - 1]);
      g_string_append_printf (text, "\n%s", _("Click to zoom in"));
      gtk_tooltip_set_text (tooltip, text->str);
      return TRUE;
    }
  return FALSE;
}

/* ---- GObject ------------------------------------------------------------ */

static void
on_viewport_notify (ShumateViewport *viewport,
                    GParamSpec      *pspec,
                    IocClusterLayer *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
ioc_cluster_layer_constructed (GObject *object)
{
  IocClusterLayer *self = IOC_CLUSTER_LAYER (object);
  ShumateViewport *viewport;

  G_OBJECT_CLASS (ioc_cluster_layer_parent_class)->constructed (object);
  viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  if (viewport != NULL)
    g_signal_connect_object (viewport, "notify", G_CALLBACK (on_viewport_notify), self, 0);
}

static void
ioc_cluster_layer_finalize (GObject *object)
{
  IocClusterLayer *self = IOC_CLUSTER_LAYER (object);

  indexes_clear (self);
  g_array_unref (self->points);
  g_hash_table_unref (self->index);
  g_hash_table_unref (self->layouts);
  for (guint s = 0; s < IOC_CLUSTER_LAYER_MAX_STYLES; s++)
    g_free (self->styles[s].label);
  G_OBJECT_CLASS (ioc_cluster_layer_parent_class)->finalize (object);
}

static void
ioc_cluster_layer_css_changed (GtkWidget         *widget,
                               GtkCssStyleChange *change)
{
  IocClusterLayer *self = IOC_CLUSTER_LAYER (widget);

  GTK_WIDGET_CLASS (ioc_cluster_layer_parent_class)->css_changed (widget, change);
  /* Font settings may have changed: lay the counts out again. */
  g_hash_table_remove_all (self->layouts);
}

static void
ioc_cluster_layer_class_init (IocClusterLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ioc_cluster_layer_constructed;
  object_class->finalize = ioc_cluster_layer_finalize;
  widget_class->snapshot = ioc_cluster_layer_snapshot;
  widget_class->css_changed = ioc_cluster_layer_css_changed;

  /**
   * IocClusterLayer::point-activated:
   * @id: the point clicked
   */
  signals[SIGNAL_POINT_ACTIVATED] =
    g_signal_new ("point-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT64);
}

static void
ioc_cluster_layer_init (IocClusterLayer *self)
{
  static const GdkRGBA defaults[IOC_CLUSTER_LAYER_MAX_STYLES] = {
    { 0.55, 0.62, 0.70, 1 }, { 0.30, 0.66, 1.00, 1 }, { 0.35, 0.78, 0.45, 1 }, { 0.98, 0.80, 0.25, 1 },
    { 1.00, 0.55, 0.20, 1 }, { 0.93, 0.30, 0.30, 1 }, { 0.80, 0.35, 0.90, 1 }, { 1.00, 0.15, 0.45, 1 },
  };
  GtkGesture *click = gtk_gesture_click_new ();

  self->points = g_array_new (FALSE, FALSE, sizeof (Point));
  self->index = g_hash_table_new (g_direct_hash, g_direct_equal);
  self->layouts = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_object_unref);
  for (guint s = 0; s < IOC_CLUSTER_LAYER_MAX_STYLES; s++)
    self->styles[s].colour = defaults[s];

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_pressed), self);
  g_signal_connect (click, "released", G_CALLBACK (on_released), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip), self);
}

/* ---- public API --------------------------------------------------------- */

IocClusterLayer *
ioc_cluster_layer_new (ShumateViewport *viewport)
{
  return g_object_new (IOC_TYPE_CLUSTER_LAYER, "viewport", viewport, NULL);
}

static gboolean
point_from_map_point (const IocMapPoint *mp,
                      Point             *p)
{
  if (!isfinite (mp->lat) || !isfinite (mp->lon) || fabs (mp->lat) > 90 || fabs (mp->lon) > 180)
    return FALSE;
  p->id = mp->id;
  project (mp->lat, mp->lon, &p->x, &p->y);
  p->style = MIN (mp->style, IOC_CLUSTER_LAYER_MAX_STYLES - 1);
  p->glyph = (guint8) MIN (mp->glyph, IOC_CLUSTER_GLYPH_CIRCLE);
  p->heading = isfinite (mp->heading) ? (float) fmod (mp->heading + 360.0, 360.0) : NAN;
  return TRUE;
}

void
ioc_cluster_layer_set_points (IocClusterLayer   *self,
                              const IocMapPoint *points,
                              guint              n_points)
{
  g_return_if_fail (IOC_IS_CLUSTER_LAYER (self));
  g_return_if_fail (points != NULL || n_points == 0);

  indexes_clear (self);
  g_array_set_size (self->points, 0);
  g_hash_table_remove_all (self->index);
  for (guint i = 0; i < n_points; i++)
    {
      Point p;
      guint at;

      if (!point_from_map_point (&points[i], &p))
        continue;
      at = GPOINTER_TO_UINT (g_hash_table_lookup (self->index, GSIZE_TO_POINTER (p.id)));
      if (at > 0)
        {
          g_array_index (self->points, Point, at - 1) = p;
          continue;
        }
      g_array_append_val (self->points, p);
      g_hash_table_insert (self->index, GSIZE_TO_POINTER (p.id), GUINT_TO_POINTER (self->points->len));
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
ioc_cluster_layer_update_point_full (IocClusterLayer   *self,
                                     const IocMapPoint *point)
{
  guint at;
  Point p;

  g_return_if_fail (IOC_IS_CLUSTER_LAYER (self));
  if (!point_from_map_point (point, &p))
    {
      ioc_cluster_layer_remove_point (self, point->id);
      return;
    }
  at = GPOINTER_TO_UINT (g_hash_table_lookup (self->index, GSIZE_TO_POINTER (p.id)));
  if (at > 0)
    {
      Point *old = &g_array_index (self->points, Point, at - 1);

      if (old->x == p.x && old->y == p.y && old->style == p.style && old->glyph == p.glyph &&
          (old->heading == p.heading || (isnan (old->heading) && isnan (p.heading))))
        return;
      indexes_apply (self, old, -1);
      *old = p;
    }
  else
    {
      g_array_append_val (self->points, p);
      g_hash_table_insert (self->index, GSIZE_TO_POINTER (p.id), GUINT_TO_POINTER (self->points->len));
    }
  indexes_apply (self, &p, +1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
ioc_cluster_layer_update_point (IocClusterLayer *self,
                                guint64          id,
                                double           lat,
                                double           lon,
                                guint            style)
{
  const Point *old;
  IocMapPoint mp = { id, lat, lon, style, NAN, 0 };

  g_return_if_fail (IOC_IS_CLUSTER_LAYER (self));
  old = point_by_id (self, id);
  if (old != NULL)
    {
      mp.heading = old->heading;
      mp.glyph = old->glyph;
    }
  ioc_cluster_layer_update_point_full (self, &mp);
}

gboolean
ioc_cluster_layer_remove_point (IocClusterLayer *self,
                                guint64          id)
{
  guint at, last;

  g_return_val_if_fail (IOC_IS_CLUSTER_LAYER (self), FALSE);
  at = GPOINTER_TO_UINT (g_hash_table_lookup (self->index, GSIZE_TO_POINTER (id)));
  if (at == 0)
    return FALSE;
  indexes_apply (self, &g_array_index (self->points, Point, at - 1), -1);
  g_hash_table_remove (self->index, GSIZE_TO_POINTER (id));
  last = self->points->len;
  if (at != last)
    {
      Point *moved = &g_array_index (self->points, Point, last - 1);
      g_hash_table_insert (self->index, GSIZE_TO_POINTER (moved->id), GUINT_TO_POINTER (at));
    }
  g_array_remove_index_fast (self->points, at - 1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return TRUE;
}

guint
ioc_cluster_layer_get_n_points (IocClusterLayer *self)
{
  g_return_val_if_fail (IOC_IS_CLUSTER_LAYER (self), 0);
  return self->points->len;
}

void
ioc_cluster_layer_set_style (IocClusterLayer *self,
                             guint            style,
                             const GdkRGBA   *colour,
                             const char      *label)
{
  g_return_if_fail (IOC_IS_CLUSTER_LAYER (self));
  g_return_if_fail (style < IOC_CLUSTER_LAYER_MAX_STYLES);
  g_return_if_fail (colour != NULL);

  self->styles[style].colour = *colour;
  g_free (self->styles[style].label);
  self->styles[style].label = g_strdup (label);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
ioc_cluster_layer_set_shape (IocClusterLayer *self,
                             IocClusterShape  shape)
{
  g_return_if_fail (IOC_IS_CLUSTER_LAYER (self));
  if (self->shape == shape)
    return;
  self->shape = shape;
  indexes_clear (self);   /* the grid's offset depends on the shape */
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
