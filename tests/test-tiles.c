/* test-tiles.c — GET /tiles/{z}/{x}/{y}.png on the real iocd with demo data
 *
 * A tile over Buôn Ma Thuột is a 256×256 PNG with land and boundary lines;
 * a tile over Hà Nội is all "outside"; the province outline shows at zoom
 * 9; bad addresses are 400/404 JSON errors; ETag and If-None-Match give a
 * 304; forty tiles requested at once (rendered off the main loop) all
 * arrive, and the same tile asked twice at once is the same bytes.
 */
#include "ioc-test-server.h"
#include "ioc-bytes-cache.h"

#include <cairo.h>
#include <math.h>
#include <string.h>

static IocTestServer *srv;

/* The tile containing a place. */
static void
tile_of (double  lat,
         double  lon,
         guint   z,
         guint  *x,
         guint  *y)
{
  double n = 1u << z, s = sin (lat * G_PI / 180.0);

  *x = (guint) floor ((lon + 180.0) / 360.0 * n);
  *y = (guint) floor ((0.5 - log ((1 + s) / (1 - s)) / (4 * G_PI)) * n);
}

typedef struct {
  const guchar *data;
  gsize         len;
  gsize         pos;
} Reader;

static cairo_status_t
read_png (void          *closure,
          unsigned char *out,
          unsigned int   length)
{
  Reader *r = closure;

  if (r->pos + length > r->len)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (out, r->data + r->pos, length);
  r->pos += length;
  return CAIRO_STATUS_SUCCESS;
}

/* GETs a tile; asserts a 200 PNG of 256×256 and returns it decoded. */
static cairo_surface_t *
get_tile (guint z,
          guint x,
          guint y)
{
  g_autofree char *path = g_strdup_printf ("/tiles/%u/%u/%u.png", z, x, y);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) json = NULL;
  guint status = 0;
  Reader r = { 0 };
  cairo_surface_t *s;

  json = ioc_test_request_raw (srv, "GET", path, NULL, NULL, NULL, &status, &body);
  g_assert_cmpuint (status, ==, 200);
  g_assert_null (json);
  g_assert_nonnull (body);
  r.data = g_bytes_get_data (body, &r.len);
  g_assert_cmpuint (r.len, >, 8);
  g_assert_cmpmem (r.data, 8, "\x89PNG\r\n\x1a\n", 8);
  s = cairo_image_surface_create_from_png_stream (read_png, &r);
  g_assert_cmpint (cairo_surface_status (s), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (s), ==, 256);
  g_assert_cmpint (cairo_image_surface_get_height (s), ==, 256);
  return s;
}

typedef struct {
  guint total, outside, land, line, outline, other;
} Census;

/* Sorts pixels by colour: outside (11,15,20), land (27..33,37..45,48..58),
 * the outline (122,154,184), boundary lines and labels otherwise bright. */
static Census
census (cairo_surface_t *s)
{
  Census c = { 0 };
  const guchar *data;
  int stride;

  cairo_surface_flush (s);
  data = cairo_image_surface_get_data (s);
  stride = cairo_image_surface_get_stride (s);
  for (int y = 0; y < 256; y++)
    for (int x = 0; x < 256; x++)
      {
        guint32 px = *(const guint32 *) (data + y * stride + 4 * x);
        int r = (px >> 16) & 0xff, g = (px >> 8) & 0xff, b = px & 0xff;
        int sum = r + g + b;

        c.total++;
        if (ABS (r - 11) <= 1 && ABS (g - 15) <= 1 && ABS (b - 20) <= 1)
          c.outside++;
        else if (sum >= 100 && sum <= 145)
          c.land++;
        else if (sum >= 420 && sum <= 500 && b > r + 40)
          c.outline++;
        else if (sum > 170)
          c.line++;
        else
          c.other++;
      }
  return c;
}

static void
test_buon_ma_thuot (void)
{
  guint x, y;
  cairo_surface_t *s;
  Census c;

  tile_of (12.67, 108.04, 12, &x, &y);
  s = get_tile (12, x, y);
  c = census (s);
  g_test_message ("z12 BMT: land %u, lines %u, outline %u, outside %u, other %u",
                  c.land, c.line, c.outline, c.outside, c.other);
  g_assert_cmpuint (c.land, >, 256 * 256 / 2);   /* mostly inside the province */
  g_assert_cmpuint (c.line, >, 200);             /* commune boundaries (and names) */
  g_assert_cmpuint (c.outside, ==, 0);
  cairo_surface_destroy (s);
}

