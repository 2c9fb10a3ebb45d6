/* ioc-ranking.h — the praise/criticism lists of the province's letters
 *
 * Input: overdue-dossier counts per agency per date (dossier_stats
 * 'overdue', or the iGate heatmap table), over a period of dates.
 * For every agency, "first" is its count on the earliest date of the
 * period and "last" its count on the latest date.
 *
 * The rule (one list per agency, first match wins):
 *
 *   IOC_RANK_PRAISE_ZERO      count is 0 on every date of the period
 *                             (no overdue dossier at all)
 *   IOC_RANK_CRITICISE        last > 0 and last >= first
 *                             (still overdue and did not fall)
 *   IOC_RANK_PRAISE_IMPROVED  first > 0 and last <= first * (100 - X) / 100
 *                             with X = IOC_RANKING_IMPROVED_PERCENT (50):
 *                             the count at least halved
 *   IOC_RANK_NONE             anything else (fell, but by less than X %)
 *
 * The same rule applies to the online-not-received-after-8-h counts.
 * On the province's 2023 table (30 agencies × 19 dates) it praises the
 * 14 agencies without any overdue dossier, praises 8 more that at least
 * halved their count, criticises 5 and leaves 3 unranked (see
 * tests/test-ranking.c).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define IOC_RANKING_IMPROVED_PERCENT 50

typedef enum {
  IOC_RANK_NONE,
  IOC_RANK_PRAISE_ZERO,
  IOC_RANK_PRAISE_IMPROVED,
  IOC_RANK_CRITICISE,
} IocRank;

typedef struct {
  char   *unit_id;
  char   *first_date;
  char   *last_date;
  gint64  first;
  gint64  last;
  gint64  max;
  IocRank rank;
} IocRankingRow;

typedef struct _IocRanking IocRanking;

IocRanking    *ioc_ranking_new      (void);
void           ioc_ranking_free     (IocRanking *ranking);
/* One observation; dates are yyyy-mm-dd, any order. */
void           ioc_ranking_add      (IocRanking *ranking,
                                     const char *unit_id,
                                     const char *date,
                                     gint64      count);
/* Applies the rule; rows sorted by unit id (owned by the ranking). */
GPtrArray     *ioc_ranking_compute  (IocRanking *ranking);
/* NULL-terminated, sorted unit ids of one list (free with g_strfreev). */
char         **ioc_ranking_list     (IocRanking *ranking,
                                     IocRank     rank);
const char    *ioc_rank_to_string   (IocRank     rank);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IocRanking, ioc_ranking_free)

G_END_DECLS
