/* ioc-dossier-wall.c — see ioc-dossier-wall.h */
#include "config.h"

#include "ioc-dossier-wall.h"
#include "ioc-labels.h"

#include <glib/gi18n.h>

struct _IocDossierWall
{
  GtkWidget  parent_instance;
  IocModels *models;
  GtkWidget *root;
  GtkWidget *heatmap;
  GtkWidget *tickets;
  GtkWidget *subtitle;
  GPtrArray *row_units;
};

G_DEFINE_FINAL_TYPE (IocDossierWall, ioc_dossier_wall, GTK_TYPE_WIDGET)

typedef struct { char *id; gint64 sum; } UnitSum;

static int
worst_first (gconstpointer a,
             gconstpointer b)
{
  const UnitSum *x = a, *y = b;
  if (x->sum != y->sum)
    return x->sum < y->sum ? 1 : -1;
  return g_strcmp0 (x->id, y->id);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(char **) a, *(char **) b);
}

static void
rebuild (IocDossierWall *self)
{
  JsonArray *rows = ioc_models_get_dossier_stats (self->models);
  g_autoptr(GHashTable) sums = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) date_set = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) units = g_array_new (FALSE, FALSE, sizeof (UnitSum));
  g_autoptr(GPtrArray) dates = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) row_of = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) col_of = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree gint64 *cells = NULL;
  guint n = rows != NULL ? json_array_get_length (rows) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *o = json_array_get_object_element (rows, i);
      const char *u = json_object_get_string_member (o, "unit_id");
      const char *d = json_object_get_string_member (o, "date");
      gint64 v = json_object_get_int_member (o, "value");
      g_hash_table_insert (sums, (gpointer) u, GSIZE_TO_POINTER (GPOINTER_TO_SIZE (g_hash_table_lookup (sums, u)) + v));
      g_hash_table_add (date_set, (gpointer) d);
    }
  {
    GHashTableIter iter;
    gpointer k, v;
    g_hash_table_iter_init (&iter, sums);
    while (g_hash_table_iter_next (&iter, &k, &v))
      {
        UnitSum s = { k, (gint64) GPOINTER_TO_SIZE (v) };
        g_array_append_val (units, s);
      }
    g_array_sort (units, worst_first);
    g_hash_table_iter_init (&iter, date_set);
    while (g_hash_table_iter_next (&iter, &k, NULL))
      g_ptr_array_add (dates, g_strdup (k));
  }
  g_ptr_array_sort (dates, compare_strings);

  g_ptr_array_set_size (self->row_units, 0);
  for (guint i = 0; i < units->len; i++)
    {
      UnitSum *s = &g_array_index (units, UnitSum, i);
      const char *name = ioc_models_unit_name (self->models, s->id);
      g_ptr_array_add (names, g_strdup (name != NULL ? name : s->id));
      g_ptr_array_add (self->row_units, g_strdup (s->id));
      g_hash_table_insert (row_of, s->id, GUINT_TO_POINTER (i + 1));
    }
  for (guint i = 0; i < dates->len; i++)
    g_hash_table_insert (col_of, dates->pdata[i], GUINT_TO_POINTER (i + 1));
  cells = g_new (gint64, MAX (1, units->len * dates->len));
  for (guint i = 0; i < units->len * dates->len; i++)
    cells[i] = -1;
  for (guint i = 0; i < n; i++)
    {
      JsonObject *o = json_array_get_object_element (rows, i);
      guint r = GPOINTER_TO_UINT (g_hash_table_lookup (row_of, json_object_get_string_member (o, "unit_id")));
      guint c = GPOINTER_TO_UINT (g_hash_table_lookup (col_of, json_object_get_string_member (o, "date")));
      if (r > 0 && c > 0)
        cells[(r - 1) * dates->len + (c - 1)] = json_object_get_int_member (o, "value");
    }
  ioc_heatmap_view_set_data (IOC_HEATMAP_VIEW (self->heatmap), names, dates, cells);
  if (dates->len > 0)
    {
      g_autofree char *sub = g_strdup_printf (_("%u agencies × %u report dates, %s to %s · worst first"),
                                              units->len, dates->len, (char *) dates->pdata[0],
                                              (char *) dates->pdata[dates->len - 1]);
      gtk_label_set_text (GTK_LABEL (self->subtitle), sub);
    }
}

