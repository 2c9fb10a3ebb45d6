/* test-import-parse.c — the import kinds' parsers, without a store
 *
 * Times, working hours, periods, unit resolution by name and validity, and
 * for every kind: a good file is counted, a bad one is refused naming the
 * line and the reason.
 */
#include "ioc-dossier.h"
#include "ioc-import-private.h"
#include "ioc-indicators.h"
#include "ioc-json.h"

#include <string.h>

static gint64
t (const char *local)
{
  gint64 v = 0;
  g_assert_true (ioc_import_parse_time (local, &v));
  return v;
}

static void
test_times (void)
{
  gint64 v;

  /* Province time is UTC+7. */
  g_assert_cmpint (t ("2023-03-02 08:15"), ==, 1677719700);
  g_assert_cmpint (t ("2023-03-02T08:15:00"), ==, 1677719700);
  g_assert_cmpint (t ("02/03/2023 08:15"), ==, 1677719700);
  g_assert_cmpint (t ("02/03/2023 08:15:00"), ==, 1677719700);
  g_assert_cmpint (t ("2023-03-02T01:15:00Z"), ==, 1677719700);
  g_assert_cmpint (t ("2023-03-02T03:15:00+02:00"), ==, 1677719700);
  g_assert_cmpint (t ("2023-03-02T08:15:00.250+0700"), ==, 1677719700);
  g_assert_cmpint (t ("2023-03-02"), ==, 1677690000);   /* midnight, province time */
  g_assert_cmpint (t ("2024-02-29 23:59:59"), ==, 1709225999);
  for (const char *const *bad = (const char *const[]) {
         "", "2023-02-29 10:00", "2023-13-01", "2023-03-02 24:00", "2023-03-02 08:60",
         "31/04/2023", "1999-12-31 10:00", "2023-03-02 08:15 ", "2023-03-02x", "2023/03/02",
         "1677719700", "2023-03-02T08:15+25:00", NULL }; *bad; bad++)
    if (ioc_import_parse_time (*bad, &v))
      g_error ("“%s” parsed", *bad);

  /* Days in province time: 23:30 UTC is already tomorrow. */
  {
    char buf[11];
    ioc_day_format (ioc_day_of_time (t ("2023-03-02T23:30:00Z")), buf);
    g_assert_cmpstr (buf, ==, "2023-03-03");
    ioc_day_format (ioc_day_of_time (t ("2023-03-02 00:00")), buf);
    g_assert_cmpstr (buf, ==, "2023-03-02");
    ioc_day_format (ioc_day_of_time (t ("2023-03-01 23:59:59")), buf);
    g_assert_cmpstr (buf, ==, "2023-03-01");
  }
}

static char *
local (gint64 unix_seconds)
{
  char buf[11];
  gint32 day = ioc_day_of_time (unix_seconds);
  gint64 s = unix_seconds - ioc_time_of_day (day);

  ioc_day_format (day, buf);
  return g_strdup_printf ("%s %02d:%02d", buf, (int) (s / 3600), (int) (s / 60 % 60));
}

static void
assert_deadline (const IocWorkingHours *h,
                 const char            *received,
                 const char            *expected)
{
  g_autofree char *got = local (ioc_working_hours_accept_deadline (h, t (received)));
  g_assert_cmpstr (got, ==, expected);
}

