/* ioc-indicators.c — socio-economic indicators: the import kind, the
 * anomaly rule, and the demo's synthetic series (see ioc-indicators.h) */
#define G_LOG_DOMAIN "iocd-indicators"

#include "ioc-indicators.h"
#include "ioc-import-private.h"
#include "ioc-json.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  const char *group_code;
  const char *indicator;
  char        month[8];
  double      value;
  double      target;     /* NAN: none */
  const char *unit;
  guint       line;
} IndicatorRecord;

static const char *const indicator_columns[] = {
  "group_code", "indicator", "month", "value", "target", "unit", "row_no", NULL
};

static gboolean
indicator_header (IocImportParser    *p,
                  const char *const  *names,
                  guint               n,
                  GError            **error)
{
  static const char *const required[] = { "group_code", "indicator", "month", "value", NULL };
  return ioc_import_check_columns (names, n, indicator_columns, required, error);
}

static gboolean
month_ok (const char *m)
{
  if (m == NULL || strlen (m) != 7 || m[4] != '-')
    return FALSE;
  for (guint i = 0; i < 7; i++)
    if (i != 4 && !g_ascii_isdigit (m[i]))
      return FALSE;
  {
    int y = atoi (m), mo = atoi (m + 5);
    return y >= 2000 && y <= 2100 && mo >= 1 && mo <= 12;
  }
}

static void
indicator_row (IocImportParser    *p,
               const IocImportRow *row)
{
  IndicatorRecord rec = { 0 };
  const char *group = ioc_import_row_get (row, "group_code");
  const char *name = ioc_import_row_get (row, "indicator");
  const char *month = ioc_import_row_get (row, "month");
  const char *target = ioc_import_row_get (row, "target");
  const char *unit = ioc_import_row_get (row, "unit");

  rec.line = row->line;
  if (ioc_indicator_group_find (group) == NULL)
    {
      g_autoptr(GString) codes = g_string_new (NULL);
      for (const IocIndicatorGroup *g = ioc_indicator_groups; g->code != NULL; g++)
        g_string_append_printf (codes, "%s%s", codes->len ? ", " : "", g->code);
      ioc_import_reject (p, row->line, "group_code “%s” is not one of %s", group != NULL ? group : "", codes->str);
      return;
    }
  if (!ioc_import_text (p, row->line, "indicator", name, 200, TRUE))
    return;
  if (!month_ok (month))
    {
      ioc_import_reject (p, row->line, "month must be yyyy-mm (2000-01 to 2100-12), not “%s”", month != NULL ? month : "");
      return;
    }
  if (!ioc_import_number (p, row->line, "value", ioc_import_row_get (row, "value"), -1e15, 1e15, &rec.value))
    return;
  rec.target = NAN;
  if (target != NULL && *target != '\0' &&
      !ioc_import_number (p, row->line, "target", target, -1e15, 1e15, &rec.target))
    return;
  if (!ioc_import_text (p, row->line, "unit", unit, 40, FALSE))
    return;
  rec.group_code = ioc_import_intern (p, group);
  rec.indicator = ioc_import_intern (p, name);
  memcpy (rec.month, month, 8);
  rec.unit = unit != NULL && *unit != '\0' ? ioc_import_intern (p, unit) : NULL;
  ioc_import_emit (p, &rec);
}

static gboolean
indicator_parse (IocImportParser  *p,
                 const char       *data,
                 gsize             length,
                 GError          **error)
{
  return ioc_import_parse_rows (p, data, length, indicator_header, indicator_row, error);
}

/* ---- writing ---------------------------------------------------------- */

typedef struct {
  GHashTable *series;   /* "group\x1findicator" */
} IndicatorState;

static gpointer
indicator_begin (IocImportWriter  *w,
                 GError          **error)
{
  IndicatorState *s = g_new0 (IndicatorState, 1);

  s->series = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return s;
}

static void
indicator_state_free (gpointer data)
{
  IndicatorState *s = data;

  g_hash_table_unref (s->series);
  g_free (s);
}

