/* ioc-cluster-layer.h — many map points drawn by one ShumateLayer
 *
 * A ShumateMarkerLayer with one widget per marker stalls past ~2,000
 * markers. IocClusterLayer keeps its points pre-projected to Web-Mercator
 * and draws them itself in snapshot(), visiting only the grid cells the
 * viewport covers. Up to the cluster zoom (16) points are merged per zoom
 * level into cells of ~60 px: a cluster is drawn as a circle with its count
 * in the colour of its worst style; a cell with one point draws the point.
 * Each zoom level's clusters are built once, on first use, and kept up to
 * date point by point on live updates; nothing is recomputed per frame.
 *
 * Styles are small integers (0..IOC_CLUSTER_LAYER_MAX_STYLES-1) ordered by
 * severity: in a cluster, the highest style present gives the colour.
 * Clicking a point emits "point-activated" with its id; clicking a cluster
 * zooms in on it.
 */
#pragma once

#include <gtk/gtk.h>
#include <shumate/shumate.h>

G_BEGIN_DECLS

#define IOC_CLUSTER_LAYER_MAX_STYLES 8
#define IOC_CLUSTER_LAYER_MAX_CLUSTER_ZOOM 16

typedef struct {
  guint64 id;
  double  lat;
  double  lon;
  guint   style;      /* < IOC_CLUSTER_LAYER_MAX_STYLES */
  double  heading;    /* degrees clockwise from north; NAN: none */
  guint   glyph;      /* IocClusterGlyph of a lone point (cameras by kind) */
} IocMapPoint;

/* How a lone point of an IOC_CLUSTER_SHAPE_SQUARE layer is drawn. */
typedef enum {
  IOC_CLUSTER_GLYPH_SQUARE,   /* traffic camera */
  IOC_CLUSTER_GLYPH_DIAMOND,  /* security camera */
  IOC_CLUSTER_GLYPH_CIRCLE,   /* high-mounted PTZ (a dome) */
} IocClusterGlyph;

typedef enum {
  IOC_CLUSTER_SHAPE_DOT,      /* reports */
  IOC_CLUSTER_SHAPE_SQUARE,   /* cameras, with their heading */
} IocClusterShape;

/* What is drawn at a place: one point or a cluster. */
typedef struct {
  gboolean is_cluster;
  guint64  id;        /* the point (is_cluster FALSE) */
  guint    count;     /* points it stands for; 1 for a point */
  guint    style;     /* the point's, or the cluster's worst */
  double   lat;       /* where it is drawn */
  double   lon;
  double   x;         /* widget coordinates of its centre */
  double   y;
} IocClusterItem;

#define IOC_TYPE_CLUSTER_LAYER (ioc_cluster_layer_get_type ())
G_DECLARE_FINAL_TYPE (IocClusterLayer, ioc_cluster_layer, IOC, CLUSTER_LAYER, ShumateLayer)

IocClusterLayer *ioc_cluster_layer_new          (ShumateViewport       *viewport);

/* Replaces every point (ids must be unique; a repeated id keeps the last). */
void     ioc_cluster_layer_set_points          (IocClusterLayer       *self,
                                                const IocMapPoint     *points,
                                                guint                  n_points);
/* Moves or restyles one point, adding it when unknown; keeps its heading. */
void     ioc_cluster_layer_update_point        (IocClusterLayer       *self,
                                                guint64                id,
                                                double                 lat,
                                                double                 lon,
                                                guint                  style);
/* The same with every field, heading included. */
void     ioc_cluster_layer_update_point_full   (IocClusterLayer       *self,
                                                const IocMapPoint     *point);
/* FALSE when there was no such point. */
gboolean ioc_cluster_layer_remove_point        (IocClusterLayer       *self,
                                                guint64                id);
guint    ioc_cluster_layer_get_n_points        (IocClusterLayer       *self);

/* Colour and name (for the tooltip) of a style. */
void     ioc_cluster_layer_set_style           (IocClusterLayer       *self,
                                                guint                  style,
                                                const GdkRGBA         *colour,
                                                const char            *label);
void     ioc_cluster_layer_set_shape           (IocClusterLayer       *self,
                                                IocClusterShape        shape);

/* The item drawn under widget coordinates (@x, @y), topmost first; FALSE
 * when there is none. @item may be NULL. */
gboolean ioc_cluster_layer_pick                (IocClusterLayer       *self,
                                                double                 x,
                                                double                 y,
                                                IocClusterItem        *item);
/* Every item the current view draws (IocClusterItem), in drawing order. */
GArray  *ioc_cluster_layer_get_visible_items   (IocClusterLayer       *self);

G_END_DECLS
