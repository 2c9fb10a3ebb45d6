/* ioc-heatmap-view.c — see ioc-heatmap-view.h */
#include "config.h"

#include "ioc-heatmap-view.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#define HEAD_H 58.0
#define LEGEND_H 42.0
#define LATEST_W 78.0
#define TREND_W 110.0
#define ROW_MIN 22.0
#define ROW_FOLDED_MIN 18.0
#define ROW_MAX 40.0

struct _IocHeatmapView
{
  GtkWidget  parent_instance;
  GPtrArray *names;
  GPtrArray *dates;
  gint64    *cells;
  gint64     max;
  char      *caption;
  /* the last layout */
  guint      n_drawn;
  double     row_h;
  int        text_h;
};

G_DEFINE_FINAL_TYPE (IocHeatmapView, ioc_heatmap_view, GTK_TYPE_WIDGET)

/* Where everything goes for the current size. */
typedef struct {
  double   w, h;
  double   label_w, cw, rh;
  double   cells_x, latest_x, trend_x;
  guint    nr, nc;
  guint    n_drawn;      /* rows drawn one by one */
  gboolean folded;       /* a summary line follows them */
  double   font_px;
} Geometry;

static gboolean
row_is_empty (IocHeatmapView *self,
              guint           r)
{
  guint nc = self->dates->len;

  for (guint c = 0; c < nc; c++)
    if (self->cells[r * nc + c] > 0)
      return FALSE;
  return TRUE;
}

/* Rows are sorted worst first, so the empty ones are the last ones. */
static guint
n_leading_nonempty (IocHeatmapView *self)
{
  guint n = self->names->len;

  while (n > 0 && row_is_empty (self, n - 1))
    n--;
  return n;
}

static void
compute_geometry (IocHeatmapView *self,
                  Geometry       *g)
{
  double avail;

  memset (g, 0, sizeof *g);
  g->w = gtk_widget_get_width (GTK_WIDGET (self));
  g->h = gtk_widget_get_height (GTK_WIDGET (self));
  g->nr = self->names != NULL ? self->names->len : 0;
  g->nc = self->dates != NULL ? self->dates->len : 0;
  if (g->nr == 0 || g->nc == 0)
    return;
  g->label_w = CLAMP (g->w * 0.31, 170, 360);
  g->cells_x = g->label_w;
  g->cw = MAX (6.0, (g->w - g->label_w - LATEST_W - TREND_W - 12) / g->nc);
  g->latest_x = g->cells_x + g->cw * g->nc + 8;
  g->trend_x = g->latest_x + LATEST_W;
  avail = g->h - HEAD_H - LEGEND_H;
  g->n_drawn = g->nr;
  if (g->nr * ROW_MIN > avail)
    {
      guint keep = n_leading_nonempty (self);
      if (keep < g->nr)
        {
          g->n_drawn = keep;
          g->folded = TRUE;
        }
    }
  g->rh = CLAMP (avail / (g->n_drawn + (g->folded ? 1 : 0)), ROW_FOLDED_MIN, ROW_MAX);
  /* Text fits the row with room to spare: names never touch. */
  g->font_px = CLAMP (floor (g->rh * 0.62), 11, 20);
}

static void
ioc_heatmap_view_finalize (GObject *object)
{
  IocHeatmapView *self = IOC_HEATMAP_VIEW (object);

  g_clear_pointer (&self->names, g_ptr_array_unref);
  g_clear_pointer (&self->dates, g_ptr_array_unref);
  g_free (self->cells);
  g_free (self->caption);
  G_OBJECT_CLASS (ioc_heatmap_view_parent_class)->finalize (object);
}

/* Sequential, colour-blind-safe ramp (light yellow → orange → deep red) on
 * a log scale; 0 is a neutral slate tone, "nothing recorded" darker. */
