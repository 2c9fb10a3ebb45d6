/* ioc-store-sqlite.c — IocStore on SQLite in WAL mode
 *
 * One connection, used from the main thread only. Statements are prepared
 * once and cached by their SQL text. Every public operation that changes
 * data expects to be inside ioc_store_begin()/ioc_store_commit().
 *
 * Checkpoints (copying the WAL back into the database file) run on a
 * thread of their own with a second connection, instead of inside the
 * commit that crossed the threshold: at tens of thousands of alerts a
 * second they were a fifth of the main loop's time. A PASSIVE checkpoint
 * never blocks the writer; the writer copies only the rest (wal_hook).
 */
#define G_LOG_DOMAIN "ioc-store"

#include "config.h"

#include "ioc-store-sqlite.h"
#include "ioc-json.h"
#include "ioc-schema.sql.h"

#include <math.h>
#include <sqlite3.h>
#include <string.h>

struct _IocSqliteStore
{
  IocStore    parent_instance;
  sqlite3    *db;
  char       *path;
  GHashTable *stmts;     /* SQL text → sqlite3_stmt* */
  int         version;
  /* The statements of the bulk paths, run per row of million-row imports:
   * looked up once (they belong to stmts). */
  sqlite3_stmt *put_insert, *put_select, *put_update, *stat_add;
  /* … and of the SOC alert ingest, run per alert. */
  sqlite3_stmt *alert_fold, *alert_insert, *alert_row, *event_insert;
  GPtrArray    *alert_row_columns;

  /* The checkpoint thread (NULL for a database without a file). */
  GThread      *checkpointer;
  GMutex        ckpt_lock;
  GCond         ckpt_cond;
  gboolean      ckpt_wanted, ckpt_quit;
};

/* A checkpoint every 32 MiB of WAL, not every 4 MiB: a batch of an import
 * rewrites the same index pages, once per checkpoint. */
#define CHECKPOINT_PAGES      8192

G_DEFINE_FINAL_TYPE (IocSqliteStore, ioc_sqlite_store, IOC_TYPE_STORE)

int
ioc_sqlite_store_latest_version (void)
{
  return (int) G_N_ELEMENTS (ioc_schema_migrations);
}

static gboolean
set_sqlite_error (IocSqliteStore  *self,
                  int              rc,
                  const char      *what,
                  GError         **error)
{
  int code = IOC_STORE_ERROR_FAILED;
  int primary = rc & 0xff;

  if (primary == SQLITE_CONSTRAINT)
    code = IOC_STORE_ERROR_CONFLICT;
  else if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
    code = IOC_STORE_ERROR_BUSY;
  g_set_error (error, IOC_STORE_ERROR, code, "%s: %s", what,
               self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
  return FALSE;
}

static sqlite3_stmt *
stmt_get (IocSqliteStore  *self,
          const char      *sql,
          GError         **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->stmts, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, "prepare", error);
      return NULL;
    }
  g_hash_table_insert (self->stmts, g_strdup (sql), stmt);
  return stmt;
}

gboolean
ioc_sqlite_store_exec (IocSqliteStore  *self,
                       const char      *sql,
                       GError         **error)
{
  char *msg = NULL;
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, &msg);

  if (rc != SQLITE_OK)
    {
      g_set_error (error, IOC_STORE_ERROR,
                   (rc & 0xff) == SQLITE_CONSTRAINT ? IOC_STORE_ERROR_CONFLICT : IOC_STORE_ERROR_FAILED,
                   "%s", msg != NULL ? msg : sqlite3_errstr (rc));
      sqlite3_free (msg);
      return FALSE;
    }
  return TRUE;
}

struct sqlite3 *
ioc_sqlite_store_get_db (IocSqliteStore *self)
{
  return self->db;
}

/* ---- transactions --------------------------------------------------- */

static gboolean
sqlite_begin (IocStore  *store,
              GError   **error)
{
  return ioc_sqlite_store_exec (IOC_SQLITE_STORE (store), "BEGIN IMMEDIATE", error);
}

static gboolean
sqlite_commit (IocStore  *store,
               GError   **error)
{
  return ioc_sqlite_store_exec (IOC_SQLITE_STORE (store), "COMMIT", error);
}

static void
sqlite_rollback (IocStore *store)
{
  IocSqliteStore *self = IOC_SQLITE_STORE (store);

  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

/* ---- values ---------------------------------------------------------- */

static JsonNode *
column_to_node (const IocColumn *col,
                sqlite3_stmt    *stmt,
                int              i)
{
  int t = sqlite3_column_type (stmt, i);

  if (t == SQLITE_NULL)
    return json_node_new (JSON_NODE_NULL);

  switch (col->type)
    {
    case IOC_COL_INT:
      return json_node_init_int (json_node_alloc (), sqlite3_column_int64 (stmt, i));
    case IOC_COL_BOOL:
      return json_node_init_boolean (json_node_alloc (), sqlite3_column_int64 (stmt, i) != 0);
    case IOC_COL_REAL:
      {
        double d = sqlite3_column_double (stmt, i);
        if (col->flags & IOC_COL_ROUND5)
          d = round (d * 1e5) / 1e5;
        return json_node_init_double (json_node_alloc (), d);
      }
    case IOC_COL_TIME:
      {
        g_autofree char *iso = ioc_time_format (sqlite3_column_int64 (stmt, i));
        return json_node_init_string (json_node_alloc (), iso);
      }
    case IOC_COL_JSON:
      {
        const char *text = (const char *) sqlite3_column_text (stmt, i);
        JsonNode *node = ioc_json_parse (text, -1, NULL);
        return node != NULL ? node : json_node_init_string (json_node_alloc (), text);
      }
    case IOC_COL_TEXT:
    default:
      return json_node_init_string (json_node_alloc (), (const char *) sqlite3_column_text (stmt, i));
    }
}

/* Binds a JSON member to the column's SQL type; tells which field was wrong. */
static gboolean
bind_node (const IocColumn  *col,
           sqlite3_stmt     *stmt,
           int               idx,
           JsonNode         *node,
           GError          **error)
{
  GType vt;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      sqlite3_bind_null (stmt, idx);
      return TRUE;
    }

  if (col->type == IOC_COL_JSON)
    {
      g_autofree char *text = ioc_json_to_string (node);
      sqlite3_bind_text (stmt, idx, text, -1, SQLITE_TRANSIENT);
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node))
    goto wrong_type;
  vt = json_node_get_value_type (node);

  switch (col->type)
    {
    case IOC_COL_TEXT:
      if (vt != G_TYPE_STRING)
        goto wrong_type;
      sqlite3_bind_text (stmt, idx, json_node_get_string (node), -1, SQLITE_TRANSIENT);
      return TRUE;
    case IOC_COL_INT:
      if (vt != G_TYPE_INT64)
        goto wrong_type;
      sqlite3_bind_int64 (stmt, idx, json_node_get_int (node));
      return TRUE;
    case IOC_COL_BOOL:
      if (vt == G_TYPE_BOOLEAN)
        sqlite3_bind_int (stmt, idx, json_node_get_boolean (node) ? 1 : 0);
      else if (vt == G_TYPE_INT64)
        sqlite3_bind_int (stmt, idx, json_node_get_int (node) != 0);
      else
        goto wrong_type;
      return TRUE;
    case IOC_COL_REAL:
      {
        double d;
        if (vt == G_TYPE_DOUBLE)
          d = json_node_get_double (node);
        else if (vt == G_TYPE_INT64)
          d = (double) json_node_get_int (node);
        else
          goto wrong_type;
        if (!isfinite (d))
          goto wrong_type;
        sqlite3_bind_double (stmt, idx, d);
        return TRUE;
      }
    case IOC_COL_TIME:
      {
        gint64 t;
        if (vt == G_TYPE_INT64)
          t = json_node_get_int (node);
        else if (vt == G_TYPE_STRING && ioc_time_parse (json_node_get_string (node), ioc_time_zone_local (), &t))
          ;
        else
          {
            g_set_error (error, IOC_STORE_ERROR, IOC_STORE_ERROR_INVALID,
                         "%s must be an ISO 8601 time", col->name);
            return FALSE;
          }
        sqlite3_bind_int64 (stmt, idx, t);
        return TRUE;
      }
    case IOC_COL_JSON:
    default:
      break;
    }

