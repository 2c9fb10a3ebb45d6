/* ioc-camera-wall-layouts.c — layouts saved per monitor, paging, the tour
 *
 * GSettings (vn.gov.daklak.IocConsole):
 *   camera-layouts        a(ssuas)  (monitor, name, columns, camera ids by tile)
 *   camera-current        a{s(uas)} monitor → the tiles as last left there
 *   camera-tour-interval  u         seconds per page of the tour
 * A monitor is its connector ("DUMMY1", "HDMI-1"), or "desk" for a window
 * with the wall switcher, so a wall screen keeps its cameras across
 * restarts and re-plugging. Pages are the cameras of the list (as the
 * search filters it), columns² at a time, in the list's order.
 */
#include "config.h"

#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "ioc-camera-wall"

#include "ioc-camera-wall-private.h"
#include "ioc-window.h"

#include <glib/gi18n.h>

#define DEFAULT_TOUR_S 20

/* ---- monitors --------------------------------------------------------- */

const char *
ioc_camera_wall_get_monitor (IocCameraWall *self)
{
  if (self->monitor == NULL)
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      const char *key = root != NULL && IOC_IS_WINDOW (root) ? ioc_window_get_monitor_key (IOC_WINDOW (root)) : NULL;

      /* "DUMMY1 1280x720+1280+0" → "DUMMY1" */
      self->monitor = key != NULL && *key != '\0' ? g_strndup (key, strcspn (key, " ")) : g_strdup ("desk");
    }
  return self->monitor;
}

static GVariant *
tiles_variant (IocCameraWall *self)
{
  GVariantBuilder cams;
  guint last = 0;

  /* Up to the last tile with a camera (empty ones in between stay "" ). */
  for (guint i = 0; i < IOC_CAMERA_WALL_MAX_TILES; i++)
    if (self->tiles[i].camera_id != NULL)
      last = i + 1;
  g_variant_builder_init (&cams, G_VARIANT_TYPE ("as"));
  for (guint i = 0; i < last; i++)
    g_variant_builder_add (&cams, "s", self->tiles[i].camera_id != NULL ? self->tiles[i].camera_id : "");
  return g_variant_new ("(uas)", self->columns, &cams);
}

static void
apply_variant (IocCameraWall *self,
               guint          columns,
               GVariant      *cameras)
{
  gsize n = 0;
  g_autofree const char **ids = g_variant_get_strv (cameras, &n);

  self->loading_layout = TRUE;
  ioc_camera_wall_apply_tiles (self, columns, ids, (guint) MIN (n, IOC_CAMERA_WALL_MAX_TILES));
  self->loading_layout = FALSE;
}

/* ---- the current tiles, per monitor ----------------------------------- */

static gboolean
save_current (gpointer data)
{
  IocCameraWall *self = data;
  g_autoptr(GVariant) old = NULL;
  GVariantBuilder b;
  GVariantIter iter;
  const char *k;
  GVariant *v;

  self->save_id = 0;
  if (self->settings == NULL)
    return G_SOURCE_REMOVE;
  old = g_settings_get_value (self->settings, "camera-current");
  g_variant_builder_init (&b, G_VARIANT_TYPE ("a{s(uas)}"));
  g_variant_iter_init (&iter, old);
  while (g_variant_iter_next (&iter, "{&s@(uas)}", &k, &v))
    {
      if (!g_str_equal (k, ioc_camera_wall_get_monitor (self)))
        g_variant_builder_add (&b, "{s@(uas)}", k, v);
      g_variant_unref (v);
    }
  g_variant_builder_add (&b, "{s@(uas)}", ioc_camera_wall_get_monitor (self), tiles_variant (self));
  g_settings_set_value (self->settings, "camera-current", g_variant_builder_end (&b));
  return G_SOURCE_REMOVE;
}

void
ioc_camera_wall_layouts_changed (IocCameraWall *self)
{
  /* Not while a layout loads, nor the tour's pages, nor before the wall
   * knows its monitor. */
  if (self->loading_layout || self->tour || self->monitor == NULL || self->settings == NULL)
    return;
  if (self->save_id == 0)
    self->save_id = g_timeout_add (1000, save_current, self);
}

