/* ioc-reports.h — citizen field reports (phản ánh hiện trường): categories,
 * creation and the derived overdue state. Shared by the REST API and the
 * Open311 connector. */
#pragma once

#include "ioc-store.h"

G_BEGIN_DECLS

typedef struct {
  const char *code;            /* Open311 service_code */
  const char *name_en;
  const char *name_vi;
  guint       deadline_hours;  /* default deadline when assigned */
  const char *group;           /* Open311 group */
} IocReportCategory;

const IocReportCategory *ioc_report_categories   (guint       *n);
const IocReportCategory *ioc_report_category     (const char  *code);

/* Statuses: received, assigned, forwarded, processed, overdue, not_eligible. */
gboolean    ioc_report_status_is_open  (const char *status);

/* Validates @input (category, description, lat, lon, address, media_urls,
 * reporter_name/phone/email, source, received_at), inserts the report as
 * "received" with its first history entry and a report.created event, and
 * returns the stored row. Errors are IOC_API_ERROR naming the field. Call
 * inside a transaction. */
JsonObject *ioc_report_create          (IocStore    *store,
                                        JsonObject  *input,
                                        const char  *actor,
                                        GError     **error);

/* Appends a history entry. */
gboolean    ioc_report_add_history     (IocStore    *store,
                                        gint64       report_id,
                                        const char  *actor,
                                        const char  *action,
                                        const char  *from_status,
                                        const char  *to_status,
                                        const char  *unit_id,
                                        gint64       deadline,
                                        const char  *note,
                                        GError     **error);

/* Marks every open report whose deadline has passed as overdue, each with
 * a history entry and a report.updated event, in transactions of at most
 * 1000 reports (a backlog is worked off in one call). Returns how many
 * changed, or -1. */
gint64      ioc_reports_mark_overdue   (IocStore    *store,
                                        gint64       now_s,
                                        GError     **error);

/* A unit that exists and is valid on @date (yyyy-mm-dd); IOC_API_ERROR
 * naming @field otherwise. */
gboolean    ioc_unit_check_current     (IocStore    *store,
                                        const char  *unit_id,
                                        const char  *field,
                                        GError     **error);

G_END_DECLS
