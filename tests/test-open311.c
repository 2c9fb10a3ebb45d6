/* test-open311.c — the Open311 GeoReport v2 connector against the real iocd
 *
 * A client round trip in the spec's own terms (POST form-encoded, then GET
 * shows it with the spec's field names), JSON and XML, the spec's examples
 * from IOC_SAMPLES_DIR/open311 compared with what iocd answers (skipped
 * when the samples are absent), filters, the workflow showing through
 * (agency_responsible, status_notes, closed), api keys allowed and refused,
 * and bad input answered in the spec's error shape with nothing stored.
 */
#include "ioc-test-server.h"
#include "ioc-json.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#define KEY_APP  "citizen-app-key-0123456789"
#define KEY_ZALO "zalo-key-abcdefghijklmnop"

static IocTestServer *srv;
static char *conf_dir;
static char *supervisor;

/* ---- helpers ------------------------------------------------------------- */

static char *
sql_one (const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *out = NULL;

  g_assert_cmpint (sqlite3_open_v2 (srv->db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    out = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return out;
}

/* Any method, raw body; the answer's bytes (NUL-terminated) and status. */
static char *
call (const char *method,
      const char *path,
      const char *content_type,
      const char *body,
      gsize       body_len,
      guint      *status,
      char      **out_content_type)
{
  g_autofree char *url = g_strconcat (srv->base_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (msg);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, body_len);
      soup_message_set_request_body_from_bytes (msg, content_type, bytes);
    }
  answer = soup_session_send_and_read (srv->session, msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  if (out_content_type != NULL)
    *out_content_type = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                                "Content-Type"));
  return g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (!json_parser_load_from_data (parser, text, -1, &error))
    g_error ("not JSON (%s): %s", error->message, text);
  return json_node_copy (json_parser_get_root (parser));
}

static JsonNode *
get_json (const char *path,
          guint       expect)
{
  guint status = 0;
  g_autofree char *ct = NULL;
  g_autofree char *text = call ("GET", path, NULL, NULL, 0, &status, &ct);

  if (status != expect)
    g_error ("GET %s: expected %u, got %u: %s", path, expect, status, text);
  g_assert_cmpstr (ct, ==, "application/json; charset=utf-8");
  return parse_json (text);
}

static char *
form_post (const char *path,
           const char *form,
           guint      *status)
{
  return call ("POST", path, "application/x-www-form-urlencoded; charset=utf-8", form, strlen (form), status, NULL);
}

/* An Open311 error: one {code, description} with the HTTP status as code. */
static void
assert_spec_error (const char *text,
                   guint       status,
                   guint       expect,
                   const char *mentions)
{
  g_autoptr(JsonNode) node = NULL;
  JsonArray *a;
  JsonObject *e;

  if (status != expect)
    g_error ("expected %u, got %u: %s", expect, status, text);
  node = parse_json (text);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  a = json_node_get_array (node);
  g_assert_cmpuint (json_array_get_length (a), ==, 1);
  e = json_array_get_object_element (a, 0);
  g_assert_cmpuint (json_object_get_size (e), ==, 2);
  g_assert_cmpint (json_object_get_int_member (e, "code"), ==, expect);
  if (mentions != NULL && strstr (json_object_get_string_member (e, "description"), mentions) == NULL)
    g_error ("the error does not mention %s: %s", mentions, text);
}

static char *
post_ok (const char *form)
{
  guint status = 0;
  g_autofree char *text = form_post ("/open311/v2/requests.json", form, &status);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *o;

  if (status != 201)
    g_error ("POST requests.json: expected 201, got %u: %s", status, text);
  node = parse_json (text);
  o = json_array_get_object_element (json_node_get_array (node), 0);
  return g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (o, "service_request_id"));
}

static JsonObject *
get_request (const char *id)
{
  g_autofree char *path = g_strdup_printf ("/open311/v2/requests/%s.json", id);
  g_autoptr(JsonNode) node = get_json (path, 200);
  JsonArray *a = json_node_get_array (node);

  g_assert_cmpuint (json_array_get_length (a), ==, 1);
  return json_object_ref (json_array_get_object_element (a, 0));
}

static JsonObject *
rest_ok (const char *method,
         const char *path,
         const char *body,
         guint       expect)
{
  guint status = 0;
  g_autoptr(JsonNode) node = ioc_test_request (srv, method, path, supervisor, body, &status);
  if (status != expect)
    {
      g_autofree char *text = node != NULL ? json_to_string (node, FALSE) : g_strdup ("");
      g_error ("%s %s: expected %u, got %u: %s", method, path, expect, status, text);
    }
  return json_object_ref (json_node_get_object (node));
}

/* The spec's JSON examples write service_code as 001 (invalid JSON):
 * quote numbers with a leading zero so that they parse. */
static char *
quote_leading_zeros (const char *text)
{
  GString *s = g_string_new (NULL);
  gboolean in_string = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      g_string_append_c (s, *p);
      if (in_string)
        {
          if (*p == '\\' && p[1] != '\0')
            g_string_append_c (s, *++p);
          else if (*p == '"')
            in_string = FALSE;
          continue;
        }
      if (*p == '"')
        in_string = TRUE;
      else if (*p == ':' && p[1] == '0' && g_ascii_isdigit (p[2]))
        {
          const char *q = p + 1;
          g_string_append_c (s, '"');
          while (g_ascii_isdigit (*q))
            g_string_append_c (s, *q++);
          g_string_append_c (s, '"');
          p = q - 1;
        }
    }
  return g_string_free (s, FALSE);
}

