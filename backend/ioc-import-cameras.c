/* ioc-import-cameras.c — the camera registry from CSV or JSON
 *
 * Columns (CSV header, or members of each JSON object): id, name, lat,
 * lon (required), heading (degrees, 0 ≤ h < 360), owner (a unit id or
 * name; owner_unit_id also accepted), kind (traffic | security | ptz,
 * default security), rtsp_main, rtsp_sub (rtsp:// or rtsps:// URIs),
 * ai_features (a JSON array, or names separated by ';', '|' or ',':
 * red_light;plate;congestion). Coordinates are kept to 5 decimals (~1 m).
 *
 * Upsert by id: a new camera is created with status unknown (event
 * camera.created), a changed one is updated (camera.updated, the whole
 * row); an unchanged one is left alone. status and status_changed_at
 * belong to the health checker and are never written here.
 */
#define G_LOG_DOMAIN "iocd-import"

#include "ioc-camera-uri.h"
#include "ioc-import-private.h"
#include "ioc-json.h"

#include <math.h>
#include <string.h>

typedef struct {
  const char *id;
  const char *name;
  double      lat;
  double      lon;
  double      heading;       /* NAN: none */
  const char *owner;         /* unit id or NULL */
  const char *kind;
  const char *rtsp_main;
  const char *rtsp_sub;
  const char *userinfo;      /* the camera account, out of the URIs (ioc-camera-uri.h) */
  const char *ai_features;   /* JSON array text */
  guint       line;
} CameraRecord;

static const char *const camera_columns[] = {
  "id", "name", "lat", "lon", "heading", "owner", "owner_unit_id", "kind",
  "rtsp_main", "rtsp_sub", "ai_features", "row_no", NULL
};

static gboolean
camera_header (IocImportParser    *p,
               const char *const  *names,
               guint               n,
               GError            **error)
{
  static const char *const required[] = { "id", "name", "lat", "lon", NULL };
  return ioc_import_check_columns (names, n, camera_columns, required, error);
}

static gboolean
id_ok (const char *id)
{
  if (id == NULL || *id == '\0' || strlen (id) > 64)
    return FALSE;
  for (const char *c = id; *c; c++)
    if (!g_ascii_isalnum (*c) && *c != '-' && *c != '_' && *c != '.')
      return FALSE;
  return TRUE;
}

static gboolean
rtsp_ok (const char *uri)
{
  return strlen (uri) <= 2000 &&
         (g_str_has_prefix (uri, "rtsp://") || g_str_has_prefix (uri, "rtsps://")) &&
         g_uri_is_valid (uri, G_URI_FLAGS_NONE, NULL);
}

/* ai_features as a JSON array text, or NULL with *why set. */
static char *
features_json (const char  *text,
               const char **why)
{
  g_autoptr(JsonArray) out = json_array_new ();
  g_autoptr(JsonNode) node = NULL;
  g_auto(GStrv) parts = NULL;

  if (text[0] == '[')
    {
      JsonArray *a;
      node = ioc_json_parse (text, -1, NULL);
      if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
        {
          *why = "is not a JSON array";
          return NULL;
        }
      a = json_node_get_array (node);
      parts = g_new0 (char *, json_array_get_length (a) + 1);
      for (guint i = 0; i < json_array_get_length (a); i++)
        {
          JsonNode *e = json_array_get_element (a, i);
          if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING)
            {
              *why = "must hold names (strings)";
              return NULL;
            }
          parts[i] = g_strdup (json_node_get_string (e));
        }
    }
  else
    parts = g_strsplit_set (text, ";|,", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *f = g_strstrip (parts[i]);
      if (*f == '\0')
        continue;
      if (strlen (f) > 32 || json_array_get_length (out) >= 16)
        {
          *why = "has a name longer than 32 characters or more than 16 names";
          return NULL;
        }
      for (const char *c = f; *c; c++)
        if (!g_ascii_islower (*c) && !g_ascii_isdigit (*c) && *c != '_')
          {
            *why = "names are lower-case letters, digits and _ (red_light, plate, crowd…)";
            return NULL;
          }
      json_array_add_string_element (out, f);
    }
  {
    g_autoptr(JsonNode) n = json_node_init_array (json_node_alloc (), out);
    return ioc_json_to_string (n);
  }
}

static double
round5 (double v)
{
  return round (v * 1e5) / 1e5;
}

