/* ioc-briefing-wall.c — see ioc-briefing-wall.h */
#include "config.h"

#include "ioc-briefing-wall-private.h"
#include "ioc-labels.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#define SETTINGS_ID "vn.gov.daklak.IocConsole"
#define DEFAULT_INTERVAL 20
#define REFRESH_DELAY_S 10     /* after an event, before fetching again */
#define POLL_S 60

G_DEFINE_FINAL_TYPE (IocBriefingWall, ioc_briefing_wall, GTK_TYPE_WIDGET)

/* What presentation mode pages through: a stack page, and for the charts
 * the view's own page. */
static const struct {
  const char *section;
  const char *page;
  int         sub;
} sequence[] = {
  { "field-reports", "field-reports", -1 },
  { "dossiers", "dossiers", -1 },
  { "cameras", "cameras", -1 },
  { "soc", "soc", -1 },
  { "indicators", "indicators", -1 },
  { "charts-1", "charts", 0 },
  { "charts-2", "charts", 1 },
  { "ranking", "ranking", -1 },
};

/* ---- figures access ------------------------------------------------------ */

static JsonNode *
member_at (JsonObject *o,
           const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonNode *n = NULL;

  for (guint i = 0; o != NULL && parts[i] != NULL; i++)
    {
      n = json_object_get_member (o, parts[i]);
      if (n == NULL)
        return NULL;
      if (parts[i + 1] != NULL)
        o = JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
    }
  return o != NULL ? n : NULL;
}

const char *
ioc_briefing_text (JsonObject *o,
                   const char *path)
{
  JsonNode *n = member_at (o, path);

  return n != NULL && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING
         ? json_node_get_string (n) : NULL;
}

JsonObject *
ioc_briefing_object (JsonObject *o,
                     const char *path)
{
  JsonNode *n = member_at (o, path);

  return n != NULL && JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
}

JsonArray *
ioc_briefing_array (JsonObject *o,
                    const char *path)
{
  JsonNode *n = member_at (o, path);

  return n != NULL && JSON_NODE_HOLDS_ARRAY (n) ? json_node_get_array (n) : NULL;
}

gboolean
ioc_briefing_int (JsonObject *o,
                  const char *path,
                  gint64     *out)
{
  JsonNode *n = member_at (o, path);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) == G_TYPE_STRING)
    return FALSE;
  *out = json_node_get_int (n);
  return TRUE;
}

