/* ioc-demo.c — loads data/demo/ into an empty store
 *
 * Units: the 59 units named in the 2018–2023 reports (units.csv), valid
 * until 2025-06-30 except the provincial departments, and the 102 wards and
 * communes in force since 2025-07-01 (map/daklak_communes.geojson) with
 * their centroids and boundaries. A pre-reform ward's successor is read
 * from the `formed_from` text of the new units. Names resolve through
 * unit_name_map.csv and the normalised form of every name.
 *
 * Figures: every table of the reports, as published, into period_stats and
 * dossier_stats, through the same import kinds as any file (ioc-import.h);
 * and the 323 field reports of Buôn Ma Thuột (Phụ lục 02) as individual
 * reports whose statuses add up to the table's columns, so that the
 * console's totals equal the report's.
 *
 * Indicators: the province published no monthly series, so the demo has a
 * SYNTHETIC one for every group, 2010-01 to last month, generated
 * deterministically (ioc_indicators_demo_csv; names end in "(mô phỏng)").
 */
#define G_LOG_DOMAIN "iocd-demo"

#include "ioc-demo.h"
#include "ioc-csv.h"
#include "ioc-import.h"
#include "ioc-indicators.h"
#include "ioc-json.h"
#include "ioc-reports.h"
#include "ioc-users.h"

#include <math.h>
#include <string.h>

static const IocDemoUser demo_users[] = {
  { "duty", "duty", "duty-demo-1022" },
  { "supervisor", "supervisor", "supervisor-demo-1022" },
  { "leader", "leader", "leader-demo-1022" },
  { "admin", "admin", "admin-demo-1022" },
  { NULL }
};

const IocDemoUser *
ioc_demo_users (void)
{
  return demo_users;
}

gboolean
ioc_demo_store_is_empty (IocStore *store)
{
  return ioc_store_count (store, &ioc_entity_units, NULL, NULL) == 0 &&
         ioc_store_count (store, &ioc_entity_users, NULL, NULL) == 0;
}

#define REFORM_END "2025-06-30"
#define REFORM_START "2025-07-01"

static gboolean
add_name (IocStore    *store,
          const char  *name,
          const char  *unit_id,
          const char  *seen_in,
          GError     **error)
{
  g_autofree char *norm = ioc_name_normalize (name);
  g_autoptr(IocQuery) q = ioc_query_new ();
  g_autoptr(JsonObject) row = NULL;

  /* A spelling may name a unit before the 2025 reform and another after
   * it ("UBND phường Tân Lập"): one row per (name, unit). >= and <= make
   * an exact match (an EQ value with a comma is a list). */
  ioc_query_add_filter (q, "norm", IOC_FILTER_GE, norm);
  ioc_query_add_filter (q, "norm", IOC_FILTER_LE, norm);
  ioc_query_add_filter (q, "unit_id", IOC_FILTER_EQ, unit_id);
  if (ioc_store_count (store, &ioc_entity_unit_names, q, NULL) > 0)
    return TRUE;
  row = json_object_new ();
  json_object_set_string_member (row, "norm", norm);
  json_object_set_string_member (row, "name", name);
  json_object_set_string_member (row, "unit_id", unit_id);
  if (seen_in != NULL)
    json_object_set_string_member (row, "seen_in", seen_in);
  return ioc_store_insert (store, &ioc_entity_unit_names, row, NULL, error);
}

