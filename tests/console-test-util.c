/* console-test-util.c — see console-test-util.h */
#include "console-test-util.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

IocTestServer *ct_srv;
IocApplication *ct_app;

gboolean
ct_wait_until (gboolean (*cond) (gpointer),
               gpointer  data,
               guint     timeout_ms)
{
  gint64 until = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!cond (data))
    {
      if (g_get_monotonic_time () > until)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  return TRUE;
}

void
ct_settle (guint ms)
{
  gint64 until = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

GPtrArray *
ct_console_windows (void)
{
  GPtrArray *out = g_ptr_array_new ();

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (ct_app)); l != NULL; l = l->next)
    if (IOC_IS_WINDOW (l->data))
      g_ptr_array_add (out, l->data);
  return out;
}

IocWindow *
ct_window_with_wall (const char *wall)
{
  g_autoptr(GPtrArray) w = ct_console_windows ();

  for (guint i = 0; i < w->len; i++)
    if (wall == NULL || g_strcmp0 (ioc_window_get_wall (w->pdata[i]), wall) == 0)
      return w->pdata[i];
  return NULL;
}

IocWindow *
ct_window_on_monitor (guint index)
{
  GListModel *monitors = gdk_display_get_monitors (gdk_display_get_default ());
  g_autoptr(GdkMonitor) m = g_list_model_get_item (monitors, index);
  g_autofree char *key = m != NULL ? ioc_monitor_key (m) : NULL;
  g_autoptr(GPtrArray) w = ct_console_windows ();

  for (guint i = 0; i < w->len; i++)
    if (g_strcmp0 (ioc_window_get_monitor_key (w->pdata[i]), key) == 0)
      return w->pdata[i];
  return NULL;
}

GtkWidget *
ct_wall (const char *shown,
         const char *name)
{
  IocWindow *win = ct_window_with_wall (shown);

  g_assert_nonnull (win);
  return ioc_window_get_wall_widget (win, name);
}

char *
ct_screenshot (const char *name)
{
  const char *dir = g_getenv ("IOC_SCREENSHOT_DIR");
  const char *suffix = g_getenv ("IOC_SCREENSHOT_SUFFIX");
  g_autofree char *path = NULL;
  g_autofree char *cmd = NULL;
  int status = 0;

  if (dir == NULL)
    return NULL;
  g_mkdir_with_parents (dir, 0755);
  if (suffix != NULL)
    {
      /* map-wall.png → map-wall-vi.png */
      g_autofree char *base = g_strndup (name, strlen (name) - 4);
      path = g_strdup_printf ("%s/%s-%s.png", dir, base, suffix);
    }
  else
    path = g_build_filename (dir, name, NULL);
  /* The pointer in a corner: no tooltip over what is photographed. */
  g_spawn_command_line_sync ("xdotool mousemove 2559 719", NULL, NULL, NULL, NULL);
  ct_settle (1500);   /* tiles and layout */
  cmd = g_strdup_printf ("import -window root %s", path);
  g_assert_true (g_spawn_command_line_sync (cmd, NULL, NULL, &status, NULL));
  g_assert_cmpint (status, ==, 0);
  return g_steal_pointer (&path);
}

gint64
ct_api_total (const char *token,
              const char *path)
{
  guint status = 0;
  g_autoptr(JsonNode) n = ioc_test_request (ct_srv, "GET", path, token, NULL, &status);

  g_assert_cmpuint (status, ==, 200);
  return json_object_get_int_member (json_node_get_object (n), "total");
}

static gboolean
models_loaded (gpointer data)
{
  return ioc_models_is_loaded (data);
}

static void
on_login_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ioc_client_login_finish (IOC_CLIENT (source), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

IocModels *
ct_second_console (const char *user)
{
  return ct_models_signed_in (ct_srv->base_url, user);
}

IocModels *
ct_models_signed_in (const char *base_url,
                     const char *user)
{
  g_autoptr(IocClient) client = ioc_client_new (base_url);
  IocModels *models;
  gboolean done = FALSE;

  ioc_client_login_async (client, user, ioc_test_demo_password (user), NULL, on_login_done, &done);
  g_assert_true (ioc_test_wait (&done, 10000));
  models = ioc_models_new (client);
  ioc_models_load (models);
  g_assert_true (ct_wait_until (models_loaded, models, 20000));
  return models;
}

gint64
ct_ingest_eve (const char *ndjson)
{
  g_autofree char *admin = ioc_test_login (ct_srv, "admin", "admin-demo-1022");
  g_autoptr(GBytes) body = g_bytes_new (ndjson, strlen (ndjson));
  guint status = 0;
  g_autoptr(JsonNode) answer = ioc_test_request_raw (ct_srv, "POST", "/api/v1/ingest/eve", admin, "application/x-ndjson",
                                                     body, &status, NULL);

  g_assert_cmpuint (status, ==, 200);
  return ct_api_total (admin, "/api/v1/alerts?limit=1");
}

char *
ct_eve_line (double      hours_ago,
             int         severity,
             const char *signature,
             const char *category,
             const char *site,
             const char *src_ip)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) t = g_date_time_add_seconds (now, -hours_ago * 3600);
  g_autofree char *when = g_date_time_format (t, "%Y-%m-%dT%H:%M:%S+0000");

  return g_strdup_printf ("{\"timestamp\":\"%s\",\"event_type\":\"alert\",\"src_ip\":\"%s\",\"dest_ip\":\"203.0.113.20\","
                          "\"alert\":{\"signature_id\":%u,\"signature\":\"%s\",\"category\":\"%s\",\"severity\":%d},"
                          "\"http\":{\"hostname\":\"%s\"}}\n",
                          when, src_ip, g_str_hash (signature) % 1000000 + 2000000, signature, category, severity, site);
}