static void
camera_row (IocImportParser    *p,
            const IocImportRow *row)
{
  static const char *const kinds[] = { "traffic", "security", "ptz", NULL };
  CameraRecord rec = { 0 };
  const char *id = ioc_import_row_get (row, "id");
  const char *name = ioc_import_row_get (row, "name");
  const char *heading = ioc_import_row_get (row, "heading");
  const char *owner = ioc_import_row_get (row, "owner");
  const char *kind = ioc_import_row_get (row, "kind");
  const char *features = ioc_import_row_get (row, "ai_features");
  const char *uris[2] = { ioc_import_row_get (row, "rtsp_main"), ioc_import_row_get (row, "rtsp_sub") };
  g_autofree char *features_text = NULL;
  char today[11];

  rec.line = row->line;
  if (!id_ok (id))
    {
      ioc_import_reject (p, row->line, "id must be 1–64 letters, digits, '-', '_' or '.', not “%s”", id != NULL ? id : "");
      return;
    }
  if (!ioc_import_text (p, row->line, "name", name, 200, TRUE) ||
      !ioc_import_number (p, row->line, "lat", ioc_import_row_get (row, "lat"), -90, 90, &rec.lat) ||
      !ioc_import_number (p, row->line, "lon", ioc_import_row_get (row, "lon"), -180, 180, &rec.lon))
    return;
  rec.heading = NAN;
  if (heading != NULL && *heading != '\0')
    {
      if (!ioc_import_number (p, row->line, "heading", heading, 0, 360, &rec.heading))
        return;
      if (rec.heading >= 360)
        {
          ioc_import_reject (p, row->line, "heading must be less than 360 degrees");
          return;
        }
    }
  if (kind == NULL || *kind == '\0')
    kind = "security";
  else if (!g_strv_contains (kinds, kind))
    {
      ioc_import_reject (p, row->line, "kind must be traffic, security or ptz, not “%s”", kind);
      return;
    }
  for (guint i = 0; i < 2; i++)
    if (uris[i] != NULL && *uris[i] != '\0' && !rtsp_ok (uris[i]))
      {
        ioc_import_reject (p, row->line, "%s must be an rtsp:// or rtsps:// URI, not “%s”",
                           i == 0 ? "rtsp_main" : "rtsp_sub", uris[i]);
        return;
      }
  if (features != NULL && *features != '\0')
    {
      const char *why = NULL;
      features_text = features_json (features, &why);
      if (features_text == NULL)
        {
          ioc_import_reject (p, row->line, "ai_features %s", why);
          return;
        }
    }
  if (owner == NULL || *owner == '\0')
    owner = ioc_import_row_get (row, "owner_unit_id");
  if (owner != NULL && *owner != '\0')
    {
      ioc_day_format (ioc_day_today (p->opts->now > 0 ? p->opts->now : g_get_real_time () / G_USEC_PER_SEC), today);
      rec.owner = ioc_import_unit (p, row->line, owner, owner, today);
      if (rec.owner == NULL)
        return;
    }

  rec.id = ioc_import_intern (p, id);
  rec.name = ioc_import_intern (p, name);
  rec.lat = round5 (rec.lat);
  rec.lon = round5 (rec.lon);
  rec.owner = ioc_import_intern (p, rec.owner);
  rec.kind = ioc_import_intern (p, kind);
  {
    /* Interned text only lives as long as the row while validating: keep
     * the pieces here until the record is emitted. */
    char *bare[2] = { NULL, NULL };
    g_autofree char *account = NULL;

    for (guint i = 0; i < 2; i++)
      {
        g_autofree char *info = NULL;

        if (uris[i] == NULL || *uris[i] == '\0')
          continue;
        if (!ioc_camera_uri_split (uris[i], &bare[i], &info))
          {
            ioc_import_reject (p, row->line, "%s is not a URI", i == 0 ? "rtsp_main" : "rtsp_sub");
            g_free (bare[0]);
            g_free (bare[1]);
            return;
          }
        if (info != NULL && account != NULL && strcmp (info, account) != 0)
          {
            ioc_import_reject (p, row->line, "rtsp_main and rtsp_sub must use the same camera account");
            g_free (bare[0]);
            g_free (bare[1]);
            return;
          }
        if (info != NULL && account == NULL)
          account = g_steal_pointer (&info);
      }
    rec.rtsp_main = ioc_import_intern (p, bare[0]);
    rec.rtsp_sub = ioc_import_intern (p, bare[1]);
    rec.userinfo = ioc_import_intern (p, account);
    rec.ai_features = ioc_import_intern (p, features_text);
    ioc_import_emit (p, &rec);
    g_free (bare[0]);
    g_free (bare[1]);
  }
}

static gboolean
camera_parse (IocImportParser  *p,
              const char       *data,
              gsize             length,
              GError          **error)
{
  return ioc_import_parse_rows (p, data, length, camera_header, camera_row, error);
}

