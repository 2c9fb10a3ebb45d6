/* ioc-report-banner.h — "the weekly report is ready", in every window
 *
 * A banner above the walls, for supervisors: shown when iocd reports a
 * weekly report ready ("weekly-report.ready") that they did not generate
 * themselves — the automatic one prepared on Friday at report-time, or a
 * colleague's — with a button to the briefing wall. It stays until it is
 * dismissed or followed.
 */
#pragma once

#include <gtk/gtk.h>

#include "ioc-models.h"

G_BEGIN_DECLS

/* Puts a banner at the top of @box (the window's content box, already in
 * its window, above the walls). */
void        ioc_report_banner_attach   (GtkWidget *box,
                                        IocModels *models);
/* The banner of a window (NULL when none was attached), for tests. */
GtkWidget  *ioc_report_banner_get      (GtkWidget *window);
gboolean    ioc_report_banner_is_shown (GtkWidget *banner);
const char *ioc_report_banner_get_text (GtkWidget *banner);

G_END_DECLS
