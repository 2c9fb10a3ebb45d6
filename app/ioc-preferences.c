/* ioc-preferences.c — see ioc-preferences.h */
#include "config.h"

#include "ioc-preferences.h"
#include "ioc-window.h"

#include <glib/gi18n.h>
#include <string.h>

struct _IocPreferences
{
  GtkWindow       parent_instance;
  IocApplication *app;
  GtkWidget      *monitors_grid;
  GtkWidget      *tile_entry;
  GtkWidget      *tile_status;
  GtkWidget      *sound_switch;
  GPtrArray      *dropdowns;      /* one per monitor, in order */
};

G_DEFINE_FINAL_TYPE (IocPreferences, ioc_preferences, GTK_TYPE_WINDOW)

gboolean
ioc_tile_url_is_valid (const char *url)
{
  if (url == NULL || *url == '\0')
    return TRUE;
  return (g_str_has_prefix (url, "http://") || g_str_has_prefix (url, "https://")) &&
         strstr (url, "{z}") != NULL && strstr (url, "{x}") != NULL && strstr (url, "{y}") != NULL &&
         g_uri_is_valid (url, G_URI_FLAGS_PARSE_RELAXED, NULL);
}

/* ---- walls per monitor -------------------------------------------------- */

static void
on_wall_chosen (GtkDropDown    *dd,
                GParamSpec     *pspec,
                IocPreferences *self)
{
  GdkMonitor *m = g_object_get_data (G_OBJECT (dd), "monitor");
  guint pos = gtk_drop_down_get_selected (dd);

  if (m != NULL && pos < 5)
    ioc_application_assign_wall (self->app, m, ioc_wall_names[pos]);
}

static char *
describe_monitor (GdkMonitor *m,
                  guint       index)
{
  GdkRectangle g;
  const char *connector = gdk_monitor_get_connector (m);

  gdk_monitor_get_geometry (m, &g);
  /* Translators: a monitor: its number, its connector, its size and position */
  return g_strdup_printf (_("Monitor %u (%s) — %d × %d at %d, %d"), index + 1,
                          connector != NULL ? connector : "?", g.width, g.height, g.x, g.y);
}

static void
rebuild_monitors (IocPreferences *self)
{
  GListModel *monitors = gdk_display_get_monitors (gtk_widget_get_display (GTK_WIDGET (self)));
  const char *titles[6];
  GtkWidget *child;

  for (guint i = 0; i < 5; i++)
    titles[i] = ioc_wall_title (ioc_wall_names[i]);
  titles[5] = NULL;
  while ((child = gtk_widget_get_first_child (self->monitors_grid)) != NULL)
    gtk_grid_remove (GTK_GRID (self->monitors_grid), child);
  g_ptr_array_set_size (self->dropdowns, 0);
  for (guint i = 0; i < g_list_model_get_n_items (monitors); i++)
    {
      g_autoptr(GdkMonitor) m = g_list_model_get_item (monitors, i);
      g_autofree char *wall = ioc_application_wall_for_monitor (self->app, m, i);
      g_autofree char *text = describe_monitor (m, i);
      GtkWidget *label = gtk_label_new (text);
      GtkWidget *dd = gtk_drop_down_new_from_strings (titles);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_hexpand (label, TRUE);
      for (guint k = 0; k < 5; k++)
        if (g_str_equal (ioc_wall_names[k], wall))
          gtk_drop_down_set_selected (GTK_DROP_DOWN (dd), k);
      gtk_accessible_update_property (GTK_ACCESSIBLE (dd), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
      g_object_set_data_full (G_OBJECT (dd), "monitor", g_object_ref (m), g_object_unref);
      g_signal_connect (dd, "notify::selected", G_CALLBACK (on_wall_chosen), self);
      gtk_grid_attach (GTK_GRID (self->monitors_grid), label, 0, (int) i, 1, 1);
      gtk_grid_attach (GTK_GRID (self->monitors_grid), dd, 1, (int) i, 1, 1);
      g_ptr_array_add (self->dropdowns, dd);
    }
}

static gboolean
rebuild_idle (gpointer user_data)
{
  IocPreferences *self = user_data;

  if (self->dropdowns != NULL)
    rebuild_monitors (self);
  return G_SOURCE_REMOVE;
}

static void
on_monitors_changed (GListModel     *monitors,
                     guint           position,
                     guint           removed,
                     guint           added,
                     IocPreferences *self)
{
  /* A new monitor's connector and geometry come just after this. */
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, rebuild_idle, g_object_ref (self), g_object_unref);
}

