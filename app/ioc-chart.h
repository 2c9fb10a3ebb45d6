/* ioc-chart.h — small charts for the wall, drawn in snapshot()
 *
 * IocSparkline  a trend: a line with its area, the last value marked
 * IocBarChart   horizontal bars with their labels and values
 * IocLineChart  a monthly series against its target, anomalies ringed,
 *               with a value axis and month/year labels
 *
 * Lines are cairo nodes (gtk_snapshot_append_cairo), text is
 * gtk_snapshot_append_layout with the widget's own font, so everything
 * scales with the wall's type scale and stays crisp at any size. Numbers
 * are written in the locale's format (grouping and decimal mark: 1.234,5
 * in Vietnamese).
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* 1234567 → "1.234.567" (vi) / "1,234,567" (en); the locale's LC_NUMERIC. */
char *ioc_format_count  (gint64 value);
/* With @decimals digits after the locale's decimal mark. */
char *ioc_format_number (double value,
                         int    decimals);
/* Decimals that suit a value read on a wall (0 from 100 up, 1 from 10…). */
int   ioc_number_decimals (double value);

#define IOC_TYPE_SPARKLINE (ioc_sparkline_get_type ())
G_DECLARE_FINAL_TYPE (IocSparkline, ioc_sparkline, IOC, SPARKLINE, GtkWidget)

GtkWidget *ioc_sparkline_new        (void);
void       ioc_sparkline_set_values (IocSparkline  *self,
                                     const double  *values,
                                     guint          n);
void       ioc_sparkline_set_color  (IocSparkline  *self,
                                     const GdkRGBA *color);
guint      ioc_sparkline_get_n_values (IocSparkline *self);
double     ioc_sparkline_get_value  (IocSparkline  *self,
                                     guint          i);

#define IOC_TYPE_BAR_CHART (ioc_bar_chart_get_type ())
G_DECLARE_FINAL_TYPE (IocBarChart, ioc_bar_chart, IOC, BAR_CHART, GtkWidget)

GtkWidget  *ioc_bar_chart_new        (void);
void        ioc_bar_chart_clear      (IocBarChart   *self);
/* @color NULL: the chart's default (the accent blue). */
void        ioc_bar_chart_add        (IocBarChart   *self,
                                      const char    *label,
                                      double         value,
                                      const GdkRGBA *color);
/* Rows beyond @max are not drawn (0: all). */
void        ioc_bar_chart_set_max_rows (IocBarChart *self,
                                        guint        max);
guint       ioc_bar_chart_get_n_rows (IocBarChart   *self);
const char *ioc_bar_chart_get_label  (IocBarChart   *self,
                                      guint          i);
double      ioc_bar_chart_get_value  (IocBarChart   *self,
                                      guint          i);

typedef struct {
  const char *month;      /* "yyyy-mm" */
  double      value;
  double      target;
  gboolean    has_value;
  gboolean    has_target;
  gboolean    anomaly;
} IocChartPoint;

#define IOC_TYPE_LINE_CHART (ioc_line_chart_get_type ())
G_DECLARE_FINAL_TYPE (IocLineChart, ioc_line_chart, IOC, LINE_CHART, GtkWidget)

GtkWidget *ioc_line_chart_new          (void);
/* Copies the points (and their months). */
void       ioc_line_chart_set_points   (IocLineChart        *self,
                                        const IocChartPoint *points,
                                        guint                n);
guint      ioc_line_chart_get_n_points (IocLineChart        *self);
guint      ioc_line_chart_get_n_anomalies (IocLineChart     *self);
/* The value-axis labels as drawn, for tests (NULL-terminated, owned). */
const char *const *ioc_line_chart_get_axis_labels (IocLineChart *self);

G_END_DECLS
