/* ioc-conn-cameras.c — camera health: is every camera serving its stream?
 *
 * Every probe-interval seconds (60) a round probes the main stream
 * (rtsp_main) of every camera of the registry (ioc-rtsp-probe.h: RTSP
 * OPTIONS, then DESCRIBE — the answer to DESCRIBE tells a live mount from a
 * missing one, 404), at most `concurrency` (8) at once, each within
 * probe-timeout seconds (5). The round runs in a worker thread (a GTask
 * with a pool of probe threads); its results are applied on the main loop
 * in one transaction: each camera whose status changed gets status
 * online|offline, status_changed_at and updated_at, and one event
 * `camera.updated` whose data is the camera's row plus `status_detail`
 * ("RTSP 404 Not Found", "connection refused", "timeout", …; contract 2 of
 * OWNERS.md: the detail is in the event, not in the table). A camera goes
 * offline after `offline-after` (2) failed probes in a row, or at its first
 * failure while its status is still unknown; one good probe brings it back
 * online. Each round marks the source "cameras" fresh.
 *
 * A camera added to the registry (camera.created) or given a new URI
 * (camera.updated by someone else) is probed within a second rather than
 * at the next round. GET /api/v1/camera-health has each camera's last
 * probe (status, detail, time, duration) since iocd started.
 *
 *     [cameras]
 *     probe-interval=60     (seconds between rounds; 0 = no health checks)
 *     probe-timeout=5       (seconds per probe)
 *     concurrency=8         (probes at once)
 *     offline-after=2       (failed probes in a row before offline)
 *     expected-interval=300 (the source is stale when no round finished for that long)
 */
#define G_LOG_DOMAIN "iocd"

#include "ioc-api.h"
#include "ioc-camera-uri.h"
#include "ioc-connector.h"
#include "ioc-json.h"
#include "ioc-rtsp-probe.h"
#include "ioc-server-private.h"

#include <string.h>

#define STATE_KEY "ioc-camera-health"

typedef struct {
  char    *status;       /* what the checker last wrote or found */
  char    *detail;
  gint64   checked_at;   /* Unix seconds */
  gint64   rtt_us;
  guint    failures;     /* failed probes in a row */
} Health;

typedef struct {
  gint              ref;
  IocServer        *server;      /* NULL once stopped */
  guint             interval_s, timeout_s, concurrency, offline_after;
  guint             timer_id;
  gulong            committed_id;
  gboolean          running;     /* a round is out */
  gboolean          again;       /* start another as soon as it is back */
  gboolean          applying;    /* committing a round: its events are ours */
  GCancellable     *cancellable;
  GHashTable       *health;      /* camera id → Health* */
} Checker;

typedef struct {
  char         *id;
  char         *uri;          /* as the registry shows it */
  char         *probe_uri;    /* with the camera account (ioc-camera-uri.h) */
  IocRtspProbe  result;
} Job;

typedef struct {
  GPtrArray    *jobs;          /* Job* */
  guint         concurrency;
  gint64        timeout_us;
  GCancellable *cancellable;
} Round;

static void
health_free (gpointer data)
{
  Health *h = data;

  g_free (h->status);
  g_free (h->detail);
  g_free (h);
}

static void
job_free (gpointer data)
{
  Job *j = data;

  g_free (j->id);
  g_free (j->uri);
  g_free (j->probe_uri);
  ioc_rtsp_probe_clear (&j->result);
  g_free (j);
}

static void
round_free (gpointer data)
{
  Round *r = data;

  g_ptr_array_unref (r->jobs);
  g_clear_object (&r->cancellable);
  g_free (r);
}

static Checker *
checker_ref (Checker *c)
{
  g_atomic_int_inc (&c->ref);
  return c;
}

static void
checker_unref (Checker *c)
{
  if (!g_atomic_int_dec_and_test (&c->ref))
    return;
  g_clear_object (&c->cancellable);
  g_clear_pointer (&c->health, g_hash_table_unref);
  g_free (c);
}

