/* ioc-tail.c — see ioc-tail.h */
#define G_LOG_DOMAIN "iocd"

#include "ioc-tail.h"
#include "ioc-soc-ingest.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHUNK (4 * 1024 * 1024)

struct _IocTail {
  IocServer *server;
  char      *path;
  dev_t      dev;
  ino_t      ino;
  goffset    offset;      /* bytes of the current file consumed */
  guint      line;        /* lines of the current file consumed */
  GString   *partial;     /* an incomplete last line */
  gboolean   opened;      /* dev/ino are known */
  guint      source_id;
};

static gboolean
on_timer (gpointer user_data)
{
  IocTail *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ioc_tail_poll (self, &error))
    g_warning ("eve-file %s: %s", self->path, error->message);
  return G_SOURCE_CONTINUE;
}

IocTail *
ioc_tail_new (IocServer  *server,
              const char *path)
{
  IocTail *self = g_new0 (IocTail, 1);
  GStatBuf st;

  self->server = server;
  self->path = g_strdup (path);
  self->partial = g_string_new (NULL);
  if (g_stat (path, &st) == 0)
    {
      self->dev = st.st_dev;
      self->ino = st.st_ino;
      self->offset = st.st_size;   /* start at the end */
      self->opened = TRUE;
    }
  self->source_id = g_timeout_add_seconds (1, on_timer, self);
  return self;
}

void
ioc_tail_free (IocTail *self)
{
  if (self == NULL)
    return;
  g_clear_handle_id (&self->source_id, g_source_remove);
  g_string_free (self->partial, TRUE);
  g_free (self->path);
  g_free (self);
}

static gboolean
ingest_lines (IocTail     *self,
              const char  *data,
              gsize        length,
              GError     **error)
{
  IocStore *store = ioc_server_get_store (self->server);
  IocSocIngestResult r;
  gboolean ok;

  ioc_soc_ingest_result_init (&r);
  r.lines = self->line;
  if (!ioc_store_begin (store, error))
    {
      ioc_soc_ingest_result_clear (&r);
      return FALSE;
    }
  ok = ioc_soc_ingest (store, data, length, IOC_SOC_FOLD_WINDOW_S, &r, error) &&
       (r.accepted + r.folded == 0 || ioc_server_touch_source (self->server, "soc", error)) &&
       ioc_store_commit (store, error);
  if (!ok)
    ioc_store_rollback (store);
  else
    for (guint i = 0; i < json_array_get_length (r.rejected); i++)
      {
        JsonObject *bad = json_array_get_object_element (r.rejected, i);
        g_warning ("eve-file %s: line %" G_GINT64_FORMAT ": %s", self->path,
                   json_object_get_int_member (bad, "line"), json_object_get_string_member (bad, "error"));
      }
  self->line = r.lines;
  ioc_soc_ingest_result_clear (&r);
  return ok;
}

gboolean
ioc_tail_poll (IocTail  *self,
               GError  **error)
{
  GStatBuf st;
  int fd;
  g_autofree char *buf = NULL;
  gssize n;

  if (g_stat (self->path, &st) != 0)
    return TRUE;   /* not there (yet, or between rotation steps) */
  if (!self->opened || st.st_dev != self->dev || st.st_ino != self->ino || st.st_size < self->offset)
    {
      /* A new file (rotation) or a truncated one: from its start. */
      if (self->opened)
        g_message ("eve-file %s: rotated, reading the new file from its start", self->path);
      self->dev = st.st_dev;
      self->ino = st.st_ino;
      self->offset = 0;
      self->line = 0;
      self->opened = TRUE;
      g_string_truncate (self->partial, 0);
    }
  if (st.st_size == self->offset)
    return TRUE;

  fd = g_open (self->path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int e = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (e), "cannot open: %s", g_strerror (e));
      return FALSE;
    }
  buf = g_malloc (CHUNK);
  while ((n = pread (fd, buf, CHUNK, self->offset)) > 0)
    {
      const char *last_nl;

      self->offset += n;
      g_string_append_len (self->partial, buf, n);
      last_nl = NULL;
      for (gsize i = self->partial->len; i > 0; i--)
        if (self->partial->str[i - 1] == '\n')
          {
            last_nl = self->partial->str + i - 1;
            break;
          }
      if (last_nl != NULL)
        {
          gsize whole = (gsize) (last_nl - self->partial->str) + 1;
          gboolean ok = ingest_lines (self, self->partial->str, whole, error);
          g_string_erase (self->partial, 0, whole);
          if (!ok)
            {
              close (fd);
              return FALSE;
            }
        }
    }
  close (fd);
  if (n < 0)
    {
      int e = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (e), "cannot read: %s", g_strerror (e));
      return FALSE;
    }
  return TRUE;
}