static void
test_outline (void)
{
  guint x, y;
  cairo_surface_t *s;
  Census c;

  /* The west border of the province near 12.9 N 107.5 E at zoom 9. */
  tile_of (12.9, 107.5, 9, &x, &y);
  s = get_tile (9, x, y);
  c = census (s);
  g_test_message ("z9 west border: land %u, lines %u, outline %u, outside %u",
                  c.land, c.line, c.outline, c.outside);
  g_assert_cmpuint (c.outline, >, 100);
  g_assert_cmpuint (c.outside, >, 1000);
  g_assert_cmpuint (c.land, >, 1000);
  cairo_surface_destroy (s);
}

static void
test_outside_uniform (void)
{
  guint x, y;
  cairo_surface_t *s;
  Census c;

  tile_of (21.03, 105.85, 12, &x, &y);   /* Hà Nội */
  s = get_tile (12, x, y);
  c = census (s);
  g_assert_cmpuint (c.outside, ==, c.total);
  cairo_surface_destroy (s);

  s = get_tile (0, 0, 0);   /* the whole world: the province is a speck */
  cairo_surface_destroy (s);
}

static void
expect_error (const char *path,
              guint       expected,
              const char *error)
{
  guint status = 0;
  g_autoptr(JsonNode) node = ioc_test_request (srv, "GET", path, NULL, NULL, &status);

  g_assert_cmpuint (status, ==, expected);
  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "error"), ==, error);
}

static void
test_bad_addresses (void)
{
  expect_error ("/tiles/19/0/0.png", 404, "not_found");
  expect_error ("/tiles/12/4096/1902.png", 404, "not_found");
  expect_error ("/tiles/12/3277/4096.png", 404, "not_found");
  expect_error ("/tiles/1/1/1.jpg", 404, "not_found");
  expect_error ("/tiles/a/1/1.png", 400, "bad_request");
  expect_error ("/tiles/12/-1/3.png", 400, "bad_request");
  expect_error ("/tiles/12/1/%2B3.png", 400, "bad_request");
  expect_error ("/tiles/99999999999/1/1.png", 400, "bad_request");
}

static void
test_etag (void)
{
  g_autofree char *url = g_strdup_printf ("%s/tiles/10/819/475.png", srv->base_url);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(SoupMessage) again = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) empty = NULL;
  g_autoptr(GError) error = NULL;
  const char *etag, *cache;

  body = soup_session_send_and_read (srv->session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL), ==, "image/png");
  etag = soup_message_headers_get_one (soup_message_get_response_headers (msg), "ETag");
  cache = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Cache-Control");
  g_assert_nonnull (etag);
  g_assert_true (etag[0] == '"');
  g_assert_nonnull (cache);
  g_assert_nonnull (strstr (cache, "max-age="));

  soup_message_headers_replace (soup_message_get_request_headers (again), "If-None-Match", etag);
  empty = soup_session_send_and_read (srv->session, again, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (again), ==, 304);
  g_assert_cmpuint (g_bytes_get_size (empty), ==, 0);
}

typedef struct {
  guint   pending;
  guint   ok;
  GBytes *first_same;
  GBytes *second_same;
} Burst;

typedef struct {
  Burst    *burst;
  GBytes  **out;
} Req;

static void
burst_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Req *req = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);

  g_assert_no_error (error);
  if (soup_message_get_status (msg) == 200 && g_bytes_get_size (body) > 8 &&
      memcmp (g_bytes_get_data (body, NULL), "\x89PNG", 4) == 0)
    req->burst->ok++;
  if (req->out != NULL)
    *req->out = g_bytes_ref (body);
  req->burst->pending--;
  g_free (req);
}

static gboolean
burst_over (gpointer data)
{
  return ((Burst *) data)->pending == 0;
}

