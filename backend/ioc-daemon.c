/* ioc-daemon.c — iocd's main loop, timers and signals */
#define G_LOG_DOMAIN "iocd"

#include "config.h"

#include "ioc-daemon.h"
#include "ioc-auth.h"
#include "ioc-demo.h"
#include "ioc-import-job.h"
#include "ioc-json.h"
#include "ioc-reports.h"
#include "ioc-server.h"
#include "ioc-store-sqlite.h"
#include "ioc-users.h"
#include "ioc-weekly-report.h"

#include <glib-unix.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

typedef struct {
  GMainLoop *loop;
  IocStore  *store;
  IocConfig *config;
  int        signal_received;
  guint      prune_id;
} Daemon;

/* The event log is trimmed in steps of this many events, each its own
 * transaction, between requests: at tens of thousands of alerts a second,
 * one DELETE of a whole tick's worth (millions of rows) held the main loop
 * for seconds and put hundreds of MiB in the WAL. */
#define PRUNE_STEP 20000

static gboolean
prune_step (gpointer user_data)
{
  Daemon *d = user_data;
  g_autoptr(GError) error = NULL;
  gint64 n = ioc_store_prune_events (d->store, d->config->event_retention, PRUNE_STEP, &error);

  if (n < 0)
    g_warning ("trimming the event log: %s", error->message);
  if (n < PRUNE_STEP)
    {
      d->prune_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
on_signal (gpointer user_data)
{
  Daemon *d = user_data;

  g_message ("stopping on signal");
  g_main_loop_quit (d->loop);
  return G_SOURCE_REMOVE;
}

/* Every overdue-interval seconds (30): reports past their deadline become
 * overdue (an event each), the event log is trimmed to its retention, and
 * expired sessions are deleted. */
static gboolean
on_tick (gpointer user_data)
{
  Daemon *d = user_data;
  g_autoptr(GError) error = NULL;
  gint64 n = ioc_reports_mark_overdue (d->store, g_get_real_time () / G_USEC_PER_SEC, &error);

  if (n < 0)
    g_warning ("marking overdue reports: %s", error->message);
  else if (n > 0)
    g_info ("%" G_GINT64_FORMAT " report(s) became overdue", n);
  g_clear_error (&error);
  if (d->prune_id == 0)
    d->prune_id = g_idle_add_full (G_PRIORITY_DEFAULT, prune_step, d, NULL);
  /* Expired sessions are of no use to anyone: forget them. */
  {
    g_autoptr(IocQuery) q = ioc_query_new ();
    g_autofree char *now = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC);
    ioc_query_add_filter (q, "expires_at", IOC_FILTER_LT, now);
    if (ioc_store_delete_where (d->store, &ioc_entity_sessions, q, &error) < 0)
      g_warning ("forgetting expired sessions: %s", error->message);
  }
  return G_SOURCE_CONTINUE;
}

/* briefing: once a minute, the Friday weekly report (ioc-weekly-report.h). */
static gboolean
on_report_tick (gpointer user_data)
{
  ioc_weekly_report_tick (user_data, g_get_real_time () / G_USEC_PER_SEC);
  return G_SOURCE_CONTINUE;
}

static gboolean
ensure_parent_dir (const char  *path,
                   GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   "cannot create %s: %s", dir, g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

static IocStore *
open_store (IocConfig  *config,
            GError    **error)
{
  if (!ensure_parent_dir (config->database, error))
    return NULL;
  return ioc_sqlite_store_open (config->database, error);
}

int
ioc_daemon_run (IocConfig *config)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IocStore) store = NULL;
  g_autoptr(IocServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  Daemon d = { 0 };
  guint tick_id;
  guint report_tick_id;

  store = open_store (config, &error);
  if (store == NULL)
    {
      g_printerr ("iocd: %s\n", error->message);
      return 1;
    }

  if (config->demo)
    {
      if (ioc_demo_store_is_empty (store))
        {
          gint64 t0 = g_get_monotonic_time ();
          if (!ioc_demo_load (store, config->data_dir, &error))
            {
              g_printerr ("iocd: %s\n", error->message);
              return 1;
            }
          g_message ("demo data loaded from %s in %.0f ms", config->data_dir,
                     (g_get_monotonic_time () - t0) / 1000.0);
          g_print ("Demo accounts (user / password):\n");
          for (const IocDemoUser *u = ioc_demo_users (); u->name != NULL; u++)
            g_print ("  %-10s %-22s (%s)\n", u->name, u->password, u->role);
        }
      else
        g_message ("--demo: the database already has data, nothing loaded");
    }

  server = ioc_server_new (config, store, &error);
  if (server == NULL)
    {
      g_printerr ("iocd: %s\n", error->message);
      return 1;
    }
  if (!ioc_server_listen (server, &error))
    {
      g_printerr ("iocd: cannot listen on %s:%u: %s\n", config->listen_address, config->port, error->message);
      return 1;
    }
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE,
                    "MESSAGE", "listening on http://%s%s%s:%u/ (database %s)",
                    strchr (config->listen_address, ':') ? "[" : "", config->listen_address,
                    strchr (config->listen_address, ':') ? "]" : "",
                    ioc_server_get_port (server), config->database,
                    "IOCD_PORT", "%u", ioc_server_get_port (server));
  if (config->port_file != NULL)
    {
      g_autofree char *text = g_strdup_printf ("%u\n", ioc_server_get_port (server));
      if (!g_file_set_contents (config->port_file, text, -1, &error))
        {
          g_printerr ("iocd: %s\n", error->message);
          return 1;
        }
    }

  loop = g_main_loop_new (NULL, FALSE);
  d.loop = loop;
  d.store = store;
  d.config = config;
  g_unix_signal_add (SIGTERM, on_signal, &d);
  g_unix_signal_add (SIGINT, on_signal, &d);
  tick_id = g_timeout_add_seconds (config->overdue_interval_s, on_tick, &d);
  on_tick (&d);
  report_tick_id = g_timeout_add_seconds (60, on_report_tick, server);

  g_main_loop_run (loop);

  g_source_remove (tick_id);
  g_source_remove (report_tick_id);
  g_clear_handle_id (&d.prune_id, g_source_remove);
  g_clear_pointer (&server, ioc_server_free);
  g_clear_object (&store);
  g_message ("stopped");
  return 0;
}

