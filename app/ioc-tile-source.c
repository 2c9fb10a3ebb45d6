/* ioc-tile-source.c — see ioc-tile-source.h */
#define G_LOG_DOMAIN "ioc-console"

#include "config.h"

#include "ioc-tile-source.h"
#include "../backend/ioc-bytes-cache.h"

#include <libsoup/soup.h>
#include <string.h>

#define DEFAULT_MAX_BYTES (48 * 1024 * 1024)

struct _IocTileSource
{
  ShumateDataSource parent_instance;
  char             *url_template;
  SoupSession      *session;
  IocBytesCache    *cache;     /* key → PNG */
  GHashTable       *pending;   /* key → GPtrArray of GTask* waiting for the same tile */
  guint             n_downloads;
};

G_DEFINE_FINAL_TYPE (IocTileSource, ioc_tile_source, SHUMATE_TYPE_DATA_SOURCE)
G_DEFINE_QUARK (ioc-tile-source-error-quark, ioc_tile_source_error)


static char *
tile_uri (IocTileSource *self,
          int            x,
          int            y,
          int            z)
{
  g_autoptr(GString) s = g_string_new (self->url_template);
  char n[16];

  g_snprintf (n, sizeof n, "%d", x);
  g_string_replace (s, "{x}", n, 0);
  g_snprintf (n, sizeof n, "%d", y);
  g_string_replace (s, "{y}", n, 0);
  g_snprintf (n, sizeof n, "%d", z);
  g_string_replace (s, "{z}", n, 0);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

typedef struct {
  IocTileSource *self;
  char          *key;
  int            x, y, z;
  SoupMessage   *msg;
} Download;

static void
download_free (Download *d)
{
  g_object_unref (d->self);
  g_free (d->key);
  g_clear_object (&d->msg);
  g_free (d);
}

/* Every request waiting for this tile gets the bytes (or the error). */
static void
complete (IocTileSource *self,
          const char    *key,
          GBytes        *png,
          const GError  *error)
{
  g_autoptr(GPtrArray) waiters = NULL;
  gpointer stolen_key = NULL;

  if (!g_hash_table_steal_extended (self->pending, key, &stolen_key, (gpointer *) &waiters))
    return;
  g_free (stolen_key);
  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);
      if (png != NULL)
        g_task_return_pointer (task, g_bytes_ref (png), (GDestroyNotify) g_bytes_unref);
      else
        g_task_return_error (task, g_error_copy (error));
    }
}

static void
on_downloaded (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Download *d = user_data;
  IocTileSource *self = d->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  static const guint8 png_magic[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

  if (body != NULL && !SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (d->msg)))
    {
      g_set_error (&error, IOC_TILE_SOURCE_ERROR, 0, "tile %d/%d/%d: HTTP %u", d->z, d->x, d->y,
                   soup_message_get_status (d->msg));
      g_clear_pointer (&body, g_bytes_unref);
    }
  else if (body != NULL &&
           (g_bytes_get_size (body) < sizeof png_magic ||
            memcmp (g_bytes_get_data (body, NULL), png_magic, sizeof png_magic) != 0))
    {
      g_set_error (&error, IOC_TILE_SOURCE_ERROR, 0, "tile %d/%d/%d: the answer is not a PNG image", d->z, d->x, d->y);
      g_clear_pointer (&body, g_bytes_unref);
    }

  if (body != NULL)
    {
      ioc_bytes_cache_insert (self->cache, d->key, body);
      g_signal_emit_by_name (self, "received-data", d->x, d->y, d->z, body);
      complete (self, d->key, body, NULL);
    }
  else
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("%s", error->message);
      complete (self, d->key, NULL, error);
    }
  download_free (d);
}

