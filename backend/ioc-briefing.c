/* ioc-briefing.c — the weekly figures (definitions in ioc-briefing.h) */
#define G_LOG_DOMAIN "iocd"

#include "ioc-briefing.h"
#include "ioc-indicators.h"
#include "ioc-json.h"
#include "ioc-ranking.h"
#include "ioc-store-sqlite.h"

#include <stdio.h>
#include <string.h>

#define WEEK_S (7 * 86400)
#define TREND_WEEKS 8

static GDateTime *
local_midnight (const char *date)
{
  int y, m, d;
  char tail;

  if (date == NULL || strlen (date) != 10 ||
      sscanf (date, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
      !g_date_valid_dmy (d, m, y))
    return NULL;
  return g_date_time_new (ioc_time_zone_local (), y, m, d, 0, 0, 0);
}

char *
ioc_briefing_week_of (const char *date)
{
  g_autoptr(GDateTime) dt = local_midnight (date);
  g_autoptr(GDateTime) monday = NULL;

  if (dt == NULL)
    return NULL;
  monday = g_date_time_add_days (dt, 1 - g_date_time_get_day_of_week (dt));
  return g_date_time_format (monday, "%Y-%m-%d");
}

char *
ioc_briefing_current_week (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (ioc_time_zone_local ());
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

  return ioc_briefing_week_of (today);
}

gint64
ioc_briefing_week_time (const char *week_start)
{
  g_autoptr(GDateTime) dt = local_midnight (week_start);

  return dt != NULL ? g_date_time_to_unix (dt) : 0;
}

static char *
date_of (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (dt, ioc_time_zone_local ());

  return g_date_time_format (local, "%Y-%m-%d");
}

char *
ioc_briefing_unit_name (IocStore   *store,
                        const char *unit_id)
{
  g_autoptr(JsonObject) u = NULL;

  if (unit_id == NULL || *unit_id == '\0')
    return g_strdup ("—");
  u = ioc_store_get (store, &ioc_entity_units, unit_id, FALSE, NULL);
  if (u != NULL && json_object_has_member (u, "name") && !json_object_get_null_member (u, "name"))
    return g_strdup (json_object_get_string_member (u, "name"));
  return g_strdup (unit_id);
}

/* ---- small query helpers ---------------------------------------------- */

typedef struct {
  IocStore   *store;
  GHashTable *names;  /* unit id → name (cache) */
  GError     *error;  /* the first store error */
} Ctx;

static const char *
unit_name (Ctx        *ctx,
           const char *unit_id)
{
  const char *key = unit_id != NULL ? unit_id : "";
  char *name = g_hash_table_lookup (ctx->names, key);

  if (name == NULL)
    {
      name = ioc_briefing_unit_name (ctx->store, unit_id);
      g_hash_table_insert (ctx->names, g_strdup (key), name);
    }
  return name;
}

static void
add_time_range (IocQuery   *q,
                const char *column,
                gint64      from,
                gint64      to)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, from);
  ioc_query_add_filter (q, column, IOC_FILTER_GE, buf);
  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, to);
  ioc_query_add_filter (q, column, IOC_FILTER_LT, buf);
}

static gint64
count (Ctx      *ctx,
       IocQuery *q,
       const IocEntity *entity)
{
  g_autoptr(GError) error = NULL;
  gint64 n = ioc_store_count (ctx->store, entity, q, &error);

  if (n < 0)
    {
      if (ctx->error == NULL)
        ctx->error = g_steal_pointer (&error);
      return 0;
    }
  return n;
}

/* The count for each of the TREND_WEEKS weeks ending with the one that
 * starts at @from, oldest first, in one pass. */
static void
weekly_counts (Ctx             *ctx,
               const IocEntity *entity,
               const char      *column,
               gint64           from,
               const char      *eq_column,
               const char      *eq_value,
               gint64          *out)
{
  g_autoptr(IocQuery) q = ioc_query_new ();
  g_autoptr(GError) error = NULL;

  if (eq_column != NULL)
    ioc_query_add_filter (q, eq_column, IOC_FILTER_EQ, eq_value);
  if (!ioc_store_count_buckets (ctx->store, entity, q, column, from - (gint64) (TREND_WEEKS - 1) * WEEK_S,
                                WEEK_S, TREND_WEEKS, out, &error))
    {
      memset (out, 0, TREND_WEEKS * sizeof (gint64));
      if (ctx->error == NULL)
        ctx->error = g_steal_pointer (&error);
    }
}

static JsonArray *
list_range (Ctx             *ctx,
            const IocEntity *entity,
            const char      *column,
            gint64           from,
            gint64           to)
{
  g_autoptr(IocQuery) q = ioc_query_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *rows;

  add_time_range (q, column, from, to);
  q->limit = 0;
  /* Ordered by the range column: an index on it serves both, and without
   * one the table is scanned once and the few rows sorted (the default
   * order of alerts would walk the last_seen index across the table). */
  q->sort_column = g_strdup (column);
  rows = ioc_store_list (ctx->store, entity, q, NULL, &error);
  if (rows == NULL)
    {
      if (ctx->error == NULL)
        ctx->error = g_steal_pointer (&error);
      return json_array_new ();
    }
  return rows;
}

