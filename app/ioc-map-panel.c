/* ioc-map-panel.c — the map wall's side panel
 *
 * Pages of one GtkStack: "queue" (overdue field reports, the oldest
 * deadline first), "report" (details, the supervisor's dispatch actions,
 * the history timeline), "camera" (status by contract 2, kind, heading,
 * owner, and the place of the live view), "unit" (an agency's overdue
 * dossiers and warning tickets, or a site's open security alerts). Every
 * action is a request to iocd; the new state comes back by the stream.
 */
#include "config.h"

#include "ioc-map-wall-private.h"
#include "ioc-camera-live.h"
#include "ioc-labels.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

/* The deadline entry's format, in the province's time (UTC+7). */
#define DEADLINE_FORMAT "%d/%m/%Y %H:%M"

static GtkWidget *
label_new (const char *css,
           gboolean    wrap)
{
  GtkWidget *l = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (l), 0);
  if (wrap)
    {
      gtk_label_set_wrap (GTK_LABEL (l), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (l), PANGO_WRAP_WORD_CHAR);
    }
  if (css != NULL)
    gtk_widget_add_css_class (l, css);
  return l;
}

static void
clear_box (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    gtk_widget_unparent (child);
}

static void
set_feedback (IocMapWall *self,
              GtkWidget  *label,
              const char *text,
              gboolean    error)
{
  gtk_label_set_text (GTK_LABEL (label), text != NULL ? text : "");
  gtk_widget_set_visible (label, text != NULL && *text != '\0');
  if (error)
    gtk_widget_add_css_class (label, "error");
  else
    gtk_widget_remove_css_class (label, "error");
}

static void
show_page (IocMapWall *self,
           const char *page)
{
  if (!g_str_equal (page, "report"))
    g_clear_pointer (&self->report_id, g_free);
  if (!g_str_equal (page, "camera"))
    {
      g_clear_pointer (&self->camera_id, g_free);
      /* No video decoded for a panel nobody sees. */
      if (self->c_live != NULL)
        ioc_camera_live_set_camera (IOC_CAMERA_LIVE (self->c_live), NULL);
    }
  if (!g_str_equal (page, "unit"))
    g_clear_pointer (&self->unit_id, g_free);
  if (g_str_equal (page, "queue"))
    ioc_map_wall_clear_focus (self);
  gtk_stack_set_visible_child_name (GTK_STACK (self->side_stack), page);
}

void
ioc_map_panel_back (IocMapWall *self)
{
  show_page (self, "queue");
}

/* ---- the overdue queue -------------------------------------------------- */

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

static GPtrArray *
overdue_reports (IocMapWall *self)
{
  GPtrArray *overdue = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->overdue);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (overdue, g_object_ref (value));
  g_ptr_array_sort (overdue, by_deadline);
  return overdue;
}

void
ioc_map_panel_reset_overdue (IocMapWall *self)
{
  GListModel *reports = G_LIST_MODEL (ioc_models_get_reports (self->models));

  g_hash_table_remove_all (self->overdue);
  for (guint i = 0; i < g_list_model_get_n_items (reports); i++)
    {
      g_autoptr(IocRecord) r = g_list_model_get_item (reports, i);
      if (g_strcmp0 (ioc_record_get_string (r, "status"), "overdue") == 0)
        g_hash_table_replace (self->overdue, (gpointer) ioc_record_get_id (r), g_object_ref (r));
    }
  ioc_map_panel_queue_rebuild (self);
}

/* A report changed or came: the queue is rebuilt only when it is, or was,
 * overdue — not for each of the thousands of other updates. */
void
ioc_map_panel_track_overdue (IocMapWall *self,
                             IocRecord  *r)
{
  gboolean now = g_strcmp0 (ioc_record_get_string (r, "status"), "overdue") == 0;
  gboolean was = g_hash_table_contains (self->overdue, ioc_record_get_id (r));

  if (now)
    g_hash_table_replace (self->overdue, (gpointer) ioc_record_get_id (r), g_object_ref (r));
  else if (was)
    g_hash_table_remove (self->overdue, ioc_record_get_id (r));
  if (now || was)
    ioc_map_panel_queue_rebuild (self);
}

const char *
ioc_map_panel_oldest_overdue (IocMapWall *self)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->queue, 0);
  return row != NULL ? g_object_get_data (G_OBJECT (row), "record-id") : NULL;
}

void
ioc_map_panel_rebuild_queue (IocMapWall *self)
{
  g_autoptr(GPtrArray) overdue = overdue_reports (self);
  g_autofree char *title = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->queue))) != NULL)
    gtk_list_box_remove (self->queue, child);
  self->queue_len = overdue->len;
  /* Translators: %u is a number of reports */
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Overdue — %u report", "Overdue — %u reports",
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
      GtkWidget *l1 = label_new (NULL, FALSE), *l2 = label_new ("overdue-age", FALSE);

      gtk_label_set_text (GTK_LABEL (l1), head);
      gtk_label_set_text (GTK_LABEL (l2), line);
      gtk_label_set_ellipsize (GTK_LABEL (l1), PANGO_ELLIPSIZE_END);
      gtk_label_set_ellipsize (GTK_LABEL (l2), PANGO_ELLIPSIZE_END);
      gtk_widget_set_tooltip_text (box, head);
      gtk_box_append (GTK_BOX (box), l1);
      gtk_box_append (GTK_BOX (box), l2);
      gtk_widget_add_css_class (box, "queue-row");
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      g_object_set_data_full (G_OBJECT (row), "record-id", g_strdup (ioc_record_get_id (r)), g_free);
      gtk_list_box_append (self->queue, row);
    }
  if (overdue->len == 0)
    {
      GtkWidget *l = label_new ("dim", TRUE);
      gtk_label_set_text (GTK_LABEL (l), _("No field report is past its deadline."));
      gtk_list_box_append (self->queue, l);
      gtk_list_box_row_set_activatable (gtk_list_box_get_row_at_index (self->queue, 0), FALSE);
    }
}

