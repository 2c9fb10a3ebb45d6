/* ioc-camera-wall-events.c — the cameras' AI events on the camera wall
 *
 * IocModels keeps the recent camera-events (ioc_models_get_camera_events).
 * A new one highlights every tile showing its camera with the event's
 * label for a minute, and its picture is kept: the snapshot the analytics
 * sent when it is an http(s) address (fetched and decoded off the main
 * loop), otherwise the frame the wall was showing of that camera when the
 * event came — or a clear "no picture" when the camera was not on the wall.
 * The strip lists the events newest first; selecting one enlarges its
 * camera, shows the event's bar (time, confidence, plate, the police's
 * state, Forward to the police) and centres every map wall on the camera.
 */
#include "config.h"

#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "ioc-camera-wall"

#include "ioc-camera-wall-private.h"
#include "ioc-labels.h"
#include "ioc-map-wall.h"
#include "ioc-wall.h"
#include "ioc-window.h"

#include <glib/gi18n.h>
#include <string.h>

#define HIGHLIGHT_S        60
/* Events older than this when they arrive (a backlog) highlight nothing. */
#define FRESH_S            600
#define MAX_SNAPSHOT_BYTES (8 * 1024 * 1024)
/* Pictures kept (a main-stream frame is ~1 MB): the newest events'. */
#define MAX_PICTURES       60

static const char *
police_label (const char *state)
{
  if (g_strcmp0 (state, "forwarded") == 0) return _("Forwarded to the police");
  if (g_strcmp0 (state, "acknowledged") == 0) return _("The police acknowledged it");
  if (g_strcmp0 (state, "closed") == 0) return _("Closed by the police");
  return _("Not forwarded");
}

/* "Licence plate 47A-123.45", or the kind's label. */
static char *
event_headline (IocRecord *r)
{
  const char *plate = ioc_record_get_string (r, "plate");

  if (plate != NULL && *plate != '\0')
    return g_strdup_printf ("%s %s", ioc_camera_event_kind_label (ioc_record_get_string (r, "kind")), plate);
  return g_strdup (ioc_camera_event_kind_label (ioc_record_get_string (r, "kind")));
}

static GDateTime *
event_time (IocRecord *r)
{
  const char *iso = ioc_record_get_string (r, "time");
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  return iso != NULL ? g_date_time_new_from_iso8601 (iso, utc) : NULL;
}

static char *
event_clock (IocRecord *r)
{
  g_autoptr(GDateTime) t = event_time (r);
  g_autoptr(GDateTime) local = t != NULL ? g_date_time_to_local (t) : NULL;

  return local != NULL ? g_date_time_format (local, "%H:%M:%S") : g_strdup ("—");
}

/* ---- highlights ------------------------------------------------------- */

static gboolean
on_highlight_over (gpointer data)
{
  IocCameraTile *t = data;

  t->event_timeout_id = 0;
  g_clear_pointer (&t->event_label, g_free);
  gtk_widget_set_visible (t->badge, FALSE);
  gtk_widget_remove_css_class (t->video, "event");
  return G_SOURCE_REMOVE;
}

static void
highlight (IocCameraTile *t,
           const char    *text)
{
  g_free (t->event_label);
  t->event_label = g_strdup (text);
  gtk_label_set_text (GTK_LABEL (t->badge), text);
  gtk_widget_set_visible (t->badge, TRUE);
  gtk_widget_add_css_class (t->video, "event");
  g_clear_handle_id (&t->event_timeout_id, g_source_remove);
  t->event_timeout_id = g_timeout_add_seconds (HIGHLIGHT_S, on_highlight_over, t);
}

const char *
ioc_camera_wall_get_tile_event (IocCameraWall *self,
                                guint          tile)
{
  g_return_val_if_fail (tile < IOC_CAMERA_WALL_MAX_TILES, NULL);
  return self->tiles[tile].event_label;
}

/* ---- pictures --------------------------------------------------------- */

static void show_picture (IocCameraWall *self, const char *event_id);

static void
store_picture (IocCameraWall *self,
               const char    *event_id,
               GdkTexture    *texture)
{
  if (!g_hash_table_contains (self->event_pictures, event_id))
    g_queue_push_tail (&self->picture_order, g_strdup (event_id));
  g_hash_table_replace (self->event_pictures, g_strdup (event_id), texture);
  while (g_queue_get_length (&self->picture_order) > MAX_PICTURES)
    {
      g_autofree char *oldest = g_queue_pop_head (&self->picture_order);
      g_hash_table_remove (self->event_pictures, oldest);
      /* Its row lets go of it too ("No picture"). */
      show_picture (self, oldest);
    }
}

