/* ioc-client.c — REST over one SoupSession, and the stream with reconnects */
#include "config.h"

#include "ioc-client.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

G_DEFINE_QUARK (ioc-client-error-quark, ioc_client_error)

#define MAX_BACKOFF 30
#define ACK_EVERY 50

struct _IocClient
{
  GObject                  parent_instance;
  char                    *base_url;
  SoupSession             *session;
  char                    *token;
  char                    *user_name;
  char                    *role;

  SoupWebsocketConnection *ws;
  GCancellable            *ws_cancellable;
  IocClientState           state;
  gboolean                 streaming;     /* wants the stream open */
  gint64                   last_seq;      /* last event handled */
  gint64                   received_seq;  /* last event received (queued or handled) */
  gint64                   acked;
  GQueue                   pending;       /* JsonNode*: messages not handled yet */
  guint                    dispatch_id;
  guint                    backoff;       /* seconds of the next wait */
  guint                    retry_in;
  guint                    retry_id;
  guint                    ack_id;
};

enum { PROP_0, PROP_STATE, PROP_RETRY_IN, PROP_ROLE, N_PROPS };
static GParamSpec *props[N_PROPS];
enum { SIGNAL_EVENT, SIGNAL_RESYNC, SIGNAL_SESSION_EXPIRED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (IocClient, ioc_client, G_TYPE_OBJECT)

static void connect_stream (IocClient *self);

static void
set_state (IocClient      *self,
           IocClientState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_STATE]);
}

static void
ioc_client_dispose (GObject *object)
{
  IocClient *self = IOC_CLIENT (object);

  ioc_client_stop (self);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (ioc_client_parent_class)->dispose (object);
}

static void
ioc_client_finalize (GObject *object)
{
  IocClient *self = IOC_CLIENT (object);

  g_free (self->base_url);
  g_free (self->token);
  g_free (self->user_name);
  g_free (self->role);
  G_OBJECT_CLASS (ioc_client_parent_class)->finalize (object);
}

