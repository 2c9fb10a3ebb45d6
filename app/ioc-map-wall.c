/* ioc-map-wall.c — see ioc-map-wall.h */
#include "config.h"

#include "ioc-map-wall.h"
#include "ioc-labels.h"
#include "ioc-pin.h"

#include <glib/gi18n.h>
#include <math.h>
#include <shumate/shumate.h>
#include <string.h>

struct _IocMapWall
{
  GtkWidget           parent_instance;
  IocModels          *models;
  GtkWidget          *root;
  ShumateSimpleMap   *map;
  ShumateMarkerLayer *camera_layer;
  ShumateMarkerLayer *report_layer;
  GHashTable         *report_markers;    /* id → ShumateMarker* */
  GHashTable         *camera_markers;
  GtkWidget          *search;
  GtkWidget          *side_stack;
  GtkListBox         *queue;
  GtkWidget          *queue_title;
  /* report panel */
  char               *report_id;
  GtkWidget          *r_title, *r_badge, *r_fields, *r_history;
  GtkWidget          *dispatch_box, *unit_dropdown, *deadline_entry, *note_entry;
  GtkWidget          *result_entry, *satisfaction_box, *feedback;
  GtkStringList      *unit_names;
  GPtrArray          *unit_ids;          /* parallel to unit_names */
  /* camera panel */
  GtkWidget          *c_title, *c_fields;
  GCancellable       *cancellable;
};

G_DEFINE_FINAL_TYPE (IocMapWall, ioc_map_wall, GTK_TYPE_WIDGET)

static void show_report_panel (IocMapWall *self, IocRecord *r);

/* ---- markers ---------------------------------------------------------- */

static void
on_pin_clicked (GtkGestureClick *gesture,
                int              n_press,
                double           x,
                double           y,
                gpointer         user_data)
{
  IocMapWall *self = user_data;
  GtkWidget *pin = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  const char *kind = g_object_get_data (G_OBJECT (pin), "kind");
  const char *id = g_object_get_data (G_OBJECT (pin), "record-id");

  if (g_str_equal (kind, "report"))
    ioc_map_wall_show_report (self, id);
  else
    {
      IocRecord *c = ioc_record_list_lookup (ioc_models_get_cameras (self->models), id);
      g_autoptr(GString) text = g_string_new (NULL);
      if (c == NULL)
        return;
      gtk_label_set_text (GTK_LABEL (self->c_title), ioc_record_get_string (c, "name"));
      g_string_append_printf (text, "<b>%s</b> %s\n", _("Status:"),
                              ioc_camera_status_label (ioc_record_get_string (c, "status")));
      g_string_append_printf (text, "<b>%s</b> %s\n", _("Kind:"),
                              g_strcmp0 (ioc_record_get_string (c, "kind"), "traffic") == 0 ? _("Traffic") :
                              g_strcmp0 (ioc_record_get_string (c, "kind"), "ptz") == 0 ? _("High-mounted PTZ") : _("Security"));
      g_string_append_printf (text, "<b>%s</b> %.0f°\n", _("Heading:"), ioc_record_get_double (c, "heading", 0));
      g_string_append_printf (text, "<b>%s</b> %s", _("Owner:"),
                              ioc_models_unit_name (self->models, ioc_record_get_string (c, "owner_unit_id")) ?: "—");
      gtk_label_set_markup (GTK_LABEL (self->c_fields), text->str);
      gtk_stack_set_visible_child_name (GTK_STACK (self->side_stack), "camera");
    }
}

static void
style_marker (IocMapWall *self,
              IocRecord  *r,
              gboolean    camera,
              ShumateMarker *marker)
{
  GtkWidget *pin = shumate_marker_get_child (marker);
  GdkRGBA colour;

  if (camera)
    {
      ioc_camera_status_colour (ioc_record_get_string (r, "status"), &colour);
      ioc_pin_set_heading (IOC_PIN (pin), ioc_record_get_double (r, "heading", NAN));
    }
  else
    ioc_report_status_colour (ioc_record_get_string (r, "status"), &colour);
  ioc_pin_set_colour (IOC_PIN (pin), &colour);
  shumate_location_set_location (SHUMATE_LOCATION (marker),
                                 ioc_record_get_double (r, "lat", 0), ioc_record_get_double (r, "lon", 0));
}

static void
on_record_changed (IocRecord *r,
                   gpointer   user_data)
{
  ShumateMarker *marker = user_data;
  IocMapWall *self = g_object_get_data (G_OBJECT (marker), "wall");
  gboolean camera = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (marker), "camera"));

  style_marker (self, r, camera, marker);
  if (!camera && g_strcmp0 (self->report_id, ioc_record_get_id (r)) == 0)
    show_report_panel (self, r);
}

