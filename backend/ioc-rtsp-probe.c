/* ioc-rtsp-probe.c — see ioc-rtsp-probe.h
 *
 * GStreamer's RTSP library (GstRTSPConnection) does the protocol. It needs
 * no gst_init(): its debug categories are made on first use, and nothing
 * here loads a plugin, so iocd does not scan the plugin registry.
 */
#define G_LOG_DOMAIN "iocd"

#include "config.h"

#include "ioc-rtsp-probe.h"

#include <gst/rtsp/rtsp.h>
#include <gst/sdp/sdp.h>
#include <string.h>

typedef struct {
  GstRTSPConnection *conn;
  GstRTSPUrl        *url;
  char              *request_uri;
  gint64             deadline;
  guint              cseq;
} Probe;

static gint64
remaining (Probe *p)
{
  return p->deadline - g_get_monotonic_time ();
}

static void
set_result (IocRtspProbe *out,
            gboolean      online,
            const char   *format,
            ...) G_GNUC_PRINTF (3, 4);

static void
set_result (IocRtspProbe *out,
            gboolean      online,
            const char   *format,
            ...)
{
  va_list args;

  g_free (out->detail);
  va_start (args, format);
  out->detail = g_strdup_vprintf (format, args);
  va_end (args);
  out->online = online;
}

/* GstRTSPConnection only says "generic error" when a connect fails at
 * once; ask GIO why (refused, unknown host, unreachable), which is what an
 * operator needs to read. */
static char *
why_connect_failed (Probe        *p,
                    GCancellable *cancellable)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) c = NULL;
  g_autoptr(GError) error = NULL;
  gint64 left = remaining (p);

  if (left <= 0)
    return g_strdup ("timeout");
  g_socket_client_set_timeout (client, MAX (1, (guint) (left / G_USEC_PER_SEC)));
  c = g_socket_client_connect_to_host (client, p->url->host, p->url->port, cancellable, &error);
  if (c != NULL)
    return g_strdup ("the connection failed");
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    return g_strdup ("connection refused");
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_strdup ("timeout");
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE))
    return g_strdup ("host unreachable");
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE))
    return g_strdup ("network unreachable");
  if (error->domain == G_RESOLVER_ERROR)
    return g_strdup_printf ("unknown host %s", p->url->host);
  return g_strdup (error->message);
}

static const char *
result_text (GstRTSPResult res)
{
  switch (res)
    {
    case GST_RTSP_ETIMEOUT:
      return "timeout";
    case GST_RTSP_EEOF:
      return "the camera closed the connection";
    case GST_RTSP_EPARSE:
    case GST_RTSP_EINVAL:
      return "not an RTSP server (the answer is not RTSP)";
    case GST_RTSP_EINTR:
      return "cancelled";
    default:
      return "the connection failed";
    }
}

/* Sends @method and waits for its answer (skipping anything else the
 * server sends); GST_RTSP_OK with @resp filled, or the failure. */
static GstRTSPResult
transact (Probe          *p,
          GstRTSPMethod   method,
          GstRTSPMessage *resp)
{
  GstRTSPMessage *req = NULL;
  g_autofree char *cseq = g_strdup_printf ("%u", ++p->cseq);
  GstRTSPResult res;

  res = gst_rtsp_message_new_request (&req, method, p->request_uri);
  if (res != GST_RTSP_OK)
    return res;
  gst_rtsp_message_add_header (req, GST_RTSP_HDR_CSEQ, cseq);
  gst_rtsp_message_add_header (req, GST_RTSP_HDR_USER_AGENT, "iocd/" PACKAGE_VERSION " (camera health)");
  if (method == GST_RTSP_DESCRIBE)
    gst_rtsp_message_add_header (req, GST_RTSP_HDR_ACCEPT, "application/sdp");
  if (remaining (p) <= 0)
    {
      gst_rtsp_message_free (req);
      return GST_RTSP_ETIMEOUT;
    }
  res = gst_rtsp_connection_send_usec (p->conn, req, remaining (p));
  gst_rtsp_message_free (req);
  if (res != GST_RTSP_OK)
    return res;

  for (guint tries = 0; tries < 8; tries++)
    {
      gchar *got = NULL;

      gst_rtsp_message_unset (resp);
      if (remaining (p) <= 0)
        return GST_RTSP_ETIMEOUT;
      res = gst_rtsp_connection_receive_usec (p->conn, resp, remaining (p));
      if (res != GST_RTSP_OK)
        return res;
      if (gst_rtsp_message_get_type (resp) != GST_RTSP_MESSAGE_RESPONSE)
        continue;
      /* A server that sends no CSeq still answered us. */
      if (gst_rtsp_message_get_header (resp, GST_RTSP_HDR_CSEQ, &got, 0) != GST_RTSP_OK ||
          g_strcmp0 (got, cseq) == 0)
        return GST_RTSP_OK;
    }
  return GST_RTSP_EPARSE;
}

