/* ioc-signin.h — the sign-in window: server address, user, password */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define IOC_TYPE_SIGNIN (ioc_signin_get_type ())
G_DECLARE_FINAL_TYPE (IocSignin, ioc_signin, IOC, SIGNIN, GtkWindow)

IocSignin  *ioc_signin_new       (GtkApplication *app,
                                  const char     *server,
                                  const char     *user);
void        ioc_signin_set_error (IocSignin      *self,
                                  const char     *message);
void        ioc_signin_set_busy  (IocSignin      *self,
                                  gboolean        busy);
const char *ioc_signin_get_server   (IocSignin *self);
const char *ioc_signin_get_user     (IocSignin *self);
const char *ioc_signin_get_password (IocSignin *self);

G_END_DECLS
