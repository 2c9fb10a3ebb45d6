/* ioc-api-tiles.c — GET /tiles/{z}/{x}/{y}.png, public: libshumate's tile
 * downloader cannot send a bearer token, and the base map holds no secret.
 *
 * A cached tile is answered at once. Otherwise the message is paused, the
 * tile rendered in a worker thread (10–70 ms at zoom 8–14), and the answer
 * written when it is done, so other requests are not held up meanwhile.
 * Tiles carry an ETag (the geometry's digest and the address) and are
 * cacheable for a day; If-None-Match answers 304 without rendering.
 */
#define G_LOG_DOMAIN "iocd"

#include "ioc-server-private.h"
#include "ioc-tiles.h"

#include <string.h>

static gboolean
parse_coord (const char *text,
             const char *name,
             guint      *out,
             GError    **error)
{
  char *end = NULL;
  guint64 v;

  if (text == NULL || !g_ascii_isdigit (text[0]))
    {
      ioc_api_set_error (error, IOC_API_ERROR_BAD_REQUEST, name, "%s must be a whole number", name);
      return FALSE;
    }
  v = g_ascii_strtoull (text, &end, 10);
  if (*end != '\0' || v > G_MAXUINT32)
    {
      ioc_api_set_error (error, IOC_API_ERROR_BAD_REQUEST, name, "%s must be a whole number", name);
      return FALSE;
    }
  *out = (guint) v;
  return TRUE;
}

typedef struct {
  SoupServerMessage *msg;
  gulong             finished_id;
  gboolean           finished;
} Pending;

static void
on_finished (SoupServerMessage *msg,
             gpointer           user_data)
{
  Pending *p = user_data;

  p->finished = TRUE;
}

static void
tile_rendered (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Pending *p = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = ioc_tiles_render_finish (NULL, result, &error);

  if (!p->finished)
    {
      if (png != NULL)
        {
          gsize len;
          const char *data = g_bytes_get_data (png, &len);

          soup_server_message_set_status (p->msg, 200, NULL);
          soup_server_message_set_response (p->msg, "image/png", SOUP_MEMORY_COPY, data, len);
        }
      else
        {
          g_autoptr(JsonBuilder) b = json_builder_new ();
          g_autoptr(JsonNode) node = NULL;
          g_autofree char *text = NULL;

          g_warning ("tile rendering failed: %s", error->message);
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "error");
          json_builder_add_string_value (b, "internal");
          json_builder_set_member_name (b, "detail");
          json_builder_add_string_value (b, error->message);
          json_builder_end_object (b);
          node = json_builder_get_root (b);
          text = json_to_string (node, FALSE);
          soup_server_message_set_status (p->msg, 500, NULL);
          soup_server_message_set_response (p->msg, "application/json", SOUP_MEMORY_COPY, text, strlen (text));
        }
      soup_server_message_unpause (p->msg);
    }
  g_signal_handler_disconnect (p->msg, p->finished_id);
  g_object_unref (p->msg);
  g_free (p);
}

static gboolean
etag_matches (const char *header,
              const char *etag)
{
  g_auto(GStrv) tags = NULL;

  if (header == NULL)
    return FALSE;
  tags = g_strsplit (header, ",", -1);
  for (guint i = 0; tags[i] != NULL; i++)
    {
      const char *t = g_strstrip (tags[i]);
      if (g_str_has_prefix (t, "W/"))
        t += 2;
      if (g_str_equal (t, "*") || g_str_equal (t, etag))
        return TRUE;
    }
  return FALSE;
}

static gboolean
handle_tile (IocRequest  *req,
             GError     **error)
{
  const char *yname = ioc_request_param (req, "y");
  SoupMessageHeaders *out = soup_server_message_get_response_headers (req->msg);
  g_autofree char *ytext = NULL;
  g_autofree char *etag = NULL;
  g_autoptr(GError) local = NULL;
  IocServer *server = req->server;
  guint z, x, y;
  GBytes *png;
  Pending *p;

  if (!g_str_has_suffix (yname, ".png"))
    {
      ioc_api_set_error (error, IOC_API_ERROR_NOT_FOUND, NULL, "tiles are PNG: /tiles/{z}/{x}/{y}.png");
      return FALSE;
    }
  ytext = g_strndup (yname, strlen (yname) - 4);
  if (!parse_coord (ioc_request_param (req, "z"), "z", &z, error) ||
      !parse_coord (ioc_request_param (req, "x"), "x", &x, error) ||
      !parse_coord (ytext, "y", &y, error))
    return FALSE;
  if (!ioc_tiles_check (z, x, y, &local))
    {
      ioc_api_set_error (error, IOC_API_ERROR_NOT_FOUND, NULL, "%s", local->message);
      return FALSE;
    }
  if (server->tiles == NULL)
    server->tiles = ioc_tiles_new (req->store, ioc_server_get_config (server)->data_dir);
  etag = ioc_tiles_etag (server->tiles, z, x, y, error);
  if (etag == NULL)
    {
      g_prefix_error (error, "base map: ");
      ioc_api_error_from_store (error);
      return FALSE;
    }
  soup_message_headers_replace (out, "ETag", etag);
  soup_message_headers_replace (out, "Cache-Control", "public, max-age=86400");
  req->content_type = g_strdup ("image/png");

  if (etag_matches (soup_message_headers_get_one (soup_server_message_get_request_headers (req->msg),
                                                  "If-None-Match"), etag))
    {
      req->status = 304;
      req->raw_response = g_bytes_new_static ("", 0);
      return TRUE;
    }

  png = ioc_tiles_lookup (server->tiles, z, x, y);
  if (png != NULL)
    {
      req->raw_response = png;
      return TRUE;
    }

  /* Render off the main loop; the response written now is replaced when
   * the tile is ready. */
  p = g_new0 (Pending, 1);
  p->msg = g_object_ref (req->msg);
  p->finished_id = g_signal_connect (p->msg, "finished", G_CALLBACK (on_finished), p);
  soup_server_message_pause (req->msg);
  ioc_tiles_render_async (server->tiles, z, x, y, NULL, tile_rendered, p);
  req->raw_response = g_bytes_new_static ("", 0);
  return TRUE;
}

static const IocRoute routes[] = {
  { "GET", "/tiles/{z}/{x}/{y}", 0, IOC_ROUTE_PUBLIC, handle_tile, NULL },
};

void
ioc_api_tiles_register (IocServer *self)
{
  ioc_server_add_routes (self, routes, G_N_ELEMENTS (routes));
}
