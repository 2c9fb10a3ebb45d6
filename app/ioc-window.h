/* ioc-window.h — a console window: one wall (or all, with a switcher when
 * windowed), the critical-alert banner and the status strip every window
 * carries.
 *
 * Actions (shortcuts in ui/gtk/help-overlay.ui): win.show-wall(s) Alt+1…5,
 * win.next-wall / win.previous-wall Ctrl+Page Down/Up, win.fullscreen F11,
 * win.search Ctrl+F (the visible wall's "wall.search"), and
 * win.wall-action(s), which passes a window-wide shortcut to the wall on
 * screen (map.zoom-in, alert.acknowledge, report.assign …) whatever has
 * the keyboard focus. */
#pragma once

#include <gtk/gtk.h>

#include "ioc-alarm.h"
#include "ioc-models.h"
#include "ioc-status-strip.h"

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
IocStatusStrip *ioc_window_get_status_strip (IocWindow *self);
/* The critical-alert banner is shown. */
gboolean    ioc_window_get_banner_visible (IocWindow *self);

G_END_DECLS
