/* ioc-application.c — see ioc-application.h */
#include "config.h"

#include "ioc-application.h"
#include "ioc-alarm.h"
#include "ioc-preferences.h"
#include "ioc-signin.h"
#include "ioc-window.h"
#include "ioc-console-resources.h"

#include <glib/gi18n.h>

struct _IocApplication
{
  GtkApplication parent_instance;
  GSettings     *settings;      /* NULL when the schema is not installed */
  IocClient     *client;
  IocModels     *models;
  IocAlarm      *alarm;
  IocSignin     *signin;
  char          *server;
  char          *user;
  gboolean       windowed;
  gboolean       walls_open;
  guint          relayout_id;
};

G_DEFINE_FINAL_TYPE (IocApplication, ioc_application, GTK_TYPE_APPLICATION)

static void open_walls (IocApplication *self);

char *
ioc_monitor_key (GdkMonitor *monitor)
{
  GdkRectangle g;

  gdk_monitor_get_geometry (monitor, &g);
  return g_strdup_printf ("%s %dx%d+%d+%d", gdk_monitor_get_connector (monitor) ?: "monitor",
                          g.width, g.height, g.x, g.y);
}

char *
ioc_application_wall_for_monitor (IocApplication *self,
                                  GdkMonitor     *monitor,
                                  guint           index)
{
  g_autofree char *key = ioc_monitor_key (monitor);
  const char *connector = gdk_monitor_get_connector (monitor);

  if (self->settings != NULL)
    {
      g_autoptr(GVariant) map = g_settings_get_value (self->settings, "wall-assignments");
      const char *wall = NULL;
      /* Connector and geometry first; the connector alone if the layout moved. */
      if (g_variant_lookup (map, key, "&s", &wall) ||
          (connector != NULL && g_variant_lookup (map, connector, "&s", &wall)))
        return g_strdup (wall);
    }
  return g_strdup (ioc_wall_names[index % 5]);
}

void
ioc_application_assign_wall (IocApplication *self,
                             GdkMonitor     *monitor,
                             const char     *wall)
{
  g_autoptr(GVariant) old = NULL;
  GVariantBuilder b;
  GVariantIter iter;
  const char *k, *v;
  g_autofree char *key = ioc_monitor_key (monitor);

  g_return_if_fail (g_strv_contains (ioc_wall_names, wall));
  if (self->settings == NULL)
    return;
  old = g_settings_get_value (self->settings, "wall-assignments");
  g_variant_builder_init (&b, G_VARIANT_TYPE ("a{ss}"));
  g_variant_iter_init (&iter, old);
  while (g_variant_iter_next (&iter, "{&s&s}", &k, &v))
    if (!g_str_equal (k, key) && g_strcmp0 (k, gdk_monitor_get_connector (monitor)) != 0)
      g_variant_builder_add (&b, "{ss}", k, v);
  g_variant_builder_add (&b, "{ss}", key, wall);
  if (gdk_monitor_get_connector (monitor) != NULL)
    g_variant_builder_add (&b, "{ss}", gdk_monitor_get_connector (monitor), wall);
  g_settings_set_value (self->settings, "wall-assignments", g_variant_builder_end (&b));

  /* The monitor's window shows it at once. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (IOC_IS_WINDOW (l->data) && g_strcmp0 (ioc_window_get_monitor_key (l->data), key) == 0)
      ioc_window_show_wall (l->data, wall);
}

/* ---- windows per monitor ------------------------------------------------ */

static void
close_walls (IocApplication *self)
{
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  for (GList *l = windows; l != NULL; l = l->next)
    if (IOC_IS_WINDOW (l->data))
      gtk_window_destroy (l->data);
  g_list_free (windows);
}

static void
open_walls (IocApplication *self)
{
  GListModel *monitors = gdk_display_get_monitors (gdk_display_get_default ());
  guint n = g_list_model_get_n_items (monitors);

  close_walls (self);
  self->walls_open = TRUE;
  if (self->windowed || n <= 1)
    {
      IocWindow *win = ioc_window_new (GTK_APPLICATION (self), self->models, TRUE);
      if (n == 1)
        {
          g_autoptr(GdkMonitor) m = g_list_model_get_item (monitors, 0);
          g_autofree char *wall = ioc_application_wall_for_monitor (self, m, 0);
          ioc_window_show_wall (win, wall);
        }
      gtk_window_present (GTK_WINDOW (win));
      return;
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GdkMonitor) m = g_list_model_get_item (monitors, i);
      g_autofree char *wall = ioc_application_wall_for_monitor (self, m, i);
      g_autofree char *key = ioc_monitor_key (m);
      IocWindow *win = ioc_window_new (GTK_APPLICATION (self), self->models, FALSE);

      ioc_window_show_wall (win, wall);
      ioc_window_set_monitor_key (win, key);
      gtk_window_fullscreen_on_monitor (GTK_WINDOW (win), m);
      gtk_window_present (GTK_WINDOW (win));
    }
}