wrong_type:
  {
    static const char *const names[] = { "a string", "an integer", "a number", "a boolean", "JSON", "a time" };
    g_set_error (error, IOC_STORE_ERROR, IOC_STORE_ERROR_INVALID,
                 "%s must be %s", col->name, names[col->type]);
    return FALSE;
  }
}

/* Binds a textual filter value (from a query string) to the column's type. */
static gboolean
bind_text_value (const IocColumn  *col,
                 sqlite3_stmt     *stmt,
                 int               idx,
                 const char       *value,
                 GError          **error)
{
  char *end = NULL;

  switch (col->type)
    {
    case IOC_COL_INT:
    case IOC_COL_BOOL:
      {
        gint64 n;
        if (col->type == IOC_COL_BOOL && (g_strcmp0 (value, "true") == 0 || g_strcmp0 (value, "false") == 0))
          n = value[0] == 't';
        else
          {
            n = g_ascii_strtoll (value, &end, 10);
            if (end == value || *end != '\0')
              {
                g_set_error (error, IOC_STORE_ERROR, IOC_STORE_ERROR_INVALID,
                             "%s must be an integer", col->name);
                return FALSE;
              }
          }
        sqlite3_bind_int64 (stmt, idx, n);
        return TRUE;
      }
    case IOC_COL_REAL:
      {
        double d = g_ascii_strtod (value, &end);
        if (end == value || *end != '\0')
          {
            g_set_error (error, IOC_STORE_ERROR, IOC_STORE_ERROR_INVALID,
                         "%s must be a number", col->name);
            return FALSE;
          }
        sqlite3_bind_double (stmt, idx, d);
        return TRUE;
      }
    case IOC_COL_TIME:
      {
        gint64 t;
        if (!ioc_time_parse (value, ioc_time_zone_local (), &t))
          {
            g_set_error (error, IOC_STORE_ERROR, IOC_STORE_ERROR_INVALID,
                         "%s must be an ISO 8601 time or date", col->name);
            return FALSE;
          }
        sqlite3_bind_int64 (stmt, idx, t);
        return TRUE;
      }
    default:
      sqlite3_bind_text (stmt, idx, value, -1, SQLITE_TRANSIENT);
      return TRUE;
    }
}

static gboolean
column_visible (const IocColumn *col,
                gboolean         include_private,
                gboolean         include_detail)
{
  if (col->flags & IOC_COL_HIDDEN)
    return FALSE;
  if ((col->flags & IOC_COL_PRIVATE) && !include_private)
    return FALSE;
  if ((col->flags & IOC_COL_DETAIL) && !include_detail)
    return FALSE;
  return TRUE;
}

static void
append_select_columns (GString         *sql,
                       const IocEntity *entity,
                       gboolean         include_private,
                       gboolean         include_detail,
                       GPtrArray       *out_columns)
{
  gboolean first = TRUE;

  for (const IocColumn *c = entity->columns; c->name != NULL; c++)
    {
      if (!column_visible (c, include_private, include_detail))
        continue;
      g_string_append_printf (sql, "%s\"%s\"", first ? "" : ", ", c->name);
      g_ptr_array_add (out_columns, (gpointer) c);
      first = FALSE;
    }
}

static JsonObject *
row_to_object (sqlite3_stmt *stmt,
               GPtrArray    *columns)
{
  JsonObject *obj = json_object_new ();

  for (guint i = 0; i < columns->len; i++)
    {
      const IocColumn *c = g_ptr_array_index (columns, i);
      json_object_set_member (obj, c->name, column_to_node (c, stmt, (int) i));
    }
  return obj;
}

/* ---- queries --------------------------------------------------------- */

typedef struct {
  const IocColumn *col;
  const char      *value;
  gboolean         like;   /* a ?q= pattern: escape LIKE wildcards */
} Binding;

static gboolean
build_where (const IocEntity  *entity,
             const IocQuery   *query,
             GString          *sql,
             GArray           *bindings,
             GPtrArray        *owned,
             GError          **error)
{
  gboolean first = TRUE;

  if (query == NULL)
    return TRUE;

  for (guint i = 0; i < query->filters->len; i++)
    {
      IocFilter *f = g_ptr_array_index (query->filters, i);
      const IocColumn *col = NULL;

      g_string_append (sql, first ? " WHERE " : " AND ");
      first = FALSE;

      if (f->op == IOC_FILTER_SEARCH)
        {
          gboolean any = FALSE;
          g_string_append_c (sql, '(');
          for (const IocColumn *c = entity->columns; c->name != NULL; c++)
            {
              Binding b = { c, f->value, TRUE };
              if (!(c->flags & IOC_COL_SEARCH))
                continue;
              g_string_append_printf (sql, "%s\"%s\" LIKE '%%' || ? || '%%' ESCAPE '\\'",
                                      any ? " OR " : "", c->name);
              g_array_append_val (bindings, b);
              any = TRUE;
            }
          if (!any)
            {
              g_set_error (error, IOC_STORE_ERROR, IOC_STORE_ERROR_INVALID,
                           "%s cannot be searched", entity->name);
              return FALSE;
            }
          g_string_append_c (sql, ')');
          continue;
        }

      /* Which columns a *client* may filter is the API's business
       * (ioc_request_build_query); the store filters any column. */
      col = ioc_entity_column (entity, f->column);
      if (col == NULL)
        {
          g_set_error (error, IOC_STORE_ERROR, IOC_STORE_ERROR_INVALID,
                       "%s cannot filter %s", f->column, entity->name);
          return FALSE;
        }

      switch (f->op)
        {
        case IOC_FILTER_EQ:
          {
            g_auto(GStrv) parts = g_strsplit (f->value != NULL ? f->value : "", ",", 0);
            guint n = g_strv_length (parts);
            if (n <= 1)
              {
                Binding b = { col, f->value != NULL ? f->value : "", FALSE };
                g_string_append_printf (sql, "\"%s\" = ?", col->name);
                g_array_append_val (bindings, b);
              }
            else
              {
                g_string_append_printf (sql, "\"%s\" IN (", col->name);
                for (guint k = 0; k < n; k++)
                  {
                    Binding b = { col, NULL, FALSE };
                    g_string_append (sql, k ? ",?" : "?");
                    b.value = g_strdup (parts[k]);
                    g_ptr_array_add (owned, (gpointer) b.value);
                    g_array_append_val (bindings, b);
                  }
                g_string_append_c (sql, ')');
              }
          }
          break;
        case IOC_FILTER_GE:
        case IOC_FILTER_LE:
        case IOC_FILTER_LT:
        case IOC_FILTER_GT:
          {
            static const char *const ops[] = { "=", ">=", "<=", "<", ">" };
            Binding b = { col, f->value, FALSE };
            g_string_append_printf (sql, "\"%s\" %s ?", col->name, ops[f->op]);
            g_array_append_val (bindings, b);
          }
          break;
        case IOC_FILTER_NULL:
          g_string_append_printf (sql, "\"%s\" IS NULL", col->name);
          break;
        case IOC_FILTER_LE_OR_NULL:
        case IOC_FILTER_GE_OR_NULL:
          {
            Binding b = { col, f->value, FALSE };
            g_string_append_printf (sql, "(\"%s\" IS NULL OR \"%s\" %s ?)", col->name, col->name,
                                    f->op == IOC_FILTER_LE_OR_NULL ? "<=" : ">=");
            g_array_append_val (bindings, b);
          }
          break;
        case IOC_FILTER_NOT_NULL:
          g_string_append_printf (sql, "\"%s\" IS NOT NULL", col->name);
          break;
        case IOC_FILTER_SEARCH:
        default:
          g_assert_not_reached ();
        }
    }
  return TRUE;
}

