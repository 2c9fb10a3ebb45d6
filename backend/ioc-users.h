/* ioc-users.h — user accounts, shared by the API and `iocd user …` */
#pragma once

#include "ioc-store.h"

G_BEGIN_DECLS

/* Creates a user with a hashed password; inside a transaction. Returns the
 * stored row (without the hash). Errors name the field in the message. */
JsonObject *ioc_user_add          (IocStore    *store,
                                   const char  *name,
                                   const char  *role,
                                   const char  *password,
                                   GError     **error);
gboolean    ioc_user_set_password (IocStore    *store,
                                   const char  *id,
                                   const char  *password,
                                   GError     **error);
/* The id of the user called @name, or NULL. */
char       *ioc_user_find         (IocStore    *store,
                                   const char  *name);
/* A name is 1–64 characters of letters, digits, '.', '-', '_'. */
gboolean    ioc_user_name_is_valid (const char *name);
/* At least 8 characters. */
gboolean    ioc_user_password_is_valid (const char *password);

G_END_DECLS
