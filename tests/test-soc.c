/* test-soc.c — the EVE/Wazuh parser against real sensor output
 * (../shared/samples, read in place; the test skips when it is absent) */
#include "ioc-soc.h"

#include <string.h>

static char *
sample (const char *name)
{
  const char *dir = g_getenv ("IOC_SAMPLES_DIR");
  g_autofree char *path = dir != NULL ? g_build_filename (dir, name, NULL) : NULL;
  char *text = NULL;

  if (path == NULL || !g_file_get_contents (path, &text, NULL, NULL))
    return NULL;
  return text;
}

typedef struct {
  guint parsed, skipped, invalid;
  GHashTable *categories;   /* category → count */
} Tally;

static void
tally_file (const char *text,
            Tally      *t)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  t->categories = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(IocSocAlert) a = { 0 };
      g_autoptr(GError) error = NULL;
      IocSocResult r;

      if (*lines[i] == '\0')
        continue;
      r = ioc_soc_parse (lines[i], strlen (lines[i]), &a, &error);
      if (r == IOC_SOC_PARSED)
        {
          const char *c = a.row.category;
          t->parsed++;
          g_hash_table_insert (t->categories, g_strdup (c),
                               GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (t->categories, c)) + 1));
          /* Every alert has the fields the wall shows. */
          g_assert_nonnull (a.row.severity);
          g_assert_cmpint (a.row.severity_rank, >=, 1);
          g_assert_cmpint (a.row.time, >, 1500000000);
          g_assert_nonnull (a.row.signature);
        }
      else if (r == IOC_SOC_SKIPPED)
        t->skipped++;
      else
        t->invalid++;
    }
}

static void
test_eve_sample (void)
{
  g_autofree char *text = sample ("suricata_eve.ndjson");
  Tally t = { 0 };

  if (text == NULL)
    {
      g_test_skip ("../shared/samples is not there");
      return;
    }
  tally_file (text, &t);
  /* SOURCES.md: 267 lines, alert 48 + anomaly 25; the rest is metadata. */
  g_assert_cmpuint (t.parsed, ==, 73);
  g_assert_cmpuint (t.skipped, ==, 194);
  g_assert_cmpuint (t.invalid, ==, 0);
  /* FormBook and Dridex are malware; the Nikto scan's ColdFusion hits are web attacks. */
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (t.categories, "malware_c2")), >=, 2);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (t.categories, "web_attack")), >=, 1);
  g_hash_table_unref (t.categories);
}

static void
test_wazuh_sample (void)
{
  g_autofree char *text = sample ("wazuh_alerts.ndjson");
  g_autofree char *bad = sample ("wazuh_alerts_malformed.ndjson");
  Tally t = { 0 };
  g_autoptr(GError) error = NULL;
  g_auto(IocSocAlert) a = { 0 };

  if (text == NULL || bad == NULL)
    {
      g_test_skip ("../shared/samples is not there");
      return;
    }
  tally_file (text, &t);
  g_assert_cmpuint (t.parsed, ==, 77);
  g_assert_cmpuint (t.invalid, ==, 0);
  g_hash_table_unref (t.categories);
  /* The broken-on-purpose line is a clear error, not a crash. */
  g_strchomp (bad);
  g_assert_cmpint (ioc_soc_parse (bad, strlen (bad), &a, &error), ==, IOC_SOC_INVALID);
  g_assert_nonnull (strstr (error->message, "malformed JSON"));
}

static void
test_normalised_fields (void)
{
  const char *eve = "{\"timestamp\":\"2022-02-23T17:14:20.123456+0000\",\"event_type\":\"alert\",\"src_ip\":\"10.2.23.101\","
                    "\"src_port\":49754,\"dest_ip\":\"203.162.0.10\",\"dest_port\":80,\"proto\":\"TCP\","
                    "\"alert\":{\"gid\":1,\"signature_id\":2031412,\"signature\":\"ET MALWARE FormBook CnC Checkin (GET)\","
                    "\"category\":\"A Network Trojan was detected\",\"severity\":1},"
                    "\"http\":{\"hostname\":\"congan.daklak.gov.vn\",\"url\":\"/x\"}}";
  const char *wazuh = "{\"timestamp\":\"2020-03-04T13:55:05.224939+0000\",\"rule\":{\"level\":12,"
                      "\"description\":\"Multiple web server 400 error codes\",\"id\":\"31151\","
                      "\"groups\":[\"web\",\"accesslog\",\"attack\"]},\"agent\":{\"id\":\"001\",\"name\":\"portal-01\"},"
                      "\"data\":{\"srcip\":\"192.0.2.7\"}}";
  const char *dns = "{\"timestamp\":\"2020-02-29T00:00:01.041456+0000\",\"event_type\":\"dns\"}";
  g_auto(IocSocAlert) a = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (ioc_soc_parse (eve, strlen (eve), &a, &error), ==, IOC_SOC_PARSED);
  g_assert_cmpstr (a.row.source, ==, "suricata");
  g_assert_cmpstr (a.row.severity, ==, "critical");
  g_assert_cmpint (a.row.severity_rank, ==, 5);
  g_assert_cmpstr (a.row.category, ==, "malware_c2");
  g_assert_cmpstr (a.row.site, ==, "congan.daklak.gov.vn");
  g_assert_cmpstr (a.row.unit_id, ==, "cong_an_tinh");
  g_assert_cmpstr (a.row.signature_id, ==, "1:2031412");
  g_assert_cmpstr (a.row.src_ip, ==, "10.2.23.101");
  g_assert_cmpint (a.row.dst_port, ==, 80);
  g_assert_cmpint (a.row.time, ==, 1645636460);
  ioc_soc_alert_clear (&a);

  g_assert_cmpint (ioc_soc_parse (wazuh, strlen (wazuh), &a, &error), ==, IOC_SOC_PARSED);
  g_assert_cmpstr (a.row.source, ==, "wazuh");
  g_assert_cmpstr (a.row.severity, ==, "high");
  g_assert_cmpstr (a.row.category, ==, "web_attack");
  g_assert_cmpstr (a.row.host, ==, "portal-01");
  ioc_soc_alert_clear (&a);

  g_assert_cmpint (ioc_soc_parse (dns, strlen (dns), &a, &error), ==, IOC_SOC_SKIPPED);
  g_assert_no_error (error);
}

