/* ioc-conn-open311.c — citizen field reports through Open311 GeoReport v2
 *
 *   GET  /open311/discovery.{json,xml}          service discovery
 *   GET  /open311/v2/services.{json,xml}        the field-report categories (ioc-reports.c)
 *   GET  /open311/v2/services/{code}.{json,xml} a service definition (no extra attributes)
 *   GET  /open311/v2/requests.{json,xml}        service requests (filters below)
 *   POST /open311/v2/requests.{json,xml}        a new request (api_key required)
 *   GET  /open311/v2/requests/{id}.{json,xml}   one request
 *
 * Every Open311 path is public (no bearer token), as the spec has it; only
 * POST needs an api_key. Keys are configured per client application:
 *
 *     [open311]
 *     api-keys=citizen-app:KEY;zalo:KEY2      (name:key;… keys ≥ 16 characters)
 *     jurisdiction-id=daklak.gov.vn           (a jurisdiction_id sent must match)
 *     contact=…                               (discovery's contact line)
 *
 * A POST lands in the reports table as a `received` report with source
 * "open311" (ioc_report_create: history row, report.created event), audited
 * with the key's client name as who and "open311" as role, and marks the
 * source fresh — all in the request's transaction. It accepts the spec's
 * application/x-www-form-urlencoded body, and also JSON (an object with the
 * same parameter names) and multipart/form-data (text fields only: media
 * is linked with media_url, never uploaded).
 *
 * Status: open = received, assigned, forwarded, overdue; closed =
 * processed, not_eligible. agency_responsible is the assigned unit's name;
 * status_notes the resolution of a closed request, otherwise the last note
 * a person wrote in its history. The reporter's name, phone and e-mail are
 * stored (private columns) and never returned.
 *
 * Errors on these paths have the spec's shape, not the house one:
 *     [{"code":400,"description":"…"}]   (XML: <errors><error>…)
 * with the HTTP status as the code: 400 for a missing or wrong parameter
 * (the house's 422 "invalid" becomes 400 here, the spec knows no 422),
 * 403 for a missing or unknown api_key, 404 for an unknown request,
 * service or jurisdiction, 429 after too many bad keys from one address.
 * The description names the parameter in the spec's terms (long,
 * address_string, service_code, …). Only failures before routing (an
 * unknown path, a wrong method, a body over max-body-bytes) keep the house
 * shape, since no Open311 handler has run.
 */
#define G_LOG_DOMAIN "iocd"

#include "ioc-conn-open311.h"
#include "ioc-connector.h"
#include "ioc-json.h"
#include "ioc-open311-format.h"
#include "ioc-reports.h"
#include "ioc-server-private.h"

#include <math.h>
#include <string.h>

#define STATE_KEY "ioc-open311"
#define SPEC_URL "http://wiki.open311.org/GeoReport_v2"

typedef struct {
  char *client;
  char *key;
} ApiKey;

typedef struct {
  IocServer      *server;
  GPtrArray      *keys;          /* ApiKey* */
  char           *jurisdiction;
  char           *contact;
  char           *changeset;     /* when this iocd started: discovery's changeset */
  IocRateLimiter *bad_keys;      /* per client address */
} Open311;

static void
api_key_free (gpointer data)
{
  ApiKey *k = data;

  g_free (k->client);
  g_free (k->key);
  g_free (k);
}

static void
open311_free (Open311 *self)
{
  g_clear_pointer (&self->keys, g_ptr_array_unref);
  g_free (self->jurisdiction);
  g_free (self->contact);
  g_free (self->changeset);
  g_clear_pointer (&self->bad_keys, ioc_rate_limiter_free);
  g_free (self);
}

static Open311 *
get_state (IocRequest *req)
{
  return g_object_get_data (G_OBJECT (ioc_server_get_soup (req->server)), STATE_KEY);
}

/* ---- errors ------------------------------------------------------------ */

static IocOpen311Format
request_format (IocRequest *req)
{
  IocOpen311Format format = IOC_OPEN311_JSON;

  if (!ioc_open311_split_format (req->path, NULL, &format))
    format = IOC_OPEN311_JSON;
  return format;
}

static void
write_error (IocRequest   *req,
             guint         status,
             const GError *error)
{
  IocOpen311Format format = request_format (req);
  guint code = status == 422 || status == 409 ? 400 : status;
  g_autoptr(GBytes) body = ioc_open311_write_error (code, ioc_api_error_get_detail (error), format);
  gsize len;
  const char *data = g_bytes_get_data (body, &len);

  soup_server_message_set_status (req->msg, code, NULL);
  soup_server_message_set_response (req->msg, ioc_open311_content_type (format), SOUP_MEMORY_COPY, data, len);
}

static void
respond (IocRequest *req,
         guint       status,
         JsonNode   *node,
         const char *root,
         const char *item)
{
  IocOpen311Format format = request_format (req);

  req->status = status;
  req->raw_response = ioc_open311_write (node, format, root, item);
  req->content_type = g_strdup (ioc_open311_content_type (format));
}

/* ---- parameters -------------------------------------------------------- */

/* A parameter as the spec reads it: an empty value is no value. */
static const char *
param (GHashTable *params,
       const char *name)
{
  const char *v = params != NULL ? g_hash_table_lookup (params, name) : NULL;
  return v != NULL && *v != '\0' ? v : NULL;
}

static gboolean
check_jurisdiction (Open311     *self,
                    GHashTable  *params,
                    GError     **error)
{
  const char *j = param (params, "jurisdiction_id");

  if (j != NULL && g_ascii_strcasecmp (j, self->jurisdiction) != 0)
    {
      ioc_api_set_error (error, IOC_API_ERROR_NOT_FOUND, "jurisdiction_id",
                         "jurisdiction_id “%s” was not found: this endpoint serves %s",
                         j, self->jurisdiction);
      return FALSE;
    }
  return TRUE;
}