static gboolean
relayout (gpointer user_data)
{
  IocApplication *self = user_data;

  self->relayout_id = 0;
  if (self->walls_open)
    open_walls (self);
  return G_SOURCE_REMOVE;
}

static void
on_monitors_changed (GListModel *monitors,
                     guint       position,
                     guint       removed,
                     guint       added,
                     gpointer    user_data)
{
  IocApplication *self = user_data;

  /* A new monitor's connector and geometry arrive just after this signal,
   * and the window manager moves windows of a removed monitor: wait a
   * moment, then lay the walls out again. */
  g_clear_handle_id (&self->relayout_id, g_source_remove);
  self->relayout_id = g_timeout_add (700, relayout, self);
}

/* ---- sign-in ---------------------------------------------------------- */

static void
on_loaded (IocModels *models,
           gpointer   user_data)
{
  IocApplication *self = user_data;

  if (self->signin != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (self->signin));
      g_clear_object (&self->signin);
    }
  if (!self->walls_open)
    open_walls (self);
}

static void
on_load_failed (IocModels  *models,
                const char *message,
                gpointer    user_data)
{
  IocApplication *self = user_data;

  if (self->signin != NULL)
    {
      ioc_signin_set_error (self->signin, message);
      ioc_signin_set_busy (self->signin, FALSE);
    }
  else
    g_warning ("loading: %s", message);
}

static void
on_session_expired (IocClient *client,
                    gpointer   user_data)
{
  IocApplication *self = user_data;

  g_message ("the session expired: sign in again");
  g_action_group_activate_action (G_ACTION_GROUP (self), "sign-out", NULL);
}

static void
on_login (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  IocApplication *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ioc_client_login_finish (IOC_CLIENT (source), result, &error))
    {
      if (self->signin != NULL)
        {
          ioc_signin_set_error (self->signin, error->message);
          ioc_signin_set_busy (self->signin, FALSE);
        }
      else
        g_warning ("sign-in: %s", error->message);
      g_object_unref (self);
      return;
    }
  if (self->settings != NULL)
    {
      g_settings_set_string (self->settings, "server-url", ioc_client_get_base_url (self->client));
      g_settings_set_string (self->settings, "last-user", ioc_client_get_user_name (self->client));
    }
  g_clear_object (&self->models);
  if (self->alarm != NULL)
    ioc_alarm_silence (self->alarm);
  g_clear_object (&self->alarm);
  self->alarm = ioc_alarm_new (self->client);
  if (self->settings != NULL)
    g_settings_bind (self->settings, "sound", self->alarm, "sound-enabled", G_SETTINGS_BIND_GET);
  self->models = ioc_models_new (self->client);
  g_signal_connect (self->models, "loaded", G_CALLBACK (on_loaded), self);
  g_signal_connect (self->models, "load-failed", G_CALLBACK (on_load_failed), self);
  ioc_models_load (self->models);
  g_object_unref (self);
}

