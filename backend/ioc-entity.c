/* ioc-entity.c — the collections of the domain model (see DESIGN.md)
 *
 * Keep in sync with the migrations in ioc-store-sqlite.c: a column listed
 * here must exist in the table at the latest schema version (a unit test
 * checks it).
 */
#include "ioc-entity.h"

#include <string.h>

#define F  IOC_COL_FILTER
#define S  IOC_COL_SORT
#define P  IOC_COL_PRIVATE
#define H  IOC_COL_HIDDEN
#define R  IOC_COL_RANGE
#define Q  IOC_COL_SEARCH
#define D  IOC_COL_DETAIL
#define G  IOC_COL_ROUND5

static const IocColumn unit_columns[] = {
  { "id", IOC_COL_TEXT, F | S },
  { "code", IOC_COL_TEXT, F | S },
  { "name", IOC_COL_TEXT, S | Q },
  { "full_name", IOC_COL_TEXT, S | Q },
  { "kind", IOC_COL_TEXT, F | S },
  { "parent_id", IOC_COL_TEXT, F },
  { "valid_from", IOC_COL_TEXT, S },
  { "valid_to", IOC_COL_TEXT, S },
  { "successor_id", IOC_COL_TEXT, F },
  { "lat", IOC_COL_REAL, G },
  { "lon", IOC_COL_REAL, G },
  { "formed_from", IOC_COL_TEXT, D },
  { "boundary", IOC_COL_JSON, D },
  { NULL }
};
const IocEntity ioc_entity_units = { "units", "units", "id", FALSE, "name", unit_columns };

static const IocColumn unit_name_columns[] = {
  { "norm", IOC_COL_TEXT, F | S },
  { "name", IOC_COL_TEXT, S | Q },
  { "unit_id", IOC_COL_TEXT, F | S },
  { "seen_in", IOC_COL_TEXT, 0 },
  { NULL }
};
const IocEntity ioc_entity_unit_names = { "unit-names", "unit_names", "norm", FALSE, "norm", unit_name_columns };

static const IocColumn camera_columns[] = {
  { "id", IOC_COL_TEXT, F | S },
  { "name", IOC_COL_TEXT, S | Q },
  { "lat", IOC_COL_REAL, G },
  { "lon", IOC_COL_REAL, G },
  { "heading", IOC_COL_REAL, 0 },
  { "owner_unit_id", IOC_COL_TEXT, F },
  { "kind", IOC_COL_TEXT, F | S },
  { "rtsp_main", IOC_COL_TEXT, 0 },
  { "rtsp_sub", IOC_COL_TEXT, 0 },
  { "rtsp_auth", IOC_COL_BOOL, F },
  { "rtsp_userinfo", IOC_COL_TEXT, H },   /* the camera account: ioc-camera-uri.h */
  { "ai_features", IOC_COL_JSON, 0 },
  { "status", IOC_COL_TEXT, F | S },
  { "status_changed_at", IOC_COL_TIME, S },
  { "updated_at", IOC_COL_TIME, S | R },
  { NULL }
};
const IocEntity ioc_entity_cameras = { "cameras", "cameras", "id", FALSE, "id", camera_columns };

static const IocColumn camera_event_columns[] = {
  { "id", IOC_COL_INT, F | S },
  { "camera_id", IOC_COL_TEXT, F | S },
  { "kind", IOC_COL_TEXT, F | S },
  { "label", IOC_COL_TEXT, Q },
  { "time", IOC_COL_TIME, S | R },
  { "end_time", IOC_COL_TIME, 0 },
  { "snapshot_url", IOC_COL_TEXT, 0 },
  { "plate", IOC_COL_TEXT, F | Q },
  { "confidence", IOC_COL_REAL, S },
  { "zones", IOC_COL_JSON, 0 },
  { "source", IOC_COL_TEXT, F },
  { "external_id", IOC_COL_TEXT, F },
  { "police_state", IOC_COL_TEXT, F | S },
  { "police_updated_at", IOC_COL_TIME, 0 },
  { NULL }
};
const IocEntity ioc_entity_camera_events = { "camera-events", "camera_events", "id", TRUE, "-time", camera_event_columns };

