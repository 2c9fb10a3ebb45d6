/* ioc-api-reports.c — the life of a field report
 *
 *   received ──assign──► assigned ──resolve──► processed ──satisfaction
 *       │                  │  ▲ escalate            │
 *       ├──forward──► forwarded (to another unit, which assigns or resolves)
 *       └──reject───► not_eligible                  │
 *   assigned/forwarded past the deadline ──(clock)──► overdue
 *   processed, citizen dissatisfied ──assign/forward/escalate──► handled again
 *
 * Escalation goes up, beyond the commune's authority: to a department, the
 * province or the police, never to another ward or commune (that is a
 * forward). Forwarding or escalating to the unit that already has the
 * report is refused. Reopening clears the satisfaction (the history keeps
 * it) so that the citizen is asked again once it is processed again.
 *
 * Only supervisors dispatch; duty staff take hotline calls (create) and
 * record the citizen's satisfaction; leaders read.
 */
#define G_LOG_DOMAIN "iocd"

#include "ioc-api-actions.h"
#include "ioc-json.h"
#include "ioc-reports.h"
#include "ioc-server-private.h"

#define DISPATCH IOC_ROLE_SUPERVISOR
#define DESK (IOC_ROLE_DUTY | IOC_ROLE_SUPERVISOR)

static gboolean
handle_create (IocRequest  *req,
               GError     **error)
{
  JsonObject *body = ioc_request_body_object (req, error);
  g_autoptr(JsonObject) row = NULL;

  if (body == NULL)
    return FALSE;
  row = ioc_report_create (req->store, body, req->user_name, error);
  if (row == NULL)
    return FALSE;
  if (!ioc_request_audit (req, "reports", NULL, NULL, row, error))
    return FALSE;
  ioc_request_set_object (req, 201, g_steal_pointer (&row));
  return TRUE;
}

/* Shared by assign, forward and escalate: a unit and a deadline. */
static gboolean
dispatch (IocRequest  *req,
          const char  *action,
          const char  *to_status,
          GError     **error)
{
  static const char *const from_assign[] = { "received", "forwarded", "overdue", "assigned", "processed", NULL };
  static const char *const from_forward[] = { "received", "assigned", "forwarded", "overdue", "processed", NULL };
  static const char *const from_escalate[] = { "assigned", "forwarded", "overdue", "processed", NULL };
  JsonObject *body = ioc_request_body_object (req, error);
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) changes = json_object_new ();
  const char *unit_id = NULL, *note = NULL, *deadline_text = NULL;
  const IocReportCategory *cat;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC, deadline;
  gboolean reopening;
  const char *const *allowed = g_str_equal (action, "assign") ? from_assign :
                               g_str_equal (action, "forward") ? from_forward : from_escalate;

  if (body == NULL || (before = ioc_action_load (req, &ioc_entity_reports, error)) == NULL)
    return FALSE;
  if (!ioc_action_require_state (before, "status", allowed, action, error))
    return FALSE;
  reopening = g_str_equal (json_object_get_string_member (before, "status"), "processed");
  if (reopening &&
      g_strcmp0 (json_object_get_string_member_with_default (before, "satisfaction", NULL), "dissatisfied") != 0)
    {
      ioc_api_set_error (error, IOC_API_ERROR_CONFLICT, "status",
                         "cannot %s: it is processed (only a report the citizen is dissatisfied with is handled again)",
                         action);
      return FALSE;
    }
  if (!ioc_action_required_text (body, "unit_id", 64, &unit_id, error) ||
      !ioc_action_optional_text (body, "note", 2000, &note, error) ||
      !ioc_action_optional_text (body, "deadline", 64, &deadline_text, error))
    return FALSE;
  if (!ioc_unit_check_current (req->store, unit_id, "unit_id", error))
    return FALSE;
  if (!g_str_equal (action, "assign") &&
      g_strcmp0 (json_object_get_string_member_with_default (before, "unit_id", NULL), unit_id) == 0)
    {
      ioc_api_set_error (error, IOC_API_ERROR_INVALID, "unit_id",
                         "the report is already with %s: %s it to another unit", unit_id, action);
      return FALSE;
    }
  if (g_str_equal (action, "escalate"))
    {
      g_autoptr(JsonObject) unit = ioc_store_get (req->store, &ioc_entity_units, unit_id, FALSE, NULL);
      const char *kind = unit != NULL ? json_object_get_string_member_with_default (unit, "kind", "") : "";
      if (g_str_equal (kind, "ward") || g_str_equal (kind, "commune"))
        {
          ioc_api_set_error (error, IOC_API_ERROR_INVALID, "unit_id",
                             "escalation goes to a department, the province or the police, not to a %s "
                             "(forward it to pass it to another %s)", kind, kind);
          return FALSE;
        }
    }

  cat = ioc_report_category (json_object_get_string_member (before, "category"));
  deadline = now + (gint64) (cat != NULL ? cat->deadline_hours : 72) * 3600;
  if (deadline_text != NULL)
    {
      if (!ioc_time_parse (deadline_text, ioc_time_zone_local (), &deadline))
        {
          ioc_api_set_error (error, IOC_API_ERROR_INVALID, "deadline", "deadline must be an ISO 8601 time");
          return FALSE;
        }
      if (deadline <= now)
        {
          ioc_api_set_error (error, IOC_API_ERROR_INVALID, "deadline", "deadline must be in the future");
          return FALSE;
        }
    }

  json_object_set_string_member (changes, "status", to_status);
  json_object_set_string_member (changes, "unit_id", unit_id);
  json_object_set_int_member (changes, "deadline", deadline);
  json_object_set_int_member (changes, "updated_at", now);
  if (g_str_equal (action, "escalate"))
    json_object_set_boolean_member (changes, "escalated", TRUE);
  if (reopening)
    json_object_set_null_member (changes, "satisfaction");

  if (!ioc_report_add_history (req->store, json_object_get_int_member (before, "id"), req->user_name,
                               action, json_object_get_string_member (before, "status"), to_status,
                               unit_id, deadline,
                               note != NULL ? note : reopening ? "reopened: the citizen was dissatisfied" : NULL,
                               error))
    {
      ioc_api_error_from_store (error);
      return FALSE;
    }
  return ioc_action_apply (req, &ioc_entity_reports, before, changes, "report.updated", error);
}