char *
ioc_briefing_date (const char *iso)
{
  if (iso == NULL || strlen (iso) < 10)
    return g_strdup ("—");
  return g_strdup_printf ("%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
}

/* ---- the week ---------------------------------------------------------- */

static char *
monday_of (GDateTime *dt)
{
  g_autoptr(GDateTime) monday = g_date_time_add_days (dt, 1 - g_date_time_get_day_of_week (dt));

  return g_date_time_format (monday, "%Y-%m-%d");
}

static GDateTime *
parse_date (const char *date)
{
  GTimeZone *tz = ioc_province_time_zone ();
  int y, m, d;

  if (date == NULL || sscanf (date, "%4d-%2d-%2d", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
    return NULL;
  return g_date_time_new (tz, y, m, d, 0, 0, 0);
}

static char *
current_monday (void)
{
  GTimeZone *tz = ioc_province_time_zone ();
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);

  return monday_of (now);
}

static void
update_week_label (IocBriefingWall *self)
{
  g_autoptr(GDateTime) monday = parse_date (self->week);
  g_autoptr(GDateTime) sunday = monday != NULL ? g_date_time_add_days (monday, 6) : NULL;
  g_autofree char *from = monday != NULL ? g_date_time_format (monday, "%d/%m") : NULL;
  g_autofree char *to = sunday != NULL ? g_date_time_format (sunday, "%d/%m/%Y") : NULL;
  g_autofree char *text = NULL;

  if (monday == NULL)
    return;
  /* Translators: week number, year, first and last day: "Week 48, 2023 · 27/11 – 03/12/2023" */
  text = g_strdup_printf (_("Week %d, %d · %s – %s"), g_date_time_get_week_of_year (monday),
                          g_date_time_get_week_numbering_year (monday), from, to);
  gtk_label_set_text (GTK_LABEL (self->week_label), text);
}

/* ---- fetching the figures --------------------------------------------------- */

static void fetch (IocBriefingWall *self);

static void
set_fresh_text (IocBriefingWall *self,
                const char      *error_text)
{
  g_autofree char *when = ioc_format_time (ioc_briefing_text (self->figures, "computed_at"));
  g_autofree char *text = NULL;

  if (error_text != NULL)
    {
      /* Translators: the figures shown are older; %s is why the update failed */
      text = self->figures != NULL ? g_strdup_printf (_("Figures of %s — update failed: %s"), when, error_text)
                                   : g_strdup_printf (_("No figures: %s"), error_text);
      gtk_widget_add_css_class (self->fresh_label, "stale");
    }
  else if (self->figures != NULL)
    {
      /* Translators: %s is a date and time */
      text = g_strdup_printf (_("Figures computed %s"), when);
      gtk_widget_remove_css_class (self->fresh_label, "stale");
    }
  else
    text = g_strdup (_("Loading the figures…"));
  gtk_label_set_text (GTK_LABEL (self->fresh_label), text);
}

typedef struct {
  IocBriefingWall *self;
  char            *week;
} FetchData;

static void
on_figures (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  FetchData *fd = user_data;
  IocBriefingWall *self = fd->self;
  g_autofree char *week = fd->week;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ioc_client_request_finish (IOC_CLIENT (source), result, &error);

  g_free (fd);
  if (answer == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->fetching = FALSE;
  if (g_strcmp0 (week, self->week) != 0)
    {
      fetch (self);   /* the week changed meanwhile */
      return;
    }
  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    set_fresh_text (self, error != NULL ? error->message : _("unreadable answer"));
  else
    {
      g_clear_pointer (&self->figures, json_object_unref);
      self->figures = json_object_ref (json_node_get_object (answer));
      set_fresh_text (self, NULL);
      ioc_briefing_pages_update (self);
    }
  if (self->fetch_again)
    {
      self->fetch_again = FALSE;
      fetch (self);
    }
}

static void
fetch (IocBriefingWall *self)
{
  g_autofree char *path = NULL;
  FetchData *fd;

  if (self->fetching)
    {
      self->fetch_again = TRUE;
      return;
    }
  if (self->follow_now)
    {
      g_autofree char *now = current_monday ();
      if (g_strcmp0 (now, self->week) != 0)
        {
          g_free (self->week);
          self->week = g_steal_pointer (&now);
          update_week_label (self);
          ioc_briefing_reports_week_changed (self);
        }
    }
  path = g_strdup_printf ("/api/v1/briefing?week=%s", self->week);
  fd = g_new0 (FetchData, 1);
  fd->self = self;
  fd->week = g_strdup (self->week);
  self->fetching = TRUE;
  ioc_client_request_async (ioc_models_get_client (self->models), "GET", path, NULL, self->cancellable,
                            on_figures, fd);
}

void
ioc_briefing_wall_refresh (IocBriefingWall *self)
{
  fetch (self);
}

static gboolean
on_refresh_due (gpointer user_data)
{
  IocBriefingWall *self = user_data;

  self->refresh_id = 0;
  fetch (self);
  return G_SOURCE_REMOVE;
}

static gboolean
on_poll (gpointer user_data)
{
  fetch (user_data);
  return G_SOURCE_CONTINUE;
}

static void
on_event (IocClient  *client,
          const char *type,
          JsonObject *data,
          gpointer    user_data)
{
  IocBriefingWall *self = user_data;

  if (g_str_has_prefix (type, "weekly-report."))
    ioc_briefing_reports_refresh (self);
  /* Anything else may change a figure: fetch again once things settle
   * (iocd answers from its cache while nothing changed). */
  if (self->refresh_id == 0)
    self->refresh_id = g_timeout_add_seconds (REFRESH_DELAY_S, on_refresh_due, self);
}

static void
on_models_changed (IocModels  *models,
                   const char *collection,
                   gpointer    user_data)
{
  IocBriefingWall *self = user_data;

  if (g_str_equal (collection, "cameras") || g_str_equal (collection, "alerts") ||
      g_str_equal (collection, "sources"))
    ioc_briefing_pages_update_live (self);
}

static void
on_list_changed (GListModel *list,
                 guint       position,
                 guint       removed,
                 guint       added,
                 gpointer    user_data)
{
  ioc_briefing_pages_update_live (user_data);
}

static void
on_loaded (IocModels *models,
           gpointer   user_data)
{
  IocBriefingWall *self = user_data;

  fetch (self);
  ioc_briefing_reports_refresh (self);
  ioc_briefing_pages_update_live (self);
}

void
ioc_briefing_wall_set_week (IocBriefingWall *self,
                            const char      *date)
{
  g_autoptr(GDateTime) dt = date != NULL ? parse_date (date) : NULL;

  if (date != NULL && dt == NULL)
    return;
  g_free (self->week);
  self->follow_now = dt == NULL;
  self->week = dt != NULL ? monday_of (dt) : current_monday ();
  g_clear_pointer (&self->figures, json_object_unref);
  update_week_label (self);
  set_fresh_text (self, NULL);
  ioc_briefing_pages_update (self);
  ioc_briefing_reports_week_changed (self);
  if (ioc_models_is_loaded (self->models))
    fetch (self);
}

const char *
ioc_briefing_wall_get_week (IocBriefingWall *self)
{
  return self->week;
}

gboolean
ioc_briefing_wall_has_figures (IocBriefingWall *self)
{
  return self->figures != NULL && g_strcmp0 (ioc_briefing_text (self->figures, "week_start"), self->week) == 0;
}

static void
week_action (GtkWidget  *widget,
             const char *action,
             GVariant   *param)
{
  IocBriefingWall *self = IOC_BRIEFING_WALL (widget);
  const char *which = g_variant_get_string (param, NULL);
  g_autoptr(GDateTime) monday = parse_date (self->week);
  g_autoptr(GDateTime) other = NULL;
  g_autofree char *date = NULL;

  if (g_str_equal (which, "current") || monday == NULL)
    {
      ioc_briefing_wall_set_week (self, NULL);
      return;
    }
  other = g_date_time_add_days (monday, g_str_equal (which, "next") ? 7 : -7);
  date = g_date_time_format (other, "%Y-%m-%d");
  {
    g_autofree char *now = current_monday ();
    ioc_briefing_wall_set_week (self, g_strcmp0 (date, now) >= 0 ? NULL : date);
  }
}

/* ---- presentation -------------------------------------------------------------- */

static guint
seq_len (void)
{
  return G_N_ELEMENTS (sequence);
}

static void
show_sequence_page (IocBriefingWall *self)
{
  guint i = self->seq_index % seq_len ();
  GtkStackPage *page;
  g_autofree char *count = g_strdup_printf ("%u / %u", i + 1, seq_len ());

  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), sequence[i].page);
  if (sequence[i].sub >= 0)
    ioc_indicators_view_set_page (IOC_INDICATORS_VIEW (self->charts), (guint) sequence[i].sub);
  page = gtk_stack_get_page (GTK_STACK (self->stack), gtk_stack_get_visible_child (GTK_STACK (self->stack)));
  if (sequence[i].sub >= 0)
    {
      /* Translators: the indicator charts page and its part, "Indicator charts (1/2)" */
      g_autofree char *t = g_strdup_printf (_("%s (%d/%u)"), gtk_stack_page_get_title (page), sequence[i].sub + 1,
                                            ioc_indicators_view_get_n_pages (IOC_INDICATORS_VIEW (self->charts)));
      gtk_label_set_text (GTK_LABEL (self->present_title), t);
    }
  else
    gtk_label_set_text (GTK_LABEL (self->present_title), gtk_stack_page_get_title (page));
  gtk_label_set_text (GTK_LABEL (self->present_page), count);
  self->page_started = g_get_monotonic_time ();
  self->paused_elapsed = 0;
}

static void
update_present_state (IocBriefingWall *self)
{
  /* Translators: presentation running, a page every %u seconds */
  g_autofree char *text = self->paused ? g_strdup (_("⏸ Paused"))
                                       : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "▶ every %u second",
                                                                       "▶ every %u seconds", self->interval),
                                                          self->interval);

  gtk_label_set_text (GTK_LABEL (self->present_state), text);
  if (self->paused)
    gtk_widget_add_css_class (self->present_state, "paused");
  else
    gtk_widget_remove_css_class (self->present_state, "paused");
}

