/* ioc-api-tiles.c — GET /tiles/{z}/{x}/{y}.png, public: libshumate's tile
 * downloader cannot send a bearer token, and the base map holds no secret. */
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
  guint64 v = g_ascii_strtoull (text, &end, 10);

  if (end == text || *end != '\0' || text[0] == '-' || v > G_MAXUINT32)
    {
      ioc_api_set_error (error, IOC_API_ERROR_BAD_REQUEST, name, "%s must be a whole number", name);
      return FALSE;
    }
  *out = (guint) v;
  return TRUE;
}

static gboolean
handle_tile (IocRequest  *req,
             GError     **error)
{
  const char *yname = ioc_request_param (req, "y");
  g_autofree char *ytext = NULL;
  guint z, x, y;
  GBytes *png;

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
  if (req->server->tiles == NULL)
    req->server->tiles = ioc_tiles_new (req->store);
  png = ioc_tiles_render (req->server->tiles, z, x, y, error);
  if (png == NULL)
    {
      ioc_api_error_from_store (error);
      return FALSE;
    }
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "Cache-Control", "public, max-age=86400");
  req->content_type = g_strdup ("image/png");
  req->raw_response = png;
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
