/* ioc-soc-wall.c — see ioc-soc-wall.h
 *
 * Top to bottom: the title; open alerts by severity and by category, and
 * the most targeted sites; the 24-hour timeline (IocTimelineView: alerts
 * first seen per hour, stacked by severity); the filter bar with the
 * actions of duty staff and supervisors (leaders see none); the live list
 * (GtkColumnView over IocModels' alerts: sortable by every column, newest
 * first, updated in place so the selection stays put).
 */
#include "config.h"

#include "ioc-soc-wall.h"
#include "ioc-labels.h"
#include "ioc-timeline-view.h"
#include "ioc-wall.h"

#include <glib/gi18n.h>
#include <string.h>

#define N_SEV 5
#define TIMELINE_HOURS 24

struct _IocSocWall
{
  GtkWidget           parent_instance;
  IocModels          *models;
  GtkWidget          *root;
  GtkColumnView      *view;
  GtkColumnViewColumn *last_seen_column;
  GtkFilterListModel *filtered;
  GtkSingleSelection *selection;
  GtkCustomFilter    *filter;
  GtkWidget          *search;
  GtkWidget          *severity_dd;
  GtkWidget          *status_dd;
  GtkWidget          *counters;
  GtkWidget          *categories;
  GtkWidget          *sites;
  GtkWidget          *timeline;
  GtkWidget          *actions;
  GtkWidget          *feedback;
  GtkWidget          *empty;
  guint               update_id;
  gboolean            dirty;              /* changes came while off screen */
  gint64              open_by_severity[N_SEV];
  GHashTable         *open_by_category;   /* category → count */
  GCancellable       *cancellable;
};

G_DEFINE_FINAL_TYPE (IocSocWall, ioc_soc_wall, GTK_TYPE_WIDGET)

/* Worst first: the timeline stacks them from the bottom in this order. */
static const char *const severities[] = { "critical", "high", "medium", "low", "info", NULL };
static const char *const categories[] = { "malware_c2", "exploitation", "web_attack", "ddos_l7", "vulnerability",
                                          "anomalous_host", "other", NULL };
static const char *const severity_colours[] = { "#ff3b3b", "#ff7a45", "#ffb020", "#5cc8ff", "#9aa7b4" };

static gboolean
alert_is_open (IocRecord *r)
{
  const char *st = ioc_record_get_string (r, "status");
  return g_strcmp0 (st, "resolved") != 0 && g_strcmp0 (st, "false_positive") != 0;
}

/* ---- cells -------------------------------------------------------------- */

static void
setup_label (GtkSignalListItemFactory *f,
             GtkListItem              *item,
             gpointer                  column)
{
  GtkWidget *l = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (l), g_str_equal (column, "count") ? 1 : 0);
  gtk_label_set_ellipsize (GTK_LABEL (l), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, l);
}

