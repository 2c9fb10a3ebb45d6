/* ioc-tiles.c — the war room's base map, drawn by iocd
 *
 * The war-room network has no internet, and libshumate 1.0 on Debian 12 has
 * no vector renderer: iocd draws raster tiles itself from the boundaries of
 * today's communes, in a dark palette that leaves colour to the data layers.
 *
 * Geometry is projected once to Web-Mercator (0..1) with a bounding box per
 * feature; the province outline is derived from the communes themselves
 * (the edges that belong to one unit only), so it always matches them. A
 * tile visits only the features and outline pieces whose box meets it and
 * skips vertices closer than a fraction of a pixel. Tiles are rendered in a
 * worker thread on an immutable, reference-counted copy of the geometry and
 * kept in a bounded LRU cache owned by the main thread.
 */
#define G_LOG_DOMAIN "iocd-tiles"

#include "ioc-tiles.h"
#include "ioc-bytes-cache.h"
#include "ioc-json.h"

#include <cairo.h>
#include <pango/pangocairo.h>
#include <math.h>
#include <string.h>

#define TILE 256
#define MAX_TILES 2000
#define MAX_BYTES (64 * 1024 * 1024)
/* Bump when the drawing changes: it is part of the ETag. */
#define RENDERER_VERSION "3"

/* War-room palette: dark blue-grey land, near-black outside. */
static const double OUTSIDE[3] = { 0.043, 0.059, 0.078 };
static const double LAND[3]    = { 0.106, 0.145, 0.188 };
static const double WARD[3]    = { 0.129, 0.176, 0.227 };  /* urban wards, a shade lighter */
static const double LINE[3]    = { 0.235, 0.318, 0.400 };
static const double OUTLINE[3] = { 0.478, 0.604, 0.722 };
static const double LABEL[3]   = { 0.745, 0.816, 0.882 };

typedef struct {
  double *xy;           /* x0, y0, x1, y1, … in 0..1 Mercator */
  guint   n;            /* points */
  gboolean closed;
  double  min_x, min_y, max_x, max_y;
} Line;

typedef struct {
  GPtrArray *rings;     /* Line* */
  double     min_x, min_y, max_x, max_y;
  char      *label;
  gboolean   ward;
  double     label_x, label_y;
} Feature;

typedef struct {
  GPtrArray *features;  /* Feature* */
  GPtrArray *outline;   /* Line*: the province boundary */
  double     min_x, min_y, max_x, max_y;
  char      *digest;
} Geometry;

typedef struct _Job Job;

struct _IocTiles
{
  IocStore   *store;
  char       *data_dir;
  Geometry   *geom;       /* NULL until first use */
  IocBytesCache *cache;   /* "z/x/y" → PNG */
  GHashTable *pending;    /* "z/x/y" → Job*: being rendered */
};

struct _Job
{
  IocTiles  *owner;       /* NULL once the owner is gone */
  Geometry  *geom;
  guint      z, x, y;
  char      *key;
  GPtrArray *waiters;     /* GTask* */
  GBytes    *png;         /* NULL when it failed: */
  GError    *error;
};

/* ---- geometry ---------------------------------------------------------- */

static void
line_free (gpointer data)
{
  Line *l = data;

  g_free (l->xy);
  g_free (l);
}

static void
feature_free (gpointer data)
{
  Feature *f = data;

  g_ptr_array_unref (f->rings);
  g_free (f->label);
  g_free (f);
}

static void
geometry_clear (gpointer data)
{
  Geometry *g = data;

  g_clear_pointer (&g->features, g_ptr_array_unref);
  g_clear_pointer (&g->outline, g_ptr_array_unref);
  g_free (g->digest);
}

static Geometry *
geometry_ref (Geometry *g)
{
  return g_atomic_rc_box_acquire (g);
}

