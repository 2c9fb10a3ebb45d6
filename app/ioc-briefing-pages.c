/* ioc-briefing-pages.c — the briefing wall's section pages
 *
 * Each page is a row of KPI tiles (built once, updated in place) over a
 * detail area rebuilt from the figures, and a line that says how fresh
 * the page's figures and sources are.
 */
#include "config.h"

#include "ioc-briefing-wall-private.h"
#include "ioc-labels.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

static const GdkRGBA bar_red = { 1.0, 0.361, 0.361, 1.0 };
static const GdkRGBA bar_amber = { 1.0, 0.690, 0.125, 1.0 };
static const GdkRGBA bar_blue = { 0.306, 0.659, 1.0, 1.0 };
static const GdkRGBA bar_violet = { 0.702, 0.549, 1.0, 1.0 };

/* ---- tiles --------------------------------------------------------------- */

/* A tile: its label, the value, the change, the trend, a note. A compact
 * tile (the 16 indicator groups) puts the trend beside the value and the
 * note beside the change. */
static IocTile *
tile_new_full (IocBriefingWall *self,
               GtkWidget       *row,
               const char      *key,
               const char      *label,
               IocTrendSense    sense,
               gboolean         with_trend,
               gboolean         compact)
{
  IocTile *t = g_new0 (IocTile, 1);
  GtkWidget *l = gtk_label_new (label);
  GtkWidget *value_row = compact ? gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8) : NULL;
  GtkWidget *change_row = compact ? gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8) : NULL;

  t->sense = sense;
  t->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_add_css_class (t->box, "kpi-tile");
  gtk_widget_set_hexpand (t->box, TRUE);
  gtk_widget_add_css_class (l, "kpi-label");
  gtk_label_set_xalign (GTK_LABEL (l), 0);
  gtk_label_set_ellipsize (GTK_LABEL (l), PANGO_ELLIPSIZE_END);
  if (!compact)
    {
      gtk_label_set_wrap (GTK_LABEL (l), TRUE);
      gtk_label_set_lines (GTK_LABEL (l), 2);
    }
  t->value = gtk_label_new ("—");
  gtk_widget_add_css_class (t->value, "kpi-value");
  gtk_label_set_xalign (GTK_LABEL (t->value), 0);
  t->change = gtk_label_new (NULL);
  gtk_widget_add_css_class (t->change, "kpi-change");
  gtk_label_set_xalign (GTK_LABEL (t->change), 0);
  gtk_label_set_ellipsize (GTK_LABEL (t->change), PANGO_ELLIPSIZE_END);
  t->note = gtk_label_new (NULL);
  gtk_widget_add_css_class (t->note, "kpi-note");
  gtk_label_set_xalign (GTK_LABEL (t->note), compact ? 1 : 0);
  gtk_label_set_ellipsize (GTK_LABEL (t->note), PANGO_ELLIPSIZE_END);
  if (with_trend)
    {
      t->spark = ioc_sparkline_new ();
      gtk_widget_add_css_class (t->spark, "kpi-trend");
    }
  gtk_box_append (GTK_BOX (t->box), l);
  if (compact)
    {
      gtk_box_append (GTK_BOX (value_row), t->value);
      if (t->spark != NULL)
        {
          gtk_widget_set_hexpand (t->spark, TRUE);
          gtk_box_append (GTK_BOX (value_row), t->spark);
        }
      gtk_box_append (GTK_BOX (t->box), value_row);
      gtk_widget_set_hexpand (t->change, TRUE);
      gtk_box_append (GTK_BOX (change_row), t->change);
      gtk_box_append (GTK_BOX (change_row), t->note);
      gtk_box_append (GTK_BOX (t->box), change_row);
    }
  else
    {
      gtk_box_append (GTK_BOX (t->box), t->value);
      gtk_box_append (GTK_BOX (t->box), t->change);
      if (t->spark != NULL)
        gtk_box_append (GTK_BOX (t->box), t->spark);
      gtk_box_append (GTK_BOX (t->box), t->note);
    }
  gtk_box_append (GTK_BOX (row), t->box);
  g_hash_table_replace (self->tiles, g_strdup (key), t);
  return t;
}

static IocTile *
tile_new (IocBriefingWall *self,
          GtkWidget       *row,
          const char      *key,
          const char      *label,
          IocTrendSense    sense,
          gboolean         with_trend)
{
  return tile_new_full (self, row, key, label, sense, with_trend, FALSE);
}

static void
set_change_class (IocTile *t,
                  gint64   change)
{
  const char *cls = "neutral";

  gtk_widget_remove_css_class (t->change, "good");
  gtk_widget_remove_css_class (t->change, "bad");
  gtk_widget_remove_css_class (t->change, "neutral");
  if (change != 0 && t->sense != IOC_TREND_NEUTRAL)
    cls = (change > 0) == (t->sense == IOC_TREND_UP_GOOD) ? "good" : "bad";
  gtk_widget_add_css_class (t->change, cls);
}

