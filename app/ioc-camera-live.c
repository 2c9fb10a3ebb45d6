/* ioc-camera-live.c — see ioc-camera-live.h */
#include "config.h"

#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "ioc-camera-wall"

#include "ioc-camera-live.h"

#include <glib/gi18n.h>

struct _IocCameraLive
{
  GtkWidget  parent_instance;
  IocModels *models;
  GtkWidget *box;
  GtkWidget *video;
  char      *camera_id;
};

G_DEFINE_FINAL_TYPE (IocCameraLive, ioc_camera_live, GTK_TYPE_WIDGET)

static void
update (IocCameraLive *self)
{
  IocRecord *c = self->camera_id != NULL
                   ? ioc_record_list_lookup (ioc_models_get_cameras (self->models), self->camera_id) : NULL;

  gtk_widget_set_visible (GTK_WIDGET (self), c != NULL);
  ioc_camera_play (IOC_VIDEO (self->video), self->models, c);
}

void
ioc_camera_play (IocVideo  *video,
                 IocModels *models,
                 IocRecord *camera)
{
  const char *main_uri = NULL, *sub_uri = NULL;

  if (camera == NULL)
    {
      ioc_video_set_camera (video, NULL, NULL, NULL);
      return;
    }
  ioc_models_camera_uris (models, camera, &main_uri, &sub_uri);
  ioc_video_set_camera (video, ioc_record_get_string (camera, "name"), main_uri, sub_uri);
}

static void
on_models_changed (IocModels     *models,
                   const char    *collection,
                   IocCameraLive *self)
{
  if (g_str_equal (collection, "cameras"))
    update (self);
}

static GdkContentProvider *
on_drag_prepare (GtkDragSource *source,
                 double         x,
                 double         y,
                 IocCameraLive *self)
{
  return self->camera_id != NULL ? gdk_content_provider_new_typed (G_TYPE_STRING, self->camera_id) : NULL;
}

static void
on_drag_begin (GtkDragSource *source,
               GdkDrag       *drag,
               IocCameraLive *self)
{
  GdkTexture *texture = ioc_video_get_texture (IOC_VIDEO (self->video));

  if (texture != NULL)
    gtk_drag_source_set_icon (source, GDK_PAINTABLE (texture), 0, 0);
}

static void
ioc_camera_live_dispose (GObject *object)
{
  IocCameraLive *self = IOC_CAMERA_LIVE (object);

  if (self->models != NULL)
    g_signal_handlers_disconnect_by_data (self->models, self);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->models);
  g_clear_pointer (&self->camera_id, g_free);
  G_OBJECT_CLASS (ioc_camera_live_parent_class)->dispose (object);
}

static void
ioc_camera_live_class_init (IocCameraLiveClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ioc_camera_live_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "cameralive");
}

static void
ioc_camera_live_init (IocCameraLive *self)
{
  GtkWidget *hint = gtk_label_new (_("Live view. Drag the picture onto a tile of the camera wall."));
  GtkDragSource *drag = gtk_drag_source_new ();

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  self->video = ioc_video_new ();
  gtk_widget_add_css_class (self->video, "camera-live");
  /* 16:9 in the panel's width. */
  gtk_widget_set_size_request (self->video, 384, 216);
  gtk_drag_source_set_actions (drag, GDK_ACTION_COPY);
  g_signal_connect (drag, "prepare", G_CALLBACK (on_drag_prepare), self);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  gtk_widget_add_controller (self->video, GTK_EVENT_CONTROLLER (drag));
  gtk_box_append (GTK_BOX (self->box), self->video);
  gtk_widget_add_css_class (hint, "dim");
  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_box_append (GTK_BOX (self->box), hint);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
ioc_camera_live_new (IocModels *models)
{
  IocCameraLive *self = g_object_new (IOC_TYPE_CAMERA_LIVE, NULL);

  self->models = g_object_ref (models);
  g_signal_connect (models, "changed", G_CALLBACK (on_models_changed), self);
  return GTK_WIDGET (self);
}

void
ioc_camera_live_set_camera (IocCameraLive *self,
                            const char    *camera_id)
{
  g_return_if_fail (IOC_IS_CAMERA_LIVE (self));
  g_free (self->camera_id);
  self->camera_id = g_strdup (camera_id);
  update (self);
}

const char *
ioc_camera_live_get_camera (IocCameraLive *self)
{
  return self->camera_id;
}

IocVideo *
ioc_camera_live_get_video (IocCameraLive *self)
{
  return IOC_VIDEO (self->video);
}
