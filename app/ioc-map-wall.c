/* ioc-map-wall.c — see ioc-map-wall.h
 *
 * Layers, bottom to top: the base map (iocd's offline tiles, or an online
 * tile URL from GSettings, switched live), today's commune boundaries
 * (IocBoundaryLayer, projected once), agencies' overdue dossiers and
 * SOC-affected sites as sized circles at their units' centroids
 * (ShumateMarkerLayer: a few dozen), field reports and cameras
 * (IocClusterLayer: up to 100,000+, clustered), and a ring around what the
 * side panel shows. One click gesture picks what is under the pointer
 * across the point layers, so a layer on top does not hide the one below.
 * The legend (bottom left) is compact, toggles each layer and folds away
 * (Ctrl+L); the search (top left, Ctrl+F) finds reports by number,
 * address or text, cameras by name or id, and units by name.
 */
#include "config.h"

#include "ioc-map-wall-private.h"
#include "ioc-labels.h"
#include "ioc-tile-source.h"
#include "ioc-wall.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#define APP_SCHEMA "vn.gov.daklak.IocConsole"
#define HOME_LAT 12.675
#define HOME_LON 108.045
#define HOME_ZOOM 12
#define MAX_SEARCH_RESULTS 12

/* Report styles, by severity (a cluster takes its worst point's colour). */
static const char *const report_styles[] = { "processed", "not_eligible", "received", "assigned", "forwarded", "overdue", NULL };
static const char *const camera_styles[] = { "online", "unknown", "offline", NULL };

G_DEFINE_FINAL_TYPE (IocMapWall, ioc_map_wall, GTK_TYPE_WIDGET)

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

/* ---- the focus ring ----------------------------------------------------- */

void
ioc_map_wall_focus_on (IocMapWall *self,
                       double      lat,
                       double      lon,
                       gboolean    center)
{
  if (isnan (lat) || isnan (lon))
    return;
  shumate_location_set_location (SHUMATE_LOCATION (self->focus_marker), lat, lon);
  gtk_widget_set_visible (GTK_WIDGET (self->focus_marker), TRUE);
  if (center)
    shumate_map_center_on (shumate_simple_map_get_map (self->map), lat, lon);
}

void
ioc_map_wall_clear_focus (IocMapWall *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->focus_marker), FALSE);
}

/* ---- reports and cameras: cluster layers -------------------------------- */

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
      const char *kind = ioc_record_get_string (r, "kind");
      pt->style = style_of (camera_styles, ioc_record_get_string (r, "status"), 1);
      pt->heading = ioc_record_get_double (r, "heading", NAN);
      pt->glyph = g_strcmp0 (kind, "traffic") == 0 ? IOC_CLUSTER_GLYPH_SQUARE :
                  g_strcmp0 (kind, "ptz") == 0 ? IOC_CLUSTER_GLYPH_CIRCLE : IOC_CLUSTER_GLYPH_DIAMOND;
    }
  else
    {
      pt->style = style_of (report_styles, ioc_record_get_string (r, "status"), 2);
      pt->heading = NAN;
      pt->glyph = 0;
    }
  return TRUE;
}

/* A record changed in place (the stream): move or restyle its point, and
 * refresh the panel if it shows it. Off screen, the wall only notes that
 * its points are out of date. */
