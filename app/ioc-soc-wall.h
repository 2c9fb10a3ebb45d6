/* ioc-soc-wall.h — the SOC wall: live alert list with sorting, filtering
 * and actions, and counters by severity and category. */
#pragma once

#include <gtk/gtk.h>

#include "ioc-models.h"

G_BEGIN_DECLS

#define IOC_TYPE_SOC_WALL (ioc_soc_wall_get_type ())
G_DECLARE_FINAL_TYPE (IocSocWall, ioc_soc_wall, IOC, SOC_WALL, GtkWidget)

GtkWidget *ioc_soc_wall_new        (IocModels  *models);
/* Rows shown after filtering — for tests. */
guint      ioc_soc_wall_count_rows (IocSocWall *self);

G_END_DECLS
