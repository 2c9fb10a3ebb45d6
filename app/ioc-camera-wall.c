/* ioc-camera-wall.c — see ioc-camera-wall.h and ioc-camera-wall-private.h
 *
 * Sixteen tiles are made once; a grid of n×n shows the first n² of them
 * and the others are out of the widget tree, so unmapped, so not decoded
 * (IocVideo plays only while mapped). Enlarging switches a stack to one
 * big video: the grid's tiles are unmapped too. Cameras come from
 * IocModels: a tile follows its camera's record (name, addresses, and
 * "online" again means try now).
 */
#include "config.h"

#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "ioc-camera-wall"

#include "ioc-camera-wall-private.h"
#include "ioc-camera-live.h"
#include "ioc-labels.h"
#include "ioc-wall.h"

#include <glib/gi18n.h>
#include <string.h>

G_DEFINE_FINAL_TYPE (IocCameraWall, ioc_camera_wall, GTK_TYPE_WIDGET)

static void tile_set_camera (IocCameraTile *t, const char *camera_id);

/* ---- helpers ---------------------------------------------------------- */

IocRecord *
ioc_camera_wall_lookup_camera (IocCameraWall *self,
                               const char    *camera_id)
{
  return camera_id != NULL ? ioc_record_list_lookup (ioc_models_get_cameras (self->models), camera_id) : NULL;
}

static gboolean
hide_feedback (gpointer data)
{
  IocCameraWall *self = data;

  self->feedback_id = 0;
  gtk_widget_set_visible (self->feedback, FALSE);
  return G_SOURCE_REMOVE;
}

void
ioc_camera_wall_show_feedback (IocCameraWall *self,
                               const char    *text,
                               gboolean       error)
{
  gtk_label_set_text (GTK_LABEL (self->feedback), text);
  gtk_widget_set_visible (self->feedback, TRUE);
  if (error)
    gtk_widget_add_css_class (self->feedback, "error");
  else
    gtk_widget_remove_css_class (self->feedback, "error");
  g_clear_handle_id (&self->feedback_id, g_source_remove);
  self->feedback_id = g_timeout_add_seconds (8, hide_feedback, self);
}

const char *
ioc_camera_wall_get_feedback (IocCameraWall *self)
{
  return gtk_label_get_text (GTK_LABEL (self->feedback));
}

char *
ioc_camera_wall_dup_snapshot_dir (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source != NULL ? g_settings_schema_source_lookup (source, IOC_APP_SCHEMA, TRUE) : NULL;
  const char *pictures = g_get_user_special_dir (G_USER_DIRECTORY_PICTURES);

  if (schema != NULL)
    {
      g_autoptr(GSettings) settings = g_settings_new (IOC_APP_SCHEMA);
      g_autofree char *dir = g_settings_get_string (settings, "camera-snapshot-dir");
      if (dir != NULL && *dir != '\0')
        return g_steal_pointer (&dir);
    }
  if (pictures != NULL)
    return g_strdup (pictures);
  return g_build_filename (g_get_home_dir (), "Pictures", NULL);
}

/* ---- tiles ------------------------------------------------------------ */

static void
tile_update (IocCameraTile *t)
{
  IocRecord *c = ioc_camera_wall_lookup_camera (t->wall, t->camera_id);

  if (c != NULL)
    {
      ioc_camera_play (IOC_VIDEO (t->video), t->wall->models, c);
      gtk_widget_set_visible (t->hint, FALSE);
    }
  else
    {
      ioc_video_set_camera (IOC_VIDEO (t->video), NULL, NULL, NULL);
      if (t->camera_id != NULL)
        {
          /* Translators: %s is a camera id, such as cam-017 */
          g_autofree char *text = g_strdup_printf (_("Camera %s is not in the registry"), t->camera_id);
          gtk_label_set_text (GTK_LABEL (t->hint), text);
        }
      else
        gtk_label_set_text (GTK_LABEL (t->hint), _("Drag a camera here"));
      gtk_widget_set_visible (t->hint, TRUE);
    }
}

static void
tile_clear_event (IocCameraTile *t)
{
  g_clear_handle_id (&t->event_timeout_id, g_source_remove);
  g_clear_pointer (&t->event_label, g_free);
  gtk_widget_set_visible (t->badge, FALSE);
  gtk_widget_remove_css_class (t->video, "event");
}

static void
tile_set_camera (IocCameraTile *t,
                 const char    *camera_id)
{
  if (camera_id != NULL && *camera_id == '\0')
    camera_id = NULL;
  if (g_strcmp0 (t->camera_id, camera_id) == 0)
    return;
  g_free (t->camera_id);
  t->camera_id = g_strdup (camera_id);
  tile_clear_event (t);
  tile_update (t);
}

