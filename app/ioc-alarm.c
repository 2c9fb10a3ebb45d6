/* ioc-alarm.c — see ioc-alarm.h */
#include "config.h"

#include "ioc-alarm.h"

#include <gst/app/gstappsrc.h>
#include <gst/gst.h>

/* Seconds between two soundings while nobody has silenced the alarm. */
#define REPEAT_SECONDS 6

struct _IocAlarm
{
  GObject     parent_instance;
  IocClient  *client;
  JsonObject *alert;
  guint       n_pending;
  gboolean    sound_enabled;
  GstElement *playbin;        /* NULL when GStreamer could not make one */
  guint       bus_watch;
  guint       repeat_id;
  gboolean    playing;
  guint       n_played;
};

enum { PROP_0, PROP_RAISED, PROP_SOUND_ENABLED, N_PROPS };
static GParamSpec *props[N_PROPS];

G_DEFINE_FINAL_TYPE (IocAlarm, ioc_alarm, G_TYPE_OBJECT)

static void play (IocAlarm *self);

/* playbin reads the sound from the GResource through appsrc: the war
 * room has no network and the console needs no sound file on disk. */
static void
on_source_setup (GstElement *playbin,
                 GstElement *source,
                 gpointer    user_data)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data (IOC_ALARM_SOUND_RESOURCE, 0, NULL);
  GstBuffer *buffer;

  if (bytes == NULL || !GST_IS_APP_SRC (source))
    return;
  g_object_set (source, "format", GST_FORMAT_BYTES, "size", (gint64) g_bytes_get_size (bytes), NULL);
  buffer = gst_buffer_new_wrapped_bytes (bytes);
  gst_app_src_push_buffer (GST_APP_SRC (source), buffer);
  gst_app_src_end_of_stream (GST_APP_SRC (source));
}

static gboolean
on_repeat (gpointer user_data)
{
  IocAlarm *self = user_data;

  self->repeat_id = 0;
  play (self);
  return G_SOURCE_REMOVE;
}

static void
stop_sound (IocAlarm *self)
{
  g_clear_handle_id (&self->repeat_id, g_source_remove);
  if (self->playbin != NULL)
    gst_element_set_state (self->playbin, GST_STATE_NULL);
  self->playing = FALSE;
}

static gboolean
on_bus (GstBus     *bus,
        GstMessage *message,
        gpointer    user_data)
{
  IocAlarm *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_EOS:
      self->n_played++;
      stop_sound (self);
      if (self->alert != NULL && self->sound_enabled)
        self->repeat_id = g_timeout_add_seconds (REPEAT_SECONDS, on_repeat, self);
      break;
    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) error = NULL;
        gst_message_parse_error (message, &error, NULL);
        /* No sound card is not a reason to stop: the banner stays. */
        g_message ("alarm sound: %s", error->message);
        stop_sound (self);
      }
      break;
    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
ensure_playbin (IocAlarm *self)
{
  const char *sink_desc = g_getenv ("IOC_AUDIO_SINK");
  GstElement *sink = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GstBus) bus = NULL;

  if (self->playbin != NULL)
    return TRUE;
  if (!gst_is_initialized () && !gst_init_check (NULL, NULL, &error))
    {
      g_message ("alarm sound: %s", error->message);
      return FALSE;
    }
  self->playbin = gst_element_factory_make ("playbin", "alarm");
  if (self->playbin == NULL)
    {
      g_message ("alarm sound: GStreamer has no playbin");
      return FALSE;
    }
  gst_object_ref_sink (self->playbin);
  if (sink_desc != NULL && *sink_desc != '\0')
    sink = gst_parse_bin_from_description (sink_desc, TRUE, &error);
  if (sink == NULL && error != NULL)
    g_message ("alarm sound: IOC_AUDIO_SINK: %s", error->message);
  if (sink != NULL)
    g_object_set (self->playbin, "audio-sink", sink, NULL);
  /* Sound only: no video sink, no subtitles. */
  g_object_set (self->playbin, "uri", "appsrc://", "flags", 0x2 /* audio */, NULL);
  g_signal_connect (self->playbin, "source-setup", G_CALLBACK (on_source_setup), self);
  bus = gst_element_get_bus (self->playbin);
  self->bus_watch = gst_bus_add_watch (bus, on_bus, self);
  return TRUE;
}

