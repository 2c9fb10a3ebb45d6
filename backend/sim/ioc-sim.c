/* ioc-sim — the data simulator: every source of the IOC, through iocd's
 * real interfaces
 *
 *   ioc-sim [--server http://127.0.0.1:8088] [--user admin] [--password-file FILE]
 *           [--seed N] [--rate-scale F] [--duration SEC]
 *           [--reports-per-hour N] [--soc-batches-per-hour N] [--soc-batch-lines N]
 *           [--camera-events-per-hour N] [--drop-dir DIR] [--drop-interval SEC]
 *           [--rtsp] [--rtsp-port PORT] [--outages-per-hour N]
 *
 * Signs in (the demo's admin account unless told otherwise; the password
 * from IOC_SIM_PASSWORD or --password-file), reads what the drivers need
 * (today's communes and their centroids, the Open311 services, the camera
 * registry), then runs each driver on a Poisson schedule until --duration
 * seconds have passed or SIGINT/SIGTERM arrives; then it waits briefly for
 * requests still out, stops its RTSP child, prints what it sent and exits 0.
 * See ioc-sim.h.
 */
#include "config.h"

#include "ioc-sim.h"
#include "ioc-conn-open311.h"

#include <glib-unix.h>
#include <locale.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define MAX_IN_FLIGHT 8

static IocSim *the_sim;   /* for the log; one simulator per process */

void
ioc_sim_log (IocSim     *sim,
             const char *format,
             ...)
{
  g_autofree char *text = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%H:%M:%S");
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("ioc-sim %s %s\n", stamp, text);
}

/* ---- helpers ---------------------------------------------------------- */

double
ioc_sim_gauss (GRand *r)
{
  double u = g_rand_double_range (r, 1e-12, 1.0), v = g_rand_double (r);
  return sqrt (-2.0 * log (u)) * cos (2 * G_PI * v);
}

char *
ioc_sim_person_name (GRand *r)
{
  static const char *const family[] = {
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
    "H'", "Y",
  };
  static const char *const middle[] = { "Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quốc", "Thu" };
  static const char *const given[] = {
    "An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng", "Hương", "Khánh", "Lan",
    "Linh", "Long", "Mai", "Nam", "Nga", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vy",
  };
  const char *f = IOC_SIM_PICK (r, family);

  /* Ê Đê names: H'Hen Niê, Y Moan Êban. */
  if (g_str_equal (f, "H'"))
    return g_strdup_printf ("H'%s %s", IOC_SIM_PICK (r, given), g_rand_boolean (r) ? "Niê" : "Êban");
  if (g_str_equal (f, "Y"))
    return g_strdup_printf ("Y %s %s", IOC_SIM_PICK (r, given), g_rand_boolean (r) ? "Niê" : "Mlô");
  return g_strdup_printf ("%s %s %s", f, IOC_SIM_PICK (r, middle), IOC_SIM_PICK (r, given));
}

char *
ioc_sim_phone (GRand *r)
{
  static const char *const prefixes[] = { "090", "091", "093", "094", "096", "097", "098", "086", "035", "038", "083", "088" };
  return g_strdup_printf ("%s%07d", IOC_SIM_PICK (r, prefixes), g_rand_int_range (r, 0, 10000000));
}

char *
ioc_sim_now_iso (gboolean micro,
                 gboolean compact_zone)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("+07:00");
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autofree char *base = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S");

  if (micro)
    return g_strdup_printf ("%s.%06d%s", base, g_date_time_get_microsecond (now), compact_zone ? "+0700" : "+07:00");
  return g_strdup_printf ("%s%s", base, compact_zone ? "+0700" : "+07:00");
}

guint
ioc_sim_scaled (IocSim *sim,
                guint   seconds)
{
  double s = seconds / MAX (sim->opt.rate_scale, 1e-3);
  return (guint) MAX (1.0, s);
}

/* ---- HTTP --------------------------------------------------------------- */

static SoupMessage *
new_message (IocSim     *sim,
             const char *method,
             const char *path)
{
  g_autofree char *url = g_strconcat (sim->opt.server, path, NULL);
  SoupMessage *msg = soup_message_new (method, url);

  if (msg != NULL && sim->token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", sim->token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  return msg;
}

static JsonNode *
parse (GBytes  *bytes,
       GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  if (!json_parser_load_from_data (parser, data, (gssize) len, error))
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}

JsonNode *
ioc_sim_get_json (IocSim      *sim,
                  const char  *path,
                  GError     **error)
{
  g_autoptr(SoupMessage) msg = new_message (sim, "GET", path);
  g_autoptr(GBytes) answer = NULL;

  if (msg == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "not a URL: %s%s", sim->opt.server, path);
      return NULL;
    }
  answer = soup_session_send_and_read (sim->session, msg, sim->cancellable, error);
  if (answer == NULL)
    return NULL;
  if (soup_message_get_status (msg) != 200)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "GET %s: HTTP %u: %.*s", path,
                   soup_message_get_status (msg), (int) MIN (g_bytes_get_size (answer), 300),
                   (const char *) g_bytes_get_data (answer, NULL));
      return NULL;
    }
  return parse (answer, error);
}

