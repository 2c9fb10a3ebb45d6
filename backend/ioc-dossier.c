/* ioc-dossier.c — dossier records, their daily counts, horizon, tickets
 *
 * See ioc-dossier.h for the definitions. The import of records is the one
 * path that must be fast (1.5 million rows in 15 months at the province):
 * it reads the CSV with column indices, parses times by hand, and writes
 * through ioc_store_put_dossier()/ioc_store_add_stat() with prepared
 * statements; the counts of a batch are summed per agency and day as
 * difference arrays before anything is written.
 */
#define G_LOG_DOMAIN "iocd-dossier"

#include "ioc-dossier.h"
#include "ioc-csv.h"
#include "ioc-import-private.h"
#include "ioc-json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- working hours ---------------------------------------------------- */

#define MAX_SPANS 8

struct _IocWorkingHours {
  guint    n_spans;
  gint32   start[MAX_SPANS];    /* seconds after local midnight */
  gint32   end[MAX_SPANS];
  guint8   weekdays;            /* bit 0 = Monday … bit 6 = Sunday */
  GArray  *holidays;            /* gint32 day numbers, sorted */
  gint64   accept_s;            /* working time to accept an online dossier */
};

IocWorkingHours *
ioc_working_hours_new_default (void)
{
  IocWorkingHours *h = g_new0 (IocWorkingHours, 1);

  h->n_spans = 2;
  h->start[0] = 7 * 3600 + 30 * 60;
  h->end[0] = 11 * 3600 + 30 * 60;
  h->start[1] = 13 * 3600 + 30 * 60;
  h->end[1] = 17 * 3600;
  h->weekdays = 0x1f;
  h->holidays = g_array_new (FALSE, FALSE, sizeof (gint32));
  h->accept_s = 8 * 3600;
  return h;
}

void
ioc_working_hours_free (IocWorkingHours *h)
{
  if (h == NULL)
    return;
  g_array_unref (h->holidays);
  g_free (h);
}

static gboolean
parse_clock (const char *s,
             gint32     *out)
{
  unsigned hh, mm;
  char tail;

  if (sscanf (s, "%2u:%2u%c", &hh, &mm, &tail) != 2 || hh > 24 || mm > 59 || (hh == 24 && mm > 0))
    return FALSE;
  *out = (gint32) (hh * 3600 + mm * 60);
  return TRUE;
}

static int
compare_day (gconstpointer a,
             gconstpointer b)
{
  gint32 x = *(const gint32 *) a, y = *(const gint32 *) b;
  return x < y ? -1 : x > y;
}

IocWorkingHours *
ioc_working_hours_new_from_config (IocConfig  *config,
                                   GError    **error)
{
  static const char *const days[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };
  g_autoptr(IocWorkingHours) h = ioc_working_hours_new_default ();
  g_autofree char *spans = ioc_config_group_string (config, "dossiers", "working-hours", NULL);
  g_autofree char *weekdays = ioc_config_group_string (config, "dossiers", "working-days", NULL);
  g_autofree char *holidays = ioc_config_group_string (config, "dossiers", "holidays", NULL);
  gint64 hours;

  if (spans != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (spans, ",", -1);
      h->n_spans = 0;
      for (guint i = 0; parts[i] != NULL; i++)
        {
          g_autofree char *part = g_strstrip (g_strdup (parts[i]));
          char *dash = strchr (part, '-');
          gint32 a, b;

          if (*part == '\0')
            continue;
          if (dash == NULL || h->n_spans == MAX_SPANS)
            goto bad_spans;
          *dash = '\0';
          if (!parse_clock (g_strstrip (part), &a) || !parse_clock (g_strstrip (dash + 1), &b) || a >= b ||
              (h->n_spans > 0 && a < h->end[h->n_spans - 1]))
            goto bad_spans;
          h->start[h->n_spans] = a;
          h->end[h->n_spans] = b;
          h->n_spans++;
        }
      if (h->n_spans == 0)
        goto bad_spans;
    }
  if (weekdays != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (weekdays, ",", -1);
      h->weekdays = 0;
      for (guint i = 0; parts[i] != NULL; i++)
        {
          g_autofree char *d = g_ascii_strdown (g_strstrip (parts[i]), -1);
          gboolean found = FALSE;
          for (guint k = 0; k < 7; k++)
            if (g_str_equal (d, days[k]))
              {
                h->weekdays |= 1u << k;
                found = TRUE;
              }
          if (!found && *d != '\0')
            {
              g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                           "[dossiers] working-days: “%s” is not one of mon, tue, wed, thu, fri, sat, sun", d);
              return NULL;
            }
        }
      if (h->weekdays == 0)
        {
          g_set_error_literal (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                               "[dossiers] working-days names no day");
          return NULL;
        }
    }
  if (holidays != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (holidays, ",", -1);
      for (guint i = 0; parts[i] != NULL; i++)
        {
          g_autofree char *d = g_strstrip (g_strdup (parts[i]));
          gint32 day;
          if (*d == '\0')
            continue;
          if (!ioc_day_parse (d, &day))
            {
              g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                           "[dossiers] holidays: “%s” is not a date yyyy-mm-dd", d);
              return NULL;
            }
          g_array_append_val (h->holidays, day);
        }
      g_array_sort (h->holidays, compare_day);
    }
  if (!ioc_config_group_int (config, "dossiers", "online-accept-hours", 8, 1, 240, &hours, error))
    return NULL;
  h->accept_s = hours * 3600;
  return g_steal_pointer (&h);

