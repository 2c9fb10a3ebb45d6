/* ioc-store.h — the one interface between the domain code and its storage
 *
 * IocStore is an abstract class: IocSqliteStore is the embedded default; a
 * PostgreSQL store would subclass it the same way, and nothing above this
 * header would change. Rows travel as JsonObjects whose members are the
 * columns of an IocEntity (see ioc-entity.h).
 *
 * Every change is made inside a transaction (ioc_store_begin/commit). Events
 * appended with ioc_store_append_event() get their sequence number in that
 * same transaction; once the transaction is committed the store emits
 * ::event-committed for each of them, in order. Nothing is emitted for a
 * transaction that was rolled back. This is what makes the live stream
 * gap-free: what a console receives is exactly what is on disk.
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "ioc-entity.h"

G_BEGIN_DECLS

#define IOC_STORE_ERROR (ioc_store_error_quark ())
GQuark ioc_store_error_quark (void);

typedef enum {
  IOC_STORE_ERROR_FAILED,        /* the storage itself failed (I/O, corruption) */
  IOC_STORE_ERROR_NOT_FOUND,     /* no row with that id */
  IOC_STORE_ERROR_CONFLICT,      /* unique key or state conflict */
  IOC_STORE_ERROR_INVALID,       /* a value or column the entity does not accept */
  IOC_STORE_ERROR_BUSY,          /* locked by another process */
  IOC_STORE_ERROR_VERSION,       /* database written by a newer iocd */
} IocStoreError;

typedef enum {
  IOC_FILTER_EQ,     /* value; a comma-separated list matches any */
  IOC_FILTER_GE,
  IOC_FILTER_LE,
  IOC_FILTER_LT,
  IOC_FILTER_GT,
  IOC_FILTER_NULL,   /* value ignored */
  IOC_FILTER_NOT_NULL,
  IOC_FILTER_SEARCH, /* ?q=: substring over the IOC_COL_SEARCH columns */
  IOC_FILTER_LE_OR_NULL,  /* column <= value, or no value (open-ended validity) */
  IOC_FILTER_GE_OR_NULL,
} IocFilterOp;

typedef struct {
  char        *column;  /* NULL for IOC_FILTER_SEARCH */
  IocFilterOp  op;
  char        *value;   /* textual; TIME columns take ISO 8601 or Unix seconds */
} IocFilter;

typedef struct {
  GPtrArray *filters;          /* of IocFilter* */
  char      *sort_column;      /* NULL: the entity's default */
  gboolean   sort_desc;
  guint      limit;            /* 0: no limit */
  guint      offset;
  gboolean   include_private;  /* IOC_COL_PRIVATE columns */
  gboolean   include_detail;   /* IOC_COL_DETAIL columns */
} IocQuery;

IocQuery *ioc_query_new        (void);
void      ioc_query_free       (IocQuery    *query);
void      ioc_query_add_filter (IocQuery    *query,
                                const char  *column,
                                IocFilterOp  op,
                                const char  *value);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IocQuery, ioc_query_free)

typedef struct {
  gint64  seq;
  char   *type;
  gint64  time;   /* Unix microseconds */
  char   *data;   /* JSON text */
} IocEvent;

IocEvent *ioc_event_copy (const IocEvent *event);
void      ioc_event_free (IocEvent       *event);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IocEvent, ioc_event_free)

/* The agencies × dates matrix of one metric, read from dossier_stats. */
typedef struct {
  GPtrArray *unit_ids;    /* of char*, in display order */
  GPtrArray *dates;       /* of char* "yyyy-mm-dd", ascending */
  gint64    *cells;       /* unit_ids->len × dates->len, row-major; -1 = no value */
} IocHeatmap;

void ioc_heatmap_free (IocHeatmap *heatmap);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IocHeatmap, ioc_heatmap_free)

/* One dossier record as the bulk import writes it (ioc-dossier.h): the
 * import of a dossier system's export (millions of rows) goes through
 * ioc_store_put_dossier() instead of a JsonObject per row. Times are Unix
 * seconds, 0 = none; strings may be NULL except id and agency_id. */