void
ioc_camera_wall_select_tile (IocCameraWall *self,
                             guint          tile)
{
  g_return_if_fail (tile < IOC_CAMERA_WALL_MAX_TILES);
  gtk_widget_remove_css_class (self->tiles[self->selected].video, "selected");
  self->selected = tile;
  gtk_widget_add_css_class (self->tiles[tile].video, "selected");
}

static void
on_tile_pressed (GtkGestureClick *gesture,
                 int              n_press,
                 double           x,
                 double           y,
                 IocCameraTile   *t)
{
  ioc_camera_wall_select_tile (t->wall, t->index);
  gtk_widget_grab_focus (t->video);
  if (n_press == 2 && t->camera_id != NULL)
    ioc_camera_wall_enlarge (t->wall, (int) t->index);
}

static void
on_tile_focus (GtkEventControllerFocus *focus,
               IocCameraTile           *t)
{
  ioc_camera_wall_select_tile (t->wall, t->index);
}

static GdkContentProvider *
on_tile_drag_prepare (GtkDragSource *source,
                      double         x,
                      double         y,
                      IocCameraTile *t)
{
  if (t->camera_id == NULL)
    return NULL;
  t->wall->drag_from_tile = (int) t->index;
  return gdk_content_provider_new_typed (G_TYPE_STRING, t->camera_id);
}

static void
on_tile_drag_end (GtkDragSource *source,
                  GdkDrag       *drag,
                  gboolean       delete_data,
                  IocCameraTile *t)
{
  t->wall->drag_from_tile = -1;
}

static gboolean
on_tile_drop (GtkDropTarget *target,
              const GValue  *value,
              double         x,
              double         y,
              IocCameraTile *t)
{
  IocCameraWall *self = t->wall;
  const char *id = g_value_get_string (value);
  int from = self->drag_from_tile;

  if (ioc_camera_wall_lookup_camera (self, id) == NULL)
    return FALSE;   /* text that is not a camera of the registry */
  if (from >= 0 && (guint) from != t->index && g_strcmp0 (self->tiles[from].camera_id, id) == 0)
    {
      /* A tile dragged onto another: they swap. */
      g_autofree char *other = g_strdup (t->camera_id);
      ioc_camera_wall_set_tile_camera (self, (guint) from, other);
    }
  ioc_camera_wall_set_tile_camera (self, t->index, id);
  ioc_camera_wall_select_tile (self, t->index);
  return TRUE;
}

static void
tile_init (IocCameraWall *self,
           guint          index)
{
  IocCameraTile *t = &self->tiles[index];
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();
  GtkDropTarget *drop = gtk_drop_target_new (G_TYPE_STRING, GDK_ACTION_COPY | GDK_ACTION_MOVE);
  GtkDragSource *drag = gtk_drag_source_new ();

  t->wall = self;
  t->index = index;
  t->video = g_object_ref_sink (ioc_video_new ());
  gtk_widget_add_css_class (t->video, "camera-tile");
  gtk_widget_set_focusable (t->video, TRUE);
  gtk_widget_set_hexpand (t->video, TRUE);
  gtk_widget_set_vexpand (t->video, TRUE);
  if (self->settings != NULL)
    {
      ioc_video_set_latency (IOC_VIDEO (t->video), g_settings_get_uint (self->settings, "camera-rtsp-latency"));
      ioc_video_set_tcp (IOC_VIDEO (t->video), g_settings_get_boolean (self->settings, "camera-rtsp-tcp"));
    }

  t->hint = gtk_label_new (_("Drag a camera here"));
  gtk_widget_add_css_class (t->hint, "tile-hint");
  gtk_label_set_wrap (GTK_LABEL (t->hint), TRUE);
  gtk_label_set_justify (GTK_LABEL (t->hint), GTK_JUSTIFY_CENTER);
  gtk_widget_set_halign (t->hint, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (t->hint, GTK_ALIGN_CENTER);
  gtk_widget_set_can_target (t->hint, FALSE);
  ioc_video_add_overlay (IOC_VIDEO (t->video), t->hint);

  t->badge = gtk_label_new (NULL);
  gtk_widget_add_css_class (t->badge, "event-badge");
  gtk_label_set_ellipsize (GTK_LABEL (t->badge), PANGO_ELLIPSIZE_END);
  gtk_widget_set_halign (t->badge, GTK_ALIGN_START);
  gtk_widget_set_valign (t->badge, GTK_ALIGN_START);
  gtk_widget_set_can_target (t->badge, FALSE);
  gtk_widget_set_visible (t->badge, FALSE);
  ioc_video_add_overlay (IOC_VIDEO (t->video), t->badge);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_tile_pressed), t);
  gtk_widget_add_controller (t->video, GTK_EVENT_CONTROLLER (click));
  g_signal_connect (focus, "enter", G_CALLBACK (on_tile_focus), t);
  gtk_widget_add_controller (t->video, focus);
  g_signal_connect (drop, "drop", G_CALLBACK (on_tile_drop), t);
  gtk_widget_add_controller (t->video, GTK_EVENT_CONTROLLER (drop));
  gtk_drag_source_set_actions (drag, GDK_ACTION_MOVE | GDK_ACTION_COPY);
  g_signal_connect (drag, "prepare", G_CALLBACK (on_tile_drag_prepare), t);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_tile_drag_end), t);
  gtk_widget_add_controller (t->video, GTK_EVENT_CONTROLLER (drag));
  tile_update (t);
}