static void
ioc_client_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  IocClient *self = IOC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_RETRY_IN:
      g_value_set_uint (value, self->retry_in);
      break;
    case PROP_ROLE:
      g_value_set_string (value, self->role);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ioc_client_class_init (IocClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ioc_client_dispose;
  object_class->finalize = ioc_client_finalize;
  object_class->get_property = ioc_client_get_property;

  props[PROP_STATE] = g_param_spec_int ("state", NULL, NULL, IOC_CLIENT_OFFLINE, IOC_CLIENT_RECONNECTING,
                                        IOC_CLIENT_OFFLINE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  props[PROP_RETRY_IN] = g_param_spec_uint ("retry-in", NULL, NULL, 0, G_MAXUINT, 0,
                                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  props[PROP_ROLE] = g_param_spec_string ("role", NULL, NULL, NULL,
                                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, props);

  /**
   * IocClient::event:
   * @type: the event type, e.g. "report.updated"
   * @data: (type Json.Object): the changed row
   */
  signals[SIGNAL_EVENT] = g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, JSON_TYPE_OBJECT);
  signals[SIGNAL_RESYNC] = g_signal_new ("resync", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_SESSION_EXPIRED] = g_signal_new ("session-expired", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ioc_client_init (IocClient *self)
{
  /* iocd talks to consoles directly, on the machine or the war room's
   * LAN: no proxy (the system resolver costs milliseconds per new
   * connection, and iocd closes each connection after its answer — see
   * its early_handler). */
  self->session = soup_session_new_with_options ("timeout", 20, "max-conns-per-host", 4,
                                                 "proxy-resolver", NULL, NULL);
  self->backoff = 1;
}

IocClient *
ioc_client_new (const char *base_url)
{
  IocClient *self = g_object_new (IOC_TYPE_CLIENT, NULL);
  size_t n = strlen (base_url);

  self->base_url = n > 0 && base_url[n - 1] == '/' ? g_strndup (base_url, n - 1) : g_strdup (base_url);
  return self;
}

const char *
ioc_client_get_base_url (IocClient *self)
{
  return self->base_url;
}

char *
ioc_client_dup_tile_url (IocClient *self)
{
  return g_strconcat (self->base_url, "/tiles/{z}/{x}/{y}.png", NULL);
}

const char *
ioc_client_get_user_name (IocClient *self)
{
  return self->user_name;
}

const char *
ioc_client_get_role (IocClient *self)
{
  return self->role;
}

gboolean
ioc_client_can_dispatch (IocClient *self)
{
  return g_strcmp0 (self->role, "supervisor") == 0;
}

gboolean
ioc_client_can_act (IocClient *self)
{
  return g_strcmp0 (self->role, "supervisor") == 0 || g_strcmp0 (self->role, "duty") == 0;
}

IocClientState
ioc_client_get_state (IocClient *self)
{
  return self->state;
}

guint
ioc_client_get_retry_in (IocClient *self)
{
  return self->retry_in;
}

gint64
ioc_client_get_last_seq (IocClient *self)
{
  return self->last_seq;
}

/* ---- requests --------------------------------------------------------- */

typedef struct {
  SoupMessage *msg;
} RequestData;

static void
request_data_free (RequestData *d)
{
  g_clear_object (&d->msg);
  g_free (d);
}

/* JSON is parsed in a worker thread: lists of thousands of rows and the
 * boundaries (a megabyte) must not stall the main loop. */
static void
parse_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GBytes *body = task_data;
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len = 0;
  const char *data = g_bytes_get_data (body, &len);
  JsonNode *root = NULL;

  if (len > 0 && json_parser_load_from_data (parser, data, len, NULL))
    root = json_parser_steal_root (parser);
  g_task_return_pointer (task, root, (GDestroyNotify) json_node_unref);
}

static void
on_parsed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IocClient *self = g_task_get_source_object (task);
  RequestData *d = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = g_task_propagate_pointer (G_TASK (result), &error);
  guint status;

  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  status = soup_message_get_status (d->msg);
  if (status >= 200 && status < 300)
    {
      g_task_return_pointer (task, root != NULL ? g_steal_pointer (&root) : json_node_new (JSON_NODE_NULL),
                             (GDestroyNotify) json_node_unref);
      return;
    }
  {
    const char *detail = NULL;
    int code = status == 401 ? IOC_CLIENT_ERROR_UNAUTHORIZED :
               status == 403 ? IOC_CLIENT_ERROR_FORBIDDEN :
               status >= 500 ? IOC_CLIENT_ERROR_SERVER : IOC_CLIENT_ERROR_REFUSED;

    /* The API's errors are {error, detail, field}: show the detail. */
    if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
      detail = json_object_get_string_member_with_default (json_node_get_object (root), "detail", NULL);
    if (status == 401 && self->token != NULL)
      g_signal_emit (self, signals[SIGNAL_SESSION_EXPIRED], 0);
    g_task_return_new_error (task, IOC_CLIENT_ERROR, code, "%s",
                             detail != NULL ? detail : soup_status_get_phrase (status));
  }
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_autoptr(GTask) parse = NULL;

  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, IOC_CLIENT_ERROR, IOC_CLIENT_ERROR_NETWORK,
                                 _("Cannot reach the IOC server: %s"), error->message);
      g_object_unref (task);
      return;
    }
  parse = g_task_new (NULL, g_task_get_cancellable (task), on_parsed, task);
  g_task_set_source_tag (parse, parse_thread);
  g_task_set_task_data (parse, g_bytes_ref (body), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (parse, parse_thread);
}

/* A request to iocd's @path with the session's token; NULL (and @error)
 * when the server address does not make a URI. */
