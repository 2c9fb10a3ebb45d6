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

#include "ioc-store.h"

typedef enum {
  IOC_SOC_PARSED,    /* an alert */
  IOC_SOC_SKIPPED,   /* a valid record that is not an alert */
  IOC_SOC_INVALID,   /* not JSON, or not an EVE/Wazuh record: see error */
} IocSocResult;

/* One parsed alert. row's strings point into record (until detached),
 * sid and fold_key, or are static: valid until the alert is cleared. */
typedef struct {
  IocAlertRow  row;        /* row.raw is NULL: see ioc_soc_alert_raw() */
  JsonNode    *record;     /* the parsed line */
  char         sid[48];    /* "gid:signature_id" of an EVE alert */
  char        *name;       /* the signature made for an EVE anomaly */
  /* The folding key: a hex SHA-1 of (source, signature_id or signature,
   * src_ip, site or dst_ip). Alerts with the same key in the fold window
   * are one ongoing attack. */
  char         fold_key[41];
  guint8       fold_digest[20];   /* the same, binary */
} IocSocAlert;

/* Parses one line (no newline needed) into @alert, which the caller
 * clears with ioc_soc_alert_clear() whatever the result. The entry point
 * of the ingest (on worker threads: it touches no shared state) and of
 * the fuzzer. */
IocSocResult ioc_soc_parse         (const char   *line,
                                    gsize         len,
                                    IocSocAlert  *alert,
                                    GError      **error);
void         ioc_soc_alert_clear   (IocSocAlert  *alert);
/* Copies row's strings into @strings and drops the parsed record: the
 * tree is freed where it was made (ingest workers), the row lives on. */
void         ioc_soc_alert_detach  (IocSocAlert  *alert,
                                    GStringChunk *strings);
/* Computes fold_key from row (and points row.fold_key at it): for rows
 * read back from the store. ioc_soc_parse() does it for parsed lines. */
void         ioc_soc_alert_set_fold_key (IocSocAlert *alert);
/* The record as compact JSON text: what the raw column keeps. */
char        *ioc_soc_alert_raw     (IocSocAlert  *alert);
/* Appends the new alert as the API shows it, without the leading '{' and
 * its id: `"time":…,…,"count":1,"status":"new","assignee":null}`. */
void         ioc_soc_alert_append_json (const IocSocAlert *alert,
                                        GString           *out);

/* "critical" … "info" and 5 … 1. */
int          ioc_soc_severity_rank (const char *severity);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (IocSocAlert, ioc_soc_alert_clear)

G_END_DECLS