void
ioc_camera_wall_set_tile_camera (IocCameraWall *self,
                                 guint          tile,
                                 const char    *camera_id)
{
  g_return_if_fail (tile < IOC_CAMERA_WALL_MAX_TILES);
  tile_set_camera (&self->tiles[tile], camera_id);
  ioc_camera_wall_layouts_changed (self);
}

const char *
ioc_camera_wall_get_tile_camera (IocCameraWall *self,
                                 guint          tile)
{
  g_return_val_if_fail (tile < IOC_CAMERA_WALL_MAX_TILES, NULL);
  return self->tiles[tile].camera_id;
}

IocVideo *
ioc_camera_wall_get_tile_video (IocCameraWall *self,
                                guint          tile)
{
  g_return_val_if_fail (tile < IOC_CAMERA_WALL_MAX_TILES, NULL);
  return IOC_VIDEO (self->tiles[tile].video);
}

/* ---- the grid --------------------------------------------------------- */

void
ioc_camera_wall_set_columns (IocCameraWall *self,
                             guint          columns)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (self->grid);

  columns = CLAMP (columns, 1, 4);
  for (guint i = 0; i < IOC_CAMERA_WALL_MAX_TILES; i++)
    {
      GtkWidget *v = self->tiles[i].video;
      gboolean attached = gtk_widget_get_parent (v) == self->grid;

      if (i >= columns * columns)
        {
          /* Out of the tree: unmapped, not decoded. */
          if (attached)
            gtk_grid_remove (GTK_GRID (self->grid), v);
        }
      else if (attached)
        {
          /* Moved, not re-added: it keeps playing. */
          GtkGridLayoutChild *cell = GTK_GRID_LAYOUT_CHILD (gtk_layout_manager_get_layout_child (layout, v));
          gtk_grid_layout_child_set_column (cell, (int) (i % columns));
          gtk_grid_layout_child_set_row (cell, (int) (i / columns));
        }
      else
        gtk_grid_attach (GTK_GRID (self->grid), v, (int) (i % columns), (int) (i / columns), 1, 1);
    }
  for (guint i = 0; i < G_N_ELEMENTS (self->grid_buttons); i++)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->grid_buttons[i]), i + 1 == columns);
  self->columns = columns;
  if (self->selected >= columns * columns)
    ioc_camera_wall_select_tile (self, 0);
  ioc_camera_wall_layouts_changed (self);
}

guint
ioc_camera_wall_get_columns (IocCameraWall *self)
{
  return self->columns;
}

void
ioc_camera_wall_apply_tiles (IocCameraWall      *self,
                             guint               columns,
                             const char *const  *cameras,
                             guint               n)
{
  for (guint i = 0; i < IOC_CAMERA_WALL_MAX_TILES; i++)
    tile_set_camera (&self->tiles[i], i < n ? cameras[i] : NULL);
  ioc_camera_wall_set_columns (self, columns);
}

void
ioc_camera_wall_enlarge_camera (IocCameraWall *self,
                                const char    *camera_id)
{
  IocRecord *c = ioc_camera_wall_lookup_camera (self, camera_id);

  if (c == NULL)
    return;
  g_free (self->big_camera_id);
  self->big_camera_id = g_strdup (camera_id);
  ioc_camera_play (IOC_VIDEO (self->big), self->models, c);
  gtk_label_set_text (GTK_LABEL (self->big_title), ioc_record_get_string (c, "name"));
  gtk_stack_set_visible_child_name (GTK_STACK (self->center_stack), "single");
  ioc_camera_wall_update_event_bar (self);
  gtk_widget_grab_focus (self->big);
}

