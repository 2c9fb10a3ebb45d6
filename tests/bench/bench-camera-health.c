/* bench-camera-health.c — what a round of RTSP health probes costs
 *
 *   bench-camera-health [--cameras 132] [--rounds 5] [--concurrency 8]
 *
 * Starts ioc-rtsp-sim with N cameras on a free port and probes every main
 * stream as iocd's checker does (ioc-rtsp-probe: OPTIONS then DESCRIBE,
 * `concurrency` at once), round after round. Prints the round time, the
 * probe times (p50, p95, max), and the CPU the simulated cameras spent
 * answering (DESCRIBE makes gst-rtsp-server prepare the stream's pipeline),
 * then the same round against a closed port (every probe refused).
 * Figures only; nothing passes or fails.
 */
#include "ioc-rtsp-probe.h"

#include <gio/gio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

typedef struct {
  char   *uri;
  gint64  us;
  gboolean online;
} Job;

static void
probe_one (gpointer data,
           gpointer user_data)
{
  Job *j = data;
  IocRtspProbe p;

  ioc_rtsp_probe_run (j->uri, 5 * G_USEC_PER_SEC, NULL, &p);
  j->us = p.rtt_us;
  j->online = p.online;
  ioc_rtsp_probe_clear (&p);
}

static int
cmp_jobs (gconstpointer a,
          gconstpointer b)
{
  gint64 x = (*(Job **) a)->us, y = (*(Job **) b)->us;
  return x < y ? -1 : x > y;
}

/* utime + stime of a process, in seconds. */
static double
cpu_seconds (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *text = NULL;
  const char *p;
  unsigned long ut = 0, st = 0;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (p = strrchr (text, ')')) == NULL)
    return 0;
  /* Fields after the command: state(3) … utime(14) stime(15). */
  if (sscanf (p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2)
    return 0;
  return (double) (ut + st) / sysconf (_SC_CLK_TCK);
}

static void
round_of (GPtrArray  *jobs,
          guint       concurrency,
          const char *what,
          GPid        sim_pid)
{
  g_autoptr(GError) error = NULL;
  gint64 t0 = g_get_monotonic_time ();
  double cpu0 = sim_pid > 0 ? cpu_seconds (sim_pid) : 0;
  GThreadPool *pool = g_thread_pool_new (probe_one, NULL, (gint) concurrency, FALSE, &error);
  g_autoptr(GPtrArray) sorted = g_ptr_array_copy (jobs, NULL, NULL);
  guint online = 0;
  double secs;

  g_assert_no_error (error);
  for (guint i = 0; i < jobs->len; i++)
    g_thread_pool_push (pool, g_ptr_array_index (jobs, i), NULL);
  g_thread_pool_free (pool, FALSE, TRUE);
  secs = (g_get_monotonic_time () - t0) / 1e6;
  g_ptr_array_sort (sorted, cmp_jobs);
  for (guint i = 0; i < jobs->len; i++)
    online += ((Job *) g_ptr_array_index (jobs, i))->online;
  printf ("%-22s %4u probes, %3u online: round %.2f s; probe p50 %.1f ms, p95 %.1f ms, max %.1f ms",
          what, jobs->len, online, secs,
          ((Job *) g_ptr_array_index (sorted, sorted->len / 2))->us / 1e3,
          ((Job *) g_ptr_array_index (sorted, sorted->len * 95 / 100))->us / 1e3,
          ((Job *) g_ptr_array_index (sorted, sorted->len - 1))->us / 1e3);
  if (sim_pid > 0)
    printf ("; cameras' CPU %.2f s", cpu_seconds (sim_pid) - cpu0);
  printf ("\n");
}

int
main (int    argc,
      char **argv)
{
  int cameras = 132, rounds = 5, concurrency = 8;
  GOptionEntry entries[] = {
    { "cameras", 0, 0, G_OPTION_ARG_INT, &cameras, "Simulated cameras (132)", "N" },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "Rounds (5)", "N" },
    { "concurrency", 0, 0, G_OPTION_ARG_INT, &concurrency, "Probes at once (8)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— the cost of RTSP health probes");
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) sim = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GPtrArray) jobs = g_ptr_array_new ();
  g_autoptr(GPtrArray) refused = g_ptr_array_new ();
  const char *bin = g_getenv ("IOC_RTSP_SIM_BIN") != NULL ? g_getenv ("IOC_RTSP_SIM_BIN") : IOC_RTSP_SIM_DEFAULT;
  g_autofree char *n = NULL;
  guint port = 0;
  GPid pid;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || cameras < 1 || rounds < 1 || concurrency < 1)
    {
      g_printerr ("bench-camera-health: %s\n", error != NULL ? error->message : "bad numbers");
      return 2;
    }
  n = g_strdup_printf ("%d", cameras);
  sim = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                          &error, bin, "--port", "0", "--cameras", n, "--lifetime", "900", NULL);
  if (sim == NULL)
    {
      g_printerr ("bench-camera-health: %s\n", error->message);
      return 1;
    }
  pid = (GPid) g_ascii_strtoll (g_subprocess_get_identifier (sim), NULL, 10);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sim));
  while (port == 0)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
      if (line == NULL)
        {
          g_printerr ("bench-camera-health: ioc-rtsp-sim did not start\n");
          return 1;
        }
      if (g_str_has_prefix (line, "PORT="))
        port = (guint) g_ascii_strtoull (line + 5, NULL, 10);
    }
  for (int i = 1; i <= cameras; i++)
    {
      Job *j = g_new0 (Job, 1), *r = g_new0 (Job, 1);
      j->uri = g_strdup_printf ("rtsp://127.0.0.1:%u/cam-%03d", port, i);
      r->uri = g_strdup_printf ("rtsp://127.0.0.1:1/cam-%03d", i);
      g_ptr_array_add (jobs, j);
      g_ptr_array_add (refused, r);
    }
  printf ("ioc-rtsp-sim with %d cameras (640x360 main streams), %d probes at once, %u cores online\n",
          cameras, concurrency, (guint) sysconf (_SC_NPROCESSORS_ONLN));
  for (int r = 0; r < rounds; r++)
    {
      g_autofree char *what = g_strdup_printf ("live, round %d", r + 1);
      round_of (jobs, (guint) concurrency, what, pid);
    }
  round_of (refused, (guint) concurrency, "refused (closed port)", 0);
  printf ("At the default probe-interval of 60 s the cameras' share is the CPU above divided by 60 s.\n");

  g_subprocess_send_signal (sim, SIGTERM);
  g_subprocess_wait (sim, NULL, NULL);
  for (guint i = 0; i < jobs->len; i++)
    {
      g_free (((Job *) jobs->pdata[i])->uri);
      g_free (jobs->pdata[i]);
      g_free (((Job *) refused->pdata[i])->uri);
      g_free (refused->pdata[i]);
    }
  return 0;
}