typedef struct {
  IocSim       *sim;
  IocSimDriver *driver;
  SoupMessage  *msg;
  char         *path;
  guint         items;
  IocSimDone    done;
  gpointer      user_data;
} Post;

static void
post_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Post *p = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) answer = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  guint status = answer != NULL ? soup_message_get_status (p->msg) : 0;

  p->driver->in_flight--;
  if (status >= 200 && status < 300)
    {
      p->driver->stats.ok++;
      p->driver->stats.items += p->items;
    }
  else
    {
      p->driver->stats.failed++;
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gsize len = answer != NULL ? g_bytes_get_size (answer) : 0;
          ioc_sim_log (p->sim, "%s: POST %s failed: %s%.*s", p->driver->name, p->path,
                       error != NULL ? error->message : "", (int) MIN (len, 300),
                       answer != NULL ? (const char *) g_bytes_get_data (answer, NULL) : "");
        }
      if (status == 401)
        g_clear_pointer (&p->sim->token, g_free);   /* signs in again before the next request */
    }
  if (p->done != NULL)
    p->done (p->sim, p->driver, status, answer, p->user_data);
  g_object_unref (p->msg);
  g_free (p->path);
  g_free (p);
}

static gboolean login (IocSim *sim, GError **error);

void
ioc_sim_post (IocSim        *sim,
              IocSimDriver  *driver,
              const char    *path,
              const char    *content_type,
              GBytes        *body,
              guint          items,
              IocSimDone     done,
              gpointer       user_data)
{
  Post *p;

  if (driver->in_flight >= MAX_IN_FLIGHT)
    {
      driver->stats.skipped++;
      return;
    }
  if (sim->token == NULL && !g_str_has_prefix (path, "/open311/"))
    {
      g_autoptr(GError) error = NULL;
      if (!login (sim, &error))
        {
          driver->stats.failed++;
          ioc_sim_log (sim, "cannot sign in again: %s", error->message);
          return;
        }
    }
  p = g_new0 (Post, 1);
  p->sim = sim;
  p->driver = driver;
  p->msg = new_message (sim, "POST", path);
  p->path = g_strdup (path);
  p->items = items;
  p->done = done;
  p->user_data = user_data;
  soup_message_set_request_body_from_bytes (p->msg, content_type, body);
  driver->in_flight++;
  driver->stats.sent++;
  soup_session_send_and_read_async (sim->session, p->msg, G_PRIORITY_DEFAULT, sim->cancellable, post_done, p);
}

static gboolean
login (IocSim  *sim,
       GError **error)
{
  g_autoptr(SoupMessage) msg = new_message (sim, "POST", "/api/v1/login");
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) answer_node = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autofree char *text = NULL;

  if (msg == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "--server is not a URL: %s", sim->opt.server);
      return FALSE;
    }
  soup_message_headers_remove (soup_message_get_request_headers (msg), "Authorization");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, sim->opt.user);
  json_builder_set_member_name (b, "password");
  json_builder_add_string_value (b, sim->opt.password);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  text = json_to_string (root, FALSE);
  {
    g_autoptr(GBytes) body = g_bytes_new (text, strlen (text));
    soup_message_set_request_body_from_bytes (msg, "application/json", body);
  }
  answer = soup_session_send_and_read (sim->session, msg, sim->cancellable, error);
  if (answer == NULL)
    {
      g_prefix_error (error, "%s: ", sim->opt.server);
      return FALSE;
    }
  if (soup_message_get_status (msg) != 200)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "signing in as %s: HTTP %u: %.*s",
                   sim->opt.user, soup_message_get_status (msg), (int) MIN (g_bytes_get_size (answer), 300),
                   (const char *) g_bytes_get_data (answer, NULL));
      return FALSE;
    }
  answer_node = parse (answer, error);
  if (answer_node == NULL || !JSON_NODE_HOLDS_OBJECT (answer_node) ||
      !json_object_has_member (json_node_get_object (answer_node), "token"))
    {
      g_clear_error (error);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "the login answer has no token");
      return FALSE;
    }
  g_free (sim->token);
  sim->token = g_strdup (json_object_get_string_member (json_node_get_object (answer_node), "token"));
  return TRUE;
}