static gboolean
queue_rebuild_cb (gpointer user_data)
{
  IocMapWall *self = user_data;

  self->queue_rebuild_id = 0;
  ioc_map_panel_rebuild_queue (self);
  return G_SOURCE_REMOVE;
}

/* Reports change in bursts: rebuild at most twice a second. */
void
ioc_map_panel_queue_rebuild (IocMapWall *self)
{
  if (self->queue_rebuild_id == 0)
    self->queue_rebuild_id = g_timeout_add (500, queue_rebuild_cb, self);
}

/* ---- a report ----------------------------------------------------------- */

static const char *
history_action_label (const char *action)
{
  if (g_strcmp0 (action, "create") == 0 || g_strcmp0 (action, "created") == 0) return _("Received");
  if (g_strcmp0 (action, "imported") == 0) return _("Imported");
  if (g_strcmp0 (action, "assign") == 0) return _("Assigned");
  if (g_strcmp0 (action, "forward") == 0) return _("Forwarded");
  if (g_strcmp0 (action, "escalate") == 0) return _("Escalated");
  if (g_strcmp0 (action, "resolve") == 0) return _("Closed with result");
  if (g_strcmp0 (action, "reject") == 0) return _("Rejected as not eligible");
  if (g_strcmp0 (action, "satisfaction") == 0) return _("Citizen's satisfaction");
  if (g_strcmp0 (action, "overdue") == 0) return _("Past its deadline");
  return action != NULL ? action : "";
}

/* The history timeline: one entry per step, a dot coloured by the status
 * it led to, newest last. */
static void
on_history (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ioc_client_request_finish (IOC_CLIENT (source), result, &error);
  IocMapWall *self;
  JsonArray *items;

  if (answer == NULL)
    return;   /* cancelled, or the panel moved on */
  self = user_data;
  clear_box (self->r_history);
  items = json_object_get_array_member (json_node_get_object (answer), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *h = json_array_get_object_element (items, i);
      const char *to = json_object_get_string_member_with_default (h, "to_status", NULL);
      const char *note = json_object_get_string_member_with_default (h, "note", NULL);
      const char *unit = json_object_get_string_member_with_default (h, "unit_id", NULL);
      const char *actor = json_object_get_string_member_with_default (h, "actor", NULL);
      g_autofree char *when = ioc_format_time (json_object_get_string_member_with_default (h, "time", NULL));
      g_autoptr(GString) what = g_string_new (history_action_label (json_object_get_string_member_with_default (h, "action", NULL)));
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
      GtkWidget *dot = gtk_label_new ("●");
      GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      GtkWidget *l1 = label_new (NULL, TRUE), *l2 = label_new ("dim", TRUE);

      if (unit != NULL && ioc_models_unit_name (self->models, unit) != NULL)
        g_string_append_printf (what, " → %s", ioc_models_unit_name (self->models, unit));
      gtk_label_set_text (GTK_LABEL (l1), what->str);
      {
        g_autoptr(GString) sub = g_string_new (when);
        if (actor != NULL)
          g_string_append_printf (sub, " · %s", actor);
        if (note != NULL && *note != '\0')
          g_string_append_printf (sub, " · “%s”", note);
        gtk_label_set_text (GTK_LABEL (l2), sub->str);
      }
      gtk_widget_add_css_class (dot, "timeline-dot");
      if (to != NULL)
        gtk_widget_add_css_class (dot, to);
      gtk_widget_set_valign (dot, GTK_ALIGN_START);
      gtk_box_append (GTK_BOX (text), l1);
      gtk_box_append (GTK_BOX (text), l2);
      gtk_box_append (GTK_BOX (row), dot);
      gtk_box_append (GTK_BOX (row), text);
      gtk_widget_add_css_class (row, "timeline-row");
      gtk_box_append (GTK_BOX (self->r_history), row);
    }
}

static double
distance_km (double lat1, double lon1, double lat2, double lon2)
{
  double dx = (lon1 - lon2) * cos ((lat1 + lat2) / 2 * G_PI / 180) * 111.32, dy = (lat1 - lat2) * 110.57;
  return sqrt (dx * dx + dy * dy);
}

typedef struct { char *id; char *name; double d; } Choice;

static int
by_distance (gconstpointer a, gconstpointer b)
{
  const Choice *x = a, *y = b;
  return x->d < y->d ? -1 : x->d > y->d;
}

/* Today's units, the nearest ward or commune to the report first (the
 * suggestion), then the others by distance, then departments and other
 * bodies; the drop-down searches them by name. */
