/* ioc-soc-ingest.c — see ioc-soc-ingest.h
 *
 * A batch is parsed and stored as a pipeline: the lines are cut into
 * chunks; worker threads parse chunks ahead (JSON, normalisation, fold key,
 * the raw record and the event's text: everything that needs no store)
 * while the calling thread stores the chunks already parsed, in line
 * order. The calling thread parses a chunk itself when no worker has
 * started it yet, so the pipeline never waits on an idle pool, and a
 * one-core machine still makes progress. Only the calling thread touches
 * the store. At most PIPELINE_AHEAD chunks are parsed ahead: a huge body
 * is not held parsed in memory all at once.
 *
 * Folding: which open alert an alert folds into is looked up in memory
 * (Folds below), not in the database — an index on a hash takes a write at
 * a random page for every alert, and held the ingest to a third of its
 * speed. The table is a hint: the store folds only into an alert that is
 * still open and within the window (ioc_store_put_alert), so a table that
 * is behind (an alert closed by an analyst, a rolled-back batch) makes a
 * new alert at worst, never a lost one. It holds the groups written or
 * folded within the last window and more (on the wall clock), and is
 * filled at first use with the open alerts of the last window; at most
 * FOLDS_MAX groups (about 90 MB): beyond, under a flood of different
 * attacks, an alert starts a group that further alerts do not find until
 * older groups expire. So: alerts replayed from a file fold onto each other
 * while iocd runs, not across a restart.
 */
#define G_LOG_DOMAIN "iocd"

#include "ioc-soc-ingest.h"
#include "ioc-json.h"
#include "ioc-soc.h"

#include <string.h>

#define CHUNK_LINES     64
#define PIPELINE_AHEAD  8

/* ---- the open groups, in memory --------------------------------------- */

#define FOLDS_MAX        1000000
#define FOLDS_LOAD_MAX   100000
#define FOLDS_SWEEP_US   (60 * G_USEC_PER_SEC)

typedef struct {
  guint8  digest[20];   /* the fold key, binary: hashed and compared */
  gint64  id;
  gint64  last_seen;    /* event time */
  gint64  touched;      /* monotonic seconds */
} Fold;

typedef struct {
  GHashTable *groups;   /* of Fold*, keys and values alike */
  guint       window_s;
  gint64      last_sweep;
} Folds;

static guint
fold_hash (gconstpointer p)
{
  const Fold *f = p;
  guint h;

  /* A SHA-1 is uniform already. */
  memcpy (&h, f->digest, sizeof h);
  return h;
}

static gboolean
fold_equal (gconstpointer a,
            gconstpointer b)
{
  return memcmp (((const Fold *) a)->digest, ((const Fold *) b)->digest, 20) == 0;
}

static void
folds_remember (Folds        *folds,
                const guint8 *digest,
                gint64        id,
                gint64        last_seen,
                gint64        now_s)
{
  Fold *f = g_hash_table_lookup (folds->groups, digest);

  if (f == NULL)
    {
      if (g_hash_table_size (folds->groups) >= FOLDS_MAX)
        return;
      f = g_new0 (Fold, 1);
      memcpy (f->digest, digest, sizeof f->digest);
      g_hash_table_add (folds->groups, f);
    }
  /* Folded: the group moves on; new: another alert is the group now. */
  f->last_seen = f->id == id ? MAX (f->last_seen, last_seen) : last_seen;
  f->id = id;
  f->touched = now_s;
}

/* The alert of the group last seen at or after @since, or 0. */
static gint64
folds_find (Folds        *folds,
            const guint8 *digest,
            gint64        since)
{
  Fold *f = g_hash_table_lookup (folds->groups, digest);
  return f != NULL && f->last_seen >= since ? f->id : 0;
}

/* The open alerts of the last window, newest first: the groups that were
 * going on when iocd stopped. */