static void
rebuild_tickets (IocDossierWall *self)
{
  IocRecordList *tickets = ioc_models_get_tickets (self->models);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (tickets));
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->tickets)) != NULL)
    gtk_box_remove (GTK_BOX (self->tickets), child);
  {
    GtkWidget *t = gtk_label_new (_("Warning tickets"));
    gtk_widget_add_css_class (t, "panel-title");
    gtk_label_set_xalign (GTK_LABEL (t), 0);
    gtk_box_append (GTK_BOX (self->tickets), t);
  }
  if (n == 0)
    gtk_box_append (GTK_BOX (self->tickets), gtk_label_new (_("No warning ticket issued.")));
  for (guint i = 0; i < MIN (n, 12); i++)
    {
      g_autoptr(IocRecord) r = g_list_model_get_item (G_LIST_MODEL (tickets), n - 1 - i);
      const char *unit = ioc_models_unit_name (self->models, ioc_record_get_string (r, "unit_id"));
      g_autofree char *line = g_strdup_printf ("%s — %s", unit != NULL ? unit : ioc_record_get_string (r, "unit_id"),
                                               ioc_ticket_status_label (ioc_record_get_string (r, "status")));
      GtkWidget *l = gtk_label_new (line);
      gtk_label_set_xalign (GTK_LABEL (l), 0);
      gtk_label_set_wrap (GTK_LABEL (l), TRUE);
      gtk_box_append (GTK_BOX (self->tickets), l);
    }
}

static void
on_models_changed (IocModels  *models,
                   const char *collection,
                   gpointer    user_data)
{
  if (g_str_equal (collection, "warning-tickets"))
    rebuild_tickets (user_data);
}

static void
on_loaded (IocModels *models,
           gpointer   user_data)
{
  rebuild (user_data);
  rebuild_tickets (user_data);
}

static void
ioc_dossier_wall_dispose (GObject *object)
{
  IocDossierWall *self = IOC_DOSSIER_WALL (object);

  if (self->models != NULL)
    g_signal_handlers_disconnect_by_data (self->models, self);
  g_clear_pointer (&self->root, gtk_widget_unparent);
  g_clear_object (&self->models);
  g_clear_pointer (&self->row_units, g_ptr_array_unref);
  G_OBJECT_CLASS (ioc_dossier_wall_parent_class)->dispose (object);
}

static void
ioc_dossier_wall_class_init (IocDossierWallClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ioc_dossier_wall_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "dossierwall");
}

static void
ioc_dossier_wall_init (IocDossierWall *self)
{
  self->row_units = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_add_css_class (GTK_WIDGET (self), "wall");
}

GtkWidget *
ioc_dossier_wall_new (IocModels *models)
{
  IocDossierWall *self = g_object_new (IOC_TYPE_DOSSIER_WALL, NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *title = gtk_label_new (_("Overdue public-service dossiers by agency"));
  GtkWidget *scroll = gtk_scrolled_window_new ();

  self->models = g_object_ref (models);
  gtk_widget_add_css_class (title, "wall-title");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_box_append (GTK_BOX (box), title);
  self->subtitle = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->subtitle, "dim");
  gtk_label_set_xalign (GTK_LABEL (self->subtitle), 0);
  gtk_widget_set_margin_start (self->subtitle, 18);
  gtk_box_append (GTK_BOX (box), self->subtitle);

  self->heatmap = ioc_heatmap_view_new ();
  gtk_widget_set_hexpand (self->heatmap, TRUE);
  gtk_widget_set_vexpand (self->heatmap, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), self->heatmap);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroll), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_hexpand (scroll, TRUE);
  gtk_box_append (GTK_BOX (row), scroll);
  self->tickets = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_add_css_class (self->tickets, "panel");
  gtk_widget_set_size_request (self->tickets, 260, -1);
  gtk_box_append (GTK_BOX (row), self->tickets);
  gtk_widget_set_vexpand (row, TRUE);
  gtk_widget_set_margin_start (row, 12);
  gtk_widget_set_margin_end (row, 12);
  gtk_widget_set_margin_bottom (row, 12);
  gtk_box_append (GTK_BOX (box), row);

  self->root = box;
  gtk_widget_set_parent (box, GTK_WIDGET (self));
  g_signal_connect (models, "loaded", G_CALLBACK (on_loaded), self);
  g_signal_connect (models, "changed", G_CALLBACK (on_models_changed), self);
  if (ioc_models_is_loaded (models))
    on_loaded (models, self);
  return GTK_WIDGET (self);
}

IocHeatmapView *
ioc_dossier_wall_get_heatmap (IocDossierWall *self)
{
  return IOC_HEATMAP_VIEW (self->heatmap);
}

const char *
ioc_dossier_wall_row_unit (IocDossierWall *self,
                           guint           row)
{
  return row < self->row_units->len ? g_ptr_array_index (self->row_units, row) : NULL;
}