/* Value, change against last week (or against @since, a date), trend. */
static void
tile_set (IocBriefingWall *self,
          const char      *key,
          JsonObject      *c,
          const char      *since)
{
  IocTile *t = g_hash_table_lookup (self->tiles, key);
  JsonArray *trend = c != NULL && json_object_has_member (c, "trend") ? json_object_get_array_member (c, "trend") : NULL;
  gint64 v, d;

  if (t == NULL)
    return;
  if (ioc_briefing_int (c, "value", &v))
    {
      g_autofree char *text = ioc_format_count (v);
      gtk_label_set_text (GTK_LABEL (t->value), text);
    }
  else
    gtk_label_set_text (GTK_LABEL (t->value), "—");
  if (ioc_briefing_int (c, "change", &d))
    {
      g_autofree char *n = ioc_format_count (d < 0 ? -d : d);
      g_autofree char *text = NULL;

      if (d == 0)
        text = g_strdup (_("= no change"));
      else if (since != NULL)
        /* Translators: ▲/▼ a number, and the date compared with */
        text = g_strdup_printf (d > 0 ? _("▲ %s since %s") : _("▼ %s since %s"), n, since);
      else
        /* Translators: ▲/▼ a number */
        text = g_strdup_printf (d > 0 ? _("▲ %s vs last week") : _("▼ %s vs last week"), n);
      gtk_label_set_text (GTK_LABEL (t->change), text);
      set_change_class (t, d);
    }
  else
    {
      gtk_label_set_text (GTK_LABEL (t->change), _("no comparison"));
      set_change_class (t, 0);
    }
  if (t->spark != NULL)
    {
      guint n = trend != NULL ? json_array_get_length (trend) : 0;
      g_autofree double *values = g_new0 (double, MAX (n, 1));

      for (guint i = 0; i < n; i++)
        values[i] = json_node_get_double (json_array_get_element (trend, i));
      ioc_sparkline_set_values (IOC_SPARKLINE (t->spark), values, n);
      gtk_widget_set_visible (t->spark, n >= 2);
    }
}

static void
tile_note (IocBriefingWall *self,
           const char      *key,
           const char      *text)
{
  IocTile *t = g_hash_table_lookup (self->tiles, key);

  if (t != NULL)
    gtk_label_set_text (GTK_LABEL (t->note), text != NULL ? text : "");
}

static void
tile_plain (IocBriefingWall *self,
            const char      *key,
            gint64           value,
            gboolean         known,
            const char      *change_text)
{
  IocTile *t = g_hash_table_lookup (self->tiles, key);
  g_autofree char *text = known ? ioc_format_count (value) : g_strdup ("—");

  if (t == NULL)
    return;
  gtk_label_set_text (GTK_LABEL (t->value), text);
  gtk_label_set_text (GTK_LABEL (t->change), change_text != NULL ? change_text : "");
  set_change_class (t, 0);
}

/* ---- pages ----------------------------------------------------------------- */

static GtkWidget *
tiles_row (void)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  gtk_box_set_homogeneous (GTK_BOX (row), TRUE);
  gtk_widget_add_css_class (row, "kpi-row");
  return row;
}

/* A page: the tiles row, a detail box (returned in @body), the freshness
 * line. */
static GtkWidget *
page_new (IocBriefingWall *self,
          const char      *name,
          const char      *title,
          GtkWidget       *row,
          GtkWidget      **body)
{
  GtkWidget *page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *note = gtk_label_new (NULL);

  gtk_widget_set_margin_start (page, 18);
  gtk_widget_set_margin_end (page, 18);
  gtk_widget_set_margin_bottom (page, 8);
  if (row != NULL)
    gtk_box_append (GTK_BOX (page), row);
  *body = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_box_set_homogeneous (GTK_BOX (*body), TRUE);
  gtk_widget_set_vexpand (*body, TRUE);
  gtk_box_append (GTK_BOX (page), *body);
  gtk_widget_add_css_class (note, "fresh-note");
  gtk_label_set_xalign (GTK_LABEL (note), 0);
  gtk_label_set_ellipsize (GTK_LABEL (note), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (page), note);
  g_hash_table_insert (self->section_notes, (gpointer) name, note);
  gtk_stack_add_titled (GTK_STACK (self->stack), page, name, title);
  return page;
}

static void
clear_box (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    gtk_box_remove (GTK_BOX (box), child);
}

static GtkWidget *
panel_new (GtkWidget  *parent,
           const char *title)
{
  GtkWidget *panel = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *t = gtk_label_new (title);

  gtk_widget_add_css_class (panel, "panel");
  gtk_widget_add_css_class (t, "panel-title");
  gtk_label_set_xalign (GTK_LABEL (t), 0);
  gtk_label_set_ellipsize (GTK_LABEL (t), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (panel), t);
  gtk_box_append (GTK_BOX (parent), panel);
  return panel;
}

static void
panel_empty (GtkWidget  *panel,
             const char *text)
{
  GtkWidget *l = gtk_label_new (text);

  gtk_widget_add_css_class (l, "dim");
  gtk_label_set_wrap (GTK_LABEL (l), TRUE);
  gtk_label_set_xalign (GTK_LABEL (l), 0);
  gtk_box_append (GTK_BOX (panel), l);
}

static GtkWidget *
bars_new (GtkWidget *panel,
          guint      max_rows)
{
  GtkWidget *bars = ioc_bar_chart_new ();

  ioc_bar_chart_set_max_rows (IOC_BAR_CHART (bars), max_rows);
  gtk_widget_set_vexpand (bars, TRUE);
  gtk_box_append (GTK_BOX (panel), bars);
  return bars;
}