static void
test_working_hours (void)
{
  g_autoptr(IocWorkingHours) h = ioc_working_hours_new_default ();
  g_autoptr(IocConfig) config = ioc_config_new ();
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GError) error = NULL;

  /* 2023-02-03 is a Friday. Mon–Fri 07:30–11:30, 13:30–17:00 = 7.5 h a day. */
  assert_deadline (h, "2023-02-03 15:00", "2023-02-06 15:30");  /* 2 h Fri + 4 h + 2 h Mon */
  assert_deadline (h, "2023-02-03 08:00", "2023-02-06 08:30");  /* lunch is not working time */
  assert_deadline (h, "2023-02-03 11:00", "2023-02-06 11:30");
  assert_deadline (h, "2023-02-04 10:00", "2023-02-07 08:00");  /* Saturday: from Monday 07:30 */
  assert_deadline (h, "2023-02-05 23:00", "2023-02-07 08:00");  /* Sunday night */
  assert_deadline (h, "2023-02-06 12:15", "2023-02-07 14:00");  /* in the lunch break */
  assert_deadline (h, "2023-02-06 06:00", "2023-02-07 08:00");  /* before the office opens */
  assert_deadline (h, "2023-02-06 17:30", "2023-02-08 08:00");  /* after it closes */
  assert_deadline (h, "2023-02-06 07:30", "2023-02-07 08:00");
  g_assert_cmpint (ioc_working_hours_add (h, t ("2023-02-06 09:00"), 3600), ==, t ("2023-02-06 10:00"));
  g_assert_cmpint (ioc_working_hours_add (h, t ("2023-02-06 11:00"), 3600), ==, t ("2023-02-06 14:00"));
  g_assert_cmpint (ioc_working_hours_add (h, t ("2023-02-06 11:30"), 0), ==, t ("2023-02-06 11:30"));

  /* Configured: Saturday mornings too, one holiday, 4 hours. */
  g_key_file_set_string (kf, "dossiers", "working-hours", "07:00-11:00, 13:00-16:30");
  g_key_file_set_string (kf, "dossiers", "working-days", "mon,tue,wed,thu,fri,sat");
  g_key_file_set_string (kf, "dossiers", "holidays", "2023-02-06");
  g_key_file_set_string (kf, "dossiers", "online-accept-hours", "4");
  config->keyfile = g_key_file_ref (kf);
  {
    g_autoptr(IocWorkingHours) c = ioc_working_hours_new_from_config (config, &error);
    g_assert_no_error (error);
    assert_deadline (c, "2023-02-03 15:00", "2023-02-04 09:30");   /* 1.5 h Fri, 2.5 h Sat */
    assert_deadline (c, "2023-02-04 17:00", "2023-02-07 11:00");   /* Monday is a holiday */
  }
  for (const char *const *bad = (const char *const[]) {
         "working-hours", "11:30-07:30", "working-hours", "07:30", "working-hours", "07:30-11:30,11:00-12:00",
         "working-hours", "25:00-26:00", "working-days", "mon,funday", "holidays", "2023-02-30",
         "online-accept-hours", "0", NULL }; *bad; bad += 2)
    {
      g_autoptr(GKeyFile) k2 = g_key_file_new ();
      g_autoptr(IocWorkingHours) c = NULL;
      g_key_file_set_string (k2, "dossiers", bad[0], bad[1]);
      g_key_file_unref (config->keyfile);
      config->keyfile = g_key_file_ref (k2);
      c = ioc_working_hours_new_from_config (config, &error);
      if (c != NULL)
        g_error ("[dossiers] %s=%s accepted", bad[0], bad[1]);
      g_assert_nonnull (strstr (error->message, bad[0]));
      g_clear_error (&error);
    }
}

static void
test_periods (void)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (ioc_import_parse_period ("2023-01-01..2023-12-31", &from, &to, &error));
  g_assert_cmpstr (from, ==, "2023-01-01");
  g_assert_cmpstr (to, ==, "2023-12-31");
  g_clear_pointer (&from, g_free);
  g_clear_pointer (&to, g_free);
  g_assert_false (ioc_import_parse_period ("2023-12-31..2023-01-01", &from, &to, &error));
  g_clear_error (&error);
  g_assert_false (ioc_import_parse_period ("2023-01-01", &from, &to, &error));
  g_clear_error (&error);
  g_assert_false (ioc_import_parse_period ("2023-01-01..2023-02-30", &from, &to, &error));
  g_clear_error (&error);

  g_assert_true (ioc_import_period_in_name ("2023-01-01..2023-12-31-igate.csv", &from, &to));
  g_assert_cmpstr (from, ==, "2023-01-01");
  g_clear_pointer (&from, g_free);
  g_clear_pointer (&to, g_free);
  g_assert_true (ioc_import_period_in_name ("igate q1 2018-01-01..2018-03-31.csv", &from, &to));
  g_assert_cmpstr (to, ==, "2018-03-31");
  g_clear_pointer (&from, g_free);
  g_clear_pointer (&to, g_free);
  g_assert_false (ioc_import_period_in_name ("igate-2023.csv", &from, &to));
  g_assert_false (ioc_import_period_in_name ("..", &from, &to));
  g_assert_false (ioc_import_period_in_name ("x2023-01-01..2023-1-31", &from, &to));
}

