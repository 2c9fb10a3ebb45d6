/* ioc-status-strip.c — see ioc-status-strip.h */
#include "config.h"

#include "ioc-status-strip.h"
#include "ioc-labels.h"

#include <glib/gi18n.h>

struct _IocStatusStrip
{
  GtkWidget   parent_instance;
  IocModels  *models;
  GtkWidget  *box;
  GtkWidget  *connection;
  GtkWidget  *sources;      /* GtkFlowBox of chips */
  GtkWidget  *user;
  GtkWidget  *clock;
  GHashTable *chips;        /* source name → chip GtkBox (owned by the flow box) */
  guint       tick_id;
};

G_DEFINE_FINAL_TYPE (IocStatusStrip, ioc_status_strip, GTK_TYPE_WIDGET)

char *
ioc_format_age (gint64 seconds)
{
  gint64 n;

  if (seconds < 60)
    return g_strdup (_("just now"));
  if (seconds < 3600)
    {
      n = seconds / 60;
      /* Translators: an age, in minutes */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d min ago", "%d min ago", (gulong) n), (int) n);
    }
  if (seconds < 48 * 3600)
    {
      n = seconds / 3600;
      /* Translators: an age, in hours */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d h ago", "%d h ago", (gulong) n), (int) n);
    }
  n = seconds / 86400;
  /* Translators: an age, in days */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago", (gulong) n), (int) n);
}

/* ---- connection --------------------------------------------------------- */

static void
update_connection (IocStatusStrip *self)
{
  IocClient *client = ioc_models_get_client (self->models);
  g_autofree char *text = NULL;
  const char *css = "connected";
  guint retry = ioc_client_get_retry_in (client);

  switch (ioc_client_get_state (client))
    {
    case IOC_CLIENT_CONNECTED:
      text = g_strdup_printf ("● %s", _("Connected"));
      break;
    case IOC_CLIENT_CONNECTING:
      text = g_strdup_printf ("● %s", _("Connecting…"));
      css = "reconnecting";
      break;
    case IOC_CLIENT_RECONNECTING:
      /* Translators: %u is a number of seconds */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "● Connection lost — reconnecting in %u second",
                                           "● Connection lost — reconnecting in %u seconds", retry),
                              retry);
      css = "reconnecting";
      break;
    case IOC_CLIENT_OFFLINE:
    default:
      text = g_strdup_printf ("● %s", _("Offline"));
      css = "offline";
      break;
    }
  gtk_label_set_text (GTK_LABEL (self->connection), text);
  gtk_widget_set_css_classes (self->connection, (const char *[]) { "connection", css, NULL });
  /* The whole strip turns amber: the room sees it from across. */
  if (g_str_equal (css, "connected"))
    gtk_widget_remove_css_class (self->box, "alert");
  else
    gtk_widget_add_css_class (self->box, "alert");
}

static void
on_client_notify (GObject    *client,
                  GParamSpec *pspec,
                  gpointer    user_data)
{
  update_connection (user_data);
}

/* ---- sources ------------------------------------------------------------ */

static GtkWidget *
chip_new (void)
{
  GtkWidget *chip = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *dot = gtk_label_new (NULL);
  GtkWidget *text = gtk_label_new (NULL);

  /* One line of chips that shrink (the tooltip has the whole story). */
  gtk_label_set_ellipsize (GTK_LABEL (text), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (text), 6);
  gtk_widget_add_css_class (chip, "source-chip");
  gtk_widget_add_css_class (dot, "dot");
  gtk_box_append (GTK_BOX (chip), dot);
  gtk_box_append (GTK_BOX (chip), text);
  return chip;
}