void
ioc_camera_wall_enlarge (IocCameraWall *self,
                         int            tile)
{
  if (tile < 0 || tile >= IOC_CAMERA_WALL_MAX_TILES || self->tiles[tile].camera_id == NULL)
    {
      gtk_stack_set_visible_child_name (GTK_STACK (self->center_stack), "grid");
      /* Stop the big one at once (it is unmapped anyway). */
      ioc_video_set_camera (IOC_VIDEO (self->big), NULL, NULL, NULL);
      g_clear_pointer (&self->big_camera_id, g_free);
      if (self->selected < self->columns * self->columns)
        gtk_widget_grab_focus (self->tiles[self->selected].video);
      return;
    }
  ioc_camera_wall_select_tile (self, (guint) tile);
  ioc_camera_wall_enlarge_camera (self, self->tiles[tile].camera_id);
}

IocVideo *
ioc_camera_wall_get_enlarged (IocCameraWall *self)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (self->center_stack)), "single") != 0)
    return NULL;
  return IOC_VIDEO (self->big);
}

/* The video the keyboard actions mean: the big one, else the selected tile. */
static IocVideo *
current_video (IocCameraWall *self,
               const char   **camera_id)
{
  if (ioc_camera_wall_get_enlarged (self) != NULL)
    {
      *camera_id = self->big_camera_id;
      return IOC_VIDEO (self->big);
    }
  *camera_id = self->tiles[self->selected].camera_id;
  return IOC_VIDEO (self->tiles[self->selected].video);
}

/* ---- the camera list -------------------------------------------------- */

static gboolean
camera_matches (gpointer item,
                gpointer data)
{
  IocCameraWall *self = data;
  IocRecord *r = item;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search));
  g_autofree char *needle = NULL;
  const char *fields[] = { ioc_record_get_id (r), ioc_record_get_string (r, "name"),
                           ioc_models_unit_name (self->models, ioc_record_get_string (r, "owner_unit_id")) };

  if (text == NULL || *text == '\0')
    return TRUE;
  needle = g_utf8_casefold (text, -1);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (fields[i] != NULL)
      {
        g_autofree char *hay = g_utf8_casefold (fields[i], -1);
        if (strstr (hay, needle) != NULL)
          return TRUE;
      }
  return FALSE;
}

static void
on_search_changed (GtkSearchEntry *entry,
                   IocCameraWall  *self)
{
  gtk_filter_changed (GTK_FILTER (self->camera_filter), GTK_FILTER_CHANGE_DIFFERENT);
}

GPtrArray *
ioc_camera_wall_dup_listed (IocCameraWall *self)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(IocRecord) r = g_list_model_get_item (G_LIST_MODEL (self->filtered), i);
      g_ptr_array_add (out, g_strdup (ioc_record_get_id (r)));
    }
  return out;
}

static void
update_row (IocRecord *r,
            GtkWidget *row)
{
  GtkWidget *dot = gtk_widget_get_first_child (row);
  GtkWidget *name = gtk_widget_get_next_sibling (dot);
  GtkWidget *unit = gtk_widget_get_next_sibling (name);
  const char *status = ioc_record_get_string (r, "status");

  gtk_label_set_text (GTK_LABEL (name), ioc_record_get_string (r, "name"));
  gtk_label_set_text (GTK_LABEL (unit), ioc_record_get_id (r));
  gtk_widget_set_css_classes (dot, (const char *[]) { "camera-dot", status != NULL ? status : "unknown", NULL });
  gtk_widget_set_tooltip_text (row, ioc_camera_status_label (status));
  g_object_set_data_full (G_OBJECT (row), "camera-id", g_strdup (ioc_record_get_id (r)), g_free);
}

static GdkContentProvider *
on_row_drag_prepare (GtkDragSource *source,
                     double         x,
                     double         y,
                     gpointer       data)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source));
  const char *id = g_object_get_data (G_OBJECT (row), "camera-id");

  return id != NULL ? gdk_content_provider_new_typed (G_TYPE_STRING, id) : NULL;
}

