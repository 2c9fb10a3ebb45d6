/* ioc-status-strip.h — the strip at the foot of every console window
 *
 * From left to right: the backend connection ("Connected", or
 * "Reconnecting in N s" counting down, in amber over the whole strip), the
 * freshness of each source iocd knows (GET /api/v1/sources, kept live by
 * the source.* events through IocModels): one chip per source with its
 * age ("4 min ago"), stale ones in amber with a warning sign, sources that
 * never reported said so; then the signed-in user and the clock. Chips
 * wrap onto a second line rather than running off the screen.
 */
#pragma once

#include <gtk/gtk.h>

#include "ioc-models.h"

G_BEGIN_DECLS

#define IOC_TYPE_STATUS_STRIP (ioc_status_strip_get_type ())
G_DECLARE_FINAL_TYPE (IocStatusStrip, ioc_status_strip, IOC, STATUS_STRIP, GtkWidget)

GtkWidget  *ioc_status_strip_new                 (IocModels      *models);
/* For tests: what the strip says. */
const char *ioc_status_strip_get_connection_text (IocStatusStrip *self);
guint       ioc_status_strip_get_n_sources       (IocStatusStrip *self);
/* The chip of @source ("SOC · stale · 3 h ago"); NULL when not shown. */
const char *ioc_status_strip_get_source_text     (IocStatusStrip *self,
                                                  const char     *source);

/* "just now", "5 min ago", "3 h ago", "2 days ago" (translated). */
char       *ioc_format_age                       (gint64          seconds);

G_END_DECLS