static JsonObject *
change_object (gint64   value,
               gint64   previous,
               gboolean has_value,
               gboolean has_previous)
{
  JsonObject *o = json_object_new ();

  if (has_value)
    json_object_set_int_member (o, "value", value);
  else
    json_object_set_null_member (o, "value");
  if (has_previous)
    json_object_set_int_member (o, "previous", previous);
  else
    json_object_set_null_member (o, "previous");
  if (has_value && has_previous)
    json_object_set_int_member (o, "change", value - previous);
  else
    json_object_set_null_member (o, "change");
  return o;
}

/* A change object for the last of @n weekly values (oldest first), with
 * those values as its "trend". */
static void
set_trend (JsonObject   *parent,
           const char   *member,
           const gint64 *values,
           guint         n)
{
  JsonObject *o = change_object (values[n - 1], values[n - 2], TRUE, TRUE);
  JsonArray *a = json_array_sized_new (n);

  for (guint i = 0; i < n; i++)
    json_array_add_int_element (a, values[i]);
  json_object_set_array_member (o, "trend", a);
  json_object_set_object_member (parent, member, o);
}

static const char *
text_member (JsonObject *row,
             const char *member)
{
  JsonNode *n = json_object_get_member (row, member);

  if (n == NULL || JSON_NODE_HOLDS_NULL (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (n);
}

/* Counts the rows of @rows by one text column. */
static GHashTable *
tally (JsonArray  *rows,
       const char *column)
{
  GHashTable *t = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      const char *v = text_member (json_array_get_object_element (rows, i), column);
      gpointer old;

      if (v == NULL || *v == '\0')
        v = "—";
      old = g_hash_table_lookup (t, v);
      g_hash_table_replace (t, g_strdup (v), GINT_TO_POINTER (GPOINTER_TO_INT (old) + 1));
    }
  return t;
}

typedef struct {
  const char *name;
  int         count;
  int         previous;
} TallyRow;

static int
tally_row_cmp (gconstpointer a,
               gconstpointer b)
{
  const TallyRow *ra = a, *rb = b;

  if (ra->count != rb->count)
    return rb->count - ra->count;
  return strcmp (ra->name, rb->name);
}

/* [{name_member: k, count, previous}] sorted by count, at most @max (0: all). */
static JsonArray *
tally_array (GHashTable *now,
             GHashTable *before,
             const char *name_member,
             guint       max)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (TallyRow));
  JsonArray *out = json_array_new ();
  GHashTableIter iter;
  gpointer k, v;

  g_hash_table_iter_init (&iter, now);
  while (g_hash_table_iter_next (&iter, &k, &v))
    {
      TallyRow r = { k, GPOINTER_TO_INT (v), before != NULL ? GPOINTER_TO_INT (g_hash_table_lookup (before, k)) : 0 };
      g_array_append_val (rows, r);
    }
  if (before != NULL)
    {
      g_hash_table_iter_init (&iter, before);
      while (g_hash_table_iter_next (&iter, &k, &v))
        if (!g_hash_table_contains (now, k))
          {
            TallyRow r = { k, 0, GPOINTER_TO_INT (v) };
            g_array_append_val (rows, r);
          }
    }
  g_array_sort (rows, tally_row_cmp);
  for (guint i = 0; i < rows->len && (max == 0 || i < max); i++)
    {
      const TallyRow *r = &g_array_index (rows, TallyRow, i);
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, name_member, r->name);
      json_object_set_int_member (o, "count", r->count);
      if (before != NULL)
        json_object_set_int_member (o, "previous", r->previous);
      json_array_add_object_element (out, o);
    }
  return out;
}

/* ---- field reports ------------------------------------------------------ */

typedef struct {
  char  *unit_id;
  gint64 received, processed, overdue, dissatisfied;
} UnitRow;

static UnitRow *
unit_row (GHashTable *units,
          const char *unit_id)
{
  const char *key = unit_id != NULL ? unit_id : "";
  UnitRow *r = g_hash_table_lookup (units, key);

  if (r == NULL)
    {
      r = g_new0 (UnitRow, 1);
      r->unit_id = g_strdup (key);
      g_hash_table_insert (units, r->unit_id, r);
    }
  return r;
}

static void
unit_row_free (gpointer p)
{
  UnitRow *r = p;

  g_free (r->unit_id);
  g_free (r);
}

static int
unit_row_cmp (gconstpointer a,
              gconstpointer b)
{
  const UnitRow *ra = *(UnitRow * const *) a, *rb = *(UnitRow * const *) b;

  if (ra->received != rb->received)
    return ra->received < rb->received ? 1 : -1;
  return strcmp (ra->unit_id, rb->unit_id);
}

