/* ioc-heatmap-view.c — see ioc-heatmap-view.h */
#include "config.h"

#include "ioc-heatmap-view.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

struct _IocHeatmapView
{
  GtkWidget  parent_instance;
  GPtrArray *names;
  GPtrArray *dates;
  gint64    *cells;
  gint64     max;
};

G_DEFINE_FINAL_TYPE (IocHeatmapView, ioc_heatmap_view, GTK_TYPE_WIDGET)

#define LABEL_W 330
#define HEAD_H 64
#define TOTAL_W 96
#define ROW_MIN 22
#define LEGEND_H 56

static void
ioc_heatmap_view_finalize (GObject *object)
{
  IocHeatmapView *self = IOC_HEATMAP_VIEW (object);

  g_clear_pointer (&self->names, g_ptr_array_unref);
  g_clear_pointer (&self->dates, g_ptr_array_unref);
  g_free (self->cells);
  G_OBJECT_CLASS (ioc_heatmap_view_parent_class)->finalize (object);
}

/* Sequential, colour-blind-safe ramp (light yellow → orange → deep red);
 * zero is a neutral dark tone, distinct from any count. */
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
      *out = (GdkRGBA) { 0.10, 0.12, 0.15, 1 };
      return;
    }
  if (v == 0)
    {
      *out = (GdkRGBA) { 0.16, 0.22, 0.28, 1 };
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

static void
draw_text (GtkWidget   *widget,
           GtkSnapshot *snapshot,
           const char  *text,
           double       x,
           double       y,
           double       max_w,
           double       h,
           gboolean     right,
           const GdkRGBA *colour)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  int tw, th;

  pango_layout_set_width (layout, (int) (max_w * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  if (right)
    pango_layout_set_alignment (layout, PANGO_ALIGN_RIGHT);
  pango_layout_get_pixel_size (layout, &tw, &th);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y + (h - th) / 2));
  gtk_snapshot_append_layout (snapshot, layout, colour);
  gtk_snapshot_restore (snapshot);
  g_object_unref (layout);
}