static GtkWidget *
row_picture (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), "picture");
}

static void
show_picture (IocCameraWall *self,
              const char    *event_id)
{
  GdkTexture *texture = g_hash_table_lookup (self->event_pictures, event_id);

  for (GtkWidget *row = gtk_widget_get_first_child (self->events_box); row != NULL; row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "event-id"), event_id) == 0 && row_picture (row) != NULL)
      {
        gtk_picture_set_paintable (GTK_PICTURE (row_picture (row)), GDK_PAINTABLE (texture));
        gtk_widget_set_visible (g_object_get_data (G_OBJECT (row), "no-picture"), texture == NULL);
      }
}

static void
decode_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  GdkTexture *texture = gdk_texture_new_from_bytes (data, &error);

  if (texture == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, texture, g_object_unref);
}

static void
on_decoded (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autofree char *event_id = data;
  g_autoptr(GError) error = NULL;
  GdkTexture *texture = g_task_propagate_pointer (G_TASK (result), &error);
  IocCameraWall *self = IOC_CAMERA_WALL (source);

  if (texture == NULL)
    {
      g_debug ("snapshot of event %s: %s", event_id, error->message);
      return;
    }
  store_picture (self, event_id, texture);
  show_picture (self, event_id);
}

typedef struct {
  IocCameraWall *self;
  char          *event_id;
} Fetch;

static void
on_fetched (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Fetch *f = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);

  if (bytes != NULL && !g_cancellable_is_cancelled (f->self->cancellable) &&
      soup_message_get_status (msg) == SOUP_STATUS_OK && g_bytes_get_size (bytes) <= MAX_SNAPSHOT_BYTES)
    {
      g_autoptr(GTask) task = g_task_new (f->self, f->self->cancellable, on_decoded, g_steal_pointer (&f->event_id));
      g_task_set_task_data (task, g_bytes_ref (bytes), (GDestroyNotify) g_bytes_unref);
      g_task_run_in_thread (task, decode_thread);
    }
  else if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("snapshot of event %s: %s", f->event_id, error->message);
  g_object_unref (f->self);
  g_free (f->event_id);
  g_free (f);
}

static void
keep_picture (IocCameraWall *self,
              IocRecord     *r)
{
  const char *url = ioc_record_get_string (r, "snapshot_url");
  const char *camera = ioc_record_get_string (r, "camera_id");
  GdkTexture *texture = NULL;

  if (url != NULL && (g_str_has_prefix (url, "http://") || g_str_has_prefix (url, "https://")))
    {
      SoupMessage *msg = soup_message_new ("GET", url);
      Fetch *f;

      if (msg != NULL)
        {
          if (self->snapshot_session == NULL)
            self->snapshot_session = soup_session_new_with_options ("timeout", 15, NULL);
          f = g_new0 (Fetch, 1);
          f->self = g_object_ref (self);
          f->event_id = g_strdup (ioc_record_get_id (r));
          soup_session_send_and_read_async (self->snapshot_session, msg, G_PRIORITY_DEFAULT, self->cancellable,
                                            on_fetched, f);
          g_object_unref (msg);
          return;
        }
    }
  /* The live picture of that camera on this wall, if it is on it. */
  if (g_strcmp0 (self->big_camera_id, camera) == 0 && ioc_camera_wall_get_enlarged (self) != NULL)
    texture = ioc_video_get_texture (IOC_VIDEO (self->big));
  for (guint i = 0; texture == NULL && i < self->columns * self->columns; i++)
    if (g_strcmp0 (self->tiles[i].camera_id, camera) == 0)
      texture = ioc_video_get_texture (IOC_VIDEO (self->tiles[i].video));
  if (texture != NULL)
    {
      store_picture (self, ioc_record_get_id (r), g_object_ref (texture));
      /* Its row is already in the strip (the sorted list heard first). */
      show_picture (self, ioc_record_get_id (r));
    }
}

GdkTexture *
ioc_camera_wall_get_event_picture (IocCameraWall *self,
                                   const char    *event_id)
{
  return event_id != NULL ? g_hash_table_lookup (self->event_pictures, event_id) : NULL;
}

/* ---- new events ------------------------------------------------------- */

