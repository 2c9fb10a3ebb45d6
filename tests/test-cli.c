/* test-cli.c — `iocd user add|passwd|list`, then signing in with the result */
#include "ioc-test-server.h"

#include <glib/gstdio.h>
#include <string.h>

static int
run (const char  *db,
     const char  *input,
     char       **out,
     char       **err,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  va_list ap;
  const char *arg;

  g_ptr_array_add (argv, (gpointer) g_getenv ("IOCD_BIN"));
  g_ptr_array_add (argv, (gpointer) "--database");
  g_ptr_array_add (argv, (gpointer) db);
  va_start (ap, err);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  proc = g_subprocess_newv ((const char *const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                            G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, input, NULL, out, err, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (proc);
}

static void
test_users (void)
{
  IocTestServer *srv = ioc_test_server_start (FALSE, NULL);
  char *out = NULL, *err = NULL;
  g_autofree char *token = NULL;

  /* The server has the database open: the CLI works beside it (WAL). */
  g_assert_cmpint (run (srv->db_path, "first-pass-1\n", &out, &err, "user", "add", "an.nguyen", "--role", "supervisor", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "an.nguyen"));
  g_clear_pointer (&out, g_free); g_clear_pointer (&err, g_free);

  /* Refusals say why, and change nothing. */
  g_assert_cmpint (run (srv->db_path, "short\n", &out, &err, "user", "add", "binh", "--role", "duty", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "at least 8 characters"));
  g_clear_pointer (&out, g_free); g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (srv->db_path, "whatever-long\n", &out, &err, "user", "add", "binh", "--role", "king", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "role must be"));
  g_clear_pointer (&out, g_free); g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (srv->db_path, "first-pass-1\n", &out, &err, "user", "add", "an.nguyen", "--role", "duty", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "taken"));
  g_clear_pointer (&out, g_free); g_clear_pointer (&err, g_free);
  g_assert_cmpint (ioc_test_count_rows (srv, "users"), ==, 1);

  token = ioc_test_login (srv, "an.nguyen", "first-pass-1");
  g_assert_nonnull (token);

  /* A new password ends the account's sessions. */
  g_assert_cmpint (run (srv->db_path, "second-pass-2\n", &out, &err, "user", "passwd", "an.nguyen", NULL), ==, 0);
  g_clear_pointer (&out, g_free); g_clear_pointer (&err, g_free);
  {
    guint status = 0;
    g_autoptr(JsonNode) me = ioc_test_request (srv, "GET", "/api/v1/me", token, NULL, &status);
    g_assert_cmpuint (status, ==, 401);
  }
  g_free (token);
  token = ioc_test_login (srv, "an.nguyen", "second-pass-2");

  g_assert_cmpint (run (srv->db_path, NULL, &out, &err, "user", "list", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "an.nguyen"));
  g_assert_nonnull (strstr (out, "supervisor"));
  g_clear_pointer (&out, g_free); g_clear_pointer (&err, g_free);

  g_assert_cmpint (run (srv->db_path, NULL, &out, &err, "user", "passwd", "nobody", NULL), ==, 1);
  g_clear_pointer (&out, g_free); g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (srv->db_path, NULL, &out, &err, "frobnicate", NULL), ==, 2);
  g_clear_pointer (&out, g_free); g_clear_pointer (&err, g_free);

  /* The CLI's changes are audited too. */
  {
    guint status = 0;
    g_autofree char *admin_token = NULL;
    g_assert_cmpint (run (srv->db_path, "admin-pass-99\n", &out, &err, "user", "add", "root.admin", "--role", "admin", NULL), ==, 0);
    g_clear_pointer (&out, g_free); g_clear_pointer (&err, g_free);
    admin_token = ioc_test_login (srv, "root.admin", "admin-pass-99");
    {
      g_autoptr(JsonNode) audit = ioc_test_request (srv, "GET", "/api/v1/audit?action=user.passwd", admin_token, NULL, &status);
      g_assert_cmpuint (status, ==, 200);
      g_assert_cmpint (json_object_get_int_member (json_node_get_object (audit), "total"), ==, 1);
    }
  }
  ioc_test_server_free (srv);
}

static void
test_help (void)
{
  char *out = NULL, *err = NULL;
  g_autofree char *dir = g_dir_make_tmp ("iocd-help-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "x.db", NULL);

  g_assert_cmpint (run (db, NULL, &out, &err, "--help", NULL), ==, 0);
  for (const char *const *w = (const char *const[]) { "--listen", "--database", "--demo", "--config",
                                                      "user add", "user passwd", "user list", NULL }; *w; w++)
    g_assert_nonnull (strstr (out, *w));
  g_free (out); g_free (err);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/users", test_users);
  g_test_add_func ("/cli/help", test_help);
  return g_test_run ();
}