bad_spans:
  g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
               "[dossiers] working-hours must be spans HH:MM-HH:MM in order, comma-separated "
               "(e.g. 07:30-11:30,13:30-17:00), not “%s”", spans);
  return NULL;
}

static gboolean
is_working_day (const IocWorkingHours *h,
                gint32                 day)
{
  int weekday = (int) (((gint64) day + 3) % 7);   /* 1970-01-01 was a Thursday */

  if (weekday < 0)
    weekday += 7;
  if (!(h->weekdays & (1u << weekday)))
    return FALSE;
  return h->holidays->len == 0 ||
         bsearch (&day, h->holidays->data, h->holidays->len, sizeof (gint32), compare_day) == NULL;
}

gint64
ioc_working_hours_add (const IocWorkingHours *h,
                       gint64                 start,
                       gint64                 seconds)
{
  gint32 day = ioc_day_of_time (start);
  gint64 sec = start - ioc_time_of_day (day);
  gint64 remaining = seconds;

  if (seconds <= 0)
    return start;
  /* At most ten years of looking for working time (a config with no
   * working day at all is refused when it is read). */
  for (guint guard = 0; guard < 3660; guard++, day++, sec = 0)
    {
      if (!is_working_day (h, day))
        continue;
      for (guint i = 0; i < h->n_spans; i++)
        {
          gint64 from, avail;
          if (sec >= h->end[i])
            continue;
          from = MAX (sec, (gint64) h->start[i]);
          avail = h->end[i] - from;
          if (remaining <= avail)
            return ioc_time_of_day (day) + from + remaining;
          remaining -= avail;
        }
    }
  return G_MAXINT64;
}

gint64
ioc_working_hours_accept_deadline (const IocWorkingHours *h,
                                   gint64                 received)
{
  return ioc_working_hours_add (h, received, h->accept_s);
}

/* ---- parsing records (worker thread) ---------------------------------- */

typedef struct {
  IocDossierRow row;
  guint         line;
} DossierRecord;

enum { C_ID, C_AGENCY, C_AGENCY_ID, C_AGENCY_NAME, C_PROCEDURE, C_FIELD, C_CHANNEL,
       C_RECEIVED, C_DUE, C_ACCEPTED, C_RESOLVED, C_ROW_NO, C_NOTE, N_COLS };

static const char *const record_columns[] = {
  "id", "agency", "agency_id", "agency_name", "procedure", "field", "channel",
  "received_at", "due_at", "accepted_at", "resolved_at", "row_no", "note", NULL
};

typedef struct {
  IocImportParser *p;
  int              col[N_COLS];     /* -1: absent */
  guint            n_columns;
  IocWorkingHours *own_hours;
  const IocWorkingHours *hours;
  gint32           last_day;        /* the date of the previous row, cached */
  char             last_date[11];
  char            *last_agency;     /* … and its agency, when it named one unit whatever the date */
  const char      *last_unit;
} RecordsParse;

static char *
trim (const char *field)
{
  char *s = (char *) field;   /* the reader's scratch buffer: ours to edit */
  gsize n;

  while (*s == ' ' || *s == '\t')
    s++;
  n = strlen (s);
  while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
    s[--n] = '\0';
  return s;
}

static const char *
normalise_channel (const char *c)
{
  static const char *const names[] = { "direct", "postal", "online_partial", "online_full" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const char *n = names[i];
      const char *a = c;
      /* online-partial = online_partial, any case */
      for (; *a && *n; a++, n++)
        if (g_ascii_tolower (*a) != *n && !(*a == '-' && *n == '_'))
          break;
      if (*a == '\0' && *n == '\0')
        return names[i];
    }
  return NULL;
}

/* "yyyy-mm-dd" of a day, without printf (it runs per row). */
static void
day_string (gint32  day,
            char   *buf)
{
  ioc_day_format (day, buf);
}

static gboolean
record_header (RecordsParse       *r,
               const char *const  *fields,
               guint               n,
               GError            **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  static const char *const required[] = { "id", "received_at", NULL };

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (names, g_strstrip (g_strdup (fields[i])));
  g_ptr_array_add (names, NULL);
  if (!ioc_import_check_columns ((const char *const *) names->pdata, n, record_columns, required, error))
    return FALSE;
  for (guint c = 0; c < N_COLS; c++)
    {
      r->col[c] = -1;
      for (guint i = 0; i < n; i++)
        if (g_str_equal (g_ptr_array_index (names, i), record_columns[c]))
          r->col[c] = (int) i;
    }
  if (r->col[C_AGENCY] < 0 && r->col[C_AGENCY_ID] < 0 && r->col[C_AGENCY_NAME] < 0)
    {
      g_set_error_literal (error, IOC_IMPORT_ERROR, IOC_IMPORT_ERROR_FORMAT,
                           "the column “agency” (an id or a name) is missing");
      return FALSE;
    }
  r->n_columns = n;
  return TRUE;
}

static const char *
field_at (const char *const *fields,
          int                col)
{
  return col >= 0 ? trim (fields[col]) : NULL;
}