static void
on_record_changed (IocRecordList *list,
                   IocRecord     *r,
                   IocMapWall    *self)
{
  gboolean camera = list == ioc_models_get_cameras (self->models);
  IocMapPoint pt;

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->points_dirty = TRUE;
      return;
    }
  if (record_point (r, camera ? &self->camera_ids : &self->report_ids, camera, &pt))
    ioc_cluster_layer_update_point_full (camera ? self->camera_layer : self->report_layer, &pt);
  ioc_map_panel_record_changed (self, r, camera);
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
  g_autoptr(GArray) points = g_array_sized_new (FALSE, FALSE, sizeof (IocMapPoint), replace ? n : 0);

  for (guint i = replace ? 0 : from; i < n; i++)
    {
      g_autoptr(IocRecord) r = g_list_model_get_item (G_LIST_MODEL (list), i);
      IocMapPoint pt;

      if (!camera && !replace)
        ioc_map_panel_track_overdue (self, r);
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

static void rebuild_dossier_bubbles (IocMapWall *self);
static void rebuild_soc_bubbles (IocMapWall *self);

/* Everything from IocModels again (at start, after a reload, or when the
 * wall comes on screen with changes it let pass). */
static void
sync_all (IocMapWall *self)
{
  self->points_dirty = FALSE;
  sync_points (self, ioc_models_get_reports (self->models), FALSE, 0, TRUE);
  sync_points (self, ioc_models_get_cameras (self->models), TRUE, 0, TRUE);
  ioc_map_panel_reset_overdue (self);
  rebuild_dossier_bubbles (self);
  rebuild_soc_bubbles (self);
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

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->points_dirty = TRUE;
  else if (removed > 0)
    sync_all (self);
  else
    sync_points (self, IOC_RECORD_LIST (list), camera, position, FALSE);
}

/* ---- dossiers and SOC sites: sized circles at unit centroids ------------ */

/* The overdue count of the latest report date of a unit, or -1. */
gint64
ioc_map_wall_latest_overdue (IocMapWall  *self,
                             const char  *unit_id,
                             const char **date)
{
  JsonArray *stats = ioc_models_get_dossier_stats (self->models);
  gint64 value = -1;
  const char *best = NULL;

  for (guint i = 0; stats != NULL && i < json_array_get_length (stats); i++)
    {
      JsonObject *o = json_array_get_object_element (stats, i);
      const char *d = json_object_get_string_member_with_default (o, "date", NULL);

      if (g_strcmp0 (json_object_get_string_member_with_default (o, "metric", NULL), "overdue") != 0 ||
          g_strcmp0 (json_object_get_string_member_with_default (o, "unit_id", NULL), unit_id) != 0 ||
          g_strcmp0 (d, best) < 0)
        continue;
      best = d;
      value = json_object_get_int_member_with_default (o, "value", 0);
    }
  if (date != NULL)
    *date = best;
  return value;
}

static void
on_bubble_clicked (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   gpointer         user_data)
{
  GtkWidget *w = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));

  ioc_map_panel_show_unit (user_data, g_object_get_data (G_OBJECT (w), "unit-id"),
                           GPOINTER_TO_INT (g_object_get_data (G_OBJECT (w), "site")));
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
  g_object_set_data (G_OBJECT (label), "site", GINT_TO_POINTER (layer == self->soc_layer));
  g_signal_connect (click, "released", G_CALLBACK (on_bubble_clicked), self);
  gtk_widget_add_controller (label, GTK_EVENT_CONTROLLER (click));
  shumate_marker_set_child (marker, label);
  shumate_location_set_location (SHUMATE_LOCATION (marker), lat, lon);
  shumate_marker_layer_add_marker (layer, marker);
}

/* Each agency's overdue dossiers at its latest report date (overdue is a
 * count on a date, not a flow: dates are not added up). */
static void
rebuild_dossier_bubbles (IocMapWall *self)
{
  JsonArray *stats = ioc_models_get_dossier_stats (self->models);
  g_autoptr(GHashTable) latest = g_hash_table_new (g_str_hash, g_str_equal);   /* unit → JsonObject */
  GHashTableIter iter;
  gpointer key, value;
  gint64 max = 1;

  shumate_marker_layer_remove_all (self->dossier_layer);
  self->n_dossier_bubbles = 0;
  for (guint i = 0; stats != NULL && i < json_array_get_length (stats); i++)
    {
      JsonObject *o = json_array_get_object_element (stats, i);
      const char *unit = json_object_get_string_member_with_default (o, "unit_id", NULL);
      JsonObject *old;

      if (unit == NULL || g_strcmp0 (json_object_get_string_member_with_default (o, "metric", NULL), "overdue") != 0)
        continue;
      old = g_hash_table_lookup (latest, unit);
      if (old == NULL || g_strcmp0 (json_object_get_string_member (old, "date"), json_object_get_string_member (o, "date")) <= 0)
        g_hash_table_insert (latest, (gpointer) unit, o);
    }
  g_hash_table_iter_init (&iter, latest);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    max = MAX (max, json_object_get_int_member_with_default (value, "value", 0));
  g_hash_table_iter_init (&iter, latest);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gint64 v = json_object_get_int_member_with_default (value, "value", 0);
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

/* ---- clicks on the map -------------------------------------------------- */

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
        ioc_map_panel_show_camera (self, point_name (&self->camera_ids, item.id));
      else
        ioc_map_wall_show_report (self, point_name (&self->report_ids, item.id));
      return;
    }
  /* Nothing there: the map drags and zooms as usual. */
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
}

/* ---- search ------------------------------------------------------------- */

typedef enum { HIT_REPORT, HIT_CAMERA, HIT_UNIT } HitKind;