static void
geometry_unref (Geometry *g)
{
  g_atomic_rc_box_release_full (g, geometry_clear);
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
line_bbox (Line *l)
{
  l->min_x = l->min_y = 1;
  l->max_x = l->max_y = 0;
  for (guint i = 0; i < l->n; i++)
    {
      l->min_x = MIN (l->min_x, l->xy[2 * i]);
      l->max_x = MAX (l->max_x, l->xy[2 * i]);
      l->min_y = MIN (l->min_y, l->xy[2 * i + 1]);
      l->max_y = MAX (l->max_y, l->xy[2 * i + 1]);
    }
}

static Line *
ring_from_json (JsonArray *ring)
{
  guint len = json_array_get_length (ring);
  Line *l = g_new0 (Line, 1);

  l->xy = g_new (double, 2 * MAX (len, 1));
  l->closed = TRUE;
  for (guint i = 0; i < len; i++)
    {
      JsonArray *pos = json_array_get_array_element (ring, i);

      if (pos == NULL || json_array_get_length (pos) < 2)
        continue;
      project (json_array_get_double_element (pos, 0), json_array_get_double_element (pos, 1),
               &l->xy[2 * l->n], &l->xy[2 * l->n + 1]);
      l->n++;
    }
  line_bbox (l);
  return l;
}

/* A label point for features without one: the centroid of the largest ring. */
static void
fallback_label_point (Feature *f)
{
  double best = 0;

  f->label_x = (f->min_x + f->max_x) / 2;
  f->label_y = (f->min_y + f->max_y) / 2;
  for (guint r = 0; r < f->rings->len; r++)
    {
      Line *l = g_ptr_array_index (f->rings, r);
      double a = 0, cx = 0, cy = 0;

      for (guint i = 0; i + 1 < l->n; i++)
        {
          double x0 = l->xy[2 * i], y0 = l->xy[2 * i + 1];
          double x1 = l->xy[2 * i + 2], y1 = l->xy[2 * i + 3];
          double c = x0 * y1 - x1 * y0;
          a += c;
          cx += (x0 + x1) * c;
          cy += (y0 + y1) * c;
        }
      if (fabs (a) > best)
        {
          best = fabs (a);
          f->label_x = cx / (3 * a);
          f->label_y = cy / (3 * a);
        }
    }
}

static Feature *
feature_new (JsonObject *geometry,
             const char *label,
             gboolean    ward)
{
  JsonArray *polys;
  Feature *f;

  if (geometry == NULL ||
      g_strcmp0 (json_object_get_string_member_with_default (geometry, "type", ""), "MultiPolygon") != 0)
    return NULL;
  polys = json_object_get_array_member (geometry, "coordinates");
  if (polys == NULL)
    return NULL;
  f = g_new0 (Feature, 1);
  f->rings = g_ptr_array_new_with_free_func (line_free);
  f->min_x = f->min_y = 1;
  f->max_x = f->max_y = 0;
  f->label = g_strdup (label != NULL ? label : "");
  f->ward = ward;
  for (guint p = 0; p < json_array_get_length (polys); p++)
    {
      JsonArray *poly = json_array_get_array_element (polys, p);

      for (guint r = 0; poly != NULL && r < json_array_get_length (poly); r++)
        {
          JsonArray *ring = json_array_get_array_element (poly, r);
          Line *l;

          if (ring == NULL)
            continue;
          l = ring_from_json (ring);
          if (l->n < 3)
            {
              line_free (l);
              continue;
            }
          f->min_x = MIN (f->min_x, l->min_x);
          f->max_x = MAX (f->max_x, l->max_x);
          f->min_y = MIN (f->min_y, l->min_y);
          f->max_y = MAX (f->max_y, l->max_y);
          g_ptr_array_add (f->rings, l);
        }
    }
  if (f->rings->len == 0)
    {
      feature_free (f);
      return NULL;
    }
  fallback_label_point (f);
  return f;
}

/* A directed edge with coordinates rounded to ~4 cm, for matching the edges
 * that two neighbouring units share (in opposite directions). */
typedef struct {
  gint64 ax, ay, bx, by;
} Edge;

static guint
edge_hash (gconstpointer p)
{
  const Edge *e = p;
  guint64 h = (guint64) e->ax * 0x9E3779B97F4A7C15ull;

  h ^= (guint64) e->ay + 0x7F4A7C159E3779B9ull + (h << 6) + (h >> 2);
  h ^= (guint64) e->bx + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
  h ^= (guint64) e->by + 0x7F4A7C159E3779B9ull + (h << 6) + (h >> 2);
  return (guint) (h ^ (h >> 32));
}

static gboolean
edge_equal (gconstpointer a,
            gconstpointer b)
{
  return memcmp (a, b, sizeof (Edge)) == 0;
}

static Edge
edge_of (const double *xy,
         guint         i,
         gboolean      reverse)
{
  gint64 ax = llround (xy[2 * i] * 1e9), ay = llround (xy[2 * i + 1] * 1e9);
  gint64 bx = llround (xy[2 * i + 2] * 1e9), by = llround (xy[2 * i + 3] * 1e9);

  return reverse ? (Edge) { bx, by, ax, ay } : (Edge) { ax, ay, bx, by };
}

static void
outline_add (GPtrArray    *outline,
             const double *xy,
             guint         first,
             guint         n_edges,
             guint         ring_points,
             gboolean      closed)
{
  Line *l = g_new0 (Line, 1);

  l->xy = g_new (double, 2 * (n_edges + 1));
  l->closed = closed;
  for (guint k = 0; k <= n_edges; k++)
    {
      guint i = (first + k) % (ring_points - 1);
      l->xy[2 * k] = xy[2 * i];
      l->xy[2 * k + 1] = xy[2 * i + 1];
    }
  l->n = n_edges + 1;
  line_bbox (l);
  g_ptr_array_add (outline, l);
}

/* The outline of the union: runs of edges whose reverse no unit has. */
static GPtrArray *
build_outline (GPtrArray *features)
{
  g_autoptr(GHashTable) edges = g_hash_table_new_full (edge_hash, edge_equal, g_free, NULL);
  GPtrArray *outline = g_ptr_array_new_with_free_func (line_free);

  for (guint fi = 0; fi < features->len; fi++)
    {
      Feature *f = g_ptr_array_index (features, fi);
      for (guint r = 0; r < f->rings->len; r++)
        {
          Line *l = g_ptr_array_index (f->rings, r);
          for (guint i = 0; i + 1 < l->n; i++)
            {
              Edge *e = g_new (Edge, 1);
              *e = edge_of (l->xy, i, FALSE);
              g_hash_table_add (edges, e);
            }
        }
    }

  for (guint fi = 0; fi < features->len; fi++)
    {
      Feature *f = g_ptr_array_index (features, fi);
      for (guint r = 0; r < f->rings->len; r++)
        {
          Line *l = g_ptr_array_index (f->rings, r);
          guint n_edges = l->n - 1;   /* rings are closed: last == first */
          g_autofree gboolean *outer = g_new (gboolean, n_edges);
          guint start = G_MAXUINT, run = 0;

          for (guint i = 0; i < n_edges; i++)
            {
              Edge rev = edge_of (l->xy, i, TRUE);
              outer[i] = !g_hash_table_contains (edges, &rev);
              if (!outer[i] && start == G_MAXUINT)
                start = i;
            }
          if (start == G_MAXUINT)
            {
              /* An island: the whole ring is outline. */
              outline_add (outline, l->xy, 0, n_edges, l->n, TRUE);
              continue;
            }
          /* Walk once around the ring from a shared edge, cutting runs. */
          for (guint k = 1; k <= n_edges; k++)
            {
              guint i = (start + k) % n_edges;
              if (outer[i] && k < n_edges)
                run++;
              else
                {
                  if (run > 0)
                    outline_add (outline, l->xy, (i + n_edges - run) % n_edges, run, l->n, FALSE);
                  run = 0;
                }
            }
        }
    }
  return outline;
}

static Geometry *
geometry_new (GPtrArray *features)
{
  Geometry *g = g_atomic_rc_box_new0 (Geometry);
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA1);

  g->features = features;
  g->outline = build_outline (features);
  g->min_x = g->min_y = 1;
  g->max_x = g->max_y = 0;
  g_checksum_update (sum, (const guchar *) RENDERER_VERSION, -1);
  for (guint i = 0; i < features->len; i++)
    {
      Feature *f = g_ptr_array_index (features, i);

      g->min_x = MIN (g->min_x, f->min_x);
      g->max_x = MAX (g->max_x, f->max_x);
      g->min_y = MIN (g->min_y, f->min_y);
      g->max_y = MAX (g->max_y, f->max_y);
      g_checksum_update (sum, (const guchar *) f->label, strlen (f->label) + 1);
      g_checksum_update (sum, (const guchar *) &f->label_x, sizeof (double));
      g_checksum_update (sum, (const guchar *) &f->label_y, sizeof (double));
      for (guint r = 0; r < f->rings->len; r++)
        {
          Line *l = g_ptr_array_index (f->rings, r);
          g_checksum_update (sum, (const guchar *) l->xy, l->n * 2 * sizeof (double));
        }
    }
  g->digest = g_strndup (g_checksum_get_string (sum), 16);
  return g;
}

