/* ioc-briefing-wall-private.h — what the briefing wall's files share
 *
 *   ioc-briefing-wall.c     the widget: header, sections, figures from the
 *                           API, presentation mode, actions and keys
 *   ioc-briefing-pages.c    the section pages: KPI tiles, bars, ranking
 *   ioc-briefing-reports.c  the weekly report page (supervisors edit and
 *                           generate; everyone opens and saves)
 */
#pragma once

#include "ioc-briefing-wall.h"
#include "ioc-chart.h"
#include "ioc-indicators-view.h"

G_BEGIN_DECLS

typedef enum {
  IOC_TREND_NEUTRAL,     /* more is neither good nor bad (received) */
  IOC_TREND_UP_GOOD,     /* processed, handled */
  IOC_TREND_UP_BAD,      /* overdue, dissatisfied, alerts */
} IocTrendSense;

typedef struct {
  GtkWidget    *box;
  GtkWidget    *value;
  GtkWidget    *change;
  GtkWidget    *spark;   /* IocSparkline, or NULL */
  GtkWidget    *note;
  IocTrendSense sense;
} IocTile;

struct _IocBriefingWall
{
  GtkWidget     parent_instance;
  IocModels    *models;
  GCancellable *cancellable;
  GSettings    *settings;          /* NULL when the schema is not installed */

  GtkWidget    *root;
  GtkWidget    *week_label;
  GtkWidget    *fresh_label;
  GtkWidget    *controls;          /* hidden while presenting */
  GtkWidget    *interval_spin;
  GtkWidget    *switcher;
  GtkWidget    *stack;
  GtkWidget    *present_bar;
  GtkWidget    *present_title;
  GtkWidget    *present_page;
  GtkWidget    *present_state;
  GtkWidget    *progress;

  /* section pages: their content boxes, rebuilt from the figures */
  GtkWidget    *reports_body;
  GtkWidget    *dossiers_body;
  GtkWidget    *cameras_body;
  GtkWidget    *soc_body;
  GtkWidget    *indicators_body;
  GtkWidget    *ranking_body;
  GtkWidget    *charts;            /* IocIndicatorsView */
  GHashTable   *tiles;             /* key → IocTile* */
  GHashTable   *section_notes;     /* section page name → its freshness GtkLabel */
  guint         n_praise, n_criticise;

  JsonObject   *figures;
  char         *week;              /* Monday shown */
  gboolean      follow_now;
  gboolean      fetching;
  gboolean      fetch_again;
  guint         refresh_id;
  guint         poll_id;

  gboolean      presenting;
  gboolean      paused;
  guint         seq_index;
  gint64        page_started;      /* monotonic µs */
  gint64        paused_elapsed;
  guint         interval;
  guint         tick_id;

  /* weekly report page */
  GtkWidget    *editor;
  GtkWidget    *read_only_note;
  GtkWidget    *difficulties;
  GtkWidget    *proposals;
  GtkWidget    *generate_button;
  GtkWidget    *report_state;
  GtkWidget    *report_list;
  JsonArray    *reports;
  char         *texts_week;        /* the week whose texts the editor holds */
  gboolean      texts_dirty;
  int           save_state;
};

/* ioc-briefing-wall.c */
const char *ioc_briefing_text        (JsonObject      *o,
                                      const char      *path);
JsonObject *ioc_briefing_object      (JsonObject      *o,
                                      const char      *path);
JsonArray  *ioc_briefing_array       (JsonObject      *o,
                                      const char      *path);
gboolean    ioc_briefing_int         (JsonObject      *o,
                                      const char      *path,
                                      gint64          *out);
/* "2023-11-30" → "30/11/2023" */
char       *ioc_briefing_date        (const char      *iso_date);

/* ioc-briefing-pages.c */
void        ioc_briefing_pages_build       (IocBriefingWall *self);
void        ioc_briefing_pages_update      (IocBriefingWall *self);
void        ioc_briefing_pages_update_live (IocBriefingWall *self);

/* ioc-briefing-reports.c */
GtkWidget  *ioc_briefing_reports_page_new  (IocBriefingWall *self);
void        ioc_briefing_reports_refresh   (IocBriefingWall *self);
void        ioc_briefing_reports_week_changed (IocBriefingWall *self);
void        ioc_briefing_reports_install_actions (GtkWidgetClass *widget_class);

G_END_DECLS
