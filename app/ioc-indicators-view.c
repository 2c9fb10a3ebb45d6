/* ioc-indicators-view.c — see ioc-indicators-view.h */
#include "config.h"

#include "ioc-indicators-view.h"

#include <glib/gi18n.h>
#include <string.h>

/* The groups of iocd's backend/ioc-indicators.h, in its order, with the
 * English names the console translates. */
static const struct {
  const char *code;
  const char *name;
} groups[] = {
  { "grdp",            N_("GRDP (2010 prices)") },
  { "grdp_per_capita", N_("GRDP per head (current prices)") },
  { "investment",      N_("Total social investment") },
  { "projects",        N_("Investment projects attracted") },
  { "trade",           N_("Export and import turnover") },
  { "retail",          N_("Retail sales and consumer services") },
  { "budget",          N_("Budget revenue and expenditure") },
  { "infrastructure",  N_("Infrastructure") },
  { "enterprises",     N_("Enterprises") },
  { "tourism",         N_("Tourism") },
  { "education",       N_("Education and employment") },
  { "health",          N_("Health") },
  { "social",          N_("Social") },
  { "environment",     N_("Environment") },
  { "security",        N_("Defence, security and order") },
  { "admin_reform",    N_("Administrative-reform indices") },
};
#define N_GROUPS G_N_ELEMENTS (groups)

const char *
ioc_indicator_group_label (const char *code)
{
  for (guint i = 0; i < N_GROUPS; i++)
    if (g_strcmp0 (groups[i].code, code) == 0)
      return _(groups[i].name);
  return code;
}

typedef struct {
  GtkWidget *box;
  GtkWidget *subtitle;
  GtkWidget *chart;
  GtkWidget *warning;
} Cell;

struct _IocIndicatorsView
{
  GtkWidget  parent_instance;
  GtkWidget *root;
  GtkWidget *pages;      /* GtkStack of the grids */
  GtkWidget *switcher;
  GtkWidget *month_label;
  Cell       cells[N_GROUPS];
};

G_DEFINE_FINAL_TYPE (IocIndicatorsView, ioc_indicators_view, GTK_TYPE_WIDGET)

static const char *
text_of (JsonObject *o,
         const char *member)
{
  JsonNode *n = o != NULL ? json_object_get_member (o, member) : NULL;

  return n != NULL && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING
         ? json_node_get_string (n) : NULL;
}

static gboolean
real_of (JsonObject *o,
         const char *member,
         double     *out)
{
  JsonNode *n = o != NULL ? json_object_get_member (o, member) : NULL;

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) == G_TYPE_STRING)
    return FALSE;
  *out = json_node_get_double (n);
  return TRUE;
}

/* "2023-11" → "11/2023" */
static char *
month_text (const char *month)
{
  if (month == NULL || strlen (month) < 7)
    return g_strdup ("—");
  return g_strdup_printf ("%.2s/%.4s", month + 5, month);
}

static void
fill_cell (Cell       *cell,
           JsonObject *group)
{
  JsonObject *h = NULL;
  JsonArray *series;
  gint64 anomalies = group != NULL ? json_object_get_int_member_with_default (group, "anomalies", 0) : 0;
  g_autoptr(GArray) points = g_array_new (FALSE, TRUE, sizeof (IocChartPoint));

  if (group != NULL && json_object_has_member (group, "headline") && !json_object_get_null_member (group, "headline"))
    h = json_object_get_object_member (group, "headline");
  if (h == NULL)
    {
      gtk_label_set_text (GTK_LABEL (cell->subtitle), _("No figures yet"));
      gtk_label_set_text (GTK_LABEL (cell->warning), "");
      ioc_line_chart_set_points (IOC_LINE_CHART (cell->chart), NULL, 0);
      gtk_widget_remove_css_class (cell->box, "anomaly");
      return;
    }
  {
    double v;
    g_autofree char *value = real_of (h, "value", &v) ? ioc_format_number (v, ioc_number_decimals (v)) : g_strdup ("—");
    g_autofree char *month = month_text (text_of (h, "month"));
    /* Translators: an indicator, its latest value with its unit, and the month */
    g_autofree char *sub = g_strdup_printf (_("%s: %s %s (%s)"), text_of (h, "indicator"), value,
                                            text_of (h, "unit") != NULL ? text_of (h, "unit") : "", month);
    gtk_label_set_text (GTK_LABEL (cell->subtitle), sub);
  }
  series = json_object_get_array_member (h, "series");
  for (guint i = 0; series != NULL && i < json_array_get_length (series); i++)
    {
      JsonObject *p = json_array_get_object_element (series, i);
      IocChartPoint pt = { 0 };

      pt.month = text_of (p, "month");
      pt.has_value = real_of (p, "value", &pt.value);
      pt.has_target = real_of (p, "target", &pt.target);
      pt.anomaly = text_of (p, "anomaly") != NULL;
      g_array_append_val (points, pt);
    }
  ioc_line_chart_set_points (IOC_LINE_CHART (cell->chart), (IocChartPoint *) points->data, points->len);
  if (anomalies > 0)
    {
      g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, anomalies);
      /* Translators: %s is a number of anomaly warnings in 12 months */
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "⚠ %s anomaly warning in 12 months",
                                                            "⚠ %s anomaly warnings in 12 months", (gulong) anomalies),
                                               count);
      gtk_label_set_text (GTK_LABEL (cell->warning), text);
      gtk_widget_add_css_class (cell->box, "anomaly");
    }
  else
    {
      gtk_label_set_text (GTK_LABEL (cell->warning), _("No anomaly warning"));
      gtk_widget_remove_css_class (cell->box, "anomaly");
    }
}

