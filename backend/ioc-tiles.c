/* ioc-tiles.c — the war room's base map, drawn by iocd
 *
 * The war-room network has no internet, and libshumate 1.0 on Debian 12 has
 * no vector renderer: iocd draws raster tiles itself from the boundaries of
 * today's communes (units valid now with a boundary), in a dark palette that
 * leaves colour to the data layers. Geometry is projected once; each tile
 * visits only the features whose bounding box meets it; rendered tiles are
 * kept in a bounded cache.
 */
#define G_LOG_DOMAIN "iocd-tiles"

#include "ioc-tiles.h"
#include "ioc-json.h"

#include <cairo.h>
#include <math.h>
#include <string.h>

#define TILE 256
#define MAX_CACHE 2048

typedef struct {
  GArray *rings;        /* of GArray* of double pairs (x, y) in 0..1 Mercator */
  double  min_x, min_y, max_x, max_y;
  char   *label;
  double  label_x, label_y;
} Feature;

struct _IocTiles
{
  IocStore   *store;
  GPtrArray  *features;   /* Feature*; NULL until first use */
  double      min_x, min_y, max_x, max_y;   /* all features */
  GHashTable *cache;      /* "z/x/y" → GBytes */
};

static void
feature_free (gpointer data)
{
  Feature *f = data;

  for (guint i = 0; i < f->rings->len; i++)
    g_array_unref (g_array_index (f->rings, GArray *, i));
  g_array_unref (f->rings);
  g_free (f->label);
  g_free (f);
}

static void
project (double  lon,
         double  lat,
         double *x,
         double *y)
{
  double s = sin (CLAMP (lat, -85.0511, 85.0511) * G_PI / 180.0);

  *x = (lon + 180.0) / 360.0;
  *y = 0.5 - log ((1 + s) / (1 - s)) / (4 * G_PI);
}

static void
add_ring (Feature   *f,
          JsonArray *ring)
{
  GArray *pts = g_array_sized_new (FALSE, FALSE, sizeof (double), json_array_get_length (ring) * 2);

  for (guint i = 0; i < json_array_get_length (ring); i++)
    {
      JsonArray *pos = json_array_get_array_element (ring, i);
      double x, y;

      if (pos == NULL || json_array_get_length (pos) < 2)
        continue;
      project (json_array_get_double_element (pos, 0), json_array_get_double_element (pos, 1), &x, &y);
      g_array_append_val (pts, x);
      g_array_append_val (pts, y);
      f->min_x = MIN (f->min_x, x);
      f->max_x = MAX (f->max_x, x);
      f->min_y = MIN (f->min_y, y);
      f->max_y = MAX (f->max_y, y);
    }
  g_array_append_val (f->rings, pts);
}

static gboolean
load (IocTiles  *self,
      GError   **error)
{
  g_autoptr(IocQuery) q = ioc_query_new ();
  g_autoptr(JsonArray) units = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now (ioc_time_zone_local ());
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

  ioc_query_add_filter (q, "boundary", IOC_FILTER_NOT_NULL, NULL);
  ioc_query_add_filter (q, "valid_from", IOC_FILTER_LE_OR_NULL, today);
  ioc_query_add_filter (q, "valid_to", IOC_FILTER_GE_OR_NULL, today);
  q->include_detail = TRUE;
  units = ioc_store_list (self->store, &ioc_entity_units, q, NULL, error);
  if (units == NULL)
    return FALSE;

  self->features = g_ptr_array_new_with_free_func (feature_free);
  self->min_x = self->min_y = 1;
  self->max_x = self->max_y = 0;
  for (guint i = 0; i < json_array_get_length (units); i++)
    {
      JsonObject *u = json_array_get_object_element (units, i);
      JsonObject *geom = json_object_get_object_member (u, "boundary");
      JsonArray *polys;
      Feature *f;

      if (geom == NULL || g_strcmp0 (json_object_get_string_member_with_default (geom, "type", ""), "MultiPolygon") != 0)
        continue;
      polys = json_object_get_array_member (geom, "coordinates");
      f = g_new0 (Feature, 1);
      f->rings = g_array_new (FALSE, FALSE, sizeof (GArray *));
      f->min_x = f->min_y = 1;
      f->max_x = f->max_y = 0;
      for (guint p = 0; p < json_array_get_length (polys); p++)
        {
          JsonArray *poly = json_array_get_array_element (polys, p);
          for (guint r = 0; r < json_array_get_length (poly); r++)
            add_ring (f, json_array_get_array_element (poly, r));
        }
      f->label = g_strdup (json_object_get_string_member_with_default (u, "name", ""));
      if (!json_object_get_null_member (u, "lat"))
        project (json_object_get_double_member (u, "lon"), json_object_get_double_member (u, "lat"),
                 &f->label_x, &f->label_y);
      else
        {
          f->label_x = (f->min_x + f->max_x) / 2;
          f->label_y = (f->min_y + f->max_y) / 2;
        }
      self->min_x = MIN (self->min_x, f->min_x);
      self->max_x = MAX (self->max_x, f->max_x);
      self->min_y = MIN (self->min_y, f->min_y);
      self->max_y = MAX (self->max_y, f->max_y);
      g_ptr_array_add (self->features, f);
    }
  g_info ("base map: %u features", self->features->len);
  return TRUE;
}

