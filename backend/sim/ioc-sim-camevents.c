/* ioc-sim-camevents.c — the cameras' AI: Frigate tracks and generic events
 *
 * For the cameras of the registry that have AI features (GET
 * /api/v1/cameras, ai_features), events arrive at POST
 * /api/v1/ingest/camera-events in both shapes iocd accepts:
 *  - Frigate's MQTT `frigate/events` payloads: a track starts (type new),
 *    is updated (a better score, a plate read) and ends (type end), with
 *    zones named as an operator would (den_do_* for the stop line of a red
 *    light, ket_xe_* for congestion, khu_vuc_cam_* for a restricted zone);
 *  - the generic form {camera_id, kind, time, label, confidence, plate,
 *    zones}, which is how a crowd count arrives.
 * Plates are Vietnamese (Đắk Lắk is 47: "47A-123.45").
 */
#include "ioc-sim.h"

#include <string.h>

typedef struct {
  char      *id;
  GPtrArray *features;   /* char* */
} Cam;

typedef struct {
  char    *id;           /* Frigate's "1701219277.370731-gsjiax" */
  char    *camera;
  char    *feature;
  char    *plate;
  double   start;
  double   score;
  guint    updates_left;
} Track;

typedef struct {
  GPtrArray *cameras;    /* Cam* with features */
  GPtrArray *tracks;     /* Track*: Frigate tracks still open */
} State;

static void
cam_free (gpointer data)
{
  Cam *c = data;

  g_free (c->id);
  g_ptr_array_unref (c->features);
  g_free (c);
}

static void
track_free (gpointer data)
{
  Track *t = data;

  g_free (t->id);
  g_free (t->camera);
  g_free (t->feature);
  g_free (t->plate);
  g_free (t);
}

static void
state_free (gpointer data)
{
  State *s = data;

  g_ptr_array_unref (s->cameras);
  g_ptr_array_unref (s->tracks);
  g_free (s);
}

static char *
plate (GRand *r)
{
  static const char letters[] = "ABCDEFGHKLMNPSTUVXYZ";
  static const char *const provinces[] = { "47", "47", "47", "47", "48", "49", "78", "81", "51", "29" };

  return g_strdup_printf ("%s%c-%03d.%02d", IOC_SIM_PICK (r, provinces),
                          letters[g_rand_int_range (r, 0, (gint32) strlen (letters))],
                          g_rand_int_range (r, 100, 1000), g_rand_int_range (r, 0, 100));
}

static gboolean
camevents_prepare (IocSim        *sim,
                   IocSimDriver  *d,
                   gboolean      *enabled,
                   GError       **error)
{
  g_autoptr(JsonNode) node = NULL;
  JsonArray *items;
  State *s;

  d->per_hour = sim->opt.camera_events_per_hour;
  if (d->per_hour <= 0)
    {
      *enabled = FALSE;
      return TRUE;
    }
  node = ioc_sim_get_json (sim, "/api/v1/cameras?limit=5000", error);
  if (node == NULL)
    return FALSE;
  s = g_new0 (State, 1);
  s->cameras = g_ptr_array_new_with_free_func (cam_free);
  s->tracks = g_ptr_array_new_with_free_func (track_free);
  d->state = s;
  d->state_free = state_free;
  items = json_object_get_array_member (json_node_get_object (node), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *c = json_array_get_object_element (items, i);
      JsonNode *ai = json_object_get_member (c, "ai_features");
      Cam *cam;

      if (ai == NULL || !JSON_NODE_HOLDS_ARRAY (ai) || json_array_get_length (json_node_get_array (ai)) == 0)
        continue;
      cam = g_new0 (Cam, 1);
      cam->id = g_strdup (json_object_get_string_member (c, "id"));
      cam->features = g_ptr_array_new_with_free_func (g_free);
      for (guint k = 0; k < json_array_get_length (json_node_get_array (ai)); k++)
        g_ptr_array_add (cam->features, g_strdup (json_array_get_string_element (json_node_get_array (ai), k)));
      g_ptr_array_add (s->cameras, cam);
    }
  if (s->cameras->len == 0)
    {
      ioc_sim_log (sim, "camera-events: no camera of the registry has AI features; none will be sent");
      *enabled = FALSE;
    }
  return TRUE;
}

static void
post_json (IocSim       *sim,
           IocSimDriver *d,
           JsonBuilder  *b)
{
  g_autoptr(JsonNode) root = json_builder_get_root (b);
  char *text = json_to_string (root, FALSE);
  g_autoptr(GBytes) body = g_bytes_new_take (text, strlen (text));

  ioc_sim_post (sim, d, "/api/v1/ingest/camera-events", "application/json", body, 1, NULL, NULL);
}