static void
on_new_event (IocCameraWall *self,
              IocRecord     *r)
{
  g_autoptr(GDateTime) when = event_time (r);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  const char *camera = ioc_record_get_string (r, "camera_id");
  g_autofree char *badge = event_headline (r);

  keep_picture (self, r);
  if (when == NULL || g_date_time_difference (now, when) > (GTimeSpan) FRESH_S * G_TIME_SPAN_SECOND)
    return;
  for (guint i = 0; i < IOC_CAMERA_WALL_MAX_TILES; i++)
    if (g_strcmp0 (self->tiles[i].camera_id, camera) == 0)
      highlight (&self->tiles[i], badge);
}

static void
update_title (IocCameraWall *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->events_sorted));
  g_autofree char *text = NULL;

  /* Translators: %u is a number of events */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "AI events — %u", "AI events — %u", n), n);
  gtk_label_set_text (GTK_LABEL (self->events_title), text);
}

static void
on_events_items (GListModel    *list,
                 guint          position,
                 guint          removed,
                 guint          added,
                 IocCameraWall *self)
{
  /* Appended rows are new events; a reload replaces everything and only
   * keeps what is known. */
  if (removed == 0)
    for (guint i = position; i < position + added; i++)
      {
        g_autoptr(IocRecord) r = g_list_model_get_item (list, i);
        on_new_event (self, r);
      }
  update_title (self);
}

/* ---- the strip -------------------------------------------------------- */

static void
update_event_row (IocRecord *r,
                  GtkWidget *row)
{
  IocCameraWall *self = g_object_get_data (G_OBJECT (row), "wall");
  IocRecord *camera = ioc_camera_wall_lookup_camera (self, ioc_record_get_string (r, "camera_id"));
  g_autofree char *headline = event_headline (r);
  g_autofree char *clock = event_clock (r);
  g_autofree char *where = g_strdup_printf ("%s\n%s", clock, camera != NULL ? ioc_record_get_string (camera, "name")
                                                                                : ioc_record_get_string (r, "camera_id"));
  const char *state = ioc_record_get_string (r, "police_state");
  GtkWidget *police = g_object_get_data (G_OBJECT (row), "police");

  gtk_label_set_text (g_object_get_data (G_OBJECT (row), "headline"), headline);
  gtk_label_set_text (g_object_get_data (G_OBJECT (row), "where"), where);
  gtk_label_set_text (GTK_LABEL (police), police_label (state));
  gtk_widget_set_css_classes (police, (const char *[]) { "police-state", state != NULL ? state : "none", NULL });
  if (g_strcmp0 (self->selected_event, ioc_record_get_id (r)) == 0)
    ioc_camera_wall_update_event_bar (self);
}