static gboolean
contains_folded (const char *hay,
                 const char *needle)
{
  g_autofree char *folded = NULL;

  if (hay == NULL)
    return FALSE;
  folded = g_utf8_casefold (hay, -1);
  return strstr (folded, needle) != NULL;
}

static void
add_hit (IocMapWall *self,
         HitKind     kind,
         const char *id,
         const char *title,
         const char *detail)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *l1 = gtk_label_new (title), *l2 = gtk_label_new (detail);

  gtk_label_set_xalign (GTK_LABEL (l1), 0);
  gtk_label_set_xalign (GTK_LABEL (l2), 0);
  gtk_label_set_ellipsize (GTK_LABEL (l1), PANGO_ELLIPSIZE_END);
  gtk_label_set_ellipsize (GTK_LABEL (l2), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (l1), 40);
  gtk_label_set_max_width_chars (GTK_LABEL (l2), 40);
  gtk_widget_add_css_class (l2, "dim");
  gtk_box_append (GTK_BOX (box), l1);
  gtk_box_append (GTK_BOX (box), l2);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data (G_OBJECT (row), "kind", GINT_TO_POINTER (kind));
  g_object_set_data_full (G_OBJECT (row), "id", g_strdup (id), g_free);
  gtk_list_box_append (self->search_results, row);
  self->n_search_results++;
}

static void
add_report_hit (IocMapWall *self,
                IocRecord  *r)
{
  g_autofree char *title = g_strdup_printf (_("Field report #%s"), ioc_record_get_id (r));
  g_autofree char *detail = g_strdup_printf ("%s · %s · %s", ioc_report_status_label (ioc_record_get_string (r, "status")),
                                             ioc_models_category_name (self->models, ioc_record_get_string (r, "category")),
                                             ioc_record_get_string (r, "address") ?: ioc_record_get_string (r, "description") ?: "");
  add_hit (self, HIT_REPORT, ioc_record_get_id (r), title, detail);
}

/* Fills the results: a report number first, then cameras, units and the
 * newest reports whose address or text match. */
static void
run_search (IocMapWall *self,
            const char *text)
{
  const char *query = text[0] == '#' ? text + 1 : text;
  g_autofree char *needle = g_utf8_casefold (query, -1);
  GListModel *reports = G_LIST_MODEL (ioc_models_get_reports (self->models));
  GListModel *cameras = G_LIST_MODEL (ioc_models_get_cameras (self->models));
  GListModel *units = G_LIST_MODEL (ioc_models_get_units (self->models));
  IocRecord *exact;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->search_results))) != NULL)
    gtk_list_box_remove (self->search_results, child);
  self->n_search_results = 0;
  if (*needle == '\0')
    {
      gtk_popover_popdown (GTK_POPOVER (self->search_popover));
      return;
    }
  if ((exact = ioc_record_list_lookup (ioc_models_get_reports (self->models), query)) != NULL)
    add_report_hit (self, exact);
  for (guint i = 0; i < g_list_model_get_n_items (cameras) && self->n_search_results < MAX_SEARCH_RESULTS; i++)
    {
      g_autoptr(IocRecord) c = g_list_model_get_item (cameras, i);
      if (contains_folded (ioc_record_get_string (c, "name"), needle) || contains_folded (ioc_record_get_id (c), needle))
        {
          g_autofree char *detail = g_strdup_printf ("%s · %s", ioc_record_get_id (c),
                                                     ioc_camera_status_label (ioc_record_get_string (c, "status")));
          add_hit (self, HIT_CAMERA, ioc_record_get_id (c), ioc_record_get_string (c, "name"), detail);
        }
    }
  for (guint i = 0; i < g_list_model_get_n_items (units) && self->n_search_results < MAX_SEARCH_RESULTS; i++)
    {
      g_autoptr(IocRecord) u = g_list_model_get_item (units, i);
      const char *name = ioc_record_get_string (u, "full_name") ?: ioc_record_get_string (u, "name");
      if (contains_folded (name, needle))
        add_hit (self, HIT_UNIT, ioc_record_get_id (u), name, _("Unit"));
    }
  /* The newest reports first. */
  for (guint i = g_list_model_get_n_items (reports); i > 0 && self->n_search_results < MAX_SEARCH_RESULTS; i--)
    {
      g_autoptr(IocRecord) r = g_list_model_get_item (reports, i - 1);
      if (r != exact && (contains_folded (ioc_record_get_string (r, "address"), needle) ||
                         contains_folded (ioc_record_get_string (r, "description"), needle)))
        add_report_hit (self, r);
    }
  if (self->n_search_results == 0)
    {
      GtkWidget *l = gtk_label_new (_("Nothing found"));
      gtk_widget_add_css_class (l, "dim");
      gtk_list_box_append (self->search_results, l);
      gtk_list_box_row_set_activatable (gtk_list_box_get_row_at_index (self->search_results, 0), FALSE);
    }
  gtk_popover_popup (GTK_POPOVER (self->search_popover));
}

