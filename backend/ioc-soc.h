/* ioc-soc.h — SOC alerts from Suricata EVE and Wazuh, normalised
 *
 * One alert shape for every source:
 *   severity  critical (5) · high (4) · medium (3) · low (2) · info (1)
 *     Suricata alert.severity 1 → high, 2 → medium, 3 → low, other → info;
 *              a severity-1 alert of category malware_c2 or exploitation → critical.
 *     Suricata anomaly events → info (protocol decoder findings).
 *     Wazuh rule.level 0–3 → info, 4–7 → low, 8–11 → medium, 12–14 → high, 15 → critical.
 *   category  malware_c2 · vulnerability · exploitation · anomalous_host ·
 *             web_attack · ddos_l7 · other — from the signature, Suricata's
 *             classification (alert.category) and Wazuh's rule.groups.
 *   site      the HTTP host name when there is one; unit_id the agency that
 *             owns it (congan.daklak.gov.vn → Công an tỉnh, …).
 *
 * Which lines are alerts: Suricata event_type "alert" and "anomaly", and
 * every Wazuh alert. Other EVE records (dns, flow, http, tls, fileinfo,
 * stats, …) are traffic metadata, not alerts: they are counted as skipped,
 * not as errors.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum {
  IOC_SOC_PARSED,    /* an alert */
  IOC_SOC_SKIPPED,   /* a valid record that is not an alert */
  IOC_SOC_INVALID,   /* not JSON, or not an EVE/Wazuh record: see error */
} IocSocResult;

/* Parses one line (no newline needed). On IOC_SOC_PARSED, *out_alert is
 * a row for the alerts collection (without id, count, status). The one
 * entry point of the parser, as the fuzzer calls it. */
IocSocResult ioc_soc_parse_line (const char  *line,
                                 gsize        len,
                                 JsonObject **out_alert,
                                 GError     **error);

/* The folding key of an alert: a hex SHA-1 of (source, signature_id or
 * signature, src_ip, site or dst_ip). Alerts with the same key in the fold
 * window are one ongoing attack. */
char        *ioc_soc_fold_key      (JsonObject  *alert);

/* "critical" … "info" and 5 … 1. */
int          ioc_soc_severity_rank (const char *severity);

G_END_DECLS
