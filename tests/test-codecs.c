/* test-codecs.c — JSON writer, time and name codecs, the CSV reader */
#include "ioc-camera-uri.h"
#include "ioc-csv.h"
#include "ioc-json.h"

#include <string.h>

static void
test_json_doubles (void)
{
  g_autoptr(JsonNode) node = ioc_json_parse ("{\"lat\":12.68,\"lon\":108.03801,\"n\":3,\"x\":1e300,\"half\":0.5}", -1, NULL);
  g_autofree char *text = NULL;

  g_assert_nonnull (node);
  text = ioc_json_to_string (node);
  /* Shortest round-trip form, not json-glib's 17 digits. */
  g_assert_cmpstr (text, ==, "{\"lat\":12.68,\"lon\":108.03801,\"n\":3,\"x\":1e+300,\"half\":0.5}");
}

static void
test_json_strings (void)
{
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), "Đắk Lắk \"IOC\"\n\t\\ \x01");
  g_autofree char *text = ioc_json_to_string (node);
  g_autoptr(JsonNode) back = ioc_json_parse (text, -1, NULL);

  g_assert_cmpstr (text, ==, "\"Đắk Lắk \\\"IOC\\\"\\n\\t\\\\ \\u0001\"");
  g_assert_cmpstr (json_node_get_string (back), ==, "Đắk Lắk \"IOC\"\n\t\\ \x01");
}

static void
test_json_parse_errors (void)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  node = ioc_json_parse ("{\"a\":", -1, &error);
  g_assert_null (node);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_true (strstr (error->message, "malformed JSON") != NULL);
  g_clear_error (&error);

  node = ioc_json_parse ("\"\xff\xfe\"", -1, &error);
  g_assert_null (node);
  g_assert_true (strstr (error->message, "UTF-8") != NULL);
  g_clear_error (&error);

  node = ioc_json_parse ("", 0, &error);
  g_assert_null (node);
  g_assert_nonnull (error);
}

static void
test_json_typed_members (void)
{
  g_autoptr(JsonNode) node = ioc_json_parse ("{\"s\":\"x\",\"i\":4,\"d\":2.5,\"b\":true}", -1, NULL);
  JsonObject *o = json_node_get_object (node);
  g_autoptr(GError) error = NULL;
  const char *s = NULL;
  gint64 i = 0;
  double d = 0;

  g_assert_true (ioc_json_get_string (o, "s", TRUE, &s, &error));
  g_assert_cmpstr (s, ==, "x");
  g_assert_true (ioc_json_get_int (o, "i", TRUE, &i, &error));
  g_assert_cmpint (i, ==, 4);
  g_assert_true (ioc_json_get_double (o, "i", TRUE, &d, &error));
  g_assert_cmpfloat (d, ==, 4.0);
  g_assert_false (ioc_json_get_int (o, "d", TRUE, &i, &error));
  g_assert_error (error, IOC_JSON_ERROR, IOC_JSON_ERROR_TYPE);
  g_assert_cmpstr (error->message, ==, "d must be an integer");
  g_clear_error (&error);
  g_assert_false (ioc_json_get_string (o, "missing", TRUE, &s, &error));
  g_assert_error (error, IOC_JSON_ERROR, IOC_JSON_ERROR_MISSING);
  g_clear_error (&error);
  s = "unchanged";
  g_assert_true (ioc_json_get_string (o, "missing", FALSE, &s, &error));
  g_assert_cmpstr (s, ==, "unchanged");
}

