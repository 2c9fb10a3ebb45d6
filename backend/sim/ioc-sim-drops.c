/* ioc-sim-drops.c — the dossier system's and the statistics office's files
 *
 * With --drop-dir DIR, files are written where iocd's import folder
 * ([imports] drop-dir) picks them up, by OWNERS.md contract 1: each one is
 * written whole as DIR/KIND/NAME.csv.part, flushed to disk, then renamed to
 * NAME.csv, so that the importer never sees half a file.
 *
 *   dossier-daily/DATE-ioc-sim-N.csv   today's per-agency counts, in the
 *       long format of igate_2023_overdue_heatmap.csv: unit_id, unit_name,
 *       date, overdue_count, online_over_8h_count — one row per department
 *       and per commune of today; at start and every --drop-interval.
 *   indicators/MONTH-ioc-sim.csv       one month of the 16 indicator groups
 *       (group_code, indicator, month, value, target, unit); the twelve
 *       months before this one at start. Synthetic figures, and named so.
 */
#include "ioc-sim.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

typedef struct {
  char   *id;
  char   *name;
  double  base;   /* this agency's usual overdue count */
} Agency;

typedef struct {
  IocSim    *sim;
  GPtrArray *agencies;   /* Agency* */
  guint      sequence;
  guint      timer_id;
} State;

static void
agency_free (gpointer data)
{
  Agency *a = data;

  g_free (a->id);
  g_free (a->name);
  g_free (a);
}

static void
state_free (gpointer data)
{
  State *s = data;

  g_clear_handle_id (&s->timer_id, g_source_remove);
  g_ptr_array_unref (s->agencies);
  g_free (s);
}

/* Two indicators per group, with their unit, a level for 2025 and a yearly growth. */
static const struct {
  const char *group;
  const char *indicator;
  const char *unit;
  double      level;
  double      growth;
} indicators[] = {
  { "grdp", "Tốc độ tăng GRDP (mô phỏng)", "%", 6.5, 0.0 },
  { "grdp_per_capita", "GRDP bình quân đầu người (mô phỏng)", "triệu đồng", 78, 0.07 },
  { "investment", "Vốn đầu tư toàn xã hội (mô phỏng)", "tỷ đồng", 5200, 0.08 },
  { "projects", "Dự án được cấp chủ trương đầu tư (mô phỏng)", "dự án", 6, 0.05 },
  { "trade", "Kim ngạch xuất khẩu (mô phỏng)", "triệu USD", 160, 0.06 },
  { "retail", "Tổng mức bán lẻ hàng hóa (mô phỏng)", "tỷ đồng", 9800, 0.09 },
  { "budget", "Thu ngân sách nhà nước (mô phỏng)", "tỷ đồng", 1100, 0.05 },
  { "budget", "Chi ngân sách địa phương (mô phỏng)", "tỷ đồng", 2100, 0.04 },
  { "infrastructure", "Đường giao thông được cứng hóa (mô phỏng)", "km", 35, 0.02 },
  { "enterprises", "Doanh nghiệp thành lập mới (mô phỏng)", "doanh nghiệp", 210, 0.06 },
  { "tourism", "Lượt khách du lịch (mô phỏng)", "nghìn lượt", 420, 0.1 },
  { "education", "Lao động được tạo việc làm (mô phỏng)", "người", 3100, 0.03 },
  { "health", "Bác sĩ trên vạn dân (mô phỏng)", "bác sĩ", 10.5, 0.02 },
  { "social", "Tỷ lệ hộ nghèo (mô phỏng)", "%", 8.2, -0.1 },
  { "environment", "Tỷ lệ che phủ rừng (mô phỏng)", "%", 38.1, 0.005 },
  { "security", "Số vụ tai nạn giao thông (mô phỏng)", "vụ", 42, -0.05 },
  { "admin_reform", "Hồ sơ trực tuyến toàn trình (mô phỏng)", "%", 58, 0.12 },
};

