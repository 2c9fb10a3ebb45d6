/* ioc-map-wall.c — see ioc-map-wall.h
 *
 * Layers, bottom to top: the base map (iocd's offline tiles, or an online
 * tile URL from GSettings), today's commune boundaries (IocBoundaryLayer,
 * projected once), agencies' overdue dossiers and SOC-affected sites as
 * sized circles at their units' centroids (ShumateMarkerLayer: a few dozen),
 * field reports and cameras (IocClusterLayer: thousands, clustered). One
 * click gesture on the map picks what is under the pointer across the
 * point layers, so a layer on top does not hide the one below.
 */
#include "config.h"

#include "ioc-map-wall.h"
#include "ioc-boundary-layer.h"
#include "ioc-camera-live.h"
#include "ioc-cluster-layer.h"
#include "ioc-labels.h"
#include "ioc-wall.h"

#include <glib/gi18n.h>
#include <math.h>
#include <shumate/shumate.h>
#include <string.h>

#define APP_SCHEMA "vn.gov.daklak.IocConsole"

/* Report styles, by severity (a cluster takes its worst point's colour). */
static const char *const report_styles[] = { "processed", "not_eligible", "received", "assigned", "forwarded", "overdue", NULL };
static const char *const camera_styles[] = { "online", "unknown", "offline", NULL };

/* String ids of records ↔ the 64-bit ids of a cluster layer. */
typedef struct {
  GHashTable *by_id;      /* char* → guint64 */
  GPtrArray  *ids;        /* guint64 - 1 → char* */
} PointIds;

struct _IocMapWall
{
  GtkWidget           parent_instance;
  IocModels          *models;
  GtkWidget          *root;
  ShumateSimpleMap   *map;
  IocBoundaryLayer   *boundary_layer;
  ShumateMarkerLayer *dossier_layer;
  ShumateMarkerLayer *soc_layer;
  IocClusterLayer    *camera_layer;
  IocClusterLayer    *report_layer;
  PointIds            report_ids, camera_ids;
  GHashTable          *watched;           /* IocRecord* whose ::changed we follow */
  GtkWidget          *search;
  GtkWidget          *side_stack;
  GtkListBox         *queue;
  GtkWidget          *queue_title;
  guint               n_dossier_bubbles, n_soc_bubbles;
  guint               soc_rebuild_id;
  /* report panel */
  char               *report_id;
  GtkWidget          *r_title, *r_badge, *r_fields, *r_history;
  GtkWidget          *dispatch_box, *unit_dropdown, *deadline_entry, *note_entry, *assign_button;
  GtkWidget          *result_entry, *satisfaction_box, *feedback;
  GtkStringList      *unit_names;
  GPtrArray          *unit_ids;          /* parallel to unit_names */
  /* camera / unit panel */
  GtkWidget          *c_title, *c_fields;
  GtkWidget          *c_live;            /* IocCameraLive (issue 5) */
  GCancellable       *cancellable;
};

G_DEFINE_FINAL_TYPE (IocMapWall, ioc_map_wall, GTK_TYPE_WIDGET)

static void show_report_panel (IocMapWall *self, IocRecord *r);
static void update_actions (IocMapWall *self, IocRecord *r);

static void
point_ids_init (PointIds *p)
{
  p->by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  p->ids = g_ptr_array_new_with_free_func (g_free);
}

static void
point_ids_clear (PointIds *p)
{
  g_clear_pointer (&p->by_id, g_hash_table_unref);
  g_clear_pointer (&p->ids, g_ptr_array_unref);
}

static guint64
point_id (PointIds   *p,
          const char *id)
{
  gpointer v;

  if (g_hash_table_lookup_extended (p->by_id, id, NULL, &v))
    return GPOINTER_TO_SIZE (v);
  g_ptr_array_add (p->ids, g_strdup (id));
  g_hash_table_insert (p->by_id, g_strdup (id), GSIZE_TO_POINTER ((gsize) p->ids->len));
  return p->ids->len;
}

static const char *
point_name (PointIds *p,
            guint64   id)
{
  return id >= 1 && id <= p->ids->len ? g_ptr_array_index (p->ids, id - 1) : NULL;
}

static guint
style_of (const char *const *styles,
          const char        *value,
          guint              fallback)
{
  for (guint i = 0; styles[i] != NULL; i++)
    if (g_strcmp0 (styles[i], value) == 0)
      return i;
  return fallback;
}

/* ---- the panels for a camera and for a unit --------------------------- */