static void
on_row_drag_begin (GtkDragSource *source,
                   GdkDrag       *drag,
                   gpointer       data)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source));
  g_autoptr(GdkPaintable) icon = gtk_widget_paintable_new (row);

  gtk_drag_source_set_icon (source, icon, 0, 0);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  data)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *dot = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *name = gtk_label_new (NULL), *id = gtk_label_new (NULL);
  GtkDragSource *drag = gtk_drag_source_new ();

  gtk_widget_set_valign (dot, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  /* The panel keeps its width whatever the names. */
  gtk_label_set_max_width_chars (GTK_LABEL (name), 16);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_add_css_class (id, "dim");
  gtk_box_append (GTK_BOX (row), dot);
  gtk_box_append (GTK_BOX (row), name);
  gtk_box_append (GTK_BOX (row), id);
  gtk_widget_add_css_class (row, "camera-row");
  gtk_drag_source_set_actions (drag, GDK_ACTION_COPY);
  g_signal_connect (drag, "prepare", G_CALLBACK (on_row_drag_prepare), NULL);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_row_drag_begin), NULL);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (drag));
  gtk_list_item_set_child (item, row);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  data)
{
  IocRecord *r = gtk_list_item_get_item (item);
  GtkWidget *row = gtk_list_item_get_child (item);

  update_row (r, row);
  g_signal_connect_object (r, "changed", G_CALLBACK (update_row), row, 0);
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  data)
{
  IocRecord *r = gtk_list_item_get_item (item);

  if (r != NULL)
    g_signal_handlers_disconnect_by_func (r, update_row, gtk_list_item_get_child (item));
}

static void
on_camera_activate (GtkListView   *list,
                    guint          position,
                    IocCameraWall *self)
{
  g_autoptr(IocRecord) r = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);
  guint n = self->columns * self->columns;

  if (r == NULL)
    return;
  if (ioc_camera_wall_get_enlarged (self) != NULL)
    {
      ioc_camera_wall_enlarge_camera (self, ioc_record_get_id (r));
      return;
    }
  /* Into the selected tile; the next one is selected for the next pick. */
  ioc_camera_wall_set_tile_camera (self, self->selected, ioc_record_get_id (r));
  ioc_camera_wall_select_tile (self, (self->selected + 1) % n);
}

/* ---- following the registry ------------------------------------------- */

static void
refresh_tiles (IocCameraWall *self)
{
  for (guint i = 0; i < IOC_CAMERA_WALL_MAX_TILES; i++)
    {
      IocCameraTile *t = &self->tiles[i];
      IocRecord *c = ioc_camera_wall_lookup_camera (self, t->camera_id);
      IocVideoState st = ioc_video_get_state (IOC_VIDEO (t->video));

      tile_update (t);
      /* The health checker saw it come back: do not wait for the backoff. */
      if (c != NULL && g_strcmp0 (ioc_record_get_string (c, "status"), "online") == 0 &&
          (st == IOC_VIDEO_STATE_OFFLINE || st == IOC_VIDEO_STATE_UNREACHABLE))
        ioc_video_reconnect (IOC_VIDEO (t->video));
    }
  if (self->big_camera_id != NULL)
    {
      IocRecord *c = ioc_camera_wall_lookup_camera (self, self->big_camera_id);
      if (c != NULL)
        ioc_camera_play (IOC_VIDEO (self->big), self->models, c);
    }
}

static void
on_models_changed (IocModels     *models,
                   const char    *collection,
                   IocCameraWall *self)
{
  if (g_str_equal (collection, "cameras"))
    refresh_tiles (self);
}

static void
on_cameras_items (GListModel    *list,
                  guint          position,
                  guint          removed,
                  guint          added,
                  IocCameraWall *self)
{
  refresh_tiles (self);
}

/* ---- actions ---------------------------------------------------------- */

static void
on_snapshot_saved (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = ioc_video_save_snapshot_finish (IOC_VIDEO (source), result, &error);
  IocCameraWall *self;
  g_autofree char *text = NULL;
  g_autofree char *base = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = data;
  if (path == NULL)
    {
      /* Translators: %s is why the file could not be written */
      text = g_strdup_printf (_("Snapshot not saved: %s"), error->message);
      ioc_camera_wall_show_feedback (self, text, TRUE);
      return;
    }
  base = g_path_get_basename (path);
  /* Translators: %s is a file name */
  text = g_strdup_printf (_("Snapshot saved: %s"), base);
  ioc_camera_wall_show_feedback (self, text, FALSE);
  gtk_widget_set_tooltip_text (self->feedback, path);
}

