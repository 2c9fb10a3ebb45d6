/* ioc-import-drop.c — the drop folder (contract 1 of OWNERS.md)
 *
 * iocd watches [imports] drop-dir (none by default). A file written as
 * DROP/KIND/NAME.csv (or NAME.json for kinds that take JSON) is imported
 * as a background job of that KIND. Writers create NAME.csv.part and
 * rename it when complete: only names ending in .csv/.json are taken.
 * Summary kinds read their period from the name: FROM..TO anywhere in it
 * (dossier-summary/2023-01-01..2023-12-31-igate.csv). Afterwards the file
 * moves to DROP/KIND/done/, or to DROP/KIND/failed/ with NAME.error beside
 * it (the line numbers and reasons). A name already in done/ or failed/
 * gets a time prefix rather than replacing the older file.
 *
 * The folder is watched with GFileMonitor, and scanned again every
 * [imports] drop-scan-interval seconds (30) in case a notification was
 * missed (network file systems).
 */
#define G_LOG_DOMAIN "iocd-import"

#include "ioc-import-drop.h"
#include "ioc-import-private.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

struct _IocImportDrop {
  IocImporter *importer;
  char        *dir;
  GPtrArray   *monitors;     /* GFileMonitor, one per kind */
  GHashTable  *pending;      /* paths queued or running */
  guint        scan_id;      /* debounce of notifications */
  guint        timer_id;     /* periodic rescan */
};

typedef struct {
  IocImportDrop       *drop;
  char                *path;
  const IocImportKind *kind;
} DropFile;

static void
drop_file_free (DropFile *f)
{
  g_free (f->path);
  g_free (f);
}

/* DIR/NAME, or DIR/<time>-NAME when NAME is taken. */
static char *
free_name (const char *dir,
           const char *name)
{
  char *path = g_build_filename (dir, name, NULL);

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
      g_autofree char *other = g_strdup_printf ("%s-%s", stamp, name);
      g_free (path);
      path = g_build_filename (dir, other, NULL);
      for (guint i = 2; g_file_test (path, G_FILE_TEST_EXISTS); i++)
        {
          g_free (path);
          g_free (other);
          other = g_strdup_printf ("%s-%u-%s", stamp, i, name);
          path = g_build_filename (dir, other, NULL);
        }
    }
  return path;
}

/* Moves @path to KIND/done/ or KIND/failed/ (with NAME.error). */
static void
file_away (const char *path,
           gboolean    ok,
           const char *error_text)
{
  g_autofree char *kind_dir = g_path_get_dirname (path);
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *target_dir = g_build_filename (kind_dir, ok ? "done" : "failed", NULL);
  g_autofree char *target = free_name (target_dir, name);

  if (g_mkdir_with_parents (target_dir, 0750) != 0 || g_rename (path, target) != 0)
    {
      g_warning ("drop folder: cannot move %s to %s: %s", path, target_dir, g_strerror (errno));
      return;
    }
  if (!ok)
    {
      g_autofree char *error_path = g_strconcat (target, ".error", NULL);
      g_autofree char *text = g_strconcat (error_text != NULL ? error_text : "failed", "\n", NULL);
      g_autoptr(GError) error = NULL;
      if (!g_file_set_contents (error_path, text, -1, &error))
        g_warning ("drop folder: %s", error->message);
    }
}

static void
on_job_done (JsonObject             *job,
             const IocImportResult  *result,
             gpointer                user_data)
{
  DropFile *f = user_data;
  const char *status;

  /* iocd stops: the file stays where it is, for the next start. */
  if (job == NULL)
    {
      drop_file_free (f);
      return;
    }
  status = json_object_get_string_member_with_default (job, "status", "failed");
  file_away (f->path, g_str_equal (status, "completed"),
             json_object_get_string_member_with_default (job, "error", NULL));
  g_hash_table_remove (f->drop->pending, f->path);
  drop_file_free (f);
}

static gboolean
takes_file (const IocImportKind *kind,
            const char          *name)
{
  if (name[0] == '.')
    return FALSE;
  if (g_str_has_suffix (name, ".csv"))
    return TRUE;
  return (ioc_import_kind_flags (kind) & IOC_IMPORT_JSON) && g_str_has_suffix (name, ".json");
}

