/* ioc-stream.c — WebSocket /api/v1/stream: every committed event, in order
 *
 * Protocol (text frames, JSON):
 *   server → console  {"type":"hello","first_seq":F,"last_seq":L}
 *                     {"seq":N,"type":"report.updated","time":"…","data":{…}}
 *                     {"type":"resync","seq":L}   since= is older than what is kept:
 *                                                 reload everything, events follow after L
 *   console → server  {"ack":N}                   "I have processed every event up to N"
 *
 * Flow control: a console may have at most stream-window events sent but
 * not acknowledged. Events are not queued per console in memory: a console
 * that falls behind is fed from the store as it acknowledges, so memory per
 * console is bounded by the window. A console more than stream-max-lag
 * events behind is closed with code 1008 and a reason, so that one stuck
 * wall screen never holds the others back.
 */
#define G_LOG_DOMAIN "iocd-stream"

#include "ioc-server-private.h"
#include "ioc-api.h"
#include "ioc-json.h"

#include <string.h>

typedef struct {
  IocStream               *stream;
  SoupWebsocketConnection *conn;
  char                    *peer;
  char                    *user;
  gint64                   sent;      /* highest seq sent */
  gint64                   acked;     /* highest seq acknowledged */
  gboolean                 closing;
} Client;

struct _IocStream {
  IocServer *server;
  GList     *clients;        /* Client* */
  gulong     committed_id;
};

static void client_pump (Client *c);

