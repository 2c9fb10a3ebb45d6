/* ioc-daemon.h — what `iocd` does: serve, and manage users */
#pragma once

#include "ioc-config.h"

G_BEGIN_DECLS

/* Opens the store, loads the demo when asked and the store is empty,
 * serves until SIGTERM/SIGINT. Returns the process exit status. */
int ioc_daemon_run        (IocConfig  *config);

/* `iocd user add NAME --role ROLE | passwd NAME | list`; the password is
 * read from standard input (one line). Returns the exit status. */
int ioc_daemon_user_cmd   (IocConfig  *config,
                           int         argc,
                           char      **argv);

/* `iocd import KIND FILE [--period FROM..TO]`: one import job, run to its
 * end; prints rows read, imported, unchanged and rejected. Exit status 0,
 * 1 when the file is rejected (nothing written) or the import failed, 2 on
 * a usage error. */
int ioc_daemon_import_cmd (IocConfig  *config,
                           int         argc,
                           char      **argv);

G_END_DECLS
