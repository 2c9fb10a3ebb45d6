/* ioc-application.h — ioc-console: sign-in, then one fullscreen window per
 * monitor with its assigned wall (or one window with a switcher). */
#pragma once

#include <gtk/gtk.h>

#include "ioc-alarm.h"
#include "ioc-client.h"
#include "ioc-models.h"

G_BEGIN_DECLS

#define IOC_TYPE_APPLICATION (ioc_application_get_type ())
G_DECLARE_FINAL_TYPE (IocApplication, ioc_application, IOC, APPLICATION, GtkApplication)

IocApplication *ioc_application_new        (void);
/* Signs in to @server and opens the walls once the data is loaded. */
void            ioc_application_sign_in    (IocApplication *self,
                                            const char     *server,
                                            const char     *user,
                                            const char     *password);
void            ioc_application_set_windowed (IocApplication *self,
                                              gboolean        windowed);
IocClient      *ioc_application_get_client (IocApplication *self);
IocModels      *ioc_application_get_models (IocApplication *self);
/* The wall assigned to a monitor: saved, or the default order. */
char           *ioc_application_wall_for_monitor (IocApplication *self,
                                                  GdkMonitor     *monitor,
                                                  guint           index);
/* Saves @wall for @monitor (connector and geometry, GSettings
 * "wall-assignments") and shows it on that monitor's window. */
void            ioc_application_assign_wall (IocApplication *self,
                                             GdkMonitor     *monitor,
                                             const char     *wall);
IocAlarm       *ioc_application_get_alarm  (IocApplication *self);
/* NULL when the schema is not installed. */
GSettings      *ioc_application_get_settings (IocApplication *self);
/* "DUMMY1 1280x720+1280+0" */
char           *ioc_monitor_key            (GdkMonitor     *monitor);

G_END_DECLS
