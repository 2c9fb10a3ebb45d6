/* ioc-dossier-wall.c — see ioc-dossier-wall.h
 *
 * The heatmap comes from GET /api/v1/dossier-stats/heatmap (contract 3:
 * units worst first, a cell per date, null where nothing was recorded);
 * against an iocd without that route it is built here from the
 * dossier-stats rows IocModels keeps, in the same order (latest value,
 * then the period's largest, then the name). Beside it: the agencies
 * ranked by the measure shown, and the warning tickets with their state
 * and, for supervisors, issue / check / resolve.
 */
#include "config.h"

#include "ioc-dossier-wall.h"
#include "ioc-labels.h"
#include "ioc-wall.h"

#include <glib/gi18n.h>
#include <string.h>

#define METRIC_OVERDUE "overdue"
#define METRIC_ONLINE_8H "online_over_8h"
/* The same measure as older imports stored it. */
#define METRIC_ONLINE_8H_STORED "online_not_received_8h"
#define RANKING_ROWS 6
#define TICKET_ROWS 6

typedef enum { API_UNKNOWN, API_YES, API_NO } ApiState;

struct _IocDossierWall
{
  GtkWidget     parent_instance;
  IocModels    *models;
  GtkWidget    *root;
  char         *metric;
  ApiState      heatmap_api;
  GtkWidget    *title;
  GtkWidget    *subtitle;
  GtkWidget    *heatmap;
  GtkWidget    *ranking;
  GtkWidget    *ranking_title;
  GtkWidget    *tickets;
  GtkWidget    *tickets_title;
  GtkWidget    *issue_box;
  GtkWidget    *issue_dropdown;
  GtkWidget    *issue_reason;
  GtkWidget    *feedback;
  GtkStringList *issue_names;
  GPtrArray    *issue_ids;
  GPtrArray    *row_units;        /* unit id of each heatmap row */
  GArray       *row_latest;       /* gint64 per row */
  GCancellable *cancellable;
  guint         generation;       /* drops answers of an older metric */
};

enum { PROP_0, PROP_METRIC, N_PROPS };
static GParamSpec *props[N_PROPS];

G_DEFINE_FINAL_TYPE (IocDossierWall, ioc_dossier_wall, GTK_TYPE_WIDGET)

static gboolean
is_online_metric (const char *m)
{
  return g_strcmp0 (m, METRIC_ONLINE_8H) == 0 || g_strcmp0 (m, METRIC_ONLINE_8H_STORED) == 0;
}

static void
clear_box (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    gtk_widget_unparent (child);
}

static GtkWidget *
label_new (const char *text,
           const char *css)
{
  GtkWidget *l = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (l), 0);
  if (css != NULL)
    gtk_widget_add_css_class (l, css);
  return l;
}

static char *
format_date (const char *ymd)
{
  /* "2023-03-02" → "02/03/2023" */
  if (ymd == NULL || strlen (ymd) < 10)
    return g_strdup (ymd != NULL ? ymd : "—");
  return g_strdup_printf ("%.2s/%.2s/%.4s", ymd + 8, ymd + 5, ymd);
}

/* ---- the heatmap's data ------------------------------------------------- */

typedef struct {
  GPtrArray *ids;
  GPtrArray *names;
  GPtrArray *dates;
  GArray    *cells;    /* gint64, row-major */
} Matrix;

static void
matrix_init (Matrix *m)
{
  m->ids = g_ptr_array_new_with_free_func (g_free);
  m->names = g_ptr_array_new_with_free_func (g_free);
  m->dates = g_ptr_array_new_with_free_func (g_free);
  m->cells = g_array_new (FALSE, FALSE, sizeof (gint64));
}

static void
matrix_clear (Matrix *m)
{
  g_clear_pointer (&m->ids, g_ptr_array_unref);
  g_clear_pointer (&m->names, g_ptr_array_unref);
  g_clear_pointer (&m->dates, g_ptr_array_unref);
  g_clear_pointer (&m->cells, g_array_unref);
}

static const char *
unit_name (IocDossierWall *self,
           const char     *id)
{
  const char *n = ioc_models_unit_name (self->models, id);
  return n != NULL ? n : id;
}

static void
ranking_and_tickets (IocDossierWall *self);