static void
show_camera_panel (IocMapWall *self,
                   const char *id)
{
  IocRecord *c = ioc_record_list_lookup (ioc_models_get_cameras (self->models), id);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *name = NULL;

  if (c == NULL)
    return;
  gtk_label_set_text (GTK_LABEL (self->c_title), ioc_record_get_string (c, "name"));
  g_string_append_printf (text, "<b>%s</b> %s\n", _("Status:"),
                          ioc_camera_status_label (ioc_record_get_string (c, "status")));
  g_string_append_printf (text, "<b>%s</b> %s\n", _("Kind:"),
                          g_strcmp0 (ioc_record_get_string (c, "kind"), "traffic") == 0 ? _("Traffic") :
                          g_strcmp0 (ioc_record_get_string (c, "kind"), "ptz") == 0 ? _("High-mounted PTZ") : _("Security"));
  g_string_append_printf (text, "<b>%s</b> %.0f°\n", _("Heading:"), ioc_record_get_double (c, "heading", 0));
  name = g_markup_escape_text (ioc_models_unit_name (self->models, ioc_record_get_string (c, "owner_unit_id")) ?: "—", -1);
  g_string_append_printf (text, "<b>%s</b> %s", _("Owner:"), name);
  gtk_label_set_markup (GTK_LABEL (self->c_fields), text->str);
  ioc_camera_live_set_camera (IOC_CAMERA_LIVE (self->c_live), id);
  g_clear_pointer (&self->report_id, g_free);
  gtk_stack_set_visible_child_name (GTK_STACK (self->side_stack), "camera");
}

static void
show_unit_panel (IocMapWall *self,
                 const char *unit_id)
{
  g_autoptr(GString) text = g_string_new (NULL);
  JsonArray *stats = ioc_models_get_dossier_stats (self->models);
  IocRecordList *alerts = ioc_models_get_alerts (self->models);
  gint64 overdue = 0;
  guint open_alerts = 0;

  for (guint i = 0; stats != NULL && i < json_array_get_length (stats); i++)
    {
      JsonObject *o = json_array_get_object_element (stats, i);
      if (g_strcmp0 (json_object_get_string_member_with_default (o, "unit_id", NULL), unit_id) == 0)
        overdue += json_object_get_int_member_with_default (o, "value", 0);
    }
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (alerts)); i++)
    {
      g_autoptr(IocRecord) a = g_list_model_get_item (G_LIST_MODEL (alerts), i);
      const char *st = ioc_record_get_string (a, "status");
      if (g_strcmp0 (ioc_record_get_string (a, "unit_id"), unit_id) == 0 &&
          g_strcmp0 (st, "resolved") != 0 && g_strcmp0 (st, "false_positive") != 0)
        open_alerts++;
    }
  gtk_label_set_text (GTK_LABEL (self->c_title), ioc_models_unit_name (self->models, unit_id) ?: unit_id);
  g_string_append_printf (text, "<b>%s</b> %" G_GINT64_FORMAT "\n", _("Overdue dossiers (period loaded):"), overdue);
  g_string_append_printf (text, "<b>%s</b> %u", _("Open security alerts:"), open_alerts);
  gtk_label_set_markup (GTK_LABEL (self->c_fields), text->str);
  ioc_camera_live_set_camera (IOC_CAMERA_LIVE (self->c_live), NULL);
  g_clear_pointer (&self->report_id, g_free);
  gtk_stack_set_visible_child_name (GTK_STACK (self->side_stack), "camera");
}

/* ---- reports and cameras: cluster layers ------------------------------ */

static gboolean
record_point (IocRecord   *r,
              PointIds    *ids,
              gboolean     camera,
              IocMapPoint *pt)
{
  double lat = ioc_record_get_double (r, "lat", NAN), lon = ioc_record_get_double (r, "lon", NAN);

  if (isnan (lat) || isnan (lon))
    return FALSE;   /* an address only */
  pt->id = point_id (ids, ioc_record_get_id (r));
  pt->lat = lat;
  pt->lon = lon;
  if (camera)
    {
      pt->style = style_of (camera_styles, ioc_record_get_string (r, "status"), 1);
      pt->heading = ioc_record_get_double (r, "heading", NAN);
    }
  else
    {
      pt->style = style_of (report_styles, ioc_record_get_string (r, "status"), 2);
      pt->heading = NAN;
    }
  return TRUE;
}

static void on_record_changed (IocRecord *r, IocMapWall *self);

static void
watch_record (IocMapWall *self,
              IocRecord  *r)
{
  if (g_hash_table_add (self->watched, r))
    g_signal_connect_object (r, "changed", G_CALLBACK (on_record_changed), self, 0);
}

