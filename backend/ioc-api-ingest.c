/* ioc-api-ingest.c — SOC alerts in, as the sensors write them
 *
 *   POST /api/v1/ingest/eve     Suricata EVE, newline-delimited JSON
 *   POST /api/v1/ingest/wazuh   Wazuh alerts, newline-delimited JSON
 *
 * Rule for bad lines: a batch is one transaction, but a line that is not
 * valid JSON, or not an EVE/Wazuh record, is rejected on its own and
 * reported with its 1-based line number; the good lines of the batch are
 * kept. A body that is not UTF-8 is refused whole (400), nothing stored.
 *
 * Folding: an alert with the same source, signature, source address and
 * target (site or destination address) as an open alert last seen within
 * the fold window (10 minutes, on the alerts' own times) adds to that
 * alert's count and moves its last_seen, instead of adding a row — the SOC
 * wall shows one line per ongoing attack, not thousands. The open groups
 * are kept in memory (ioc-soc-ingest.c): after a restart, the groups of the
 * last 10 minutes go on; older ones replayed from a file start new rows.
 *
 *   POST /api/v1/ingest/camera-events   one camera AI event, or an array of
 *        them: the generic form or Frigate's (see ioc-camevents.h). The
 *        whole body is one transaction: an event that does not parse, or
 *        names a camera the IOC does not know (422 naming camera_id), stores
 *        nothing. Answers { created, updated }.
 *
 * Credential: the connectors call with an admin token for now; a dedicated
 * connector role is future work.
 */
#define G_LOG_DOMAIN "iocd"

#include "ioc-api-actions.h"
#include "ioc-connector.h"
#include "ioc-json.h"
#include "ioc-server-private.h"
#include "ioc-camevents.h"
#include "ioc-soc-ingest.h"
#include "ioc-tail.h"

#include <string.h>


static gboolean
ingest (IocRequest  *req,
        GError     **error)
{
  SoupMessageBody *body = soup_server_message_get_request_body (req->msg);
  g_autoptr(JsonObject) out = json_object_new ();
  IocSocIngestResult r;

  if (body->length == 0)
    {
      ioc_api_set_error (error, IOC_API_ERROR_BAD_REQUEST, NULL, "the body is empty: send newline-delimited JSON");
      return FALSE;
    }
  if (!g_utf8_validate_len (body->data, body->length, NULL))
    {
      ioc_api_set_error (error, IOC_API_ERROR_BAD_REQUEST, NULL, "the body is not valid UTF-8: nothing was stored");
      return FALSE;
    }

  ioc_soc_ingest_result_init (&r);
  if (!ioc_soc_ingest (req->store, body->data, body->length, IOC_SOC_FOLD_WINDOW_S, &r, error) ||
      (r.accepted + r.folded > 0 && !ioc_server_touch_source (req->server, "soc", error)))
    {
      ioc_soc_ingest_result_clear (&r);
      ioc_api_error_from_store (error);
      return FALSE;
    }

  json_object_set_int_member (out, "read", r.read);
  json_object_set_int_member (out, "accepted", r.accepted);
  json_object_set_int_member (out, "folded", r.folded);
  json_object_set_int_member (out, "skipped", r.skipped);
  json_object_set_int_member (out, "rejected_count", r.n_rejected);
  json_object_set_array_member (out, "rejected", g_steal_pointer (&r.rejected));
  ioc_soc_ingest_result_clear (&r);
  if (!ioc_request_audit (req, "alerts", NULL, NULL, NULL, error))
    return FALSE;
  ioc_request_set_object (req, 200, g_steal_pointer (&out));
  return TRUE;
}

/* The stored row of Frigate's track (source, external_id), or NULL. */
static JsonObject *
find_camera_event (IocStore   *store,
                   const char *source,
                   const char *external_id)
{
  g_autoptr(IocQuery) q = ioc_query_new ();
  g_autoptr(JsonArray) found = NULL;

  ioc_query_add_filter (q, "source", IOC_FILTER_EQ, source);
  ioc_query_add_filter (q, "external_id", IOC_FILTER_EQ, external_id);
  q->limit = 1;
  found = ioc_store_list (store, &ioc_entity_camera_events, q, NULL, NULL);
  if (found == NULL || json_array_get_length (found) == 0)
    return NULL;
  return json_object_ref (json_array_get_object_element (found, 0));
}

