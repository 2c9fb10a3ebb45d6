/* ioc-indicators.h — the 16 groups of socio-economic indicators
 *
 * The statistics office and Sở Kế hoạch và Đầu tư supply monthly figures
 * in 16 indicator groups (shared/data/FACTS.md, "Socio-economic
 * indicators"). Rows of the `indicators` collection carry one of these
 * codes in group_code. An imported month whose value moved too far from
 * the previous month, or too far below its target, carries an anomaly:
 *
 *   anomaly          NULL, "mom_change" (month-on-month change beyond the
 *                    threshold) or "off_target" (below target beyond the
 *                    threshold); both thresholds are configurable
 *   anomaly_detail   one English line with the figures, e.g.
 *                    "-32.5 % against 2023-01 (threshold 20 %)"
 *
 * and each new anomaly is an event "indicator.anomaly" whose data is the
 * row.
 */
#pragma once

#include <glib.h>

#include "ioc-config.h"

G_BEGIN_DECLS

typedef struct {
  const char *code;
  const char *name_en;   /* English source string (the console translates it) */
  const char *name_vi;   /* as the province's reports write it (for the PDF) */
} IocIndicatorGroup;

static const IocIndicatorGroup ioc_indicator_groups[] = {
  { "grdp",            "GRDP (2010 prices)",                              "Tổng sản phẩm xã hội GRDP (giá so sánh 2010)" },
  { "grdp_per_capita", "GRDP per head (current prices)",                  "GRDP đầu người (giá hiện hành)" },
  { "investment",      "Total social investment",                         "Tổng vốn đầu tư xã hội" },
  { "projects",        "Investment projects attracted",                   "Số dự án thu hút đầu tư" },
  { "trade",           "Export and import turnover",                      "Tổng kim ngạch xuất, nhập khẩu" },
  { "retail",          "Retail sales and consumer services",              "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng" },
  { "budget",          "Budget revenue and expenditure",                  "Thu chi ngân sách" },
  { "infrastructure",  "Infrastructure",                                  "Phát triển hạ tầng" },
  { "enterprises",     "Enterprises",                                     "Phát triển doanh nghiệp" },
  { "tourism",         "Tourism",                                         "Các chỉ tiêu du lịch" },
  { "education",       "Education and employment",                        "Giáo dục, việc làm" },
  { "health",          "Health",                                          "Y tế" },
  { "social",          "Social",                                          "Xã hội" },
  { "environment",     "Environment",                                     "Môi trường" },
  { "security",        "Defence, security and order",                     "Các chỉ tiêu ANQP và trật tự an toàn" },
  { "admin_reform",    "Administrative-reform indices",                   "Các chỉ số về cải cách hành chính" },
  { NULL, NULL, NULL }
};

static inline const IocIndicatorGroup *
ioc_indicator_group_find (const char *code)
{
  for (const IocIndicatorGroup *g = ioc_indicator_groups; code != NULL && g->code != NULL; g++)
    if (g_str_equal (g->code, code))
      return g;
  return NULL;
}

/* ---- imports (ioc-indicators.c) --------------------------------------
 *
 * Import kind `indicators` (CSV, or JSON objects): group_code, indicator,
 * month (yyyy-mm), value, target (optional), unit (optional); keyed by
 * (group_code, indicator, month). After an import every series it touched
 * is checked again month by month:
 *
 *   mom_change   |value − previous month's value| / |previous| above
 *                [indicators] mom-threshold percent (20)
 *   off_target   value below target by more than target-threshold percent
 *                of the target (10)
 *
 * When both hold, the one further beyond its threshold is kept. A row
 * whose anomaly appears (or changes kind) gets an event
 * "indicator.anomaly"; a re-import of the same figures emits nothing. */

/* Checks the [indicators] keys (for the connector's start). */
gboolean ioc_indicators_check_config (IocConfig   *config,
                                      GError     **error);

/* The demo's SYNTHETIC monthly series (the province published none):
 * every group from 2010-01 to @last_month ("yyyy-mm"), deterministic, with
 * a few anomalies (budget revenue in 2023-06, budget expenditure in
 * 2026-10, tourism in 2020 (COVID-19), administrative reform in 2025-07).
 * CSV text for the `indicators` kind; indicator names end in
 * "(mô phỏng)". See data/demo/README.md. */
char    *ioc_indicators_demo_csv     (const char  *last_month,
                                      gsize       *length);

G_END_DECLS
