/* ioc-window.c — see ioc-window.h */
#include "config.h"

#include "ioc-window.h"
#include "ioc-camera-wall.h"
#include "ioc-dossier-wall.h"
#include "ioc-labels.h"
#include "ioc-map-wall.h"
#include "ioc-soc-wall.h"

#include <glib/gi18n.h>

const char *const ioc_wall_names[] = { "map", "soc", "dossiers", "cameras", "briefing", NULL };

struct _IocWindow
{
  GtkApplicationWindow parent_instance;
  IocModels *models;
  char      *monitor_key;
  /* template */
  GtkWidget *header;
  GtkWidget *walls;
  GtkWidget *connection_label;
  GtkWidget *sources_box;
  GtkWidget *user_label;
  GtkWidget *clock_label;
  guint      clock_id;
};

G_DEFINE_FINAL_TYPE (IocWindow, ioc_window, GTK_TYPE_APPLICATION_WINDOW)

const char *
ioc_wall_title (const char *name)
{
  if (g_strcmp0 (name, "map") == 0) return _("Map");
  if (g_strcmp0 (name, "soc") == 0) return _("SOC");
  if (g_strcmp0 (name, "dossiers") == 0) return _("Dossiers");
  if (g_strcmp0 (name, "cameras") == 0) return _("Cameras");
  if (g_strcmp0 (name, "briefing") == 0) return _("Briefing");
  return name;
}

static GtkWidget *
placeholder (const char *text)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *l = gtk_label_new (text);

  gtk_widget_add_css_class (box, "wall");
  gtk_widget_add_css_class (l, "placeholder");
  gtk_label_set_wrap (GTK_LABEL (l), TRUE);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), l);
  return box;
}

static void
update_connection (IocWindow *self)
{
  IocClient *client = ioc_models_get_client (self->models);
  g_autofree char *text = NULL;
  const char *css = "connected";

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
                                           "● Connection lost — reconnecting in %u seconds",
                                           ioc_client_get_retry_in (client)),
                              ioc_client_get_retry_in (client));
      css = "reconnecting";
      break;
    case IOC_CLIENT_OFFLINE:
    default:
      text = g_strdup_printf ("● %s", _("Offline"));
      css = "offline";
      break;
    }
  gtk_label_set_text (GTK_LABEL (self->connection_label), text);
  gtk_widget_set_css_classes (self->connection_label, (const char *[]) { "connection", css, NULL });
}

static void
update_sources (IocWindow *self)
{
  IocRecordList *sources = ioc_models_get_sources (self->models);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (sources));
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->sources_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->sources_box), child);
  if (n == 0)
    {
      GtkWidget *l = gtk_label_new (_("No source has reported yet"));
      gtk_widget_add_css_class (l, "source-fresh");
      gtk_box_append (GTK_BOX (self->sources_box), l);
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(IocRecord) s = g_list_model_get_item (G_LIST_MODEL (sources), i);
      gboolean stale = ioc_record_get_bool (s, "stale");
      g_autofree char *when = ioc_format_time (ioc_record_get_string (s, "last_update"));
      g_autofree char *text = g_strdup_printf ("%s %s%s", ioc_source_label (ioc_record_get_string (s, "name")),
                                               when, stale ? _(" (stale)") : "");
      GtkWidget *l = gtk_label_new (text);
      gtk_widget_add_css_class (l, stale ? "source-stale" : "source-fresh");
      gtk_box_append (GTK_BOX (self->sources_box), l);
    }
}

static gboolean
on_clock (gpointer user_data)
{
  IocWindow *self = user_data;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *text = g_date_time_format (now, "%H:%M:%S  %d/%m/%Y");

  gtk_label_set_text (GTK_LABEL (self->clock_label), text);
  return G_SOURCE_CONTINUE;
}

static void
on_client_notify (GObject    *client,
                  GParamSpec *pspec,
                  gpointer    user_data)
{
  update_connection (user_data);
}

static void
on_models_changed (IocModels  *models,
                   const char *collection,
                   gpointer    user_data)
{
  if (g_str_equal (collection, "sources"))
    update_sources (user_data);
}

static void
show_wall_action (GtkWidget  *widget,
                  const char *action,
                  GVariant   *param)
{
  ioc_window_show_wall (IOC_WINDOW (widget), g_variant_get_string (param, NULL));
}

static void
fullscreen_action (GtkWidget  *widget,
                   const char *action,
                   GVariant   *param)
{
  if (gtk_window_is_fullscreen (GTK_WINDOW (widget)))
    gtk_window_unfullscreen (GTK_WINDOW (widget));
  else
    gtk_window_fullscreen (GTK_WINDOW (widget));
}

static void
search_action (GtkWidget  *widget,
               const char *action,
               GVariant   *param)
{
  IocWindow *self = IOC_WINDOW (widget);
  GtkWidget *map = ioc_window_get_wall_widget (self, "map");

  if (map == NULL)
    return;
  ioc_window_show_wall (self, "map");
  ioc_map_wall_focus_search (IOC_MAP_WALL (map));
}

