/* iocd.c — the IOC backend service: command line */
#include "config.h"

#include "ioc-config.h"
#include "ioc-daemon.h"

#include <locale.h>
#include <string.h>

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(IocConfig) config = ioc_config_new ();
  g_autofree char *config_file = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *database = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *port_file = NULL;
  gboolean demo = FALSE, version = FALSE;
  GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &config_file, "Read settings from the [iocd] group of FILE", "FILE" },
    { "listen", 'l', 0, G_OPTION_ARG_STRING, &listen, "Listen on ADDR:PORT (default 127.0.0.1:8088; port 0 = any free port)", "ADDR:PORT" },
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, &database, "SQLite database file (default ~/.local/share/iocd/iocd.db)", "PATH" },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &demo, "Load the demo data and one user per role into an empty database", NULL },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, "Reference and demo data (default: the source tree's data/)", "DIR" },
    { "port-file", 0, 0, G_OPTION_ARG_FILENAME, &port_file, "Write the port listened on to FILE (for tests)", "FILE" },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, "Print the version and exit", NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");

  context = g_option_context_new ("[user add NAME --role ROLE | user passwd NAME | user list | import KIND FILE]");
  g_option_context_set_summary (context,
    "The backend of the IOC console: stores every source's data, serves the\n"
    "REST API /api/v1, the live event stream /api/v1/stream, /healthz and /metrics.");
  g_option_context_set_description (context,
    "Commands:\n"
    "  user add NAME --role duty|supervisor|leader|admin   add a user; password on standard input\n"
    "  user passwd NAME                                    change a password; read from standard input\n"
    "  user list                                           list the users and their roles\n"
    "  import KIND FILE [--period FROM..TO]                import a file as a job, print rows read,\n"
    "                                                      imported, unchanged and rejected; exit 1\n"
    "                                                      when the file is rejected (nothing written)\n"
    "\n"
    "Import kinds (the same as POST /api/v1/imports?kind= and the drop folder DROP/KIND/):\n"
    "  dossier-records       id, agency, procedure, field, channel, received_at, due_at,\n"
    "                        accepted_at, resolved_at (one row per dossier)\n"
    "  dossier-summary       per-agency period table (needs --period)\n"
    "  dossier-daily         unit_id|unit_name, date, <metric>_count (overdue, online_over_8h, …)\n"
    "  reception-channels    dossiers per reception channel (needs --period)\n"
    "  field-report-summary  field reports per unit (needs --period)\n"
    "  cameras               id, name, lat, lon, heading, owner, kind, rtsp_main, rtsp_sub,\n"
    "                        ai_features (CSV or JSON)\n"
    "  indicators            group_code, indicator, month, value, target, unit (CSV or JSON)\n"
    "A period may also be part of FILE's name: 2023-01-01..2023-12-31-igate.csv.\n"
    "\n"
    "Without a command, iocd serves until SIGTERM or SIGINT.\n"
    "The config file has the same settings in an [iocd] group: listen, database, data-dir,\n"
    "demo, max-body-bytes, token-ttl, login-max-failures, login-window, event-retention,\n"
    "stream-window, stream-max-lag, overdue-interval, freshness-interval, eve-file,\n"
    "report-time (Friday's weekly report, 13:00), reports-dir. Options on the command line win.\n"
    "Each source has a group: [soc], [open311] (api-keys, jurisdiction-id), [cameras]\n"
    "(probe-interval, probe-timeout, concurrency, offline-after), [imports] (drop-dir,\n"
    "max-body-bytes, batch-rows), [dossiers] (working-hours, ticket-threshold, …) and\n"
    "[indicators] (mom-threshold, target-threshold); each takes expected-interval, the\n"
    "seconds of silence before the source is stale. Every key: data/iocd.conf.example.");
  g_option_context_add_main_entries (context, entries, NULL);
  /* "user add NAME --role R": stop at the command so its options are its own. */
  g_option_context_set_strict_posix (context, TRUE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("iocd: %s\n", error->message);
      return 2;
    }
  if (version)
    {
      g_print ("iocd %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (config_file != NULL && !ioc_config_load_file (config, config_file, &error))
    {
      g_printerr ("iocd: %s\n", error->message);
      return 2;
    }
  if (listen != NULL && !ioc_config_set_listen (config, listen, &error))
    {
      g_printerr ("iocd: %s\n", error->message);
      return 2;
    }
  if (database != NULL)
    {
      g_free (config->database);
      config->database = g_steal_pointer (&database);
    }
  if (data_dir != NULL)
    {
      g_free (config->data_dir);
      config->data_dir = g_steal_pointer (&data_dir);
    }
  if (port_file != NULL)
    config->port_file = g_steal_pointer (&port_file);
  if (demo)
    config->demo = TRUE;

  if (argc > 1)
    {
      if (strcmp (argv[1], "user") == 0)
        return ioc_daemon_user_cmd (config, argc - 2, argv + 2);
      if (strcmp (argv[1], "import") == 0)
        return ioc_daemon_import_cmd (config, argc - 2, argv + 2);
      g_printerr ("iocd: unknown command “%s” (see iocd --help)\n", argv[1]);
      return 2;
    }
  return ioc_daemon_run (config);
}