/* ---- the base map ------------------------------------------------------- */

static void
apply_tile_url (IocPreferences *self)
{
  GSettings *settings = ioc_application_get_settings (self->app);
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->tile_entry))));

  if (!ioc_tile_url_is_valid (url))
    {
      gtk_label_set_text (GTK_LABEL (self->tile_status),
                          _("Not a tile address: it must start with http:// or https:// and contain {z}, {x} and {y}."));
      gtk_widget_add_css_class (self->tile_status, "error");
      return;
    }
  gtk_widget_remove_css_class (self->tile_status, "error");
  if (settings != NULL)
    g_settings_set_string (settings, "online-tile-url", url);
  gtk_label_set_text (GTK_LABEL (self->tile_status),
                      *url == '\0' ? _("The map uses the IOC server's offline base map.")
                                   : _("The map uses this online base map."));
}

/* ---- GObject ------------------------------------------------------------ */

static void
ioc_preferences_dispose (GObject *object)
{
  IocPreferences *self = IOC_PREFERENCES (object);

  g_signal_handlers_disconnect_by_data (gdk_display_get_monitors (gtk_widget_get_display (GTK_WIDGET (self))), self);
  g_clear_pointer (&self->dropdowns, g_ptr_array_unref);
  g_clear_object (&self->app);
  G_OBJECT_CLASS (ioc_preferences_parent_class)->dispose (object);
}

static void
ioc_preferences_class_init (IocPreferencesClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ioc_preferences_dispose;
  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_Escape, 0, "window.close", NULL);
}

static GtkWidget *
section (GtkWidget  *box,
         const char *title,
         const char *hint)
{
  GtkWidget *t = gtk_label_new (title);
  GtkWidget *frame = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);

  gtk_widget_add_css_class (t, "title-4");
  gtk_label_set_xalign (GTK_LABEL (t), 0);
  gtk_box_append (GTK_BOX (box), t);
  if (hint != NULL)
    {
      GtkWidget *h = gtk_label_new (hint);
      gtk_widget_add_css_class (h, "dim-label");
      gtk_label_set_wrap (GTK_LABEL (h), TRUE);
      gtk_label_set_xalign (GTK_LABEL (h), 0);
      gtk_label_set_max_width_chars (GTK_LABEL (h), 60);
      gtk_box_append (GTK_BOX (box), h);
    }
  gtk_widget_add_css_class (frame, "card");
  gtk_widget_add_css_class (frame, "prefs-section");
  gtk_box_append (GTK_BOX (box), frame);
  return frame;
}

