/* ioc-tile-source.h — the offline base map's tiles from iocd, kept in memory
 *
 * A ShumateDataSource that fetches /tiles/{z}/{x}/{y}.png from iocd with
 * its own HTTP connection and keeps the tiles in a bounded in-memory LRU.
 * One instance per iocd address is shared by every map of the process
 * (ioc_tile_source_get_shared): all the windows of a war-room console
 * share one cache and one download of each tile.
 *
 * Why not ShumateTileDownloader: its file cache deletes a tile file and
 * writes it again in place, and with one downloader per window a map could
 * read another window's half-written file ("Unrecognized image file
 * format"). iocd is on the same machine or LAN and renders a tile in tens
 * of milliseconds: a disk cache buys nothing here. A body that is not a
 * PNG is an error, never a tile.
 */
#pragma once

#include <shumate/shumate.h>

G_BEGIN_DECLS

#define IOC_TYPE_TILE_SOURCE (ioc_tile_source_get_type ())
G_DECLARE_FINAL_TYPE (IocTileSource, ioc_tile_source, IOC, TILE_SOURCE, ShumateDataSource)

#define IOC_TILE_SOURCE_ERROR (ioc_tile_source_error_quark ())
GQuark ioc_tile_source_error_quark (void);

/* @url_template has {z}, {x} and {y}. */
IocTileSource *ioc_tile_source_new        (const char    *url_template,
                                           gsize          max_bytes);
/* The process-wide source for @url_template (a new reference). */
IocTileSource *ioc_tile_source_get_shared (const char    *url_template);
/* Tiles held, and downloads made so far (for tests and benchmarks). */
guint          ioc_tile_source_get_n_cached    (IocTileSource *self);
guint          ioc_tile_source_get_n_downloads (IocTileSource *self);

G_END_DECLS