static void
on_record_changed (IocRecord  *r,
                   IocMapWall *self)
{
  gboolean camera = ioc_record_list_lookup (ioc_models_get_cameras (self->models), ioc_record_get_id (r)) == r;
  IocClusterLayer *layer = camera ? self->camera_layer : self->report_layer;
  PointIds *ids = camera ? &self->camera_ids : &self->report_ids;
  IocMapPoint pt;

  if (record_point (r, ids, camera, &pt))
    ioc_cluster_layer_update_point_full (layer, &pt);
  if (!camera && g_strcmp0 (self->report_id, ioc_record_get_id (r)) == 0)
    show_report_panel (self, r);
}

static void
sync_points (IocMapWall    *self,
             IocRecordList *list,
             gboolean       camera,
             guint          from,
             gboolean       replace)
{
  IocClusterLayer *layer = camera ? self->camera_layer : self->report_layer;
  PointIds *ids = camera ? &self->camera_ids : &self->report_ids;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_autoptr(GArray) points = g_array_sized_new (FALSE, FALSE, sizeof (IocMapPoint), n);

  for (guint i = replace ? 0 : from; i < n; i++)
    {
      g_autoptr(IocRecord) r = g_list_model_get_item (G_LIST_MODEL (list), i);
      IocMapPoint pt;

      watch_record (self, r);
      if (!record_point (r, ids, camera, &pt))
        continue;
      if (replace)
        g_array_append_val (points, pt);
      else
        ioc_cluster_layer_update_point_full (layer, &pt);
    }
  if (replace)
    ioc_cluster_layer_set_points (layer, (IocMapPoint *) (gpointer) points->data, points->len);
}

/* Rows added: new points; rows removed means a reload: set them all again. */
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
      /* Records of the old rows are gone: forget them. */
      g_hash_table_remove_all (self->watched);
      sync_points (self, ioc_models_get_reports (self->models), FALSE, 0, TRUE);
      sync_points (self, ioc_models_get_cameras (self->models), TRUE, 0, TRUE);
    }
  else
    sync_points (self, IOC_RECORD_LIST (list), camera, position, FALSE);
}

/* ---- dossiers and SOC sites: sized circles at unit centroids ---------- */

static void
on_bubble_clicked (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   gpointer         user_data)
{
  GtkWidget *w = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));

  show_unit_panel (user_data, g_object_get_data (G_OBJECT (w), "unit-id"));
}

static void
add_bubble (IocMapWall         *self,
            ShumateMarkerLayer *layer,
            const char         *unit_id,
            double              lat,
            double              lon,
            gint64              value,
            double              fraction,
            const char         *css,
            const char         *tooltip)
{
  ShumateMarker *marker = shumate_marker_new ();
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);
  GtkWidget *label = gtk_label_new (text);
  GtkGesture *click = gtk_gesture_click_new ();
  int size = 26 + (int) (46 * sqrt (CLAMP (fraction, 0, 1)));

  gtk_widget_add_css_class (label, "bubble");
  gtk_widget_add_css_class (label, css);
  gtk_widget_set_size_request (label, size, size);
  gtk_widget_set_tooltip_text (label, tooltip);
  g_object_set_data_full (G_OBJECT (label), "unit-id", g_strdup (unit_id), g_free);
  g_signal_connect (click, "released", G_CALLBACK (on_bubble_clicked), self);
  gtk_widget_add_controller (label, GTK_EVENT_CONTROLLER (click));
  shumate_marker_set_child (marker, label);
  shumate_location_set_location (SHUMATE_LOCATION (marker), lat, lon);
  shumate_marker_layer_add_marker (layer, marker);
}

static void
rebuild_dossier_bubbles (IocMapWall *self)
{
  JsonArray *stats = ioc_models_get_dossier_stats (self->models);
  g_autoptr(GHashTable) sums = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer key, value;
  gint64 max = 1;

  shumate_marker_layer_remove_all (self->dossier_layer);
  self->n_dossier_bubbles = 0;
  for (guint i = 0; stats != NULL && i < json_array_get_length (stats); i++)
    {
      JsonObject *o = json_array_get_object_element (stats, i);
      const char *unit = json_object_get_string_member_with_default (o, "unit_id", NULL);
      gint64 *sum;

      if (unit == NULL)
        continue;
      if ((sum = g_hash_table_lookup (sums, unit)) == NULL)
        g_hash_table_insert (sums, g_strdup (unit), (sum = g_new0 (gint64, 1)));
      *sum += json_object_get_int_member_with_default (o, "value", 0);
      max = MAX (max, *sum);
    }
  g_hash_table_iter_init (&iter, sums);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gint64 v = *(gint64 *) value;
      double lat, lon;
      g_autofree char *tip = NULL;

      if (v <= 0 || !ioc_models_unit_location (self->models, key, &lat, &lon))
        continue;   /* departments have no place on the map: see the dossier wall */
      /* Translators: a unit's name and its number of overdue dossiers */
      tip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %d overdue dossier", "%s: %d overdue dossiers", (gulong) v),
                             ioc_models_unit_name (self->models, key) ?: (const char *) key, (int) v);
      add_bubble (self, self->dossier_layer, key, lat, lon, v, (double) v / max, "dossier", tip);
      self->n_dossier_bubbles++;
    }
}

