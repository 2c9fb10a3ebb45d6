/* ioc-import-tables.c — the tables the province's reports print
 *
 * Period tables (one row per unit over a period given at import, numeric
 * columns) → period_stats, keyed by (domain, unit, period, metric):
 *
 *   dossier-summary       domain "dossier": the period table of the dossier
 *                         system (received_total … online_over_8h_not_received)
 *                         or the 2018 shape (received, resolved,
 *                         resolved_on_time[_pct], resolved_late[_pct])
 *   reception-channels    domain "dossier": received_total, received_direct,
 *                         received_postal, received_online_partial,
 *                         received_online_full, online_rate_pct
 *   field-report-summary  domain "field_report": received, forwarded,
 *                         processed, overdue_unprocessed,
 *                         pending_within_deadline, not_eligible, dissatisfied
 *
 * Counts are whole numbers ≥ 0, *_pct columns numbers from 0 to 100, kept
 * as printed (the sources contradict themselves in places, see
 * data/demo/README.md: an import stores what was printed, it does not
 * "correct" it). A `source_table` column ("Bảng 2") is kept in the rows'
 * source, after the file name.
 *
 * Daily counts (dossier-daily): unit_id or unit_name, date, and one or more
 * <metric>_count columns (overdue_count, online_over_8h_count, …) →
 * dossier_stats (origin 'imported'), keyed by (unit, date, metric). Each is
 * a snapshot of that day. A printed count replaces a count computed from
 * records for the same cell (ioc-dossier.h).
 */
#define G_LOG_DOMAIN "iocd-import"

#include "ioc-import-private.h"
#include "ioc-dossier.h"
#include "ioc-json.h"

#include <math.h>
#include <string.h>

typedef struct {
  const char        *domain;
  const char *const *metrics;   /* NULL: every other column is a metric */
} TableSpec;

static const char *const not_metrics[] = { "row_no", "unit_id", "unit_name", "source_table", NULL };

static const char *const summary_metrics[] = {
  "received_total", "received_carried_over", "received_new",
  "resolved_total", "resolved_early", "resolved_on_time", "resolved_late",
  "pending_total", "pending_within_deadline", "pending_overdue",
  "online_over_8h_not_received",
  /* the 2018 shape (igate_2018q1_by_agency.csv) */
  "received", "resolved", "resolved_on_time_pct", "resolved_late_pct",
  NULL
};

static const char *const channel_metrics[] = {
  "received_total", "received_direct", "received_postal",
  "received_online_partial", "received_online_full", "online_rate_pct", NULL
};

static const char *const field_report_metrics[] = {
  "received", "forwarded", "processed", "overdue_unprocessed",
  "pending_within_deadline", "not_eligible", "dissatisfied", NULL
};

static const TableSpec summary_spec = { "dossier", summary_metrics };
static const TableSpec channel_spec = { "dossier", channel_metrics };
static const TableSpec field_report_spec = { "field_report", field_report_metrics };
static const TableSpec idesk_spec = { "idesk", NULL };

typedef struct {
  const char *unit_id;
  const char *metric;
  const char *source;
  double      value;
  guint       line;
  gboolean    last_of_row;
} PeriodRecord;

typedef struct {
  GPtrArray *metrics;     /* column names that are metrics */
  GArray    *columns;     /* their indices */
} TableParse;

static void
table_parse_free (TableParse *t)
{
  g_ptr_array_unref (t->metrics);
  g_array_unref (t->columns);
  g_free (t);
}

static gboolean
is_count (const char *metric)
{
  return !g_str_has_suffix (metric, "_pct");
}

static gboolean
period_header (IocImportParser    *p,
               const char *const  *names,
               guint               n,
               GError            **error)
{
  const TableSpec *spec = p->kind->spec;
  TableParse *t;

  if (!g_strv_contains (names, "unit_id") && !g_strv_contains (names, "unit_name"))
    {
      g_set_error_literal (error, IOC_IMPORT_ERROR, IOC_IMPORT_ERROR_FORMAT,
                           "a unit_id or unit_name column is required");
      return FALSE;
    }
  if (spec->metrics == NULL && !ioc_import_check_columns (names, n, NULL, NULL, error))
    return FALSE;
  if (spec->metrics != NULL)
    {
      g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
      g_auto(GStrv) known = NULL;
      g_strv_builder_addv (b, (const char **) not_metrics);
      g_strv_builder_addv (b, (const char **) spec->metrics);
      known = g_strv_builder_end (b);
      if (!ioc_import_check_columns (names, n, (const char *const *) known, NULL, error))
        return FALSE;
    }
  t = g_new0 (TableParse, 1);
  t->metrics = g_ptr_array_new_with_free_func (g_free);
  t->columns = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < n; i++)
    if (!g_strv_contains (not_metrics, names[i]))
      {
        g_ptr_array_add (t->metrics, g_strdup (names[i]));
        g_array_append_val (t->columns, i);
      }
  if (t->metrics->len == 0)
    {
      table_parse_free (t);
      g_set_error_literal (error, IOC_IMPORT_ERROR, IOC_IMPORT_ERROR_FORMAT, "the table has no figures (no metric column)");
      return FALSE;
    }
  if (p->kind_data != NULL)
    table_parse_free (p->kind_data);
  p->kind_data = t;
  return TRUE;
}

