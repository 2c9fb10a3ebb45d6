/* test-rtsp-probe.c — the camera health probe against an RTSP server with
 * credentials, as real cameras have them
 *
 * An in-process gst-rtsp-server on a free loopback port with one mount
 * that needs a user and password (Digest, then Basic); the probe
 * (ioc-rtsp-probe.h, run in a thread as iocd runs it) must answer the 401
 * challenge with the credentials of the URI, and say clearly when they are
 * missing or wrong. A mount that does not exist is 404 behind the same
 * authentication.
 */
#include "ioc-rtsp-probe.h"

#include <gst/gst.h>
#include <gst/rtsp-server/rtsp-server.h>
#include <string.h>

typedef struct {
  char         *uri;
  IocRtspProbe  result;
  gboolean      done;
} Job;

static void
probe_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Job *j = task_data;

  ioc_rtsp_probe_run (j->uri, 10 * G_USEC_PER_SEC, NULL, &j->result);
  g_task_return_boolean (task, TRUE);
}

static void
probe_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  ((Job *) user_data)->done = TRUE;
}

/* Probes @uri in a worker thread while this thread serves RTSP. */
static Job *
probe (const char *uri)
{
  Job *j = g_new0 (Job, 1);
  g_autoptr(GTask) task = g_task_new (NULL, NULL, probe_done, j);
  gint64 until = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  j->uri = g_strdup (uri);
  g_task_set_task_data (task, j, NULL);
  g_task_run_in_thread (task, probe_thread);
  while (!j->done && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (j->done);
  return j;
}

static void
job_free (Job *j)
{
  g_free (j->uri);
  ioc_rtsp_probe_clear (&j->result);
  g_free (j);
}

static void
expect (const char *uri,
        gboolean    online,
        const char *detail)
{
  Job *j = probe (uri);

  if (j->result.online != online || strstr (j->result.detail, detail) == NULL)
    g_error ("%s: expected %s with “%s”, got %s: %s", uri, online ? "online" : "offline", detail,
             j->result.online ? "online" : "offline", j->result.detail);
  job_free (j);
}

static GstRTSPServer *
server_new (guint *port)
{
  GstRTSPServer *server = gst_rtsp_server_new ();
  g_autoptr(GstRTSPMountPoints) mounts = gst_rtsp_server_get_mount_points (server);
  GstRTSPMediaFactory *factory = gst_rtsp_media_factory_new ();

  gst_rtsp_server_set_address (server, "127.0.0.1");
  gst_rtsp_server_set_service (server, "0");
  gst_rtsp_media_factory_set_launch (factory,
    "( videotestsrc is-live=true ! video/x-raw,format=I420,width=160,height=96,framerate=5/1 "
    "! x264enc tune=zerolatency speed-preset=ultrafast ! rtph264pay name=pay0 pt=96 )");
  gst_rtsp_media_factory_set_shared (factory, FALSE);
  gst_rtsp_media_factory_add_role (factory, "camera-user",
                                   GST_RTSP_PERM_MEDIA_FACTORY_ACCESS, G_TYPE_BOOLEAN, TRUE,
                                   GST_RTSP_PERM_MEDIA_FACTORY_CONSTRUCT, G_TYPE_BOOLEAN, TRUE, NULL);
  gst_rtsp_mount_points_add_factory (mounts, "/cam", factory);
  g_assert_cmpuint (gst_rtsp_server_attach (server, NULL), >, 0);
  *port = (guint) gst_rtsp_server_get_bound_port (server);
  return server;
}

static void
use_auth (GstRTSPServer     *server,
          GstRTSPAuthMethod  method)
{
  g_autoptr(GstRTSPAuth) auth = gst_rtsp_auth_new ();
  GstRTSPToken *token = gst_rtsp_token_new (GST_RTSP_TOKEN_MEDIA_FACTORY_ROLE, G_TYPE_STRING, "camera-user", NULL);

  gst_rtsp_auth_set_supported_methods (auth, method);
  if (method == GST_RTSP_AUTH_DIGEST)
    gst_rtsp_auth_add_digest (auth, "ioc", "s3cret-pass", token);
  else
    {
      g_autofree char *basic = gst_rtsp_auth_make_basic ("ioc", "s3cret-pass");
      gst_rtsp_auth_add_basic (auth, basic, token);
    }
  gst_rtsp_token_unref (token);
  gst_rtsp_server_set_auth (server, auth);
}

static void
test_credentials (void)
{
  guint port = 0;
  g_autoptr(GstRTSPServer) server = server_new (&port);
  g_autofree char *good = g_strdup_printf ("rtsp://ioc:s3cret-pass@127.0.0.1:%u/cam", port);
  g_autofree char *wrong = g_strdup_printf ("rtsp://ioc:guess@127.0.0.1:%u/cam", port);
  g_autofree char *none = g_strdup_printf ("rtsp://127.0.0.1:%u/cam", port);
  g_autofree char *missing = g_strdup_printf ("rtsp://ioc:s3cret-pass@127.0.0.1:%u/nothing", port);

  /* No authentication at all first: the plain path. */
  expect (none, TRUE, "RTSP 200");

  use_auth (server, GST_RTSP_AUTH_DIGEST);
  expect (good, TRUE, "video H264");
  expect (wrong, FALSE, "RTSP 401");
  expect (wrong, FALSE, "refused");
  expect (none, FALSE, "wants credentials");
  expect (missing, FALSE, "RTSP 404");

  use_auth (server, GST_RTSP_AUTH_BASIC);
  expect (good, TRUE, "RTSP 200");
  expect (wrong, FALSE, "RTSP 401");
}

int
main (int    argc,
      char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/rtsp-probe/credentials", test_credentials);
  return g_test_run ();
}