static IocUnitResolver *
units (void)
{
  IocUnitResolver *r = ioc_unit_resolver_new ();

  ioc_unit_resolver_add (r, "so_tai_chinh", "Sở Tài chính", NULL, NULL);
  ioc_unit_resolver_add (r, "so_ngoai_vu", "Sở Ngoại vụ", NULL, NULL);
  ioc_unit_resolver_add (r, "huyen_cu_mgar", "UBND huyện Cư M'gar", NULL, "2025-06-30");
  ioc_unit_resolver_add_name (r, "UBND huyện Cư Mgar", "huyen_cu_mgar");
  ioc_unit_resolver_add (r, "bmt_phuong_tan_hoa", "UBND phường Tân Hòa", NULL, "2025-06-30");
  /* The same name before and after the 2025 reform. */
  ioc_unit_resolver_add (r, "bmt_phuong_tan_lap", "UBND phường Tân Lập", NULL, "2025-06-30");
  ioc_unit_resolver_add (r, "u2025_24121", "Tân Lập", "2025-07-01", NULL);
  ioc_unit_resolver_add_name (r, "UBND Phường Tân Lập", "u2025_24121");
  return r;
}

static void
test_units (void)
{
  g_autoptr(IocUnitResolver) r = units ();
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (ioc_unit_resolver_lookup (r, "so_tai_chinh", NULL, NULL, NULL), ==, "so_tai_chinh");
  /* Case, spacing, tone-mark placement, apostrophes. */
  g_assert_cmpstr (ioc_unit_resolver_lookup (r, NULL, "SỞ TÀI  CHÍNH", NULL, NULL), ==, "so_tai_chinh");
  g_assert_cmpstr (ioc_unit_resolver_lookup (r, NULL, " Sở Tài Chính ", NULL, NULL), ==, "so_tai_chinh");
  g_assert_cmpstr (ioc_unit_resolver_lookup (r, NULL, "UBND phường Tân Hoà", NULL, NULL), ==, "bmt_phuong_tan_hoa");
  g_assert_cmpstr (ioc_unit_resolver_lookup (r, NULL, "UBND huyện Cư M’gar", NULL, NULL), ==, "huyen_cu_mgar");
  g_assert_cmpstr (ioc_unit_resolver_lookup (r, NULL, "UBND huyện Cư Mgar", "2023-05-01", NULL), ==, "huyen_cu_mgar");
  /* An id that is not a unit falls back to the name. */
  g_assert_cmpstr (ioc_unit_resolver_lookup (r, "stale_id", "Sở Ngoại Vụ", NULL, NULL), ==, "so_ngoai_vu");
  /* Old and new both resolve, by date. */
  g_assert_cmpstr (ioc_unit_resolver_lookup (r, NULL, "UBND phường Tân Lập", "2023-03-02", NULL), ==, "bmt_phuong_tan_lap");
  g_assert_cmpstr (ioc_unit_resolver_lookup (r, NULL, "UBND phường Tân Lập", "2026-03-02", NULL), ==, "u2025_24121");
  /* A unit named after its end is still itself when nothing else has that name. */
  g_assert_cmpstr (ioc_unit_resolver_lookup (r, NULL, "UBND huyện Cư M'gar", "2026-01-01", NULL), ==, "huyen_cu_mgar");
  g_assert_null (ioc_unit_resolver_lookup (r, NULL, "UBND phường Tân Lập", NULL, &error));
  g_assert_nonnull (strstr (error->message, "names 2 units"));
  g_clear_error (&error);
  g_assert_null (ioc_unit_resolver_lookup (r, NULL, "Sở Du lịch", NULL, &error));
  g_assert_nonnull (strstr (error->message, "unknown unit “Sở Du lịch”"));
  g_clear_error (&error);
  g_assert_null (ioc_unit_resolver_lookup (r, "nowhere", NULL, NULL, &error));
  g_clear_error (&error);
}

