/* ioc-models.h — the console's live copy of iocd's collections
 *
 * One IocModels per console process, shared by every window and wall. It
 * loads the collections (page by page: every report, however many), then
 * follows the stream: each event upserts its row in place (IocRecordList),
 * source.* events update a source's freshness in place, a resync reloads
 * everything.
 */
#pragma once

#include "ioc-client.h"
#include "ioc-record.h"

G_BEGIN_DECLS

#define IOC_TYPE_MODELS (ioc_models_get_type ())
G_DECLARE_FINAL_TYPE (IocModels, ioc_models, IOC, MODELS, GObject)

IocModels     *ioc_models_new            (IocClient    *client);
IocClient     *ioc_models_get_client     (IocModels    *self);
/* Loads everything, then starts the stream; emits ::loaded when done and
 * ::load-failed (with the GError message) otherwise. */
void           ioc_models_load           (IocModels    *self);
gboolean       ioc_models_is_loaded      (IocModels    *self);

IocRecordList *ioc_models_get_reports    (IocModels    *self);
IocRecordList *ioc_models_get_cameras    (IocModels    *self);
/* The newest IOC_MODELS_MAX_ALERTS alerts, oldest first. */
#define IOC_MODELS_MAX_ALERTS 2000
IocRecordList *ioc_models_get_alerts     (IocModels    *self);
IocRecordList *ioc_models_get_tickets    (IocModels    *self);
IocRecordList *ioc_models_get_sources    (IocModels    *self);
/* The most recent AI camera events (newest 200 loaded, then as they come). */
IocRecordList *ioc_models_get_camera_events (IocModels *self);
/* Today's units (valid now): dispatch targets and map labels. */
IocRecordList *ioc_models_get_units      (IocModels    *self);
/* Rows of dossier-stats (every metric the walls show: overdue,
 * online_over_8h), by date; reloaded after an import (::changed
 * "dossier-stats"). */
JsonArray     *ioc_models_get_dossier_stats (IocModels *self);
/* Name of a unit of any period, from the units loaded; NULL if unknown. */
const char    *ioc_models_unit_name      (IocModels    *self,
                                          const char   *unit_id);
/* Vietnamese and English names of a report category. */
const char    *ioc_models_category_name  (IocModels    *self,
                                          const char   *code);

/* Default deadline of a report category in hours; 0 when unknown. */
int            ioc_models_category_deadline_hours (IocModels  *self,
                                                   const char *code);
/* Where a unit is: its centroid, or for a pre-2025 district without one
 * the centroid of today's unit of the same name. FALSE when unknown. */
gboolean       ioc_models_unit_location  (IocModels    *self,
                                          const char   *unit_id,
                                          double       *lat,
                                          double       *lon);
/* The addresses to play a camera at. For a camera with an account
 * (rtsp_auth) the first call asks iocd for the full URIs and gives NULL
 * until they come (then ::changed "cameras"); others give the record's. */
void           ioc_models_camera_uris    (IocModels    *self,
                                          IocRecord    *camera,
                                          const char  **main_uri,
                                          const char  **sub_uri);
/* Today's wards and communes with their "boundary" (GeoJSON), loaded once
 * after the lists (IocModels::changed "boundaries"); NULL until then. */
JsonArray     *ioc_models_get_boundaries (IocModels    *self);

G_END_DECLS
