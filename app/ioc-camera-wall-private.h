/* ioc-camera-wall-private.h — the camera wall split by concern:
 *   ioc-camera-wall.c          tiles, grid, enlarging, the camera list, drag and drop, actions
 *   ioc-camera-wall-layouts.c  layouts saved per monitor (GSettings), paging and the tour
 *   ioc-camera-wall-events.c   AI events: highlights, the strip, the selected event, the police
 */
#pragma once

#include "ioc-camera-wall.h"

#include <libsoup/soup.h>

G_BEGIN_DECLS

#define IOC_APP_SCHEMA "vn.gov.daklak.IocConsole"

typedef struct {
  IocCameraWall *wall;
  guint          index;
  GtkWidget     *video;         /* IocVideo */
  GtkWidget     *hint;          /* "drag a camera here" when empty */
  GtkWidget     *badge;         /* the AI event's label */
  char          *camera_id;
  char          *event_label;
  guint          event_timeout_id;
} IocCameraTile;

struct _IocCameraWall
{
  GtkWidget      parent_instance;
  IocModels     *models;
  GSettings     *settings;          /* NULL when the schema is not installed */
  GCancellable  *cancellable;
  GtkWidget     *root;

  /* tiles */
  IocCameraTile  tiles[IOC_CAMERA_WALL_MAX_TILES];
  guint          columns;
  guint          selected;
  GtkWidget     *grid;
  GtkWidget     *center_stack;      /* "grid" | "single" */
  GtkWidget     *big;               /* IocVideo of the enlarged camera */
  GtkWidget     *big_title, *big_info, *big_forward, *big_state, *big_feedback;
  char          *big_camera_id;
  int            drag_from_tile;    /* a tile being dragged, or -1 */

  /* toolbar */
  GtkWidget     *grid_buttons[4];
  GtkWidget     *layout_dropdown;
  GtkStringList *layout_names;
  GtkWidget     *layout_entry, *save_popover;
  GtkWidget     *tour_button, *tour_spin, *page_label;
  gboolean       loading_layout;

  /* side panel */
  GtkWidget     *side;
  GtkWidget     *search;
  GtkCustomFilter *camera_filter;
  GtkFilterListModel *filtered;
  GtkWidget     *camera_list;
  GtkWidget     *events_box;        /* GtkListBox */
  GtkWidget     *events_title;
  GtkWidget     *feedback;
  guint          feedback_id;

  /* layouts and tour */
  char          *monitor;
  guint          save_id;
  gboolean       tour;
  guint          tour_id;
  guint          page;
  char          *saved_tiles[IOC_CAMERA_WALL_MAX_TILES];   /* restored when the tour stops */
  guint          saved_columns;

  /* events */
  GtkSortListModel *events_sorted;
  GHashTable    *event_pictures;    /* event id → GdkTexture */
  GQueue         picture_order;     /* event ids, oldest picture first */
  char          *selected_event;
  SoupSession   *snapshot_session;  /* lazily, for absolute snapshot URLs */
};

/* ioc-camera-wall.c */
IocRecord  *ioc_camera_wall_lookup_camera   (IocCameraWall *self,
                                             const char    *camera_id);
void        ioc_camera_wall_show_feedback   (IocCameraWall *self,
                                             const char    *text,
                                             gboolean       error);
/* Cameras of the list (as filtered by the search), in order. */
GPtrArray  *ioc_camera_wall_dup_listed      (IocCameraWall *self);
void        ioc_camera_wall_apply_tiles     (IocCameraWall *self,
                                             guint          columns,
                                             const char *const *cameras,
                                             guint          n);
/* Shows @camera_id alone on the wall (the enlarged view). */
void        ioc_camera_wall_enlarge_camera  (IocCameraWall *self,
                                             const char    *camera_id);

/* ioc-camera-wall-layouts.c */
void        ioc_camera_wall_layouts_init    (IocCameraWall *self);
void        ioc_camera_wall_layouts_restore (IocCameraWall *self);
/* The tiles changed: remember them (debounced) for this monitor. */
void        ioc_camera_wall_layouts_changed (IocCameraWall *self);
void        ioc_camera_wall_layouts_dispose (IocCameraWall *self);
GtkWidget  *ioc_camera_wall_build_layout_bar (IocCameraWall *self);

/* ioc-camera-wall-events.c */
void        ioc_camera_wall_events_init     (IocCameraWall *self);
void        ioc_camera_wall_events_dispose  (IocCameraWall *self);
GtkWidget  *ioc_camera_wall_build_events    (IocCameraWall *self);
GtkWidget  *ioc_camera_wall_build_event_bar (IocCameraWall *self);
/* The selected event's bar over the enlarged view, when it is its camera. */
void        ioc_camera_wall_update_event_bar (IocCameraWall *self);
void        ioc_camera_wall_forward_event   (IocCameraWall *self);
void        ioc_camera_wall_show_on_map     (IocCameraWall *self,
                                             const char    *camera_id,
                                             gboolean       switch_here);

G_END_DECLS