static void
test_concurrent (void)
{
  Burst burst = { 0 };
  guint x0, y0;
  gint64 t0 = g_get_monotonic_time ();
  gboolean done = FALSE;

  /* 6×6 fresh tiles at zoom 11 around the province's centre, plus the same
   * fresh tile twice. */
  tile_of (12.9, 108.4, 11, &x0, &y0);
  for (guint i = 0; i < 38; i++)
    {
      g_autofree char *url = NULL;
      Req *req = g_new0 (Req, 1);
      SoupMessage *msg;

      if (i < 36)
        url = g_strdup_printf ("%s/tiles/11/%u/%u.png", srv->base_url, x0 - 3 + i % 6, y0 - 3 + i / 6);
      else
        url = g_strdup_printf ("%s/tiles/13/%u/%u.png", srv->base_url, 4 * x0, 4 * y0);
      req->burst = &burst;
      req->out = i == 36 ? &burst.first_same : i == 37 ? &burst.second_same : NULL;
      msg = soup_message_new ("GET", url);
      burst.pending++;
      soup_session_send_and_read_async (srv->session, msg, G_PRIORITY_DEFAULT, NULL, burst_done, req);
      g_object_unref (msg);
    }
  while (!done)
    {
      done = burst_over (&burst);
      if (g_get_monotonic_time () - t0 > 60 * G_USEC_PER_SEC)
        break;
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpuint (burst.pending, ==, 0);
  g_assert_cmpuint (burst.ok, ==, 38);
  g_assert_nonnull (burst.first_same);
  g_assert_true (g_bytes_equal (burst.first_same, burst.second_same));
  g_test_message ("38 tiles at once in %.0f ms", (g_get_monotonic_time () - t0) / 1000.0);
  g_bytes_unref (burst.first_same);
  g_bytes_unref (burst.second_same);
}

/* The tile caches' LRU: bounded by count and by bytes, the least recently
 * used out first, a lookup makes an entry the most recent. */
static void
test_bytes_cache (void)
{
  g_autoptr(IocBytesCache) c = ioc_bytes_cache_new (3, 100);
  g_autoptr(GBytes) ten = g_bytes_new_static ("0123456789", 10);
  g_autoptr(GBytes) big = g_bytes_new_take (g_malloc0 (95), 95);
  g_autoptr(GBytes) got = NULL;

  ioc_bytes_cache_insert (c, "a", ten);
  ioc_bytes_cache_insert (c, "b", ten);
  ioc_bytes_cache_insert (c, "c", ten);
  ioc_bytes_cache_insert (c, "a", big);            /* there already: kept as it was */
  got = ioc_bytes_cache_lookup (c, "a");           /* "a" is now the most recent */
  g_assert_true (got == ten);
  ioc_bytes_cache_insert (c, "d", ten);            /* four: "b" goes */
  g_assert_cmpuint (ioc_bytes_cache_get_size (c), ==, 3);
  g_assert_null (ioc_bytes_cache_lookup (c, "b"));
  g_clear_pointer (&got, g_bytes_unref);
  got = ioc_bytes_cache_lookup (c, "c");
  g_assert_nonnull (got);
  ioc_bytes_cache_insert (c, "e", big);            /* 125 bytes: all but "e" go */
  g_assert_cmpuint (ioc_bytes_cache_get_size (c), ==, 1);
  g_clear_pointer (&got, g_bytes_unref);
  got = ioc_bytes_cache_lookup (c, "e");
  g_assert_true (got == big);
  g_assert_null (ioc_bytes_cache_lookup (c, "a"));
}

int
main (int    argc,
      char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  srv = ioc_test_server_start (TRUE, NULL);
  g_test_add_func ("/tiles/bytes-cache", test_bytes_cache);
  g_test_add_func ("/tiles/buon-ma-thuot", test_buon_ma_thuot);
  g_test_add_func ("/tiles/outline", test_outline);
  g_test_add_func ("/tiles/outside-uniform", test_outside_uniform);
  g_test_add_func ("/tiles/bad-addresses", test_bad_addresses);
  g_test_add_func ("/tiles/etag", test_etag);
  g_test_add_func ("/tiles/concurrent", test_concurrent);
  ret = g_test_run ();
  ioc_test_server_free (srv);
  return ret;
}