static char *
sample_path (const char *name)
{
  const char *dir = g_getenv ("IOC_SAMPLES_DIR");
  g_autofree char *path = dir != NULL ? g_build_filename (dir, "open311", name, NULL) : NULL;

  if (path == NULL || !g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;
  return g_steal_pointer (&path);
}

/* A sample's text; NULL (and the test skipped) when absent. */
static char *
read_sample (const char *name)
{
  g_autofree char *path = sample_path (name);
  char *text = NULL;

  if (path == NULL)
    {
      g_test_skip ("no Open311 samples (IOC_SAMPLES_DIR/open311)");
      return NULL;
    }
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

/* The body of an .http sample (after the first blank line). */
static char *
http_body (const char *text)
{
  const char *sep = strstr (text, "\n\n");

  g_assert_nonnull (sep);
  return g_strstrip (g_strdup (sep + 2));
}

static gboolean
same_kind (JsonNode *a,
           JsonNode *b)
{
  if (JSON_NODE_TYPE (a) != JSON_NODE_TYPE (b))
    return FALSE;
  if (JSON_NODE_HOLDS_VALUE (a))
    {
      GType ta = json_node_get_value_type (a), tb = json_node_get_value_type (b);
      gboolean na = ta == G_TYPE_INT64 || ta == G_TYPE_DOUBLE, nb = tb == G_TYPE_INT64 || tb == G_TYPE_DOUBLE;
      return na == nb && (na || ta == tb);
    }
  return TRUE;
}

/* Ours has exactly the sample's members, and each member that has a value
 * in both has the same JSON kind. */
static void
assert_same_fields (JsonObject *sample,
                    JsonObject *ours,
                    const char *what)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init (&iter, sample);
  while (json_object_iter_next (&iter, &name, &value))
    {
      JsonNode *mine = json_object_get_member (ours, name);
      if (mine == NULL)
        g_error ("%s: no %s", what, name);
      if (!JSON_NODE_HOLDS_NULL (value) && !JSON_NODE_HOLDS_NULL (mine) && !same_kind (value, mine))
        g_error ("%s: %s is of another JSON type than the spec's", what, name);
    }
  json_object_iter_init (&iter, ours);
  while (json_object_iter_next (&iter, &name, &value))
    if (!json_object_has_member (sample, name))
      g_error ("%s: %s is not a field of the spec", what, name);
}

/* The element paths of an XML document ("service_requests/request/lat"). */
typedef struct {
  GPtrArray  *stack;
  GHashTable *paths;
} XmlPaths;

static void
xml_start (GMarkupParseContext *ctx,
           const char          *element,
           const char         **names,
           const char         **values,
           gpointer             user_data,
           GError             **error)
{
  XmlPaths *x = user_data;
  g_autoptr(GString) path = g_string_new (NULL);

  g_ptr_array_add (x->stack, g_strdup (element));
  for (guint i = 0; i < x->stack->len; i++)
    g_string_append_printf (path, "%s%s", i ? "/" : "", (char *) g_ptr_array_index (x->stack, i));
  g_hash_table_add (x->paths, g_strdup (path->str));
}

static void
xml_end (GMarkupParseContext *ctx,
         const char          *element,
         gpointer             user_data,
         GError             **error)
{
  XmlPaths *x = user_data;
  g_ptr_array_remove_index (x->stack, x->stack->len - 1);
}

static GHashTable *
xml_paths (const char *text)
{
  static const GMarkupParser parser = { xml_start, xml_end, NULL, NULL, NULL };
  XmlPaths x = { g_ptr_array_new_with_free_func (g_free), g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL) };
  g_autoptr(GMarkupParseContext) ctx = g_markup_parse_context_new (&parser, 0, &x, NULL);
  g_autoptr(GError) error = NULL;
  const char *start = strstr (text, "?>");

  /* GMarkup does not take the XML declaration. */
  start = start != NULL ? start + 2 : text;
  if (!g_markup_parse_context_parse (ctx, start, -1, &error) ||
      !g_markup_parse_context_end_parse (ctx, &error))
    g_error ("not well-formed XML (%s): %s", error->message, text);
  g_ptr_array_unref (x.stack);
  return x.paths;
}

static void
assert_same_paths (GHashTable *sample,
                   GHashTable *ours,
                   const char *what)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, sample);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (ours, key))
      g_error ("%s: no element %s", what, (char *) key);
  g_hash_table_iter_init (&iter, ours);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (sample, key))
      g_error ("%s: element %s is not in the spec", what, (char *) key);
}

/* ---- services -------------------------------------------------------------- */

static void
test_services (void)
{
  g_autoptr(JsonNode) node = get_json ("/open311/v2/services.json", 200);
  JsonArray *a = json_node_get_array (node);
  gboolean seen = FALSE;
  guint status = 0;
  g_autofree char *ct = NULL;
  g_autofree char *xml = call ("GET", "/open311/v2/services.xml", NULL, NULL, 0, &status, &ct);
  g_autoptr(GHashTable) paths = NULL;
  g_autoptr(JsonObject) categories = NULL;

  /* One source of truth: the REST categories, in Vietnamese. */
  categories = rest_ok ("GET", "/api/v1/reports/categories", NULL, 200);
  g_assert_cmpuint (json_array_get_length (a), ==, json_object_get_int_member (categories, "total"));
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonObject *s = json_array_get_object_element (a, i);
      JsonObject *c = json_array_get_object_element (json_object_get_array_member (categories, "items"), i);
      g_assert_cmpstr (json_object_get_string_member (s, "service_code"), ==, json_object_get_string_member (c, "code"));
      g_assert_cmpstr (json_object_get_string_member (s, "service_name"), ==, json_object_get_string_member (c, "name_vi"));
      g_assert_cmpstr (json_object_get_string_member (s, "type"), ==, "realtime");
      g_assert_false (json_object_get_boolean_member (s, "metadata"));
      if (g_str_equal (json_object_get_string_member (s, "service_code"), "sidewalk_encroachment"))
        {
          g_assert_cmpstr (json_object_get_string_member (s, "service_name"), ==, "Lấn chiếm lòng lề đường");
          seen = TRUE;
        }
    }
  g_assert_true (seen);

  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (ct, ==, "text/xml; charset=utf-8");
  g_assert_true (g_str_has_prefix (xml, "<?xml version=\"1.0\" encoding=\"utf-8\"?>"));
  g_assert_nonnull (strstr (xml, "<service_name>Xả rác</service_name>"));
  paths = xml_paths (xml);
  g_assert_true (g_hash_table_contains (paths, "services/service/group"));

  /* A definition: no extra attributes; unknown codes are 404. */
  {
    g_autoptr(JsonNode) def = get_json ("/open311/v2/services/wastewater.json", 200);
    JsonObject *o = json_node_get_object (def);
    g_assert_cmpstr (json_object_get_string_member (o, "service_code"), ==, "wastewater");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "attributes")), ==, 0);
  }
  {
    g_autofree char *text = call ("GET", "/open311/v2/services/unicorns.json", NULL, NULL, 0, &status, NULL);
    assert_spec_error (text, status, 404, "unicorns");
  }
  {
    g_autofree char *text = call ("GET", "/open311/v2/services.json?jurisdiction_id=sfgov.org", NULL, NULL, 0, &status, NULL);
    assert_spec_error (text, status, 404, "jurisdiction_id");
  }
  {
    g_autoptr(JsonNode) ok = get_json ("/open311/v2/services.json?jurisdiction_id=daklak.gov.vn", 200);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (ok)), ==, json_array_get_length (a));
  }
  {
    g_autoptr(JsonNode) disc = get_json ("/open311/discovery.json", 200);
    JsonObject *e = json_array_get_object_element (json_object_get_array_member (json_node_get_object (disc), "endpoints"), 0);
    g_autofree char *url = g_strdup_printf ("%s/open311/v2", srv->base_url);
    g_assert_cmpstr (json_object_get_string_member (e, "url"), ==, url);
    g_assert_cmpstr (json_object_get_string_member (e, "specification"), ==, "http://wiki.open311.org/GeoReport_v2");
  }
}