/* An optional time: "" is none. */
static gboolean
optional_time (IocImportParser *p,
               guint            line,
               const char      *column,
               const char      *text,
               gboolean         may_be_future,
               gint64          *out)
{
  *out = 0;
  if (text == NULL || *text == '\0')
    return TRUE;
  if (may_be_future)
    {
      if (!ioc_import_parse_time (text, out))
        {
          ioc_import_reject (p, line, "%s must be a time “yyyy-mm-dd hh:mm[:ss]” or “dd/mm/yyyy hh:mm[:ss]”, not “%s”",
                             column, text);
          return FALSE;
        }
      return TRUE;
    }
  return ioc_import_time (p, line, column, text, out);
}

static gboolean
record_row (const char *const  *fields,
            guint               n,
            guint               line,
            gboolean            is_header,
            gpointer            user_data,
            GError            **error)
{
  RecordsParse *r = user_data;
  IocImportParser *p = r->p;
  DossierRecord rec = { { 0 }, line };
  const char *id, *agency_text, *agency, *channel_text, *procedure, *field;
  char date[11];

  if (is_header)
    {
      if (!record_header (r, fields, n, error))
        {
          g_prefix_error (error, "line %u: ", line);
          return FALSE;
        }
      return TRUE;
    }
  if (ioc_import_stopped (p))
    return TRUE;
  p->result->read++;
  if (n != r->n_columns)
    {
      ioc_import_reject (p, line, "%u fields, the header has %u", n, r->n_columns);
      return TRUE;
    }

  id = field_at (fields, r->col[C_ID]);
  if (!ioc_import_text (p, line, "id", id, 64, TRUE))
    return TRUE;
  if (!ioc_import_time (p, line, "received_at", field_at (fields, r->col[C_RECEIVED]), &rec.row.received_at) ||
      !optional_time (p, line, "due_at", field_at (fields, r->col[C_DUE]), TRUE, &rec.row.due_at) ||
      !optional_time (p, line, "accepted_at", field_at (fields, r->col[C_ACCEPTED]), FALSE, &rec.row.accepted_at) ||
      !optional_time (p, line, "resolved_at", field_at (fields, r->col[C_RESOLVED]), FALSE, &rec.row.resolved_at))
    return TRUE;
  if (rec.row.due_at != 0 && rec.row.due_at < rec.row.received_at)
    {
      ioc_import_reject (p, line, "due_at is before received_at");
      return TRUE;
    }
  if (rec.row.accepted_at != 0 && rec.row.accepted_at < rec.row.received_at)
    {
      ioc_import_reject (p, line, "accepted_at is before received_at");
      return TRUE;
    }
  if (rec.row.resolved_at != 0 && rec.row.resolved_at < rec.row.received_at)
    {
      ioc_import_reject (p, line, "resolved_at is before received_at");
      return TRUE;
    }

  channel_text = field_at (fields, r->col[C_CHANNEL]);
  if (channel_text != NULL && *channel_text != '\0')
    {
      rec.row.channel = normalise_channel (channel_text);
      if (rec.row.channel == NULL)
        {
          ioc_import_reject (p, line, "channel must be direct, postal, online_partial or online_full, not “%s”",
                             channel_text);
          return TRUE;
        }
    }
  procedure = field_at (fields, r->col[C_PROCEDURE]);
  field = field_at (fields, r->col[C_FIELD]);
  if (!ioc_import_text (p, line, "procedure", procedure, 1000, FALSE) ||
      !ioc_import_text (p, line, "field", field, 300, FALSE))
    return TRUE;

  {
    gint32 day = ioc_day_of_time (rec.row.received_at);
    if (day != r->last_day || r->last_date[0] == '\0')
      {
        day_string (day, r->last_date);
        r->last_day = day;
      }
    memcpy (date, r->last_date, sizeof date);
  }
  agency_text = field_at (fields, r->col[C_AGENCY]);
  if (agency_text != NULL && *agency_text != '\0')
    {
      /* Exports come sorted by agency or by date: the same text again is
       * the same unit when its name names only one. */
      if (r->last_agency != NULL && strcmp (agency_text, r->last_agency) == 0)
        agency = r->last_unit;
      else
        {
          agency = ioc_import_unit (p, line, agency_text, agency_text, date);
          g_clear_pointer (&r->last_agency, g_free);
          if (agency != NULL && ioc_unit_resolver_lookup (p->opts->units, agency_text, agency_text, NULL, NULL) != NULL)
            {
              r->last_agency = g_strdup (agency_text);
              r->last_unit = agency;
            }
        }
    }
  else
    agency = ioc_import_unit (p, line, field_at (fields, r->col[C_AGENCY_ID]),
                              field_at (fields, r->col[C_AGENCY_NAME]), date);
  if (agency == NULL)
    return TRUE;

  if (rec.row.channel != NULL && g_str_has_prefix (rec.row.channel, "online"))
    rec.row.accept_deadline = ioc_working_hours_accept_deadline (r->hours, rec.row.received_at);

  /* Ids are unique: copy them plainly; the rest repeats, share it. */
  rec.row.id = ioc_import_copy (p, id);
  rec.row.agency_id = ioc_import_intern (p, agency);
  rec.row.procedure = procedure != NULL && *procedure != '\0' ? ioc_import_intern (p, procedure) : NULL;
  rec.row.field = field != NULL && *field != '\0' ? ioc_import_intern (p, field) : NULL;
  ioc_import_emit (p, &rec);
  return TRUE;
}

