/* ioc-import.h — imports of the province's tables (CSV)
 *
 * Each import reads the whole file first, resolves every unit, and then
 * writes everything in one transaction: a file with one bad line changes
 * nothing and the error names that line. Re-importing the same file adds
 * nothing (rows are keyed by unit, period or date, and metric).
 */
#pragma once

#include "ioc-csv.h"
#include "ioc-store.h"

G_BEGIN_DECLS

typedef struct {
  guint read;       /* data rows in the file */
  guint imported;   /* rows written */
  guint rejected;   /* rows refused (the import then writes nothing) */
} IocImportResult;

/* Resolves a unit from a `unit_id` (exact) or a printed `unit_name`
 * (through the normalised name map). NULL when unknown. */
char    *ioc_unit_resolve (IocStore   *store,
                           const char *unit_id,
                           const char *unit_name);

/* A period table (one row per unit, numeric metric columns) into
 * period_stats for @domain and the period @from..@to (yyyy-mm-dd). Every
 * column that is not row_no/unit_id/unit_name/source_table and whose
 * values are numbers is a metric. */
gboolean ioc_import_period_table (IocStore         *store,
                                  IocCsv           *csv,
                                  const char       *domain,
                                  const char       *from,
                                  const char       *to,
                                  const char       *source,
                                  IocImportResult  *result,
                                  GError          **error);

/* Daily per-agency counts in long format: unit_id or unit_name, date,
 * and one or more <metric>_count columns, into dossier_stats. */
gboolean ioc_import_daily_counts (IocStore         *store,
                                  IocCsv           *csv,
                                  const char       *origin,
                                  IocImportResult  *result,
                                  GError          **error);

G_END_DECLS
