/* ioc-models.c — see ioc-models.h */
#include "config.h"

#include "ioc-models.h"
#include "ioc-labels.h"

#include <glib/gi18n.h>
#include <string.h>

/* Every dossier metric a wall shows: overdue, and online dossiers not
 * received within 8 hours (named online_over_8h by the API, stored as
 * online_not_received_8h by older imports). */
#define STATS_PATH "/api/v1/dossier-stats?metric=overdue,online_over_8h,online_not_received_8h&sort=date"

struct _IocModels
{
  GObject        parent_instance;
  IocClient     *client;
  IocRecordList *reports, *cameras, *alerts, *tickets, *sources, *units;
  IocRecordList *camera_events;
  JsonArray     *dossier_stats;
  GHashTable    *unit_names;       /* id → name, every period */
  GHashTable    *categories;       /* code → JsonObject */
  GHashTable    *unit_places;      /* id → double[2] lat, lon */
  JsonArray     *boundaries;       /* today's wards and communes with "boundary" */
  GHashTable    *streams;          /* camera id → StreamUris (rtsp_auth cameras) */
  guint          stream_serial;
  GCancellable  *cancellable;
  guint          pending;
  gint64         since;
  gboolean       loaded;
  gboolean       failed;
};

enum { SIGNAL_LOADED, SIGNAL_LOAD_FAILED, SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (IocModels, ioc_models, G_TYPE_OBJECT)

static void
ioc_models_dispose (GObject *object)
{
  IocModels *self = IOC_MODELS (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_clear_object (&self->client);
  g_clear_object (&self->reports);
  g_clear_object (&self->cameras);
  g_clear_object (&self->alerts);
  g_clear_object (&self->tickets);
  g_clear_object (&self->sources);
  g_clear_object (&self->units);
  g_clear_object (&self->camera_events);
  g_clear_pointer (&self->dossier_stats, json_array_unref);
  g_clear_pointer (&self->unit_names, g_hash_table_unref);
  g_clear_pointer (&self->categories, g_hash_table_unref);
  g_clear_pointer (&self->unit_places, g_hash_table_unref);
  g_clear_pointer (&self->boundaries, json_array_unref);
  g_clear_pointer (&self->streams, g_hash_table_unref);
  G_OBJECT_CLASS (ioc_models_parent_class)->dispose (object);
}

static void
ioc_models_class_init (IocModelsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ioc_models_dispose;

  signals[SIGNAL_LOADED] = g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_LOAD_FAILED] = g_signal_new ("load-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                              NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * IocModels::changed:
   * @collection: "reports", "alerts", … — which collection an event changed
   */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                          NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
ioc_models_init (IocModels *self)
{
  self->reports = ioc_record_list_new ();
  self->cameras = ioc_record_list_new ();
  self->alerts = ioc_record_list_new ();
  self->tickets = ioc_record_list_new ();
  self->sources = ioc_record_list_new ();
  self->units = ioc_record_list_new ();
  self->camera_events = ioc_record_list_new ();
  self->unit_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->categories = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_object_unref);
  self->unit_places = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

IocClient *
ioc_models_get_client (IocModels *self)
{
  return self->client;
}

gboolean
ioc_models_is_loaded (IocModels *self)
{
  return self->loaded;
}

IocRecordList *ioc_models_get_reports (IocModels *self) { return self->reports; }
IocRecordList *ioc_models_get_cameras (IocModels *self) { return self->cameras; }
IocRecordList *ioc_models_get_alerts (IocModels *self) { return self->alerts; }
IocRecordList *ioc_models_get_tickets (IocModels *self) { return self->tickets; }
IocRecordList *ioc_models_get_sources (IocModels *self) { return self->sources; }
IocRecordList *ioc_models_get_units (IocModels *self) { return self->units; }
IocRecordList *ioc_models_get_camera_events (IocModels *self) { return self->camera_events; }
JsonArray *ioc_models_get_dossier_stats (IocModels *self) { return self->dossier_stats; }

const char *
ioc_models_unit_name (IocModels  *self,
                      const char *unit_id)
{
  return unit_id != NULL ? g_hash_table_lookup (self->unit_names, unit_id) : NULL;
}

const char *
ioc_models_category_name (IocModels  *self,
                          const char *code)
{
  JsonObject *c = code != NULL ? g_hash_table_lookup (self->categories, code) : NULL;
  const char *lang = g_getenv ("LANGUAGE");
  gboolean vi;

  if (c == NULL)
    return code;
  /* The categories come from iocd in both languages. */
  vi = g_str_has_prefix (_("en"), "vi") || (lang != NULL && g_str_has_prefix (lang, "vi"));
  return json_object_get_string_member (c, vi ? "name_vi" : "name_en");
}

int
ioc_models_category_deadline_hours (IocModels  *self,
                                    const char *code)
{
  JsonObject *c = code != NULL ? g_hash_table_lookup (self->categories, code) : NULL;

  return c != NULL ? (int) json_object_get_int_member_with_default (c, "deadline_hours", 0) : 0;
}

gboolean
ioc_models_unit_location (IocModels  *self,
                          const char *unit_id,
                          double     *lat,
                          double     *lon)
{
  const double *p = unit_id != NULL ? g_hash_table_lookup (self->unit_places, unit_id) : NULL;

  if (p == NULL)
    return FALSE;
  *lat = p[0];
  *lon = p[1];
  return TRUE;
}

JsonArray *
ioc_models_get_boundaries (IocModels *self)
{
  return self->boundaries;
}

/* "UBND huyện Krông Pắc" → "krông pắc": the name a pre-2025 district shares
 * with the commune that kept its seat. */
static char *
bare_name (const char *name)
{
  static const char *const prefixes[] = { "ubnd ", "huyện ", "thị xã ", "thành phố ", "phường ", "xã ", NULL };
  g_autofree char *n = g_utf8_normalize (name, -1, G_NORMALIZE_NFC);
  g_autofree char *low = g_utf8_strdown (n, -1);
  const char *p = low;
  gboolean again = TRUE;

  while (again)
    {
      again = FALSE;
      for (guint i = 0; prefixes[i] != NULL; i++)
        if (g_str_has_prefix (p, prefixes[i]))
          {
            p += strlen (prefixes[i]);
            again = TRUE;
          }
    }
  return g_strdup (p);
}

/* Places of units: their own centroid, or for a unit without one (the old
 * districts) the centroid of today's ward or commune of the same name. */
static void
index_places (IocModels *self,
              JsonArray *items)
{
  g_autoptr(GHashTable) by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_hash_table_remove_all (self->unit_places);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *u = json_array_get_object_element (items, i);
      JsonNode *lat = json_object_get_member (u, "lat"), *lon = json_object_get_member (u, "lon");
      double *p;

      if (lat == NULL || lon == NULL || JSON_NODE_HOLDS_NULL (lat) || JSON_NODE_HOLDS_NULL (lon))
        continue;
      p = g_new (double, 2);
      p[0] = json_node_get_double (lat);
      p[1] = json_node_get_double (lon);
      g_hash_table_replace (self->unit_places, g_strdup (json_object_get_string_member (u, "id")), p);
      if (json_object_get_member (u, "valid_from") != NULL &&
          g_strcmp0 (json_object_get_string_member_with_default (u, "valid_from", NULL), "2025-07-01") >= 0)
        g_hash_table_replace (by_name, bare_name (json_object_get_string_member_with_default (u, "name", "")), p);
    }
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *u = json_array_get_object_element (items, i);
      const char *id = json_object_get_string_member (u, "id");
      g_autofree char *bare = NULL;
      const double *p;

      if (g_hash_table_contains (self->unit_places, id) ||
          g_strcmp0 (json_object_get_string_member_with_default (u, "kind", NULL), "district") != 0)
        continue;
      bare = bare_name (json_object_get_string_member_with_default (u, "name", ""));
      if ((p = g_hash_table_lookup (by_name, bare)) != NULL)
        g_hash_table_replace (self->unit_places, g_strdup (id), g_memdup2 (p, 2 * sizeof (double)));
    }
}

/* ---- loading ---------------------------------------------------------- */

typedef enum {
  L_REPORTS, L_CAMERAS, L_ALERTS, L_TICKETS, L_SOURCES, L_UNITS, L_ALL_UNITS, L_STATS, L_CATEGORIES,
  L_BOUNDARIES, L_CAMERA_EVENTS,
} Part;

/* One collection's load. Lists are read in pages of PAGE rows (the API's
 * largest limit): the first page tells how many rows there are, then the
 * other pages are asked for at once (libsoup keeps a few connections and
 * parses them in worker threads), and the list is replaced once, whole:
 * 100,000 reports take 21 pages. */
#define PAGE 5000

typedef struct {
  IocModels *self;
  Part       part;
  gboolean   standalone;   /* a refresh, not part of a full load */
  char      *path;         /* without limit= and offset=; NULL: one request */
  GPtrArray *pages;        /* JsonArray by page number (NULL until it came) */
  guint      outstanding;  /* requests not answered yet */
  GError    *error;        /* the first failure */
} PartData;

typedef struct {
  PartData *pd;
  guint     index;
} PageRequest;

static void
array_unref0 (gpointer array)
{
  if (array != NULL)
    json_array_unref (array);
}

static void
part_data_free (PartData *pd)
{
  g_free (pd->path);
  g_clear_pointer (&pd->pages, g_ptr_array_unref);
  g_clear_error (&pd->error);
  g_free (pd);
}

static void request_page (PartData *pd, guint index, guint offset);
static void on_part (GObject *source, GAsyncResult *result, gpointer user_data);

/* A request of a part that is not paged (a list with its own limit, a
 * route without pages). */
static void
request_whole (IocModels  *self,
               Part        part,
               const char *path,
               gboolean    standalone)
{
  PartData *pd = g_new0 (PartData, 1);
  PageRequest *pr = g_new0 (PageRequest, 1);

  pd->self = self;
  pd->part = part;
  pd->standalone = standalone;
  pd->outstanding = 1;
  if (!standalone)
    self->pending++;
  pr->pd = pd;
  ioc_client_request_async (self->client, "GET", path, NULL, self->cancellable, on_part, pr);
}

static void finish_part (IocModels *self);

static void
on_part (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  PageRequest *pr = user_data;
  PartData *pd = pr->pd;
  guint index = pr->index;
  IocModels *self = pd->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ioc_client_request_finish (IOC_CLIENT (source), result, &error);
  Part part = pd->part;
  gboolean standalone = pd->standalone;
  g_autoptr(JsonArray) items = NULL;
  g_autoptr(GPtrArray) pages = NULL;

  g_free (pr);
  pd->outstanding--;
  if (answer == NULL && pd->error == NULL)
    pd->error = g_steal_pointer (&error);
  if (answer != NULL)
    {
      JsonObject *o = json_node_get_object (answer);
      JsonArray *page = json_object_get_array_member (o, "items");
      gint64 total = json_object_get_int_member_with_default (o, "total", 0);
      guint n = page != NULL ? json_array_get_length (page) : 0;

      if (pd->pages == NULL)
        pd->pages = g_ptr_array_new_with_free_func (array_unref0);
      if (index == 0 && pd->path != NULL && n > 0 && n < total)
        {
          /* The other pages, all at once. */
          guint n_pages = (guint) ((total + n - 1) / n);
          for (guint i = 1; i < n_pages; i++)
            request_page (pd, i, i * n);
        }
      if (pd->pages->len <= index)
        g_ptr_array_set_size (pd->pages, index + 1);
      if (page != NULL)
        pd->pages->pdata[index] = json_array_ref (page);
    }
  if (pd->outstanding > 0)
    return;   /* the other pages are on their way */

  if (pd->error != NULL)
    {
      g_autoptr(GError) failure = g_steal_pointer (&pd->error);

      part_data_free (pd);
      if (g_error_matches (failure, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (standalone)
        {
          g_debug ("refreshing: %s", failure->message);
          return;
        }
      if (!self->failed)
        {
          self->failed = TRUE;
          g_signal_emit (self, signals[SIGNAL_LOAD_FAILED], 0, failure->message);
        }
      finish_part (self);
      return;
    }
  pages = g_steal_pointer (&pd->pages);
  part_data_free (pd);
  for (guint p = pages->len; p > 0; p--)
    if (g_ptr_array_index (pages, p - 1) == NULL)
      g_ptr_array_remove_index (pages, p - 1);
  if (pages->len == 0)
    items = json_array_new ();
  else if (pages->len == 1)
    items = json_array_ref (g_ptr_array_index (pages, 0));
  else if (part != L_REPORTS && part != L_CAMERAS)
    {
      /* Small lists: one array. The big ones go to their list page by
       * page, without copying a row. */
      items = json_array_new ();
      for (guint p = 0; p < pages->len; p++)
        for (guint i = 0; i < json_array_get_length (g_ptr_array_index (pages, p)); i++)
          json_array_add_element (items, json_node_copy (json_array_get_element (g_ptr_array_index (pages, p), i)));
    }
  switch (part)
    {
    case L_REPORTS: ioc_record_list_replace_pages (self->reports, pages); break;
    case L_CAMERAS: ioc_record_list_replace_pages (self->cameras, pages); break;
    case L_ALERTS:
      {
        /* Newest first from the API; kept oldest first, as live alerts are
         * appended and trimmed from the front. */
        g_autoptr(JsonArray) oldest_first = json_array_sized_new (json_array_get_length (items));
        for (guint i = json_array_get_length (items); i > 0; i--)
          json_array_add_element (oldest_first, json_node_copy (json_array_get_element (items, i - 1)));
        ioc_record_list_replace (self->alerts, oldest_first);
      }
      break;
    case L_TICKETS: ioc_record_list_replace (self->tickets, items); break;
    case L_SOURCES:
      {
        /* Sources are keyed by name, not id. */
        g_autoptr(JsonArray) keyed = json_array_new ();
        for (guint i = 0; i < json_array_get_length (items); i++)
          {
            JsonObject *o = json_object_ref (json_array_get_object_element (items, i));
            json_object_set_string_member (o, "id", json_object_get_string_member (o, "name"));
            json_array_add_object_element (keyed, o);
          }
        ioc_record_list_replace (self->sources, keyed);
      }
      break;
    case L_UNITS: ioc_record_list_replace (self->units, items); break;
    case L_CAMERA_EVENTS:
      {
        /* Oldest first, as the stream appends them. */
        g_autoptr(JsonArray) oldest_first = json_array_new ();
        for (guint i = json_array_get_length (items); i > 0; i--)
          json_array_add_element (oldest_first, json_node_copy (json_array_get_element (items, i - 1)));
        ioc_record_list_replace (self->camera_events, oldest_first);
      }
      break;
    case L_ALL_UNITS:
      index_places (self, items);
      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonObject *u = json_array_get_object_element (items, i);
          const char *full = json_object_get_string_member_with_default (u, "full_name", NULL);
          g_hash_table_replace (self->unit_names, g_strdup (json_object_get_string_member (u, "id")),
                                g_strdup (full != NULL ? full : json_object_get_string_member (u, "name")));
        }
      break;
    case L_STATS:
      g_clear_pointer (&self->dossier_stats, json_array_unref);
      self->dossier_stats = json_array_ref (items);
      break;
    case L_CATEGORIES:
      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonObject *c = json_array_get_object_element (items, i);
          g_hash_table_replace (self->categories, g_strdup (json_object_get_string_member (c, "code")),
                                json_object_ref (c));
        }
      break;
    case L_BOUNDARIES:
      g_clear_pointer (&self->boundaries, json_array_unref);
      self->boundaries = json_array_ref (items);
      g_signal_emit (self, signals[SIGNAL_CHANGED], 0, "boundaries");
      return;
    default:
      break;
    }
  if (standalone)
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0, part == L_STATS ? "dossier-stats" : "sources");
  else
    finish_part (self);
}

