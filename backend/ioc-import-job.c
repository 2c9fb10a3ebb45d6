/* ioc-import-job.c — background import jobs (see ioc-import-job.h) */
#define G_LOG_DOMAIN "iocd-import"

#include "ioc-import-job.h"
#include "ioc-dossier.h"
#include "ioc-import-private.h"
#include "ioc-json.h"

#include <string.h>

#define AHEAD 3   /* batches the worker may parse ahead of the writer */

typedef enum {
  PHASE_QUEUED,
  PHASE_VALIDATING,
  PHASE_WRITING,
  PHASE_DONE,
} Phase;

typedef struct _Job Job;

struct _IocImporter {
  IocStore        *store;
  IocConfig       *config;
  IocServer       *server;
  IocWorkingHours *hours;
  GQueue           queue;        /* Job*, waiting */
  Job             *running;
  guint            start_id;
  guint            max_queued;
  gsize            max_queued_bytes;
  gsize            queued_bytes;  /* uploads held by queued or running jobs */
  guint            batch_rows;
  gint64           progress_us;
};

struct _Job {
  IocImporter         *importer;
  gint64               id;
  char                *id_text;
  const IocImportKind *kind;
  IocImportOptions     opts;
  GBytes              *data;
  char                *path;
  char                *origin;
  char                *user_name;
  IocImportDone        done;
  gpointer             done_data;
  Phase                phase;
  GThread             *thread;
  volatile gint        cancel;
  gint64               started_us;
  gint64               validated_us;
  gint64               last_event_us;
  IocImportResult      wresult;     /* the writer's counts (main thread) */
  IocImportWriter      writer;
  gboolean             begun;
  gboolean             counted;     /* its upload is in importer->queued_bytes */

  /* Shared with the worker, under lock. */
  GMutex               lock;
  GCond                cond;
  GQueue               batches;     /* IocImportBatch* for the writer */
  GSource             *kick;        /* idle that wakes the main loop */
  guint                estimate;    /* rows, by counting lines */
  gboolean             validated;
  gboolean             finished;    /* the worker has returned */
  GError              *error;       /* why the worker failed */
  IocImportResult      presult;     /* the validation's counts (worker) */
};

static void job_free (Job *job);
static void start_next (IocImporter *self);

/* ---- the job row ------------------------------------------------------ */

static JsonObject *
job_row (IocImporter *self,
         Job         *job)
{
  return ioc_store_get (self->store, &ioc_entity_import_jobs, job->id_text, FALSE, NULL);
}

/* Updates the row and emits @event (import.updated/completed) with it. */
static gboolean
job_update (IocImporter  *self,
            Job          *job,
            JsonObject   *changes,
            const char   *event,
            GError      **error)
{
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonNode) data = NULL;

  if (!ioc_store_update (self->store, &ioc_entity_import_jobs, job->id_text, changes, error))
    return FALSE;
  if (event == NULL)
    return TRUE;
  row = job_row (self, job);
  if (row == NULL)
    return TRUE;
  data = json_node_init_object (json_node_alloc (), row);
  job->last_event_us = g_get_monotonic_time ();
  return ioc_store_append_event (self->store, event, data, error) > 0;
}

/* A change of the row in a transaction of its own (logged on failure). */
static void
job_update_now (IocImporter *self,
                Job         *job,
                JsonObject  *changes,
                const char  *event)
{
  g_autoptr(GError) error = NULL;

  if (!ioc_store_begin (self->store, &error) ||
      !job_update (self, job, changes, event, &error))
    {
      if (ioc_store_in_transaction (self->store))
        ioc_store_rollback (self->store);
      g_warning ("import job %s: %s", job->id_text, error->message);
      return;
    }
  if (!ioc_store_commit (self->store, &error))
    g_warning ("import job %s: %s", job->id_text, error->message);
}

/* ---- the worker ------------------------------------------------------- */

