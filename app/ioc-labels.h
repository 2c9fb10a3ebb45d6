/* ioc-labels.h — codes of the API shown as translated words and colours */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

const char *ioc_report_status_label  (const char *status);
void        ioc_report_status_colour (const char *status,
                                      GdkRGBA    *out);
const char *ioc_camera_status_label  (const char *status);
void        ioc_camera_status_colour (const char *status,
                                      GdkRGBA    *out);
const char *ioc_severity_label       (const char *severity);
const char *ioc_alert_category_label (const char *category);
const char *ioc_alert_status_label   (const char *status);
const char *ioc_ticket_status_label  (const char *status);
const char *ioc_source_label         (const char *source);
/* An AI analytics feature of a camera ("red_light" …). */
const char *ioc_ai_feature_label     (const char *feature);
/* An AI camera event's kind ("red_light", "plate"…) as a noun: "Licence plate". */
const char *ioc_camera_event_kind_label (const char *kind);
/* The province's time zone (UTC+7, Asia/Ho_Chi_Minh: no daylight saving),
 * whatever the machine's; every time the console shows is in it. */
GTimeZone  *ioc_province_time_zone   (void);
GDateTime  *ioc_province_now         (void);
/* "2026-11-24T08:30:00Z" → "24/11 15:30" in the province's time. */
char       *ioc_format_time          (const char *iso);
/* The same without the year: "24/11 15:30". */
char       *ioc_format_time_short    (const char *iso);

/* A drop-down of GtkStringObjects whose button ellipsises long names. */
void        ioc_drop_down_ellipsize  (GtkDropDown *dropdown);

/* A button (mnemonic label) that activates @action with @target (may be
 * NULL; a floating reference is taken) and shows @tooltip (may be NULL):
 * the walls' action bars. */
GtkWidget  *ioc_action_button        (const char  *label,
                                      const char  *action,
                                      GVariant    *target,
                                      const char  *tooltip);

G_END_DECLS