void
ioc_indicators_view_set_data (IocIndicatorsView *self,
                              JsonObject        *indicators)
{
  JsonArray *list = NULL;

  if (indicators != NULL && json_object_has_member (indicators, "groups"))
    list = json_object_get_array_member (indicators, "groups");
  for (guint i = 0; i < N_GROUPS; i++)
    {
      JsonObject *found = NULL;

      for (guint k = 0; list != NULL && k < json_array_get_length (list); k++)
        {
          JsonObject *g = json_array_get_object_element (list, k);
          if (g_strcmp0 (text_of (g, "group_code"), groups[i].code) == 0)
            found = g;
        }
      fill_cell (&self->cells[i], found);
    }
  {
    g_autofree char *month = month_text (text_of (indicators, "month"));
    /* Translators: %s is a month, 11/2023 */
    g_autofree char *text = text_of (indicators, "month") != NULL
                            ? g_strdup_printf (_("Latest month %s · 24 months against the target (dashed) · anomaly warnings ringed"), month)
                            : g_strdup (_("No socio-economic indicator has been imported yet."));
    gtk_label_set_text (GTK_LABEL (self->month_label), text);
  }
}

guint
ioc_indicators_view_get_n_pages (IocIndicatorsView *self)
{
  return (N_GROUPS + IOC_INDICATORS_PER_PAGE - 1) / IOC_INDICATORS_PER_PAGE;
}

void
ioc_indicators_view_set_page (IocIndicatorsView *self,
                              guint              page)
{
  g_autofree char *name = g_strdup_printf ("page-%u", MIN (page, ioc_indicators_view_get_n_pages (self) - 1));

  gtk_stack_set_visible_child_name (GTK_STACK (self->pages), name);
}

guint
ioc_indicators_view_get_page (IocIndicatorsView *self)
{
  const char *name = gtk_stack_get_visible_child_name (GTK_STACK (self->pages));

  return name != NULL ? (guint) g_ascii_strtoull (name + 5, NULL, 10) : 0;
}

void
ioc_indicators_view_set_presenting (IocIndicatorsView *self,
                                    gboolean           presenting)
{
  gtk_widget_set_visible (self->switcher, !presenting);
}

IocLineChart *
ioc_indicators_view_get_chart (IocIndicatorsView *self,
                               const char        *group_code)
{
  for (guint i = 0; i < N_GROUPS; i++)
    if (g_strcmp0 (groups[i].code, group_code) == 0)
      return IOC_LINE_CHART (self->cells[i].chart);
  return NULL;
}

static void
ioc_indicators_view_dispose (GObject *object)
{
  IocIndicatorsView *self = IOC_INDICATORS_VIEW (object);

  g_clear_pointer (&self->root, gtk_widget_unparent);
  G_OBJECT_CLASS (ioc_indicators_view_parent_class)->dispose (object);
}

static void
ioc_indicators_view_class_init (IocIndicatorsViewClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ioc_indicators_view_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "indicatorsview");
}