static void
open_hit (IocMapWall    *self,
          GtkListBoxRow *row)
{
  HitKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "kind"));
  const char *id = g_object_get_data (G_OBJECT (row), "id");

  if (id == NULL)
    return;
  gtk_popover_popdown (GTK_POPOVER (self->search_popover));
  switch (kind)
    {
    case HIT_REPORT:
      ioc_map_wall_show_report (self, id);
      break;
    case HIT_CAMERA:
      ioc_map_panel_show_camera (self, id);
      break;
    case HIT_UNIT:
      {
        double lat, lon;
        ioc_map_panel_show_unit (self, id, FALSE);
        if (ioc_models_unit_location (self->models, id, &lat, &lon))
          shumate_map_go_to_full (shumate_simple_map_get_map (self->map), lat, lon, 13);
      }
      break;
    default:
      break;
    }
}

static void
on_search_changed (GtkSearchEntry *entry,
                   IocMapWall     *self)
{
  run_search (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
on_search_activate (GtkSearchEntry *entry,
                    IocMapWall     *self)
{
  GtkListBoxRow *first;

  run_search (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
  first = gtk_list_box_get_row_at_index (self->search_results, 0);
  if (first != NULL && self->n_search_results > 0)
    open_hit (self, first);
}

static void
on_result_activated (GtkListBox    *box,
                     GtkListBoxRow *row,
                     IocMapWall    *self)
{
  open_hit (self, row);
}

/* ---- the legend --------------------------------------------------------- */

static GtkWidget *
swatch (const char *css,
        const char *label)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 5);
  GtkWidget *sw = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *l = gtk_label_new (label);

  gtk_widget_add_css_class (sw, "swatch");
  gtk_widget_add_css_class (sw, css);
  gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), sw);
  gtk_box_append (GTK_BOX (box), l);
  return box;
}

/* One row: a toggle with the layer's name, then its key, small, on the
 * same line. */
static GtkWidget *
legend_layer (GtkWidget  *grid,
              int         row,
              const char *title,
              gpointer    layer,
              GtkWidget  *key)
{
  GtkWidget *check = gtk_check_button_new_with_label (title);

  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  g_object_bind_property (check, "active", layer, "visible", G_BINDING_SYNC_CREATE);
  gtk_grid_attach (GTK_GRID (grid), check, 0, row, 1, 1);
  if (key != NULL)
    {
      gtk_widget_add_css_class (key, "legend-key");
      gtk_grid_attach (GTK_GRID (grid), key, 1, row, 1, 1);
    }
  return check;
}

static GtkWidget *
key_row (GtkWidget *first,
         ...)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  va_list ap;

  va_start (ap, first);
  for (GtkWidget *w = first; w != NULL; w = va_arg (ap, GtkWidget *))
    gtk_box_append (GTK_BOX (box), w);
  va_end (ap);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  return box;
}

static GtkWidget *
build_legend (IocMapWall *self)
{
  GtkWidget *legend = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *cameras = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  gtk_widget_add_css_class (legend, "legend");
  gtk_widget_set_halign (legend, GTK_ALIGN_START);
  gtk_widget_set_valign (legend, GTK_ALIGN_END);
  gtk_widget_set_margin_start (legend, 12);
  gtk_widget_set_margin_bottom (legend, 60);   /* above the scale */
  self->legend_button = gtk_toggle_button_new_with_label (_("Layers"));
  gtk_widget_add_css_class (self->legend_button, "legend-title");
  gtk_widget_set_halign (self->legend_button, GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (self->legend_button, _("Show or hide the layers and their key (Ctrl+L)"));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->legend_button), TRUE);
  gtk_box_append (GTK_BOX (legend), self->legend_button);

  gtk_grid_set_column_spacing (GTK_GRID (grid), 14);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 0);
  gtk_box_append (GTK_BOX (cameras), key_row (swatch ("camera-online", _("online")), swatch ("camera-offline", _("offline")),
                                              swatch ("camera-unknown", _("not checked")), NULL));
  gtk_box_append (GTK_BOX (cameras), key_row (swatch ("glyph-square", _("traffic")), swatch ("glyph-diamond", _("security")),
                                              swatch ("glyph-circle", _("PTZ")), NULL));
  legend_layer (grid, 0, _("Cameras"), self->camera_layer, cameras);
  legend_layer (grid, 1, _("Field reports"), self->report_layer,
                key_row (swatch ("received", _("new")), swatch ("assigned", _("assigned")),
                         swatch ("overdue", _("overdue")), swatch ("processed", _("done")), NULL));
  legend_layer (grid, 2, _("Overdue dossiers"), self->dossier_layer, key_row (swatch ("dossier", _("by agency")), NULL));
  legend_layer (grid, 3, _("Security alerts"), self->soc_layer, key_row (swatch ("soc", _("by site")), NULL));
  legend_layer (grid, 4, _("Boundaries"), self->boundary_layer, key_row (swatch ("boundary", _("wards, communes")), NULL));
  self->legend_body = grid;
  g_object_bind_property (self->legend_button, "active", grid, "visible", G_BINDING_SYNC_CREATE);
  gtk_box_append (GTK_BOX (legend), grid);
  return legend;
}

