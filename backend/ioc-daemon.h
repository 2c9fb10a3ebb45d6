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

G_END_DECLS