/* Shows a matrix: heatmap, subtitle, ranking, the ticket picker. */
static void
apply_matrix (IocDossierWall *self,
              Matrix         *m)
{
  guint nc = m->dates->len;
  gboolean online = is_online_metric (self->metric);

  ioc_heatmap_view_set_data (IOC_HEATMAP_VIEW (self->heatmap), m->names, m->dates, (gint64 *) (gpointer) m->cells->data);
  ioc_heatmap_view_set_caption (IOC_HEATMAP_VIEW (self->heatmap),
                                online ? _("Not received in 8 h:") : _("Overdue dossiers:"));
  g_ptr_array_set_size (self->row_units, 0);
  g_array_set_size (self->row_latest, 0);
  for (guint r = 0; r < m->ids->len; r++)
    {
      gint64 last = -1;
      for (guint c = 0; c < nc; c++)
        if (g_array_index (m->cells, gint64, r * nc + c) >= 0)
          last = g_array_index (m->cells, gint64, r * nc + c);
      g_ptr_array_add (self->row_units, g_strdup (g_ptr_array_index (m->ids, r)));
      g_array_append_val (self->row_latest, last);
    }
  gtk_label_set_text (GTK_LABEL (self->title), online ? _("Online dossiers not received in 8 h, by agency")
                                                      : _("Overdue dossiers by agency"));
  if (nc > 0)
    {
      g_autofree char *from = format_date (g_ptr_array_index (m->dates, 0));
      g_autofree char *to = format_date (g_ptr_array_index (m->dates, nc - 1));
      g_autofree char *sub = g_strdup_printf (_("%u agencies × %u report dates, %s to %s · worst first"),
                                              m->ids->len, nc, from, to);
      gtk_label_set_text (GTK_LABEL (self->subtitle), sub);
    }
  else
    gtk_label_set_text (GTK_LABEL (self->subtitle), _("No figures recorded for this measure."));
  ranking_and_tickets (self);
}

/* Contract 3 → Matrix. */
static gboolean
matrix_from_api (IocDossierWall *self,
                 JsonObject     *o,
                 Matrix         *m)
{
  JsonArray *dates = json_object_get_array_member (o, "dates");
  JsonArray *units = json_object_get_array_member (o, "units");
  guint nc;

  if (dates == NULL || units == NULL)
    return FALSE;
  nc = json_array_get_length (dates);
  for (guint c = 0; c < nc; c++)
    g_ptr_array_add (m->dates, g_strdup (json_array_get_string_element (dates, c)));
  for (guint r = 0; r < json_array_get_length (units); r++)
    {
      JsonObject *u = json_array_get_object_element (units, r);
      JsonArray *cells = json_object_get_array_member (u, "cells");
      const char *id = json_object_get_string_member_with_default (u, "unit_id", NULL);
      const char *name = json_object_get_string_member_with_default (u, "name", NULL);

      if (id == NULL || cells == NULL || json_array_get_length (cells) != nc)
        return FALSE;
      g_ptr_array_add (m->ids, g_strdup (id));
      /* The console's own name of the unit (full names, NFC) when it has one. */
      g_ptr_array_add (m->names, g_strdup (ioc_models_unit_name (self->models, id) ?: name ?: id));
      for (guint c = 0; c < nc; c++)
        {
          JsonNode *n = json_array_get_element (cells, c);
          gint64 v = JSON_NODE_HOLDS_VALUE (n) ? json_node_get_int (n) : -1;
          g_array_append_val (m->cells, v);
        }
    }
  return TRUE;
}

typedef struct { char *id; gint64 latest; gint64 max; const char *name; guint row; } RowKey;

static int
worst_first (gconstpointer a,
             gconstpointer b)
{
  const RowKey *x = a, *y = b;
  if (x->latest != y->latest)
    return x->latest < y->latest ? 1 : -1;
  if (x->max != y->max)
    return x->max < y->max ? 1 : -1;
  return g_utf8_collate (x->name, y->name);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(char **) a, *(char **) b);
}

