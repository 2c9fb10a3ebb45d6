/* ioc-soc.c — see ioc-soc.h */
#include "ioc-soc.h"
#include "ioc-json.h"

#include <string.h>

static const struct {
  const char *site;
  const char *unit_id;
} site_units[] = {
  /* The most attacked sites of the province's report (000_…txt, footnote 2). */
  { "congan.daklak.gov.vn", "cong_an_tinh" },
  { "ldld.daklak.gov.vn", NULL },              /* Liên đoàn Lao động: not a unit of ours */
  { "cumgar.daklak.gov.vn", "huyen_cu_mgar" },
  { "eakar.daklak.gov.vn", "huyen_ea_kar" },
  { "lak.daklak.gov.vn", "huyen_lak" },
  { "easup.daklak.gov.vn", "huyen_ea_sup" },
};

int
ioc_soc_severity_rank (const char *s)
{
  if (g_strcmp0 (s, "critical") == 0) return 5;
  if (g_strcmp0 (s, "high") == 0) return 4;
  if (g_strcmp0 (s, "medium") == 0) return 3;
  if (g_strcmp0 (s, "low") == 0) return 2;
  return 1;
}

static const char *
categorise (const char *signature,
            const char *classification,
            JsonArray  *groups)
{
  static const struct { const char *word; const char *category; } rules[] = {
    { "malware", "malware_c2" }, { "cnc", "malware_c2" }, { "c2 ", "malware_c2" }, { "trojan", "malware_c2" },
    { "dridex", "malware_c2" }, { "formbook", "malware_c2" }, { "botnet", "malware_c2" }, { "ransom", "malware_c2" },
    { "ddos", "ddos_l7" }, { "dos ", "ddos_l7" }, { "flood", "ddos_l7" },
    { "sql", "web_attack" }, { "xss", "web_attack" }, { "web_server", "web_attack" }, { "web application attack", "web_attack" },
    { "web attack", "web_attack" }, { "coldfusion", "web_attack" },
    { "exploit", "exploitation" }, { "attack_response", "exploitation" }, { "privilege gain", "exploitation" },
    { "shellcode", "exploitation" },
    { "vulnerab", "vulnerability" }, { "cve-", "vulnerability" },
    { "rootcheck", "anomalous_host" }, { "syscheck", "anomalous_host" }, { "authentication_failed", "anomalous_host" },
    { "brute", "anomalous_host" }, { "anomal", "anomalous_host" },
  };

  /* Wazuh's rule groups name the kind of event outright. */
  static const struct { const char *group; const char *category; } group_rules[] = {
    { "malware", "malware_c2" }, { "virustotal", "malware_c2" }, { "rootkit", "malware_c2" },
    { "sql_injection", "web_attack" }, { "xss", "web_attack" }, { "web", "web_attack" }, { "attack", "web_attack" },
    { "exploit_attempt", "exploitation" }, { "exploit", "exploitation" },
    { "vulnerability-detector", "vulnerability" },
    { "ddos", "ddos_l7" }, { "dos", "ddos_l7" },
    { "authentication_failed", "anomalous_host" }, { "authentication_failures", "anomalous_host" },
    { "invalid_login", "anomalous_host" }, { "syscheck", "anomalous_host" }, { "rootcheck", "anomalous_host" },
  };

  /* Lower-cased once: this runs for every alert. */
  g_autofree char *sig = signature != NULL ? g_ascii_strdown (signature, -1) : NULL;
  g_autofree char *cls = classification != NULL ? g_ascii_strdown (classification, -1) : NULL;

  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    if ((sig != NULL && strstr (sig, rules[i].word) != NULL) ||
        (cls != NULL && strstr (cls, rules[i].word) != NULL))
      return rules[i].category;
  for (guint r = 0; r < G_N_ELEMENTS (group_rules); r++)
    for (guint g = 0; groups != NULL && g < json_array_get_length (groups); g++)
      {
        JsonNode *n = json_array_get_element (groups, g);
        if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING &&
            g_ascii_strcasecmp (json_node_get_string (n), group_rules[r].group) == 0)
          return group_rules[r].category;
      }
  return "other";
}

static const char *
string_member (JsonObject *o,
               const char *name)
{
  JsonNode *n = o != NULL ? json_object_get_member (o, name) : NULL;
  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (n);
}

