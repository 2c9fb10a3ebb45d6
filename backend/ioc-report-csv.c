/* ioc-report-csv.c — the weekly report's tables as CSV (ioc-report-pdf.h)
 *
 * One table per name, UTF-8, comma-separated, CRLF, quoted as RFC 4180
 * says; codes and ISO dates as the API has them, for spreadsheets.
 */
#define G_LOG_DOMAIN "iocd"

#include "ioc-report-pdf.h"
#include "ioc-report-private.h"

#include <gio/gio.h>
#include <string.h>

static const char *const table_names[] = {
  "overview", "dossiers-overdue", "ranking", "field-reports", "soc-categories", "camera-events", "indicators", NULL
};

const char *const *
ioc_report_table_names (void)
{
  return table_names;
}

static void
csv_field (GString    *out,
           const char *v,
           gboolean    last)
{
  if (v == NULL)
    v = "";
  if (strpbrk (v, ",\"\r\n") != NULL)
    {
      g_string_append_c (out, '"');
      for (const char *p = v; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, v);
  g_string_append (out, last ? "\r\n" : ",");
}

static void
csv_num (GString    *out,
         JsonObject *o,
         const char *member,
         gboolean    last)
{
  gint64 v;
  char buf[32] = "";

  if (num (o, member, &v))
    g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, v);
  csv_field (out, buf, last);
}

static void
csv_kpi (GString    *out,
         const char *service,
         const char *name,
         JsonObject *c)
{
  csv_field (out, service, FALSE);
  csv_field (out, name, FALSE);
  csv_num (out, c, "value", FALSE);
  csv_num (out, c, "previous", FALSE);
  csv_num (out, c, "change", TRUE);
}