static void
add_marker (IocMapWall *self,
            IocRecord  *r,
            gboolean    camera)
{
  GHashTable *markers = camera ? self->camera_markers : self->report_markers;
  ShumateMarker *marker;
  GtkWidget *pin;
  GtkGesture *click;

  if (ioc_record_get_double (r, "lat", NAN) != ioc_record_get_double (r, "lat", NAN) ||
      g_hash_table_contains (markers, ioc_record_get_id (r)))
    return;   /* no coordinates (an address only), or already there */
  pin = ioc_pin_new (camera ? IOC_PIN_CAMERA : IOC_PIN_REPORT);
  g_object_set_data_full (G_OBJECT (pin), "record-id", g_strdup (ioc_record_get_id (r)), g_free);
  g_object_set_data (G_OBJECT (pin), "kind", (gpointer) (camera ? "camera" : "report"));
  gtk_widget_set_tooltip_text (pin, camera ? ioc_record_get_string (r, "name")
                                           : ioc_record_get_string (r, "description"));
  click = gtk_gesture_click_new ();
  g_signal_connect (click, "released", G_CALLBACK (on_pin_clicked), self);
  gtk_widget_add_controller (pin, GTK_EVENT_CONTROLLER (click));

  marker = shumate_marker_new ();
  shumate_marker_set_child (marker, pin);
  g_object_set_data (G_OBJECT (marker), "wall", self);
  g_object_set_data (G_OBJECT (marker), "camera", GINT_TO_POINTER (camera));
  style_marker (self, r, camera, marker);
  g_signal_connect_object (r, "changed", G_CALLBACK (on_record_changed), marker, 0);
  shumate_marker_layer_add_marker (camera ? self->camera_layer : self->report_layer, marker);
  g_hash_table_insert (markers, g_strdup (ioc_record_get_id (r)), marker);
}

static void
sync_markers (IocMapWall    *self,
              IocRecordList *list,
              gboolean       camera)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(IocRecord) r = g_list_model_get_item (G_LIST_MODEL (list), i);
      add_marker (self, r, camera);
    }
}

/* Rows added: new markers; rows removed means a reload: start the layer again. */
static void
on_list_changed (GListModel *list,
                 guint       position,
                 guint       removed,
                 guint       added,
                 gpointer    user_data)
{
  IocMapWall *self = user_data;
  gboolean camera = list == G_LIST_MODEL (ioc_models_get_cameras (self->models));

  if (removed > 0)
    {
      shumate_marker_layer_remove_all (camera ? self->camera_layer : self->report_layer);
      g_hash_table_remove_all (camera ? self->camera_markers : self->report_markers);
    }
  sync_markers (self, IOC_RECORD_LIST (list), camera);
}

/* ---- the overdue queue ------------------------------------------------ */

static int
by_deadline (gconstpointer a,
             gconstpointer b)
{
  IocRecord *x = *(IocRecord **) a, *y = *(IocRecord **) b;
  return g_strcmp0 (ioc_record_get_string (x, "deadline"), ioc_record_get_string (y, "deadline"));
}

static void
on_queue_row_activated (GtkListBox    *box,
                        GtkListBoxRow *row,
                        gpointer       user_data)
{
  ioc_map_wall_show_report (user_data, g_object_get_data (G_OBJECT (row), "record-id"));
}