static gboolean
same_number (JsonObject *o,
             const char *member,
             double      v)
{
  JsonNode *n = json_object_get_member (o, member);

  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    return isnan (v);
  return !isnan (v) && json_node_get_double (n) == v;
}

static gboolean
indicator_write (IocImportWriter  *w,
                 IocImportBatch   *batch,
                 GError          **error)
{
  IndicatorState *s = w->state;

  for (guint i = 0; i < batch->records->len; i++)
    {
      const IndicatorRecord *r = &g_array_index (batch->records, IndicatorRecord, i);
      g_autoptr(JsonObject) old = ioc_import_find_row (w->store, &ioc_entity_indicators,
                                                       "group_code", r->group_code,
                                                       "indicator", r->indicator,
                                                       "month", r->month, NULL);
      g_autoptr(JsonObject) row = json_object_new ();
      gboolean ok;

      if (old != NULL && same_number (old, "value", r->value) && same_number (old, "target", r->target) &&
          g_strcmp0 (json_object_get_string_member_with_default (old, "unit", NULL), r->unit) == 0)
        {
          w->result->unchanged++;
          continue;
        }
      json_object_set_double_member (row, "value", r->value);
      if (isnan (r->target))
        json_object_set_null_member (row, "target");
      else
        json_object_set_double_member (row, "target", r->target);
      if (r->unit != NULL)
        json_object_set_string_member (row, "unit", r->unit);
      else
        json_object_set_null_member (row, "unit");
      if (old != NULL)
        {
          g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (old, "id"));
          ok = ioc_store_update (w->store, &ioc_entity_indicators, id, row, error);
        }
      else
        {
          json_object_set_string_member (row, "group_code", r->group_code);
          json_object_set_string_member (row, "indicator", r->indicator);
          json_object_set_string_member (row, "month", r->month);
          ok = ioc_store_insert (w->store, &ioc_entity_indicators, row, NULL, error);
        }
      if (!ok)
        {
          g_prefix_error (error, "line %u: ", r->line);
          return FALSE;
        }
      g_hash_table_add (s->series, g_strconcat (r->group_code, "\x1f", r->indicator, NULL));
      w->result->imported++;
    }
  return TRUE;
}

/* The month before "yyyy-mm". */
static void
previous_month (const char *month,
                char       *out)
{
  int y = atoi (month), m = atoi (month + 5);

  if (--m == 0)
    {
      m = 12;
      y--;
    }
  g_snprintf (out, 8, "%04d-%02d", y, m);
}

static char *
percent (double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.1f", v));
}

/* The anomaly of one month given the previous month's value (NAN: none). */
static void
judge (double       value,
       double       target,
       double       prev,
       const char  *prev_month,
       double       mom_threshold,
       double       target_threshold,
       const char **anomaly,
       char       **detail)
{
  double mom_ratio = 0, target_ratio = 0, change = 0, gap = 0;

  *anomaly = NULL;
  *detail = NULL;
  if (!isnan (prev) && prev != 0)
    {
      change = (value - prev) / fabs (prev) * 100;
      if (fabs (change) > mom_threshold)
        mom_ratio = fabs (change) / mom_threshold;
    }
  if (!isnan (target) && target != 0 && value < target)
    {
      gap = (target - value) / fabs (target) * 100;
      if (gap > target_threshold)
        target_ratio = gap / target_threshold;
    }
  if (mom_ratio == 0 && target_ratio == 0)
    return;
  if (mom_ratio >= target_ratio)
    {
      g_autofree char *c = percent (change);
      g_autofree char *t = percent (mom_threshold);
      *anomaly = "mom_change";
      *detail = g_strdup_printf ("%s%s %% against %s (threshold %s %%)", change > 0 ? "+" : "", c, prev_month, t);
    }
  else
    {
      g_autofree char *g = percent (gap);
      g_autofree char *t = percent (target_threshold);
      char tv[G_ASCII_DTOSTR_BUF_SIZE];
      *anomaly = "off_target";
      *detail = g_strdup_printf ("%s %% below target %s (threshold %s %%)", g,
                                 g_ascii_formatd (tv, sizeof tv, "%g", target), t);
    }
}