static GtkWidget *
create_event_row (gpointer item,
                  gpointer data)
{
  IocCameraWall *self = data;
  IocRecord *r = item;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *frame = gtk_overlay_new ();
  GtkWidget *picture = gtk_picture_new ();
  GtkWidget *none = gtk_label_new (_("No picture"));
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *headline = gtk_label_new (NULL), *where = gtk_label_new (NULL), *police = gtk_label_new (NULL);
  GdkTexture *texture = g_hash_table_lookup (self->event_pictures, ioc_record_get_id (r));

  gtk_widget_add_css_class (frame, "event-thumb");
  gtk_widget_set_valign (frame, GTK_ALIGN_CENTER);
  gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_COVER);
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_picture_set_paintable (GTK_PICTURE (picture), GDK_PAINTABLE (texture));
  {
    /* A thumbnail of 128×72 whatever the picture's size: a viewport that
     * does not pass the picture's natural size on. */
    GtkWidget *clip = gtk_scrolled_window_new ();
    gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (clip), GTK_POLICY_EXTERNAL, GTK_POLICY_EXTERNAL);
    gtk_scrolled_window_set_min_content_width (GTK_SCROLLED_WINDOW (clip), 128);
    gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (clip), 72);
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (clip), picture);
    gtk_widget_set_can_target (clip, FALSE);
    gtk_overlay_set_child (GTK_OVERLAY (frame), clip);
  }
  gtk_widget_add_css_class (none, "dim");
  gtk_widget_set_tooltip_text (none, _("The analytics sent no snapshot and the camera was not on this wall when it happened"));
  gtk_widget_set_visible (none, texture == NULL);
  gtk_overlay_add_overlay (GTK_OVERLAY (frame), none);
  gtk_box_append (GTK_BOX (box), frame);

  gtk_widget_add_css_class (headline, "event-headline");
  gtk_widget_add_css_class (where, "event-where");
  for (GtkWidget **l = (GtkWidget *[]) { headline, where, police, NULL }; *l != NULL; l++)
    {
      gtk_label_set_xalign (GTK_LABEL (*l), 0);
      gtk_label_set_ellipsize (GTK_LABEL (*l), PANGO_ELLIPSIZE_END);
    }
  /* The label across the row, then the picture beside where and when. */
  gtk_label_set_wrap (GTK_LABEL (where), TRUE);
  gtk_label_set_lines (GTK_LABEL (where), 3);
  gtk_box_append (GTK_BOX (text), where);
  gtk_box_append (GTK_BOX (text), police);
  gtk_widget_set_halign (police, GTK_ALIGN_START);
  gtk_widget_set_valign (text, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (box), text);
  {
    GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
    gtk_box_append (GTK_BOX (outer), headline);
    gtk_box_append (GTK_BOX (outer), box);
    gtk_widget_add_css_class (outer, "event-row");
    gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), outer);
  }

  g_object_set_data (G_OBJECT (row), "wall", self);
  g_object_set_data (G_OBJECT (row), "picture", picture);
  g_object_set_data (G_OBJECT (row), "no-picture", none);
  g_object_set_data (G_OBJECT (row), "headline", headline);
  g_object_set_data (G_OBJECT (row), "where", where);
  g_object_set_data (G_OBJECT (row), "police", police);
  g_object_set_data_full (G_OBJECT (row), "event-id", g_strdup (ioc_record_get_id (r)), g_free);
  update_event_row (r, row);
  g_signal_connect_object (r, "changed", G_CALLBACK (update_event_row), row, 0);
  return row;
}

static void
on_event_activated (GtkListBox    *box,
                    GtkListBoxRow *row,
                    IocCameraWall *self)
{
  ioc_camera_wall_select_event (self, g_object_get_data (G_OBJECT (row), "event-id"));
}

guint
ioc_camera_wall_count_events (IocCameraWall *self)
{
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (self->events_box); row != NULL; row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row))
      n++;
  return n;
}

static int
newest_first (gconstpointer a,
              gconstpointer b,
              gpointer      data)
{
  int c = g_strcmp0 (ioc_record_get_string ((IocRecord *) b, "time"), ioc_record_get_string ((IocRecord *) a, "time"));

  if (c != 0)
    return c < 0 ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;
  /* Same second: the higher id (the later one) first. */
  return ioc_record_get_int ((IocRecord *) b, "id", 0) > ioc_record_get_int ((IocRecord *) a, "id", 0)
           ? GTK_ORDERING_LARGER : GTK_ORDERING_SMALLER;
}

GtkWidget *
ioc_camera_wall_build_events (IocCameraWall *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scroll = gtk_scrolled_window_new ();
  GtkWidget *placeholder = gtk_label_new (_("No AI event yet"));

  self->events_title = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->events_title, "panel-title");
  gtk_label_set_xalign (GTK_LABEL (self->events_title), 0);
  gtk_box_append (GTK_BOX (box), self->events_title);
  self->events_box = gtk_list_box_new ();
  gtk_widget_add_css_class (self->events_box, "event-strip");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->events_box), GTK_SELECTION_SINGLE);
  gtk_list_box_set_activate_on_single_click (GTK_LIST_BOX (self->events_box), TRUE);
  gtk_widget_add_css_class (placeholder, "dim");
  gtk_list_box_set_placeholder (GTK_LIST_BOX (self->events_box), placeholder);
  gtk_list_box_bind_model (GTK_LIST_BOX (self->events_box), G_LIST_MODEL (self->events_sorted),
                           create_event_row, self, NULL);
  g_signal_connect (self->events_box, "row-activated", G_CALLBACK (on_event_activated), self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), self->events_box);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroll), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroll, TRUE);
  gtk_box_append (GTK_BOX (box), scroll);
  gtk_widget_set_vexpand (box, TRUE);
  update_title (self);
  return box;
}

/* ---- the selected event ----------------------------------------------- */

static IocRecord *
selected_record (IocCameraWall *self)
{
  return self->selected_event != NULL
           ? ioc_record_list_lookup (ioc_models_get_camera_events (self->models), self->selected_event)
           : NULL;
}