static void
camera_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  IocCameraWall *self = IOC_CAMERA_WALL (widget);
  const char *action = action_name + strlen ("camera.");
  const char *camera_id = NULL;
  IocVideo *video = current_video (self, &camera_id);

  if (g_str_equal (action, "grid"))
    ioc_camera_wall_set_columns (self, g_variant_get_uint32 (param));
  else if (g_str_equal (action, "enlarge"))
    {
      if (ioc_camera_wall_get_enlarged (self) == NULL)
        ioc_camera_wall_enlarge (self, (int) self->selected);
    }
  else if (g_str_equal (action, "restore"))
    ioc_camera_wall_enlarge (self, -1);
  else if (g_str_equal (action, "next-page"))
    ioc_camera_wall_show_page (self, self->page + 1);
  else if (g_str_equal (action, "previous-page"))
    ioc_camera_wall_show_page (self, self->page > 0 ? self->page - 1 : G_MAXUINT);
  else if (g_str_equal (action, "tour"))
    ioc_camera_wall_set_tour (self, !self->tour);
  else if (g_str_equal (action, "snapshot"))
    {
      g_autofree char *dir = ioc_camera_wall_dup_snapshot_dir ();
      if (camera_id == NULL)
        ioc_camera_wall_show_feedback (self, _("Select a tile with a camera first."), TRUE);
      else
        ioc_video_save_snapshot_async (video, dir, self->cancellable, on_snapshot_saved, self);
    }
  else if (g_str_equal (action, "clear-tile"))
    {
      if (ioc_camera_wall_get_enlarged (self) == NULL)
        ioc_camera_wall_set_tile_camera (self, self->selected, NULL);
    }
  else if (g_str_equal (action, "save-layout"))
    gtk_popover_popup (GTK_POPOVER (self->save_popover));
  else if (g_str_equal (action, "search"))
    {
      gtk_widget_set_visible (self->side, TRUE);
      gtk_widget_grab_focus (self->search);
    }
  else if (g_str_equal (action, "forward"))
    ioc_camera_wall_forward_event (self);
  else if (g_str_equal (action, "show-on-map"))
    {
      if (camera_id != NULL)
        ioc_camera_wall_show_on_map (self, camera_id, TRUE);
    }
  else if (g_str_equal (action, "toggle-panel"))
    gtk_widget_set_visible (self->side, !gtk_widget_get_visible (self->side));
}

/* ---- GObject ---------------------------------------------------------- */

static void
ioc_camera_wall_map (GtkWidget *widget)
{
  IocCameraWall *self = IOC_CAMERA_WALL (widget);

  GTK_WIDGET_CLASS (ioc_camera_wall_parent_class)->map (widget);
  /* The window knows its monitor by now: its layouts. */
  ioc_camera_wall_layouts_restore (self);
}

static void
ioc_camera_wall_dispose (GObject *object)
{
  IocCameraWall *self = IOC_CAMERA_WALL (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->feedback_id, g_source_remove);
  ioc_camera_wall_layouts_dispose (self);
  ioc_camera_wall_events_dispose (self);
  if (self->models != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->models, self);
      g_signal_handlers_disconnect_by_data (ioc_models_get_cameras (self->models), self);
    }
  g_clear_pointer (&self->root, gtk_widget_unparent);
  for (guint i = 0; i < IOC_CAMERA_WALL_MAX_TILES; i++)
    {
      IocCameraTile *t = &self->tiles[i];
      g_clear_handle_id (&t->event_timeout_id, g_source_remove);
      g_clear_object (&t->video);
      g_clear_pointer (&t->camera_id, g_free);
      g_clear_pointer (&t->event_label, g_free);
    }
  g_clear_object (&self->filtered);
  g_clear_object (&self->camera_filter);
  g_clear_object (&self->settings);
  g_clear_object (&self->models);
  g_clear_pointer (&self->big_camera_id, g_free);
  G_OBJECT_CLASS (ioc_camera_wall_parent_class)->dispose (object);
}

static void
ioc_camera_wall_class_init (IocCameraWallClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const char *const plain[] = {
    "enlarge", "restore", "next-page", "previous-page", "tour", "snapshot", "clear-tile",
    "save-layout", "search", "forward", "show-on-map", "toggle-panel", NULL
  };

  object_class->dispose = ioc_camera_wall_dispose;
  widget_class->map = ioc_camera_wall_map;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "camerawall");

  gtk_widget_class_install_action (widget_class, "camera.grid", "u", camera_action);
  for (guint i = 0; plain[i] != NULL; i++)
    {
      g_autofree char *name = g_strconcat ("camera.", plain[i], NULL);
      gtk_widget_class_install_action (widget_class, name, NULL, camera_action);
    }
  for (guint n = 1; n <= 4; n++)
    {
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0 + n, GDK_CONTROL_MASK, "camera.grid", "u", n);
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0 + n, GDK_CONTROL_MASK, "camera.grid", "u", n);
    }
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "camera.enlarge", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "camera.enlarge", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "camera.restore", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "camera.next-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "camera.previous-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_t, GDK_CONTROL_MASK, "camera.tour", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "camera.snapshot", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "camera.clear-tile", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "camera.save-layout", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "camera.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "camera.forward", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK, "camera.show-on-map", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "camera.toggle-panel", NULL);
}

