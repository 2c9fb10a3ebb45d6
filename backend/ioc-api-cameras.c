/* ioc-api-cameras.c — the camera registry (admin) and forwarding AI camera
 * events to the police (duty staff, supervisors). */
#define G_LOG_DOMAIN "iocd"

#include "ioc-api-actions.h"
#include "ioc-camera-uri.h"
#include "ioc-json.h"
#include "ioc-server-private.h"

#include <math.h>

#define DESK (IOC_ROLE_DUTY | IOC_ROLE_SUPERVISOR)

static gboolean
validate_camera (JsonObject  *body,
                 gboolean     creating,
                 GError     **error)
{
  static const char *const kinds[] = { "traffic", "security", "ptz", NULL };
  static const char *const known[] = {
    "id", "name", "lat", "lon", "heading", "owner_unit_id", "kind",
    "rtsp_main", "rtsp_sub", "ai_features", NULL
  };
  JsonObjectIter iter;
  const char *member, *text = NULL;
  double d;

  json_object_iter_init (&iter, body);
  while (json_object_iter_next (&iter, &member, NULL))
    if (!g_strv_contains (known, member) || (!creating && g_str_equal (member, "id")))
      {
        ioc_api_set_error (error, IOC_API_ERROR_INVALID, member, "%s is not a changeable field of a camera", member);
        return FALSE;
      }
  if (creating &&
      (!ioc_action_required_text (body, "id", 64, &text, error) ||
       !ioc_action_required_text (body, "name", 200, &text, error)))
    return FALSE;
  if (json_object_has_member (body, "lat"))
    {
      if (!ioc_json_get_double (body, "lat", TRUE, &d, error))
        goto json_error;
      if (d < -90 || d > 90)
        {
          ioc_api_set_error (error, IOC_API_ERROR_INVALID, "lat", "lat must be between -90 and 90");
          return FALSE;
        }
    }
  if (json_object_has_member (body, "lon"))
    {
      if (!ioc_json_get_double (body, "lon", TRUE, &d, error))
        goto json_error;
      if (d < -180 || d > 180)
        {
          ioc_api_set_error (error, IOC_API_ERROR_INVALID, "lon", "lon must be between -180 and 180");
          return FALSE;
        }
    }
  if (json_object_has_member (body, "heading"))
    {
      if (!ioc_json_get_double (body, "heading", TRUE, &d, error))
        goto json_error;
      if (d < 0 || d >= 360)
        {
          ioc_api_set_error (error, IOC_API_ERROR_INVALID, "heading", "heading must be from 0 to less than 360 degrees");
          return FALSE;
        }
    }
  if (!ioc_action_optional_text (body, "kind", 32, &text, error))
    return FALSE;
  if (text != NULL && !g_strv_contains (kinds, text))
    {
      ioc_api_set_error (error, IOC_API_ERROR_INVALID, "kind", "kind must be traffic, security or ptz");
      return FALSE;
    }
  for (guint i = 0; i < 2; i++)
    {
      const char *m = i == 0 ? "rtsp_main" : "rtsp_sub";
      if (!ioc_action_optional_text (body, m, 2000, &text, error))
        return FALSE;
      if (text != NULL && (!g_uri_is_valid (text, G_URI_FLAGS_NONE, NULL) ||
                           (!g_str_has_prefix (text, "rtsp://") && !g_str_has_prefix (text, "rtsps://"))))
        {
          ioc_api_set_error (error, IOC_API_ERROR_INVALID, m, "%s must be an rtsp:// URI", m);
          return FALSE;
        }
    }
  if (json_object_has_member (body, "ai_features") &&
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (body, "ai_features")))
    {
      ioc_api_set_error (error, IOC_API_ERROR_INVALID, "ai_features", "ai_features must be an array of strings");
      return FALSE;
    }
  return TRUE;

json_error:
  ioc_api_error_from_store (error);
  return FALSE;
}

static gboolean
handle_create (IocRequest  *req,
               GError     **error)
{
  JsonObject *body = ioc_request_body_object (req, error);
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonObject) stored = NULL;
  g_autofree char *id = NULL;

  if (body == NULL || !validate_camera (body, TRUE, error))
    return FALSE;
  row = json_object_ref (body);
  if (!ioc_camera_row_protect (row, NULL, error))
    return FALSE;
  json_object_set_int_member (row, "updated_at", g_get_real_time () / G_USEC_PER_SEC);
  if (!ioc_store_insert (req->store, &ioc_entity_cameras, row, &id, error) ||
      (stored = ioc_store_get (req->store, &ioc_entity_cameras, id, FALSE, error)) == NULL)
    {
      ioc_api_error_from_store (error);
      return FALSE;
    }
  if (!ioc_request_audit (req, "cameras", id, NULL, stored, error) ||
      !ioc_api_emit (req, "camera.created", stored, error))
    return FALSE;
  ioc_request_set_object (req, 201, g_steal_pointer (&stored));
  return TRUE;
}