static void
fill_unit_picker (IocMapWall *self,
                  IocRecord  *r)
{
  GListModel *units = G_LIST_MODEL (ioc_models_get_units (self->models));
  guint n = g_list_model_get_n_items (units);
  g_autoptr(GArray) choices = g_array_new (FALSE, FALSE, sizeof (Choice));
  double lat = ioc_record_get_double (r, "lat", NAN), lon = ioc_record_get_double (r, "lon", NAN);
  const char *current = ioc_record_get_string (r, "unit_id");
  guint selected = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(IocRecord) u = g_list_model_get_item (units, i);
      const char *kind = ioc_record_get_string (u, "kind");
      const char *name = ioc_record_get_string (u, "full_name") ?: ioc_record_get_string (u, "name");
      double ulat = ioc_record_get_double (u, "lat", NAN), ulon = ioc_record_get_double (u, "lon", NAN);
      Choice c;

      if (g_strcmp0 (kind, "province") == 0)
        continue;
      c.id = g_strdup (ioc_record_get_id (u));
      if (!isnan (lat) && !isnan (ulat) && (g_strcmp0 (kind, "ward") == 0 || g_strcmp0 (kind, "commune") == 0))
        {
          c.d = distance_km (lat, lon, ulat, ulon);
          /* Translators: a unit in the dispatch picker and its distance from the report */
          c.name = g_strdup_printf (_("%s · %.1f km"), name, c.d);
        }
      else
        {
          c.d = 1e9 + i;
          c.name = g_strdup (name);
        }
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
      if (g_strcmp0 (c->id, current) == 0)
        selected = i;
      g_free (c->name);
    }
  /* A report already with a unit keeps it selected; else the nearest. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->unit_dropdown), selected);
}

static gboolean
report_is_open (const char *status)
{
  return status != NULL && g_strcmp0 (status, "processed") != 0 && g_strcmp0 (status, "not_eligible") != 0;
}

/* What the signed-in role may do with this report, in its state (the
 * server's rules, ioc-api-reports.c): duty staff never see dispatch,
 * leaders only read. */
void
ioc_map_panel_update_actions (IocMapWall *self,
                              IocRecord  *r)
{
  IocClient *client = ioc_models_get_client (self->models);
  const char *status = r != NULL ? ioc_record_get_string (r, "status") : NULL;
  gboolean sup = ioc_client_can_dispatch (client);
  gboolean open_report = r != NULL && report_is_open (status);
  gboolean escalate = sup && (g_strcmp0 (status, "assigned") == 0 || g_strcmp0 (status, "forwarded") == 0 ||
                              g_strcmp0 (status, "overdue") == 0);
  gboolean feedback = ioc_client_can_act (client) && g_strcmp0 (status, "processed") == 0 &&
                      ioc_record_get_string (r, "satisfaction") == NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.assign", sup && open_report);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.forward", sup && open_report);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.escalate", escalate);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.resolve", sup && open_report);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.reject", sup && open_report);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.satisfaction", feedback);
  gtk_widget_set_visible (self->dispatch_box, sup && open_report);
  gtk_widget_set_visible (self->satisfaction_box, feedback);
}

static void
append_field (GString    *text,
              const char *name,
              const char *value)
{
  g_autofree char *esc = g_markup_escape_text (value != NULL && *value != '\0' ? value : "—", -1);
  if (text->len > 0)
    g_string_append_c (text, '\n');
  g_string_append_printf (text, "<span foreground=\"#8ea1b3\">%s</span>  %s", name, esc);
}

static void
set_badge (GtkWidget         *badge,
           const char        *text,
           const char        *css,
           const char *const *all)
{
  gtk_label_set_text (GTK_LABEL (badge), text);
  for (guint i = 0; all[i] != NULL; i++)
    gtk_widget_remove_css_class (badge, all[i]);
  if (css != NULL)
    gtk_widget_add_css_class (badge, css);
}

static void
set_default_deadline (IocMapWall *self,
                      IocRecord  *r)
{
  const char *cat = ioc_record_get_string (r, "category");
  int hours = ioc_models_category_deadline_hours (self->models, cat);
  g_autoptr(GDateTime) now = g_date_time_new_now (ioc_province_time_zone ());
  g_autoptr(GDateTime) due = g_date_time_add_hours (now, hours > 0 ? hours : 72);
  g_autofree char *due_text = g_date_time_format (due, DEADLINE_FORMAT);
  g_autofree char *hint = NULL;

  gtk_editable_set_text (GTK_EDITABLE (self->deadline_entry), due_text);
  /* Translators: under the deadline entry; %s a report category, %d hours */
  hint = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Day/month/year hour:minute (UTC+7). Default for %s: %d hour.",
                                       "Day/month/year hour:minute (UTC+7). Default for %s: %d hours.",
                                       (gulong) (hours > 0 ? hours : 72)),
                          ioc_models_category_name (self->models, cat), hours > 0 ? hours : 72);
  gtk_label_set_text (GTK_LABEL (self->deadline_hint), hint);
}