static void
folds_load (Folds    *folds,
            IocStore *store,
            gint64    now_s)
{
  g_autofree char *since = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC - folds->window_s);
  g_autoptr(GError) error = NULL;

  for (guint offset = 0; offset < FOLDS_LOAD_MAX; offset += 10000)
    {
      g_autoptr(IocQuery) q = ioc_query_new ();
      g_autoptr(JsonArray) rows = NULL;

      ioc_query_add_filter (q, "status", IOC_FILTER_EQ, "new,acknowledged,assigned");
      ioc_query_add_filter (q, "last_seen", IOC_FILTER_GE, since);
      q->sort_column = g_strdup ("last_seen");
      q->sort_desc = TRUE;
      q->limit = 10000;
      q->offset = offset;
      rows = ioc_store_list (store, &ioc_entity_alerts, q, NULL, &error);
      if (rows == NULL)
        {
          g_warning ("SOC alerts: the open alerts to fold into: %s", error->message);
          return;
        }
      for (guint i = 0; i < json_array_get_length (rows); i++)
        {
          JsonObject *o = json_array_get_object_element (rows, i);
          IocSocAlert a = { 0 };
          gint64 last_seen = 0;

          ioc_time_parse (json_object_get_string_member_with_default (o, "last_seen", NULL), NULL, &last_seen);
          a.row.source = json_object_get_string_member_with_default (o, "source", "");
          a.row.signature = json_object_get_string_member_with_default (o, "signature", NULL);
          a.row.signature_id = json_object_get_string_member_with_default (o, "signature_id", NULL);
          a.row.src_ip = json_object_get_string_member_with_default (o, "src_ip", NULL);
          a.row.site = json_object_get_string_member_with_default (o, "site", NULL);
          a.row.dst_ip = json_object_get_string_member_with_default (o, "dst_ip", NULL);
          ioc_soc_alert_set_fold_key (&a);
          /* Newest first: an older alert of the same group stays behind. */
          if (folds_find (folds, a.fold_digest, G_MININT64) == 0)
            folds_remember (folds, a.fold_digest, json_object_get_int_member (o, "id"), last_seen, now_s);
        }
      if (json_array_get_length (rows) < 10000)
        break;
    }
}

static void
folds_free (gpointer data)
{
  Folds *folds = data;

  g_hash_table_unref (folds->groups);
  g_free (folds);
}

/* The store's table, made (and filled) at first use. It belongs to the
 * store: ids mean something only there. */
static Folds *
folds_get (IocStore *store,
           guint     window_s,
           gint64    now_s)
{
  Folds *folds = g_object_get_data (G_OBJECT (store), "ioc-soc-folds");

  if (folds == NULL || folds->window_s != window_s)
    {
      folds = g_new0 (Folds, 1);
      folds->groups = g_hash_table_new_full (fold_hash, fold_equal, g_free, NULL);
      folds->window_s = window_s;
      folds->last_sweep = g_get_monotonic_time ();
      folds_load (folds, store, now_s);
      g_object_set_data_full (G_OBJECT (store), "ioc-soc-folds", folds, folds_free);
    }
  return folds;
}

static gboolean
fold_expired (gpointer key,
              gpointer value,
              gpointer data)
{
  const Fold *f = key;
  return f->touched < *(const gint64 *) data;
}

/* Once a minute: the groups nobody added to for a window (and a minute)
 * end; an alert of theirs would no longer be within it. */
static void
folds_sweep (Folds  *folds,
             gint64  now_s)
{
  gint64 before;

  if (g_get_monotonic_time () - folds->last_sweep < FOLDS_SWEEP_US)
    return;
  folds->last_sweep = g_get_monotonic_time ();
  before = now_s - folds->window_s - 60;
  g_hash_table_foreach_remove (folds->groups, fold_expired, &before);
}

typedef struct {
  const char   *text;
  gsize         len;
  guint         line_no;
  IocSocResult  res;
  IocSocAlert   alert;     /* detached: its strings are the chunk's */
  const char   *raw;       /* the record as JSON text */
  const char   *event;     /* the new alert's event without '{' and id */
  const char   *error;
} Line;

typedef struct _Pipeline Pipeline;

enum { CHUNK_QUEUED, CHUNK_PARSING, CHUNK_DONE };

typedef struct {
  Pipeline *pipeline;
  Line     *lines;        /* in the batch's array */
  guint     n;
  gint      state;        /* CHUNK_*: atomic */
  GStringChunk *strings;  /* of the lines, freed in one go */
} Chunk;

struct _Pipeline {
  GMutex  lock;
  GCond   cond;
  guint   tasks;          /* pushed to the pool and not returned yet */
};

/* Everything but the store, on whichever thread: the JSON trees are also
 * freed here, not on the thread that stores. */