static void
rebuild_queue (IocMapWall *self)
{
  IocRecordList *reports = ioc_models_get_reports (self->models);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (reports));
  g_autoptr(GPtrArray) overdue = g_ptr_array_new_with_free_func (g_object_unref);
  GtkWidget *child;
  g_autofree char *title = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->queue))) != NULL)
    gtk_list_box_remove (self->queue, child);
  for (guint i = 0; i < n; i++)
    {
      IocRecord *r = g_list_model_get_item (G_LIST_MODEL (reports), i);
      if (g_strcmp0 (ioc_record_get_string (r, "status"), "overdue") == 0)
        g_ptr_array_add (overdue, r);
      else
        g_object_unref (r);
    }
  g_ptr_array_sort (overdue, by_deadline);
  /* Translators: %u is a number of reports */
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Overdue queue — %u report", "Overdue queue — %u reports",
                                        overdue->len), overdue->len);
  gtk_label_set_text (GTK_LABEL (self->queue_title), title);
  for (guint i = 0; i < MIN (overdue->len, 200); i++)
    {
      IocRecord *r = g_ptr_array_index (overdue, i);
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      g_autofree char *due = ioc_format_time (ioc_record_get_string (r, "deadline"));
      g_autofree char *head = g_strdup_printf ("#%s · %s", ioc_record_get_id (r),
                                               ioc_models_category_name (self->models, ioc_record_get_string (r, "category")));
      g_autofree char *line = g_strdup_printf (_("Due %s · %s"), due,
                                               ioc_models_unit_name (self->models, ioc_record_get_string (r, "unit_id")) ?: "—");
      GtkWidget *l1 = gtk_label_new (head), *l2 = gtk_label_new (line);

      gtk_label_set_xalign (GTK_LABEL (l1), 0);
      gtk_label_set_xalign (GTK_LABEL (l2), 0);
      gtk_label_set_ellipsize (GTK_LABEL (l1), PANGO_ELLIPSIZE_END);
      gtk_label_set_ellipsize (GTK_LABEL (l2), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (l2, "overdue-age");
      gtk_box_append (GTK_BOX (box), l1);
      gtk_box_append (GTK_BOX (box), l2);
      gtk_widget_add_css_class (box, "queue-row");
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      g_object_set_data_full (G_OBJECT (row), "record-id", g_strdup (ioc_record_get_id (r)), g_free);
      gtk_list_box_append (self->queue, row);
    }
}

static void
on_models_changed (IocModels  *models,
                   const char *collection,
                   gpointer    user_data)
{
  if (g_str_equal (collection, "reports"))
    rebuild_queue (user_data);
}

/* ---- the report panel and dispatch ------------------------------------ */

static void
set_feedback (IocMapWall *self,
              const char *text,
              gboolean    error)
{
  gtk_label_set_text (GTK_LABEL (self->feedback), text);
  gtk_widget_set_visible (self->feedback, text != NULL && *text != '\0');
  if (error)
    gtk_widget_add_css_class (self->feedback, "error");
  else
    gtk_widget_remove_css_class (self->feedback, "error");
}

static void
on_history (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ioc_client_request_finish (IOC_CLIENT (source), result, &error);
  IocMapWall *self;
  JsonArray *items;
  g_autoptr(GString) text = g_string_new (NULL);

  if (answer == NULL)
    return;   /* cancelled, or the panel moved on */
  self = user_data;
  items = json_object_get_array_member (json_node_get_object (answer), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *h = json_array_get_object_element (items, i);
      g_autofree char *when = ioc_format_time (json_object_get_string_member (h, "time"));
      const char *note = json_object_get_string_member_with_default (h, "note", NULL);
      g_autofree char *esc = g_markup_escape_text (note != NULL ? note : "", -1);
      g_string_append_printf (text, "%s  <b>%s</b> %s%s%s\n", when,
                              ioc_report_status_label (json_object_get_string_member_with_default (h, "to_status", "")),
                              json_object_get_string_member_with_default (h, "actor", "") ?: "",
                              note != NULL ? " — " : "", esc);
    }
  gtk_label_set_markup (GTK_LABEL (self->r_history), text->str);
}

static double
distance2 (double lat1, double lon1, double lat2, double lon2)
{
  double dx = (lon1 - lon2) * cos (lat1 * G_PI / 180), dy = lat1 - lat2;
  return dx * dx + dy * dy;
}

typedef struct { char *id; char *name; double d; } Choice;

static int
by_distance (gconstpointer a, gconstpointer b)
{
  const Choice *x = a, *y = b;
  return x->d < y->d ? -1 : x->d > y->d;
}

/* Today's units, the nearest to the report first (the suggestion). */
static void
fill_unit_picker (IocMapWall *self,
                  IocRecord  *r)
{
  IocRecordList *units = ioc_models_get_units (self->models);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (units));
  g_autoptr(GArray) choices = g_array_new (FALSE, FALSE, sizeof (Choice));
  double lat = ioc_record_get_double (r, "lat", NAN), lon = ioc_record_get_double (r, "lon", NAN);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(IocRecord) u = g_list_model_get_item (G_LIST_MODEL (units), i);
      const char *kind = ioc_record_get_string (u, "kind");
      Choice c;

      if (g_strcmp0 (kind, "province") == 0)
        continue;
      c.id = g_strdup (ioc_record_get_id (u));
      c.name = g_strdup (ioc_record_get_string (u, "full_name") ?: ioc_record_get_string (u, "name"));
      /* Wards and communes by distance (the nearest is the suggestion), then
       * the departments and other bodies. */
      if (!isnan (lat) && (g_strcmp0 (kind, "ward") == 0 || g_strcmp0 (kind, "commune") == 0) &&
          ioc_record_get_double (u, "lat", NAN) == ioc_record_get_double (u, "lat", NAN))
        c.d = distance2 (lat, lon, ioc_record_get_double (u, "lat", 0), ioc_record_get_double (u, "lon", 0));
      else
        c.d = 1e9 + i;
      g_array_append_val (choices, c);
    }
  g_array_sort (choices, by_distance);
  g_ptr_array_set_size (self->unit_ids, 0);
  gtk_string_list_splice (self->unit_names, 0, g_list_model_get_n_items (G_LIST_MODEL (self->unit_names)), NULL);
  for (guint i = 0; i < choices->len; i++)
    {
      Choice *c = &g_array_index (choices, Choice, i);
      gtk_string_list_append (self->unit_names, c->name);
      g_ptr_array_add (self->unit_ids, c->id);
      g_free (c->name);
    }
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->unit_dropdown), 0);
}