/* Wakes the main loop (the lock is held). */
static gboolean on_kick (gpointer user_data);

static void
kick_locked (Job *job)
{
  if (job->kick != NULL)
    return;
  job->kick = g_idle_source_new ();
  g_source_set_priority (job->kick, G_PRIORITY_DEFAULT);
  g_source_set_callback (job->kick, on_kick, job, NULL);
  g_source_attach (job->kick, NULL);
}

static gboolean
push_batch (IocImportParser  *p,
            IocImportBatch   *batch,
            gpointer          user_data,
            GError          **error)
{
  Job *job = user_data;

  /* Off the main loop, while the writer is busy with the batch before. */
  if (job->kind->sort_batch != NULL)
    job->kind->sort_batch (batch);
  g_mutex_lock (&job->lock);
  while (job->batches.length >= AHEAD && !g_atomic_int_get (&job->cancel))
    g_cond_wait (&job->cond, &job->lock);
  if (g_atomic_int_get (&job->cancel))
    {
      g_mutex_unlock (&job->lock);
      g_set_error_literal (error, IOC_IMPORT_ERROR, IOC_IMPORT_ERROR_CANCELLED, "the import was cancelled");
      return FALSE;
    }
  g_queue_push_tail (&job->batches, batch);
  kick_locked (job);
  g_mutex_unlock (&job->lock);
  /* The parser goes on with a fresh batch; the writer frees this one. */
  p->batch = ioc_import_batch_new (job->kind->record_size);
  return TRUE;
}

static guint
count_lines (const char *data,
             gsize       len)
{
  guint n = 0;

  for (const char *p = data; (p = memchr (p, '\n', len - (p - data))) != NULL; p++)
    n++;
  if (len > 0 && data[len - 1] != '\n')
    n++;
  return n > 0 ? n - 1 : 0;
}

static gpointer
worker (gpointer user_data)
{
  Job *job = user_data;
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize len;
  IocImportResult pass2;
  IocImportParser p;

  if (job->path != NULL)
    {
      mapped = g_mapped_file_new (job->path, FALSE, &error);
      if (mapped == NULL)
        goto failed;
      data = g_mapped_file_get_contents (mapped);
      len = g_mapped_file_get_length (mapped);
      if (data == NULL)
        data = "";
    }
  else
    data = g_bytes_get_data (job->data, &len);

  g_mutex_lock (&job->lock);
  job->estimate = count_lines (data, len);
  kick_locked (job);
  g_mutex_unlock (&job->lock);

  /* First pass: the whole file is checked before anything is written
   * (a large one in two halves at once). */
  if (!ioc_import_parse_split (job->kind, &job->opts, data, len, 8 << 20, &job->presult, &error))
    goto failed;
  g_mutex_lock (&job->lock);
  job->validated = TRUE;
  kick_locked (job);
  g_mutex_unlock (&job->lock);

  /* Second pass: the same records again, in batches for the writer. */
  ioc_import_result_init (&pass2);
  ioc_import_parser_init (&p, job->kind, &job->opts, &pass2, push_batch, job);
  if (!ioc_import_parser_run (&p, data, len, &error))
    {
      ioc_import_parser_clear (&p);
      ioc_import_result_clear (&pass2);
      goto failed;
    }
  ioc_import_parser_clear (&p);
  ioc_import_result_clear (&pass2);

  g_mutex_lock (&job->lock);
  job->finished = TRUE;
  kick_locked (job);
  g_mutex_unlock (&job->lock);
  return NULL;

failed:
  g_mutex_lock (&job->lock);
  job->error = g_steal_pointer (&error);
  job->finished = TRUE;
  kick_locked (job);
  g_mutex_unlock (&job->lock);
  return NULL;
}

/* ---- the writer (main loop) ------------------------------------------- */

