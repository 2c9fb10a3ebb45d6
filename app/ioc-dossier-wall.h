/* ioc-dossier-wall.h — the dossier wall: overdue dossiers per agency and
 * date (the province's Phụ lục I), worst first, and the warning tickets. */
#pragma once

#include <gtk/gtk.h>

#include "ioc-heatmap-view.h"
#include "ioc-models.h"

G_BEGIN_DECLS

#define IOC_TYPE_DOSSIER_WALL (ioc_dossier_wall_get_type ())
G_DECLARE_FINAL_TYPE (IocDossierWall, ioc_dossier_wall, IOC, DOSSIER_WALL, GtkWidget)

GtkWidget      *ioc_dossier_wall_new         (IocModels      *models);
IocHeatmapView *ioc_dossier_wall_get_heatmap (IocDossierWall *self);
/* Unit id of heatmap row @row. */
const char     *ioc_dossier_wall_row_unit    (IocDossierWall *self,
                                              guint           row);

G_END_DECLS