static gboolean
on_tick (gpointer user_data)
{
  IocBriefingWall *self = user_data;
  gint64 elapsed = self->paused ? self->paused_elapsed : g_get_monotonic_time () - self->page_started;
  double fraction = elapsed / (double) (self->interval * G_USEC_PER_SEC);

  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress), CLAMP (fraction, 0, 1));
  if (!self->paused && fraction >= 1)
    {
      self->seq_index = (self->seq_index + 1) % seq_len ();
      show_sequence_page (self);
    }
  return G_SOURCE_CONTINUE;
}

static guint
sequence_index_of_visible (IocBriefingWall *self)
{
  const char *page = gtk_stack_get_visible_child_name (GTK_STACK (self->stack));

  for (guint i = 0; i < seq_len (); i++)
    if (g_strcmp0 (sequence[i].page, page) == 0 &&
        (sequence[i].sub < 0 || (guint) sequence[i].sub == ioc_indicators_view_get_page (IOC_INDICATORS_VIEW (self->charts))))
      return i;
  return 0;
}

void
ioc_briefing_wall_start_presentation (IocBriefingWall *self)
{
  if (self->presenting)
    return;
  self->presenting = TRUE;
  self->paused = FALSE;
  self->seq_index = sequence_index_of_visible (self);
  gtk_widget_add_css_class (GTK_WIDGET (self), "presenting");
  gtk_widget_set_visible (self->controls, FALSE);
  gtk_widget_set_visible (self->switcher, FALSE);
  gtk_widget_set_visible (self->present_bar, TRUE);
  gtk_widget_set_visible (self->present_state, TRUE);
  gtk_widget_set_visible (self->present_page, TRUE);
  ioc_indicators_view_set_presenting (IOC_INDICATORS_VIEW (self->charts), TRUE);
  show_sequence_page (self);
  update_present_state (self);
  self->tick_id = g_timeout_add (200, on_tick, self);
}