static JsonObject *
object_member (JsonObject *o,
               const char *name)
{
  JsonNode *n = o != NULL ? json_object_get_member (o, name) : NULL;
  return n != NULL && JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
}

static gint64
int_member (JsonObject *o,
            const char *name,
            gint64      fallback)
{
  JsonNode *n = o != NULL ? json_object_get_member (o, name) : NULL;
  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n))
    return fallback;
  if (json_node_get_value_type (n) == G_TYPE_INT64)
    return json_node_get_int (n);
  if (json_node_get_value_type (n) == G_TYPE_STRING)
    {
      char *end = NULL;
      gint64 v = g_ascii_strtoll (json_node_get_string (n), &end, 10);
      return end != json_node_get_string (n) && *end == '\0' ? v : fallback;
    }
  return fallback;
}

static gboolean
parse_time (const char *text,
            gint64     *out)
{
  g_autofree char *fixed = NULL;
  size_t n;

  if (text == NULL)
    return FALSE;
  /* EVE writes "+0000": make it "+00:00" for ISO 8601. */
  n = strlen (text);
  if (n > 5 && (text[n - 5] == '+' || text[n - 5] == '-') && g_ascii_isdigit (text[n - 1]) && text[n - 3] != ':')
    fixed = g_strdup_printf ("%.*s:%s", (int) (n - 2), text, text + n - 2);
  return ioc_time_parse (fixed != NULL ? fixed : text, NULL, out);
}

static void
set_site (JsonObject *row,
          const char *site)
{
  if (site == NULL || *site == '\0')
    return;
  json_object_set_string_member (row, "site", site);
  for (guint i = 0; i < G_N_ELEMENTS (site_units); i++)
    if (g_ascii_strcasecmp (site, site_units[i].site) == 0 && site_units[i].unit_id != NULL)
      json_object_set_string_member (row, "unit_id", site_units[i].unit_id);
}

static void
set_severity (JsonObject *row,
              const char *severity)
{
  json_object_set_string_member (row, "severity", severity);
  json_object_set_int_member (row, "severity_rank", ioc_soc_severity_rank (severity));
}

static IocSocResult
parse_eve (JsonObject  *o,
           JsonObject  *row,
           GError     **error)
{
  const char *type = string_member (o, "event_type");
  JsonObject *alert = object_member (o, "alert");
  JsonObject *anomaly = object_member (o, "anomaly");
  JsonObject *http = object_member (o, "http");
  const char *signature, *classification = NULL, *category, *severity;
  gint64 sev;

  if (g_strcmp0 (type, "alert") == 0)
    {
      if (alert == NULL || string_member (alert, "signature") == NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "an EVE alert without alert.signature");
          return IOC_SOC_INVALID;
        }
      signature = string_member (alert, "signature");
      classification = string_member (alert, "category");
      sev = int_member (alert, "severity", 3);
      category = categorise (signature, classification, NULL);
      severity = sev == 1 ? "high" : sev == 2 ? "medium" : sev == 3 ? "low" : "info";
      if (sev == 1 && (g_str_equal (category, "malware_c2") || g_str_equal (category, "exploitation")))
        severity = "critical";
      {
        g_autofree char *sid = g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT,
                                                int_member (alert, "gid", 1), int_member (alert, "signature_id", 0));
        json_object_set_string_member (row, "signature_id", sid);
      }
    }
  else if (g_strcmp0 (type, "anomaly") == 0)
    {
      const char *event = anomaly != NULL ? string_member (anomaly, "event") : NULL;
      const char *layer = anomaly != NULL ? string_member (anomaly, "layer") : NULL;
      g_autofree char *sig = g_strdup_printf ("SURICATA anomaly %s%s%s", layer ? layer : "", layer ? " " : "",
                                              event ? event : "unknown");
      signature = g_intern_string (sig);   /* a small, fixed set of names */
      category = "other";
      severity = "info";
      json_object_set_string_member (row, "signature_id", signature);
    }
  else if (type != NULL)
    return IOC_SOC_SKIPPED;
  else
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "neither an EVE record nor a Wazuh alert");
      return IOC_SOC_INVALID;
    }

  json_object_set_string_member (row, "source", "suricata");
  json_object_set_string_member (row, "category", category);
  set_severity (row, severity);
  json_object_set_string_member (row, "signature", signature);
  if (string_member (o, "src_ip") != NULL)
    json_object_set_string_member (row, "src_ip", string_member (o, "src_ip"));
  if (string_member (o, "dest_ip") != NULL)
    json_object_set_string_member (row, "dst_ip", string_member (o, "dest_ip"));
  if (json_object_has_member (o, "src_port"))
    json_object_set_int_member (row, "src_port", int_member (o, "src_port", 0));
  if (json_object_has_member (o, "dest_port"))
    json_object_set_int_member (row, "dst_port", int_member (o, "dest_port", 0));
  json_object_set_string_member (row, "host", string_member (o, "dest_ip") ?: string_member (o, "host") ?: "");
  if (http != NULL)
    set_site (row, string_member (http, "hostname"));
  return IOC_SOC_PARSED;
}