static void
finish_part (IocModels *self)
{
  if (--self->pending > 0)
    return;
  if (self->failed)
    return;
  self->loaded = TRUE;
  /* Boundaries (about a megabyte) come after the walls are up, once. */
  if (self->boundaries == NULL)
    {
      g_autoptr(GDateTime) now = ioc_province_now ();
      g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
      g_autofree char *path = g_strdup_printf ("/api/v1/units?kind=ward,commune&valid_on=%s&include=detail&limit=1000", today);

      request_whole (self, L_BOUNDARIES, path, TRUE);
    }
  if (ioc_client_get_state (self->client) == IOC_CLIENT_OFFLINE)
    ioc_client_start_stream (self->client, self->since);
  g_signal_emit (self, signals[SIGNAL_LOADED], 0);
}

static void
request_page (PartData *pd,
              guint     index,
              guint     offset)
{
  g_autofree char *path = g_strdup_printf ("%s%climit=%u&offset=%u", pd->path,
                                           strchr (pd->path, '?') != NULL ? '&' : '?', PAGE, offset);
  PageRequest *pr = g_new0 (PageRequest, 1);

  pr->pd = pd;
  pr->index = index;
  pd->outstanding++;
  ioc_client_request_async (pd->self->client, "GET", path, NULL, pd->self->cancellable, on_part, pr);
}