static void
ioc_tile_source_get_tile_data_async (ShumateDataSource   *source,
                                     int                  x,
                                     int                  y,
                                     int                  zoom,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  IocTileSource *self = IOC_TILE_SOURCE (source);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *key = g_strdup_printf ("%d/%d/%d", zoom, x, y);
  g_autoptr(GBytes) png = NULL;
  g_autofree char *uri = NULL;
  GPtrArray *waiters;
  Download *d;

  g_task_set_source_tag (task, ioc_tile_source_get_tile_data_async);
  png = ioc_bytes_cache_lookup (self->cache, key);
  if (png != NULL)
    {
      g_signal_emit_by_name (self, "received-data", x, y, zoom, png);
      g_task_return_pointer (task, g_steal_pointer (&png), (GDestroyNotify) g_bytes_unref);
      return;
    }
  waiters = g_hash_table_lookup (self->pending, key);
  if (waiters != NULL)
    {
      /* Another map asked for the same tile: one download for both. */
      g_ptr_array_add (waiters, g_steal_pointer (&task));
      return;
    }
  waiters = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (waiters, g_steal_pointer (&task));
  g_hash_table_insert (self->pending, g_strdup (key), waiters);

  uri = tile_uri (self, x, y, zoom);
  d = g_new0 (Download, 1);
  d->self = g_object_ref (self);
  d->key = g_steal_pointer (&key);
  d->x = x;
  d->y = y;
  d->z = zoom;
  d->msg = soup_message_new (SOUP_METHOD_GET, uri);
  if (d->msg == NULL)
    {
      g_autoptr(GError) error = g_error_new (IOC_TILE_SOURCE_ERROR, 0, "not a tile URL: %s", uri);
      complete (self, d->key, NULL, error);
      download_free (d);
      return;
    }
  self->n_downloads++;
  /* Not the first map's cancellable: the download serves every waiter,
   * and a tile that scrolled away is still worth keeping. */
  soup_session_send_and_read_async (self->session, d->msg, G_PRIORITY_DEFAULT, NULL, on_downloaded, d);
}

static GBytes *
ioc_tile_source_get_tile_data_finish (ShumateDataSource  *source,
                                      GAsyncResult       *result,
                                      GError            **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
ioc_tile_source_finalize (GObject *object)
{
  IocTileSource *self = IOC_TILE_SOURCE (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_pointer (&self->cache, ioc_bytes_cache_free);
  g_free (self->url_template);
  G_OBJECT_CLASS (ioc_tile_source_parent_class)->finalize (object);
}

static void
ioc_tile_source_class_init (IocTileSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ShumateDataSourceClass *source_class = SHUMATE_DATA_SOURCE_CLASS (klass);

  object_class->finalize = ioc_tile_source_finalize;
  source_class->get_tile_data_async = ioc_tile_source_get_tile_data_async;
  source_class->get_tile_data_finish = ioc_tile_source_get_tile_data_finish;
}

static void
ioc_tile_source_init (IocTileSource *self)
{
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
}

IocTileSource *
ioc_tile_source_new (const char *url_template,
                     gsize       max_bytes)
{
  IocTileSource *self = g_object_new (IOC_TYPE_TILE_SOURCE, NULL);

  self->url_template = g_strdup (url_template);
  self->cache = ioc_bytes_cache_new (0, max_bytes > 0 ? max_bytes : DEFAULT_MAX_BYTES);
  self->session = soup_session_new_with_options ("user-agent", "ioc-console/" PACKAGE_VERSION,
                                                 "max-conns-per-host", 4,
                                                 "timeout", 30,
                                                 "proxy-resolver", NULL,
                                                 NULL);
  return self;
}

IocTileSource *
ioc_tile_source_get_shared (const char *url_template)
{
  /* Lives as long as the process, like the windows that use it. */
  static GHashTable *shared;
  IocTileSource *source;

  if (shared == NULL)
    shared = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  source = g_hash_table_lookup (shared, url_template);
  if (source == NULL)
    {
      source = ioc_tile_source_new (url_template, 0);
      g_hash_table_insert (shared, g_strdup (url_template), source);
    }
  return g_object_ref (source);
}

guint
ioc_tile_source_get_n_cached (IocTileSource *self)
{
  return ioc_bytes_cache_get_size (self->cache);
}

guint
ioc_tile_source_get_n_downloads (IocTileSource *self)
{
  return self->n_downloads;
}