static void
period_row (IocImportParser    *p,
            const IocImportRow *row)
{
  TableParse *t = p->kind_data;
  const char *table = ioc_import_row_get (row, "source_table");
  const char *unit = ioc_import_unit (p, row->line, ioc_import_row_get (row, "unit_id"),
                                      ioc_import_row_get (row, "unit_name"), p->opts->period_from);
  g_autofree PeriodRecord *recs = NULL;
  g_autofree char *source = NULL;

  if (unit == NULL)
    return;
  recs = g_new0 (PeriodRecord, t->metrics->len);
  for (guint m = 0; m < t->metrics->len; m++)
    {
      const char *metric = g_ptr_array_index (t->metrics, m);
      const char *text = row->values[g_array_index (t->columns, guint, m)];
      gint64 n;

      if (is_count (metric))
        {
          if (!ioc_import_int (p, row->line, metric, text, 0, G_GINT64_CONSTANT (1000000000), &n))
            return;
          recs[m].value = (double) n;
        }
      else if (!ioc_import_number (p, row->line, metric, text, 0, 100, &recs[m].value))
        return;
    }
  source = table != NULL && *table != '\0' ?
           g_strdup_printf ("%s — %s", p->opts->file_name != NULL ? p->opts->file_name : "import", table) :
           g_strdup (p->opts->file_name);
  for (guint m = 0; m < t->metrics->len; m++)
    {
      recs[m].unit_id = ioc_import_intern (p, unit);
      recs[m].metric = ioc_import_intern (p, g_ptr_array_index (t->metrics, m));
      recs[m].source = ioc_import_intern (p, source);
      recs[m].line = row->line;
      recs[m].last_of_row = m + 1 == t->metrics->len;
      ioc_import_emit (p, &recs[m]);
    }
}

static gboolean
period_parse (IocImportParser  *p,
              const char       *data,
              gsize             length,
              GError          **error)
{
  gboolean ok = ioc_import_parse_rows (p, data, length, period_header, period_row, error);

  g_clear_pointer (&p->kind_data, table_parse_free);
  return ok;
}

/* Whether the CSV row being written changed anything (its records may
 * straddle two batches). */
typedef struct {
  gboolean row_changed;
} RowState;

static gpointer
row_state_begin (IocImportWriter  *w,
                 GError          **error)
{
  return g_new0 (RowState, 1);
}

static void
count_row (IocImportWriter *w,
           gboolean         changed,
           gboolean         last)
{
  RowState *s = w->state;

  s->row_changed |= changed;
  if (!last)
    return;
  if (s->row_changed)
    w->result->imported++;
  else
    w->result->unchanged++;
  s->row_changed = FALSE;
}

static gboolean
period_write (IocImportWriter  *w,
              IocImportBatch   *batch,
              GError          **error)
{
  const TableSpec *spec = w->kind->spec;

  for (guint i = 0; i < batch->records->len; i++)
    {
      const PeriodRecord *r = &g_array_index (batch->records, PeriodRecord, i);
      g_autoptr(JsonObject) old = ioc_import_find_row (w->store, &ioc_entity_period_stats,
                                                       "domain", spec->domain, "unit_id", r->unit_id,
                                                       "period_from", w->opts->period_from,
                                                       "period_to", w->opts->period_to,
                                                       "metric", r->metric, NULL);
      gboolean same = old != NULL &&
                      json_object_get_double_member (old, "value") == r->value &&
                      g_strcmp0 (json_object_get_string_member_with_default (old, "source", NULL), r->source) == 0;

      if (!same)
        {
          g_autoptr(JsonObject) o = json_object_new ();
          json_object_set_string_member (o, "domain", spec->domain);
          json_object_set_string_member (o, "unit_id", r->unit_id);
          json_object_set_string_member (o, "period_from", w->opts->period_from);
          json_object_set_string_member (o, "period_to", w->opts->period_to);
          json_object_set_string_member (o, "metric", r->metric);
          json_object_set_double_member (o, "value", r->value);
          if (r->source != NULL)
            json_object_set_string_member (o, "source", r->source);
          if (!ioc_store_upsert (w->store, &ioc_entity_period_stats, o, error))
            return FALSE;
        }
      count_row (w, !same, r->last_of_row);
    }
  return TRUE;
}

