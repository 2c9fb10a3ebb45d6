/* test-ranking.c — the praise/criticism rule (ioc-ranking.h) over the
 * province's 2023 overdue table, data/demo/igate_2023_overdue_heatmap.csv
 * (30 agencies × 19 dates). The expected lists were computed once by
 * hand from the table and are written out literally below. */
#include "ioc-ranking.h"

#include <string.h>

static IocRanking *
load_2023 (void)
{
  const char *dir = g_getenv ("IOCD_DATA_DIR");
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  IocRanking *ranking = ioc_ranking_new ();
  guint rows = 0;

  g_assert_nonnull (dir);
  path = g_build_filename (dir, "demo", "igate_2023_overdue_heatmap.csv", NULL);
  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);

  lines = g_strsplit (text, "\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], "row_no,unit_name,unit_id,date,overdue_count"));
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = NULL;
      guint n;

      g_strchomp (lines[i]);
      if (lines[i][0] == '\0')
        continue;
      /* unit names may be quoted and hold commas; the last three
       * fields never do */
      f = g_strsplit (lines[i], ",", -1);
      n = g_strv_length (f);
      g_assert_cmpuint (n, >=, 5);
      ioc_ranking_add (ranking, f[n - 3], f[n - 2],
                       g_ascii_strtoll (f[n - 1], NULL, 10));
      rows++;
    }
  g_assert_cmpuint (rows, ==, 30 * 19);
  return ranking;
}

static void
assert_list (IocRanking         *ranking,
             IocRank             rank,
             const char * const *expected)
{
  g_auto(GStrv) got = ioc_ranking_list (ranking, rank);
  g_autofree char *got_s = g_strjoinv (" ", got);
  g_autofree char *exp_s = g_strjoinv (" ", (char **) expected);

  g_assert_cmpstr (got_s, ==, exp_s);
}

static void
test_ranking_2023 (void)
{
  g_autoptr(IocRanking) ranking = load_2023 ();
  static const char * const zero[] = {
    "huyen_krong_ana", "huyen_krong_nang", "so_cong_thuong", "so_gddt",
    "so_gtvt", "so_khcn", "so_ldtbxh", "so_nnptnt", "so_tai_chinh",
    "so_tttt", "so_vhttdl", "so_xay_dung", "so_y_te", "tx_buon_ho", NULL };
  static const char * const improved[] = {
    "huyen_buon_don", "huyen_cu_mgar", "huyen_ea_sup", "huyen_krong_bong",
    "so_khdt", "so_noi_vu", "so_tnmt", "so_tu_phap", NULL };
  static const char * const criticised[] = {
    "huyen_ea_hleo", "huyen_ea_kar", "huyen_lak", "huyen_mdrak",
    "tp_buon_ma_thuot", NULL };
  GPtrArray *rows = ioc_ranking_compute (ranking);
  guint none = 0;

  g_assert_cmpuint (rows->len, ==, 30);
  /* FACTS/README: 14 units never had an overdue dossier */
  g_assert_cmpuint (g_strv_length ((char **) zero), ==, 14);
  assert_list (ranking, IOC_RANK_PRAISE_ZERO, zero);
  assert_list (ranking, IOC_RANK_PRAISE_IMPROVED, improved);
  assert_list (ranking, IOC_RANK_CRITICISE, criticised);
  for (guint i = 0; i < rows->len; i++)
    {
      const IocRankingRow *row = g_ptr_array_index (rows, i);

      g_assert_cmpstr (row->first_date, ==, "2023-03-02");
      if (row->rank == IOC_RANK_NONE)
        none++;
    }
  g_assert_cmpuint (none, ==, 3);
}

static void
test_ranking_rule (void)
{
  g_autoptr(IocRanking) r = ioc_ranking_new ();

  /* dates out of order on purpose */
  ioc_ranking_add (r, "flat", "2023-02-01", 3);
  ioc_ranking_add (r, "flat", "2023-01-01", 3);
  ioc_ranking_add (r, "halved", "2023-02-01", 2);
  ioc_ranking_add (r, "halved", "2023-01-01", 4);
  ioc_ranking_add (r, "less", "2023-02-01", 3);
  ioc_ranking_add (r, "less", "2023-01-01", 4);
  ioc_ranking_add (r, "newly", "2023-01-01", 0);
  ioc_ranking_add (r, "newly", "2023-02-01", 1);
  ioc_ranking_add (r, "spike", "2023-01-01", 0);
  ioc_ranking_add (r, "spike", "2023-01-15", 9);
  ioc_ranking_add (r, "spike", "2023-02-01", 0);
  ioc_ranking_compute (r);
  {
    static const char * const crit[] = { "flat", "newly", NULL };
    static const char * const impr[] = { "halved", NULL };
    static const char * const zero[] = { NULL };

    assert_list (r, IOC_RANK_CRITICISE, crit);
    assert_list (r, IOC_RANK_PRAISE_IMPROVED, impr);
    assert_list (r, IOC_RANK_PRAISE_ZERO, zero);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ranking/rule", test_ranking_rule);
  g_test_add_func ("/ranking/igate-2023", test_ranking_2023);
  return g_test_run ();
}