static GPtrArray *
load_from_store (IocStore  *store,
                 GError   **error)
{
  g_autoptr(IocQuery) q = ioc_query_new ();
  g_autoptr(JsonArray) units = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now (ioc_time_zone_local ());
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  GPtrArray *features;

  ioc_query_add_filter (q, "boundary", IOC_FILTER_NOT_NULL, NULL);
  ioc_query_add_filter (q, "valid_from", IOC_FILTER_LE_OR_NULL, today);
  ioc_query_add_filter (q, "valid_to", IOC_FILTER_GE_OR_NULL, today);
  q->include_detail = TRUE;
  units = ioc_store_list (store, &ioc_entity_units, q, NULL, error);
  if (units == NULL)
    return NULL;

  features = g_ptr_array_new_with_free_func (feature_free);
  for (guint i = 0; i < json_array_get_length (units); i++)
    {
      JsonObject *u = json_array_get_object_element (units, i);
      JsonNode *bn = json_object_get_member (u, "boundary");
      Feature *f;

      if (bn == NULL || !JSON_NODE_HOLDS_OBJECT (bn))
        continue;
      f = feature_new (json_node_get_object (bn),
                       json_object_get_string_member_with_default (u, "name", ""),
                       g_strcmp0 (json_object_get_string_member_with_default (u, "kind", ""), "ward") == 0);
      if (f == NULL)
        continue;
      if (json_object_has_member (u, "lat") && json_object_has_member (u, "lon") &&
          !json_object_get_null_member (u, "lat") && !json_object_get_null_member (u, "lon"))
        project (json_object_get_double_member (u, "lon"), json_object_get_double_member (u, "lat"),
                 &f->label_x, &f->label_y);
      g_ptr_array_add (features, f);
    }
  return features;
}

