/* ioc-alarm.h — the critical-alert alarm: a banner on every window and a
 * sound, until an operator silences it
 *
 * IocAlarm follows the stream (IocClient::event): a new SOC alert
 * (alert.created) of severity critical raises it. While raised it plays a
 * short two-tone sound bundled in the GResource (no network, no file on
 * disk) through a GStreamer playbin, again every few seconds, and windows
 * show a banner with the alert. ioc_alarm_silence() (the banner's button,
 * app.silence, Ctrl+M) lowers it; a further critical alert raises it
 * again. The sound follows the GSettings key "sound" (Preferences); the
 * banner is always shown. The audio sink is autoaudiosink, or the
 * pipeline description in IOC_AUDIO_SINK (tests use "fakesink sync=true").
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ioc-client.h"

G_BEGIN_DECLS

#define IOC_ALARM_SOUND_RESOURCE "/vn/gov/daklak/IocConsole/sounds/alert.oga"

#define IOC_TYPE_ALARM (ioc_alarm_get_type ())
G_DECLARE_FINAL_TYPE (IocAlarm, ioc_alarm, IOC, ALARM, GObject)

IocAlarm   *ioc_alarm_new               (IocClient *client);
/* Raised: a critical alert came and nobody silenced it yet. */
gboolean    ioc_alarm_get_raised        (IocAlarm  *self);
/* The alert that raised it (the row), or NULL. */
JsonObject *ioc_alarm_get_alert         (IocAlarm  *self);
/* Alerts that raised it since the last silence. */
guint       ioc_alarm_get_n_pending     (IocAlarm  *self);
void        ioc_alarm_silence           (IocAlarm  *self);
void        ioc_alarm_set_sound_enabled (IocAlarm  *self,
                                         gboolean   enabled);
gboolean    ioc_alarm_get_sound_enabled (IocAlarm  *self);
/* For tests: times the sound played to its end, and whether it plays. */
guint       ioc_alarm_get_n_played      (IocAlarm  *self);
gboolean    ioc_alarm_get_playing       (IocAlarm  *self);
/* Raises it as a critical alert would (tests, and the drill in the menu). */
void        ioc_alarm_raise             (IocAlarm   *self,
                                         JsonObject *alert);

G_END_DECLS