static gboolean
touch_source (IocImporter  *self,
              const char   *source,
              GError      **error)
{
  g_autoptr(JsonObject) existing = NULL;
  g_autoptr(JsonObject) row = json_object_new ();
  g_autoptr(JsonNode) data = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gboolean stale;
  JsonObject *o;

  if (source == NULL)
    return TRUE;
  if (self->server != NULL)
    return ioc_server_touch_source (self->server, source, error);
  /* The command line has no server: the same row and event, written here. */
  existing = ioc_store_get (self->store, &ioc_entity_sources, source, FALSE, NULL);
  stale = existing != NULL && json_object_get_boolean_member_with_default (existing, "stale", FALSE);
  json_object_set_int_member (row, "last_update", now);
  json_object_set_boolean_member (row, "stale", FALSE);
  if (existing != NULL ? !ioc_store_update (self->store, &ioc_entity_sources, source, row, error) :
      (json_object_set_string_member (row, "name", source),
       !ioc_store_insert (self->store, &ioc_entity_sources, row, NULL, error)))
    return FALSE;
  o = json_object_new ();
  json_object_set_string_member (o, "source", source);
  json_object_set_int_member (o, "last_update", now);
  json_object_set_boolean_member (o, "stale", FALSE);
  data = json_node_init_object (json_node_alloc (), o);
  return ioc_store_append_event (self->store, stale ? "source.fresh" : "source.updated", data, error) > 0;
}

static void
set_counts (JsonObject *changes,
            Job        *job)
{
  json_object_set_int_member (changes, "rows_total", job->presult.read);
  json_object_set_int_member (changes, "rows_imported", job->wresult.imported);
  json_object_set_int_member (changes, "rows_unchanged", job->wresult.unchanged);
  json_object_set_int_member (changes, "rows_rejected", job->presult.rejected);
}

/* Ends @job: completed (@error NULL) or failed. Runs its finish step in
 * the same transaction when it completed. */
static void
job_end (IocImporter *self,
         Job         *job,
         GError      *failure)
{
  g_autoptr(JsonObject) changes = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) row = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gboolean ok = failure == NULL;

  if (ok && !ioc_store_begin (self->store, &error))
    ok = FALSE;
  if (ok && job->begun && job->kind->finish != NULL && !job->kind->finish (&job->writer, &error))
    ok = FALSE;
  if (ok && !touch_source (self, job->kind->source, &error))
    ok = FALSE;
  if (ok)
    {
      set_counts (changes, job);
      json_object_set_string_member (changes, "status", "completed");
      json_object_set_int_member (changes, "rows_done", job->wresult.imported + job->wresult.unchanged);
      json_object_set_int_member (changes, "finished_at", now);
      ok = job_update (self, job, changes, "import.completed", &error) &&
           ioc_store_commit (self->store, &error);
    }
  if (!ok)
    {
      g_autofree char *text = NULL;
      if (ioc_store_in_transaction (self->store))
        ioc_store_rollback (self->store);
      if (failure == NULL)
        failure = error;
      if (job->presult.rejected > 0)
        text = ioc_import_result_errors (&job->presult);
      else
        text = g_strdup (failure != NULL ? failure->message : "failed");
      g_clear_pointer (&changes, json_object_unref);
      changes = json_object_new ();
      set_counts (changes, job);
      json_object_set_string_member (changes, "status", "failed");
      json_object_set_string_member (changes, "error", text);
      if (job->presult.error_line > 0)
        json_object_set_int_member (changes, "error_line", job->presult.error_line);
      json_object_set_int_member (changes, "rows_done", job->wresult.imported + job->wresult.unchanged);
      json_object_set_int_member (changes, "finished_at", now);
      job_update_now (self, job, changes, "import.completed");
    }
  /* The daemon's journal tells failures; the command line prints them itself. */
  g_log_structured (G_LOG_DOMAIN, ok || self->server == NULL ? G_LOG_LEVEL_INFO : G_LOG_LEVEL_MESSAGE,
                    "MESSAGE", "import %s of %s (%s): %s; read %u, imported %u, unchanged %u, rejected %u in %.1f s "
                    "(validated in %.1f s)",
                    job->id_text, job->opts.file_name != NULL ? job->opts.file_name : "(body)", job->kind->name,
                    ok ? "completed" : "failed", job->presult.read, job->wresult.imported,
                    job->wresult.unchanged, job->presult.rejected,
                    (g_get_monotonic_time () - job->started_us) / 1e6,
                    job->validated_us > 0 ? (job->validated_us - job->started_us) / 1e6 : 0.0,
                    "IOCD_IMPORT_JOB", job->id_text);
  row = job_row (self, job);
  if (job->done != NULL)
    {
      IocImportResult r = job->presult;
      r.imported = job->wresult.imported;
      r.unchanged = job->wresult.unchanged;
      if (row == NULL)
        row = json_object_new ();
      job->done (row, &r, job->done_data);
    }
  if (error != NULL && failure == error)
    failure = NULL;
  g_clear_error (&failure);
}