static gboolean
text_param (GHashTable  *params,
            const char  *name,
            glong        max_chars,
            const char **out,
            GError     **error)
{
  *out = param (params, name);
  if (*out != NULL && g_utf8_strlen (*out, -1) > max_chars)
    {
      ioc_api_set_error (error, IOC_API_ERROR_BAD_REQUEST, name,
                         "%s is longer than %ld characters", name, max_chars);
      return FALSE;
    }
  return TRUE;
}

static gboolean
coordinate_param (GHashTable  *params,
                  const char  *name,
                  double       limit,
                  double      *out,
                  GError     **error)
{
  const char *text = param (params, name);
  char *end = NULL;

  *out = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (*out))
    {
      ioc_api_set_error (error, IOC_API_ERROR_BAD_REQUEST, name,
                         "%s must be a decimal number (WGS84 degrees), got “%s”", name, text);
      return FALSE;
    }
  if (*out < -limit || *out > limit)
    {
      ioc_api_set_error (error, IOC_API_ERROR_BAD_REQUEST, name,
                         "%s must be between %g and %g", name, -limit, limit);
      return FALSE;
    }
  return TRUE;
}

/* Every key and value of a request is UTF-8 (the spec requires it). */
static gboolean
check_utf8 (GHashTable  *params,
            GError     **error)
{
  GHashTableIter iter;
  gpointer k, v;

  g_hash_table_iter_init (&iter, params);
  while (g_hash_table_iter_next (&iter, &k, &v))
    if (!g_utf8_validate (k, -1, NULL) || (v != NULL && !g_utf8_validate (v, -1, NULL)))
      {
        ioc_api_set_error (error, IOC_API_ERROR_BAD_REQUEST, NULL,
                           "the request is not valid UTF-8 (the spec requires UTF-8 everywhere)");
        return FALSE;
      }
  return TRUE;
}

/* The POST body as name → text, whatever the content type. */
static GHashTable *
post_params (IocRequest  *req,
             GError     **error)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  SoupMessageBody *body = soup_server_message_get_request_body (req->msg);
  const char *ct = soup_message_headers_get_content_type (headers, NULL);
  g_autoptr(GHashTable) params = NULL;

  if (body->length > 0 && memchr (body->data, '\0', body->length) != NULL &&
      (ct == NULL || !g_str_equal (ct, "multipart/form-data")))
    {
      ioc_api_set_error (error, IOC_API_ERROR_BAD_REQUEST, NULL, "the body contains a NUL byte");
      return NULL;
    }

  if (ct == NULL || g_ascii_strcasecmp (ct, "application/x-www-form-urlencoded") == 0)
    {
      g_autofree char *text = g_strndup (body->data, body->length);
      params = soup_form_decode (text);
    }
  else if (g_ascii_strcasecmp (ct, "application/json") == 0)
    {
      g_autoptr(JsonNode) node = ioc_json_parse (body->data, body->length, error);
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      if (node == NULL)
        {
          ioc_api_error_from_store (error);
          return NULL;
        }
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          ioc_api_set_error (error, IOC_API_ERROR_BAD_REQUEST, NULL,
                             "the JSON body must be an object of the request's parameters");
          return NULL;
        }
      params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &name, &value))
        {
          char *text;

          if (JSON_NODE_HOLDS_NULL (value))
            continue;   /* a null parameter is an undeclared one */
          if (!JSON_NODE_HOLDS_VALUE (value))
            {
              ioc_api_set_error (error, IOC_API_ERROR_BAD_REQUEST, name,
                                 "%s must be a string or a number", name);
              return NULL;
            }
          switch (json_node_get_value_type (value))
            {
            case G_TYPE_STRING:
              text = g_strdup (json_node_get_string (value));
              break;
            case G_TYPE_INT64:
              text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));
              break;
            case G_TYPE_DOUBLE:
              {
                GString *s = g_string_new (NULL);
                ioc_json_append_double (s, json_node_get_double (value));
                text = g_string_free (s, FALSE);
              }
              break;
            case G_TYPE_BOOLEAN:
              text = g_strdup (json_node_get_boolean (value) ? "true" : "false");
              break;
            default:
              text = g_strdup ("");
            }
          g_hash_table_insert (params, g_strdup (name), text);
        }
    }
  else if (g_ascii_strcasecmp (ct, "multipart/form-data") == 0)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body->data, body->length);
      SoupMultipart *mp = soup_multipart_new_from_message (headers, bytes);

      if (mp == NULL)
        {
          ioc_api_set_error (error, IOC_API_ERROR_BAD_REQUEST, NULL, "the multipart/form-data body is malformed");
          return NULL;
        }
      /* libsoup 3.2 frees the multipart itself (soup-form.c), whatever its
       * annotation says. */
      params = soup_form_decode_multipart (mp, NULL, NULL, NULL, NULL);
      if (params == NULL)
        {
          ioc_api_set_error (error, IOC_API_ERROR_BAD_REQUEST, NULL, "the multipart/form-data body is malformed");
          return NULL;
        }
      if (g_hash_table_contains (params, "media"))
        {
          ioc_api_set_error (error, IOC_API_ERROR_BAD_REQUEST, "media",
                             "media uploads are not accepted: put the picture online and send its media_url");
          return NULL;
        }
    }
  else
    {
      ioc_api_set_error (error, IOC_API_ERROR_UNSUPPORTED, NULL,
                         "send the request as application/x-www-form-urlencoded (or application/json), not %s", ct);
      return NULL;
    }

  if (!check_utf8 (params, error))
    return NULL;
  return g_steal_pointer (&params);
}