static gboolean
bind_all (GArray        *bindings,
          sqlite3_stmt  *stmt,
          GError       **error)
{
  for (guint i = 0; i < bindings->len; i++)
    {
      Binding *b = &g_array_index (bindings, Binding, i);
      if (b->like)
        {
          /* LIKE pattern: escape the wildcards of the user's text. */
          g_autoptr(GString) esc = g_string_new (NULL);
          for (const char *p = b->value; *p; p++)
            {
              if (*p == '%' || *p == '_' || *p == '\\')
                g_string_append_c (esc, '\\');
              g_string_append_c (esc, *p);
            }
          sqlite3_bind_text (stmt, (int) i + 1, esc->str, -1, SQLITE_TRANSIENT);
        }
      else if (!bind_text_value (b->col, stmt, (int) i + 1, b->value, error))
        return FALSE;
    }
  return TRUE;
}

static gint64 sqlite_count (IocStore *store, const IocEntity *entity, const IocQuery *query, GError **error);

/* Appends one column of the current row as JSON text (the fast path of
 * lists: no JsonNode per value). Mirrors column_to_node(). */
static void
append_column_json (GString         *out,
                    const IocColumn *col,
                    sqlite3_stmt    *stmt,
                    int              i)
{
  if (sqlite3_column_type (stmt, i) == SQLITE_NULL)
    {
      g_string_append (out, "null");
      return;
    }
  switch (col->type)
    {
    case IOC_COL_INT:
      ioc_json_append_int (out, sqlite3_column_int64 (stmt, i));
      break;
    case IOC_COL_BOOL:
      g_string_append (out, sqlite3_column_int64 (stmt, i) != 0 ? "true" : "false");
      break;
    case IOC_COL_REAL:
      {
        double d = sqlite3_column_double (stmt, i);
        if (col->flags & IOC_COL_ROUND5)
          d = round (d * 1e5) / 1e5;
        ioc_json_append_double (out, d);
      }
      break;
    case IOC_COL_TIME:
      g_string_append_c (out, '"');
      ioc_time_append (out, sqlite3_column_int64 (stmt, i));
      g_string_append_c (out, '"');
      break;
    case IOC_COL_JSON:
      /* Stored by ioc_json_to_string: already compact, valid JSON. */
      g_string_append (out, (const char *) sqlite3_column_text (stmt, i));
      break;
    case IOC_COL_TEXT:
    default:
      ioc_json_append_string (out, (const char *) sqlite3_column_text (stmt, i));
      break;
    }
}

/* Appends the current row of @stmt, whose result columns are @columns,
 * as a JSON object. */
static void
append_row_json (GString      *out,
                 sqlite3_stmt *stmt,
                 GPtrArray    *columns)
{
  g_string_append_c (out, '{');
  for (guint i = 0; i < columns->len; i++)
    {
      const IocColumn *c = g_ptr_array_index (columns, i);
      if (i > 0)
        g_string_append_c (out, ',');
      ioc_json_append_string (out, c->name);
      g_string_append_c (out, ':');
      append_column_json (out, c, stmt, (int) i);
    }
  g_string_append_c (out, '}');
}

/* A list as either a JsonArray (@out_array) or JSON text (@out_json). */
static gboolean
run_list (IocSqliteStore   *self,
          const IocEntity  *entity,
          const IocQuery   *query,
          gint64           *total,
          JsonArray        *out_array,
          GString          *out_json,
          GError          **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT ");
  g_autoptr(GString) where = g_string_new (NULL);
  g_autoptr(GArray) bindings = g_array_new (FALSE, FALSE, sizeof (Binding));
  g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) columns = g_ptr_array_new ();
  const char *sort = NULL;
  gboolean desc = FALSE;
  const IocColumn *sort_col;
  sqlite3_stmt *stmt;
  guint n = 0;
  int rc;

  append_select_columns (sql, entity,
                         query != NULL && query->include_private,
                         query != NULL && query->include_detail, columns);
  g_string_append_printf (sql, " FROM \"%s\"", entity->table);

  if (!build_where (entity, query, where, bindings, owned, error))
    return FALSE;
  g_string_append (sql, where->str);

  if (query != NULL && query->sort_column != NULL)
    {
      sort = query->sort_column;
      desc = query->sort_desc;
    }
  else
    {
      sort = entity->default_sort;
      if (sort[0] == '-')
        {
          desc = TRUE;
          sort++;
        }
    }
  sort_col = ioc_entity_column (entity, sort);
  if (sort_col == NULL)
    {
      g_set_error (error, IOC_STORE_ERROR, IOC_STORE_ERROR_INVALID,
                   "%s cannot sort %s", sort, entity->name);
      return FALSE;
    }
  /* The id breaks ties so that paging is stable. */
  g_string_append_printf (sql, " ORDER BY \"%s\" %s, \"%s\" %s",
                          sort_col->name, desc ? "DESC" : "ASC",
                          entity->id_column, desc ? "DESC" : "ASC");
  if (query != NULL && query->limit > 0)
    g_string_append_printf (sql, " LIMIT %u OFFSET %u", query->limit, query->offset);
  else if (query != NULL && query->offset > 0)
    g_string_append_printf (sql, " LIMIT -1 OFFSET %u", query->offset);

  stmt = stmt_get (self, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  if (!bind_all (bindings, stmt, error))
    return FALSE;
  if (out_json != NULL)
    g_string_append_c (out_json, '[');
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (out_array != NULL)
        json_array_add_object_element (out_array, row_to_object (stmt, columns));
      else
        {
          if (n > 0)
            g_string_append_c (out_json, ',');
          append_row_json (out_json, stmt, columns);
        }
      n++;
    }
  if (out_json != NULL)
    g_string_append_c (out_json, ']');
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, "list", error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);

  if (total != NULL)
    {
      guint offset = query != NULL ? query->offset : 0;

      /* Skip the COUNT(*) when this page already tells the total. */
      if (query == NULL || query->limit == 0 || (n > 0 && n < query->limit) ||
          (n == 0 && offset == 0))
        *total = offset + n;
      else
        {
          *total = sqlite_count (IOC_STORE (self), entity, query, error);
          if (*total < 0)
            return FALSE;
        }
    }
  return TRUE;
}

static JsonArray *
sqlite_list (IocStore         *store,
             const IocEntity  *entity,
             const IocQuery   *query,
             gint64           *total,
             GError          **error)
{
  g_autoptr(JsonArray) items = json_array_new ();

  if (!run_list (IOC_SQLITE_STORE (store), entity, query, total, items, NULL, error))
    return NULL;
  return g_steal_pointer (&items);
}

