/* ioc-chart.c — see ioc-chart.h */
#include "config.h"

#include "ioc-chart.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const GdkRGBA accent = { 0.306, 0.659, 1.0, 1.0 };     /* #4ea8ff */
static const GdkRGBA amber = { 1.0, 0.690, 0.125, 1.0 };      /* #ffb020 */
static const GdkRGBA red = { 1.0, 0.361, 0.361, 1.0 };        /* #ff5c5c */
static const GdkRGBA grid = { 0.557, 0.631, 0.702, 0.28 };    /* @ioc_dim, faint */

/* ---- numbers ------------------------------------------------------------- */

char *
ioc_format_count (gint64 value)
{
  /* The ' flag groups digits as LC_NUMERIC says. */
  return g_strdup_printf ("%'" G_GINT64_FORMAT, value);
}

char *
ioc_format_number (double value,
                   int    decimals)
{
  return g_strdup_printf ("%'.*f", CLAMP (decimals, 0, 6), value);
}

int
ioc_number_decimals (double value)
{
  double a = fabs (value);

  if (a >= 100 || a == floor (a))
    return 0;
  if (a >= 10)
    return 1;
  return 2;
}

static void
widget_color (GtkWidget *widget,
              GdkRGBA   *out)
{
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), out);
}

static PangoLayout *
small_layout (GtkWidget  *widget,
              const char *text,
              double      scale,
              gboolean    bold)
{
  PangoLayout *l = gtk_widget_create_pango_layout (widget, text);
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_scale_new (scale));
  if (bold)
    pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_layout_set_attributes (l, attrs);
  pango_attr_list_unref (attrs);
  return l;
}

static void
draw_layout (GtkSnapshot   *snapshot,
             PangoLayout   *layout,
             double         x,
             double         y,
             const GdkRGBA *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((float) x, (float) y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

/* ---- IocSparkline ----------------------------------------------------------- */

struct _IocSparkline
{
  GtkWidget  parent_instance;
  GArray    *values;   /* double */
  GdkRGBA    color;
};

G_DEFINE_FINAL_TYPE (IocSparkline, ioc_sparkline, GTK_TYPE_WIDGET)

static void
ioc_sparkline_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  IocSparkline *self = IOC_SPARKLINE (widget);
  double w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;
  double line = CLAMP (h / 18.0, 2.0, 3.0), dot = CLAMP (h / 10.0, 3.0, 5.0), pad = dot + 1;
  guint n = self->values->len;
  cairo_t *cr;

  if (n == 0 || w < 4 || h < 4)
    return;
  for (guint i = 0; i < n; i++)
    {
      double v = g_array_index (self->values, double, i);
      lo = MIN (lo, v);
      hi = MAX (hi, v);
    }
  /* A flat series is drawn across the middle; a small range is not
   * blown up to the full height: the axis starts at 0 for counts. */
  lo = MIN (lo, 0);
  if (hi - lo < 1e-9)
    hi = lo + 1;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, (float) w, (float) h));
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (int pass = 0; pass < 2; pass++)
    {
      for (guint i = 0; i < n; i++)
        {
          double v = g_array_index (self->values, double, i);
          double x = n == 1 ? w / 2 : pad + (w - 2 * pad) * i / (double) (n - 1);
          double y = h - pad - (h - 2 * pad) * (v - lo) / (hi - lo);
          if (i == 0)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
        }
      if (pass == 0)
        {
          /* the area under the line */
          cairo_line_to (cr, n == 1 ? w / 2 : w - pad, h - pad);
          cairo_line_to (cr, n == 1 ? w / 2 : pad, h - pad);
          cairo_close_path (cr);
          cairo_set_source_rgba (cr, self->color.red, self->color.green, self->color.blue, 0.22);
          cairo_fill (cr);
        }
      else
        {
          cairo_set_source_rgba (cr, self->color.red, self->color.green, self->color.blue, 1);
          cairo_set_line_width (cr, line);
          cairo_stroke (cr);
        }
    }
  {
    double v = g_array_index (self->values, double, n - 1);
    double x = n == 1 ? w / 2 : w - pad;
    double y = h - pad - (h - 2 * pad) * (v - lo) / (hi - lo);
    cairo_arc (cr, x, y, dot, 0, 2 * G_PI);
    cairo_fill (cr);
  }
  cairo_destroy (cr);
}

static void
ioc_sparkline_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  *minimum = 24;   /* CSS min-width and min-height add to it */
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 200 : 56;
}

