/* ioc-reports.c — field-report domain rules */
#define G_LOG_DOMAIN "iocd"

#include "ioc-reports.h"
#include "ioc-json.h"
#include "ioc-server.h"

#include <math.h>
#include <string.h>

/* The pilot's categories (000_…txt §II.1.c) and the fields proposed after
 * the 04/2022 survey; deadlines follow the pilot's working practice. */
static const IocReportCategory categories[] = {
  { "sidewalk_encroachment", "Sidewalk and roadside encroachment", "Lấn chiếm lòng lề đường", 72, "urban_order" },
  { "advertising", "Advertising violation", "Vi phạm quảng cáo", 72, "urban_order" },
  { "street_trading", "Street trading and gathering", "Tụ tập buôn bán", 48, "urban_order" },
  { "unlicensed_construction", "Unlicensed construction", "Xây dựng không phép", 120, "construction" },
  { "wastewater", "Wastewater", "Nước thải", 72, "environment" },
  { "littering", "Littering", "Xả rác", 48, "environment" },
  { "phone_number", "Violating phone number", "Số điện thoại vi phạm", 72, "other" },
  { "environment", "Natural resources and environment", "Tài nguyên và môi trường", 120, "environment" },
  { "urban_management", "Urban management", "Quản lý đô thị", 120, "urban_order" },
  { "food_safety", "Food safety", "An toàn thực phẩm", 72, "health" },
  { "security_order", "Security and public order", "An ninh trật tự", 24, "security" },
  { "traffic", "Traffic violation", "Vi phạm giao thông", 24, "security" },
  { "other", "Other", "Vấn đề khác", 120, "other" },
};

const IocReportCategory *
ioc_report_categories (guint *n)
{
  *n = G_N_ELEMENTS (categories);
  return categories;
}

const IocReportCategory *
ioc_report_category (const char *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    if (g_strcmp0 (categories[i].code, code) == 0)
      return &categories[i];
  return NULL;
}

gboolean
ioc_report_status_is_open (const char *status)
{
  return g_strcmp0 (status, "processed") != 0 && g_strcmp0 (status, "not_eligible") != 0;
}

gboolean
ioc_report_add_history (IocStore    *store,
                        gint64       report_id,
                        const char  *actor,
                        const char  *action,
                        const char  *from_status,
                        const char  *to_status,
                        const char  *unit_id,
                        gint64       deadline,
                        const char  *note,
                        GError     **error)
{
  g_autoptr(JsonObject) h = json_object_new ();

  json_object_set_int_member (h, "report_id", report_id);
  json_object_set_int_member (h, "time", g_get_real_time () / G_USEC_PER_SEC);
  if (actor != NULL)
    json_object_set_string_member (h, "actor", actor);
  json_object_set_string_member (h, "action", action);
  if (from_status != NULL)
    json_object_set_string_member (h, "from_status", from_status);
  if (to_status != NULL)
    json_object_set_string_member (h, "to_status", to_status);
  if (unit_id != NULL)
    json_object_set_string_member (h, "unit_id", unit_id);
  if (deadline > 0)
    json_object_set_int_member (h, "deadline", deadline);
  if (note != NULL)
    json_object_set_string_member (h, "note", note);
  return ioc_store_insert (store, &ioc_entity_report_history, h, NULL, error);
}

static gboolean
check_text (JsonObject  *input,
            const char  *member,
            gboolean     required,
            glong        max_len,
            const char **out,
            GError     **error)
{
  *out = NULL;
  if (!ioc_json_get_string (input, member, required, out, error))
    {
      ioc_api_error_from_store (error);
      return FALSE;
    }
  if (*out != NULL && g_utf8_strlen (*out, -1) > max_len)
    {
      ioc_api_set_error (error, IOC_API_ERROR_INVALID, member,
                         "%s is longer than %ld characters", member, max_len);
      return FALSE;
    }
  if (required && **out == '\0')
    {
      ioc_api_set_error (error, IOC_API_ERROR_BAD_REQUEST, member, "%s is required", member);
      return FALSE;
    }
  return TRUE;
}

