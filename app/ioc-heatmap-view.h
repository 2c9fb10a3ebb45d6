/* ioc-heatmap-view.h — agencies × dates matrix of a count, drawn with the
 * snapshot API: rows worst first, a colour scale with its legend, each
 * row's total and trend. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define IOC_TYPE_HEATMAP_VIEW (ioc_heatmap_view_get_type ())
G_DECLARE_FINAL_TYPE (IocHeatmapView, ioc_heatmap_view, IOC, HEATMAP_VIEW, GtkWidget)

GtkWidget *ioc_heatmap_view_new            (void);
/* @cells is n_units × n_dates, row-major; -1 = no value. Rows are shown in
 * the order given (the caller sorts worst first). */
void       ioc_heatmap_view_set_data       (IocHeatmapView *self,
                                            GPtrArray      *unit_names,
                                            GPtrArray      *dates,
                                            const gint64   *cells);
gint64     ioc_heatmap_view_get_cell_value (IocHeatmapView *self,
                                            guint           row,
                                            guint           col);
guint      ioc_heatmap_view_get_n_rows     (IocHeatmapView *self);
guint      ioc_heatmap_view_get_n_cols     (IocHeatmapView *self);

G_END_DECLS
