/* ioc-api-users.c — user administration (admin only) */
#define G_LOG_DOMAIN "iocd"

#include "ioc-api-actions.h"
#include "ioc-auth.h"
#include "ioc-json.h"
#include "ioc-server-private.h"
#include "ioc-users.h"

static gboolean
handle_create (IocRequest  *req,
               GError     **error)
{
  JsonObject *body = ioc_request_body_object (req, error);
  const char *name = NULL, *role = NULL, *password = NULL;
  g_autoptr(JsonObject) user = NULL;
  g_autofree char *id = NULL;

  if (body == NULL)
    return FALSE;
  if (!ioc_action_required_text (body, "name", 64, &name, error) ||
      !ioc_action_required_text (body, "role", 32, &role, error) ||
      !ioc_action_required_text (body, "password", 1024, &password, error))
    return FALSE;
  if (!ioc_user_name_is_valid (name))
    {
      ioc_api_set_error (error, IOC_API_ERROR_INVALID, "name", "name must be 1–64 letters, digits, '.', '-' or '_'");
      return FALSE;
    }
  if (ioc_role_from_string (role) == IOC_ROLE_NONE)
    {
      ioc_api_set_error (error, IOC_API_ERROR_INVALID, "role", "role must be duty, supervisor, leader or admin");
      return FALSE;
    }
  if (!ioc_user_password_is_valid (password))
    {
      ioc_api_set_error (error, IOC_API_ERROR_INVALID, "password", "password must have at least 8 characters");
      return FALSE;
    }
  user = ioc_user_add (req->store, name, role, password, error);
  if (user == NULL)
    {
      ioc_api_error_from_store (error);
      return FALSE;
    }
  id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (user, "id"));
  if (!ioc_request_audit (req, "users", id, NULL, user, error) ||
      !ioc_api_emit (req, "user.created", user, error))
    return FALSE;
  ioc_request_set_object (req, 201, g_steal_pointer (&user));
  return TRUE;
}

static gboolean
handle_update (IocRequest  *req,
               GError     **error)
{
  JsonObject *body = ioc_request_body_object (req, error);
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) changes = json_object_new ();
  const char *role = NULL, *password = NULL;
  JsonObjectIter iter;
  const char *member;

  if (body == NULL || (before = ioc_action_load (req, &ioc_entity_users, error)) == NULL)
    return FALSE;
  json_object_iter_init (&iter, body);
  while (json_object_iter_next (&iter, &member, NULL))
    if (!g_str_equal (member, "role") && !g_str_equal (member, "disabled") && !g_str_equal (member, "password"))
      {
        ioc_api_set_error (error, IOC_API_ERROR_INVALID, member, "%s cannot be changed", member);
        return FALSE;
      }
  if (!ioc_action_optional_text (body, "role", 32, &role, error) ||
      !ioc_action_optional_text (body, "password", 1024, &password, error))
    return FALSE;
  if (role != NULL)
    {
      if (ioc_role_from_string (role) == IOC_ROLE_NONE)
        {
          ioc_api_set_error (error, IOC_API_ERROR_INVALID, "role", "role must be duty, supervisor, leader or admin");
          return FALSE;
        }
      json_object_set_string_member (changes, "role", role);
    }
  if (json_object_has_member (body, "disabled"))
    {
      JsonNode *d = json_object_get_member (body, "disabled");
      if (!JSON_NODE_HOLDS_VALUE (d) || json_node_get_value_type (d) != G_TYPE_BOOLEAN)
        {
          ioc_api_set_error (error, IOC_API_ERROR_INVALID, "disabled", "disabled must be true or false");
          return FALSE;
        }
      if (json_node_get_boolean (d) && json_object_get_int_member (before, "id") == req->user_id)
        {
          ioc_api_set_error (error, IOC_API_ERROR_CONFLICT, "disabled", "an administrator cannot disable their own account");
          return FALSE;
        }
      json_object_set_boolean_member (changes, "disabled", json_node_get_boolean (d));
    }
  if (password != NULL)
    {
      if (!ioc_user_password_is_valid (password))
        {
          ioc_api_set_error (error, IOC_API_ERROR_INVALID, "password", "password must have at least 8 characters");
          return FALSE;
        }
      if (!ioc_user_set_password (req->store, ioc_request_param (req, "id"), password, error))
        {
          ioc_api_error_from_store (error);
          return FALSE;
        }
    }
  return ioc_action_apply (req, &ioc_entity_users, before, changes, "user.updated", error);
}

static const IocRoute routes[] = {
  { "POST",  "/api/v1/users", IOC_ROLE_ADMIN, IOC_ROUTE_MUTATES, handle_create, "user.create" },
  { "PATCH", "/api/v1/users/{id}", IOC_ROLE_ADMIN, IOC_ROUTE_MUTATES, handle_update, "user.update" },
};

void
ioc_api_users_register (IocServer *self)
{
  ioc_server_add_routes (self, routes, G_N_ELEMENTS (routes));
}