static gboolean
records_parse (IocImportParser  *p,
               const char       *data,
               gsize             length,
               GError          **error)
{
  RecordsParse r = { p };
  gboolean ok;

  r.hours = p->opts->hours;
  if (r.hours == NULL)
    r.hours = r.own_hours = ioc_working_hours_new_default ();
  ok = ioc_import_csv (p, data, length, record_row, &r, error);
  ioc_working_hours_free (r.own_hours);
  g_free (r.last_agency);
  if (!ok && error != NULL && *error != NULL && (*error)->domain != IOC_IMPORT_ERROR)
    {
      GError *e = *error;
      *error = g_error_new_literal (IOC_IMPORT_ERROR, IOC_IMPORT_ERROR_FORMAT, e->message);
      g_error_free (e);
    }
  return ok;
}

/* ---- counts: contributions as difference arrays ------------------------ */

enum { M_OVERDUE, M_ONLINE, M_LATE, N_METRICS };
static const char *const metric_names[N_METRICS] = {
  IOC_DOSSIER_METRIC_OVERDUE, IOC_DOSSIER_METRIC_ONLINE_OVER_8H, IOC_DOSSIER_METRIC_RESOLVED_LATE,
};

typedef struct {
  gint32 day;
  gint32 delta;
} Point;

typedef struct {
  GArray *points[N_METRICS];
} AgencyDeltas;

static void
agency_deltas_free (gpointer data)
{
  AgencyDeltas *a = data;

  for (guint m = 0; m < N_METRICS; m++)
    g_array_unref (a->points[m]);
  g_free (a);
}

typedef struct {
  GHashTable *agencies;   /* agency id (in strings) → AgencyDeltas */
  GStringChunk *strings;
} Deltas;

static void
deltas_init (Deltas *d)
{
  d->agencies = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, agency_deltas_free);
  d->strings = g_string_chunk_new (1024);
}

static void
deltas_clear (Deltas *d)
{
  g_clear_pointer (&d->agencies, g_hash_table_unref);
  g_clear_pointer (&d->strings, g_string_chunk_free);
}

static void
add_range (Deltas     *d,
           const char *agency,
           guint       metric,
           gint32      first,
           gint32      last,
           int         sign)
{
  AgencyDeltas *a = g_hash_table_lookup (d->agencies, agency);
  Point p;

  if (last < first)
    return;
  if (a == NULL)
    {
      a = g_new0 (AgencyDeltas, 1);
      for (guint m = 0; m < N_METRICS; m++)
        a->points[m] = g_array_new (FALSE, FALSE, sizeof (Point));
      g_hash_table_insert (d->agencies, g_string_chunk_insert_const (d->strings, agency), a);
    }
  p.day = first;
  p.delta = sign;
  g_array_append_val (a->points[metric], p);
  p.day = last + 1;
  p.delta = -sign;
  g_array_append_val (a->points[metric], p);
}

static gint64
earliest (gint64 a,
          gint64 b)
{
  if (a == 0)
    return b;
  if (b == 0)
    return a;
  return MIN (a, b);
}

/* The days on which @r counts, up to @horizon, with @sign. */
static void
contribute (Deltas              *d,
            const IocDossierRow *r,
            gint32               horizon,
            int                  sign)
{
  gint32 received = ioc_day_of_time (r->received_at);

  if (r->due_at != 0)
    {
      gint32 first = MAX (ioc_day_of_time (r->due_at), received);
      gint32 last = r->resolved_at != 0 ? ioc_day_of_time (r->resolved_at) - 1 : horizon;
      add_range (d, r->agency_id, M_OVERDUE, first, MIN (last, horizon), sign);
      if (r->resolved_at != 0 && r->resolved_at > r->due_at)
        {
          gint32 day = ioc_day_of_time (r->resolved_at);
          if (day <= horizon)
            add_range (d, r->agency_id, M_LATE, day, day, sign);
        }
    }
  if (r->accept_deadline != 0)
    {
      gint64 accepted = earliest (r->accepted_at, r->resolved_at);
      gint32 first = ioc_day_of_time (r->accept_deadline);
      gint32 last = accepted != 0 ? ioc_day_of_time (accepted) - 1 : horizon;
      if (accepted == 0 || accepted > r->accept_deadline)
        add_range (d, r->agency_id, M_ONLINE, first, MIN (last, horizon), sign);
    }
}

static int
compare_point (gconstpointer a,
               gconstpointer b)
{
  return compare_day (&((const Point *) a)->day, &((const Point *) b)->day);
}

/* Writes the summed deltas: every day between two points carries the
 * running sum. */
static gboolean
deltas_flush (Deltas    *d,
              IocStore  *store,
              GError   **error)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, d->agencies);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      AgencyDeltas *a = value;
      for (guint m = 0; m < N_METRICS; m++)
        {
          GArray *pts = a->points[m];
          gint64 running = 0;

          g_array_sort (pts, compare_point);
          for (guint i = 0; i < pts->len; )
            {
              gint32 day = g_array_index (pts, Point, i).day;
              gint32 next;
              while (i < pts->len && g_array_index (pts, Point, i).day == day)
                running += g_array_index (pts, Point, i++).delta;
              if (i >= pts->len || running == 0)
                continue;
              next = g_array_index (pts, Point, i).day;
              for (gint32 k = day; k < next; k++)
                {
                  char date[11];
                  day_string (k, date);
                  if (!ioc_store_add_stat (store, key, date, metric_names[m], running, error))
                    return FALSE;
                }
            }
        }
    }
  g_hash_table_remove_all (d->agencies);
  return TRUE;
}