static void
test_services_like_spec (void)
{
  g_autofree char *text = read_sample ("georeport_v2_spec_services.json");
  g_autofree char *fixed = NULL;
  g_autofree char *xml_sample = NULL;
  g_autofree char *xml = NULL;
  g_autoptr(JsonNode) sample = NULL;
  g_autoptr(JsonNode) ours = NULL;
  g_autoptr(GHashTable) sample_paths = NULL;
  g_autoptr(GHashTable) our_paths = NULL;
  guint status = 0;

  if (text == NULL)
    return;
  fixed = quote_leading_zeros (text);
  sample = parse_json (fixed);
  ours = get_json ("/open311/v2/services.json", 200);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (ours)); i++)
    assert_same_fields (json_array_get_object_element (json_node_get_array (sample), 0),
                        json_array_get_object_element (json_node_get_array (ours), i), "services.json");

  xml_sample = read_sample ("georeport_v2_spec_services.xml");
  xml = call ("GET", "/open311/v2/services.xml", NULL, NULL, 0, &status, NULL);
  sample_paths = xml_paths (xml_sample);
  our_paths = xml_paths (xml);
  assert_same_paths (sample_paths, our_paths, "services.xml");
}

/* ---- the spec's round trip --------------------------------------------------- */

static void
test_spec_round_trip (void)
{
  g_autofree char *example = read_sample ("georeport_v2_spec_post_request_example.http");
  g_autofree char *body = NULL;
  g_autoptr(GString) ours = NULL;
  g_autofree char *text = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *id = NULL;
  guint status = 0;

  if (example == NULL)
    return;
  g_assert_true (g_str_has_prefix (example, "POST /dev/v2/requests.xml"));
  body = http_body (example);

  /* As published: the key "xyz" is nobody's; the answer is the spec's 403. */
  before = ioc_test_db_digest (srv);
  {
    g_autofree char *sample_text = read_sample ("georeport_v2_spec_error_403_json.http");
    g_autofree char *sample_body = http_body (sample_text);
    g_autoptr(JsonNode) sample = parse_json (sample_body);
    g_autoptr(JsonNode) answer = NULL;

    g_autofree char *got = form_post ("/open311/v2/requests.json", body, &status);
    g_assert_cmpuint (status, ==, 403);
    g_assert_true (g_str_has_prefix (sample_text, "HTTP/1.1 403 Forbidden"));
    answer = parse_json (got);
    g_assert_true (json_node_equal (sample, answer));
  }
  {
    g_autofree char *sample_text = read_sample ("georeport_v2_spec_error_403_xml.http");
    g_autofree char *got = form_post ("/open311/v2/requests.xml", body, &status);
    g_autoptr(GHashTable) sample_paths = xml_paths (strstr (sample_text, "<?xml"));
    g_autoptr(GHashTable) our_paths = xml_paths (got);
    g_assert_cmpuint (status, ==, 403);
    assert_same_paths (sample_paths, our_paths, "403 XML");
    g_assert_nonnull (strstr (got, "<code>403</code>"));
  }
  after = ioc_test_db_digest (srv);
  g_assert_cmpstr (before, ==, after);

  /* Our key, a service of ours and our jurisdiction: the same request lands. */
  ours = g_string_new (body);
  g_string_replace (ours, "api_key=xyz", "api_key=" KEY_APP, 1);
  g_string_replace (ours, "jurisdiction_id=city.gov", "jurisdiction_id=daklak.gov.vn", 1);
  g_string_replace (ours, "service_code=001", "service_code=unlicensed_construction", 1);
  {
    g_autofree char *got = form_post ("/open311/v2/requests.json", ours->str, &status);
    g_autofree char *sample_text = read_sample ("georeport_v2_spec_post_request_response.json");
    g_autoptr(JsonNode) sample = parse_json (sample_text);
    g_autoptr(JsonNode) answer = NULL;
    JsonObject *o;

    g_assert_cmpuint (status, ==, 201);
    answer = parse_json (got);
    o = json_array_get_object_element (json_node_get_array (answer), 0);
    assert_same_fields (json_array_get_object_element (json_node_get_array (sample), 0), o, "POST answer");
    /* The client's own account id comes back. */
    g_assert_cmpstr (json_object_get_string_member (o, "account_id"), ==, "123456");
    id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (o, "service_request_id"));
  }

  /* GET shows it, with the spec's fields and the values posted. */
  {
    g_autoptr(JsonObject) r = get_request (id);
    g_autofree char *sample_text = read_sample ("georeport_v2_spec_request.json");
    g_autofree char *fixed = quote_leading_zeros (sample_text);
    g_autoptr(JsonNode) sample = parse_json (fixed);
    gint64 t;

    assert_same_fields (json_array_get_object_element (json_node_get_array (sample), 0), r, "request");
    g_assert_cmpstr (json_object_get_string_member (r, "status"), ==, "open");
    g_assert_cmpstr (json_object_get_string_member (r, "service_code"), ==, "unlicensed_construction");
    g_assert_cmpstr (json_object_get_string_member (r, "service_name"), ==, "Xây dựng không phép");
    g_assert_cmpstr (json_object_get_string_member (r, "description"), ==, "A large sinkhole is destroying the street");
    g_assert_cmpstr (json_object_get_string_member (r, "address"), ==, "1234 5th street");
    g_assert_cmpstr (json_object_get_string_member (r, "media_url"), ==,
                     "http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg");
    /* Coordinates are kept to 5 decimals (about a metre). */
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (r, "lat"), 37.76524, 1e-9);
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (r, "long"), -122.4212, 1e-9);
    /* w3c date-times with the province's offset. */
    g_assert_true (g_str_has_suffix (json_object_get_string_member (r, "requested_datetime"), "+07:00"));
    g_assert_true (ioc_time_parse (json_object_get_string_member (r, "requested_datetime"), NULL, &t));
    g_assert_cmpint (ABS (t - g_get_real_time () / G_USEC_PER_SEC), <, 120);
    g_assert_true (json_object_get_null_member (r, "agency_responsible"));
    g_assert_true (json_object_get_null_member (r, "expected_datetime"));
  }
  {
    g_autofree char *path = g_strdup_printf ("/open311/v2/requests/%s.xml", id);
    g_autofree char *xml = call ("GET", path, NULL, NULL, 0, &status, NULL);
    g_autofree char *sample_text = read_sample ("georeport_v2_spec_request.xml");
    g_autoptr(GHashTable) sample_paths = xml_paths (sample_text);
    g_autoptr(GHashTable) our_paths = xml_paths (xml);
    g_assert_cmpuint (status, ==, 200);
    assert_same_paths (sample_paths, our_paths, "request XML");
    g_assert_nonnull (strstr (xml, "<service_name>Xây dựng không phép</service_name>"));
  }
  /* The reporter's contact is stored but never shown. */
  {
    g_autofree char *path = g_strdup_printf ("/open311/v2/requests/%s.json", id);
    g_autofree char *xpath = g_strdup_printf ("/open311/v2/requests/%s.xml", id);
    g_autofree char *json = call ("GET", path, NULL, NULL, 0, &status, NULL);
    g_autofree char *xml = call ("GET", xpath, NULL, NULL, 0, &status, NULL);
    g_autofree char *list = call ("GET", "/open311/v2/requests.json?service_code=unlicensed_construction", NULL, NULL, 0, &status, NULL);
    static const char *const secrets[] = { "smit333", "111111111", "john", "smith", NULL };
    g_autofree char *rest = g_strdup_printf ("/api/v1/reports/%s?include=private", id);
    g_autoptr(JsonObject) row = rest_ok ("GET", rest, NULL, 200);

    for (guint i = 0; secrets[i] != NULL; i++)
      {
        g_assert_null (strstr (json, secrets[i]));
        g_assert_null (strstr (xml, secrets[i]));
        g_assert_null (strstr (list, secrets[i]));
      }
    g_assert_cmpstr (json_object_get_string_member (row, "reporter_email"), ==, "smit333@sfgov.edu");
    g_assert_cmpstr (json_object_get_string_member (row, "reporter_phone"), ==, "111111111");
    g_assert_cmpstr (json_object_get_string_member (row, "reporter_name"), ==, "john smith");
    g_assert_cmpstr (json_object_get_string_member (row, "source"), ==, "open311");
    g_assert_cmpstr (json_object_get_string_member (row, "status"), ==, "received");
  }
  /* History, event, audit with the client's name, freshness. */
  {
    g_autofree char *sql = g_strdup_printf ("SELECT actor || '/' || action || '/' || to_status FROM report_history WHERE report_id = %s", id);
    g_autofree char *h = sql_one (sql);
    g_autofree char *sql2 = g_strdup_printf ("SELECT COUNT(*) FROM events WHERE type = 'report.created' AND json_extract(data, '$.id') = %s", id);
    g_autofree char *ev = sql_one (sql2);
    g_autofree char *sql3 = g_strdup_printf ("SELECT user_name || '/' || role || '/' || action || '/' || status FROM audit_log WHERE entity = 'reports' AND entity_id = '%s'", id);
    g_autofree char *audit = sql_one (sql3);
    g_autofree char *fresh = sql_one ("SELECT last_update IS NOT NULL AND stale = 0 FROM sources WHERE name = 'open311'");
    g_autofree char *leak = g_strdup_printf ("SELECT COUNT(*) FROM events WHERE data LIKE '%%smit333%%' OR data LIKE '%%111111111%%'");
    g_autofree char *leaks = sql_one (leak);

    g_assert_cmpstr (h, ==, "citizen-app/created/received");
    g_assert_cmpstr (ev, ==, "1");
    g_assert_cmpstr (audit, ==, "citizen-app/open311/report.create/201");
    g_assert_cmpstr (fresh, ==, "1");
    /* Walls read events: the reporter's contact is not in them. */
    g_assert_cmpstr (leaks, ==, "0");
  }
}