static void
colour_for (gint64   v,
            gint64   max,
            GdkRGBA *out)
{
  static const double stops[][3] = {
    { 1.00, 0.93, 0.63 }, { 0.99, 0.70, 0.30 }, { 0.94, 0.40, 0.17 }, { 0.74, 0.09, 0.15 }, { 0.45, 0.00, 0.15 },
  };
  double t, f;
  int i;

  if (v < 0)
    {
      *out = (GdkRGBA) { 0.09, 0.11, 0.14, 1 };
      return;
    }
  if (v == 0)
    {
      *out = (GdkRGBA) { 0.19, 0.25, 0.31, 1 };
      return;
    }
  t = max > 1 ? log1p ((double) v) / log1p ((double) max) : 1.0;
  f = t * 4;
  i = MIN ((int) f, 3);
  f -= i;
  out->red = stops[i][0] + (stops[i + 1][0] - stops[i][0]) * f;
  out->green = stops[i][1] + (stops[i + 1][1] - stops[i][1]) * f;
  out->blue = stops[i][2] + (stops[i + 1][2] - stops[i][2]) * f;
  out->alpha = 1;
}

static PangoLayout *
make_layout (GtkWidget  *widget,
             const char *text,
             double      px,
             gboolean    bold)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  PangoFontDescription *font = pango_font_description_copy (pango_context_get_font_description (pango_layout_get_context (layout)));

  pango_font_description_set_absolute_size (font, px * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  return layout;
}

/* Text in a box: ellipsised to @max_w, centred vertically; @align 0 left,
 * 1 right. Returns the text's pixel height. */