/* Every agency has a value for every day from its first dossier to the
 * horizon: fills the missing cells of [first, last] with 0. */
static gboolean
fill_zeros (IocStore    *store,
            const char  *agency,
            gint32       first,
            gint32       last,
            GError     **error)
{
  for (guint m = 0; m < N_METRICS; m++)
    for (gint32 k = first; k <= last; k++)
      {
        char date[11];
        day_string (k, date);
        if (!ioc_store_add_stat (store, agency, date, metric_names[m], 0, error))
          return FALSE;
      }
  return TRUE;
}

/* ---- the horizon ------------------------------------------------------ */

#define HORIZON_KEY "dossiers.horizon"

char *
ioc_dossier_horizon (IocStore *store)
{
  g_autoptr(JsonObject) row = ioc_store_get (store, &ioc_entity_rollups, HORIZON_KEY, FALSE, NULL);

  return row != NULL ? g_strdup (json_object_get_string_member (row, "value")) : NULL;
}

static gboolean
set_horizon (IocStore    *store,
             gint32       day,
             GError     **error)
{
  g_autoptr(JsonObject) row = json_object_new ();
  char date[11];

  day_string (day, date);
  json_object_set_string_member (row, "name", HORIZON_KEY);
  json_object_set_string_member (row, "value", date);
  return ioc_store_upsert (store, &ioc_entity_rollups, row, error);
}

static gint64
member_time (JsonObject *o,
             const char *member)
{
  const char *text = json_object_get_string_member_with_default (o, member, NULL);
  gint64 t = 0;

  if (text == NULL || !ioc_time_parse (text, NULL, &t))
    return 0;
  return t;
}

gint
ioc_dossier_advance (IocStore  *store,
                     gint64     now,
                     GError   **error)
{
  g_autofree char *horizon_text = ioc_dossier_horizon (store);
  gint32 today = ioc_day_today (now), horizon;
  g_autoptr(IocQuery) pending = NULL;
  g_autoptr(IocQuery) covered = NULL;
  g_autoptr(JsonArray) rows = NULL;
  g_autoptr(JsonArray) agencies = NULL;
  char date[11];
  Deltas d;
  gboolean ok;

  if (horizon_text == NULL || !ioc_day_parse (horizon_text, &horizon))
    return set_horizon (store, today, error) ? 0 : -1;
  if (today <= horizon)
    return 0;

  /* Agencies counted up to the old horizon are counted on the new days. */
  covered = ioc_query_new ();
  ioc_query_add_filter (covered, "metric", IOC_FILTER_EQ, IOC_DOSSIER_METRIC_OVERDUE);
  ioc_query_add_filter (covered, "date", IOC_FILTER_EQ, horizon_text);
  ioc_query_add_filter (covered, "origin", IOC_FILTER_EQ, "computed");
  agencies = ioc_store_list (store, &ioc_entity_dossier_stats, covered, NULL, error);
  if (agencies == NULL)
    return -1;
  for (guint i = 0; i < json_array_get_length (agencies); i++)
    if (!fill_zeros (store, json_object_get_string_member (json_array_get_object_element (agencies, i), "unit_id"),
                     horizon + 1, today, error))
      return -1;

  /* The dossiers still pending go on counting. */
  pending = ioc_query_new ();
  ioc_query_add_filter (pending, "resolved_at", IOC_FILTER_NULL, NULL);
  rows = ioc_store_list (store, &ioc_entity_dossiers, pending, NULL, error);
  if (rows == NULL)
    return -1;
  deltas_init (&d);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *o = json_array_get_object_element (rows, i);
      const char *agency = json_object_get_string_member (o, "agency_id");
      gint64 received = member_time (o, "received_at");
      gint64 due = member_time (o, "due_at");
      gint64 deadline = member_time (o, "accept_deadline");
      gint64 accepted = member_time (o, "accepted_at");

      if (due != 0)
        add_range (&d, agency, M_OVERDUE,
                   MAX (MAX (ioc_day_of_time (due), ioc_day_of_time (received)), horizon + 1), today, 1);
      if (deadline != 0 && accepted == 0)
        add_range (&d, agency, M_ONLINE, MAX (ioc_day_of_time (deadline), horizon + 1), today, 1);
    }
  ok = deltas_flush (&d, store, error);
  deltas_clear (&d);
  if (!ok || !set_horizon (store, today, error))
    return -1;
  day_string (today, date);
  g_info ("dossier counts rolled forward from %s to %s", horizon_text, date);
  return today - horizon;
}

/* ---- writing records (main thread) ------------------------------------ */

typedef struct {
  GHashTable   *first_day;     /* agency → first received day (GINT_TO_POINTER (day + 1)) in this import */
  GStringChunk *strings;
  Deltas        deltas;
  gint32        horizon;
} RecordsState;

