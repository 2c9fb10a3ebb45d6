/* ioc-csv.c — CSV reading on libcsv (Debian's libcsv3) */
#include "ioc-csv.h"

#include <csv.h>
#include <gio/gio.h>
#include <string.h>

G_DEFINE_QUARK (ioc-csv-error-quark, ioc_csv_error)

typedef struct {
  IocCsv    *csv;
  GPtrArray *fields;    /* the record being read */
  guint      line;      /* current line (1-based) */
  guint      record_line;
  GError    *error;
} Reader;

static void
on_field (void   *data,
          size_t  len,
          void   *user_data)
{
  Reader *r = user_data;

  if (r->error != NULL)
    return;
  if (r->fields->len == 0)
    r->record_line = r->line;
  g_ptr_array_add (r->fields, g_strndup (data != NULL ? data : "", len));
}

static void
on_record (int   c,
           void *user_data)
{
  Reader *r = user_data;
  GStrv fields;
  guint n;

  if (r->error != NULL)
    {
      g_ptr_array_set_size (r->fields, 0);
      return;
    }
  n = r->fields->len;
  /* libcsv reports a blank line as a record of one empty field: skip it. */
  if (n == 0 || (n == 1 && *(char *) g_ptr_array_index (r->fields, 0) == '\0'))
    {
      g_ptr_array_set_size (r->fields, 0);
      return;
    }
  g_ptr_array_add (r->fields, NULL);
  fields = (GStrv) g_ptr_array_steal (r->fields, NULL);
  g_ptr_array_set_free_func (r->fields, g_free);

  if (r->csv->header == NULL)
    {
      if (n > 0)
        g_strchomp (fields[0]);
      /* A UTF-8 byte order mark is not part of the first column's name. */
      if (n > 0 && g_str_has_prefix (fields[0], "\xEF\xBB\xBF"))
        memmove (fields[0], fields[0] + 3, strlen (fields[0]) - 2);
      r->csv->header = fields;
      return;
    }
  if (n != g_strv_length (r->csv->header))
    {
      g_set_error (&r->error, IOC_CSV_ERROR, IOC_CSV_ERROR_COLUMNS,
                   "line %u: %u fields, the header has %u", r->record_line, n,
                   g_strv_length (r->csv->header));
      g_strfreev (fields);
      return;
    }
  g_ptr_array_add (r->csv->rows, fields);
  g_array_append_val (r->csv->lines, r->record_line);
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

IocCsv *
ioc_csv_parse (const char  *data,
               gsize        length,
               GError     **error)
{
  struct csv_parser parser;
  Reader r = { 0 };
  g_autoptr(IocCsv) csv = g_new0 (IocCsv, 1);
  gsize start = 0;

  if (!g_utf8_validate_len (data, length, NULL))
    {
      g_set_error (error, IOC_CSV_ERROR, IOC_CSV_ERROR_ENCODING,
                   "line %u: not valid UTF-8 (save the file as UTF-8)", first_invalid_line (data, length));
      return NULL;
    }

  csv->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  csv->lines = g_array_new (FALSE, FALSE, sizeof (guint));
  r.csv = csv;
  r.fields = g_ptr_array_new_with_free_func (g_free);
  r.line = 1;

  if (csv_init (&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
    {
      g_set_error_literal (error, IOC_CSV_ERROR, IOC_CSV_ERROR_SYNTAX, "cannot initialise the CSV parser");
      g_ptr_array_unref (r.fields);
      return NULL;
    }

  /* Feed line by line so that errors know their line. */
  while (start < length && r.error == NULL)
    {
      const char *nl = memchr (data + start, '\n', length - start);
      gsize chunk = nl != NULL ? (gsize) (nl - (data + start)) + 1 : length - start;

      if (csv_parse (&parser, data + start, chunk, on_field, on_record, &r) != chunk)
        {
          /* on_record may have failed the same chunk first: keep its error. */
          if (r.error == NULL)
              g_set_error (&r.error, IOC_CSV_ERROR, IOC_CSV_ERROR_SYNTAX, "line %u: %s",
                         r.line, csv_strerror (csv_error (&parser)));
          break;
        }
      start += chunk;
      if (nl != NULL)
        r.line++;
    }
  if (r.error == NULL && csv_fini (&parser, on_field, on_record, &r) != 0)
    g_set_error (&r.error, IOC_CSV_ERROR, IOC_CSV_ERROR_SYNTAX, "line %u: %s",
                 r.line, csv_strerror (csv_error (&parser)));
  csv_free (&parser);
  g_ptr_array_unref (r.fields);

  if (r.error != NULL)
    {
      g_propagate_error (error, r.error);
      return NULL;
    }
  if (csv->header == NULL)
    {
      g_set_error_literal (error, IOC_CSV_ERROR, IOC_CSV_ERROR_HEADER, "line 1: the file is empty, a header row is required");
      return NULL;
    }
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