#define PERIOD_KIND(sym, kname, ktitle, kcolumns, ksource, kflags, kspec) \
  const IocImportKind sym = { \
    kname, ktitle, kcolumns, ksource, IOC_IMPORT_NEEDS_PERIOD | (kflags), sizeof (PeriodRecord), \
    period_parse, row_state_begin, period_write, NULL, g_free, &kspec, \
  }

PERIOD_KIND (ioc_import_kind_dossier_summary, "dossier-summary",
             "Dossiers per agency over a period (the dossier system's period table, or the 2018 shape)",
             "unit_id|unit_name, received_total, received_carried_over, received_new, resolved_total, "
             "resolved_early, resolved_on_time, resolved_late, pending_total, pending_within_deadline, "
             "pending_overdue, online_over_8h_not_received — or received, resolved, resolved_on_time, "
             "resolved_on_time_pct, resolved_late, resolved_late_pct (any subset; row_no, source_table kept)",
             "dossiers", 0, summary_spec);
PERIOD_KIND (ioc_import_kind_reception_channels, "reception-channels",
             "Dossiers received per channel and agency over a period",
             "unit_id|unit_name, received_total, received_direct, received_postal, received_online_partial, "
             "received_online_full, online_rate_pct (row_no, source_table kept)",
             "dossiers", 0, channel_spec);
PERIOD_KIND (ioc_import_kind_field_report_summary, "field-report-summary",
             "Field reports per unit over a period",
             "unit_id|unit_name, received, forwarded, processed, overdue_unprocessed, pending_within_deadline, "
             "not_eligible, dissatisfied (row_no kept)",
             NULL, 0, field_report_spec);
/* iDesk documents (the demo's 2018 table): any numeric column. */
PERIOD_KIND (ioc_import_kind_idesk_summary, "idesk-summary",
             "Electronic documents exchanged per agency over a period",
             "unit_id|unit_name and numeric columns", NULL, IOC_IMPORT_HIDDEN, idesk_spec);

/* ---- daily counts ----------------------------------------------------- */

typedef struct {
  const char *unit_id;
  const char *metric;
  char        date[11];
  gint64      value;
  guint       line;
  gboolean    last_of_row;
} DailyRecord;

static gboolean
metric_name_ok (const char *m)
{
  if (!g_ascii_islower (m[0]))
    return FALSE;
  for (const char *c = m; *c; c++)
    if (!g_ascii_islower (*c) && !g_ascii_isdigit (*c) && *c != '_')
      return FALSE;
  return strlen (m) <= 40;
}

static gboolean
daily_header (IocImportParser    *p,
              const char *const  *names,
              guint               n,
              GError            **error)
{
  static const char *const fixed[] = { "row_no", "unit_id", "unit_name", "date", NULL };
  TableParse *t;

  if (!ioc_import_check_columns (names, n, NULL, NULL, error))
    return FALSE;
  if (!g_strv_contains (names, "unit_id") && !g_strv_contains (names, "unit_name"))
    {
      g_set_error_literal (error, IOC_IMPORT_ERROR, IOC_IMPORT_ERROR_FORMAT,
                           "a unit_id or unit_name column is required");
      return FALSE;
    }
  if (!g_strv_contains (names, "date"))
    {
      g_set_error_literal (error, IOC_IMPORT_ERROR, IOC_IMPORT_ERROR_FORMAT, "the column “date” is missing");
      return FALSE;
    }
  t = g_new0 (TableParse, 1);
  t->metrics = g_ptr_array_new_with_free_func (g_free);
  t->columns = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *metric = NULL;

      if (g_strv_contains (fixed, names[i]))
        continue;
      if (g_str_has_suffix (names[i], "_count"))
        metric = g_strndup (names[i], strlen (names[i]) - strlen ("_count"));
      if (metric == NULL || !metric_name_ok (metric))
        {
          table_parse_free (t);
          g_set_error (error, IOC_IMPORT_ERROR, IOC_IMPORT_ERROR_FORMAT,
                       "unknown column “%s” (the columns are row_no, unit_id, unit_name, date and "
                       "<metric>_count, e.g. overdue_count, online_over_8h_count)", names[i]);
          return FALSE;
        }
      g_ptr_array_add (t->metrics, g_steal_pointer (&metric));
      g_array_append_val (t->columns, i);
    }
  if (t->metrics->len == 0)
    {
      table_parse_free (t);
      g_set_error_literal (error, IOC_IMPORT_ERROR, IOC_IMPORT_ERROR_FORMAT,
                           "no <metric>_count column (e.g. overdue_count)");
      return FALSE;
    }
  if (p->kind_data != NULL)
    table_parse_free (p->kind_data);
  p->kind_data = t;
  return TRUE;
}

