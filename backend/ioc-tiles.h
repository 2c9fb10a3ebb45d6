/* ioc-tiles.h — offline raster base map: 256×256 Web-Mercator PNG tiles
 * rendered with cairo and Pango from the boundaries of today's units.
 *
 * Geometry comes from the store (units valid today with a boundary) or,
 * when the store has none, from DATA_DIR/demo/map/daklak_communes.geojson.
 * It is loaded once, on the main thread, at the first tile. Rendering runs
 * in a worker thread; finished tiles are kept in a bounded LRU cache. Every
 * function here is for the main thread.
 */
#pragma once

#include "ioc-store.h"

G_BEGIN_DECLS

#define IOC_TILES_MAX_ZOOM 18

typedef struct _IocTiles IocTiles;

/* @data_dir may be NULL (no fallback file). */
IocTiles *ioc_tiles_new           (IocStore             *store,
                                   const char           *data_dir);
void      ioc_tiles_free          (IocTiles             *self);
/* FALSE with G_IO_ERROR_NOT_FOUND unless z ≤ 18 and x, y < 2^z. */
gboolean  ioc_tiles_check         (guint                 z,
                                   guint                 x,
                                   guint                 y,
                                   GError              **error);
/* Loads the geometry if needed; the entity tag of the tile, quoted, which
 * changes when the geometry or the renderer changes. */
char     *ioc_tiles_etag          (IocTiles             *self,
                                   guint                 z,
                                   guint                 x,
                                   guint                 y,
                                   GError              **error);
/* The cached PNG of a tile, or NULL; counts as a use for the LRU. */
GBytes   *ioc_tiles_lookup        (IocTiles             *self,
                                   guint                 z,
                                   guint                 x,
                                   guint                 y);
/* Renders in a worker thread (requests for a tile already being rendered
 * wait for that rendering) and caches the result. */
void      ioc_tiles_render_async  (IocTiles             *self,
                                   guint                 z,
                                   guint                 x,
                                   guint                 y,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data);
GBytes   *ioc_tiles_render_finish (IocTiles             *self,
                                   GAsyncResult         *result,
                                   GError              **error);
/* The same, blocking (tests and benchmarks). */
GBytes   *ioc_tiles_render        (IocTiles             *self,
                                   guint                 z,
                                   guint                 x,
                                   guint                 y,
                                   GError              **error);
guint     ioc_tiles_cache_size    (IocTiles             *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IocTiles, ioc_tiles_free)

G_END_DECLS
