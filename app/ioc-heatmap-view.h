/* ioc-heatmap-view.h — agencies × dates matrix of a count, like the table
 * in the province's reports, drawn with the snapshot API
 *
 * Rows are shown in the order given (the caller sorts worst first); each
 * row has its name (ellipsised, the full name in the tooltip), a cell per
 * date coloured on a sequential scale (a neutral tone for 0, a darker one
 * where nothing was recorded), the latest value with its change since the
 * date before, and a sparkline of the row over the period. A colour legend
 * runs along the foot. Text is sized to the rows so that names never run
 * into each other or into the cells; when the rows do not fit, those that
 * are 0 or empty on every date fold into one line ("14 agencies: none").
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define IOC_TYPE_HEATMAP_VIEW (ioc_heatmap_view_get_type ())
G_DECLARE_FINAL_TYPE (IocHeatmapView, ioc_heatmap_view, IOC, HEATMAP_VIEW, GtkWidget)

GtkWidget *ioc_heatmap_view_new            (void);
/* @cells is n_units × n_dates, row-major; -1 = nothing recorded. */
void       ioc_heatmap_view_set_data       (IocHeatmapView *self,
                                            GPtrArray      *unit_names,
                                            GPtrArray      *dates,
                                            const gint64   *cells);
/* The legend's caption, e.g. "Overdue dossiers". */
void       ioc_heatmap_view_set_caption    (IocHeatmapView *self,
                                            const char     *caption);
gint64     ioc_heatmap_view_get_cell_value (IocHeatmapView *self,
                                            guint           row,
                                            guint           col);
guint      ioc_heatmap_view_get_n_rows     (IocHeatmapView *self);
guint      ioc_heatmap_view_get_n_cols     (IocHeatmapView *self);
/* Rows drawn one by one (the others are folded), after the last layout. */
guint      ioc_heatmap_view_get_n_drawn_rows (IocHeatmapView *self);
/* Pixel height of a drawn row and of its name text, after the last
 * layout: the text never exceeds the row. */
double     ioc_heatmap_view_get_row_height (IocHeatmapView *self);
int        ioc_heatmap_view_get_text_height (IocHeatmapView *self);

G_END_DECLS
