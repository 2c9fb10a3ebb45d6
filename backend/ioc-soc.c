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
set_site (IocAlertRow *row,
          const char  *site)
{
  if (site == NULL || *site == '\0')
    return;
  row->site = site;
  for (guint i = 0; i < G_N_ELEMENTS (site_units); i++)
    if (g_ascii_strcasecmp (site, site_units[i].site) == 0 && site_units[i].unit_id != NULL)
      row->unit_id = site_units[i].unit_id;
}

static void
set_severity (IocAlertRow *row,
              const char  *severity)
{
  row->severity = severity;
  row->severity_rank = ioc_soc_severity_rank (severity);
}

static IocSocResult
parse_eve (JsonObject   *o,
           IocSocAlert  *a,
           GError      **error)
{
  IocAlertRow *row = &a->row;
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
      g_snprintf (a->sid, sizeof a->sid, "%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT,
                  int_member (alert, "gid", 1), int_member (alert, "signature_id", 0));
      row->signature_id = a->sid;
    }
  else if (g_strcmp0 (type, "anomaly") == 0)
    {
      const char *event = anomaly != NULL ? string_member (anomaly, "event") : NULL;
      const char *layer = anomaly != NULL ? string_member (anomaly, "layer") : NULL;
      /* Not interned: the names come from whoever posts. */
      a->name = g_strdup_printf ("SURICATA anomaly %s%s%s", layer ? layer : "", layer ? " " : "",
                                 event ? event : "unknown");
      signature = a->name;
      category = "other";
      severity = "info";
      row->signature_id = signature;
    }
  else if (type != NULL)
    return IOC_SOC_SKIPPED;
  else
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "neither an EVE record nor a Wazuh alert");
      return IOC_SOC_INVALID;
    }

  row->source = "suricata";
  row->category = category;
  set_severity (row, severity);
  row->signature = signature;
  row->src_ip = string_member (o, "src_ip");
  row->dst_ip = string_member (o, "dest_ip");
  if (json_object_has_member (o, "src_port"))
    row->src_port = int_member (o, "src_port", 0);
  if (json_object_has_member (o, "dest_port"))
    row->dst_port = int_member (o, "dest_port", 0);
  row->host = string_member (o, "dest_ip") ?: string_member (o, "host") ?: "";
  if (http != NULL)
    set_site (row, string_member (http, "hostname"));
  return IOC_SOC_PARSED;
}

static IocSocResult
parse_wazuh (JsonObject   *o,
             JsonObject   *rule,
             IocSocAlert  *a,
             GError      **error)
{
  IocAlertRow *row = &a->row;
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
  row->source = "wazuh";
  set_severity (row, severity);
  row->category = categorise (description, NULL, groups);
  row->signature = description;
  row->signature_id = string_member (rule, "id");
  row->host = agent != NULL && string_member (agent, "name") ? string_member (agent, "name") : "";
  if (data != NULL)
    {
      row->src_ip = string_member (data, "srcip");
      row->dst_ip = string_member (data, "dstip");
      set_site (row, string_member (data, "hostname") ?: string_member (data, "url_host"));
    }
  return IOC_SOC_PARSED;
}

void
ioc_soc_alert_set_fold_key (IocSocAlert *a)
{
  const IocAlertRow *row = &a->row;
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA1);
  const char *parts[4] = {
    row->source != NULL ? row->source : "",
    row->signature_id != NULL ? row->signature_id : row->signature != NULL ? row->signature : "",
    row->src_ip != NULL ? row->src_ip : "",
    row->site != NULL ? row->site : row->dst_ip != NULL ? row->dst_ip : "",
  };

  /* The text "source|signature|src|target": keys stored by earlier
   * versions go on folding. */
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      if (i > 0)
        g_checksum_update (sum, (const guchar *) "|", 1);
      g_checksum_update (sum, (const guchar *) parts[i], -1);
    }
  gsize len = sizeof a->fold_digest;
  static const char hex[] = "0123456789abcdef";

  g_checksum_get_digest (sum, a->fold_digest, &len);
  for (guint i = 0; i < sizeof a->fold_digest; i++)
    {
      a->fold_key[2 * i] = hex[a->fold_digest[i] >> 4];
      a->fold_key[2 * i + 1] = hex[a->fold_digest[i] & 15];
    }
  a->fold_key[40] = '\0';
  a->row.fold_key = a->fold_key;
}