/* One side (before or after) of a Frigate event. */
static void
frigate_side (JsonBuilder *b,
              Track       *t,
              double       now,
              double       score,
              gboolean     ended)
{
  const char *label = g_str_equal (t->feature, "intrusion") ? "person" :
                      g_str_equal (t->feature, "congestion") ? "car" : "car";
  const char *zone = g_str_equal (t->feature, "red_light") ? "den_do_vach_dung" :
                     g_str_equal (t->feature, "congestion") ? "ket_xe_nut_giao" :
                     g_str_equal (t->feature, "intrusion") ? "khu_vuc_cam_kho_vu_khi" : "lan_duong_1";

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, t->id);
  json_builder_set_member_name (b, "camera");
  json_builder_add_string_value (b, t->camera);
  json_builder_set_member_name (b, "frame_time");
  json_builder_add_double_value (b, now);
  json_builder_set_member_name (b, "label");
  json_builder_add_string_value (b, label);
  json_builder_set_member_name (b, "sub_label");
  if (t->plate != NULL)
    {
      json_builder_begin_array (b);
      json_builder_add_string_value (b, t->plate);
      json_builder_add_double_value (b, score);
      json_builder_end_array (b);
    }
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "top_score");
  json_builder_add_double_value (b, score);
  json_builder_set_member_name (b, "score");
  json_builder_add_double_value (b, score);
  json_builder_set_member_name (b, "false_positive");
  json_builder_add_boolean_value (b, FALSE);
  json_builder_set_member_name (b, "start_time");
  json_builder_add_double_value (b, t->start);
  json_builder_set_member_name (b, "end_time");
  if (ended)
    json_builder_add_double_value (b, now);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "current_zones");
  json_builder_begin_array (b);
  if (!ended)
    json_builder_add_string_value (b, zone);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "entered_zones");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, zone);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "has_snapshot");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_set_member_name (b, "has_clip");
  json_builder_add_boolean_value (b, ended);
  json_builder_set_member_name (b, "stationary");
  json_builder_add_boolean_value (b, FALSE);
  json_builder_end_object (b);
}

static void
frigate_event (IocSim       *sim,
               IocSimDriver *d,
               Track        *t,
               const char   *type,
               double        before,
               double        after)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  double now = g_get_real_time () / 1e6;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, type);
  json_builder_set_member_name (b, "before");
  frigate_side (b, t, now, before, FALSE);
  json_builder_set_member_name (b, "after");
  frigate_side (b, t, now, after, g_str_equal (type, "end"));
  json_builder_end_object (b);
  post_json (sim, d, b);
}

static void
generic_crowd (IocSim       *sim,
               IocSimDriver *d,
               Cam          *cam)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  GRand *r = d->rand;
  g_autofree char *label = g_strdup_printf ("Tụ tập đông người (khoảng %d người)", g_rand_int_range (r, 25, 160));
  g_autofree char *now = ioc_sim_now_iso (FALSE, FALSE);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "camera_id");
  json_builder_add_string_value (b, cam->id);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, "crowd");
  json_builder_set_member_name (b, "time");
  json_builder_add_string_value (b, now);
  json_builder_set_member_name (b, "label");
  json_builder_add_string_value (b, label);
  json_builder_set_member_name (b, "confidence");
  json_builder_add_double_value (b, g_rand_double_range (r, 0.6, 0.97));
  json_builder_set_member_name (b, "zones");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, "quang_truong");
  json_builder_end_array (b);
  json_builder_end_object (b);
  post_json (sim, d, b);
}

static void
camevents_fire (IocSim       *sim,
                IocSimDriver *d)
{
  State *s = d->state;
  GRand *r = d->rand;

  /* Half the time an open Frigate track moves on (update, then end). */
  if (s->tracks->len > 0 && g_rand_boolean (r))
    {
      guint i = (guint) g_rand_int_range (r, 0, (gint32) s->tracks->len);
      Track *t = g_ptr_array_index (s->tracks, i);
      double before = t->score;

      t->score = MIN (0.99, t->score + g_rand_double_range (r, 0.0, 0.08));
      if (t->updates_left > 0)
        {
          t->updates_left--;
          frigate_event (sim, d, t, "update", before, t->score);
        }
      else
        {
          frigate_event (sim, d, t, "end", before, t->score);
          g_ptr_array_remove_index (s->tracks, i);
        }
      return;
    }

  {
    Cam *cam = g_ptr_array_index (s->cameras, g_rand_int_range (r, 0, (gint32) s->cameras->len));
    const char *feature = g_ptr_array_index (cam->features, g_rand_int_range (r, 0, (gint32) cam->features->len));
    Track *t;

    if (g_str_equal (feature, "crowd"))
      {
        generic_crowd (sim, d, cam);
        return;
      }
    t = g_new0 (Track, 1);
    t->start = g_get_real_time () / 1e6;
    t->id = g_strdup_printf ("%.6f-%06x", t->start, g_rand_int_range (r, 0, 0xffffff));
    t->camera = g_strdup (cam->id);
    t->feature = g_strdup (feature);
    if (g_str_equal (feature, "plate") || g_str_equal (feature, "red_light"))
      t->plate = plate (r);
    t->score = g_rand_double_range (r, 0.62, 0.9);
    t->updates_left = (guint) g_rand_int_range (r, 0, 3);
    frigate_event (sim, d, t, "new", 0.0, t->score);
    if (s->tracks->len < 40)
      g_ptr_array_add (s->tracks, t);
    else
      track_free (t);
  }
}

IocSimDriver ioc_sim_driver_camevents = {
  .name = "camera-events",
  .prepare = camevents_prepare,
  .fire = camevents_fire,
};