/* ---- api keys ----------------------------------------------------------- */

static gboolean
equal_const_time (const char *given,
                  const char *key)
{
  gsize lg = strlen (given), lk = strlen (key);
  guint diff = lg != lk;

  /* Time depends on the length of what the client sent, not on the key. */
  for (gsize i = 0; i < lg; i++)
    diff |= (guchar) given[i] ^ (guchar) (i < lk ? key[i] : 0);
  return diff == 0;
}

static const char *
find_client (Open311    *self,
             const char *key)
{
  const char *found = NULL;

  /* Compare with every key, found or not, in constant time each. */
  for (guint i = 0; i < self->keys->len; i++)
    {
      ApiKey *k = g_ptr_array_index (self->keys, i);
      if (equal_const_time (key, k->key) && found == NULL)
        found = k->client;
    }
  return found;
}

static gboolean
parse_keys (Open311     *self,
            const char  *spec,
            GError     **error)
{
  g_auto(GStrv) entries = g_strsplit (spec, ";", -1);

  for (guint i = 0; entries[i] != NULL; i++)
    {
      char *entry = g_strstrip (entries[i]);
      const char *colon = strchr (entry, ':');
      g_autofree char *client = NULL;
      const char *key;
      ApiKey *k;

      if (*entry == '\0')
        continue;
      if (colon == NULL || colon == entry)
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                       "[open311] api-keys: entry %u is not CLIENT:KEY", i + 1);
          return FALSE;
        }
      client = g_strstrip (g_strndup (entry, colon - entry));
      key = colon + 1;
      for (const char *p = client; *p != '\0'; p++)
        if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
          {
            g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                         "[open311] api-keys: the client name “%s” may only have letters, digits, '.', '-' and '_'",
                         client);
            return FALSE;
          }
      if (strlen (key) < 16 || strpbrk (key, " \t") != NULL)
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                       "[open311] api-keys: the key of %s must be at least 16 characters, without spaces", client);
          return FALSE;
        }
      for (guint j = 0; j < self->keys->len; j++)
        {
          ApiKey *other = g_ptr_array_index (self->keys, j);
          if (g_str_equal (other->client, client) || g_str_equal (other->key, key))
            {
              g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                           "[open311] api-keys: %s appears twice (each client has one key of its own)", client);
              return FALSE;
            }
        }
      k = g_new0 (ApiKey, 1);
      k->client = g_steal_pointer (&client);
      k->key = g_strdup (key);
      g_ptr_array_add (self->keys, k);
    }
  return TRUE;
}

/* ---- documents ---------------------------------------------------------- */

static char *
service_notice (const IocReportCategory *cat)
{
  return g_strdup_printf ("Thời hạn xử lý %u giờ kể từ khi giao cho đơn vị xử lý.", cat->deadline_hours);
}

static JsonObject *
service_object (const IocReportCategory *cat)
{
  JsonObject *o = json_object_new ();
  g_autofree char *notice = service_notice (cat);
  g_autofree char *description = g_strdup_printf ("%s (%s). %s", cat->name_vi, cat->name_en, notice);
  g_autofree char *keywords = g_ascii_strdown (cat->name_en, -1);

  json_object_set_string_member (o, "service_code", cat->code);
  json_object_set_string_member (o, "service_name", cat->name_vi);
  json_object_set_string_member (o, "description", description);
  json_object_set_boolean_member (o, "metadata", FALSE);
  json_object_set_string_member (o, "type", "realtime");
  json_object_set_string_member (o, "keywords", keywords);
  json_object_set_string_member (o, "group", cat->group);
  return o;
}

/* An ISO 8601 UTC time of the store, in the province's offset. */
static void
set_time (JsonObject *o,
          const char *member,
          JsonObject *row,
          const char *column)
{
  const char *text = json_object_get_string_member_with_default (row, column, NULL);
  gint64 t;

  if (text == NULL || !ioc_time_parse (text, NULL, &t))
    {
      json_object_set_null_member (o, member);
      return;
    }
  {
    g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (t);
    g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, ioc_time_zone_local ());
    g_autofree char *formatted = g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z");
    json_object_set_string_member (o, member, formatted);
  }
}

static void
copy_text (JsonObject *o,
           const char *member,
           JsonObject *row,
           const char *column)
{
  const char *text = json_object_get_string_member_with_default (row, column, NULL);

  if (text != NULL)
    json_object_set_string_member (o, member, text);
  else
    json_object_set_null_member (o, member);
}

typedef struct {
  IocStore   *store;
  GHashTable *unit_names;   /* unit_id → name (owned) */
  GHashTable *notes;        /* report id (gint64*) → note (borrowed from history) */
  JsonArray  *history;
} Lookups;

static void
lookups_clear (Lookups *l)
{
  g_clear_pointer (&l->unit_names, g_hash_table_unref);
  g_clear_pointer (&l->notes, g_hash_table_unref);
  g_clear_pointer (&l->history, json_array_unref);
}

/* The last note a person wrote on each of @rows, in one query. */
static gboolean
lookups_load (Lookups    *l,
              JsonArray  *rows,
              GError    **error)
{
  g_autoptr(GString) ids = g_string_new (NULL);
  g_autoptr(IocQuery) q = ioc_query_new ();
  guint n = json_array_get_length (rows);

  l->unit_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  l->notes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  if (n == 0)
    return TRUE;
  for (guint i = 0; i < n; i++)
    g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, i ? "," : "",
                            json_object_get_int_member (json_array_get_object_element (rows, i), "id"));
  ioc_query_add_filter (q, "report_id", IOC_FILTER_EQ, ids->str);
  l->history = ioc_store_list (l->store, &ioc_entity_report_history, q, NULL, error);
  if (l->history == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (l->history); i++)
    {
      JsonObject *h = json_array_get_object_element (l->history, i);
      const char *note = json_object_get_string_member_with_default (h, "note", NULL);
      const char *actor = json_object_get_string_member_with_default (h, "actor", NULL);
      gint64 *key;

      /* The clock's own entries ("deadline passed") are not notes. */
      if (note == NULL || *note == '\0' || actor == NULL)
        continue;
      key = g_new (gint64, 1);
      *key = json_object_get_int_member (h, "report_id");
      g_hash_table_replace (l->notes, key, (gpointer) note);   /* ascending ids: the last wins */
    }
  return TRUE;
}

