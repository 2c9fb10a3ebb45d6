/* ioc-tiles.h — offline raster base map: 256×256 Web-Mercator PNG tiles
 * rendered with cairo from the boundaries of the units in the store. */
#pragma once

#include "ioc-store.h"

G_BEGIN_DECLS

typedef struct _IocTiles IocTiles;

IocTiles *ioc_tiles_new    (IocStore   *store);
void      ioc_tiles_free   (IocTiles   *self);
/* PNG bytes of tile z/x/y (z 0..18); NULL with an error for a bad address. */
GBytes   *ioc_tiles_render (IocTiles   *self,
                            guint       z,
                            guint       x,
                            guint       y,
                            GError    **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IocTiles, ioc_tiles_free)

G_END_DECLS