static void
show_report_panel (IocMapWall *self,
                   IocRecord  *r)
{
  IocClient *client = ioc_models_get_client (self->models);
  const char *status = ioc_record_get_string (r, "status");
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *received = ioc_format_time (ioc_record_get_string (r, "received_at"));
  g_autofree char *deadline = ioc_format_time (ioc_record_get_string (r, "deadline"));
  g_autofree char *title = g_strdup_printf (_("Field report #%s"), ioc_record_get_id (r));
  g_autofree char *desc = g_markup_escape_text (ioc_record_get_string (r, "description") ?: "", -1);
  g_autofree char *addr = g_markup_escape_text (ioc_record_get_string (r, "address") ?: "—", -1);
  gboolean open_report = g_strcmp0 (status, "processed") != 0 && g_strcmp0 (status, "not_eligible") != 0;
  gboolean new_report = !g_str_equal (self->report_id != NULL ? self->report_id : "", ioc_record_get_id (r));

  g_free (self->report_id);
  self->report_id = g_strdup (ioc_record_get_id (r));
  gtk_label_set_text (GTK_LABEL (self->r_title), title);
  gtk_label_set_text (GTK_LABEL (self->r_badge), ioc_report_status_label (status));
  for (const char *const *c = (const char *const[]) { "received", "assigned", "forwarded", "processed", "overdue", "not_eligible", NULL }; *c; c++)
    gtk_widget_remove_css_class (self->r_badge, *c);
  if (status != NULL)
    gtk_widget_add_css_class (self->r_badge, status);

  /* Reporters' names and phone numbers are never shown on a wall. */
  g_string_append_printf (text, "<b>%s</b> %s\n", _("Category:"),
                          ioc_models_category_name (self->models, ioc_record_get_string (r, "category")));
  g_string_append_printf (text, "<b>%s</b> %s\n", _("Received:"), received);
  g_string_append_printf (text, "<b>%s</b> %s\n", _("Unit:"),
                          ioc_models_unit_name (self->models, ioc_record_get_string (r, "unit_id")) ?: "—");
  g_string_append_printf (text, "<b>%s</b> %s\n", _("Deadline:"), deadline);
  g_string_append_printf (text, "<b>%s</b> %s\n\n%s", _("Address:"), addr, desc);
  if (ioc_record_get_string (r, "resolution") != NULL)
    {
      g_autofree char *res = g_markup_escape_text (ioc_record_get_string (r, "resolution"), -1);
      g_string_append_printf (text, "\n\n<b>%s</b> %s", _("Result:"), res);
    }
  gtk_label_set_markup (GTK_LABEL (self->r_fields), text->str);

  gtk_widget_set_visible (self->dispatch_box, ioc_client_can_dispatch (client) && open_report);
  gtk_widget_set_visible (self->satisfaction_box,
                          ioc_client_can_act (client) && g_strcmp0 (status, "processed") == 0 &&
                          ioc_record_get_string (r, "satisfaction") == NULL);
  if (new_report)
    {
      fill_unit_picker (self, r);
      gtk_editable_set_text (GTK_EDITABLE (self->note_entry), "");
      gtk_editable_set_text (GTK_EDITABLE (self->result_entry), "");
      gtk_editable_set_text (GTK_EDITABLE (self->deadline_entry), "");
      set_feedback (self, NULL, FALSE);
    }
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/reports/%s/history", ioc_record_get_id (r));
    ioc_client_request_async (client, "GET", path, NULL, self->cancellable, on_history, self);
  }
  gtk_stack_set_visible_child_name (GTK_STACK (self->side_stack), "report");
}