static void
daily_row (IocImportParser    *p,
           const IocImportRow *row)
{
  TableParse *t = p->kind_data;
  const char *date = ioc_import_row_get (row, "date");
  const char *unit;
  g_autofree DailyRecord *recs = NULL;

  if (!ioc_import_date (p, row->line, "date", date))
    return;
  unit = ioc_import_unit (p, row->line, ioc_import_row_get (row, "unit_id"),
                          ioc_import_row_get (row, "unit_name"), date);
  if (unit == NULL)
    return;
  recs = g_new0 (DailyRecord, t->metrics->len);
  for (guint m = 0; m < t->metrics->len; m++)
    {
      const char *column = row->names[g_array_index (t->columns, guint, m)];
      if (!ioc_import_int (p, row->line, column, row->values[g_array_index (t->columns, guint, m)],
                           0, G_GINT64_CONSTANT (100000000), &recs[m].value))
        return;
    }
  for (guint m = 0; m < t->metrics->len; m++)
    {
      recs[m].unit_id = ioc_import_intern (p, unit);
      recs[m].metric = ioc_import_intern (p, g_ptr_array_index (t->metrics, m));
      memcpy (recs[m].date, date, 11);
      recs[m].line = row->line;
      recs[m].last_of_row = m + 1 == t->metrics->len;
      ioc_import_emit (p, &recs[m]);
    }
}

static gboolean
daily_parse (IocImportParser  *p,
             const char       *data,
             gsize             length,
             GError          **error)
{
  gboolean ok = ioc_import_parse_rows (p, data, length, daily_header, daily_row, error);

  g_clear_pointer (&p->kind_data, table_parse_free);
  return ok;
}

static gboolean
daily_write (IocImportWriter  *w,
             IocImportBatch   *batch,
             GError          **error)
{
  for (guint i = 0; i < batch->records->len; i++)
    {
      const DailyRecord *r = &g_array_index (batch->records, DailyRecord, i);
      g_autoptr(JsonObject) old = ioc_import_find_row (w->store, &ioc_entity_dossier_stats,
                                                       "metric", r->metric, "date", r->date,
                                                       "unit_id", r->unit_id, NULL);
      gboolean same = old != NULL &&
                      json_object_get_int_member (old, "value") == r->value &&
                      g_strcmp0 (json_object_get_string_member (old, "origin"), "imported") == 0;

      if (!same)
        {
          g_autoptr(JsonObject) o = json_object_new ();
          json_object_set_string_member (o, "unit_id", r->unit_id);
          json_object_set_string_member (o, "date", r->date);
          json_object_set_string_member (o, "metric", r->metric);
          json_object_set_int_member (o, "value", r->value);
          json_object_set_string_member (o, "origin", "imported");
          if (!ioc_store_upsert (w->store, &ioc_entity_dossier_stats, o, error))
            return FALSE;
        }
      count_row (w, !same, r->last_of_row);
    }
  return TRUE;
}

/* Printed overdue counts can call for warning tickets too. */
static gboolean
daily_finish (IocImportWriter  *w,
              GError          **error)
{
  return ioc_dossier_check_tickets (w->store, w->config, w->opts->now, error) >= 0;
}

const IocImportKind ioc_import_kind_dossier_daily = {
  "dossier-daily", "Daily per-agency dossier counts (long format)",
  "unit_id|unit_name, date (yyyy-mm-dd), <metric>_count… (overdue_count, online_over_8h_count, "
  "resolved_late_count; row_no kept)",
  "dossiers", 0, sizeof (DailyRecord),
  daily_parse, row_state_begin, daily_write, daily_finish, g_free, NULL,
};
