/* ioc-window.c — see ioc-window.h */
#include "config.h"

#include "ioc-window.h"
#include "ioc-briefing-wall.h"
#include "ioc-application.h"
#include "ioc-camera-wall.h"
#include "ioc-dossier-wall.h"
#include "ioc-labels.h"
#include "ioc-map-wall.h"
#include "ioc-report-banner.h"
#include "ioc-soc-wall.h"
#include "ioc-status-strip.h"

#include <glib/gi18n.h>

const char *const ioc_wall_names[] = { "map", "soc", "dossiers", "cameras", "briefing", NULL };

struct _IocWindow
{
  GtkApplicationWindow parent_instance;
  IocModels *models;
  IocAlarm  *alarm;
  char      *monitor_key;
  /* template */
  GtkWidget *header;
  GtkWidget *content;
  GtkWidget *walls;
  /* built in ioc_window_new */
  GtkWidget *banner;
  GtkWidget *banner_text;
  GtkWidget *strip;
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

/* ---- the critical-alert banner ------------------------------------------ */

static void
update_banner (IocWindow *self)
{
  JsonObject *a = self->alarm != NULL ? ioc_alarm_get_alert (self->alarm) : NULL;
  g_autofree char *text = NULL;
  guint more;

  gtk_revealer_set_reveal_child (GTK_REVEALER (self->banner), a != NULL);
  if (a == NULL)
    return;
  more = ioc_alarm_get_n_pending (self->alarm) - 1;
  {
    const char *sig = json_object_get_string_member_with_default (a, "signature", NULL);
    const char *site = json_object_get_string_member_with_default (a, "site", NULL);
    const char *host = json_object_get_string_member_with_default (a, "host", NULL);
    g_autofree char *head = g_strdup_printf ("%s — %s", sig != NULL ? sig : ioc_alert_category_label (
                                               json_object_get_string_member_with_default (a, "category", NULL)),
                                             site != NULL ? site : host != NULL ? host : "—");
    if (more > 0)
      {
        /* Translators: the banner of a critical alert; %s is the alert, %u how many came after it */
        g_autofree char *tail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "(and %u more)", "(and %u more)", more), more);
        text = g_strdup_printf (_("Critical security alert: %s %s"), head, tail);
      }
    else
      text = g_strdup_printf (_("Critical security alert: %s"), head);
  }
  gtk_label_set_text (GTK_LABEL (self->banner_text), text);
}

static void
on_alarm_notify (GObject    *alarm,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  update_banner (user_data);
}

static GtkWidget *
build_banner (IocWindow *self)
{
  GtkWidget *revealer = gtk_revealer_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 16);
  GtkWidget *show = gtk_button_new_with_mnemonic (_("S_how alerts"));
  GtkWidget *silence = gtk_button_new_with_mnemonic (_("_Silence (Ctrl+M)"));

  gtk_revealer_set_transition_type (GTK_REVEALER (revealer), GTK_REVEALER_TRANSITION_TYPE_SLIDE_DOWN);
  gtk_widget_add_css_class (box, "alarm-banner");
  self->banner_text = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->banner_text), 0);
  gtk_label_set_ellipsize (GTK_LABEL (self->banner_text), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (self->banner_text, TRUE);
  gtk_box_append (GTK_BOX (box), self->banner_text);
  gtk_actionable_set_detailed_action_name (GTK_ACTIONABLE (show), "win.show-wall::soc");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (silence), "app.silence");
  gtk_box_append (GTK_BOX (box), show);
  gtk_box_append (GTK_BOX (box), silence);
  gtk_revealer_set_child (GTK_REVEALER (revealer), box);
  return revealer;
}

/* ---- actions ------------------------------------------------------------ */

static void
show_wall_action (GtkWidget  *widget,
                  const char *action,
                  GVariant   *param)
{
  ioc_window_show_wall (IOC_WINDOW (widget), g_variant_get_string (param, NULL));
}