static void
default_tiles (IocCameraWall *self)
{
  g_autoptr(GPtrArray) listed = ioc_camera_wall_dup_listed (self);

  self->loading_layout = TRUE;
  ioc_camera_wall_apply_tiles (self, 3, (const char *const *) listed->pdata, MIN (listed->len, 9));
  self->loading_layout = FALSE;
}

static void refresh_names (IocCameraWall *self);

void
ioc_camera_wall_layouts_restore (IocCameraWall *self)
{
  g_autoptr(GVariant) current = NULL;
  g_autoptr(GVariant) cameras = NULL;
  guint columns;

  if (self->monitor != NULL)
    return;   /* once, at the first map */
  ioc_camera_wall_get_monitor (self);
  refresh_names (self);
  if (self->settings == NULL)
    {
      default_tiles (self);
      return;
    }
  current = g_settings_get_value (self->settings, "camera-current");
  if (g_variant_lookup (current, self->monitor, "(u@as)", &columns, &cameras))
    apply_variant (self, columns, cameras);
  else
    default_tiles (self);
}

/* ---- named layouts ---------------------------------------------------- */

static void
refresh_names (IocCameraWall *self)
{
  g_auto(GStrv) names = ioc_camera_wall_list_layouts (self);

  self->loading_layout = TRUE;
  gtk_string_list_splice (self->layout_names, 0, g_list_model_get_n_items (G_LIST_MODEL (self->layout_names)),
                          (const char *const *) names);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->layout_dropdown), GTK_INVALID_LIST_POSITION);
  gtk_widget_set_sensitive (self->layout_dropdown, names[0] != NULL);
  self->loading_layout = FALSE;
}

GStrv
ioc_camera_wall_list_layouts (IocCameraWall *self)
{
  g_autoptr(GStrvBuilder) out = g_strv_builder_new ();
  g_autoptr(GVariant) all = NULL;
  GVariantIter iter;
  const char *monitor, *name;

  if (self->settings != NULL)
    {
      all = g_settings_get_value (self->settings, "camera-layouts");
      g_variant_iter_init (&iter, all);
      while (g_variant_iter_next (&iter, "(&s&su@as)", &monitor, &name, NULL, NULL))
        if (g_str_equal (monitor, ioc_camera_wall_get_monitor (self)))
          g_strv_builder_add (out, name);
    }
  return g_strv_builder_end (out);
}

/* Starts @b with every saved layout but this monitor's called @name. */
static void
layouts_but (IocCameraWall   *self,
             const char      *name,
             GVariantBuilder *b)
{
  g_autoptr(GVariant) all = g_settings_get_value (self->settings, "camera-layouts");
  GVariantIter iter;
  GVariant *row;

  g_variant_builder_init (b, G_VARIANT_TYPE ("a(ssuas)"));
  g_variant_iter_init (&iter, all);
  while ((row = g_variant_iter_next_value (&iter)) != NULL)
    {
      const char *monitor, *n;
      g_variant_get (row, "(&s&su@as)", &monitor, &n, NULL, NULL);
      if (!g_str_equal (monitor, ioc_camera_wall_get_monitor (self)) || !g_str_equal (n, name))
        g_variant_builder_add_value (b, row);
      g_variant_unref (row);
    }
}

gboolean
ioc_camera_wall_save_layout (IocCameraWall *self,
                             const char    *name)
{
  g_autofree char *clean = g_strstrip (g_strdup (name != NULL ? name : ""));
  GVariantBuilder b;

  if (self->settings == NULL || *clean == '\0')
    return FALSE;
  /* A layout of the same name on this monitor is replaced. */
  layouts_but (self, clean, &b);
  {
    g_autoptr(GVariant) tiles = g_variant_ref_sink (tiles_variant (self));
    guint columns;
    g_autoptr(GVariant) cams = NULL;

    g_variant_get (tiles, "(u@as)", &columns, &cams);
    g_variant_builder_add (&b, "(ssu@as)", ioc_camera_wall_get_monitor (self), clean, columns, cams);
  }
  g_settings_set_value (self->settings, "camera-layouts", g_variant_builder_end (&b));
  refresh_names (self);
  return TRUE;
}