static JsonObject *
field_reports (Ctx   *ctx,
               gint64 from)
{
  JsonObject *o = json_object_new ();
  g_autoptr(GHashTable) units = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, unit_row_free);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  JsonArray *by_unit = json_array_new ();
  JsonArray *trend = json_array_new ();
  gint64 to = from + WEEK_S;
  g_autoptr(IocQuery) open = ioc_query_new ();
  GHashTableIter iter;
  gpointer v;

  {
    gint64 v[TREND_WEEKS];

    weekly_counts (ctx, &ioc_entity_reports, "received_at", from, NULL, NULL, v);
    set_trend (o, "received", v, TREND_WEEKS);
    weekly_counts (ctx, &ioc_entity_reports, "updated_at", from, "status", "processed", v);
    set_trend (o, "processed", v, TREND_WEEKS);
    weekly_counts (ctx, &ioc_entity_reports, "deadline", from, "status", "overdue", v);
    set_trend (o, "overdue", v, TREND_WEEKS);
    weekly_counts (ctx, &ioc_entity_reports, "received_at", from, "satisfaction", "dissatisfied", v);
    set_trend (o, "dissatisfied", v, TREND_WEEKS);
  }
  ioc_query_add_filter (open, "status", IOC_FILTER_EQ, "received,assigned,forwarded,overdue");
  json_object_set_int_member (o, "open_now", count (ctx, open, &ioc_entity_reports));

  /* By unit: what each unit received, processed and let run over. */
  {
    g_autoptr(JsonArray) received = list_range (ctx, &ioc_entity_reports, "received_at", from, to);
    g_autoptr(JsonArray) updated = list_range (ctx, &ioc_entity_reports, "updated_at", from, to);
    g_autoptr(JsonArray) due = list_range (ctx, &ioc_entity_reports, "deadline", from, to);

    for (guint i = 0; i < json_array_get_length (received); i++)
      {
        JsonObject *r = json_array_get_object_element (received, i);
        UnitRow *u = unit_row (units, text_member (r, "unit_id"));

        u->received++;
        if (g_strcmp0 (text_member (r, "satisfaction"), "dissatisfied") == 0)
          u->dissatisfied++;
      }
    for (guint i = 0; i < json_array_get_length (updated); i++)
      {
        JsonObject *r = json_array_get_object_element (updated, i);
        if (g_strcmp0 (text_member (r, "status"), "processed") == 0)
          unit_row (units, text_member (r, "unit_id"))->processed++;
      }
    for (guint i = 0; i < json_array_get_length (due); i++)
      {
        JsonObject *r = json_array_get_object_element (due, i);
        if (g_strcmp0 (text_member (r, "status"), "overdue") == 0)
          unit_row (units, text_member (r, "unit_id"))->overdue++;
      }
  }
  g_hash_table_iter_init (&iter, units);
  while (g_hash_table_iter_next (&iter, NULL, &v))
    g_ptr_array_add (sorted, v);
  g_ptr_array_sort (sorted, unit_row_cmp);
  for (guint i = 0; i < sorted->len; i++)
    {
      const UnitRow *u = g_ptr_array_index (sorted, i);
      JsonObject *row = json_object_new ();

      json_object_set_string_member (row, "unit_id", u->unit_id);
      json_object_set_string_member (row, "name", *u->unit_id ? unit_name (ctx, u->unit_id) : "Chưa giao");
      json_object_set_int_member (row, "received", u->received);
      json_object_set_int_member (row, "processed", u->processed);
      json_object_set_int_member (row, "overdue", u->overdue);
      json_object_set_int_member (row, "dissatisfied", u->dissatisfied);
      json_array_add_object_element (by_unit, row);
    }
  json_object_set_array_member (o, "by_unit", by_unit);

  for (int k = TREND_WEEKS - 1; k >= 0; k--)
    {
      gint64 f = from - (gint64) k * WEEK_S;
      JsonObject *t = json_object_new ();
      g_autofree char *d = date_of (f);

      json_object_set_string_member (t, "week_start", d);
      json_object_set_int_member (t, "received",
                                  json_array_get_int_element (json_object_get_array_member (json_object_get_object_member (o, "received"), "trend"),
                                                              TREND_WEEKS - 1 - k));
      json_array_add_object_element (trend, t);
    }
  json_object_set_array_member (o, "trend", trend);
  return o;
}

/* ---- dossiers ------------------------------------------------------------ */

static gint64
heatmap_cell (IocHeatmap *hm,
              guint       u,
              guint       d)
{
  return hm->cells[u * hm->dates->len + d];
}

/* Index of the latest date ≤ @date, or -1. */
static int
date_index_le (IocHeatmap *hm,
               const char *date)
{
  int found = -1;

  for (guint d = 0; d < hm->dates->len; d++)
    if (strcmp (g_ptr_array_index (hm->dates, d), date) <= 0)
      found = d;
  return found;
}

static gint64
heatmap_total (IocHeatmap *hm,
               int         d)
{
  gint64 sum = 0;

  if (d < 0)
    return 0;
  for (guint u = 0; u < hm->unit_ids->len; u++)
    sum += MAX (0, heatmap_cell (hm, u, d));
  return sum;
}

/* The totals of the (up to) TREND_WEEKS dates up to index @d, oldest
 * first, as the "trend" of @change, with their "trend_dates". */
static void
heatmap_trend (JsonObject *change,
               IocHeatmap *hm,
               int         d)
{
  JsonArray *values = json_array_new ();
  JsonArray *dates = json_array_new ();

  for (int k = hm != NULL && d >= 0 ? MAX (0, d - TREND_WEEKS + 1) : 0; hm != NULL && k <= d; k++)
    {
      json_array_add_int_element (values, heatmap_total (hm, k));
      json_array_add_string_element (dates, g_ptr_array_index (hm->dates, k));
    }
  json_object_set_array_member (change, "trend", values);
  json_object_set_array_member (change, "trend_dates", dates);
}

static JsonArray *
ranking_list (Ctx        *ctx,
              GPtrArray  *rows,
              IocRank     rank)
{
  JsonArray *a = json_array_new ();

  for (guint i = 0; i < rows->len; i++)
    {
      const IocRankingRow *r = g_ptr_array_index (rows, i);
      JsonObject *o;

      if (r->rank != rank)
        continue;
      o = json_object_new ();
      json_object_set_string_member (o, "unit_id", r->unit_id);
      json_object_set_string_member (o, "name", unit_name (ctx, r->unit_id));
      json_object_set_int_member (o, "first", r->first);
      json_object_set_int_member (o, "last", r->last);
      json_array_add_object_element (a, o);
    }
  return a;
}

