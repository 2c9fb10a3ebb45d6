/* ioc-timeline-view.c — see ioc-timeline-view.h */
#include "config.h"

#include "ioc-labels.h"

#include "ioc-timeline-view.h"

#include <glib/gi18n.h>
#include <math.h>

#define LEFT 44
#define BOTTOM 26
#define TOP 6

typedef struct {
  GdkRGBA colour;
  char   *label;
} Series;

struct _IocTimelineView
{
  GtkWidget  parent_instance;
  guint     *counts;
  guint      n_hours;
  guint      n_series;
  gint64     end_unix;
  Series     series[IOC_TIMELINE_MAX_SERIES];
};

G_DEFINE_FINAL_TYPE (IocTimelineView, ioc_timeline_view, GTK_TYPE_WIDGET)

static guint
hour_total (IocTimelineView *self,
            guint            h)
{
  guint sum = 0;

  for (guint s = 0; s < self->n_series; s++)
    sum += self->counts[h * self->n_series + s];
  return sum;
}

static void
text_at (GtkWidget     *widget,
         GtkSnapshot   *snapshot,
         const char    *text,
         double         x,
         double         y,
         double         align,   /* 0 left, 0.5 centre, 1 right of x */
         const GdkRGBA *colour)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  int tw, th;

  pango_layout_get_pixel_size (layout, &tw, &th);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (round (x - tw * align), round (y)));
  gtk_snapshot_append_layout (snapshot, layout, colour);
  gtk_snapshot_restore (snapshot);
  g_object_unref (layout);
}

static void
ioc_timeline_view_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  IocTimelineView *self = IOC_TIMELINE_VIEW (widget);
  double w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  double plot_w = w - LEFT - 4, plot_h = h - BOTTOM - TOP, bw;
  const GdkRGBA dim = { 0.56, 0.63, 0.70, 1 }, grid = { 0.20, 0.26, 0.33, 1 }, now_c = { 0.30, 0.66, 1, 0.25 };
  GTimeZone *tz = ioc_province_time_zone ();
  guint max = 0;

  if (self->n_hours == 0 || plot_w <= 0 || plot_h <= 0)
    return;
  for (guint i = 0; i < self->n_hours; i++)
    max = MAX (max, hour_total (self, i));
  bw = plot_w / self->n_hours;

  /* The axis and the scale. */
  gtk_snapshot_append_color (snapshot, &grid, &GRAPHENE_RECT_INIT (LEFT, TOP + plot_h, plot_w, 1));
  gtk_snapshot_append_color (snapshot, &grid, &GRAPHENE_RECT_INIT (LEFT, TOP, plot_w, 1));
  if (max > 0)
    {
      g_autofree char *top = g_strdup_printf ("%u", max);
      text_at (widget, snapshot, top, LEFT - 6, TOP - 2, 1, &dim);
    }
  text_at (widget, snapshot, "0", LEFT - 6, TOP + plot_h - 18, 1, &dim);
  /* The hour now running. */
  gtk_snapshot_append_color (snapshot, &now_c, &GRAPHENE_RECT_INIT (LEFT + (self->n_hours - 1) * bw, TOP, bw, plot_h));

  for (guint i = 0; i < self->n_hours; i++)
    {
      double x = LEFT + i * bw, y = TOP + plot_h;

      /* Worst series at the bottom of the bar. */
      for (guint s = 0; s < self->n_series && max > 0; s++)
        {
          guint c = self->counts[i * self->n_series + s];
          double bh = plot_h * c / max;
          if (c == 0)
            continue;
          y -= bh;
          gtk_snapshot_append_color (snapshot, &self->series[s].colour,
                                     &GRAPHENE_RECT_INIT (x + 1.5, y, MAX (1, bw - 3), bh));
        }
      if ((self->n_hours - 1 - i) % 3 == 0)
        {
          g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc (self->end_unix - (gint64) (self->n_hours - i) * 3600);
          g_autoptr(GDateTime) local = t != NULL ? g_date_time_to_timezone (t, tz) : NULL;
          /* Translators: an hour on the timeline's axis, see g_date_time_format() */
          g_autofree char *label = local != NULL ? g_date_time_format (local, _("%Hh")) : NULL;
          if (label != NULL)
            text_at (widget, snapshot, label, x + bw / 2, TOP + plot_h + 2, 0.5, &dim);
        }
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
  IocTimelineView *self = IOC_TIMELINE_VIEW (widget);
  double plot_w = gtk_widget_get_width (widget) - LEFT - 4;
  GTimeZone *tz = ioc_province_time_zone ();
  g_autoptr(GString) text = NULL;
  g_autoptr(GDateTime) t = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *from = NULL;
  guint i, total;

  if (self->n_hours == 0 || x < LEFT || plot_w <= 0)
    return FALSE;
  i = (guint) ((x - LEFT) / (plot_w / self->n_hours));
  if (i >= self->n_hours)
    return FALSE;
  t = g_date_time_new_from_unix_utc (self->end_unix - (gint64) (self->n_hours - i) * 3600);
  local = g_date_time_to_timezone (t, tz);
  from = g_date_time_format (local, "%H:00");
  total = hour_total (self, i);
  /* Translators: tooltip of one hour of the timeline */
  text = g_string_new (NULL);
  g_string_printf (text, g_dngettext (GETTEXT_PACKAGE, "%s: %u alert", "%s: %u alerts", total), from, total);
  for (guint s = 0; s < self->n_series; s++)
    if (self->counts[i * self->n_series + s] > 0 && self->series[s].label != NULL)
      g_string_append_printf (text, "\n%s: %u", self->series[s].label, self->counts[i * self->n_series + s]);
  gtk_tooltip_set_text (tooltip, text->str);
  return TRUE;
}