static char *
sqlite_list_json (IocStore         *store,
                  const IocEntity  *entity,
                  const IocQuery   *query,
                  gint64           *total,
                  GError          **error)
{
  g_autoptr(GString) out = g_string_sized_new (4096);

  if (!run_list (IOC_SQLITE_STORE (store), entity, query, total, NULL, out, error))
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* "SELECT COUNT(*)" or "DELETE" over the rows @query's filters select,
 * prepared and bound. */
static sqlite3_stmt *
prepare_filtered (IocSqliteStore   *self,
                  const char       *verb,
                  const IocEntity  *entity,
                  const IocQuery   *query,
                  GError          **error)
{
  g_autoptr(GString) where = g_string_new (NULL);
  g_autoptr(GArray) bindings = g_array_new (FALSE, FALSE, sizeof (Binding));
  g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  if (!build_where (entity, query, where, bindings, owned, error))
    return NULL;
  sql = g_strdup_printf ("%s FROM \"%s\"%s", verb, entity->table, where->str);
  stmt = stmt_get (self, sql, error);
  /* Values are bound as copies: the owned strings may go now. */
  if (stmt == NULL || !bind_all (bindings, stmt, error))
    return NULL;
  return stmt;
}

static gint64
sqlite_count (IocStore         *store,
              const IocEntity  *entity,
              const IocQuery   *query,
              GError          **error)
{
  IocSqliteStore *self = IOC_SQLITE_STORE (store);
  sqlite3_stmt *stmt = prepare_filtered (self, "SELECT COUNT(*)", entity, query, error);
  gint64 n;

  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      set_sqlite_error (self, sqlite3_errcode (self->db), "count", error);
      sqlite3_reset (stmt);
      return -1;
    }
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

/* One pass: the column of the selected rows in the whole range, bucketed
 * here (no per-week statement text in the cache). */
static gboolean
sqlite_count_buckets (IocStore         *store,
                      const IocEntity  *entity,
                      const IocQuery   *query,
                      const char       *column,
                      gint64            from,
                      gint64            step,
                      guint             n_buckets,
                      gint64           *counts,
                      GError          **error)
{
  IocSqliteStore *self = IOC_SQLITE_STORE (store);
  g_autoptr(IocQuery) q = ioc_query_new ();
  g_autofree char *verb = g_strdup_printf ("SELECT \"%s\"", column);   /* checked by ioc_store_count_buckets */
  char buf[32];
  sqlite3_stmt *stmt;
  int rc;

  for (guint i = 0; query != NULL && i < query->filters->len; i++)
    {
      IocFilter *f = g_ptr_array_index (query->filters, i);
      ioc_query_add_filter (q, f->column, f->op, f->value);
    }
  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, from);
  ioc_query_add_filter (q, column, IOC_FILTER_GE, buf);
  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, from + (gint64) n_buckets * step);
  ioc_query_add_filter (q, column, IOC_FILTER_LT, buf);
  stmt = prepare_filtered (self, verb, entity, q, error);
  if (stmt == NULL)
    return FALSE;
  memset (counts, 0, n_buckets * sizeof (gint64));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 k = (sqlite3_column_int64 (stmt, 0) - from) / step;
      if (k >= 0 && k < n_buckets)
        counts[k]++;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, "count", error);
      return FALSE;
    }
  return TRUE;
}

static gint64
sqlite_delete_where (IocStore         *store,
                     const IocEntity  *entity,
                     const IocQuery   *query,
                     GError          **error)
{
  IocSqliteStore *self = IOC_SQLITE_STORE (store);
  sqlite3_stmt *stmt = prepare_filtered (self, "DELETE", entity, query, error);
  int rc;

  if (stmt == NULL)
    return -1;
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, "delete", error);
      return -1;
    }
  return sqlite3_changes (self->db);
}

static gboolean
bind_id (const IocEntity  *entity,
         sqlite3_stmt     *stmt,
         int               idx,
         const char       *id,
         GError          **error)
{
  if (entity->id_is_int)
    {
      char *end = NULL;
      gint64 n = g_ascii_strtoll (id, &end, 10);
      if (end == id || *end != '\0')
        {
          g_set_error (error, IOC_STORE_ERROR, IOC_STORE_ERROR_NOT_FOUND,
                       "no %s with id %s", entity->name, id);
          return FALSE;
        }
      sqlite3_bind_int64 (stmt, idx, n);
    }
  else
    sqlite3_bind_text (stmt, idx, id, -1, SQLITE_TRANSIENT);
  return TRUE;
}

static JsonObject *
sqlite_get (IocStore         *store,
            const IocEntity  *entity,
            const char       *id,
            gboolean          include_private,
            GError          **error)
{
  IocSqliteStore *self = IOC_SQLITE_STORE (store);
  g_autoptr(GString) sql = g_string_new ("SELECT ");
  g_autoptr(GPtrArray) columns = g_ptr_array_new ();
  sqlite3_stmt *stmt;
  JsonObject *obj = NULL;
  int rc;

  append_select_columns (sql, entity, include_private, TRUE, columns);
  g_string_append_printf (sql, " FROM \"%s\" WHERE \"%s\" = ?", entity->table, entity->id_column);
  stmt = stmt_get (self, sql->str, error);
  if (stmt == NULL)
    return NULL;
  if (!bind_id (entity, stmt, 1, id, error))
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    obj = row_to_object (stmt, columns);
  else if (rc == SQLITE_DONE)
    g_set_error (error, IOC_STORE_ERROR, IOC_STORE_ERROR_NOT_FOUND,
                 "no %s with id %s", entity->name, id);
  else
    set_sqlite_error (self, rc, "get", error);
  sqlite3_reset (stmt);
  return obj;
}

static gboolean
sqlite_insert (IocStore         *store,
               const IocEntity  *entity,
               JsonObject       *row,
               gboolean          replace,
               char            **out_id,
               GError          **error)
{
  IocSqliteStore *self = IOC_SQLITE_STORE (store);
  g_autoptr(GString) sql = g_string_new (replace ? "INSERT OR REPLACE INTO " : "INSERT INTO ");
  g_autoptr(GString) values = g_string_new (NULL);
  g_autoptr(GPtrArray) cols = g_ptr_array_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;
  sqlite3_stmt *stmt;
  int rc;

  g_string_append_printf (sql, "\"%s\" (", entity->table);
  json_object_iter_init_ordered (&iter, row);
  while (json_object_iter_next_ordered (&iter, &name, &node))
    {
      const IocColumn *col = ioc_entity_column (entity, name);
      if (col == NULL)
        {
          g_set_error (error, IOC_STORE_ERROR, IOC_STORE_ERROR_INVALID,
                       "%s is not a field of %s", name, entity->name);
          return FALSE;
        }
      g_string_append_printf (sql, "%s\"%s\"", cols->len ? ", " : "", name);
      g_string_append (values, cols->len ? ", ?" : "?");
      g_ptr_array_add (cols, (gpointer) col);
    }
  if (cols->len == 0)
    g_string_append_printf (sql, ") DEFAULT VALUES");
  else
    g_string_append_printf (sql, ") VALUES (%s)", values->str);

  stmt = stmt_get (self, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < cols->len; i++)
    {
      const IocColumn *col = g_ptr_array_index (cols, i);
      if (!bind_node (col, stmt, (int) i + 1, json_object_get_member (row, col->name), error))
        {
          sqlite3_reset (stmt);
          return FALSE;
        }
    }
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, rc, entity->name, error);

  if (out_id != NULL)
    {
      if (entity->id_is_int && !json_object_has_member (row, entity->id_column))
        *out_id = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) sqlite3_last_insert_rowid (self->db));
      else if (entity->id_is_int)
        *out_id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (row, entity->id_column));
      else
        *out_id = g_strdup (json_object_get_string_member (row, entity->id_column));
    }
  return TRUE;
}

