/* ioc-briefing.h — the weekly figures for the leadership
 *
 * One week runs Monday 00:00 to the next Monday 00:00, province time
 * (UTC+7). Everything is read from the store's history, so any past week
 * can be computed again. The figures are one JsonObject, stored as
 * weekly_reports.figures and served by GET /api/v1/briefing?week=:
 *
 *   week_start, week_end (the Sunday), previous_week_start, computed_at,
 *   trend_weeks    the Mondays of the 8 weeks every weekly "trend" covers
 *   A figure with a change is {value, previous, change, trend}: trend is
 *   the value of each of those 8 weeks, oldest first (for the dossier
 *   counts: the totals of the last 8 report dates, with trend_dates).
 *   field_reports  received, processed, overdue, dissatisfied; open_now;
 *                  by_unit [{unit_id, name, received, processed, overdue,
 *                  dissatisfied}]; trend [{week_start, received}]
 *   dossiers       date (the latest dossier_stats date ≤ week end) and
 *                  previous_date (≤ the previous week's end); overdue and
 *                  online_8h (null without data); handled (dossiers
 *                  resolved in the week, null when no dossier records
 *                  exist); warning_tickets {issued, checked}; by_agency
 *                  [{unit_id, name, overdue, previous, online_8h}];
 *                  ranking and ranking_online_8h (the rule of
 *                  ioc-ranking.h over the dates of the year up to `date`);
 *                  trend [{date, overdue}]
 *   cameras        total, online, offline, unknown (status now);
 *                  ai_events; ai_by_kind [{name, count, previous}]
 *   soc            alerts, severe (critical + high); by_category,
 *                  by_severity [{name, count, previous}]; top_sites
 *                  [{name, count}] (5); trend [{week_start, alerts}]
 *   indicators     month (the latest ≤ week end), checked, below_target,
 *                  anomalies, anomalies_from (12 months before month);
 *                  groups: all 16 of ioc-indicators.h, [{group_code,
 *                  name_en, name_vi, indicators, checked, below_target,
 *                  anomalies (flagged months since anomalies_from),
 *                  anomalies_latest, headline}] where headline is the
 *                  group's indicator with most months in the 24 up to
 *                  month, {indicator, unit, month, value, target,
 *                  previous, previous_month, series [{month, value,
 *                  target, anomaly}]}, or null; anomaly_list (newest
 *                  first, at most 30) [{group_code, indicator, month,
 *                  anomaly, anomaly_detail, unit, value, target}]
 *   sources        the sources' freshness rows {name, last_update, stale}
 *
 * Definitions: a field report is "received" in the week by received_at;
 * "processed" when its status is processed and it was last updated in the
 * week; "overdue" when its status is overdue and its deadline fell in the
 * week; "dissatisfied" when received in the week and rated dissatisfied.
 * An indicator is below target when value < target for that month.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ioc-store.h"

G_BEGIN_DECLS

/* dossier_stats metrics */
#define IOC_BRIEFING_METRIC_OVERDUE   "overdue"
#define IOC_BRIEFING_METRIC_ONLINE_8H "online_over_8h"

/* Checks "yyyy-mm-dd" and returns the Monday of its week (a new string),
 * or NULL. */
char       *ioc_briefing_week_of      (const char  *date);
/* The Monday of the current week, province time. */
char       *ioc_briefing_current_week (void);
/* Unix seconds of Monday 00:00 province time. */
gint64      ioc_briefing_week_time    (const char  *week_start);

JsonObject *ioc_briefing_compute      (IocStore    *store,
                                       const char  *week_start,
                                       GError     **error);

/* The same on a connection of its own to the SQLite database @database,
 * for worker threads: in WAL mode it reads what was committed and never
 * holds up the daemon's connection. */
JsonObject *ioc_briefing_compute_file (const char  *database,
                                       const char  *week_start,
                                       GError     **error);
/* ioc_briefing_compute_file() in a worker thread. */
void        ioc_briefing_compute_async  (const char          *database,
                                         const char          *week_start,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
JsonObject *ioc_briefing_compute_finish (GAsyncResult        *result,
                                         GError             **error);

/* A unit's display name (its id when unknown). */
char       *ioc_briefing_unit_name    (IocStore    *store,
                                       const char  *unit_id);

G_END_DECLS