JsonObject *
ioc_report_create (IocStore    *store,
                   JsonObject  *input,
                   const char  *actor,
                   GError     **error)
{
  static const char *const known[] = {
    "category", "description", "lat", "lon", "address", "media_urls", "source",
    "reporter_name", "reporter_phone", "reporter_email", "received_at", NULL
  };
  static const char *const sources[] = { "hotline", "open311", "app", "zalo", "web", "field", NULL };
  g_autoptr(JsonObject) row = json_object_new ();
  const char *category = NULL, *description = NULL, *address = NULL, *source = NULL;
  const char *rname = NULL, *rphone = NULL, *remail = NULL, *received = NULL;
  double lat = NAN, lon = NAN;
  gboolean has_lat, has_lon;
  g_autofree char *id = NULL;
  JsonObjectIter iter;
  const char *member;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC, received_at = now;

  json_object_iter_init (&iter, input);
  while (json_object_iter_next (&iter, &member, NULL))
    if (!g_strv_contains (known, member))
      {
        ioc_api_set_error (error, IOC_API_ERROR_INVALID, member, "%s is not a field of a report", member);
        return NULL;
      }

  if (!check_text (input, "category", TRUE, 64, &category, error))
    return NULL;
  if (ioc_report_category (category) == NULL)
    {
      ioc_api_set_error (error, IOC_API_ERROR_INVALID, "category",
                         "unknown category “%s” (see GET /open311/v2/services.json)", category);
      return NULL;
    }
  if (!check_text (input, "description", TRUE, 4000, &description, error) ||
      !check_text (input, "address", FALSE, 500, &address, error) ||
      !check_text (input, "source", FALSE, 32, &source, error) ||
      !check_text (input, "reporter_name", FALSE, 200, &rname, error) ||
      !check_text (input, "reporter_phone", FALSE, 32, &rphone, error) ||
      !check_text (input, "reporter_email", FALSE, 254, &remail, error) ||
      !check_text (input, "received_at", FALSE, 64, &received, error))
    return NULL;
  if (source != NULL && !g_strv_contains (sources, source))
    {
      ioc_api_set_error (error, IOC_API_ERROR_INVALID, "source",
                         "source must be one of hotline, open311, app, zalo, web, field");
      return NULL;
    }
  if (received != NULL && !ioc_time_parse (received, ioc_time_zone_local (), &received_at))
    {
      ioc_api_set_error (error, IOC_API_ERROR_INVALID, "received_at", "received_at must be an ISO 8601 time");
      return NULL;
    }

  has_lat = json_object_has_member (input, "lat") && !json_object_get_null_member (input, "lat");
  has_lon = json_object_has_member (input, "lon") && !json_object_get_null_member (input, "lon");
  if (has_lat != has_lon)
    {
      ioc_api_set_error (error, IOC_API_ERROR_BAD_REQUEST, has_lat ? "lon" : "lat",
                         "lat and lon go together");
      return NULL;
    }
  if (has_lat)
    {
      if (!ioc_json_get_double (input, "lat", TRUE, &lat, error) ||
          !ioc_json_get_double (input, "lon", TRUE, &lon, error))
        {
          ioc_api_error_from_store (error);
          return NULL;
        }
      if (lat < -90 || lat > 90)
        {
          ioc_api_set_error (error, IOC_API_ERROR_INVALID, "lat", "lat must be between -90 and 90");
          return NULL;
        }
      if (lon < -180 || lon > 180)
        {
          ioc_api_set_error (error, IOC_API_ERROR_INVALID, "lon", "lon must be between -180 and 180");
          return NULL;
        }
    }
  /* A report must say where: coordinates or an address (Open311 rule). */
  if (!has_lat && (address == NULL || *address == '\0'))
    {
      ioc_api_set_error (error, IOC_API_ERROR_BAD_REQUEST, "lat",
                         "a location is required: lat and lon, or address");
      return NULL;
    }
  if (json_object_has_member (input, "media_urls"))
    {
      JsonNode *m = json_object_get_member (input, "media_urls");
      if (!JSON_NODE_HOLDS_ARRAY (m))
        {
          ioc_api_set_error (error, IOC_API_ERROR_INVALID, "media_urls", "media_urls must be an array of URLs");
          return NULL;
        }
      for (guint i = 0; i < json_array_get_length (json_node_get_array (m)); i++)
        {
          JsonNode *e = json_array_get_element (json_node_get_array (m), i);
          if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING ||
              !g_uri_is_valid (json_node_get_string (e), G_URI_FLAGS_NONE, NULL))
            {
              ioc_api_set_error (error, IOC_API_ERROR_INVALID, "media_urls", "media_urls[%u] is not a URL", i);
              return NULL;
            }
        }
      json_object_set_member (row, "media_urls", json_node_copy (m));
    }

  json_object_set_string_member (row, "source", source != NULL ? source : "hotline");
  json_object_set_string_member (row, "category", category);
  json_object_set_string_member (row, "description", description);
  if (has_lat)
    {
      json_object_set_double_member (row, "lat", round (lat * 1e5) / 1e5);
      json_object_set_double_member (row, "lon", round (lon * 1e5) / 1e5);
    }
  if (address != NULL)
    json_object_set_string_member (row, "address", address);
  if (rname != NULL)
    json_object_set_string_member (row, "reporter_name", rname);
  if (rphone != NULL)
    json_object_set_string_member (row, "reporter_phone", rphone);
  if (remail != NULL)
    json_object_set_string_member (row, "reporter_email", remail);
  json_object_set_int_member (row, "received_at", received_at);
  json_object_set_string_member (row, "status", "received");
  json_object_set_int_member (row, "updated_at", now);

  if (!ioc_store_insert (store, &ioc_entity_reports, row, &id, error) ||
      !ioc_report_add_history (store, g_ascii_strtoll (id, NULL, 10), actor, "created",
                               NULL, "received", NULL, 0, NULL, error))
    {
      ioc_api_error_from_store (error);
      return NULL;
    }
  {
    JsonObject *stored = ioc_store_get (store, &ioc_entity_reports, id, FALSE, error);
    g_autoptr(JsonNode) node = NULL;
    if (stored == NULL)
      return NULL;
    node = json_node_init_object (json_node_alloc (), stored);
    if (ioc_store_append_event (store, "report.created", node, error) == 0)
      {
        json_object_unref (stored);
        return NULL;
      }
    return stored;
  }
}