/* [{name, count}] as bars, each label through @label (may be NULL). */
static void
tally_bars (GtkWidget      *panel,
            JsonArray      *rows,
            const char   *(*label) (const char *),
            const GdkRGBA  *color,
            guint           max_rows,
            const char     *empty)
{
  GtkWidget *bars;
  gint64 any = 0;

  for (guint i = 0; rows != NULL && i < json_array_get_length (rows); i++)
    {
      gint64 n = 0;
      ioc_briefing_int (json_array_get_object_element (rows, i), "count", &n);
      any += n;
    }
  if (any == 0)
    {
      panel_empty (panel, empty);
      return;
    }
  bars = bars_new (panel, max_rows);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *r = json_array_get_object_element (rows, i);
      const char *name = ioc_briefing_text (r, "name");
      gint64 n = 0;

      ioc_briefing_int (r, "count", &n);
      if (n == 0)
        continue;   /* only last week's */
      ioc_bar_chart_add (IOC_BAR_CHART (bars), label != NULL ? label (name) : name, (double) n, color);
    }
}

/* ---- field reports -------------------------------------------------------- */

static void
build_field_reports (IocBriefingWall *self)
{
  GtkWidget *row = tiles_row ();

  tile_new (self, row, "field_reports.received", _("Field reports received"), IOC_TREND_NEUTRAL, TRUE);
  tile_new (self, row, "field_reports.processed", _("Processed"), IOC_TREND_UP_GOOD, TRUE);
  tile_new (self, row, "field_reports.overdue", _("Overdue"), IOC_TREND_UP_BAD, TRUE);
  tile_new (self, row, "field_reports.dissatisfied", _("Citizens dissatisfied"), IOC_TREND_UP_BAD, TRUE);
  page_new (self, "field-reports", _("Field reports"), row, &self->reports_body);
}

static void
grid_cell (GtkWidget  *grid,
           const char *text,
           int         col,
           int         row,
           gboolean    head,
           gboolean    numeric)
{
  GtkWidget *l = gtk_label_new (text);

  gtk_widget_add_css_class (l, head ? "table-head" : "table-cell");
  gtk_label_set_xalign (GTK_LABEL (l), numeric ? 1 : 0);
  if (!numeric)
    {
      gtk_label_set_ellipsize (GTK_LABEL (l), PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (l, TRUE);
    }
  gtk_grid_attach (GTK_GRID (grid), l, col, row, 1, 1);
}

static void
update_field_reports (IocBriefingWall *self)
{
  JsonObject *fr = ioc_briefing_object (self->figures, "field_reports");
  JsonArray *units = ioc_briefing_array (fr, "by_unit");
  GtkWidget *panel, *grid;
  gint64 open = 0;
  static const char *const cols[] = { "received", "processed", "overdue", "dissatisfied" };

  tile_set (self, "field_reports.received", ioc_briefing_object (fr, "received"), NULL);
  tile_set (self, "field_reports.processed", ioc_briefing_object (fr, "processed"), NULL);
  tile_set (self, "field_reports.overdue", ioc_briefing_object (fr, "overdue"), NULL);
  tile_set (self, "field_reports.dissatisfied", ioc_briefing_object (fr, "dissatisfied"), NULL);
  if (ioc_briefing_int (fr, "open_now", &open))
    {
      g_autofree char *n = ioc_format_count (open);
      /* Translators: %s is a number of field reports */
      g_autofree char *text = g_strdup_printf (_("%s still open now"), n);
      tile_note (self, "field_reports.received", text);
    }
  else
    tile_note (self, "field_reports.received", NULL);
  tile_note (self, "field_reports.processed", _("status processed, updated in the week"));
  tile_note (self, "field_reports.overdue", _("deadline passed in the week"));
  tile_note (self, "field_reports.dissatisfied", _("of the reports received in the week"));

  clear_box (self->reports_body);
  panel = panel_new (self->reports_body, _("By unit (this week)"));
  if (units == NULL || json_array_get_length (units) == 0)
    {
      panel_empty (panel, _("No field report this week."));
      return;
    }
  grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (grid), 24);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 2);
  grid_cell (grid, _("Unit"), 0, 0, TRUE, FALSE);
  grid_cell (grid, _("Received"), 1, 0, TRUE, TRUE);
  grid_cell (grid, _("Processed"), 2, 0, TRUE, TRUE);
  grid_cell (grid, _("Overdue"), 3, 0, TRUE, TRUE);
  grid_cell (grid, _("Dissatisfied"), 4, 0, TRUE, TRUE);
  for (guint i = 0; i < json_array_get_length (units) && i < 6; i++)
    {
      JsonObject *u = json_array_get_object_element (units, i);
      const char *id = ioc_briefing_text (u, "unit_id");

      grid_cell (grid, id != NULL && *id == '\0' ? _("Not assigned yet") : ioc_briefing_text (u, "name"),
                 0, (int) i + 1, FALSE, FALSE);
      for (guint c = 0; c < G_N_ELEMENTS (cols); c++)
        {
          gint64 v = 0;
          g_autofree char *text = NULL;
          ioc_briefing_int (u, cols[c], &v);
          text = ioc_format_count (v);
          grid_cell (grid, text, (int) c + 1, (int) i + 1, FALSE, TRUE);
        }
    }
  gtk_box_append (GTK_BOX (panel), grid);
  if (json_array_get_length (units) > 6)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "and %u more unit", "and %u more units",
                                                            json_array_get_length (units) - 6),
                                               json_array_get_length (units) - 6);
      panel_empty (panel, more);
    }
}

