/* ioc-import-job.h — imports as background jobs, one at a time
 *
 * A job is a row of import_jobs:
 *
 *   queued → validating → writing → completed
 *                      ↘ failed (nothing written) ↙ failed (store error)
 *
 * A worker thread reads the file (a GBytes from the API, or a path it
 * maps itself: the drop folder, the command line) and validates all of it
 * (ioc_import_parse). Only a file without a bad row is written: the worker
 * parses it again and hands over batches of [imports] batch-rows records
 * (20,000), at most three ahead of the writer; the main loop writes each
 * batch in a transaction of its own, so that requests are served between
 * batches. rows_total is known once the file is validated; rows_done
 * counts the rows written. Every change of status, and the progress at
 * most every [imports] progress-interval milliseconds (1000), is an event
 * import.updated (the job row); the end is import.completed (the job row,
 * completed or failed). The final transaction runs the kind's finish step
 * (counts, anomalies, warning tickets), records the source's freshness and
 * closes the job.
 *
 * A job that iocd did not finish (stopped, crashed) is marked failed when
 * iocd starts again; the rows it had written stay (every kind is
 * idempotent), and importing the file again adds the rest.
 */
#pragma once

#include "ioc-import.h"
#include "ioc-server.h"

G_BEGIN_DECLS

typedef struct _IocImporter IocImporter;

/* Called on the main loop when a job has finished, with its final row;
 * with @job and @result NULL when iocd stops before it finished. */
typedef void (*IocImportDone) (JsonObject             *job,
                               const IocImportResult  *result,
                               gpointer                user_data);

typedef struct {
  const IocImportKind *kind;
  GBytes              *data;          /* the file's bytes, or … */
  const char          *path;          /* … a file the worker reads */
  const char          *file_name;     /* shown in the job, kept as source */
  const char          *period_from;   /* summary kinds */
  const char          *period_to;
  const char          *origin;        /* "api", "drop", "cli" */
  const char          *user_name;
} IocImportRequest;

/* @server may be NULL (the command line). Fails jobs an earlier iocd left
 * unfinished (not those of a command line running beside it). */
IocImporter *ioc_importer_new       (IocStore               *store,
                                     IocConfig              *config,
                                     IocServer              *server,
                                     GError                **error);
/* Cancels the running job (it is marked failed) and forgets the queue. */
void         ioc_importer_free      (IocImporter            *self);

/* Creates the job row (status queued, event import.updated) in the open
 * transaction, or in one of its own, and queues the job; it starts on the
 * main loop once the caller's transaction is committed. Fails when too
 * many jobs wait ([imports] max-queued, 8). Returns the job row. */
JsonObject  *ioc_importer_submit    (IocImporter            *self,
                                     const IocImportRequest *request,
                                     IocImportDone           done,
                                     gpointer                user_data,
                                     GError                **error);
/* Jobs queued or running. */
guint        ioc_importer_n_jobs    (IocImporter            *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IocImporter, ioc_importer_free)

G_END_DECLS