/* @path is a list without limit= and offset=: it is read page by page. */
static void
start_part (IocModels  *self,
            Part        part,
            const char *path,
            gboolean    standalone)
{
  PartData *pd = g_new0 (PartData, 1);

  pd->self = self;
  pd->part = part;
  pd->standalone = standalone;
  pd->path = g_strdup (path);
  if (!standalone)
    self->pending++;
  request_page (pd, 0, 0);
}

static void
request_part (IocModels  *self,
              Part        part,
              const char *path)
{
  start_part (self, part, path, FALSE);
}

static void
on_health (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  IocModels *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ioc_client_request_finish (IOC_CLIENT (source), result, &error);
  g_autoptr(GDateTime) now = ioc_province_now ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *units_path = g_strdup_printf ("/api/v1/units?valid_on=%s", today);

  if (answer == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_signal_emit (self, signals[SIGNAL_LOAD_FAILED], 0, error->message);
      return;
    }
  /* Read the log position first: events after it are replayed by the
   * stream, so nothing that happens while the lists load is missed. */
  self->since = json_object_get_int_member (json_node_get_object (answer), "last_seq");
  self->pending = 1;
  request_part (self, L_REPORTS, "/api/v1/reports?sort=id");
  request_part (self, L_CAMERAS, "/api/v1/cameras?sort=id");
  /* The live alert list keeps the newest MAX_ALERTS; older ones are in
   * the SOC platform and the API. */
  {
    g_autofree char *alerts = g_strdup_printf ("/api/v1/alerts?sort=-last_seen&limit=%u", IOC_MODELS_MAX_ALERTS);
    request_whole (self, L_ALERTS, alerts, FALSE);
  }
  request_part (self, L_TICKETS, "/api/v1/warning-tickets?sort=id");
  request_part (self, L_SOURCES, "/api/v1/sources");
  request_part (self, L_UNITS, units_path);
  request_part (self, L_ALL_UNITS, "/api/v1/units");
  request_part (self, L_STATS, STATS_PATH);
  request_whole (self, L_CATEGORIES, "/api/v1/reports/categories", FALSE);
  request_whole (self, L_CAMERA_EVENTS, "/api/v1/camera-events?limit=200&sort=-time", FALSE);
  finish_part (self);
}