void
ioc_application_sign_in (IocApplication *self,
                         const char     *server,
                         const char     *user,
                         const char     *password)
{
  if (self->client != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->client, self);
      ioc_client_stop (self->client);
      g_clear_object (&self->client);
    }
  self->client = ioc_client_new (server);
  g_signal_connect (self->client, "session-expired", G_CALLBACK (on_session_expired), self);
  ioc_client_login_async (self->client, user, password, NULL, on_login, g_object_ref (self));
}

static void
on_submit (IocSignin      *signin,
           IocApplication *self)
{
  ioc_signin_set_error (signin, NULL);
  ioc_signin_set_busy (signin, TRUE);
  ioc_application_sign_in (self, ioc_signin_get_server (signin), ioc_signin_get_user (signin),
                           ioc_signin_get_password (signin));
}

static void
show_signin (IocApplication *self)
{
  g_autofree char *server = self->server != NULL ? g_strdup (self->server) :
                            self->settings != NULL ? g_settings_get_string (self->settings, "server-url") : NULL;
  g_autofree char *user = self->user != NULL ? g_strdup (self->user) :
                          self->settings != NULL ? g_settings_get_string (self->settings, "last-user") : NULL;

  if (self->signin == NULL)
    {
      self->signin = g_object_ref_sink (ioc_signin_new (GTK_APPLICATION (self), server,
                                                        user != NULL && *user ? user : NULL));
      g_signal_connect (self->signin, "submit", G_CALLBACK (on_submit), self);
    }
  gtk_window_present (GTK_WINDOW (self->signin));
}

/* ---- actions ---------------------------------------------------------- */

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
sign_out_action (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  IocApplication *self = user_data;

  /* The token lives in memory only: dropping the client forgets it. */
  if (self->client != NULL)
    ioc_client_stop (self->client);
  self->walls_open = FALSE;
  show_signin (self);
  close_walls (self);
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  gtk_show_about_dialog (parent,
                         "program-name", _("IOC Console"),
                         "comments", _("Operator console of the Đắk Lắk Intelligent Operations Center"),
                         "version", PACKAGE_VERSION,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "logo-icon-name", APP_ID,
                         NULL);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  IocApplication *self = user_data;
  GtkWindow *prefs = ioc_preferences_new (self);

  gtk_window_set_transient_for (prefs, gtk_application_get_active_window (GTK_APPLICATION (self)));
  gtk_window_present (prefs);
}

static void
silence_action (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  IocApplication *self = user_data;

  if (self->alarm != NULL)
    ioc_alarm_silence (self->alarm);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "sign-out", sign_out_action },
  { "about", about_action },
  { "preferences", preferences_action },
  { "silence", silence_action },
};

/* ---- GApplication ----------------------------------------------------- */

/* TRUE when OpenGL would be drawn by the CPU (Mesa's llvmpipe): no GPU
 * render node, or software rendering asked for. */
static gboolean
gl_is_software (void)
{
  const char *soft = g_getenv ("LIBGL_ALWAYS_SOFTWARE");
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (soft != NULL && (g_str_equal (soft, "1") || g_ascii_strcasecmp (soft, "true") == 0))
    return TRUE;
  dir = g_dir_open ("/dev/dri", 0, NULL);
  if (dir == NULL)
    return TRUE;
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "renderD"))
      return FALSE;
  return TRUE;
}