static void
ioc_window_dispose (GObject *object)
{
  IocWindow *self = IOC_WINDOW (object);

  g_clear_handle_id (&self->clock_id, g_source_remove);
  if (self->models != NULL)
    {
      g_signal_handlers_disconnect_by_data (ioc_models_get_client (self->models), self);
      g_signal_handlers_disconnect_by_data (self->models, self);
      g_signal_handlers_disconnect_by_data (ioc_models_get_sources (self->models), self);
    }
  g_clear_object (&self->models);
  g_clear_pointer (&self->monitor_key, g_free);
  /* GtkWindow's own dispose takes down its child and title bar. */
  G_OBJECT_CLASS (ioc_window_parent_class)->dispose (object);
}

static void
ioc_window_class_init (IocWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ioc_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/gov/daklak/IocConsole/ioc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, IocWindow, header);
  gtk_widget_class_bind_template_child (widget_class, IocWindow, walls);
  gtk_widget_class_bind_template_child (widget_class, IocWindow, connection_label);
  gtk_widget_class_bind_template_child (widget_class, IocWindow, sources_box);
  gtk_widget_class_bind_template_child (widget_class, IocWindow, user_label);
  gtk_widget_class_bind_template_child (widget_class, IocWindow, clock_label);

  gtk_widget_class_install_action (widget_class, "win.show-wall", "s", show_wall_action);
  gtk_widget_class_install_action (widget_class, "win.fullscreen", NULL, fullscreen_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  for (guint i = 0; ioc_wall_names[i] != NULL; i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK, "win.show-wall", "s", ioc_wall_names[i]);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "win.fullscreen", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
}

static void
ioc_window_init (IocWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_add_css_class (GTK_WIDGET (self), "ioc");
}

static void
on_sources_items (GListModel *list,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  update_sources (user_data);
}

IocWindow *
ioc_window_new (GtkApplication *app,
                IocModels      *models,
                gboolean        windowed)
{
  IocWindow *self = g_object_new (IOC_TYPE_WINDOW, "application", app, NULL);
  IocClient *client = ioc_models_get_client (models);
  g_autofree char *user = NULL;

  self->models = g_object_ref (models);
  gtk_stack_add_titled (GTK_STACK (self->walls), ioc_map_wall_new (models), "map", ioc_wall_title ("map"));
  gtk_stack_add_titled (GTK_STACK (self->walls), ioc_soc_wall_new (models), "soc", ioc_wall_title ("soc"));
  gtk_stack_add_titled (GTK_STACK (self->walls), ioc_dossier_wall_new (models), "dossiers", ioc_wall_title ("dossiers"));
  gtk_stack_add_titled (GTK_STACK (self->walls), ioc_camera_wall_new (models), "cameras", ioc_wall_title ("cameras"));
  gtk_stack_add_titled (GTK_STACK (self->walls),
                        placeholder (_("The briefing wall is not available yet: it comes with the weekly report.")),
                        "briefing", ioc_wall_title ("briefing"));
  /* Wall screens have no title bar; a desk window has the switcher. */
  gtk_widget_set_visible (self->header, windowed);

  /* Translators: the signed-in user and their role */
  user = g_strdup_printf (_("%s (%s)"), ioc_client_get_user_name (client),
                          g_strcmp0 (ioc_client_get_role (client), "duty") == 0 ? _("duty staff") :
                          g_strcmp0 (ioc_client_get_role (client), "supervisor") == 0 ? _("supervisor") :
                          g_strcmp0 (ioc_client_get_role (client), "leader") == 0 ? _("leadership") : _("administrator"));
  gtk_label_set_text (GTK_LABEL (self->user_label), user);
  g_signal_connect (client, "notify::state", G_CALLBACK (on_client_notify), self);
  g_signal_connect (client, "notify::retry-in", G_CALLBACK (on_client_notify), self);
  g_signal_connect (models, "changed", G_CALLBACK (on_models_changed), self);
  g_signal_connect (ioc_models_get_sources (models), "items-changed", G_CALLBACK (on_sources_items), self);
  update_connection (self);
  update_sources (self);
  on_clock (self);
  self->clock_id = g_timeout_add_seconds (1, on_clock, self);
  return self;
}

void
ioc_window_show_wall (IocWindow  *self,
                      const char *name)
{
  if (gtk_stack_get_child_by_name (GTK_STACK (self->walls), name) != NULL)
    gtk_stack_set_visible_child_name (GTK_STACK (self->walls), name);
}

const char *
ioc_window_get_wall (IocWindow *self)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (self->walls));
}

GtkWidget *
ioc_window_get_wall_widget (IocWindow  *self,
                            const char *name)
{
  return gtk_stack_get_child_by_name (GTK_STACK (self->walls), name);
}

void
ioc_window_set_monitor_key (IocWindow  *self,
                            const char *key)
{
  g_free (self->monitor_key);
  self->monitor_key = g_strdup (key);
}

const char *
ioc_window_get_monitor_key (IocWindow *self)
{
  return self->monitor_key;
}

const char *
ioc_window_get_connection_text (IocWindow *self)
{
  return gtk_label_get_text (GTK_LABEL (self->connection_label));
}
