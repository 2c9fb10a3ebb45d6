/* ioc-demo.h — reference and demo data: the province's units (before and
 * after the 2025 reform), its published figures, and demo accounts. */
#pragma once

#include "ioc-store.h"

G_BEGIN_DECLS

typedef struct {
  const char *name;
  const char *role;
  const char *password;
} IocDemoUser;

/* The demo accounts, one per role (NULL-terminated). */
const IocDemoUser *ioc_demo_users (void);

/* TRUE when the store holds no unit yet. */
gboolean ioc_demo_store_is_empty (IocStore *store);

/* Loads everything from @data_dir (data/ of the source tree) in one
 * transaction: all or nothing. */
gboolean ioc_demo_load (IocStore    *store,
                        const char  *data_dir,
                        GError     **error);

G_END_DECLS
