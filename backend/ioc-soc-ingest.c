/* ioc-soc-ingest.c — see ioc-soc-ingest.h */
#define G_LOG_DOMAIN "iocd"

#include "ioc-soc-ingest.h"
#include "ioc-entity.h"
#include "ioc-json.h"
#include "ioc-soc.h"

#include <string.h>

static gboolean
emit (IocStore    *store,
      const char  *type,
      JsonObject  *row,
      GError     **error)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), row);
  return ioc_store_append_event (store, type, node, error) != 0;
}

/* A new alert as GET shows it: times as ISO 8601, the id, no fold key. */
static JsonObject *
event_row (JsonObject *alert,
           const char *id)
{
  JsonObject *row = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_set_int_member (row, "id", g_ascii_strtoll (id, NULL, 10));
  json_object_iter_init (&iter, alert);
  while (json_object_iter_next (&iter, &name, &value))
    {
      if (g_str_equal (name, "raw") || g_str_equal (name, "fold_key"))
        continue;
      if (g_str_equal (name, "time") || g_str_equal (name, "last_seen"))
        {
          g_autofree char *text = ioc_time_format (json_node_get_int (value));
          json_object_set_string_member (row, name, text);
        }
      else
        json_object_set_member (row, name, json_node_ref (value));
    }
  return row;
}

/* The open alert to fold @a into, or NULL. */
static JsonObject *
find_open (IocStore   *store,
           const char *key,
           gint64      time,
           guint       fold_window_s)
{
  g_autoptr(IocQuery) q = ioc_query_new ();
  g_autoptr(JsonArray) found = NULL;
  g_autofree char *since = g_strdup_printf ("%" G_GINT64_FORMAT, time - fold_window_s);

  ioc_query_add_filter (q, "fold_key", IOC_FILTER_EQ, key);
  ioc_query_add_filter (q, "status", IOC_FILTER_EQ, "new,acknowledged,assigned");
  ioc_query_add_filter (q, "last_seen", IOC_FILTER_GE, since);
  q->limit = 1;
  q->sort_column = g_strdup ("last_seen");
  q->sort_desc = TRUE;
  found = ioc_store_list (store, &ioc_entity_alerts, q, NULL, NULL);
  if (found == NULL || json_array_get_length (found) == 0)
    return NULL;
  return json_object_ref (json_array_get_object_element (found, 0));
}

void
ioc_soc_ingest_result_init (IocSocIngestResult *r)
{
  memset (r, 0, sizeof *r);
  r->rejected = json_array_new ();
}

void
ioc_soc_ingest_result_clear (IocSocIngestResult *r)
{
  g_clear_pointer (&r->rejected, json_array_unref);
}

gboolean
ioc_soc_ingest (IocStore            *store,
                const char          *data,
                gsize                length,
                guint                fold_window_s,
                IocSocIngestResult  *r,
                GError             **error)
{
  const char *p = data, *end = data + length;
  guint line_no = r->lines;

  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);
      gsize len = nl != NULL ? (gsize) (nl - p) : (gsize) (end - p);
      g_autoptr(GError) line_error = NULL;
      g_autoptr(JsonObject) alert = NULL;
      IocSocResult res;

      line_no++;
      if (len > 0 && p[len - 1] == '\r')
        len--;
      if (len == 0 || strspn (p, " \t") >= len)
        {
          p = nl != NULL ? nl + 1 : end;
          continue;
        }
      r->read++;
      res = ioc_soc_parse_line (p, len, &alert, &line_error);
      p = nl != NULL ? nl + 1 : end;

      if (res == IOC_SOC_SKIPPED)
        {
          r->skipped++;
          continue;
        }
      if (res == IOC_SOC_INVALID)
        {
          r->n_rejected++;
          if (json_array_get_length (r->rejected) < IOC_SOC_INGEST_MAX_LISTED)
            {
              JsonObject *bad = json_object_new ();
              json_object_set_int_member (bad, "line", line_no);
              json_object_set_string_member (bad, "error", line_error->message);
              json_array_add_object_element (r->rejected, bad);
            }
          continue;
        }

      {
        g_autofree char *key = ioc_soc_fold_key (alert);
        gint64 t = json_object_get_int_member (alert, "time");
        g_autoptr(JsonObject) open = find_open (store, key, t, fold_window_s);
        g_autoptr(JsonObject) stored = NULL;
        g_autofree char *id = NULL;

        if (open != NULL)
          {
            g_autoptr(JsonObject) changes = json_object_new ();
            gint64 last = 0;
            ioc_time_parse (json_object_get_string_member (open, "last_seen"), NULL, &last);
            id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (open, "id"));
            json_object_set_int_member (changes, "count", json_object_get_int_member (open, "count") + 1);
            json_object_set_int_member (changes, "last_seen", MAX (last, t));
            if (!ioc_store_update (store, &ioc_entity_alerts, id, changes, error))
              return FALSE;
            r->folded++;
          }
        else
          {
            json_object_set_string_member (alert, "fold_key", key);
            json_object_set_int_member (alert, "count", 1);
            json_object_set_string_member (alert, "status", "new");
            if (!ioc_store_insert (store, &ioc_entity_alerts, alert, &id, error))
              return FALSE;
            r->accepted++;
          }
        /* The event carries the row as the API shows it, built from what
         * was written rather than read back (one query less per alert);
         * the wall needs no raw payload. */
        stored = open != NULL ? json_object_ref (open) : event_row (alert, id);
        json_object_remove_member (stored, "raw");
        if (open != NULL)
          {
            g_autofree char *seen = NULL;
            gint64 last = 0;
            ioc_time_parse (json_object_get_string_member (open, "last_seen"), NULL, &last);
            seen = ioc_time_format (MAX (last, t));
            json_object_set_int_member (stored, "count", json_object_get_int_member (open, "count") + 1);
            json_object_set_string_member (stored, "last_seen", seen);
          }
        if (!emit (store, open != NULL ? "alert.updated" : "alert.created", stored, error))
          return FALSE;
      }
    }

  r->lines = line_no;
  return TRUE;
}