void
ioc_map_panel_show_report (IocMapWall *self,
                           IocRecord  *r)
{
  IocClient *client = ioc_models_get_client (self->models);
  static const char *const statuses[] = { "received", "assigned", "forwarded", "processed", "overdue", "not_eligible", NULL };
  const char *status = ioc_record_get_string (r, "status");
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *received = ioc_format_time (ioc_record_get_string (r, "received_at"));
  g_autofree char *deadline = ioc_format_time (ioc_record_get_string (r, "deadline"));
  g_autofree char *title = g_strdup_printf (_("Field report #%s"), ioc_record_get_id (r));
  gboolean new_report = g_strcmp0 (self->report_id, ioc_record_get_id (r)) != 0;
  double lat = ioc_record_get_double (r, "lat", NAN), lon = ioc_record_get_double (r, "lon", NAN);

  show_page (self, "report");
  g_free (self->report_id);
  self->report_id = g_strdup (ioc_record_get_id (r));
  gtk_label_set_text (GTK_LABEL (self->r_title), title);
  set_badge (self->r_badge, ioc_report_status_label (status), status, statuses);

  /* Reporters' names and phone numbers are never shown on a wall. */
  append_field (text, _("Category"), ioc_models_category_name (self->models, ioc_record_get_string (r, "category")));
  append_field (text, _("Received"), received);
  append_field (text, _("Unit"), ioc_models_unit_name (self->models, ioc_record_get_string (r, "unit_id")));
  append_field (text, _("Deadline"), deadline);
  append_field (text, _("Address"), ioc_record_get_string (r, "address"));
  if (ioc_record_get_bool (r, "escalated"))
    append_field (text, _("Escalated"), _("yes"));
  if (ioc_record_get_string (r, "resolution") != NULL)
    append_field (text, _("Result"), ioc_record_get_string (r, "resolution"));
  if (ioc_record_get_string (r, "satisfaction") != NULL)
    append_field (text, _("Citizen"), g_strcmp0 (ioc_record_get_string (r, "satisfaction"), "satisfied") == 0 ?
                                      _("Satisfied") : _("Dissatisfied"));
  gtk_label_set_markup (GTK_LABEL (self->r_fields), text->str);
  gtk_label_set_text (GTK_LABEL (self->r_description), ioc_record_get_string (r, "description") ?: "");

  ioc_map_panel_update_actions (self, r);
  if (new_report)
    {
      fill_unit_picker (self, r);
      gtk_editable_set_text (GTK_EDITABLE (self->note_entry), "");
      gtk_editable_set_text (GTK_EDITABLE (self->result_entry), "");
      set_default_deadline (self, r);
      set_feedback (self, self->feedback, NULL, FALSE);
      clear_box (self->r_history);
      if (!isnan (lat) && !isnan (lon))
        ioc_map_wall_focus_on (self, lat, lon, TRUE);
      else
        ioc_map_wall_clear_focus (self);
    }
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/reports/%s/history", ioc_record_get_id (r));
    ioc_client_request_async (client, "GET", path, NULL, self->cancellable, on_history, self);
  }
}

static void
on_action_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ioc_client_request_finish (IOC_CLIENT (source), result, &error);
  GtkWidget *label = user_data;
  IocMapWall *self;

  if (answer == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = IOC_MAP_WALL (gtk_widget_get_ancestor (label, IOC_TYPE_MAP_WALL));
  if (self == NULL)
    return;
  /* The new state comes back through the stream and updates the panel. */
  set_feedback (self, label, answer == NULL ? error->message : _("Done."), answer == NULL);
}

static void
post (IocMapWall *self,
      const char *path,
      JsonObject *body,
      GtkWidget  *feedback)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), body);

  set_feedback (self, feedback, _("Sending…"), FALSE);
  ioc_client_request_async (ioc_models_get_client (self->models), "POST", path, node,
                            self->cancellable, on_action_done, feedback);
}

static void
post_report (IocMapWall *self,
             const char *action,
             JsonObject *body)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/reports/%s/%s", self->report_id, action);
  post (self, path, body, self->feedback);
}

/* "27/11/2026 17:00" (UTC+7) → ISO 8601; NULL when it does not read. */
static char *
parse_deadline (const char *text)
{
  int d, m, y, hh = 17, mm = 0;
  g_autoptr(GDateTime) t = NULL;

  if (sscanf (text, "%d/%d/%d %d:%d", &d, &m, &y, &hh, &mm) < 3)
    return NULL;
  t = g_date_time_new (ioc_province_time_zone (), y, m, d, hh, mm, 0);
  return t != NULL ? g_date_time_format_iso8601 (t) : NULL;
}

static void
dispatch (IocMapWall *self,
          const char *action)
{
  guint pos = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->unit_dropdown));
  g_autoptr(JsonObject) body = json_object_new ();
  const char *deadline = gtk_editable_get_text (GTK_EDITABLE (self->deadline_entry));
  const char *note = gtk_editable_get_text (GTK_EDITABLE (self->note_entry));

  if (pos == GTK_INVALID_LIST_POSITION || pos >= self->unit_ids->len)
    {
      set_feedback (self, self->feedback, _("Choose a unit first."), TRUE);
      return;
    }
  json_object_set_string_member (body, "unit_id", g_ptr_array_index (self->unit_ids, pos));
  if (*deadline != '\0')
    {
      g_autofree char *iso = parse_deadline (deadline);
      if (iso == NULL)
        {
          set_feedback (self, self->feedback, _("The deadline reads day/month/year hour:minute, such as 27/11/2026 17:00."), TRUE);
          return;
        }
      json_object_set_string_member (body, "deadline", iso);
    }
  if (*note != '\0')
    json_object_set_string_member (body, "note", note);
  post_report (self, action, body);
}

static void
close_with (IocMapWall *self,
            const char *action,
            const char *member)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->result_entry));
  g_autoptr(JsonObject) body = json_object_new ();

  if (*text == '\0')
    {
      set_feedback (self, self->feedback, g_str_equal (action, "resolve") ? _("Write the result first.")
                                                                          : _("Write the reason first."), TRUE);
      gtk_widget_grab_focus (self->result_entry);
      return;
    }
  json_object_set_string_member (body, member, text);
  post_report (self, action, body);
}