static const IocColumn report_columns[] = {
  { "id", IOC_COL_INT, F | S },
  { "source", IOC_COL_TEXT, F | S },
  { "category", IOC_COL_TEXT, F | S },
  { "description", IOC_COL_TEXT, Q },
  { "media_urls", IOC_COL_JSON, 0 },
  { "lat", IOC_COL_REAL, G },
  { "lon", IOC_COL_REAL, G },
  { "address", IOC_COL_TEXT, Q },
  { "reporter_name", IOC_COL_TEXT, P },
  { "reporter_phone", IOC_COL_TEXT, P },
  { "reporter_email", IOC_COL_TEXT, P },
  { "received_at", IOC_COL_TIME, S | R },
  { "status", IOC_COL_TEXT, F | S },
  { "unit_id", IOC_COL_TEXT, F | S },
  { "deadline", IOC_COL_TIME, S },
  { "resolution", IOC_COL_TEXT, 0 },
  { "satisfaction", IOC_COL_TEXT, F },
  { "escalated", IOC_COL_BOOL, F },
  { "updated_at", IOC_COL_TIME, S },
  { NULL }
};
const IocEntity ioc_entity_reports = { "reports", "reports", "id", TRUE, "-received_at", report_columns };

static const IocColumn report_history_columns[] = {
  { "id", IOC_COL_INT, S },
  { "report_id", IOC_COL_INT, F },
  { "time", IOC_COL_TIME, S | R },
  { "actor", IOC_COL_TEXT, F },
  { "action", IOC_COL_TEXT, F },
  { "from_status", IOC_COL_TEXT, 0 },
  { "to_status", IOC_COL_TEXT, 0 },
  { "unit_id", IOC_COL_TEXT, 0 },
  { "deadline", IOC_COL_TIME, 0 },
  { "note", IOC_COL_TEXT, 0 },
  { NULL }
};
const IocEntity ioc_entity_report_history = { "report-history", "report_history", "id", TRUE, "id", report_history_columns };

static const IocColumn dossier_columns[] = {
  { "id", IOC_COL_TEXT, F | S },
  { "agency_id", IOC_COL_TEXT, F | S },
  { "procedure", IOC_COL_TEXT, Q },
  { "field", IOC_COL_TEXT, F },
  { "channel", IOC_COL_TEXT, F },
  { "received_at", IOC_COL_TIME, S | R },
  { "due_at", IOC_COL_TIME, S },
  { "accepted_at", IOC_COL_TIME, S },
  { "resolved_at", IOC_COL_TIME, S },
  { "accept_deadline", IOC_COL_TIME, S },
  { "updated_at", IOC_COL_TIME, S },
  { NULL }
};
const IocEntity ioc_entity_dossiers = { "dossiers", "dossiers", "id", FALSE, "-received_at", dossier_columns };

static const IocColumn dossier_stat_columns[] = {
  { "id", IOC_COL_INT, 0 },
  { "unit_id", IOC_COL_TEXT, F | S },
  { "date", IOC_COL_TEXT, F | S | R },
  { "metric", IOC_COL_TEXT, F | S },
  { "value", IOC_COL_INT, S },
  { "origin", IOC_COL_TEXT, F },
  { NULL }
};
const IocEntity ioc_entity_dossier_stats = { "dossier-stats", "dossier_stats", "id", TRUE, "date", dossier_stat_columns };

static const IocColumn period_stat_columns[] = {
  { "id", IOC_COL_INT, 0 },
  { "domain", IOC_COL_TEXT, F | S },
  { "unit_id", IOC_COL_TEXT, F | S },
  { "period_from", IOC_COL_TEXT, F | S | R },
  { "period_to", IOC_COL_TEXT, F | S },
  { "metric", IOC_COL_TEXT, F | S },
  { "value", IOC_COL_REAL, S },
  { "source", IOC_COL_TEXT, 0 },
  { NULL }
};
const IocEntity ioc_entity_period_stats = { "period-stats", "period_stats", "id", TRUE, "id", period_stat_columns };