static void
fill_chip (IocStatusStrip *self,
           GtkWidget      *chip,
           IocRecord      *s,
           gint64          now)
{
  GtkWidget *dot = gtk_widget_get_first_child (chip);
  GtkWidget *label = gtk_widget_get_next_sibling (dot);
  const char *name = ioc_source_label (ioc_record_get_string (s, "name"));
  const char *when = ioc_record_get_string (s, "last_update");
  const char *detail = ioc_record_get_string (s, "detail");
  gint64 interval = ioc_record_get_int (s, "expected_interval", 0);
  g_autoptr(GDateTime) t = when != NULL ? g_date_time_new_from_iso8601 (when, NULL) : NULL;
  g_autofree char *text = NULL;
  g_autofree char *tip = NULL;
  const char *state;

  if (t == NULL)
    {
      /* Translators: a data source that has sent nothing yet (the tooltip
       * says so in words) */
      text = g_strdup_printf (_("%s · —"), name);
      state = "never";
      gtk_label_set_text (GTK_LABEL (dot), "○");
      tip = g_strdup_printf ("%s\n%s", detail != NULL ? detail : name, _("This source has not reported yet."));
    }
  else
    {
      gint64 age = MAX (0, now - g_date_time_to_unix (t));
      g_autofree char *ago = ioc_format_age (age);
      g_autofree char *abs = ioc_format_time (when);
      /* Stale when iocd says so, or when it has been silent past its
       * expected interval while this console could not hear iocd. */
      gboolean stale = ioc_record_get_bool (s, "stale") || (interval > 0 && age > interval);

      if (stale)
        {
          /* Translators: a data source silent for longer than expected
           * (shown with a warning sign and in amber), and since when */
          text = g_strdup_printf (_("%s · %s"), name, ago);
          state = "stale";
          gtk_label_set_text (GTK_LABEL (dot), "⚠");
        }
      else
        {
          text = g_strdup_printf ("%s · %s", name, ago);
          state = "fresh";
          gtk_label_set_text (GTK_LABEL (dot), "●");
        }
      if (interval > 0)
        {
          /* Translators: tooltip of a source: its description, last update,
           * and how often it is expected to report */
          tip = g_strdup_printf (_("%s\nLast update: %s\nExpected at least every %d min"),
                                 detail != NULL ? detail : name, abs, (int) (interval / 60));
          if (stale)
            {
              g_autofree char *plain = g_steal_pointer (&tip);
              tip = g_strdup_printf ("%s\n%s", plain, _("Stale: silent for longer than expected."));
            }
        }
      else
        tip = g_strdup_printf (_("%s\nLast update: %s"), detail != NULL ? detail : name, abs);
    }
  if (g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), text) != 0)
    gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_set_tooltip_text (chip, tip);
  gtk_widget_set_css_classes (chip, (const char *[]) { "source-chip", state, NULL });
}

static void
refresh_sources (IocStatusStrip *self)
{
  GListModel *sources = G_LIST_MODEL (ioc_models_get_sources (self->models));
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  for (guint i = 0; i < g_list_model_get_n_items (sources); i++)
    {
      g_autoptr(IocRecord) s = g_list_model_get_item (sources, i);
      GtkWidget *chip = g_hash_table_lookup (self->chips, ioc_record_get_id (s));
      if (chip != NULL)
        fill_chip (self, chip, s, now);
    }
}

static void
rebuild_sources (IocStatusStrip *self)
{
  GListModel *sources = G_LIST_MODEL (ioc_models_get_sources (self->models));
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->sources)) != NULL)
    gtk_flow_box_remove (GTK_FLOW_BOX (self->sources), child);
  g_hash_table_remove_all (self->chips);
  for (guint i = 0; i < g_list_model_get_n_items (sources); i++)
    {
      g_autoptr(IocRecord) s = g_list_model_get_item (sources, i);
      GtkWidget *chip = chip_new ();

      gtk_flow_box_append (GTK_FLOW_BOX (self->sources), chip);
      gtk_widget_set_focusable (gtk_widget_get_parent (chip), FALSE);
      g_hash_table_replace (self->chips, g_strdup (ioc_record_get_id (s)), chip);
    }
  refresh_sources (self);
}

static void
on_sources_items (GListModel *list,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  rebuild_sources (user_data);
}

static void
on_models_changed (IocModels  *models,
                   const char *collection,
                   gpointer    user_data)
{
  /* A source event updated a row in place. */
  if (g_str_equal (collection, "sources"))
    refresh_sources (user_data);
}

/* ---- clock -------------------------------------------------------------- */