static void
report_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  IocMapWall *self = IOC_MAP_WALL (widget);
  const char *action = action_name + strlen ("report.");

  if (self->report_id == NULL)
    return;
  if (g_str_equal (action, "resolve"))
    close_with (self, "resolve", "resolution");
  else if (g_str_equal (action, "reject"))
    close_with (self, "reject", "reason");
  else if (g_str_equal (action, "satisfaction"))
    {
      g_autoptr(JsonObject) body = json_object_new ();
      json_object_set_string_member (body, "satisfaction", g_variant_get_string (param, NULL));
      post_report (self, "satisfaction", body);
    }
  else
    dispatch (self, action);
}

/* ---- a camera ----------------------------------------------------------- */

static const char *
camera_kind_label (const char *kind)
{
  if (g_strcmp0 (kind, "traffic") == 0) return _("Traffic");
  if (g_strcmp0 (kind, "ptz") == 0) return _("High-mounted PTZ");
  return _("Security");
}

void
ioc_map_panel_show_camera (IocMapWall *self,
                           const char *id)
{
  static const char *const statuses[] = { "online", "offline", "unknown", NULL };
  IocRecord *c = id != NULL ? ioc_record_list_lookup (ioc_models_get_cameras (self->models), id) : NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) ai = g_string_new (NULL);
  g_autofree char *heading = NULL;
  g_autofree char *changed = NULL;
  const char *status;
  JsonNode *features;

  if (c == NULL)
    return;
  status = ioc_record_get_string (c, "status");
  show_page (self, "camera");
  g_free (self->camera_id);
  self->camera_id = g_strdup (id);
  gtk_label_set_text (GTK_LABEL (self->c_title), ioc_record_get_string (c, "name") ?: id);
  set_badge (self->c_badge, ioc_camera_status_label (status), status != NULL ? status : "unknown", statuses);

  append_field (text, _("Kind"), camera_kind_label (ioc_record_get_string (c, "kind")));
  /* The health checker's reason ("RTSP 404", "timeout") comes with the
   * camera.updated event only (contract 2). */
  if (ioc_record_get_string (c, "status_detail") != NULL)
    append_field (text, _("Status detail"), ioc_record_get_string (c, "status_detail"));
  changed = ioc_format_time (ioc_record_get_string (c, "status_changed_at"));
  append_field (text, _("Status since"), changed);
  heading = isnan (ioc_record_get_double (c, "heading", NAN)) ? g_strdup ("—")
            : g_strdup_printf ("%.0f°", ioc_record_get_double (c, "heading", 0));
  append_field (text, _("Heading"), heading);
  append_field (text, _("Owner"), ioc_models_unit_name (self->models, ioc_record_get_string (c, "owner_unit_id")));
  features = json_object_get_member (ioc_record_get_data (c), "ai_features");
  if (features != NULL && JSON_NODE_HOLDS_ARRAY (features))
    {
      JsonArray *a = json_node_get_array (features);
      for (guint i = 0; i < json_array_get_length (a); i++)
        g_string_append_printf (ai, "%s%s", i > 0 ? ", " : "", ioc_ai_feature_label (json_array_get_string_element (a, i)));
    }
  append_field (text, _("AI features"), ai->str);
  append_field (text, _("Camera id"), id);
  gtk_label_set_markup (GTK_LABEL (self->c_fields), text->str);
  ioc_map_wall_focus_on (self, ioc_record_get_double (c, "lat", NAN), ioc_record_get_double (c, "lon", NAN), TRUE);
  ioc_camera_live_set_camera (IOC_CAMERA_LIVE (self->c_live), id);
}

void
ioc_map_panel_record_changed (IocMapWall *self,
                              IocRecord  *r,
                              gboolean    camera)
{
  if (camera && g_strcmp0 (self->camera_id, ioc_record_get_id (r)) == 0)
    ioc_map_panel_show_camera (self, ioc_record_get_id (r));
  else if (!camera && g_strcmp0 (self->report_id, ioc_record_get_id (r)) == 0)
    ioc_map_panel_show_report (self, r);
  if (!camera)
    ioc_map_panel_track_overdue (self, r);
}

/* ---- a unit: overdue dossiers, or a site under attack ------------------- */

static gboolean
alert_is_open (IocRecord *a)
{
  const char *st = ioc_record_get_string (a, "status");
  return g_strcmp0 (st, "resolved") != 0 && g_strcmp0 (st, "false_positive") != 0;
}

