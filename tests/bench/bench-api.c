/* bench-api.c — list-request latency and event fan-out latency of iocd
 *
 * Starts the real iocd (demo data, temporary database) on loopback and
 * prints:
 *  1. GET /api/v1/reports?limit=50 from 10 concurrent clients: the most
 *     requests per second (closed loop), then p50/p99 latency at a paced
 *     1,000 requests/s (open loop: a request starts every millisecond
 *     whatever the previous ones do).
 *  2. Fan-out: 20 WebSocket consoles; a writer creates a report every
 *     20 ms; the time from sending the write to each console receiving its
 *     event, p50/p99 over all (console, event) pairs.
 * Not a pass/fail test: it prints figures.
 */
#include "ioc-test-server.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CLIENTS 10
#define CONSOLES 20

static int
cmp_double (const void *a,
            const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
percentile (GArray *v,
            double  p)
{
  if (v->len == 0)
    return 0;
  qsort (v->data, v->len, sizeof (double), cmp_double);
  return g_array_index (v, double, (guint) MIN (v->len - 1, (guint) (p * v->len)));
}

typedef struct {
  IocTestServer *srv;
  char          *auth;
  char          *url;
  GArray        *latencies;     /* ms */
  guint          in_flight;
  guint          done;
  guint          errors;
  guint          target;
  gboolean       closed_loop;
} Load;

static void fire (Load *l);

static void
on_list (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  SoupMessage *msg = user_data;
  Load *l = g_object_get_data (G_OBJECT (msg), "load");
  gint64 t0 = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (msg), "t0"));
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);
  double ms = (g_get_monotonic_time () - t0) / 1000.0;

  l->in_flight--;
  l->done++;
  if (body == NULL || soup_message_get_status (msg) != 200)
    l->errors++;
  else
    g_array_append_val (l->latencies, ms);
  g_object_unref (msg);
  if (l->closed_loop && l->done + l->in_flight < l->target)
    fire (l);
}

static void
fire (Load *l)
{
  SoupMessage *msg = soup_message_new ("GET", l->url);

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", l->auth);
  g_object_set_data (G_OBJECT (msg), "load", l);
  g_object_set_data (G_OBJECT (msg), "t0", GSIZE_TO_POINTER (g_get_monotonic_time ()));
  l->in_flight++;
  soup_session_send_and_read_async (l->srv->session, msg, G_PRIORITY_DEFAULT, NULL, on_list, msg);
}

static void
bench_lists (IocTestServer *srv,
             const char    *token)
{
  Load l = { 0 };
  gint64 t0, next;
  double secs;

  l.srv = srv;
  l.auth = g_strconcat ("Bearer ", token, NULL);
  l.url = g_strconcat (srv->base_url, "/api/v1/reports?limit=50&sort=-received_at", NULL);

  /* Warm up. */
  l.latencies = g_array_new (FALSE, FALSE, sizeof (double));
  l.closed_loop = TRUE;
  l.target = 500;
  for (int i = 0; i < CLIENTS; i++)
    fire (&l);
  while (l.done < l.target)
    g_main_context_iteration (NULL, TRUE);

  /* 1a. Closed loop: as fast as 10 clients can go. */
  g_array_set_size (l.latencies, 0);
  l.done = 0;
  l.errors = 0;
  l.target = 20000;
  t0 = g_get_monotonic_time ();
  for (int i = 0; i < CLIENTS; i++)
    fire (&l);
  while (l.done < l.target)
    g_main_context_iteration (NULL, TRUE);
  secs = (g_get_monotonic_time () - t0) / 1e6;
  printf ("lists, 10 clients, closed loop:  %u requests in %.2f s = %.0f req/s; p50 %.2f ms, p99 %.2f ms; errors %u\n",
          l.target, secs, l.target / secs, percentile (l.latencies, 0.50), percentile (l.latencies, 0.99), l.errors);

  /* 1b. Open loop at 1,000 requests/s for 10 s (at most 10 in flight by design of the pace). */
  g_array_set_size (l.latencies, 0);
  l.done = 0;
  l.errors = 0;
  l.closed_loop = FALSE;
  l.target = 10000;
  t0 = g_get_monotonic_time ();
  next = t0;
  for (guint sent = 0; sent < l.target; )
    {
      gint64 now = g_get_monotonic_time ();
      if (now >= next)
        {
          fire (&l);
          sent++;
          next += 1000;   /* 1 ms */
        }
      g_main_context_iteration (NULL, FALSE);
      if (g_get_monotonic_time () < next)
        g_usleep (50);
    }
  while (l.in_flight > 0)
    g_main_context_iteration (NULL, TRUE);
  secs = (g_get_monotonic_time () - t0) / 1e6;
  printf ("lists, paced 1000 req/s:         %u requests in %.2f s = %.0f req/s; p50 %.2f ms, p99 %.2f ms, max %.2f ms; errors %u\n",
          l.target, secs, l.target / secs, percentile (l.latencies, 0.50), percentile (l.latencies, 0.99),
          percentile (l.latencies, 1.0), l.errors);
  g_array_unref (l.latencies);
  g_free (l.auth);
  g_free (l.url);
}

