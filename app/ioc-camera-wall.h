/* ioc-camera-wall.h — the camera wall: live video in grids of 1, 2×2, 3×3
 * or 4×4 tiles, a searchable camera list to drag from, named layouts saved
 * per monitor, a tour through the cameras, snapshots, and the AI events of
 * the cameras (highlighted tiles, an event strip, forwarding to the police).
 *
 * Keyboard (actions under "camera."): Ctrl+1…4 grid size, Return enlarge
 * the selected tile, Escape back to the grid, Page Up/Down previous/next
 * page of cameras, Ctrl+T tour, Ctrl+S snapshot, Delete empty the tile,
 * Ctrl+Shift+S save the layout, Ctrl+F search the cameras, Ctrl+P forward
 * the selected event to the police, Ctrl+M show the camera on the map, F9
 * show or hide the side panel.
 */
#pragma once

#include <gtk/gtk.h>

#include "ioc-models.h"
#include "ioc-video.h"

G_BEGIN_DECLS

#define IOC_TYPE_CAMERA_WALL (ioc_camera_wall_get_type ())
G_DECLARE_FINAL_TYPE (IocCameraWall, ioc_camera_wall, IOC, CAMERA_WALL, GtkWidget)

/* Tiles in the largest grid (4×4). */
#define IOC_CAMERA_WALL_MAX_TILES 16

GtkWidget  *ioc_camera_wall_new              (IocModels     *models);

/* The grid: 1, 2, 3 or 4 columns (and as many rows). */
void        ioc_camera_wall_set_columns      (IocCameraWall *self,
                                              guint          columns);
guint       ioc_camera_wall_get_columns      (IocCameraWall *self);
/* Puts a camera on a tile (what a drop does); NULL empties it. */
void        ioc_camera_wall_set_tile_camera  (IocCameraWall *self,
                                              guint          tile,
                                              const char    *camera_id);
const char *ioc_camera_wall_get_tile_camera  (IocCameraWall *self,
                                              guint          tile);
IocVideo   *ioc_camera_wall_get_tile_video   (IocCameraWall *self,
                                              guint          tile);
/* Enlarges a tile to the whole wall (double-click, Return); -1 restores. */
void        ioc_camera_wall_enlarge          (IocCameraWall *self,
                                              int            tile);
/* The big video while enlarged, else NULL. */
IocVideo   *ioc_camera_wall_get_enlarged     (IocCameraWall *self);
void        ioc_camera_wall_select_tile      (IocCameraWall *self,
                                              guint          tile);

/* Named layouts of the monitor this wall is on. */
gboolean    ioc_camera_wall_save_layout      (IocCameraWall *self,
                                              const char    *name);
gboolean    ioc_camera_wall_load_layout      (IocCameraWall *self,
                                              const char    *name);
GStrv       ioc_camera_wall_list_layouts     (IocCameraWall *self);
/* "DUMMY1", or "desk" for a window with the wall switcher. */
const char *ioc_camera_wall_get_monitor      (IocCameraWall *self);

/* The tour: a page of columns² cameras every interval seconds. */
void        ioc_camera_wall_set_tour         (IocCameraWall *self,
                                              gboolean       on);
gboolean    ioc_camera_wall_get_tour         (IocCameraWall *self);
guint       ioc_camera_wall_get_page         (IocCameraWall *self);
void        ioc_camera_wall_show_page        (IocCameraWall *self,
                                              guint          page);

/* AI events: rows of the strip; the label a tile shows (NULL when not
 * highlighted); selecting one (as a click on its row). */
guint       ioc_camera_wall_count_events     (IocCameraWall *self);
const char *ioc_camera_wall_get_tile_event   (IocCameraWall *self,
                                              guint          tile);
void        ioc_camera_wall_select_event     (IocCameraWall *self,
                                              const char    *event_id);
const char *ioc_camera_wall_get_selected_event (IocCameraWall *self);
/* "Forward to the police" can be used now (shown for the role, and the
 * selected event is not forwarded yet). */
gboolean    ioc_camera_wall_can_forward      (IocCameraWall *self);
/* The picture kept for an event (its snapshot, or the frame captured from
 * the live view when it came), NULL when none. */
GdkTexture *ioc_camera_wall_get_event_picture (IocCameraWall *self,
                                               const char    *event_id);
/* The text of the last feedback shown ("Snapshot saved: …", an error). */
const char *ioc_camera_wall_get_feedback     (IocCameraWall *self);

/* Where snapshots go: the camera-snapshot-dir setting, or Pictures. */
char       *ioc_camera_wall_dup_snapshot_dir (void);

G_END_DECLS