void
ioc_models_load (IocModels *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loaded = FALSE;
  self->failed = FALSE;
  if (self->streams != NULL)
    g_hash_table_remove_all (self->streams);
  ioc_client_request_async (self->client, "GET", "/healthz", NULL, self->cancellable, on_health, self);
}

/* ---- the stream addresses of cameras with an account ------------------- */

/* A camera with rtsp_auth true is listed without its account; its full
 * URIs come from GET /api/v1/cameras/{id}/stream (logged by iocd with who
 * asked) when a view is about to play it, and are kept in memory only,
 * for as long as the listed addresses stay the same. */
typedef struct {
  char    *listed_main, *listed_sub;   /* the record's, when asked */
  char    *main, *sub;                 /* with the account; NULL until answered */
  guint    serial;                     /* of the request it waits for */
} StreamUris;

static void
stream_uris_free (gpointer data)
{
  StreamUris *s = data;
  g_free (s->listed_main);
  g_free (s->listed_sub);
  g_free (s->main);
  g_free (s->sub);
  g_free (s);
}

typedef struct {
  IocModels *self;
  char      *camera_id;
  guint      serial;
} StreamRequest;

static void
on_stream (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  StreamRequest *sr = user_data;
  g_autoptr(IocModels) self = sr->self;
  g_autofree char *camera_id = sr->camera_id;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ioc_client_request_finish (IOC_CLIENT (source), result, &error);
  guint serial = sr->serial;
  StreamUris *s;

  g_free (sr);
  /* An answer to a request made before a reload or an address change
   * belongs to no entry. */
  if (self->streams == NULL || (s = g_hash_table_lookup (self->streams, camera_id)) == NULL ||
      s->serial != serial)
    return;
  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_hash_table_remove (self->streams, camera_id);
          return;
        }
      /* The view plays the listed address and shows the camera's refusal
       * (401) like any other failure; asked again when the listed address
       * changes or the lists are loaded again (sign-in, resync). */
      g_warning ("Stream addresses of camera %s: %s", camera_id, error != NULL ? error->message : "not an object");
      s->main = g_strdup (s->listed_main);
      s->sub = g_strdup (s->listed_sub);
    }
  else
    {
      JsonObject *o = json_node_get_object (answer);
      s->main = g_strdup (json_object_get_string_member_with_default (o, "main", NULL));
      s->sub = g_strdup (json_object_get_string_member_with_default (o, "sub", NULL));
    }
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0, "cameras");
}

