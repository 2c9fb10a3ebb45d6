/* ioc-import.c — period tables and daily counts */
#define G_LOG_DOMAIN "iocd-import"

#include "ioc-import.h"
#include "ioc-json.h"

#include <string.h>

char *
ioc_unit_resolve (IocStore   *store,
                  const char *unit_id,
                  const char *unit_name)
{
  if (unit_id != NULL && *unit_id != '\0')
    {
      g_autoptr(JsonObject) u = ioc_store_get (store, &ioc_entity_units, unit_id, FALSE, NULL);
      if (u != NULL)
        return g_strdup (unit_id);
    }
  if (unit_name != NULL && *unit_name != '\0')
    {
      g_autofree char *norm = ioc_name_normalize (unit_name);
      g_autoptr(JsonObject) alias = ioc_store_get (store, &ioc_entity_unit_names, norm, FALSE, NULL);
      if (alias != NULL)
        return g_strdup (json_object_get_string_member (alias, "unit_id"));
    }
  return NULL;
}

static char *
resolve_row (IocStore  *store,
             IocCsv    *csv,
             guint      row,
             GError   **error)
{
  int id_col = ioc_csv_column (csv, "unit_id");
  int name_col = ioc_csv_column (csv, "unit_name");
  const char *id = id_col >= 0 ? ioc_csv_get (csv, row, id_col) : NULL;
  const char *name = name_col >= 0 ? ioc_csv_get (csv, row, name_col) : NULL;
  char *unit = ioc_unit_resolve (store, id, name);

  if (unit == NULL)
    g_set_error (error, IOC_CSV_ERROR, IOC_CSV_ERROR_VALUE,
                 "line %u: unknown unit “%s” (add its spelling to the unit name map)",
                 ioc_csv_line (csv, row), id != NULL && *id ? id : name != NULL ? name : "");
  return unit;
}

static gboolean
emit_completed (IocStore    *store,
                const char  *kind,
                guint        rows,
                GError     **error)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "kind", kind);
  json_object_set_int_member (o, "rows", rows);
  json_node_take_object (node, o);
  return ioc_store_append_event (store, "import.completed", node, error) > 0;
}

