/* ioc-import.c — the import framework: kinds, units, parsing, validation */
#define G_LOG_DOMAIN "iocd-import"

#include "ioc-import-private.h"
#include "ioc-csv.h"
#include "ioc-json.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

G_DEFINE_QUARK (ioc-import-error-quark, ioc_import_error)

/* ---- units ------------------------------------------------------------ */

typedef struct {
  char *id;
  char *name;
  char *valid_from;   /* NULL: open */
  char *valid_to;
} Unit;

struct _IocUnitResolver {
  gint        ref;
  GHashTable *units;    /* id → Unit* */
  GHashTable *names;    /* normalised name → GPtrArray of Unit* */
};

static void
unit_free (gpointer data)
{
  Unit *u = data;

  g_free (u->id);
  g_free (u->name);
  g_free (u->valid_from);
  g_free (u->valid_to);
  g_free (u);
}

IocUnitResolver *
ioc_unit_resolver_new (void)
{
  IocUnitResolver *r = g_new0 (IocUnitResolver, 1);

  r->ref = 1;
  r->units = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, unit_free);
  r->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  return r;
}

IocUnitResolver *
ioc_unit_resolver_ref (IocUnitResolver *self)
{
  g_atomic_int_inc (&self->ref);
  return self;
}

void
ioc_unit_resolver_unref (IocUnitResolver *self)
{
  if (self == NULL || !g_atomic_int_dec_and_test (&self->ref))
    return;
  g_hash_table_unref (self->names);
  g_hash_table_unref (self->units);
  g_free (self);
}

void
ioc_unit_resolver_add_name (IocUnitResolver *self,
                            const char      *name,
                            const char      *unit_id)
{
  Unit *u = g_hash_table_lookup (self->units, unit_id);
  g_autofree char *norm = NULL;
  GPtrArray *list;

  if (u == NULL || name == NULL || *name == '\0')
    return;
  norm = ioc_name_normalize (name);
  if (*norm == '\0')
    return;
  list = g_hash_table_lookup (self->names, norm);
  if (list == NULL)
    {
      list = g_ptr_array_new ();
      g_hash_table_insert (self->names, g_steal_pointer (&norm), list);
    }
  for (guint i = 0; i < list->len; i++)
    if (g_ptr_array_index (list, i) == u)
      return;
  g_ptr_array_add (list, u);
}

static const char *
nonempty (const char *s)
{
  return s != NULL && *s != '\0' ? s : NULL;
}

void
ioc_unit_resolver_add (IocUnitResolver *self,
                       const char      *id,
                       const char      *name,
                       const char      *valid_from,
                       const char      *valid_to)
{
  Unit *u = g_new0 (Unit, 1);

  u->id = g_strdup (id);
  u->name = g_strdup (name != NULL ? name : id);
  u->valid_from = g_strdup (nonempty (valid_from));
  u->valid_to = g_strdup (nonempty (valid_to));
  g_hash_table_replace (self->units, u->id, u);
  ioc_unit_resolver_add_name (self, name, id);
}

IocUnitResolver *
ioc_unit_resolver_load (IocStore  *store,
                        GError   **error)
{
  g_autoptr(IocUnitResolver) r = ioc_unit_resolver_new ();
  g_autoptr(JsonArray) units = ioc_store_list (store, &ioc_entity_units, NULL, NULL, error);
  g_autoptr(JsonArray) names = NULL;

  if (units == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (units); i++)
    {
      JsonObject *u = json_array_get_object_element (units, i);
      const char *id = json_object_get_string_member (u, "id");
      const char *full = json_object_get_string_member_with_default (u, "full_name", NULL);

      ioc_unit_resolver_add (r, id, json_object_get_string_member (u, "name"),
                             json_object_get_string_member_with_default (u, "valid_from", NULL),
                             json_object_get_string_member_with_default (u, "valid_to", NULL));
      ioc_unit_resolver_add_name (r, full, id);
    }
  names = ioc_store_list (store, &ioc_entity_unit_names, NULL, NULL, error);
  if (names == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (names); i++)
    {
      JsonObject *n = json_array_get_object_element (names, i);
      ioc_unit_resolver_add_name (r, json_object_get_string_member (n, "name"),
                                  json_object_get_string_member (n, "unit_id"));
    }
  return g_steal_pointer (&r);
}

static gboolean
unit_valid_on (const Unit *u,
               const char *date)
{
  if (date == NULL)
    return TRUE;
  if (u->valid_from != NULL && strcmp (u->valid_from, date) > 0)
    return FALSE;
  if (u->valid_to != NULL && strcmp (u->valid_to, date) < 0)
    return FALSE;
  return TRUE;
}

/* One of @cands for @date; NULL with @error when none or several fit. */
static const char *
pick_unit (GPtrArray   *cands,
           const char  *text,
           const char  *date,
           GError     **error)
{
  const Unit *found = NULL;
  guint n = 0;

  for (guint i = 0; i < cands->len; i++)
    {
      const Unit *u = g_ptr_array_index (cands, i);
      if (unit_valid_on (u, date))
        {
          found = u;
          n++;
        }
    }
  if (n == 1)
    return found->id;
  /* A unit named outside its validity (a late report on an abolished
   * district) is still that unit when the name names only it. */
  if (n == 0 && cands->len == 1)
    return ((const Unit *) g_ptr_array_index (cands, 0))->id;
  {
    g_autoptr(GString) ids = g_string_new (NULL);
    for (guint i = 0; i < cands->len; i++)
      g_string_append_printf (ids, "%s%s", i ? ", " : "", ((const Unit *) g_ptr_array_index (cands, i))->id);
    g_set_error (error, IOC_IMPORT_ERROR, IOC_IMPORT_ERROR_REJECTED,
                 "“%s” names %u units%s%s (%s): give unit_id", text, cands->len,
                 date != NULL ? (n == 0 ? ", none in force on " : " in force on ") : "",
                 date != NULL ? date : "", ids->str);
  }
  return NULL;
}