/* The fallback: the same matrix from IocModels' dossier-stats rows. */
static void
matrix_from_stats (IocDossierWall *self,
                   Matrix         *m)
{
  JsonArray *rows = ioc_models_get_dossier_stats (self->models);
  guint n = rows != NULL ? json_array_get_length (rows) : 0;
  gboolean online = is_online_metric (self->metric);
  g_autoptr(GHashTable) row_of = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) col_of = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) units = g_ptr_array_new ();
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (RowKey));
  g_autoptr(GArray) raw = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint nc, nr;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *o = json_array_get_object_element (rows, i);
      const char *metric = json_object_get_string_member_with_default (o, "metric", NULL);
      const char *u = json_object_get_string_member_with_default (o, "unit_id", NULL);
      const char *d = json_object_get_string_member_with_default (o, "date", NULL);

      if (u == NULL || d == NULL || (online ? !is_online_metric (metric) : g_strcmp0 (metric, METRIC_OVERDUE) != 0))
        continue;
      if (!g_hash_table_contains (row_of, u))
        {
          g_hash_table_insert (row_of, (gpointer) u, GUINT_TO_POINTER (units->len));
          g_ptr_array_add (units, (gpointer) u);
        }
      if (!g_hash_table_contains (col_of, d))
        {
          g_hash_table_insert (col_of, (gpointer) d, NULL);
          g_ptr_array_add (m->dates, g_strdup (d));
        }
    }
  g_ptr_array_sort (m->dates, compare_strings);
  nc = m->dates->len;
  nr = units->len;
  for (guint c = 0; c < nc; c++)
    g_hash_table_insert (col_of, g_ptr_array_index (m->dates, c), GUINT_TO_POINTER (c));
  g_array_set_size (raw, nr * nc);
  for (guint i = 0; i < nr * nc; i++)
    g_array_index (raw, gint64, i) = -1;
  for (guint i = 0; i < n; i++)
    {
      JsonObject *o = json_array_get_object_element (rows, i);
      const char *metric = json_object_get_string_member_with_default (o, "metric", NULL);
      const char *u = json_object_get_string_member_with_default (o, "unit_id", NULL);
      const char *d = json_object_get_string_member_with_default (o, "date", NULL);
      gpointer r, c;

      if (u == NULL || d == NULL || (online ? !is_online_metric (metric) : g_strcmp0 (metric, METRIC_OVERDUE) != 0) ||
          !g_hash_table_lookup_extended (row_of, u, NULL, &r) || !g_hash_table_lookup_extended (col_of, d, NULL, &c))
        continue;
      g_array_index (raw, gint64, GPOINTER_TO_UINT (r) * nc + GPOINTER_TO_UINT (c)) =
        json_object_get_int_member_with_default (o, "value", 0);
    }
  for (guint r = 0; r < nr; r++)
    {
      RowKey k = { units->pdata[r], -1, -1, unit_name (self, units->pdata[r]), r };
      for (guint c = 0; c < nc; c++)
        {
          gint64 v = g_array_index (raw, gint64, r * nc + c);
          if (v >= 0)
            k.latest = v;
          k.max = MAX (k.max, v);
        }
      g_array_append_val (keys, k);
    }
  g_array_sort (keys, worst_first);
  for (guint i = 0; i < keys->len; i++)
    {
      RowKey *k = &g_array_index (keys, RowKey, i);
      g_ptr_array_add (m->ids, g_strdup (k->id));
      g_ptr_array_add (m->names, g_strdup (k->name));
      g_array_append_vals (m->cells, &g_array_index (raw, gint64, k->row * nc), nc);
    }
}

static void
apply_fallback (IocDossierWall *self)
{
  Matrix m;

  matrix_init (&m);
  matrix_from_stats (self, &m);
  apply_matrix (self, &m);
  matrix_clear (&m);
}

typedef struct {
  IocDossierWall *self;
  guint           generation;
} HeatmapRequest;