/* ---- the schedule --------------------------------------------------------- */

static double
driver_rate (IocSim       *sim,
             IocSimDriver *d)
{
  return d->per_hour * sim->opt.rate_scale;
}

static gboolean on_driver_timer (gpointer user_data);

static void
schedule_driver (IocSim       *sim,
                 IocSimDriver *d)
{
  double rate = driver_rate (sim, d);
  double wait_s;

  if (rate <= 0 || sim->stopping)
    return;
  /* Poisson arrivals: exponential gaps with mean 3600/rate seconds. */
  wait_s = -log (g_rand_double_range (d->clock, 1e-9, 1.0)) * 3600.0 / rate;
  d->timer_id = g_timeout_add ((guint) MIN (wait_s * 1000.0, 3600.0 * 1000), on_driver_timer, d);
}

static gboolean
on_driver_timer (gpointer user_data)
{
  IocSimDriver *d = user_data;

  d->timer_id = 0;
  if (the_sim->stopping)
    return G_SOURCE_REMOVE;
  d->fire (the_sim, d);
  schedule_driver (the_sim, d);
  return G_SOURCE_REMOVE;
}

static guint64
in_flight (IocSim *sim)
{
  guint64 n = 0;

  for (guint i = 0; i < sim->drivers->len; i++)
    n += ((IocSimDriver *) g_ptr_array_index (sim->drivers, i))->in_flight;
  return n;
}

static void
print_summary (IocSim *sim)
{
  for (guint i = 0; i < sim->drivers->len; i++)
    {
      IocSimDriver *d = g_ptr_array_index (sim->drivers, i);
      g_print ("%-14s sent %" G_GUINT64_FORMAT ", ok %" G_GUINT64_FORMAT ", failed %" G_GUINT64_FORMAT
               ", items %" G_GUINT64_FORMAT ", skipped %" G_GUINT64_FORMAT "\n",
               d->name, d->stats.sent, d->stats.ok, d->stats.failed, d->stats.items, d->stats.skipped);
    }
}

static gboolean
on_drained (gpointer user_data)
{
  IocSim *sim = user_data;
  static guint waited;

  if (in_flight (sim) == 0 || ++waited > 50)
    {
      g_main_loop_quit (sim->loop);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
stop (IocSim     *sim,
      const char *why)
{
  if (sim->stopping)
    return;
  sim->stopping = TRUE;
  ioc_sim_log (sim, "stopping (%s)", why);
  for (guint i = 0; i < sim->drivers->len; i++)
    {
      IocSimDriver *d = g_ptr_array_index (sim->drivers, i);
      g_clear_handle_id (&d->timer_id, g_source_remove);
      if (d->finish != NULL)
        d->finish (sim, d);
    }
  /* Requests already out may finish (5 s at most). */
  g_timeout_add (100, on_drained, sim);
}

static gboolean
on_signal (gpointer user_data)
{
  stop (user_data, "signal");
  return G_SOURCE_CONTINUE;
}

static gboolean
on_duration (gpointer user_data)
{
  stop (user_data, "--duration reached");
  return G_SOURCE_REMOVE;
}

static gboolean
on_report (gpointer user_data)
{
  IocSim *sim = user_data;

  if (sim->opt.verbose && !sim->stopping)
    for (guint i = 0; i < sim->drivers->len; i++)
      {
        IocSimDriver *d = g_ptr_array_index (sim->drivers, i);
        ioc_sim_log (sim, "%s: %" G_GUINT64_FORMAT " sent, %" G_GUINT64_FORMAT " failed", d->name,
                     d->stats.sent, d->stats.failed);
      }
  return G_SOURCE_CONTINUE;
}

/* ---- main ----------------------------------------------------------------- */

static gboolean
read_password (IocSim      *sim,
               const char  *file,
               GError     **error)
{
  const char *env = g_getenv ("IOC_SIM_PASSWORD");
  g_autofree char *text = NULL;

  if (file != NULL)
    {
      if (!g_file_get_contents (file, &text, NULL, error))
        return FALSE;
      g_strchomp (text);
      sim->opt.password = g_steal_pointer (&text);
    }
  else if (env != NULL && *env != '\0')
    sim->opt.password = g_strdup (env);
  else if (g_str_equal (sim->opt.user, "admin"))
    sim->opt.password = g_strdup ("admin-demo-1022");   /* the demo's account */
  else
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "no password for %s: set IOC_SIM_PASSWORD or --password-file", sim->opt.user);
      return FALSE;
    }
  return TRUE;
}