static void
submit_file (IocImportDrop       *self,
             const IocImportKind *kind,
             const char          *path,
             const char          *name)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) job = NULL;
  IocImportRequest req = { 0 };
  DropFile *f;

  if ((ioc_import_kind_flags (kind) & IOC_IMPORT_NEEDS_PERIOD) && !ioc_import_period_in_name (name, &from, &to))
    {
      g_autofree char *why = g_strdup_printf ("%s needs the period in the file name: FROM..TO, e.g. "
                                              "2023-01-01..2023-12-31-%s", ioc_import_kind_name (kind), name);
      g_message ("drop folder: %s: %s", path, why);
      file_away (path, FALSE, why);
      return;
    }
  f = g_new0 (DropFile, 1);
  f->drop = self;
  f->path = g_strdup (path);
  f->kind = kind;
  req.kind = kind;
  req.path = path;
  req.file_name = name;
  req.period_from = from;
  req.period_to = to;
  req.origin = "drop";
  req.user_name = "drop-folder";
  job = ioc_importer_submit (self->importer, &req, on_job_done, f, &error);
  if (job == NULL)
    {
      /* Too many waiting: the next scan tries again. */
      g_debug ("drop folder: %s waits: %s", path, error->message);
      drop_file_free (f);
      return;
    }
  g_hash_table_add (self->pending, g_strdup (path));
  g_info ("drop folder: %s is import job %" G_GINT64_FORMAT, path, json_object_get_int_member (job, "id"));
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static void
scan (IocImportDrop *self)
{
  for (const IocImportKind *const *k = ioc_import_kinds (); *k != NULL; k++)
    {
      g_autofree char *dir = g_build_filename (self->dir, ioc_import_kind_name (*k), NULL);
      g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      if (d == NULL)
        continue;
      while ((name = g_dir_read_name (d)) != NULL)
        if (takes_file (*k, name))
          g_ptr_array_add (names, g_strdup (name));
      /* In name order: dated names import oldest first. */
      g_ptr_array_sort (names, compare_names);
      for (guint i = 0; i < names->len; i++)
        {
          g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
          if (g_hash_table_contains (self->pending, path) ||
              !g_file_test (path, G_FILE_TEST_IS_REGULAR))
            continue;
          submit_file (self, *k, path, g_ptr_array_index (names, i));
        }
    }
}

static gboolean
on_scan (gpointer user_data)
{
  IocImportDrop *self = user_data;

  self->scan_id = 0;
  scan (self);
  return G_SOURCE_REMOVE;
}

static gboolean
on_timer (gpointer user_data)
{
  scan (user_data);
  return G_SOURCE_CONTINUE;
}

static void
on_changed (GFileMonitor      *monitor,
            GFile             *file,
            GFile             *other,
            GFileMonitorEvent  event,
            gpointer           user_data)
{
  IocImportDrop *self = user_data;

  if (event != G_FILE_MONITOR_EVENT_CREATED && event != G_FILE_MONITOR_EVENT_MOVED_IN &&
      event != G_FILE_MONITOR_EVENT_RENAMED && event != G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT)
    return;
  /* A burst of renames is one scan. */
  if (self->scan_id == 0)
    self->scan_id = g_timeout_add (100, on_scan, self);
}

IocImportDrop *
ioc_import_drop_new (IocImporter  *importer,
                     IocConfig    *config,
                     const char   *dir,
                     GError      **error)
{
  g_autoptr(IocImportDrop) self = g_new0 (IocImportDrop, 1);
  gint64 interval;

  if (!ioc_config_group_int (config, "imports", "drop-scan-interval", 30, 1, 86400, &interval, error))
    return NULL;
  self->importer = importer;
  self->dir = g_strdup (dir);
  self->monitors = g_ptr_array_new_with_free_func (g_object_unref);
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (const IocImportKind *const *k = ioc_import_kinds (); *k != NULL; k++)
    {
      g_autofree char *path = g_build_filename (dir, ioc_import_kind_name (*k), NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      GFileMonitor *monitor;

      if (g_mkdir_with_parents (path, 0750) != 0)
        {
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                       "[imports] drop-dir: cannot create %s: %s", path, g_strerror (errno));
          return NULL;
        }
      monitor = g_file_monitor_directory (file, G_FILE_MONITOR_WATCH_MOVES, NULL, error);
      if (monitor == NULL)
        {
          g_prefix_error (error, "[imports] drop-dir %s: ", path);
          return NULL;
        }
      g_signal_connect (monitor, "changed", G_CALLBACK (on_changed), self);
      g_ptr_array_add (self->monitors, monitor);
    }
  self->timer_id = g_timeout_add_seconds ((guint) interval, on_timer, self);
  /* Files left while iocd was down. */
  self->scan_id = g_idle_add (on_scan, self);
  g_message ("watching the drop folder %s", dir);
  return g_steal_pointer (&self);
}

void
ioc_import_drop_free (IocImportDrop *self)
{
  if (self == NULL)
    return;
  g_clear_handle_id (&self->scan_id, g_source_remove);
  g_clear_handle_id (&self->timer_id, g_source_remove);
  for (guint i = 0; i < self->monitors->len; i++)
    {
      g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->monitors, i), self);
      g_file_monitor_cancel (g_ptr_array_index (self->monitors, i));
    }
  g_ptr_array_unref (self->monitors);
  g_hash_table_unref (self->pending);
  g_free (self->dir);
  g_free (self);
}