static void
fill_cell (GtkListItem *item,
           const char  *column)
{
  IocRecord *r = gtk_list_item_get_item (item);
  GtkWidget *l = gtk_list_item_get_child (item);
  g_autofree char *text = NULL;

  for (guint i = 0; severities[i] != NULL; i++)
    gtk_widget_remove_css_class (l, severities[i]);
  gtk_widget_remove_css_class (l, "badge");
  gtk_widget_remove_css_class (l, "status-new");
  if (g_str_equal (column, "last_seen"))
    text = ioc_format_time_short (ioc_record_get_string (r, "last_seen"));
  else if (g_str_equal (column, "severity"))
    {
      const char *s = ioc_record_get_string (r, "severity");
      text = g_strdup (ioc_severity_label (s));
      gtk_widget_add_css_class (l, "badge");
      if (s != NULL)
        gtk_widget_add_css_class (l, s);
    }
  else if (g_str_equal (column, "category"))
    text = g_strdup (ioc_alert_category_label (ioc_record_get_string (r, "category")));
  else if (g_str_equal (column, "status"))
    {
      const char *who = ioc_record_get_string (r, "assignee");
      const char *st = ioc_record_get_string (r, "status");
      text = g_strcmp0 (st, "assigned") == 0 && who != NULL ? g_strdup_printf ("%s · %s", ioc_alert_status_label (st), who)
                                                            : g_strdup (ioc_alert_status_label (st));
      if (g_strcmp0 (st, "new") == 0)
        gtk_widget_add_css_class (l, "status-new");
    }
  else if (g_str_equal (column, "count"))
    text = g_strdup_printf ("%" G_GINT64_FORMAT, ioc_record_get_int (r, "count", 1));
  else
    text = g_strdup (ioc_record_get_string (r, column) ?: "—");
  if (g_strcmp0 (gtk_label_get_text (GTK_LABEL (l)), text) != 0)
    gtk_label_set_text (GTK_LABEL (l), text);
  /* Long signatures and sites are ellipsised: the whole text on hover.
   * (Setting a tooltip asks the X server where the pointer is: only when
   * it changes.) */
  if (g_str_equal (column, "signature") || g_str_equal (column, "site") || g_str_equal (column, "host"))
    {
      const char *old = gtk_widget_get_tooltip_text (l);
      if (g_strcmp0 (old, text) != 0)
        gtk_widget_set_tooltip_text (l, text);
    }
}

static void
on_record_changed (IocRecord   *r,
                   GtkListItem *item)
{
  fill_cell (item, g_object_get_data (G_OBJECT (item), "column"));
}

static void
bind_label (GtkSignalListItemFactory *f,
            GtkListItem              *item,
            gpointer                  column)
{
  IocRecord *r = gtk_list_item_get_item (item);

  g_object_set_data (G_OBJECT (item), "column", column);
  fill_cell (item, column);
  /* In-place updates (count, status) redraw the cell, not the list. */
  g_signal_connect (r, "changed", G_CALLBACK (on_record_changed), item);
}

static void
unbind_label (GtkSignalListItemFactory *f,
              GtkListItem              *item,
              gpointer                  column)
{
  IocRecord *r = gtk_list_item_get_item (item);
  if (r != NULL)
    g_signal_handlers_disconnect_by_func (r, on_record_changed, item);
}

static int
compare_column (gconstpointer a,
                gconstpointer b,
                gpointer      column)
{
  IocRecord *x = (IocRecord *) a, *y = (IocRecord *) b;
  gint64 d;

  if (g_str_equal (column, "severity"))
    d = ioc_record_get_int (x, "severity_rank", 0) - ioc_record_get_int (y, "severity_rank", 0);
  else if (g_str_equal (column, "count"))
    d = ioc_record_get_int (x, "count", 0) - ioc_record_get_int (y, "count", 0);
  else
    return g_strcmp0 (ioc_record_get_string (x, column), ioc_record_get_string (y, column));
  return d < 0 ? -1 : d > 0;
}

static GtkColumnViewColumn *
add_column (IocSocWall *self,
            const char *title,
            const char *column,
            int         width)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *col;
  GtkSorter *sorter = GTK_SORTER (gtk_custom_sorter_new (compare_column, (gpointer) column, NULL));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_label), (gpointer) column);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_label), (gpointer) column);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_label), (gpointer) column);
  col = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_sorter (col, sorter);
  if (width > 0)
    gtk_column_view_column_set_fixed_width (col, width);
  else
    gtk_column_view_column_set_expand (col, TRUE);
  gtk_column_view_column_set_resizable (col, TRUE);
  gtk_column_view_append_column (self->view, col);
  g_object_unref (sorter);
  g_object_unref (col);
  return col;
}

/* ---- filter ------------------------------------------------------------- */

