/* ioc-map-wall.h — the map wall: offline base map, cameras and field
 * reports as markers, dossier circles and SOC-affected sites, unit
 * boundaries, a legend with toggles, search, the overdue queue, and a side
 * panel with details and actions (dispatch for supervisors).
 *
 * Widget actions: map.legend, map.zoom-in, map.zoom-out, map.home,
 * map.oldest-overdue, wall.search, wall.close-panel; report.assign,
 * report.forward, report.escalate, report.resolve, report.reject,
 * report.satisfaction(s); site.acknowledge(s); unit.issue-ticket. */
#pragma once

#include <gtk/gtk.h>

#include <shumate/shumate.h>

#include "ioc-models.h"

G_BEGIN_DECLS

#define IOC_TYPE_MAP_WALL (ioc_map_wall_get_type ())
G_DECLARE_FINAL_TYPE (IocMapWall, ioc_map_wall, IOC, MAP_WALL, GtkWidget)

GtkWidget *ioc_map_wall_new              (IocModels  *models);
/* For tests: markers currently on the map. */
guint      ioc_map_wall_count_reports    (IocMapWall *self);
guint      ioc_map_wall_count_cameras    (IocMapWall *self);
/* Opens a report's panel as a click on its marker would. */
void       ioc_map_wall_show_report      (IocMapWall *self,
                                          const char *id);
/* The dispatch box of the open panel is shown (supervisors only). */
gboolean   ioc_map_wall_dispatch_visible (IocMapWall *self);
/* report.assign is enabled (the button's sensitivity follows it). */
gboolean   ioc_map_wall_dispatch_enabled (IocMapWall *self);
gboolean   ioc_map_wall_escalate_enabled (IocMapWall *self);
/* Rings of commune boundaries drawn; units with overdue-dossier circles. */
guint      ioc_map_wall_count_boundaries (IocMapWall *self);
guint      ioc_map_wall_count_dossier_sites (IocMapWall *self);
/* The unit suggested first for the open report (the nearest). */
const char *ioc_map_wall_suggested_unit  (IocMapWall *self);
/* Runs the panel's Assign with @unit_id (as if picked) — for tests. */
void       ioc_map_wall_assign           (IocMapWall *self,
                                          const char *unit_id);
void       ioc_map_wall_focus_search     (IocMapWall *self);
ShumateSimpleMap *ioc_map_wall_get_map   (IocMapWall *self);
void       ioc_map_wall_show_camera      (IocMapWall *self,
                                          const char *id);
/* An agency's panel (@site FALSE: overdue dossiers, tickets) or a site's
 * (@site TRUE: its open security alerts). */
void       ioc_map_wall_show_unit        (IocMapWall *self,
                                          const char *unit_id,
                                          gboolean    site);
/* "queue", "report", "camera" or "unit". */
const char *ioc_map_wall_get_panel       (IocMapWall *self);
guint      ioc_map_wall_count_soc_sites  (IocMapWall *self);
guint      ioc_map_wall_count_queue      (IocMapWall *self);
/* The warning-ticket box of the unit panel is shown (supervisors). */
gboolean   ioc_map_wall_ticket_visible   (IocMapWall *self);
/* The panel's last message ("Done.", an error). */
const char *ioc_map_wall_get_feedback    (IocMapWall *self);
/* Runs a search as typed; returns the number of results. */
guint      ioc_map_wall_search           (IocMapWall *self,
                                          const char *text);
void       ioc_map_wall_open_search_result (IocMapWall *self,
                                            guint       index);
void       ioc_map_wall_set_legend_visible (IocMapWall *self,
                                            gboolean    visible);
gboolean   ioc_map_wall_get_legend_visible (IocMapWall *self);
/* A base-map tile has arrived (for the start-up benchmark). */
gboolean   ioc_map_wall_has_tiles        (IocMapWall *self);
guint      ioc_map_wall_get_n_tiles      (IocMapWall *self);
/* The IocCameraLive of the camera panel. */
GtkWidget *ioc_map_wall_get_camera_live  (IocMapWall *self);

G_END_DECLS