static void
rebuild_soc_bubbles (IocMapWall *self)
{
  static const char *const severities[] = { "info", "low", "medium", "high", "critical", NULL };
  IocRecordList *alerts = ioc_models_get_alerts (self->models);
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer key, value;
  gint64 max = 1;

  shumate_marker_layer_remove_all (self->soc_layer);
  self->n_soc_bubbles = 0;
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (alerts)); i++)
    {
      g_autoptr(IocRecord) a = g_list_model_get_item (G_LIST_MODEL (alerts), i);
      const char *unit = ioc_record_get_string (a, "unit_id");
      const char *st = ioc_record_get_string (a, "status");
      gint64 *c;

      if (unit == NULL || g_strcmp0 (st, "resolved") == 0 || g_strcmp0 (st, "false_positive") == 0)
        continue;
      if ((c = g_hash_table_lookup (counts, unit)) == NULL)
        g_hash_table_insert (counts, g_strdup (unit), (c = g_new0 (gint64, 2)));
      c[0]++;
      c[1] = MAX (c[1], (gint64) style_of (severities, ioc_record_get_string (a, "severity"), 0));
      max = MAX (max, c[0]);
    }
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gint64 *c = value;
      double lat, lon;
      g_autofree char *tip = NULL;
      g_autofree char *css = NULL;

      if (!ioc_models_unit_location (self->models, key, &lat, &lon))
        continue;
      /* Translators: a unit's name and its number of open security alerts */
      tip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %d open security alert", "%s: %d open security alerts", (gulong) c[0]),
                             ioc_models_unit_name (self->models, key) ?: (const char *) key, (int) c[0]);
      css = g_strdup_printf ("soc-%s", severities[c[1]]);
      add_bubble (self, self->soc_layer, key, lat, lon, c[0], (double) c[0] / max, css, tip);
      self->n_soc_bubbles++;
    }
}

static void
rebuild_boundaries (IocMapWall *self)
{
  JsonArray *units = ioc_models_get_boundaries (self->models);

  ioc_boundary_layer_clear (self->boundary_layer);
  for (guint i = 0; units != NULL && i < json_array_get_length (units); i++)
    {
      JsonObject *u = json_array_get_object_element (units, i);
      JsonNode *b = json_object_get_member (u, "boundary");
      if (b != NULL && JSON_NODE_HOLDS_OBJECT (b))
        ioc_boundary_layer_add (self->boundary_layer, b);
    }
}

/* ---- clicks on the map ------------------------------------------------ */

static void
zoom_to (IocMapWall           *self,
         const IocClusterItem *item)
{
  ShumateViewport *viewport = shumate_simple_map_get_viewport (self->map);
  double zoom = shumate_viewport_get_zoom_level (viewport);

  shumate_map_go_to_full (shumate_simple_map_get_map (self->map), item->lat, item->lon, MIN (zoom + 2, 18));
}

static void
on_map_pressed (GtkGestureClick *gesture,
                int              n_press,
                double           x,
                double           y,
                IocMapWall      *self)
{
  GtkWidget *map = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  IocClusterLayer *layers[] = { self->camera_layer, self->report_layer };

  for (guint i = 0; i < G_N_ELEMENTS (layers); i++)
    {
      IocClusterItem item;
      graphene_point_t p;

      if (!gtk_widget_get_visible (GTK_WIDGET (layers[i])) ||
          !gtk_widget_compute_point (map, GTK_WIDGET (layers[i]), &GRAPHENE_POINT_INIT (x, y), &p) ||
          !ioc_cluster_layer_pick (layers[i], p.x, p.y, &item))
        continue;
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      if (item.is_cluster)
        zoom_to (self, &item);
      else if (layers[i] == self->camera_layer)
        show_camera_panel (self, point_name (&self->camera_ids, item.id));
      else
        ioc_map_wall_show_report (self, point_name (&self->report_ids, item.id));
      return;
    }
  /* Nothing there: the map drags and zooms as usual. */
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
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

/* What the signed-in role may do with this report: duty staff never see
 * dispatch, leaders only read. */
static void
update_actions (IocMapWall *self,
                IocRecord  *r)
{
  IocClient *client = ioc_models_get_client (self->models);
  const char *status = r != NULL ? ioc_record_get_string (r, "status") : NULL;
  gboolean open_report = r != NULL && g_strcmp0 (status, "processed") != 0 && g_strcmp0 (status, "not_eligible") != 0;
  gboolean dispatch = ioc_client_can_dispatch (client) && open_report;
  gboolean feedback = ioc_client_can_act (client) && g_strcmp0 (status, "processed") == 0 &&
                      ioc_record_get_string (r, "satisfaction") == NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.assign", dispatch);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.forward", dispatch);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.escalate", dispatch);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.resolve", dispatch);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.reject", dispatch);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.satisfaction", feedback);
  gtk_widget_set_visible (self->dispatch_box, dispatch);
  gtk_widget_set_visible (self->satisfaction_box, feedback);
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

  update_actions (self, r);
  if (new_report)
    {
      int hours = ioc_models_category_deadline_hours (self->models, ioc_record_get_string (r, "category"));
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autoptr(GDateTime) due = g_date_time_add_hours (now, hours > 0 ? hours : 72);
      g_autofree char *due_text = g_date_time_format (due, "%Y-%m-%dT%H:%M:00%:z");

      fill_unit_picker (self, r);
      gtk_editable_set_text (GTK_EDITABLE (self->note_entry), "");
      gtk_editable_set_text (GTK_EDITABLE (self->result_entry), "");
      /* The category's default deadline, editable. */
      gtk_editable_set_text (GTK_EDITABLE (self->deadline_entry), due_text);
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
      post_action (self, "satisfaction", body);
    }
  else
    dispatch (self, action);
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

