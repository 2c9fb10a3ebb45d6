/* ioc-window.h — a console window: one wall (or all, with a switcher when
 * windowed) and the status strip every window carries. */
#pragma once

#include <gtk/gtk.h>

#include "ioc-models.h"

G_BEGIN_DECLS

#define IOC_TYPE_WINDOW (ioc_window_get_type ())
G_DECLARE_FINAL_TYPE (IocWindow, ioc_window, IOC, WINDOW, GtkApplicationWindow)

/* The walls, in their default order on the monitors. */
extern const char *const ioc_wall_names[];
const char *ioc_wall_title (const char *name);

IocWindow  *ioc_window_new          (GtkApplication *app,
                                     IocModels      *models,
                                     gboolean        windowed);
void        ioc_window_show_wall    (IocWindow      *self,
                                     const char     *name);
const char *ioc_window_get_wall     (IocWindow      *self);
GtkWidget  *ioc_window_get_wall_widget (IocWindow  *self,
                                        const char *name);
/* Which monitor the window was placed on ("DUMMY1 1280x720+1280+0"). */
void        ioc_window_set_monitor_key (IocWindow  *self,
                                        const char *key);
const char *ioc_window_get_monitor_key (IocWindow  *self);
/* The connection text of the status strip, for tests. */
const char *ioc_window_get_connection_text (IocWindow *self);

G_END_DECLS