static void schedule (Checker *c, guint seconds);

/* ---- the worker side ------------------------------------------------------ */

static void
probe_one (gpointer data,
           gpointer user_data)
{
  Job *j = data;
  Round *r = user_data;

  ioc_rtsp_probe_run (j->probe_uri, r->timeout_us, r->cancellable, &j->result);
}

static void
round_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Round *r = task_data;
  g_autoptr(GError) error = NULL;
  GThreadPool *pool = g_thread_pool_new (probe_one, r, (gint) r->concurrency, FALSE, &error);

  if (pool == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  for (guint i = 0; i < r->jobs->len; i++)
    if (!g_thread_pool_push (pool, g_ptr_array_index (r->jobs, i), &error))
      {
        g_thread_pool_free (pool, TRUE, TRUE);
        g_task_return_error (task, g_steal_pointer (&error));
        return;
      }
  /* Waits for every probe. */
  g_thread_pool_free (pool, FALSE, TRUE);
  g_task_return_boolean (task, TRUE);
}

/* ---- the main-loop side --------------------------------------------------- */

static Health *
health_for (Checker    *c,
            const char *id)
{
  Health *h = g_hash_table_lookup (c->health, id);

  if (h == NULL)
    {
      h = g_new0 (Health, 1);
      g_hash_table_insert (c->health, g_strdup (id), h);
    }
  return h;
}

/* One transaction: the changed cameras, their events, the freshness. */
static gboolean
apply (Checker    *c,
       Round      *r,
       guint      *n_changed,
       guint      *n_online,
       GError    **error)
{
  IocStore *store = ioc_server_get_store (c->server);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  *n_changed = *n_online = 0;
  if (!ioc_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < r->jobs->len; i++)
    {
      Job *j = g_ptr_array_index (r->jobs, i);
      g_autoptr(JsonObject) row = ioc_store_get (store, &ioc_entity_cameras, j->id, FALSE, NULL);
      Health *h;
      const char *status, *next;

      /* Removed meanwhile, or given another URI: the next probe says. */
      if (row == NULL ||
          g_strcmp0 (json_object_get_string_member_with_default (row, "rtsp_main", NULL), j->uri) != 0)
        continue;
      status = json_object_get_string_member_with_default (row, "status", "unknown");
      h = health_for (c, j->id);
      g_free (h->detail);
      h->detail = g_strdup (j->result.detail);
      h->checked_at = now;
      h->rtt_us = j->result.rtt_us;
      if (j->result.online)
        {
          h->failures = 0;
          next = "online";
        }
      else
        {
          h->failures++;
          next = g_str_equal (status, "offline") || g_str_equal (status, "unknown") ||
                 h->failures >= c->offline_after ? "offline" : status;
        }
      g_free (h->status);
      h->status = g_strdup (next);
      if (g_str_equal (status, next))
        continue;

      {
        g_autoptr(JsonObject) changes = json_object_new ();
        g_autoptr(JsonObject) after = NULL;
        g_autoptr(JsonNode) data = NULL;

        json_object_set_string_member (changes, "status", next);
        json_object_set_int_member (changes, "status_changed_at", now);
        json_object_set_int_member (changes, "updated_at", now);
        if (!ioc_store_update (store, &ioc_entity_cameras, j->id, changes, error) ||
            (after = ioc_store_get (store, &ioc_entity_cameras, j->id, FALSE, error)) == NULL)
          goto rollback;
        json_object_set_string_member (after, "status_detail", j->result.detail);
        data = json_node_init_object (json_node_alloc (), after);
        if (ioc_store_append_event (store, "camera.updated", data, error) == 0)
          goto rollback;
        /* A few changes are told one by one; a whole registry going dark
         * at once (the NVR's switch) in one line, after the commit. */
        if (*n_changed < 5)
          g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE,
                            "MESSAGE", "camera %s is %s: %s", j->id, next, j->result.detail,
                            "IOCD_CAMERA", j->id,
                            "IOCD_SOURCE", "cameras");
        (*n_changed)++;
        if (j->result.online)
          (*n_online)++;
      }
    }
  if (!ioc_server_touch_source (c->server, "cameras", error))
    goto rollback;
  {
    gboolean ok;
    /* The store tells its listeners during the commit. */
    c->applying = TRUE;
    ok = ioc_store_commit (store, error);
    c->applying = FALSE;
    return ok;
  }

