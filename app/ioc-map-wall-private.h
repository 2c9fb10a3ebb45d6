/* ioc-map-wall-private.h — IocMapWall's state, shared by its two files:
 * ioc-map-wall.c (the map, its layers, legend, search and clicks) and
 * ioc-map-panel.c (the side panel: the overdue queue, a report with its
 * dispatch actions and history, a camera, a unit, a site under attack). */
#pragma once

#include "ioc-map-wall.h"
#include "ioc-boundary-layer.h"
#include "ioc-cluster-layer.h"

#include <shumate/shumate.h>

G_BEGIN_DECLS

/* String ids of records ↔ the 64-bit ids of a cluster layer. */
typedef struct {
  GHashTable *by_id;      /* char* → guint64 */
  GPtrArray  *ids;        /* guint64 - 1 → char* */
} PointIds;

struct _IocMapWall
{
  GtkWidget           parent_instance;
  IocModels          *models;
  GSettings          *settings;          /* NULL without the schema */
  GtkWidget          *root;
  GCancellable       *cancellable;

  /* the map */
  ShumateSimpleMap   *map;
  IocBoundaryLayer   *boundary_layer;
  ShumateMarkerLayer *dossier_layer;
  ShumateMarkerLayer *soc_layer;
  IocClusterLayer    *camera_layer;
  IocClusterLayer    *report_layer;
  ShumateMarkerLayer *focus_layer;       /* the ring around what the panel shows */
  ShumateMarker      *focus_marker;
  PointIds            report_ids, camera_ids;
  gboolean            points_dirty;      /* changes came while not on screen */
  guint               n_dossier_bubbles, n_soc_bubbles;
  guint               soc_rebuild_id;
  guint               queue_rebuild_id;
  guint               n_tiles;           /* base-map tiles received */

  /* over the map */
  GtkWidget          *search;
  GtkWidget          *search_popover;
  GtkListBox         *search_results;
  guint               n_search_results;
  GtkWidget          *legend_body;
  GtkWidget          *legend_button;

  /* the side panel (ioc-map-panel.c) */
  GtkWidget          *side_stack;
  GtkListBox         *queue;
  GtkWidget          *queue_title;
  guint               queue_len;
  GHashTable         *overdue;           /* id → IocRecord*: the queue's reports */
  /* a report */
  char               *report_id;
  GtkWidget          *r_title, *r_badge, *r_fields, *r_description, *r_history;
  GtkWidget          *dispatch_box, *unit_dropdown, *deadline_entry, *deadline_hint, *note_entry;
  GtkWidget          *assign_button, *escalate_button;
  GtkWidget          *result_entry, *satisfaction_box, *feedback;
  GtkStringList      *unit_names;
  GPtrArray          *unit_ids;          /* parallel to unit_names */
  /* a camera */
  char               *camera_id;
  GtkWidget          *c_title, *c_badge, *c_fields;
  GtkWidget          *c_video;           /* the live view's place */
  GtkWidget          *c_live;            /* IocCameraLive in it */
  /* a unit: its overdue dossiers, or its open security alerts */
  char               *unit_id;
  gboolean            unit_is_site;
  GtkWidget          *u_title, *u_fields, *u_list, *u_ticket_box, *u_reason_entry, *u_feedback;
};

/* ioc-map-wall.c */
gint64      ioc_map_wall_latest_overdue  (IocMapWall  *self,
                                          const char  *unit_id,
                                          const char **date);
void        ioc_map_wall_focus_on        (IocMapWall  *self,
                                          double       lat,
                                          double       lon,
                                          gboolean     center);
void        ioc_map_wall_clear_focus     (IocMapWall  *self);

/* ioc-map-panel.c */
GtkWidget  *ioc_map_panel_build          (IocMapWall  *self);
void        ioc_map_panel_class_init     (GtkWidgetClass *widget_class);
void        ioc_map_panel_dispose        (IocMapWall  *self);
void        ioc_map_panel_show_report    (IocMapWall  *self,
                                          IocRecord   *r);
void        ioc_map_panel_show_camera    (IocMapWall  *self,
                                          const char  *id);
void        ioc_map_panel_show_unit      (IocMapWall  *self,
                                          const char  *unit_id,
                                          gboolean     site);
void        ioc_map_panel_back           (IocMapWall  *self);
void        ioc_map_panel_queue_rebuild  (IocMapWall  *self);
void        ioc_map_panel_rebuild_queue  (IocMapWall  *self);
/* Reads which reports are overdue from the whole list (after a reload),
 * or follows one report (live), then rebuilds the queue when it changed. */
void        ioc_map_panel_reset_overdue  (IocMapWall  *self);
void        ioc_map_panel_track_overdue  (IocMapWall  *self,
                                          IocRecord   *r);
/* A report or camera changed (stream): refresh the panel if it shows it. */
void        ioc_map_panel_record_changed (IocMapWall  *self,
                                          IocRecord   *r,
                                          gboolean     camera);
void        ioc_map_panel_update_actions (IocMapWall  *self,
                                          IocRecord   *r);
/* The oldest overdue report's id, or NULL. */
const char *ioc_map_panel_oldest_overdue (IocMapWall  *self);

G_END_DECLS