/* ---- dossiers ------------------------------------------------------------- */

static void
build_dossiers (IocBriefingWall *self)
{
  GtkWidget *row = tiles_row ();

  tile_new (self, row, "dossiers.overdue", _("Overdue dossiers now"), IOC_TREND_UP_BAD, TRUE);
  tile_new (self, row, "dossiers.handled", _("Dossiers handled this week"), IOC_TREND_UP_GOOD, TRUE);
  tile_new (self, row, "dossiers.online_8h", _("Online dossiers waiting > 8 h"), IOC_TREND_UP_BAD, TRUE);
  tile_new (self, row, "dossiers.warning_tickets.issued", _("Warning tickets issued"), IOC_TREND_NEUTRAL, TRUE);
  tile_new (self, row, "dossiers.warning_tickets.checked", _("Warning tickets checked"), IOC_TREND_UP_GOOD, TRUE);
  page_new (self, "dossiers", _("Dossiers"), row, &self->dossiers_body);
}

static void
update_dossiers (IocBriefingWall *self)
{
  JsonObject *ds = ioc_briefing_object (self->figures, "dossiers");
  JsonArray *agencies = ioc_briefing_array (ds, "by_agency");
  g_autofree char *date = ioc_briefing_date (ioc_briefing_text (ds, "date"));
  g_autofree char *prev_full = ioc_briefing_date (ioc_briefing_text (ds, "previous_date"));
  g_autofree char *prev = g_strndup (prev_full, 5);   /* dd/mm */
  g_autofree char *data_of = NULL;
  GtkWidget *panel, *bars;

  tile_set (self, "dossiers.overdue", ioc_briefing_object (ds, "overdue"),
            ioc_briefing_text (ds, "previous_date") != NULL ? prev : NULL);
  tile_set (self, "dossiers.online_8h", ioc_briefing_object (ds, "online_8h"),
            ioc_briefing_text (ds, "previous_date") != NULL ? prev : NULL);
  tile_set (self, "dossiers.handled", ioc_briefing_object (ds, "handled"), NULL);
  tile_set (self, "dossiers.warning_tickets.issued", ioc_briefing_object (ds, "warning_tickets.issued"), NULL);
  tile_set (self, "dossiers.warning_tickets.checked", ioc_briefing_object (ds, "warning_tickets.checked"), NULL);
  /* Translators: %s is the date of the dossier system's figures */
  data_of = ioc_briefing_text (ds, "date") != NULL ? g_strdup_printf (_("iGate figures of %s"), date)
                                                   : g_strdup (_("no iGate figures up to this week"));
  tile_note (self, "dossiers.overdue", data_of);
  tile_note (self, "dossiers.online_8h", data_of);
  tile_note (self, "dossiers.handled", ioc_briefing_object (ds, "handled") != NULL ? _("resolved in the week")
                                                                                 : _("no dossier records imported"));
  tile_note (self, "dossiers.warning_tickets.issued", _("sent to agencies with late dossiers"));
  tile_note (self, "dossiers.warning_tickets.checked", _("checked and settled in the week"));

  clear_box (self->dossiers_body);
  {
    /* Translators: %s is a date */
    g_autofree char *title = g_strdup_printf (_("Overdue dossiers by agency, %s"), date);
    panel = panel_new (self->dossiers_body, title);
  }
  if (agencies == NULL || json_array_get_length (agencies) == 0)
    panel_empty (panel, _("No iGate figures up to this week."));
  else
    {
      bars = bars_new (panel, 6);
      for (guint i = 0; i < json_array_get_length (agencies); i++)
        {
          JsonObject *a = json_array_get_object_element (agencies, i);
          gint64 v = 0;
          if (ioc_briefing_int (a, "overdue", &v) && v > 0)
            ioc_bar_chart_add (IOC_BAR_CHART (bars), ioc_briefing_text (a, "name"), (double) v, &bar_red);
        }
      if (ioc_bar_chart_get_n_rows (IOC_BAR_CHART (bars)) == 0)
        panel_empty (panel, _("No agency has an overdue dossier."));
    }
  panel = panel_new (self->dossiers_body, _("Online dossiers not received after 8 h"));
  {
    g_autoptr(GPtrArray) rows = g_ptr_array_new ();

    for (guint i = 0; agencies != NULL && i < json_array_get_length (agencies); i++)
      {
        JsonObject *a = json_array_get_object_element (agencies, i);
        gint64 v = 0;
        if (ioc_briefing_int (a, "online_8h", &v) && v > 0)
          g_ptr_array_add (rows, a);
      }
    if (rows->len == 0)
      {
        gint64 total;
        panel_empty (panel, !ioc_briefing_int (ds, "online_8h.value", &total)
                            ? _("No figures of online dossiers up to this week.")
                            : _("Every online dossier was received within 8 hours."));
      }
    else
      {
        bars = bars_new (panel, 6);
        for (guint i = 0; i < rows->len; i++)
          {
            gint64 v = 0;
            ioc_briefing_int (rows->pdata[i], "online_8h", &v);
            ioc_bar_chart_add (IOC_BAR_CHART (bars), ioc_briefing_text (rows->pdata[i], "name"), (double) v, &bar_amber);
          }
      }
  }
}

/* ---- cameras --------------------------------------------------------------- */