const char *
ioc_unit_resolver_lookup (IocUnitResolver  *self,
                          const char       *id,
                          const char       *name,
                          const char       *date,
                          GError          **error)
{
  GPtrArray *cands = NULL;
  g_autofree char *norm = NULL;

  id = nonempty (id);
  name = nonempty (name);
  if (id != NULL)
    {
      Unit *u = g_hash_table_lookup (self->units, id);
      if (u != NULL)
        return u->id;
    }
  if (name == NULL)
    {
      g_set_error (error, IOC_IMPORT_ERROR, IOC_IMPORT_ERROR_REJECTED,
                   id != NULL ? "unknown unit “%s”" : "no unit given%s", id != NULL ? id : "");
      return NULL;
    }
  norm = ioc_name_normalize (name);
  cands = g_hash_table_lookup (self->names, norm);
  if (cands == NULL || cands->len == 0)
    {
      g_set_error (error, IOC_IMPORT_ERROR, IOC_IMPORT_ERROR_REJECTED,
                   "unknown unit “%s” (add its spelling to the unit name map)", name);
      return NULL;
    }
  return pick_unit (cands, name, date, error);
}

const char *
ioc_unit_resolver_name (IocUnitResolver *self,
                        const char      *unit_id)
{
  Unit *u = g_hash_table_lookup (self->units, unit_id);
  return u != NULL ? u->name : NULL;
}

char *
ioc_unit_resolve (IocStore   *store,
                  const char *unit_id,
                  const char *unit_name)
{
  g_autoptr(IocUnitResolver) r = ioc_unit_resolver_load (store, NULL);
  const char *id;

  if (r == NULL)
    return NULL;
  id = ioc_unit_resolver_lookup (r, unit_id, unit_name, NULL, NULL);
  return g_strdup (id);
}

/* ---- kinds ------------------------------------------------------------ */

static const IocImportKind *const public_kinds[] = {
  &ioc_import_kind_dossier_records,
  &ioc_import_kind_dossier_summary,
  &ioc_import_kind_dossier_daily,
  &ioc_import_kind_reception_channels,
  &ioc_import_kind_field_report_summary,
  &ioc_import_kind_cameras,
  &ioc_import_kind_indicators,
  NULL
};

static const IocImportKind *const hidden_kinds[] = {
  &ioc_import_kind_idesk_summary,
  NULL
};

const IocImportKind *const *
ioc_import_kinds (void)
{
  return public_kinds;
}

const IocImportKind *
ioc_import_kind_find (const char *name)
{
  if (name == NULL)
    return NULL;
  for (guint i = 0; public_kinds[i] != NULL; i++)
    if (g_str_equal (public_kinds[i]->name, name))
      return public_kinds[i];
  for (guint i = 0; hidden_kinds[i] != NULL; i++)
    if (g_str_equal (hidden_kinds[i]->name, name))
      return hidden_kinds[i];
  return NULL;
}

const char *ioc_import_kind_name (const IocImportKind *kind) { return kind->name; }
const char *ioc_import_kind_title (const IocImportKind *kind) { return kind->title; }
const char *ioc_import_kind_columns (const IocImportKind *kind) { return kind->columns; }
IocImportFlags ioc_import_kind_flags (const IocImportKind *kind) { return kind->flags; }
const char *ioc_import_kind_source (const IocImportKind *kind) { return kind->source; }

char *
ioc_import_kind_list (void)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; public_kinds[i] != NULL; i++)
    g_string_append_printf (s, "%s%s", i ? ", " : "", public_kinds[i]->name);
  return g_string_free (s, FALSE);
}

/* ---- options, results ------------------------------------------------- */

void
ioc_import_options_clear (IocImportOptions *opts)
{
  g_clear_pointer (&opts->period_from, g_free);
  g_clear_pointer (&opts->period_to, g_free);
  g_clear_pointer (&opts->file_name, g_free);
  g_clear_pointer (&opts->units, ioc_unit_resolver_unref);
}

gboolean
ioc_import_parse_period (const char  *text,
                         char       **from,
                         char       **to,
                         GError     **error)
{
  const char *dots = text != NULL ? strstr (text, "..") : NULL;
  g_autofree char *a = NULL;
  gint32 da, db;

  if (dots == NULL)
    goto bad;
  a = g_strndup (text, dots - text);
  if (!ioc_day_parse (a, &da) || !ioc_day_parse (dots + 2, &db))
    goto bad;
  if (da > db)
    {
      g_set_error (error, IOC_IMPORT_ERROR, IOC_IMPORT_ERROR_OPTIONS,
                   "the period %s ends before it starts", text);
      return FALSE;
    }
  *from = g_steal_pointer (&a);
  *to = g_strdup (dots + 2);
  return TRUE;

bad:
  g_set_error (error, IOC_IMPORT_ERROR, IOC_IMPORT_ERROR_OPTIONS,
               "the period must be FROM..TO, two dates yyyy-mm-dd (e.g. 2023-01-01..2023-12-31), not “%s”",
               text != NULL ? text : "");
  return FALSE;
}

gboolean
ioc_import_period_in_name (const char  *name,
                           char       **from,
                           char       **to)
{
  for (const char *p = name; p != NULL && (p = strstr (p, "..")) != NULL; p += 2)
    {
      g_autofree char *text = NULL;

      if (p - name < 10 || strlen (p + 2) < 10)
        continue;
      text = g_strndup (p - 10, 22);
      if (ioc_import_parse_period (text, from, to, NULL))
        return TRUE;
    }
  return FALSE;
}

void
ioc_import_result_init (IocImportResult *result)
{
  memset (result, 0, sizeof *result);
  result->errors = g_ptr_array_new_with_free_func (g_free);
}