static void
on_heatmap (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  HeatmapRequest *hr = user_data;
  IocDossierWall *self = hr->self;
  guint generation = hr->generation;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ioc_client_request_finish (IOC_CLIENT (source), result, &error);
  Matrix m;

  g_free (hr);
  if (answer == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (generation != self->generation)
    return;   /* the metric changed meanwhile */
  matrix_init (&m);
  if (answer != NULL && JSON_NODE_HOLDS_OBJECT (answer) && matrix_from_api (self, json_node_get_object (answer), &m))
    {
      self->heatmap_api = API_YES;
      apply_matrix (self, &m);
    }
  else
    {
      /* An iocd without the route (404), or an answer not to the contract. */
      if (error != NULL)
        g_debug ("heatmap: %s; built from dossier-stats", error->message);
      if (error != NULL && g_error_matches (error, IOC_CLIENT_ERROR, IOC_CLIENT_ERROR_REFUSED))
        self->heatmap_api = API_NO;
      matrix_clear (&m);
      matrix_init (&m);
      matrix_from_stats (self, &m);
      apply_matrix (self, &m);
    }
  matrix_clear (&m);
}

static void
reload (IocDossierWall *self)
{
  JsonArray *rows = ioc_models_get_dossier_stats (self->models);
  g_autofree char *path = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *to = g_date_time_format (now, "%Y-%m-%d");
  const char *from = NULL;
  HeatmapRequest *hr;

  self->generation++;
  if (self->heatmap_api == API_NO)
    {
      apply_fallback (self);
      return;
    }
  /* The whole period iocd has, to today. */
  for (guint i = 0; rows != NULL && i < json_array_get_length (rows); i++)
    {
      const char *d = json_object_get_string_member_with_default (json_array_get_object_element (rows, i), "date", NULL);
      if (d != NULL && (from == NULL || strcmp (d, from) < 0))
        from = d;
    }
  {
    /* iocd serves at most ten years at a time: the last ten, or the last
     * year when there is nothing yet. */
    g_autoptr(GDateTime) earliest = g_date_time_add_days (now, from != NULL ? -3650 : -365);
    g_autofree char *floor = g_date_time_format (earliest, "%Y-%m-%d");
    if (from == NULL || strcmp (from, floor) < 0)
      from = floor;
    path = g_strdup_printf ("/api/v1/dossier-stats/heatmap?metric=%s&from=%s&to=%s", self->metric, from, to);
  }
  hr = g_new0 (HeatmapRequest, 1);
  hr->self = self;
  hr->generation = self->generation;
  ioc_client_request_async (ioc_models_get_client (self->models), "GET", path, NULL, self->cancellable, on_heatmap, hr);
}

/* ---- ranking and tickets ------------------------------------------------ */

typedef struct { guint row; gint64 value; } Ranked;

static int
by_value (gconstpointer a,
          gconstpointer b)
{
  const Ranked *x = a, *y = b;
  if (x->value != y->value)
    return x->value < y->value ? 1 : -1;
  return x->row < y->row ? -1 : x->row > y->row;
}

static void
fill_ranking (IocDossierWall *self)
{
  g_autoptr(GArray) ranked = g_array_new (FALSE, FALSE, sizeof (Ranked));
  gint64 top;

  clear_box (self->ranking);
  for (guint r = 0; r < self->row_units->len; r++)
    {
      Ranked k = { r, g_array_index (self->row_latest, gint64, r) };
      if (k.value > 0)
        g_array_append_val (ranked, k);
    }
  g_array_sort (ranked, by_value);
  top = ranked->len > 0 ? g_array_index (ranked, Ranked, 0).value : 1;
  for (guint i = 0; i < MIN (ranked->len, RANKING_ROWS); i++)
    {
      Ranked *k = &g_array_index (ranked, Ranked, i);
      const char *name = unit_name (self, g_ptr_array_index (self->row_units, k->row));
      g_autofree char *rank = g_strdup_printf ("%u.", i + 1);
      g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, k->value);
      GtkWidget *row = gtk_grid_new ();
      GtkWidget *l = label_new (name, NULL), *v = label_new (value, "count"), *n = label_new (rank, "dim");
      GtkWidget *bar = gtk_level_bar_new_for_interval (0, (double) top);

      gtk_label_set_ellipsize (GTK_LABEL (l), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (l), 20);
      gtk_widget_set_tooltip_text (l, name);
      gtk_widget_set_hexpand (l, TRUE);
      gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), (double) k->value);
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_LOW);
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_HIGH);
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_FULL);
      gtk_grid_set_column_spacing (GTK_GRID (row), 8);
      gtk_widget_set_size_request (bar, 70, -1);
      gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
      gtk_label_set_width_chars (GTK_LABEL (v), 3);
      gtk_label_set_xalign (GTK_LABEL (v), 1);
      gtk_grid_attach (GTK_GRID (row), n, 0, 0, 1, 1);
      gtk_grid_attach (GTK_GRID (row), l, 1, 0, 1, 1);
      gtk_grid_attach (GTK_GRID (row), bar, 2, 0, 1, 1);
      gtk_grid_attach (GTK_GRID (row), v, 3, 0, 1, 1);
      gtk_widget_add_css_class (row, "rank-row");
      gtk_box_append (GTK_BOX (self->ranking), row);
    }
  if (ranked->len == 0)
    gtk_box_append (GTK_BOX (self->ranking), label_new (_("No agency has any at the latest date."), "dim"));
}

static GtkWidget *
ticket_button (const char *label,
               const char *action,
               const char *id)
{
  GtkWidget *b = gtk_button_new_with_label (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (b), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (b), "s", id);
  gtk_widget_add_css_class (b, "small");
  return b;
}