static void
build_cameras (IocBriefingWall *self)
{
  GtkWidget *row = tiles_row ();

  tile_new (self, row, "cameras.total", _("Cameras connected"), IOC_TREND_NEUTRAL, FALSE);
  tile_new (self, row, "cameras.online", _("Online now"), IOC_TREND_NEUTRAL, FALSE);
  tile_new (self, row, "cameras.ai_events", _("AI events this week"), IOC_TREND_NEUTRAL, TRUE);
  page_new (self, "cameras", _("Cameras"), row, &self->cameras_body);
}

static void
update_cameras (IocBriefingWall *self)
{
  JsonObject *cam = ioc_briefing_object (self->figures, "cameras");
  GtkWidget *panel;
  gint64 total = 0;
  gboolean known = ioc_briefing_int (cam, "total", &total);

  tile_plain (self, "cameras.total", total, known, NULL);
  tile_note (self, "cameras.total", _("registered with the IOC"));
  tile_set (self, "cameras.ai_events", ioc_briefing_object (cam, "ai_events"), NULL);
  tile_note (self, "cameras.ai_events", _("from the cameras' video analytics"));
  clear_box (self->cameras_body);
  panel = panel_new (self->cameras_body, _("AI events by kind, this week"));
  tally_bars (panel, ioc_briefing_array (cam, "ai_by_kind"), ioc_camera_event_kind_label, &bar_violet, 6,
              _("No AI event this week."));
}

/* ---- SOC ---------------------------------------------------------------------- */

static void
build_soc (IocBriefingWall *self)
{
  GtkWidget *row = tiles_row ();

  tile_new (self, row, "soc.alerts", _("Security alerts this week"), IOC_TREND_UP_BAD, TRUE);
  tile_new (self, row, "soc.severe", _("Critical or high"), IOC_TREND_UP_BAD, TRUE);
  tile_new (self, row, "soc.new_now", _("Alerts not handled yet"), IOC_TREND_UP_BAD, FALSE);
  page_new (self, "soc", _("SOC"), row, &self->soc_body);
}

static void
update_soc (IocBriefingWall *self)
{
  JsonObject *soc = ioc_briefing_object (self->figures, "soc");
  GtkWidget *panel;

  tile_set (self, "soc.alerts", ioc_briefing_object (soc, "alerts"), NULL);
  tile_set (self, "soc.severe", ioc_briefing_object (soc, "severe"), NULL);
  tile_note (self, "soc.alerts", _("SOC, EDR, WAF and network sensors"));
  tile_note (self, "soc.severe", _("of this week's alerts"));
  clear_box (self->soc_body);
  panel = panel_new (self->soc_body, _("By category"));
  tally_bars (panel, ioc_briefing_array (soc, "by_category"), ioc_alert_category_label, &bar_red, 6,
              _("No alert this week."));
  panel = panel_new (self->soc_body, _("By severity"));
  tally_bars (panel, ioc_briefing_array (soc, "by_severity"), ioc_severity_label, &bar_amber, 6,
              _("No alert this week."));
  panel = panel_new (self->soc_body, _("Most attacked sites"));
  tally_bars (panel, ioc_briefing_array (soc, "top_sites"), NULL, &bar_blue, 5, _("No attacked site this week."));
}

/* ---- indicators ------------------------------------------------------------------ */

static const char *const group_codes[] = {
  "grdp", "grdp_per_capita", "investment", "projects", "trade", "retail", "budget", "infrastructure",
  "enterprises", "tourism", "education", "health", "social", "environment", "security", "admin_reform",
};

static void
build_indicators (IocBriefingWall *self)
{
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *page;

  gtk_grid_set_row_homogeneous (GTK_GRID (grid), TRUE);
  gtk_grid_set_column_homogeneous (GTK_GRID (grid), TRUE);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 8);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 8);
  gtk_widget_set_vexpand (grid, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (group_codes); i++)
    {
      g_autofree char *key = g_strdup_printf ("indicators.%s", group_codes[i]);
      GtkWidget *cell = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
      IocTile *t = tile_new_full (self, cell, key, ioc_indicator_group_label (group_codes[i]), IOC_TREND_NEUTRAL, TRUE, TRUE);

      gtk_widget_add_css_class (t->box, "indicator-tile");
      gtk_grid_attach (GTK_GRID (grid), cell, i % 4, i / 4, 1, 1);
    }
  page = page_new (self, "indicators", _("Indicators"), NULL, &self->indicators_body);
  /* The summary line above the groups. */
  gtk_box_prepend (GTK_BOX (page), grid);
  gtk_widget_set_vexpand (self->indicators_body, FALSE);
}

/* "2023-11" → "11/2023" */
static char *
month_text (const char *m)
{
  return m != NULL && strlen (m) >= 7 ? g_strdup_printf ("%.2s/%.4s", m + 5, m) : g_strdup ("—");
}