/* ---- actions ------------------------------------------------------------ */

static void
map_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  IocMapWall *self = IOC_MAP_WALL (widget);
  ShumateMap *map = shumate_simple_map_get_map (self->map);

  if (g_str_equal (action_name, "map.legend"))
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->legend_button),
                                  !gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->legend_button)));
  else if (g_str_equal (action_name, "map.zoom-in"))
    shumate_map_zoom_in (map);
  else if (g_str_equal (action_name, "map.zoom-out"))
    shumate_map_zoom_out (map);
  else if (g_str_equal (action_name, "map.home"))
    shumate_map_go_to_full (map, HOME_LAT, HOME_LON, HOME_ZOOM);
  else if (g_str_equal (action_name, "map.oldest-overdue"))
    ioc_map_wall_show_report (self, ioc_map_panel_oldest_overdue (self));
  else if (g_str_equal (action_name, "wall.search"))
    ioc_map_wall_focus_search (self);
}

/* ---- the base map ------------------------------------------------------- */

static void
on_tile_received (ShumateDataSource *source,
                  int                x,
                  int                y,
                  int                zoom,
                  GBytes            *bytes,
                  IocMapWall        *self)
{
  self->n_tiles++;
}

/* The online tile server's downloader, one for the process: each
 * ShumateTileDownloader has a file cache of its own on the same directory,
 * and several of them rewrite each other's files. */
static ShumateDataSource *
shared_downloader (const char *url)
{
  static GHashTable *downloaders;
  ShumateDataSource *d;

  if (downloaders == NULL)
    downloaders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  d = g_hash_table_lookup (downloaders, url);
  if (d == NULL)
    {
      d = SHUMATE_DATA_SOURCE (shumate_tile_downloader_new (url));
      g_hash_table_insert (downloaders, g_strdup (url), d);
    }
  return g_object_ref (d);
}

/* iocd's offline tiles, kept in memory and shared by every map of the
 * process (ioc-tile-source.h), or an online tile URL from GSettings when
 * one is set. */
static void
set_map_source (IocMapWall *self)
{
  IocClient *client = ioc_models_get_client (self->models);
  g_autofree char *online = self->settings != NULL ? g_settings_get_string (self->settings, "online-tile-url") : NULL;
  g_autofree char *tiles = ioc_client_dup_tile_url (client);
  g_autoptr(GUri) uri = g_uri_parse (ioc_client_get_base_url (client), G_URI_FLAGS_NONE, NULL);
  g_autofree char *id = NULL;
  g_autoptr(ShumateDataSource) downloader = NULL;
  g_autoptr(ShumateRasterRenderer) source = NULL;
  gboolean use_online = online != NULL && *online != '\0';

  id = use_online ? g_compute_checksum_for_string (G_CHECKSUM_SHA1, online, -1)
                  : g_strdup_printf ("iocd-%s-%d", uri != NULL && g_uri_get_host (uri) != NULL ? g_uri_get_host (uri) : "local",
                                     uri != NULL ? g_uri_get_port (uri) : 0);
  downloader = use_online ? shared_downloader (online) : SHUMATE_DATA_SOURCE (ioc_tile_source_get_shared (tiles));
  g_signal_connect_object (downloader, "received-data", G_CALLBACK (on_tile_received), self, 0);
  source = shumate_raster_renderer_new_full (id, use_online ? _("Online base map") : _("IOC base map"),
                                             use_online ? NULL : "© Thang Le Quoc (MIT)", NULL,
                                             use_online ? 0 : 5, use_online ? 19 : 17, 256,
                                             SHUMATE_MAP_PROJECTION_MERCATOR, SHUMATE_DATA_SOURCE (downloader));
  shumate_simple_map_set_map_source (self->map, SHUMATE_MAP_SOURCE (source));
}