static void
fill_tickets (IocDossierWall *self)
{
  GListModel *tickets = G_LIST_MODEL (ioc_models_get_tickets (self->models));
  guint n = g_list_model_get_n_items (tickets), open = 0, shown = 0;
  gboolean sup = ioc_client_can_dispatch (ioc_models_get_client (self->models));
  g_autofree char *title = NULL;

  clear_box (self->tickets);
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(IocRecord) t = g_list_model_get_item (tickets, i - 1);
      const char *status = ioc_record_get_string (t, "status");
      g_autofree char *when = ioc_format_time_short (ioc_record_get_string (t, "issued_at"));
      g_autofree char *sub = NULL;
      GtkWidget *row, *head, *name, *badge, *actions;

      if (g_strcmp0 (status, "resolved") != 0)
        open++;
      if (shown >= TICKET_ROWS)
        continue;
      shown++;
      row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      head = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      name = label_new (unit_name (self, ioc_record_get_string (t, "unit_id")), NULL);
      gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (name), 18);
      gtk_widget_set_tooltip_text (name, gtk_label_get_text (GTK_LABEL (name)));
      gtk_widget_set_hexpand (name, TRUE);
      badge = gtk_label_new (ioc_ticket_status_label (status));
      gtk_widget_add_css_class (badge, "badge");
      gtk_widget_add_css_class (badge, g_strcmp0 (status, "issued") == 0 ? "ticket-issued" :
                                       g_strcmp0 (status, "checked") == 0 ? "ticket-checked" : "ticket-resolved");
      gtk_box_append (GTK_BOX (head), name);
      gtk_box_append (GTK_BOX (head), badge);
      gtk_box_append (GTK_BOX (row), head);
      sub = g_strdup_printf ("%s · %s", when, ioc_record_get_string (t, "reason") ?: "");
      {
        GtkWidget *l = label_new (sub, "dim");
        gtk_label_set_ellipsize (GTK_LABEL (l), PANGO_ELLIPSIZE_END);
        gtk_label_set_max_width_chars (GTK_LABEL (l), 24);
        gtk_widget_set_tooltip_text (l, sub);
        gtk_box_append (GTK_BOX (row), l);
      }
      /* Supervisors follow tickets up; others only read their state. */
      if (sup && g_strcmp0 (status, "resolved") != 0)
        {
          actions = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
          if (g_strcmp0 (status, "issued") == 0)
            gtk_box_append (GTK_BOX (actions), ticket_button (_("Mark checked"), "ticket.check", ioc_record_get_id (t)));
          gtk_box_append (GTK_BOX (actions), ticket_button (_("Resolve"), "ticket.resolve", ioc_record_get_id (t)));
          gtk_box_append (GTK_BOX (row), actions);
        }
      gtk_widget_add_css_class (row, "ticket-row");
      gtk_box_append (GTK_BOX (self->tickets), row);
    }
  if (n == 0)
    gtk_box_append (GTK_BOX (self->tickets), label_new (_("No warning ticket issued."), "dim"));
  /* Translators: the title of the warning tickets; %u how many are not resolved */
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Warning tickets — %u open", "Warning tickets — %u open", open), open);
  gtk_label_set_text (GTK_LABEL (self->tickets_title), title);
}

/* The agencies a ticket may go to: today's units of the heatmap, worst first. */
static void
fill_issue_picker (IocDossierWall *self)
{
  IocRecordList *today = ioc_models_get_units (self->models);
  gboolean sup = ioc_client_can_dispatch (ioc_models_get_client (self->models));

  gtk_string_list_splice (self->issue_names, 0, g_list_model_get_n_items (G_LIST_MODEL (self->issue_names)), NULL);
  g_ptr_array_set_size (self->issue_ids, 0);
  for (guint r = 0; r < self->row_units->len; r++)
    {
      const char *id = g_ptr_array_index (self->row_units, r);
      gint64 v = g_array_index (self->row_latest, gint64, r);
      g_autofree char *label = NULL;

      if (ioc_record_list_lookup (today, id) == NULL)
        continue;   /* merged away in 2025: nobody to receive it */
      label = v > 0 ? g_strdup_printf ("%s (%d)", unit_name (self, id), (int) v) : g_strdup (unit_name (self, id));
      gtk_string_list_append (self->issue_names, label);
      g_ptr_array_add (self->issue_ids, g_strdup (id));
    }
  gtk_widget_set_visible (self->issue_box, sup && self->issue_ids->len > 0);
}

static void
ranking_and_tickets (IocDossierWall *self)
{
  gboolean online = is_online_metric (self->metric);

  gtk_label_set_text (GTK_LABEL (self->ranking_title), online ? _("Most not received in 8 h, latest date")
                                                              : _("Most overdue, latest date"));
  fill_ranking (self);
  fill_tickets (self);
  fill_issue_picker (self);
}