static gboolean
write_batch (IocImporter     *self,
             Job             *job,
             IocImportBatch  *batch,
             GError         **error)
{
  gint64 now_us = g_get_monotonic_time ();
  g_autoptr(JsonObject) changes = json_object_new ();
  gboolean progress;

  gboolean ok;

  /* A batch may be lost to a power cut (the job is then failed and the
   * file imported again), never half-written: no wait for the disk. The
   * final transaction, which completes the job, is fully durable. */
  ioc_store_set_bulk (self->store, TRUE);
  if (!ioc_store_begin (self->store, error))
    {
      ioc_store_set_bulk (self->store, FALSE);
      return FALSE;
    }
  if (!job->kind->write (&job->writer, batch, error))
    goto fail;
  progress = now_us - job->last_event_us >= self->progress_us;
  json_object_set_int_member (changes, "rows_done", job->wresult.imported + job->wresult.unchanged);
  json_object_set_int_member (changes, "rows_imported", job->wresult.imported);
  json_object_set_int_member (changes, "rows_unchanged", job->wresult.unchanged);
  if (!job_update (self, job, changes, progress ? "import.updated" : NULL, error))
    goto fail;
  ok = ioc_store_commit (self->store, error);
  ioc_store_set_bulk (self->store, FALSE);
  return ok;

fail:
  ioc_store_rollback (self->store);
  ioc_store_set_bulk (self->store, FALSE);
  return FALSE;
}

/* Takes the writer's state once the file validated. */
static gboolean
job_begin_writing (IocImporter  *self,
                   Job          *job,
                   GError      **error)
{
  g_autoptr(JsonObject) changes = json_object_new ();

  if (!ioc_store_begin (self->store, error))
    return FALSE;
  job->writer.kind = job->kind;
  job->writer.store = self->store;
  job->writer.config = self->config;
  job->writer.opts = &job->opts;
  job->writer.result = &job->wresult;
  job->writer.user_name = job->user_name;
  if (job->kind->begin != NULL)
    {
      g_autoptr(GError) local = NULL;
      job->writer.state = job->kind->begin (&job->writer, &local);
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          ioc_store_rollback (self->store);
          return FALSE;
        }
    }
  job->begun = TRUE;
  job->phase = PHASE_WRITING;
  json_object_set_string_member (changes, "status", "writing");
  json_object_set_int_member (changes, "rows_total", job->presult.read);
  if (!job_update (self, job, changes, "import.updated", error))
    {
      ioc_store_rollback (self->store);
      return FALSE;
    }
  return ioc_store_commit (self->store, error);
}

static void
job_stop_worker (Job *job)
{
  g_atomic_int_set (&job->cancel, 1);
  g_mutex_lock (&job->lock);
  g_cond_broadcast (&job->cond);
  g_mutex_unlock (&job->lock);
  g_clear_pointer (&job->thread, g_thread_join);
}