static int
draw_text (GtkWidget     *widget,
           GtkSnapshot   *snapshot,
           const char    *text,
           double         x,
           double         y,
           double         max_w,
           double         h,
           double         px,
           gboolean       bold,
           double         align,
           const GdkRGBA *colour)
{
  PangoLayout *layout = make_layout (widget, text, px, bold);
  int tw, th;

  pango_layout_set_width (layout, (int) (MAX (1, max_w) * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (layout, align > 0.5 ? PANGO_ALIGN_RIGHT : align == 0.5 ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
  pango_layout_get_pixel_size (layout, &tw, &th);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (round (x), round (y + (h - th) / 2)));
  gtk_snapshot_append_layout (snapshot, layout, colour);
  gtk_snapshot_restore (snapshot);
  g_object_unref (layout);
  return th;
}

static void
draw_sparkline (IocHeatmapView *self,
                GtkSnapshot    *snapshot,
                guint           r,
                double          x,
                double          y,
                double          w,
                double          h)
{
  guint nc = self->dates->len;
  gint64 row_max = 0;
  cairo_t *cr;
  gboolean started = FALSE;

  for (guint c = 0; c < nc; c++)
    row_max = MAX (row_max, self->cells[r * nc + c]);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (x, y, w, h));
  cairo_set_line_width (cr, 2);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_source_rgba (cr, 0.56, 0.63, 0.70, 0.5);
  cairo_move_to (cr, x, y + h - 3.5);
  cairo_line_to (cr, x + w, y + h - 3.5);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  cairo_set_line_width (cr, 2);
  cairo_set_source_rgba (cr, 1.0, 0.69, 0.13, 1);
  for (guint c = 0; c < nc; c++)
    {
      gint64 v = self->cells[r * nc + c];
      double px = x + (nc > 1 ? w * c / (nc - 1) : w / 2);
      double py = y + 3 + (h - 7) * (1 - (row_max > 0 ? (double) MAX (v, 0) / row_max : 0));
      if (v < 0)
        continue;   /* a gap where nothing was recorded */
      if (!started)
        cairo_move_to (cr, px, py);
      else
        cairo_line_to (cr, px, py);
      started = TRUE;
    }
  cairo_stroke (cr);
  cairo_destroy (cr);
}

static void
latest_of (IocHeatmapView *self,
           guint           r,
           gint64         *last,
           gint64         *prev)
{
  guint nc = self->dates->len;

  *last = *prev = -1;
  for (guint c = 0; c < nc; c++)
    if (self->cells[r * nc + c] >= 0)
      {
        *prev = *last;
        *last = self->cells[r * nc + c];
      }
}

static char *
folded_names (IocHeatmapView *self,
              guint           from)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint r = from; r < self->names->len; r++)
    g_string_append_printf (s, "%s%s", r > from ? ", " : "", (char *) g_ptr_array_index (self->names, r));
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
ioc_heatmap_view_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  IocHeatmapView *self = IOC_HEATMAP_VIEW (widget);
  const GdkRGBA fg = { 0.90, 0.93, 0.95, 1 }, dim = { 0.56, 0.63, 0.70, 1 };
  const GdkRGBA red = { 1, 0.42, 0.42, 1 }, green = { 0.25, 0.81, 0.56, 1 }, rule = { 0.16, 0.21, 0.27, 1 };
  Geometry g;
  guint step;

  compute_geometry (self, &g);
  if (g.nr == 0 || g.nc == 0)
    {
      draw_text (widget, snapshot, _("No figures for this measure yet: they come with the next dossier import."),
                 20, 20, g.w - 40, 40, 20, FALSE, 0, &dim);
      self->n_drawn = 0;
      return;
    }
  self->n_drawn = g.n_drawn;
  self->row_h = g.rh;

  /* Column heads, dd/mm, slanted; every one when there is room. */
  step = g.cw >= 15 ? 1 : (guint) ceil (15 / g.cw);
  for (guint c = 0; c < g.nc; c += step)
    {
      const char *d = g_ptr_array_index (self->dates, c);
      g_autofree char *label = strlen (d) >= 10 ? g_strdup_printf ("%.2s/%.2s", d + 8, d + 5) : g_strdup (d);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (g.cells_x + c * g.cw + g.cw / 2 - 4, HEAD_H - 6));
      gtk_snapshot_rotate (snapshot, -60);
      draw_text (widget, snapshot, label, 0, -9, 70, 18, 14, FALSE, 0, &dim);
      gtk_snapshot_restore (snapshot);
    }
  draw_text (widget, snapshot, _("Latest"), g.latest_x, HEAD_H - 26, LATEST_W - 6, 22, 14, TRUE, 0, &dim);
  draw_text (widget, snapshot, _("Trend"), g.trend_x, HEAD_H - 26, TREND_W, 22, 14, TRUE, 0, &dim);

  for (guint r = 0; r < g.n_drawn; r++)
    {
      double y = HEAD_H + r * g.rh;
      gint64 last, prev;
      g_autofree char *latest = NULL;

      if (r % 5 == 4)
        gtk_snapshot_append_color (snapshot, &rule, &GRAPHENE_RECT_INIT (0, y + g.rh - 0.5, g.w, 1));
      self->text_h = draw_text (widget, snapshot, g_ptr_array_index (self->names, r), 6, y, g.label_w - 16, g.rh,
                                g.font_px, FALSE, 0, &fg);
      for (guint c = 0; c < g.nc; c++)
        {
          gint64 v = self->cells[r * g.nc + c];
          GdkRGBA col;

          colour_for (v, self->max, &col);
          gtk_snapshot_append_color (snapshot, &col, &GRAPHENE_RECT_INIT (g.cells_x + c * g.cw + 1, y + 1, g.cw - 2, g.rh - 2));
          /* Numbers in the cells when there is room to read them. */
          if (v > 0 && g.cw >= 30 && g.rh >= 20)
            {
              g_autofree char *num = g_strdup_printf ("%" G_GINT64_FORMAT, v);
              GdkRGBA ink = col.green > 0.55 ? (GdkRGBA) { 0.1, 0.1, 0.1, 1 } : (GdkRGBA) { 1, 1, 1, 1 };
              draw_text (widget, snapshot, num, g.cells_x + c * g.cw + 2, y, g.cw - 6, g.rh, g.font_px * 0.85, FALSE, 1, &ink);
            }
        }
      latest_of (self, r, &last, &prev);
      latest = g_strdup_printf ("%" G_GINT64_FORMAT " %s", MAX (last, 0),
                                prev < 0 || last == prev ? "→" : last > prev ? "↑" : "↓");
      draw_text (widget, snapshot, latest, g.latest_x, y, LATEST_W - 6, g.rh, g.font_px, TRUE, 0,
                 prev >= 0 && last > prev ? &red : prev >= 0 && last < prev ? &green : &fg);
      draw_sparkline (self, snapshot, r, g.trend_x, y + 2, TREND_W - 8, g.rh - 4);
    }
  if (g.folded)
    {
      double y = HEAD_H + g.n_drawn * g.rh;
      g_autofree char *names = folded_names (self, g.n_drawn);
      guint n = g.nr - g.n_drawn;
      /* Translators: the folded rows of the heatmap; %u agencies, %s their names */
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u more agency, none on any date: %s",
                                                            "%u more agencies, none on any date: %s", n), n, names);
      draw_text (widget, snapshot, text, 6, y, g.w - 12, g.rh, g.font_px * 0.9, FALSE, 0, &dim);
    }

  /* Legend: the scale from 0 to the largest count, and the empty tone. */
  {
    double ly = g.h - LEGEND_H + 10, lx = g.cells_x, sw = MIN (12.0, (g.w - lx - 260) / 41);
    g_autofree char *maxs = g_strdup_printf ("%" G_GINT64_FORMAT, self->max);
    GdkRGBA col;

    draw_text (widget, snapshot, self->caption != NULL ? self->caption : "", 6, ly, g.label_w - 16, 24, 15, TRUE, 0, &dim);
    draw_text (widget, snapshot, "0", lx - 22, ly, 18, 24, 15, FALSE, 1, &fg);
    for (int i = 0; i <= 40; i++)
      {
        colour_for (i == 0 ? 0 : (gint64) ceil (exp (log1p ((double) self->max) * i / 40.0) - 1), self->max, &col);
        gtk_snapshot_append_color (snapshot, &col, &GRAPHENE_RECT_INIT (lx + i * sw, ly, sw, 24));
      }
    draw_text (widget, snapshot, maxs, lx + 41 * sw + 6, ly, 70, 24, 15, FALSE, 0, &fg);
    colour_for (-1, self->max, &col);
    gtk_snapshot_append_color (snapshot, &col, &GRAPHENE_RECT_INIT (lx + 41 * sw + 80, ly, 24, 24));
    gtk_snapshot_append_color (snapshot, &rule, &GRAPHENE_RECT_INIT (lx + 41 * sw + 80, ly + 23, 24, 1));
    draw_text (widget, snapshot, _("no figure"), lx + 41 * sw + 110, ly, 150, 24, 15, FALSE, 0, &dim);
  }
}