gboolean
ioc_import_period_table (IocStore         *store,
                         IocCsv           *csv,
                         const char       *domain,
                         const char       *from,
                         const char       *to,
                         const char       *source,
                         IocImportResult  *result,
                         GError          **error)
{
  static const char *const not_metrics[] = { "row_no", "unit_id", "unit_name", "source_table", NULL };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  gint64 dummy;

  memset (result, 0, sizeof *result);
  result->read = csv->rows->len;
  if (ioc_csv_column (csv, "unit_id") < 0 && ioc_csv_column (csv, "unit_name") < 0)
    {
      g_set_error_literal (error, IOC_CSV_ERROR, IOC_CSV_ERROR_HEADER,
                           "line 1: a unit_id or unit_name column is required");
      return FALSE;
    }
  if (!ioc_time_parse (from, NULL, &dummy) || !ioc_time_parse (to, NULL, &dummy) || strcmp (from, to) > 0)
    {
      g_set_error (error, IOC_CSV_ERROR, IOC_CSV_ERROR_VALUE,
                   "the period %s..%s is not two dates in order", from, to);
      return FALSE;
    }

  for (guint r = 0; r < csv->rows->len; r++)
    {
      g_autofree char *unit = resolve_row (store, csv, r, error);
      if (unit == NULL)
        {
          result->rejected++;
          return FALSE;
        }
      for (int c = 0; csv->header[c] != NULL; c++)
        {
          double v;
          JsonObject *o;

          if (g_strv_contains (not_metrics, csv->header[c]))
            continue;
          if (!ioc_csv_get_double (csv, r, c, &v, error))
            {
              result->rejected++;
              return FALSE;
            }
          o = json_object_new ();
          json_object_set_string_member (o, "domain", domain);
          json_object_set_string_member (o, "unit_id", unit);
          json_object_set_string_member (o, "period_from", from);
          json_object_set_string_member (o, "period_to", to);
          json_object_set_string_member (o, "metric", csv->header[c]);
          json_object_set_double_member (o, "value", v);
          if (source != NULL)
            json_object_set_string_member (o, "source", source);
          g_ptr_array_add (rows, o);
        }
    }

  if (!ioc_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    if (!ioc_store_upsert (store, &ioc_entity_period_stats, g_ptr_array_index (rows, i), error))
      {
        ioc_store_rollback (store);
        return FALSE;
      }
  if (!emit_completed (store, domain, csv->rows->len, error))
    {
      ioc_store_rollback (store);
      return FALSE;
    }
  if (!ioc_store_commit (store, error))
    return FALSE;
  result->imported = csv->rows->len;
  return TRUE;
}

gboolean
ioc_import_daily_counts (IocStore         *store,
                         IocCsv           *csv,
                         const char       *origin,
                         IocImportResult  *result,
                         GError          **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  int date_col = ioc_csv_column (csv, "date");
  gboolean any_metric = FALSE;

  memset (result, 0, sizeof *result);
  result->read = csv->rows->len;
  if (date_col < 0)
    {
      g_set_error_literal (error, IOC_CSV_ERROR, IOC_CSV_ERROR_HEADER, "line 1: the column “date” is missing");
      return FALSE;
    }
  for (int c = 0; csv->header[c] != NULL; c++)
    any_metric |= g_str_has_suffix (csv->header[c], "_count");
  if (!any_metric)
    {
      g_set_error_literal (error, IOC_CSV_ERROR, IOC_CSV_ERROR_HEADER,
                           "line 1: no <metric>_count column (e.g. overdue_count)");
      return FALSE;
    }

  for (guint r = 0; r < csv->rows->len; r++)
    {
      g_autofree char *unit = resolve_row (store, csv, r, error);
      const char *date = ioc_csv_get (csv, r, date_col);
      gint64 t;

      if (unit == NULL)
        {
          result->rejected++;
          return FALSE;
        }
      if (date == NULL || strlen (date) != 10 || !ioc_time_parse (date, NULL, &t))
        {
          g_set_error (error, IOC_CSV_ERROR, IOC_CSV_ERROR_VALUE,
                       "line %u: date must be yyyy-mm-dd, not “%s”", ioc_csv_line (csv, r), date ? date : "");
          result->rejected++;
          return FALSE;
        }
      for (int c = 0; csv->header[c] != NULL; c++)
        {
          g_autofree char *metric = NULL;
          gint64 v;
          JsonObject *o;

          if (!g_str_has_suffix (csv->header[c], "_count"))
            continue;
          if (!ioc_csv_get_int (csv, r, c, &v, error))
            {
              result->rejected++;
              return FALSE;
            }
          if (v < 0)
            {
              g_set_error (error, IOC_CSV_ERROR, IOC_CSV_ERROR_VALUE,
                           "line %u: %s cannot be negative", ioc_csv_line (csv, r), csv->header[c]);
              result->rejected++;
              return FALSE;
            }
          metric = g_strndup (csv->header[c], strlen (csv->header[c]) - strlen ("_count"));
          o = json_object_new ();
          json_object_set_string_member (o, "unit_id", unit);
          json_object_set_string_member (o, "date", date);
          json_object_set_string_member (o, "metric", metric);
          json_object_set_int_member (o, "value", v);
          json_object_set_string_member (o, "origin", origin);
          g_ptr_array_add (rows, o);
        }
    }

  if (!ioc_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    if (!ioc_store_upsert (store, &ioc_entity_dossier_stats, g_ptr_array_index (rows, i), error))
      {
        ioc_store_rollback (store);
        return FALSE;
      }
  if (!emit_completed (store, "dossier-daily", csv->rows->len, error))
    {
      ioc_store_rollback (store);
      return FALSE;
    }
  if (!ioc_store_commit (store, error))
    return FALSE;
  result->imported = csv->rows->len;
  return TRUE;
}