void
ioc_import_result_clear (IocImportResult *result)
{
  g_clear_pointer (&result->errors, g_ptr_array_unref);
}

char *
ioc_import_result_errors (const IocImportResult *result)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; result->errors != NULL && i < result->errors->len; i++)
    g_string_append_printf (s, "%s%s", i ? "\n" : "", (char *) g_ptr_array_index (result->errors, i));
  if (result->errors != NULL && result->rejected > result->errors->len)
    g_string_append_printf (s, "\n… and %u more bad rows", result->rejected - result->errors->len);
  return g_string_free (s, FALSE);
}

/* ---- batches and the parser ------------------------------------------ */

IocImportBatch *
ioc_import_batch_new (gsize record_size)
{
  IocImportBatch *b = g_new0 (IocImportBatch, 1);

  b->records = g_array_new (FALSE, TRUE, record_size);
  b->strings = g_string_chunk_new (64 * 1024);
  return b;
}

void
ioc_import_batch_clear (IocImportBatch *batch)
{
  g_array_set_size (batch->records, 0);
  g_string_chunk_clear (batch->strings);
}

void
ioc_import_batch_free (IocImportBatch *batch)
{
  if (batch == NULL)
    return;
  g_array_unref (batch->records);
  g_string_chunk_free (batch->strings);
  g_free (batch);
}

typedef struct {
  const char *by_id;      /* an id that named a unit */
  GPtrArray  *cands;      /* or the units the name names (borrowed) */
  char       *error;      /* or why neither */
} CachedUnit;

static void
cached_unit_free (gpointer data)
{
  CachedUnit *c = data;

  g_free (c->error);
  g_free (c);
}

void
ioc_import_parser_init (IocImportParser        *p,
                        const IocImportKind    *kind,
                        const IocImportOptions *opts,
                        IocImportResult        *result,
                        IocImportSink           sink,
                        gpointer                sink_data)
{
  memset (p, 0, sizeof *p);
  p->kind = kind;
  p->opts = opts;
  p->result = result;
  p->batch_rows = opts->batch_rows > 0 ? opts->batch_rows : 20000;
  p->batch = ioc_import_batch_new (kind->record_size);
  p->sink = sink;
  p->sink_data = sink_data;
  p->unit_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, cached_unit_free);
}

void
ioc_import_parser_clear (IocImportParser *p)
{
  g_clear_pointer (&p->batch, ioc_import_batch_free);
  g_clear_pointer (&p->unit_cache, g_hash_table_unref);
  g_clear_error (&p->sink_error);
}

static void
flush (IocImportParser *p)
{
  if (p->sink != NULL && p->batch->records->len > 0 && !p->stopped)
    {
      if (!p->sink (p, p->batch, p->sink_data, &p->sink_error))
        p->stopped = TRUE;
      /* The sink may have taken the batch (and left a fresh one). */
    }
  if (p->batch != NULL)
    ioc_import_batch_clear (p->batch);
}

void
ioc_import_emit (IocImportParser *p,
                 gconstpointer    record)
{
  /* Validating only: nobody reads the records. */
  if (p->sink == NULL)
    return;
  g_array_append_vals (p->batch->records, record, 1);
  if (p->batch->records->len >= p->batch_rows)
    flush (p);
}

const char *
ioc_import_intern (IocImportParser *p,
                   const char      *text)
{
  /* Validating only, records are not kept: the row's own text will do. */
  if (p->sink == NULL || text == NULL)
    return text;
  return g_string_chunk_insert_const (p->batch->strings, text);
}

const char *
ioc_import_copy (IocImportParser *p,
                 const char      *text)
{
  if (p->sink == NULL || text == NULL)
    return text;
  return g_string_chunk_insert (p->batch->strings, text);
}

void
ioc_import_reject (IocImportParser *p,
                   guint            line,
                   const char      *format,
                   ...)
{
  va_list ap;

  p->result->rejected++;
  if (p->result->error_line == 0)
    p->result->error_line = line;
  if (p->result->errors->len >= IOC_IMPORT_MAX_ERRORS)
    return;
  va_start (ap, format);
  {
    g_autofree char *msg = g_strdup_vprintf (format, ap);
    g_ptr_array_add (p->result->errors, g_strdup_printf ("line %u: %s", line, msg));
  }
  va_end (ap);
}

gboolean
ioc_import_stopped (IocImportParser *p)
{
  if (p->opts->cancel != NULL && g_atomic_int_get (p->opts->cancel))
    p->stopped = TRUE;
  return p->stopped;
}

gboolean
ioc_import_parser_run (IocImportParser  *p,
                       const char       *data,
                       gsize             length,
                       GError          **error)
{
  if (!p->kind->parse (p, data, length, error))
    return FALSE;
  if (p->opts->cancel != NULL && g_atomic_int_get (p->opts->cancel))
    {
      g_set_error_literal (error, IOC_IMPORT_ERROR, IOC_IMPORT_ERROR_CANCELLED, "the import was cancelled");
      return FALSE;
    }
  if (p->result->rejected == 0)
    flush (p);
  if (p->sink_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&p->sink_error));
      return FALSE;
    }
  return TRUE;
}

/* ---- rows: CSV under a header, or JSON objects ------------------------- */

const char *
ioc_import_row_get (const IocImportRow *row,
                    const char         *name)
{
  for (guint i = 0; i < row->n; i++)
    if (g_str_equal (row->names[i], name))
      return row->values[i];
  return NULL;
}

typedef struct {
  IocImportParser     *p;
  IocImportHeaderFunc  header;
  IocImportRowFunc     row;
  GPtrArray           *names;      /* the CSV header, trimmed */
  GPtrArray           *values;     /* scratch: the trimmed values */
  GString             *scratch;
} RowsCtx;