static void
ioc_camera_wall_init (IocCameraWall *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source != NULL ? g_settings_schema_source_lookup (source, IOC_APP_SCHEMA, TRUE) : NULL;

  if (schema != NULL)
    self->settings = g_settings_new (IOC_APP_SCHEMA);
  self->cancellable = g_cancellable_new ();
  self->drag_from_tile = -1;
  self->columns = 3;
  gtk_widget_add_css_class (GTK_WIDGET (self), IOC_WALL_CSS_CLASS);
}

/* ---- layout ----------------------------------------------------------- */

static GtkWidget *
build_toolbar (IocCameraWall *self)
{
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *grids = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  const char *labels[] = { "1", "2×2", "3×3", "4×4" };
  GtkWidget *spacer = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  gtk_widget_add_css_class (bar, "camera-toolbar");
  gtk_widget_add_css_class (grids, "linked");
  for (guint i = 0; i < 4; i++)
    {
      GtkWidget *b = gtk_toggle_button_new_with_label (labels[i]);
      g_autofree char *tip = NULL;

      /* Translators: %u is 1 to 4 */
      tip = g_strdup_printf (_("Grid of %u×%u cameras (Ctrl+%u)"), i + 1, i + 1, i + 1);
      gtk_widget_set_tooltip_text (b, tip);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (b), "camera.grid");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (b), "u", i + 1);
      if (i > 0)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (b), GTK_TOGGLE_BUTTON (self->grid_buttons[0]));
      self->grid_buttons[i] = b;
      gtk_box_append (GTK_BOX (grids), b);
    }
  gtk_box_append (GTK_BOX (bar), grids);
  gtk_box_append (GTK_BOX (bar), ioc_camera_wall_build_layout_bar (self));
  gtk_widget_set_hexpand (spacer, TRUE);
  gtk_box_append (GTK_BOX (bar), spacer);
  gtk_box_append (GTK_BOX (bar), ioc_action_button (_("_Snapshot"), "camera.snapshot", NULL,
                                                _("Save the selected camera's picture as PNG (Ctrl+S)")));
  gtk_box_append (GTK_BOX (bar), ioc_action_button (_("_Map"), "camera.show-on-map", NULL,
                                                _("Show the selected camera on the map (Ctrl+G)")));
  gtk_box_append (GTK_BOX (bar), ioc_action_button (_("_List"), "camera.toggle-panel", NULL,
                                                _("Show or hide the camera list and the AI events (F9)")));
  return bar;
}

static GtkWidget *
build_single (IocCameraWall *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *head = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);

  gtk_box_append (GTK_BOX (head), ioc_action_button (_("← _Back to the grid"), "camera.restore", NULL,
                                                 _("Back to the grid (Esc)")));
  self->big_title = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->big_title, "panel-title");
  gtk_label_set_ellipsize (GTK_LABEL (self->big_title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (self->big_title), 0);
  gtk_widget_set_hexpand (self->big_title, TRUE);
  gtk_box_append (GTK_BOX (head), self->big_title);
  gtk_box_append (GTK_BOX (box), head);
  self->big = ioc_video_new ();
  gtk_widget_add_css_class (self->big, "camera-big");
  gtk_widget_set_focusable (self->big, TRUE);
  if (self->settings != NULL)
    {
      ioc_video_set_latency (IOC_VIDEO (self->big), g_settings_get_uint (self->settings, "camera-rtsp-latency"));
      ioc_video_set_tcp (IOC_VIDEO (self->big), g_settings_get_boolean (self->settings, "camera-rtsp-tcp"));
    }
  gtk_widget_set_vexpand (self->big, TRUE);
  gtk_box_append (GTK_BOX (box), self->big);
  gtk_box_append (GTK_BOX (box), ioc_camera_wall_build_event_bar (self));
  return box;
}