/* One step of the running job per dispatch: at most one batch written,
 * so that the main loop serves requests between batches. */
static gboolean
on_kick (gpointer user_data)
{
  Job *job = user_data;
  IocImporter *self = job->importer;
  IocImportBatch *batch = NULL;
  gboolean validated, finished, more;
  GError *failure = NULL;

  g_mutex_lock (&job->lock);
  g_clear_pointer (&job->kick, g_source_unref);
  validated = job->validated;
  finished = job->finished;
  if (validated && job->begun)
    batch = g_queue_pop_head (&job->batches);
  if (batch != NULL)
    g_cond_signal (&job->cond);
  failure = finished && job->batches.length == 0 && batch == NULL ? g_steal_pointer (&job->error) : NULL;
  g_mutex_unlock (&job->lock);

  if (job->phase == PHASE_VALIDATING)
    {
      g_autoptr(JsonObject) changes = json_object_new ();
      g_autoptr(GError) error = NULL;

      if (validated && failure == NULL)
        {
          job->validated_us = g_get_monotonic_time ();
          if (!job_begin_writing (self, job, &error))
            {
              failure = g_steal_pointer (&error);
              goto end;
            }
          /* Batches may be waiting already. */
          g_mutex_lock (&job->lock);
          kick_locked (job);
          g_mutex_unlock (&job->lock);
          return G_SOURCE_REMOVE;
        }
      if (!finished)
        {
          /* Progress of the validation: the size is known. */
          json_object_set_int_member (changes, "rows_total", job->estimate);
          job_update_now (self, job, changes, NULL);
          return G_SOURCE_REMOVE;
        }
    }

  if (batch != NULL)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = write_batch (self, job, batch, &error);
      ioc_import_batch_free (batch);
      if (!ok)
        {
          failure = g_steal_pointer (&error);
          goto end;
        }
      g_mutex_lock (&job->lock);
      more = job->batches.length > 0 || job->finished;
      if (more)
        kick_locked (job);
      g_mutex_unlock (&job->lock);
      return G_SOURCE_REMOVE;
    }

  if (!finished)
    return G_SOURCE_REMOVE;

end:
  job_stop_worker (job);
  job->phase = PHASE_DONE;
  job_end (self, job, failure);
  self->running = NULL;
  job_free (job);
  start_next (self);
  return G_SOURCE_REMOVE;
}

static void
job_start (IocImporter *self,
           Job         *job)
{
  g_autoptr(JsonObject) changes = json_object_new ();
  g_autoptr(JsonObject) row = job_row (self, job);
  g_autoptr(GError) error = NULL;

  self->running = job;
  job->phase = PHASE_VALIDATING;
  job->started_us = g_get_monotonic_time ();
  job->opts.now = g_get_real_time () / G_USEC_PER_SEC;
  job->opts.units = ioc_unit_resolver_load (self->store, &error);
  if (row == NULL || job->opts.units == NULL)
    {
      /* The request that made it was rolled back, or the store failed. */
      if (error != NULL)
        g_warning ("import job %s: %s", job->id_text, error->message);
      self->running = NULL;
      job_free (job);
      return;
    }
  json_object_set_string_member (changes, "status", "validating");
  json_object_set_int_member (changes, "started_at", job->opts.now);
  job_update_now (self, job, changes, "import.updated");
  job->thread = g_thread_new ("ioc-import", worker, job);
}

static gboolean
on_start (gpointer user_data)
{
  IocImporter *self = user_data;

  self->start_id = 0;
  start_next (self);
  return G_SOURCE_REMOVE;
}

static void
start_next (IocImporter *self)
{
  while (self->running == NULL && self->queue.length > 0)
    job_start (self, g_queue_pop_head (&self->queue));
}

