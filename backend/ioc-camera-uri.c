/* ioc-camera-uri.c — see ioc-camera-uri.h */
#include "config.h"

#include "ioc-camera-uri.h"
#include "ioc-server.h"

#include <string.h>

gboolean
ioc_camera_uri_split (const char  *uri,
                      char       **public_uri,
                      char       **userinfo)
{
  g_autoptr(GUri) parsed = NULL;
  g_autoptr(GUri) bare = NULL;
  const char *info;

  *public_uri = NULL;
  *userinfo = NULL;
  parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED | G_URI_FLAGS_NON_DNS, NULL);
  if (parsed == NULL)
    return FALSE;
  info = g_uri_get_userinfo (parsed);
  if (info == NULL || *info == '\0')
    {
      *public_uri = g_strdup (uri);
      return TRUE;
    }
  bare = g_uri_build (G_URI_FLAGS_ENCODED | G_URI_FLAGS_NON_DNS, g_uri_get_scheme (parsed), NULL,
                      g_uri_get_host (parsed), g_uri_get_port (parsed), g_uri_get_path (parsed),
                      g_uri_get_query (parsed), g_uri_get_fragment (parsed));
  *public_uri = g_uri_to_string (bare);
  *userinfo = g_strdup (info);
  return TRUE;
}

char *
ioc_camera_uri_join (const char *uri,
                     const char *userinfo)
{
  g_autoptr(GUri) parsed = NULL;
  g_autoptr(GUri) full = NULL;

  if (uri == NULL)
    return NULL;
  if (userinfo == NULL || *userinfo == '\0' ||
      (parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED | G_URI_FLAGS_NON_DNS, NULL)) == NULL)
    return g_strdup (uri);
  full = g_uri_build (G_URI_FLAGS_ENCODED | G_URI_FLAGS_NON_DNS, g_uri_get_scheme (parsed), userinfo,
                      g_uri_get_host (parsed), g_uri_get_port (parsed), g_uri_get_path (parsed),
                      g_uri_get_query (parsed), g_uri_get_fragment (parsed));
  return g_uri_to_string (full);
}

gboolean
ioc_camera_row_protect (JsonObject  *row,
                        const char  *stored_userinfo,
                        GError     **error)
{
  static const char *const members[] = { "rtsp_main", "rtsp_sub" };
  g_autofree char *account = NULL;
  gboolean any = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      JsonNode *node = json_object_get_member (row, members[i]);
      g_autofree char *bare = NULL;
      g_autofree char *info = NULL;

      if (node == NULL || JSON_NODE_HOLDS_NULL (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        continue;
      any = TRUE;
      if (!ioc_camera_uri_split (json_node_get_string (node), &bare, &info))
        {
          ioc_api_set_error (error, IOC_API_ERROR_INVALID, members[i], "%s is not a URI", members[i]);
          return FALSE;
        }
      if (info != NULL)
        {
          if (account != NULL && strcmp (account, info) != 0)
            {
              ioc_api_set_error (error, IOC_API_ERROR_INVALID, members[i],
                                 "rtsp_main and rtsp_sub must use the same camera account");
              return FALSE;
            }
          g_free (account);
          account = g_steal_pointer (&info);
        }
      json_object_set_string_member (row, members[i], bare);
    }
  if (!any)
    return TRUE;
  /* Only one URI changed without an account: the camera keeps its own. */
  if (account == NULL && stored_userinfo != NULL &&
      !(json_object_has_member (row, "rtsp_main") && json_object_has_member (row, "rtsp_sub")))
    account = g_strdup (stored_userinfo);
  if (account != NULL)
    json_object_set_string_member (row, "rtsp_userinfo", account);
  else
    json_object_set_null_member (row, "rtsp_userinfo");
  json_object_set_boolean_member (row, "rtsp_auth", account != NULL);
  return TRUE;
}
