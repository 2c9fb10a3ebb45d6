/* ioc-test-rtsp.c — see ioc-test-rtsp.h */
#include "ioc-test-rtsp.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

static const char *
sim_bin (void)
{
  const char *bin = g_getenv ("IOC_RTSP_SIM");

#ifdef IOC_RTSP_SIM_DEFAULT
  if (bin == NULL)
    bin = IOC_RTSP_SIM_DEFAULT;
#endif
  g_assert_nonnull (bin);
  return bin;
}

IocTestRtsp *
ioc_test_rtsp_start (guint              n_cameras,
                     const char *const *extra_args)
{
  IocTestRtsp *sim = g_new0 (IocTestRtsp, 1);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, g_strdup (sim_bin ()));
  g_ptr_array_add (argv, g_strdup ("--port=0"));
  g_ptr_array_add (argv, g_strdup_printf ("--cameras=%u", n_cameras));
  g_ptr_array_add (argv, g_strdup ("--lifetime=3600"));
  for (guint i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (extra_args[i]));
  g_ptr_array_add (argv, NULL);
  sim->proc = g_subprocess_newv ((const char *const *) argv->pdata,
                                 G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                 G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  sim->in = g_object_ref (g_subprocess_get_stdin_pipe (sim->proc));
  sim->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sim->proc));
  while (sim->port == 0)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (sim->out, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (line);   /* the simulator exited before listening */
      if (g_str_has_prefix (line, "PORT="))
        sim->port = (guint) g_ascii_strtoull (line + 5, NULL, 10);
    }
  g_assert_cmpuint (sim->port, >, 0);
  return sim;
}

char *
ioc_test_rtsp_uri (IocTestRtsp *sim,
                   const char  *id,
                   gboolean     sub)
{
  return g_strdup_printf ("rtsp://127.0.0.1:%u/%s%s", sim->port, id, sub ? "-sub" : "");
}

void
ioc_test_rtsp_command (IocTestRtsp *sim,
                       const char  *verb,
                       const char  *id)
{
  g_autofree char *line = g_strdup_printf ("%s %s\n", verb, id);
  g_autofree char *expect = g_strdup_printf ("%s %s", g_str_equal (verb, "stop") ? "stopped" : "started", id);
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (sim->in, line, strlen (line), NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_flush (sim->in, NULL, &error);
  g_assert_no_error (error);
  for (;;)
    {
      g_autofree char *answer = g_data_input_stream_read_line_utf8 (sim->out, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (answer);
      if (g_str_equal (answer, expect))
        return;
      g_assert_false (g_str_has_prefix (answer, "error"));
    }
}

void
ioc_test_rtsp_free (IocTestRtsp *sim)
{
  if (sim == NULL)
    return;
  g_output_stream_close (sim->in, NULL, NULL);
  g_subprocess_send_signal (sim->proc, SIGTERM);
  g_subprocess_wait (sim->proc, NULL, NULL);
  g_clear_object (&sim->in);
  g_clear_object (&sim->out);
  g_clear_object (&sim->proc);
  g_free (sim);
}

/* ---- servers that are not cameras ------------------------------------- */

static GSocketService *
listen_loopback (guint *port)
{
  GSocketService *service = g_socket_service_new ();
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) addr = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_socket_listener_add_address (G_SOCKET_LISTENER (service), addr, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                 NULL, &bound, &error);
  g_assert_no_error (error);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  return service;
}

static gboolean
on_silent (GSocketService    *service,
           GSocketConnection *connection,
           GObject           *source,
           gpointer           data)
{
  /* Keep the connection open, say nothing. */
  g_ptr_array_add (g_object_get_data (G_OBJECT (service), "connections"), g_object_ref (connection));
  return TRUE;
}

GSocketService *
ioc_test_silent_server_new (guint *port)
{
  GSocketService *service = listen_loopback (port);

  g_object_set_data_full (G_OBJECT (service), "connections", g_ptr_array_new_with_free_func (g_object_unref),
                          (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect (service, "incoming", G_CALLBACK (on_silent), NULL);
  return service;
}

static void
on_http_read (GObject      *stream,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(GSocketConnection) connection = data;
  g_autoptr(GBytes) request = g_input_stream_read_bytes_finish (G_INPUT_STREAM (stream), result, NULL);
  static const char answer[] = "HTTP/1.1 400 Bad Request\r\nContent-Type: text/html\r\nContent-Length: 26\r\n"
                               "Connection: close\r\n\r\n<html>Bad Request</html>\r\n";
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));

  if (request != NULL && g_bytes_get_size (request) > 0)
    g_output_stream_write_all (out, answer, sizeof answer - 1, NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
}

static gboolean
on_http (GSocketService    *service,
         GSocketConnection *connection,
         GObject           *source,
         gpointer           data)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));

  g_input_stream_read_bytes_async (in, 4096, G_PRIORITY_DEFAULT, NULL, on_http_read, g_object_ref (connection));
  return TRUE;
}