/* ---- actions ------------------------------------------------------------ */

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ioc_client_request_finish (IOC_CLIENT (source), result, &error);
  IocDossierWall *self;

  if (answer == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = IOC_DOSSIER_WALL (user_data);
  gtk_label_set_text (GTK_LABEL (self->feedback), answer == NULL ? error->message : _("Done."));
  if (answer == NULL)
    gtk_widget_add_css_class (self->feedback, "error");
  else
    gtk_widget_remove_css_class (self->feedback, "error");
}

static void
post (IocDossierWall *self,
      const char     *path,
      JsonObject     *body)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), body);

  gtk_label_set_text (GTK_LABEL (self->feedback), _("Sending…"));
  gtk_widget_remove_css_class (self->feedback, "error");
  ioc_client_request_async (ioc_models_get_client (self->models), "POST", path, node, self->cancellable, on_done, self);
}

static void
ticket_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  IocDossierWall *self = IOC_DOSSIER_WALL (widget);
  g_autoptr(JsonObject) body = json_object_new ();
  g_autofree char *path = NULL;

  if (g_str_equal (action_name, "ticket.issue"))
    {
      guint pos = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->issue_dropdown));
      const char *reason = gtk_editable_get_text (GTK_EDITABLE (self->issue_reason));
      if (pos == GTK_INVALID_LIST_POSITION || pos >= self->issue_ids->len)
        return;
      if (*reason == '\0')
        {
          gtk_label_set_text (GTK_LABEL (self->feedback), _("Write the reason first."));
          gtk_widget_add_css_class (self->feedback, "error");
          return;
        }
      json_object_set_string_member (body, "unit_id", g_ptr_array_index (self->issue_ids, pos));
      json_object_set_string_member (body, "reason", reason);
      post (self, "/api/v1/warning-tickets", body);
      return;
    }
  path = g_strdup_printf ("/api/v1/warning-tickets/%s/%s", g_variant_get_string (param, NULL),
                          g_str_equal (action_name, "ticket.check") ? "check" : "resolve");
  post (self, path, body);
}

/* The reason follows the agency picked: its count at the latest date. */
static void
on_issue_selected (GtkDropDown    *dd,
                   GParamSpec     *pspec,
                   IocDossierWall *self)
{
  guint pos = gtk_drop_down_get_selected (dd);
  g_autofree char *reason = NULL;

  if (pos == GTK_INVALID_LIST_POSITION || pos >= self->issue_ids->len)
    return;
  for (guint r = 0; r < self->row_units->len; r++)
    if (g_str_equal (g_ptr_array_index (self->row_units, r), g_ptr_array_index (self->issue_ids, pos)))
      {
        gint64 v = g_array_index (self->row_latest, gint64, r);
        if (v > 0)
          /* Translators: the default reason of a warning ticket: a count and its measure */
          reason = g_strdup_printf (_("%d %s at the latest report date"), (int) v,
                                    is_online_metric (self->metric) ? _("online dossiers not received within 8 hours")
                                                                    : _("overdue dossiers"));
      }
  gtk_editable_set_text (GTK_EDITABLE (self->issue_reason), reason != NULL ? reason : "");
}

static void
toggle_metric (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  IocDossierWall *self = IOC_DOSSIER_WALL (widget);

  ioc_dossier_wall_set_metric (self, is_online_metric (self->metric) ? METRIC_OVERDUE : METRIC_ONLINE_8H);
}

/* ---- GObject ------------------------------------------------------------ */

static void
on_models_changed (IocModels  *models,
                   const char *collection,
                   gpointer    user_data)
{
  IocDossierWall *self = user_data;

  if (g_str_equal (collection, "warning-tickets"))
    fill_tickets (self);
  else if (g_str_equal (collection, "dossier-stats"))
    reload (self);
}

static void
on_loaded (IocModels *models,
           gpointer   user_data)
{
  reload (user_data);
}