/* DIR/KIND/NAME.csv, atomically: NAME.csv.part, flushed, then renamed. */
static gboolean
drop_file (IocSim      *sim,
           const char  *kind,
           const char  *name,
           GString     *text,
           GError     **error)
{
  g_autofree char *dir = g_build_filename (sim->opt.drop_dir, kind, NULL);
  g_autofree char *final = g_build_filename (dir, name, NULL);
  g_autofree char *part = g_strconcat (final, ".part", NULL);

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "cannot create %s: %s", dir, g_strerror (errno));
      return FALSE;
    }
  if (!g_file_set_contents_full (part, text->str, (gssize) text->len,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE, 0644, error))
    return FALSE;
  if (g_rename (part, final) != 0)
    {
      int saved = errno;
      g_unlink (part);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "cannot rename %s: %s", part, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static void
csv_field (GString    *out,
           const char *text)
{
  if (strpbrk (text, ",\"\n\r") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* A Poisson-distributed count (Knuth; the means here are small). */
static guint
poisson (GRand  *r,
         double  mean)
{
  double l = exp (-mean), p = 1.0;
  guint k = 0;

  do
    {
      k++;
      p *= g_rand_double (r);
    }
  while (p > l && k < 1000);
  return k - 1;
}

static void
record (IocSimDriver *d,
        gboolean      ok,
        guint         rows,
        const char   *what,
        GError       *error)
{
  d->stats.sent++;
  if (ok)
    {
      d->stats.ok++;
      d->stats.items += rows;
    }
  else
    {
      d->stats.failed++;
      g_printerr ("ioc-sim: drops: %s: %s\n", what, error->message);
    }
}

static void
drop_daily (IocSim       *sim,
            IocSimDriver *d)
{
  State *s = d->state;
  GRand *r = d->rand;
  g_autoptr(GString) csv = g_string_new ("unit_id,unit_name,date,overdue_count,online_over_8h_count\n");
  g_autofree char *name = g_strdup_printf ("%s-ioc-sim-%u.csv", sim->today, ++s->sequence);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < s->agencies->len; i++)
    {
      Agency *a = g_ptr_array_index (s->agencies, i);
      csv_field (csv, a->id);
      g_string_append_c (csv, ',');
      csv_field (csv, a->name);
      g_string_append_printf (csv, ",%s,%u,%u\n", sim->today, poisson (r, a->base), poisson (r, a->base / 3));
    }
  record (d, drop_file (sim, "dossier-daily", name, csv, &error), s->agencies->len, name, error);
}

static void
drop_month (IocSim       *sim,
            IocSimDriver *d,
            int           year,
            int           month)
{
  GRand *r = d->rand;
  g_autoptr(GString) csv = g_string_new ("group_code,indicator,month,value,target,unit\n");
  g_autofree char *ym = g_strdup_printf ("%04d-%02d", year, month);
  g_autofree char *name = g_strdup_printf ("%s-ioc-sim.csv", ym);
  g_autoptr(GError) error = NULL;
  double years = (year - 2025) + (month - 1) / 12.0;

  for (guint i = 0; i < G_N_ELEMENTS (indicators); i++)
    {
      double trend = indicators[i].level * pow (1 + indicators[i].growth, years);
      double value = trend * (1 + 0.03 * ioc_sim_gauss (r));
      double target = trend * (indicators[i].growth >= 0 ? 1.02 : 0.98);
      char v[G_ASCII_DTOSTR_BUF_SIZE], t[G_ASCII_DTOSTR_BUF_SIZE];

      /* Now and then a month that should raise a warning (budget revenue
       * falling short, as the province's reports warn). */
      if (g_rand_double (r) < 0.04)
        value *= g_rand_boolean (r) ? 0.6 : 1.45;
      g_ascii_formatd (v, sizeof v, "%.2f", value);
      g_ascii_formatd (t, sizeof t, "%.2f", target);
      g_string_append_printf (csv, "%s,", indicators[i].group);
      csv_field (csv, indicators[i].indicator);
      g_string_append_printf (csv, ",%s,%s,%s,", ym, v, t);
      csv_field (csv, indicators[i].unit);
      g_string_append_c (csv, '\n');
    }
  record (d, drop_file (sim, "indicators", name, csv, &error), G_N_ELEMENTS (indicators), name, error);
}

static gboolean
on_daily (gpointer user_data)
{
  IocSimDriver *d = user_data;
  State *s = d->state;

  drop_daily (s->sim, d);
  return G_SOURCE_CONTINUE;
}

static gboolean
add_units (IocSim      *sim,
           State       *s,
           GRand       *r,
           const char  *kinds,
           double       mean,
           GError     **error)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/units?kind=%s&valid_on=%s&limit=5000&sort=id", kinds, sim->today);
  g_autoptr(JsonNode) node = ioc_sim_get_json (sim, path, error);
  JsonArray *items;

  if (node == NULL)
    return FALSE;
  items = json_object_get_array_member (json_node_get_object (node), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *u = json_array_get_object_element (items, i);
      Agency *a = g_new0 (Agency, 1);
      a->id = g_strdup (json_object_get_string_member (u, "id"));
      a->name = g_strdup (json_object_get_string_member (u, "name"));
      a->base = mean * g_rand_double_range (r, 0.1, 2.0);
      g_ptr_array_add (s->agencies, a);
    }
  return TRUE;
}

static gboolean
drops_prepare (IocSim        *sim,
               IocSimDriver  *d,
               gboolean      *enabled,
               GError       **error)
{
  State *s;
  int year, month;

  d->per_hour = 0;   /* its own clock: every --drop-interval */
  if (sim->opt.drop_dir == NULL)
    {
      *enabled = FALSE;
      return TRUE;
    }
  s = g_new0 (State, 1);
  s->sim = sim;
  s->agencies = g_ptr_array_new_with_free_func (agency_free);
  d->state = s;
  d->state_free = state_free;
  if (!add_units (sim, s, d->rand, "department", 6, error) ||
      !add_units (sim, s, d->rand, "ward,commune", 1.5, error))
    return FALSE;

  /* The twelve months before this one, oldest first. */
  year = (int) g_ascii_strtoll (sim->today, NULL, 10);
  month = (int) g_ascii_strtoll (sim->today + 5, NULL, 10);
  for (int k = 12; k >= 1; k--)
    {
      int m = month - k, y = year;
      while (m < 1)
        {
          m += 12;
          y--;
        }
      drop_month (sim, d, y, m);
    }
  drop_daily (sim, d);
  s->timer_id = g_timeout_add_seconds (ioc_sim_scaled (sim, sim->opt.drop_interval_s), on_daily, d);
  ioc_sim_log (sim, "drops: %u agencies, files in %s", s->agencies->len, sim->opt.drop_dir);
  return TRUE;
}

static void
drops_finish (IocSim       *sim,
              IocSimDriver *d)
{
  State *s = d->state;

  g_clear_handle_id (&s->timer_id, g_source_remove);
}

IocSimDriver ioc_sim_driver_drops = {
  .name = "drops",
  .prepare = drops_prepare,
  .finish = drops_finish,
};