/* ---- JSON in, keys, the workflow through Open311 ----------------------------- */

static void
test_json_post_and_keys (void)
{
  g_autofree char *body = g_strdup ("{\"api_key\":\"" KEY_ZALO "\",\"service_code\":\"littering\","
                                    "\"lat\":12.68123,\"long\":108.04456,\"description\":\"Rác thải đổ trộm ven đường Lê Duẩn\","
                                    "\"media_url\":\"https://zalo.example.vn/p/1.jpg\",\"phone\":\"0905123456\",\"device_id\":null}");
  guint status = 0;
  g_autofree char *text = call ("POST", "/open311/v2/requests.json", "application/json", body, strlen (body), &status, NULL);
  g_autoptr(JsonNode) node = NULL;
  gint64 id;
  g_autofree char *sql = NULL;
  g_autofree char *who = NULL;

  g_assert_cmpuint (status, ==, 201);
  node = parse_json (text);
  id = json_object_get_int_member (json_array_get_object_element (json_node_get_array (node), 0), "service_request_id");
  sql = g_strdup_printf ("SELECT user_name FROM audit_log WHERE entity = 'reports' AND entity_id = '%" G_GINT64_FORMAT "'", id);
  who = sql_one (sql);
  g_assert_cmpstr (who, ==, "zalo");

  /* Text that XML 1.0 cannot carry (a control character) still gives
   * well-formed XML. */
  {
    static const char ctl[] = "{\"api_key\":\"" KEY_APP "\",\"service_code\":\"littering\",\"address_string\":\"a\","
                              "\"description\":\"R\\u00e1c \\u0001th\\u1ea3i <b>&amp;</b>\"}";
    g_autofree char *answer = call ("POST", "/open311/v2/requests.json", "application/json", ctl, strlen (ctl), &status, NULL);
    g_autoptr(JsonNode) created = NULL;
    g_autofree char *path = NULL;
    g_autofree char *xml = NULL;
    g_autoptr(GHashTable) paths = NULL;

    g_assert_cmpuint (status, ==, 201);
    created = parse_json (answer);
    path = g_strdup_printf ("/open311/v2/requests/%" G_GINT64_FORMAT ".xml",
                            json_object_get_int_member (json_array_get_object_element (json_node_get_array (created), 0),
                                                        "service_request_id"));
    xml = call ("GET", path, NULL, NULL, 0, &status, NULL);
    g_assert_cmpuint (status, ==, 200);
    paths = xml_paths (xml);
    g_assert_nonnull (strstr (xml, "<description>Rác thải &lt;b&gt;&amp;amp;&lt;/b&gt;</description>"));
  }

  /* XML answer to a POST: the spec's element names. */
  {
    g_autofree char *xml = form_post ("/open311/v2/requests.xml",
                                      "api_key=" KEY_APP "&service_code=wastewater&address_string=H%E1%BA%BBm+12+Y+Moan&description=N%C6%B0%E1%BB%9Bc+th%E1%BA%A3i",
                                      &status);
    g_autofree char *sample = read_sample ("georeport_v2_spec_post_request_response.xml");
    g_assert_cmpuint (status, ==, 201);
    g_assert_nonnull (strstr (xml, "<service_requests>\n  <request>\n    <service_request_id>"));
    g_assert_nonnull (strstr (xml, "<account_id/>"));
    if (sample != NULL)
      {
        g_autoptr(GHashTable) a = xml_paths (sample);
        g_autoptr(GHashTable) b = xml_paths (xml);
        assert_same_paths (a, b, "POST XML answer");
      }
  }
}

