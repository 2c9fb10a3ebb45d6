/* ioc-server.h — iocd's HTTP server: routing, authentication, errors, audit
 *
 * Handlers are plain functions registered in a route table with the roles
 * that may call them. The server authenticates the bearer token, checks the
 * role, parses a JSON body (bounded by max-body-bytes), calls the handler,
 * and turns a GError into a JSON error with the right status:
 *
 *   { "error": "invalid", "detail": "lat must be a number", "field": "lat" }
 *
 * A state-changing handler runs inside a store transaction opened by the
 * server; it records the audit entry with ioc_request_audit() and appends
 * its events; the server commits only when the handler succeeded, so a
 * failed request changes nothing.
 */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "ioc-auth.h"
#include "ioc-config.h"
#include "ioc-store.h"

G_BEGIN_DECLS

#define IOC_API_ERROR (ioc_api_error_quark ())
GQuark ioc_api_error_quark (void);

/* Each maps to one HTTP status and one "error" string. */
typedef enum {
  IOC_API_ERROR_BAD_REQUEST,      /* 400 "bad_request" */
  IOC_API_ERROR_INVALID,          /* 422 "invalid": a field has a wrong value or type */
  IOC_API_ERROR_UNAUTHORIZED,     /* 401 "unauthorized" */
  IOC_API_ERROR_FORBIDDEN,        /* 403 "forbidden" */
  IOC_API_ERROR_NOT_FOUND,        /* 404 "not_found" */
  IOC_API_ERROR_CONFLICT,         /* 409 "conflict": not allowed in the current state */
  IOC_API_ERROR_TOO_LARGE,        /* 413 "too_large" */
  IOC_API_ERROR_UNSUPPORTED,      /* 415 "unsupported_media_type" */
  IOC_API_ERROR_TOO_MANY,         /* 429 "too_many_requests" */
  IOC_API_ERROR_INTERNAL,         /* 500 "internal" */
  IOC_API_ERROR_UNAVAILABLE,      /* 503 "unavailable" */
} IocApiError;

/* Sets an IOC_API_ERROR naming @field (may be NULL). */
void ioc_api_set_error (GError     **error,
                        IocApiError  code,
                        const char  *field,
                        const char  *format,
                        ...) G_GNUC_PRINTF (4, 5);
/* The field an error names, if any (free it). */
char       *ioc_api_error_get_field (const GError *error);
/* The HTTP status of an error (500 unless it is an IOC_API_ERROR), and its
 * text without the field. */
guint       ioc_api_error_get_status (const GError *error);
const char *ioc_api_error_get_detail (const GError *error);

typedef struct _IocServer IocServer;

typedef struct {
  IocServer         *server;
  IocStore          *store;
  SoupServerMessage *msg;
  const char        *method;
  const char        *path;
  GHashTable        *params;      /* {name} segments of the route */
  GHashTable        *query;       /* decoded query string, may be empty */
  JsonNode          *body;        /* parsed JSON body, or NULL */
  gint64             user_id;     /* 0 when anonymous */
  const char        *user_name;   /* NULL when anonymous */
  IocRole            role;
  /* Set by the handler: */
  guint              status;      /* default 200 */
  JsonNode          *response;    /* the JSON to send; NULL → {} */
  char              *content_type;/* when the handler sends its own body */
  GBytes            *raw_response;
  gboolean           wrote_audit;
  char              *owned_user_name;
} IocRequest;

typedef gboolean (*IocHandler) (IocRequest  *req,
                                GError     **error);

/* Writes a failed request's error in a shape of the route's own (an
 * external standard's, e.g. Open311's [{"code","description"}]) instead of
 * the house JSON; @status is the HTTP status of @error. */
typedef void     (*IocErrorWriter) (IocRequest   *req,
                                    guint         status,
                                    const GError *error);

typedef enum {
  IOC_ROUTE_PUBLIC   = 1 << 0,  /* no token needed */
  IOC_ROUTE_MUTATES  = 1 << 1,  /* runs in a transaction; audited */
  IOC_ROUTE_RAW_BODY = 1 << 2,  /* body handed over unparsed (CSV, NDJSON, XML) */
  IOC_ROUTE_LARGE_BODY = 1 << 3, /* file uploads: [imports] max-body-bytes, not max-body-bytes */
} IocRouteFlags;


typedef struct {
  const char    *method;     /* "GET", "POST", ... */
  const char    *pattern;    /* "/api/v1/reports/{id}/assign" */
  IocRole        roles;      /* who may call it; ignored when PUBLIC */
  IocRouteFlags  flags;
  IocHandler     handler;
  const char    *action;     /* audit action name, e.g. "report.assign" */
  IocErrorWriter write_error;/* NULL: errors in the house JSON shape */
} IocRoute;

IocServer  *ioc_server_new           (IocConfig    *config,
                                      IocStore     *store,
                                      GError      **error);
void        ioc_server_free          (IocServer    *self);
/* Adds routes; @routes must stay alive as long as the server (static). */
void        ioc_server_add_routes    (IocServer    *self,
                                      const IocRoute *routes,
                                      guint         n_routes);
gboolean    ioc_server_listen        (IocServer    *self,
                                      GError      **error);
guint       ioc_server_get_port      (IocServer    *self);
SoupServer *ioc_server_get_soup      (IocServer    *self);
IocStore   *ioc_server_get_store     (IocServer    *self);
IocConfig  *ioc_server_get_config    (IocServer    *self);
/* Every registered route (IocRoute*), for the OpenAPI consistency test. */
GPtrArray  *ioc_server_get_routes    (IocServer    *self);
/* The largest body @route accepts (max-body-bytes, or for LARGE_BODY
 * routes [imports] max-body-bytes, 256 MiB by default). */
gsize       ioc_server_body_limit    (IocServer      *self,
                                      const IocRoute *route);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IocServer, ioc_server_free)

/* Helpers for handlers. */
const char *ioc_request_param        (IocRequest   *req,
                                      const char   *name);
const char *ioc_request_query        (IocRequest   *req,
                                      const char   *name);
/* The body as an object; sets a 400 error when it is not one. */
JsonObject *ioc_request_body_object  (IocRequest   *req,
                                      GError      **error);
void        ioc_request_set_object   (IocRequest   *req,
                                      guint         status,
                                      JsonObject   *object);
/* Records who did what to which entity, with the state before and after;
 * written in the request's transaction. */
gboolean    ioc_request_audit        (IocRequest   *req,
                                      const char   *entity,
                                      const char   *entity_id,
                                      JsonObject   *before,
                                      JsonObject   *after,
                                      GError      **error);
/* Maps a store error to the API error with the right status. */
void        ioc_api_error_from_store (GError      **error);

/* Freshness of a source: records a successful update now (in the current
 * transaction when one is open). */
gboolean    ioc_server_touch_source  (IocServer    *self,
                                      const char   *source,
                                      GError      **error);

/* Marks every source silent for longer than its expected interval stale
 * (event "source.stale"); run by a timer every freshness-interval seconds.
 * Returns how many became stale, -1 on a store error (logged). */
gint64      ioc_server_check_freshness (IocServer  *self,
                                        gint64      now);

G_END_DECLS