static gboolean
filter_alert (gpointer item,
              gpointer user_data)
{
  IocSocWall *self = user_data;
  IocRecord *r = item;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search));
  guint sev = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->severity_dd));
  guint st = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->status_dd));

  if (sev > 0 && sev <= N_SEV && g_strcmp0 (ioc_record_get_string (r, "severity"), severities[sev - 1]) != 0)
    return FALSE;
  if (st == 0 && !alert_is_open (r))
    return FALSE;
  if (*text != '\0')
    {
      static const char *const fields[] = { "signature", "site", "host", "src_ip", "dst_ip", "assignee", NULL };
      g_autofree char *needle = g_utf8_casefold (text, -1);
      for (guint i = 0; fields[i] != NULL; i++)
        {
          const char *v = ioc_record_get_string (r, fields[i]);
          g_autofree char *hay = v != NULL ? g_utf8_casefold (v, -1) : NULL;
          if (hay != NULL && strstr (hay, needle) != NULL)
            return TRUE;
        }
      return FALSE;
    }
  return TRUE;
}

static void update_actions (IocSocWall *self);

/* Refilters, keeping the selected alert selected when it still shows. */
static void
refilter (IocSocWall *self)
{
  IocRecord *selected = gtk_single_selection_get_selected_item (self->selection);
  g_autoptr(IocRecord) keep = selected != NULL ? g_object_ref (selected) : NULL;
  GListModel *model = G_LIST_MODEL (self->selection);

  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  if (keep != NULL)
    for (guint i = 0; i < g_list_model_get_n_items (model); i++)
      {
        g_autoptr(IocRecord) r = g_list_model_get_item (model, i);
        if (r == keep)
          {
            gtk_single_selection_set_selected (self->selection, i);
            break;
          }
      }
  gtk_widget_set_visible (self->empty, g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0);
  update_actions (self);
}

/* ---- counters, sites, timeline ------------------------------------------ */

static GtkWidget *
counter (const char *css,
         const char *label,
         gint64      value)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  g_autofree char *v = g_strdup_printf ("%" G_GINT64_FORMAT, value);
  GtkWidget *lv = gtk_label_new (v), *ll = gtk_label_new (label);

  gtk_widget_add_css_class (box, "counter");
  if (css != NULL)
    gtk_widget_add_css_class (box, css);
  if (value == 0)
    gtk_widget_add_css_class (box, "zero");
  gtk_widget_add_css_class (lv, "value");
  gtk_widget_add_css_class (ll, "label");
  gtk_box_append (GTK_BOX (box), lv);
  gtk_box_append (GTK_BOX (box), ll);
  return box;
}

static void
clear_box (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    gtk_widget_unparent (child);
}

static GtkWidget *
title_label (const char *text)
{
  GtkWidget *t = gtk_label_new (text);

  gtk_widget_add_css_class (t, "panel-title");
  gtk_label_set_xalign (GTK_LABEL (t), 0);
  return t;
}

static GtkWidget *
count_row (const char *name,
           gint64      value,
           gboolean    ellipsize_middle)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *l = gtk_label_new (name);
  g_autofree char *v = g_strdup_printf ("%" G_GINT64_FORMAT, value);
  GtkWidget *n = gtk_label_new (v);

  gtk_label_set_xalign (GTK_LABEL (l), 0);
  gtk_label_set_ellipsize (GTK_LABEL (l), ellipsize_middle ? PANGO_ELLIPSIZE_MIDDLE : PANGO_ELLIPSIZE_END);
  gtk_widget_set_tooltip_text (l, name);
  gtk_widget_set_hexpand (l, TRUE);
  gtk_widget_add_css_class (n, "count");
  gtk_box_append (GTK_BOX (row), l);
  gtk_box_append (GTK_BOX (row), n);
  return row;
}

typedef struct { const char *site; gint64 hits; } SiteHits;

static int
by_hits (gconstpointer a,
         gconstpointer b)
{
  const SiteHits *x = a, *y = b;
  if (x->hits != y->hits)
    return x->hits < y->hits ? 1 : -1;
  return g_strcmp0 (x->site, y->site);
}