/* Parses @text as @kind; returns the error message (or NULL when good). */
static char *
parse (const char  *kind,
       const char  *text,
       gssize       len,
       const char  *period,
       guint       *read,
       guint       *line)
{
  g_autoptr(IocUnitResolver) r = units ();
  IocImportOptions opts = { 0 };
  IocImportResult result;
  g_autoptr(GError) error = NULL;
  gboolean ok;
  char *out = NULL;

  opts.units = ioc_unit_resolver_ref (r);
  opts.now = t ("2026-11-30 12:00");
  opts.batch_rows = 2;   /* several batches even for small files */
  if (period != NULL)
    g_assert_true (ioc_import_parse_period (period, &opts.period_from, &opts.period_to, NULL));
  ioc_import_result_init (&result);
  ok = ioc_import_parse (ioc_import_kind_find (kind), &opts, text, len < 0 ? strlen (text) : (gsize) len,
                         &result, &error);
  g_assert_true (ok == (error == NULL));
  if (!ok)
    out = ioc_import_result_errors (&result);
  if (!ok && *out == '\0')
    {
      g_free (out);
      out = g_strdup (error->message);
    }
  if (read != NULL)
    *read = result.read;
  if (line != NULL)
    *line = result.error_line;
  ioc_import_result_clear (&result);
  ioc_import_options_clear (&opts);
  return out;
}

static void
assert_refused (const char *kind,
                const char *text,
                const char *period,
                guint       line,
                const char *reason)
{
  guint got_line = 0;
  g_autofree char *msg = parse (kind, text, -1, period, NULL, &got_line);

  if (msg == NULL)
    g_error ("%s accepted:\n%s", kind, text);
  if (got_line != line || strstr (msg, reason) == NULL)
    g_error ("%s: expected line %u “%s”, got line %u: %s", kind, line, reason, got_line, msg);
}