static GPtrArray *
load_from_file (const char  *path,
                GError     **error)
{
  g_autofree char *text = NULL;
  gsize len;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *list;
  GPtrArray *features;

  if (!g_file_get_contents (path, &text, &len, error))
    return NULL;
  root = ioc_json_parse (text, len, error);
  if (root == NULL)
    return NULL;
  list = JSON_NODE_HOLDS_OBJECT (root)
         ? json_object_get_array_member (json_node_get_object (root), "features") : NULL;
  if (list == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s is not a GeoJSON FeatureCollection", path);
      return NULL;
    }
  features = g_ptr_array_new_with_free_func (feature_free);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *feat = json_array_get_object_element (list, i);
      JsonObject *props = json_object_get_object_member (feat, "properties");
      Feature *f = feature_new (json_object_get_object_member (feat, "geometry"),
                                props != NULL ? json_object_get_string_member_with_default (props, "name_vi", "") : "",
                                props != NULL && g_strcmp0 (json_object_get_string_member_with_default (props, "kind", ""), "ward") == 0);
      if (f != NULL)
        g_ptr_array_add (features, f);
    }
  return features;
}

static gboolean
ensure_loaded (IocTiles  *self,
               GError   **error)
{
  g_autoptr(GPtrArray) features = NULL;
  gint64 t0 = g_get_monotonic_time ();
  const char *from = "the store";

  if (self->geom != NULL)
    return TRUE;
  features = load_from_store (self->store, error);
  if (features == NULL)
    return FALSE;
  if (features->len == 0 && self->data_dir != NULL)
    {
      g_autofree char *path = g_build_filename (self->data_dir, "demo", "map", "daklak_communes.geojson", NULL);

      g_clear_pointer (&features, g_ptr_array_unref);
      features = load_from_file (path, error);
      if (features == NULL)
        return FALSE;
      from = "daklak_communes.geojson";
    }
  self->geom = geometry_new (g_steal_pointer (&features));
  g_info ("base map: %u features, %u outline pieces from %s in %.0f ms", self->geom->features->len,
          self->geom->outline->len, from, (g_get_monotonic_time () - t0) / 1000.0);
  return TRUE;
}

/* ---- rendering (any thread) ------------------------------------------- */