static void
update_counters (IocSocWall *self)
{
  GListModel *alerts = G_LIST_MODEL (ioc_models_get_alerts (self->models));
  guint n = g_list_model_get_n_items (alerts);
  gint64 open = 0;
  g_autoptr(GHashTable) sites = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) ranked = g_array_new (FALSE, FALSE, sizeof (SiteHits));
  guint hours[TIMELINE_HOURS * N_SEV] = { 0 };
  gint64 end = (g_get_real_time () / G_USEC_PER_SEC / 3600 + 1) * 3600;
  GHashTableIter iter;
  gpointer k, v;

  memset (self->open_by_severity, 0, sizeof self->open_by_severity);
  g_hash_table_remove_all (self->open_by_category);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(IocRecord) r = g_list_model_get_item (alerts, i);
      const char *s = ioc_record_get_string (r, "severity");
      const char *site = ioc_record_get_string (r, "site");
      const char *first = ioc_record_get_string (r, "time");
      gint64 count = ioc_record_get_int (r, "count", 1);
      guint sev = N_SEV - 1;

      for (guint k2 = 0; k2 < N_SEV; k2++)
        if (g_strcmp0 (s, severities[k2]) == 0)
          sev = k2;
      if (alert_is_open (r))
        {
          const char *cat = ioc_record_get_string (r, "category") ?: "other";
          open++;
          self->open_by_severity[sev]++;
          g_hash_table_insert (self->open_by_category, (gpointer) g_intern_string (cat),
                               GINT_TO_POINTER (GPOINTER_TO_INT (g_hash_table_lookup (self->open_by_category, cat)) + 1));
        }
      if (site != NULL)
        g_hash_table_insert (sites, (gpointer) site,
                             GSIZE_TO_POINTER (GPOINTER_TO_SIZE (g_hash_table_lookup (sites, site)) + (gsize) count));
      if (first != NULL)
        {
          g_autoptr(GDateTime) t = g_date_time_new_from_iso8601 (first, NULL);
          gint64 age = t != NULL ? end - g_date_time_to_unix (t) : -1;
          if (age > 0 && age <= TIMELINE_HOURS * 3600)
            hours[(TIMELINE_HOURS - 1 - (age - 1) / 3600) * N_SEV + sev]++;
        }
    }

  clear_box (self->counters);
  /* Translators: the counter of open SOC alerts (short: it sits beside the critical, high … counters) */
  gtk_box_append (GTK_BOX (self->counters), counter ("open", C_("alerts", "Open"), open));
  for (guint k2 = 0; k2 < N_SEV; k2++)
    gtk_box_append (GTK_BOX (self->counters), counter (severities[k2], ioc_severity_label (severities[k2]),
                                                       self->open_by_severity[k2]));

  clear_box (self->categories);
  gtk_box_append (GTK_BOX (self->categories), title_label (_("Open by category")));
  {
    GtkWidget *grid = gtk_grid_new ();
    guint shown = 0;
    gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
    gtk_grid_set_column_homogeneous (GTK_GRID (grid), TRUE);
    for (guint c = 0; categories[c] != NULL; c++)
      {
        gint64 value = GPOINTER_TO_INT (g_hash_table_lookup (self->open_by_category, categories[c]));
        GtkWidget *row = count_row (ioc_alert_category_label (categories[c]), value, FALSE);
        if (value == 0)
          gtk_widget_add_css_class (row, "zero");
        gtk_grid_attach (GTK_GRID (grid), row, shown % 2, shown / 2, 1, 1);
        shown++;
      }
    gtk_box_append (GTK_BOX (self->categories), grid);
  }

  clear_box (self->sites);
  gtk_box_append (GTK_BOX (self->sites), title_label (_("Most targeted sites")));
  g_hash_table_iter_init (&iter, sites);
  while (g_hash_table_iter_next (&iter, &k, &v))
    {
      SiteHits h = { k, (gint64) GPOINTER_TO_SIZE (v) };
      g_array_append_val (ranked, h);
    }
  g_array_sort (ranked, by_hits);
  for (guint i = 0; i < MIN (ranked->len, 4); i++)
    {
      SiteHits *h = &g_array_index (ranked, SiteHits, i);
      gtk_box_append (GTK_BOX (self->sites), count_row (h->site, h->hits, TRUE));
    }
  if (ranked->len == 0)
    {
      GtkWidget *l = gtk_label_new (_("No site attacked in the alerts shown."));
      gtk_label_set_wrap (GTK_LABEL (l), TRUE);
      gtk_label_set_xalign (GTK_LABEL (l), 0);
      gtk_widget_add_css_class (l, "dim");
      gtk_box_append (GTK_BOX (self->sites), l);
    }

  ioc_timeline_view_set_data (IOC_TIMELINE_VIEW (self->timeline), hours, TIMELINE_HOURS, N_SEV, end);
}

