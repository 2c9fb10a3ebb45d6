/* ioc-camera-live.h — a camera's live view in the map wall's camera panel
 *
 * An IocVideo that follows the camera's record in IocModels (its name and
 * addresses), plays only while the panel shows it, and can be dragged by
 * its picture onto a tile of a camera wall (any console window).
 */
#pragma once

#include <gtk/gtk.h>

#include "ioc-models.h"
#include "ioc-video.h"

G_BEGIN_DECLS

#define IOC_TYPE_CAMERA_LIVE (ioc_camera_live_get_type ())
G_DECLARE_FINAL_TYPE (IocCameraLive, ioc_camera_live, IOC, CAMERA_LIVE, GtkWidget)

GtkWidget  *ioc_camera_live_new        (IocModels     *models);
/* The camera to show; NULL hides the view (a unit's panel). */
void        ioc_camera_live_set_camera (IocCameraLive *self,
                                        const char    *camera_id);
const char *ioc_camera_live_get_camera (IocCameraLive *self);
IocVideo   *ioc_camera_live_get_video  (IocCameraLive *self);

/* Plays @camera's record in @video (name and addresses, the account's
 * asked for through @models when the camera has one); NULL stops it. */
void        ioc_camera_play            (IocVideo      *video,
                                        IocModels     *models,
                                        IocRecord     *camera);

G_END_DECLS
