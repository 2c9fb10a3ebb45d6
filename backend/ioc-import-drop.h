/* ioc-import-drop.h — the drop folder: files dropped in DROP/KIND/ become
 * import jobs (contract 1 of OWNERS.md; see ioc-import-drop.c) */
#pragma once

#include "ioc-import-job.h"

G_BEGIN_DECLS

typedef struct _IocImportDrop IocImportDrop;

/* Creates DROP/KIND/ for every kind and watches them; files already there
 * are imported at once. */
IocImportDrop *ioc_import_drop_new  (IocImporter    *importer,
                                     IocConfig      *config,
                                     const char     *dir,
                                     GError        **error);
void           ioc_import_drop_free (IocImportDrop  *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IocImportDrop, ioc_import_drop_free)

G_END_DECLS