/* The rule of ioc-ranking.h over the dates of @hm up to index @d. */
static JsonNode *
ranking (Ctx        *ctx,
         IocHeatmap *hm,
         int         d)
{
  g_autoptr(IocRanking) r = ioc_ranking_new ();
  JsonObject *o;
  GPtrArray *rows;

  if (d < 0)
    return json_node_new (JSON_NODE_NULL);
  for (guint u = 0; u < hm->unit_ids->len; u++)
    for (int k = 0; k <= d; k++)
      if (heatmap_cell (hm, u, k) >= 0)
        ioc_ranking_add (r, g_ptr_array_index (hm->unit_ids, u), g_ptr_array_index (hm->dates, k),
                         heatmap_cell (hm, u, k));
  rows = ioc_ranking_compute (r);
  o = json_object_new ();
  json_object_set_string_member (o, "period_from", g_ptr_array_index (hm->dates, 0));
  json_object_set_string_member (o, "period_to", g_ptr_array_index (hm->dates, d));
  json_object_set_int_member (o, "dates", d + 1);
  json_object_set_int_member (o, "improved_percent", IOC_RANKING_IMPROVED_PERCENT);
  json_object_set_array_member (o, "praise_zero", ranking_list (ctx, rows, IOC_RANK_PRAISE_ZERO));
  json_object_set_array_member (o, "praise_improved", ranking_list (ctx, rows, IOC_RANK_PRAISE_IMPROVED));
  json_object_set_array_member (o, "criticise", ranking_list (ctx, rows, IOC_RANK_CRITICISE));
  return json_node_init_object (json_node_alloc (), o);
}

static JsonObject *
dossiers (Ctx        *ctx,
          gint64      from,
          const char *week_end)
{
  JsonObject *o = json_object_new ();
  g_autofree char *prev_end = date_of (from - 86400);
  g_autofree char *year_start = g_strdup_printf ("%.4s-01-01", week_end);
  g_autoptr(IocHeatmap) hm = NULL;
  g_autoptr(IocHeatmap) hm8 = NULL;
  g_autoptr(GError) error = NULL;
  int d, pd, d8 = -1, pd8 = -1;
  JsonArray *by_agency = json_array_new ();
  JsonArray *trend = json_array_new ();
  JsonObject *tickets = json_object_new ();

  /* The year of the week's end: the period the letters rank over. The
   * previous date may lie in the year before. */
  {
    g_autofree char *from_date = g_strdup_printf ("%04d-01-01", (int) g_ascii_strtoll (week_end, NULL, 10) - 1);
    hm = ioc_store_heatmap (ctx->store, IOC_BRIEFING_METRIC_OVERDUE, from_date, week_end, &error);
    if (hm == NULL)
      {
        g_propagate_error (&ctx->error, g_steal_pointer (&error));
        return o;
      }
    hm8 = ioc_store_heatmap (ctx->store, IOC_BRIEFING_METRIC_ONLINE_8H, from_date, week_end, NULL);
  }
  d = date_index_le (hm, week_end);
  pd = date_index_le (hm, prev_end);
  if (hm8 != NULL)
    {
      d8 = date_index_le (hm8, week_end);
      pd8 = date_index_le (hm8, prev_end);
    }
  if (d >= 0)
    json_object_set_string_member (o, "date", g_ptr_array_index (hm->dates, d));
  else
    json_object_set_null_member (o, "date");
  if (pd >= 0)
    json_object_set_string_member (o, "previous_date", g_ptr_array_index (hm->dates, pd));
  else
    json_object_set_null_member (o, "previous_date");
  json_object_set_object_member (o, "overdue", change_object (heatmap_total (hm, d), heatmap_total (hm, pd),
                                                              d >= 0, pd >= 0));
  json_object_set_object_member (o, "online_8h",
                                 change_object (hm8 != NULL ? heatmap_total (hm8, d8) : 0,
                                                hm8 != NULL ? heatmap_total (hm8, pd8) : 0,
                                                d8 >= 0, pd8 >= 0));

  heatmap_trend (json_object_get_object_member (o, "overdue"), hm, d);
  heatmap_trend (json_object_get_object_member (o, "online_8h"), hm8, d8);

  /* Handled: dossier records resolved in the week, where records exist. */
  {
    g_autoptr(IocQuery) any = ioc_query_new ();
    g_autoptr(JsonArray) one = NULL;

    any->limit = 1;
    one = ioc_store_list (ctx->store, &ioc_entity_dossiers, any, NULL, NULL);
    if (one != NULL && json_array_get_length (one) > 0)
      {
        gint64 v[TREND_WEEKS];
        weekly_counts (ctx, &ioc_entity_dossiers, "resolved_at", from, NULL, NULL, v);
        set_trend (o, "handled", v, TREND_WEEKS);
      }
    else
      json_object_set_null_member (o, "handled");
  }
  {
    gint64 v[TREND_WEEKS];
    weekly_counts (ctx, &ioc_entity_warning_tickets, "issued_at", from, NULL, NULL, v);
    set_trend (tickets, "issued", v, TREND_WEEKS);
    weekly_counts (ctx, &ioc_entity_warning_tickets, "checked_at", from, NULL, NULL, v);
    set_trend (tickets, "checked", v, TREND_WEEKS);
  }
  json_object_set_object_member (o, "warning_tickets", tickets);

  /* By agency, in the heatmap's order (worst first over the period):
   * re-sorted by the count on the latest date. */
  if (d >= 0)
    {
      g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));

      for (guint u = 0; u < hm->unit_ids->len; u++)
        g_array_append_val (order, u);
      for (guint i = 1; i < order->len; i++)   /* stable insertion sort */
        for (guint j = i; j > 0; j--)
          {
            guint a = g_array_index (order, guint, j - 1), b = g_array_index (order, guint, j);
            if (heatmap_cell (hm, a, d) >= heatmap_cell (hm, b, d))
              break;
            g_array_index (order, guint, j - 1) = b;
            g_array_index (order, guint, j) = a;
          }
      for (guint i = 0; i < order->len; i++)
        {
          guint u = g_array_index (order, guint, i);
          const char *id = g_ptr_array_index (hm->unit_ids, u);
          JsonObject *row = json_object_new ();
          gint64 v = heatmap_cell (hm, u, d), p = pd >= 0 ? heatmap_cell (hm, u, pd) : -1;

          json_object_set_string_member (row, "unit_id", id);
          json_object_set_string_member (row, "name", unit_name (ctx, id));
          if (v >= 0)
            json_object_set_int_member (row, "overdue", v);
          else
            json_object_set_null_member (row, "overdue");
          if (p >= 0)
            json_object_set_int_member (row, "previous", p);
          else
            json_object_set_null_member (row, "previous");
          json_object_set_null_member (row, "online_8h");
          if (hm8 != NULL && d8 >= 0)
            for (guint k = 0; k < hm8->unit_ids->len; k++)
              if (g_str_equal (g_ptr_array_index (hm8->unit_ids, k), id) && heatmap_cell (hm8, k, d8) >= 0)
                json_object_set_int_member (row, "online_8h", heatmap_cell (hm8, k, d8));
          json_array_add_object_element (by_agency, row);
        }
    }
  json_object_set_array_member (o, "by_agency", by_agency);

  /* Ranking over this year's dates up to `date`. */
  {
    g_autoptr(IocHeatmap) year = ioc_store_heatmap (ctx->store, IOC_BRIEFING_METRIC_OVERDUE, year_start, week_end, NULL);
    g_autoptr(IocHeatmap) year8 = ioc_store_heatmap (ctx->store, IOC_BRIEFING_METRIC_ONLINE_8H, year_start, week_end, NULL);

    json_object_set_member (o, "ranking", year != NULL ? ranking (ctx, year, (int) year->dates->len - 1)
                                                       : json_node_new (JSON_NODE_NULL));
    json_object_set_member (o, "ranking_online_8h", year8 != NULL ? ranking (ctx, year8, (int) year8->dates->len - 1)
                                                                  : json_node_new (JSON_NODE_NULL));
    if (year != NULL)
      for (guint k = 0; k < year->dates->len; k++)
        {
          JsonObject *t = json_object_new ();
          json_object_set_string_member (t, "date", g_ptr_array_index (year->dates, k));
          json_object_set_int_member (t, "overdue", heatmap_total (year, k));
          json_array_add_object_element (trend, t);
        }
  }
  json_object_set_array_member (o, "trend", trend);
  return o;
}