rollback:
  ioc_store_rollback (store);
  return FALSE;
}

static void
round_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Checker *c = user_data;
  Round *r = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  guint changed = 0, online = 0;

  c->running = FALSE;
  if (c->server == NULL)
    {
      /* Stopped while the round was out. */
      checker_unref (c);
      return;
    }
  if (!g_task_propagate_boolean (G_TASK (result), &error) || !apply (c, r, &changed, &online, &error))
    g_warning ("camera health: %s", error->message);
  else if (changed > 5)
    g_message ("camera health: %u cameras changed status (%u online, %u offline)",
               changed, online, changed - online);
  schedule (c, c->again ? 1 : c->interval_s);
  c->again = FALSE;
  checker_unref (c);
}

static void
start_round (Checker *c)
{
  IocStore *store = ioc_server_get_store (c->server);
  g_autoptr(IocQuery) q = ioc_query_new ();
  g_autoptr(JsonArray) cameras = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  Round *r;

  cameras = ioc_store_list (store, &ioc_entity_cameras, q, NULL, &error);
  if (cameras == NULL)
    {
      g_warning ("camera health: cannot list the cameras: %s", error->message);
      schedule (c, c->interval_s);
      return;
    }
  r = g_new0 (Round, 1);
  r->jobs = g_ptr_array_new_with_free_func (job_free);
  r->concurrency = c->concurrency;
  r->timeout_us = (gint64) c->timeout_s * G_USEC_PER_SEC;
  r->cancellable = g_object_ref (c->cancellable);
  for (guint i = 0; i < json_array_get_length (cameras); i++)
    {
      JsonObject *cam = json_array_get_object_element (cameras, i);
      Job *j = g_new0 (Job, 1);
      j->id = g_strdup (json_object_get_string_member (cam, "id"));
      j->uri = g_strdup (json_object_get_string_member_with_default (cam, "rtsp_main", NULL));
      {
        g_autofree char *account = ioc_store_get_text (store, &ioc_entity_cameras, j->id, "rtsp_userinfo", NULL);
        j->probe_uri = ioc_camera_uri_join (j->uri, account);
      }
      g_ptr_array_add (r->jobs, j);
    }

  c->running = TRUE;
  task = g_task_new (NULL, c->cancellable, round_done, checker_ref (c));
  g_task_set_source_tag (task, start_round);
  g_task_set_task_data (task, r, round_free);
  g_task_run_in_thread (task, round_thread);
}

static gboolean
on_timer (gpointer user_data)
{
  Checker *c = user_data;

  c->timer_id = 0;
  start_round (c);
  return G_SOURCE_REMOVE;
}

static void
schedule (Checker *c,
          guint    seconds)
{
  g_clear_handle_id (&c->timer_id, g_source_remove);
  c->timer_id = g_timeout_add_seconds (seconds, on_timer, c);
}

/* A new camera, or a new URI: probe within a second, not at the next round. */
static void
on_event_committed (IocStore *store,
                    gpointer  event_ptr,
                    gpointer  user_data)
{
  Checker *c = user_data;
  const IocEvent *event = event_ptr;

  if (c->applying ||
      (g_strcmp0 (event->type, "camera.created") != 0 && g_strcmp0 (event->type, "camera.updated") != 0))
    return;
  if (c->running)
    c->again = TRUE;
  else
    schedule (c, 1);
}

/* ---- GET /api/v1/camera-health -------------------------------------------- */