static char *
today_in_province (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("+07:00");
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  return g_date_time_format (now, "%Y-%m-%d");
}

int
main (int    argc,
      char **argv)
{
  IocSim sim = { 0 };
  g_autofree char *password_file = NULL;
  g_autofree char *seed_text = NULL;
  gint64 seed = 1022;
  int duration = 0, batch_lines = 25, drop_interval = 3600;
  double rate_scale = 1, reports = 30, soc_batches = 120, camera_events = 60, outages = 4;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new ("— drive every IOC source through iocd's real interfaces");
  int rtsp_port = -1;
  IocSimDriver *const all[] = {
    &ioc_sim_driver_open311, &ioc_sim_driver_soc, &ioc_sim_driver_camevents,
    &ioc_sim_driver_drops, &ioc_sim_driver_rtsp,
  };
  GOptionEntry entries[] = {
    { "server", 's', 0, G_OPTION_ARG_STRING, &sim.opt.server, "iocd's address (http://127.0.0.1:8088)", "URL" },
    { "user", 'u', 0, G_OPTION_ARG_STRING, &sim.opt.user, "Account to sign in with (admin)", "NAME" },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &password_file, "Read the password from FILE (else IOC_SIM_PASSWORD; the demo's admin password by default)", "FILE" },
    { "open311-key", 0, 0, G_OPTION_ARG_STRING, &sim.opt.open311_key, "Open311 api_key (IOC_SIM_OPEN311_KEY; the demo's key by default)", "KEY" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Seed: the same seed sends the same items in the same order (1022)", "N" },
    { "rate-scale", 'r', 0, G_OPTION_ARG_DOUBLE, &rate_scale, "Multiply every rate by F (1; 60 = an hour a minute)", "F" },
    { "duration", 'd', 0, G_OPTION_ARG_INT, &duration, "Stop after SEC seconds (0 = at SIGINT/SIGTERM)", "SEC" },
    { "reports-per-hour", 0, 0, G_OPTION_ARG_DOUBLE, &reports, "Open311 field reports per hour (30)", "N" },
    { "soc-batches-per-hour", 0, 0, G_OPTION_ARG_DOUBLE, &soc_batches, "Suricata EVE / Wazuh batches per hour (120)", "N" },
    { "soc-batch-lines", 0, 0, G_OPTION_ARG_INT, &batch_lines, "Alert lines per batch (25)", "N" },
    { "camera-events-per-hour", 0, 0, G_OPTION_ARG_DOUBLE, &camera_events, "AI camera events per hour (60)", "N" },
    { "drop-dir", 0, 0, G_OPTION_ARG_FILENAME, &sim.opt.drop_dir, "Write import files into DIR (iocd's [imports] drop-dir)", "DIR" },
    { "drop-interval", 0, 0, G_OPTION_ARG_INT, &drop_interval, "A daily dossier file every SEC seconds (3600)", "SEC" },
    { "rtsp", 0, 0, G_OPTION_ARG_NONE, &sim.opt.rtsp, "Serve the registry's cameras with an ioc-rtsp-sim child", NULL },
    { "rtsp-port", 0, 0, G_OPTION_ARG_INT, &rtsp_port, "Its port (default: the one in the registry's URIs; 0 = any)", "PORT" },
    { "rtsp-bin", 0, 0, G_OPTION_ARG_FILENAME, &sim.opt.rtsp_bin, "The ioc-rtsp-sim to run (default: next to ioc-sim)", "PATH" },
    { "outages-per-hour", 0, 0, G_OPTION_ARG_DOUBLE, &outages, "Simulated camera outages per hour with --rtsp (4)", "N" },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &sim.opt.verbose, "Say what is sent, every ten seconds", NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
    "Sources driven: Open311 field reports (POST /open311/v2/requests.json), Suricata EVE and\n"
    "Wazuh alerts (POST /api/v1/ingest/eve|wazuh), AI camera events in Frigate's and the generic\n"
    "shape (POST /api/v1/ingest/camera-events), import files (--drop-dir: dossier-daily and\n"
    "indicators CSV, written as NAME.csv.part and renamed), RTSP cameras (--rtsp).\n"
    "A rate of 0 leaves a source out.");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("ioc-sim: %s\n", error->message);
      return 2;
    }
  if (rate_scale <= 0 || duration < 0 || batch_lines < 1 || batch_lines > 10000 || drop_interval < 1 ||
      reports < 0 || soc_batches < 0 || camera_events < 0 || outages < 0 || rtsp_port < -1 || rtsp_port > 65535 ||
      seed < 0 || seed > G_MAXUINT32)
    {
      g_printerr ("ioc-sim: a rate, count, seed, port or duration is out of range (see --help)\n");
      return 2;
    }
  if (sim.opt.server == NULL)
    sim.opt.server = g_strdup ("http://127.0.0.1:8088");
  while (g_str_has_suffix (sim.opt.server, "/"))
    sim.opt.server[strlen (sim.opt.server) - 1] = '\0';
  if (sim.opt.user == NULL)
    sim.opt.user = g_strdup ("admin");
  if (sim.opt.open311_key == NULL)
    sim.opt.open311_key = g_strdup (g_getenv ("IOC_SIM_OPEN311_KEY") != NULL ? g_getenv ("IOC_SIM_OPEN311_KEY")
                                                                          : IOC_OPEN311_DEMO_KEY);
  if (!read_password (&sim, password_file, &error))
    {
      g_printerr ("ioc-sim: %s\n", error->message);
      return 2;
    }
  if (sim.opt.rtsp_bin == NULL)
    {
      g_autofree char *dir = g_path_get_dirname (argv[0]);
      sim.opt.rtsp_bin = g_build_filename (dir, "ioc-rtsp-sim", NULL);
    }
  sim.opt.rate_scale = rate_scale;
  sim.opt.duration_s = (guint) duration;
  sim.opt.seed = (guint32) seed;
  sim.opt.reports_per_hour = reports;
  sim.opt.soc_batches_per_hour = soc_batches;
  sim.opt.soc_batch_lines = (guint) batch_lines;
  sim.opt.camera_events_per_hour = camera_events;
  sim.opt.drop_interval_s = (guint) drop_interval;
  sim.opt.rtsp_port = rtsp_port;
  sim.opt.outages_per_hour = outages;

  the_sim = &sim;
  sim.today = today_in_province ();
  sim.cancellable = g_cancellable_new ();
  sim.session = soup_session_new_with_options ("timeout", 30, "max-conns", 32, "max-conns-per-host", 16,
                                               "user-agent", "ioc-sim/" PACKAGE_VERSION, NULL);
  sim.loop = g_main_loop_new (NULL, FALSE);
  sim.drivers = g_ptr_array_new ();

  if (!login (&sim, &error))
    {
      g_printerr ("ioc-sim: %s\n", error->message);
      return 1;
    }
  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      IocSimDriver *d = all[i];
      gboolean enabled = TRUE;

      d->rand = g_rand_new_with_seed (sim.opt.seed * 7919u + i * 104729u + 1);
      d->clock = g_rand_new_with_seed (sim.opt.seed * 15485863u + i * 32452843u + 2);
      if (!d->prepare (&sim, d, &enabled, &error))
        {
          g_printerr ("ioc-sim: %s: %s\n", d->name, error->message);
          return 1;
        }
      if (enabled)
        g_ptr_array_add (sim.drivers, d);
    }

  g_unix_signal_add (SIGINT, on_signal, &sim);
  g_unix_signal_add (SIGTERM, on_signal, &sim);
  if (sim.opt.duration_s > 0)
    g_timeout_add_seconds (sim.opt.duration_s, on_duration, &sim);
  g_timeout_add_seconds (10, on_report, &sim);
  for (guint i = 0; i < sim.drivers->len; i++)
    schedule_driver (&sim, g_ptr_array_index (sim.drivers, i));
  ioc_sim_log (&sim, "running against %s as %s (seed %u, rates x%g)%s", sim.opt.server, sim.opt.user,
               sim.opt.seed, sim.opt.rate_scale, sim.opt.duration_s > 0 ? "" : " until SIGINT/SIGTERM");

  g_main_loop_run (sim.loop);

  g_cancellable_cancel (sim.cancellable);
  soup_session_abort (sim.session);
  print_summary (&sim);
  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      if (all[i]->state_free != NULL && all[i]->state != NULL)
        all[i]->state_free (all[i]->state);
      g_clear_pointer (&all[i]->rand, g_rand_free);
      g_clear_pointer (&all[i]->clock, g_rand_free);
    }
  g_ptr_array_unref (sim.drivers);
  g_main_loop_unref (sim.loop);
  g_object_unref (sim.session);
  g_object_unref (sim.cancellable);
  g_free (sim.token);
  g_free (sim.today);
  g_free (sim.opt.server);
  g_free (sim.opt.user);
  g_free (sim.opt.password);
  g_free (sim.opt.open311_key);
  g_free (sim.opt.drop_dir);
  g_free (sim.opt.rtsp_bin);
  return 0;
}
