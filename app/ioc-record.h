/* ioc-record.h — one row of an API collection, as a GObject for list models
 *
 * IocRecord wraps the JSON object the API returned for a row (a report, an
 * alert, a camera…). IocRecordList is a GListModel of records keyed by id:
 * upserting a known id updates that record in place (emitting
 * IocRecord::changed and IocRecordList::record-changed, not
 * items-changed), so list views keep their selection and scroll position
 * while events stream in.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define IOC_TYPE_RECORD (ioc_record_get_type ())
G_DECLARE_FINAL_TYPE (IocRecord, ioc_record, IOC, RECORD, GObject)

IocRecord  *ioc_record_new        (JsonObject  *data);
const char *ioc_record_get_id     (IocRecord   *self);
JsonObject *ioc_record_get_data   (IocRecord   *self);
/* Member access with defaults; strings are owned by the record. */
const char *ioc_record_get_string (IocRecord   *self,
                                   const char  *member);
gint64      ioc_record_get_int    (IocRecord   *self,
                                   const char  *member,
                                   gint64       fallback);
double      ioc_record_get_double (IocRecord   *self,
                                   const char  *member,
                                   double       fallback);
gboolean    ioc_record_get_bool   (IocRecord   *self,
                                   const char  *member);
/* Replaces the data and emits ::changed (and notify::data). */
void        ioc_record_update     (IocRecord   *self,
                                   JsonObject  *data);

#define IOC_TYPE_RECORD_LIST (ioc_record_list_get_type ())
G_DECLARE_FINAL_TYPE (IocRecordList, ioc_record_list, IOC, RECORD_LIST, GObject)

IocRecordList *ioc_record_list_new      (void);
/* Inserts or updates by the object's "id" member; returns the record. */
IocRecord     *ioc_record_list_upsert   (IocRecordList *self,
                                         JsonObject    *data);
gboolean       ioc_record_list_remove   (IocRecordList *self,
                                         const char    *id);
IocRecord     *ioc_record_list_lookup   (IocRecordList *self,
                                         const char    *id);
/* Replaces everything (after a full reload): one items-changed. */
void           ioc_record_list_replace  (IocRecordList *self,
                                         JsonArray     *items);
/* The same from several arrays (pages of the API), rows not copied. */
void           ioc_record_list_replace_pages (IocRecordList *self,
                                              GPtrArray     *pages);
/* Drops the oldest records (by insertion) beyond @max, for live lists. */
void           ioc_record_list_trim     (IocRecordList *self,
                                         guint          max);

G_END_DECLS
