/* ioc-indicators-view.h — the 16 socio-economic indicator groups as charts
 *
 * Each group's headline indicator (the "indicators" part of the briefing
 * figures, ioc-briefing.h in iocd): its last 24 months against the
 * target (dashed), anomaly warnings ringed in red, the value axis and the
 * months in the locale's number format. Eight groups per page (two
 * pages), so that a chart stays readable on a wall; the briefing wall's
 * presentation pages through them.
 */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "ioc-chart.h"

G_BEGIN_DECLS

#define IOC_INDICATORS_PER_PAGE 8

#define IOC_TYPE_INDICATORS_VIEW (ioc_indicators_view_get_type ())
G_DECLARE_FINAL_TYPE (IocIndicatorsView, ioc_indicators_view, IOC, INDICATORS_VIEW, GtkWidget)

GtkWidget    *ioc_indicators_view_new         (void);
/* @indicators: figures.indicators; NULL shows "no data". */
void          ioc_indicators_view_set_data    (IocIndicatorsView *self,
                                               JsonObject        *indicators);
guint         ioc_indicators_view_get_n_pages (IocIndicatorsView *self);
void          ioc_indicators_view_set_page    (IocIndicatorsView *self,
                                               guint              page);
guint         ioc_indicators_view_get_page    (IocIndicatorsView *self);
/* Presentation hides the view's own page switcher. */
void          ioc_indicators_view_set_presenting (IocIndicatorsView *self,
                                                  gboolean           presenting);
/* The chart of a group, for tests. */
IocLineChart *ioc_indicators_view_get_chart   (IocIndicatorsView *self,
                                               const char        *group_code);

/* The translated name of an indicator group (the 16 of iocd's
 * ioc-indicators.h), or @code when unknown. */
const char   *ioc_indicator_group_label       (const char        *code);

G_END_DECLS