static void
ioc_heatmap_view_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  IocHeatmapView *self = IOC_HEATMAP_VIEW (widget);
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  GdkRGBA fg = { 0.90, 0.93, 0.95, 1 }, dim = { 0.56, 0.63, 0.70, 1 }, red = { 1, 0.36, 0.36, 1 }, green = { 0.25, 0.81, 0.56, 1 };
  guint nr = self->names != NULL ? self->names->len : 0, nc = self->dates != NULL ? self->dates->len : 0;
  double cw, rh;

  if (nr == 0 || nc == 0)
    {
      draw_text (widget, snapshot, _("No dossier figures yet."), 20, 20, w - 40, 40, FALSE, &dim);
      return;
    }
  cw = MAX (12.0, (w - LABEL_W - TOTAL_W) / (double) nc);
  rh = MAX ((double) ROW_MIN, (h - HEAD_H - LEGEND_H) / (double) nr);

  /* Column heads: dd/mm. */
  for (guint c = 0; c < nc; c++)
    {
      const char *d = g_ptr_array_index (self->dates, c);
      g_autofree char *label = strlen (d) >= 10 ? g_strdup_printf ("%.2s/%.2s", d + 8, d + 5) : g_strdup (d);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (LABEL_W + c * cw + cw / 2 - 8, HEAD_H - 4));
      gtk_snapshot_rotate (snapshot, -60);
      draw_text (widget, snapshot, label, 0, -12, 80, 24, FALSE, &dim);
      gtk_snapshot_restore (snapshot);
    }
  draw_text (widget, snapshot, _("Latest"), LABEL_W + nc * cw + 8, HEAD_H - 30, TOTAL_W - 8, 26, FALSE, &dim);

  for (guint r = 0; r < nr; r++)
    {
      double y = HEAD_H + r * rh;
      gint64 last = -1, prev = -1;
      g_autofree char *latest = NULL;

      draw_text (widget, snapshot, g_ptr_array_index (self->names, r), 8, y, LABEL_W - 16, rh, FALSE, &fg);
      for (guint c = 0; c < nc; c++)
        {
          gint64 v = self->cells[r * nc + c];
          GdkRGBA col;
          colour_for (v, self->max, &col);
          gtk_snapshot_append_color (snapshot, &col, &GRAPHENE_RECT_INIT (LABEL_W + c * cw + 1, y + 1, cw - 2, rh - 2));
          if (v >= 0)
            {
              prev = last;
              last = v;
            }
          /* Numbers inside cells when there is room to read them. */
          if (v > 0 && cw >= 34 && rh >= 20)
            {
              g_autofree char *num = g_strdup_printf ("%" G_GINT64_FORMAT, v);
              GdkRGBA ink = col.green > 0.55 ? (GdkRGBA) { 0.1, 0.1, 0.1, 1 } : (GdkRGBA) { 1, 1, 1, 1 };
              draw_text (widget, snapshot, num, LABEL_W + c * cw, y, cw - 4, rh, TRUE, &ink);
            }
        }
      latest = g_strdup_printf ("%" G_GINT64_FORMAT " %s", MAX (last, 0),
                                prev < 0 || last == prev ? "→" : last > prev ? "↑" : "↓");
      draw_text (widget, snapshot, latest, LABEL_W + nc * cw + 8, y, TOTAL_W - 8, rh, FALSE,
                 prev >= 0 && last > prev ? &red : prev >= 0 && last < prev ? &green : &fg);
    }

  /* Legend: the scale from 0 to the largest count. */
  {
    double ly = h - LEGEND_H + 16, lx = LABEL_W;
    g_autofree char *maxs = g_strdup_printf ("%" G_GINT64_FORMAT, self->max);
    draw_text (widget, snapshot, _("Overdue dossiers:"), 8, ly, LABEL_W - 16, 24, TRUE, &dim);
    for (int i = 0; i <= 40; i++)
      {
        GdkRGBA col;
        colour_for (i == 0 ? 0 : (gint64) ceil (exp (log1p ((double) self->max) * i / 40.0) - 1), self->max, &col);
        gtk_snapshot_append_color (snapshot, &col, &GRAPHENE_RECT_INIT (lx + i * 10, ly, 10, 24));
      }
    draw_text (widget, snapshot, "0", lx - 20, ly, 16, 24, TRUE, &fg);
    draw_text (widget, snapshot, maxs, lx + 416, ly, 120, 24, FALSE, &fg);
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
    *minimum = *natural = LABEL_W + TOTAL_W + 200;
  else
    {
      *minimum = HEAD_H + LEGEND_H + nr * ROW_MIN;
      *natural = HEAD_H + LEGEND_H + nr * 30;
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
  guint nr = self->names != NULL ? self->names->len : 0, nc = self->dates != NULL ? self->dates->len : 0;
  double cw, rh;
  int r, c;
  g_autofree char *text = NULL;

  if (nr == 0 || nc == 0)
    return FALSE;
  cw = MAX (12.0, (gtk_widget_get_width (widget) - LABEL_W - TOTAL_W) / (double) nc);
  rh = MAX ((double) ROW_MIN, (gtk_widget_get_height (widget) - HEAD_H - LEGEND_H) / (double) nr);
  c = (int) ((x - LABEL_W) / cw);
  r = (int) ((y - HEAD_H) / rh);
  if (x < LABEL_W || c < 0 || r < 0 || (guint) c >= nc || (guint) r >= nr)
    return FALSE;
  if (self->cells[r * nc + c] < 0)
    text = g_strdup_printf ("%s, %s: %s", (char *) g_ptr_array_index (self->names, r),
                            (char *) g_ptr_array_index (self->dates, c), _("no figure"));
  else
    text = g_strdup_printf ("%s, %s: %" G_GINT64_FORMAT, (char *) g_ptr_array_index (self->names, r),
                            (char *) g_ptr_array_index (self->dates, c), self->cells[r * nc + c]);
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
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
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
