/* ioc-soc-wall.c — see ioc-soc-wall.h */
#include "config.h"

#include "ioc-soc-wall.h"
#include "ioc-labels.h"

#include <glib/gi18n.h>
#include <string.h>

struct _IocSocWall
{
  GtkWidget           parent_instance;
  IocModels          *models;
  GtkWidget          *root;
  GtkColumnView      *view;
  GtkFilterListModel *filtered;
  GtkSingleSelection *selection;
  GtkCustomFilter    *filter;
  GtkWidget          *search;
  GtkWidget          *severity_dd;
  GtkWidget          *counters;
  GtkWidget          *sites;
  GtkWidget          *actions;
  GtkWidget          *feedback;
  GCancellable       *cancellable;
};

G_DEFINE_FINAL_TYPE (IocSocWall, ioc_soc_wall, GTK_TYPE_WIDGET)

static const char *const severities[] = { "critical", "high", "medium", "low", "info", NULL };

/* ---- cells ------------------------------------------------------------ */

static void
setup_label (GtkSignalListItemFactory *f,
             GtkListItem              *item,
             gpointer                  data)
{
  GtkWidget *l = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (l), 0);
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
  if (g_str_equal (column, "last_seen"))
    text = ioc_format_time (ioc_record_get_string (r, "last_seen"));
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
    text = g_strdup (ioc_alert_status_label (ioc_record_get_string (r, "status")));
  else if (g_str_equal (column, "count"))
    text = g_strdup_printf ("%" G_GINT64_FORMAT, ioc_record_get_int (r, "count", 1));
  else
    text = g_strdup (ioc_record_get_string (r, column) ?: "—");
  gtk_label_set_text (GTK_LABEL (l), text);
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

  if (g_str_equal (column, "severity"))
    return (int) (ioc_record_get_int (x, "severity_rank", 0) - ioc_record_get_int (y, "severity_rank", 0));
  if (g_str_equal (column, "count"))
    return (int) (ioc_record_get_int (x, "count", 0) - ioc_record_get_int (y, "count", 0));
  return g_strcmp0 (ioc_record_get_string (x, column), ioc_record_get_string (y, column));
}

static void
add_column (IocSocWall *self,
            const char *title,
            const char *column,
            int         width)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *col;
  GtkSorter *sorter = GTK_SORTER (gtk_custom_sorter_new (compare_column, (gpointer) column, NULL));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_label), NULL);
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
}

/* ---- filter and counters ---------------------------------------------- */

static gboolean
filter_alert (gpointer item,
              gpointer user_data)
{
  IocSocWall *self = user_data;
  IocRecord *r = item;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search));
  guint sev = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->severity_dd));

  if (sev > 0 && sev <= 5 && g_strcmp0 (ioc_record_get_string (r, "severity"), severities[sev - 1]) != 0)
    return FALSE;
  if (*text != '\0')
    {
      static const char *const fields[] = { "signature", "site", "host", "src_ip", "dst_ip", NULL };
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

static void
refilter (IocSocWall *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

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
  gtk_widget_add_css_class (lv, "value");
  gtk_widget_add_css_class (ll, "label");
  gtk_box_append (GTK_BOX (box), lv);
  gtk_box_append (GTK_BOX (box), ll);
  return box;
}

static void
update_counters (IocSocWall *self)
{
  IocRecordList *alerts = ioc_models_get_alerts (self->models);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (alerts));
  gint64 by_sev[5] = { 0 }, open = 0;
  g_autoptr(GHashTable) sites = g_hash_table_new (g_str_hash, g_str_equal);
  GtkWidget *child;
  GList *keys;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(IocRecord) r = g_list_model_get_item (G_LIST_MODEL (alerts), i);
      const char *s = ioc_record_get_string (r, "severity");
      const char *site = ioc_record_get_string (r, "site");
      const char *status = ioc_record_get_string (r, "status");
      gint64 count = ioc_record_get_int (r, "count", 1);

      for (guint k = 0; k < 5; k++)
        if (g_strcmp0 (s, severities[k]) == 0)
          by_sev[k] += count;
      if (g_strcmp0 (status, "resolved") != 0 && g_strcmp0 (status, "false_positive") != 0)
        open++;
      if (site != NULL)
        g_hash_table_insert (sites, (gpointer) site,
                             GINT_TO_POINTER (GPOINTER_TO_INT (g_hash_table_lookup (sites, site)) + (int) count));
    }
  while ((child = gtk_widget_get_first_child (self->counters)) != NULL)
    gtk_box_remove (GTK_BOX (self->counters), child);
  gtk_box_append (GTK_BOX (self->counters), counter (NULL, _("Open alerts"), open));
  for (guint k = 0; k < 5; k++)
    gtk_box_append (GTK_BOX (self->counters), counter (severities[k], ioc_severity_label (severities[k]), by_sev[k]));

  /* Most-targeted sites. */
  while ((child = gtk_widget_get_first_child (self->sites)) != NULL)
    gtk_box_remove (GTK_BOX (self->sites), child);
  {
    GtkWidget *t = gtk_label_new (_("Most targeted sites"));
    gtk_widget_add_css_class (t, "panel-title");
    gtk_label_set_xalign (GTK_LABEL (t), 0);
    gtk_box_append (GTK_BOX (self->sites), t);
  }
  keys = g_hash_table_get_keys (sites);
  for (guint shown = 0; shown < 6 && keys != NULL; shown++)
    {
      GList *best = keys;
      g_autofree char *line = NULL;
      GtkWidget *l;
      for (GList *k = keys; k != NULL; k = k->next)
        if (GPOINTER_TO_INT (g_hash_table_lookup (sites, k->data)) > GPOINTER_TO_INT (g_hash_table_lookup (sites, best->data)))
          best = k;
      line = g_strdup_printf ("%s — %d", (char *) best->data, GPOINTER_TO_INT (g_hash_table_lookup (sites, best->data)));
      l = gtk_label_new (line);
      gtk_label_set_xalign (GTK_LABEL (l), 0);
      gtk_label_set_ellipsize (GTK_LABEL (l), PANGO_ELLIPSIZE_MIDDLE);
      gtk_box_append (GTK_BOX (self->sites), l);
      keys = g_list_delete_link (keys, best);
    }
  if (g_hash_table_size (sites) == 0)
    {
      GtkWidget *l = gtk_label_new (_("No site attacked in the alerts shown."));
      gtk_label_set_wrap (GTK_LABEL (l), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (l), 24);
      gtk_label_set_xalign (GTK_LABEL (l), 0);
      gtk_box_append (GTK_BOX (self->sites), l);
    }
  g_list_free (keys);
}