#define OVERDUE_BATCH 1000

/* One transaction of at most OVERDUE_BATCH reports; how many, or -1. */
static gint64
mark_overdue_batch (IocStore  *store,
                    gint64     now_s,
                    GError   **error)
{
  g_autoptr(IocQuery) q = ioc_query_new ();
  g_autoptr(JsonArray) due = NULL;
  g_autofree char *now_text = g_strdup_printf ("%" G_GINT64_FORMAT, now_s);
  guint n;

  ioc_query_add_filter (q, "status", IOC_FILTER_EQ, "assigned,forwarded");
  ioc_query_add_filter (q, "deadline", IOC_FILTER_LT, now_text);
  q->sort_column = g_strdup ("deadline");
  q->limit = OVERDUE_BATCH;

  if (!ioc_store_begin (store, error))
    return -1;
  due = ioc_store_list (store, &ioc_entity_reports, q, NULL, error);
  if (due == NULL)
    {
      ioc_store_rollback (store);
      return -1;
    }
  n = json_array_get_length (due);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *r = json_array_get_object_element (due, i);
      gint64 id = json_object_get_int_member (r, "id");
      g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
      g_autoptr(JsonObject) changes = json_object_new ();
      g_autoptr(JsonObject) after = NULL;
      g_autoptr(JsonNode) node = NULL;

      json_object_set_string_member (changes, "status", "overdue");
      json_object_set_int_member (changes, "updated_at", now_s);
      if (!ioc_store_update (store, &ioc_entity_reports, id_text, changes, error) ||
          !ioc_report_add_history (store, id, NULL, "overdue",
                                   json_object_get_string_member (r, "status"), "overdue",
                                   NULL, 0, "deadline passed", error) ||
          (after = ioc_store_get (store, &ioc_entity_reports, id_text, FALSE, error)) == NULL)
        {
          ioc_store_rollback (store);
          return -1;
        }
      node = json_node_init_object (json_node_alloc (), after);
      if (ioc_store_append_event (store, "report.updated", node, error) == 0)
        {
          ioc_store_rollback (store);
          return -1;
        }
    }
  if (!ioc_store_commit (store, error))
    return -1;
  return n;
}

gint64
ioc_reports_mark_overdue (IocStore  *store,
                          gint64     now_s,
                          GError   **error)
{
  gint64 total = 0, n;

  /* A backlog (iocd was down over many deadlines) is worked off now, in
   * batches, not one batch per tick. */
  do
    {
      n = mark_overdue_batch (store, now_s, error);
      if (n < 0)
        return -1;   /* the batches before it stay committed */
      total += n;
    }
  while (n == OVERDUE_BATCH);
  return total;
}

gboolean
ioc_unit_check_current (IocStore    *store,
                        const char  *unit_id,
                        const char  *field,
                        GError     **error)
{
  g_autoptr(JsonObject) unit = ioc_store_get (store, &ioc_entity_units, unit_id, FALSE, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now (ioc_time_zone_local ());
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  const char *valid_to, *valid_from;

  if (unit == NULL)
    {
      ioc_api_set_error (error, IOC_API_ERROR_INVALID, field, "no unit with id “%s”", unit_id);
      return FALSE;
    }
  valid_from = json_object_get_string_member_with_default (unit, "valid_from", NULL);
  valid_to = json_object_get_string_member_with_default (unit, "valid_to", NULL);
  if ((valid_to != NULL && strcmp (valid_to, today) < 0) ||
      (valid_from != NULL && strcmp (valid_from, today) > 0))
    {
      const char *succ = json_object_get_string_member_with_default (unit, "successor_id", NULL);
      ioc_api_set_error (error, IOC_API_ERROR_INVALID, field,
                         "unit “%s” is not in force today (valid until %s)%s%s", unit_id,
                         valid_to != NULL ? valid_to : "?",
                         succ != NULL ? "; its successor is " : "", succ != NULL ? succ : "");
      return FALSE;
    }
  return TRUE;
}