static void
update_indicators (IocBriefingWall *self)
{
  JsonObject *ind = ioc_briefing_object (self->figures, "indicators");
  JsonArray *groups = ioc_briefing_array (ind, "groups");

  for (guint i = 0; i < G_N_ELEMENTS (group_codes); i++)
    {
      g_autofree char *key = g_strdup_printf ("indicators.%s", group_codes[i]);
      IocTile *t = g_hash_table_lookup (self->tiles, key);
      JsonObject *g = NULL, *h = NULL;
      JsonArray *series;
      double v, p;
      gint64 anomalies = 0;

      for (guint k = 0; groups != NULL && k < json_array_get_length (groups); k++)
        if (g_strcmp0 (ioc_briefing_text (json_array_get_object_element (groups, k), "group_code"), group_codes[i]) == 0)
          g = json_array_get_object_element (groups, k);
      h = ioc_briefing_object (g, "headline");
      ioc_briefing_int (g, "anomalies", &anomalies);
      if (anomalies > 0)
        gtk_widget_add_css_class (t->box, "anomaly");
      else
        gtk_widget_remove_css_class (t->box, "anomaly");
      set_change_class (t, 0);
      if (h == NULL)
        {
          gtk_label_set_text (GTK_LABEL (t->value), "—");
          gtk_label_set_text (GTK_LABEL (t->change), _("no figures yet"));
          gtk_label_set_text (GTK_LABEL (t->note), "");
          gtk_widget_set_visible (t->spark, FALSE);
          continue;
        }
      {
        JsonNode *vn = json_object_get_member (h, "value");
        const char *unit = ioc_briefing_text (h, "unit");
        g_autofree char *num = NULL;

        if (vn != NULL && !JSON_NODE_HOLDS_NULL (vn))
          {
            v = json_node_get_double (vn);
            num = ioc_format_number (v, ioc_number_decimals (v));
          }
        else
          num = g_strdup ("—");
        g_autofree char *text = unit != NULL ? g_strdup_printf ("%s %s", num, unit) : g_strdup (num);
        gtk_label_set_text (GTK_LABEL (t->value), text);
      }
      {
        JsonNode *vn = json_object_get_member (h, "value"), *pn = json_object_get_member (h, "previous");
        g_autofree char *pm = month_text (ioc_briefing_text (h, "previous_month"));

        if (vn != NULL && pn != NULL && !JSON_NODE_HOLDS_NULL (vn) && !JSON_NODE_HOLDS_NULL (pn) &&
            (p = json_node_get_double (pn)) != 0)
          {
            double pct = (json_node_get_double (vn) - p) / fabs (p) * 100;
            g_autofree char *n = ioc_format_number (fabs (pct), 1);
            /* Translators: ▲/▼ a percentage, and the month compared with */
            g_autofree char *text = g_strdup_printf (pct >= 0 ? _("▲ %s %% vs %s") : _("▼ %s %% vs %s"), n, pm);
            gtk_label_set_text (GTK_LABEL (t->change), text);
          }
        else
          gtk_label_set_text (GTK_LABEL (t->change), _("no comparison"));
      }
      if (anomalies > 0)
        {
          g_autofree char *n = g_strdup_printf ("%" G_GINT64_FORMAT, anomalies);
          g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "⚠ %s warning", "⚠ %s warnings",
                                                                (gulong) anomalies), n);
          gtk_label_set_text (GTK_LABEL (t->note), text);
        }
      else
        {
          g_autofree char *m = month_text (ioc_briefing_text (h, "month"));
          gtk_label_set_text (GTK_LABEL (t->note), m);
        }
      series = ioc_briefing_array (h, "series");
      {
        guint n = series != NULL ? json_array_get_length (series) : 0;
        g_autofree double *vals = g_new0 (double, MAX (n, 1));
        guint k = 0;

        for (guint s = 0; s < n; s++)
          {
            JsonNode *sv = json_object_get_member (json_array_get_object_element (series, s), "value");
            if (sv != NULL && !JSON_NODE_HOLDS_NULL (sv))
              vals[k++] = json_node_get_double (sv);
          }
        ioc_sparkline_set_values (IOC_SPARKLINE (t->spark), vals, k);
        gtk_widget_set_visible (t->spark, k >= 2);
      }
    }

  clear_box (self->indicators_body);
  {
    gint64 checked = 0, below = 0, anomalies = 0;
    g_autofree char *m = month_text (ioc_briefing_text (ind, "month"));
    g_autofree char *text = NULL;
    GtkWidget *l;

    ioc_briefing_int (ind, "checked", &checked);
    ioc_briefing_int (ind, "below_target", &below);
    ioc_briefing_int (ind, "anomalies", &anomalies);
    if (ioc_briefing_text (ind, "month") != NULL)
      {
        g_autofree char *a = ioc_format_count (checked), *b = ioc_format_count (below), *c = ioc_format_count (anomalies);
        /* Translators: month; indicators reported; below target; anomaly warnings in 12 months */
        text = g_strdup_printf (_("Month %s: %s indicators, %s below target · %s anomaly warnings in 12 months"), m, a, b, c);
      }
    else
      text = g_strdup (_("No socio-economic indicator has been imported yet."));
    l = gtk_label_new (text);
    gtk_widget_add_css_class (l, "indicator-summary");
    gtk_label_set_xalign (GTK_LABEL (l), 0);
    gtk_label_set_ellipsize (GTK_LABEL (l), PANGO_ELLIPSIZE_END);
    gtk_widget_set_hexpand (l, TRUE);
    gtk_box_append (GTK_BOX (self->indicators_body), l);
  }
  ioc_indicators_view_set_data (IOC_INDICATORS_VIEW (self->charts), ind);
}

/* ---- ranking ------------------------------------------------------------------------ */

