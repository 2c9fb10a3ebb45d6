/* ioc-test-server.h — the real iocd on a free loopback port, for tests
 *
 * Starts build/backend/iocd (IOCD_BIN) as a subprocess with a temporary
 * database and --listen 127.0.0.1:0, reads the port it bound, and talks to
 * it over HTTP and WebSocket with libsoup. Everything it starts it stops.
 * iocd's camera health checker is off unless the test's --config file has
 * a [cameras] group (see test_config in ioc-test-server.c).
 */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct {
  GSubprocess *proc;
  char        *dir;        /* temporary directory, removed at the end */
  char        *db_path;
  guint        port;
  char        *base_url;   /* "http://127.0.0.1:PORT" */
  SoupSession *session;
  gboolean     demo;
  GStrv        extra_args;
} IocTestServer;

/* Starts iocd; @demo adds --demo; @extra_args (NULL-terminated, may be
 * NULL) go on its command line. Aborts the test when it cannot start. */
IocTestServer *ioc_test_server_start   (gboolean            demo,
                                        const char *const  *extra_args);
/* SIGTERM and wait; removes the temporary directory. */
void           ioc_test_server_free    (IocTestServer      *srv);
/* SIGKILL and wait, keeping the database. */
void           ioc_test_server_kill    (IocTestServer      *srv);
/* SIGTERM and wait, keeping the database. */
void           ioc_test_server_stop    (IocTestServer      *srv);
/* Starts iocd again on the same database and the same port. */
void           ioc_test_server_restart (IocTestServer      *srv);

/* A request with an optional bearer token and JSON body text; returns the
 * parsed JSON answer (NULL when the body is not JSON) and the status. */
JsonNode      *ioc_test_request        (IocTestServer      *srv,
                                        const char         *method,
                                        const char         *path,
                                        const char         *token,
                                        const char         *body,
                                        guint              *status);
/* Same, with raw bytes and a content type of the caller's choice. */
JsonNode      *ioc_test_request_raw    (IocTestServer      *srv,
                                        const char         *method,
                                        const char         *path,
                                        const char         *token,
                                        const char         *content_type,
                                        GBytes             *body,
                                        guint              *status,
                                        GBytes            **out_body);
/* POST /api/v1/login; asserts success and returns the token. */
char          *ioc_test_login          (IocTestServer      *srv,
                                        const char         *name,
                                        const char         *password);
/* The demo password of a demo user ("duty" → "duty-demo-1022"). */
const char    *ioc_test_demo_password  (const char         *name);

/* Opens /api/v1/stream (since < 0: no since=); connect to "message" at once. */
SoupWebsocketConnection *ioc_test_stream_open (IocTestServer *srv,
                                               const char    *token,
                                               gint64         since,
                                               GError       **error);

/* Runs the default main context until @done is TRUE or @timeout_ms pass;
 * returns *done. */
gboolean       ioc_test_wait           (gboolean           *done,
                                        guint               timeout_ms);

/* Counts the rows of a table with the sqlite3 API (the server may run). */
gint64         ioc_test_count_rows     (IocTestServer      *srv,
                                        const char         *table);
/* A digest of every row of every domain table, to assert "unchanged". */
char          *ioc_test_db_digest      (IocTestServer      *srv);
/* The same without events and audit_log: the data is unchanged although a
 * refused background job recorded its attempt (import.* events, audit). */
char          *ioc_test_db_data_digest (IocTestServer      *srv);
/* A digest of @tables (NULL-terminated). */
char          *ioc_test_db_digest_tables (IocTestServer     *srv,
                                          const char *const *tables);

G_END_DECLS