GSocketService *
ioc_test_http_server_new (guint *port)
{
  GSocketService *service = listen_loopback (port);

  g_signal_connect (service, "incoming", G_CALLBACK (on_http), NULL);
  return service;
}

/* ---- a known GStreamer critical ---------------------------------------- */

static gint rtspsrc_seqnum_seen;

static gboolean
is_rtspsrc_seqnum (const char     *log_domain,
                   GLogLevelFlags  log_level,
                   const char     *message)
{
  return (log_level & G_LOG_LEVEL_CRITICAL) && g_strcmp0 (log_domain, "GStreamer") == 0 && message != NULL &&
         strstr (message, "gst_event_set_seqnum: assertion 'seqnum != GST_SEQNUM_INVALID' failed") != NULL;
}

/* Decides whether a fatal message aborts (GTest asks it after logging). */
static gboolean
fatal_handler (const char     *log_domain,
               GLogLevelFlags  log_level,
               const char     *message,
               gpointer        user_data)
{
  return !is_rtspsrc_seqnum (log_domain, log_level, message);
}

/* Logs it without the abort the default handler does for a fatal level. */
static void
log_handler (const char     *log_domain,
             GLogLevelFlags  log_level,
             const char     *message,
             gpointer        user_data)
{
  if (is_rtspsrc_seqnum (log_domain, log_level, message))
    {
      g_atomic_int_inc (&rtspsrc_seqnum_seen);
      g_printerr ("tolerated (GStreamer 1.22 rtspsrc): %s\n", message);
      return;
    }
  g_log_default_handler (log_domain, log_level, message, user_data);
}

void
ioc_test_tolerate_rtspsrc_seqnum (void)
{
  static gsize once;

  if (g_once_init_enter (&once))
    {
      g_log_set_handler ("GStreamer", G_LOG_LEVEL_CRITICAL | G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION, log_handler, NULL);
      g_once_init_leave (&once, 1);
    }
  g_test_log_set_fatal_handler (fatal_handler, NULL);
}

static void
run_video_func (gconstpointer data)
{
  ioc_test_tolerate_rtspsrc_seqnum ();
  ((GTestFunc) data) ();
}

void
ioc_test_add_video_func (const char *path,
                         GTestFunc   func)
{
  g_test_add_data_func (path, (gconstpointer) func, run_video_func);
}

guint
ioc_test_rtspsrc_seqnum_count (void)
{
  return (guint) g_atomic_int_get (&rtspsrc_seqnum_seen);
}

/* ---- waiting ---------------------------------------------------------- */

gboolean
ioc_test_until (gboolean (*cond) (gpointer),
                gpointer   data,
                guint      timeout_ms)
{
  /* Under valgrind everything is ten times slower or more. */
  guint scale = g_getenv ("IOC_TEST_TIMEOUT_SCALE") != NULL ? MAX (1, atoi (g_getenv ("IOC_TEST_TIMEOUT_SCALE"))) : 1;
  gint64 until = g_get_monotonic_time () + (gint64) timeout_ms * scale * 1000;

  while (!cond (data))
    {
      if (g_get_monotonic_time () > until)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
    }
  return TRUE;
}

void
ioc_test_settle (guint ms)
{
  gint64 until = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < until)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (2000);
}