static void
ioc_dossier_wall_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_METRIC:
      g_value_set_string (value, IOC_DOSSIER_WALL (object)->metric);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ioc_dossier_wall_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_METRIC:
      ioc_dossier_wall_set_metric (IOC_DOSSIER_WALL (object), g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ioc_dossier_wall_dispose (GObject *object)
{
  IocDossierWall *self = IOC_DOSSIER_WALL (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->models != NULL)
    g_signal_handlers_disconnect_by_data (self->models, self);
  g_clear_pointer (&self->root, gtk_widget_unparent);
  g_clear_object (&self->models);
  g_clear_object (&self->issue_names);
  g_clear_pointer (&self->issue_ids, g_ptr_array_unref);
  g_clear_pointer (&self->row_units, g_ptr_array_unref);
  g_clear_pointer (&self->row_latest, g_array_unref);
  g_clear_pointer (&self->metric, g_free);
  G_OBJECT_CLASS (ioc_dossier_wall_parent_class)->dispose (object);
}

static void
ioc_dossier_wall_class_init (IocDossierWallClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ioc_dossier_wall_dispose;
  object_class->get_property = ioc_dossier_wall_get_property;
  object_class->set_property = ioc_dossier_wall_set_property;
  props[PROP_METRIC] = g_param_spec_string ("metric", NULL, NULL, METRIC_OVERDUE,
                                            G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, props);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "dossierwall");
  /* The measure shown: radio buttons follow the property. */
  gtk_widget_class_install_property_action (widget_class, "dossier.metric", "metric");
  gtk_widget_class_install_action (widget_class, "dossier.toggle-metric", NULL, toggle_metric);
  gtk_widget_class_install_action (widget_class, "ticket.issue", NULL, ticket_action);
  gtk_widget_class_install_action (widget_class, "ticket.check", "s", ticket_action);
  gtk_widget_class_install_action (widget_class, "ticket.resolve", "s", ticket_action);
}

static void
ioc_dossier_wall_init (IocDossierWall *self)
{
  self->metric = g_strdup (METRIC_OVERDUE);
  self->row_units = g_ptr_array_new_with_free_func (g_free);
  self->row_latest = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->issue_ids = g_ptr_array_new_with_free_func (g_free);
  self->issue_names = gtk_string_list_new (NULL);
  self->cancellable = g_cancellable_new ();
  gtk_widget_add_css_class (GTK_WIDGET (self), IOC_WALL_CSS_CLASS);
}

static GtkWidget *
metric_button (const char *label,
               const char *metric,
               GtkWidget  *group)
{
  GtkWidget *b = gtk_toggle_button_new_with_label (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (b), "dossier.metric");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (b), "s", metric);
  gtk_widget_set_tooltip_text (b, _("Switch the measure (Ctrl+T)"));
  if (group != NULL)
    gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (b), GTK_TOGGLE_BUTTON (group));
  return b;
}