static GtkWidget *
build_side (IocCameraWall *self)
{
  GtkWidget *side = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *title = gtk_label_new (_("Cameras"));
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkWidget *scroll = gtk_scrolled_window_new ();
  GtkNoSelection *selection;

  gtk_widget_add_css_class (side, "side-panel");
  gtk_widget_add_css_class (title, "panel-title");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_box_append (GTK_BOX (side), title);
  self->search = gtk_search_entry_new ();
  g_object_set (self->search, "placeholder-text", _("Search cameras (name, id, owner)…"), NULL);
  /* The panel keeps its width whatever the language of the hint. */
  gtk_editable_set_max_width_chars (GTK_EDITABLE (self->search), 16);
  g_signal_connect (self->search, "search-changed", G_CALLBACK (on_search_changed), self);
  gtk_box_append (GTK_BOX (side), self->search);

  self->camera_filter = gtk_custom_filter_new (camera_matches, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (ioc_models_get_cameras (self->models))),
                                              g_object_ref (GTK_FILTER (self->camera_filter)));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), self);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->filtered)));
  self->camera_list = gtk_list_view_new (GTK_SELECTION_MODEL (selection), factory);
  gtk_list_view_set_single_click_activate (GTK_LIST_VIEW (self->camera_list), FALSE);
  gtk_widget_set_tooltip_text (self->camera_list, _("Drag a camera onto a tile, or double-click it to put it on the selected tile"));
  g_signal_connect (self->camera_list, "activate", G_CALLBACK (on_camera_activate), self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), self->camera_list);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroll), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroll, TRUE);
  gtk_box_append (GTK_BOX (side), scroll);

  gtk_box_append (GTK_BOX (side), ioc_camera_wall_build_events (self));

  self->feedback = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->feedback, "camera-feedback");
  gtk_label_set_wrap (GTK_LABEL (self->feedback), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->feedback), 0);
  gtk_widget_set_visible (self->feedback, FALSE);
  gtk_box_append (GTK_BOX (side), self->feedback);
  return side;
}

GtkWidget *
ioc_camera_wall_new (IocModels *models)
{
  IocCameraWall *self = g_object_new (IOC_TYPE_CAMERA_WALL, NULL);
  GtkWidget *main_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *root = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  self->models = g_object_ref (models);
  for (guint i = 0; i < IOC_CAMERA_WALL_MAX_TILES; i++)
    tile_init (self, i);
  ioc_camera_wall_layouts_init (self);
  ioc_camera_wall_events_init (self);

  gtk_widget_add_css_class (main_box, "camera-main");
  gtk_widget_set_hexpand (main_box, TRUE);
  {
    /* The toolbar never widens the wall beyond its screen (a longer
     * translation is clipped at the right, not the whole window). */
    GtkWidget *scroll = gtk_scrolled_window_new ();
    gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroll), GTK_POLICY_EXTERNAL, GTK_POLICY_NEVER);
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), build_toolbar (self));
    gtk_box_append (GTK_BOX (main_box), scroll);
  }
  self->grid = gtk_grid_new ();
  gtk_widget_add_css_class (self->grid, "camera-grid");
  gtk_grid_set_row_homogeneous (GTK_GRID (self->grid), TRUE);
  gtk_grid_set_column_homogeneous (GTK_GRID (self->grid), TRUE);
  gtk_grid_set_row_spacing (GTK_GRID (self->grid), 4);
  gtk_grid_set_column_spacing (GTK_GRID (self->grid), 4);
  self->center_stack = gtk_stack_new ();
  gtk_widget_set_vexpand (self->center_stack, TRUE);
  gtk_stack_add_named (GTK_STACK (self->center_stack), self->grid, "grid");
  gtk_stack_add_named (GTK_STACK (self->center_stack), build_single (self), "single");
  gtk_box_append (GTK_BOX (main_box), self->center_stack);
  gtk_box_append (GTK_BOX (root), main_box);
  {
    /* A fixed width for the panel: neither long names nor a longer
     * translation take room from the tiles. */
    GtkWidget *scroll = gtk_scrolled_window_new ();
    gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroll), GTK_POLICY_EXTERNAL, GTK_POLICY_NEVER);
    gtk_scrolled_window_set_min_content_width (GTK_SCROLLED_WINDOW (scroll), 380);
    gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (scroll), FALSE);
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), build_side (self));
    self->side = scroll;
    gtk_box_append (GTK_BOX (root), scroll);
  }
  self->root = root;
  gtk_widget_set_parent (root, GTK_WIDGET (self));

  g_signal_connect (models, "changed", G_CALLBACK (on_models_changed), self);
  g_signal_connect (ioc_models_get_cameras (models), "items-changed", G_CALLBACK (on_cameras_items), self);
  ioc_camera_wall_set_columns (self, self->columns);
  ioc_camera_wall_select_tile (self, 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "camera.forward", FALSE);
  return GTK_WIDGET (self);
}
