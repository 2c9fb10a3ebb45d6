/* ioc-models.c — see ioc-models.h */
#include "config.h"

#include "ioc-models.h"

#include <glib/gi18n.h>
#include <string.h>

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

typedef struct {
  IocModels *self;
  Part       part;
  gboolean   standalone;   /* a refresh, not part of a full load */
} PartData;

static void finish_part (IocModels *self);

static void
on_part (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  PartData *pd = user_data;
  IocModels *self = pd->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ioc_client_request_finish (IOC_CLIENT (source), result, &error);
  Part part = pd->part;
  gboolean standalone = pd->standalone;
  JsonArray *items;

  g_free (pd);
  if (answer == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (standalone)
        return;
      if (!self->failed)
        {
          self->failed = TRUE;
          g_signal_emit (self, signals[SIGNAL_LOAD_FAILED], 0, error->message);
        }
      finish_part (self);
      return;
    }
  items = json_object_get_array_member (json_node_get_object (answer), "items");
  switch (part)
    {
    case L_REPORTS: ioc_record_list_replace (self->reports, items); break;
    case L_CAMERAS: ioc_record_list_replace (self->cameras, items); break;
    case L_ALERTS: ioc_record_list_replace (self->alerts, items); break;
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
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0, "sources");
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
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
      g_autofree char *path = g_strdup_printf ("/api/v1/units?kind=ward,commune&valid_on=%s&include=detail&limit=1000", today);
      PartData *pd = g_new0 (PartData, 1);

      pd->self = self;
      pd->part = L_BOUNDARIES;
      pd->standalone = TRUE;
      ioc_client_request_async (self->client, "GET", path, NULL, self->cancellable, on_part, pd);
    }
  if (ioc_client_get_state (self->client) == IOC_CLIENT_OFFLINE)
    ioc_client_start_stream (self->client, self->since);
  g_signal_emit (self, signals[SIGNAL_LOADED], 0);
}

static void
request_part (IocModels  *self,
              Part        part,
              const char *path)
{
  PartData *pd = g_new0 (PartData, 1);

  pd->self = self;
  pd->part = part;
  self->pending++;
  ioc_client_request_async (self->client, "GET", path, NULL, self->cancellable, on_part, pd);
}

static void
on_health (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  IocModels *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ioc_client_request_finish (IOC_CLIENT (source), result, &error);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *units_path = g_strdup_printf ("/api/v1/units?valid_on=%s&limit=5000", today);

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
  request_part (self, L_REPORTS, "/api/v1/reports?limit=5000&sort=-received_at");
  request_part (self, L_CAMERAS, "/api/v1/cameras?limit=5000");
  request_part (self, L_ALERTS, "/api/v1/alerts?limit=2000&sort=-last_seen");
  request_part (self, L_TICKETS, "/api/v1/warning-tickets?limit=1000");
  request_part (self, L_SOURCES, "/api/v1/sources?limit=100");
  request_part (self, L_UNITS, units_path);
  request_part (self, L_ALL_UNITS, "/api/v1/units?limit=5000");
  request_part (self, L_STATS, "/api/v1/dossier-stats?metric=overdue&limit=5000");
  request_part (self, L_CATEGORIES, "/api/v1/reports/categories");
  request_part (self, L_CAMERA_EVENTS, "/api/v1/camera-events?limit=200&sort=-time");
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
  ioc_client_request_async (self->client, "GET", "/healthz", NULL, self->cancellable, on_health, self);
}

/* ---- live events ------------------------------------------------------ */

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
      /* A freshness change: reload the few sources. */
      PartData *pd = g_new0 (PartData, 1);
      pd->self = self;
      pd->part = L_SOURCES;
      pd->standalone = TRUE;
      ioc_client_request_async (self->client, "GET", "/api/v1/sources?limit=100", NULL,
                                self->cancellable, on_part, pd);
    }
  else if (g_str_has_prefix (type, "import."))
    collection = "imports";

  if (list != NULL && json_object_has_member (data, "id"))
    ioc_record_list_upsert (list, data);
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