/* ---- cameras --------------------------------------------------------------- */

static JsonObject *
cameras (Ctx   *ctx,
         gint64 from)
{
  JsonObject *o = json_object_new ();
  g_autoptr(JsonArray) now = list_range (ctx, &ioc_entity_camera_events, "time", from, from + WEEK_S);
  g_autoptr(JsonArray) before = list_range (ctx, &ioc_entity_camera_events, "time", from - WEEK_S, from);
  g_autoptr(GHashTable) t_now = tally (now, "kind");
  g_autoptr(GHashTable) t_before = tally (before, "kind");
  static const char *const states[] = { "online", "offline", "unknown" };

  json_object_set_int_member (o, "total", count (ctx, NULL, &ioc_entity_cameras));
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      g_autoptr(IocQuery) q = ioc_query_new ();
      ioc_query_add_filter (q, "status", IOC_FILTER_EQ, states[i]);
      json_object_set_int_member (o, states[i], count (ctx, q, &ioc_entity_cameras));
    }
  {
    gint64 v[TREND_WEEKS];
    weekly_counts (ctx, &ioc_entity_camera_events, "time", from, NULL, NULL, v);
    set_trend (o, "ai_events", v, TREND_WEEKS);
  }
  json_object_set_array_member (o, "ai_by_kind", tally_array (t_now, t_before, "name", 0));
  return o;
}

/* ---- SOC -------------------------------------------------------------------- */