static void
ioc_application_startup (GApplication *app)
{
  IocApplication *self = IOC_APPLICATION (app);
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source != NULL ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;

  /* On a machine without a GPU, GTK's OpenGL renderer runs on Mesa's
   * llvmpipe: measured on the war room's 2-core machines it takes 3 s
   * more to show the first map and 150 MB more memory than the cairo
   * renderer, for frames no faster (bench-console). GSK_RENDERER, when
   * set, still decides. Read by GSK when the first window is realised. */
  if (g_getenv ("GSK_RENDERER") == NULL && gl_is_software ())
    {
      g_debug ("no GPU: drawing with the cairo renderer");
      g_setenv ("GSK_RENDERER", "cairo", FALSE);
    }

  G_APPLICATION_CLASS (ioc_application_parent_class)->startup (app);

  /* Referencing the resource keeps it linked from the static library; its
   * constructor registers it. */
  g_assert (ioc_console_get_resource () != NULL);

  /* The war room is dark whatever the desktop's theme. */
  g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", TRUE, NULL);
  gtk_css_provider_load_from_resource (css, "/vn/gov/daklak/IocConsole/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  if (schema != NULL)
    self->settings = g_settings_new (APP_ID);
  else
    g_message ("GSettings schema %s not installed: settings are not kept", APP_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", (const char *[]) { "<Ctrl>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences", (const char *[]) { "<Ctrl>comma", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.silence", (const char *[]) { "<Ctrl>m", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay",
                                         (const char *[]) { "<Ctrl>question", "F1", NULL });
  g_signal_connect (gdk_display_get_monitors (gdk_display_get_default ()), "items-changed",
                    G_CALLBACK (on_monitors_changed), self);
}

static void
ioc_application_activate (GApplication *app)
{
  IocApplication *self = IOC_APPLICATION (app);

  if (self->walls_open)
    {
      GtkWindow *w = gtk_application_get_active_window (GTK_APPLICATION (app));
      if (w != NULL)
        gtk_window_present (w);
      return;
    }
  show_signin (self);
}

static int
ioc_application_handle_local_options (GApplication *app,
                                      GVariantDict *options)
{
  IocApplication *self = IOC_APPLICATION (app);
  const char *s;

  if (g_variant_dict_lookup (options, "version", "b", NULL))
    {
      g_print ("ioc-console %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (g_variant_dict_lookup (options, "server", "&s", &s))
    self->server = g_strdup (s);
  if (g_variant_dict_lookup (options, "user", "&s", &s))
    self->user = g_strdup (s);
  if (g_variant_dict_contains (options, "windowed"))
    self->windowed = TRUE;
  return -1;
}

static void
ioc_application_dispose (GObject *object)
{
  IocApplication *self = IOC_APPLICATION (object);

  g_clear_handle_id (&self->relayout_id, g_source_remove);
  g_clear_object (&self->signin);
  g_clear_object (&self->models);
  g_clear_object (&self->alarm);
  if (self->client != NULL)
    ioc_client_stop (self->client);
  g_clear_object (&self->client);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->server, g_free);
  g_clear_pointer (&self->user, g_free);
  G_OBJECT_CLASS (ioc_application_parent_class)->dispose (object);
}

static void
ioc_application_class_init (IocApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ioc_application_dispose;
  app_class->startup = ioc_application_startup;
  app_class->activate = ioc_application_activate;
  app_class->handle_local_options = ioc_application_handle_local_options;
}

static void
ioc_application_init (IocApplication *self)
{
  static const GOptionEntry entries[] = {
    { "server", 's', 0, G_OPTION_ARG_STRING, NULL, N_("Address of the IOC server (iocd)"), N_("URL") },
    { "user", 'u', 0, G_OPTION_ARG_STRING, NULL, N_("User name to sign in with"), N_("NAME") },
    { "windowed", 'w', 0, G_OPTION_ARG_NONE, NULL, N_("One window with a wall switcher instead of one fullscreen window per monitor"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}

IocApplication *
ioc_application_new (void)
{
  return g_object_new (IOC_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/vn/gov/daklak/IocConsole",
                       NULL);
}

void
ioc_application_set_windowed (IocApplication *self,
                              gboolean        windowed)
{
  self->windowed = windowed;
}

IocClient *
ioc_application_get_client (IocApplication *self)
{
  return self->client;
}

IocModels *
ioc_application_get_models (IocApplication *self)
{
  return self->models;
}

IocAlarm *
ioc_application_get_alarm (IocApplication *self)
{
  return self->alarm;
}

GSettings *
ioc_application_get_settings (IocApplication *self)
{
  return self->settings;
}