static cairo_status_t
write_png (void                *closure,
           const unsigned char *data,
           unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static gboolean
box_meets (double min_x, double min_y, double max_x, double max_y,
           double t0x, double t0y, double t1x, double t1y)
{
  return !(max_x < t0x || min_x > t1x || max_y < t0y || min_y > t1y);
}

/* Adds @l to the path in tile pixels, skipping vertices closer than a
 * third of a pixel to the last one kept. */
static void
trace (cairo_t *cr,
       Line    *l,
       double   scale,
       double   ox,
       double   oy)
{
  double lx = 0, ly = 0;

  for (guint i = 0; i < l->n; i++)
    {
      double x = l->xy[2 * i] * scale - ox;
      double y = l->xy[2 * i + 1] * scale - oy;

      if (i == 0)
        cairo_move_to (cr, x, y);
      else if (i + 1 == l->n || fabs (x - lx) + fabs (y - ly) > 0.33)
        cairo_line_to (cr, x, y);
      else
        continue;
      lx = x;
      ly = y;
    }
  if (l->closed)
    cairo_close_path (cr);
}

static void
draw_labels (cairo_t  *cr,
             Geometry *g,
             guint     z,
             double    scale,
             double    ox,
             double    oy)
{
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) font =
    pango_font_description_from_string (z >= 14 ? "DejaVu Sans Bold 11" :
                                        z >= 13 ? "DejaVu Sans Bold 10" : "DejaVu Sans Bold 9");
  cairo_font_options_t *opts = cairo_font_options_create ();

  /* Same glyph shapes in every tile: no hinting that depends on position. */
  cairo_font_options_set_hint_metrics (opts, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (opts, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_antialias (opts, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (pango_layout_get_context (layout), opts);
  cairo_font_options_destroy (opts);
  pango_layout_context_changed (layout);
  pango_layout_set_font_description (layout, font);

  for (guint i = 0; i < g->features->len; i++)
    {
      Feature *f = g_ptr_array_index (g->features, i);
      double lx = f->label_x * scale - ox, ly = f->label_y * scale - oy;
      int w, h;

      /* Labels may straddle tiles: draw every label that touches this one. */
      if (f->label[0] == '\0' || lx < -160 || lx > TILE + 160 || ly < -24 || ly > TILE + 24)
        continue;
      pango_layout_set_text (layout, f->label, -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      /* Only names that fit their unit, so small wards do not collide. */
      if (z < 13 && w > (f->max_x - f->min_x) * scale * 0.9)
        continue;
      if (lx + w / 2.0 < 0 || lx - w / 2.0 > TILE || ly + h / 2.0 < 0 || ly - h / 2.0 > TILE)
        continue;
      cairo_move_to (cr, round (lx - w / 2.0), round (ly - h / 2.0));
      pango_cairo_layout_path (cr, layout);
      cairo_set_source_rgba (cr, OUTSIDE[0], OUTSIDE[1], OUTSIDE[2], 0.85);
      cairo_set_line_width (cr, 3.0);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_stroke_preserve (cr);
      cairo_set_source_rgb (cr, LABEL[0], LABEL[1], LABEL[2]);
      cairo_fill (cr);
    }
}

static GBytes *
render_tile (Geometry *g,
             guint     z,
             guint     x,
             guint     y,
             GError  **error)
{
  guint n = 1u << z;
  double scale = (double) n * TILE;
  double ox = (double) x * TILE, oy = (double) y * TILE;
  /* The tile in Mercator units, widened by a few pixels for line widths. */
  double pad = 4.0 / scale;
  double t0x = (double) x / n - pad, t0y = (double) y / n - pad;
  double t1x = (double) (x + 1) / n + pad, t1y = (double) (y + 1) / n + pad;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, TILE, TILE);
  cairo_t *cr = cairo_create (surface);
  cairo_status_t status;
  GByteArray *png;

  cairo_set_source_rgb (cr, OUTSIDE[0], OUTSIDE[1], OUTSIDE[2]);
  cairo_paint (cr);

  if (box_meets (g->min_x, g->min_y, g->max_x, g->max_y, t0x, t0y, t1x, t1y))
    {
      double line = z >= 13 ? 1.3 : z >= 11 ? 1.0 : z >= 9 ? 0.8 : 0.6;
      double outline = z >= 12 ? 3.0 : z >= 9 ? 2.2 : 1.6;

      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);

      /* Land, urban wards a shade lighter. */
      for (int pass = 0; pass < 2; pass++)
        {
          gboolean any = FALSE;

          for (guint i = 0; i < g->features->len; i++)
            {
              Feature *f = g_ptr_array_index (g->features, i);
              if (f->ward != (pass == 1) ||
                  !box_meets (f->min_x, f->min_y, f->max_x, f->max_y, t0x, t0y, t1x, t1y))
                continue;
              for (guint r = 0; r < f->rings->len; r++)
                trace (cr, g_ptr_array_index (f->rings, r), scale, ox, oy);
              any = TRUE;
            }
          if (!any)
            continue;
          if (pass == 0)
            cairo_set_source_rgb (cr, LAND[0], LAND[1], LAND[2]);
          else
            cairo_set_source_rgb (cr, WARD[0], WARD[1], WARD[2]);
          cairo_fill (cr);
        }

      /* Commune boundaries, thin. */
      for (guint i = 0; i < g->features->len; i++)
        {
          Feature *f = g_ptr_array_index (g->features, i);
          if (!box_meets (f->min_x, f->min_y, f->max_x, f->max_y, t0x, t0y, t1x, t1y))
            continue;
          for (guint r = 0; r < f->rings->len; r++)
            {
              Line *l = g_ptr_array_index (f->rings, r);
              if (box_meets (l->min_x, l->min_y, l->max_x, l->max_y, t0x, t0y, t1x, t1y))
                trace (cr, l, scale, ox, oy);
            }
        }
      cairo_set_source_rgb (cr, LINE[0], LINE[1], LINE[2]);
      cairo_set_line_width (cr, line);
      cairo_stroke (cr);

      /* The province outline, thicker and brighter. */
      for (guint i = 0; i < g->outline->len; i++)
        {
          Line *l = g_ptr_array_index (g->outline, i);
          if (box_meets (l->min_x, l->min_y, l->max_x, l->max_y, t0x, t0y, t1x, t1y))
            trace (cr, l, scale, ox, oy);
        }
      cairo_set_source_rgb (cr, OUTLINE[0], OUTLINE[1], OUTLINE[2]);
      cairo_set_line_width (cr, outline);
      cairo_stroke (cr);

      if (z >= 11)
        draw_labels (cr, g, z, scale, ox, oy);
    }
  status = cairo_status (cr);
  cairo_destroy (cr);

  png = g_byte_array_sized_new (16384);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_write_to_png_stream (surface, write_png, png);
  cairo_surface_destroy (surface);
  /* A tile that did not draw is an error, never an empty 200 (which the
   * console would keep in its tile cache as an image it cannot read). */
  if (status != CAIRO_STATUS_SUCCESS || png->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "tile %u/%u/%u: %s", z, x, y,
                   status != CAIRO_STATUS_SUCCESS ? cairo_status_to_string (status) : "empty PNG");
      g_byte_array_unref (png);
      return NULL;
    }
  return g_byte_array_free_to_bytes (png);
}

/* ---- public API ------------------------------------------------------- */

IocTiles *
ioc_tiles_new (IocStore   *store,
               const char *data_dir)
{
  IocTiles *self = g_new0 (IocTiles, 1);

  self->store = g_object_ref (store);
  self->data_dir = g_strdup (data_dir);
  self->cache = ioc_bytes_cache_new (MAX_TILES, MAX_BYTES);
  self->pending = g_hash_table_new (g_str_hash, g_str_equal);
  return self;
}

void
ioc_tiles_free (IocTiles *self)
{
  GHashTableIter iter;
  gpointer value;

  if (self == NULL)
    return;
  /* Renderings under way finish their waiters without us. */
  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    ((Job *) value)->owner = NULL;
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_pointer (&self->cache, ioc_bytes_cache_free);
  g_clear_pointer (&self->geom, geometry_unref);
  g_clear_object (&self->store);
  g_free (self->data_dir);
  g_free (self);
}

gboolean
ioc_tiles_check (guint    z,
                 guint    x,
                 guint    y,
                 GError **error)
{
  if (z > IOC_TILES_MAX_ZOOM || x >= (1u << z) || y >= (1u << z))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "no tile %u/%u/%u (zoom 0–%d, x and y below 2^zoom)", z, x, y, IOC_TILES_MAX_ZOOM);
      return FALSE;
    }
  return TRUE;
}