void
ioc_briefing_wall_stop_presentation (IocBriefingWall *self)
{
  if (!self->presenting)
    return;
  self->presenting = FALSE;
  g_clear_handle_id (&self->tick_id, g_source_remove);
  gtk_widget_remove_css_class (GTK_WIDGET (self), "presenting");
  gtk_widget_set_visible (self->controls, TRUE);
  gtk_widget_set_visible (self->switcher, TRUE);
  gtk_widget_set_visible (self->present_bar, FALSE);
  gtk_widget_set_visible (self->present_state, FALSE);
  gtk_widget_set_visible (self->present_page, FALSE);
  gtk_label_set_text (GTK_LABEL (self->present_title), _("Leadership briefing"));
  ioc_indicators_view_set_presenting (IOC_INDICATORS_VIEW (self->charts), FALSE);
}

gboolean
ioc_briefing_wall_is_presenting (IocBriefingWall *self)
{
  return self->presenting;
}

gboolean
ioc_briefing_wall_is_paused (IocBriefingWall *self)
{
  return self->presenting && self->paused;
}

void
ioc_briefing_wall_next (IocBriefingWall *self)
{
  if (!self->presenting)
    return;
  self->seq_index = (self->seq_index + 1) % seq_len ();
  show_sequence_page (self);
}

void
ioc_briefing_wall_previous (IocBriefingWall *self)
{
  if (!self->presenting)
    return;
  self->seq_index = (self->seq_index + seq_len () - 1) % seq_len ();
  show_sequence_page (self);
}

