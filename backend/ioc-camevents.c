/* ioc-camevents.c — see ioc-camevents.h */
#include "ioc-camevents.h"
#include "ioc-json.h"

#include <math.h>
#include <string.h>

static const char *const kinds[] = { "red_light", "crowd", "intrusion", "congestion", "plate", NULL };

static gboolean
invalid (GError    **error,
         const char *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError    **error,
         const char *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, message);
  return FALSE;
}

static JsonNode *
member (JsonObject *o,
        const char *name)
{
  return o != NULL ? json_object_get_member (o, name) : NULL;
}

static const char *
str (JsonObject *o,
     const char *name)
{
  JsonNode *n = member (o, name);
  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (n);
}

static JsonObject *
obj (JsonObject *o,
     const char *name)
{
  JsonNode *n = member (o, name);
  return n != NULL && JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
}

static gboolean
num (JsonObject *o,
     const char *name,
     double     *out)
{
  JsonNode *n = member (o, name);
  GType t;

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n))
    return FALSE;
  t = json_node_get_value_type (n);
  if (t == G_TYPE_DOUBLE)
    *out = json_node_get_double (n);
  else if (t == G_TYPE_INT64)
    *out = (double) json_node_get_int (n);
  else
    return FALSE;
  return isfinite (*out);
}

/* A unix time in seconds that fits the store (year 1970 … 9999). */
static gboolean
unix_time (double  v,
           gint64 *out)
{
  if (!(v >= 0 && v < 253402300800.0))
    return FALSE;
  *out = (gint64) v;
  return TRUE;
}

/* Names of the zones an object was seen in, deduplicated, as a new array. */
static JsonArray *
collect_zones (JsonObject *after)
{
  const char *lists[] = { "entered_zones", "current_zones", "zones" };
  JsonArray *zones = json_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      JsonNode *n = member (after, lists[l]);
      JsonArray *a = n != NULL && JSON_NODE_HOLDS_ARRAY (n) ? json_node_get_array (n) : NULL;
      for (guint i = 0; a != NULL && i < json_array_get_length (a); i++)
        {
          JsonNode *z = json_array_get_element (a, i);
          const char *name;
          if (!JSON_NODE_HOLDS_VALUE (z) || json_node_get_value_type (z) != G_TYPE_STRING)
            continue;
          name = json_node_get_string (z);
          if (g_hash_table_add (seen, (gpointer) name))
            json_array_add_string_element (zones, name);
        }
    }
  return zones;
}

