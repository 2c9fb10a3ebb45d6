/* ioc-store.c — the abstract store: transactions and committed events */
#define G_LOG_DOMAIN "ioc-store"

#include "ioc-store.h"
#include "ioc-json.h"

G_DEFINE_QUARK (ioc-store-error-quark, ioc_store_error)

typedef struct {
  guint      depth;         /* nested begin() count */
  gboolean   failed;        /* an inner level rolled back */
  GPtrArray *pending;       /* IocEvent* appended in the open transaction */
} IocStorePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (IocStore, ioc_store, G_TYPE_OBJECT)

enum { SIGNAL_EVENT_COMMITTED, N_SIGNALS };
static guint signals[N_SIGNALS];

IocQuery *
ioc_query_new (void)
{
  IocQuery *q = g_new0 (IocQuery, 1);
  q->filters = g_ptr_array_new ();
  return q;
}

static void
ioc_filter_free (gpointer data)
{
  IocFilter *f = data;

  g_free (f->column);
  g_free (f->value);
  g_free (f);
}

void
ioc_query_free (IocQuery *query)
{
  if (query == NULL)
    return;
  g_ptr_array_set_free_func (query->filters, ioc_filter_free);
  g_ptr_array_unref (query->filters);
  g_free (query->sort_column);
  g_free (query);
}

void
ioc_query_add_filter (IocQuery    *query,
                      const char  *column,
                      IocFilterOp  op,
                      const char  *value)
{
  IocFilter *f = g_new0 (IocFilter, 1);
  f->column = g_strdup (column);
  f->op = op;
  f->value = g_strdup (value);
  g_ptr_array_add (query->filters, f);
}

IocEvent *
ioc_event_copy (const IocEvent *event)
{
  IocEvent *e = g_new0 (IocEvent, 1);
  e->seq = event->seq;
  e->type = g_strdup (event->type);
  e->time = event->time;
  e->data = g_strdup (event->data);
  return e;
}

void
ioc_event_free (IocEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->type);
  g_free (event->data);
  g_free (event);
}

void
ioc_heatmap_free (IocHeatmap *heatmap)
{
  if (heatmap == NULL)
    return;
  g_clear_pointer (&heatmap->unit_ids, g_ptr_array_unref);
  g_clear_pointer (&heatmap->dates, g_ptr_array_unref);
  g_free (heatmap->cells);
  g_free (heatmap);
}

static void
ioc_store_finalize (GObject *object)
{
  IocStorePrivate *priv = ioc_store_get_instance_private (IOC_STORE (object));

  g_clear_pointer (&priv->pending, g_ptr_array_unref);
  G_OBJECT_CLASS (ioc_store_parent_class)->finalize (object);
}

static void
ioc_store_class_init (IocStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ioc_store_finalize;

  /**
   * IocStore::event-committed:
   * @event: (type gpointer): the #IocEvent, valid during emission only
   *
   * Emitted after a transaction that appended @event has been committed,
   * once per event and in sequence order.
   */
  signals[SIGNAL_EVENT_COMMITTED] =
    g_signal_new ("event-committed", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
ioc_store_init (IocStore *self)
{
  IocStorePrivate *priv = ioc_store_get_instance_private (self);

  priv->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) ioc_event_free);
}

gboolean
ioc_store_begin (IocStore  *self,
                 GError   **error)
{
  IocStorePrivate *priv = ioc_store_get_instance_private (self);

  g_return_val_if_fail (IOC_IS_STORE (self), FALSE);

  if (priv->depth == 0)
    {
      if (!IOC_STORE_GET_CLASS (self)->begin (self, error))
        return FALSE;
      priv->failed = FALSE;
      g_ptr_array_set_size (priv->pending, 0);
    }
  priv->depth++;
  return TRUE;
}

gboolean
ioc_store_in_transaction (IocStore *self)
{
  IocStorePrivate *priv = ioc_store_get_instance_private (self);
  return priv->depth > 0;
}