static void
test_records (void)
{
  static const char good[] =
    "\xEF\xBB\xBFid,agency,procedure,field,channel,received_at,due_at,accepted_at,resolved_at\r\n"
    "D1,Sở Tài chính,Cấp giấy phép,Tài chính,online_full,2023-02-03 15:00,2023-02-08 17:00,,\r\n"
    "\r\n"
    "D2,so_ngoai_vu,\"Hộ chiếu, công vụ\",Đối ngoại,direct,03/02/2023 09:00,08/02/2023 17:00,03/02/2023 09:00,07/02/2023 10:00\r\n"
    "D3, Sở Ngoại Vụ ,,,ONLINE-PARTIAL,2023-02-04T10:00:00+07:00,,,\r\n";
  guint read = 0;
  g_autofree char *msg = parse ("dossier-records", good, -1, NULL, &read, NULL);

  g_assert_null (msg);
  g_assert_cmpuint (read, ==, 3);

  assert_refused ("dossier-records", "id,agency,received_at\nD1,so_tai_chinh\n", NULL, 2, "2 fields, the header has 3");
  assert_refused ("dossier-records", "id,agency,received_at\nD1,so_tai_chinh,2023-02-03 10:00\nD2,Sở Du lịch,2023-02-03 10:00\n",
                  NULL, 3, "unknown unit “Sở Du lịch”");
  assert_refused ("dossier-records", "id,agency,received_at\nD1,so_tai_chinh,2023-02-30 10:00\n", NULL, 2, "received_at must be a time");
  assert_refused ("dossier-records", "id,agency,received_at,channel\nD1,so_tai_chinh,2023-02-03 10:00,fax\n", NULL, 2,
                  "channel must be direct, postal, online_partial or online_full");
  assert_refused ("dossier-records", "id,agency,received_at,resolved_at\nD1,so_tai_chinh,2023-02-03 10:00,2023-02-02 10:00\n",
                  NULL, 2, "resolved_at is before received_at");
  assert_refused ("dossier-records", "id,agency,received_at\nD1,so_tai_chinh,2027-02-03 10:00\n", NULL, 2, "is in the future");
  assert_refused ("dossier-records", "id,agency,received_at\n,so_tai_chinh,2023-02-03 10:00\n", NULL, 2, "id is empty");
  assert_refused ("dossier-records", "id,agency,received_at,colour\n", NULL, 1, "unknown column “colour”");
  assert_refused ("dossier-records", "id,agency\n", NULL, 1, "the column “received_at” is missing");
  assert_refused ("dossier-records", "id,agency,received_at,agency\n", NULL, 1, "the column “agency” appears twice (columns 2 and 4)");
  assert_refused ("dossier-daily", "unit_id,date,overdue_count,overdue_count\n", NULL, 1, "the column “overdue_count” appears twice");
  assert_refused ("dossier-records", "", NULL, 1, "empty");
  assert_refused ("dossier-records", "id,agency,received_at\nD1,\"so_tai_chinh,2023-02-03 10:00\n", NULL, 2, "line 2");
  /* Not UTF-8 (Latin-1 "Sở" written by an old spreadsheet): the line is named. */
  assert_refused ("dossier-records", "id,agency,received_at\nD1,so_tai_chinh,2023-02-03 10:00\nD2,S\xf5 T\xe0i,2023-02-03 10:00\n",
                  NULL, 3, "not valid UTF-8");
  /* Every bad line is listed, the first one first. */
  {
    guint line = 0;
    g_autofree char *all = parse ("dossier-records",
                                  "id,agency,received_at\nD1,x,2023-02-03 10:00\nD2,so_tai_chinh,bad\nD3,so_tai_chinh,2023-02-03 10:00\n",
                                  -1, NULL, NULL, &line);
    g_assert_cmpuint (line, ==, 2);
    g_assert_nonnull (strstr (all, "line 2: unknown unit"));
    g_assert_nonnull (strstr (all, "line 3: received_at"));
    g_assert_null (strstr (all, "line 4"));
  }
}

static void
test_tables (void)
{
  guint read = 0;
  g_autofree char *msg = NULL;

  msg = parse ("dossier-summary",
               "row_no,unit_name,unit_id,received,resolved,resolved_on_time,resolved_on_time_pct,resolved_late,resolved_late_pct\n"
               "1,Sở Tài chính,so_tai_chinh,3,3,3,100,0,0\n2,Sở Ngoại vụ,,15,13,13,99.5,0,0.5\n",
               -1, "2018-01-01..2018-03-31", &read, NULL);
  g_assert_null (msg);
  g_assert_cmpuint (read, ==, 2);
  /* A summary needs its period. */
  g_clear_pointer (&msg, g_free);
  msg = parse ("dossier-summary", "unit_id,received\nso_tai_chinh,3\n", -1, NULL, NULL, NULL);
  g_assert_nonnull (strstr (msg, "needs the period"));

  assert_refused ("dossier-summary", "unit_id,received,resolved\nso_tai_chinh,3,3.5\n", "2018-01-01..2018-03-31", 2,
                  "resolved must be a whole number, not “3.5”");
  assert_refused ("dossier-summary", "unit_id,received\nso_tai_chinh,-3\n", "2018-01-01..2018-03-31", 2, "received must be from 0");
  assert_refused ("dossier-summary", "unit_id,received,resolved_late_pct\nso_tai_chinh,3,101\n", "2018-01-01..2018-03-31", 2,
                  "resolved_late_pct must be from 0 to 100");
  assert_refused ("dossier-summary", "unit_id,received,surprise\nso_tai_chinh,3,1\n", "2018-01-01..2018-03-31", 1,
                  "unknown column “surprise”");
  assert_refused ("reception-channels", "unit_name,received_total\nSở Du lịch,3\n", "2023-01-01..2023-12-31", 2, "unknown unit");
  assert_refused ("field-report-summary", "received,processed\n3,3\n", "2023-01-01..2023-12-31", 1, "unit_id or unit_name");

  g_clear_pointer (&msg, g_free);
  msg = parse ("dossier-daily", "row_no,unit_name,unit_id,date,overdue_count,online_over_8h_count\n"
               "1,Sở Tài chính,so_tai_chinh,2023-03-02,4,0\n1,UBND phường Tân Lập,,2023-03-02,0,1\n"
               "2,UBND phường Tân Lập,,2026-03-02,2,1\n", -1, NULL, &read, NULL);
  g_assert_null (msg);
  g_assert_cmpuint (read, ==, 3);
  assert_refused ("dossier-daily", "unit_id,date,overdue_count\nso_tai_chinh,2023-3-2,4\n", NULL, 2, "date must be a date yyyy-mm-dd");
  assert_refused ("dossier-daily", "unit_id,date,overdue_count\nso_tai_chinh,2023-03-02,four\n", NULL, 2,
                  "overdue_count must be a whole number");
  assert_refused ("dossier-daily", "unit_id,date,overdue\nso_tai_chinh,2023-03-02,4\n", NULL, 1, "unknown column “overdue”");
  assert_refused ("dossier-daily", "unit_id,overdue_count\nso_tai_chinh,4\n", NULL, 1, "“date” is missing");
}

