/* ioc-api-alerts.c — SOC alert handling by duty staff and supervisors
 *
 *   new ──acknowledge──► acknowledged ──assign──► assigned ──resolve──► resolved
 *    └────────────── any open state ──false-positive──► false_positive
 */
#define G_LOG_DOMAIN "iocd"

#include "ioc-api-actions.h"
#include "ioc-server-private.h"

#define DESK (IOC_ROLE_DUTY | IOC_ROLE_SUPERVISOR)

static const char *const open_states[] = { "new", "acknowledged", "assigned", NULL };

static gboolean
transition (IocRequest  *req,
            const char  *action,
            const char  *const *from,
            const char  *to,
            gboolean     needs_assignee,
            GError     **error)
{
  g_autoptr(JsonObject) before = ioc_action_load (req, &ioc_entity_alerts, error);
  g_autoptr(JsonObject) changes = json_object_new ();
  JsonObject *body = req->body != NULL && JSON_NODE_HOLDS_OBJECT (req->body) ?
                     json_node_get_object (req->body) : NULL;
  const char *assignee = NULL;

  if (before == NULL)
    return FALSE;
  if (req->body != NULL && body == NULL)
    {
      ioc_api_set_error (error, IOC_API_ERROR_BAD_REQUEST, NULL, "the body must be a JSON object");
      return FALSE;
    }
  if (!ioc_action_require_state (before, "status", from, action, error))
    return FALSE;
  if (needs_assignee)
    {
      if (!ioc_action_required_text (body, "assignee", 100, &assignee, error))
        return FALSE;
      json_object_set_string_member (changes, "assignee", assignee);
    }
  else if (json_object_get_null_member (before, "assignee") && req->user_name != NULL)
    json_object_set_string_member (changes, "assignee", req->user_name);
  json_object_set_string_member (changes, "status", to);
  return ioc_action_apply (req, &ioc_entity_alerts, before, changes, "alert.updated", error);
}

static gboolean
handle_acknowledge (IocRequest *req, GError **error)
{
  static const char *const from[] = { "new", NULL };
  return transition (req, "acknowledge", from, "acknowledged", FALSE, error);
}

static gboolean
handle_assign (IocRequest *req, GError **error)
{
  return transition (req, "assign", open_states, "assigned", TRUE, error);
}

static gboolean
handle_resolve (IocRequest *req, GError **error)
{
  return transition (req, "resolve", open_states, "resolved", FALSE, error);
}

static gboolean
handle_false_positive (IocRequest *req, GError **error)
{
  return transition (req, "mark as false positive", open_states, "false_positive", FALSE, error);
}

static const IocRoute routes[] = {
  { "POST", "/api/v1/alerts/{id}/acknowledge", DESK, IOC_ROUTE_MUTATES, handle_acknowledge, "alert.acknowledge" },
  { "POST", "/api/v1/alerts/{id}/assign", DESK, IOC_ROUTE_MUTATES, handle_assign, "alert.assign" },
  { "POST", "/api/v1/alerts/{id}/resolve", DESK, IOC_ROUTE_MUTATES, handle_resolve, "alert.resolve" },
  { "POST", "/api/v1/alerts/{id}/false-positive", DESK, IOC_ROUTE_MUTATES, handle_false_positive, "alert.false_positive" },
};

void
ioc_api_alerts_register (IocServer *self)
{
  ioc_server_add_routes (self, routes, G_N_ELEMENTS (routes));
}