/* A legend entry: a colour swatch and its label, inside the layer's
 * toggle when it has one. */
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
  gtk_box_append (GTK_BOX (box), gtk_label_new (label));
  if (check == NULL)
    {
      gtk_widget_set_margin_start (box, 28);   /* under the toggles' labels */
      return box;
    }
  *check = gtk_check_button_new ();
  gtk_check_button_set_child (GTK_CHECK_BUTTON (*check), box);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (*check), TRUE);
  return *check;
}

static GtkWidget *
action_button (const char *label,
               const char *action,
               const char *target)
{
  GtkWidget *b = gtk_button_new_with_mnemonic (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (b), action);
  if (target != NULL)
    gtk_actionable_set_action_target (GTK_ACTIONABLE (b), "s", target);
  return b;
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
  self->assign_button = action_button (_("_Assign"), "report.assign", NULL);
  gtk_box_append (GTK_BOX (act_row), self->assign_button);
  gtk_box_append (GTK_BOX (act_row), action_button (_("_Forward"), "report.forward", NULL));
  gtk_box_append (GTK_BOX (act_row), action_button (_("_Escalate"), "report.escalate", NULL));
  gtk_box_append (GTK_BOX (self->dispatch_box), act_row);
  self->result_entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->result_entry), _("Result, or the reason for rejecting"));
  gtk_box_append (GTK_BOX (self->dispatch_box), self->result_entry);
  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (row), action_button (_("_Close with result"), "report.resolve", NULL));
  gtk_box_append (GTK_BOX (row), action_button (_("_Reject as not eligible"), "report.reject", NULL));
  gtk_box_append (GTK_BOX (self->dispatch_box), row);
  gtk_box_append (GTK_BOX (report), self->dispatch_box);

  self->satisfaction_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (self->satisfaction_box), gtk_label_new (_("Citizen:")));
  {
    gtk_box_append (GTK_BOX (self->satisfaction_box), action_button (_("Satisfied"), "report.satisfaction", "satisfied"));
    gtk_box_append (GTK_BOX (self->satisfaction_box), action_button (_("Dissatisfied"), "report.satisfaction", "dissatisfied"));
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
  /* Ellipsized: a wrapping label beside a button makes GTK 4.8's height
   * for width inconsistent (a critical at the wall's type size). */
  gtk_label_set_ellipsize (GTK_LABEL (self->c_title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (self->c_title), 0);
  gtk_widget_set_hexpand (self->c_title, TRUE);
  gtk_box_append (GTK_BOX (head), self->c_title);
  gtk_box_append (GTK_BOX (camera), head);
  self->c_fields = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->c_fields), 0);
  gtk_label_set_wrap (GTK_LABEL (self->c_fields), TRUE);
  gtk_box_append (GTK_BOX (camera), self->c_fields);
  self->c_live = ioc_camera_live_new (self->models);
  gtk_box_append (GTK_BOX (camera), self->c_live);
  gtk_stack_add_named (GTK_STACK (stack), camera, "camera");

  gtk_widget_add_css_class (stack, "side-panel");
  gtk_widget_set_size_request (stack, 420, -1);
  self->side_stack = stack;
  return stack;
}

static void
bind_toggle (GtkWidget *check,
             gpointer   layer)
{
  g_object_bind_property (check, "active", layer, "visible", G_BINDING_SYNC_CREATE);
}