static const char *
unit_name (Lookups    *l,
           const char *unit_id)
{
  const char *name;

  if (unit_id == NULL)
    return NULL;
  if (g_hash_table_lookup_extended (l->unit_names, unit_id, NULL, (gpointer *) &name))
    return name;
  {
    g_autoptr(JsonObject) unit = ioc_store_get (l->store, &ioc_entity_units, unit_id, FALSE, NULL);
    char *found = unit != NULL ? g_strdup (json_object_get_string_member_with_default (unit, "name", unit_id))
                               : g_strdup (unit_id);
    g_hash_table_insert (l->unit_names, g_strdup (unit_id), found);
    return found;
  }
}

static JsonObject *
request_object (Lookups    *l,
                JsonObject *row)
{
  JsonObject *o = json_object_new ();
  gint64 id = json_object_get_int_member (row, "id");
  const char *status = json_object_get_string_member (row, "status");
  const char *code = json_object_get_string_member (row, "category");
  const IocReportCategory *cat = ioc_report_category (code);
  gboolean open = ioc_report_status_is_open (status);
  const char *resolution = json_object_get_string_member_with_default (row, "resolution", NULL);
  const char *note = g_hash_table_lookup (l->notes, &id);
  const char *agency = unit_name (l, json_object_get_string_member_with_default (row, "unit_id", NULL));

  json_object_set_int_member (o, "service_request_id", id);
  json_object_set_string_member (o, "status", open ? "open" : "closed");
  if (!open && resolution != NULL)
    json_object_set_string_member (o, "status_notes", resolution);
  else if (note != NULL)
    json_object_set_string_member (o, "status_notes", note);
  else
    json_object_set_null_member (o, "status_notes");
  json_object_set_string_member (o, "service_name", cat != NULL ? cat->name_vi : code);
  json_object_set_string_member (o, "service_code", code);
  copy_text (o, "description", row, "description");
  if (agency != NULL)
    json_object_set_string_member (o, "agency_responsible", agency);
  else
    json_object_set_null_member (o, "agency_responsible");
  if (cat != NULL)
    {
      g_autofree char *notice = service_notice (cat);
      json_object_set_string_member (o, "service_notice", notice);
    }
  else
    json_object_set_null_member (o, "service_notice");
  set_time (o, "requested_datetime", row, "received_at");
  set_time (o, "updated_datetime", row, "updated_at");
  set_time (o, "expected_datetime", row, "deadline");
  copy_text (o, "address", row, "address");
  json_object_set_null_member (o, "address_id");
  json_object_set_null_member (o, "zipcode");
  if (json_object_has_member (row, "lat") && !json_object_get_null_member (row, "lat"))
    {
      json_object_set_double_member (o, "lat", json_object_get_double_member (row, "lat"));
      json_object_set_double_member (o, "long", json_object_get_double_member (row, "lon"));
    }
  else
    {
      json_object_set_null_member (o, "lat");
      json_object_set_null_member (o, "long");
    }
  {
    JsonNode *media = json_object_get_member (row, "media_urls");
    JsonArray *a = media != NULL && JSON_NODE_HOLDS_ARRAY (media) ? json_node_get_array (media) : NULL;
    if (a != NULL && json_array_get_length (a) > 0)
      json_object_set_string_member (o, "media_url", json_array_get_string_element (a, 0));
    else
      json_object_set_null_member (o, "media_url");
  }
  return o;
}

static gboolean
respond_requests (IocRequest  *req,
                  JsonArray   *rows,
                  GError     **error)
{
  Lookups l = { req->store };
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
  JsonArray *out = json_array_new ();

  json_node_take_array (node, out);
  if (!lookups_load (&l, rows, error))
    {
      lookups_clear (&l);
      ioc_api_error_from_store (error);
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (rows); i++)
    json_array_add_object_element (out, request_object (&l, json_array_get_object_element (rows, i)));
  lookups_clear (&l);
  respond (req, 200, node, "service_requests", "request");
  return TRUE;
}

/* ---- GET handlers ------------------------------------------------------- */

static gboolean
handle_discovery (IocRequest  *req,
                  GError     **error)
{
  Open311 *self = get_state (req);
  GUri *uri = soup_server_message_get_uri (req->msg);
  const char *host = g_uri_get_host (uri);
  g_autoptr(GUri) base = g_uri_build (G_URI_FLAGS_NONE, g_uri_get_scheme (uri), NULL,
                                      host != NULL ? host : "127.0.0.1",
                                      g_uri_get_port (uri), "/open311/v2", NULL, NULL);
  g_autofree char *url = g_uri_to_string (base);
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *o = json_object_new ();
  JsonArray *endpoints = json_array_new ();
  JsonObject *e = json_object_new ();
  JsonArray *formats = json_array_new ();

  json_object_set_string_member (o, "changeset", self->changeset);
  json_object_set_string_member (o, "contact", self->contact);
  json_object_set_string_member (o, "key_service", "api-keys are issued by the IOC; see [open311] api-keys");
  json_object_set_string_member (e, "specification", SPEC_URL);
  json_object_set_string_member (e, "url", url);
  json_object_set_string_member (e, "changeset", self->changeset);
  json_object_set_string_member (e, "type", "production");
  json_array_add_string_element (formats, "text/xml");
  json_array_add_string_element (formats, "application/json");
  json_object_set_array_member (e, "formats", formats);
  json_array_add_object_element (endpoints, e);
  json_object_set_array_member (o, "endpoints", endpoints);
  json_node_take_object (node, o);
  respond (req, 200, node, "discovery", NULL);
  return TRUE;
}