static void
test_time (void)
{
  gint64 t = 0;
  g_autofree char *iso = NULL;

  g_assert_true (ioc_time_parse ("2026-11-24T08:30:00Z", NULL, &t));
  g_assert_cmpint (t, ==, 1795509000);
  iso = ioc_time_format (t);
  g_assert_cmpstr (iso, ==, "2026-11-24T08:30:00Z");
  g_assert_true (ioc_time_parse ("2026-11-24T15:30:00+07:00", NULL, &t));
  g_assert_cmpint (t, ==, 1795509000);
  /* No zone: the province's time (UTC+7). */
  g_assert_true (ioc_time_parse ("2026-11-24 15:30:00", ioc_time_zone_local (), &t));
  g_assert_cmpint (t, ==, 1795509000);
  g_assert_true (ioc_time_parse ("2026-11-24", ioc_time_zone_local (), &t));
  g_assert_cmpint (t, ==, 1795509000 - 15 * 3600 - 30 * 60);
  g_assert_true (ioc_time_parse ("1795509000", NULL, &t));
  g_assert_cmpint (t, ==, 1795509000);
  g_assert_false (ioc_time_parse ("tomorrow", NULL, &t));
  g_assert_false (ioc_time_parse ("2026-13-40", NULL, &t));
  g_assert_false (ioc_time_parse ("", NULL, &t));
}