char *
ioc_report_table_csv (JsonObject  *f,
                      const char  *name,
                      GError     **error)
{
  GString *out = g_string_new (NULL);
  JsonObject *ds = obj (f, "dossiers"), *fr = obj (f, "field_reports");
  JsonObject *soc = obj (f, "soc"), *cam = obj (f, "cameras");

  if (g_str_equal (name, "overview"))
    {
      g_string_append (out, "service,figure,value,previous,change\r\n");
      csv_kpi (out, "field_reports", "received", obj (fr, "received"));
      csv_kpi (out, "field_reports", "processed", obj (fr, "processed"));
      csv_kpi (out, "field_reports", "overdue", obj (fr, "overdue"));
      csv_kpi (out, "field_reports", "dissatisfied", obj (fr, "dissatisfied"));
      csv_kpi (out, "dossiers", "overdue", obj (ds, "overdue"));
      csv_kpi (out, "dossiers", "online_8h", obj (ds, "online_8h"));
      csv_kpi (out, "dossiers", "handled", obj (ds, "handled"));
      csv_kpi (out, "dossiers", "warning_tickets_issued", obj (obj (ds, "warning_tickets"), "issued"));
      csv_kpi (out, "dossiers", "warning_tickets_checked", obj (obj (ds, "warning_tickets"), "checked"));
      csv_kpi (out, "cameras", "ai_events", obj (cam, "ai_events"));
      csv_kpi (out, "soc", "alerts", obj (soc, "alerts"));
      csv_kpi (out, "soc", "severe", obj (soc, "severe"));
    }
  else if (g_str_equal (name, "dossiers-overdue"))
    {
      JsonArray *a = arr (ds, "by_agency");
      g_string_append_printf (out, "unit_id,unit_name,previous_date,previous,date,overdue,online_8h\r\n");
      for (guint i = 0; a != NULL && i < json_array_get_length (a); i++)
        {
          JsonObject *r = json_array_get_object_element (a, i);
          csv_field (out, str (r, "unit_id"), FALSE);
          csv_field (out, str (r, "name"), FALSE);
          csv_field (out, str (ds, "previous_date"), FALSE);
          csv_num (out, r, "previous", FALSE);
          csv_field (out, str (ds, "date"), FALSE);
          csv_num (out, r, "overdue", FALSE);
          csv_num (out, r, "online_8h", TRUE);
        }
    }
  else if (g_str_equal (name, "ranking"))
    {
      static const char *const metrics[] = { "ranking", "ranking_online_8h" };
      static const char *const lists[] = { "praise_zero", "praise_improved", "criticise" };
      g_string_append (out, "metric,list,unit_id,unit_name,period_from,first,period_to,last\r\n");
      for (guint m = 0; m < G_N_ELEMENTS (metrics); m++)
        {
          JsonObject *rank = obj (ds, metrics[m]);
          for (guint l = 0; rank != NULL && l < G_N_ELEMENTS (lists); l++)
            {
              JsonArray *a = arr (rank, lists[l]);
              for (guint i = 0; a != NULL && i < json_array_get_length (a); i++)
                {
                  JsonObject *r = json_array_get_object_element (a, i);
                  csv_field (out, m == 0 ? "overdue" : "online_8h", FALSE);
                  csv_field (out, lists[l], FALSE);
                  csv_field (out, str (r, "unit_id"), FALSE);
                  csv_field (out, str (r, "name"), FALSE);
                  csv_field (out, str (rank, "period_from"), FALSE);
                  csv_num (out, r, "first", FALSE);
                  csv_field (out, str (rank, "period_to"), FALSE);
                  csv_num (out, r, "last", TRUE);
                }
            }
        }
    }
  else if (g_str_equal (name, "field-reports"))
    {
      JsonArray *a = arr (fr, "by_unit");
      g_string_append (out, "unit_id,unit_name,received,processed,overdue,dissatisfied\r\n");
      for (guint i = 0; a != NULL && i < json_array_get_length (a); i++)
        {
          JsonObject *r = json_array_get_object_element (a, i);
          csv_field (out, str (r, "unit_id"), FALSE);
          csv_field (out, str (r, "name"), FALSE);
          csv_num (out, r, "received", FALSE);
          csv_num (out, r, "processed", FALSE);
          csv_num (out, r, "overdue", FALSE);
          csv_num (out, r, "dissatisfied", TRUE);
        }
    }
  else if (g_str_equal (name, "soc-categories") || g_str_equal (name, "camera-events"))
    {
      JsonArray *a = g_str_equal (name, "soc-categories") ? arr (soc, "by_category") : arr (cam, "ai_by_kind");
      g_string_append (out, g_str_equal (name, "soc-categories") ? "category,count,previous\r\n" : "kind,count,previous\r\n");
      for (guint i = 0; a != NULL && i < json_array_get_length (a); i++)
        {
          JsonObject *r = json_array_get_object_element (a, i);
          csv_field (out, str (r, "name"), FALSE);
          csv_num (out, r, "count", FALSE);
          csv_num (out, r, "previous", TRUE);
        }
    }
  else if (g_str_equal (name, "indicators"))
    {
      JsonArray *groups = arr (obj (f, "indicators"), "groups");
      g_string_append (out, "group_code,group_name,indicator,unit,month,value,target,anomalies_12_months\r\n");
      for (guint i = 0; groups != NULL && i < json_array_get_length (groups); i++)
        {
          JsonObject *g = json_array_get_object_element (groups, i);
          JsonObject *h = obj (g, "headline");
          double v;
          char buf[G_ASCII_DTOSTR_BUF_SIZE];

          csv_field (out, str (g, "group_code"), FALSE);
          csv_field (out, str (g, "name_vi"), FALSE);
          csv_field (out, str (h, "indicator"), FALSE);
          csv_field (out, str (h, "unit"), FALSE);
          csv_field (out, str (h, "month"), FALSE);
          csv_field (out, h != NULL && real (h, "value", &v) ? g_ascii_dtostr (buf, sizeof buf, v) : "", FALSE);
          csv_field (out, h != NULL && real (h, "target", &v) ? g_ascii_dtostr (buf, sizeof buf, v) : "", FALSE);
          csv_num (out, g, "anomalies", TRUE);
        }
    }
  else
    {
      g_string_free (out, TRUE);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no table “%s” in the weekly report", name);
      return NULL;
    }
  return g_string_free (out, FALSE);
}