gboolean
ioc_camera_wall_load_layout (IocCameraWall *self,
                             const char    *name)
{
  g_autoptr(GVariant) all = NULL;
  GVariantIter iter;
  GVariant *row;
  gboolean found = FALSE;

  if (self->settings == NULL || name == NULL)
    return FALSE;
  all = g_settings_get_value (self->settings, "camera-layouts");
  g_variant_iter_init (&iter, all);
  while (!found && (row = g_variant_iter_next_value (&iter)) != NULL)
    {
      const char *monitor, *n;
      guint columns;
      g_autoptr(GVariant) cams = NULL;

      g_variant_get (row, "(&s&su@as)", &monitor, &n, &columns, &cams);
      if (g_str_equal (monitor, ioc_camera_wall_get_monitor (self)) && g_str_equal (n, name))
        {
          ioc_camera_wall_set_tour (self, FALSE);
          apply_variant (self, columns, cams);
          ioc_camera_wall_layouts_changed (self);
          found = TRUE;
        }
      g_variant_unref (row);
    }
  return found;
}

static void
delete_layout (IocCameraWall *self,
               const char    *name)
{
  GVariantBuilder b;

  if (self->settings == NULL || name == NULL)
    return;
  layouts_but (self, name, &b);
  g_settings_set_value (self->settings, "camera-layouts", g_variant_builder_end (&b));
  refresh_names (self);
}

static const char *
selected_name (IocCameraWall *self)
{
  guint pos = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->layout_dropdown));

  return pos != GTK_INVALID_LIST_POSITION ? gtk_string_list_get_string (self->layout_names, pos) : NULL;
}

static void
on_layout_selected (GObject       *dropdown,
                    GParamSpec    *pspec,
                    IocCameraWall *self)
{
  if (!self->loading_layout && selected_name (self) != NULL)
    ioc_camera_wall_load_layout (self, selected_name (self));
}

static void
on_save_clicked (GtkWidget     *button,
                 IocCameraWall *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->layout_entry));
  g_autofree char *text = NULL;
  g_autofree char *clean = g_strstrip (g_strdup (name));

  if (*clean == '\0')
    {
      ioc_camera_wall_show_feedback (self, _("Give the layout a name first."), TRUE);
      return;
    }
  if (!ioc_camera_wall_save_layout (self, clean))
    {
      ioc_camera_wall_show_feedback (self, _("Layouts cannot be saved: the settings schema is not installed."), TRUE);
      return;
    }
  gtk_popover_popdown (GTK_POPOVER (self->save_popover));
  /* Translators: %s is the name of a camera layout */
  text = g_strdup_printf (_("Layout “%s” saved for this screen."), clean);
  ioc_camera_wall_show_feedback (self, text, FALSE);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->layout_names)); i++)
    if (g_str_equal (gtk_string_list_get_string (self->layout_names, i), clean))
      {
        self->loading_layout = TRUE;
        gtk_drop_down_set_selected (GTK_DROP_DOWN (self->layout_dropdown), i);
        self->loading_layout = FALSE;
      }
}

static void
on_delete_clicked (GtkWidget     *button,
                   IocCameraWall *self)
{
  g_autofree char *name = g_strdup (selected_name (self));

  if (name != NULL)
    delete_layout (self, name);
}

/* ---- pages and the tour ----------------------------------------------- */

static guint
n_pages (IocCameraWall *self,
         guint          n_cameras)
{
  guint per = self->columns * self->columns;

  return MAX (1, (n_cameras + per - 1) / per);
}