void
ioc_briefing_wall_toggle_pause (IocBriefingWall *self)
{
  if (!self->presenting)
    return;
  if (self->paused)
    self->page_started = g_get_monotonic_time () - self->paused_elapsed;
  else
    self->paused_elapsed = g_get_monotonic_time () - self->page_started;
  self->paused = !self->paused;
  update_present_state (self);
}

void
ioc_briefing_wall_set_interval (IocBriefingWall *self,
                                guint            seconds)
{
  seconds = CLAMP (seconds, 5, 600);
  if (self->settings != NULL && g_settings_get_uint (self->settings, "briefing-interval") != seconds)
    g_settings_set_uint (self->settings, "briefing-interval", seconds);
  self->interval = seconds;
  if ((guint) gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->interval_spin)) != seconds)
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->interval_spin), seconds);
  if (self->presenting)
    update_present_state (self);
}

guint
ioc_briefing_wall_get_interval (IocBriefingWall *self)
{
  return self->interval;
}

const char *
ioc_briefing_wall_get_section (IocBriefingWall *self)
{
  if (self->presenting)
    return sequence[self->seq_index % seq_len ()].section;
  return gtk_stack_get_visible_child_name (GTK_STACK (self->stack));
}

void
ioc_briefing_wall_show_section (IocBriefingWall *self,
                                const char      *section)
{
  for (guint i = 0; i < seq_len (); i++)
    if (g_str_equal (sequence[i].section, section))
      {
        if (self->presenting)
          {
            self->seq_index = i;
            show_sequence_page (self);
          }
        else
          {
            gtk_stack_set_visible_child_name (GTK_STACK (self->stack), sequence[i].page);
            if (sequence[i].sub >= 0)
              ioc_indicators_view_set_page (IOC_INDICATORS_VIEW (self->charts), (guint) sequence[i].sub);
          }
        return;
      }
  if (gtk_stack_get_child_by_name (GTK_STACK (self->stack), section) != NULL)
    gtk_stack_set_visible_child_name (GTK_STACK (self->stack), section);
}

static void
on_interval_changed (GtkSpinButton *spin,
                     gpointer       user_data)
{
  ioc_briefing_wall_set_interval (user_data, (guint) gtk_spin_button_get_value_as_int (spin));
}

static void
on_setting_changed (GSettings  *settings,
                    const char *key,
                    gpointer    user_data)
{
  IocBriefingWall *self = user_data;
  guint v = g_settings_get_uint (settings, key);

  if (v != self->interval)
    ioc_briefing_wall_set_interval (self, v);
}

static void
present_action (GtkWidget  *widget,
                const char *action,
                GVariant   *param)
{
  IocBriefingWall *self = IOC_BRIEFING_WALL (widget);

  if (self->presenting)
    ioc_briefing_wall_stop_presentation (self);
  else
    ioc_briefing_wall_start_presentation (self);
}

static void
page_action (GtkWidget  *widget,
             const char *action,
             GVariant   *param)
{
  IocBriefingWall *self = IOC_BRIEFING_WALL (widget);

  if (g_str_equal (action, "briefing.next"))
    ioc_briefing_wall_next (self);
  else if (g_str_equal (action, "briefing.previous"))
    ioc_briefing_wall_previous (self);
  else if (g_str_equal (action, "briefing.pause"))
    ioc_briefing_wall_toggle_pause (self);
  else if (g_str_equal (action, "briefing.stop"))
    ioc_briefing_wall_stop_presentation (self);
}

/* Keys work wherever the focus is in the window, but only while this
 * wall is the one shown and (but for F5) presenting: otherwise they go on
 * to the focused widget (the report editor types Space and arrows). */
static gboolean
on_key (GtkWidget *widget,
        GVariant  *args,
        gpointer   user_data)
{
  IocBriefingWall *self = IOC_BRIEFING_WALL (widget);
  const char *what = user_data;

  if (!gtk_widget_get_mapped (widget))
    return FALSE;
  if (g_str_equal (what, "present"))
    {
      present_action (widget, "briefing.present", NULL);
      return TRUE;
    }
  if (!self->presenting)
    return FALSE;
  if (g_str_equal (what, "next"))
    ioc_briefing_wall_next (self);
  else if (g_str_equal (what, "previous"))
    ioc_briefing_wall_previous (self);
  else if (g_str_equal (what, "pause"))
    ioc_briefing_wall_toggle_pause (self);
  else if (g_str_equal (what, "stop"))
    ioc_briefing_wall_stop_presentation (self);
  return TRUE;
}