static gboolean
update_cb (gpointer user_data)
{
  IocSocWall *self = user_data;

  self->update_id = 0;
  update_counters (self);
  refilter (self);
  return G_SOURCE_REMOVE;
}

/* Alerts come in bursts (hundreds a second from a scan): counters and the
 * filter follow at most four times a second. */
static void
queue_update (IocSocWall *self)
{
  /* Off screen (another wall of the window is shown): later, on map. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->dirty = TRUE;
  else if (self->update_id == 0)
    self->update_id = g_timeout_add (250, update_cb, self);
}

static void
on_alerts_changed (GListModel *list,
                   guint       position,
                   guint       removed,
                   guint       added,
                   gpointer    user_data)
{
  queue_update (user_data);
}

static void
on_models_changed (IocModels  *models,
                   const char *collection,
                   gpointer    user_data)
{
  if (g_str_equal (collection, "alerts"))
    queue_update (user_data);
}

/* ---- actions ------------------------------------------------------------ */

static void
update_actions (IocSocWall *self)
{
  IocRecord *r = gtk_single_selection_get_selected_item (self->selection);
  gboolean act = ioc_client_can_act (ioc_models_get_client (self->models));
  gboolean open = r != NULL && alert_is_open (r);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "alert.acknowledge",
                                 act && r != NULL && g_strcmp0 (ioc_record_get_string (r, "status"), "new") == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "alert.assign", act && open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "alert.resolve", act && open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "alert.false-positive", act && open);
}

static void
set_feedback (IocSocWall *self,
              const char *text)
{
  gtk_label_set_text (GTK_LABEL (self->feedback), text);
  gtk_widget_set_visible (self->feedback, text != NULL && *text != '\0');
}

static void
on_selection_changed (GtkSelectionModel *model,
                      guint              position,
                      guint              n_items,
                      IocSocWall        *self)
{
  set_feedback (self, "");
  update_actions (self);
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ioc_client_request_finish (IOC_CLIENT (source), result, &error);
  IocSocWall *self;

  if (answer == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = IOC_SOC_WALL (user_data);
  set_feedback (self, answer == NULL ? error->message : "");
}

static void
alert_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  IocSocWall *self = IOC_SOC_WALL (widget);
  IocRecord *r = gtk_single_selection_get_selected_item (self->selection);
  const char *action = action_name + strlen ("alert.");
  g_autofree char *path = NULL;
  g_autoptr(JsonObject) o = json_object_new ();
  g_autoptr(JsonNode) body = NULL;

  if (r == NULL)
    {
      set_feedback (self, _("Select an alert first."));
      return;
    }
  path = g_strdup_printf ("/api/v1/alerts/%s/%s", ioc_record_get_id (r), action);
  if (g_str_equal (action, "assign"))
    json_object_set_string_member (o, "assignee", ioc_client_get_user_name (ioc_models_get_client (self->models)));
  body = json_node_init_object (json_node_alloc (), o);
  set_feedback (self, _("Sending…"));
  /* The new state comes back by the stream and redraws the row. */
  ioc_client_request_async (ioc_models_get_client (self->models), "POST", path, body,
                            self->cancellable, on_done, self);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  gtk_widget_grab_focus (IOC_SOC_WALL (widget)->search);
}