static gboolean
csv_record (const char *const  *fields,
            guint               n,
            guint               line,
            gboolean            is_header,
            gpointer            user_data,
            GError            **error)
{
  RowsCtx *c = user_data;
  IocImportRow row = { 0 };

  if (is_header)
    {
      for (guint i = 0; i < n; i++)
        g_ptr_array_add (c->names, g_strstrip (g_strdup (fields[i])));
      g_ptr_array_add (c->names, NULL);
      if (!c->header (c->p, (const char *const *) c->names->pdata, n, error))
        {
          g_prefix_error (error, "line %u: ", line);
          return FALSE;
        }
      return TRUE;
    }
  if (ioc_import_stopped (c->p))
    return TRUE;
  c->p->result->read++;
  if (n != c->names->len - 1)
    {
      ioc_import_reject (c->p, line, "%u fields, the header has %u", n, c->names->len - 1);
      return TRUE;
    }
  /* Values without their surrounding spaces, in one scratch buffer. */
  g_string_truncate (c->scratch, 0);
  g_ptr_array_set_size (c->values, 0);
  {
    g_autoptr(GArray) offs = g_array_sized_new (FALSE, FALSE, sizeof (gsize), n);
    for (guint i = 0; i < n; i++)
      {
        const char *s = fields[i];
        gsize len = strlen (s);
        gsize off = c->scratch->len;
        while (len > 0 && g_ascii_isspace (s[0]))
          s++, len--;
        while (len > 0 && g_ascii_isspace (s[len - 1]))
          len--;
        g_string_append_len (c->scratch, s, len);
        g_string_append_c (c->scratch, '\0');
        g_array_append_val (offs, off);
      }
    for (guint i = 0; i < n; i++)
      g_ptr_array_add (c->values, c->scratch->str + g_array_index (offs, gsize, i));
  }
  row.names = (const char *const *) c->names->pdata;
  row.values = (const char *const *) c->values->pdata;
  row.n = n;
  row.line = line;
  c->row (c->p, &row);
  return TRUE;
}

/* One JSON member as the text a CSV field would have. */
static char *
json_member_text (JsonNode *node)
{
  if (JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("");
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType t = json_node_get_value_type (node);
      if (t == G_TYPE_STRING)
        return g_strstrip (g_strdup (json_node_get_string (node)));
      if (t == G_TYPE_INT64)
        return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      if (t == G_TYPE_DOUBLE)
        {
          char buf[G_ASCII_DTOSTR_BUF_SIZE];
          return g_strdup (g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));
        }
      if (t == G_TYPE_BOOLEAN)
        return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    }
  return ioc_json_to_string (node);
}

/* Where each object element of an array ended: json-glib tells the
 * current line while it parses. Pairs (line, index). */
static void
on_array_element (JsonParser *parser,
                  JsonArray  *array,
                  gint        index,
                  gpointer    user_data)
{
  GArray *lines = user_data;
  JsonNode *n = json_array_get_element (array, index);

  if (n != NULL && JSON_NODE_HOLDS_OBJECT (n))
    {
      guint line = (guint) json_parser_get_current_line (parser);
      guint idx = (guint) index;
      g_array_append_val (lines, line);
      g_array_append_val (lines, idx);
    }
}

static gboolean
parse_json_rows (RowsCtx     *c,
                 const char  *data,
                 gsize        length,
                 GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GError) local = NULL;
  JsonNode *root;
  JsonArray *items = NULL;

  g_signal_connect (parser, "array-element", G_CALLBACK (on_array_element), lines);
  if (!json_parser_load_from_data (parser, data, (gssize) length, &local))
    {
      /* json-glib may cut a UTF-8 sequence in the token it quotes. */
      g_autofree char *valid = g_utf8_make_valid (local->message, -1);
      g_set_error (error, IOC_IMPORT_ERROR, IOC_IMPORT_ERROR_FORMAT, "not valid JSON: %s", valid);
      return FALSE;
    }
  root = json_parser_get_root (parser);
  if (root != NULL && JSON_NODE_HOLDS_ARRAY (root))
    items = json_node_get_array (root);
  else if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *o = json_node_get_object (root);
      JsonNode *n = json_object_get_member (o, "items");
      if (n == NULL)
        n = json_object_get_member (o, c->p->kind->name);
      if (n != NULL && JSON_NODE_HOLDS_ARRAY (n))
        items = json_node_get_array (n);
    }
  if (items == NULL)
    {
      g_set_error (error, IOC_IMPORT_ERROR, IOC_IMPORT_ERROR_FORMAT,
                   "line 1: expected a JSON array of objects, or {\"items\": […]}");
      return FALSE;
    }

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *n = json_array_get_element (items, i);
      g_autoptr(GPtrArray) names = g_ptr_array_new ();
      g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GError) bad = NULL;
      IocImportRow row = { 0 };
      guint line = 1;
      JsonObjectIter iter;
      const char *member;
      JsonNode *value;

      if (ioc_import_stopped (c->p))
        break;
      /* The line the element ended on (what json-glib can tell); the
       * element number is in the message too. */
      for (guint k = 0; k + 1 < lines->len; k += 2)
        if (g_array_index (lines, guint, k + 1) == i)
          line = g_array_index (lines, guint, k);
      c->p->result->read++;
      if (!JSON_NODE_HOLDS_OBJECT (n))
        {
          ioc_import_reject (c->p, line, "element %u is not a JSON object", i + 1);
          continue;
        }
      json_object_iter_init_ordered (&iter, json_node_get_object (n));
      while (json_object_iter_next_ordered (&iter, &member, &value))
        {
          g_ptr_array_add (names, (gpointer) member);
          g_ptr_array_add (values, json_member_text (value));
        }
      g_ptr_array_add (names, NULL);
      if (!c->header (c->p, (const char *const *) names->pdata, names->len - 1, &bad))
        {
          ioc_import_reject (c->p, line, "element %u: %s", i + 1, bad->message);
          continue;
        }
      row.names = (const char *const *) names->pdata;
      row.values = (const char *const *) values->pdata;
      row.n = names->len - 1;
      row.line = line;
      c->row (c->p, &row);
    }
  return TRUE;
}

