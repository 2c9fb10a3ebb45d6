/* ioc-rtsp-probe.h — is an RTSP camera serving its stream?
 *
 * Blocking (call it from a worker thread): connects to the URI's host,
 * sends OPTIONS (any RTSP answer proves an RTSP server is there) and then
 * DESCRIBE (200 with an SDP that has a video stream proves the mount is
 * live; a stopped or unknown mount answers 404). Credentials in the URI
 * (rtsp://user:pass@host/…) answer a 401 challenge, Digest or Basic.
 * The whole probe takes at most @timeout_us.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
  gboolean online;
  char    *detail;   /* "RTSP 200 OK, video H264", "RTSP 404 Not Found",
                        "connection refused", "timeout", "not an RTSP server" … */
  gint64   rtt_us;   /* the probe's duration */
} IocRtspProbe;

void ioc_rtsp_probe_run   (const char    *uri,
                           gint64         timeout_us,
                           GCancellable  *cancellable,
                           IocRtspProbe  *out);
void ioc_rtsp_probe_clear (IocRtspProbe  *probe);

G_END_DECLS