void
ioc_soc_alert_clear (IocSocAlert *a)
{
  g_clear_pointer (&a->record, json_node_unref);
  g_free (a->name);
  memset (a, 0, sizeof *a);
}

IocSocResult
ioc_soc_parse (const char   *line,
               gsize         len,
               IocSocAlert  *a,
               GError      **error)
{
  JsonObject *o, *rule;
  IocSocResult res;
  gint64 t = 0;

  memset (a, 0, sizeof *a);
  a->row.src_port = a->row.dst_port = -1;
  a->record = ioc_json_parse (line, len, error);
  if (a->record == NULL)
    return IOC_SOC_INVALID;
  if (!JSON_NODE_HOLDS_OBJECT (a->record))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "a line must be one JSON object");
      return IOC_SOC_INVALID;
    }
  o = json_node_get_object (a->record);
  rule = object_member (o, "rule");
  res = rule != NULL ? parse_wazuh (o, rule, a, error) : parse_eve (o, a, error);
  if (res != IOC_SOC_PARSED)
    return res;

  if (!parse_time (string_member (o, "timestamp"), &t))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "timestamp is missing or not ISO 8601");
      return IOC_SOC_INVALID;
    }
  a->row.time = t;
  ioc_soc_alert_set_fold_key (a);
  return IOC_SOC_PARSED;
}

static const char *
keep (GStringChunk *strings,
      const char   *s)
{
  return s != NULL ? g_string_chunk_insert (strings, s) : NULL;
}

void
ioc_soc_alert_detach (IocSocAlert  *a,
                      GStringChunk *strings)
{
  IocAlertRow *row = &a->row;

  if (a->record == NULL)
    return;
  /* source, severity, category, unit_id are static; signature_id may be
   * sid; the others come from the record or name. */
  row->host = keep (strings, row->host);
  row->site = keep (strings, row->site);
  row->src_ip = keep (strings, row->src_ip);
  row->dst_ip = keep (strings, row->dst_ip);
  row->signature = keep (strings, row->signature);
  if (row->signature_id != a->sid)
    row->signature_id = keep (strings, row->signature_id);
  g_clear_pointer (&a->record, json_node_unref);
  g_clear_pointer (&a->name, g_free);
}

char *
ioc_soc_alert_raw (IocSocAlert *a)
{
  return ioc_json_to_string (a->record);
}

static void
append_member (GString    *out,
               const char *name,
               const char *value)
{
  g_string_append_c (out, '"');
  g_string_append (out, name);
  g_string_append (out, "\":");
  if (value != NULL)
    ioc_json_append_string (out, value);
  else
    g_string_append (out, "null");
  g_string_append_c (out, ',');
}

static void
append_int_member (GString    *out,
                   const char *name,
                   gint64      value,
                   gboolean    present)
{
  g_string_append_c (out, '"');
  g_string_append (out, name);
  g_string_append (out, "\":");
  if (present)
    ioc_json_append_int (out, value);
  else
    g_string_append (out, "null");
  g_string_append_c (out, ',');
}

void
ioc_soc_alert_append_json (const IocSocAlert *a,
                           GString           *out)
{
  const IocAlertRow *row = &a->row;

  /* The members and order of GET /api/v1/alerts (ioc_entity_alerts). */
  g_string_append (out, "\"time\":\"");
  ioc_time_append (out, row->time);
  g_string_append (out, "\",\"last_seen\":\"");
  ioc_time_append (out, row->time);
  g_string_append (out, "\",");
  append_member (out, "source", row->source);
  append_member (out, "severity", row->severity);
  append_int_member (out, "severity_rank", row->severity_rank, TRUE);
  append_member (out, "category", row->category);
  append_member (out, "host", row->host);
  append_member (out, "site", row->site);
  append_member (out, "unit_id", row->unit_id);
  append_member (out, "src_ip", row->src_ip);
  append_int_member (out, "src_port", row->src_port, row->src_port >= 0);
  append_member (out, "dst_ip", row->dst_ip);
  append_int_member (out, "dst_port", row->dst_port, row->dst_port >= 0);
  append_member (out, "signature", row->signature);
  append_member (out, "signature_id", row->signature_id);
  g_string_append (out, "\"count\":1,\"status\":\"new\",\"assignee\":null}");
}