static double
member_double (JsonObject *o,
               const char *member)
{
  JsonNode *n = json_object_get_member (o, member);
  return n == NULL || JSON_NODE_HOLDS_NULL (n) ? NAN : json_node_get_double (n);
}

static gboolean
read_thresholds (IocConfig *config,
                 gint64    *mom,
                 gint64    *target,
                 GError   **error)
{
  *mom = 20;
  *target = 10;
  if (config == NULL)
    return TRUE;
  return ioc_config_group_int (config, "indicators", "mom-threshold", 20, 1, 100000, mom, error) &&
         ioc_config_group_int (config, "indicators", "target-threshold", 10, 1, 100, target, error);
}

gboolean
ioc_indicators_check_config (IocConfig  *config,
                             GError    **error)
{
  gint64 a, b;
  return read_thresholds (config, &a, &b, error);
}

static gboolean
check_series (IocImportWriter  *w,
              const char       *group,
              const char       *indicator,
              double            mom_threshold,
              double            target_threshold,
              GError          **error)
{
  g_autoptr(IocQuery) q = ioc_query_new ();
  g_autoptr(JsonArray) rows = NULL;
  g_autoptr(GHashTable) by_month = g_hash_table_new (g_str_hash, g_str_equal);

  /* Exact matches (>= and <=: an EQ value with a comma is a list). */
  ioc_query_add_filter (q, "group_code", IOC_FILTER_EQ, group);
  ioc_query_add_filter (q, "indicator", IOC_FILTER_GE, indicator);
  ioc_query_add_filter (q, "indicator", IOC_FILTER_LE, indicator);
  rows = ioc_store_list (w->store, &ioc_entity_indicators, q, NULL, error);
  if (rows == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *o = json_array_get_object_element (rows, i);
      g_hash_table_insert (by_month, (gpointer) json_object_get_string_member (o, "month"), o);
    }
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *o = json_array_get_object_element (rows, i);
      const char *month = json_object_get_string_member (o, "month");
      const char *old_anomaly = json_object_get_string_member_with_default (o, "anomaly", NULL);
      const char *old_detail = json_object_get_string_member_with_default (o, "anomaly_detail", NULL);
      char prev_month[8];
      JsonObject *prev;
      const char *anomaly;
      g_autofree char *detail = NULL;
      g_autofree char *id = NULL;
      g_autoptr(JsonObject) changes = NULL;
      g_autoptr(JsonObject) stored = NULL;

      previous_month (month, prev_month);
      prev = g_hash_table_lookup (by_month, prev_month);
      judge (member_double (o, "value"), member_double (o, "target"),
             prev != NULL ? member_double (prev, "value") : NAN, prev_month,
             mom_threshold, target_threshold, &anomaly, &detail);
      if (g_strcmp0 (anomaly, old_anomaly) == 0 && g_strcmp0 (detail, old_detail) == 0)
        continue;
      id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (o, "id"));
      changes = json_object_new ();
      if (anomaly != NULL)
        {
          json_object_set_string_member (changes, "anomaly", anomaly);
          json_object_set_string_member (changes, "anomaly_detail", detail);
        }
      else
        {
          json_object_set_null_member (changes, "anomaly");
          json_object_set_null_member (changes, "anomaly_detail");
        }
      if (!ioc_store_update (w->store, &ioc_entity_indicators, id, changes, error))
        return FALSE;
      /* A new anomaly (or one of another kind) is news; a changed figure
       * of the same anomaly is not. */
      if (anomaly != NULL && g_strcmp0 (anomaly, old_anomaly) != 0)
        {
          g_autoptr(JsonNode) data = NULL;
          stored = ioc_store_get (w->store, &ioc_entity_indicators, id, FALSE, error);
          if (stored == NULL)
            return FALSE;
          data = json_node_init_object (json_node_alloc (), stored);
          if (ioc_store_append_event (w->store, "indicator.anomaly", data, error) == 0)
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
indicator_finish (IocImportWriter  *w,
                  GError          **error)
{
  IndicatorState *s = w->state;
  GHashTableIter iter;
  gpointer key;
  gint64 mom, target;

  if (!read_thresholds (w->config, &mom, &target, error))
    return FALSE;
  g_hash_table_iter_init (&iter, s->series);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_auto(GStrv) parts = g_strsplit (key, "\x1f", 2);
      if (!check_series (w, parts[0], parts[1], (double) mom, (double) target, error))
        return FALSE;
    }
  return TRUE;
}