static JsonObject *
soc (Ctx   *ctx,
     gint64 from)
{
  JsonObject *o = json_object_new ();
  g_autoptr(JsonArray) now = list_range (ctx, &ioc_entity_alerts, "time", from, from + WEEK_S);
  g_autoptr(JsonArray) before = list_range (ctx, &ioc_entity_alerts, "time", from - WEEK_S, from);
  g_autoptr(GHashTable) cat_now = tally (now, "category");
  g_autoptr(GHashTable) cat_before = tally (before, "category");
  g_autoptr(GHashTable) sev_now = tally (now, "severity");
  g_autoptr(GHashTable) sev_before = tally (before, "severity");
  g_autoptr(GHashTable) sites = tally (now, "site");
  JsonArray *trend = json_array_new ();

  {
    gint64 v[TREND_WEEKS];
    weekly_counts (ctx, &ioc_entity_alerts, "time", from, NULL, NULL, v);
    set_trend (o, "alerts", v, TREND_WEEKS);
    weekly_counts (ctx, &ioc_entity_alerts, "time", from, "severity", "critical,high", v);
    set_trend (o, "severe", v, TREND_WEEKS);
  }
  json_object_set_array_member (o, "by_category", tally_array (cat_now, cat_before, "name", 0));
  json_object_set_array_member (o, "by_severity", tally_array (sev_now, sev_before, "name", 0));
  g_hash_table_remove (sites, "—");
  json_object_set_array_member (o, "top_sites", tally_array (sites, NULL, "name", 5));
  for (int k = TREND_WEEKS - 1; k >= 0; k--)
    {
      gint64 f = from - (gint64) k * WEEK_S;
      JsonObject *t = json_object_new ();
      g_autofree char *d = date_of (f);

      json_object_set_string_member (t, "week_start", d);
      json_object_set_int_member (t, "alerts",
                                  json_array_get_int_element (json_object_get_array_member (json_object_get_object_member (o, "alerts"), "trend"),
                                                              TREND_WEEKS - 1 - k));
      json_array_add_object_element (trend, t);
    }
  json_object_set_array_member (o, "trend", trend);
  return o;
}

/* ---- indicators ------------------------------------------------------------- */

#define INDICATOR_MONTHS 24
#define ANOMALY_MONTHS 12
#define MAX_ANOMALY_LIST 30

/* "2023-11" + delta months → "yyyy-mm" */
static char *
month_add (const char *month,
           int         delta)
{
  int y = (int) g_ascii_strtoll (month, NULL, 10);
  int m = month[4] == '-' ? (int) g_ascii_strtoll (month + 5, NULL, 10) : 1;
  int n = y * 12 + (m - 1) + delta;

  return g_strdup_printf ("%04d-%02d", n / 12, n % 12 + 1);
}

static gboolean
real_member (JsonObject *row,
             const char *member,
             double     *out)
{
  JsonNode *n = json_object_get_member (row, member);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) == G_TYPE_STRING)
    return FALSE;
  *out = json_node_get_double (n);
  return TRUE;
}

static void
set_real_or_null (JsonObject *o,
                  const char *member,
                  JsonObject *row,
                  const char *row_member)
{
  double v;

  if (row != NULL && real_member (row, row_member, &v))
    json_object_set_double_member (o, member, v);
  else
    json_object_set_null_member (o, member);
}

static int
anomaly_row_cmp (gconstpointer a,
                 gconstpointer b)
{
  JsonObject *x = *(JsonObject * const *) a, *y = *(JsonObject * const *) b;
  int c = g_strcmp0 (text_member (y, "month"), text_member (x, "month"));   /* newest first */

  if (c != 0)
    return c;
  c = g_strcmp0 (text_member (x, "group_code"), text_member (y, "group_code"));
  return c != 0 ? c : g_strcmp0 (text_member (x, "indicator"), text_member (y, "indicator"));
}

/* One group: its headline indicator (the one with most months in the
 * window, then the first by name) with its series, and the counts. */
static JsonObject *
indicator_group (const IocIndicatorGroup *g,
                 GPtrArray               *rows,      /* this group's, sorted by month */
                 const char              *month,
                 const char              *anomaly_from,
                 GPtrArray               *anomalies) /* out: rows with an anomaly */
{
  JsonObject *o = json_object_new ();
  g_autoptr(GHashTable) months_of = g_hash_table_new (g_str_hash, g_str_equal);
  const char *headline = NULL;
  guint best = 0;
  gint64 checked = 0, below = 0, n_anomalies = 0, n_latest = 0;

  json_object_set_string_member (o, "group_code", g->code);
  json_object_set_string_member (o, "name_en", g->name_en);
  json_object_set_string_member (o, "name_vi", g->name_vi);
  for (guint i = 0; i < rows->len; i++)
    {
      JsonObject *r = g_ptr_array_index (rows, i);
      const char *ind = text_member (r, "indicator");
      const char *m = text_member (r, "month");
      const char *an = text_member (r, "anomaly");
      double v, t;
      guint n;

      if (ind == NULL || m == NULL)
        continue;
      n = GPOINTER_TO_UINT (g_hash_table_lookup (months_of, ind)) + 1;
      g_hash_table_insert (months_of, (gpointer) ind, GUINT_TO_POINTER (n));
      if (g_str_equal (m, month))
        {
          checked++;
          if (real_member (r, "value", &v) && real_member (r, "target", &t) && v < t)
            below++;
          if (an != NULL)
            n_latest++;
        }
      if (an != NULL && g_strcmp0 (m, anomaly_from) >= 0)
        {
          n_anomalies++;
          g_ptr_array_add (anomalies, r);
        }
    }
  {
    GHashTableIter iter;
    gpointer k, v;

    g_hash_table_iter_init (&iter, months_of);
    while (g_hash_table_iter_next (&iter, &k, &v))
      if (GPOINTER_TO_UINT (v) > best || (GPOINTER_TO_UINT (v) == best && g_strcmp0 (k, headline) < 0))
        {
          best = GPOINTER_TO_UINT (v);
          headline = k;
        }
  }
  json_object_set_int_member (o, "checked", checked);
  json_object_set_int_member (o, "below_target", below);
  json_object_set_int_member (o, "anomalies", n_anomalies);
  json_object_set_int_member (o, "anomalies_latest", n_latest);
  json_object_set_int_member (o, "indicators", g_hash_table_size (months_of));
  if (headline == NULL)
    {
      json_object_set_null_member (o, "headline");
      return o;
    }
  {
    JsonObject *h = json_object_new ();
    JsonArray *series = json_array_new ();
    JsonObject *last = NULL, *before = NULL;

    for (guint i = 0; i < rows->len; i++)
      {
        JsonObject *r = g_ptr_array_index (rows, i);
        JsonObject *p;

        if (g_strcmp0 (text_member (r, "indicator"), headline) != 0)
          continue;
        p = json_object_new ();
        json_object_set_string_member (p, "month", text_member (r, "month"));
        set_real_or_null (p, "value", r, "value");
        set_real_or_null (p, "target", r, "target");
        if (text_member (r, "anomaly") != NULL)
          json_object_set_string_member (p, "anomaly", text_member (r, "anomaly"));
        else
          json_object_set_null_member (p, "anomaly");
        json_array_add_object_element (series, p);
        before = last;
        last = r;
      }
    json_object_set_string_member (h, "indicator", headline);
    if (text_member (last, "unit") != NULL)
      json_object_set_string_member (h, "unit", text_member (last, "unit"));
    else
      json_object_set_null_member (h, "unit");
    json_object_set_string_member (h, "month", text_member (last, "month"));
    set_real_or_null (h, "value", last, "value");
    set_real_or_null (h, "target", last, "target");
    set_real_or_null (h, "previous", before, "value");
    if (before != NULL)
      json_object_set_string_member (h, "previous_month", text_member (before, "month"));
    else
      json_object_set_null_member (h, "previous_month");
    json_object_set_array_member (h, "series", series);
    json_object_set_object_member (o, "headline", h);
  }
  return o;
}