gboolean
ioc_import_csv (IocImportParser   *p,
                const char        *data,
                gsize              length,
                IocCsvRecordFunc   func,
                gpointer           user_data,
                GError           **error)
{
  if (p->header != NULL)
    return ioc_csv_stream_from (p->header, p->header_length, data, length, p->first_line, func, user_data, error);
  return ioc_csv_stream (data, length, func, user_data, error);
}

gboolean
ioc_import_parse_rows (IocImportParser     *p,
                       const char          *data,
                       gsize                length,
                       IocImportHeaderFunc  header,
                       IocImportRowFunc     row,
                       GError             **error)
{
  RowsCtx c = { p, header, row, NULL, NULL, NULL };
  gsize i = 0;
  gboolean ok;

  /* Skip a byte order mark and spaces to see what the file is. */
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  while (i < length && g_ascii_isspace (data[i]))
    i++;
  if ((p->kind->flags & IOC_IMPORT_JSON) && i < length && (data[i] == '[' || data[i] == '{'))
    {
      if (!g_utf8_validate_len (data, length, NULL))
        {
          g_set_error_literal (error, IOC_IMPORT_ERROR, IOC_IMPORT_ERROR_FORMAT, "the JSON is not valid UTF-8");
          return FALSE;
        }
      return parse_json_rows (&c, data + i, length - i, error);
    }

  c.names = g_ptr_array_new_with_free_func (g_free);
  c.values = g_ptr_array_new ();
  c.scratch = g_string_sized_new (256);
  ok = ioc_import_csv (p, data, length, csv_record, &c, error);
  g_ptr_array_unref (c.names);
  g_ptr_array_unref (c.values);
  g_string_free (c.scratch, TRUE);
  if (!ok && error != NULL && *error != NULL && (*error)->domain != IOC_IMPORT_ERROR)
    {
      GError *e = *error;
      *error = g_error_new_literal (IOC_IMPORT_ERROR, IOC_IMPORT_ERROR_FORMAT, e->message);
      g_error_free (e);
    }
  return ok;
}

gboolean
ioc_import_check_columns (const char *const  *names,
                          guint               n,
                          const char *const  *known,
                          const char *const  *required,
                          GError            **error)
{
  for (guint i = 0; i < n; i++)
    {
      if (known != NULL && !g_strv_contains (known, names[i]))
        {
          g_autofree char *list = g_strjoinv (", ", (char **) known);
          g_set_error (error, IOC_IMPORT_ERROR, IOC_IMPORT_ERROR_FORMAT,
                       "unknown column “%s” (the columns are %s)", names[i], list);
          return FALSE;
        }
      for (guint k = 0; k < i; k++)
        if (g_str_equal (names[k], names[i]))
          {
            g_set_error (error, IOC_IMPORT_ERROR, IOC_IMPORT_ERROR_FORMAT,
                         "the column “%s” appears twice (columns %u and %u)", names[i], k + 1, i + 1);
            return FALSE;
          }
    }
  for (guint r = 0; required != NULL && required[r] != NULL; r++)
    {
      gboolean found = FALSE;
      for (guint i = 0; i < n && !found; i++)
        found = g_str_equal (names[i], required[r]);
      if (!found)
        {
          g_set_error (error, IOC_IMPORT_ERROR, IOC_IMPORT_ERROR_FORMAT,
                       "the column “%s” is missing", required[r]);
          return FALSE;
        }
    }
  return TRUE;
}

/* ---- field parsers --------------------------------------------------- */