static void
update_page_label (IocCameraWall *self,
                   guint          pages)
{
  g_autofree char *text = NULL;

  /* Translators: a page of the camera list, "Page 2/9" */
  text = g_strdup_printf (_("Page %u/%u"), self->page + 1, pages);
  gtk_label_set_text (GTK_LABEL (self->page_label), text);
}

void
ioc_camera_wall_show_page (IocCameraWall *self,
                           guint          page)
{
  g_autoptr(GPtrArray) listed = ioc_camera_wall_dup_listed (self);
  guint per = self->columns * self->columns;
  guint pages = n_pages (self, listed->len);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  /* Past the end wraps to the first page, before the first to the last. */
  page = page == G_MAXUINT ? pages - 1 : page % pages;
  self->page = page;
  for (guint i = page * per; i < MIN (listed->len, (page + 1) * per); i++)
    g_ptr_array_add (ids, g_ptr_array_index (listed, i));
  self->loading_layout = self->tour;
  ioc_camera_wall_apply_tiles (self, self->columns, (const char *const *) ids->pdata, ids->len);
  self->loading_layout = FALSE;
  update_page_label (self, pages);
  if (ioc_camera_wall_get_enlarged (self) != NULL)
    ioc_camera_wall_enlarge (self, -1);
}

guint
ioc_camera_wall_get_page (IocCameraWall *self)
{
  return self->page;
}

static guint
tour_interval (IocCameraWall *self)
{
  return self->settings != NULL ? g_settings_get_uint (self->settings, "camera-tour-interval") : DEFAULT_TOUR_S;
}

static gboolean
on_tour_tick (gpointer data)
{
  IocCameraWall *self = data;

  ioc_camera_wall_show_page (self, self->page + 1);
  return G_SOURCE_CONTINUE;
}

static void
restart_tour_timer (IocCameraWall *self)
{
  g_clear_handle_id (&self->tour_id, g_source_remove);
  if (self->tour)
    self->tour_id = g_timeout_add_seconds (MAX (5, tour_interval (self)), on_tour_tick, self);
}

void
ioc_camera_wall_set_tour (IocCameraWall *self,
                          gboolean       on)
{
  if (self->tour == on)
    return;
  if (on)
    {
      /* Keep the tiles to put them back when the tour ends. */
      for (guint i = 0; i < IOC_CAMERA_WALL_MAX_TILES; i++)
        {
          g_free (self->saved_tiles[i]);
          self->saved_tiles[i] = g_strdup (self->tiles[i].camera_id);
        }
      self->saved_columns = self->columns;
      self->tour = TRUE;
      ioc_camera_wall_show_page (self, 0);
    }
  else
    {
      self->tour = FALSE;
      self->loading_layout = TRUE;
      ioc_camera_wall_apply_tiles (self, self->saved_columns, (const char *const *) self->saved_tiles,
                                   IOC_CAMERA_WALL_MAX_TILES);
      self->loading_layout = FALSE;
      for (guint i = 0; i < IOC_CAMERA_WALL_MAX_TILES; i++)
        g_clear_pointer (&self->saved_tiles[i], g_free);
    }
  restart_tour_timer (self);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->tour_button), on);
  gtk_widget_set_visible (self->page_label, on);
}

gboolean
ioc_camera_wall_get_tour (IocCameraWall *self)
{
  return self->tour;
}

static void
on_tour_toggled (GtkToggleButton *button,
                 IocCameraWall   *self)
{
  ioc_camera_wall_set_tour (self, gtk_toggle_button_get_active (button));
}

static void
on_interval_changed (GSettings     *settings,
                     const char    *key,
                     IocCameraWall *self)
{
  restart_tour_timer (self);
}

/* ---- the bar ---------------------------------------------------------- */