static gboolean
sqlite_update (IocStore         *store,
               const IocEntity  *entity,
               const char       *id,
               JsonObject       *changes,
               GError          **error)
{
  IocSqliteStore *self = IOC_SQLITE_STORE (store);
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GPtrArray) cols = g_ptr_array_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;
  sqlite3_stmt *stmt;
  int rc;

  g_string_append_printf (sql, "UPDATE \"%s\" SET ", entity->table);
  json_object_iter_init_ordered (&iter, changes);
  while (json_object_iter_next_ordered (&iter, &name, &node))
    {
      const IocColumn *col = ioc_entity_column (entity, name);
      if (col == NULL || g_str_equal (name, entity->id_column))
        {
          g_set_error (error, IOC_STORE_ERROR, IOC_STORE_ERROR_INVALID,
                       "%s is not a changeable field of %s", name, entity->name);
          return FALSE;
        }
      g_string_append_printf (sql, "%s\"%s\" = ?", cols->len ? ", " : "", name);
      g_ptr_array_add (cols, (gpointer) col);
    }
  if (cols->len == 0)
    return TRUE;
  g_string_append_printf (sql, " WHERE \"%s\" = ?", entity->id_column);

  stmt = stmt_get (self, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < cols->len; i++)
    {
      const IocColumn *col = g_ptr_array_index (cols, i);
      if (!bind_node (col, stmt, (int) i + 1, json_object_get_member (changes, col->name), error))
        {
          sqlite3_reset (stmt);
          return FALSE;
        }
    }
  if (!bind_id (entity, stmt, (int) cols->len + 1, id, error))
    return FALSE;
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, rc, entity->name, error);
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, IOC_STORE_ERROR, IOC_STORE_ERROR_NOT_FOUND,
                   "no %s with id %s", entity->name, id);
      return FALSE;
    }
  return TRUE;
}

static gboolean
sqlite_remove (IocStore         *store,
               const IocEntity  *entity,
               const char       *id,
               GError          **error)
{
  IocSqliteStore *self = IOC_SQLITE_STORE (store);
  g_autofree char *sql = g_strdup_printf ("DELETE FROM \"%s\" WHERE \"%s\" = ?",
                                          entity->table, entity->id_column);
  sqlite3_stmt *stmt = stmt_get (self, sql, error);
  int rc;

  if (stmt == NULL || !bind_id (entity, stmt, 1, id, error))
    return FALSE;
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, rc, entity->name, error);
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, IOC_STORE_ERROR, IOC_STORE_ERROR_NOT_FOUND,
                   "no %s with id %s", entity->name, id);
      return FALSE;
    }
  return TRUE;
}

/* ---- events ---------------------------------------------------------- */

static sqlite3_stmt *stmt_cached (IocSqliteStore *self, sqlite3_stmt **slot, const char *sql, GError **error);

static gint64
sqlite_append_event (IocStore    *store,
                     const char  *type,
                     gint64       time_us,
                     const char  *data_json,
                     GError     **error)
{
  IocSqliteStore *self = IOC_SQLITE_STORE (store);
  sqlite3_stmt *stmt = stmt_cached (self, &self->event_insert, "INSERT INTO events (type, time, data) VALUES (?, ?, ?)", error);
  int rc;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, type, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, time_us);
  sqlite3_bind_text (stmt, 3, data_json, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, "event", error);
      return 0;
    }
  return sqlite3_last_insert_rowid (self->db);
}

static GPtrArray *
sqlite_events_since (IocStore  *store,
                     gint64     since,
                     guint      limit,
                     GError   **error)
{
  IocSqliteStore *self = IOC_SQLITE_STORE (store);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) ioc_event_free);
  sqlite3_stmt *stmt = stmt_get (self, "SELECT seq, type, time, data FROM events WHERE seq > ? ORDER BY seq LIMIT ?", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, since);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : -1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      IocEvent *e = g_new0 (IocEvent, 1);
      e->seq = sqlite3_column_int64 (stmt, 0);
      e->type = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      e->time = sqlite3_column_int64 (stmt, 2);
      e->data = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      g_ptr_array_add (out, e);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, "events", error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

static gint64
query_int (IocSqliteStore *self,
           const char     *sql,
           gint64          fallback)
{
  sqlite3_stmt *stmt = stmt_get (self, sql, NULL);
  gint64 v = fallback;

  if (stmt == NULL)
    return fallback;
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    v = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return v;
}

static gint64
sqlite_last_seq (IocStore *store)
{
  /* sqlite_sequence remembers the highest seq ever given, even after pruning. */
  return query_int (IOC_SQLITE_STORE (store),
                    "SELECT seq FROM sqlite_sequence WHERE name = 'events'", 0);
}

static gint64
sqlite_first_seq (IocStore *store)
{
  gint64 first = query_int (IOC_SQLITE_STORE (store), "SELECT MIN(seq) FROM events", -1);

  /* No event retained: the next one will be the first. */
  if (first < 0)
    return sqlite_last_seq (store) + 1;
  return first;
}

static gint64
sqlite_prune_events (IocStore  *store,
                     gint64     keep_last,
                     gint64     max_rows,
                     GError   **error)
{
  IocSqliteStore *self = IOC_SQLITE_STORE (store);
  gint64 last = sqlite_last_seq (store), upto;
  sqlite3_stmt *stmt;
  int rc;

  if (last - keep_last <= 0)
    return 0;
  upto = last - keep_last;
  if (max_rows > 0)
    upto = MIN (upto, sqlite_first_seq (store) + max_rows - 1);
  stmt = stmt_get (self, "DELETE FROM events WHERE seq <= ?", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, upto);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, "prune", error);
      return -1;
    }
  return sqlite3_changes (self->db);
}

/* ---- heatmap --------------------------------------------------------- */

static IocHeatmap *
sqlite_heatmap (IocStore    *store,
                const char  *metric,
                const char  *from_date,
                const char  *to_date,
                GError     **error)
{
  IocSqliteStore *self = IOC_SQLITE_STORE (store);
  g_autoptr(IocHeatmap) hm = g_new0 (IocHeatmap, 1);
  g_autoptr(GHashTable) unit_index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) date_index = g_hash_table_new (g_str_hash, g_str_equal);
  sqlite3_stmt *stmt;
  int rc;

  hm->unit_ids = g_ptr_array_new_with_free_func (g_free);
  hm->dates = g_ptr_array_new_with_free_func (g_free);

  /* Rows: worst first (largest sum), then by id for a stable order. */
  stmt = stmt_get (self,
                   "SELECT unit_id, SUM(value) AS s FROM dossier_stats"
                   " WHERE metric = ?1 AND date >= ?2 AND date <= ?3"
                   " GROUP BY unit_id ORDER BY s DESC, unit_id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, metric, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, from_date != NULL ? from_date : "0000-00-00", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, to_date != NULL ? to_date : "9999-99-99", -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      char *id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      g_hash_table_insert (unit_index, id, GUINT_TO_POINTER (hm->unit_ids->len + 1));
      g_ptr_array_add (hm->unit_ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, "heatmap", error);
      return NULL;
    }

  stmt = stmt_get (self,
                   "SELECT DISTINCT date FROM dossier_stats"
                   " WHERE metric = ?1 AND date >= ?2 AND date <= ?3 ORDER BY date", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, metric, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, from_date != NULL ? from_date : "0000-00-00", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, to_date != NULL ? to_date : "9999-99-99", -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      char *d = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      g_hash_table_insert (date_index, d, GUINT_TO_POINTER (hm->dates->len + 1));
      g_ptr_array_add (hm->dates, d);
    }
  sqlite3_reset (stmt);

  hm->cells = g_new (gint64, MAX (1, hm->unit_ids->len * hm->dates->len));
  for (guint i = 0; i < hm->unit_ids->len * hm->dates->len; i++)
    hm->cells[i] = -1;

  stmt = stmt_get (self,
                   "SELECT unit_id, date, value FROM dossier_stats"
                   " WHERE metric = ?1 AND date >= ?2 AND date <= ?3", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, metric, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, from_date != NULL ? from_date : "0000-00-00", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, to_date != NULL ? to_date : "9999-99-99", -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint u = GPOINTER_TO_UINT (g_hash_table_lookup (unit_index, sqlite3_column_text (stmt, 0)));
      guint d = GPOINTER_TO_UINT (g_hash_table_lookup (date_index, sqlite3_column_text (stmt, 1)));
      if (u > 0 && d > 0)
        hm->cells[(u - 1) * hm->dates->len + (d - 1)] = sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&hm);
}

