/* ioc-boundary-layer.h — unit boundaries (GeoJSON Polygon/MultiPolygon)
 * drawn as outlines over the base map.
 *
 * Rings are projected to Web-Mercator once, when added; drawing maps them
 * to widget pixels with one affine transform per frame, culls rings whose
 * bounding box is off screen and drops vertices closer than a pixel to the
 * previous one, so ~50,000 vertices cost little per frame.
 */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>
#include <shumate/shumate.h>

G_BEGIN_DECLS

#define IOC_TYPE_BOUNDARY_LAYER (ioc_boundary_layer_get_type ())
G_DECLARE_FINAL_TYPE (IocBoundaryLayer, ioc_boundary_layer, IOC, BOUNDARY_LAYER, ShumateLayer)

IocBoundaryLayer *ioc_boundary_layer_new        (ShumateViewport  *viewport);
/* Adds the rings of a GeoJSON geometry; FALSE if it is not a (Multi)Polygon. */
gboolean          ioc_boundary_layer_add        (IocBoundaryLayer *self,
                                                 JsonNode         *geometry);
void              ioc_boundary_layer_clear      (IocBoundaryLayer *self);
guint             ioc_boundary_layer_get_n_rings (IocBoundaryLayer *self);
void              ioc_boundary_layer_set_colour (IocBoundaryLayer *self,
                                                 const GdkRGBA    *colour,
                                                 double            width);

G_END_DECLS
