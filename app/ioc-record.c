/* ioc-record.c — see ioc-record.h */
#include "ioc-record.h"

struct _IocRecord
{
  GObject     parent_instance;
  char       *id;
  JsonObject *data;
};

enum { PROP_0, PROP_ID, PROP_DATA, N_PROPS };
static GParamSpec *record_props[N_PROPS];
enum { SIGNAL_CHANGED, N_SIGNALS };
static guint record_signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (IocRecord, ioc_record, G_TYPE_OBJECT)

static char *
id_of (JsonObject *data)
{
  JsonNode *node = json_object_get_member (data, "id");

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return NULL;
}

static void
ioc_record_finalize (GObject *object)
{
  IocRecord *self = IOC_RECORD (object);

  g_free (self->id);
  g_clear_pointer (&self->data, json_object_unref);
  G_OBJECT_CLASS (ioc_record_parent_class)->finalize (object);
}

static void
ioc_record_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  IocRecord *self = IOC_RECORD (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_DATA:
      g_value_set_boxed (value, self->data);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ioc_record_class_init (IocRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ioc_record_finalize;
  object_class->get_property = ioc_record_get_property;

  record_props[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  record_props[PROP_DATA] = g_param_spec_boxed ("data", NULL, NULL, JSON_TYPE_OBJECT,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, record_props);

  record_signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ioc_record_init (IocRecord *self)
{
}

IocRecord *
ioc_record_new (JsonObject *data)
{
  IocRecord *self = g_object_new (IOC_TYPE_RECORD, NULL);

  self->data = json_object_ref (data);
  self->id = id_of (data);
  return self;
}

const char *
ioc_record_get_id (IocRecord *self)
{
  return self->id;
}

JsonObject *
ioc_record_get_data (IocRecord *self)
{
  return self->data;
}

const char *
ioc_record_get_string (IocRecord  *self,
                       const char *member)
{
  JsonNode *node = json_object_get_member (self->data, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gint64
ioc_record_get_int (IocRecord  *self,
                    const char *member,
                    gint64      fallback)
{
  JsonNode *node = json_object_get_member (self->data, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return (gint64) json_node_get_double (node);
  return fallback;
}

double
ioc_record_get_double (IocRecord  *self,
                       const char *member,
                       double      fallback)
{
  JsonNode *node = json_object_get_member (self->data, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return json_node_get_double (node);
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return (double) json_node_get_int (node);
  return fallback;
}

gboolean
ioc_record_get_bool (IocRecord  *self,
                     const char *member)
{
  JsonNode *node = json_object_get_member (self->data, member);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

void
ioc_record_update (IocRecord  *self,
                   JsonObject *data)
{
  if (data == self->data)
    return;
  json_object_ref (data);
  g_clear_pointer (&self->data, json_object_unref);
  self->data = data;
  g_object_notify_by_pspec (G_OBJECT (self), record_props[PROP_DATA]);
  g_signal_emit (self, record_signals[SIGNAL_CHANGED], 0);
}

/* ---- IocRecordList ---------------------------------------------------- */

struct _IocRecordList
{
  GObject     parent_instance;
  GSequence  *items;     /* IocRecord*, insertion order */
  GHashTable *by_id;     /* id → GSequenceIter* */
};

enum { LIST_SIGNAL_RECORD_CHANGED, LIST_N_SIGNALS };
static guint list_signals[LIST_N_SIGNALS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (IocRecordList, ioc_record_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
list_get_item_type (GListModel *model)
{
  return IOC_TYPE_RECORD;
}

static guint
list_get_n_items (GListModel *model)
{
  return (guint) g_sequence_get_length (IOC_RECORD_LIST (model)->items);
}

static gpointer
list_get_item (GListModel *model,
               guint       position)
{
  IocRecordList *self = IOC_RECORD_LIST (model);
  GSequenceIter *iter = g_sequence_get_iter_at_pos (self->items, (gint) position);

  if (g_sequence_iter_is_end (iter))
    return NULL;
  return g_object_ref (g_sequence_get (iter));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = list_get_item_type;
  iface->get_n_items = list_get_n_items;
  iface->get_item = list_get_item;
}

static void
ioc_record_list_finalize (GObject *object)
{
  IocRecordList *self = IOC_RECORD_LIST (object);

  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->items, g_sequence_free);
  G_OBJECT_CLASS (ioc_record_list_parent_class)->finalize (object);
}

static void
ioc_record_list_class_init (IocRecordListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ioc_record_list_finalize;

  /**
   * IocRecordList::record-changed:
   * @record: the record updated in place
   *
   * One signal for the whole list, after the record's own ::changed: a
   * view of 100,000 rows needs one handler, not one per row.
   */
  list_signals[LIST_SIGNAL_RECORD_CHANGED] =
    g_signal_new ("record-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, IOC_TYPE_RECORD);
}

static void
ioc_record_list_init (IocRecordList *self)
{
  self->items = g_sequence_new (g_object_unref);
  self->by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

IocRecordList *
ioc_record_list_new (void)
{
  return g_object_new (IOC_TYPE_RECORD_LIST, NULL);
}

IocRecord *
ioc_record_list_lookup (IocRecordList *self,
                        const char    *id)
{
  GSequenceIter *iter = id != NULL ? g_hash_table_lookup (self->by_id, id) : NULL;
  return iter != NULL ? g_sequence_get (iter) : NULL;
}

IocRecord *
ioc_record_list_upsert (IocRecordList *self,
                        JsonObject    *data)
{
  g_autofree char *id = id_of (data);
  IocRecord *existing;
  IocRecord *record;
  GSequenceIter *iter;
  guint pos;

  g_return_val_if_fail (id != NULL, NULL);
  existing = ioc_record_list_lookup (self, id);
  if (existing != NULL)
    {
      ioc_record_update (existing, data);
      g_signal_emit (self, list_signals[LIST_SIGNAL_RECORD_CHANGED], 0, existing);
      return existing;
    }
  record = ioc_record_new (data);
  iter = g_sequence_append (self->items, record);
  g_hash_table_insert (self->by_id, g_steal_pointer (&id), iter);
  pos = (guint) g_sequence_iter_get_position (iter);
  g_list_model_items_changed (G_LIST_MODEL (self), pos, 0, 1);
  return record;
}

gboolean
ioc_record_list_remove (IocRecordList *self,
                        const char    *id)
{
  GSequenceIter *iter = g_hash_table_lookup (self->by_id, id);
  guint pos;

  if (iter == NULL)
    return FALSE;
  pos = (guint) g_sequence_iter_get_position (iter);
  g_hash_table_remove (self->by_id, id);
  g_sequence_remove (iter);
  g_list_model_items_changed (G_LIST_MODEL (self), pos, 1, 0);
  return TRUE;
}

void
ioc_record_list_replace (IocRecordList *self,
                         JsonArray     *items)
{
  g_autoptr(GPtrArray) pages = g_ptr_array_new ();

  g_ptr_array_add (pages, items);
  ioc_record_list_replace_pages (self, pages);
}

void
ioc_record_list_replace_pages (IocRecordList *self,
                               GPtrArray     *pages)
{
  guint removed = (guint) g_sequence_get_length (self->items);
  guint added = 0;

  g_hash_table_remove_all (self->by_id);
  g_sequence_remove_range (g_sequence_get_begin_iter (self->items),
                           g_sequence_get_end_iter (self->items));
  for (guint p = 0; p < pages->len; p++)
  for (guint i = 0, n = json_array_get_length (g_ptr_array_index (pages, p)); i < n; i++)
    {
      JsonArray *items = g_ptr_array_index (pages, p);
      JsonObject *data = json_array_get_object_element (items, i);
      char *id = data != NULL ? id_of (data) : NULL;
      GSequenceIter *iter;

      if (id == NULL || g_hash_table_contains (self->by_id, id))
        {
          g_free (id);
          continue;
        }
      iter = g_sequence_append (self->items, ioc_record_new (data));
      g_hash_table_insert (self->by_id, id, iter);
      added++;
    }
  if (removed > 0 || added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, added);
}

void
ioc_record_list_trim (IocRecordList *self,
                      guint          max)
{
  guint n = (guint) g_sequence_get_length (self->items);
  guint drop;

  if (n <= max)
    return;
  drop = n - max;
  for (guint i = 0; i < drop; i++)
    {
      GSequenceIter *first = g_sequence_get_begin_iter (self->items);
      IocRecord *r = g_sequence_get (first);
      g_hash_table_remove (self->by_id, ioc_record_get_id (r));
      g_sequence_remove (first);
    }
  g_list_model_items_changed (G_LIST_MODEL (self), 0, drop, 0);
}