static JsonObject *
indicators (Ctx        *ctx,
            const char *week_end)
{
  JsonObject *o = json_object_new ();
  g_autoptr(IocQuery) q = ioc_query_new ();
  g_autoptr(JsonArray) latest = NULL;
  g_autoptr(JsonArray) rows = NULL;
  g_autofree char *month = NULL, *from_month = NULL, *anomaly_from = NULL;
  g_autofree char *end_month = g_strndup (week_end, 7);
  g_autoptr(GHashTable) by_group = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                          (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GPtrArray) anomalies = g_ptr_array_new ();
  JsonArray *groups = json_array_new ();
  JsonArray *list = json_array_new ();
  gint64 n_checked = 0, n_below = 0, n_anomalies = 0;

  ioc_query_add_filter (q, "month", IOC_FILTER_LE, end_month);
  q->sort_column = g_strdup ("month");
  q->sort_desc = TRUE;
  q->limit = 1;
  latest = ioc_store_list (ctx->store, &ioc_entity_indicators, q, NULL, NULL);
  if (latest != NULL && json_array_get_length (latest) > 0)
    month = g_strdup (text_member (json_array_get_object_element (latest, 0), "month"));
  if (month != NULL)
    {
      g_autoptr(IocQuery) mq = ioc_query_new ();

      from_month = month_add (month, -(INDICATOR_MONTHS - 1));
      anomaly_from = month_add (month, -(ANOMALY_MONTHS - 1));
      ioc_query_add_filter (mq, "month", IOC_FILTER_GE, from_month);
      ioc_query_add_filter (mq, "month", IOC_FILTER_LE, month);
      mq->sort_column = g_strdup ("month");
      mq->limit = 0;
      rows = ioc_store_list (ctx->store, &ioc_entity_indicators, mq, NULL, NULL);
    }
  for (guint i = 0; rows != NULL && i < json_array_get_length (rows); i++)
    {
      JsonObject *r = json_array_get_object_element (rows, i);
      const IocIndicatorGroup *g = ioc_indicator_group_find (text_member (r, "group_code"));
      GPtrArray *a;

      if (g == NULL)
        continue;   /* not one of the 16 groups: the import refuses those */
      a = g_hash_table_lookup (by_group, g->code);
      if (a == NULL)
        g_hash_table_insert (by_group, (gpointer) g->code, a = g_ptr_array_new ());
      g_ptr_array_add (a, r);
    }
  for (const IocIndicatorGroup *g = ioc_indicator_groups; g->code != NULL; g++)
    {
      GPtrArray *a = g_hash_table_lookup (by_group, g->code);
      g_autoptr(GPtrArray) none = g_ptr_array_new ();
      JsonObject *go = indicator_group (g, a != NULL ? a : none, month != NULL ? month : "",
                                        anomaly_from != NULL ? anomaly_from : "", anomalies);

      n_checked += json_object_get_int_member (go, "checked");
      n_below += json_object_get_int_member (go, "below_target");
      n_anomalies += json_object_get_int_member (go, "anomalies");
      json_array_add_object_element (groups, go);
    }
  g_ptr_array_sort (anomalies, anomaly_row_cmp);
  for (guint i = 0; i < anomalies->len && i < MAX_ANOMALY_LIST; i++)
    {
      JsonObject *r = g_ptr_array_index (anomalies, i);
      JsonObject *a = json_object_new ();
      static const char *const texts[] = { "group_code", "indicator", "month", "anomaly", "anomaly_detail", "unit" };

      for (guint k = 0; k < G_N_ELEMENTS (texts); k++)
        if (text_member (r, texts[k]) != NULL)
          json_object_set_string_member (a, texts[k], text_member (r, texts[k]));
        else
          json_object_set_null_member (a, texts[k]);
      set_real_or_null (a, "value", r, "value");
      set_real_or_null (a, "target", r, "target");
      json_array_add_object_element (list, a);
    }
  if (month != NULL)
    json_object_set_string_member (o, "month", month);
  else
    json_object_set_null_member (o, "month");
  if (anomaly_from != NULL)
    json_object_set_string_member (o, "anomalies_from", anomaly_from);
  else
    json_object_set_null_member (o, "anomalies_from");
  json_object_set_int_member (o, "checked", n_checked);
  json_object_set_int_member (o, "below_target", n_below);
  json_object_set_int_member (o, "anomalies", n_anomalies);
  json_object_set_array_member (o, "groups", groups);
  json_object_set_array_member (o, "anomaly_list", list);
  return o;
}

