/* ioc-dossier-wall.h — the dossier wall: agencies × report dates for
 * overdue dossiers and for online dossiers not received within 8 hours
 * (a switch: dossier.metric, Ctrl+T), like the table in the province's
 * reports, worst first, each agency's trend; the agencies ranked; the
 * warning tickets with their state and, for supervisors, issue / check /
 * resolve (ticket.issue, ticket.check(s), ticket.resolve(s)). */
#pragma once

#include <gtk/gtk.h>

#include "ioc-heatmap-view.h"
#include "ioc-models.h"

G_BEGIN_DECLS

#define IOC_TYPE_DOSSIER_WALL (ioc_dossier_wall_get_type ())
G_DECLARE_FINAL_TYPE (IocDossierWall, ioc_dossier_wall, IOC, DOSSIER_WALL, GtkWidget)

GtkWidget      *ioc_dossier_wall_new         (IocModels      *models);
/* "overdue" or "online_over_8h" (the API's names, contract 3). */
void            ioc_dossier_wall_set_metric  (IocDossierWall *self,
                                              const char     *metric);
const char     *ioc_dossier_wall_get_metric  (IocDossierWall *self);
/* The heatmap came from GET /api/v1/dossier-stats/heatmap (not the
 * fallback built from the dossier-stats rows). */
gboolean        ioc_dossier_wall_uses_heatmap_api (IocDossierWall *self);
IocHeatmapView *ioc_dossier_wall_get_heatmap (IocDossierWall *self);
/* Unit id of heatmap row @row. */
const char     *ioc_dossier_wall_row_unit    (IocDossierWall *self,
                                              guint           row);
/* For tests: the supervisor's ticket box is shown; issue a ticket as the
 * form would (FALSE when @unit_id cannot receive one). */
gboolean        ioc_dossier_wall_ticket_actions_visible (IocDossierWall *self);
gboolean        ioc_dossier_wall_issue_ticket (IocDossierWall *self,
                                               const char     *unit_id,
                                               const char     *reason);
const char     *ioc_dossier_wall_get_feedback (IocDossierWall *self);

G_END_DECLS