static void
on_tile_url_changed (GSettings  *settings,
                     const char *key,
                     IocMapWall *self)
{
  set_map_source (self);
}

/* ---- GObject ------------------------------------------------------------ */

static gboolean
soc_rebuild_cb (gpointer user_data)
{
  IocMapWall *self = user_data;

  self->soc_rebuild_id = 0;
  rebuild_soc_bubbles (self);
  if (self->unit_id != NULL && self->unit_is_site)
    ioc_map_panel_show_unit (self, self->unit_id, TRUE);
  return G_SOURCE_REMOVE;
}

static void
on_models_changed (IocModels  *models,
                   const char *collection,
                   IocMapWall *self)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      if (g_str_equal (collection, "alerts") || g_str_equal (collection, "dossier-stats"))
        self->points_dirty = TRUE;
      else if (g_str_equal (collection, "boundaries"))
        rebuild_boundaries (self);
      return;
    }
  if (g_str_equal (collection, "alerts"))
    {
      /* Alerts come in bursts: redraw the sites at most twice a second. */
      if (self->soc_rebuild_id == 0)
        self->soc_rebuild_id = g_timeout_add (500, soc_rebuild_cb, self);
    }
  else if (g_str_equal (collection, "boundaries"))
    rebuild_boundaries (self);
  else if (g_str_equal (collection, "dossier-stats"))
    rebuild_dossier_bubbles (self);
  else if (g_str_equal (collection, "warning-tickets") && self->unit_id != NULL && !self->unit_is_site)
    ioc_map_panel_show_unit (self, self->unit_id, FALSE);
}

static void
on_alerts_items (GListModel *list,
                 guint       position,
                 guint       removed,
                 guint       added,
                 IocMapWall *self)
{
  /* Alerts added, trimmed or reloaded: the sites follow, twice a second
   * at most (IocModels::changed covers updates in place). */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->points_dirty = TRUE;
  else if (self->soc_rebuild_id == 0)
    self->soc_rebuild_id = g_timeout_add (500, soc_rebuild_cb, self);
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
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  ioc_map_panel_dispose (self);
  g_clear_pointer (&self->search_popover, gtk_widget_unparent);
  g_clear_pointer (&self->root, gtk_widget_unparent);
  g_clear_object (&self->models);
  point_ids_clear (&self->report_ids);
  point_ids_clear (&self->camera_ids);
  G_OBJECT_CLASS (ioc_map_wall_parent_class)->dispose (object);
}

static void
ioc_map_wall_map (GtkWidget *widget)
{
  IocMapWall *self = IOC_MAP_WALL (widget);

  GTK_WIDGET_CLASS (ioc_map_wall_parent_class)->map (widget);
  if (self->points_dirty)
    sync_all (self);
}

static void
ioc_map_wall_class_init (IocMapWallClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ioc_map_wall_dispose;
  widget_class->map = ioc_map_wall_map;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "mapwall");

  gtk_widget_class_install_action (widget_class, "map.legend", NULL, map_action);
  gtk_widget_class_install_action (widget_class, "map.zoom-in", NULL, map_action);
  gtk_widget_class_install_action (widget_class, "map.zoom-out", NULL, map_action);
  gtk_widget_class_install_action (widget_class, "map.home", NULL, map_action);
  gtk_widget_class_install_action (widget_class, "map.oldest-overdue", NULL, map_action);
  gtk_widget_class_install_action (widget_class, "wall.search", NULL, map_action);
  ioc_map_panel_class_init (widget_class);
}

