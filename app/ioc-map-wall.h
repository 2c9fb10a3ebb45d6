/* ioc-map-wall.h — the map wall: offline base map, cameras and field
 * reports as markers, the overdue queue, and a side panel with details and
 * the dispatch actions of supervisors. */
#pragma once

#include <gtk/gtk.h>

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
/* Rings of commune boundaries drawn; units with overdue-dossier circles. */
guint      ioc_map_wall_count_boundaries (IocMapWall *self);
guint      ioc_map_wall_count_dossier_sites (IocMapWall *self);
/* The unit suggested first for the open report (the nearest). */
const char *ioc_map_wall_suggested_unit  (IocMapWall *self);
/* Runs the panel's Assign with @unit_id (as if picked) — for tests. */
void       ioc_map_wall_assign           (IocMapWall *self,
                                          const char *unit_id);
void       ioc_map_wall_focus_search     (IocMapWall *self);
/* Opens a camera's panel (with its live view) and centres the map on it,
 * as a click on its marker does (issue 5: the camera wall asks for it). */
void       ioc_map_wall_show_camera      (IocMapWall *self,
                                          const char *id);
/* The IocCameraLive of the camera panel. */
GtkWidget *ioc_map_wall_get_camera_live  (IocMapWall *self);

G_END_DECLS