static char *
read_password (const char *prompt)
{
  char buf[1100];
  size_t n;

  if (isatty (STDIN_FILENO))
    {
      g_printerr ("%s", prompt);
      fflush (stderr);
    }
  if (fgets (buf, sizeof buf, stdin) == NULL)
    return NULL;
  n = strlen (buf);
  while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
    buf[--n] = '\0';
  return g_strdup (buf);
}

static int
audit_cli (IocStore   *store,
           const char *action,
           const char *id,
           GError    **error)
{
  g_autoptr(JsonObject) row = json_object_new ();

  json_object_set_int_member (row, "time", g_get_real_time () / G_USEC_PER_SEC);
  json_object_set_string_member (row, "user_name", g_get_user_name ());
  json_object_set_string_member (row, "role", "cli");
  json_object_set_string_member (row, "action", action);
  json_object_set_string_member (row, "method", "CLI");
  json_object_set_string_member (row, "path", "iocd user");
  json_object_set_string_member (row, "entity", "users");
  if (id != NULL)
    json_object_set_string_member (row, "entity_id", id);
  return ioc_store_insert (store, &ioc_entity_audit, row, NULL, error);
}

int
ioc_daemon_user_cmd (IocConfig  *config,
                     int         argc,
                     char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IocStore) store = NULL;
  const char *cmd = argc > 0 ? argv[0] : NULL;

  if (cmd == NULL)
    {
      g_printerr ("usage: iocd [--database PATH] user add NAME --role duty|supervisor|leader|admin\n"
                  "       iocd [--database PATH] user passwd NAME\n"
                  "       iocd [--database PATH] user list\n");
      return 2;
    }
  store = open_store (config, &error);
  if (store == NULL)
    {
      g_printerr ("iocd: %s\n", error->message);
      return 1;
    }

  if (g_str_equal (cmd, "list"))
    {
      g_autoptr(IocQuery) q = ioc_query_new ();
      g_autoptr(JsonArray) users = ioc_store_list (store, &ioc_entity_users, q, NULL, &error);
      if (users == NULL)
        {
          g_printerr ("iocd: %s\n", error->message);
          return 1;
        }
      g_print ("%-24s %-11s %s\n", "NAME", "ROLE", "STATE");
      for (guint i = 0; i < json_array_get_length (users); i++)
        {
          JsonObject *u = json_array_get_object_element (users, i);
          g_print ("%-24s %-11s %s\n", json_object_get_string_member (u, "name"),
                   json_object_get_string_member (u, "role"),
                   json_object_get_boolean_member (u, "disabled") ? "disabled" : "active");
        }
      return 0;
    }

  if (g_str_equal (cmd, "add"))
    {
      const char *name = NULL, *role = NULL;
      g_autofree char *password = NULL;
      g_autoptr(JsonObject) user = NULL;

      for (int i = 1; i < argc; i++)
        {
          if (g_str_equal (argv[i], "--role") && i + 1 < argc)
            role = argv[++i];
          else if (g_str_has_prefix (argv[i], "--role="))
            role = argv[i] + strlen ("--role=");
          else if (name == NULL && argv[i][0] != '-')
            name = argv[i];
          else
            {
              g_printerr ("iocd user add: unexpected “%s”\n", argv[i]);
              return 2;
            }
        }
      if (name == NULL || role == NULL)
        {
          g_printerr ("usage: iocd user add NAME --role duty|supervisor|leader|admin (password on standard input)\n");
          return 2;
        }
      /* Refuse a bad name or role before asking for a password. */
      if (!ioc_user_name_is_valid (name) || ioc_role_from_string (role) == IOC_ROLE_NONE)
        {
          g_printerr ("iocd: %s\n", !ioc_user_name_is_valid (name) ?
                      "a name is 1–64 letters, digits, '.', '-' or '_'" :
                      "role must be duty, supervisor, leader or admin");
          return 2;
        }
      password = read_password ("Password: ");
      if (password == NULL)
        {
          g_printerr ("iocd: no password on standard input\n");
          return 1;
        }
      if (!ioc_store_begin (store, &error) ||
          (user = ioc_user_add (store, name, role, password, &error)) == NULL)
        {
          if (ioc_store_in_transaction (store))
            ioc_store_rollback (store);
          g_printerr ("iocd: %s\n", error->message);
          return 1;
        }
      {
        g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (user, "id"));
        if (!audit_cli (store, "user.create", id, &error) || !ioc_store_commit (store, &error))
          {
            if (ioc_store_in_transaction (store))
              ioc_store_rollback (store);
            g_printerr ("iocd: %s\n", error->message);
            return 1;
          }
      }
      g_print ("user %s added with role %s\n", name, role);
      return 0;
    }

  if (g_str_equal (cmd, "passwd"))
    {
      g_autofree char *password = NULL;
      g_autofree char *id = NULL;

      if (argc != 2)
        {
          g_printerr ("usage: iocd user passwd NAME (new password on standard input)\n");
          return 2;
        }
      id = ioc_user_find (store, argv[1]);
      if (id == NULL)
        {
          g_printerr ("iocd: no user called “%s”\n", argv[1]);
          return 1;
        }
      password = read_password ("New password: ");
      if (password == NULL)
        {
          g_printerr ("iocd: no password on standard input\n");
          return 1;
        }
      if (!ioc_store_begin (store, &error) ||
          !ioc_user_set_password (store, id, password, &error) ||
          !audit_cli (store, "user.passwd", id, &error) ||
          !ioc_store_commit (store, &error))
        {
          if (ioc_store_in_transaction (store))
            ioc_store_rollback (store);
          g_printerr ("iocd: %s\n", error->message);
          return 1;
        }
      g_print ("password of %s changed; their sessions are closed\n", argv[1]);
      return 0;
    }

  g_printerr ("iocd user: unknown command “%s” (add, passwd, list)\n", cmd);
  return 2;
}