static gboolean
zones_mention (JsonArray  *zones,
               const char *word)
{
  for (guint i = 0; i < json_array_get_length (zones); i++)
    {
      g_autofree char *z = g_ascii_strdown (json_array_get_string_element (zones, i), -1);
      if (strstr (z, word) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* A plate from "ABC123", or ["ABC123", 0.9]. */
static const char *
plate_of (JsonNode *n)
{
  if (n == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING)
    return json_node_get_string (n);
  if (JSON_NODE_HOLDS_ARRAY (n) && json_array_get_length (json_node_get_array (n)) > 0)
    {
      JsonNode *first = json_array_get_element (json_node_get_array (n), 0);
      if (JSON_NODE_HOLDS_VALUE (first) && json_node_get_value_type (first) == G_TYPE_STRING)
        return json_node_get_string (first);
    }
  return NULL;
}

static gboolean
parse_frigate (JsonObject         *after,
               const char         *type,
               JsonObject         *row,
               IocCamEventAction  *action,
               GError            **error)
{
  static const char *const vehicles[] = { "car", "truck", "bus", "motorcycle", "license_plate", NULL };
  const char *id = str (after, "id"), *camera = str (after, "camera"), *label = str (after, "label");
  const char *kind, *plate;
  g_autoptr(JsonArray) zones = collect_zones (after);
  gboolean vehicle;
  double v;
  gint64 t;

  if (id == NULL || *id == '\0' || camera == NULL || *camera == '\0' || label == NULL)
    return invalid (error, "a Frigate event needs id, camera and label");
  if (g_strcmp0 (type, "new") == 0)
    *action = IOC_CAMEVENT_NEW;
  else if (g_strcmp0 (type, "update") == 0)
    *action = IOC_CAMEVENT_UPDATE;
  else if (g_strcmp0 (type, "end") == 0)
    *action = IOC_CAMEVENT_END;
  else
    return invalid (error, "Frigate event type must be new, update or end");

  vehicle = g_strv_contains (vehicles, label);
  if (zones_mention (zones, "red_light") || zones_mention (zones, "den_do"))
    kind = "red_light";
  else if (zones_mention (zones, "congestion") || zones_mention (zones, "ket_xe"))
    kind = "congestion";
  else if (zones_mention (zones, "crowd"))
    kind = "crowd";
  else if (g_str_equal (label, "person"))
    kind = "intrusion";
  else if (vehicle)
    kind = "plate";
  else
    return invalid (error, "Frigate label \"%s\" is not an event kind the IOC tracks", label);

  json_object_set_string_member (row, "source", "frigate");
  json_object_set_string_member (row, "external_id", id);
  json_object_set_string_member (row, "camera_id", camera);
  json_object_set_string_member (row, "kind", kind);
  json_object_set_string_member (row, "label", label);
  if (!num (after, "start_time", &v) || !unix_time (v, &t))
    return invalid (error, "a Frigate event needs start_time (unix seconds)");
  json_object_set_int_member (row, "time", t);
  if (num (after, "end_time", &v))
    {
      if (!unix_time (v, &t))
        return invalid (error, "end_time is out of range");
      json_object_set_int_member (row, "end_time", t);
    }
  if (num (after, "top_score", &v) || num (after, "score", &v) || num (obj (after, "data"), "top_score", &v))
    json_object_set_double_member (row, "confidence", CLAMP (v, 0.0, 1.0));
  plate = plate_of (member (after, "recognized_license_plate"));
  if (plate == NULL && vehicle)
    plate = plate_of (member (after, "sub_label"));
  if (plate != NULL)
    json_object_set_string_member (row, "plate", plate);
  {
    JsonNode *s = member (after, "has_snapshot");
    if (s != NULL && JSON_NODE_HOLDS_VALUE (s) && json_node_get_value_type (s) == G_TYPE_BOOLEAN &&
        json_node_get_boolean (s))
      {
        g_autofree char *url = g_strdup_printf ("/api/events/%s/snapshot.jpg", id);
        json_object_set_string_member (row, "snapshot_url", url);
      }
  }
  json_object_set_array_member (row, "zones", g_steal_pointer (&zones));
  return TRUE;
}

static gboolean
parse_generic (JsonObject  *o,
               JsonObject  *row,
               GError     **error)
{
  const char *camera = str (o, "camera_id"), *kind = str (o, "kind");
  JsonNode *tn = member (o, "time"), *zn = member (o, "zones");
  double v;
  gint64 t = g_get_real_time () / G_USEC_PER_SEC;

  if (camera == NULL || *camera == '\0')
    return invalid (error, "camera_id is required");
  if (kind == NULL || !g_strv_contains (kinds, kind))
    return invalid (error, "kind must be one of red_light, crowd, intrusion, congestion, plate");
  if (tn != NULL && !JSON_NODE_HOLDS_NULL (tn))
    {
      if (str (o, "time") != NULL)
        {
          if (!ioc_time_parse (str (o, "time"), ioc_time_zone_local (), &t))
            return invalid (error, "time is not ISO 8601");
        }
      else if (!num (o, "time", &v) || !unix_time (v, &t))
        return invalid (error, "time must be ISO 8601 or unix seconds");
    }
  json_object_set_string_member (row, "source", "generic");
  json_object_set_string_member (row, "camera_id", camera);
  json_object_set_string_member (row, "kind", kind);
  json_object_set_int_member (row, "time", t);
  if (str (o, "label") != NULL)
    json_object_set_string_member (row, "label", str (o, "label"));
  if (str (o, "plate") != NULL)
    json_object_set_string_member (row, "plate", str (o, "plate"));
  if (str (o, "snapshot_url") != NULL)
    json_object_set_string_member (row, "snapshot_url", str (o, "snapshot_url"));
  if (member (o, "confidence") != NULL)
    {
      if (!num (o, "confidence", &v) || v < 0 || v > 1)
        return invalid (error, "confidence must be a number from 0 to 1");
      json_object_set_double_member (row, "confidence", v);
    }
  if (zn != NULL && !JSON_NODE_HOLDS_NULL (zn))
    {
      if (!JSON_NODE_HOLDS_ARRAY (zn))
        return invalid (error, "zones must be an array of names");
      json_object_set_array_member (row, "zones", collect_zones (o));
    }
  return TRUE;
}

gboolean
ioc_camevent_parse_object (JsonObject         *o,
                           JsonObject        **out_row,
                           IocCamEventAction  *out_action,
                           GError            **error)
{
  g_autoptr(JsonObject) row = json_object_new ();
  IocCamEventAction action = IOC_CAMEVENT_NEW;
  gboolean ok;

  *out_row = NULL;
  if (obj (o, "after") != NULL)
    ok = parse_frigate (obj (o, "after"), str (o, "type"), row, &action, error);
  else if (str (o, "camera") != NULL && str (o, "id") != NULL && member (o, "start_time") != NULL)
    {
      /* One event of Frigate's GET /api/events: ended when end_time is set. */
      JsonNode *e = member (o, "end_time");
      ok = parse_frigate (o, e != NULL && !JSON_NODE_HOLDS_NULL (e) ? "end" : "update", row, &action, error);
    }
  else
    ok = parse_generic (o, row, error);
  if (!ok)
    return FALSE;
  *out_action = action;
  *out_row = g_steal_pointer (&row);
  return TRUE;
}

gboolean
ioc_camevent_parse (const char         *data,
                    gsize               len,
                    JsonObject        **out_row,
                    IocCamEventAction  *out_action,
                    GError            **error)
{
  g_autoptr(JsonNode) node = NULL;

  *out_row = NULL;
  node = ioc_json_parse (data, len, error);
  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, "a camera event must be one JSON object");
  return ioc_camevent_parse_object (json_node_get_object (node), out_row, out_action, error);
}