static GstRTSPStatusCode
status_of (GstRTSPMessage *resp,
           const char    **reason)
{
  GstRTSPStatusCode code = GST_RTSP_STS_INVALID;
  GstRTSPVersion version;

  *reason = NULL;
  gst_rtsp_message_parse_response (resp, &code, (const gchar **) reason, &version);
  if (*reason == NULL || **reason == '\0')
    *reason = gst_rtsp_status_as_text (code);
  return code;
}

/* Answers a 401 with the URI's credentials; FALSE when it cannot. */
static gboolean
setup_auth (Probe          *p,
            GstRTSPMessage *resp)
{
  GstRTSPAuthCredential **creds;
  GstRTSPAuthCredential *digest = NULL, *basic = NULL;
  gboolean ok = FALSE;

  if (p->url->user == NULL)
    return FALSE;
  creds = gst_rtsp_message_parse_auth_credentials (resp, GST_RTSP_HDR_WWW_AUTHENTICATE);
  for (GstRTSPAuthCredential **c = creds; c != NULL && *c != NULL; c++)
    {
      if ((*c)->scheme == GST_RTSP_AUTH_DIGEST && digest == NULL)
        digest = *c;
      else if ((*c)->scheme == GST_RTSP_AUTH_BASIC && basic == NULL)
        basic = *c;
    }
  if (digest != NULL)
    {
      gst_rtsp_connection_clear_auth_params (p->conn);
      for (GstRTSPAuthParam **param = digest->params; param != NULL && *param != NULL; param++)
        gst_rtsp_connection_set_auth_param (p->conn, (*param)->name, (*param)->value);
      ok = gst_rtsp_connection_set_auth (p->conn, GST_RTSP_AUTH_DIGEST, p->url->user,
                                         p->url->passwd != NULL ? p->url->passwd : "") == GST_RTSP_OK;
    }
  else if (basic != NULL)
    ok = gst_rtsp_connection_set_auth (p->conn, GST_RTSP_AUTH_BASIC, p->url->user,
                                       p->url->passwd != NULL ? p->url->passwd : "") == GST_RTSP_OK;
  if (creds != NULL)
    gst_rtsp_auth_credentials_free (creds);
  return ok;
}

/* What a DESCRIBE's SDP offers: "video H264", or NULL without video. */
static char *
describe_sdp (GstRTSPMessage *resp)
{
  guint8 *body = NULL;
  guint size = 0;
  GstSDPMessage *sdp = NULL;
  char *found = NULL;

  if (gst_rtsp_message_get_body (resp, &body, &size) != GST_RTSP_OK || size == 0)
    return NULL;
  if (gst_sdp_message_new (&sdp) != GST_SDP_OK)
    return NULL;
  if (gst_sdp_message_parse_buffer (body, size, sdp) == GST_SDP_OK)
    for (guint i = 0; i < gst_sdp_message_medias_len (sdp) && found == NULL; i++)
      {
        const GstSDPMedia *m = gst_sdp_message_get_media (sdp, i);
        const char *rtpmap;
        if (g_strcmp0 (gst_sdp_media_get_media (m), "video") != 0)
          continue;
        rtpmap = gst_sdp_media_get_attribute_val (m, "rtpmap");
        if (rtpmap != NULL && strchr (rtpmap, ' ') != NULL)
          {
            const char *enc = strchr (rtpmap, ' ') + 1;
            const char *slash = strchr (enc, '/');
            found = g_strdup_printf ("video %.*s", slash != NULL ? (int) (slash - enc) : (int) strlen (enc), enc);
          }
        else
          found = g_strdup ("video");
      }
  gst_sdp_message_free (sdp);
  return found;
}