static void
soc_rebuild_cb (gpointer user_data)
{
  IocMapWall *self = user_data;

  self->soc_rebuild_id = 0;
  rebuild_soc_bubbles (self);
}

static void
on_models_changed_layers (IocModels  *models,
                          const char *collection,
                          IocMapWall *self)
{
  if (g_str_equal (collection, "alerts"))
    {
      /* Alerts come in bursts: redraw the sites at most twice a second. */
      if (self->soc_rebuild_id == 0)
        self->soc_rebuild_id = g_timeout_add_once (500, soc_rebuild_cb, self);
    }
  else if (g_str_equal (collection, "boundaries"))
    rebuild_boundaries (self);
  else if (g_str_equal (collection, "dossier-stats"))
    rebuild_dossier_bubbles (self);
}

static void
on_alerts_items (GListModel *list,
                 guint       position,
                 guint       removed,
                 guint       added,
                 IocMapWall *self)
{
  if (removed > 0)
    {
      /* A reload: everything from IocModels came again. */
      rebuild_soc_bubbles (self);
      rebuild_dossier_bubbles (self);
    }
}

/* The base map: iocd's offline tiles (the server's host and port are part
 * of libshumate's tile cache key, so keep iocd's address fixed), or an
 * online tile URL from GSettings when one is set. */
static ShumateMapSource *
make_map_source (IocClient *client)
{
  GSettingsSchemaSource *schemas = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = schemas != NULL ? g_settings_schema_source_lookup (schemas, APP_SCHEMA, TRUE) : NULL;
  g_autofree char *online = NULL;
  g_autofree char *tiles = ioc_client_dup_tile_url (client);
  g_autoptr(GUri) uri = g_uri_parse (ioc_client_get_base_url (client), G_URI_FLAGS_NONE, NULL);
  g_autofree char *id = NULL;

  if (schema != NULL)
    {
      g_autoptr(GSettings) settings = g_settings_new (APP_SCHEMA);
      online = g_settings_get_string (settings, "online-tile-url");
    }
  if (online != NULL && *online != '\0')
    return SHUMATE_MAP_SOURCE (shumate_raster_renderer_new_full_from_url ("online", _("Online base map"), NULL, NULL,
                                                                          0, 19, 256, SHUMATE_MAP_PROJECTION_MERCATOR,
                                                                          online));
  id = g_strdup_printf ("iocd-%s-%d", uri != NULL && g_uri_get_host (uri) != NULL ? g_uri_get_host (uri) : "local",
                        uri != NULL ? g_uri_get_port (uri) : 0);
  return SHUMATE_MAP_SOURCE (shumate_raster_renderer_new_full_from_url (id, _("IOC base map"),
                                                                        "© Thang Le Quoc (MIT)",
                                                                        NULL, 5, 17, 256, SHUMATE_MAP_PROJECTION_MERCATOR,
                                                                        tiles));
}

static void
ioc_map_wall_dispose (GObject *object)
{
  IocMapWall *self = IOC_MAP_WALL (object);

  g_clear_handle_id (&self->soc_rebuild_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->models != NULL)
    {
      g_signal_handlers_disconnect_by_data (ioc_models_get_reports (self->models), self);
      g_signal_handlers_disconnect_by_data (ioc_models_get_cameras (self->models), self);
      g_signal_handlers_disconnect_by_data (ioc_models_get_alerts (self->models), self);
      g_signal_handlers_disconnect_by_data (self->models, self);
    }
  g_clear_pointer (&self->root, gtk_widget_unparent);
  g_clear_object (&self->models);
  g_clear_object (&self->unit_names);
  g_clear_pointer (&self->unit_ids, g_ptr_array_unref);
  g_clear_pointer (&self->watched, g_hash_table_unref);
  point_ids_clear (&self->report_ids);
  point_ids_clear (&self->camera_ids);
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

  /* A report's actions; enabled per role and per report (update_actions). */
  gtk_widget_class_install_action (widget_class, "report.assign", NULL, report_action);
  gtk_widget_class_install_action (widget_class, "report.forward", NULL, report_action);
  gtk_widget_class_install_action (widget_class, "report.escalate", NULL, report_action);
  gtk_widget_class_install_action (widget_class, "report.resolve", NULL, report_action);
  gtk_widget_class_install_action (widget_class, "report.reject", NULL, report_action);
  gtk_widget_class_install_action (widget_class, "report.satisfaction", "s", report_action);
}

static void
ioc_map_wall_init (IocMapWall *self)
{
  self->watched = g_hash_table_new (g_direct_hash, g_direct_equal);
  point_ids_init (&self->report_ids);
  point_ids_init (&self->camera_ids);
  self->cancellable = g_cancellable_new ();
  gtk_widget_add_css_class (GTK_WIDGET (self), IOC_WALL_CSS_CLASS);
}