static gboolean
handle_services (IocRequest  *req,
                 GError     **error)
{
  guint n;
  const IocReportCategory *cats = ioc_report_categories (&n);
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
  JsonArray *a = json_array_new ();

  if (!check_jurisdiction (get_state (req), req->query, error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    json_array_add_object_element (a, service_object (&cats[i]));
  json_node_take_array (node, a);
  respond (req, 200, node, "services", "service");
  return TRUE;
}

static gboolean
handle_service_definition (IocRequest  *req,
                           GError     **error)
{
  g_autofree char *code = NULL;
  IocOpen311Format format;
  const IocReportCategory *cat;
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *o;

  if (!ioc_open311_split_format (ioc_request_param (req, "code"), &code, &format))
    {
      ioc_api_set_error (error, IOC_API_ERROR_NOT_FOUND, NULL, "a service definition is services/CODE.json or .xml");
      return FALSE;
    }
  if (!check_jurisdiction (get_state (req), req->query, error))
    return FALSE;
  cat = ioc_report_category (code);
  if (cat == NULL)
    {
      ioc_api_set_error (error, IOC_API_ERROR_NOT_FOUND, "service_code",
                         "service_code “%s” was not found (services.json lists them)", code);
      return FALSE;
    }
  /* No category asks for more than the common fields (metadata=false). */
  o = json_object_new ();
  json_object_set_string_member (o, "service_code", cat->code);
  json_object_set_array_member (o, "attributes", json_array_new ());
  json_node_take_object (node, o);
  respond (req, 200, node, "service_definition", NULL);
  return TRUE;
}

static gboolean
handle_request (IocRequest  *req,
                GError     **error)
{
  g_autofree char *id = NULL;
  IocOpen311Format format;
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonArray) rows = json_array_new ();
  char *end = NULL;
  guint64 n;

  if (!ioc_open311_split_format (ioc_request_param (req, "id"), &id, &format))
    {
      ioc_api_set_error (error, IOC_API_ERROR_NOT_FOUND, NULL, "a request is requests/ID.json or .xml");
      return FALSE;
    }
  if (!check_jurisdiction (get_state (req), req->query, error))
    return FALSE;
  n = g_ascii_strtoull (id, &end, 10);
  if (end == id || *end != '\0' || n == 0 || n > G_MAXINT64)
    {
      ioc_api_set_error (error, IOC_API_ERROR_NOT_FOUND, "service_request_id",
                         "service_request_id “%s” was not found", id);
      return FALSE;
    }
  row = ioc_store_get (req->store, &ioc_entity_reports, id, FALSE, NULL);
  if (row == NULL)
    {
      ioc_api_set_error (error, IOC_API_ERROR_NOT_FOUND, "service_request_id",
                         "service_request_id %s was not found", id);
      return FALSE;
    }
  json_array_add_object_element (rows, g_steal_pointer (&row));
  return respond_requests (req, rows, error);
}

static gboolean
parse_date_param (GHashTable  *params,
                  const char  *name,
                  gint64      *out,
                  GError     **error)
{
  const char *text = param (params, name);

  if (text == NULL)
    return TRUE;
  if (!ioc_time_parse (text, ioc_time_zone_local (), out))
    {
      ioc_api_set_error (error, IOC_API_ERROR_BAD_REQUEST, name,
                         "%s must be a w3c date-time such as 2026-11-24T00:00:00+07:00, got “%s”", name, text);
      return FALSE;
    }
  return TRUE;
}

static gboolean
int_param (GHashTable  *params,
           const char  *name,
           gint64       fallback,
           gint64       min,
           gint64       max,
           gint64      *out,
           GError     **error)
{
  const char *text = param (params, name);
  char *end = NULL;

  *out = fallback;
  if (text == NULL)
    return TRUE;
  *out = g_ascii_strtoll (text, &end, 10);
  if (end == text || *end != '\0' || *out < min || *out > max)
    {
      ioc_api_set_error (error, IOC_API_ERROR_BAD_REQUEST, name,
                         "%s must be a whole number from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT,
                         name, min, max);
      return FALSE;
    }
  return TRUE;
}

/* GET requests: service_request_id (comma list, overrides the rest), or
 * service_code (comma list), status (open, closed, comma list),
 * start_date/end_date (requested_datetime; default the last 90 days, at
 * most 90 days), page_size (1–1000, default 1000) and page (from 1). */
static gboolean
handle_requests (IocRequest  *req,
                 GError     **error)
{
  GHashTable *params = req->query;
  g_autoptr(IocQuery) q = ioc_query_new ();
  g_autoptr(JsonArray) rows = NULL;
  const char *ids = param (params, "service_request_id");

  if (!check_jurisdiction (get_state (req), params, error))
    return FALSE;

  if (ids != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (ids, ",", -1);
      g_autoptr(GString) list = g_string_new (NULL);
      guint n = 0;

      for (guint i = 0; parts[i] != NULL; i++)
        {
          char *p = g_strstrip (parts[i]), *end = NULL;
          guint64 v = g_ascii_strtoull (p, &end, 10);
          if (*p == '\0')
            continue;
          if (end == p || *end != '\0' || v == 0 || v > G_MAXINT64)
            {
              ioc_api_set_error (error, IOC_API_ERROR_BAD_REQUEST, "service_request_id",
                                 "service_request_id must be a comma-separated list of request ids, got “%s”", p);
              return FALSE;
            }
          if (++n > IOC_OPEN311_MAX_PAGE)
            {
              ioc_api_set_error (error, IOC_API_ERROR_BAD_REQUEST, "service_request_id",
                                 "service_request_id lists more than %d ids", IOC_OPEN311_MAX_PAGE);
              return FALSE;
            }
          g_string_append_printf (list, "%s%" G_GUINT64_FORMAT, list->len ? "," : "", v);
        }
      if (n == 0)
        {
          ioc_api_set_error (error, IOC_API_ERROR_BAD_REQUEST, "service_request_id", "service_request_id is empty");
          return FALSE;
        }
      ioc_query_add_filter (q, "id", IOC_FILTER_EQ, list->str);
      q->limit = n;
    }
  else
    {
      const char *codes = param (params, "service_code");
      const char *status = param (params, "status");
      gint64 now = g_get_real_time () / G_USEC_PER_SEC, start = -1, end = -1, page, page_size;
      const gint64 span = (gint64) IOC_OPEN311_MAX_DAYS * 86400;

      if (codes != NULL)
        {
          g_auto(GStrv) parts = g_strsplit (codes, ",", -1);
          g_autoptr(GString) list = g_string_new (NULL);
          for (guint i = 0; parts[i] != NULL; i++)
            {
              char *c = g_strstrip (parts[i]);
              if (*c == '\0')
                continue;
              if (ioc_report_category (c) == NULL)
                {
                  ioc_api_set_error (error, IOC_API_ERROR_BAD_REQUEST, "service_code",
                                     "unknown service_code “%s” (services.json lists them)", c);
                  return FALSE;
                }
              g_string_append_printf (list, "%s%s", list->len ? "," : "", c);
            }
          if (list->len > 0)
            ioc_query_add_filter (q, "category", IOC_FILTER_EQ, list->str);
        }
      if (status != NULL)
        {
          g_auto(GStrv) parts = g_strsplit (status, ",", -1);
          gboolean want_open = FALSE, want_closed = FALSE;
          for (guint i = 0; parts[i] != NULL; i++)
            {
              char *s = g_strstrip (parts[i]);
              if (g_ascii_strcasecmp (s, "open") == 0)
                want_open = TRUE;
              else if (g_ascii_strcasecmp (s, "closed") == 0)
                want_closed = TRUE;
              else if (*s != '\0')
                {
                  ioc_api_set_error (error, IOC_API_ERROR_BAD_REQUEST, "status",
                                     "status must be open, closed or both (comma-separated), got “%s”", s);
                  return FALSE;
                }
            }
          if (want_open != want_closed)
            ioc_query_add_filter (q, "status", IOC_FILTER_EQ,
                                  want_open ? "received,assigned,forwarded,overdue" : "processed,not_eligible");
        }
      if (!parse_date_param (params, "start_date", &start, error) ||
          !parse_date_param (params, "end_date", &end, error))
        return FALSE;
      if (start < 0 && end < 0)
        {
          end = now;
          start = now - span;
        }
      else if (start < 0)
        start = end - span;
      else if (end < 0)
        end = start + span;
      if (end < start)
        {
          ioc_api_set_error (error, IOC_API_ERROR_BAD_REQUEST, "end_date", "end_date is before start_date");
          return FALSE;
        }
      if (end - start > span)
        {
          ioc_api_set_error (error, IOC_API_ERROR_BAD_REQUEST, "end_date",
                             "start_date to end_date may not span more than %d days", IOC_OPEN311_MAX_DAYS);
          return FALSE;
        }
      {
        g_autofree char *from = g_strdup_printf ("%" G_GINT64_FORMAT, start);
        g_autofree char *to = g_strdup_printf ("%" G_GINT64_FORMAT, end);
        ioc_query_add_filter (q, "received_at", IOC_FILTER_GE, from);
        ioc_query_add_filter (q, "received_at", IOC_FILTER_LE, to);
      }
      if (!int_param (params, "page_size", IOC_OPEN311_MAX_PAGE, 1, IOC_OPEN311_MAX_PAGE, &page_size, error) ||
          !int_param (params, "page", 1, 1, G_MAXINT32 / IOC_OPEN311_MAX_PAGE, &page, error))
        return FALSE;
      q->limit = (guint) page_size;
      q->offset = (guint) ((page - 1) * page_size);
    }
  q->sort_column = g_strdup ("received_at");
  q->sort_desc = TRUE;
  rows = ioc_store_list (req->store, &ioc_entity_reports, q, NULL, error);
  if (rows == NULL)
    {
      ioc_api_error_from_store (error);
      return FALSE;
    }
  return respond_requests (req, rows, error);
}

/* ---- POST --------------------------------------------------------------- */

/* The REST names ioc_report_create's errors use, in the spec's terms. */
static const char *
open311_name (const char *field)
{
  static const struct { const char *ours, *theirs; } names[] = {
    { "category", "service_code" }, { "lon", "long" }, { "address", "address_string" },
    { "media_urls", "media_url" }, { "reporter_email", "email" }, { "reporter_phone", "phone" },
    { "reporter_name", "first_name" },
  };

  for (guint i = 0; field != NULL && i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (field, names[i].ours))
      return names[i].theirs;
  return field;
}

static gboolean
audit_client (IocRequest  *req,
              const char  *client,
              JsonObject  *after,
              GError     **error)
{
  g_autoptr(JsonObject) row = json_object_new ();
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (after, "id"));

  json_object_set_int_member (row, "time", g_get_real_time () / G_USEC_PER_SEC);
  json_object_set_string_member (row, "user_name", client);
  json_object_set_string_member (row, "role", "open311");
  json_object_set_string_member (row, "action", "report.create");
  json_object_set_string_member (row, "method", req->method);
  json_object_set_string_member (row, "path", req->path);
  json_object_set_string_member (row, "entity", "reports");
  json_object_set_string_member (row, "entity_id", id);
  json_object_set_int_member (row, "status", req->status);
  json_object_set_object_member (row, "after", json_object_ref (after));
  req->wrote_audit = TRUE;
  if (!ioc_store_insert (req->store, &ioc_entity_audit, row, NULL, error))
    {
      ioc_api_error_from_store (error);
      return FALSE;
    }
  return TRUE;
}