static void
fill_site (IocMapWall *self,
           GString    *text)
{
  GListModel *alerts = G_LIST_MODEL (ioc_models_get_alerts (self->models));
  gboolean act = ioc_client_can_act (ioc_models_get_client (self->models));
  guint open = 0, shown = 0;
  g_autofree char *count = NULL;

  for (guint i = g_list_model_get_n_items (alerts); i > 0; i--)
    {
      g_autoptr(IocRecord) a = g_list_model_get_item (alerts, i - 1);
      GtkWidget *row, *badge, *l, *b;
      g_autofree char *line = NULL;

      if (g_strcmp0 (ioc_record_get_string (a, "unit_id"), self->unit_id) != 0 || !alert_is_open (a))
        continue;
      open++;
      if (shown >= 8)
        continue;
      shown++;
      row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      badge = gtk_label_new (ioc_severity_label (ioc_record_get_string (a, "severity")));
      gtk_widget_add_css_class (badge, "badge");
      if (ioc_record_get_string (a, "severity") != NULL)
        gtk_widget_add_css_class (badge, ioc_record_get_string (a, "severity"));
      gtk_widget_set_valign (badge, GTK_ALIGN_START);
      gtk_box_append (GTK_BOX (row), badge);
      line = g_strdup_printf ("%s\n%s · ×%" G_GINT64_FORMAT " · %s", ioc_record_get_string (a, "signature") ?: "—",
                              ioc_record_get_string (a, "site") ?: ioc_record_get_string (a, "host") ?: "—",
                              ioc_record_get_int (a, "count", 1), ioc_alert_status_label (ioc_record_get_string (a, "status")));
      l = label_new (NULL, TRUE);
      gtk_label_set_text (GTK_LABEL (l), line);
      gtk_widget_set_hexpand (l, TRUE);
      gtk_box_append (GTK_BOX (row), l);
      if (act && g_strcmp0 (ioc_record_get_string (a, "status"), "new") == 0)
        {
          b = gtk_button_new_with_label (_("Acknowledge"));
          gtk_actionable_set_action_name (GTK_ACTIONABLE (b), "site.acknowledge");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (b), "s", ioc_record_get_id (a));
          gtk_widget_set_valign (b, GTK_ALIGN_START);
          gtk_box_append (GTK_BOX (row), b);
        }
      gtk_widget_add_css_class (row, "alert-row");
      gtk_box_append (GTK_BOX (self->u_list), row);
    }
  count = g_strdup_printf ("%u", open);
  append_field (text, _("Open security alerts"), count);
  gtk_widget_set_visible (self->u_ticket_box, FALSE);
}

static void
fill_agency (IocMapWall *self,
             GString    *text)
{
  GListModel *tickets = G_LIST_MODEL (ioc_models_get_tickets (self->models));
  const char *date = NULL;
  gint64 latest = ioc_map_wall_latest_overdue (self, self->unit_id, &date);
  gboolean current = ioc_record_list_lookup (ioc_models_get_units (self->models), self->unit_id) != NULL;
  gboolean sup = ioc_client_can_dispatch (ioc_models_get_client (self->models));
  g_autofree char *value = NULL;
  g_autofree char *n_open = NULL;
  guint open = 0;

  /* Translators: a number of overdue dossiers and the report date it was counted on */
  value = latest >= 0 ? g_strdup_printf (_("%d on %s"), (int) latest, date) : g_strdup ("—");
  append_field (text, _("Overdue dossiers"), value);
  for (guint i = g_list_model_get_n_items (tickets); i > 0; i--)
    {
      g_autoptr(IocRecord) t = g_list_model_get_item (tickets, i - 1);
      g_autofree char *when = NULL;
      g_autofree char *line = NULL;
      GtkWidget *l;

      if (g_strcmp0 (ioc_record_get_string (t, "unit_id"), self->unit_id) != 0)
        continue;
      if (g_strcmp0 (ioc_record_get_string (t, "status"), "resolved") != 0)
        open++;
      when = ioc_format_time (ioc_record_get_string (t, "issued_at"));
      line = g_strdup_printf ("%s · %s · %s", when, ioc_ticket_status_label (ioc_record_get_string (t, "status")),
                              ioc_record_get_string (t, "reason") ?: "");
      l = label_new (NULL, TRUE);
      gtk_label_set_text (GTK_LABEL (l), line);
      gtk_box_append (GTK_BOX (self->u_list), l);
    }
  n_open = g_strdup_printf ("%u", open);
  append_field (text, _("Open warning tickets"), n_open);
  /* Tickets go to today's agencies: a district merged away in 2025 has
   * none to receive them. */
  gtk_widget_set_visible (self->u_ticket_box, sup && current);
  if (sup && current && latest > 0)
    {
      /* Translators: the default reason of a warning ticket */
      g_autofree char *reason = g_strdup_printf (_("%d overdue dossiers on %s"), (int) latest, date);
      gtk_editable_set_text (GTK_EDITABLE (self->u_reason_entry), reason);
    }
}

void
ioc_map_panel_show_unit (IocMapWall *self,
                         const char *unit_id,
                         gboolean    site)
{
  g_autoptr(GString) text = g_string_new (NULL);
  double lat, lon;

  show_page (self, "unit");
  if (g_strcmp0 (self->unit_id, unit_id) != 0)
    {
      g_free (self->unit_id);
      self->unit_id = g_strdup (unit_id);
      set_feedback (self, self->u_feedback, NULL, FALSE);
      gtk_editable_set_text (GTK_EDITABLE (self->u_reason_entry), "");
    }
  self->unit_is_site = site;
  gtk_label_set_text (GTK_LABEL (self->u_title), ioc_models_unit_name (self->models, unit_id) ?: unit_id);
  clear_box (self->u_list);
  if (site)
    fill_site (self, text);
  else
    fill_agency (self, text);
  gtk_label_set_markup (GTK_LABEL (self->u_fields), text->str);
  if (ioc_models_unit_location (self->models, unit_id, &lat, &lon))
    ioc_map_wall_focus_on (self, lat, lon, FALSE);
}

static void
site_acknowledge (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  IocMapWall *self = IOC_MAP_WALL (widget);
  g_autofree char *path = g_strdup_printf ("/api/v1/alerts/%s/acknowledge", g_variant_get_string (param, NULL));
  g_autoptr(JsonObject) body = json_object_new ();

  post (self, path, body, self->u_feedback);
}