/* ---- GObject ------------------------------------------------------------ */

static void
ioc_soc_wall_dispose (GObject *object)
{
  IocSocWall *self = IOC_SOC_WALL (object);

  g_clear_handle_id (&self->update_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->models != NULL)
    {
      g_signal_handlers_disconnect_by_data (ioc_models_get_alerts (self->models), self);
      g_signal_handlers_disconnect_by_data (self->models, self);
    }
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  g_clear_pointer (&self->root, gtk_widget_unparent);
  g_clear_object (&self->selection);
  g_clear_object (&self->filter);
  g_clear_object (&self->models);
  g_clear_pointer (&self->open_by_category, g_hash_table_unref);
  G_OBJECT_CLASS (ioc_soc_wall_parent_class)->dispose (object);
}

static void
ioc_soc_wall_map (GtkWidget *widget)
{
  IocSocWall *self = IOC_SOC_WALL (widget);

  GTK_WIDGET_CLASS (ioc_soc_wall_parent_class)->map (widget);
  if (self->dirty)
    {
      self->dirty = FALSE;
      update_counters (self);
      refilter (self);
    }
}

static void
ioc_soc_wall_class_init (IocSocWallClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ioc_soc_wall_dispose;
  widget_class->map = ioc_soc_wall_map;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "socwall");
  gtk_widget_class_install_action (widget_class, "alert.acknowledge", NULL, alert_action);
  gtk_widget_class_install_action (widget_class, "alert.assign", NULL, alert_action);
  gtk_widget_class_install_action (widget_class, "alert.resolve", NULL, alert_action);
  gtk_widget_class_install_action (widget_class, "alert.false-positive", NULL, alert_action);
  gtk_widget_class_install_action (widget_class, "wall.search", NULL, search_action);
}

static void
ioc_soc_wall_init (IocSocWall *self)
{
  self->cancellable = g_cancellable_new ();
  self->open_by_category = g_hash_table_new (g_str_hash, g_str_equal);
  gtk_widget_add_css_class (GTK_WIDGET (self), IOC_WALL_CSS_CLASS);
}

