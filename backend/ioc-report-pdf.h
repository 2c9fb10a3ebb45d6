/* ioc-report-pdf.h — the weekly report to the leadership, as a PDF and CSV
 *
 * Rendered from the figures of ioc-briefing.h alone (plus the supervisor's
 * free text), so it can run in a worker thread: it never touches the store.
 * A4, Vietnamese, cairo + PangoCairo with "Noto Sans" (fallback "DejaVu
 * Sans"). Sections follow the province's rules for the weekly report:
 *
 *   I.   Tổng quan (the week's key figures against last week)
 *   II.  Tình hình các dịch vụ: per service, completed features, data
 *        updates and effectiveness (public-service dossiers, field
 *        reports, SOC, cameras, socio-economic indicators), with charts
 *   III. Khó khăn, vướng mắc       (free text)
 *   IV.  Đề xuất, kiến nghị        (free text)
 *   Phụ lục 01  overdue dossiers by agency and the praise/criticism lists
 *   Phụ lục 02  field reports by unit
 *   Phụ lục 03  the 16 socio-economic indicator groups (headline value,
 *               target, anomaly warnings in 12 months)
 *
 * "Cập nhật dữ liệu" says when each service's sources last reported
 * (figures.sources); codes (alert categories, AI event kinds, anomaly
 * kinds) are written in Vietnamese.
 * Every table also exists as CSV (ioc_report_table_csv).
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct {
  JsonObject *figures;        /* ioc_briefing_compute() */
  const char *difficulties;   /* may be NULL */
  const char *proposals;      /* may be NULL */
  const char *generated_by;   /* may be NULL */
  gint64      generated_at;   /* Unix seconds */
} IocReportInput;

/* Writes the PDF to @path (atomically: a temporary file renamed). */
gboolean     ioc_report_pdf_write  (const IocReportInput *input,
                                    const char           *path,
                                    guint                *out_pages,
                                    GError              **error);

/* The names of the CSV tables, NULL-terminated (static). */
const char *const *ioc_report_table_names (void);
/* One table as CSV (UTF-8, comma, CRLF, RFC 4180 quoting), or NULL with
 * G_IO_ERROR_NOT_FOUND for an unknown name. */
char        *ioc_report_table_csv  (JsonObject  *figures,
                                    const char  *name,
                                    GError     **error);

G_END_DECLS