static void
ioc_preferences_init (IocPreferences *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *frame, *row, *apply, *l;

  self->dropdowns = g_ptr_array_new ();
  gtk_window_set_title (GTK_WINDOW (self), _("Preferences"));
  gtk_window_set_default_size (GTK_WINDOW (self), 640, -1);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self), "preferences");
  g_object_set (box, "margin-top", 18, "margin-bottom", 18, "margin-start", 18, "margin-end", 18, NULL);

  frame = section (box, _("Walls on each monitor"),
                   _("Saved for each monitor by its connector and position, and shown at once."));
  self->monitors_grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (self->monitors_grid), 8);
  gtk_grid_set_column_spacing (GTK_GRID (self->monitors_grid), 12);
  gtk_box_append (GTK_BOX (frame), self->monitors_grid);

  frame = section (box, _("Base map"),
                   _("Leave the address empty to use the IOC server's offline map (no internet needed). "
                     "An online map takes a raster tile address such as https://tile.example.org/{z}/{x}/{y}.png."));
  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  self->tile_entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->tile_entry), _("Online tile address (empty: offline map)"));
  gtk_entry_set_input_purpose (GTK_ENTRY (self->tile_entry), GTK_INPUT_PURPOSE_URL);
  gtk_widget_set_hexpand (self->tile_entry, TRUE);
  g_signal_connect_swapped (self->tile_entry, "activate", G_CALLBACK (apply_tile_url), self);
  gtk_box_append (GTK_BOX (row), self->tile_entry);
  apply = gtk_button_new_with_mnemonic (_("_Apply"));
  g_signal_connect_swapped (apply, "clicked", G_CALLBACK (apply_tile_url), self);
  gtk_box_append (GTK_BOX (row), apply);
  gtk_box_append (GTK_BOX (frame), row);
  self->tile_status = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->tile_status), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->tile_status), 0);
  gtk_box_append (GTK_BOX (frame), self->tile_status);

  frame = section (box, _("Alarm"), NULL);
  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  l = gtk_label_new (_("Sound for critical security alerts (the banner is always shown)"));
  gtk_label_set_wrap (GTK_LABEL (l), TRUE);
  gtk_label_set_xalign (GTK_LABEL (l), 0);
  gtk_widget_set_hexpand (l, TRUE);
  gtk_box_append (GTK_BOX (row), l);
  self->sound_switch = gtk_switch_new ();
  gtk_widget_set_valign (self->sound_switch, GTK_ALIGN_CENTER);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->sound_switch), GTK_ACCESSIBLE_RELATION_LABELLED_BY, l, NULL, -1);
  gtk_box_append (GTK_BOX (row), self->sound_switch);
  gtk_box_append (GTK_BOX (frame), row);

  gtk_window_set_child (GTK_WINDOW (self), box);
}

GtkWindow *
ioc_preferences_new (IocApplication *app)
{
  IocPreferences *self = g_object_new (IOC_TYPE_PREFERENCES, "application", app, NULL);
  GSettings *settings = ioc_application_get_settings (app);

  self->app = g_object_ref (app);
  if (settings != NULL)
    {
      g_autofree char *url = g_settings_get_string (settings, "online-tile-url");
      gtk_editable_set_text (GTK_EDITABLE (self->tile_entry), url);
      g_settings_bind (settings, "sound", self->sound_switch, "active", G_SETTINGS_BIND_DEFAULT);
    }
  else
    {
      gtk_widget_set_sensitive (self->tile_entry, FALSE);
      gtk_widget_set_sensitive (self->sound_switch, FALSE);
      gtk_label_set_text (GTK_LABEL (self->tile_status), _("Settings are not kept: the GSettings schema is not installed."));
    }
  rebuild_monitors (self);
  g_signal_connect (gdk_display_get_monitors (gtk_widget_get_display (GTK_WIDGET (self))), "items-changed",
                    G_CALLBACK (on_monitors_changed), self);
  return GTK_WINDOW (self);
}

void
ioc_preferences_choose_wall (IocPreferences *self,
                             guint           index,
                             const char     *wall)
{
  g_return_if_fail (index < self->dropdowns->len);
  for (guint k = 0; k < 5; k++)
    if (g_str_equal (ioc_wall_names[k], wall))
      gtk_drop_down_set_selected (GTK_DROP_DOWN (g_ptr_array_index (self->dropdowns, index)), k);
}

guint
ioc_preferences_get_n_monitors (IocPreferences *self)
{
  return self->dropdowns->len;
}

gboolean
ioc_preferences_apply_tile_url (IocPreferences *self,
                                const char     *url)
{
  gtk_editable_set_text (GTK_EDITABLE (self->tile_entry), url);
  apply_tile_url (self);
  return ioc_tile_url_is_valid (url);
}