void
ioc_store_rollback (IocStore *self)
{
  IocStorePrivate *priv = ioc_store_get_instance_private (self);

  g_return_if_fail (IOC_IS_STORE (self));
  g_return_if_fail (priv->depth > 0);

  priv->depth--;
  if (priv->depth > 0)
    {
      /* An inner level failed: the whole transaction must not commit. */
      priv->failed = TRUE;
      return;
    }
  IOC_STORE_GET_CLASS (self)->rollback (self);
  g_ptr_array_set_size (priv->pending, 0);
}

gboolean
ioc_store_commit (IocStore  *self,
                  GError   **error)
{
  IocStorePrivate *priv = ioc_store_get_instance_private (self);
  g_autoptr(GPtrArray) committed = NULL;

  g_return_val_if_fail (IOC_IS_STORE (self), FALSE);
  g_return_val_if_fail (priv->depth > 0, FALSE);

  if (priv->depth > 1)
    {
      priv->depth--;
      return TRUE;
    }

  if (priv->failed)
    {
      priv->depth = 0;
      IOC_STORE_GET_CLASS (self)->rollback (self);
      g_ptr_array_set_size (priv->pending, 0);
      g_set_error_literal (error, IOC_STORE_ERROR, IOC_STORE_ERROR_FAILED,
                           "transaction rolled back by an inner failure");
      return FALSE;
    }

  if (!IOC_STORE_GET_CLASS (self)->commit (self, error))
    {
      priv->depth = 0;
      IOC_STORE_GET_CLASS (self)->rollback (self);
      g_ptr_array_set_size (priv->pending, 0);
      return FALSE;
    }
  priv->depth = 0;

  /* Hand the events out only now that they are durable. */
  committed = g_steal_pointer (&priv->pending);
  priv->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) ioc_event_free);
  ioc_store_emit_committed (self, committed);
  return TRUE;
}

void
ioc_store_emit_committed (IocStore  *self,
                          GPtrArray *events)
{
  for (guint i = 0; i < events->len; i++)
    g_signal_emit (self, signals[SIGNAL_EVENT_COMMITTED], 0, g_ptr_array_index (events, i));
}

JsonArray *
ioc_store_list (IocStore         *self,
                const IocEntity  *entity,
                const IocQuery   *query,
                gint64           *total,
                GError          **error)
{
  g_return_val_if_fail (IOC_IS_STORE (self), NULL);
  return IOC_STORE_GET_CLASS (self)->list (self, entity, query, total, error);
}

JsonObject *
ioc_store_get (IocStore         *self,
               const IocEntity  *entity,
               const char       *id,
               gboolean          include_private,
               GError          **error)
{
  g_return_val_if_fail (IOC_IS_STORE (self), NULL);
  return IOC_STORE_GET_CLASS (self)->get (self, entity, id, include_private, error);
}

gboolean
ioc_store_insert (IocStore         *self,
                  const IocEntity  *entity,
                  JsonObject       *row,
                  char            **out_id,
                  GError          **error)
{
  g_return_val_if_fail (IOC_IS_STORE (self), FALSE);
  return IOC_STORE_GET_CLASS (self)->insert (self, entity, row, FALSE, out_id, error);
}

gboolean
ioc_store_upsert (IocStore         *self,
                  const IocEntity  *entity,
                  JsonObject       *row,
                  GError          **error)
{
  g_return_val_if_fail (IOC_IS_STORE (self), FALSE);
  return IOC_STORE_GET_CLASS (self)->insert (self, entity, row, TRUE, NULL, error);
}

gboolean
ioc_store_update (IocStore         *self,
                  const IocEntity  *entity,
                  const char       *id,
                  JsonObject       *changes,
                  GError          **error)
{
  g_return_val_if_fail (IOC_IS_STORE (self), FALSE);
  return IOC_STORE_GET_CLASS (self)->update (self, entity, id, changes, error);
}

