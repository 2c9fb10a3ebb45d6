/* ioc-config.h — iocd settings: defaults, GKeyFile, command line */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char   *listen_address;       /* "127.0.0.1" */
  guint   port;                 /* 8088; 0 = any free port (tests) */
  char   *database;             /* path of the SQLite file */
  char   *data_dir;             /* demo and reference data (units, map, CSV) */
  gboolean demo;
  gsize   max_body_bytes;       /* larger request bodies get 413 */
  guint   token_ttl_s;          /* bearer token lifetime */
  guint   login_max_failures;   /* per user name and per client address */
  guint   login_window_s;
  gint64  event_retention;      /* events kept for since= resumption */
  guint   stream_window;        /* events a console may have unacknowledged */
  guint   stream_max_lag;       /* a console further behind is dropped */
  char   *port_file;            /* write the bound port here (tests) */
  guint   overdue_interval_s;   /* how often deadlines are checked */
  char   *eve_file;             /* Suricata EVE file to follow (ioc-tail.h), or NULL */
  /* briefing: the weekly report (ioc-weekly-report.h) */
  char   *reports_dir;          /* NULL: <database dir>/reports */
  guint   report_minute;        /* Friday's automatic report, minutes after 00:00 province time (13:00) */
  guint   freshness_interval_s; /* how often sources are checked for staleness (30) */
  /* The whole config file (NULL without one): each connector reads its own
   * group, named after it ([open311], [cameras], ...). */
  GKeyFile *keyfile;
} IocConfig;

IocConfig *ioc_config_new        (void);
void       ioc_config_free       (IocConfig   *config);
/* Reads the [iocd] group of a GKeyFile; keys are the field names with '-'
 * (listen = ADDR:PORT, database, data-dir, max-body-bytes, token-ttl, ...). */
gboolean   ioc_config_load_file  (IocConfig   *config,
                                  const char  *path,
                                  GError     **error);
/* "ADDR:PORT", "[::1]:PORT" or ":PORT". */
gboolean   ioc_config_set_listen (IocConfig   *config,
                                  const char  *listen,
                                  GError     **error);
/* A connector's integer setting: key @key of group @group, or @fallback
 * when there is no config file or no such key. A value outside
 * @min..@max, or not a number, is an error naming the file, group and key. */
gboolean   ioc_config_group_int  (IocConfig   *config,
                                  const char  *group,
                                  const char  *key,
                                  gint64       fallback,
                                  gint64       min,
                                  gint64       max,
                                  gint64      *out,
                                  GError     **error);
/* A connector's string setting, or a copy of @fallback (may be NULL). */
char      *ioc_config_group_string (IocConfig  *config,
                                    const char *group,
                                    const char *key,
                                    const char *fallback);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IocConfig, ioc_config_free)

G_END_DECLS
