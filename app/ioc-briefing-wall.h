/* ioc-briefing-wall.h — the leadership briefing wall (issue 6)
 *
 * Large KPI tiles per service (field reports, dossiers, cameras, SOC,
 * socio-economic indicators), each with its figure, its change against
 * last week and an 8-week sparkline; the indicator charts; the
 * praise/criticism lists with their rule; and, for supervisors, the
 * weekly report (difficulties and proposals, generate, the list of
 * reports with their PDF and CSV tables).
 *
 * Figures come from GET /api/v1/briefing?week= (refreshed a few seconds
 * after any event, and every minute), the live counts (cameras online,
 * SOC alerts not yet handled) from IocModels. Every page says when its
 * figures were computed and when its sources last reported; a stale
 * source is marked.
 *
 * Presentation mode (F5, or the button) pages through the sections every
 * "briefing-interval" seconds (GSettings, default 20): Space pauses or
 * resumes, → / Page Down next, ← / Page Up previous, Esc stops.
 */
#pragma once

#include <gtk/gtk.h>

#include "ioc-models.h"

G_BEGIN_DECLS

#define IOC_TYPE_BRIEFING_WALL (ioc_briefing_wall_get_type ())
G_DECLARE_FINAL_TYPE (IocBriefingWall, ioc_briefing_wall, IOC, BRIEFING_WALL, GtkWidget)

GtkWidget  *ioc_briefing_wall_new            (IocModels       *models);

/* The week shown (its Monday, yyyy-mm-dd); any day names its week.
 * NULL: the current week, following the calendar. */
void        ioc_briefing_wall_set_week       (IocBriefingWall *self,
                                              const char      *date);
const char *ioc_briefing_wall_get_week       (IocBriefingWall *self);
/* TRUE once the figures of the week shown have arrived. */
gboolean    ioc_briefing_wall_has_figures    (IocBriefingWall *self);
/* Fetches the figures again now. */
void        ioc_briefing_wall_refresh        (IocBriefingWall *self);

void        ioc_briefing_wall_start_presentation (IocBriefingWall *self);
void        ioc_briefing_wall_stop_presentation  (IocBriefingWall *self);
gboolean    ioc_briefing_wall_is_presenting  (IocBriefingWall *self);
gboolean    ioc_briefing_wall_is_paused      (IocBriefingWall *self);
void        ioc_briefing_wall_next           (IocBriefingWall *self);
void        ioc_briefing_wall_previous       (IocBriefingWall *self);
void        ioc_briefing_wall_toggle_pause   (IocBriefingWall *self);
/* Seconds per page; also kept in GSettings "briefing-interval". */
void        ioc_briefing_wall_set_interval   (IocBriefingWall *self,
                                              guint            seconds);
guint       ioc_briefing_wall_get_interval   (IocBriefingWall *self);
/* "field-reports", "dossiers", "cameras", "soc", "indicators",
 * "charts-1", "charts-2", "ranking" while presenting; the section shown
 * otherwise ("weekly-report" too). */
const char *ioc_briefing_wall_get_section    (IocBriefingWall *self);
void        ioc_briefing_wall_show_section   (IocBriefingWall *self,
                                              const char      *section);

/* For tests: the text of a tile's value ("field_reports.received",
 * "cameras.online", …), NULL when there is no such tile. */
const char *ioc_briefing_wall_get_tile_text  (IocBriefingWall *self,
                                              const char      *key);
/* The sparkline's number of points of a tile (0 without one). */
guint       ioc_briefing_wall_get_tile_trend (IocBriefingWall *self,
                                              const char      *key);
/* Names listed under praise / criticism (overdue dossiers). */
guint       ioc_briefing_wall_count_ranked   (IocBriefingWall *self,
                                              gboolean         praise);
GtkWidget  *ioc_briefing_wall_get_indicators_view (IocBriefingWall *self);

/* Weekly report: TRUE when the editor and the generate button are shown
 * and enabled (supervisors). */
gboolean    ioc_briefing_wall_can_edit       (IocBriefingWall *self);
/* Sets the editor's texts and generates the week's report (as the
 * button does). */
void        ioc_briefing_wall_generate       (IocBriefingWall *self,
                                              const char      *difficulties,
                                              const char      *proposals);
/* The reports listed, and the status of the week shown's ("ready"…) or
 * NULL. */
guint       ioc_briefing_wall_count_reports  (IocBriefingWall *self);
const char *ioc_briefing_wall_report_status  (IocBriefingWall *self);
/* Downloads a report's PDF (@table NULL) or one CSV table into @file,
 * asynchronously, as "Save…" does after the file chooser. */
void        ioc_briefing_wall_save_report    (IocBriefingWall *self,
                                              gint64           report_id,
                                              const char      *table,
                                              GFile           *file);
/* The last download's result: 0 none yet, 1 done, -1 failed. */
int         ioc_briefing_wall_get_save_state (IocBriefingWall *self);

G_END_DECLS
