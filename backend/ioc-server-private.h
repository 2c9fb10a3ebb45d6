/* ioc-server-private.h — what the server's own modules share */
#pragma once

#include "ioc-server.h"
#include "ioc-metrics.h"

G_BEGIN_DECLS

typedef struct _IocStream IocStream;

struct _IocServer
{
  IocConfig      *config;        /* borrowed: outlives the server */
  IocStore       *store;
  SoupServer     *soup;
  GPtrArray      *routes;        /* const IocRoute* */
  IocMetrics     *metrics;
  IocRateLimiter *login_limiter;   /* per account */
  IocRateLimiter *addr_limiter;    /* per client address: a war room shares one */
  IocStream      *stream;
  const IocRoute *current_route;
  struct _IocTiles *tiles;         /* base map, made on first use */
  GPtrArray      *connectors;      /* running connectors (ioc-connectors.c) */
  guint           freshness_id;    /* the freshness timer */
  guint           port;
  gboolean        keep_alive;      /* libsoup ≥ 3.3: see early_handler */
};

/* ioc-server.c */
void        ioc_server_install       (IocServer   *self);
gboolean    ioc_server_authenticate  (IocServer   *self,
                                      const char  *token,
                                      IocRequest  *req,
                                      GError     **error);
IocMetrics *ioc_server_get_metrics   (IocServer   *self);

/* ioc-server-setup.c: registers every module's routes, the connectors and
 * the stream. */
gboolean    ioc_server_setup         (IocServer   *self,
                                      GError     **error);

/* ioc-connectors.c */
gboolean    ioc_server_start_connectors (IocServer *self,
                                         GError   **error);
void        ioc_server_stop_connectors  (IocServer *self);

/* ioc-stream.c */
IocStream  *ioc_stream_new           (IocServer   *server);
void        ioc_stream_free          (IocStream   *stream);
guint       ioc_stream_n_clients     (IocStream   *stream);

/* Route tables of the API modules. */
void        ioc_api_system_register      (IocServer *self);
void        ioc_api_collections_register (IocServer *self);
void        ioc_api_reports_register     (IocServer *self);
void        ioc_api_alerts_register      (IocServer *self);
void        ioc_api_cameras_register     (IocServer *self);
void        ioc_api_tickets_register     (IocServer *self);
void        ioc_api_users_register       (IocServer *self);
void        ioc_api_tiles_register       (IocServer *self);
void        ioc_api_briefing_register    (IocServer *self);

G_END_DECLS
