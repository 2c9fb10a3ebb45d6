/* ioc-import-private.h — what an import kind is made of (see ioc-import.h)
 *
 * A kind parses on a worker thread and writes on the main thread:
 *
 *   parse()   reads the file (worker thread, no store): for every good row
 *             it fills a record (the kind's own struct, record_size bytes)
 *             and hands it to ioc_import_emit(); a bad row goes to
 *             ioc_import_reject() with its line and reason, and parsing
 *             goes on so that the error report lists every bad line (up to
 *             IOC_IMPORT_MAX_ERRORS). Strings a record points to are
 *             copied with ioc_import_intern() into the record's batch.
 *             Returns FALSE only when the file is not of this kind at all
 *             (header, encoding, JSON syntax).
 *   begin()   main thread, before the first batch: the kind's state.
 *   write()   main thread, in an open transaction: one batch of records.
 *             Counts result->imported and result->unchanged.
 *   finish()  main thread, in the last transaction: rollups, anomalies,
 *             warning tickets.
 */
#pragma once

#include "ioc-csv.h"
#include "ioc-import.h"

G_BEGIN_DECLS

typedef struct {
  GArray       *records;      /* of the kind's record struct */
  GStringChunk *strings;      /* what the records point to */
} IocImportBatch;

IocImportBatch *ioc_import_batch_new  (gsize           record_size);
void            ioc_import_batch_free (IocImportBatch *batch);
void            ioc_import_batch_clear (IocImportBatch *batch);

typedef struct _IocImportParser IocImportParser;
/* Receives a full batch (and the last one). Returns FALSE to stop. */
typedef gboolean (*IocImportSink) (IocImportParser  *parser,
                                   IocImportBatch   *batch,
                                   gpointer          user_data,
                                   GError          **error);

struct _IocImportParser {
  const IocImportKind    *kind;
  const IocImportOptions *opts;
  IocImportResult        *result;
  IocImportBatch         *batch;
  guint                   batch_rows;
  IocImportSink           sink;          /* NULL: validate only */
  gpointer                sink_data;
  GError                 *sink_error;
  GHashTable             *unit_cache;    /* "id\x1fname" → cached candidates */
  gpointer                kind_data;     /* the kind's parse state (column map…) */
  gboolean                stopped;
  /* A part of a file (split validation): the file's header record and
   * the line the part starts on. */
  const char             *header;
  gsize                   header_length;
  guint                   first_line;
};

typedef struct {
  const IocImportKind    *kind;
  IocStore               *store;
  IocConfig              *config;
  const IocImportOptions *opts;
  IocImportResult        *result;
  gpointer                state;
  const char             *user_name;     /* who imports (audit of rule-issued changes) */
} IocImportWriter;

struct _IocImportKind {
  const char     *name;
  const char     *title;
  const char     *columns;
  const char     *source;
  IocImportFlags  flags;
  gsize           record_size;
  gboolean      (*parse)      (IocImportParser   *p,
                               const char        *data,
                               gsize              length,
                               GError           **error);
  gpointer      (*begin)      (IocImportWriter   *w,
                               GError           **error);
  gboolean      (*write)      (IocImportWriter   *w,
                               IocImportBatch    *batch,
                               GError           **error);
  gboolean      (*finish)     (IocImportWriter   *w,
                               GError           **error);
  void          (*free_state) (gpointer           state);
  gconstpointer   spec;       /* constant data of the kind (table columns) */
  /* Worker thread, optional: reorders a batch before it is written (by
   * key: B-tree inserts in key order touch far fewer pages). Records with
   * the same key must keep their order. */
  void          (*sort_batch) (IocImportBatch    *batch);
};

/* ---- parsing helpers (worker thread) ----------------------------------- */

void        ioc_import_parser_init   (IocImportParser        *p,
                                      const IocImportKind    *kind,
                                      const IocImportOptions *opts,
                                      IocImportResult        *result,
                                      IocImportSink           sink,
                                      gpointer                sink_data);
void        ioc_import_parser_clear  (IocImportParser        *p);
/* Runs the kind's parse and hands over the last batch. */
gboolean    ioc_import_parser_run    (IocImportParser        *p,
                                      const char             *data,
                                      gsize                   length,
                                      GError                **error);

void        ioc_import_emit          (IocImportParser  *p,
                                      gconstpointer     record);
const char *ioc_import_intern        (IocImportParser  *p,
                                      const char       *text);
/* The same for a string unlikely to repeat (an id): copied, not shared. */
const char *ioc_import_copy          (IocImportParser  *p,
                                      const char       *text);
void        ioc_import_reject        (IocImportParser  *p,
                                      guint             line,
                                      const char       *format,
                                      ...) G_GNUC_PRINTF (3, 4);
