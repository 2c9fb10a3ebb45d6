/* ioc-dossier.h — public-service dossiers (hồ sơ TTHC): records, daily
 * counts computed from them, the heatmap, warning tickets
 *
 * Records (import kind dossier-records): id, agency, procedure, field,
 * channel (direct | postal | online_partial | online_full), received_at,
 * due_at, accepted_at, resolved_at. Times are "yyyy-mm-dd hh:mm[:ss]" or
 * "dd/mm/yyyy hh:mm[:ss]" in province time, or ISO 8601 with a zone. A
 * later row with the same id replaces the stored dossier.
 *
 * From the records, per agency and per day (province time), three counts
 * go to dossier_stats with origin 'computed':
 *
 *   overdue         dossiers pending at the end of the day past their due
 *                   time: received, due_at before the end of the day, and
 *                   not resolved by then (a snapshot, like the reports')
 *   online_over_8h  online dossiers (online_partial, online_full) not
 *                   accepted (accepted_at, or resolved_at when it is
 *                   earlier) at the end of the day although 8 working
 *                   hours have passed since they arrived (a snapshot)
 *   resolved_late   dossiers resolved that day after their due time (a flow)
 *
 * Working hours are Monday to Friday, 07:30–11:30 and 13:30–17:00 province
 * time, without holidays, unless the [dossiers] group of the config says
 * otherwise (working-hours, working-days, holidays, online-accept-hours).
 * An online dossier's acceptance deadline is computed when it is imported
 * and kept in the row (accept_deadline).
 *
 * The counts are maintained incrementally: a new, changed or unchanged
 * record adds its own contribution (+1 on the days it counts, −1 on the
 * days its previous version counted) in the transaction that writes it,
 * so no query ever groups the dossiers. Pending dossiers count up to the
 * "horizon" (today when last advanced); every day, and before each import,
 * the horizon moves to today and the still-pending dossiers (a partial
 * index) extend their counts. Each agency has a value (0 when nothing
 * counts) for every day from its first dossier to the horizon.
 *
 * Imported and computed counts share one cell per (agency, date, metric):
 * a printed count (dossier-daily) replaces a computed one and is never
 * changed by records afterwards — the province's figure is the reference.
 */
#pragma once

#include "ioc-config.h"
#include "ioc-store.h"

G_BEGIN_DECLS

#define IOC_DOSSIER_METRIC_OVERDUE        "overdue"
#define IOC_DOSSIER_METRIC_ONLINE_OVER_8H "online_over_8h"
#define IOC_DOSSIER_METRIC_RESOLVED_LATE  "resolved_late"

/* ---- working hours ---------------------------------------------------- */

typedef struct _IocWorkingHours IocWorkingHours;

/* Mon–Fri 07:30–11:30, 13:30–17:00, 8 hours to accept online dossiers. */
IocWorkingHours *ioc_working_hours_new_default (void);
/* From [dossiers] working-hours=07:30-11:30,13:30-17:00,
 * working-days=mon,tue,wed,thu,fri, holidays=2026-01-01,…,
 * online-accept-hours=8; an error names the key. */
IocWorkingHours *ioc_working_hours_new_from_config (IocConfig   *config,
                                                    GError     **error);
void             ioc_working_hours_free        (IocWorkingHours *hours);
/* The time @seconds of working time after @start (Unix seconds). */
gint64           ioc_working_hours_add         (const IocWorkingHours *hours,
                                                gint64                 start,
                                                gint64                 seconds);
/* The acceptance deadline of an online dossier received at @received. */
gint64           ioc_working_hours_accept_deadline (const IocWorkingHours *hours,
                                                    gint64                 received);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IocWorkingHours, ioc_working_hours_free)

/* ---- rollups ---------------------------------------------------------- */

/* The last day (yyyy-mm-dd) the computed counts cover, or NULL. */
char    *ioc_dossier_horizon        (IocStore   *store);
/* In an open transaction: moves the horizon to today (province time of
 * @now), extending the counts of pending dossiers. Returns the days added,
 * -1 on error. */
gint     ioc_dossier_advance        (IocStore   *store,
                                     gint64      now,
                                     GError    **error);

/* ---- warning tickets (phiếu cảnh báo) --------------------------------- */

/* In an open transaction: issues a ticket (origin 'rule', event
 * warning-ticket.created, audited as the system) to every agency whose
 * latest overdue count — on a date at most [dossiers] ticket-max-age-days
 * (3) old — is at least ticket-threshold (1; 0 turns the rule off),
 * unless it has an open ticket (issued or checked) or one resolved less
 * than ticket-cooldown-days (7) ago. Returns the tickets issued, -1 on
 * error. */
gint64   ioc_dossier_check_tickets  (IocStore   *store,
                                     IocConfig  *config,
                                     gint64      now,
                                     GError    **error);
/* Checks the [dossiers] keys (for the connector's start). */
gboolean ioc_dossier_check_config   (IocConfig  *config,
                                     GError    **error);

/* ---- the heatmap (contract 3) ----------------------------------------- */

/* {"metric","from","to","dates":[…],"units":[{"unit_id","name","cells",
 * "latest","max"}],"max"}: units worst first (latest value, then max,
 * then name); a cell is null where nothing was recorded. @from/@to may be
 * NULL: the year up to the latest date with data. */
JsonObject *ioc_dossier_heatmap     (IocStore    *store,
                                     const char  *metric,
                                     const char  *from,
                                     const char  *to,
                                     GError     **error);

G_END_DECLS