static void
ioc_map_wall_init (IocMapWall *self)
{
  GSettingsSchemaSource *schemas = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = schemas != NULL ? g_settings_schema_source_lookup (schemas, APP_SCHEMA, TRUE) : NULL;

  point_ids_init (&self->report_ids);
  point_ids_init (&self->camera_ids);
  self->cancellable = g_cancellable_new ();
  if (schema != NULL)
    self->settings = g_settings_new (APP_SCHEMA);
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

static GtkWidget *
build_search (IocMapWall *self)
{
  GtkWidget *scroll = gtk_scrolled_window_new ();

  self->search = gtk_search_entry_new ();
  g_object_set (self->search, "placeholder-text", _("Search report #, address, camera, unit…"), NULL);
  gtk_widget_set_size_request (self->search, 380, -1);
  gtk_widget_set_halign (self->search, GTK_ALIGN_START);
  gtk_widget_set_valign (self->search, GTK_ALIGN_START);
  gtk_widget_set_margin_start (self->search, 12);
  gtk_widget_set_margin_top (self->search, 12);
  gtk_widget_add_css_class (self->search, "map-search");
  g_signal_connect (self->search, "search-changed", G_CALLBACK (on_search_changed), self);
  g_signal_connect (self->search, "activate", G_CALLBACK (on_search_activate), self);

  self->search_results = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->search_results, GTK_SELECTION_BROWSE);
  g_signal_connect (self->search_results, "row-activated", G_CALLBACK (on_result_activated), self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), GTK_WIDGET (self->search_results));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroll), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroll), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroll), 420);
  gtk_widget_set_size_request (scroll, 380, -1);
  self->search_popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (self->search_popover), scroll);
  gtk_popover_set_autohide (GTK_POPOVER (self->search_popover), FALSE);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->search_popover), FALSE);
  gtk_popover_set_position (GTK_POPOVER (self->search_popover), GTK_POS_BOTTOM);
  gtk_widget_add_css_class (self->search_popover, "search-results");
  gtk_widget_set_parent (self->search_popover, self->search);
  return self->search;
}

GtkWidget *
ioc_map_wall_new (IocModels *models)
{
  IocMapWall *self = g_object_new (IOC_TYPE_MAP_WALL, NULL);
  ShumateViewport *viewport;
  GtkWidget *overlay, *paned, *ring;
  GtkGesture *click;

  self->models = g_object_ref (models);

  self->map = shumate_simple_map_new ();
  set_map_source (self);
  if (self->settings != NULL)
    g_signal_connect (self->settings, "changed::online-tile-url", G_CALLBACK (on_tile_url_changed), self);
  viewport = shumate_simple_map_get_viewport (self->map);
  shumate_viewport_set_zoom_level (viewport, HOME_ZOOM);
  shumate_location_set_location (SHUMATE_LOCATION (viewport), HOME_LAT, HOME_LON);
  /* Kilometres only: the province does not read miles. */
  shumate_scale_set_unit (shumate_simple_map_get_scale (self->map), SHUMATE_UNIT_METRIC);

  self->boundary_layer = ioc_boundary_layer_new (viewport);
  self->dossier_layer = shumate_marker_layer_new (viewport);
  self->soc_layer = shumate_marker_layer_new (viewport);
  self->report_layer = ioc_cluster_layer_new (viewport);
  self->camera_layer = ioc_cluster_layer_new (viewport);
  self->focus_layer = shumate_marker_layer_new (viewport);
  ioc_cluster_layer_set_shape (self->camera_layer, IOC_CLUSTER_SHAPE_SQUARE);
  set_styles (self->report_layer, report_styles, FALSE);
  set_styles (self->camera_layer, camera_styles, TRUE);
  /* The wall's own gesture picks across both point layers. */
  gtk_widget_set_can_target (GTK_WIDGET (self->report_layer), FALSE);
  gtk_widget_set_can_target (GTK_WIDGET (self->camera_layer), FALSE);
  gtk_widget_set_can_target (GTK_WIDGET (self->focus_layer), FALSE);
  shumate_simple_map_add_overlay_layer (self->map, SHUMATE_LAYER (self->boundary_layer));
  shumate_simple_map_add_overlay_layer (self->map, SHUMATE_LAYER (self->dossier_layer));
  shumate_simple_map_add_overlay_layer (self->map, SHUMATE_LAYER (self->soc_layer));
  shumate_simple_map_add_overlay_layer (self->map, SHUMATE_LAYER (self->report_layer));
  shumate_simple_map_add_overlay_layer (self->map, SHUMATE_LAYER (self->camera_layer));
  shumate_simple_map_add_overlay_layer (self->map, SHUMATE_LAYER (self->focus_layer));
  self->focus_marker = shumate_marker_new ();
  ring = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (ring, "focus-ring");
  gtk_widget_set_size_request (ring, 40, 40);
  shumate_marker_set_child (self->focus_marker, ring);
  gtk_widget_set_visible (GTK_WIDGET (self->focus_marker), FALSE);
  shumate_marker_layer_add_marker (self->focus_layer, self->focus_marker);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect (click, "pressed", G_CALLBACK (on_map_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (shumate_simple_map_get_map (self->map)), GTK_EVENT_CONTROLLER (click));

  overlay = gtk_overlay_new ();
  gtk_overlay_set_child (GTK_OVERLAY (overlay), GTK_WIDGET (self->map));
  gtk_widget_set_hexpand (overlay, TRUE);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), build_search (self));
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), build_legend (self));

  paned = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_box_append (GTK_BOX (paned), overlay);
  gtk_box_append (GTK_BOX (paned), ioc_map_panel_build (self));
  self->root = paned;
  gtk_widget_set_parent (paned, GTK_WIDGET (self));

  g_signal_connect (ioc_models_get_reports (models), "items-changed", G_CALLBACK (on_list_changed), self);
  g_signal_connect (ioc_models_get_cameras (models), "items-changed", G_CALLBACK (on_list_changed), self);
  g_signal_connect (ioc_models_get_reports (models), "record-changed", G_CALLBACK (on_record_changed), self);
  g_signal_connect (ioc_models_get_cameras (models), "record-changed", G_CALLBACK (on_record_changed), self);
  g_signal_connect (ioc_models_get_alerts (models), "items-changed", G_CALLBACK (on_alerts_items), self);
  g_signal_connect (models, "changed", G_CALLBACK (on_models_changed), self);
  /* The points are read when the wall first comes on screen (a window
   * keeps every wall, most of them off screen). */
  self->points_dirty = TRUE;
  rebuild_boundaries (self);
  ioc_map_panel_rebuild_queue (self);
  ioc_map_panel_update_actions (self, NULL);
  return GTK_WIDGET (self);
}