static void
test_names (void)
{
  static const char *const same[][2] = {
    { "Sở Công Thương", "Sở Công thương" },
    { "UBND xã Hòa Phú", "UBND  xã   Hoà Phú" },       /* tone mark placement, spaces */
    { "Cư M'gar", "Cư M’gar" },                        /* apostrophes */
    { "Thủy", "Thuỷ" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (same); i++)
    {
      g_autofree char *a = ioc_name_normalize (same[i][0]);
      g_autofree char *b = ioc_name_normalize (same[i][1]);
      g_assert_cmpstr (a, ==, b);
    }
  {
    g_autofree char *a = ioc_name_normalize ("Krông Búk");
    g_autofree char *b = ioc_name_normalize ("Krông Buk");
    /* Different letters stay different: the name map, not a guess, joins them. */
    g_assert_cmpstr (a, !=, b);
  }
}

static void
test_csv_good (void)
{
  const char *text = "\xEF\xBB\xBFunit_id,name,value\r\n"
                     "a,\"Sở Y tế, tỉnh\",1\r\n"
                     "\n"
                     "b,\"two\nlines\",2\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(IocCsv) csv = ioc_csv_parse (text, strlen (text), &error);
  gint64 v;

  g_assert_no_error (error);
  g_assert_cmpint (ioc_csv_column (csv, "unit_id"), ==, 0);
  g_assert_cmpuint (csv->rows->len, ==, 2);
  g_assert_cmpstr (ioc_csv_get (csv, 0, 1), ==, "Sở Y tế, tỉnh");
  g_assert_cmpstr (ioc_csv_get (csv, 1, 1), ==, "two\nlines");
  g_assert_cmpuint (ioc_csv_line (csv, 0), ==, 2);
  g_assert_cmpuint (ioc_csv_line (csv, 1), ==, 4);
  g_assert_true (ioc_csv_get_int (csv, 1, 2, &v, &error));
  g_assert_cmpint (v, ==, 2);
}

static void
test_csv_errors (void)
{
  g_autoptr(GError) error = NULL;
  IocCsv *csv;
  const char *wrong_columns = "a,b,c\n1,2,3\n4,5\n";
  const char *not_utf8 = "a,b\n1,2\nH\xf2" "a,3\n";
  const char *unterminated = "a,b\n1,\"open\n";
  static const char *const need[] = { "a", "zz", NULL };

  csv = ioc_csv_parse (wrong_columns, strlen (wrong_columns), &error);
  g_assert_null (csv);
  g_assert_error (error, IOC_CSV_ERROR, IOC_CSV_ERROR_COLUMNS);
  g_assert_cmpstr (error->message, ==, "line 3: 2 fields, the header has 3");
  g_clear_error (&error);

  csv = ioc_csv_parse (not_utf8, strlen (not_utf8), &error);
  g_assert_null (csv);
  g_assert_error (error, IOC_CSV_ERROR, IOC_CSV_ERROR_ENCODING);
  g_assert_true (g_str_has_prefix (error->message, "line 3:"));
  g_clear_error (&error);

  csv = ioc_csv_parse (unterminated, strlen (unterminated), &error);
  g_assert_null (csv);
  g_assert_error (error, IOC_CSV_ERROR, IOC_CSV_ERROR_SYNTAX);
  g_clear_error (&error);

  csv = ioc_csv_parse ("", 0, &error);
  g_assert_null (csv);
  g_assert_error (error, IOC_CSV_ERROR, IOC_CSV_ERROR_HEADER);
  g_clear_error (&error);

  csv = ioc_csv_parse ("a,b\n1,x\n", 8, &error);
  g_assert_no_error (error);
  g_assert_false (ioc_csv_require (csv, need, &error));
  g_assert_cmpstr (error->message, ==, "line 1: the column “zz” is missing");
  g_clear_error (&error);
  {
    gint64 v;
    g_assert_false (ioc_csv_get_int (csv, 0, 1, &v, &error));
    g_assert_cmpstr (error->message, ==, "line 2: b must be an integer, not “x”");
  }
  ioc_csv_free (csv);
}

static void
test_camera_uri (void)
{
  static const struct { const char *uri, *bare, *info; } cases[] = {
    { "rtsp://admin:S%40cret@10.0.0.7:554/Streaming/Channels/101?transportmode=unicast",
      "rtsp://10.0.0.7:554/Streaming/Channels/101?transportmode=unicast", "admin:S%40cret" },
    { "rtsp://viewer@[fd00::7]:8554/live", "rtsp://[fd00::7]:8554/live", "viewer" },
    { "rtsps://cam.daklak.gov.vn/a", "rtsps://cam.daklak.gov.vn/a", NULL },
    { "rtsp://127.0.0.1:8554/cam-001@sub", "rtsp://127.0.0.1:8554/cam-001@sub", NULL },
  };
  g_autoptr(JsonObject) row = json_object_new ();
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *bare = NULL, *info = NULL, *joined = NULL;

      g_assert_true (ioc_camera_uri_split (cases[i].uri, &bare, &info));
      g_assert_cmpstr (bare, ==, cases[i].bare);
      g_assert_cmpstr (info, ==, cases[i].info);
      joined = ioc_camera_uri_join (bare, info);
      g_assert_cmpstr (joined, ==, cases[i].uri);
    }
  {
    g_autofree char *bare = NULL, *info = NULL;
    g_assert_false (ioc_camera_uri_split ("not a uri at all", &bare, &info));
  }

  /* A change of the sub-stream alone keeps the camera's account. */
  json_object_set_string_member (row, "rtsp_sub", "rtsp://10.0.0.7/102");
  g_assert_true (ioc_camera_row_protect (row, "admin:x", &error));
  g_assert_cmpstr (json_object_get_string_member (row, "rtsp_userinfo"), ==, "admin:x");
  g_assert_true (json_object_get_boolean_member (row, "rtsp_auth"));
  /* Two accounts on one camera: refused. */
  json_object_set_string_member (row, "rtsp_main", "rtsp://a:b@10.0.0.7/101");
  json_object_set_string_member (row, "rtsp_sub", "rtsp://c:d@10.0.0.7/102");
  g_assert_false (ioc_camera_row_protect (row, NULL, &error));
  g_assert_nonnull (error);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/codecs/json/doubles", test_json_doubles);
  g_test_add_func ("/codecs/json/strings", test_json_strings);
  g_test_add_func ("/codecs/json/parse-errors", test_json_parse_errors);
  g_test_add_func ("/codecs/json/typed-members", test_json_typed_members);
  g_test_add_func ("/codecs/time", test_time);
  g_test_add_func ("/codecs/names", test_names);
  g_test_add_func ("/codecs/csv/good", test_csv_good);
  g_test_add_func ("/codecs/csv/errors", test_csv_errors);
  g_test_add_func ("/codecs/camera-uri", test_camera_uri);
  return g_test_run ();
}