static void
test_workflow_shows (void)
{
  g_autofree char *id = post_ok ("api_key=" KEY_APP "&service_code=sidewalk_encroachment&lat=12.6812&long=108.0441"
                                 "&description=Qu%C3%A1n+n%C6%B0%E1%BB%9Bc+l%E1%BA%A5n+chi%E1%BA%BFm+v%E1%BB%89a+h%C3%A8");
  g_autofree char *assign = g_strdup_printf ("/api/v1/reports/%s/assign", id);
  g_autofree char *resolve = g_strdup_printf ("/api/v1/reports/%s/resolve", id);
  g_autoptr(JsonObject) r = NULL;
  g_autoptr(JsonObject) unit = NULL;
  g_autoptr(JsonObject) ignored = NULL;

  ignored = rest_ok ("POST", assign, "{\"unit_id\":\"u2025_24133\",\"note\":\"Giao phường kiểm tra\"}", 200);
  unit = rest_ok ("GET", "/api/v1/units/u2025_24133", NULL, 200);
  r = get_request (id);
  g_assert_cmpstr (json_object_get_string_member (r, "status"), ==, "open");
  g_assert_cmpstr (json_object_get_string_member (r, "agency_responsible"), ==, json_object_get_string_member (unit, "name"));
  g_assert_cmpstr (json_object_get_string_member (r, "status_notes"), ==, "Giao phường kiểm tra");
  g_assert_false (json_object_get_null_member (r, "expected_datetime"));
  g_clear_pointer (&r, json_object_unref);

  g_clear_pointer (&ignored, json_object_unref);
  ignored = rest_ok ("POST", resolve, "{\"resolution\":\"Đã yêu cầu tháo dỡ, trả lại vỉa hè\"}", 200);
  r = get_request (id);
  g_assert_cmpstr (json_object_get_string_member (r, "status"), ==, "closed");
  g_assert_cmpstr (json_object_get_string_member (r, "status_notes"), ==, "Đã yêu cầu tháo dỡ, trả lại vỉa hè");

  /* The list filters see it. */
  {
    g_autofree char *path = g_strdup_printf ("/open311/v2/requests.json?status=closed&service_code=sidewalk_encroachment");
    g_autoptr(JsonNode) list = get_json (path, 200);
    JsonArray *a = json_node_get_array (list);
    gboolean found = FALSE;
    for (guint i = 0; i < json_array_get_length (a); i++)
      {
        JsonObject *o = json_array_get_object_element (a, i);
        g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "closed");
        g_assert_cmpstr (json_object_get_string_member (o, "service_code"), ==, "sidewalk_encroachment");
        found |= json_object_get_int_member (o, "service_request_id") == g_ascii_strtoll (id, NULL, 10);
      }
    g_assert_true (found);
  }
  {
    g_autoptr(JsonNode) list = get_json ("/open311/v2/requests.json?status=open&service_code=sidewalk_encroachment", 200);
    JsonArray *a = json_node_get_array (list);
    for (guint i = 0; i < json_array_get_length (a); i++)
      g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (a, i), "service_request_id"),
                       !=, g_ascii_strtoll (id, NULL, 10));
  }
}

