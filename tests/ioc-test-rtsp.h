/* ioc-test-rtsp.h — the simulated RTSP cameras (backend/sim/ioc-rtsp-sim)
 * for video tests and benchmarks
 *
 * Starts the real simulator (IOC_RTSP_SIM, or the build's path given at
 * compile time) on a free loopback port, reads the port it bound, and
 * drives it through its standard input ("stop cam-001", "start cam-001").
 * Everything it starts it stops. Also: small loopback servers that are not
 * cameras, for the bad-input tests, and a wait helper for GTK tests.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
  GSubprocess      *proc;
  GOutputStream    *in;
  GDataInputStream *out;
  guint             port;
} IocTestRtsp;

/* ioc-rtsp-sim --port 0 --cameras N [extra args…]; aborts when it fails. */
IocTestRtsp *ioc_test_rtsp_start     (guint               n_cameras,
                                      const char *const  *extra_args);
/* "rtsp://127.0.0.1:PORT/ID" (@sub: "…/ID-sub"). */
char        *ioc_test_rtsp_uri       (IocTestRtsp        *sim,
                                      const char         *id,
                                      gboolean            sub);
/* Sends "stop ID" / "start ID" and waits for the answer. */
void         ioc_test_rtsp_command   (IocTestRtsp        *sim,
                                      const char         *verb,
                                      const char         *id);
void         ioc_test_rtsp_free      (IocTestRtsp        *sim);

/* A loopback TCP server that accepts connections and never answers
 * (a camera that hangs), and one that answers every request in HTTP (not
 * a camera). Both run on the default main context. */
GSocketService *ioc_test_silent_server_new (guint *port);
GSocketService *ioc_test_http_server_new   (guint *port);

/* GStreamer 1.22's rtspsrc sometimes logs "gst_event_set_seqnum: assertion
 * 'seqnum != GST_SEQNUM_INVALID' failed" from its own thread when a
 * pipeline is stopped while RTP still arrives (an upstream race; the
 * pipeline stops cleanly all the same). Under G_DEBUG=fatal-criticals this
 * one message is counted instead of aborting; every other critical stays
 * fatal. Call after g_test_init(); GTest forgets it at each test case, so
 * add the test cases with ioc_test_add_video_func(), which sets it again. */
void         ioc_test_tolerate_rtspsrc_seqnum (void);
void         ioc_test_add_video_func          (const char *path,
                                               GTestFunc   func);
/* How many times it was seen. */
guint        ioc_test_rtspsrc_seqnum_count    (void);

/* Runs the default main context until cond(data) or @timeout_ms pass
 * (times IOC_TEST_TIMEOUT_SCALE when set, for runs under valgrind). */
gboolean     ioc_test_until          (gboolean          (*cond) (gpointer),
                                      gpointer            data,
                                      guint               timeout_ms);
/* Runs the default main context for @ms. */
void         ioc_test_settle         (guint               ms);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IocTestRtsp, ioc_test_rtsp_free)

G_END_DECLS