/* ---- iocd import ------------------------------------------------------ */

typedef struct {
  GMainLoop      *loop;
  JsonObject     *job;
  IocImportResult result;
  gboolean        have_result;
} CliImport;

static void
on_cli_import_done (JsonObject             *job,
                    const IocImportResult  *result,
                    gpointer                user_data)
{
  CliImport *c = user_data;

  if (job != NULL)
    c->job = json_object_ref (job);
  if (result != NULL)
    {
      c->result = *result;
      c->result.errors = NULL;
      c->have_result = TRUE;
    }
  g_main_loop_quit (c->loop);
}

static void
import_usage (void)
{
  g_autofree char *kinds = ioc_import_kind_list ();

  g_printerr ("usage: iocd [--database PATH] import KIND FILE [--period FROM..TO]\n"
              "KIND is one of %s\n", kinds);
}

int
ioc_daemon_import_cmd (IocConfig  *config,
                       int         argc,
                       char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IocStore) store = NULL;
  g_autoptr(IocImporter) importer = NULL;
  g_autoptr(JsonObject) job = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *name = NULL;
  const char *kind_name = NULL, *path = NULL, *period = NULL;
  const IocImportKind *kind;
  IocImportRequest req = { 0 };
  CliImport c = { 0 };
  gint64 t0 = g_get_monotonic_time ();
  const char *status;
  int rc;

  for (int i = 0; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--period") && i + 1 < argc)
        period = argv[++i];
      else if (g_str_has_prefix (argv[i], "--period="))
        period = argv[i] + strlen ("--period=");
      else if (kind_name == NULL && argv[i][0] != '-')
        kind_name = argv[i];
      else if (path == NULL && argv[i][0] != '-')
        path = argv[i];
      else
        {
          g_printerr ("iocd import: unexpected “%s”\n", argv[i]);
          import_usage ();
          return 2;
        }
    }
  if (kind_name == NULL || path == NULL)
    {
      import_usage ();
      return 2;
    }
  kind = ioc_import_kind_find (kind_name);
  if (kind == NULL || (ioc_import_kind_flags (kind) & IOC_IMPORT_HIDDEN))
    {
      g_printerr ("iocd import: unknown kind “%s”\n", kind_name);
      import_usage ();
      return 2;
    }
  if (period != NULL && !ioc_import_parse_period (period, &from, &to, &error))
    {
      g_printerr ("iocd import: %s\n", error->message);
      return 2;
    }
  name = g_path_get_basename (path);
  if ((ioc_import_kind_flags (kind) & IOC_IMPORT_NEEDS_PERIOD) && from == NULL &&
      !ioc_import_period_in_name (name, &from, &to))
    {
      g_printerr ("iocd import: %s is a table over a period: add --period FROM..TO (e.g. 2023-01-01..2023-12-31)\n",
                  kind_name);
      return 2;
    }
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_printerr ("iocd import: %s is not a file\n", path);
      return 1;
    }

  store = open_store (config, &error);
  if (store == NULL)
    {
      g_printerr ("iocd: %s\n", error->message);
      return 1;
    }
  importer = ioc_importer_new (store, config, NULL, &error);
  if (importer == NULL)
    {
      g_printerr ("iocd: %s\n", error->message);
      return 1;
    }
  c.loop = g_main_loop_new (NULL, FALSE);
  req.kind = kind;
  req.path = path;
  req.file_name = name;
  req.period_from = from;
  req.period_to = to;
  req.origin = "cli";
  req.user_name = g_get_user_name ();
  job = ioc_importer_submit (importer, &req, on_cli_import_done, &c, &error);
  if (job == NULL)
    {
      g_printerr ("iocd: %s\n", error->message);
      g_main_loop_unref (c.loop);
      return 1;
    }
  /* The same job as the API's and the drop folder's, run to its end. */
  g_main_loop_run (c.loop);
  g_main_loop_unref (c.loop);

  status = c.job != NULL ? json_object_get_string_member_with_default (c.job, "status", "failed") : "failed";
  rc = g_str_equal (status, "completed") ? 0 : 1;
  if (rc != 0)
    g_printerr ("iocd: %s %s, nothing was imported:\n%s\n", path,
                c.have_result && c.result.rejected > 0 ? "rejected" : "failed",
                c.job != NULL ? json_object_get_string_member_with_default (c.job, "error", "") : "");
  if (c.have_result)
    g_print ("%s (%s): read %u, imported %u, unchanged %u, rejected %u (%.1f s)\n", path, kind_name,
             c.result.read, c.result.imported, c.result.unchanged, c.result.rejected,
             (g_get_monotonic_time () - t0) / 1e6);
  g_clear_pointer (&c.job, json_object_unref);
  return rc;
}