/* ---- dossier records in bulk (ioc-dossier.h) --------------------------- */

static sqlite3_stmt *
stmt_cached (IocSqliteStore  *self,
             sqlite3_stmt   **slot,
             const char      *sql,
             GError         **error)
{
  if (*slot != NULL)
    {
      sqlite3_reset (*slot);
      sqlite3_clear_bindings (*slot);
      return *slot;
    }
  *slot = stmt_get (self, sql, error);
  return *slot;
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           idx,
                   const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, idx, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, idx);
}

static void
bind_time_or_null (sqlite3_stmt *stmt,
                   int           idx,
                   gint64        t)
{
  if (t != 0)
    sqlite3_bind_int64 (stmt, idx, t);
  else
    sqlite3_bind_null (stmt, idx);
}

static void
bind_dossier (sqlite3_stmt        *stmt,
              const IocDossierRow *row,
              gint64               now)
{
  sqlite3_bind_text (stmt, 1, row->id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, row->agency_id, -1, SQLITE_STATIC);
  bind_text_or_null (stmt, 3, row->procedure);
  bind_text_or_null (stmt, 4, row->field);
  bind_text_or_null (stmt, 5, row->channel);
  sqlite3_bind_int64 (stmt, 6, row->received_at);
  bind_time_or_null (stmt, 7, row->due_at);
  bind_time_or_null (stmt, 8, row->accepted_at);
  bind_time_or_null (stmt, 9, row->resolved_at);
  bind_time_or_null (stmt, 10, row->accept_deadline);
  sqlite3_bind_int64 (stmt, 11, now);
}

static const char *
column_text_copy (sqlite3_stmt *stmt,
                  int           i,
                  GStringChunk *strings)
{
  const char *t = (const char *) sqlite3_column_text (stmt, i);
  return t != NULL ? g_string_chunk_insert_const (strings, t) : NULL;
}

static gboolean
same_text (const char *a,
           const char *b)
{
  return g_strcmp0 (a, b) == 0;
}

static gboolean
sqlite_put_dossier (IocStore            *store,
                    const IocDossierRow *row,
                    gint64               now,
                    IocDossierRow       *old,
                    GStringChunk        *strings,
                    IocStorePut         *result,
                    GError             **error)
{
  IocSqliteStore *self = IOC_SQLITE_STORE (store);
  sqlite3_stmt *stmt;
  IocDossierRow o = { 0 };
  int rc;

  stmt = stmt_cached (self, &self->put_insert,
                   "INSERT INTO dossiers (id, agency_id, procedure, field, channel, received_at,"
                   " due_at, accepted_at, resolved_at, accept_deadline, updated_at)"
                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT (id) DO NOTHING", error);
  if (stmt == NULL)
    return FALSE;
  bind_dossier (stmt, row, now);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, rc, "dossiers", error);
  if (sqlite3_changes (self->db) == 1)
    {
      *result = IOC_STORE_PUT_NEW;
      return TRUE;
    }

  stmt = stmt_cached (self, &self->put_select,
                   "SELECT agency_id, procedure, field, channel, received_at, due_at, accepted_at,"
                   " resolved_at, accept_deadline FROM dossiers WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, row->id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return set_sqlite_error (self, rc == SQLITE_DONE ? SQLITE_ERROR : rc, "dossiers", error);
    }
  o.id = row->id;
  o.agency_id = column_text_copy (stmt, 0, strings);
  o.procedure = column_text_copy (stmt, 1, strings);
  o.field = column_text_copy (stmt, 2, strings);
  o.channel = column_text_copy (stmt, 3, strings);
  o.received_at = sqlite3_column_int64 (stmt, 4);
  o.due_at = sqlite3_column_int64 (stmt, 5);
  o.accepted_at = sqlite3_column_int64 (stmt, 6);
  o.resolved_at = sqlite3_column_int64 (stmt, 7);
  o.accept_deadline = sqlite3_column_int64 (stmt, 8);
  sqlite3_reset (stmt);

  if (same_text (o.agency_id, row->agency_id) && same_text (o.procedure, row->procedure) &&
      same_text (o.field, row->field) && same_text (o.channel, row->channel) &&
      o.received_at == row->received_at && o.due_at == row->due_at &&
      o.accepted_at == row->accepted_at && o.resolved_at == row->resolved_at &&
      o.accept_deadline == row->accept_deadline)
    {
      *result = IOC_STORE_PUT_UNCHANGED;
      return TRUE;
    }

  stmt = stmt_cached (self, &self->put_update,
                   "UPDATE dossiers SET agency_id = ?2, procedure = ?3, field = ?4, channel = ?5,"
                   " received_at = ?6, due_at = ?7, accepted_at = ?8, resolved_at = ?9,"
                   " accept_deadline = ?10, updated_at = ?11 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_dossier (stmt, row, now);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, rc, "dossiers", error);
  *old = o;
  *result = IOC_STORE_PUT_CHANGED;
  return TRUE;
}

static gboolean
sqlite_add_stat (IocStore    *store,
                 const char  *unit_id,
                 const char  *date,
                 const char  *metric,
                 gint64       delta,
                 GError     **error)
{
  IocSqliteStore *self = IOC_SQLITE_STORE (store);
  /* An imported cell (origin 'imported') wins: it is left as printed. A
   * delta of 0 only creates a missing cell. */
  sqlite3_stmt *stmt = stmt_cached (self, &self->stat_add,
                                 "INSERT INTO dossier_stats (unit_id, date, metric, value, origin)"
                                 " VALUES (?1, ?2, ?3, MAX(?4, 0), 'computed')"
                                 " ON CONFLICT (metric, date, unit_id) DO UPDATE"
                                 " SET value = MAX(dossier_stats.value + ?4, 0)"
                                 " WHERE dossier_stats.origin = 'computed' AND ?4 != 0", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, unit_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, date, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, metric, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, delta);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, rc, "dossier_stats", error);
  return TRUE;
}

/* ---- SOC alerts (ioc-soc-ingest.h) --------------------------------- */

static void
bind_port (sqlite3_stmt *stmt,
           int           idx,
           gint64        port)
{
  if (port >= 0)
    sqlite3_bind_int64 (stmt, idx, port);
  else
    sqlite3_bind_null (stmt, idx);
}

/* SELECT of one alert with the columns the API shows. */
static sqlite3_stmt *
alert_row_stmt (IocSqliteStore  *self,
                GError         **error)
{
  g_autoptr(GString) sql = NULL;
  g_autoptr(GPtrArray) columns = NULL;

  if (self->alert_row != NULL)
    return stmt_cached (self, &self->alert_row, NULL, error);
  sql = g_string_new ("SELECT ");
  columns = g_ptr_array_new ();
  append_select_columns (sql, &ioc_entity_alerts, FALSE, FALSE, columns);
  g_string_append (sql, " FROM alerts WHERE id = ?");
  if (stmt_cached (self, &self->alert_row, sql->str, error) == NULL)
    return NULL;
  self->alert_row_columns = g_steal_pointer (&columns);
  return self->alert_row;
}

