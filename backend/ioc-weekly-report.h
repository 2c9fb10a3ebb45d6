/* ioc-weekly-report.h — preparing, rendering and scheduling weekly reports
 *
 * A report is one weekly_reports row per week (week_start, a Monday):
 *
 *   prepare  (main thread, inside the caller's transaction) writes the row
 *            with status "generating", who asked and the free text, and
 *            queues the rendering for when the transaction has been
 *            committed;
 *   render   (a GTask worker thread, on a database connection of its own)
 *            computes the figures from the committed history
 *            (ioc_briefing_compute_file) and writes <reports-dir>/bao-cao-
 *            tuan-<week>.pdf from them and the free text;
 *   finish   (main thread) stores the figures, sets status "ready" (or
 *            "failed"), file_name and generated_at, and emits
 *            "weekly-report.ready" with {id, week_start, status, file_name,
 *            generated_by, automatic, pages}.
 *
 * A newer preparation of the same row supersedes one still rendering.
 * The scheduler prepares the current week's report every Friday at
 * report-time (default 13:00, province time), as user "iocd", keeping the
 * difficulties and proposals already entered.
 */
#pragma once

#include "ioc-server.h"

G_BEGIN_DECLS

/* reports-dir, or <database dir>/reports (new string). */
char       *ioc_weekly_report_dir     (IocConfig    *config);

/* @difficulties/@proposals NULL: keep what the row has. Returns the row
 * (without figures) as it now is, or NULL. Must run in a transaction. */
JsonObject *ioc_weekly_report_prepare (IocServer    *server,
                                       const char   *week_start,
                                       const char   *difficulties,
                                       const char   *proposals,
                                       const char   *user_name,
                                       gboolean      automatic,
                                       GError      **error);

/* Called by iocd's timer: prepares this week's report when it is Friday
 * past report-time and that has not been done yet. TRUE when it did. */
gboolean    ioc_weekly_report_tick    (IocServer    *server,
                                       gint64        now_unix);

/* How many renderings are queued or running (tests, shutdown). */
guint       ioc_weekly_report_pending (void);

G_END_DECLS
