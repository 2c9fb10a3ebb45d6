/* ioc-preferences.h — the Preferences window (app.preferences, Ctrl+,)
 *
 * Which wall each monitor shows (saved per monitor, by connector and
 * geometry, in GSettings "wall-assignments", and applied at once), the
 * online tile URL of the base map ("online-tile-url"; empty: iocd's
 * offline map), and the alarm sound ("sound").
 */
#pragma once

#include <gtk/gtk.h>

#include "ioc-application.h"

G_BEGIN_DECLS

#define IOC_TYPE_PREFERENCES (ioc_preferences_get_type ())
G_DECLARE_FINAL_TYPE (IocPreferences, ioc_preferences, IOC, PREFERENCES, GtkWindow)

GtkWindow *ioc_preferences_new             (IocApplication *app);
/* For tests: choose @wall for the @index-th monitor, as the drop-down does. */
void       ioc_preferences_choose_wall     (IocPreferences *self,
                                            guint           index,
                                            const char     *wall);
guint      ioc_preferences_get_n_monitors  (IocPreferences *self);
/* Sets the tile URL entry and applies it; FALSE (and a message) when the
 * URL is not a tile template. */
gboolean   ioc_preferences_apply_tile_url  (IocPreferences *self,
                                            const char     *url);

/* TRUE for "" (the offline map) or an http(s) URL with {z}, {x} and {y}. */
gboolean   ioc_tile_url_is_valid           (const char     *url);

G_END_DECLS