static void
play (IocAlarm *self)
{
  if (!self->sound_enabled || self->alert == NULL || self->playing || !ensure_playbin (self))
    return;
  gst_element_set_state (self->playbin, GST_STATE_NULL);
  if (gst_element_set_state (self->playbin, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_message ("alarm sound: the pipeline does not play");
      return;
    }
  self->playing = TRUE;
}

static void
on_event (IocClient  *client,
          const char *type,
          JsonObject *data,
          gpointer    user_data)
{
  if (g_str_equal (type, "alert.created") &&
      g_strcmp0 (json_object_get_string_member_with_default (data, "severity", NULL), "critical") == 0)
    ioc_alarm_raise (user_data, data);
}

static void
ioc_alarm_dispose (GObject *object)
{
  IocAlarm *self = IOC_ALARM (object);

  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_clear_object (&self->client);
  stop_sound (self);
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  g_clear_object (&self->playbin);
  g_clear_pointer (&self->alert, json_object_unref);
  G_OBJECT_CLASS (ioc_alarm_parent_class)->dispose (object);
}

static void
ioc_alarm_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_RAISED:
      g_value_set_boolean (value, ioc_alarm_get_raised (IOC_ALARM (object)));
      break;
    case PROP_SOUND_ENABLED:
      g_value_set_boolean (value, IOC_ALARM (object)->sound_enabled);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ioc_alarm_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_SOUND_ENABLED:
      ioc_alarm_set_sound_enabled (IOC_ALARM (object), g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ioc_alarm_class_init (IocAlarmClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ioc_alarm_dispose;
  object_class->get_property = ioc_alarm_get_property;
  object_class->set_property = ioc_alarm_set_property;
  props[PROP_SOUND_ENABLED] = g_param_spec_boolean ("sound-enabled", NULL, NULL, TRUE,
                                                    G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  props[PROP_RAISED] = g_param_spec_boolean ("raised", NULL, NULL, FALSE,
                                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
ioc_alarm_init (IocAlarm *self)
{
  self->sound_enabled = TRUE;
}

IocAlarm *
ioc_alarm_new (IocClient *client)
{
  IocAlarm *self = g_object_new (IOC_TYPE_ALARM, NULL);

  self->client = g_object_ref (client);
  g_signal_connect (client, "event", G_CALLBACK (on_event), self);
  return self;
}

gboolean
ioc_alarm_get_raised (IocAlarm *self)
{
  return self->alert != NULL;
}

JsonObject *
ioc_alarm_get_alert (IocAlarm *self)
{
  return self->alert;
}

guint
ioc_alarm_get_n_pending (IocAlarm *self)
{
  return self->n_pending;
}

void
ioc_alarm_raise (IocAlarm   *self,
                 JsonObject *alert)
{
  json_object_ref (alert);
  g_clear_pointer (&self->alert, json_object_unref);
  self->alert = alert;
  self->n_pending++;
  /* The sound starts at once, not at the next repeat. */
  g_clear_handle_id (&self->repeat_id, g_source_remove);
  play (self);
  /* Also when it was raised already: banners show the newest alert. */
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_RAISED]);
}

void
ioc_alarm_silence (IocAlarm *self)
{
  if (self->alert == NULL)
    return;
  stop_sound (self);
  g_clear_pointer (&self->alert, json_object_unref);
  self->n_pending = 0;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_RAISED]);
}

void
ioc_alarm_set_sound_enabled (IocAlarm *self,
                             gboolean  enabled)
{
  if (self->sound_enabled == enabled)
    return;
  self->sound_enabled = enabled;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_SOUND_ENABLED]);
  if (!enabled)
    stop_sound (self);
  else
    play (self);
}

gboolean
ioc_alarm_get_sound_enabled (IocAlarm *self)
{
  return self->sound_enabled;
}

guint
ioc_alarm_get_n_played (IocAlarm *self)
{
  return self->n_played;
}

gboolean
ioc_alarm_get_playing (IocAlarm *self)
{
  return self->playing;
}