void
ioc_models_camera_uris (IocModels   *self,
                        IocRecord   *camera,
                        const char **main_uri,
                        const char **sub_uri)
{
  const char *id = ioc_record_get_id (camera);
  const char *listed_main = ioc_record_get_string (camera, "rtsp_main");
  const char *listed_sub = ioc_record_get_string (camera, "rtsp_sub");
  JsonObject *data = ioc_record_get_data (camera);
  StreamUris *s;

  *main_uri = listed_main;
  *sub_uri = listed_sub;
  if (!json_object_get_boolean_member_with_default (data, "rtsp_auth", FALSE) || id == NULL)
    return;
  if (self->streams == NULL)
    self->streams = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, stream_uris_free);
  s = g_hash_table_lookup (self->streams, id);
  if (s != NULL && (g_strcmp0 (s->listed_main, listed_main) != 0 || g_strcmp0 (s->listed_sub, listed_sub) != 0))
    {
      /* Moved to another address: ask again (an answer on its way for
       * the old one is ignored by its serial). */
      g_hash_table_remove (self->streams, id);
      s = NULL;
    }
  if (s == NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *escaped = g_uri_escape_string (id, NULL, FALSE);
      StreamRequest *sr = g_new0 (StreamRequest, 1);

      s = g_new0 (StreamUris, 1);
      s->listed_main = g_strdup (listed_main);
      s->listed_sub = g_strdup (listed_sub);
      s->serial = ++self->stream_serial;
      g_hash_table_insert (self->streams, g_strdup (id), s);
      path = g_strdup_printf ("/api/v1/cameras/%s/stream", escaped);
      sr->self = g_object_ref (self);
      sr->camera_id = g_strdup (id);
      sr->serial = s->serial;
      ioc_client_request_async (self->client, "GET", path, NULL, self->cancellable, on_stream, sr);
    }
  *main_uri = s->main;
  *sub_uri = s->sub;
}