static void
unit_issue_ticket (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  IocMapWall *self = IOC_MAP_WALL (widget);
  const char *reason = gtk_editable_get_text (GTK_EDITABLE (self->u_reason_entry));
  g_autoptr(JsonObject) body = json_object_new ();

  if (self->unit_id == NULL)
    return;
  if (*reason == '\0')
    {
      set_feedback (self, self->u_feedback, _("Write the reason first."), TRUE);
      return;
    }
  json_object_set_string_member (body, "unit_id", self->unit_id);
  json_object_set_string_member (body, "reason", reason);
  post (self, "/api/v1/warning-tickets", body, self->u_feedback);
}

static void
close_panel (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  ioc_map_panel_back (IOC_MAP_WALL (widget));
}

/* ---- building ----------------------------------------------------------- */

/* ← and the title on one line; the status badge, when there is one, under
 * the title so that a long name keeps the panel's width. */
static GtkWidget *
page_head (GtkWidget **title,
           GtkWidget **badge)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *head = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *back = ioc_action_button ("←", "wall.close-panel", NULL, _("Back to the overdue queue (Escape)"));

  gtk_widget_set_valign (back, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (head), back);
  *title = label_new ("panel-title", TRUE);
  gtk_widget_set_hexpand (*title, TRUE);
  gtk_box_append (GTK_BOX (head), *title);
  gtk_box_append (GTK_BOX (box), head);
  if (badge != NULL)
    {
      *badge = gtk_label_new (NULL);
      gtk_widget_add_css_class (*badge, "badge");
      gtk_widget_set_halign (*badge, GTK_ALIGN_START);
      gtk_widget_set_margin_start (*badge, 2);
      gtk_box_append (GTK_BOX (box), *badge);
    }
  return box;
}

static GtkWidget *
scrolled (GtkWidget *child)
{
  GtkWidget *scroll = gtk_scrolled_window_new ();

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroll), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), child);
  gtk_widget_set_vexpand (scroll, TRUE);
  return scroll;
}

static GtkWidget *
build_report_page (IocMapWall *self)
{
  GtkWidget *report = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
  GtkWidget *row, *l;
  GtkExpression *expr;

  gtk_box_append (GTK_BOX (report), page_head (&self->r_title, &self->r_badge));
  self->r_fields = label_new (NULL, TRUE);
  gtk_box_append (GTK_BOX (report), self->r_fields);
  self->r_description = label_new ("description", TRUE);
  gtk_label_set_selectable (GTK_LABEL (self->r_description), TRUE);
  gtk_box_append (GTK_BOX (report), self->r_description);

  self->dispatch_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_add_css_class (self->dispatch_box, "dispatch");
  l = label_new ("section-title", FALSE);
  gtk_label_set_text (GTK_LABEL (l), _("Dispatch"));
  gtk_box_append (GTK_BOX (self->dispatch_box), l);
  self->unit_names = gtk_string_list_new (NULL);
  self->unit_ids = g_ptr_array_new_with_free_func (g_free);
  expr = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  self->unit_dropdown = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->unit_names)), expr);
  gtk_drop_down_set_enable_search (GTK_DROP_DOWN (self->unit_dropdown), TRUE);
  ioc_drop_down_ellipsize (GTK_DROP_DOWN (self->unit_dropdown));
  gtk_widget_set_tooltip_text (self->unit_dropdown, _("Units in force today, the nearest ward or commune first; type to search"));
  gtk_box_append (GTK_BOX (self->dispatch_box), self->unit_dropdown);
  self->deadline_entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->deadline_entry), _("Deadline, e.g. 27/11/2026 17:00"));
  gtk_box_append (GTK_BOX (self->dispatch_box), self->deadline_entry);
  self->deadline_hint = label_new ("hint", TRUE);
  gtk_box_append (GTK_BOX (self->dispatch_box), self->deadline_hint);
  self->note_entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->note_entry), _("Note to the unit"));
  gtk_box_append (GTK_BOX (self->dispatch_box), self->note_entry);
  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_add_css_class (row, "linked-row");
  self->assign_button = ioc_action_button (_("_Assign"), "report.assign", NULL, _("Assign to the unit (Ctrl+Enter)"));
  gtk_box_append (GTK_BOX (row), self->assign_button);
  gtk_box_append (GTK_BOX (row), ioc_action_button (_("_Forward"), "report.forward", NULL,
                                                _("Forward to another unit (Ctrl+Shift+Enter)")));
  self->escalate_button = ioc_action_button (_("_Escalate"), "report.escalate", NULL,
                                         _("Escalate to the unit chosen, marked escalated (Ctrl+E)"));
  gtk_box_append (GTK_BOX (row), self->escalate_button);
  gtk_box_append (GTK_BOX (self->dispatch_box), row);
  self->result_entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->result_entry), _("Result, or the reason for rejecting"));
  gtk_box_append (GTK_BOX (self->dispatch_box), self->result_entry);
  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (row), ioc_action_button (_("_Close with result"), "report.resolve", NULL, NULL));
  gtk_box_append (GTK_BOX (row), ioc_action_button (_("_Reject as not eligible"), "report.reject", NULL, NULL));
  gtk_box_append (GTK_BOX (self->dispatch_box), row);
  gtk_box_append (GTK_BOX (report), self->dispatch_box);

  self->satisfaction_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  l = gtk_label_new (_("Citizen:"));
  gtk_box_append (GTK_BOX (self->satisfaction_box), l);
  gtk_box_append (GTK_BOX (self->satisfaction_box), ioc_action_button (_("Satisfied"), "report.satisfaction", g_variant_new_string ("satisfied"), NULL));
  gtk_box_append (GTK_BOX (self->satisfaction_box), ioc_action_button (_("Dissatisfied"), "report.satisfaction", g_variant_new_string ("dissatisfied"), NULL));
  gtk_box_append (GTK_BOX (report), self->satisfaction_box);

  self->feedback = label_new ("feedback", TRUE);
  gtk_widget_set_visible (self->feedback, FALSE);
  gtk_box_append (GTK_BOX (report), self->feedback);
  l = label_new ("section-title", FALSE);
  gtk_label_set_text (GTK_LABEL (l), _("History"));
  gtk_box_append (GTK_BOX (report), l);
  self->r_history = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_add_css_class (self->r_history, "timeline");
  gtk_box_append (GTK_BOX (report), self->r_history);
  return scrolled (report);
}