static gboolean
sqlite_put_alert (IocStore          *store,
                  const IocAlertRow *row,
                  gint64             fold_into,
                  gint64             fold_since,
                  gint64            *out_id,
                  gboolean          *out_folded,
                  GString           *folded_json,
                  GError           **error)
{
  IocSqliteStore *self = IOC_SQLITE_STORE (store);
  sqlite3_stmt *stmt;
  int rc;

  if (fold_into != 0)
    {
      /* Still open and within the window? Then it is one more of it. */
      stmt = stmt_cached (self, &self->alert_fold,
                          "UPDATE alerts SET count = count + 1, last_seen = max(last_seen, ?2)"
                          " WHERE id = ?1 AND last_seen >= ?3 AND fold_key = ?4"
                          " AND status IN ('new', 'acknowledged', 'assigned')", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, fold_into);
      sqlite3_bind_int64 (stmt, 2, row->time);
      sqlite3_bind_int64 (stmt, 3, fold_since);
      /* An id the caller remembers from a batch that was rolled back may
       * belong to another alert since. */
      sqlite3_bind_text (stmt, 4, row->fold_key, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return set_sqlite_error (self, rc, "alert", error);

      if (sqlite3_changes (self->db) == 1)
        {
          if (folded_json != NULL)
            {
              stmt = alert_row_stmt (self, error);
              if (stmt == NULL)
                return FALSE;
              sqlite3_bind_int64 (stmt, 1, fold_into);
              rc = sqlite3_step (stmt);
              if (rc == SQLITE_ROW)
                append_row_json (folded_json, stmt, self->alert_row_columns);
              sqlite3_reset (stmt);
              if (rc != SQLITE_ROW)
                return set_sqlite_error (self, rc, "alert", error);
            }
          *out_id = fold_into;
          *out_folded = TRUE;
          return TRUE;
        }
    }

  stmt = stmt_cached (self, &self->alert_insert,
                      "INSERT INTO alerts (time, last_seen, source, severity, severity_rank, category,"
                      " host, site, unit_id, src_ip, src_port, dst_ip, dst_port, signature, signature_id,"
                      " count, status, fold_key, raw)"
                      " VALUES (?1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, 1, 'new', ?15, ?16)",
                      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row->time);
  sqlite3_bind_text (stmt, 2, row->source, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, row->severity, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, row->severity_rank);
  sqlite3_bind_text (stmt, 5, row->category, -1, SQLITE_STATIC);
  bind_text_or_null (stmt, 6, row->host);
  bind_text_or_null (stmt, 7, row->site);
  bind_text_or_null (stmt, 8, row->unit_id);
  bind_text_or_null (stmt, 9, row->src_ip);
  bind_port (stmt, 10, row->src_port);
  bind_text_or_null (stmt, 11, row->dst_ip);
  bind_port (stmt, 12, row->dst_port);
  bind_text_or_null (stmt, 13, row->signature);
  bind_text_or_null (stmt, 14, row->signature_id);
  sqlite3_bind_text (stmt, 15, row->fold_key, -1, SQLITE_STATIC);
  bind_text_or_null (stmt, 16, row->raw);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, rc, "alert", error);
  *out_id = sqlite3_last_insert_rowid (self->db);
  *out_folded = FALSE;
  return TRUE;
}

static void
sqlite_set_bulk (IocStore *store,
                 gboolean  bulk)
{
  IocSqliteStore *self = IOC_SQLITE_STORE (store);
  g_autoptr(GError) error = NULL;

  if (!ioc_sqlite_store_exec (self, bulk ? "PRAGMA synchronous = NORMAL" : "PRAGMA synchronous = FULL", &error))
    g_warning ("%s", error->message);
}

static char *
sqlite_get_text (IocStore         *store,
                 const IocEntity  *entity,
                 const char       *id,
                 const char       *column,
                 GError          **error)
{
  IocSqliteStore *self = IOC_SQLITE_STORE (store);
  const IocColumn *col = ioc_entity_column (entity, column);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  char *out = NULL;
  int rc;

  if (col == NULL)
    {
      g_set_error (error, IOC_STORE_ERROR, IOC_STORE_ERROR_INVALID,
                   "%s is not a field of %s", column, entity->name);
      return NULL;
    }
  sql = g_strdup_printf ("SELECT \"%s\" FROM \"%s\" WHERE \"%s\" = ?",
                         col->name, entity->table, entity->id_column);
  stmt = stmt_get (self, sql, error);
  if (stmt == NULL || !bind_id (entity, stmt, 1, id, error))
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    out = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else if (rc == SQLITE_DONE)
    g_set_error (error, IOC_STORE_ERROR, IOC_STORE_ERROR_NOT_FOUND,
                 "no %s with id %s", entity->name, id);
  else if (rc != SQLITE_ROW)
    set_sqlite_error (self, rc, "get", error);
  sqlite3_reset (stmt);
  return out;
}

static int
sqlite_schema_version (IocStore *store)
{
  return IOC_SQLITE_STORE (store)->version;
}

/* ---- open and migrate ------------------------------------------------- */

static int
read_user_version (IocSqliteStore *self)
{
  sqlite3_stmt *stmt = NULL;
  int v = 0;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    v = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return v;
}

static gboolean
migrate (IocSqliteStore  *self,
         int              target,
         GError         **error)
{
  int current = read_user_version (self);

  if (current > ioc_sqlite_store_latest_version ())
    {
      g_set_error (error, IOC_STORE_ERROR, IOC_STORE_ERROR_VERSION,
                   "%s has schema version %d, newer than this iocd understands (%d)",
                   self->path, current, ioc_sqlite_store_latest_version ());
      return FALSE;
    }

  for (int v = current + 1; v <= target; v++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", v);

      g_info ("migrating %s from schema version %d to %d", self->path, v - 1, v);
      if (!ioc_sqlite_store_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!ioc_sqlite_store_exec (self, ioc_schema_migrations[v - 1], error) ||
          !ioc_sqlite_store_exec (self, bump, error))
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          g_prefix_error (error, "migration to schema version %d: ", v);
          return FALSE;
        }
      if (!ioc_sqlite_store_exec (self, "COMMIT", error))
        return FALSE;
    }
  self->version = MAX (current, target);
  return TRUE;
}

/* ---- checkpoints ------------------------------------------------------ */

/* Another connection holds the database (the checkpoint thread starting
 * the WAL again, an iocd import): try again every half millisecond, for
 * up to 5 s. sqlite3_busy_timeout() sleeps 1, 2, 5, 10 … ms, which made
 * the writer wait several times longer than the lock was held. */
static int
busy_wait (void *data,
           int   count)
{
  if (count >= 10000)
    return 0;
  g_usleep (500);
  return 1;
}

/* On the checkpoint thread: PASSIVE while the writer goes on, then again
 * for what it added meanwhile, until all of it is in the database. */
static void
checkpoint (IocSqliteStore *self,
            sqlite3        *db)
{
  for (guint round = 0; round < 64; round++)
    {
      int n_log = 0, n_done = 0;
      int rc = sqlite3_wal_checkpoint_v2 (db, NULL, SQLITE_CHECKPOINT_PASSIVE, &n_log, &n_done);

      if (rc != SQLITE_OK && (rc & 0xff) != SQLITE_BUSY)
        {
          g_warning ("%s: checkpoint: %s", self->path, sqlite3_errmsg (db));
          return;
        }
      /* Caught up; or far enough that the writer takes over (wal_hook):
       * copying on would only keep it from that. */
      if ((rc == SQLITE_OK && n_done >= n_log) || n_log >= CHECKPOINT_PAGES)
        return;
      if (rc != SQLITE_OK)
        g_usleep (1000);
    }
}