static void
ioc_indicators_view_init (IocIndicatorsView *self)
{
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  self->root = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  self->pages = gtk_stack_new ();
  gtk_stack_set_transition_type (GTK_STACK (self->pages), GTK_STACK_TRANSITION_TYPE_CROSSFADE);
  gtk_widget_set_vexpand (self->pages, TRUE);
  self->month_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->month_label, "dim");
  gtk_label_set_xalign (GTK_LABEL (self->month_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (self->month_label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (self->month_label, TRUE);
  self->switcher = gtk_stack_switcher_new ();
  gtk_stack_switcher_set_stack (GTK_STACK_SWITCHER (self->switcher), GTK_STACK (self->pages));
  gtk_box_append (GTK_BOX (top), self->month_label);
  gtk_box_append (GTK_BOX (top), self->switcher);
  gtk_box_append (GTK_BOX (self->root), top);
  gtk_box_append (GTK_BOX (self->root), self->pages);

  for (guint p = 0; p * IOC_INDICATORS_PER_PAGE < N_GROUPS; p++)
    {
      GtkWidget *grid = gtk_grid_new ();
      g_autofree char *name = g_strdup_printf ("page-%u", p);
      /* Translators: a page of indicator groups, "Groups 1–8" */
      g_autofree char *title = g_strdup_printf (_("Groups %u–%u"), p * IOC_INDICATORS_PER_PAGE + 1,
                                                MIN ((p + 1) * IOC_INDICATORS_PER_PAGE, (guint) N_GROUPS));

      gtk_grid_set_row_homogeneous (GTK_GRID (grid), TRUE);
      gtk_grid_set_column_homogeneous (GTK_GRID (grid), TRUE);
      gtk_grid_set_row_spacing (GTK_GRID (grid), 10);
      gtk_grid_set_column_spacing (GTK_GRID (grid), 10);
      for (guint k = 0; k < IOC_INDICATORS_PER_PAGE && p * IOC_INDICATORS_PER_PAGE + k < N_GROUPS; k++)
        {
          guint i = p * IOC_INDICATORS_PER_PAGE + k;
          Cell *c = &self->cells[i];
          GtkWidget *title_label = gtk_label_new (_(groups[i].name));

          c->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
          gtk_widget_add_css_class (c->box, "panel");
          gtk_widget_add_css_class (c->box, "indicator-chart");
          gtk_widget_add_css_class (title_label, "panel-title");
          gtk_label_set_xalign (GTK_LABEL (title_label), 0);
          gtk_label_set_ellipsize (GTK_LABEL (title_label), PANGO_ELLIPSIZE_END);
          c->subtitle = gtk_label_new (NULL);
          gtk_widget_add_css_class (c->subtitle, "dim");
          gtk_widget_add_css_class (c->subtitle, "chart-subtitle");
          gtk_label_set_xalign (GTK_LABEL (c->subtitle), 0);
          gtk_label_set_ellipsize (GTK_LABEL (c->subtitle), PANGO_ELLIPSIZE_END);
          c->chart = ioc_line_chart_new ();
          gtk_widget_set_vexpand (c->chart, TRUE);
          gtk_widget_add_css_class (c->chart, "chart-axis");
          c->warning = gtk_label_new (NULL);
          gtk_widget_add_css_class (c->warning, "anomaly-note");
          gtk_label_set_xalign (GTK_LABEL (c->warning), 0);
          gtk_label_set_ellipsize (GTK_LABEL (c->warning), PANGO_ELLIPSIZE_END);
          gtk_box_append (GTK_BOX (c->box), title_label);
          gtk_box_append (GTK_BOX (c->box), c->subtitle);
          gtk_box_append (GTK_BOX (c->box), c->chart);
          gtk_box_append (GTK_BOX (c->box), c->warning);
          gtk_grid_attach (GTK_GRID (grid), c->box, k % 4, k / 4, 1, 1);
        }
      gtk_stack_add_titled (GTK_STACK (self->pages), grid, name, title);
    }
  gtk_widget_set_parent (self->root, GTK_WIDGET (self));
  ioc_indicators_view_set_data (self, NULL);
}

GtkWidget *
ioc_indicators_view_new (void)
{
  return g_object_new (IOC_TYPE_INDICATORS_VIEW, NULL);
}