/* ---- live events ------------------------------------------------------ */

/* source.updated/stale/fresh carry {source, last_update (Unix time),
 * stale}: merged into the source's row in place, no reload. */
static void
apply_source_event (IocModels  *self,
                    JsonObject *data)
{
  const char *name = json_object_get_string_member_with_default (data, "source", NULL);
  IocRecord *old;
  g_autoptr(JsonObject) row = json_object_new ();
  JsonNode *when = json_object_get_member (data, "last_update");

  if (name == NULL)
    return;
  old = ioc_record_list_lookup (self->sources, name);
  if (old != NULL)
    {
      JsonObjectIter iter;
      const char *member;
      JsonNode *node;
      json_object_iter_init (&iter, ioc_record_get_data (old));
      while (json_object_iter_next (&iter, &member, &node))
        json_object_set_member (row, member, json_node_copy (node));
    }
  json_object_set_string_member (row, "id", name);
  json_object_set_string_member (row, "name", name);
  if (when != NULL && JSON_NODE_HOLDS_VALUE (when) && json_node_get_value_type (when) == G_TYPE_INT64)
    {
      g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc (json_node_get_int (when));
      g_autofree char *iso = t != NULL ? g_date_time_format_iso8601 (t) : NULL;
      if (iso != NULL)
        json_object_set_string_member (row, "last_update", iso);
    }
  else if (when != NULL)
    json_object_set_member (row, "last_update", json_node_copy (when));
  json_object_set_boolean_member (row, "stale", json_object_get_boolean_member_with_default (data, "stale", FALSE));
  if (json_object_has_member (data, "expected_interval"))
    json_object_set_int_member (row, "expected_interval", json_object_get_int_member (data, "expected_interval"));
  ioc_record_list_upsert (self->sources, row);
}