void
ioc_camera_wall_update_event_bar (IocCameraWall *self)
{
  IocRecord *r = selected_record (self);
  gboolean shown = r != NULL && g_strcmp0 (ioc_record_get_string (r, "camera_id"), self->big_camera_id) == 0;
  IocClient *client = ioc_models_get_client (self->models);
  gboolean can = shown && ioc_client_can_act (client) && g_strcmp0 (ioc_record_get_string (r, "police_state"), "none") == 0;
  GtkWidget *bar = gtk_widget_get_parent (self->big_info);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "camera.forward", can);
  /* Leaders read only: no button at all. */
  gtk_widget_set_visible (self->big_forward, ioc_client_can_act (client));
  gtk_widget_set_visible (bar, shown);
  if (!shown)
    return;
  {
    g_autofree char *headline = event_headline (r);
    g_autofree char *clock = event_clock (r);
    g_autoptr(GString) text = g_string_new (NULL);
    double confidence = ioc_record_get_double (r, "confidence", -1);
    const char *state = ioc_record_get_string (r, "police_state");

    g_string_append_printf (text, "%s · %s", headline, clock);
    if (confidence >= 0)
      {
        /* Analytics give 0–1 (Frigate's score) or per cent. */
        int percent = (int) (confidence <= 1 ? confidence * 100 + 0.5 : confidence + 0.5);
        /* Translators: how sure the analytics is, in per cent */
        g_autofree char *c = g_strdup_printf (_("%d%% sure"), percent);
        g_string_append_printf (text, " · %s", c);
      }
    gtk_label_set_text (GTK_LABEL (self->big_info), text->str);
    gtk_label_set_text (GTK_LABEL (self->big_state), police_label (state));
    gtk_widget_set_css_classes (self->big_state, (const char *[]) { "police-state", state != NULL ? state : "none", NULL });
  }
}

void
ioc_camera_wall_select_event (IocCameraWall *self,
                              const char    *event_id)
{
  IocRecord *r = event_id != NULL ? ioc_record_list_lookup (ioc_models_get_camera_events (self->models), event_id) : NULL;
  const char *camera;

  if (r == NULL)
    return;
  g_free (self->selected_event);
  self->selected_event = g_strdup (event_id);
  camera = ioc_record_get_string (r, "camera_id");
  gtk_label_set_text (GTK_LABEL (self->big_feedback), "");
  ioc_camera_wall_enlarge_camera (self, camera);
  ioc_camera_wall_update_event_bar (self);
  /* Where it is: every map wall centres on it; this wall stays. */
  ioc_camera_wall_show_on_map (self, camera, FALSE);
  for (GtkWidget *row = gtk_widget_get_first_child (self->events_box); row != NULL; row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && g_strcmp0 (g_object_get_data (G_OBJECT (row), "event-id"), event_id) == 0)
      gtk_list_box_select_row (GTK_LIST_BOX (self->events_box), GTK_LIST_BOX_ROW (row));
}

const char *
ioc_camera_wall_get_selected_event (IocCameraWall *self)
{
  return self->selected_event;
}

gboolean
ioc_camera_wall_can_forward (IocCameraWall *self)
{
  /* The button's sensitivity follows camera.forward's enabled state. */
  return gtk_widget_get_visible (self->big_forward) && gtk_widget_get_sensitive (self->big_forward) &&
         gtk_widget_get_visible (gtk_widget_get_parent (self->big_info));
}