static void
ioc_sparkline_finalize (GObject *object)
{
  g_array_unref (IOC_SPARKLINE (object)->values);
  G_OBJECT_CLASS (ioc_sparkline_parent_class)->finalize (object);
}

static void
ioc_sparkline_class_init (IocSparklineClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ioc_sparkline_finalize;
  GTK_WIDGET_CLASS (klass)->snapshot = ioc_sparkline_snapshot;
  GTK_WIDGET_CLASS (klass)->measure = ioc_sparkline_measure;
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "sparkline");
}

static void
ioc_sparkline_init (IocSparkline *self)
{
  self->values = g_array_new (FALSE, FALSE, sizeof (double));
  self->color = accent;
}

GtkWidget *
ioc_sparkline_new (void)
{
  return g_object_new (IOC_TYPE_SPARKLINE, NULL);
}

void
ioc_sparkline_set_values (IocSparkline *self,
                          const double *values,
                          guint         n)
{
  g_array_set_size (self->values, 0);
  g_array_append_vals (self->values, values, n);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
ioc_sparkline_set_color (IocSparkline  *self,
                         const GdkRGBA *color)
{
  self->color = *color;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
ioc_sparkline_get_n_values (IocSparkline *self)
{
  return self->values->len;
}

double
ioc_sparkline_get_value (IocSparkline *self,
                         guint         i)
{
  return i < self->values->len ? g_array_index (self->values, double, i) : 0;
}

/* ---- IocBarChart ---------------------------------------------------------------- */

typedef struct {
  char    *label;
  double   value;
  GdkRGBA  color;
} Bar;

struct _IocBarChart
{
  GtkWidget  parent_instance;
  GArray    *bars;   /* Bar */
  guint      max_rows;
};

G_DEFINE_FINAL_TYPE (IocBarChart, ioc_bar_chart, GTK_TYPE_WIDGET)

static guint
bar_rows (IocBarChart *self)
{
  return self->max_rows > 0 ? MIN (self->max_rows, self->bars->len) : self->bars->len;
}

static int
line_height (GtkWidget *widget)
{
  g_autoptr(PangoLayout) l = gtk_widget_create_pango_layout (widget, "Ág");
  int h;

  pango_layout_get_pixel_size (l, NULL, &h);
  return h;
}

static void
ioc_bar_chart_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  IocBarChart *self = IOC_BAR_CHART (widget);
  double w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  guint n = bar_rows (self);
  double max = 0, row_h, label_w, value_w = 0;
  int lh = line_height (widget);
  GdkRGBA fg;

  if (n == 0)
    return;
  widget_color (widget, &fg);
  for (guint i = 0; i < n; i++)
    {
      Bar *b = &g_array_index (self->bars, Bar, i);
      g_autofree char *v = ioc_format_number (b->value, ioc_number_decimals (b->value));
      g_autoptr(PangoLayout) l = small_layout (widget, v, 1.0, TRUE);
      int vw;

      max = MAX (max, b->value);
      pango_layout_get_pixel_size (l, &vw, NULL);
      value_w = MAX (value_w, vw);
    }
  /* As many rows as fit at a readable height; the rest are left out. */
  n = MIN (n, (guint) MAX (1, floor (h / (lh * 1.1))));
  row_h = MIN (h / n, lh * 1.5);
  label_w = MIN (w * 0.45, w - value_w - 40);
  for (guint i = 0; i < n; i++)
    {
      Bar *b = &g_array_index (self->bars, Bar, i);
      g_autofree char *v = ioc_format_number (b->value, ioc_number_decimals (b->value));
      g_autoptr(PangoLayout) name = gtk_widget_create_pango_layout (widget, b->label);
      g_autoptr(PangoLayout) value = small_layout (widget, v, 1.0, TRUE);
      double y = i * row_h, bar_x = label_w + 10, bar_max = w - bar_x - value_w - 10;
      double bw = max > 0 ? MAX (2, bar_max * b->value / max) : 2;
      int nh;

      pango_layout_set_width (name, (int) (label_w * PANGO_SCALE));
      pango_layout_set_ellipsize (name, PANGO_ELLIPSIZE_END);
      pango_layout_get_pixel_size (name, NULL, &nh);
      draw_layout (snapshot, name, 0, y + (row_h - nh) / 2, &fg);
      gtk_snapshot_append_color (snapshot, &b->color,
                                 &GRAPHENE_RECT_INIT ((float) bar_x, (float) (y + row_h * 0.18),
                                                      (float) bw, (float) (row_h * 0.64)));
      draw_layout (snapshot, value, bar_x + bw + 8, y + (row_h - nh) / 2, &fg);
    }
}

static void
ioc_bar_chart_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  IocBarChart *self = IOC_BAR_CHART (widget);
  int lh = line_height (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 200;
      *natural = 480;
    }
  else
    {
      *minimum = (int) (MIN (bar_rows (self), 2) * lh * 1.1);
      *natural = (int) (bar_rows (self) * lh * 1.5);
    }
}