static void
job_free (Job *job)
{
  IocImportBatch *b;

  if (job->thread != NULL)
    job_stop_worker (job);
  g_mutex_lock (&job->lock);
  if (job->kick != NULL)
    {
      g_source_destroy (job->kick);
      g_clear_pointer (&job->kick, g_source_unref);
    }
  while ((b = g_queue_pop_head (&job->batches)) != NULL)
    ioc_import_batch_free (b);
  g_mutex_unlock (&job->lock);
  if (job->begun && job->kind->free_state != NULL && job->writer.state != NULL)
    job->kind->free_state (job->writer.state);
  if (job->counted)
    job->importer->queued_bytes -= g_bytes_get_size (job->data);
  g_clear_error (&job->error);
  ioc_import_result_clear (&job->presult);
  ioc_import_result_clear (&job->wresult);
  ioc_import_options_clear (&job->opts);
  g_clear_pointer (&job->data, g_bytes_unref);
  g_free (job->path);
  g_free (job->origin);
  g_free (job->user_name);
  g_free (job->id_text);
  g_mutex_clear (&job->lock);
  g_cond_clear (&job->cond);
  g_free (job);
}

/* ---- the importer ----------------------------------------------------- */

static gboolean
fail_unfinished (IocImporter  *self,
                 GError      **error)
{
  static const char *const unfinished[] = { "queued", "validating", "writing", NULL };
  g_autoptr(JsonArray) rows = NULL;
  g_autoptr(IocQuery) q = ioc_query_new ();

  ioc_query_add_filter (q, "status", IOC_FILTER_EQ, "queued,validating,writing");
  ioc_query_add_filter (q, "origin", IOC_FILTER_EQ, "api,drop");
  rows = ioc_store_list (self->store, &ioc_entity_import_jobs, q, NULL, error);
  if (rows == NULL)
    return FALSE;
  if (json_array_get_length (rows) == 0)
    return TRUE;
  if (!ioc_store_begin (self->store, error))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *o = json_array_get_object_element (rows, i);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (o, "id"));
      g_autoptr(JsonObject) changes = json_object_new ();
      g_autoptr(JsonObject) row = NULL;
      g_autoptr(JsonNode) data = NULL;

      g_assert (g_strv_contains (unfinished, json_object_get_string_member (o, "status")));
      json_object_set_string_member (changes, "status", "failed");
      json_object_set_string_member (changes, "error",
                                     "interrupted: iocd stopped before the import finished; import the file "
                                     "again (rows already written are kept, a new import adds only the rest)");
      json_object_set_int_member (changes, "finished_at", g_get_real_time () / G_USEC_PER_SEC);
      if (!ioc_store_update (self->store, &ioc_entity_import_jobs, id, changes, error) ||
          (row = ioc_store_get (self->store, &ioc_entity_import_jobs, id, FALSE, error)) == NULL)
        goto fail;
      data = json_node_init_object (json_node_alloc (), row);
      if (ioc_store_append_event (self->store, "import.completed", data, error) == 0)
        goto fail;
    }
  return ioc_store_commit (self->store, error);

fail:
  ioc_store_rollback (self->store);
  return FALSE;
}