static void
test_bad_lines (void)
{
  static const char *const bad[] = {
    "{\"timestamp\":\"2020-02-29T00:00:01+0000\",\"event_type\":\"alert\",\"alert\":{\"signa",   /* truncated */
    "[1,2,3]",
    "{\"hello\":\"world\"}",
    "{\"timestamp\":\"yesterday\",\"event_type\":\"alert\",\"alert\":{\"signature\":\"x\",\"severity\":2}}",
    "{\"timestamp\":\"2020-02-29T00:00:01+0000\",\"rule\":{\"level\":\"high\"}}",
    "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_auto(IocSocAlert) a = { 0 };
      g_autoptr(GError) error = NULL;
      g_assert_cmpint (ioc_soc_parse (bad[i], strlen (bad[i]), &a, &error), ==, IOC_SOC_INVALID);
      g_assert_nonnull (error);
    }
}

static void
parse_ok (const char  *line,
          IocSocAlert *a)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (ioc_soc_parse (line, strlen (line), a, &error), ==, IOC_SOC_PARSED);
  g_assert_no_error (error);
}

static void
test_fold_key (void)
{
  /* Same sensor, signature, attacker and site: one key, whatever the time,
   * ports or flow; another attacker, signature or site: another key. */
  g_auto(IocSocAlert) a = { 0 };
  g_auto(IocSocAlert) b = { 0 };
  g_auto(IocSocAlert) c = { 0 };
  g_auto(IocSocAlert) d = { 0 };
  g_autofree char *text = g_compute_checksum_for_string (G_CHECKSUM_SHA1,
                                                         "suricata|1:2001|198.51.100.1|congan.daklak.gov.vn", -1);

  parse_ok ("{\"timestamp\":\"2026-11-24T01:00:00+0700\",\"event_type\":\"alert\",\"src_ip\":\"198.51.100.1\",\"src_port\":1000,"
            "\"dest_ip\":\"10.0.0.1\",\"http\":{\"hostname\":\"congan.daklak.gov.vn\"},"
            "\"alert\":{\"gid\":1,\"signature_id\":2001,\"signature\":\"ET WEB_SERVER SQL injection\",\"severity\":1}}", &a);
  parse_ok ("{\"timestamp\":\"2026-11-24T01:05:00+0700\",\"event_type\":\"alert\",\"src_ip\":\"198.51.100.1\",\"src_port\":2000,"
            "\"dest_ip\":\"10.0.0.2\",\"http\":{\"hostname\":\"congan.daklak.gov.vn\"},"
            "\"alert\":{\"gid\":1,\"signature_id\":2001,\"signature\":\"ET WEB_SERVER SQL injection\",\"severity\":1}}", &b);
  parse_ok ("{\"timestamp\":\"2026-11-24T01:05:00+0700\",\"event_type\":\"alert\",\"src_ip\":\"198.51.100.9\",\"src_port\":2000,"
            "\"dest_ip\":\"10.0.0.2\",\"http\":{\"hostname\":\"congan.daklak.gov.vn\"},"
            "\"alert\":{\"gid\":1,\"signature_id\":2001,\"signature\":\"ET WEB_SERVER SQL injection\",\"severity\":1}}", &c);
  parse_ok ("{\"timestamp\":\"2026-11-24T01:05:00+0700\",\"event_type\":\"alert\",\"src_ip\":\"198.51.100.1\",\"src_port\":2000,"
            "\"dest_ip\":\"10.0.0.2\",\"http\":{\"hostname\":\"cumgar.daklak.gov.vn\"},"
            "\"alert\":{\"gid\":1,\"signature_id\":2001,\"signature\":\"ET WEB_SERVER SQL injection\",\"severity\":1}}", &d);
  g_assert_cmpstr (a.fold_key, ==, b.fold_key);
  /* The key of the versions before it, so that open alerts go on folding. */
  g_assert_cmpstr (a.fold_key, ==, text);
  g_assert_cmpstr (a.fold_key, !=, c.fold_key);
  g_assert_cmpstr (a.fold_key, !=, d.fold_key);
  g_assert_cmpstr (a.row.category, ==, "web_attack");
  g_assert_cmpstr (a.row.unit_id, ==, "cong_an_tinh");
  g_assert_cmpstr (d.row.unit_id, ==, "huyen_cu_mgar");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/soc/eve-sample", test_eve_sample);
  g_test_add_func ("/soc/wazuh-sample", test_wazuh_sample);
  g_test_add_func ("/soc/normalised-fields", test_normalised_fields);
  g_test_add_func ("/soc/bad-lines", test_bad_lines);
  g_test_add_func ("/soc/fold-key", test_fold_key);
  return g_test_run ();
}