static const IocColumn warning_ticket_columns[] = {
  { "id", IOC_COL_INT, F | S },
  { "unit_id", IOC_COL_TEXT, F | S },
  { "reason", IOC_COL_TEXT, Q },
  { "status", IOC_COL_TEXT, F | S },
  { "issued_at", IOC_COL_TIME, S | R },
  { "checked_at", IOC_COL_TIME, S },
  { "resolved_at", IOC_COL_TIME, S },
  { "note", IOC_COL_TEXT, 0 },
  { "origin", IOC_COL_TEXT, F },
  { "overdue_count", IOC_COL_INT, 0 },
  { "stats_date", IOC_COL_TEXT, 0 },
  { NULL }
};
const IocEntity ioc_entity_warning_tickets = { "warning-tickets", "warning_tickets", "id", TRUE, "-issued_at", warning_ticket_columns };

static const IocColumn alert_columns[] = {
  { "id", IOC_COL_INT, F | S },
  { "time", IOC_COL_TIME, S | R },
  { "last_seen", IOC_COL_TIME, S },
  { "source", IOC_COL_TEXT, F | S },
  { "severity", IOC_COL_TEXT, F | S },
  { "severity_rank", IOC_COL_INT, S },
  { "category", IOC_COL_TEXT, F | S },
  { "host", IOC_COL_TEXT, F | S | Q },
  { "site", IOC_COL_TEXT, F | S | Q },
  { "unit_id", IOC_COL_TEXT, F },
  { "src_ip", IOC_COL_TEXT, F },
  { "src_port", IOC_COL_INT, 0 },
  { "dst_ip", IOC_COL_TEXT, F },
  { "dst_port", IOC_COL_INT, 0 },
  { "signature", IOC_COL_TEXT, S | Q },
  { "signature_id", IOC_COL_TEXT, F },
  { "count", IOC_COL_INT, S },
  { "status", IOC_COL_TEXT, F | S },
  { "assignee", IOC_COL_TEXT, F },
  { "fold_key", IOC_COL_TEXT, H },
  { "raw", IOC_COL_JSON, D },
  { NULL }
};
const IocEntity ioc_entity_alerts = { "alerts", "alerts", "id", TRUE, "-last_seen", alert_columns };

static const IocColumn indicator_columns[] = {
  { "id", IOC_COL_INT, 0 },
  { "group_code", IOC_COL_TEXT, F | S },
  { "indicator", IOC_COL_TEXT, F | S | Q },
  { "month", IOC_COL_TEXT, F | S | R },
  { "value", IOC_COL_REAL, S },
  { "target", IOC_COL_REAL, 0 },
  { "unit", IOC_COL_TEXT, 0 },
  { "anomaly", IOC_COL_TEXT, F },
  { "anomaly_detail", IOC_COL_TEXT, 0 },
  { NULL }
};
const IocEntity ioc_entity_indicators = { "indicators", "indicators", "id", TRUE, "month", indicator_columns };

static const IocColumn user_columns[] = {
  { "id", IOC_COL_INT, F | S },
  { "name", IOC_COL_TEXT, F | S | Q },
  { "role", IOC_COL_TEXT, F | S },
  { "password_hash", IOC_COL_TEXT, H },
  { "disabled", IOC_COL_BOOL, F },
  { "created_at", IOC_COL_TIME, S },
  { NULL }
};
const IocEntity ioc_entity_users = { "users", "users", "id", TRUE, "name", user_columns };

static const IocColumn session_columns[] = {
  { "token_hash", IOC_COL_TEXT, H },
  { "user_id", IOC_COL_INT, F },
  { "created_at", IOC_COL_TIME, 0 },
  { "expires_at", IOC_COL_TIME, 0 },
  { NULL }
};
const IocEntity ioc_entity_sessions = { "sessions", "sessions", "token_hash", FALSE, "created_at", session_columns };

static const IocColumn audit_columns[] = {
  { "id", IOC_COL_INT, F | S },
  { "time", IOC_COL_TIME, S | R },
  { "user_name", IOC_COL_TEXT, F | S },
  { "role", IOC_COL_TEXT, F },
  { "action", IOC_COL_TEXT, F | S },
  { "method", IOC_COL_TEXT, 0 },
  { "path", IOC_COL_TEXT, Q },
  { "entity", IOC_COL_TEXT, F },
  { "entity_id", IOC_COL_TEXT, F },
  { "status", IOC_COL_INT, F },
  { "before", IOC_COL_JSON, D },
  { "after", IOC_COL_JSON, D },
  { NULL }
};
const IocEntity ioc_entity_audit = { "audit", "audit_log", "id", TRUE, "-id", audit_columns };