static char *
format_event (const IocEvent *e)
{
  g_autoptr(GDateTime) secs = g_date_time_new_from_unix_utc (e->time / G_USEC_PER_SEC);
  g_autoptr(GDateTime) dt = g_date_time_add (secs, e->time % G_USEC_PER_SEC);
  g_autofree char *iso = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S.%fZ");
  g_autoptr(GString) s = g_string_sized_new (64 + strlen (e->data));
  g_autoptr(JsonNode) type = json_node_init_string (json_node_alloc (), e->type);
  g_autofree char *type_json = ioc_json_to_string (type);

  g_string_append_printf (s, "{\"seq\":%" G_GINT64_FORMAT ",\"type\":%s,\"time\":\"%s\",\"data\":%s}",
                          e->seq, type_json, iso, e->data);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

JsonNode *
ioc_event_to_node (const IocEvent *e)
{
  g_autofree char *text = format_event (e);
  return ioc_json_parse (text, -1, NULL);
}

static void
client_free (Client *c)
{
  g_clear_object (&c->conn);
  g_free (c->peer);
  g_free (c->user);
  g_free (c);
}

static void
client_drop (Client     *c,
             gushort     code,
             const char *reason)
{
  if (c->closing)
    return;
  c->closing = TRUE;
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE,
                    "MESSAGE", "closing stream of %s (%s): %s", c->user, c->peer, reason,
                    "IOCD_USER", c->user);
  if (code == 1008)
    ioc_metrics_count_dropped (ioc_server_get_metrics (c->stream->server));
  if (soup_websocket_connection_get_state (c->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (c->conn, code, reason);
}

static void
client_send_text (Client     *c,
                  const char *text)
{
  if (soup_websocket_connection_get_state (c->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_text (c->conn, text);
}

static void
client_send_event (Client         *c,
                   const IocEvent *e)
{
  g_autofree char *text = format_event (e);
  client_send_text (c, text);
  c->sent = e->seq;
}

/* Sends what the window allows from the store. */
static void
client_pump (Client *c)
{
  IocStore *store = ioc_server_get_store (c->stream->server);
  IocConfig *config = ioc_server_get_config (c->stream->server);
  gint64 last = ioc_store_last_seq (store);

  if (c->closing)
    return;
  if (last - c->acked > (gint64) config->stream_max_lag)
    {
      g_autofree char *reason = g_strdup_printf ("too slow: %" G_GINT64_FORMAT " events behind",
                                                 last - c->acked);
      client_drop (c, 1008, reason);
      return;
    }
  while (c->sent < last && c->sent - c->acked < (gint64) config->stream_window)
    {
      guint room = (guint) (config->stream_window - (c->sent - c->acked));
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) events = ioc_store_events_since (store, c->sent, MIN (room, 500), &error);

      if (events == NULL)
        {
          g_warning ("stream: reading events after %" G_GINT64_FORMAT ": %s", c->sent, error->message);
          client_drop (c, 1011, "internal error");
          return;
        }
      if (events->len == 0 || ((IocEvent *) events->pdata[0])->seq != c->sent + 1)
        {
          /* The events it needs were trimmed while it was behind: the
           * console must reload, then carries on from the newest. */
          g_autofree char *resync = g_strdup_printf ("{\"type\":\"resync\",\"seq\":%" G_GINT64_FORMAT "}", last);
          client_send_text (c, resync);
          c->sent = c->acked = last;
          break;
        }
      for (guint i = 0; i < events->len; i++)
        client_send_event (c, g_ptr_array_index (events, i));
    }
}

static void
on_message (SoupWebsocketConnection *conn,
            gint                     type,
            GBytes                  *message,
            gpointer                 user_data)
{
  Client *c = user_data;
  gsize len;
  const char *data = g_bytes_get_data (message, &len);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *o;

  if (type != SOUP_WEBSOCKET_DATA_TEXT)
    return;
  node = ioc_json_parse (data, len, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      client_drop (c, 1003, "messages must be JSON objects such as {\"ack\": N}");
      return;
    }
  o = json_node_get_object (node);
  if (json_object_has_member (o, "ack"))
    {
      JsonNode *ack = json_object_get_member (o, "ack");
      if (!JSON_NODE_HOLDS_VALUE (ack) || json_node_get_value_type (ack) != G_TYPE_INT64)
        {
          client_drop (c, 1003, "ack must be an integer");
          return;
        }
      /* Acknowledging what was never sent would open the window too far. */
      c->acked = CLAMP (json_node_get_int (ack), c->acked, c->sent);
      client_pump (c);
    }
}

static void
on_closed (SoupWebsocketConnection *conn,
           gpointer                 user_data)
{
  Client *c = user_data;
  IocStream *stream = c->stream;

  stream->clients = g_list_remove (stream->clients, c);
  g_signal_handlers_disconnect_by_data (conn, c);
  g_debug ("stream of %s closed", c->user);
  client_free (c);
}

static void
on_committed (IocStore *store,
              IocEvent *event,
              gpointer  user_data)
{
  IocStream *stream = user_data;
  IocConfig *config = ioc_server_get_config (stream->server);

  ioc_metrics_count_event (ioc_server_get_metrics (stream->server), event->type);
  for (GList *l = stream->clients; l != NULL; )
    {
      Client *c = l->data;
      l = l->next;   /* client_pump may drop c */

      if (c->closing)
        continue;
      if (c->sent == event->seq - 1 && c->sent - c->acked < (gint64) config->stream_window)
        client_send_event (c, event);   /* caught up: no store read */
      else
        client_pump (c);
    }
}

static void
websocket_cb (SoupServer              *soup,
              SoupServerMessage       *msg,
              const char              *path,
              SoupWebsocketConnection *conn,
              gpointer                 user_data)
{
  IocStream *stream = user_data;
  IocStore *store = ioc_server_get_store (stream->server);
  GUri *uri = soup_server_message_get_uri (msg);
  const char *query = g_uri_get_query (uri);
  g_autoptr(GHashTable) params = query != NULL ? soup_form_decode (query) : NULL;
  const char *since_text = params != NULL ? g_hash_table_lookup (params, "since") : NULL;
  IocRequest req = { 0 };
  Client *c;
  gint64 first = ioc_store_first_seq (store);
  gint64 last = ioc_store_last_seq (store);
  g_autofree char *hello = NULL;
  const char *auth;

  c = g_new0 (Client, 1);
  c->stream = stream;
  c->conn = g_object_ref (conn);   /* without a reference libsoup closes it */
  c->peer = g_strdup (soup_server_message_get_remote_host (msg));

  /* The main handler has authenticated already; read the user again for logs. */
  auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");
  if (auth != NULL && g_ascii_strncasecmp (auth, "Bearer ", 7) == 0)
    ioc_server_authenticate (stream->server, auth + 7, &req, NULL);
  else if (params != NULL && g_hash_table_lookup (params, "access_token") != NULL)
    ioc_server_authenticate (stream->server, g_hash_table_lookup (params, "access_token"), &req, NULL);
  c->user = g_strdup (req.user_name != NULL ? req.user_name : "?");
  g_free (req.owned_user_name);

  /* Small frames: a console on a slow link must not stall on one big one. */
  soup_websocket_connection_set_keepalive_interval (conn, 20);
  g_signal_connect (conn, "message", G_CALLBACK (on_message), c);
  g_signal_connect (conn, "closed", G_CALLBACK (on_closed), c);
  stream->clients = g_list_prepend (stream->clients, c);

  hello = g_strdup_printf ("{\"type\":\"hello\",\"first_seq\":%" G_GINT64_FORMAT ",\"last_seq\":%" G_GINT64_FORMAT "}",
                           first, last);
  client_send_text (c, hello);

  if (since_text == NULL)
    {
      /* No resume point: live events only. */
      c->sent = c->acked = last;
      return;
    }
  {
    char *end = NULL;
    gint64 since = g_ascii_strtoll (since_text, &end, 10);

    if (end == since_text || *end != '\0' || since < 0)
      {
        client_drop (c, 1008, "since must be a sequence number");
        return;
      }
    if (since > last)
      since = last;   /* from a database that was reset: start at its end */
    if (since + 1 < first)
      {
        g_autofree char *resync = g_strdup_printf ("{\"type\":\"resync\",\"seq\":%" G_GINT64_FORMAT "}", last);
        client_send_text (c, resync);
        since = last;
      }
    c->sent = c->acked = since;
  }
  /* Backlog now, in this same main-loop turn: no event can be committed
   * between this read and the subscription, so there is no gap. */
  client_pump (c);
}

IocStream *
ioc_stream_new (IocServer *server)
{
  IocStream *stream = g_new0 (IocStream, 1);

  stream->server = server;
  soup_server_add_websocket_handler (ioc_server_get_soup (server), "/api/v1/stream",
                                     NULL, NULL, websocket_cb, stream, NULL);
  stream->committed_id = g_signal_connect (ioc_server_get_store (server), "event-committed",
                                           G_CALLBACK (on_committed), stream);
  return stream;
}

void
ioc_stream_free (IocStream *stream)
{
  if (stream == NULL)
    return;
  g_clear_signal_handler (&stream->committed_id, ioc_server_get_store (stream->server));
  while (stream->clients != NULL)
    {
      Client *c = stream->clients->data;
      stream->clients = g_list_delete_link (stream->clients, stream->clients);
      g_signal_handlers_disconnect_by_data (c->conn, c);
      if (soup_websocket_connection_get_state (c->conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (c->conn, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, "iocd is stopping");
      client_free (c);
    }
  g_free (stream);
}

guint
ioc_stream_n_clients (IocStream *stream)
{
  return g_list_length (stream->clients);
}