static gboolean
handle_health (IocRequest  *req,
               GError     **error)
{
  Checker *c = g_object_get_data (G_OBJECT (ioc_server_get_soup (req->server)), STATE_KEY);
  g_autoptr(JsonObject) out = json_object_new ();
  JsonArray *items = json_array_new ();
  g_autoptr(GList) ids = NULL;

  ids = g_list_sort (g_hash_table_get_keys (c->health), (GCompareFunc) strcmp);
  for (GList *l = ids; l != NULL; l = l->next)
    {
      Health *h = g_hash_table_lookup (c->health, l->data);
      JsonObject *o = json_object_new ();
      g_autofree char *checked = ioc_time_format (h->checked_at);

      json_object_set_string_member (o, "camera_id", l->data);
      json_object_set_string_member (o, "status", h->status);
      json_object_set_string_member (o, "status_detail", h->detail);
      json_object_set_string_member (o, "checked_at", checked);
      json_object_set_int_member (o, "rtt_ms", h->rtt_us / 1000);
      json_object_set_int_member (o, "failures", h->failures);
      json_array_add_object_element (items, o);
    }
  json_object_set_int_member (out, "total", json_array_get_length (items));
  json_object_set_int_member (out, "probe_interval", c->interval_s);
  json_object_set_array_member (out, "items", items);
  ioc_request_set_object (req, 200, g_steal_pointer (&out));
  return TRUE;
}

static const IocRoute routes[] = {
  { "GET", "/api/v1/camera-health", IOC_ROLES_ALL, 0, handle_health, NULL },
};

/* ---- the connector -------------------------------------------------------- */

static gboolean
config_uint (IocConfig   *config,
             const char  *key,
             gint64       fallback,
             gint64       min,
             gint64       max,
             guint       *out,
             GError     **error)
{
  gint64 n;

  if (!ioc_config_group_int (config, "cameras", key, fallback, min, max, &n, error))
    return FALSE;
  *out = (guint) n;
  return TRUE;
}

static gpointer
cameras_start (IocServer  *server,
               GError    **error)
{
  IocConfig *config = ioc_server_get_config (server);
  Checker *c = g_new0 (Checker, 1);

  c->ref = 1;
  if (!config_uint (config, "probe-interval", 60, 0, 24 * 3600, &c->interval_s, error) ||
      !config_uint (config, "probe-timeout", 5, 1, 120, &c->timeout_s, error) ||
      !config_uint (config, "concurrency", 8, 1, 64, &c->concurrency, error) ||
      !config_uint (config, "offline-after", 2, 1, 100, &c->offline_after, error))
    {
      checker_unref (c);
      return NULL;
    }
  c->server = server;
  c->cancellable = g_cancellable_new ();
  c->health = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, health_free);
  g_object_set_data (G_OBJECT (ioc_server_get_soup (server)), STATE_KEY, c);
  ioc_server_add_routes (server, routes, G_N_ELEMENTS (routes));
  if (c->interval_s == 0)
    {
      g_message ("camera health checks are off ([cameras] probe-interval=0)");
      return c;
    }
  c->committed_id = g_signal_connect (ioc_server_get_store (server), "event-committed",
                                      G_CALLBACK (on_event_committed), c);
  /* The first round soon after start: the walls should not say "unknown"
   * for a whole interval. */
  schedule (c, 1);
  return c;
}

static void
cameras_stop (gpointer state)
{
  Checker *c = state;

  g_clear_handle_id (&c->timer_id, g_source_remove);
  if (c->committed_id != 0)
    g_clear_signal_handler (&c->committed_id, ioc_server_get_store (c->server));
  g_object_set_data (G_OBJECT (ioc_server_get_soup (c->server)), STATE_KEY, NULL);
  /* A round still out finishes its probes (each within probe-timeout) and
   * is then dropped: it holds its own reference. */
  g_cancellable_cancel (c->cancellable);
  c->server = NULL;
  checker_unref (c);
}

/* Rounds every minute: five minutes without one means the checker is stuck. */
const IocConnector ioc_connector_cameras = {
  "cameras", "Camera health (RTSP OPTIONS/DESCRIBE of every camera)", 300, cameras_start, cameras_stop,
};