char *
ioc_tiles_etag (IocTiles *self,
                guint     z,
                guint     x,
                guint     y,
                GError  **error)
{
  if (!ioc_tiles_check (z, x, y, error) || !ensure_loaded (self, error))
    return NULL;
  return g_strdup_printf ("\"%s-%u-%u-%u\"", self->geom->digest, z, x, y);
}

GBytes *
ioc_tiles_lookup (IocTiles *self,
                  guint     z,
                  guint     x,
                  guint     y)
{
  char key[48];

  g_snprintf (key, sizeof key, "%u/%u/%u", z, x, y);
  return ioc_bytes_cache_lookup (self->cache, key);
}

guint
ioc_tiles_cache_size (IocTiles *self)
{
  return ioc_bytes_cache_get_size (self->cache);
}

static void
job_free (Job *job)
{
  g_clear_pointer (&job->geom, geometry_unref);
  g_clear_pointer (&job->png, g_bytes_unref);
  g_clear_error (&job->error);
  g_ptr_array_unref (job->waiters);
  g_free (job->key);
  g_free (job);
}

static void
job_thread (GTask        *task,
            gpointer      source,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;
  gint64 t0 = g_get_monotonic_time ();

  job->png = render_tile (job->geom, job->z, job->x, job->y, &job->error);
  if (job->png != NULL)
    g_debug ("tile %s: %.1f ms, %" G_GSIZE_FORMAT " bytes", job->key,
             (g_get_monotonic_time () - t0) / 1000.0, g_bytes_get_size (job->png));
  g_task_return_boolean (task, TRUE);
}