static void
parse_chunk (Chunk *c)
{
  g_autoptr(GString) event = g_string_sized_new (1024);

  c->strings = g_string_chunk_new (c->n * 1024);
  for (guint i = 0; i < c->n; i++)
    {
      Line *l = &c->lines[i];
      g_autoptr(GError) error = NULL;

      l->res = ioc_soc_parse (l->text, l->len, &l->alert, &error);
      if (l->res == IOC_SOC_PARSED)
        {
          g_autofree char *raw = ioc_soc_alert_raw (&l->alert);
          l->raw = g_string_chunk_insert (c->strings, raw);
          g_string_truncate (event, 0);
          ioc_soc_alert_append_json (&l->alert, event);
          l->event = g_string_chunk_insert_len (c->strings, event->str, event->len);
          ioc_soc_alert_detach (&l->alert, c->strings);
        }
      else
        {
          if (l->res == IOC_SOC_INVALID)
            l->error = g_string_chunk_insert (c->strings, error->message);
          ioc_soc_alert_clear (&l->alert);
        }
    }
}

static gboolean
chunk_claim (Chunk *c)
{
  return g_atomic_int_compare_and_exchange (&c->state, CHUNK_QUEUED, CHUNK_PARSING);
}

static void
chunk_task (gpointer data,
            gpointer user_data)
{
  Chunk *c = data;
  Pipeline *p = c->pipeline;

  /* The calling thread may have taken it already. */
  if (chunk_claim (c))
    {
      parse_chunk (c);
      g_mutex_lock (&p->lock);
      g_atomic_int_set (&c->state, CHUNK_DONE);
      g_cond_broadcast (&p->cond);
      g_mutex_unlock (&p->lock);
    }
  g_mutex_lock (&p->lock);
  p->tasks--;
  g_cond_broadcast (&p->cond);
  g_mutex_unlock (&p->lock);
}

static GThreadPool *
parse_pool (void)
{
  static GThreadPool *pool;

  if (g_once_init_enter (&pool))
    {
      /* The calling thread parses too: one worker per other core. */
      int n = CLAMP ((int) g_get_num_processors () - 1, 0, 7);
      GThreadPool *p = n > 0 ? g_thread_pool_new (chunk_task, NULL, n, FALSE, NULL) : NULL;
      g_once_init_leave (&pool, p != NULL ? p : GINT_TO_POINTER (1));
    }
  return pool != GINT_TO_POINTER (1) ? pool : NULL;
}

/* Waits for chunk @i to be parsed: parses it here if nobody has begun,
 * and while a worker parses it, parses the next ones not begun (up to
 * @n_ahead) rather than sit idle. */
static void
chunk_wait (Chunk *chunks,
            guint  i,
            guint  n_ahead)
{
  Chunk *c = &chunks[i];
  Pipeline *p = c->pipeline;

  if (chunk_claim (c))
    {
      parse_chunk (c);
      g_atomic_int_set (&c->state, CHUNK_DONE);
      return;
    }
  for (guint j = i + 1; j < n_ahead && g_atomic_int_get (&c->state) != CHUNK_DONE; j++)
    if (chunk_claim (&chunks[j]))
      {
        parse_chunk (&chunks[j]);
        g_atomic_int_set (&chunks[j].state, CHUNK_DONE);
      }
  g_mutex_lock (&p->lock);
  while (g_atomic_int_get (&c->state) != CHUNK_DONE)
    g_cond_wait (&p->cond, &p->lock);
  g_mutex_unlock (&p->lock);
}

static void
chunk_clear (Chunk *c)
{
  /* Parsed lines hold no tree any more: only the strings to free. */
  for (guint i = 0; i < c->n; i++)
    ioc_soc_alert_clear (&c->lines[i].alert);
  g_clear_pointer (&c->strings, g_string_chunk_free);
}

void
ioc_soc_ingest_result_init (IocSocIngestResult *r)
{
  memset (r, 0, sizeof *r);
  r->rejected = json_array_new ();
}

void
ioc_soc_ingest_result_clear (IocSocIngestResult *r)
{
  g_clear_pointer (&r->rejected, json_array_unref);
}