static gboolean
on_tick (gpointer user_data)
{
  IocStatusStrip *self = user_data;
  g_autoptr(GDateTime) now = ioc_province_now ();
  g_autofree char *text = g_date_time_format (now, "%H:%M:%S  %d/%m/%Y");

  gtk_label_set_text (GTK_LABEL (self->clock), text);
  refresh_sources (self);
  return G_SOURCE_CONTINUE;
}

/* ---- GObject ------------------------------------------------------------ */

static void
ioc_status_strip_dispose (GObject *object)
{
  IocStatusStrip *self = IOC_STATUS_STRIP (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->models != NULL)
    {
      g_signal_handlers_disconnect_by_data (ioc_models_get_client (self->models), self);
      g_signal_handlers_disconnect_by_data (ioc_models_get_sources (self->models), self);
      g_signal_handlers_disconnect_by_data (self->models, self);
    }
  g_clear_pointer (&self->chips, g_hash_table_unref);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->models);
  G_OBJECT_CLASS (ioc_status_strip_parent_class)->dispose (object);
}

static void
ioc_status_strip_class_init (IocStatusStripClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ioc_status_strip_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "statusstrip");
}

static void
ioc_status_strip_init (IocStatusStrip *self)
{
  self->chips = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);
  gtk_widget_add_css_class (self->box, "status-strip");
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->connection = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->connection), 0);
  gtk_widget_set_valign (self->connection, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (self->box), self->connection);

  self->sources = gtk_flow_box_new ();
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (self->sources), GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (self->sources), FALSE);
  /* At most two rows of chips, never a column. */
  gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (self->sources), 3);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (self->sources), 8);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (self->sources), 20);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (self->sources), 0);
  gtk_widget_set_can_focus (self->sources, FALSE);
  gtk_widget_set_hexpand (self->sources, TRUE);
  gtk_widget_set_valign (self->sources, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (self->box), self->sources);

  self->user = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->user, "dim-label");
  gtk_widget_set_valign (self->user, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (self->box), self->user);

  self->clock = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->clock, "clock");
  gtk_widget_set_valign (self->clock, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (self->box), self->clock);
}

static const char *
role_label (const char *role)
{
  if (g_strcmp0 (role, "duty") == 0) return _("duty staff");
  if (g_strcmp0 (role, "supervisor") == 0) return _("supervisor");
  if (g_strcmp0 (role, "leader") == 0) return _("leadership");
  return _("administrator");
}

GtkWidget *
ioc_status_strip_new (IocModels *models)
{
  IocStatusStrip *self = g_object_new (IOC_TYPE_STATUS_STRIP, NULL);
  IocClient *client = ioc_models_get_client (models);
  g_autofree char *user = NULL;

  self->models = g_object_ref (models);
  /* Translators: the signed-in user and their role */
  user = g_strdup_printf (_("%s (%s)"), ioc_client_get_user_name (client) ?: "",
                          role_label (ioc_client_get_role (client)));
  gtk_label_set_text (GTK_LABEL (self->user), user);
  g_signal_connect (client, "notify::state", G_CALLBACK (on_client_notify), self);
  g_signal_connect (client, "notify::retry-in", G_CALLBACK (on_client_notify), self);
  g_signal_connect (ioc_models_get_sources (models), "items-changed", G_CALLBACK (on_sources_items), self);
  g_signal_connect (models, "changed", G_CALLBACK (on_models_changed), self);
  update_connection (self);
  rebuild_sources (self);
  on_tick (self);
  self->tick_id = g_timeout_add_seconds (1, on_tick, self);
  return GTK_WIDGET (self);
}

const char *
ioc_status_strip_get_connection_text (IocStatusStrip *self)
{
  return gtk_label_get_text (GTK_LABEL (self->connection));
}

guint
ioc_status_strip_get_n_sources (IocStatusStrip *self)
{
  return g_hash_table_size (self->chips);
}

const char *
ioc_status_strip_get_source_text (IocStatusStrip *self,
                                  const char     *source)
{
  GtkWidget *chip = g_hash_table_lookup (self->chips, source);

  if (chip == NULL)
    return NULL;
  return gtk_label_get_text (GTK_LABEL (gtk_widget_get_last_child (chip)));
}
