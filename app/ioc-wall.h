/* ioc-wall.h — how a wall plugs into the console's windows
 *
 * A wall is a plain GtkWidget that fills one console window (a monitor, or
 * one page of the switcher of a desk window). The conventions, followed by
 * IocMapWall, IocSocWall and IocDossierWall:
 *
 *  1. Construction. `GtkWidget *ioc_<name>_wall_new (IocModels *models)`.
 *     IocModels (ioc-models.h) is the ONE live copy of iocd's collections
 *     for the whole process, shared by every window and wall: it loaded the
 *     lists before the walls were built and follows the stream, upserting
 *     rows in place (IocRecordList, ioc-record.h). A wall never loads a
 *     collection IocModels has; it connects to the lists' "items-changed"
 *     and "record-changed" (one handler per list, not one per row: the
 *     reports may be 100,000), and to IocModels::changed(collection) for
 *     wholesale reloads (a resync). Disconnect everything in dispose:
 *     several windows, each with its own wall instances, come and go with
 *     the monitors. A window holds every wall and shows one: a wall off
 *     screen should only note that it is out of date and catch up in its
 *     map() (IocMapWall, IocSocWall do).
 *
 *  2. The client. `ioc_models_get_client (models)` is the IocClient: use
 *     ioc_client_request_async() with the wall's own GCancellable
 *     (cancelled in dispose) for anything else (a history, an action).
 *     Never block: no _sync calls, no file reads in the main loop. A
 *     state-changing call only reports "Sending…/Done/error" — the new
 *     state arrives through the stream and updates the lists.
 *
 *  3. Roles. Ask the client, do not compare roles yourself:
 *     ioc_client_can_dispatch() (supervisors, admin), ioc_client_can_act()
 *     (duty, supervisors, admin; leaders read only). Put state-changing
 *     operations in widget actions under a wall-specific prefix installed
 *     in class_init with gtk_widget_class_install_action(), e.g.
 *     "report.assign", "alert.acknowledge", "ticket.send", and disable
 *     them with gtk_widget_action_set_enabled() for roles that may not use
 *     them; hide the buttons too. Window-wide actions use "win." and are
 *     the window's, application ones "app.".
 *
 *  4. Look. Add the CSS class "wall" (IOC_WALL_CSS_CLASS) to the wall's
 *     top widget: ui/style.css gives it the dark war-room colours and the
 *     wall type scale (20 px on a desk, 24 px when the window is
 *     fullscreen, read from 5 m). Style classes available: "wall-title",
 *     "panel", "panel-title", "counter", "badge" + status/severity, "dim".
 *     Every user-visible string goes through _() and into po/vi.po.
 *
 *  5. Privacy. A reporter's name, phone and e-mail are never shown on a
 *     wall: never request include=private from a wall.
 *
 *  6. Freshness. The window's status strip (IocStatusStrip) shows the
 *     backend connection and each source's last update from
 *     /api/v1/sources and the source.* events; a wall that shows data of
 *     its own sources need not repeat it, but must mark its own stale
 *     figures (CSS class "stale").
 *
 *  6b. Shortcuts. A window-wide shortcut reaches the wall on screen through
 *     win.wall-action(s) (ioc-window.c's table, listed in
 *     ui/gtk/help-overlay.ui); "wall.search" (Ctrl+F) and
 *     "wall.close-panel" (Escape) are the names a wall may install.
 *
 *  7. Registration. A wall has a short name (IOC_WALL_MAP …, the names
 *     saved in GSettings "wall-assignments") and a translated title
 *     (ioc_wall_title()). IocWindow builds one instance of each wall per
 *     window in ioc_window_new(). To plug a new wall in, add its constructor
 *     there and its source file to app/meson.build.
 *
 *  8. Tests. Expose small read-only getters for display tests (counts of
 *     rows or markers shown) rather than letting tests walk widget trees.
 */
#pragma once

#include <gtk/gtk.h>

#include "ioc-models.h"

G_BEGIN_DECLS

#define IOC_WALL_CSS_CLASS "wall"

/* The walls' names, as saved in GSettings and in the default order on the
 * monitors. */
#define IOC_WALL_MAP      "map"
#define IOC_WALL_SOC      "soc"
#define IOC_WALL_DOSSIERS "dossiers"
#define IOC_WALL_CAMERAS  "cameras"
#define IOC_WALL_BRIEFING "briefing"

/* Signature every wall constructor follows. */
typedef GtkWidget *(*IocWallNewFunc) (IocModels *models);

G_END_DECLS
