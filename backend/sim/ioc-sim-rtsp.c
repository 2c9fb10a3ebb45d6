/* ioc-sim-rtsp.c — the registry's cameras, served by an ioc-rtsp-sim child
 *
 * With --rtsp, ioc-sim reads the camera registry (GET /api/v1/cameras) and
 * starts ioc-rtsp-sim with one --camera ID=NAME for each camera whose main
 * stream is on this machine (rtsp://127.0.0.1:PORT/ID or localhost), so
 * that each picture shows the registry's name. The port is the one in the
 * registry's URIs (the demo's 8554) unless --rtsp-port says otherwise. It
 * prints RTSP_PORT=N once the child listens.
 *
 * Now and then (--outages-per-hour) a camera goes dark — the child's
 * "stop ID": its mounts vanish, and iocd's health checker should see it
 * offline — and comes back a few minutes later ("start ID").
 *
 * The child dies with ioc-sim (PR_SET_PDEATHSIG) and is stopped with
 * SIGTERM when the run ends.
 */
#include "ioc-sim.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

typedef struct {
  IocSim           *sim;
  IocSimDriver     *driver;
  GSubprocess      *child;
  GDataInputStream *out;
  GOutputStream    *in;
  GPtrArray        *ids;      /* char*: served cameras */
  GHashTable       *down;     /* id → timer id of its return */
  GCancellable     *cancellable;
  gboolean          exited;
} State;

typedef struct {
  State *state;
  char  *id;
} Return;

static void
state_free (gpointer data)
{
  State *s = data;
  GHashTableIter iter;
  gpointer timer;

  g_cancellable_cancel (s->cancellable);
  g_hash_table_iter_init (&iter, s->down);
  while (g_hash_table_iter_next (&iter, NULL, &timer))
    g_source_remove (GPOINTER_TO_UINT (timer));
  if (s->child != NULL && !s->exited)
    g_subprocess_force_exit (s->child);
  g_clear_object (&s->out);
  g_clear_object (&s->child);
  g_clear_object (&s->cancellable);
  g_hash_table_unref (s->down);
  g_ptr_array_unref (s->ids);
  g_free (s);
}

static void
child_setup (gpointer user_data)
{
  /* Linux: the child gets SIGTERM if ioc-sim dies first. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
command (State      *s,
         const char *verb,
         const char *id)
{
  g_autofree char *line = g_strdup_printf ("%s %s\n", verb, id);
  g_autoptr(GError) error = NULL;

  if (s->exited || !g_output_stream_write_all (s->in, line, strlen (line), NULL, NULL, &error))
    ioc_sim_log (s->sim, "rtsp: cannot send “%s %s” to ioc-rtsp-sim: %s", verb, id,
                 error != NULL ? error->message : "it has exited");
}

static void read_line (State *s);

static void
on_line (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  State *s = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, &error);

  if (line == NULL)
    return;   /* end of its output, or cancelled (s may be gone then) */
  if (g_str_has_prefix (line, "PORT="))
    {
      g_print ("RTSP_PORT=%s\n", line + 5);
      ioc_sim_log (s->sim, "rtsp: %u cameras on rtsp://127.0.0.1:%s/", s->ids->len, line + 5);
    }
  else if (g_str_has_prefix (line, "stopped ") || g_str_has_prefix (line, "started "))
    ioc_sim_log (s->sim, "rtsp: camera %s", line);
  read_line (s);
}

static void
read_line (State *s)
{
  g_data_input_stream_read_line_async (s->out, G_PRIORITY_DEFAULT, s->cancellable, on_line, s);
}

static void
on_child_exit (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  State *s = user_data;

  if (!g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL))
    return;   /* cancelled: s is gone */
  s->exited = TRUE;
  s->driver->in_flight--;
  if (!s->sim->stopping)
    ioc_sim_log (s->sim, "rtsp: ioc-rtsp-sim exited (status %d)", g_subprocess_get_status (s->child));
}

/* "rtsp://127.0.0.1:8554/cam-001" → its port and mount, for local cameras. */
static gboolean
local_mount (const char  *uri,
             int         *port,
             char       **mount)
{
  g_autoptr(GUri) u = uri != NULL ? g_uri_parse (uri, G_URI_FLAGS_NONE, NULL) : NULL;
  const char *host, *path;

  if (u == NULL || g_strcmp0 (g_uri_get_scheme (u), "rtsp") != 0)
    return FALSE;
  host = g_uri_get_host (u);
  if (g_strcmp0 (host, "127.0.0.1") != 0 && g_strcmp0 (host, "localhost") != 0)
    return FALSE;
  path = g_uri_get_path (u);
  while (*path == '/')
    path++;
  if (*path == '\0' || !g_regex_match_simple ("^[A-Za-z0-9_.-]+$", path, 0, 0))
    return FALSE;
  *port = g_uri_get_port (u) > 0 ? g_uri_get_port (u) : 554;
  *mount = g_strdup (path);
  return TRUE;
}