static void
cycle_wall_action (GtkWidget  *widget,
                   const char *action,
                   GVariant   *param)
{
  IocWindow *self = IOC_WINDOW (widget);
  const char *now = ioc_window_get_wall (self);
  int step = g_str_equal (action, "win.next-wall") ? 1 : 4;
  guint i;

  for (i = 0; ioc_wall_names[i] != NULL; i++)
    if (g_strcmp0 (ioc_wall_names[i], now) == 0)
      break;
  ioc_window_show_wall (self, ioc_wall_names[(i + step) % 5]);
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

/* Ctrl+F: the visible wall's search (the SOC filter), else the map's. */
static void
search_action (GtkWidget  *widget,
               const char *action,
               GVariant   *param)
{
  IocWindow *self = IOC_WINDOW (widget);
  GtkWidget *wall = gtk_stack_get_visible_child (GTK_STACK (self->walls));

  if (wall != NULL && gtk_widget_activate_action (wall, "wall.search", NULL))
    return;
  ioc_window_show_wall (self, "map");
  wall = ioc_window_get_wall_widget (self, "map");
  if (wall != NULL)
    gtk_widget_activate_action (wall, "wall.search", NULL);
}

/* A wall's own action (alert.acknowledge, map.zoom-in …) from a window-wide
 * shortcut: the wall on screen gets it, whatever has the focus. */
static void
wall_action (GtkWidget  *widget,
             const char *action,
             GVariant   *param)
{
  IocWindow *self = IOC_WINDOW (widget);
  GtkWidget *wall = gtk_stack_get_visible_child (GTK_STACK (self->walls));

  if (wall != NULL)
    gtk_widget_activate_action (wall, g_variant_get_string (param, NULL), NULL);
}

static void
ioc_window_dispose (GObject *object)
{
  IocWindow *self = IOC_WINDOW (object);

  if (self->alarm != NULL)
    g_signal_handlers_disconnect_by_data (self->alarm, self);
  g_clear_object (&self->alarm);
  g_clear_object (&self->models);
  g_clear_pointer (&self->monitor_key, g_free);
  /* GtkWindow's own dispose takes down its child and title bar. */
  G_OBJECT_CLASS (ioc_window_parent_class)->dispose (object);
}

/* Window-wide shortcuts of the walls' actions; listed in the shortcuts
 * window (ui/gtk/help-overlay.ui). */
static const struct {
  guint           key;
  GdkModifierType mods;
  const char     *action;
} wall_keys[] = {
  { GDK_KEY_l, GDK_CONTROL_MASK, "map.legend" },
  { GDK_KEY_plus, GDK_CONTROL_MASK, "map.zoom-in" },
  { GDK_KEY_equal, GDK_CONTROL_MASK, "map.zoom-in" },
  { GDK_KEY_KP_Add, GDK_CONTROL_MASK, "map.zoom-in" },
  { GDK_KEY_minus, GDK_CONTROL_MASK, "map.zoom-out" },
  { GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "map.zoom-out" },
  { GDK_KEY_0, GDK_CONTROL_MASK, "map.home" },
  { GDK_KEY_o, GDK_CONTROL_MASK, "map.oldest-overdue" },
  { GDK_KEY_Escape, 0, "wall.close-panel" },
  { GDK_KEY_Return, GDK_CONTROL_MASK, "report.assign" },
  { GDK_KEY_Return, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "report.forward" },
  { GDK_KEY_e, GDK_CONTROL_MASK, "report.escalate" },
  { GDK_KEY_k, GDK_CONTROL_MASK, "alert.acknowledge" },
  { GDK_KEY_a, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "alert.assign" },
  { GDK_KEY_d, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "alert.resolve" },
  { GDK_KEY_p, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "alert.false-positive" },
  { GDK_KEY_t, GDK_CONTROL_MASK, "dossier.toggle-metric" },
};

static void
ioc_window_class_init (IocWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ioc_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/gov/daklak/IocConsole/ioc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, IocWindow, header);
  gtk_widget_class_bind_template_child (widget_class, IocWindow, content);
  gtk_widget_class_bind_template_child (widget_class, IocWindow, walls);

  gtk_widget_class_install_action (widget_class, "win.show-wall", "s", show_wall_action);
  gtk_widget_class_install_action (widget_class, "win.next-wall", NULL, cycle_wall_action);
  gtk_widget_class_install_action (widget_class, "win.previous-wall", NULL, cycle_wall_action);
  gtk_widget_class_install_action (widget_class, "win.fullscreen", NULL, fullscreen_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.wall-action", "s", wall_action);
  for (guint i = 0; ioc_wall_names[i] != NULL; i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK, "win.show-wall", "s", ioc_wall_names[i]);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_CONTROL_MASK, "win.next-wall", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_CONTROL_MASK, "win.previous-wall", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "win.fullscreen", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (wall_keys); i++)
    gtk_widget_class_add_binding_action (widget_class, wall_keys[i].key, wall_keys[i].mods,
                                         "win.wall-action", "s", wall_keys[i].action);
}

static void
ioc_window_init (IocWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_add_css_class (GTK_WIDGET (self), "ioc");
}

IocWindow *
ioc_window_new (GtkApplication *app,
                IocModels      *models,
                gboolean        windowed)
{
  IocWindow *self = g_object_new (IOC_TYPE_WINDOW, "application", app, NULL);

  self->models = g_object_ref (models);
  if (IOC_IS_APPLICATION (app) && ioc_application_get_alarm (IOC_APPLICATION (app)) != NULL)
    {
      self->alarm = g_object_ref (ioc_application_get_alarm (IOC_APPLICATION (app)));
      g_signal_connect (self->alarm, "notify::raised", G_CALLBACK (on_alarm_notify), self);
    }
  self->banner = build_banner (self);
  gtk_box_prepend (GTK_BOX (self->content), self->banner);

  gtk_stack_add_titled (GTK_STACK (self->walls), ioc_map_wall_new (models), "map", ioc_wall_title ("map"));
  gtk_stack_add_titled (GTK_STACK (self->walls), ioc_soc_wall_new (models), "soc", ioc_wall_title ("soc"));
  gtk_stack_add_titled (GTK_STACK (self->walls), ioc_dossier_wall_new (models), "dossiers", ioc_wall_title ("dossiers"));
  gtk_stack_add_titled (GTK_STACK (self->walls), ioc_camera_wall_new (models), "cameras", ioc_wall_title ("cameras"));
  gtk_stack_add_titled (GTK_STACK (self->walls), ioc_briefing_wall_new (models), "briefing", ioc_wall_title ("briefing"));
  ioc_report_banner_attach (self->content, models);
  /* Wall screens have no title bar; a desk window has the switcher. */
  gtk_widget_set_visible (self->header, windowed);

  self->strip = ioc_status_strip_new (models);
  gtk_box_append (GTK_BOX (self->content), self->strip);
  update_banner (self);
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
  return ioc_status_strip_get_connection_text (IOC_STATUS_STRIP (self->strip));
}

IocStatusStrip *
ioc_window_get_status_strip (IocWindow *self)
{
  return IOC_STATUS_STRIP (self->strip);
}

gboolean
ioc_window_get_banner_visible (IocWindow *self)
{
  return gtk_revealer_get_reveal_child (GTK_REVEALER (self->banner));
}