static void
ioc_heatmap_view_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  IocHeatmapView *self = IOC_HEATMAP_VIEW (widget);
  guint nr = self->names != NULL ? self->names->len : 0;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = 170 + (int) (LATEST_W + TREND_W) + 200;
  else
    {
      guint keep = nr > 0 ? n_leading_nonempty (self) : 0;
      *minimum = (int) (HEAD_H + LEGEND_H + (keep + (keep < nr ? 1 : 0)) * ROW_FOLDED_MIN);
      *natural = (int) (HEAD_H + LEGEND_H + nr * 30);
    }
}

static gboolean
query_tooltip (GtkWidget  *widget,
               int         x,
               int         y,
               gboolean    keyboard,
               GtkTooltip *tooltip,
               gpointer    data)
{
  IocHeatmapView *self = IOC_HEATMAP_VIEW (widget);
  g_autofree char *text = NULL;
  Geometry g;
  int r, c;

  compute_geometry (self, &g);
  if (g.nr == 0 || g.nc == 0 || y < HEAD_H)
    return FALSE;
  r = (int) ((y - HEAD_H) / g.rh);
  if (r < 0)
    return FALSE;
  if (g.folded && (guint) r == g.n_drawn)
    {
      g_autofree char *names = folded_names (self, g.n_drawn);
      gtk_tooltip_set_text (tooltip, names);
      return TRUE;
    }
  if ((guint) r >= g.n_drawn)
    return FALSE;
  if (x < g.cells_x || x >= g.latest_x)
    {
      gint64 last, prev;
      latest_of (self, r, &last, &prev);
      /* Translators: tooltip of an agency's row: its name and latest value */
      text = g_strdup_printf (_("%s\nLatest: %d"), (char *) g_ptr_array_index (self->names, r), (int) MAX (last, 0));
    }
  else
    {
      c = (int) ((x - g.cells_x) / g.cw);
      if (c < 0 || (guint) c >= g.nc)
        return FALSE;
      if (self->cells[r * g.nc + c] < 0)
        text = g_strdup_printf ("%s\n%s: %s", (char *) g_ptr_array_index (self->names, r),
                                (char *) g_ptr_array_index (self->dates, c), _("no figure"));
      else
        text = g_strdup_printf ("%s\n%s: %d", (char *) g_ptr_array_index (self->names, r),
                                (char *) g_ptr_array_index (self->dates, c), (int) self->cells[r * g.nc + c]);
    }
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
ioc_heatmap_view_class_init (IocHeatmapViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = ioc_heatmap_view_finalize;
  widget_class->snapshot = ioc_heatmap_view_snapshot;
  widget_class->measure = ioc_heatmap_view_measure;
  gtk_widget_class_set_css_name (widget_class, "heatmap");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GRID);
}