static gboolean
handle_assign (IocRequest *req, GError **error)
{
  return dispatch (req, "assign", "assigned", error);
}

static gboolean
handle_forward (IocRequest *req, GError **error)
{
  return dispatch (req, "forward", "forwarded", error);
}

static gboolean
handle_escalate (IocRequest *req, GError **error)
{
  return dispatch (req, "escalate", "assigned", error);
}

static gboolean
close_report (IocRequest  *req,
              const char  *action,
              const char  *to_status,
              const char  *text_member,
              GError     **error)
{
  static const char *const open_states[] = { "received", "assigned", "forwarded", "overdue", NULL };
  JsonObject *body = ioc_request_body_object (req, error);
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) changes = json_object_new ();
  const char *text = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (body == NULL || (before = ioc_action_load (req, &ioc_entity_reports, error)) == NULL)
    return FALSE;
  if (!ioc_action_require_state (before, "status", open_states, action, error))
    return FALSE;
  if (!ioc_action_required_text (body, text_member, 4000, &text, error))
    return FALSE;
  json_object_set_string_member (changes, "status", to_status);
  json_object_set_string_member (changes, "resolution", text);
  json_object_set_int_member (changes, "updated_at", now);
  if (!ioc_report_add_history (req->store, json_object_get_int_member (before, "id"), req->user_name,
                               action, json_object_get_string_member (before, "status"), to_status,
                               NULL, 0, text, error))
    {
      ioc_api_error_from_store (error);
      return FALSE;
    }
  return ioc_action_apply (req, &ioc_entity_reports, before, changes, "report.updated", error);
}

static gboolean
handle_resolve (IocRequest *req, GError **error)
{
  return close_report (req, "resolve", "processed", "resolution", error);
}

static gboolean
handle_reject (IocRequest *req, GError **error)
{
  return close_report (req, "reject", "not_eligible", "reason", error);
}

static gboolean
handle_satisfaction (IocRequest  *req,
                     GError     **error)
{
  static const char *const processed[] = { "processed", NULL };
  static const char *const values[] = { "satisfied", "dissatisfied", NULL };
  JsonObject *body = ioc_request_body_object (req, error);
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) changes = json_object_new ();
  const char *value = NULL, *note = NULL;

  if (body == NULL || (before = ioc_action_load (req, &ioc_entity_reports, error)) == NULL)
    return FALSE;
  if (!ioc_action_required_text (body, "satisfaction", 32, &value, error) ||
      !ioc_action_optional_text (body, "note", 2000, &note, error))
    return FALSE;
  if (!g_strv_contains (values, value))
    {
      ioc_api_set_error (error, IOC_API_ERROR_INVALID, "satisfaction",
                         "satisfaction must be satisfied or dissatisfied");
      return FALSE;
    }
  if (!ioc_action_require_state (before, "status", processed, "record satisfaction", error))
    return FALSE;
  json_object_set_string_member (changes, "satisfaction", value);
  json_object_set_int_member (changes, "updated_at", g_get_real_time () / G_USEC_PER_SEC);
  if (!ioc_report_add_history (req->store, json_object_get_int_member (before, "id"), req->user_name,
                               "satisfaction", "processed", "processed", NULL, 0,
                               note != NULL ? note : value, error))
    {
      ioc_api_error_from_store (error);
      return FALSE;
    }
  return ioc_action_apply (req, &ioc_entity_reports, before, changes, "report.updated", error);
}