/* ---- fan-out ---------------------------------------------------------- */

typedef struct {
  GHashTable *sent_at;    /* description → gint64* send time */
  GArray     *latencies;
  guint       received;
} FanOut;

static void
on_event (SoupWebsocketConnection *conn,
          gint                     type,
          GBytes                  *message,
          gpointer                 user_data)
{
  FanOut *f = user_data;
  gint64 now = g_get_monotonic_time ();
  gsize len;
  const char *data = g_bytes_get_data (message, &len);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *o, *d;
  gint64 *t0;

  if (!json_parser_load_from_data (parser, data, len, NULL))
    return;
  o = json_node_get_object (json_parser_get_root (parser));
  if (!json_object_has_member (o, "data"))
    return;
  {
    g_autofree char *ack = g_strdup_printf ("{\"ack\":%" G_GINT64_FORMAT "}", json_object_get_int_member (o, "seq"));
    soup_websocket_connection_send_text (conn, ack);
  }
  d = json_object_get_object_member (o, "data");
  t0 = g_hash_table_lookup (f->sent_at, json_object_get_string_member_with_default (d, "description", ""));
  if (t0 != NULL)
    {
      double ms = (now - *t0) / 1000.0;
      g_array_append_val (f->latencies, ms);
      f->received++;
    }
}

static void
on_created (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);
  g_object_unref (user_data);
}

static void
bench_fanout (IocTestServer *srv,
              const char    *token)
{
  FanOut f = { 0 };
  SoupWebsocketConnection *consoles[CONSOLES];
  g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
  g_autofree char *url = g_strconcat (srv->base_url, "/api/v1/reports", NULL);
  const guint n_events = 250;
  gint64 next, until;

  f.sent_at = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  f.latencies = g_array_new (FALSE, FALSE, sizeof (double));
  for (int i = 0; i < CONSOLES; i++)
    {
      g_autoptr(GError) error = NULL;
      consoles[i] = ioc_test_stream_open (srv, token, -1, &error);
      g_assert_no_error (error);
      g_signal_connect (consoles[i], "message", G_CALLBACK (on_event), &f);
    }

  next = g_get_monotonic_time ();
  for (guint i = 0; i < n_events; )
    {
      if (g_get_monotonic_time () >= next)
        {
          char *tag = g_strdup_printf ("fanout-%u", i);
          g_autofree char *json = g_strdup_printf ("{\"category\":\"littering\",\"description\":\"%s\",\"lat\":12.7,\"lon\":108.05}", tag);
          SoupMessage *msg = soup_message_new ("POST", url);
          g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));
          gint64 *t0 = g_new (gint64, 1);

          soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
          soup_message_set_request_body_from_bytes (msg, "application/json", body);
          *t0 = g_get_monotonic_time ();
          g_hash_table_insert (f.sent_at, tag, t0);
          soup_session_send_and_read_async (srv->session, msg, G_PRIORITY_DEFAULT, NULL, on_created, msg);
          next += 20000;
          i++;
        }
      g_main_context_iteration (NULL, FALSE);
      g_usleep (100);
    }
  until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (f.received < n_events * CONSOLES && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);

  printf ("fan-out, %d consoles, %u events at 50/s: %u of %u deliveries; write→arrival p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
          CONSOLES, n_events, f.received, n_events * CONSOLES,
          percentile (f.latencies, 0.50), percentile (f.latencies, 0.99), percentile (f.latencies, 1.0));
  for (int i = 0; i < CONSOLES; i++)
    {
      soup_websocket_connection_close (consoles[i], SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_object_unref (consoles[i]);
    }
  g_hash_table_unref (f.sent_at);
  g_array_unref (f.latencies);
}

int
main (int    argc,
      char **argv)
{
  IocTestServer *srv;
  g_autofree char *token = NULL;

  if (g_getenv ("IOCD_BIN") == NULL)
    g_setenv ("IOCD_BIN", IOCD_BIN_DEFAULT, TRUE);
  srv = ioc_test_server_start (TRUE, NULL);
  token = ioc_test_login (srv, "supervisor", "supervisor-demo-1022");
  printf ("iocd %s, demo data, %u cores\n", srv->base_url, g_get_num_processors ());
  bench_lists (srv, token);
  bench_fanout (srv, token);
  ioc_test_server_free (srv);
  return 0;
}
