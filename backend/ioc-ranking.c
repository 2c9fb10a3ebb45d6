/* ioc-ranking.c — praise/criticism lists (rule in ioc-ranking.h) */
#include "ioc-ranking.h"

#include <string.h>

struct _IocRanking {
  GHashTable *units;   /* unit id → IocRankingRow* */
  GPtrArray  *rows;    /* computed, sorted */
};

static void
row_free (gpointer p)
{
  IocRankingRow *row = p;

  g_free (row->unit_id);
  g_free (row->first_date);
  g_free (row->last_date);
  g_free (row);
}

IocRanking *
ioc_ranking_new (void)
{
  IocRanking *ranking = g_new0 (IocRanking, 1);

  ranking->units = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, row_free);
  ranking->rows = g_ptr_array_new ();
  return ranking;
}

void
ioc_ranking_free (IocRanking *ranking)
{
  if (ranking == NULL)
    return;
  g_ptr_array_unref (ranking->rows);
  g_hash_table_unref (ranking->units);
  g_free (ranking);
}

void
ioc_ranking_add (IocRanking *ranking,
                 const char *unit_id,
                 const char *date,
                 gint64      count)
{
  IocRankingRow *row;

  g_return_if_fail (ranking != NULL && unit_id != NULL && date != NULL);

  row = g_hash_table_lookup (ranking->units, unit_id);
  if (row == NULL)
    {
      row = g_new0 (IocRankingRow, 1);
      row->unit_id = g_strdup (unit_id);
      row->first_date = g_strdup (date);
      row->last_date = g_strdup (date);
      row->first = row->last = row->max = count;
      g_hash_table_insert (ranking->units, row->unit_id, row);
      return;
    }
  if (strcmp (date, row->first_date) < 0)
    {
      g_free (row->first_date);
      row->first_date = g_strdup (date);
      row->first = count;
    }
  if (strcmp (date, row->last_date) >= 0)
    {
      g_free (row->last_date);
      row->last_date = g_strdup (date);
      row->last = count;
    }
  row->max = MAX (row->max, count);
}

static int
row_cmp (gconstpointer a,
         gconstpointer b)
{
  const IocRankingRow *ra = *(IocRankingRow * const *) a;
  const IocRankingRow *rb = *(IocRankingRow * const *) b;

  return strcmp (ra->unit_id, rb->unit_id);
}

static IocRank
rank_of (const IocRankingRow *row)
{
  if (row->max == 0)
    return IOC_RANK_PRAISE_ZERO;
  if (row->last > 0 && row->last >= row->first)
    return IOC_RANK_CRITICISE;
  if (row->first > 0
      && row->last * 100 <= row->first * (100 - IOC_RANKING_IMPROVED_PERCENT))
    return IOC_RANK_PRAISE_IMPROVED;
  return IOC_RANK_NONE;
}

GPtrArray *
ioc_ranking_compute (IocRanking *ranking)
{
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (ranking != NULL, NULL);

  g_ptr_array_set_size (ranking->rows, 0);
  g_hash_table_iter_init (&iter, ranking->units);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      IocRankingRow *row = value;

      row->rank = rank_of (row);
      g_ptr_array_add (ranking->rows, row);
    }
  g_ptr_array_sort (ranking->rows, row_cmp);
  return ranking->rows;
}

char **
ioc_ranking_list (IocRanking *ranking,
                  IocRank     rank)
{
  GPtrArray *rows = ioc_ranking_compute (ranking);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < rows->len; i++)
    {
      const IocRankingRow *row = g_ptr_array_index (rows, i);

      if (row->rank == rank)
        g_strv_builder_add (builder, row->unit_id);
    }
  return g_strv_builder_end (builder);
}

const char *
ioc_rank_to_string (IocRank rank)
{
  switch (rank)
    {
    case IOC_RANK_PRAISE_ZERO:
      return "praise-zero";
    case IOC_RANK_PRAISE_IMPROVED:
      return "praise-improved";
    case IOC_RANK_CRITICISE:
      return "criticise";
    case IOC_RANK_NONE:
    default:
      return "none";
    }
}