static void
set_styles (IocClusterLayer   *layer,
            const char *const *styles,
            gboolean           camera)
{
  for (guint i = 0; styles[i] != NULL; i++)
    {
      GdkRGBA colour;

      if (camera)
        ioc_camera_status_colour (styles[i], &colour);
      else
        ioc_report_status_colour (styles[i], &colour);
      ioc_cluster_layer_set_style (layer, i, &colour,
                                   camera ? ioc_camera_status_label (styles[i]) : ioc_report_status_label (styles[i]));
    }
}

GtkWidget *
ioc_map_wall_new (IocModels *models)
{
  IocMapWall *self = g_object_new (IOC_TYPE_MAP_WALL, NULL);
  IocClient *client = ioc_models_get_client (models);
  g_autoptr(ShumateMapSource) source = make_map_source (client);
  ShumateViewport *viewport;
  GtkWidget *overlay, *legend, *paned, *top, *check, *title;
  GtkGesture *click;

  self->models = g_object_ref (models);

  self->map = shumate_simple_map_new ();
  shumate_simple_map_set_map_source (self->map, source);
  viewport = shumate_simple_map_get_viewport (self->map);
  shumate_viewport_set_zoom_level (viewport, 12);
  shumate_location_set_location (SHUMATE_LOCATION (viewport), 12.675, 108.045);
  /* Kilometres only: the province does not read miles. */
  shumate_scale_set_unit (shumate_simple_map_get_scale (self->map), SHUMATE_UNIT_METRIC);

  self->boundary_layer = ioc_boundary_layer_new (viewport);
  self->dossier_layer = shumate_marker_layer_new (viewport);
  self->soc_layer = shumate_marker_layer_new (viewport);
  self->report_layer = ioc_cluster_layer_new (viewport);
  self->camera_layer = ioc_cluster_layer_new (viewport);
  ioc_cluster_layer_set_shape (self->camera_layer, IOC_CLUSTER_SHAPE_SQUARE);
  set_styles (self->report_layer, report_styles, FALSE);
  set_styles (self->camera_layer, camera_styles, TRUE);
  /* The wall's own gesture picks across both point layers. */
  gtk_widget_set_can_target (GTK_WIDGET (self->report_layer), FALSE);
  gtk_widget_set_can_target (GTK_WIDGET (self->camera_layer), FALSE);
  shumate_simple_map_add_overlay_layer (self->map, SHUMATE_LAYER (self->boundary_layer));
  shumate_simple_map_add_overlay_layer (self->map, SHUMATE_LAYER (self->dossier_layer));
  shumate_simple_map_add_overlay_layer (self->map, SHUMATE_LAYER (self->soc_layer));
  shumate_simple_map_add_overlay_layer (self->map, SHUMATE_LAYER (self->report_layer));
  shumate_simple_map_add_overlay_layer (self->map, SHUMATE_LAYER (self->camera_layer));
  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect (click, "pressed", G_CALLBACK (on_map_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (shumate_simple_map_get_map (self->map)), GTK_EVENT_CONTROLLER (click));

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
  legend = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_add_css_class (legend, "legend");
  title = gtk_label_new (_("Layers"));
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "legend-title");
  gtk_box_append (GTK_BOX (legend), title);
  gtk_box_append (GTK_BOX (legend), legend_row ("camera-online", _("Cameras online"), &check));
  bind_toggle (check, self->camera_layer);
  gtk_box_append (GTK_BOX (legend), legend_row ("camera-offline", _("Camera offline"), NULL));
  gtk_box_append (GTK_BOX (legend), legend_row ("camera-unknown", _("Camera not checked yet"), NULL));
  gtk_box_append (GTK_BOX (legend), legend_row ("received", _("Field reports: received"), &check));
  bind_toggle (check, self->report_layer);
  gtk_box_append (GTK_BOX (legend), legend_row ("assigned", _("Assigned or forwarded"), NULL));
  gtk_box_append (GTK_BOX (legend), legend_row ("overdue", _("Overdue"), NULL));
  gtk_box_append (GTK_BOX (legend), legend_row ("processed", _("Processed"), NULL));
  gtk_box_append (GTK_BOX (legend), legend_row ("dossier", _("Overdue dossiers by agency"), &check));
  bind_toggle (check, self->dossier_layer);
  gtk_box_append (GTK_BOX (legend), legend_row ("soc", _("Sites with security alerts"), &check));
  bind_toggle (check, self->soc_layer);
  gtk_box_append (GTK_BOX (legend), legend_row ("boundary", _("Commune and ward boundaries"), &check));
  bind_toggle (check, self->boundary_layer);
  gtk_box_append (GTK_BOX (top), legend);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), top);

  paned = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_box_append (GTK_BOX (paned), overlay);
  gtk_box_append (GTK_BOX (paned), build_side_panel (self));
  self->root = paned;
  gtk_widget_set_parent (paned, GTK_WIDGET (self));

  g_signal_connect (ioc_models_get_reports (models), "items-changed", G_CALLBACK (on_list_changed), self);
  g_signal_connect (ioc_models_get_cameras (models), "items-changed", G_CALLBACK (on_list_changed), self);
  g_signal_connect (ioc_models_get_alerts (models), "items-changed", G_CALLBACK (on_alerts_items), self);
  g_signal_connect (models, "changed", G_CALLBACK (on_models_changed), self);
  g_signal_connect (models, "changed", G_CALLBACK (on_models_changed_layers), self);
  sync_points (self, ioc_models_get_reports (models), FALSE, 0, TRUE);
  sync_points (self, ioc_models_get_cameras (models), TRUE, 0, TRUE);
  rebuild_dossier_bubbles (self);
  rebuild_soc_bubbles (self);
  rebuild_boundaries (self);
  rebuild_queue (self);
  update_actions (self, NULL);
  return GTK_WIDGET (self);
}

