/* ioc-import.h — one framework for every file the IOC imports
 *
 * A *kind* of import (the table below) knows one file format and where its
 * rows go:
 *
 *   dossier-records       dossier system export, one row per dossier → dossiers,
 *                         and the per-agency daily counts computed from them
 *                         (ioc-dossier.h) → dossier_stats (origin 'computed')
 *   dossier-summary       the per-agency period table as the reports print it
 *                         (2023 columns or the 2018 shape) → period_stats
 *   dossier-daily         daily per-agency counts, long format → dossier_stats
 *   reception-channels    dossiers received per channel → period_stats
 *   field-report-summary  field reports per unit over a period → period_stats
 *   cameras               the camera registry (CSV or JSON) → cameras
 *   indicators            monthly socio-economic indicators → indicators,
 *                         with anomaly warnings (ioc-indicators.h)
 *
 * Every kind has one parser entry point, ioc_import_parse(), which reads
 * and validates a whole file without touching the store: that is what the
 * fuzzers call, and what a job runs first. A file with one bad line (wrong
 * column count, not UTF-8, a bad number or date, an unknown unit) is
 * rejected whole: the error names the line and the reason, and nothing is
 * written. Only a file that validated is written, in batches
 * (ioc-import-job.h), or in the caller's transaction (ioc_import_run).
 *
 * Idempotence: every row has a key — the dossier id; (unit, period, metric)
 * for period tables; (unit, date, metric) for daily counts; the camera id;
 * (group, indicator, month) — and a row equal to the stored one is counted
 * as unchanged and not written again, so re-importing a file adds nothing.
 *
 * Units are resolved by id or by name through the name map, in the
 * normalised form of ioc_name_normalize() (case, spacing, "Hoà"/"Hòa",
 * apostrophes), and by validity: a name that named a unit before the 2025
 * reform and another one after it resolves to the one in force on the
 * row's date.
 */
#pragma once

#include "ioc-config.h"
#include "ioc-store.h"

G_BEGIN_DECLS

#define IOC_IMPORT_ERROR (ioc_import_error_quark ())
GQuark ioc_import_error_quark (void);

typedef enum {
  IOC_IMPORT_ERROR_REJECTED,    /* the file has bad rows: nothing was written */
  IOC_IMPORT_ERROR_FORMAT,      /* not a file of this kind (header, encoding, JSON) */
  IOC_IMPORT_ERROR_OPTIONS,     /* a missing or bad period, unknown kind */
  IOC_IMPORT_ERROR_CANCELLED,
} IocImportError;

/* ---- units ------------------------------------------------------------ */

/* An immutable snapshot of the units and their names: built on the main
 * thread, shared with the worker thread that parses. */
typedef struct _IocUnitResolver IocUnitResolver;

IocUnitResolver *ioc_unit_resolver_new    (void);
/* Every unit and every spelling of the name map. */
IocUnitResolver *ioc_unit_resolver_load   (IocStore         *store,
                                           GError          **error);
IocUnitResolver *ioc_unit_resolver_ref    (IocUnitResolver  *self);
void             ioc_unit_resolver_unref  (IocUnitResolver  *self);
/* For tests and fuzzers: a unit (valid_from/valid_to NULL = open). */
void             ioc_unit_resolver_add    (IocUnitResolver  *self,
                                           const char       *id,
                                           const char       *name,
                                           const char       *valid_from,
                                           const char       *valid_to);
void             ioc_unit_resolver_add_name (IocUnitResolver *self,
                                             const char      *name,
                                             const char      *unit_id);
/* The unit @id names, or the one @name names on @date (yyyy-mm-dd; NULL:
 * any). NULL with a message in @error when unknown or ambiguous. The
 * result belongs to the resolver. */
const char      *ioc_unit_resolver_lookup (IocUnitResolver  *self,
                                           const char       *id,
                                           const char       *name,
                                           const char       *date,
                                           GError          **error);
const char      *ioc_unit_resolver_name   (IocUnitResolver  *self,
                                           const char       *unit_id);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IocUnitResolver, ioc_unit_resolver_unref)

/* Resolves through the store (one look-up; for code outside imports). */
char            *ioc_unit_resolve         (IocStore         *store,
                                           const char       *unit_id,
                                           const char       *unit_name);

/* ---- kinds ------------------------------------------------------------ */

typedef struct _IocImportKind IocImportKind;