GtkWidget *
ioc_soc_wall_new (IocModels *models)
{
  IocSocWall *self = g_object_new (IOC_TYPE_SOC_WALL, NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *title = gtk_label_new (_("Information security (SOC)"));
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *mid = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *tl = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *scroll = gtk_scrolled_window_new ();
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *caption = gtk_label_new (_("New alerts per hour, last 24 hours"));
  GtkSortListModel *sorted;
  const char *sev_items[] = { _("All severities"), _("Critical"), _("High"), _("Medium"), _("Low"), _("Information"), NULL };
  const char *status_items[] = { _("Open alerts"), _("All alerts"), NULL };
  gboolean act = ioc_client_can_act (ioc_models_get_client (models));

  self->models = g_object_ref (models);

  /* The title, and the open alerts by severity beside it. */
  g_object_set (top, "margin-end", 18, NULL);
  gtk_widget_add_css_class (title, "wall-title");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_box_append (GTK_BOX (top), title);
  self->counters = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_valign (self->counters, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (self->counters, 8);
  gtk_box_append (GTK_BOX (top), self->counters);
  gtk_box_append (GTK_BOX (box), top);

  /* The last 24 hours; open alerts by category; the most targeted sites. */
  g_object_set (mid, "margin-start", 18, "margin-end", 18, NULL);
  gtk_widget_add_css_class (caption, "dim");
  gtk_widget_add_css_class (caption, "caption");
  gtk_label_set_xalign (GTK_LABEL (caption), 0);
  gtk_label_set_ellipsize (GTK_LABEL (caption), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (tl), caption);
  self->timeline = ioc_timeline_view_new ();
  for (guint s = 0; s < N_SEV; s++)
    {
      GdkRGBA c;
      gdk_rgba_parse (&c, severity_colours[s]);
      ioc_timeline_view_set_series (IOC_TIMELINE_VIEW (self->timeline), s, &c, ioc_severity_label (severities[s]));
    }
  gtk_box_append (GTK_BOX (tl), self->timeline);
  gtk_widget_set_hexpand (tl, TRUE);
  gtk_box_append (GTK_BOX (mid), tl);
  self->categories = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class (self->categories, "panel");
  gtk_widget_add_css_class (self->categories, "compact");
  gtk_widget_add_css_class (self->categories, "small-text");
  gtk_widget_set_size_request (self->categories, 380, -1);
  gtk_box_append (GTK_BOX (mid), self->categories);
  self->sites = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class (self->sites, "panel");
  gtk_widget_add_css_class (self->sites, "compact");
  gtk_widget_add_css_class (self->sites, "small-text");
  gtk_widget_set_size_request (self->sites, 300, -1);
  gtk_box_append (GTK_BOX (mid), self->sites);
  gtk_box_append (GTK_BOX (box), mid);

  /* Filter, and what may be done with the selected alert. */
  g_object_set (bar, "margin-start", 18, "margin-end", 18, NULL);
  self->search = gtk_search_entry_new ();
  g_object_set (self->search, "placeholder-text", _("Filter alerts…"), NULL);
  gtk_widget_set_tooltip_text (self->search, _("Filter by signature, site, host or address"));
  gtk_widget_set_hexpand (self->search, TRUE);
  gtk_widget_set_size_request (self->search, 160, -1);
  gtk_box_append (GTK_BOX (bar), self->search);
  self->severity_dd = gtk_drop_down_new_from_strings (sev_items);
  gtk_widget_set_tooltip_text (self->severity_dd, _("Severity"));
  gtk_box_append (GTK_BOX (bar), self->severity_dd);
  self->status_dd = gtk_drop_down_new_from_strings (status_items);
  gtk_widget_set_tooltip_text (self->status_dd, _("Status"));
  gtk_box_append (GTK_BOX (bar), self->status_dd);
  self->actions = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_add_css_class (self->actions, "alert-actions");
  gtk_box_append (GTK_BOX (self->actions), ioc_action_button (_("_Acknowledge"), "alert.acknowledge", NULL, _("Acknowledge the selected alert (Ctrl+K)")));
  gtk_box_append (GTK_BOX (self->actions), ioc_action_button (_("Assign to _me"), "alert.assign", NULL, _("Assign the selected alert to me (Ctrl+Shift+A)")));
  gtk_box_append (GTK_BOX (self->actions), ioc_action_button (_("_Resolve"), "alert.resolve", NULL, _("Resolve the selected alert (Ctrl+Shift+D)")));
  gtk_box_append (GTK_BOX (self->actions), ioc_action_button (_("_False positive"), "alert.false-positive", NULL,
                                                          _("Mark the selected alert as a false positive (Ctrl+Shift+P)")));
  /* Leaders read only: no action at all. */
  gtk_widget_set_visible (self->actions, act);
  gtk_box_append (GTK_BOX (bar), self->actions);
  gtk_box_append (GTK_BOX (box), bar);

  /* The live list, newest first. */
  self->filter = gtk_custom_filter_new (filter_alert, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (ioc_models_get_alerts (models))),
                                              GTK_FILTER (g_object_ref (self->filter)));
  self->view = GTK_COLUMN_VIEW (gtk_column_view_new (NULL));
  gtk_column_view_set_show_column_separators (self->view, FALSE);
  sorted = gtk_sort_list_model_new (G_LIST_MODEL (self->filtered),
                                    g_object_ref (gtk_column_view_get_sorter (self->view)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (sorted));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->view, GTK_SELECTION_MODEL (self->selection));
  self->last_seen_column = add_column (self, _("Last seen"), "last_seen", 140);
  add_column (self, _("Severity"), "severity", 165);
  add_column (self, _("Category"), "category", 150);
  add_column (self, _("Site"), "site", 190);
  add_column (self, _("Host"), "host", 130);
  add_column (self, _("Signature"), "signature", 0);
  add_column (self, _("Count"), "count", 70);
  add_column (self, _("Status"), "status", 120);
  gtk_column_view_sort_by_column (self->view, self->last_seen_column, GTK_SORT_DESCENDING);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), GTK_WIDGET (self->view));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroll), GTK_POLICY_AUTOMATIC, GTK_POLICY_AUTOMATIC);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), scroll);
  self->feedback = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->feedback, "toast");
  gtk_widget_set_halign (self->feedback, GTK_ALIGN_START);
  gtk_widget_set_valign (self->feedback, GTK_ALIGN_END);
  gtk_widget_set_can_target (self->feedback, FALSE);
  gtk_widget_set_visible (self->feedback, FALSE);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), self->feedback);
  self->empty = gtk_label_new (_("No open alert. The SOC sends new ones here as they arrive."));
  gtk_widget_add_css_class (self->empty, "placeholder");
  gtk_label_set_wrap (GTK_LABEL (self->empty), TRUE);
  gtk_label_set_justify (GTK_LABEL (self->empty), GTK_JUSTIFY_CENTER);
  gtk_widget_set_can_target (self->empty, FALSE);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), self->empty);
  g_object_set (overlay, "margin-start", 18, "margin-end", 18, "margin-bottom", 12, "vexpand", TRUE, NULL);
  gtk_box_append (GTK_BOX (box), overlay);

  g_signal_connect_swapped (self->search, "search-changed", G_CALLBACK (refilter), self);
  g_signal_connect_swapped (self->severity_dd, "notify::selected", G_CALLBACK (refilter), self);
  g_signal_connect_swapped (self->status_dd, "notify::selected", G_CALLBACK (refilter), self);
  g_signal_connect (self->selection, "selection-changed", G_CALLBACK (on_selection_changed), self);
  g_signal_connect (ioc_models_get_alerts (models), "items-changed", G_CALLBACK (on_alerts_changed), self);
  g_signal_connect (models, "changed", G_CALLBACK (on_models_changed), self);
  update_counters (self);
  refilter (self);

  self->root = box;
  gtk_widget_set_parent (box, GTK_WIDGET (self));
  return GTK_WIDGET (self);
}