static void
build_ranking (IocBriefingWall *self)
{
  page_new (self, "ranking", _("Praise and criticism"), NULL, &self->ranking_body);
}

/* One list: a heading with the count, then the agencies in columns
 * (with their first → last counts when @with_counts). */
static guint
rank_list (GtkWidget  *panel,
           JsonObject *rank,
           const char *member,
           const char *heading,
           gboolean    with_counts,
           guint       columns)
{
  JsonArray *a = ioc_briefing_array (rank, member);
  guint n = a != NULL ? json_array_get_length (a) : 0;
  g_autofree char *h = g_strdup_printf ("%s (%u)", heading, n);
  GtkWidget *hl = gtk_label_new (h);
  GtkWidget *flow;

  gtk_widget_add_css_class (hl, "rank-heading");
  gtk_label_set_xalign (GTK_LABEL (hl), 0);
  gtk_label_set_ellipsize (GTK_LABEL (hl), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (panel), hl);
  if (n == 0)
    {
      GtkWidget *none = gtk_label_new (_("none"));
      gtk_widget_add_css_class (none, "dim");
      gtk_label_set_xalign (GTK_LABEL (none), 0);
      gtk_box_append (GTK_BOX (panel), none);
      return 0;
    }
  flow = gtk_flow_box_new ();
  gtk_widget_add_css_class (flow, "rank-flow");
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (flow), TRUE);
  gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (flow), columns);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), columns);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), 16);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (flow), 0);
  gtk_widget_set_can_focus (flow, FALSE);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *r = json_array_get_object_element (a, i);
      g_autofree char *text = NULL;
      GtkWidget *l;

      if (with_counts)
        {
          gint64 first = 0, last = 0;
          g_autofree char *f = NULL, *t = NULL;
          ioc_briefing_int (r, "first", &first);
          ioc_briefing_int (r, "last", &last);
          f = ioc_format_count (first);
          t = ioc_format_count (last);
          text = g_strdup_printf ("%s  %s → %s", ioc_briefing_text (r, "name"), f, t);
        }
      else
        text = g_strdup (ioc_briefing_text (r, "name"));
      l = gtk_label_new (text);
      gtk_widget_add_css_class (l, "rank-name");
      gtk_label_set_xalign (GTK_LABEL (l), 0);
      gtk_label_set_ellipsize (GTK_LABEL (l), PANGO_ELLIPSIZE_END);
      gtk_widget_set_tooltip_text (l, text);
      gtk_flow_box_append (GTK_FLOW_BOX (flow), l);
    }
  gtk_box_append (GTK_BOX (panel), flow);
  return n;
}

static void
update_ranking (IocBriefingWall *self)
{
  JsonObject *ds = ioc_briefing_object (self->figures, "dossiers");
  JsonObject *rank = ioc_briefing_object (ds, "ranking");
  JsonObject *rank8 = ioc_briefing_object (ds, "ranking_online_8h");
  GtkWidget *col = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *praise, *criticise, *row, *rule;
  gint64 percent = 50, dates = 0;
  g_autofree char *from = ioc_briefing_date (ioc_briefing_text (rank, "period_from"));
  g_autofree char *to = ioc_briefing_date (ioc_briefing_text (rank, "period_to"));

  clear_box (self->ranking_body);
  self->n_praise = self->n_criticise = 0;
  gtk_box_append (GTK_BOX (self->ranking_body), col);
  if (rank == NULL)
    {
      GtkWidget *p = panel_new (col, _("Praise and criticism"));
      panel_empty (p, _("No iGate figures this year up to this week: nothing to rank."));
      return;
    }
  ioc_briefing_int (rank, "improved_percent", &percent);
  ioc_briefing_int (rank, "dates", &dates);
  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_vexpand (row, TRUE);
  gtk_box_append (GTK_BOX (col), row);
  praise = panel_new (row, _("To praise"));
  gtk_widget_add_css_class (praise, "rank-praise");
  gtk_widget_set_hexpand (praise, TRUE);
  criticise = panel_new (row, _("To criticise"));
  gtk_widget_add_css_class (criticise, "rank-criticise");
  gtk_widget_set_size_request (criticise, 380, -1);

  self->n_praise += rank_list (praise, rank, "praise_zero", _("No overdue dossier on any date"), FALSE, 3);
  {
    g_autofree char *p = g_strdup_printf ("%" G_GINT64_FORMAT, percent);
    /* Translators: %s is a percentage, 50 */
    g_autofree char *h = g_strdup_printf (_("Overdue dossiers down by %s %% or more"), p);
    self->n_praise += rank_list (praise, rank, "praise_improved", h, TRUE, 2);
  }
  self->n_criticise += rank_list (criticise, rank, "criticise", _("Still overdue, not falling"), TRUE, 1);
  if (rank8 != NULL)
    rank_list (criticise, rank8, "criticise", _("Online > 8 h, not falling"), TRUE, 1);

  {
    g_autofree char *p = g_strdup_printf ("%" G_GINT64_FORMAT, percent);
    g_autofree char *n = g_strdup_printf ("%" G_GINT64_FORMAT, dates);
    /* Translators: number of report dates, first date, last date, percentage */
    g_autofree char *text = g_strdup_printf (_("Rule, over %s iGate report dates (%s – %s), first match wins: praise "
                                               "an agency with no overdue dossier on any date; criticise one still "
                                               "overdue with no fewer than on the first date; praise one whose count "
                                               "fell by at least %s %%. The same for online dossiers waiting over 8 h."),
                                             n, from, to, p);
    rule = gtk_label_new (text);
  }
  gtk_widget_add_css_class (rule, "rank-rule");
  gtk_label_set_wrap (GTK_LABEL (rule), TRUE);
  gtk_label_set_xalign (GTK_LABEL (rule), 0);
  gtk_box_append (GTK_BOX (col), rule);
}