static void
bar_clear (gpointer p)
{
  g_free (((Bar *) p)->label);
}

static void
ioc_bar_chart_finalize (GObject *object)
{
  g_array_unref (IOC_BAR_CHART (object)->bars);
  G_OBJECT_CLASS (ioc_bar_chart_parent_class)->finalize (object);
}

static void
ioc_bar_chart_class_init (IocBarChartClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ioc_bar_chart_finalize;
  GTK_WIDGET_CLASS (klass)->snapshot = ioc_bar_chart_snapshot;
  GTK_WIDGET_CLASS (klass)->measure = ioc_bar_chart_measure;
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "barchart");
}

static void
ioc_bar_chart_init (IocBarChart *self)
{
  self->bars = g_array_new (FALSE, TRUE, sizeof (Bar));
  g_array_set_clear_func (self->bars, bar_clear);
}

GtkWidget *
ioc_bar_chart_new (void)
{
  return g_object_new (IOC_TYPE_BAR_CHART, NULL);
}

void
ioc_bar_chart_clear (IocBarChart *self)
{
  g_array_set_size (self->bars, 0);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
ioc_bar_chart_add (IocBarChart   *self,
                   const char    *label,
                   double         value,
                   const GdkRGBA *color)
{
  Bar b = { g_strdup (label != NULL ? label : "—"), value, color != NULL ? *color : accent };

  g_array_append_val (self->bars, b);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
ioc_bar_chart_set_max_rows (IocBarChart *self,
                            guint        max)
{
  self->max_rows = max;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

guint
ioc_bar_chart_get_n_rows (IocBarChart *self)
{
  return bar_rows (self);
}

const char *
ioc_bar_chart_get_label (IocBarChart *self,
                         guint        i)
{
  return i < self->bars->len ? g_array_index (self->bars, Bar, i).label : NULL;
}

double
ioc_bar_chart_get_value (IocBarChart *self,
                         guint        i)
{
  return i < self->bars->len ? g_array_index (self->bars, Bar, i).value : 0;
}

/* ---- IocLineChart ------------------------------------------------------------------ */

typedef struct {
  char    *month;
  double   value, target;
  gboolean has_value, has_target, anomaly;
} Point;

struct _IocLineChart
{
  GtkWidget  parent_instance;
  GArray    *points;   /* Point */
  double     lo, hi, step;
  int        decimals;
  GPtrArray *axis;     /* labels of lo, lo + step, …, NULL-terminated */
};

G_DEFINE_FINAL_TYPE (IocLineChart, ioc_line_chart, GTK_TYPE_WIDGET)

static double
nice_step (double range,
           int    ticks)
{
  double raw = range / MAX (1, ticks), p = pow (10, floor (log10 (raw))), f = raw / p;

  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * p;
}

/* The value axis: nice bounds around the values and targets. */
static void
compute_axis (IocLineChart *self)
{
  double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;

  g_ptr_array_set_size (self->axis, 0);
  for (guint i = 0; i < self->points->len; i++)
    {
      Point *p = &g_array_index (self->points, Point, i);
      if (p->has_value)
        lo = MIN (lo, p->value), hi = MAX (hi, p->value);
      if (p->has_target)
        lo = MIN (lo, p->target), hi = MAX (hi, p->target);
    }
  if (lo > hi)
    {
      g_ptr_array_add (self->axis, NULL);
      return;
    }
  if (hi - lo < 1e-9)
    {
      double pad = fabs (hi) > 0 ? fabs (hi) * 0.1 : 1;
      lo -= pad;
      hi += pad;
    }
  self->step = nice_step (hi - lo, 4);
  self->lo = floor (lo / self->step) * self->step;
  self->hi = ceil (hi / self->step) * self->step;
  self->decimals = self->step >= 1 ? 0 : (int) ceil (-log10 (self->step) - 1e-9);
  for (double v = self->lo; v <= self->hi + self->step * 1e-6; v += self->step)
    g_ptr_array_add (self->axis, ioc_format_number (fabs (v) < self->step * 1e-6 ? 0 : v, self->decimals));
  g_ptr_array_add (self->axis, NULL);
}

static void
ioc_line_chart_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  IocLineChart *self = IOC_LINE_CHART (widget);
  double w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  guint n = self->points->len;
  double left = 0, right, top, bottom, label_h;
  guint n_ticks = self->axis->len > 0 ? self->axis->len - 1 : 0;
  GdkRGBA fg, dim;
  cairo_t *cr;

  if (n == 0 || n_ticks == 0)
    return;
  widget_color (widget, &fg);
  dim = fg;
  dim.alpha = 0.7;
  for (guint k = 0; k < n_ticks; k++)
    {
      g_autoptr(PangoLayout) l = small_layout (widget, g_ptr_array_index (self->axis, k), 0.72, FALSE);
      int lw;
      pango_layout_get_pixel_size (l, &lw, NULL);
      left = MAX (left, lw);
    }
  {
    g_autoptr(PangoLayout) l = small_layout (widget, "2024", 0.72, FALSE);
    int lh;
    pango_layout_get_pixel_size (l, NULL, &lh);
    label_h = lh;
  }
  left += 8;
  right = w - 14;
  top = label_h / 2 + 4;
  bottom = h - label_h - 6;
  if (right - left < 20 || bottom - top < 20)
    return;

#define X(i) (n == 1 ? (left + right) / 2 : left + (right - left) * (i) / (double) (n - 1))
#define Y(v) (bottom - (bottom - top) * ((v) - self->lo) / (self->hi - self->lo))

  /* grid and value labels */
  for (guint k = 0; k < n_ticks; k++)
    {
      double v = self->lo + k * self->step, y = Y (v);
      g_autoptr(PangoLayout) l = small_layout (widget, g_ptr_array_index (self->axis, k), 0.72, FALSE);
      int lw, lh;

      gtk_snapshot_append_color (snapshot, &grid, &GRAPHENE_RECT_INIT ((float) left, (float) y, (float) (right - left), 1));
      pango_layout_get_pixel_size (l, &lw, &lh);
      draw_layout (snapshot, l, left - 6 - lw, y - lh / 2.0, &dim);
    }
  /* Month labels: over a year, each January as its year (and the first
   * month's year when there is room before the next January); up to a
   * year, every month or every other as mm/yy. */
  {
    guint every = n <= 13 ? (n <= 7 ? 1 : 2) : 0;
    double last_end = -G_MAXDOUBLE;
    guint first_january = n;

    for (guint i = 0; i < n; i++)
      {
        const char *m = g_array_index (self->points, Point, i).month;
        if (m != NULL && strlen (m) >= 7 && g_str_equal (m + 5, "01"))
          {
            first_january = i;
            break;
          }
      }
    for (guint i = 0; i < n; i++)
      {
        const char *m = g_array_index (self->points, Point, i).month;
        g_autofree char *text = NULL;
        g_autoptr(PangoLayout) l = NULL;
        int lw;
        double x = X (i);

        if (m == NULL || strlen (m) < 7)
          continue;
        if (every == 0)
          {
            gboolean january = g_str_equal (m + 5, "01");
            if (!january && i != 0)
              continue;
            text = g_strndup (m, 4);
            l = small_layout (widget, text, 0.72, FALSE);
            pango_layout_get_pixel_size (l, &lw, NULL);
            /* the first month's year only if it does not crowd the first January */
            if (!january && first_january < n && X (first_january) - x < lw * 1.6)
              continue;
          }
        else
          {
            if (i % every != (n - 1) % every)
              continue;
            text = g_strdup_printf ("%.2s/%.2s", m + 5, m + 2);
            l = small_layout (widget, text, 0.72, FALSE);
            pango_layout_get_pixel_size (l, &lw, NULL);
          }
        x = CLAMP (x - lw / 2.0, 0, w - lw);
        if (x < last_end + 6)
          continue;
        gtk_snapshot_append_color (snapshot, &grid, &GRAPHENE_RECT_INIT ((float) X (i), (float) bottom, 1, 5));
        draw_layout (snapshot, l, x, bottom + 5, &dim);
        last_end = x + lw;
      }
  }

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, (float) w, (float) h));
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  /* the target, dashed */
  {
    gboolean open = FALSE;
    double dash[] = { 7, 5 };

    for (guint i = 0; i < n; i++)
      {
        Point *p = &g_array_index (self->points, Point, i);
        if (!p->has_target)
          {
            open = FALSE;
            continue;
          }
        if (!open)
          cairo_move_to (cr, X (i), Y (p->target));
        else
          cairo_line_to (cr, X (i), Y (p->target));
        open = TRUE;
      }
    cairo_set_dash (cr, dash, 2, 0);
    cairo_set_line_width (cr, 2);
    gdk_cairo_set_source_rgba (cr, &amber);
    cairo_stroke (cr);
    cairo_set_dash (cr, NULL, 0, 0);
  }
  /* the values */
  {
    gboolean open = FALSE;

    for (guint i = 0; i < n; i++)
      {
        Point *p = &g_array_index (self->points, Point, i);
        if (!p->has_value)
          {
            open = FALSE;
            continue;
          }
        if (!open)
          cairo_move_to (cr, X (i), Y (p->value));
        else
          cairo_line_to (cr, X (i), Y (p->value));
        open = TRUE;
      }
    cairo_set_line_width (cr, 3);
    gdk_cairo_set_source_rgba (cr, &accent);
    cairo_stroke (cr);
  }
  /* anomalies: a red ring; the last value: a dot */
  for (guint i = 0; i < n; i++)
    {
      Point *p = &g_array_index (self->points, Point, i);
      if (!p->has_value)
        continue;
      if (p->anomaly)
        {
          cairo_new_path (cr);
          cairo_arc (cr, X (i), Y (p->value), 7, 0, 2 * G_PI);
          gdk_cairo_set_source_rgba (cr, &red);
          cairo_fill_preserve (cr);
          cairo_set_source_rgb (cr, 1, 1, 1);
          cairo_set_line_width (cr, 2);
          cairo_stroke (cr);
        }
      else if (i == n - 1)
        {
          cairo_new_path (cr);
          cairo_arc (cr, X (i), Y (p->value), 4.5, 0, 2 * G_PI);
          gdk_cairo_set_source_rgba (cr, &accent);
          cairo_fill (cr);
        }
    }
  cairo_destroy (cr);
#undef X
#undef Y
}

