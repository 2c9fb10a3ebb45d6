/* ioc-bytes-cache.c — see ioc-bytes-cache.h */
#include "ioc-bytes-cache.h"

typedef struct {
  char   *key;
  GBytes *bytes;
  GList   link;         /* in lru; data = the entry */
} Entry;

struct _IocBytesCache
{
  GHashTable *table;    /* key (the entry's) → Entry*, owned */
  GQueue      lru;      /* most recent first */
  gsize       bytes;
  guint       max_entries;
  gsize       max_bytes;
};

static void
entry_free (gpointer data)
{
  Entry *e = data;

  g_bytes_unref (e->bytes);
  g_free (e->key);
  g_free (e);
}

IocBytesCache *
ioc_bytes_cache_new (guint max_entries,
                     gsize max_bytes)
{
  IocBytesCache *self = g_new0 (IocBytesCache, 1);

  self->table = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, entry_free);
  g_queue_init (&self->lru);
  self->max_entries = max_entries;
  self->max_bytes = max_bytes;
  return self;
}

void
ioc_bytes_cache_free (IocBytesCache *self)
{
  if (self == NULL)
    return;
  /* The queue's links live in the entries the table frees. */
  g_hash_table_unref (self->table);
  g_free (self);
}

GBytes *
ioc_bytes_cache_lookup (IocBytesCache *self,
                        const char    *key)
{
  Entry *e = g_hash_table_lookup (self->table, key);

  if (e == NULL)
    return NULL;
  g_queue_unlink (&self->lru, &e->link);
  g_queue_push_head_link (&self->lru, &e->link);
  return g_bytes_ref (e->bytes);
}

void
ioc_bytes_cache_insert (IocBytesCache *self,
                        const char    *key,
                        GBytes        *bytes)
{
  Entry *e;

  if (g_hash_table_contains (self->table, key))
    return;
  e = g_new0 (Entry, 1);
  e->key = g_strdup (key);
  e->bytes = g_bytes_ref (bytes);
  e->link.data = e;
  g_queue_push_head_link (&self->lru, &e->link);
  g_hash_table_insert (self->table, e->key, e);
  self->bytes += g_bytes_get_size (bytes);
  while (self->lru.length > 1 &&
         ((self->max_entries > 0 && self->lru.length > self->max_entries) || self->bytes > self->max_bytes))
    {
      Entry *old = g_queue_peek_tail (&self->lru);

      g_queue_unlink (&self->lru, &old->link);
      self->bytes -= g_bytes_get_size (old->bytes);
      g_hash_table_remove (self->table, old->key);   /* frees it */
    }
}

guint
ioc_bytes_cache_get_size (IocBytesCache *self)
{
  return g_hash_table_size (self->table);
}