static void
run (Probe         *p,
     GCancellable  *cancellable,
     IocRtspProbe  *out)
{
  GstRTSPMessage resp = { 0 };
  GstRTSPStatusCode code;
  const char *reason;
  GstRTSPResult res;

  gst_rtsp_message_init (&resp);
  res = gst_rtsp_connection_connect_usec (p->conn, MAX (1, remaining (p)));
  if (res != GST_RTSP_OK)
    {
      g_autofree char *why = res == GST_RTSP_ETIMEOUT ? g_strdup ("timeout") : why_connect_failed (p, cancellable);
      set_result (out, FALSE, "%s", why);
      goto out;
    }

  /* OPTIONS: is it an RTSP server at all? Any status will do. */
  res = transact (p, GST_RTSP_OPTIONS, &resp);
  if (res != GST_RTSP_OK)
    {
      set_result (out, FALSE, "%s", result_text (res));
      goto out;
    }

  /* DESCRIBE: is this mount live? */
  res = transact (p, GST_RTSP_DESCRIBE, &resp);
  if (res == GST_RTSP_OK && status_of (&resp, &reason) == GST_RTSP_STS_UNAUTHORIZED && setup_auth (p, &resp))
    res = transact (p, GST_RTSP_DESCRIBE, &resp);
  if (res != GST_RTSP_OK)
    {
      set_result (out, FALSE, "%s", result_text (res));
      goto out;
    }
  code = status_of (&resp, &reason);
  if (code == GST_RTSP_STS_OK)
    {
      g_autofree char *media = describe_sdp (&resp);
      if (media != NULL)
        set_result (out, TRUE, "RTSP 200 %s, %s", reason, media);
      else
        set_result (out, FALSE, "RTSP 200 %s, but no video stream in the SDP", reason);
    }
  else if (code == GST_RTSP_STS_UNAUTHORIZED)
    set_result (out, FALSE, "RTSP 401 %s: %s", reason,
                p->url->user != NULL ? "the credentials in the URI were refused" : "the camera wants credentials");
  else
    set_result (out, FALSE, "RTSP %d %s", code, reason);

out:
  gst_rtsp_message_unset (&resp);
}

void
ioc_rtsp_probe_run (const char    *uri,
                    gint64         timeout_us,
                    GCancellable  *cancellable,
                    IocRtspProbe  *out)
{
  Probe p = { 0 };
  gint64 t0 = g_get_monotonic_time ();

  memset (out, 0, sizeof *out);
  p.deadline = t0 + timeout_us;
  if (uri == NULL || *uri == '\0')
    {
      set_result (out, FALSE, "no RTSP URI registered");
      return;
    }
  if (g_ascii_strncasecmp (uri, "rtsp", 4) != 0 || gst_rtsp_url_parse (uri, &p.url) != GST_RTSP_OK ||
      p.url->host == NULL || *p.url->host == '\0')
    {
      set_result (out, FALSE, "not an RTSP URI");
      g_clear_pointer (&p.url, gst_rtsp_url_free);
      return;
    }
  if (g_cancellable_is_cancelled (cancellable))
    {
      set_result (out, FALSE, "cancelled");
      gst_rtsp_url_free (p.url);
      return;
    }
  p.request_uri = gst_rtsp_url_get_request_uri (p.url);
  if (gst_rtsp_connection_create (p.url, &p.conn) != GST_RTSP_OK)
    set_result (out, FALSE, "not an RTSP URI");
  else
    {
      run (&p, cancellable, out);
      gst_rtsp_connection_close (p.conn);
      gst_rtsp_connection_free (p.conn);
    }
  out->rtt_us = g_get_monotonic_time () - t0;
  g_free (p.request_uri);
  gst_rtsp_url_free (p.url);
}

void
ioc_rtsp_probe_clear (IocRtspProbe *probe)
{
  g_clear_pointer (&probe->detail, g_free);
}