static gboolean
load_old_units (IocStore    *store,
                const char  *dir,
                GError     **error)
{
  static const char *const cols[] = { "unit_id", "name_vi", "kind", "parent_id", NULL };
  g_autofree char *path = g_build_filename (dir, "units.csv", NULL);
  g_autoptr(IocCsv) csv = ioc_csv_load (path, error);
  g_autoptr(JsonObject) province = json_object_new ();

  if (csv == NULL || !ioc_csv_require (csv, cols, error))
    return FALSE;

  /* The province itself, which outlived the reform (enlarged by Phú Yên). */
  json_object_set_string_member (province, "id", "tinh_daklak");
  json_object_set_string_member (province, "code", "66");
  json_object_set_string_member (province, "name", "Đắk Lắk");
  json_object_set_string_member (province, "full_name", "Tỉnh Đắk Lắk");
  json_object_set_string_member (province, "kind", "province");
  json_object_set_double_member (province, "lat", 12.71);
  json_object_set_double_member (province, "lon", 108.24);
  if (!ioc_store_insert (store, &ioc_entity_units, province, NULL, error))
    return FALSE;
  {
    /* The provincial police own the traffic cameras; not in the reports' tables. */
    g_autoptr(JsonObject) police = json_object_new ();
    json_object_set_string_member (police, "id", "cong_an_tinh");
    json_object_set_string_member (police, "name", "Công an tỉnh");
    json_object_set_string_member (police, "full_name", "Công an tỉnh Đắk Lắk");
    json_object_set_string_member (police, "kind", "police");
    json_object_set_string_member (police, "parent_id", "tinh_daklak");
    json_object_set_double_member (police, "lat", 12.6797);
    json_object_set_double_member (police, "lon", 108.0447);
    if (!ioc_store_insert (store, &ioc_entity_units, police, NULL, error) ||
        !add_name (store, "Công an tỉnh Đắk Lắk", "cong_an_tinh", "demo", error))
      return FALSE;
  }

  for (guint r = 0; r < csv->rows->len; r++)
    {
      g_autoptr(JsonObject) u = json_object_new ();
      const char *id = ioc_csv_get (csv, r, 0);
      const char *name = ioc_csv_get (csv, r, 1);
      const char *kind = ioc_csv_get (csv, r, 2);
      const char *parent = ioc_csv_get (csv, r, 3);

      json_object_set_string_member (u, "id", id);
      json_object_set_string_member (u, "name", name);
      json_object_set_string_member (u, "full_name", name);
      json_object_set_string_member (u, "kind", kind);
      json_object_set_string_member (u, "parent_id", parent != NULL && *parent ? parent : "tinh_daklak");
      /* Districts, their wards and bodies ended with the reform; the
       * provincial departments go on (their own mergers are not in our data). */
      if (!g_str_equal (kind, "department"))
        json_object_set_string_member (u, "valid_to", REFORM_END);
      if (!ioc_store_insert (store, &ioc_entity_units, u, NULL, error) ||
          !add_name (store, name, id, "canonical", error))
        {
          g_prefix_error (error, "units.csv line %u: ", ioc_csv_line (csv, r));
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
load_name_map (IocStore    *store,
               const char  *dir,
               GError     **error)
{
  static const char *const cols[] = { "name_vi", "unit_id", "seen_in", NULL };
  g_autofree char *path = g_build_filename (dir, "unit_name_map.csv", NULL);
  g_autoptr(IocCsv) csv = ioc_csv_load (path, error);

  if (csv == NULL || !ioc_csv_require (csv, cols, error))
    return FALSE;
  for (guint r = 0; r < csv->rows->len; r++)
    if (!add_name (store, ioc_csv_get (csv, r, 0), ioc_csv_get (csv, r, 1), ioc_csv_get (csv, r, 2), error))
      {
        g_prefix_error (error, "unit_name_map.csv line %u: ", ioc_csv_line (csv, r));
        return FALSE;
      }
  return TRUE;
}

/* "Phường Tân Hòa, Phường Tân Lập, Xã Hòa Thắng (thành phố Buôn Ma Thuột)" */
static gboolean
link_predecessors (IocStore        *store,
                   IocUnitResolver *units,
                   const char      *new_id,
                   const char      *formed_from,
                   GError         **error)
{
  g_auto(GStrv) parts = g_strsplit (formed_from, ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *part = g_strstrip (g_strdup (parts[i]));
      char *paren = strchr (part, '(');
      g_autofree char *with_ubnd = NULL;
      g_autofree char *old_id = NULL;
      g_autoptr(JsonObject) old = NULL;
      g_autoptr(JsonObject) changes = NULL;

      if (paren != NULL)
        *paren = '\0';
      g_strstrip (part);
      with_ubnd = g_strconcat ("UBND ", part, NULL);
      old_id = g_strdup (ioc_unit_resolver_lookup (units, NULL, with_ubnd, REFORM_END, NULL));
      if (old_id == NULL)
        continue;   /* a unit our reports never named */
      old = ioc_store_get (store, &ioc_entity_units, old_id, FALSE, NULL);
      if (old == NULL || json_object_get_null_member (old, "valid_to"))
        continue;
      changes = json_object_new ();
      json_object_set_string_member (changes, "successor_id", new_id);
      if (!ioc_store_update (store, &ioc_entity_units, old_id, changes, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
load_new_units (IocStore    *store,
                const char  *dir,
                GError     **error)
{
  g_autofree char *cpath = g_build_filename (dir, "map", "centroids.csv", NULL);
  g_autofree char *gpath = g_build_filename (dir, "map", "daklak_communes.geojson", NULL);
  g_autoptr(IocCsv) centroids = ioc_csv_load (cpath, error);
  g_autofree char *text = NULL;
  gsize len;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GHashTable) points = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(IocUnitResolver) units = NULL;
  JsonArray *features;
  int code_col, lat_col, lon_col;

  if (centroids == NULL)
    return FALSE;
  code_col = ioc_csv_column (centroids, "code");
  lat_col = ioc_csv_column (centroids, "lat");
  lon_col = ioc_csv_column (centroids, "lon");
  if (code_col < 0 || lat_col < 0 || lon_col < 0)
    {
      g_set_error (error, IOC_CSV_ERROR, IOC_CSV_ERROR_HEADER, "%s: code, lat and lon are required", cpath);
      return FALSE;
    }
  for (guint r = 0; r < centroids->rows->len; r++)
    g_hash_table_insert (points, (gpointer) ioc_csv_get (centroids, r, code_col), GUINT_TO_POINTER (r + 1));

  /* The units before the reform, to name the predecessors of the new ones. */
  units = ioc_unit_resolver_load (store, error);
  if (units == NULL)
    return FALSE;
  if (!g_file_get_contents (gpath, &text, &len, error))
    return FALSE;
  root = ioc_json_parse (text, len, error);
  if (root == NULL)
    {
      g_prefix_error (error, "%s: ", gpath);
      return FALSE;
    }
  features = json_object_get_array_member (json_node_get_object (root), "features");
  for (guint i = 0; i < json_array_get_length (features); i++)
    {
      JsonObject *f = json_array_get_object_element (features, i);
      JsonObject *props = json_object_get_object_member (f, "properties");
      const char *code = json_object_get_string_member (props, "code");
      g_autofree char *id = g_strdup_printf ("u2025_%s", code);
      g_autoptr(JsonObject) u = json_object_new ();
      guint row = GPOINTER_TO_UINT (g_hash_table_lookup (points, code));
      const char *formed = json_object_get_string_member_with_default (props, "formed_from", NULL);

      json_object_set_string_member (u, "id", id);
      json_object_set_string_member (u, "code", code);
      json_object_set_string_member (u, "name", json_object_get_string_member (props, "name_vi"));
      json_object_set_string_member (u, "full_name", json_object_get_string_member (props, "full_name_vi"));
      json_object_set_string_member (u, "kind", json_object_get_string_member (props, "kind"));
      json_object_set_string_member (u, "parent_id", "tinh_daklak");
      json_object_set_string_member (u, "valid_from", REFORM_START);
      if (row > 0)
        {
          double lat = 0, lon = 0;
          if (!ioc_csv_get_double (centroids, row - 1, lat_col, &lat, error) ||
              !ioc_csv_get_double (centroids, row - 1, lon_col, &lon, error))
            return FALSE;
          json_object_set_double_member (u, "lat", lat);
          json_object_set_double_member (u, "lon", lon);
        }
      if (formed != NULL)
        json_object_set_string_member (u, "formed_from", formed);
      json_object_set_member (u, "boundary", json_node_copy (json_object_get_member (f, "geometry")));
      {
        g_autofree char *ubnd = g_strconcat ("UBND ", json_object_get_string_member (props, "full_name_vi"), NULL);
        if (!ioc_store_insert (store, &ioc_entity_units, u, NULL, error) ||
            !add_name (store, json_object_get_string_member (props, "full_name_vi"), id, "map", error) ||
            !add_name (store, ubnd, id, "map", error))
          return FALSE;
      }
      if (formed != NULL && !link_predecessors (store, units, id, formed, error))
        return FALSE;
    }
  return TRUE;
}

/* One of the province's tables through its import kind, in the demo's
 * transaction. */
static gboolean
load_table (IocStore         *store,
            IocUnitResolver  *units,
            const char       *dir,
            const char       *file,
            const char       *kind,
            const char       *from,
            const char       *to,
            GError          **error)
{
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autofree char *data = NULL;
  IocImportOptions opts = { 0 };
  IocImportResult result;
  gsize len;
  gboolean ok;

  if (!g_file_get_contents (path, &data, &len, error))
    return FALSE;
  opts.period_from = g_strdup (from);
  opts.period_to = g_strdup (to);
  opts.file_name = g_strdup (file);
  opts.units = ioc_unit_resolver_ref (units);
  opts.now = g_get_real_time () / G_USEC_PER_SEC;
  ioc_import_result_init (&result);
  ok = ioc_import_run (store, NULL, ioc_import_kind_find (kind), &opts, data, len, &result, error);
  ioc_import_result_clear (&result);
  ioc_import_options_clear (&opts);
  if (!ok)
    g_prefix_error (error, "%s: ", file);
  return ok;
}

/* The SYNTHETIC monthly indicators, up to last month. */
static gboolean
load_indicators (IocStore         *store,
                 IocUnitResolver  *units,
                 GError          **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (ioc_time_zone_local ());
  g_autoptr(GDateTime) last = g_date_time_add_months (now, -1);
  g_autofree char *month = g_date_time_format (last, "%Y-%m");
  g_autofree char *data = NULL;
  IocImportOptions opts = { 0 };
  IocImportResult result;
  gsize len;
  gboolean ok;

  data = ioc_indicators_demo_csv (month, &len);
  opts.file_name = g_strdup ("indicators (SYNTHETIC demo series)");
  opts.units = ioc_unit_resolver_ref (units);
  opts.now = g_get_real_time () / G_USEC_PER_SEC;
  ioc_import_result_init (&result);
  ok = ioc_import_run (store, NULL, ioc_import_kind_find ("indicators"), &opts, data, len, &result, error);
  ioc_import_result_clear (&result);
  ioc_import_options_clear (&opts);
  if (!ok)
    g_prefix_error (error, "synthetic indicators: ");
  return ok;
}

/* A small deterministic generator, so that every demo database is the same. */
static guint32
next_rand (guint32 *state)
{
  *state = *state * 1664525u + 1013904223u;
  return *state >> 8;
}

static double
rand_unit (guint32 *state)
{
  return (next_rand (state) & 0xffffff) / (double) 0x1000000;
}

/* The old ward's place on today's map: its successor's centroid, or the
 * centre of Buôn Ma Thuột for the city's own bodies. */
static void
unit_position (IocStore   *store,
               const char *unit_id,
               double     *lat,
               double     *lon)
{
  g_autoptr(JsonObject) u = ioc_store_get (store, &ioc_entity_units, unit_id, FALSE, NULL);
  const char *succ = u != NULL ? json_object_get_string_member_with_default (u, "successor_id", NULL) : NULL;
  g_autoptr(JsonObject) s = succ != NULL ? ioc_store_get (store, &ioc_entity_units, succ, FALSE, NULL) : NULL;

  *lat = 12.6667;
  *lon = 108.0383;
  if (s != NULL && !json_object_get_null_member (s, "lat"))
    {
      *lat = json_object_get_double_member (s, "lat");
      *lon = json_object_get_double_member (s, "lon");
    }
}

static gboolean
load_field_reports (IocStore    *store,
                    const char  *dir,
                    GError     **error)
{
  static const char *const cols[] = {
    "unit_id", "received", "forwarded", "processed", "overdue_unprocessed",
    "pending_within_deadline", "not_eligible", "dissatisfied", NULL
  };
  static const char *const pilot[] = {
    "sidewalk_encroachment", "advertising", "street_trading", "unlicensed_construction",
    "wastewater", "littering", "phone_number", "other"
  };
  static const char *const texts[] = {
    "Hàng quán lấn chiếm vỉa hè, người đi bộ phải đi xuống lòng đường",
    "Biển quảng cáo treo sai quy định trên cột điện",
    "Tụ tập buôn bán ở ngã tư gây ùn tắc giờ cao điểm",
    "Công trình xây dựng không có giấy phép, che chắn không đảm bảo",
    "Nước thải chảy tràn ra đường, bốc mùi hôi",
    "Rác thải đổ bừa bãi ở khu đất trống",
    "Số điện thoại quảng cáo dán trên tường nhà dân",
    "Đèn đường bị hỏng nhiều ngày chưa được sửa",
  };
  g_autofree char *path = g_build_filename (dir, "field_reports_bmt_2021_2023.csv", NULL);
  g_autoptr(IocCsv) csv = ioc_csv_load (path, error);
  gint64 start, end;
  guint32 seed = 20230320;
  int idx[8];

  if (csv == NULL || !ioc_csv_require (csv, cols, error))
    return FALSE;
  for (guint i = 0; i < 7; i++)
    idx[i] = ioc_csv_column (csv, cols[i + 1]);
  ioc_time_parse ("2021-05-15T07:00:00", ioc_time_zone_local (), &start);
  ioc_time_parse ("2023-03-20T17:00:00", ioc_time_zone_local (), &end);

  for (guint r = 0; r < csv->rows->len; r++)
    {
      const char *unit = ioc_csv_get (csv, r, ioc_csv_column (csv, "unit_id"));
      gint64 n[7];
      double base_lat, base_lon;

      for (guint i = 0; i < 7; i++)
        if (!ioc_csv_get_int (csv, r, idx[i], &n[i], error))
          return FALSE;
      unit_position (store, unit, &base_lat, &base_lon);

      /* received = forwarded + processed + overdue + pending, row by row. */
      for (gint64 k = 0; k < n[0]; k++)
        {
          g_autoptr(JsonObject) row = json_object_new ();
          guint cat = next_rand (&seed) % G_N_ELEMENTS (pilot);
          gint64 received = start + (gint64) (rand_unit (&seed) * (end - start - 10 * 86400));
          const char *status;
          gint64 deadline = received + 72 * 3600;
          g_autofree char *id = NULL;
          double angle = rand_unit (&seed) * 2 * G_PI, dist = 0.004 + rand_unit (&seed) * 0.02;

          if (k < n[1])
            status = "forwarded";
          else if (k < n[1] + n[2])
            status = "processed";
          else if (k < n[1] + n[2] + n[3])
            status = "overdue";
          else
            status = "assigned";

          json_object_set_string_member (row, "source", (k % 3) == 0 ? "hotline" : "app");
          json_object_set_string_member (row, "category", pilot[cat]);
          json_object_set_string_member (row, "description", texts[cat]);
          json_object_set_double_member (row, "lat", round ((base_lat + dist * sin (angle)) * 1e5) / 1e5);
          json_object_set_double_member (row, "lon", round ((base_lon + dist * cos (angle)) * 1e5) / 1e5);
          json_object_set_int_member (row, "received_at", received);
          json_object_set_string_member (row, "status", status);
          json_object_set_string_member (row, "unit_id", unit);
          /* Forwarded reports left for bodies outside the IOC's workflow
           * (the report counts them with the processed ones): no deadline
           * runs for them here. */
          if (!g_str_equal (status, "forwarded"))
            json_object_set_int_member (row, "deadline", deadline);
          json_object_set_int_member (row, "updated_at", received + 86400);
          json_object_set_boolean_member (row, "escalated", FALSE);
          if (g_str_equal (status, "processed"))
            json_object_set_string_member (row, "resolution", "Đã xử lý, đơn vị báo cáo kết quả");
          /* The breakdowns: the first ones of the row are the dissatisfied. */
          if (k < n[6])
            json_object_set_string_member (row, "satisfaction", "dissatisfied");
          if (!ioc_store_insert (store, &ioc_entity_reports, row, &id, error) ||
              !ioc_report_add_history (store, g_ascii_strtoll (id, NULL, 10), "demo", "imported",
                                       NULL, status, unit, deadline, "Phụ lục 02 (20/3/2023)", error))
            return FALSE;
        }
    }
  return TRUE;
}

/* 23 cameras of the provincial police and 109 of the Thống Nhất ward
 * police (001_…txt §II.2), placed around the centre of Buôn Ma Thuột. The
 * simulator serves their streams on rtsp://127.0.0.1:8554/cam-NNN. */
static gboolean
load_cameras (IocStore  *store,
              GError   **error)
{
  guint32 seed = 132;

  for (guint i = 1; i <= 132; i++)
    {
      g_autoptr(JsonObject) c = json_object_new ();
      g_autofree char *id = g_strdup_printf ("cam-%03u", i);
      g_autofree char *name = NULL;
      g_autofree char *main_uri = g_strdup_printf ("rtsp://127.0.0.1:8554/%s", id);
      g_autofree char *sub_uri = g_strdup_printf ("rtsp://127.0.0.1:8554/%s-sub", id);
      gboolean provincial = i <= 23;
      double angle = rand_unit (&seed) * 2 * G_PI;
      double dist = provincial ? 0.005 + rand_unit (&seed) * 0.05 : rand_unit (&seed) * 0.012;
      double clat = provincial ? 12.6667 : 12.6820, clon = provincial ? 108.0383 : 108.0470;
      JsonArray *ai = json_array_new ();

      if (provincial)
        name = g_strdup_printf ("CA tỉnh %02u — nút giao %u", i, i);
      else
        name = g_strdup_printf ("CA P. Thống Nhất %03u", i - 23);
      if (i <= 3)
        {
          json_array_add_string_element (ai, "red_light");
          json_array_add_string_element (ai, "plate");
          json_array_add_string_element (ai, "congestion");
        }
      else if (i >= 24 && i <= 26)
        {
          json_array_add_string_element (ai, "crowd");
          json_array_add_string_element (ai, "intrusion");
        }
      json_object_set_string_member (c, "id", id);
      json_object_set_string_member (c, "name", name);
      json_object_set_double_member (c, "lat", round ((clat + dist * sin (angle)) * 1e5) / 1e5);
      json_object_set_double_member (c, "lon", round ((clon + dist * cos (angle)) * 1e5) / 1e5);
      json_object_set_double_member (c, "heading", (double) (next_rand (&seed) % 360));
      json_object_set_string_member (c, "owner_unit_id", provincial ? "cong_an_tinh" : "bmt_phuong_thong_nhat");
      json_object_set_string_member (c, "kind", provincial ? "traffic" : "security");
      json_object_set_string_member (c, "rtsp_main", main_uri);
      json_object_set_string_member (c, "rtsp_sub", sub_uri);
      json_object_set_array_member (c, "ai_features", ai);
      json_object_set_string_member (c, "status", "unknown");
      json_object_set_int_member (c, "updated_at", g_get_real_time () / G_USEC_PER_SEC);
      if (!ioc_store_insert (store, &ioc_entity_cameras, c, NULL, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
load_all (IocStore    *store,
          const char  *data_dir,
          GError     **error)
{
  g_autofree char *dir = g_build_filename (data_dir, "demo", NULL);
  g_autoptr(IocUnitResolver) units = NULL;

  if (!load_old_units (store, dir, error) ||
      !load_name_map (store, dir, error) ||
      !load_new_units (store, dir, error))
    return FALSE;

  units = ioc_unit_resolver_load (store, error);
  if (units == NULL)
    return FALSE;
  if (!load_table (store, units, dir, "igate_2023_overdue_heatmap.csv", "dossier-daily", NULL, NULL, error) ||
      !load_table (store, units, dir, "igate_2023_reception_channels.csv", "reception-channels", "2022-12-15", "2023-12-14", error) ||
      !load_table (store, units, dir, "igate_2018q1_by_agency.csv", "dossier-summary", "2018-01-01", "2018-03-31", error) ||
      !load_table (store, units, dir, "idesk_2018q1.csv", "idesk-summary", "2018-01-01", "2018-03-31", error) ||
      !load_table (store, units, dir, "field_reports_bmt_2021_2023.csv", "field-report-summary", "2021-05-15", "2023-03-20", error) ||
      !load_indicators (store, units, error))
    return FALSE;
  if (!load_field_reports (store, dir, error) || !load_cameras (store, error))
    return FALSE;

  for (const IocDemoUser *u = demo_users; u->name != NULL; u++)
    {
      g_autoptr(JsonObject) row = ioc_user_add (store, u->name, u->role, u->password, error);
      if (row == NULL)
        return FALSE;
    }
  {
    g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
    json_node_take_object (node, json_object_new ());
    json_object_set_string_member (json_node_get_object (node), "what", "demo");
    if (ioc_store_append_event (store, "store.loaded", node, error) == 0)
      return FALSE;
  }
  return TRUE;
}

gboolean
ioc_demo_load (IocStore    *store,
               const char  *data_dir,
               GError     **error)
{
  if (!ioc_store_begin (store, error))
    return FALSE;
  if (!load_all (store, data_dir, error))
    {
      ioc_store_rollback (store);
      g_prefix_error (error, "demo data not loaded, nothing was written: ");
      return FALSE;
    }
  return ioc_store_commit (store, error);
}