IocTiles *
ioc_tiles_new (IocStore *store)
{
  IocTiles *self = g_new0 (IocTiles, 1);

  self->store = g_object_ref (store);
  self->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  return self;
}

void
ioc_tiles_free (IocTiles *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->features, g_ptr_array_unref);
  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_clear_object (&self->store);
  g_free (self);
}

static cairo_status_t
write_png (void                *closure,
           const unsigned char *data,
           unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static void
trace (cairo_t *cr,
       Feature *f,
       double   scale,
       double   ox,
       double   oy)
{
  for (guint r = 0; r < f->rings->len; r++)
    {
      GArray *pts = g_array_index (f->rings, GArray *, r);
      for (guint i = 0; i + 1 < pts->len; i += 2)
        {
          double x = g_array_index (pts, double, i) * scale - ox;
          double y = g_array_index (pts, double, i + 1) * scale - oy;
          if (i == 0)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
        }
      cairo_close_path (cr);
    }
}

GBytes *
ioc_tiles_render (IocTiles  *self,
                  guint      z,
                  guint      x,
                  guint      y,
                  GError   **error)
{
  g_autofree char *key = NULL;
  GBytes *cached;
  cairo_surface_t *surface;
  cairo_t *cr;
  GByteArray *png;
  double scale, ox, oy, t0x, t0y, t1x, t1y;
  guint n;

  if (z > 18 || x >= (1u << z) || y >= (1u << z))
    {
      g_set_error (error, IOC_STORE_ERROR, IOC_STORE_ERROR_NOT_FOUND,
                   "no tile %u/%u/%u (zoom 0–18, x and y below 2^zoom)", z, x, y);
      return NULL;
    }
  key = g_strdup_printf ("%u/%u/%u", z, x, y);
  cached = g_hash_table_lookup (self->cache, key);
  if (cached != NULL)
    return g_bytes_ref (cached);
  if (self->features == NULL && !load (self, error))
    return NULL;

  n = 1u << z;
  scale = (double) n * TILE;
  ox = (double) x * TILE;
  oy = (double) y * TILE;
  t0x = (double) x / n;
  t0y = (double) y / n;
  t1x = (double) (x + 1) / n;
  t1y = (double) (y + 1) / n;

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, TILE, TILE);
  cr = cairo_create (surface);
  /* Outside the province: near-black blue. */
  cairo_set_source_rgb (cr, 0.055, 0.075, 0.10);
  cairo_paint (cr);

  if (!(t1x < self->min_x || t0x > self->max_x || t1y < self->min_y || t0y > self->max_y))
    {
      double line = z >= 12 ? 1.4 : z >= 9 ? 1.0 : 0.6;

      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      for (guint i = 0; i < self->features->len; i++)
        {
          Feature *f = g_ptr_array_index (self->features, i);
          if (f->max_x < t0x || f->min_x > t1x || f->max_y < t0y || f->min_y > t1y)
            continue;
          trace (cr, f, scale, ox, oy);
          cairo_set_source_rgb (cr, 0.105, 0.150, 0.200);
          cairo_fill_preserve (cr);
          cairo_set_source_rgb (cr, 0.27, 0.38, 0.48);
          cairo_set_line_width (cr, line);
          cairo_stroke (cr);
        }

      /* Names of the communes once they are big enough to read. */
      if (z >= 11)
        {
          cairo_select_font_face (cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
          cairo_set_font_size (cr, z >= 13 ? 15 : 12);
          for (guint i = 0; i < self->features->len; i++)
            {
              Feature *f = g_ptr_array_index (self->features, i);
              cairo_text_extents_t ext;
              double lx = f->label_x * scale - ox, ly = f->label_y * scale - oy;

              /* Draw labels that touch this tile, from any neighbour's feature. */
              if (lx < -200 || lx > TILE + 200 || ly < -40 || ly > TILE + 40)
                continue;
              cairo_text_extents (cr, f->label, &ext);
              cairo_move_to (cr, lx - ext.width / 2 - ext.x_bearing, ly);
              cairo_text_path (cr, f->label);
              cairo_set_source_rgb (cr, 0.055, 0.075, 0.10);
              cairo_set_line_width (cr, 3);
              cairo_stroke_preserve (cr);
              cairo_set_source_rgb (cr, 0.62, 0.71, 0.80);
              cairo_fill (cr);
            }
        }
    }
  cairo_destroy (cr);

  png = g_byte_array_sized_new (8192);
  cairo_surface_write_to_png_stream (surface, write_png, png);
  cairo_surface_destroy (surface);

  cached = g_byte_array_free_to_bytes (png);
  if (g_hash_table_size (self->cache) >= MAX_CACHE)
    g_hash_table_remove_all (self->cache);   /* simple and bounded */
  g_hash_table_insert (self->cache, g_steal_pointer (&key), g_bytes_ref (cached));
  return cached;
}