gboolean
ioc_store_remove (IocStore         *self,
                  const IocEntity  *entity,
                  const char       *id,
                  GError          **error)
{
  g_return_val_if_fail (IOC_IS_STORE (self), FALSE);
  return IOC_STORE_GET_CLASS (self)->remove (self, entity, id, error);
}

gint64
ioc_store_count (IocStore         *self,
                 const IocEntity  *entity,
                 const IocQuery   *query,
                 GError          **error)
{
  g_return_val_if_fail (IOC_IS_STORE (self), -1);
  return IOC_STORE_GET_CLASS (self)->count (self, entity, query, error);
}

gboolean
ioc_store_count_buckets (IocStore         *self,
                         const IocEntity  *entity,
                         const IocQuery   *query,
                         const char       *column,
                         gint64            from,
                         gint64            step,
                         guint             n_buckets,
                         gint64           *counts,
                         GError          **error)
{
  const IocColumn *col;

  g_return_val_if_fail (IOC_IS_STORE (self), FALSE);
  g_return_val_if_fail (step > 0 && counts != NULL, FALSE);

  col = ioc_entity_column (entity, column);
  if (col == NULL || (col->type != IOC_COL_TIME && col->type != IOC_COL_INT))
    {
      g_set_error (error, IOC_STORE_ERROR, IOC_STORE_ERROR_INVALID,
                   "%s has no time column %s", entity->name, column);
      return FALSE;
    }
  if (IOC_STORE_GET_CLASS (self)->count_buckets != NULL)
    return IOC_STORE_GET_CLASS (self)->count_buckets (self, entity, query, column, from, step,
                                                      n_buckets, counts, error);
  for (guint k = 0; k < n_buckets; k++)
    {
      g_autoptr(IocQuery) q = ioc_query_new ();
      char buf[32];

      for (guint i = 0; query != NULL && i < query->filters->len; i++)
        {
          IocFilter *f = g_ptr_array_index (query->filters, i);
          ioc_query_add_filter (q, f->column, f->op, f->value);
        }
      g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, from + (gint64) k * step);
      ioc_query_add_filter (q, column, IOC_FILTER_GE, buf);
      g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, from + (gint64) (k + 1) * step);
      ioc_query_add_filter (q, column, IOC_FILTER_LT, buf);
      counts[k] = IOC_STORE_GET_CLASS (self)->count (self, entity, q, error);
      if (counts[k] < 0)
        return FALSE;
    }
  return TRUE;
}

gint64
ioc_store_append_event (IocStore  *self,
                        const char *type,
                        JsonNode  *data,
                        GError   **error)
{
  g_return_val_if_fail (IOC_IS_STORE (self), 0);
  return ioc_store_append_event_text (self, type, data != NULL ? ioc_json_to_string (data) : g_strdup ("{}"), error);
}

gint64
ioc_store_append_event_text (IocStore   *self,
                             const char *type,
                             char       *data_json,
                             GError    **error)
{
  IocStorePrivate *priv = ioc_store_get_instance_private (self);
  g_autofree char *json = data_json;
  gint64 now = g_get_real_time ();
  gint64 seq;
  IocEvent *ev;

  g_return_val_if_fail (IOC_IS_STORE (self), 0);
  g_return_val_if_fail (type != NULL && data_json != NULL, 0);

  if (priv->depth == 0)
    {
      g_set_error_literal (error, IOC_STORE_ERROR, IOC_STORE_ERROR_FAILED,
                           "events can only be appended inside a transaction");
      return 0;
    }

  seq = IOC_STORE_GET_CLASS (self)->append_event (self, type, now, json, error);
  if (seq <= 0)
    return 0;

  ev = g_new0 (IocEvent, 1);
  ev->seq = seq;
  ev->type = g_strdup (type);
  ev->time = now;
  ev->data = g_steal_pointer (&json);
  g_ptr_array_add (priv->pending, ev);
  return seq;
}

