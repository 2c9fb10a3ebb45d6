/* ioc-store-sqlite.h — the embedded default store (SQLite, WAL) */
#pragma once

#include "ioc-store.h"

G_BEGIN_DECLS

#define IOC_TYPE_SQLITE_STORE (ioc_sqlite_store_get_type ())
G_DECLARE_FINAL_TYPE (IocSqliteStore, ioc_sqlite_store, IOC, SQLITE_STORE, IocStore)

/* Opens (creating if needed) the database at @path and brings its schema to
 * the latest version. An older database is upgraded in place, inside one
 * transaction per version; a newer one is refused (IOC_STORE_ERROR_VERSION). */
IocStore *ioc_sqlite_store_open (const char  *path,
                                 GError     **error);

/* Only for tests of the migrations: stop at @version instead of the latest. */
IocStore *ioc_sqlite_store_open_at_version (const char  *path,
                                            int          version,
                                            GError     **error);

int       ioc_sqlite_store_latest_version (void);

/* Runs raw SQL: for tests and benchmarks that inspect the file. */
gboolean  ioc_sqlite_store_exec (IocSqliteStore *self,
                                 const char     *sql,
                                 GError        **error);
/* The underlying handle, for modules that need SQL beyond the generic
 * operations (rollups, heatmaps); they belong to the SQLite store. */
struct sqlite3 *ioc_sqlite_store_get_db (IocSqliteStore *self);

G_END_DECLS