static void
ioc_heatmap_view_init (IocHeatmapView *self)
{
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip), NULL);
}

GtkWidget *
ioc_heatmap_view_new (void)
{
  return g_object_new (IOC_TYPE_HEATMAP_VIEW, NULL);
}

void
ioc_heatmap_view_set_data (IocHeatmapView *self,
                           GPtrArray      *unit_names,
                           GPtrArray      *dates,
                           const gint64   *cells)
{
  gsize n = (gsize) unit_names->len * dates->len;

  g_clear_pointer (&self->names, g_ptr_array_unref);
  g_clear_pointer (&self->dates, g_ptr_array_unref);
  g_free (self->cells);
  self->names = g_ptr_array_ref (unit_names);
  self->dates = g_ptr_array_ref (dates);
  self->cells = g_memdup2 (cells, MAX (1, n) * sizeof (gint64));
  self->max = 0;
  for (gsize i = 0; i < n; i++)
    self->max = MAX (self->max, cells[i]);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
ioc_heatmap_view_set_caption (IocHeatmapView *self,
                              const char     *caption)
{
  g_free (self->caption);
  self->caption = g_strdup (caption);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gint64
ioc_heatmap_view_get_cell_value (IocHeatmapView *self,
                                 guint           row,
                                 guint           col)
{
  g_return_val_if_fail (self->names != NULL && row < self->names->len && col < self->dates->len, -1);
  return self->cells[row * self->dates->len + col];
}

guint
ioc_heatmap_view_get_n_rows (IocHeatmapView *self)
{
  return self->names != NULL ? self->names->len : 0;
}

guint
ioc_heatmap_view_get_n_cols (IocHeatmapView *self)
{
  return self->dates != NULL ? self->dates->len : 0;
}

guint
ioc_heatmap_view_get_n_drawn_rows (IocHeatmapView *self)
{
  return self->n_drawn;
}

double
ioc_heatmap_view_get_row_height (IocHeatmapView *self)
{
  return self->row_h;
}

int
ioc_heatmap_view_get_text_height (IocHeatmapView *self)
{
  return self->text_h;
}