typedef struct {
  const char *id;
  const char *agency_id;
  const char *procedure;
  const char *field;
  const char *channel;
  gint64      received_at;
  gint64      due_at;
  gint64      accepted_at;
  gint64      resolved_at;
  gint64      accept_deadline;
} IocDossierRow;

/* One SOC alert as the ingest writes it (ioc-soc-ingest.h): the hot path
 * of the SOC feeds (tens of thousands a second) goes through
 * ioc_store_put_alert() instead of a JsonObject per row. Strings may be NULL except source, severity, category, fold_key;
 * ports are -1 when the record has none. */
typedef struct {
  gint64      time;           /* Unix seconds: first seen and last seen */
  const char *source;
  const char *severity;
  gint64      severity_rank;
  const char *category;
  const char *host;
  const char *site;
  const char *unit_id;
  const char *src_ip;
  gint64      src_port;
  const char *dst_ip;
  gint64      dst_port;
  const char *signature;
  const char *signature_id;
  const char *fold_key;
  const char *raw;            /* the record as compact JSON text */
} IocAlertRow;

typedef enum {
  IOC_STORE_PUT_NEW,
  IOC_STORE_PUT_UNCHANGED,
  IOC_STORE_PUT_CHANGED,
} IocStorePut;

#define IOC_TYPE_STORE (ioc_store_get_type ())
G_DECLARE_DERIVABLE_TYPE (IocStore, ioc_store, IOC, STORE, GObject)

struct _IocStoreClass
{
  GObjectClass parent_class;

  gboolean    (*begin)          (IocStore         *self,
                                 GError          **error);
  gboolean    (*commit)         (IocStore         *self,
                                 GError          **error);
  void        (*rollback)       (IocStore         *self);

  JsonArray  *(*list)           (IocStore         *self,
                                 const IocEntity  *entity,
                                 const IocQuery   *query,
                                 gint64           *total,
                                 GError          **error);
  JsonObject *(*get)            (IocStore         *self,
                                 const IocEntity  *entity,
                                 const char       *id,
                                 gboolean          include_private,
                                 GError          **error);
  gboolean    (*insert)         (IocStore         *self,
                                 const IocEntity  *entity,
                                 JsonObject       *row,
                                 gboolean          replace,
                                 char            **out_id,
                                 GError          **error);
  gboolean    (*update)         (IocStore         *self,
                                 const IocEntity  *entity,
                                 const char       *id,
                                 JsonObject       *changes,
                                 GError          **error);
  gboolean    (*remove)         (IocStore         *self,
                                 const IocEntity  *entity,
                                 const char       *id,
                                 GError          **error);
  gint64      (*count)          (IocStore         *self,
                                 const IocEntity  *entity,
                                 const IocQuery   *query,
                                 GError          **error);

  gint64      (*append_event)   (IocStore         *self,
                                 const char       *type,
                                 gint64            time_us,
                                 const char       *data_json,
                                 GError          **error);
  GPtrArray  *(*events_since)   (IocStore         *self,
                                 gint64            since,
                                 guint             limit,
                                 GError          **error);
  gint64      (*first_seq)      (IocStore         *self);
  gint64      (*last_seq)       (IocStore         *self);
  gint64      (*prune_events)   (IocStore         *self,
                                 gint64            keep_last,
                                 gint64            max_rows,
                                 GError          **error);

  IocHeatmap *(*heatmap)        (IocStore         *self,
                                 const char       *metric,
                                 const char       *from_date,
                                 const char       *to_date,
                                 GError          **error);

  int         (*schema_version) (IocStore         *self);
  /* One column of one row as text, hidden columns included. */
  char       *(*get_text)       (IocStore         *self,
                                 const IocEntity  *entity,
                                 const char       *id,
                                 const char       *column,
                                 GError          **error);