static void
add_key (GtkEventController *controller,
         guint               keyval,
         const char         *what)
{
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (keyval, 0),
                                                          gtk_callback_action_new (on_key, (gpointer) what, NULL)));
}

/* ---- widget ------------------------------------------------------------------------ */

static GtkWidget *
icon_button (const char *icon,
             const char *tooltip,
             const char *action,
             GVariant   *target)
{
  GtkWidget *b = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (b, tooltip);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (b), action);
  if (target != NULL)
    gtk_actionable_set_action_target_value (GTK_ACTIONABLE (b), target);
  return b;
}

/* One row: the title (the section's while presenting), the week and how
 * fresh the figures are, then the controls — or, while presenting, the
 * state and the page; a thin bar under it counts the page's time. */
static void
build_header (IocBriefingWall *self)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
  GtkWidget *week_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *present = gtk_button_new_with_label (_("▶ Present"));
  GtkWidget *every = gtk_label_new (_("Page every"));
  GtkWidget *seconds = gtk_label_new (_("s"));

  gtk_widget_add_css_class (row, "briefing-header");
  self->present_title = gtk_label_new (_("Leadership briefing"));
  gtk_widget_add_css_class (self->present_title, "wall-title");
  gtk_label_set_xalign (GTK_LABEL (self->present_title), 0);
  gtk_box_append (GTK_BOX (row), self->present_title);

  self->week_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->week_label, "briefing-week");
  gtk_label_set_xalign (GTK_LABEL (self->week_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (self->week_label), PANGO_ELLIPSIZE_END);
  self->fresh_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->fresh_label, "briefing-fresh");
  gtk_label_set_xalign (GTK_LABEL (self->fresh_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (self->fresh_label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (week_box), self->week_label);
  gtk_box_append (GTK_BOX (week_box), self->fresh_label);
  gtk_widget_set_valign (week_box, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (week_box, TRUE);
  gtk_box_append (GTK_BOX (row), week_box);

  self->controls = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_valign (self->controls, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (self->controls),
                  icon_button ("go-previous-symbolic", _("Previous week"), "briefing.week", g_variant_new_string ("previous")));
  {
    GtkWidget *b = gtk_button_new_with_label (_("This week"));
    gtk_actionable_set_action_name (GTK_ACTIONABLE (b), "briefing.week");
    gtk_actionable_set_action_target_value (GTK_ACTIONABLE (b), g_variant_new_string ("current"));
    gtk_box_append (GTK_BOX (self->controls), b);
  }
  gtk_box_append (GTK_BOX (self->controls),
                  icon_button ("go-next-symbolic", _("Next week"), "briefing.week", g_variant_new_string ("next")));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (present), "briefing.present");
  gtk_widget_set_tooltip_text (present, _("Page through the sections on a timer (F5). "
                                          "Space pauses, ← and → change page, Esc stops."));
  gtk_widget_add_css_class (present, "suggested-action");
  gtk_widget_set_margin_start (present, 12);
  gtk_box_append (GTK_BOX (self->controls), present);
  {
    GtkWidget *menu = gtk_menu_button_new ();
    GtkWidget *popover = gtk_popover_new ();
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);

    gtk_box_append (GTK_BOX (box), every);
    self->interval_spin = gtk_spin_button_new_with_range (5, 600, 5);
    gtk_widget_set_tooltip_text (self->interval_spin, _("Seconds each page stays on screen when presenting"));
    gtk_box_append (GTK_BOX (box), self->interval_spin);
    gtk_box_append (GTK_BOX (box), seconds);
    gtk_popover_set_child (GTK_POPOVER (popover), box);
    gtk_menu_button_set_popover (GTK_MENU_BUTTON (menu), popover);
    gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu), "preferences-system-time-symbolic");
    gtk_widget_set_tooltip_text (menu, _("Presentation timer"));
    gtk_box_append (GTK_BOX (self->controls), menu);
  }
  gtk_box_append (GTK_BOX (row), self->controls);

  self->present_state = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->present_state, "present-state");
  gtk_label_set_ellipsize (GTK_LABEL (self->present_state), PANGO_ELLIPSIZE_END);
  gtk_widget_set_valign (self->present_state, GTK_ALIGN_CENTER);
  self->present_page = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->present_page, "present-page");
  gtk_widget_set_valign (self->present_page, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (row), self->present_state);
  gtk_box_append (GTK_BOX (row), self->present_page);
  gtk_widget_set_visible (self->present_state, FALSE);
  gtk_widget_set_visible (self->present_page, FALSE);
  gtk_box_append (GTK_BOX (self->root), row);

  self->progress = gtk_progress_bar_new ();
  gtk_widget_add_css_class (self->progress, "present-progress");
  gtk_widget_set_margin_start (self->progress, 18);
  gtk_widget_set_margin_end (self->progress, 18);
  self->present_bar = self->progress;
  gtk_widget_set_visible (self->present_bar, FALSE);
  gtk_box_append (GTK_BOX (self->root), self->present_bar);
}