/* Stores one parsed line. */
static gboolean
store_line (IocStore            *store,
            Folds               *folds,
            gint64               now_s,
            Line                *l,
            IocSocIngestResult  *r,
            GString             *event,
            GError             **error)
{
  IocAlertRow *row = &l->alert.row;
  gint64 id = 0, since = row->time - (gint64) folds->window_s;
  gboolean folded = FALSE;

  if (l->res == IOC_SOC_SKIPPED)
    {
      r->skipped++;
      return TRUE;
    }
  if (l->res == IOC_SOC_INVALID)
    {
      r->n_rejected++;
      if (json_array_get_length (r->rejected) < IOC_SOC_INGEST_MAX_LISTED)
        {
          JsonObject *bad = json_object_new ();
          json_object_set_int_member (bad, "line", l->line_no);
          json_object_set_string_member (bad, "error", l->error);
          json_array_add_object_element (r->rejected, bad);
        }
      return TRUE;
    }

  row->raw = l->raw;
  g_string_truncate (event, 0);
  if (!ioc_store_put_alert (store, row, folds_find (folds, l->alert.fold_digest, since), since,
                            &id, &folded, event, error))
    return FALSE;
  /* The group's last alert: a new one, or one that moved it on. */
  folds_remember (folds, l->alert.fold_digest, id, row->time, now_s);
  if (folded)
    r->folded++;
  else
    {
      /* The row as the API shows it, written from what was stored rather
       * than read back: one query less per alert. */
      g_string_append (event, "{\"id\":");
      ioc_json_append_int (event, id);
      g_string_append_c (event, ',');
      g_string_append (event, l->event);
      r->accepted++;
    }
  return ioc_store_append_event_text (store, folded ? "alert.updated" : "alert.created",
                                      g_strndup (event->str, event->len), error) != 0;
}

gboolean
ioc_soc_ingest (IocStore            *store,
                const char          *data,
                gsize                length,
                guint                fold_window_s,
                IocSocIngestResult  *r,
                GError             **error)
{
  g_autoptr(GArray) lines = g_array_new (FALSE, TRUE, sizeof (Line));
  g_autoptr(GString) event = g_string_sized_new (1024);
  gint64 now_s = g_get_monotonic_time () / G_USEC_PER_SEC;
  GThreadPool *pool;
  Folds *folds;
  Pipeline p = { 0 };
  Chunk *chunks;
  const char *cur = data, *end = data + length;
  guint line_no = r->lines, n_chunks, pushed = 0;
  gboolean ok = TRUE;

  /* Cut the lines (blank ones count for numbering only). */
  while (cur < end)
    {
      const char *nl = memchr (cur, '\n', end - cur);
      gsize len = nl != NULL ? (gsize) (nl - cur) : (gsize) (end - cur);

      line_no++;
      if (len > 0 && cur[len - 1] == '\r')
        len--;
      if (len > 0 && strspn (cur, " \t") < len)
        {
          Line l = { 0 };
          l.text = cur;
          l.len = len;
          l.line_no = line_no;
          g_array_append_val (lines, l);
        }
      cur = nl != NULL ? nl + 1 : end;
    }
  r->lines = line_no;
  r->read += lines->len;
  if (lines->len == 0)
    return TRUE;

  folds = folds_get (store, fold_window_s, now_s);
  folds_sweep (folds, now_s);

  n_chunks = (lines->len + CHUNK_LINES - 1) / CHUNK_LINES;
  chunks = g_new0 (Chunk, n_chunks);
  for (guint i = 0; i < n_chunks; i++)
    {
      chunks[i].pipeline = &p;
      chunks[i].n = MIN (CHUNK_LINES, lines->len - i * CHUNK_LINES);
      chunks[i].lines = &g_array_index (lines, Line, i * CHUNK_LINES);
      chunks[i].state = CHUNK_QUEUED;
    }

  g_mutex_init (&p.lock);
  g_cond_init (&p.cond);
  /* A batch of one chunk gains nothing from a worker. */
  pool = n_chunks > 1 ? parse_pool () : NULL;

  for (guint i = 0; i < n_chunks; i++)
    {
      Chunk *c = &chunks[i];

      for (; pool != NULL && pushed < n_chunks && pushed <= i + PIPELINE_AHEAD; pushed++)
        {
          g_mutex_lock (&p.lock);
          p.tasks++;
          g_mutex_unlock (&p.lock);
          g_thread_pool_push (pool, &chunks[pushed], NULL);
        }
      chunk_wait (chunks, i, pushed);
      for (guint k = 0; ok && k < c->n; k++)
        ok = store_line (store, folds, now_s, &c->lines[k], r, event, error);
      chunk_clear (c);
      if (!ok)
        break;
    }

  /* The workers may still hold chunks (parsing ahead, or about to find
   * one taken): wait for every task to return before freeing them. */
  g_mutex_lock (&p.lock);
  while (p.tasks > 0)
    g_cond_wait (&p.cond, &p.lock);
  g_mutex_unlock (&p.lock);
  for (guint i = 0; i < n_chunks; i++)
    chunk_clear (&chunks[i]);
  g_free (chunks);
  g_mutex_clear (&p.lock);
  g_cond_clear (&p.cond);
  return ok;
}
