/* ioc-csv.c — CSV reading on libcsv (Debian's libcsv3) */
#include "ioc-csv.h"

#include <csv.h>
#include <gio/gio.h>
#include <string.h>

G_DEFINE_QUARK (ioc-csv-error-quark, ioc_csv_error)

/* One record at a time: the fields are copied, NUL-terminated, into one
 * reusable buffer, so that a file of millions of records costs no more
 * memory than its longest record. */
typedef struct {
  IocCsvRecordFunc func;
  gpointer         user_data;
  GString         *buf;
  GArray          *offsets;     /* gsize: start of each field in buf */
  GPtrArray       *ptrs;        /* the fields handed to func */
  guint            line;        /* current line (1-based) */
  guint            record_line;
  guint            last_end_line;   /* the line the last record ended on */
  gboolean         header_done;
  gboolean         stopped;
  GError          *error;
} Stream;

static void
on_field (void   *data,
          size_t  len,
          void   *user_data)
{
  Stream *s = user_data;
  gsize off;

  if (s->stopped)
    return;
  if (s->offsets->len == 0)
    s->record_line = s->line;
  off = s->buf->len;
  g_array_append_val (s->offsets, off);
  if (data != NULL && len > 0)
    g_string_append_len (s->buf, data, len);
  g_string_append_c (s->buf, '\0');
}

static void
on_record (int   c,
           void *user_data)
{
  Stream *s = user_data;
  guint n = s->offsets->len;

  if (s->stopped || n == 0)
    goto reset;
  /* libcsv reports a blank line as a record of one empty field: skip it. */
  if (n == 1 && s->buf->str[0] == '\0')
    goto reset;

  g_ptr_array_set_size (s->ptrs, 0);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (s->ptrs, s->buf->str + g_array_index (s->offsets, gsize, i));
  g_ptr_array_add (s->ptrs, NULL);

  if (!s->header_done)
    {
      char *first = s->ptrs->pdata[0];
      g_strchomp (first);
      /* A UTF-8 byte order mark is not part of the first column's name. */
      if (g_str_has_prefix (first, "\xEF\xBB\xBF"))
        s->ptrs->pdata[0] = first + 3;
    }
  if (!s->func ((const char *const *) s->ptrs->pdata, n, s->record_line, !s->header_done,
                s->user_data, &s->error))
    {
      s->stopped = TRUE;
      if (s->error == NULL)
        g_set_error (&s->error, IOC_CSV_ERROR, IOC_CSV_ERROR_VALUE, "line %u: refused", s->record_line);
    }
  s->header_done = TRUE;

reset:
  s->last_end_line = s->line;
  g_string_truncate (s->buf, 0);
  g_array_set_size (s->offsets, 0);
}

static guint
first_invalid_line (const char *data,
                    gsize       length)
{
  const char *end = NULL;
  guint line = 1;

  g_utf8_validate_len (data, length, &end);
  for (const char *p = data; p < end; p++)
    if (*p == '\n')
      line++;
  return line;
}

/* Feeds @data line by line so that errors know their line. */
static void
feed (struct csv_parser *parser,
      Stream            *s,
      const char        *data,
      gsize              length)
{
  gsize start = 0;

  while (start < length && !s->stopped)
    {
      const char *nl = memchr (data + start, '\n', length - start);
      gsize chunk = nl != NULL ? (gsize) (nl - (data + start)) + 1 : length - start;

      if (csv_parse (parser, data + start, chunk, on_field, on_record, s) != chunk)
        {
          /* on_record may have failed the same chunk first: keep its error. */
          if (s->error == NULL)
            g_set_error (&s->error, IOC_CSV_ERROR, IOC_CSV_ERROR_SYNTAX, "line %u: %s",
                         s->line, csv_strerror (csv_error (parser)));
          s->stopped = TRUE;
          break;
        }
      start += chunk;
      if (nl != NULL)
        s->line++;
    }
}

gboolean
ioc_csv_stream (const char        *data,
                gsize              length,
                IocCsvRecordFunc   func,
                gpointer           user_data,
                GError           **error)
{
  return ioc_csv_stream_from (NULL, 0, data, length, 1, func, user_data, error);
}