/* TRUE when the job was cancelled or the sink stopped: parse() returns. */
gboolean    ioc_import_stopped       (IocImportParser  *p);

/* CSV through ioc_csv_stream(), or the part of a file the parser is given. */
gboolean    ioc_import_csv           (IocImportParser  *p,
                                      const char       *data,
                                      gsize             length,
                                      IocCsvRecordFunc  func,
                                      gpointer          user_data,
                                      GError          **error);

/* A row as named fields: CSV under its header, or one JSON object. */
typedef struct {
  const char *const *names;
  const char *const *values;
  guint              n;
  guint              line;
} IocImportRow;

/* The value of column @name: NULL when the row has no such column, ""
 * when it is empty. Surrounding spaces are not part of a value. */
const char *ioc_import_row_get       (const IocImportRow *row,
                                      const char         *name);

typedef gboolean (*IocImportHeaderFunc) (IocImportParser    *p,
                                         const char *const  *names,
                                         guint               n,
                                         GError            **error);
typedef void     (*IocImportRowFunc)    (IocImportParser    *p,
                                         const IocImportRow *row);

/* CSV (under a header) or, for kinds with IOC_IMPORT_JSON, a JSON array of
 * objects (or {"items": […]}/{"<kind>": […]}) whose members are the
 * columns; @header checks the CSV header and every JSON object's members
 * (a bad JSON object is a rejected row, a bad CSV header a format error). */
gboolean    ioc_import_parse_rows    (IocImportParser     *p,
                                      const char          *data,
                                      gsize                length,
                                      IocImportHeaderFunc  header,
                                      IocImportRowFunc     row,
                                      GError             **error);

/* Fails naming a column that appears twice, the first column not in
 * @known (NULL-terminated; NULL: any name) and the first of @required
 * that is missing. */
gboolean    ioc_import_check_columns (const char *const  *names,
                                      guint               n,
                                      const char *const  *known,
                                      const char *const  *required,
                                      GError            **error);

/* Field parsers: on a bad value they reject the row (line and reason)
 * and return FALSE. */
gboolean    ioc_import_int           (IocImportParser *p, guint line, const char *column,
                                      const char *text, gint64 min, gint64 max, gint64 *out);
gboolean    ioc_import_number        (IocImportParser *p, guint line, const char *column,
                                      const char *text, double min, double max, double *out);
gboolean    ioc_import_time          (IocImportParser *p, guint line, const char *column,
                                      const char *text, gint64 *out);
gboolean    ioc_import_date          (IocImportParser *p, guint line, const char *column,
                                      const char *text);
gboolean    ioc_import_text          (IocImportParser *p, guint line, const char *column,
                                      const char *text, gsize max_len, gboolean required);
/* The unit an id or name stands for on @date; rejects the row when unknown. */
const char *ioc_import_unit          (IocImportParser *p, guint line, const char *id,
                                      const char *name, const char *date);

/* ---- times, in province time (UTC+7) --------------------------------- */

#define IOC_PROVINCE_UTC_OFFSET (7 * 3600)

/* "2023-03-02 08:15[:30]", with 'T', optional fraction and zone (Z,
 * ±hh:mm, ±hhmm); "02/03/2023 08:15[:30]" (dd/mm/yyyy as the dossier
 * system prints it); a date alone is midnight. Times without a zone are
 * province time. Years 2000–2099. */
gboolean    ioc_import_parse_time    (const char  *text,
                                      gint64      *out);
/* Days since 1970-01-01 in province time. */
gint32      ioc_day_of_time          (gint64       unix_seconds);
gint64      ioc_time_of_day          (gint32       day);
/* "yyyy-mm-dd" ↔ day number; @buf has 11 bytes. */
void        ioc_day_format           (gint32       day,
                                      char        *buf);
gboolean    ioc_day_parse            (const char  *date,
                                      gint32      *out);
/* Today, province time. */
gint32      ioc_day_today            (gint64       now);

/* ---- the kinds (each in its own module) ------------------------------- */

extern const IocImportKind ioc_import_kind_dossier_records;      /* ioc-dossier.c */
extern const IocImportKind ioc_import_kind_dossier_summary;      /* ioc-import-tables.c */
extern const IocImportKind ioc_import_kind_dossier_daily;
extern const IocImportKind ioc_import_kind_reception_channels;
extern const IocImportKind ioc_import_kind_field_report_summary;
extern const IocImportKind ioc_import_kind_idesk_summary;
extern const IocImportKind ioc_import_kind_cameras;              /* ioc-import-cameras.c */
extern const IocImportKind ioc_import_kind_indicators;           /* ioc-indicators.c */

/* Shared by kinds: a store row whose key columns equal @filters (pairs of
 * column, value, NULL-terminated), or NULL. */
JsonObject *ioc_import_find_row      (IocStore         *store,
                                      const IocEntity  *entity,
                                      ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