typedef enum {
  IOC_IMPORT_NEEDS_PERIOD = 1 << 0,   /* a summary over FROM..TO */
  IOC_IMPORT_JSON         = 1 << 1,   /* also takes JSON (an array of objects) */
  IOC_IMPORT_HIDDEN       = 1 << 2,   /* internal (the demo): not offered by CLI/API */
  IOC_IMPORT_SPLITTABLE   = 1 << 3,   /* large files are validated in two halves at once */
} IocImportFlags;

/* The public kinds, NULL-terminated, in the order of the table above. */
const IocImportKind *const *ioc_import_kinds  (void);
/* Any kind by name (hidden ones too); NULL when unknown. */
const IocImportKind *ioc_import_kind_find     (const char          *name);
const char          *ioc_import_kind_name     (const IocImportKind *kind);
const char          *ioc_import_kind_title    (const IocImportKind *kind);
/* The columns it reads, one line for --help and the API. */
const char          *ioc_import_kind_columns  (const IocImportKind *kind);
IocImportFlags       ioc_import_kind_flags    (const IocImportKind *kind);
/* The source (ioc-connector.h) whose freshness an import updates. */
const char          *ioc_import_kind_source   (const IocImportKind *kind);
/* "dossier-records, dossier-summary, …" */
char                *ioc_import_kind_list     (void);

/* ---- options and results ---------------------------------------------- */

typedef struct _IocWorkingHours IocWorkingHours;   /* ioc-dossier.h */

typedef struct {
  char            *period_from;    /* yyyy-mm-dd, summary kinds */
  char            *period_to;
  char            *file_name;      /* recorded as the rows' source */
  IocUnitResolver *units;
  IocWorkingHours *hours;          /* dossier-records (NULL: the default hours) */
  gint64           now;            /* Unix seconds: times after it are refused */
  guint            batch_rows;     /* rows per write batch (0: 20000) */
  volatile gint   *cancel;         /* non-zero: stop at the next row */
} IocImportOptions;

void     ioc_import_options_clear  (IocImportOptions  *opts);
/* "2023-01-01..2023-12-31" → two dates in order. */
gboolean ioc_import_parse_period   (const char        *text,
                                    char             **from,
                                    char             **to,
                                    GError           **error);
/* A period FROM..TO anywhere in a file name, or FALSE. */
gboolean ioc_import_period_in_name (const char        *name,
                                    char             **from,
                                    char             **to);

#define IOC_IMPORT_MAX_ERRORS 20

typedef struct {
  guint   read;          /* data rows in the file */
  guint   imported;      /* rows that added or changed something */
  guint   unchanged;     /* rows equal to what was stored */
  guint   rejected;      /* bad rows (then nothing is written) */
  guint   error_line;    /* line of the first bad row, 0 if none */
  GPtrArray *errors;     /* char*: "line N: reason", the first IOC_IMPORT_MAX_ERRORS */
} IocImportResult;

void     ioc_import_result_init    (IocImportResult   *result);
void     ioc_import_result_clear   (IocImportResult   *result);
/* The errors as one text, one per line, with "… and N more". */
char    *ioc_import_result_errors  (const IocImportResult *result);

/* ---- entry points ----------------------------------------------------- */

/* Reads and validates @data as @kind, writing nothing: the fuzzers' entry
 * point and a job's first pass. FALSE when the file is rejected: @error
 * (IOC_IMPORT_ERROR) names the first bad line, @result counts the rows and
 * lists the errors. */
gboolean ioc_import_parse   (const IocImportKind     *kind,
                             const IocImportOptions  *opts,
                             const char              *data,
                             gsize                    length,
                             IocImportResult         *result,
                             GError                 **error);

/* The same, for a kind with IOC_IMPORT_SPLITTABLE and a file of at least
 * @min_split bytes, on two threads: the file is cut at a record boundary
 * (found by the parity of the quotes before it) and both halves are
 * validated at once. Same result, same errors in the same order. */
gboolean ioc_import_parse_split (const IocImportKind     *kind,
                                 const IocImportOptions  *opts,
                                 const char              *data,
                                 gsize                    length,
                                 gsize                    min_split,
                                 IocImportResult         *result,
                                 GError                 **error);

/* Validates and then writes @data inside the caller's open transaction:
 * all or nothing (the demo loader, tests). Events are appended like a
 * job's, except import.*. */
gboolean ioc_import_run     (IocStore                *store,
                             IocConfig               *config,
                             const IocImportKind     *kind,
                             const IocImportOptions  *opts,
                             const char              *data,
                             gsize                    length,
                             IocImportResult         *result,
                             GError                 **error);

G_END_DECLS