static const char *
authenticate (IocRequest  *req,
              Open311     *self,
              GHashTable  *params,
              GError     **error)
{
  const char *key = param (params, "api_key");
  const char *host = soup_server_message_get_remote_host (req->msg);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *client;
  guint wait;

  if (key == NULL)
    key = param (req->query, "api_key");
  if (host == NULL)
    host = "?";
  wait = ioc_rate_limiter_check (self->bad_keys, host, now);
  if (wait > 0)
    {
      g_autofree char *retry = g_strdup_printf ("%u", wait);
      soup_message_headers_replace (soup_server_message_get_response_headers (req->msg), "Retry-After", retry);
      ioc_api_set_error (error, IOC_API_ERROR_TOO_MANY, "api_key",
                         "too many requests with a wrong api_key from this address: try again in %u s", wait);
      return NULL;
    }
  if (key == NULL)
    {
      ioc_api_set_error (error, IOC_API_ERROR_FORBIDDEN, "api_key",
                         "api_key is required to create a request (ask the IOC for one)");
      return NULL;
    }
  client = find_client (self, key);
  if (client == NULL)
    {
      ioc_rate_limiter_fail (self->bad_keys, host, now);
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE,
                        "MESSAGE", "Open311: a request from %s with an unknown api_key was refused", host,
                        "IOCD_SOURCE", "open311");
      ioc_api_set_error (error, IOC_API_ERROR_FORBIDDEN, "api_key",
                         "Invalid api_key received -- can't proceed with create_request.");
      return NULL;
    }
  return client;
}