static void
records_state_free (gpointer data)
{
  RecordsState *s = data;

  g_hash_table_unref (s->first_day);
  g_string_chunk_free (s->strings);
  deltas_clear (&s->deltas);
  g_free (s);
}

static gboolean
read_horizon (IocStore *store,
              gint32   *out,
              GError  **error)
{
  g_autofree char *text = ioc_dossier_horizon (store);

  if (text == NULL || !ioc_day_parse (text, out))
    {
      g_set_error_literal (error, IOC_STORE_ERROR, IOC_STORE_ERROR_FAILED, "the dossier counts have no horizon");
      return FALSE;
    }
  return TRUE;
}

static gpointer
records_begin (IocImportWriter  *w,
               GError          **error)
{
  RecordsState *s = g_new0 (RecordsState, 1);

  s->first_day = g_hash_table_new (g_str_hash, g_str_equal);
  s->strings = g_string_chunk_new (4096);
  deltas_init (&s->deltas);
  /* Counts of pending dossiers reach today before new ones are added. */
  if (ioc_dossier_advance (w->store, w->opts->now, error) < 0)
    {
      records_state_free (s);
      return NULL;
    }
  return s;
}

static void
note_first_day (RecordsState        *s,
                const IocDossierRow *r)
{
  gint32 day = ioc_day_of_time (r->received_at);
  gpointer old = g_hash_table_lookup (s->first_day, r->agency_id);

  if (old == NULL || GPOINTER_TO_INT (old) - 1 > day)
    g_hash_table_insert (s->first_day, g_string_chunk_insert_const (s->strings, r->agency_id),
                         GINT_TO_POINTER (day + 1));
}

static gboolean
records_write (IocImportWriter  *w,
               IocImportBatch   *batch,
               GError          **error)
{
  RecordsState *s = w->state;
  g_autoptr(GStringChunk) old_strings = g_string_chunk_new (4096);

  /* The day may have changed since the last batch (the timer advanced). */
  if (!read_horizon (w->store, &s->horizon, error))
    return FALSE;
  for (guint i = 0; i < batch->records->len; i++)
    {
      const DossierRecord *r = &g_array_index (batch->records, DossierRecord, i);
      IocDossierRow old = { 0 };
      IocStorePut put;

      if (!ioc_store_put_dossier (w->store, &r->row, w->opts->now, &old, old_strings, &put, error))
        {
          g_prefix_error (error, "line %u: ", r->line);
          return FALSE;
        }
      switch (put)
        {
        case IOC_STORE_PUT_UNCHANGED:
          w->result->unchanged++;
          continue;
        case IOC_STORE_PUT_CHANGED:
          contribute (&s->deltas, &old, s->horizon, -1);
          G_GNUC_FALLTHROUGH;
        case IOC_STORE_PUT_NEW:
        default:
          contribute (&s->deltas, &r->row, s->horizon, 1);
          note_first_day (s, &r->row);
          w->result->imported++;
          break;
        }
    }
  return deltas_flush (&s->deltas, w->store, error);
}

static gboolean
records_finish (IocImportWriter  *w,
                GError          **error)
{
  RecordsState *s = w->state;
  GHashTableIter iter;
  gpointer key, value;

  if (!read_horizon (w->store, &s->horizon, error))
    return FALSE;
  g_hash_table_iter_init (&iter, s->first_day);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      /* Cells that exist are left alone (a delta of 0 only creates). */
      if (!fill_zeros (w->store, key, GPOINTER_TO_INT (value) - 1, s->horizon, error))
        return FALSE;
    }
  return ioc_dossier_check_tickets (w->store, w->config, w->opts->now, error) >= 0;
}

/* By id, then by line: a later row with the same id still comes later. */
static int
compare_records (gconstpointer a,
                 gconstpointer b)
{
  const DossierRecord *x = a, *y = b;
  int c = strcmp (x->row.id, y->row.id);

  if (c != 0)
    return c;
  return x->line < y->line ? -1 : x->line > y->line;
}

static void
records_sort (IocImportBatch *batch)
{
  g_array_sort (batch->records, compare_records);
}

const IocImportKind ioc_import_kind_dossier_records = {
  "dossier-records", "Dossier records from the dossier system (one row per dossier)",
  "id, agency (id or name; or agency_id/agency_name), procedure, field, channel "
  "(direct|postal|online_partial|online_full), received_at, due_at, accepted_at, resolved_at "
  "(yyyy-mm-dd hh:mm[:ss] or dd/mm/yyyy hh:mm[:ss], province time)",
  "dossiers", IOC_IMPORT_SPLITTABLE, sizeof (DossierRecord),
  records_parse, records_begin, records_write, records_finish, records_state_free, NULL, records_sort,
};

/* ---- warning tickets -------------------------------------------------- */

typedef struct {
  gint64 threshold;
  gint64 cooldown_days;
  gint64 max_age_days;
} TicketRule;

static gboolean
read_rule (IocConfig  *config,
           TicketRule *rule,
           GError    **error)
{
  return ioc_config_group_int (config, "dossiers", "ticket-threshold", 1, 0, G_MAXINT32, &rule->threshold, error) &&
         ioc_config_group_int (config, "dossiers", "ticket-cooldown-days", 7, 0, 3650, &rule->cooldown_days, error) &&
         ioc_config_group_int (config, "dossiers", "ticket-max-age-days", 3, 0, 3650, &rule->max_age_days, error);
}