static void
test_filters (void)
{
  g_autofree char *a = post_ok ("api_key=" KEY_APP "&service_code=food_safety&address_string=Ch%E1%BB%A3+BMT&description=Th%E1%BB%B1c+ph%E1%BA%A9m+b%E1%BA%A9n");
  g_autofree char *b = post_ok ("api_key=" KEY_APP "&service_code=food_safety&address_string=Ch%E1%BB%A3+BMT&description=Th%E1%BB%B1c+ph%E1%BA%A9m+h%E1%BA%BFt+h%E1%BA%A1n");
  g_autofree char *c = post_ok ("api_key=" KEY_APP "&service_code=traffic&lat=12.67&long=108.05&description=%C4%90%E1%BB%97+xe+sai+quy+%C4%91%E1%BB%8Bnh");
  g_autofree char *ids = g_strdup_printf ("/open311/v2/requests.json?service_request_id=%s,%s&service_code=traffic", a, c);
  g_autoptr(JsonNode) list = get_json (ids, 200);
  JsonArray *arr = json_node_get_array (list);
  guint status = 0;

  /* service_request_id overrides every other argument. */
  g_assert_cmpuint (json_array_get_length (arr), ==, 2);
  g_clear_pointer (&list, json_node_unref);

  list = get_json ("/open311/v2/requests.json?service_code=food_safety", 200);
  arr = json_node_get_array (list);
  g_assert_cmpuint (json_array_get_length (arr), ==, 2);
  /* Newest first. */
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (arr, 0), "service_request_id"), ==,
                   g_ascii_strtoll (b, NULL, 10));
  g_clear_pointer (&list, json_node_unref);

  list = get_json ("/open311/v2/requests.json?service_code=food_safety&page_size=1&page=2", 200);
  arr = json_node_get_array (list);
  g_assert_cmpuint (json_array_get_length (arr), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (arr, 0), "service_request_id"), ==,
                   g_ascii_strtoll (a, NULL, 10));
  g_clear_pointer (&list, json_node_unref);

  /* A window in the past has none of today's; the demo's 2023 reports are there. */
  list = get_json ("/open311/v2/requests.json?service_code=food_safety&start_date=2020-01-01T00:00:00Z&end_date=2020-03-01T00:00:00Z", 200);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 0);
  g_clear_pointer (&list, json_node_unref);
  list = get_json ("/open311/v2/requests.json?start_date=2023-01-01T00:00:00%2B07:00&end_date=2023-03-21T00:00:00%2B07:00", 200);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), >, 0);
  g_clear_pointer (&list, json_node_unref);

  {
    static const struct { const char *query; const char *mentions; } bad[] = {
      { "status=pending", "status" },
      { "service_code=unicorns", "service_code" },
      { "start_date=yesterday", "start_date" },
      { "start_date=2023-01-01T00:00:00Z&end_date=2023-12-31T00:00:00Z", "90 days" },
      { "start_date=2023-03-01T00:00:00Z&end_date=2023-01-01T00:00:00Z", "end_date" },
      { "service_request_id=1,two", "service_request_id" },
      { "page_size=5000", "page_size" },
      { "page=0", "page" },
      { "jurisdiction_id=city.gov", "jurisdiction_id" },
    };
    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autofree char *path = g_strdup_printf ("/open311/v2/requests.json?%s", bad[i].query);
        g_autofree char *text = call ("GET", path, NULL, NULL, 0, &status, NULL);
        assert_spec_error (text, status, strstr (bad[i].query, "jurisdiction") ? 404 : 400, bad[i].mentions);
      }
  }
  {
    g_autofree char *text = call ("GET", "/open311/v2/requests/999999.json", NULL, NULL, 0, &status, NULL);
    assert_spec_error (text, status, 404, "999999");
  }
  {
    g_autofree char *text = call ("GET", "/open311/v2/requests/abc.xml", NULL, NULL, 0, &status, NULL);
    g_assert_cmpuint (status, ==, 404);
    g_assert_nonnull (strstr (text, "<errors>"));
  }
}

/* ---- bad input ------------------------------------------------------------- */

static void
test_bad_posts (void)
{
  static const struct {
    const char *form;
    guint       status;
    const char *mentions;
  } cases[] = {
    { "api_key=" KEY_APP "&service_code=littering&description=R%C3%A1c", 400, "address_string" },     /* no location */
    { "api_key=" KEY_APP "&service_code=littering&lat=12.6&description=R%C3%A1c", 400, "long" },
    { "api_key=" KEY_APP "&service_code=littering&long=108&description=R%C3%A1c", 400, "lat" },
    { "api_key=" KEY_APP "&service_code=littering&lat=abc&long=108&description=x", 400, "lat" },
    { "api_key=" KEY_APP "&service_code=littering&lat=95&long=108&description=x", 400, "lat" },
    { "api_key=" KEY_APP "&service_code=littering&address_id=545483&description=x", 400, "address_id" },
    { "api_key=" KEY_APP "&service_code=unicorns&address_string=a&description=x", 400, "service_code" },
    { "api_key=" KEY_APP "&address_string=a&description=x", 400, "service_code" },
    { "api_key=" KEY_APP "&service_code=littering&address_string=a", 400, "description" },
    { "api_key=" KEY_APP "&service_code=littering&address_string=a&description=x&media_url=ftp%3A%2F%2Fa%2Fb", 400, "media_url" },
    { "api_key=" KEY_APP "&service_code=littering&address_string=a&description=x&email=nobody", 400, "email" },
    { "api_key=" KEY_APP "&service_code=littering&address_string=a&description=x&jurisdiction_id=sfgov.org", 404, "jurisdiction_id" },
    { "api_key=wrong-key-0000000000000&service_code=littering&address_string=a&description=x", 403, "api_key" },
    { "service_code=littering&address_string=a&description=x", 403, "api_key" },
    { "api_key=&service_code=littering&address_string=a&description=x", 403, "api_key" },
  };
  g_autofree char *before = ioc_test_db_digest (srv);
  g_autofree char *after = NULL;
  guint status = 0;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = form_post ("/open311/v2/requests.json", cases[i].form, &status);
      assert_spec_error (text, status, cases[i].status, cases[i].mentions);
    }
  /* Too long: the spec's 4,000 characters. */
  {
    g_autoptr(GString) long_form = g_string_new ("api_key=" KEY_APP "&service_code=littering&address_string=a&description=");
    for (guint i = 0; i < 4001; i++)
      g_string_append_c (long_form, 'x');
    g_autofree char *text = form_post ("/open311/v2/requests.json", long_form->str, &status);
    assert_spec_error (text, status, 400, "description");
  }
  /* Not UTF-8, wrong content types, broken JSON, nested JSON, a file upload. */
  {
    static const char latin1[] = "api_key=" KEY_APP "&service_code=littering&address_string=a&description=R%E1c";
    g_autofree char *text = form_post ("/open311/v2/requests.json", latin1, &status);
    assert_spec_error (text, status, 400, "UTF-8");
  }
  {
    g_autofree char *text = call ("POST", "/open311/v2/requests.json", "text/plain", "hello", 5, &status, NULL);
    assert_spec_error (text, status, 415, "x-www-form-urlencoded");
  }
  {
    static const char broken[] = "{\"api_key\":\"" KEY_APP "\",\"service_code\":";
    g_autofree char *text = call ("POST", "/open311/v2/requests.json", "application/json", broken, strlen (broken), &status, NULL);
    assert_spec_error (text, status, 400, NULL);
  }
  {
    static const char nested[] = "{\"api_key\":\"" KEY_APP "\",\"service_code\":\"littering\",\"address_string\":\"a\",\"description\":{\"x\":1}}";
    g_autofree char *text = call ("POST", "/open311/v2/requests.json", "application/json", nested, strlen (nested), &status, NULL);
    assert_spec_error (text, status, 400, "description");
  }
  {
    static const char mp[] =
      "--XyZ\r\nContent-Disposition: form-data; name=\"api_key\"\r\n\r\n" KEY_APP "\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"service_code\"\r\n\r\nlittering\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"address_string\"\r\n\r\na\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\nx\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"media\"; filename=\"a.jpg\"\r\nContent-Type: image/jpeg\r\n\r\nJPEG\r\n"
      "--XyZ--\r\n";
    g_autofree char *text = call ("POST", "/open311/v2/requests.json", "multipart/form-data; boundary=XyZ",
                                  mp, strlen (mp), &status, NULL);
    assert_spec_error (text, status, 400, "media_url");
  }
  /* The XML flavour of an error. */
  {
    g_autofree char *text = form_post ("/open311/v2/requests.xml", "api_key=" KEY_APP "&service_code=littering&description=x", &status);
    g_autoptr(GHashTable) paths = xml_paths (text);
    g_assert_cmpuint (status, ==, 400);
    g_assert_true (g_hash_table_contains (paths, "errors/error/code"));
    g_assert_true (g_hash_table_contains (paths, "errors/error/description"));
    g_assert_nonnull (strstr (text, "<code>400</code>"));
  }
  after = ioc_test_db_digest (srv);
  g_assert_cmpstr (before, ==, after);

  /* multipart text fields alone are fine. */
  {
    static const char mp[] =
      "--XyZ\r\nContent-Disposition: form-data; name=\"api_key\"\r\n\r\n" KEY_APP "\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"service_code\"\r\n\r\nlittering\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"address_string\"\r\n\r\nH\xe1\xba\xbbm 5\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\nR\xc3\xa1\x63\r\n"
      "--XyZ--\r\n";
    g_autofree char *text = call ("POST", "/open311/v2/requests.json", "multipart/form-data; boundary=XyZ",
                                  mp, strlen (mp), &status, NULL);
    g_assert_cmpuint (status, ==, 201);
  }
}