static void
ioc_briefing_wall_dispose (GObject *object)
{
  IocBriefingWall *self = IOC_BRIEFING_WALL (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_handle_id (&self->poll_id, g_source_remove);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->models != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->models, self);
      g_signal_handlers_disconnect_by_data (ioc_models_get_client (self->models), self);
      g_signal_handlers_disconnect_by_data (ioc_models_get_cameras (self->models), self);
      g_signal_handlers_disconnect_by_data (ioc_models_get_alerts (self->models), self);
    }
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->root, gtk_widget_unparent);
  g_clear_object (&self->models);
  g_clear_pointer (&self->tiles, g_hash_table_unref);
  g_clear_pointer (&self->section_notes, g_hash_table_unref);
  g_clear_pointer (&self->figures, json_object_unref);
  g_clear_pointer (&self->reports, json_array_unref);
  g_clear_pointer (&self->week, g_free);
  g_clear_pointer (&self->texts_week, g_free);
  G_OBJECT_CLASS (ioc_briefing_wall_parent_class)->dispose (object);
}

static void
ioc_briefing_wall_class_init (IocBriefingWallClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ioc_briefing_wall_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "briefingwall");
  gtk_widget_class_install_action (widget_class, "briefing.present", NULL, present_action);
  gtk_widget_class_install_action (widget_class, "briefing.next", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "briefing.previous", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "briefing.pause", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "briefing.stop", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "briefing.week", "s", week_action);
  ioc_briefing_reports_install_actions (widget_class);
}

static void
ioc_briefing_wall_init (IocBriefingWall *self)
{
  GtkEventController *keys = gtk_shortcut_controller_new ();

  self->cancellable = g_cancellable_new ();
  self->tiles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->section_notes = g_hash_table_new (g_str_hash, g_str_equal);
  self->interval = DEFAULT_INTERVAL;
  gtk_widget_add_css_class (GTK_WIDGET (self), "wall");
  gtk_widget_add_css_class (GTK_WIDGET (self), "briefing");
  /* Managed: the window runs them wherever the focus is; in the capture
   * phase, so that a focused button does not take Space or the arrows
   * while presenting. */
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (keys), GTK_SHORTCUT_SCOPE_MANAGED);
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  add_key (keys, GDK_KEY_F5, "present");
  add_key (keys, GDK_KEY_space, "pause");
  add_key (keys, GDK_KEY_Right, "next");
  add_key (keys, GDK_KEY_Page_Down, "next");
  add_key (keys, GDK_KEY_Left, "previous");
  add_key (keys, GDK_KEY_Page_Up, "previous");
  add_key (keys, GDK_KEY_Escape, "stop");
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}