static void
on_forwarded (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ioc_client_request_finish (IOC_CLIENT (source), result, &error);
  IocCameraWall *self;

  if (answer == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = data;
  /* The new state comes back through the stream and updates the row. */
  gtk_label_set_text (GTK_LABEL (self->big_feedback), answer != NULL ? _("Done.") : error->message);
  if (answer == NULL)
    gtk_widget_add_css_class (self->big_feedback, "error");
}

void
ioc_camera_wall_forward_event (IocCameraWall *self)
{
  IocRecord *r = selected_record (self);
  g_autofree char *path = NULL;

  if (r == NULL || !ioc_client_can_act (ioc_models_get_client (self->models)))
    return;
  path = g_strdup_printf ("/api/v1/camera-events/%s/forward", ioc_record_get_id (r));
  gtk_widget_remove_css_class (self->big_feedback, "error");
  gtk_label_set_text (GTK_LABEL (self->big_feedback), _("Sending…"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "camera.forward", FALSE);
  ioc_client_request_async (ioc_models_get_client (self->models), "POST", path, NULL, self->cancellable,
                            on_forwarded, self);
}

/* Every console window's map wall centres on the camera and opens its
 * panel (a hidden one is ready when shown); @switch_here shows this
 * window's map when no window shows one. */
void
ioc_camera_wall_show_on_map (IocCameraWall *self,
                             const char    *camera_id,
                             gboolean       switch_here)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkApplication *app = root != NULL && GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root)) : NULL;
  gboolean seen = FALSE;

  for (GList *l = app != NULL ? gtk_application_get_windows (app) : NULL; l != NULL; l = l->next)
    {
      GtkWidget *map;

      if (!IOC_IS_WINDOW (l->data) || (map = ioc_window_get_wall_widget (l->data, IOC_WALL_MAP)) == NULL)
        continue;
      ioc_map_wall_show_camera (IOC_MAP_WALL (map), camera_id);
      if (g_strcmp0 (ioc_window_get_wall (l->data), IOC_WALL_MAP) == 0)
        seen = TRUE;
    }
  if (switch_here && !seen && root != NULL && IOC_IS_WINDOW (root))
    ioc_window_show_wall (IOC_WINDOW (root), IOC_WALL_MAP);
}

static void
on_show_on_map_clicked (GtkButton     *button,
                        IocCameraWall *self)
{
  if (self->big_camera_id != NULL)
    ioc_camera_wall_show_on_map (self, self->big_camera_id, TRUE);
}

GtkWidget *
ioc_camera_wall_build_event_bar (IocCameraWall *self)
{
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *map = gtk_button_new_with_mnemonic (_("Show on the _map"));

  gtk_widget_add_css_class (bar, "event-bar");
  self->big_info = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->big_info, "event-headline");
  gtk_label_set_xalign (GTK_LABEL (self->big_info), 0);
  gtk_label_set_ellipsize (GTK_LABEL (self->big_info), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (bar), self->big_info);
  self->big_state = gtk_label_new (NULL);
  gtk_widget_set_valign (self->big_state, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (row), self->big_state);
  self->big_feedback = gtk_label_new (NULL);
  gtk_label_set_ellipsize (GTK_LABEL (self->big_feedback), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (self->big_feedback), 0);
  gtk_widget_set_hexpand (self->big_feedback, TRUE);
  gtk_box_append (GTK_BOX (row), self->big_feedback);
  self->big_forward = gtk_button_new_with_mnemonic (_("_Forward to the police"));
  gtk_widget_add_css_class (self->big_forward, "suggested-action");
  gtk_widget_set_tooltip_text (self->big_forward, _("Send this event to the police (Ctrl+P)"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->big_forward), "camera.forward");
  gtk_box_append (GTK_BOX (row), self->big_forward);
  gtk_widget_set_tooltip_text (map, _("Centre the map walls on this camera (Ctrl+G)"));
  g_signal_connect (map, "clicked", G_CALLBACK (on_show_on_map_clicked), self);
  gtk_box_append (GTK_BOX (row), map);
  gtk_box_append (GTK_BOX (bar), row);
  gtk_widget_set_visible (bar, FALSE);
  return bar;
}

void
ioc_camera_wall_events_init (IocCameraWall *self)
{
  IocRecordList *events = ioc_models_get_camera_events (self->models);
  GtkCustomSorter *sorter = gtk_custom_sorter_new (newest_first, NULL, NULL);

  self->event_pictures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->events_sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (events)), GTK_SORTER (sorter));
  g_signal_connect (events, "items-changed", G_CALLBACK (on_events_items), self);
}

void
ioc_camera_wall_events_dispose (IocCameraWall *self)
{
  if (self->models != NULL)
    g_signal_handlers_disconnect_by_data (ioc_models_get_camera_events (self->models), self);
  if (self->events_box != NULL)
    gtk_list_box_bind_model (GTK_LIST_BOX (self->events_box), NULL, NULL, NULL, NULL);
  g_clear_object (&self->events_sorted);
  g_clear_pointer (&self->event_pictures, g_hash_table_unref);
  g_queue_clear_full (&self->picture_order, g_free);
  g_clear_pointer (&self->selected_event, g_free);
  if (self->snapshot_session != NULL)
    soup_session_abort (self->snapshot_session);
  g_clear_object (&self->snapshot_session);
}