static void
ioc_line_chart_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 160 : 90;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 480 : 220;
}

static void
point_clear (gpointer p)
{
  g_free (((Point *) p)->month);
}

static void
ioc_line_chart_finalize (GObject *object)
{
  IocLineChart *self = IOC_LINE_CHART (object);

  g_array_unref (self->points);
  g_ptr_array_unref (self->axis);
  G_OBJECT_CLASS (ioc_line_chart_parent_class)->finalize (object);
}

static void
ioc_line_chart_class_init (IocLineChartClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ioc_line_chart_finalize;
  GTK_WIDGET_CLASS (klass)->snapshot = ioc_line_chart_snapshot;
  GTK_WIDGET_CLASS (klass)->measure = ioc_line_chart_measure;
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "linechart");
}

static void
ioc_line_chart_init (IocLineChart *self)
{
  self->points = g_array_new (FALSE, TRUE, sizeof (Point));
  g_array_set_clear_func (self->points, point_clear);
  self->axis = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->axis, NULL);
}

GtkWidget *
ioc_line_chart_new (void)
{
  return g_object_new (IOC_TYPE_LINE_CHART, NULL);
}

void
ioc_line_chart_set_points (IocLineChart        *self,
                           const IocChartPoint *points,
                           guint                n)
{
  g_array_set_size (self->points, 0);
  for (guint i = 0; i < n; i++)
    {
      Point p = { g_strdup (points[i].month), points[i].value, points[i].target,
                  points[i].has_value, points[i].has_target, points[i].anomaly };
      g_array_append_val (self->points, p);
    }
  compute_axis (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
ioc_line_chart_get_n_points (IocLineChart *self)
{
  return self->points->len;
}

guint
ioc_line_chart_get_n_anomalies (IocLineChart *self)
{
  guint n = 0;

  for (guint i = 0; i < self->points->len; i++)
    if (g_array_index (self->points, Point, i).anomaly && g_array_index (self->points, Point, i).has_value)
      n++;
  return n;
}

const char *const *
ioc_line_chart_get_axis_labels (IocLineChart *self)
{
  return (const char *const *) self->axis->pdata;
}
