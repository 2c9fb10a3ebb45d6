/* ioc-api-actions.c — the pattern every state-changing handler follows:
 * read the row, check the state, change it, audit before/after, emit an
 * event with the new row, answer with the new row. */
#include "ioc-api-actions.h"
#include "ioc-json.h"

gboolean
ioc_api_emit (IocRequest  *req,
              const char  *type,
              JsonObject  *row,
              GError     **error)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), row);

  if (ioc_store_append_event (req->store, type, node, error) == 0)
    {
      ioc_api_error_from_store (error);
      return FALSE;
    }
  return TRUE;
}

JsonObject *
ioc_action_load (IocRequest       *req,
                 const IocEntity  *entity,
                 GError          **error)
{
  JsonObject *row = ioc_store_get (req->store, entity, ioc_request_param (req, "id"), FALSE, error);
  if (row == NULL)
    ioc_api_error_from_store (error);
  return row;
}

gboolean
ioc_action_require_state (JsonObject         *row,
                          const char         *column,
                          const char *const  *allowed,
                          const char         *action,
                          GError            **error)
{
  const char *state = json_object_get_string_member_with_default (row, column, "");

  if (g_strv_contains (allowed, state))
    return TRUE;
  ioc_api_set_error (error, IOC_API_ERROR_CONFLICT, column,
                     "cannot %s: it is %s", action, state);
  return FALSE;
}

gboolean
ioc_action_apply (IocRequest       *req,
                  const IocEntity  *entity,
                  JsonObject       *before,
                  JsonObject       *changes,
                  const char       *event_type,
                  GError          **error)
{
  const char *id = ioc_request_param (req, "id");
  g_autoptr(JsonObject) after = NULL;

  if (!ioc_store_update (req->store, entity, id, changes, error))
    {
      ioc_api_error_from_store (error);
      return FALSE;
    }
  after = ioc_store_get (req->store, entity, id, FALSE, error);
  if (after == NULL)
    {
      ioc_api_error_from_store (error);
      return FALSE;
    }
  if (!ioc_request_audit (req, entity->name, id, before, after, error) ||
      !ioc_api_emit (req, event_type, after, error))
    return FALSE;
  ioc_request_set_object (req, 200, g_steal_pointer (&after));
  return TRUE;
}

gboolean
ioc_action_optional_text (JsonObject   *body,
                          const char   *member,
                          gsize         max_len,
                          const char  **out,
                          GError      **error)
{
  *out = NULL;
  if (body == NULL)
    return TRUE;
  if (!ioc_json_get_string (body, member, FALSE, out, error))
    {
      ioc_api_error_from_store (error);
      return FALSE;
    }
  if (*out != NULL && g_utf8_strlen (*out, -1) > (glong) max_len)
    {
      ioc_api_set_error (error, IOC_API_ERROR_INVALID, member,
                         "%s is longer than %" G_GSIZE_FORMAT " characters", member, max_len);
      return FALSE;
    }
  return TRUE;
}

gboolean
ioc_action_required_text (JsonObject   *body,
                          const char   *member,
                          gsize         max_len,
                          const char  **out,
                          GError      **error)
{
  if (!ioc_action_optional_text (body, member, max_len, out, error))
    return FALSE;
  if (*out == NULL || **out == '\0')
    {
      ioc_api_set_error (error, IOC_API_ERROR_BAD_REQUEST, member, "%s is required", member);
      return FALSE;
    }
  return TRUE;
}