static void
job_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Job *job = user_data;

  if (job->owner != NULL)
    {
      if (job->png != NULL)
        ioc_bytes_cache_insert (job->owner->cache, job->key, job->png);
      g_hash_table_remove (job->owner->pending, job->key);
    }
  for (guint i = 0; i < job->waiters->len; i++)
    {
      GTask *waiter = g_ptr_array_index (job->waiters, i);
      if (job->png != NULL)
        g_task_return_pointer (waiter, g_bytes_ref (job->png), (GDestroyNotify) g_bytes_unref);
      else
        g_task_return_error (waiter, g_error_copy (job->error));
    }
  job_free (job);
}

void
ioc_tiles_render_async (IocTiles            *self,
                        guint                z,
                        guint                x,
                        guint                y,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GTask) worker = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  GBytes *png;
  Job *job;

  g_task_set_source_tag (task, ioc_tiles_render_async);
  if (!ioc_tiles_check (z, x, y, &error) || !ensure_loaded (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  png = ioc_tiles_lookup (self, z, x, y);
  if (png != NULL)
    {
      g_task_return_pointer (task, png, (GDestroyNotify) g_bytes_unref);
      return;
    }
  key = g_strdup_printf ("%u/%u/%u", z, x, y);
  job = g_hash_table_lookup (self->pending, key);
  if (job != NULL)
    {
      g_ptr_array_add (job->waiters, g_steal_pointer (&task));
      return;
    }
  job = g_new0 (Job, 1);
  job->owner = self;
  job->geom = geometry_ref (self->geom);
  job->z = z;
  job->x = x;
  job->y = y;
  job->key = g_steal_pointer (&key);
  job->waiters = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (job->waiters, g_steal_pointer (&task));
  g_hash_table_insert (self->pending, job->key, job);
  worker = g_task_new (NULL, NULL, job_done, job);
  g_task_set_task_data (worker, job, NULL);
  g_task_run_in_thread (worker, job_thread);
}

GBytes *
ioc_tiles_render_finish (IocTiles      *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

GBytes *
ioc_tiles_render (IocTiles  *self,
                  guint      z,
                  guint      x,
                  guint      y,
                  GError   **error)
{
  g_autofree char *key = NULL;
  GBytes *png;

  if (!ioc_tiles_check (z, x, y, error) || !ensure_loaded (self, error))
    return NULL;
  png = ioc_tiles_lookup (self, z, x, y);
  if (png != NULL)
    return png;
  key = g_strdup_printf ("%u/%u/%u", z, x, y);
  png = render_tile (self->geom, z, x, y, error);
  if (png != NULL)
    ioc_bytes_cache_insert (self->cache, key, png);
  return png;
}