/* ---- for tests and benchmarks ------------------------------------------- */

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

guint
ioc_map_wall_count_soc_sites (IocMapWall *self)
{
  return self->n_soc_bubbles;
}

guint
ioc_map_wall_count_queue (IocMapWall *self)
{
  return self->queue_len;
}

gboolean
ioc_map_wall_has_tiles (IocMapWall *self)
{
  return self->n_tiles > 0;
}

guint
ioc_map_wall_get_n_tiles (IocMapWall *self)
{
  return self->n_tiles;
}

ShumateSimpleMap *
ioc_map_wall_get_map (IocMapWall *self)
{
  return self->map;
}

void
ioc_map_wall_show_report (IocMapWall *self,
                          const char *id)
{
  IocRecord *r = id != NULL ? ioc_record_list_lookup (ioc_models_get_reports (self->models), id) : NULL;
  if (r != NULL)
    ioc_map_panel_show_report (self, r);
}

void
ioc_map_wall_show_camera (IocMapWall *self,
                          const char *id)
{
  ioc_map_panel_show_camera (self, id);
}

GtkWidget *
ioc_map_wall_get_camera_live (IocMapWall *self)
{
  return self->c_live;
}

void
ioc_map_wall_show_unit (IocMapWall *self,
                        const char *unit_id,
                        gboolean    site)
{
  ioc_map_panel_show_unit (self, unit_id, site);
}

const char *
ioc_map_wall_get_panel (IocMapWall *self)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (self->side_stack));
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

gboolean
ioc_map_wall_escalate_enabled (IocMapWall *self)
{
  return gtk_widget_get_sensitive (self->escalate_button);
}

gboolean
ioc_map_wall_ticket_visible (IocMapWall *self)
{
  return self->unit_id != NULL && gtk_widget_get_visible (self->u_ticket_box);
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
}

const char *
ioc_map_wall_suggested_unit (IocMapWall *self)
{
  return self->unit_ids->len > 0 ? g_ptr_array_index (self->unit_ids, 0) : NULL;
}

const char *
ioc_map_wall_get_feedback (IocMapWall *self)
{
  return gtk_label_get_text (GTK_LABEL (self->feedback));
}

void
ioc_map_wall_focus_search (IocMapWall *self)
{
  gtk_widget_grab_focus (self->search);
}

guint
ioc_map_wall_search (IocMapWall *self,
                     const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search), text);
  run_search (self, text);
  return self->n_search_results;
}

void
ioc_map_wall_open_search_result (IocMapWall *self,
                                 guint       index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->search_results, (int) index);
  if (row != NULL)
    open_hit (self, row);
}

void
ioc_map_wall_set_legend_visible (IocMapWall *self,
                                 gboolean    visible)
{
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->legend_button), visible);
}

gboolean
ioc_map_wall_get_legend_visible (IocMapWall *self)
{
  return gtk_widget_get_visible (self->legend_body);
}