static gboolean
store_camera_event (IocRequest  *req,
                    JsonObject  *o,
                    guint        index,
                    gboolean     many,
                    guint       *created,
                    guint       *updated,
                    GError     **error)
{
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonObject) camera = NULL;
  g_autoptr(JsonObject) existing = NULL;
  g_autoptr(JsonObject) stored = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *id = NULL;
  g_autofree char *where = many ? g_strdup_printf ("event %u: ", index + 1) : g_strdup ("");
  IocCamEventAction action;
  const char *external_id, *camera_id;

  if (!ioc_camevent_parse_object (o, &row, &action, &local))
    {
      ioc_api_set_error (error, IOC_API_ERROR_INVALID, NULL, "%s%s", where, local->message);
      return FALSE;
    }
  camera_id = json_object_get_string_member (row, "camera_id");
  camera = ioc_store_get (req->store, &ioc_entity_cameras, camera_id, FALSE, &local);
  if (camera == NULL)
    {
      if (!g_error_matches (local, IOC_STORE_ERROR, IOC_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          ioc_api_error_from_store (error);
          return FALSE;
        }
      ioc_api_set_error (error, IOC_API_ERROR_INVALID, "camera_id", "%sunknown camera_id \"%s\"", where, camera_id);
      return FALSE;
    }

  external_id = json_object_get_string_member_with_default (row, "external_id", NULL);
  if (external_id != NULL)
    existing = find_camera_event (req->store, json_object_get_string_member (row, "source"), external_id);
  if (existing != NULL)
    {
      id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (existing, "id"));
      /* An update does not move the start of the track. */
      json_object_remove_member (row, "time");
      if (!ioc_store_update (req->store, &ioc_entity_camera_events, id, row, error))
        goto store_error;
      (*updated)++;
    }
  else
    {
      if (!ioc_store_insert (req->store, &ioc_entity_camera_events, row, &id, error))
        goto store_error;
      (*created)++;
    }
  stored = ioc_store_get (req->store, &ioc_entity_camera_events, id, FALSE, error);
  if (stored == NULL)
    goto store_error;
  return ioc_api_emit (req, existing != NULL ? "camera-event.updated" : "camera-event.created", stored, error);

store_error:
  ioc_api_error_from_store (error);
  return FALSE;
}

static gboolean
ingest_camera_events (IocRequest  *req,
                      GError     **error)
{
  JsonNode *body = req->body;
  g_autoptr(JsonObject) out = json_object_new ();
  guint created = 0, updated = 0;

  if (body != NULL && JSON_NODE_HOLDS_OBJECT (body))
    {
      if (!store_camera_event (req, json_node_get_object (body), 0, FALSE, &created, &updated, error))
        return FALSE;
    }
  else if (body != NULL && JSON_NODE_HOLDS_ARRAY (body))
    {
      JsonArray *a = json_node_get_array (body);
      for (guint i = 0; i < json_array_get_length (a); i++)
        {
          JsonNode *n = json_array_get_element (a, i);
          if (!JSON_NODE_HOLDS_OBJECT (n))
            {
              ioc_api_set_error (error, IOC_API_ERROR_BAD_REQUEST, NULL, "event %u: not a JSON object", i + 1);
              return FALSE;
            }
          if (!store_camera_event (req, json_node_get_object (n), i, TRUE, &created, &updated, error))
            return FALSE;
        }
    }
  else
    {
      ioc_api_set_error (error, IOC_API_ERROR_BAD_REQUEST, NULL, "send one camera event object or an array of them");
      return FALSE;
    }

  if (created + updated > 0 && !ioc_server_touch_source (req->server, "cameras-ai", error))
    return FALSE;
  json_object_set_int_member (out, "created", created);
  json_object_set_int_member (out, "updated", updated);
  if (!ioc_request_audit (req, "camera_events", NULL, NULL, NULL, error))
    return FALSE;
  ioc_request_set_object (req, 200, g_steal_pointer (&out));
  return TRUE;
}

static const IocRoute soc_routes[] = {
  { "POST", "/api/v1/ingest/eve", IOC_ROLE_ADMIN, IOC_ROUTE_MUTATES | IOC_ROUTE_RAW_BODY, ingest, "alert.ingest" },
  { "POST", "/api/v1/ingest/wazuh", IOC_ROLE_ADMIN, IOC_ROUTE_MUTATES | IOC_ROUTE_RAW_BODY, ingest, "alert.ingest" },
};

static const IocRoute camera_ai_routes[] = {
  { "POST", "/api/v1/ingest/camera-events", IOC_ROLE_ADMIN, IOC_ROUTE_MUTATES, ingest_camera_events, "camera-event.ingest" },
};

static gpointer
soc_start (IocServer  *server,
           GError    **error)
{
  IocConfig *config = ioc_server_get_config (server);

  ioc_server_add_routes (server, soc_routes, G_N_ELEMENTS (soc_routes));
  if (config != NULL && config->eve_file != NULL && *config->eve_file != '\0')
    return ioc_tail_new (server, config->eve_file);
  return NULL;
}

static void
soc_stop (gpointer state)
{
  ioc_tail_free (state);
}

/* SOC alerts: Suricata EVE and Wazuh, posted in batches or tailed from a
 * file. Sensors write all the time: an hour of silence is worth a look. */
const IocConnector ioc_connector_soc = {
  "soc", "SOC alerts (Suricata EVE, Wazuh)", 3600, soc_start, soc_stop,
};

static gpointer
camera_ai_start (IocServer  *server,
                 GError    **error)
{
  ioc_server_add_routes (server, camera_ai_routes, G_N_ELEMENTS (camera_ai_routes));
  return NULL;
}

/* AI camera events arrive only when something happens: never stale. */
const IocConnector ioc_connector_camera_ai = {
  "cameras-ai", "AI camera events (generic webhook, Frigate)", 0, camera_ai_start, NULL,
};