static void
test_cameras (void)
{
  guint read = 0;
  g_autofree char *msg = NULL;

  msg = parse ("cameras",
               "id,name,lat,lon,heading,owner,kind,rtsp_main,rtsp_sub,ai_features\n"
               "cam-1,Ngã sáu,12.6801,108.0442,90,Sở Tài chính,traffic,rtsp://10.0.0.5/main,rtsps://10.0.0.5/sub,red_light;plate\n"
               "cam-2,Chợ,12.68,108.04,,,,,,\n", -1, NULL, &read, NULL);
  g_assert_null (msg);
  g_assert_cmpuint (read, ==, 2);
  g_clear_pointer (&msg, g_free);
  msg = parse ("cameras",
               "[\n  {\"id\": \"cam-3\", \"name\": \"Cầu\", \"lat\": 12.7, \"lon\": 108.1,\n   \"ai_features\": [\"crowd\"]},\n"
               "  {\"id\": \"cam-4\", \"name\": \"Bến xe\", \"lat\": 12.71, \"lon\": 108.11, \"kind\": \"ptz\"}\n]\n",
               -1, NULL, &read, NULL);
  g_assert_null (msg);
  g_assert_cmpuint (read, ==, 2);
  g_clear_pointer (&msg, g_free);
  msg = parse ("cameras", "{\"items\": [{\"id\": \"cam-5\", \"name\": \"A\", \"lat\": 1, \"lon\": 2}]}", -1, NULL, &read, NULL);
  g_assert_null (msg);
  g_assert_cmpuint (read, ==, 1);

  assert_refused ("cameras", "id,name,lat,lon\ncam-1,A,91,108\n", NULL, 2, "lat must be from -90 to 90");
  assert_refused ("cameras", "id,name,lat,lon,rtsp_main\ncam-1,A,12,108,http://x/y\n", NULL, 2, "rtsp_main must be an rtsp://");
  assert_refused ("cameras", "id,name,lat,lon,kind\ncam-1,A,12,108,dome\n", NULL, 2, "kind must be traffic, security or ptz");
  assert_refused ("cameras", "id,name,lat,lon,heading\ncam-1,A,12,108,360\n", NULL, 2, "heading must be less than 360");
  assert_refused ("cameras", "id,name,lat,lon\ncam 1,A,12,108\n", NULL, 2, "id must be");
  assert_refused ("cameras", "id,name,lat,lon,ai_features\ncam-1,A,12,108,Red Light\n", NULL, 2, "ai_features names are");
  assert_refused ("cameras", "[\n{\"id\": \"c1\", \"name\": \"A\", \"lat\": 1, \"lon\": 2},\n{\"id\": \"c2\", \"name\": \"B\", \"lat\": 1}\n]",
                  NULL, 3, "element 2: the column “lon” is missing");
  assert_refused ("cameras", "[\n{\"id\": \"c1\", \"name\": \"A\", \"lat\": 1, \"lon\": 2, \"status\": \"online\"}]", NULL, 2,
                  "unknown column “status”");
  assert_refused ("cameras", "[{\"id\": \"c1\",", NULL, 1, "not valid JSON");
}

