/* ioc-csv.h — RFC 4180 CSV through libcsv, with a header row
 *
 * Two entry points a fuzzer can call: ioc_csv_parse() reads a whole table
 * into memory (small reference tables), ioc_csv_stream() hands over one
 * record at a time without keeping any (dossier exports of millions of
 * rows). For ioc_csv_parse every record must have as many fields as the
 * header; the whole input must be UTF-8. Errors name the line (1-based,
 * counting the header as line 1) and the reason.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define IOC_CSV_ERROR (ioc_csv_error_quark ())
GQuark ioc_csv_error_quark (void);

typedef enum {
  IOC_CSV_ERROR_SYNTAX,       /* unterminated quote, ... */
  IOC_CSV_ERROR_ENCODING,     /* not UTF-8 */
  IOC_CSV_ERROR_COLUMNS,      /* wrong number of fields */
  IOC_CSV_ERROR_HEADER,       /* a required column is missing */
  IOC_CSV_ERROR_VALUE,        /* a field has a wrong value (set by callers) */
} IocCsvError;

typedef struct {
  GStrv      header;       /* column names */
  GPtrArray *rows;         /* of GStrv, each g_strv_length (header) long */
  GArray    *lines;        /* guint: source line of each row */
} IocCsv;

/* Called for the header (@is_header TRUE) and then for every record, with
 * the line the record starts on. @fields (NULL-terminated, @n_fields long)
 * is valid during the call only. Return FALSE, with @error set, to stop. */
typedef gboolean (*IocCsvRecordFunc) (const char *const  *fields,
                                      guint               n_fields,
                                      guint               line,
                                      gboolean            is_header,
                                      gpointer            user_data,
                                      GError            **error);

/* Streams @data to @func. Checks the encoding (all of it, before the first
 * call) and the CSV syntax; the field count is the callback's business.
 * Blank lines are skipped; a UTF-8 byte order mark before the header is
 * dropped. */
gboolean    ioc_csv_stream        (const char       *data,
                                   gsize             length,
                                   IocCsvRecordFunc  func,
                                   gpointer          user_data,
                                   GError          **error);
/* The same for a part of a file: @header (the file's first record, with
 * its line end) and then @data, whose first line is line @first_line of
 * the file. For validating a large file in pieces. */
gboolean    ioc_csv_stream_from   (const char       *header,
                                   gsize             header_length,
                                   const char       *data,
                                   gsize             length,
                                   guint             first_line,
                                   IocCsvRecordFunc  func,
                                   gpointer          user_data,
                                   GError          **error);
IocCsv     *ioc_csv_parse         (const char  *data,
                                   gsize        length,
                                   GError     **error);
IocCsv     *ioc_csv_load          (const char  *path,
                                   GError     **error);
void        ioc_csv_free          (IocCsv      *csv);
/* Column index, or -1. */
int         ioc_csv_column        (IocCsv      *csv,
                                   const char  *name);
/* Fails with IOC_CSV_ERROR_HEADER naming the first missing column. */
gboolean    ioc_csv_require       (IocCsv      *csv,
                                   const char  *const *columns,
                                   GError     **error);
const char *ioc_csv_get           (IocCsv      *csv,
                                   guint        row,
                                   int          column);
guint       ioc_csv_line          (IocCsv      *csv,
                                   guint        row);
/* Integer field; sets IOC_CSV_ERROR_VALUE with line and column otherwise. */
gboolean    ioc_csv_get_int       (IocCsv      *csv,
                                   guint        row,
                                   int          column,
                                   gint64      *out,
                                   GError     **error);
gboolean    ioc_csv_get_double    (IocCsv      *csv,
                                   guint        row,
                                   int          column,
                                   double      *out,
                                   GError     **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IocCsv, ioc_csv_free)

G_END_DECLS