guint
ct_ingest_soc_day (void)
{
  static const struct {
    double      hours_ago;
    int         severity;
    const char *signature;
    const char *category;
    const char *site;
  } day[] = {
    { 22.5, 2, "ET WEB_SERVER Possible SQL Injection Attempt UNION SELECT", "Web Application Attack", "dichvucong.daklak.gov.vn" },
    { 21.2, 3, "ET SCAN Nmap Scripting Engine User-Agent Detected", "Attempted Information Leak", "congan.daklak.gov.vn" },
    { 19.8, 2, "ET WEB_SERVER Cross Site Scripting Attempt", "Web Application Attack", "cumgar.daklak.gov.vn" },
    { 18.1, 1, "ET EXPLOIT Apache Log4j RCE Attempt (CVE-2021-44228)", "Attempted Administrator Privilege Gain", "eakar.daklak.gov.vn" },
    { 16.4, 2, "ET POLICY Vulnerable Apache Struts version (CVE-2017-5638)", "Potentially Bad Traffic", "lak.daklak.gov.vn" },
    { 14.0, 3, "ET DOS Possible HTTP Flood on /tra-cuu", "Attempted Denial of Service", "dichvucong.daklak.gov.vn" },
    { 12.7, 2, "ET WEB_SERVER Possible SQL Injection Attempt OR 1=1", "Web Application Attack", "easup.daklak.gov.vn" },
    { 11.3, 1, "ET MALWARE Dridex CnC Checkin", "A Network Trojan was detected", "congan.daklak.gov.vn" },
    { 9.6, 2, "ET WEB_SERVER ColdFusion administrator access", "Web Application Attack", "ldld.daklak.gov.vn" },
    { 8.2, 3, "ET SCAN Suspicious inbound to MSSQL port 1433", "Potentially Bad Traffic", "congan.daklak.gov.vn" },
    { 6.5, 2, "ET WEB_SERVER Possible XSS in URI", "Web Application Attack", "dichvucong.daklak.gov.vn" },
    { 5.1, 3, "ET POLICY Outdated OpenSSL (CVE-2022-0778)", "Potentially Bad Traffic", "cumgar.daklak.gov.vn" },
    { 3.4, 2, "ET DOS Slowloris HTTP flood", "Attempted Denial of Service", "eakar.daklak.gov.vn" },
    { 2.2, 3, "ET WEB_SERVER Possible SQL Injection Attempt SELECT FROM", "Web Application Attack", "congan.daklak.gov.vn" },
    { 1.1, 2, "ET EXPLOIT Possible Shellcode in HTTP POST", "Executable code was detected", "lak.daklak.gov.vn" },
    { 0.4, 3, "ET WEB_SERVER Script tag in URI, possible XSS", "Web Application Attack", "congan.daklak.gov.vn" },
  };
  g_autoptr(GString) lines = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (day); i++)
    {
      g_autofree char *src = g_strdup_printf ("198.51.100.%u", 10 + i);
      g_autofree char *line = ct_eve_line (day[i].hours_ago, day[i].severity, day[i].signature, day[i].category,
                                           day[i].site, src);
      g_string_append (lines, line);
    }
  ct_ingest_eve (lines->str);
  return G_N_ELEMENTS (day);
}

gboolean
ct_report_has_status (IocModels  *models,
                      const char *id,
                      const char *status)
{
  IocRecord *r = ioc_record_list_lookup (ioc_models_get_reports (models), id);
  return r != NULL && g_strcmp0 (ioc_record_get_string (r, "status"), status) == 0;
}

char *
ct_create_report (const char *json)
{
  g_autofree char *duty = ioc_test_login (ct_srv, "duty", "duty-demo-1022");
  guint status = 0;
  g_autoptr(JsonNode) created = ioc_test_request (ct_srv, "POST", "/api/v1/reports", duty, json, &status);

  g_assert_cmpuint (status, ==, 201);
  return g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (json_node_get_object (created), "id"));
}

static gboolean
walls_ready (gpointer data)
{
  IocModels *m = ioc_application_get_models (ct_app);
  g_autoptr(GPtrArray) w = NULL;
  guint mapped = 0;

  if (m == NULL || !ioc_models_is_loaded (m))
    return FALSE;
  w = ct_console_windows ();
  for (guint i = 0; i < w->len; i++)
    if (gtk_widget_get_mapped (w->pdata[i]))
      mapped++;
  return mapped == 2;
}

void
ct_init_locale (void)
{
  setlocale (LC_ALL, "");
  if (g_getenv ("IOC_LOCALEDIR") != NULL)
    bindtextdomain (GETTEXT_PACKAGE, g_getenv ("IOC_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

void
ct_init (int         *argc,
         char      ***argv,
         const char  *user)
{
  g_autoptr(GError) error = NULL;

  ct_init_locale ();
  g_test_init (argc, argv, NULL);
  /* No sound card on the test server: the alarm plays into a fakesink
   * that keeps time, so it still plays to its end. */
  g_setenv ("IOC_AUDIO_SINK", "fakesink sync=true", FALSE);

  ct_srv = ioc_test_server_start (TRUE, NULL);
  ct_app = ioc_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (ct_app), NULL, &error));
  g_assert_no_error (error);
  ioc_application_sign_in (ct_app, ct_srv->base_url, user, ioc_test_demo_password (user));
  g_assert_true (ct_wait_until (walls_ready, NULL, 30000));
}

int
ct_run_and_finish (void)
{
  int ret = g_test_run ();

  g_application_quit (G_APPLICATION (ct_app));
  g_clear_object (&ct_app);
  ioc_test_server_free (ct_srv);
  return ret;
}