gboolean
ioc_import_int (IocImportParser *p,
                guint            line,
                const char      *column,
                const char      *text,
                gint64           min,
                gint64           max,
                gint64          *out)
{
  char *end = NULL;
  gint64 v;

  if (text == NULL || *text == '\0')
    {
      ioc_import_reject (p, line, "%s is empty, a whole number is required", column);
      return FALSE;
    }
  errno = 0;
  v = g_ascii_strtoll (text, &end, 10);
  if (end == text || *end != '\0' || errno != 0)
    {
      ioc_import_reject (p, line, "%s must be a whole number, not “%s”", column, text);
      return FALSE;
    }
  if (v < min || v > max)
    {
      ioc_import_reject (p, line, "%s must be from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT ", not %s",
                         column, min, max, text);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

gboolean
ioc_import_number (IocImportParser *p,
                   guint            line,
                   const char      *column,
                   const char      *text,
                   double           min,
                   double           max,
                   double          *out)
{
  char *end = NULL;
  double v;

  if (text == NULL || *text == '\0')
    {
      ioc_import_reject (p, line, "%s is empty, a number is required", column);
      return FALSE;
    }
  v = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (v) || g_ascii_isspace (text[0]))
    {
      ioc_import_reject (p, line, "%s must be a number with a decimal point, not “%s”", column, text);
      return FALSE;
    }
  if (v < min || v > max)
    {
      char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE];
      ioc_import_reject (p, line, "%s must be from %s to %s, not %s", column,
                         g_ascii_formatd (a, sizeof a, "%g", min), g_ascii_formatd (b, sizeof b, "%g", max), text);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

gboolean
ioc_import_time (IocImportParser *p,
                 guint            line,
                 const char      *column,
                 const char      *text,
                 gint64          *out)
{
  if (!ioc_import_parse_time (text, out))
    {
      ioc_import_reject (p, line, "%s must be a time “yyyy-mm-dd hh:mm[:ss]” or “dd/mm/yyyy hh:mm[:ss]”, not “%s”",
                         column, text != NULL ? text : "");
      return FALSE;
    }
  if (p->opts->now > 0 && *out > p->opts->now + 3600)
    {
      ioc_import_reject (p, line, "%s “%s” is in the future", column, text);
      return FALSE;
    }
  return TRUE;
}

gboolean
ioc_import_date (IocImportParser *p,
                 guint            line,
                 const char      *column,
                 const char      *text)
{
  gint32 day;

  if (text == NULL || strlen (text) != 10 || !ioc_day_parse (text, &day))
    {
      ioc_import_reject (p, line, "%s must be a date yyyy-mm-dd, not “%s”", column, text != NULL ? text : "");
      return FALSE;
    }
  return TRUE;
}

gboolean
ioc_import_text (IocImportParser *p,
                 guint            line,
                 const char      *column,
                 const char      *text,
                 gsize            max_len,
                 gboolean         required)
{
  if (text == NULL || *text == '\0')
    {
      if (required)
        ioc_import_reject (p, line, "%s is empty", column);
      return !required;
    }
  if (strlen (text) > max_len)
    {
      ioc_import_reject (p, line, "%s is longer than %" G_GSIZE_FORMAT " bytes", column, max_len);
      return FALSE;
    }
  for (const char *s = text; *s; s++)
    if ((guchar) *s < 0x20 && *s != '\t')
      {
        ioc_import_reject (p, line, "%s has a control character", column);
        return FALSE;
      }
  return TRUE;
}

const char *
ioc_import_unit (IocImportParser *p,
                 guint            line,
                 const char      *id,
                 const char      *name,
                 const char      *date)
{
  char buf[512];
  g_autofree char *long_key = NULL;
  const char *key = buf;
  CachedUnit *c;
  g_autoptr(GError) error = NULL;
  const char *found;

  if (p->opts->units == NULL)
    {
      ioc_import_reject (p, line, "no units are known (load the unit registry first)");
      return NULL;
    }
  /* Runs per row of million-row files: no allocation for the key. */
  if ((gsize) g_snprintf (buf, sizeof buf, "%s\x1f%s", id != NULL ? id : "", name != NULL ? name : "") >= sizeof buf)
    key = long_key = g_strconcat (id != NULL ? id : "", "\x1f", name != NULL ? name : "", NULL);
  c = g_hash_table_lookup (p->unit_cache, key);
  if (c == NULL)
    {
      c = g_new0 (CachedUnit, 1);
      found = ioc_unit_resolver_lookup (p->opts->units, id, NULL, NULL, NULL);
      if (found != NULL)
        c->by_id = found;
      else if (nonempty (name) != NULL)
        {
          g_autofree char *norm = ioc_name_normalize (name);
          c->cands = g_hash_table_lookup (p->opts->units->names, norm);
        }
      if (c->by_id == NULL && (c->cands == NULL || c->cands->len == 0))
        {
          ioc_unit_resolver_lookup (p->opts->units, id, name, NULL, &error);
          c->error = g_strdup (error != NULL ? error->message : "unknown unit");
          g_clear_error (&error);
        }
      g_hash_table_insert (p->unit_cache, g_strdup (key), c);
    }
  if (c->by_id != NULL)
    return c->by_id;
  if (c->error != NULL)
    {
      ioc_import_reject (p, line, "%s", c->error);
      return NULL;
    }
  found = pick_unit (c->cands, name, date, &error);
  if (found == NULL)
    ioc_import_reject (p, line, "%s", error->message);
  return found;
}

/* ---- times ------------------------------------------------------------ */

/* Days from 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static gint32
days_from_civil (int y,
                 int m,
                 int d)
{
  int era, yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static void
civil_from_days (gint32  z,
                 int    *y,
                 int    *m,
                 int    *d)
{
  int era, doe, yoe, doy, mp;

  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = z - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp + (mp < 10 ? 3 : -9);
  *y = yoe + era * 400 + (*m <= 2);
}

static int
days_in_month (int y,
               int m)
{
  static const int n[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  gboolean leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : n[m - 1];
}

static gboolean
digits (const char *s,
        int         n,
        int        *out)
{
  int v = 0;

  for (int i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (s[i]))
        return FALSE;
      v = v * 10 + (s[i] - '0');
    }
  *out = v;
  return TRUE;
}

gboolean
ioc_import_parse_time (const char *text,
                       gint64     *out)
{
  const char *s = text;
  int y, mo, d, h = 0, mi = 0, sec = 0, off = IOC_PROVINCE_UTC_OFFSET;

  if (s == NULL)
    return FALSE;
  if (strlen (s) >= 10 && s[4] == '-' && s[7] == '-')
    {
      if (!digits (s, 4, &y) || !digits (s + 5, 2, &mo) || !digits (s + 8, 2, &d))
        return FALSE;
    }
  else if (strlen (s) >= 10 && s[2] == '/' && s[5] == '/')
    {
      if (!digits (s, 2, &d) || !digits (s + 3, 2, &mo) || !digits (s + 6, 4, &y))
        return FALSE;
    }
  else
    return FALSE;
  s += 10;
  if (y < 2000 || y > 2099 || mo < 1 || mo > 12 || d < 1 || d > days_in_month (y, mo))
    return FALSE;
  if (*s == ' ' || *s == 'T')
    {
      s++;
      if (!digits (s, 2, &h) || s[2] != ':' || !digits (s + 3, 2, &mi))
        return FALSE;
      s += 5;
      if (*s == ':')
        {
          if (!digits (s + 1, 2, &sec))
            return FALSE;
          s += 3;
          if (*s == '.' || *s == ',')
            {
              s++;
              if (!g_ascii_isdigit (*s))
                return FALSE;
              while (g_ascii_isdigit (*s))
                s++;
            }
        }
      if (h > 23 || mi > 59 || sec > 59)
        return FALSE;
      if (*s == 'Z')
        {
          off = 0;
          s++;
        }
      else if (*s == '+' || *s == '-')
        {
          int oh, om;
          int sign = *s == '-' ? -1 : 1;
          s++;
          if (!digits (s, 2, &oh))
            return FALSE;
          s += 2;
          if (*s == ':')
            s++;
          if (!digits (s, 2, &om))
            return FALSE;
          s += 2;
          if (oh > 14 || om > 59)
            return FALSE;
          off = sign * (oh * 3600 + om * 60);
        }
    }
  if (*s != '\0')
    return FALSE;
  *out = (gint64) days_from_civil (y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - off;
  return TRUE;
}

gint32
ioc_day_of_time (gint64 t)
{
  gint64 local = t + IOC_PROVINCE_UTC_OFFSET;
  gint64 day = local / 86400;

  if (local % 86400 < 0)
    day--;
  return (gint32) day;
}

gint64
ioc_time_of_day (gint32 day)
{
  return (gint64) day * 86400 - IOC_PROVINCE_UTC_OFFSET;
}

void
ioc_day_format (gint32  day,
                char   *buf)
{
  int y, m, d;

  civil_from_days (day, &y, &m, &d);
  g_snprintf (buf, 11, "%04d-%02d-%02d", y, m, d);
}

gboolean
ioc_day_parse (const char *date,
               gint32     *out)
{
  int y, m, d;

  if (date == NULL || strlen (date) != 10 || date[4] != '-' || date[7] != '-' ||
      !digits (date, 4, &y) || !digits (date + 5, 2, &m) || !digits (date + 8, 2, &d) ||
      y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 || d > days_in_month (y, m))
    return FALSE;
  *out = days_from_civil (y, m, d);
  return TRUE;
}

gint32
ioc_day_today (gint64 now)
{
  return ioc_day_of_time (now);
}

/* ---- entry points ----------------------------------------------------- */

static gboolean
rejected_error (const IocImportKind    *kind,
                const IocImportResult  *result,
                GError                **error)
{
  g_set_error (error, IOC_IMPORT_ERROR, IOC_IMPORT_ERROR_REJECTED,
               "%s%s", result->errors->len > 0 ? (char *) g_ptr_array_index (result->errors, 0) : "rejected",
               result->rejected > 1 ? " (and more bad rows: nothing was imported)" : " (nothing was imported)");
  return FALSE;
}

/* Validates @data (a whole file, or a part after @header). */
static gboolean
parse_part (const IocImportKind     *kind,
            const IocImportOptions  *opts,
            const char              *header,
            gsize                    header_length,
            const char              *data,
            gsize                    length,
            guint                    first_line,
            IocImportResult         *result,
            GError                 **error)
{
  IocImportParser p;
  gboolean ok;

  if ((kind->flags & IOC_IMPORT_NEEDS_PERIOD) && (opts->period_from == NULL || opts->period_to == NULL))
    {
      g_set_error (error, IOC_IMPORT_ERROR, IOC_IMPORT_ERROR_OPTIONS,
                   "%s needs the period the table covers (FROM..TO)", kind->name);
      return FALSE;
    }
  ioc_import_parser_init (&p, kind, opts, result, NULL, NULL);
  p.header = header;
  p.header_length = header_length;
  p.first_line = first_line;
  ok = ioc_import_parser_run (&p, data, length, error);
  ioc_import_parser_clear (&p);
  if (!ok)
    {
      if (error != NULL && *error != NULL && (*error)->domain == IOC_IMPORT_ERROR &&
          (*error)->code == IOC_IMPORT_ERROR_FORMAT && !g_str_has_prefix ((*error)->message, "line "))
        g_prefix_error (error, "line 1: ");
      if (result->error_line == 0 && error != NULL && *error != NULL)
        result->error_line = (guint) MAX (1, g_ascii_strtoull ((*error)->message + strlen ("line "), NULL, 10));
      return FALSE;
    }
  if (result->rejected > 0)
    return rejected_error (kind, result, error);
  return TRUE;
}

gboolean
ioc_import_parse (const IocImportKind     *kind,
                  const IocImportOptions  *opts,
                  const char              *data,
                  gsize                    length,
                  IocImportResult         *result,
                  GError                 **error)
{
  return parse_part (kind, opts, NULL, 0, data, length, 1, result, error);
}

/* The end of the record that contains @from: just after the first '\n' at
 * or after @from outside quotes, @quotes being the number of '"' before
 * @from. 0 when there is none. */
static gsize
record_end (const char *data,
            gsize       length,
            gsize       from,
            gsize       quotes)
{
  for (gsize i = from; i < length; i++)
    {
      if (data[i] == '"')
        quotes++;
      else if (data[i] == '\n' && quotes % 2 == 0)
        return i + 1;
    }
  return 0;
}

typedef struct {
  const IocImportKind    *kind;
  const IocImportOptions *opts;
  const char             *header;
  gsize                   header_length;
  const char             *data;
  gsize                   length;
  guint                   first_line;
  IocImportResult         result;
  GError                 *error;
  gboolean                ok;
} Half;

static gpointer
validate_half (gpointer user_data)
{
  Half *h = user_data;

  h->ok = parse_part (h->kind, h->opts, h->header, h->header_length, h->data, h->length,
                      h->first_line, &h->result, &h->error);
  return NULL;
}

gboolean
ioc_import_parse_split (const IocImportKind     *kind,
                        const IocImportOptions  *opts,
                        const char              *data,
                        gsize                    length,
                        gsize                    min_split,
                        IocImportResult         *result,
                        GError                 **error)
{
  gsize header_start, header_end, split, quotes = 0;
  guint line = 1;
  Half b = { 0 };
  GThread *thread;
  gboolean ok;
  g_autoptr(GError) local = NULL;

  /* A file that is not UTF-8 is refused before any row, as by one pass. */
  if (!(kind->flags & IOC_IMPORT_SPLITTABLE) || length < min_split ||
      !g_utf8_validate_len (data, length, NULL))
    return ioc_import_parse (kind, opts, data, length, result, error);
  /* The header is the first record after empty ones: libcsv skips lines
   * of blanks, and ends a record at CR as well as at LF. */
  header_start = 0;
  while (header_start < length && strchr (" \t\r\n", data[header_start]) != NULL && data[header_start] != '\0')
    header_start++;
  header_end = 0;
  for (gsize i = header_start, q = 0; i < length; i++)
    {
      if (data[i] == '"')
        q++;
      else if ((data[i] == '\n' || data[i] == '\r') && q % 2 == 0)
        {
          header_end = i + 1 + (data[i] == '\r' && i + 1 < length && data[i + 1] == '\n');
          break;
        }
    }
  /* The middle (not before the header's end), moved on to the end of its record. */
  for (gsize i = 0; header_end > 0 && i < MAX (header_end, length / 2); i++)
    quotes += data[i] == '"';
  split = header_end > 0 ? record_end (data, length, MAX (header_end, length / 2), quotes) : 0;
  if (split == 0 || split >= length)
    return ioc_import_parse (kind, opts, data, length, result, error);
  for (const char *p = data; (p = memchr (p, '\n', split - (p - data))) != NULL; p++)
    line++;

  b.kind = kind;
  b.opts = opts;
  b.header = data + header_start;
  b.header_length = header_end - header_start;
  b.data = data + split;
  b.length = length - split;
  b.first_line = line;
  ioc_import_result_init (&b.result);
  thread = g_thread_new ("ioc-validate", validate_half, &b);
  ok = parse_part (kind, opts, NULL, 0, data, split, 1, result, &local);
  g_thread_join (thread);

  /* A format error in the first half stops the file there, as one pass
   * stops: the second half was never reached. */
  if (!ok && local != NULL && local->code != IOC_IMPORT_ERROR_REJECTED)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      g_clear_error (&b.error);
      ioc_import_result_clear (&b.result);
      return FALSE;
    }
  /* One result, in line order: the first half's rows and errors first. */
  result->read += b.result.read;
  result->rejected += b.result.rejected;
  if (result->error_line == 0)
    result->error_line = b.result.error_line;
  for (guint i = 0; i < b.result.errors->len && result->errors->len < IOC_IMPORT_MAX_ERRORS; i++)
    g_ptr_array_add (result->errors, g_strdup (g_ptr_array_index (b.result.errors, i)));
  /* As one pass would: a format error (the first half's first) stops
   * the file; otherwise bad rows reject it. */
  {
    GError *format = NULL;

    if (!ok && local != NULL && local->code != IOC_IMPORT_ERROR_REJECTED)
      format = g_steal_pointer (&local);
    else if (!b.ok && b.error != NULL && b.error->code != IOC_IMPORT_ERROR_REJECTED)
      format = g_steal_pointer (&b.error);
    if (format != NULL)
      {
        g_propagate_error (error, format);
        ok = FALSE;
      }
    else if (result->rejected > 0)
      ok = rejected_error (kind, result, error);
    else
      ok = TRUE;
  }
  g_clear_error (&b.error);
  ioc_import_result_clear (&b.result);
  return ok;
}

typedef struct {
  IocImportWriter *w;
} SyncSink;

static gboolean
sync_write (IocImportParser  *p,
            IocImportBatch   *batch,
            gpointer          user_data,
            GError          **error)
{
  IocImportWriter *w = user_data;
  return p->kind->write (w, batch, error);
}

gboolean
ioc_import_run (IocStore                *store,
                IocConfig               *config,
                const IocImportKind     *kind,
                const IocImportOptions  *opts,
                const char              *data,
                gsize                    length,
                IocImportResult         *result,
                GError                 **error)
{
  IocImportWriter w = { kind, store, config, opts, result, NULL, NULL };
  IocImportResult pass2;
  IocImportParser p;
  gboolean ok;

  if (!ioc_import_parse (kind, opts, data, length, result, error))
    return FALSE;
  if (kind->begin != NULL)
    {
      g_autoptr(GError) local = NULL;
      w.state = kind->begin (&w, &local);
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
    }
  ioc_import_result_init (&pass2);
  ioc_import_parser_init (&p, kind, opts, &pass2, sync_write, &w);
  ok = ioc_import_parser_run (&p, data, length, error);
  ioc_import_parser_clear (&p);
  ioc_import_result_clear (&pass2);
  if (ok && kind->finish != NULL)
    ok = kind->finish (&w, error);
  if (kind->free_state != NULL && w.state != NULL)
    kind->free_state (w.state);
  return ok;
}

/* ---- store helpers ---------------------------------------------------- */

JsonObject *
ioc_import_find_row (IocStore        *store,
                     const IocEntity *entity,
                     ...)
{
  g_autoptr(IocQuery) q = ioc_query_new ();
  g_autoptr(JsonArray) found = NULL;
  const char *col;
  va_list ap;

  /* >= and <= rather than EQ: an EQ value with a comma is a list of
   * alternatives, and names have commas ("xuất, nhập khẩu"). */
  va_start (ap, entity);
  while ((col = va_arg (ap, const char *)) != NULL)
    {
      const char *value = va_arg (ap, const char *);
      ioc_query_add_filter (q, col, IOC_FILTER_GE, value);
      ioc_query_add_filter (q, col, IOC_FILTER_LE, value);
    }
  va_end (ap);
  q->limit = 1;
  found = ioc_store_list (store, entity, q, NULL, NULL);
  if (found == NULL || json_array_get_length (found) == 0)
    return NULL;
  return json_object_ref (json_array_get_object_element (found, 0));
}
