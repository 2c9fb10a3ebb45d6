/* ioc-connector.h — how one data source plugs into iocd
 *
 * A connector takes one source in its own real format (Open311, Suricata
 * EVE, Wazuh, Frigate, the dossier system's exports, RTSP cameras, the
 * statistics office's CSV), normalises it into the domain model through
 * the store, and records the source's freshness. Each connector is a
 * module of its own (ioc-conn-*.c or the module named in its table entry)
 * that exports one `const IocConnector`; ioc-connectors.c lists them.
 *
 * Life: iocd starts every connector once, after the built-in routes and
 * before the generic collection routes (so a connector's specific routes,
 * e.g. /api/v1/dossier-stats/heatmap, win over /api/v1/dossier-stats/{id}),
 * and stops them in reverse order when the server is freed. start() may add
 * routes (ioc_server_add_routes), timers, file watchers, worker threads; it
 * returns its state, handed back to stop(). Nothing a connector does may
 * block the main loop: probes, imports and file reads go to a thread or
 * are asynchronous, and results are written back on the main loop.
 *
 * Freshness: after each successful update a connector calls
 * ioc_server_touch_source (server, connector->name, …) inside the
 * transaction that wrote the data. The server keeps one row per connector
 * in /api/v1/sources (name, title, last_update, expected_interval, stale);
 * a source silent for longer than its expected interval becomes stale
 * (event "source.stale"); its next update makes it fresh ("source.fresh").
 * The interval is expected_interval_s unless the config file sets
 * `expected-interval` (seconds, 0 = never stale) in the connector's group:
 *
 *     [open311]
 *     expected-interval=3600
 *
 * Every other setting of a connector lives in that same group too
 * (ioc_config_group_int / ioc_config_group_string).
 */
#pragma once

#include "ioc-server.h"

G_BEGIN_DECLS

typedef struct {
  const char *name;                  /* source name: "open311", "soc", ... */
  const char *title;                 /* one English line for /api/v1/sources */
  guint       expected_interval_s;   /* default silence before "stale"; 0 = never */
  /* May be NULL (a connector that is only routes registers them here too).
   * Returns the connector's state (may be NULL) or NULL with @error set:
   * iocd then refuses to start, naming the connector. */
  gpointer  (*start) (IocServer  *server,
                      GError    **error);
  void      (*stop)  (gpointer    state);
} IocConnector;

/* Every connector iocd has, NULL-terminated (ioc-connectors.c). */
const IocConnector *const *ioc_connectors (void);

/* The interval after which @connector's source is stale, from the config
 * or its default. */
guint ioc_connector_expected_interval (const IocConnector *connector,
                                       IocConfig          *config);

G_END_DECLS
