/* ioc-soc-ingest.h — storing a batch of SOC alert lines, with folding
 *
 * The caller holds the store transaction (one per batch). For each line:
 *  - blank lines are ignored (not counted in `read`);
 *  - a line ioc_soc_parse skips (dns, flow, http, … metadata) counts as
 *    `skipped`;
 *  - the rule for bad lines: a truncated or malformed line is rejected on
 *    its own and reported with its 1-based line number and the reason (the
 *    first IOC_SOC_INGEST_MAX_LISTED are listed, n_rejected counts all);
 *    the good lines of the same batch are kept;
 *  - an alert folds into the open alert (status not resolved or
 *    false_positive) of its group (the same fold key, see IocSocAlert)
 *    last seen within @fold_window_s before the alert's own time: count + 1,
 *    last_seen moved, event "alert.updated"; otherwise a new row (count 1,
 *    status new), event "alert.created". The groups are looked up in memory
 *    (see ioc-soc-ingest.c for what that table holds and forgets);
 *  - events are appended in the order of the lines, whichever thread
 *    parsed them.
 * A store failure fails the whole call (the caller rolls back). Call it
 * from one thread at a time per store (iocd: the main loop).
 */
#pragma once

#include "ioc-store.h"

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define IOC_SOC_FOLD_WINDOW_S      600
#define IOC_SOC_INGEST_MAX_LISTED  100

typedef struct {
  guint      lines;        /* lines seen so far (line numbers continue across calls) */
  guint      read;         /* non-blank lines */
  guint      accepted;     /* new alerts */
  guint      folded;       /* alerts folded into an open one */
  guint      skipped;      /* records that are not alerts */
  guint      n_rejected;   /* bad lines */
  JsonArray *rejected;     /* [{line, error}], at most IOC_SOC_INGEST_MAX_LISTED */
} IocSocIngestResult;

void     ioc_soc_ingest_result_init  (IocSocIngestResult  *result);
void     ioc_soc_ingest_result_clear (IocSocIngestResult  *result);

/* Stores the alerts of @data (newline-delimited JSON) in @store; adds to
 * @result. */
gboolean ioc_soc_ingest              (IocStore            *store,
                                      const char          *data,
                                      gsize                length,
                                      guint                fold_window_s,
                                      IocSocIngestResult  *result,
                                      GError             **error);

G_END_DECLS