/* ---- freshness --------------------------------------------------------------- */

static JsonArray *
sources (Ctx *ctx)
{
  g_autoptr(IocQuery) q = ioc_query_new ();
  JsonArray *rows;

  q->limit = 0;
  rows = ioc_store_list (ctx->store, &ioc_entity_sources, q, NULL, NULL);
  return rows != NULL ? rows : json_array_new ();
}

JsonObject *
ioc_briefing_compute (IocStore    *store,
                      const char  *week_start,
                      GError     **error)
{
  g_autofree char *monday = ioc_briefing_week_of (week_start);
  g_autoptr(JsonObject) o = NULL;
  g_autofree char *week_end = NULL, *prev = NULL, *now_text = NULL;
  Ctx ctx = { store, NULL, NULL };
  gint64 from;

  if (monday == NULL || !g_str_equal (monday, week_start))
    {
      g_set_error (error, IOC_STORE_ERROR, IOC_STORE_ERROR_INVALID,
                   "week must be the date of a Monday, yyyy-mm-dd");
      return NULL;
    }
  from = ioc_briefing_week_time (monday);
  week_end = date_of (from + WEEK_S - 86400);
  prev = date_of (from - WEEK_S);
  now_text = ioc_time_format (g_get_real_time () / G_USEC_PER_SEC);
  ctx.names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  o = json_object_new ();
  json_object_set_string_member (o, "week_start", monday);
  json_object_set_string_member (o, "week_end", week_end);
  json_object_set_string_member (o, "previous_week_start", prev);
  json_object_set_string_member (o, "computed_at", now_text);
  {
    JsonArray *weeks = json_array_new ();
    for (int k = TREND_WEEKS - 1; k >= 0; k--)
      {
        g_autofree char *w = date_of (from - (gint64) k * WEEK_S);
        json_array_add_string_element (weeks, w);
      }
    json_object_set_array_member (o, "trend_weeks", weeks);
  }
  /* Each part's time in the debug log (bench-report prints them). */
#define TIMED(name, expr) G_STMT_START {                                             \
    gint64 t0_ = g_get_monotonic_time ();                                             \
    expr;                                                                            \
    g_debug ("briefing: %-13s %6.1f ms", name, (g_get_monotonic_time () - t0_) / 1000.0); \
  } G_STMT_END
  TIMED ("field_reports", json_object_set_object_member (o, "field_reports", field_reports (&ctx, from)));
  TIMED ("dossiers", json_object_set_object_member (o, "dossiers", dossiers (&ctx, from, week_end)));
  TIMED ("cameras", json_object_set_object_member (o, "cameras", cameras (&ctx, from)));
  TIMED ("soc", json_object_set_object_member (o, "soc", soc (&ctx, from)));
  TIMED ("indicators", json_object_set_object_member (o, "indicators", indicators (&ctx, week_end)));
  TIMED ("sources", json_object_set_array_member (o, "sources", sources (&ctx)));
#undef TIMED
  g_hash_table_unref (ctx.names);
  if (ctx.error != NULL)
    {
      g_propagate_error (error, ctx.error);
      return NULL;
    }
  return g_steal_pointer (&o);
}

JsonObject *
ioc_briefing_compute_file (const char  *database,
                           const char  *week_start,
                           GError     **error)
{
  g_autoptr(IocStore) store = ioc_sqlite_store_open (database, error);

  if (store == NULL)
    return NULL;
  return ioc_briefing_compute (store, week_start, error);
}

typedef struct {
  char *database;
  char *week_start;
} ComputeJob;

static void
compute_job_free (gpointer p)
{
  ComputeJob *job = p;

  g_free (job->database);
  g_free (job->week_start);
  g_free (job);
}

static void
compute_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ComputeJob *job = task_data;
  GError *error = NULL;
  gint64 t0 = g_get_monotonic_time ();
  JsonObject *figures = ioc_briefing_compute_file (job->database, job->week_start, &error);

  if (figures == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_debug ("briefing for %s computed in %.0f ms", job->week_start, (g_get_monotonic_time () - t0) / 1000.0);
  g_task_return_pointer (task, figures, (GDestroyNotify) json_object_unref);
}

void
ioc_briefing_compute_async (const char          *database,
                            const char          *week_start,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  ComputeJob *job = g_new0 (ComputeJob, 1);

  job->database = g_strdup (database);
  job->week_start = g_strdup (week_start);
  g_task_set_source_tag (task, ioc_briefing_compute_async);
  g_task_set_name (task, "briefing");
  g_task_set_task_data (task, job, compute_job_free);
  g_task_run_in_thread (task, compute_thread);
}

JsonObject *
ioc_briefing_compute_finish (GAsyncResult  *result,
                             GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