static void
on_action_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ioc_client_request_finish (IOC_CLIENT (source), result, &error);
  IocMapWall *self = user_data;

  if (answer == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_feedback (self, error->message, TRUE);
      return;
    }
  /* The new state comes back through the stream and updates the panel. */
  set_feedback (self, _("Done."), FALSE);
}

static void
post_action (IocMapWall *self,
             const char *action,
             JsonObject *body)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/reports/%s/%s", self->report_id, action);
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), body);

  set_feedback (self, _("Sending…"), FALSE);
  ioc_client_request_async (ioc_models_get_client (self->models), "POST", path, node,
                            self->cancellable, on_action_done, self);
}

static void
dispatch (IocMapWall *self,
          const char *action)
{
  guint pos = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->unit_dropdown));
  g_autoptr(JsonObject) body = json_object_new ();
  const char *deadline = gtk_editable_get_text (GTK_EDITABLE (self->deadline_entry));
  const char *note = gtk_editable_get_text (GTK_EDITABLE (self->note_entry));

  if (self->report_id == NULL || pos == GTK_INVALID_LIST_POSITION || pos >= self->unit_ids->len)
    {
      set_feedback (self, _("Choose a unit first."), TRUE);
      return;
    }
  json_object_set_string_member (body, "unit_id", g_ptr_array_index (self->unit_ids, pos));
  if (*deadline != '\0')
    json_object_set_string_member (body, "deadline", deadline);
  if (*note != '\0')
    json_object_set_string_member (body, "note", note);
  post_action (self, action, body);
}

static void on_assign (GtkButton *b, IocMapWall *self) { dispatch (self, "assign"); }
static void on_forward (GtkButton *b, IocMapWall *self) { dispatch (self, "forward"); }
static void on_escalate (GtkButton *b, IocMapWall *self) { dispatch (self, "escalate"); }

static void
close_with (IocMapWall *self,
            const char *action,
            const char *member)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->result_entry));
  g_autoptr(JsonObject) body = json_object_new ();

  if (*text == '\0')
    {
      set_feedback (self, g_str_equal (action, "resolve") ? _("Write the result first.") : _("Write the reason first."), TRUE);
      return;
    }
  json_object_set_string_member (body, member, text);
  post_action (self, action, body);
}

static void on_resolve (GtkButton *b, IocMapWall *self) { close_with (self, "resolve", "resolution"); }
static void on_reject (GtkButton *b, IocMapWall *self) { close_with (self, "reject", "reason"); }

static void
on_satisfaction (GtkButton  *button,
                 IocMapWall *self)
{
  g_autoptr(JsonObject) body = json_object_new ();
  json_object_set_string_member (body, "satisfaction", g_object_get_data (G_OBJECT (button), "value"));
  post_action (self, "satisfaction", body);
}

static void
on_back (GtkButton  *button,
         IocMapWall *self)
{
  g_clear_pointer (&self->report_id, g_free);
  gtk_stack_set_visible_child_name (GTK_STACK (self->side_stack), "queue");
}

/* ---- search ----------------------------------------------------------- */

static gboolean
matches (IocRecord  *r,
         const char *needle)
{
  static const char *const fields[] = { "description", "address", "name", NULL };

  if (g_strcmp0 (ioc_record_get_id (r), needle) == 0)
    return TRUE;
  for (guint i = 0; fields[i] != NULL; i++)
    {
      const char *v = ioc_record_get_string (r, fields[i]);
      if (v != NULL)
        {
          g_autofree char *a = g_utf8_casefold (v, -1);
          g_autofree char *b = g_utf8_casefold (needle, -1);
          if (strstr (a, b) != NULL)
            return TRUE;
        }
    }
  return FALSE;
}

static void
on_search_activate (GtkSearchEntry *entry,
                    IocMapWall     *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  const char *needle = text[0] == '#' ? text + 1 : text;
  IocRecordList *lists[] = { ioc_models_get_reports (self->models), ioc_models_get_cameras (self->models) };

  if (*needle == '\0')
    return;
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (lists[l])); i++)
      {
        g_autoptr(IocRecord) r = g_list_model_get_item (G_LIST_MODEL (lists[l]), i);
        if (!matches (r, needle))
          continue;
        if (ioc_record_get_double (r, "lat", NAN) == ioc_record_get_double (r, "lat", NAN))
          shumate_map_center_on (shumate_simple_map_get_map (self->map),
                                 ioc_record_get_double (r, "lat", 0), ioc_record_get_double (r, "lon", 0));
        if (l == 0)
          show_report_panel (self, r);
        return;
      }
}

/* ---- layout ----------------------------------------------------------- */