static gboolean
handle_post (IocRequest  *req,
             GError     **error)
{
  Open311 *self = get_state (req);
  g_autoptr(GHashTable) params = post_params (req, error);
  g_autoptr(JsonObject) input = json_object_new ();
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
  const IocReportCategory *cat;
  const char *client, *code, *address, *description, *media, *email, *phone, *first, *last, *account;
  gboolean has_lat, has_long;
  double lat = 0, lon = 0;

  if (params == NULL)
    return FALSE;
  client = authenticate (req, self, params, error);
  if (client == NULL || !check_jurisdiction (self, params, error))
    return FALSE;

  code = param (params, "service_code");
  if (code == NULL)
    {
      ioc_api_set_error (error, IOC_API_ERROR_BAD_REQUEST, "service_code",
                         "service_code is required (services.json lists them)");
      return FALSE;
    }
  cat = ioc_report_category (code);
  if (cat == NULL)
    {
      ioc_api_set_error (error, IOC_API_ERROR_BAD_REQUEST, "service_code",
                         "unknown service_code “%s” (services.json lists them)", code);
      return FALSE;
    }

  has_lat = param (params, "lat") != NULL;
  has_long = param (params, "long") != NULL;
  if (has_lat != has_long)
    {
      ioc_api_set_error (error, IOC_API_ERROR_BAD_REQUEST, has_lat ? "long" : "lat",
                         "lat and long go together: %s is missing", has_lat ? "long" : "lat");
      return FALSE;
    }
  if (has_lat && (!coordinate_param (params, "lat", 90, &lat, error) ||
                  !coordinate_param (params, "long", 180, &lon, error)))
    return FALSE;
  if (!text_param (params, "address_string", 500, &address, error) ||
      !text_param (params, "description", 4000, &description, error) ||
      !text_param (params, "media_url", 2000, &media, error) ||
      !text_param (params, "email", 254, &email, error) ||
      !text_param (params, "phone", 32, &phone, error) ||
      !text_param (params, "first_name", 100, &first, error) ||
      !text_param (params, "last_name", 100, &last, error) ||
      !text_param (params, "account_id", 100, &account, error))
    return FALSE;
  if (!has_lat && address == NULL)
    {
      ioc_api_set_error (error, IOC_API_ERROR_BAD_REQUEST, "lat",
                         param (params, "address_id") != NULL ?
                         "a location is required: lat and long, or address_string (address_id is not known here)" :
                         "a location is required: lat and long, or address_string");
      return FALSE;
    }
  /* A dispatcher cannot act on a report that says nothing. */
  if (description == NULL)
    {
      ioc_api_set_error (error, IOC_API_ERROR_BAD_REQUEST, "description",
                         "description is required: say what is wrong (up to 4000 characters)");
      return FALSE;
    }
  if (media != NULL && (!g_uri_is_valid (media, G_URI_FLAGS_NONE, NULL) ||
                        (g_ascii_strncasecmp (media, "http://", 7) != 0 &&
                         g_ascii_strncasecmp (media, "https://", 8) != 0)))
    {
      ioc_api_set_error (error, IOC_API_ERROR_BAD_REQUEST, "media_url", "media_url must be an http(s) URL");
      return FALSE;
    }
  if (email != NULL && strchr (email, '@') == NULL)
    {
      ioc_api_set_error (error, IOC_API_ERROR_BAD_REQUEST, "email", "email is not an e-mail address");
      return FALSE;
    }

  json_object_set_string_member (input, "category", cat->code);
  json_object_set_string_member (input, "description", description);
  json_object_set_string_member (input, "source", "open311");
  if (has_lat)
    {
      json_object_set_double_member (input, "lat", lat);
      json_object_set_double_member (input, "lon", lon);
    }
  if (address != NULL)
    json_object_set_string_member (input, "address", address);
  if (media != NULL)
    {
      JsonArray *a = json_array_new ();
      json_array_add_string_element (a, media);
      json_object_set_array_member (input, "media_urls", a);
    }
  if (email != NULL)
    json_object_set_string_member (input, "reporter_email", email);
  if (phone != NULL)
    json_object_set_string_member (input, "reporter_phone", phone);
  if (first != NULL || last != NULL)
    {
      g_autofree char *name = g_strjoin (" ", first != NULL ? first : "", last != NULL ? last : "", NULL);
      json_object_set_string_member (input, "reporter_name", g_strstrip (name));
    }

  row = ioc_report_create (req->store, input, client, &local);
  if (row == NULL)
    {
      g_autofree char *field = ioc_api_error_get_field (local);
      if (local->domain == IOC_API_ERROR && local->code != IOC_API_ERROR_INTERNAL &&
          local->code != IOC_API_ERROR_UNAVAILABLE)
        ioc_api_set_error (error, IOC_API_ERROR_BAD_REQUEST, open311_name (field), "%s%s%s",
                           field != NULL ? open311_name (field) : "", field != NULL ? ": " : "",
                           ioc_api_error_get_detail (local));
      else
        g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  req->status = 201;
  if (!audit_client (req, client, row, error) ||
      !ioc_server_touch_source (req->server, "open311", error))
    {
      ioc_api_error_from_store (error);
      return FALSE;
    }

  {
    JsonArray *a = json_array_new ();
    JsonObject *o = json_object_new ();
    g_autofree char *notice = service_notice (cat);
    json_object_set_int_member (o, "service_request_id", json_object_get_int_member (row, "id"));
    json_object_set_string_member (o, "service_notice", notice);
    if (account != NULL)
      json_object_set_string_member (o, "account_id", account);
    else
      json_object_set_null_member (o, "account_id");
    json_array_add_object_element (a, o);
    json_node_take_array (node, a);
  }
  respond (req, 201, node, "service_requests", "request");
  return TRUE;
}

/* ---- the connector ------------------------------------------------------ */

#define PUBLIC IOC_ROUTE_PUBLIC
#define POSTED (IOC_ROUTE_PUBLIC | IOC_ROUTE_MUTATES | IOC_ROUTE_RAW_BODY)

static const IocRoute routes[] = {
  { "GET",  "/open311/discovery.json", 0, PUBLIC, handle_discovery, NULL, write_error },
  { "GET",  "/open311/discovery.xml", 0, PUBLIC, handle_discovery, NULL, write_error },
  { "GET",  "/open311/v2/services.json", 0, PUBLIC, handle_services, NULL, write_error },
  { "GET",  "/open311/v2/services.xml", 0, PUBLIC, handle_services, NULL, write_error },
  { "GET",  "/open311/v2/services/{code}", 0, PUBLIC, handle_service_definition, NULL, write_error },
  { "GET",  "/open311/v2/requests.json", 0, PUBLIC, handle_requests, NULL, write_error },
  { "GET",  "/open311/v2/requests.xml", 0, PUBLIC, handle_requests, NULL, write_error },
  { "POST", "/open311/v2/requests.json", 0, POSTED, handle_post, "report.create", write_error },
  { "POST", "/open311/v2/requests.xml", 0, POSTED, handle_post, "report.create", write_error },
  { "GET",  "/open311/v2/requests/{id}", 0, PUBLIC, handle_request, NULL, write_error },
};

static void open311_stop (gpointer state);

static gpointer
open311_start (IocServer  *server,
               GError    **error)
{
  IocConfig *config = ioc_server_get_config (server);
  Open311 *self = g_new0 (Open311, 1);
  g_autofree char *keys = ioc_config_group_string (config, "open311", "api-keys", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  self->server = server;
  self->keys = g_ptr_array_new_with_free_func (api_key_free);
  self->jurisdiction = ioc_config_group_string (config, "open311", "jurisdiction-id", "daklak.gov.vn");
  self->contact = ioc_config_group_string (config, "open311", "contact",
                                           "Trung tâm Giám sát, điều hành đô thị thông minh tỉnh Đắk Lắk");
  self->changeset = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  self->bad_keys = ioc_rate_limiter_new (config->login_max_failures * 4, config->login_window_s);

  if (keys != NULL && !parse_keys (self, keys, error))
    {
      open311_free (self);
      return NULL;
    }
  if (keys == NULL && config->demo)
    {
      ApiKey *k = g_new0 (ApiKey, 1);
      k->client = g_strdup (IOC_OPEN311_DEMO_CLIENT);
      k->key = g_strdup (IOC_OPEN311_DEMO_KEY);
      g_ptr_array_add (self->keys, k);
      g_message ("Open311: demo api_key for %s (set [open311] api-keys for real clients)", IOC_OPEN311_DEMO_CLIENT);
    }
  g_object_set_data (G_OBJECT (ioc_server_get_soup (server)), STATE_KEY, self);
  ioc_server_add_routes (server, routes, G_N_ELEMENTS (routes));
  return self;
}

static void
open311_stop (gpointer state)
{
  Open311 *self = state;

  if (self->server != NULL && ioc_server_get_soup (self->server) != NULL)
    g_object_set_data (G_OBJECT (ioc_server_get_soup (self->server)), STATE_KEY, NULL);
  open311_free (self);
}

/* Citizen reports arrive all day from the apps; six silent hours (a night
 * at most) are worth a look. */
const IocConnector ioc_connector_open311 = {
  "open311", "Citizen field reports (Open311 GeoReport v2)", 6 * 3600, open311_start, open311_stop,
};