GtkWidget *
ioc_briefing_wall_new (IocModels *models)
{
  IocBriefingWall *self = g_object_new (IOC_TYPE_BRIEFING_WALL, NULL);
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source != NULL ? g_settings_schema_source_lookup (source, SETTINGS_ID, TRUE) : NULL;
  IocClient *client = ioc_models_get_client (models);

  self->models = g_object_ref (models);
  if (schema != NULL && g_settings_schema_has_key (schema, "briefing-interval"))
    {
      self->settings = g_settings_new (SETTINGS_ID);
      self->interval = CLAMP (g_settings_get_uint (self->settings, "briefing-interval"), 5, 600);
      g_signal_connect (self->settings, "changed::briefing-interval", G_CALLBACK (on_setting_changed), self);
    }

  self->root = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  build_header (self);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->interval_spin), self->interval);
  g_signal_connect (self->interval_spin, "value-changed", G_CALLBACK (on_interval_changed), self);

  self->stack = gtk_stack_new ();
  /* Each page fits the screen on its own: neither the tallest page sets
   * the height of all, nor a page measured at its smallest height (its
   * wrapped labels on one line) the width. */
  gtk_stack_set_vhomogeneous (GTK_STACK (self->stack), FALSE);
  gtk_stack_set_hhomogeneous (GTK_STACK (self->stack), FALSE);
  gtk_stack_set_transition_type (GTK_STACK (self->stack), GTK_STACK_TRANSITION_TYPE_CROSSFADE);
  gtk_widget_set_vexpand (self->stack, TRUE);
  self->switcher = gtk_stack_switcher_new ();
  gtk_stack_switcher_set_stack (GTK_STACK_SWITCHER (self->switcher), GTK_STACK (self->stack));
  gtk_widget_add_css_class (self->switcher, "briefing-tabs");
  gtk_widget_set_margin_start (self->switcher, 18);
  gtk_widget_set_margin_end (self->switcher, 18);
  gtk_box_append (GTK_BOX (self->root), self->switcher);
  gtk_box_append (GTK_BOX (self->root), self->stack);
  ioc_briefing_pages_build (self);
  gtk_stack_add_titled (GTK_STACK (self->stack), ioc_briefing_reports_page_new (self), "weekly-report",
                        _("Weekly report"));
  gtk_widget_set_parent (self->root, GTK_WIDGET (self));

  self->follow_now = TRUE;
  self->week = current_monday ();
  update_week_label (self);
  set_fresh_text (self, NULL);
  ioc_briefing_pages_update (self);
  ioc_briefing_reports_week_changed (self);

  g_signal_connect (models, "loaded", G_CALLBACK (on_loaded), self);
  g_signal_connect (models, "changed", G_CALLBACK (on_models_changed), self);
  g_signal_connect (client, "event", G_CALLBACK (on_event), self);
  g_signal_connect (ioc_models_get_cameras (models), "items-changed", G_CALLBACK (on_list_changed), self);
  g_signal_connect (ioc_models_get_alerts (models), "items-changed", G_CALLBACK (on_list_changed), self);
  self->poll_id = g_timeout_add_seconds (POLL_S, on_poll, self);
  if (ioc_models_is_loaded (models))
    on_loaded (models, self);
  return GTK_WIDGET (self);
}

/* ---- tests ---------------------------------------------------------------------- */

const char *
ioc_briefing_wall_get_tile_text (IocBriefingWall *self,
                                 const char      *key)
{
  IocTile *t = g_hash_table_lookup (self->tiles, key);

  return t != NULL ? gtk_label_get_text (GTK_LABEL (t->value)) : NULL;
}

guint
ioc_briefing_wall_get_tile_trend (IocBriefingWall *self,
                                  const char      *key)
{
  IocTile *t = g_hash_table_lookup (self->tiles, key);

  return t != NULL && t->spark != NULL && gtk_widget_get_visible (t->spark)
         ? ioc_sparkline_get_n_values (IOC_SPARKLINE (t->spark)) : 0;
}

guint
ioc_briefing_wall_count_ranked (IocBriefingWall *self,
                                gboolean         praise)
{
  return praise ? self->n_praise : self->n_criticise;
}

GtkWidget *
ioc_briefing_wall_get_indicators_view (IocBriefingWall *self)
{
  return self->charts;
}