static GtkWidget *
legend_row (const char *css,
            const char *label,
            GtkWidget **check)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *sw = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  gtk_widget_add_css_class (sw, "swatch");
  gtk_widget_add_css_class (sw, css);
  gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), sw);
  if (check != NULL)
    {
      *check = gtk_check_button_new_with_label (label);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (*check), TRUE);
      gtk_box_append (GTK_BOX (box), *check);
    }
  else
    gtk_box_append (GTK_BOX (box), gtk_label_new (label));
  return box;
}

static GtkWidget *
button (const char *label,
        GCallback   cb,
        gpointer    data)
{
  GtkWidget *b = gtk_button_new_with_mnemonic (label);
  g_signal_connect (b, "clicked", cb, data);
  return b;
}

static GtkWidget *
build_side_panel (IocMapWall *self)
{
  GtkWidget *stack = gtk_stack_new ();
  GtkWidget *queue_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *report = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
  GtkWidget *camera = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
  GtkWidget *scroll, *head, *row, *act_row;
  GtkExpression *expr;

  /* The overdue queue. */
  self->queue_title = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->queue_title), 0);
  gtk_widget_add_css_class (self->queue_title, "panel-title");
  gtk_box_append (GTK_BOX (queue_box), self->queue_title);
  self->queue = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->queue, GTK_SELECTION_SINGLE);
  g_signal_connect (self->queue, "row-activated", G_CALLBACK (on_queue_row_activated), self);
  scroll = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), GTK_WIDGET (self->queue));
  gtk_widget_set_vexpand (scroll, TRUE);
  gtk_box_append (GTK_BOX (queue_box), scroll);
  gtk_stack_add_named (GTK_STACK (stack), queue_box, "queue");

  /* A report. */
  head = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  gtk_box_append (GTK_BOX (head), button ("←", G_CALLBACK (on_back), self));
  self->r_title = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->r_title, "panel-title");
  gtk_widget_set_hexpand (self->r_title, TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->r_title), 0);
  gtk_box_append (GTK_BOX (head), self->r_title);
  self->r_badge = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->r_badge, "badge");
  gtk_box_append (GTK_BOX (head), self->r_badge);
  gtk_box_append (GTK_BOX (report), head);
  self->r_fields = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->r_fields), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->r_fields), 0);
  gtk_label_set_selectable (GTK_LABEL (self->r_fields), TRUE);
  gtk_box_append (GTK_BOX (report), self->r_fields);

  self->dispatch_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_add_css_class (self->dispatch_box, "panel");
  {
    GtkWidget *l = gtk_label_new (_("Dispatch"));
    gtk_widget_add_css_class (l, "panel-title");
    gtk_label_set_xalign (GTK_LABEL (l), 0);
    gtk_box_append (GTK_BOX (self->dispatch_box), l);
  }
  self->unit_names = gtk_string_list_new (NULL);
  self->unit_ids = g_ptr_array_new_with_free_func (g_free);
  expr = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  self->unit_dropdown = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->unit_names)), expr);
  gtk_drop_down_set_enable_search (GTK_DROP_DOWN (self->unit_dropdown), TRUE);
  gtk_widget_set_tooltip_text (self->unit_dropdown, _("Units in force today, the nearest first"));
  gtk_box_append (GTK_BOX (self->dispatch_box), self->unit_dropdown);
  self->deadline_entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->deadline_entry), _("Deadline (default for the category), e.g. 2026-11-27 17:00"));
  gtk_box_append (GTK_BOX (self->dispatch_box), self->deadline_entry);
  self->note_entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->note_entry), _("Note to the unit"));
  gtk_box_append (GTK_BOX (self->dispatch_box), self->note_entry);
  act_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (act_row), button (_("_Assign"), G_CALLBACK (on_assign), self));
  gtk_box_append (GTK_BOX (act_row), button (_("_Forward"), G_CALLBACK (on_forward), self));
  gtk_box_append (GTK_BOX (act_row), button (_("_Escalate"), G_CALLBACK (on_escalate), self));
  gtk_box_append (GTK_BOX (self->dispatch_box), act_row);
  self->result_entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->result_entry), _("Result, or the reason for rejecting"));
  gtk_box_append (GTK_BOX (self->dispatch_box), self->result_entry);
  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (row), button (_("_Close with result"), G_CALLBACK (on_resolve), self));
  gtk_box_append (GTK_BOX (row), button (_("_Reject as not eligible"), G_CALLBACK (on_reject), self));
  gtk_box_append (GTK_BOX (self->dispatch_box), row);
  gtk_box_append (GTK_BOX (report), self->dispatch_box);

  self->satisfaction_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (self->satisfaction_box), gtk_label_new (_("Citizen:")));
  {
    GtkWidget *s = button (_("Satisfied"), G_CALLBACK (on_satisfaction), self);
    GtkWidget *d = button (_("Dissatisfied"), G_CALLBACK (on_satisfaction), self);
    g_object_set_data (G_OBJECT (s), "value", (gpointer) "satisfied");
    g_object_set_data (G_OBJECT (d), "value", (gpointer) "dissatisfied");
    gtk_box_append (GTK_BOX (self->satisfaction_box), s);
    gtk_box_append (GTK_BOX (self->satisfaction_box), d);
  }
  gtk_box_append (GTK_BOX (report), self->satisfaction_box);

  self->feedback = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->feedback), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->feedback), 0);
  gtk_box_append (GTK_BOX (report), self->feedback);
  {
    GtkWidget *l = gtk_label_new (_("History"));
    gtk_widget_add_css_class (l, "panel-title");
    gtk_label_set_xalign (GTK_LABEL (l), 0);
    gtk_box_append (GTK_BOX (report), l);
  }
  self->r_history = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->r_history), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->r_history), 0);
  gtk_widget_add_css_class (self->r_history, "dim");
  gtk_box_append (GTK_BOX (report), self->r_history);
  scroll = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroll), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), report);
  gtk_stack_add_named (GTK_STACK (stack), scroll, "report");

  /* A camera. */
  head = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  gtk_box_append (GTK_BOX (head), button ("←", G_CALLBACK (on_back), self));
  self->c_title = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->c_title, "panel-title");
  gtk_label_set_wrap (GTK_LABEL (self->c_title), TRUE);
  gtk_box_append (GTK_BOX (head), self->c_title);
  gtk_box_append (GTK_BOX (camera), head);
  self->c_fields = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->c_fields), 0);
  gtk_label_set_wrap (GTK_LABEL (self->c_fields), TRUE);
  gtk_box_append (GTK_BOX (camera), self->c_fields);
  gtk_stack_add_named (GTK_STACK (stack), camera, "camera");

  gtk_widget_add_css_class (stack, "side-panel");
  gtk_widget_set_size_request (stack, 420, -1);
  self->side_stack = stack;
  return stack;
}

