/* ioc-config.c — iocd settings */
#include "config.h"

#include "ioc-config.h"

#include <gio/gio.h>
#include <stdio.h>
#include <string.h>

IocConfig *
ioc_config_new (void)
{
  IocConfig *c = g_new0 (IocConfig, 1);
  const char *data_dir = g_getenv ("IOCD_DATA_DIR");

  c->listen_address = g_strdup ("127.0.0.1");
  c->port = 8088;
  c->database = g_build_filename (g_get_user_data_dir (), "iocd", "iocd.db", NULL);
  /* Run from the source tree by default; an installed iocd is given
   * IOCD_DATA_DIR or data-dir by its unit file. */
  c->data_dir = g_strdup (data_dir != NULL ? data_dir :
                          g_file_test (SOURCE_DATADIR, G_FILE_TEST_IS_DIR) ? SOURCE_DATADIR : PKGDATADIR);
  c->max_body_bytes = 1024 * 1024;
  c->token_ttl_s = 12 * 3600;         /* one shift plus margin */
  c->login_max_failures = 5;
  c->login_window_s = 300;
  c->event_retention = 100000;
  c->stream_window = 1000;
  c->stream_max_lag = 20000;
  c->overdue_interval_s = 30;
  c->report_minute = 13 * 60;
  c->freshness_interval_s = 30;
  return c;
}

void
ioc_config_free (IocConfig *c)
{
  if (c == NULL)
    return;
  g_free (c->listen_address);
  g_free (c->database);
  g_free (c->data_dir);
  g_free (c->eve_file);
  g_free (c->reports_dir);
  g_free (c->port_file);
  g_clear_pointer (&c->keyfile, g_key_file_unref);
  g_free (c);
}

gboolean
ioc_config_set_listen (IocConfig   *c,
                       const char  *listen,
                       GError     **error)
{
  const char *colon = strrchr (listen, ':');
  g_autofree char *host = NULL;
  guint64 port;
  char *end = NULL;

  if (colon == NULL)
    goto bad;
  port = g_ascii_strtoull (colon + 1, &end, 10);
  if (end == colon + 1 || *end != '\0' || port > 65535)
    goto bad;
  host = g_strndup (listen, colon - listen);
  if (host[0] == '[')
    {
      size_t n = strlen (host);
      if (n < 2 || host[n - 1] != ']')
        goto bad;
      host[n - 1] = '\0';
      memmove (host, host + 1, n - 1);
    }
  if (*host == '\0')
    {
      g_free (host);
      host = g_strdup ("127.0.0.1");
    }
  if (!g_hostname_is_ip_address (host))
    goto bad;
  g_free (c->listen_address);
  c->listen_address = g_steal_pointer (&host);
  c->port = (guint) port;
  return TRUE;

bad:
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               "listen address must be ADDR:PORT with a numeric address, got “%s”", listen);
  return FALSE;
}

gboolean
ioc_config_load_file (IocConfig   *c,
                      const char  *path,
                      GError     **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autofree char *s = NULL;
  g_autoptr(GError) local = NULL;
  gint64 n;

  if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, error))
    {
      g_prefix_error (error, "%s: ", path);
      return FALSE;
    }

#define GET_STR(key, field) \
  if ((s = g_key_file_get_string (kf, "iocd", key, NULL)) != NULL) \
    { g_free (c->field); c->field = g_steal_pointer (&s); }
#define GET_INT(key, field, min, max) \
  if (g_key_file_has_key (kf, "iocd", key, NULL)) \
    { \
      n = g_key_file_get_int64 (kf, "iocd", key, &local); \
      if (local != NULL || n < (min) || n > (max)) \
        { \
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE, \
                       "%s: [iocd] %s must be an integer from %lld to %lld", path, key, \
                       (long long) (min), (long long) (max)); \
          return FALSE; \
        } \
      c->field = n; \
    }

  if ((s = g_key_file_get_string (kf, "iocd", "listen", NULL)) != NULL)
    {
      if (!ioc_config_set_listen (c, s, error))
        {
          g_prefix_error (error, "%s: ", path);
          return FALSE;
        }
      g_clear_pointer (&s, g_free);
    }
  GET_STR ("database", database);
  GET_STR ("data-dir", data_dir);
  GET_STR ("eve-file", eve_file);
  GET_STR ("reports-dir", reports_dir);
  /* briefing: report-time = HH:MM, province time */
  if ((s = g_key_file_get_string (kf, "iocd", "report-time", NULL)) != NULL)
    {
      unsigned h = 0, m = 0;
      char tail;
      if (sscanf (s, "%2u:%2u%c", &h, &m, &tail) != 2 || h > 23 || m > 59)
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                       "%s: [iocd] report-time must be HH:MM, got “%s”", path, s);
          return FALSE;
        }
      c->report_minute = h * 60 + m;
      g_clear_pointer (&s, g_free);
    }
  GET_INT ("max-body-bytes", max_body_bytes, 1024, G_GINT64_CONSTANT (1) << 31);
  GET_INT ("token-ttl", token_ttl_s, 60, 30 * 24 * 3600);
  GET_INT ("login-max-failures", login_max_failures, 1, 1000);
  GET_INT ("login-window", login_window_s, 1, 24 * 3600);
  GET_INT ("event-retention", event_retention, 100, G_MAXINT32);
  GET_INT ("stream-window", stream_window, 1, 1000000);
  GET_INT ("stream-max-lag", stream_max_lag, 1, G_MAXINT32);
  GET_INT ("overdue-interval", overdue_interval_s, 1, 3600);
  GET_INT ("freshness-interval", freshness_interval_s, 1, 3600);
  if (g_key_file_has_key (kf, "iocd", "demo", NULL))
    c->demo = g_key_file_get_boolean (kf, "iocd", "demo", NULL);
#undef GET_STR
#undef GET_INT
  g_clear_pointer (&c->keyfile, g_key_file_unref);
  c->keyfile = g_key_file_ref (kf);
  return TRUE;
}

gboolean
ioc_config_group_int (IocConfig   *c,
                      const char  *group,
                      const char  *key,
                      gint64       fallback,
                      gint64       min,
                      gint64       max,
                      gint64      *out,
                      GError     **error)
{
  g_autoptr(GError) local = NULL;
  gint64 n;

  *out = fallback;
  if (c->keyfile == NULL || !g_key_file_has_key (c->keyfile, group, key, NULL))
    return TRUE;
  n = g_key_file_get_int64 (c->keyfile, group, key, &local);
  if (local != NULL || n < min || n > max)
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   "[%s] %s must be an integer from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT,
                   group, key, min, max);
      return FALSE;
    }
  *out = n;
  return TRUE;
}

char *
ioc_config_group_string (IocConfig  *c,
                         const char *group,
                         const char *key,
                         const char *fallback)
{
  char *s;

  if (c->keyfile != NULL && (s = g_key_file_get_string (c->keyfile, group, key, NULL)) != NULL)
    return s;
  return g_strdup (fallback);
}
