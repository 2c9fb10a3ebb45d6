/* ioc-timeline-view.h — counts per hour over the last hours as stacked
 * bars, drawn with the snapshot API (the SOC wall's 24-hour timeline)
 *
 * The caller gives n_hours × n_series counts, oldest hour first, and the
 * end of the newest hour; each series has a colour and a name (the
 * severities, the worst at the bottom of each bar). Hours are labelled
 * every three hours in the province's time; the tallest bar sets the
 * scale, printed on the left; a tooltip gives one hour's counts.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define IOC_TIMELINE_MAX_SERIES 8

#define IOC_TYPE_TIMELINE_VIEW (ioc_timeline_view_get_type ())
G_DECLARE_FINAL_TYPE (IocTimelineView, ioc_timeline_view, IOC, TIMELINE_VIEW, GtkWidget)

GtkWidget *ioc_timeline_view_new        (void);
void       ioc_timeline_view_set_series (IocTimelineView *self,
                                         guint            series,
                                         const GdkRGBA   *colour,
                                         const char      *label);
/* @counts[hour * n_series + series]; @end_unix: the end of the last hour. */
void       ioc_timeline_view_set_data   (IocTimelineView *self,
                                         const guint     *counts,
                                         guint            n_hours,
                                         guint            n_series,
                                         gint64           end_unix);
guint      ioc_timeline_view_get_total  (IocTimelineView *self);
/* All series of one hour (0 = the oldest). */
guint      ioc_timeline_view_get_count  (IocTimelineView *self,
                                         guint            hour);
guint      ioc_timeline_view_get_n_hours (IocTimelineView *self);

G_END_DECLS
