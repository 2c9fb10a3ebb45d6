/* ioc-signin.c — see ioc-signin.h; emits ::submit when the user signs in */
#include "config.h"

#include "ioc-signin.h"

#include <glib/gi18n.h>

struct _IocSignin
{
  GtkWindow  parent_instance;
  GtkWidget *server_entry;
  GtkWidget *user_entry;
  GtkWidget *password_entry;
  GtkWidget *error_label;
  GtkWidget *sign_in_button;
};

enum { SIGNAL_SUBMIT, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (IocSignin, ioc_signin, GTK_TYPE_WINDOW)

static void
submit (IocSignin *self)
{
  if (*gtk_editable_get_text (GTK_EDITABLE (self->user_entry)) == '\0')
    {
      ioc_signin_set_error (self, _("Enter your user name."));
      gtk_widget_grab_focus (self->user_entry);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_SUBMIT], 0);
}


static void
ioc_signin_class_init (IocSigninClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/gov/daklak/IocConsole/ioc-signin.ui");
  gtk_widget_class_bind_template_child (widget_class, IocSignin, server_entry);
  gtk_widget_class_bind_template_child (widget_class, IocSignin, user_entry);
  gtk_widget_class_bind_template_child (widget_class, IocSignin, password_entry);
  gtk_widget_class_bind_template_child (widget_class, IocSignin, error_label);
  gtk_widget_class_bind_template_child (widget_class, IocSignin, sign_in_button);
  signals[SIGNAL_SUBMIT] = g_signal_new ("submit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ioc_signin_init (IocSignin *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_window_set_default_widget (GTK_WINDOW (self), self->sign_in_button);
  g_signal_connect_swapped (self->sign_in_button, "clicked", G_CALLBACK (submit), self);
  g_signal_connect_swapped (self->password_entry, "activate", G_CALLBACK (submit), self);
}

IocSignin *
ioc_signin_new (GtkApplication *app,
                const char     *server,
                const char     *user)
{
  IocSignin *self = g_object_new (IOC_TYPE_SIGNIN, "application", app, NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->server_entry), server != NULL ? server : "http://127.0.0.1:8088");
  if (user != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->user_entry), user);
      gtk_widget_grab_focus (self->password_entry);
    }
  return self;
}

void
ioc_signin_set_error (IocSignin  *self,
                      const char *message)
{
  gtk_label_set_text (GTK_LABEL (self->error_label), message != NULL ? message : "");
  gtk_widget_set_visible (self->error_label, message != NULL);
}

void
ioc_signin_set_busy (IocSignin *self,
                     gboolean   busy)
{
  gtk_widget_set_sensitive (self->sign_in_button, !busy);
}

const char *ioc_signin_get_server (IocSignin *self) { return gtk_editable_get_text (GTK_EDITABLE (self->server_entry)); }
const char *ioc_signin_get_user (IocSignin *self) { return gtk_editable_get_text (GTK_EDITABLE (self->user_entry)); }
const char *ioc_signin_get_password (IocSignin *self) { return gtk_editable_get_text (GTK_EDITABLE (self->password_entry)); }