static GtkWidget *
build_camera_page (IocMapWall *self)
{
  GtkWidget *camera = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);

  gtk_box_append (GTK_BOX (camera), page_head (&self->c_title, &self->c_badge));
  /* The live view's place: issue 5 appends its video widget here. */
  self->c_video = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class (self->c_video, "camera-video");
  self->c_live = ioc_camera_live_new (self->models);
  gtk_box_append (GTK_BOX (self->c_video), self->c_live);
  gtk_box_append (GTK_BOX (camera), self->c_video);
  self->c_fields = label_new (NULL, TRUE);
  gtk_box_append (GTK_BOX (camera), self->c_fields);
  return scrolled (camera);
}

static GtkWidget *
build_unit_page (IocMapWall *self)
{
  GtkWidget *unit = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
  GtkWidget *issue;

  gtk_box_append (GTK_BOX (unit), page_head (&self->u_title, NULL));
  self->u_fields = label_new (NULL, TRUE);
  gtk_box_append (GTK_BOX (unit), self->u_fields);
  self->u_ticket_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_add_css_class (self->u_ticket_box, "dispatch");
  self->u_reason_entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->u_reason_entry), _("Reason for the warning ticket"));
  gtk_box_append (GTK_BOX (self->u_ticket_box), self->u_reason_entry);
  issue = ioc_action_button (_("_Issue a warning ticket"), "unit.issue-ticket", NULL, NULL);
  gtk_widget_set_halign (issue, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (self->u_ticket_box), issue);
  gtk_box_append (GTK_BOX (unit), self->u_ticket_box);
  self->u_feedback = label_new ("feedback", TRUE);
  gtk_widget_set_visible (self->u_feedback, FALSE);
  gtk_box_append (GTK_BOX (unit), self->u_feedback);
  self->u_list = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_box_append (GTK_BOX (unit), self->u_list);
  return scrolled (unit);
}

GtkWidget *
ioc_map_panel_build (IocMapWall *self)
{
  GtkWidget *stack = gtk_stack_new ();
  GtkWidget *queue_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);

  /* Keys are the records' own id strings. */
  self->overdue = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);

  self->queue_title = label_new ("panel-title", FALSE);
  gtk_box_append (GTK_BOX (queue_box), self->queue_title);
  self->queue = GTK_LIST_BOX (gtk_list_box_new ());
  /* Rows open on a click; nothing stays highlighted on a wall. */
  gtk_list_box_set_selection_mode (self->queue, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->queue), "queue");
  g_signal_connect (self->queue, "row-activated", G_CALLBACK (on_queue_row_activated), self);
  gtk_box_append (GTK_BOX (queue_box), scrolled (GTK_WIDGET (self->queue)));
  gtk_stack_add_named (GTK_STACK (stack), queue_box, "queue");
  gtk_stack_add_named (GTK_STACK (stack), build_report_page (self), "report");
  gtk_stack_add_named (GTK_STACK (stack), build_camera_page (self), "camera");
  gtk_stack_add_named (GTK_STACK (stack), build_unit_page (self), "unit");

  gtk_widget_add_css_class (stack, "side-panel");
  gtk_widget_set_size_request (stack, 430, -1);
  self->side_stack = stack;
  return stack;
}

void
ioc_map_panel_class_init (GtkWidgetClass *widget_class)
{
  /* A report's actions; enabled per role and per state (update_actions). */
  gtk_widget_class_install_action (widget_class, "report.assign", NULL, report_action);
  gtk_widget_class_install_action (widget_class, "report.forward", NULL, report_action);
  gtk_widget_class_install_action (widget_class, "report.escalate", NULL, report_action);
  gtk_widget_class_install_action (widget_class, "report.resolve", NULL, report_action);
  gtk_widget_class_install_action (widget_class, "report.reject", NULL, report_action);
  gtk_widget_class_install_action (widget_class, "report.satisfaction", "s", report_action);
  gtk_widget_class_install_action (widget_class, "site.acknowledge", "s", site_acknowledge);
  gtk_widget_class_install_action (widget_class, "unit.issue-ticket", NULL, unit_issue_ticket);
  gtk_widget_class_install_action (widget_class, "wall.close-panel", NULL, close_panel);
}

void
ioc_map_panel_dispose (IocMapWall *self)
{
  g_clear_handle_id (&self->queue_rebuild_id, g_source_remove);
  g_clear_pointer (&self->overdue, g_hash_table_unref);
  g_clear_object (&self->unit_names);
  g_clear_pointer (&self->unit_ids, g_ptr_array_unref);
  g_clear_pointer (&self->report_id, g_free);
  g_clear_pointer (&self->camera_id, g_free);
  g_clear_pointer (&self->unit_id, g_free);
}