guint
ioc_map_wall_count_reports (IocMapWall *self)
{
  return ioc_cluster_layer_get_n_points (self->report_layer);
}

guint
ioc_map_wall_count_cameras (IocMapWall *self)
{
  return ioc_cluster_layer_get_n_points (self->camera_layer);
}

guint
ioc_map_wall_count_boundaries (IocMapWall *self)
{
  return ioc_boundary_layer_get_n_rings (self->boundary_layer);
}

guint
ioc_map_wall_count_dossier_sites (IocMapWall *self)
{
  return self->n_dossier_bubbles;
}

void
ioc_map_wall_show_report (IocMapWall *self,
                          const char *id)
{
  IocRecord *r = id != NULL ? ioc_record_list_lookup (ioc_models_get_reports (self->models), id) : NULL;
  if (r != NULL)
    show_report_panel (self, r);
}

gboolean
ioc_map_wall_dispatch_visible (IocMapWall *self)
{
  return self->report_id != NULL && gtk_widget_get_visible (self->dispatch_box);
}

gboolean
ioc_map_wall_dispatch_enabled (IocMapWall *self)
{
  /* The button follows report.assign's enabled state. */
  return gtk_widget_get_sensitive (self->assign_button);
}

void
ioc_map_wall_assign (IocMapWall *self,
                     const char *unit_id)
{
  for (guint i = 0; i < self->unit_ids->len; i++)
    if (g_str_equal (g_ptr_array_index (self->unit_ids, i), unit_id))
      {
        gtk_drop_down_set_selected (GTK_DROP_DOWN (self->unit_dropdown), i);
        gtk_widget_activate_action (GTK_WIDGET (self), "report.assign", NULL);
        return;
      }
  set_feedback (self, _("Choose a unit first."), TRUE);
}

const char *
ioc_map_wall_suggested_unit (IocMapWall *self)
{
  return self->unit_ids->len > 0 ? g_ptr_array_index (self->unit_ids, 0) : NULL;
}

void
ioc_map_wall_focus_search (IocMapWall *self)
{
  gtk_widget_grab_focus (self->search);
}

void
ioc_map_wall_show_camera (IocMapWall *self,
                          const char *id)
{
  IocRecord *c = id != NULL ? ioc_record_list_lookup (ioc_models_get_cameras (self->models), id) : NULL;

  if (c == NULL)
    return;
  show_camera_panel (self, id);
  if (ioc_record_get_double (c, "lat", NAN) == ioc_record_get_double (c, "lat", NAN))
    {
      ShumateViewport *viewport = shumate_simple_map_get_viewport (self->map);
      GtkWidget *map = GTK_WIDGET (shumate_simple_map_get_map (self->map));
      int w = gtk_widget_get_width (map), h = gtk_widget_get_height (map);
      double lat = ioc_record_get_double (c, "lat", 0), lon = ioc_record_get_double (c, "lon", 0);

      /* At once, close enough to see the street it watches, and right of
       * the middle: the legend covers the left of the map. */
      shumate_viewport_set_zoom_level (viewport, 16);
      shumate_location_set_location (SHUMATE_LOCATION (viewport), lat, lon);
      if (w > 0 && h > 0)
        {
          shumate_viewport_widget_coords_to_location (viewport, map, w * 0.3, h * 0.5, &lat, &lon);
          shumate_location_set_location (SHUMATE_LOCATION (viewport), lat, lon);
        }
    }
}

GtkWidget *
ioc_map_wall_get_camera_live (IocMapWall *self)
{
  return self->c_live;
}