  char       *(*list_json)      (IocStore         *self,
                                 const IocEntity  *entity,
                                 const IocQuery   *query,
                                 gint64           *total,
                                 GError          **error);
  gint64      (*delete_where)   (IocStore         *self,
                                 const IocEntity  *entity,
                                 const IocQuery   *query,
                                 GError          **error);
  /* Optional: NULL falls back to one count() per bucket. */
  gboolean    (*count_buckets)  (IocStore         *self,
                                 const IocEntity  *entity,
                                 const IocQuery   *query,
                                 const char       *column,
                                 gint64            from,
                                 gint64            step,
                                 guint             n_buckets,
                                 gint64           *counts,
                                 GError          **error);

  /* imports (ioc-dossier.h) */
  gboolean    (*put_dossier)    (IocStore         *self,
                                 const IocDossierRow *row,
                                 gint64            now,
                                 IocDossierRow    *old,
                                 GStringChunk     *strings,
                                 IocStorePut      *result,
                                 GError          **error);
  gboolean    (*add_stat)       (IocStore         *self,
                                 const char       *unit_id,
                                 const char       *date,
                                 const char       *metric,
                                 gint64            delta,
                                 GError          **error);

  gboolean    (*put_alert)      (IocStore         *self,
                                 const IocAlertRow *row,
                                 gint64            fold_into,
                                 gint64            fold_since,
                                 gint64           *out_id,
                                 gboolean         *out_folded,
                                 GString          *folded_json,
                                 GError          **error);

  /* TRUE: the next commits may trade the durability of their last few
   * transactions (not consistency) for speed — bulk imports that can be
   * run again. */
  void        (*set_bulk)       (IocStore         *self,
                                 gboolean          bulk);

  gpointer padding[3];
};

gboolean    ioc_store_begin          (IocStore         *self,
                                      GError          **error);
gboolean    ioc_store_commit         (IocStore         *self,
                                      GError          **error);
void        ioc_store_rollback       (IocStore         *self);
gboolean    ioc_store_in_transaction (IocStore         *self);

JsonArray  *ioc_store_list           (IocStore         *self,
                                      const IocEntity  *entity,
                                      const IocQuery   *query,
                                      gint64           *total,
                                      GError          **error);
/* The same rows as ioc_store_list(), written straight to JSON text (an
 * array): what the API sends, without building a JsonNode per value. */
char       *ioc_store_list_json      (IocStore         *self,
                                      const IocEntity  *entity,
                                      const IocQuery   *query,
                                      gint64           *total,
                                      GError          **error);
JsonObject *ioc_store_get            (IocStore         *self,
                                      const IocEntity  *entity,
                                      const char       *id,
                                      gboolean          include_private,
                                      GError          **error);
gboolean    ioc_store_insert         (IocStore         *self,
                                      const IocEntity  *entity,
                                      JsonObject       *row,
                                      char            **out_id,
                                      GError          **error);
gboolean    ioc_store_upsert         (IocStore         *self,
                                      const IocEntity  *entity,
                                      JsonObject       *row,
                                      GError          **error);
gboolean    ioc_store_update         (IocStore         *self,
                                      const IocEntity  *entity,
                                      const char       *id,
                                      JsonObject       *changes,
                                      GError          **error);
gboolean    ioc_store_remove         (IocStore         *self,
                                      const IocEntity  *entity,
                                      const char       *id,
                                      GError          **error);
/* Deletes the rows matching @query's filters; returns how many, or -1. */
gint64      ioc_store_delete_where   (IocStore         *self,
                                      const IocEntity  *entity,
                                      const IocQuery   *query,
                                      GError          **error);
gint64      ioc_store_count          (IocStore         *self,
                                      const IocEntity  *entity,
                                      const IocQuery   *query,
                                      GError          **error);
/* Counts the rows @query's filters select whose TIME (or INT) @column lies
 * in [from, from + n_buckets × step), per bucket: counts[k] for
 * [from + k·step, from + (k+1)·step). One pass over the rows instead of
 * one count per bucket (weekly trends over large tables). */
gboolean    ioc_store_count_buckets  (IocStore         *self,
                                      const IocEntity  *entity,
                                      const IocQuery   *query,
                                      const char       *column,
                                      gint64            from,
                                      gint64            step,
                                      guint             n_buckets,
                                      gint64           *counts,
                                      GError          **error);

