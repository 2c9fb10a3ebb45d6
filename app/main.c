/* main.c — ioc-console */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "ioc-application.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(IocApplication) app = NULL;

  /* Vietnamese when the system locale is Vietnamese, English otherwise. */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("IOC_LOCALEDIR") != NULL ? g_getenv ("IOC_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = ioc_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
