/* ioc-soc-wall.h — the SOC wall: open alerts by severity and category, the
 * most targeted sites, a 24-hour timeline, and the live alert list
 * (GtkColumnView: time, severity, category, site, host, signature, count,
 * status) with sorting, filtering and the actions of duty staff and
 * supervisors (alert.acknowledge, alert.assign, alert.resolve,
 * alert.false-positive; wall.search focuses the filter). Leaders see no
 * action. */
#pragma once

#include <gtk/gtk.h>

#include "ioc-models.h"

G_BEGIN_DECLS

#define IOC_TYPE_SOC_WALL (ioc_soc_wall_get_type ())
G_DECLARE_FINAL_TYPE (IocSocWall, ioc_soc_wall, IOC, SOC_WALL, GtkWidget)

GtkWidget *ioc_soc_wall_new            (IocModels  *models);
/* For tests: rows shown after filtering; open alerts of a severity or a
 * category (as the counters show them, -1 for an unknown severity); alerts
 * on the timeline. */
guint      ioc_soc_wall_count_rows     (IocSocWall *self);
gint64     ioc_soc_wall_count_open     (IocSocWall *self,
                                        const char *severity);
gint64     ioc_soc_wall_count_category (IocSocWall *self,
                                        const char *category);
guint      ioc_soc_wall_timeline_total (IocSocWall *self);
/* Selects an alert of the list; FALSE when it is not shown. */
gboolean   ioc_soc_wall_select         (IocSocWall *self,
                                        const char *alert_id);
gboolean   ioc_soc_wall_actions_visible (IocSocWall *self);
/* The button of "alert.acknowledge" … is sensitive. */
gboolean   ioc_soc_wall_action_enabled (IocSocWall *self,
                                        const char *action);

G_END_DECLS