static void
test_indicators (void)
{
  guint read = 0;
  g_autofree char *msg = NULL;
  g_autofree char *demo = NULL;
  gsize len;

  msg = parse ("indicators", "group_code,indicator,month,value,target,unit\n"
               "budget,\"Thu ngân sách, tỉnh\",2023-05,250.5,260,tỷ đồng\ntourism,Lượt khách,2023-05,-1.5,,\n",
               -1, NULL, &read, NULL);
  g_assert_null (msg);
  g_assert_cmpuint (read, ==, 2);
  assert_refused ("indicators", "group_code,indicator,month,value\nweather,Mưa,2023-05,1\n", NULL, 2, "group_code “weather” is not one of");
  assert_refused ("indicators", "group_code,indicator,month,value\nbudget,Thu,2023-13,1\n", NULL, 2, "month must be yyyy-mm");
  assert_refused ("indicators", "group_code,indicator,month,value\nbudget,Thu,2023-05,1e999\n", NULL, 2, "value must be a number");
  assert_refused ("indicators", "group_code,indicator,month,value\nbudget,Thu,2023-05,\n", NULL, 2, "value is empty");

  /* The synthetic demo series parses, every group, 2010-01 to the month asked. */
  demo = ioc_indicators_demo_csv ("2026-11", &len);
  g_clear_pointer (&msg, g_free);
  msg = parse ("indicators", demo, len, NULL, &read, NULL);
  g_assert_null (msg);
  g_assert_cmpuint (read, ==, 17 * (17 * 12 - 1));
  for (const IocIndicatorGroup *g = ioc_indicator_groups; g->code != NULL; g++)
    {
      g_autofree char *needle = g_strdup_printf ("\n%s,", g->code);
      g_assert_nonnull (strstr (demo, needle));
    }
  g_assert_nonnull (strstr (demo, ",2010-01,"));
  g_assert_nonnull (strstr (demo, ",2026-11,"));
  g_assert_null (strstr (demo, ",2026-12,"));
  {
    /* Deterministic: the same text every time. */
    g_autofree char *again = ioc_indicators_demo_csv ("2026-11", NULL);
    g_assert_cmpstr (again, ==, demo);
  }
}

/* Validating a large file in two halves at once gives exactly what one
 * pass gives: counts, the first line, the messages in order. */
static void
compare_split (const char *text)
{
  g_autoptr(IocUnitResolver) r = units ();
  IocImportOptions opts = { 0 };
  IocImportResult one, two;
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  gboolean ok1, ok2;
  const IocImportKind *kind = ioc_import_kind_find ("dossier-records");

  opts.units = r;
  opts.now = t ("2026-11-30 12:00");
  ioc_import_result_init (&one);
  ioc_import_result_init (&two);
  ok1 = ioc_import_parse (kind, &opts, text, strlen (text), &one, &e1);
  ok2 = ioc_import_parse_split (kind, &opts, text, strlen (text), 0, &two, &e2);
  g_assert_cmpint (ok1, ==, ok2);
  g_assert_cmpuint (one.read, ==, two.read);
  g_assert_cmpuint (one.rejected, ==, two.rejected);
  g_assert_cmpuint (one.error_line, ==, two.error_line);
  g_assert_cmpuint (one.errors->len, ==, two.errors->len);
  for (guint i = 0; i < one.errors->len; i++)
    g_assert_cmpstr (g_ptr_array_index (one.errors, i), ==, g_ptr_array_index (two.errors, i));
  if (!ok1)
    {
      g_assert_cmpstr (e1->message, ==, e2->message);
      g_assert_cmpint (e1->code, ==, e2->code);
    }
  ioc_import_result_clear (&one);
  ioc_import_result_clear (&two);
}