static SoupMessage *
api_message (IocClient   *self,
             const char  *method,
             const char  *path,
             GError     **error)
{
  g_autofree char *url = g_strconcat (self->base_url, path, NULL);
  SoupMessage *msg = soup_message_new (method, url);

  if (msg == NULL)
    {
      g_set_error (error, IOC_CLIENT_ERROR, IOC_CLIENT_ERROR_NETWORK, _("Not a valid server address: %s"), url);
      return NULL;
    }
  if (self->token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", self->token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  return msg;
}

void
ioc_client_request_async (IocClient           *self,
                          const char          *method,
                          const char          *path,
                          JsonNode            *body,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  RequestData *d = g_new0 (RequestData, 1);
  GError *error = NULL;

  g_task_set_source_tag (task, ioc_client_request_async);
  d->msg = api_message (self, method, path, &error);
  g_task_set_task_data (task, d, (GDestroyNotify) request_data_free);
  if (d->msg == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  /* libsoup opens a new connection for every POST unless told otherwise,
   * and closes older ones as the pool fills; iocd (Debian 12's libsoup
   * 3.2 on the server side) keeps a socket for every connection its
   * client closes. Reusing the open connection avoids both. */
  soup_message_add_flags (d->msg, SOUP_MESSAGE_IDEMPOTENT);
  if (body != NULL)
    {
      char *text = json_to_string (body, FALSE);
      gsize len = strlen (text);
      g_autoptr(GBytes) bytes = g_bytes_new_take (text, len);
      soup_message_set_request_body_from_bytes (d->msg, "application/json", bytes);
    }
  soup_session_send_and_read_async (self->session, d->msg, G_PRIORITY_DEFAULT, cancellable, on_sent, task);
}

JsonNode *
ioc_client_request_finish (IocClient     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- downloads (briefing: weekly report PDF and CSV) -------------------- */

typedef struct {
  SoupMessage   *msg;
  GFile         *destination;
  GInputStream  *body;
  GOutputStream *out;
  GError        *error;
} DownloadData;

static void
download_data_free (DownloadData *d)
{
  g_clear_object (&d->msg);
  g_clear_object (&d->destination);
  g_clear_object (&d->body);
  g_clear_object (&d->out);
  g_clear_error (&d->error);
  g_free (d);
}

static void
on_download_closed (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DownloadData *d = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gboolean closed = g_output_stream_close_finish (G_OUTPUT_STREAM (source), result, &error);

  if (d->error != NULL)
    g_task_return_error (task, g_steal_pointer (&d->error));
  else if (!closed)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_download_spliced (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = user_data;
  DownloadData *d = g_task_get_task_data (task);
  g_autoptr(GCancellable) abort = NULL;

  if (g_output_stream_splice_finish (G_OUTPUT_STREAM (source), result, &d->error) >= 0)
    {
      /* Complete: closing renames it over the destination. */
      g_output_stream_close_async (d->out, G_PRIORITY_DEFAULT, NULL, on_download_closed, task);
      return;
    }
  /* A close that is cancelled leaves the destination as it was. */
  abort = g_cancellable_new ();
  g_cancellable_cancel (abort);
  g_output_stream_close_async (d->out, G_PRIORITY_DEFAULT, abort, on_download_closed, task);
}

static void
on_download_replaced (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GTask *task = user_data;
  DownloadData *d = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GFileOutputStream *out = g_file_replace_finish (G_FILE (source), result, &error);

  if (out == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  d->out = G_OUTPUT_STREAM (out);
  g_output_stream_splice_async (d->out, d->body, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE,
                                G_PRIORITY_DEFAULT, g_task_get_cancellable (task), on_download_spliced, task);
}

static void
on_download_error_body (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DownloadData *d = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  guint status = soup_message_get_status (d->msg);
  const char *detail = NULL;

  if (bytes != NULL && g_bytes_get_size (bytes) > 0 &&
      json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    detail = json_object_get_string_member_with_default (json_node_get_object (json_parser_get_root (parser)),
                                                         "detail", NULL);
  if (status == 401)
    g_signal_emit (g_task_get_source_object (task), signals[SIGNAL_SESSION_EXPIRED], 0);
  g_task_return_new_error (task, IOC_CLIENT_ERROR,
                           status == 401 ? IOC_CLIENT_ERROR_UNAUTHORIZED :
                           status == 403 ? IOC_CLIENT_ERROR_FORBIDDEN :
                           status >= 500 ? IOC_CLIENT_ERROR_SERVER : IOC_CLIENT_ERROR_REFUSED,
                           "%s", detail != NULL ? detail : soup_status_get_phrase (status));
}

static void
on_download_sent (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  DownloadData *d = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  guint status;

  d->body = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (d->body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, IOC_CLIENT_ERROR, IOC_CLIENT_ERROR_NETWORK,
                                 _("Cannot reach the IOC server: %s"), error->message);
      g_object_unref (task);
      return;
    }
  status = soup_message_get_status (d->msg);
  if (status < 200 || status >= 300)
    {
      g_input_stream_read_bytes_async (d->body, 64 * 1024, G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                                       on_download_error_body, task);
      return;
    }
  g_file_replace_async (d->destination, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, G_PRIORITY_DEFAULT,
                        g_task_get_cancellable (task), on_download_replaced, task);
}

void
ioc_client_download_async (IocClient           *self,
                           const char          *path,
                           GFile               *destination,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  DownloadData *d = g_new0 (DownloadData, 1);
  GError *error = NULL;

  g_task_set_source_tag (task, ioc_client_download_async);
  d->msg = api_message (self, "GET", path, &error);
  d->destination = g_object_ref (destination);
  g_task_set_task_data (task, d, (GDestroyNotify) download_data_free);
  if (d->msg == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  soup_session_send_async (self->session, d->msg, G_PRIORITY_DEFAULT, cancellable, on_download_sent, task);
}

gboolean
ioc_client_download_finish (IocClient     *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- sign-in ---------------------------------------------------------- */

static void
on_login (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IocClient *self = IOC_CLIENT (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ioc_client_request_finish (self, result, &error);
  JsonObject *o, *user;

  if (answer == NULL)
    {
      if (g_error_matches (error, IOC_CLIENT_ERROR, IOC_CLIENT_ERROR_UNAUTHORIZED))
        g_task_return_new_error (task, IOC_CLIENT_ERROR, IOC_CLIENT_ERROR_UNAUTHORIZED,
                                 _("Wrong user name or password."));
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  o = json_node_get_object (answer);
  user = json_object_get_object_member (o, "user");
  g_free (self->token);
  self->token = g_strdup (json_object_get_string_member (o, "token"));
  g_free (self->user_name);
  self->user_name = g_strdup (json_object_get_string_member (user, "name"));
  g_free (self->role);
  self->role = g_strdup (json_object_get_string_member (user, "role"));
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ROLE]);
  g_task_return_boolean (task, TRUE);
}

void
ioc_client_login_async (IocClient           *self,
                        const char          *name,
                        const char          *password,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, name);
  json_builder_set_member_name (b, "password");
  json_builder_add_string_value (b, password);
  json_builder_end_object (b);
  body = json_builder_get_root (b);
  /* The token lives in memory only: forget the old one first. */
  g_clear_pointer (&self->token, g_free);
  ioc_client_request_async (self, "POST", "/api/v1/login", body, cancellable, on_login, task);
}

gboolean
ioc_client_login_finish (IocClient     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- the stream ------------------------------------------------------- */

static void
send_ack (IocClient *self)
{
  if (self->ws != NULL && self->last_seq > self->acked &&
      soup_websocket_connection_get_state (self->ws) == SOUP_WEBSOCKET_STATE_OPEN)
    {
      g_autofree char *ack = g_strdup_printf ("{\"ack\":%" G_GINT64_FORMAT "}", self->last_seq);
      soup_websocket_connection_send_text (self->ws, ack);
      self->acked = self->last_seq;
    }
}

static gboolean
on_ack_timer (gpointer user_data)
{
  send_ack (user_data);
  return G_SOURCE_CONTINUE;
}

/* One stream message, in order: an event, a resync, or the greeting. */
static void
handle_message (IocClient  *self,
                JsonObject *o)
{
  const char *kind = json_object_get_string_member_with_default (o, "type", "");

  if (json_object_has_member (o, "seq") && json_object_has_member (o, "data"))
    {
      gint64 seq = json_object_get_int_member (o, "seq");
      JsonNode *d = json_object_get_member (o, "data");

      if (seq <= self->last_seq)
        return;   /* already handled (a resume that overlapped) */
      self->last_seq = seq;
      if (JSON_NODE_HOLDS_OBJECT (d))
        g_signal_emit (self, signals[SIGNAL_EVENT], 0, kind, json_node_get_object (d));
      if (self->last_seq - self->acked >= ACK_EVERY)
        send_ack (self);
    }
  else if (g_str_equal (kind, "resync"))
    {
      self->last_seq = self->acked = self->received_seq = json_object_get_int_member (o, "seq");
      g_signal_emit (self, signals[SIGNAL_RESYNC], 0);
    }
  else if (g_str_equal (kind, "hello"))
    {
      gint64 last = json_object_get_int_member (o, "last_seq");
      /* A server whose log is behind ours was reset: start again. */
      if (last < self->last_seq)
        {
          self->last_seq = self->acked = self->received_seq = last;
          g_signal_emit (self, signals[SIGNAL_RESYNC], 0);
        }
    }
}

/* Handles queued messages for at most a few milliseconds, then lets the
 * main loop draw a frame and read the socket: a burst of events never
 * freezes the walls, and the socket is always read. */
#define DISPATCH_BUDGET_US 8000

static gboolean
dispatch_pending (gpointer user_data)
{
  IocClient *self = user_data;
  gint64 until = g_get_monotonic_time () + DISPATCH_BUDGET_US;
  JsonNode *node;

  while ((node = g_queue_pop_head (&self->pending)) != NULL)
    {
      handle_message (self, json_node_get_object (node));
      json_node_unref (node);
      if (g_get_monotonic_time () > until)
        return G_SOURCE_CONTINUE;
    }
  self->dispatch_id = 0;
  return G_SOURCE_REMOVE;
}

static void
on_ws_message (SoupWebsocketConnection *ws,
               gint                     type,
               GBytes                  *message,
               gpointer                 user_data)
{
  IocClient *self = user_data;
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len;
  const char *data = g_bytes_get_data (message, &len);
  JsonObject *o;

  if (!json_parser_load_from_data (parser, data, len, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;
  o = json_node_get_object (json_parser_get_root (parser));
  if (json_object_has_member (o, "seq") && json_object_has_member (o, "data"))
    {
      gint64 seq = json_object_get_int_member (o, "seq");
      if (seq <= self->received_seq)
        return;   /* a resume that overlapped what is queued */
      self->received_seq = seq;
    }
  g_queue_push_tail (&self->pending, json_parser_steal_root (parser));
  if (self->dispatch_id == 0)
    self->dispatch_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, dispatch_pending, self, NULL);
}

static gboolean
on_retry_tick (gpointer user_data)
{
  IocClient *self = user_data;

  if (self->retry_in > 1)
    {
      self->retry_in--;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_RETRY_IN]);
      return G_SOURCE_CONTINUE;
    }
  self->retry_id = 0;
  self->retry_in = 0;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_RETRY_IN]);
  connect_stream (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (IocClient *self)
{
  if (!self->streaming || self->retry_id != 0)
    return;
  self->retry_in = self->backoff;
  self->backoff = MIN (self->backoff * 2, MAX_BACKOFF);
  set_state (self, IOC_CLIENT_RECONNECTING);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_RETRY_IN]);
  self->retry_id = g_timeout_add_seconds (1, on_retry_tick, self);
}

static void
on_ws_closed (SoupWebsocketConnection *ws,
              gpointer                 user_data)
{
  IocClient *self = user_data;

  g_signal_handlers_disconnect_by_data (ws, self);
  g_clear_object (&self->ws);
  g_clear_handle_id (&self->ack_id, g_source_remove);
  schedule_reconnect (self);
}

static void
on_ws_connected (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  IocClient *self = user_data;
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *ws = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);

  if (ws == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("stream: %s", error->message);
      schedule_reconnect (self);
      g_object_unref (self);
      return;
    }
  self->ws = ws;
  self->backoff = 1;
  soup_websocket_connection_set_keepalive_interval (ws, 15);
  g_signal_connect (ws, "message", G_CALLBACK (on_ws_message), self);
  g_signal_connect (ws, "closed", G_CALLBACK (on_ws_closed), self);
  self->ack_id = g_timeout_add (500, on_ack_timer, self);
  set_state (self, IOC_CLIENT_CONNECTED);
  g_object_unref (self);
}

static void
connect_stream (IocClient *self)
{
  /* After what was received: what is queued will be handled. */
  g_autofree char *http = g_strdup_printf ("%s/api/v1/stream?since=%" G_GINT64_FORMAT, self->base_url,
                                           MAX (self->last_seq, self->received_seq));
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *auth = NULL;

  if (!self->streaming)
    return;
  msg = soup_message_new ("GET", http);
  if (msg == NULL)
    return;
  auth = g_strconcat ("Bearer ", self->token, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  if (self->state != IOC_CLIENT_RECONNECTING)
    set_state (self, IOC_CLIENT_CONNECTING);
  g_clear_object (&self->ws_cancellable);
  self->ws_cancellable = g_cancellable_new ();
  soup_session_websocket_connect_async (self->session, msg, NULL, NULL, G_PRIORITY_DEFAULT,
                                        self->ws_cancellable, on_ws_connected, g_object_ref (self));
}

void
ioc_client_start_stream (IocClient *self,
                         gint64     since)
{
  self->streaming = TRUE;
  self->last_seq = self->acked = self->received_seq = since;
  self->backoff = 1;
  connect_stream (self);
}

void
ioc_client_stop (IocClient *self)
{
  self->streaming = FALSE;
  g_clear_handle_id (&self->dispatch_id, g_source_remove);
  g_queue_clear_full (&self->pending, (GDestroyNotify) json_node_unref);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->ack_id, g_source_remove);
  if (self->ws_cancellable != NULL)
    g_cancellable_cancel (self->ws_cancellable);
  g_clear_object (&self->ws_cancellable);
  if (self->ws != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->ws, self);
      if (soup_websocket_connection_get_state (self->ws) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (self->ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_clear_object (&self->ws);
    }
  set_state (self, IOC_CLIENT_OFFLINE);
}