const IocImportKind ioc_import_kind_indicators = {
  "indicators", "Monthly socio-economic indicators (the 16 groups) with targets",
  "group_code (grdp, budget, tourism, … — ioc-indicators.h), indicator, month (yyyy-mm), value, target, unit",
  "indicators", IOC_IMPORT_JSON, sizeof (IndicatorRecord),
  indicator_parse, indicator_begin, indicator_write, indicator_finish, indicator_state_free, NULL,
};

/* ---- the demo's synthetic series -------------------------------------- */

typedef struct {
  const char *group;
  const char *name;       /* Vietnamese, as the province would name it */
  const char *unit;
  double      base;       /* 2010-01 level */
  double      growth;     /* per year, compound (0.07 = 7 %) */
  double      season;     /* amplitude of the yearly cycle */
  int         peak;       /* month of the peak */
  gboolean    has_target;
  gboolean    whole;      /* a count: no decimals */
  double      ceiling;    /* for shares: approached, never passed (0: none) */
} Series;

static const Series demo_series[] = {
  { "grdp", "Tổng sản phẩm xã hội GRDP (giá so sánh 2010)", "tỷ đồng", 3100, 0.068, 0.03, 12, TRUE, FALSE, 0 },
  { "grdp_per_capita", "GRDP bình quân đầu người (giá hiện hành)", "triệu đồng", 19.5, 0.085, 0, 1, FALSE, FALSE, 0 },
  { "investment", "Tổng vốn đầu tư toàn xã hội", "tỷ đồng", 1350, 0.075, 0.05, 12, TRUE, FALSE, 0 },
  { "projects", "Vốn đăng ký của các dự án thu hút đầu tư", "tỷ đồng", 820, 0.06, 0.04, 6, FALSE, FALSE, 0 },
  { "trade", "Tổng kim ngạch xuất, nhập khẩu", "triệu USD", 48, 0.09, 0.07, 1, TRUE, FALSE, 0 },
  { "retail", "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng", "tỷ đồng", 2050, 0.095, 0.06, 2, FALSE, FALSE, 0 },
  { "budget", "Thu ngân sách nhà nước trên địa bàn", "tỷ đồng", 260, 0.085, 0.04, 12, TRUE, FALSE, 0 },
  { "budget", "Chi ngân sách địa phương", "tỷ đồng", 720, 0.07, 0.05, 12, TRUE, FALSE, 0 },
  { "infrastructure", "Giải ngân vốn đầu tư công", "tỷ đồng", 160, 0.08, 0.07, 12, TRUE, FALSE, 0 },
  { "enterprises", "Doanh nghiệp thành lập mới", "doanh nghiệp", 62, 0.05, 0.04, 3, FALSE, TRUE, 0 },
  { "tourism", "Lượt khách du lịch", "nghìn lượt", 46, 0.08, 0.06, 3, FALSE, FALSE, 0 },
  { "education", "Lao động được tạo việc làm mới", "người", 2100, 0.02, 0.05, 4, FALSE, TRUE, 0 },
  { "health", "Tỷ lệ dân số tham gia bảo hiểm y tế", "%", 68, 0.025, 0, 1, TRUE, FALSE, 94 },
  { "social", "Tỷ lệ hộ nghèo", "%", 20.5, -0.09, 0, 1, FALSE, FALSE, 0 },
  { "environment", "Tỷ lệ chất thải rắn đô thị được thu gom, xử lý", "%", 74, 0.02, 0, 1, FALSE, FALSE, 93 },
  { "security", "Số vụ tai nạn giao thông", "vụ", 52, -0.025, 0.05, 2, FALSE, TRUE, 0 },
  { "admin_reform", "Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn", "%", 84, 0.012, 0, 1, TRUE, FALSE, 98 },
};

