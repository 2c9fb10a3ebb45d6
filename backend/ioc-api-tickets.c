/* ioc-api-tickets.c — warning tickets (phiếu cảnh báo) to agencies with
 * overdue dossiers: issued → checked → resolved. Supervisors only. */
#define G_LOG_DOMAIN "iocd"

#include "ioc-api-actions.h"
#include "ioc-reports.h"
#include "ioc-server-private.h"

static gboolean
handle_issue (IocRequest  *req,
              GError     **error)
{
  JsonObject *body = ioc_request_body_object (req, error);
  g_autoptr(JsonObject) row = json_object_new ();
  g_autoptr(JsonObject) stored = NULL;
  g_autofree char *id = NULL;
  const char *unit_id = NULL, *reason = NULL, *note = NULL;

  if (body == NULL)
    return FALSE;
  if (!ioc_action_required_text (body, "unit_id", 64, &unit_id, error) ||
      !ioc_action_required_text (body, "reason", 2000, &reason, error) ||
      !ioc_action_optional_text (body, "note", 2000, &note, error))
    return FALSE;
  if (!ioc_unit_check_current (req->store, unit_id, "unit_id", error))
    return FALSE;
  json_object_set_string_member (row, "unit_id", unit_id);
  json_object_set_string_member (row, "reason", reason);
  if (note != NULL)
    json_object_set_string_member (row, "note", note);
  json_object_set_string_member (row, "status", "issued");
  json_object_set_int_member (row, "issued_at", g_get_real_time () / G_USEC_PER_SEC);
  if (!ioc_store_insert (req->store, &ioc_entity_warning_tickets, row, &id, error) ||
      (stored = ioc_store_get (req->store, &ioc_entity_warning_tickets, id, FALSE, error)) == NULL)
    {
      ioc_api_error_from_store (error);
      return FALSE;
    }
  if (!ioc_request_audit (req, "warning-tickets", id, NULL, stored, error) ||
      !ioc_api_emit (req, "warning-ticket.created", stored, error))
    return FALSE;
  ioc_request_set_object (req, 201, g_steal_pointer (&stored));
  return TRUE;
}

static gboolean
transition (IocRequest         *req,
            const char         *action,
            const char *const  *from,
            const char         *to,
            const char         *time_column,
            GError            **error)
{
  g_autoptr(JsonObject) before = ioc_action_load (req, &ioc_entity_warning_tickets, error);
  g_autoptr(JsonObject) changes = json_object_new ();
  JsonObject *body = req->body != NULL && JSON_NODE_HOLDS_OBJECT (req->body) ?
                     json_node_get_object (req->body) : NULL;
  const char *note = NULL;

  if (before == NULL)
    return FALSE;
  if (!ioc_action_require_state (before, "status", from, action, error) ||
      !ioc_action_optional_text (body, "note", 2000, &note, error))
    return FALSE;
  json_object_set_string_member (changes, "status", to);
  json_object_set_int_member (changes, time_column, g_get_real_time () / G_USEC_PER_SEC);
  if (note != NULL)
    json_object_set_string_member (changes, "note", note);
  return ioc_action_apply (req, &ioc_entity_warning_tickets, before, changes,
                           "warning-ticket.updated", error);
}

static gboolean
handle_check (IocRequest *req, GError **error)
{
  static const char *const from[] = { "issued", NULL };
  return transition (req, "check", from, "checked", "checked_at", error);
}

static gboolean
handle_resolve (IocRequest *req, GError **error)
{
  static const char *const from[] = { "issued", "checked", NULL };
  return transition (req, "resolve", from, "resolved", "resolved_at", error);
}

static const IocRoute routes[] = {
  { "POST", "/api/v1/warning-tickets", IOC_ROLE_SUPERVISOR, IOC_ROUTE_MUTATES, handle_issue, "warning-ticket.issue" },
  { "POST", "/api/v1/warning-tickets/{id}/check", IOC_ROLE_SUPERVISOR, IOC_ROUTE_MUTATES, handle_check, "warning-ticket.check" },
  { "POST", "/api/v1/warning-tickets/{id}/resolve", IOC_ROLE_SUPERVISOR, IOC_ROUTE_MUTATES, handle_resolve, "warning-ticket.resolve" },
};

void
ioc_api_tickets_register (IocServer *self)
{
  ioc_server_add_routes (self, routes, G_N_ELEMENTS (routes));
}