static void
on_alerts_changed (GListModel *list,
                   guint       position,
                   guint       removed,
                   guint       added,
                   gpointer    user_data)
{
  update_counters (user_data);
}

static void
on_models_changed (IocModels  *models,
                   const char *collection,
                   gpointer    user_data)
{
  if (g_str_equal (collection, "alerts"))
    update_counters (user_data);
}

/* ---- actions ---------------------------------------------------------- */

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ioc_client_request_finish (IOC_CLIENT (source), result, &error);

  if (answer == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    gtk_label_set_text (GTK_LABEL (IOC_SOC_WALL (user_data)->feedback), error->message);
  else if (answer != NULL)
    gtk_label_set_text (GTK_LABEL (IOC_SOC_WALL (user_data)->feedback), "");
}

static void
on_action (GtkButton  *button,
           IocSocWall *self)
{
  IocRecord *r = gtk_single_selection_get_selected_item (self->selection);
  const char *action = g_object_get_data (G_OBJECT (button), "action");
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) body = NULL;

  if (r == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->feedback), _("Select an alert first."));
      return;
    }
  path = g_strdup_printf ("/api/v1/alerts/%s/%s", ioc_record_get_id (r), action);
  if (g_str_equal (action, "assign"))
    {
      JsonObject *o = json_object_new ();
      json_object_set_string_member (o, "assignee", ioc_client_get_user_name (ioc_models_get_client (self->models)));
      body = json_node_init_object (json_node_alloc (), o);
      json_object_unref (o);
    }
  ioc_client_request_async (ioc_models_get_client (self->models), "POST", path, body,
                            self->cancellable, on_done, self);
}

static GtkWidget *
action_button (IocSocWall *self,
               const char *label,
               const char *action)
{
  GtkWidget *b = gtk_button_new_with_mnemonic (label);
  g_object_set_data (G_OBJECT (b), "action", (gpointer) action);
  g_signal_connect (b, "clicked", G_CALLBACK (on_action), self);
  return b;
}

static void
ioc_soc_wall_dispose (GObject *object)
{
  IocSocWall *self = IOC_SOC_WALL (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->models != NULL)
    {
      g_signal_handlers_disconnect_by_data (ioc_models_get_alerts (self->models), self);
      g_signal_handlers_disconnect_by_data (self->models, self);
    }
  g_clear_pointer (&self->root, gtk_widget_unparent);
  g_clear_object (&self->models);
  G_OBJECT_CLASS (ioc_soc_wall_parent_class)->dispose (object);
}