/* Deterministic noise in [-1, 1) for series @s and month index @m. */
static double
noise (guint s,
       guint m)
{
  guint32 x = (s + 1) * 2654435761u ^ (m + 1) * 40503u;

  x ^= x >> 15;
  x *= 2246822519u;
  x ^= x >> 13;
  x *= 3266489917u;
  x ^= x >> 16;
  return (x & 0xffffff) / (double) 0x800000 - 1.0;
}

/* The injected anomalies: factor on the month's value. */
static double
shock (const Series *s,
       int           y,
       int           m)
{
  if (g_str_equal (s->name, "Thu ngân sách nhà nước trên địa bàn") && y == 2023 && m == 6)
    return 0.55;   /* revenue collapses: far below plan, and month on month */
  if (g_str_equal (s->name, "Chi ngân sách địa phương") && y == 2026 && m == 10)
    return 1.6;    /* an expenditure spike */
  if (g_str_equal (s->group, "tourism") && y == 2020 && m >= 4 && m <= 5)
    return m == 4 ? 0.2 : 0.45;   /* COVID-19 */
  if (g_str_equal (s->group, "admin_reform") && y == 2025 && m == 7)
    return 0.86;   /* the month of the 2025 reorganisation */
  return 1.0;
}

char *
ioc_indicators_demo_csv (const char *last_month,
                         gsize      *length)
{
  GString *out = g_string_new ("group_code,indicator,month,value,target,unit\n");
  int last_y = 2026, last_m = 11;

  if (last_month != NULL && month_ok (last_month))
    {
      last_y = atoi (last_month);
      last_m = atoi (last_month + 5);
    }
  for (guint si = 0; si < G_N_ELEMENTS (demo_series); si++)
    {
      const Series *s = &demo_series[si];
      g_autofree char *name = g_strdup_printf ("%s (mô phỏng)", s->name);
      guint idx = 0;

      for (int y = 2010; y <= last_y; y++)
        for (int m = 1; m <= 12 && (y < last_y || m <= last_m); m++, idx++)
          {
            double t = idx / 12.0;
            double trend = s->base * pow (1 + s->growth, t);
            double cycle = 1 + s->season * cos (2 * G_PI * (m - s->peak) / 12.0);
            double value, target;
            char vbuf[G_ASCII_DTOSTR_BUF_SIZE], tbuf[G_ASCII_DTOSTR_BUF_SIZE];

            if (s->ceiling > 0)
              trend = s->ceiling - (s->ceiling - s->base) * pow (0.9, t * 1.6);
            value = trend * cycle * (1 + 0.015 * noise (si, idx)) * shock (s, y, m);
            target = trend * cycle * 0.97;
            if (s->whole)
              g_ascii_formatd (vbuf, sizeof vbuf, "%.0f", value);
            else
              g_ascii_formatd (vbuf, sizeof vbuf, "%.2f", value);
            g_string_append_printf (out, "%s,\"%s\",%04d-%02d,%s,", s->group, name, y, m, vbuf);
            if (s->has_target)
              g_string_append (out, g_ascii_formatd (tbuf, sizeof tbuf, "%.2f", target));
            g_string_append_printf (out, ",%s\n", s->unit);
          }
    }
  if (length != NULL)
    *length = out->len;
  return g_string_free (out, FALSE);
}