/* ---- freshness of each page -------------------------------------------------------- */

static void
set_section_note (IocBriefingWall    *self,
                  const char         *section,
                  const char *const  *sources)
{
  GtkLabel *note = g_hash_table_lookup (self->section_notes, section);
  IocRecordList *list = ioc_models_get_sources (self->models);
  g_autofree char *when = ioc_format_time (ioc_briefing_text (self->figures, "computed_at"));
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean stale = FALSE;

  if (note == NULL)
    return;
  if (self->figures != NULL)
    /* Translators: %s is a date and time */
    g_string_append_printf (text, _("Figures computed %s"), when);
  for (guint i = 0; sources[i] != NULL; i++)
    {
      IocRecord *r = ioc_record_list_lookup (list, sources[i]);
      g_autofree char *t = NULL;

      if (text->len > 0)
        g_string_append (text, " · ");
      if (r == NULL || ioc_record_get_string (r, "last_update") == NULL)
        {
          /* Translators: %s is a data source */
          g_string_append_printf (text, _("%s: no update received yet"), ioc_source_label (sources[i]));
          continue;
        }
      t = ioc_format_time (ioc_record_get_string (r, "last_update"));
      if (ioc_record_get_bool (r, "stale"))
        {
          stale = TRUE;
          /* Translators: a data source and when it last reported */
          g_string_append_printf (text, _("%s: STALE, last update %s"), ioc_source_label (sources[i]), t);
        }
      else
        /* Translators: a data source and when it last reported */
        g_string_append_printf (text, _("%s updated %s"), ioc_source_label (sources[i]), t);
    }
  gtk_label_set_text (note, text->str);
  if (stale)
    gtk_widget_add_css_class (GTK_WIDGET (note), "stale");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (note), "stale");
}

static void
update_notes (IocBriefingWall *self)
{
  set_section_note (self, "field-reports", (const char *const[]) { "field-reports", NULL });
  set_section_note (self, "dossiers", (const char *const[]) { "dossiers", NULL });
  set_section_note (self, "cameras", (const char *const[]) { "cameras", "cameras-ai", NULL });
  set_section_note (self, "soc", (const char *const[]) { "soc", NULL });
  set_section_note (self, "indicators", (const char *const[]) { "indicators", NULL });
  set_section_note (self, "charts", (const char *const[]) { "indicators", NULL });
  set_section_note (self, "ranking", (const char *const[]) { "dossiers", NULL });
}

/* ---- entry points ------------------------------------------------------------------ */

void
ioc_briefing_pages_build (IocBriefingWall *self)
{
  GtkWidget *body;

  build_field_reports (self);
  build_dossiers (self);
  build_cameras (self);
  build_soc (self);
  build_indicators (self);
  self->charts = ioc_indicators_view_new ();
  gtk_widget_set_vexpand (self->charts, TRUE);
  {
    GtkWidget *page = page_new (self, "charts", _("Indicator charts"), NULL, &body);
    gtk_box_prepend (GTK_BOX (page), self->charts);
    gtk_widget_set_vexpand (body, FALSE);
  }
  build_ranking (self);
}

void
ioc_briefing_pages_update (IocBriefingWall *self)
{
  update_field_reports (self);
  update_dossiers (self);
  update_cameras (self);
  update_soc (self);
  update_indicators (self);
  update_ranking (self);
  ioc_briefing_pages_update_live (self);
}

/* What the live lists know better than the week's figures. */
void
ioc_briefing_pages_update_live (IocBriefingWall *self)
{
  IocRecordList *cameras = ioc_models_get_cameras (self->models);
  IocRecordList *alerts = ioc_models_get_alerts (self->models);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (cameras));
  guint online = 0, offline = 0, fresh = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(IocRecord) c = g_list_model_get_item (G_LIST_MODEL (cameras), i);
      const char *s = ioc_record_get_string (c, "status");
      if (g_strcmp0 (s, "online") == 0)
        online++;
      else if (g_strcmp0 (s, "offline") == 0)
        offline++;
    }
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (alerts)); i++)
    {
      g_autoptr(IocRecord) a = g_list_model_get_item (G_LIST_MODEL (alerts), i);
      if (g_strcmp0 (ioc_record_get_string (a, "status"), "new") == 0)
        fresh++;
    }
  if (ioc_models_is_loaded (self->models))
    {
      g_autofree char *off = g_strdup_printf ("%u", offline), *unknown = g_strdup_printf ("%u", n - online - offline);
      /* Translators: cameras offline, cameras not checked yet */
      g_autofree char *detail = g_strdup_printf (_("live · %s offline, %s not checked yet"), off, unknown);
      tile_plain (self, "cameras.online", online, TRUE, NULL);
      tile_note (self, "cameras.online", detail);
      tile_plain (self, "soc.new_now", fresh, TRUE, NULL);
      tile_note (self, "soc.new_now", _("live · alerts with status new"));
    }
  update_notes (self);
}
