/* ioc-entity.h — descriptions of the domain collections
 *
 * Every collection of the REST API (units, cameras, reports, ...) is
 * described once here: its table, its columns with their JSON types, and
 * which columns can be filtered, sorted or searched. The store and the API
 * code are written against these descriptors, so adding a column is a
 * migration plus one line here.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  IOC_COL_TEXT,
  IOC_COL_INT,
  IOC_COL_REAL,
  IOC_COL_BOOL,
  IOC_COL_JSON,        /* stored as JSON text, exposed as a JSON value */
  IOC_COL_TIME,        /* stored as Unix seconds (INTEGER), exposed as ISO 8601 UTC */
} IocColumnType;

typedef enum {
  IOC_COL_FILTER  = 1 << 0, /* ?name=value (exact; comma-separated list = any of) */
  IOC_COL_SORT    = 1 << 1, /* ?sort=name or ?sort=-name */
  IOC_COL_PRIVATE = 1 << 2, /* personal data: only with include=private, never on walls */
  IOC_COL_HIDDEN  = 1 << 3, /* never leaves the store through the API */
  IOC_COL_RANGE   = 1 << 4, /* the column ?from= and ?to= bound */
  IOC_COL_SEARCH  = 1 << 5, /* ?q= matches it (case-insensitive substring) */
  IOC_COL_DETAIL  = 1 << 6, /* large: only in a single-item GET */
  IOC_COL_ROUND5  = 1 << 7, /* REAL rounded to 5 decimals (coordinates, ~1 m) */
} IocColumnFlags;

typedef struct {
  const char     *name;
  IocColumnType   type;
  IocColumnFlags  flags;
} IocColumn;

typedef struct {
  const char      *name;          /* collection name in the API, e.g. "reports" */
  const char      *table;         /* SQL table */
  const char      *id_column;     /* primary key column */
  gboolean         id_is_int;     /* INTEGER PRIMARY KEY assigned by the store */
  const char      *default_sort;  /* e.g. "-received_at" */
  const IocColumn *columns;       /* terminated by a { NULL } entry */
} IocEntity;

extern const IocEntity ioc_entity_units;
extern const IocEntity ioc_entity_unit_names;
extern const IocEntity ioc_entity_cameras;
extern const IocEntity ioc_entity_camera_events;
extern const IocEntity ioc_entity_reports;
extern const IocEntity ioc_entity_report_history;
extern const IocEntity ioc_entity_dossiers;
extern const IocEntity ioc_entity_dossier_stats;
extern const IocEntity ioc_entity_period_stats;
extern const IocEntity ioc_entity_warning_tickets;
extern const IocEntity ioc_entity_alerts;
extern const IocEntity ioc_entity_indicators;
extern const IocEntity ioc_entity_users;
extern const IocEntity ioc_entity_sessions;
extern const IocEntity ioc_entity_audit;
extern const IocEntity ioc_entity_sources;
extern const IocEntity ioc_entity_import_jobs;
extern const IocEntity ioc_entity_weekly_reports;
extern const IocEntity ioc_entity_rollups;        /* internal, not in ioc_entity_lookup() */

/* Looks up a collection by its API name; NULL when unknown. */
const IocEntity *ioc_entity_lookup   (const char      *name);
const IocColumn *ioc_entity_column   (const IocEntity *entity,
                                      const char      *name);
/* The column that ?from=/?to= apply to, or NULL. */
const IocColumn *ioc_entity_range_column (const IocEntity *entity);

G_END_DECLS