static void
ioc_timeline_view_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = 300;
  else
    {
      *minimum = 70;
      *natural = 100;
    }
}

static void
ioc_timeline_view_finalize (GObject *object)
{
  IocTimelineView *self = IOC_TIMELINE_VIEW (object);

  g_free (self->counts);
  for (guint s = 0; s < IOC_TIMELINE_MAX_SERIES; s++)
    g_free (self->series[s].label);
  G_OBJECT_CLASS (ioc_timeline_view_parent_class)->finalize (object);
}

static void
ioc_timeline_view_class_init (IocTimelineViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = ioc_timeline_view_finalize;
  widget_class->snapshot = ioc_timeline_view_snapshot;
  widget_class->measure = ioc_timeline_view_measure;
  gtk_widget_class_set_css_name (widget_class, "timeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ioc_timeline_view_init (IocTimelineView *self)
{
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip), NULL);
}

GtkWidget *
ioc_timeline_view_new (void)
{
  return g_object_new (IOC_TYPE_TIMELINE_VIEW, NULL);
}

void
ioc_timeline_view_set_series (IocTimelineView *self,
                              guint            series,
                              const GdkRGBA   *colour,
                              const char      *label)
{
  g_return_if_fail (series < IOC_TIMELINE_MAX_SERIES);
  self->series[series].colour = *colour;
  g_free (self->series[series].label);
  self->series[series].label = g_strdup (label);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
ioc_timeline_view_set_data (IocTimelineView *self,
                            const guint     *counts,
                            guint            n_hours,
                            guint            n_series,
                            gint64           end_unix)
{
  g_return_if_fail (n_series <= IOC_TIMELINE_MAX_SERIES);
  g_free (self->counts);
  self->counts = g_memdup2 (counts, MAX (1, n_hours * n_series) * sizeof (guint));
  self->n_hours = n_hours;
  self->n_series = n_series;
  self->end_unix = end_unix;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
ioc_timeline_view_get_total (IocTimelineView *self)
{
  guint sum = 0;

  for (guint i = 0; i < self->n_hours; i++)
    sum += hour_total (self, i);
  return sum;
}

guint
ioc_timeline_view_get_count (IocTimelineView *self,
                             guint            hour)
{
  g_return_val_if_fail (hour < self->n_hours, 0);
  return hour_total (self, hour);
}

guint
ioc_timeline_view_get_n_hours (IocTimelineView *self)
{
  return self->n_hours;
}