static gboolean
handle_update (IocRequest  *req,
               GError     **error)
{
  JsonObject *body = ioc_request_body_object (req, error);
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) changes = NULL;

  if (body == NULL || (before = ioc_action_load (req, &ioc_entity_cameras, error)) == NULL)
    return FALSE;
  if (!validate_camera (body, FALSE, error))
    return FALSE;
  changes = json_object_ref (body);
  {
    g_autofree char *account = ioc_store_get_text (req->store, &ioc_entity_cameras, ioc_request_param (req, "id"),
                                                   "rtsp_userinfo", NULL);
    if (!ioc_camera_row_protect (changes, account, error))
      return FALSE;
  }
  json_object_set_int_member (changes, "updated_at", g_get_real_time () / G_USEC_PER_SEC);
  return ioc_action_apply (req, &ioc_entity_cameras, before, changes, "camera.updated", error);
}

/* The full stream URIs of one camera, its account included, for the
 * console that is about to play it. Not in lists or events; each answer
 * is logged with who asked (journald: IOCD_USER, IOCD_CAMERA). */
static gboolean
handle_stream (IocRequest  *req,
               GError     **error)
{
  const char *id = ioc_request_param (req, "id");
  g_autoptr(JsonObject) camera = ioc_store_get (req->store, &ioc_entity_cameras, id, FALSE, error);
  g_autoptr(JsonObject) out = json_object_new ();
  g_autofree char *account = NULL;

  if (camera == NULL)
    {
      ioc_api_error_from_store (error);
      return FALSE;
    }
  account = ioc_store_get_text (req->store, &ioc_entity_cameras, id, "rtsp_userinfo", NULL);
  for (guint i = 0; i < 2; i++)
    {
      const char *m = i == 0 ? "rtsp_main" : "rtsp_sub";
      const char *uri = json_object_get_string_member_with_default (camera, m, NULL);
      g_autofree char *full = ioc_camera_uri_join (uri, account);

      if (full != NULL)
        json_object_set_string_member (out, i == 0 ? "main" : "sub", full);
      else
        json_object_set_null_member (out, i == 0 ? "main" : "sub");
    }
  json_object_set_string_member (out, "camera_id", id);
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_INFO,
                    "MESSAGE", "stream URIs of camera %s given to %s", id, req->user_name,
                    "IOCD_USER", "%s", req->user_name,
                    "IOCD_CAMERA", "%s", id);
  ioc_request_set_object (req, 200, g_steal_pointer (&out));
  return TRUE;
}

static gboolean
handle_forward (IocRequest  *req,
                GError     **error)
{
  static const char *const from[] = { "none", NULL };
  g_autoptr(JsonObject) before = ioc_action_load (req, &ioc_entity_camera_events, error);
  g_autoptr(JsonObject) changes = json_object_new ();

  if (before == NULL || !ioc_action_require_state (before, "police_state", from, "forward to the police", error))
    return FALSE;
  json_object_set_string_member (changes, "police_state", "forwarded");
  json_object_set_int_member (changes, "police_updated_at", g_get_real_time () / G_USEC_PER_SEC);
  return ioc_action_apply (req, &ioc_entity_camera_events, before, changes, "camera-event.updated", error);
}

static gboolean
handle_police_state (IocRequest  *req,
                     GError     **error)
{
  static const char *const states[] = { "acknowledged", "closed", NULL };
  static const char *const from_ack[] = { "forwarded", NULL };
  static const char *const from_close[] = { "forwarded", "acknowledged", NULL };
  JsonObject *body = ioc_request_body_object (req, error);
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) changes = json_object_new ();
  const char *state = NULL;

  if (body == NULL || (before = ioc_action_load (req, &ioc_entity_camera_events, error)) == NULL)
    return FALSE;
  if (!ioc_action_required_text (body, "state", 32, &state, error))
    return FALSE;
  if (!g_strv_contains (states, state))
    {
      ioc_api_set_error (error, IOC_API_ERROR_INVALID, "state", "state must be acknowledged or closed");
      return FALSE;
    }
  if (!ioc_action_require_state (before, "police_state",
                                 g_str_equal (state, "acknowledged") ? from_ack : from_close,
                                 state, error))
    return FALSE;
  json_object_set_string_member (changes, "police_state", state);
  json_object_set_int_member (changes, "police_updated_at", g_get_real_time () / G_USEC_PER_SEC);
  return ioc_action_apply (req, &ioc_entity_camera_events, before, changes, "camera-event.updated", error);
}

static const IocRoute routes[] = {
  { "POST",  "/api/v1/cameras", IOC_ROLE_ADMIN, IOC_ROUTE_MUTATES, handle_create, "camera.create" },
  { "PATCH", "/api/v1/cameras/{id}", IOC_ROLE_ADMIN, IOC_ROUTE_MUTATES, handle_update, "camera.update" },
  { "GET",   "/api/v1/cameras/{id}/stream", IOC_ROLE_DUTY | IOC_ROLE_SUPERVISOR | IOC_ROLE_LEADER | IOC_ROLE_ADMIN,
    0, handle_stream, NULL },
  { "POST",  "/api/v1/camera-events/{id}/forward", DESK, IOC_ROUTE_MUTATES, handle_forward, "camera-event.forward" },
  { "POST",  "/api/v1/camera-events/{id}/police-state", DESK, IOC_ROUTE_MUTATES, handle_police_state, "camera-event.police-state" },
};

void
ioc_api_cameras_register (IocServer *self)
{
  ioc_server_add_routes (self, routes, G_N_ELEMENTS (routes));
}