static gpointer
checkpoint_thread (gpointer data)
{
  IocSqliteStore *self = data;
  sqlite3 *db = NULL;
  int rc;

  rc = sqlite3_open_v2 (self->path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_busy_timeout (db, 5000);
      /* This connection only checkpoints: no automatic ones of its own.
       * It opens the WAL at its first read; until then a checkpoint
       * does nothing. */
      sqlite3_wal_autocheckpoint (db, 0);
      rc = sqlite3_exec (db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
      if (rc != SQLITE_OK)
        g_warning ("%s: checkpoints: %s", self->path, sqlite3_errmsg (db));
    }
  else
    g_warning ("%s: checkpoints: %s", self->path, sqlite3_errstr (rc));

  g_mutex_lock (&self->ckpt_lock);
  for (;;)
    {
      while (!self->ckpt_wanted && !self->ckpt_quit)
        g_cond_wait (&self->ckpt_cond, &self->ckpt_lock);
      if (self->ckpt_quit)
        break;
      self->ckpt_wanted = FALSE;
      g_mutex_unlock (&self->ckpt_lock);
      if (db != NULL)
        checkpoint (self, db);
      g_mutex_lock (&self->ckpt_lock);
    }
  g_mutex_unlock (&self->ckpt_lock);
  sqlite3_close_v2 (db);
  return NULL;
}

/* After every commit, with the WAL's size in pages. Half way to a
 * checkpoint the thread starts copying; at CHECKPOINT_PAGES the writer
 * checkpoints itself, which leaves it only what the thread has not copied
 * yet. That last step must be the writer's: it starts the WAL again from
 * its beginning only when a transaction of its own begins on a WAL copied
 * in full, and under steady writes the thread alone never gets there
 * (the next transaction begins while the copy of the last one runs), so
 * the WAL would only grow. */
static int
wal_hook (void       *data,
          sqlite3    *db,
          const char *name,
          int         pages)
{
  IocSqliteStore *self = data;

  if (pages >= CHECKPOINT_PAGES)
    {
      /* BUSY: the thread is copying right now; the next commit tries again. */
      int rc = sqlite3_wal_checkpoint_v2 (db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
      if (rc != SQLITE_OK && (rc & 0xff) != SQLITE_BUSY)
        g_warning ("%s: checkpoint: %s", self->path, sqlite3_errstr (rc));
    }
  else if (pages >= CHECKPOINT_PAGES / 2)
    {
      g_mutex_lock (&self->ckpt_lock);
      self->ckpt_wanted = TRUE;
      g_cond_signal (&self->ckpt_cond);
      g_mutex_unlock (&self->ckpt_lock);
    }
  return SQLITE_OK;
}

static void
start_checkpointer (IocSqliteStore *self)
{
  const char *file = sqlite3_db_filename (self->db, "main");

  /* An in-memory or temporary database has no WAL to copy back. */
  if (file == NULL || *file == '\0')
    return;
  self->checkpointer = g_thread_new ("iocd-checkpoint", checkpoint_thread, self);
  /* Replaces the automatic checkpoints. */
  sqlite3_wal_hook (self->db, wal_hook, self);
}

static void
stop_checkpointer (IocSqliteStore *self)
{
  if (self->checkpointer == NULL)
    return;
  sqlite3_wal_hook (self->db, NULL, NULL);
  g_mutex_lock (&self->ckpt_lock);
  self->ckpt_quit = TRUE;
  g_cond_signal (&self->ckpt_cond);
  g_mutex_unlock (&self->ckpt_lock);
  g_clear_pointer (&self->checkpointer, g_thread_join);
}

IocStore *
ioc_sqlite_store_open_at_version (const char  *path,
                                  int          version,
                                  GError     **error)
{
  g_autoptr(IocSqliteStore) self = g_object_new (IOC_TYPE_SQLITE_STORE, NULL);
  static gsize configured;
  int rc;

  /* SQLite counts its allocations under a global mutex unless told not
   * to (before its first use): a cost on every row of a bulk import. */
  if (g_once_init_enter (&configured))
    {
      sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
      g_once_init_leave (&configured, 1);
    }

  self->path = g_strdup (path);
  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, path, error);
      return NULL;
    }
  sqlite3_busy_handler (self->db, busy_wait, NULL);
  sqlite3_extended_result_codes (self->db, 1);

  /* WAL: readers never block the writer. synchronous=FULL: a write that
   * was answered 2xx survives a crash of the process or of the machine. */
  if (!ioc_sqlite_store_exec (self, "PRAGMA journal_mode = WAL", error) ||
      !ioc_sqlite_store_exec (self, "PRAGMA synchronous = FULL", error) ||
      !ioc_sqlite_store_exec (self, "PRAGMA foreign_keys = ON", error) ||
      !ioc_sqlite_store_exec (self, "PRAGMA temp_store = MEMORY", error) ||
      /* Imports of a dossier system's export (millions of rows) look up
       * every id: keep the indexes in memory instead of re-reading them
       * (64 MiB of cache, reads through mmap). */
      !ioc_sqlite_store_exec (self, "PRAGMA cache_size = -65536", error) ||
      !ioc_sqlite_store_exec (self, "PRAGMA mmap_size = 1073741824", error) ||
      /* Until the checkpoint thread runs (migrations). */
      !ioc_sqlite_store_exec (self, "PRAGMA wal_autocheckpoint = " G_STRINGIFY (CHECKPOINT_PAGES), error))
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }

  if (!migrate (self, version, error))
    return NULL;
  start_checkpointer (self);
  return IOC_STORE (g_steal_pointer (&self));
}

IocStore *
ioc_sqlite_store_open (const char  *path,
                       GError     **error)
{
  return ioc_sqlite_store_open_at_version (path, ioc_sqlite_store_latest_version (), error);
}

static void
ioc_sqlite_store_finalize (GObject *object)
{
  IocSqliteStore *self = IOC_SQLITE_STORE (object);

  stop_checkpointer (self);
  g_clear_pointer (&self->alert_row_columns, g_ptr_array_unref);
  g_clear_pointer (&self->stmts, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_free (self->path);
  g_mutex_clear (&self->ckpt_lock);
  g_cond_clear (&self->ckpt_cond);
  G_OBJECT_CLASS (ioc_sqlite_store_parent_class)->finalize (object);
}

static void
ioc_sqlite_store_class_init (IocSqliteStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  IocStoreClass *store_class = IOC_STORE_CLASS (klass);

  object_class->finalize = ioc_sqlite_store_finalize;

  store_class->begin = sqlite_begin;
  store_class->commit = sqlite_commit;
  store_class->rollback = sqlite_rollback;
  store_class->list = sqlite_list;
  store_class->list_json = sqlite_list_json;
  store_class->get = sqlite_get;
  store_class->insert = sqlite_insert;
  store_class->update = sqlite_update;
  store_class->remove = sqlite_remove;
  store_class->count = sqlite_count;
  store_class->append_event = sqlite_append_event;
  store_class->events_since = sqlite_events_since;
  store_class->first_seq = sqlite_first_seq;
  store_class->last_seq = sqlite_last_seq;
  store_class->prune_events = sqlite_prune_events;
  store_class->heatmap = sqlite_heatmap;
  store_class->schema_version = sqlite_schema_version;
  store_class->get_text = sqlite_get_text;
  store_class->delete_where = sqlite_delete_where;
  store_class->count_buckets = sqlite_count_buckets;
  store_class->put_dossier = sqlite_put_dossier;
  store_class->add_stat = sqlite_add_stat;
  store_class->put_alert = sqlite_put_alert;
  store_class->set_bulk = sqlite_set_bulk;
}

static void
finalize_stmt (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
ioc_sqlite_store_init (IocSqliteStore *self)
{
  self->stmts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_stmt);
  g_mutex_init (&self->ckpt_lock);
  g_cond_init (&self->ckpt_cond);
}
