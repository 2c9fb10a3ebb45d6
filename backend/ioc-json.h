/* ioc-json.h — JSON and time codecs shared by the API, the store and the connectors */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Compact JSON text for @node. Unlike json_generator, doubles are written
 * with the fewest digits that read back to the same value (12.68, not
 * 12.679999999999999716), so coordinates stay short on the wire. */
char      *ioc_json_to_string      (JsonNode     *node);
char      *ioc_json_object_to_string (JsonObject *object);

/* Appends one JSON string literal / number, as ioc_json_to_string writes them. */
void       ioc_json_append_string  (GString      *out,
                                    const char   *s);
void       ioc_json_append_double  (GString      *out,
                                    double        d);
void       ioc_json_append_int     (GString      *out,
                                    gint64        v);

/* Parses @data as one JSON value. Fails with G_IO_ERROR_INVALID_DATA and a
 * message naming line and column when it is not valid JSON. */
JsonNode  *ioc_json_parse          (const char   *data,
                                    gssize        length,
                                    GError      **error);

/* Unix seconds → "2026-11-24T08:30:00Z". */
char      *ioc_time_format         (gint64        unix_seconds);
void       ioc_time_append         (GString      *out,
                                    gint64        unix_seconds);
/* Accepts ISO 8601 with a zone ("…Z", "…+07:00"), a local date-time without
 * a zone (taken as @default_tz, NULL = UTC), a date "yyyy-mm-dd" (midnight
 * in @default_tz), or decimal Unix seconds. */
gboolean   ioc_time_parse          (const char   *text,
                                    GTimeZone    *default_tz,
                                    gint64       *out_unix_seconds);

/* The province's time zone (Asia/Ho_Chi_Minh, UTC+7, no DST). */
GTimeZone *ioc_time_zone_local     (void);

/* Typed member access that tells the caller what was wrong. Each returns
 * FALSE and sets @error (IOC_JSON_ERROR) naming @member when the member is
 * missing (only if @required) or has another type. */
#define IOC_JSON_ERROR (ioc_json_error_quark ())
GQuark ioc_json_error_quark (void);
typedef enum {
  IOC_JSON_ERROR_MISSING,
  IOC_JSON_ERROR_TYPE,
  IOC_JSON_ERROR_VALUE,
} IocJsonError;

gboolean   ioc_json_get_string     (JsonObject   *object,
                                    const char   *member,
                                    gboolean      required,
                                    const char  **out,
                                    GError      **error);
gboolean   ioc_json_get_int        (JsonObject   *object,
                                    const char   *member,
                                    gboolean      required,
                                    gint64       *out,
                                    GError      **error);
gboolean   ioc_json_get_double     (JsonObject   *object,
                                    const char   *member,
                                    gboolean      required,
                                    double       *out,
                                    GError      **error);

/* Normalised form of a Vietnamese name for look-ups: NFC, case-folded,
 * whitespace collapsed, apostrophe variants (’ ‘ ʼ `) unified, the old and
 * new tone-mark placements (hoà/hòa, thuý/thúy, ...) unified. */
char      *ioc_name_normalize      (const char   *name);

G_END_DECLS