GtkWidget *
ioc_camera_wall_build_layout_bar (IocCameraWall *self)
{
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *menu = gtk_menu_button_new ();
  GtkWidget *pop = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *row, *ok, *del, *label;
  GtkExpression *expr = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");

  /* Everything about layouts in one popover: the toolbar must fit a
   * 1280 px screen at the wall's type size. */
  gtk_menu_button_set_label (GTK_MENU_BUTTON (menu), _("Layouts"));
  gtk_widget_set_tooltip_text (menu, _("Layouts saved for this screen, and the tour (Ctrl+Shift+S saves)"));
  gtk_widget_add_css_class (pop, "layout-popover");

  label = gtk_label_new (_("Layouts of this screen"));
  gtk_widget_add_css_class (label, "panel-title");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (pop), label);
  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  self->layout_names = gtk_string_list_new (NULL);
  self->layout_dropdown = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->layout_names)), expr);
  gtk_widget_set_tooltip_text (self->layout_dropdown, _("Choose a layout to show it"));
  gtk_widget_set_hexpand (self->layout_dropdown, TRUE);
  g_signal_connect (self->layout_dropdown, "notify::selected", G_CALLBACK (on_layout_selected), self);
  gtk_box_append (GTK_BOX (row), self->layout_dropdown);
  del = gtk_button_new_with_label (_("Delete"));
  gtk_widget_set_tooltip_text (del, _("Delete the layout chosen in the list"));
  g_signal_connect (del, "clicked", G_CALLBACK (on_delete_clicked), self);
  gtk_box_append (GTK_BOX (row), del);
  gtk_box_append (GTK_BOX (pop), row);

  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  self->layout_entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->layout_entry), _("Name of the layout"));
  gtk_widget_set_hexpand (self->layout_entry, TRUE);
  g_signal_connect (self->layout_entry, "activate", G_CALLBACK (on_save_clicked), self);
  gtk_box_append (GTK_BOX (row), self->layout_entry);
  ok = gtk_button_new_with_mnemonic (_("_Save layout"));
  gtk_widget_set_tooltip_text (ok, _("Save these tiles as a named layout for this screen"));
  g_signal_connect (ok, "clicked", G_CALLBACK (on_save_clicked), self);
  gtk_box_append (GTK_BOX (row), ok);
  gtk_box_append (GTK_BOX (pop), row);

  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  label = gtk_label_new (_("Tour: seconds per page"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (row), label);
  self->tour_spin = gtk_spin_button_new_with_range (5, 600, 5);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->tour_spin), DEFAULT_TOUR_S);
  if (self->settings != NULL)
    {
      g_settings_bind (self->settings, "camera-tour-interval", self->tour_spin, "value", G_SETTINGS_BIND_DEFAULT);
      g_signal_connect (self->settings, "changed::camera-tour-interval", G_CALLBACK (on_interval_changed), self);
    }
  gtk_box_append (GTK_BOX (row), self->tour_spin);
  gtk_box_append (GTK_BOX (pop), row);

  self->save_popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (self->save_popover), pop);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (menu), self->save_popover);
  gtk_box_append (GTK_BOX (bar), menu);

  self->tour_button = gtk_toggle_button_new_with_mnemonic (_("_Tour"));
  gtk_widget_set_tooltip_text (self->tour_button, _("Page through the cameras of the list (Ctrl+T)"));
  g_signal_connect (self->tour_button, "toggled", G_CALLBACK (on_tour_toggled), self);
  gtk_box_append (GTK_BOX (bar), self->tour_button);
  self->page_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->page_label, "dim");
  gtk_widget_set_visible (self->page_label, FALSE);
  gtk_box_append (GTK_BOX (bar), self->page_label);
  return bar;
}

void
ioc_camera_wall_layouts_init (IocCameraWall *self)
{
  self->page = 0;
}

void
ioc_camera_wall_layouts_dispose (IocCameraWall *self)
{
  if (self->save_id != 0)
    {
      g_clear_handle_id (&self->save_id, g_source_remove);
      save_current (self);
    }
  g_clear_handle_id (&self->tour_id, g_source_remove);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  for (guint i = 0; i < IOC_CAMERA_WALL_MAX_TILES; i++)
    g_clear_pointer (&self->saved_tiles[i], g_free);
  g_clear_object (&self->layout_names);
  g_clear_pointer (&self->monitor, g_free);
}