static void
on_event (IocClient  *client,
          const char *type,
          JsonObject *data,
          gpointer    user_data)
{
  IocModels *self = user_data;
  IocRecordList *list = NULL;
  const char *collection = NULL;

  if (g_str_has_prefix (type, "report."))
    list = self->reports, collection = "reports";
  else if (g_str_has_prefix (type, "alert."))
    list = self->alerts, collection = "alerts";
  else if (g_str_has_prefix (type, "camera-event."))
    list = self->camera_events, collection = "camera-events";
  else if (g_str_has_prefix (type, "camera."))
    list = self->cameras, collection = "cameras";
  else if (g_str_has_prefix (type, "warning-ticket."))
    list = self->tickets, collection = "warning-tickets";
  else if (g_str_has_prefix (type, "source."))
    {
      apply_source_event (self, data);
      collection = "sources";
    }
  else if (g_str_has_prefix (type, "import."))
    {
      collection = "imports";
      /* New dossier figures may have come with it. */
      if (g_str_equal (type, "import.completed"))
        start_part (self, L_STATS, STATS_PATH, TRUE);
    }

  if (list != NULL && json_object_has_member (data, "id"))
    {
      ioc_record_list_upsert (list, data);
      if (list == self->alerts)
        ioc_record_list_trim (self->alerts, IOC_MODELS_MAX_ALERTS);
    }
  if (list == self->camera_events)
    ioc_record_list_trim (self->camera_events, 500);
  if (collection != NULL)
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0, collection);
}

static void
on_resync (IocClient *client,
           gpointer   user_data)
{
  IocModels *self = user_data;

  /* Too far behind: reload every collection; the stream goes on. */
  ioc_models_load (self);
}

IocModels *
ioc_models_new (IocClient *client)
{
  IocModels *self = g_object_new (IOC_TYPE_MODELS, NULL);

  self->client = g_object_ref (client);
  g_signal_connect (client, "event", G_CALLBACK (on_event), self);
  g_signal_connect (client, "resync", G_CALLBACK (on_resync), self);
  return self;
}
