/* ioc-camera-uri.h — camera stream credentials stay in iocd
 *
 * Cameras often carry their account in the stream URI
 * (rtsp://user:password@10.0.0.7/Streaming/Channels/101). Those
 * credentials must not travel to every console in every list and event:
 * the registry keeps the URIs without them (rtsp_main, rtsp_sub, public),
 * the account in the hidden column rtsp_userinfo, and says rtsp_auth =
 * true. A console that plays such a camera asks for its full URIs with
 * GET /api/v1/cameras/{id}/stream (logged with who asked); the health
 * checker joins them itself.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Splits @uri into the URI without its userinfo and the userinfo ("user"
 * or "user:password", still percent-encoded; NULL when there is none).
 * FALSE when @uri is not a URI. */
gboolean ioc_camera_uri_split   (const char  *uri,
                                 char       **public_uri,
                                 char       **userinfo);
/* @uri with @userinfo put back (a copy of @uri when @userinfo is NULL). */
char    *ioc_camera_uri_join    (const char  *uri,
                                 const char  *userinfo);
/* Rewrites a camera row or change set in place before it is stored: the
 * rtsp_main and rtsp_sub members present lose their userinfo, which goes
 * to rtsp_userinfo, and rtsp_auth says whether there is one. Both URIs of
 * a camera share one account: different userinfos are an error naming
 * rtsp_sub. A change set with only one of the URIs keeps @stored_userinfo
 * (the camera's current account) when that URI has none. */
gboolean ioc_camera_row_protect (JsonObject  *row,
                                 const char  *stored_userinfo,
                                 GError     **error);

G_END_DECLS