static void
ioc_soc_wall_class_init (IocSocWallClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ioc_soc_wall_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "socwall");
}

static void
ioc_soc_wall_init (IocSocWall *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_add_css_class (GTK_WIDGET (self), "wall");
}

GtkWidget *
ioc_soc_wall_new (IocModels *models)
{
  IocSocWall *self = g_object_new (IOC_TYPE_SOC_WALL, NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
  GtkWidget *title = gtk_label_new (_("Information security (SOC)"));
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *main_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *scroll = gtk_scrolled_window_new ();
  GtkSortListModel *sorted;
  const char *sev_items[] = { _("All severities"), _("Critical"), _("High"), _("Medium"), _("Low"), _("Information"), NULL };

  self->models = g_object_ref (models);
  gtk_widget_add_css_class (title, "wall-title");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_box_append (GTK_BOX (box), title);

  self->counters = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  gtk_widget_set_margin_start (self->counters, 18);
  gtk_box_append (GTK_BOX (box), self->counters);

  gtk_widget_set_margin_start (bar, 18);
  gtk_widget_set_margin_end (bar, 18);
  self->search = gtk_search_entry_new ();
  g_object_set (self->search, "placeholder-text", _("Filter by signature, site, host or address"), NULL);
  gtk_widget_set_hexpand (self->search, TRUE);
  gtk_box_append (GTK_BOX (bar), self->search);
  self->severity_dd = gtk_drop_down_new_from_strings (sev_items);
  gtk_box_append (GTK_BOX (bar), self->severity_dd);
  self->actions = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (self->actions), action_button (self, _("_Acknowledge"), "acknowledge"));
  gtk_box_append (GTK_BOX (self->actions), action_button (self, _("Assign to _me"), "assign"));
  gtk_box_append (GTK_BOX (self->actions), action_button (self, _("_Resolve"), "resolve"));
  gtk_box_append (GTK_BOX (self->actions), action_button (self, _("_False positive"), "false-positive"));
  gtk_widget_set_visible (self->actions, ioc_client_can_act (ioc_models_get_client (models)));
  gtk_box_append (GTK_BOX (bar), self->actions);
  gtk_box_append (GTK_BOX (box), bar);
  self->feedback = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->feedback, "error");
  gtk_box_append (GTK_BOX (box), self->feedback);

  self->filter = gtk_custom_filter_new (filter_alert, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (ioc_models_get_alerts (models))),
                                              GTK_FILTER (g_object_ref (self->filter)));
  self->view = GTK_COLUMN_VIEW (gtk_column_view_new (NULL));
  sorted = gtk_sort_list_model_new (G_LIST_MODEL (self->filtered),
                                    g_object_ref (gtk_column_view_get_sorter (self->view)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (sorted));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_column_view_set_model (self->view, GTK_SELECTION_MODEL (self->selection));
  add_column (self, _("Last seen"), "last_seen", 150);
  add_column (self, _("Severity"), "severity", 125);
  add_column (self, _("Category"), "category", 150);
  add_column (self, _("Site"), "site", 190);
  add_column (self, _("Host"), "host", 110);
  add_column (self, _("Signature"), "signature", 0);
  add_column (self, _("Count"), "count", 70);
  add_column (self, _("Status"), "status", 125);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), GTK_WIDGET (self->view));
  gtk_widget_set_hexpand (scroll, TRUE);
  gtk_box_append (GTK_BOX (main_row), scroll);
  self->sites = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_add_css_class (self->sites, "panel");
  gtk_widget_set_size_request (self->sites, 280, -1);
  gtk_box_append (GTK_BOX (main_row), self->sites);
  gtk_widget_set_vexpand (main_row, TRUE);
  gtk_widget_set_margin_start (main_row, 18);
  gtk_widget_set_margin_end (main_row, 18);
  gtk_widget_set_margin_bottom (main_row, 12);
  gtk_box_append (GTK_BOX (box), main_row);

  g_signal_connect_swapped (self->search, "search-changed", G_CALLBACK (refilter), self);
  g_signal_connect_swapped (self->severity_dd, "notify::selected", G_CALLBACK (refilter), self);
  g_signal_connect (ioc_models_get_alerts (models), "items-changed", G_CALLBACK (on_alerts_changed), self);
  g_signal_connect (models, "changed", G_CALLBACK (on_models_changed), self);
  update_counters (self);

  self->root = box;
  gtk_widget_set_parent (box, GTK_WIDGET (self));
  return GTK_WIDGET (self);
}

guint
ioc_soc_wall_count_rows (IocSocWall *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
}