/* ---- the workflow's rules ---------------------------------------------------- */

/* A citizen dissatisfied with a processed report has it handled again. */
static void
test_reopen_dissatisfied (void)
{
  g_autofree char *id = post_ok ("api_key=" KEY_APP "&service_code=wastewater&lat=12.675&long=108.05"
                                 "&description=N%C6%B0%E1%BB%9Bc+th%E1%BA%A3i+ch%E1%BA%A3y+ra+%C4%91%C6%B0%E1%BB%9Dng");
  g_autofree char *assign = g_strdup_printf ("/api/v1/reports/%s/assign", id);
  g_autofree char *resolve = g_strdup_printf ("/api/v1/reports/%s/resolve", id);
  g_autofree char *satisfaction = g_strdup_printf ("/api/v1/reports/%s/satisfaction", id);
  g_autoptr(JsonObject) r = NULL;
  g_autoptr(JsonObject) o = NULL;
  guint status = 0;

  g_clear_pointer (&r, json_object_unref);
  r = rest_ok ("POST", assign, "{\"unit_id\":\"u2025_24133\"}", 200);
  g_clear_pointer (&r, json_object_unref);
  r = rest_ok ("POST", resolve, "{\"resolution\":\"Đã nạo vét cống\"}", 200);
  g_clear_pointer (&r, json_object_unref);
  /* Satisfied: closed for good. */
  r = rest_ok ("POST", satisfaction, "{\"satisfaction\":\"satisfied\"}", 200);
  {
    g_autoptr(JsonNode) answer = ioc_test_request (srv, "POST", assign, supervisor, "{\"unit_id\":\"u2025_24133\"}", &status);
    g_assert_cmpuint (status, ==, 409);
  }
  g_clear_pointer (&r, json_object_unref);
  r = rest_ok ("POST", satisfaction, "{\"satisfaction\":\"dissatisfied\",\"note\":\"Vẫn còn nước thải\"}", 200);
  g_clear_pointer (&r, json_object_unref);
  r = rest_ok ("POST", assign, "{\"unit_id\":\"u2025_24133\",\"note\":\"Xử lý lại\"}", 200);
  g_assert_cmpstr (json_object_get_string_member (r, "status"), ==, "assigned");
  g_assert_false (json_object_has_member (r, "satisfaction") && !json_object_get_null_member (r, "satisfaction"));
  o = get_request (id);
  g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "open");
  g_assert_cmpstr (json_object_get_string_member (o, "status_notes"), ==, "Xử lý lại");
  {
    g_autofree char *sql = g_strdup_printf ("SELECT group_concat(action || ':' || coalesce(from_status,'') || '>' || to_status, ' ') "
                                            "FROM report_history WHERE report_id = %s ORDER BY id", id);
    g_autofree char *h = sql_one (sql);
    g_assert_cmpstr (h, ==, "created:>received assign:received>assigned resolve:assigned>processed "
                            "satisfaction:processed>processed satisfaction:processed>processed assign:processed>assigned");
  }
}

/* Escalation goes up; forwarding goes elsewhere. */
static void
test_escalate_rules (void)
{
  g_autofree char *id = post_ok ("api_key=" KEY_APP "&service_code=unlicensed_construction&lat=12.69&long=108.03"
                                 "&description=X%C3%A2y+d%E1%BB%B1ng+kh%C3%B4ng+ph%C3%A9p");
  g_autofree char *assign = g_strdup_printf ("/api/v1/reports/%s/assign", id);
  g_autofree char *forward = g_strdup_printf ("/api/v1/reports/%s/forward", id);
  g_autofree char *escalate = g_strdup_printf ("/api/v1/reports/%s/escalate", id);
  g_autoptr(JsonObject) r = rest_ok ("POST", assign, "{\"unit_id\":\"u2025_24133\"}", 200);
  g_autofree char *before = ioc_test_db_digest (srv);
  g_autofree char *after = NULL;
  guint status = 0;

  {
    g_autoptr(JsonNode) answer = ioc_test_request (srv, "POST", escalate, supervisor, "{\"unit_id\":\"u2025_24121\"}", &status);
    g_assert_cmpuint (status, ==, 422);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (answer), "field"), ==, "unit_id");
  }
  {
    g_autoptr(JsonNode) answer = ioc_test_request (srv, "POST", forward, supervisor, "{\"unit_id\":\"u2025_24133\"}", &status);
    g_assert_cmpuint (status, ==, 422);
  }
  after = ioc_test_db_digest (srv);
  g_assert_cmpstr (before, ==, after);
  g_clear_pointer (&r, json_object_unref);
  r = rest_ok ("POST", escalate, "{\"unit_id\":\"so_xay_dung\",\"note\":\"Vượt thẩm quyền xã\"}", 200);
  g_assert_true (json_object_get_boolean_member (r, "escalated"));
  {
    g_autoptr(JsonObject) o = get_request (id);
    g_autoptr(JsonObject) unit = rest_ok ("GET", "/api/v1/units/so_xay_dung", NULL, 200);
    g_assert_cmpstr (json_object_get_string_member (o, "agency_responsible"), ==, json_object_get_string_member (unit, "name"));
  }
}