gboolean
ioc_csv_stream_from (const char        *header,
                     gsize              header_length,
                     const char        *data,
                     gsize              length,
                     guint              first_line,
                     IocCsvRecordFunc   func,
                     gpointer           user_data,
                     GError           **error)
{
  struct csv_parser parser;
  Stream s = { 0 };

  if (header != NULL && !g_utf8_validate_len (header, header_length, NULL))
    {
      g_set_error (error, IOC_CSV_ERROR, IOC_CSV_ERROR_ENCODING,
                   "line 1: not valid UTF-8 (save the file as UTF-8)");
      return FALSE;
    }
  if (!g_utf8_validate_len (data, length, NULL))
    {
      g_set_error (error, IOC_CSV_ERROR, IOC_CSV_ERROR_ENCODING,
                   "line %u: not valid UTF-8 (save the file as UTF-8)",
                   (header != NULL ? first_line - 1 : 0) + first_invalid_line (data, length));
      return FALSE;
    }
  if (csv_init (&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
    {
      g_set_error_literal (error, IOC_CSV_ERROR, IOC_CSV_ERROR_SYNTAX, "cannot initialise the CSV parser");
      return FALSE;
    }
  s.func = func;
  s.user_data = user_data;
  s.buf = g_string_sized_new (256);
  s.offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  s.ptrs = g_ptr_array_new ();
  s.line = 1;

  if (header != NULL)
    {
      feed (&parser, &s, header, header_length);
      s.line = first_line;
      s.last_end_line = first_line - 1;
    }
  feed (&parser, &s, data, length);
  /* An error at the end (a quote never closed) belongs to the record
   * after the last complete one. */
  if (!s.stopped && csv_fini (&parser, on_field, on_record, &s) != 0 && s.error == NULL)
    g_set_error (&s.error, IOC_CSV_ERROR, IOC_CSV_ERROR_SYNTAX, "line %u: %s",
                 MIN (s.last_end_line + 1, s.line), csv_strerror (csv_error (&parser)));
  csv_free (&parser);
  g_string_free (s.buf, TRUE);
  g_array_unref (s.offsets);
  g_ptr_array_unref (s.ptrs);

  if (s.error != NULL)
    {
      g_propagate_error (error, s.error);
      return FALSE;
    }
  if (!s.header_done)
    {
      g_set_error_literal (error, IOC_CSV_ERROR, IOC_CSV_ERROR_HEADER, "line 1: the file is empty, a header row is required");
      return FALSE;
    }
  return TRUE;
}

static gboolean
collect_record (const char *const  *fields,
                guint               n,
                guint               line,
                gboolean            is_header,
                gpointer            user_data,
                GError            **error)
{
  IocCsv *csv = user_data;

  if (is_header)
    {
      csv->header = g_strdupv ((char **) fields);
      return TRUE;
    }
  if (n != g_strv_length (csv->header))
    {
      g_set_error (error, IOC_CSV_ERROR, IOC_CSV_ERROR_COLUMNS,
                   "line %u: %u fields, the header has %u", line, n, g_strv_length (csv->header));
      return FALSE;
    }
  g_ptr_array_add (csv->rows, g_strdupv ((char **) fields));
  g_array_append_val (csv->lines, line);
  return TRUE;
}

IocCsv *
ioc_csv_parse (const char  *data,
               gsize        length,
               GError     **error)
{
  g_autoptr(IocCsv) csv = g_new0 (IocCsv, 1);

  csv->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  csv->lines = g_array_new (FALSE, FALSE, sizeof (guint));
  if (!ioc_csv_stream (data, length, collect_record, csv, error))
    return NULL;
  return g_steal_pointer (&csv);
}

IocCsv *
ioc_csv_load (const char  *path,
              GError     **error)
{
  g_autofree char *data = NULL;
  gsize len;
  IocCsv *csv;

  if (!g_file_get_contents (path, &data, &len, error))
    return NULL;
  csv = ioc_csv_parse (data, len, error);
  if (csv == NULL)
    g_prefix_error (error, "%s: ", path);
  return csv;
}

void
ioc_csv_free (IocCsv *csv)
{
  if (csv == NULL)
    return;
  g_strfreev (csv->header);
  g_clear_pointer (&csv->rows, g_ptr_array_unref);
  g_clear_pointer (&csv->lines, g_array_unref);
  g_free (csv);
}

int
ioc_csv_column (IocCsv     *csv,
                const char *name)
{
  for (int i = 0; csv->header[i] != NULL; i++)
    if (g_str_equal (csv->header[i], name))
      return i;
  return -1;
}

gboolean
ioc_csv_require (IocCsv             *csv,
                 const char *const  *columns,
                 GError            **error)
{
  for (guint i = 0; columns[i] != NULL; i++)
    if (ioc_csv_column (csv, columns[i]) < 0)
      {
        g_set_error (error, IOC_CSV_ERROR, IOC_CSV_ERROR_HEADER,
                     "line 1: the column “%s” is missing", columns[i]);
        return FALSE;
      }
  return TRUE;
}

const char *
ioc_csv_get (IocCsv *csv,
             guint   row,
             int     column)
{
  GStrv fields;

  if (row >= csv->rows->len || column < 0)
    return NULL;
  fields = g_ptr_array_index (csv->rows, row);
  return fields[column];
}

guint
ioc_csv_line (IocCsv *csv,
              guint   row)
{
  return g_array_index (csv->lines, guint, row);
}

gboolean
ioc_csv_get_int (IocCsv  *csv,
                 guint    row,
                 int      column,
                 gint64  *out,
                 GError **error)
{
  const char *text = ioc_csv_get (csv, row, column);
  char *end = NULL;

  if (text != NULL && *text != '\0')
    {
      *out = g_ascii_strtoll (text, &end, 10);
      if (end != text && *end == '\0')
        return TRUE;
    }
  g_set_error (error, IOC_CSV_ERROR, IOC_CSV_ERROR_VALUE,
               "line %u: %s must be an integer, not “%s”", ioc_csv_line (csv, row),
               column >= 0 ? csv->header[column] : "?", text != NULL ? text : "");
  return FALSE;
}

gboolean
ioc_csv_get_double (IocCsv  *csv,
                    guint    row,
                    int      column,
                    double  *out,
                    GError **error)
{
  const char *text = ioc_csv_get (csv, row, column);
  char *end = NULL;

  if (text != NULL && *text != '\0')
    {
      *out = g_ascii_strtod (text, &end);
      if (end != text && *end == '\0')
        return TRUE;
    }
  g_set_error (error, IOC_CSV_ERROR, IOC_CSV_ERROR_VALUE,
               "line %u: %s must be a number, not “%s”", ioc_csv_line (csv, row),
               column >= 0 ? csv->header[column] : "?", text != NULL ? text : "");
  return FALSE;
}