gboolean
ioc_dossier_check_config (IocConfig  *config,
                          GError    **error)
{
  TicketRule rule;
  g_autoptr(IocWorkingHours) hours = NULL;

  if (config == NULL)
    return TRUE;
  if (!read_rule (config, &rule, error))
    return FALSE;
  hours = ioc_working_hours_new_from_config (config, error);
  return hours != NULL;
}

static gboolean
has_blocking_ticket (IocStore   *store,
                     const char *unit_id,
                     gint64      now,
                     gint64      cooldown_s)
{
  g_autoptr(IocQuery) q = ioc_query_new ();
  g_autoptr(JsonArray) rows = NULL;

  ioc_query_add_filter (q, "unit_id", IOC_FILTER_EQ, unit_id);
  rows = ioc_store_list (store, &ioc_entity_warning_tickets, q, NULL, NULL);
  for (guint i = 0; rows != NULL && i < json_array_get_length (rows); i++)
    {
      JsonObject *t = json_array_get_object_element (rows, i);
      const char *status = json_object_get_string_member (t, "status");
      if (!g_str_equal (status, "resolved"))
        return TRUE;
      if (member_time (t, "resolved_at") > now - cooldown_s)
        return TRUE;
    }
  return FALSE;
}

static gboolean
issue_ticket (IocStore    *store,
              const char  *unit_id,
              gint64       count,
              const char  *date,
              gint64       now,
              GError     **error)
{
  g_autoptr(JsonObject) row = json_object_new ();
  g_autoptr(JsonObject) stored = NULL;
  g_autoptr(JsonObject) audit = json_object_new ();
  g_autoptr(JsonNode) data = NULL;
  g_autofree char *id = NULL;
  g_autofree char *reason = g_strdup_printf ("Có %" G_GINT64_FORMAT " hồ sơ quá hạn xử lý (số liệu ngày %s); "
                                             "phiếu cảnh báo do hệ thống tự phát hành", count, date);

  json_object_set_string_member (row, "unit_id", unit_id);
  json_object_set_string_member (row, "reason", reason);
  json_object_set_string_member (row, "status", "issued");
  json_object_set_int_member (row, "issued_at", now);
  json_object_set_string_member (row, "origin", "rule");
  json_object_set_int_member (row, "overdue_count", count);
  json_object_set_string_member (row, "stats_date", date);
  if (!ioc_store_insert (store, &ioc_entity_warning_tickets, row, &id, error) ||
      (stored = ioc_store_get (store, &ioc_entity_warning_tickets, id, FALSE, error)) == NULL)
    return FALSE;

  json_object_set_int_member (audit, "time", now);
  json_object_set_string_member (audit, "user_name", "iocd");
  json_object_set_string_member (audit, "role", "system");
  json_object_set_string_member (audit, "action", "warning-ticket.issue");
  json_object_set_string_member (audit, "method", "RULE");
  json_object_set_string_member (audit, "path", "[dossiers] ticket-threshold");
  json_object_set_string_member (audit, "entity", "warning-tickets");
  json_object_set_string_member (audit, "entity_id", id);
  json_object_set_int_member (audit, "status", 201);
  json_object_set_object_member (audit, "after", json_object_ref (stored));
  if (!ioc_store_insert (store, &ioc_entity_audit, audit, NULL, error))
    return FALSE;

  data = json_node_init_object (json_node_alloc (), stored);
  return ioc_store_append_event (store, "warning-ticket.created", data, error) > 0;
}

gint64
ioc_dossier_check_tickets (IocStore   *store,
                           IocConfig  *config,
                           gint64      now,
                           GError    **error)
{
  TicketRule rule = { 1, 7, 3 };
  g_autoptr(IocQuery) q = ioc_query_new ();
  g_autoptr(JsonArray) rows = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  char oldest[11];
  gint64 issued = 0;

  if (config != NULL && !read_rule (config, &rule, NULL))
    {
      g_warning ("the [dossiers] ticket rule is invalid: no ticket issued");
      return 0;
    }
  if (rule.threshold <= 0)
    return 0;

  /* The latest count of each agency, if recent enough. */
  day_string (ioc_day_today (now) - (gint32) rule.max_age_days, oldest);
  ioc_query_add_filter (q, "metric", IOC_FILTER_EQ, IOC_DOSSIER_METRIC_OVERDUE);
  ioc_query_add_filter (q, "date", IOC_FILTER_GE, oldest);
  q->sort_column = g_strdup ("date");
  q->sort_desc = TRUE;
  rows = ioc_store_list (store, &ioc_entity_dossier_stats, q, NULL, error);
  if (rows == NULL)
    return -1;
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *o = json_array_get_object_element (rows, i);
      const char *unit = json_object_get_string_member (o, "unit_id");
      gint64 value = json_object_get_int_member (o, "value");

      if (g_hash_table_contains (seen, unit))
        continue;
      g_hash_table_add (seen, (gpointer) unit);
      if (value < rule.threshold || has_blocking_ticket (store, unit, now, rule.cooldown_days * 86400))
        continue;
      if (!issue_ticket (store, unit, value, json_object_get_string_member (o, "date"), now, error))
        return -1;
      issued++;
    }
  if (issued > 0)
    g_info ("%" G_GINT64_FORMAT " warning ticket(s) issued to agencies with overdue dossiers", issued);
  return issued;
}