static gboolean
handle_history (IocRequest  *req,
                GError     **error)
{
  g_autoptr(JsonObject) report = ioc_action_load (req, &ioc_entity_reports, error);
  g_autoptr(IocQuery) q = NULL;

  if (report == NULL)
    return FALSE;
  q = ioc_query_new ();
  q->limit = 1000;
  ioc_query_add_filter (q, "report_id", IOC_FILTER_EQ, ioc_request_param (req, "id"));
  return ioc_api_respond_list (req, &ioc_entity_report_history, q, error);
}

/* GET /api/v1/reports/overdue — the queue a supervisor works through, oldest first. */
static gboolean
handle_overdue (IocRequest  *req,
                GError     **error)
{
  g_autoptr(IocQuery) q = ioc_request_build_query (req, &ioc_entity_reports, NULL, error);

  if (q == NULL)
    return FALSE;
  ioc_query_add_filter (q, "status", IOC_FILTER_EQ, "overdue");
  if (q->sort_column == NULL)
    {
      q->sort_column = g_strdup ("deadline");
      q->sort_desc = FALSE;
    }
  return ioc_api_respond_list (req, &ioc_entity_reports, q, error);
}

static gboolean
handle_categories (IocRequest  *req,
                   GError     **error)
{
  guint n;
  const IocReportCategory *cats = ioc_report_categories (&n);
  g_autoptr(JsonObject) out = json_object_new ();
  JsonArray *items = json_array_new ();

  for (guint i = 0; i < n; i++)
    {
      JsonObject *c = json_object_new ();
      json_object_set_string_member (c, "code", cats[i].code);
      json_object_set_string_member (c, "name_en", cats[i].name_en);
      json_object_set_string_member (c, "name_vi", cats[i].name_vi);
      json_object_set_string_member (c, "group", cats[i].group);
      json_object_set_int_member (c, "deadline_hours", cats[i].deadline_hours);
      json_array_add_object_element (items, c);
    }
  json_object_set_array_member (out, "items", items);
  json_object_set_int_member (out, "total", n);
  ioc_request_set_object (req, 200, g_steal_pointer (&out));
  return TRUE;
}

static const IocRoute routes[] = {
  { "GET",  "/api/v1/reports/overdue", IOC_ROLES_ALL, 0, handle_overdue, NULL },
  { "GET",  "/api/v1/reports/categories", IOC_ROLES_ALL, 0, handle_categories, NULL },
  { "POST", "/api/v1/reports", DESK, IOC_ROUTE_MUTATES, handle_create, "report.create" },
  { "POST", "/api/v1/reports/{id}/assign", DISPATCH, IOC_ROUTE_MUTATES, handle_assign, "report.assign" },
  { "POST", "/api/v1/reports/{id}/forward", DISPATCH, IOC_ROUTE_MUTATES, handle_forward, "report.forward" },
  { "POST", "/api/v1/reports/{id}/escalate", DISPATCH, IOC_ROUTE_MUTATES, handle_escalate, "report.escalate" },
  { "POST", "/api/v1/reports/{id}/resolve", DISPATCH, IOC_ROUTE_MUTATES, handle_resolve, "report.resolve" },
  { "POST", "/api/v1/reports/{id}/reject", DISPATCH, IOC_ROUTE_MUTATES, handle_reject, "report.reject" },
  { "POST", "/api/v1/reports/{id}/satisfaction", DESK, IOC_ROUTE_MUTATES, handle_satisfaction, "report.satisfaction" },
  { "GET",  "/api/v1/reports/{id}/history", IOC_ROLES_ALL, 0, handle_history, NULL },
};

void
ioc_api_reports_register (IocServer *self)
{
  ioc_server_add_routes (self, routes, G_N_ELEMENTS (routes));
}