static gboolean
rtsp_prepare (IocSim        *sim,
              IocSimDriver  *d,
              gboolean      *enabled,
              GError       **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  JsonArray *items;
  State *s;
  int port = -1;

  d->per_hour = sim->opt.outages_per_hour;
  if (!sim->opt.rtsp)
    {
      *enabled = FALSE;
      return TRUE;
    }
  node = ioc_sim_get_json (sim, "/api/v1/cameras?limit=5000&sort=id", error);
  if (node == NULL)
    return FALSE;
  s = g_new0 (State, 1);
  s->sim = sim;
  s->driver = d;
  s->ids = g_ptr_array_new_with_free_func (g_free);
  s->down = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  s->cancellable = g_cancellable_new ();
  d->state = s;
  d->state_free = state_free;

  g_ptr_array_add (argv, g_strdup (sim->opt.rtsp_bin));
  items = json_object_get_array_member (json_node_get_object (node), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *c = json_array_get_object_element (items, i);
      g_autofree char *mount = NULL;
      int p;

      if (!local_mount (json_object_get_string_member_with_default (c, "rtsp_main", NULL), &p, &mount))
        continue;
      if (port < 0)
        port = p;
      if (p != port)
        continue;   /* one server, one port */
      g_ptr_array_add (argv, g_strdup ("--camera"));
      g_ptr_array_add (argv, g_strdup_printf ("%s=%s", mount, json_object_get_string_member (c, "name")));
      g_ptr_array_add (s->ids, g_steal_pointer (&mount));
    }
  if (s->ids->len == 0)
    {
      ioc_sim_log (sim, "rtsp: no camera of the registry is on rtsp://127.0.0.1: nothing to serve");
      *enabled = FALSE;
      return TRUE;
    }
  if (sim->opt.rtsp_port >= 0)
    port = sim->opt.rtsp_port;
  g_ptr_array_add (argv, g_strdup ("--port"));
  g_ptr_array_add (argv, g_strdup_printf ("%d", port));
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  s->child = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, error);
  if (s->child == NULL)
    {
      g_prefix_error (error, "cannot start %s: ", sim->opt.rtsp_bin);
      return FALSE;
    }
  s->in = g_subprocess_get_stdin_pipe (s->child);
  s->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (s->child));
  d->in_flight++;   /* until it exits: the end of the run waits for it */
  g_subprocess_wait_async (s->child, s->cancellable, on_child_exit, s);
  read_line (s);
  return TRUE;
}

static gboolean
on_return (gpointer user_data)
{
  Return *r = user_data;

  command (r->state, "start", r->id);
  g_hash_table_remove (r->state->down, r->id);
  return G_SOURCE_REMOVE;
}

static void
return_free (gpointer data)
{
  Return *r = data;

  g_free (r->id);
  g_free (r);
}

/* One outage: a camera goes dark for one to ten minutes (scaled). */
static void
rtsp_fire (IocSim       *sim,
           IocSimDriver *d)
{
  State *s = d->state;
  const char *id = g_ptr_array_index (s->ids, g_rand_int_range (d->rand, 0, (gint32) s->ids->len));
  guint seconds = ioc_sim_scaled (sim, (guint) g_rand_int_range (d->rand, 60, 600));
  Return *r;

  if (s->exited || g_hash_table_contains (s->down, id))
    return;
  command (s, "stop", id);
  d->stats.sent++;
  d->stats.ok++;
  d->stats.items++;
  r = g_new0 (Return, 1);
  r->state = s;
  r->id = g_strdup (id);
  g_hash_table_insert (s->down, g_strdup (id),
                       GUINT_TO_POINTER (g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, seconds, on_return, r, return_free)));
}

static void
rtsp_finish (IocSim       *sim,
             IocSimDriver *d)
{
  State *s = d->state;
  GHashTableIter iter;
  gpointer timer;

  g_hash_table_iter_init (&iter, s->down);
  while (g_hash_table_iter_next (&iter, NULL, &timer))
    g_source_remove (GPOINTER_TO_UINT (timer));
  g_hash_table_remove_all (s->down);
  if (s->child != NULL && !s->exited)
    g_subprocess_send_signal (s->child, SIGTERM);
}

IocSimDriver ioc_sim_driver_rtsp = {
  .name = "rtsp",
  .prepare = rtsp_prepare,
  .fire = rtsp_fire,
  .finish = rtsp_finish,
};