guint
ioc_soc_wall_count_rows (IocSocWall *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
}

gint64
ioc_soc_wall_count_open (IocSocWall *self,
                         const char *severity)
{
  for (guint i = 0; i < N_SEV; i++)
    if (g_strcmp0 (severities[i], severity) == 0)
      return self->open_by_severity[i];
  return -1;
}

gint64
ioc_soc_wall_count_category (IocSocWall *self,
                             const char *category)
{
  return GPOINTER_TO_INT (g_hash_table_lookup (self->open_by_category, category));
}

guint
ioc_soc_wall_timeline_total (IocSocWall *self)
{
  return ioc_timeline_view_get_total (IOC_TIMELINE_VIEW (self->timeline));
}

gboolean
ioc_soc_wall_select (IocSocWall *self,
                     const char *alert_id)
{
  GListModel *model = G_LIST_MODEL (self->selection);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(IocRecord) r = g_list_model_get_item (model, i);
      if (g_strcmp0 (ioc_record_get_id (r), alert_id) == 0)
        {
          gtk_single_selection_set_selected (self->selection, i);
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
ioc_soc_wall_actions_visible (IocSocWall *self)
{
  return gtk_widget_get_visible (self->actions);
}

gboolean
ioc_soc_wall_action_enabled (IocSocWall *self,
                             const char *action)
{
  /* Buttons follow their action's enabled state. */
  for (GtkWidget *b = gtk_widget_get_first_child (self->actions); b != NULL; b = gtk_widget_get_next_sibling (b))
    if (GTK_IS_ACTIONABLE (b) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (b)), action) == 0)
      return gtk_widget_get_sensitive (b);
  return FALSE;
}