static void
bind_toggle (GtkWidget          *check,
             ShumateMarkerLayer *layer)
{
  g_object_bind_property (check, "active", layer, "visible", G_BINDING_SYNC_CREATE);
}

static void
ioc_map_wall_dispose (GObject *object)
{
  IocMapWall *self = IOC_MAP_WALL (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->models != NULL)
    {
      g_signal_handlers_disconnect_by_data (ioc_models_get_reports (self->models), self);
      g_signal_handlers_disconnect_by_data (ioc_models_get_cameras (self->models), self);
      g_signal_handlers_disconnect_by_data (self->models, self);
    }
  g_clear_pointer (&self->root, gtk_widget_unparent);
  g_clear_object (&self->models);
  g_clear_object (&self->unit_names);
  g_clear_pointer (&self->unit_ids, g_ptr_array_unref);
  g_clear_pointer (&self->report_markers, g_hash_table_unref);
  g_clear_pointer (&self->camera_markers, g_hash_table_unref);
  g_clear_pointer (&self->report_id, g_free);
  G_OBJECT_CLASS (ioc_map_wall_parent_class)->dispose (object);
}

static void
ioc_map_wall_class_init (IocMapWallClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ioc_map_wall_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "mapwall");
}

static void
ioc_map_wall_init (IocMapWall *self)
{
  self->report_markers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->camera_markers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
  gtk_widget_add_css_class (GTK_WIDGET (self), "wall");
}