/* Appends an event inside the current transaction; returns its seq, or 0. */
gint64      ioc_store_append_event   (IocStore         *self,
                                      const char       *type,
                                      JsonNode         *data,
                                      GError          **error);
/* The same with the event's data already as JSON text (taken over). */
gint64      ioc_store_append_event_text (IocStore      *self,
                                         const char    *type,
                                         char          *data_json,
                                         GError       **error);
/* Events with seq > since, ascending, at most limit (0: all). */
GPtrArray  *ioc_store_events_since   (IocStore         *self,
                                      gint64            since,
                                      guint             limit,
                                      GError          **error);
gint64      ioc_store_first_seq      (IocStore         *self);
gint64      ioc_store_last_seq       (IocStore         *self);
/* Deletes the oldest events but the last @keep_last, at most @max_rows of
 * them (0: all); returns how many, or -1. */
gint64      ioc_store_prune_events   (IocStore         *self,
                                      gint64            keep_last,
                                      gint64            max_rows,
                                      GError          **error);

IocHeatmap *ioc_store_heatmap        (IocStore         *self,
                                      const char       *metric,
                                      const char       *from_date,
                                      const char       *to_date,
                                      GError          **error);
int         ioc_store_schema_version (IocStore         *self);
/* One column as text, hidden ones included (password hashes): for the
 * code that needs them, never for API output. NULL when the row is
 * missing or the value is NULL. */
char       *ioc_store_get_text       (IocStore         *self,
                                      const IocEntity  *entity,
                                      const char       *id,
                                      const char       *column,
                                      GError          **error);

/* In an open transaction: inserts @row, or replaces the stored dossier
 * with the same id unless it is equal. *result says which; when CHANGED,
 * *old receives the previous version (its strings copied into @strings).
 * @now becomes updated_at. */
gboolean    ioc_store_put_dossier    (IocStore            *self,
                                      const IocDossierRow *row,
                                      gint64               now,
                                      IocDossierRow       *old,
                                      GStringChunk        *strings,
                                      IocStorePut         *result,
                                      GError             **error);
/* In an open transaction: adds @delta (may be negative or 0) to the
 * computed @metric of @unit_id on @date, creating the cell (origin
 * 'computed', never below 0) when missing; an imported cell is left
 * alone. */
gboolean    ioc_store_add_stat       (IocStore         *self,
                                      const char       *unit_id,
                                      const char       *date,
                                      const char       *metric,
                                      gint64            delta,
                                      GError          **error);

/* In an open transaction: folds @row into alert @fold_into (when not 0)
 * if that alert is still open (status new, acknowledged or assigned), has
 * the same fold_key and was last seen at or after @fold_since — count + 1, last_seen the later
 * of the two — or else inserts it as a new alert (count 1, status new).
 * Which alert to try is the caller's knowledge (ioc-soc-ingest.c keeps
 * the open ones in memory); the store only checks it still holds.
 * *out_id receives the alert's id, *out_folded which it was; when it
 * folded and @folded_json is not NULL, the stored row is appended to it
 * as the API shows it (for the event). */
gboolean    ioc_store_put_alert      (IocStore            *self,
                                      const IocAlertRow   *row,
                                      gint64               fold_into,
                                      gint64               fold_since,
                                      gint64              *out_id,
                                      gboolean            *out_folded,
                                      GString             *folded_json,
                                      GError             **error);

/* Between transactions: commits of an import's batches need not wait for
 * the disk (SQLite: synchronous=NORMAL in WAL mode: a crash or power cut
 * may lose the last batches, never half of one, and a re-import restores
 * them); FALSE restores full durability for everything else. */
void        ioc_store_set_bulk       (IocStore         *self,
                                      gboolean          bulk);

/* For subclasses: called by ioc_store_commit() after the backend committed. */
void        ioc_store_emit_committed (IocStore         *self,
                                      GPtrArray        *events);

G_END_DECLS