static void
test_split (void)
{
  g_autoptr(GString) s = g_string_new ("\xEF\xBB\xBFid,agency,procedure,note,received_at,due_at\n");
  g_autofree char *good = NULL;

  /* Quoted commas, quotes and line breaks all along the file. */
  for (guint i = 0; i < 4000; i++)
    g_string_append_printf (s, "S%05u,%s,\"Thủ tục, %u\",\"Ghi chú \"\"%u\"\",\nnhiều dòng\",2023-02-%02u 09:00,2023-02-%02u 17:00\n",
                            i, i % 2 ? "Sở Tài chính" : "so_ngoai_vu", i, i, 1 + i % 20, 5 + i % 20);
  good = g_strdup (s->str);
  compare_split (good);
  {
    g_autoptr(IocUnitResolver) r = units ();
    IocImportOptions opts = { 0 };
    IocImportResult res;
    opts.units = r;
    opts.now = t ("2026-11-30 12:00");
    ioc_import_result_init (&res);
    g_assert_true (ioc_import_parse_split (ioc_import_kind_find ("dossier-records"), &opts, good, strlen (good), 0, &res, NULL));
    g_assert_cmpuint (res.read, ==, 4000);
    ioc_import_result_clear (&res);
  }
  /* Bad rows in both halves. */
  g_string_append (s, "BAD1,Sở Du lịch,x,,2023-02-01 09:00,\n");
  for (guint i = 0; i < 4000; i++)
    g_string_append_printf (s, "T%05u,so_tai_chinh,,,2023-02-%02u 09:00,\n", i, 1 + i % 28);
  g_string_append (s, "BAD2,so_tai_chinh,x,,2023-02-30 09:00,\n");
  g_string_replace (s, "S00010,", "S00010,,", 1);   /* a wrong column count near the start */
  compare_split (s->str);
  /* A quote never closed in the second half: a format error there, the
   * first half's bad rows still counted first. */
  g_string_append (s, "BAD3,so_tai_chinh,\"open,,2023-02-03 09:00,\n");
  compare_split (s->str);
  /* Not UTF-8 in the second half. */
  {
    g_autofree char *bad = g_strconcat (good, "U1,S\xf5,x,,2023-02-03 09:00,\n", NULL);
    compare_split (bad);
  }
  /* A syntax error (a character after a closing quote) in the first
   * half: one pass stops there and never sees the rest. */
  {
    g_autoptr(GString) e = g_string_new ("id,agency,procedure,received_at\nE0,so_tai_chinh,\"Hộ chiếu\"[x,2023-02-03 09:00\n");
    for (guint i = 0; i < 3000; i++)
      g_string_append_printf (e, "E%05u,so_tai_chinh,,2023-02-%02u 09:00\n", i + 1, 1 + i % 28);
    g_string_append (e, "E-LAST,Sở Du lịch,,2023-02-03 09:00\n");
    compare_split (e->str);
  }
  /* A file of one row is not split, and the same. */
  compare_split ("id,agency,received_at\nX,so_tai_chinh,2023-02-03 09:00\n");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/import-parse/times", test_times);
  g_test_add_func ("/import-parse/working-hours", test_working_hours);
  g_test_add_func ("/import-parse/periods", test_periods);
  g_test_add_func ("/import-parse/units", test_units);
  g_test_add_func ("/import-parse/records", test_records);
  g_test_add_func ("/import-parse/tables", test_tables);
  g_test_add_func ("/import-parse/cameras", test_cameras);
  g_test_add_func ("/import-parse/indicators", test_indicators);
  g_test_add_func ("/import-parse/split", test_split);
  return g_test_run ();
}