static IocSocResult
parse_wazuh (JsonObject  *o,
             JsonObject  *rule,
             JsonObject  *row,
             GError     **error)
{
  JsonObject *agent = object_member (o, "agent");
  JsonObject *data = object_member (o, "data");
  JsonNode *groups_node = json_object_get_member (rule, "groups");
  JsonArray *groups = groups_node != NULL && JSON_NODE_HOLDS_ARRAY (groups_node) ? json_node_get_array (groups_node) : NULL;
  const char *description = string_member (rule, "description");
  gint64 level = int_member (rule, "level", -1);
  const char *severity;

  if (description == NULL || level < 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "a Wazuh alert needs rule.level and rule.description");
      return IOC_SOC_INVALID;
    }
  severity = level >= 15 ? "critical" : level >= 12 ? "high" : level >= 8 ? "medium" : level >= 4 ? "low" : "info";
  json_object_set_string_member (row, "source", "wazuh");
  set_severity (row, severity);
  json_object_set_string_member (row, "category", categorise (description, NULL, groups));
  json_object_set_string_member (row, "signature", description);
  if (string_member (rule, "id") != NULL)
    json_object_set_string_member (row, "signature_id", string_member (rule, "id"));
  json_object_set_string_member (row, "host", agent != NULL && string_member (agent, "name") ? string_member (agent, "name") : "");
  if (data != NULL)
    {
      if (string_member (data, "srcip") != NULL)
        json_object_set_string_member (row, "src_ip", string_member (data, "srcip"));
      if (string_member (data, "dstip") != NULL)
        json_object_set_string_member (row, "dst_ip", string_member (data, "dstip"));
      set_site (row, string_member (data, "hostname") ?: string_member (data, "url_host"));
    }
  return IOC_SOC_PARSED;
}

IocSocResult
ioc_soc_parse_line (const char  *line,
                    gsize        len,
                    JsonObject **out_alert,
                    GError     **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonObject) row = NULL;
  JsonObject *o, *rule;
  IocSocResult res;
  gint64 t = 0;

  *out_alert = NULL;
  node = ioc_json_parse (line, len, error);
  if (node == NULL)
    return IOC_SOC_INVALID;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "a line must be one JSON object");
      return IOC_SOC_INVALID;
    }
  o = json_node_get_object (node);
  row = json_object_new ();
  rule = object_member (o, "rule");
  res = rule != NULL ? parse_wazuh (o, rule, row, error) : parse_eve (o, row, error);
  if (res != IOC_SOC_PARSED)
    return res;

  if (!parse_time (string_member (o, "timestamp"), &t))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "timestamp is missing or not ISO 8601");
      return IOC_SOC_INVALID;
    }
  json_object_set_int_member (row, "time", t);
  json_object_set_int_member (row, "last_seen", t);
  json_object_set_member (row, "raw", json_node_copy (node));
  *out_alert = g_steal_pointer (&row);
  return IOC_SOC_PARSED;
}

char *
ioc_soc_fold_key (JsonObject *a)
{
  g_autofree char *text = g_strdup_printf ("%s|%s|%s|%s",
    json_object_get_string_member_with_default (a, "source", ""),
    json_object_get_string_member_with_default (a, "signature_id", NULL) ?:
      json_object_get_string_member_with_default (a, "signature", ""),
    json_object_get_string_member_with_default (a, "src_ip", ""),
    json_object_get_string_member_with_default (a, "site", NULL) ?:
      json_object_get_string_member_with_default (a, "dst_ip", ""));
  return g_compute_checksum_for_string (G_CHECKSUM_SHA1, text, -1);
}

