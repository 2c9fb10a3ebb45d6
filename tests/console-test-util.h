/* console-test-util.h — what the console's display tests share: the real
 * iocd (ioc-test-server.h) with the demo data, a signed-in IocApplication
 * with its fullscreen windows on the headless two-monitor X server
 * (tests/tools/with-display), waiting without blocking the main loop,
 * screenshots into IOC_SCREENSHOT_DIR (with IOC_SCREENSHOT_SUFFIX, e.g.
 * "-vi", for the second language), and SOC alerts fed through the real
 * ingest route. */
#pragma once

#include "ioc-application.h"
#include "ioc-test-server.h"
#include "ioc-window.h"

G_BEGIN_DECLS

extern IocTestServer  *ct_srv;
extern IocApplication *ct_app;

/* Locale and gettext as ioc-console's main() sets them, g_test_init, iocd
 * with --demo, the console signed in as @user, both walls up. */
/* The user's locale and the console's translations (IOC_LOCALEDIR). */
void        ct_init_locale      (void);
void        ct_init             (int         *argc,
                                 char      ***argv,
                                 const char  *user);
int         ct_run_and_finish   (void);

gboolean    ct_wait_until       (gboolean   (*cond) (gpointer),
                                 gpointer     data,
                                 guint        timeout_ms);
void        ct_settle           (guint        ms);
GPtrArray  *ct_console_windows  (void);
IocWindow  *ct_window_with_wall (const char  *wall);
/* The window on the @index-th monitor. */
IocWindow  *ct_window_on_monitor (guint       index);
/* The wall widget @name of the window showing @shown (NULL: the first). */
GtkWidget  *ct_wall             (const char  *shown,
                                 const char  *name);
/* import -window root → DIR/NAME[-SUFFIX].png, after tiles and layout
 * settled; returns the path written (or NULL without IOC_SCREENSHOT_DIR). */
char       *ct_screenshot       (const char  *name);
gint64      ct_api_total        (const char  *token,
                                 const char  *path);
/* A second console: its own client and models, signed in, loaded. */
IocModels  *ct_second_console   (const char  *user);
/* The same against any iocd (@base_url), as the demo's @user. */
IocModels  *ct_models_signed_in (const char  *base_url,
                                 const char  *user);
/* POSTs EVE lines (NDJSON) as admin; returns the number of alerts stored. */
gint64      ct_ingest_eve       (const char  *ndjson);
/* One EVE alert line, @hours_ago before now. */
char       *ct_eve_line         (double       hours_ago,
                                 int          severity,
                                 const char  *signature,
                                 const char  *category,
                                 const char  *site,
                                 const char  *src_ip);
/* A realistic day of SOC alerts (several categories, severities, sites,
 * over the last 24 hours); returns how many alerts it wrote. */
guint       ct_ingest_soc_day   (void);
/* The record's "status" equals @status in @models' reports. */
gboolean    ct_report_has_status (IocModels  *models,
                                  const char *id,
                                  const char *status);
/* POST a report as duty staff; returns its id. */
char       *ct_create_report    (const char  *json);

G_END_DECLS