static gboolean
same_double (JsonObject *o,
             const char *member,
             double      v)
{
  JsonNode *n = json_object_get_member (o, member);

  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    return isnan (v);
  return !isnan (v) && json_node_get_double (n) == v;
}

static gboolean
same_text (JsonObject *o,
           const char *member,
           const char *v)
{
  JsonNode *n = json_object_get_member (o, member);

  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    return v == NULL;
  if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING)
    return g_strcmp0 (json_node_get_string (n), v) == 0;
  /* ai_features: compare as written */
  {
    g_autofree char *text = ioc_json_to_string (n);
    return g_strcmp0 (text, v) == 0;
  }
}

static void
set_text_or_null (JsonObject *o,
                  const char *member,
                  const char *v)
{
  if (v != NULL)
    json_object_set_string_member (o, member, v);
  else
    json_object_set_null_member (o, member);
}

static gboolean
camera_write (IocImportWriter  *w,
              IocImportBatch   *batch,
              GError          **error)
{
  for (guint i = 0; i < batch->records->len; i++)
    {
      const CameraRecord *r = &g_array_index (batch->records, CameraRecord, i);
      g_autoptr(JsonObject) old = ioc_store_get (w->store, &ioc_entity_cameras, r->id, FALSE, NULL);
      g_autofree char *old_account = old != NULL ? ioc_store_get_text (w->store, &ioc_entity_cameras, r->id,
                                                                       "rtsp_userinfo", NULL) : NULL;
      g_autoptr(JsonObject) row = json_object_new ();
      g_autoptr(JsonObject) stored = NULL;
      g_autoptr(JsonNode) data = NULL;
      gboolean ok;

      if (old != NULL &&
          same_text (old, "name", r->name) && same_double (old, "lat", r->lat) &&
          same_double (old, "lon", r->lon) && same_double (old, "heading", r->heading) &&
          same_text (old, "owner_unit_id", r->owner) && same_text (old, "kind", r->kind) &&
          same_text (old, "rtsp_main", r->rtsp_main) && same_text (old, "rtsp_sub", r->rtsp_sub) &&
          g_strcmp0 (old_account, r->userinfo) == 0 &&
          same_text (old, "ai_features", r->ai_features))
        {
          w->result->unchanged++;
          continue;
        }

      json_object_set_string_member (row, "name", r->name);
      json_object_set_double_member (row, "lat", r->lat);
      json_object_set_double_member (row, "lon", r->lon);
      if (isnan (r->heading))
        json_object_set_null_member (row, "heading");
      else
        json_object_set_double_member (row, "heading", r->heading);
      set_text_or_null (row, "owner_unit_id", r->owner);
      json_object_set_string_member (row, "kind", r->kind);
      set_text_or_null (row, "rtsp_main", r->rtsp_main);
      set_text_or_null (row, "rtsp_sub", r->rtsp_sub);
      set_text_or_null (row, "rtsp_userinfo", r->userinfo);
      json_object_set_boolean_member (row, "rtsp_auth", r->userinfo != NULL);
      if (r->ai_features != NULL)
        json_object_set_member (row, "ai_features", ioc_json_parse (r->ai_features, -1, NULL));
      else
        json_object_set_null_member (row, "ai_features");
      json_object_set_int_member (row, "updated_at", w->opts->now);
      if (old != NULL)
        ok = ioc_store_update (w->store, &ioc_entity_cameras, r->id, row, error);
      else
        {
          json_object_set_string_member (row, "id", r->id);
          json_object_set_string_member (row, "status", "unknown");
          ok = ioc_store_insert (w->store, &ioc_entity_cameras, row, NULL, error);
        }
      if (!ok || (stored = ioc_store_get (w->store, &ioc_entity_cameras, r->id, FALSE, error)) == NULL)
        {
          g_prefix_error (error, "line %u: ", r->line);
          return FALSE;
        }
      data = json_node_init_object (json_node_alloc (), stored);
      if (ioc_store_append_event (w->store, old != NULL ? "camera.updated" : "camera.created", data, error) == 0)
        return FALSE;
      w->result->imported++;
    }
  return TRUE;
}

const IocImportKind ioc_import_kind_cameras = {
  "cameras", "The camera registry (CSV or JSON)",
  "id, name, lat, lon, heading, owner (unit id or name), kind (traffic|security|ptz), rtsp_main, "
  "rtsp_sub, ai_features (JSON array or names separated by ;)",
  NULL, IOC_IMPORT_JSON, sizeof (CameraRecord),
  camera_parse, NULL, camera_write, NULL, NULL, NULL,
};