static const IocColumn source_columns[] = {
  { "name", IOC_COL_TEXT, F | S },
  { "last_update", IOC_COL_TIME, S },
  { "expected_interval", IOC_COL_INT, 0 },
  { "stale", IOC_COL_BOOL, F },
  { "detail", IOC_COL_TEXT, 0 },
  { NULL }
};
const IocEntity ioc_entity_sources = { "sources", "sources", "name", FALSE, "name", source_columns };

static const IocColumn import_job_columns[] = {
  { "id", IOC_COL_INT, F | S },
  { "kind", IOC_COL_TEXT, F | S },
  { "file_name", IOC_COL_TEXT, 0 },
  { "status", IOC_COL_TEXT, F | S },
  { "rows_total", IOC_COL_INT, 0 },
  { "rows_done", IOC_COL_INT, 0 },
  { "rows_imported", IOC_COL_INT, 0 },
  { "rows_rejected", IOC_COL_INT, 0 },
  { "error", IOC_COL_TEXT, 0 },
  { "user_name", IOC_COL_TEXT, F },
  { "created_at", IOC_COL_TIME, S | R },
  { "finished_at", IOC_COL_TIME, S },
  { "origin", IOC_COL_TEXT, F },
  { "period", IOC_COL_TEXT, 0 },
  { "rows_unchanged", IOC_COL_INT, 0 },
  { "error_line", IOC_COL_INT, 0 },
  { "started_at", IOC_COL_TIME, S },
  { NULL }
};
const IocEntity ioc_entity_import_jobs = { "import-jobs", "import_jobs", "id", TRUE, "-id", import_job_columns };

static const IocColumn weekly_report_columns[] = {
  { "id", IOC_COL_INT, F | S },
  { "week_start", IOC_COL_TEXT, F | S | R },
  { "status", IOC_COL_TEXT, F | S },
  { "difficulties", IOC_COL_TEXT, 0 },
  { "proposals", IOC_COL_TEXT, 0 },
  { "file_name", IOC_COL_TEXT, 0 },
  { "generated_at", IOC_COL_TIME, S },
  { "generated_by", IOC_COL_TEXT, F },
  { "figures", IOC_COL_JSON, D },
  { NULL }
};
const IocEntity ioc_entity_weekly_reports = { "weekly-reports", "weekly_reports", "id", TRUE, "-week_start", weekly_report_columns };

/* Internal state of rollups (ioc-dossier.h): not a collection of the API. */
static const IocColumn rollup_columns[] = {
  { "name", IOC_COL_TEXT, F },
  { "value", IOC_COL_TEXT, 0 },
  { NULL }
};
const IocEntity ioc_entity_rollups = { "rollups", "rollups", "name", FALSE, "name", rollup_columns };

static const IocEntity *all_entities[] = {
  &ioc_entity_units, &ioc_entity_unit_names, &ioc_entity_cameras,
  &ioc_entity_camera_events, &ioc_entity_reports, &ioc_entity_report_history,
  &ioc_entity_dossiers, &ioc_entity_dossier_stats, &ioc_entity_period_stats,
  &ioc_entity_warning_tickets, &ioc_entity_alerts, &ioc_entity_indicators,
  &ioc_entity_users, &ioc_entity_sessions, &ioc_entity_audit,
  &ioc_entity_sources, &ioc_entity_import_jobs, &ioc_entity_weekly_reports,
  NULL
};

const IocEntity *
ioc_entity_lookup (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; all_entities[i] != NULL; i++)
    if (strcmp (all_entities[i]->name, name) == 0)
      return all_entities[i];
  return NULL;
}

const IocColumn *
ioc_entity_column (const IocEntity *entity,
                   const char      *name)
{
  g_return_val_if_fail (entity != NULL, NULL);

  if (name == NULL)
    return NULL;
  for (const IocColumn *c = entity->columns; c->name != NULL; c++)
    if (strcmp (c->name, name) == 0)
      return c;
  return NULL;
}

const IocColumn *
ioc_entity_range_column (const IocEntity *entity)
{
  for (const IocColumn *c = entity->columns; c->name != NULL; c++)
    if (c->flags & IOC_COL_RANGE)
      return c;
  return NULL;
}