IocImporter *
ioc_importer_new (IocStore   *store,
                  IocConfig  *config,
                  IocServer  *server,
                  GError    **error)
{
  g_autoptr(IocImporter) self = g_new0 (IocImporter, 1);
  gint64 n;

  self->store = g_object_ref (store);
  self->config = config;
  self->server = server;
  g_queue_init (&self->queue);
  if (!ioc_config_group_int (config, "imports", "max-queued", 8, 1, 1000, &n, error))
    return NULL;
  self->max_queued = (guint) n;
  if (!ioc_config_group_int (config, "imports", "max-queued-bytes", G_GINT64_CONSTANT (1) << 30,
                             1024, G_GINT64_CONSTANT (1) << 40, &n, error))
    return NULL;
  self->max_queued_bytes = (gsize) n;
  if (!ioc_config_group_int (config, "imports", "batch-rows", 20000, 100, 1000000, &n, error))
    return NULL;
  self->batch_rows = (guint) n;
  if (!ioc_config_group_int (config, "imports", "progress-interval", 1000, 50, 600000, &n, error))
    return NULL;
  self->progress_us = n * 1000;
  self->hours = ioc_working_hours_new_from_config (config, error);
  if (self->hours == NULL)
    return NULL;
  if (server != NULL && !fail_unfinished (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

void
ioc_importer_free (IocImporter *self)
{
  Job *job;

  if (self == NULL)
    return;
  g_clear_handle_id (&self->start_id, g_source_remove);
  if (self->running != NULL)
    {
      g_autoptr(JsonObject) changes = json_object_new ();
      job = g_steal_pointer (&self->running);
      job_stop_worker (job);
      json_object_set_string_member (changes, "status", "failed");
      json_object_set_string_member (changes, "error", "cancelled: iocd stopped; import the file again");
      json_object_set_int_member (changes, "finished_at", g_get_real_time () / G_USEC_PER_SEC);
      job_update_now (self, job, changes, "import.completed");
      if (job->done != NULL)
        job->done (NULL, NULL, job->done_data);
      job_free (job);
    }
  while ((job = g_queue_pop_head (&self->queue)) != NULL)
    {
      g_autoptr(JsonObject) changes = json_object_new ();
      json_object_set_string_member (changes, "status", "failed");
      json_object_set_string_member (changes, "error", "cancelled: iocd stopped before the import started");
      json_object_set_int_member (changes, "finished_at", g_get_real_time () / G_USEC_PER_SEC);
      job_update_now (self, job, changes, "import.completed");
      if (job->done != NULL)
        job->done (NULL, NULL, job->done_data);
      job_free (job);
    }
  ioc_working_hours_free (self->hours);
  g_clear_object (&self->store);
  g_free (self);
}

guint
ioc_importer_n_jobs (IocImporter *self)
{
  return self->queue.length + (self->running != NULL ? 1 : 0);
}

static gboolean
audit_submission (IocImporter  *self,
                  Job          *job,
                  JsonObject   *row,
                  GError      **error)
{
  g_autoptr(JsonObject) audit = json_object_new ();

  json_object_set_int_member (audit, "time", g_get_real_time () / G_USEC_PER_SEC);
  json_object_set_string_member (audit, "user_name", job->user_name != NULL ? job->user_name : job->origin);
  json_object_set_string_member (audit, "role", g_str_equal (job->origin, "cli") ? "cli" : "system");
  json_object_set_string_member (audit, "action", "import.create");
  json_object_set_string_member (audit, "method", g_str_equal (job->origin, "cli") ? "CLI" : "DROP");
  json_object_set_string_member (audit, "path", job->path != NULL ? job->path : "");
  json_object_set_string_member (audit, "entity", "import-jobs");
  json_object_set_string_member (audit, "entity_id", job->id_text);
  json_object_set_int_member (audit, "status", 202);
  json_object_set_object_member (audit, "after", json_object_ref (row));
  return ioc_store_insert (self->store, &ioc_entity_audit, audit, NULL, error);
}

JsonObject *
ioc_importer_submit (IocImporter             *self,
                     const IocImportRequest  *req,
                     IocImportDone            done,
                     gpointer                 user_data,
                     GError                 **error)
{
  g_autoptr(JsonObject) row = json_object_new ();
  g_autoptr(JsonObject) stored = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autofree char *id = NULL;
  gboolean own = !ioc_store_in_transaction (self->store);
  Job *job;

  g_return_val_if_fail (req->kind != NULL && (req->data != NULL || req->path != NULL), NULL);
  if (ioc_importer_n_jobs (self) >= self->max_queued)
    {
      g_set_error (error, IOC_IMPORT_ERROR, IOC_IMPORT_ERROR_OPTIONS,
                   "%u imports are already waiting; try again when one has finished", ioc_importer_n_jobs (self));
      return NULL;
    }
  /* Uploads wait in memory: bound what the queue holds. */
  if (req->data != NULL && self->queued_bytes + g_bytes_get_size (req->data) > self->max_queued_bytes)
    {
      g_set_error (error, IOC_IMPORT_ERROR, IOC_IMPORT_ERROR_OPTIONS,
                   "the imports waiting hold %" G_GSIZE_FORMAT " MB already; try again when one has finished",
                   self->queued_bytes >> 20);
      return NULL;
    }
  if ((req->kind->flags & IOC_IMPORT_NEEDS_PERIOD) && (req->period_from == NULL || req->period_to == NULL))
    {
      g_set_error (error, IOC_IMPORT_ERROR, IOC_IMPORT_ERROR_OPTIONS,
                   "%s needs the period the table covers (FROM..TO)", req->kind->name);
      return NULL;
    }

  json_object_set_string_member (row, "kind", req->kind->name);
  if (req->file_name != NULL)
    json_object_set_string_member (row, "file_name", req->file_name);
  json_object_set_string_member (row, "status", "queued");
  json_object_set_string_member (row, "origin", req->origin);
  if (req->user_name != NULL)
    json_object_set_string_member (row, "user_name", req->user_name);
  if (req->period_from != NULL)
    {
      g_autofree char *period = g_strconcat (req->period_from, "..", req->period_to, NULL);
      json_object_set_string_member (row, "period", period);
    }
  json_object_set_int_member (row, "created_at", g_get_real_time () / G_USEC_PER_SEC);

  job = g_new0 (Job, 1);
  job->importer = self;
  job->kind = req->kind;
  job->data = req->data != NULL ? g_bytes_ref (req->data) : NULL;
  job->path = g_strdup (req->path);
  job->origin = g_strdup (req->origin);
  job->user_name = g_strdup (req->user_name);
  job->done = done;
  job->done_data = user_data;
  job->opts.period_from = g_strdup (req->period_from);
  job->opts.period_to = g_strdup (req->period_to);
  job->opts.file_name = g_strdup (req->file_name);
  job->opts.hours = self->hours;
  job->opts.batch_rows = self->batch_rows;
  job->opts.cancel = &job->cancel;
  g_mutex_init (&job->lock);
  g_cond_init (&job->cond);
  g_queue_init (&job->batches);
  ioc_import_result_init (&job->presult);
  ioc_import_result_init (&job->wresult);

  if ((own && !ioc_store_begin (self->store, error)) ||
      !ioc_store_insert (self->store, &ioc_entity_import_jobs, row, &id, error))
    goto fail;
  job->id_text = g_steal_pointer (&id);
  job->id = g_ascii_strtoll (job->id_text, NULL, 10);
  stored = job_row (self, job);
  if (stored == NULL)
    {
      g_set_error_literal (error, IOC_STORE_ERROR, IOC_STORE_ERROR_FAILED, "the job row vanished");
      goto fail;
    }
  if (!g_str_equal (req->origin, "api") && !audit_submission (self, job, stored, error))
    goto fail;
  data = json_node_init_object (json_node_alloc (), stored);
  if (ioc_store_append_event (self->store, "import.updated", data, error) == 0)
    goto fail;
  if (own && !ioc_store_commit (self->store, error))
    goto fail_committed;

  g_queue_push_tail (&self->queue, job);
  if (job->data != NULL)
    {
      self->queued_bytes += g_bytes_get_size (job->data);
      job->counted = TRUE;
    }
  /* After the caller's transaction: the job row must be committed. */
  if (self->start_id == 0)
    self->start_id = g_idle_add (on_start, self);
  return g_steal_pointer (&stored);

fail:
  if (own && ioc_store_in_transaction (self->store))
    ioc_store_rollback (self->store);
fail_committed:
  /* Everything the job owns except its (never started) thread. */
  job->opts.hours = NULL;
  job_free (job);
  return NULL;
}