GPtrArray *
ioc_store_events_since (IocStore  *self,
                        gint64     since,
                        guint      limit,
                        GError   **error)
{
  g_return_val_if_fail (IOC_IS_STORE (self), NULL);
  return IOC_STORE_GET_CLASS (self)->events_since (self, since, limit, error);
}

gint64
ioc_store_first_seq (IocStore *self)
{
  return IOC_STORE_GET_CLASS (self)->first_seq (self);
}

gint64
ioc_store_last_seq (IocStore *self)
{
  return IOC_STORE_GET_CLASS (self)->last_seq (self);
}

gint64
ioc_store_prune_events (IocStore  *self,
                        gint64     keep_last,
                        gint64     max_rows,
                        GError   **error)
{
  return IOC_STORE_GET_CLASS (self)->prune_events (self, keep_last, max_rows, error);
}

IocHeatmap *
ioc_store_heatmap (IocStore    *self,
                   const char  *metric,
                   const char  *from_date,
                   const char  *to_date,
                   GError     **error)
{
  return IOC_STORE_GET_CLASS (self)->heatmap (self, metric, from_date, to_date, error);
}

int
ioc_store_schema_version (IocStore *self)
{
  return IOC_STORE_GET_CLASS (self)->schema_version (self);
}

char *
ioc_store_get_text (IocStore         *self,
                    const IocEntity  *entity,
                    const char       *id,
                    const char       *column,
                    GError          **error)
{
  g_return_val_if_fail (IOC_IS_STORE (self), NULL);
  return IOC_STORE_GET_CLASS (self)->get_text (self, entity, id, column, error);
}

gint64
ioc_store_delete_where (IocStore         *self,
                        const IocEntity  *entity,
                        const IocQuery   *query,
                        GError          **error)
{
  g_return_val_if_fail (IOC_IS_STORE (self), -1);
  return IOC_STORE_GET_CLASS (self)->delete_where (self, entity, query, error);
}

char *
ioc_store_list_json (IocStore         *self,
                     const IocEntity  *entity,
                     const IocQuery   *query,
                     gint64           *total,
                     GError          **error)
{
  g_return_val_if_fail (IOC_IS_STORE (self), NULL);
  return IOC_STORE_GET_CLASS (self)->list_json (self, entity, query, total, error);
}

gboolean
ioc_store_put_dossier (IocStore            *self,
                       const IocDossierRow *row,
                       gint64               now,
                       IocDossierRow       *old,
                       GStringChunk        *strings,
                       IocStorePut         *result,
                       GError             **error)
{
  g_return_val_if_fail (IOC_IS_STORE (self), FALSE);
  return IOC_STORE_GET_CLASS (self)->put_dossier (self, row, now, old, strings, result, error);
}

gboolean
ioc_store_put_alert (IocStore          *self,
                     const IocAlertRow *row,
                     gint64             fold_into,
                     gint64             fold_since,
                     gint64            *out_id,
                     gboolean          *out_folded,
                     GString           *folded_json,
                     GError           **error)
{
  g_return_val_if_fail (IOC_IS_STORE (self), FALSE);
  g_return_val_if_fail (row != NULL && row->fold_key != NULL, FALSE);
  return IOC_STORE_GET_CLASS (self)->put_alert (self, row, fold_into, fold_since, out_id, out_folded, folded_json, error);
}

gboolean
ioc_store_add_stat (IocStore    *self,
                    const char  *unit_id,
                    const char  *date,
                    const char  *metric,
                    gint64       delta,
                    GError     **error)
{
  g_return_val_if_fail (IOC_IS_STORE (self), FALSE);
  return IOC_STORE_GET_CLASS (self)->add_stat (self, unit_id, date, metric, delta, error);
}

void
ioc_store_set_bulk (IocStore *self,
                    gboolean  bulk)
{
  g_return_if_fail (IOC_IS_STORE (self));
  if (IOC_STORE_GET_CLASS (self)->set_bulk != NULL)
    IOC_STORE_GET_CLASS (self)->set_bulk (self, bulk);
}