/* iocd down over many deadlines: its first tick marks the whole backlog,
 * more than one batch, each with its event. */
static void
test_overdue_backlog (void)
{
  g_autofree char *conf = g_build_filename (conf_dir, "backlog.conf", NULL);
  const char *const args[] = { "--config", conf, NULL };
  IocTestServer *other;
  sqlite3 *db = NULL;
  char *msg = NULL;
  g_autofree char *overdue = NULL;
  g_autofree char *events = NULL;
  g_autofree char *history = NULL;
  const guint n = 2345;

  g_assert_true (g_file_set_contents (conf, "[iocd]\noverdue-interval=3600\n[cameras]\nprobe-interval=0\n", -1, NULL));
  other = ioc_test_server_start (TRUE, args);
  ioc_test_server_stop (other);

  g_assert_cmpint (sqlite3_open (other->db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN", NULL, NULL, &msg), ==, SQLITE_OK);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *sql = g_strdup_printf (
        "INSERT INTO reports (source, category, description, address, received_at, status, unit_id, deadline, updated_at) "
        "VALUES ('open311', 'littering', 'backlog %u', 'x', 1700000000, '%s', 'u2025_24133', %u, 1700000000)",
        i, i % 2 ? "assigned" : "forwarded", 1700003600 + i);
      g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, &msg), ==, SQLITE_OK);
    }
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, &msg), ==, SQLITE_OK);
  sqlite3_close (db);

  ioc_test_server_restart (other);
  {
    /* iocd's first tick runs right after it starts listening; the next
     * would be an hour later, so whatever is overdue now is that one tick's. */
    IocTestServer *keep = srv;
    gint64 until = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
    srv = other;
    do
      {
        g_free (overdue);
        overdue = sql_one ("SELECT COUNT(*) FROM reports WHERE description LIKE 'backlog %' AND status = 'overdue'");
        if (g_ascii_strtoll (overdue, NULL, 10) < n)
          g_usleep (100000);
      }
    while (g_ascii_strtoll (overdue, NULL, 10) < n && g_get_monotonic_time () < until);
    events = sql_one ("SELECT COUNT(*) FROM events WHERE type = 'report.updated' AND json_extract(data, '$.description') LIKE 'backlog %'");
    history = sql_one ("SELECT COUNT(*) FROM report_history WHERE action = 'overdue' AND note = 'deadline passed'");
    srv = keep;
  }
  g_assert_cmpint (g_ascii_strtoll (overdue, NULL, 10), ==, n);
  g_assert_cmpint (g_ascii_strtoll (events, NULL, 10), ==, n);
  g_assert_cmpint (g_ascii_strtoll (history, NULL, 10), >=, n);
  ioc_test_server_free (other);
}

/* Repeated wrong keys from one address are refused for a while. */
static void
test_key_guessing (void)
{
  guint status = 0;
  gboolean limited = FALSE;

  for (guint i = 0; i < 40 && !limited; i++)
    {
      g_autofree char *form = g_strdup_printf ("api_key=guess-%u-000000000000&service_code=littering&address_string=a&description=x", i);
      g_autofree char *text = form_post ("/open311/v2/requests.json", form, &status);
      if (status == 429)
        {
          assert_spec_error (text, status, 429, "api_key");
          limited = TRUE;
        }
      else
        assert_spec_error (text, status, 403, "api_key");
    }
  g_assert_true (limited);
  /* While limited, even the right key waits. */
  {
    g_autofree char *text = form_post ("/open311/v2/requests.json",
                                       "api_key=" KEY_APP "&service_code=littering&address_string=a&description=x", &status);
    g_assert_cmpuint (status, ==, 429);
  }
}

/* A bad key list stops iocd at start, naming the setting. */
static void
test_bad_config (void)
{
  g_autofree char *conf = g_build_filename (conf_dir, "bad.conf", NULL);
  g_autofree char *db = g_build_filename (conf_dir, "bad.db", NULL);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_true (g_file_set_contents (conf, "[open311]\napi-keys=citizen-app:short\n", -1, NULL));
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                           g_getenv ("IOCD_BIN"), "--config", conf, "--database", db, "--listen", "127.0.0.1:0", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), !=, 0);
  g_assert_nonnull (strstr (err, "api-keys"));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *conf = NULL;
  int rc;

  g_test_init (&argc, &argv, NULL);
  conf_dir = g_dir_make_tmp ("ioc-open311-XXXXXX", NULL);
  conf = g_build_filename (conf_dir, "iocd.conf", NULL);
  g_assert_true (g_file_set_contents (conf,
    "[open311]\n"
    "api-keys=citizen-app:" KEY_APP ";zalo:" KEY_ZALO "\n"
    "[cameras]\n"
    "probe-interval=0\n", -1, NULL));
  {
    const char *const args[] = { "--config", conf, NULL };
    srv = ioc_test_server_start (TRUE, args);
  }
  supervisor = ioc_test_login (srv, "supervisor", ioc_test_demo_password ("supervisor"));

  g_test_add_func ("/open311/services", test_services);
  g_test_add_func ("/open311/services-like-spec", test_services_like_spec);
  g_test_add_func ("/open311/spec-round-trip", test_spec_round_trip);
  g_test_add_func ("/open311/json-post-and-keys", test_json_post_and_keys);
  g_test_add_func ("/open311/workflow-shows", test_workflow_shows);
  g_test_add_func ("/open311/filters", test_filters);
  g_test_add_func ("/open311/bad-posts", test_bad_posts);
  g_test_add_func ("/open311/workflow-reopen-dissatisfied", test_reopen_dissatisfied);
  g_test_add_func ("/open311/workflow-escalate-rules", test_escalate_rules);
  g_test_add_func ("/open311/workflow-overdue-backlog", test_overdue_backlog);
  g_test_add_func ("/open311/key-guessing", test_key_guessing);
  g_test_add_func ("/open311/bad-config", test_bad_config);
  rc = g_test_run ();

  ioc_test_server_free (srv);
  g_free (supervisor);
  {
    g_autoptr(GDir) dir = g_dir_open (conf_dir, 0, NULL);
    const char *name;
    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (conf_dir, name, NULL);
        g_unlink (path);
      }
    g_rmdir (conf_dir);
  }
  g_free (conf_dir);
  return rc;
}
