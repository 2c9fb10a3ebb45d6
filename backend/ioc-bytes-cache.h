/* ioc-bytes-cache.h — a bounded in-memory cache of byte blobs by key
 *
 * Least recently used first out, bounded by the number of entries and by
 * their total size (the newest entry always stays). Used for map tiles:
 * iocd's rendered PNGs (ioc-tiles.c) and the console's copies of them
 * (app/ioc-tile-source.c). Not thread-safe: one thread uses it.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _IocBytesCache IocBytesCache;

/* @max_entries 0: no bound on the count. */
IocBytesCache *ioc_bytes_cache_new       (guint          max_entries,
                                          gsize          max_bytes);
void           ioc_bytes_cache_free      (IocBytesCache *self);
/* A new reference to the bytes, which become the most recent; NULL. */
GBytes        *ioc_bytes_cache_lookup    (IocBytesCache *self,
                                          const char    *key);
/* Keeps @bytes (a reference) unless @key is there already. */
void           ioc_bytes_cache_insert    (IocBytesCache *self,
                                          const char    *key,
                                          GBytes        *bytes);
guint          ioc_bytes_cache_get_size  (IocBytesCache *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IocBytesCache, ioc_bytes_cache_free)

G_END_DECLS