/* ---- the heatmap ------------------------------------------------------ */

typedef struct {
  guint   index;        /* row of the store's heatmap */
  char   *name;
  char   *sort_name;
  gint64  latest;       /* -1: none */
  gint64  max;
} HeatRow;

static int
compare_heat_row (gconstpointer a,
                  gconstpointer b)
{
  const HeatRow *x = a, *y = b;

  if (x->latest != y->latest)
    return x->latest > y->latest ? -1 : 1;
  if (x->max != y->max)
    return x->max > y->max ? -1 : 1;
  return strcmp (x->sort_name, y->sort_name);
}

static char *
latest_date (IocStore   *store,
             const char *metric)
{
  g_autoptr(IocQuery) q = ioc_query_new ();
  g_autoptr(JsonArray) rows = NULL;

  ioc_query_add_filter (q, "metric", IOC_FILTER_EQ, metric);
  q->sort_column = g_strdup ("date");
  q->sort_desc = TRUE;
  q->limit = 1;
  rows = ioc_store_list (store, &ioc_entity_dossier_stats, q, NULL, NULL);
  if (rows == NULL || json_array_get_length (rows) == 0)
    return NULL;
  return g_strdup (json_object_get_string_member (json_array_get_object_element (rows, 0), "date"));
}

JsonObject *
ioc_dossier_heatmap (IocStore    *store,
                     const char  *metric,
                     const char  *from,
                     const char  *to,
                     GError     **error)
{
  g_autofree char *to_owned = NULL;
  g_autofree char *from_owned = NULL;
  g_autoptr(IocHeatmap) hm = NULL;
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (HeatRow));
  g_autoptr(JsonObject) out = json_object_new ();
  JsonArray *dates = json_array_new ();
  JsonArray *units = json_array_new ();
  gint64 overall = -1;
  guint nd;

  if (to == NULL)
    {
      to_owned = latest_date (store, metric);
      if (to_owned == NULL)
        {
          char today[11];
          day_string (ioc_day_today (g_get_real_time () / G_USEC_PER_SEC), today);
          to_owned = g_strdup (today);
        }
      to = to_owned;
    }
  if (from == NULL)
    {
      gint32 day;
      char buf[11];
      if (!ioc_day_parse (to, &day))
        day = ioc_day_today (g_get_real_time () / G_USEC_PER_SEC);
      day_string (day - 364, buf);
      from = from_owned = g_strdup (buf);
    }

  hm = ioc_store_heatmap (store, metric, from, to, error);
  if (hm == NULL)
    {
      json_array_unref (dates);
      json_array_unref (units);
      return NULL;
    }
  nd = hm->dates->len;
  for (guint d = 0; d < nd; d++)
    json_array_add_string_element (dates, g_ptr_array_index (hm->dates, d));

  for (guint u = 0; u < hm->unit_ids->len; u++)
    {
      const char *id = g_ptr_array_index (hm->unit_ids, u);
      g_autoptr(JsonObject) unit = ioc_store_get (store, &ioc_entity_units, id, FALSE, NULL);
      HeatRow r = { u, NULL, NULL, -1, -1 };

      const char *full = unit != NULL ? json_object_get_string_member_with_default (unit, "full_name", NULL) : NULL;

      r.name = g_strdup (full != NULL ? full : unit != NULL ? json_object_get_string_member (unit, "name") : id);
      r.sort_name = ioc_name_normalize (r.name);
      for (guint d = 0; d < nd; d++)
        {
          gint64 v = hm->cells[u * nd + d];
          if (v < 0)
            continue;
          r.latest = v;
          r.max = MAX (r.max, v);
        }
      overall = MAX (overall, r.max);
      g_array_append_val (rows, r);
    }
  g_array_sort (rows, compare_heat_row);

  for (guint i = 0; i < rows->len; i++)
    {
      HeatRow *r = &g_array_index (rows, HeatRow, i);
      JsonObject *o = json_object_new ();
      JsonArray *cells = json_array_sized_new (nd);

      json_object_set_string_member (o, "unit_id", g_ptr_array_index (hm->unit_ids, r->index));
      json_object_set_string_member (o, "name", r->name);
      for (guint d = 0; d < nd; d++)
        {
          gint64 v = hm->cells[r->index * nd + d];
          if (v < 0)
            json_array_add_null_element (cells);
          else
            json_array_add_int_element (cells, v);
        }
      json_object_set_array_member (o, "cells", cells);
      if (r->latest >= 0)
        json_object_set_int_member (o, "latest", r->latest);
      else
        json_object_set_null_member (o, "latest");
      if (r->max >= 0)
        json_object_set_int_member (o, "max", r->max);
      else
        json_object_set_null_member (o, "max");
      json_array_add_object_element (units, o);
      g_free (r->name);
      g_free (r->sort_name);
    }

  json_object_set_string_member (out, "metric", metric);
  json_object_set_string_member (out, "from", from);
  json_object_set_string_member (out, "to", to);
  json_object_set_array_member (out, "dates", dates);
  json_object_set_array_member (out, "units", units);
  if (overall >= 0)
    json_object_set_int_member (out, "max", overall);
  else
    json_object_set_null_member (out, "max");
  return g_steal_pointer (&out);
}