GtkWidget *
ioc_map_wall_new (IocModels *models)
{
  IocMapWall *self = g_object_new (IOC_TYPE_MAP_WALL, NULL);
  IocClient *client = ioc_models_get_client (models);
  g_autofree char *tiles = ioc_client_dup_tile_url (client);
  ShumateRasterRenderer *source;
  ShumateViewport *viewport;
  GtkWidget *overlay, *legend, *paned, *top, *check;

  self->models = g_object_ref (models);

  /* The offline base map, rendered by iocd; the port is part of the tile
   * cache key, so keep iocd's address fixed. */
  source = shumate_raster_renderer_new_full_from_url ("iocd", _("IOC base map"),
                                                      "© Thang Le Quoc (MIT) · Bản đồ hành chính",
                                                      NULL, 5, 17, 256, SHUMATE_MAP_PROJECTION_MERCATOR, tiles);
  self->map = shumate_simple_map_new ();
  shumate_simple_map_set_map_source (self->map, SHUMATE_MAP_SOURCE (source));
  g_object_unref (source);
  viewport = shumate_simple_map_get_viewport (self->map);
  shumate_viewport_set_zoom_level (viewport, 12);
  shumate_location_set_location (SHUMATE_LOCATION (viewport), 12.675, 108.045);
  self->report_layer = shumate_marker_layer_new (viewport);
  self->camera_layer = shumate_marker_layer_new (viewport);
  shumate_simple_map_add_overlay_layer (self->map, SHUMATE_LAYER (self->report_layer));
  shumate_simple_map_add_overlay_layer (self->map, SHUMATE_LAYER (self->camera_layer));

  overlay = gtk_overlay_new ();
  gtk_overlay_set_child (GTK_OVERLAY (overlay), GTK_WIDGET (self->map));
  gtk_widget_set_hexpand (overlay, TRUE);

  /* Search and legend over the map. */
  top = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_set_halign (top, GTK_ALIGN_START);
  gtk_widget_set_valign (top, GTK_ALIGN_START);
  gtk_widget_set_margin_start (top, 12);
  gtk_widget_set_margin_top (top, 12);
  self->search = gtk_search_entry_new ();
  g_object_set (self->search, "placeholder-text", _("Search report #, address, camera…"), NULL);
  gtk_widget_set_size_request (self->search, 360, -1);
  g_signal_connect (self->search, "activate", G_CALLBACK (on_search_activate), self);
  gtk_box_append (GTK_BOX (top), self->search);
  legend = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_add_css_class (legend, "legend");
  gtk_box_append (GTK_BOX (legend), legend_row ("camera-online", _("Cameras"), &check));
  bind_toggle (check, self->camera_layer);
  gtk_box_append (GTK_BOX (legend), legend_row ("camera-offline", _("Camera offline"), NULL));
  gtk_box_append (GTK_BOX (legend), legend_row ("received", _("Field reports"), &check));
  bind_toggle (check, self->report_layer);
  gtk_box_append (GTK_BOX (legend), legend_row ("assigned", _("Assigned or forwarded"), NULL));
  gtk_box_append (GTK_BOX (legend), legend_row ("overdue", _("Overdue"), NULL));
  gtk_box_append (GTK_BOX (legend), legend_row ("processed", _("Processed"), NULL));
  gtk_box_append (GTK_BOX (top), legend);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), top);

  paned = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_box_append (GTK_BOX (paned), overlay);
  gtk_box_append (GTK_BOX (paned), build_side_panel (self));
  self->root = paned;
  gtk_widget_set_parent (paned, GTK_WIDGET (self));

  g_signal_connect (ioc_models_get_reports (models), "items-changed", G_CALLBACK (on_list_changed), self);
  g_signal_connect (ioc_models_get_cameras (models), "items-changed", G_CALLBACK (on_list_changed), self);
  g_signal_connect (models, "changed", G_CALLBACK (on_models_changed), self);
  sync_markers (self, ioc_models_get_reports (models), FALSE);
  sync_markers (self, ioc_models_get_cameras (models), TRUE);
  rebuild_queue (self);
  return GTK_WIDGET (self);
}

guint
ioc_map_wall_count_reports (IocMapWall *self)
{
  return g_hash_table_size (self->report_markers);
}

guint
ioc_map_wall_count_cameras (IocMapWall *self)
{
  return g_hash_table_size (self->camera_markers);
}

void
ioc_map_wall_show_report (IocMapWall *self,
                          const char *id)
{
  IocRecord *r = ioc_record_list_lookup (ioc_models_get_reports (self->models), id);
  if (r != NULL)
    show_report_panel (self, r);
}

gboolean
ioc_map_wall_dispatch_visible (IocMapWall *self)
{
  return self->report_id != NULL && gtk_widget_get_visible (self->dispatch_box);
}

void
ioc_map_wall_assign (IocMapWall *self,
                     const char *unit_id)
{
  for (guint i = 0; i < self->unit_ids->len; i++)
    if (g_str_equal (g_ptr_array_index (self->unit_ids, i), unit_id))
      {
        gtk_drop_down_set_selected (GTK_DROP_DOWN (self->unit_dropdown), i);
        dispatch (self, "assign");
        return;
      }
  set_feedback (self, _("Choose a unit first."), TRUE);
}

void
ioc_map_wall_focus_search (IocMapWall *self)
{
  gtk_widget_grab_focus (self->search);
}
