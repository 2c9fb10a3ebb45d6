/* ioc-connectors.c — the table of connectors, their life, and freshness
 *
 * See ioc-connector.h. To add a connector, declare its `const IocConnector`
 * below and put it in the table.
 */
#define G_LOG_DOMAIN "iocd"

#include "config.h"

#include "ioc-connector.h"
#include "ioc-json.h"
#include "ioc-server-private.h"

/* ioc-api-ingest.c */
extern const IocConnector ioc_connector_soc;
extern const IocConnector ioc_connector_camera_ai;
/* ioc-conn-open311.c */
extern const IocConnector ioc_connector_open311;
/* ioc-conn-cameras.c */
extern const IocConnector ioc_connector_cameras;
/* ioc-api-imports.c */
extern const IocConnector ioc_connector_dossiers;
extern const IocConnector ioc_connector_indicators;

static const IocConnector *const connectors[] = {
  &ioc_connector_soc,
  &ioc_connector_camera_ai,
  &ioc_connector_open311,
  &ioc_connector_cameras,
  &ioc_connector_dossiers,
  &ioc_connector_indicators,
  NULL
};

const IocConnector *const *
ioc_connectors (void)
{
  return connectors;
}

guint
ioc_connector_expected_interval (const IocConnector *connector,
                                 IocConfig          *config)
{
  gint64 n = connector->expected_interval_s;

  if (config != NULL &&
      !ioc_config_group_int (config, connector->name, "expected-interval",
                             connector->expected_interval_s, 0, G_MAXINT32, &n, NULL))
    n = connector->expected_interval_s;   /* checked at start */
  return (guint) n;
}

typedef struct {
  const IocConnector *connector;
  gpointer            state;
} Running;

static void
running_free (gpointer data)
{
  Running *r = data;

  if (r->connector->stop != NULL && r->state != NULL)
    r->connector->stop (r->state);
  g_free (r);
}

/* One row per connector in `sources`, with its title and interval; the
 * freshness already recorded is kept. */
static gboolean
register_sources (IocServer  *self,
                  GError    **error)
{
  IocStore *store = self->store;

  if (!ioc_store_begin (store, error))
    return FALSE;
  for (const IocConnector *const *c = connectors; *c != NULL; c++)
    {
      g_autoptr(JsonObject) existing = ioc_store_get (store, &ioc_entity_sources, (*c)->name, FALSE, NULL);
      g_autoptr(JsonObject) row = json_object_new ();
      gboolean ok;

      json_object_set_string_member (row, "detail", (*c)->title);
      json_object_set_int_member (row, "expected_interval", ioc_connector_expected_interval (*c, self->config));
      if (existing != NULL)
        ok = ioc_store_update (store, &ioc_entity_sources, (*c)->name, row, error);
      else
        {
          json_object_set_string_member (row, "name", (*c)->name);
          json_object_set_boolean_member (row, "stale", FALSE);
          ok = ioc_store_insert (store, &ioc_entity_sources, row, NULL, error);
        }
      if (!ok)
        {
          ioc_store_rollback (store);
          return FALSE;
        }
    }
  return ioc_store_commit (store, error);
}

gboolean
ioc_server_start_connectors (IocServer  *self,
                             GError    **error)
{
  self->connectors = g_ptr_array_new_with_free_func (running_free);
  for (const IocConnector *const *c = connectors; *c != NULL; c++)
    {
      gint64 n;
      Running *r;

      if (!ioc_config_group_int (self->config, (*c)->name, "expected-interval",
                                 (*c)->expected_interval_s, 0, G_MAXINT32, &n, error))
        return FALSE;
      r = g_new0 (Running, 1);
      r->connector = *c;
      if ((*c)->start != NULL)
        {
          g_autoptr(GError) local = NULL;
          r->state = (*c)->start (self, &local);
          if (local != NULL)
            {
              g_free (r);
              g_propagate_prefixed_error (error, g_steal_pointer (&local), "connector %s: ", (*c)->name);
              return FALSE;
            }
        }
      g_ptr_array_add (self->connectors, r);
    }
  return register_sources (self, error);
}

void
ioc_server_stop_connectors (IocServer *self)
{
  if (self->connectors == NULL)
    return;
  /* In reverse order of start. */
  while (self->connectors->len > 0)
    g_ptr_array_remove_index (self->connectors, self->connectors->len - 1);
  g_clear_pointer (&self->connectors, g_ptr_array_unref);
}

gint64
ioc_server_check_freshness (IocServer *self,
                            gint64     now)
{
  IocStore *store = self->store;
  g_autoptr(GError) error = NULL;
  gint64 n = 0;

  if (!ioc_store_begin (store, &error))
    goto failed;
  for (const IocConnector *const *c = connectors; *c != NULL; c++)
    {
      guint interval = ioc_connector_expected_interval (*c, self->config);
      g_autoptr(JsonObject) row = NULL;
      g_autoptr(JsonObject) changes = NULL;
      g_autoptr(JsonNode) data = NULL;
      JsonObject *o;
      gint64 last;

      if (interval == 0)
        continue;
      row = ioc_store_get (store, &ioc_entity_sources, (*c)->name, FALSE, NULL);
      /* A source that never reported has nothing to be stale about: the
       * walls say "no data yet". */
      if (row == NULL || !json_object_has_member (row, "last_update") ||
          json_object_get_null_member (row, "last_update") ||
          json_object_get_boolean_member_with_default (row, "stale", FALSE))
        continue;
      if (!ioc_time_parse (json_object_get_string_member (row, "last_update"), NULL, &last) ||
          now - last <= interval)
        continue;

      changes = json_object_new ();
      json_object_set_boolean_member (changes, "stale", TRUE);
      if (!ioc_store_update (store, &ioc_entity_sources, (*c)->name, changes, &error))
        goto rollback;
      data = json_node_new (JSON_NODE_OBJECT);
      o = json_object_new ();
      json_object_set_string_member (o, "source", (*c)->name);
      json_object_set_int_member (o, "last_update", last);
      json_object_set_int_member (o, "expected_interval", interval);
      json_object_set_boolean_member (o, "stale", TRUE);
      json_node_take_object (data, o);
      if (ioc_store_append_event (store, "source.stale", data, &error) == 0)
        goto rollback;
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING,
                        "MESSAGE", "source %s is stale: silent for %" G_GINT64_FORMAT " s (expected every %u s)",
                        (*c)->name, now - last, interval,
                        "IOCD_SOURCE", (*c)->name);
      n++;
    }
  if (!ioc_store_commit (store, &error))
    goto failed;
  return n;

rollback:
  ioc_store_rollback (store);
failed:
  g_warning ("checking the freshness of sources: %s", error->message);
  return -1;
}