GtkWidget *
ioc_dossier_wall_new (IocModels *models)
{
  IocDossierWall *self = g_object_new (IOC_TYPE_DOSSIER_WALL, NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *head = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *switcher = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *side = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
  GtkWidget *panel, *first, *issue;
  GtkExpression *expr;

  self->models = g_object_ref (models);
  self->title = label_new (NULL, "wall-title");
  gtk_label_set_ellipsize (GTK_LABEL (self->title), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (self->title, TRUE);
  gtk_box_append (GTK_BOX (head), self->title);
  gtk_widget_add_css_class (switcher, "linked");
  gtk_widget_set_valign (switcher, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_end (switcher, 18);
  first = metric_button (_("Overdue"), METRIC_OVERDUE, NULL);
  gtk_box_append (GTK_BOX (switcher), first);
  gtk_box_append (GTK_BOX (switcher), metric_button (_("Online, not received in 8 h"), METRIC_ONLINE_8H, first));
  gtk_box_append (GTK_BOX (head), switcher);
  gtk_box_append (GTK_BOX (box), head);
  self->subtitle = label_new (NULL, "dim");
  gtk_widget_set_margin_start (self->subtitle, 18);
  gtk_box_append (GTK_BOX (box), self->subtitle);

  self->heatmap = ioc_heatmap_view_new ();
  gtk_widget_set_hexpand (self->heatmap, TRUE);
  gtk_widget_set_vexpand (self->heatmap, TRUE);
  gtk_widget_add_css_class (self->heatmap, "panel");
  gtk_box_append (GTK_BOX (row), self->heatmap);

  /* The ranking. */
  panel = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_add_css_class (panel, "panel");
  gtk_widget_add_css_class (panel, "compact");
  self->ranking_title = label_new (NULL, "panel-title");
  gtk_box_append (GTK_BOX (panel), self->ranking_title);
  self->ranking = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_box_append (GTK_BOX (panel), self->ranking);
  gtk_box_append (GTK_BOX (side), panel);

  /* The warning tickets. */
  panel = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_add_css_class (panel, "panel");
  gtk_widget_add_css_class (panel, "compact");
  gtk_widget_set_vexpand (panel, TRUE);
  self->tickets_title = label_new (NULL, "panel-title");
  gtk_box_append (GTK_BOX (panel), self->tickets_title);
  self->issue_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  expr = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  self->issue_dropdown = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->issue_names)), expr);
  gtk_drop_down_set_enable_search (GTK_DROP_DOWN (self->issue_dropdown), TRUE);
  ioc_drop_down_ellipsize (GTK_DROP_DOWN (self->issue_dropdown));
  gtk_widget_set_tooltip_text (self->issue_dropdown, _("Agency to warn (today's agencies, the worst first)"));
  g_signal_connect (self->issue_dropdown, "notify::selected", G_CALLBACK (on_issue_selected), self);
  gtk_box_append (GTK_BOX (self->issue_box), self->issue_dropdown);
  self->issue_reason = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->issue_reason), _("Reason for the warning ticket"));
  gtk_box_append (GTK_BOX (self->issue_box), self->issue_reason);
  issue = gtk_button_new_with_mnemonic (_("_Issue a warning ticket"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (issue), "ticket.issue");
  gtk_widget_set_halign (issue, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (self->issue_box), issue);
  gtk_box_append (GTK_BOX (panel), self->issue_box);
  self->feedback = label_new (NULL, "feedback");
  gtk_label_set_wrap (GTK_LABEL (self->feedback), TRUE);
  gtk_box_append (GTK_BOX (panel), self->feedback);
  self->tickets = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  {
    GtkWidget *scroll = gtk_scrolled_window_new ();
    gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroll), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), self->tickets);
    gtk_widget_set_vexpand (scroll, TRUE);
    gtk_box_append (GTK_BOX (panel), scroll);
  }
  gtk_box_append (GTK_BOX (side), panel);
  gtk_widget_set_size_request (side, 340, -1);
  {
    /* On a short monitor (720 lines) the column scrolls rather than making
     * the wall taller than its window, where the strip would cut it. */
    GtkWidget *scroll = gtk_scrolled_window_new ();
    gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroll), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
    gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroll), TRUE);
    gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (scroll), TRUE);
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), side);
    /* The ranking's names expand inside the column, not the column itself. */
    gtk_widget_set_hexpand (scroll, FALSE);
    gtk_box_append (GTK_BOX (row), scroll);
  }
  gtk_widget_set_vexpand (row, TRUE);
  g_object_set (row, "margin-start", 18, "margin-end", 18, "margin-bottom", 12, "margin-top", 6, NULL);
  gtk_box_append (GTK_BOX (box), row);

  self->root = box;
  gtk_widget_set_parent (box, GTK_WIDGET (self));
  g_signal_connect (models, "loaded", G_CALLBACK (on_loaded), self);
  g_signal_connect (models, "changed", G_CALLBACK (on_models_changed), self);
  if (!ioc_client_can_dispatch (ioc_models_get_client (models)))
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "ticket.issue", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "ticket.check", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "ticket.resolve", FALSE);
    }
  /* What IocModels has, at once; the server's heatmap replaces it. */
  apply_fallback (self);
  if (ioc_models_is_loaded (models))
    reload (self);
  return GTK_WIDGET (self);
}

void
ioc_dossier_wall_set_metric (IocDossierWall *self,
                             const char     *metric)
{
  const char *m = is_online_metric (metric) ? METRIC_ONLINE_8H : METRIC_OVERDUE;

  if (g_strcmp0 (self->metric, m) == 0)
    return;
  g_free (self->metric);
  self->metric = g_strdup (m);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_METRIC]);
  if (self->models != NULL)
    {
      if (self->heatmap_api != API_YES)
        apply_fallback (self);   /* no blank while the server answers */
      reload (self);
    }
}

const char *
ioc_dossier_wall_get_metric (IocDossierWall *self)
{
  return self->metric;
}

gboolean
ioc_dossier_wall_uses_heatmap_api (IocDossierWall *self)
{
  return self->heatmap_api == API_YES;
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

gboolean
ioc_dossier_wall_ticket_actions_visible (IocDossierWall *self)
{
  return gtk_widget_get_visible (self->issue_box);
}

gboolean
ioc_dossier_wall_issue_ticket (IocDossierWall *self,
                               const char     *unit_id,
                               const char     *reason)
{
  for (guint i = 0; i < self->issue_ids->len; i++)
    if (g_str_equal (g_ptr_array_index (self->issue_ids, i), unit_id))
      {
        gtk_drop_down_set_selected (GTK_DROP_DOWN (self->issue_dropdown), i);
        if (reason != NULL)
          gtk_editable_set_text (GTK_EDITABLE (self->issue_reason), reason);
        return gtk_widget_activate_action (GTK_WIDGET (self), "ticket.issue", NULL);
      }
  return FALSE;
}

const char *
ioc_dossier_wall_get_feedback (IocDossierWall *self)
{
  return gtk_label_get_text (GTK_LABEL (self->feedback));
}
