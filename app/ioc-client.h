/* ioc-client.h — the console's connection to iocd: REST calls and the live
 * event stream, never blocking the GTK main loop. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum {
  IOC_CLIENT_OFFLINE,        /* not signed in, or stopped */
  IOC_CLIENT_CONNECTING,
  IOC_CLIENT_CONNECTED,
  IOC_CLIENT_RECONNECTING,   /* waiting "retry-in" seconds before the next try */
} IocClientState;

#define IOC_CLIENT_ERROR (ioc_client_error_quark ())
GQuark ioc_client_error_quark (void);

typedef enum {
  IOC_CLIENT_ERROR_UNAUTHORIZED,   /* 401: sign in again */
  IOC_CLIENT_ERROR_FORBIDDEN,      /* 403 */
  IOC_CLIENT_ERROR_REFUSED,        /* another 4xx: the server said why */
  IOC_CLIENT_ERROR_SERVER,         /* 5xx or unreadable answer */
  IOC_CLIENT_ERROR_NETWORK,        /* could not reach iocd */
} IocClientError;

#define IOC_TYPE_CLIENT (ioc_client_get_type ())
G_DECLARE_FINAL_TYPE (IocClient, ioc_client, IOC, CLIENT, GObject)

IocClient     *ioc_client_new            (const char          *base_url);
const char    *ioc_client_get_base_url   (IocClient           *self);
/* The tile URL template of iocd's offline base map. */
char          *ioc_client_dup_tile_url   (IocClient           *self);

void           ioc_client_login_async    (IocClient           *self,
                                          const char          *name,
                                          const char          *password,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean       ioc_client_login_finish   (IocClient           *self,
                                          GAsyncResult        *result,
                                          GError             **error);
const char    *ioc_client_get_user_name  (IocClient           *self);
/* "duty", "supervisor", "leader" or "admin"; NULL before sign-in. */
const char    *ioc_client_get_role       (IocClient           *self);
gboolean       ioc_client_can_dispatch   (IocClient           *self);
gboolean       ioc_client_can_act        (IocClient           *self);

/* One JSON request; @body may be NULL. The answer is the parsed JSON. */
void           ioc_client_request_async  (IocClient           *self,
                                          const char          *method,
                                          const char          *path,
                                          JsonNode            *body,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
JsonNode      *ioc_client_request_finish (IocClient           *self,
                                          GAsyncResult        *result,
                                          GError             **error);

/* Downloads the body of GET @path (a PDF, a CSV table) into @destination,
 * streamed, replacing it only once it is complete. A 4xx/5xx answer is an
 * error with the server's detail. (briefing: the weekly reports.) */
void           ioc_client_download_async  (IocClient           *self,
                                           const char          *path,
                                           GFile               *destination,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean       ioc_client_download_finish (IocClient           *self,
                                           GAsyncResult        *result,
                                           GError             **error);

/* Opens the stream after @since (the seq read before loading the lists),
 * and keeps it open: reconnects with backoff (1, 2, 4 … 30 s), resumes
 * where it stopped, acknowledges what it handled. Emits ::event for each
 * event and ::resync when everything must be reloaded. */
void           ioc_client_start_stream   (IocClient           *self,
                                          gint64               since);
void           ioc_client_stop           (IocClient           *self);
IocClientState ioc_client_get_state      (IocClient           *self);
guint          ioc_client_get_retry_in   (IocClient           *self);
gint64         ioc_client_get_last_seq   (IocClient           *self);

G_END_DECLS
