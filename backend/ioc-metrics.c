/* ioc-metrics.c — request, latency, event and console counters */
#include "ioc-metrics.h"

static const double buckets[] = { 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5 };
#define N_BUCKETS G_N_ELEMENTS (buckets)

typedef struct {
  guint64 counts[N_BUCKETS];
  guint64 n;
  double  sum;
} Histogram;

struct _IocMetrics {
  GHashTable *requests;   /* "route\tmethod\tstatus" → guint64* */
  GHashTable *latency;    /* "route" → Histogram* */
  GHashTable *events;     /* type → guint64* */
  guint       consoles;
  guint64     dropped;
  gint64      started;
};

IocMetrics *
ioc_metrics_new (void)
{
  IocMetrics *self = g_new0 (IocMetrics, 1);
  self->requests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->latency = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->events = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->started = g_get_real_time ();
  return self;
}

void
ioc_metrics_free (IocMetrics *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->requests);
  g_hash_table_unref (self->latency);
  g_hash_table_unref (self->events);
  g_free (self);
}

static void
increment (GHashTable *table,
           const char *key)
{
  guint64 *v = g_hash_table_lookup (table, key);
  if (v == NULL)
    {
      v = g_new0 (guint64, 1);
      g_hash_table_insert (table, g_strdup (key), v);
    }
  (*v)++;
}

void
ioc_metrics_observe_request (IocMetrics *self,
                             const char *route,
                             const char *method,
                             guint       status,
                             double      seconds)
{
  g_autofree char *key = g_strdup_printf ("%s\t%s\t%u", route, method, status);
  Histogram *h;

  increment (self->requests, key);
  h = g_hash_table_lookup (self->latency, route);
  if (h == NULL)
    {
      h = g_new0 (Histogram, 1);
      g_hash_table_insert (self->latency, g_strdup (route), h);
    }
  for (guint i = 0; i < N_BUCKETS; i++)
    if (seconds <= buckets[i])
      h->counts[i]++;
  h->n++;
  h->sum += seconds;
}

void
ioc_metrics_count_event (IocMetrics *self,
                         const char *type)
{
  increment (self->events, type);
}

void
ioc_metrics_set_consoles (IocMetrics *self,
                          guint       n)
{
  self->consoles = n;
}

void
ioc_metrics_count_dropped (IocMetrics *self)
{
  self->dropped++;
}

static void
escape_label (GString    *out,
              const char *s)
{
  for (; *s; s++)
    {
      if (*s == '\\' || *s == '"')
        g_string_append_c (out, '\\');
      if (*s == '\n')
        {
          g_string_append (out, "\\n");
          continue;
        }
      g_string_append_c (out, *s);
    }
}

static gint
compare_keys (gconstpointer a,
              gconstpointer b)
{
  return g_strcmp0 (*(const char **) a, *(const char **) b);
}

static GPtrArray *
sorted_keys (GHashTable *table)
{
  GPtrArray *keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer k;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &k, NULL))
    g_ptr_array_add (keys, k);
  g_ptr_array_sort (keys, compare_keys);
  return keys;
}

void
ioc_metrics_write (IocMetrics *self,
                   GString    *out)
{
  g_autoptr(GPtrArray) req_keys = sorted_keys (self->requests);
  g_autoptr(GPtrArray) lat_keys = sorted_keys (self->latency);
  g_autoptr(GPtrArray) ev_keys = sorted_keys (self->events);

  g_string_append (out, "# HELP iocd_http_requests_total HTTP requests answered, by route, method and status.\n"
                        "# TYPE iocd_http_requests_total counter\n");
  for (guint i = 0; i < req_keys->len; i++)
    {
      const char *key = g_ptr_array_index (req_keys, i);
      g_auto(GStrv) parts = g_strsplit (key, "\t", 3);
      g_string_append (out, "iocd_http_requests_total{route=\"");
      escape_label (out, parts[0]);
      g_string_append_printf (out, "\",method=\"%s\",status=\"%s\"} %" G_GUINT64_FORMAT "\n",
                              parts[1], parts[2], *(guint64 *) g_hash_table_lookup (self->requests, key));
    }

  g_string_append (out, "# HELP iocd_http_request_duration_seconds Time to answer a request, by route.\n"
                        "# TYPE iocd_http_request_duration_seconds histogram\n");
  for (guint i = 0; i < lat_keys->len; i++)
    {
      const char *route = g_ptr_array_index (lat_keys, i);
      Histogram *h = g_hash_table_lookup (self->latency, route);
      char num[G_ASCII_DTOSTR_BUF_SIZE];

      for (guint b = 0; b < N_BUCKETS; b++)
        {
          g_string_append (out, "iocd_http_request_duration_seconds_bucket{route=\"");
          escape_label (out, route);
          g_string_append_printf (out, "\",le=\"%s\"} %" G_GUINT64_FORMAT "\n",
                                  g_ascii_dtostr (num, sizeof num, buckets[b]), h->counts[b]);
        }
      g_string_append (out, "iocd_http_request_duration_seconds_bucket{route=\"");
      escape_label (out, route);
      g_string_append_printf (out, "\",le=\"+Inf\"} %" G_GUINT64_FORMAT "\n", h->n);
      g_string_append (out, "iocd_http_request_duration_seconds_sum{route=\"");
      escape_label (out, route);
      g_string_append_printf (out, "\"} %s\n", g_ascii_dtostr (num, sizeof num, h->sum));
      g_string_append (out, "iocd_http_request_duration_seconds_count{route=\"");
      escape_label (out, route);
      g_string_append_printf (out, "\"} %" G_GUINT64_FORMAT "\n", h->n);
    }

  g_string_append (out, "# HELP iocd_events_total Events committed, by type.\n"
                        "# TYPE iocd_events_total counter\n");
  for (guint i = 0; i < ev_keys->len; i++)
    {
      const char *type = g_ptr_array_index (ev_keys, i);
      g_string_append (out, "iocd_events_total{type=\"");
      escape_label (out, type);
      g_string_append_printf (out, "\"} %" G_GUINT64_FORMAT "\n", *(guint64 *) g_hash_table_lookup (self->events, type));
    }

  g_string_append_printf (out,
                          "# HELP iocd_stream_consoles Consoles connected to the live stream.\n"
                          "# TYPE iocd_stream_consoles gauge\n"
                          "iocd_stream_consoles %u\n"
                          "# HELP iocd_stream_dropped_total Consoles dropped for being too slow.\n"
                          "# TYPE iocd_stream_dropped_total counter\n"
                          "iocd_stream_dropped_total %" G_GUINT64_FORMAT "\n"
                          "# HELP iocd_start_time_seconds When iocd started.\n"
                          "# TYPE iocd_start_time_seconds gauge\n"
                          "iocd_start_time_seconds %" G_GINT64_FORMAT "\n",
                          self->consoles, self->dropped, self->started / G_USEC_PER_SEC);
}
